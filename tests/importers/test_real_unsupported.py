"""Real exports of layouts no built-in profile reads are refused with a message that names
the file and says what to do, never a traceback and never a wrong guess.

The samples (tests/importers/real/unsupported/, sources in ../real/README.md) are credit
card statements of six banks, HSBC HK's debit statement and the bills of two payment
platforms (京东, 美团), published by others. A finance officer may be handed any of them;
`relief import` must say it does not know the layout and point to a profile in
import_config.py, without claiming the file is a damaged export of a layout it resembles (the
JD bill was "looks like Alipay bill … the column(s) 交易对方; 商品说明 are missing", the
Meituan bill "the nearest, WeChat Pay bill"). Beside them, 兴业银行's statements of a card's
HKD and USD sub-accounts: a layout relief reads, refused for the CNY account naming the currency.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import cli

HERE = Path(__file__).parent / "real" / "unsupported"

#: file -> words the message must hold (besides the file's name and the way to a profile)
EXPECTED = {
    # the bank its title names, and the header row below the title, named with a profile read
    # from it (存入 / 支出)
    "boc-credit.csv": ('row 2: unknown format: this is a 中国银行 statement by its title, row 1: 中国银行信用卡账单(2025年01月), '
                       'but not of the layout(s) relief has for 中国银行 (中国银行交易流水明细): no known layout has this '
                       'header row (it reads: 交易日, 银行记账日, 卡号后四位, '
                       '交易描述, 存入, 支出, 币种); describe this layout as a profile in import_config.py (docs/importing.md, '
                       '"Bank profiles"); read from its header row, a profile could start as {"id": "my-bank", '
                       '"name": "我的银行账户明细", "columns": {"date": "交易日", "in": "存入", "out": "支出"'),
    # two date headers shared with ICBC's credit card layout, and nothing else of it
    "bocom-credit.csv": "has only 交易日期, 记账日期 in common with it",
    # 交易日期 and 交易金额 alone, as CCB's layout has them: not "export again with all columns"
    "cgb-credit.csv": "has only 交易日期, 交易金额 in common with it (and needs 钞汇 too): it is probably another bank's or card's export",
    # CITIC's (中信) credit card bill, .xls: 交易日期 and 交易金额 shared with CCB's layout, and
    # the draft profile read from its header row
    "citic-credit.xls": ("the header row reads: 交易日期, 入账日期, 交易描述, 卡末四位, 交易币种, 结算币种, 交易金额, 结算金额); "
                         "the nearest, 建设银行个人账户明细 (relief.bank.ccb-debit), has only 交易日期, 交易金额 in common "
                         "with it (and needs 钞汇 too): it is probably another bank's or card's export"),
    "cmb-credit.csv": ('row 2: unknown format: this is a 招商银行 statement by its title, row 1: 招商银行信用卡对账单（个人消费卡账户 '
                       '2024年01月）（补）, but not of the layout(s) relief has for 招商银行 (招商银行账户交易明细, '
                       '招商银行交易记录(旧版)): no known layout has this header row (it reads: 交易日, 记账日, 交易摘要, '
                       '人民币金额, 卡号末四位, 交易地金额); describe this layout as a profile in import_config.py '
                       '(docs/importing.md, "Bank profiles"); read from its header row, a profile could start as '
                       '{"id": "my-bank", "name": "我的银行账户明细", "columns": {"date": "交易日", "amount": "人民币金额"'),
    "hsbchk-credit.csv": "its first row reads: Transaction date, Post date, Description, Billing amount",
    "hsbchk-debit.csv": "its first row reads: Date, Description, Billing amount, Billing currency, Balance, Balance currency",
    # a payment platform's bill, named as such: not a damaged Alipay or WeChat Pay bill
    "jd.csv": "row 22: unknown format: this is a JD (京东) bill (京东交易流水): relief has no built-in profile for it",
    "meituan.csv": "row 20: unknown format: this is a Meituan (美团) bill (美团账单): relief has no built-in profile for it",
    # a list of orders, paid by WeChat Pay or Alipay: "unknown format … describe this layout as a
    # profile" sent the finance officer to book, beside those bills, the same money again
    "pinduoduo-orders.csv": "row 1: unknown format: this is a Pinduoduo (拼多多) order list (拼多多订单): relief has no built-in profile for it",
}
#: the section of docs/importing.md each refusal points to
SECTION = {"jd.csv": "Other payment platforms", "meituan.csv": "Other payment platforms",
           "pinduoduo-orders.csv": "Other payment platforms"}


#: statements of a layout relief reads, in a currency the CNY account does not hold: 兴业银行's
#: HKD and USD sub-accounts' 交易明细 (the CNY one is in ../cib-debit/), which say their currency
#: only in the 卡内账户 line above the header -> the currency's code
OTHER_CURRENCY = {"cib-debit-hkd.xlsx": "HKD", "cib-debit-usd.xlsx": "USD"}


def test_every_sample_is_listed():
    assert sorted(p.name for p in HERE.glob("*") if p.suffix in (".csv", ".xls", ".xlsx")) == sorted(
        [*EXPECTED, *OTHER_CURRENCY])


@pytest.mark.parametrize("name", sorted(EXPECTED))
def test_unsupported_real_export_is_refused_clearly(books, name):
    before = sorted(p.name for p in books.rglob("*"))
    result = CliRunner().invoke(cli, ["import", str(books), str(HERE / name), "--account", "Assets:Bank:Basic"])
    output = result.output + (result.stderr if result.stderr_bytes is not None else "")
    assert result.exit_code == 1, output
    assert "Traceback" not in output and result.exception is None or isinstance(result.exception, SystemExit), output
    assert f"error: {name}" in output and "unknown format" in output, output
    assert EXPECTED[name] in output, output
    section = SECTION.get(name, "Bank profiles")
    assert f'import_config.py (docs/importing.md, "{section}")' in output, output
    assert "looks like" not in output and "nearest" not in output or name not in SECTION, output
    assert sorted(p.name for p in books.rglob("*")) == before


@pytest.mark.parametrize("name", sorted(OTHER_CURRENCY))
def test_cib_statements_of_other_currencies_are_not_booked_as_yuan(books, name):
    """The HKD and USD sub-accounts' statements say their currency only in 卡内账户 (002
    活期储蓄存款 港币 现汇): read with the profile a refusal offered before the layout was built
    in, their amounts were booked as so many yuan, gifts with receipts. Read by the built-in
    layout, they are refused for the CNY account, naming the currency and the first row."""
    code = OTHER_CURRENCY[name]
    before = sorted(p.name for p in books.rglob("*"))
    read = CliRunner().invoke(cli, ["import", str(books), str(HERE / name), "--account", "Assets:Bank:Basic", "--write"])
    assert read.exit_code == 1, read.output
    assert f"error: {name}, row 12: the row is in {code}, as the statement's heading says" in read.output, read.output
    assert "but Assets:Bank:Basic holds only CNY" in read.output, read.output
    assert f"or give the --account that holds {code}" in read.output, read.output
    assert sorted(p.name for p in books.rglob("*")) == before


@pytest.mark.parametrize(("name", "line"), [
    ("cib-debit-hkd.xlsx", "file in +17.60, out -17.60, net +0.00 = proposed +0.00 + already in the books +0.00 + skipped +0.00"),
    ("cib-debit-usd.xlsx", "file in +70.00, out -70.00, net +0.00 = proposed +0.00 + already in the books +0.00 + skipped +0.00"),
])
def test_cib_statements_of_other_currencies_are_conserved_in_their_own_account(tmp_path, name, line):
    """Given the account opened in its currency, each sub-account's statement is booked unit for
    unit: HKD's 隔日冲账 of -5.50 under 支出 gives back the 5.50 paid out the day before (in
    17.60 = 5.50 + 6.60 + 5.50, out 17.60), and its 购汇 from the holder is a currency
    exchange, no gift with a receipt."""
    code = OTHER_CURRENCY[name]
    books = tmp_path / "books"
    assert CliRunner().invoke(cli, ["init", str(books), "--year", "2024"]).exit_code == 0
    with (books / "accounts.beancount").open("a", encoding="utf-8") as fh:
        fh.write(f"\n2024-01-01 open Assets:Bank:{code} {code}\n")
    read = CliRunner().invoke(cli, ["import", str(books), str(HERE / name), "--account", f"Assets:Bank:{code}"])
    assert read.exit_code == 0, read.output
    assert f"money Assets:Bank:{code}: {line}" in read.output, read.output
    assert f"balance Assets:Bank:{code}                                 0.00 {code}" in read.output, read.output
    assert "receipt:" not in read.output and "a currency exchange (购汇)" in read.output, read.output
