"""Real statements saved again the way a finance officer's tools save them import as the
downloaded file does: the same dry run, entry for entry.

Excel's "Unicode text" (UTF-16 with a byte-order mark, TAB-separated, CRLF) writes a cell
such as 3,240.28 without quotes; a file with one line break only, CR, as old Mac tools
write; blank rows in the middle and empty columns after the last one, as a spreadsheet
leaves them. Each variant is made from the real samples in tests/importers/real/ (bank statements and
WeChat Pay / Alipay bills) and must render the expected output of test_real_golden.py.
"""

from __future__ import annotations

import csv
import io
import os
import re
from pathlib import Path

import pytest

from importers.run import extract_files, load_importers, render
from tests.importers.test_real_golden import ACCOUNT, HERE, early_books  # noqa: F401 (fixture)

CSV_SAMPLES = sorted(p for p in HERE.glob("*/*.csv") if p.parent.name != "unsupported")


def _text(path: Path) -> str:
    raw = path.read_bytes()
    try:
        return raw.decode("utf-8-sig")
    except UnicodeDecodeError:
        return raw.decode("gb18030")


def unicode_text(text: str) -> bytes:
    """What Excel's "Unicode text" export writes: UTF-16LE with a BOM, TABs, CRLF, and a cell
    quoted only when it holds a TAB, a quote or a line break (commas stay bare)."""
    out = io.StringIO()
    csv.writer(out, delimiter="\t", lineterminator="\r\n").writerows(csv.reader(io.StringIO(text)))
    return b"\xff\xfe" + out.getvalue().encode("utf-16-le")


def cr_only(text: str) -> bytes:
    return ("\r".join(text.splitlines()) + "\r").encode("utf-8")


def blank_rows_and_empty_columns(text: str) -> bytes:
    lines = text.splitlines()
    middle = len(lines) // 2 + 1
    return "\n".join([line + ",," for line in lines[:middle]] + ["", ",,,"] + [line + ",," for line in lines[middle:]]).encode("utf-8") + b"\n"


VARIANTS = {"unicode-text": unicode_text, "cr-only": cr_only, "blank-rows": blank_rows_and_empty_columns}


@pytest.mark.parametrize("variant", VARIANTS)
@pytest.mark.parametrize("path", CSV_SAMPLES, ids=lambda p: p.name)
def test_saved_again_imports_as_downloaded(early_books, tmp_path, path, variant):  # noqa: F811
    copy = tmp_path / path.name
    copy.write_bytes(VARIANTS[variant](_text(path)))
    (result,) = extract_files(early_books, [copy], load_importers(early_books.root), account=ACCOUNT, verify_summary=False)
    assert result.problem is None, result.problem
    assert result.conserved
    got = render([result]).replace(str(tmp_path) + os.sep, "")
    expected = path.with_name(path.name + ".beancount").read_text(encoding="utf-8")
    if variant == "blank-rows":  # the rows below the blank ones moved down: their numbers differ
        got, expected = (re.sub(r"\brows? \d+", "row N", t) for t in (got, expected))
    assert got == expected
