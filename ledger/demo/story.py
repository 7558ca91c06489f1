"""A year in the life of a fictional centre, as beancount entries (what `relief demo` writes).

The year is simulated day by day so that every entry is right by construction: aid goes
only to a case enrolled that day and within the yearly limits, a restricted fund pays only
its purpose and only what it holds, goods leave stock in the order they came in, receipt
numbers run without gaps (two voids included), and the monthly balance assertions state
the balances the simulation computed. The same seed gives the same year; `transactions`
scales the number of events (and, above the default size, the number of cases and donors
moderately and the amounts down, so the limits still hold).
"""

from __future__ import annotations

import datetime
import hashlib
import itertools
import math
import random
from collections import Counter, defaultdict, deque
from dataclasses import dataclass, field
from decimal import Decimal

from beancount.core import data
from beancount.core.amount import Amount
from beancount.core.number import MISSING
from beancount.core.position import CostSpec
from beancount.parser.grammar import ValueType

from ledger.accounts import (
    AID_ROOT,
    BANK_FEES_ACCOUNT,
    BANK_ROOT,
    CASH_ACCOUNT,
    DONATION_ACCOUNTS,
    EDUCATION_AID_ACCOUNT,
    ENTERPRISE_DONATION_ACCOUNT,
    FUND_TRANSFER_ACCOUNT,
    GOODS_ACCOUNT,
    GOODS_AID_ACCOUNT,
    GOVERNMENT_ACCOUNT,
    HOLIDAY_AID_ACCOUNT,
    IN_KIND_DONATION_ACCOUNT,
    INDIVIDUAL_DONATION_ACCOUNT,
    INTEREST_ACCOUNT,
    MEDICAL_AID_ACCOUNT,
    OFFICE_ACCOUNT,
    OPENING_BALANCES_ACCOUNT,
    RECEIVABLE_ROOT,
    UNION_ACCOUNT,
    is_under,
)
from ledger.demo import names, paperwork
from ledger.demo.people import END, START, YEAR, CasePlan, plan_cases, plan_donors
from ledger.registry import GENERAL_FUND
from ledger.settings import Settings

DEFAULT_TRANSACTIONS = 3000
BANK = f"{BANK_ROOT}:Basic"
CASH = CASH_ACCOUNT
GOODS = GOODS_ACCOUNT
RECEIVABLE_GOV = f"{RECEIVABLE_ROOT}:Government"
CENT = Decimal("0.01")

EDU, HOLIDAY, MEDICAL = "EDU-2026", "HOLIDAY-2026", "MEDICAL-GOV-2026"

#: id -> (name_zh, name_en, purpose, source, declared, start, end)
FUNDS = {
    HOLIDAY: ("2026年“两节”送温暖专项资金", "2026 New Year and Spring Festival visits fund", HOLIDAY_AID_ACCOUNT,
              UNION_ACCOUNT, datetime.date(2026, 1, 1), datetime.date(2026, 1, 1), datetime.date(2026, 2, 28)),
    MEDICAL: ("2026年政府医疗救助专项资金", "2026 government medical-aid grant", MEDICAL_AID_ACCOUNT,
              GOVERNMENT_ACCOUNT, datetime.date(2026, 3, 1), datetime.date(2026, 3, 1), None),
    EDU: ("2026年金秋助学专项资金", "2026 autumn education aid fund", EDUCATION_AID_ACCOUNT,
          ENTERPRISE_DONATION_ACCOUNT, datetime.date(2026, 6, 20), datetime.date(2026, 7, 1), datetime.date(2026, 12, 31)),
}

#: commodity -> (name_zh, name_en, unit_zh, unit_en, lowest and highest cost in fen)
GOODS_ITEMS = {
    "RICE": ("大米（10公斤装）", "Rice (10 kg)", "袋", "bag", (5500, 6200)),
    "OIL": ("食用油（5升装）", "Cooking oil (5 l)", "桶", "drum", (6200, 7500)),
    "FLOUR": ("面粉（10公斤装）", "Flour (10 kg)", "袋", "bag", (3800, 4500)),
    "QUILT": ("棉被", "Quilt", "床", "piece", (15000, 22000)),
    "MILK": ("纯牛奶（整箱）", "Milk (case)", "箱", "case", (4800, 6000)),
}

#: aid category -> (weight among single grants, lowest, highest, rounding step, narrations)
AID = {
    "Living": (30, 500, 3000, 100, ("困难职工生活救助金", "特困职工临时救助金", "困难职工基本生活补助")),
    "Medical": (25, 1000, 8000, 100, ("大病医疗救助金", "住院医疗救助（医保报销后自付部分）", "门诊慢性病医疗救助")),
    "Education": (8, 1000, 3000, 100, ("困难职工子女助学金", "新生入学资助", "困难职工子女学费补助")),
    "Employment": (14, 300, 2000, 50, ("职业技能培训补贴", "就业援助：岗位推荐交通补贴", "灵活就业创业扶持补助")),
    "Legal": (8, 500, 3000, 100, ("法律援助：劳动争议仲裁代理费", "法律援助：追索劳动报酬律师费", "法律援助：工伤认定代理费")),
    "Holiday": (15, 200, 1000, 100, ("走访慰问金",)),
}
OFFICE = ("购买办公用品", "印制帮扶审批表及档案盒", "邮寄捐赠回执（挂号信）", "帮扶走访交通费", "打印机耗材")

