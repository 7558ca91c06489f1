"""A file whose name holds a line break keeps the dry run's comment lines whole.

Why: `;; ==== /path/a` then `b.csv` on a line of its own, and the summary likewise: the dry
run is beancount text (`relief import ... > new.beancount`), and the second half of the name
was a line that is neither an entry nor a comment (breakZ). The name is shown with the
break written as \\n.
"""

from __future__ import annotations

from click.testing import CliRunner

from cli import cli


def test_the_name_is_shown_on_one_line(books, tmp_path):
    path = tmp_path / "don\nations.csv"
    path.write_text("日期,捐赠人,捐赠人类型,金额,物资,数量,单价,基金,匿名,需要感谢信,联系方式,收款方式\n"
                    "2026-03-05,王小明,个人,abc,,,,,,,,现金\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(books), str(path)])
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    assert f";; ==== {tmp_path}/don\\nations.csv" in lines, result.output
    assert any(line.startswith(";; don\\nations.csv：未导入（") and "。 don\\nations.csv: not imported" in line
               for line in lines), result.output
    assert "nations.csv" not in [line.split(":")[0] for line in lines], result.output
