"""The ReliefAudit extension in stock Fava, through Fava's Flask test client.

Besides status codes, every link on the fund statement is followed the way Fava's journal
would: its filter and time are applied with Fava's own FavaLedger.get_filtered, and the
postings found must add up to the number that carried the link.
"""

from __future__ import annotations

import html
import re
from decimal import Decimal
from urllib.parse import parse_qs, unquote, urlsplit

import pytest

from cli.serve import make_app
from ledger.audit import fund_statement
from ledger.audit.serialize import as_data
from ledger.books import load_books
from tests.fava.samples import check_statement_links, links, page

VIEWS = ("statement", "receipts", "donors", "cases", "rules")


def test_extension_is_listed_and_every_view_renders(fava, client):
    assert fava.has_extension and fava.read_only
    for view in VIEWS:
        text = page(client, fava, view=view)
        assert f'data-view="{view}"' in text
        assert "Traceback" not in text


def test_read_only_refuses_changes(client, fava):
    response = client.put(f"/{fava.slug}/api/source", json={"file_path": str(fava.main), "source": "", "sha256sum": ""})
    assert response.status_code == 401


def test_statement_json_is_the_computation(client, fava, sample_books):
    books = load_books(sample_books)
    expected = as_data(fund_statement(books.entries, books.registry))
    got = client.get(f"/{fava.slug}/extension/ReliefAudit/statement").get_json()
    assert got == expected
    assert got["reconciled"] is True and got["rows"][0]["fund"] == "EDU-2026"


def test_statement_honours_time_and_filter(client, fava):
    year = client.get(f"/{fava.slug}/extension/ReliefAudit/statement", query_string={"time": "2026-03 - 2026-06"}).get_json()
    general = next(r for r in year["rows"] if r["fund"] == "GENERAL")
    assert (year["start"], year["end"]) == ("2026-03-01", "2026-07-01")
    assert general["opening"] == "101000.00"  # opening net assets and the February gift
    assert year["reconciled"]
    narrowed = client.get(f"/{fava.slug}/extension/ReliefAudit/statement", query_string={"account": "Income:Union"}).get_json()
    assert [(r["fund"], r["closing"]) for r in narrowed["rows"]] == [("EDU-2026", "0"), ("GENERAL", "30000.00")]
    assert "Not reconciled" not in page(client, fava, account="Income:Union")


@pytest.mark.parametrize("time", ["", "2026-03 - 2026-06"])
def test_every_statement_number_links_to_the_entries_behind_it(client, fava, time):
    assert check_statement_links(fava, page(client, fava, view="statement", time=time)) >= 6


def test_other_views_link_to_entries(client, fava):
    receipts = page(client, fava, view="receipts")
    assert 'data-status="gap"' in receipts and 'data-status="void"' in receipts
    [(href, shown)] = links(receipts, 'data-receipt="JZ-2026-00005"')
    assert shown == "2,000.00" and 'receipt:"^JZ\\-2026\\-00005$"' in unquote(parse_qs(urlsplit(href).query)["filter"][0])
    donors = page(client, fava, view="donors")
    assert "13800000000" not in donors  # contact never shown
    cases = page(client, fava, view="cases")
    assert 'id="over-limit"' in cases and 'data-case="C0001"' in cases
    assert 'id="not-enrolled"' in cases and 'data-case="C0003"' in cases
    rules = page(client, fava, view="rules")
    for rule in ("receipt_sequence", "aid_case", "aid_limit"):
        assert re.search(rf'data-rule="{rule}">.*?<td class="num bad">1</td>', rules, re.S), rule


def test_json_endpoints(client, fava):
    for view in VIEWS:
        response = client.get(f"/{fava.slug}/extension/ReliefAudit/{view}")
        assert response.status_code == 200 and response.is_json
    rules = client.get(f"/{fava.slug}/extension/ReliefAudit/rules", query_string={"time": "2026-05"}).get_json()
    assert {g["rule"]: g["count"] for g in rules if g["count"]} == {"aid_case": 1}


def test_empty_books_render(empty_books):
    fava = make_app(empty_books)
    client = fava.app.test_client()
    for view in VIEWS:
        text = page(client, fava, view=view)
        assert "Traceback" not in text
    statement = client.get(f"/{fava.slug}/extension/ReliefAudit/statement").get_json()
    assert statement["reconciled"] and [r["fund"] for r in statement["rows"]] == ["GENERAL"]


