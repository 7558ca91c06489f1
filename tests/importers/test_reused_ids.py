"""An id is evidence of one transaction, not proof: reused numbers, rows written twice,
ids a spreadsheet rounded, and balances that do not follow from the amounts.

Each case lost or doubled money without a word before: an ICBC corporate statement's 凭证号
starts again each month, so April's rows were "already in the books" as March's; two
WeChat ids saved as numbers by a spreadsheet became one, so a second donation was dropped;
a row exported twice was booked twice.
"""

from __future__ import annotations

import io
from decimal import Decimal
from pathlib import Path

import openpyxl
from beancount.core import data

from tests.importers.test_behaviour import extract, run, txns

CORPORATE_HEAD = [["中国工商银行 企业网上银行 账户明细"], ["账号：6222000011112222", "户名：测试帮扶中心"],
                  ["交易时间", "凭证号", "对方单位名称", "对方账号", "借方发生额", "贷方发生额", "余额", "用途"]]
WECHAT_HEAD = [["微信支付账单明细"], ["起始时间：[2026-03-01 00:00:00] 终止时间：[2026-03-31 23:59:59]"],
               ["交易时间", "交易类型", "交易对方", "商品", "收/支", "金额(元)", "支付方式", "当前状态", "交易单号", "商户单号", "备注"]]


def xlsx(path: Path, rows) -> Path:
    wb = openpyxl.Workbook()
    for r in rows:
        wb.active.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    path.write_bytes(buf.getvalue())
    return path


def moved(result) -> Decimal:
    return sum((p.units.number for e in txns(result) for p in e.postings if p.account.startswith("Assets:")), Decimal(0))


def test_a_voucher_number_reused_next_month_is_a_new_transaction(books, tmp_path):
    march = xlsx(tmp_path / "march.xlsx", CORPORATE_HEAD + [
        ["2026-03-02 09:00:00", "0001", "某某电器", "3100000000000009", None, 1000, 101000, "捐赠"],
        ["2026-03-03 09:00:00", "0002", "赵六", "6222000000000006", 200, None, 100800, "补助"]])
    assert run(books, march, "--write", "--no-balance").exit_code == 0
    april = xlsx(tmp_path / "april.xlsx", CORPORATE_HEAD + [
        ["2026-04-02 09:00:00", "0001", "某某电器", "3100000000000009", None, 5000, 105800, "捐赠"],
        ["2026-04-03 09:00:00", "0002", "赵六", "6222000000000006", 300, None, 105500, "补助"]])
    (r,) = extract(books, april)
    assert not r.duplicates and moved(r) == Decimal("4700.00")
    notes = "\n".join(r.report.notes)
    assert "row 4: its id icbc:0001 is also that of inbox.beancount" in notes and "(2026-03-02, 1000.00 CNY)" in notes
    # March again: the same day under the same id is the entry already in the books
    (again,) = extract(books, march)
    assert txns(again) == [] and len(again.duplicates) >= 2


def test_the_same_id_a_day_apart_with_the_same_amount_is_still_one_transaction(books, tmp_path):
    first = xlsx(tmp_path / "a.xlsx", CORPORATE_HEAD + [["2026-03-02 09:00:00", "V9", "某某电器", "31", None, 800, 100800, "捐赠"]])
    assert run(books, first, "--write", "--no-balance").exit_code == 0
    # another export of it, dated by 记账日期 the next day
    second = xlsx(tmp_path / "b.xlsx", CORPORATE_HEAD + [["2026-03-03 09:00:00", "V9", "某某电器", "31", None, 800, 100800, "捐赠"]])
    (r,) = extract(books, second)
    assert txns(r) == [] and len(r.duplicates) == 1


