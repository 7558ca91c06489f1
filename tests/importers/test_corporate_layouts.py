"""Corporate (单位 / 对公) account statements of banks with no layout of their own, in the
shapes their exports have: each is booked row by row as the file says, or refused naming the
file and what to do. A union centre's basic account is such an account.

No public real export of these layouts exists (tests/importers/real/README.md): the files
here are the project's own, written to the columns and quirks the banks' statements have
(邮储's 账户交易明细 with 收入总笔数 / 支出总笔数 above the header, a rural commercial bank's
客户账户明细对账单 with 借方总笔数 / 贷方总笔数 under the rows, ICBC's 企业网银 historydetail
CSV with a 借/贷 column beside 借方发生额 / 贷方发生额, masked 对方账号 cells).

Why: a record count stated for one direction (收入总笔数 1笔 beside 支出总笔数 2笔) was read
as the whole statement's, and a correct PSBC statement was refused as cut off.
"""

from __future__ import annotations

import csv
import json
import re
import shutil
from decimal import Decimal
from pathlib import Path

import openpyxl
from beancount.core import data
from click.testing import CliRunner

from cli import cli
from importers.run import extract_files, load_importers
from ledger.books import load_books

ACCOUNT = "Assets:Bank:Basic"
HEADER_PSBC = ["交易日期", "交易时间", "交易渠道", "摘要", "支出金额", "收入金额", "余额", "对方账号", "对方户名",
               "对方开户行", "附言", "流水号"]


def _xlsx(path: Path, rows: list[list]) -> Path:
    book = openpyxl.Workbook()
    for row in rows:
        book.active.append(row)
    book.save(path)
    return path


def _extract(books: Path, path: Path, **options):
    loaded = load_books(books)
    (result,) = extract_files(loaded, [path], load_importers(loaded.root), account=ACCOUNT, **options)
    return result


def _booked(result) -> list[tuple[str, str, Decimal]]:
    """(date, payee, amount on the bank account) of each new transaction, in the file's order."""
    assert result.problem is None, result.problem
    assert result.conserved, [(m.account, m.file_net) for m in result.money]
    txns = sorted((e for e in result.new if isinstance(e, data.Transaction)), key=lambda e: e.meta["lineno"])
    return [(str(e.date), e.payee or "", next(p.units.number for p in e.postings if p.account == ACCOUNT)) for e in txns]


def _closing(result) -> Decimal | None:
    return next((e.amount.number for e in result.new if isinstance(e, data.Balance)), None)


def psbc(tmp_path: Path, ins: str = "1笔", outs: str = "2笔") -> Path:
    """邮储 (PSBC) 账户交易明细, as its online banking exports it: the account and holder, the
    totals and counts of each direction above the header, masked counterparty accounts."""
    return _xlsx(tmp_path / "psbc.xlsx", [
        ["中国邮政储蓄银行账户交易明细"],
        ["账号", "944150013000365212", None, None, "户名", "某市总工会困难职工帮扶中心"],
        ["收入总金额", "3,000.00", None, None, "支出总金额", "1,205.00"],
        ["收入总笔数", ins, None, None, "支出总笔数", outs],
        HEADER_PSBC,
        ["2026-03-02", "09:12:00", "网银", "转账", "", "3,000.00", "13,000.00", "6217****1234", "张三", "中国工商银行", "捐款", "P0001"],
        ["2026-03-05", "10:00:00", "柜面", "转账", "1,200.00", "", "11,800.00", "6222****5678", "李四", "中国邮政储蓄银行", "帮扶金", "P0002"],
        ["2026-03-06", "10:00:00", "柜面", "收费", "5.00", "", "11,795.00", "", "", "", "手续费", "P0003"],
    ])


def test_psbc_counts_of_each_direction_are_each_directions_rows(books, tmp_path):
    result = _extract(books, psbc(tmp_path))
    assert _booked(result) == [("2026-03-02", "张三", Decimal("3000.00")), ("2026-03-05", "李四", Decimal("-1200.00")),
                               ("2026-03-06", "", Decimal("-5.00"))]
    assert _closing(result) == Decimal("11795.00")


def test_a_direction_count_the_rows_do_not_reach_is_refused(books, tmp_path):
    result = _extract(books, psbc(tmp_path, outs="3笔"))
    assert result.problem is not None
    text = str(result.problem)
    assert "psbc.xlsx" in text and "row 4" in text, text
    assert "the statement says 3 records went out (支出总笔数 3" in text and "2 transaction rows" in text, text
    assert "--ignore-summary" in text
    assert _booked(_extract(books, psbc(tmp_path, outs="3笔"), verify_summary=False))


