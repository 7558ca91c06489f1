"""Statements laid out as Chinese online banking really exports them, beyond the built-in
golden files: two accounts on one sheet, page subtotals of the last page, daily subtotals
between the days, a header whose title spans sub-columns. Each checks the money booked
against the file's own rows, and that what is not booked is listed or refused with one
message."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import openpyxl
import pytest
from beancount.core import data

from importers.profiles import draft_profile
from importers.run import extract_files, load_importers
from ledger.books import load_books

HEADER = "交易日期,交易流水号,摘要,对方户名,收入金额,支出金额,余额"
HEAD = "中国工商银行 企业网上银行 账户明细\n账号：6222000011112222\n起止日期: 2026-03-01 至 2026-03-31\n" + HEADER + "\n"


def extract(books: Path, path: Path):
    loaded = load_books(books)
    (result,) = extract_files(loaded, [path], load_importers(loaded.root))
    return result


def write(path: Path, lines: list[str], head: str = HEAD) -> Path:
    path.write_text(head + "\n".join(lines) + "\n", encoding="utf-8")
    return path


def amounts(result) -> list[Decimal]:
    return [e.postings[0].units.number for e in result.entries if isinstance(e, data.Transaction)]


def test_a_second_account_on_the_same_sheet_is_refused_not_booked_on_the_first(books, tmp_path):
    second = ["", "中国工商银行 企业网上银行 账户明细", "账号：6222000099998888", HEADER,
              "2026-03-02,ICBC9002,转账存入,李四,500.00,,500.00"]
    path = write(tmp_path / "two.csv", ["2026-03-02,ICBC0002,转账存入,张三,100.00,,1100.00"] + second)
    result = extract(books, path)
    assert result.problem is not None
    assert result.problem.row == 8 and "another account (6222000099998888)" in result.problem.message
    assert not result.entries


def test_a_second_account_under_a_statement_that_names_none_is_refused(books, tmp_path):
    """A statement naming no account above its header (BOC's 交易流水明细单, the account
    given by --account), with a second account's table pasted under it: the line 账号：… was
    skipped as "the statement's heading again" and the other account's -71.89 booked on
    this one's books account, the money line holding."""
    second = ["", "账号：6222000099998888", HEADER, "2026-03-03,ICBC9003,付款,某某文具店,,71.89,428.11"]
    path = write(tmp_path / "two.csv", ["2026-03-02,ICBC0002,转账存入,张三,100.00,,1100.00"] + second,
                 head="中国银行交易流水明细单\n" + HEADER + "\n")
    loaded = load_books(books)
    (result,) = extract_files(loaded, [path], load_importers(loaded.root), account="Assets:Bank:Basic")
    assert result.problem is not None and result.problem.row == 5, result.problem
    assert "6222000099998888" in result.problem.message and "names none" in result.problem.message
    assert not result.entries


def test_the_same_account_repeated_at_a_page_break_is_still_a_page_break(books, tmp_path):
    page = ["", "中国工商银行 企业网上银行 账户明细", "账号：6222****2222", HEADER]
    path = write(tmp_path / "paged.csv", ["2026-03-02,ICBC0002,转账存入,张三,100.00,,1100.00"] + page
                 + ["2026-03-03,ICBC0003,转账存入,李四,50.00,,1150.00"])
    result = extract(books, path)
    assert result.problem is None, result.problem
    assert amounts(result) == [Decimal("100.00"), Decimal("50.00")]
    assert {s.row for s in result.report.skipped} == {7, 8, 9}


def test_daily_subtotals_between_the_days_are_checked_and_listed(books, tmp_path):
    """本日合计 after each day's rows, dated or not: skipped and listed, every day's rows booked."""
    lines = ["2026-03-02,ICBC0002,转账存入,张三,100.00,,1100.00", "2026-03-02,ICBC0003,转账支取,某超市,,30.00,1070.00",
             "2026-03-02,,本日合计,,100.00,30.00,", "2026-03-03,ICBC0004,转账存入,李四,50.00,,1120.00",
             "当日合计,,,,50.00,0.00,", "合计,,,,150.00,30.00,"]
    result = extract(books, write(tmp_path / "daily.csv", lines))
    assert result.problem is None, result.problem
    assert amounts(result) == [Decimal("100.00"), Decimal("-30.00"), Decimal("50.00")]
    assert {s.row: s.reason.split(":")[0] for s in result.report.skipped} == {7: "the day's subtotal", 9: "the day's subtotal"}
    assert result.conserved


