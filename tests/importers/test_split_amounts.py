"""A CSV whose amounts carry a thousands comma outside quotes (1,234.00 written bare, as
some exports and hand edits in a text editor leave them) splits each such amount over two
cells. When the row's last column is empty the extra cell is empty too, and the row used to
import with 1.00 for 1,234.00 (and the balance, payer and memo read from their neighbours'
columns) without a word. It is refused, naming the row and the split amount."""

from __future__ import annotations

from pathlib import Path

import pytest

from importers.run import extract_files, load_importers
from ledger.books import load_books

CMB = "记账日期,货币,交易金额,联机余额,交易摘要,对手信息,客户摘要"
ICBC = "交易日期,交易流水号,摘要,对方户名,收入金额,支出金额,余额"


def extract(books: Path, path: Path):
    loaded = load_books(books)
    (result,) = extract_files(loaded, [path], load_importers(loaded.root))
    return result


@pytest.mark.parametrize(("lines", "row", "split"), [
    ([CMB, "2026-03-05,CNY,1,234.00,2234.00,转账汇款,王小明 6222,", "2026-03-06,CNY,-30.00,2204.00,付款,某超市 6228,"], 2, "1,234.00"),
    ([CMB, "2026-03-05,CNY,100.00,1100.00,转账汇款,王小明 6222,", "2026-03-06,CNY,-1,000.00,100.00,付款,某超市 6228,"], 3, "-1,000.00"),
    ([ICBC, "2026-03-05,T1,转账,王小明,100.00,,1100.00", "2026-03-06,T2,付款,某超市,,30.00,1,070.00"], 3, "1,070.00"),
])
def test_an_amount_split_at_its_thousands_comma_is_refused(books, tmp_path, lines, row, split):
    path = tmp_path / "statement.csv"
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = extract(books, path)
    assert result.problem is not None and result.entries == []
    assert result.problem.row == row
    assert f"{split!r} is an amount whose thousands comma is not inside quotes" in result.problem.message


def test_quoted_amounts_and_padded_rows_still_import(books, tmp_path):
    path = tmp_path / "statement.csv"
    path.write_text(CMB + '\n2026-03-05,CNY,"1,234.00",2234.00,转账汇款,王小明 6222,,\n2026-03-06,CNY,-100,2134.00,付款,某超市 6228,,\n',
                    encoding="utf-8")
    result = extract(books, path)
    assert result.problem is None, result.problem
    assert result.conserved and len(result.new) >= 2
