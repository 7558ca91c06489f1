"""Every figure a page leaves out is accounted for on that page, and the same figure reads
the same on every surface (red-journalist, read as an investigative journalist would):

- a gift given back is not a gift: the fund page's and the reports' gift counts agree
  with the honour roll (the annual report said "11 gifts" on its overview and "10 gifts"
  on its honour roll);
- the households helped in a year read the same in the annual report as on the front page
  (the report showed * where the site showed 9: it took the aid table's hidden grand total);
- entries in another currency, left out of every figure, are stated with their count and
  amount, on every page and in the annual report (a footer named only the currency, the
  report said nothing);
- a gift valued with a price is written to the fen in the open data (720.0000 beside the
  site's ¥720.00).
"""

from __future__ import annotations

import csv
import re
from decimal import Decimal

from ledger.books import load_books
from publish.annual import report_html
from publish.model_builder import build_public_model


def _text(html: str) -> str:
    return re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", html))


def _append(books, text: str) -> None:
    txns = books / "txns" / "2026.beancount"
    txns.write_text(txns.read_text("utf-8") + "\n" + text, "utf-8")


REFUND = """
2026-06-01 * "李红梅" "退还部分捐款"
  fund: "GENERAL"
  donor: "D0002"
  receipt: "JZ-2026-00008"
  Assets:Bank:Basic             -200.00 CNY
  Income:Donation:Individual
"""

USD = """
2026-05-01 * "李红梅" "美元捐款（已结汇）"
  fund: "GENERAL"
  donor: "D0002"
  receipt: "JZ-2026-00008"
  Assets:Bank:Basic              720.00 CNY
  Income:Donation:Individual    -100.00 USD @ 7.20 CNY

2026-05-02 * "李红梅" "美元捐款（未结汇）"
  fund: "GENERAL"
  donor: "D0002"
  receipt: "JZ-2026-00009"
  Assets:Bank:USD                50.00 USD
  Income:Donation:Individual
"""


def _with_usd(books):
    """The small books with two gifts in USD: one valued in CNY, one not (left out)."""
    accounts = books / "accounts.beancount"
    text = accounts.read_text("utf-8").replace("2026-01-01 open Income:Donation:Individual CNY", "2026-01-01 open Income:Donation:Individual")
    accounts.write_text(text + "\n2026-01-01 open Assets:Bank:USD USD\n", "utf-8")
    _append(books, USD)
    return books


def test_a_gift_given_back_is_not_counted_as_a_gift_anywhere(books_copy):
    _append(books_copy, REFUND)
    model = build_public_model(load_books(books_copy))
    [roll] = model.rolls
    general = model.fund("GENERAL")
    general_gifts = sum(1 for d in model.donations if d.fund.id == "GENERAL" and d.amount >= 0)
    assert general.donations == general_gifts
    year = next(r for r in model.reports if r.period.key == "2026")
    assert year.donations == roll.gifts == 7
    assert next(r for r in model.reports if r.period.key == "2026-06").donations == 0
    text = _text(report_html(model, 2026))
    assert re.search(r"本年捐赠笔数 Gifts received (\d+)", text).group(1) == "7"
    assert "本年度共收到捐赠 7 笔" in text


def test_the_annual_report_counts_the_households_the_front_page_counts(small_books):
    model = build_public_model(small_books)
    [aid_year] = model.aid
    assert aid_year.by_month.grand.suppressed  # the table's total is hidden with its small cells
    assert model.overview.households_year.value == 9
    assert aid_year.households.value == 9
    text = _text(report_html(model, 2026))
    assert "受助户数 Households helped 9" in text


