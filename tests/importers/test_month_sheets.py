"""A register kept as one workbook with a sheet per month (1月, 2月 …), read whole.

Such a workbook was refused, with the advice to save each sheet as its own file. Each month's
sheet is now read as a register of its own, and what the months share is checked across them:
one proposed id per new donor, a voucher given twice, the stock of goods in date order, one
`open` for WeChat Pay; a 汇总 sheet is never booked; a hidden month is named; importing the
workbook again with a month added books only that month. A sheet per fund is still refused
(its fund would be lost).
"""

from __future__ import annotations

from decimal import Decimal

import openpyxl
import pytest
from beancount.core import data
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from importers.context import PROPOSAL_TYPE
from importers.run import extract_files, load_importers, write_import
from ledger.books import load_books

HEAD = ["日期", "捐赠人", "金额", "收款方式", "凭证号"]
JAN = [["2026-01-05", "张三", 100, "现金", ""], ["2026-01-06", "李四", 200, "现金", ""]]
FEB = [["2026-02-05", "王五", 50, "现金", ""]]
MAR = [["2026-03-05", "赵六", 70, "现金", ""]]


def _workbook(path, sheets, head=HEAD, hidden=()):
    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for name, rows in sheets:
        ws = wb.create_sheet(name)
        for r in [head, *rows]:
            ws.append(r)
        if name in hidden:
            ws.sheet_state = "hidden"
    wb.active = next(i for i, ws in enumerate(wb.worksheets) if ws.sheet_state == "visible")
    wb.save(path)
    return path


def _import(books, *paths):
    loaded = load_books(books)
    return loaded, extract_files(loaded, list(paths), load_importers(loaded.root), balance=False)


def _txns(result):
    return [e for e in result.new if isinstance(e, data.Transaction)]


def _amounts(result):
    return sorted(t.postings[0].units.number for t in _txns(result))


def test_every_month_sheet_is_read(books, tmp_path):
    path = _workbook(tmp_path / "捐赠登记表.xlsx", [("1月", JAN), ("2月", FEB), ("3月", MAR)])
    _, (result,) = _import(books, path)
    assert result.problem is None, result.problem
    assert _amounts(result) == [50, 70, 100, 200]
    assert result.report.rows == 4
    assert result.report.file_in == {"Assets:Cash": Decimal(420)}


def test_a_bad_row_names_its_month_sheet(books, tmp_path):
    path = _workbook(tmp_path / "捐赠登记表.xlsx", [("1月", JAN), ("2月", [["2026-02-05", "王五", "待定", "现金", ""]])])
    _, (result,) = _import(books, path)
    assert result.problem is not None and not result.new
    assert str(result.problem).startswith("捐赠登记表.xlsx, sheet '2月', row 2, column '金额'"), result.problem


def test_a_summary_sheet_of_the_rows_is_not_booked_and_is_named(books, tmp_path):
    path = _workbook(tmp_path / "捐赠登记表.xlsx", [("1月", JAN + [["合计", None, 300, None, None]]), ("2月", FEB),
                                                    ("汇总", JAN + FEB + [["合计", None, 350, None, None]])])
    _, (result,) = _import(books, path)
    assert result.problem is None, result.problem
    assert _amounts(result) == [50, 100, 200]
    assert any("'汇总' holds the rows of the month sheets" in n for n in result.report.notes), result.report.notes


def test_a_summary_sheet_of_monthly_totals_is_checked_against_the_months(books, tmp_path):
    summary = [["2026-01-31", "1月合计", 300, "现金", ""], ["2026-02-28", "2月合计", 50, "现金", ""]]
    path = _workbook(tmp_path / "捐赠登记表.xlsx", [("汇总", summary), ("1月", JAN), ("2月", FEB)])
    _, (result,) = _import(books, path)
    assert result.problem is None, result.problem
    assert _amounts(result) == [50, 100, 200]
    assert any("'汇总' is a summary, not read: it agrees with the month sheets' rows (金额 350" in n
               for n in result.report.notes), result.report.notes


