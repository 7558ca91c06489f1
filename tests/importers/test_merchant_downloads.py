"""The downloads of a WeChat Pay merchant account (商户平台) and of an Alipay business account
(企业支付宝): each named for what it is, and the two that are statements of the account's money
imported, every yuan, with the profiles docs/importing.md ("Merchant accounts") gives.

Before, these were "unknown format" with the nearest bank's columns (the fund bill's footer
taken for a header, "probably another bank's or card's export"), and a profile written for
the fund bill read no row at all: every cell of it is written behind a backtick.
"""

from __future__ import annotations

import re
from decimal import Decimal
from pathlib import Path

import pytest
from beancount.core import data
from click.testing import CliRunner

from cli import cli
from importers.run import extract_files, load_importers
from ledger.books import load_books

DOC = (Path(__file__).resolve().parents[2] / "docs" / "importing.md").read_text(encoding="utf-8")

TRADE_BILL = "\n".join([
    "交易时间,公众账号ID,商户号,特约商户号,设备号,微信订单号,商户订单号,用户标识,交易类型,交易状态,付款银行,货币种类,应结订单金额,"
    "代金券金额,微信退款单号,商户退款单号,退款金额,充值券退款金额,退款类型,退款状态,商品名称,商户数据包,手续费,费率,订单金额,申请退款金额,费率备注",
    "`2026-03-05 10:00:00,`wx2421b1c4370ec43b,`1900000109,`0,`,`4200001234202603051234567890,`D20260305001,`oUpF8uMuAJO,`NATIVE,"
    "`SUCCESS,`OTHERS,`CNY,`1000.00,`0.00,`0,`0,`0.00,`0.00,`,`,`爱心捐款,`,`6.00000,`0.60%,`1000.00,`0.00,`",
    "总交易单数,应结订单总金额,退款总金额,充值券退款总金额,手续费总金额,订单总金额,申请退款总金额",
    "`1,`1000.00,`0.00,`0.00,`6.00000,`1000.00,`0.00", ""])

FUND_BILL = "\n".join([
    "记账时间,微信支付业务单号,资金流水单号,业务名称,业务类型,收支类型,收支金额(元),账户结余(元),资金变更提交申请人,备注,业务凭证号",
    "`2026-03-05 10:00:01,`4200001234202603051234567890,`4200001234202603051234567890,`交易,`交易,`收入,`1000.00,`1000.00,`system,`,`D001",
    "`2026-03-05 10:00:01,`4200001234202603051234567890,`1100000001202603050000000001,`扣除交易手续费,`扣除交易手续费,`支出,`6.00,"
    "`994.00,`system,`,`D001",
    "`2026-03-06 09:00:00,`4200001234202603061234567891,`4200001234202603061234567891,`退款,`退款,`支出,`200.00,`794.00,`system,`,`R001",
    "资金流水总笔数,收入笔数,收入金额,支出笔数,支出金额",
    "`3,`1,`1000.00,`2,`206.00", ""])

ACCOUNT_DETAIL = "\n".join([
    "#支付宝账务明细查询", "#账号:[20880123456789010156]",
    "#起始日期:[2026年03月01日 00:00:00]   终止日期:[2026年04月01日 00:00:00]",
    "#-----------------------------------------账务明细列表----------------------------------------",
    "账务流水号,业务流水号,商户订单号,商品名称,发生时间,对方账号,收入金额（+元）,支出金额（-元）,账户余额（元）,交易渠道,业务类型,备注",
    "20260305123456789012\t,2026030522001400001\t,\t,爱心捐款\t,2026-03-05 10:00:00\t,zhang***@163.com\t,+1000.00\t,\t,"
    "1000.00\t,支付宝\t,在线支付\t,\t",
    "20260305123456789013\t,2026030522001400001\t,\t,服务费\t,2026-03-05 10:00:00\t,\t,\t,-6.00\t,994.00\t,支付宝\t,收费\t,\t",
    "20260310123456789014\t,20260310001\t,\t,提现\t,2026-03-10 09:00:00\t,中国银行(1234)\t,\t,-900.00\t,94.00\t,支付宝\t,提现\t,\t",
    "#-----------------------------------------账务明细列表结束------------------------------------",
    "#收入合计：1笔，共1000.00元", "#支出合计：2笔，共906.00元", "#导出时间：[2026年04月01日 09:00:00]", ""])

