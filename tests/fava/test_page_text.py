"""What the audit page says, as an auditor who reads Chinese sees it.

Found by using the pages (not by the computations' tests): in-page links that led nowhere,
headings and kinds in English only, an empty table row that did not span its table.
"""

from __future__ import annotations

import re

import pytest

from cli.serve import make_app
from ledger.audit.violations import BEANCOUNT_GROUP, rule_name
from ledger.fava_ext import DONOR_KINDS, RULE_TITLES_ZH
from ledger.plugins.rules import RULES
from tests.fava.samples import page

VIEWS = ("statement", "receipts", "donors", "cases", "rules")


@pytest.fixture(scope="module")
def empty(empty_books):
    fava = make_app(empty_books)
    return fava, fava.app.test_client()


def _dead_anchors(text: str) -> list[str]:
    ids = set(re.findall(r'\bid="([^"]+)"', text))
    return sorted({a for a in re.findall(r'href="#([^"]*)"', text) if a not in ids})


@pytest.mark.parametrize("view", VIEWS)
def test_every_in_page_link_has_its_target(client, fava, empty, view):
    """A rule without errors has no table to jump to: its name is not a link (it was, to nothing)."""
    assert _dead_anchors(page(client, fava, view=view)) == []
    assert _dead_anchors(page(empty[1], empty[0], view=view)) == []


def test_rules_without_errors_are_not_links_and_those_with_errors_are(client, fava):
    text = page(client, fava, view="rules")
    assert 'href="#rule-aid_case"' in text and 'id="rule-aid_case"' in text  # the sample books' one aid_case error
    assert 'href="#rule-goods_cost"' not in text


def test_every_rule_is_headed_in_chinese_too(client, fava):
    assert set(RULE_TITLES_ZH) == {rule_name(r) for r in RULES} | {BEANCOUNT_GROUP}
    text = page(client, fava, view="rules")
    summary = text.split('id="rule-summary"', 1)[1].split("</table>", 1)[0]
    for title in RULE_TITLES_ZH.values():
        assert title in summary
    assert f'id="rule-aid_case">aid_case — {RULE_TITLES_ZH["aid_case"]}' in text


def test_donor_kinds_in_both_languages(client, fava):
    text = page(client, fava, view="donors")
    rows = {d: row for d, row in re.findall(r'<tr data-donor="([^"]*)">(.*?)</tr>', text, re.S)}
    assert f"<td>{DONOR_KINDS['enterprise']}</td>" in rows["D0001"]
    assert f"<td>{DONOR_KINDS['individual']}</td>" in rows["D0002"]
    assert DONOR_KINDS["enterprise"] == "企业 enterprise"


def test_no_aid_row_spans_the_cases_table(empty):
    text = page(empty[1], empty[0], view="cases")
    table = text.split('id="cases-by-unit"', 1)[1].split("</table>", 1)[0]
    head = table.split("</thead>", 1)[0]
    columns = len(re.findall(r"<th\b", head))
    assert f'<td colspan="{columns}">本期没有帮扶支出' in table


def test_the_period_is_named_without_a_time_filter(client, fava):
    """Without a time filter the page said "Period: … – …"; it now says the whole books."""
    text = page(client, fava, view="statement")
    assert '<span id="relief-period">全部 all of the books (no time filter)</span>' in text
    text = page(client, fava, view="statement", time="2026-03")
    assert '<span id="relief-period">2026-03-01 – 2026-03-31</span>' in text


def test_figures_judged_on_the_whole_books_say_so_under_a_filter(client, fava):
    """Under an account or advanced filter the receipt register's year line mixed the two
    kinds of figure without a word: Issued, the amount and the range of numbers counted the
    gifts the filter keeps, duplicates, voids and gaps were of the whole books (as
    docs/auditing.md says); the cases view's over-limit table likewise showed the whole year's
    aid. Under a filter each page now says which is which; without one it says nothing."""
    import html as _html

    def said(view: str, ident: str, **args) -> str:
        found = re.search(rf'<p class="note" id="{ident}">(.*?)</p>', page(client, fava, view=view, **args), re.S)
        return _html.unescape(re.sub(r"\s+", " ", found.group(1))) if found else ""

    for args in ({"account": "Income:Donation:Enterprise"}, {"filter": 'fund:"^GENERAL$"', "time": "2026-03"}):
        receipts = said("receipts", "receipts-whole-books", **args)
        assert "已开具" in receipts and "Issued, the amount and the range of numbers count only the gifts the filter keeps" in receipts
        assert "duplicates, voids and gaps are judged on the whole books" in receipts
        cases = said("cases", "limits-whole-books", **args)
        assert "全部账簿" in cases and "judged on the whole books" in cases
    assert not said("receipts", "receipts-whole-books", time="2026") and not said("cases", "limits-whole-books")