def test_a_summary_sheet_disagreeing_with_the_months_is_refused(books, tmp_path):
    summary = [["2026-01-31", "1月合计", 300, "现金", ""], ["2026-02-28", "2月合计", 80, "现金", ""]]
    path = _workbook(tmp_path / "捐赠登记表.xlsx", [("1月", JAN), ("2月", FEB), ("汇总", summary)])
    _, (result,) = _import(books, path)
    assert result.problem is not None and not result.new
    assert "'汇总'" in str(result.problem) and "380" in str(result.problem) and "350" in str(result.problem)


def test_a_new_donor_on_two_month_sheets_is_proposed_once(books, tmp_path):
    path = _workbook(tmp_path / "捐赠登记表.xlsx", [("1月", [["2026-01-05", "赵六", 100, "现金", ""]]),
                                                    ("2月", [["2026-02-05", "赵六", 50, "现金", ""]])])
    _, (result,) = _import(books, path)
    assert result.problem is None, result.problem
    proposals = [e for e in result.new if isinstance(e, data.Custom) and e.type == PROPOSAL_TYPE]
    assert len(proposals) == 1
    ids = {t.meta["proposed_donor"] for t in _txns(result)}
    assert ids == {proposals[0].values[0].value}


def test_a_voucher_on_two_month_sheets_is_refused_naming_both(books, tmp_path):
    path = _workbook(tmp_path / "捐赠登记表.xlsx", [("1月", [["2026-01-05", "张三", 100, "现金", "PZ001"]]),
                                                    ("2月", [["2026-02-05", "李四", 50, "现金", "PZ001"]])])
    _, (result,) = _import(books, path)
    assert result.problem is not None and not result.new
    message = str(result.problem)
    assert "sheet '2月', row 2" in message and "voucher PZ001 is also on sheet '1月', row 2" in message, message


def test_a_row_copied_into_the_next_month_is_refused(books, tmp_path):
    path = _workbook(tmp_path / "捐赠登记表.xlsx", [("1月", JAN), ("2月", FEB + JAN[:1])])
    _, (result,) = _import(books, path)
    assert result.problem is not None and not result.new
    assert "sheet '2月', row 3 is the same entry as sheet '1月', row 2" in str(result.problem), result.problem


def test_a_hidden_month_sheet_is_read_and_named(books, tmp_path):
    path = _workbook(tmp_path / "捐赠登记表.xlsx", [("1月", JAN), ("2月", FEB)], hidden=("1月",))
    _, (result,) = _import(books, path)
    assert result.problem is None, result.problem
    assert _amounts(result) == [50, 100, 200]
    assert any("'1月'" in n and "hidden" in n and "Unhide" in n for n in result.report.notes), result.report.notes


def test_a_sheet_per_fund_is_still_refused(books, tmp_path):
    path = _workbook(tmp_path / "捐赠登记表.xlsx", [("一般帮扶资金", JAN), ("金秋助学", FEB)])
    _, (result,) = _import(books, path)
    assert result.problem is not None and "write the sheet's fund in 基金" in str(result.problem)


def test_a_month_sheet_takes_its_year_from_the_workbooks_name(books, tmp_path):
    path = _workbook(tmp_path / "2026年捐赠登记表.xlsx", [("1月", [["1月5日", "张三", 100, "现金", ""]]),
                                                          ("2月", [["2月5日", "李四", 50, "现金", ""]])])
    _, (result,) = _import(books, path)
    assert result.problem is None, result.problem
    assert sorted(str(t.date) for t in _txns(result)) == ["2026-01-05", "2026-02-05"]


def test_the_workbook_again_with_a_month_added_books_only_that_month(books, tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "b").mkdir()
    loaded, (first,) = _import(books, _workbook(tmp_path / "a" / "捐赠登记表.xlsx", [("1月", JAN), ("2月", FEB)]))
    assert first.problem is None, first.problem
    write_import(loaded, [first])
    _, (again,) = _import(books, _workbook(tmp_path / "b" / "捐赠登记表.xlsx", [("1月", JAN), ("2月", FEB), ("3月", MAR)]))
    assert again.problem is None, again.problem
    assert _amounts(again) == [70]
    assert len([e for e in again.duplicates if isinstance(e, data.Transaction)]) == 3


ROSTER = ["日期", "案例编号", "类别", "金额", "审批单号", "发放方式"]