BUSINESS_DETAIL = "\n".join([
    "#支付宝业务明细查询", "#账号：[20880123456789010156]",
    "#-----------------------------------------业务明细列表----------------------------------------",
    "支付宝交易号,商户订单号,业务类型,商品名称,创建时间,完成时间,门店编号,门店名称,操作员,终端号,对方账户,订单金额（元）,商家实收（元）,"
    "支付宝红包（元）,集分宝（元）,支付宝优惠（元）,商家优惠（元）,券核销金额（元）,券名称,商家红包消费金额（元）,卡消费金额（元）,"
    "退款批次号/请求号,服务费（元）,分润（元）,备注",
    "2026030522001400001\t,D001\t,交易\t,爱心捐款\t,2026-03-05 10:00:00\t,2026-03-05 10:00:01\t,\t,\t,\t,\t,zhang***@163.com\t,1000.00\t,"
    "1000.00\t,0.00\t,0.00\t,0.00\t,0.00\t,0.00\t,\t,0.00\t,0.00\t,\t,-6.00\t,0.00\t,\t",
    "#-----------------------------------------业务明细列表结束------------------------------------", ""])

FILES = {  # name: (text, encoding, words of the refusal)
    "trade.csv": (TRADE_BILL, "utf-8-sig", "WeChat Pay merchant-platform trade bill (交易账单): it lists orders"),
    "fund.csv": (FUND_BILL, "utf-8-sig", "WeChat Pay merchant-platform fund bill (资金账单): relief has no built-in layout"),
    "detail.csv": (ACCOUNT_DETAIL, "gbk", "Alipay 账务明细 (the statement of an account's balance): relief has no built-in layout"),
    "business.csv": (BUSINESS_DETAIL, "gbk", "Alipay merchant 业务明细 (its orders): it lists orders"),
}


def _write(tmp_path: Path, name: str) -> Path:
    text, encoding, _ = FILES[name]
    path = tmp_path / name
    path.write_bytes(text.encode(encoding))
    return path


@pytest.mark.parametrize("name", FILES)
def test_each_download_is_named_for_what_it_is(books, tmp_path, name):
    loaded = load_books(books)
    (result,) = extract_files(loaded, [_write(tmp_path, name)], load_importers(loaded.root))
    assert result.problem is not None and result.entries == []
    assert FILES[name][2] in result.problem.message
    assert name in str(result.problem) and '"Merchant accounts"' in result.problem.hint


def _documented_profiles() -> str:
    section = DOC[DOC.index("### Merchant accounts"):]
    return re.search(r"```python\n(.*?)```", section, flags=re.S).group(1)


def _books_with_profiles(books: Path) -> Path:
    (books / "import_config.py").write_text(
        "from importers.config import importers_for_books, renumber_receipts\n" + _documented_profiles()
        + "CONFIG = importers_for_books(__file__, profiles=[WECHAT_MERCHANT_FUND, ALIPAY_BUSINESS],\n"
        "                             accounts={'20880123456789010156': 'Assets:Online:Alipay'})\nHOOKS = [renumber_receipts]\n",
        encoding="utf-8")
    with (books / "accounts.beancount").open("a", encoding="utf-8") as fh:
        fh.write("\n2026-01-01 open Assets:Online:WeChatMerchant CNY\n2026-01-01 open Assets:Online:Alipay CNY\n")
    return books


def _moved(result) -> dict[str, Decimal]:
    out: dict[str, Decimal] = {}
    for e in result.new:
        if isinstance(e, data.Transaction):
            for p in e.postings:
                out[p.account] = out.get(p.account, Decimal(0)) + p.units.number
    return out


def test_the_fund_bill_imports_with_the_documented_profile(books, tmp_path):
    loaded = load_books(_books_with_profiles(books))
    (result,) = extract_files(loaded, [_write(tmp_path, "fund.csv")], load_importers(loaded.root),
                              account="Assets:Online:WeChatMerchant")
    assert result.problem is None, result.problem
    assert result.conserved
    moved = _moved(result)
    assert moved["Assets:Online:WeChatMerchant"] == Decimal("794.00")  # 1000 - 6 - 200
    assert moved["Expenses:Operations:BankFees"] == Decimal("6.00")
    (closing,) = [e for e in result.new if isinstance(e, data.Balance)]
    assert (closing.account, closing.amount.number) == ("Assets:Online:WeChatMerchant", Decimal("794.00"))


