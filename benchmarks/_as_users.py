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


def users_env(tmp: str) -> dict[str, str]:
    """The environment of a user's commands, with its caches and config under `tmp`: the
    default configuration (beancount's and relief's load caches on, as installed), relief's
    parse cache in `tmp/caches` (also set for this process, which waits on the cache writer)."""
    env = dict(os.environ, XDG_CONFIG_HOME=tmp)
    for name in ("BEANCOUNT_DISABLE_LOAD_CACHE", "RELIEF_LOAD_CACHE", "RELIEF_LOAD_CACHE_BACKGROUND"):
        env.pop(name, None)  # the default configuration
    env["RELIEF_PARSE_CACHE"] = os.environ["RELIEF_PARSE_CACHE"] = str(Path(tmp) / "caches")
    return env
