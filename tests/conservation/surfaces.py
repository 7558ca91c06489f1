"""Every surface that shows the statement of changes in funds, read back and checked
against the books' own figures (tests/reference.py: plain sums of the postings, not the
product's computation).

`check_surfaces(main, out)` builds the public model, publishes the site (acknowledgement
pages only when asked), and checks: the model; the HTML of the home page, the funds page,
every fund page and every period report, in both languages (numbers parsed out of the
pages); the open data (statement.csv, funds.csv, model.json); `relief reconcile`'s fund check
and what it says the books hold at each period's end (every asset and liability account, to the fen); and,
when asked, the annual report PDF's text and the Fava extension's statement. Each
statement must add up (opening + raised − spent ± transfers = closing) and each figure
must equal the books', and so must the goods an all-funds closing balance says it holds
(at cost, and those booked at no value). The surfaces that show single gifts and aid payments (honour roll,
donations and grants open data, acknowledgement pages, letters, Fava's receipts, donors and
cases) are checked beside them: gift_surfaces.py. Fava's pages as printed, against
bean-query: fava_page.py.
"""

from __future__ import annotations

import csv
import datetime
import html as html_module
import io
import json
import re
from collections import defaultdict
from decimal import Decimal
from pathlib import Path

from beancount.core import data

from tests.conservation.fava_page import check_fava_page
from tests.conservation.gift_surfaces import (
    _by_year,
    check_ack,
    check_fava_gifts,
    check_gifts,
    check_grants,
    check_letter_pdf,
    check_letters,
    check_roll,
)
from tests.reference import (
    aid_paid,
    figures,
    fund_balances,
    goods_held,
    goods_moves,
    goods_rounding,
    held_at_opening,
    held_under,
    money_moves,
    moved_under,
    net_assets,
)
from tests.reference import value as posting_value

GIFT_SURFACES = ("gifts", "roll", "ack", "grants", "letters", "letter pdf", "fava gifts")

ZERO = Decimal(0)
FIGURE = re.compile(r'data-figure="(\w+)">([^<]*)<')
STATEMENT = re.compile(r'<dl class="figures statement" data-statement="([^"]+)">(.*?)</dl>', re.S)


def money(text: str) -> Decimal:
    """¥1,234.50 / -¥12.00 / 1,234.50 CNY as a Decimal."""
    t = text.strip().replace("¥", "").replace(",", "").replace("CNY", "").strip()
    return Decimal(t)


def statements_in(html: str) -> dict[str, dict[str, Decimal]]:
    """Each statement on a page: its key -> figure name -> amount."""
    return {key: {name: money(v) for name, v in FIGURE.findall(body)} for key, body in STATEMENT.findall(html)}


def assert_adds_up(fig: dict[str, Decimal], where: str) -> None:
    assert fig["opening"] + fig["raised"] - fig["spent"] + fig["transfers"] == fig["closing"], f"{where}: does not add up: {fig}"


def assert_equals(fig: dict[str, Decimal], ref, where: str) -> None:
    got = {k: fig[k] for k in ("opening", "raised", "spent", "transfers", "closing")}
    want = {"opening": ref.opening, "raised": ref.raised, "spent": ref.spent, "transfers": ref.transfers, "closing": ref.closing}
    assert got == want, f"{where}: shows {got}, the books say {want}"


def _bounds(key: str, first: datetime.date) -> tuple[datetime.date | None, datetime.date | None]:
    if key == "all":
        return None, None
    if len(key) == 4:
        y = int(key)
        return datetime.date(y, 1, 1), datetime.date(y + 1, 1, 1)
    if "-Q" in key:
        y, q = int(key[:4]), int(key[-1])
        start = datetime.date(y, 3 * q - 2, 1)
        return start, (datetime.date(y + 1, 1, 1) if q == 4 else datetime.date(y, 3 * q + 1, 1))
    y, m = int(key[:4]), int(key[5:7])
    return datetime.date(y, m, 1), (datetime.date(y + 1, 1, 1) if m == 12 else datetime.date(y, m + 1, 1))


def check_model(model, entries) -> None:
    ov = model.overview
    for st in (ov.year, ov.all_time):
        start, end = _bounds(st.period.key, model.site.first)
        ref = figures(entries, start, end)
        assert_equals({"opening": st.opening, "raised": st.raised, "spent": st.spent, "transfers": st.transfers, "closing": st.closing}, ref, f"model {st.period.key}")
        assert (st.goods_opening, st.goods_in, st.goods_out) == goods_moves(entries, start, end), f"model {st.period.key}: goods opening, in, out"
        assert st.goods == goods_held(entries, end)[0], f"model {st.period.key}: goods held"
    assert ov.all_time.closing == net_assets(entries), "all funds do not hold the net assets"
    for p in ov.trend:  # the home page's monthly trend (its chart and table)
        ref = figures(entries, *_bounds(p.period.key, model.site.first))
        assert (p.raised, p.spent) == (ref.raised, ref.spent), f"model trend {p.period.key}: {p.raised}, {p.spent}; the books {ref.raised}, {ref.spent}"
    balances = fund_balances(entries)
    for f in model.funds:
        assert f.balance == balances.get(f.ref.id, ZERO), f"model fund {f.ref.id}"
        assert f.opening + f.raised - f.spent + f.transfers_net == f.balance


RESTRICTED = re.compile(r'<h2>(?:限定用途基金|Restricted funds)</h2>(.*?)</table>', re.S)
RESTRICTED_ROW = re.compile(r'<tr><th scope="row"><a href="[^"]*funds/([^"/]+)\.html">.*?</tr>', re.S)
NUM_CELL = re.compile(r'<td class="num[^"]*"[^>]*>([^<]*)</td>')


def check_restricted_table(html: str, model, entries, where: str) -> int:
    """The home page's table of restricted funds: each row's carried over (when shown),
    raised, spent, transfers and balance are the books' for that fund, for all time."""
    found = RESTRICTED.search(html)
    restricted = [f for f in model.funds if f.restricted]
    if not restricted:
        return 0
    assert found, f"{where}: no table of restricted funds"
    by_slug = {f.ref.slug: f.ref.id for f in restricted}
    rows = [(m.group(1), NUM_CELL.findall(m.group(0))) for m in RESTRICTED_ROW.finditer(found.group(1))]
    assert sorted(slug for slug, _ in rows) == sorted(by_slug), f"{where}: restricted funds {rows}, the model's {sorted(by_slug)}"
    for slug, values in rows:
        ref = figures(entries, None, None, by_slug[slug])
        shown = [ZERO if v.strip() in ("–", "") else money(v) for v in values]
        if len(shown) == 4:  # no fund carried anything over: no column for it
            assert ref.opening == ZERO, f"{where} {slug}: carried over {ref.opening} not shown"
            shown = [ZERO, *shown]
        assert shown == [ref.opening, ref.raised, ref.spent, ref.transfers, ref.closing], \
            f"{where} {slug}: shows {shown}, the books say {[ref.opening, ref.raised, ref.spent, ref.transfers, ref.closing]}"
    return len(rows)


AID_NOTE = re.compile(r'<p class="aid-accounted">(.*?)</p>', re.S)
AID_FIGURE = re.compile(r'<span data-aid="([\w-]+)">([^<]*)</span>')


def check_aid_note(html: str, entries, start, end, spent: Decimal, where: str) -> None:
    """A report's aid table is accounted for under it: the uses that are not aid, line by
    line, and (when its total is shown) aid + not aid = spent, each as the books have it."""
    found = AID_NOTE.search(html)
    paid = aid_paid(entries, start, end)
    if found is None:
        assert paid == ZERO or spent == paid, f"{where}: aid {paid} of {spent} spent, and no note accounts for the rest"
        return
    figs = defaultdict(list)
    for name, text in AID_FIGURE.findall(found.group(1)):
        figs[name].append(money(text))
    assert sum(figs["line"], ZERO) == spent - paid, f"{where}: the uses that are not aid add to {sum(figs['line'], ZERO)}, the books {spent - paid}"
    if figs["aid"]:
        assert figs["aid"] == [paid] and figs["not-aid"] == [spent - paid] and figs["spent"] == [spent], \
            f"{where}: aid {figs['aid']} + not aid {figs['not-aid']} = spent {figs['spent']}; the books: {paid} + {spent - paid} = {spent}"


