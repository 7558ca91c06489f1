"""Closed periods: the `period-close` records, their digest, the closes and corrections.

A close is recorded once (`relief close`, ledger.closes.close) and read on every load
(the closed_period rule), by month-end (ledger.reconcile) and by the site (publish/), so it
lives apart from reconcile: reconcile imports the closes, never the other way round.
Kept light on purpose: the closed_period rule imports `records` and `digest` on every load
of the books, so nothing heavy (jinja2, click) is imported here.
"""
