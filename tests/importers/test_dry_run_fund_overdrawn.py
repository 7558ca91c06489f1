"""The dry run says when a file's rows would overdraw a restricted fund, naming the rows.

Why: a roster paying more out of a restricted fund (EDU-2026) than it held was proposed by the
dry run without a word; only `--write` was refused (the fund overdrawn is an error of the
books), so the officer learnt of it only after sending the dry run round for approval. The dry
run now notes it, as it notes the cash box going below zero: the fund, the day, the shortfall
and the rows, and that --write will refuse it."""

from __future__ import annotations

from click.testing import CliRunner

from cli import cli

HEAD = "日期,案例编号,类别,金额,基金,审批单号,发放方式,备注\n"


def run(*args):
    return CliRunner().invoke(cli, ["import", *map(str, args)])


def test_the_dry_run_names_the_rows_that_overdraw_a_restricted_fund(books, tmp_path):
    roster = tmp_path / "花名册.csv"
    roster.write_text(HEAD + "2026-03-05,C0001,生活救助,300.00,GENERAL,SP-1,银行,\n"
                      "2026-03-06,C0002,助学,500.00,EDU-2026,SP-2,银行,\n", encoding="utf-8")
    result = run(books, roster)
    notes = [line for line in result.output.splitlines() if line.startswith("note:") and "EDU-2026" in line]
    assert len(notes) == 1, result.output
    (note,) = notes
    assert "2026-03-06" in note and "500.00 CNY short" in note and "row 3" in note and "--write" in note, note
    assert "GENERAL" not in note


def test_a_fund_that_holds_enough_gets_no_note(books, tmp_path):
    roster = tmp_path / "花名册.csv"
    roster.write_text(HEAD + "2026-03-05,C0001,生活救助,300.00,GENERAL,SP-1,银行,\n", encoding="utf-8")
    result = run(books, roster)
    assert result.exit_code == 0, result.output
    assert "overdrawn" not in result.output, result.output