def test_the_alipay_account_detail_imports_with_the_documented_profile(books, tmp_path):
    loaded = load_books(_books_with_profiles(books))
    (result,) = extract_files(loaded, [_write(tmp_path, "detail.csv")], load_importers(loaded.root))
    assert result.problem is None, result.problem
    assert result.conserved
    moved = _moved(result)
    assert moved["Assets:Online:Alipay"] == Decimal("94.00")  # 1000 - 6 - 900
    assert moved["Expenses:Operations:BankFees"] == Decimal("6.00")
    (closing,) = [e for e in result.new if isinstance(e, data.Balance)]
    assert (closing.account, closing.amount.number) == ("Assets:Online:Alipay", Decimal("94.00"))


def test_a_wecom_collections_record_points_to_the_merchant_fund_bill(books, tmp_path):
    """企业微信's 对外收款 record lists what its members collected; the money goes to the WeChat Pay
    merchant account (商户号) the enterprise bound, whose 资金账单 is the statement of it. It was
    "unknown format … describe this layout as a profile": a profile for it, beside the fund bill,
    books every gift twice. It is named, and the fund bill is named as the way in. Rows written
    by hand for this test."""
    path = tmp_path / "对外收款.csv"
    path.write_text("\n".join([
        "企业微信对外收款记录", "导出时间：2026-05-01 10:00:00",
        "收款时间,收款成员,付款人,收款项目,收款金额(元),手续费(元),到账金额(元),收款方式,交易单号,状态",
        "2026-04-02 10:00:00,小王,张*三,捐款,100.00,0.60,99.40,收款码,Q202604020001,已到账", ""]), encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(books / "main.beancount"), str(path)])
    out = " ".join(result.output.split())
    assert "对外收款.csv, row 3: this is a WeCom (企业微信) 对外收款 record" in out, out
    assert "资金账单" in out and '"Merchant accounts"' in out
    assert "describe this layout as a profile" not in out


def test_a_fund_bill_whose_last_row_is_lost_is_refused_by_its_own_footer(books, tmp_path):
    """The fund bill's footer is a small table: a row of labels (资金流水总笔数, 收入笔数, 收入金额,
    支出笔数, 支出金额) and the row of their values under it. It was passed over, so a bill whose
    last row was lost (a copy cut short, a row deleted by hand) imported without a word, the 200.00
    refund missing from the books: the running balance agrees to the last row left. Now the
    footer's count and sums are checked against the rows, as a statement's 共N笔 and 收入合计 are."""
    loaded = load_books(_books_with_profiles(books))
    lines = FUND_BILL.split("\n")
    cut = "\n".join(line for line in lines if "`退款" not in line)  # the last row, lost
    path = tmp_path / "fund.csv"
    path.write_bytes(cut.encode("utf-8-sig"))
    (result,) = extract_files(loaded, [path], load_importers(loaded.root), account="Assets:Online:WeChatMerchant")
    assert result.problem is not None, "imported without a word"
    assert result.problem.row == 5, result.problem  # the row of the footer's values
    assert "the statement says it has 3 records (总笔数：3) but 2 transaction rows were read" in result.problem.what, result.problem


def test_a_fund_bill_whose_footer_states_other_sums_is_refused(books, tmp_path):
    loaded = load_books(_books_with_profiles(books))
    path = tmp_path / "fund.csv"
    path.write_bytes(FUND_BILL.replace("`3,`1,`1000.00,`2,`206.00", "`3,`1,`1000.00,`2,`226.00").encode("utf-8-sig"))
    (result,) = extract_files(loaded, [path], load_importers(loaded.root), account="Assets:Online:WeChatMerchant")
    assert result.problem is not None and "the statement says 226.00 went out (支出金额：226.00) but its rows move 206.00 out" \
        in result.problem.what, result.problem


def _books_with_bare_profiles(books: Path) -> Path:
    """The books with the documented profiles less their "account" (as written before it was
    documented), no accounts mapping, and one bank account, as a new centre's books have."""
    profiles = re.sub(r'\n\s*"account": "[^"]*",', "", _documented_profiles())
    assert '"account"' not in profiles
    (books / "import_config.py").write_text(
        "from importers.config import importers_for_books, renumber_receipts\n" + profiles
        + "CONFIG = importers_for_books(__file__, profiles=[WECHAT_MERCHANT_FUND, ALIPAY_BUSINESS])\nHOOKS = [renumber_receipts]\n",
        encoding="utf-8")
    with (books / "accounts.beancount").open("a", encoding="utf-8") as fh:
        fh.write("\n2026-01-01 open Assets:Online:WeChatMerchant CNY\n2026-01-01 open Assets:Online:Alipay CNY\n")
    return books


