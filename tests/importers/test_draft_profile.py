"""An export no layout reads: the refusal offers a profile read from its header row, and that
profile, pasted into import_config.py as it is, reads the file with nothing lost.

Why: "describe this layout as a profile" sent a finance officer to the docs to learn the
profile's keys, though the header row already says most of them (交易日期, 收入, 支出, 余额).
"""

from __future__ import annotations

import json
import re
from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import cli
from importers.profiles import Profile, draft_profile

#: another bank's export (none of the built-in layouts): a preamble, 收入 / 支出, a footer
STATEMENT = (
    "某某农村商业银行账户明细\n"
    "账号:6222000011112222\n"
    "交易日期,摘要,收入,支出,余额,对方户名,对方账号\n"
    "2026-03-02,转账,\"1,000.00\",,\"11,000.00\",张三,6217000000001111\n"
    "2026-03-05,工资代发,,250.50,\"10,749.50\",李大伟,6217000000002222\n"
    "2026-03-09,转账,0.01,,\"10,749.51\",王五,6217000000003333\n"
    "合计,,\"1,000.01\",250.50,,,\n"
)


def run(*args):
    return CliRunner().invoke(cli, ["import", *map(str, args)])


def _offered(output: str) -> dict:
    found = re.search(r"a profile could start as (\{.*?\}) \(add it", output)
    assert found, output
    return json.loads(found.group(1))


