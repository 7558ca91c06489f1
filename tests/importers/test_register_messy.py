"""Registers and rosters as an officer types them by hand: a giver written as 爱心人士 or 张三（匿名）,
a quantity typed with its unit (50袋), amounts in numerals (壹仟元整), 实发金额 beside 应发金额, the
register on a second sheet, personal details in cells and in rows the dry run shows.

Every row of the file is either booked right or refused naming the row and what to do.
"""

from __future__ import annotations

import csv
from pathlib import Path

import openpyxl
import pytest
from beancount.core import data

from importers.run import extract_files, load_importers
from ledger.books import load_books


def _import(books, path):
    loaded = load_books(books)
    (result,) = extract_files(loaded, [path], load_importers(loaded.root))
    return result


def _csv(path: Path, rows) -> Path:
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows(rows)
    return path


@pytest.mark.parametrize("giver", ["爱心人士", "热心人士", "爱心市民", "匿名人士", "不愿透露姓名"])
def test_a_kind_hearted_person_is_an_anonymous_gift_not_a_donor(books, tmp_path, giver):
    path = _csv(tmp_path / "捐赠登记表.csv", [["日期", "捐赠人", "金额", "收款方式"],
                                             ["2026-03-10", giver, "30.50", "现金"],
                                             ["2026-03-11", "王小明", "20", "现金"]])
    result = _import(books, path)
    assert result.problem is None, result.problem
    proposals = [e for e in result.new if isinstance(e, data.Custom) and e.type == "donor-proposal"]
    assert proposals == []
    gift, other = [e for e in result.new if isinstance(e, data.Transaction)]
    assert gift.payee is None and gift.meta["donor"] == "ANON"  # 匿名捐赠人, anonymous: all
    assert gift.postings[0].units.number == 30.50
    assert other.meta["donor"] == "D0002"


def _stock_rice(books, tmp_path, bags="50"):
    """Receive RICE (counted in 袋 by the test books) so that a goods register can hand it out."""
    path = _csv(tmp_path / "物资捐赠.csv", [["日期", "捐赠人", "物资", "数量", "单价"],
                                           ["2026-03-01", "王小明", "大米", bags, "60元"]])
    return _import(books, path)


@pytest.mark.parametrize("typed", ["50袋", "50 袋", "５０袋", "50bag", "50 bags"])
def test_goods_received_counted_in_the_items_own_unit_are_read(books, tmp_path, typed):
    result = _stock_rice(books, tmp_path, typed)
    assert result.problem is None, result.problem
    (gift,) = [e for e in result.new if isinstance(e, data.Transaction)]
    assert gift.postings[0].units.number == 50 and gift.postings[0].units.currency == "RICE"
    assert gift.postings[1].units.number == -3000


@pytest.mark.parametrize("typed", ["50箱", "50元", "50公斤"])
def test_goods_received_counted_in_another_unit_are_refused_naming_both(books, tmp_path, typed):
    result = _stock_rice(books, tmp_path, typed)
    assert result.problem is not None and not result.new
    message = str(result.problem)
    assert "row 2" in message and "数量" in message and typed in message and "袋" in message


def _hand_out(books, tmp_path, typed):
    """Receive 50 RICE, then hand out `typed` of it in a goods register, in one run."""
    _stock_rice(books, tmp_path)
    out = _csv(tmp_path / "物资发放登记表.csv", [["日期", "案例编号", "物资", "数量", "审批单号"],
                                               ["2026-03-08", "C0001", "大米", typed, "SP-2026-0020"]])
    loaded = load_books(books)
    received, handed = extract_files(loaded, [tmp_path / "物资捐赠.csv", out], load_importers(loaded.root))
    assert received.problem is None, received.problem
    return handed


def test_a_goods_register_typing_the_items_unit_hands_out_that_many(books, tmp_path):
    handed = _hand_out(books, tmp_path, "2袋")
    assert handed.problem is None, handed.problem
    (txn,) = [e for e in handed.new if isinstance(e, data.Transaction)]
    assert txn.postings[0].units.number == -2 and txn.postings[0].units.currency == "RICE"


def test_a_goods_register_typing_another_unit_is_refused_naming_both(books, tmp_path):
    handed = _hand_out(books, tmp_path, "1箱")
    assert handed.problem is not None and not handed.new
    message = str(handed.problem)
    assert "row 2" in message and "1箱" in message and "袋" in message


