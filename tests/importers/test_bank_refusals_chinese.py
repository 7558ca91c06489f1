"""The bank importers' refusals, and the hints of a file no layout reads, say their reason in
Chinese first.

Why: importers/bank.py, importers/bank_checks.py and importers/run.py refused in English only
(a second account in one file, totals that disagree, an unknown layout by its title …): the
dry run's summary said `未导入（原因见上面的错误）` and the error line was English alone. Where
the reason had its Chinese, the hint lost it: `PROFILE_HINT + draft_hint(cells)` is a plain
str, so the draft profile offered for an unknown layout was never said in Chinese.
"""

from __future__ import annotations

import ast
import re
import traceback
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import cli
from importers.errors import said, zh_of
from importers.profiles import draft_hint
from tests.importers.malformed import GOOD_ROWS, ICBC_HEAD, icbc_row
from tests.importers.support import extract_one

ROOT = Path(__file__).resolve().parents[2]
CJK = re.compile(r"[\u3400-\u9fff]")


def run(books: Path, path: Path):
    result = CliRunner().invoke(cli, ["import", str(books), str(path)])
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    return result.output.splitlines()


def summary(lines: list[str], name: str) -> str:
    """The dry run's summary line of a file not imported."""
    return next(line for line in lines if line.startswith(f";; {name}：未导入（"))


def error_zh(lines: list[str], name: str) -> str:
    """The Chinese error line the command ends with (`错误：<where>：<what>；<hint>。`)."""
    return next(line for line in lines if line.startswith(f"错误：{name}"))


def test_a_file_of_an_unknown_layout_by_its_title_is_refused_in_chinese_with_its_draft_profile(books, tmp_path):
    """兴业银行's title over a header no layout has: the refusal names the bank by its title
    (it was English only: `未导入（原因见上面的错误）`) and offers the draft profile in Chinese."""
    f = tmp_path / "titled.csv"
    f.write_text("兴业银行账户交易明细\n交易日期,存入金额,取出金额,余额,摘要,对方户名\n"
                 "2026-03-05,500.00,,1500.00,汇入,王小明\n", encoding="utf-8")
    lines = run(books, f)
    line = summary(lines, "titled.csv")
    assert "原因见上面的错误" not in line, line
    assert line.startswith(";; titled.csv：未导入（格式不明：按标题（第 1 行：兴业银行账户交易明细），这是兴业银行的对账单"), line
    assert "titled.csv: not imported (unknown format: this is a 兴业银行 statement by its title, row 1" in line, line
    zh = error_zh(lines, "titled.csv")
    # the hint, with its draft profile, in Chinese: and not a word of the English hint inside it
    assert '；请在 import_config.py 中把这种格式写成一个 profile（docs/importing.md，"Bank profiles"）；按它的表头行，profile 可以从 {' in zh
    assert '"in": "存入金额", "out": "取出金额"' in zh and "开始（把它加到 import_config.py 的 profiles=[...] 中" in zh, zh
    assert "describe this layout" not in zh and "read from its header row" not in zh, zh
    # Chinese first: the English error line follows
    assert lines.index(zh) < next(i for i, x in enumerate(lines) if x.startswith("error: titled.csv"))


def test_the_draft_profile_of_a_header_no_layout_has_is_said_in_chinese(books, tmp_path):
    """The reason had its Chinese already; the hint ending in the draft profile had none."""
    f = tmp_path / "other.csv"
    f.write_text("交易日期,存入金额,取出金额,余额,摘要,对方户名\n2026-03-05,500.00,,1500.00,汇入,王小明\n", encoding="utf-8")
    lines = run(books, f)
    assert summary(lines, "other.csv").startswith(";; other.csv：未导入（格式不明：没有哪种已知格式有这样的表头行")
    zh = error_zh(lines, "other.csv")
    assert "：它可能是别的银行或卡的导出文件；请在 import_config.py 中把这种格式写成一个 profile" in zh, zh
    assert "；按它的表头行，profile 可以从 {" in zh and '请核对每一列是否是它的键所说的内容；信用卡的消费若写成正数，加上 "invert": True）' in zh, zh


