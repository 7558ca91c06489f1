"""Pages and slow files taken unchanged from the previous site instead of being made again.

There is one acknowledgement page per donation (tens of thousands in large books); after
one new donation almost all of them are unchanged, and an annual-report PDF takes seconds
to make. The cache remembers, for each such file, a digest of what it was made of (its
inputs) and the file it became; a file whose inputs did not change is taken from the
previous site (SiteWriter.reuse checks it is still the very file written, and hard-links it
unless the spare folder it builds in holds it already) without rendering.

Like Pelican's cache, it is kept apart from what it speeds up: the page list
(publish/pages.py) says what a page is made of, the writer (publish/writer.py) what is on
the disk, and this module only matches the two. It holds only hashes (no address can be
read from it) and lives beside the site, not in it: `.NAME.publish-cache` next to the
output folder NAME. Its signature covers the package version and every template file, so a
changed template makes everything again.
"""

from __future__ import annotations

import hashlib
import importlib.metadata
from pathlib import Path

import jinja2

from ledger.files import atomic_write_text
from publish.ack_page import uses_shipped_templates
from publish.environment import shipped_templates
from publish.model import PublicModel
from publish.pages import PageSpec
from publish.writer import SiteWriter


class PageCache:
    """Maps SHA-256(path, digest of the file's inputs) to the file's SHA-256, inode, size and
    modification time, as recorded by the previous publish (`old`) and by this one (`new`,
    saved at the end). Site generators use it through `Build.write_cached` (the annual-report
    PDFs), the pages through `reuse` and `record`."""

    VERSION = 3  # 2: an acknowledgement page's digest covers its fund's and the site's as one hash; 3: and what was given back

    def __init__(self, out: Path, signature: str):
        self.path = out.parent / f".{out.name}.publish-cache"
        self.signature = signature
        self.old: dict[str, list] = {}  # key -> [sha256, inode, size, mtime_ns]
        self.new: dict[str, list] = {}
        try:
            with open(self.path, encoding="ascii") as fh:
                if fh.readline().split() == [f"relief-publish-cache-{self.VERSION}", signature]:
                    for line in fh:
                        key, sha, ino, size, mtime = line.split()
                        self.old[key] = [sha, int(ino), int(size), int(mtime)]
        except (OSError, ValueError, UnicodeDecodeError):
            self.old = {}

    @staticmethod
    def key(path: str, digest: str) -> str:
        """The cache key of `path` made from inputs whose digest is `digest`."""
        return hashlib.sha256(f"{path}\0{digest}".encode()).hexdigest()

    def reuse(self, writer: SiteWriter, path: str, key: str) -> str | None:
        """Take `path` from the previous site when `key` is recorded for the very file
        there; returns its SHA-256 (None, and nothing staged, otherwise)."""
        known = self.old.get(key)
        if known and writer.reuse(path, known[0], tuple(known[1:])):
            self.new[key] = known
            return known[0]
        return None

    def record(self, key: str, sha256: str, stamp: tuple[int, int, int]) -> None:
        """Remember the file made for `key` this time (its SHA-256 and the writer's stamp)."""
        self.new[key] = [sha256, *stamp]

    def save(self) -> None:
        """Write what this publish recorded, replacing the previous cache (a failure only
        costs the next publish its shortcut)."""
        lines = [f"relief-publish-cache-{self.VERSION} {self.signature}\n"]
        lines += [f"{k} {v[0]} {v[1]} {v[2]} {v[3]}\n" for k, v in sorted(self.new.items())]
        body = "".join(lines)
        try:
            atomic_write_text(self.path, body, fsync=False)
        except OSError:
            pass  # only a cache: the next publish renders every page