FUNDS_TABLE = re.compile(r'<table class="amounts stack">\s*<thead><tr><th scope="col">(?:基金|Fund)</th>'
                         r'<th scope="col" class="num">(?:期初|Opening)</th>.*?</thead>(.*?)</tbody>', re.S)


def check_report_fund_rows(html: str, model, entries, start, end, where: str) -> None:
    """A report's table of the funds in its period: each fund's opening, raised, spent,
    transfers and closing are the books' for that fund and period (the rows only summed to
    the total row, which the statement above checks, a row showing another fund's figure
    passed)."""
    found = FUNDS_TABLE.search(html)
    assert found, f"{where}: no table of the funds in the period"
    by_slug = {f.ref.slug: f.ref.id for f in model.funds}
    rows = [(m.group(1), NUM_CELL.findall(m.group(0))) for m in RESTRICTED_ROW.finditer(found.group(1))]
    # A fund the table leaves out had nothing and moved nothing in the period (a month after
    # the books were spent to 0.00 in which only goods of no value came in: a table of no row)
    shown = {slug for slug, _ in rows}
    for fund in model.funds:
        if fund.ref.slug not in shown:
            ref = figures(entries, start, end, fund.ref.id)
            assert not any((ref.opening, ref.raised, ref.spent, ref.transfers, ref.closing)), \
                f"{where}: fund {fund.ref.slug} is left out of the table of the funds in the period, but the books say {ref}"
    for slug, values in rows:
        assert slug in by_slug, f"{where}: fund {slug} is not the model's"
        ref = figures(entries, start, end, by_slug[slug])
        shown = [money(v) for v in values]
        assert shown == [ref.opening, ref.raised, ref.spent, ref.transfers, ref.closing], \
            f"{where} {slug}: shows {shown}, the books say {[ref.opening, ref.raised, ref.spent, ref.transfers, ref.closing]}"


LINES_TABLE = re.compile(r'<table class="amounts">\s*<caption>[^<]*</caption>\s*<thead>.*?</thead>(.*?)</table>', re.S)
LINE_ROW = re.compile(r'<tr><th scope="row">.*?</th><td class="num"[^>]*>([^<]*)</td>', re.S)
MONTHS_TABLE = re.compile(r'<table class="amounts by-month[^"]*">.*?</thead>(.*?)</table>', re.S)
MONTH_CELL = re.compile(r'<td class="num"[^>]*>([^<]*)</td>')


def check_lines_tables(html: str, ref, where: str) -> None:
    """A page's tables of sources and uses, line by line (_macros.html lines_table): the lines
    shown add up to the table's total row, which is the books' raised, then spent."""
    tables = LINES_TABLE.findall(html)
    assert len(tables) == 2, f"{where}: {len(tables)} tables of sources and uses"
    for body, want, what in zip(tables, (ref.raised, ref.spent), ("sources", "uses"), strict=True):
        rows, _, foot = body.partition("</tbody>")
        lines = [money(v) for v in LINE_ROW.findall(rows)]
        total = [money(v) for v in LINE_ROW.findall(foot)]
        assert sum(lines, ZERO) == (total[0] if total else ZERO) == want, \
            f"{where}: the {what} lines {lines} add up to {sum(lines, ZERO)}, the total row says {total}, the books {want}"


LABELLED_ROW = re.compile(r'<tr><th scope="row">(.*?)</th>(.*?)</tr>', re.S)
AID_TABLE = re.compile(r'<table class="amounts stack">\s*<thead><tr><th scope="col">(?:类别|Category)</th>'
                       r'<th scope="col" class="num">(?:户数|Households)</th>.*?</thead>(.*?)</table>', re.S)


def _label_keys(model) -> dict[str, str]:
    """Each source's, use's and aid category's label, in both languages, to its account."""
    keys = {}
    for r in model.reports:
        for key, label in [*((x.key, x.label) for x in (*r.statement.sources, *r.statement.uses)),
                           *((c.key, c.label) for c in r.aid.columns)]:
            keys[label.zh] = keys[label.en] = key
    return keys


def check_labelled_lines(html: str, keys: dict[str, str], entries, start, end, where: str) -> None:
    """Each line of a page's sources and uses tables, and each shown category of its aid table,
    is the books' own sum for its account, not only part of the right total: a line showing
    another line's amount (the rows in another order than their labels) keeps every total."""
    tables = [(body, 1, "sources or uses") for body in LINES_TABLE.findall(html)] + \
             [(body, 2, "aid") for body in AID_TABLE.findall(html)]
    for body, column, what in tables:
        for label, cells in LABELLED_ROW.findall(body.partition("</tbody>")[0]):
            name = html_module.unescape(re.sub(r"<[^>]+>", "", label)).strip()
            amounts = [html_module.unescape(v).strip() for v in re.findall(r'<td class="num[^"]*"[^>]*>([^<]*)</td>', cells)]
            if len(amounts) <= column - 1 or amounts[column - 1] in ("*", "—", "-", ""):
                continue
            assert name in keys, f"{where}: the {what} table's line {name!r} is no source, use or aid category of the model"
            moved = moved_under(entries, keys[name], start, end)
            want = -moved if keys[name].startswith("Income") else moved
            assert money(amounts[column - 1]) == want, \
                f"{where}: the {what} table's line {name} shows {amounts[column - 1]}, the books' {keys[name]} {want}"


def check_months_table(html: str, ref, where: str) -> None:
    """A fund page's month-by-month table: each column of months adds up to its total row,
    whose raised and spent are the fund's in the books."""
    body, _, foot = MONTHS_TABLE.search(html).group(1).partition("</tbody>")
    cells = lambda row: [ZERO if v == "–" else money(v) for v in MONTH_CELL.findall(row)]  # noqa: E731
    rows = [cells(r) for r in re.findall(r"<tr>(.*?)</tr>", body, re.S) if MONTH_CELL.search(r)]
    total = cells(foot) or [ZERO, ZERO]
    sums = [sum(column, ZERO) for column in zip(*rows, strict=True)] or [ZERO, ZERO]
    assert sums == total and (total[0], total[-1]) == (ref.raised, ref.spent), \
        f"{where}: the months add up to {sums}, the total row says {total}, the books raised {ref.raised} and spent {ref.spent}"


#: the home page's monthly trend (overview.html): a row per month, its raised and spent
TREND_TABLE = re.compile(r'<table class="amounts months">.*?<tbody>(.*?)</tbody>', re.S)


def check_trend_table(html: str, model, entries, where: str) -> int:
    """The home page's table of the last twelve months (the numbers of its chart): each
    month's raised and spent are the books' for that month. The months are the model's, in
    its order; the figures are read off the page."""
    found = TREND_TABLE.search(html)
    assert found, f"{where}: no table of the monthly trend"
    rows = [[money(v) for v in MONTH_CELL.findall(r)] for r in re.findall(r"<tr>(.*?)</tr>", found.group(1), re.S)]
    trend = model.overview.trend
    assert len(rows) == len(trend), f"{where}: {len(rows)} months in the trend table, the model has {len(trend)}"
    for p, shown in zip(trend, rows, strict=True):
        ref = figures(entries, *_bounds(p.period.key, model.site.first))
        assert shown == [ref.raised, ref.spent], f"{where} trend {p.period.key}: shows {shown}, the books raised {ref.raised} and spent {ref.spent}"
    return len(rows)


