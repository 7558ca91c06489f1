"""The statement's net assets split as the site splits them: goods in stock, still to be
received, owed, and the money that leaves.

The site's reports say "the closing balance includes goods in stock ¥… and receivables
¥…" and its open data has goods_held, receivable_held and payable_held; the auditors'
statement showed only the net assets, so those published figures could not be tied to it.
"""

from __future__ import annotations

import datetime
import re
from decimal import Decimal

import pytest

from cli.serve import make_app
from ledger.books import load_books
from tests.reference import held_under, net_assets

BOOKS = """option "operating_currency" "CNY"
2026-01-01 custom "fava-extension" "ledger.fava_ext"
2026-01-01 custom "fund" "GENERAL" "unrestricted"
2026-01-01 open Assets:Bank CNY
2026-01-01 open Assets:Goods "FIFO"
2026-01-01 open Assets:Receivable:Government CNY
2026-01-01 open Liabilities:Payable CNY
2026-01-01 open Equity:Opening-Balances CNY
2026-01-01 open Income:Government CNY
2026-01-01 open Income:Donation:InKind CNY
2026-01-01 open Expenses:Aid:Goods CNY
2026-01-01 open Expenses:Operations:Office CNY
2026-01-01 commodity RICE

2026-01-02 * "opening"
  fund: "GENERAL"
  Assets:Bank   1000.00 CNY
  Assets:Goods  2 RICE {50.00 CNY}
  Equity:Opening-Balances

2026-02-01 * "rice given"
  fund: "GENERAL"
  Assets:Goods   10 RICE {50.00 CNY}
  Income:Donation:InKind

2026-03-01 * "allocation approved"
  fund: "GENERAL"
  Assets:Receivable:Government  700.00 CNY
  Income:Government

2026-03-10 * "office, not paid yet"
  fund: "GENERAL"
  Liabilities:Payable  -80.00 CNY
  Expenses:Operations:Office

2026-03-12 * "rice handed out"
  fund: "GENERAL"
  Assets:Goods   -4 RICE {50.00 CNY}
  Expenses:Aid:Goods  200.00 CNY

2026-04-02 * "allocation received"
  fund: "GENERAL"
  Assets:Bank   700.00 CNY
  Assets:Receivable:Government

2026-05-05 * "office paid"
  fund: "GENERAL"
  Assets:Bank   -80.00 CNY
  Liabilities:Payable
"""


@pytest.fixture(scope="module")
def books(tmp_path_factory):
    main = tmp_path_factory.mktemp("held") / "main.beancount"
    main.write_text(BOOKS, encoding="utf-8")
    return main


@pytest.fixture(scope="module")
def client(books):
    fava = make_app(books)
    return fava.slug, fava.app.test_client()


def _cell(html: str, key: str) -> Decimal | None:
    row = re.search(rf'<tr data-total="{key}">.*?</tr>', html, re.S)
    if row is None:
        return None
    return Decimal(re.sub(r"<[^>]+>", "", row.group(0).split('data-col="closing">')[1].split("</td>")[0]).replace(",", "").strip())


@pytest.mark.parametrize("time, end", [("2026-03", datetime.date(2026, 4, 1)), ("2026-04", datetime.date(2026, 5, 1)),
                                       ("2026", None), ("", None)])
def test_net_assets_split_as_the_site_splits_them(books, client, time, end):
    slug, c = client
    entries = load_books(books).entries
    goods = held_under(entries, "Assets:Goods", end)
    receivable = held_under(entries, "Assets:Receivable", end)
    payable = -held_under(entries, "Liabilities", end)
    net = net_assets(entries, end)
    query = {"time": time} if time else {}
    st = c.get(f"/{slug}/extension/ReliefAudit/statement", query_string=query).get_json()
    assert (Decimal(st["goods"]), Decimal(st["receivable"]), Decimal(st["payable"])) == (goods, receivable, payable)
    assert Decimal(st["money"]) == held_under(entries, "Assets:Bank", end)
    html = c.get(f"/{slug}/extension/ReliefAudit/", query_string={"view": "statement", **query}).get_data(as_text=True)
    assert _cell(html, "net_assets") == net
    for key, value in (("goods", goods), ("receivable", receivable), ("payable", payable)):
        # a part that is zero at the end is not listed, unless the period opened with some
        opened = key != "goods" and Decimal(st[f"{key}_opening"])
        assert _cell(html, key) == (value if value or opened else None), key
    assert _cell(html, "money") == net - goods - receivable + payable


