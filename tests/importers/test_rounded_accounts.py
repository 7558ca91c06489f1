"""A counterparty account number a spreadsheet program rounded (8.15E+14) is no account number.

A real BOCOM export (iiwenwen/double-entry-generator's example/bocm, kept in
tests/importers/real/bocom-query/bocom-query.csv) was opened and saved in a spreadsheet
program: its 对方账户 cells read 8.15E+14 and 4.43E+20. Read with a profile, their digits were
glued into account numbers 81514 and 44320: the donors were proposed with them, and a
registered donor whose account ends in 81514 would have been given the gift. Such a cell is
now read as no account number, with a note saying why.
"""

from __future__ import annotations

import openpyxl
from beancount.core import data

from tests.importers.test_corporate_layouts import ACCOUNT, _extract


def test_a_rounded_counterparty_account_is_not_read(books, tmp_path):
    path = tmp_path / "corp.xlsx"
    book = openpyxl.Workbook()
    for row in (["交易时间", "对方单位名称", "对方账号", "借方发生额", "贷方发生额", "余额", "用途"],
                ["2026-03-02 09:12:00", "甲乙丙精密机械有限公司", "8.15E+14", None, "20,000.00", "120,000.00", "捐赠"],
                ["2026-03-03 09:12:00", "丁戊己信息科技有限公司", "6222020000009999", None, "1,000.00", "121,000.00", "捐赠"]):
        book.active.append(row)
    book.save(path)
    result = _extract(books, path)
    assert result.problem is None, result.problem
    proposals = {e.meta["name"]: e.meta for e in result.new if isinstance(e, data.Custom)}
    assert "accounts" not in proposals["甲乙丙精密机械有限公司"], proposals
    assert proposals["丁戊己信息科技有限公司"]["accounts"] == "6222020000009999"
    assert any("row 2" in n and "8.15E+14" in n and "rounded" in n for n in result.report.notes), result.report.notes
    assert sum(p.units.number for e in result.new if isinstance(e, data.Transaction)
               for p in e.postings if p.account == ACCOUNT) == 21000
