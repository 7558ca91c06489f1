"""A fund bought on Alipay with 收/付款方式 empty (易方达黄金-买入 3000.00): the bill does not say
which account paid it.

It was skipped as "3000.00 moved outside the Alipay balance (投资理财); nothing to book here",
which says more than the bill does: if the balance paid, the balance in the books stays 3000.00
too high and no check sees it (the bill's net leaves the row out). The row is still skipped (its
source is unknown, so nothing can be booked without a guess), but its reason now says what is
unknown, what to check, and how to book it by hand if the balance paid.
"""

from __future__ import annotations

import pytest

from tests.importers.test_behaviour import extract, txns

HEAD = "交易时间,交易分类,交易对方,对方账号,商品说明,收/支,金额,收/付款方式,交易状态,交易订单号,商家订单号,备注,\n"
FUND = "易方达黄金-蚂蚁（杭州）基金销售有限公司"


def _bill(tmp_path, method):
    path = tmp_path / "alipay.csv"
    path.write_bytes((HEAD + f"2026-03-07 10:00:00,投资理财,{FUND},/,易方达黄金-买入,不计收支,3000.00,{method},"
                      "交易成功,A1\t,\t,,\n").encode("gb18030"))
    return path


@pytest.mark.parametrize("method", ["", "/"])
def test_the_reason_says_which_account_paid_is_unknown_and_what_to_do(books, tmp_path, method):
    (r,) = extract(books, _bill(tmp_path, method))
    assert not txns(r)
    (skipped,) = r.report.skipped
    reason = skipped.reason
    assert "moved outside the Alipay balance" not in reason  # the bill does not say so
    assert "3000.00" in reason and "收/付款方式" in reason
    assert "does not name" in reason  # what is unknown
    # what to check, and how to book it if the balance paid
    assert "Assets:Online:Alipay" in reason and "by hand" in reason and "statement" in reason
    assert r.conserved


def test_a_fund_bought_with_a_named_card_keeps_its_reason(books, tmp_path):
    (r,) = extract(books, _bill(tmp_path, "工商银行(1234)"))
    (skipped,) = r.report.skipped
    assert "3000.00 moved outside the Alipay balance (工商银行(1234))" in skipped.reason