def test_bad_filter_is_fava_error_not_traceback(client, fava):
    response = client.get(f"/{fava.slug}/extension/ReliefAudit/", query_string={"filter": "any(("})
    assert response.status_code == 400 and b"Failed to parse filter" in response.data and b"Traceback" not in response.data


def test_receipt_register_pages_and_year_summary(client, fava, monkeypatch):
    from ledger.fava_ext import ReliefAudit

    monkeypatch.setattr(ReliefAudit, "per_page", 2)
    text = page(client, fava, view="receipts", year="2026", page="2")
    register = text.split('<table class="receipt-register" data-year="2026">', 1)[1].split("</table>", 1)[0]
    assert re.findall(r'data-receipt="([^"]+)"', register) == ["JZ-2026-00003", "JZ-2026-00004"]
    assert "page 2 of 3" in text
    # gaps and voids are listed apart whatever the page
    problems = text.split('id="receipt-problems"', 1)[1].split("</table>", 1)[0]
    assert re.findall(r'data-status="(\w[\w-]*)"', problems) == ["void", "gap"]
    # a page beyond the last shows the last; nonsense shows the first
    assert "page 3 of 3" in page(client, fava, view="receipts", page="99")
    assert "page 1 of 3" in page(client, fava, view="receipts", page="x", year="y")
    (count_href, count), (href, shown) = links(text, 'data-year="2026"')
    assert count_href == href and count == "3"  # JZ-2026-00001, 00002, 00005
    query = parse_qs(urlsplit(href).query)
    ledger = next(iter(fava.app.config["LEDGERS"].items()))[1]
    behind = ledger.get_filtered(filter=query["filter"][0]).entries
    assert len([e for e in behind if hasattr(e, "postings")]) == 3 and shown == "53,000.00"


def test_a_register_year_with_no_receipts_is_said_so(client, fava):
    """?year=1999 (no receipts that year: a typed address, an old bookmark) showed 2026's
    register under the heading "2026" without a word, as if the year asked for were that one."""
    text = page(client, fava, view="receipts", year="1999")
    assert 'data-year-asked="1999"' in text
    assert "1999 年没有收据" in text and "No receipts in 1999" in text
    assert '<table class="receipt-register" data-year="2026">' in text
    assert "data-year-asked" not in page(client, fava, view="receipts", year="2026")


def test_bad_time_is_favas_error_page(client, fava):
    response = client.get(f"/{fava.slug}/extension/ReliefAudit/", query_string={"time": "not a date"})
    assert response.status_code == 400 and b"Failed to parse date" in response.data


def test_fiscal_quarter_time_filter(client, fava):
    got = client.get(f"/{fava.slug}/extension/ReliefAudit/statement", query_string={"time": "2026-Q2"}).get_json()
    assert (got["start"], got["end"]) == ("2026-04-01", "2026-07-01")


def test_a_filter_narrows_receipts_without_inventing_gaps(client, fava):
    register = client.get(f"/{fava.slug}/extension/ReliefAudit/receipts", query_string={"filter": 'fund:"^GENERAL$"'}).get_json()
    statuses = {line["number"]: line["status"] for year in register["years"] for line in year["lines"]}
    assert "JZ-2026-00001" not in statuses  # the EDU-2026 gift is outside the filter
    assert statuses == {"JZ-2026-00002": "issued", "JZ-2026-00003": "void", "JZ-2026-00004": "gap", "JZ-2026-00005": "issued"}


def test_results_follow_a_reload_of_the_books(tmp_path):
    from tests.fava.samples import write_books

    main = write_books(tmp_path / "books")
    fava = make_app(main)
    client = fava.app.test_client()
    url = f"/{fava.slug}/extension/ReliefAudit/statement"
    before = client.get(url).get_json()["declared"]["closing"]
    assert client.get(url).get_json()["declared"]["closing"] == before  # served from the cache
    with (tmp_path / "books" / "txns" / "2026.beancount").open("a", encoding="utf-8") as f:
        f.write('\n2026-09-01 * "利息"\n  fund: "GENERAL"\n  Assets:Bank:Basic   1.25 CNY\n  Income:Interest\n')
    ledger = next(iter(fava.app.config["LEDGERS"].items()))[1]
    ledger.load_file()  # what Fava does when it sees the file change
    after = client.get(url).get_json()
    assert Decimal(after["declared"]["closing"]) == Decimal(before) + Decimal("1.25") and after["reconciled"]


