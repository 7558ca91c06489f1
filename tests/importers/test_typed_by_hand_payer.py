"""A gift typed in by hand, and the statement holding it beside another payer's gift of the amount.

beangulp's fuzzy match takes a statement row for an entry typed by hand moving the account
by a close amount within two days; of several rows the nearest was taken (the same amount on
the same day first), whoever paid. A hand-typed gift of 100.00 from 王小明 (D0002) on 2 March
was taken for 李四's 100.00 of that day, and 王小明's own row of 3 March booked as a second
gift from him: 王小明 with two receipts for 200.00, 李四's gift nowhere. The row of the entry's
payer now comes first, and a row whose payer is another known donor is never taken for it.
"""

from __future__ import annotations

import csv
import io
import re
from pathlib import Path

from click.testing import CliRunner

from cli import cli

HEAD = ["交易日期", "摘要", "交易场所", "交易国家或地区简称", "钞/汇", "交易金额(收入)", "交易金额(支出)", "交易币种",
        "记账金额(收入)", "记账金额(支出)", "记账币种", "余额", "对方户名"]
HAND = """
2026-03-02 * "王小明" "转账捐款 手工录入"
  fund: "GENERAL"
  donor: "D0002"
  receipt: "JZ-2026-00001"
  Assets:Bank:Basic            100.00 CNY
  Income:Donation:Individual  -100.00 CNY
"""
ZHAO = """
2026-01-01 custom "donor" "D0005" "individual"
  name: "赵六"
"""


def _statement(path: Path, rows) -> Path:
    out = [["明细查询文件下载"], [], ["卡号: 6222****2222"], ["起止日期: 2026-03-01 至 2026-03-31"], [], HEAD]
    out += [[d, "他行汇入", "", "CHN", "钞", "-", "-", "-", amount, "", "人民币", balance, payer] for d, amount, balance, payer in rows]
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(out)
    path.write_bytes(buf.getvalue().encode("gb18030"))
    return path


def _run(books, path):
    result = CliRunner().invoke(cli, ["import", str(books), str(path), "--no-balance"])
    assert result.exit_code == 0, result.output
    return result.output


def test_the_payer_s_own_row_is_the_hand_typed_gift(books, tmp_path):
    with (books / "txns" / "2026.beancount").open("a", encoding="utf-8") as fh:
        fh.write(HAND)
    out = _run(books, _statement(tmp_path / "icbc.csv", [("2026-03-02", "100.00", "100.00", "李四"),
                                                          ("2026-03-03", "100.00", "200.00", "王小明")]))
    assert re.search(r"^; already in the books .*2026\.beancount:\d+: 2026-03-03 王小明 .*100\.00 CNY \(row 8\)$", out, re.M), out
    assert '2026-03-02 ! "李四"' in out and '"王小明" "他行汇入"' not in out, out


def test_another_known_donor_s_row_is_never_the_hand_typed_gift(books, tmp_path):
    with (books / "txns" / "2026.beancount").open("a", encoding="utf-8") as fh:
        fh.write(HAND)
    with (books / "registry" / "extra.beancount").open("a", encoding="utf-8") as fh:
        fh.write(ZHAO)
    out = _run(books, _statement(tmp_path / "icbc.csv", [("2026-03-02", "100.00", "100.00", "赵六")]))
    assert "; already in the books /" not in out and "0 already in the books" in out, out
    assert re.search(r'2026-03-02 \* "赵六" "他行汇入"\n(  .*\n)*  donor: "D0005"', out), out
