"""`relief publish` through click's CliRunner: success, --help and every bad input."""

from __future__ import annotations

import os
import re

import pytest
from click.testing import CliRunner

from cli import cli

from .conftest import EXAMPLE, SMALL


def run(*args, **env):
    return CliRunner().invoke(cli, ["publish", *map(str, args)], env=env or None)


def test_help():
    result = run("--help")
    assert result.exit_code == 0
    assert "--out" in result.output and "--templates" in result.output and "--allow-errors" in result.output


def test_publish_prints_the_site(tmp_path):
    result = run(SMALL, "--out", tmp_path / "site")
    assert result.exit_code == 0, result.output
    assert str((tmp_path / "site" / "index.html").resolve()) in result.stdout
    assert "written" in result.stderr
    again = run(SMALL, "--out", tmp_path / "site")
    assert "0 written" in again.stderr


def test_out_is_required(tmp_path):
    result = run(SMALL)
    assert result.exit_code == 2 and "--out" in result.output


def test_missing_books(tmp_path):
    result = run(tmp_path / "nowhere", "--out", tmp_path / "site")
    assert result.exit_code == 1
    assert "no such file or folder" in result.output and "Traceback" not in result.output


def test_folder_without_main(tmp_path):
    (tmp_path / "empty").mkdir()
    result = run(tmp_path / "empty", "--out", tmp_path / "site")
    assert result.exit_code == 1 and "main.beancount" in result.output


def test_books_with_errors(tmp_path):
    books = tmp_path / "bad.beancount"
    books.write_text('2026-01-01 open Assets:Bank CNY\n2026-01-02 * "x"\n  Assets:Bank 10 CNY\n  Income:Nowhere -10 CNY\n', encoding="utf-8")
    result = run(books, "--out", tmp_path / "site")
    assert result.exit_code == 1
    assert "bad.beancount:" in result.output and "--allow-errors" in result.output
    assert not (tmp_path / "site").exists()
    allowed = run(books, "--out", tmp_path / "site", "--allow-errors", "--allow-foreign")  # not a centre's books either
    assert allowed.exit_code == 0, allowed.output
    assert "despite" in allowed.stderr


def test_not_utf8_books(tmp_path):
    books = tmp_path / "gbk.beancount"
    books.write_bytes('2026-01-01 open Assets:银行 CNY\n'.encode("gb18030"))
    result = run(books, "--out", tmp_path / "site")
    assert result.exit_code == 1 and "Traceback" not in result.output


def test_out_is_a_file(tmp_path):
    (tmp_path / "file").write_text("x")
    result = run(SMALL, "--out", tmp_path / "file")
    assert result.exit_code != 0 and "Traceback" not in result.output


def test_templates_folder_missing(tmp_path):
    result = run(SMALL, "--out", tmp_path / "site", "--templates", tmp_path / "nope")
    assert result.exit_code == 2 and "does not exist" in result.output


def test_template_syntax_error_names_the_file(tmp_path):
    tpl = tmp_path / "tpl"
    tpl.mkdir()
    (tpl / "funds.html").write_text("{% extends 'base.html' %}\n{% block main %}{% if %}{% endblock %}", encoding="utf-8")
    result = run(SMALL, "--out", tmp_path / "site", "--templates", tpl)
    assert result.exit_code == 1
    assert "funds.html:2" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "site").exists()


def test_secret_file_problems(tmp_path):
    missing = run(SMALL, "--out", tmp_path / "site", "--secret-file", tmp_path / "none")
    assert missing.exit_code == 1 and "no such secret file" in missing.output
    short = tmp_path / "short"
    short.write_text("abc")
    result = run(SMALL, "--out", tmp_path / "site", "--secret-file", short)
    assert result.exit_code == 1 and "too short" in result.output
    inside = run(SMALL, "--out", tmp_path / "site", "--secret-file", SMALL / "settings.beancount")
    assert inside.exit_code == 1 and "outside the books" in inside.output


