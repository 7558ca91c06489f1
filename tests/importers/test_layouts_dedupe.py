"""The same month of an ICBC debit card downloaded in two layouts, both imported.

ICBC's download gained two columns (交易详情, 对方账户: tests/importers/real/icbc-debit/,
v1 and v2). A row without a bank id is told by a fingerprint of its cells, and the v2 row's
对方账户 makes another fingerprint: the month imported as v1 and again as v2 had every row
booked twice, each gift with a receipt. A fingerprinted row now also finds the entry of the
same bank in the books on the same account, day and amount with the same payee (one to one):
the second download books nothing new and lists each row as already in the books, with its
amount. A row of another source (another bank's statement on the account) is never taken
for it, and a third gift of a day the books hold two of is still new.
"""

from __future__ import annotations

import re
import shutil
from pathlib import Path

from click.testing import CliRunner

from cli import cli

REAL = Path(__file__).parent / "real" / "icbc-debit"
V1_HEAD = ("明细查询文件下载\n\n卡号: 6222****2222\n\n子账户序号: 00000,子账户类别: 活期\n\n"
           "交易日期,摘要,交易场所,交易国家或地区简称,钞/汇,交易金额(收入),交易金额(支出),交易币种,"
           "记账金额(收入),记账金额(支出),记账币种,余额,对方户名\n")
V2_HEAD = V1_HEAD.replace("摘要,交易场所", "摘要,交易详情,交易场所").replace("对方户名\n", "对方户名,对方账户\n")
ROWS = [("2026-03-02", "汇入", "100.00", "", "100.00", "张三", "6217000000001111"),
        ("2026-03-02", "汇入", "100.00", "", "200.00", "张三", "6217000000001111"),
        ("2026-03-03", "网转", "", "150.00", "50.00", "李四", "6217000000002222"),
        ("2026-03-05", "汇入", "500.00", "", "550.00", "王小明", "6217000000003333")]


def v1(rows) -> str:
    return V1_HEAD + "".join(f"{d},{m},,CHN,钞,-,-,-,{i},{o},人民币,\"{b}\",{p}\n" for d, m, i, o, b, p, _ in rows)


def v2(rows) -> str:
    return V2_HEAD + "".join(f"{d},{m},转账 {p},,CHN,钞,-,-,-,{i},{o},人民币,\"{b}\",{p},{a}\n" for d, m, i, o, b, p, a in rows)


def run(*args):
    return CliRunner().invoke(cli, ["import", *map(str, args)])


def _file(tmp_path: Path, name: str, text: str) -> Path:
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    return path


def test_the_month_in_the_newer_layout_books_nothing_new(books, tmp_path):
    written = run(books, _file(tmp_path, "v1.csv", v1(ROWS)), "--write")
    assert written.exit_code == 0, written.output
    again = run(books, _file(tmp_path, "v2.csv", v2(ROWS)))
    assert again.exit_code == 0, again.output
    # the four rows and the closing balance's assertion
    assert "0 new entries" in again.output and "5 already in the books" in again.output, again.output
    assert len(re.findall(r"^; already in the books .*Assets:Bank:Basic .* CNY \(row \d+\)$", again.output, re.M)) == 4
    assert "proposed +0.00 + already in the books +550.00" in again.output, again.output
    assert "150.00 CNY" in again.output and "李四" in again.output  # listed with its amount


def test_a_third_gift_of_a_day_the_books_hold_two_of_is_new(books, tmp_path):
    assert run(books, _file(tmp_path, "v1.csv", v1(ROWS)), "--write").exit_code == 0
    more = [*ROWS[:2], ("2026-03-02", "汇入", "100.00", "", "300.00", "张三", "6217000000001111"),
            ("2026-03-03", "网转", "", "150.00", "150.00", "李四", "6217000000002222"),
            ("2026-03-05", "汇入", "500.00", "", "650.00", "王小明", "6217000000003333")]
    again = run(books, _file(tmp_path, "v2.csv", v2(more)))
    assert again.exit_code == 0, again.output
    assert "4 already in the books" in again.output, again.output
    assert again.output.count("\n  Assets:Bank:Basic") == 1, again.output  # the third gift of 2 March


def test_the_real_v1_and_v2_downloads_book_each_row_once(tmp_path):
    from ledger.init_books import init_books

    books = tmp_path / "books"
    init_books(books, name_zh="测试帮扶中心", name_en="Test centre", year=2023)
    for name in ("icbc-debit-v1.csv", "icbc-debit-v2.csv"):
        shutil.copy(REAL / name, tmp_path / name)
    first = run(books, tmp_path / "icbc-debit-v1.csv", "--account", "Assets:Bank:Basic", "--ignore-summary", "--write")
    assert first.exit_code == 0, first.output
    again = run(books, tmp_path / "icbc-debit-v2.csv", "--account", "Assets:Bank:Basic", "--ignore-summary")
    assert again.exit_code == 0, again.output
    assert "11 already in the books" in again.output and " 0 new entries" in again.output, again.output


def test_a_row_of_another_bank_s_statement_is_never_taken_for_it(books, tmp_path):
    with (books / "inbox.beancount").open("a", encoding="utf-8") as fh:
        fh.write('\n2026-03-05 ! "王小明" "转存"\n  source_ref: "abc:abc-debit-0123456789abcdef"\n'
                 '  Assets:Bank:Basic  500.00 CNY\n  Liabilities:Payable  -500.00 CNY\n')
    result = run(books, _file(tmp_path, "v2.csv", v2(ROWS)))
    assert result.exit_code == 0, result.output
    assert "0 already in the books" in result.output, result.output
