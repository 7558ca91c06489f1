"""`relief reconcile` and `relief close` through click's CliRunner."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from cli import cli


@pytest.fixture
def runner():
    return CliRunner()


def test_help(runner):
    for command in ("reconcile", "close"):
        result = runner.invoke(cli, [command, "--help"])
        assert result.exit_code == 0
        assert "2024-Q1" in result.output
    assert "reconcile" in runner.invoke(cli, ["--help"]).output


def test_reconcile_passes_with_exit_0(runner, books_factory):
    result = runner.invoke(cli, ["reconcile", str(books_factory()), "--period", "2024-03"])
    assert result.exit_code == 0, result.output
    assert "2024-03 reconciles." in result.output
    assert "\x1b[" not in result.output  # no colour when not a terminal
    assert re.search(r"OK\s+Assets:Bank:Basic\s+2024-03-31 日终 end of 2024-03-31\s+46,000.00\s+46,000.00\s+0.00", result.output)


def test_reconcile_fails_with_exit_1_and_names_the_problem(runner, books_factory):
    main = books_factory({"2024-04-01 balance Assets:Goods 90 RICE": "2024-04-01 balance Assets:Goods 88 RICE"})
    result = runner.invoke(cli, ["reconcile", str(main.parent), "--period", "2024-03"])
    assert result.exit_code == 1
    assert re.search(r"FAIL\s+大米.*\(RICE\)\s+2024-03-31 日终 end of 2024-03-31\s+88\s+90", result.output)
    # bean-check's own balance error is dated 2024-04-01, after the period: one problem only
    assert "2024-03 does not reconcile: 1 problem." in result.output


def test_reconcile_colour_on_a_terminal(runner, books_factory):
    result = runner.invoke(cli, ["reconcile", str(books_factory()), "--period", "2024-03"], color=True)
    assert "\x1b[32m" in result.output


def test_statement_days_that_cannot_be_read_are_named_where_the_days_are(runner, books_factory, tmp_path):
    """A statement whose statement_start / statement_end is not a date covers no day: the
    report says so beside the days not covered, naming the entry, instead of only counting
    the days (it did, with no word of why)."""
    main = books_factory({"statement_start: 2024-03-01": 'statement_start: "soon"',
                          "statement_end: 2024-03-31": 'statement_end: "2024-02-30"',
                          "2024-03-01 balance Assets:Bank:Basic 0.00 CNY\n": ""})
    out = tmp_path / "report.html"
    result = runner.invoke(cli, ["reconcile", str(main), "--period", "2024-03", "--html", str(out)])
    assert result.exit_code == 1
    text = result.output
    assert "cover no day (fix statement_start / statement_end)" in text
    assert "statement_start 'soon' is not a date (YYYY-MM-DD)" in text and "statement_end '2024-02-30' is not a date" in text
    assert "2024.beancount:" in text
    html = out.read_text(encoding="utf-8")
    assert "起止日期无法读取" in html and "statement_start &#39;soon&#39; is not a date" in html
    fine = books_factory()
    assert "cover no day" not in runner.invoke(cli, ["reconcile", str(fine), "--period", "2024-03"]).output


def test_reconcile_html(runner, books_factory, tmp_path):
    out = tmp_path / "out" / "report.html"
    main = books_factory({'2024-03-25 * "办公用品"': '2024-03-25 ! "办公用品<b>"'})
    result = runner.invoke(cli, ["reconcile", str(main), "--period", "2024-03", "--html", str(out)])
    assert result.exit_code == 1
    html = out.read_text(encoding="utf-8")
    assert "办公用品&lt;b&gt;" in html and "办公用品<b>" not in html
    assert "@media print" in html and "Does not reconcile" in html
    assert not list(out.parent.glob(".*tmp"))


def test_reconcile_default_period(runner, books_factory):
    result = runner.invoke(cli, ["reconcile", str(books_factory())])
    assert "Reconciliation of 2024-04" in result.output


@pytest.mark.parametrize("period", ["2024-13", "March", "2024/03"])
def test_bad_period(runner, books_factory, period):
    for args in (["reconcile", "BOOKS", "--period", period], ["close", "BOOKS", period]):
        args[1] = str(books_factory())
        result = runner.invoke(cli, args)
        assert result.exit_code == 2
        assert "2024-03 (a month), 2024-Q1 (a quarter) or 2024 (a year)" in result.output
        assert "Traceback" not in result.output


def test_missing_books(runner, tmp_path):
    for args in (["reconcile", str(tmp_path / "nope")], ["close", str(tmp_path / "nope"), "2024-03"], ["reconcile", str(tmp_path)]):
        result = runner.invoke(cli, args)
        assert result.exit_code == 1
        assert "Error:" in result.output and ("no such file or folder" in result.output or "no main.beancount" in result.output)
        assert result.exception is None or isinstance(result.exception, SystemExit)


def test_books_without_transactions(runner, tmp_path):
    from ledger.init_books import init_books

    main = init_books(tmp_path / "new", name_zh="x", name_en="x", year=2024)
    result = runner.invoke(cli, ["reconcile", str(main)])
    assert result.exit_code == 1 and "no transactions yet" in result.output
    # new books of 2026 were told to name "--period 2024-03", a month they do not hold (newU):
    # the advice is to enter the month first, and an example is a month of the books' own year
    assert "2024-03" not in runner.invoke(cli, ["reconcile", str(init_books(tmp_path / "y2026", name_zh="x", name_en="x", year=2026))]).output
    assert "enter the opening balance and the month's entries first" in result.output and "--period 2024-" in result.output


def test_close_then_check_catches_an_alteration(runner, books_factory):
    main = books_factory()
    result = runner.invoke(cli, ["close", str(main), "2024-03"])
    assert result.exit_code == 0, result.output
    assert "Closed 2024-03: " in result.output
    assert runner.invoke(cli, ["check", str(main)]).exit_code == 0
    txns = main.parent / "txns" / "2024.beancount"
    txns.write_text(txns.read_text(encoding="utf-8").replace('"提取备用金"', '"提取现金"'), encoding="utf-8")
    result = runner.invoke(cli, ["check", str(main)])
    assert result.exit_code == 1
    assert "2024.beancount:40:" in result.output and "altered after the close" in result.output


def test_close_refuses_and_says_what_fails(runner, books_factory):
    main = books_factory({'  receipt: "JZ-2024-00002"\n': '  receipt: "JZ-2024-00002"\n  flagged: TRUE\n', '2024-03-12 *': "2024-03-12 !"})
    result = runner.invoke(cli, ["close", str(main), "2024-03"])
    assert result.exit_code == 1
    assert "does not reconcile, so it cannot be closed" in result.output
    assert "捐赠大米" in result.output and "Traceback" not in result.output


def test_reconcile_html_names_goods_and_funds_and_dates_itself_by_the_books(runner, books_factory, tmp_path):
    """Goods and funds by their names (the code in brackets), and the books' date, not the
    machine's: 2024-03 ends on the 31st and the books go on into April."""
    import datetime
    import re

    from ledger.books import load_books

    main = books_factory()
    out = tmp_path / "report.html"
    result = runner.invoke(cli, ["reconcile", str(main), "--period", "2024-03", "--html", str(out)])
    assert result.exit_code == 0, result.output
    html = out.read_text(encoding="utf-8")
    books = load_books(main)
    general = books.registry.funds["GENERAL"]
    assert f"<td>{general.name_zh} {general.name_en} (GENERAL)</td>" in html
    assert "<td>大米" in html and "(RICE)</td>" in html
    assert "<td>RICE</td>" not in html and "<td>GENERAL</td>" not in html
    assert "books as of 2024-03-31" in html
    assert str(datetime.date.today()) not in html
    assert "大米" in result.output and "(GENERAL)" in result.output  # the terminal report too
    # a period the books have not gone past is dated by its last entry
    april = runner.invoke(cli, ["reconcile", str(main), "--period", "2024-04", "--html", str(out)])
    last = max(e.date for e in books.entries if e.date.month == 4 and e.date.year == 2024 and type(e).__name__ == "Transaction")
    assert re.search(rf"books as of {last}\b", out.read_text(encoding="utf-8")), april.output