def test_secret_is_created_outside_the_books_when_absent(tmp_path, monkeypatch):
    monkeypatch.delenv("RELIEF_SITE_SECRET")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    result = run(SMALL, "--out", tmp_path / "site")
    assert result.exit_code == 0, result.output
    secret = tmp_path / "cfg" / "relief-ledger" / "site-secret"
    assert secret.is_file() and oct(secret.stat().st_mode & 0o777) == "0o600"
    assert "created a new site secret" in result.stderr
    first = sorted(p.name for p in (tmp_path / "site" / "ack").iterdir())
    run(SMALL, "--out", tmp_path / "site")
    assert sorted(p.name for p in (tmp_path / "site" / "ack").iterdir()) == first  # same key, same addresses


def test_a_config_folder_that_cannot_be_written_is_a_message(tmp_path, monkeypatch):
    """No key given and none can be created where it is kept by default (no home folder, a
    service account): a message naming the place and the ways round it, not an internal
    error (FileNotFoundError); the previous site stays."""
    monkeypatch.delenv("RELIEF_SITE_SECRET", raising=False)
    monkeypatch.delenv("RELIEF_LOG_KEY", raising=False)
    (tmp_path / "cfg").write_text("a file where the config folder should be", encoding="utf-8")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    (tmp_path / "site").mkdir()
    result = run(SMALL, "--out", tmp_path / "site")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"{tmp_path / 'cfg' / 'relief-ledger' / 'site-secret'}: cannot create the site secret there" in result.output
    assert "--secret-file" in result.output and "$RELIEF_SITE_SECRET" in result.output
    monkeypatch.setenv("RELIEF_SITE_SECRET", "cli-test-secret-0123456789")
    result = run(SMALL, "--out", tmp_path / "site")
    assert result.exit_code == 1
    assert "log-key: cannot create the log key there" in result.output and "--log-key-file" in result.output
    assert not any((tmp_path / "site").iterdir())


@pytest.mark.parametrize("name, there", [("site-secret", "link"), ("site-secret", "fifo"), ("log-key", "link")])
def test_a_key_that_is_a_link_to_nothing_or_a_pipe_is_not_replaced(tmp_path, monkeypatch, name, there):
    """The default key a symbolic link to a disk not mounted (or a pipe): relief wrote a new
    key over it, without a word beyond "created a new site secret", so every acknowledgement
    address (or the log's signing key) changed and the link was gone."""
    monkeypatch.delenv("RELIEF_SITE_SECRET", raising=False)
    monkeypatch.delenv("RELIEF_LOG_KEY", raising=False)
    folder = tmp_path / "cfg" / "relief-ledger"
    folder.mkdir(parents=True)
    if name == "log-key":
        monkeypatch.setenv("RELIEF_SITE_SECRET", "cli-test-secret-0123456789")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    key = folder / name
    if there == "link":
        key.symlink_to(tmp_path / "unmounted" / name)
    else:
        os.mkfifo(key)
    result = run(SMALL, "--out", tmp_path / "site")
    assert result.exit_code == 1, result.output
    said = (f"a symbolic link to {tmp_path / 'unmounted' / name}, which does not exist" if there == "link"
            else "not a regular file")
    assert f"{key}: the {name.replace('-', ' ')} is {said}, so it cannot be read, and no new one is made" in result.output, result.output
    assert key.is_symlink() if there == "link" else key.is_fifo()
    assert not (tmp_path / "site").exists()


def test_no_acknowledgements(tmp_path, monkeypatch):
    monkeypatch.delenv("RELIEF_SITE_SECRET")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    result = run(SMALL, "--out", tmp_path / "site", "--no-acknowledgements")
    assert result.exit_code == 0, result.output
    assert [p.name for p in (tmp_path / "site" / "ack").iterdir()] == ["index.html"]
    assert not (tmp_path / "cfg").exists()


