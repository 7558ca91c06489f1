"""The audit pages as the auditor reads them, against bean-query on the same books.

surfaces.check_fava and gift_surfaces.check_fava_gifts read the extension's JSON and compare
it with tests/reference.py. What the auditor reads is the HTML page, printed by the template
from the same results: a template that printed a wrong figure in a cell (a column swapped, a
total row summed on its own) passed them. And two of the pages' figures were compared with
the books nowhere: the number of cases helped and the number of gifts of each donor.

Here each figure is read out of the rendered page (the statement's fund lines, totals table
and net assets; each donor's gifts and total and the total row; the receipt register's year
rows; the cases' total row, cases helped and amount per aid category) and compared with
bean-query (beanquery's `run_query`, the engine of `bean-query` and of Fava's Query page) on
the books: a computation that shares no code with the extension's.
"""

from __future__ import annotations

import datetime
import html
import re
from collections import defaultdict
from decimal import Decimal
from pathlib import Path
from urllib.parse import parse_qs, urlsplit

ZERO = Decimal(0)
AMOUNT = re.compile(r">(-?[\d,]+\.\d{2})<")
FIGURES = ("opening", "raised", "spent", "transfers", "closing")
NONE = (None, "None")  # str() of a metadata value the entry does not have


def _amounts(fragment: str) -> list[Decimal]:
    """The amounts printed in an HTML fragment, in order (each a link's or a span's text)."""
    return [Decimal(v.replace(",", "")) for v in AMOUNT.findall(fragment)]


def _rows(page: str, attribute: str) -> list[tuple[str, str]]:
    """(attributes, inner HTML) of the table rows whose attributes contain `attribute`."""
    rows = re.findall(r"<tr ([^>]*)>(.*?)</tr>", page, re.S)
    return [(attrs, body) for attrs, body in rows if attribute in attrs]


def _when(start: datetime.date | None, end: datetime.date | None) -> str:
    """A BQL condition for [start, end)."""
    parts = [f"date >= {start}" if start else "", f"date < {end}" if end else ""]
    return " AND ".join(p for p in parts if p) or "TRUE"


