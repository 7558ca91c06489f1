"""Cases in aggregate and rule violations grouped by rule, on small docstring books."""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest
from beancount import loader
from fava.util.date import parse_date

from ledger.audit import aggregate_cases, rule_violations
from ledger.plugins.rules import RULES
from ledger.registry import build_registry
from ledger.settings import load_settings

HEAD = """
option "operating_currency" "CNY"
plugin "ledger.plugins.rules"
2026-01-01 open Assets:Bank CNY
2026-01-01 open Expenses:Aid:Medical CNY
2026-01-01 open Expenses:Aid:Living CNY
2026-01-01 open Income:Union CNY
2026-01-01 custom "relief-option" "aid_limit" "Expenses:Aid:Medical" 1000 CNY
2026-01-01 custom "fund" "GENERAL" "unrestricted"
2026-01-01 custom "case" "C1" "enrolled"
  unit: "机械工会"
2026-01-01 custom "case" "C2" "enrolled"
  unit: "教育工会"
2026-03-01 custom "case" "C2" "adjusted"
  unit: "机械工会"
2026-06-01 custom "case" "C2" "exited"
  reason: "re-employed"
2026-01-02 * "union funds"
  fund: "GENERAL"
  Assets:Bank   100000.00 CNY
  Income:Union
"""

AID = """
2026-02-01 * "medical"
  fund: "GENERAL"
  approval: "A1"
  Expenses:Aid:Medical   800.00 CNY
    case: "C1"
  Expenses:Aid:Medical   300.00 CNY
    case: "C2"
  Assets:Bank

2026-04-01 * "medical again"
  fund: "GENERAL"
  approval: "A2"
  case: "C1"
  Expenses:Aid:Medical   400.00 CNY
  Assets:Bank

2026-04-02 * "living"
  fund: "GENERAL"
  approval: "A3"
  case: "C2"
  Expenses:Aid:Living   50.00 CNY
  Assets:Bank

2026-07-01 * "after exit"
  fund: "GENERAL"
  case: "C2"
  Expenses:Aid:Living   60.00 CNY
  Assets:Bank

2026-07-02 * "stranger"
  fund: "GENERAL"
  approval: "A5"
  case: "C9"
  Expenses:Aid:Living   70.00 CNY
  Assets:Bank
"""


def _load(load_doc):
    entries, errors, options = load_doc(HEAD + AID)
    return entries, errors, options, build_registry(entries), load_settings(entries)[0]


def test_aid_by_unit_and_category_uses_the_unit_on_the_day(load_doc):
    entries, _, _, reg, settings = _load(load_doc)
    agg = aggregate_cases(entries, reg, settings)
    assert agg.categories == ["Expenses:Aid:Living", "Expenses:Aid:Medical"]
    # C2 was in 教育工会 in February, in 机械工会 from March
    assert agg.cell("教育工会", "Expenses:Aid:Medical").amount == Decimal("300.00")
    assert agg.cell("机械工会", "Expenses:Aid:Medical").amount == Decimal("1200.00")
    assert agg.cell("机械工会", "Expenses:Aid:Medical").count == 1
    assert agg.cell("机械工会", "Expenses:Aid:Living").count == 1  # C2 (the April and July aid)
    assert agg.unit_total("机械工会").count == 2
    assert agg.cell("unknown", "Expenses:Aid:Living").amount == Decimal("70.00")  # unregistered C9
    assert agg.total.amount == Decimal("1680.00")
    assert agg.units[-1] == "unknown"


def test_over_limit_reports_the_year_total(load_doc):
    entries, _, _, reg, settings = _load(load_doc)
    agg = aggregate_cases(entries, reg, settings, datetime.date(2026, 1, 1), datetime.date(2026, 3, 1))
    [over] = agg.over_limit
    assert (over.case, over.year, over.account) == ("C1", 2026, "Expenses:Aid:Medical")
    assert over.total == Decimal("1200.00") and over.excess == Decimal("200.00")
    assert over.date == datetime.date(2026, 4, 1)
    assert aggregate_cases(entries, reg, settings, datetime.date(2027, 1, 1)).over_limit == []


