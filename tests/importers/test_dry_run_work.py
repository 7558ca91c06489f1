"""The dry run prints its entries with one printer, not one made for each entry: counted,
not timed, so the test says the same on a slow machine as on a fast one.

Why: beancount's printer.format_entry makes an EntryPrinter for each entry, which builds
its two number formats from the display context each time; the dry run of a 100,000-row
statement prints tens of thousands of entries (issue 15: the import's dry run is measured
against bean-check). The text is the same as format_entry's, entry for entry.
"""

from __future__ import annotations

from beancount.parser import printer

from importers import run
from importers.run import render
from tests.importers.support import extract_one

STATEMENT = "交易日期,交易流水号,摘要,对方户名,收入金额,支出金额,余额\n" + "".join(
    f"2026-03-{day:02d},T{day:04d},转账存入,王小明,{100 + day}.00,,{10000 + day}.00\n" for day in range(1, 11))


def test_entries_printed_by_one_printer(books, tmp_path, monkeypatch):
    path = tmp_path / "statement.csv"
    path.write_text(STATEMENT, encoding="utf-8")
    result = extract_one(books, path)
    assert len(result.new) >= 10
    made = []

    class Counting(printer.EntryPrinter):
        def __init__(self, *args, **kwargs):
            made.append(1)
            super().__init__(*args, **kwargs)

    monkeypatch.setattr(printer, "EntryPrinter", Counting)
    text = render([result])
    assert len(made) == 1
    monkeypatch.undo()
    for e in result.new:  # each entry as format_entry writes it
        assert printer.format_entry(run._plain(e)) in text


def test_a_line_longer_than_the_terminal_is_not_measured_column_by_column(monkeypatch):
    """A line of more characters than the terminal has columns is too wide whatever its
    characters (each takes one column or two): `spoken` splits it without counting columns.
    Why: a 100,000-row statement already in the books prints a line per row, and counting
    each line's columns character by character was an eighth of the dry run's time."""
    measured = []
    width = run._width
    monkeypatch.setattr(run, "_width", lambda text: measured.append(text) or width(text))
    long_zh, long_en = "已在账中：" + "王小明" * 10, "already in the books: " + "x" * 60
    assert run.spoken(";; ", long_zh, long_en) == f";; {long_zh}。\n;; {long_en}"
    assert measured == []
    # a short line is still measured: Chinese takes two columns (33 characters, 42 columns)
    short = run.spoken(";; ", "已在账中：王小明", "already in the books")
    assert short == ";; 已在账中：王小明。 already in the books" and len(measured) == 1
    # and one that fits in characters but not in columns (46 characters, 87 columns) is split
    assert "\n" in run.spoken(";; ", "已" * 40, "x") and len(measured) == 2