def test_a_roster_paying_by_wechat_on_two_months_proposes_one_open(books, tmp_path):
    path = _workbook(tmp_path / "发放花名册.xlsx", [("1月", [["2026-01-10", "C0001", "生活救助", 500, "SP-1", "微信"]]),
                                                   ("2月", [["2026-02-10", "C0002", "生活救助", 300, "SP-2", "微信"]])],
                     head=ROSTER)
    _, (result,) = _import(books, path)
    assert result.problem is None, result.problem
    opens = [e for e in result.new if isinstance(e, data.Open)]
    assert len(opens) == 1 and opens[0].date <= min(t.date for t in _txns(result))
    assert sorted(t.postings[0].units.number for t in _txns(result)) == [300, 500]


def test_a_roster_row_paid_again_on_the_next_month_sheet_names_it(books, tmp_path):
    row = ["2026-01-10", "C0001", "生活救助", 500, "SP-1", "现金"]
    other = ["2026-02-10", "C0002", "生活救助", 300, "SP-2", "现金"]
    path = _workbook(tmp_path / "发放花名册.xlsx", [("1月", [row]), ("2月", [other, row])], head=ROSTER)
    _, (result,) = _import(books, path)
    assert result.problem is not None and not result.new
    assert "sheet '2月', row 3" in str(result.problem), result.problem
    assert "sheet '1月', row 2 already pays case C0001" in str(result.problem), result.problem


GOODS_IN = ["日期", "捐赠人", "物资", "数量", "单价"]
GOODS_OUT = ["日期", "案例编号", "物资", "数量", "审批单号"]


@pytest.mark.parametrize("february, refused", [(6, True), (5, False)])
def test_goods_handed_out_over_the_month_sheets_are_checked_against_the_stock_in_date_order(books, tmp_path,
                                                                                          february, refused):
    stock = _workbook(tmp_path / "物资捐赠.xlsx", [("Sheet1", [["2026-01-02", "王小明", "大米", 10, 60]])], head=GOODS_IN)
    out = _workbook(tmp_path / "物资发放登记表.xlsx", [("2月", [["2026-02-10", "C0002", "大米", february, "SP-2"]]),
                                                      ("1月", [["2026-01-10", "C0001", "大米", 5, "SP-1"]])],
                    head=GOODS_OUT)
    _, (received, handed) = _import(books, stock, out)
    assert received.problem is None, received.problem
    if refused:
        assert handed.problem is not None and not handed.new
        assert str(handed.problem).startswith("物资发放登记表.xlsx, sheet '2月', row 2"), handed.problem
    else:
        assert handed.problem is None, handed.problem
        assert sorted(t.postings[0].units.number for t in _txns(handed)) == [-5, -5]


NAMES = ["张三", "李四", "王五", "赵六", "王小明", "某某机械"]
MONTHS = ["1月", "2月", "3月", "4月", "5月", "6月"]
day = st.integers(min_value=1, max_value=28)
row = st.tuples(day, st.sampled_from(NAMES), st.integers(min_value=1, max_value=99999),
                st.sampled_from(["现金", "微信"]))


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(st.lists(row, min_size=1, max_size=4, unique_by=lambda r: (r[0], r[1], r[2])), min_size=2, max_size=4))
def test_a_workbook_of_month_sheets_imports_as_the_sheets_saved_as_files(books, tmp_path_factory, months):
    tmp = tmp_path_factory.mktemp("months")
    sheets = [(MONTHS[i], [[f"2026-{i + 1:02d}-{d:02d}", n, Decimal(c) / 100, way, ""] for d, n, c, way in rows])
              for i, rows in enumerate(months)]
    whole = _workbook(tmp / "捐赠登记表.xlsx", sheets)
    parts = [_workbook(tmp / f"捐赠登记表{name}.xlsx", [(name, rows)]) for name, rows in sheets]
    _, (one,) = _import(books, whole)
    several = [_import(books, part)[1][0] for part in parts]
    assert one.problem is None, one.problem
    assert all(r.problem is None for r in several), [r.problem for r in several]

    def seen(entries):
        return sorted((t.date, t.flag, t.payee, str(t.postings), t.meta.get("source_ref"), t.meta.get("donor"),
                       t.meta.get("fund")) for t in entries if isinstance(t, data.Transaction))

    assert seen(one.new) == seen([e for r in several for e in r.new])
    assert sum(r.report.rows for r in several) == one.report.rows