def test_a_bad_row_on_the_second_sheet_is_named_with_its_sheet(books, tmp_path):
    wb = openpyxl.Workbook()
    wb.active.title = "填表说明"
    wb.active.append(["金额写数字，日期写 2026-03-05"])
    ws = wb.create_sheet("3月")
    for r in [["日期", "捐赠人", "金额", "收款方式"], ["2026-03-05", "王小明", "待定", "现金"]]:
        ws.append(r)
    wb.create_sheet("Sheet3")
    path = tmp_path / "捐赠登记表.xlsx"
    wb.save(path)
    result = _import(books, path)
    assert result.problem is not None and not result.new
    assert str(result.problem).startswith("捐赠登记表.xlsx, sheet '3月', row 2, column '金额'"), result.problem


def test_a_workbook_of_one_sheet_is_named_without_it(books, tmp_path):
    wb = openpyxl.Workbook()
    for r in [["日期", "捐赠人", "金额", "收款方式"], ["2026-03-05", "王小明", "待定", "现金"]]:
        wb.active.append(r)
    path = tmp_path / "捐赠登记表.xlsx"
    wb.save(path)
    result = _import(books, path)
    assert str(result.problem).startswith("捐赠登记表.xlsx, row 2, column '金额'"), result.problem


@pytest.mark.parametrize("words, figure", [("壹仟元整", "1000.00"), ("人民币壹仟贰佰零伍元伍角整", "1205.50"),
                                           ("一千二百元", "1200.00"), ("壹万零伍元", "10005.00"),
                                           ("1000元整", "1000.00"), ("２００元整", "200.00")])
def test_an_amount_in_chinese_numerals_is_read_and_named_in_the_dry_run(books, tmp_path, words, figure):
    path = _csv(tmp_path / "捐赠登记表.csv", [["日期", "捐赠人", "金额", "收款方式"],
                                             ["2026-03-10", "王小明", words, "现金"],
                                             ["合计", "", "", ""]])
    result = _import(books, path)
    assert result.problem is None, result.problem
    (gift,) = [e for e in result.new if isinstance(e, data.Transaction)]
    assert str(gift.postings[0].units.number) == figure
    assert any("row 2" in n and words in n and f"{float(figure):,.2f}" in n for n in result.report.notes), result.report.notes


@pytest.mark.parametrize("words", ["壹佰伍", "壹万伍", "壹仟壹", "壹佰元伍"])
def test_an_amount_in_numerals_read_two_ways_is_refused(books, tmp_path, words):
    path = _csv(tmp_path / "捐赠登记表.csv", [["日期", "捐赠人", "金额", "收款方式"],
                                             ["2026-03-10", "王小明", words, "现金"]])
    result = _import(books, path)
    assert result.problem is not None and not result.new
    assert "row 2" in str(result.problem) and words in str(result.problem)


def test_a_total_disagreeing_with_rows_in_numerals_is_still_refused(books, tmp_path):
    path = _csv(tmp_path / "捐赠登记表.csv", [["日期", "捐赠人", "金额", "收款方式"],
                                             ["2026-03-10", "王小明", "壹仟元整", "现金"],
                                             ["2026-03-11", "王小明", "200", "现金"],
                                             ["合计", "", "1300", ""]])
    result = _import(books, path)
    assert result.problem is not None and "1,200" in str(result.problem), result.problem


def test_what_numerals_read_as():
    from decimal import Decimal

    from importers.amount_words import parse_amount_words as read
    assert read("叁万零贰佰元整") == Decimal("30200")
    assert read("壹拾万元") == Decimal("100000") and read("拾伍万元") == Decimal("150000")
    assert read("壹仟元零伍分") == Decimal("1000.05")
    assert read("壹亿零伍万元") == Decimal("100050000")
    assert read("1.5万元") == Decimal("15000") and read("0.5万") == Decimal("5000")  # figures with their unit
    for unsure in ("壹佰伍", "伍万伍", "壹佰拾元", "壹拾佰元", "壹元壹", "元", "abc", "1.5万5", "0.0000001万"):
        assert read(unsure) is None, unsure


def test_a_skipped_roster_row_is_shown_without_its_name_and_identity_number(books, tmp_path):
    path = _csv(tmp_path / "发放花名册.csv", [
        ["序号", "姓名", "身份证号", "联系电话", "案例编号", "类别", "金额", "审批单号", "日期", "备注"],
        ["1", "李大伟", "110101199003074477", "13800001111", "C0001", "医疗", "800", "SP-2026-0010", "2026-03-10", ""],
        ["2", "赵小红", "110101199003074477", "13800002222", "", "", "", "", "", "待核实"],
        ["合计", "", "", "", "", "", "800", "", "", ""]])
    result = _import(books, path)
    assert result.problem is None, result.problem
    shown = " ".join(f"{s.reason} {s.summary}" for s in result.report.skipped)
    assert [s.row for s in result.report.skipped] == [3, 4]
    for personal in ("赵小红", "110101199003074477", "13800002222"):
        assert personal not in shown, shown
    assert "待核实" in shown and "合计" in shown


