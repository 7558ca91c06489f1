"""A roster row whose 发放方式 is 微信转账 (aid paid from the WeChat Pay balance).

docs/importing.md said 发放方式 read 微信转账 as WeChat Pay, while the roster refused it
saying only "write 银行 or 现金". Aid so paid is not linked to the bill's row that paid it, so
read it would be paid out twice: it is refused, saying why and how to book it (from the
bill), and the docs say the same.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import cli

DOCS = Path(__file__).resolve().parents[2] / "docs" / "importing.md"


@pytest.mark.parametrize("way", ["微信转账", "支付宝转账"])
def test_a_roster_paid_by_a_platform_is_refused_saying_how_to_book_it(books, tmp_path, way):
    roster = tmp_path / "roster.csv"
    roster.write_text("日期,案例编号,类别,金额,基金,审批单号,发放方式,备注\n"
                      f"2026-04-10,C0001,特困救助,200,GENERAL,SP-2026-0010,{way},\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(books), str(roster)])
    assert result.exit_code == 1
    assert (f"roster.csv, row 2, column '发放方式': '{way}': a roster's aid paid by WeChat Pay or Alipay is not read"
            in result.output), result.output
    assert "book it from the bill" in result.output


def test_the_docs_no_longer_say_a_roster_reads_it():
    text = " ".join(DOCS.read_text(encoding="utf-8").split())
    assert "a donation register's 收款方式 also reads 微信转账 / 支付宝转账 as WeChat / Alipay" in text
    assert "roster's 发放方式 does not take 微信转账 or 支付宝转账" in text