def test_close_refuses_a_period_before_the_books_begin(runner, books_factory):
    """`relief close BOOKS 1999` on books of 2024 closed "0 entries" for good in the public log."""
    main = books_factory()
    from beancount.core import data

    from ledger.books import load_books

    first = str(min(e.date for e in load_books(main).entries if isinstance(e, data.Open)))
    before = {p: p.read_bytes() for p in main.parent.rglob("*") if p.is_file()}
    result = runner.invoke(cli, ["close", str(main), "1999"])
    assert result.exit_code == 1 and result.output.startswith("Error: 1999 于 1999-12-31 结束"), result.output
    assert (f"1999 ended on 1999-12-31, before the books begin ({first}, their first `open`): there is nothing of it "
            f"to close, and a close stays in the public log for good; check the period (the books' first month is {first[:7]})"
            ) in result.output, result.output
    assert {p: p.read_bytes() for p in main.parent.rglob("*") if p.is_file()} == before


def test_close_refuses_a_period_of_books_with_no_transaction_up_to_its_end(runner, tmp_path):
    """Brand-new books (`relief init`, nothing entered yet) reconciled every month ("not used")
    and `relief close mybooks 2026-03` sealed "0 entries" for good: the opening balance and
    March's statement, entered next, were then refused as changes to a closed period."""
    books = tmp_path / "mybooks"
    assert runner.invoke(cli, ["init", str(books), "--year", "2026"]).exit_code == 0
    before = {p: p.read_bytes() for p in books.rglob("*") if p.is_file()}
    result = runner.invoke(cli, ["close", str(books), "2026-03"])
    assert result.exit_code == 1 and result.output.startswith("Error: 账簿中没有日期在 2026-03-31 或之前的交易"), result.output
    assert ("the books hold no transaction dated up to 2026-03-31 (none yet): there is nothing of 2026-03 to close, "
            "and a close stays in the public log for good; record the opening balance and the period's entries") in result.output, result.output
    assert {p: p.read_bytes() for p in books.rglob("*") if p.is_file()} == before
    with open(books / "txns" / "2026.beancount", "a", encoding="utf-8") as fh:
        fh.write('\n2026-04-30 * "期初余额"\n  fund: "GENERAL"\n  Assets:Cash  100.00 CNY\n  Equity:Opening-Balances\n')
    result = runner.invoke(cli, ["close", str(books), "2026-03"])
    assert result.exit_code == 1 and "(their first is dated 2026-04-30)" in result.output, result.output