def test_unit_links_use_the_unit_metadata_when_every_aid_entry_has_it(client, fava):
    # the sample's aid names no unit on its transactions: the link lists the unit's cases
    text = page(client, fava, view="cases")
    [(href, _)] = links(text, 'data-unit="市机械冶金工会"')[-1:]
    assert 'case:"^C0001$"' in unquote(parse_qs(urlsplit(href).query)["filter"][0])


def test_unit_metadata_that_disagrees_with_the_registry_is_not_trusted(tmp_path):
    from tests.fava.samples import SAMPLE_REGISTRY, write_books

    txns = """
2026-01-02 * "期初"
  fund: "GENERAL"
  Assets:Bank:Basic   1000.00 CNY
  Equity:Opening-Balances

2026-02-01 * "救助"
  fund: "GENERAL"
  approval: "A1"
  case: "C0001"
  unit: "市机械冶金工会"
  Expenses:Aid:Living   10.00 CNY
  Assets:Bank:Basic

2026-02-02 * "救助（单位填错）"
  fund: "GENERAL"
  approval: "A2"
  case: "C0002"
  unit: "市机械冶金工会"
  Expenses:Aid:Living   20.00 CNY
  Assets:Bank:Basic
"""
    fava = make_app(write_books(tmp_path / "books", registry=SAMPLE_REGISTRY, txns=txns))
    client = fava.app.test_client()
    text = page(client, fava, view="cases")
    href, shown = links(text, 'data-unit="市机械冶金工会"')[-1]
    flt = parse_qs(urlsplit(href).query)["filter"][0]
    assert shown == "10.00" and "unit:" not in flt and 'case:"^C0001$"' in flt
    ledger = next(iter(fava.app.config["LEDGERS"].items()))[1]
    behind = [e for e in ledger.get_filtered(filter=flt).entries if hasattr(e, "postings")]
    assert [e.narration for e in behind] == ["救助"]


def test_unreconciled_statement_names_where_the_difference_is(tmp_path):
    from tests.fava.samples import SAMPLE_TXNS, write_books

    txns = SAMPLE_TXNS + '\n2026-08-01 * "没写资金"\n  Assets:Bank:Basic   10.00 CNY\n  Income:Interest\n'
    fava = make_app(write_books(tmp_path / "books", txns=txns))
    client = fava.app.test_client()
    for time in ("", "2026-07 - 2026-12"):
        text = page(client, fava, time=time)
        assert 'data-reconciled="no"' in text and "10.00</span> CNY" in text
        assert check_statement_links(fava, text) >= 3
        assert 'data-fund="" data-kind="unassigned"' in text


def test_donors_pages_and_a_total_of_every_donor(client, fava, monkeypatch):
    from ledger.fava_ext import ReliefAudit

    every = client.get(f"/{fava.slug}/extension/ReliefAudit/donors").get_json()
    assert len(every) >= 2
    monkeypatch.setattr(ReliefAudit, "donors_per_page", 1)
    shown = []
    pages = len(every)
    for number in range(1, pages + 1):
        text = page(client, fava, view="donors", page=str(number))
        table = text.split('id="donors"', 1)[1]
        rows = re.findall(r'<tr data-donor="([^"]*)">', table)
        assert len(rows) == 1
        shown += rows
        assert f"page {number} of {pages}" in text and f"of {len(every)}" in text
        total = re.search(r'<tr class="total"><td colspan="3">[^<]*</td><td class="num">(\d+)</td>', table)
        assert int(total.group(1)) == sum(d["count"] for d in every)  # the total counts every donor, whatever the page
    assert shown == [d["donor_id"] for d in every]  # each donor on exactly one page, largest first
    assert f"page {pages} of {pages}" in page(client, fava, view="donors", page="99")
    assert "page 1 of" in page(client, fava, view="donors", page="x")


