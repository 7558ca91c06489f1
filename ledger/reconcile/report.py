"""The reconciliation of one period: every check, whether it passes, and what fails.

`build_report(books, period)` runs the checks of ledger.reconcile.checks on loaded books;
`Report.problems()` lists, in plain words, everything that does not reconcile (what
`relief close` prints when it refuses).
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass, field

from beancount.core import data

from ledger.books import Books
from ledger.closes.digest import books_root
from ledger.closes.records import parse_closes, where
from ledger.errors import ReliefError, bilingual, format_error
from ledger.period import Period, PeriodError, books_today, month_of, not_ended
from ledger.reconcile import checks
from ledger.reconcile.held import Held, held_at_end
from ledger.said import Said, cat, said


class NothingToReconcile(ReliefError):
    """The books have no transactions, so there is no period to default to."""


def default_period(entries: list[data.Directive]) -> Period:
    """The last month with transactions."""
    last = max((e for e in entries if isinstance(e, data.Transaction)), default=None, key=lambda e: e.date)
    if last is None:
        # Why: new books of 2026 were told to name "--period 2024-03", a month they do not hold;
        # the example is the month the books begin in (their accounts' opening), else this month
        day = min((e.date for e in entries if isinstance(e, data.Open)), default=None) or books_today()
        raise NothingToReconcile(bilingual(
            "账簿中还没有交易，因此没有可对账的期间：请先记入期初余额和该月的分录（docs/books.md），"
            f"再对该月对账（--period {day.year:04d}-{day.month:02d}）",
            "the books have no transactions yet, so there is no period to reconcile: enter the opening "
            "balance and the month's entries first (docs/books.md), then reconcile that month "
            f"(--period {day.year:04d}-{day.month:02d})"))
    try:
        return month_of(last.date)
    except PeriodError:
        # Why: a month ending on 9999-12-31 is no Period (the day after it is no date), and
        # reconcile stopped with an internal ValueError; the date is a year typed wrong.
        raise NothingToReconcile(bilingual(
            f"最后一笔交易的日期是 {last.date}（{where(last)}），这个月份无法对账（年份是否录错？）：请改正其日期，或用 --period 2024-03 指明期间",
            f"the last transaction is dated {last.date} ({where(last)}), a month that cannot be reconciled "
            "(is the year typed wrong?): correct its date, or name the period with --period 2024-03")) from None


def _error_date(error) -> datetime.date | None:
    entry = getattr(error, "entry", None)
    return getattr(entry, "date", None)


@dataclass
class Report:
    """Everything reconciling a period found: every check's result, the books' errors, the closes covering it."""
    books: str
    period: Period
    accounts: list[checks.AccountCheck]
    gaps: list[checks.Gap]
    pending: list[checks.EntryRef]
    no_receipt: list[checks.EntryRef]
    no_approval: list[checks.EntryRef]
    goods: list[checks.GoodsCheck]
    funds: checks.FundsCheck
    book_errors: list[str]
    corrections: list[checks.Correction] = field(default_factory=list)
    #: statements whose statement_start / statement_end cannot be read (they cover no day)
    unreadable_days: list[checks.EntryRef] = field(default_factory=list)
    closed: list[str] = field(default_factory=list)  # closes covering this period
    #: closes of shorter periods inside this one (a month closed within the quarter)
    closed_within: list[str] = field(default_factory=list)
    #: the books' own date for the report, never the machine's clock: the last entry on or
    #: before the period's end (the period's end when the books go on past it)
    as_of: datetime.date | None = None
    #: display names of funds (registry name_zh / name_en) and goods (commodity metadata)
    names: dict[str, str] = field(default_factory=dict)
    #: the currency money is counted in: the books' first operating currency
    currency: str = checks.CURRENCY
    #: "2027-03 has not ended yet (it ends on 2027-03-31)" for a period that runs or lies
    #: ahead: the verdict says so, rather than only "does not reconcile: 3 problems"
    running: str | None = None
    #: every asset and liability account at the period's end, money in transit and what is
    #: owed entry by entry (ledger.reconcile.held): their lines add up to the net assets
    held: Held | None = None

    def name(self, code: str | None) -> str:
        """'一般帮扶资金 General relief fund (GENERAL)' for a fund id or goods code; the code when unnamed."""
        if not code:
            return ""
        named = self.names.get(code)
        return f"{named} ({code})" if named else code

    @property
    def ok(self) -> bool:
        """True when nothing fails: the period may be closed."""
        return not self.problems()

    def gap_advice(self, gap: checks.Gap) -> Said | str:
        """": what to do" after a gap's days, or nothing while the period runs (its statement
        does not exist yet, and the balances' lines already say so)."""
        return "" if self.running else cat(said("：", ": "), gap.advice)

    def gap_line(self, gap: checks.Gap) -> Said:
        """A gap as the terminal lists it: `Assets:Bank:Basic: 2024-03-01 to 2024-03-05 (5 days) not covered: what to do`."""
        days = f"{gap.days} day{'s' if gap.days != 1 else ''}"
        return cat(said(f"{gap.account}：{gap.start} 至 {gap.end}（{gap.days} 天）", f"{gap.account}: {gap.start} to {gap.end} ({days}) "),
                   gap.what, self.gap_advice(gap))

    def problems(self) -> list[Said]:
        """Everything that does not reconcile, one plain sentence each: the English as the
        string (what code and tests search), the Chinese as its `zh` (ledger.said.both)."""
        out = []
        out += [cat(said(f"{a.label}：", f"{a.label}: "), a.problem) for a in self.accounts if a.problem]
        for g in self.gaps:
            days = f"{g.days} day{'s' if g.days != 1 else ''}"
            if g.rows_only:
                head = self.gap_line(g)
            else:
                head = cat(said(f"{g.account}：{g.start} 至 {g.end}（{g.days} 天）没有任何已导入的对账单覆盖",
                                f"{g.account}: no imported statement covers {g.start} to {g.end} ({days})"), self.gap_advice(g))
            out.append(head)
        out += [cat(said("无法读取的对账单日期（它不覆盖任何一天）：", "statement days that cannot be read (it covers no day): "), r.description,
                    said(f"，位于 {r.location}", f" at {r.location}")) for r in self.unreadable_days]
        out += [self._entry("等待决定（标记 !）", "waiting for a decision (flagged !)", r) for r in self.pending]
        out += [self._entry("捐赠没有收据号", "donation without a receipt number", r) for r in self.no_receipt]
        out += [self._entry("援助没有审批单号", "aid without an approval number", r) for r in self.no_approval]
        out += [cat(said(f"物资 {self.name(g.item)}：", f"goods {self.name(g.item)}: "), g.problem) for g in self.goods if g.problem]
        out += [said(f"基金：{ref.location} 的 {ref.description} 以 {', '.join(currencies)} 变动基金，没有任何数字计入它："
                     f"请给该过账写上以 {self.currency} 计的价值（`@ 汇率 {self.currency}`，或成本）",
                     f"funds: {ref.description} at {ref.location} moves a fund in {', '.join(currencies)}, which no figure counts: "
                     f"give the posting its value in {self.currency} (`@ rate {self.currency}`, or a cost)")
                for ref, currencies in self.funds.left_out]
        off = abs(self.funds.difference) >= checks.TOLERANCE or any(abs(v) >= checks.TOLERANCE for v in self.funds.unattributed.values())
        if off:
            cur = self.currency
            parts = [f"the funds add up to {self.funds.total:,.2f} {cur} but the net assets are {self.funds.net_assets:,.2f} {cur}"]
            parts += [f"{v:,.2f} {cur} belongs to {'no fund' if not f else 'undeclared fund ' + f}" for f, v in self.funds.unattributed.items()]
            zh = [f"各基金合计 {self.funds.total:,.2f} {cur}，但净资产为 {self.funds.net_assets:,.2f} {cur}"]
            zh += [f"{v:,.2f} {cur} {'不属于任何基金' if not f else '属于未登记的基金 ' + f}" for f, v in self.funds.unattributed.items()]
            out.append(said("基金：" + "；".join(zh), "funds: " + "; ".join(parts)))
        # the error is the rules' own message, Chinese first already: said once, after both labels
        out += [said("账簿有错误", f"the books have an error: {e}") for e in self.book_errors]
        return out

    @staticmethod
    def _entry(zh: str, en: str, ref: checks.EntryRef) -> Said:
        """An entry a check lists, with what is wrong with it and where it is."""
        return said(f"{zh}：{ref.description}，位于 {ref.location}", f"{en}: {ref.description} at {ref.location}")

    def warnings(self) -> list[str]:
        """What is worth a look and does not fail the period: money in transit, owed, to be
        received or in a clearing account longer than the settings' days (bilingual, Chinese first)."""
        return self.held.warnings() if self.held is not None else []


