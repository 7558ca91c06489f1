"""Reconcile a period: what a finance officer must show before closing it.

Each check reads the loaded books (never the text) and returns plain data; the report
(ledger.reconcile.report) puts them together and decides whether the period reconciles.
The conventions used here (statement balances, statement periods, stock counts) are in
docs/books.md, "Statements and counts".
"""

from __future__ import annotations

import datetime
import os
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal

from beancount.core import data, flags

from ledger.accounts import (
    CURRENCY,
    GOODS_ACCOUNT,
    OPENING_BALANCES_ACCOUNT,
    TRANSIT_ACCOUNT,
    is_aid,
    is_bank,
    is_cash,
    is_donation,
    is_online,
    is_under,
)
from ledger.balance_runs import twice_in
from ledger.closes.corrections import CorrectionIndex, corrects
from ledger.closes.records import describe, where
from ledger.funds import ChangesInFunds, FundMovements
from ledger.period import ONE_DAY, Period, not_ended
from ledger.said import Said, cat, joined, said, zh_of

ZERO = Decimal(0)
TOLERANCE = Decimal("0.005")

#: what a balance is on each kind of account, in the officer's words
STATEMENT = {"bank": said("对账单", "statement"), "cash": said("现金盘点", "cash count"), "online": said("账单", "bill")}


@dataclass
class EntryRef:
    """An entry as a report names it: date, description and where it is."""

    date: datetime.date
    description: str
    location: str

    @classmethod
    def of(cls, entry: data.Directive) -> EntryRef:
        """The reference to an entry that a report lists."""
        return cls(entry.date, describe(entry), where(entry))


@dataclass
class AccountCheck:
    """One bank, cash or platform account: the statement's (or count's) closing balance against the books."""
    account: str
    kind: str  # "bank" | "cash" | "online"
    statement_date: datetime.date | None  # the balance assertion's date (start of that day)
    statement: Decimal | None
    books_at_statement: Decimal | None
    books_at_end: Decimal
    used: bool
    problem: str | None = None
    #: for an online balance checked against its bills: statement and books are the net
    #: movement over the bills' days, not balances
    net: bool = False
    #: money held in a currency other than the books' own: checked on its own line, in it
    currency: str | None = None
    #: worth knowing, but not a failure (the opening balance standing as a closing figure)
    note: str | None = None
    #: the books' movement over the period (account_movements): the balance at its start, the
    #: money in and out, so that opening + money_in - money_out = books_at_end
    opening: Decimal = ZERO
    money_in: Decimal = ZERO
    money_out: Decimal = ZERO

    @property
    def label(self) -> str:
        """The account as a report names it: with the currency when it is not the books' own."""
        return f"{self.account} ({self.currency})" if self.currency else self.account

    @property
    def difference(self) -> Decimal | None:
        """Books minus statement at the statement's date; None when either is missing."""
        if self.statement is None or self.books_at_statement is None:
            return None
        return self.books_at_statement - self.statement

    @property
    def ok(self) -> bool:
        """True when the account reconciles."""
        return self.problem is None


@dataclass
class Gap:
    """A run of days, both ends included, that no imported statement of the account covers."""
    account: str
    start: datetime.date
    end: datetime.date
    #: nothing moved the account on those days (a statement that states no period ends at its last row)
    quiet: bool = False
    #: a statement's rows cover the days, but no balance does (its 余额 masked or missing)
    rows_only: bool = False
    #: the currency a balance of the account is written in (an account open for USD only: USD)
    currency: str = CURRENCY

    @property
    def what(self) -> str:
        """What is wrong with the days, in the officer's terms."""
        return (said("有对账单明细行覆盖，但没有余额证明", "covered by a statement's rows but by no balance") if self.rows_only
                else said("没有对账单覆盖", "not covered"))

    @property
    def days(self) -> int:
        """How many days the gap lasts."""
        return (self.end - self.start).days + 1

    @property
    def advice(self) -> Said:
        """What to do about the gap, in the officer's terms.

        Why: a statement that states no period (BOC's 交易流水明细单 has no 起止日期) covers only
        its first to last row's days; a month whose last days were quiet stayed "not covered"
        whatever was exported again, and the report said nothing more."""
        record = f"`{self.end + ONE_DAY} balance {self.account} <amount> {self.currency}`"
        if self.rows_only:
            return said(
                f"对账单的余额列被遮盖或缺失（或导入时用了 --no-balance），因此无法证明没有漏行：请记入银行 {self.end} 日终的余额"
                f"（对账单或余额查询）：{record}，并写上 `statement_start: {self.start}` 和 `statement_end: {self.end}`；"
                "或导入带余额导出的对账单",
                f"its 余额 (balance) column was masked or missing (or it was imported with --no-balance), so nothing shows "
                    f"that no row is missing: record the bank's balance at the end of {self.end} (its 对账单 or a balance "
                    f"enquiry): `{self.end + ONE_DAY} balance {self.account} <amount> {self.currency}` with `statement_start: {self.start}` "
                    f"and `statement_end: {self.end}`, or import the statement exported with its balances")
        if is_online(self.account):
            return said("请导入这些日期的账单（没有收支的月份：导入写明“共0笔记录”的账单即可覆盖）",
                        "import the bill of those days (a month with no movement: its bill stating 共0笔记录 covers it)")
        if not self.quiet:
            return said("请导入这些日期的对账单", "import the statement of those days")
        return said(
            f"请导入这些日期的对账单；由于账户在这些日期没有变动，也可以改为记入银行在其最后一天日终的余额（对账单或余额查询）：{record}，"
            f"并写上 `statement_start: {self.start}` 和 `statement_end: {self.end}`",
            f"import the statement of those days; as the account did not move on them, you may instead record the bank's "
                f"balance at their end (its 对账单 or a balance enquiry): `{self.end + ONE_DAY} balance {self.account} <amount> {self.currency}` "
                f"with `statement_start: {self.start}` and `statement_end: {self.end}`")


@dataclass
class GoodsCheck:
    """One item of goods: the last stock count against the books."""
    item: str
    count_date: datetime.date | None
    counted: Decimal | None
    books_at_count: Decimal | None
    books_at_end: Decimal
    problem: str | None = None
    note: str | None = None  # worth knowing, but not a failure

    @property
    def ok(self) -> bool:
        """True when the item's count agrees (notes aside)."""
        return self.problem is None


@dataclass
class FundsCheck:
    """The declared funds' balances against the net assets at the period's end."""
    balances: dict[str, Decimal]  # declared funds
    unattributed: dict[str, Decimal]  # "" (no fund) and undeclared fund ids
    total: Decimal
    net_assets: Decimal
    #: The period's statement of changes in funds (ledger.funds), whose closings are the balances.
    changes: ChangesInFunds | None = None
    #: transactions up to the period's end that move a fund in another currency, which no figure counts
    left_out: list[tuple[EntryRef, tuple[str, ...]]] = field(default_factory=list)

    @property
    def difference(self) -> Decimal:
        """Funds' total minus net assets (zero when every yuan belongs to a fund)."""
        return self.total - self.net_assets

    @property
    def ok(self) -> bool:
        """True when the funds add up and no money sits outside a declared fund."""
        return abs(self.difference) < TOLERANCE and not any(abs(v) >= TOLERANCE for v in self.unattributed.values()) and not self.left_out


@dataclass
class Correction:
    """An entry of the period that corrects something, and whether what it names exists."""
    entry: EntryRef
    corrects: str
    found: bool


