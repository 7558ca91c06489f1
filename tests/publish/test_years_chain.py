"""Books of two years, read as a journalist reads them: each year's headline adds up on the
page that gives it, and the year's opening is the year before's closing, with a link to it.

The reports' index gave each year as "raised · spent · held at the end" with no opening: a
reader adding 2027's raised and spent got nowhere near its closing (the balance carried over
from 2026 was shown nowhere on the page). The home page's card of the year gave the year's
opening balance with nothing to check it against, and no link to that year's report or the
year before's.
"""

from __future__ import annotations

import re
from decimal import Decimal

LATER = '''
2027-01-05 * "李红梅" "捐款"
  fund: "GENERAL"
  donor: "D0002"
  receipt: "JZ-2027-00001"
  Assets:Bank:Basic   300.00 CNY
  Income:Donation:Individual

2027-01-20 * "特困救助"
  fund: "GENERAL"
  approval: "SP-2027-0001"
  case: "C0001"
  Expenses:Aid:Living   500.00 CNY
  Assets:Bank:Basic
'''

MONEY = r"(-?¥[\d,]+\.\d{2})"


def _money(text: str) -> Decimal:
    return Decimal(text.replace("¥", "").replace(",", ""))


def _two_years(books_copy, tmp_path, publish_to, later=LATER):
    (books_copy / "txns" / "2027.beancount").write_text(later, encoding="utf-8")
    main = books_copy / "main.beancount"
    main.write_text(main.read_text(encoding="utf-8") + '\ninclude "txns/2027.beancount"\n', encoding="utf-8")
    out = tmp_path / "site"
    result = publish_to(out, books_copy)
    years = {r.period.key: r.statement for r in result.model.reports if r.period.kind == "year"}
    assert sorted(years) == ["2026", "2027"]
    return out, years, result


def test_each_years_line_on_the_reports_index_adds_up(books_copy, tmp_path, publish_to):
    out, years, _ = _two_years(books_copy, tmp_path, publish_to)
    for page in ("reports/index.html", "en/reports/index.html"):
        html = (out / page).read_text(encoding="utf-8")
        shown = {}
        for key in years:
            # the year's section: its heading (linking its report) and the line under it
            section = next(s for s in html.split('<section class="year">')[1:] if f'reports/{key}.html"' in s.split("</h2>", 1)[0])
            line = re.sub(r"<[^>]+>", "", section.split("</h2>", 1)[1].split("<ul", 1)[0])
            figures = [_money(m) for m in re.findall(MONEY, line)]
            # opening + raised − spent (± transfers) = closing, every figure on the line
            assert len(figures) in (4, 5), f"{page} {key}: {line!r}"
            opening, raised, spent, *transfers, closing = figures
            assert opening + raised - spent + sum(transfers, Decimal(0)) == closing, f"{page} {key}: {line!r}"
            assert (opening, raised, spent, closing) == (years[key].opening, years[key].raised, years[key].spent, years[key].closing)
            shown[key] = (opening, closing)
        assert shown["2027"][0] == shown["2026"][1], f"{page}: 2027 opens with {shown['2027'][0]}, 2026 closed with {shown['2026'][1]}"


def test_the_home_pages_year_links_to_its_report_and_the_year_before(books_copy, tmp_path, publish_to):
    out, years, _ = _two_years(books_copy, tmp_path, publish_to)
    for page, before, this in (("index.html", "reports/2026.html", "reports/2027.html"),
                               ("en/index.html", "../en/reports/2026.html", "../en/reports/2027.html")):
        html = (out / page).read_text(encoding="utf-8")
        card = html.split('data-statement="2027"', 1)[1].split("</div>\n  <div class=\"card\">", 1)[0]
        links = re.findall(r'href="([^"]+)"', card)
        assert before in links and this in links, f"{page}: the year's card links to {links}"
        said = re.search(r'class="year-links">(.*?)</p>', card, re.S).group(1)
        # the year before's closing, as the page states it, is this year's opening
        assert _money(re.search(MONEY, said).group(1)) == years["2026"].closing == years["2027"].opening
        assert ((out / page).parent / before).resolve().exists() and ((out / page).parent / this).resolve().exists()