def test_the_parts_link_to_their_accounts_up_to_the_end(client):
    slug, c = client
    html = c.get(f"/{slug}/extension/ReliefAudit/", query_string={"view": "statement", "time": "2026-03"}).get_data(as_text=True)
    row = re.search(r'<tr data-total="receivable">.*?</tr>', html, re.S).group(0)
    link = re.search(r'href="([^"]+)"', row).group(1).replace("&amp;", "&")
    journal = c.get(link)
    assert journal.status_code == 200
    from urllib.parse import parse_qs, urlsplit
    args = parse_qs(urlsplit(link).query)
    assert args["time"] == ["2026-01-02 - 2026-03-31"]
    assert "Assets:Receivable" in args["filter"][0].replace("\\", "")


def test_goods_booked_at_no_value_are_named_beside_the_goods(tmp_path):
    """Goods given with no value put on them (`{0 CNY}`) are in stock and in no amount: the
    site names them beside the balance ("also in stock, with no value booked"); the auditors'
    statement named them nowhere, so stock the store room holds was on no line of the page."""
    main = tmp_path / "main.beancount"
    main.write_text(BOOKS + '\n2026-02-03 commodity QUILT\n2026-02-03 * "quilts, not valued"\n  fund: "GENERAL"\n'
                    "  Assets:Goods   12 QUILT {0 CNY}\n  Income:Donation:InKind   0 CNY\n"
                    '\n2026-04-03 * "quilts handed out"\n  fund: "GENERAL"\n  Assets:Goods   -5 QUILT {0 CNY}\n'
                    "  Expenses:Aid:Goods   0 CNY\n", encoding="utf-8")
    fava = make_app(main)
    c = fava.app.test_client()
    entries = load_books(main).entries
    for time, end in (("2026-03", datetime.date(2026, 4, 1)), ("2026-04", datetime.date(2026, 5, 1))):
        held = sum((p.units.number for e in entries if getattr(e, "postings", None) and e.date < end
                    for p in e.postings if p.units.currency == "QUILT"), Decimal(0))
        st = c.get(f"/{fava.slug}/extension/ReliefAudit/statement", query_string={"time": time}).get_json()
        assert {k: Decimal(v) for k, v in st["unvalued"].items()} == {"QUILT": held}
        html = c.get(f"/{fava.slug}/extension/ReliefAudit/", query_string={"view": "statement", "time": time}).get_data(as_text=True)
        note = html.split('id="unvalued-goods"')[1].split("</span>")[0]
        assert f"QUILT {held}" in note  # named as the site names goods: here, with no name in the books, by code


TRANSIT_BOOKS = BOOKS.replace("2026-01-01 open Liabilities:Payable CNY",
                              "2026-01-01 open Liabilities:Payable CNY\n2026-01-01 open Assets:Transit CNY\n"
                              "2026-01-01 open Assets:Online:WeChat CNY") + """
2026-03-20 * "转至微信零钱" "汇出"
  lands_in: "Assets:Online:WeChat"
  Assets:Transit   300.00 CNY
  Assets:Bank

2026-04-01 * "转至微信零钱" "到账"
  Assets:Online:WeChat   300.00 CNY
  Assets:Transit
"""