@dataclass
class Facts:
    """One pass over the books, grouped for the checks."""

    opens: dict[str, data.Open] = field(default_factory=dict)
    account_closes: dict[str, datetime.date] = field(default_factory=dict)
    postings: dict[str, list[tuple[datetime.date, Decimal]]] = field(default_factory=lambda: defaultdict(list))
    balances: dict[str, list[data.Balance]] = field(default_factory=lambda: defaultdict(list))
    documents: dict[str, list[data.Document]] = field(default_factory=lambda: defaultdict(list))
    goods: dict[str, list[tuple[datetime.date, Decimal]]] = field(default_factory=lambda: defaultdict(list))
    goods_counts: dict[str, list[data.Balance]] = field(default_factory=lambda: defaultdict(list))
    #: the same movements of goods with the account they were booked to (a store room under Assets:Goods)
    goods_at: dict[str, list[tuple[str, datetime.date, Decimal]]] = field(default_factory=lambda: defaultdict(list))
    transactions: list[data.Transaction] = field(default_factory=list)
    #: bank, cash and platform money in another currency, and its balance assertions, by (account, currency)
    foreign: dict[tuple[str, str], list[tuple[datetime.date, Decimal]]] = field(default_factory=lambda: defaultdict(list))
    foreign_balances: dict[tuple[str, str], list[data.Balance]] = field(default_factory=lambda: defaultdict(list))
    #: the books' operating currency: bank, cash and platform money is counted in it, and
    #: any other commodity held in Assets:Goods is goods
    currency: str = CURRENCY
    #: the last day money was carried into an account from the old books (a posting beside
    #: Equity:Opening-Balances): the days up to it are the old books', no statement of them
    opening: dict[str, datetime.date] = field(default_factory=dict)


def gather(entries: list[data.Directive], currency: str = CURRENCY) -> Facts:
    """Sort the entries once into what the checks read (Facts).

    Money is counted in `currency`, the books' first operating currency: books adopted from
    elsewhere (docs/adopting.md) may keep theirs in USD, and counting only CNY made every
    account of such books "not used" and every fund 0.00, so they reconciled without a check.
    """
    facts = Facts(currency=currency)
    moved: dict[str, datetime.date] = {}  # the day each money account first moved other than by an opening balance
    for entry in sorted(entries, key=lambda e: e.date) if not _in_date_order(entries) else entries:
        if isinstance(entry, data.Transaction):
            facts.transactions.append(entry)
            carried = any(p.account == OPENING_BALANCES_ACCOUNT for p in entry.postings)
            for p in entry.postings:
                if is_bank(p.account) or is_cash(p.account) or is_online(p.account):
                    _note_opening(facts.opening, moved, p.account, entry.date, carried)
                if p.units is None or p.units.number is None:
                    continue
                if is_bank(p.account) or is_cash(p.account) or is_online(p.account):
                    if p.units.currency == currency:
                        facts.postings[p.account].append((entry.date, p.units.number))
                    else:
                        facts.foreign[(p.account, p.units.currency)].append((entry.date, p.units.number))
                elif is_under(p.account, GOODS_ACCOUNT) and p.units.currency != currency:
                    facts.goods[p.units.currency].append((entry.date, p.units.number))
                    facts.goods_at[p.units.currency].append((p.account, entry.date, p.units.number))
        elif isinstance(entry, data.Balance):
            if is_under(entry.account, GOODS_ACCOUNT) and entry.amount.currency != currency:
                facts.goods_counts[entry.amount.currency].append(entry)
            elif entry.amount.currency == currency:
                facts.balances[entry.account].append(entry)
            elif is_bank(entry.account) or is_cash(entry.account) or is_online(entry.account):
                facts.foreign_balances[(entry.account, entry.amount.currency)].append(entry)
        elif isinstance(entry, data.Document):
            facts.documents[entry.account].append(entry)
        elif isinstance(entry, data.Open):
            facts.opens[entry.account] = entry
        elif isinstance(entry, data.Close):
            facts.account_closes[entry.account] = entry.date
    return facts


def _note_opening(opening: dict[str, datetime.date], moved: dict[str, datetime.date], account: str,
                  day: datetime.date, carried: bool) -> None:
    """Take a posting on a money account into `opening` (Facts.opening), `moved` holding the day
    each account first moved other than by an opening balance, the postings coming in date order.

    Only an opening balance before anything else moved the account counts: one typed later
    must not excuse the days of statements already imported. Money moved on the opening
    balance's own day is the new books' and needs a statement: the days up to the day before
    are the old books'. Why: 500.00 paid in on 2026-02-28 beside the 100,000.00 carried over
    that day made February reconcile on 100,500.00 as 'opening balance ..., carried over from
    the old books', the day asking no statement; written above the opening balance in the file,
    the opening balance was not seen at all (2026-01-01 to 2026-02-28 'not covered')."""
    first = moved.get(account)
    if not carried:
        if first is None:
            moved[account] = day
            if opening.get(account) == day:
                opening[account] = day - ONE_DAY
    elif first is None:
        opening[account] = day
    elif first == day:
        opening[account] = day - ONE_DAY


def _in_date_order(entries: list[data.Directive]) -> bool:
    """Whether `entries` are sorted by date (as the loader gives them; a check costs one pass)."""
    return all(a.date <= b.date for a, b in zip(entries, entries[1:], strict=False))


def _sum_before(movements: list[tuple[datetime.date, Decimal]], day: datetime.date) -> Decimal:
    return sum((n for d, n in movements if d < day), ZERO)


def _moved_since(facts: Facts, account: str, since: datetime.date, end: datetime.date) -> bool:
    """Whether the account (or a sub-account) has a posting dated in [since, end).

    Why: cash was judged moved only when its balance changed, so 500 paid out and 500 taken
    in after the last count passed as "not moved"; a count no longer covers such days. Money
    in another currency counts too: 1,000.00 USD received was "did not move"."""
    return (any(since <= d < end for acct, moves in facts.postings.items() if is_under(acct, account) for d, _ in moves)
            or any(since <= d < end for (acct, _), moves in facts.foreign.items() if is_under(acct, account) for d, _ in moves))


def _balance_currency(facts: Facts, account: str) -> str:
    """The currency a balance of the account is written in: the one its `open` allows, when
    it allows one, else the books' own."""
    opened = facts.opens.get(account)
    currencies = opened.currencies if opened is not None else None
    return currencies[0] if currencies and len(currencies) == 1 else facts.currency


def _account_total_before(facts: Facts, account: str, day: datetime.date) -> Decimal:
    """The books' balance of an account and its sub-accounts at the start of `day`."""
    return sum((_sum_before(moves, day) for acct, moves in facts.postings.items() if is_under(acct, account)), ZERO)


def cash_accounts(facts: Facts, period: Period) -> list[tuple[str, str]]:
    """(account, "bank"|"cash") open at some time during the period, in name order.

    An account closed before the period is left out only when the books hold nothing in it
    at the period's end. Why: an account closed with money left kept that money in the net
    assets and the funds, while the list of accounts to reconcile dropped it, so every later
    period reconciled with that money on no statement and no word of it."""
    out = []
    for account, opened in sorted(facts.opens.items()):
        kind = "bank" if is_bank(account) else "cash" if is_cash(account) else "online" if is_online(account) else None
        if kind is None or opened.date >= period.end:
            continue
        closed = facts.account_closes.get(account)
        if closed is not None and closed < period.start and abs(_account_total_before(facts, account, period.end)) < TOLERANCE and not any(
            abs(_sum_before(moves, period.end)) >= TOLERANCE for (acct, _), moves in facts.foreign.items() if acct == account
        ):
            continue
        out.append((account, kind))
    return out