class BeanQuery:
    """bean-query's answers on the books, summed per fund, donor, receipt year, aid category.

    Values are each posting's weight (its cost when held at cost, its price when converted)
    in CNY; a posting of another currency is left out, as every surface leaves it out."""

    def __init__(self, main: Path) -> None:
        from beancount import loader

        self.entries, _, self.options = loader.load_file(str(main))

    def rows(self, bql: str) -> list[tuple]:
        """The result rows of one query."""
        from beanquery.query import run_query

        return run_query(self.entries, self.options, bql)[1]

    def statement(self, start, end) -> dict[str, dict[str, Decimal]]:
        """Per fund (the posting's own `fund`, else the transaction's): FIGURES, where the
        opening balance holds what was carried into the books in the period."""
        out: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
        bql = (
            "SELECT str(any_meta('fund')), account, date, number(weight)"
            " WHERE currency(weight) = 'CNY'"
            f" AND root(account, 1) IN ('Income', 'Expenses', 'Equity') AND {_when(None, end)}"
        )
        for fund, account, date, n in self.rows(bql):
            f = out["" if fund in NONE else fund]
            f["closing"] -= n
            if start and date < start:
                f["opening"] -= n
            elif account.startswith("Income:"):
                f["raised"] -= n
            elif account.startswith("Expenses:"):
                f["spent"] += n
            elif account == "Equity:FundTransfers":
                f["transfers"] -= n
            else:
                f["opening"] -= n
        return out

    def net_assets(self, end) -> Decimal:
        """Assets less liabilities up to `end`, goods at the value their entries booked (less
        the part of a fen an entry booking goods in parts to the fen leaves over:
        tests/reference.py goods_rounding)."""
        from beancount.core import data

        from tests.reference import goods_rounding

        bql = (
            "SELECT sum(number(weight)) WHERE currency(weight) = 'CNY'"
            f" AND root(account, 1) IN ('Assets', 'Liabilities') AND {_when(None, end)}"
        )
        rows = self.rows(bql)
        rounding = sum((goods_rounding(e) for e in self.entries
                        if isinstance(e, data.Transaction) and (end is None or e.date < end)), ZERO)
        return ((rows[0][0] if rows else None) or ZERO) - rounding

    def goods(self, start, end) -> list[Decimal]:
        """The goods at cost (as their entries booked them: goods_rounding) of the opening
        balance of [start, end) (held before start, and those of an entry in the period that
        carries money into the books: an Equity posting other than a transfer), those that
        came into stock and went out in it (each entry's goods net), and those held at the end."""
        from beancount.core import compare, data

        from tests.reference import goods_rounding

        bql = (
            "SELECT id, date, account, number(weight) WHERE currency(weight) = 'CNY'"
            f" AND (account ~ '^Assets:Goods(:|$)' OR root(account, 1) = 'Equity') AND {_when(None, end)}"
        )
        moved: dict[str, list] = {}
        for txn, date, account, n in self.rows(bql):
            line = moved.setdefault(txn, [date, ZERO, False])
            if account.startswith("Equity:"):
                line[2] = line[2] or account != "Equity:FundTransfers"
            else:
                line[1] += n
        rounding = {compare.hash_entry(e): goods_rounding(e) for e in self.entries if isinstance(e, data.Transaction)}
        opening = came = went = ZERO
        for txn, (date, net, carried) in moved.items():
            net -= rounding.get(txn, ZERO)
            if start is not None and date < start or carried:
                opening += net
            elif net > 0:
                came += net
            else:
                went -= net
        return [opening, came, went, opening + came - went]

    def gifts(self, start, end) -> dict[str, tuple[str, str, Decimal]]:
        """Each donation transaction by its id: (donor, receipt, what it gave in CNY)."""
        out: dict[str, list] = {}
        bql = (
            "SELECT id, str(entry_meta('donor')), str(entry_meta('receipt')),"
            " currency(weight), number(weight)"
            f" WHERE account ~ '^Income:Donation(:|$)' AND {_when(start, end)}"
        )
        for txn, donor, receipt, currency, n in self.rows(bql):
            blank = ["" if donor in NONE else donor, "" if receipt in NONE else receipt, ZERO]
            gift = out.setdefault(txn, blank)
            if currency == "CNY":
                gift[2] -= n
        return {k: tuple(v) for k, v in out.items()}

    def aid(self, start, end) -> dict[str, tuple[int, Decimal]]:
        """Per aid category, and "total" for all: (cases helped, amount). A case is helped
        when its net aid there is above zero (paid and reversed, it was not)."""
        nets: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
        amounts: dict[str, Decimal] = defaultdict(Decimal)
        bql = (
            "SELECT root(account, 3), str(any_meta('case')), number(weight)"
            " WHERE account ~ '^Expenses:Aid:' AND currency(weight) = 'CNY'"
            f" AND {_when(start, end)}"
        )
        for category, case, n in self.rows(bql):
            for key in (category, "total"):
                amounts[key] += n
                if case not in NONE:
                    nets[key][case] += n
        return {k: (sum(1 for v in nets[k].values() if v > 0), amounts[k]) for k in amounts}


class Pages:
    """The audit page of one view and period, as Fava renders it."""

    def __init__(self, main: Path) -> None:
        from cli.serve import make_app

        fava = make_app(main)
        self.client = fava.app.test_client()
        self.base = f"/{fava.slug}/extension/ReliefAudit/"

    def get(self, view: str, query: dict) -> str:
        response = self.client.get(self.base, query_string={"view": view, **query})
        assert response.status_code == 200, f"Fava {view} page {query}: {response.status_code}"
        return response.get_data(as_text=True)

    def every_page(self, view: str, query: dict) -> str:
        """The view's pages (?page=, the donors' 500 to a page) one after the other."""
        first = self.get(view, query)
        last = max(map(int, re.findall(r'data-page="(\d+)"', first)), default=1)
        return "".join([first, *(self.get(view, {**query, "page": n}) for n in range(2, last + 1))])


