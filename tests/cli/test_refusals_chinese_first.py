"""The last refusals found English only, or with English in their Chinese half, made from
bad input through the commands: `relief import`'s own (no books, an empty --account, a
template it cannot write), why a folder cannot be written (ledger/files.py: a file standing
where a folder must be, a full disk, a read-only disk, a link to nothing, a name too long),
and `relief close` on a read-only books file. Each must be Chinese first, its English words
only in the English half (tests/chinese_halves.py)."""

from __future__ import annotations

import errno
import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import cli
from tests.chinese_halves import chinese_first


@pytest.fixture(autouse=True)
def _isolated(monkeypatch, tmp_path):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("RELIEF_SITE_SECRET", "refusals-chinese-first-secret-0123456789")


def relief(*args) -> tuple[int, str]:
    result = CliRunner().invoke(cli, [str(a) for a in args], prog_name="relief")
    assert not isinstance(result.exception, Exception) or isinstance(result.exception, SystemExit), result.exception
    return result.exit_code, result.output


def refusal(output: str) -> str:
    """The message of a refusal, without click's own `Usage:` and `Try …` lines and its `Error: `."""
    [line] = [line for line in output.splitlines() if line.startswith("Error: ")]
    return line.removeprefix("Error: ")


def test_import_without_books(tmp_path, monkeypatch):
    """`relief import` alone, and a statement given alone (taken for BOOKS), in the books' folder:
    what BOOKS is, in each language (cli/common.py books_hint)."""
    (tmp_path / "main.beancount").write_text('option "operating_currency" "CNY"\n', encoding="utf-8")
    monkeypatch.chdir(tmp_path)
    for args in ([], ["jan.csv"]):
        status, text = relief("import", *args)
        assert status == 2, text
        zh = chinese_first(refusal(text), "give the books and at least one file",
                           "BOOKS is the books' folder or their main .beancount file: the books are here")
        assert "账簿就在这里" in zh and "relief import ." in zh, text
    status, text = relief("import", tmp_path)
    assert status == 2, text
    chinese_first(refusal(text), "give at least one file to import after the books")


def test_import_options(tmp_path):
    status, text = relief("import", tmp_path, "x.csv", "--account", "")
    assert status == 2, text
    chinese_first(refusal(text), "it is empty (an unset variable?); give the books account")
    status, text = relief("import", "--template", "donations")
    assert status == 2, text
    chinese_first(refusal(text), "--template needs --out FILE (.xlsx or .csv)")
    for args, says in ((["--template", "donations", "--out", tmp_path / "t.txt"], "the template is .xlsx or .csv"),
                       (["--template", "donations", "--out", tmp_path / "notes.txt" / "t.csv"], "is a file, not a folder")):
        (tmp_path / "notes.txt").write_text("", encoding="utf-8")
        status, text = relief("import", *args)
        assert status == 1, (args, text)
        chinese_first(refusal(text), says)
    status, text = relief("import", "--template", "donations", "--out", tmp_path / "t.csv")
    assert status == 0 and (tmp_path / "t.csv").is_file(), text
    chinese_first(text.strip(), "Wrote the donations template to")
    status, text = relief("import", "--template", "donations", "--out", tmp_path / "t.csv")
    assert status == 1, text
    chinese_first(refusal(text), "already exists; choose a new file name")


def test_a_file_where_a_folder_must_be(tmp_path):
    """`relief demo` and `relief init` into a folder under a file (ledger.files.write_failure)."""
    (tmp_path / "notes.txt").write_text("", encoding="utf-8")
    for args in (["demo", "--out", tmp_path / "notes.txt" / "demo", "--transactions", 200],
                 ["init", tmp_path / "notes.txt" / "books"]):
        status, text = relief(*args)
        assert status == 1, (args, text)
        zh = chinese_first(refusal(text), "cannot write there", f"{tmp_path / 'notes.txt'} is a file, not a folder")
        assert "是文件，不是文件夹" in zh, text


def test_why_a_write_failed(tmp_path):
    """Each reason ledger.files gives for a failed write, as the system reports the failure:
    its Chinese (`.zh`) beside the English, which is as it was."""
    from ledger.files import write_failure
    from ledger.said import zh_of

    target = tmp_path / "out" / "site"
    (tmp_path / "gone").symlink_to(tmp_path / "unmounted")
    cases = [
        (target, OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(target)), "the disk is full writing", "磁盘已满"),
        (target, OSError(errno.EROFS, os.strerror(errno.EROFS), str(target)), "is on a disk mounted read-only", "只读"),
        (target, OSError(errno.EACCES, os.strerror(errno.EACCES), str(target)), "may not be written by you", "无权写入"),
        (tmp_path / "gone" / "site", OSError(errno.ENOENT, os.strerror(errno.ENOENT)), "is a symbolic link to", "符号链接"),
        (tmp_path / ("名" * 84), OSError(errno.ENAMETOOLONG, os.strerror(errno.ENAMETOOLONG)), "bytes long", "字节"),
    ]
    for path, exc, english, chinese in cases:
        why = write_failure(path, exc)
        assert english in why, why
        assert chinese in (zh_of(why) or ""), (english, why)
        assert english not in zh_of(why), why


