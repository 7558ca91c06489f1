"""A gift refunded later (a negative donation in the books): what the letters and the yearly
statement say afterwards. The statement's total is what the books say the donor gave that
year, refunds included, and names the refund; the refund itself gets no letter."""

from __future__ import annotations

from decimal import Decimal

from ledger.books import load_books
from letters.make import make_letters
from publish.capitals import rmb_capitals

from .conftest import SECRET, pdf_text, squash

REFUND = """
2026-06-10 * "某某机械制造有限公司" "退还部分捐款（原收据 JZ-2026-00001）"
  fund: "GENERAL"
  donor: "D0001"
  receipt: "JZ-2026-00009"
  Income:Donation:Enterprise   2000.00 CNY
  Assets:Bank:Basic
"""


def _with_refund(books_copy, text=REFUND):
    path = books_copy / "txns" / "2026.beancount"
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")
    books = load_books(books_copy)
    assert not books.errors, [e.message for e in books.errors]
    return books


def test_the_statement_total_is_net_of_a_refund(books_copy, letters_out):
    books = _with_refund(books_copy)
    result = make_letters(books, letters_out, SECRET, donor="D0001", statements=True, jobs=1)
    (statement,) = result.letters.statements
    assert statement.total == Decimal("115000.53")  # 10,000.00 + 107,000.53 - 2,000.00, as booked
    assert [x.receipt for x in statement.letters] == ["JZ-2026-00001", "JZ-2026-00007", "JZ-2026-00009"]
    text = squash(pdf_text(letters_out / statement.relpath))
    assert "115,000.53" in text and rmb_capitals(Decimal("115000.53")) in text
    assert "117,000.53" not in text
    assert "JZ-2026-00009" in text and "-2,000.00" in text and "已从合计中减去" in text
    assert "合计（3笔）" not in text  # a refund is not a gift


def test_a_refund_gets_no_letter_and_says_why(books_copy, letters_out):
    books = _with_refund(books_copy)
    result = make_letters(books, letters_out, SECRET, donor="D0001", statements=True, jobs=1)
    assert {x.receipt for x in result.letters.letters} == {"JZ-2026-00001", "JZ-2026-00007"}
    assert not (letters_out / "2026" / "JZ-2026-00009.pdf").exists()
    (note,) = [n for n in result.letters.skipped if "JZ-2026-00009" in n]
    assert "refund" in note and "statement" in note


def test_english_statement_names_the_refund(books_copy, letters_out):
    refund = (REFUND.replace('"D0001"', '"D0002"').replace("某某机械制造有限公司", "Harbour Trading")
              .replace("2000.00", "100.00").replace('"GENERAL"', '"EDU-2026"'))  # D0002 gave to EDU-2026
    books = _with_refund(books_copy, refund)
    result = make_letters(books, letters_out, SECRET, donor="D0002", statements=True, jobs=1)
    (statement,) = result.letters.statements
    text = " ".join(pdf_text(letters_out / statement.relpath).split())
    assert "refund" in text and "-100.00" in text and "taken off the total" in text


def test_a_year_of_refunds_only_gets_a_statement_that_shows_the_refund(books_copy, letters_out):
    """A refund in a year without gifts (of a gift made the year before) nets below zero: the
    donor got no statement for that year (only a skipped note), so their records of the year
    showed no trace of the money the centre sent back. They now get one: the refund's line,
    naming the gift it gives back, the year's total as given back (-¥2,000.00, and in
    capitals as money given back, 退还), and no "thank you for these gifts" nor "nothing was
    given in return" (there was no gift that year). The year before keeps its statement."""
    refund = (REFUND.replace("2026-06-10", "2027-01-15").replace("JZ-2026-00009", "JZ-2027-00001")
              .replace('  receipt: "JZ-2027-00001"\n', '  receipt: "JZ-2027-00001"\n  refund_of: "JZ-2026-00001"\n'))
    books = _with_refund(books_copy, refund)
    result = make_letters(books, letters_out, SECRET, donor="D0001", statements=True, jobs=1)
    assert [(s.year, s.total) for s in result.letters.statements] == [(2026, Decimal("117000.53")), (2027, Decimal("-2000.00"))]
    assert not [n for n in result.letters.skipped if "no statement" in n]
    statement = result.letters.statements[1]
    assert statement.gifts == 0 and statement.capitals == rmb_capitals(Decimal("2000.00"))
    text = squash(pdf_text(letters_out / statement.relpath))
    assert "JZ-2027-00001" in text and "-2,000.00" in text
    assert "退还（JZ-2026-00001）" in text  # which gift the refund gives back
    assert "本中心退还给您往年捐赠的款项" in text and "退还合计（大写）" + rmb_capitals(Decimal("2000.00")) in text
    assert "感谢您2027年" not in text and "无偿捐赠" not in text and "合计（0笔）" not in text


