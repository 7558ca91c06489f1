"""`relief serve`: its options and errors (CliRunner), and the app it builds (no server)."""

from __future__ import annotations

import os
import shutil
import signal
import socket

from click.testing import CliRunner

from cli import cli
from cli.serve import make_app, port_free


def _free_port() -> int:
    """A port nothing on this machine listens on (just now)."""
    with socket.socket() as free:
        free.bind(("127.0.0.1", 0))
        return free.getsockname()[1]


def test_help_names_the_options():
    result = CliRunner().invoke(cli, ["serve", "--help"])
    assert result.exit_code == 0
    for option in ("--host", "--port", "--edit", "127.0.0.1", "read-only"):
        assert option in result.output


def test_missing_books_is_a_clear_error(tmp_path):
    result = CliRunner().invoke(cli, ["serve", str(tmp_path / "nowhere")])
    assert result.exit_code == 1
    assert "no such file or folder" in result.output and "Traceback" not in result.output
    result = CliRunner().invoke(cli, ["serve", str(tmp_path)])
    assert result.exit_code == 1 and "relief init" in result.output


def test_bad_port_is_a_usage_error(sample_books):
    result = CliRunner().invoke(cli, ["serve", str(sample_books), "--port", "70000"])
    assert result.exit_code == 2 and "70000" in result.output


def test_port_in_use_is_a_clear_error(sample_books):
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        sock.listen(1)
        port = sock.getsockname()[1]
        assert not port_free("127.0.0.1", port)
        result = CliRunner().invoke(cli, ["serve", str(sample_books), "--port", str(port)])
    assert result.exit_code == 1 and "already in use" in result.output


def test_app_is_read_only_unless_edit(sample_books):
    for edit, expected in ((False, 401), (True, None)):
        fava = make_app(sample_books.parent, edit=edit)
        assert fava.read_only is (not edit)
        client = fava.app.test_client()
        response = client.put(f"/{fava.slug}/api/source", json={"file_path": str(fava.main), "source": "x", "sha256sum": "wrong"})
        if expected:
            assert response.status_code == expected
        else:
            assert response.status_code != 401  # refused for the wrong checksum, not for read-only
        assert "ReliefAudit" in fava.url("127.0.0.1", 5000)


def test_a_change_refused_as_read_only_says_so_in_favas_own_words(sample_books):
    """Save in Fava's editor, an upload or an import on read-only books showed the auditor a
    red "HTTP 401" and nothing else (Unauthorized: as if a login were missing). Fava's page
    shows the `error` of a JSON answer beside the status, so the refusal now says why and
    what a finance officer runs instead."""
    fava = make_app(sample_books.parent)
    client = fava.app.test_client()
    for method, path in (("put", "api/source"), ("put", "api/upload_import_file"), ("put", "api/add_entries"), ("delete", "api/document")):
        response = getattr(client, method)(f"/{fava.slug}/{path}", json={})
        assert response.status_code == 401, path
        error = response.get_json()["error"]
        assert error.startswith("账簿以只读方式打开") and "read-only" in error and "relief serve BOOKS --edit" in error, error
    assert client.get(f"/{fava.slug}/api/source", query_string={"filename": str(fava.main)}).status_code == 200


def test_books_without_the_extension_get_a_note(tmp_path, monkeypatch):
    main = tmp_path / "main.beancount"
    main.write_text('option "title" "x"\n2026-01-01 open Assets:Cash CNY\n', encoding="utf-8")
    fava = make_app(main)
    assert not fava.has_extension
    import cli.serve_cmd as serve_cmd

    monkeypatch.setattr(serve_cmd, "run", lambda *a, **k: None)  # do not block
    result = CliRunner().invoke(cli, ["serve", str(main), "--port", "0"])
    assert result.exit_code == 2  # port 0 is refused by the range
    port = _free_port()
    result = CliRunner().invoke(cli, ["serve", str(main), "--port", str(port)])
    assert result.exit_code == 0, result.output
    assert 'custom "fava-extension" "ledger.fava_ext"' in result.output and "read-only" in result.output
    assert "1 error in the books" in result.output  # Fava: no operating currency
    # the address printed is one Fava answers: the audit page was printed, a 404 without the extension
    assert "ReliefAudit" not in fava.url("127.0.0.1", port) and fava.url("127.0.0.1", port) in result.output
    path = fava.url("127.0.0.1", port).split(str(port), 1)[1]
    assert fava.app.test_client().get(path, follow_redirects=True).status_code == 200


