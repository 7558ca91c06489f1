"""The goods in stock at the end can be reconciled on the page: opening goods + in − out.

The demo's statements said "the balance held includes 36,941.90 of goods in stock", and the
sources gave 74,719.75 of goods received in kind; with 50,667.85 handed out, 74,719.75 −
50,667.85 is not 36,941.90: the 12,890.00 of goods carried over into the books when they
began was in the opening balance, which no page, CSV or JSON said. Books here carry goods
over when they begin, take more in (a gift in kind, goods bought) and send some out (handed
out, used up): every statement says the goods of its opening balance, what came in and what
went out, and they add up to the goods held at the end.
"""

from __future__ import annotations

import csv
import io
import json
import re
from decimal import Decimal

import pytest
from beancount.core import data
from click.testing import CliRunner

from cli import cli
from ledger.books import load_books
from ledger.funds import posting_value
from ledger.init_books import init_books
from publish.annual import report_html
from publish.model_builder import build_public_model

from .sitecheck import parse

SECRET = "goods-opening-tests-site-secret-0123456789"

DONOR = '''
2026-01-01 custom "donor" "D0001" "enterprise"
  name: "粮油公司"
  display: "粮油公司"
'''

COMMODITIES = '''
2026-01-01 commodity RICE
  name_zh: "大米"
  name_en: "Rice"
  unit_zh: "袋"
  unit_en: "bag"

2026-01-01 commodity OIL
  name_zh: "食用油"
  name_en: "Cooking oil"
  unit_zh: "桶"
  unit_en: "bottle"
'''

# the books begin on 1 January with money and 100 bags of rice (5,000.00 at cost) carried over;
# February: 40 bottles of oil given (2,400.00) and 10 bags bought (520.00); March: 30 bags
# used up in the office's kitchen (1,500.00 out at their cost). Goods at the end: 5,000.00 +
# 2,920.00 − 1,500.00 = 6,420.00
TXNS = '''
2026-01-01 * "期初余额" "carried over from the old books"
  fund: "GENERAL"
  Assets:Bank:Basic         10000.00 CNY
  Assets:Goods              100 RICE {50.00 CNY}
  Equity:Opening-Balances  -15000.00 CNY

2026-02-10 * "粮油公司" "捐赠食用油"
  fund: "GENERAL"
  donor: "D0001"
  receipt: "JZ-2026-00001"
  valuation: "invoice"
  Assets:Goods              40 OIL {60.00 CNY}
  Income:Donation:InKind   -2400.00 CNY

2026-02-20 * "购入大米"
  fund: "GENERAL"
  Assets:Goods              10 RICE {52.00 CNY}
  Assets:Bank:Basic        -520.00 CNY

2026-03-05 * "食堂领用大米"
  fund: "GENERAL"
  Assets:Goods             -30 RICE {50.00 CNY}
  Expenses:Operations:Office  1500.00 CNY
'''


@pytest.fixture(scope="module")
def site(tmp_path_factory):
    """The books and the site published from them."""
    mp = pytest.MonkeyPatch()
    mp.setenv("RELIEF_SITE_SECRET", SECRET)
    root = tmp_path_factory.mktemp("goods-opening")
    main = init_books(root / "books", name_zh="测试", name_en="Test", year=2026)
    with (main.parent / "registry" / "donors.beancount").open("a", encoding="utf-8") as fh:
        fh.write(DONOR)
    with (main.parent / "accounts.beancount").open("a", encoding="utf-8") as fh:
        fh.write(COMMODITIES)
    with (main.parent / "txns" / "2026.beancount").open("a", encoding="utf-8") as fh:
        fh.write(TXNS)
    books = load_books(main.parent)
    assert not books.errors, [e.message for e in books.errors]
    out = root / "site"
    published = CliRunner().invoke(cli, ["publish", str(main), "--out", str(out)])
    assert published.exit_code == 0, published.output
    yield books, out
    mp.undo()


def _goods(books, start=None, end=None) -> Decimal:
    """The books' goods at cost posted in [start, end), summed here from the postings."""
    return sum((posting_value(p) for e in books.entries if isinstance(e, data.Transaction)
                and (start is None or e.date >= start) and (end is None or e.date < end)
                for p in e.postings if p.account.startswith("Assets:Goods")), Decimal(0))


def _money(amount: Decimal) -> str:
    return f"¥{amount:,.2f}"


