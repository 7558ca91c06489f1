"""`relief import --template KIND --out FILE` on a disk that fills up (or a file size limit)
while the template is written: the copy stopped half-way and stayed, and as templates never
overwrite, the next run, with room again, refused: 'FILE already exists; choose a new file
name', leaving the user with a spreadsheet Excel cannot open. Nothing is left now, and the
next run writes it."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]

#: the file size limit makes every write past 1,000 bytes fail (EFBIG), as a full disk does
LIMITED = ("import resource, signal; signal.signal(signal.SIGXFSZ, signal.SIG_IGN); "
           "resource.setrlimit(resource.RLIMIT_FSIZE, (1000, 1000)); from cli import run; run()")


def test_a_template_cut_short_is_not_left_behind(tmp_path):
    out = tmp_path / "捐赠登记表.xlsx"
    env = dict(os.environ, PYTHONPATH=str(ROOT))
    args = ["import", "--template", "donations", "--out", str(out)]
    failed = subprocess.run([sys.executable, "-c", LIMITED, *args], env=env, capture_output=True, text=True, timeout=120)
    assert failed.returncode == 1, failed.stderr
    assert "internal error" not in failed.stderr and str(out.name) in failed.stderr
    assert not out.exists() and list(tmp_path.iterdir()) == []
    again = subprocess.run([sys.executable, "-c", "from cli import run; run()", *args], env=env,
                           capture_output=True, text=True, timeout=120)
    assert again.returncode == 0, again.stderr
    assert out.stat().st_size > 1000
