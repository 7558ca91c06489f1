"""Reconcile on books that agree, and on books with one planted difference each."""

from __future__ import annotations

from decimal import Decimal

import pytest

from ledger.books import load_books
from ledger.period import parse_period
from ledger.reconcile.report import build_report, default_period

MARCH = parse_period("2024-03")


def report_for(path, period=MARCH):
    books = load_books(path)
    return build_report(books, period)


def test_clean_books_reconcile(books_factory):
    report = report_for(books_factory())
    assert report.problems() == []
    assert report.ok
    bank = {a.account: a for a in report.accounts}
    assert bank["Assets:Bank:Basic"].statement == Decimal("46000.00")
    assert bank["Assets:Bank:Basic"].books_at_statement == Decimal("46000.00")
    assert bank["Assets:Cash"].statement == Decimal("800.00")
    assert [(g.item, g.counted, g.books_at_end) for g in report.goods] == [("RICE", Decimal(90), Decimal(90))]
    assert report.funds.balances["GENERAL"] == report.funds.net_assets
    assert report.gaps == []


def test_default_period_is_last_month_with_transactions(books_factory):
    books = load_books(books_factory())
    assert str(default_period(books.entries)) == "2024-04"


def test_quarter_and_year_periods(books_factory):
    books = load_books(books_factory())
    q1 = build_report(books, parse_period("2024-Q1"))
    # January and February are not covered by any statement: the gap is named.
    assert [(str(g.start), str(g.end)) for g in q1.gaps] == [("2024-01-01", "2024-02-29")]


PLANTED = {
    "balance off": (
        {"2024-04-01 balance Assets:Bank:Basic 46000.00 CNY": "2024-04-01 balance Assets:Bank:Basic 46100.00 CNY"},
        "",
        "Assets:Bank:Basic: the statement says 46,100.00 CNY at the end of 2024-03-31, the books 46,000.00 CNY (difference -100.00)",
    ),
    "uncovered days": (
        {"statement_start: 2024-03-01": "statement_start: 2024-03-11", "2024-03-01 balance Assets:Bank:Basic 0.00 CNY\n": ""},
        "",
        "Assets:Bank:Basic: no imported statement covers 2024-03-01 to 2024-03-10 (10 days)",
    ),
    "unreadable statement days": (
        {"statement_start: 2024-03-01": 'statement_start: "soon"', "2024-03-01 balance Assets:Bank:Basic 0.00 CNY\n": ""},
        "",
        "statement days that cannot be read (it covers no day): 2024-03-31 document Assets:Bank:Basic",
    ),
    "statement ending before it starts": (
        {"statement_end: 2024-03-31": "statement_end: 2024-02-28", "2024-03-01 balance Assets:Bank:Basic 0.00 CNY\n": ""},
        "",
        "statement days that cannot be read (it covers no day): 2024-03-31 document Assets:Bank:Basic",
    ),
    "flagged entry": (
        {'2024-03-25 * "办公用品"': '2024-03-25 ! "办公用品"'},
        "",
        'waiting for a decision (flagged !): 2024-03-25 ! "办公用品"',
    ),
    "donation without receipt": (
        {'  receipt: "JZ-2024-00003"\n': ""},
        """
        2024-03-28 * "个人捐款"
          fund: "GENERAL"
          donor: "ANON"
          Assets:Cash                300.00 CNY
          Income:Donation:Individual
        """,
        'donation without a receipt number: 2024-03-28 * "个人捐款"',
    ),
    "aid without approval": (
        {'  approval: "SP-2024-0001"\n': ""},
        "",
        'aid without an approval number: 2024-03-10 * "困难救助"',
    ),
    "goods count off": (
        {"2024-04-01 balance Assets:Goods 90 RICE": "2024-04-01 balance Assets:Goods 88 RICE"},
        "",
        "goods 大米 Rice (RICE): counted 88 at the end of 2024-03-31, the books hold 90 (difference +2)",
    ),
    "funds do not add up": (
        {},
        """
        2024-03-29 * "应收利息"
          Assets:Receivable:Government   12.34 CNY
          Income:Interest
        """,
        "funds: the funds add up to 52,020.00 CNY but the net assets are 52,032.34 CNY; 12.34 CNY belongs to no fund",
    ),
}


@pytest.mark.parametrize("name", sorted(PLANTED))
def test_each_planted_difference_is_found_and_named(books_factory, name):
    replace, extra, expected = PLANTED[name]
    report = report_for(books_factory(replace, extra))
    assert not report.ok
    assert any(p.startswith(expected) for p in report.problems()), report.problems()


