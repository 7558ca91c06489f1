"""The layers of the code (docs/books.md, "Architecture"), checked on every module's imports.

`ledger/` is the ground floor: the books' vocabulary. `importers/` and `publish/` stand on it,
`letters/` (private) on `publish/`'s public model, and the command line (`cli/`) on all of
them. A package imports only the floors below it (ALLOWED), and no two subpackages of
`ledger/` import each other, directly or round a longer loop.

A small AST walk (every `import` statement, at module level or inside a function) rather
than import-linter: the rules are two, and the walk needs nothing installed.
"""

from __future__ import annotations

import ast
from collections import defaultdict
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent
PACKAGES = ("ledger", "importers", "publish", "letters", "cli")

#: Which of the project's packages each package may import (besides itself).
ALLOWED = {
    "ledger": set(),
    "importers": {"ledger"},
    "publish": {"ledger"},
    "letters": {"ledger", "publish"},
    "cli": {"ledger", "importers", "publish", "letters"},
}

#: Not code of the package: the books template copied into a new centre's folder (its
#: import_config.py is the books' own beangulp configuration, run by Fava and `relief import`).
NOT_CODE = ("ledger.template",)


def _module_name(path: Path) -> str:
    parts = list(path.relative_to(ROOT).with_suffix("").parts)
    if parts[-1] == "__init__":
        parts.pop()
    return ".".join(parts)


def _within(name: str, prefixes: tuple[str, ...]) -> bool:
    return any(name == p or name.startswith(p + ".") for p in prefixes)


def _imports() -> dict[str, set[str]]:
    """module -> the modules it imports (absolute names; relative imports resolved)."""
    found: dict[str, set[str]] = {}
    for package in PACKAGES:
        for path in sorted((ROOT / package).rglob("*.py")):
            module = _module_name(path)
            if _within(module, NOT_CODE):
                continue
            here = module.split(".") if path.name == "__init__.py" else module.split(".")[:-1]
            targets = found.setdefault(module, set())
            for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"), str(path))):
                if isinstance(node, ast.Import):
                    targets.update(alias.name for alias in node.names)
                elif isinstance(node, ast.ImportFrom):
                    if node.level:
                        base = here[:len(here) - node.level + 1]
                        source = ".".join(base + ([node.module] if node.module else []))
                    else:
                        source = node.module or ""
                    targets.add(source)
                    # `from ledger import load_cache` imports the module ledger.load_cache
                    targets.update(f"{source}.{alias.name}" for alias in node.names)
    return found


def _part(module: str) -> str | None:
    """The subpackage (or top-level module) of `ledger` a module belongs to, or the upper
    package's name; None outside the project."""
    parts = module.split(".")
    if parts[0] not in PACKAGES:
        return None
    if parts[0] == "ledger" and len(parts) > 1:
        return f"ledger.{parts[1]}"
    return parts[0]


def test_each_package_imports_only_the_floors_below_it():
    wrong = sorted(f"{module} imports {target}"
                   for module, targets in _imports().items()
                   for target in targets
                   if target.split(".")[0] in PACKAGES
                   and target.split(".")[0] != module.split(".")[0]
                   and target.split(".")[0] not in ALLOWED[module.split(".")[0]])
    assert wrong == [], "an import runs up the layers; move this code up or the shared part down:\n" + "\n".join(wrong)


def test_the_layer_check_sees_an_upward_import(tmp_path):
    """The walk really reads imports: a ledger module importing publish is caught."""
    fake = tmp_path / "ledger"
    fake.mkdir()
    (fake / "up.py").write_text("from publish.model import PublicModel\n", encoding="utf-8")
    for package in PACKAGES[1:]:
        (tmp_path / package).mkdir()
    globals()["ROOT"], saved = tmp_path, ROOT
    try:
        found = _imports()
    finally:
        globals()["ROOT"] = saved
    assert "publish.model" in found["ledger.up"]


def _loops(graph: dict[str, set[str]]) -> list[list[str]]:
    """The strongly connected parts (Tarjan) with more than one member."""
    index: dict[str, int] = {}
    low: dict[str, int] = {}
    stack: list[str] = []
    on_stack: set[str] = set()
    loops: list[list[str]] = []

    def visit(node: str) -> None:
        index[node] = low[node] = len(index)
        stack.append(node)
        on_stack.add(node)
        for nxt in sorted(graph.get(node, ())):
            if nxt not in index:
                visit(nxt)
                low[node] = min(low[node], low[nxt])
            elif nxt in on_stack:
                low[node] = min(low[node], index[nxt])
        if low[node] == index[node]:
            part = []
            while True:
                top = stack.pop()
                on_stack.discard(top)
                part.append(top)
                if top == node:
                    break
            if len(part) > 1:
                loops.append(sorted(part))

    for node in sorted(graph):
        if node not in index:
            visit(node)
    return loops


def _part_graph() -> dict[str, set[str]]:
    graph: dict[str, set[str]] = defaultdict(set)
    for module, targets in _imports().items():
        a = _part(module)
        for target in targets:
            b = _part(target)
            if a and b and a != b:
                graph[a].add(b)
    return graph


def test_no_import_loop_between_subpackages():
    assert _loops(_part_graph()) == []


def test_the_loop_finder_finds_a_loop():
    assert _loops({"ledger.reconcile": {"ledger.books"}, "ledger.books": {"ledger.reconcile"}, "publish": {"ledger.books"}}) \
        == [["ledger.books", "ledger.reconcile"]]


def test_parse_cache_writes_through_ledger_files_not_reconcile():
    assert not any(_within(t, ("ledger.reconcile",)) for t in _imports()["ledger.parse_cache"])


def test_closes_stand_apart_from_month_end():
    """Reconcile reads the closes; the closes (and the rules that check them) never import reconcile."""
    imports = _imports()
    wrong = sorted(f"{module} imports {target}" for module, targets in imports.items()
                   if _within(module, ("ledger.closes", "ledger.plugins"))
                   for target in targets if _within(target, ("ledger.reconcile",)))
    assert wrong == []


#: The one plugin module that code may import: the bundle the books name.
BUNDLE = "ledger.plugins.rules"


def _plugin_modules() -> set[str]:
    return {_module_name(p) for p in (ROOT / "ledger" / "plugins").glob("*.py") if p.name != "__init__.py"}


def test_plugins_are_leaves():
    """Plugins are leaves (as beancount's leafonly and the pedantic bundle): what several rules,
    the auditors' views or the site share lives in ledger/ (ledger.index, ledger.registry...),
    so no module imports a rule; only the bundle imports the rules it runs, and code outside
    the plugins may import the bundle alone."""
    plugins = _plugin_modules()
    assert BUNDLE in plugins and len(plugins) > 5
    wrong = []
    for module, targets in _imports().items():
        for target in targets & plugins:
            if module == BUNDLE or (target == BUNDLE and not _within(module, ("ledger.plugins",))):
                continue
            wrong.append(f"{module} imports {target}")
    assert sorted(wrong) == [], "a plugin is imported as a library; move what is shared into ledger/:\n" + "\n".join(sorted(wrong))


def test_the_bundle_runs_every_rule_module():
    """Every rule module is in the bundle, so `plugin "ledger.plugins.rules"` switches all of them on."""
    bundled = _imports()[BUNDLE] & _plugin_modules()
    assert bundled == _plugin_modules() - {BUNDLE}