def _statement_without_balance(facts: Facts, account: str, period: Period) -> tuple[datetime.date, datetime.date] | None:
    """The days of the latest statement document of the account that ends in the period, for
    an account with no balance in it: its 余额 was masked or missing. Why: reconcile told the
    officer to import a statement already imported."""
    spans = [(_meta_date(d.meta.get("statement_start")), _meta_date(d.meta.get("statement_end"))) for d in facts.documents.get(account, [])]
    spans = [(start, end) for start, end in spans if start and end and period.start <= end <= period.last_day]
    return max(spans, key=lambda span: span[1], default=None)


def check_accounts(facts: Facts, period: Period, today: datetime.date | None = None) -> list[AccountCheck]:
    """Each bank and cash account: the statement's closing balance against the books.

    A period that has not ended (`today` is in it or before it) has no statement yet: an
    account without one is told so, not to import a statement that cannot exist."""
    results = []
    running = not_ended(period, today)
    for account, kind in cash_accounts(facts, period):
        used = any(d < period.end for acct, moves in facts.postings.items() if is_under(acct, account) for d, _ in moves) or bool(
            [b for b in facts.balances.get(account, []) if b.date <= period.end]
        )
        at_end = _account_total_before(facts, account, period.end)
        candidates = [b for b in facts.balances.get(account, []) if period.start < b.date <= period.end]
        if not candidates and running and used:
            check = AccountCheck(account, kind, None, None, None, at_end, used)
            check.problem = _not_yet(running, STATEMENT[kind], period)
            results.append(check)
            continue
        opening = facts.opening.get(account)
        if not candidates and used and opening is not None and opening <= period.last_day and not _moved_since(
            facts, account, opening + ONE_DAY, period.end
        ):
            # Why: the month of the opening balance failed with "no statement's closing balance"
            # for money carried over from the old books, a figure no statement of these books gives
            check = AccountCheck(account, kind, opening + ONE_DAY, at_end, at_end, at_end, used)
            check.note = said(f"{opening} 的期初余额（{OPENING_BALANCES_ACCOUNT}），从旧账结转而来；其后第一张对账单或第一次盘点核对它",
                              f"opening balance of {opening} ({OPENING_BALANCES_ACCOUNT}), carried over from the old books; "
                              "the first statement or count after it checks it")
            results.append(check)
            continue
        if not candidates and kind == "online":
            results.append(check_online(facts, period, account, at_end, used))
            continue
        if not candidates:
            check = AccountCheck(account, kind, None, None, None, at_end, used)
            if used:
                what = "statement's closing balance" if kind == "bank" else "cash count"
                masked = _statement_without_balance(facts, account, period) if kind == "bank" else None
                check.problem = (
                    said(f"{period} 没有对账单的期末余额：为 {masked[0]} 至 {masked[1]} 导入的对账单没有写明余额（余额列被遮盖或缺失）；"
                         f"请记入银行 {masked[1]} 日终的余额：`{masked[1] + ONE_DAY} balance {account} <amount> {facts.currency}`"
                         "（对账单或余额查询）",
                         f"no {what} for {period}: the statement imported for {masked[0]} to {masked[1]} states none (its 余额 "
                         f"masked or missing); record the bank's balance at the end of {masked[1]}: `{masked[1] + ONE_DAY} balance "
                         f"{account} <amount> {facts.currency}` (its 对账单 or a balance enquiry)")
                    if masked
                    else said(f"{period} 没有对账单的期末余额：请导入对账单（其期末余额会记为日期为 {period.end} 的 `balance`）",
                              f"no {what} for {period}: import the statement (its closing balance becomes a `balance` dated {period.end})")
                    if kind == "bank"
                    else said(f"{period} 没有现金盘点：请盘点现金并记入 `{period.end} balance {account} <amount> {facts.currency}`",
                              f"no {what} for {period}: count the cash and record `{period.end} balance {account} <amount> {facts.currency}`")
                )
            results.append(check)
            continue
        closing = max(candidates, key=lambda b: (b.date, b.meta.get("lineno", 0)))
        books = _account_total_before(facts, account, closing.date)
        check = AccountCheck(account, kind, closing.date, closing.amount.number, books, at_end, True)
        if disagrees(books, closing):
            check.problem = cat(
                _differs(STATEMENT["bank" if kind == "bank" else "cash"], closing, books, facts.currency),
                _where_to_look(facts, account, closing, books - closing.amount.number)
            )
        elif closing.date < period.end and kind == "cash" and _moved_since(facts, account, closing.date, period.end):
            check.problem = _cash_moved(closing, period)
        check.note = _notes(check.note or _within_tolerance(books, closing, kind),
                            _earlier_within_tolerance(candidates, closing, kind, lambda day, account=account: _account_total_before(facts, account, day)))
        results.append(check)
    foreign = check_foreign(facts, period, running)
    held_abroad = {c.account for c in foreign}
    results = [c for c in results if c.used or c.account not in held_abroad] + foreign
    results.sort(key=lambda c: (c.account, c.currency or ""))
    pads = [t for t in facts.transactions if t.flag == flags.FLAG_PADDING and t.date in period]
    for check in results:
        account_movements(facts, check, period)
        padded = _padded(facts, check, pads)
        if padded:
            check.problem = joined([padded, check.problem])
    for check in results:
        closed = facts.account_closes.get(check.account)
        if closed is not None and closed <= period.last_day and abs(check.books_at_end) >= TOLERANCE:
            check.used = True
            left = said(
                f"已于 {closed} 销户，但 {period} 期末账面上仍有 {check.books_at_end:,.2f} {check.currency or facts.currency}："
                "请在该账户的 `close` 之前记入这笔钱的去向，或改正 `close` 的日期",
                f"closed on {closed} with {check.books_at_end:,.2f} {check.currency or facts.currency} still in the books at the end of {period}: "
                f"book where that money went before the account's `close`, or correct the `close` date"
            )
            check.problem = joined([left, check.problem])
    return results


def account_movements(facts: Facts, check: AccountCheck, period: Period) -> None:
    """Set the books' movement of the account over the period on its check: the balance at
    the period's start, the money in (the postings that add to it) and out (those that take
    from it), in the currency of the check; opening + in - out is the books at its end.

    Why: the report gave each account's closing figure against the statement's, but no
    figure of how the books got there, so a difference could not be set against the
    statement's own opening balance and totals in and out (本期收入合计 / 本期支出合计)."""
    if check.currency:
        moves = facts.foreign.get((check.account, check.currency), [])
    else:
        moves = [m for acct, ms in facts.postings.items() if is_under(acct, check.account) for m in ms]
    check.opening = _sum_before(moves, period.start)
    during = [n for d, n in moves if period.start <= d < period.end]
    check.money_in = sum((n for n in during if n > 0), ZERO)
    check.money_out = -sum((n for n in during if n < 0), ZERO)