def test_a_direction_total_the_rows_do_not_reach_is_refused(books, tmp_path):
    """收入总金额 in its own cell, the amount in the next: read as 收入合计：… is."""
    path = psbc(tmp_path)
    book = openpyxl.load_workbook(path)
    book.active["B3"] = "3,500.00"
    book.save(path)
    text = str(_extract(books, path).problem)
    assert "row 3" in text and "the statement says 3,500.00 went in" in text and "3,000.00" in text, text


def test_rural_bank_counts_under_the_rows(books, tmp_path):
    """A rural commercial bank's 客户账户明细对账单: 借方总笔数 / 贷方总笔数 under the rows."""
    path = _xlsx(tmp_path / "rcb.xlsx", [
        ["某某农村商业银行客户账户明细对账单"],
        ["账号/卡号：8801000000000123", "户名：某市总工会困难职工帮扶中心"],
        ["交易日期", "摘要", "借方金额", "贷方金额", "余额", "币种", "对方账号", "对方户名", "用途"],
        ["2026-03-02", "转账", "", "20,000.00", "120,000.00", "人民币", "6222020000001234", "某某机械制造有限公司", "捐赠"],
        ["2026-03-09", "转账", "1,200.00", "", "118,800.00", "人民币", "3100000000000002", "某某办公用品公司", "办公用品"],
        ["2026-03-10", "转账", "300.00", "", "118,500.00", "人民币", "6222********9999", "王五", "帮扶金"],
        ["借方总笔数：2", "借方总金额：1,500.00", "贷方总笔数：1", "贷方总金额：20,000.00"],
    ])
    result = _extract(books, path)
    assert _booked(result) == [("2026-03-02", "某某机械制造有限公司", Decimal("20000.00")),
                               ("2026-03-09", "某某办公用品公司", Decimal("-1200.00")),
                               ("2026-03-10", "王五", Decimal("-300.00"))]
    assert _closing(result) == Decimal("118500.00")
    book = openpyxl.load_workbook(path)
    book.active["C7"] = "贷方总笔数：2"
    book.save(path)
    text = str(_extract(books, path).problem)
    assert "row 7" in text and "the statement says 2 records went in (贷方总笔数：2" in text, text
    # the money of one side stated under the rows: passed over before, now checked
    book.active["C7"] = "贷方总笔数：1"
    book.active["B7"] = "借方总金额：1,600.00"
    book.save(path)
    text = str(_extract(books, path).problem)
    assert "row 7" in text and "the statement says 1,600.00 went out (借方总金额：1,600.00) but its rows move 1,500.00" in text, text


def test_icbc_historydetail_csv(books, tmp_path):
    """ICBC 企业网银's account history CSV (historydetail*.csv, GB18030): 借/贷 beside 借方发生额
    and 贷方发生额, 交易时间 holding date and time, a masked 对方账号."""
    path = tmp_path / "historydetail441.csv"
    with path.open("w", encoding="gb18030", newline="") as f:
        csv.writer(f).writerows([
            ["凭证号", "本方账号", "对方账号", "交易时间", "借/贷", "借方发生额", "贷方发生额", "对方行号", "摘要", "用途",
             "对方单位名称", "余额", "个性化信息"],
            ["0000000001", "6222000011112222", "6222020000001234", "2026-03-02 09:12:00", "贷", "", "20,000.00",
             "102100000001", "转账", "捐赠", "某某机械制造有限公司", "120,000.00", ""],
            ["0000000002", "6222000011112222", "****", "2026-03-08 15:00:00", "贷", "", "50,000.00", "", "拨款",
             "专项拨款", "市总工会", "170,000.00", ""],
            ["0000000003", "6222000011112222", "3100000000000002", "2026-03-09 10:00:00", "借", "1,200.00", "",
             "102100000003", "转账", "办公用品", "某某办公用品公司", "168,800.00", ""],
        ])
    result = _extract(books, path)
    assert result.importer.name == "relief.bank.icbc-corporate"
    assert _booked(result) == [("2026-03-02", "某某机械制造有限公司", Decimal("20000.00")),
                               ("2026-03-08", "市总工会", Decimal("50000.00")),
                               ("2026-03-09", "某某办公用品公司", Decimal("-1200.00"))]
    assert _closing(result) == Decimal("168800.00")


