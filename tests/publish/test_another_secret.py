"""A publish onto a site made with another site secret (another machine, a cron job or a
`sudo` run whose home folder is another, where a new secret is made on first use).

Unless a closed period was involved, it went through: every acknowledgement page moved to
a new address (87 of the demo's removed, as many written elsewhere), and every letter
already sent, its QR code included, pointed nowhere; only 'created a new site secret' was
said. It is refused now, the previous site unchanged."""

from __future__ import annotations

import hashlib

import pytest

from publish.run import PublishError, publish_books

from .conftest import SMALL


def digests(folder):
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_a_publish_with_another_secret_is_refused(tmp_path, publish_to, monkeypatch):
    from ledger.books import load_books

    out = tmp_path / "site"
    publish_to(out)
    assert any((out / "ack").glob("*.html"))
    before = digests(out)
    monkeypatch.setenv("RELIEF_SITE_SECRET", "another-machines-secret-0123456789")
    with pytest.raises(PublishError, match="another key for acknowledgement addresses"):
        publish_books(load_books(SMALL), out)
    assert digests(out) == before


def test_the_same_secret_publishes_again(tmp_path, publish_to):
    out = tmp_path / "site"
    publish_to(out)
    publish_to(out)


def test_leaving_out_the_acknowledgements_of_a_site_that_has_them_is_refused(tmp_path, publish_to):
    """--no-acknowledgements (needs no key: the way past a secret missing on a CI machine)
    onto a site that has acknowledgement pages deleted them all, and the log with them (on
    the demo site: 92 files removed), without a word: every letter already sent pointed
    nowhere. It is refused now, the site unchanged."""
    out = tmp_path / "site"
    publish_to(out)
    before = digests(out)
    with pytest.raises(PublishError, match="acknowledgement pages"):
        publish_to(out, acknowledgements=False)
    assert digests(out) == before
    publish_to(tmp_path / "plain", acknowledgements=False)  # a site made without them stays so
    publish_to(tmp_path / "plain", acknowledgements=False)
