"""A corpus of malformed input files, each with the message `relief import` must give.

`write_corpus(folder)` writes every file and returns the cases; tests/importers/
test_malformed.py runs the CLI on each and checks: exit 1, the expected words, the file's
name (and row where there is one) in the message, no traceback, nothing written.
Run `python -m tests.importers.malformed DIR` to look at the files themselves.
"""

from __future__ import annotations

import io
import sys
from dataclasses import dataclass
from pathlib import Path

ICBC_HEAD = ("明细查询文件下载\n\n卡号: 6222****2222\n\n子账户序号: 00000,子账户类别: 活期\n\n"
             "交易日期,摘要,交易场所,交易国家或地区简称,钞/汇,交易金额(收入),交易金额(支出),交易币种,"
             "记账金额(收入),记账金额(支出),记账币种,余额,对方户名\n")


def icbc_row(day: str, money_in: str, money_out: str, balance: str, payer: str) -> str:
    return f"{day}\t,汇入\t,,CHN\t,钞\t,-\t,-\t,-\t,\"{money_in}\t\",\"{money_out}\t\",人民币\t,\"{balance}\t\",{payer}\t\n"


GOOD_ROWS = icbc_row("2026-03-05", "500.00", "", "1,500.00", "王小明") + icbc_row("2026-03-06", "", "20.00", "1,480.00", "张三")
WECHAT_HEAD = ("微信支付账单明细,,,,,,,,,,\n微信昵称：[中心],,,,,,,,,,\n,,,,,,,,,,\n共2笔记录,,,,,,,,,,\n"
               "----------------------微信支付账单明细列表--------------------,,,,,,,,,,\n"
               "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注\n")
ALIPAY_HEAD = ("支付宝交易记录明细查询\n账号:[centre@example.org]\n"
               "交易时间,交易分类,交易对方,对方账号,商品说明,收/支,金额,收/付款方式,交易状态,交易订单号,商家订单号,备注,\n")
ROSTER_HEAD = "日期,案例编号,类别,金额,基金,审批单号,发放方式,备注\n"
GOODS_HEAD = "日期,案例编号,物资,数量,基金,审批单号,备注\n"
DONATIONS_HEAD = "日期,捐赠人,捐赠人类型,金额,物资,数量,单价,基金,匿名,需要感谢信,联系方式,收款方式\n"


@dataclass(frozen=True)
class Case:
    name: str
    expected: str
    row: int | None = None


def _xlsx(rows: list[list[object]]) -> bytes:
    import openpyxl

    wb = openpyxl.Workbook()
    for r in rows:
        wb.active.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _workbook(sheets: dict[str, list[list[object]]]) -> bytes:
    """An XLSX file with one sheet per key, in order."""
    import openpyxl

    wb = openpyxl.Workbook()
    wb.remove(wb.active)
    for title, rows in sheets.items():
        ws = wb.create_sheet(title)
        for r in rows:
            ws.append(r)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def _zip(files: dict[str, str]) -> bytes:
    import zipfile

    buf = io.BytesIO()
    with zipfile.ZipFile(buf, "w") as zf:
        for name, text in files.items():
            zf.writestr(name, text)
    return buf.getvalue()


def _xls(rows: list[list[object]]) -> bytes:
    import xlwt

    wb = xlwt.Workbook()
    ws = wb.add_sheet("明细")
    for i, r in enumerate(rows):
        for j, v in enumerate(r):
            ws.write(i, j, v)
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


