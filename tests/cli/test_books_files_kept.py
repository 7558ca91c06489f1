"""An --out that names one of the books' own files is refused: the books, and their source
documents, are never replaced by a report (cli/common.py refuse_books_file)."""

from __future__ import annotations

import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import cli

#: a first transaction in January: a close of a month of books with none is refused (nothing to close)
JANUARY = '\n2026-01-05 * "期初余额"\n  fund: "GENERAL"\n  Assets:Receivable:Pledges  100.00 CNY\n  Equity:Opening-Balances\n'


def with_january(books):
    with open(books / "txns" / "2026.beancount", "a", encoding="utf-8") as fh:
        fh.write(JANUARY)
    return books

BOOKS = Path(__file__).parent.parent / "letters" / "books"


@pytest.fixture(autouse=True)
def _isolated(monkeypatch, tmp_path):
    """Never read or create the user's site secret (letters make none: they refuse without one)."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("RELIEF_SITE_SECRET", "books-files-kept-test-secret-0123456789")


@pytest.fixture
def books(tmp_path):
    target = tmp_path / "books"
    shutil.copytree(BOOKS, target)
    (target / "documents").mkdir(exist_ok=True)
    (target / "documents" / "2026-01-05.receipt.pdf").write_bytes(b"%PDF-1.4 a scanned receipt")
    return target


def _snapshot(folder: Path) -> dict[str, bytes]:
    return {str(p.relative_to(folder)): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.parametrize("target", ["main.beancount", "txns/2026.beancount", "documents/2026-01-05.receipt.pdf", "new.beancount"])
@pytest.mark.parametrize("command", [["report", "--out"], ["reconcile", "--period", "2026-01", "--html"]])
def test_an_out_over_the_books_files_is_refused(books, command, target):
    before = _snapshot(books)
    name, *options = command
    result = CliRunner().invoke(cli, [name, str(books), *options, str(books / target)])
    assert result.exit_code == 1, result.output
    assert f"{books / target}: is one of the books' files" in result.output
    assert f"give another {options[-1]} file" in result.output  # the option the user gave (--html too)
    assert _snapshot(books) == before  # nothing written, nothing replaced


def test_a_report_elsewhere_in_the_books_folder_is_still_written(books):
    out = books / "report" / "2026.pdf"
    result = CliRunner().invoke(cli, ["report", str(books), "--out", str(out)])
    assert result.exit_code == 0, result.output
    assert out.read_bytes().startswith(b"%PDF")


@pytest.mark.parametrize("command", [["publish", "--out", "site"], ["report", "--out", "r.pdf"], ["letters", "--out", "letters"],
                                     ["reconcile", "--period", "2026-01", "--html", "r.html"]])
def test_an_out_under_a_file_names_the_file(books, tmp_path, command):
    """`--out notes.txt/site`: the message names the file standing where a folder must be
    (the system's own words were "File exists" or "Not a directory")."""
    notes = tmp_path / "notes.txt"
    notes.write_text("keep me", encoding="utf-8")
    name, *options, last = command
    result = CliRunner().invoke(cli, [name, str(books), *options, str(notes / last)])
    assert result.exit_code == 1, result.output
    assert f"{notes} is a file, not a folder; choose a path inside a folder" in result.output, result.output
    assert "Traceback" not in result.output and notes.read_text(encoding="utf-8") == "keep me"


@pytest.mark.parametrize("command, under", [(["publish", "--out", "site"], False), (["letters", "--out", "letters"], False),
                                            (["publish", "--out", "site"], True), (["letters", "--out", "letters"], True),
                                            (["report", "--out", "r.pdf"], True), (["demo", "--out", "demo"], False),
                                            (["demo", "--out", "demo"], True), (["init", "books"], False),
                                            (["import", "--template", "donations", "--out", "t.xlsx"], True),
                                            (["reconcile", "--period", "2026-01", "--html", "r.html"], True)])
def test_an_out_through_a_link_to_nothing_names_the_link(books, tmp_path, command, under):
    """`--out site` where site (or the folder it is in) is a symbolic link to a folder that
    is gone (a disk not mounted): the system's words were "Not a directory" or "File exists",
    a report's said after the work."""
    link = tmp_path / "out"
    link.symlink_to(tmp_path / "unmounted" / "disk")
    name, *options, last = command
    out = link / last if under else link
    given = [] if name in ("demo", "init", "import") else [str(books)]  # these make books (or a template), not read them
    result = CliRunner().invoke(cli, [name, *given, *options, str(out)])
    assert result.exit_code == 1, result.output
    assert f"{link} is a symbolic link to {tmp_path / 'unmounted' / 'disk'}, which does not exist; " in result.output, result.output
    assert "Traceback" not in result.output and link.is_symlink() and not (tmp_path / "unmounted").exists()


@pytest.mark.parametrize("command", [["report", "--out"], ["reconcile", "--period", "2026-01", "--html"]])
def test_an_out_that_is_a_link_is_judged_by_its_own_name(books, tmp_path, command):
    """`--out annual.pdf` a symbolic link to a file of another name (/dev/full, a file kept
    without an ending) was refused as if its target's name had been given ("must end in
    .pdf; give e.g. --out annual.pdf.pdf"); the write replaces the link itself."""
    name, *options = command
    out = tmp_path / ("annual.pdf" if name == "report" else "r.html")
    out.symlink_to(tmp_path / "kept-copy")
    result = CliRunner().invoke(cli, [name, str(books), *options, str(out)])
    assert "must end in" not in result.output and "Traceback" not in result.output, result.output
    assert result.exit_code == (0 if name == "report" else 1), result.output  # these books' January does not reconcile
    assert not out.is_symlink() and out.stat().st_size > 0


@pytest.fixture
def kept(books):
    """Files inside the books folder that no include names, each perhaps its only copy."""
    files = {
        "private/cases.csv": b"case,name,id_number\nC0001,Wang,110101199001011234\n",
        "import_config.py": b"CONFIG = []\n",
        "closes/2026-01.sha256": b"0" * 64 + b"\n",
        "report/2026.md": b"# notes for the annual report\n",
        "report/2026.pdf": b"%PDF-1.4 last year's signed copy",
    }
    for rel, data in files.items():
        (books / rel).parent.mkdir(parents=True, exist_ok=True)
        (books / rel).write_bytes(data)
    return files


@pytest.mark.parametrize("target", ["private/cases.csv", "import_config.py", "closes/2026-01.sha256", "report/2026.md", "report/2026.pdf"])
@pytest.mark.parametrize("command", [["report", "--allow-errors", "--out"], ["reconcile", "--period", "2026-01", "--html"]])
def test_an_out_over_an_existing_file_in_the_books_folder_is_refused(books, kept, command, target):
    """(--allow-errors: the side file without its close is an error of the books; it must not hide the refusal.)"""
    before = _snapshot(books)
    name, *options = command
    result = CliRunner().invoke(cli, [name, str(books), *options, str(books / target)])
    assert result.exit_code == 1, result.output
    option = options[-1]
    assert f"Error: {books / target}：已存在于账簿文件夹" in result.output, result.output  # Chinese first
    assert f"。 {books / target}: already exists inside the books folder" in result.output, result.output
    assert f"give another {option} file, outside the books folder, or remove the old file first" in result.output
    assert "Traceback" not in result.output and len([line for line in result.output.splitlines() if "Error" in line]) == 1
    assert _snapshot(books) == before


@pytest.mark.parametrize(("command", "bad", "told"), [
    (["report", "--out"], "notes.txt", "the report is a PDF, so the file's name must end in .pdf; give e.g. --out {}notes.pdf"),
    (["report", "--out"], "report", "the report is a PDF, so the file's name must end in .pdf; give e.g. --out {}report.pdf"),
    (["reconcile", "--period", "2026-01", "--html"], "r.csv",
     "the reconciliation report is an HTML page, so the file's name must end in .html or .htm; give e.g. --html {}r.html"),
])
def test_an_out_of_another_kind_is_refused(books, tmp_path, command, bad, told):
    """Outside the books too: `--out notes.txt` would replace the notes with a PDF."""
    out = tmp_path / bad
    out.write_text("keep me", encoding="utf-8")
    name, *options = command
    result = CliRunner().invoke(cli, [name, str(books), *options, str(out)])
    assert result.exit_code == 1, result.output
    assert result.output.startswith(f"Error: {out}：") and f"。 {out}: " + told.format(f"{tmp_path}/") in result.output, result.output
    assert out.read_text(encoding="utf-8") == "keep me"


@pytest.mark.parametrize(("command", "told"), [
    (["report", "--out"], "。 --out is empty; give the file to write the report to, e.g. --out report.pdf"),
    (["reconcile", "--period", "2026-01", "--html"],
     "。 --html is empty; give the file to write the reconciliation report to, e.g. --html report.html"),
])
def test_an_empty_out_is_refused(books, tmp_path, monkeypatch, command, told):
    """`--out ''` meant the current folder: "Device or resource busy" for report, no HTML at all for reconcile."""
    monkeypatch.chdir(tmp_path)
    name, *options = command
    result = CliRunner().invoke(cli, [name, str(books), *options, ""])
    assert result.exit_code == 1, result.output
    assert told in result.output, result.output


@pytest.mark.parametrize("command", [["check"], ["report", "--out", "r.pdf"], ["reconcile"], ["close", "2026-01"], ["serve"]])
def test_empty_books_are_refused(tmp_path, monkeypatch, command):
    """`relief check ''` checked the current folder's books without a word."""
    shutil.copytree(BOOKS, tmp_path / "here")
    monkeypatch.chdir(tmp_path / "here")
    name, *rest = command
    result = CliRunner().invoke(cli, [name, "", *rest])
    assert result.exit_code == 1, result.output
    assert result.output.startswith("Error: BOOKS 为空；"), result.output  # Chinese first
    assert "BOOKS is empty; give the books' folder or their main .beancount file (write . for the current folder)" in result.output


def _unprivileged(args, cwd):
    """Run relief as a user whom permissions stop: as root (whom chmod does not stop), with
    the capabilities that override them dropped (setpriv); the plain process otherwise."""
    import subprocess
    import sys

    prefix = []
    if os.geteuid() == 0:
        if shutil.which("setpriv") is None:
            pytest.skip("as root without setpriv, permissions stop nothing")
        prefix = ["setpriv", "--bounding-set=-dac_override,-dac_read_search,-fowner"]
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]), RELIEF_PARSE_CACHE="0")
    return subprocess.run([*prefix, sys.executable, "-c", "from cli import run; run()", *map(str, args)],
                          cwd=cwd, env=env, capture_output=True, text=True, timeout=300)


