"""A donor's yearly statement that lists a pledge (booked on Assets:Receivable:Pledges when
promised, its money coming in a later year). The 2026 statement listed the pledge as one of
"您在该年度的全部捐赠" for its whole amount, as if given that year, with no word that it was
a promise nor of what had come in, and was dated on the pledge's day: a donor whose money
came in 2027 read that they gave ¥20,000.00 in 2026. The letter of the pledge said it was a
pledge and what came when; the statement now says so on the pledge's line, with a note, and
is dated on the last payment it states (as the letter is signed)."""

from __future__ import annotations

import datetime

from ledger.books import load_books
from letters.make import make_letters

from .conftest import SECRET, pdf_text, squash

PLEDGE = """
2026-07-01 * "某某机械制造有限公司" "认捐金秋助学"
  fund: "GENERAL"
  donor: "D0001"
  receipt: "JZ-2026-00009"
  Assets:Receivable:Pledges    20000.00 CNY
  Income:Donation:Enterprise
"""
PAID_NEXT_YEAR = """
2027-02-03 * "某某机械制造有限公司" "认捐款到账"
  fund: "GENERAL"
  Assets:Bank:Basic            12000.00 CNY
  Assets:Receivable:Pledges
"""


def _statement(books_copy, letters_out, later: str = ""):
    path = books_copy / "txns" / "2026.beancount"
    path.write_text(path.read_text(encoding="utf-8") + PLEDGE, encoding="utf-8")
    if later:
        (books_copy / "txns" / "2027.beancount").write_text(later, encoding="utf-8")  # main includes txns/*.beancount
    books = load_books(books_copy)
    assert not books.errors, [e.message for e in books.errors]
    result = make_letters(books, letters_out, SECRET, donor="D0001", statements=True, jobs=1)
    (statement,) = [s for s in result.letters.statements if s.year == 2026]
    return statement, squash(pdf_text(letters_out / statement.relpath))


def test_a_pledge_paid_in_a_later_year_is_said_as_a_pledge_on_the_statement(books_copy, letters_out):
    statement, text = _statement(books_copy, letters_out, PAID_NEXT_YEAR)
    assert "JZ-2026-00009" in text
    # the line says it was pledged, what came in and when, and what is still to come
    assert "认捐" in text and "已到账¥12,000.00（2027年2月3日）" in text and "尚有¥8,000.00未到账" in text, text
    # dated on the last payment it states, not on the pledge's day before any money came
    assert statement.issued == datetime.date(2027, 2, 3)


def test_a_pledge_with_nothing_come_yet_says_so_on_the_statement(books_copy, letters_out):
    statement, text = _statement(books_copy, letters_out)
    assert "认捐" in text and "截至本确认书日期尚未到账" in text, text
    assert statement.issued == datetime.date(2026, 7, 1)


def test_a_statement_without_a_pledge_says_nothing_of_pledges(books_copy, letters_out):
    books = load_books(books_copy)
    result = make_letters(books, letters_out, SECRET, donor="D0001", statements=True, jobs=1)
    (statement,) = result.letters.statements
    text = squash(pdf_text(letters_out / statement.relpath))
    assert "认捐" not in text and "到账" not in text


def test_an_english_statement_says_the_same(books_copy, letters_out):
    path = books_copy / "txns" / "2026.beancount"
    path.write_text(path.read_text(encoding="utf-8") + PLEDGE.replace("D0001", "D0002")
                    .replace("认捐金秋助学", "pledge"), encoding="utf-8")
    cancel = ('\n2027-03-01 * "Harbour Trading" "rest of the pledge cancelled"\n  fund: "GENERAL"\n  donor: "D0002"\n'
              '  receipt: "JZ-2027-00001"\n  correction: "JZ-2026-00009"\n  Income:Donation:Enterprise    8000.00 CNY\n  Assets:Receivable:Pledges\n')
    (books_copy / "txns" / "2027.beancount").write_text(PAID_NEXT_YEAR + cancel, encoding="utf-8")
    books = load_books(books_copy)
    assert not books.errors, [e.message for e in books.errors]
    result = make_letters(books, letters_out, SECRET, donor="D0002", statements=True, jobs=1)
    (statement,) = [s for s in result.letters.statements if s.year == 2026]
    text = " ".join(pdf_text(letters_out / statement.relpath).split())
    assert "pledged; received ¥12,000.00 (3 February 2027); cancelled ¥8,000.00." in text, text
    assert 'A line marked "pledged" is a gift you promised' in text and "still to come" not in text
    assert statement.issued == datetime.date(2027, 3, 1)
