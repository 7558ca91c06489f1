"""Transaction ids that a spreadsheet program rounded (4.20000123456789E+27) are not ids.

A bill or statement opened in Excel and saved again has its long ids turned into rounded
numbers, the same for every transaction of a day. Taken as ids, a new gift in the next such
file matched one already in the books and was shown as "already in the books": 300 yuan
left out without a word. The rows are told apart by their content instead, with a note.
"""

from __future__ import annotations

from decimal import Decimal

from beancount.core import data
from click.testing import CliRunner

from cli import cli
from importers.run import extract_files, load_importers
from ledger.books import load_books

HEAD = ("微信支付账单明细,,,,,,,,,,\n共{n}笔记录,,,,,,,,,,\n"
        "----------------------微信支付账单明细列表--------------------,,,,,,,,,,\n"
        "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注\n")
ROUNDED = "4.20000123456789E+27"


def bill(path, *rows):
    path.write_text(HEAD.format(n=len(rows)) + "".join(f"{r},{ROUNDED},/,/\n" for r in rows), encoding="gb18030")
    return path


def test_a_new_gift_with_a_rounded_id_is_not_taken_for_one_in_the_books(books, tmp_path):
    march = bill(tmp_path / "march.csv", "2026/3/5 10:00,二维码收款,王小明,/,收入,¥50.00,/,已收钱",
                 "2026/3/5 11:00,二维码收款,李四,/,收入,¥20.00,/,已收钱")
    written = CliRunner().invoke(cli, ["import", str(books), str(march), "--write"])
    assert written.exit_code == 0, written.output
    assert "a spreadsheet program rounded (4.20000123456789E+27)" in written.output
    later = bill(tmp_path / "later.csv", "2026/3/9 10:00,二维码收款,赵六,/,收入,¥300.00,/,已收钱")
    loaded = load_books(books)
    (result,) = extract_files(loaded, [later], load_importers(loaded.root))
    assert result.problem is None, result.problem
    new = [e for e in result.new if isinstance(e, data.Transaction)]
    assert [(e.payee, e.postings[0].units.number) for e in new] == [("赵六", Decimal("300.00"))]
    assert not result.duplicates
