"""Small-cell suppression judged on the households a cell reaches, not only those it counts
as helped: a household whose aid in a cell nets below zero (aid given back) is not helped
there (ledger.audit.cases.households_helped), yet the cell is about it. A union's or a
category's cell with one household giving back ¥300 showed "0 households, -¥300.00": what
one household gave back, in public."""

from __future__ import annotations

from ledger.books import load_books
from publish.model_builder import build_public_model

from .conftest import TEST_SECRET

LATER = '''
2027-03-10 * "医疗救助退回"
  fund: "GENERAL"
  approval: "SP-2027-0001"
  case: "C0001"
  Expenses:Aid:Medical   -300.00 CNY
  Assets:Bank:Basic

2027-03-20 * "特困救助发放（3月）"
  fund: "GENERAL"
  approval: "SP-2027-0002"
''' + "".join(f'  Expenses:Aid:Living   100.00 CNY\n    case: "C000{i}"\n' for i in range(2, 10)) + '''  Assets:Bank:Basic
'''


def test_a_cell_of_one_household_giving_aid_back_is_hidden(books_copy):
    (books_copy / "txns" / "2027.beancount").write_text(LATER, encoding="utf-8")
    main = books_copy / "main.beancount"
    main.write_text(main.read_text(encoding="utf-8") + '\ninclude "txns/2027.beancount"\n', encoding="utf-8")
    books = load_books(books_copy)
    assert not books.errors, [e.message for e in books.errors]
    model = build_public_model(books, TEST_SECRET.encode())
    year = next(a for a in model.aid if a.period.key == "2027")
    for table in (year.by_month, year.by_unit):
        medical = [c.key for c in table.columns].index("Expenses:Aid:Medical")
        shown = [row.cells[medical] for row in table.rows if not row.cells[medical].suppressed]
        shown += [] if table.totals[medical].suppressed else [table.totals[medical]]
        assert all(c.amount == 0 for c in shown), (table.key, shown)  # -300.00 of one household, not shown
