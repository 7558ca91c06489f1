"""A reversal (冲正) on a statement whose original is not in the file.

Such a row was classified like any money in: a lone 冲正 of a payment, money coming back
from the payee, was booked as a donation from them with a receipt number. A reversal is
neither a gift nor aid: it is held on Liabilities:Payable, flagged `!`, and its note says
which way the money went and how that is known (the running balance), or that it is a guess.
"""

from __future__ import annotations

from click.testing import CliRunner

from cli import cli

HEAD = "记账日期,货币,交易金额,联机余额,交易摘要,对手信息,客户摘要\n"
GIFT = "2026-03-02,CNY,1234.00,11234.00,转账汇款,某某机械厂 6222020000001234,捐赠\n"


def run(*args):
    return CliRunner().invoke(cli, ["import", *map(str, args)])


def entry_of(output: str, narration: str) -> str:
    start = output.index(f'"{narration}"')
    return output[start:output.index("\n\n", start)]


def test_a_lone_reversal_that_the_balance_confirms_is_held_on_payable(books, tmp_path):
    f = tmp_path / "cmb.csv"
    f.write_text(HEAD + GIFT + "2026-03-03,CNY,200.00,11434.00,冲正,张三 66666666666666,冲正\n", encoding="utf-8")
    result = run(books, f)
    assert result.exit_code == 0, result.output
    entry = entry_of(result.output, "冲正")
    assert "! \"张三\"" in result.output
    assert "Liabilities:Payable  -200.00 CNY" in entry and "Income:Donation" not in entry and "receipt" not in entry
    assert "the balance column says the money went this way" in entry
    assert "JZ-2026-00002" not in result.output  # only the gift has a receipt


def test_a_lone_reversal_takes_the_direction_the_balance_gives_it(books, tmp_path):
    f = tmp_path / "cmb.csv"
    f.write_text(HEAD + GIFT + "2026-03-03,CNY,200.00,11034.00,冲正,张三 66666666666666,冲正\n", encoding="utf-8")
    result = run(books, f)
    assert result.exit_code == 0, result.output
    entry = entry_of(result.output, "冲正")
    assert "Assets:Bank:Basic    -200.00 CNY" in entry and "Liabilities:Payable   200.00 CNY" in entry
    assert "the balance column says the money went the other way: booked as -200.00" in entry
    assert "out -200.00" in result.output  # the file's movement follows the balance too


def test_a_lone_reversal_the_balance_cannot_place_is_a_flagged_guess(books, tmp_path):
    f = tmp_path / "cmb.csv"
    f.write_text(HEAD + "2026-03-03,CNY,200.00,11434.00,冲正,张三 66666666666666,冲正\n", encoding="utf-8")
    result = run(books, f)
    assert result.exit_code == 0, result.output
    entry = entry_of(result.output, "冲正")
    assert "Liabilities:Payable  -200.00 CNY" in entry and "Income:Donation" not in result.output
    assert "cannot say which way the money went" in entry and "a guess" in entry
    # the row shows its balance: the note says what to compare it with, not that it has none
    assert ("it is the file's first row, with no balance before it: compare its balance, 11,434.00, with the closing "
            "balance of the statement before") in entry


def test_a_reversal_of_a_row_in_the_file_names_it(books, tmp_path):
    f = tmp_path / "cmb.csv"
    f.write_text(HEAD + GIFT + "2026-03-03,CNY,-300.00,10934.00,转账汇款,张三 66666666666666,补助\n"
                 "2026-03-04,CNY,300.00,11234.00,冲正,张三 66666666666666,冲正\n", encoding="utf-8")
    result = run(books, f)
    assert result.exit_code == 0, result.output
    entry = entry_of(result.output, "冲正")
    assert "a reversal (冲正) of row 3" in entry and "Liabilities:Payable  -300.00 CNY" in entry
