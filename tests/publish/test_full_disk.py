"""`relief publish` on a disk that fills up while the new site is made (a 2 MB tmpfs, a
quota): it said '…/site: cannot write the site (No space left on device); the previous site
is unchanged', nothing of what to do, where import says the disk is full and to free space.
Now every command that writes a folder of output (ledger.files.write_failure) says so."""

from __future__ import annotations

import errno
import os
import shutil

from click.testing import CliRunner

from cli import cli

from .conftest import SMALL


def test_a_full_disk_while_the_site_is_made_says_to_free_space(tmp_path, monkeypatch):
    books, site = tmp_path / "books", tmp_path / "site"
    shutil.copytree(SMALL, books)
    first = CliRunner().invoke(cli, ["publish", str(books), "--out", str(site), "--jobs", "1", "--no-report-pdf"])
    assert first.exit_code == 0, first.output
    before = {p: p.read_bytes() for p in site.rglob("*") if p.is_file()}

    def full(_target, _data):
        raise OSError(errno.ENOSPC, os.strerror(errno.ENOSPC))  # as os.write says it: no file named

    monkeypatch.setattr("publish.writer._write_new", full)
    with (books / "txns" / "2026.beancount").open("a", encoding="utf-8") as txns:  # a gift since: pages change
        txns.write('\n2026-04-04 * "捐款箱" "捐款箱现金"\n  fund: "GENERAL"\n  donor: "ANON"\n  receipt: "JZ-2026-00008"\n'
                   "  Assets:Cash  10.00 CNY\n  Income:Donation:Individual\n")
    result = CliRunner().invoke(cli, ["publish", str(books), "--out", str(site), "--jobs", "1", "--no-report-pdf"])
    assert result.exit_code == 1, result.output
    assert (f"{site}: cannot write the site (the disk is full (No space left on device); free some space (or raise the "
            "quota) and run it again); the previous site is unchanged") in result.output, result.output
    assert {p: p.read_bytes() for p in site.rglob("*") if p.is_file()} == before
