"""ICBC's 子账户序号 (the card's sub-account serial, 00000) is no account number.

A statement whose page break repeats its preamble (卡号, 子账户序号: 00000 and the header,
as a printout saved as a spreadsheet does) was refused as "the statement of another
account (00000)": the serial was read as an account number, unlike the card's. The serial
now tells sub-accounts apart only from each other: the same one again is a page break, and
another one (00001, a USD or time-deposit sub-account under the same card) is still refused,
named as another sub-account.
"""

from __future__ import annotations

from click.testing import CliRunner

from cli import cli
from tests.importers.malformed import ICBC_HEAD, icbc_row

HEADER = ICBC_HEAD.split("\n\n")[-1]
ROW_1 = icbc_row("2026-03-05", "500.00", "", "1,500.00", "王小明")
ROW_2 = icbc_row("2026-03-06", "100.00", "", "1,600.00", "李四")


def run(books, tmp_path, text):
    path = tmp_path / "工行明细.csv"
    path.write_text(text, encoding="utf-8")
    return CliRunner().invoke(cli, ["import", str(books), str(path)])


def test_a_page_break_repeating_the_preamble_is_read(books, tmp_path):
    again = "卡号: 6222****2222\n\n子账户序号: 00000,子账户类别: 活期\n\n" + HEADER
    result = run(books, tmp_path, ICBC_HEAD + ROW_1 + "\n" + again + ROW_2)
    assert result.exit_code == 0, result.output
    assert "file in +600.00" in result.output, result.output


def test_another_sub_account_of_the_card_is_refused(books, tmp_path):
    other = "\n子账户序号: 00001,子账户类别: 定期\n\n" + HEADER
    result = run(books, tmp_path, ICBC_HEAD + ROW_1 + other + ROW_2)
    assert result.exit_code == 1, result.output
    assert "row 10" in result.output and "sub-account" in result.output and "00001" in result.output, result.output
