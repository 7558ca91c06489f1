"""A gift given back to its donor through WeChat Pay is never taken for roster aid it did not pay.

A donor (李*, masked by the bill) gave 500.00 by 收款码 and had 200.00 of it back
(二维码收款-退款, paired with the gift); the same day the centre paid C0001's aid of 200.00 (李大伟,
the roster's 微信转账). The masked 李* fits 李大伟, so the refund was written as paid to
`C0001（帮扶对象）` and taken for the payment of that aid: it was not booked (the gift stood at
500.00 in the books, its acknowledgement page and the honour roll counting money given back),
and the transfer that did pay the aid was booked again on Liabilities:Payable, flagged as
unexplained. A refund names the payment it gives back (`refund_of`): it pays no aid, in either
order of import. Rows written by hand for this test.
"""

from __future__ import annotations

from decimal import Decimal

from click.testing import CliRunner

from cli import cli
from ledger.books import load_books

WECHAT = "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注\n"
BILL = (WECHAT
        + "2026-04-01 10:00:00,二维码收款,李*,/,收入,¥500.00,/,已退款(¥200.00),4200000301\t,/\t,/\n"
        + "2026-04-11 09:00:00,二维码收款-退款,李*,/,支出,¥200.00,零钱,已退款,4200000302\t,/\t,/\n"
        + "2026-04-11 10:00:00,转账,李大伟,/,支出,¥200.00,零钱,对方已收钱,4200000401\t,/\t,/\n")
ROSTER = "日期,案例编号,类别,金额,基金,审批单号,发放方式,备注\n2026-04-10,C0001,特困救助,200,GENERAL,SP-2026-0010,微信转账,\n"


def run(books, *args):
    result = CliRunner().invoke(cli, ["import", str(books), *map(str, args)])
    assert result.exit_code == 0, result.output
    return result.output


def _files(tmp_path):
    bill, roster = tmp_path / "wechat.csv", tmp_path / "roster.csv"
    bill.write_text(BILL, encoding="utf-8")
    roster.write_text(ROSTER, encoding="utf-8")
    return bill, roster


def _booked(books):
    return [e for e in load_books(books).entries if hasattr(e, "postings")]


def _refund_booked_once(entries):
    refund = [e for e in entries if e.meta.get("source_ref") == "wechat:4200000302"]
    assert len(refund) == 1, "the gift given back is booked"
    assert refund[0].meta.get("refund_of") == "wechat:4200000301"


def test_roster_first_the_refund_is_booked_and_the_transfer_pays_the_aid(books, tmp_path):
    bill, roster = _files(tmp_path)
    run(books, roster, "--write")
    out = run(books, bill)
    assert "1 linked to aid" in out, out
    assert "退款 二维码收款-退款 Assets:Online:WeChat -200.00 CNY (row 3)" not in out
    run(books, bill, "--write")
    entries = _booked(books)
    _refund_booked_once(entries)
    assert not [e for e in entries if e.meta.get("source_ref") == "wechat:4200000401"], "the transfer is the aid's payment"
    out = -sum(p.units.number for e in entries for p in e.postings if p.account == "Assets:Online:WeChat" and p.units.number < 0)
    assert out == Decimal("400.00")  # the refund and the aid, each once


def test_bill_first_the_roster_links_to_the_transfer_not_the_refund(books, tmp_path):
    bill, roster = _files(tmp_path)
    run(books, bill, "--write")
    (transfer,) = [e for e in _booked(books) if e.meta.get("source_ref") == "wechat:4200000401"]
    out = run(books, roster)
    assert "1 linked to aid" in out, out
    assert f"was paid by the bill's row already in the books (inbox.beancount:{transfer.meta['lineno']}, 2026-04-11)" in out, out
    run(books, roster, "--write")
    _refund_booked_once(_booked(books))


def _payee_of(out: str, ref: str) -> str:
    block = out[:out.index(f'source_ref: "{ref}"')]
    return block[block.rindex("\n2026-"):].split('"')[1]


def test_the_refund_names_the_donor_as_the_bill_does_not_a_case_the_mask_fits(books, tmp_path):
    """Written as paid to `C0001（帮扶对象）`, the refund of 李*'s gift told the reviewer it was money
    to a beneficiary (book it as aid?), on no more ground than a masked name that fits one. It
    names the bill's 李*, as the gift it gives back does; a counterparty written in full that is a
    case's name is still written as the case (names of the people helped stay out of the books)."""
    bill, _ = _files(tmp_path)
    out = run(books, bill)
    assert _payee_of(out, "wechat:4200000302") == "李*", out
    assert _payee_of(out, "wechat:4200000401") == "C0001（帮扶对象）"
    bill.write_text(BILL.replace("二维码收款-退款,李*", "二维码收款-退款,李大伟"), encoding="utf-8")
    out = run(books, bill)
    assert _payee_of(out, "wechat:4200000302") == "C0001（帮扶对象）", out
    assert "李大伟" not in out


def test_a_lone_refund_of_a_gift_not_in_the_books_pays_no_aid_either(books, tmp_path):
    """The gift's bill not imported yet, the refund names no payment (`refund_of` unknown): it is
    still a refund (二维码收款-退款), money back to whoever paid, and no payment of aid."""
    bill, roster = _files(tmp_path)
    bill.write_text(WECHAT + "\n".join(BILL.splitlines()[2:]) + "\n", encoding="utf-8")  # without the gift
    run(books, roster, "--write")
    out = run(books, bill)
    assert "1 linked to aid" in out, out
    assert "退款 二维码收款-退款 Assets:Online:WeChat -200.00 CNY (row 2)" not in out
    assert _payee_of(out, "wechat:4200000302") == "李*", out
