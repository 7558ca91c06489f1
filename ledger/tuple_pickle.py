"""Pickling the loaded books so that reading them back runs no Python code per object.

beancount's entries, postings, amounts and costs are named tuples. Pickled the default way,
each one is read back by calling its class (`Amount.__new__`, which checks its arguments
with two asserts, then the named tuple's own `__new__`): Python code run once per object,
about 206,000 amounts, 206,000 postings and 100,000 transactions in the 100k demo books. Pickled here, each
is read back by `tuple.__new__(cls, fields)` (C code, no call of the class): the very same
objects, of the same classes, with the same fields, equal to the default way's; they were
checked when they were made, before they were stored. The load cache (ledger/load_cache.py)
then reads the 100k demo books back in 0.60-0.66 s of CPU instead of 0.71-0.77 s (least
and median of 9 runs each, on a shared 2-core machine, 8 December 2026).

Only classes whose instances are exactly their fields are pickled this way (named tuples
without a `__dict__`); anything else, subclasses included, is pickled as usual. A file
written the default way reads back as before, and one written here reads back with any
version of this code (it names only the classes and `tuple.__new__`).
"""

from __future__ import annotations

import functools
import pickle
from typing import IO, Any


def _as_fields(obj: tuple) -> tuple:
    return tuple.__new__, (type(obj), tuple(obj))


@functools.cache
def dispatch_table() -> dict[type, Any]:
    """The reducer for each of beancount's named tuples that holds only its fields."""
    from beancount.core import amount, data, position

    classes = (*data.ALL_DIRECTIVES, data.Posting, data.TxnPosting, amount.Amount,
               position.Cost, position.CostSpec, position.Position)
    return {cls: _as_fields for cls in classes
            if issubclass(cls, tuple) and cls.__dictoffset__ == 0 and hasattr(cls, "_fields")}


def dump(obj: Any, file: IO[bytes]) -> None:
    """pickle.dump(obj, file) at the highest protocol, beancount's tuples as above."""
    pickler = pickle.Pickler(file, protocol=pickle.HIGHEST_PROTOCOL)
    pickler.dispatch_table = dispatch_table()
    pickler.dump(obj)


def dumps(obj: Any) -> bytes:
    """pickle.dumps(obj) at the highest protocol, beancount's tuples as above."""
    import io

    buf = io.BytesIO()
    dump(obj, buf)
    return buf.getvalue()