def test_close_of_a_read_only_books_file(tmp_path):
    from ledger.demo import write_demo

    main, _year = write_demo(tmp_path / "books", seed=1, transactions=200)
    closes = main.parent / "closes.beancount"  # the demo's books include it
    closes.chmod(0o444)
    status, text = relief("close", main.parent, "2026-01")
    assert status == 1, text
    zh = chinese_first(refusal(text), f"{closes} is read-only (r--r--r--), so relief does not change it",
                       "if it is to take the close", "nothing was changed")
    assert "只读" in zh and "什么也没有改动" in zh, text


def test_a_site_url_that_is_no_address(tmp_path):
    """A ReliefError raised with one message in both languages reaches the terminal as it is."""
    import shutil

    from tests.publish.conftest import SMALL

    books = tmp_path / "books"
    shutil.copytree(SMALL, books)
    settings = books / "settings.beancount"
    text = settings.read_text(encoding="utf-8")
    assert '"site_url" "https://relief.example.org/"' in text
    settings.write_text(text.replace('"site_url" "https://relief.example.org/"', '"site_url" "https://' + '帮' * 70 + '.中国/"'),
                        encoding="utf-8")
    status, text = relief("publish", books, "--out", tmp_path / "site", "--no-report-pdf")
    assert status == 1, text
    chinese_first(refusal(text), "is no domain name")



def test_letters_into_a_folder_of_the_wrong_kind(tmp_path):
    """`relief letters` into the books' own folder, a folder of other things, an unknown donor (letters/make.py)."""
    import shutil

    books = tmp_path / "books"
    shutil.copytree(Path(__file__).resolve().parents[1] / "letters" / "books", books)
    other = tmp_path / "other"
    other.mkdir()
    (other / "mine.txt").write_text("", encoding="utf-8")
    for args, says in (([books, "--out", books], "is the books' own folder"),
                       ([books, "--out", other], "is not empty and holds no letters"),
                       ([books, "--out", tmp_path / "letters", "--donor", "D9999"], "no donor 'D9999' in the registry")):
        status, text = relief("letters", *args)
        assert status == 1, (args, text)
        chinese_first(refusal(text), says)


def test_a_donation_left_without_a_letter(tmp_path):
    """What `relief letters` lists as skipped (letters/model.py), here a donation box's gift."""
    books = Path(__file__).resolve().parents[1] / "letters" / "books"
    status, text = relief("letters", books, "--out", tmp_path / "letters", "--jobs", "1")
    assert status == 0, text
    [line] = [line for line in text.splitlines() if "skipped: " in line]
    zh = chinese_first(line, "skipped: ", "cannot be written to (reachable: \"no\", e.g. a donation box); no letter")
    assert zh.startswith("已跳过：") and "不生成致谢函" in zh, line


def test_reconcile_without_transactions(tmp_path):
    """No period to default to (ledger/reconcile/report.py NothingToReconcile), named with the books in each half."""
    status, text = relief("init", tmp_path / "books", "--year", 2026)
    assert status == 0, text
    status, text = relief("reconcile", tmp_path / "books")
    assert status == 1, text
    zh = chinese_first(refusal(text), "the books have no transactions yet")
    assert zh.startswith(f"{tmp_path / 'books' / 'main.beancount'}：账簿中还没有交易"), text
    assert f"。 {tmp_path / 'books' / 'main.beancount'}: the books have no transactions yet" in text, text


def test_a_port_in_use(monkeypatch):
    import cli.serve

    monkeypatch.setattr(cli.serve, "port_free", lambda host, port: False)
    with pytest.raises(cli.serve.ServeError) as caught:
        cli.serve.serve(None, "127.0.0.1", 5000)
    chinese_first(str(caught.value), "127.0.0.1:5000 is already in use or not available")


def click_refusal(args: list) -> tuple[str, str]:
    """`relief ARGS` refused by click itself (exit 2): its Error line, and the lines before it."""
    status, text = relief(*args)
    assert status == 2, (args, text)
    before, _, _ = text.partition("\nError: ")
    return refusal(text), before


