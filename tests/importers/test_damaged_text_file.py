"""A whole file whose text an encoding damaged is named as damaged, not as a new layout.

Why: a statement saved through an editor in the wrong encoding (UTF-8 read as Windows-1252 and
saved again: 交易日期 becomes äº¤æ˜“æ—¥æœŸ; GBK read as UTF-8: every character U+FFFD; a
simplified-Chinese file saved as Big5, which lacks 银 and 细: 中??行) was refused as an "unknown
format", with the advice to export it with all its columns or to write a bank profile. A profile
cannot read text that is gone; the officer must take the bank's file as downloaded. (fuzzB
left this alone.)
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from cli import cli

#: a statement as the project's own golden layouts write one (BOC's 交易流水明细单)
STATEMENT = ("中国银行交易流水明细单\n交易日期,交易时间,交易金额,余额,对方户名,摘要\n"
             "2026-03-05,10:00:00,100.00,1100.00,张三,捐款\n")


def _cp1252_mojibake(text: str) -> bytes:
    return text.encode("utf-8").decode("cp1252", errors="replace").encode("utf-8")


def _gbk_read_as_utf8(text: str) -> bytes:
    return text.encode("gbk").decode("utf-8", errors="replace").encode("utf-8")


def _saved_as_big5(text: str) -> bytes:
    return text.encode("big5", errors="replace").decode("big5").encode("utf-8")


@pytest.mark.parametrize("damage", [_cp1252_mojibake, _gbk_read_as_utf8, _saved_as_big5])
def test_a_damaged_file_is_named_as_damaged_with_what_to_do(books, tmp_path, damage):
    f = tmp_path / "march.csv"
    f.write_bytes(damage(STATEMENT))
    inbox = (books / "inbox.beancount").read_bytes()
    result = CliRunner().invoke(cli, ["import", str(books), str(f), "--write"])
    assert result.exit_code != 0
    assert "march.csv, row 1: the file's text was damaged by a wrong encoding" in result.output, result.output
    assert "download the statement again" in result.output
    assert "import_config.py" not in result.output  # no profile reads text that is gone
    assert (books / "inbox.beancount").read_bytes() == inbox


def test_an_unknown_layout_in_clean_text_is_still_an_unknown_format(books, tmp_path):
    f = tmp_path / "other.csv"
    f.write_text("某某银行流水\n记录号,发生额,说明\n1,100.00,捐款\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(books), str(f)])
    assert "unknown format" in result.output
    assert "damaged" not in result.output