def test_errors_in_the_books_are_counted(sample_books, monkeypatch):
    import cli.serve_cmd as serve_cmd

    monkeypatch.setattr(serve_cmd, "run", lambda *a, **k: None)
    port = _free_port()
    result = CliRunner().invoke(cli, ["serve", str(sample_books), "--port", str(port)])
    assert result.exit_code == 0, result.output
    assert "3 errors in the books" in result.output  # the sample's gap, early aid and limit


def test_warnings_are_not_counted_as_errors(tmp_path, monkeypatch):
    """Books whose only findings were two warnings (donors' names a spreadsheet would run) were
    announced as "2 errors in the books", where `relief check` says "0 errors, 2 warnings" and
    the pages carry no errors notice. They are told apart, as `relief check` tells them."""
    import cli.serve_cmd as serve_cmd
    from tests.fava.samples import SAMPLE_TXNS, write_books

    monkeypatch.setattr(serve_cmd, "run", lambda *a, **k: None)
    main = write_books(tmp_path / "books", txns=SAMPLE_TXNS + WARNED)
    result = CliRunner().invoke(cli, ["serve", str(main), "--port", str(_free_port())])
    assert result.exit_code == 0, result.output
    assert "3 errors, 2 warnings in the books" in result.output, result.output  # the sample's three errors
    main = write_books(tmp_path / "warned", registry=WARNED, txns="")
    result = CliRunner().invoke(cli, ["serve", str(main), "--port", str(_free_port())])
    assert "0 errors, 2 warnings in the books" in result.output, result.output
    fava = make_app(main)
    assert (fava.errors, fava.warnings) == (0, 2)


#: Two donors whose names a spreadsheet would run as formulas: two warnings, no error.
WARNED = """
2026-01-01 custom "donor" "D0009" "individual"
  name: "=SUM(1)"

2026-01-01 custom "donor" "D0010" "individual"
  name: "+86 138"
"""


def test_host_not_of_this_machine_is_a_clear_error(sample_books):
    result = CliRunner().invoke(cli, ["serve", str(sample_books), "--host", "203.0.113.1", "--port", "5999"])
    assert result.exit_code == 1 and "not an address of this machine" in result.output


def _served(sample_books, monkeypatch, *args):
    """What `relief serve` hands the server: (app, host, port), and what it printed."""
    import cli.serve_cmd as serve_cmd

    calls = []
    monkeypatch.setattr(serve_cmd, "run", lambda fava, host, port: calls.append((fava, host, port)))
    port = _free_port()
    result = CliRunner().invoke(cli, ["serve", str(sample_books), "--port", str(port), *args])
    assert result.exit_code == 0, result.output
    [call] = calls
    return call, result.output


def test_serve_listens_on_this_machine_only_and_read_only_by_default(sample_books, monkeypatch):
    """The books name donors and cases: without --host they are served to this machine only,
    and without --edit no request can change them."""
    (fava, host, _port), output = _served(sample_books, monkeypatch)
    assert host == "127.0.0.1" and fava.read_only
    assert "warning" not in output
    client = fava.app.test_client()
    for method, path in (("post", "api/add_entries"), ("put", "api/source"), ("delete", "api/document"), ("post", "extension/ReliefAudit/statement")):
        assert getattr(client, method)(f"/{fava.slug}/{path}", json={}).status_code == 401, path


