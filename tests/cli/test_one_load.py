"""Each command loads the books once and applies its errors policy once (cli/common.py).

Loads are counted where every load of relief's goes through: ledger.books.load_books calls
ledger.load_cache.load once per load, so a counter there sees every load a command makes,
wherever in cli/, publish/, letters/, importers/ or ledger/ it happens. beancount's own
`loader.load_file` is watched too: no command may load the books around relief's loader.

The two commands that load the books a second time do so only after writing to them
(`close` and `import --write`, to check the written books): the counter records what the
books looked like at each load, so the tests show the second load saw the new files.
"""

from __future__ import annotations

import re
import shutil
import sys
from pathlib import Path

import pytest
from beancount import loader
from click.testing import CliRunner

import ledger.books
from cli import cli, main
from tests.importers.conftest import make_books as make_import_books
from tests.importers.malformed import ICBC_HEAD, icbc_row
from tests.reconcile.conftest import make_books as make_reconcile_books

TESTS = Path(__file__).resolve().parents[1]
SMALL = TESTS / "publish" / "books" / "small"  # a centre's books without errors
LETTER_BOOKS = TESTS / "letters" / "books"
SECRET = "one-load-tests-secret-0123456789"


class Loads:
    """Every load of the books during a test: the main file, and a snapshot taken then."""

    def __init__(self, monkeypatch, snapshot=lambda main: None):
        self.calls: list[tuple[Path, object]] = []
        self.direct: list[str] = []
        real = ledger.books.load_cache.load
        real_file = loader.load_file

        def counted(main_file):
            self.calls.append((Path(main_file), snapshot(Path(main_file))))
            return real(main_file)

        def direct(filename, *args, **kwargs):
            self.direct.append(str(filename))
            return real_file(filename, *args, **kwargs)

        monkeypatch.setattr(ledger.books.load_cache, "load", counted)
        monkeypatch.setattr(loader, "load_file", direct)

    @property
    def count(self) -> int:
        assert self.direct == [], f"loaded around relief's loader: {self.direct}"
        return len(self.calls)