#: a statement and the notes under it (_macros.html statement, goods_held)
STATEMENT_NOTES = re.compile(r'<dl class="figures statement" data-statement="([^"]+)">.*?</dl>\s*(?:<p class="statement-notes">(.*?)</p>)?', re.S)
GOODS_AT_COST = re.compile(r"结存含库存物资 (\S+?)（按入账成本计价）|The balance held includes (\S+) of goods in stock")
GOODS_UNVALUED = re.compile(r"另有未估值的库存物资（按零值入账，不计入任何金额）：(.*?)。|Also in stock, with no value booked \(in no amount\): (.*?)\.\s*$", re.S)
#: an item of goods_list: its name, then its quantity (then its unit)
GOODS_ITEM = re.compile(r"(?:^|、|, )\s*\S+? (-?[\d,]+(?:\.\d+)?)")
#: the goods held reconciled: those of the opening balance, plus what came in, less what went
#: out (the site's notes, and the annual report's, whose text has no spaces)
_AMOUNT = r"(-?¥?-?[\d,]+\.\d{2})"
GOODS_MOVES = re.compile(rf"(?:期初|年初)库存\s?{_AMOUNT}，加本(?:期|年)入库\s?{_AMOUNT}（受赠物资、购入等），减本(?:期|年)出库\s?{_AMOUNT}（发放等）"
                         rf"|{_AMOUNT}\s?in\s?stock\s?at\s?the\s?start(?:\s?of\s?the\s?year)?,\s?plus\s?{_AMOUNT}\s?that\s?came\s?in"
                         rf"[^.]*?less\s?{_AMOUNT}\s?that\s?went\s?out")


def check_goods_moves(notes: str, entries, start, end, where: str, language: int | None = None) -> None:
    """What an all-funds statement says of its goods: those of its opening balance, those that
    came into stock and went out in [start, end), the books' (each said in every language
    the notes are in, `language`: 0 Chinese, 1 English, None whichever; none said where all
    three are zero), and they make the goods held at the end."""
    want = goods_moves(entries, start, end)
    assert want[0] + want[1] - want[2] == goods_held(entries, end)[0], f"{where}: the books' goods do not add up"
    found = [m.groups() for m in GOODS_MOVES.finditer(notes)]
    said = [tuple(money(v) for v in (g[:3] if g[0] is not None else g[3:])) for g in found
            if language is None or (g[0] is not None) == (language == 0)]
    if not any(want):
        assert not said, f"{where}: says goods moved {said}, the books none"
        return
    assert said and all(s == want for s in said), f"{where}: says goods opening, in, out {said}, the books {want}"


def check_goods_held(notes: str, entries, end, where: str, start=None) -> None:
    """What an all-funds statement says of the goods in its closing balance: the goods at
    their booked cost, and the quantities of those booked at no value, are the books'
    before `end` (no line where there are none); and the goods of its opening balance, in
    and out in [start, end) (check_goods_moves)."""
    at_cost, unvalued = goods_held(entries, end)
    found = GOODS_AT_COST.search(notes)
    shown = money(found.group(1) or found.group(2)) if found else ZERO
    assert shown == at_cost, f"{where}: says the balance holds goods of {shown} at cost, the books {at_cost}"
    check_goods_moves(notes, entries, start, end, where)
    found = GOODS_UNVALUED.search(notes)
    items = [Decimal(q.replace(",", "")) for q in GOODS_ITEM.findall(found.group(1) or found.group(2))] if found else []
    assert sorted(items) == sorted(unvalued.values()), f"{where}: goods at no value {items}, the books {dict(unvalued)}"


RECEIVABLE_NOTE = re.compile(r"(?<!期初)结存含尚未收到的应收款项（认捐、已批准的拨款） (\S+?)。|The balance held includes (\S+) pledged or allocated but not yet received")
PAYABLE_NOTE = re.compile(r"(?<!期初)结存已扣除尚未支付的应付款项（已批准未付的帮扶等） (\S+?)。|The balance held is net of (\S+) owed")
#: ... and of its opening balance: what the period before's closing notes said
OPENING_RECEIVABLE_NOTE = re.compile(r"期初结存含尚未收到的应收款项（认捐、已批准的拨款） (\S+?)。|The opening balance includes (\S+) pledged or allocated but not yet received")
OPENING_PAYABLE_NOTE = re.compile(r"期初结存已扣除尚未支付的应付款项（已批准未付的帮扶等） (\S+?)。|The opening balance is net of (\S+) owed")


def check_owed_and_due(notes: str, entries, end, where: str, start=None, opening: bool = True) -> None:
    """What an all-funds statement says of its closing balance besides goods: the part still
    to be received and what it is net of, owed; the books' before `end` (no line for none);
    and the same of its opening balance for [start, end) (held before start, and carried over
    into the books in the period)."""
    for pattern, root, sign, what in ((RECEIVABLE_NOTE, "Assets:Receivable", 1, "still to be received"), (PAYABLE_NOTE, "Liabilities", -1, "owed")):
        found = pattern.search(notes)
        shown = money(found.group(1) or found.group(2)) if found else ZERO
        assert shown == sign * held_under(entries, root, end), f"{where}: says {shown} {what}, the books {sign * held_under(entries, root, end)}"
    for pattern, root, sign, what in ((OPENING_RECEIVABLE_NOTE, "Assets:Receivable", 1, "still to be received"),
                                      (OPENING_PAYABLE_NOTE, "Liabilities", -1, "owed")) if opening else ():
        found = pattern.search(notes)
        shown = money(found.group(1) or found.group(2)) if found else ZERO
        books = sign * held_at_opening(entries, root, start, end)
        assert shown == books, f"{where}: says its opening had {shown} {what}, the books {books}"


def check_statements_goods(html: str, model, entries, where: str) -> None:
    """check_goods_held and check_owed_and_due for each all-funds statement on a page (the
    home page, a report)."""
    for key, notes in STATEMENT_NOTES.findall(html):
        if key != "fund":
            check_goods_held(notes, entries, _bounds(key, model.site.first)[1], f"{where} {key}", _bounds(key, model.site.first)[0])
            check_owed_and_due(notes, entries, _bounds(key, model.site.first)[1], f"{where} {key}", _bounds(key, model.site.first)[0])


PLEDGED_NOTE = re.compile(r'<p class="note pledged-note" data-note="pledged">(.*?)</p>', re.S)


def check_pledged_note(html: str, entries, fund: str, where: str) -> None:
    """A fund page's note on the pledges to it not paid yet: how much is still to come, as
    the books have it (what the pledges put on Assets:Receivable:Pledges less what the
    entries sharing their links took off); no note when nothing is."""
    from tests.conservation.gift_surfaces import _pledged

    of_fund = {str(t.meta["receipt"]) for t in entries if isinstance(t, data.Transaction) and t.meta.get("receipt")
               and str(t.meta.get("fund")) == fund}
    want = sum((v for r, v in _pledged(entries).items() if r in of_fund and v > 0), ZERO)
    found = PLEDGED_NOTE.search(html)
    shown = money(re.search(r"-?¥[\d,]+\.\d\d", found.group(1)).group()) if found else ZERO
    assert shown == want, f"{where}: pledged and still to come {shown}, the books {want}"


