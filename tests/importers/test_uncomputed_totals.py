"""A totals row under a workbook statement's rows whose money cells are formulas stored
without their results (=SUM(E4:E6), a file written by a program that does not calculate):
its figures cannot be read, and the dry run says they went unchecked.

Why: it was passed over as stating nothing, without a word that the file's own totals were
not checked against its rows.
"""

from __future__ import annotations

import openpyxl

from importers.run import extract_files, load_importers
from ledger.books import load_books

ROWS = [["中国工商银行 企业网上银行 账户明细"], ["账号：6222000011112222", "户名：测试帮扶中心"],
        ["交易时间", "交易流水号", "对方单位名称", "对方账号", "借方发生额", "贷方发生额", "余额", "用途"],
        ["2026-03-02 09:12:00", "ICBC1", "某某机械制造有限公司", "6222020000001234", None, 20000, 120000, "捐赠"],
        ["2026-03-09 10:00:00", "ICBC3", "某某办公用品公司", "3100000000000002", 1200, None, 118800, "办公用品"]]


def _import(books, tmp_path, total):
    wb = openpyxl.Workbook()
    ws = wb.active
    for r in [*ROWS, ["合计", None, None, None, *total, None, None]]:
        ws.append(r)
    path = tmp_path / "icbc-corporate.xlsx"
    wb.save(path)  # openpyxl stores formulas without their results
    loaded = load_books(books)
    (result,) = extract_files(loaded, [path], load_importers(loaded.root), account="Assets:Bank:Basic", balance=False)
    assert result.problem is None, result.problem
    return [str(n) for n in result.report.notes]


def test_totals_stored_as_formulas_without_results_are_said_unchecked(books, tmp_path):
    notes = _import(books, tmp_path, ["=SUM(E4:E5)", "=SUM(F4:F5)"])
    assert any("the totals on row(s) 6 are formulas the file stores without their results" in n for n in notes), notes


def test_totals_written_as_figures_say_nothing_of_formulas(books, tmp_path):
    notes = _import(books, tmp_path, [1200, 20000])
    assert not any("formulas" in n for n in notes), notes
