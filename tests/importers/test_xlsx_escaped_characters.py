"""Characters an XLSX writes as codes (_x000D_, a carriage return) read as those characters.

Why: Excel writes a carriage return in a cell's text (a payer's name or a memo pasted with
Windows line breaks: 王小明 then CR LF) as _x000D_, and openpyxl leaves the code as it is:
the payer was read as 王小明_x000D_, no registered donor, proposed as a new donor so named,
and memos kept the code in the books' narration. The rows keep the ids they had when read
with the code (Sheet.marked): a statement imported before is not booked a second time.
"""

from __future__ import annotations

import datetime
from pathlib import Path

import openpyxl
from beancount.core import data
from click.testing import CliRunner

from cli import cli
from importers import reading
from importers.reading import read_table
from tests.importers.support import extract_one

HEADER = ["交易日期", "摘要", "对方户名", "收入金额", "支出金额", "余额"]
#: as Excel writes the cells: the CR of a CR LF as _x000D_, its LF as it is
ROWS = [(datetime.date(2026, 3, 1), "转账存入_x000D_\n捐款", "某某机械制造有限公司_x000D_\n", 100, None, 100),
        (datetime.date(2026, 3, 2), "转账存入", "王小明_x000D_", 50, None, 150)]


def statement(path: Path) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.title = "明细"
    ws.append(["中国工商银行 企业网上银行 账户明细"])
    ws.append(HEADER)
    for row in ROWS:
        ws.append(row)
    wb.save(path)
    return path


def test_the_codes_read_as_the_characters():
    assert reading._unescaped("王小明_x000D_") == "王小明\n"
    assert reading._unescaped("a_x000D_\nb") == "a\nb"
    assert reading._unescaped("tab_x0009_here") == "tab\there"
    # _x005F_ is the underscore: _x005F_x000D_ is the text _x000D_
    assert reading._unescaped("a_x005F_x000D_b") == "a_x000D_b"
    assert reading._unescaped("no_xcode_") == "no_xcode_"


def test_the_payers_are_the_registered_donors_and_the_memo_has_its_line_break(books, tmp_path):
    path = statement(tmp_path / "s.xlsx")
    rows = read_table(path).sheets[0].rows
    assert rows[2].cells[1:3] == ("转账存入\n捐款", "某某机械制造有限公司")
    result = extract_one(books, path)
    assert result.problem is None, result.problem
    gifts = [e for e in result.new if isinstance(e, data.Transaction)]
    assert [(e.meta["donor"], e.payee, e.narration) for e in gifts] == [
        ("D0001", "某某机械制造有限公司", "转账存入\n捐款"), ("D0002", "王小明", "转账存入")]
    assert not any("_x000D_" in str(e) for e in result.entries)


def test_a_register_s_donor_so_written_is_the_registered_donor(books, tmp_path):
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["日期", "捐赠人", "金额", "收款方式", "备注"])
    ws.append([datetime.date(2026, 3, 5), "王小明_x000D_", 100, "现金", "第一行_x000D_\n第二行"])
    wb.save(tmp_path / "捐赠登记表.xlsx")
    result = extract_one(books, tmp_path / "捐赠登记表.xlsx")
    assert result.problem is None, result.problem
    (gift,) = [e for e in result.new if isinstance(e, data.Transaction)]
    assert (gift.meta["donor"], gift.narration) == ("D0002", "第一行\n第二行")


def test_a_statement_imported_when_the_codes_were_kept_is_already_in_the_books(books, tmp_path, monkeypatch):
    path = statement(tmp_path / "s.xlsx")
    with monkeypatch.context() as patched:
        patched.setattr(reading, "_unescaped", lambda text: text)  # as relief read it before
        reading._CACHE.clear()
        written = CliRunner().invoke(cli, ["import", str(books), str(path), "--write"])
        assert written.exit_code == 0, written.output
        assert "王小明_x000D_" in written.output
    reading._CACHE.clear()
    again = extract_one(books, path)
    assert again.problem is None, again.problem
    assert [e for e in again.new if isinstance(e, data.Transaction)] == []
    assert len([e for e in again.duplicates if isinstance(e, data.Transaction)]) == 2