def check_html(site: Path, model, entries) -> int:
    """Numbers parsed out of the pages; returns how many statements were checked."""
    checked = 0
    keys = _label_keys(model)
    for prefix in ("", "en/"):
        html = (site / prefix / "index.html").read_text("utf-8")
        checked += check_restricted_table(html, model, entries, f"{prefix}index.html")
        check_trend_table(html, model, entries, f"{prefix}index.html")
        home = statements_in(html)
        assert set(home) == {model.overview.year.period.key, "all"}, f"{prefix}index.html: statements {sorted(home)}"
        for key, fig in home.items():
            assert_adds_up(fig, f"{prefix}index.html {key}")
            assert_equals(fig, figures(entries, *_bounds(key, model.site.first)), f"{prefix}index.html {key}")
            checked += 1
        check_lines_tables(html, figures(entries, *_bounds(model.overview.year.period.key, model.site.first)), f"{prefix}index.html")
        check_labelled_lines(html, keys, entries, *_bounds(model.overview.year.period.key, model.site.first), f"{prefix}index.html")
        check_statements_goods(html, model, entries, f"{prefix}index.html")
        held = re.search(r'<p class="note">(.*?)</p>', (site / prefix / "funds" / "index.html").read_text("utf-8"), re.S)
        check_goods_held(held.group(1) if held else "", entries, None, f"{prefix}funds/index.html")
        check_owed_and_due(held.group(1) if held else "", entries, None, f"{prefix}funds/index.html", opening=False)
        for f in model.funds:
            html = (site / prefix / "funds" / f"{f.ref.slug}.html").read_text("utf-8")
            page = statements_in(html)["fund"]
            page.setdefault("opening", ZERO)  # shown only when something was carried over
            ref = figures(entries, None, None, f.ref.id)
            assert_adds_up(page, f"{prefix}funds/{f.ref.slug}.html")
            assert_equals(page, ref, f"{prefix}funds/{f.ref.slug}.html")
            check_lines_tables(html, ref, f"{prefix}funds/{f.ref.slug}.html")
            check_months_table(html, ref, f"{prefix}funds/{f.ref.slug}.html")
            check_pledged_note(html, entries, f.ref.id, f"{prefix}funds/{f.ref.slug}.html")
            checked += 1
        for r in model.reports:
            html = (site / prefix / "reports" / f"{r.period.key}.html").read_text("utf-8")
            page = statements_in(html)[r.period.key]
            assert_adds_up(page, f"{prefix}reports/{r.period.key}.html")
            check_aid_note(html, entries, *_bounds(r.period.key, model.site.first), page["spent"], f"{prefix}reports/{r.period.key}.html")
            ref = figures(entries, *_bounds(r.period.key, model.site.first))
            assert_equals(page, ref, f"{prefix}reports/{r.period.key}.html")
            check_lines_tables(html, ref, f"{prefix}reports/{r.period.key}.html")
            check_labelled_lines(html, keys, entries, *_bounds(r.period.key, model.site.first), f"{prefix}reports/{r.period.key}.html")
            check_report_fund_rows(html, model, entries, *_bounds(r.period.key, model.site.first), f"{prefix}reports/{r.period.key}.html")
            check_statements_goods(html, model, entries, f"{prefix}reports/{r.period.key}.html")
            checked += 1
    return checked


def check_open_data(site: Path, model, entries) -> None:
    rows = list(csv.DictReader(io.StringIO((site / "data" / "statement.csv").read_text("utf-8-sig"))))
    blocks: dict[tuple[str, str], list[dict]] = defaultdict(list)
    for row in rows:
        blocks[(row["period"], row["fund_id"])].append(row)
    assert ("all", "TOTAL") in blocks
    for (period, fund), lines in blocks.items():
        opening = sum(Decimal(r["amount"]) for r in lines if r["line"] == "opening")
        moves = sum(Decimal(r["amount"]) for r in lines if r["line"] in ("source", "use", "transfer"))
        [closing] = [Decimal(r["amount"]) for r in lines if r["line"] == "closing"]
        assert opening + moves == closing, f"statement.csv {period} {fund} does not add up"
        if fund == "TOTAL":  # the closing less goods and receivables plus what is owed is the money, as its columns say
            [last] = [r for r in lines if r["line"] == "closing"]
            end = _bounds(period, model.site.first)[1]
            held = [Decimal(last[c] or 0) for c in ("goods_held", "receivable_held", "payable_held")]
            assert held == [goods_held(entries, end)[0], held_under(entries, "Assets:Receivable", end), -held_under(entries, "Liabilities", end)], \
                f"statement.csv {period} TOTAL: goods, receivable, payable {held}"
            # the opening line gives the goods of the opening balance (those carried over into
            # the books in the period among them); every other line none
            [first] = [r for r in lines if r["line"] == "opening"]
            assert Decimal(first["goods_held"] or 0) == goods_moves(entries, *_bounds(period, model.site.first))[0], \
                f"statement.csv {period} TOTAL: opening goods {first['goods_held']}, the books {goods_moves(entries, *_bounds(period, model.site.first))[0]}"
            assert all(r["goods_held"] == "" for r in lines if r["line"] not in ("opening", "closing")), f"statement.csv {period} TOTAL: goods_held on a line"
            # and what of it was still to be received and what was owed: the period before's
            # closing figures (year N's closing line and year N+1's opening line agree)
            start_end = _bounds(period, model.site.first)
            opened = [Decimal(first[c] or 0) for c in ("receivable_held", "payable_held")]
            assert opened == [held_at_opening(entries, "Assets:Receivable", *start_end), -held_at_opening(entries, "Liabilities", *start_end)], \
                f"statement.csv {period} TOTAL: opening receivable, payable {opened}"
            money_held = sum((held_under(entries, root, end) for root in ("Assets:Bank", "Assets:Cash", "Assets:Online")), ZERO)
            assert closing - held[0] - held[1] + held[2] == money_held, f"statement.csv {period} TOTAL: money {closing - held[0] - held[1] + held[2]}, the books {money_held}"
        ref = figures(entries, *_bounds(period, model.site.first), None if fund == "TOTAL" else fund)
        assert (opening, closing) == (ref.opening, ref.closing), f"statement.csv {period} {fund}: {(opening, closing)} != {(ref.opening, ref.closing)}"
        assert sum(Decimal(r["amount"]) for r in lines if r["line"] == "source") == ref.raised, f"statement.csv {period} {fund}: sources"
        assert -sum(Decimal(r["amount"]) for r in lines if r["line"] == "use") == ref.spent, f"statement.csv {period} {fund}: uses"
        for r in lines:  # each line is the books' own for its account, not only part of the right sum
            if r["line"] in ("source", "use"):
                moved = moved_under(entries, r["category"], *_bounds(period, model.site.first), None if fund == "TOTAL" else fund)
                assert Decimal(r["amount"]) == -moved, f"statement.csv {period} {fund} {r['category']}: {r['amount']}, the books {-moved}"
    data = json.loads((site / "data" / "model.json").read_text("utf-8"))
    statements = [data["overview"]["year"], data["overview"]["all_time"]] + [r["statement"] for r in data["reports"]]
    for st in statements:
        fig = {k: Decimal(st[k]) for k in ("opening", "raised", "spent", "transfers", "closing")}
        assert_adds_up(fig, f"model.json {st['period']['key']}")
        assert_equals(fig, figures(entries, *_bounds(st["period"]["key"], model.site.first)), f"model.json {st['period']['key']}")
        goods = tuple(Decimal(st[k]) for k in ("goods_opening", "goods_in", "goods_out"))
        assert goods == goods_moves(entries, *_bounds(st["period"]["key"], model.site.first)), \
            f"model.json {st['period']['key']}: goods opening, in, out {goods}, the books {goods_moves(entries, *_bounds(st['period']['key'], model.site.first))}"
    balances = fund_balances(entries)
    for row in csv.DictReader(io.StringIO((site / "data" / "funds.csv").read_text("utf-8-sig"))):
        assert Decimal(row["balance"]) == balances.get(row["fund_id"], ZERO), f"funds.csv {row['fund_id']}"
        assert Decimal(row["opening"]) + Decimal(row["raised"]) - Decimal(row["spent"]) + Decimal(row["transfers"]) == Decimal(row["balance"])
        # each figure the books' own for the fund, not only a row that adds up (a fen more
        # raised and a fen more spent kept both the sum and the balance right)
        ref = figures(entries, None, None, row["fund_id"])
        shown = [Decimal(row[c]) for c in ("opening", "raised", "spent", "transfers")]
        assert shown == [ref.opening, ref.raised, ref.spent, ref.transfers], \
            f"funds.csv {row['fund_id']}: opening, raised, spent, transfers {shown}, the books {[ref.opening, ref.raised, ref.spent, ref.transfers]}"
    check_flows(site, model, entries)


