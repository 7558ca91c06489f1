"""`relief demo`: writes books, refuses what would lose data, explains bad input."""

from __future__ import annotations

from click.testing import CliRunner

from cli import cli


def _run(*args):
    return CliRunner().invoke(cli, ["demo", *args])


def test_help():
    result = _run("--help")
    assert result.exit_code == 0
    assert "--out" in result.output and "--seed" in result.output and "--transactions" in result.output


def test_writes_books_and_says_where(tmp_path):
    out = tmp_path / "demo"
    result = _run("--out", str(out), "--transactions", "300")
    assert result.exit_code == 0, result.output
    assert (out / "main.beancount").is_file() and (out / "private/cases.csv").is_file()
    assert str(out) in result.output
    # the read-only Fava with the audit views (stock `fava` was suggested: it can edit the books)
    assert f"relief serve {out / 'main.beancount'}" in result.output
    assert not [p for p in tmp_path.iterdir() if p.name != "demo"]  # no staging folder left behind


def test_refuses_a_folder_that_is_not_empty(tmp_path):
    out = tmp_path / "mine"
    out.mkdir()
    (out / "notes.txt").write_text("keep me", encoding="utf-8")
    result = _run("--out", str(out))
    assert result.exit_code == 1
    assert "not empty" in result.output and "--force" in result.output
    assert [p.name for p in out.iterdir()] == ["notes.txt"]
    assert [p.name for p in tmp_path.iterdir()] == ["mine"]


def test_force_replaces_earlier_books_only(tmp_path):
    out = tmp_path / "demo"
    assert _run("--out", str(out), "--transactions", "300", "--seed", "1").exit_code == 0
    first = (out / "txns/2026.beancount").read_bytes()
    result = _run("--out", str(out), "--transactions", "300", "--seed", "2", "--force")
    assert result.exit_code == 0, result.output
    assert (out / "txns/2026.beancount").read_bytes() != first
    assert [p.name for p in tmp_path.iterdir()] == ["demo"]
    other = tmp_path / "other"
    other.mkdir()
    (other / "notes.txt").write_text("keep me", encoding="utf-8")
    result = _run("--out", str(other), "--force")
    assert result.exit_code == 1 and "no main.beancount" in result.output
    assert (other / "notes.txt").read_text(encoding="utf-8") == "keep me"


def test_force_never_replaces_a_centres_own_books(tmp_path):
    """`relief demo --out mybooks --force`, typed for the wrong folder: real books stay."""
    books = tmp_path / "mybooks"
    assert CliRunner().invoke(cli, ["init", str(books)]).exit_code == 0
    before = {p.relative_to(books): p.read_bytes() for p in books.rglob("*") if p.is_file()}
    result = _run("--out", str(books), "--transactions", "300", "--force")
    assert result.exit_code == 1, result.output
    assert "did not write" in result.output and str(books) in result.output and "Traceback" not in result.output
    assert {p.relative_to(books): p.read_bytes() for p in books.rglob("*") if p.is_file()} == before
    assert [p.name for p in tmp_path.iterdir()] == ["mybooks"]


def test_refuses_a_file_as_the_folder(tmp_path):
    target = tmp_path / "file.txt"
    target.write_text("x", encoding="utf-8")
    result = _run("--out", str(target))
    assert result.exit_code == 1 and "is a file" in result.output
    assert target.read_text(encoding="utf-8") == "x"


def test_bad_transactions_value(tmp_path):
    for value in ("ten", "5", "0", "-3", "2000000"):
        result = _run("--out", str(tmp_path / "d"), "--transactions", value)
        assert result.exit_code == 2, value
        assert "--transactions" in result.output, value
        assert "Traceback" not in result.output
    assert list(tmp_path.iterdir()) == []


def test_out_is_required():
    result = _run()
    assert result.exit_code == 2 and "--out" in result.output


def test_a_killed_demo_leaves_no_staging_folder_for_good(tmp_path):
    """`relief demo` killed outright (kill -9, a CI job's timeout) while it wrote the books
    left its staging folder (`.demo.demo.XXXX`, a whole set of books: 40 MB at 100,000
    transactions) beside the output folder for good; every later run left it there. The next
    run now removes staging folders no running demo holds; one that a demo still writes stays."""
    import fcntl
    import os
    import signal
    import subprocess
    import sys
    import textwrap
    import time
    from pathlib import Path

    out = tmp_path / "demo"
    script = textwrap.dedent("""
        import sys, time
        import ledger.demo.write as write
        def stopped(root, year):
            print("staging", flush=True)
            time.sleep(60)
        write._fill = stopped
        sys.argv = ["relief", "demo", "--out", sys.argv[1], "--transactions", "200"]
        from cli import run
        run()
    """)
    root = Path(__file__).resolve().parents[2]
    proc = subprocess.Popen([sys.executable, "-c", script, str(out)], stdout=subprocess.PIPE, text=True,
                            env={**os.environ, "PYTHONPATH": str(root)})
    assert proc.stdout.readline().strip() == "staging"
    proc.send_signal(signal.SIGKILL)
    proc.wait(30)
    left = [p for p in tmp_path.iterdir() if p.name.startswith(".demo.demo.")]
    assert len(left) == 1
    running = tmp_path / ".demo.demo.running0"  # a demo writing beside this one, its folder locked
    (running / "books").mkdir(parents=True)
    for folder in (*left, running):
        os.utime(folder, (time.time() - 60, time.time() - 60))
    fd = os.open(running, os.O_RDONLY | os.O_DIRECTORY)
    fcntl.flock(fd, fcntl.LOCK_EX)
    try:
        result = _run("--out", str(out), "--transactions", "200")
    finally:
        os.close(fd)
    assert result.exit_code == 0, result.output
    assert sorted(p.name for p in tmp_path.iterdir()) == [".demo.demo.running0", "demo"]