def test_serve_edit_and_another_host_are_asked_for(sample_books, monkeypatch):
    (fava, host, _port), output = _served(sample_books, monkeypatch, "--edit")
    assert host == "127.0.0.1" and not fava.read_only and "editable" in output
    (fava, host, _port), output = _served(sample_books, monkeypatch, "--host", "0.0.0.0")
    assert host == "0.0.0.0" and fava.read_only
    assert "warning: listening on 0.0.0.0: anyone who can reach this address can read the books" in output


def test_fava_lists_an_include_of_a_fifo_as_an_error_instead_of_waiting(empty_books, tmp_path):
    """beancount's loader, in Fava as in bean-check, opens and reads whatever an include
    names: a named pipe waited for a writer for ever, so `relief serve` never started."""
    books = tmp_path / "books"
    shutil.copytree(empty_books.parent, books)
    os.mkfifo(books / "txns" / "pipe.beancount")
    def stop(signum, frame):
        raise AssertionError("Fava is still loading after 30 s")

    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(30)
    try:
        fava = make_app(books)
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    ledger = fava.app.config["LEDGERS"][fava.slug]
    assert fava.errors == 1 and any("pipe.beancount is a named pipe (FIFO), not a file of books" in e.message for e in ledger.errors)


def test_an_empty_or_bracketed_host(sample_books, monkeypatch):
    """`--host ""` (an unset variable) passed the port check (an empty address binds every
    interface) and stopped in the server with an internal error, after "listening on : anyone
    who can reach this address…"; `--host [::1]`, as an address bar writes it, was called an
    address in use."""
    import cli.serve_cmd as serve_cmd

    monkeypatch.setattr(serve_cmd, "run", lambda *a, **k: None)
    result = CliRunner().invoke(cli, ["serve", str(sample_books), "--host", ""])
    assert result.exit_code == 2 and "--host" in result.output and "is empty" in result.output and "internal error" not in result.output
    if socket.has_ipv6 and port_free("::1", 0):
        free = socket.socket(socket.AF_INET6)
        free.bind(("::1", 0))
        port = free.getsockname()[1]
        free.close()
        result = CliRunner().invoke(cli, ["serve", str(sample_books), "--host", "[::1]", "--port", str(port)])
        assert result.exit_code == 0, result.output
        assert f"http://[::1]:{port}/" in result.output


def test_an_import_config_that_exits_is_named_not_a_silent_stop(tmp_path, monkeypatch):
    """An import_config.py calling sys.exit() (a script pasted in, a `__main__` block run on
    import) stopped `relief serve` without a word, Fava reading it as the books load: the
    auditor saw the prompt come back and nothing else."""
    import cli.serve_cmd as serve_cmd
    from ledger.init_books import init_books

    books = init_books(tmp_path / "books", name_zh="退出", name_en="Exits", year=2026)
    root = books.parent if books.is_file() else books
    config = root / "import_config.py"
    config.write_text(config.read_text(encoding="utf-8") + "\nimport sys\nsys.exit(3)\n", encoding="utf-8")
    monkeypatch.setattr(serve_cmd, "run", lambda *a, **k: None)
    port = _free_port()
    result = CliRunner().invoke(cli, ["serve", str(books), "--port", str(port)])
    assert result.exit_code == 1, result.output
    assert "import_config.py" in result.output and "sys.exit(3)" in result.output


def test_a_plugin_that_exits_is_named(tmp_path, monkeypatch):
    """The same stop from one of the books' plugins (no import config): named as such."""
    import cli.serve_cmd as serve_cmd

    (tmp_path / "exitplug.py").write_text("import sys\nsys.exit(4)\n", encoding="utf-8")
    main = tmp_path / "main.beancount"
    main.write_text('option "insert_pythonpath" "TRUE"\nplugin "exitplug"\n2026-01-01 open Assets:Cash CNY\n', encoding="utf-8")
    monkeypatch.setattr(serve_cmd, "run", lambda *a, **k: None)
    port = _free_port()
    result = CliRunner().invoke(cli, ["serve", str(main), "--port", str(port)])
    assert result.exit_code == 1, result.output
    assert "a plugin the books name called it" in result.output and "sys.exit(4)" in result.output