def _padded(facts: Facts, check: AccountCheck, pads: list[data.Transaction]) -> Said | None:
    """What the `pad` entries of the period put into the account, as a problem; None when none
    did, or when the pad carries the account's money over from the old books (an opening
    balance: nothing else moved the account before it).

    Why: a `pad` before the statement's balance fills whatever the books lack, so 500.00 the
    bank received and the books never booked made the balance agree and the month reconcile,
    the money coming from nowhere (Equity:Opening-Balances in the middle of the books)."""
    currency = check.currency or facts.currency
    found = []
    for pad in pads:
        if pad.date <= facts.opening.get(check.account, datetime.date.min):
            continue
        amount = sum((p.units.number for p in pad.postings if is_under(p.account, check.account) and p.units is not None
                      and p.units.currency == currency), ZERO)
        if amount:
            other = ", ".join(sorted({p.account for p in pad.postings if not is_under(p.account, check.account)}))
            found.append(said(f"{pad.date} 从 {other} 补入 {amount:+,.2f} {currency}（{where(pad)}）",
                              f"{amount:+,.2f} {currency} on {pad.date} from {other} ({where(pad)})"))
    if not found:
        return None
    return said(f"有 pad 补足了它：{'；以及 '.join(f.zh for f in found)}：这笔钱既不在对账单的明细行里，也不在任何一笔自己的分录里，"
                "因此无论账簿缺少什么余额都会相符；请查明差额是什么（账簿没有的对账单明细行，或记错的分录），记入它，再删除这笔 pad",
                f"a pad filled it with {'; and with '.join(found)}: money not on the statement's rows nor in any entry of its own, "
                "so the balance agrees whatever the books lack; find what the difference is (the statement's rows the books "
                "do not hold, or an entry booked wrong), book it, and delete the pad")


#: how many entries a difference's hint names at most
SUSPECTS = 5


def _where_to_look(facts: Facts, account: str, closing: data.Balance, difference: Decimal, currency: str | None = None) -> Said | str:
    """Where a difference between a closing balance and the books may come from: the
    entries on the account since the balance before it (which held) that no statement or
    register gave (no `source_ref`: typed by hand), and those that move it by exactly the
    difference (booked twice, or the wrong way).

    Why: the books 0.01 from the bank's closing balance said only "find the missing or wrong
    entry", with a month of rows to look through; the entry was a bank charge typed from the
    paper slip as 5.50 that the import had taken for the statement's 5.51.

    "The balance before" is the last earlier balance of the account that held: when the
    balances between failed by the same amount, the entry lies before them, as `relief check`
    tells it for a failed balance (ledger/balance_runs.py). Half the difference counts too:
    an amount typed with the wrong sign moves the books by twice itself.

    `currency`: money held in another currency than the books' own (check_foreign), whose
    balances and amounts are in it. Why: a USD account's difference said only "find the
    missing or wrong entry"."""
    currency = currency or facts.currency
    if currency == facts.currency:
        balances, held_before = facts.balances.get(account, []), lambda day: _account_total_before(facts, account, day)
    else:
        balances, held_before = facts.foreign_balances.get((account, currency), []), lambda day: _sum_before(facts.foreign.get((account, currency), []), day)
    since = None
    for earlier in sorted((b for b in balances if b.date < closing.date), key=lambda b: b.date, reverse=True):
        if not disagrees(held_before(earlier.date), earlier):
            since = earlier.date
            break
    wanted = {abs(difference), abs(difference) / 2}
    exact, by_hand = [], []
    between_own = False
    for entry in facts.transactions:
        if not (entry.date < closing.date and (since is None or entry.date >= since)):
            continue
        moved = sum((p.units.number for p in entry.postings if is_under(p.account, account) and p.units is not None
                     and p.units.currency == currency and isinstance(p.units.number, Decimal)), ZERO)
        if moved == ZERO and not any(is_under(p.account, account) and (p.units is None or p.units.currency == currency) for p in entry.postings):
            continue
        line = f"{entry.date} {describe_short(entry)} {moved:+,.2f} ({where(entry)})"
        if abs(moved) in wanted:
            exact.append(line)
            between_own = between_own or _between_own_accounts(entry)
        elif not (entry.meta or {}).get("source_ref"):
            by_hand.append(line)
    start = (said(f"自 {since - ONE_DAY} 之后（其前一个余额相符）", f"after {since - ONE_DAY}, when the balance before held") if since is not None
             else said("自账簿开始以来", "from the start of the books"))
    parts = []
    if exact:
        parts.append(said(f"{start.zh}使它变动差额（或差额的一半：正负号录反）的分录：{_first(exact).zh}",
                          f"entries that move it by the difference (or half of it: a sign typed wrong), {start}: {_first(exact)}"))
    if by_hand:
        parts.append(said(f"{start.zh}记在它上面、并非来自任何对账单或登记表的分录（手工录入，没有 source_ref）：{_first(by_hand).zh}",
                          f"entries on it {start} that no statement or register gave (typed by hand; no source_ref): {_first(by_hand)}"))
    twice = twice_in(facts.transactions, account, since, closing.date)
    if twice:
        # the same file imported twice (on two machines, both sides kept by a merge)
        parts.insert(0, said(f"{start.zh}在账簿中出现两次的明细行（两笔分录有相同的 source_ref：每组删去一笔）：{_first(twice).zh}",
                             f"rows in the books twice, {start} (the same source_ref on two entries: delete one of each): {_first(twice)}"))
    if not parts:
        return _statements_filed(facts, account, since, closing.date, start)
    transit = said(f"；中心自己两个账户之间的转账，若两家银行记在不同日期（3 月 31 日转出，4 月 1 日到账），应通过 {TRANSIT_ACCOUNT} "
                   "分两笔分录记账，各记在本行的日期（docs/closing.md，“Money in transit”）",
                   f"; a transfer between two of the centre's own accounts that the banks show on different days (sent on 31 March, "
                   f"arrived on 1 April) is booked in two entries through {TRANSIT_ACCOUNT}, each on its own bank's day "
                   "(docs/closing.md, \"Money in transit\")") if between_own else ""
    return cat(_look_first(parts), transit)


def _look_first(parts: list[Said]) -> Said:
    """"; look first at the …, and at the …": where a difference's hint points."""
    return said("；请先查看" + "，再查看".join(p.zh for p in parts), "; look first at the " + ", and at the ".join(parts))


def _between_own_accounts(entry: data.Transaction) -> bool:
    """Whether the entry only moves money between two of the centre's bank, cash or platform
    accounts (one entry, one date: what two banks dating it differently cannot both match)."""
    accounts = {p.account for p in entry.postings}
    return len(accounts) >= 2 and all(is_bank(a) or is_cash(a) or is_online(a) for a in accounts)


def _statements_filed(facts: Facts, account: str, since: datetime.date | None, before: datetime.date, start: Said) -> Said | str:
    """"; set the books' entries … against the rows of the statement filed for those days:
    <file> (<days>, filed at <line>)", or nothing when no statement of those days is filed.

    Why: with every entry on the account from its statement (each with its source_ref) and
    the bank 500.00 above the books (a row the books lack, or a statement whose closing
    balance disagrees with its own rows), the problem said only "find the missing or wrong
    entry", with nothing of where to look."""
    filed = []
    for doc in facts.documents.get(account, []):
        first, last = _meta_date(doc.meta.get("statement_start")), _meta_date(doc.meta.get("statement_end"))
        if first and last and first < before and (since is None or last >= since):
            filed.append(said(f"{doc.filename}（{first} 至 {last}，归档于 {where(doc)}）", f"{doc.filename} ({first} to {last}, filed at {where(doc)})"))
    if not filed:
        return ""
    return said(f"；请把{start.zh}记在它上面的分录，与这些日期归档的对账单明细行逐笔核对：{_first(filed).zh}",
                f"; set the books' entries on it {start}, against the rows of the statement filed for those days: {_first(filed)}")


def _first(lines: list[str]) -> Said:
    """The first SUSPECTS of a hint's lines, then how many more."""
    more = len(lines) - SUSPECTS
    return said("；".join(zh_of(line) or line for line in lines[:SUSPECTS]) + (f"；……另有 {more} 笔" if more > 0 else ""),
                "; ".join(lines[:SUSPECTS]) + (f"; … and {more} more" if more > 0 else ""))