def check_statement_page(page: str, kinds: dict[str, str], bq: BeanQuery, period, where) -> None:
    """Each fund's lines and the totals table (restricted, unrestricted, all: `kinds` gives
    each fund's kind) and the net assets."""
    start, end = period
    shown: dict[str, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
    for attrs, body in _rows(page, "data-line="):
        fund = html.unescape(re.search(r'data-fund="([^"]*)"', attrs).group(1))
        line = re.search(r'data-line="(\w+)"', attrs).group(1)
        name = {"source": "raised", "use": "spent", "transfer": "transfers"}.get(line, line)
        if line != "carried":  # "of which carried over": a part of the opening balance
            [value] = _amounts(body)
            shown[fund][name] += value
    want = bq.statement(start, end)
    for fund, fig in shown.items():
        for name in FIGURES:
            ref = want.get(fund, {}).get(name, ZERO)
            assert fig[name] == ref, \
                f"Fava statement page {where}, fund {fund or '-'}: {name} {fig[name]}, BQL {ref}"
    moved = {f for f, r in want.items() if any(r.values())}
    assert moved <= set(shown), f"Fava statement page {where}: no rows for {moved - set(shown)}"
    totals = {re.search(r'data-total="(\w+)"', attrs).group(1): _amounts(body)
              for attrs, body in _rows(page, "data-total=")}
    net = totals.pop("net_assets")
    assert net == [bq.net_assets(end)], f"Fava statement page {where}: net assets {net}"
    # the goods in the net assets, reconciled as the site's statements do: opening + in − out = held
    goods = bq.goods(start, end)
    assert totals.get("goods", [ZERO] * 4) == goods, \
        f"Fava statement page {where}: goods opening, in, out, held {totals.get('goods')}, bean-query {goods}"
    for key, which in (("restricted", {"restricted"}), ("unrestricted", {"unrestricted"}),
                       ("declared", {"restricted", "unrestricted"})):
        chosen = [want.get(f, {}) for f, k in kinds.items() if k in which]
        ref = [sum((r.get(n, ZERO) for r in chosen), ZERO) for n in FIGURES]
        assert totals[key] == ref, \
            f"Fava statement page {where}, totals {key}: {totals[key]}, bean-query {ref}"


def check_donors_page(page: str, bq: BeanQuery, period, where) -> None:
    """Each donor's number of gifts and total, and the total row."""
    gifts = bq.gifts(*period)
    want: dict[str, tuple[int, Decimal]] = {}
    for donor, _, amount in gifts.values():
        count, total = want.get(donor, (0, ZERO))
        want[donor] = (count + 1, total + amount)
    shown = {}
    for donor, row in re.findall(r'<tr data-donor="([^"]*)">(.*?)<details>', page, re.S):
        count = int(re.findall(r'<td class="num"><a [^>]*>(\d+)</a></td>', row)[0])
        shown[html.unescape(donor)] = (count, _amounts(row)[0])
    differ = sorted(k for k in shown.keys() | want.keys() if shown.get(k) != want.get(k))
    first = [(k, shown.get(k), want.get(k)) for k in differ[:3]]
    assert not differ, f"Fava donors page {where} (donor, shown, bean-query): {first}"
    if gifts:
        total = r'<tr class="total"><td colspan="3">.*?</td><td class="num">(\d+)</td>(.*?)</tr>'
        row = re.search(total, page, re.S)
        ref = (len(gifts), sum((g[2] for g in gifts.values()), ZERO))
        assert row and (int(row.group(1)), _amounts(row.group(2))[0]) == ref, \
            f"Fava donors page {where}: total row {row and row.group(1)}, bean-query {ref}"


def check_cases_page(page: str, bq: BeanQuery, period, where) -> None:
    """The total row: cases helped and amount in each aid category (named by its link's
    account filter) and in all."""
    shown = {}
    row = re.search(r'<tr class="total"><td>.*?</td>(.*?)</tr>', page, re.S)
    cell = r'<span>(\d+) /</span> <a href="([^"]+)"[^>]*>(-?[\d,]+\.\d{2})</a>'
    for count, href, amount in re.findall(cell, row.group(1)) if row else ():
        flt = parse_qs(urlsplit(html.unescape(href)).query)["filter"][0]
        account = re.search(r'account:"\^\(([^)]*)\)', flt).group(1).replace("\\", "")
        key = "total" if account == "Expenses:Aid" else account
        shown[key] = (int(count), Decimal(amount.replace(",", "")))
    want = bq.aid(*period)
    assert shown == want, f"Fava cases page {where}: total row {shown}, bean-query {want}"
    # each unit's row: its cells add up to its total, and the units' totals to all the aid
    units = [_amounts(body) for _, body in _rows(page, "data-unit=")]
    for amounts in units:
        assert sum(amounts[:-1], ZERO) == amounts[-1], f"Fava cases page {where}: a unit's cells {amounts[:-1]}, its total {amounts[-1]}"
    assert sum((a[-1] for a in units), ZERO) == want.get("total", (0, ZERO))[1], \
        f"Fava cases page {where}: the units' totals {[a[-1] for a in units]}, bean-query {want.get('total')}"


def check_receipts_page(page: str, bq: BeanQuery) -> None:
    """Each year's row: numbers issued, gifts (shown beside them when a number was used
    twice) and amount. Books whose voided numbers were used are not for this check."""
    want: dict[int, list] = defaultdict(lambda: [set(), 0, ZERO])
    for _, receipt, amount in bq.gifts(None, None).values():
        found = re.search(r"-(\d{4})-\d+$", receipt)
        if found:
            year = want[int(found.group(1))]
            year[0].add(receipt)
            year[1] += 1
            year[2] += amount
    for attrs, row in _rows(page, "data-year="):
        year = int(re.search(r'data-year="(\d+)"', attrs).group(1))
        numbers, count, amount = want.pop(year, [set(), 0, ZERO])
        cells = re.findall(r'<td class="num[^"]*">(.*?)</td>', row, re.S)
        issued = int(re.match(r"(?:<a [^>]*>)?(\d+)", cells[0]).group(1))
        gifts = re.search(r"\(<a [^>]*>(\d+)</a> 笔捐赠", cells[0])
        where = f"Fava receipts page, {year}"
        assert issued == len(numbers), f"{where}: {issued} issued, bean-query {len(numbers)}"
        assert (int(gifts.group(1)) if gifts else issued) == count, f"{where}: gifts"
        assert _amounts(cells[-1]) == [amount], f"{where}: {cells[-1]}, bean-query {amount}"
    assert not want, f"Fava receipts page: no row for {sorted(want)}"


def _periods(years: list[int]):
    """(Fava's time filter, [start, end)) for each year and each quarter of the books: a
    quarter's statement opens with what the year's earlier quarters left."""
    for year in years:
        yield str(year), (datetime.date(year, 1, 1), datetime.date(year + 1, 1, 1))
        for q in range(4):
            end = datetime.date(year + 1, 1, 1) if q == 3 else datetime.date(year, 3 * q + 4, 1)
            yield f"{year}-Q{q + 1}", (datetime.date(year, 3 * q + 1, 1), end)


def check_fava_page(main: Path) -> None:
    """The statement, donors and cases pages for all time, each year and each quarter, the
    receipt register's years, against bean-query on the books."""
    pages = Pages(main)
    bq = BeanQuery(main)
    first = pages.get("statement", {})
    kinds = dict(re.findall(r'<tr class="fund" data-fund="([^"]*)" data-kind="(\w+)"', first))
    years = sorted(y for (y,) in bq.rows("SELECT DISTINCT year"))
    for time, period in [("", (None, None)), *_periods(years)]:
        query = {"time": time} if time else {}
        where = f"time={time or 'all'}"
        check_statement_page(pages.get("statement", query), kinds, bq, period, where)
        check_donors_page(pages.every_page("donors", query), bq, period, where)
        check_cases_page(pages.get("cases", query), bq, period, where)
    check_receipts_page(pages.get("receipts", {}), bq)
