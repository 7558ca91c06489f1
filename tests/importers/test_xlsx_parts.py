"""XLSX archives written by other generators: paths with backslashes, a sheet's part lost.

Why: some generators write the ZIP's paths (xl\\worksheets\\sheet1.xml) or the relationships'
targets (worksheets\\sheet1.xml) with Windows backslashes; Excel opens such a workbook, but
openpyxl found no sheet in it and the statement was "unknown format" (every path so written:
"a ZIP archive, not a spreadsheet"). A workbook listing a sheet whose part is not in the
archive was read without that sheet, without a word: January's sheet lost, February's booked.
"""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from pathlib import Path

import openpyxl
import pytest
from beancount.core import data
from click.testing import CliRunner

from cli import cli
from tests.importers.support import extract_one

HEADER = ["日期", "捐赠人", "金额", "收款方式"]


def register(path: Path, sheets: dict[str, list]) -> Path:
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        ws.append(HEADER)
        for row in rows:
            ws.append(row)
    wb.save(path)
    return path


def rewritten(path: Path, change) -> Path:
    """The archive with each part passed through `change(name, blob)` -> (name, blob) or None (dropped)."""
    out = io.BytesIO()
    with zipfile.ZipFile(path) as src, zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            changed = change(item.filename, src.read(item.filename))
            if changed is not None:
                dst.writestr(changed[0], changed[1])
    path.write_bytes(out.getvalue())
    return path


ROWS = [[datetime.date(2026, 3, 5), "王小明", 100, "现金"], [datetime.date(2026, 3, 6), "李四", 50, "现金"]]


def _backslashed_names(name, blob):
    return (name.replace("/", "\\") if name.startswith("xl/worksheets/") else name), blob


def _backslashed_targets(name, blob):
    return name, (blob.replace(b'Target="worksheets/', b'Target="worksheets\\') if name.endswith(".rels") else blob)


def _every_path_backslashed(name, blob):
    blob = re.sub(rb'Target="([^"]*)"', lambda m: b'Target="' + m.group(1).replace(b"/", b"\\") + b'"', blob) \
        if name.endswith(".rels") else blob
    return name.replace("/", "\\"), blob


@pytest.mark.parametrize("change", [_backslashed_names, _backslashed_targets, _every_path_backslashed])
def test_a_workbook_written_with_backslashes_is_read(books, tmp_path, change):
    path = rewritten(register(tmp_path / "捐赠登记表.xlsx", {"Sheet1": ROWS}), change)
    result = extract_one(books, path)
    assert result.problem is None, result.problem
    assert [(e.date, e.postings[0].units.number) for e in result.new if isinstance(e, data.Transaction)] == [
        (datetime.date(2026, 3, 5), 100), (datetime.date(2026, 3, 6), 50)]


def test_a_sheet_whose_part_is_lost_is_named_not_left_out(books, tmp_path):
    path = register(tmp_path / "捐赠登记表.xlsx", {"1月": ROWS[:1], "2月": ROWS[1:]})
    path = rewritten(path, lambda name, blob: None if name == "xl/worksheets/sheet1.xml" else (name, blob))
    result = CliRunner().invoke(cli, ["import", str(books), str(path)])
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    zh = next(i for i, line in enumerate(lines) if line.startswith(";; 错误："))
    assert "捐赠登记表.xlsx：该 XLSX 文件已损坏：工作簿列出了工作表 '1月'" in lines[zh]
    assert lines[zh + 1].startswith(";; ERROR ") and "lists sheet(s) '1月'" in lines[zh + 1]
    assert "2026-03-06 *" not in result.output


def test_a_hyperlink_to_a_windows_path_is_left_as_it_is(books, tmp_path):
    """An external target (a 凭证 column linking ..\\凭证\\001.pdf) is no part of the workbook:
    the archive is read as written, not rebuilt."""
    from importers.reading import _with_forward_slashes

    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(HEADER + ["凭证"])
    ws.append(ROWS[0] + ["001.pdf"])
    ws["E2"].hyperlink = "..\\凭证\\001.pdf"
    wb.save(tmp_path / "捐赠登记表.xlsx")
    raw = (tmp_path / "捐赠登记表.xlsx").read_bytes()
    with zipfile.ZipFile(io.BytesIO(raw)) as zf:
        assert any(b"\\" in zf.read(n) for n in zf.namelist() if n.endswith(".rels"))
    assert _with_forward_slashes(raw) is raw
    result = extract_one(books, tmp_path / "捐赠登记表.xlsx")
    assert result.problem is None, result.problem
    assert len([e for e in result.new if isinstance(e, data.Transaction)]) == 1