def test_not_enrolled_names_the_reason(load_doc):
    entries, _, _, reg, settings = _load(load_doc)
    agg = aggregate_cases(entries, reg, settings)
    reasons = {(n.case, n.date): n.reason for n in agg.not_enrolled}
    assert reasons == {
        ("C2", datetime.date(2026, 7, 1)): "exited on 2026-06-01",
        ("C9", datetime.date(2026, 7, 2)): "case not registered",
    }
    assert {n.approval for n in agg.not_enrolled} == {None, "A5"}


def test_violations_grouped_by_the_rule_that_found_them(load_doc):
    entries, errors, options, _, _ = _load(load_doc)
    groups = {g.rule: g for g in rule_violations(entries, options, errors)}
    assert list(groups)[:-1] == [r.__module__.rsplit(".", 1)[-1] for r in RULES]
    assert all(g.enabled for g in groups.values())
    assert [v.date for v in groups["aid_case"].violations] == [datetime.date(2026, 7, 1), datetime.date(2026, 7, 2)]
    assert [v.date for v in groups["aid_approval"].violations] == [datetime.date(2026, 7, 1)]
    assert [v.date for v in groups["aid_limit"].violations] == [datetime.date(2026, 4, 1)]
    assert groups["fund_declared"].count == 0 and groups["beancount"].count == 0
    # every load error is in exactly one group, with its message unchanged
    shown = sorted(v.message for g in groups.values() for v in g.violations)
    assert shown == sorted(e.message for e in errors)
    assert groups["aid_case"].title.startswith("Aid goes only to a case")


def test_beancount_errors_and_rules_not_switched_on(tmp_path):
    path = tmp_path / "main.beancount"
    path.write_text(
        HEAD.replace('plugin "ledger.plugins.rules"', 'plugin "ledger.plugins.aid_case"')
        + '2026-02-01 balance Assets:Bank  5.00 CNY\n'
        + AID,
        encoding="utf-8",
    )
    entries, errors, options = loader.load_file(str(path))
    groups = {g.rule: g for g in rule_violations(entries, options, errors)}
    assert groups["aid_case"].enabled and not groups["aid_approval"].enabled
    assert groups["aid_approval"].count == 1  # still found, marked as not switched on
    assert groups["beancount"].count == 1 and "Balance failed" in groups["beancount"].violations[0].message
    assert groups["beancount"].violations[0].lineno > 0


def test_keep_narrows_the_groups(load_doc):
    entries, errors, options, _, _ = _load(load_doc)
    groups = rule_violations(entries, options, errors, keep=lambda v: v.date and v.date >= datetime.date(2026, 7, 2))
    assert sum(g.count for g in groups) == 1


def test_aid_before_enrolment_counts_under_the_first_registered_unit(load_doc):
    entries, _, _ = load_doc(
        HEAD
        + """
2026-09-01 custom "case" "C3" "enrolled"
  unit: "化工工会"
2026-08-01 * "too early"
  fund: "GENERAL"
  approval: "A9"
  case: "C3"
  Expenses:Aid:Living   10.00 CNY
  Assets:Bank
"""
    )
    agg = aggregate_cases(entries, build_registry(entries), load_settings(entries)[0])
    assert agg.cell("化工工会", "Expenses:Aid:Living").amount == Decimal("10.00")
    assert [n.reason for n in agg.not_enrolled] == ["not enrolled until 2026-09-01"]


def test_limits_are_judged_on_all_aid_even_when_entries_are_a_selection(load_doc):
    entries, _, _, reg, settings = _load(load_doc)
    april = [e for e in entries if getattr(e, "narration", "") == "medical again"]
    alone = aggregate_cases(april, reg, settings)
    assert alone.over_limit == []  # 400 alone is within the limit
    judged = aggregate_cases(april, reg, settings, all_entries=entries)
    assert [(o.case, o.total) for o in judged.over_limit] == [("C1", Decimal("1200.00"))]
    assert judged.total.amount == Decimal("400.00")


