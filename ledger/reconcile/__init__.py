"""Month end: reconcile a period against statements, counts and the funds.

The checks (ledger.reconcile.checks), the report they make (report) and its terminal and
HTML forms. Closing a reconciled period belongs to ledger.closes, which takes the report
as its check.
"""
