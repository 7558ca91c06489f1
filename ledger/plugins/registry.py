"""The registries (custom "donor", "fund", "case", "receipt-void") are well formed."""

from __future__ import annotations

from ledger.plugin_options import reads_no_options
from ledger.registry import build_registry

__plugins__ = ("check_registry",)


@reads_no_options
def check_registry(entries, options_map, config=None):
    """The rule as a beancount plugin: the registry's own errors (malformed donor, fund and case declarations)."""
    return entries, build_registry(entries).errors
