"""Every aid transaction carries an approval number (审批单号).

    2026-09-01 * "金秋助学金发放"
      fund: "EDU-2026"
      approval: "SP-2026-0088"     ; required on any transaction with an Expenses:Aid posting
"""

from __future__ import annotations

from beancount.core import data

from ledger.accounts import is_aid
from ledger.errors import RuleError

__plugins__ = ("check_aid_approval",)


def check_aid_approval(entries, options_map, config=None):
    errors = []
    for entry in entries:
        if isinstance(entry, data.Transaction) and any(is_aid(p.account) for p in entry.postings):
            approval = entry.meta.get("approval")
            if approval is None or not str(approval).strip():
                errors.append(RuleError(entry.meta, 'Aid without an approval number: add approval: "<审批单号>" to the transaction', entry))
    return entries, errors
