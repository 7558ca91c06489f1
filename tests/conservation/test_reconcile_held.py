"""Conservation of what reconcile says the books hold (ledger/reconcile/held.py): on random
books with money sent through Assets:Transit (some landed on a later day, some in part, some
never, some landed before the books say it was sent), aid approved and paid later
(Liabilities:Payable, some never paid), every month's and year's reconciliation lists every
asset and liability account the books hold at its end, each line the books' balance, the
items listed entry by entry adding up to their line, and the lines to the net assets, to the
fen: in the report, its terminal text and its HTML page. An account with a sub-account
(Assets:Bank:Basic:Deposit, a fixed deposit under the basic account) is shown with it added
up, the figure the balances' table shows for it. A planted error of one fen (in an item, in
a line, in the total, in a subtotal) makes the check fail.

The random books of test_conservation.py (payables, receivables, goods at part-fen cost) go
through the same check (check_reconcile_held, from check_reconcile)."""

from __future__ import annotations

import datetime
import tempfile
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from tests.conservation.surfaces import check_reconcile_held, check_reconcile_held_shown

FEN = Decimal("0.01")
SETTINGS = dict(deadline=None, suppress_health_check=[HealthCheck.too_slow, HealthCheck.function_scoped_fixture], derandomize=True)
#: where money is sent from and lands in
PLACES = ("Assets:Bank:Basic", "Assets:Bank:Other", "Assets:Online:WeChat", "Assets:Cash", "Assets:Bank:Basic:Deposit")
#: a sub-account of the basic account: the balances' table counts it in the basic account's line
DEPOSIT = PLACES[4]
TRANSIT = "Assets:Transit"
PAYABLE = "Liabilities:Payable"
KINDS = ("send", "send", "land", "land", "land_part", "land_early", "owe", "pay", "spend")


@st.composite
def transit_spec(draw):
    """(year, opening in fen, events (day offset, kind, amount in fen, choice)) over a year."""
    year = draw(st.integers(2022, 2026))
    n = draw(st.integers(1, 40))
    events = draw(st.lists(st.tuples(st.integers(0, 364), st.sampled_from(KINDS), st.integers(1, 2_000_000), st.integers(0, 999)),
                           min_size=n, max_size=n))
    return year, draw(st.integers(0, 50_000_000)), sorted(events)


