"""Goods leave stock at the cost they came in at.

Goods are held in Assets:Goods at cost (`500 RICE {5.80 CNY}`). A reduction must name a cost
(`-10 RICE {}` takes the FIFO lots), must not carry a price (`@`), and the transaction's other
postings must take exactly that cost: goods handed out become aid of the same value, with no
gain or loss.
"""

from __future__ import annotations

from decimal import Decimal

from ledger.accounts import INCOME, root_of
from ledger.errors import RuleError, bilingual
from ledger.funds import posting_value
from ledger.index import transaction_index
from ledger.plugin_options import reads_no_options

__plugins__ = ("check_goods_cost",)

#: its errors on a transaction read only that transaction (ledger/rules_appended.py)
PER_TRANSACTION = True

TOLERANCE = Decimal("0.005")


@reads_no_options
def check_goods_cost(entries, options_map, config=None):
    """The rule as a beancount plugin: an error for goods that move without a cost or at a price, or hand out a gain."""
    errors = []
    for entry, goods in transaction_index(entries).goods:
        for p in goods:
            if p.units is None or p.units.currency == "CNY":
                message = bilingual(f"{p.account} 按成本记物资（例如 500 RICE {{5.80 CNY}}），不能记 {p.units}",
                                    f"{p.account} holds goods as commodities at cost (e.g. 500 RICE {{5.80 CNY}}), not {p.units}")
                errors.append(RuleError(entry.meta, message, entry))
            elif p.cost is None:
                message = bilingual(f"物资 {p.units} 出库没有写成本；请写 {{}}（或该批的成本），使其按入库成本出库",
                                    f"Goods {p.units} move without a cost; write {{}} (or the lot's cost) "
                                    "so they leave at the cost they came in at")
                errors.append(RuleError(entry.meta, message, entry))
            elif p.price is not None:
                message = bilingual(f"物资 {p.units} 带有价格（@ {p.price}）；物资按成本出库，没有收益或损失",
                                    f"Goods {p.units} carry a price (@ {p.price}); goods leave at cost, with no gain or loss")
                errors.append(RuleError(entry.meta, message, entry))
        out = -sum((posting_value(p) for p in goods if p.units and p.units.number < 0), Decimal(0))
        if out > 0:
            gains = [p for p in entry.postings if root_of(p.account) == INCOME]
            if gains:
                message = bilingual(f"发放物资在 {gains[0].account} 记了收益或损失；物资按入库成本出库（{out:,.2f} CNY）",
                                    f"Goods handed out post a gain or loss to {gains[0].account}; "
                                    f"goods leave at the cost they came in at ({out:,.2f} CNY)")
                errors.append(RuleError(entry.meta, message, entry))
    return entries, errors
