"""A fund sold back into the Alipay balance (蚂蚁财富-…-卖出至余额) is money into the balance.

Alipay writes such a row 不计收支 with 余额 (the balance the money went to) in 收/付款方式, as it
writes 余额宝 there for a fund sold into 余额宝. Read as paid from the balance, the 200.00 was
booked as leaving it (400.00 wrong on the balance); with 收/付款方式 empty it was skipped as
moving outside the balance, 200.00 come in with nothing booked. Neither is a gift: the money
comes from the fund's holding, as the purchase's went to it.
"""

from __future__ import annotations

from decimal import Decimal

import pytest

from tests.importers.test_behaviour import extract, txns

HEAD = "交易时间,交易分类,交易对方,对方账号,商品说明,收/支,金额,收/付款方式,交易状态,交易订单号,商家订单号,备注,\n"
FUND = "蚂蚁财富-蚂蚁（杭州）基金销售有限公司"


def _bill(tmp_path, *rows):
    path = tmp_path / "alipay.csv"
    path.write_bytes((HEAD + "".join(r + "\n" for r in rows)).encode("gb18030"))
    return path


def _moves(result):
    return [{p.account: p.units.number for p in t.postings} for t in txns(result)]


@pytest.mark.parametrize("method", ["余额", "账户余额", ""])
@pytest.mark.parametrize("item", ["蚂蚁财富-易方达蓝筹精选混合-卖出至余额", "基金赎回到余额"])
def test_a_fund_sold_into_the_balance_is_money_into_it(books, tmp_path, method, item):
    (r,) = extract(books, _bill(tmp_path, f"2026-03-08 10:00:00,投资理财,{FUND},/,{item},不计收支,200.00,{method},"
                                          "交易成功,A2\t,\t,,"))
    (moved,) = _moves(r)
    assert moved["Assets:Online:Alipay"] == Decimal("200.00")
    assert sum(moved.values()) == 0
    assert not any(a.startswith(("Income:", "Expenses:")) for a in moved)
    assert not r.report.skipped
    assert r.conserved


def test_a_fund_bought_and_sold_through_the_balance_meet_on_one_account(books, tmp_path):
    """Mapped in the import config, the fund's holding takes the purchase and gives back the sale."""
    (books / "import_config.py").write_text(
        "from importers.config import importers_for_books, renumber_receipts\n"
        f"CONFIG = importers_for_books(__file__, accounts={{'{FUND}': 'Assets:Bank:Basic'}})\nHOOKS = [renumber_receipts]\n",
        encoding="utf-8")
    (r,) = extract(books, _bill(
        tmp_path,
        f"2026-03-07 10:00:00,投资理财,{FUND},/,蚂蚁财富-易方达蓝筹精选混合-买入,不计收支,300.00,余额,交易成功,A1\t,\t,,",
        f"2026-03-08 10:00:00,投资理财,{FUND},/,蚂蚁财富-易方达蓝筹精选混合-卖出至余额,不计收支,200.00,余额,交易成功,A2\t,\t,,"))
    assert _moves(r) == [{"Assets:Online:Alipay": Decimal("-300.00"), "Assets:Bank:Basic": Decimal("300.00")},
                         {"Assets:Online:Alipay": Decimal("200.00"), "Assets:Bank:Basic": Decimal("-200.00")}]
