"""A sheet thousands of columns wide is refused at once, naming the row; a wide one under the
limit is refused as unknown in seconds.

Why: a 0.5 MB CSV of 2,000 columns (or a 5 MB one of 10,000) kept `relief import` running for
over ten minutes without a word: each layout read every cell of the rows it looks at for its
header as a date and an amount (breakZ). A row of more than 256 filled cells (Excel 2003's
own limit of columns, far beyond any statement's or register's row) is now refused, naming
the row, with what to do; empty cells do not count.
"""

from __future__ import annotations

import time

from click.testing import CliRunner

from cli import cli
from importers.reading import read_table

HEADER = "交易日期,交易流水号,摘要,对方户名,收入金额,支出金额,余额"


def test_a_row_of_thousands_of_filled_cells_is_refused_naming_it(books, tmp_path):
    path = tmp_path / "wide.csv"
    path.write_text("中国工商银行 企业网上银行 账户明细\n" + ",".join(f"t{i}" for i in range(2000)) + "\n", encoding="utf-8")
    started = time.process_time()  # CPU: the machine's load does not move it
    result = CliRunner().invoke(cli, ["import", str(books), str(path)])
    assert time.process_time() - started < 30
    assert result.exit_code == 1, result.output
    assert "wide.csv, row 2: this row holds 2,000 filled cells, more than any statement's or register's row (256)" in result.output
    assert "delete the columns beyond it" in result.output
    assert "Traceback" not in result.output


def test_empty_cells_past_the_table_do_not_count(tmp_path):
    path = tmp_path / "padded.csv"
    pad = "," * 5000
    path.write_text(HEADER + pad + "\n2026-03-05,A1,转账存入,王小明,100.00,,100.00" + pad + "\n", encoding="utf-8")
    rows = read_table(path).sheets[0].rows
    assert [r.cells[:4] for r in rows] == [tuple(HEADER.split(",")[:4]), ("2026-03-05", "A1", "转账存入", "王小明")]


def test_a_wide_sheet_under_the_limit_is_refused_as_unknown_in_seconds(books, tmp_path):
    # 80 rows of 256 cells, none a header's: each layout used to read each of them as a date
    # (seven formats tried on every text) and fold it as a header, for 25 seconds
    path = tmp_path / "wide.csv"
    lines = ["中国工商银行 企业网上银行 账户明细"] + [",".join(f"20260{r}x{i}" for i in range(256)) for r in range(80)]
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    started = time.process_time()  # CPU: the machine's load does not move it
    result = CliRunner().invoke(cli, ["import", str(books), str(path)])
    elapsed = time.process_time() - started
    assert result.exit_code == 1, result.output
    assert "wide.csv, row 1: unknown format" in result.output, result.output
    assert elapsed < 8, f"{elapsed:.1f} s of CPU"
