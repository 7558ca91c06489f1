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
