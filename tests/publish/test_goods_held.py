"""The closing balance says how much of it is goods in stock (at their booked cost), not money.

The balance the site, the reports and the annual report give is the net assets, goods in the
store room at cost among them: read as money, it was more than the bank and the cash held,
with nothing on the page to say why.
"""

from __future__ import annotations

import re
from decimal import Decimal

from beancount.core import data

from ledger.books import load_books
from ledger.funds import posting_value
from publish.annual import report_html
from publish.model_builder import build_public_model

from .conftest import TEST_SECRET
from .sitecheck import parse

# 2027: every bag and bottle left is handed out in January, so 2027 ends with no goods
LATER = '''
2027-01-10 * "物资发放"
  fund: "GENERAL"
  approval: "SP-2027-0001"
  case: "C0001"
  Assets:Goods   -70 RICE {}
  Assets:Goods   -50 OIL {}
  Expenses:Aid:Goods
'''


def _goods_at(books, end) -> Decimal:
    """The books' goods at cost before `end`, summed here from the postings themselves."""
    return sum((posting_value(p) for e in books.entries if isinstance(e, data.Transaction) and e.date < end
                for p in e.postings if p.account.startswith("Assets:Goods")), Decimal(0))


def _money(amount: Decimal) -> str:
    return f"¥{amount:,.2f}"


def test_the_closing_balance_says_how_much_of_it_is_goods(books_copy, tmp_path, publish_to):
    """The overview and 2026's report gave ¥73,192.20 held at the end of 2026, ¥7,660.00 of it
    rice and oil in the store room at cost, and said nothing of the goods."""
    import datetime

    books = load_books(books_copy)
    goods = _goods_at(books, datetime.date(2027, 1, 1))
    assert goods == Decimal("7660.00")
    out = tmp_path / "site"
    publish_to(out, books_copy)
    for page in ("en/index.html", "en/reports/2026.html", "en/reports/2026-11.html", "en/funds/index.html"):
        text = " ".join(parse(out / page).text)
        assert f"includes {_money(goods)} of goods in stock" in text, page
    assert f"含库存物资 {_money(goods)}" in " ".join(parse(out / "reports/2026.html").text)
    html = report_html(build_public_model(books, TEST_SECRET.encode()), 2026)
    overview = re.sub(r"<[^>]+>", " ", html[html.index('id="overview"'):html.index('id="funds"')])
    assert f"含库存物资 {_money(goods)}" in overview and f"includes {_money(goods)} of goods in stock" in overview


def test_a_year_that_gave_all_the_goods_out_says_nothing_of_goods(books_copy, tmp_path, publish_to):
    (books_copy / "txns" / "2027.beancount").write_text(LATER, encoding="utf-8")
    main = books_copy / "main.beancount"
    main.write_text(main.read_text(encoding="utf-8") + '\ninclude "txns/2027.beancount"\n', encoding="utf-8")
    out = tmp_path / "site"
    publish_to(out, books_copy)
    for page in ("en/reports/2027.html", "en/reports/2027-01.html"):
        assert "of goods in stock" not in " ".join(parse(out / page).text), page
    # January 2026, when they came in, ended with all of them
    assert "includes ¥9,400.00 of goods in stock" in " ".join(parse(out / "en/reports/2026-01.html").text)
    # 2026 still ended with them, whatever came after
    assert "of goods in stock" in " ".join(parse(out / "en/reports/2026.html").text)


# 2027: quilts given with no value put on them (a gift all the same, on the roll), five handed out
QUILTS = '''
2027-01-01 commodity QUILT
  name_zh: "棉被"
  name_en: "Quilt"
  unit_zh: "床"
  unit_en: "quilt"

2027-02-01 * "粮油公司" "捐赠棉被（未估值）"
  fund: "GENERAL"
  donor: "D0004"
  receipt: "JZ-2027-00001"
  Assets:Goods             20 QUILT {0 CNY}
  Income:Donation:InKind   0 CNY

2027-03-01 * "棉被发放"
  fund: "GENERAL"
  approval: "SP-2027-0002"
  case: "C0001"
  Assets:Goods             -5 QUILT {}
  Expenses:Aid:Goods       0 CNY
'''


