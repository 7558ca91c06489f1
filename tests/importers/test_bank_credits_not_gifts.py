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


def test_the_fast_path_sees_every_word():
    """own_money skips a row holding none of its words' first characters: a word whose first
    character the fast path does not know would never be found."""
    from importers.bank_credits import BANK_INTERNAL_PAYER, OWN_MONEY_WORDS, own_money

    for pattern, _, _ in OWN_MONEY_WORDS:
        for word in pattern.pattern.split("|"):
            assert own_money(f"转账 {word}", "") is not None, word
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