def test_a_daily_subtotal_that_disagrees_with_its_day_is_refused(books, tmp_path):
    lines = ["2026-03-02,ICBC0002,转账存入,张三,100.00,,1100.00", "2026-03-02,,本日合计,,90.00,,",
             "2026-03-03,ICBC0004,转账存入,李四,50.00,,1150.00"]
    result = extract(books, write(tmp_path / "daily.csv", lines))
    assert result.problem is not None and result.problem.row == 6
    assert "the day's subtotal 90.00 disagrees with the rows of 2026-03-02, which add up to 100.00" in result.problem.message


def test_the_last_pages_subtotal_adds_up_that_page_only(books, tmp_path):
    """A statement cut into pages ends with its last page's 本页合计: checked against that
    page's rows, not refused for disagreeing with the whole statement."""
    lines = ["2026-03-02,ICBC0002,转账存入,张三,100.00,,1100.00", "本页合计,,,,100.00,0.00,", "第 1 页 共 2 页", HEADER,
             "2026-03-03,ICBC0004,转账存入,李四,50.00,,1150.00", "本页合计,,,,50.00,0.00,", "第 2 页 共 2 页"]
    result = extract(books, write(tmp_path / "pages.csv", lines))
    assert result.problem is None, result.problem
    assert amounts(result) == [Decimal("100.00"), Decimal("50.00")]
    whole = extract(books, write(tmp_path / "whole.csv", lines[:5] + ["本页合计,,,,150.00,0.00,"]))  # the whole statement's
    assert whole.problem is None, whole.problem
    wrong = extract(books, write(tmp_path / "wrong.csv", lines[:5] + ["本页合计,,,,60.00,0.00,"]))
    assert wrong.problem is not None and "the last page's subtotal 60.00 disagrees with the rows of the last page" in wrong.problem.message


def test_a_corporate_export_with_a_date_and_a_separate_time_column(books, tmp_path):
    """交易日期 beside 交易时间 holding the time alone (城商行 and 农商行 corporate exports):
    the date is read from 交易日期, not refused as '10:15:00' is not a date."""
    head = "某农村商业银行 企业账户交易明细\n账号：6222000011112222\n交易日期,交易时间,借方发生额,贷方发生额,余额,对方户名,摘要,交易流水号\n"
    lines = ["2026-03-02,10:15:00,,\"1,000.00\",\"1,000.00\",财政局,拨款,R001", "2026-03-03,09:00:00,50.00,,950.00,,手续费,R002"]
    result = extract(books, write(tmp_path / "rcb.csv", lines, head=head))
    assert result.problem is None, result.problem
    booked = [(e.date.isoformat(), e.postings[0].units.number) for e in result.entries if isinstance(e, data.Transaction)]
    assert booked == [("2026-03-02", Decimal("1000.00")), ("2026-03-03", Decimal("-50.00"))]


