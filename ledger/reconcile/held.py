"""Everything the books hold at a period's end, account by account, so that no yuan of the
net assets is missing from a reconciliation (docs/closing.md, "Everything the books hold").

Each asset and liability account with money in it at the period's end (or moved in the
period) is one line: the bank, cash and platform balances (set against their statements in
the balances' check), the goods at their cost (set against the counts in the goods' check),
and every other account (money in transit, receivables, payables, clearing) with what it
holds entry by entry: each amount put in and not yet taken out again, with its day, where it
came from, where it is to land (`lands_in:` on the entry), and its age at the period's end.
Money in transit longer than `transit_warn_days`, owed on a liability longer than
`payable_warn_days`, to be received (Assets:Receivable) longer than `receivable_warn_days`, or
waiting in a clearing account (Assets:Clearing) longer than `clearing_warn_days` (settings;
7, 30, 90 and 7 days by default) is warned of: it does not fail.

An amount taken out is paired with the amount put in that it settles by what the entries
say first: the same link (^link), else where the money was to land (`lands_in:`) and where it
landed; only entries that say neither are paired by amount and order. An account with
sub-accounts also gets its total with them (`Held.subtotals`): the figure the balances'
table shows for it, since a statement's balance counts the sub-accounts too.

Why: money sent from the bank on 31 March to arrive in April sat in Assets:Transit with no
line of its own on the reconciliation: the funds added up with it, but nothing showed how
much was in transit, since when, or that a transfer sent weeks ago had never landed; aid
approved and not paid (Liabilities:Payable) was in no line either.
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from beancount.core import data

from ledger.accounts import (
    CLEARING_ROOT,
    GOODS_ACCOUNT,
    LIABILITIES,
    PLEDGE_ACCOUNT,
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
#: the settings' defaults (ledger.settings.Settings): days in transit, days owed, days to be
#: received (an allocation or pledge not in after a quarter is worth asking for), days in a
#: clearing account (a platform settles in a day or two: a week means a row matched nothing)
TRANSIT_WARN_DAYS = 7
PAYABLE_WARN_DAYS = 30
RECEIVABLE_WARN_DAYS = 90
CLEARING_WARN_DAYS = 7

#: what each kind of line is, in both languages
KINDS: dict[str, tuple[str, str]] = {
    "money": ("银行存款、现金与网络支付", "bank, cash and online"),
    "transit": ("在途资金", "money in transit"),
    "receivable": ("应收款项", "receivable"),
    "clearing": ("清算账户", "clearing"),
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
    if is_under(account, CLEARING_ROOT):
        return "clearing"
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
    #: older than the warning's days (transit_warn_days, payable_warn_days, receivable_warn_days, clearing_warn_days)
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
class Subtotal:
    """An account and its sub-accounts added up (Held.subtotals)."""
    account: str
    currency: str | None
    balance: Decimal
    #: the label of its last sub-account's line, after which it is shown
    after: str

    @property
    def label(self) -> str:
        """The account as a report names it: with the currency when it is not the books' own."""
        return f"{self.account} ({self.currency})" if self.currency else self.account