def test_foreign_books(tmp_path):
    if not EXAMPLE.exists():
        import pytest

        pytest.skip("real fixtures absent")
    refused = run(EXAMPLE, "--out", tmp_path / "site")  # a personal ledger: salary, rent
    assert refused.exit_code == 1
    assert "no centre is declared" in refused.output and "no funds are declared" in refused.output
    assert "--allow-foreign" in refused.output and "docs/adopting.md" in refused.output
    assert "rules are not switched on" in refused.output
    assert not (tmp_path / "site").exists()
    result = run(EXAMPLE, "--out", tmp_path / "site", "--allow-foreign")
    assert result.exit_code == 0, result.output
    assert "warning:" in result.stderr and "rules are not switched on" in result.stderr
    assert "published despite" in result.stderr
    text = (tmp_path / "site" / "en" / "index.html").read_text(encoding="utf-8")
    assert "Income:US:Hoogle:Salary" in text and "$" in text
    assert "IRAUSD" in text  # the currencies left out are named


def test_timings_say_where_the_time_went(tmp_path):
    out = tmp_path / "site"
    quiet = run(SMALL, "--out", out)
    assert quiet.exit_code == 0 and "timing:" not in quiet.stderr
    first = run(SMALL, "--out", tmp_path / "other", "--timings")
    assert first.exit_code == 0, first.output
    lines = [line for line in first.stderr.splitlines() if line.startswith("timing: ")]
    phases = [re.split(r"\s{2,}", line.removeprefix("timing: ").strip())[0] for line in lines]
    for name in ("load the books", "public model", "pages", "acknowledgement pages", "open data", "swap the site in"):
        assert name in phases, (name, phases)
    rendered = int(next(line for line in lines if "ack pages: rendered" in line).split()[-1])
    assert rendered >= 3
    again = run(SMALL, "--out", tmp_path / "other", "--timings")
    reused = next(line for line in again.stderr.splitlines() if "ack pages: taken from the previous site" in line)
    assert int(reused.split()[-1]) == rendered
    assert "ack pages: rendered" in again.stderr and "0 written" in again.stderr


def test_an_error_in_a_users_template_is_the_users(tmp_path):
    tpl = tmp_path / "tpl"
    tpl.mkdir()
    # A real TypeError raised by a line of the user's own template (not an undefined name).
    (tpl / "funds.html").write_text("{% extends 'base.html' %}\n{% block main %}{{ site.name + 1 }}{% endblock %}", encoding="utf-8")
    result = run(SMALL, "--out", tmp_path / "site", "--templates", tpl, "--jobs", "1")
    assert result.exit_code == 1, result.output
    assert f"{tpl / 'funds.html'}:2: template error: TypeError" in result.output, result.output
    assert "Traceback" not in result.output and "internal error" not in result.output
    assert not (tmp_path / "site").exists()


def test_the_same_error_in_a_worker_is_still_the_users(tmp_path, monkeypatch):
    """Acknowledgement pages render in forked workers; the worker's traceback (a note on the
    exception) still shows the user's template."""
    import publish.parallel

    monkeypatch.setattr(publish.parallel, "MIN_PAGES", 2)
    tpl = tmp_path / "tpl"
    tpl.mkdir()
    (tpl / "ack.html").write_text("{% extends 'base.html' %}\n{% block main %}{{ site.name + 1 }}{% endblock %}", encoding="utf-8")
    result = run(SMALL, "--out", tmp_path / "site", "--templates", tpl, "--jobs", "2")
    assert result.exit_code == 1, result.output
    assert f"{tpl / 'ack.html'}:2: template error: TypeError" in result.output, result.output


def test_a_bug_in_shipped_code_is_not_told_as_the_users(tmp_path, monkeypatch):
    """Without --templates a TypeError while rendering is relief's bug: it is not turned
    into a user's message but goes on (to main's crash file)."""
    import publish.site

    def broken(*args, **kwargs):
        raise TypeError("planted bug")

    monkeypatch.setattr(publish.site, "render_pages", broken)
    result = run(SMALL, "--out", tmp_path / "site", "--jobs", "1")
    assert isinstance(result.exception, TypeError) and "planted bug" in str(result.exception)
    assert "rendering failed" not in result.output
    assert not (tmp_path / "site").exists()