def test_a_skipped_donation_row_is_shown_without_the_donors_contact(books, tmp_path):
    path = _csv(tmp_path / "捐赠登记表.csv", [["日期", "捐赠人", "金额", "收款方式", "联系方式", "备注"],
                                             ["2026-03-10", "王小明", "100", "现金", "", ""],
                                             ["", "王小明", "", "", "13800003333", "下月再捐"]])
    result = _import(books, path)
    assert result.problem is None, result.problem
    shown = " ".join(s.summary for s in result.report.skipped)
    assert "13800003333" not in shown and "下月再捐" in shown, shown


def test_a_roster_paying_less_than_due_books_what_was_paid(books, tmp_path):
    path = _csv(tmp_path / "发放花名册.csv", [["日期", "案例编号", "类别", "应发金额", "实发金额", "审批单号"],
                                             ["2026-03-10", "C0001", "医疗", "1000", "800", "SP-2026-0010"]])
    result = _import(books, path)
    assert result.problem is None, result.problem
    (aid,) = [e for e in result.new if isinstance(e, data.Transaction)]
    assert sorted(p.units.number for p in aid.postings) == [-800, 800]


def test_a_roster_with_an_amount_and_an_amount_paid_is_refused_naming_both(books, tmp_path):
    path = _csv(tmp_path / "发放花名册.csv", [["日期", "案例编号", "类别", "金额", "实发金额", "审批单号"],
                                             ["2026-03-10", "C0001", "医疗", "1000", "800", "SP-2026-0010"]])
    result = _import(books, path)
    assert result.problem is not None and not result.new
    assert "'金额'" in str(result.problem) and "'实发金额'" in str(result.problem), result.problem


@pytest.mark.parametrize("total, agrees", [("3袋", True), ("3", True), ("5", False), ("壹仟元整", True),
                                           ("壹仟贰佰元", False)])
def test_a_total_of_cells_typed_with_units_or_numerals_is_checked(books, tmp_path, total, agrees):
    goods = total[0].isdigit()
    head = ["日期", "捐赠人", "物资", "数量", "单价"] if goods else ["日期", "捐赠人", "金额", "收款方式"]
    rows = ([["2026-03-01", "王小明", "大米", "1袋", "60"], ["2026-03-02", "王小明", "大米", "2袋", "60"],
             ["合计", "", "", total, ""]] if goods else
            [["2026-03-01", "王小明", "伍佰元", "现金"], ["2026-03-02", "王小明", "500元", "现金"],
             ["合计", "", total, ""]])
    result = _import(books, _csv(tmp_path / "捐赠登记表.csv", [head, *rows]))
    if agrees:
        assert result.problem is None, result.problem
        assert any("agrees" in s.reason for s in result.report.skipped), result.report.skipped
    else:
        assert result.problem is not None and "totals row says" in str(result.problem), result.problem


@pytest.mark.parametrize("written, account", [("微信转账", "Assets:Online:WeChat"), ("支付宝转账", "Assets:Online:Alipay"),
                                              ("对公转账", "Assets:Bank"), ("现金（捐款箱）", "Assets:Cash"),
                                              ("捐款箱", "Assets:Cash"), ("银行汇款", "Assets:Bank")])
def test_ways_of_receiving_as_officers_write_them(books, tmp_path, written, account):
    path = _csv(tmp_path / "捐赠登记表.csv", [["日期", "捐赠人", "金额", "收款方式"],
                                             ["2026-03-10", "王小明", "100", written]])
    result = _import(books, path)
    assert result.problem is None, result.problem
    (gift,) = [e for e in result.new if isinstance(e, data.Transaction)]
    assert gift.postings[0].account.startswith(account), gift.postings[0].account


@pytest.mark.parametrize("written, account", [("银行卡", "Assets:Bank"), ("打卡", "Assets:Bank"),
                                              ("现金发放", "Assets:Cash")])
def test_ways_of_paying_as_officers_write_them(books, tmp_path, written, account):
    path = _csv(tmp_path / "发放花名册.csv", [["日期", "案例编号", "类别", "金额", "审批单号", "发放方式"],
                                             ["2026-03-10", "C0001", "医疗", "100", "SP-2026-0010", written]])
    result = _import(books, path)
    assert result.problem is None, result.problem
    (aid,) = [e for e in result.new if isinstance(e, data.Transaction)]
    assert any(p.account.startswith(account) for p in aid.postings), aid.postings


