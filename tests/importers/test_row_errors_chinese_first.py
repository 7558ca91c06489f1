"""Every row error, refusal and note of the registers, bills and linking is Chinese first.

Why: the goldens' guard (test_dry_run_every_line_chinese.py) reads the goldens only, and no
golden holds a bad register row, a bill refused or a note of two entries not linked; about
fifty such messages of importers/registers.py, payments.py and dedupe.py were English only,
so `relief import` printed `error: row 3, column '金额': '-50' is negative …` with no Chinese
(and the summary `原因见上面的错误`). Two guards: real imports of small bad files, each
asserting the problem (every row of it) has its Chinese; and a static one over the files'
source, that every ImportProblem's and row error's `what` and `hint`, and every note
appended, is written as said(中文, English) (or a name bound to one).
"""

from __future__ import annotations

import ast
import importlib
import re
from pathlib import Path

import pytest

from importers.errors import Said, zh_of
from importers.run import extract_files, load_importers
from ledger.books import load_books

CJK = re.compile(r"[\u3400-\u9fff]")
ROOT = Path(__file__).resolve().parents[2]

DONATIONS = "日期,捐赠人,金额,收款方式,备注\n"
ROSTER = "日期,案例编号,类别,金额,基金,审批单号,发放方式,备注\n"

#: small bad files, each refused for rows (or the file) in one way the registers check
BAD = {
    "negative": (DONATIONS, "2026-03-05,王小明,-50,现金,\n"),
    "a note for an amount": (DONATIONS, "2026-03-05,王小明,待定,现金,\n"),
    "void": (DONATIONS, "2026-03-05,王小明,100,现金,作废\n"),
    "money back": (DONATIONS, "2026-03-05,王小明,100,现金,已退回\n"),
    "a phone in the note": (DONATIONS, "2026-03-05,王小明,100,现金,联系电话13812345678\n"),
    "a phone with the donor": (DONATIONS, "2026-03-05,王小明 13812345678,100,现金,\n"),
    "a damaged name": (DONATIONS, "2026-03-05,王?明,100,现金,\n"),
    "no year": (DONATIONS, "3月5日,王小明,100,现金,\n"),
    "no such day": (DONATIONS, "2026-13-01,王小明,100,现金,\n"),
    "a span of days": (DONATIONS, "3.1-3.5,王小明,100,现金,\n"),
    "a date number": (DONATIONS, "46086,王小明,100,现金,\n"),
    "totals disagree": (DONATIONS, "2026-03-05,王小明,100,现金,\n合计,,500,,\n"),
    "count disagrees": (DONATIONS, "2026-03-05,王小明,100,现金,\n共 3 条,,,,\n"),
    "slashed both ways": (DONATIONS, "25/01/2026,王小明,100,现金,\n01/25/2026,王小明,100,现金,\n"),
    "another header": (DONATIONS, "2026-03-05,王小明,100,现金,\n日期,捐赠人,物资,数量,单价\n2026-03-06,某公司,RICE,2,10\n"),
    "no rows": (DONATIONS, ""),
    "amount in 万元": ("日期,捐赠人,金额（万元）,收款方式,备注\n", "2026-03-05,王小明,1.5,现金,\n"),
    "headed twice": ("日期,捐赠人,金额,收款方式,金额\n", "2026-03-05,王小明,100,现金,100\n"),
    "goods not declared": ("日期,捐赠人,物资,数量,单价\n", "2026-03-05,某公司,黄金,2,10\n"),
    "money and goods": ("日期,捐赠人,金额,物资,数量,单价\n", "2026-03-05,某公司,100,RICE,2,10\n"),
    "a voucher twice": ("日期,捐赠人,金额,收款方式,凭证号\n", "2026-03-05,王小明,100,现金,PZ1\n2026-03-06,李四,50,现金,PZ1\n"),
    "an identity number for a case": (ROSTER, "2026-03-05,110101199003071234,生活救助,300,GENERAL,SP-1,银行,\n"),
    "a name for a case": (ROSTER, "2026-03-05,张三,生活救助,300,GENERAL,SP-1,银行,\n"),
    "two categories": (ROSTER, "2026-03-05,C0001,特困救助、医疗救助,300,GENERAL,SP-1,银行,\n"),
    "paid twice": (ROSTER, "2026-03-05,C0001,生活救助,300,GENERAL,SP-1,银行,\n2026-03-05,C0001,生活救助,300,GENERAL,SP-1,银行,\n"),
    "an identity number in the note": (ROSTER, "2026-03-05,C0001,生活救助,300,GENERAL,SP-1,银行,身份证11010519491231002X\n"),
    "struck rows of many kinds": (DONATIONS, "2026-03-05,王小明,-50,现金,\n2026-03-06,王小明,待定,现金,\n"
                                             "2026-03-07,王小明,100,现金,作废\n3月5日,王小明,100,现金,\n"),
}