def test_a_publish_signing_with_another_log_key_says_a_new_log_starts(tmp_path):
    """A log key lost or replaced starts a new log, and the checkpoints donors saved stop
    verifying with --since: the publish says so, naming both logs and what to do."""
    import base64

    keys = [base64.b64encode(bytes([n]) * 32).decode() for n in (1, 2)]
    first = run(SMALL, "--out", tmp_path / "site", RELIEF_LOG_KEY=keys[0])
    assert first.exit_code == 0, first.output
    assert "another log key" not in first.stderr
    same = run(SMALL, "--out", tmp_path / "site", RELIEF_LOG_KEY=keys[0])
    assert same.exit_code == 0 and "another log key" not in same.stderr
    other = run(SMALL, "--out", tmp_path / "site", RELIEF_LOG_KEY=keys[1])
    assert other.exit_code == 0, other.output
    note = next(line for line in other.stderr.splitlines() if "another log key" in line)
    assert "note: the site in" in note and "a new log starts" in note and "--log-key-file" in note
    origins = re.findall(r"\S+/log/[0-9a-f]{8}", note.split("。 ", 1)[-1])  # the English half (the Chinese half runs ids into its punctuation)
    assert len(set(origins)) == 2, note


def test_the_templates_example_site_url_is_warned_about_before_the_log_takes_its_name(books_copy, tmp_path):
    """`relief init` writes site_url "https://relief.example.org/"; a first publish with it said
    nothing (letters warn), though the site's log is named after the address: the signed
    checkpoint said relief.example.org/log/…, and the centre's own address set later started
    a new log. The publish now warns, naming the log's name and what changing it later does."""
    first = run(books_copy, "--out", tmp_path / "site")
    assert first.exit_code == 0, first.output
    warned = next(line for line in first.stderr.splitlines() if "site_url" in line)
    assert warned.startswith('警告：relief-option "site_url" 是 https://relief.example.org/'), warned  # Chinese first
    assert '。 warning: the relief-option "site_url" is https://relief.example.org/, an example address' in warned, warned
    assert "relief.example.org/log/" in warned and "set your site's address in settings.beancount" in warned, warned
    settings = books_copy / "settings.beancount"
    settings.write_text(settings.read_text(encoding="utf-8").replace("https://relief.example.org/", "https://relief.jianglin-union.cn/"),
                        encoding="utf-8")
    again = run(books_copy, "--out", tmp_path / "site2")
    assert again.exit_code == 0 and "site_url" not in again.stderr, again.output


def test_a_publish_after_the_site_url_changed_says_so_not_that_the_key_changed(books_copy, tmp_path):
    """The log's name is the site's address and the key's id: a centre that published once with
    the template's address and then set its own was told "this publish signs with another log
    key ... if the old key still exists, publish again with it (--log-key-file)", though the key
    was the same: the advice could not help. It now says the address changed, from what to what."""
    assert run(books_copy, "--out", tmp_path / "site").exit_code == 0
    settings = books_copy / "settings.beancount"
    settings.write_text(settings.read_text(encoding="utf-8").replace("https://relief.example.org/", "https://relief.jianglin-union.cn/"),
                        encoding="utf-8")
    moved = run(books_copy, "--out", tmp_path / "site")
    assert moved.exit_code == 0, moved.output
    note = next(line for line in moved.stderr.splitlines() if "a new log starts" in line)
    assert "another log key" not in note and "--log-key-file" not in note, note
    assert "the site's address (site_url) is no longer relief.example.org but relief.jianglin-union.cn" in note, note
    assert "put site_url back" in note, note


def test_a_receipt_on_two_gifts_published_with_allow_errors_is_named(books_copy, tmp_path):
    """With --allow-errors, two gifts under one receipt number stopped the publish with
    "refusing to write 'ack/….html' twice (two pages share an address)", naming neither the
    receipt nor the gifts."""
    with (books_copy / "txns" / "2026.beancount").open("a", encoding="utf-8") as f:
        f.write('\n2026-12-01 * "李红梅" "捐款"\n  fund: "GENERAL"\n  donor: "D0002"\n  receipt: "JZ-2026-00001"\n'
                '  Assets:Bank:Basic   66.00 CNY\n  Income:Donation:Individual\n')
    result = run(books_copy, "--out", tmp_path / "site", "--allow-errors", "--no-report-pdf")
    assert result.exit_code == 1
    assert "receipt JZ-2026-00001 is on two gifts" in result.output and "2026-12-01, 66.00 CNY" in result.output
    assert "Traceback" not in result.output and not (tmp_path / "site").exists()


