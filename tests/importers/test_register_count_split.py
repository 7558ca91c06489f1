"""A donation register's stated count and a split amount.

A count under the rows (共 3 条) was skipped as a note, so a register with rows deleted
imported without a word; an amount with a thousands comma outside quotes (1,000.00) split
the row, refused with a message about a goods item that nobody wrote.
"""

from __future__ import annotations

from click.testing import CliRunner

from cli import cli

HEAD = "日期,捐赠人,捐赠人类型,金额,物资,数量,单价,基金,匿名,需要感谢信,联系方式,收款方式,估值依据,备注,凭证号\n"
ROW = "2026-03-12,王小明,个人,{amount},,,,,,是,139****5678,银行,,,SJ-0101\n"


def run(*args):
    return CliRunner().invoke(cli, ["import", *map(str, args)])


def test_a_register_count_that_disagrees_is_refused_unless_told(books, tmp_path):
    f = tmp_path / "donations.csv"
    f.write_text(HEAD + ROW.format(amount="200.00") + "共 3 条\n", encoding="utf-8")
    result = run(books, f)
    assert result.exit_code == 1 and "donations.csv, row 3: the register says it has 3 entries (共 3 条) but 1 row is an entry" in result.output
    forced = run(books, f, "--ignore-summary")
    assert forced.exit_code == 0, forced.output
    assert "the register says 共 3 条, 1 row is an entry" in forced.output
    f.write_text(HEAD + ROW.format(amount="200.00") + "共 1 条\n", encoding="utf-8")
    assert run(books, f).exit_code == 0


def test_a_register_amount_split_at_its_comma_is_named(books, tmp_path):
    f = tmp_path / "donations.csv"
    f.write_text(HEAD + ROW.format(amount="1,000.00"), encoding="utf-8")
    result = run(books, f)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "donations.csv, row 2" in result.output and "'1,000.00' is an amount whose thousands comma" in result.output