def test_the_statement_lists_what_the_books_hold_as_reconcile_does(tmp_path):
    """The lines `relief reconcile` lists at a period's end (every asset and liability
    account; money in transit and what is owed entry by entry, with age and warnings) on the
    auditors' statement, the same figures. Why: money in transit was on no line of Fava."""
    from ledger.period import parse_period
    from ledger.reconcile.report import build_report

    main = tmp_path / "main.beancount"
    main.write_text(TRANSIT_BOOKS, encoding="utf-8")
    fava = make_app(main)
    c = fava.app.test_client()
    books = load_books(main)
    for time in ("2026-03", "2026-04"):
        report = build_report(books, parse_period(time))
        html = c.get(f"/{fava.slug}/extension/ReliefAudit/", query_string={"view": "statement", "time": time}).get_data(as_text=True)
        rows = dict(re.findall(r'<tr data-held="([^"]+)"[^>]*>.*?<td class="num">([^<]*)</td></tr>', html))
        assert rows == {**{line.label: f"{line.balance:,.2f}" for line in report.held.lines}, "TOTAL": f"{report.held.total:,.2f}"}, rows
        assert report.held.total == net_assets(books.entries, parse_period(time).end)
        for line in report.held.lines:
            if line.items:
                table = re.search(rf'<table class="held-items" data-account="{re.escape(line.label)}">(.*?)</table>', html, re.S).group(1)
                shown = re.findall(r'<tr[^>]*><td>(\d{4}-\d\d-\d\d)</td><td class="num">([^<]*)</td><td class="num">(\d+)', table)
                assert shown == [(str(i.date), f"{i.amount:,.2f}", str(i.age)) for i in line.items], (line.label, shown)
        warnings = re.findall(r'<li class="bad">⚠ ([^<]*)</li>', html)
        assert warnings == [w.replace("'", "&#39;") for w in report.warnings()], warnings
    march = c.get(f"/{fava.slug}/extension/ReliefAudit/", query_string={"view": "statement", "time": "2026-03"}).get_data(as_text=True)
    assert 'data-account="Assets:Transit"' in march and "Assets:<wbr>Online:<wbr>WeChat" in march
    assert 'data-overdue="yes"' in march  # 300.00 sent on 20 March, 11 days in transit at its end
    april = c.get(f"/{fava.slug}/extension/ReliefAudit/", query_string={"view": "statement", "time": "2026-04"}).get_data(as_text=True)
    assert 'data-account="Assets:Transit"' not in april  # landed on 1 April


def test_an_account_with_a_sub_account_is_shown_with_it_added_up(tmp_path):
    """Assets:Bank with a fixed deposit under it (Assets:Bank:Deposit): each has its own line,
    and a row after them adds them up, as reconcile shows it beside its balances' table (a
    statement's balance counts the sub-account), of a period and of the whole books."""
    main = tmp_path / "main.beancount"
    main.write_text(TRANSIT_BOOKS + '2026-01-01 open Assets:Bank:Deposit CNY\n\n2026-03-02 * "转存定期"\n  fund: "GENERAL"\n'
                    "  Assets:Bank:Deposit   400.00 CNY\n  Assets:Bank\n", encoding="utf-8")
    fava = make_app(main)
    c = fava.app.test_client()
    entries = load_books(main).entries
    for query, end in (({"time": "2026-04"}, datetime.date(2026, 5, 1)), ({}, None)):
        html = c.get(f"/{fava.slug}/extension/ReliefAudit/", query_string={"view": "statement", **query}).get_data(as_text=True)
        rows = dict(re.findall(r'<tr data-held="([^"]+)"[^>]*>.*?<td class="num">([^<]*)</td></tr>', html))
        subs = dict(re.findall(r'<tr class="subtotal" data-held-sub="([^"]+)">.*?<td class="num">([^<]*)</td></tr>', html))
        added = Decimal(rows["Assets:Bank"].replace(",", "")) + Decimal(rows["Assets:Bank:Deposit"].replace(",", ""))
        assert rows["Assets:Bank:Deposit"] == "400.00" and subs == {"Assets:Bank": f"{added:,.2f}"}, (rows, subs)
        assert added == held_under(entries, "Assets:Bank", end)


