"""Real statements saved again the way a finance officer's tools save them import as the
downloaded file does: the same dry run, entry for entry.

Excel's "Unicode text" (UTF-16 with a byte-order mark, TAB-separated, CRLF) writes a cell
such as 3,240.28 without quotes; a file with one line break only, CR, as old Mac tools
write; blank rows in the middle and empty columns after the last one, as a spreadsheet
leaves them.Re-encoded as GBK/GB18030 or as UTF-8 with a BOM, with CRLF line
breaks, and saved as an Excel workbook (XLSX) whose amounts and times are numbers and dates,
as Excel makes them when it opens the CSV: a number keeps no trailing zeros (-10.00 is -10),
so the row quoted in a skipped line may read 82 where the CSV reads 82.00; everything else,
the rows' ids included, is the same. Each variant is made from the real samples in tests/importers/real/ (bank statements and
WeChat Pay / Alipay bills) and must render the expected output of test_real_golden.py.
"""

from __future__ import annotations

import csv
import io
import os
import re
from pathlib import Path

import pytest

from importers.run import extract_files, load_importers, render
from tests.importers.test_real_golden import ACCOUNT, HERE, early_books  # noqa: F401 (fixture)

CSV_SAMPLES = sorted(p for p in HERE.glob("*/*.csv") if p.parent.name != "unsupported")


def _text(path: Path) -> str:
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("gb18030")


def unicode_text(text: str) -> bytes:
    """What Excel's "Unicode text" export writes: UTF-16LE with a BOM, TABs, CRLF, and a cell
    quoted only when it holds a TAB, a quote or a line break (commas stay bare)."""
    out = io.StringIO()
    csv.writer(out, delimiter="\t", lineterminator="\r\n").writerows(csv.reader(io.StringIO(text)))
    return b"\xff\xfe" + out.getvalue().encode("utf-16-le")


def cr_only(text: str) -> bytes:
    return ("\r".join(text.splitlines()) + "\r").encode("utf-8")


def blank_rows_and_empty_columns(text: str) -> bytes:
    lines = text.splitlines()
    middle = len(lines) // 2 + 1
    return "\n".join([line + ",," for line in lines[:middle]] + ["", ",,,"] + [line + ",," for line in lines[middle:]]).encode("utf-8") + b"\n"


def gb18030(text: str) -> bytes:
    return text.encode("gb18030")


def utf8_bom(text: str) -> bytes:
    return b"\xef\xbb\xbf" + text.encode("utf-8")


def crlf(text: str) -> bytes:
    return "\r\n".join(text.splitlines()).encode("utf-8") + b"\r\n"


_NUMBER = re.compile(r"^-?\d+\.\d{1,2}$")
_WHEN = re.compile(r"^\d{4}-\d{2}-\d{2}( \d{2}:\d{2}:\d{2})?$")


def excel_workbook(text: str) -> bytes:
    """The CSV opened in Excel and saved as .xlsx: amounts become numbers, date-times dates;
    long ids, which Excel would round, are kept as text (test_rounded_ids.py covers those)."""
    import datetime

    import openpyxl

    wb = openpyxl.Workbook()
    for record in csv.reader(io.StringIO(text)):
        cells = []
        for cell in record:
            bare = cell.strip()
            cells.append(float(bare) if _NUMBER.match(bare) else datetime.datetime.fromisoformat(bare) if _WHEN.match(bare) else cell)
        wb.active.append(cells)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