def describe_short(entry: data.Transaction) -> str:
    """An entry's payee and narration, quoted, as a hint lists it."""
    words = " ".join(w for w in (entry.payee, entry.narration) if w)
    return f'"{words}"'


def disagrees(books: Decimal, balance: data.Balance) -> bool:
    """True when the books differ from a statement's `balance` by more than the books allow:
    the tolerance written on the line (`800.00 ~ 0.50 CNY`: up to 0.50, as beancount checks
    it), else half a fen (to the fen, as the rule balance_fen holds it on every load).

    Why: every balance was compared to the fen, so a count with a written tolerance that
    bean-check accepted failed month-end and its period could not be closed."""
    difference = abs(books - balance.amount.number)
    return difference > balance.tolerance if balance.tolerance is not None else difference >= TOLERANCE


def _within_tolerance(books: Decimal, balance: data.Balance, kind: str) -> str | None:
    """The note of a difference the balance's written tolerance lets pass (`45700.00 ~ 500
    CNY` against books of 46,000.00), or None when there is none to speak of.

    Why: such a line showed "OK" and a difference of 300.00 with no word: a gap on the
    report that nothing on it accounted for."""
    difference = books - balance.amount.number
    if balance.tolerance is None or abs(difference) < TOLERANCE:
        return None
    what = STATEMENT[kind]
    return said(f"账簿与{what.zh}相差 {difference:+,.2f} {balance.amount.currency}，在余额允许的 {balance.tolerance} 之内"
                f"（`~ {balance.tolerance}`）：请找出其背后的分录，或在余额上注明{what.zh}为何不同",
                f"the books differ from the {what} by {difference:+,.2f} {balance.amount.currency}, within the {balance.tolerance} the "
            f"balance allows (`~ {balance.tolerance}`): find the entry behind it, or say on the balance why the {what} differs")


def _earlier_within_tolerance(balances: list[data.Balance], closing: data.Balance, kind: str, held_before) -> str | None:
    """The notes of the period's balances before its closing one that differ from the books
    within the tolerance they write, each with its day; None when none does.

    Why: within a quarter or a year only the last balance is set against the books, so a
    count of 31 January `~ 500` that let 300.00 pass showed on no report of the quarter,
    though the same count reconciled as its own month said it."""
    notes = []
    for balance in sorted((b for b in balances if b.date < closing.date), key=lambda b: b.date):
        if not disagrees(held_before(balance.date), balance):
            note = _within_tolerance(held_before(balance.date), balance, kind)
            if note:
                notes.append(cat(said(f"{balance.date - ONE_DAY} 日终，", f"at the end of {balance.date - ONE_DAY}, "), note))
    return joined(notes)


def _notes(*notes: str | None) -> Said | None:
    """The notes given, in order, joined; None when there are none."""
    return joined(list(notes))


def _not_yet(running: str, statement: Said, period: Period) -> Said:
    """A period not over has no statement (count, bill) yet: reconcile it once it has."""
    return said(f"{zh_of(running) or running}，因此还没有{statement.zh}：请从 {period.end} 起再对账",
                f"{running}, so it has no {statement} yet: reconcile it from {period.end} on")


def _differs(statement: Said, closing: data.Balance, books: Decimal, currency: str) -> Said:
    """The statement's (count's) closing balance against the books, as a problem."""
    number, allowed = closing.amount.number, closing.tolerance
    return said(f"{statement.zh}显示 {closing.date - ONE_DAY} 日终为 {number:,.2f} {currency}，账簿为 {books:,.2f} {currency}"
                f"（差额 {books - number:+,.2f}{f'，超过余额允许的 {allowed}' if allowed is not None else ''}）；请找出遗漏或记错的分录",
                f"the {statement} says {number:,.2f} {currency} at the end of {closing.date - ONE_DAY}, "
                f"the books {books:,.2f} {currency} (difference {books - number:+,.2f}{_allowed(closing)}); find the missing or wrong entry")


def _cash_moved(closing: data.Balance, period: Period) -> Said:
    """Cash moved after its last count of the period: count it at the period's end."""
    return said(f"最近一次现金盘点在 {closing.date - ONE_DAY} 日终，其后现金有变动：请在 {period} 期末盘点现金",
                f"the last cash count is at the end of {closing.date - ONE_DAY}; cash moved after it: count the cash at the end of {period}")


def _allowed(balance: data.Balance) -> str:
    """", more than the 0.50 the balance allows" when the balance writes a tolerance."""
    return f", more than the {balance.tolerance} the balance allows" if balance.tolerance is not None else ""


def check_foreign(facts: Facts, period: Period, running: str | None) -> list[AccountCheck]:
    """Bank, cash and platform money in a currency other than the books' own, per account
    and currency, against the last `balance` in that currency (as for the books' own).

    Why: only the books' currency was counted, so a foreign-currency bank account holding
    USD 100 was listed as "not used" and needed no statement: its money went unchecked."""
    accounts = dict(cash_accounts(facts, period))
    results = []
    for account, currency in sorted(set(facts.foreign) | set(facts.foreign_balances)):
        kind = accounts.get(account)
        moves = facts.foreign.get((account, currency), [])
        counts = [b for b in facts.foreign_balances.get((account, currency), []) if b.date <= period.end]
        if kind is None or not (any(d < period.end for d, _ in moves) or counts):
            continue
        at_end = _sum_before(moves, period.end)
        candidates = [b for b in counts if period.start < b.date]
        check = AccountCheck(account, kind, None, None, None, at_end, True, currency=currency)
        statement = STATEMENT[kind]
        if not candidates:
            if running:
                check.problem = _not_yet(running, statement, period)
            else:
                check.problem = said(f"所持 {currency} 没有 {period} 的{statement.zh}：请记入其期末余额 `{period.end} balance {account} <amount> {currency}`",
                                     f"no {statement} for {period} of the {currency} held: record its closing balance "
                                     f"`{period.end} balance {account} <amount> {currency}`")
            results.append(check)
            continue
        closing = max(candidates, key=lambda b: (b.date, b.meta.get("lineno", 0)))
        books = _sum_before(moves, closing.date)
        check.statement_date, check.statement, check.books_at_statement = closing.date, closing.amount.number, books
        if disagrees(books, closing):
            check.problem = cat(_differs(statement, closing, books, currency),
                                _where_to_look(facts, account, closing, books - closing.amount.number, currency))
        elif closing.date < period.end and kind == "cash" and any(closing.date <= d < period.end for d, _ in moves):
            check.problem = _cash_moved(closing, period)
        check.note = _notes(_within_tolerance(books, closing, kind),
                            _earlier_within_tolerance(candidates, closing, kind, lambda day, moves=moves: _sum_before(moves, day)))
        results.append(check)
    return results