def test_the_open_data_page_names_the_years_it_holds(books_copy, tmp_path, publish_to):
    """Every file holds every year; the page said so nowhere, nor which years they were."""
    out, years, _ = _two_years(books_copy, tmp_path, publish_to)
    for page, said in (("data/index.html", "公开数据涵盖账簿中的每一年（2026年、2027年）"),
                       ("en/data/index.html", "The open data covers every year of the books (2026, 2027)")):
        html = (out / page).read_text(encoding="utf-8")
        assert said in re.sub(r"<[^>]+>", "", html), page
    import csv
    import io

    rows = list(csv.DictReader(io.StringIO((out / "data" / "statement.csv").read_text("utf-8-sig"))))
    assert {r["period"] for r in rows} >= set(years)


OWED_AT_THE_YEARS_END = '''
2026-12-20 * "特困救助（已批准，未付）"
  fund: "GENERAL"
  approval: "SP-2026-0301"
  case: "C0001"
  Expenses:Aid:Living   1500.00 CNY
  Liabilities:Payable

2026-12-21 * "某某机械制造有限公司" "认捐"
  fund: "GENERAL"
  donor: "D0001"
  receipt: "JZ-2026-00008"
  Assets:Receivable:Pledges   4000.00 CNY
  Income:Donation:Enterprise
'''
SETTLED_NEXT_YEAR = '''
2027-01-08 * "支付已批帮扶款"
  Liabilities:Payable   1500.00 CNY
  Assets:Bank:Basic

2027-01-09 * "某某机械制造有限公司" "认捐款到账"
  fund: "GENERAL"
  Assets:Bank:Basic   4000.00 CNY
  Assets:Receivable:Pledges
'''
#: a pledge the old books held when these began, carried over with the opening money
CARRIED = '''
2026-01-01 * "期初应收认捐（上年结转）"
  fund: "GENERAL"
  Assets:Receivable:Pledges   1000.00 CNY
  Equity:Opening-Balances
'''


def _csv(out):
    import csv
    import io

    return list(csv.DictReader(io.StringIO((out / "data" / "statement.csv").read_text("utf-8-sig"))))


def test_the_opening_line_says_what_was_to_be_received_and_owed_as_the_year_before_closed(books_copy, tmp_path, publish_to):
    """statement.csv gave receivable_held and payable_held on closing lines only: 2027's
    opening line could not be set against 2026's closing line on them, nor split into money."""
    txns = books_copy / "txns" / "2026.beancount"
    txns.write_text(txns.read_text(encoding="utf-8") + OWED_AT_THE_YEARS_END + CARRIED, encoding="utf-8")
    out, years, result = _two_years(books_copy, tmp_path, publish_to, LATER + SETTLED_NEXT_YEAR)
    rows = {(r["period"], r["line"]): r for r in _csv(out) if r["fund_id"] == "TOTAL"}
    closed, opened = rows[("2026", "closing")], rows[("2027", "opening")]
    assert closed["receivable_held"] == "5000.00" and closed["payable_held"] == "1500.00"
    for column in ("amount", "goods_held", "receivable_held", "payable_held"):
        assert opened[column] == closed[column], column
    # the books' first year and since the start: the pledge carried over with the opening money
    for period in ("2026", "all"):
        assert rows[(period, "opening")]["receivable_held"] == "1000.00", period
        assert rows[(period, "opening")]["payable_held"] in ("0.00", "0")
    # every month: the opening line is the month before's closing line, column by column
    months = sorted(k for k, line in rows if line == "opening" and re.fullmatch(r"\d{4}-\d{2}", k))
    for before, after in zip(months, months[1:], strict=False):
        if (before, "closing") in rows and int(after[-2:]) == int(before[-2:]) % 12 + 1:
            for column in ("amount", "goods_held", "receivable_held", "payable_held"):
                assert rows[(after, "opening")][column] == rows[(before, "closing")][column], (before, after, column)
    st = {r.period.key: r.statement for r in result.model.reports}
    assert (st["2027"].receivable_opening, st["2027"].payable_opening) == (st["2026"].receivable, st["2026"].payable)