@pytest.mark.parametrize("command", [["report", "--out", "r.pdf"], ["close", "2026-01"]])
def test_a_folder_that_may_not_be_written_is_named_with_what_to_do(books, tmp_path, command):
    """"cannot write the report (Permission denied)", and for a close the temporary file's
    name: the folder that may not be written was named nowhere, nor what to do."""
    name, *rest = command
    if name == "close":  # books that reconcile: new ones
        books = tmp_path / "new-books"
        assert CliRunner().invoke(cli, ["init", str(books), "--year", "2026"]).exit_code == 0
        with_january(books)
    folder = books / "closes" if name == "close" else tmp_path / "shared"
    folder.mkdir()
    args = [name, books, *rest] if name == "close" else [name, books, rest[0], folder / rest[1]]
    folder.chmod(0o555)
    try:
        result = _unprivileged(args, tmp_path)
    finally:
        folder.chmod(0o755)
    said = result.stdout + result.stderr
    assert result.returncode == 1, said
    assert f"Permission denied: {folder} may not be written by you: make it writable (`chmod u+w {folder}`" in said, said
    assert list(folder.iterdir()) == []


def test_a_folder_that_may_not_be_written_is_said_before_the_work(books, tmp_path):
    """`relief report` said so only after laying the report out (minutes on large books): the
    check comes first now, so a report template that cannot even be read is never reached."""
    folder = tmp_path / "shared"
    folder.mkdir()
    templates = tmp_path / "templates" / "report"
    templates.mkdir(parents=True)
    (templates / "annual.html").write_text("{% if %}", encoding="utf-8")  # would stop the work with a template error
    folder.chmod(0o555)
    try:
        result = _unprivileged(["report", books, "--out", folder / "r.pdf", "--templates", tmp_path / "templates"], tmp_path)
    finally:
        folder.chmod(0o755)
    said = result.stdout + result.stderr
    assert result.returncode == 1, said
    assert f"cannot write the report (Permission denied: {folder} may not be written by you" in said, said
    assert "template" not in said, said