def test_a_reversal_in_red_in_the_money_out_column_is_money_back(books, tmp_path):
    """冲正 of a payment written as a negative amount in the money-out column, where the other
    payments are positive: the money comes back (the balance rises by it), as the file's
    balances show; a bank writing every payment negative still has them as money out."""
    lines = ["2026-03-02,ICBC0002,转账存入,财政局,\"1,000.00\",,\"1,000.00\"", "2026-03-03,ICBC0003,转账支取,王五,,100.00,900.00",
             "2026-03-03,ICBC0004,冲正,王五,,-100.00,\"1,000.00\"", "合计,,,,\"1,000.00\",0.00,"]
    result = extract(books, write(tmp_path / "reversal.csv", lines))
    assert result.problem is None, result.problem
    assert amounts(result) == [Decimal("1000.00"), Decimal("-100.00"), Decimal("100.00")]
    assert result.conserved and not [n for n in result.report.notes if "does not follow" in n]
    (balance,) = [e for e in result.entries if isinstance(e, data.Balance)]
    assert balance.amount.number == sum(amounts(result))
    negative = ["2026-03-02,ICBC0002,转账存入,财政局,\"1,000.00\",,\"1,000.00\"", "2026-03-03,ICBC0003,转账支取,王五,,-100.00,900.00",
                "2026-03-04,ICBC0005,转账支取,赵六,,-50.00,850.00", "合计,,,,\"1,000.00\",150.00,"]
    result = extract(books, write(tmp_path / "negative.csv", negative))
    assert result.problem is None, result.problem
    assert amounts(result) == [Decimal("1000.00"), Decimal("-100.00"), Decimal("-50.00")]
    # payments written negative and a reversal written positive: the balances say which is
    # which; without balances the rarer sign is the reversal
    mixed = ["2026-03-02,ICBC0002,转账存入,财政局,\"1,000.00\",,\"1,000.00\"", "2026-03-03,ICBC0003,转账支取,王五,,-100.00,900.00",
             "2026-03-03,ICBC0004,冲正,王五,,100.00,\"1,000.00\"", "2026-03-04,ICBC0005,转账支取,赵六,,-50.00,950.00"]
    unbalanced = ["2026-03-02,ICBC0002,转账存入,财政局,\"1,000.00\",,", "2026-03-03,ICBC0003,转账支取,王五,,-100.00,",
                  "2026-03-03,ICBC0004,冲正,王五,,100.00,", "2026-03-04,ICBC0005,转账支取,赵六,,-50.00,"]
    for name, lines in (("balances.csv", mixed), ("none.csv", unbalanced)):
        result = extract(books, write(tmp_path / name, lines))
        assert result.problem is None, (name, result.problem)
        assert amounts(result) == [Decimal("1000.00"), Decimal("-100.00"), Decimal("100.00"), Decimal("-50.00")], name


def test_a_reversal_in_red_under_jie_in_a_direction_layout_is_money_back(books, tmp_path):
    head = "交通银行账户明细\n账号: 6222000011112222\n交易日期,交易时间,交易金额,借贷,余额,对方户名,摘要\n"
    lines = ["2026-03-02,10:00:00,\"1,000.00\",贷,\"1,000.00\",财政局,拨款", "2026-03-03,09:00:00,100.00,借,900.00,王五,援助",
             "2026-03-03,09:30:00,-100.00,借,\"1,000.00\",王五,冲正"]
    result = extract(books, write(tmp_path / "bocom.csv", lines, head=head))
    assert result.problem is None, result.problem
    assert amounts(result) == [Decimal("1000.00"), Decimal("-100.00"), Decimal("100.00")]
    (balance,) = [e for e in result.entries if isinstance(e, data.Balance)]
    assert balance.amount.number == sum(amounts(result)) == Decimal("1000.00")


def _chain_notes(result) -> list[str]:
    return [n for n in result.report.notes if "does not follow" in n]


def test_days_in_one_order_and_each_days_rows_in_the_other_chain(books, tmp_path):
    """Newest day first with each day's rows oldest first, and the other way round: no note
    of rows missing, and the closing balance is the last day's last one. A row really
    missing is still named."""
    newest_days = ["2026-03-05,R4,转账存入,甲,200.00,,\"1,200.00\"", "2026-03-05,R5,转账存入,乙,50.00,,\"1,250.00\"",
                   "2026-03-03,R3,转账存入,丙,100.00,,\"1,000.00\"", "2026-03-02,R2,转账存入,丁,900.00,,900.00"]
    oldest_days = newest_days[::-1][:2] + newest_days[:2][::-1]
    for name, lines in (("newest.csv", newest_days), ("oldest.csv", oldest_days)):
        result = extract(books, write(tmp_path / name, lines))
        assert result.problem is None, result.problem
        assert not _chain_notes(result), (name, result.report.notes)
        (balance,) = [e for e in result.entries if isinstance(e, data.Balance)]
        assert balance.amount.number == sum(amounts(result)) == Decimal("1250.00")
    gap = newest_days[:2] + newest_days[3:]  # 2026-03-03's 100.00 left out
    result = extract(books, write(tmp_path / "gap.csv", gap))
    assert len(_chain_notes(result)) == 1 and "row 5: its balance 1,200.00 does not follow from row 7's 900.00" in _chain_notes(result)[0]


