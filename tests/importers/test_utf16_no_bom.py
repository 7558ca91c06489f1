"""A text export in UTF-16 without a byte-order mark is read when its zero bytes say so.

Some exporters (and Notepad++'s "UCS-2 LE" without BOM) write UTF-16 with no mark in front.
relief refused every such file as one that "cannot be read reliably". Such text is
recognisable: ASCII characters (digits, commas, dates, line breaks) have a zero high byte,
so one byte in two is zero, at odd offsets for little-endian, even ones for big-endian, and
the other half has next to none. A file where that holds over its first KB and that reads
in that byte order throughout into printable text with line breaks is read, and the dry run
says the encoding was guessed. A file that looks like it but does not read so is still
refused, saying why.
"""

from __future__ import annotations

import pytest

from importers.errors import ImportProblem
from importers.reading import read_table
from tests.importers.support import extract_one

REGISTER = ("日期,捐赠人,捐赠人类型,金额,收款方式,凭证号\r\n"
            "2026-03-02,王小明,个人,500.00,现金,V001\r\n"
            "2026-03-03,李四,个人,200.00,现金,V002\r\n")


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_a_register_in_utf16_without_a_mark_is_read_and_the_guess_said(books, tmp_path, encoding):
    path = tmp_path / "捐赠登记表.csv"
    path.write_bytes(REGISTER.encode(encoding))
    result = extract_one(books, path)
    assert result.problem is None, result.problem
    gifts = sorted(p.units.number for e in result.new for p in getattr(e, "postings", ())
                   if p.account == "Assets:Cash")
    assert [str(g) for g in gifts] == ["200.00", "500.00"]
    payees = {e.payee for e in result.new if getattr(e, "payee", None)}
    assert {"王小明", "李四"} <= payees, payees
    notes = " ".join(result.report.notes)
    assert f"UTF-16 text without a byte-order mark: read as {encoding.upper()}" in notes, notes
    assert "guessed" in notes


def test_the_same_text_with_a_mark_says_nothing_of_a_guess(tmp_path):
    path = tmp_path / "r.csv"
    path.write_bytes(REGISTER.encode("utf-16"))
    table = read_table(path)
    assert not any("guessed" in n for n in table.notes), table.notes


@pytest.mark.parametrize("damage", ["surrogate", "odd-length", "control"])
def test_zero_bytes_every_other_byte_that_do_not_read_as_utf16_are_still_refused(tmp_path, damage):
    raw = REGISTER.encode("utf-16-le")
    if damage == "surrogate":  # a half character: no UTF-16 reading holds
        raw = REGISTER.replace("李四", "\ud800").encode("utf-16-le", "surrogatepass")
    elif damage == "odd-length":  # a byte lost near the end: the characters after it are others
        raw = (REGISTER * 8).encode("utf-16-le")
        raw = raw[:-7] + raw[-6:]
    else:  # control characters where text would be: not text in this byte order
        raw = raw.replace("500.00".encode("utf-16-le"), b"\x01\x00\x02\x00\x03\x00\x04\x00")
    path = tmp_path / "r.csv"
    path.write_bytes(raw)
    with pytest.raises(ImportProblem) as caught:
        read_table(path)
    said = str(caught.value)
    assert "r.csv" in said and "UTF-16 text without a byte-order mark" in said
    assert "save it as CSV UTF-8" in said


@pytest.mark.parametrize("encoding", ["utf-16-le", "utf-16-be"])
def test_nul_padding_after_utf16_without_a_mark_is_dropped_and_the_last_line_kept(tmp_path, encoding):
    """An exporter padding to a block size: the zeros are padding, not characters (LE's last
    line break is 0A 00, whose zero byte is the text's)."""
    path = tmp_path / "r.csv"
    path.write_bytes(REGISTER.encode(encoding) + b"\x00" * 64)
    table = read_table(path)
    assert [r.cells[1] for r in table.sheets[0].rows] == ["捐赠人", "王小明", "李四"]
    assert any("64 NUL bytes" in n for n in table.notes) and any("guessed" in n for n in table.notes)
