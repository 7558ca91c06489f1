"""Python's bytecode cache as a user has it, for every process a benchmark starts.

A user's relief-ledger runs from compiled modules: pip compiles the installed libraries,
and Python writes the project's own `__pycache__` the first time each module is imported.
A shell with PYTHONDONTWRITEBYTECODE set (some containers and CI images set it) has none
for the project: every command then compiles its ~75 modules again, about 0.3 s of CPU
that no user pays. `bytecode_as_users()` lifts that setting for the benchmark and its
children and compiles the project once, as a user's first run would.
"""

from __future__ import annotations

import compileall
import os
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
#: the project's own packages (pyproject.toml), compiled as their first import would
PACKAGES = ("cli", "importers", "ledger", "letters", "publish")


def bytecode_as_users() -> None:
    """Let this process and its children write and read bytecode, and compile the project."""
    os.environ.pop("PYTHONDONTWRITEBYTECODE", None)
    for name in PACKAGES:
        if (ROOT / name).is_dir():
            compileall.compile_dir(ROOT / name, quiet=1, workers=1)
