"""Every link the audit pages emit opens: crawled, under the periods and filters an auditor uses.

A link that Fava's page shell answers 200 can still fail: the journal, the editor and the
other reports load their data from Fava's JSON API after the page, so each link is opened
the way the browser opens it (the journal's `api/journal_page` with the link's own time,
account and filter; the editor's `api/source`). The extension's own links (the other views,
the register's years and pages, the donors' pages) are followed and crawled in turn.

Found by the crawl: with a period that ends before the books' first transaction (`time=2025`
on books of 2026), every closing balance linked to `time=2026-01-01 - 2025-12-31`, a range
that ends before it begins, and Fava's journal answered it with a 500.
"""

from __future__ import annotations

import html
import re
from urllib.parse import parse_qs, urlsplit

import pytest

from cli.serve import make_app
from ledger.demo import write_demo
from tests.fava.samples import SAMPLE_TXNS, write_books
from tests.fava.test_books_with_errors import BROKEN, SYNTAX
from tests.fava.test_receipt_links import MISUSED
from tests.fava.test_whole_book_links import EXTRA

VIEWS = ("statement", "receipts", "donors", "cases", "rules")

#: Query strings an auditor uses: whole books, a year, a month, a quarter, a range, a period
#: before the books and one after them, a fund, an account, a tag, a period with a filter.
QUERIES = (
    {},
    {"time": "2026"},
    {"time": "2026-03"},
    {"time": "2026-Q2"},
    {"time": "2026-03-10 - 2026-05-20"},
    {"time": "2025"},
    {"time": "2027"},
    {"filter": 'fund:"^GENERAL$"'},
    {"account": "Income:Donation"},
    {"time": "2026-06", "filter": "#nosuchtag"},
    {"time": "2026-Q3", "account": "Expenses:Aid:Medical"},
)


def _troubled(root):
    """Books with what the views' rarer links point at: rule violations and a syntax error
    (the rules view's editor links), a receipt used twice and one used after its void, a
    gift that names no fund, aid from a restricted fund to another purpose."""
    main = write_books(root, txns=MISUSED + BROKEN.removeprefix(SAMPLE_TXNS) + EXTRA)
    with (main.parent / "inbox.beancount").open("a", encoding="utf-8") as f:
        f.write(SYNTAX)
    return main


#: The books crawled, with the fewest journal and editor links each must show (so that a
#: crawl that found no links does not pass).
BOOKS = {
    "demo": (lambda root: write_demo(root, seed=7, transactions=300)[0], {"journal": 500}),
    "troubled": (_troubled, {"journal": 200, "editor": 10}),
}


@pytest.fixture(scope="module", params=sorted(BOOKS))
def crawl(request, tmp_path_factory):
    make, least = BOOKS[request.param]
    fava = make_app(make(tmp_path_factory.mktemp("crawl") / "books"))
    return fava, fava.app.test_client(), least


def _hrefs(body: str) -> list[str]:
    return [
        html.unescape(h)
        for h in re.findall(r'href="([^"]+)"', body)
        if not h.startswith(("#", "http", "/static"))
    ]


def _open(client, fava, href: str) -> tuple[int, str]:
    """Open `href` as the browser does: the page, then the API call its data comes from."""
    parts = urlsplit(href)
    args = {k: v[0] for k, v in parse_qs(parts.query).items()}
    if parts.path.endswith("/journal/"):
        response = client.get(
            f"/{fava.slug}/api/journal_page", query_string={**args, "page": 1, "order": "desc"}
        )
    elif parts.path.endswith("/editor/"):
        response = client.get(
            f"/{fava.slug}/api/source", query_string={"filename": args["file_path"]}
        )
    else:
        response = client.get(href)
    return response.status_code, response.get_data().decode("utf-8", "replace")


def _failure(status: int, body: str) -> bool:
    return status >= 400 or "Traceback" in body