def write_transit_books(spec, folder: Path) -> Path:
    """Books of the spec: an opening balance, money sent through Assets:Transit and landed (or
    not), aid owed and paid (or not). Sound: no place pays more than it holds."""
    year, opening, events = spec
    first = datetime.date(year, 1, 1)
    day = lambda offset: first + datetime.timedelta(days=offset)  # noqa: E731
    head = [
        'option "title" "Transit test centre"',
        'option "operating_currency" "CNY"',
        *(f"{first} open {a} CNY" for a in (*PLACES, TRANSIT, PAYABLE, "Income:Union", "Expenses:Aid:Living",
                                           "Expenses:Operations:Office", "Equity:Opening-Balances")),
        f'{first} custom "fund" "GENERAL" "unrestricted"',
        f'{first} custom "case" "C0001" "enrolled"\n  unit: "市一工会"\n  cause: "illness"\n  household: 3',
    ]
    txns = []

    def txn(date, narration, postings, **meta):
        lines = [f'{date} * "{narration}"', '  fund: "GENERAL"']
        lines += [f'  {k}: "{v}"' for k, v in meta.items()]
        txns.append("\n".join(lines + [f"  {p}" for p in postings]))

    held = dict.fromkeys(PLACES, Decimal(0))
    held[PLACES[0]] = Decimal(opening) * FEN
    if opening:
        txn(first, "期初余额", [f"{PLACES[0]}  {held[PLACES[0]]} CNY", "Equity:Opening-Balances"])
        fixed = (held[PLACES[0]] / 4).quantize(FEN)
        if fixed:
            txn(first, "转存定期", [f"{DEPOSIT}  {fixed} CNY", f"{PLACES[0]}  {-fixed} CNY"])
            held[PLACES[0]] -= fixed
            held[DEPOSIT] += fixed
    in_transit: list[list] = []  # [to, amount]
    owed: list[Decimal] = []
    for offset, kind, fen, choice in events:
        date, amount = day(offset), Decimal(fen) * FEN
        source, target = PLACES[choice % len(PLACES)], PLACES[(choice // len(PLACES)) % len(PLACES)]
        if kind == "send" and held[source] > 0:
            amount = min(amount, held[source])
            txn(date, "资金划转 汇出", [f"{TRANSIT}  {amount} CNY", f"{source}  {-amount} CNY"],
                **({"lands_in": target} if choice % 3 else {}))
            held[source] -= amount
            in_transit.append([target, amount])
        elif kind in ("land", "land_part") and in_transit:
            item = in_transit[choice % len(in_transit)]
            got = item[1] if kind == "land" else min(item[1], amount)
            txn(date, "资金划转 到账", [f"{item[0]}  {got} CNY", f"{TRANSIT}  {-got} CNY"])
            held[item[0]] += got
            item[1] -= got
            in_transit = [i for i in in_transit if i[1] > 0]
        elif kind == "land_early":
            # the receiving bank's day comes first: Transit goes below nothing until the sending day
            later = day(min(offset + 1 + choice % 5, 364))
            txn(date, "资金划转 先到账", [f"{target}  {amount} CNY", f"{TRANSIT}  {-amount} CNY"])
            txn(later, "资金划转 后汇出", [f"{TRANSIT}  {amount} CNY", "Income:Union"])
            held[target] += amount
        elif kind == "owe":
            txn(date, "帮扶支出（已批未付）", [f"Expenses:Aid:Living  {amount} CNY", f"{PAYABLE}  {-amount} CNY"],
                approval=f"SP-{offset}-{choice}", case="C0001")
            owed.append(amount)
        elif kind == "pay" and owed and held[source] > 0:
            paid = min(owed[choice % len(owed)], held[source])
            txn(date, "支付已批帮扶款", [f"{PAYABLE}  {paid} CNY", f"{source}  {-paid} CNY"])
            owed[choice % len(owed)] -= paid
            owed = [o for o in owed if o > 0]
            held[source] -= paid
        elif kind == "spend" and held[source] > 0:
            spent = min(amount, held[source])
            txn(date, "办公用品", [f"Expenses:Operations:Office  {spent} CNY", f"{source}  {-spent} CNY"])
            held[source] -= spent
    folder.mkdir(parents=True, exist_ok=True)
    main = folder / "main.beancount"
    main.write_text("\n\n".join(head + txns) + "\n", encoding="utf-8")
    return main


def check_held(main: Path, year: int, shown: bool = True) -> int:
    """Every month's and the year's reconciliation of the books: check_reconcile_held (and,
    for the year and a month in three, what the text and the page show). Returns how many
    items were listed, all reports together."""
    from ledger.books import load_books
    from ledger.period import parse_period
    from ledger.reconcile.report import build_report

    books = load_books(main)
    entries = books.entries
    items = 0
    for text in [str(year)] + [f"{year}-{m:02d}" for m in range(1, 13)]:
        report = build_report(books, parse_period(text))
        check_reconcile_held(report, entries)
        if shown and (len(text) == 4 or int(text[-2:]) % 3 == 0):
            check_reconcile_held_shown(report, entries)
        items += sum(len(line.items) for line in report.held.lines)
    return items


@settings(max_examples=15, **SETTINGS)
@given(spec=transit_spec())
def test_random_books_with_money_in_transit_and_owed(spec):
    with tempfile.TemporaryDirectory() as tmp:
        check_held(write_transit_books(spec, Path(tmp) / "books"), spec[0])


#: books with money in transit at the year's end (one part landed, one landed before it was
#: sent) and aid owed: what the planted errors are tried on
FIXED = (2024, 10_000_000, [(10, "send", 300_000, 4), (20, "send", 120_000, 8), (25, "land_part", 50_000, 0),
                            (40, "owe", 80_000, 0), (100, "land_early", 7_000, 1), (200, "send", 99_999, 1),
                            (330, "owe", 12_345, 0), (340, "pay", 1, 2), (350, "land", 1, 1)])


@pytest.fixture(scope="module")
def fixed_books(tmp_path_factory):
    return write_transit_books(FIXED, tmp_path_factory.mktemp("held") / "books")


def test_the_check_passes_unplanted_and_lists_items(fixed_books):
    assert check_held(fixed_books, FIXED[0]) > 0


def _plant_in_an_item(monkeypatch):
    """The first item listed of an account a fen more than the books hold of it."""
    import ledger.reconcile.held as held

    real = held._open_items

    def planted(*args, **kwargs):
        items = real(*args, **kwargs)
        if items:
            items[0].amount += FEN
        return items

    monkeypatch.setattr(held, "_open_items", planted)


def _plant_in_a_line(monkeypatch):
    """Money in transit's line a fen more than the books (its items as they are)."""
    import ledger.reconcile.held as held

    real = held.held_at_end

    def planted(*args, **kwargs):
        out = real(*args, **kwargs)
        for line in out.lines:
            if line.account == TRANSIT:
                line.balance += FEN
        return out

    monkeypatch.setattr(held, "held_at_end", planted)
    import ledger.reconcile.report as report

    monkeypatch.setattr(report, "held_at_end", planted)


def _plant_in_the_total(monkeypatch):
    """The lines' total a fen more than their sum."""
    import ledger.reconcile.held as held

    real = held.Held.total.fget
    monkeypatch.setattr(held.Held, "total", property(lambda self: real(self) + FEN))


def _plant_a_line_left_out(monkeypatch):
    """The payables' line left off the list (its money still in the books)."""
    import ledger.reconcile.held as held
    import ledger.reconcile.report as report

    real = held.held_at_end

    def planted(*args, **kwargs):
        out = real(*args, **kwargs)
        out.lines = [line for line in out.lines if line.account != PAYABLE]
        return out

    monkeypatch.setattr(report, "held_at_end", planted)


def _plant_a_fen_on_the_page_after(monkeypatch, marker: str):
    """The HTML page shows the first amount after `marker` a fen more than the report holds
    (the report itself right)."""
    import re

    import ledger.reconcile.html as html

    real = html.render_html

    def planted(report):
        page = real(report)
        at = page.find(marker)
        if at < 0:
            return page
        cell = re.compile(r'<td class="num">([^<]*)</td>').search(page, at)
        more = f"{Decimal(cell.group(1).replace(',', '')) + FEN:,.2f}"
        return page[:cell.start(1)] + more + page[cell.end(1):]

    monkeypatch.setattr(html, "render_html", planted)


def _plant_on_the_page(monkeypatch):
    """The page shows the first item listed entry by entry a fen more."""
    _plant_a_fen_on_the_page_after(monkeypatch, '<table class="held-items"')


def _plant_in_a_subtotal(monkeypatch):
    """The basic account with its fixed deposit a fen more than its lines (and the balances' table)."""
    import ledger.reconcile.held as held

    real = held.Held.subtotals

    def planted(self):
        subs = real(self)
        for sub in subs:
            sub.balance += FEN
        return subs

    monkeypatch.setattr(held.Held, "subtotals", planted)


def _plant_a_subtotal_on_the_page(monkeypatch):
    """The page shows the basic account with its sub-accounts a fen more."""
    _plant_a_fen_on_the_page_after(monkeypatch, '<tr class="subtotal"')


def test_the_basic_account_is_shown_with_its_fixed_deposit_as_the_balances_table_has_it(fixed_books):
    """The balances' table counts Assets:Bank:Basic with its sub-account (a statement's
    balance does); what the books hold lists each on its own line, and the two with them
    added up: the same figure."""
    from ledger.books import load_books
    from ledger.period import parse_period
    from ledger.reconcile.report import build_report

    report = build_report(load_books(fixed_books), parse_period("2024"))
    (basic,) = [a for a in report.accounts if a.account == PLACES[0]]
    lines = {line.account: line.balance for line in report.held.lines}
    assert lines[DEPOSIT] and lines[PLACES[0]] + lines[DEPOSIT] == basic.books_at_end
    assert [(sub.account, sub.balance) for sub in report.held.subtotals()] == [(PLACES[0], basic.books_at_end)]


@pytest.mark.parametrize("plant", [_plant_in_an_item, _plant_in_a_line, _plant_in_the_total, _plant_a_line_left_out, _plant_on_the_page,
                                   _plant_in_a_subtotal, _plant_a_subtotal_on_the_page])
def test_a_planted_fen_fails_the_check(fixed_books, monkeypatch, plant):
    plant(monkeypatch)
    with pytest.raises(AssertionError):
        check_held(fixed_books, FIXED[0])


#: books whose basic account is spent to nothing in its first days, its fixed deposit kept:
#: from February on the basic account has no line of its own (nothing in it, nothing moved),
#: while the balances' table still shows it, with its sub-account, at the deposit's figure
EMPTIED = (2024, 1_000_000, [(5, "spend", 2_000_000, 0), (70, "send", 10_000, 4), (80, "land", 1, 0)])


@pytest.fixture(scope="module")
def emptied_books(tmp_path_factory):
    return write_transit_books(EMPTIED, tmp_path_factory.mktemp("emptied") / "books")


def test_an_account_with_no_line_of_its_own_is_shown_with_its_sub_accounts(emptied_books):
    """Why: the subtotal row was given only to an account with a line of its own, so in a month
    where the basic account held nothing and did not move, its fixed deposit stood alone and
    the balances' table's figure for the basic account was on no row."""
    from ledger.books import load_books
    from ledger.period import parse_period
    from ledger.reconcile.report import build_report

    report = build_report(load_books(emptied_books), parse_period("2024-02"))
    assert PLACES[0] not in {line.account for line in report.held.lines}
    (basic,) = [a for a in report.accounts if a.account == PLACES[0]]
    assert basic.books_at_end
    assert [(sub.account, sub.balance) for sub in report.held.subtotals()] == [(PLACES[0], basic.books_at_end)]
    assert check_held(emptied_books, EMPTIED[0]) >= 0


@pytest.mark.parametrize("plant", [_plant_in_a_subtotal, _plant_a_subtotal_on_the_page])
def test_a_planted_fen_in_the_subtotal_of_an_account_with_no_line_fails_the_check(emptied_books, monkeypatch, plant):
    plant(monkeypatch)
    with pytest.raises(AssertionError, match="with its sub-accounts"):
        check_held(emptied_books, EMPTIED[0])