def test_totals_that_disagree_are_refused_in_chinese(books, tmp_path):
    f = tmp_path / "cmb.csv"
    f.write_text("记账日期,货币,交易金额,联机余额,交易摘要,对手信息,客户摘要\n"
                 "2026-03-02,CNY,1234.00,11234.00,转账汇款,某某机械厂,捐赠\n"
                 "2026-03-03,CNY,-1000.00,10234.00,转账汇款,张三,转账\n"
                 "合计,,999.00,,,,\n", encoding="utf-8")
    lines = run(books, f)
    assert summary(lines, "cmb.csv") == (";; cmb.csv：未导入（文件自己的合计 999.00 与它的各行（合计 234.00）不符）。 "
                                         "cmb.csv: not imported (the file's own total 999.00 disagrees with its rows, "
                                         "which add up to 234.00)")
    assert error_zh(lines, "cmb.csv") == ("错误：cmb.csv，第 4 行，列 '交易金额'：文件自己的合计 999.00 与它的各行（合计 234.00）不符；"
                                          "文件可能被截断或被修改过；请重新导出（relief import --ignore-summary 仍可导入这些行）。")


def test_a_second_account_in_one_file_is_refused_in_chinese(books, tmp_path):
    f = tmp_path / "two.csv"
    header = ICBC_HEAD.splitlines()[-1]
    f.write_bytes((ICBC_HEAD + GOOD_ROWS + "\n卡号: 6222****9999\n\n" + header + "\n"
                   + icbc_row("2026-03-07", "50.00", "", "50.00", "李四")).encode("gb18030"))
    lines = run(books, f)
    line = summary(lines, "two.csv")
    assert line.startswith(";; two.csv：未导入（这一行在账户 6222****2222 的各行下面开始了另一个账户（6222****9999）的对账单："
                           "relief 每个文件只导入一个账户的对账单）。 two.csv: not imported (this row starts the statement "
                           "of another account (6222****9999)"), line
    zh = error_zh(lines, "two.csv")
    assert zh.startswith("错误：two.csv，第 11 行：") and "；请把每个账户的对账单分别导出，或在这一行把工作表分成两份" in zh, zh


def test_rows_before_the_account_opens_are_refused_in_chinese(books, tmp_path):
    """importers.context.rows_before, as the bank statement asks it: both halves."""
    f = tmp_path / "early.csv"
    f.write_bytes((ICBC_HEAD + icbc_row("2025-12-30", "100.00", "", "100.00", "王小明")).encode("gb18030"))
    problem = extract_one(books, f).problem
    assert problem is not None and problem.zh is not None, problem
    assert "1 行的日期早于账簿开始：2025-12-30" in problem.zh and "开设于" in problem.zh, problem.zh
    assert "请把 accounts.beancount 中" in problem.zh and "row(s)" not in problem.zh, problem.zh
    assert "1 row(s) are dated before the books open: 2025-12-30" in problem.message


def test_joined_keeps_each_parts_chinese():
    from importers.profiles import joined, with_draft

    cells = ["交易日期", "收入金额", "支出金额", "余额", "摘要"]
    hint = with_draft(said("请写一个 profile", "describe it"), cells)
    assert str(hint).startswith("describe it; read from its header row, a profile could start as {")
    assert zh_of(hint).startswith("请写一个 profile；按它的表头行，profile 可以从 {")
    assert str(hint) == "describe it" + draft_hint(cells)  # the English exactly as before
    # no draft: the hint alone, its Chinese kept
    assert zh_of(with_draft(said("甲", "a"), ["x"])) == "甲"
    # a part known in English only leaves the whole English only (no English inside the Chinese)
    assert zh_of(joined(said("甲", "a"), "b")) is None and joined(said("甲", "a"), "b") == "ab"


# --- the static guard: every refusal of the three modules is written with its Chinese ---

FILES = ("importers/bank.py", "importers/bank_checks.py", "importers/run.py")
#: calls whose value is a Said when their arguments are (cell_hint and amount_hint pass the
#: hint given through, but for a cell they explain themselves)
SAID_MAKERS = {"said", "Said", "with_draft", "joined", "_direction_code_hint"}
PASS_THROUGH = {"cell_hint", "amount_hint", "shown_rounded_hint"}


def _call_name(node: ast.AST) -> str:
    func = node.func if isinstance(node, ast.Call) else None
    return getattr(func, "id", None) or getattr(func, "attr", "")


