"""A fund sold (卖出) into an account is the centre's own money coming back, not a gift.

Alipay's 账务明细, read as a statement with the documented profile, lists a fund sold back into
the balance as 收入 under 商品名称 蚂蚁财富-易方达蓝筹精选混合-卖出至余额: 200.00 was booked as an
individual's donation with a receipt number, while its purchase (买入) of the same fund was held
for a person to decide. Selling is no giving: it is held on Liabilities:Payable, flagged, with a
note, as 赎回 and 余额宝-转出到余额 were.
"""

from __future__ import annotations

import pytest
from beancount.core import data

from importers.run import extract_files, load_importers
from ledger.books import load_books
from tests.importers.test_merchant_downloads import _books_with_profiles

HEAD = [
    "#支付宝账务明细查询", "#账号:[20880123456789010156]",
    "#起始日期:[2026年03月01日 00:00:00]   终止日期:[2026年04月01日 00:00:00]",
    "#-----------------------------------------账务明细列表----------------------------------------",
    "账务流水号,业务流水号,商户订单号,商品名称,发生时间,对方账号,收入金额（+元）,支出金额（-元）,账户余额（元）,交易渠道,业务类型,备注"]


@pytest.mark.parametrize("item, kind", [("蚂蚁财富-易方达蓝筹精选混合-卖出至余额", "转账"),
                                        ("蚂蚁财富-易方达蓝筹精选混合-卖出", "在线支付"),
                                        ("易方达黄金-卖出至余额", "转账")])
def test_a_fund_sold_into_the_alipay_balance_is_no_gift(books, tmp_path, item, kind):
    text = "\n".join([*HEAD,
                      f"20260307123456789014\t,2026030722001400003\t,\t,{item}\t,2026-03-07 10:00:00\t,"
                      f"蚂蚁（杭州）基金销售有限公司\t,+200.00\t,\t,200.00\t,支付宝\t,{kind}\t,\t",
                      "#-----------------------------------------账务明细列表结束------------------------------------",
                      "#收入合计：1笔，共200.00元", "#支出合计：0笔，共0.00元", ""])
    path = tmp_path / "detail.csv"
    path.write_bytes(text.encode("gbk"))
    loaded = load_books(_books_with_profiles(books))
    (result,) = extract_files(loaded, [path], load_importers(loaded.root))
    assert result.problem is None, result.problem
    (txn,) = [e for e in result.new if isinstance(e, data.Transaction)]
    assert {p.account for p in txn.postings} == {"Assets:Online:Alipay", "Liabilities:Payable"}, txn.postings
    assert txn.flag == "!" and "receipt" not in txn.meta and "proposed_donor" not in txn.meta
    assert "savings or wealth product" in txn.meta["note"]
