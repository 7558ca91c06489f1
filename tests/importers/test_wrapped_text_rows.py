"""Bank statements whose long 摘要 or 对方户名 wraps onto a second physical row, which
carries only the rest of the text: joined to the row above, with a note; any other row
without a date is read (or refused) as before."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from beancount.core import data

from importers.run import extract_files, load_importers
from ledger.books import load_books
from tests.importers.support import extract_one as extract

HEADER = ["交易日期", "交易流水号", "摘要", "对方户名", "收入金额", "支出金额", "余额"]


def csv_file(path: Path, rows) -> Path:
    path.write_text("\n".join(",".join(r) for r in [HEADER, *rows]) + "\n", encoding="utf-8")
    return path


def transactions(result) -> list[data.Transaction]:
    assert result.problem is None, result.problem
    assert result.conserved, [(m.account, m.file_net) for m in result.money]
    return [e for e in result.new if isinstance(e, data.Transaction)]


def test_a_wrapped_memo_is_joined_to_its_row(books, tmp_path):
    """The continuation row was refused as "'' is not a date", the file not imported."""
    path = csv_file(tmp_path / "s.csv", [
        ("2026-03-01", "X1", "转账存入 金秋助学捐款 第一", "王小明", "100.00", "", "1100.00"),
        ("", "", "批次", "", "", "", ""),
        ("2026-03-02", "X2", "付款", "某超市", "", "30.00", "1070.00")])
    result = extract(books, path)
    txns = transactions(result)
    assert [(t.meta["source_ref"].split(":")[-1], t.postings[0].units.number) for t in txns] == [
        ("X1", Decimal("100.00")), ("X2", Decimal("-30.00"))]
    assert "金秋助学捐款 第一批次" in txns[0].narration
    note = next(n for n in result.report.notes if "joined" in n)
    assert "row 3 into row 2" in note and "摘要" in note


def test_a_wrapped_payer_on_the_last_row_finds_the_donor(books, tmp_path):
    """After the last transaction the continuation was passed over as a footer: the payer
    read as 某某机械制造有, no donor found, and nothing said."""
    path = csv_file(tmp_path / "s.csv", [
        ("2026-03-01", "X1", "转账存入", "王小明", "100.00", "", "1100.00"),
        ("2026-03-02", "X2", "转账存入", "某某机械制造有", "5000.00", "", "6100.00"),
        ("", "", "", "限公司", "", "", "")])
    result = extract(books, path)
    txns = transactions(result)
    assert txns[-1].payee == "某某机械制造有限公司" and txns[-1].meta.get("donor") == "D0001", txns[-1]
    notes = result.report.notes
    assert any("row 4 into row 3" in n and "对方户名" in n for n in notes), notes


def test_a_wrapped_row_in_an_xls_statement(books, tmp_path):
    import xlwt

    wb = xlwt.Workbook()
    ws = wb.add_sheet("明细")
    rows = [HEADER, ["2026-03-01", "X1", "转账存入 金秋助学", "王小明", 100.0, "", 1100.0],
            ["", "", "捐款", "", "", "", ""], ["", "", "（第二批）", "", "", "", ""],
            ["2026-03-02", "X2", "付款", "某超市", "", 30.0, 1070.0]]
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            ws.write(i, j, value)
    path = tmp_path / "s.xls"
    wb.save(str(path))
    result = extract(books, path)
    txns = transactions(result)
    assert "金秋助学捐款（第二批）" in txns[0].narration and len(txns) == 2
    assert any("2 row(s)" in n and "row 4 into row 2" in n for n in result.report.notes)


def test_a_row_with_an_amount_and_no_date_is_still_refused(books, tmp_path):
    path = csv_file(tmp_path / "s.csv", [
        ("2026-03-01", "X1", "转账存入", "王小明", "100.00", "", "1100.00"),
        ("", "", "补记", "", "20.00", "", ""),
        ("2026-03-02", "X2", "付款", "某超市", "", "30.00", "1090.00")])
    result = extract(books, path)
    assert result.problem is not None and result.problem.row == 3


def test_a_text_row_outside_the_text_columns_is_not_joined(books, tmp_path):
    """Text in the id column is no wrapped memo: the row is read as before (refused)."""
    path = csv_file(tmp_path / "s.csv", [
        ("2026-03-01", "X1", "转账存入", "王小明", "100.00", "", "1100.00"),
        ("", "X9", "补记", "", "", "", ""),
        ("2026-03-02", "X2", "付款", "某超市", "", "30.00", "1070.00")])
    result = extract(books, path)
    assert result.problem is not None and result.problem.row == 3


@pytest.mark.parametrize("line", ["合计", "共1笔", "以下空白", "第1页", "期末余额"])
def test_a_footer_line_in_the_memo_column_is_not_joined(books, tmp_path, line):
    path = csv_file(tmp_path / "s.csv", [
        ("2026-03-01", "X1", "转账存入", "王小明", "100.00", "", "1100.00"),
        ("", "", line, "", "", "", "")])
    result = extract(books, path)
    txns = transactions(result)
    assert txns[0].narration == "转账存入" and not any("joined" in n for n in result.report.notes)


def test_a_file_booked_before_the_join_is_not_booked_again(books, tmp_path):
    """Before the join, a continuation under the last row was passed over as a footer and
    the row booked with its payer cut short. The same statement imported again (no ids:
    rows are told by their content) must find that row in the books, not book it twice."""
    from importers.run import write_import

    head = ["交易日期", "摘要", "对方户名", "收入金额", "支出金额", "余额"]
    rows = [("2026-03-01", "转账存入", "王小明", "100.00", "", "1100.00"),
            ("2026-03-02", "转账存入", "某某机械制造有", "5000.00", "", "6100.00")]
    old = tmp_path / "old.csv"  # what the earlier reading booked: the continuation left out
    old.write_text("\n".join(",".join(r) for r in [head, *rows]) + "\n", encoding="utf-8")
    loaded = load_books(books)
    (first,) = extract_files(loaded, [old], load_importers(loaded.root), balance=False)
    assert len(transactions(first)) == 2
    write_import(loaded, [first])
    full = tmp_path / "full.csv"
    full.write_text("\n".join(",".join(r) for r in [head, *rows, ("", "", "限公司", "", "", "")]) + "\n",
                    encoding="utf-8")
    loaded = load_books(books)
    (again,) = extract_files(loaded, [full], load_importers(loaded.root), balance=False)
    assert again.problem is None, again.problem
    assert not [e for e in again.new if isinstance(e, data.Transaction)], again.new
