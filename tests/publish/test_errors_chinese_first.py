"""What `relief publish` says when it stops, Chinese first, then the English as it was.

Found English only (publish/run.py, publish/environment.py, publish/writer.py, publish/about.py,
publish/parallel.py, publish/verification.py, ledger/files.py): a mistake in one's own template,
a narrative not saved as UTF-8, an output folder not publish's own, a full disk, a worker that
died, a closed period's close taken out of the books. Or the Chinese half held the English
(`无法写入网站（the disk is full …）`). Each is made here from a bad input, and the message must
be Chinese first with its English words only in the English half."""

from __future__ import annotations

import errno
import os
import shutil
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import cli
from publish.run import PublishError
from tests.chinese_halves import chinese_first
from tests.cli.test_own_templates import MISTAKES

from .conftest import SMALL
from .test_parallel import _generator

UNCHANGED = "the previous site is unchanged"


def refused(publish_to, out: Path, books: Path = SMALL, **kw) -> str:
    with pytest.raises(PublishError) as caught:
        publish_to(out, books, **kw)
    return str(caught.value)


@pytest.mark.parametrize("mistake", MISTAKES)
def test_a_mistake_in_ones_own_template(publish_to, tmp_path, mistake):
    content, line, says = MISTAKES[mistake]
    tpl = tmp_path / "tpl"
    tpl.mkdir()
    (tpl / "overview.html").write_bytes(content)
    text = refused(publish_to, tmp_path / "site", templates=tpl, jobs=1)
    where = f"{tpl / 'overview.html'}:{line}"
    zh = chinese_first(text, f"{where}: {says}", UNCHANGED)
    assert zh.startswith(f"{where}：模板错误：") and "原网站未改动" in zh, text
    assert not (tmp_path / "site").exists()


def test_a_narrative_saved_as_utf16(publish_to, books_copy, tmp_path):
    (books_copy / "report").mkdir()
    (books_copy / "report" / "2026.md").write_text("本年度工作概述\n", encoding="utf-16")
    text = refused(publish_to, tmp_path / "site", books_copy)
    zh = chinese_first(text, "saved as UTF-16", "save the narrative as UTF-8", UNCHANGED)
    assert "原网站未改动" in zh, text


def test_a_folder_not_made_by_publish(tmp_path):
    """Through the command: the output folder holds files of someone else's (publish/writer.py)."""
    out = tmp_path / "site"
    out.mkdir()
    (out / "notes.txt").write_text("mine\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["publish", str(SMALL), "--out", str(out), "--no-report-pdf"],
                                env={"XDG_CONFIG_HOME": str(tmp_path / "config")})
    assert result.exit_code == 1, result.output
    chinese_first(result.output.removeprefix("Error: "), "is not empty and was not made by `relief publish`",
                  "choose a new or empty folder")
    assert (out / "notes.txt").read_text(encoding="utf-8") == "mine\n"


def test_a_full_disk(publish_to, tmp_path, monkeypatch):
    """The write fails as a full disk fails it (the error the system gives, from where the site is written)."""
    import publish.run

    out = tmp_path / "site"

    def full(*args, **kwargs):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC), str(out.parent / ".site.new-x" / "index.html"))

    monkeypatch.setattr(publish.run, "publish_site", full)
    text = refused(publish_to, out)
    zh = chinese_first(text, "cannot write the site (the disk is full writing", "free some space", UNCHANGED)
    assert "磁盘已满" in zh and "原网站未改动" in zh, text


def test_a_worker_that_dies(publish_to, tmp_path):
    def dies():
        os._exit(3)

    text = refused(publish_to, tmp_path / "site", extra_generators=[_generator(dies)], jobs=2)
    zh = chinese_first(text, "a publish worker stopped without a result (exit code 3)", UNCHANGED, "(try again, or --jobs 1)")
    assert "退出码 3" in zh and "--jobs 1" in zh, text


def test_a_closed_period_taken_out(tmp_path, monkeypatch):
    """A period closed and published, then its close removed from the books: publish refuses
    (publish/verification.py rewrites, publish/run.py _transparency)."""
    from ledger.demo import write_demo

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    main, _year = write_demo(tmp_path / "books", seed=1, transactions=200)
    books, site = main.parent, tmp_path / "site"

    def relief(*args):
        return CliRunner().invoke(cli, [str(a) for a in args])

    for args in (["close", books, "2026-01"], ["publish", books, "--out", site, "--no-report-pdf"]):
        assert relief(*args).exit_code == 0
    (books / "closes.beancount").write_text(";; no closes\n", encoding="utf-8")
    shutil.rmtree(books / "closes")
    result = relief("publish", books, "--out", site, "--no-report-pdf")
    assert result.exit_code == 1, result.output
    [line] = [line for line in result.output.splitlines() if line.startswith("Error: ")]
    zh = chinese_first(line.removeprefix("Error: "), "fewer than the 1 the site already published (a period close was removed)",
                       "A closed period must not change")
    assert "已结账的期间不得改动" in zh, line


def test_funds_named_for_people_helped(publish_to, books_copy, tmp_path):
    """A stop of several lines, one a place (publish/withheld.py NamedInPublic): each line
    Chinese first, and the last says in each language that the site is unchanged."""
    funds = books_copy / "registry" / "funds.beancount"
    funds.write_text(funds.read_text(encoding="utf-8").replace('name_zh: "一般帮扶资金"', 'name_zh: "C0001一般帮扶资金"', 1)
                     .replace('name_zh: "2026年金秋助学专项"', 'name_zh: "C0002金秋助学专项"', 1), encoding="utf-8")
    text = refused(publish_to, tmp_path / "site", books_copy)
    lines = text.splitlines()
    assert len(lines) == 2, text
    for line in lines:
        chinese_first(line, "the fund declared here holds case")
    zh = chinese_first(lines[-1], UNCHANGED, "and publish again")
    assert zh.endswith("再发布；原网站未改动。"), text
