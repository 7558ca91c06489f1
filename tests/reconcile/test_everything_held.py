"""Reconcile accounts for every asset and liability account the books hold at the period's
end: money in transit and what is owed entry by entry, with their age, and a warning past
the settings' days; the lines add up to the net assets (docs/closing.md, "Everything the
books hold").

Why: money sent on 10 March that never landed sat in Assets:Transit with no line of its own:
the month reconciled, the funds adding up with it, and nothing showed that 300.00 had been in
transit three weeks; aid approved and not paid (Liabilities:Payable) was on no line either."""

from __future__ import annotations

import re
from decimal import Decimal

import click

from ledger.accounts import PAYABLE_ACCOUNT, TRANSIT_ACCOUNT
from ledger.books import load_books
from ledger.period import parse_period
from ledger.reconcile.html import render_html
from ledger.reconcile.report import build_report
from ledger.reconcile.terminal import render
from tests.reconcile.test_money_in_transit import MARCH_BASIC, OTHER

SENT = f"""
2024-03-10 * "转至一般户" "汇出"
  lands_in: "Assets:Bank:Other"
  {TRANSIT_ACCOUNT}            300.00 CNY
  Assets:Bank:Basic

2024-03-31 * "转至一般户" "汇出"
  {TRANSIT_ACCOUNT}            700.00 CNY
  Assets:Bank:Basic

2024-04-01 * "转至一般户" "到账"
  Assets:Bank:Other         700.00 CNY
  {TRANSIT_ACCOUNT}
"""
OWED = f"""
2024-03-18 * "困难救助（已批未付）"
  fund: "GENERAL"
  approval: "SP-2024-0009"
  case: "C0001"
  Expenses:Aid:Living       400.00 CNY
  {PAYABLE_ACCOUNT}
"""
BASIC_AFTER = {MARCH_BASIC: "2024-04-01 balance Assets:Bank:Basic 45000.00 CNY"}


def _report(main, period="2024-03"):
    return build_report(load_books(main), parse_period(period))


def test_money_in_transit_is_listed_entry_by_entry_with_its_age_and_a_warning_after_seven_days(books_factory):
    report = _report(books_factory(BASIC_AFTER, OTHER + SENT + OWED))
    assert report.problems() == [], report.problems()  # in transit at the month's end is no failure
    lines = {line.account: line for line in report.held.lines}
    transit = lines[TRANSIT_ACCOUNT]
    assert transit.balance == Decimal("1000.00") and transit.warn_days == 7
    got = [(i.date.isoformat(), i.amount, i.age, i.counterpart, i.lands, i.overdue) for i in transit.items]
    assert got == [("2024-03-10", Decimal("300.00"), 21, "Assets:Bank:Basic", "Assets:Bank:Other", True),
                   ("2024-03-31", Decimal("700.00"), 0, "Assets:Bank:Basic", None, False)], got
    (warning,) = report.warnings()
    assert warning.startswith(f"{TRANSIT_ACCOUNT}：2024-03-10 从 Assets:Bank:Basic 汇出的 300.00 CNY 已在途 21 天"), warning
    assert "has been in transit 21 days (more than 7), to land in Assets:Bank:Other" in warning
    assert warning.index("在途") < warning.index("in transit")  # Chinese first


def test_what_is_owed_is_listed_by_age_and_warned_of_after_the_settings_days(books_factory):
    main = books_factory(BASIC_AFTER, OTHER + SENT + OWED + '\n2024-01-01 custom "relief-option" "payable_warn_days" 10\n')
    report = _report(main)
    payable = next(line for line in report.held.lines if line.account == PAYABLE_ACCOUNT)
    assert payable.balance == Decimal("-400.00") and payable.warn_days == 10
    (item,) = payable.items
    assert (item.date.isoformat(), item.amount, item.age, item.counterpart, item.overdue) == (
        "2024-03-18", Decimal("-400.00"), 13, "Expenses:Aid:Living", True)
    assert any(w.startswith(f"{PAYABLE_ACCOUNT}：2024-03-18 的 400.00 CNY") and "unpaid 13 days (more than 10)" in w
               for w in report.warnings()), report.warnings()
    assert report.ok  # a warning does not fail the period


