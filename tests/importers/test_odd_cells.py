"""Amount and date cells as web banking and spreadsheets really leave them are read as the
money and the day they show.

A word processor's minus sign (U+2212), a zero-width space copied from a web page, spaces
grouping thousands, a currency code before the number, and a spreadsheet's binary-float
remainder (0.1 + 0.2 stored as 0.30000000000000004) must each book the amount the finance
officer sees in the cell, and the dry run's money line must still add up. Dates written
with the year last are read day first or month first as the whole file shows, never row by row.
"""

from __future__ import annotations

import datetime
from decimal import Decimal
from pathlib import Path

from beancount.core import data

from importers.run import extract_files, load_importers
from ledger.books import load_books

HEAD = ["交易日期", "交易流水号", "摘要", "对方户名", "收入金额", "支出金额", "余额"]


def _entries(books: Path, path: Path) -> list[data.Transaction]:
    """The transactions the import proposes (checking that the file's money is accounted for)."""
    loaded = load_books(books)
    (result,) = extract_files(loaded, [path], load_importers(loaded.root))
    assert result.problem is None, result.problem
    assert result.conserved, [(m.account, m.file_net) for m in result.money]
    return [e for e in result.new if isinstance(e, data.Transaction)]


def _booked(books: Path, path: Path) -> dict[str, Decimal]:
    """{transaction id: amount on the bank account} of the entries the import proposes."""
    return {e.meta["source_ref"].split(":")[-1]: e.postings[0].units.number for e in _entries(books, path)}


def test_text_amounts_as_they_look(books, tmp_path):
    rows = [("2026-03-05", "T1", "捐款", "王小明", "100.00\u200b", "", "100.00"),
            ("2026-03-06", "T2", "付款", "某超市", "", "\u221230.00", "70.00"),
            ("2026-03-07", "T3", "捐款", "张三", "1 234.50", "", "1304.50"),
            ("2026-03-08", "T4", "捐款", "李四", "CNY 5.5", "", "1310.00"),
            ("2026-03-09", "T5", "付款", "某公司", "", "- 10.00", "1300.00"),
            ("2026-03-10", "T6", "捐款", "赵六", "20.00", "\u2212", "1320.00"),
            ("2026-03-11", "T7", "捐款", "钱七", "人民币30.00元", "", "1350.00")]
    path = tmp_path / "odd.csv"
    path.write_text(",".join(HEAD) + "\n" + "".join(",".join(f'"{c}"' for c in r) + "\n" for r in rows), encoding="utf-8")
    assert _booked(books, path) == {"T1": Decimal("100.00"), "T2": Decimal("-30.00"), "T3": Decimal("1234.50"),
                                    "T4": Decimal("5.50"), "T5": Decimal("-10.00"), "T6": Decimal("20.00"),
                                    "T7": Decimal("30.00")}


def test_spreadsheet_float_remainders_are_the_shown_amount(books, tmp_path):
    # An XLS cell holds the binary double itself (openpyxl would round it on writing an XLSX)
    import xlwt

    wb = xlwt.Workbook()
    ws = wb.add_sheet("明细")
    rows = [HEAD, ["2026-03-05", "F1", "捐款", "王小明", 0.1 + 0.2, "", 0.1 + 0.2],
            ["2026-03-06", "F2", "捐款", "张三", 1234.56 + 1e-12, "", 1234.86 + 1e-12]]
    for i, row in enumerate(rows):
        for j, value in enumerate(row):
            ws.write(i, j, value)
    path = tmp_path / "floats.xls"
    wb.save(str(path))
    assert _booked(books, path) == {"F1": Decimal("0.30"), "F2": Decimal("1234.56")}


def test_month_first_dates_are_read_month_first_in_every_row(books, tmp_path):
    path = tmp_path / "month-first.csv"
    path.write_text(",".join(HEAD) + "\n01/25/2026,D1,捐款,王小明,100.00,,100.00\n03/01/2026,D2,捐款,张三,50.00,,150.00\n",
                    encoding="utf-8")
    days = {e.meta["source_ref"].split(":")[-1]: e.date for e in _entries(books, path)}
    assert days == {"D1": datetime.date(2026, 1, 25), "D2": datetime.date(2026, 3, 1)}  # not 3 January


def test_semicolon_separated_statement(books, tmp_path):
    # Excel's "sep=;" first line, or semicolons alone, as a European list separator writes them
    declared = tmp_path / "declared.csv"
    declared.write_text("sep=;\n" + ";".join(HEAD) + "\n2026-03-05;S1;捐款;王小明;1,234.50;;1,234.50\n", encoding="utf-8")
    assert _booked(books, declared) == {"S1": Decimal("1234.50")}
    sniffed = tmp_path / "sniffed.csv"
    sniffed.write_text(";".join(HEAD) + "\n2026-03-05;S2;捐款;王小明;100.00;;100.00\n", encoding="utf-8")
    assert _booked(books, sniffed) == {"S2": Decimal("100.00")}


def test_pipe_separated_statement(books, tmp_path):
    """A rural bank's core-system text download (.txt) with its cells between vertical bars,
    thousands separators inside them. Why: it was refused as "no row looks like the header",
    each line read as one cell."""
    path = tmp_path / "明细.txt"
    path.write_bytes(("某农村信用合作联社账户明细\n" + "|".join(HEAD) + "|\n"
                      "2026-03-05|S1|捐款|王小明|1,234.50||1,234.50|\n2026-03-06|S2|救助|李大伟||200.00|1,034.50|\n").encode("gbk"))
    assert _booked(books, path) == {"S1": Decimal("1234.50"), "S2": Decimal("-200.00")}


def test_register_saved_with_month_first_dates(books, tmp_path):
    # a donation register saved as CSV by a spreadsheet set to month/day/year
    path = tmp_path / "donations.csv"
    path.write_text("日期,捐赠人,捐赠人类型,金额,收款方式\n3/1/2026,王小明,个人,100,现金\n3/15/2026,李四,个人,50,现金\n",
                    encoding="utf-8")
    assert sorted((e.date, e.postings[0].units.number) for e in _entries(books, path)) == [
        (datetime.date(2026, 3, 1), Decimal(100)), (datetime.date(2026, 3, 15), Decimal(50))]  # not 3 January
