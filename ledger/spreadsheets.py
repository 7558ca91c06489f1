"""What a spreadsheet program reads as a formula: one definition for the rule that warns
about such names in the books (ledger/plugins/spreadsheet_names.py) and for the open data
that neutralises them in its CSV files (publish/opendata.py), so the two never disagree."""

from __future__ import annotations

#: A text cell starting with one of these is read as a formula (OWASP, "CSV injection").
FORMULA_STARTS = ("=", "+", "-", "@", "\t", "\r")