@pytest.mark.parametrize(
    ("header", "sign", "columns"),
    [
        (["交易日期", "摘要", "收入", "支出", "余额"], "in-out",
         {"date": "交易日期", "in": "收入", "out": "支出", "balance": "余额", "memo": ["摘要"]}),
        # BOC's credit card bill (tests/importers/real/unsupported/boc-credit.csv): 存入 / 支出
        (["交易日", "银行记账日", "卡号后四位", "交易描述", "存入", "支出", "币种"], "in-out",
         {"date": "交易日", "in": "存入", "out": "支出", "currency": "币种", "memo": ["交易描述"]}),
        (["日期", "金额", "借贷标志", "对方户名", "用途"], "direction",
         {"date": "日期", "amount": "金额", "direction": "借贷标志", "payer": "对方户名", "memo": ["用途"]}),
        # 招商银行's corporate export names the counterparty 收/付方名称 and 收/付方帐号
        (["交易日", "交易时间", "借方金额", "贷方金额", "余额", "收/付方名称", "收/付方帐号"], "in-out",
         {"date": "交易日", "time": "交易时间", "in": "贷方金额", "out": "借方金额", "balance": "余额", "payer": "收/付方名称",
          "payer_account": "收/付方帐号"}),
        # a rural bank's 对账单 and 网商银行's export name their direction column otherwise
        # (收/付 holding 收 / 付, 收支类型 holding 收入 / 支出): the draft read it as "signed", and
        # pasted it booked each payment as money in; 民生's corporate export names the payer
        # 对方账号名称
        (["交易日期", "摘要", "收/付", "发生额", "对方户名"], "direction",
         {"date": "交易日期", "amount": "发生额", "direction": "收/付", "payer": "对方户名", "memo": ["摘要"]}),
        (["交易时间", "收支类型", "交易金额", "账户余额", "对方户名"], "direction",
         {"date": "交易时间", "amount": "交易金额", "direction": "收支类型", "balance": "账户余额", "payer": "对方户名"}),
        (["交易时间", "交易方向", "交易金额", "对方账号名称"], "direction",
         {"date": "交易时间", "amount": "交易金额", "direction": "交易方向", "payer": "对方账号名称"}),
        (["交易日期", "出入账标志", "金额"], "direction", {"date": "交易日期", "amount": "金额", "direction": "出入账标志"}),
        # money columns named otherwise than relief knew: bare 借方 / 贷方 (a 对账单's), 发生额(借) /
        # 发生额(贷), 付款金额 / 收款金额, 支取金额 / 存入金额, 出账金额 / 入账金额 (入账金额 alone is
        # a card bill's signed amount): no draft was offered, or a signed one that refused the file
        (["交易日期", "借方", "贷方", "余额"], "in-out", {"date": "交易日期", "in": "贷方", "out": "借方", "balance": "余额"}),
        (["交易日期", "发生额(借)", "发生额(贷)"], "in-out", {"date": "交易日期", "in": "发生额(贷)", "out": "发生额(借)"}),
        (["交易日期", "付款金额", "收款金额"], "in-out", {"date": "交易日期", "in": "收款金额", "out": "付款金额"}),
        (["交易日期", "支取金额", "存入金额"], "in-out", {"date": "交易日期", "in": "存入金额", "out": "支取金额"}),
        (["交易日期", "出账金额", "入账金额"], "in-out", {"date": "交易日期", "in": "入账金额", "out": "出账金额"}),
        (["交易日期", "支出(-)", "收入(+)"], "in-out", {"date": "交易日期", "in": "收入(+)", "out": "支出(-)"}),
        (["交易日期", "汇出金额", "汇入金额"], "in-out", {"date": "交易日期", "in": "汇入金额", "out": "汇出金额"}),
        (["交易日期", "借方发生金额", "贷方发生金额"], "in-out", {"date": "交易日期", "in": "贷方发生金额", "out": "借方发生金额"}),
        (["交易日", "记账日", "交易摘要", "入账金额"], "signed", {"date": "交易日", "amount": "入账金额", "memo": ["交易摘要"]}),
        # the date under other banks' names (发生日期, 会计日期, 记账时间, 营业日期, 账务日期): no
        # draft at all was offered; the counterparty's (对方账户户名, 交易对方, 对手方名称) left out
        (["发生日期", "借方发生额", "贷方发生额", "对方账户户名", "对手方账号"], "in-out",
         {"date": "发生日期", "in": "贷方发生额", "out": "借方发生额", "payer": "对方账户户名", "payer_account": "对手方账号"}),
        (["会计日期", "交易对方", "交易金额"], "signed", {"date": "会计日期", "amount": "交易金额", "payer": "交易对方"}),
        (["记账时间", "对手方名称", "收入", "支出"], "in-out", {"date": "记账时间", "in": "收入", "out": "支出", "payer": "对手方名称"}),
        (["营业日期", "金额", "借贷"], "direction", {"date": "营业日期", "amount": "金额", "direction": "借贷"}),
        (["账务日期", "入账时间", "金额", "收/支"], "direction",
         {"date": "账务日期", "time": "入账时间", "amount": "金额", "direction": "收/支"}),
        # 微众's and 网商's 时间 holds the day and the time (2026-03-02 09:12:11): the only date
        # column, it got no draft
        (["时间", "收入", "支出", "余额"], "in-out", {"date": "时间", "in": "收入", "out": "支出", "balance": "余额"}),
        (["记账日期", " 交易时间 ", "交易金额", "本次余额", "交易流水号"], "signed",
         {"date": "记账日期", "time": "交易时间", "amount": "交易金额", "balance": "本次余额", "id": "交易流水号"}),
    ],
)
def test_the_draft_is_a_valid_profile_of_the_header(header, sign, columns):
    draft = json.loads(draft_profile(header))
    assert draft["sign"] == sign and draft["columns"] == columns
    # the header's other texts mark the layout, so that the profile takes no other bank's file
    named = {c for v in columns.values() for c in ([v] if isinstance(v, str) else v)}
    assert draft.get("header", []) == [" ".join(h.split()) for h in header if " ".join(h.split()) not in named]
    Profile(**draft)  # raises ProfileError if it is not one


@pytest.mark.parametrize("header", [["Transaction date", "Billing amount"], ["交易日期", "摘要", "余额"], ["摘要", "收入", "支出"], []])
def test_no_draft_without_a_date_and_money_columns(header):
    assert draft_profile(header) is None