def check_flows(site: Path, model, entries) -> None:
    """data/flows.csv: each month's and fund's sources, uses, transfers and money carried over
    are the books' (so its sources less uses plus transfers are the month's closing less its
    opening, as the file's description promises), and it has no row for any other month."""
    flows: dict[tuple[str, str], dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for row in csv.DictReader(io.StringIO((site / "data" / "flows.csv").read_text("utf-8-sig"))):
        flows[row["month"], row["fund_id"]][row["direction"]] += Decimal(row["amount"])
    for r in model.reports:
        if r.period.kind != "month":
            continue
        start, end = _bounds(r.period.key, model.site.first)
        for f in model.funds:
            ref = figures(entries, start, end, f.ref.id)
            carried = ref.opening - figures(entries, None, start, f.ref.id).closing
            got = flows.pop((r.period.key, f.ref.id), {})
            shown = [got.get(k, ZERO) for k in ("source", "use", "transfer", "other")]
            assert shown == [ref.raised, ref.spent, ref.transfers, carried], \
                f"flows.csv {r.period.key} {f.ref.id}: sources, uses, transfers, carried {shown}, the books {[ref.raised, ref.spent, ref.transfers, carried]}"
    assert not {k: v for k, v in flows.items() if any(v.values())}, f"flows.csv: rows of no month's report {sorted(flows)}"


def check_reconcile(books, entries) -> None:
    from ledger.period import parse_period
    from ledger.reconcile.report import build_report

    years = sorted({e.date.year for e in entries if hasattr(e, "postings")})
    for year in years:
        report = build_report(books, parse_period(str(year)))
        check_reconcile_accounts(report, entries)
        check_reconcile_shown(report)
        check_reconcile_held_shown(report, entries)
        for month in range(1, 13):
            check_reconcile_accounts(build_report(books, parse_period(f"{year}-{month:02d}")), entries)
        changes = report.funds.changes
        start, end = datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1)
        for fund, c in changes.funds.items():
            ref = figures(entries, start, end, fund)
            assert (c.opening, c.raised, c.spent, c.transferred, c.closing) == (ref.opening, ref.raised, ref.spent, ref.transfers, ref.closing), f"reconcile {year} {fund}"
        assert report.funds.total == net_assets(entries, until=end) == report.funds.net_assets
        assert report.funds.ok
        check_reconcile_pages(report, entries, start, end)


#: the last five amounts of a line of the terminal's funds table (opening ... closing)
TEXT_FIGURES = re.compile(r"(-?[\d,]+\.\d{2})\s+(-?[\d,]+\.\d{2})\s+(-?[\d,]+\.\d{2})\s+(-?[\d,]+\.\d{2})\s+(-?[\d,]+\.\d{2})\s*$")
#: the last amount of a line (the totals under the table: declared funds, net assets, difference)
TEXT_LAST = re.compile(r"(-?[\d,]+\.\d{2})\s*$")
HTML_FUND_ROW = re.compile(r'<tr(?: class="fail")? data-fund="([^"]*)">(.*?)</tr>', re.S)
HTML_TOTAL_ROW = re.compile(r'<tr><th colspan="5">[^<]*</th><td class="num">([^<]*)</td></tr>')


def check_reconcile_pages(report, entries, start, end) -> None:
    """What `relief reconcile` prints and what its --html page shows of the funds: each
    fund's opening, raised, spent, transfers and closing, the all-funds row, and the declared
    funds' total, the net assets and their difference, read back from the text and the HTML
    (not the report object) and compared with the books' plain sums. (check_reconcile read
    the report object only: a figure printed wrong, or in another's column, passed.)"""
    import click

    from ledger.reconcile.html import render_html
    from ledger.reconcile.terminal import render

    funds = [*report.funds.balances, *report.funds.unattributed]
    want = [figures(entries, start, end, fund) for fund in funds] + [figures(entries, start, end)]
    as_list = lambda ref: [ref.opening, ref.raised, ref.spent, ref.transfers, ref.closing]  # noqa: E731
    assets = net_assets(entries, until=end)
    declared = sum((ref.closing for ref in want[:len(report.funds.balances)]), ZERO)
    under = [declared, assets, declared - assets]

    text = click.unstyle(render(report)).splitlines()
    at = next(i for i, line in enumerate(text) if "Funds add up to the net assets" in line) + 2  # the title, the header
    rows = text[at:at + len(want)]
    for fund, ref, line in zip([*funds, "all funds"], want, rows, strict=True):
        found = TEXT_FIGURES.search(line)
        assert found and [money(v) for v in found.groups()] == as_list(ref), \
            f"reconcile {start.year} text, {fund or '(no fund)'}: {line.strip()!r}, the books say {as_list(ref)}"
    shown = [money(TEXT_LAST.search(line).group(1)) for line in text[at + len(want):at + len(want) + 3]]
    assert shown == under, f"reconcile {start.year} text: declared funds, net assets, difference {shown}, the books {under}"

    html = render_html(report)
    table = html[html.index('<table class="fund-changes">'):]
    table = table[:table.index("</table>")]
    rows = {fund: [money(v) for v in NUM_CELL.findall(body)] for fund, body in HTML_FUND_ROW.findall(table)}
    assert list(rows) == [*funds, "TOTAL"], f"reconcile {start.year} HTML: rows {list(rows)}, the funds {funds}"
    for fund, ref in zip([*funds, "TOTAL"], want, strict=True):
        assert rows[fund] == as_list(ref), f"reconcile {start.year} HTML, {fund or '(no fund)'}: {rows[fund]}, the books say {as_list(ref)}"
    shown = [money(v) for v in HTML_TOTAL_ROW.findall(table)]
    assert shown == under, f"reconcile {start.year} HTML: declared funds, net assets, difference {shown}, the books {under}"


#: where the books hold money: what reconcile sets against statements and counts
MONEY = ("Assets:Bank", "Assets:Cash", "Assets:Online")


def check_reconcile_accounts(report, entries) -> None:
    """Each money account's movement in the report is the books' own (opening + in − out =
    closing), every account that holds or moved money is on it, the closings add up to the
    money the books hold, and each statement's difference is books minus statement."""
    start, end = report.period.start, report.period.end
    shown = {(a.account, a.currency or "CNY"): a for a in report.accounts}
    for (account, currency), a in shown.items():
        got = (a.opening, a.money_in, a.money_out, a.books_at_end)
        assert got == money_moves(entries, account, currency, start, end), f"reconcile {report.period} {account}: {got}"
        assert a.opening + a.money_in - a.money_out == a.books_at_end
        if a.statement is not None and not a.net:
            assert a.difference == a.books_at_statement - a.statement
            assert a.books_at_statement == money_moves(entries, account, currency, start, a.statement_date)[3]
    moving = {p.account for t in entries if isinstance(t, data.Transaction) and t.date < end for p in t.postings
              if any(p.account == m or p.account.startswith(m + ":") for m in MONEY)}
    assert moving <= {account for account, _ in shown}, f"reconcile {report.period}: accounts left out {moving - set(shown)}"
    held = sum((held_under(entries, m, until=end) for m in MONEY), Decimal(0))
    assert sum((a.books_at_end for (_, currency), a in shown.items() if currency == "CNY"), Decimal(0)) == held, f"reconcile {report.period}: money held"
    check_reconcile_held(report, entries)


def books_by_account(entries, end: datetime.date) -> dict[str, Decimal]:
    """Each asset and liability account's own balance before `end` (not its sub-accounts'), by
    plain sums: goods at the value booked for them (goods_rounding, taken off the entry's
    first goods account)."""
    out: dict[str, Decimal] = defaultdict(Decimal)
    for t in entries:
        if not isinstance(t, data.Transaction) or t.date >= end:
            continue
        for p in t.postings:
            if p.account.split(":")[0] in ("Assets", "Liabilities"):
                out[p.account] += posting_value(p)
        rest = goods_rounding(t)
        if rest:
            out[next(p.account for p in t.postings if p.account.split(":")[:2] == ["Assets", "Goods"])] -= rest
    return out


