"""A statement row taken for an entry typed by hand that books another amount.

beangulp's fuzzy match takes a row for an entry typed in by hand (no source_ref) within 5 %
of its amount. A bank charge typed from the paper slip as 5.50, which the statement gives as
5.51, hid the row as already in the books: the dry run said nothing, its money line counted
the row's 5.51 as in the books, and `--write` was refused on the closing balance ("the books
hold 0.01 more") with nothing naming the entry that was 0.01 off. The dry run now names the
row, the entry typed by hand (file and line), both amounts and the difference.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

from click.testing import CliRunner

from cli import cli

HEAD = ["交易日期", "摘要", "交易场所", "交易国家或地区简称", "钞/汇", "交易金额(收入)", "交易金额(支出)", "交易币种",
        "记账金额(收入)", "记账金额(支出)", "记账币种", "余额", "对方户名"]
HAND = """
2026-03-03 * "汇款手续费" "typed from the paper slip"
  fund: "GENERAL"
  Assets:Bank:Basic             -{amount} CNY
  Expenses:Operations:BankFees
"""


def _statement(path: Path) -> Path:
    out = [["明细查询文件下载"], [], ["卡号: 6222****2222"], ["起止日期: 2026-03-01 至 2026-03-31"], [], HEAD,
           ["2026-03-03", "汇款手续费", "", "CHN", "钞", "-", "-", "-", "", "5.51", "人民币", "-5.51", ""]]
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(out)
    path.write_bytes(buf.getvalue().encode("gb18030"))
    return path


def test_the_entry_typed_by_hand_a_fen_off_is_named(books, tmp_path):
    with (books / "txns" / "2026.beancount").open("a", encoding="utf-8") as fh:
        fh.write(HAND.format(amount="5.50"))
    statement = _statement(tmp_path / "icbc.csv")
    dry = CliRunner().invoke(cli, ["import", str(books), str(statement)])
    assert "; already in the books" in dry.output
    assert ("row 7 (-5.51 CNY, 2026-03-03) is taken for the entry typed by hand at 2026.beancount:"
            in dry.output), dry.output
    assert "which moves Assets:Bank:Basic by -5.50: 0.01 apart" in dry.output
    written = CliRunner().invoke(cli, ["import", str(books), str(statement), "--write"])
    assert written.exit_code == 1 and "0.01 apart" in written.output


def test_no_note_when_the_amount_typed_is_the_statements(books, tmp_path):
    with (books / "txns" / "2026.beancount").open("a", encoding="utf-8") as fh:
        fh.write(HAND.format(amount="5.51"))
    result = CliRunner().invoke(cli, ["import", str(books), str(_statement(tmp_path / "icbc.csv"))])
    assert "; already in the books" in result.output and "typed by hand at" not in result.output
