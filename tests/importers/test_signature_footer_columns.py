"""A signature footer spread over the columns (制表日期： | 2026-03-31 | 制表人：王某 | … | 审核人：李某)
is a note, not an entry.

Why: laid out so under the 合计 row, as offices print them, the footer's date landed in 日期 or
案例编号 and the row was read as an entry: the register was refused with nine problems
("case 2026-03-31 is not registered", "'制表人：王某' is not an aid category", "the cell is
empty", ...) for two lines that book nothing. A row holding a signature label and nothing that
moves money or goods (no amount, goods, 审批单号 or 凭证号) is now listed as skipped."""

from __future__ import annotations

import pytest

from importers.run import extract_files, load_importers
from ledger.books import load_books

HEAD = "日期,案例编号,类别,金额,基金,审批单号,发放方式\n"
ROWS = "2026-03-04,C0002,生活救助,300,GENERAL,SP-1,现金\n合计,,,300,,,\n"


def _import(books, path, text):
    path.write_text(text, encoding="utf-8")
    loaded = load_books(books)
    (result,) = extract_files(loaded, [path], load_importers(loaded.root))
    return result


@pytest.mark.parametrize("footer", [
    "制表日期：,2026-03-31,制表人：王某,,审核人：李某,,\n",
    "2026-03-31,制表人：王某,,,审核人：李某,,\n",
    "2026-03-31,,经办人：张某,,,,\n",
])
def test_a_footer_over_the_columns_is_skipped(books, tmp_path, footer):
    result = _import(books, tmp_path / "花名册.csv", HEAD + ROWS + footer)
    assert result.problem is None, result.problem
    assert len([e for e in result.new if hasattr(e, "postings")]) == 1
    assert any(s.row == 4 for s in result.report.skipped), result.report.skipped


def test_a_row_with_its_approval_but_no_amount_is_still_refused(books, tmp_path):
    result = _import(books, tmp_path / "花名册.csv", HEAD + "2026-03-05,C0001,经办人：张某,,GENERAL,SP-2,现金\n")
    assert result.problem is not None and "row 2" in str(result.problem)
