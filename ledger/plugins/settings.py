"""The centre's settings (custom "relief-option") parse: unknown keys and bad values are errors."""

from __future__ import annotations

from ledger.settings import load_settings

__plugins__ = ("check_settings",)


def check_settings(entries, options_map, config=None):
    return entries, load_settings(entries)[1]