def test_everbright_statement_is_refused_at_its_header_with_a_profile_that_reads_it(books, tmp_path):
    """光大's 对公账户对账单: 交易日期时间, 借/贷 and an unsigned 交易金额; the totals and counts of
    each side under the rows (借方发生额 1,200.00, 借方笔数 1). The refusal named that footer
    line as the header row, 'looks like 工商银行企业账户明细, but the column(s) 交易日期 or
    交易时间 are missing' (it has 借方发生额 and 贷方发生额), and offered no profile. A row
    holding amounts is no header row: the refusal now names the header row and offers a
    profile read from it, which, pasted into import_config.py, books the file as it says."""
    path = _xlsx(tmp_path / "ceb.xlsx", [
        ["中国光大银行 对公账户对账单"],
        ["账号：39120188000012345", "户名：某市总工会困难职工帮扶中心"],
        ["序号", "交易日期时间", "借/贷", "交易金额", "账户余额", "对方账号", "对方户名", "摘要"],
        ["1", "2026-03-02 09:12:00", "贷", "20,000.00", "120,000.00", "6222020000001234", "某某机械制造有限公司", "捐赠"],
        ["2", "2026-03-09 10:00:00", "借", "1,200.00", "118,800.00", "3100000000000002", "某某办公用品公司", "办公用品"],
        ["借方发生额", "1,200.00", "贷方发生额", "20,000.00"],
        ["借方笔数", "1", "贷方笔数", "1"],
    ])
    refused = CliRunner().invoke(cli, ["import", str(books), str(path), "--account", ACCOUNT])
    assert refused.exit_code == 1 and "Traceback" not in refused.output
    assert "ceb.xlsx, row 3: unknown format: this is a 光大银行 statement by its title" in refused.output, refused.output
    assert "工商银行企业账户明细" not in refused.output, refused.output
    found = re.search(r"a profile could start as (\{.*?\}) \(add it", refused.output)
    assert found, refused.output
    draft = json.loads(found.group(1))
    assert draft["sign"] == "direction" and draft["columns"]["direction"] == "借/贷", draft
    assert draft["columns"]["date"] == "交易日期时间" and draft["columns"]["amount"] == "交易金额", draft
    (books / "import_config.py").write_text(
        "from importers.config import importers_for_books, renumber_receipts\n"
        f"MY = {json.dumps(draft, ensure_ascii=False)}\n"
        "CONFIG = importers_for_books(__file__, profiles=[MY])\nHOOKS = [renumber_receipts]\n", encoding="utf-8")
    result = _extract(books, path)
    assert _booked(result) == [("2026-03-02", "某某机械制造有限公司", Decimal("20000.00")),
                               ("2026-03-09", "某某办公用品公司", Decimal("-1200.00"))]
    assert _closing(result) == Decimal("118800.00")


def test_rural_bank_counterparty_account_and_name_in_one_column(books, tmp_path):
    """The same statement with 对方账号/户名 in one cell (6222020000001234/某某机械制造有限公司), as
    many rural commercial banks print it. The column was not read and nothing said so: a gift
    of 20,000.00 from a company was booked from no one (UNIDENTIFIED, an individual)."""
    path = _xlsx(tmp_path / "rcb.xlsx", [
        ["某某农村商业银行客户账户明细对账单"],
        ["账号/卡号：8801000000000123", "户名：某市总工会困难职工帮扶中心"],
        ["交易日期", "摘要", "借方金额", "贷方金额", "余额", "币种", "对方账号/户名", "用途"],
        ["2026-03-02", "转账", "", "20,000.00", "120,000.00", "人民币", "6222020000001234/某某机械制造有限公司", "捐赠"],
        ["2026-03-09", "转账", "1,200.00", "", "118,800.00", "人民币", "3100000000000002/某某办公用品公司", "办公用品"],
    ])
    result = _extract(books, path)
    assert _booked(result) == [("2026-03-02", "某某机械制造有限公司", Decimal("20000.00")),
                               ("2026-03-09", "某某办公用品公司", Decimal("-1200.00"))]
    gift = next(e for e in result.new if isinstance(e, data.Transaction) and e.payee == "某某机械制造有限公司")
    assert any(p.account == "Income:Donation:Enterprise" for p in gift.postings), gift


