"""Every line of the dry run a finance officer reads is Chinese first, over every golden fixture.

Why: the dry run's summary and money lines were made bilingual, but its notes ("row 7: 40.00
paid, refunded in full by row 8; both are booked"), skipped rows' reasons, the lines beside
entries already in the books and the ERROR lines stayed English only, and nothing stopped a
new English-only note. This reads the dry run of every golden input (tests/importers/golden
and tests/importers/real: test_golden.py and test_real_golden.py run it and fail where it
differs from the file, so the file is the dry run) and fails on any comment line with no Chinese half (Chinese, then 。), unless it
is the English half written on its own line after its Chinese half (importers.run.spoken:
a pair too wide for an 80-column terminal is written as two lines).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from importers.run import LINE_WIDTH, _width, spoken
from tests.importers.test_golden import INPUTS as GOLDEN_INPUTS
from tests.importers.test_real_golden import SAMPLES as REAL_SAMPLES

CJK = re.compile(r"[\u3400-\u9fff\uf900-\ufaff]")
#: the only comment lines that may hold no Chinese half: the file's own name heading its
#: part, and the heading of the summary (a heading, not a sentence)
ALLOWED = (re.compile(r"^;; ==== \S.*$"), re.compile(r"^;; ---- 汇总 summary$"))


def chinese_first(line: str) -> bool:
    """Whether a line holds a Chinese half in the rules' form: Chinese, then 。 (a Chinese
    payee in an English line, `row 5: skipped (…): 张三`, is not one)."""
    head, stop, _ = line.partition("。")
    return bool(stop) and bool(CJK.search(head))


def english_only(text: str) -> list[str]:
    """The comment lines of a dry run with no Chinese half that are not the English half of the line before."""
    bad = []
    before = ""
    for line in text.splitlines():
        if line.startswith(";") and not chinese_first(line) and not any(a.match(line) for a in ALLOWED):
            prefix = line[:len(line) - len(line.lstrip("; "))]
            paired = (chinese_first(before) and before.endswith(("。", "？", "！")) and before.startswith(prefix)
                      and not before.startswith(prefix + ";"))
            if not paired:
                bad.append(line)
        before = line
    return bad


def test_the_check_itself():
    assert english_only(";; note: row 2 was read\n") == [";; note: row 2 was read"]
    assert english_only(";; 注：读到第 2 行。\n;; note: row 2 was read\n") == []
    assert english_only(";; ==== icbc.csv\n;; 注：读到第 2 行。 note: row 2 was read\n") == []
    assert english_only(";; 注：读到第 2 行。\n;; note: row 2\n;; note: row 3\n") == [";; note: row 3"]
    assert english_only(";; row 5: skipped (a refund, +1 CNY): 张三\n") == [";; row 5: skipped (a refund, +1 CNY): 张三"]


def test_spoken_keeps_to_80_columns_or_two_lines():
    short = spoken(";; ", "注：跳过", "note: skipped")
    assert short == ";; 注：跳过。 note: skipped"
    long = spoken(";; ", "注：" + "很长" * 20, "note: " + "long " * 10)
    assert long.splitlines() == [";; 注：" + "很长" * 20 + "。", ";; note: " + ("long " * 10).strip()]
    assert _width("中文ab") == 6 and LINE_WIDTH == 80


#: every golden fixture's dry run, as test_golden.py and test_real_golden.py render it and
#: hold it equal to (they fail on any line that differs from the file)
DRY_RUNS = [p.with_name(p.name + ".beancount") for p in (*GOLDEN_INPUTS, *REAL_SAMPLES)]


def test_every_golden_fixture_has_its_dry_run():
    assert DRY_RUNS and all(p.exists() for p in DRY_RUNS)


@pytest.mark.parametrize("path", DRY_RUNS, ids=lambda p: f"{p.parent.parent.name}/{p.parent.name}/{p.name}")
def test_golden_dry_run_is_chinese_first(path: Path):
    text = path.read_text(encoding="utf-8")
    assert english_only(text) == [], text


def test_a_file_not_imported_is_said_in_chinese_first_never_english_in_the_chinese_half(books, tmp_path):
    """`;; bad1.csv：未导入（the row has 5 cells …）。 …` put the English reason inside the Chinese
    half; the ERROR lines and `error:` were English only."""
    from click.testing import CliRunner

    from cli import cli
    from importers.errors import ImportProblem
    from importers.run import FileResult, render

    broken = tmp_path / "donations.csv"
    broken.write_text("日期,捐赠人,捐赠人类型,金额,物资,数量,单价,基金,匿名,需要感谢信,联系方式,收款方式\n"
                      "2026-03-05,王小明,个人,abc,,,,,,,,现金\n"
                      "2026-03-06,李四,个人,100,,,,NOFUND,,,,现金\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(books), str(broken)])
    assert result.exit_code == 1, result.output
    lines = result.output.splitlines()
    summary = next(line for line in lines if "：未导入（" in line)
    assert summary == (";; donations.csv：未导入（2 行不能导入；请全部改正后再导入这个文件）。 "
                       "donations.csv: not imported (2 rows cannot be imported; fix them and import the file again)")
    at = lines.index(";; 错误：donations.csv：2 行不能导入；请全部改正后再导入这个文件：")
    assert lines[at + 1] == ";;   donations.csv，第 2 行，列 '金额'：'abc' 不是数字；请写数字，例如 1234.56"
    assert lines[at + 3].startswith(";; ERROR donations.csv: 2 rows cannot be imported")
    assert "错误：donations.csv：2 行不能导入" in result.output and "error: donations.csv: 2 rows" in result.output
    # a reason known only in English: the Chinese half says where to look, and does not quote it
    english = FileResult(path=tmp_path / "bad1.csv", problem=ImportProblem(tmp_path / "bad1.csv", "the row has 5 cells", row=3))
    text = render([english])
    assert ";; bad1.csv：未导入（原因见上面的错误）。 bad1.csv: not imported (the row has 5 cells)" in text.splitlines()
