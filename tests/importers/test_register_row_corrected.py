"""A donation register imported, one amount found wrong, corrected in Excel and imported again.

The October register booked 江城宏达's gift as 5,000.00 (a zero too many); the officer
corrected the cell to 500.00 and ran the import again. The dry run proposed the 500.00 as a
new gift with its own receipt number, beside 张三's row "already in the books", and said
nothing of the 5,000.00 still booked from that row: written, both stood, 5,500.00 of gifts
where 500.00 came, and two receipts; once the entry was corrected by hand, the row was
proposed again all the same. It now names the entry in the books that the row may be, and
what to do.
"""

from __future__ import annotations

from pathlib import Path

import openpyxl
from click.testing import CliRunner

from cli import cli


def _register(path: Path, amount: int, *, second_amount: int = 200) -> Path:
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["序号", "捐赠日期", "捐赠单位/个人", "捐款金额", "捐赠方式", "备注"])
    ws.append([1, "2026-03-09", "江城宏达机械有限公司", amount, "现金", "重阳节慰问捐款"])
    ws.append([2, "2026-03-09", "张三", second_amount, "现金", None])
    wb.save(path)
    return path


def _run(*args):
    return CliRunner().invoke(cli, ["import", *map(str, args)])


def test_a_corrected_row_names_the_entry_it_may_replace(books, tmp_path):
    register = tmp_path / "10月捐赠登记表.xlsx"
    assert _run(books, _register(register, 5000), "--write").exit_code == 0
    result = _run(books, _register(register, 500))
    assert result.exit_code == 0, result.output
    assert ("row 2: the gift of 500.00 from 江城宏达机械有限公司 on 2026-03-09 is new, and the books hold a register's gift "
            "of 5,000.00 from the same donor that day (inbox.beancount:") in result.output
    assert ("if the register's row was corrected, correct that entry's amount in the books by hand (in a closed period, "
            "record a correction: docs/closing.md) and leave this row out; booked both, it is counted twice") in result.output


def test_the_entry_corrected_by_hand_is_named_when_the_row_is_proposed_again(books, tmp_path):
    """Corrected in the books as the note says, the corrected row (its fingerprint that of
    another amount) was proposed again as a new gift: it is named too."""
    register = tmp_path / "register.xlsx"
    assert _run(books, _register(register, 5000), "--write").exit_code == 0
    inbox = books / "inbox.beancount"
    text = inbox.read_text(encoding="utf-8")
    assert text.count(" 5000.00 CNY") == 1 and text.count(" -5000.00 CNY") == 1
    inbox.write_text(text.replace(" 5000.00 CNY", " 500.00 CNY").replace(" -5000.00 CNY", " -500.00 CNY"), encoding="utf-8")
    result = _run(books, _register(register, 500))
    assert ("the books hold a register's gift of that amount from the same donor that day (inbox.beancount:") in result.output
    assert "it is booked already: leave this row out; booked both, it is counted twice" in result.output


def test_two_gifts_of_one_donor_in_one_register_are_not_named(books, tmp_path):
    """Both rows of the same file imported at once, or again unchanged: no such note."""
    register = tmp_path / "register.xlsx"
    _register(register, 5000, second_amount=200)
    assert _run(books, register, "--write").exit_code == 0
    again = _run(books, register)
    assert "is new, and the books hold" not in again.output
    assert "2 already in the books" in again.output