def test_an_account_with_no_line_of_its_own_is_shown_with_its_sub_accounts_added_up(tmp_path):
    """WeChat Pay's balance moved whole into a sub-account (Assets:Online:WeChat:Reserve) in
    April: in May the WeChat account holds nothing and does not move, so it has no line, but
    the balances' table counts it with its sub-account. Why: the row adding them up was given
    only to an account with a line of its own, so the sub-account stood alone."""
    main = tmp_path / "main.beancount"
    main.write_text(TRANSIT_BOOKS + '2026-01-01 open Assets:Online:WeChat:Reserve CNY\n\n2026-04-02 * "转入备付金"\n  fund: "GENERAL"\n'
                    "  Assets:Online:WeChat:Reserve   300.00 CNY\n  Assets:Online:WeChat\n", encoding="utf-8")
    fava = make_app(main)
    c = fava.app.test_client()
    html = c.get(f"/{fava.slug}/extension/ReliefAudit/", query_string={"view": "statement", "time": "2026-05"}).get_data(as_text=True)
    rows = dict(re.findall(r'<tr data-held="([^"]+)"[^>]*>.*?<td class="num">([^<]*)</td></tr>', html))
    subs = dict(re.findall(r'<tr class="subtotal" data-held-sub="([^"]+)">.*?<td class="num">([^<]*)</td></tr>', html))
    assert "Assets:Online:WeChat" not in rows and rows["Assets:Online:WeChat:Reserve"] == "300.00", rows
    assert subs == {"Assets:Online:WeChat": f"{held_under(load_books(main).entries, 'Assets:Online:WeChat', datetime.date(2026, 6, 1)):,.2f}"}, subs
    assert subs["Assets:Online:WeChat"] == "300.00"


def _goods_links(c, slug, query):
    """The goods row's opening, in and out figures, each with the link under it (None when unlinked)."""
    html = c.get(f"/{slug}/extension/ReliefAudit/", query_string={"view": "statement", **query}).get_data(as_text=True)
    row = re.search(r'<tr data-total="goods">.*?</tr>', html, re.S).group(0)
    cells = {}
    for col in ("opening", "raised", "spent"):
        cell = row.split(f'data-col="{col}">')[1].split("</td>")[0]
        link = re.search(r'href="([^"]+)"', cell)
        figure = Decimal(re.sub(r"<[^>]+>", "", cell).replace(",", "").strip())
        cells[col] = (figure, link.group(1).replace("&amp;", "&") if link else None)
    return cells


def _goods_behind(c, slug, link):
    """The goods (at cost) that the entries a journal link opens move: (in, out), summed
    per entry as the statement counts them, through Fava's own query on the link's filters
    (the journal's filters: its entries are the query's)."""
    from urllib.parse import parse_qs, urlsplit
    args = {k: v[0] for k, v in parse_qs(urlsplit(link).query).items()}
    assert c.get(link).status_code == 200
    # Fava's own "S" entries, its summary of what came before a time filter, are not behind it
    query = 'SELECT id, sum(cost(position)) WHERE account ~ "^Assets:Goods(:|$)" AND flag != "S" GROUP BY id'
    answer = c.get(f"/{slug}/api/query", query_string={"query_string": query, **args}).get_json()
    came = went = Decimal(0)
    for _, inventory in answer["data"]["rows"]:
        net = Decimal(str((inventory or {}).get("CNY", 0))).quantize(Decimal("0.01"))
        came, went = (came + net, went) if net > 0 else (came, went - net)
    return came, went


