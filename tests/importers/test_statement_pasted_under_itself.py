"""A statement pasted under itself, or two joined, is named as such.

Why: the real CMB older download (its 一卡通 masked 6214********) saved twice into one file was
refused as "the statement of another account (6214********) below the rows of account
6214********": the same number twice, called two accounts (fuzzB left it alone). Numbers
masked alike cannot be told apart; the refusal now says the file holds two statements one
under the other, and what to do.
"""

from __future__ import annotations

from pathlib import Path

from tests.importers.support import extract_one

REAL = Path(__file__).parent / "real" / "cmb-debit-older" / "cmb-debit-older.csv"


def test_a_masked_statement_pasted_twice_is_named_as_twice(books, tmp_path):
    path = tmp_path / "twice.csv"
    path.write_bytes(REAL.read_bytes() * 2)
    result = extract_one(books, path)
    assert result.problem is not None
    said = result.problem.message
    assert "this row starts a statement again" in said, said
    assert "another account" not in said, said
    assert "the same one twice or two cards the bank masked alike" in said, said


CONVERTED = Path(__file__).parent / "real" / "cmb-debit" / "cmb-debit-converted.csv"


def test_two_exports_joined_without_a_line_break_are_named_as_joined(books, tmp_path):
    """The real converted CMB statement ends without a line break: joined to another export
    (`cat a.csv b.csv`), its last row ran into the second file's header, and was refused as
    a cell holding 'a comma that is not inside quotes', with the advice to put the split cell
    back together (fuzzB left it alone)."""
    raw = CONVERTED.read_bytes()
    assert not raw.endswith(b"\n")  # the premise
    path = tmp_path / "joined.csv"
    path.write_bytes(raw * 2)
    result = extract_one(books, path)
    assert result.problem is not None
    said = result.problem.message
    assert "the row runs into the header of another statement" in said, said
    assert "two files were joined, the first without a line break after its last row" in said, said
    assert "not inside quotes" not in said, said


def test_the_joined_message_quotes_the_second_headers_names_and_the_row(books, tmp_path):
    """The names quoted are those after the one glued to the row's last cell (记账日期 is not a
    cell of its own there), and the row is the first file's last one (mutR: a mutant quoting
    the header from its first name lived)."""
    raw = CONVERTED.read_bytes()
    path = tmp_path / "joined.csv"
    path.write_bytes(raw * 2)
    result = extract_one(books, path)
    said = result.problem.message
    assert "(货币, 交易金额, 联机余额 …)" in said and "记账日期, 货币" not in said, said
    assert result.problem.row == raw.decode("utf-8-sig").count("\n") + 1, result.problem


def test_two_exports_of_a_three_column_layout_joined_are_named_as_joined(books, tmp_path):
    """A layout of three columns (a profile's 日期, 金额, 摘要) has two names after the glued one:
    enough to tell a second header (mutR: a mutant asking for three lived, and the file was
    refused as a comma outside quotes, with the advice to mend a cell)."""
    (books / "import_config.py").write_text(
        "from importers.config import importers_for_books, renumber_receipts\n"
        "MY = {'id': 'three', 'name': '三列', 'columns': {'date': '日期', 'amount': '金额', 'memo': '摘要'}, 'sign': 'signed'}\n"
        "CONFIG = importers_for_books(__file__, profiles=[MY])\nHOOKS = [renumber_receipts]\n", encoding="utf-8")
    one = "日期,金额,摘要\n2026-03-01,100.00,捐款\n2026-03-02,-5.00,手续费"
    alone = tmp_path / "alone.csv"
    alone.write_text(one, encoding="utf-8")
    assert extract_one(books, alone).problem is None  # the premise: the profile reads one export
    path = tmp_path / "joined.csv"
    path.write_text(one + one, encoding="utf-8")
    result = extract_one(books, path)
    assert result.problem is not None
    said = result.problem.message
    assert "the row runs into the header of another statement (金额, 摘要 …)" in said, said
    assert "not inside quotes" not in said and result.problem.row == 3, said