def check_online(facts: Facts, period: Period, account: str, at_end: Decimal, used: bool) -> AccountCheck:
    """A platform balance whose bill states no closing balance: each bill's net movement
    (`statement_net` on its `document`, written by `relief import`) against the books' over
    the bill's own days."""
    bills = []
    for doc in facts.documents.get(account, []):
        start, end = _meta_date(doc.meta.get("statement_start")), _meta_date(doc.meta.get("statement_end"))
        net = doc.meta.get("statement_net")
        if start and end and net is not None and start < period.end and end >= period.start:
            amount = _meta_amount(net)
            if amount is None:
                check = AccountCheck(account, "online", None, None, None, at_end, used)
                check.problem = said(f"{where(doc)} 处账单的 statement_net 为 {str(net)!r}，不是金额：请把账单的净变动额写成以 "
                                     f"{facts.currency} 计的数字，如 1234.56 或 -80.00",
                                     f"the bill at {where(doc)} has statement_net {str(net)!r}, which is not an amount: "
                                     f"write the bill's net movement as a number in {facts.currency}, such as 1234.56 or -80.00")
                return check
            bills.append((start, end, amount, doc))
    if not bills:
        check = AccountCheck(account, "online", None, None, None, at_end, used)
        older = [d for d in facts.documents.get(account, []) if d.meta.get("statement_net") is None
                 and (_meta_date(d.meta.get("statement_start")) or d.date) < period.end
                 and (_meta_date(d.meta.get("statement_end")) or d.date) >= period.start]
        if used and older:
            check.problem = said(f"归档为 {older[0].filename} 的账单是在账单记录净变动额（`statement_net`）之前导入的："
                                 f"请重新导入，或断言余额（`balance {account} … {facts.currency}`）",
                                 f"the bill filed as {older[0].filename} was imported before bills recorded their net movement "
                                 f"(`statement_net`): import it again, or assert the balance (`balance {account} … {facts.currency}`)")
        elif used:
            check.problem = said(f"没有 {period} 的账单：请导入覆盖该期间的微信支付 / 支付宝账单（relief import）",
                                 f"no bill for {period}: import the WeChat Pay / Alipay bill that covers it (relief import)")
        return check
    last = max(end for _, end, _, _ in bills)
    bills, notes, problems = bills_each_day_once(bills)
    moves = facts.postings.get(account, [])
    stated = sum((net for _, _, net, _ in bills), ZERO)
    books = sum((n for d, n in moves for start, end, _, _ in bills if start <= d <= end), ZERO)
    check = AccountCheck(account, "online", last + ONE_DAY, stated, books, at_end, True, net=True)
    if abs(books - stated) >= TOLERANCE:
        spans = sorted(bills, key=lambda b: b[:2])
        days = ", ".join(f"{start} to {end}" for start, end, _, _ in spans)
        days_zh = "、".join(f"{start} 至 {end}" for start, end, _, _ in spans)
        problems.append(cat(said(f"账单（{days_zh}）的净变动为 {stated:+,.2f} {facts.currency}，账簿在这些日期为 {books:+,.2f} {facts.currency}"
                                 f"（差额 {books - stated:+,.2f}）；请找出遗漏或记错的分录",
                                 f"the bills ({days}) move {stated:+,.2f} {facts.currency}, the books {books:+,.2f} {facts.currency} on those days "
                                 f"(difference {books - stated:+,.2f}); find the missing or wrong entry"),
                            _where_to_look_online(facts, account, [(start, end) for start, end, _, _ in bills], books - stated)))
    check.problem = joined(problems)
    check.note = joined(notes)
    return check


def bills_each_day_once(bills: list[tuple[datetime.date, datetime.date, Decimal, data.Document]]):
    """The bills of a platform balance with each day counted once: (bills used, notes, problems).

    Why: a bill exported again after a pending row settled (as the import advises: "export the
    bill of that day again once the transfer is accepted"), or a week's bill and then the
    month's, were both summed, each with the books of its days: the month failed by what the
    later export added. A bill states one net for all its days, so the days two bills share
    cannot be split between them: where bills overlap, the one imported last counts for all
    of their days when it covers them (the later export holds every row the earlier one did,
    and the rows settled since), the others are set aside with a note naming them. When the
    one imported last does not cover them all (the day's bill exported again after the
    month's), no bill can be used for those days, and the problem says which bill to export.
    The bills give no time of export: "imported last" is the later `document` in its file
    (the import appends), else the later bill's last day, then its file name."""
    used, notes, problems = [], [], []
    clusters: list[list] = []
    for bill in sorted(bills, key=lambda b: (b[0], b[1])):
        if clusters and bill[0] <= max(b[1] for b in clusters[-1]):
            clusters[-1].append(bill)
        else:
            clusters.append([bill])
    for cluster in clusters:
        if len(cluster) == 1:
            used.extend(cluster)
            continue
        first, end = min(b[0] for b in cluster), max(b[1] for b in cluster)
        files = {(b[3].meta or {}).get("filename") for b in cluster}
        latest = max(cluster, key=(lambda b: (b[3].meta or {}).get("lineno", 0)) if len(files) == 1 else (lambda b: (b[3].date, b[3].filename)))
        named = ", ".join(f"{_named(b[3])} ({b[0]} to {b[1]}, {b[2]:+,.2f})" for b in cluster if b is not latest)
        named_zh = "、".join(_named_zh(b[3], f"{b[0]} 至 {b[1]}，{b[2]:+,.2f}") for b in cluster if b is not latest)
        if latest[0] <= first and latest[1] >= end:
            used.append(latest)
            notes.append(said(f"账单在 {first} 至 {end} 重叠：每天只计一次，取最后导入且覆盖全部这些日期的 "
                              f"{_named_zh(latest[3], f'{latest[0]} 至 {latest[1]}，{latest[2]:+,.2f}')}；未采用：{named_zh}",
                              f"bills overlap on {first} to {end}: each day counted once, from {_named(latest[3])} ({latest[0]} to "
                              f"{latest[1]}, {latest[2]:+,.2f}), imported last and covering them all; set aside: {named}"))
        else:
            problems.append(said(f"账单在 {first} 至 {end} 重叠，而最后导入的 {_named_zh(latest[3], f'{latest[0]} 至 {latest[1]}')}"
                                 f"没有覆盖全部这些日期（另导入了：{named_zh}）：一张账单对其所有日期只写一个净额，因此无法判断重叠的日期以哪次导出为准；"
                                 f"请重新导出 {first} 至 {end} 的账单并导入：最后导入的账单对其覆盖的日期为准",
                                 f"bills overlap on {first} to {end} and the one imported last, {_named(latest[3])} ({latest[0]} to "
                                 f"{latest[1]}), does not cover them all (also imported: {named}): a bill states one net for all its days, "
                                 f"so which export counts for the days they share cannot be told; export the bill of {first} to {end} "
                                 f"again and import it: the bill imported last counts for the days it covers"))
    return used, notes, problems


def _named(doc: data.Document) -> str:
    """A bill as an overlap names it: its file's name (unique in its account's folder) and
    where its `document` is, rather than the file's whole path."""
    return f"{os.path.basename(doc.filename)} at {where(doc)}"


def _named_zh(doc: data.Document, days: str) -> str:
    """_named's Chinese, with the bill's days: `b.csv（2024-03-15 至 2024-03-31，位于 main.beancount:12）`."""
    return f"{os.path.basename(doc.filename)}（{days}，位于 {where(doc)}）"