def test_the_loads_own_errors_are_grouped_without_running_the_rules_again(tmp_path, monkeypatch):
    """Fava's rules page after a load in this process: each rule's errors as the load's
    bundle noted them (compute once per load); the same groups as running every rule again."""
    from ledger.audit import violations

    path = tmp_path / "main.beancount"
    path.write_text(HEAD + AID, encoding="utf-8")
    loader.initialize(use_cache=False)
    try:
        entries, errors, options = loader.load_file(str(path))
    finally:
        loader.initialize(use_cache=True)
    assert errors
    again = rule_violations(entries, dict(options), errors)  # another options map: every rule runs again

    def no_rerun(*_args, **_kwargs):
        raise AssertionError("a rule ran again")

    monkeypatch.setattr(violations, "same_entries", no_rerun)
    recorded = rule_violations(entries, options, errors)
    assert [(g.rule, g.enabled, g.violations) for g in recorded] == [(g.rule, g.enabled, g.violations) for g in again]
    assert sum(g.count for g in recorded) == len(errors)
    # errors that are not the load's own (another load's list): the rules run again
    with pytest.raises(AssertionError, match="a rule ran again"):
        rule_violations(entries, options, [])


def test_a_case_whose_aid_was_reversed_in_full_is_not_counted_as_helped(load_doc):
    """Aid to the wrong case, reversed: the site counts that household as not helped, and the
    auditors' view, which the site's figures are traced to, counted it."""
    reversal = """
2026-04-03 * "living, wrong case"
  fund: "GENERAL"
  approval: "A6"
  case: "C1"
  Expenses:Aid:Living   50.00 CNY
  Assets:Bank

2026-04-04 * "living, wrong case reversed"
  fund: "GENERAL"
  approval: "A6"
  case: "C1"
  Expenses:Aid:Living   -50.00 CNY
  Assets:Bank
"""
    entries, _, _ = load_doc(HEAD + AID + reversal)
    agg = aggregate_cases(entries, build_registry(entries), load_settings(entries)[0])
    living = agg.cell("机械工会", "Expenses:Aid:Living")
    assert (living.count, living.postings) == (1, 4)  # C2 only; C1's two postings net to nothing
    assert agg.unit_total("机械工会").count == 2  # C1 still helped in Medical
    assert agg.category_total("Expenses:Aid:Living").count == 2  # C2 and the stranger C9


def test_a_case_whose_aid_in_the_period_is_only_a_refund_is_not_counted_as_helped(load_doc):
    """Aid paid in one period and given back in the next: in the later period the case's net aid
    is below zero, and it was not helped there (counting only nets of exactly nothing counted it)."""
    refund = """
2026-04-03 * "living"
  fund: "GENERAL"
  approval: "A6"
  case: "C1"
  Expenses:Aid:Living   50.00 CNY
  Assets:Bank

2026-05-04 * "living, returned by the household"
  fund: "GENERAL"
  approval: "A6"
  case: "C1"
  Expenses:Aid:Living   -50.00 CNY
  Assets:Bank
"""
    entries, _, _ = load_doc(HEAD + AID + refund)
    agg = aggregate_cases(entries, build_registry(entries), load_settings(entries)[0], datetime.date(2026, 5, 1), datetime.date(2026, 6, 1))
    living = agg.cell("机械工会", "Expenses:Aid:Living")
    assert (living.count, living.amount) == (0, Decimal("-50.00"))
    assert agg.total.count == 0


def test_households_helped_leaves_out_a_net_below_zero():
    from ledger.audit.cases import households_helped

    nets = {"C1": Decimal("-50.00"), "C2": Decimal("0.00"), "C3": Decimal("10.00")}
    assert households_helped({"C1", "C2", "C3", "C4"}, nets) == 2