def test_reconcile_of_a_period_not_ended_says_so(runner, books_factory):
    """It said "no statement's closing balance for 2099-01: import the statement"."""
    main = books_factory()
    result = runner.invoke(cli, ["reconcile", str(main), "--period", "2099-01"])
    assert result.exit_code == 1
    assert "2099-01 has not ended yet (it ends on 2099-01-31), so it has no statement yet: reconcile it from 2099-02-01 on" in result.output
    assert "import the statement" not in result.output, result.output
    # the verdict says why too, not only "does not reconcile: 3 problems" (terminal and --html)
    verdict = result.output[result.output.index("2099-01 does not reconcile"):]
    assert "2099-01 has not ended yet (it ends on 2099-01-31): reconcile it from 2099-02-01 on, when its statements exist." in verdict
    page = main.parent.parent / "r.html"
    assert runner.invoke(cli, ["reconcile", str(main), "--period", "2099-01", "--html", str(page)]).exit_code == 1
    assert "请于 2099-02-01 以后对账" in page.read_text(encoding="utf-8")
    ended = runner.invoke(cli, ["reconcile", str(main), "--period", "2026-01"])
    assert "when its statements exist" not in ended.output


def test_reconcile_of_a_period_before_the_books_begin_says_so(runner, books_factory):
    """It said "1999 reconciles." (exit 0): nothing of 1999 is in the books, so nothing was
    checked, and a period typed wrong passed for one that had been reconciled."""
    main = books_factory()
    result = runner.invoke(cli, ["reconcile", str(main), "--period", "1999"])
    assert result.exit_code == 1, result.output
    assert "reconciles" not in result.output
    assert ("1999 ended on 1999-12-31, before the books begin (2024-01-01, their first `open`): "
            "there is nothing of it to reconcile") in result.output


