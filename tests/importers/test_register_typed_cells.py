"""Cells an officer types by hand into a roster: what may be written about the people
helped (a case id, nothing else), and ids typed in lower case.

A name typed where the case id belongs is refused as a name (not "enrol case 张建国"); a
case or fund id typed in lower case is the registered one; an identity or mobile number in
a 备注 (which becomes the aid entry's narration, kept in every copy of the books) is
refused, naming the cell but not repeating the number.
"""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from beancount.core import data

from importers.run import extract_files, load_importers
from ledger.books import load_books
from ledger.personal import masked, personal_details

ROSTER = ["日期", "案例编号", "类别", "金额", "基金", "审批单号", "发放方式", "备注"]


def roster(path: Path, case: str, note: str = "") -> Path:
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(ROSTER)
        w.writerow(["2026-03-05", case, "特困救助", "500", "", "SP-2026-0088", "现金", note])
    return path


def _import(books, path):
    loaded = load_books(books)
    (result,) = extract_files(loaded, [path], load_importers(loaded.root))
    return result


def test_a_name_where_the_case_id_belongs_is_refused_as_a_name(books, tmp_path):
    result = _import(books, roster(tmp_path / "花名册.csv", "张建国"))
    assert result.problem is not None
    assert "'张建国' is not a case id" in result.problem.message and "never a name" in result.problem.message
    assert "enrol" not in result.problem.message


def test_a_case_id_in_lower_case_is_the_registered_case(books, tmp_path):
    result = _import(books, roster(tmp_path / "花名册.csv", "c0001"))
    assert result.problem is None, result.problem
    (aid,) = [e for e in result.new if isinstance(e, data.Transaction)]
    assert aid.meta["case"] == "C0001"


@pytest.mark.parametrize("note", ["联系电话13800001111", "身份证 11010519491231002X 医疗费",
                                  # as a form prints it, in groups: went into the narration as typed
                                  "身份证 110105 19491231 002X 医疗费", "身份证号：110101-1985-1212-0027"])
def test_personal_numbers_in_the_note_are_refused_without_repeating_them(books, tmp_path, note):
    result = _import(books, roster(tmp_path / "花名册.csv", "C0001", note))
    assert result.problem is not None and result.problem.row == 2
    assert "personal details of the people helped never go in the books" in result.problem.message
    assert not any(part in result.problem.message for part in ("13800001111", "002X", "1212-0027"))


def test_an_identity_number_in_groups_in_the_donor_cell_is_refused(books, tmp_path):
    """A donor register's 捐赠人 holding a name and an identity number in groups was proposed
    as a donor of that name, number and all: confirmed, the honour roll shows it."""
    path = tmp_path / "捐赠登记表.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        csv.writer(fh).writerows([["日期", "捐赠人", "金额", "收款方式"], ["2026-03-10", "王小明 110101 19851212 0027", "100", "现金"]])
    result = _import(books, path)
    assert result.problem is not None and not result.new
    assert "donor cell holds what looks like a 身份证号" in str(result.problem) and "0027" not in str(result.problem)


def test_an_ordinary_note_is_the_narration(books, tmp_path):
    result = _import(books, roster(tmp_path / "花名册.csv", "C0001", "春节慰问 发票号 12345678901234567"))
    assert result.problem is None, result.problem
    (aid,) = [e for e in result.new if isinstance(e, data.Transaction)]
    assert aid.narration == "春节慰问 发票号 12345678901234567"


def test_what_counts_as_personal():
    assert personal_details("11010519491231002X") == ["身份证号 (identity number)"]
    assert personal_details("110105194912310021") == []  # wrong check character: another number
    assert personal_details("110105 19491231 002X") == ["身份证号 (identity number)"]  # in groups
    assert personal_details("1101 0519 4912 3100 2X") == ["身份证号 (identity number)"]
    assert personal_details("110105 19491231 0021") == []  # in groups, a wrong check character
    assert personal_details("账号 6217 0000 1234 5678 90") == []  # 18 digits, in groups of a card's
    assert masked("身份证 110105 19491231 002X 医疗费") == "身份证 **** 医疗费"  # what the dry run shows
    assert masked("3 2026-03-05 500 1 12 300 8") == "3 2026-03-05 500 1 12 300 8"  # a row's cells side by side
    assert personal_details("电话 138-0000-1111") == ["手机号 (mobile number)"]
    assert personal_details("+86 13800001111") == ["手机号 (mobile number)"]
    assert personal_details("审批 SP-2026-13800001111") == []
    assert personal_details("20260305123456789012") == []
    assert personal_details("") == []


def test_a_fund_id_in_lower_case_is_the_declared_fund(books, tmp_path):
    path = tmp_path / "花名册.csv"
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(ROSTER)
        w.writerow(["2026-03-05", "C0001", "助学", "500", "edu-2026", "SP-2026-0088", "现金", ""])
    result = _import(books, path)
    assert result.problem is None, result.problem
    (aid,) = [e for e in result.new if isinstance(e, data.Transaction)]
    assert aid.meta["fund"] == "EDU-2026"


def test_a_negative_amount_is_not_told_to_be_written_positive(books, tmp_path):
    """-50 with 备注 退回 is a gift given back: the advice to write it as a positive number
    would have booked another gift of 50.00."""
    from click.testing import CliRunner

    from cli import cli

    path = tmp_path / "捐赠登记表.csv"
    path.write_text("日期,捐赠人,金额,收款方式,备注\n2026-03-05,张三,100,现金,\n2026-03-06,张三,-50,现金,退回\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(books), str(path)])
    assert result.exit_code == 1, result.output
    assert "row 3, column '金额': -50 is negative" in result.output and "A gift given back" in result.output, result.output
    assert "as a positive number" not in result.output


def test_a_date_spaced_out_by_hand_is_read(books, tmp_path):
    """2026 年 3 月 5 日 and 2026. 3. 6, spaced to line up the column, were refused as no date."""
    from beancount.core import data as bdata

    from importers.run import extract_files, load_importers
    from ledger.books import load_books

    path = tmp_path / "捐赠登记表.csv"
    path.write_text("日期,捐赠人,金额,收款方式\n2026 年 3 月 5 日,张三,100,现金\n2026. 3. 6,李四,50,现金\n", encoding="utf-8")
    loaded = load_books(books)
    (result,) = extract_files(loaded, [path], load_importers(loaded.root))
    assert result.problem is None, result.problem
    assert [str(e.date) for e in result.new if isinstance(e, bdata.Transaction)] == ["2026-03-05", "2026-03-06"]


def test_figures_with_a_unit_of_ten_thousand_or_a_thousand_are_read_and_named(books, tmp_path):
    """0.5万 and 1千 as officers jot gifts down were refused with a hint about amounts in words."""
    from beancount.core import data as bdata

    from importers.run import extract_files, load_importers
    from ledger.books import load_books

    path = tmp_path / "捐赠登记表.csv"
    path.write_text("日期,捐赠人,金额,收款方式\n2026-03-05,张三,0.5万,现金\n2026-03-05,李四,1千元,现金\n", encoding="utf-8")
    loaded = load_books(books)
    (result,) = extract_files(loaded, [path], load_importers(loaded.root))
    assert result.problem is None, result.problem
    assert [e.postings[0].units.number for e in result.new if isinstance(e, bdata.Transaction)] == [5000, 1000]
    assert any("'0.5万' read as 5,000.00" in n for n in result.report.notes), result.report.notes
