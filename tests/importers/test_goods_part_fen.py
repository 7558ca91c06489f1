"""Goods handed out in a quantity whose value at cost is not a whole fen (2.345 kg at 5.60).

The goods register left the aid posting for beancount to fill in: 2.345 RICE at 5.60 came to
13.132 CNY on Expenses:Aid:Goods, and the open data published `spent` 13.13200 and the
fund's balance 55.99800, beside pages showing 13.13 and 56.00. The register's entry now
states the aid's value at the stock's cost to the fen (13.13), as every other amount of
money in the books is, and the site's figures agree to the fen.
"""

from __future__ import annotations

import csv
from decimal import Decimal

from click.testing import CliRunner

from cli import cli
from ledger.books import load_books

GIFT = """
2026-03-02 * "新华粮油公司" "捐赠物资"
  fund: "GENERAL"
  donor: "D0001"
  receipt: "JZ-2026-00001"
  Assets:Goods            12.345 RICE {5.60 CNY}
  Income:Donation:InKind  -69.13 CNY
"""


def test_goods_handed_out_are_aid_of_whole_fen(books, tmp_path):
    with (books / "txns" / "2026.beancount").open("a", encoding="utf-8") as fh:
        fh.write(GIFT)
    register = tmp_path / "goods.csv"
    register.write_text("日期,案例编号,物资,数量,基金,审批单号,备注\n2026-03-05,C0001,RICE,2.345,GENERAL,SP-2026-0001,\n",
                        encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(books), str(register), "--write"])
    assert result.exit_code == 0, result.output
    assert "Expenses:Aid:Goods   13.13 CNY" in result.output, result.output
    aid = [p.units.number for e in load_books(books).entries if hasattr(e, "postings")
           for p in e.postings if p.account == "Expenses:Aid:Goods"]
    assert aid == [Decimal("13.13")]
    site = tmp_path / "site"
    result = CliRunner().invoke(cli, ["publish", str(books), "--out", str(site)])
    assert result.exit_code == 0, result.output
    with (site / "data" / "funds.csv").open(encoding="utf-8-sig") as fh:
        general = next(r for r in csv.DictReader(fh) if r["fund_id"] == "GENERAL")
    assert general["spent"].endswith(".13") and "13.132" not in general["spent"]
