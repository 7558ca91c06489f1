"""Run relief as a user whom file permissions stop, for tests of unreadable books files.

As root (whom chmod does not stop) the capabilities that override permissions are dropped
with setpriv; as anyone else the plain process runs. The test is skipped when neither can
make permissions count."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
CAPS = "-dac_override,-dac_read_search,-fowner"


def relief(*args, cwd=None, env=None, timeout=300) -> subprocess.CompletedProcess:
    """`relief ARGS` in a new process, permissions applying; stdout and stderr as text."""
    prefix = []
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("as root without setpriv, permissions stop nothing")
        prefix = ["setpriv", f"--bounding-set={CAPS}", f"--inh-caps={CAPS}"]
    environment = dict(os.environ, PYTHONPATH=str(ROOT), RELIEF_PARSE_CACHE="0", **(env or {}))
    return subprocess.run([*prefix, sys.executable, "-c", "from cli import run; run()", *map(str, args)],
                          cwd=cwd or ROOT, env=environment, capture_output=True, text=True, timeout=timeout)