def test_a_gift_in_another_currency_is_stated_with_its_count_and_amount(books_copy, publish_to, tmp_path):
    _with_usd(books_copy)
    site = tmp_path / "site"
    result = publish_to(site, books_copy)
    [left] = result.model.site.left_out
    assert (left.currency, left.entries, left.raised, left.spent) == ("USD", 1, Decimal("50.00"), 0)
    for page in ("index.html", "funds/general.html", "donors/2026.html", "reports/2026.html"):
        assert "以下币种的记录未计入本站任何数字：USD 1 笔（筹集 $50.00，使用 $0.00）。" in _text((site / page).read_text("utf-8")), page
    english = _text((site / "en" / "index.html").read_text("utf-8"))
    assert "left out of every figure on this site: USD 1 entry (raised $50.00, spent $0.00)." in english
    text = _text(report_html(result.model, 2026))
    assert "本年度以 USD 记账的 1 笔记录（筹集 $50.00，使用 $0.00）未折算为人民币，未计入本报告任何数字。" in text
    assert "1 entry of 2026 booked in USD (raised $50.00, spent $0.00) is not valued in CNY" in text


def test_a_years_report_states_what_it_leaves_out_of_that_year():
    """The annual report gave what other currencies left out of all years together ("全部年度
    合计"): a 2026 report counted a 2025 gift. Each year's are counted apart."""
    from beancount import loader

    from ledger.funds import FundMovements

    entries, errors, _ = loader.load_string("""
2025-01-01 open Assets:Bank:USD
2025-01-01 open Income:Donation:Individual
2025-01-01 open Expenses:Aid:Relief
2025-11-01 * "gift"
  fund: "GENERAL"
  Assets:Bank:USD               80.00 USD
  Income:Donation:Individual   -80.00 USD
2026-05-02 * "gift"
  fund: "GENERAL"
  Assets:Bank:USD               50.00 USD
  Income:Donation:Individual   -50.00 USD
2026-06-02 * "aid"
  fund: "GENERAL"
  Assets:Bank:USD              -20.00 USD
  Expenses:Aid:Relief           20.00 USD
""")
    assert not errors
    movements = FundMovements.from_entries(entries, currency="CNY", default_fund="GENERAL")
    assert movements.left_out == {"USD": [3, Decimal("130.00"), Decimal("20.00")]}
    assert movements.left_out_years == {("USD", 2025): [1, Decimal("80.00"), Decimal("0")],
                                        ("USD", 2026): [2, Decimal("50.00"), Decimal("20.00")]}


def test_a_gift_valued_with_a_price_is_written_to_the_fen(books_copy, publish_to, tmp_path):
    _with_usd(books_copy)
    site = tmp_path / "site"
    publish_to(site, books_copy)
    with open(site / "data" / "donations.csv", encoding="utf-8-sig") as f:
        gift = next(r for r in csv.DictReader(f) if r["receipt"] == "JZ-2026-00008")
    assert gift["amount"] == "720.00"
    with open(site / "data" / "funds.csv", encoding="utf-8-sig") as f:
        general = next(r for r in csv.DictReader(f) if r["fund_id"] == "GENERAL")
    for column in ("raised", "balance"):
        assert re.fullmatch(r"\d+\.\d\d", general[column]), (column, general[column])


UNIDENTIFIED = """
2026-05-03 ! "不明付款人" "转账捐款"
  fund: "GENERAL"
  donor: "UNIDENTIFIED"
  receipt: "JZ-2026-00008"
  Assets:Bank:Basic              66.00 CNY
  Income:Donation:Individual
"""


def test_gifts_from_payers_not_identified_are_stated_apart_from_the_anonymous(books_copy, publish_to, tmp_path):
    """The anonymous line of the honour roll held a gift whose payer nobody knows yet, under
    a heading (and a note) that says its donor asked to stay anonymous."""
    _append(books_copy, UNIDENTIFIED)
    site = tmp_path / "site"
    result = publish_to(site, books_copy)
    [roll] = result.model.rolls
    assert (roll.anonymous_gifts, roll.anonymous_amount) == (4, Decimal("14275.50"))
    assert (roll.unidentified_gifts, roll.unidentified_amount) == (1, Decimal("66.00"))
    page = _text((site / "donors" / "2026.html").read_text("utf-8"))
    assert "4 笔，合计 ¥14,275.50。 其中 1 笔（¥66.00）的付款人尚未确认身份，确认前计入匿名捐赠。" in page
    english = _text((site / "en" / "donors" / "2026.html").read_text("utf-8"))
    assert "Of these, 1 (¥66.00) is from a payer not identified yet, counted as anonymous until identified." in english
    text = _text(report_html(result.model, 2026))
    assert "其中 1 笔（¥66.00）的付款人尚未确认身份，确认前计入匿名捐赠。" in text
    assert "不明付款人" not in page + text


