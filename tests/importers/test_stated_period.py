"""The period a statement states in its preamble, not its first and last rows, is what it covers."""

from __future__ import annotations

import datetime
from pathlib import Path

from beancount.core import data
from click.testing import CliRunner

from cli import cli
from importers.period import stated_period
from importers.reading import Row
from ledger.books import load_books
from ledger.period import parse_period
from ledger.reconcile.report import build_report
from tests.importers.malformed import icbc_row

D = datetime.date
HEAD = ("明细查询文件下载\n\n卡号: 6222****2222\n\n{period}子账户序号: 00000,子账户类别: 活期\n\n"
        "交易日期,摘要,交易场所,交易国家或地区简称,钞/汇,交易金额(收入),交易金额(支出),交易币种,"
        "记账金额(收入),记账金额(支出),记账币种,余额,对方户名\n")
QUIET_ENDS = icbc_row("2026-03-03", "500.00", "", "500.00", "王小明") + icbc_row("2026-03-28", "", "20.00", "480.00", "张三")


def rows(*lines: tuple[str, ...]) -> list[Row]:
    return [Row(i + 1, tuple(cells)) for i, cells in enumerate(lines)]


def test_stated_period_in_the_forms_banks_write():
    assert stated_period(rows(("明细查询文件下载",), ("起止日期: 2026-03-01 至 2026-03-31",))) == (D(2026, 3, 1), D(2026, 3, 31))
    # SPDB: label and period in cells of their own, compact dates
    assert stated_period(rows(("账号", "6200000000001230", "账户类型", "借记卡", "日期范围", "20251201-20251231"))) == (D(2025, 12, 1), D(2025, 12, 31))
    assert stated_period(rows(("查询时间范围：2026年2月1日—2026年2月28日",))) == (D(2026, 2, 1), D(2026, 2, 28))
    assert stated_period(rows(("Statement period: 2026/01/01 to 2026/01/31",))) == (D(2026, 1, 1), D(2026, 1, 31))
    # an end at midnight after a start at midnight is exclusive
    assert stated_period(rows(("起始日期:[2019-08-01 00:00:00]    终止日期:[2019-10-01 00:00:00]",))) == (D(2019, 8, 1), D(2019, 9, 30))
    assert stated_period(rows(("起始时间：[2026-03-01 00:00:00] 终止时间：[2026-03-31 23:59:59]",))) == (D(2026, 3, 1), D(2026, 3, 31))


def test_no_stated_period():
    assert stated_period(rows(("卡号: 6222****2222",), ("导出时间 2026-04-02",))) is None
    assert stated_period(rows(("起止日期: 2026-03-31 至 2026-03-01",))) is None  # backwards: not a period
    assert stated_period([]) is None


def write_statement(path: Path, period_line: str, body: str) -> Path:
    path.write_bytes((HEAD.format(period=period_line) + body).encode("gb18030"))
    return path


def imported(books: Path):
    loaded = load_books(books)
    assert not loaded.errors, loaded.errors
    balances = [e for e in loaded.entries if isinstance(e, data.Balance) and e.account == "Assets:Bank:Basic"]
    docs = [e for e in loaded.entries if isinstance(e, data.Document) and e.account == "Assets:Bank:Basic"]
    return loaded, balances, docs


def test_stated_month_with_quiet_ends_covers_the_month_and_asserts_on_the_first(books, tmp_path):
    s = write_statement(tmp_path / "march.csv", "起止日期: 2026-03-01 至 2026-03-31\n\n", QUIET_ENDS)
    result = CliRunner().invoke(cli, ["import", str(books), str(s), "--write"])
    assert result.exit_code == 0, result.output
    loaded, balances, docs = imported(books)
    assert [(b.date, b.amount.number) for b in balances] == [(D(2026, 4, 1), 480)]
    assert (balances[0].meta["statement_start"], balances[0].meta["statement_end"]) == (D(2026, 3, 1), D(2026, 3, 31))
    assert [(d.date, d.meta["statement_start"], d.meta["statement_end"]) for d in docs] == [(D(2026, 3, 31), D(2026, 3, 1), D(2026, 3, 31))]
    report = build_report(loaded, parse_period("2026-03"))
    assert [g for g in report.gaps if g.account == "Assets:Bank:Basic"] == []


def test_without_a_stated_period_the_rows_bound_it(books, tmp_path):
    s = write_statement(tmp_path / "march.csv", "", QUIET_ENDS)
    assert CliRunner().invoke(cli, ["import", str(books), str(s), "--write"]).exit_code == 0
    loaded, balances, _ = imported(books)
    assert [b.date for b in balances] == [D(2026, 3, 29)]
    gaps = [(g.start, g.end) for g in build_report(loaded, parse_period("2026-03")).gaps if g.account == "Assets:Bank:Basic"]
    assert gaps == [(D(2026, 3, 1), D(2026, 3, 2)), (D(2026, 3, 29), D(2026, 3, 31))]


