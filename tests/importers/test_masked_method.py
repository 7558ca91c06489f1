"""A WeChat Pay or Alipay bill whose 支付方式 / 收/付款方式 cell is masked: a card with its
number hidden (招商银行(****1234), 工商银行储蓄卡(6222****1234), 中国银行(****)), as a copy
re-exported with masking writes it, or the whole cell (***).

The cell was read as empty, which means the platform balance: a payment a card made was
booked out of 零钱 / 余额 (the balance too low by it, and the card's statement then booked the
same money again). A card whose number is masked is still a card: its row goes to the
clearing account, flagged, as a card nobody mapped does; a cell masked whole names no
account at all and is refused, naming the row and the column.
"""

from __future__ import annotations

import pytest
from beancount.core import data

from importers.run import extract_files, load_importers
from ledger.books import load_books
from tests.importers.malformed import ALIPAY_HEAD, WECHAT_HEAD


def _import(books, path):
    loaded = load_books(books)
    (result,) = extract_files(loaded, [path], load_importers(loaded.root))
    return result


def _wechat(tmp_path, method):
    path = tmp_path / "wechat.csv"
    path.write_text(WECHAT_HEAD + "2026-03-05 10:00:00,二维码收款,王小明,/,收入,¥50.00,/,已收钱,1001\t,/\t,/\n"
                    f"2026-03-06 10:00:00,商户消费,某某文具店,文具,支出,¥30.00,{method},支付成功,1002\t,/\t,/\n",
                    encoding="utf-8")
    return path


def _alipay(tmp_path, method):
    path = tmp_path / "alipay.csv"
    path.write_bytes((ALIPAY_HEAD + "2026-03-05 10:00:00,转账红包,王小明,w***@x.com,捐款,收入,50.00,余额,交易成功,A1\t,,,\n"
                      f"2026-03-06 10:00:00,日用百货,某某文具店,/,文具,支出,30.00,{method},交易成功,A2\t,,,\n").encode("utf-8"))
    return path


@pytest.mark.parametrize("make", [_wechat, _alipay], ids=["wechat", "alipay"])
@pytest.mark.parametrize("method", ["招商银行(****1234)", "工商银行储蓄卡(6222****1234)", "中国银行(****)"])
def test_a_card_with_its_number_masked_is_not_the_balance(books, tmp_path, make, method):
    result = _import(books, make(tmp_path, method))
    assert result.problem is None, result.problem
    (paid,) = [e for e in result.entries if isinstance(e, data.Transaction) and e.payee == "某某文具店"]
    accounts = {p.account for p in paid.postings if p.units.number < 0}
    assert not any(a.startswith("Assets:Online:") for a in accounts), accounts
    assert paid.flag == "!"


@pytest.mark.parametrize("make", [_wechat, _alipay], ids=["wechat", "alipay"])
def test_a_method_cell_masked_whole_is_refused(books, tmp_path, make):
    result = _import(books, make(tmp_path, "***"))
    assert result.problem is not None
    assert result.problem.row == (8 if make is _wechat else 5)
    assert "masked" in result.problem.message and result.problem.column in ("支付方式", "收/付款方式")


# The 当前状态 / 交易状态 cell masked whole (***): it was read as a status saying nothing, so a
# payment that failed (支付失败), was closed or went back was booked as money that moved.
@pytest.mark.parametrize("platform", ["wechat", "alipay"])
def test_a_status_cell_masked_whole_is_refused(books, tmp_path, platform):
    if platform == "wechat":
        path = tmp_path / "wechat.csv"
        path.write_text(WECHAT_HEAD + "2026-03-05 10:00:00,二维码收款,王小明,/,收入,¥50.00,/,已收钱,1001\t,/\t,/\n"
                        "2026-03-06 10:00:00,商户消费,某某文具店,文具,支出,¥30.00,零钱,***,1002\t,/\t,/\n", encoding="utf-8")
    else:
        path = tmp_path / "alipay.csv"
        path.write_bytes((ALIPAY_HEAD + "2026-03-05 10:00:00,转账红包,王小明,w***@x.com,捐款,收入,50.00,余额,交易成功,A1\t,,,\n"
                          "2026-03-06 10:00:00,日用百货,某某文具店,/,文具,支出,30.00,余额,***,A2\t,,,\n").encode("utf-8"))
    result = _import(books, path)
    assert result.problem is not None
    assert result.problem.row == (8 if platform == "wechat" else 5)
    assert "masked" in result.problem.message and result.problem.column in ("当前状态", "交易状态")