def test_a_transaction_dated_in_9999_is_named_by_publish_report_and_letters(books_copy, tmp_path):
    """A gift dated 9999-03-01 (a year typed wrong) stopped publish, the report and the
    letters with an internal error (year 10000 is out of range: the site's year 9999 ends on
    no date), and one dated 9999-12-31 with a message about a period '9999-12' nobody wrote.
    Each now names the transaction's file and line and says to correct its date."""
    path = books_copy / "txns" / "2026.beancount"
    text = path.read_text(encoding="utf-8")
    for day in ("9999-03-01", "9999-12-31"):
        path.write_text(text + f'\n{day} * "李红梅" "捐款"\n  fund: "GENERAL"\n  donor: "D0002"\n  receipt: "JZ-9999-00001"\n'
                               '  Assets:Bank:Basic   66.00 CNY\n  Income:Donation:Individual\n', encoding="utf-8")
        line = text.count("\n") + 2
        for command in (["publish", "--out", tmp_path / "site", "--no-report-pdf"], ["report", "--out", tmp_path / "r.pdf"],
                        ["letters", "--out", tmp_path / "letters", "--jobs", "1"]):
            result = CliRunner().invoke(cli, [command[0], str(books_copy), *map(str, command[1:])])
            assert result.exit_code == 1, (command, result.output)
            assert f"2026.beancount:{line}: this transaction is dated {day}, in 9999, the last year relief can count" in result.output
            assert "Correct its date" in result.output and "internal error" not in result.output, result.output
        assert not (tmp_path / "site").exists() and not (tmp_path / "r.pdf").exists()


def test_the_templates_names_are_warned_about(books_copy, tmp_path):
    """`relief init` without --name-zh / --name-en names the centre 困难职工帮扶中心 / Hardship
    Assistance Centre; published so, every page and the annual report were headed by the
    template's name, without a word. The publish now warns, saying where to set the names."""
    settings = books_copy / "settings.beancount"
    text = settings.read_text(encoding="utf-8")
    text = re.sub(r'"name_zh" "[^"]*"', '"name_zh" "困难职工帮扶中心"', text)
    settings.write_text(re.sub(r'"name_en" "[^"]*"', '"name_en" "Hardship Assistance Centre"', text), encoding="utf-8")
    result = run(books_copy, "--out", tmp_path / "site")
    assert result.exit_code == 0, result.output
    assert ("warning: the centre's names are the template's (困难职工帮扶中心 / Hardship Assistance Centre): set yours in "
            "settings.beancount (name_zh, name_en)") in result.stderr, result.stderr
    own = run(SMALL, "--out", tmp_path / "site2")
    assert own.exit_code == 0 and "template's (" not in own.stderr, own.stderr


def test_a_log_key_saved_by_notepad_is_the_same_key(tmp_path):
    """A log key file opened and saved in Windows Notepad starts with a byte-order mark and
    ends in CRLF: publish refused it with "the log key must be base64 of 32 random bytes",
    which it was. The mark is no part of base64, so the key read without it is the one the
    user saved: the same log, signed the same way."""
    import base64

    text = base64.b64encode(bytes(range(32)))
    plain, notepad = tmp_path / "plain.key", tmp_path / "notepad.key"
    plain.write_bytes(text + b"\n")
    notepad.write_bytes(b"\xef\xbb\xbf" + text + b"\r\n")
    for key, site in ((plain, "a"), (notepad, "b")):
        result = run(SMALL, "--out", tmp_path / site, "--log-key-file", key, "--no-report-pdf")
        assert result.exit_code == 0, result.output
    assert (tmp_path / "b" / "log" / "key").read_bytes() == (tmp_path / "a" / "log" / "key").read_bytes()
    assert (tmp_path / "b" / "log" / "checkpoint").read_bytes() == (tmp_path / "a" / "log" / "checkpoint").read_bytes()