def test_the_lines_add_up_to_the_net_assets_and_landed_money_leaves_none(books_factory):
    main = books_factory(BASIC_AFTER, OTHER + SENT + OWED)
    march = _report(main)
    assert march.held.total == march.funds.net_assets == march.funds.total
    april = _report(main, "2024-04")
    transit = next(line for line in april.held.lines if line.account == TRANSIT_ACCOUNT)
    # the 700.00 landed on 1 April: the 300.00 sent on 10 March is what is left, 51 days old at April's end
    assert [(i.amount, i.age) for i in transit.items] == [(Decimal("300.00"), 51)]
    assert transit.balance == Decimal("300.00") and april.held.total == april.funds.net_assets


def test_a_part_landed_leaves_its_rest_in_transit(books_factory):
    part = f"""
2024-03-20 * "转至一般户" "汇出"
  {TRANSIT_ACCOUNT}            1000.00 CNY
  Assets:Bank:Basic

2024-03-25 * "转至一般户" "到账（部分）"
  Assets:Bank:Other         400.00 CNY
  {TRANSIT_ACCOUNT}
"""
    other = OTHER.replace("2024-04-01 balance Assets:Bank:Other 0.00 CNY", "2024-04-01 balance Assets:Bank:Other 400.00 CNY")
    report = _report(books_factory(BASIC_AFTER, other + part))
    transit = next(line for line in report.held.lines if line.account == TRANSIT_ACCOUNT)
    assert [(i.date.isoformat(), i.amount) for i in transit.items] == [("2024-03-20", Decimal("600.00"))]
    assert report.problems() == [], report.problems()


def test_the_terminal_and_the_page_show_every_line_and_item(books_factory):
    report = _report(books_factory(BASIC_AFTER, OTHER + SENT + OWED))
    text = click.unstyle(render(report))
    assert "WARN 期末账面资产与负债 Everything the books hold at the end of 2024-03" in text
    for line in report.held.lines:
        assert re.search(rf"^\s+{re.escape(line.label)}\s+.*\s{re.escape(f'{line.balance:,.2f}')}\s", text, re.M), line.label
    assert re.search(r"WARN\s+2024-03-10\s+300\.00\s+21 天 days\s+Assets:Bank:Basic\s+Assets:Bank:Other\s+转至一般户 汇出", text), text
    assert re.search(r"^\s+2024-03-18\s+-400\.00\s+13 天 days\s+Expenses:Aid:Living", text, re.M)
    assert re.search(r"合计（净资产） total \(net assets\), CNY\s+51,620\.00", text)
    assert "提醒 Warnings (1; 不影响对账结果 they do not fail the period):" in text
    page = render_html(report)
    rows = dict(re.findall(r'<tr data-held="([^"]+)">.*?<td class="num">([^<]*)</td>', page))
    assert rows == {**{line.label: f"{line.balance:,.2f}" for line in report.held.lines}, "TOTAL": "51,620.00"}, rows
    transit = page[page.index(f'<table class="held-items" data-account="{TRANSIT_ACCOUNT}">'):]
    transit = transit[:transit.index("</table>")]
    assert transit.count('class="overdue"') == 1 and "到账于 Lands in" in transit and "未注明 not stated" in transit
    assert '<ul class="warnings"><li>Assets:Transit：2024-03-10' in page


def test_money_landed_before_the_books_send_it_says_where_it_landed_and_what_to_book(books_factory):
    """The receiving bank's day first (1 March), no sending entry by the month's end: Transit
    holds -500.00; the item says where the money landed and asks for the sending entry."""
    early = f"""
2024-03-01 * "转自一般户" "到账"
  Assets:Bank:Other         500.00 CNY
  {TRANSIT_ACCOUNT}
"""
    other = OTHER.replace("2024-04-01 balance Assets:Bank:Other 0.00 CNY", "2024-04-01 balance Assets:Bank:Other 500.00 CNY")
    report = _report(books_factory(BASIC_AFTER, other + early))
    (item,) = next(line for line in report.held.lines if line.account == TRANSIT_ACCOUNT).items
    assert (item.amount, item.counterpart, item.lands, item.age, item.overdue) == (Decimal("-500.00"), "—", "Assets:Bank:Other", 30, True)
    (warning,) = report.warnings()
    assert warning.startswith(f"{TRANSIT_ACCOUNT}：2024-03-01 到账于 Assets:Bank:Other 的 500.00 CNY 已 30 天无汇出分录"), warning
    assert "that arrived in Assets:Bank:Other on 2024-03-01 has had no entry sending it for 30 days" in warning


