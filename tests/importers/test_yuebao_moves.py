"""Alipay's 余额宝 moves to and from the balance go to the account the import config maps 余额宝 to."""

from __future__ import annotations

from decimal import Decimal

from tests.importers.test_behaviour import extract, txns

HEAD = ("交易时间,交易分类,交易对方,对方账号,商品说明,收/支,金额,收/付款方式,交易状态,交易订单号,商家订单号,备注,\n")


def test_yuebao_out_to_the_balance_is_the_mapped_yuebao_account(books, tmp_path):
    (books / "import_config.py").write_text(
        "from importers.config import importers_for_books, renumber_receipts\n"
        "CONFIG = importers_for_books(__file__, accounts={'余额宝': 'Assets:Bank:Basic'})\nHOOKS = [renumber_receipts]\n",
        encoding="utf-8")
    bill = tmp_path / "alipay.csv"
    bill.write_bytes((HEAD + "2026-03-07 10:00:00,投资理财,余额宝,/,余额宝-转入,不计收支,500.00,余额,交易成功,A1\t,\t,,\n"
                      "2026-03-08 10:00:00,投资理财,余额宝,/,余额宝-转出到余额,不计收支,450.00,余额宝,交易成功,A2\t,\t,,\n")
                     .encode("gb18030"))
    (r,) = extract(books, bill)
    moves = [{p.account: p.units.number for p in t.postings} for t in txns(r)]
    # the other side of 余额宝-转出到余额 was read as "余额宝-", which no mapping names: the
    # money went to the clearing account, flagged, though 余额宝 is mapped
    assert moves == [{"Assets:Online:Alipay": Decimal("-500.00"), "Assets:Bank:Basic": Decimal("500.00")},
                     {"Assets:Online:Alipay": Decimal("450.00"), "Assets:Bank:Basic": Decimal("-450.00")}]


def test_yuebao_in_from_the_balance_names_yuebao_not_the_fund_company(books, tmp_path):
    """Alipay writes the fund company behind 余额宝 as the counterparty of a move into it: the
    move was booked to the clearing account, flagged, with a note asking to map
    天弘基金管理有限公司, while the move out of 余额宝 went to the mapped account."""
    (books / "import_config.py").write_text(
        "from importers.config import importers_for_books, renumber_receipts\n"
        "CONFIG = importers_for_books(__file__, accounts={'余额宝': 'Assets:Bank:Basic'})\nHOOKS = [renumber_receipts]\n",
        encoding="utf-8")
    bill = tmp_path / "alipay.csv"
    bill.write_bytes((HEAD + "2026-03-07 23:00:00,投资理财,天弘基金管理有限公司,/,余额宝-自动转入,不计收支,500.00,余额,交易成功,A1\t,\t,,\n"
                      "2026-03-08 10:00:00,投资理财,天弘基金管理有限公司,/,余额宝-单次转入,不计收支,20.00,余额,交易成功,A2\t,\t,,\n"
                      "2026-03-09 10:00:00,投资理财,天弘基金管理有限公司,/,余额宝-转出到余额,不计收支,450.00,余额宝,交易成功,A3\t,\t,,\n")
                     .encode("gb18030"))
    (r,) = extract(books, bill)
    moves = [{p.account: p.units.number for p in t.postings} for t in txns(r)]
    assert moves == [{"Assets:Online:Alipay": Decimal("-500.00"), "Assets:Bank:Basic": Decimal("500.00")},
                     {"Assets:Online:Alipay": Decimal("-20.00"), "Assets:Bank:Basic": Decimal("20.00")},
                     {"Assets:Online:Alipay": Decimal("450.00"), "Assets:Bank:Basic": Decimal("-450.00")}]
    assert not any("天弘" in n for n in r.report.notes)


