"""A WeChat Pay or Alipay bill whose rows are dated before the books begin.

New books of 2026 and a real Alipay bill of 2023: the dry run proposed its ten entries and
an `open` of Assets:Online:Alipay on 2023-01-09, three years before the books' first day,
and said nothing; `--write` then refused with one `Invalid reference to inactive account`
line per row (lines of an inbox it had just put back). A bank statement of such days is
refused in the dry run already, with how to start the books earlier; the dry run of a bill
now says the same in a note (its rows are still shown, each accounted for), and the write
still refuses them.
"""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from cli import cli

REAL = Path(__file__).parent / "real"


def run(*args):
    return CliRunner().invoke(cli, ["import", *map(str, args)])


def test_the_dry_run_of_a_bill_of_days_before_the_books_says_the_write_will_refuse_it(books):
    sample = REAL / "alipay" / "alipay.csv"
    result = run(books, sample, "--ignore-summary")
    assert "Traceback" not in result.output
    assert ";; note: row 32: 8 row(s) are dated before the books open: 2023-01-09 to 2023-07-10" in result.output
    assert "while the books open on 2026-01-01: `--write` refuses them" in result.output
    given = re.search(r"`relief (init [^`]+)`", result.output).group(1)
    assert given == "init DIR --year 2023"
    assert "export the bill from 2026-01-01 on" in result.output
    before = (books / "inbox.beancount").read_text(encoding="utf-8")
    assert run(books, sample, "--ignore-summary", "--write").exit_code == 1
    assert (books / "inbox.beancount").read_text(encoding="utf-8") == before


def test_a_wechat_bill_names_its_earliest_row(books):
    result = run(books, REAL / "wechat" / "wechat.csv", "--ignore-summary")
    assert re.search(r";; note: row \d+: \d+ row\(s\) are dated before the books open: 2017-10-20 to 2024-06-07",
                     result.output), result.output


def test_a_bill_within_the_books_has_no_such_note(books):
    bill = books.parent / "wechat.csv"
    bill.write_text("微信支付账单明细\n起始时间：[2026-03-01 00:00:00] 终止时间：[2026-03-31 23:59:59]\n共1笔记录\n"
                    "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注\n"
                    "2026-03-03 10:00:00,二维码收款,王小明,/,收入,¥800.00,/,已收钱,4200601\t,/\t,/\n", encoding="utf-8")
    result = run(books, bill)
    assert result.exit_code == 0, result.output
    assert "before the books open" not in result.output
