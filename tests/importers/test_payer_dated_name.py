"""A counterparty whose name ends in a date is not a name and an account number.

aqni/beancount-daoru's and deb-sig's real WeChat Pay bills have a gift from
赞赏作者的收款_20230623: its donor was proposed as 赞赏作者的收款_ with the account number
20230623. A trailing number of eight digits that reads as a day (YYYYMMDD) is part of the
name; a longer one, or one that is no day, is still an account number.
"""

from __future__ import annotations

import pytest

from importers.classify import clean_payer


@pytest.mark.parametrize(("cell", "name", "account"), [
    ("赞赏作者的收款_20230623", "赞赏作者的收款_20230623", ""),
    ("活动20251231", "活动20251231", ""),
    ("张三 6222020000001234", "张三", "6222020000001234"),
    ("某某机械厂6222020000001234", "某某机械厂", "6222020000001234"),
    ("李四 12345678", "李四", "12345678"),  # eight digits, but no day: 3456 is no month and day
])
def test_a_trailing_day_stays_in_the_name(cell, name, account):
    assert clean_payer(cell) == (name, account)


def test_the_real_bill_proposes_the_whole_name(books, tmp_path):
    from tests.importers.support import extract_one

    path = tmp_path / "wx.csv"
    path.write_text("交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注\n"
                    "2026-03-23 11:01:51,其他,赞赏作者的收款_20230623,/,收入,¥5.00,/,已到账,1800007376\t,10101008\t,/\n",
                    encoding="utf-8")
    result = extract_one(books, path)
    (proposal,) = [e for e in result.new if getattr(e, "type", "") == "donor-proposal"]
    assert proposal.meta["name"] == "赞赏作者的收款_20230623" and "accounts" not in proposal.meta
