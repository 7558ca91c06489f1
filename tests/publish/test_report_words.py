"""The annual report never breaks a date or a period in two.

The report's stylesheet lets any word break where it must (`overflow-wrap: anywhere`, so a
long name never runs off the page). Beside the verifiable record's long hash the period
"2026-03" came out as "2026-0" with "3" on the line below, and in the transfers between
funds "2026年2月28日" as "2026年2" over "月28日": a reader takes them for other periods and
days. Dates and periods are now kept whole.
"""

from __future__ import annotations

import datetime
import io

import pytest
from pypdf import PdfReader

from ledger.books import load_books
from ledger.closes.close import close_period
from ledger.period import parse_period
from ledger.reconcile.report import build_report
from publish import annual, verification
from publish.model_builder import build_public_model

SECRET = "report-words-site-secret-0123456789"


@pytest.fixture(scope="module")
def report_pages(tmp_path_factory):
    """The pages' text of the 2026 report of demo books with 2026-03 closed, record included."""
    from ledger.demo import write_demo

    root = tmp_path_factory.mktemp("words")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("XDG_CONFIG_HOME", str(root / "config"))
        main, _year = write_demo(root / "books", seed=5, transactions=300)
        close_period(load_books(main), parse_period("2026-03"), check=build_report, today=datetime.date(2026, 6, 10))
        books = load_books(main)
        model = build_public_model(books, SECRET.encode())
        key, _note = verification.load_log_key(None, books_root=books.root)
        record = verification.prepare(books, model, SECRET.encode(), key, root / "site")
        html = annual.report_html(model, 2026, verification=record)
        rendered = annual.make_report_pdf(html, annual._stylesheet(None))
    return model, [page.extract_text() for page in PdfReader(io.BytesIO(rendered.pdf)).pages]


def test_the_record_keeps_each_period_whole(report_pages):
    _model, pages = report_pages
    record = next(p for p in pages if "Verifiable record" in p and "Root's sum" in p)
    assert "2026-03" in record, f"the period is broken over two lines: {record[:600]!r}"


def test_the_transfers_keep_each_date_whole(report_pages):
    model, pages = report_pages
    text = "\n".join(pages)
    start = text.index("日期 Date 从 From")
    table = text[start : text.index("三、资金来源与使用", start)]  # the transfers' table alone
    days = {t.date for f in model.funds for t in f.transfers}
    assert days, "the demo books move money between funds: the test shows nothing without it"
    for day in days:
        assert f"{day.year}年{day.month}月{day.day}日" in table, f"{day} is broken over two lines: {table[:300]!r}"