@pytest.mark.parametrize(
    ("args", "message"),
    [
        ({"view": "donors", "time": "garbage"}, "Failed to parse date: garbage"),
        ({"view": "statement", "filter": "(((("}, "Failed to parse filter: (((("),
        ({"view": "cases", "time": "2026-Q5"}, "Failed to parse date: 2026-Q5"),
        ({"view": "rules", "time": "2026 - garbage"}, "Failed to parse date: 2026 - garbage"),
        ({"view": "receipts", "account": "(((("}, "Failed to parse account filter: (((("),
        # a date of the right shape that is no day raised ValueError in Fava's parser: a 500
        ({"view": "statement", "time": "2026-13"}, "Failed to parse date: 2026-13"),
        ({"view": "receipts", "time": "2026-02-30"}, "Failed to parse date: 2026-02-30"),
        # a range that ends before it begins: the views showed it as a period of zeros that
        # reconciled, and their journal links carried it to Fava, whose journal answered 500
        ({"view": "statement", "time": "2026-06 - 2026-01"}, "End date needs to be after begin date"),
        ({"view": "donors", "time": "2027 - 2026"}, "End date needs to be after begin date"),
    ],
)
def test_a_bad_filter_is_a_400_with_favas_message(client, fava, args, message):
    """`?time=garbage` or `?filter=((((` was a 500 (Fava's handler of its own errors), as if
    relief had a bug: the page answers 400 with Fava's error page and message, the JSON
    endpoint 400 with `{"error": …}`, as Fava's own API answers the same parameters."""
    response = client.get(f"/{fava.slug}/extension/ReliefAudit/", query_string=args)
    assert response.status_code == 400
    text = response.data.decode()
    assert message in html.unescape(text) and "Traceback" not in text
    view, rest = args["view"], {k: v for k, v in args.items() if k != "view"}
    response = client.get(f"/{fava.slug}/extension/ReliefAudit/{view}", query_string=rest)
    assert response.status_code == 400 and response.get_json()["error"].startswith(message)
    # Fava's own API fails with a 500 on a bad account (beancount's has_component) and on a date that is no day
    if "account" not in rest and rest.get("time") not in ("2026-13", "2026-02-30", "2026-06 - 2026-01", "2027 - 2026"):
        own = client.get(f"/{fava.slug}/api/income_statement", query_string=rest)
        assert (own.status_code, own.get_json()) == (400, response.get_json())
    assert client.get(f"/{fava.slug}/extension/ReliefAudit/{view}", query_string={"time": "2026"}).status_code == 200


def test_a_bad_filter_is_shown_as_text(client, fava):
    response = client.get(f"/{fava.slug}/extension/ReliefAudit/", query_string={"time": "<img src=x onerror=alert(1)>"})
    assert response.status_code == 400
    assert "<img src=x" not in response.data.decode() and "&lt;img src=x" in response.data.decode()


def test_donors_view_shows_a_gift_anonymous_by_its_own_entry(tmp_path):
    """A gift whose entry asks for anonymity is left unnamed on the site; the auditor, who
    checks that the wishes are honoured, saw only the donor's registry wish (none). Then the
    gift's wish showed as yes or no: which one ("public": named on the letter; "all": not
    even there) is shown now, on the page and in the JSON."""
    from ledger.init_books import init_books

    books = init_books(tmp_path / "books", name_zh="测试", name_en="Test", year=2026).parent
    with (books / "registry" / "donors.beancount").open("a", encoding="utf-8") as f:
        f.write('\n2026-01-01 custom "donor" "D0001" "individual"\n  name: "王五"\n')
    with (books / "txns" / "2026.beancount").open("a", encoding="utf-8") as f:
        for n, (day, extra) in enumerate([("2026-02-01", '  anonymous: "public"\n'), ("2026-02-02", ""),
                                          ("2026-02-03", '  anonymous: "all"\n')], start=1):
            f.write(f'\n{day} * "王五" "捐款"\n  fund: "GENERAL"\n  donor: "D0001"\n  receipt: "JZ-2026-{n:05d}"\n{extra}'
                    '  Assets:Bank:Basic   100.00 CNY\n  Income:Donation:Individual\n')
    fava = make_app(books)
    html = page(fava.app.test_client(), fava, view="donors")
    [row] = re.findall(r'<tr data-donor="D0001">.*?</tr>\s*</table>', html, re.S)
    gifts = re.findall(r"<tr><td[^>]*>(2026-02-0\d)</td>.*?</tr>", row, re.S)
    assert gifts == ["2026-02-03", "2026-02-02", "2026-02-01"]
    # which wish, as the registry names them: "public" names the donor on the letter, "all" nowhere
    found = re.findall(r'<tr><td[^>]*>(2026-02-0\d)</td>(?:(?!</tr>).)*data-wish="(\w+)">([^<]*)</td>', row, re.S)
    wishes = {day: (wish, shown) for day, wish, shown in found}
    assert wishes == {"2026-02-03": ("all", "此笔一律不具名（致谢信亦然） this gift: never named, not even on the letter"),
                      "2026-02-02": ("none", ""),
                      "2026-02-01": ("public", "此笔网站不具名（致谢信具名） this gift: not named in public (named on the letter)")}
    donors = fava.app.test_client().get(f"/{fava.slug}/extension/ReliefAudit/donors").get_json()
    assert [g["anonymous"] for g in donors[0]["gifts"]] == ["public", "none", "all"]


