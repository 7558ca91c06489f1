"""Helpers to read a published site: every file, internal links, visible text."""

from __future__ import annotations

import posixpath
import re
from html.parser import HTMLParser
from pathlib import Path
from urllib.parse import unquote, urlsplit


class _Links(HTMLParser):
    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.links: list[tuple[str, str]] = []
        self.ids: set[str] = set()
        self.text: list[str] = []
        self._skip = 0

    def handle_starttag(self, tag, attrs):
        a = dict(attrs)
        if "id" in a:
            self.ids.add(a["id"])
        for attr in ("href", "src"):
            if a.get(attr) is not None:
                self.links.append((tag, a[attr]))
        if tag in ("style", "script", "svg"):
            self._skip += 1

    def handle_endtag(self, tag):
        if tag in ("style", "script", "svg"):
            self._skip -= 1

    def handle_data(self, data):
        if not self._skip:
            self.text.append(data)


#: a value kept on one line (publish/environment.py `whole`): markup inside a word, not a word of its own
_WHOLE = re.compile(r'<span class="nw">([^<]*)</span>')


def unwrap_whole(html: str) -> str:
    """The page with the `whole` filter's spans taken off their values: text read out of it by
    tags (a tag taken as a space between words) reads "on 2026-03-14." as the reader sees it,
    not "on 2026-03-14 ."."""
    return _WHOLE.sub(r"\1", html)


def parse(path: Path) -> _Links:
    p = _Links()
    p.feed(unwrap_whole(path.read_text(encoding="utf-8")))
    return p


def files(site: Path) -> list[Path]:
    return sorted(p for p in site.rglob("*") if p.is_file())


def html_files(site: Path) -> list[Path]:
    return [p for p in files(site) if p.suffix == ".html"]


def broken_links(site: Path) -> list[str]:
    """Every internal href/src that points at no file (or at a missing #fragment)."""
    broken = []
    for page in html_files(site):
        parsed = parse(page)
        rel_page = page.relative_to(site).as_posix()
        for _tag, link in parsed.links:
            parts = urlsplit(link)
            if parts.scheme or link.startswith("//"):
                continue
            if not parts.path:
                if parts.fragment and parts.fragment not in parsed.ids:
                    broken.append(f"{rel_page}: {link}")
                continue
            target = posixpath.normpath(posixpath.join(posixpath.dirname(rel_page), unquote(parts.path)))
            if target.startswith("..") or not (site / target).is_file():
                broken.append(f"{rel_page}: {link}")
            elif parts.fragment and target.endswith(".html") and parts.fragment not in parse(site / target).ids:
                broken.append(f"{rel_page}: {link}")
    return broken


def external_references(site: Path) -> list[str]:
    """href/src that load or link something on another host (site_url excepted by callers)."""
    out = []
    for page in html_files(site):
        for tag, link in parse(page).links:
            if urlsplit(link).scheme in ("http", "https") or link.startswith("//"):
                out.append(f"{page.relative_to(site)}: <{tag}> {link}")
    return out


def visible_text(path: Path) -> str:
    return " ".join(" ".join(parse(path).text).split())
