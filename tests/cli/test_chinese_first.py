"""Every command but import speaks Chinese first: each line a finance officer reads holds
Chinese (then the English, unchanged), as the rules' messages and `relief verify` do.

Each command is run on the demo books (and on a bad input); a line with no CJK character
fails, unless it holds only numbers, paths, ids and punctuation. A new English-only line
fails here. import's own output is tested in tests/importers (test_dry_run_chinese_first.py).
"""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import cli

CJK = re.compile(r"[\u3000-\u303f\u4e00-\u9fff\uff00-\uffef]")
#: what a line may hold without Chinese: paths (a token with / in it), account names, numbers, ids and punctuation
PATHLIKE = re.compile(r"\S*[/\\]\S*|\b[A-Z][\w-]*(?::[\w-]+)+(?: \([A-Z]{3}\))?")  # and account names (Assets:Bank:Basic, Assets:Bank:Forex (USD))
WORD = re.compile(r"[A-Za-z]{2,}")


def english_only(output: str) -> list[str]:
    """The lines of `output` that hold words but no Chinese character."""
    return [line for line in output.splitlines()
            if not CJK.search(line) and WORD.search(PATHLIKE.sub(" ", line))]


def test_english_only_finds_what_it_should():
    assert english_only("/tmp/x/index.html\n12,345.00  3\n通过：x。 ok: x\n") == []
    assert english_only("12 pages\n") == ["12 pages"]


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("RELIEF_SITE_SECRET", "chinese-first-tests-site-secret-0123456789")
        mp.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))
        yield mp


@pytest.fixture(scope="module")
def books(env, tmp_path_factory) -> Path:
    """Small demo books (200 transactions)."""
    from ledger.demo import write_demo

    main, _year = write_demo(tmp_path_factory.mktemp("books") / "books", seed=1, transactions=200)
    return main


@pytest.fixture(scope="module")
def site(books, tmp_path_factory) -> Path:
    """The demo books published (no annual report PDF)."""
    from ledger.books import load_books
    from publish.run import publish_books

    out = tmp_path_factory.mktemp("site") / "site"
    publish_books(load_books(books), out)
    return out


def relief(*args) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [str(a) for a in args])
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def test_witness(site, tmp_path):
    key, out = tmp_path / "w.key", tmp_path / "cosig"
    lines = []
    for _ in range(2):  # the first time (a new key, a first checkpoint), then again (the log extends the last one)
        status, text = relief("witness", site, "--key", key, "--name", "audit.example", "--out", out)
        assert status == 0, text
        lines.append(text)
    for bad in (["--name", "a b"], ["--name", "../x"], ["--log-vkey", "someone+00000000+AAAA"]):
        status, text = relief("witness", site, "--key", key, "--name", "audit.example", "--out", out, *bad)
        assert status == 1, text
        lines.append(text)
    status, text = relief("witness", site.parent, "--key", key, "--name", "audit.example", "--out", out)
    assert status == 1, text
    lines.append(text)
    (tmp_path / "bad.key").write_text("not a key\n", encoding="utf-8")
    status, text = relief("witness", site, "--key", tmp_path / "bad.key", "--name", "audit.example", "--out", out)
    assert status == 1, text
    lines.append(text)
    assert english_only("\n".join(lines)) == []


def write(path: Path, text: str) -> Path:
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def foreign(tmp_path_factory) -> Path:
    """Someone else's books: no rules, funds, donors, aid accounts or names; a transaction dated ahead."""
    return write(tmp_path_factory.mktemp("foreign") / "main.beancount",
                 'option "operating_currency" "CNY"\n2026-01-01 open Assets:Cash\n2026-01-01 open Expenses:X\n'
                 '2026-02-01 * "a"\n  Assets:Cash -1 CNY\n  Expenses:X\n'
                 '2099-02-01 * "b"\n  Assets:Cash -1 CNY\n  Expenses:X\n')


def test_check(books, foreign):
    lines = []
    for args in ([books], [foreign]):
        status, text = relief("check", *args)
        assert status == 0, text
        lines.append(text)
    assert "note: the rules are not switched on" in lines[-1] and "dated after today" in lines[-1]
    assert english_only("\n".join(lines)) == []


