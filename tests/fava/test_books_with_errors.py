"""Books with errors, as an auditor may be handed them: Fava and the audit views still open,
the rules page lists exactly what Fava's Errors page lists, and every page with figures says
that they may be incomplete (an entry beancount cannot read is in none of them).
"""

from __future__ import annotations

import html
import re
from decimal import Decimal
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from cli.serve import make_app
from ledger.errors import location
from tests.fava.samples import SAMPLE_TXNS, page, write_books

FIGURES = ("statement", "receipts", "donors", "cases")
NOTICE = 'id="book-errors"'

#: A failed balance assertion, aid that breaks a rule (no approval), a bad option for Fava.
BROKEN = SAMPLE_TXNS + """
2026-06-01 balance Assets:Bank:Basic  1.00 CNY

2026-08-02 * "慰问金（无审批单）"
  fund: "GENERAL"
  case: "C0001"
  Expenses:Aid:Holiday   200.00 CNY
  Assets:Bank:Basic

2026-01-01 custom "fava-option" "no-such-option" "x"
"""

#: In inbox.beancount (an included file): one good union payment, then one beancount cannot read.
SYNTAX = """
2026-08-03 * "市总工会" "工会经费拨付"
  fund: "GENERAL"
  Assets:Bank:Basic   500.00 CNY
  Income:Union

2026-08-04 * "missing quote
  fund: "GENERAL"
  Assets:Bank:Basic   100.00 CNY
  Income:Union
"""


@pytest.fixture(scope="module")
def broken(tmp_path_factory):
    main = write_books(tmp_path_factory.mktemp("broken") / "books", txns=BROKEN)
    with (main.parent / "inbox.beancount").open("a", encoding="utf-8") as f:
        f.write(SYNTAX)
    fava = make_app(main)
    return fava, fava.app.test_client()


def _ledger(fava):
    return fava.app.config["LEDGERS"][fava.slug]


def test_fava_opens_and_lists_the_errors(broken):
    fava, client = broken
    messages = [e.message for e in _ledger(fava).errors]
    assert any("Balance failed" in m for m in messages)
    # told where the difference arose, as relief check tells it (ledger/balance_runs.py)
    assert any("Balance failed" in m and "the difference arose" in m for m in messages), messages
    assert any("approval" in m for m in messages)
    assert any("no_such_option" in m for m in messages)
    assert any(re.search(r"token|syntax", m, re.I) for m in messages)
    assert client.get(f"/{fava.slug}/errors/").status_code == 200


@pytest.mark.parametrize("view", FIGURES + ("rules",))
def test_every_view_opens(broken, view):
    fava, client = broken
    page(client, fava, view=view)
    assert client.get(f"/{fava.slug}/extension/ReliefAudit/{view}").status_code == 200


def test_rules_page_lists_exactly_favas_errors(broken):
    """Fava's own errors (a fava-option it cannot parse) were missing from the rules page."""
    fava, client = broken
    groups = client.get(f"/{fava.slug}/extension/ReliefAudit/rules").get_json()
    listed = sorted((v["filename"], v["lineno"], v["message"]) for g in groups for v in g["violations"])
    favas = sorted((*location(e), str(e.message).strip()) for e in _ledger(fava).errors)
    assert listed == favas
    text = page(client, fava, view="rules")
    assert f"共 {len(favas)} 条（{len(favas)} 个错误，0 个警告）{len(favas)} in all: {len(favas)} errors, 0 warnings" in text
    assert "no_such_option" in text


@pytest.mark.parametrize("view", FIGURES)
def test_pages_with_figures_say_they_may_be_incomplete(broken, view):
    fava, client = broken
    count = len(_ledger(fava).errors)
    text = page(client, fava, view=view)
    notice = re.search(rf"<p [^>]*{NOTICE}[^>]*>(.*?)</p>", text, re.S)
    assert notice, view
    assert f"{count} " in notice.group(1) and "may be incomplete" in notice.group(1)
    assert "view=rules" in notice.group(1)  # one click to the errors
    hrefs = [html.unescape(h) for h in re.findall(r'href="([^"]+)"', notice.group(1))]
    assert len(hrefs) == 2 and "/errors" in hrefs[1]
    assert all(client.get(h).status_code == 200 for h in hrefs)


def test_the_notice_stands_under_any_filter(broken):
    """The unreadable entry may be anywhere: a filter that leaves the errors' entries out
    does not make the figures complete."""
    fava, client = broken
    for args in ({"time": "2026-Q1"}, {"filter": 'narration:"nothing matches this"'}, {"account": "Income:Donation"}):
        assert NOTICE in page(client, fava, view="statement", **args)


def test_the_unreadable_entry_is_in_no_figure(broken):
    """What the notice warns of: the good payment beside the broken one counts, the broken one does not."""
    fava, client = broken
    statement = client.get(f"/{fava.slug}/extension/ReliefAudit/statement").get_json()
    general = next(r for r in statement["rows"] if r["fund"] == "GENERAL")
    union = next(line for line in general["sources"] if line["account"] == "Income:Union")
    assert Decimal(union["amount"]) == Decimal("30500.00")  # 30,000 in the sample, 500 here; not the 100