def _where_to_look_online(facts: Facts, account: str, days: list[tuple[datetime.date, datetime.date]], difference: Decimal) -> Said | str:
    """Where a platform balance's difference from its bills may come from: the entries on it
    on the bills' days that move it by the difference (or half of it), and those no bill gave
    (their source_ref is not the platform's: a roster's aid paid by 微信转账, or typed by hand).

    Why: a roster's 500.00 of aid paid by 微信转账, which no row of the bill paid, left the
    balance 500.00 short, and reconcile said only "find the missing or wrong entry"."""
    platform = account.rsplit(":", 1)[-1].lower() + ":"
    wanted = {abs(difference), abs(difference) / 2}
    exact, other = [], []
    for entry in facts.transactions:
        if not any(start <= entry.date <= end for start, end in days):
            continue
        moved = sum((p.units.number for p in entry.postings if is_under(p.account, account) and p.units is not None
                     and p.units.currency == facts.currency and isinstance(p.units.number, Decimal)), ZERO)
        if moved == ZERO:
            continue
        line = f"{entry.date} {describe_short(entry)} {moved:+,.2f} ({where(entry)})"
        if abs(moved) in wanted:
            exact.append(line)
        elif not str((entry.meta or {}).get("source_ref") or "").startswith(platform):
            other.append(line)
    parts = []
    if exact:
        parts.append(said(f"这些日期使它变动差额（或差额的一半：正负号录反）的分录：{_first(exact).zh}",
                          f"entries that move it by the difference (or half of it: a sign typed wrong) on those days: {_first(exact)}"))
    if other:
        parts.append(said(f"这些日期记在它上面、并非来自任何账单的分录（名单中以微信转账 / 支付宝转账支付的帮扶，或手工录入）：{_first(other).zh}",
                          "entries on it on those days that no bill gave (a roster's aid paid by 微信转账 / 支付宝转账, or typed by hand): "
                          + _first(other)))
    return _look_first(parts) if parts else ""


def _meta_amount(value) -> Decimal | None:
    """A metadata amount (a number, or text of one); None when it is not one.

    Why: `statement_net: "1,00.00"` typed by hand stopped reconcile with an internal
    InvalidOperation error instead of naming the bill."""
    if isinstance(value, bool):
        return None
    if isinstance(value, (int, Decimal)):
        return Decimal(value)
    try:
        amount = Decimal(str(value).strip())
    except ArithmeticError:
        return None
    return amount if amount.is_finite() else None


def _meta_date(value) -> datetime.date | None:
    if isinstance(value, datetime.date):
        return value
    try:
        return datetime.date.fromisoformat(str(value)) if value is not None else None
    except ValueError:
        return None


def statement_spans(facts: Facts, account: str) -> list[tuple[datetime.date, datetime.date]]:
    """The days an account's imported statements cover (docs/books.md, "Statements and counts").

    A `document` or `balance` with statement_start/statement_end metadata covers those days;
    two consecutive balance assertions on the account cover the days between them.
    """
    spans = []
    by_currency = [facts.balances.get(account, [])] + [b for (acct, _), b in facts.foreign_balances.items() if acct == account]
    for entry in [*facts.documents.get(account, []), *(b for balances in by_currency for b in balances)]:
        start, end = _meta_date(entry.meta.get("statement_start")), _meta_date(entry.meta.get("statement_end"))
        if start and end and start <= end:
            spans.append((start, end))
    for balances in by_currency:
        dates = sorted({b.date for b in balances})
        for before, after in zip(dates, dates[1:], strict=False):
            spans.append((before, after - ONE_DAY))
    return spans


#: a statement's document or balance is filed in its period or within this long after it
FILED_WITHIN = datetime.timedelta(days=31)


def unreadable_statement_days(facts: Facts, period: Period) -> list[EntryRef]:
    """Statements of the period (documents and balances dated in it or within FILED_WITHIN
    after it) whose statement_start / statement_end cannot be read as days: a value that is
    not a date (YYYY-MM-DD), one of the two missing, or an end before the start.

    Why: such a statement covers no day in `statement_spans`, so the period shows days not
    covered with no word of why; the finance officer is pointed at the entry instead."""
    found = []
    for entry in [e for entries in (*facts.documents.values(), *facts.balances.values(), *facts.foreign_balances.values()) for e in entries]:
        if not period.start <= entry.date < period.end + FILED_WITHIN:
            continue
        meta = entry.meta or {}
        raw = {key: meta.get(key) for key in ("statement_start", "statement_end")}
        if all(v is None for v in raw.values()):
            continue
        days = {key: _meta_date(v) for key, v in raw.items()}
        bad = [said(f"{key} {raw[key]!r} 不是日期（YYYY-MM-DD）", f"{key} {raw[key]!r} is not a date (YYYY-MM-DD)")
               for key in raw if raw[key] is not None and days[key] is None]
        bad += [said(f"缺少 {key}", f"{key} is missing") for key in raw if raw[key] is None]
        if not bad and days["statement_end"] < days["statement_start"]:
            bad.append(said(f"statement_end {days['statement_end']} 早于 statement_start {days['statement_start']}",
                            f"statement_end {days['statement_end']} is before statement_start {days['statement_start']}"))
        if bad:
            ref = EntryRef.of(entry)
            ref.description = cat(ref.description, said("：", ": "), joined(bad))
            found.append(ref)
    return sorted(found, key=lambda r: (r.date, r.location))


def _attested_from(facts: Facts, account: str) -> datetime.date | None:
    """The first day no balance assertion of the account attests (a balance checks every
    entry before its date), or None when the account has none."""
    dates = [b.date for b in facts.balances.get(account, [])]
    dates += [b.date for (acct, _), balances in facts.foreign_balances.items() if acct == account for b in balances]
    return max(dates, default=None)


def check_coverage(facts: Facts, period: Period, accounts: list[AccountCheck]) -> list[Gap]:
    """Days of the period, per bank account in use, that no imported statement covers, and
    days of a bank account that a statement's rows cover but no balance attests.

    Why: a statement whose 余额 column was masked (****) covered its stated days, and the
    report said every day was covered: rows without a balance show nothing is missing."""
    gaps = []
    seen = set()
    for check in accounts:
        if check.kind not in ("bank", "online") or not check.used or check.account in seen:
            continue
        seen.add(check.account)
        opened = facts.opens[check.account].date
        closed = facts.account_closes.get(check.account)
        first, last = max(period.start, opened), min(period.last_day, closed or period.last_day)
        if check.account in facts.opening:  # the days up to the opening balance are the old books'
            first = max(first, facts.opening[check.account] + ONE_DAY)
        covered = set()
        for start, end in statement_spans(facts, check.account):
            day = max(start, first)
            while day <= min(end, last):
                covered.add(day)
                day += ONE_DAY
        attested = _attested_from(facts, check.account) if check.kind == "bank" else None
        unattested = first if check.kind == "bank" and attested is None else attested
        currency = _balance_currency(facts, check.account)
        runs: list[list] = []  # [state, first day, last day]: "gap" not covered, "rows" by rows only, "" covered
        day = first
        while day <= last:
            state = "gap" if day not in covered else "rows" if unattested is not None and day >= unattested else ""
            if runs and runs[-1][0] == state:
                runs[-1][2] = day
            else:
                runs.append([state, day, day])
            day += ONE_DAY
        for state, start, end in runs:
            if state == "gap":
                gaps.append(Gap(check.account, start, end, not _moved_since(facts, check.account, start, end + ONE_DAY), currency=currency))
            elif state == "rows":
                gaps.append(Gap(check.account, start, end, rows_only=True, currency=currency))
    return gaps


def pending_entries(facts: Facts, period: Period) -> list[EntryRef]:
    """Entries flagged `!` (or with a `!` posting) dated up to the period's end."""
    return [
        EntryRef.of(t)
        for t in facts.transactions
        if t.date < period.end and (t.flag == flags.FLAG_WARNING or any(p.flag == flags.FLAG_WARNING for p in t.postings))
    ]


def donations_without_receipt(facts: Facts, period: Period) -> list[EntryRef]:
    """Donations dated before the period's end without a receipt number."""
    return [
        EntryRef.of(t)
        for t in facts.transactions
        if t.date < period.end and any(is_donation(p.account) for p in t.postings) and not str(t.meta.get("receipt") or "").strip()
    ]


