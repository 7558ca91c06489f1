"""A CSV with a cell longer than the csv module reads (131,072 characters) is refused naming
its line; a line of 200,000 commas with a TAB in the file is read. Found by fuzzing
(fuzzH): both stopped the import as relief's internal error ("field larger than field
limit"): the delimiter's sniffing and the lone-CR mending read every line with the csv
module before the reading that names a bad line, and the long unquoted cell was named as a
quote left open."""

from __future__ import annotations

from tests.importers.support import extract_one

HEADER = "交易日期,摘要,收入金额,支出金额,余额,对方户名\n"
ROWS = "2026-03-05,捐款,100.00,,100.00,王小明\n2026-03-06,捐款,50.00,,150.00,王小明\n"


def test_a_cell_over_the_csv_limit_is_refused_naming_its_line(books, tmp_path):
    path = tmp_path / "s.csv"
    path.write_text(
        HEADER + ROWS.replace("王小明\n", "王小明," + "9" * 200_000 + "\n", 1), encoding="utf-8"
    )
    result = extract_one(books, path)
    assert result.problem is not None
    assert "line 2 holds over 131,072 characters" in result.problem.message
    assert "quote" not in result.problem.message  # there is none on that line


def test_a_stray_crs_file_with_a_huge_cell_is_refused_too(books, tmp_path):
    path = tmp_path / "s.csv"
    text = (
        (HEADER + ROWS)
        .replace("\n", "\r\n")
        .replace("王小明\r\n", "王小明\r," + "9" * 200_000 + "\r\n", 1)
    )
    path.write_text(text, encoding="utf-8", newline="")
    result = extract_one(books, path)
    assert result.problem is not None and "131,072 characters" in result.problem.message


def test_a_line_of_200000_commas_beside_tabs_is_read(books, tmp_path):
    path = tmp_path / "s.csv"
    path.write_text(
        HEADER + ROWS.replace("捐款", "捐款\t", 1) + "," * 200_000 + "\n", encoding="utf-8"
    )
    result = extract_one(books, path)
    assert result.problem is None, result.problem
    assert sorted(e.postings[0].units.number for e in result.new if hasattr(e, "postings")) == [
        50,
        100,
    ]
