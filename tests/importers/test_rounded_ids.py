"""Transaction ids that a spreadsheet program rounded (4.20000123456789E+27) are not ids.

A bill or statement opened in Excel and saved again has its long ids turned into rounded
numbers, the same for every transaction of a day. Taken as ids, a new gift in the next such
file matched one already in the books and was shown as "already in the books": 300 yuan
left out without a word. The rows are told apart by their content instead, with a note.
"""

from __future__ import annotations

import shutil
from decimal import Decimal

import openpyxl
import pytest
from beancount.core import data
from click.testing import CliRunner

from cli import cli
from importers.run import extract_files, load_importers, render
from ledger.books import load_books

HEAD = ("微信支付账单明细,,,,,,,,,,\n共{n}笔记录,,,,,,,,,,\n"
        "----------------------微信支付账单明细列表--------------------,,,,,,,,,,\n"
        "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注\n")
ROUNDED = "4.20000123456789E+27"


def bill(path, *rows):
    path.write_text(HEAD.format(n=len(rows)) + "".join(f"{r},{ROUNDED},/,/\n" for r in rows), encoding="gb18030")
    return path


def test_a_new_gift_with_a_rounded_id_is_not_taken_for_one_in_the_books(books, tmp_path):
    march = bill(tmp_path / "march.csv", "2026/3/5 10:00,二维码收款,王小明,/,收入,¥50.00,/,已收钱",
                 "2026/3/5 11:00,二维码收款,李四,/,收入,¥20.00,/,已收钱")
    written = CliRunner().invoke(cli, ["import", str(books), str(march), "--write"])
    assert written.exit_code == 0, written.output
    assert "a spreadsheet program rounded (4.20000123456789E+27)" in written.output
    later = bill(tmp_path / "later.csv", "2026/3/9 10:00,二维码收款,赵六,/,收入,¥300.00,/,已收钱")
    loaded = load_books(books)
    (result,) = extract_files(loaded, [later], load_importers(loaded.root))
    assert result.problem is None, result.problem
    new = [e for e in result.new if isinstance(e, data.Transaction)]
    assert [(e.payee, e.postings[0].units.number) for e in new] == [("赵六", Decimal("300.00"))]
    assert not result.duplicates


DOWNLOADED = [  # (time, payer, 收/支, amount, 交易单号, 备注): two gifts of a day whose ids share 15 digits
    ("2026-03-02 09:00:05", "二维码收款", "张**", "收入", "10.00", "4200001234202603021234567801", "/"),
    ("2026-03-02 09:30:41", "二维码收款", "李**", "收入", "10.00", "4200001234202603021234567802", "/"),
    ("2026-03-05 09:00:00", "商户消费", "某超市", "支出", "300.00", "4200001234202603051234567803", "/"),
    ("2026-03-07 09:00:59", "零钱提现", "中国银行(1234)", "/", "100.10", "4200001234202603071234567804", "服务费¥0.10"),
]


def _downloaded(path):
    path.write_text(HEAD.format(n=len(DOWNLOADED)) + "".join(
        f"{t},{k},{p},/,{d},¥{a},{'零钱' if d == '支出' else p if k == '零钱提现' else '/'},已收钱,{i}\t,/,{m}\n"
        for t, k, p, d, a, i, m in DOWNLOADED), encoding="utf-8")
    return path


def _saved_again(path):
    """The same bill opened and saved as XLSX by a spreadsheet program: ids and amounts are numbers."""
    wb = openpyxl.Workbook()
    ws = wb.active
    for line in HEAD.format(n=len(DOWNLOADED)).splitlines():
        ws.append(line.split(",") if "交易时间" in line else [line.split(",")[0]])
    for t, k, p, d, a, i, m in DOWNLOADED:
        ws.append([t, k, p, "/", d, float(a), "零钱" if d == "支出" else p if k == "零钱提现" else "/", "已收钱", float(int(i)), "/", m])
    wb.save(path)
    return path