def check_reconcile_held(report, entries) -> None:
    """Reconcile's "everything the books hold" (ledger/reconcile/held.py): every asset and
    liability account the books hold at the period's end is on a line, each line is the
    books' balance of its account, the items listed entry by entry add up to their line,
    and the lines add up to the net assets, to the fen."""
    end = report.period.end
    want = {a: v for a, v in books_by_account(entries, end).items() if v != 0}
    lines = {line.account: line for line in report.held.lines if line.currency is None}
    missing = set(want) - set(lines)
    assert not missing, f"reconcile {report.period}: held by the books, on no line: {sorted(missing)}"
    for account, line in lines.items():
        assert line.balance == want.get(account, ZERO), f"reconcile {report.period} {account}: {line.balance}, the books {want.get(account, ZERO)}"
        if line.items or line.kind not in ("money", "goods"):
            listed = sum((i.amount for i in line.items), ZERO)
            assert listed == line.balance, f"reconcile {report.period} {account}: items add up to {listed}, the line {line.balance}"
    assets = net_assets(entries, until=end)
    assert report.held.total == assets, f"reconcile {report.period}: the lines add up to {report.held.total}, the net assets {assets}"
    subtotals = {sub.account: sub.balance for sub in report.held.subtotals() if sub.currency is None}
    # every account of the books with a sub-account's line is shown with its sub-accounts
    # added up, whether or not it has a line of its own (its own money none, and unmoved)
    opened = opened_accounts(entries)
    nested = {(parent, line.currency) for line in report.held.lines for parent in opened_above(line.account, opened)}
    assert {(sub.account, sub.currency) for sub in report.held.subtotals()} == nested, \
        f"reconcile {report.period}: subtotals {sorted(map(str, report.held.subtotals()))}, accounts with sub-accounts' lines {sorted(map(str, nested))}"
    for a in report.accounts:
        if a.currency is not None:
            continue
        # the balances' table counts an account's sub-accounts: its line and theirs add up to it
        under = [line for line in lines.values() if under_account(line.account, a.account)]
        added = sum((line.balance for line in under), ZERO)
        assert added == a.books_at_end, f"reconcile {report.period} {a.account}: its lines add up to {added}, the balances' table {a.books_at_end}"
        if any(line.account != a.account for line in under):
            assert subtotals.get(a.account) == a.books_at_end, \
                f"reconcile {report.period} {a.account}: with its sub-accounts {subtotals.get(a.account)}, the balances' table {a.books_at_end}"
    for account, total in subtotals.items():
        want_total = sum((v for a, v in want.items() if under_account(a, account)), ZERO)
        assert total == want_total, f"reconcile {report.period} {account}: with its sub-accounts {total}, the books {want_total}"


def opened_accounts(entries) -> set[str]:
    """Every account the books open."""
    return {e.account for e in entries if isinstance(e, data.Open)}


def opened_above(account: str, opened: set[str]) -> list[str]:
    """The accounts the books open that `account` is a sub-account of (not itself)."""
    parts = account.split(":")
    return [":".join(parts[:depth]) for depth in range(1, len(parts)) if ":".join(parts[:depth]) in opened]


def under_account(account: str, parent: str) -> bool:
    """The account is `parent` or one of its sub-accounts."""
    return account == parent or account.startswith(parent + ":")


HELD_ROW = re.compile(r'<tr data-held="([^"]+)">(.*?)</tr>', re.S)
HELD_ITEMS = re.compile(r'<table class="held-items" data-account="([^"]+)">(.*?)</table>', re.S)
HELD_SUBTOTAL = re.compile(r'<tr class="subtotal" data-held-sub="([^"]+)">(.*?)</tr>', re.S)


def check_reconcile_held_shown(report, entries) -> None:
    """The terminal text and the HTML page show each line of what the books hold as the
    books have it, the total as the net assets, and the items listed entry by entry add up
    to their line (read back from the text and the page, not the report object)."""
    import click

    from ledger.reconcile.html import render_html
    from ledger.reconcile.terminal import render

    end = report.period.end
    want = {a: v.quantize(Decimal("0.01")) for a, v in books_by_account(entries, end).items()}
    total = net_assets(entries, until=end).quantize(Decimal("0.01"))
    page = render_html(report)
    rows = {label: [money(v) for v in NUM_CELL.findall(body)] for label, body in HELD_ROW.findall(page)}
    if not report.held.lines:  # the books hold nothing: no table, and nothing to show
        assert not rows and total == 0 and not any(want.values()), f"reconcile page {report.period}: {rows}, the books {want}"
        return
    assert rows.pop("TOTAL") == [total], f"reconcile page {report.period}: total, the net assets {total}"
    assert {a for a, v in want.items() if v} <= set(rows), f"reconcile page {report.period}: lines {sorted(rows)}"
    for label, shown in rows.items():
        assert shown == [want.get(label, ZERO)], f"reconcile page {report.period} {label}: {shown}, the books {want.get(label)}"
    for label, body in HELD_ITEMS.findall(page):
        amounts = [money(v) for v in NUM_CELL.findall(body)][0::2]  # amount, age (days) per row
        assert sum(amounts, ZERO) == want[label], f"reconcile page {report.period} {label}: items {amounts}, the books {want[label]}"
    # an account of the books with lines of its sub-accounts (and of its own, or none):
    # shown with them added up ("Assets:Bank:Basic:Deposit (USD)" under "Assets:Bank:Basic (USD)")
    opened = opened_accounts(entries)
    nested = {parent + (f" ({cur}" if cur else "") for label in rows for account, _, cur in [label.partition(" (")]
              for parent in opened_above(account, opened)}
    subtotals = {label: [money(v) for v in NUM_CELL.findall(body)] for label, body in HELD_SUBTOTAL.findall(page)}
    assert set(subtotals) == nested, f"reconcile page {report.period}: subtotals {sorted(subtotals)}, accounts with sub-accounts {sorted(nested)}"
    for label, shown in subtotals.items():
        if " (" in label:  # in another currency: the books' own currency only is summed here
            continue
        total_under = sum((v for a, v in want.items() if under_account(a, label)), ZERO)
        assert shown == [total_under], f"reconcile page {report.period} {label} with its sub-accounts: {shown}, the books {total_under}"
    text = click.unstyle(render(report))
    at = text.index("Everything the books hold at the end of")
    section = text[at:].split("\n\n", 1)[0]
    for account, v in want.items():
        if v:
            assert re.search(rf"^\s+{re.escape(account)}\s.*\s{re.escape(f'{v:,.2f}')}\s", section, re.M), f"reconcile text {report.period} {account}: {v}"
    assert re.search(rf"total \(net assets\), CNY\s+{re.escape(f'{total:,.2f}')}$", section, re.M), f"reconcile text {report.period}: total {total}"
    for account in (a for a in nested if " (" not in a):
        total_under = sum((v for a, v in want.items() if under_account(a, account)), ZERO)
        assert re.search(rf"^\s+{re.escape(account)} 含子账户合计 with its sub-accounts\s+{re.escape(f'{total_under:,.2f}')}\s", section, re.M), \
            f"reconcile text {report.period} {account} with its sub-accounts: {total_under}"


