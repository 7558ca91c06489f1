"""Plain JSON-ready data from the audit results (Decimals as strings, dates as ISO text).

Fields declared with repr=False (the beancount entries behind a line, the set of case ids
in a cell) stay out; read-only properties (totals, counts, reconciled) come along, so a
JSON reader sees the same numbers as the page.
"""

from __future__ import annotations

import dataclasses
import datetime
from decimal import Decimal
from typing import Any

#: Properties left out because they repeat other fields (ReceiptRegister.lines).
SKIP_PROPERTIES = {"lines"}


def as_data(obj: Any) -> Any:
    """`obj` as JSON-ready data: what the Fava extension's JSON endpoints return.

    Dataclasses become dicts of their repr=True fields plus their public properties; tuple keys
    are joined with "|" (CaseAggregate.cells' (unit, category) becomes "unit|category"); sets
    become sorted lists; anything else not JSON-ready becomes its str().
    """
    if isinstance(obj, Decimal):
        return str(obj)
    if isinstance(obj, datetime.date):
        return obj.isoformat()
    if isinstance(obj, (str, int, float, bool)) or obj is None:
        return obj
    if dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        out = {f.name: as_data(getattr(obj, f.name)) for f in dataclasses.fields(obj) if f.repr}
        for name in dir(type(obj)):
            attr = getattr(type(obj), name, None)
            if isinstance(attr, property) and not name.startswith("_") and name not in SKIP_PROPERTIES:
                out[name] = as_data(getattr(obj, name))
        return out
    if isinstance(obj, dict):
        return {("|".join(map(str, k)) if isinstance(k, tuple) else str(k)): as_data(v) for k, v in obj.items()}
    if isinstance(obj, (list, tuple, set, frozenset)):
        items = sorted(obj) if isinstance(obj, (set, frozenset)) else obj
        return [as_data(v) for v in items]
    return str(obj)
