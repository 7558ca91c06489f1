"""A file named .xlsx or .xls that is no workbook is named so, Chinese first, with what to do.

Why: random bytes or a damaged download named .xlsx were described as "UTF-16 text without a
byte-order mark" (zero bytes every other byte) or "binary data, not text, and is not an
XLS/XLSX file either", and the dry run's summary said 原因见上面的错误 of an English-only
error: the finance officer went looking at text encodings for a file that is simply no
workbook, which only exporting it again mends. A CSV saved under a workbook's name (some
banks' downloads) is text, and is still read as the CSV it is; a cut-off real workbook is
named damaged, an empty file empty, both Chinese first.
"""

from __future__ import annotations

import io
import random

import pytest
from click.testing import CliRunner

from cli import cli
from tests.importers.test_cli_smoke import ICBC

NOT_A_WORKBOOK = "is named {} but is not a workbook: neither an XLSX workbook (a ZIP archive) nor an XLS workbook"
NOT_A_WORKBOOK_ZH = "该文件的扩展名是 {}，但它不是工作簿：既不是 XLSX 工作簿（ZIP 压缩格式），也不是 XLS 工作簿"


def _random(size: int, low: int = 0, high: int = 256, seed: int = 7) -> bytes:
    rng = random.Random(seed)
    return bytes(rng.randrange(low, high) for _ in range(size))


def _zeros_between(size: int) -> bytes:
    """Printable bytes with a zero after each, an odd count: UTF-16-like, never text throughout."""
    rng = random.Random(3)
    return bytes(b for _ in range(size) for b in (rng.randrange(33, 127), 0)) + b"\x07"


def _truncated_workbook() -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    wb.active.append(["交易日期", "金额"])
    wb.active.append(["2026-03-05", 100])
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()[:1500]


def _run(books, path):
    result = CliRunner().invoke(cli, ["import", str(books), str(path)])
    return result, result.output.splitlines(), (result.stderr if result.stderr_bytes is not None else "")


@pytest.mark.parametrize(("name", "raw"), [
    ("statement.xlsx", _random(4000)),                       # random bytes
    ("statement.xlsx", _zeros_between(900)),                 # was: "UTF-16 text without a byte-order mark"
    ("statement.xls", _random(3000, 0x80)),                  # bytes beyond ASCII: only a guessed encoding read them
    ("statement.xlsx", _random(4000, seed=11)[:-1] + b"\x00"),
], ids=["random", "zeros-between", "high-bytes", "random-ending-in-zero"])
def test_bytes_named_as_a_workbook_are_no_workbook_chinese_first(books, tmp_path, name, raw):
    path = tmp_path / name
    path.write_bytes(raw)
    result, lines, _ = _run(books, path)
    assert result.exit_code == 1, result.output
    suffix = path.suffix
    error = next(line for line in lines if line.startswith(";; 错误："))
    assert error.startswith(f";; 错误：{name}：" + NOT_A_WORKBOOK_ZH.format(suffix)), error
    assert "请从银行或支付平台的网站重新导出" in error and "另存为 .xlsx" in error, error
    english = next(line for line in lines if line.startswith(";; ERROR "))
    assert NOT_A_WORKBOOK.format(suffix) in english and "UTF-16" not in english and "binary data" not in english
    assert "export the statement again from the bank's or platform's site" in english
    summary = next(line for line in lines if line.startswith(f";; {name}："))
    assert summary.startswith(f";; {name}：未导入（" + NOT_A_WORKBOOK_ZH.format(suffix)), summary
    assert "原因见上面的错误" not in result.output
    assert any(line.startswith(f"错误：{name}：该文件的扩展名是") for line in lines), lines  # the command's last words
    assert f"{name}: not imported (the file " + NOT_A_WORKBOOK.format(suffix) in summary


def test_a_csv_named_xlsx_is_read_as_the_csv_it_is(books, tmp_path):
    path = tmp_path / "icbc.xlsx"
    path.write_bytes(ICBC.encode("gb18030"))
    result, _, _ = _run(books, path)
    assert result.exit_code == 0, result.output
    assert "is a text (CSV) file; read as CSV" in result.output and "(2 transactions" in result.output


@pytest.mark.parametrize(("raw", "zh", "english"), [
    (_truncated_workbook(), "该 XLSX 文件已损坏或不完整（不是完整的 ZIP 压缩包）", "the XLSX file is damaged or cut off"),
    (b"", "文件是空的", "the file is empty"),
], ids=["truncated", "empty"])
def test_a_cut_off_or_empty_workbook_is_refused_chinese_first(books, tmp_path, raw, zh, english):
    path = tmp_path / "statement.xlsx"
    path.write_bytes(raw)
    result, lines, _ = _run(books, path)
    assert result.exit_code == 1, result.output
    assert f";; 错误：statement.xlsx：{zh}" in lines[1], lines[:3]
    summary = next(line for line in lines if line.startswith(";; statement.xlsx："))
    assert summary.startswith(f";; statement.xlsx：未导入（{zh}") and f"statement.xlsx: not imported ({english}" in summary
    assert "原因见上面的错误" not in result.output