def test_relief_reconcile_prints_the_warnings_and_still_exits_0(books_factory, tmp_path):
    """A warning (money in transit past its days) is printed, and written on the --html page,
    and the period still reconciles: exit 0, as docs/closing.md says."""
    from click.testing import CliRunner

    from cli import cli

    main = books_factory(BASIC_AFTER, OTHER + SENT + OWED)
    page = tmp_path / "march.html"
    result = CliRunner().invoke(cli, ["reconcile", str(main), "--period", "2024-03", "--html", str(page)])
    assert result.exit_code == 0, result.output
    assert "提醒 Warnings (1; 不影响对账结果 they do not fail the period):" in result.output
    assert "2024-03 reconciles." in result.output
    assert '<tr data-held="Assets:Transit">' in page.read_text(encoding="utf-8")


ALLOCATION = """
2024-01-02 * "市总工会" "专项拨款（已批未到）"
  fund: "GENERAL"
  Assets:Receivable:Government   2000.00 CNY
  Income:Union

2024-03-15 * "市总工会" "帮扶拨款（已批未到）"
  fund: "GENERAL"
  Assets:Receivable:Government    600.00 CNY
  Income:Union
"""
CLEARING = """
2024-01-01 open Assets:Clearing:WeChat CNY

2024-04-05 * "微信账单" "银行卡支付，待对账单"
  fund: "GENERAL"
  Expenses:Operations:Office      120.00 CNY
  Assets:Clearing:WeChat

2024-04-28 * "微信账单" "银行卡支付，待对账单"
  fund: "GENERAL"
  Expenses:Operations:Office       30.00 CNY
  Assets:Clearing:WeChat
"""


def test_receivables_past_ninety_days_and_clearing_past_seven_are_warned_of(books_factory):
    """An allocation approved on 2 January and still not in at April's end (119 days) is
    warned of, the one approved on 15 March (46 days) is not; a row waiting in the clearing
    account since 5 April (25 days) is warned of, the one of 28 April (2 days) is not.
    Why: receivables and clearing accounts were listed by age, but never warned about."""
    report = _report(books_factory({}, OTHER + ALLOCATION + CLEARING), "2024-04")
    assert report.book_errors == [], report.book_errors
    lines = {line.account: line for line in report.held.lines}
    receivable, clearing = lines["Assets:Receivable:Government"], lines["Assets:Clearing:WeChat"]
    assert (receivable.kind, receivable.warn_days, clearing.kind, clearing.warn_days) == ("receivable", 90, "clearing", 7)
    assert [(i.amount, i.age, i.overdue) for i in receivable.items] == [(Decimal("2000.00"), 119, True), (Decimal("600.00"), 46, False)]
    assert [(i.amount, i.age, i.overdue) for i in clearing.items] == [(Decimal("-120.00"), 25, True), (Decimal("-30.00"), 2, False)]
    warnings = report.warnings()
    (owed,) = [w for w in warnings if w.startswith("Assets:Receivable:Government")]
    assert owed.startswith("Assets:Receivable:Government：2024-01-02 的应收 2,000.00 CNY"
                           "（市总工会 专项拨款（已批未到），Income:Union）已 119 天未收到"), owed
    assert "has not come in for 119 days (more than 90)" in owed and owed.index("未收到") < owed.index("has not come in")
    (waiting,) = [w for w in warnings if w.startswith("Assets:Clearing:WeChat")]
    assert waiting.startswith("Assets:Clearing:WeChat：2024-04-05 的 120.00 CNY"
                              "（微信账单 银行卡支付，待对账单，Expenses:Operations:Office）已在清算账户中 25 天未结清"), waiting
    assert "has waited 25 days in the clearing account (more than 7)" in waiting
    assert report.held.total == report.funds.net_assets


def test_the_receivable_and_clearing_days_are_settings(books_factory):
    settings = ('\n2024-01-01 custom "relief-option" "receivable_warn_days" 180'
                '\n2024-01-01 custom "relief-option" "clearing_warn_days" 30\n')
    report = _report(books_factory({}, OTHER + ALLOCATION + CLEARING + settings), "2024-04")
    lines = {line.account: line for line in report.held.lines}
    assert (lines["Assets:Receivable:Government"].warn_days, lines["Assets:Clearing:WeChat"].warn_days) == (180, 30)
    assert not [w for w in report.warnings() if w.startswith(("Assets:Receivable", "Assets:Clearing"))], report.warnings()