@pytest.mark.parametrize("time", ["", "2026", "2026-03", "2026-Q1", "2026-04"])
def test_the_goods_moves_link_to_the_entries_behind_them(client, time):
    """Every amount is a link (docs/auditing.md): the goods row's opening, in and out figures
    were plain text, so the auditor could not open the entries behind goods opening + in − out
    = held. The opening links to the goods held before the period (or carried over into the
    books in it), in and out to the period's other goods entries; those entries add up to them."""
    slug, c = client
    cells = _goods_links(c, slug, {"time": time} if time else {})
    (opening, to_opening), (came, to_moves), (went, to_moves_too) = cells["opening"], cells["raised"], cells["spent"]
    for figure, link in cells.values():
        assert (link is not None) == (figure != 0), cells
    if to_opening:
        came_before, went_before = _goods_behind(c, slug, to_opening)
        assert came_before - went_before == opening
    if to_moves or to_moves_too:
        assert _goods_behind(c, slug, to_moves or to_moves_too) == (came, went)


@pytest.mark.parametrize("time", ["", "2026", "2026-03", "2026-05"])
def test_the_money_links_to_the_entries_behind_it(client, time):
    """The net assets' parts are each linked to their accounts' journal up to the period's end
    (docs/auditing.md); "of which money", the rest of the net assets, was not. Its link opens
    the entries on money accounts (assets other than goods and receivables), whose postings
    there add up to it."""
    from urllib.parse import parse_qs, urlsplit
    slug, c = client
    query = {"time": time} if time else {}
    money = Decimal(c.get(f"/{slug}/extension/ReliefAudit/statement", query_string=query).get_json()["money"])
    html = c.get(f"/{slug}/extension/ReliefAudit/", query_string={"view": "statement", **query}).get_data(as_text=True)
    row = re.search(r'<tr data-total="money">.*?</tr>', html, re.S).group(0)
    link = re.search(r'href="([^"]+)"', row)
    assert link is not None, row
    link = link.group(1).replace("&amp;", "&")
    assert c.get(link).status_code == 200
    args = {k: v[0] for k, v in parse_qs(urlsplit(link).query).items()}
    sql = 'SELECT sum(cost(position)) WHERE account ~ "^Assets:" AND NOT account ~ "^Assets:(Goods|Receivable)(:|$)" AND flag != "S"'
    rows = c.get(f"/{slug}/api/query", query_string={"query_string": sql, **args}).get_json()["data"]["rows"]
    behind = Decimal(str((rows[0][0] or {}).get("CNY", 0))).quantize(Decimal("0.01")) if rows else Decimal(0)
    assert behind == money


def _opening_cell(html: str, key: str) -> Decimal | None:
    row = re.search(rf'<tr data-total="{key}">.*?</tr>', html, re.S)
    if row is None:
        return None
    text = re.sub(r"<[^>]+>", "", row.group(0).split('data-col="opening">')[1].split("</td>")[0]).replace(",", "").strip()
    return Decimal(text) if text else None


@pytest.mark.parametrize("time, start, end", [("2026-04", datetime.date(2026, 4, 1), datetime.date(2026, 5, 1)),
                                              ("2026-05", datetime.date(2026, 5, 1), datetime.date(2026, 6, 1))])
def test_what_the_opening_held_to_be_received_and_owed_is_the_period_befores_closing(books, client, time, start, end):
    """The statement of April gave what was still to be received and owed at its end only: the
    ¥700.00 approved in March and the ¥80.00 owed, in March's closing, were in April's opening
    balance and on no line of it (the site's statements and statement.csv's opening lines say them)."""
    slug, c = client
    entries = load_books(books).entries
    st = c.get(f"/{slug}/extension/ReliefAudit/statement", query_string={"time": time}).get_json()
    want = (held_under(entries, "Assets:Receivable", start), -held_under(entries, "Liabilities", start))
    assert (Decimal(st["receivable_opening"]), Decimal(st["payable_opening"])) == want
    html = c.get(f"/{slug}/extension/ReliefAudit/", query_string={"view": "statement", "time": time}).get_data(as_text=True)
    assert (_opening_cell(html, "receivable") or 0, _opening_cell(html, "payable") or 0) == want
    assert want[1] == Decimal("80.00")  # owed all through April, paid in May
