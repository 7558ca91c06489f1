"""Every aid transaction carries an approval number (审批单号).

    2026-09-01 * "金秋助学金发放"
      fund: "EDU-2026"
      approval: "SP-2026-0088"     ; required on any transaction with an Expenses:Aid posting
"""

from __future__ import annotations

from ledger.errors import RuleError, missing_key
from ledger.index import transaction_index
from ledger.plugin_options import reads_no_options

__plugins__ = ("check_aid_approval",)

#: its errors on a transaction read only that transaction (ledger/rules_appended.py)
PER_TRANSACTION = True


@reads_no_options
def check_aid_approval(entries, options_map, config=None):
    """The rule as a beancount plugin: an error for each aid payment without an approval number."""
    errors = []
    for entry, _ in transaction_index(entries).aid:
        approval = entry.meta.get("approval")
        if approval is None or not str(approval).strip():
            message = missing_key('帮扶支出缺少审批单号：请在交易上加 approval: "<审批单号>"',
                                  'Aid without an approval number: '
                                  'add approval: "<审批单号>" to the transaction', entry.meta, "approval")
            errors.append(RuleError(entry.meta, message, entry))
    return entries, errors
