"""A stable fingerprint of the entries dated in a period, and of each entry alone.

The close of a period records a digest of its entries; the closed_period plugin recomputes
it on every load, so any entry added, removed or altered in a closed period is caught.

Canonical form (version "v2"): every field of the entry, recursively, in a fixed textual
encoding, leaving out what does not belong to the entry itself and changes when nothing
was edited:
- how a number is written: numbers are compared by value (`1.50` and `1.5`, `100` and
  `100.00` are one number), so re-typing an amount with another number of decimals, or a
  formatter that aligns the books, changes no seal;
- metadata `filename` and `lineno` (moving an entry to another file or line is no change),
  and the loader's private keys (`__tolerances__`, `__automatic__`, ...);
- the absolute folder of the books in `document` paths (paths are kept relative to the
  folder of the main file, so the books can be moved or copied);
- the order of tags, links and metadata keys;
- how the file ends its lines: a string that spans lines (a query's text) is read with
  CRLF as LF, so books saved by Notepad or WPS, or checked out by git on Windows, are no
  change. Closes made before this hashed the carriage returns: the closed_period rule
  accepts a period that matches its digest either way (`line_ends_as_read`).
Version "v1" (closes made before v2) wrote each number as typed, so `1.5` for `1.50` was a
change; a close records the form it used (`canonical: "v2"` on the directive; none means
v1), and its period is hashed in that form, so the seals made in v1 still hold.
Entry hashes are sha256 of that form; the period digest is sha256 of the sorted entry
hashes, one per line, so it does not depend on the order of files or of entries in a day.
`custom "period-close"` directives are never part of any period's digest.

This is a hand-written serialiser rather than beancount's printer on purpose: the printer
formats numbers through the books' display context (which changes when entries are added
elsewhere) and is several times slower; the plugin runs on every load.
"""

from __future__ import annotations

import datetime
import enum
import hashlib
import os
from collections.abc import Iterable
from decimal import Decimal
from typing import Any

from beancount.core import data
from beancount.core.amount import Amount
from beancount.core.position import Cost

CLOSE_TYPE = "period-close"
#: the canonical form new closes use; VERSIONS: every form a close in the books may name
DIGEST_VERSION = "v2"
VERSIONS = ("v1", "v2")
#: the close directive's metadata key that names its canonical form (absent: "v1")
VERSION_KEY = "canonical"

_SKIP_META = ("filename", "lineno")
#: metadata the loader adds or computes, never written by a person
_LOADER_KEYS = frozenset((*_SKIP_META, "__tolerances__", "__automatic__", "__residual__", "__implicit_prices__"))


def _number(number: Decimal) -> str:
    """A number by its value (v2): 1.50 and 1.5 are "1.5", 100.00 is "100", -0.00 is "0"."""
    if not number:
        return "0" if number.is_finite() else str(number)
    return f"{number.normalize():f}"


def _meta(meta: dict[str, Any] | None, out: list[str], by_value: bool) -> None:
    if not meta:
        out.append("{}")
        return
    out.append("{")
    for key in sorted(k for k in meta if k not in _SKIP_META and not k.startswith("__")):
        out.append(key)
        out.append("=")
        _value(meta[key], out, by_value)
        out.append(";")
    out.append("}")


def _value(value: Any, out: list[str], by_value: bool) -> None:
    kind = type(value)
    if value is None:
        out.append("~")
    elif kind is str:
        out.append(repr(value))
    elif kind is Decimal and by_value:
        out.append(f"D{_number(value)}")
    elif kind is Decimal or kind is int or kind is bool:
        out.append(f"{kind.__name__[0]}{value}")
    elif kind is datetime.date:
        out.append(value.isoformat())
    elif kind is dict:
        _meta(value, out, by_value)
    elif kind is frozenset or kind is set:
        out.append("<" + ",".join(sorted(map(str, value))) + ">")
    elif isinstance(value, type):  # a Custom value's dtype
        out.append(value.__name__)
    elif hasattr(value, "_fields"):  # beancount's NamedTuples: Posting, Amount, Cost, ValueType ...
        out.append(kind.__name__)
        out.append("(")
        for name, field_value in zip(value._fields, value, strict=False):
            if name == "meta":
                _meta(field_value, out, by_value)
            else:
                _value(field_value, out, by_value)
            out.append(",")
        out.append(")")
    elif kind is list or kind is tuple:
        out.append("[")
        for item in value:
            _value(item, out, by_value)
            out.append(",")
        out.append("]")
    elif isinstance(value, enum.Enum):
        out.append(str(value.name))
    else:
        out.append(repr(value))