def test_a_second_account_after_the_first_ones_totals_row_is_named(books, tmp_path):
    second = ["合计,,,,100.00,0.00,", "", "中国工商银行 企业网上银行 账户明细", "账号：6222000099998888", HEADER,
              "2026-03-02,ICBC9002,转账存入,李四,500.00,,500.00", "合计,,,,500.00,0.00,"]
    result = extract(books, write(tmp_path / "two.csv", ["2026-03-02,ICBC0002,转账存入,张三,100.00,,1100.00"] + second))
    assert result.problem is not None and result.problem.row == 9
    assert "another account (6222000099998888)" in result.problem.message


def test_a_layout_whose_date_column_holds_times_is_named_as_another_layout(books, tmp_path):
    """招商银行's corporate export (交易日, then 交易时间 with the time alone, 借方金额 / 贷方金额)
    has the ICBC corporate layout's columns, which read the date from 交易时间: refused as
    another layout, with a profile to start from, not as a date cell to fix."""
    head = ("招商银行 交易明细\n账号：755900000000001\n"
            "交易日,交易时间,起息日,交易类型,借方金额,贷方金额,余额,摘要,流水号,收/付方名称\n")
    lines = ["20260302,10:15:22,20260302,汇入汇款,,\"1,000.00\",\"1,000.00\",拨款,K1,市财政局",
             "20260303,09:00:00,20260303,转账,100.00,,900.00,援助,K2,王五"]
    result = extract(books, write(tmp_path / "cmb-corp.csv", lines, head=head))
    assert result.problem is not None and (result.problem.row, result.problem.column) == (4, "交易时间")
    assert "a time of day without a date" in result.problem.message and "so this file is of another layout" in result.problem.message
    assert '"date": "交易日"' in result.problem.hint


def _config(books: Path, profile: str) -> None:
    (books / "import_config.py").write_text(
        "from importers.config import importers_for_books, renumber_receipts\n"
        f"MY = {profile}\n"
        "CONFIG = importers_for_books(__file__, profiles=[MY])\nHOOKS = [renumber_receipts]\n", encoding="utf-8")


def test_a_profile_reading_money_the_wrong_way_round_is_refused(books, tmp_path):
    """A profile with 借方发生额 as money in (the centre's own books' debit, not the bank's):
    each gift was proposed as a payment and each payment as a gift, under a note that the
    balances did not follow; the balances say which way the money went."""
    _config(books, "{'id': 'rcb-corp', 'name': '农商行企业账户', 'sign': 'in-out', 'columns': {'date': '交易日期', "
                   "'in': '借方发生额', 'out': '贷方发生额', 'balance': '余额', 'payer': '对方户名', 'memo': '摘要'}}")
    head = "账号：6222000011112222\n交易日期,摘要,借方发生额,贷方发生额,余额,对方户名\n"
    lines = ["2026-03-02,转入,,\"1,000.00\",\"1,000.00\",财政局", "2026-03-03,转出,100.00,,900.00,王五"]
    result = extract(books, write(tmp_path / "rcb.csv", lines, head=head))
    assert result.problem is not None and result.problem.row == 4 and not result.entries
    assert "only if they are read the other way round" in result.problem.message
    assert 'swap the profile\'s "in" and "out" columns' in result.problem.hint
    _config(books, "{'id': 'citic-debit', 'name': '中信银行', 'sign': 'signed', 'columns': {'date': '交易日期', "
                   "'amount': '发生金额', 'balance': '账户余额', 'memo': '摘要'}}")
    head = "账号：6222000011112222\n交易日期,摘要,发生金额,账户余额\n"
    lines = ["2026-03-02,转入,\"-1,000.00\",\"1,000.00\"", "2026-03-03,转出,100.00,900.00", "2026-03-04,转出,50.00,850.00"]
    result = extract(books, write(tmp_path / "citic.csv", lines, head=head))
    assert result.problem is not None and "only if they are read the other way round" in result.problem.message


