"""Files the user put in the site folder: hosting files are kept, anything else stops the publish.

`relief publish` replaces the folder as a whole. A GitHub Pages CNAME or a folder of the
user's own put in it was deleted without a word ("2 removed"); now the hosting files
(publish/writer.py HOSTING_FILES, HOSTING_FOLDERS) are carried from one site to the next
and any other file publish did not write makes it refuse, changing nothing.
"""

from __future__ import annotations

import json
import os

import pytest

from publish.run import PublishError
from publish.writer import foreign_files


def tree(folder):
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_hosting_files_are_kept_and_listed(tmp_path, publish_to):
    out = tmp_path / "site"
    publish_to(out)
    (out / "CNAME").write_text("relief.example.org\n")
    (out / ".nojekyll").write_text("")
    (out / ".well-known").mkdir()
    (out / ".well-known" / "security.txt").write_text("Contact: mailto:it@example.org\n")
    result = publish_to(out)
    assert result.stats.kept == [".nojekyll", ".well-known/security.txt", "CNAME"]
    assert result.stats.removed == []
    assert (out / "CNAME").read_text() == "relief.example.org\n"
    assert (out / ".well-known" / "security.txt").is_file()
    listed = {f["path"] for f in json.loads((out / "data" / "manifest.json").read_text(encoding="utf-8"))["files"]}
    assert {"CNAME", ".nojekyll", ".well-known/security.txt"} <= listed  # published files, so in the manifest
    again = publish_to(out)
    assert again.stats.written == [] and again.stats.kept == result.stats.kept
    (out / "CNAME").unlink()  # taken away by hand: gone for good
    assert publish_to(out).stats.kept == [".nojekyll", ".well-known/security.txt"]
    assert not (out / "CNAME").exists()


def test_other_files_of_the_user_stop_the_publish(tmp_path, publish_to):
    out = tmp_path / "site"
    publish_to(out)
    (out / "CNAME").write_text("relief.example.org\n")
    (out / "extra").mkdir()
    (out / "extra" / "y").write_text("x")
    (out / "funds" / "notes.txt").write_text("mine")
    (out / "empty").mkdir()
    os.symlink("index.html", out / ".htaccess")  # a hosting name, but a link: never followed, never kept
    before = tree(out)
    with pytest.raises(PublishError) as refused:
        publish_to(out)
    message = str(refused.value)
    for name in (".htaccess", "empty/", "extra/y", "funds/notes.txt"):
        assert name in message
    assert "CNAME," in message and "nothing was changed" in message
    assert tree(out) == before and (out / "extra" / "y").read_text() == "x"
    assert foreign_files(out) == [".htaccess", "empty/", "extra/y", "funds/notes.txt"]


def test_pages_publish_no_longer_makes_are_removed(books_copy, tmp_path, publish_to):
    """A page of the previous site that the books no longer call for is publish's own: removed, no refusal."""
    out = tmp_path / "site"
    publish_to(out, books_copy)
    acks = sorted((out / "ack").glob("*.html"))
    (out / "ack" / "0123456789abcdef0123456789abcdef.html").write_text("an ack page of an earlier secret")
    assert foreign_files(out) == []
    result = publish_to(out, books_copy)
    assert result.stats.removed == ["ack/0123456789abcdef0123456789abcdef.html"]
    assert sorted((out / "ack").glob("*.html")) == acks


def test_a_site_whose_manifest_is_gone_is_refused(tmp_path, publish_to):
    out = tmp_path / "site"
    publish_to(out)
    (out / "data" / "manifest.json").write_text("{")
    with pytest.raises(PublishError, match="missing or damaged"):
        publish_to(out)
