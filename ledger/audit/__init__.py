"""What an auditor asks of the books, computed without Fava.

Pure functions over loaded entries and the registries: the fund statement, the receipt
register, donors' totals, cases in aggregate and the rules' violations grouped by rule. The
Fava extension (ledger.fava_ext) renders them; the site and the command line can call them
the same way. Every function takes the entries to look at (already narrowed by any account
or advanced filter) and an optional period [start, end).
"""

from ledger.audit.cases import CaseAggregate, aggregate_cases
from ledger.audit.donors import DonorTotal, donor_totals
from ledger.audit.receipts import ReceiptRegister, receipt_register
from ledger.audit.statement import FundStatement, fund_statement
from ledger.audit.violations import RuleGroup, rule_violations

__all__ = [
    "CaseAggregate",
    "DonorTotal",
    "FundStatement",
    "ReceiptRegister",
    "RuleGroup",
    "aggregate_cases",
    "donor_totals",
    "fund_statement",
    "receipt_register",
    "rule_violations",
]