def test_abc_corporate_balance_is_read(books, tmp_path):
    """农行's 单位账户交易明细: 交易时间, 收入金额 / 支出金额 and 账户余额. The balance column was
    not read (the corporate layout read 余额 only): no row's balance was checked and no
    closing balance asserted, under a note that the balance was missing."""
    path = _xlsx(tmp_path / "abc.xlsx", [
        ["中国农业银行 单位账户交易明细"],
        ["账号：12345678901234567", "户名：某市总工会困难职工帮扶中心"],
        ["交易时间", "收入金额", "支出金额", "账户余额", "对方账号", "对方户名", "交易用途", "摘要"],
        ["2026-03-02 09:12:00", "20,000.00", "", "120,000.00", "6222020000001234", "某某机械制造有限公司", "捐赠", "转账"],
        ["2026-03-09 10:00:00", "", "1,200.00", "118,800.00", "3100000000000002", "某某办公用品公司", "办公用品", "转账"],
        ["合计", "20,000.00", "1,200.00", "", "", "", "", ""],
    ])
    result = _extract(books, path)
    assert _booked(result) == [("2026-03-02", "某某机械制造有限公司", Decimal("20000.00")),
                               ("2026-03-09", "某某办公用品公司", Decimal("-1200.00"))]
    assert _closing(result) == Decimal("118800.00")
    assert not any("not read by the layout" in n for n in result.report.notes), result.report.notes


def test_huaxia_corporate_refusal_offers_a_profile(books, tmp_path):
    """华夏's 对公交易明细 (15 columns, 记账日期 beside 交易日期): refused as nearest to ICBC's
    corporate layout but with 记账日期, which it does not have, and told to export the file
    again with all its columns, which changes nothing. It now offers a profile read from the
    header row instead."""
    path = _xlsx(tmp_path / "hxb.xlsx", [
        ["账号：10250000000012345", "账户名称：某市总工会困难职工帮扶中心"],
        ["序号", "交易日期", "交易时间", "支出金额", "收入金额", "余额", "对方账号", "对方户名", "对方行名", "核心流水号",
         "交易描述", "摘要", "凭证号码", "明细标注", "记账日期"],
        ["1", "2026-03-09", "10:00:00", "1,200.00", "", "118,800.00", "3100000000000002", "某某办公用品公司", "某银行",
         "H0002", "转账", "办公用品", "", "", "2026-03-09"],
    ])
    refused = CliRunner().invoke(cli, ["import", str(books), str(path), "--account", ACCOUNT])
    assert refused.exit_code == 1 and "which that layout does not have" in refused.output, refused.output
    assert "export the file again" not in refused.output, refused.output
    draft = json.loads(re.search(r"a profile could start as (\{.*?\}) \(add it", refused.output).group(1))
    assert draft["sign"] == "in-out" and draft["columns"]["in"] == "收入金额" and draft["columns"]["out"] == "支出金额"


def test_signed_corporate_detail_gets_a_profile_that_reads_it(books, tmp_path):
    """A 对公客户账户明细 with one signed column, 交易发生金额 (+20,000.00 / -1,200.00), and the
    counts and money of each side under the rows. It was refused with 'no row looks like the
    header' and 'export the file again with all its columns'; it now gets a profile read
    from its header row, which books it as it says, its footer checked."""
    rows = [
        ["对公客户账户明细"],
        ["客户名称：某市总工会困难职工帮扶中心", "账号：6228480000000001"],
        ["交易日期", "交易发生金额", "账户余额", "对方账号", "对方户名", "摘要", "备注"],
        ["20260302", "+20,000.00", "120,000.00", "6222020000001234", "某某机械制造有限公司", "转账", "捐赠"],
        ["20260309", "-1,200.00", "118,800.00", "3100000000000002", "某某办公用品公司", "转账", "办公用品"],
        ["借方合计笔数：1", "借方合计金额：1,200.00", "贷方合计笔数：1", "贷方合计金额：20,000.00"],
    ]
    path = _xlsx(tmp_path / "corp.xlsx", rows)
    refused = CliRunner().invoke(cli, ["import", str(books), str(path), "--account", ACCOUNT])
    assert refused.exit_code == 1 and "corp.xlsx, row 3: unknown format" in refused.output, refused.output
    assert "export the file again" not in refused.output, refused.output
    draft = json.loads(re.search(r"a profile could start as (\{.*?\}) \(add it", refused.output).group(1))
    assert draft["sign"] == "signed" and draft["columns"]["amount"] == "交易发生金额", draft
    (books / "import_config.py").write_text(
        "from importers.config import importers_for_books, renumber_receipts\n"
        f"MY = {json.dumps(draft, ensure_ascii=False)}\n"
        "CONFIG = importers_for_books(__file__, profiles=[MY])\nHOOKS = [renumber_receipts]\n", encoding="utf-8")
    result = _extract(books, path)
    assert _booked(result) == [("2026-03-02", "某某机械制造有限公司", Decimal("20000.00")),
                               ("2026-03-09", "某某办公用品公司", Decimal("-1200.00"))]
    assert _closing(result) == Decimal("118800.00")
    rows[-1][1] = "借方合计金额：1,300.00"
    text = str(_extract(books, _xlsx(tmp_path / "corp.xlsx", rows)).problem)
    assert "row 6" in text and "1,300.00" in text and "1,200.00" in text, text


