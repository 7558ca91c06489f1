"""Totals rows of a statement with one signed amount column: a 收入合计 line and a 支出合计 line
each state one direction's total, and are checked against that direction's rows."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from cli import cli

HEAD = "记账日期,货币,交易金额,联机余额,交易摘要,对手信息,客户摘要\n"
ROWS = ("2026-03-02,CNY,1234.00,11234.00,转账汇款,某某机械厂,捐赠\n"
        "2026-03-03,CNY,-1000.00,10234.00,转账汇款,张三,转账\n")


def run(*args):
    return CliRunner().invoke(cli, ["import", *map(str, args)])


def test_totals_of_money_in_and_money_out_are_read_as_such(books, tmp_path):
    f = tmp_path / "cmb.csv"
    f.write_text(HEAD + ROWS + "收入合计,,1234.00,,,,\n支出合计,,-1000.00,,,,\n", encoding="utf-8")
    result = run(books, f)
    assert result.exit_code == 0, result.output
    assert "+1,234.00, out -1,000.00" in result.output


def test_a_total_of_one_direction_that_disagrees_is_refused(books, tmp_path):
    f = tmp_path / "cmb.csv"
    f.write_text(HEAD + ROWS + "收入合计,,1234.00,,,,\n支出合计,,-1100.00,,,,\n", encoding="utf-8")
    result = run(books, f)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "cmb.csv, row 5" in result.output
    assert "own total -1100.00 disagrees with its rows, which add up to -1,000.00" in result.output


def test_a_net_total_is_still_checked_against_every_row(books, tmp_path):
    f = tmp_path / "cmb.csv"
    f.write_text(HEAD + ROWS + "合计,,999.00,,,,\n", encoding="utf-8")
    result = run(books, f)
    assert result.exit_code == 1 and "which add up to 234.00" in result.output


def test_a_footer_whose_time_stands_in_the_date_column_is_a_footer(books, tmp_path):
    """打印时间 under the totals row, its time in the date column: a footer line, not a
    transaction after the totals (which refused the whole file)."""
    f = tmp_path / "corporate.csv"
    f.write_text("序号,交易日期,对方户名,收入金额,支出金额,余额\n"
                 "1,2026-03-02,某某机械厂,1000.00,,1000.00\n2,2026-03-03,张三,,200.00,800.00\n"
                 "合计,,,1000.00,200.00,\n打印时间:,2026-04-01 10:00:00,,,,\n", encoding="utf-8")
    result = run(books, f)
    assert result.exit_code == 0, result.output
    assert "file in +1,000.00, out -200.00" in result.output and "2 transactions" in result.output


def test_a_total_stated_to_part_of_a_fen_is_read_and_refused(books, tmp_path):
    """收入合计：1,234.005 on a line under the rows (or above them, or CMB's 共 1234.005 元): a
    total no bank writes, typed or edited by hand. It was not read at all (a total is read to
    the fen or the jiao), so the file imported as if the statement stated nothing; it is now
    read, and refused as part of a fen, as written, beside what the rows move."""
    for name, text in [("under.csv", HEAD + ROWS + '"收入合计：1,234.005 支出合计：1,000.00"\n'),
                       ("above.csv", "\"收入合计：1,234.005元\"\n" + HEAD + ROWS),
                       ("words.csv", HEAD + ROWS + "# 收入合计: 1 笔，共 1234.005 元\n")]:
        f = tmp_path / name
        f.write_text(text, encoding="utf-8")
        result = run(books, f)
        assert result.exit_code == 1 and "Traceback" not in result.output, (name, result.output)
        assert "1,234.005" in result.output.replace("1234.005", "1,234.005") and "part of a fen" in result.output, (name, result.output)
        assert "1,234.00" in result.output, (name, result.output)


def test_a_total_with_a_third_decimal_of_nought_is_the_same_money(books, tmp_path):
    """收入合计：1,234.000 is 1,234.00: read, and agrees with the rows."""
    f = tmp_path / "cmb.csv"
    f.write_text(HEAD + ROWS + '"收入合计：1,234.000 支出合计：1,000.00"\n', encoding="utf-8")
    result = run(books, f)
    assert result.exit_code == 0, result.output
    bad = tmp_path / "bad.csv"
    bad.write_text(HEAD + ROWS + '"收入合计：1,235.000 支出合计：1,000.00"\n', encoding="utf-8")
    assert run(books, bad).exit_code == 1


IN_OUT_HEAD = "交易日期,交易流水号,摘要,对方户名,收入金额,支出金额,余额\n"
IN_OUT_ROWS = ("2026-03-02,T1,转账存入,张三,1000.00,,2000.00\n"
               "2026-03-03,T2,付款,王五,,300.00,1700.00\n")


def test_a_totals_row_right_under_the_header_is_a_totals_row(books, tmp_path):
    """The totals row first, right under the header: as a statement sorted newest first in a
    spreadsheet has it (a text cell sorts before the dates), or a bank printing its totals
    first. It was refused as "transaction rows follow the footer or totals row 2", with a hint
    to export the statement again as one table, which it is; it is checked like a totals row
    under the rows: the rows booked where it agrees, the file refused naming it where not."""
    f = tmp_path / "corporate.csv"
    f.write_text(IN_OUT_HEAD + "合计,,,,1000.00,300.00,\n" + IN_OUT_ROWS, encoding="utf-8")
    result = run(books, f, "--account", "Assets:Bank:Basic")
    assert result.exit_code == 0, result.output
    assert "file in +1,000.00, out -300.00" in result.output, result.output
    f.write_text(IN_OUT_HEAD + "合计,,,,1500.00,300.00,\n" + IN_OUT_ROWS, encoding="utf-8")
    short = run(books, f, "--account", "Assets:Bank:Basic")
    assert short.exit_code == 1 and "Traceback" not in short.output
    assert "corporate.csv, row 2, column '收入金额': the file's own total 1500.00 disagrees with its rows" in short.output, short.output
    assert run(books, f, "--account", "Assets:Bank:Basic", "--ignore-summary").exit_code == 0


def test_the_real_icbc_totals_row_is_checked_wherever_it_stands(tmp_path):
    """ICBC's real download (tests/importers/real/icbc-debit/) ends with 人民币合计 of 1,234.56 in
    and 9,876.54 out, which the publisher anonymised (its rows move 2,841.74 / 4,241.08): as
    downloaded it is refused naming that row. Moved above the header it was passed over, and
    moved right under the header it was "transaction rows follow the footer"; each is now the
    same refusal, naming the row where it stands."""
    lines = (Path(__file__).parent / "real" / "icbc-debit" / "icbc-debit-v1.csv").read_bytes().split(b"\n")
    at = next(i for i, line in enumerate(lines) if "人民币合计".encode() in line)
    header = next(i for i, line in enumerate(lines) if "交易日期".encode() in line)
    books = tmp_path / "books"
    assert CliRunner().invoke(cli, ["init", str(books), "--year", "2017"]).exit_code == 0
    for where, row in [(at, at + 1), (header, header + 1), (header + 1, header + 2)]:
        moved = [line for i, line in enumerate(lines) if i != at]
        moved.insert(where, lines[at])
        f = tmp_path / "icbc-debit-v1.csv"
        f.write_bytes(b"\n".join(moved))
        result = run(books, f, "--account", "Assets:Bank:Basic")
        assert result.exit_code == 1 and "Traceback" not in result.output, result.output
        assert f"icbc-debit-v1.csv, row {row}, column '记账金额(收入)': the file's own total 1,234.56" in result.output, (where, result.output)
