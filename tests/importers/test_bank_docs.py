"""docs/importing.md stays true about bank statements: every built-in layout is listed with
its real sample, each listed sample has a golden test, and the messages it quotes are the
ones the importers give."""

from __future__ import annotations

import re
from pathlib import Path

from importers.profiles import builtin_profiles

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "importing.md").read_text(encoding="utf-8")
HERE = Path(__file__).parent


def section(title: str) -> str:
    start = DOC.index(title)
    following = re.search(r"^#{2,3} ", DOC[start + len(title):], flags=re.M)
    return DOC[start: start + len(title) + (following.start() if following else len(DOC))]


def layout_rows() -> dict[str, str]:
    """profile id -> its 'real sample' cell, from the built-in table."""
    rows = re.findall(r"^\| `([a-z0-9-]+)` \|(.*)\|\s*$", section("## Bank profiles"), flags=re.M)
    return {pid: rest.split("|")[-1].strip() for pid, rest in rows}


def test_every_built_in_profile_is_listed_and_nothing_else():
    assert set(layout_rows()) == {p.id for p in builtin_profiles()}


def test_each_listed_layout_has_golden_tests():
    for pid, sample in layout_rows().items():
        own = list((HERE / "golden" / pid).glob("*.beancount"))
        assert own, f"{pid}: no golden test of the project's own file"
        files = re.findall(r"`([a-z0-9-]+/[^`]+\.(?:csv|xls|xlsx))`", sample)
        if sample.startswith("none"):
            assert not (HERE / "real" / pid).exists(), f"{pid} has a real sample the docs do not list"
            continue
        assert files, f"{pid}: the real sample cell names no file"
        for name in files:
            path = HERE / "real" / name
            assert path.parent.name == pid and path.is_file(), f"{name} is not a sample of {pid}"
            assert path.with_name(path.name + ".beancount").is_file(), f"{name} has no expected output"
            assert name in (HERE / "real" / "README.md").read_text(encoding="utf-8"), f"{name}: source not recorded"


BILLS = ("wechat", "alipay")
SAMPLE = r"`([a-z0-9-]+/[^`]+\.(?:csv|xls|xlsx))`"


def test_every_real_sample_is_listed():
    listed = {f for cell in layout_rows().values() for f in re.findall(SAMPLE, cell)}
    present = {f"{p.parent.name}/{p.name}" for p in (HERE / "real").glob("*/*")
               if p.suffix in (".csv", ".xls", ".xlsx") and p.parent.name not in ("unsupported", *BILLS)}
    assert present == listed


def test_every_real_bill_is_listed_with_its_source():
    """The WeChat Pay and Alipay section names each real bill, and each has its golden and source."""
    listed = set(re.findall(SAMPLE, section("### WeChat Pay and Alipay")))
    present = {f"{p.parent.name}/{p.name}" for kind in BILLS for p in (HERE / "real" / kind).glob("*")
               if p.suffix in (".csv", ".xls", ".xlsx")}
    assert present and present == listed
    readme = (HERE / "real" / "README.md").read_text(encoding="utf-8")
    for name in present:
        assert (HERE / "real" / (name + ".beancount")).is_file(), f"{name} has no expected output"
        assert f"| {name} |" in readme, f"{name}: source not recorded"


def test_the_messages_quoted_are_the_importers_own():
    source = "".join(p.read_text(encoding="utf-8") for p in (ROOT / "importers").glob("*.py"))
    quoted = re.findall(r"`([^`]+)`", section("### Messages about bank statements"))
    words = [q for q in quoted if " " in q and not q.startswith("relief init")]
    assert len(words) >= 6
    for q in words:
        pieces = [p for p in re.split(r"<[^>]+>|…|\(relief\.bank\.|\)", q) if len(p.strip()) > 3]
        for piece in pieces:
            assert piece.strip() in source, f"the docs quote {piece.strip()!r}, which no importer says"