def test_an_english_statement_of_a_year_of_refunds_only(books_copy, letters_out):
    refund = (REFUND.replace('"D0001"', '"D0002"').replace("某某机械制造有限公司", "Harbour Trading")
              .replace("2000.00", "100.00").replace('"GENERAL"', '"EDU-2026"')
              .replace("2026-06-10", "2027-01-15").replace("JZ-2026-00009", "JZ-2027-00001"))
    books = _with_refund(books_copy, refund)
    result = make_letters(books, letters_out, SECRET, donor="D0002", statements=True, jobs=1)
    statement = next(s for s in result.letters.statements if s.year == 2027)
    text = " ".join(pdf_text(letters_out / statement.relpath).split())
    assert "money the centre gave back to you in 2027 from gifts of earlier years" in text, text
    assert "-100.00" in text and "Total given back" in text
    assert "Thank you for supporting" not in text and "these were gifts" not in text


def test_an_entry_worth_nothing_gets_no_letter_and_no_statement_line(books_copy, letters_out):
    """A correction between donation accounts under its own receipt nets to 0.00: the letter
    said "衷心感谢您……捐赠 ¥0.00 人民币零元整"; now it is listed as skipped, with the reason."""
    correction = (REFUND.replace("2000.00 CNY", "2000.00 CNY\n  Income:Donation:Individual  -2000.00 CNY")
                  .replace("  Assets:Bank:Basic\n", "").replace("退还部分捐款（原收据 JZ-2026-00001）", "捐款类别更正"))
    books = _with_refund(books_copy, correction)
    result = make_letters(books, letters_out, SECRET, donor="D0001", statements=True, jobs=1)
    assert {x.receipt for x in result.letters.letters} == {"JZ-2026-00001", "JZ-2026-00007"}
    assert not (letters_out / "2026" / "JZ-2026-00009.pdf").exists()
    (note,) = [n for n in result.letters.skipped if "JZ-2026-00009" in n]
    assert "¥0.00" in note and "no letter" in note
    (statement,) = result.letters.statements
    assert [x.receipt for x in statement.letters] == ["JZ-2026-00001", "JZ-2026-00007"]
    assert statement.total == Decimal("117000.53")


def test_the_letter_of_a_gift_given_back_in_part_says_so(books_copy, letters_out):
    """The refund names the gift (refund_of): its page (the QR code) says ¥2,000.00 went back
    and ¥8,000.00 is used; the gift's letter, made after, said only ¥10,000.00 received."""
    refund = REFUND.replace('  receipt: "JZ-2026-00009"\n', '  receipt: "JZ-2026-00009"\n  refund_of: "JZ-2026-00001"\n')
    books = _with_refund(books_copy, refund)
    make_letters(books, letters_out, SECRET, donor="D0001", jobs=1)
    text = squash(pdf_text(letters_out / "2026" / "JZ-2026-00001.pdf"))
    assert "¥10,000.00" in text and rmb_capitals(Decimal("10000.00")) in text  # what was given
    assert "已退还¥2,000.00（2026年6月10日，退款收据编号JZ-2026-00009）" in text
    assert "退还后，本笔捐赠为¥8,000.00。" in text
    other = squash(pdf_text(letters_out / "2026" / "JZ-2026-00007.pdf"))
    assert "已退还" not in other  # a gift nothing was given back of