def check_reconcile_shown(report) -> None:
    """The text and the HTML page of a reconciliation show each account's figures as the
    report holds them: the statement, the books and the difference; opening + in − out =
    closing; and the funds' total, net assets and difference."""
    import click

    from ledger.reconcile.html import render_html
    from ledger.reconcile.terminal import render

    def money(value):
        return "—" if value is None else f"{value:,.2f}"

    text = click.unstyle(render(report))
    page = render_html(report)
    for a in report.accounts:
        label = re.escape(a.label)
        if a.used:
            figures = r"\s+".join(re.escape(money(v)) for v in (a.opening, a.money_in, a.money_out, a.books_at_end))
            assert re.search(rf"^\s+{label}\s+{figures}$", text, re.M), f"reconcile text {report.period} {a.label}: movements"
            row = re.search(rf'<tr data-account="{label}">(.*?)</tr>', page, re.S)
            shown = re.findall(r'<td class="num">([^<]*)</td>', row.group(1)) if row else None
            assert shown == [money(v) for v in (a.opening, a.money_in, a.money_out, a.books_at_end)], f"reconcile page {report.period} {a.label}: {shown}"
        balance = r"\s+".join(re.escape(money(v)) for v in (a.statement, a.books_at_statement, a.difference))
        assert re.search(rf"^\s+(通过\s+OK|不符\s+FAIL)\s+{label}\s+.*?\s{balance}(\s|$)", text, re.M), f"reconcile text {report.period} {a.label}: balance"
        assert all(html_module.escape(money(v)) in page for v in (a.statement, a.books_at_statement, a.difference))
    f = report.funds
    for what, value in (("total of the declared funds", f.total), ("net assets", f.net_assets), ("difference", f.difference)):
        assert re.search(rf"^\s+\S+ {what}\s+{re.escape(money(value))}$", text, re.M), f"reconcile text {report.period}: {what}"
    for what, value in (("Total of the declared funds", f.total), ("Net assets", f.net_assets), ("Difference", f.difference)):
        assert re.search(rf'{what}</th><td class="num">{re.escape(money(value))}</td>', page), f"reconcile page {report.period}: {what}"


def check_pdf(model, entries) -> None:
    from pypdf import PdfReader

    from publish.annual import render_annual_report, years
    from publish.environment import format_money

    for year in years(model):  # each year's: the first states the money carried in, the later ones the carry
        pdf = render_annual_report(model, year).pdf
        text = "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages[:4])
        text = re.sub(r"\s+", "", text)
        ref = figures(entries, datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1))
        ctx = {"site": model.site}
        # the overview chapter's equation, in its order: opening, raised, spent, transfers, closing
        shown = [format_money(ctx, v) for v in (ref.opening, ref.raised, ref.spent, ref.transfers, ref.closing)]
        pattern = ".*?".join(re.escape(s) for s in shown)
        assert re.search(pattern, text), f"annual-{year}.pdf: the statement {shown} is not in the text"
        assert ref.opening + ref.raised - ref.spent + ref.transfers == ref.closing
        # the notes under it: what the closing balance holds still to be received, and what it is net of, owed
        end = datetime.date(year + 1, 1, 1)
        # ... and the goods it holds at cost, reconciled: the year's opening goods, in and out
        at_cost = re.search(r"年末结余含库存物资(-?¥[\d,]+\.\d{2})", text)
        assert (money(at_cost.group(1)) if at_cost else ZERO) == goods_held(entries, end)[0], \
            f"annual-{year}.pdf: goods held {at_cost and at_cost.group(1)}, the books {goods_held(entries, end)[0]}"
        check_goods_moves(text, entries, datetime.date(year, 1, 1), end, f"annual-{year}.pdf", language=0)
        for said, root, sign in (("年末结余含尚未收到的应收款项（认捐、已批准的拨款）", "Assets:Receivable", 1),
                                 ("年末结余已扣除尚未支付的应付款项（已批准未付的帮扶等）", "Liabilities", -1)):
            found = re.search(re.escape(said) + r"(-?¥[\d,]+\.\d{2})", text)
            want = sign * held_under(entries, root, end)
            assert (money(found.group(1)) if found else ZERO) == want, f"annual-{year}.pdf: {said} {found and found.group(1)}, the books {want}"
        # ... and what its opening balance held still to be received and was net of, owed (the year before's closing figures)
        for said, root, sign in (("年初结余含尚未收到的应收款项（认捐、已批准的拨款）", "Assets:Receivable", 1),
                                 ("年初结余已扣除尚未支付的应付款项（已批准未付的帮扶等）", "Liabilities", -1)):
            found = re.search(re.escape(said) + r"(-?¥[\d,]+\.\d{2})", text)
            want = sign * held_at_opening(entries, root, datetime.date(year, 1, 1), end)
            assert (money(found.group(1)) if found else ZERO) == want, f"annual-{year}.pdf: {said} {found and found.group(1)}, the books {want}"
        # the funds chapter: each fund's row, its name then its five figures for the year
        report = next(r for r in model.reports if r.period.kind == "year" and r.period.key == f"{year:04d}")
        full = re.sub(r"\s+", "", "".join(page.extract_text() for page in PdfReader(io.BytesIO(pdf)).pages))
        chapter = full[full.index("二、各基金"):]
        for m in report.funds:
            f = figures(entries, datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1), m.ref.id)
            want = [format_money(ctx, v) for v in (f.opening, f.raised, f.spent, f.transfers, f.closing)]
            row = re.search(re.escape(re.sub(r"\s+", "", m.ref.name.zh)) + r"[^¥]*?" + r"(-?¥[\d,]+\.\d{2})" * 5, chapter)
            assert row and list(row.groups()) == want, f"annual-{year}.pdf, funds chapter, {m.ref.id}: shows {row and row.groups()}, the books say {want}"
        # the sources and uses chapter: each table's lines add up to its total, the books' raised and spent
        uses_chapter = full[full.rindex("三、资金来源与使用"):full.rindex("四、帮扶支出分类")]
        for part, want, what in zip(uses_chapter.split("资金使用Uses"), (ref.raised, ref.spent), ("sources", "uses"), strict=True):
            amounts = [money(v) for v in re.findall(r"-?¥[\d,]+\.\d{2}", part)]
            lines, total = amounts[:-1], (amounts[-1] if amounts else ZERO)
            assert sum(lines, ZERO) == total == want, \
                f"annual-{year}.pdf, sources and uses: the {what} lines {lines} add up to {sum(lines, ZERO)}, its total {total}, the books {want}"
        # and each line is the books' own for its account, not only part of the right total
        start, end = datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1)
        for line in (*report.statement.sources, *report.statement.uses):
            label = re.sub(r"\s+", "", line.label.zh + line.label.en)
            shown = re.search(re.escape(label) + r"(-?¥[\d,]+\.\d{2})", uses_chapter)
            moved = moved_under(entries, line.key, start, end)
            want = format_money(ctx, -moved if line.key.startswith("Income") else moved)
            assert shown and shown.group(1) == want, \
                f"annual-{year}.pdf, sources and uses, {line.key}: shows {shown and shown.group(1)}, the books say {want}"
        # the aid chapter's note: aid + the uses that are not aid = spent, as the books have them
        paid = aid_paid(entries, datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1))
        if paid != ref.spent:
            note = re.search(r"帮扶合计(-?¥[\d,]+\.\d{2})加上不属于帮扶的使用(-?¥[\d,]+\.\d{2})（(.*?)），等于第三章的使用合计(-?¥[\d,]+\.\d{2})", full)
            hidden = re.search(r"本表只列第三章“资金使用”中的帮扶类别；(.*?)不属于帮扶，未列入本表。", full)
            if note is None and hidden is not None:
                # the table's total hidden (households of a small cell): the note lists the uses
                # that are not aid and says the year's aid total below the table
                year_aid = re.search(r"本年帮扶支出合计(-?¥[\d,]+\.\d{2})", full)
                assert year_aid and year_aid.group(1) == format_money(ctx, paid), \
                    f"annual-{year}.pdf, aid chapter: the year's aid {year_aid and year_aid.group(1)}, the books {paid}"
                listed = hidden.group(1)
            else:
                want = [format_money(ctx, v) for v in (paid, ref.spent - paid, ref.spent)]
                assert note and [note.group(1), note.group(2), note.group(4)] == want, \
                    f"annual-{year}.pdf, aid chapter: shows {note and note.groups()}, the books say {want}"
                listed = note.group(3)
            lines = [money(v) for v in re.findall(r"-?¥[\d,]+\.\d{2}", listed)]
            assert sum(lines, ZERO) == ref.spent - paid, f"annual-{year}.pdf, aid chapter: the uses that are not aid {lines}"
        # the honour roll: the names' amounts and the anonymous gifts make the total that closes
        # it, which is the year's gifts in the books
        roll = next((r for r in model.rolls if r.period.key == f"{year:04d}"), None)
        if roll is not None:
            start = full.rindex("五、鸣谢名单")
            named, _, rest = full[start:full.index("六、中心工作说明", start)].partition("匿名捐赠Anonymousgifts")
            total = re.search(r"本年度共收到捐赠[\d,]+笔，合计(-?¥[\d,]+\.\d{2})", rest)
            assert total and money(total.group(1)) == _by_year(entries).get(year, ZERO), \
                f"annual-{year}.pdf, honour roll: its total {total and total.group(1)}, the books' gifts {_by_year(entries).get(year)}"
            anonymous = re.match(r"[\d,]+笔，合计(-?¥[\d,]+\.\d{2})", rest)
            # (net of the corrections lowering refunds of such gifts, when any: "n 笔退款、m 笔更正，净额")
            earlier = re.search(r"退还往年捐赠Giftsofearlieryearsgivenback[\d,]+笔(?:，合计|退款、[\d,]+笔更正，净额)(-?¥[\d,]+\.\d{2})", rest)
            assert bool(earlier) == bool(roll.earlier_refunds or roll.earlier_lessenings), \
                f"annual-{year}.pdf, honour roll: the gifts of earlier years given back {earlier}"
            rows = [money(v) for v in re.findall(r"-?¥[\d,]+\.\d{2}", named)]
            back = money(earlier.group(1)) if earlier else ZERO
            assert sum(rows, ZERO) + (money(anonymous.group(1)) if anonymous else ZERO) + back == money(total.group(1)), \
                f"annual-{year}.pdf, honour roll: the names {rows}, the anonymous gifts {anonymous and anonymous.group(1)} and the earlier years' gifts given back {back} do not make {total.group(1)}"
            # the year's raised accounted for under the roll: the gifts above plus the sources that
            # are not gifts, each line of them, as the books have them (a figure only here: the
            # sources that are not gifts a fen off passed)
            said = re.search(r"本年筹集合计(-?¥[\d,]+\.\d{2})，即以上捐赠(-?¥[\d,]+\.\d{2})"
                             r"(?:加上不属于捐赠的来源(-?¥[\d,]+\.\d{2})（(.*?)；见第三章)?", full)
            if said:
                start, end = datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1)
                not_gifts = ref.raised + moved_under(entries, "Income:Donation", start, end)
                assert [money(said.group(1)), money(said.group(2))] == [ref.raised, _by_year(entries).get(year, ZERO)], \
                    f"annual-{year}.pdf, honour roll: raised {said.group(1)} of which gifts {said.group(2)}, the books {ref.raised} and {_by_year(entries).get(year)}"
                others = money(said.group(3)) if said.group(3) else ZERO
                lines = [money(v) for v in re.findall(r"-?¥[\d,]+\.\d{2}", said.group(4) or "")]
                assert others == sum(lines, ZERO) == not_gifts, \
                    f"annual-{year}.pdf, honour roll: the sources that are not gifts {said.group(3)} ({lines}), the books {not_gifts}"


