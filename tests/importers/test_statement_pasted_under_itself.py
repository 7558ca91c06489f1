"""A statement pasted under itself is not called another account's.

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