def test_books_without_errors_carry_no_notice(client, fava, tmp_path):
    clean = make_app(write_books(tmp_path / "clean", registry=CLEAN_REGISTRY, txns=CLEAN_TXNS))
    assert _ledger(clean).errors == []
    for view in FIGURES:
        assert NOTICE not in page(clean.app.test_client(), clean, view=view)


CLEAN_REGISTRY = """
2026-01-01 custom "donor" "D0001" "enterprise"
  name: "某某机械制造有限公司"
"""

CLEAN_TXNS = """
2026-02-01 * "某某机械制造有限公司" "捐款"
  fund: "GENERAL"
  donor: "D0001"
  receipt: "JZ-2026-00001"
  Assets:Bank:Basic           500.00 CNY
  Income:Donation:Enterprise
"""


def test_favas_errors_are_told_as_relief_check_tells_them(tmp_path):
    """Fava loads the books through beancount itself, and showed an include of a missing
    file, or of a link whose target is gone, as `<load>:0: File "…" does not exist`, naming
    neither the include nor its line; its Errors page now says what `relief check` says."""
    import os

    from click.testing import CliRunner

    from cli import cli

    main = write_books(tmp_path / "books")
    os.symlink(tmp_path / "books" / "gone.beancount", tmp_path / "books" / "link.beancount")
    with main.open("a", encoding="utf-8") as f:
        f.write('\ninclude "missing.beancount"\ninclude "link.beancount"\n')
    lines = main.read_text(encoding="utf-8").splitlines()
    fava = make_app(main)
    told = sorted((*location(e), str(e.message)) for e in _ledger(fava).errors
                  if location(e)[0] in (str(main), "<load>"))  # (the sample's own errors aside)
    assert [(name, line) for name, line, _ in told] == [(str(main), len(lines) - 1), (str(main), len(lines))], told
    assert all("<load>" not in name for name, _, _ in told)
    assert "is a symbolic link to" in told[1][2] and "gone.beancount" in told[1][2]
    check = CliRunner().invoke(cli, ["check", str(main)])
    for name, line, message in told:
        assert f"{name}:{line}: {message}" in check.output, check.output


def test_a_transaction_dated_9999_12_31_leaves_every_view_open(tmp_path):
    """Aid dated 9999-12-31 (a year typed wrong): Fava's filtered ledger takes the day after
    the last transaction, which is no date, and the cases view (and every view narrowed by an
    account or advanced filter) was a 500. Each view now opens and shows the aid."""
    txns = SAMPLE_TXNS + """
9999-12-31 * "特困救助（年份错录）"
  fund: "GENERAL"
  approval: "SP-2026-0004"
  case: "C0002"
  Expenses:Aid:Living           300.00 CNY
  Assets:Bank:Basic
"""
    fava = make_app(write_books(tmp_path / "books", txns=txns))
    client = fava.app.test_client()
    for view in (*FIGURES, "rules"):
        for args in ({}, {"filter": "特困"}, {"account": "Expenses"}, {"time": "9999"}):
            response = client.get(f"/{fava.slug}/extension/ReliefAudit/", query_string={"view": view, **args})
            assert response.status_code == 200, (view, args, response.data[:300])
            assert client.get(f"/{fava.slug}/extension/ReliefAudit/{view}", query_string=args).status_code == 200, (view, args)
    cases = client.get(f"/{fava.slug}/extension/ReliefAudit/cases", query_string={"filter": "特困"}).get_json()
    assert cases["total"] == {"amount": "1800.00", "count": 1, "postings": 2}, cases  # 1,500.00 in July and the 300.00


#: A document entry whose file is not in the documents folder (beancount: "File does not
#: exist"), beside aid without an approval: two errors on the rules view, each dated.
MISSING_DOCUMENT = SAMPLE_TXNS + """
2026-07-20 document Assets:Bank:Basic "../documents/statements/2026-07-missing.csv"

2026-08-02 * "慰问金（无审批单）"
  fund: "GENERAL"
  case: "C0001"
  Expenses:Aid:Holiday   200.00 CNY
  Assets:Bank:Basic
"""


