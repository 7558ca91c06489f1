"""Acknowledgement addresses: keyed, stable, unguessable without the key; the key outside."""

from __future__ import annotations

import re

import pytest
from click.testing import CliRunner

from publish import ack

from .conftest import SMALL


def test_address_is_stable_and_keyed():
    a = ack.ack_path("JZ-2026-00001", b"k" * 32)
    assert a == ack.ack_path("JZ-2026-00001", b"k" * 32)
    assert re.fullmatch(r"ack/[0-9a-f]{32}\.html", a)
    assert a != ack.ack_path("JZ-2026-00002", b"k" * 32)
    assert a != ack.ack_path("JZ-2026-00001", b"j" * 32)
    assert "JZ" not in a and "00001" not in a


def test_url_under_site_url():
    assert ack.ack_url("JZ-2026-00001", b"k" * 32, "https://x.org/relief/") == "https://x.org/relief/" + ack.ack_path("JZ-2026-00001", b"k" * 32)
    assert ack.ack_url("JZ-2026-00001", b"k" * 32, "") == ack.ack_path("JZ-2026-00001", b"k" * 32)


def test_secret_sources_in_order(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    f = tmp_path / "key"
    f.write_text("from-the-file-0123456789\n")
    monkeypatch.setenv(ack.ENV_VAR, "from-the-environment-0123")
    assert ack.load_secret(f)[0] == b"from-the-file-0123456789"
    assert ack.load_secret()[0] == b"from-the-environment-0123"
    monkeypatch.delenv(ack.ENV_VAR)
    with pytest.raises(ack.SecretError, match="no site secret"):
        ack.load_secret(create=False)
    made, note = ack.load_secret()
    assert "created" in note and len(made) >= 32
    assert ack.load_secret()[0] == made  # the stored one is used from then on


@pytest.mark.parametrize("empty", ["", "  "])
def test_a_variable_set_but_empty_is_refused(tmp_path, monkeypatch, empty):
    """`RELIEF_SITE_SECRET=` (a CI job whose secret did not reach it) silently fell back to the
    default file, or made a new one there: every address changed from one run to the next."""
    from cli import cli

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    monkeypatch.setenv(ack.ENV_VAR, empty)
    with pytest.raises(ack.SecretError, match=r"\$RELIEF_SITE_SECRET is set but empty"):
        ack.load_secret()
    assert not (tmp_path / "cfg" / "relief-ledger" / "site-secret").exists()  # nothing made
    result = CliRunner().invoke(cli, ["publish", str(SMALL), "--out", str(tmp_path / "site")])
    assert result.exit_code == 1 and "set but empty" in result.output and "Traceback" not in result.output
    assert not (tmp_path / "site").exists()


def test_secret_inside_the_books_is_refused(tmp_path):
    books = tmp_path / "books"
    books.mkdir()
    (books / "key").write_text("x" * 40)
    with pytest.raises(ack.SecretError, match="outside the books"):
        ack.load_secret(books / "key", books_root=books)


@pytest.mark.parametrize("saved", ["utf-8-sig", "utf-16"])
@pytest.mark.parametrize("where", ["file", "default"])
def test_a_secret_file_saved_by_notepad_is_refused_not_taken_with_its_mark(tmp_path, monkeypatch, saved, where):
    """The site secret opened and saved again in Windows Notepad gained a byte-order mark (or
    became UTF-16): the mark was taken as part of the secret, so every acknowledgement
    address changed without a word, and the letters already sent pointed nowhere."""
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    monkeypatch.delenv(ack.ENV_VAR, raising=False)
    path = tmp_path / "key" if where == "file" else tmp_path / "cfg" / "relief-ledger" / "site-secret"
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_bytes("from-the-file-0123456789\r\n".encode(saved))
    with pytest.raises(ack.SecretError) as refused:
        ack.load_secret(path if where == "file" else None)
    said = str(refused.value)
    assert said.startswith(f"{path}：") and f"。 {path}: " in said and "every acknowledgement address" in said  # Chinese first
    assert ("byte-order mark" if saved == "utf-8-sig" else "UTF-16") in said
    assert path.read_bytes() == "from-the-file-0123456789\r\n".encode(saved)  # left as it is