def test_a_gift_given_back_says_so_and_which_gift(tmp_path):
    """A refund (a donation of the opposite sign, docs/books.md "A gift given back") stood in
    the receipt register and the donor's gifts as one more issued gift of -300.00, with nothing
    to say it gave money back nor which gift: the auditor could not check the gift's
    acknowledgement page, which tells what went back. It is now marked, with the receipt (or
    payment) its `refund_of` names, or that it names none; the JSON gives `refund_of`."""
    from ledger.init_books import init_books

    books = init_books(tmp_path / "books", name_zh="测试", name_en="Test", year=2026).parent
    with (books / "registry" / "donors.beancount").open("a", encoding="utf-8") as f:
        f.write('\n2026-01-01 custom "donor" "D0001" "individual"\n  name: "王五"\n')
    with (books / "txns" / "2026.beancount").open("a", encoding="utf-8") as f:
        for n, (day, amount, extra) in enumerate([("2026-02-01", "500.00", ""), ("2026-02-20", "-300.00", '  refund_of: "JZ-2026-00001"\n'),
                                                  ("2026-03-01", "-100.00", "")], start=1):
            f.write(f'\n{day} * "王五" "捐款"\n  fund: "GENERAL"\n  donor: "D0001"\n  receipt: "JZ-2026-{n:05d}"\n{extra}'
                    f'  Assets:Bank:Basic   {amount} CNY\n  Income:Donation:Individual\n')
    fava = make_app(books)
    client = fava.app.test_client()
    receipts = page(client, fava, view="receipts")
    status = r'<tr class="issued" data-receipt="(JZ-2026-0000\d)" data-status="issued">\s*<td>[^<]*</td><td>(.*?)</td>'
    rows = dict(re.findall(status, receipts, re.S))
    assert re.sub(r"<[^>]+>|\s+", " ", rows["JZ-2026-00001"]).split() == "已开具 issued 已退还 given back 300.00 JZ-2026-00002 2026-02-20".split()
    assert re.sub("<[^>]+>", "", rows["JZ-2026-00002"]) == "已开具 issued退还 gives back JZ-2026-00001"
    assert re.sub("<[^>]+>", "", rows["JZ-2026-00003"]) == "已开具 issued退还，未写 refund_of gives back, names no gift"
    donors = page(client, fava, view="donors")
    [row] = re.findall(r'<tr data-donor="D0001">.*?</tr>\s*</table>', donors, re.S)
    shown = re.sub("<[^>]+>", "", row)
    assert "退还 gives back JZ-2026-00001" in shown and "退还，未写 refund_of gives back, names no gift" in shown
    gifts = client.get(f"/{fava.slug}/extension/ReliefAudit/donors").get_json()[0]["gifts"]
    assert [g["refund_of"] for g in gifts] == [None, "JZ-2026-00001", None]


def test_the_malformed_numbers_heading_gives_the_form_of_the_books_year(tmp_path):
    """The receipt register's list of numbers not of the settings' form was headed "not of the
    form JZ-2026-00001" whatever the books' year: on 2027 books, beside a 2027 gift numbered
    "JZ2027-8", the example the auditor was to check it against was a 2026 number."""
    from ledger.init_books import init_books

    books = init_books(tmp_path / "books", name_zh="测试", name_en="Test", year=2027).parent
    with (books / "registry" / "donors.beancount").open("a", encoding="utf-8") as f:
        f.write('\n2027-01-01 custom "donor" "D0001" "individual"\n  name: "王五"\n')
    with (books / "txns" / "2027.beancount").open("a", encoding="utf-8") as f:
        f.write('\n2027-02-01 * "王五" "捐款"\n  fund: "GENERAL"\n  donor: "D0001"\n  receipt: "JZ2027-8"\n'
                '  Assets:Bank:Basic   100.00 CNY\n  Income:Donation:Individual\n')
    fava = make_app(books)
    text = page(fava.app.test_client(), fava, view="receipts")
    [heading] = re.findall(r"<h3>收据号格式不符 ([^<]*)</h3>", text)
    assert heading == "Receipt numbers not of the form JZ-2027-00001"