def test_missing_statement_and_cash_count(books_factory):
    path = books_factory({"2024-04-01 balance Assets:Cash 800.00 CNY\n": "", "2024-04-01 balance Assets:Bank:Basic 46000.00 CNY": "2024-05-01 balance Assets:Bank:Basic 46000.00 CNY"})
    problems = report_for(path).problems()
    assert any(p.startswith("Assets:Cash: no cash count for 2024-03") for p in problems), problems
    assert any(p.startswith("Assets:Bank:Basic: no statement's closing balance for 2024-03") for p in problems), problems


def test_goods_stocktake_due_at_quarter_end(books_factory):
    never = report_for(books_factory({"2024-04-01 balance Assets:Goods 90 RICE\n": ""})).problems()
    assert any(p.startswith("goods 大米 Rice (RICE): never counted, and a stocktake is due at the end of 2024-03") for p in never), never
    moved = report_for(books_factory({"2024-04-01 balance Assets:Goods 90 RICE\n": "2024-03-14 balance Assets:Goods 100 RICE\n"})).problems()
    assert any(p.startswith("goods 大米 Rice (RICE): a stocktake is due at the end of 2024-03") for p in moved), moved


def test_goods_between_stocktakes_is_a_note(books_factory):
    april_out = """
    2024-04-10 * "物资发放"
      fund: "GENERAL"
      approval: "SP-2024-0003"
      case: "C0001"
      Assets:Goods              -5 RICE {}
      Expenses:Aid:Goods
    """
    books = load_books(books_factory(extra=april_out))
    (goods,) = build_report(books, parse_period("2024-04")).goods
    assert goods.ok and goods.books_at_end == Decimal(85) and "moved since the last count" in goods.note
    books = load_books(books_factory({"2024-04-01 balance Assets:Goods 90 RICE\n": "2024-05-01 balance Assets:Goods 80 RICE\n"}, extra=april_out))
    (goods,) = build_report(books, parse_period("2024-04")).goods
    assert not goods.ok and "counted 80 at the end of 2024-04-30, the books hold 85" in goods.problem


def test_problem_in_a_later_month_does_not_block_march(books_factory):
    path = books_factory({'2024-04-03 * "个人捐款"': '2024-04-03 ! "个人捐款"'})
    assert report_for(path).ok
    april = report_for(path, parse_period("2024-04"))
    assert any("waiting for a decision" in p for p in april.problems())


def test_corrections_are_listed_with_what_they_name(books_factory):
    from ledger.closes.digest import books_root, entry_hash

    path = books_factory()
    books = load_books(path)
    office = next(e for e in books.entries if getattr(e, "narration", None) == "办公用品")
    prefix = entry_hash(office, books_root(books.options))[:10]
    path = books_factory(
        extra=f"""
        2024-04-05 * "更正：救助金额"
          fund: "GENERAL"
          approval: "SP-2024-0001"
          case: "C0001"
          correction: "SP-2024-0001"
          Assets:Bank:Basic   100.00 CNY
          Expenses:Aid:Living
        2024-04-06 * "更正：捐款"
          fund: "GENERAL"
          correction: "ICBC20240305000123"
          Assets:Bank:Basic   -1.00 CNY
          Expenses:Operations:BankFees
        2024-04-07 * "更正：办公用品"
          fund: "GENERAL"
          correction: "{prefix}"
          Assets:Cash   -1.00 CNY
          Expenses:Operations:Office
        2024-04-08 * "更正：不知所指"
          fund: "GENERAL"
          correction: "NOTHING-LIKE-THIS"
          Assets:Cash   -1.00 CNY
          Expenses:Operations:Office
        """
    )
    report = report_for(path, parse_period("2024-04"))
    assert [(c.corrects, c.found) for c in report.corrections] == [
        ("SP-2024-0001", True),
        ("ICBC20240305000123", True),
        (prefix, True),
        ("NOTHING-LIKE-THIS", False),
    ]
    assert not any("NOTHING" in p for p in report.problems())  # a note, not a failure


def test_an_earlier_undecided_entry_blocks_the_period_too(books_factory):
    path = books_factory(
        extra="""
        2024-02-15 * "备用金"
          Assets:Cash        10.00 CNY
          ! Assets:Receivable:Pledges
        2024-03-26 * "备用金归还"
          Assets:Cash       -10.00 CNY
          Assets:Receivable:Pledges
        """,
    )
    problems = report_for(path).problems()
    assert [p for p in problems if p.startswith("waiting for a decision")] == [
        f'waiting for a decision (flagged !): 2024-02-15 * "备用金" (Assets:Cash 10.00 CNY) at {path.parent / "txns" / "2024.beancount"}:{_line_of(path, "2024-02-15")}'
    ]