def test_a_bank_row_written_twice_is_listed_not_booked_twice(books, tmp_path):
    f = xlsx(tmp_path / "dup.xlsx", CORPORATE_HEAD + [
        ["2026-03-02 09:00:00", "D1", "某某机械", "31", None, 1000, 101000, "捐赠"],
        ["2026-03-02 09:00:00", "D1", "某某机械", "31", None, 1000, 101000, "捐赠"],
        ["2026-03-03 09:00:00", "D2", "赵六", "62", 200, None, 100800, "补助"]])
    (r,) = extract(books, f)
    assert moved(r) == Decimal("800.00")
    (skip,) = [s for s in r.report.skipped if s.row == 5]
    assert skip.amount == Decimal("1000.00") and "repeats row 4 cell for cell, its id D1" in skip.reason
    assert all(m.ok for m in r.money)


def test_rows_of_a_batch_sharing_one_number_are_all_booked(books, tmp_path):
    """代发: one voucher number for many payees; their balances differ, so none repeats another."""
    f = xlsx(tmp_path / "batch.xlsx", CORPORATE_HEAD + [
        ["2026-03-02 09:00:00", "B7", "赵六", "62", 500, None, 99500, "代发补助"],
        ["2026-03-02 09:00:00", "B7", "钱七", "63", 500, None, 99000, "代发补助"]])
    (r,) = extract(books, f)
    assert moved(r) == Decimal("-1000.00") and not r.report.skipped


def test_a_wechat_row_written_twice_is_listed_not_booked_twice(books, tmp_path):
    row = "2026-03-12 10:00:00,二维码收款,王小明,/,收入,¥50.00,/,已收钱,10000001\t,/\t,/\n"
    f = tmp_path / "wx.csv"
    f.write_text(",".join(WECHAT_HEAD[2]) + "\n" + row + row, encoding="utf-8")
    (r,) = extract(books, f)
    assert moved(r) == Decimal("50.00")
    (skip,) = r.report.skipped
    assert skip.row == 3 and skip.amount == Decimal("50.00") and "repeats row 2" in skip.reason
    assert all(m.ok for m in r.money)


def test_ids_a_spreadsheet_saved_as_numbers_are_no_ids(books, tmp_path):
    """Two donations whose 28-digit ids a spreadsheet rounded to one number: both are booked."""
    one = xlsx(tmp_path / "one.xlsx", WECHAT_HEAD + [
        ["2026-03-12 10:00:00", "二维码收款", "王小明", "/", "收入", "¥200.00", "/", "已收钱", 4200001234202603120000000001, "/", "/"]])
    assert run(books, one, "--write").exit_code == 0
    two = xlsx(tmp_path / "two.xlsx", WECHAT_HEAD + [
        ["2026-03-12 11:00:00", "二维码收款", "李四", "/", "收入", "¥500.00", "/", "已收钱", 4200001234202603120000000002, "/", "/"]])
    (r,) = extract(books, two)
    assert moved(r) == Decimal("500.00") and not r.duplicates
    assert any("a spreadsheet program rounded (4.20000123420260E+27)" in n for n in r.report.notes)
    (txn,) = txns(r)
    assert not str(txn.meta["source_ref"]).startswith("wechat:42000")


def test_a_balance_that_does_not_follow_is_named_with_its_row(books, tmp_path):
    """A negative debit the balance shows coming in, in a file that writes every debit
    negative (where debits are written positive, a negative one is a reversal: money back,
    tests/importers/test_statement_layouts.py); and a row missing between two others."""
    f = xlsx(tmp_path / "chain.xlsx", CORPORATE_HEAD + [
        ["2026-03-02 09:00:00", "Z1", "某某机械", "31", None, 1000, 101000, "捐赠"],
        ["2026-03-03 09:00:00", "Z2", "王五", "62", -200, None, 100800, "补助"],
        ["2026-03-04 09:00:00", "Z3", "王五", "62", -50, None, 100850, "冲正"],
        ["2026-03-06 09:00:00", "Z4", "王五", "62", -100, None, 100650, "补助"]])
    (r,) = extract(books, f)
    notes = "\n".join(r.report.notes)
    assert "row 6: its balance 100,850.00 does not follow from row 5's 100,800.00 and its amount -50.00" in notes
    assert "it does if the money went the other way" in notes
    assert "row 7: its balance 100,650.00 does not follow from row 6's 100,850.00 and its amount -100.00" in notes
    assert "a row missing from the export between them" in notes