#: share of the random events (the rest of the year is fixed: allocations, batches, fees...)
SHARES = {"donation": 36, "goods_in": 1, "aid": 48, "goods_out": 12, "office": 3}
FIXED_ESTIMATE = 100
#: Receipt numbers have five digits (docs/books.md): at most 99,999 donations a year. Besides
#: the random gifts, the donation box (12) and the voids (2) take numbers; keep a margin.
MAX_RECEIPTS = 99_999 - 12 - 2 - 50


def event_counts(transactions: int) -> dict[str, int]:
    """How many of each random event the year has; above ~270k transactions the donations
    stop growing (receipt numbers would run out) and the rest become aid."""
    r_events = max(100, transactions - FIXED_ESTIMATE)
    total = sum(SHARES.values())
    counts = {kind: round(r_events * share / total) for kind, share in SHARES.items()}
    excess = counts["donation"] + counts["goods_in"] - MAX_RECEIPTS
    if excess > 0:
        counts["donation"] -= excess
        counts["aid"] += excess
    return counts


@dataclass(frozen=True)
class Scale:
    """How big a demo year is: random events, cases, donors, and the factor on every money amount.

    Above the default size the factor is below 1, so that more aid per case-year still stays
    within the yearly limits.
    """

    transactions: int
    cases: int
    donors: int
    factor: float  # money amounts are multiplied by it (rounded to whole yuan steps)


def scale_for(transactions: int) -> Scale:
    """About 300 cases and 150 donors at the default size; more, and smaller amounts, above it."""
    s = transactions / DEFAULT_TRANSACTIONS
    if s >= 1:
        root = math.sqrt(s)
        return Scale(transactions, round(300 * root), round(150 * root), 1 / root)
    return Scale(transactions, max(40, round(300 * s)), max(30, round(150 * s)), 1.0)


@dataclass
class DemoYear:
    """Everything the writer needs: registries, commodities, dated entries, files."""

    funds: list[data.Custom]
    donors: list[data.Custom]
    cases: list[data.Custom]
    commodities: list[data.Commodity]
    entries: list[data.Directive]
    documents: dict[str, str]
    private_cases: list[dict[str, str]]
    counts: dict[str, int] = field(default_factory=dict)


def _custom(day: datetime.date, kind: str, values: list, meta: dict) -> data.Custom:
    return data.Custom(meta, day, kind, [ValueType(v, type(v)) for v in values])


def _posting(account: str, number: Decimal | None = None, currency: str = "CNY", cost: CostSpec | None = None, meta=None) -> data.Posting:
    units = None if number is None else Amount(number, currency)
    return data.Posting(account, units, cost, None, None, meta)


def _weekday(day: datetime.date) -> datetime.date:
    while day.weekday() >= 5:
        day += datetime.timedelta(days=1)
    return day