def _line_of(path, text):
    lines = (path.parent / "txns" / "2024.beancount").read_text(encoding="utf-8").splitlines()
    return next(i + 1 for i, line in enumerate(lines) if line.startswith(text))


def test_an_account_closed_with_money_left_is_not_dropped(books_factory):
    """A bank account closed with money in it: that money is still in the net assets and
    the funds, so the account stays on the list, failing, in its month and every later one."""
    path = books_factory(extra="""
        2024-01-01 open Assets:Bank:Old CNY
        2024-03-02 * "旧账户余额"
          fund: "GENERAL"
          Assets:Bank:Old            700.00 CNY
          Equity:Opening-Balances
        2024-03-03 balance Assets:Bank:Old 700.00 CNY
          statement_start: 2024-03-01
          statement_end: 2024-03-19
        2024-03-20 close Assets:Bank:Old
        """)
    books = load_books(path)
    for period in (MARCH, parse_period("2024-04")):
        report = build_report(books, period)
        old = {a.account: a for a in report.accounts}["Assets:Bank:Old"]
        assert old.books_at_end == Decimal("700.00")
        assert any(p.startswith("Assets:Bank:Old: closed on 2024-03-20 with 700.00 CNY still in the books") for p in report.problems()), report.problems()
        assert not report.ok


def test_an_account_closed_empty_is_left_out_later(books_factory):
    path = books_factory(extra="""
        2024-01-01 open Assets:Bank:Old CNY
        2024-02-20 close Assets:Bank:Old
        """)
    report = report_for(path)
    assert "Assets:Bank:Old" not in {a.account for a in report.accounts}
    assert report.ok, report.problems()


FOREX = """
    2024-01-01 open Assets:Bank:Forex USD
    2024-03-08 * "海外校友" "捐款"
      fund: "GENERAL"
      donor: "ANON"
      receipt: "JZ-2024-00004"
      Assets:Bank:Forex          100.00 USD @ 7.10 CNY
      Income:Donation:Individual
    2024-04-01 balance Assets:Bank:Forex {stated} USD
      statement_start: 2024-03-01
      statement_end: 2024-03-31
    """


def test_a_bank_account_in_another_currency_is_checked_in_it(books_factory):
    """Why: only the books' currency was counted, so a USD account holding USD 100 was
    "not used" and the month reconciled with no statement of it."""
    report = report_for(books_factory(extra=FOREX.replace("{stated}", "100.00")))
    forex = [a for a in report.accounts if a.account == "Assets:Bank:Forex"]
    assert [(a.currency, a.statement, a.books_at_statement, a.ok) for a in forex] == [("USD", Decimal("100.00"), Decimal("100.00"), True)]
    assert report.ok, report.problems()

    report = report_for(books_factory(extra=FOREX.replace("{stated}", "90.00")))
    assert any(p.startswith("Assets:Bank:Forex (USD): the statement says 90.00 USD") for p in report.problems()), report.problems()

    unstated = FOREX.replace("{stated}", "100.00").replace("2024-04-01 balance", "2024-05-01 balance")
    report = report_for(books_factory(extra=unstated))
    assert any(p.startswith("Assets:Bank:Forex (USD): no statement for 2024-03 of the USD held") for p in report.problems()), report.problems()


def test_cash_that_moved_after_its_count_and_came_back_is_still_moved(books_factory):
    """Why: cash was judged moved only when its balance changed, so money paid out and taken
    back in after the last count passed as counted."""
    path = books_factory(
        {"2024-04-01 balance Assets:Cash 800.00 CNY": "2024-03-26 balance Assets:Cash 800.00 CNY"},
        extra="""
        2024-03-28 * "借出备用金"
          Assets:Receivable:Pledges   300.00 CNY
          Assets:Cash
        2024-03-29 * "备用金归还"
          Assets:Cash                 300.00 CNY
          Assets:Receivable:Pledges
        """,
    )
    problems = report_for(path).problems()
    assert any(p.startswith("Assets:Cash: the last cash count is at the end of 2024-03-25; cash moved after it") for p in problems), problems