def _cover_workbook(path: Path, number: str) -> Path:
    wb = openpyxl.Workbook()
    wb.active.title = "查询条件"
    for row in [["账户明细查询"], ["账号", number], ["户名", "某某帮扶中心"], ["起止日期", "2026-03-01 至 2026-03-31"]]:
        wb.active.append(row)
    sheet = wb.create_sheet("明细")
    for row in [HEADER.split(","), ["2026-03-05", "T1", "转账存入", "王小明", 100, None, 1100]]:
        sheet.append(row)
    wb.save(path)
    return path


def test_a_cover_sheet_states_the_account_and_the_period(books, tmp_path):
    """A workbook whose first sheet is a cover page (查询条件: account and period) and whose
    second holds the rows: the account and the period are the cover's, so a statement of
    another account is not booked on the only bank account, and the month is covered."""
    result = extract(books, _cover_workbook(tmp_path / "ours.xlsx", "6222000011112222"))
    assert result.problem is None, result.problem
    (balance,) = [e for e in result.entries if isinstance(e, data.Balance)]
    assert balance.date.isoformat() == "2026-04-01" and balance.amount.number == Decimal("1100.00")
    other = extract(books, _cover_workbook(tmp_path / "other.xlsx", "6222000099998888"))
    assert other.problem is not None and "6222000099998888" in other.problem.message


def test_a_date_and_time_written_as_one_number(books, tmp_path):
    """交易时间 as 20260305102201 (a corporate export's timestamp): its day is
    read, not refused as not a date."""
    head = "账号：6222000011112222\n交易时间,交易流水号,摘要,对方户名,贷方发生额,借方发生额,余额\n"
    lines = ["20260305102201,T1,转入,王小明,100.00,,\"1,100.00\"", "2026年3月6日 10:05,T2,付款,某超市,,30.00,\"1,070.00\""]
    result = extract(books, write(tmp_path / "stamp.csv", lines, head=head))
    assert result.problem is None, result.problem
    booked = [(e.date.isoformat(), e.postings[0].units.number) for e in result.entries if isinstance(e, data.Transaction)]
    assert booked == [("2026-03-05", Decimal("100.00")), ("2026-03-06", Decimal("-30.00"))]


def test_balance_lines_without_an_amount_move_nothing(books, tmp_path):
    """期初余额 / 期末余额 / 上日余额 lines, dated, with a balance and no amount, in a signed
    layout and in a direction layout: listed as moving nothing, not refused as 'the amount
    is empty'; one whose balance does not fit its neighbours is still refused."""
    head = "账号：6222000011112222\n记账日期,货币,交易金额,联机余额,交易摘要,对手信息,客户摘要\n"
    lines = ["2026-03-01,人民币,,\"1,000.00\",期初余额,,", "2026-03-02,人民币,100.00,\"1,100.00\",转账,王小明,",
             "2026-03-31,人民币,,\"1,100.00\",期末余额,,"]
    result = extract(books, write(tmp_path / "cmb.csv", lines, head=head))
    assert result.problem is None, result.problem
    assert amounts(result) == [Decimal("100.00")] and [s.row for s in result.report.skipped] == [3, 5]
    head = "交通银行账户明细\n账号: 6222000011112222\n交易日期,交易时间,交易金额,借贷,余额,对方户名,摘要\n"
    lines = ["2026-03-01,,,,\"1,000.00\",,上日余额", "2026-03-02,10:00:00,100.00,贷,\"1,100.00\",王小明,转账"]
    result = extract(books, write(tmp_path / "bocom.csv", lines, head=head))
    assert result.problem is None, result.problem
    assert amounts(result) == [Decimal("100.00")] and [s.row for s in result.report.skipped] == [4]
    lines[0] = "2026-03-01,,,,\"9,000.00\",,上日余额"
    result = extract(books, write(tmp_path / "wrong.csv", lines, head=head))
    assert result.problem is not None and result.problem.row == 4 and "money moved" in result.problem.message