TWO_EQUAL = f"""
2024-01-01 open Assets:Online:WeChat CNY

2024-03-01 * "转至一般户" "汇出"
  lands_in: "Assets:Bank:Other"
  {TRANSIT_ACCOUNT}            500.00 CNY
  Assets:Bank:Basic

2024-03-01 * "转至微信" "汇出"
  lands_in: "Assets:Online:WeChat"
  {TRANSIT_ACCOUNT}            500.00 CNY
  Assets:Bank:Basic

2024-03-04 * "转至微信" "到账"
  Assets:Online:WeChat      500.00 CNY
  {TRANSIT_ACCOUNT}
"""


def test_two_equal_transfers_pair_by_where_they_land_not_by_order(books_factory):
    """Two transfers of 500.00 sent the same day, one to Assets:Bank:Other and one to WeChat;
    the WeChat one lands. What is still in transit is the one bound for Assets:Bank:Other
    (paired by amount and order, the first sent was taken as landed, and the item left said
    it was to land in WeChat, where the money already was)."""
    report = _report(books_factory(BASIC_AFTER, OTHER + TWO_EQUAL))
    (item,) = next(line for line in report.held.lines if line.account == TRANSIT_ACCOUNT).items
    assert (item.amount, item.lands, item.description) == (Decimal("500.00"), "Assets:Bank:Other", "转至一般户 汇出")


def test_a_link_pairs_a_payment_with_what_it_pays(books_factory):
    """Two aid approvals of 400.00 owed; the payment carries the second's link (^sp-0010):
    the first is what is still owed, not the second."""
    owed = """
2024-03-05 * "困难救助（已批未付）" ^sp-0009
  fund: "GENERAL"
  approval: "SP-2024-0009"
  case: "C0001"
  Expenses:Aid:Living       400.00 CNY
  Liabilities:Payable

2024-03-06 * "困难救助（已批未付）" ^sp-0010
  fund: "GENERAL"
  approval: "SP-2024-0010"
  case: "C0001"
  Expenses:Aid:Living       400.00 CNY
  Liabilities:Payable

2024-03-20 * "支付已批帮扶款" ^sp-0010
  Liabilities:Payable       400.00 CNY
  Assets:Bank:Basic
"""
    report = _report(books_factory({MARCH_BASIC: "2024-04-01 balance Assets:Bank:Basic 45600.00 CNY"}, owed))
    (item,) = next(line for line in report.held.lines if line.account == PAYABLE_ACCOUNT).items
    assert (item.date.isoformat(), item.amount) == ("2024-03-05", Decimal("-400.00"))


def test_without_a_link_or_lands_in_equal_amounts_still_pair_first_in_first_out(books_factory):
    """Entries that say neither where the money lands nor a link: the first sent is taken
    as the one landed, as before."""
    plain = TWO_EQUAL.replace('  lands_in: "Assets:Bank:Other"\n', "").replace('  lands_in: "Assets:Online:WeChat"\n', "")
    report = _report(books_factory(BASIC_AFTER, OTHER + plain))
    (item,) = next(line for line in report.held.lines if line.account == TRANSIT_ACCOUNT).items
    assert (item.lands, item.description) == (None, "转至微信 汇出")


PLEDGE = """
2024-01-02 * "某某机械制造有限公司" "认捐（分四季度付清）"
  fund: "GENERAL"
  Assets:Receivable:Pledges      4000.00 CNY
  Income:Donation:Enterprise
"""


def test_a_pledge_is_listed_by_age_but_never_warned_of(books_factory):
    """A pledge of 2 January still to come at April's end (119 days) is listed with its age,
    and only the allocation of the same day is warned of. Why: a pledge paid over a year is
    to be received for longer than receivable_warn_days by design; each period's reconcile
    asked the officer to chase a donor paying as agreed."""
    report = _report(books_factory({}, OTHER + ALLOCATION + PLEDGE), "2024-04")
    lines = {line.account: line for line in report.held.lines}
    pledges = lines["Assets:Receivable:Pledges"]
    assert [(i.amount, i.age) for i in pledges.items] == [(Decimal("4000.00"), 119)]
    assert pledges.overdue == []
    warned = [w for w in report.warnings() if w.startswith("Assets:Receivable")]
    assert [w.split("：")[0] for w in warned] == ["Assets:Receivable:Government"], warned
    assert report.held.total == report.funds.net_assets