def template_signature(user_templates: str | Path | None) -> str:
    """A hash of the package version and every template file (user's and shipped)."""
    h = hashlib.sha256()
    try:
        h.update(importlib.metadata.version("relief-ledger").encode())
    except importlib.metadata.PackageNotFoundError:
        pass
    for root in [p for p in (user_templates, shipped_templates()) if p is not None]:
        root = Path(root)
        for path in sorted(root.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
        h.update(b"\1")
    return h.hexdigest()


class AckInputs:
    """What each acknowledgement page is made of, as a digest for its cache key.

    With the shipped templates only what the page shows counts (the donation, its fund's
    name, spending and uses, a few of the site's settings); with a user's templates, which
    may show anything, the whole fund and the whole site information. The parts pages share
    (a fund, the site) are written out and hashed once per fund and publish; a page's digest
    covers its own gift and that hash."""

    def __init__(self, env: jinja2.Environment, model: PublicModel):
        self.model = model
        self.shipped = uses_shipped_templates(env)
        self.verification = env.globals.get("verification")
        self._shared: dict[str | None, str] = {}  # fund id -> digest of what its pages share

    def _shared_digest(self, fund) -> str:
        """The digest of what every page of `fund`'s gifts shows of the fund and the site:
        hashed once per fund, so that each page hashes only its own gift and this."""
        if fund is None:
            shown = "-"
        elif self.shipped:
            # its uses; and what the lead and _ack_fund_use.html say of a restricted fund past
            # its end (its end, what it had, where the rest went, what is left) or of an
            # overdrawn one (by how much): a changed closing transfer kept every page saying
            # the old amount. Not an open fund's balance: shown nowhere, changed by every gift.
            ended = fund.ended and fund.restricted
            overdrawn = fund.balance < 0
            told = (fund.end, fund.had, fund.balance, fund.moved_out) if ended or overdrawn else ()
            shown = repr((fund.ref, fund.spent, fund.uses, fund.status, fund.restricted,
                          overdrawn, told))
        else:
            shown = repr(fund)
        site = self.model.site
        shown_site = repr((site.name, site.currency, site.site_url, site.min_published_count, site.skipped_currencies)) if self.shipped else repr(site)
        return hashlib.sha256(f"{shown}\0{shown_site}".encode()).hexdigest()

    def digest(self, spec: PageSpec) -> str:
        """The digest of the inputs of the acknowledgement page `spec`."""
        fund = spec.context.get("fund")
        fid = fund.ref.id if fund else None
        shared = self._shared.get(fid)
        if shared is None:
            shared = self._shared[fid] = self._shared_digest(fund)
        d = spec.context["donation"]
        # the receipt fixes the path and the title; the donation's own fields, flat (a nested
        # dataclass repr costs more than the page is worth)
        goods = repr(d.goods) if d.goods else ""
        returned = repr(d.returned) if d.returned else ""
        proof = self.verification.cache_key(d.receipt) if self.verification is not None else ""
        text = f"{proof}\0{d.receipt}\0{d.date}\0{d.amount}\0{d.currency}\0{goods}\0{d.fund.id}\0{d.source}\0{d.donor_kind}\0{d.donor_name}\0{d.donor_note}\0{d.anonymous}\0{d.ack_path}\0{d.ack_url}\0{returned}\0{d.goods_valued}\0{shared}"
        if d.given_amount is not None or d.given_currency is not None:  # given in another currency
            text += f"\0{d.given_amount}\0{d.given_currency}"
        if d.received is not None:  # booked again under its right donor: thanked for that day
            text += f"\0received {d.received}"
        if d.pledge_paid is not None or d.pledge_cancelled:  # a pledge: its page lists each payment, what was cancelled, what is to come
            text += f"\0pledge {d.pledge_paid!r} {d.pledge_cancelled!r} {d.pledge_came}"
        if d.lessens is not None:  # a correction lowering a refund: no page of its own, its key apart all the same
            text += f"\0lessens {d.lessens}"
        if not self.shipped:  # a user's template may show any field: every one counts
            text += "\0" + repr(d)
        return hashlib.sha256(text.encode("utf-8")).hexdigest()