VARIANTS = {"unicode-text": unicode_text, "cr-only": cr_only, "blank-rows": blank_rows_and_empty_columns,
            "gb18030": gb18030, "utf8-bom": utf8_bom, "crlf": crlf, "xlsx": excel_workbook}


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("path", CSV_SAMPLES, ids=lambda p: p.name)
def test_saved_again_imports_as_downloaded(early_books, tmp_path, path, variant):  # noqa: F811
    copy = tmp_path / (path.stem + ".xlsx" if variant == "xlsx" else path.name)
    copy.write_bytes(VARIANTS[variant](_text(path)))
    (result,) = extract_files(early_books, [copy], load_importers(early_books.root), account=ACCOUNT, verify_summary=False)
    assert result.problem is None, result.problem
    assert result.conserved
    got = render([result]).replace(str(tmp_path) + os.sep, "").replace(copy.name, path.name)
    expected = path.with_name(path.name + ".beancount").read_text(encoding="utf-8")
    if variant == "xlsx":  # the row a skipped line quotes shows the cell as Excel keeps it (82, not 82.00)
        got, expected = (re.sub(r"^(;; row \d+: skipped \(.*\)): .*$", r"\1", t, flags=re.M) for t in (got, expected))
        got, expected = (re.sub(r"^(;; 第 \d+ 行：跳过（.*）)：.*$", r"\1", t, flags=re.M) for t in (got, expected))
    if variant == "blank-rows":  # the rows below the blank ones moved down: their numbers differ
        got, expected = (re.sub(r"\brows? \d+", "row N", t) for t in (got, expected))
        got, expected = (re.sub(r"第 [\d、]+ 行", "第 N 行", t) for t in (got, expected))
    assert got == expected


def _sheet_rows(path: Path) -> tuple[str, list[list]]:
    """(sheet name, rows) of a workbook sample's first sheet, cells as the file stores them."""
    if path.suffix == ".xls":
        import xlrd

        sheet = xlrd.open_workbook(str(path)).sheet_by_index(0)
        return sheet.name, [sheet.row_values(r) for r in range(sheet.nrows)]
    import openpyxl

    sheet = openpyxl.load_workbook(path, data_only=True).worksheets[0]
    return sheet.title, [["" if v is None else v for v in row] for row in sheet.iter_rows(values_only=True)]


def as_xlsx(path: Path) -> bytes:
    """An .xls saved by Excel as .xlsx: the same sheet (its name too), the same cells."""
    import openpyxl

    name, rows = _sheet_rows(path)
    wb = openpyxl.Workbook()
    wb.active.title = name
    for row in rows:
        wb.active.append(row)
    out = io.BytesIO()
    wb.save(out)
    return out.getvalue()


def as_csv(encoding: str):
    """A workbook saved as CSV (Excel's "CSV UTF-8" writes a BOM; WPS and older Excel GBK), CRLF."""
    def save(path: Path) -> bytes:
        out = io.StringIO()
        csv.writer(out, lineterminator="\r\n").writerows(_sheet_rows(path)[1])
        return out.getvalue().encode(encoding)
    return save


#: workbook samples whose one sheet carries everything (a CSV keeps no sheet name, and the CCB
#: .xls states its period only in its sheet's name, so it is saved as XLSX only)
WORKBOOK_VARIANTS = {
    ("ccb-debit-detail/ccb-debit-detail.xls", "xlsx"): as_xlsx,
    ("wechat/wechat-2026-sheet1.xlsx", "csv-gb18030"): as_csv("gb18030"),
    ("wechat/wechat-2026-sheet1.xlsx", "csv-utf8-bom"): as_csv("utf-8-sig"),
}


@pytest.mark.parametrize("sample,variant", WORKBOOK_VARIANTS, ids=lambda v: v)
def test_workbook_saved_again_imports_as_downloaded(early_books, tmp_path, sample, variant):  # noqa: F811
    path = HERE / sample
    copy = tmp_path / (path.stem + (".xlsx" if variant == "xlsx" else ".csv"))
    copy.write_bytes(WORKBOOK_VARIANTS[sample, variant](path))
    (result,) = extract_files(early_books, [copy], load_importers(early_books.root), account=ACCOUNT, verify_summary=False)
    assert result.problem is None, result.problem
    assert result.conserved
    got = render([result]).replace(str(tmp_path) + os.sep, "").replace(copy.name, path.name)
    assert got == path.with_name(path.name + ".beancount").read_text(encoding="utf-8")