def test_goods_in_stock_with_no_value_are_said_beside_the_balance(books_copy, tmp_path, publish_to):
    """20 quilts given with no value (booked at 0), 5 handed out: 15 in the store room at the
    end of 2027, in no amount of the site; the overview and the report said nothing of them,
    so the balance looked like all there was."""
    (books_copy / "txns" / "2027.beancount").write_text(QUILTS, encoding="utf-8")
    main = books_copy / "main.beancount"
    main.write_text(main.read_text(encoding="utf-8") + '\ninclude "txns/2027.beancount"\n', encoding="utf-8")
    books = load_books(books_copy)
    assert not books.errors, [e.message for e in books.errors]
    out = tmp_path / "site"
    publish_to(out, books_copy)
    for page in ("en/index.html", "en/reports/2027.html", "en/funds/index.html"):
        text = " ".join(parse(out / page).text)
        assert "with no value booked" in text and "Quilt 15 quilts" in text, page
    assert "Quilt 20 quilts" in " ".join(parse(out / "en/reports/2027-02.html").text)
    assert "棉被 15 床" in " ".join(parse(out / "reports/2027.html").text)
    # 2026 had none
    assert "with no value booked" not in " ".join(parse(out / "en/reports/2026.html").text)
    html = report_html(build_public_model(books, TEST_SECRET.encode()), 2027)
    overview = re.sub(r"<[^>]+>", " ", html[html.index('id="overview"'):html.index('id="funds"')])
    assert "棉被 15 床" in overview and "with no value booked" in overview


def test_statement_csv_names_the_goods_held_in_each_closing_balance(published):
    """statement.csv's closing balance of all funds at the end of 2026 was ¥73,192.20, of which
    ¥7,660.00 is rice and oil in the store room at cost; the pages said so, the open data did
    not (a line for it would have broken opening + lines = closing). Each closing line of all
    funds now gives its goods at cost in a column of their own (`goods_held`), empty on every
    other line, and the amounts still add up."""
    import csv
    import io

    out, result = published
    rows = list(csv.DictReader(io.StringIO((out / "data" / "statement.csv").read_text("utf-8-sig"))))
    statements = {"all": result.model.overview.all_time, **{r.period.key: r.statement for r in result.model.reports}}
    closings = [r for r in rows if r["line"] == "closing" and r["fund_id"] == "TOTAL"]
    assert {r["period"] for r in closings} == set(statements)
    for r in closings:
        assert Decimal(r["goods_held"]) == statements[r["period"]].goods, r
    assert next(r for r in closings if r["period"] == "2026")["goods_held"] == "7660.00"
    # the opening lines of all funds give the goods of the opening balance (goods in stock
    # before the period, and those carried over into the books in it)
    openings = [r for r in rows if r["line"] == "opening" and r["fund_id"] == "TOTAL"]
    assert {r["period"] for r in openings} == set(statements)
    for r in openings:
        assert Decimal(r["goods_held"]) == statements[r["period"]].goods_opening, r
    assert next(r for r in openings if r["period"] == "2026-02")["goods_held"] == next(
        r for r in closings if r["period"] == "2026-01")["goods_held"]
    assert all(r["goods_held"] == "" for r in rows if not (r["line"] in ("opening", "closing") and r["fund_id"] == "TOTAL"))
    blocks: dict = {}
    for r in rows:
        blocks.setdefault((r["period"], r["fund_id"]), []).append(r)
    for block in blocks.values():
        assert sum(Decimal(r["amount"]) for r in block[:-1]) == Decimal(block[-1]["amount"])
