"""Every refusal the publisher (and `relief letters`) raises is written with its Chinese: a guard on the source, as
tests/importers/test_bank_refusals_chinese.py keeps one on the bank importers' refusals.

Why: publish's template, narrative, worker, write and closed-period errors stayed English
only (or put the English into the Chinese half) long after the rest spoke Chinese first; the
tests that run them (test_errors_chinese_first.py) cover the ones found, and this fails on a
new `raise PublishError(f"…")` written in English alone. A raise of a user's error (a
ReliefError, or WorkerFailed) in publish/ must give as its message a said(…)/Said(…) or
bilingual(…) call, one of publish.run's helpers that build one, or a name bound to one."""

from __future__ import annotations

import ast
import importlib
import inspect
from pathlib import Path

import pytest

from ledger.errors import ReliefError

ROOT = Path(__file__).resolve().parents[2]
#: the publisher's modules, and the one of the letters' that refuses (letters/make.py)
FILES = sorted(f"publish/{p.name}" for p in (ROOT / "publish").glob("*.py")) + ["letters/make.py"]

#: calls that give a message with its Chinese (the last three: publish.run's and
#: publish.model_builder's helpers, which return bilingual(…))
SAID_MAKERS = {"said", "Said", "bilingual", "missing_key", "_unchanged", "_fix_template", "_uncountable_year"}
#: errors of the user's (a ReliefError) that are not ReliefErrors, raised in publish/
ALSO_USERS = {"WorkerFailed"}


def _users_errors() -> set[str]:
    """The names of the ReliefError classes the publisher's modules define or import."""
    names = set(ALSO_USERS) | {"ReliefError"}
    for name in FILES:
        module = importlib.import_module(name.removesuffix(".py").replace("/", "."))
        names |= {n for n, v in vars(module).items() if inspect.isclass(v) and issubclass(v, ReliefError)}
    return names


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
        if _call_name(node) == "join" and node.args and isinstance(node.args[0], (ast.GeneratorExp, ast.ListComp)):
            return _has_chinese(node.args[0].elt, bound, seen)  # "\n".join(bilingual(…) for …): one line each
        return _call_name(node) in SAID_MAKERS
    if isinstance(node, ast.IfExp):
        return _has_chinese(node.body, bound, seen) and _has_chinese(node.orelse, bound, seen)
    if isinstance(node, ast.Name):
        if node.id in seen or node.id not in bound:
            return False
        return all(_has_chinese(v, bound, seen | {node.id}) for v in bound[node.id])
    return False


def english_only_raises(path: Path, errors: set[str]) -> list[str]:
    """`file:line` of each raise of one of `errors` whose message is not written with its Chinese."""
    tree = ast.parse(path.read_text(encoding="utf-8"))
    bad = []
    for function in [n for n in ast.walk(tree) if isinstance(n, (ast.FunctionDef, ast.AsyncFunctionDef))]:
        bound = _bindings(function)
        for node in ast.walk(function):
            if isinstance(node, ast.Raise) and isinstance(node.exc, ast.Call) and _call_name(node.exc) in errors:
                message = node.exc.args[0] if node.exc.args else None
                if message is None or not _has_chinese(message, bound):
                    bad.append(f"{path.name}:{node.lineno}")
    return bad


@pytest.mark.parametrize("name", FILES)
def test_every_refusal_is_written_with_its_chinese(name):
    assert english_only_raises(ROOT / name, _users_errors()) == []


def test_the_guard_itself(tmp_path):
    path = tmp_path / "sample.py"
    path.write_text("def f(p, exc):\n"
                    "    why = said('甲', 'a')\n"
                    "    raise PublishError(bilingual(f'{p}：乙', f'{p}: b'))\n"
                    "    raise PublishError(why)\n"
                    "    raise WriteError(f'{p}: is wrong')\n"
                    "    raise PublishError(str(exc)) from None\n"
                    "    raise ValueError(f'{p}: a bug, not the user')\n", encoding="utf-8")
    assert english_only_raises(path, {"PublishError", "WriteError"}) == ["sample.py:5", "sample.py:6"]