def test_each_errors_date_opens_the_journal_on_its_entry(tmp_path):
    """The date beside each error on the rules view opens Fava's journal on the entry it is
    about. A missing document's date opened an empty journal: the link filtered on the file
    the entry is written in (`filename:…2026.beancount`), and Fava's filter reads a document
    entry's own `filename`, the document's path, before its metadata."""
    fava = make_app(write_books(tmp_path / "books", txns=MISSING_DOCUMENT))
    client = fava.app.test_client()
    text = page(client, fava, view="rules")
    rows = re.findall(r'<td><a href="([^"]*/journal/[^"]*)">(\d{4}-\d\d-\d\d)</a></td><td>([^<]*)</td>', text)
    assert any("File does not exist" in message for _, _, message in rows), rows
    assert any("approval" in message for _, _, message in rows)
    for href, day, message in rows:
        args = {k: v[0] for k, v in parse_qs(urlsplit(html.unescape(href)).query).items()}
        journal = client.get(f"/{fava.slug}/api/journal", query_string=args).get_json()["data"]
        shown = [e for e in journal if e["date"] == day and e["t"] != "Open"]
        assert len(shown) == 1, (message, unquote(html.unescape(href)), journal)


def test_the_rules_view_tells_warnings_from_errors(tmp_path):
    """Books with two warnings and no error (donors' names a spreadsheet would run as formulas)
    showed "共 2 条 errors in all" and each warning's count in red like an error's, where
    relief check says "0 errors, 2 warnings" and no page carries the errors notice. The total
    now says how many are errors and how many warnings, a group of warnings only is not
    marked as an error, and the JSON gives each group's errors and warnings."""
    warned = """
2026-01-01 custom "donor" "D0009" "individual"
  name: "=SUM(1)"

2026-01-01 custom "donor" "D0010" "individual"
  name: "+86 138"
"""
    fava = make_app(write_books(tmp_path / "books", registry=warned, txns=""))
    client = fava.app.test_client()
    text = page(client, fava, view="rules")
    assert "共 2 条（0 个错误，2 个警告）2 in all: 0 errors, 2 warnings" in text
    [(cls, shown)] = re.findall(r'<tr data-rule="spreadsheet_names">.*?<td class="num([^"]*)">(.*?)</td></tr>', text, re.S)
    assert "bad" not in cls and "warn" in cls and re.sub("<[^>]+>", " ", shown).split() == ["2", "警告", "warnings", "2"]
    groups = {g["rule"]: g for g in client.get(f"/{fava.slug}/extension/ReliefAudit/rules").get_json()}
    assert (groups["spreadsheet_names"]["errors"], groups["spreadsheet_names"]["warnings"]) == (0, 2)
    assert all(v["warning"] for v in groups["spreadsheet_names"]["violations"])
    assert NOTICE not in page(client, fava, view="statement")


#: A union payment typed with its two lines 10.00 apart: beancount says it does not balance, yet keeps it.
UNBALANCED = SAMPLE_TXNS + """
2026-06-15 * "市总工会" "工会经费拨付（金额录错）"
  fund: "GENERAL"
  Assets:Bank:Basic   100.00 CNY
  Income:Union        -90.00 CNY
"""


@pytest.fixture(scope="module")
def unbalanced(tmp_path_factory):
    main = write_books(tmp_path_factory.mktemp("unbalanced") / "books", txns=UNBALANCED)
    fava = make_app(main)
    return fava, fava.app.test_client()


def _reconciliation(client, slug, query):
    text = client.get(f"/{slug}/extension/ReliefAudit/", query_string={"view": "statement", **query}).get_data(as_text=True)
    return re.search(r'<p id="reconciliation">.*?</p>', text, re.S).group(0)


@pytest.mark.parametrize("query", [{}, {"time": "2026-06"}, {"time": "2026-Q4"}, {"account": "Income:Union"}])
def test_not_reconciled_names_the_transaction_that_does_not_balance(unbalanced, query):
    """A transaction that does not balance is in the figures (beancount keeps it), so the
    statement does not reconcile, by what its lines miss; the page said the difference and
    nothing of where it came from. It names such a transaction up to the period's end (its
    difference stays in every later closing balance), linked to it."""
    fava, client = unbalanced
    st = client.get(f"/{fava.slug}/extension/ReliefAudit/statement", query_string=query).get_json()
    assert not st["reconciled"] and Decimal(st["difference"]) == Decimal("10.00")
    said = _reconciliation(client, fava.slug, query)
    assert 'data-unbalanced="2026-06-15"' in said, said
    link = html.unescape(re.search(r'data-unbalanced="2026-06-15"[^>]*href="([^"]+)"', said).group(1))
    assert client.get(link).status_code == 200
    args = {k: v[0] for k, v in parse_qs(urlsplit(link).query).items()}
    opened = client.get(f"/{fava.slug}/api/query", query_string={"query_string": "SELECT DISTINCT narration WHERE flag = '*'", **args}).get_json()
    # the journal opens it, and it alone (beside Fava's own "C" entry on what the books miss)
    assert [r[0] for r in opened["data"]["rows"]] == ["工会经费拨付（金额录错）"]


def test_before_the_transaction_that_does_not_balance_nothing_is_named(unbalanced):
    fava, client = unbalanced
    st = client.get(f"/{fava.slug}/extension/ReliefAudit/statement", query_string={"time": "2026-05"}).get_json()
    assert st["reconciled"]
    assert "data-unbalanced" not in _reconciliation(client, fava.slug, {"time": "2026-05"})
