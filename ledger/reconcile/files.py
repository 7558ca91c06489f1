"""Kept for compatibility: the atomic writer now lives in `ledger.files`."""

from __future__ import annotations

from ledger.files import atomic_write_bytes, atomic_write_text

atomic_write = atomic_write_text

__all__ = ["atomic_write", "atomic_write_bytes", "atomic_write_text"]