def _import(books: Path, path: Path, text: str):
    path.write_text(text, encoding="utf-8")
    loaded = load_books(books)
    (result,) = extract_files(loaded, [path], load_importers(loaded.root))
    return result


@pytest.mark.parametrize("case", sorted(BAD))
def test_each_refusal_of_a_register_is_chinese_first(books, tmp_path, case):
    header, rows = BAD[case]
    name = "花名册.csv" if header == ROSTER else "捐赠登记表.csv"
    result = _import(books, tmp_path / name, header + rows)
    problem = result.problem
    assert problem is not None, (case, result.new)
    zh = problem.zh
    assert zh is not None, problem.message
    # every line of it in Chinese: a row's problem without its Chinese was its English message
    lines = zh.splitlines()
    for line in lines:
        assert CJK.search(line.replace(name, "")), (case, line)
    assert not any(p in zh for p in ("is not a", "is negative", "cannot be", " row ")), zh
    # the English is kept as it was, beside it
    assert "row" in problem.message or "rows" in problem.message or "header" in problem.message, problem.message


def _bill(books, tmp_path, text: str, name: str = "微信支付账单.csv"):
    return _import(books, tmp_path / name, text)


WECHAT_HEAD = ("微信支付账单明细\n微信昵称：[帮扶中心]\n起始时间：[2026-03-01 00:00:00] 终止时间：[2026-03-31 23:59:59]\n"
               "----------------------微信支付账单明细列表--------------------\n"
               "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注\n")


@pytest.mark.parametrize("row", [
    "2026-03-05 10:00:00,转账,张三,/,收入,¥abc,零钱,已存入零钱,1000001,/,/\n",   # not an amount
    "2026-03-05 10:00:00,转账,张三,/,收入,,零钱,已存入零钱,1000001,/,/\n",       # no amount
    "2026-03-05 10:00:00,转账,张三,/,收入,¥1.005,零钱,已存入零钱,1000001,/,/\n", # part of a fen
    "2026-03-05 10:00:00,转账,张三,/,收入,-¥10.00,零钱,已存入零钱,1000001,/,/\n",  # a sign
    "2026-03-05 10:00:00,转账,张三,/,**,¥10.00,零钱,已存入零钱,1000001,/,/\n",    # 收/支 masked
    "2026-03-05 10:00:00,转账,张三,/,收入,¥10.00,零钱,***,1000001,/,/\n",          # status masked
])
def test_a_bill_refused_for_a_row_says_it_in_chinese(books, tmp_path, row):
    result = _bill(books, tmp_path, WECHAT_HEAD + row)
    assert result.problem is not None, result.new
    zh = result.problem.zh
    assert zh is not None and CJK.search(zh.replace("微信支付账单.csv", "")), result.problem.message
    assert "第 5 行" in zh or "第 6 行" in zh, zh


# --- the static guard ------------------------------------------------------------------------

#: the files whose messages this guard holds to said(中文, English)
FILES = ("importers/registers.py", "importers/payments.py", "importers/dedupe.py", "importers/receivables.py",
         "importers/unchecked.py")
