"""A register goes to its importer even when a bank profile of the books' own reads it too.

Found by fuzzing import configs (fuzzH): the books' own profiles are tried first, and one
naming only 日期 and 金额 (a small bank's export) took the roster (日期, 案例编号, 类别,
金额, 审批单号): its 1,300.00 of aid paid out was booked as two donations of 800.00 and
500.00 received into the bank, with receipt numbers, and the money line agreed. A donation
register's cash gifts went into the bank the same way. A header holding a column no bank's
export has (案例编号, 审批单号, 捐赠人, 收款方式…) now makes the file the register's; a bank
statement with only 日期 and 金额 is still the profile's."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from beancount.core import data

from tests.importers.support import extract_one

GOLDEN = Path(__file__).parent / "golden"
CONFIG = (
    "from importers.config import importers_for_books\n"
    "CONFIG = importers_for_books(__file__, profiles=[{'id': 'smallbank', 'sign': 'signed', "
    "'columns': {'date': '日期', 'amount': '金额'}}])\n"
)


def _moves(result, account: str) -> list[Decimal]:
    return sorted(
        p.units.number
        for e in result.new
        if isinstance(e, data.Transaction)
        for p in e.postings
        if p.account == account
    )


def test_a_roster_is_not_read_as_a_statement_by_a_generic_profile(books):
    (books / "import_config.py").write_text(CONFIG, encoding="utf-8")
    result = extract_one(books, GOLDEN / "roster" / "roster.csv")
    assert result.problem is None, result.problem
    assert result.importer.name == "relief.roster"
    assert not any(
        p.account.startswith("Income:")
        for e in result.new
        if isinstance(e, data.Transaction)
        for p in e.postings
    ), "aid paid out booked as money received"


def test_a_donation_register_keeps_its_cash_gifts(books):
    (books / "import_config.py").write_text(CONFIG, encoding="utf-8")
    result = extract_one(books, GOLDEN / "donations" / "donations-drive.csv")
    assert result.problem is None, result.problem
    assert result.importer.name == "relief.donations"
    assert _moves(result, "Assets:Cash") == [Decimal("50"), Decimal("50")]


def test_a_statement_of_date_and_amount_is_still_the_profiles(books, tmp_path):
    (books / "import_config.py").write_text(CONFIG, encoding="utf-8")
    path = tmp_path / "small.csv"
    path.write_text(
        "日期,摘要,金额,对方户名\n2026-03-05,捐款,100.00,王小明\n2026-03-06,付款,-30.00,某超市\n",
        encoding="utf-8",
    )
    result = extract_one(books, path)
    assert result.problem is None, result.problem
    assert result.importer.name == "relief.bank.smallbank"
    assert _moves(result, "Assets:Bank:Basic") == [Decimal("-30.00"), Decimal("100.00")]
