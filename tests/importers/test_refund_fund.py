"""A bill's refund of a gift, booked as docs/books.md says, gives back into the gift's fund.

The import books a WeChat Pay refund row (二维码收款-退款) beside its gift with `refund_of` naming
the gift's payment, as money out on Liabilities:Payable with no fund (a person decides what it
is); the gift is proposed into the default fund. (The test books declare EDU-2026, restricted.) When the officer puts the gift in a restricted
fund and books the refund as a gift given back, the refund's fund must follow: left in the
default fund, relief check names both funds (rule refund_gift). Rows written by hand for this test.
"""

from __future__ import annotations

import re
from collections import defaultdict
from decimal import Decimal

from beancount.core import data
from click.testing import CliRunner

from cli import cli
from ledger.accounts import is_fund_account
from ledger.books import load_books
from ledger.funds import posting_fund

WECHAT = "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注\n"
BILL = (WECHAT
        + "2026-04-01 10:00:00,二维码收款,李*,/,收入,¥500.00,/,已退款(¥200.00),4200000301\t,/\t,/\n"
        + "2026-04-11 09:00:00,二维码收款-退款,李*,/,支出,¥200.00,零钱,已退款,4200000302\t,/\t,/\n")
REGISTRY = """
2026-01-01 custom "donor" "D0099" "individual"
  name: "李某"
"""


def _entry(text: str, ref: str) -> str:
    start = text.rindex("\n2026-", 0, text.index(f'source_ref: "{ref}"'))
    end = text.find("\n\n", start + 1)
    return text[start:end if end >= 0 else len(text)]


def _imported(books, tmp_path) -> tuple[str, str, str]:
    with (books / "registry" / "funds.beancount").open("a", encoding="utf-8") as fh:
        fh.write(REGISTRY)
    bill = tmp_path / "wechat.csv"
    bill.write_text(BILL, encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(books), str(bill), "--write"])
    assert result.exit_code == 0, result.output
    text = (books / "inbox.beancount").read_text(encoding="utf-8")
    return text, _entry(text, "wechat:4200000301"), _entry(text, "wechat:4200000302")


def _booked(text: str, gift: str, refund: str, refund_fund: str) -> str:
    """The officer's edits: the gift's donor and fund, the refund booked as a gift given back."""
    receipt = re.search(r'receipt: "(JZ-2026-\d+)"', gift).group(1)
    seq = int(receipt.rsplit("-", 1)[1]) + 1
    new_gift = gift.replace('donor: "UNIDENTIFIED"', 'donor: "D0099"').replace('fund: "GENERAL"', 'fund: "EDU-2026"')
    new_refund = (refund.replace("Liabilities:Payable    200.00 CNY", "Income:Donation:Individual  200.00 CNY")
                  .replace('  fund: "GENERAL"\n', "")
                  .replace('  source_ref:', f'  fund: "{refund_fund}"\n  donor: "D0099"\n  receipt: "JZ-2026-{seq:05d}"\n  source_ref:'))
    return text.replace(gift, new_gift).replace(refund, new_refund)


def test_the_import_writes_the_refund_beside_its_gift_with_the_gifts_proposed_fund(books, tmp_path):
    """The gift is proposed by the same import, into the default fund: the refund takes that fund
    (its note says to change the two alike), still on Liabilities:Payable for a person to decide."""
    _text, gift, refund = _imported(books, tmp_path)
    assert 'refund_of: "wechat:4200000301"' in refund
    assert "Liabilities:Payable" in refund
    assert 'fund: "GENERAL"' in gift and 'fund: "GENERAL"' in refund


def test_booked_into_the_gifts_fund_the_refund_passes_and_into_another_it_fails(books, tmp_path):
    text, gift, refund = _imported(books, tmp_path)
    inbox = books / "inbox.beancount"
    inbox.write_text(_booked(text, gift, refund, "EDU-2026"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(books)])
    assert result.exit_code == 0, result.output
    inbox.write_text(_booked(text, gift, refund, "GENERAL"), encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(books)])
    assert result.exit_code == 1, result.output
    assert "is booked to fund GENERAL, but the gift it gives back, JZ-2026-" in result.output
    assert "went to fund EDU-2026" in result.output


#: a gift to the restricted fund, imported from an earlier bill (in the books)
GIFT_IN_BOOKS = """
2026-01-01 open Assets:Online:WeChat CNY

2026-04-01 * "李某" "捐款"
  fund: "EDU-2026"
  donor: "D0099"
  receipt: "JZ-2026-00001"
  source_ref: "wechat:4200000301"
  Assets:Online:WeChat  500.00 CNY
  Income:Donation:Individual
"""


def _fund_balances(books) -> dict[str, Decimal]:
    """Each fund's money as the books hold it: minus its Income, Expenses and Equity postings."""
    out: dict[str, Decimal] = defaultdict(Decimal)
    for entry in load_books(books).entries:
        if isinstance(entry, data.Transaction):
            for p in entry.postings:
                if is_fund_account(p.account):
                    out[posting_fund(entry, p)] -= p.units.number
    return dict(out)


def test_a_plain_refund_of_a_gift_in_the_books_takes_its_fund(books, tmp_path):
    """A refund row with no fee, of a gift to EDU-2026 booked from last month's bill: only a
    refund with a fee took its payment's fund; this one was written with none, and the officer
    booking it as a gift given back (donation account, donor, receipt) got the default fund and
    refund_gift's error after the write. Now it carries the gift's fund: booked so, relief check
    passes, and the refund comes off EDU-2026 alone, every other fund as it was."""
    with (books / "registry" / "funds.beancount").open("a", encoding="utf-8") as fh:
        fh.write(REGISTRY)
    with (books / "txns" / "2026.beancount").open("a", encoding="utf-8") as fh:
        fh.write(GIFT_IN_BOOKS)
    before = _fund_balances(books)
    bill = tmp_path / "wechat.csv"
    bill.write_text(WECHAT + "2026-04-11 09:00:00,二维码收款-退款,李*,/,支出,¥200.00,零钱,已退款,4200000301_1\t,/\t,/\n",
                    encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(books), str(bill), "--write"])
    assert result.exit_code == 0, result.output
    inbox = books / "inbox.beancount"
    text = inbox.read_text(encoding="utf-8")
    refund = _entry(text, "wechat:4200000301_1")
    assert 'refund_of: "wechat:4200000301"' in refund and 'fund: "EDU-2026"' in refund
    # the officer books it as the note says, leaving the fund as the import wrote it
    booked = (refund.replace("Liabilities:Payable    200.00 CNY", "Income:Donation:Individual  200.00 CNY")
              .replace("  source_ref:", '  donor: "D0099"\n  receipt: "JZ-2026-00002"\n  source_ref:'))
    inbox.write_text(text.replace(refund, booked), encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(books)])
    assert result.exit_code == 0, result.output
    after = _fund_balances(books)
    assert {f: after.get(f, Decimal(0)) - before.get(f, Decimal(0)) for f in set(before) | set(after)
            if after.get(f, Decimal(0)) != before.get(f, Decimal(0))} == {"EDU-2026": Decimal("-200.00")}