def test_books_that_cannot_be_used(books, tmp_path):
    """What every command that reads books says of books it cannot use (cli/common.py, ledger/books.py)."""
    bad = tmp_path / "bad"
    import shutil

    shutil.copytree(books.parent, bad)
    write(bad / "txns" / "extra.beancount", '2026-05-03 * "x"\n  fund: "NO-SUCH-FUND"\n  Expenses:Aid:Living  1.00 CNY\n  Assets:Bank:Basic\n')
    write(tmp_path / "empty" / "notes.txt", "")
    lines = []
    for args in (["check", tmp_path / "nowhere"], ["check", tmp_path / "empty"], ["check", ""],
                 ["check", bad / "txns" / "extra.beancount"],
                 ["report", bad, "--out", tmp_path / "r.pdf"], ["letters", bad, "--out", tmp_path / "letters"]):
        status, text = relief(*args)
        assert status == 1, (args, text)
        lines.append(text)
    assert "the books have" in lines[-1] and "no letter was made" in lines[-1]
    # the errors listed are the rules' own (bilingual) messages, file:line first
    assert english_only("\n".join(lines)) == []


def test_close(books, tmp_path):
    import shutil

    copy = tmp_path / "books"
    shutil.copytree(books.parent, copy)
    lines = []
    status, text = relief("close", copy, "2026-01")
    assert status == 0 and "Closed 2026-01: " in text, text
    lines.append(text)
    for period in ("2026-01", "2099-01", "1999-01"):
        status, text = relief("close", copy, period)
        assert status == 1, text
        lines.append(text)
    (copy / "closes" / "2026-01.sha256").unlink()
    status, text = relief("close", copy, "2026-01")
    assert status == 0 and "written again" in text, text
    lines.append(text)
    assert english_only("\n".join(lines)) == []


def test_demo_and_init(tmp_path):
    lines = []
    for args, want in ((["demo", "--out", tmp_path / "demo", "--transactions", 200], 0),
                       (["demo", "--out", tmp_path / "demo", "--transactions", 200], 1),
                       (["init", tmp_path / "new", "--year", 2026], 0),
                       (["init", tmp_path / "new"], 1),
                       (["demo", "--out", tmp_path / "new", "--force"], 1)):
        status, text = relief(*args)
        assert status == want, (args, text)
        lines.append(text)
    assert english_only("\n".join(lines)) == []


def test_letters(books, tmp_path, monkeypatch):
    lines = []
    for args, want in ((["--donor", "D0001", "--statements"], 0), (["--donor", "D0001", "--year", 2020], 0),
                       (["--donor", "D0001"], 0)):
        status, text = relief("letters", books, "--out", tmp_path / "letters", *args)
        assert status == want, (args, text)
        lines.append(text)
    assert " made, " in lines[0] and "No donations for donor D0001 2020; no letters made." in lines[1]
    monkeypatch.delenv("RELIEF_SITE_SECRET")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "no-config"))
    status, text = relief("letters", books, "--out", tmp_path / "letters")
    assert status == 1 and "no site secret" in text, text
    lines.append(text)
    assert english_only("\n".join(lines)) == []


def test_report(books, tmp_path):
    status, text = relief("report", books, "--out", tmp_path / "r.pdf")
    assert status == 0 and " pages" in text, text
    lines = [text]
    status, text = relief("report", books, "--out", tmp_path / "r.txt")
    assert status == 1, text
    lines.append(text)
    assert english_only("\n".join(lines)) == []


def test_reconcile(books, tmp_path):
    lines = []
    for args, want in ((["--period", "2026-03", "--html", tmp_path / "r.html"], 0), (["--period", "2099-03"], 1),
                       (["--period", "1999"], 1), (["--period", "2026-03", "--html", tmp_path / "r.csv"], 1)):
        status, text = relief("reconcile", books, *args)
        assert status == want, (args, text)
        lines.append(text)
    assert "2026-03 reconciles." in lines[0] and "does not reconcile" in lines[1]
    assert english_only("\n".join(lines)) == []


@pytest.fixture(scope="module")
def broken(tmp_path_factory) -> Path:
    """Books whose March 2024 breaks most of reconcile's checks (tests/reconcile/test_problems_chinese_first.py)."""
    from tests.reconcile.test_problems_chinese_first import BOOKS

    folder = tmp_path_factory.mktemp("broken")
    for name in ("x.pdf", "a.csv", "b.csv", "c.csv"):
        write(folder / name, "")
    return write(folder / "main.beancount", BOOKS)


