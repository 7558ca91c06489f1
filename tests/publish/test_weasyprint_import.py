"""weasyprint is imported without running the compiler to look for its libraries.

weasyprint tries several names for each library it opens (Windows', macOS', Linux's); for
each name that does not load as it is, cffi asks ctypes.util.find_library, which on Linux
runs gcc and ld when the linker's cache does not list the name: 32 compiler and linker runs,
about 0.3 s of CPU in subprocesses in every process that makes a PDF (a publish's report
worker, each letters worker). publish.pdf imports it with lookups in the linker's cache
alone; the libraries opened are the very same files.

Each check runs in a fresh interpreter: the test process may have imported weasyprint already.
"""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]

PROBE = """
import ctypes.util, json, sys
runs = []
for name in ("_findLib_gcc", "_findLib_ld"):
    real = getattr(ctypes.util, name)
    setattr(ctypes.util, name, lambda lib, real=real, name=name: runs.append((name, lib)) or real(lib))
find_library = ctypes.util.find_library
if sys.argv[1] == "relief":
    from publish.pdf import fonts_version
    fonts_version()
else:
    import weasyprint
libraries = sorted({line.split()[-1] for line in open("/proc/self/maps")
                    if any(k in line for k in ("gobject", "pango", "harfbuzz", "fontconfig"))})
print(json.dumps({"runs": len(runs), "restored": ctypes.util.find_library is find_library, "libraries": libraries}))
"""


def _probe(how: str) -> dict:
    result = subprocess.run([sys.executable, "-c", PROBE, how], cwd=ROOT, capture_output=True, text=True, timeout=300)
    assert result.returncode == 0, result.stderr
    return json.loads(result.stdout)


@pytest.mark.skipif(not sys.platform.startswith("linux"), reason="the compiler runs are ctypes.util's on Linux")
def test_weasyprint_is_imported_without_compiler_runs_and_opens_the_same_libraries():
    ours, plain = _probe("relief"), _probe("plain")
    assert ours["runs"] == 0
    assert ours["restored"]  # ctypes.util.find_library is given back once weasyprint is imported
    assert ours["libraries"] == plain["libraries"]
    assert any("pango" in name for name in ours["libraries"])