def test_the_english_letter_of_a_gift_given_back_in_full_says_so(books_copy, letters_out):
    refund = (REFUND.replace('"D0001"', '"D0002"').replace("某某机械制造有限公司", "Harbour Trading")
              .replace("2000.00", "12345.67").replace('"GENERAL"', '"EDU-2026"')
              .replace('  receipt: "JZ-2026-00009"\n', '  receipt: "JZ-2026-00009"\n  refund_of: "JZ-2026-00004"\n'))
    books = _with_refund(books_copy, refund)
    make_letters(books, letters_out, SECRET, donor="D0002", jobs=1)
    text = " ".join(pdf_text(letters_out / "2026" / "JZ-2026-00004.pdf").split())
    assert "Returned ¥12,345.67 (10 June 2026, refund receipt JZ-2026-00009)" in text
    assert "The whole gift was returned to you." in text


def test_a_letter_that_states_a_refund_is_signed_after_it(books_copy, letters_out):
    """The letter of a gift of 10 January, given back in part on 10 June, was signed and
    dated 10 January (its PDF made then too), above a line saying what went back on
    10 June, and "by the date of this letter" no official receipt had been issued: a letter
    dated before what it reports. It is now signed on the day of the last refund it states;
    the receipt's own date stays the gift's."""
    from pypdf import PdfReader

    refund = REFUND.replace('  receipt: "JZ-2026-00009"\n', '  receipt: "JZ-2026-00009"\n  refund_of: "JZ-2026-00001"\n')
    books = _with_refund(books_copy, refund)
    make_letters(books, letters_out, SECRET, donor="D0001", jobs=1)
    path = letters_out / "2026" / "JZ-2026-00001.pdf"
    text = squash(pdf_text(path))
    assert text.count("2026年1月10日") == 2, text  # the receipt's date and "衷心感谢您于…"
    assert text.count("2026年6月10日") == 2, text  # the refund's line and the signature
    assert PdfReader(str(path)).metadata["/CreationDate"].startswith("D:20260610")
    untouched = squash(pdf_text(letters_out / "2026" / "JZ-2026-00007.pdf"))
    assert untouched.count("2026年5月20日") == 3  # no refund: signed on the gift's day


#: 2,000.00 booked as given back of JZ-2026-00001, 500.00 of it came back (the refund's period
#: closed by then: docs/books.md, "A gift given back"): +500.00 naming the refund
LOWERED = """
2026-06-10 * "某某机械制造有限公司" "退还部分捐款"
  fund: "GENERAL"
  donor: "D0001"
  receipt: "JZ-2026-00009"
  refund_of: "JZ-2026-00001"
  Income:Donation:Enterprise   2000.00 CNY
  Assets:Bank:Basic

2026-07-02 * "某某机械制造有限公司" "更正：退款被退回"
  fund: "GENERAL"
  donor: "D0001"
  receipt: "JZ-2026-00010"
  correction: "JZ-2026-00009"
  Income:Donation:Enterprise   -500.00 CNY
  Assets:Bank:Basic
"""


def test_a_refund_lowered_later_is_no_letter_and_a_line_of_the_statement(books_copy):
    """The correction lowering a refund is no new gift: no letter of its own (a thank-you for
    money given once), a line of the yearly statement, which adds up to the books and counts
    two gifts, not three; the gift's letter says 1,500.00 went back net."""
    from letters.model import build_letters
    from publish.model_builder import build_public_model

    path = books_copy / "txns" / "2026.beancount"
    path.write_text(path.read_text(encoding="utf-8") + LOWERED, encoding="utf-8")
    books = load_books(books_copy)  # the rule wants the refund's period closed: not this test's point
    result = build_letters(books, build_public_model(books, SECRET), donor="D0001")
    assert {x.receipt for x in result.letters} == {"JZ-2026-00001", "JZ-2026-00007"}
    (note,) = [n for n in result.skipped if "JZ-2026-00010" in n]
    assert "corrects the refund JZ-2026-00009" in note and "不是新的捐赠" in note
    (statement,) = result.statements
    assert statement.total == Decimal("115500.53") and statement.gifts == 2  # 10,000.00 + 107,000.53 - 2,000.00 + 500.00
    gift = next(x for x in result.letters if x.receipt == "JZ-2026-00001")
    assert gift.donation.returned_amount == Decimal("1500.00")
