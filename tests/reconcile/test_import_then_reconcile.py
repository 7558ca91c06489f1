"""What the importers write is what reconcile reads: statement balance and coverage."""

from __future__ import annotations

import datetime

from click.testing import CliRunner

from cli import cli
from ledger.books import load_books
from ledger.init_books import init_books
from ledger.period import parse_period
from ledger.reconcile.report import build_report

STATEMENT = (
    "交易日期,交易流水号,摘要,对方户名,收入金额,支出金额,余额\n"
    "2024-03-04,ICBC20240304000001,转账存入,某某机械制造有限公司,50000.00,,50000.00\n"
    "2024-03-29,ICBC20240329000002,转账存入,某某机械制造有限公司,1000.00,,51000.00\n"
)


def test_imported_statement_reconciles_its_balance_and_covers_its_days(tmp_path):
    main = init_books(tmp_path / "books", name_zh="测试", name_en="Test", year=2024)
    with (main.parent / "registry" / "donors.beancount").open("a", encoding="utf-8") as f:
        f.write('\n2024-01-01 custom "donor" "D0001" "enterprise"\n  name: "某某机械制造有限公司"\n')
    statement = tmp_path / "2024-03-31.icbc-statement.csv"
    statement.write_text(STATEMENT, encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(main), str(statement), "--account", "Assets:Bank:Basic", "--write"])
    assert result.exit_code == 0, result.output

    report = build_report(load_books(main), parse_period("2024-03"))
    (bank,) = [a for a in report.accounts if a.account == "Assets:Bank:Basic"]
    assert bank.ok and bank.statement == bank.books_at_statement == 51000
    assert bank.statement_date > datetime.date(2024, 3, 29)
    rows = (datetime.date(2024, 3, 4), datetime.date(2024, 3, 29))
    assert report.gaps, "days outside the statement's rows are not attested by it"
    for gap in report.gaps:
        assert gap.end < rows[0] or gap.start > rows[1], gap


def test_a_statement_with_its_balances_masked_covers_its_days_by_rows_only(tmp_path):
    """A statement whose 余额 column is masked (****) stated 2024-03-01 to 2024-03-31 and was
    reported as covering every day of March: rows without a balance show nothing is missing.
    Reconcile now says the days are covered by rows but by no balance, and what to do; the
    balance line no longer tells the user to import a statement already imported."""
    main = init_books(tmp_path / "books", name_zh="测试", name_en="Test", year=2024)
    with (main.parent / "registry" / "donors.beancount").open("a", encoding="utf-8") as f:
        f.write('\n2024-01-01 custom "donor" "D0001" "enterprise"\n  name: "某某机械制造有限公司"\n')
    statement = tmp_path / "2024-03-31.icbc-statement.csv"
    masked = STATEMENT.replace(",50000.00\n", ",****\n").replace(",51000.00\n", ",****\n")
    statement.write_text("起止日期：2024-03-01 至 2024-03-31\n" + masked, encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(main), str(statement), "--account", "Assets:Bank:Basic", "--write"])
    assert result.exit_code == 0, result.output

    report = build_report(load_books(main), parse_period("2024-03"))
    assert [(g.account, g.start, g.end, g.rows_only) for g in report.gaps] == [
        ("Assets:Bank:Basic", datetime.date(2024, 3, 1), datetime.date(2024, 3, 31), True)]
    problems = "\n".join(report.problems())
    assert "covered by a statement's rows but by no balance" in problems, problems
    assert "2024-04-01 balance Assets:Bank:Basic" in problems and "import the statement (" not in problems, problems
    shown = CliRunner().invoke(cli, ["reconcile", str(main), "--period", "2024-03"])
    assert shown.exit_code == 1 and "every day of 2024-03 is covered" not in shown.output, shown.output
    assert "covered by a statement's rows but by no balance" in shown.output, shown.output

    # the bank's balance recorded for the month's end: covered, and reconciled
    with main.open("a", encoding="utf-8") as f:
        f.write("\n2024-04-01 balance Assets:Bank:Basic 51000.00 CNY\n  statement_start: 2024-03-01\n  statement_end: 2024-03-31\n")
    report = build_report(load_books(main), parse_period("2024-03"))
    assert report.gaps == [] and report.ok, report.problems()