@dataclass
class Held:
    """Every asset and liability account the books hold at the period's end."""
    lines: list[HeldLine]
    currency: str
    #: the accounts the books open: one of them above a line's account is shown with its
    #: sub-accounts added up even when it has no line of its own (Held.subtotals)
    accounts: frozenset[str] = frozenset()

    @property
    def total(self) -> Decimal:
        """The lines in the books' own currency added up: the net assets (assets less liabilities)."""
        return sum((line.balance for line in self.lines if line.currency is None), ZERO)

    def subtotals(self) -> list[Subtotal]:
        """Each account whose sub-accounts have lines: its own line (when it has one) and
        theirs added up, the figure the balances' table shows for it (a statement's balance,
        and beancount's, counts the sub-accounts). An account with no line of its own (nothing
        in it at the end, nothing moved in the period) counts when the books open it (`accounts`):
        Why: the basic account emptied into its fixed deposit had no line, so no row, and the
        balances' table's figure for it was on no row of this list. Outer accounts first, in
        the lines' order; not counted in `total`."""
        added: dict[tuple[str, str | None], list] = {}  # [total, sub-account lines, index of the first, index of the last]
        for i, line in enumerate(self.lines):
            added[(line.account, line.currency)] = [line.balance, 0, i, i]
        for i, line in enumerate(self.lines):
            parts = line.account.split(":")
            for depth in range(1, len(parts)):
                key = (":".join(parts[:depth]), line.currency)
                above = added.get(key)
                if above is None and key[0] in self.accounts:
                    above = added[key] = [ZERO, 0, i, i]
                if above is not None:
                    above[0] += line.balance
                    above[1] += 1
                    above[3] = max(above[3], i)
        subs = sorted((first, account, cur, total, last) for (account, cur), (total, count, first, last) in added.items() if count)
        return [Subtotal(account, cur, total, self.lines[last].label) for _, account, cur, total, last in subs]

    def subtotals_after(self, line: HeldLine) -> list[Subtotal]:
        """The subtotals to show after `line`: of the accounts whose last sub-account line it is, the innermost first."""
        return [sub for sub in self.subtotals() if sub.after == line.label][::-1]

    @property
    def overdue(self) -> list[tuple[HeldLine, OpenItem]]:
        """Every item older than its line's warning days, with its line."""
        return [(line, item) for line in self.lines for item in line.overdue]

    def warnings(self) -> list[str]:
        """Each amount in transit, owed, to be received or in a clearing account longer than
        its days: bilingual, Chinese first."""
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
            elif line.kind == "receivable" and item.amount > 0:
                out.append(bilingual(
                    f"{line.account}：{item.date} 的应收 {amount}（{item.description}，{item.counterpart}）已 {item.age} 天未收到"
                    f"（超过 {line.warn_days} 天）（{item.location}）：请催收，收到后记收款分录；确实无法收回的，按规定核销",
                    f"{line.account}: {amount} to be received since {item.date} ({item.description}, {item.counterpart}) has not come in for "
                    f"{item.age} days (more than {line.warn_days}) ({item.location}): ask for it and book it when it comes; "
                    "write it off as the rules say if it never will"))
            elif line.kind == "receivable":
                out.append(bilingual(
                    f"{line.account}：{item.date} 收到的 {amount}（{item.description}，{item.counterpart}）已 {item.age} 天无对应的应收款项"
                    f"（超过 {line.warn_days} 天）（{item.location}）：请查明所收何款，记入其应收款项或更正",
                    f"{line.account}: {amount} received on {item.date} ({item.description}, {item.counterpart}) has matched nothing to be "
                    f"received for {item.age} days (more than {line.warn_days}) ({item.location}): find what it was for, and book it, or correct it"))
            elif line.kind == "clearing":
                out.append(bilingual(
                    f"{line.account}：{item.date} 的 {amount}（{item.description}，{item.counterpart}）已在清算账户中 {item.age} 天未结清"
                    f"（超过 {line.warn_days} 天）（{item.location}）：请与平台的结算记录或对账单核对，记入与之对应的分录",
                    f"{line.account}: {amount} of {item.date} ({item.description}, {item.counterpart}) has waited {item.age} days in the "
                    f"clearing account (more than {line.warn_days}) ({item.location}): set it against the platform's settlements or the "
                    "statement, and book the entry it waits for"))
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
                transit_days: int = TRANSIT_WARN_DAYS, payable_days: int = PAYABLE_WARN_DAYS, *,
                receivable_days: int = RECEIVABLE_WARN_DAYS, clearing_days: int = CLEARING_WARN_DAYS,
                accounts: Iterable[str] = ()) -> Held:
    """Every asset and liability account with money at the period's end, or moved in it
    (transactions in date order, as ledger.reconcile.checks.Facts holds them).

    A line's value is each posting's value (ledger.funds.posting_value: goods at cost), in the
    currency it is valued in; what an entry moving goods leaves over below a fen (2.25 kg at
    13.33 booked as 29.99) is taken off its goods, as the funds count them, so the lines in
    the books' currency add up to the net assets to the fen. `accounts`: those the books open
    (an account above a line's, with no line of its own, is shown with its sub-accounts added up)."""
    balances: dict[tuple[str, str | None], Decimal] = defaultdict(Decimal)
    moved: set[tuple[str, str | None]] = set()
    postings: dict[tuple[str, str | None], list[tuple[data.Transaction, data.Posting, Decimal]]] = defaultdict(list)
    end = period.end  # None: no end (all of the books, up to a transaction dated 9999-12-31: Period.whole_books)
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
    days = {"transit": transit_days, "payable": payable_days, "receivable": receivable_days, "clearing": clearing_days}
    lines = []
    for key in sorted(k for k in balances if balances[k] != 0 or k in moved):
        account, cur = key
        kind = kind_of(account)
        # Why pledges are listed but never warned about: a pledge (认捐) paid over a year or
        # more is to be received for longer than receivable_warn_days by design, and each
        # period's reconcile would ask the officer to chase a donor who is paying as agreed;
        # what is still to come of each is on its acknowledgement page and letter
        warn = None if is_under(account, PLEDGE_ACCOUNT) else days.get(kind)
        line = HeldLine(account, kind, balances[key], cur, warn_days=warn)
        if kind not in ("money", "goods"):
            line.items = _open_items(postings.get(key, []), account, last, warn)
        lines.append(line)
    return Held(lines, currency, frozenset(accounts))


