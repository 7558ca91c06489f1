"""Money a payment platform itself pays the centre (Alipay's 红包奖励发放, a WeChat Pay
活动奖励) is not a gift from a donor.

Such a row of 0.88 from 支付宝（中国）网络技术有限公司 was booked as an enterprise donation with
a receipt number and a donor proposal for Alipay, to be listed among the centre's donors.
It is now money in for a person to decide (Liabilities:Payable, flagged, with a note), no
receipt, no proposal. A foundation of the platforms' groups (腾讯公益慈善基金会, 蚂蚁公益基金会)
gives real gifts, and is still a donor.
"""

from __future__ import annotations

from beancount.core import data

from ledger.books import load_books

from .test_conservation import ALIPAY_HEADER, WECHAT_HEADER, bill, extract


def _txns(result):
    return [e for e in result.new if isinstance(e, data.Transaction)]


def test_a_reward_from_the_platform_is_not_a_donation(books, tmp_path):
    rows = ["2026-03-10 10:00:00,其他,支付宝（中国）网络技术有限公司,/,红包奖励发放,收入,0.88,余额,交易成功,20260310001\t,\t,,",
            "2026-03-11 10:00:00,公益,蚂蚁公益基金会,/,配捐,收入,500.00,余额,交易成功,20260311001\t,\t,,"]
    (result,) = extract(load_books(books), [bill(tmp_path, "ali.csv", ALIPAY_HEADER, rows)])
    assert result.conserved
    reward, gift = _txns(result)
    assert {p.account for p in reward.postings} == {"Assets:Online:Alipay", "Liabilities:Payable"}
    assert reward.flag == "!" and "receipt" not in reward.meta and "proposed_donor" not in reward.meta
    assert "paid by the platform itself" in reward.meta["note"]
    assert any(p.account.startswith("Income:Donation") for p in gift.postings) and "receipt" in gift.meta
    assert not any(isinstance(e, data.Custom) and "支付宝" in str(e.meta.get("name")) for e in result.new)


def test_a_wechat_pay_reward(books, tmp_path):
    rows = ["2026-03-10 10:00:00,其他,微信支付,活动奖励,收入,¥1.00,/,已到账,4200001\t,/\t,/"]
    (result,) = extract(load_books(books), [bill(tmp_path, "wx.csv", WECHAT_HEADER, rows)])
    (reward,) = _txns(result)
    assert "Liabilities:Payable" in {p.account for p in reward.postings} and "receipt" not in reward.meta


def test_money_in_under_a_merchant_payment_is_not_a_donation(books, tmp_path):
    """The real WeChat Pay bills (deb-sig's, aqni/beancount-daoru's) hold 0.07 paid into 零钱
    by 拼多多 (交易类型 商户消费, 收入, 充值成功: a merchant's cash reward). It was booked as an
    individual donation with a receipt number, and a donor named 打开拼多多，点击底部"多多视频"
    proposed. A merchant's payout is money in for a person to decide, as a platform's is."""
    rows = ['2021-07-18 10:48:09,商户消费,"打开拼多多，点击底部""多多视频""",/,收入,¥0.07,/,充值成功,16057245952\t,10101265\t,/',
            "2021-07-19 10:00:00,二维码收款,用户A,收款方备注:二维码收款,收入,¥23.00,零钱,已收钱,3985734,/\t,/"]
    (result,) = extract(load_books(books), [bill(tmp_path, "wx.csv", WECHAT_HEADER, rows)])
    assert result.conserved
    reward, gift = sorted(_txns(result), key=lambda e: e.date)
    assert {p.account for p in reward.postings} == {"Assets:Online:WeChat", "Liabilities:Payable"}
    assert reward.flag == "!" and "receipt" not in reward.meta and "proposed_donor" not in reward.meta
    assert "商户消费" in reward.meta["note"], reward.meta
    assert any(p.account.startswith("Income:Donation") for p in gift.postings) and "receipt" in gift.meta
