"""The code stays clean under the project's ruff configuration (pyproject.toml, [tool.ruff])."""

from __future__ import annotations

import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parent.parent


def _ruff() -> list[str]:
    beside = Path(sys.executable).with_name("ruff")
    if beside.exists():
        return [str(beside)]
    found = shutil.which("ruff")
    if found is None:
        pytest.fail("ruff is not installed: `pip install -e '.[test]'` installs the pinned version")
    return [found]


def test_ruff_finds_nothing():
    result = subprocess.run([*_ruff(), "check", "--no-cache", "--output-format", "concise", str(ROOT)],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 0, "ruff check found problems (fix them, or `ruff check --fix`):\n" + result.stdout + result.stderr


def test_ruff_sees_a_planted_problem(tmp_path):
    """The check can fail: an unused import in a file under the same settings is found."""
    planted = tmp_path / "planted.py"
    planted.write_text("import os\n", encoding="utf-8")
    result = subprocess.run([*_ruff(), "check", "--no-cache", "--config", str(ROOT / "pyproject.toml"), str(planted)],
                            cwd=ROOT, capture_output=True, text=True)
    assert result.returncode == 1 and "F401" in result.stdout