def test_rows_outside_the_stated_period_fall_back_to_the_rows_with_a_note(books, tmp_path):
    s = write_statement(tmp_path / "march.csv", "起止日期: 2026-03-05 至 2026-03-20\n\n", QUIET_ENDS)
    result = CliRunner().invoke(cli, ["import", str(books), str(s)])
    assert result.exit_code == 0, result.output
    assert "says it covers 2026-03-05 to 2026-03-20 but has rows from 2026-03-03 to 2026-03-28" in result.output
    assert "2026-03-29 balance Assets:Bank:Basic" in result.output
    assert "2026-03-21 balance" not in result.output


def test_real_spdb_export_states_its_month():
    import pytest

    from importers.bank import BankStatementImporter
    from importers.profiles import profile_from_dict
    from tests.importers.support import OTHER_BANKS, REAL

    path = REAL / "bank" / "spdb-debit.xls"
    if not path.exists():
        pytest.skip("real fixtures not present")
    spdb = next(p for p in OTHER_BANKS if p["id"] == "spdb-debit")
    st = BankStatementImporter(profile_from_dict(spdb)).parse(str(path))
    assert st.stated == (D(2025, 12, 1), D(2025, 12, 31))
    assert st.closing[0] == D(2026, 1, 1)
    assert max(r.date for r in st.records) < D(2025, 12, 31)  # its last row is before the month's end


def test_a_last_day_listed_newest_first_closes_on_the_balance_its_rows_chain_to(books, tmp_path):
    """The file runs oldest first, but lists its last day's rows newest first (as some banks
    list a day): the closing balance is the row no other row of that day follows from
    (550.00), not the row listed last (600.00), whose assertion failed on --write with a
    message about the opening balance."""
    body = (icbc_row("2026-03-03", "500.00", "", "500.00", "王小明") + icbc_row("2026-03-10", "", "20.00", "550.00", "张三")
            + icbc_row("2026-03-10", "", "30.00", "570.00", "李四") + icbc_row("2026-03-10", "100.00", "", "600.00", "赵六"))
    s = write_statement(tmp_path / "march.csv", "", body)
    result = CliRunner().invoke(cli, ["import", str(books), str(s), "--write"])
    assert result.exit_code == 0, result.output
    _, balances, _ = imported(books)
    assert [(b.date, b.amount.number) for b in balances] == [(D(2026, 3, 11), 550)]


def test_a_period_stated_on_two_lines():
    """兴业银行's 交易明细 states its period as 起始日期 and 截止日期 on lines of their own."""
    assert stated_period(rows(("卡内账户", "001 活期储蓄存款 人民币"), ("起始日期", "2026-03-01"), ("截止日期", "2026-03-31"),
                              ("下载日期", "2026-04-01 09:00:00"))) == (D(2026, 3, 1), D(2026, 3, 31))
    assert stated_period(rows(("开始日期：2026-03-01",), ("结束日期：2026-03-31",))) == (D(2026, 3, 1), D(2026, 3, 31))
    # a start with no end after it, or a download date after it, states no period
    assert stated_period(rows(("起始日期", "2026-03-01"), ("下载日期", "2026-04-01 09:00:00"))) is None
    assert stated_period(rows(("起始日期", "2026-03-31"), ("截止日期", "2026-03-01"))) is None


def test_cib_month_stated_on_two_lines_covers_the_month(books, tmp_path):
    """A 兴业银行 statement of March (起始日期 2026-03-01, 截止日期 2026-03-31, each on its own
    line) whose rows run from 3 to 28 March covered only those days: its balance was asserted on
    29 March and the reconciliation of March showed 1-2 and 29-31 March as days no statement
    covers. It covers the month it states, its closing balance asserted on 1 April."""
    import openpyxl

    path = tmp_path / "兴业银行交易明细.xlsx"
    book = openpyxl.Workbook()
    for row in (["兴业银行交易明细"], [], ["账户户名", "帮扶中心"], ["卡内账户", "001 活期储蓄存款 人民币"],
                ["起始日期", "2026-03-01"], ["截止日期", "2026-03-31"], ["下载日期", "2026-04-01 09:00:00"], [],
                ["交易时间", "记账日", "支出", "收入", "账户余额", "摘要", "对方户名", "对方银行", "对方账号", "用途", "交易渠道", "备注"],
                ["2026-03-03 10:00:00", "2026-03-03", "", "500.00", "500.00", "汇款汇入", "王小明", "工商银行", "6222020000001234",
                 "捐款", "网上银行", ""],
                ["2026-03-28 10:00:00", "2026-03-28", "20.00", "", "480.00", "转账转出", "张三", "兴业银行", "6222000000005555",
                 "", "手机银行", ""]):
        book.active.append(row)
    book.save(path)
    result = CliRunner().invoke(cli, ["import", str(books), str(path), "--write"])
    assert result.exit_code == 0, result.output
    assert "relief.bank.cib-debit" in result.output, result.output
    loaded, balances, _ = imported(books)
    assert [(b.date, b.amount.number) for b in balances] == [(D(2026, 4, 1), 480)]
    assert (balances[0].meta["statement_start"], balances[0].meta["statement_end"]) == (D(2026, 3, 1), D(2026, 3, 31))
    assert [g for g in build_report(loaded, parse_period("2026-03")).gaps if g.account == "Assets:Bank:Basic"] == []