@pytest.mark.slow
def test_every_link_of_every_view_opens(crawl):
    fava, client, least = crawl
    starts = [(v, q) for q in QUERIES for v in VIEWS]
    seen: set[str] = set()
    failed: list[str] = []
    kinds: dict[str, int] = {}
    queue = [
        client.get(f"/{fava.slug}/extension/ReliefAudit/", query_string={"view": v, **q})
        for v, q in starts
    ]
    crawled = 0
    while queue:
        response = queue.pop()
        crawled += 1
        body = response.get_data(as_text=True)
        assert response.status_code == 200 and "Traceback" not in body, body[:500]
        for href in _hrefs(body):
            if href in seen:
                continue
            seen.add(href)
            kind = urlsplit(href).path.rstrip("/").rsplit("/", 1)[-1]
            kinds[kind] = kinds.get(kind, 0) + 1
            if "/extension/ReliefAudit" in href:
                queue.append(client.get(href))  # the other views, the register's years and pages
                continue
            status, text = _open(client, fava, href)
            if _failure(status, text):
                failed.append(f"{status} {href}: {text[:200]}")
    assert not failed, f"{len(failed)} links fail, first: " + "\n".join(failed[:5])
    assert crawled > len(starts) and all(kinds.get(k, 0) >= n for k, n in least.items()), kinds


def test_a_period_before_the_books_links_no_closing_balance_to_an_impossible_range(crawl):
    """The 500 the crawl found, on its own: time=2025 on books that start in 2026."""
    fava, client, _ = crawl
    body = client.get(
        f"/{fava.slug}/extension/ReliefAudit/", query_string={"time": "2025"}
    ).get_data(as_text=True)
    journal = [h for h in _hrefs(body) if h.split("?")[0].endswith("/journal/")]
    for href in journal:
        status, text = _open(client, fava, href)
        assert not _failure(status, text), (status, href)
    assert "2026-01-01 - 2025-12-31" not in html.unescape(body).replace("+", " ")


def _private_values(main) -> set[str]:
    """What the auditors' pages must never show: the cases' personal details (private/cases.csv,
    which no beancount file includes) and the donors' contacts (docs/books.md)."""
    import csv

    from beancount import loader

    values: set[str] = set()
    private = main.parent / "private" / "cases.csv"
    if private.exists():
        with private.open(encoding="utf-8") as f:
            for row in csv.DictReader(f):
                values |= {row[k] for k in ("name", "id_number", "phone", "address") if row.get(k)}
    entries, _, _ = loader.load_file(str(main))
    values |= {str(e.meta["contact"]) for e in entries if e.meta and e.meta.get("contact")}
    return values


def test_no_view_shows_private_details(crawl):
    """Every view, page and JSON endpoint under every query: no case's name, ID number, phone
    or address (the demo books have them in private/cases.csv), no donor's contact."""
    fava, client, _ = crawl
    main = fava.main
    private = _private_values(main)
    assert private  # the donors' contacts at least; the demo's cases' details too (190 values)
    base = f"/{fava.slug}/extension/ReliefAudit"
    shown = []
    for query in QUERIES:
        for view in VIEWS:
            shown.append(client.get(f"{base}/", query_string={"view": view, **query}).get_data(as_text=True))
            shown.append(client.get(f"{base}/{view}", query_string=query).get_data(as_text=True))
    text = "\n".join(shown)
    leaked = sorted(v for v in private if v in text)
    assert not leaked, leaked[:5]


def test_no_amount_links_to_an_empty_journal(crawl):
    """An amount is a link to the entries behind it; under a period or a filter that leaves
    a fund nothing (EDU-2026's opening in 2026-03, before it began; every fund's transfers,
    closing and net assets in 2025, before the books; the receipt register's year under
    #nosuchtag) the amount read 0.00 and its link opened a journal with no entry in it. An
    amount with nothing behind it is now no link; a 0.00 that nets entries (a fund spent to
    nothing) still is."""
    fava, client, _ = crawl
    empty = set()
    for query in QUERIES:
        for view in VIEWS:
            body = client.get(f"/{fava.slug}/extension/ReliefAudit/", query_string={"view": view, **query}).get_data(as_text=True)
            for href, text in re.findall(r'<a href="([^"]+/journal/[^"]*)"[^>]*>([^<]*)</a>', body):
                status, out = _open(client, fava, html.unescape(href))
                assert not _failure(status, out), (status, href)
                if '"journal":""' in out.replace(" ", ""):
                    empty.add(f"{view} {query}: {text} -> {html.unescape(href)}")
    assert not empty, f"{len(empty)} amounts link to an empty journal, e.g.\n" + "\n".join(sorted(empty)[:5])