UNITS = """
2026-01-01 custom "case" "C3" "enrolled"
  unit: "教育工会"
  cause: "illness"
  household: 2
2026-05-01 custom "case" "C4" "enrolled"
  unit: "化工工会"
  cause: "illness"
  household: 2

2026-03-01 * "the payment names another union than the case's"
  fund: "GENERAL"
  approval: "A7"
  case: "C3"
  unit: "交通工会"
  Expenses:Aid:Living   30.00 CNY
  Assets:Bank

2026-03-02 * "a batch: one posting names a union"
  fund: "GENERAL"
  approval: "A8"
  Expenses:Aid:Living   40.00 CNY
    case: "C1"
    unit: "交通工会"
  Expenses:Aid:Living   20.00 CNY
    case: "C3"
  Assets:Bank

2026-03-03 * "before enrolment"
  fund: "GENERAL"
  approval: "A9"
  case: "C4"
  Expenses:Aid:Living   10.00 CNY
  Assets:Bank
"""


def test_the_site_and_the_cases_view_put_aid_under_the_same_union(tmp_path):
    """The site's aid tables took the payment's own `unit` first (posting, then transaction)
    and gave aid before enrolment no union; Fava's cases view took the case's registered
    union first, ignored a posting's `unit`, and gave aid before enrolment the first union
    registered: the same aid was under two unions on the two sides."""
    from collections import defaultdict

    from ledger.books import load_books
    from publish.facts import collect_facts

    (tmp_path / "main.beancount").write_text(HEAD + UNITS, encoding="utf-8")
    books = load_books(tmp_path / "main.beancount")
    site: dict[str, Decimal] = defaultdict(Decimal)
    for a in collect_facts(books).aid:
        site[a.unit or "unknown"] += a.amount
    agg = aggregate_cases(books.entries, books.registry, books.settings)
    fava = {unit: agg.unit_total(unit).amount for unit in agg.units}
    assert fava == dict(site)
    assert fava == {"机械工会": Decimal("40.00"), "教育工会": Decimal("50.00"), "化工工会": Decimal("10.00")}


def test_aid_in_another_currency_is_left_out_as_the_statement_leaves_it_out(load_doc):
    """Aid of 30.00 USD without a price in CNY was added to the cases view's amounts as 30.00
    CNY (and towards the yearly limit, in the view and in the rule aid_limit), while the fund
    statement, the site and the aid tables leave it out of every figure (the rule
    fund_currency warns of it): the cases total no longer matched the statement's aid. Now it
    is left out of the cells and the limits, and counted under the table; with a price in CNY
    it counts at its value."""
    from ledger.plugins.aid_limit import check_aid_limit

    extra = """
2026-01-01 open Assets:Forex USD
2026-01-01 open Expenses:Aid:Education
2026-01-03 * "dollars"
  fund: "GENERAL"
  Assets:Forex   5000.00 USD @ 7.00 CNY
  Income:Union  -35000.00 CNY
2026-05-01 * "aid paid in dollars"
  fund: "GENERAL"
  approval: "A7"
  case: "C1"
  Expenses:Aid:Medical   1200.00 USD
  Assets:Forex
2026-05-02 * "aid in dollars, priced"
  fund: "GENERAL"
  approval: "A8"
  case: "C1"
  Expenses:Aid:Education   10.00 USD @ 7.00 CNY
  Assets:Forex  -10.00 USD
"""
    entries, _, options = load_doc(HEAD + extra)
    reg, settings = build_registry(entries), load_settings(entries)[0]
    agg = aggregate_cases(entries, reg, settings)
    assert agg.cell("机械工会", "Expenses:Aid:Medical").amount == Decimal("0")
    assert agg.cell("机械工会", "Expenses:Aid:Education").amount == Decimal("70.00")
    assert agg.total.amount == Decimal("70.00") and agg.skipped == {"USD": 1}
    assert agg.over_limit == []  # 1200 USD is not 1200 CNY, over the 1000 CNY limit
    assert check_aid_limit(entries, options)[1] == []


