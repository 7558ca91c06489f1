"""What `relief check` says about the books' files themselves: a missing include, an include
loop, a byte-order mark. One message each, at the file and line to fix, saying what to do
(ledger/books.py _friendly_load_errors); beancount alone says "<load>:0" or a run of
"Invalid token" errors."""

from __future__ import annotations

import os
import re
import signal
from contextlib import contextmanager

import pytest
from beancount.core import data
from click.testing import CliRunner

from cli import cli
from ledger.books import load_books


@pytest.fixture
def books(tmp_path):
    root = tmp_path / "books"
    assert CliRunner().invoke(cli, ["init", str(root), "--year", "2026"]).exit_code == 0
    return root


#: the Chinese half of a message at a place (`FILE:LINE: 中文。 English`), which
#: tests/cli/test_load_messages_chinese_first.py checks is there
_CHINESE_HALF = re.compile(r"(:\d+: )[^\n]*?[\u4e00-\u9fff][^\n]*?[。！？] ")


def english(output):
    """`output` with each message's Chinese half left out: what these tests assert on."""
    return _CHINESE_HALF.sub(r"\1", output)


def check(books):
    result = CliRunner().invoke(cli, ["check", str(books)])
    assert result.exit_code == 1
    lines = [line for line in result.output.splitlines() if not line.startswith("note:")]
    assert lines[-1].endswith(": 1 error"), result.output
    return english(lines[0])


def _append(path, text):
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(text)


def test_a_missing_include_is_told_at_its_line(books):
    _append(books / "inbox.beancount", '\ninclude "2025/old.beancount"\n')
    n = len((books / "inbox.beancount").read_text(encoding="utf-8").splitlines())
    line = check(books)
    assert line.startswith(f"{books / 'inbox.beancount'}:{n}: ")
    assert 'include "2025/old.beancount" names no file' in line and "remove this include line" in line


def test_an_include_written_with_backslashes_is_told_at_its_line(books):
    """`include "registry\\cases.beancount"`, as a Windows user writes a path, was beancount's
    `<load>:0: include "registrycases.beancount" names no file`: the backslash read as an
    escape and gone, no file or line named, and the cases silently missing from the books."""
    main = books / "main.beancount"
    text = main.read_text(encoding="utf-8")
    main.write_text(text.replace('include "registry/cases.beancount"', 'include "registry\\cases.beancount"'), encoding="utf-8")
    n = next(i for i, line in enumerate(main.read_text(encoding="utf-8").splitlines(), 1) if "cases.beancount" in line)
    line = check(books)
    assert line.startswith(f"{main}:{n}: "), line
    assert "registry/cases.beancount" in line and "\\" in line, line


def test_a_pattern_matching_no_file_is_not_told_to_create_it(books):
    """The template's `include "txns/*.beancount"` with the year's file moved away was told
    'names no file …: create the file', as if a file named *.beancount were wanted; a
    pattern is now said to match no file, with the folder it looks in."""
    for year_file in (books / "txns").iterdir():
        year_file.rename(books / year_file.name.replace(".beancount", ".moved"))
    line = check(books)
    assert 'include "txns/*.beancount" matches no file' in line, line
    assert f"{books / 'txns'}" in line and "create the file" not in line


def _bar(folder, monkeypatch):
    """Take away read and search permission on `folder`; as root (whom chmod 000 does not
    stop) the system calls that list a folder are refused for it the way the kernel would."""
    folder.chmod(0)
    if os.geteuid() != 0:
        return
    scandir, listdir, lstat = os.scandir, os.listdir, os.lstat

    def barred(path, inside=False):
        path = os.path.abspath(os.fspath(path or "."))
        if (os.path.dirname(path) if inside else path) == str(folder):
            raise PermissionError(13, "Permission denied", path)

    monkeypatch.setattr(os, "scandir", lambda path=".": barred(path) or scandir(path))
    monkeypatch.setattr(os, "listdir", lambda path=".": barred(path) or listdir(path))
    monkeypatch.setattr(os, "lstat", lambda path, **kw: barred(path, inside=True) or lstat(path, **kw))


