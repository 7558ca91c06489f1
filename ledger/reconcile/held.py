"""Everything the books hold at a period's end, account by account, so that no yuan of the
net assets is missing from a reconciliation (docs/closing.md, "Everything the books hold").

Each asset and liability account with money in it at the period's end (or moved in the
period) is one line: the bank, cash and platform balances (set against their statements in
the balances' check), the goods at their cost (set against the counts in the goods' check),
and every other account (money in transit, receivables, payables, clearing) with what it
holds entry by entry: each amount put in and not yet taken out again, with its day, where it
came from, where it is to land (`lands_in:` on the entry), and its age at the period's end.
Money in transit longer than `transit_warn_days`, or owed on a liability longer than
`payable_warn_days` (settings; 7 and 30 days by default), is warned of: it does not fail.

Why: money sent from the bank on 31 March to arrive in April sat in Assets:Transit with no
line of its own on the reconciliation: the funds added up with it, but nothing showed how
much was in transit, since when, or that a transfer sent weeks ago had never landed; aid
approved and not paid (Liabilities:Payable) was in no line either.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from beancount.core import data

from ledger.accounts import (
    GOODS_ACCOUNT,
    LIABILITIES,
    RECEIVABLE_ROOT,
    TRANSIT_ACCOUNT,
    is_balance_sheet,
    is_bank,
    is_cash,
    is_online,
    is_under,
    root_of,
)
from ledger.closes.records import where
from ledger.errors import bilingual
from ledger.funds import left_over, posting_currency, posting_value
from ledger.period import Period

ZERO = Decimal(0)
#: the settings' defaults (ledger.settings.Settings): days in transit, days owed
TRANSIT_WARN_DAYS = 7
PAYABLE_WARN_DAYS = 30

#: what each kind of line is, in both languages
KINDS: dict[str, tuple[str, str]] = {
    "money": ("银行存款、现金与网络支付", "bank, cash and online"),
    "transit": ("在途资金", "money in transit"),
    "receivable": ("应收款项", "receivable"),
    "goods": ("库存物资（按成本）", "goods at cost"),
    "payable": ("应付款项", "owed"),
    "other": ("其他", "other"),
}


def kind_of(account: str) -> str:
    """Which kind of line an asset or liability account is (KINDS)."""
    if is_bank(account) or is_cash(account) or is_online(account):
        return "money"
    if is_under(account, TRANSIT_ACCOUNT):
        return "transit"
    if is_under(account, GOODS_ACCOUNT):
        return "goods"
    if is_under(account, RECEIVABLE_ROOT):
        return "receivable"
    if root_of(account) == LIABILITIES:
        return "payable"
    return "other"


@dataclass
class OpenItem:
    """An amount put into an account and not yet taken out at the period's end (its part still
    there): money sent and not landed, an allocation not received, aid approved and not paid.
    `amount` is as the books hold it (what is owed, on a liability, is negative)."""
    date: datetime.date
    amount: Decimal
    #: the entry's other accounts: where the money came from (or, owed, what for)
    counterpart: str
    #: where it is to land: the entry's `lands_in:` (its posting's, else its own); None: not said
    lands: str | None
    description: str
    location: str
    #: days from its day to the period's last day
    age: int
    #: older than the warning's days (transit_warn_days / payable_warn_days)
    overdue: bool = False


@dataclass
class HeldLine:
    """One account (and currency, when not the books' own) at the period's end."""
    account: str
    kind: str
    #: the books' balance at the period's end, at cost (goods), as the books hold it (a liability negative)
    balance: Decimal
    #: the currency when it is not the books' own
    currency: str | None = None
    #: what it holds entry by entry (not for money and goods: their own checks set them against statements and counts)
    items: list[OpenItem] = field(default_factory=list)
    #: the days after which an item is warned of; None: never
    warn_days: int | None = None

    @property
    def label(self) -> str:
        """The account as a report names it: with the currency when it is not the books' own."""
        return f"{self.account} ({self.currency})" if self.currency else self.account

    @property
    def overdue(self) -> list[OpenItem]:
        """The items older than the line's warning days."""
        return [i for i in self.items if i.overdue]

    @property
    def kind_zh(self) -> str:
        """The line's kind in Chinese (KINDS)."""
        return KINDS[self.kind][0]

    @property
    def kind_en(self) -> str:
        """The line's kind in English (KINDS)."""
        return KINDS[self.kind][1]

    @property
    def checked_by(self) -> tuple[str, str]:
        """Where the reconciliation sets the line against something outside the books."""
        if self.kind == "money":
            return "见上：与对账单核对", "set against its statement above"
        if self.kind == "goods":
            return "见上：与盘点核对", "set against the counts above"
        return "逐笔列出", "listed entry by entry"


@dataclass
class Held:
    """Every asset and liability account the books hold at the period's end."""
    lines: list[HeldLine]
    currency: str

    @property
    def total(self) -> Decimal:
        """The lines in the books' own currency added up: the net assets (assets less liabilities)."""
        return sum((line.balance for line in self.lines if line.currency is None), ZERO)

    @property
    def overdue(self) -> list[tuple[HeldLine, OpenItem]]:
        """Every item older than its line's warning days, with its line."""
        return [(line, item) for line in self.lines for item in line.overdue]

    def warnings(self) -> list[str]:
        """Each amount in transit, or owed, longer than its days: bilingual, Chinese first."""
        out = []
        for line, item in self.overdue:
            cur = line.currency or self.currency
            amount = f"{abs(item.amount):,.2f} {cur}"
            if line.kind == "transit" and item.amount < 0:
                out.append(bilingual(
                    f"{line.account}：{item.date} 到账于 {item.lands} 的 {amount} 已 {item.age} 天无汇出分录（超过 {line.warn_days} 天）"
                    f"（{item.location}）：请记汇出一方的分录（汇出账户的对账单上的那一天）",
                    f"{line.account}: {amount} that arrived in {item.lands} on {item.date} has had no entry sending it for {item.age} days "
                    f"(more than {line.warn_days}) ({item.location}): book the sending account's entry, on its statement's day"))
            elif line.kind == "transit":
                lands = item.lands or "未注明 not stated"
                out.append(bilingual(
                    f"{line.account}：{item.date} 从 {item.counterpart} 汇出的 {amount} 已在途 {item.age} 天（超过 {line.warn_days} 天），"
                    f"应到账于 {lands}（{item.location}）：请查明是否已到账，到账后记一笔到账分录",
                    f"{line.account}: {amount} sent from {item.counterpart} on {item.date} has been in transit {item.age} days "
                    f"(more than {line.warn_days}), to land in {lands} ({item.location}): find out whether it has arrived, and book its arrival"))
            elif item.amount > 0:
                out.append(bilingual(
                    f"{line.account}：{item.date} 付出的 {amount}（{item.description}，{item.counterpart}）已 {item.age} 天无对应的应付款项"
                    f"（超过 {line.warn_days} 天）（{item.location}）：请查明所付何款，记入其应付款项或更正",
                    f"{line.account}: {amount} paid on {item.date} ({item.description}, {item.counterpart}) has matched nothing owed for "
                    f"{item.age} days (more than {line.warn_days}) ({item.location}): find what it paid, and book what was owed, or correct it"))
            else:
                out.append(bilingual(
                    f"{line.account}：{item.date} 的 {amount}（{item.description}，{item.counterpart}）"
                    f"已 {item.age} 天未付（超过 {line.warn_days} 天）（{item.location}）：请查明并付款，或更正",
                    f"{line.account}: {amount} owed since {item.date} ({item.description}, {item.counterpart}) has been unpaid {item.age} days "
                    f"(more than {line.warn_days}) ({item.location}): pay it, or correct it"))
        return out


def _lands_in(txn: data.Transaction, posting: data.Posting) -> str | None:
    value = (posting.meta or {}).get("lands_in") or (txn.meta or {}).get("lands_in")
    return str(value).strip() or None if value is not None else None


def held_at_end(transactions: list[data.Transaction], period: Period, currency: str,
                transit_days: int = TRANSIT_WARN_DAYS, payable_days: int = PAYABLE_WARN_DAYS) -> Held:
    """Every asset and liability account with money at the period's end, or moved in it
    (transactions in date order, as ledger.reconcile.checks.Facts holds them).

    A line's value is each posting's value (ledger.funds.posting_value: goods at cost), in the
    currency it is valued in; what an entry moving goods leaves over below a fen (2.25 kg at
    13.33 booked as 29.99) is taken off its goods, as the funds count them, so the lines in
    the books' currency add up to the net assets to the fen."""
    balances: dict[tuple[str, str | None], Decimal] = defaultdict(Decimal)
    moved: set[tuple[str, str | None]] = set()
    postings: dict[tuple[str, str | None], list[tuple[data.Transaction, data.Posting, Decimal]]] = defaultdict(list)
    end = period.end  # None: no end (Fava's all of the books, up to a transaction dated 9999-12-31)
    for txn in transactions:
        if end is not None and txn.date >= end:
            break
        goods = None
        for p in txn.postings:
            if not is_balance_sheet(p.account) or p.units is None or not isinstance(p.units.number, Decimal):
                continue
            cur = posting_currency(p)
            key = (p.account, None if cur == currency else cur)
            value = posting_value(p)
            balances[key] += value
            if txn.date >= period.start:
                moved.add(key)
            kind = kind_of(p.account)
            if kind == "goods":
                goods = goods or key
            elif kind != "money" and value:
                postings[key].append((txn, p, value))
        if goods is not None and (rest := left_over(txn, currency)):
            balances[goods] -= rest
    last = period.last_day
    lines = []
    for key in sorted(k for k in balances if balances[k] != 0 or k in moved):
        account, cur = key
        kind = kind_of(account)
        warn = transit_days if kind == "transit" else payable_days if kind == "payable" else None
        line = HeldLine(account, kind, balances[key], cur, warn_days=warn)
        if kind not in ("money", "goods"):
            line.items = _open_items(postings.get(key, []), account, last, warn)
        lines.append(line)
    return Held(lines, currency)


def _open_items(postings: list[tuple[data.Transaction, data.Posting, Decimal]], account: str,
                last: datetime.date, warn: int | None) -> list[OpenItem]:
    """What an account still holds, entry by entry: each amount taken out settles the earliest
    amount put in of the same size, else the amounts put in first (first in, first out).
    The items add up to the account's balance exactly: each step keeps the sum."""
    open_: list[list] = []  # [txn, posting, remaining]
    for txn, posting, value in postings:
        match = next((o for o in open_ if o[2] == -value), None)
        if match is not None:
            open_.remove(match)
            continue
        rest = value
        for o in [o for o in open_ if (o[2] > 0) != (value > 0)]:
            if rest == 0:
                break
            take = min(abs(rest), abs(o[2]))
            o[2] += take if o[2] < 0 else -take
            rest += -take if rest > 0 else take
        open_ = [o for o in open_ if o[2] != 0]
        if rest != 0:
            open_.append([txn, posting, rest])
    items = []
    for txn, posting, remaining in open_:
        others = ", ".join(dict.fromkeys(p.account for p in txn.postings if p.account != account)) or "—"
        lands = _lands_in(txn, posting)
        if is_under(account, TRANSIT_ACCOUNT) and remaining < 0:
            # landed before the books send it (the receiving bank's day first): it came from
            # an account not booked yet, and landed in the entry's other account
            others, lands = "—", others
        age = (last - txn.date).days
        words = " ".join(w for w in (txn.payee, txn.narration) if w) or "—"
        items.append(OpenItem(txn.date, remaining, others, lands, words, where(txn), age,
                              warn is not None and age > warn))
    return items
