"""A gift given back to its donor months later, as the import proposes it and the officer books it.

Money paid out to a registered donor (退还捐款) was flagged on Liabilities:Payable with nothing
saying how a gift given back is booked; the receipt number it needs was found only from the
rule's error ("Donation without a receipt number") once the officer had guessed the rest. The
import's entry now names the donor and the way (docs/books.md, "A gift given back"), and the
docs' example, so booked, passes the rules and is the gift's refund on the books.
"""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from cli import cli
from ledger.books import load_books

DOCS = Path(__file__).resolve().parents[2] / "docs" / "books.md"
HEAD = "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注\n"
GIFT = """
2026-01-06 * "陈某" "转账"
  fund: "GENERAL"
  donor: "D0003"
  receipt: "JZ-2026-00002"
  Assets:Online:WeChat         300.00 CNY
  Income:Donation:Individual  -300.00 CNY

2026-01-01 open Assets:Online:WeChat CNY

2026-01-01 custom "donor" "D0003" "individual"
  name: "陈某"

2026-01-05 * "某某机械制造有限公司" "捐款"
  fund: "GENERAL"
  donor: "D0001"
  receipt: "JZ-2026-00001"
  Assets:Bank:Basic            100.00 CNY
  Income:Donation:Enterprise
"""


def test_money_out_to_a_donor_says_how_a_gift_given_back_is_booked(books, tmp_path):
    with (books / "txns" / "2026.beancount").open("a", encoding="utf-8") as fh:
        fh.write(GIFT)
    bill = tmp_path / "wechat.csv"
    bill.write_text(HEAD + "2026-03-04 10:00:00,转账,陈某,/,支出,¥300.00,零钱,对方已收钱,4200000301\t,/\t,退还捐款\n",
                    encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(books), str(bill)])
    assert result.exit_code == 0, result.output
    assert ("paid to 陈某, donor D0003: if it gives a gift back, book it against Income:Donation:Individual "
            "with donor D0003, the gift's fund, the next receipt number and refund_of") in result.output
    assert "Liabilities:Payable    300.00 CNY" in result.output


def test_money_out_to_anyone_else_has_no_such_note(books, tmp_path):
    bill = tmp_path / "wechat.csv"
    bill.write_text(HEAD + "2026-03-04 10:00:00,商户消费,某某文具店,文具,支出,¥30.00,零钱,支付成功,4200000302\t,/\t,/\n",
                    encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(books), str(bill)])
    assert result.exit_code == 0 and "if it gives a gift back" not in result.output


def test_the_docs_example_of_a_gift_given_back_passes_the_rules(books):
    text = DOCS.read_text(encoding="utf-8")
    section = text[text.index("### A gift given back"):]
    example = re.search(r"```\n(.*?)```", section, flags=re.S).group(1)
    with (books / "txns" / "2026.beancount").open("a", encoding="utf-8") as fh:
        fh.write(GIFT + "\n" + example.replace("JZ-2026-00013", "JZ-2026-00003"))
    loaded = load_books(books)
    assert not loaded.errors, [e.message for e in loaded.errors]