def test_reconcile_and_close_with_failing_checks(books, broken, tmp_path):
    """Each check's problems, notes and advice (ledger/reconcile/checks.py), in the terminal,
    on the HTML report and in what `relief close` lists when it refuses (a check fails; the
    books do not switch the rules on)."""
    import shutil

    status, text = relief("reconcile", broken, "--period", "2024-03", "--html", tmp_path / "r.html")
    assert status == 1 and "the statement says 250.00 CNY" in text and "a pad filled it" in text, text
    lines = [text]
    copy = tmp_path / "books"
    shutil.copytree(books.parent, copy)
    with open(copy / "txns" / "2026.beancount", "a", encoding="utf-8") as txns:  # cash drawn, flagged: two balances and a ! fail
        txns.write('\n2026-01-20 ! "提取备用金"\n  fund: "GENERAL"\n  Assets:Bank:Basic  -1.00 CNY\n  Assets:Cash  1.00 CNY\n')
    status, text = relief("close", copy, "2026-01")
    assert status == 1 and "cannot be closed" in text and "  - Assets:Bank:Basic" in text and "(flagged !)" in text, text
    lines.append(text)
    status, text = relief("close", broken, "2024-03")
    assert status == 1 and "the books do not switch the rules on" in text, text
    lines.append(text)
    assert english_only("\n".join(lines)) == []
    page = (tmp_path / "r.html").read_text(encoding="utf-8")
    items = re.findall(r'<(?:li|td class="note[^"]*")>(.*?)</(?:li|td)>', page, re.S)
    assert any("a pad filled it" in i for i in items)
    assert english_only("\n".join(i for i in items if i.strip())) == []


def test_publish(books, foreign, tmp_path, monkeypatch):
    monkeypatch.delenv("RELIEF_SITE_SECRET")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))  # a first publish: the secret and the log key are made
    lines = []
    for args, want in (([books, "--out", tmp_path / "site", "--no-report-pdf"], 0),
                       ([foreign.parent, "--out", tmp_path / "foreign"], 1),
                       ([foreign.parent, "--out", tmp_path / "foreign", "--no-report-pdf", "--allow-foreign"], 0)):
        status, text = relief("publish", *args)
        assert status == want, (args, text)
        lines.append(text)
    assert "note: created a new site secret" in lines[0] and " written, " in lines[0]
    assert "--allow-foreign" in lines[1] and "published despite" in lines[2]
    # --timings' lines are for developers, and stay English (cli/publish_cmd.py)
    assert english_only("\n".join(lines)) == []


def test_serve(books, monkeypatch):
    """What relief serve says before Fava takes over (the server itself is not started here)."""
    from cli import serve_cmd

    monkeypatch.setattr(serve_cmd, "run", lambda fava, host, port: None)
    monkeypatch.setattr(serve_cmd, "port_free", lambda host, port: True)
    lines = []
    for args in (["--host", "0.0.0.0"], ["--edit"]):
        status, text = relief("serve", books, *args)
        assert status == 0, text
        lines.append(text)
    monkeypatch.setattr(serve_cmd, "port_free", lambda host, port: False)
    status, text = relief("serve", books)
    assert status == 1, text
    lines.append(text)
    assert "Fava on " in lines[0] and "listening on 0.0.0.0" in lines[0]
    assert english_only("\n".join(lines)) == []


def test_verify(site, tmp_path):
    lines = []
    for args, want in (([site], 0), ([tmp_path / "nowhere"], 1), ([site, "--code", "not-a-code"], 1)):
        status, text = relief("verify", *args)
        assert status == want, (args, text)
        lines.append(text)
    assert english_only("\n".join(lines)) == []


def test_a_bug_and_an_interrupt(tmp_path, monkeypatch):
    """The crash line (a bug: main's last line of defence) and what a stopped command says."""
    import subprocess
    import sys

    from cli import INTERRUPTED

    assert english_only(INTERRUPTED) == []
    code = ("import cli, cli.init_cmd as m\n"
            "def boom(*a, **k): raise RuntimeError('simulated bug')\n"
            "m.init_books = boom\ncli.main()\n")
    monkeypatch.setenv("TMPDIR", str(tmp_path))
    done = subprocess.run([sys.executable, "-c", code, "init", str(tmp_path / "b")], capture_output=True, text=True,
                          cwd=Path(__file__).resolve().parents[2], check=False)
    assert done.returncode == 2 and "internal error (RuntimeError: simulated bug)" in done.stderr, done.stderr
    assert english_only(done.stderr) == []


