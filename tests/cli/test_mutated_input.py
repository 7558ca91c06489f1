"""Damaged input, as nobody here wrote it: every command answers with a message, never a
traceback; a publish that fails leaves no site; a dry-run import changes nothing.

The damage is random but seeded (tests/cli/mutations.py): the books' files (a line deleted,
doubled, moved or cut, another encoding, a value typed wrong) for check, publish (with
--allow-errors, as a user in a hurry runs it), reconcile and close, and on two seeds letters
and report too; the statement exports the importers claim (tests/importers/real, each with
its licence there) edited cell by cell for `relief import`; any input (real, golden, .xls,
register templates) damaged byte by byte, an .xlsx inside its ZIP too. A failure names the
seed and the damage, so it can be made again: `damage_books(root, random.Random(seed))`."""

from __future__ import annotations

import random
import shutil
import traceback
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import cli
from ledger.demo import write_demo
from tests.cli.mutations import damage_books, damage_bytes, damage_csv, damage_workbook, damage_xlsx

REAL = Path(__file__).parents[1] / "importers" / "real"
EXPORTS = sorted(p for p in REAL.rglob("*") if p.suffix in (".csv", ".xlsx") and "unsupported" not in p.parts)


@pytest.fixture(autouse=True)
def _config(monkeypatch, tmp_path_factory):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))


@pytest.fixture(scope="module")
def demo(tmp_path_factory) -> Path:
    main, _ = write_demo(tmp_path_factory.mktemp("mutated") / "books", seed=13, transactions=200)
    return main.parent


def _answered(result, what: str) -> None:
    """The command ended with a message: no exception escaped, no traceback printed."""
    escaped = result.exception is not None and not isinstance(result.exception, SystemExit)
    detail = "".join(traceback.format_exception(result.exception)) if escaped else result.output
    assert not escaped and "Traceback" not in result.output, f"{what}\n{detail[-3000:]}"
    assert result.exit_code in (0, 1, 2), f"{what}: exit {result.exit_code}\n{result.output[-2000:]}"


def _snapshot(root: Path) -> dict[str, bytes]:
    return {p.relative_to(root).as_posix(): p.read_bytes() for p in sorted(root.rglob("*")) if p.is_file() and "picklecache" not in p.name}


@pytest.mark.parametrize("seed", range(16))
def test_damaged_books_get_a_message_from_every_command(seed, demo, tmp_path):
    books = tmp_path / "books"
    shutil.copytree(demo, books)
    rng = random.Random(seed)
    damage = [damage_books(books, rng) for _ in range(rng.choice((1, 1, 2, 3)))]
    what = f"seed {seed}: {damage}"
    site = tmp_path / "site"
    runner = CliRunner()
    commands = [["check", str(books)], ["publish", str(books), "--allow-errors", "--out", str(site), "--no-report-pdf"],
                ["reconcile", str(books), "2026-03"], ["close", str(books), "2026-04"]]
    if seed in (0, 1):
        commands += [["letters", str(books), "--out", str(tmp_path / "letters")],
                     ["report", str(books), "--allow-errors", "--out", str(tmp_path / "report.pdf")]]
    for command in commands:
        result = runner.invoke(cli, command)
        _answered(result, f"{command[0]}, {what}")
        if command[0] == "publish" and result.exit_code != 0:
            assert not site.exists() or not any(site.iterdir()), f"a failed publish left a site: {what}"


@pytest.mark.parametrize("seed", range(40))
def test_damaged_exports_get_a_message_and_a_dry_run_changes_nothing(seed, demo, tmp_path):
    rng = random.Random(seed)
    source = rng.choice(EXPORTS)
    books = tmp_path / "books"
    shutil.copytree(demo, books)
    export = tmp_path / source.name
    shutil.copy(source, export)
    damage = damage_xlsx(export, rng) if export.suffix == ".xlsx" else damage_csv(export, rng)
    before = _snapshot(books)
    result = CliRunner().invoke(cli, ["import", str(books), str(export), "--account", "Assets:Bank:Basic"])
    _answered(result, f"seed {seed}, {source.relative_to(REAL)}: {damage}")
    assert _snapshot(books) == before, f"a dry run changed the books: seed {seed}, {damage}"


#: every kind of file the importers read: the real exports, the project's golden inputs (the
#: .xls among them) and the register templates
GOLDEN = Path(__file__).parents[1] / "importers" / "golden"
TEMPLATES = Path(__file__).parents[2] / "importers" / "templates"
ALL_INPUTS = (EXPORTS
              + sorted(p for p in GOLDEN.glob("*/*") if p.suffix in (".csv", ".xls", ".xlsx"))
              + sorted(TEMPLATES.glob("*.*")))


@pytest.mark.parametrize("seed", range(14))
def test_files_damaged_byte_by_byte_get_a_message(seed, demo, tmp_path):
    """Bytes cut, changed, added or lost anywhere in any input (an .xlsx inside its ZIP too:
    fuzzH found a changed byte in xl/workbook.xml's compressed data ending the import as an
    internal error); a dry run still changes nothing."""
    rng = random.Random(seed)
    source = rng.choice(ALL_INPUTS)
    books = tmp_path / "books"
    shutil.copytree(demo, books)
    target = tmp_path / source.name
    shutil.copy(source, target)
    zipped = target.suffix == ".xlsx" and rng.random() < 0.5
    damage = damage_workbook(target, rng) if zipped else damage_bytes(target, rng)
    before = _snapshot(books)
    result = CliRunner().invoke(cli, ["import", str(books), str(target),
                                      "--account", "Assets:Bank:Basic"])
    _answered(result, f"seed {seed}, {source.name}: {damage}")
    assert _snapshot(books) == before, f"a dry run changed the books: seed {seed}, {damage}"


def test_the_exports_are_the_real_ones():
    """The damage is done to every layout the importers claim (a moved folder must not
    leave this test with nothing to damage)."""
    kinds = {p.parent.name for p in EXPORTS}
    assert {"alipay", "wechat", "icbc-debit", "boc-debit", "abc-debit", "cmb-debit"} <= kinds
