"""Account names come from ledger/accounts.py only: no other module spells one in a string.

The chart of accounts is the books' vocabulary; a name written out in an importer or a
page builder drifts from the template the day one of them is renamed. A small AST walk
over every module's string literals (docstrings aside: they explain, they do not name
accounts for the code) finds any that contains a top-level account name ("Assets:",
"Liabilities:", "Income:", "Expenses:", "Equity:") or is a bare root ("Income").
Messages that show an account to the user build it from the constants (f"{BANK_ROOT}:…").
"""

from __future__ import annotations

import ast
import re
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("ledger", "importers", "publish", "letters", "cli")

#: Where account names may be written: the vocabulary itself, and the books template copied
#: into a new centre's folder (beancount text and its import configuration, not our code).
ALLOWED = ("ledger/accounts.py", "ledger/template/")

ROOTS = ("Assets", "Liabilities", "Income", "Expenses", "Equity")
ACCOUNT = re.compile(r"(?<![A-Za-z])(?:" + "|".join(ROOTS) + r"):")


def _docstrings(tree: ast.AST) -> set[int]:
    found = set()
    for node in ast.walk(tree):
        if isinstance(node, (ast.Module, ast.ClassDef, ast.FunctionDef, ast.AsyncFunctionDef)) and node.body:
            first = node.body[0]
            if isinstance(first, ast.Expr) and isinstance(first.value, ast.Constant) and isinstance(first.value.value, str):
                found.add(id(first.value))
    return found


def account_literals(source: str, filename: str = "<module>") -> list[tuple[int, str]]:
    """(line, text) of each string literal that names an account or is a bare root."""
    tree = ast.parse(source, filename)
    docs = _docstrings(tree)
    return [(node.lineno, node.value) for node in ast.walk(tree)
            if isinstance(node, ast.Constant) and isinstance(node.value, str) and id(node) not in docs
            and (ACCOUNT.search(node.value) or node.value in ROOTS)]


def test_no_module_spells_an_account_name():
    wrong = []
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            rel = path.relative_to(ROOT).as_posix()
            if rel.startswith(ALLOWED):
                continue
            wrong += [f"{rel}:{line}: {text[:80]!r}" for line, text in account_literals(path.read_text(encoding="utf-8"), rel)]
    assert wrong == [], "use the names in ledger/accounts.py (add one there if it is missing):\n" + "\n".join(wrong)


def test_the_walk_finds_names_but_not_docstrings_or_constants():
    source = '''"""Income:Donation is explained here."""
from ledger.accounts import BANK_ROOT
A = "Assets:Bank:Basic"
B = f"give --account {BANK_ROOT}:..."
C = "Expenses"
D = "Income statement"
def f():
    """Expenses:Aid, in a docstring."""
    return "see Liabilities:Payable"
'''
    assert [line for line, _ in account_literals(source)] == [3, 5, 9]