def _landing(txn: data.Transaction, posting: data.Posting, account: str, value: Decimal) -> frozenset[str]:
    """Where the entry says its money lands: money put in says it with `lands_in:`; money
    taken out (it arrived) lands in the entry's other accounts (and its `lands_in:`, if said)."""
    said = _lands_in(txn, posting)
    lands = {said} if said else set()
    if value < 0:
        lands |= {p.account for p in txn.postings if p.account != account}
    return frozenset(lands)


def _tie(open_item: list, txn: data.Transaction, lands: frozenset[str]) -> int:
    """How an amount taken out is tied to an amount still in: 0 by a shared link (^link),
    1 by where the money lands (the sending entry's `lands_in:` is where the landing entry
    put it), 2 by nothing either says, 3 against what both say (other links, or money
    bound for one account landing in another)."""
    other, _, _, other_lands = open_item
    if txn.links and other.links:
        return 0 if set(txn.links) & set(other.links) else 3
    if lands and other_lands:
        return 1 if lands & other_lands else 3
    return 2


def _open_items(postings: list[tuple[data.Transaction, data.Posting, Decimal]], account: str,
                last: datetime.date, warn: int | None) -> list[OpenItem]:
    """What an account still holds, entry by entry. Each amount taken out settles an amount
    put in of the same size, else the amounts put in first (first in, first out); in both,
    the amounts the entries tie it to come first: by a shared link (^link), then by where
    the money lands (`lands_in:` on the sending entry, the account it landed in on the
    landing one), then those that say nothing, and last those whose link or `lands_in:`
    says otherwise. Entries that say neither are paired by amount and order alone.

    Why: two transfers of 500.00 sent the same day, one to land in Assets:Bank:Other and one
    in Assets:Online:WeChat: the first to land settled the first sent, and the one still in
    transit was listed as bound for the account it had already reached.
    The items add up to the account's balance exactly: each step keeps the sum."""
    open_: list[list] = []  # [txn, posting, remaining, lands]
    for txn, posting, value in postings:
        lands = _landing(txn, posting, account, value)
        against = sorted((o for o in open_ if (o[2] > 0) != (value > 0)), key=lambda o: _tie(o, txn, lands))
        match = next((o for o in against if o[2] == -value), None)
        if match is not None:
            open_.remove(match)
            continue
        rest = value
        for o in against:
            if rest == 0:
                break
            take = min(abs(rest), abs(o[2]))
            o[2] += take if o[2] < 0 else -take
            rest += -take if rest > 0 else take
        open_ = [o for o in open_ if o[2] != 0]
        if rest != 0:
            open_.append([txn, posting, rest, lands])
    items = []
    for txn, posting, remaining, _ in open_:
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
