"""A statement exported before the end of the period it states covers only its rows' days.

Why: online banking fills 截止日期 with the period the officer asked for (1 to 31 March), not
the moment of the export. A statement exported on 20 March said it covered the month: its
closing balance was asserted on 1 April, and `relief reconcile` took March as covered. The
gifts of 21 to 31 March, imported later from the next export, then broke that assertion
(the balance of 20 March, dated 1 April), and until then March reconciled with them
missing. (sampY left this alone.) When the stated end is not yet past on the day of the
import, the statement is taken to cover its first stated day to its last row's day, and
the dry run says so.
"""

from __future__ import annotations

import datetime

import openpyxl
import pytest
from click.testing import CliRunner

import ledger.period
from cli import cli

NUMBER = "6222000011112222"  # the books' basic account's number (conftest)
HEAD = ["交易时间", "记账日", "支出", "收入", "账户余额", "摘要", "对方户名", "对方银行", "对方账号", "用途", "交易渠道", "备注"]
BEIJING = datetime.timezone(datetime.timedelta(hours=8))


def _statement(tmp_path):
    path = tmp_path / "march.xlsx"
    book = openpyxl.Workbook()
    for row in (["兴业银行交易明细"], [], ["账户户名", "帮扶中心"], ["账户账号", NUMBER], ["卡内账户", "001 活期储蓄存款 人民币"],
                ["起始日期", "2026-03-01"], ["截止日期", "2026-03-31"], [], HEAD,
                ["2026-03-04 10:00:00", "2026-03-04", "", "500.00", "500.00", "汇款汇入", "王小明", "工商银行",
                 "6222020000001234", "捐款", "网上银行", ""]):
        book.active.append(row)
    book.save(path)
    return path


@pytest.fixture
def on_day(monkeypatch):
    def at(day: datetime.date) -> None:
        monkeypatch.setattr(ledger.period, "_now", lambda: datetime.datetime(day.year, day.month, day.day, 10, tzinfo=BEIJING))
    return at


def test_a_statement_exported_before_its_stated_end_covers_its_rows_days(books, tmp_path, on_day):
    on_day(datetime.date(2026, 3, 20))
    result = CliRunner().invoke(cli, ["import", str(books), str(_statement(tmp_path))])
    assert result.exit_code == 0, result.output
    assert "2026-03-05 balance Assets:Bank:Basic" in result.output, result.output
    assert "2026-04-01 balance" not in result.output, result.output
    said = " ".join(result.output.split())
    assert ("the statement says it covers 2026-03-01 to 2026-03-31, which has not ended on 2026-03-20, the day of this "
            "import: it was exported before its end, and is taken to cover 2026-03-01 to 2026-03-04 (its last row)") in said, said
    assert "import the statement of the days after" in said, said
    assert ("注：对账单写明的期间是 2026-03-01 至 2026-03-31，到本次导入之日 2026-03-20 还没有结束" in said
            and "按 2026-03-01 至 2026-03-04（它的最后一行）处理" in said), said  # Chinese first


def test_a_statement_of_an_ended_period_covers_what_it_states(books, tmp_path, on_day):
    on_day(datetime.date(2026, 4, 2))
    result = CliRunner().invoke(cli, ["import", str(books), str(_statement(tmp_path))])
    assert result.exit_code == 0, result.output
    assert "2026-04-01 balance Assets:Bank:Basic" in result.output, result.output
    assert "has not ended" not in result.output, result.output


def test_a_statement_whose_rows_reach_its_stated_end_is_taken_as_stated(books, tmp_path, on_day):
    """Rows up to the stated end (the demo's December, a year written ahead): nothing to
    shorten, and no note (the demo's import printed one that changed nothing)."""
    on_day(datetime.date(2026, 3, 20))
    path = _statement(tmp_path)
    book = openpyxl.load_workbook(path)
    book.active.append(["2026-03-31 10:00:00", "2026-03-31", "", "100.00", "600.00", "汇款汇入", "王小明", "工商银行",
                        "6222020000001234", "捐款", "网上银行", ""])
    book.save(path)
    result = CliRunner().invoke(cli, ["import", str(books), str(path)])
    assert result.exit_code == 0, result.output
    assert "2026-04-01 balance Assets:Bank:Basic" in result.output, result.output
    assert "has not ended" not in result.output, result.output


def test_a_statement_exported_on_its_stated_last_day_covers_its_rows_days(books, tmp_path, on_day):
    """Exported on 31 March, the last day it states, at ten in the morning: that day has not
    ended either (the gifts of its afternoon are in no row), so its balance is not asserted
    on 1 April."""
    on_day(datetime.date(2026, 3, 31))
    result = CliRunner().invoke(cli, ["import", str(books), str(_statement(tmp_path))])
    assert result.exit_code == 0, result.output
    assert "2026-03-05 balance Assets:Bank:Basic" in result.output, result.output
    assert "2026-04-01 balance" not in result.output, result.output