def test_a_refund_is_linked_to_the_gift_the_site_finds_for_it(tmp_path):
    """The register said "gives back JZ-2026-00001" for a refund of 李四 whose `refund_of`
    named 王五's gift, and "gives back JZ-2026-09999" for one naming no gift: the site matches
    a refund only to an earlier gift of the same donor, so neither gift's acknowledgement page
    told of it, and the auditor checking that page against the register found nothing; nor did
    a gift's own line say it had been given back, as its page does. A refund now links to the
    gift the site finds for it, or says it names none; the gift lists what gave it back."""
    from ledger.init_books import init_books

    books = init_books(tmp_path / "books", name_zh="测试", name_en="Test", year=2026).parent
    with (books / "registry" / "donors.beancount").open("a", encoding="utf-8") as f:
        f.write('\n2026-01-01 custom "donor" "D0001" "individual"\n  name: "王五"\n'
                '\n2026-01-01 custom "donor" "D0002" "individual"\n  name: "李四"\n')
    gifts = [("2026-02-01", "D0001", "500.00", ""), ("2026-02-02", "D0002", "200.00", ""),
             ("2026-02-20", "D0002", "-30.00", '  refund_of: "JZ-2026-00001"\n'),
             ("2026-02-21", "D0002", "-20.00", '  refund_of: "JZ-2026-09999"\n'),
             ("2026-02-22", "D0002", "-50.00", '  refund_of: "JZ-2026-00002"\n')]
    with (books / "txns" / "2026.beancount").open("a", encoding="utf-8") as f:
        for n, (day, donor, amount, extra) in enumerate(gifts, start=1):
            f.write(f'\n{day} * "捐款"\n  fund: "GENERAL"\n  donor: "{donor}"\n  receipt: "JZ-2026-{n:05d}"\n{extra}'
                    f'  Assets:Bank:Basic   {amount} CNY\n  Income:Donation:Individual\n')
    fava = make_app(books)
    receipts = page(fava.app.test_client(), fava, view="receipts")
    status = r'<tr class="issued" data-receipt="(JZ-2026-0000\d)" data-status="issued">\s*<td>[^<]*</td><td>(.*?)</td>'
    rows = dict(re.findall(status, receipts, re.S))
    text = {number: " ".join(re.sub(r"<[^>]+>", " ", cell).split()) for number, cell in rows.items()}
    not_matched = "（不是该捐赠人此前的捐赠，致谢页不会提到 names no earlier gift of this donor: no acknowledgement page tells it）"
    assert text["JZ-2026-00001"] == "已开具 issued"  # 李四's refund is not 王五's gift given back
    assert text["JZ-2026-00003"] == "已开具 issued 退还 gives back JZ-2026-00001 " + not_matched
    assert text["JZ-2026-00004"] == "已开具 issued 退还 gives back JZ-2026-09999 " + not_matched
    assert text["JZ-2026-00005"] == "已开具 issued 退还 gives back JZ-2026-00002"
    assert text["JZ-2026-00002"] == "已开具 issued 已退还 given back 50.00 JZ-2026-00005 2026-02-22"
    # the links open the other entry: the refund's to its gift, the gift's to its refund
    [to_gift] = re.findall(r'gives back <span class="word"><a href="([^"]+)"', rows["JZ-2026-00005"])
    [to_refund] = re.findall(r'given back <a href="([^"]+)"', rows["JZ-2026-00002"])
    for href, day in ((to_gift, "2026-02-02"), (to_refund, "2026-02-22")):
        query = parse_qs(urlsplit(html.unescape(href)).query)
        assert query["time"] == [day] and "lineno" in query["filter"][0]


