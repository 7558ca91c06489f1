"""A statement line, whatever its source: the common shape every money importer produces.

Bank profiles, WeChat Pay and Alipay bills all become `Record`s; `importers.classify`
turns records into entries with the same rules for every source.
"""

from __future__ import annotations

import datetime
import hashlib
from dataclasses import dataclass
from decimal import Decimal

ZERO = Decimal(0)


@dataclass
class Record:
    row: int
    date: datetime.date
    #: signed from the centre's side: positive is money in, negative money out
    amount: Decimal
    currency: str = "CNY"
    payer: str = ""
    payer_account: str = ""
    memo: str = ""
    kind: str = ""
    time: str = ""
    balance: Decimal | None = None
    source_ref: str = ""
    #: a fee the platform took from this movement (positive number)
    fee: Decimal = ZERO
    #: this row gives money back (to a donor, or to us)
    refund: bool = False
    #: for refunds: the source id of the original payment when the file says it
    refund_of: str = ""

    def fingerprint(self, namespace: str) -> str:
        """A stable id for sources without their own (the same row always gives the same id)."""
        parts = [namespace, self.date.isoformat(), self.time, str(self.amount), str(self.balance or ""),
                 self.payer, self.payer_account, self.memo, self.kind]
        return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]


def assign_fingerprints(records: list[Record], namespace: str) -> None:
    """Give records without an id a fingerprint id; identical rows get #2, #3 … in file order."""
    seen: dict[str, int] = {}
    for r in records:
        if r.source_ref:
            continue
        base = f"{namespace}-{r.fingerprint(namespace)}"
        n = seen.get(base, 0) + 1
        seen[base] = n
        r.source_ref = base if n == 1 else f"{base}#{n}"