def test_an_undated_balance_line_before_the_rows_moves_nothing(books, tmp_path):
    """期初余额 written in the date column (or 上日余额 in the memo, no date) above the first
    row: listed as moving nothing, not refused as "'期初余额' is not a date"; its balance
    must still fit the first row's."""
    for line in ("期初余额,,,,,,\"1,000.00\"", ",,上日余额,,,,\"1,000.00\""):
        result = extract(books, write(tmp_path / "opening.csv", [line, "2026-03-02,T1,转账存入,王小明,100.00,,\"1,100.00\"",
                                                                 "2026-03-03,T2,付款,某超市,,50.00,\"1,050.00\"", "期末余额,,,,,,\"1,050.00\""]))
        assert result.problem is None, (line, result.problem)
        assert amounts(result) == [Decimal("100.00"), Decimal("-50.00")]
        assert [(s.row, s.reason) for s in result.report.skipped] == [(5, "a balance line: it moves no money")]
    result = extract(books, write(tmp_path / "wrong.csv", ["期初余额,,,,,,\"9,000.00\"", "2026-03-02,T1,转账存入,王小明,100.00,,\"1,100.00\""]))
    assert result.problem is not None and result.problem.row == 5 and "money moved" in result.problem.message


def test_money_headers_with_their_unit_are_the_same_columns(books, tmp_path):
    """贷方发生额(元), 借方发生额（元）, 余额(人民币元): the layout's columns with a unit, read
    as such (the file was not known for any layout, not even offered a profile)."""
    head = "账号：6222000011112222\n交易日期,交易流水号,摘要,对方户名,贷方发生额(元),借方发生额（元）,余额(人民币元)\n"
    lines = ["2026-03-02,T1,转账存入,王小明,100.00,,\"1,100.00\"", "2026-03-03,T2,付款,某超市,,50.00,\"1,050.00\""]
    result = extract(books, write(tmp_path / "units.csv", lines, head=head))
    assert result.problem is None, result.problem
    assert amounts(result) == [Decimal("100.00"), Decimal("-50.00")]
    assert '"in": "收入(元)"' in draft_profile(["日期", "收入(元)", "支出(元)", "余额(元)"])


def test_a_units_or_column_numbers_line_under_the_header_is_skipped(books, tmp_path):
    """(元) under the money columns, or the columns numbered 1, 2, 3 … (栏次), as printed
    forms have them under the header: listed as a line of the header, not refused as
    "'' is not a date"; a numbers row that is not 1 … n is still refused."""
    lines = ["2026-03-02,T1,转账存入,王小明,100.00,,\"1,100.00\"", "2026-03-03,T2,付款,某超市,,50.00,\"1,050.00\""]
    for extra in (",,,,(元),(元),(元)", "1,2,3,4,5,6,7", ",,,,单位：元,,"):
        result = extract(books, write(tmp_path / "units.csv", [extra] + lines))
        assert result.problem is None, (extra, result.problem)
        assert amounts(result) == [Decimal("100.00"), Decimal("-50.00")]
        assert [(s.row, s.reason) for s in result.report.skipped] == [(5, "a line of the header: the columns' units or numbers")]
    result = extract(books, write(tmp_path / "odd.csv", ["1,2,3,4,9,6,7"] + lines))
    assert result.problem is not None and result.problem.row == 5


def test_a_units_line_and_an_opening_balance_line_together_above_the_rows(books, tmp_path):
    lines = [",,,,(元),(元),(元)", "期初余额,,,,,,\"1,000.00\"", "2026-03-02,T1,转账存入,王小明,100.00,,\"1,100.00\""]
    result = extract(books, write(tmp_path / "both.csv", lines))
    assert result.problem is None, result.problem
    assert amounts(result) == [Decimal("100.00")] and [s.row for s in result.report.skipped] == [5, 6]


PSBC_HEAD = "中国邮政储蓄银行账户交易明细\n账号：6222000011112222\n交易日期,交易时间,交易渠道,摘要,交易金额,{}账户余额,对方账号,对方户名\n"


def test_another_banks_columns_a_built_in_layout_does_not_read_are_named(books, tmp_path):
    """邮储's export has ABC's 交易渠道 and is read by the ABC layout, which does not read its
    账户余额 and 对方户名: the dry run says so (the payers' names and the balance assertion
    were dropped under a note that the balance was "missing or masked"); a currency column it
    does not read, holding another currency, stops the import."""
    lines = ["20260302,101500,网银,转账,\"+1,000.00\",\"1,000.00\",6217000011112222,王小明", "20260303,090000,柜面,取款,-100.00,900.00,,"]
    result = extract(books, write(tmp_path / "psbc.csv", lines, head=PSBC_HEAD.format("")))
    assert result.problem is None, result.problem
    assert amounts(result) == [Decimal("1000.00"), Decimal("-100.00")]
    assert any("账户余额, 对方户名, 对方账号 are not read by the layout 农业银行借记卡明细" in n for n in result.report.notes)
    usd = ["20260302,101500,网银,转账,+100.00,美元,100.00,6217000011112222,John", "20260303,090000,柜面,取款,-10.00,美元,90.00,,"]
    result = extract(books, write(tmp_path / "usd.csv", usd, head=PSBC_HEAD.format("币种,")))
    assert result.problem is not None and result.problem.row == 4 and "would book the amounts as CNY" in result.problem.message


