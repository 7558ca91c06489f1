"""Each benchmark saves its rows in benchmarks/results/<name>.json; run.py prints them as one table.

A row: {"label", "elapsed_s", "cpu_s", "elapsed_ratio", "cpu_ratio", "value", "unit",
"target", "target_kind"}, each key optional but the label. target_kind: "ratio_max" (both
ratios at most the target), "max" or "min" (the value at most / at least the target).
"""

from __future__ import annotations

import json
from pathlib import Path
from typing import Any

RESULTS = Path(__file__).resolve().parent / "results"


def save(name: str, rows: list[dict[str, Any]], **extra: Any) -> Path:
    RESULTS.mkdir(parents=True, exist_ok=True)
    path = RESULTS / f"{name}.json"
    path.write_text(json.dumps({"benchmark": name, **extra, "rows": rows}, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return path


def verdict(row: dict[str, Any]) -> str:
    """"pass", "MISS" or "" (no target) for one row."""
    target, kind = row.get("target"), row.get("target_kind")
    if target is None or kind is None:
        return ""
    if kind == "ratio_max":
        values = [row[k] for k in ("elapsed_ratio", "cpu_ratio") if row.get(k) is not None]
        ok = bool(values) and all(v <= target for v in values)
    elif kind == "max":
        ok = row.get("value") is not None and row["value"] <= target
    else:
        ok = row.get("value") is not None and row["value"] >= target
    return "pass" if ok else "MISS"