@pytest.mark.parametrize("include", ["registry/private/funds.beancount", "registry/private/*.beancount"])
def test_an_include_in_a_folder_that_may_not_be_opened_is_not_told_to_be_created(books, monkeypatch, tmp_path, include):
    """A folder without read permission hid its files from beancount's glob: relief said the
    include names no file and to create it, though the file was there."""
    monkeypatch.setenv("RELIEF_PARSE_CACHE", "0")
    private = books / "registry" / "private"
    private.mkdir()
    (private / "funds.beancount").write_text("", encoding="utf-8")
    _append(books / "main.beancount", f'\ninclude "{include}"\n')
    n = len((books / "main.beancount").read_text(encoding="utf-8").splitlines())
    _bar(private, monkeypatch)
    try:
        line = check(books)
    finally:
        private.chmod(0o755)
    assert line.startswith(f"{books / 'main.beancount'}:{n}: include \"{include}\" cannot be read: the folder {private} ")
    assert f"`chmod u+rx {private}`" in line and "create the file" not in line


@pytest.mark.parametrize("cache", ["on", "0"])
def test_an_include_of_a_broken_symlink_names_the_link_and_its_target(books, monkeypatch, tmp_path, cache):
    """A link whose target is gone was `<load>:0: File "…" does not exist`, naming neither the
    include line nor the missing target, though the file shows in the folder listing."""
    monkeypatch.setenv("RELIEF_PARSE_CACHE", str(tmp_path / "cache") if cache == "on" else "0")
    os.symlink("shared/2025.beancount", books / "2025.beancount")
    _append(books / "main.beancount", '\ninclude "2025.beancount"\n')
    n = len((books / "main.beancount").read_text(encoding="utf-8").splitlines())
    line = check(books)
    link = books / "2025.beancount"
    assert line == (f"{books / 'main.beancount'}:{n}: {link} is a symbolic link to shared/2025.beancount "
                    f"({books / 'shared' / '2025.beancount'}), which does not exist: restore that file, or correct "
                    f"the link (`ln -sfn THE-FILE {link}`), or remove the include line that names it")


def test_a_broken_symlink_a_glob_include_matches_is_named_at_that_include(books):
    """glob lists a link whatever it points at: the include line is the pattern, the link is what to delete."""
    os.symlink("/nowhere/2025.beancount", books / "txns" / "2025.beancount")
    main = books / "main.beancount"
    n = next(i for i, text in enumerate(main.read_text(encoding="utf-8").splitlines(), 1) if text == 'include "txns/*.beancount"')
    line = check(books)
    assert line.startswith(f"{main}:{n}: {books / 'txns' / '2025.beancount'} is a symbolic link to /nowhere/2025.beancount, "
                           "which does not exist: ")
    assert line.endswith("or delete the link")


def test_an_include_of_a_symlink_loop_is_told(books):
    os.symlink("b.beancount", books / "a.beancount")
    os.symlink("a.beancount", books / "b.beancount")
    _append(books / "main.beancount", '\ninclude "a.beancount"\n')
    line = check(books)
    assert f"{books / 'a.beancount'} is a symbolic link to b.beancount that leads round a loop of links, to no file: correct the link" in line


def test_an_include_loop_names_the_include_line(books):
    _append(books / "inbox.beancount", '\ninclude "main.beancount"\n')
    n = len((books / "inbox.beancount").read_text(encoding="utf-8").splitlines())
    line = check(books)
    assert line.startswith(f"{books / 'inbox.beancount'}:{n}: {books / 'main.beancount'} is included more than once")
    assert "remove the extra include" in line


@pytest.mark.parametrize("name", ["main.beancount", "txns/2026.beancount"])
def test_a_byte_order_mark_is_one_message_saying_what_to_do(books, name):
    path = books / name
    path.write_bytes(b"\xef\xbb\xbf" + path.read_bytes())
    line = check(books)
    assert line.startswith(f"{path}:1: {path} starts with a byte-order mark")
    assert "re-save it as UTF-8 without BOM" in line


def test_a_folder_where_a_books_file_should_be_is_named_at_its_include(books):
    """A folder where the books' include finds a file: the message names it and the include
    line, not only the system's "Is a directory"."""
    (books / "txns" / "2027.beancount").mkdir()
    line = check(books)
    assert line.startswith(f"{books / 'main.beancount'}:")
    assert f"{books / 'txns' / '2027.beancount'} is a folder, not a file of books" in line