@pytest.mark.parametrize("view, empty", [("donors", "没有捐赠"), ("cases", "没有帮扶支出")])
def test_an_empty_view_under_a_filter_says_the_filter_left_nothing(client, fava, view, empty):
    """Under a filter that keeps nothing (`donor:"^D9999$"`, a donor id nobody has) the donors
    and cases views said "本期没有捐赠 No donations in this period", as if the period had
    none: the auditor read the books' year as empty. They now say it is under the filter."""
    text = page(client, fava, view=view, filter='donor:"^D9999$"')
    [row] = re.findall(rf"<td colspan=[^>]*>([^<]*{empty}[^<]*)</td>", text)
    assert "under the account or advanced filter" in row and "所选筛选下" in row
    plain = page(client, fava, view=view, time="2031")
    [row] = re.findall(rf"<td colspan=[^>]*>([^<]*{empty}[^<]*)</td>", plain)
    assert "filter" not in row and "筛选" not in row


def test_a_filter_that_keeps_none_of_a_years_receipts_is_no_error(tmp_path):
    """Two years of receipts, 2027's without a void or a gap, and a filter that keeps none of
    2027's gifts (`payee:"nobody"`): the register's 2027 line had no number left to show as its
    range, and the receipts page was Fava's bare 500 (jinja2 UndefinedError: list object has no
    element 0). The year's line now shows no range, 0 issued and 0.00; the JSON was and is fine."""
    from ledger.init_books import init_books

    books = init_books(tmp_path / "books", name_zh="测试", name_en="Test", year=2026).parent
    with (books / "registry" / "donors.beancount").open("a", encoding="utf-8") as f:
        f.write('\n2026-01-01 custom "donor" "D0001" "individual"\n  name: "王五"\n')
    with (books / "txns" / "2026.beancount").open("a", encoding="utf-8") as f:
        for day, number in (("2026-02-01", "JZ-2026-00001"), ("2027-02-01", "JZ-2027-00001")):
            f.write(f'\n{day} * "王五" "捐款"\n  fund: "GENERAL"\n  donor: "D0001"\n  receipt: "{number}"\n'
                    '  Assets:Bank:Basic   100.00 CNY\n  Income:Donation:Individual\n')
    fava = make_app(books)
    client = fava.app.test_client()
    for query in ({"filter": 'payee:"nobody"'}, {"filter": 'payee:"nobody"', "time": "2027"}, {"account": "Expenses"}):
        response = client.get(f"/{fava.slug}/extension/ReliefAudit/", query_string={"view": "receipts", **query})
        assert response.status_code == 200, query
        [line] = re.findall(r'<tr data-year="2027">(.*?)</tr>', response.data.decode(), re.S)
        cells = [" ".join(re.sub(r"<[^>]+>", " ", c).split()) for c in re.findall(r"<td[^>]*>(.*?)</td>", line, re.S)]
        assert cells == ["2027", "—", "0", "0", "0", "0", "0.00"], (query, cells)


@pytest.mark.parametrize("view", ["statement", "receipts", "donors", "cases", "rules"])
def test_journal_links_are_the_addresses_urlencode_makes(client, fava, view):
    """The links quote their filter's pieces once each and join them (ReliefAudit.journal_url,
    for the donors page's thousands of links): each address must still be exactly what
    urlencode makes of its own arguments, with the auditor's filter and the other kept
    arguments in it, whatever characters the filter holds."""
    from urllib.parse import parse_qsl, urlencode

    user = '-payee:"王 五+&=/%"'  # keeps every entry: the views are full of links
    query = {"view": view, "time": "2026", "filter": user, "conversion": "at_value", "interval": "week"}
    text = client.get(f"/{fava.slug}/extension/ReliefAudit/", query_string=query).data.decode()
    hrefs = [html.unescape(h) for h in re.findall(r'href="([^"]*/journal/[^"]*)"', text)]
    for href in hrefs:
        address = urlsplit(href).query
        assert urlencode(parse_qsl(address)) == address, href
        args = parse_qs(address)
        assert args["conversion"] == ["at_value"] and args["interval"] == ["week"]
        if user in args["filter"][0]:  # not a figure judged on the whole books, whose link drops the filter
            assert args["filter"][0] == user or args["filter"][0].startswith(f"({user}) "), href
    assert sum(user in parse_qs(urlsplit(h).query)["filter"][0] for h in hrefs) > (0 if view == "rules" else 3)