@pytest.mark.parametrize("written", ["扫码", "其他"])
def test_a_way_of_receiving_that_names_no_account_is_refused(books, tmp_path, written):
    path = _csv(tmp_path / "捐赠登记表.csv", [["日期", "捐赠人", "金额", "收款方式"],
                                             ["2026-03-10", "王小明", "100", written]])
    result = _import(books, path)
    assert result.problem is not None and "收款方式" in str(result.problem)


@pytest.mark.parametrize("donor, note", [("王小明", "联系电话13800001111"), ("匿名", "电话 138-0000-1111"),
                                         ("爱心人士", "身份证110101199003074477")])
def test_a_donation_note_holding_a_phone_or_identity_number_is_refused_without_repeating_it(books, tmp_path, donor, note):
    path = _csv(tmp_path / "捐赠登记表.csv", [["日期", "捐赠人", "金额", "收款方式", "联系方式", "备注"],
                                             ["2026-03-10", donor, "100", "现金", "", note]])
    result = _import(books, path)
    assert result.problem is not None and not result.new
    message = str(result.problem)
    assert "row 2" in message and "备注" in message and "联系方式" in message
    assert "13800001111" not in message and "1111" not in message and "110101199003074477" not in message


def test_a_donation_note_with_other_numbers_is_the_narration(books, tmp_path):
    path = _csv(tmp_path / "捐赠登记表.csv", [["日期", "捐赠人", "金额", "收款方式", "备注"],
                                             ["2026-03-10", "王小明", "100", "现金", "发票号 20260310001"]])
    result = _import(books, path)
    assert result.problem is None, result.problem
    (gift,) = [e for e in result.new if isinstance(e, data.Transaction)]
    assert gift.narration == "发票号 20260310001"


@pytest.mark.parametrize("written, donor, wish", [("王小明（匿名）", "D0002", "public"), ("王小明(匿名)", "D0002", "public"),
                                                  ("王 小 明（完全匿名）", "D0002", "all"),
                                                  ("匿名（王小明）", "D0002", "public")])
def test_an_anonymity_wish_written_beside_the_name_is_kept(books, tmp_path, written, donor, wish):
    path = _csv(tmp_path / "捐赠登记表.csv", [["日期", "捐赠人", "金额", "收款方式"],
                                             ["2026-03-10", written, "100", "现金"]])
    result = _import(books, path)
    assert result.problem is None, result.problem
    assert not [e for e in result.new if isinstance(e, data.Custom)]
    (gift,) = [e for e in result.new if isinstance(e, data.Transaction)]
    assert gift.meta["donor"] == donor and gift.meta.get("anonymous") == wish
    assert "匿名" not in (gift.payee or "")


def test_a_new_donor_asking_anonymity_beside_the_name_is_proposed_so(books, tmp_path):
    path = _csv(tmp_path / "捐赠登记表.csv", [["日期", "捐赠人", "金额", "收款方式"],
                                             ["2026-03-10", "张三（匿名）", "100", "现金"]])
    result = _import(books, path)
    assert result.problem is None, result.problem
    (proposal,) = [e for e in result.new if isinstance(e, data.Custom)]
    assert proposal.meta["name"] == "张三" and proposal.meta.get("anonymous") == "public"
    (gift,) = [e for e in result.new if isinstance(e, data.Transaction)]
    assert gift.meta.get("anonymous") == "public"


@pytest.mark.parametrize("written", ["张三 110101199003074477", "张三13800001111", "李四（电话 138 0000 1111）"])
def test_a_donor_cell_holding_a_phone_or_identity_number_is_refused_without_repeating_it(books, tmp_path, written):
    path = _csv(tmp_path / "捐赠登记表.csv", [["日期", "捐赠人", "金额", "收款方式"],
                                             ["2026-03-10", written, "100", "现金"]])
    result = _import(books, path)
    assert result.problem is not None and not result.new
    message = str(result.problem)
    assert "row 2" in message and "捐赠人" in message and "联系方式" in message
    assert "1111" not in message and "074477" not in message