@contextmanager
def no_hang(seconds=20):
    """Fail the test instead of waiting for ever (a FIFO's open, a read of /dev/zero)."""
    def stop(signum, frame):
        raise AssertionError(f"still waiting after {seconds} s")

    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(seconds)
    try:
        yield
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)


@pytest.mark.parametrize("cache", ["on", "0"])
def test_an_include_of_a_fifo_or_a_device_is_an_error_not_a_wait(books, monkeypatch, tmp_path, cache):
    """`include` of a named pipe waited for a writer for ever; of /dev/zero, read for ever."""
    monkeypatch.setenv("RELIEF_PARSE_CACHE", str(tmp_path / "cache") if cache == "on" else "0")
    os.mkfifo(books / "txns" / "pipe.beancount")
    _append(books / "main.beancount", '\ninclude "/dev/zero"\n')
    n = len((books / "main.beancount").read_text(encoding="utf-8").splitlines())
    with no_hang():
        result = CliRunner().invoke(cli, ["check", str(books)])
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"{books / 'main.beancount'}:{n}: /dev/zero is a device, not a file of books" in english(result.output)
    assert f"{books / 'txns' / 'pipe.beancount'} is a named pipe (FIFO), not a file of books" in english(result.output)


def test_a_file_that_became_a_fifo_after_a_cached_load_is_not_waited_on(books, monkeypatch, tmp_path):
    monkeypatch.setenv("RELIEF_PARSE_CACHE", str(tmp_path / "cache"))
    monkeypatch.setenv("RELIEF_LOAD_CACHE_BACKGROUND", "0")
    assert CliRunner().invoke(cli, ["check", str(books)]).exit_code == 0
    (books / "inbox.beancount").unlink()
    os.mkfifo(books / "inbox.beancount")
    with no_hang():
        line = check(books)
    assert f"{books / 'inbox.beancount'} is a named pipe (FIFO)" in line


def test_the_main_file_as_a_fifo_is_named(tmp_path):
    os.mkfifo(tmp_path / "main.beancount")
    with no_hang():
        result = CliRunner().invoke(cli, ["check", str(tmp_path / "main.beancount")])
    assert result.exit_code == 1 and "is not a file (a named pipe" in result.output


@pytest.mark.parametrize("encoding", ["utf-16", "utf-16-le"])
def test_a_file_saved_as_utf16_is_one_message(books, encoding):
    """UTF-16 (with its mark or without) was one "Invalid token" error per word."""
    path = books / "settings.beancount"
    path.write_bytes(path.read_text(encoding="utf-8").encode(encoding))
    line = check(books)
    assert line.startswith(f"{path}:1: {path} ")
    assert "UTF-16" in line and "re-save it as UTF-8" in line


def test_binary_junk_is_one_message_at_its_line(books):
    path = books / "inbox.beancount"
    n = len(path.read_text(encoding="utf-8").splitlines())
    _append(path, "2026-01-01 open Assets:Junk\x00\x01 CNY\n")
    path.write_bytes(path.read_bytes() + b"\xff\xfe\x00 junk\n")
    line = check(books)
    assert line.startswith(f"{path}:{n + 1}: {path} holds binary data (a NUL byte on line {n + 1})")


def test_a_line_of_ten_megabytes_is_refused_at_once(books):
    """The lexer took minutes on it, or failed with "Parser internal error" (an internal error)."""
    path = books / "inbox.beancount"
    n = len(path.read_text(encoding="utf-8").splitlines())
    _append(path, "; " + "x" * 10_000_000 + "\n")
    with no_hang(30):
        line = check(books)
    assert line.startswith(f"{path}:{n + 1}: {path}: line {n + 1} is 10,000,002 bytes long")


DONATION = ('2026-03-02 * "ANON" "捐款"\n  fund: "GENERAL"\n  donor: "ANON"\n  receipt: "JZ-2026-00001"\n'
            "  Assets:Bank:Basic  200.00 CNY\n  Income:Donation:Individual\n")


