"""Moves between the WeChat Pay 零钱 and a card, written with 收/支 '/' (中性交易).

A 零钱充值 (top-up) brings money into the balance from a card, a 零钱提现 takes it out to
one. The bills name the card in 支付方式 or in 交易对方, and write 零钱 or '/' in the other.
A top-up whose 支付方式 read 零钱 was booked as money out of the balance (300.00 the wrong
way, 600.00 apart), one whose 支付方式 read '/' was skipped as moving nothing, and so was a
withdrawal naming no card: the balance in the books drifted from the platform's by each.
The type says the direction; the card is whichever cell names one; with none named, the
clearing account, flagged (golden: tests/importers/golden/wechat/wechat-moves.csv).
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest

from importers.run import extract_files, load_importers
from ledger.books import load_books

GOLDEN = Path(__file__).parent / "golden" / "wechat" / "wechat-moves.csv"
HEAD = "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注"


def _moved(books, path) -> dict[str, object]:
    loaded = load_books(books)
    (result,) = extract_files(loaded, [path], load_importers(loaded.root))
    assert result.problem is None, result.problem
    assert not result.report.skipped, [s.reason for s in result.report.skipped]
    out: dict[str, object] = {}
    for e in result.new:
        for p in getattr(e, "postings", ()):
            out[p.account] = out.get(p.account, 0) + p.units.number
    return out


@pytest.mark.parametrize("payer, method, card", [
    ("工商银行(2222)", "工商银行(2222)", "Assets:Bank:Basic"),
    ("工商银行(2222)", "零钱", "Assets:Bank:Basic"),
    ("工商银行(2222)", "/", "Assets:Bank:Basic"),
    ("/", "/", "Assets:Clearing:WeChat"),
])
@pytest.mark.parametrize("kind, sign", [("零钱充值", 1), ("零钱提现", -1)])
def test_a_move_goes_the_way_its_type_says(books, tmp_path, payer, method, card, kind, sign):
    path = tmp_path / "微信支付账单.csv"
    path.write_text("微信支付账单明细\n起始时间：[2026-03-01 00:00:00] 终止时间：[2026-03-31 23:59:59]\n共1笔记录\n"
                    f"{HEAD}\n2026-03-02 09:00:00,{kind},{payer},/,/,¥300.00,{method},完成,4200301\t,/\t,/\n", encoding="utf-8")
    moved = _moved(books, path)
    assert moved.get("Assets:Online:WeChat") == sign * 300
    assert moved.get(card) == -sign * 300


def test_the_golden_bill_of_moves_leaves_the_balance_where_the_platform_has_it(books):
    # three top-ups (300 + 200 + 400), a gift of 100, two withdrawals (200.10 with its fee, 100)
    assert _moved(books, GOLDEN)["Assets:Online:WeChat"] == Decimal("699.90")
