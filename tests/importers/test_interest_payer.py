"""Interest a statement names only by its counterparty: the bank's own interest account.

交通银行's 账户明细 writes the row's kind under 交易类型 (存款利息), a column no layout reads
as the memo, and the counterparty as the bank's interest account (应付个人活期储蓄存款利息),
with 批处理 under 交易地点. deb-sig's real BOCOM samples (tests/importers/real/bocom-debit/)
booked that interest as an individual's gift: a receipt number, a donor proposal named
应付个人活期储蓄存款利息, and the public pages counting a donor who is the bank. It is now
interest, as 结息 in a memo is.
"""

from __future__ import annotations

from decimal import Decimal

from beancount.core import data

from tests.importers.support import extract_one as extract

HEADER = "序号,交易日期,交易时间,交易类型,借贷,交易金额,余额,对方账号,对方户名,交易地点,摘要\n"


def _entries(books, tmp_path, rows: str) -> list[data.Transaction]:
    f = tmp_path / "bocom.csv"
    f.write_text(HEADER + rows, encoding="utf-8")
    result = extract(books, f)
    assert result.problem is None, result.problem.message
    return [e for e in result.new if isinstance(e, data.Transaction)]


def test_interest_from_the_banks_interest_account_is_interest(books, tmp_path):
    (entry,) = _entries(books, tmp_path, "1,2026-03-21,00:00:00,存款利息,贷 Cr,1.23,1001.23,1323132313211331313,"
                                         "应付个人活期储蓄存款利息,批处理,\n")
    assert [(p.account, p.units.number) for p in entry.postings] == [("Assets:Bank:Basic", Decimal("1.23")),
                                                                    ("Income:Interest", Decimal("-1.23"))]
    assert "receipt" not in entry.meta and "proposed_donor" not in entry.meta and entry.flag == "*"


def test_a_gift_from_a_person_stays_a_gift(books, tmp_path):
    (entry,) = _entries(books, tmp_path, "1,2026-03-21,10:00:00,其他交易,贷 Cr,100.00,1100.00,6222020000001234,"
                                         "王小明,网络支付,转账\n")
    assert entry.postings[1].account.startswith("Income:Donation") and "receipt" in entry.meta
