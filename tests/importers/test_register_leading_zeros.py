"""A donation register imported, then saved again by Excel, which drops a voucher number's
leading zeros (凭证号 0012 becomes the number 12), and imported again.

The second import proposed both rows as new gifts, each with a new receipt number, beside a
note only: written, every gift stood twice. A voucher number is the same voucher with or
without its leading zeros.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import cli

HEAD = "日期,捐赠人,捐赠人类型,金额,物资,数量,单价,基金,匿名,需要感谢信,联系方式,收款方式,估值依据,备注,凭证号\r\n"


def _register(path: Path, rows: str) -> Path:
    path.write_bytes((HEAD + rows).encode("gb18030"))
    return path


def _run(*args):
    return CliRunner().invoke(cli, ["import", *map(str, args)])


AS_TYPED = "2026-03-09,张三,个人,\"1,000.00\",,,,GENERAL,否,是,,现金,,,0012\r\n2026-03-09,李四,个人,200.00,,,,GENERAL,否,是,,现金,,,0013\r\n"
AS_EXCEL_SAVED = "2026/3/9,张三,个人,1000,,,,GENERAL,否,是,,现金,,,12\r\n2026/3/9,李四,个人,200,,,,GENERAL,否,是,,现金,,,13\r\n"


@pytest.mark.parametrize(("first", "second"), [(AS_TYPED, AS_EXCEL_SAVED), (AS_EXCEL_SAVED, AS_TYPED)],
                         ids=["zeros-dropped", "zeros-back"])
def test_a_voucher_number_without_its_leading_zeros_is_the_same_voucher(books, tmp_path, first, second):
    assert _run(books, _register(tmp_path / "登记表.csv", first), "--write").exit_code == 0
    result = _run(books, _register(tmp_path / "登记表（Excel另存）.csv", second))
    assert result.exit_code == 0, result.output
    assert "0 new entries" in result.output and "2 already in the books" in result.output, result.output


ROSTER_HEAD = "日期,案例编号,类别,金额,基金,审批单号,发放方式,备注\r\n"
ROSTER_AS_TYPED = "2026-03-10,C0001,特困救助,500.00,GENERAL,0034,现金,\r\n"
ROSTER_AS_EXCEL_SAVED = "2026/3/10,C0001,特困救助,500,GENERAL,34,现金,\r\n"


@pytest.mark.parametrize(("first", "second"), [(ROSTER_AS_TYPED, ROSTER_AS_EXCEL_SAVED), (ROSTER_AS_EXCEL_SAVED, ROSTER_AS_TYPED)],
                         ids=["zeros-dropped", "zeros-back"])
def test_a_roster_saved_again_by_excel_finds_its_payments_in_the_books(books, tmp_path, first, second):
    """The aid roster likewise: 审批单号 0034 saved as 34 made each payment new again, without
    even a note (written, the case was paid twice in the books)."""
    roster = tmp_path / "花名册.csv"
    roster.write_bytes((ROSTER_HEAD + first).encode("gb18030"))
    assert _run(books, roster, "--write").exit_code == 0
    again = tmp_path / "花名册（Excel另存）.csv"
    again.write_bytes((ROSTER_HEAD + second).encode("gb18030"))
    result = _run(books, again)
    assert result.exit_code == 0, result.output
    assert "0 new entries" in result.output and "1 already in the books" in result.output, result.output


def test_a_goods_register_saved_again_by_excel_finds_its_hand_outs_in_the_books(tmp_path):
    """The goods register likewise: 审批单号 0035 saved as 35 handed the goods out a second time."""
    books = tmp_path / "books"  # the demo's, for rice in stock
    assert CliRunner().invoke(cli, ["demo", "--out", str(books), "--transactions", "200"]).exit_code == 0
    head = "日期,案例编号,物资,数量,基金,审批单号,备注\r\n"
    register = tmp_path / "物资发放.csv"
    register.write_bytes((head + "2027-01-05,C0001,RICE,2,GENERAL,0035,\r\n").encode("gb18030"))
    first = _run(books, register, "--write")
    assert first.exit_code == 0, first.output
    again = tmp_path / "物资发放（Excel另存）.csv"
    again.write_bytes((head + "2027/1/5,C0001,RICE,2,GENERAL,35,\r\n").encode("gb18030"))
    result = _run(books, again)
    assert result.exit_code == 0, result.output
    assert "0 new entries" in result.output and "1 already in the books" in result.output, result.output
