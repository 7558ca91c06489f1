"""beangulp importers for bank statements, online payments, registers and rosters.

One module per job: `reading` (CSV/XLS/XLSX and encodings into rows), `values` (amounts,
dates, masked cells), `profiles` (bank layouts as data), `bank`, `payments` (WeChat Pay,
Alipay), `registers` (donation register, disbursement roster, goods register),
`classify` (records into entries by the books' conventions), `context` (what the books
say: accounts, donors, receipts, cases), `dedupe` (source ids, beangulp's fuzzy match,
roster linking), `run` (`relief import`: dry run, atomic write, rollback), `unchecked` (an
import killed before its check, named by the next check or import), `config`
(`importers_for_books`, used by the books' import_config.py), `template_files`.
See docs/importing.md.
"""