def test_reconcile_without_a_period_when_the_last_entry_is_in_december_9999(runner, books_factory):
    """Why: the default period (the last month with transactions) of books whose last entry
    is dated 9999-12 (a year typed wrong: `relief check` warns of it) stopped reconcile with an
    internal error (ValueError: year 10000 is out of range)."""
    main = books_factory(extra="""
        9999-12-05 * "办公用品"
          fund: "GENERAL"
          Expenses:Operations:Office  1.00 CNY
          Assets:Cash
    """)
    result = runner.invoke(cli, ["reconcile", str(main)])
    assert result.exit_code == 1, result.output
    assert "internal error" not in result.output and result.exception is None or isinstance(result.exception, SystemExit)
    assert "the last transaction is dated 9999-12-05" in result.output and "--period" in result.output, result.output


def test_reconcile_html_under_a_file_stops_before_the_report(runner, books_factory, tmp_path):
    """Why: with a file where the report's folder must be (--html notes.txt/report.html) the
    whole reconciliation ran and was printed before the error, which then read as a failure
    of the reconciliation; now the path is refused first, in one message."""
    (tmp_path / "notes.txt").write_text("x", encoding="utf-8")
    result = runner.invoke(cli, ["reconcile", str(books_factory()), "--period", "2024-03", "--html", str(tmp_path / "notes.txt" / "report.html")])
    assert result.exit_code == 1, result.output
    assert "reconciles" not in result.output
    assert f"{tmp_path / 'notes.txt'} is a file, not a folder" in result.output, result.output


def test_a_refused_close_gives_the_reconcile_command_for_these_books(runner, books_factory):
    """A close that does not reconcile ended "run `relief reconcile BOOKS --period 2024-03`":
    a new finance officer typed BOOKS as it stood. The command now names the books it closed."""
    main = books_factory({"2024-03-12 *": "2024-03-12 !"})
    result = runner.invoke(cli, ["close", str(main), "2024-03"])
    assert result.exit_code == 1
    assert f"run `relief reconcile {main} --period 2024-03` until it passes" in result.output, result.output


def test_reconcile_without_a_period_in_a_month_not_ended_names_the_month_before(runner, books_factory, monkeypatch):
    """At month end (3 April), with April's first rows already imported, `relief reconcile
    BOOKS` took April, the last month with entries, and said only that April has not ended:
    nothing said how to reconcile March, the month the officer meant."""
    import datetime

    import ledger.period

    beijing = datetime.timezone(datetime.timedelta(hours=8))
    monkeypatch.setattr(ledger.period, "_now", lambda: datetime.datetime(2024, 4, 3, 10, tzinfo=beijing))
    main = books_factory()
    result = runner.invoke(cli, ["reconcile", str(main)])
    assert result.exit_code == 1
    assert "Reconciliation of 2024-04" in result.output
    assert (f"No --period given: 2024-04 is the last month with entries, and it has not ended; to reconcile the month before: "
            f"relief reconcile {main} --period 2024-03") in result.output, result.output
    # named, the month reconciles, and nothing more is said
    result = runner.invoke(cli, ["reconcile", str(main), "--period", "2024-03"])
    assert result.exit_code == 0 and "No --period given" not in result.output


def test_a_month_not_ended_that_reconciles_says_it_has_not_ended(runner, books_factory, monkeypatch, tmp_path):
    """Why: on 20 March, books holding March's statement already (typed ahead, or the demo's
    year) made `relief reconcile --period 2024-03` end with "2024-03 reconciles." and nothing
    more, while March's figures could still change and `relief close` refuses it."""
    import datetime

    import ledger.period

    beijing = datetime.timezone(datetime.timedelta(hours=8))
    monkeypatch.setattr(ledger.period, "_now", lambda: datetime.datetime(2024, 3, 20, 10, tzinfo=beijing))
    page = tmp_path / "report.html"
    result = runner.invoke(cli, ["reconcile", str(books_factory()), "--period", "2024-03", "--html", str(page)])
    assert result.exit_code == 0, result.output
    assert "2024-03 reconciles so far: 2024-03 has not ended yet (it ends on 2024-03-31), and its figures may still change." in result.output
    assert "2024-03 has not ended yet (it ends on 2024-03-31)" in page.read_text(encoding="utf-8")
