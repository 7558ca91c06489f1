"""A statement line, whatever its source: the common shape every money importer produces.

Bank profiles, WeChat Pay and Alipay bills all become `Record`s; `importers.classify`
turns records into entries with the same rules for every source.
"""

from __future__ import annotations

import datetime
import functools
import hashlib
import re
from dataclasses import dataclass
from decimal import Decimal

ZERO = Decimal(0)
CENT = Decimal("0.01")

#: how a qualified reference starts: the source's name (lower case) and a colon
_SOURCE = re.compile(r"^([a-z][a-z0-9_.-]*):(?=.)")


def qualified_ref(source: str, ref: str) -> str:
    """A source's own transaction id, prefixed by the source: `wechat:4200…`, `icbc:T0012`.

    De-duplication matches ids only within one source (importers.dedupe), so two platforms
    whose ids happen to be equal (anonymised exports often are) never take each other's
    rows. An empty id stays empty; an id already qualified by this source is kept as it is.
    """
    ref = str(ref or "").strip()
    if not ref:
        return ""
    if ref.startswith(f"{source}:"):
        return ref
    return f"{source}:{ref}"


def split_ref(ref: str) -> tuple[str, str]:
    """(source, bare id) of a qualified reference; ("", ref) for a bare one (older books)."""
    return _split_ref(ref if type(ref) is str else str(ref or ""))


@functools.lru_cache(maxsize=1 << 17)
def _split_ref(text: str) -> tuple[str, str]:
    # Why kept: de-duplication asks the source of each row's id and of the ids it finds in
    # the books several times over (about 85,000 times for a 20,000-row statement)
    m = _SOURCE.match(text)
    if not m:
        return "", text
    return m.group(1), text[m.end():]


@dataclass
class Record:
    """One money movement read from a file, the same for every source, before it is classified into an entry."""
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
    #: for a refund whose payment is not in its file: the ids that payment may have in the
    #: books (its 原交易号, the refund id's prefixes), looked up when the entries are made
    payment_ids: tuple[str, ...] = ()
    #: where the money came from or went, as the file names it (a payment bill's 支付方式:
    #: 中国银行(1234), 余额宝); empty for the importer's own account
    funding: str = ""
    #: the books account the money moved in when it is not the importer's own (resolved
    #: from `funding`: a mapped card, or a clearing account)
    account: str = ""
    #: a move between the importer's account and another of the centre's (a withdrawal to a
    #: bank card): the other side as the file names it, and its books account
    transfer: str = ""
    transfer_account: str = ""
    #: what a person must do about this entry (shown as `note` metadata)
    note: str = ""
    #: the row reverses an earlier one (冲正): its money is neither a gift nor aid, and is
    #: booked to Liabilities:Payable, flagged, until a person books it against what it reverses
    reversal: bool = False
    #: earnings an account of the centre's paid into itself (Alipay's 余额宝-…-收益发放): interest
    interest: bool = False
    #: a payment bill's status saying the payment was refunded later (已全额退款, 部分退款,
    #: 已退款(¥20.00)): written on the entry as `bill_status`
    status: str = ""

    #: the fingerprint id relief gave this row before fingerprints wrote amounts to the fen,
    #: when it differs (an amount written without its fen: `10` in a spreadsheet cell, `10.5`);
    #: de-duplication also looks for it, so books imported before keep matching (never printed);
    #: several, for a bill row, the ids a copy of its bill saved by a spreadsheet gives it
    legacy_ref: str | tuple[str, ...] = ""

    def fingerprint(self, namespace: str, legacy: bool = False) -> str:
        """A stable id for sources without their own (the same row always gives the same id).

        Amounts count as figures to the fen: the same statement as downloaded (`-10.00`) and
        saved again by a spreadsheet program (the number -10) is the same row, so importing
        both, or overlapping exports of both kinds, books it once. `legacy` gives the id of
        older relief versions, which used the amount's text as read.
        """
        figure = str if legacy else _to_fen
        parts = [namespace, self.date.isoformat(), self.time, figure(self.amount),
                 figure(self.balance) if self.balance else "", self.payer, self.payer_account, self.memo, self.kind]
        return hashlib.sha1("\x1f".join(parts).encode("utf-8")).hexdigest()[:16]

    @property
    def written_to_fen(self) -> bool:
        """Whether the amount and balance were read as written to the fen (-10.00): then the
        fingerprint of older relief versions is the same as today's."""
        return _to_fen(self.amount) == str(self.amount) and (not self.balance or _to_fen(self.balance) == str(self.balance))


def _to_fen(value: Decimal) -> str:
    """`value` with at least two decimals (-10 and -10.0 -> -10.00; 1.125 stays 1.125)."""
    text = str(value)
    if text[-3:-2] == "." and "E" not in text:  # already to the fen, as most statements write it
        return text
    value = value.normalize()
    return format(value.quantize(CENT) if value.as_tuple().exponent > -2 else value, "f")


def add_older_ids(record: Record, before: Record, namespace: str) -> None:
    """Add to `record`'s legacy ids the id `before`, the same row as an older reading of the
    file had it, was given: its own id (the bank's, a voucher number), else its fingerprints
    (a `<namespace>-` id). De-duplication looks for them, so books imported before still match."""
    if before.source_ref and not before.source_ref.startswith(f"{namespace}-"):
        add_legacy_refs(record, [before.source_ref])
    else:
        add_legacy_refs(record, [f"{namespace}-{before.fingerprint(namespace, legacy=legacy)}" for legacy in (False, True)])


def add_legacy_refs(record: Record, found: list[str]) -> None:
    """Add the ids of `found` that are not the record's own id to its legacy ids."""
    refs = [x for x in (record.legacy_ref if isinstance(record.legacy_ref, tuple) else (record.legacy_ref,)) if x]
    refs += [ref for ref in dict.fromkeys(found) if ref and ref != record.source_ref and ref not in refs]
    record.legacy_ref = tuple(refs)


def numbered(base: str, seen: dict[str, int]) -> str:
    """`base`, or `base#2`, `base#3` … for identical rows in file order."""
    seen[base] = seen.get(base, 0) + 1
    return base if seen[base] == 1 else f"{base}#{seen[base]}"


def assign_fingerprints(records: list[Record], namespace: str) -> None:
    """Give records without an id a fingerprint id (`<namespace>-<hash>`); identical
    rows get #2, #3 … in file order. A record whose id older relief versions made differently
    keeps that one as `legacy_ref`."""
    seen: dict[str, int] = {}
    seen_legacy: dict[str, int] = {}
    for r in records:
        if r.source_ref:
            continue
        r.source_ref = numbered(f"{namespace}-{r.fingerprint(namespace)}", seen)
        if r.written_to_fen:  # the older id is this one (and rows alike in it are alike here too)
            continue
        legacy = numbered(f"{namespace}-{r.fingerprint(namespace, legacy=True)}", seen_legacy)
        r.legacy_ref = legacy if legacy != r.source_ref else ""