@pytest.mark.parametrize("cache", ["on", "0"])
def test_a_file_with_cr_only_line_ends_is_one_message_not_lost_entries(books, monkeypatch, tmp_path, cache):
    """Saved with classic Mac OS line ends, a file starting with a comment was one comment to
    beancount: its entries left out, and `relief check` said nothing."""
    monkeypatch.setenv("RELIEF_PARSE_CACHE", str(tmp_path / "cache") if cache == "on" else "0")
    path = books / "txns" / "2026.beancount"
    path.write_bytes((path.read_text(encoding="utf-8") + DONATION).replace("\n", "\r").encode())
    line = check(books)
    assert line.startswith(f"{path}:1: {path} has CR-only line ends")
    assert f"`tr '\\r' '\\n' < {path} > new.beancount`" in line


def test_crlf_line_ends_are_read(books):
    """Windows line ends are line ends to beancount: the books check, the donation is there."""
    path = books / "txns" / "2026.beancount"
    path.write_bytes((path.read_text(encoding="utf-8") + DONATION).replace("\n", "\r\n").encode())
    result = CliRunner().invoke(cli, ["check", str(books)])
    assert result.exit_code == 0, result.output
    assert [e.meta.get("receipt") for e in load_books(books).entries if isinstance(e, data.Transaction)] == ["JZ-2026-00001"]


def test_a_stray_cr_that_hides_an_entry_is_told_at_its_line(books):
    path = books / "inbox.beancount"
    n = len(path.read_text(encoding="utf-8").splitlines())
    _append(path, "; moved from txns\r" + DONATION)
    line = check(books)
    assert line.startswith(f'{path}:{n + 1}: {path}: line {n + 1} holds a carriage return (CR, shown as ^M) without a line feed, '
                           'before "2026-03-02 * "ANON" "捐款""')


def test_publish_and_report_list_the_rules_warnings_first(books, tmp_path, monkeypatch):
    """A fund below zero or a year typed wrong are warnings: `relief check` showed them, but
    publish and report made their public figures without a word."""
    monkeypatch.setenv("RELIEF_SITE_SECRET", "load-messages-secret-0123456789")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    _append(books / "inbox.beancount", '\n2026-03-01 * "办公费"\n  fund: "GENERAL"\n  Expenses:Operations:Office  50.00 CNY\n  Assets:Bank:Basic\n')
    publish = ["publish", str(books), "--out", str(tmp_path / "site"), "--no-report-pdf"]
    for args in (publish, ["report", str(books), "--out", str(tmp_path / "r.pdf")]):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 0, result.output
        assert f"warning: {books / 'main.beancount'}: 1 warning in the books" in result.output
        assert "Warning: fund GENERAL is below zero at the end of 2026-03-01" in result.output