def test_boc_corporate_statement_in_pages(books, tmp_path):
    """中国银行's 单位人民币活期 account detail printed in pages: at the break the page's
    subtotal, its number, the title and header again and 承前页余额; a masked counterparty
    (****); 合计 and 共3笔 under the rows."""
    header = ["交易日期", "业务类型", "凭证号", "借方发生额", "贷方发生额", "余额", "对方账号", "对方户名", "摘要"]
    rows = [
        ["中国银行 单位人民币活期存款账户明细"],
        ["账号：123456789012", "户名：某市总工会困难职工帮扶中心"],
        header,
        ["20260302", "转账", "V001", "", "20,000.00", "120,000.00", "6222020000001234", "某某机械制造有限公司", "捐赠"],
        ["20260309", "转账", "V002", "1,200.00", "", "118,800.00", "3100000000000002", "某某办公用品公司", "办公用品"],
        ["本页合计", "", "", "1,200.00", "20,000.00", "", "", "", ""],
        ["第1页 共2页"],
        ["中国银行 单位人民币活期存款账户明细"],
        header,
        ["承前页余额", "", "", "", "", "118,800.00", "", "", ""],
        ["20260310", "转账", "V003", "", "3,000.00", "121,800.00", "****", "****", "捐款"],
        ["20260311", "收费", "V004", "5.00", "", "121,795.00", "", "", "手续费"],
        ["合计", "", "", "1,205.00", "23,000.00", "", "", "", ""],
        ["共4笔"],
    ]
    result = _extract(books, _xlsx(tmp_path / "boc.xlsx", rows))
    assert _booked(result) == [("2026-03-02", "某某机械制造有限公司", Decimal("20000.00")),
                               ("2026-03-09", "某某办公用品公司", Decimal("-1200.00")),
                               ("2026-03-10", "", Decimal("3000.00")), ("2026-03-11", "", Decimal("-5.00"))]
    assert _closing(result) == Decimal("121795.00")
    assert sorted(s.row for s in result.report.skipped) == [6, 7, 8, 9, 10]
    masked = next(e for e in result.new if isinstance(e, data.Transaction) and e.date.day == 10)
    assert masked.meta["donor"] == "UNIDENTIFIED" and "proposed_donor" not in masked.meta
    # a row lost from the second page: the count under the rows says so
    cut = _extract(books, _xlsx(tmp_path / "boc.xlsx", rows[:10] + rows[11:]))
    assert "boc.xlsx, row 13: the statement says it has 4 records (共4笔) but 3" in str(cut.problem), cut.problem
    # and without the count, the 合计
    cut = _extract(books, _xlsx(tmp_path / "boc.xlsx", rows[:10] + rows[11:-1]))
    assert "boc.xlsx, row 12" in str(cut.problem) and "23,000.00" in str(cut.problem), cut.problem


def test_icbc_account_detail_list_with_transfer_columns(books, tmp_path):
    """工商银行's 账户明细清单 of a corporate account (本方账号, 转入金额 / 转出金额, 余额) was
    refused as having no header row at all, with no profile offered: it is ICBC's corporate
    layout, and is read as such."""
    path = _xlsx(tmp_path / "icbc.xlsx", [
        ["中国工商银行账户明细清单"],
        ["本方账号：0200000009000012345", "户名：某市总工会困难职工帮扶中心"],
        ["序号", "交易日期", "对方账号", "对方户名", "摘要", "转入金额", "转出金额", "余额"],
        ["1", "2026-03-02", "6222020000001234", "某某机械制造有限公司", "捐赠", "20,000.00", "", "120,000.00"],
        ["2", "2026-03-09", "3100000000000002", "某某办公用品公司", "办公用品", "", "1,200.00", "118,800.00"],
    ])
    result = _extract(books, path)
    assert result.importer.name == "relief.bank.icbc-corporate"
    assert _booked(result) == [("2026-03-02", "某某机械制造有限公司", Decimal("20000.00")),
                               ("2026-03-09", "某某办公用品公司", Decimal("-1200.00"))]
    assert _closing(result) == Decimal("118800.00")


