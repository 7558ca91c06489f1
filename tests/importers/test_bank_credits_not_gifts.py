"""Bank credits that are the centre's own money coming back, not a donor's gift.

deb-sig/bill-file-converter's real statements (tests/importers/real/boc-debit, cmb-debit)
hold a BOC `网上快捷提现` of 8,324.85 from 支付宝-李四 (money withdrawn from the Alipay
balance to the card) and a CMB `朝朝宝转出` from 待清算电子汇差-代销理财快赎投资 (the bank's
own wealth product redeemed): each was booked as a gift with a receipt number and its
counterparty proposed as a donor, so the public site and the letters thanked a platform
and a bank's clearing account. Such money still enters the books once, on the bank account,
but against the platform's balance or, flagged, the payable account; with no receipt and no
donor proposal. A foundation's gift (基金会 in its name) stays a gift: only the 摘要 /
交易类型 words and the bank's internal account kinds tell such rows apart.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from beancount.core import data

from tests.importers.support import extract_one

HEAD = "记账日期,货币,交易金额,联机余额,交易摘要,对手信息,客户摘要\n"


def _import(books, tmp_path, kind: str, payer: str, memo: str, amount: str = "8324.85"):
    path = tmp_path / "cmb.csv"
    path.write_text(HEAD + f"2026-03-02,CNY,{amount},18324.85,{kind},{payer},{memo}\n", encoding="utf-8")
    result = extract_one(books, path)
    assert result.problem is None, result.problem
    assert result.conserved
    (entry,) = [e for e in result.new if isinstance(e, data.Transaction)]
    proposals = [e for e in result.new if isinstance(e, data.Custom)]
    return entry, proposals


def _open(books, account: str) -> None:
    with (books / "accounts.beancount").open("a", encoding="utf-8") as fh:
        fh.write(f"\n2026-01-01 open {account} CNY\n")


def _not_a_gift(entry, proposals):
    assert entry.flag == "!", entry
    assert "receipt" not in entry.meta and "donor" not in entry.meta and "proposed_donor" not in entry.meta, entry.meta
    assert not any(p.account.startswith("Income:") for p in entry.postings), entry.postings
    assert not proposals, proposals


def test_an_alipay_withdrawal_is_a_transfer_from_the_alipay_balance(books, tmp_path):
    _open(books, "Assets:Online:Alipay")
    entry, proposals = _import(books, tmp_path, "网上快捷提现", "支付宝-李四", "支付宝-李四-李四支付宝余额提现-李四")
    _not_a_gift(entry, proposals)
    assert {p.account: p.units.number for p in entry.postings} == {"Assets:Bank:Basic": Decimal("8324.85"),
                                                                   "Assets:Online:Alipay": Decimal("-8324.85")}
    assert "withdrawal" in entry.meta["note"] and "Alipay bill" in entry.meta["note"], entry.meta


def test_a_wechat_withdrawal_without_the_balance_in_the_books_is_held_to_decide(books, tmp_path):
    entry, proposals = _import(books, tmp_path, "提现", "财付通支付科技有限公司", "微信零钱提现", amount="500.00")
    _not_a_gift(entry, proposals)
    assert {p.account for p in entry.postings} == {"Assets:Bank:Basic", "Liabilities:Payable"}
    assert "Assets:Online:WeChat" in entry.meta["note"], entry.meta


def test_a_withdrawal_from_another_platform_is_held_to_decide(books, tmp_path):
    entry, proposals = _import(books, tmp_path, "提现", "京东支付-某某", "京东钱包提现", amount="66.00")
    _not_a_gift(entry, proposals)
    assert {p.account for p in entry.postings} == {"Assets:Bank:Basic", "Liabilities:Payable"}


@pytest.mark.parametrize("kind,payer,memo", [
    ("朝朝宝转出", "待清算电子汇差-代销理财快赎投资", "朝朝宝"),
    ("蚂蚁基金赎回到银行", "支付宝（中国）网络技术有限公司", "支付宝"),
    ("理财赎回", "", "到期赎回"),
    ("转账汇款", "待清算款项内部户", ""),
    ("基金分红", "某某基金管理有限公司", "现金分红"),
])
def test_the_banks_own_wealth_product_or_internal_account_is_no_gift(books, tmp_path, kind, payer, memo):
    entry, proposals = _import(books, tmp_path, kind, payer, memo, amount="1200.00")
    _not_a_gift(entry, proposals)
    assert {p.account for p in entry.postings} == {"Assets:Bank:Basic", "Liabilities:Payable"}
    assert "not a donor's gift" in entry.meta["note"], entry.meta


@pytest.mark.parametrize("payer,memo", [("某某公益基金会", "转账"), ("某某基金销售有限公司", "汇入"),
                                        ("某某慈善基金会", "理财收益捐赠")])
def test_a_foundations_gift_is_still_a_gift(books, tmp_path, payer, memo):
    entry, proposals = _import(books, tmp_path, "转账汇款", payer, memo, amount="300.00")
    assert "receipt" in entry.meta and any(p.account.startswith("Income:Donation") for p in entry.postings), entry
    assert [p.meta["name"] for p in proposals] == [payer]


@pytest.mark.parametrize("kind,payer,memo", [
    ("代发工资", "北京招招招网络技术有限公司 61002303109201909", "工资"),
    ("工资", "美金数据有限公司", ""),
    ("代发住房公积金", "北京住房公积金管理中心1111111111", "01月01日约定提取"),
])
def test_a_payroll_or_benefit_payment_is_no_gift(books, tmp_path, kind, payer, memo):
    """Real BOC, CMB and ICBC samples: 工资 of 5,771.00 from 美金数据有限公司, 代发工资 of
    99,999.99, 代发住房公积金 of 1,234.00, each a gift with a receipt and an enterprise proposed."""
    entry, proposals = _import(books, tmp_path, kind, payer, memo, amount="5771.00")
    _not_a_gift(entry, proposals)
    assert "payroll" in entry.meta["note"], entry.meta


def test_a_days_pay_given_by_payroll_is_a_gift(books, tmp_path):
    entry, _ = _import(books, tmp_path, "代发", "某某机械制造有限公司 6222020000001234", "职工一日工资捐款", amount="300.00")
    assert entry.meta.get("donor") == "D0001" and "receipt" in entry.meta, entry.meta


@pytest.mark.parametrize("kind,payer,memo,word", [
    ("自动还款", "", "人民币自动转帐还款", "还款"),
    ("转账", "王五", "借款还款", "还款"),
    ("合伙人返现", "总行信用卡合伙人", "", "返现"),
])
def test_a_repayment_or_a_cashback_is_no_gift(books, tmp_path, kind, payer, memo, word):
    """A credit card's 自动还款 (ICBC's real credit card download: 4,621.01) and a bank's
    合伙人返现 (ICBC's real debit sample: 30.00) were donations with receipt numbers."""
    entry, proposals = _import(books, tmp_path, kind, payer, memo, amount="30.00")
    _not_a_gift(entry, proposals)
    assert f"({word})" in entry.meta["note"], entry.meta


@pytest.mark.parametrize("kind,payer,memo,word", [
    ("结汇", "", "", "结汇"),
    ("购汇", "帮扶中心 6229080000003333", "", "购汇"),
    ("外汇买卖", "", "美元兑人民币", "外汇买卖"),
])
def test_a_currency_exchange_is_no_gift(books, tmp_path, kind, payer, memo, word):
    """兴业银行's real statements of one card's sub-accounts move money between currencies
    (购汇 out of the CNY one, in to the HKD one, from the holder): the centre's USD sold for
    6,900.00 (结汇, no payer) was a gift from UNIDENTIFIED with a receipt number, counted a
    second time beside the gift it came from."""
    entry, proposals = _import(books, tmp_path, kind, payer, memo, amount="6900.00")
    _not_a_gift(entry, proposals)
    assert f"a currency exchange ({word})" in entry.meta["note"], entry.meta


def test_a_gift_converted_on_arrival_naming_a_gift_is_still_a_gift(books, tmp_path):
    entry, _ = _import(books, tmp_path, "汇入汇款结汇", "某某慈善会", "捐赠 助学", amount="6900.00")
    assert "receipt" in entry.meta, entry.meta


def test_the_fast_path_sees_every_word():
    """own_money skips a row holding none of its words' first characters: a word whose first
    character the fast path does not know would never be found."""
    from importers.bank_credits import ALLOCATION_WORDS, BANK_INTERNAL_PAYER, OWN_MONEY_WORDS, own_money

    for pattern in (ALLOCATION_WORDS, *(p for p, _, _ in OWN_MONEY_WORDS)):
        for word in pattern.pattern.split("|"):
            assert own_money(f"转账 {word}", "江临市财政局") is not None, word
    assert own_money("转账 提现", "") is not None and own_money("结算", "财付通") is not None
    for word in BANK_INTERNAL_PAYER.pattern.split("|"):
        assert own_money("转账", f"某行{word}") is not None, word


@pytest.mark.parametrize("payer", ["支付宝（中国）网络技术有限公司 2088000000001234", "财付通支付科技有限公司", "网联清算有限公司"])
def test_a_gift_sent_through_a_platform_proposes_no_platform_as_its_donor(books, tmp_path, payer):
    """Money a donor sent to the card through Alipay or WeChat Pay (转账到银行卡) names the
    platform or the clearing house as its payer: 200.00 was proposed as an enterprise gift
    from 支付宝（中国）网络技术有限公司, a donor the letters and the site would then thank."""
    entry, proposals = _import(books, tmp_path, "转账汇款", payer, "转账", amount="200.00")
    assert entry.meta["donor"] == "UNIDENTIFIED" and "receipt" in entry.meta, entry.meta
    assert not proposals and "proposed_donor" not in entry.meta
    assert "Income:Donation:Individual" in {p.account for p in entry.postings}
    assert "names no donor" in entry.meta["note"], entry.meta


def test_a_merchant_settlement_from_a_platform_is_a_withdrawal(books, tmp_path):
    """WeChat Pay settles a merchant account's takings to the card (商户结算 from 财付通): the gifts
    are in the merchant bill, each with its receipt; the settlement of 1,234.00 was one more
    gift (a receipt, 财付通 proposed as a donor), counting them twice."""
    _open(books, "Assets:Online:WeChat")
    entry, proposals = _import(books, tmp_path, "商户结算", "财付通支付科技有限公司", "微信支付结算款", amount="1234.00")
    _not_a_gift(entry, proposals)
    assert {p.account for p in entry.postings} == {"Assets:Bank:Basic", "Assets:Online:WeChat"}


def test_a_settlement_naming_no_platform_is_left_alone(books, tmp_path):
    entry, _ = _import(books, tmp_path, "转账汇款", "某某机械制造有限公司 6222020000001234", "结算", amount="300.00")
    assert entry.meta.get("donor") == "D0001" and "receipt" in entry.meta, entry.meta


@pytest.mark.parametrize("payer", ["测试帮扶中心 6217000099998888", "测试帮扶中心", "帮扶专户 6217000099998888"])
def test_money_from_the_centres_own_account_is_no_gift(books, tmp_path, payer):
    """5,000.00 moved from the centre's other account (its own name, or that account's number,
    as the payer) was a gift from the centre to itself, with a receipt, the centre proposed as
    its own donor; the other account's debit is held on Liabilities:Payable, where both now meet."""
    import csv
    import io

    with (books / "accounts.beancount").open("a", encoding="utf-8") as fh:
        fh.write('\n2026-01-01 open Assets:Bank:Other CNY\n  bank: "abc"\n  account_number: "6217000099998888"\n')
    head = ["交易日期", "摘要", "交易场所", "交易国家或地区简称", "钞/汇", "交易金额(收入)", "交易金额(支出)", "交易币种",
            "记账金额(收入)", "记账金额(支出)", "记账币种", "余额", "对方户名"]
    rows = [["明细查询文件下载"], [], ["卡号: 6222****2222"], ["起止日期: 2026-03-01 至 2026-03-31"], [], head,
            ["2026-03-12", "调拨", "", "CHN", "钞", "-", "-", "-", "5,000.00", "", "人民币", "5,000.00", payer]]
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    path = tmp_path / "icbc.csv"
    path.write_bytes(buf.getvalue().encode("gb18030"))
    result = extract_one(books, path)
    assert result.problem is None, result.problem
    (entry,) = [e for e in result.new if isinstance(e, data.Transaction)]
    _not_a_gift(entry, [e for e in result.new if isinstance(e, data.Custom)])
    assert {p.account for p in entry.postings} == {"Assets:Bank:Basic", "Liabilities:Payable"}
    assert "the centre's own" in entry.meta["note"], entry.meta


@pytest.mark.parametrize("kind,payer,account", [
    ("工会经费拨入", "江临市总工会", "Income:Union"),
    ("财政拨款", "江临市财政局", "Income:Government"),
    ("专项经费下拨", "江临市民政局", "Income:Government"),
])
def test_an_allocation_is_a_source_not_a_gift(books, tmp_path, kind, payer, account):
    """relief demo's own statements: 工会经费拨入 of 929,000.00 from 江临市总工会 and 财政拨款 of
    1,486,000.00 from 江临市财政局, imported into books without payer rules, were gifts from an
    organisation with receipt numbers: a thank-you letter to the city union for its allocation,
    and the site counting it among the donations. The demo's books have them on Income:Union
    and Income:Government."""
    entry, proposals = _import(books, tmp_path, kind, payer, "", amount="929000.00")
    assert "receipt" not in entry.meta and "donor" not in entry.meta and not proposals, entry.meta
    assert {p.account for p in entry.postings} == {"Assets:Bank:Basic", account}, entry.postings
    assert entry.flag == "!" and entry.meta["fund"] == "GENERAL" and "payer_rules" in entry.meta["note"], entry.meta
    # the demo books its 财政拨款 against the allocation approved a month before (Assets:Receivable:Government)
    assert ("Assets:Receivable:Government" in entry.meta["note"]) == (account == "Income:Government"), entry.meta


def test_an_allocation_from_an_unknown_payer_is_held_to_decide(books, tmp_path):
    entry, proposals = _import(books, tmp_path, "拨款", "某某单位", "", amount="1000.00")
    _not_a_gift(entry, proposals)
    assert {p.account for p in entry.postings} == {"Assets:Bank:Basic", "Liabilities:Payable"}


def test_an_enterprise_unions_gift_is_still_a_gift(books, tmp_path):
    entry, _ = _import(books, tmp_path, "转账汇款", "某某机械厂工会", "爱心捐款", amount="5000.00")
    assert "receipt" in entry.meta and any(p.account.startswith("Income:Donation") for p in entry.postings)


def test_a_donors_name_repeated_in_the_memo_changes_nothing(books, tmp_path):
    """Banks that copy the payer's name into the 摘要 (BOC's 附言, CMB's 客户摘要: 支付宝-李四-…)
    would let the name alone decide: 某某理财顾问有限公司's gift, its name in the memo, was held
    as the centre's own wealth product."""
    entry, proposals = _import(books, tmp_path, "转账汇款", "某某理财顾问有限公司", "某某理财顾问有限公司转账", amount="800.00")
    assert "receipt" in entry.meta and [p.meta["name"] for p in proposals] == ["某某理财顾问有限公司"], entry.meta


def test_a_withdrawal_before_the_balance_is_opened_is_held_to_decide(books, tmp_path):
    """The books opened Assets:Online:Alipay on 2026-03-10; a statement's 提现 of 2 March booked
    from it stopped the whole import (the row is booked to an account the books open only later)."""
    with (books / "accounts.beancount").open("a", encoding="utf-8") as fh:
        fh.write("\n2026-03-10 open Assets:Online:Alipay CNY\n")
    entry, proposals = _import(books, tmp_path, "网上快捷提现", "支付宝-李四", "支付宝余额提现")
    _not_a_gift(entry, proposals)
    assert {p.account for p in entry.postings} == {"Assets:Bank:Basic", "Liabilities:Payable"}


def test_a_gift_from_a_payroll_card_is_still_a_gift(books, tmp_path):
    """工资卡 names the donor's card, not a salary: 王小明's 200.00 from his 工资卡 was held."""
    entry, _ = _import(books, tmp_path, "转账汇款", "王小明", "工资卡转入", amount="200.00")
    assert entry.meta.get("donor") == "D0002" and "receipt" in entry.meta, entry.meta


@pytest.mark.parametrize("memo", ["送温暖活动经费", "优秀职工奖励金"])
def test_an_enterprise_paying_for_a_purpose_is_still_a_gift(books, tmp_path, memo):
    """A company's 5,000.00 for the centre's holiday visits (活动经费) or to reward workers
    (奖励金) is its gift for a purpose, not an allocation nor a bank's reward."""
    entry, _ = _import(books, tmp_path, "转账汇款", "某某机械制造有限公司 6222020000001234", memo, amount="5000.00")
    assert entry.meta.get("donor") == "D0001" and "receipt" in entry.meta, entry.meta


def test_a_top_up_from_the_centres_card_is_no_gift(books, tmp_path):
    """An Alipay 账务明细 or WeChat Pay 资金账单 read with a bank profile (docs/importing.md,
    'Merchant downloads') lists the centre topping its balance up from its card (业务类型 充值):
    the 3,000.00 was an unidentified gift with a receipt number."""
    entry, proposals = _import(books, tmp_path, "充值", "", "账户充值", amount="3000.00")
    _not_a_gift(entry, proposals)
    assert "(充值)" in entry.meta["note"], entry.meta


def test_a_withdrawal_goes_to_the_clearing_account_when_the_books_open_only_that(books, tmp_path):
    _open(books, "Assets:Clearing:Alipay")
    entry, proposals = _import(books, tmp_path, "网上快捷提现", "支付宝-李四", "支付宝余额提现")
    _not_a_gift(entry, proposals)
    assert {p.account for p in entry.postings} == {"Assets:Bank:Basic", "Assets:Clearing:Alipay"}


@pytest.mark.parametrize("kind,payer,memo,word", [
    # CMB's real statement (tests/importers/real/cmb-debit): 83.17 from the insurer, booked as a gift
    # with a receipt and 太平洋健康保险股份有限公司 proposed as an enterprise donor
    ("汇入汇款", "太平洋健康保险股份有限公司 756366006177402201018", "DSF 太保健康险", "健康险"),
    ("转账汇款", "中国人寿保险股份有限公司", "理赔款", "理赔"),
    ("转账汇款", "某某财产保险股份有限公司", "意外险赔款", "意外险"),
])
def test_an_insurers_payout_is_no_gift(books, tmp_path, kind, payer, memo, word):
    entry, proposals = _import(books, tmp_path, kind, payer, memo, amount="83.17")
    _not_a_gift(entry, proposals)
    assert {p.account for p in entry.postings} == {"Assets:Bank:Basic", "Liabilities:Payable"}
    assert "insurer's payout" in entry.meta["note"] and f"({word})" in entry.meta["note"], entry.meta


def test_an_insurers_gift_is_still_a_gift(books, tmp_path):
    entry, proposals = _import(books, tmp_path, "转账汇款", "中国人寿保险股份有限公司", "保险公司爱心捐款", amount="300.00")
    assert "receipt" in entry.meta and [p.meta["name"] for p in proposals] == ["中国人寿保险股份有限公司"]


def test_jds_money_market_product_redeemed_is_no_gift(books, tmp_path):
    """京东肯特瑞基金销售有限公司 pays the card back from JD's 小金库 (the real CMB statement's
    debit into it reads 京东支付-肯特瑞小金库网银平台): the product's word says so, not the name."""
    entry, proposals = _import(books, tmp_path, "转账汇款", "京东肯特瑞基金销售有限公司 100180181163",
                               "京东支付-肯特瑞小金库网银平台", amount="813.52")
    _not_a_gift(entry, proposals)
    assert "(小金库)" in entry.meta["note"], entry.meta


def test_a_wechat_red_packet_on_the_card_is_money_back(books, tmp_path):
    """A red packet is received into WeChat's 零钱, never onto a card: on the card's statement
    财付通-微信红包 is one the centre sent that nobody took, returned after 24 hours. It was a
    gift from 财付通 with a receipt."""
    entry, proposals = _import(books, tmp_path, "汇入", "深圳市财付通支付科技有限公司", "财付通-微信红包", amount="1.04")
    _not_a_gift(entry, proposals)
    assert "(微信红包)" in entry.meta["note"], entry.meta