def test_the_cases_page_names_aid_left_out_for_its_currency(tmp_path):
    """The page and its JSON say what the cases view left out, as the statement does."""
    from cli.serve import make_app
    from tests.fava.samples import SAMPLE_TXNS, write_books

    main = write_books(tmp_path / "books", txns=SAMPLE_TXNS + """
2026-08-01 open Assets:Bank:Forex USD
2026-08-01 open Expenses:Aid:Abroad
2026-08-02 * "dollars"
  fund: "GENERAL"
  Assets:Bank:Forex   100.00 USD @ 7.00 CNY
  Income:Union  -700.00 CNY
2026-08-03 * "aid in dollars"
  fund: "GENERAL"
  approval: "SP-2026-0009"
  case: "C0001"
  Expenses:Aid:Abroad   30.00 USD
  Assets:Bank:Forex
""")
    fava = make_app(main)
    client = fava.app.test_client()
    data = client.get(f"/{fava.slug}/extension/ReliefAudit/cases").get_json()
    statement = client.get(f"/{fava.slug}/extension/ReliefAudit/statement").get_json()
    aid = sum(Decimal(line["amount"]) for row in statement["rows"] for line in row["uses"] if line["account"].startswith("Expenses:Aid"))
    assert Decimal(data["total"]["amount"]) == aid == Decimal("31500.00")
    assert data["skipped"] == {"USD": 1}
    text = client.get(f"/{fava.slug}/extension/ReliefAudit/", query_string={"view": "cases"}).get_data(as_text=True)
    assert 'id="cases-skipped"' in text and "1 × USD" in text
    # and how much: the note gave the count of postings alone
    assert data["skipped_amounts"] == {"USD": "30.00"}
    note = text.split('id="cases-skipped"')[1].split("</p>")[0]
    assert "30.00</span> USD" in note


def test_a_rule_that_stops_on_the_books_is_named_on_the_rules_view_not_a_500(monkeypatch, tmp_path):
    """When a rule raised on the books (a value it did not expect), the bundle stopped in the
    load (Fava's Errors page: "Error applying plugin"), and the rules view ran each rule again
    to group the errors: the same rule raised again and every request of the view answered 500.
    Now that rule's group says it stopped, and the others are listed."""
    import ledger.audit.violations as violations
    from cli.serve import make_app
    from tests.fava.samples import write_books

    def broken(entries, options_map, config=None):
        raise AttributeError("'str' object has no attribute 'number'")

    broken.__module__ = "ledger.plugins.aid_case"
    rules = tuple(broken if r.__module__ == "ledger.plugins.aid_case" else r for r in violations.RULES)
    monkeypatch.setattr(violations, "RULES", rules)
    fava = make_app(write_books(tmp_path / "books"))
    client = fava.app.test_client()
    page = client.get(f"/{fava.slug}/extension/ReliefAudit/", query_string={"view": "rules"})
    assert page.status_code == 200
    groups = client.get(f"/{fava.slug}/extension/ReliefAudit/rules").get_json()
    (stopped,) = [g for g in groups if g["rule"] == "aid_case"]
    assert stopped["count"] == 1 and "stopped on these books" in stopped["violations"][0]["message"]
    assert "AttributeError" in stopped["violations"][0]["message"]
    assert any(g["rule"] == "aid_limit" and g["count"] == 1 for g in groups)  # the others still ran


