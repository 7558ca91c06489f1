"""Each group of the honour roll (enterprises, organisations, individuals) ends with a 小计/
Subtotal row: its gifts and amount, the sum of its rows. The page's first sentence gives the
year's gifts and total; the groups' subtotals and the anonymous gifts now visibly make it (on
the demo's roll: 242 + 57 + 609 + 177 anonymous = 1,085 gifts)."""

from __future__ import annotations

import re
from decimal import Decimal


def _cells(row: str) -> list[str]:
    return re.findall(r'<td class="num"[^>]*>([^<]*)</td>', row)


def _n(text: str) -> Decimal:
    return Decimal(re.sub(r"[^\d.-]", "", text))


def test_every_roll_group_has_a_subtotal_that_adds_up(published):
    site, result = published
    assert result.model.rolls
    for roll in result.model.rolls:
        for prefix, word in (("", "小计"), ("en/", "Subtotal")):
            page = (site / f"{prefix}donors/{roll.period.key}.html").read_text("utf-8")
            tables = re.findall(r'<table class="amounts roll[^"]*">(.*?)</table>', page, re.S)
            assert len(tables) == len(roll.groups)
            gifts, amount = 0, Decimal(0)
            for table, group in zip(tables, roll.groups, strict=True):
                body, _, foot = table.partition("</tbody>")
                rows = [_cells(r) for r in re.findall(r"<tr>(.*?)</tr>", body, re.S)[1:]]
                assert f'<tfoot><tr><th scope="row">{word}</th>' in foot
                sub_gifts, sub_amount = _cells(foot)
                assert _n(sub_gifts) == sum(_n(r[0]) for r in rows) == sum(e.gifts for e in group.entries)
                assert _n(sub_amount) == sum(_n(r[1]) for r in rows) == sum(e.amount for e in group.entries)
                gifts, amount = gifts + int(_n(sub_gifts)), amount + _n(sub_amount)
            if not roll.earlier_refunds:
                gone = roll.returned_in_full  # a line of their own, worth nothing in the total (corrected ones are no gifts)
                assert (gifts + roll.anonymous_gifts + gone, amount + roll.anonymous_amount) == (roll.gifts, roll.total)