def test_every_not_enrolled_reason_in_chinese_too(client, fava):
    """Each wording ledger.audit.cases gives has its Chinese (a new wording fails here)."""
    import datetime
    from types import SimpleNamespace

    from ledger.audit.cases import _reason
    from ledger.fava_ext import ReliefAudit

    day = datetime.date(2026, 7, 1)

    def case(enrolled, exited=None, on=False):
        return SimpleNamespace(enrolled_on=lambda d: on, enrolled_date=enrolled, exited_date=exited)

    cases = {
        "EXITED": case(datetime.date(2026, 1, 1), datetime.date(2026, 6, 1)),
        "LATER": case(datetime.date(2026, 8, 1)),
        "NEVER": case(None),
        "GAP": case(datetime.date(2026, 1, 1)),
    }
    registry = SimpleNamespace(cases=cases)
    reasons = [_reason(registry, c, day) for c in (None, "C9", *cases)]
    assert reasons == [
        "no case named",
        "case not registered",
        "exited on 2026-06-01",
        "not enrolled until 2026-08-01",
        "never enrolled",
        "not enrolled that day",
    ]
    zh = [ReliefAudit.reason_zh(r) for r in reasons]
    assert all(zh) and zh[2] == "已于 2026-06-01 退出" and zh[3] == "2026-08-01 才建档在册"
    text = page(client, fava, view="cases")
    table = text.split('id="not-enrolled"', 1)[1].split("</table>", 1)[0]
    assert "2026-06-01 才建档在册 not enrolled until 2026-06-01" in table  # the sample books' aid to C0003 before its enrolment


def test_aid_to_no_union_is_labelled_in_both_languages():
    from ledger.audit.cases import UNKNOWN_UNIT
    from ledger.fava_ext import ReliefAudit

    assert ReliefAudit.unit_label(UNKNOWN_UNIT) == "未知 unknown"
    assert ReliefAudit.unit_label("市纺织工会") == "市纺织工会"


def test_a_failed_year_end_balance_is_an_error_of_that_year(tmp_path):
    """`2027-01-01 balance` checks the balance at the end of 2026: with the time filter 2026
    its failure was hidden from the rules page (its date is in 2027), now it is shown there."""
    from tests.fava.samples import SAMPLE_TXNS, write_books

    bad = SAMPLE_TXNS + "\n2027-01-01 balance Assets:Bank:Basic  1.00 CNY\n"
    fava = make_app(write_books(tmp_path / "books", txns=bad))
    client = fava.app.test_client()

    def beancount_errors(time):
        groups = client.get(f"/{fava.slug}/extension/ReliefAudit/rules", query_string={"time": time}).get_json()
        return [v["message"] for g in groups if g["rule"] == BEANCOUNT_GROUP for v in g["violations"]]

    assert any("Balance failed" in m for m in beancount_errors("2026"))
    assert any("Balance failed" in m for m in beancount_errors("2026-12"))
    assert beancount_errors("2027") == []
    assert "Balance failed" in page(client, fava, view="rules", time="2026")


def test_a_selection_with_nothing_in_it_says_so(client, fava):
    """A filter that selects nothing (a misspelt fund) showed a statement of zeros marked
    Reconciled, with no word that nothing was selected; the other views already said so."""
    base = f"/{fava.slug}/extension/ReliefAudit/"
    for query in ({"filter": 'fund:"GENRAL"'}, {"time": "2030"}, {"account": "Assets:Nowhere"}):
        text = client.get(base, query_string={"view": "statement", **query}).get_data(as_text=True)
        assert 'id="nothing-moved"' in text and "Nothing was raised, spent, carried over or transferred" in text, query
    for query in ({}, {"time": "2026-03"}, {"filter": 'fund:"GENERAL"'}):
        assert 'id="nothing-moved"' not in client.get(base, query_string={"view": "statement", **query}).get_data(as_text=True), query