# click's own refusals, each kind on several commands: what click says in English stays in the
# English half, and the Chinese comes first (cli/click_words.py). They were click's English alone.
CLICK_REFUSALS = [
    (["serve", "books", "--port", "70000"], ["Invalid value for '--port'", "70000 is not in the range 1<=x<=65535."], "不在范围"),
    (["init", "books", "--year", "1800"], ["Invalid value for '--year'", "1800 is not in the range 1990<=x<=2100."], "不在范围"),
    (["letters", "books", "--jobs", "many"], ["Invalid value for '--jobs'", "'many' is not a valid integer range."], "不是整数"),
    (["demo", "--seed", "x"], ["Invalid value for '--seed'", "'x' is not a valid integer."], "不是整数"),
    (["import", "--template", "nope"], ["Invalid value for '--template'", "'nope' is not one of 'donations', 'roster', 'goods'."], "可选的值"),
    (["serve", "books", "--lang", "xx"], ["No such option '--lang'."], "没有选项"),
    (["check", "books", "--nope"], ["No such option '--nope'."], "没有选项"),
    (["publish", "books", "--out", "site", "--job", "2"], ["No such option '--job'.", "(Did you mean one of: '--jobs'"], "是否要用其中之一"),
    (["--helpx"], ["No such option '--helpx'.", "Did you mean '--help'?"], "是否要用 '--help'"),
    (["nosuch"], ["No such command 'nosuch'."], "没有命令"),
    (["close"], ["Missing argument 'BOOKS'."], "缺少参数"),
    (["verify"], ["Missing argument 'SITE'."], "缺少参数"),
    (["report", "books"], ["Missing option '--out'."], "缺少选项"),
    (["report", "books", "--out"], ["Option '--out' requires an argument."], "需要一个值"),
    (["check", "a", "b", "c"], ["Got unexpected extra arguments (b c)"], "多出了参数"),
    (["close", "books", "2026-01", "more"], ["Got unexpected extra argument (more)"], "多出了参数"),
    (["check", "books", "--json=yes"], ["Option '--json' does not take a value."], "不带值"),
    (["witness", "/nonexistent-site"], ["Invalid value for 'SITE'", "Directory '/nonexistent-site' does not exist."], "不存在"),
]


@pytest.mark.parametrize(("args", "english", "chinese"), CLICK_REFUSALS, ids=lambda v: " ".join(v) if isinstance(v, list) else None)
def test_clicks_own_refusals_are_chinese_first(args, english, chinese):
    said, before = click_refusal(args)
    zh = chinese_first(said, *english)
    assert chinese in zh, said


def test_a_path_refused_by_click(tmp_path):
    """click.Path's checks: a file given for a folder, a folder given for a file."""
    afile = tmp_path / "notes.txt"
    afile.write_text("", encoding="utf-8")
    zh = chinese_first(click_refusal(["witness", afile])[0], f"Directory '{afile}' is a file.")
    assert "是文件，不是文件夹" in zh
    zh = chinese_first(click_refusal(["reconcile", tmp_path, "--html", tmp_path])[0],
                       f"{tmp_path} is a folder, not a file: give --html the name of a file")
    assert "是文件夹，不是文件" in zh  # relief's own OutFile (cli/out_folder.py), naming the option


@pytest.mark.parametrize("args", [["serve", "books", "--port", "0"], ["check", "--nope"], ["nosuch"], ["report", "books", "--out"]])
def test_the_usage_and_hint_lines_of_a_refusal_are_chinese_first(args):
    """click's `Usage:` and `Try … for help.` lines above the error; `report --out` with no
    value had neither (click's parser gave the error no context)."""
    _said, before = click_refusal(args)
    usage, hint = before.splitlines()[:2]
    command = " ".join(["relief", *args[:1]]) if args[0] != "nosuch" else "relief"
    assert usage.startswith(f"用法 Usage: {command} "), before
    chinese_first(hint, f"Try '{command} --help' for help.")


def test_relief_own_usage_errors_are_left_as_they_are(tmp_path):
    """A refusal relief words itself (a click.UsageError already Chinese first) is not said twice."""
    status, text = relief("import", "--template", "donations")
    assert status == 2, text
    assert refusal(text).startswith("--template 需要 --out FILE"), text
    assert text.count("--template needs --out FILE") == 1, text


def test_every_command_is_a_relief_command():
    """A command added to COMMANDS without cls=ReliefCommand would refuse and help in click's English alone."""
    from cli import COMMANDS
    from cli.click_words import ReliefCommand

    group = cli
    ctx = group.make_context("relief", ["check", "--help"], resilient_parsing=True)
    plain = [name for name in COMMANDS if not isinstance(group.get_command(ctx, name), ReliefCommand)]
    assert plain == []


def test_a_sentence_click_words_does_not_know_still_starts_in_chinese():
    from cli.click_words import said_both

    said = said_both("Some new click sentence.")
    assert chinese_first(said, "Some new click sentence.")


def test_a_period_refused(tmp_path):
    """A period that is none (ledger/period.py PeriodError) was English alone, after click's English."""
    status, text = relief("init", tmp_path / "books", "--year", 2026)
    assert status == 0, text
    books = tmp_path / "books"
    cases = [(["close", books, "2026-13"], ["Invalid value for PERIOD", "'2026-13': month 13 does not exist"], "没有 13 月"),
             (["reconcile", books, "--period", "march"], ["Invalid value for --period", "'march' is not a period"], "不是期间")]
    for args, english, zh_words in cases:
        zh = chinese_first(click_refusal(args)[0], *english)
        assert zh_words in zh and zh.endswith("2024（年）。"), zh
