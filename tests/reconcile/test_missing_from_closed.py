"""Something missing from a closed period: a register of March found after March was closed.

The dry run proposed its rows as any other file's (exit 0); only `--write` was refused, by the
rule closed_period, with a hint to "record what is missing as a correction", while a
correction could only name an entry that exists, and docs/closing.md showed none for an
entry that was never booked. The dry run now says which rows are dated in a closed period;
a correction may name the closed period itself (`correction: "2024-03"`), which reconcile
finds and the site takes as a correction of that month.
"""

from __future__ import annotations

import datetime

from click.testing import CliRunner

from cli import cli
from ledger.books import load_books
from ledger.closes.close import close_period
from ledger.period import parse_period
from ledger.reconcile.report import build_report
from publish.closing import correction_facts

REGISTER = ("日期,捐赠人,捐赠人类型,金额,物资,数量,单价,基金,匿名,需要感谢信,联系方式,收款方式,估值依据,备注,凭证号\n"
            "2024-03-20,某某机械,,150.00,,,,,,否,,现金,,,SJ-0003\n")
LATE = """
2024-04-02 * "某某机械制造有限公司" "补记：3月20日现金捐款"
  fund: "GENERAL"
  donor: "D0001"
  receipt: "JZ-2024-00004"
  correction: "2024-03"
  Assets:Cash                 150.00 CNY
  Income:Donation:Enterprise
"""


def _closed(books_factory):
    main = books_factory()
    close_period(load_books(main), parse_period("2024-03"), check=build_report, today=datetime.date(2024, 4, 10))
    return main


def test_the_dry_run_names_the_rows_of_a_closed_period(books_factory, tmp_path):
    main = _closed(books_factory)
    register = tmp_path / "donations.csv"
    register.write_text(REGISTER, encoding="utf-8")
    dry = CliRunner().invoke(cli, ["import", str(main), str(register)])
    assert ("note: row 2 (2024-03-20, 150.00 CNY) is dated in 2024-03, which is closed: `--write` refuses it"
            in dry.output), dry.output
    assert 'with correction: "2024-03"' in dry.output
    # Chinese first, on the line before the English (the officer reads Chinese)
    assert ";; 注：第 2 行（2024-03-20，150.00 CNY）的日期在已结账的 2024-03 中：`--write` 会拒绝" in dry.output, dry.output
    written = CliRunner().invoke(cli, ["import", str(main), str(register), "--write"])
    assert written.exit_code == 1
    assert 'book what is missing by hand in an open period with correction: "2024-03"' in written.output


def test_a_correction_may_name_the_closed_period_an_entry_is_missing_from(books_factory):
    main = _closed(books_factory)
    with (main.parent / "txns" / "2024.beancount").open("a", encoding="utf-8") as f:
        f.write(LATE)
    books = load_books(main)
    assert not books.errors, [e.message for e in books.errors]
    report = build_report(books, parse_period("2024-04"))
    assert [(c.corrects, c.found) for c in report.corrections] == [("2024-03", True)]
    ((entry, fund, change, month),) = correction_facts(books.entries, books.options)
    assert (fund, change, month) == ("GENERAL", 150, (2024, 3))


def test_an_open_period_named_is_still_nothing(books_factory):
    main = books_factory(extra=LATE)
    report = build_report(load_books(main), parse_period("2024-04"))
    assert [(c.corrects, c.found) for c in report.corrections] == [("2024-03", False)]


def test_a_statements_closing_balance_in_a_closed_month_is_named(books_factory, tmp_path):
    """A statement of February, imported after March was closed, asserts its closing balance
    on 1 March: `--write` is refused for that alone; the dry run says so and that --no-balance
    imports it."""
    import csv
    import io

    main = books_factory({"2024-03-01 balance Assets:Bank:Basic 0.00 CNY": ""})
    close_period(load_books(main), parse_period("2024-03"), check=build_report, today=datetime.date(2024, 4, 10))
    head = ["交易日期", "摘要", "交易场所", "交易国家或地区简称", "钞/汇", "交易金额(收入)", "交易金额(支出)", "交易币种",
            "记账金额(收入)", "记账金额(支出)", "记账币种", "余额", "对方户名"]
    rows = [["明细查询文件下载"], [], ["卡号: 6222****2222"], ["起止日期: 2024-02-01 至 2024-02-29"], [], head,
            ["2024-02-10", "结息", "", "CHN", "钞", "-", "-", "-", "1.00", "", "人民币", "1.00", ""],
            ["2024-02-20", "汇款手续费", "", "CHN", "钞", "-", "-", "-", "", "1.00", "人民币", "0.00", ""]]
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    statement = tmp_path / "icbc-2024-02.csv"
    statement.write_bytes(buf.getvalue().encode("gb18030"))
    dry = CliRunner().invoke(cli, ["import", str(main), str(statement)])
    assert ("the closing balance (2024-03-01 balance Assets:Bank:Basic 0.00 CNY) is dated in 2024-03, which is closed: "
            "`--write` refuses it; import with --no-balance") in dry.output, dry.output
    assert ";; 注：期末余额（2024-03-01 balance Assets:Bank:Basic 0.00 CNY）的日期在已结账的 2024-03 中" in dry.output
    assert "row 7" not in dry.output.split("is dated in")[0]  # the February rows are not in a closed period
    refused = CliRunner().invoke(cli, ["import", str(main), str(statement), "--write"])
    assert refused.exit_code == 1
    assert "The statement's closing balance is dated in 2024-03, which is closed: import the statement with --no-balance" \
        in refused.output, refused.output
    written = CliRunner().invoke(cli, ["import", str(main), str(statement), "--write", "--no-balance"])
    assert written.exit_code == 0, written.output