STORES = """
    2024-01-01 open Assets:Goods:StoreA "FIFO"
    2024-01-01 open Assets:Goods:StoreB "FIFO"
    2024-03-13 * "某某机械制造有限公司" "捐赠大米（两个库房）"
      fund: "GENERAL"
      donor: "D0001"
      receipt: "JZ-2024-00004"
      valuation: "invoice"
      Assets:Goods:StoreA        50 RICE {58.00 CNY}
      Assets:Goods:StoreB        40 RICE {58.00 CNY}
      Income:Donation:InKind
    2024-04-01 balance Assets:Goods:StoreA 50 RICE
"""


def test_goods_counted_per_store_room(books_factory):
    """Why: a count on a store room under Assets:Goods was set against the item's stock in
    every room, so counting 50 RICE in StoreA failed with "the books hold 180" though
    bean-check found the count right."""
    counted_b = STORES + "    2024-04-01 balance Assets:Goods:StoreB 40 RICE\n"  # same indent: dedented together
    counted_whole = {"2024-04-01 balance Assets:Goods 90 RICE": "2024-04-01 balance Assets:Goods 180 RICE"}
    report = report_for(books_factory(counted_whole, extra=counted_b))
    (rice,) = report.goods
    assert (rice.counted, rice.books_at_count, rice.ok) == (Decimal(180), Decimal(180), True), rice.problem

    # StoreA and StoreB counted, not the rest of Assets:Goods: the quarter's stocktake leaves 90 out
    report = report_for(books_factory({"2024-04-01 balance Assets:Goods 90 RICE\n": ""}, extra=counted_b))
    (rice,) = report.goods
    assert (rice.counted, rice.books_at_count) == (Decimal(90), Decimal(90))
    assert not rice.ok and "leaves out Assets:Goods 90" in rice.problem, rice.problem

    # only StoreA counted (with the whole of Assets:Goods counted that day too: the outer count holds)
    report = report_for(books_factory(counted_whole, extra=STORES))
    (rice,) = report.goods
    assert (rice.counted, rice.books_at_count, rice.ok) == (Decimal(180), Decimal(180), True), rice.problem


def test_a_fund_moved_in_another_currency_does_not_reconcile(books_factory):
    """Why: a gift booked in USD with no value in CNY was left out of every fund and of the
    net assets alike, so the funds "added up" and the month reconciled and could be closed,
    that money in no figure."""
    path = books_factory(extra="""
        2024-01-01 open Assets:Bank:Forex USD
        2024-03-08 * "海外校友" "捐款"
          fund: "GENERAL"
          donor: "D0001"
          receipt: "JZ-2024-00004"
          Assets:Bank:Forex          50.00 USD
          Income:Donation:Enterprise  -50.00 USD
        2024-04-01 balance Assets:Bank:Forex 50.00 USD
          statement_start: 2024-03-01
          statement_end: 2024-03-31
        """)
    report = report_for(path)
    assert not report.ok and not report.funds.ok
    assert report.funds.difference == 0  # the figures agree: the money is in neither
    [problem] = [p for p in report.problems() if p.startswith("funds:")]
    assert "moves a fund in USD, which no figure counts" in problem and "txns/2024.beancount:" in problem, problem

    priced = path.parent / "txns" / "2024.beancount"
    priced.write_text(priced.read_text(encoding="utf-8").replace("Assets:Bank:Forex          50.00 USD", "Assets:Bank:Forex          50.00 USD @ 7.10 CNY")
                      .replace("Income:Donation:Enterprise  -50.00 USD", "Income:Donation:Enterprise  -355.00 CNY"), encoding="utf-8")
    report = report_for(path)
    assert report.funds.ok and report.ok, report.problems()


def test_a_foreign_currency_account_closed_with_money_left_stays_listed(books_factory):
    path = books_factory(extra=FOREX.replace("{stated}", "100.00") + "    2024-03-20 close Assets:Bank:Forex\n")
    report = report_for(path, parse_period("2024-04"))
    forex = [a for a in report.accounts if a.account == "Assets:Bank:Forex"]
    assert [(a.currency, a.books_at_end) for a in forex] == [("USD", Decimal("100.00"))]
    assert any(p.startswith("Assets:Bank:Forex (USD): closed on 2024-03-20 with 100.00 USD still in the books") for p in report.problems()), report.problems()


