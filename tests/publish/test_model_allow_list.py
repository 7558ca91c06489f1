"""publish/model.py stays a reviewable allow-list: it reads nothing, it only declares.

A privacy reviewer reads publish/model.py as the complete list of what may be published.
That holds only while the module cannot reach the books itself: if it imported beancount,
ledger/ or the builder, a property could fetch a field the dataclasses do not declare. So
it may import the standard library's value types and nothing else, and every class in it
is a frozen dataclass.
"""

from __future__ import annotations

import ast
import dataclasses
import inspect
from pathlib import Path

import publish.model

MODEL = Path(publish.model.__file__)

#: The only modules publish/model.py may import: plain values, nothing that reads a file.
ALLOWED = {"__future__", "datetime", "dataclasses", "decimal"}
#: ... and, by full name, the books' own value types (checked below to be plain values too).
ALLOWED_MODULES = {"ledger.period", "ledger.accounts"}

#: Calls that would import or read behind the import statements' back.
FORBIDDEN_CALLS = {"__import__", "import_module", "open", "eval", "exec"}


def _reaches_out(source: str) -> list[str]:
    """What in `source` imports beyond ALLOWED or calls a FORBIDDEN_CALLS name."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Import):
            found += [alias.name for alias in node.names if alias.name.split(".")[0] not in ALLOWED and alias.name not in ALLOWED_MODULES]
        elif isinstance(node, ast.ImportFrom):
            if node.level or ((node.module or "").split(".")[0] not in ALLOWED and node.module not in ALLOWED_MODULES):
                found.append("." * node.level + (node.module or ", ".join(alias.name for alias in node.names)))
        elif isinstance(node, ast.Call):
            func = node.func
            name = func.id if isinstance(func, ast.Name) else func.attr if isinstance(func, ast.Attribute) else None
            if name in FORBIDDEN_CALLS:
                found.append(f"{name}()")
    return found


def test_the_model_imports_only_plain_values():
    assert _reaches_out(MODEL.read_text(encoding="utf-8")) == []


def test_the_books_value_types_it_imports_are_plain_values_too():
    """ledger/period.py (the half-open Period) reads nothing either: only the standard
    library and the errors it raises; ledger/accounts.py (the account names and what they
    say, as `is_donation`) only functools, for its caches."""
    import ledger.accounts
    import ledger.period

    source = Path(ledger.period.__file__).read_text(encoding="utf-8")
    # ledger.said: words kept in two languages (a str with its Chinese), reading nothing
    assert [name for name in _reaches_out(source) if name not in {"re", "ledger.errors", "ledger.said"}] == []
    source = Path(ledger.accounts.__file__).read_text(encoding="utf-8")
    assert [name for name in _reaches_out(source) if name != "functools"] == []


def test_the_check_sees_what_would_read_the_books():
    planted = (
        "import beancount.loader\n"
        "from ledger.books import Books\n"
        "from publish.facts import collect_facts\n"
        "from . import model_builder\n"
        "def f():\n"
        "    import importlib\n"
        "    return importlib.import_module('ledger.books')\n"
    )
    expected = ["beancount.loader", "ledger.books", "publish.facts", ".model_builder", "importlib", "import_module()"]
    assert sorted(_reaches_out(planted)) == sorted(expected)


def test_every_class_in_the_model_is_a_frozen_dataclass():
    classes = [c for _, c in inspect.getmembers(publish.model, inspect.isclass) if c.__module__ == publish.model.__name__]
    assert len(classes) > 20
    for cls in classes:
        assert dataclasses.is_dataclass(cls) and cls.__dataclass_params__.frozen, cls.__name__