def test_yuebao_earnings_are_booked_on_the_mapped_yuebao_account(books, tmp_path):
    """Alipay lists each day's 余额宝 earnings (余额宝-…-收益发放, 不计收支, paid into 余额宝). With
    余额宝 mapped to an account of the books, they were skipped as "moved outside the Alipay
    balance; nothing to book here": that account's balance fell short of 余额宝's by every day's
    earnings, and no income said so. They are interest on that account; with 余额宝 not mapped
    they are still listed, with their amount, as money outside the books."""
    (books / "import_config.py").write_text(
        "from importers.config import importers_for_books, renumber_receipts\n"
        "CONFIG = importers_for_books(__file__, accounts={'余额宝': 'Assets:Bank:Basic'})\nHOOKS = [renumber_receipts]\n",
        encoding="utf-8")
    bill = tmp_path / "alipay.csv"
    bill.write_bytes((HEAD + "2026-03-07 03:00:00,投资理财,余额宝,/,余额宝-2026.03.06-收益发放,不计收支,0.35,余额宝,交易成功,A1\t,\t,,\n")
                     .encode("gb18030"))
    (r,) = extract(books, bill)
    moves = [{p.account: p.units.number for p in t.postings} for t in txns(r)]
    assert moves == [{"Assets:Bank:Basic": Decimal("0.35"), "Income:Interest": Decimal("-0.35")}], (moves, r.report.skipped)
    assert r.conserved


def test_yuebao_earnings_with_yuebao_not_mapped_are_listed(books, tmp_path):
    bill = tmp_path / "alipay.csv"
    bill.write_bytes((HEAD + "2026-03-07 03:00:00,投资理财,余额宝,/,余额宝-2026.03.06-收益发放,不计收支,0.35,余额宝,交易成功,A1\t,\t,,\n")
                     .encode("gb18030"))
    (r,) = extract(books, bill)
    assert txns(r) == []
    (skipped,) = r.report.skipped
    assert "0.35 moved outside the Alipay balance (余额宝)" in skipped.reason


def test_a_fund_bought_from_or_sold_into_a_mapped_yuebao_moves_that_account(books, tmp_path):
    """With 余额宝 mapped to an account of the books, a fund bought with 余额宝 (蚂蚁财富-…-买入,
    收/付款方式 余额宝) and one sold into it (…-卖出至余额宝) were skipped as moving outside the
    Alipay balance: the account fell short by the purchase and over by the sale, and no other
    download books them (余额宝 has no statement of its own). They are transfers between it and
    the fund's holding (unmapped: the clearing account, flagged)."""
    (books / "import_config.py").write_text(
        "from importers.config import importers_for_books, renumber_receipts\n"
        "CONFIG = importers_for_books(__file__, accounts={'余额宝': 'Assets:Bank:Basic'})\nHOOKS = [renumber_receipts]\n",
        encoding="utf-8")
    fund = "蚂蚁财富-蚂蚁（杭州）基金销售有限公司"
    bill = tmp_path / "alipay.csv"
    bill.write_bytes((HEAD + f"2026-03-07 10:00:00,投资理财,{fund},/,蚂蚁财富-易方达蓝筹精选混合-买入,不计收支,300.00,余额宝,交易成功,A1\t,\t,,\n"
                      f"2026-03-13 10:00:00,投资理财,{fund},/,蚂蚁财富-易方达蓝筹精选混合-卖出至余额宝,不计收支,40.00,余额宝,交易成功,A2\t,\t,,\n")
                     .encode("gb18030"))
    (r,) = extract(books, bill)
    moves = [{p.account: p.units.number for p in t.postings} for t in txns(r)]
    assert moves == [{"Assets:Bank:Basic": Decimal("-300.00"), "Assets:Clearing:Alipay": Decimal("300.00")},
                     {"Assets:Clearing:Alipay": Decimal("-40.00"), "Assets:Bank:Basic": Decimal("40.00")}]
    assert all(t.flag == "!" for t in txns(r)) and not r.report.skipped


def test_a_fund_bought_from_or_sold_into_yuebao_unmapped_is_still_listed_as_skipped(books, tmp_path):
    fund = "蚂蚁财富-蚂蚁（杭州）基金销售有限公司"
    bill = tmp_path / "alipay.csv"
    bill.write_bytes((HEAD + f"2026-03-07 10:00:00,投资理财,{fund},/,蚂蚁财富-易方达蓝筹精选混合-买入,不计收支,300.00,余额宝,交易成功,A1\t,\t,,\n"
                      f"2026-03-13 10:00:00,投资理财,{fund},/,蚂蚁财富-易方达蓝筹精选混合-卖出至余额宝,不计收支,40.00,余额宝,交易成功,A2\t,\t,,\n")
                     .encode("gb18030"))
    (r,) = extract(books, bill)
    assert not txns(r)
    assert [(s.row, "300.00" in s.reason or "40.00" in s.reason) for s in r.report.skipped] == [(2, True), (3, True)]