def check_fava(main: Path, entries) -> None:
    from cli.serve import make_app

    fava = make_app(main)
    client = fava.app.test_client()
    years = sorted({e.date.year for e in entries if hasattr(e, "postings")})
    for time in ["", *map(str, years)]:
        got = client.get(f"/{fava.slug}/extension/ReliefAudit/statement", query_string={"time": time} if time else {}).get_json()
        start, end = _bounds(time or "all", None)
        for row in got["rows"]:
            ref = figures(entries, start, end, row["fund"])
            shown = tuple(Decimal(row[k]) for k in ("opening", "total_sources", "total_uses", "total_transfers", "closing"))
            assert shown == (ref.opening, ref.raised, ref.spent, ref.transfers, ref.closing), f"Fava {time or 'all'} {row['fund']}: {shown}"
            assert shown[0] + shown[1] - shown[2] + shown[3] == shown[4]
        assert Decimal(got["net_assets"]) == net_assets(entries, until=end)
        goods = tuple(Decimal(got[k]) for k in ("goods_opening", "goods_in", "goods_out", "goods"))
        assert goods == (*goods_moves(entries, start, end), goods_held(entries, end)[0]), f"Fava {time or 'all'}: goods opening, in, out, held {goods}"
        assert got["reconciled"], f"Fava {time}: not reconciled"
        page = client.get(f"/{fava.slug}/extension/ReliefAudit/", query_string={"time": time} if time else {}).get_data(as_text=True)
        assert "Traceback" not in page and 'data-reconciled="yes"' in page


SURFACES = ("model", "html", "open data", "reconcile", "pdf", "fava", "fava page", *GIFT_SURFACES)
#: the surfaces checked only when asked (slow: PDFs, Fava, a site with acknowledgement pages)
ON_REQUEST = {"pdf": "pdf", "fava": "fava", "fava gifts": "fava", "fava page": "fava", "ack": "ack", "letter pdf": "pdf"}
SECRET = b"conservation-secret-0123456789abcdef"


def check_surfaces(main: Path, out: Path, *, pdf: bool = False, fava: bool = False, ack: bool = False,
                   only: tuple[str, ...] | None = None) -> None:
    """Check every surface (the PDFs, Fava and acknowledgement pages when asked), or `only`
    those named (SURFACES)."""
    from ledger.books import load_books
    from publish.model_builder import build_public_model
    from publish.site import publish_site

    asked = {"pdf": pdf, "fava": fava, "ack": ack}
    wanted = set(only) if only is not None else {s for s in SURFACES if s not in ON_REQUEST or asked[ON_REQUEST[s]]}
    books = load_books(main)
    # an entry with an error is left out of the books: the surfaces and the sums would agree without it
    assert books.errors == [], f"{main}: the books do not load cleanly: {[e.message for e in books.errors[:3]]}"
    entries = books.entries
    # with the site secret each gift has its acknowledgement page (many files to write): only
    # when they are checked, and for the letters, which point at them
    model = build_public_model(books, SECRET if "ack" in wanted else None)
    if model.overview is None:
        return
    if "model" in wanted:
        check_model(model, entries)
    if wanted & {"html", "open data", "gifts", "roll", "ack", "grants"}:
        site = out / "site"
        publish_site(model, site, jobs=1)
        if "html" in wanted:
            assert check_html(site, model, entries) > 0
        if "open data" in wanted:
            check_open_data(site, model, entries)
        if "gifts" in wanted:
            check_gifts(site, model, entries)
        if "roll" in wanted:
            check_roll(site, model, entries)
        if "ack" in wanted:
            check_ack(site, model, entries)
        if "grants" in wanted:
            check_grants(site, model, entries)
    if wanted & {"letters", "letter pdf"}:
        with_acks = model if "ack" in wanted else build_public_model(books, SECRET)
        if "letters" in wanted:
            check_letters(books, with_acks, entries)
        if "letter pdf" in wanted:
            check_letter_pdf(books, with_acks, entries, out / "letters", SECRET)
    if "fava gifts" in wanted:
        check_fava_gifts(main, entries)
    if "reconcile" in wanted:
        check_reconcile(books, entries)
    if "pdf" in wanted:
        check_pdf(model, entries)
    if "fava" in wanted:
        check_fava(main, entries)
    if "fava page" in wanted:
        check_fava_page(main)