@pytest.mark.parametrize("name", ["fund.csv", "detail.csv"])
def test_a_merchant_statement_naming_no_books_account_is_not_booked_to_the_bank(books, tmp_path, name):
    """Imported without --account, the fund bill (which names no account) and the 账务明细 (whose
    2088… account nothing mapped) went to the books' only bank account: the merchant account's
    money booked as the bank's (the bank's balance wrong, its statement's settlements booked
    again), and for the 账务明细 a note said to write the Alipay account's number on the bank's
    open entry, which made it stick. Now the import stops and says how to name the account."""
    loaded = load_books(_books_with_bare_profiles(books))
    (result,) = extract_files(loaded, [_write(tmp_path, name)], load_importers(loaded.root))
    assert result.problem is not None, [e for e in result.new if isinstance(e, data.Transaction)][:1]
    assert "names no books account of its own" in result.problem.what, result.problem
    assert "--account" in result.problem.hint and '"account"' in result.problem.hint
    assert "account_number" not in str(result.problem)


@pytest.mark.parametrize("name, account", [("fund.csv", "Assets:Online:WeChatMerchant"), ("detail.csv", "Assets:Online:Alipay")])
def test_the_documented_profiles_name_their_books_account(books, tmp_path, name, account):
    (books / "import_config.py").write_text(
        "from importers.config import importers_for_books, renumber_receipts\n" + _documented_profiles()
        + "CONFIG = importers_for_books(__file__, profiles=[WECHAT_MERCHANT_FUND, ALIPAY_BUSINESS])\nHOOKS = [renumber_receipts]\n",
        encoding="utf-8")
    with (books / "accounts.beancount").open("a", encoding="utf-8") as fh:
        fh.write("\n2026-01-01 open Assets:Online:WeChatMerchant CNY\n2026-01-01 open Assets:Online:Alipay CNY\n")
    loaded = load_books(books)
    (result,) = extract_files(loaded, [_write(tmp_path, name)], load_importers(loaded.root))
    assert result.problem is None, result.problem
    assert set(_moved(result)) & {"Assets:Bank:Basic"} == set()
    assert account in _moved(result)


#: the 账务明细 as the account's API download (签约客户账单) writes it: no 商品名称, 对方账号 or 业务类型
SHORT_DETAIL = "\n".join([
    "#支付宝账务明细查询", "#账号:[20880123456789010156]",
    "#起始日期:[2026年03月01日 00:00:00]   终止日期:[2026年04月01日 00:00:00]",
    "#-----------------------------------------账务明细列表----------------------------------------",
    "账务流水号,商户订单号,业务流水号,收入金额（+元）,支出金额（-元）,账户余额（元）,发生时间,备注",
    "20260305123456789012\t,\t,2026030522001400001\t,+1000.00\t,\t,1000.00\t,2026-03-05 10:00:00\t,\t",
    "#-----------------------------------------账务明细列表结束------------------------------------",
    "#收入合计：1笔，共1000.00元", "#支出合计：0笔，共0.00元", ""])


def test_a_statement_lacking_columns_the_profile_names_says_which(books, tmp_path):
    """With the documented profile in import_config.py, a 账务明细 lacking three of the columns it
    names was refused with "add the profile … to import_config.py", the profile being there:
    the refusal now names the profile and the columns the file lacks, and how to let it lack them."""
    loaded = load_books(_books_with_profiles(books))
    path = tmp_path / "short.csv"
    path.write_bytes(SHORT_DETAIL.encode("gbk"))
    (result,) = extract_files(loaded, [path], load_importers(loaded.root))
    assert result.problem is not None and result.entries == []
    message = str(result.problem)
    assert "add the profile" not in message
    assert ("this is an Alipay 账务明细 (the statement of an account's balance), and the profile alipay-business "
            "(支付宝账务明细) in import_config.py names the column(s) 对方账号 (payer_account); 商品名称 (memo); "
            "业务类型 (memo), which its header row does not have") in message, message
    assert '"optional": ["payer_account", "memo"]' in message, message
