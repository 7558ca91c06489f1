"""A bill's row cut short after the last dated row is refused, not passed over as footer.

deb-sig's real Alipay 电子客户回单 sample (example/alipay/alipay_record_category_example.csv,
at 01f770d) ends its rows with `其他 ,tb6986_88 ,` : a transaction whose cells after the
counterparty were cut away (this layout writes the time in its last column). The row had no
time and no amount, so it was taken for the footer: three rows booked, nothing listed for the
fourth, and no word that the file was cut. A row whose 收/支 cell reads a direction is a
transaction's, and is refused as cut short.
"""

from __future__ import annotations

from tests.importers.support import extract_one

HEAD = ("------------------------支付宝（中国）网络技术有限公司  电子客户回单------------------------\n"
        "收/支,交易对方,对方账号,商品说明,收/付款方式,金额,交易状态,交易分类,交易订单号,商家订单号,交易时间,\n")
ROW = "支出,好邻居连锁便利店,hao***@qq.com,好邻居订单,余额,7.50,交易成功,日用百货,2026030922001\t,10000891\t,2026-03-09 09:25:42,\n"
FOOT = "------------------------------------------------------------------------------------\n导出信息：\n"


def _bill(tmp_path, rows: str):
    path = tmp_path / "alipay.csv"
    path.write_bytes((HEAD + rows + FOOT).encode("gb18030"))
    return path


def test_a_row_cut_short_after_the_last_dated_row_is_refused(books, tmp_path):
    result = extract_one(books, _bill(tmp_path, ROW + "其他,tb6986_88,\n"))
    assert result.problem is not None, [e for e in result.new]
    text = str(result.problem)
    assert "alipay.csv, row 4" in text and "cut short" in text and "export the bill again" in text, text


def test_the_footer_after_the_rows_is_still_passed_over(books, tmp_path):
    result = extract_one(books, _bill(tmp_path, ROW))
    assert result.problem is None, result.problem
