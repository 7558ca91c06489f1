"""Spreadsheet cells that hold a formula: its stored result is read; a formula stored without
its result (a file written by a program that does not calculate) is named, never read as an
empty cell (an empty amount would mean "no money")."""

from __future__ import annotations

import datetime
import io
import re
import zipfile
from decimal import Decimal
from pathlib import Path

import openpyxl
from beancount.core import data

from importers.reading import read_table
from importers.run import extract_files, load_importers
from importers.values import FORMULA_HINT
from ledger.books import load_books

HEADER = ["交易日期", "交易流水号", "摘要", "对方户名", "收入金额", "支出金额", "余额"]


def statement(path: Path, amount_of_second: object) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["中国工商银行 企业网上银行 账户明细"])
    ws.append(HEADER)
    ws.append([datetime.datetime(2026, 3, 1), "X1", "转账存入", "王小明", 100, None, 1100])
    ws.append([datetime.datetime(2026, 3, 2), "X2", "转账存入", "李四", amount_of_second, None, 1250])
    wb.save(path)
    return path


def with_stored_results(path: Path, results: dict[str, str]) -> Path:
    """The file as Excel saves it: each formula cell (by reference) with its result beside it."""
    src = zipfile.ZipFile(path)
    out = io.BytesIO()
    with zipfile.ZipFile(out, "w") as dst:
        for item in src.infolist():
            blob = src.read(item.filename)
            if item.filename.startswith("xl/worksheets/"):
                for ref, value in results.items():
                    blob, n = re.subn(rb'(<c r="' + ref.encode() + rb'"[^>]*><f>[^<]*</f>)(?:<v\s*/>|<v></v>)?(</c>)',
                                      rb"\1<v>" + value.encode() + rb"</v>\2", blob)
                    assert n == 1, ref
            dst.writestr(item, blob)
    path.write_bytes(out.getvalue())
    return path


def extract(books: Path, path: Path):
    loaded = load_books(books)
    (result,) = extract_files(loaded, [path], load_importers(loaded.root))
    return result


def test_a_formula_without_its_result_is_named_not_read_as_empty(books, tmp_path):
    result = extract(books, statement(tmp_path / "s.xlsx", "=100+50"))
    assert result.problem is not None and result.problem.row == 4
    assert "'=100+50' is not an amount" in result.problem.message and FORMULA_HINT in result.problem.message


def test_a_formula_with_its_stored_result_reads_the_result(books, tmp_path):
    path = with_stored_results(statement(tmp_path / "s.xlsx", "=100+50"), {"E4": "150"})
    assert read_table(path).sheets[0].rows[3].cells[4] == "150"
    result = extract(books, path)
    assert result.problem is None, result.problem
    amounts = [e.postings[0].units.number for e in result.entries if isinstance(e, data.Transaction)]
    assert amounts == [Decimal("100.00"), Decimal("150.00")]


def test_a_register_amount_formula_without_its_result_is_named(books, tmp_path):
    from click.testing import CliRunner

    from cli import cli

    runner = CliRunner()
    template = tmp_path / "reg.xlsx"
    assert runner.invoke(cli, ["import", "--template", "donations", "--out", str(template)]).exit_code == 0
    wb = openpyxl.load_workbook(template)
    wb.active.append([datetime.date(2026, 3, 5), "王小明", "个人", "=100+50"])
    wb.save(template)
    result = runner.invoke(cli, ["import", str(books), str(template)])
    assert result.exit_code == 1
    assert "row 2, column '金额': '=100+50' is not a number" in result.output and "save it again, which stores the results" in result.output
