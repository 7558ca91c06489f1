"""A WeChat Pay or Alipay bill has one header and one block of rows; what else may sit
between its rows, and what it gets.

The column header repeated between rows (a bill printed in pages, two exports pasted one
under the other) moves no money: it is skipped and listed. A totals row typed in among the
rows, or a second bill's title and preamble, is refused with a message that says what the
row is, instead of "'合计' is not a date and time; fix the cell".
"""

from __future__ import annotations

from pathlib import Path

import pytest

from importers.run import extract_files, load_importers
from ledger.books import load_books

GOLDEN = Path(__file__).parent / "golden"


def _bill(name: str) -> tuple[list[str], int]:
    lines = (GOLDEN / name).read_text(encoding=_encoding(name)).splitlines()
    return lines, next(i for i, line in enumerate(lines) if line.startswith("交易时间"))


def _import(books, path):
    loaded = load_books(books)
    (result,) = extract_files(loaded, [path], load_importers(loaded.root))
    return result


@pytest.mark.parametrize("name", ["wechat/wechat.csv", "alipay/alipay.csv"])
def test_the_header_repeated_between_rows_is_skipped_and_listed(books, tmp_path, name):
    lines, h = _bill(name)
    clean = tmp_path / "clean.csv"
    clean.write_text("\n".join(lines) + "\n", encoding=_encoding(name))
    pasted = tmp_path / "pasted.csv"
    pasted.write_text("\n".join(lines[:h + 3] + [lines[h]] + lines[h + 3:]) + "\n", encoding=_encoding(name))
    before, after = _import(books, clean), _import(books, pasted)
    assert after.problem is None, after.problem
    assert [_plain(e) for e in after.new] == [_plain(e) for e in before.new]
    extra = [s for s in after.report.skipped if s.row == h + 4]
    assert len(extra) == 1 and "column header again" in extra[0].reason and extra[0].amount is None
    assert after.conserved


def test_a_totals_row_among_the_rows_is_named_as_one(books, tmp_path):
    lines, h = _bill("wechat/wechat.csv")
    path = tmp_path / "wechat.csv"
    path.write_text("\n".join(lines[:h + 3] + ["合计,,,,,¥330.00,,,,,"] + lines[h + 3:]) + "\n", encoding="utf-8")
    result = _import(books, path)
    assert result.problem is not None and result.problem.row == h + 4
    assert "a totals row" in result.problem.message and "'合计'" in result.problem.message
    assert "not a date and time" not in result.problem.message


def test_two_bills_pasted_together_are_refused_at_the_second_title(books, tmp_path):
    lines, h = _bill("wechat/wechat.csv")
    path = tmp_path / "wechat.csv"
    path.write_text("\n".join(lines + lines[:h] + lines[h + 1:]) + "\n", encoding="utf-8")
    result = _import(books, path)
    assert result.problem is not None and result.problem.row == len(lines) + 1
    assert "not a transaction" in result.problem.message and "微信支付账单明细" in result.problem.message
    assert "import each bill" in result.problem.message


def _plain(entry):
    """An entry without its file and row (the pasted header moves the rows down one)."""
    return entry._replace(meta={k: v for k, v in entry.meta.items() if k not in ("filename", "lineno", "row")})


def _encoding(name: str) -> str:
    return "gb18030" if name.startswith("alipay") else "utf-8"