def test_the_balance_assertions_own_tolerance_is_used(books_factory):
    """Why: month-end compared every balance to the fen, so a cash count written with the
    tolerance the books allow (`~ 0.50 CNY`, which bean-check accepted) failed reconcile, and
    the period could not be closed. Now a written tolerance is the books' word; without one,
    the fen (the rule balance_fen says the same on load)."""
    main = books_factory(replace={"2024-04-01 balance Assets:Cash 800.00 CNY": "2024-04-01 balance Assets:Cash 800.30 ~ 0.50 CNY"})
    report = report_for(main)
    assert report.problems() == []
    main = books_factory(replace={"2024-04-01 balance Assets:Cash 800.00 CNY": "2024-04-01 balance Assets:Cash 800.60 ~ 0.50 CNY"})
    problems = report_for(main).problems()
    assert any("Assets:Cash" in p and "difference -0.60" in p for p in problems), problems


def test_a_stocktake_with_a_written_tolerance_is_read_with_it(books_factory):
    """Why: a count written with the tolerance the books allow (`91 ~ 1 RICE`, which
    bean-check accepted against 90 in the books) failed month-end as "counted 91, the books hold 90"."""
    main = books_factory(replace={"2024-04-01 balance Assets:Goods 90 RICE": "2024-04-01 balance Assets:Goods 91 ~ 1 RICE"})
    assert load_books(main).errors == []
    assert report_for(main).problems() == []
    main = books_factory(replace={"2024-04-01 balance Assets:Goods 90 RICE": "2024-04-01 balance Assets:Goods 92 ~ 1 RICE"})
    problems = report_for(main).problems()
    assert any("counted 92" in p and "more than the 1 the count allows" in p for p in problems), problems



def test_a_balance_that_fails_names_the_entries_moving_its_difference_or_half(books_factory):
    """Aid typed twice: both entries of its amount are named; a gift typed as money out moves
    the books by twice its amount, and is named by half the difference."""
    typed_twice = '''
2024-03-20 * "困难救助" "typed twice"
  fund: "GENERAL"
  approval: "SP-2024-0001"
  case: "C0001"
  Expenses:Aid:Living       3000.00 CNY
  Assets:Bank:Basic
'''
    problems = report_for(books_factory({}, typed_twice)).problems()
    bank = [p for p in problems if p.startswith("Assets:Bank:Basic: the statement says")]
    assert len(bank) == 1, problems
    named = bank[0].split("look first at the entries that move it by the difference (or half of it: a sign typed wrong), "
                          "after 2024-02-29, when the balance before held: ")[1]
    assert named.count("2024.beancount:") >= 2 and "typed twice" in named
    sign = report_for(books_factory({"Assets:Bank:Basic        50000.00 CNY": "Assets:Bank:Basic       -50000.00 CNY",
                                     "Income:Donation:Enterprise": "Income:Donation:Enterprise  50000.00 CNY"})).problems()
    bank = [p for p in sign if p.startswith("Assets:Bank:Basic: the statement says")]
    assert "(difference -100,000.00)" in bank[0] and '"某某机械制造有限公司 捐款" -50,000.00' in bank[0], sign


def test_a_difference_within_the_written_tolerance_is_said_on_its_line(books_factory):
    """Why: a bank statement written `45700.00 ~ 500 CNY` against books of 46,000.00 showed
    "OK" and a difference of 300.00 with no word, in the text and on the page: a gap of
    300.00 that nothing on the report accounted for. It still passes (the books' tolerance),
    and its line now says what the difference is and that the balance's tolerance allows it."""
    main = books_factory(replace={"2024-04-01 balance Assets:Bank:Basic 46000.00 CNY": "2024-04-01 balance Assets:Bank:Basic 45700.00 ~ 500 CNY",
                                  "2024-04-01 balance Assets:Cash 800.00 CNY": "2024-04-01 balance Assets:Cash 800.40 ~ 0.50 CNY"})
    report = report_for(main)
    assert report.problems() == []
    notes = {a.account: a.note for a in report.accounts}
    assert notes["Assets:Bank:Basic"] == ("the books differ from the statement by +300.00 CNY, within the 500 the balance allows "
                                          "(`~ 500`): find the entry behind it, or say on the balance why the statement differs")
    assert notes["Assets:Cash"].startswith("the books differ from the cash count by -0.40 CNY, within the 0.50 the balance allows")
    from click.testing import CliRunner

    from cli import cli

    result = CliRunner().invoke(cli, ["reconcile", str(main), "--period", "2024-03"])
    assert result.exit_code == 0 and "the books differ from the statement by +300.00 CNY" in result.output
    # to the fen, with or without a tolerance, nothing is said
    assert report_for(books_factory()).accounts[0].note is None