def _meta_text(meta: dict[str, Any] | None, by_value: bool) -> str:
    if not meta or meta.keys() <= _LOADER_KEYS:  # C-level subset test: most postings end here
        return ""
    keys = meta.keys() - _LOADER_KEYS
    out = []
    for key in sorted(keys):
        if key[:2] == "__":
            continue
        value = meta[key]
        out.append(f"{key}={value!r};" if type(value) is str else f"{key}={_generic(value, by_value)};")
    return "".join(out)


def _generic(value: Any, by_value: bool) -> str:
    out: list[str] = []
    _value(value, out, by_value)
    return "".join(out)


def _amount_text(amount: Any, by_value: bool) -> str:
    if amount is None:
        return ""
    if type(amount) is Amount:
        number = amount.number
        return f"{_number(number) if by_value and type(number) is Decimal else number} {amount.currency}"
    return _generic(amount, by_value)


def _cost_text(cost: Any, by_value: bool) -> str:
    if cost is None:
        return ""
    if type(cost) is Cost:
        number = cost.number
        return f"{_number(number) if by_value and type(number) is Decimal else number} {cost.currency} {cost.date} {cost.label!r}"
    return _generic(cost, by_value)


def _transaction_text(txn: data.Transaction, version: str) -> str:
    # The hot path (almost every entry is a transaction): flat f-strings, no recursion.
    by_value = version != "v1"
    parts = [
        f"{version} T {txn.date} {txn.flag} {txn.payee!r} {txn.narration!r} "
        f"{sorted(txn.tags) if txn.tags else ''} {sorted(txn.links) if txn.links else ''} {_meta_text(txn.meta, by_value)}"
    ]
    for p in txn.postings:
        units, cost, price = p.units, p.cost, p.price
        units_text = _amount_text(units, by_value)
        cost_text = "" if cost is None else _cost_text(cost, by_value)
        price_text = "" if price is None else _amount_text(price, by_value)
        parts.append(f"  {p.account} {units_text} {{{cost_text}}} @{price_text} {p.flag or ''} {_meta_text(p.meta, by_value)}")
    return "\n".join(parts)


def canonical(entry: data.Directive, root: str | None = None, version: str = DIGEST_VERSION,
              line_ends_as_read: bool = False) -> str:
    """The canonical text of one entry in the form `version` (see the module docstring);
    `line_ends_as_read`: a CRLF inside a string kept as it is (as closes made before did)."""
    if type(entry) is data.Transaction:
        text = _transaction_text(entry, version)
    else:
        if root and isinstance(entry, data.Document) and os.path.isabs(entry.filename):
            entry = entry._replace(filename=os.path.relpath(entry.filename, root).replace(os.sep, "/"))
        out: list[str] = [version, " "]
        _value(entry, out, version != "v1")
        text = "".join(out)
    # strings are written by repr, so a CRLF in one is the four characters \r\n here
    return text if line_ends_as_read else text.replace("\\r\\n", "\\n")


def entry_hash(entry: data.Directive, root: str | None = None, version: str = DIGEST_VERSION,
               line_ends_as_read: bool = False) -> str:
    """The sha256 of one entry's canonical form (the line a side file keeps for it)."""
    return hashlib.sha256(canonical(entry, root, version, line_ends_as_read).encode("utf-8")).hexdigest()


def is_close(entry: data.Directive) -> bool:
    """True for a `custom "period-close"` directive, which no period's digest includes."""
    return isinstance(entry, data.Custom) and entry.type == CLOSE_TYPE


def digest_of_hashes(hashes: Iterable[str]) -> str:
    """A period's digest: sha256 of its entries' hashes, sorted, so the books' order does not matter."""
    return hashlib.sha256("\n".join(sorted(hashes)).encode("ascii")).hexdigest()


def books_root(options_map: dict[str, Any] | None) -> str | None:
    """The folder of the main file, against which document paths are made relative."""
    filename = (options_map or {}).get("filename")
    return os.path.dirname(os.path.abspath(filename)) if filename else None