SAID = {"said", "Said"}
#: functions of importers/values.py that give their words as a Said (test below)
SAYING = {"date_problem", "impossible_times_note"}
#: English-only words from a module another helper owns, passed on as they are until it
#: says them in Chinese too (the note takes their Chinese then): context.rows_before
WAITING = {"importers/payments.py": ("if what_zh and hint_zh else text",)}


def _names_said(module, node: ast.AST, scope: ast.AST | None, params: set[str]) -> bool:
    """Whether the expression `node` is a said(…)/Said(…), or a name, choice or call bound to one."""
    if node is None:
        return True
    if isinstance(node, ast.Call):
        name = getattr(node.func, "id", getattr(node.func, "attr", None))
        if name in SAID or name in SAYING:
            return True
        if name in ("cell_hint", "shown_rounded_hint"):  # the hint itself, or a Said of its own (values.cell_hint)
            return _names_said(module, node.args[1], scope, params)
        return False
    if isinstance(node, ast.IfExp):
        return _names_said(module, node.body, scope, params) and _names_said(module, node.orelse, scope, params)
    if isinstance(node, ast.BoolOp):  # `hint or None`
        return all(_names_said(module, v, scope, params) or isinstance(v, ast.Constant) and v.value is None for v in node.values)
    if isinstance(node, ast.Attribute) and node.attr == "reason":
        return True  # a Skipped's own reason, passed on (the Skipped made was checked)
    if isinstance(node, ast.Name):
        if node.id in params:
            return True  # the caller's words: checked where it is called
        bound = [a.value for a in ast.walk(scope) if isinstance(a, ast.Assign)
                 for t in a.targets if isinstance(t, ast.Name) and t.id == node.id] if scope is not None else []
        if bound:
            return all(_names_said(module, v, scope, params) for v in bound)
        return isinstance(getattr(module, node.id, None), Said)
    return False


def _unsaid(path: str) -> list[str]:
    module = importlib.import_module(path[:-3].replace("/", "."))
    tree = ast.parse((ROOT / path).read_text(encoding="utf-8"))
    bad = []
    functions = [f for f in ast.walk(tree) if isinstance(f, (ast.FunctionDef, ast.AsyncFunctionDef))]
    for fn in functions:
        params = {a.arg for a in (*fn.args.args, *fn.args.kwonlyargs)}
        for node in ast.walk(fn):
            if not isinstance(node, ast.Call):
                continue
            func = node.func
            name = getattr(func, "id", getattr(func, "attr", None))
            checked: list[ast.AST] = []
            if name == "ImportProblem" and len(node.args) >= 2:
                checked = [node.args[1], *(k.value for k in node.keywords if k.arg == "hint")]
            elif name == "add" and isinstance(func, ast.Attribute) and "error" in ast.unparse(func.value) and len(node.args) >= 3:
                checked = node.args[2:4]
            elif name == "append" and isinstance(func, ast.Attribute) and "notes" in ast.unparse(func.value) and node.args:
                checked = [node.args[0]]
            elif name == "Skipped" and len(node.args) >= 2:
                checked = [node.args[1]]
            for arg in checked:
                if any(w in ast.unparse(arg) for w in WAITING.get(path, ())):
                    continue
                if not _names_said(module, arg, fn, params):
                    bad.append(f"{path}:{node.lineno}: {ast.unparse(arg)[:100]}")
    return bad


@pytest.mark.parametrize("path", FILES)
def test_every_message_of_these_files_is_written_in_both_languages(path):
    assert _unsaid(path) == []


def test_the_static_guard_finds_an_english_only_message(tmp_path):
    fn = ast.parse('def f(errors):\n    errors.add(2, "amount", f"{x} is wrong", "fix it")\n').body[0]
    assert not _names_said(None, fn.body[0].value.args[2], fn, {"errors"})
    fine = ast.parse('def f(errors):\n    errors.add(2, "amount", said("错", "wrong"), said("改", "fix"))\n').body[0]
    assert all(_names_said(None, a, fine, {"errors"}) for a in fine.body[0].value.args[2:])