def test_an_unlabelled_sum_of_bags_under_the_rows_is_their_total(books, tmp_path):
    path = _csv(tmp_path / "捐赠登记表.csv", [["日期", "捐赠人", "物资", "数量", "单价"],
                                             ["2026-03-01", "王小明", "大米", "1袋", "60"],
                                             ["2026-03-02", "王小明", "大米", "2袋", "60"],
                                             ["", "", "", "3袋", ""]])
    result = _import(books, path)
    assert result.problem is None, result.problem
    assert [s.row for s in result.report.skipped] == [4]
    assert len([e for e in result.new if isinstance(e, data.Transaction)]) == 2


@pytest.mark.parametrize("label, agrees", [("合计：150元", True), ("合计 150.00", True), ("合计：999元", False),
                                           ("合计：壹佰伍拾元整", True)])
def test_a_total_written_in_the_label_cell_is_checked(books, tmp_path, label, agrees):
    path = _csv(tmp_path / "捐赠登记表.csv", [["日期", "捐赠人", "金额", "收款方式"],
                                             ["2026-03-05", "王小明", "100", "现金"],
                                             ["2026-03-06", "王小明", "50", "现金"],
                                             [label, "", "", ""]])
    result = _import(books, path)
    if agrees:
        assert result.problem is None, result.problem
        assert any("agrees" in s.reason for s in result.report.skipped), result.report.skipped
    else:
        assert result.problem is not None and "row 4" in str(result.problem) and "150" in str(result.problem)


def test_a_total_in_the_label_cell_of_a_goods_register_sums_the_quantities(books, tmp_path):
    path = _csv(tmp_path / "捐赠登记表.csv", [["日期", "捐赠人", "金额", "物资", "数量", "单价"],
                                             ["2026-03-01", "王小明", "", "大米", "1袋", "60"],
                                             ["2026-03-02", "王小明", "", "大米", "2", "60"],
                                             ["合计：3袋", "", "", "", "", ""]])
    result = _import(books, path)
    assert result.problem is None, result.problem
    assert any("agrees" in s.reason for s in result.report.skipped), result.report.skipped


@pytest.mark.parametrize("note, what", [("打卡6222020000009990", "bank card"), ("卡号 6217 0000 1234 5678 907", "bank card"),
                                        ("李大伟住院", "name"), ("赵 小红 二次", "name"), ("王五代领", "name")])
def test_a_roster_note_naming_the_person_or_their_card_is_refused(books, tmp_path, note, what):
    """The roster's 备注 becomes the aid entry's narration in every copy of the books: a bank
    card number (打卡6222…), or the name of the person helped (their 姓名 on the row, or a
    case's name in private/cases.csv), was written there."""
    path = _csv(tmp_path / "发放花名册.csv", [
        ["日期", "姓名", "案例编号", "类别", "金额", "审批单号", "备注"],
        ["2026-03-05", "王五", "C0001", "特困救助", "100", "SP-1", note],
    ])
    result = _import(books, path)
    assert result.problem is not None, [e.narration for e in result.new]
    assert "row 2" in str(result.problem) and what in str(result.problem), result.problem
    assert "6222020000009990" not in str(result.problem) and "李大伟" not in str(result.problem)


@pytest.mark.parametrize("note", ["发票号 62220200000099970012", "审批 SP-2026-0088", "住院第二次", "6222020000009997"])
def test_a_roster_note_with_other_numbers_passes(books, tmp_path, note):
    path = _csv(tmp_path / "发放花名册.csv", [
        ["日期", "姓名", "案例编号", "类别", "金额", "审批单号", "备注"],
        ["2026-03-05", "王五", "C0001", "特困救助", "100", "SP-1", note],
    ])
    result = _import(books, path)
    assert result.problem is None, result.problem


@pytest.mark.parametrize("note, refused", [("家住和平社区，本人代领", False), ("世界和平日补发", False), ("慰问和平一家", True),
                                           ("和平", True)])
def test_a_two_character_case_name_inside_an_ordinary_word_is_not_taken_for_it(books, tmp_path, note, refused):
    """A case named 和平 (private/cases.csv) refused every roster row whose 备注 said 家住和平社区:
    a name of two characters was looked for anywhere. It is looked for as the publish does
    (ledger.personal.CaseNames): between Chinese characters only beside a word that goes
    with a person (慰问和平一家)."""
    with open(books / "private" / "cases.csv", "a", encoding="utf-8") as fh:
        fh.write("C0003,和平,,,,,,,,\n")
    path = _csv(tmp_path / "发放花名册.csv", [
        ["日期", "姓名", "案例编号", "类别", "金额", "审批单号", "备注"],
        ["2026-03-05", "王五", "C0001", "特困救助", "100", "SP-1", note],
    ])
    result = _import(books, path)
    assert (result.problem is not None) == refused, result.problem