def _last_weekday(year: int, month: int) -> datetime.date:
    day = (datetime.date(year + month // 12, month % 12 + 1, 1)) - datetime.timedelta(days=1)
    while day.weekday() >= 5:
        day -= datetime.timedelta(days=1)
    return day


#: 2026 public holidays (元旦, 春节, 清明, 劳动节, 端午, 中秋, 国庆): no office work, fewer gifts.
HOLIDAYS_2026 = (
    ((1, 1), (1, 3)), ((2, 15), (2, 23)), ((4, 4), (4, 6)), ((5, 1), (5, 5)),
    ((6, 19), (6, 21)), ((9, 25), (9, 27)), ((10, 1), (10, 7)),
)


def _public_holiday(day: datetime.date) -> bool:
    return any(datetime.date(YEAR, *first) <= day <= datetime.date(YEAR, *last) for first, last in HOLIDAYS_2026)


class Story:
    """The simulation's state and its events; `run()` returns the DemoYear."""

    def __init__(self, seed: int, transactions: int, settings: Settings):
        self.rng = random.Random(seed)
        self.scale = scale_for(transactions)
        self.settings = settings
        self.limits = dict(sorted(settings.aid_limits.items()))
        self.entries: list[data.Directive] = []
        self.documents: dict[str, str] = {}
        self.bank = Decimal(0)
        self.cash = Decimal(0)
        self.fund = defaultdict(Decimal)
        self.stock: dict[str, deque] = {item: deque() for item in GOODS_ITEMS}
        self.aid_totals: dict[tuple[str, str], Decimal] = defaultdict(Decimal)
        self.receipt = self.approval = self.ref = 0
        self.tax_receipts = 0  # official donation receipts (公益事业捐赠票据) issued
        self.statement: dict[int, list[str]] = defaultdict(list)
        self.transfers_out = 0
        self.active: list[CasePlan] = []
        self.counts: Counter = Counter()
        # Registries
        self.donors = plan_donors(self.rng, self.scale.donors)
        public_text = "".join(d.name + d.display for d in self.donors) + "".join(names.UNITS) + names.CENTRE_ZH
        self.cases = plan_cases(self.rng, self.scale.cases, public_text)
        self.donor_cum_weights = list(itertools.accumulate(d.weight for d in self.donors))  # once, not per draw
        self.goods_donors = [d for d in self.donors if d.kind != "individual"]
        self.counts_planned = event_counts(transactions)
        self.expected_aid = self.counts_planned["aid"] * 2200 * self.scale.factor + self.scale.cases * 1000 * self.scale.factor
        n_receipts = self.counts_planned["donation"] + self.counts_planned["goods_in"]
        self.voids = set(self.rng.sample(range(5, max(10, n_receipts // 2)), 2))

    # -- small helpers --------------------------------------------------------------------

    def money(self, base: int, step: int = 100) -> Decimal:
        """A base amount (yuan) scaled for the size of the books, rounded to a step."""
        value = base * self.scale.factor
        step = step if value >= 2 * step else 10
        return Decimal(max(step, int(round(value / step)) * step)).quantize(CENT)

    def txn(self, day, narration, postings, payee=None, links=None, **meta) -> data.Transaction:
        """Append a cleared transaction (metadata with None values dropped) and count it; returns it."""
        meta = {k: v for k, v in meta.items() if v is not None}
        entry = data.Transaction(meta, day, "*", payee, narration, data.EMPTY_SET, frozenset(links or ()), postings)
        self.entries.append(entry)
        self.counts["transactions"] += 1
        return entry

    def bank_line(self, day: datetime.date, amount: Decimal, summary: str, counterparty: str) -> str:
        """Move the bank balance, add the statement row, return the bank's reference."""
        self.ref += 1
        ref = f"ICBC{day:%Y%m%d}{self.ref:07d}"
        self.bank += amount
        if amount < 0:
            self.transfers_out += 1
        self.statement[day.month].append(paperwork.statement_row(day, ref, summary, counterparty, amount, self.bank))
        return ref

    def tax_receipt(self) -> dict[str, str]:
        """An official donation receipt (公益事业捐赠票据) for an enterprise's gift: the demo's
        centre issues one to every enterprise. Numbered in sequence, no random draw (the
        rest of the story stays as it was); fictional code and check code."""
        self.tax_receipts += 1
        number = f"{self.tax_receipts:010d}"
        check = hashlib.sha256(f"demo-tax-receipt-{number}".encode()).hexdigest()[:6]
        return {"tax_receipt_code": "33010126", "tax_receipt": number, "tax_receipt_check": check}

    def next_receipt(self, day: datetime.date) -> str:
        """The next receipt number; numbers drawn to be voided get a `receipt-void` entry on the way, so the sequence has no gap."""
        self.receipt += 1
        while self.receipt in self.voids:
            number = self.settings.receipt(YEAR, self.receipt)
            self.entries.append(_custom(day, "receipt-void", [number], {"reason": "开具错误，已作废"}))
            self.counts["voids"] += 1
            self.receipt += 1
        return self.settings.receipt(YEAR, self.receipt)

    def next_approval(self) -> str:
        """The next approval number (SP-2026-0001, ...): every aid payment and batch names the decision behind it."""
        self.approval += 1
        return f"SP-{YEAR}-{self.approval:04d}"

    def within_limits(self, case: str, account: str, amount: Decimal) -> bool:
        """Whether `amount` under `account` keeps the case within every yearly limit that covers the account."""
        return all(self.aid_totals[(case, acct)] + amount <= limit for acct, limit in self.limits.items() if is_under(account, acct))

    def record_aid(self, case: str, account: str, amount: Decimal) -> None:
        """Count `amount` towards the case's yearly totals for every limit that covers `account`."""
        for acct in self.limits:
            if is_under(account, acct):
                self.aid_totals[(case, acct)] += amount

    def pick_case(self, account: str, amount: Decimal) -> CasePlan | None:
        """An active case that can take `amount` under `account` within its limits: a few random tries, else None.

        None drops the event: the books must hold no aid over a limit.
        """
        for _ in range(6):
            case = self.rng.choice(self.active)
            if self.within_limits(case.id, account, amount):
                return case
        return None

    def ensure_cash(self, day: datetime.date, amount: Decimal) -> None:
        """Draw petty cash from the bank when the till cannot pay `amount`."""
        if self.cash >= amount:
            return
        draw = max(self.money(10000, 1000), (amount - self.cash + 999) // 1000 * 1000)
        ref = self.bank_line(day, -draw, "现金支取", "库存现金")
        self.cash += draw
        self.txn(day, "提取备用金", [_posting(CASH, draw), _posting(BANK, -draw)], source_ref=ref)

    def restricted_fund_for(self, account: str, day: datetime.date, amount: Decimal) -> str:
        """The restricted fund that pays this use today if one can, else GENERAL."""
        for fund_id, (_, _, purpose, _, _, start, end) in FUNDS.items():
            if is_under(account, purpose) and start <= day and (end is None or day < end) and self.fund[fund_id] >= amount:
                return fund_id
        return GENERAL_FUND

    def statement_document(self, month: int) -> None:
        """The month's bank statement file and its `document` entry (docs/books.md, Statements)."""
        first = datetime.date(YEAR, month, 1)
        last = (first + datetime.timedelta(days=31)).replace(day=1) - datetime.timedelta(days=1)
        rel = f"documents/statements/{last:%Y-%m-%d}.icbc-statement.csv"
        self.documents[rel] = paperwork.statement_preamble(first, last) + paperwork.STATEMENT_HEADER + "".join(self.statement[month])
        meta = {"statement_start": first, "statement_end": last}
        self.entries.append(data.Document(meta, last, BANK, f"../{rel}", data.EMPTY_SET, data.EMPTY_SET))

    def approval_document(self, day: datetime.date, number: str, account: str, title: str, fund: str, lines) -> None:
        """A batch's approval form under documents/approvals/ and its `document` entry, linked by the approval number."""
        rel = f"documents/approvals/{number}.txt"
        self.documents[rel] = paperwork.approval_form(number, day, title, fund, lines)
        self.entries.append(data.Document({}, day, account, f"../{rel}", data.EMPTY_SET, frozenset({number})))

    # -- fixed events ---------------------------------------------------------------------

    def opening(self, day: datetime.date) -> None:
        """1 January: what was held at the end of 2025 (bank, cash, goods at cost), opening money of GENERAL."""
        bank = Decimal(max(50000, round(self.expected_aid * 0.25, -3))).quantize(CENT)
        cash = Decimal("3000.00")
        goods = [("RICE", 100, Decimal("56.00")), ("OIL", 60, Decimal("65.50")), ("QUILT", 20, Decimal("168.00"))]
        postings = [_posting(BANK, bank), _posting(CASH, cash)]
        total = bank + cash
        for item, qty, cost in goods:
            postings.append(_posting(GOODS, Decimal(qty), item, CostSpec(cost, None, "CNY", None, None, False)))
            self.stock[item].append([qty, cost])
            total += qty * cost
        postings.append(_posting(OPENING_BALANCES_ACCOUNT, -total))
        self.bank, self.cash = bank, cash
        self.fund[GENERAL_FUND] += total
        self.txn(day, "期初余额（2025年末结转）", postings, fund=GENERAL_FUND)

    def union_allocation(self, day: datetime.date, fund: str, share: float, narration: str) -> None:
        """Money the city federation of trade unions allocates to `fund`: `share` of the year's expected aid, at least 10,000 yuan."""
        amount = Decimal(max(10000, round(self.expected_aid * share, -3))).quantize(CENT)
        ref = self.bank_line(day, amount, "工会经费拨入", "江临市总工会")
        self.fund[fund] += amount
        self.txn(day, narration, [_posting(BANK, amount), _posting(UNION_ACCOUNT, -amount)], payee="江临市总工会", fund=fund, source_ref=ref)

    def grant_approved(self, day: datetime.date, batch: str) -> None:
        """The government approves a batch of the medical-aid grant: a receivable of MEDICAL, with its letter.

        The money arrives weeks later (grant_received): the fund is raised when the grant is
        approved, not when it is paid.
        """
        amount = Decimal(max(20000, round(self.expected_aid * 0.08, -3))).quantize(CENT)
        self.fund[MEDICAL] += amount
        title = f"2026年困难职工医疗救助专项资金（{batch}）"
        rel = f"documents/grants/{day:%Y-%m-%d}.medical-grant-{'1' if batch == '第一批' else '2'}.txt"
        self.documents[rel] = paperwork.grant_letter(day, title, amount)
        link = f"GRANT-{YEAR}-{1 if batch == '第一批' else 2}"
        self.txn(day, f"{title}批复下达", [_posting(RECEIVABLE_GOV, amount), _posting(GOVERNMENT_ACCOUNT, -amount)],
                 payee=f"{names.CITY}财政局", links=[link], fund=MEDICAL)
        self.entries.append(data.Document({}, day, RECEIVABLE_GOV, f"../{rel}", data.EMPTY_SET, frozenset({link})))
        self.pending_grant = (amount, link, title)

    def grant_received(self, day: datetime.date) -> None:
        """The approved grant reaches the bank and settles the receivable (the same link)."""
        amount, link, title = self.pending_grant
        ref = self.bank_line(day, amount, "财政拨款", f"{names.CITY}财政局")
        self.txn(day, f"{title}到账", [_posting(BANK, amount), _posting(RECEIVABLE_GOV, -amount)],
                 payee=f"{names.CITY}财政局", links=[link], fund=MEDICAL, source_ref=ref)

    def interest(self, day: datetime.date) -> None:
        """Quarterly interest on the bank balance (0.35 % a year, for 90 days) into GENERAL; none on an empty account."""
        amount = (self.bank * Decimal("0.0035") * 90 / 360).quantize(CENT)
        if amount <= 0:
            return
        ref = self.bank_line(day, amount, "结息", "中国工商银行")
        self.fund[GENERAL_FUND] += amount
        self.txn(day, "活期存款季度结息", [_posting(BANK, amount), _posting(INTEREST_ACCOUNT, -amount)], fund=GENERAL_FUND, source_ref=ref)

    def bank_fees(self, day: datetime.date) -> None:
        """Month-end bank charges, from GENERAL: 10 yuan account fee plus 0.50 per transfer out since the last charge."""
        amount = (Decimal("10.00") + Decimal("0.50") * self.transfers_out).quantize(CENT)
        self.transfers_out = 0
        ref = self.bank_line(day, -amount, "手续费", "中国工商银行")
        self.fund[GENERAL_FUND] -= amount
        self.txn(day, f"{day.month}月账户管理费及转账手续费", [_posting(BANK_FEES_ACCOUNT, amount), _posting(BANK, -amount)],
                 fund=GENERAL_FUND, source_ref=ref)

    def donation_box(self, day: datetime.date) -> None:
        """The monthly opening of the donation box: anonymous cash (donor ANON) counted and receipted as one gift."""
        amount = self.money(self.rng.randint(8, 40) * 100, 10)
        self.cash += amount
        self.fund[GENERAL_FUND] += amount
        self.txn(day, "爱心捐款箱开箱（现场清点，二人签字）", [_posting(CASH, amount), _posting(INDIVIDUAL_DONATION_ACCOUNT, -amount)],
                 payee="匿名捐赠人", fund=GENERAL_FUND, donor="ANON", receipt=self.next_receipt(day))
        self.box_amount = amount

    def deposit_box(self, day: datetime.date) -> None:
        """The box's cash goes to the bank the working day after it was opened."""
        amount = min(self.box_amount, self.cash)
        ref = self.bank_line(day, amount, "现金存入", "库存现金")
        self.cash -= amount
        self.txn(day, "捐款箱现金存入银行", [_posting(BANK, amount), _posting(CASH, -amount)], source_ref=ref)

    def batch(self, day: datetime.date, unit: str, kind: str) -> None:
        """A batch grant to every eligible case of one unit: holiday visits or autumn education aid."""
        if kind == "Holiday":
            eligible = sorted((c for c in self.active if c.unit == unit), key=lambda c: c.id)
            title, account = "“两节”送温暖慰问金集中发放", HOLIDAY_AID_ACCOUNT
            amounts = [self.money(1000 if (c.new_household or c.household) >= 4 else 800, 100) for c in eligible]
        else:
            eligible = sorted((c for c in self.active if c.unit == unit and c.student), key=lambda c: c.id)
            title, account = "金秋助学金集中发放", EDUCATION_AID_ACCOUNT
            amounts = [self.money(self.rng.choice((2000, 3000, 5000)), 100) for c in eligible]
        restricted = HOLIDAY if kind == "Holiday" else EDU
        parts: dict[str, list[tuple[str, Decimal]]] = {restricted: [], GENERAL_FUND: []}
        available = self.fund[restricted]
        for case, amount in zip(eligible, amounts, strict=False):
            if not self.within_limits(case.id, account, amount):
                continue
            fund = restricted if available >= amount else GENERAL_FUND
            if fund == restricted:
                available -= amount
            parts[fund].append((case.id, amount))
        for fund, lines in parts.items():
            total = sum((a for _, a in lines), Decimal(0))
            if not lines or total > self.bank:
                continue
            number = self.next_approval()
            fund_zh = FUNDS[fund][0] if fund in FUNDS else "一般帮扶资金"
            narration = f"{title}（{unit}）" + ("" if fund == restricted else "，专项不足部分由一般帮扶资金列支")
            ref = self.bank_line(day, -total, "批量代发", f"代发{len(lines)}户（见审批单{number}）")
            postings = [_posting(account, a, meta={"case": c}) for c, a in lines] + [_posting(BANK, -total)]
            for c, a in lines:
                self.record_aid(c, account, a)
            self.fund[fund] -= total
            self.txn(day, narration, postings, links=[number], fund=fund, approval=number, unit=unit, source_ref=ref)
            self.approval_document(day, number, account, narration, fund_zh, lines)
            self.counts["batches"] += 1

    def close_fund(self, day: datetime.date, fund: str) -> None:
        """Wind up a restricted fund: its remainder moves to GENERAL through Equity:FundTransfers."""
        remainder = self.fund[fund]
        if remainder <= 0:
            return
        rel = f"documents/approvals/{fund}-closing.txt"
        link = f"{fund}-closing"
        self.documents[rel] = paperwork.fund_closing(day, FUNDS[fund][0], remainder)
        self.fund[fund] = Decimal(0)
        self.fund[GENERAL_FUND] += remainder
        self.txn(day, f"{FUNDS[fund][0]}结余转入一般帮扶资金", [
            _posting(FUND_TRANSFER_ACCOUNT, remainder, meta={"fund": fund}),
            _posting(FUND_TRANSFER_ACCOUNT, -remainder, meta={"fund": GENERAL_FUND}),
        ], links=[link], approval=link)
        self.entries.append(data.Document({}, day, FUND_TRANSFER_ACCOUNT, f"../{rel}", data.EMPTY_SET, frozenset({link})))

    # -- random events --------------------------------------------------------------------

    def donation(self, day: datetime.date) -> None:
        """A gift by bank transfer from a weighted random donor, receipted; enterprises also get an official tax receipt.

        In summer many go to the education fund and around the New Year to the holiday visits fund;
        a donor anonymous to all appears as 匿名捐赠人 even as the payee.
        """
        donor = self.rng.choices(self.donors, cum_weights=self.donor_cum_weights)[0]
        amount = self.money(self.rng.choices(donor.amounts, donor.amount_weights)[0], 10)
        fund, narration = GENERAL_FUND, "爱心捐款"
        if datetime.date(YEAR, 7, 1) <= day <= datetime.date(YEAR, 9, 30) and self.rng.random() < 0.6:
            fund, narration = EDU, "金秋助学捐款"
        elif day <= datetime.date(YEAR, 2, 10) and self.rng.random() < 0.5:
            fund, narration = HOLIDAY, "“两节”送温暖捐款"
        account = DONATION_ACCOUNTS[donor.kind]
        payee = "匿名捐赠人" if donor.anonymous == "all" else donor.name
        ref = self.bank_line(day, amount, "转账存入", payee)
        self.fund[fund] += amount
        self.txn(day, narration, [_posting(BANK, amount), _posting(account, -amount)], payee=payee,
                 fund=fund, donor=donor.id, receipt=self.next_receipt(day), source_ref=ref,
                 **(self.tax_receipt() if donor.kind == "enterprise" else {}))

    def goods_in(self, day: datetime.date) -> None:
        """A gift in kind from an enterprise or organisation: goods at cost into stock and GENERAL, receipted.

        `valuation` records how the cost was set (invoice, market price or the donor's statement).
        """
        donor = self.rng.choice(self.goods_donors)
        item = self.rng.choice(list(GOODS_ITEMS))
        low, high = GOODS_ITEMS[item][4]
        cost = (Decimal(self.rng.randint(low, high)) / 100).quantize(CENT)
        qty = self.rng.randint(2, 12) * 5
        total = (qty * cost).quantize(CENT)
        valuation = self.rng.choices(("invoice", "market", "donor"), (5, 3, 2))[0]
        self.stock[item].append([qty, cost])
        self.fund[GENERAL_FUND] += total
        self.txn(day, f"捐赠{GOODS_ITEMS[item][0]}{qty}{GOODS_ITEMS[item][2]}", [
            _posting(GOODS, Decimal(qty), item, CostSpec(cost, None, "CNY", None, None, False)),
            _posting(IN_KIND_DONATION_ACCOUNT, -total),
        ], payee=donor.name, fund=GENERAL_FUND, donor=donor.id, receipt=self.next_receipt(day), valuation=valuation)

    def goods_out(self, day: datetime.date) -> None:
        """Goods from stock to one case within its limits, valued first in, first out, paid by GENERAL."""
        in_stock = [item for item, lots in self.stock.items() if lots]
        if not in_stock or not self.active:
            return
        chosen = sorted(self.rng.sample(in_stock, min(len(in_stock), self.rng.choice((1, 1, 2)))), key=list(GOODS_ITEMS).index)
        plan = []
        for item in chosen:
            qty = min(self.rng.choice((1, 1, 2)), sum(lot[0] for lot in self.stock[item]))
            plan.append((item, qty, self.fifo_cost(item, qty)))
        value = sum((c for _, _, c in plan), Decimal(0))
        case = self.pick_case(GOODS_AID_ACCOUNT, value)
        if case is None:
            return
        for item, qty, _ in plan:
            self.take(item, qty)
        self.record_aid(case.id, GOODS_AID_ACCOUNT, value)
        self.fund[GENERAL_FUND] -= value
        postings = [_posting(GOODS, Decimal(-qty), item, CostSpec(MISSING, None, MISSING, None, None, False)) for item, qty, _ in plan]
        postings.append(_posting(GOODS_AID_ACCOUNT))
        what = "、".join(GOODS_ITEMS[item][0].split("（")[0] for item, _, _ in plan)
        self.txn(day, f"慰问物资发放（{what}）（{case.unit}）", postings, fund=GENERAL_FUND, case=case.id,
                 approval=self.next_approval(), unit=case.unit)

    def fifo_cost(self, item: str, qty: int) -> Decimal:
        """What `qty` of an item costs taken first in, first out from the lots in stock (nothing is taken)."""
        total, left = Decimal(0), qty
        for lot_qty, cost in self.stock[item]:
            take = min(left, lot_qty)
            total += take * cost
            left -= take
            if not left:
                break
        return total.quantize(CENT)

    def take(self, item: str, qty: int) -> None:
        """Take `qty` of an item out of stock, oldest lots first (the order fifo_cost priced them in)."""
        lots = self.stock[item]
        while qty:
            if lots[0][0] <= qty:
                qty -= lots.popleft()[0]
            else:
                lots[0][0] -= qty
                qty = 0

    def aid(self, day: datetime.date) -> None:
        """A single grant to one active case, from a restricted fund when one can pay it, else GENERAL.

        Category and amount are weighted random; small living and holiday grants are sometimes paid
        in cash. The grant is dropped when no case can take it within its limits or the bank cannot
        pay it.
        """
        if not self.active:
            return
        category = self.rng.choices(list(AID), [v[0] for v in AID.values()])[0]
        _, low, high, step, narrations = AID[category]
        account = f"{AID_ROOT}:{category}"
        amount = self.money(self.rng.randint(low // step, high // step) * step, step)
        case = self.pick_case(account, amount)
        if case is None:
            return
        narration = self.rng.choice(narrations)
        if category == "Holiday":
            narration = "“两节”送温暖慰问金" if day.month <= 2 else "中秋国庆慰问金" if day.month in (9, 10) else narration
        narration = f"{narration}（{case.unit}）"
        fund = self.restricted_fund_for(account, day, amount)
        number = self.next_approval()
        by_cash = category in ("Holiday", "Living") and amount <= self.money(1000) and self.rng.random() < 0.4
        if by_cash:
            self.ensure_cash(day, amount)
            self.cash -= amount
            pay, ref = CASH, None
        else:
            if self.bank < amount:
                return
            pay, ref = BANK, self.bank_line(day, -amount, "转账支取", f"帮扶对象（见审批单{number}）")
        self.record_aid(case.id, account, amount)
        self.fund[fund] -= amount
        self.txn(day, narration, [_posting(account, amount), _posting(pay, -amount)], fund=fund, case=case.id,
                 approval=number, unit=case.unit, source_ref=ref)

    def office(self, day: datetime.date) -> None:
        """A small office expense of GENERAL, paid in cash or by transfer."""
        amount = Decimal(self.rng.randint(5, 80) * 10).quantize(CENT)
        narration = self.rng.choice(OFFICE)
        if self.rng.random() < 0.5:
            self.ensure_cash(day, amount)
            self.cash -= amount
            pay, ref = CASH, None
        else:
            pay, ref = BANK, self.bank_line(day, -amount, "转账支取", "江临市文印服务部")
        self.fund[GENERAL_FUND] -= amount
        self.txn(day, narration, [_posting(OFFICE_ACCOUNT, amount), _posting(pay, -amount)], fund=GENERAL_FUND, source_ref=ref)

    # -- the year -------------------------------------------------------------------------

    def _weights(self, kind: str, days: list[datetime.date]) -> list[float]:
        out = []
        for day in days:
            weekend = day.weekday() >= 5 or _public_holiday(day)
            if kind == "donation":
                w = 0.3 if weekend else 1.0
                w *= 1.8 if day <= datetime.date(YEAR, 2, 10) else 1.6 if 7 <= day.month <= 9 else 1.5 if day.month == 12 else 1.0
            elif weekend:
                w = 0.0
            elif kind == "aid":
                w = 1.4 if day.month == 1 else 1.2 if day.month in (2, 8, 9) else 1.3 if day.month == 12 else 1.0
            elif kind == "goods_out":
                w = 2.0 if day.month <= 2 else 1.5 if day.month in (9, 12) else 1.0
            else:
                w = 1.0
            out.append(w)
        return out

    def _fixed(self) -> dict[datetime.date, list]:
        fixed: dict[datetime.date, list] = defaultdict(list)
        d = datetime.date
        fixed[START].append(self.opening)
        fixed[d(YEAR, 1, 6)].append(lambda day: self.union_allocation(day, HOLIDAY, 0.05, "市总工会下拨“两节”送温暖专项经费"))
        for i, unit in enumerate(names.UNITS):
            fixed[_weekday(d(YEAR, 1, 19) + datetime.timedelta(days=i * 2))].append(lambda day, u=unit: self.batch(day, u, "Holiday"))
            fixed[_weekday(d(YEAR, 8, 24) + datetime.timedelta(days=i * 2))].append(lambda day, u=unit: self.batch(day, u, "Education"))
        fixed[d(YEAR, 3, 10)].append(lambda day: self.grant_approved(day, "第一批"))
        fixed[d(YEAR, 4, 8)].append(self.grant_received)
        fixed[d(YEAR, 9, 15)].append(lambda day: self.grant_approved(day, "第二批"))
        fixed[d(YEAR, 10, 20)].append(self.grant_received)
        for month in (3, 6, 9, 12):
            fixed[_weekday(d(YEAR, month, 12))].append(lambda day: self.union_allocation(day, GENERAL_FUND, 0.03, "市总工会帮扶资金季度拨付"))
            fixed[d(YEAR, month, 21)].append(self.interest)
        fixed[d(YEAR, 8, 10)].append(lambda day: self.union_allocation(day, EDU, 0.02, "市总工会金秋助学配套资金"))
        for month in range(1, 13):
            box = _weekday(d(YEAR, month, 25) if month != 2 else d(YEAR, 2, 10))
            fixed[box].append(self.donation_box)
            fixed[_weekday(box + datetime.timedelta(days=1))].append(self.deposit_box)
            fixed[_last_weekday(YEAR, month)].append(self.bank_fees)
        return fixed

    def run(self) -> DemoYear:
        """Simulate the year day by day and return it.

        Each day: the month's balance assertions on the 1st, then enrolments and exits, the fixed
        events, the random events in a fixed order (gifts, goods in, aid, goods out, office),
        funds closed at their end, and the month's bank statement on its last day.
        """
        days = [START + datetime.timedelta(days=i) for i in range((END - START).days + 1)]
        random_events: dict[datetime.date, list[str]] = defaultdict(list)
        for kind, count in self.counts_planned.items():
            for day in self.rng.choices(days, self._weights(kind, days), k=count):
                random_events[day].append(kind)
        order = {"donation": 0, "goods_in": 1, "aid": 2, "goods_out": 3, "office": 4}
        fixed = self._fixed()
        enrol: dict[datetime.date, list[CasePlan]] = defaultdict(list)
        leave: dict[datetime.date, list[CasePlan]] = defaultdict(list)
        for case in self.cases:
            enrol[max(case.enrolled, START)].append(case)
            if case.exited:
                leave[case.exited].append(case)
        handlers = {kind: getattr(self, kind) for kind in order}
        for day in days:
            if day.day == 1 and day != START:
                self.assert_balances(day)
            self.active.extend(enrol.get(day, ()))
            if day in leave:
                gone = {c.id for c in leave[day]}
                self.active = [c for c in self.active if c.id not in gone]
            for event in fixed.get(day, ()):
                event(day)
            for kind in sorted(random_events.get(day, ()), key=order.__getitem__):
                handlers[kind](day)
            if day == FUNDS[HOLIDAY][6]:
                self.close_fund(day, HOLIDAY)
            if day == FUNDS[EDU][6]:
                self.close_fund(day, EDU)
            if (day + datetime.timedelta(days=1)).day == 1:
                self.statement_document(day.month)
        self.assert_balances(END + datetime.timedelta(days=1))
        self.entries.sort(key=lambda e: e.date)  # stable: same-day entries keep their order
        return DemoYear(self.fund_entries(), self.donor_entries(), self.case_entries(), self.commodity_entries(),
                        self.entries, self.documents, [dict(case=c.id, **c.private) for c in self.cases], dict(self.counts))

    def assert_balances(self, day: datetime.date) -> None:
        """Month-end balances, asserted on the 1st: the bank's closing balance, the cash count,
        and each quarter a stocktake of the goods."""
        last = day - datetime.timedelta(days=1)
        statement = {"statement_start": last.replace(day=1), "statement_end": last}
        self.entries.append(data.Balance(statement, day, BANK, Amount(self.bank, "CNY"), None, None))
        self.entries.append(data.Balance({}, day, CASH, Amount(self.cash, "CNY"), None, None))
        if day.month in (1, 4, 7, 10):
            for item, lots in self.stock.items():
                self.entries.append(data.Balance({}, day, GOODS, Amount(Decimal(sum(q for q, _ in lots)), item), None, None))

    # -- registries -----------------------------------------------------------------------

    def fund_entries(self) -> list[data.Custom]:
        """The restricted funds' `fund` declarations, by the day each was declared (GENERAL is the template's)."""
        out = []
        for fund_id, (zh, en, purpose, source, declared, start, end) in FUNDS.items():
            meta = {"name_zh": zh, "name_en": en, "purpose": purpose, "source": source, "start": start}
            if end:
                meta["end"] = end
            out.append(_custom(declared, "fund", [fund_id, "restricted"], meta))
        return sorted(out, key=lambda e: e.date)

    def donor_entries(self) -> list[data.Custom]:
        """The `donor` registry entries, by id, with the aliases and accounts the importers match payers on."""
        out = []
        for donor in sorted(self.donors, key=lambda d: d.id):
            meta = {"name": donor.name, "display": donor.display, "anonymous": donor.anonymous}
            meta.update(donor.meta)
            out.append(_custom(START, "donor", [donor.id, donor.kind], meta))
        return out

    def case_entries(self) -> list[data.Custom]:
        """The `case` registry entries (enrolled, adjusted, exited) by date: unit, cause and household size only.

        Personal details stay in private/cases.csv; the books name a case by its id.
        """
        out = []
        for case in self.cases:
            out.append(_custom(case.enrolled, "case", [case.id, "enrolled"],
                               {"unit": case.unit, "cause": case.cause, "household": Decimal(case.household)}))
            if case.adjusted:
                out.append(_custom(case.adjusted, "case", [case.id, "adjusted"], {"household": Decimal(case.new_household)}))
            if case.exited:
                out.append(_custom(case.exited, "case", [case.id, "exited"], {"reason": case.exit_reason}))
        out.sort(key=lambda e: e.date)
        return out

    def commodity_entries(self) -> list[data.Commodity]:
        """The goods' commodity declarations, with names and units in both languages for the site's labels."""
        return [
            data.Commodity({"name_zh": zh, "name_en": en, "unit_zh": unit_zh, "unit_en": unit_en}, START, item)
            for item, (zh, en, unit_zh, unit_en, _) in GOODS_ITEMS.items()
        ]


def demo_year(seed: int, transactions: int, settings: Settings) -> DemoYear:
    """The demo year for a seed and a size (see Story)."""
    return Story(seed, transactions, settings).run()
