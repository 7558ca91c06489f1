"""A statement whose header is written in traditional characters (記賬日期, 交易金額, 餘額, 對方戶名),
as Hong Kong and Taiwan banks export them (often in Big5) or as an officer typed them, is read as
the same layout in simplified characters.

Why: such a statement was refused as an unknown format (or, with a profile written in
simplified characters, matched nothing), its header the very words of a built-in layout.
"""

from __future__ import annotations

from decimal import Decimal

import pytest
from beancount.core import data

from importers.profiles import fold_header
from tests.importers.support import extract_one as extract

#: BOC's 交易流水明细单 (tests/importers/golden/boc-debit) with every word in traditional characters
STATEMENT = ("中國銀行交易流水明細單\n"
             "記賬日期,記賬時間,幣別,金額,餘額,交易名稱,渠道,網點名稱,附言,對方賬戶名,對方卡號/賬號,對方開戶行,借記卡號\n"
             '2026-03-05,12:24:20,人民幣,"3,000.00","4,000.00",轉賬匯入,手機銀行,----,捐贈,陳大文,6222******0258,----,2222\n'
             '2026-03-06,09:00:00,人民幣,5.00,"4,005.00",結息,櫃檯,----,----,,,----,2222\n'
             '2026-03-07,10:00:00,人民幣,200.00,"4,205.00",押金退還,櫃檯,----,----,某某酒店,6226******5669,----,2222\n'
             '2026-03-09,17:57:17,人民幣,-71.89,"4,133.11",網上快捷支付,銀企對接,----,----,某某文具店,6226******5669,----,2222\n')


def _by_day(result) -> dict[str, data.Transaction]:
    return {str(e.date): e for e in result.new if isinstance(e, data.Transaction)}


@pytest.mark.parametrize("encoding", ["utf-8", "cp950"])
def test_a_statement_with_a_traditional_header_is_read_as_its_layout(books, tmp_path, encoding):
    path = tmp_path / "hk.csv"
    path.write_bytes(STATEMENT.encode(encoding))
    result = extract(books, path)
    assert result.problem is None, result.problem
    assert result.conserved
    txns = _by_day(result)
    assert {d: t.postings[0].units.number for d, t in txns.items()} == {
        "2026-03-05": Decimal("3000.00"), "2026-03-06": Decimal("5.00"),
        "2026-03-07": Decimal("200.00"), "2026-03-09": Decimal("-71.89")}
    assert all(t.postings[0].units.currency == "CNY" for t in txns.values())  # 人民幣 is 人民币
    # names and memos are booked as the file writes them
    assert txns["2026-03-05"].payee == "陳大文" and "轉賬匯入" in txns["2026-03-05"].narration
    # the words that classify a row count in traditional characters too: 結息 is interest,
    # 押金退還 money back (no gift, no receipt), not a donor's gift with a receipt
    assert txns["2026-03-06"].postings[1].account == "Income:Interest"
    assert txns["2026-03-07"].postings[1].account == "Liabilities:Payable"
    assert "receipt" not in txns["2026-03-07"].meta


def test_a_traditional_direction_cell_reads_as_its_side(books, tmp_path):
    """貸 (Big5's 贷) in a 借貸 column: money in, not a cell refused as saying neither side."""
    (books / "import_config.py").write_text(
        "from importers.config import importers_for_books\n"
        "TW = {'id': 'tw', 'name': '某銀行', 'sign': 'direction', 'columns': {'date': '交易日期', "
        "'amount': '金額', 'direction': '借貸', 'payer': '對方戶名', 'balance': '餘額'}}\n"
        "CONFIG = importers_for_books(__file__, profiles=[TW])\n", encoding="utf-8")
    path = tmp_path / "tw.csv"
    path.write_bytes(("交易日期,金額,借貸,對方戶名,餘額\n2026-03-05,100.00,貸,陳大文,1100.00\n"
                      "2026-03-06,30.00,借,某超市,1070.00\n").encode("cp950"))
    result = extract(books, path)
    assert result.problem is None, result.problem
    assert sorted(t.postings[0].units.number for t in _by_day(result).values()) == [Decimal("-30.00"), Decimal("100.00")]


@pytest.mark.parametrize("word", ["交易日期", "余额", "对方户名", "借方发生额", "摘要", "对方账号", "收/支", "交易后余额"])
def test_a_simplified_header_folds_as_it_did(word):
    assert fold_header(word) == word


def test_account_number_headers_are_one_word_in_either_script():
    assert fold_header("帳號") == fold_header("帐号") == fold_header("账号") == fold_header("賬號")


PREAMBLE = ("某銀行存款明細\n賬號：{number}\n查詢時間範圍：2026-03-01 至 2026-03-31\n"
            "交易日期,交易流水號,摘要,對方戶名,收入金額,支出金額,餘額\n2026-03-05,T1,轉帳存入,陳大文,100.00,,1100.00\n")


def test_a_traditional_preamble_names_the_account_and_the_period(books, tmp_path):
    """賬號 and 查詢時間範圍 as a Big5 preamble writes them: another account's statement was
    booked into the books' only bank account (the number not found), and the period was its
    rows' days only."""
    other = tmp_path / "other.csv"
    other.write_bytes(PREAMBLE.format(number="6222000099998888").encode("cp950"))
    result = extract(books, other)
    assert result.problem is not None and "6222000099998888" in str(result.problem)
    assert not result.new
    own = tmp_path / "own.csv"
    own.write_bytes(PREAMBLE.format(number="6222000011112222").encode("cp950"))
    result = extract(books, own)
    assert result.problem is None, result.problem
    (balance,) = [e for e in result.new if isinstance(e, data.Balance)]
    assert (str(balance.meta["statement_start"]), str(balance.meta["statement_end"])) == ("2026-03-01", "2026-03-31")


ROWS = ("某銀行存款明細\n交易日期,交易流水號,摘要,對方戶名,收入金額,支出金額,餘額\n"
        "2026-03-05,T1,轉帳存入,陳大文,100.00,,1100.00\n2026-03-06,T2,轉帳存入,李四,50.00,,1150.00\n")


@pytest.mark.parametrize(("footer", "said"), [
    ("總計,,,,900.00,,\n", "the file's own total 900.00 disagrees with its rows"),
    ("總計,,,,150.00,,\n共 5 筆\n", "the statement says it has 5 records"),
    ("總計,,,,150.00,,\n期末餘額：9150.00\n", "the closing balance the file states, 9,150.00, is not the 1,150.00"),
])
def test_a_traditional_footer_is_checked_against_the_rows(books, tmp_path, footer, said):
    """總計, 共 N 筆 and 期末餘額 under a Big5 statement's rows: a wrong total was refused as a row
    whose date is 總計; a wrong count or closing balance was passed over, a statement with rows
    missing imported without a word."""
    path = tmp_path / "tw.csv"
    path.write_bytes((ROWS + footer).encode("cp950"))
    result = extract(books, path)
    assert result.problem is not None and said in str(result.problem), result.problem


def test_a_traditional_footer_that_agrees_imports(books, tmp_path):
    path = tmp_path / "tw.csv"
    path.write_bytes((ROWS + "總計,,,,150.00,,\n共 2 筆\n期末餘額：1150.00\n").encode("cp950"))
    result = extract(books, path)
    assert result.problem is None, result.problem
    assert sorted(t.postings[0].units.number for t in _by_day(result).values()) == [Decimal("50.00"), Decimal("100.00")]
