"""The import configuration a set of books uses (placeholder until the importers land)."""

from __future__ import annotations


def importers_for_books(config_path: str) -> list:
    """The beangulp importers for the books beside `config_path`."""
    return []