def _offered_profile_books(books: Path, path: Path) -> dict:
    """The profile the refusal of `path` offers, written into the books' import_config.py."""
    refused = CliRunner().invoke(cli, ["import", str(books), str(path), "--account", ACCOUNT])
    assert refused.exit_code == 1 and "Traceback" not in refused.output, refused.output
    assert "export the file again" not in refused.output, refused.output
    found = re.search(r"a profile could start as (\{.*?\}) \(add it", refused.output)
    assert found, refused.output
    draft = json.loads(found.group(1))
    (books / "import_config.py").write_text(
        "from importers.config import importers_for_books, renumber_receipts\n"
        f"MY = {json.dumps(draft, ensure_ascii=False)}\n"
        "CONFIG = importers_for_books(__file__, profiles=[MY])\nHOOKS = [renumber_receipts]\n", encoding="utf-8")
    return draft


def test_a_side_named_in_brackets_is_read_by_its_bracket(books, tmp_path):
    """招商银行's corporate 借方(出账) / 贷方(入账), and 网商银行's 借方金额（收）/ 贷方金额（支）, where
    the bank's 借方 is the money in: refused with no profile offered (and told to export
    again). The word in brackets says which way the money went: the profile offered reads
    each column by it, and books the gift as money in."""
    rows = [["2026-03-02", "20,000.00", "", "120,000.00", "某某机械制造有限公司", "6222020000001234", "捐赠"],
            ["2026-03-09", "", "1,200.00", "118,800.00", "某某办公用品公司", "3100000000000002", "办公用品"]]
    for name, money_in, money_out in (("cmb.xlsx", "贷方(入账)", "借方(出账)"), ("mybank.xlsx", "借方金额（收）", "贷方金额（支）")):
        book = books.parent / name.replace(".xlsx", "-books")
        book.mkdir()
        shutil.copytree(books, book, dirs_exist_ok=True)
        path = _xlsx(tmp_path / name, [
            ["账号：755900000010101"],
            ["交易日期", money_in, money_out, "余额", "对方户名", "对方账号", "摘要"],
            *rows,
        ])
        draft = _offered_profile_books(book, path)
        assert draft["sign"] == "in-out" and draft["columns"]["in"] == money_in, draft
        assert draft["columns"]["out"] == money_out, draft
        result = _extract(book, path)
        assert _booked(result) == [("2026-03-02", "某某机械制造有限公司", Decimal("20000.00")),
                                   ("2026-03-09", "某某办公用品公司", Decimal("-1200.00"))]


def test_hebei_corporate_detail_keeps_its_counterparties(books, tmp_path):
    """河北银行's 对公 交易明细记录 (交易金额 with 借贷标志, 交易后余额, 交易对手名称 / 交易对手账号),
    which BOCOM's direction layout reads by its columns: every counterparty was dropped (a
    company's gift of 20,000.00 booked from no one) and no balance checked or asserted, under
    a note. The layout reads those columns too."""
    path = _xlsx(tmp_path / "hebei.xlsx", [
        ["河北银行 交易明细记录"],
        ["账号：0010000000000012345", "户名：某市总工会困难职工帮扶中心", "收支标识：全部"],
        ["交易日期", "交易金额", "借贷标志", "交易后余额", "交易对手账号", "交易对手名称", "交易对手开户行", "摘要", "备注"],
        ["2026-03-02", "20,000.00", "贷", "120,000.00", "6222020000001234", "某某机械制造有限公司", "某银行", "转账", "捐赠"],
        ["2026-03-09", "1,200.00", "借", "118,800.00", "3100000000000002", "某某办公用品公司", "某银行", "转账", "办公用品"],
    ])
    result = _extract(books, path)
    assert _booked(result) == [("2026-03-02", "某某机械制造有限公司", Decimal("20000.00")),
                               ("2026-03-09", "某某办公用品公司", Decimal("-1200.00"))]
    assert _closing(result) == Decimal("118800.00")
    assert not any("not read by the layout" in n for n in result.report.notes), result.report.notes
