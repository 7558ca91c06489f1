"""The dry run's summary and money lines are Chinese first, then English, as the rules' messages are.

Why: a union's finance officer reads Chinese; `relief import` ended its dry run with
";; icbc.csv: 2 new entries (…), 0 already in the books, …" and ";; dry run: nothing was
written; …" in English only. Each is now one line, Chinese, 。, then the English as before.
"""

from __future__ import annotations

from click.testing import CliRunner

from cli import cli
from tests.importers.test_cli_smoke import ICBC, write


def test_the_dry_runs_summary_money_and_last_lines_are_chinese_first(books, tmp_path):
    statement = write(tmp_path / "icbc.csv", ICBC)
    broken = tmp_path / "donations.csv"
    broken.write_text("日期,捐赠人,捐赠人类型,金额,物资,数量,单价,基金,匿名,需要感谢信,联系方式,收款方式\n"
                      "2026-03-05,王小明,个人,abc,,,,,,,,现金\n", encoding="utf-8")
    runner = CliRunner()
    dry = runner.invoke(cli, ["import", str(books), str(statement)])
    assert dry.exit_code == 0, dry.output
    lines = dry.output.splitlines()
    summary = next(line for line in lines if line.startswith(";; icbc.csv"))
    assert summary.startswith(";; icbc.csv：新分录 4 条（交易 2 笔，标记 ! 的 ")
    assert "已在账中 0 条" in summary and "跳过 0 行。 icbc.csv: 4 new entries (2 transactions, " in summary, summary
    money = [line for line in lines if "。 money Assets:" in line]
    assert money and all(line.startswith(";; 金额 Assets:") and "：文件收入 +" in line and "= 拟记入 " in line
                         and ": file in +" in line.split("。 ", 1)[1] for line in money), lines
    assert ";; 试运行：什么也没有写入；加上 --write 才记入这些分录。 dry run: nothing was written; add --write to record these entries" in lines
    failed = runner.invoke(cli, ["import", str(books), str(broken)])
    assert failed.exit_code == 1, failed.output
    assert any(line.startswith(";; donations.csv：未导入（") and "）。 donations.csv: not imported (" in line
               for line in failed.output.splitlines()), failed.output
