"""Run every benchmark script in this folder, one after another, each with its defaults (`make bench`).

Each script measures against a baseline taken in the same run and prints its own table.
Name scripts to run with `--only NAME` (e.g. `--only bench_rules`).
"""

from __future__ import annotations

import argparse
import subprocess
import sys
from pathlib import Path

HERE = Path(__file__).resolve().parent


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--only", action="append", default=[], metavar="NAME", help="run only this script (repeatable)")
    args = parser.parse_args()
    scripts = [p for p in sorted(HERE.glob("*.py")) if p.name != "run.py" and not p.name.startswith("_")]
    if args.only:
        scripts = [p for p in scripts if p.stem in args.only or p.name in args.only]
    failed = []
    for script in scripts:
        print(f"== {script.name}", flush=True)
        if subprocess.call([sys.executable, str(script)], cwd=HERE.parent) != 0:
            failed.append(script.name)
    if failed:
        print(f"failed: {', '.join(failed)}", file=sys.stderr)
    return 1 if failed else 0


if __name__ == "__main__":
    sys.exit(main())