def aid_without_approval(facts: Facts, period: Period) -> list[EntryRef]:
    """Aid payments dated before the period's end without an approval number."""
    return [
        EntryRef.of(t)
        for t in facts.transactions
        if t.date < period.end and any(is_aid(p.account) for p in t.postings) and not str(t.meta.get("approval") or "").strip()
    ]


def quarter_end(period: Period) -> bool:
    """True when the period ends on the last day of a quarter (when a stocktake is due)."""
    return period.last_day.month in (3, 6, 9, 12) and period.end.day == 1


def check_goods(facts: Facts, period: Period) -> list[GoodsCheck]:
    """Goods in stock per item against the last count (a `balance` on Assets:Goods).

    A count that disagrees with the books always fails. Stocktakes are due at the end of
    each quarter: for a period that ends a quarter, an item held or moved must be counted
    at its end; for the months in between, an item not counted yet, or moved since its last
    count, is a note, not a failure.
    """
    due = quarter_end(period)
    results = []
    for item in sorted(set(facts.goods) | set(facts.goods_counts)):
        moves = facts.goods.get(item, [])
        at_end = _sum_before(moves, period.end)
        moved = any(d in period for d, _ in moves)
        counts = [b for b in facts.goods_counts.get(item, []) if b.date <= period.end]
        if not moved and at_end == 0 and not any(period.start < b.date for b in counts):
            continue
        last = max(counts, key=lambda b: b.date) if counts else None
        count_due = said(f"请记入盘点数 `{period.end} balance {GOODS_ACCOUNT} <quantity> {item}`",
                         f"record a stock count `{period.end} balance {GOODS_ACCOUNT} <quantity> {item}`")
        if last is not None:
            results.append(_check_counted(facts, period, item, [b for b in counts if b.date == last.date], at_end, due, count_due))
            continue
        check = GoodsCheck(item, None, None, None, at_end)
        if due:
            check.problem = said(f"从未盘点，而 {period} 期末应当盘点：{count_due.zh}",
                                 f"never counted, and a stocktake is due at the end of {period}: {count_due}")
        else:
            check.note = said("尚未盘点（季末应当盘点）", "not counted yet (a stocktake is due at the end of the quarter)")
        results.append(check)
    return results


def _check_counted(facts: Facts, period: Period, item: str, counts: list[data.Balance], at_end: Decimal, due: bool, count_due: Said) -> GoodsCheck:
    """An item's last stocktake (its counts of one day) against the books of the accounts counted.

    A count is a `balance` on Assets:Goods or on a store room under it, and holds for that
    account and the ones under it, as beancount checks it. Why: every count was set against
    the item's stock in all store rooms, so counting 50 RICE in Assets:Goods:StoreA and 40 in
    :StoreB failed with "counted 50, the books hold 90" while bean-check found both right."""
    day = counts[0].date
    accounts = sorted({b.account for b in counts})
    # a count of a store room inside another counted one is already in the outer count
    outer = [a for a in accounts if not any(o != a and is_under(a, o) for o in accounts)]
    counted = sum((b.amount.number for b in counts if b.account in outer), ZERO)
    moves = facts.goods_at.get(item, [])
    inside = [(d, n) for acct, d, n in moves if any(is_under(acct, o) for o in outer)]
    books = _sum_before(inside, day)
    check = GoodsCheck(item, day, counted, books, at_end)
    where_counted = "" if outer == [GOODS_ACCOUNT] else f" in {', '.join(outer)}"
    where_counted_zh = "" if outer == [GOODS_ACCOUNT] else f"（{'、'.join(outer)}）"
    outside = defaultdict(Decimal)
    for acct, d, n in moves:
        if d < period.end and not any(is_under(acct, o) for o in outer):
            outside[acct] += n
    # the tolerance the counts write (`91 ~ 1 RICE`), as bean-check reads them; none: exact
    allowed = [b.tolerance for b in counts if b.account in outer and b.tolerance is not None]
    if abs(books - counted) > sum(allowed, ZERO):
        check.problem = said(f"{day - ONE_DAY} 日终盘点数{where_counted_zh}为 {counted}，账簿为 {books}"
                             f"（差额 {books - counted:+}{f'，超过盘点允许的 {sum(allowed, ZERO)}' if allowed else ''}）；请找出遗漏或记错的分录",
                             f"counted {counted}{where_counted} at the end of {day - ONE_DAY}, the books hold {books} "
                             f"(difference {books - counted:+}{f', more than the {sum(allowed, ZERO)} the count allows' if allowed else ''}); "
                             "find the missing or wrong entry")
    elif any(n != 0 for n in outside.values()) or (day < period.end and any(day <= d < period.end for d, _ in inside)):
        held = ", ".join(f"{acct} {n}" for acct, n in sorted(outside.items()) if n != 0)
        if held:
            held_zh = "、".join(f"{acct} {n}" for acct, n in sorted(outside.items()) if n != 0)
            what = said(f"{day - ONE_DAY} 日终的最近一次盘点{where_counted_zh}没有包括 {held_zh}",
                        f"the last count{where_counted} at the end of {day - ONE_DAY} leaves out {held}")
            note = cat(what, said("；下一次盘点在季末", "; the next stocktake is due at the end of the quarter"))
        else:
            what = said(f"最近一次盘点在 {day - ONE_DAY} 日终", f"the last count is at the end of {day - ONE_DAY}")
            note = said(f"最近一次盘点（{day - ONE_DAY} 日终）后有进出；下一次盘点在季末",
                        f"moved since the last count (at the end of {day - ONE_DAY}); the next stocktake is due at the end of the quarter")
        if due:
            check.problem = said(f"{period} 期末应当盘点，而{what.zh}：{count_due.zh}",
                                 f"a stocktake is due at the end of {period} and {what}: {count_due}")
        else:
            check.note = note
    return check


def check_funds(entries: list[data.Directive], declared: set[str], period: Period, currency: str = CURRENCY) -> FundsCheck:
    """Whether the declared funds' balances add up to the net assets (in `currency`) at the period's end."""
    movements = FundMovements.from_entries(entries, currency=currency)
    changes = movements.changes(period.start, period.end)
    # Why: a gift booked in USD with no value in the books' currency was left out of every
    # fund and of the net assets alike, so the funds "added up" and the month reconciled
    # (bean-check only warns); closing and publishing then left that money out in silence.
    left_out = [(EntryRef.of(txn), currencies) for day, currencies, txn in movements.left_out_funds if day < period.end]
    balances = {fund: change.closing for fund, change in changes.funds.items()}
    declared_balances = {f: v for f, v in sorted(balances.items()) if f in declared}
    for fund in sorted(declared):
        declared_balances.setdefault(fund, ZERO)
    unattributed = {f: v for f, v in sorted(balances.items()) if f not in declared and v != 0}
    total = sum(declared_balances.values(), ZERO)
    return FundsCheck(declared_balances, unattributed, total, changes.net_assets, changes, left_out)


def corrections(facts: Facts, entries: list[data.Directive], period: Period, root: str | None) -> list[Correction]:
    """Entries in the period that correct something (metadata `correction`), and whether
    what they name exists (ledger.closes.corrections)."""
    found_in = [t for t in facts.transactions if t.date in period and corrects(t)]
    if not found_in:
        return []
    index = CorrectionIndex(entries, root)
    return [Correction(EntryRef.of(t), corrects(t), index.find(corrects(t), t) is not None) for t in found_in]
