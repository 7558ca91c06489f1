"""CSV statements as some exporters write their bytes: padding after the text, a damaged
byte. The rows are read as the text shows them, and what was dropped or is wrong is said,
naming the file and the line."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from beancount.core import data

from importers.errors import ImportProblem
from importers.reading import read_table
from importers.run import extract_files, load_importers
from ledger.books import load_books

HEADER = "交易日期,交易流水号,摘要,对方户名,收入金额,支出金额,余额\n"
ROWS = ("2026-03-01,X1,转账存入,王小明,100.00,,1100.00\n"
        "2026-03-02,X2,转账存入,李四,50.00,,1150.00\n"
        "2026-03-03,X3,付款,某超市,,30.00,1120.00\n")


def extract(books: Path, path: Path):
    loaded = load_books(books)
    (result,) = extract_files(loaded, [path], load_importers(loaded.root))
    return result


def booked(result) -> dict[str, Decimal]:
    assert result.problem is None, result.problem
    assert result.conserved, [(m.account, m.file_net) for m in result.money]
    return {e.meta["source_ref"].split(":")[-1]: e.postings[0].units.number
            for e in result.new if isinstance(e, data.Transaction)}


@pytest.mark.parametrize("padding", [512, 9000])
def test_trailing_nul_padding_is_dropped_with_a_note(books, tmp_path, padding):
    """Some exporters pad the file to a block size with NUL bytes. A short file was refused
    as "binary data"; in a long one (NULs past the first 4 KB) the NULs were read as a last
    row of junk."""
    path = tmp_path / "padded.csv"
    path.write_bytes((HEADER + ROWS).encode("utf-8") + b"\x00" * padding)
    table = read_table(path)
    assert [r.number for r in table.sheets[0].rows] == [1, 2, 3, 4]
    assert not any("\x00" in c for r in table.sheets[0].rows for c in r.cells)
    result = extract(books, path)
    assert booked(result) == {"X1": Decimal("100.00"), "X2": Decimal("50.00"),
                              "X3": Decimal("-30.00")}
    notes = result.report.notes
    assert any(f"{padding} NUL bytes" in n and "padded.csv" in n for n in notes), notes


def test_trailing_nul_padding_in_gbk_text(books, tmp_path):
    path = tmp_path / "padded-gbk.csv"
    path.write_bytes((HEADER + ROWS).encode("gbk") + b"\x00" * 100)
    assert len(booked(extract(books, path))) == 3


def test_trailing_nul_padding_in_utf16_text(tmp_path):
    path = tmp_path / "padded-utf16.csv"
    path.write_bytes((HEADER + ROWS).encode("utf-16") + b"\x00" * 64)
    table = read_table(path)
    assert [r.cells[1] for r in table.sheets[0].rows] == ["交易流水号", "X1", "X2", "X3"]
    assert any("64 NUL bytes" in n for n in table.notes), table.notes


def test_a_file_of_nul_bytes_only_is_named_empty(tmp_path):
    path = tmp_path / "zeros.csv"
    path.write_bytes(b"\x00" * 4096)
    with pytest.raises(ImportProblem) as caught:
        read_table(path)
    assert "NUL" in caught.value.message and "empty" in caught.value.message


def test_nul_bytes_inside_the_text_are_still_refused(tmp_path):
    path = tmp_path / "holes.csv"
    path.write_bytes(HEADER.encode() + b"\x00" * 200 + ROWS.encode())
    with pytest.raises(ImportProblem) as caught:
        read_table(path)
    assert "binary" in caught.value.message


def test_a_padded_register_says_so_too(books, tmp_path):
    path = tmp_path / "donations.csv"
    path.write_bytes("日期,捐赠人,捐赠人类型,金额,收款方式\n2026-03-01,王小明,个人,100,现金\n".encode()
                     + b"\x00" * 300)
    result = extract(books, path)
    assert result.problem is None, result.problem
    assert any("300 NUL bytes" in n for n in result.report.notes), result.report.notes


def _with_gbk_word(line: int, newline: str = "\n", bom: bool = False) -> bytes:
    """A UTF-8 statement whose `line`-th line (1-based; a data row) has its memo in GBK."""
    lines = (HEADER + ROWS * 3).splitlines()
    out = []
    for number, text in enumerate(lines, 1):
        raw = text.encode("utf-8")
        if number == line:
            raw = raw.replace("转账存入".encode(), "捐款".encode("gbk"), 1).replace(
                "付款".encode(), "捐款".encode("gbk"), 1)
        out.append(raw)
    return (b"\xef\xbb\xbf" if bom else b"") + newline.encode().join(out) + newline.encode()


@pytest.mark.parametrize("line, newline, bom", [(2, "\n", False), (6, "\n", False), (9, "\r\n", False),
                                                (4, "\r", False), (2, "\n", True)])
def test_a_gbk_word_in_a_utf8_file_names_its_line_and_encoding(books, tmp_path, line, newline, bom):
    """One memo typed in GBK into a UTF-8 statement: the message said the text was neither
    UTF-8 nor GBK (the word on the first data row, or a BOM), or named no line at all."""
    path = tmp_path / "mixed.csv"
    path.write_bytes(_with_gbk_word(line, newline, bom))
    result = extract(books, path)
    problem = result.problem
    assert problem is not None and problem.row == line, problem
    assert problem.filepath.endswith("mixed.csv")
    assert f"UTF-8 text, but line {line} holds bytes" in problem.message
    assert 'read as GBK are "捐款"' in problem.message and "save the file as UTF-8" in problem.message


def test_a_stray_byte_in_a_short_utf8_file_names_its_line(tmp_path):
    path = tmp_path / "stray.csv"
    path.write_bytes((HEADER + "2026-03-01,X1,转账存入").encode() + b"\xff"
                     + ",王小明,100.00,,1100.00\n".encode())
    with pytest.raises(ImportProblem) as caught:
        read_table(path)
    assert caught.value.row == 2 and "line 2 holds bytes" in caught.value.message
    assert "(ff)" in caught.value.message


def test_several_stray_lines_are_named(tmp_path):
    raw = b"".join(_with_gbk_word(n).splitlines(keepends=True)[n - 1] if n in (3, 5) else
                   _with_gbk_word(0).splitlines(keepends=True)[n - 1] for n in range(1, 11))
    path = tmp_path / "two.csv"
    path.write_bytes(raw)
    with pytest.raises(ImportProblem) as caught:
        read_table(path)
    assert caught.value.row == 3 and "so do line(s) 5" in caught.value.message


def test_a_gbk_file_is_still_read_as_gbk(tmp_path):
    path = tmp_path / "gbk.csv"
    path.write_bytes((HEADER + ROWS).encode("gbk"))
    table = read_table(path)
    assert table.encoding == "gb18030" and table.sheets[0].rows[1].cells[2] == "转账存入"