def test_a_registered_anonymous_donor_is_not_unidentified(small_books):
    [roll] = build_public_model(small_books).rolls
    assert roll.anonymous_gifts == 3 and roll.unidentified_gifts == 0


def test_the_honour_roll_says_its_total_is_net_of_gifts_given_back(books_copy, publish_to, tmp_path):
    """The roll's total was ¥200 less than its gifts with nothing on the page saying why."""
    _append(books_copy, REFUND)
    site = tmp_path / "site"
    result = publish_to(site, books_copy)
    [roll] = result.model.rolls
    assert (roll.refunds, roll.refunded) == (1, Decimal("200.00"))
    gifts = sum(d.amount for d in result.model.donations if d.amount > 0)
    assert roll.total == gifts - roll.refunded
    page = _text((site / "donors" / "2026.html").read_text("utf-8"))
    assert "合计 ¥53,909.50。合计已扣除退还捐赠人的 1 笔（¥200.00）。" in page
    assert "The total is net of 1 gift given back (¥200.00)." in _text((site / "en" / "donors" / "2026.html").read_text("utf-8"))
    text = _text(report_html(result.model, 2026))
    assert "合计 ¥53,909.50（已扣除退还捐赠人的 1 笔 ¥200.00），即以上具名捐赠与匿名捐赠之和。" in text
    assert "¥53,909.50 in all (net of 1 gift given back, ¥200.00): the named donors above and the anonymous gifts together." in text


def test_the_annual_report_keeps_its_languages_apart_and_states_sources_and_uses_in_both(small_books):
    """Chapter 一's note: the English sentence on what was carried over ran into the Chinese
    one on transfers ("…when the books began.本年…"); chapter 三's rows were Chinese only,
    while chapter 四's are in both languages."""
    model = build_public_model(small_books)
    html = report_html(model, 2026)
    year = next(r for r in model.reports if r.period.key == "2026").statement
    assert year.carried and year.moved  # the note holds both sentences
    # the text as it runs on the page: a block (a paragraph, list item, cell) ends a line, an inline tag does not
    blocks = r"</?(?:p|li|div|td|th|tr|br|h\d|caption|table|section|ul|ol|nav|dl|dt|dd)\b[^>]*>"
    flat = re.sub(r"<[^>]+>", "", re.sub(blocks, "\n", html))
    assert "when the books began. 本年基金之间转拨" in flat
    ran = re.search(r".{0,30}[A-Za-z)][.!?)][\u4e00-\u9fff].{0,10}", flat)
    assert ran is None, ran.group()
    chapter = _text(html.split('id="sources-uses"', 1)[1].split("<section", 1)[0])
    for line in (*year.sources, *year.uses):
        assert f"{line.label.zh} {line.label.en} " in chapter, line
    assert "资金来源 Sources 来源 Source 金额 Amount 占比 Share" in chapter and "合计 Total" in chapter


def test_the_aid_pages_state_the_households_and_the_aid_the_front_page_and_reports_publish(published):
    """The aid page's list of years showed * households and * amount for a year whose table
    total is hidden, while the front page gave the households and the year's report the aid
    paid: the same figures, withheld on one page and published on the next. Now the aid
    pages state them, and say that the hidden cells are in them."""
    site, result = published
    model = result.model
    [year] = model.aid
    report = next(r for r in model.reports if r.period.key == year.period.key)
    paid = sum((u.amount for u in report.statement.uses if u.key.startswith("Expenses:Aid:")), Decimal(0))
    assert year.by_month.grand.suppressed  # the small books' table hides its grand total
    assert year.paid == paid
    households = model.overview.households_year.value
    assert households and year.households.value == households
    index = _text((site / "aid" / "index.html").read_text("utf-8"))
    assert f"{year.period.label.zh} {households} ¥{paid:,.2f}" in index
    page = _text((site / "aid" / f"{year.period.key}.html").read_text("utf-8"))
    assert f"本年帮扶支出合计 ¥{paid:,.2f}，受助 {households} 户" in page
    en = _text((site / "en" / "aid" / f"{year.period.key}.html").read_text("utf-8"))
    assert f"Aid paid in the year: ¥{paid:,.2f}, to {households} households" in en