def test_publish_with_withheld_reasons_and_flagged_entries(books, tmp_path):
    """The notes of a publish whose transfer between funds names a person helped in its reason
    and its approval number (publish/withheld.py), with an entry flagged ! (ledger/unreviewed.py)."""
    import shutil

    copy = tmp_path / "books"
    shutil.copytree(books.parent, copy)
    with open(copy / "txns" / "2026.beancount", "a", encoding="utf-8") as txns:
        txns.write('\n2026-03-15 ! "一般帮扶资金转入助学专项，用于 C0001 大病救助"\n  approval: "SP-C0002"\n'
                   '  Equity:FundTransfers   1.00 CNY\n    fund: "GENERAL"\n  Equity:FundTransfers  -1.00 CNY\n    fund: "EDU-2026"\n')
    status, text = relief("publish", copy, "--out", tmp_path / "site", "--no-report-pdf")
    assert status == 0, text
    assert "the reason of this transfer between funds holds case C0001" in text and "approval number" in text, text
    assert "1 transaction is flagged !" in text, text
    assert english_only(text) == []


def refused(text: str) -> str:
    """What a usage error says, click's own `Usage:` and `Try …` lines with it: they were
    click's English alone, and are now Chinese first too (cli/click_words.py)."""
    return text


def test_empty_options_and_bad_keys(books, tmp_path, monkeypatch):
    """An empty --out or key file (cli/out_folder.py, cli/given_file.py), and site secrets and
    log keys that cannot be used (publish/ack.py, publish/verification.py)."""
    lines = []
    for args in (["publish", books, "--out", ""], ["letters", books, "--out", " "],
                 ["publish", books, "--out", tmp_path / "s", "--secret-file", ""],
                 ["publish", books, "--out", tmp_path / "s", "--log-key-file", ""]):
        status, text = relief(*args)
        assert status == 2 and "it is empty (an unset variable?)" in text, (args, text)
        lines.append(refused(text))
    short, bom, log_key = tmp_path / "short.key", tmp_path / "bom.key", tmp_path / "log.key"
    short.write_text("short\n", encoding="utf-8")
    bom.write_bytes(b"\xef\xbb\xbf" + b"x" * 40 + b"\n")
    log_key.write_text("not a key\n", encoding="utf-8")
    for args, want in ((["--secret-file", short], "too short"), (["--secret-file", bom], "byte-order mark"),
                       (["--secret-file", tmp_path / "missing.key"], "no such secret file"),
                       (["--secret-file", books.parent / "main.beancount"], "outside the books folder"),
                       (["--log-key-file", log_key], "base64 of 32 random bytes")):
        status, text = relief("publish", books, "--out", tmp_path / "s", "--no-report-pdf", *args)
        assert status == 1 and want in text, (args, text)
        lines.append(text)
    monkeypatch.setenv("RELIEF_SITE_SECRET", " ")
    status, text = relief("publish", books, "--out", tmp_path / "s", "--no-report-pdf")
    assert status == 1 and "is set but empty" in text, text
    lines.append(text)
    assert english_only("\n".join(lines)) == []


def test_publish_stops_on_a_name_shown(books, tmp_path):
    """What publish stops on, and `relief check` notes, when a name the site shows names a
    person helped (publish/withheld.py: goods named for a case, a narrative holding a case's id)."""
    import shutil

    copy = tmp_path / "books"
    shutil.copytree(books.parent, copy)
    funds = copy / "registry" / "funds.beancount"
    funds.write_text(funds.read_text(encoding="utf-8").replace('name_zh: "一般帮扶资金"', 'name_zh: "C0001一般帮扶资金"', 1), encoding="utf-8")
    lines = []
    status, text = relief("publish", copy, "--out", tmp_path / "site", "--no-report-pdf")
    assert status == 1 and "the fund declared here holds case C0001" in text and "and publish again" in text, text
    lines.append(text)
    status, text = relief("check", copy)
    assert "(relief publish stops on it)" in text, text
    lines.append(text)
    funds.write_text(funds.read_text(encoding="utf-8").replace("C0001一般帮扶资金", "一般帮扶资金"), encoding="utf-8")
    write(copy / "report" / "2026.md", "本年度我们慰问了 C0002 一家。\n")
    status, text = relief("publish", copy, "--out", tmp_path / "site", "--no-report-pdf")
    assert status == 1 and "the narrative holds case C0002" in text, text
    lines.append(text)
    status, text = relief("check", copy)
    assert "the narrative holds case C0002" in text and "(relief publish stops on it)" in text, text
    lines.append(text)
    assert english_only("\n".join(lines)) == []