@pytest.mark.parametrize("view", ["statement", "receipts", "donors", "cases"])
def test_a_view_that_raises_on_the_books_says_so_not_a_500(monkeypatch, tmp_path, view):
    """A view that raised on odd books (an amount where the registry expects text, before the
    rules were fixed for it) made the page Fava's bare 500 page and the JSON an HTML error:
    nothing told the auditor what failed. The page now answers 200 with the view's failure in
    place of its figures (the other views still work), the JSON `{"error": …}` with 500."""
    import ledger.fava_ext as ext_module
    from cli.serve import make_app
    from tests.fava.samples import write_books

    def broken(self, account, filter, start, end):  # noqa: A002
        raise AttributeError("'str' object has no attribute 'number'")

    monkeypatch.setattr(ext_module.ReliefAudit, f"_make_{view}", broken)
    fava = make_app(write_books(tmp_path / "books"))
    client = fava.app.test_client()
    base = f"/{fava.slug}/extension/ReliefAudit/"
    for query in ({}, {"time": "2026-03"}):
        page = client.get(base, query_string={"view": view, **query})
        assert page.status_code == 200
        text = page.get_data(as_text=True)
        assert 'id="view-failed"' in text and f"The {view} view could not be computed" in text and "AttributeError" in text
        answer = client.get(base + view, query_string=query)
        assert answer.status_code == 500 and "AttributeError" in answer.get_json()["error"]
    other = "rules" if view != "rules" else "statement"
    assert client.get(base, query_string={"view": other}).status_code == 200
    assert client.get(base + other).status_code == 200


def test_under_a_time_filter_the_over_limit_table_says_it_is_of_the_whole_year(sample_books):
    """Yearly limits are judged per calendar year, so under "2026-03" the table listed a case
    that went over on 1 April (and so under "2026-06", a month it had no aid) with no word that
    the list is of the whole year: it read as March's. The page now says so, and marks the
    cases that went over outside the period."""
    from cli.serve import make_app
    from tests.fava.samples import page

    fava = make_app(sample_books)
    client = fava.app.test_client()
    over = client.get(f"/{fava.slug}/extension/ReliefAudit/cases", query_string={"time": "2026-03"}).get_json()["over_limit"]
    assert over, "the sample books have a case over a limit"
    for time in ("2026-03", "2026-04", "2026-06", "2026"):
        text = page(client, fava, view="cases", time=time)
        start, end = parse_date(time)
        assert 'id="limits-whole-year"' in text, time
        for o in over:
            row = re.search(rf'<tr data-case="{o["case"]}">.*?</tr>', text, re.S).group(0)
            outside = not (start <= datetime.date.fromisoformat(o["date"]) < end)
            assert ("outside the period" in row) == outside, (time, row)
    assert 'id="limits-whole-year"' not in page(client, fava, view="cases")


def test_the_rules_view_under_a_period_says_what_the_whole_books_have(sample_books):
    """Under "2026-03" the rules view said "0 in all" while Fava's sidebar counted the books'
    errors: the count read as the whole books'. It now says it is the period's (or the
    filter's) and gives the whole books' count beside it."""
    from cli.serve import make_app
    from tests.fava.samples import page

    fava = make_app(sample_books)
    client = fava.app.test_client()
    whole = client.get(f"/{fava.slug}/extension/ReliefAudit/rules").get_json()
    count, warned = sum(g["count"] for g in whole), sum(g["warnings"] for g in whole)
    assert count
    for args in ({"time": "2026-03"}, {"filter": 'payee:"nobody"'}):
        text = page(client, fava, view="rules", **args)
        note = " ".join(re.search(r'<p class="note" id="rules-whole-books">(.*?)</p>', text, re.S).group(1).split())
        assert f"全部账簿共 {count} 条（{count - warned} 个错误，{warned} 个警告）" in note
        assert f"the whole books have {count}: {count - warned} errors, {warned} warnings" in note
    assert 'id="rules-whole-books"' not in page(client, fava, view="rules")


def test_the_rules_views_note_says_in_chinese_what_it_says_in_english(sample_books):
    """The note above the rules' errors said in Chinese only that each rule runs on the books
    by itself; the English went on to say why that matters (each error is under the rule that
    found it). The Chinese now says it too."""
    from cli.serve import make_app
    from tests.fava.samples import page

    fava = make_app(sample_books)
    text = " ".join(page(fava.app.test_client(), fava, view="rules").split())
    zh = text.index("因此每个错误都列在发现它的规则之下")
    assert zh < text.index("so each error is shown under the rule that found it")
