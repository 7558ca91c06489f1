"""A real statement or bill imported as downloaded, then the same file as Excel saves it
after opening it (zh-CN): the second import adds nothing, every row already in the books.

Excel reads every cell that looks like a number or a date as one and writes it back as
it shows it: 2024-02-01 as 2024/2/1, 2020-12-14 16:50:20 as 2020/12/14 16:50 (no seconds),
a time 053026 as 53026, +44754.02 as 44754.02, 2.30 as 2.3, ¥28.16 kept, 1,234.56 kept
grouped, and any number of more than 15 digits rounded: a 交易单号 or a counterparty's
account number becomes 2.02012E+27 or 2.00072E+16. The rows are then told by their content
(tests/importers/test_rounded_ids.py); each must still be found as the entry the download
booked. Why: a WeChat Pay or Alipay row paid by a card, and a bank row whose counterparty
cell was an account number, were booked a second time (22 of alipay-2020.csv's rows, 16
of abc-debit-converted.csv's), a balance off by their sum.
"""

from __future__ import annotations

import csv
import io
import re

import pytest
from beancount.core import data

from importers.run import extract_files, load_importers
from tests.importers.test_real_golden import ACCOUNT, HERE, early_books  # noqa: F401 (fixture)
from tests.importers.test_saved_again import CSV_SAMPLES, _text

_NUMBER = re.compile(r"([+-]?)(\d{1,3}(?:,\d{3})+|\d+)(\.\d+)?")
_WHEN = re.compile(r"(\d{4})-(\d{1,2})-(\d{1,2})(?: (\d{1,2}):(\d{2})(?::\d{2})?)?")


def excel_shows(cell: str) -> str:
    """A CSV cell as Excel (zh-CN, General format) writes it back after reading it."""
    bare = cell.strip(" \t")
    m = _NUMBER.fullmatch(bare)
    if m:
        digits = m.group(2).replace(",", "")
        value = float(m.group(1) + digits + (m.group(3) or ""))
        if len(digits) > 15:
            return re.sub(r"\.?0+E", "E", f"{value:.5E}")
        if "," in m.group(2):
            return ("-" if value < 0 else "") + f"{abs(value):,.2f}"
        return f"{value:.10g}" if m.group(3) else str(int(value))
    m = _WHEN.fullmatch(bare)
    if m:
        day = f"{int(m.group(1))}/{int(m.group(2))}/{int(m.group(3))}"
        return f"{day} {int(m.group(4))}:{m.group(5)}" if m.group(4) else day
    return cell


def saved_by_excel(text: str) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\r\n").writerows([[excel_shows(c) for c in row] for row in csv.reader(io.StringIO(text))])
    return out.getvalue()


def test_excel_shows_cells_as_it_writes_them():
    assert [excel_shows(c) for c in ("2024-02-01", "2020-12-14 16:50:20", "053026", "+44754.02", "2.30", "1,234.56",
                                     "2020121422001155631423825023", "20007200000000001", "¥28.16", "张三")] == [
        "2024/2/1", "2020/12/14 16:50", "53026", "44754.02", "2.3", "1,234.56", "2.02012E+27", "2.00072E+16", "¥28.16", "张三"]


@pytest.mark.parametrize("path", CSV_SAMPLES, ids=lambda p: p.name)
def test_the_same_file_saved_by_excel_adds_nothing(early_books, tmp_path, path):  # noqa: F811
    again = tmp_path / ("saved-" + path.name)
    again.write_text(saved_by_excel(_text(path)), encoding="utf-8-sig")
    downloaded, saved = extract_files(early_books, [path, again], load_importers(early_books.root), account=ACCOUNT,
                                      verify_summary=False)
    assert downloaded.problem is None and saved.problem is None, saved.problem
    assert saved.conserved
    new = [(e.meta.get("lineno"), e.date, e.payee, str(e.postings[0].units)) for e in saved.new if isinstance(e, data.Transaction)]
    assert new == []