def _saved_again_as_csv(path):
    """The same bill opened and saved as CSV by a spreadsheet program: ids rounded, times without seconds."""
    def minute(t):
        day, time = t.split()
        y, m, d = day.split("-")
        return f"{y}/{int(m)}/{int(d)} {int(time[:2])}:{time[3:5]}"

    path.write_text(HEAD.format(n=len(DOWNLOADED)) + "".join(
        f"{minute(t)},{k},{p},/,{d},{a.removesuffix('.00')},{'零钱' if d == '支出' else p if k == '零钱提现' else '/'},已收钱,"
        f"{format(float(int(i)), '.14E')},/,{m}\n" for t, k, p, d, a, i, m in DOWNLOADED), encoding="gb18030")
    return path


@pytest.mark.parametrize("saved", [_saved_again, _saved_again_as_csv], ids=["xlsx", "csv"])
def test_a_bill_saved_again_by_a_spreadsheet_is_the_bill_already_in_the_books(books, tmp_path, saved):
    """The bill as downloaded and the same bill saved again by Excel (ids rounded to 4.2E+27,
    and, as CSV, times without their seconds): whichever is imported first, the other adds
    nothing. Told apart by content alone, the second one booked every row again: the balance
    moved twice."""
    for first, second in ((_downloaded, saved), (saved, _downloaded)):
        root = tmp_path / first.__name__
        root.mkdir()
        shutil.copytree(books, root / "books")
        a = first(root / ("a.csv" if first is not _saved_again else "a.xlsx"))
        b = second(root / ("b.csv" if second is not _saved_again else "b.xlsx"))
        written = CliRunner().invoke(cli, ["import", str(root / "books"), str(a), "--write"])
        assert written.exit_code == 0, written.output
        loaded = load_books(root / "books")
        (result,) = extract_files(loaded, [b], load_importers(loaded.root))
        assert result.problem is None, result.problem
        assert result.conserved
        assert [e for e in result.new if isinstance(e, data.Transaction)] == [], first.__name__
        assert len(result.duplicates) == 4


def test_a_rounded_counterparty_account_is_no_name(books, tmp_path):
    """A bank statement whose 对方户名 cell held the counterparty's account number, saved
    again by Excel: 6222020000005678901 became 6.22202E+18. It was read as the payer's name: a
    donor proposed as 6.22202E+18, and the row, no longer the one the download booked, booked
    again on top of it."""
    head = "交易日期,交易流水号,摘要,对方户名,收入金额,支出金额,余额\n"
    downloaded = tmp_path / "march.csv"
    downloaded.write_text(head + "2026-03-05,,转账,6222020000005678901,200.00,,1200.00\n"
                          "2026-03-06,,转账,张三 6222020000001111111,50.00,,1250.00\n", encoding="utf-8")
    saved = tmp_path / "march-saved.csv"
    saved.write_text(head + "2026/3/5,,转账,6.22202E+18,200,,1200\n2026/3/6,,转账,张三 6.22202E+18,50,,1250\n",
                     encoding="gb18030")
    loaded = load_books(books)
    first, second = extract_files(loaded, [downloaded, saved], load_importers(loaded.root))
    assert first.problem is None and second.problem is None, second.problem
    assert [e.payee for e in second.entries if isinstance(e, data.Transaction)] == [None, "张三"]
    assert not [e for e in second.new if isinstance(e, data.Transaction)]
    assert not any("E+18" in str(e.meta.get("name", "")) for e in first.new + second.new)


def test_a_card_paid_row_saved_again_is_the_row_already_in_the_books(books, tmp_path):
    """A bill's row paid by a card (支付方式 招商银行(1111), unmapped: booked on the clearing
    account with `funding`), imported as downloaded, then from the same bill saved again as
    CSV by Excel, which writes the id as it shows it (4.20000E+27, six digits) and the time
    without its seconds: the row was booked a second time (300.00 paid twice), as entries
    paid by a card were not looked at when a row told by its content was looked for."""
    head = HEAD.format(n=2)
    downloaded = tmp_path / "bill.csv"
    downloaded.write_text(head + "2026-03-05 09:00:05,商户消费,某超市,/,支出,¥300.00,招商银行(1111),支付成功,"
                          "4200001234202603051234567803\t,/,/\n"
                          "2026-03-06 10:00:00,二维码收款,王小明,/,收入,¥50.00,/,已收钱,4200001234202603061234567804\t,/,/\n",
                          encoding="utf-8")
    saved = tmp_path / "bill-saved.csv"
    saved.write_text(head + "2026/3/5 9:00,商户消费,某超市,/,支出,¥300.00,招商银行(1111),支付成功,4.20000E+27,/,/\n"
                     "2026/3/6 10:00,二维码收款,王小明,/,收入,¥50.00,/,已收钱,4.20000E+27,/,/\n", encoding="gb18030")
    loaded = load_books(books)
    first, second = extract_files(loaded, [downloaded, saved], load_importers(loaded.root))
    assert first.problem is None and second.problem is None, second.problem
    assert len([e for e in first.new if isinstance(e, data.Transaction)]) == 2
    assert [(e.payee, str(e.postings[0].units)) for e in second.new if isinstance(e, data.Transaction)] == []


