"""A 不计收支 / 中性交易 move between two of the centre's accounts that both lie outside the
platform balance (a card and 零钱通, a card and 余额宝) is a transfer when the config maps
either of them.

It was skipped as "moved outside the balance; nothing to book here": a centre that maps
零钱通 to an account of its own saw 零钱通转出-到中国银行(1234) of 80.00 leave nothing in
the books, 零钱通's balance 80.00 too high, and the card statement's +80.00 from 财付通 had no
entry to link to (booked from the statement, it was money in from nobody). Now the row is
booked from one account to the other, the card's posting named by `funding` so the card's
statement row links to it; when neither side is mapped it is still skipped, as before.
"""

from __future__ import annotations

from decimal import Decimal

from beancount.core import data

from ledger.books import load_books

from .test_conservation import ALIPAY_HEADER, WECHAT_HEADER, bill, extract

CONFIG = ("from importers.config import importers_for_books, renumber_receipts\n"
          "CONFIG = importers_for_books(__file__, accounts={ACCOUNTS})\nHOOKS = [renumber_receipts]\n")
ROWS = ["2026-03-04 10:00:00,转入零钱通-来自中国银行(1234),/,/,/,¥300.00,中国银行(1234),支付成功,3000001\t,/\t,/",
        "2026-03-09 10:00:00,零钱通转出-到中国银行(1234),/,/,/,¥80.00,零钱通,支付成功,3000002\t,/\t,/"]


def _moves(result) -> list[dict[str, Decimal]]:
    return [{p.account: p.units.number for p in e.postings} for e in result.new if isinstance(e, data.Transaction)]


def _configure(books, accounts: str) -> None:
    (books / "import_config.py").write_text(CONFIG.replace("{ACCOUNTS}", accounts), encoding="utf-8")
    with (books / "accounts.beancount").open("a", encoding="utf-8") as fh:
        fh.write('\n2026-01-01 open Assets:Online:WeChatLQT CNY\n  name_zh: "零钱通"\n  name_en: "WeChat 零钱通"\n')


def test_a_move_between_two_mapped_accounts_is_a_transfer(books, tmp_path):
    _configure(books, "{'1234': 'Assets:Bank:Basic', '零钱通': 'Assets:Online:WeChatLQT'}")
    (result,) = extract(load_books(books), [bill(tmp_path, "wx.csv", WECHAT_HEADER, ROWS)])
    assert result.conserved
    assert _moves(result) == [{"Assets:Bank:Basic": Decimal("-300.00"), "Assets:Online:WeChatLQT": Decimal("300.00")},
                              {"Assets:Online:WeChatLQT": Decimal("-80.00"), "Assets:Bank:Basic": Decimal("80.00")}]
    card = [p for e in result.new if isinstance(e, data.Transaction) for p in e.postings if p.account == "Assets:Bank:Basic"]
    assert all(p.meta.get("funding") == "中国银行(1234)" for p in card)  # the card statement's rows link to these
    assert not result.report.skipped


def test_one_side_mapped_books_the_other_to_the_clearing_account_flagged(books, tmp_path):
    _configure(books, "{'1234': 'Assets:Bank:Basic'}")
    (result,) = extract(load_books(books), [bill(tmp_path, "wx.csv", WECHAT_HEADER, ROWS)])
    assert result.conserved
    assert _moves(result) == [{"Assets:Bank:Basic": Decimal("-300.00"), "Assets:Clearing:WeChat": Decimal("300.00")},
                              {"Assets:Clearing:WeChat": Decimal("-80.00"), "Assets:Bank:Basic": Decimal("80.00")}]
    assert all(e.flag == "!" for e in result.new if isinstance(e, data.Transaction))


def test_neither_side_mapped_is_skipped_as_before(books, tmp_path):
    (result,) = extract(load_books(books), [bill(tmp_path, "wx.csv", WECHAT_HEADER, ROWS)])
    assert result.conserved and not _moves(result)
    assert [s.row for s in result.report.skipped] == [2, 3]
    assert all("moved outside the WeChat Pay balance" in s.reason for s in result.report.skipped)


def test_alipay_yuebao_topped_up_from_a_card(books, tmp_path):
    _configure(books, "{'7449': 'Assets:Bank:Basic', '余额宝': 'Assets:Online:WeChatLQT'}")
    row = ("2026-03-20 13:30:16,投资理财,余额宝,xia***@ccbfund.cn,余额宝-安心自动充-自动攒入,不计收支,66.57,"
           "交通银行(7449),交易成功,2026032000001\t,2026032000001\t,,")
    (result,) = extract(load_books(books), [bill(tmp_path, "ali.csv", ALIPAY_HEADER, [row])])
    assert result.conserved
    assert _moves(result) == [{"Assets:Bank:Basic": Decimal("-66.57"), "Assets:Online:WeChatLQT": Decimal("66.57")}]
