"""A damaged Big5 statement (a Hong Kong or Taiwan bank's export with a byte broken) is named
as damaged Big5, naming the line, never as damaged GBK nor as an unknown format.

Why: every Big5 byte pair is a GB18030 character too, so such a file read as GB18030 up to the
damage and was called "GBK/GB18030 text ... damaged": the officer looked for a GBK export the
bank never offers. A broken pair that GB18030 reads (81 40) but Big5 does not made the whole
file GB18030 gibberish, refused as an unknown format whose header read い瓣蝗︽ユ瑈灿虫.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from cli import cli

STATEMENT = ("中國銀行交易流水明細單\n"
             "記賬日期,記賬時間,幣別,金額,餘額,交易名稱,渠道,網點名稱,附言,對方賬戶名,對方卡號/賬號,對方開戶行,借記卡號\n"
             '2026-03-05,12:24:20,人民幣,"3,000.00","4,000.00",轉賬匯入,手機銀行,----,捐贈,陳大文,6222******0258,----,2222\n'
             '2026-03-09,17:57:17,人民幣,-71.89,"3,928.11",網上快捷支付,銀企對接,----,----,某某文具店,6226******5669,----,2222\n')


def _damaged(line: int, at: int, bad: bytes) -> bytes:
    """STATEMENT in Big5 with `bad` written over the bytes at `at` of line `line` (1-based)."""
    lines = STATEMENT.encode("cp950").split(b"\n")
    target = lines[line - 1]
    lines[line - 1] = target[:at] + bad + target[at + len(bad):]
    return b"\n".join(lines)


@pytest.mark.parametrize(("line", "at", "bad"), [
    (4, 30, b"\xff"),        # a byte no encoding has, on a row
    (1, 4, b"\x80\x80"),     # on the title, before any line that reads whole
    (2, 6, b"\x80\x80"),     # on the header
    (3, 54, b"\x81\x40"),    # a pair GB18030 reads but Big5 has not, on a row
])
def test_a_damaged_big5_file_is_named_damaged_big5_with_its_line(books, tmp_path, line, at, bad):
    raw = _damaged(line, at, bad)
    assert raw != STATEMENT.encode("cp950")
    path = tmp_path / "hk.csv"
    path.write_bytes(raw)
    inbox = (books / "inbox.beancount").read_bytes()
    result = CliRunner().invoke(cli, ["import", str(books), str(path), "--write"])
    assert result.exit_code != 0
    out = result.output
    assert f"hk.csv, row {line}: the file is Big5 text" in out, out
    assert "damaged" in out and "GBK" not in out
    assert "unknown format" not in out and "Traceback" not in out
    assert f"hk.csv，第 {line} 行：" in out and "Big5 文本" in out  # Chinese first, the same line
    assert (books / "inbox.beancount").read_bytes() == inbox


def test_a_damaged_gbk_file_is_still_named_gbk(books, tmp_path):
    simplified = STATEMENT.replace("國", "国").replace("銀", "银")
    raw = simplified.encode("gb18030", errors="replace").split(b"\n")
    raw[3] = raw[3][:30] + b"\xff" + raw[3][31:]
    path = tmp_path / "gbk.csv"
    path.write_bytes(b"\n".join(raw))
    result = CliRunner().invoke(cli, ["import", str(books), str(path)])
    assert "gbk.csv, row 4: the file is GBK/GB18030 text" in result.output, result.output
    assert "Big5" not in result.output