def test_the_note_on_a_bill_saved_again_names_the_bill_not_a_bank_layout(books, tmp_path):
    """A bill saved as CSV by a spreadsheet program writes its ids as it shows them (4.2E+29),
    which no whole id in the books rounds to: its rows are found by what they say (the same
    day, account, amount and payee). The note said they were rows 'from the same bank, as
    another layout of the same download gives them (ICBC's with 交易详情 and 对方账户)'; it
    now says they are the same bill saved again."""
    head = HEAD.format(n=2)
    rows = ["2026-03-05 10:00:00,二维码收款,张*,/,收入,¥50.00,/,已收钱,420000000001234567890123456789\t,/,/",
            "2026-03-05 10:00:00,二维码收款,张*,/,收入,¥50.00,/,已收钱,420000000001234567890123456790\t,/,/"]
    first = tmp_path / "a.csv"
    first.write_text(head + "".join(r + "\n" for r in rows), encoding="gb18030")
    written = CliRunner().invoke(cli, ["import", str(books), str(first), "--write"])
    assert written.exit_code == 0, written.output
    again = tmp_path / "b.csv"
    again.write_text(head + "".join(r.replace("2026-03-05 10:00:00", "2026/3/5 10:00").split(",4200")[0]
                                    + ",4.2E+29,/,/\n" for r in rows), encoding="gb18030")
    result = CliRunner().invoke(cli, ["import", str(books), str(again)])
    assert result.exit_code == 0 and "2 already in the books" in result.output, result.output
    (note,) = [line for line in result.output.splitlines() if "already in the books under other ids" in line]
    assert "the same bill saved again" in note and "ICBC" not in note and "bank" not in note, note


def test_a_rounded_refund_is_not_taken_for_the_gift_it_gives_back(books, tmp_path):
    """The bill downloaded at noon holds 王小明's gift of 50.00; the day's bill saved again by a
    spreadsheet program (ids rounded alike) holds it and, later that day, the 50.00 given back
    to him. The rounded row was taken for an entry in the books when any posting of it held
    the row's amount: the money given back (-50.00) for the gift, by the gift's income posting
    (-50.00), shown as already in the books, and the gift then booked again as new: 100.00 on
    the balance where 0.00 is. Only a posting on one of the centre's accounts counts now."""
    noon = tmp_path / "noon.csv"
    noon.write_text(HEAD.format(n=1) + "2026-03-05 10:00:05,转账,王小明,/,收入,¥50.00,/,已收钱,"
                    "4200001234202603051234567801\t,/,/\n", encoding="utf-8")
    written = CliRunner().invoke(cli, ["import", str(books), str(noon), "--write"])
    assert written.exit_code == 0, written.output
    day = tmp_path / "day.csv"
    rounded = format(float(4200001234202603051234567801), ".14E")
    day.write_text(HEAD.format(n=2) + f"2026/3/5 15:00,转账,王小明,/,支出,50,零钱,对方已收钱,{rounded},/,/\n"
                   f"2026/3/5 10:00,转账,王小明,/,收入,50,/,已收钱,{rounded},/,/\n", encoding="gb18030")
    loaded = load_books(books)
    (result,) = extract_files(loaded, [day], load_importers(loaded.root))
    assert result.problem is None, result.problem
    new = [e for e in result.new if isinstance(e, data.Transaction)]
    assert [e.postings[0].units.number for e in new] == [Decimal("-50.00")], render([result])
    assert len(result.duplicates) == 1
