"""An acknowledgement page's "how this fund has been used" table adds up where the donor can
see it: its categories, then a 合计/Total row that is the sum of them and the figure the
sentence above the table gives (a table of figures without its total left the reader to add
up nine amounts to check one sentence)."""

from __future__ import annotations

import re
from decimal import Decimal

TABLE = re.compile(r'<div class="scroll" tabindex="0" role="region" aria-label="(这个基金的使用情况|How this fund has been used)">(.*?)</div>', re.S)


def _amount(text: str) -> Decimal:
    return Decimal(re.sub(r"[^\d.-]", "", text))


def test_every_use_table_on_an_acknowledgement_ends_with_its_total(published):
    site, result = published
    seen = 0
    for d in result.model.donations:
        if not d.ack_path:
            continue
        fund = result.model.fund(d.fund.id)
        tables = TABLE.findall((site / d.ack_path).read_text("utf-8"))
        assert [label for label, _ in tables] == ["这个基金的使用情况", "How this fund has been used"], d.ack_path
        for label, table in tables:
            body, _, foot = table.partition("</tbody>")
            rows = [_amount(a) for a in re.findall(r'<td class="num">([^<]*)</td>', body)]
            if not fund.uses:
                assert "<tfoot>" not in foot, (d.ack_path, label)  # "not used yet" has nothing to add up
                continue
            head, total = re.search(r'<tfoot><tr><th scope="row">([^<]*)</th><td class="num">([^<]*)</td></tr></tfoot>', foot).groups()
            assert head == ("合计" if label == "这个基金的使用情况" else "Total")
            assert _amount(total) == sum(rows) == fund.spent, (d.ack_path, label)
            seen += 1
    assert seen >= 2