def cases() -> list[tuple[Case, bytes]]:
    gb = "gb18030"
    good_xlsx = _xlsx([["日期", "案例编号", "类别", "金额", "基金", "审批单号"], ["2026-03-01", "C0001", "医疗救助", 500, "GENERAL", "SP-1"]])
    out: list[tuple[Case, bytes]] = [
        (Case("empty.csv", "the file is empty"), b""),
        (Case("blank-lines.csv", "the file is empty"), b"\r\n \n\t\n"),
        (Case("binary-junk.csv", "binary data"), bytes(range(256)) * 8),
        (Case("zip-junk.xlsx", "XLSX file is damaged"), b"PK\x03\x04" + b"\x00\x17junk" * 50),
        (Case("truncated.xlsx", "XLSX file is damaged"), good_xlsx[: len(good_xlsx) // 2]),
        (Case("ole-junk.xls", "XLS file is damaged"), b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + b"\x01\x02junk" * 100),
        (Case("statement.pdf.csv", "PDF or an image"), b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n"),
        (Case("photo.xlsx", "PDF or an image"), b"\x89PNG\r\n\x1a\n" + b"\x00" * 64),
        # web banking's "Excel" that is an HTML table is read (importers/html_table.py): a table
        # holding only a header is then an unknown layout, one with no text at all is named so
        (Case("webpage.xls", "unknown format"), "<html><body><table><tr><td>交易日期</td></tr></table></body></html>".encode()),
        (Case("empty-webpage.xls", "this web page holds no table rows with text"),
         b"<html><body><table><tr><td>&nbsp;</td></tr><tr></tr></table></body></html>"),
        # UTF-16 without a mark is read when it reads so throughout (tests/importers/
        # test_utf16_no_bom.py); with a half character in it, it is refused, not guessed
        (Case("utf16-no-bom-damaged.csv", "UTF-16 text without a byte-order mark"),
         (ICBC_HEAD + GOOD_ROWS).replace("张三", "\ud800").encode("utf-16-le", "surrogatepass")),
        # UTF-16 with its mark (Excel's "Unicode text") cut inside a character, or with bytes that
        # are no character: named so, not "an encoding that cannot be recognised"
        (Case("utf16-cut-inside-a-character.txt", "ends in the middle of a character"),
         b"\xff\xfe" + (ICBC_HEAD + GOOD_ROWS).encode("utf-16-le")[:-1]),
        (Case("utf16-damaged.txt", "UTF-16 text up to row 9", 9),
         b"\xff\xfe" + (ICBC_HEAD + GOOD_ROWS).replace("张三", "\ud800").encode("utf-16-le", "surrogatepass")),
        (Case("unknown-layout.csv", "unknown format"), "名称,数值\n苹果,3\n梨,4\n".encode()),
        (Case("big5-bytes.csv", "unknown format"), "交易紀錄,金額\n2026-03-05,100\n".encode("big5")),
        (Case("really-csv-junk.xlsx", "unknown format"), b"this,is\nnot,a statement\n"),
        (Case("icbc-missing-column.csv", "are missing", 7),
         (ICBC_HEAD.replace(",记账金额(支出)", "") + GOOD_ROWS).encode(gb)),
        (Case("icbc-bad-date.csv", "is not a date", 9),
         (ICBC_HEAD + icbc_row("2026-03-05", "500.00", "", "1,500.00", "王小明") + icbc_row("2026年13月45", "1.00", "", "1,501.00", "x")
          + icbc_row("2026-03-07", "1.00", "", "1,502.00", "y")).encode(gb)),
        (Case("icbc-bad-amount.csv", "is not an amount", 9),
         (ICBC_HEAD + icbc_row("2026-03-05", "500.00", "", "1,500.00", "王小明") + icbc_row("2026-03-06", "12,3a4.00", "", "1,501.00", "x")).encode(gb)),
        # an amount of 30 digits ended the import in an internal error (InvalidOperation) (breakZ)
        (Case("icbc-thirty-digit-amount.csv", "more digits before the decimal point than any amount (15 at most)", 9),
         (ICBC_HEAD + icbc_row("2026-03-05", "500.00", "", "1,500.00", "王小明")
          + icbc_row("2026-03-06", "123456789012345678901234567890.00", "", "1,501.00", "x")).encode(gb)),
        (Case("icbc-masked-amount.csv", "masked", 9),
         (ICBC_HEAD + icbc_row("2026-03-05", "500.00", "", "1,500.00", "王小明") + icbc_row("2026-03-06", "****", "", "1,501.00", "x")).encode(gb)),
        (Case("icbc-totals-disagree.csv", "disagrees", 11),
         (ICBC_HEAD + GOOD_ROWS + " \n人民币合计,,,,,,,,\"999.00\t\",\"20.00\t\",\n").encode(gb)),
        (Case("icbc-truncated.csv", "cut off", 9),
         (ICBC_HEAD + icbc_row("2026-03-05", "500.00", "", "1,500.00", "王小明") + "2026-03-06\t,汇入\t,,CHN\t,钞\t,-").encode(gb)),
        (Case("icbc-unterminated-quote.csv", "cut off"),
         (ICBC_HEAD + icbc_row("2026-03-05", "500.00", "", "1,500.00", "王小明") + "2026-03-06\t,汇入\t,,CHN\t,钞\t,-\t,-\t,-\t,\"1,0").encode(gb)),
        (Case("icbc-cut-inside-a-character.csv", "ends in the middle of a character"),
         _cut_inside("小", (ICBC_HEAD + icbc_row("2026-03-05", "500.00", "", "1,500.00", "王小明")).encode(gb), gb)),
        (Case("utf8-cut-inside-a-character.csv", "ends in the middle of a character"),
         _cut_inside("明", (ICBC_HEAD + icbc_row("2026-03-05", "500.00", "", "1,500.00", "王小明")).encode("utf-8"), "utf-8")),
        (Case("wechat-undated-last-row.csv", "holds an amount but '46085.5' in its time column", 8),
         (WECHAT_HEAD + "2026-03-05 10:00:00,二维码收款,王小明,/,收入,¥50.00,/,已收钱,1001\t,/\t,/\n"
          "46085.5,二维码收款,李四,/,收入,¥20.00,/,已收钱,1002\t,/\t,/\n").encode("utf-8")),
        (Case("icbc-header-only.csv", "no transaction rows", 7), ICBC_HEAD.encode(gb)),
        (Case("icbc-unmapped-account.csv", "no books account is mapped"),
         (ICBC_HEAD.replace("6222****2222", "9999****8888") + GOOD_ROWS).encode(gb)),
        (Case("bocom-bad-direction.csv", "neither money in nor money out", 3),
         "交通银行账户明细\n交易日期,交易时间,交易金额,借贷,余额,对方户名,摘要\n2026-03-05,10:00:00,100.00,X,100.00,王小明,转账\n".encode()),
        (Case("cmb-empty-amount.csv", "the amount is empty", 2),
         "记账日期,货币,交易金额,联机余额,交易摘要,对手信息,客户摘要\n2026-03-05,CNY,,100.00,转账,王小明,捐款\n".encode("utf-8-sig")),
        (Case("ccb-bad-date.xls", "is not a date", 3),
         _xls([["序号", "摘要", "币别", "钞汇", "交易日期", "交易金额", "账户余额", "交易地点/附言", "对方账号与户名"],
               [1, "转账", "人民币", "钞", "2026-03-05", 100, 100, "捐款", "王小明"],
               [2, "转账", "人民币", "钞", "yesterday", 50, 150, "捐款", "张三"],
               [3, "转账", "人民币", "钞", "2026-03-07", 50, 200, "捐款", "李四"]])),
        (Case("wechat-bad-amount.csv", "is not an amount", 7),
         (WECHAT_HEAD + "2026-03-05 10:00:00,二维码收款,王小明,/,收入,¥abc,/,已收钱,1001\t,/\t,/\n"
          + "2026-03-05 11:00:00,二维码收款,张三,/,收入,¥5.00,/,已收钱,1002\t,/\t,/\n").encode("utf-8")),
        # a bill writes amounts without a sign (收/支 says the direction): -50 in a 收入 row was
        # booked as 50.00 received
        (Case("wechat-thirty-digit-amount.csv", "more digits before the decimal point than any amount", 7),
         (WECHAT_HEAD + "2026-03-05 10:00:00,二维码收款,王小明,/,收入,¥123456789012345678901234567890.00,/,已收钱,1001\t,/\t,/\n"
          + "2026-03-05 11:00:00,二维码收款,张三,/,收入,¥5.00,/,已收钱,1002\t,/\t,/\n").encode("utf-8")),
        (Case("wechat-negative-amount.csv", "is negative, but the bill's amounts carry no sign", 7),
         (WECHAT_HEAD + "2026-03-05 10:00:00,二维码收款,王小明,/,收入,¥-50.00,/,已收钱,1001\t,/\t,/\n"
          + "2026-03-05 11:00:00,二维码收款,张三,/,收入,¥5.00,/,已收钱,1002\t,/\t,/\n").encode("utf-8")),
        # a masked or edited 收/支 cell: it was taken for 不计收支 and the 50.00 received was
        # skipped as money that never touched the balance
        (Case("wechat-masked-direction.csv", "the 收/支 cell reads '**'", 7),
         (WECHAT_HEAD + "2026-03-05 10:00:00,二维码收款,王小明,/,**,¥50.00,/,已收钱,1001\t,/\t,/\n"
          + "2026-03-05 11:00:00,二维码收款,张三,/,收入,¥5.00,/,已收钱,1002\t,/\t,/\n").encode("utf-8")),
        # an emptied 收/支 cell: read as neutral, the 50.00 received was skipped as moving nothing
        # (WeChat Pay), or on Alipay, paid from 余额, booked as 50.00 paid out to a clearing
        # account named after the donor; "/" is WeChat Pay's neutral word, not Alipay's
        (Case("wechat-empty-direction.csv", "the 收/支 cell is empty", 7),
         (WECHAT_HEAD + "2026-03-05 10:00:00,二维码收款,王小明,/,,¥50.00,/,已收钱,1001\t,/\t,/\n"
          + "2026-03-05 11:00:00,二维码收款,张三,/,收入,¥5.00,/,已收钱,1002\t,/\t,/\n").encode("utf-8")),
        (Case("alipay-empty-direction.csv", "the 收/支 cell is empty", 4),
         (ALIPAY_HEAD + "2026-03-05 10:00:00,转账红包,王小明,w***@x.com,捐款,,50.00,余额,交易成功,A1\t,,,\n"
          + "2026-03-06 10:00:00,转账红包,张三,z***@x.com,捐款,收入,5.00,余额,交易成功,A2\t,,,\n").encode("utf-8")),
        (Case("alipay-slash-direction.csv", "the 收/支 cell reads '/'", 4),
         (ALIPAY_HEAD + "2026-03-05 10:00:00,转账红包,王小明,w***@x.com,捐款,/,50.00,余额,交易成功,A1\t,,,\n"
          + "2026-03-06 10:00:00,转账红包,张三,z***@x.com,捐款,收入,5.00,余额,交易成功,A2\t,,,\n").encode("utf-8")),
        # the older Alipay layout: an emptied 资金状态 on a row saying 收入 and 交易成功 was skipped
        # as moving nothing (+0.00), the 100.00 gift dropped
        (Case("alipay-older-empty-fund-state.csv", "the 资金状态 cell is empty, but the row says 收入 and 交易成功", 3),
         ("支付宝交易记录明细查询\n交易号,商家订单号,交易创建时间,付款时间,最近修改时间,交易来源地,类型,交易对方,商品名称,金额（元）,"
          "收/支,交易状态,服务费（元）,成功退款（元）,备注,资金状态,\n"
          "1001\t,\t,2026-03-05 10:00:00 ,2026-03-05 10:00:01 ,2026-03-05 10:00:01 ,支付宝网站,即时到账交易,王小明,捐款,"
          "100.00 ,收入,交易成功,0.00 ,0.00,,,\n").encode("gb18030")),
        # the older Alipay layout with both of its direction cells masked (收/支 and 资金状态 as
        # ** in a re-exported copy): skipped as moving nothing (+0.00), the 100.00 gift dropped
        (Case("alipay-older-masked-directions.csv", "the 资金状态 cell is masked, but the row says 收/支 masked (**) and 交易成功", 3),
         ("支付宝交易记录明细查询\n交易号,商家订单号,交易创建时间,付款时间,最近修改时间,交易来源地,类型,交易对方,商品名称,金额（元）,"
          "收/支,交易状态,服务费（元）,成功退款（元）,备注,资金状态,\n"
          "1001\t,\t,2026-03-05 10:00:00 ,2026-03-05 10:00:01 ,2026-03-05 10:00:01 ,支付宝网站,即时到账交易,王小明,捐款,"
          "100.00 ,**,交易成功,0.00 ,0.00,,**,\n").encode("gb18030")),
        # a 资金状态 cell holding none of its words (a card's name typed in, as a converter's
        # sample has it) on a row saying 支出 and 交易成功: skipped as moving nothing, the 45.50
        # paid was dropped, listed at +0.00 as "no money moved"
        (Case("alipay-older-card-in-fund-state.csv",
              "the 资金状态 cell reads '招商银行信用卡(尾号1234)', none of 已收入, 已支出, 资金转移, 冻结, 解冻, but the row says 支出 and 交易成功", 3),
         ("支付宝交易记录明细查询\n交易号,商家订单号,交易创建时间,付款时间,最近修改时间,交易来源地,类型,交易对方,商品名称,金额（元）,"
          "收/支,交易状态,服务费（元）,成功退款（元）,备注,资金状态,\n"
          "1001\t,\t,2026-03-05 10:00:00 ,2026-03-05 10:00:01 ,2026-03-05 10:00:01 ,支付宝网站,即时到账交易,美团外卖,午餐,"
          "45.50 ,支出,交易成功,0.00 ,0.00,,招商银行信用卡(尾号1234),\n").encode("gb18030")),
        # the app set to English exports an English bill: say so, not "write a bank profile"
        (Case("wechat-english.csv", "WeChat Pay bill exported in English"),
         ("WeChat Pay Statement,,,,,,,,,,\nWeChat Nickname:[centre],,,,,,,,,,\n"
          "Transaction Time,Transaction Type,Counterparty,Goods,Income/Expense,Amount(Yuan),Payment Method,Status,"
          "Transaction ID,Merchant ID,Remarks\n2026-03-05 10:00:00,QR code payment,Wang,/,Income,¥50.00,/,Received,1001,/,/\n").encode()),
        (Case("wechat-count-disagrees.csv", "says it has 2 records", 4),
         (WECHAT_HEAD + "2026-03-05 10:00:00,二维码收款,王小明,/,收入,¥50.00,/,已收钱,1001\t,/\t,/\n").encode("utf-8")),
        (Case("wechat-truncated.csv", "cut off", 8),
         (WECHAT_HEAD + "2026-03-05 10:00:00,二维码收款,王小明,/,收入,¥50.00,/,已收钱,1001\t,/\t,/\n"
          + "2026-03-05 11:00:00,二维码收款,张三,/").encode("utf-8")),
        (Case("wechat-header-only.xlsx", "no rows", 1),
         _xlsx([["交易时间", "交易类型", "交易对方", "商品", "收/支", "金额(元)", "支付方式", "当前状态", "交易单号", "商户单号", "备注"]])),
        (Case("alipay-bad-time.csv", "is not a date", 5),
         (ALIPAY_HEAD + "2026-03-05 10:00:00,转账,王小明,w***@x.com,捐款,收入,50.00,余额,交易成功,A1\t,,,\n"
          + "later,转账,张三,z***@x.com,捐款,收入,5.00,余额,交易成功,A2\t,,,\n"
          + "2026-03-07 10:00:00,转账,李四,l***@x.com,捐款,收入,5.00,余额,交易成功,A3\t,,,\n").encode(gb)),
        (Case("roster-unknown-case.csv", "case C0099 is not registered", 2),
         (ROSTER_HEAD + "2026-03-01,C0099,医疗救助,500,GENERAL,SP-2026-0001,银行,\n").encode("utf-8")),
        (Case("roster-exited-case.xlsx", "exited on 2026-02-01", 2),
         _xlsx([ROSTER_HEAD.strip().split(","), ["2026-03-01", "C0003", "特困救助", 300, "GENERAL", "SP-2026-0002", "现金"]])),
        (Case("roster-bad-category.csv", "is not an aid category", 2),
         (ROSTER_HEAD + "2026-03-01,C0001,旅游,500,GENERAL,SP-2026-0003,银行,\n").encode("utf-8")),
        (Case("roster-no-approval.csv", "approval number is empty", 2),
         (ROSTER_HEAD + "2026-03-01,C0001,医疗救助,500,GENERAL,,银行,\n").encode("utf-8")),
        (Case("roster-fund-purpose.csv", "may pay only Expenses:Aid:Education", 2),
         (ROSTER_HEAD + "2026-03-01,C0001,医疗救助,500,EDU-2026,SP-2026-0004,银行,\n").encode("utf-8")),
        (Case("roster-two-bad-rows.csv", "2 rows cannot be imported"),
         (ROSTER_HEAD + "2026-03-01,C0001,医疗救助,abc,GENERAL,SP-5,银行,\n2026-03-32,C0002,助学,100,GENERAL,SP-6,银行,\n").encode("utf-8")),
        (Case("goods-not-in-stock.csv", "in stock", 2),
         (GOODS_HEAD + "2026-03-01,C0001,RICE,10,GENERAL,SP-2026-0007,\n").encode("utf-8")),
        (Case("goods-unknown-item.csv", "is not declared", 2),
         (GOODS_HEAD + "2026-03-01,C0001,GOLD,1,GENERAL,SP-2026-0008,\n").encode("utf-8")),
        (Case("donations-bad-date.csv", "is a day without its year", 2),
         (DONATIONS_HEAD + "3月5日,王小明,个人,100,,,,,,,,现金\n").encode("utf-8")),
        (Case("donations-amount-and-goods.csv", "both an amount and a goods item", 2),
         (DONATIONS_HEAD + "2026-03-05,王小明,个人,100,RICE,10,58,,,,,\n").encode("utf-8")),
        (Case("donations-unknown-fund.csv", "fund 'NOPE' is not declared", 2),
         (DONATIONS_HEAD + "2026-03-05,王小明,个人,100,,,,NOPE,,,,现金\n").encode("utf-8")),
        (Case("donations-negative.csv", "-100 is negative", 2),
         (DONATIONS_HEAD + "2026-03-05,王小明,个人,-100,,,,,,,,现金\n").encode("utf-8")),
        # 30 digits: an internal error; 17: booked as 12,345,678,901,234,567.00 received (breakZ)
        (Case("donations-thirty-digits.csv", "more digits before the decimal point than any amount", 2),
         (DONATIONS_HEAD + "2026-03-05,王小明,个人,123456789012345678901234567890.00,,,,,,,,现金\n").encode("utf-8")),
        (Case("donations-seventeen-digits.csv", "more digits before the decimal point than any amount", 2),
         (DONATIONS_HEAD + "2026-03-05,王小明,个人,12345678901234567,,,,,,,,现金\n").encode("utf-8")),
        (Case("donations-bad-received.csv", "not a way of receiving money", 2),
         (DONATIONS_HEAD + "2026-03-05,王小明,个人,100,,,,,,,,信用卡\n").encode("utf-8")),
        (Case("donations-bad-kind.xlsx", "is not a kind of donor", 2),
         _xlsx([DONATIONS_HEAD.strip().split(","), ["2026-03-05", "新公司", "外星人", 100]])),
    ]
    out.append(cut_inside_last_amount())
    out.extend(odd_exports())
    out.append((Case("corporate-cut-in-balance.csv", "looks cut off", 3),
                ("交易日期,交易流水号,摘要,对方户名,收入金额,支出金额,余额\n"
                 "2026-03-05,ICBC1,转账,王小明,100.00,,1100.00\n"
                 "2026-03-06,ICBC2,转账,张三,,20.00,108").encode()))
    return out


def write_corpus(folder: Path) -> list[Case]:
    folder.mkdir(parents=True, exist_ok=True)
    written = []
    for case, blob in cases():
        (folder / case.name).write_bytes(blob)
        written.append(case)
    return written



def _cut_inside(char: str, blob: bytes, encoding: str) -> bytes:
    """`blob` cut off after the first byte of the last `char` in it (a download that stopped
    in the middle of a character)."""
    return blob[:blob.rindex(char.encode(encoding)) + 1]


def cut_inside_last_amount() -> tuple[Case, bytes]:
    """A statement cut off inside the last row's amount, with no final line break: "-20.00" became "-2"."""
    text = ("记账日期,货币,交易金额,联机余额,交易摘要,对手信息,客户摘要\n"
            "2026-03-05,CNY,100.00,1100.00,转账,王小明,捐款\n"
            "2026-03-06,CNY,-2")
    return Case("cmb-cut-in-amount.csv", "looks cut off", 3), text.encode("utf-8-sig")


CORPORATE_HEAD = "交易日期,交易流水号,摘要,对方户名,收入金额,支出金额,余额\n"


def _one_bad_byte(encoding: str, junk: bytes) -> bytes:
    """A statement in `encoding` whose third row starts with `junk` bytes that are no character."""
    blob = (CORPORATE_HEAD + "2026-03-05,T1,转账,王小明,100.00,,100.00\n2026-03-06,T2,转账,李四,50.00,,150.00\n").encode(encoding)
    at = blob.index("李四".encode(encoding))
    return blob[:at] + junk + blob[at + len(junk):]


def odd_exports() -> list[tuple[Case, bytes]]:
    """Exports that look like statements but would book a wrong amount if read at face value,
    and files named .xls that are something else again."""
    ssml = ('<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
            '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet">'
            '<Worksheet ss:Name="明细"><Table><Row><Cell><Data ss:Type="String">交易日期</Data></Cell></Row></Table></Worksheet></Workbook>\n')
    mhtml = ('MIME-Version: 1.0\r\nContent-Type: multipart/related; boundary="----=_NextPart_01"\r\n\r\n------=_NextPart_01\r\n'
             'Content-Type: text/html; charset="utf-8"\r\n\r\n<html><body><table><tr><td>交易日期</td></tr></table></body></html>\r\n')
    head = CORPORATE_HEAD.strip().split(",")
    wechat = WECHAT_HEAD.strip().splitlines()[-1].split(",")
    donations = DONATIONS_HEAD.strip().split(",")
    return [
        # a decimal comma (1 234,50 is 1234.50 where it was written) must not become 123450.00
        (Case("decimal-comma.csv", "'1 234,50' is not an amount", 3),
         (CORPORATE_HEAD + "2026-03-05,T1,转账,王小明,100.00,,1100.00\n2026-03-06,T2,转账,张三,\"1 234,50\",,2334.50\n").encode()),
        # saved by a spreadsheet set to European number formats: ';' between cells, decimal commas
        (Case("semicolons-decimal-comma.csv", "the cell writes the decimals after a comma", 3),
         ("sep=;\n" + CORPORATE_HEAD.replace(",", ";") + "2026-03-05;T1;转账;王小明;100,00;;1100,00\n").encode()),
        (Case("sub-fen.csv", "more than two decimal places", 2),
         (CORPORATE_HEAD + "2026-03-05,T1,转账,王小明,100.005,,1100.01\n").encode()),
        (Case("sub-fen.xlsx", "more than two decimal places", 3),
         _xlsx([CORPORATE_HEAD.strip().split(","), ["2026-03-05", "T1", "转账", "王小明", 100, None, 1100],
                ["2026-03-06", "T2", "转账", "张三", 1234.565, None, 2334.565]])),
        (Case("wechat-sub-fen.csv", "more than two decimal places", 7),
         (WECHAT_HEAD.replace("共2笔", "共1笔") + "2026-03-05 10:00:00,二维码收款,王小明,/,收入,¥50.005,/,已收钱,1001\t,/\t,/\n").encode()),
        # a memo "Ref 12,34" without quotes: a payment of 50.00 would be read as 34.00 received
        (Case("unquoted-comma-shifts-cells.csv", "the row has 6 cells but the header has 5", 3),
         ("交易日期,摘要,收入金额,支出金额,余额\n2026-03-05,转账,100.00,,100.00\n2026-03-06,Ref 12,34,,50.00,50.00\n").encode()),
        # a currency relief does not know was taken for the profile's CNY: 500 Singapore dollars as 500 yuan
        (Case("unknown-currency.csv", "'新加坡元' is not a currency relief knows", 3),
         ("记账日期,货币,交易金额,联机余额,交易摘要,对手信息,客户摘要\n2026-03-05,人民币元,100.00,100.00,转账,王小明,捐款\n"
          "2026-03-06,新加坡元,500.00,500.00,转账,李四,捐款\n").encode("utf-8-sig")),
        (Case("in-and-out-on-one-row.csv", "both money in (100.00) and money out (30.00)", 2),
         (CORPORATE_HEAD + "2026-03-05,T1,转账,王小明,100.00,30.00,70.00\n").encode()),
        # 03/01/2026 alone may be 3 January or 1 March; two such rows cannot both be read as written
        (Case("dates-day-or-month-first.csv", "may be day/month/year or month/day/year", 2),
         (CORPORATE_HEAD + "03/01/2026,T1,转账,王小明,100.00,,100.00\n04/02/2026,T2,转账,张三,50.00,,150.00\n").encode()),
        (Case("donations-day-or-month-first.csv", "may be day/month/year or month/day/year", 2),
         (DONATIONS_HEAD + "3/1/2026,王小明,个人,100,,,,,,,,现金\n").encode()),
        (Case("dates-both-ways.csv", "day first in some rows and the month first in others", 2),
         (CORPORATE_HEAD + "25/01/2026,T1,转账,王小明,100.00,,100.00\n01/26/2026,T2,转账,张三,50.00,,150.00\n").encode()),
        # one damaged byte in a GBK or UTF-8 statement: named with its row, not read in a guessed encoding
        (Case("gbk-one-bad-byte.csv", "GBK/GB18030 text up to row 3", 3), _one_bad_byte("gbk", b"\x80\x20")),
        (Case("utf8-one-bad-byte.csv", "UTF-8 text, but line 3 holds bytes", 3), _one_bad_byte("utf-8", b"\xff")),
        # a sheet per month: reading the first sheet alone would leave the others' money out unsaid
        (Case("statement-two-months.xlsx", "rows under the same header on sheet '1月' and on '2月'"),
         _workbook({"1月": [head, ["2026-01-05", "J1", "转账", "王小明", 100, None, 100]],
                    "2月": [head, ["2026-02-05", "F1", "转账", "李四", 50, None, 150]]})),
        (Case("wechat-two-sheets.xlsx", "rows under the same header on sheet '3月' and on '4月'"),
         _workbook({"3月": [wechat, ["2026-03-05 10:00:00", "二维码收款", "王小明", "/", "收入", "¥50.00", "/", "已收钱", "1001", "/", "/"]],
                    "4月": [wechat, ["2026-04-05 10:00:00", "二维码收款", "李四", "/", "收入", "¥20.00", "/", "已收钱", "1002", "/", "/"]]})),
        # a second sheet is a copy only when its amounts are the same money: ¥50.00 as text on
        # one and 50 as a number on the other is (WeChat Pay's own workbook); 50.01 is not
        (Case("wechat-copy-sheet-other-amount.xlsx", "rows under the same header on sheet '账单' and on 'Sheet1'"),
         _workbook({"账单": [wechat, ["2026-03-05 10:00:00", "二维码收款", "王小明", "/", "收入", "¥50.00", "/", "已收钱", "1001", "/", "/"]],
                    "Sheet1": [wechat, ["2026-03-05 10:00:00", "二维码收款", "王小明", "/", "收入", 50.01, "/", "已收钱", "1001", "/", "/"]]})),
        # a register kept as a sheet per month is read (tests/importers/test_month_sheets.py); a
        # sheet per fund is not, its fund would be lost
        (Case("donations-two-funds.xlsx", "rows under the same header on sheet '一般帮扶资金' and on '金秋助学'"),
         _workbook({"一般帮扶资金": [donations, ["2026-03-05", "王小明", "个人", 100]],
                    "金秋助学": [donations, ["2026-04-05", "李四", "个人", 50]]})),
        # Excel 2003 XML is read (importers/spreadsheetml.py): a header alone is an unknown
        # layout; a file cut off is named damaged
        (Case("spreadsheetml.xls", "unknown format"), ssml.encode()),
        (Case("spreadsheetml-cut.xls", "Excel 2003 XML spreadsheet is damaged or cut off"), ssml.encode()[:-40]),
        (Case("statement-in-a-zip.xls", "this is a ZIP archive (明细.csv)"), _zip({"明细.csv": CORPORATE_HEAD})),
        (Case("libreoffice.ods", "OpenDocument spreadsheet"),
         _zip({"mimetype": "application/vnd.oasis.opendocument.spreadsheet", "content.xml": "<office:document-content/>"})),
        (Case("letter.docx", "word-processor or presentation document"),
         _zip({"[Content_Types].xml": "<Types/>", "word/document.xml": "<w:document/>"})),
        (Case("saved-page.xls", "saved web page (MHTML"), mhtml.encode()),
    ]


if __name__ == "__main__":
    for c in write_corpus(Path(sys.argv[1] if len(sys.argv) > 1 else "malformed")):
        print(f"{c.name}: {c.expected}")