def test_the_dates_problems_and_the_cell_hints_have_their_chinese():
    from importers.values import cell_hint, date_problem, slashed_order

    for text in ("", "3月5日", "07-Dec-26", "2026-13-01", "2026-02-30", "3.1-3.5", "昨天"):
        assert zh_of(date_problem(text)), text
    assert zh_of(slashed_order(["25/01/2026", "01/25/2026"])[1])
    assert zh_of(slashed_order(["03/01/2026"])[1])
    assert zh_of(cell_hint("#REF!", "fix it")) and "#REF!" in zh_of(cell_hint("#REF!", "fix it"))
    assert zh_of(cell_hint("07-Dec-26", "fix it"))
    from importers.values import impossible_times_note
    assert zh_of(impossible_times_note([(4, "77:57:11")]))


# --- notes of the dry run, rendered -----------------------------------------------------------

def _dry_run(books: Path, files: list[Path], **options) -> str:
    from importers.run import render
    from tests.importers.test_dry_run_every_line_chinese import english_only

    loaded = load_books(books)
    results = extract_files(loaded, files, load_importers(loaded.root), **options)
    assert all(r.problem is None for r in results), [r.problem.message for r in results if r.problem]
    text = render(results)
    assert english_only(text) == [], text
    return text


def test_a_registers_notes_are_chinese_first_in_the_dry_run(books, tmp_path):
    """Amounts in words read, a totals row and a count that disagree (--ignore-summary), a day
    without its year under a title stating it, a register without a 捐赠人 column: notes that
    were English only."""
    titled = tmp_path / "2026年3月捐赠登记表.csv"
    titled.write_text("2026年3月捐赠登记表\n" + DONATIONS + "3月5日,王小明,壹佰元整,现金,\n2026-03-06,李四,50,现金,\n"
                      "合计,,500,,\n共 3 条,,,,\n", encoding="utf-8")
    donorless = tmp_path / "现金捐款登记表.csv"
    donorless.write_text("日期,金额,经手人\n2026-03-07,20,王会计\n", encoding="utf-8")
    text = _dry_run(books, [titled, donorless], verify_summary=False)
    assert "read as 100.00" in text and "读作 100.00" in text
    assert "the totals row says 500" in text and "合计行写的是 500" in text
    assert "the register says 共 3 条" in text and "登记表写着 共 3 条" in text
    assert "没有 捐赠人 列" in text and "has no 捐赠人 column" in text
    assert "in the year the title states" in text and "即标题所写的年份" in text


def test_a_debit_near_aid_is_named_chinese_first(books, tmp_path):
    """dedupe's note of a debit not linked to the aid of another amount (test_near_aid.py)."""
    with open(books / "txns" / "2026.beancount", "a", encoding="utf-8") as fh:
        fh.write(AID)
    statement = tmp_path / "statement.csv"
    statement.write_text("交易日期,摘要,收入金额,支出金额,余额,对方户名\n2026-03-03,跨行汇款,,800.00,4200.00,李大伟\n", encoding="utf-8")
    text = _dry_run(books, [statement], account="Assets:Bank:Basic", balance=False)
    assert "amounts differ" in text and "因为金额不同" in text


AID = """
2026-03-01 * "期初余额"
  fund: "GENERAL"
  Assets:Bank:Basic   5000.00 CNY
  Equity:Opening-Balances

2026-03-03 * "李大伟" "困难救助"
  fund: "GENERAL"
  approval: "SP-2026-0001"
  case: "C0001"
  source_ref: "roster:SP-2026-0001"
  Expenses:Aid:Living   800.01 CNY
  Assets:Bank:Basic
"""


def test_a_statements_joined_rows_are_named_in_chinese():
    """continuation.joined_note, the bank statement's note of wrapped text joined to the row above."""
    from importers.continuation import Joined, joined_note

    note = joined_note([Joined(5, 4, "有限公司", (2,))], ["日期", "金额", "对方户名"])
    assert zh_of(note) and "第 5 行并入第 4 行" in zh_of(note) and "对方户名" in zh_of(note)
    assert str(note).startswith("1 row(s) hold only the rest of the row above's 对方户名")