def _bindings(tree: ast.AST) -> dict[str, list[ast.AST]]:
    found: dict[str, list[ast.AST]] = {}
    for node in ast.walk(tree):
        if isinstance(node, ast.Assign):
            for target in node.targets:
                if isinstance(target, ast.Name):
                    found.setdefault(target.id, []).append(node.value)
    return found


def _has_chinese(node: ast.AST, bound: dict[str, list[ast.AST]], seen: frozenset = frozenset()) -> bool:
    if isinstance(node, ast.Call):
        name = _call_name(node)
        if name in SAID_MAKERS:
            return True
        if name in PASS_THROUGH:
            return _has_chinese(node.args[1], bound, seen)
        return False
    if isinstance(node, ast.IfExp):
        return _has_chinese(node.body, bound, seen) and _has_chinese(node.orelse, bound, seen)
    if isinstance(node, ast.Name):
        if node.id in seen or node.id not in bound:
            return False
        return all(_has_chinese(v, bound, seen | {node.id}) for v in bound[node.id])
    return False


#: refusals whose what and hint come from a helper returning Saids, checked by running them
CHECKED_BY_RUNNING = {("bank.py", "_check_open"): "rows_before(…, zh=…): test_rows_before_the_account_opens_are_refused_in_chinese"}


def english_only_refusals(path: Path) -> list[str]:
    """The ImportProblem(...) calls of a module whose `what` or `hint` has no Chinese: a
    said(...) call (or one that makes a Said), or a name the function or module binds to one."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    module = _bindings(ast.Module(body=[n for n in tree.body if isinstance(n, ast.Assign)], type_ignores=[]))
    bad = []
    functions = [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]
    for function in functions:
        if (path.name, function.name) in CHECKED_BY_RUNNING:
            continue
        bound = module | _bindings(function)
        for node in ast.walk(function):
            if isinstance(node, ast.Call) and _call_name(node) == "ImportProblem":
                what = node.args[1] if len(node.args) > 1 else None
                hint = next((k.value for k in node.keywords if k.arg == "hint"), None)
                for part, value in (("what", what), ("hint", hint)):
                    if value is not None and not _has_chinese(value, bound):
                        bad.append(f"{path.name}:{node.lineno} {part}")
    return sorted(set(bad), key=bad.index)


@pytest.mark.parametrize("name", FILES)
def test_every_refusal_is_written_with_its_chinese(name):
    assert english_only_refusals(ROOT / name) == []


def test_the_guard_itself(tmp_path):
    path = tmp_path / "sample.py"
    path.write_text("def f(p):\n"
                    "    hint = said('甲', 'a')\n"
                    "    raise ImportProblem(p, said('乙', 'b'), hint=hint)\n"
                    "def g(p):\n"
                    "    raise ImportProblem(p, f'{p} is wrong', hint=cell_hint(p, 'fix it'))\n", encoding="utf-8")
    assert english_only_refusals(path) == ["sample.py:5 what", "sample.py:5 hint"]


# --- the guard by running: every malformed file the bank importers refuse is refused in Chinese ---

MINE = {"bank.py", "bank_checks.py", "run.py"}


def _raised_in(problem) -> str:
    """The module an ImportProblem was raised in (the innermost frame of its traceback)."""
    frames = traceback.extract_tb(problem.__traceback__) if problem.__traceback__ else []
    return Path(frames[-1].filename).name if frames else ""


def test_every_malformed_file_the_bank_importers_refuse_is_refused_in_chinese(books, tmp_path):
    """tests/importers/malformed.py's files, imported: a refusal raised in bank.py,
    bank_checks.py or run.py has its Chinese (problem.zh), with Chinese in it."""
    from tests.importers.malformed import write_corpus

    refused = {}
    for case in write_corpus(tmp_path):
        problem = extract_one(books, tmp_path / case.name).problem
        if problem is not None and _raised_in(problem) in MINE:
            refused[case.name] = problem
    assert len(refused) >= 15, sorted(refused)  # the corpus's bank statements and unknown files
    english = {name: p.message for name, p in refused.items() if not (p.zh and CJK.search(p.zh.split("：", 1)[1]))}
    assert english == {}