def test_the_english_roll_says_1_gift_not_1_gifts(books_copy, publish_to, tmp_path):
    """A year of one gift read "1 gifts, ¥200.00 in all" on the English honour roll and in
    the annual report."""
    _append(books_copy, '2027-01-05 * "李红梅" "捐款"\n  fund: "GENERAL"\n  donor: "D0002"\n  receipt: "JZ-2027-00001"\n'
                        '  Assets:Bank:Basic   200.00 CNY\n  Income:Donation:Individual\n')
    site = tmp_path / "site"
    result = publish_to(site, books_copy)
    roll = _text((site / "en" / "donors" / "2027.html").read_text("utf-8"))
    assert "1 gift, ¥200.00 in all." in roll and "1 gifts" not in roll
    assert "1 gift, ¥200.00 in all" in _text(report_html(result.model, 2027))


def _aid_chapter(text: str) -> str:
    start = text.rindex("四、帮扶支出分类 Aid by category")  # the chapter, not its line in the contents
    return text[start:text.index("五、鸣谢名单", start)]


def test_the_annual_reports_aid_chapter_says_where_its_hidden_amounts_are(small_books, tmp_path):
    """A category hidden as * in the report's aid chapter hides an amount too: the chapter
    says where it is (in the total when that is shown, and by category in chapter three's
    uses), as the site's aid page does; it said nothing, leaving money unaccounted for."""
    from ledger.demo import write_demo

    main, _ = write_demo(tmp_path / "demo", seed=1, transactions=200)  # two categories of few households
    for books, grand_hidden in ((small_books, True), (load_books(main.parent), False)):
        model = build_public_model(books)
        year = next(r for r in model.reports if r.period.key == "2026")
        assert year.aid.grand.suppressed is grand_hidden and any(c.suppressed for c in year.aid.totals)
        chapter = _aid_chapter(_text(report_html(model, 2026)))
        assert "*" in chapter
        if grand_hidden:
            assert "以 * 隐藏的金额都在第三章“资金使用”中按类别列出" in chapter
        else:
            total = f"{year.aid.grand.amount:,.2f}"
            assert f"以 * 隐藏的类别都计入合计 ¥{total}" in chapter and f"are all in the total of ¥{total}" in chapter


PRICED_ON_THE_BANK_SIDE = """
2026-05-03 * "Harbour Trading" "USD gift, the rate on the bank's line"
  fund: "GENERAL"
  donor: "D0001"
  receipt: "JZ-2026-00008"
  Assets:Bank:USD               1000.00 USD @ 7.1234 CNY
  Income:Donation:Enterprise
"""


def test_a_gift_priced_on_the_bank_side_is_written_to_the_fen(books_copy, publish_to, tmp_path):
    """The rate written on the bank's line, as a statement gives it, with the income line
    left for beancount to fill: beancount fills it in as -7123.400000 CNY (no CNY amount in
    the entry to take the places from), and donations.csv, statement.csv, flows.csv,
    funds.csv and model.json wrote 7123.400000 and sums such as 29125.000000, where the
    pages showed ¥7,123.40."""
    accounts = books_copy / "accounts.beancount"
    accounts.write_text(accounts.read_text("utf-8") + "\n2026-01-01 open Assets:Bank:USD USD\n", "utf-8")
    _append(books_copy, PRICED_ON_THE_BANK_SIDE)
    site = tmp_path / "site"
    publish_to(site, books_copy)
    gift = next(r for r in csv.DictReader((site / "data" / "donations.csv").open(encoding="utf-8-sig")) if r["receipt"] == "JZ-2026-00008")
    assert gift["amount"] == "7123.40"
    for name in ("donations.csv", "statement.csv", "flows.csv", "funds.csv", "model.json"):
        text = (site / "data" / name).read_text("utf-8-sig")
        assert not re.search(r"\d\.\d{3,}(?!\d*\s*(?:CNY|USD))", text.replace("7.1234", "")), name