def test_a_mistyped_plugin_is_told_at_its_line_without_a_traceback(books):
    """beancount says `<load>:0: Error importing "nonexistent.plugin": Traceback ...` (a dozen lines)."""
    main = books / "main.beancount"
    lines = main.read_text(encoding="utf-8").splitlines()
    n = next(i for i, line in enumerate(lines, 1) if line.startswith("plugin "))
    lines.insert(n, 'plugin "nonexistent.plugin"')
    main.write_text("\n".join(lines) + "\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(books)])
    assert result.exit_code == 1
    assert "Traceback" not in result.output and "<load>" not in result.output, result.output
    line = check(books)
    assert line == (f'{main}:{n + 1}: plugin "nonexistent.plugin": there is no Python module of that name '
                    "(No module named 'nonexistent'), so it did not run; check the spelling "
                    '(relief\'s own rules are "ledger.plugins.rules"), or install the package that provides it '
                    "into the Python environment relief runs in")


def test_a_plugin_whose_own_import_fails_is_told_so(books, tmp_path, monkeypatch):
    (tmp_path / "mine").mkdir()
    (tmp_path / "mine" / "__init__.py").write_text("")
    (tmp_path / "mine" / "rules.py").write_text("import not_installed_anywhere\n")
    monkeypatch.syspath_prepend(str(tmp_path))
    _append(books / "main.beancount", '\nplugin "mine.rules"\n')
    n = len((books / "main.beancount").read_text(encoding="utf-8").splitlines())
    line = check(books)
    assert line.startswith(f'{books / "main.beancount"}:{n}: plugin "mine.rules": the module cannot be imported '
                           "(ModuleNotFoundError: No module named 'not_installed_anywhere')")
    assert "fix the module or install what it needs, or remove the plugin line" in line


def test_a_seal_image_that_is_a_fifo_is_an_error_not_a_wait(books, monkeypatch, tmp_path):
    """The settings rule reads the seal image on every load: a named pipe there made
    bean-check, Fava and `relief check` wait for ever for a writer."""
    monkeypatch.setenv("RELIEF_PARSE_CACHE", "0")
    os.mkfifo(books / "documents" / "seal.png")
    _append(books / "settings.beancount", '\n2026-01-01 custom "relief-option" "seal" "documents/seal.png"\n')
    with no_hang():
        line = check(books)
    assert f"cannot read {books / 'documents' / 'seal.png'} (it is a named pipe (FIFO), not a file)" in line


@pytest.mark.parametrize("option", ["--secret-file", "--log-key-file"])
def test_a_key_file_that_is_a_fifo_or_a_device_is_an_error_not_a_wait(books, tmp_path, option):
    """`--secret-file` or `--log-key-file` naming a named pipe waited for ever for a writer,
    and one naming /dev/zero read for ever."""
    pipe = tmp_path / "pipe"
    os.mkfifo(pipe)
    for given, kind in ((pipe, "a named pipe (FIFO)"), ("/dev/zero", "a device")):
        with no_hang():
            result = CliRunner().invoke(cli, ["publish", str(books), "--out", str(tmp_path / "site"), option, str(given)],
                                        env={"XDG_CONFIG_HOME": str(tmp_path / "config")})
        assert result.exit_code == 1 and "Traceback" not in result.output, result.output
        assert f"{given}: cannot read the" in result.output and f"(it is {kind}, not a file)" in result.output
    assert not (tmp_path / "site").exists()


@pytest.mark.parametrize("folder", ["books[2026]", "帮扶账簿 [副本]"])
def test_a_books_folder_whose_name_beancount_reads_as_a_pattern_is_named(tmp_path, folder):
    """Books copied into a folder named with brackets (`帮扶账簿 [副本]`): beancount finds an
    include by glob, the folder's name and all, so `[副本]` was read as "one of 副 or 本" and
    every include "names no file", with the advice to create files that are all there."""
    books = tmp_path / folder
    assert CliRunner().invoke(cli, ["init", str(tmp_path / "plain"), "--year", "2026"]).exit_code == 0
    (tmp_path / "plain").rename(books)
    result = CliRunner().invoke(cli, ["check", str(books)])
    assert result.exit_code == 1
    errors = [line for line in result.output.splitlines() if line.startswith(str(books))][:-1]
    assert errors and all("create the file" not in line for line in errors), result.output
    assert f"{books}: the folder's name holds [ or ]" in errors[0]
    assert "rename the folder" in errors[0]


def test_an_include_of_a_file_whose_name_holds_brackets_says_so(books):
    """`include "2026[1].beancount"` of a file of that very name: beancount reads [1] as a
    pattern (the file 20261.beancount), and relief said the folder "holds none of that name;
    put the files back there (moved or renamed?)" though the file was right there."""
    (books / "txns" / "2026[1].beancount").write_text("", encoding="utf-8")
    _append(books / "main.beancount", '\ninclude "txns/2026[1].beancount"\n')
    n = len((books / "main.beancount").read_text(encoding="utf-8").splitlines())
    line = check(books)
    assert line.startswith(f"{books / 'main.beancount'}:{n}: "), line
    assert "holds [ or ]" in line and "rename the file" in line, line
    assert f"mv '{books / 'txns' / '2026[1].beancount'}' '{books / 'txns' / '2026(1).beancount'}'" in line, line
    assert "put the files back" not in line, line


def test_a_pattern_of_every_folder_that_includes_the_main_file_is_named_at_its_line(books):
    """`include "**/*.beancount"` matches main.beancount itself (beancount reads ** across
    folders): relief said the main file "is included more than once" at "<load>:0", naming no
    line, because it looked for the include with ** read as one folder only."""
    _append(books / "main.beancount", '\ninclude "**/main.beancount"\n')
    n = len((books / "main.beancount").read_text(encoding="utf-8").splitlines())
    line = check(books)
    assert line.startswith(f"{books / 'main.beancount'}:{n}: {books / 'main.beancount'} is included more than once"), line
    assert "<load>" not in line, line
