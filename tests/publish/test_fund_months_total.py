"""A fund page's month-by-month table ends with a 合计/Total row: what was raised, each use
and what was spent, each the sum of the months above it (and so the fund's own raised and
spent). It had none: the reader could not see the twelve months add up to the figures at
the top of the page."""

from __future__ import annotations

import re
from decimal import Decimal

TABLE = re.compile(r'<table class="amounts by-month[^"]*">(.*?)</table>', re.S)


def _cells(row: str) -> list[Decimal | None]:
    return [None if c == "–" else Decimal(re.sub(r"[^\d.-]", "", c)) for c in re.findall(r'<td class="num"[^>]*>([^<]*)</td>', row)]


def test_every_fund_month_table_adds_up_in_its_total_row(published):
    site, result = published
    checked = 0
    for fund in result.model.funds:
        for prefix, total_word in (("", "合计"), ("en/", "Total")):
            page = (site / f"{prefix}funds/{fund.ref.slug}.html").read_text("utf-8")
            [table] = TABLE.findall(page)
            body, _, foot = table.partition("</tbody>")
            rows = [_cells(r) for r in re.findall(r"<tr>(.*?)</tr>", body, re.S)[1:]]  # [0] is the heading
            if not fund.months:
                assert "<tfoot>" not in foot
                continue
            assert re.search(rf'<tfoot><tr><th scope="row">{total_word}</th>', foot), (fund.ref.slug, prefix)
            total = _cells(foot)
            assert len(total) == len(rows[0]) == len(fund.use_columns) + 2
            sums = [sum((r[i] or Decimal(0) for r in rows), Decimal(0)) for i in range(len(total))]
            assert [t or Decimal(0) for t in total] == sums, (fund.ref.slug, prefix)
            assert (total[0], total[-1]) == (fund.raised, fund.spent), fund.ref.slug
            checked += 1
    assert checked >= 4