def test_a_statement_whose_balances_follow_has_no_such_note(books, tmp_path):
    f = xlsx(tmp_path / "fine.xlsx", CORPORATE_HEAD + [
        ["2026-03-02 09:00:00", "Z1", "某某机械", "31", None, 1000, 101000, "捐赠"],
        ["2026-03-03 09:00:00", "Z2", "王五", "62", 200, None, 100800, "补助"]])
    (r,) = extract(books, f)
    assert not any("does not follow" in n for n in r.report.notes)
    assert isinstance(txns(r)[0], data.Transaction)


def test_a_roster_row_entered_twice_is_refused_naming_both_rows(books, tmp_path):
    """One approval paying one case the same sum twice on one day was booked as two payouts."""
    head = "日期,案例编号,类别,金额,基金,审批单号,发放方式,备注\n"
    twice = "2026-03-10,C0002,特困救助,500,,SP-2026-0010,现金,\n"
    f = tmp_path / "roster.csv"
    f.write_text(head + "2026-03-10,C0001,医疗救助,800,GENERAL,SP-2026-0010,银行,住院补助\n" + twice + twice, encoding="utf-8")
    result = run(books, f)
    assert result.exit_code == 1
    assert "roster.csv, row 4, column '案例编号': row 3 already pays case C0002 500.00 for 特困救助 on 2026-03-10" in result.output
    # another day, or another approval, is another payment
    f.write_text(head + twice + twice.replace("2026-03-10", "2026-04-10") + twice.replace("SP-2026-0010", "SP-2026-0011"),
                 encoding="utf-8")
    (r,) = extract(books, f)
    assert len(txns(r)) == 3


def test_a_voucher_number_of_another_register_on_the_same_day_is_a_new_gift(books, tmp_path):
    """Two registers (two collection points) each number their vouchers from V001: the second
    register's gift of the same day, another amount from another donor, was shown as already
    in the books and never booked."""
    head = "日期,捐赠人,金额,收款方式,凭证号\n"
    first = tmp_path / "point-a.csv"
    first.write_text(head + "2026-03-05,张三,100,现金,V001\n", encoding="utf-8")
    assert run(books, first, "--write").exit_code == 0
    second = tmp_path / "point-b.csv"
    second.write_text(head + "2026-03-05,李四,200,现金,V001\n", encoding="utf-8")
    (r,) = extract(books, second)
    assert not r.duplicates and moved(r) == Decimal("200.00")
    assert any("its id donations:V001 is also that of inbox.beancount" in n for n in r.report.notes)
    # the same register again is still the entry already in the books
    (again,) = extract(books, first)
    assert txns(again) == [] and len(again.duplicates) == 1


def test_a_platforms_id_on_the_same_day_is_its_entry_whatever_that_entry_now_moves(books, tmp_path):
    """A WeChat 交易单号 names one transaction for ever. Books that netted a payment with its
    refund (relief did before 4 December: the entry moves 60.00 of an 80.00 payment) keep
    that entry when the same bill comes again: the payment is not booked a second time, as a
    register's voucher of the same day and another sum would be."""
    inbox = books / "inbox.beancount"
    inbox.write_text(inbox.read_text(encoding="utf-8") + '\n2026-03-27 * "某超市" "大米（已退款 ¥20.00）"\n'
                     '  source_ref: "wechat:P1"\n  Assets:Online:WeChat     -60.00 CNY\n  Expenses:Operations:Supplies\n', encoding="utf-8")
    bill = tmp_path / "march.csv"
    bill.write_text("微信支付账单明细,,,,,,,,,,\n,,,,,,,,,,\n"
                    "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注\n"
                    "2026-03-27 10:00:00,商户消费,某超市,大米,支出,¥80.00,零钱,已退款(¥20.00),P1\t,M5\t,/\n", encoding="utf-8")
    (r,) = extract(books, bill)
    assert txns(r) == [] and len(r.duplicates) == 1
