"""Money back from a merchant on a bank statement (借记卡退货, 退款) is not a donor's gift.

BOCOM's real 查询表 (tests/importers/real/bocom-query/bocom-query.csv), read with the profile
its refusal offered before its layout was built in, has 139.80 from 京东商城平台商户 under
交易方式 借记卡退货: it was booked as an individual's donation with a receipt number, and the shop proposed as a donor. Money in
whose 摘要 / 交易方式 says 退货 or 退款 is now money in for a person to decide, as a bill's
refund is.
"""

from __future__ import annotations

from beancount.core import data

from tests.importers.support import extract_one

HEAD = "记账日期,货币,交易金额,联机余额,交易摘要,对手信息,客户摘要\n"


def test_a_merchant_refund_is_not_a_donation(books, tmp_path):
    path = tmp_path / "cmb.csv"
    path.write_text(HEAD + "2026-03-02,CNY,139.80,10139.80,借记卡退货,京东商城平台商户 815000000000001,\n"
                    "2026-03-03,CNY,200.00,10339.80,转账汇款,王小明 6222020000001234,捐款\n", encoding="utf-8")
    result = extract_one(books, path)
    assert result.problem is None, result.problem
    back, gift = sorted((e for e in result.new if isinstance(e, data.Transaction)), key=lambda e: e.date)
    assert {p.account for p in back.postings} == {"Assets:Bank:Basic", "Liabilities:Payable"}, back
    assert back.flag == "!" and "receipt" not in back.meta and "proposed_donor" not in back.meta
    assert "退货" in back.meta["note"], back.meta
    assert any(p.account.startswith("Income:Donation") for p in gift.postings) and "receipt" in gift.meta
    assert not any(isinstance(e, data.Custom) and e.meta.get("name") == "京东商城平台商户" for e in result.new)


def test_a_returned_transfer_is_money_back_not_a_gift(books, tmp_path):
    """Aid of 800.00 paid to a case's card that the bank sent back (退汇: the card closed)
    was a gift from the case with a receipt, her name proposed as a donor."""
    path = tmp_path / "cmb.csv"
    path.write_text(HEAD + "2026-03-04,CNY,800.00,10800.00,退汇,李大伟 6222020000009876,户名不符退汇\n"
                    "2026-03-05,CNY,50.00,10850.00,跨行汇款撤销,某某物业 6222020000005555,\n", encoding="utf-8")
    result = extract_one(books, path)
    assert result.problem is None, result.problem
    entries = sorted((e for e in result.new if isinstance(e, data.Transaction)), key=lambda e: e.date)
    for entry, word in zip(entries, ("退汇", "撤销"), strict=True):
        assert {p.account for p in entry.postings} == {"Assets:Bank:Basic", "Liabilities:Payable"}, entry
        assert entry.flag == "!" and "receipt" not in entry.meta and "proposed_donor" not in entry.meta
        assert f"money back ({word})" in entry.meta["note"], entry.meta
    assert entries[0].payee == "C0001（帮扶对象）"
    assert not any(isinstance(e, data.Custom) for e in result.new)


def test_a_deposit_given_back_is_money_back_not_a_gift(books, tmp_path):
    """A deposit of 2,000.00 the venue gave back (押金退还) was a gift from the venue, with a receipt."""
    path = tmp_path / "cmb.csv"
    path.write_text(HEAD + "2026-03-06,CNY,2000.00,12000.00,转账汇款,某某会展中心 6222020000007777,押金退还\n",
                    encoding="utf-8")
    result = extract_one(books, path)
    (entry,) = [e for e in result.new if isinstance(e, data.Transaction)]
    assert {p.account for p in entry.postings} == {"Assets:Bank:Basic", "Liabilities:Payable"}, entry
    assert "receipt" not in entry.meta and "money back (退还)" in entry.meta["note"], entry.meta
    assert not any(isinstance(e, data.Custom) for e in result.new)
