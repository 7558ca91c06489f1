"""Headers written in Chinese with an English gloss, as 中国银行's 企业网银 交易明细 writes every
column (交易日期[ Transaction Date ], 交易金额[ Trade Amount ], 交易后余额[ After-transaction
balance ]) and as other exports write them over two lines of a cell (借方发生额 / Debit).

Why: such a header was compared with its gloss, matched nothing, and the file was refused
as "no row looks like the header of a bank statement", with no profile offered, though its
Chinese names are the ones relief knows. The gloss is now left out of the comparison.
"""

from __future__ import annotations

import json
import re
from decimal import Decimal

import pytest
from click.testing import CliRunner

from cli import cli
from importers.profiles import fold_header

BOC_HEAD = ["交易类型[ Transaction Type ]", "交易日期[ Transaction Date ]", "交易时间[ Transaction time ]",
            "付款人账号[ Debit Account No. ]", "付款人名称[ Payer's Name ]", "收款人账号[ Payee's Account Number ]",
            "收款人名称[ Payee's Name ]", "交易货币[ Trade Currency ]", "交易金额[ Trade Amount ]",
            "交易后余额[ After-transaction balance ]", "交易流水号[ Transaction reference number ]", "摘要[ Reference ]"]


@pytest.mark.parametrize(("text", "folded"), [("交易日期[ Transaction Date ]", "交易日期"), ("借方发生额\nDebit", "借方发生额"),
                                              ("交易后余额(After-transaction balance)", "交易后余额"), ("余额（元）", "余额"),
                                              ("收/付方名称", "收/付方名称"), ("Transaction Date", "transactiondate"),
                                              ("金额(USD)", "金额(usd)"), ("余额(RMB)", "余额")])
def test_a_header_is_compared_without_its_english_gloss(text, folded):
    assert fold_header(text) == folded


def test_a_boc_corporate_export_is_offered_a_profile_that_reads_it(books, tmp_path):
    path = tmp_path / "boc.csv"
    rows = [["查询账号[ Inquirer account number ]", "6222000011112222"], BOC_HEAD,
            ["转账", "20260302", "09:12:11", "1234567890", "某某机械制造有限公司", "6222000011112222", "帮扶中心", "CNY",
             "50,000.00", "150,000.00", "R1", "捐款"],
            ["转账", "20260315", "15:02:11", "6222000011112222", "帮扶中心", "6217000000001111", "张三", "CNY",
             "-12,000.00", "138,000.00", "R2", "帮扶金"]]
    path.write_text("\n".join(",".join(f'"{c}"' for c in r) for r in rows) + "\n", encoding="utf-8")
    refused = CliRunner().invoke(cli, ["import", str(books), str(path), "--account", "Assets:Bank:Basic"])
    assert refused.exit_code == 1 and "boc.csv, row 2: unknown format" in refused.output
    draft = json.loads(re.search(r"a profile could start as (\{.*?\}) \(add it", refused.output).group(1))
    assert draft["sign"] == "signed" and draft["columns"]["amount"] == "交易金额[ Trade Amount ]"
    (books / "import_config.py").write_text(
        "from importers.config import importers_for_books, renumber_receipts\n"
        f"CONFIG = importers_for_books(__file__, profiles=[{json.dumps(draft, ensure_ascii=False)}])\n"
        "HOOKS = [renumber_receipts]\n", encoding="utf-8")
    read = CliRunner().invoke(cli, ["import", str(books), str(path), "--account", "Assets:Bank:Basic"])
    assert read.exit_code == 0, read.output
    amounts = [Decimal(a) for a in re.findall(r"^  Assets:Bank:Basic +(-?[\d.]+) CNY", read.output, re.M)]
    assert sorted(amounts) == [Decimal("-12000.00"), Decimal("50000.00")]
    assert re.search(r"balance Assets:Bank:Basic +138000\.00 CNY", read.output)


def test_a_row_of_english_names_under_the_header_is_a_line_of_the_header(books, tmp_path):
    """A header in Chinese with a row of the same names in English under it (Transaction Date,
    Debit, Credit …), as bilingual corporate exports write it. Why: that row was read as a
    transaction and the file refused as "'Transaction Date' is not a date"."""
    path = tmp_path / "bilingual.csv"
    path.write_text("某银行对账单\n账号：6222000011112222\n交易日期,摘要,借方发生额,贷方发生额,余额,对方户名\n"
                    "Transaction Date,Description,Debit,Credit,Balance,Counterparty\n"
                    "2026-03-02,转账,,\"1,000.00\",\"11,000.00\",王*明\n2026-03-15,代发,500.00,,\"10,500.00\",赵*红\n",
                    encoding="utf-8")
    read = CliRunner().invoke(cli, ["import", str(books), str(path)])
    assert read.exit_code == 0, read.output
    amounts = [Decimal(a) for a in re.findall(r"^  Assets:Bank:Basic +(-?[\d.]+) CNY", read.output, re.M)]
    assert sorted(amounts) == [Decimal("-500.00"), Decimal("1000.00")]
    assert "row 4: skipped" in read.output