def test_unsigned_amounts_with_a_direction_column_the_layout_does_not_read_are_refused(books, tmp_path):
    """A CCB-like export whose 交易金额 carries no sign and whose 借贷标志 says the direction:
    the signed layout would book the payment as money in; refused, naming the column. With
    signed amounts the extra column changes nothing."""
    head = ("中国建设银行个人活期账户全部交易明细\n卡号/账号：6222000011112222\n"
            "序号,摘要,币别,钞汇,交易日期,交易金额,借贷标志,账户余额,交易地点/附言,对方账号与户名\n")
    lines = ["1,转账存入,人民币,钞,20260303,3000,贷,13000,捐款,6222/某某", "2,转账支取,人民币,钞,20260306,500,借,12500,助学金,6222/赵小红"]
    result = extract(books, write(tmp_path / "ccb.csv", lines, head=head))
    assert result.problem is not None and (result.problem.row, result.problem.column) == (5, "借贷标志")
    assert "every payment would be booked as money in" in result.problem.message
    lines[1] = lines[1].replace(",500,", ",-500,")
    result = extract(books, write(tmp_path / "signed.csv", lines, head=head))
    assert result.problem is None, result.problem
    assert amounts(result) == [Decimal("3000.00"), Decimal("-500.00")]


def test_monthly_subtotals_of_a_statement_over_several_months(books, tmp_path):
    """A quarter's statement with 本月合计 after each month's rows: each checked against its
    month and listed, every month's rows booked (the second month's rows were refused as
    rows after the totals row)."""
    lines = ["2026-02-27,T1,转账存入,王小明,100.00,,\"1,100.00\"", "2026-02-28,,本月合计,,100.00,0.00,",
             "2026-03-02,T2,付款,某超市,,30.00,\"1,070.00\"", "2026-03-31,,本月合计,,0.00,30.00,", "合计,,,,100.00,30.00,"]
    head = HEAD.replace("2026-03-01 至 2026-03-31", "2026-02-01 至 2026-03-31")
    result = extract(books, write(tmp_path / "quarter.csv", lines, head=head))
    assert result.problem is None, result.problem
    assert amounts(result) == [Decimal("100.00"), Decimal("-30.00")]
    assert [(s.row, s.reason.split(":")[0]) for s in result.report.skipped] == [(6, "the month's subtotal"), (8, "the month's subtotal")]
    lines[1] = "2026-02-28,,本月合计,,90.00,0.00,"
    wrong = extract(books, write(tmp_path / "wrong.csv", lines, head=head))
    assert wrong.problem is not None and "the month's subtotal 90.00 disagrees with the rows of 2026-02" in wrong.problem.message


@pytest.mark.parametrize("line", ["本年累计,,,,\"5,100.00\",\"4,050.00\",", "本年合计,,,,\"5,100.00\",\"4,050.00\",",
                                  "累计发生额,,,,\"5,100.00\",\"4,050.00\","])
def test_a_year_to_date_line_under_the_rows_is_passed_over(books, tmp_path, line):
    """本年累计 / 本年合计 under the month's 合计 state the year so far: neither refused as a
    row whose date is not a date nor checked against the month's rows."""
    lines = ["2026-03-02,T1,转账存入,王小明,100.00,,\"1,100.00\"", "2026-03-03,T2,付款,某超市,,50.00,\"1,050.00\"",
             "合计,,,,100.00,50.00,", line]
    result = extract(books, write(tmp_path / "ytd.csv", lines))
    assert result.problem is None, result.problem
    assert amounts(result) == [Decimal("100.00"), Decimal("-50.00")]
