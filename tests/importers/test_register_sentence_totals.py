"""A roster's footer written as a sentence: 共 3 人，合计金额 2000 元 under two rows paying
1,400.00, as union offices close a 花名册.

It was listed as a totals row that "states nothing to check", and the roster imported: a
row deleted (or never typed) went unseen. The people counted and the sum stated in such a
line are now checked against the rows, as 合计 in the amount column is.
"""

from __future__ import annotations

import pytest

from importers.run import extract_files, load_importers
from ledger.books import load_books

HEAD = "序号,姓名,案例编号,类别,金额,审批单号,发放方式,日期\n"
ROWS = ("1,李大伟,C0001,特困救助,800,SP-1,现金,2026-03-05\n"
        "2,赵小红,C0002,特困救助,600,SP-1,现金,2026-03-05\n")


def _import(books, path):
    loaded = load_books(books)
    (result,) = extract_files(loaded, [path], load_importers(loaded.root))
    return result


def _roster(tmp_path, footer: str):
    path = tmp_path / "花名册.csv"
    path.write_text(HEAD + ROWS + f'"{footer}",,,,,,,\n', encoding="utf-8")
    return path


@pytest.mark.parametrize("footer", ["共 2 人，合计金额 1400 元", "合计：1,400.00元  共2人", "合计人数：2", "共2户",
                                    "附件合计 3 张"])  # a count of attachments, no sum
def test_a_footer_sentence_that_agrees(books, tmp_path, footer):
    result = _import(books, _roster(tmp_path, footer))
    assert result.problem is None, result.problem
    assert len(result.new) == 2


# a count of fewer people than rows too: a row added under a roster its footer was written for
# (a count taken as agreeing when the rows are at least as many passed every other test)
@pytest.mark.parametrize("footer, said", [("共 3 人，合计金额 1400 元", "3"), ("共 2 人，合计金额 2000 元", "2000"),
                                          ("合计人数：3", "3"), ("共 1 人，合计金额 1400 元", "共 1 人"), ("合计人数：1", "人数：1")])
def test_a_footer_sentence_that_disagrees_is_refused(books, tmp_path, footer, said):
    result = _import(books, _roster(tmp_path, footer))
    assert result.problem is not None, result.report.skipped
    assert "row 4" in str(result.problem) and said in str(result.problem), result.problem


def test_a_case_paid_twice_counts_once_among_the_people(books, tmp_path):
    """Two payments to one case in the month: 共 2 人 over three rows is the cases counted."""
    path = tmp_path / "花名册.csv"
    path.write_text(HEAD + ROWS + "3,赵小红,C0002,医疗救助,100,SP-2,现金,2026-03-20\n" + '"共 2 人，合计金额 1500 元",,,,,,,\n',
                    encoding="utf-8")
    result = _import(books, path)
    assert result.problem is None, result.problem


def test_a_case_paid_twice_in_one_roster_is_named_in_the_dry_run(books, tmp_path):
    """Both payments are booked (a second medical bill is aid of its own), but the officer
    is told, as a row copied with its date changed would otherwise pay the case twice unseen."""
    path = tmp_path / "花名册.csv"
    path.write_text(HEAD + ROWS + "3,赵小红,C0002,特困救助,600,SP-1,现金,2026-03-20\n", encoding="utf-8")
    result = _import(books, path)
    assert result.problem is None, result.problem
    assert len(result.new) == 3
    assert any("row 4: pays case C0002 特困救助 again" in n and "row 3: 600.00 on 2026-03-05" in n for n in result.report.notes), result.report.notes
