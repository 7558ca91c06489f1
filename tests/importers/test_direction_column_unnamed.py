"""A statement of unsigned amounts whose direction is in a column with a name relief does not
know (收/付, 交易方向, 出入账标志, as rural banks' and 网商银行's exports write it), read by a
layout with one signed amount column: the profile a finance officer pastes from the draft
relief offers, or writes by hand.

Why: a rural commercial bank's 客户账户明细对账单 without a balance column (`收/付` beside
`发生额`), read with the draft profile relief offered for it (sign "signed"), booked the
12,000.00 paid out as 12,000.00 received, with no warning: only a balance column would have
shown it. The column's cells say the direction, whatever its header is called.
"""

from __future__ import annotations

import json

import pytest

from tests.importers.support import extract_one

PROFILE = {"id": "my-bank", "name": "我的银行账户明细", "sign": "signed",
           "columns": {"date": "交易日期", "amount": "发生额", "payer": "对方户名", "memo": ["摘要"]}}


def _books_with(books, profile):
    (books / "import_config.py").write_text(
        "from importers.config import importers_for_books, renumber_receipts\n"
        f"CONFIG = importers_for_books(__file__, profiles=[{json.dumps(profile, ensure_ascii=False)}],\n"
        "    accounts={'9010100012345678': 'Assets:Bank:Basic'})\nHOOKS = [renumber_receipts]\n", encoding="utf-8")
    return books


def _statement(path, head, into, out):
    path.write_text("某某农村商业银行客户账户明细对账单\n账号：9010100012345678\n"
                    f"交易日期,摘要,{head},发生额,对方户名\n"
                    f"2026-03-02,转账,{into},\"50,000.00\",某某机械制造有限公司\n"
                    f"2026-03-15,代发,{out},\"12,000.00\",张*三\n", encoding="utf-8")
    return path


@pytest.mark.parametrize("head,into,out", [("收/付", "收", "付"), ("交易方向", "转入", "转出"),
                                          ("出入账标志", "入账", "出账"), ("方向", "C", "D")])
def test_unsigned_amounts_beside_a_direction_column_of_any_name_are_refused(books, tmp_path, head, into, out):
    result = extract_one(_books_with(books, PROFILE), _statement(tmp_path / "rcb.csv", head, into, out))
    assert result.problem is not None, "a payment of 12,000.00 was booked as money in"
    message = str(result.problem)
    assert "rcb.csv" in message and "row 5" in message and "the amounts carry no sign" in message
    assert f'"direction": "{head}"' in message  # what to write in the profile


def test_signed_amounts_beside_a_column_of_direction_words_are_read(books, tmp_path):
    path = tmp_path / "webank.csv"
    path.write_text("交易日期,交易类型,发生额,对方户名,摘要\n2026-03-02,转入,\"+1,000.00\",王*明,\n"
                    "2026-03-15,转出,-500.00,赵*红,\n", encoding="utf-8")
    result = extract_one(_books_with(books, PROFILE), path)
    assert result.problem is None, result.problem
    assert sorted(p.units.number for e in result.new if hasattr(e, "postings") for p in e.postings
                  if p.account == "Assets:Bank:Basic") == [-500, 1000]


def test_a_built_in_signed_layout_refusing_unsigned_amounts_offers_a_profile(books, tmp_path):
    """北京银行's personal 交易明细 (记账日期, 交易金额, 借贷标志, 余额) is taken by CMB's layout,
    which reads one signed amount. Why: the refusal said to write a profile with the direction
    column and offered none, though the header names every column it needs."""
    path = tmp_path / "bob.csv"
    path.write_text("北京银行个人账户交易明细\n记账日期,交易金额,借贷标志,余额,对方户名,摘要\n"
                    "2026-03-02,\"1,000.00\",贷,\"11,000.00\",王*明,转账\n2026-03-15,500.00,借,\"10,500.00\",赵*红,转账\n",
                    encoding="utf-8")
    result = extract_one(books, path)
    message = str(result.problem)
    assert "the amounts carry no sign" in message and "row 4" in message
    draft = json.loads(message.split("a profile could start as ", 1)[1].split(" (add it", 1)[0])
    assert draft["sign"] == "direction" and draft["columns"]["direction"] == "借贷标志"
