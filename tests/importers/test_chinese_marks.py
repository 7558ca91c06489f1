"""Amounts and balances written with a Chinese 借 / 贷 mark (`1,000.00贷`, `贷 1,000.00`,
`借500.00`), as many banks' printed statements and corporate exports write them.

The English marks (`1,000.00 CR`, `200.00DR`) were read; the same amounts marked 贷 and 借
stopped the import as "not an amount", and a statement whose every balance says `贷` (a
deposit's credit balance) could not be imported at all. 贷 now reads as CR (money in; a
balance in the holder's favour) and 借 as DR (money out; an overdrawn balance), with the same
checks: a mark against its column or against the direction cell, or a mark beside a sign,
is refused naming the cell.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import cli
from importers.values import parse_marked_amount

HEAD = "序号,交易日期,交易时间,交易类型,借贷,交易金额,余额,对方账号,对方户名,交易地点,摘要"


def run(*args):
    return CliRunner().invoke(cli, ["import", *map(str, args)])


def _statement(tmp_path: Path, a: tuple[str, str, str], b: tuple[str, str, str]) -> Path:
    path = tmp_path / "交行明细.csv"
    path.write_text(f"账号：6222000011112222\r\n{HEAD}\r\n"
                    f'1,2026-03-02,10:00:00,转账,{a[0]},"{a[1]}","{a[2]}",6217000000001111,张三,网银,\r\n'
                    f'2,2026-03-03,10:00:00,转账,{b[0]},"{b[1]}","{b[2]}",6217000000002222,王五,网银,\r\n', encoding="utf-8-sig")
    return path


@pytest.mark.parametrize("text, value", [("1,000.00贷", Decimal("1000.00")), ("贷 1,000.00", Decimal("1000.00")),
                                         ("300.00借", Decimal("-300.00")), ("借300.00", Decimal("-300.00")),
                                         ("1,000.00(贷)", Decimal("1000.00")), ("500.00 借方", Decimal("-500.00"))])
def test_a_chinese_mark_reads_as_cr_or_dr(text, value):
    assert parse_marked_amount(text)[0] == value


@pytest.mark.parametrize("text", ["-300.00借", "+1,000.00贷", "贷款", "借"])
def test_a_mark_beside_a_sign_or_without_a_number_is_no_amount(text):
    with pytest.raises(ValueError):
        parse_marked_amount(text)


@pytest.mark.parametrize("a, b, closing", [
    (("", "1000.00贷", "2000.00"), ("", "300.00借", "1700.00"), "1700.00 CNY"),
    (("贷 Cr", "1000.00", "贷2,000.00"), ("借 Dr", "300.00", "贷1,700.00"), "1700.00 CNY"),
    (("贷 Cr", "1000.00", "2,000.00贷"), ("借 Dr", "300.00", "1,700.00贷"), "1700.00 CNY"),
    (("贷 Cr", "1000.00", "借500.00"), ("借 Dr", "300.00", "借800.00"), "-800.00 CNY"),
])
def test_a_statement_marked_with_jie_and_dai_is_read(books, tmp_path, a, b, closing):
    result = run(books, _statement(tmp_path, a, b))
    assert result.exit_code == 0, result.output
    assert "file in +1,000.00, out -300.00" in result.output, result.output
    assert "balance Assets:Bank:Basic" in result.output and closing in result.output, result.output


def test_a_mark_against_the_direction_cell_is_refused(books, tmp_path):
    result = run(books, _statement(tmp_path, ("借 Dr", "1000.00贷", "2000.00"), ("借 Dr", "300.00", "1700.00")))
    assert result.exit_code == 1
    assert "row 3" in result.output and "1000.00贷" in result.output and "is marked money in" in result.output