@pytest.fixture(autouse=True)
def _isolated(monkeypatch, tmp_path):
    """Never read or create the user's site secret or config."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("RELIEF_SITE_SECRET", SECRET)


def relief(*args) -> object:
    return CliRunner().invoke(cli, [str(a) for a in args])


@pytest.fixture
def small(tmp_path) -> Path:
    target = tmp_path / "small"
    shutil.copytree(SMALL, target)
    return target


def add_an_error(books: Path) -> None:
    """A transaction with an account that is never opened: the books have errors."""
    with (books / "txns" / "2026.beancount").open("a", encoding="utf-8") as fh:
        fh.write('\n2026-03-04 * "x"\n  Assets:Bank:Basic  1.00 CNY\n  Income:Nowhere\n')


def test_check_loads_once(monkeypatch, small):
    loads = Loads(monkeypatch)
    result = relief("check", small)
    assert result.exit_code == 0, result.output
    assert loads.count == 1


def test_publish_loads_once_and_verify_never(monkeypatch, small, tmp_path):
    loads = Loads(monkeypatch)
    site = tmp_path / "site"
    result = relief("publish", small, "--out", site, "--no-report-pdf", "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert loads.count == 1
    verified = relief("verify", site)
    assert verified.exit_code == 0, verified.output
    assert loads.count == 1  # verify checks the site without the books


def test_publish_refusing_errors_loads_once_and_allowed_says_so(monkeypatch, small, tmp_path):
    add_an_error(small)
    loads = Loads(monkeypatch)
    refused = relief("publish", small, "--out", tmp_path / "site", "--no-report-pdf", "--jobs", "1")
    assert refused.exit_code == 1 and "Income:Nowhere" in refused.output and "--allow-errors" in refused.output
    assert loads.count == 1
    allowed = relief("publish", small, "--out", tmp_path / "site", "--no-report-pdf", "--jobs", "1", "--allow-errors")
    assert allowed.exit_code == 0, allowed.output
    assert re.search(r"publishing despite \d+ errors? in the books \(--allow-errors\)", allowed.stderr), allowed.stderr
    assert loads.count == 2


def test_report_loads_once(monkeypatch, small, tmp_path):
    loads = Loads(monkeypatch)
    result = relief("report", small, "--out", tmp_path / "annual.pdf")
    assert result.exit_code == 0, result.output
    assert loads.count == 1


def test_report_refuses_errors_with_the_list(monkeypatch, small, tmp_path):
    add_an_error(small)
    loads = Loads(monkeypatch)
    result = relief("report", small, "--out", tmp_path / "annual.pdf")
    assert result.exit_code == 1
    assert "the report was not made" in result.output and "Income:Nowhere" in result.output and "--allow-errors" in result.output
    assert not (tmp_path / "annual.pdf").exists() and loads.count == 1


def test_letters_load_once(monkeypatch, tmp_path):
    books = tmp_path / "books"
    shutil.copytree(LETTER_BOOKS, books)
    loads = Loads(monkeypatch)
    result = relief("letters", books, "--out", tmp_path / "letters", "--donor", "D0001", "--jobs", "1")
    assert result.exit_code == 0, result.output
    assert loads.count == 1


def test_letters_refuse_errors_after_one_load(monkeypatch, small, tmp_path):
    add_an_error(small)
    loads = Loads(monkeypatch)
    result = relief("letters", small, "--out", tmp_path / "letters")
    assert result.exit_code == 1 and "formal receipt" in result.output and "Income:Nowhere" in result.output
    assert not (tmp_path / "letters").exists() and loads.count == 1


def test_reconcile_loads_once(monkeypatch, tmp_path):
    main_file = make_reconcile_books(tmp_path / "books")
    loads = Loads(monkeypatch)
    result = relief("reconcile", main_file, "--period", "2024-03")
    assert result.exit_code == 0, result.output
    assert loads.count == 1


def test_close_loads_once_then_once_more_after_writing(monkeypatch, tmp_path):
    main_file = make_reconcile_books(tmp_path / "books")
    closes = main_file.parent / "closes.beancount"
    loads = Loads(monkeypatch, snapshot=lambda main: '"period-close" "2024-03"' in closes.read_text(encoding="utf-8"))
    result = relief("close", main_file, "2024-03")
    assert result.exit_code == 0, result.output
    # the books as they were, then the books with the close written (checked for new errors)
    assert loads.count == 2 and [seen for _, seen in loads.calls] == [False, True]


def test_close_refused_loads_once(monkeypatch, tmp_path):
    main_file = make_reconcile_books(tmp_path / "books", replace={"2024-03-12 *": "2024-03-12 !"})  # awaits a decision
    loads = Loads(monkeypatch)
    result = relief("close", main_file, "2024-03")
    assert result.exit_code == 1 and "cannot be closed" in result.output
    assert loads.count == 1


@pytest.fixture
def import_books(tmp_path) -> tuple[Path, Path]:
    """Books for the importers and one bank statement to import into them."""
    main_file = make_import_books(tmp_path / "books")
    statement = tmp_path / "s.csv"
    statement.write_bytes((ICBC_HEAD + icbc_row("2026-03-05", "100.00", "", "100.00", "王小明")).encode("gb18030"))
    return main_file.parent, statement


def test_import_dry_run_loads_once(monkeypatch, import_books):
    books, statement = import_books
    loads = Loads(monkeypatch)
    result = relief("import", books, statement)
    assert result.exit_code == 0, result.output
    assert loads.count == 1


def test_import_write_loads_once_then_once_more_after_writing(monkeypatch, import_books):
    books, statement = import_books
    inbox = books / "inbox.beancount"
    loads = Loads(monkeypatch, snapshot=lambda main: "王小明" in inbox.read_text(encoding="utf-8"))
    result = relief("import", books, statement, "--write")
    assert result.exit_code == 0, result.output
    assert loads.count == 2 and [seen for _, seen in loads.calls] == [False, True]


def test_import_write_refuses_books_with_errors_after_one_load(monkeypatch, import_books):
    books, statement = import_books
    add_an_error(books)
    before = (books / "inbox.beancount").read_text(encoding="utf-8")
    loads = Loads(monkeypatch)
    result = relief("import", books, statement, "--write")
    assert result.exit_code == 1 and "already have" in result.output and "Income:Nowhere" in result.output
    assert (books / "inbox.beancount").read_text(encoding="utf-8") == before
    assert loads.count == 1
    assert relief("import", books, statement).exit_code == 0  # a dry run still shows what it would add


# --- programming errors reach the crash file ------------------------------------------------

#: command -> (where a bug is planted, the command's arguments given books BOOKS and a folder OUT)
BUGS = {
    "check": ("cli.check_cmd.missing_conventions", ["BOOKS"]),
    "publish": ("publish.run.build_public_model", ["BOOKS", "--out", "OUT/site", "--no-report-pdf", "--jobs", "1"]),
    "publish --templates": ("publish.run.build_public_model",
                            ["BOOKS", "--out", "OUT/site", "--no-report-pdf", "--jobs", "1", "--templates", "OUT/templates"]),
    "report": ("publish.annual.render_annual_report", ["BOOKS", "--out", "OUT/annual.pdf"]),
    "letters": ("letters.make.build_letters", ["BOOKS", "--out", "OUT/letters", "--jobs", "1"]),
    "reconcile": ("cli.reconcile_cmd.build_report", ["BOOKS", "--period", "2026-03"]),
    "close": ("ledger.closes.close.parse_closes", ["BOOKS", "2026-03"]),
    "import": ("importers.run.choose_importer", ["BOOKS", "OUT/s.csv"]),
    "verify": ("ledger.transparency.verifier.verify_site", ["OUT"]),
}


@pytest.mark.parametrize("name", sorted(BUGS))
def test_a_bug_in_a_library_reaches_the_crash_file(name, monkeypatch, capsys, small, tmp_path):
    target, args = BUGS[name]

    def planted(*args, **kwargs):
        raise KeyError("planted bug")

    monkeypatch.setattr(target, planted)
    (tmp_path / "templates").mkdir()
    (tmp_path / "s.csv").write_bytes((ICBC_HEAD + icbc_row("2026-03-05", "100.00", "", "100.00", "王小明")).encode("gb18030"))
    argv = [a.replace("BOOKS", str(small)).replace("OUT", str(tmp_path)) for a in args]
    monkeypatch.delenv("RELIEF_DEBUG", raising=False)
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    monkeypatch.setattr("tempfile.tempdir", None)
    monkeypatch.setattr(sys, "argv", ["relief", name.split()[0], *argv])
    with pytest.raises(SystemExit) as stopped:
        main()
    assert stopped.value.code not in (0, 1, None)  # not success, not a user's mistake
    out, err = capsys.readouterr()
    assert "internal error (KeyError: 'planted bug')" in err, out + err
    assert "rendering failed" not in out + err and "Traceback" not in err
    assert not [line for line in (out + err).splitlines() if line.startswith("Error:")]  # no user message
    crash = Path(err.split("details are in ")[1].split(" —")[0])
    assert crash.parent == tmp_path and "planted bug" in crash.read_text(encoding="utf-8")
