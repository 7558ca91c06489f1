"""A closed period's side file damaged while the period itself is intact.

Why: the closed_period rule read only a side file's `# digest` line while its period held,
so a record line deleted (or edited, or duplicated, or the file cut short mid-line) checked
clean, and the loss came to light only when an entry of the period changed and could then no
longer be named. Each damage is now a warning on the close naming the side file, the line and
what to do; what an editor does to a file without changing what it says (a byte-order mark,
CRLF line ends, GBK, two lines swapped) is read right."""

from __future__ import annotations

import datetime

import pytest

from ledger.books import load_books
from ledger.closes.close import close_period
from ledger.errors import RuleWarning, format_error
from ledger.period import parse_period
from ledger.reconcile.report import build_report

MARCH = parse_period("2024-03")
TODAY = datetime.date(2024, 4, 10)


@pytest.fixture
def closed(books_factory):
    main = books_factory()
    close_period(load_books(main), MARCH, check=build_report, today=TODAY)
    side = main.parent / "closes" / "2024-03.sha256"
    return main, side


def _records(side) -> tuple[list[str], list[int]]:
    """The side file's lines, and the indexes (0-based) of its record lines."""
    lines = side.read_text(encoding="utf-8").split("\n")
    return lines, [i for i, line in enumerate(lines) if line and not line.startswith("#")]


def _warnings(main) -> list[str]:
    books = load_books(main)
    assert books.errors == [], [format_error(e) for e in books.errors]
    assert all(isinstance(w, RuleWarning) for w in books.warnings)
    return [format_error(w) for w in books.warnings]


def _one_warning(main) -> str:
    warnings = _warnings(main)
    assert len(warnings) == 1, warnings
    warning = warnings[0]
    assert "closes.beancount:" in warning and "closes/2024-03.sha256" in warning
    assert warning.index("警告：") < warning.index("Warning:")  # Chinese first
    assert "`relief close BOOKS 2024-03`" in warning  # what to do
    return warning


def test_a_record_line_deleted_is_named_with_the_entry_it_listed(closed):
    main, side = closed
    lines, records = _records(side)
    assert len(records) >= 3
    gone = lines[records[1]]
    identity = gone.split("\t")[1]
    del lines[records[1]]
    side.write_text("\n".join(lines), encoding="utf-8")
    warning = _one_warning(main)
    assert "has no line for" in warning and "没有" in warning, warning
    # the entry whose line is gone is named, with where it is in the books now
    date = identity.split(" ")[0]
    assert date in warning and ".beancount:" in warning.split("has no line for")[1], warning


def test_a_record_hash_edited_is_named_by_its_line(closed):
    main, side = closed
    lines, records = _records(side)
    line = lines[records[2]]
    lines[records[2]] = ("0" if line[0] != "0" else "1") + line[1:]
    side.write_text("\n".join(lines), encoding="utf-8")
    warning = _one_warning(main)
    assert f"line {records[2] + 1}" in warning and f"第 {records[2] + 1} 行" in warning, warning


def test_a_record_line_duplicated_is_named_by_its_line(closed):
    main, side = closed
    lines, records = _records(side)
    lines.insert(records[0] + 1, lines[records[0]])
    side.write_text("\n".join(lines), encoding="utf-8")
    warning = _one_warning(main)
    assert f"line {records[0] + 2}" in warning and f"repeats line {records[0] + 1}" in warning, warning


def test_a_side_file_cut_short_mid_line_is_named(closed):
    main, side = closed
    raw = side.read_bytes()
    last = raw.rstrip(b"\n").rsplit(b"\n", 1)[1]
    side.write_bytes(raw.rstrip(b"\n")[: -len(last) // 2])  # inside the last record's description
    warning = _one_warning(main)
    assert "cut short" in warning and "截断" in warning, warning


def test_a_record_line_with_a_field_lost_is_named_by_its_line(closed):
    main, side = closed
    lines, records = _records(side)
    lines[records[1]] = lines[records[1]].rsplit("\t", 1)[0]
    side.write_text("\n".join(lines), encoding="utf-8")
    warning = _one_warning(main)
    assert f"line {records[1] + 1}" in warning and f"第 {records[1] + 1} 行" in warning, warning


@pytest.mark.parametrize("saved", ["bom", "crlf", "gbk", "utf-16", "swapped"])
def test_what_an_editor_does_without_changing_a_record_is_read_right(closed, saved):
    main, side = closed
    text = side.read_text(encoding="utf-8")
    if saved == "bom":
        side.write_bytes(b"\xef\xbb\xbf" + text.encode("utf-8"))
    elif saved == "crlf":
        side.write_bytes(text.replace("\n", "\r\n").encode("utf-8"))
    elif saved == "utf-16":  # Notepad's "Unicode", with its CRLF
        side.write_bytes(text.replace("\n", "\r\n").encode("utf-16"))
    elif saved == "gbk":
        assert any(ord(c) > 127 for c in text)  # the descriptions hold Chinese: GBK changes their bytes
        side.write_bytes(text.encode("gbk"))
    else:
        lines, records = _records(side)
        lines[records[0]], lines[records[1]] = lines[records[1]], lines[records[0]]
        side.write_text("\n".join(lines), encoding="utf-8")
    assert _warnings(main) == []
    # and it still names an altered entry, as the file relief close wrote would
    path = main.parent / "txns" / "2024.beancount"
    path.write_text(path.read_text(encoding="utf-8").replace("Expenses:Aid:Living       3000.00 CNY", "Expenses:Aid:Living       2000.00 CNY")
                    .replace("46000.00 CNY", "47000.00 CNY"), encoding="utf-8")
    errors = [format_error(e) for e in load_books(main).errors]
    assert len(errors) == 1 and "altered after the close" in errors[0] and "困难救助" in errors[0], errors


def test_close_writes_a_damaged_side_file_again_while_the_period_holds(closed):
    main, side = closed
    kept = side.read_bytes()
    lines, records = _records(side)
    del lines[records[0]]
    side.write_text("\n".join(lines), encoding="utf-8")
    assert _warnings(main)
    again = close_period(load_books(main), MARCH, check=build_report, today=TODAY)
    assert again.side_file_only and side.read_bytes() == kept
    assert _warnings(main) == []


@pytest.mark.parametrize("field", [1, 3], ids=["identity", "description"])
def test_a_record_line_whose_words_were_edited_is_named_by_its_line(closed, field):
    """The hash kept, the words beside it edited (the identity that tells an altered entry from
    an added one, the description a removed entry is told by): the side file's `# lines` header
    covers its record lines, so the edit is named, by its line."""
    main, side = closed
    lines, records = _records(side)
    parts = lines[records[1]].split("\t")
    parts[field] = parts[field] + " 改"
    lines[records[1]] = "\t".join(parts)
    side.write_text("\n".join(lines), encoding="utf-8")
    warning = _one_warning(main)
    assert f"line {records[1] + 1} was edited" in warning and f"第 {records[1] + 1} 行" in warning, warning