def books_date(entries: list[data.Directive], period: Period) -> datetime.date | None:
    """The date the report speaks for: the last dated entry up to the period's end."""
    last = max((e.date for e in entries if e.date < period.end and not isinstance(e, (data.Open, data.Commodity, data.Custom))), default=None)
    if last is None:
        return None
    return period.last_day if any(e.date >= period.end for e in entries if isinstance(e, data.Transaction)) else last


def display_names(books: Books) -> dict[str, str]:
    """Fund ids and goods codes -> "中文名 English name" (either alone when only one is set)."""
    names: dict[str, str] = {}
    for fund in books.registry.funds.values():
        names[fund.id] = " ".join(dict.fromkeys(x for x in (fund.name_zh, fund.name_en) if x and x != fund.id))
    for entry in books.entries:
        if isinstance(entry, data.Commodity):
            meta = entry.meta or {}
            label = " ".join(dict.fromkeys(str(meta[k]) for k in ("name_zh", "name_en") if meta.get(k)))
            if label:
                names[entry.currency] = label
    return {k: v for k, v in names.items() if v}


def build_report(books: Books, period: Period, today: datetime.date | None = None) -> Report:
    """Run every month-end check of `period` on loaded books (`today`: for a period not ended yet)."""
    entries = books.entries
    currency = (books.options.get("operating_currency") or [checks.CURRENCY])[0]
    facts = checks.gather(entries, currency)
    accounts = checks.check_accounts(facts, period, today)
    errors = [e for e in books.errors if (_error_date(e) is None or _error_date(e) < period.end)]
    closes, _ = parse_closes(entries)
    return Report(
        books=str(books.path),
        period=period,
        running=not_ended(period, today),
        accounts=accounts,
        gaps=checks.check_coverage(facts, period, accounts),
        pending=checks.pending_entries(facts, period),
        no_receipt=checks.donations_without_receipt(facts, period),
        no_approval=checks.aid_without_approval(facts, period),
        goods=checks.check_goods(facts, period),
        funds=checks.check_funds(entries, set(books.registry.funds), period, currency),
        book_errors=[format_error(e) for e in errors],
        corrections=checks.corrections(facts, entries, period, books_root(books.options)),
        unreadable_days=checks.unreadable_statement_days(facts, period),
        closed=[str(c.period) for c in closes if c.period.start <= period.start and period.end <= c.period.end],
        closed_within=[str(c.period) for c in closes if period.start <= c.period.start and c.period.end <= period.end
                       and (c.period.start, c.period.end) != (period.start, period.end)],
        as_of=books_date(entries, period),
        names=display_names(books),
        currency=currency,
        held=held_at_end(facts.transactions, period, currency, books.settings.transit_warn_days, books.settings.payable_warn_days,
                         receivable_days=books.settings.receivable_warn_days, clearing_days=books.settings.clearing_warn_days,
                         accounts=facts.opens),
    )