def test_the_refusal_offers_a_draft_that_reads_the_file(books, tmp_path):
    statement = tmp_path / "农商行明细.csv"
    statement.write_bytes(STATEMENT.encode("gb18030"))
    refused = run(books, statement)
    assert refused.exit_code == 1 and "Traceback" not in refused.output
    assert "农商行明细.csv, row 3: unknown format" in refused.output
    assert "this is a 某某农村商业银行 statement by its title, row 1" in refused.output
    draft = _offered(refused.output)
    assert draft["columns"]["payer"] == "对方户名" and draft["columns"]["payer_account"] == "对方账号"
    (books / "import_config.py").write_text(
        "from importers.config import importers_for_books, renumber_receipts\n"
        f"MY = {json.dumps(draft, ensure_ascii=False)}\n"
        "CONFIG = importers_for_books(__file__, profiles=[MY])\nHOOKS = [renumber_receipts]\n", encoding="utf-8")
    read = run(books, statement)
    assert read.exit_code == 0, read.output
    assert "importer relief.bank.my-bank" in read.output
    # every yuan of the file is in what is proposed: in 1,000.01, out 250.50
    assert "file in +1,000.01, out -250.50, net +749.51 = proposed +749.51" in read.output
    amounts = sorted(Decimal(a) for a in re.findall(r"^  Assets:Bank:Basic +(-?[\d.]+) CNY", read.output, re.M))
    assert amounts == [Decimal("-250.50"), Decimal("0.01"), Decimal("1000.00")]
    assert re.search(r"balance Assets:Bank:Basic +10749\.51 CNY", read.output)  # the file's closing balance


def test_a_real_credit_card_bill_gets_a_draft_with_the_sign_to_check():
    """CGB's card bill (real, unsupported): one signed column whose spending is positive;
    the header cannot tell, so the message says what to add."""
    from importers.profiles import draft_hint

    header = (Path(__file__).parent / "real" / "unsupported" / "cgb-credit.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    hint = draft_hint(header)
    assert '"amount": "交易金额"' in hint and '"sign": "signed"' in hint
    assert '"invert": True' in hint


def test_a_books_profile_with_generic_columns_leaves_other_layouts_to_their_importers(books):
    """The books' profiles are tried first. One for CGB's card bill (交易日期,
    交易金额, 交易货币, 交易摘要) took the ABC statement, which has 交易日期 and 交易金额
    too, and refused it for lacking 交易货币; the built-in ABC layout now reads it."""
    header = (Path(__file__).parent / "real" / "unsupported" / "cgb-credit.csv").read_text(encoding="utf-8").splitlines()[0].split(",")
    draft = {**json.loads(draft_profile(header)), "id": "cgb-credit", "invert": True}
    del draft["header"]  # as written by hand: nothing but its columns marks the layout
    (books / "import_config.py").write_text(
        "from importers.config import importers_for_books, renumber_receipts\n"
        f"MY = {draft!r}\n"
        "CONFIG = importers_for_books(__file__, profiles=[MY])\nHOOKS = [renumber_receipts]\n", encoding="utf-8")
    abc = Path(__file__).parent / "golden" / "abc-debit" / "abc-debit.csv"
    read = run(books, abc)
    assert read.exit_code == 0, read.output
    assert "importer relief.bank.abc-debit" in read.output and "cgb-credit" not in read.output


def test_the_real_spdb_export_is_read_by_its_built_in_layout(tmp_path):
    """SPDB's export (real, published) was refused as an unknown format with a draft profile
    offered, whose reading gave the money line below: its layout is built in now
    (spdb-debit), and it reads the file the same, every yuan in the money line."""
    from tests.importers.support import REAL

    path = REAL / "bank" / "spdb-debit.xls"
    if not path.exists():
        pytest.skip("real fixtures not present")
    books = tmp_path / "books"
    assert CliRunner().invoke(cli, ["init", str(books), "--year", "2025"]).exit_code == 0
    read = run(books, path, "--account", "Assets:Bank:Basic")
    assert read.exit_code == 0, read.output
    assert "importer relief.bank.spdb-debit" in read.output
    assert "file in +10.00, out -11.64, net -1.64 = proposed -1.64" in read.output
