"""A GBK statement with a byte or two that are no character on its first row (fewer than two
lines before the fault) is refused naming the line, as one damaged further down is.

Why: it was refused as "neither UTF-8 nor GBK/GB18030 and its encoding cannot be
recognised", naming no line, and the officer was told to save the whole file again.
"""

from __future__ import annotations

from click.testing import CliRunner

from cli import cli

TEXT = ("记账日期,货币,交易金额,联机余额,交易摘要,对手信息,客户摘要\n"
        "2026-03-02,CNY,1234.00,11234.00,转账汇款,某某机械厂 6222020000001234,捐赠\n"
        "2026-03-03,CNY,-200.00,11034.00,转账汇款,赵小红,助学金\n")


def _damaged(tmp_path, word, byte=0xFF):
    raw = bytearray(TEXT.encode("gbk"))
    raw[raw.find(word.encode("gbk"))] = byte
    path = tmp_path / "cmb.csv"
    path.write_bytes(bytes(raw))
    return path


def test_a_byte_damaged_on_the_first_row_names_its_line(books, tmp_path):
    result = CliRunner().invoke(cli, ["import", str(books), str(_damaged(tmp_path, "捐赠"))])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "cmb.csv, row 2: the file is GBK/GB18030 text, but line 2 holds bytes that are no character (ff" in result.output
    assert "第 2 行有不是任何字符的字节" in result.output
    assert "cannot be recognised" not in result.output