def test_each_statement_gives_its_opening_goods_and_they_add_up(site):
    books, _ = site
    model = build_public_model(books, SECRET.encode())
    statements = {"all": model.overview.all_time, **{r.period.key: r.statement for r in model.reports}}
    assert {"all", "2026", "2026-01", "2026-02", "2026-03"} <= set(statements)
    for key, st in statements.items():
        assert st.goods_opening + st.goods_in - st.goods_out == st.goods, key
        assert st.goods == _goods(books, end=st.period.end), key
    # all time, the year and January: the goods carried over when the books began are the
    # opening goods (the opening entry is in the period, as its opening money is)
    carried = next(sum((posting_value(p) for p in e.postings if p.account.startswith("Assets:Goods")), Decimal(0))
                   for e in books.entries if isinstance(e, data.Transaction) and e.narration == "carried over from the old books")
    assert carried == Decimal("5000.00")
    for key in ("all", "2026", "2026-01"):
        assert statements[key].goods_opening == carried, key
        assert statements[key].goods_in == _goods(books, statements[key].period.start, statements[key].period.end) - carried \
            + statements[key].goods_out, key
    assert statements["2026-02"].goods_opening == statements["2026-01"].goods == Decimal("5000.00")
    assert (statements["2026-02"].goods_in, statements["2026-02"].goods_out) == (Decimal("2920.00"), Decimal(0))
    assert statements["2026-03"].goods_opening == statements["2026-02"].goods == Decimal("7920.00")
    assert (statements["2026-03"].goods_in, statements["2026-03"].goods_out) == (Decimal(0), Decimal("1500.00"))
    year = statements["2026"]
    assert (year.goods_in, year.goods_out, year.goods) == (Decimal("2920.00"), Decimal("1500.00"), _goods(books))


def test_the_pages_say_the_opening_goods_and_what_came_in_and_went_out(site):
    books, out = site
    opening, came, went, held = Decimal("5000.00"), Decimal("2920.00"), Decimal("1500.00"), _goods(books)
    assert opening + came - went == held == Decimal("6420.00")
    en = (f"The balance held includes {_money(held)} of goods in stock (at their booked cost): {_money(opening)} in stock "
          f"at the start, plus {_money(came)} that came in (given in kind, bought), less {_money(went)} that went out")
    zh = (f"结存含库存物资 {_money(held)}（按入账成本计价）：期初库存 {_money(opening)}，加本期入库 {_money(came)}"
          f"（受赠物资、购入等），减本期出库 {_money(went)}")
    for page in ("index.html", "reports/2026.html", "funds/index.html"):
        assert en in " ".join(parse(out / "en" / page).text), page
        assert zh in " ".join(parse(out / page).text), page
    # March starts with February's goods and ends with them less what went out
    march = " ".join(parse(out / "en" / "reports" / "2026-03.html").text)
    assert f"{_money(Decimal('7920.00'))} in stock at the start, plus {_money(Decimal(0))} that came in" in march
    assert f"less {_money(went)} that went out" in march


def test_the_annual_report_says_them_too(site):
    books, _ = site
    html = report_html(build_public_model(books, SECRET.encode()), 2026)
    overview = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html[html.index('id="overview"'):html.index('id="funds"')]))
    assert "年末结余含库存物资 ¥6,420.00（按入账成本计价）：年初库存 ¥5,000.00，加本年入库 ¥2,920.00" in overview
    assert "减本年出库 ¥1,500.00" in overview
    assert ("¥5,000.00 in stock at the start of the year, plus ¥2,920.00 that came in (given in kind, bought), "
            "less ¥1,500.00 that went out") in overview


def test_statement_csv_gives_the_goods_of_the_opening_balance(site):
    books, out = site
    rows = list(csv.DictReader(io.StringIO((out / "data" / "statement.csv").read_text("utf-8-sig"))))
    total = {(r["period"], r["line"]): r for r in rows if r["fund_id"] == "TOTAL" and r["line"] in ("opening", "closing")}
    for period in ("all", "2026", "2026-01"):
        assert Decimal(total[(period, "opening")]["goods_held"]) == Decimal("5000.00"), period
    # a period's opening goods are the goods of the closing balance before it
    assert total[("2026-03", "opening")]["goods_held"] == total[("2026-02", "closing")]["goods_held"] == "7920.00"
    assert Decimal(total[("2026", "closing")]["goods_held"]) == _goods(books)
    assert all(r["goods_held"] == "" for r in rows if r["fund_id"] != "TOTAL")


def test_model_json_gives_them(site):
    _, out = site
    model = json.loads((out / "data" / "model.json").read_text("utf-8"))
    st = model["overview"]["all_time"]
    assert (st["goods_opening"], st["goods_in"], st["goods_out"], st["goods"]) == ("5000.00", "2920.00", "1500.00", "6420.00")