def test_the_years_report_says_what_its_opening_was_due_and_owed(books_copy, tmp_path, publish_to):
    """2026's report said its closing balance held ¥5,000.00 still to be received and was net
    of ¥1,500.00 owed; 2027's report, opening with that balance, said neither."""
    from publish.annual import report_html

    txns = books_copy / "txns" / "2026.beancount"
    txns.write_text(txns.read_text(encoding="utf-8") + OWED_AT_THE_YEARS_END, encoding="utf-8")
    out, years, result = _two_years(books_copy, tmp_path, publish_to, LATER + SETTLED_NEXT_YEAR)
    flat = lambda page: " ".join(re.sub(r"<[^>]+>", " ", page).split())  # noqa: E731
    zh = flat((out / "reports" / "2027.html").read_text("utf-8"))
    en = flat((out / "en" / "reports" / "2027.html").read_text("utf-8"))
    assert "期初结存含尚未收到的应收款项（认捐、已批准的拨款） ¥4,000.00。" in zh, zh
    assert "期初结存已扣除尚未支付的应付款项（已批准未付的帮扶等） ¥1,500.00。" in zh
    assert "The opening balance includes ¥4,000.00 pledged or allocated but not yet received." in en
    assert "The opening balance is net of ¥1,500.00 owed" in en
    annual = flat(report_html(result.model, 2027))
    assert "年初结余含尚未收到的应收款项（认捐、已批准的拨款） ¥4,000.00" in annual
    assert "年初结余已扣除尚未支付的应付款项（已批准未付的帮扶等） ¥1,500.00" in annual
    # 2026's closing said the same figures
    assert "结存含尚未收到的应收款项（认捐、已批准的拨款） ¥4,000.00。" in flat((out / "reports" / "2026.html").read_text("utf-8"))


FUND_INTO_NEXT_YEAR = '''
2026-06-01 custom "fund" "MED-2027" "restricted"
  name_zh: "医疗救助专项（至2027年3月）"
  name_en: "Medical aid fund to March 2027"
  purpose: "Expenses:Aid:Medical"
  start: 2026-06-01
  end: 2027-03-31
'''
FUND_MONEY = '''
2026-06-05 * "市总工会" "医疗救助专项拨款"
  fund: "MED-2027"
  Assets:Bank:Basic   3000.00 CNY
  Income:Union
'''


def test_an_earlier_years_report_does_not_mark_a_fund_ended_that_ended_later(books_copy, tmp_path, publish_to):
    """The annual report's funds chapter marked a fund by its status on the data's date: 2026's
    report said 已到期 ended 2027-03-31 of a fund that ran all through 2026 (a later year's fact
    in a closed year's report)."""
    from publish.annual import report_html

    with (books_copy / "registry" / "funds.beancount").open("a", encoding="utf-8") as f:
        f.write(FUND_INTO_NEXT_YEAR)
    txns = books_copy / "txns" / "2026.beancount"
    txns.write_text(txns.read_text(encoding="utf-8") + FUND_MONEY, encoding="utf-8")
    later = LATER.replace("2027-01-20", "2027-04-20")  # the books run past the fund's end
    out, years, result = _two_years(books_copy, tmp_path, publish_to, later)

    def row(year: int) -> str:
        page = report_html(result.model, year)
        chapter = page[page.index('id="funds"'):]
        return chapter.split("医疗救助专项（至2027年3月）", 1)[1].split("</tr>", 1)[0]

    assert "已到期" not in row(2026) and "ended" not in row(2026), row(2026)
    assert "已到期" in row(2027) and "ended" in row(2027), row(2027)


def test_a_years_report_says_its_opening_is_the_year_befores_closing(books_copy, tmp_path, publish_to):
    out, years, _ = _two_years(books_copy, tmp_path, publish_to)
    for page, link in (("reports/2027.html", "../reports/2026.html"), ("en/reports/2027.html", "../../en/reports/2026.html")):
        html = (out / page).read_text(encoding="utf-8")
        said = re.search(r'<p class="carried-from">(.*?)</p>', html, re.S)
        assert said and f'href="{link}"' in said.group(1), page
        assert ((out / page).parent / link).resolve() == (out / page.replace("2027", "2026")).resolve()
    assert 'class="carried-from"' not in (out / "reports" / "2026.html").read_text(encoding="utf-8")  # the books' first year
