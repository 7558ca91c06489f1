"""The public site marks each period closed or provisional and lists corrections."""

from __future__ import annotations

import datetime

import pytest

from ledger.books import load_books
from ledger.closes.close import close_period
from ledger.period import parse_period
from ledger.reconcile.report import build_report
from publish.model_builder import build_public_model

CORRECTION = """
2024-04-05 * "更正：3月10日困难救助多付 王某某"
  fund: "GENERAL"
  approval: "SP-2024-0001"
  case: "C0001"
  correction: "SP-2024-0001"
  Assets:Bank:Basic   100.00 CNY
  Expenses:Aid:Living
"""


@pytest.fixture
def closed_books(books_factory):
    main = books_factory(extra=CORRECTION)
    close_period(load_books(main), parse_period("2024-03"), check=build_report, today=datetime.date(2024, 4, 10))
    return main


def test_model_marks_closed_periods_and_lists_corrections(closed_books):
    model = build_public_model(load_books(closed_books), b"site-test-secret-0123456789abcdef")
    reports = {r.period.key: r for r in model.reports}
    assert reports["2024-03"].closed is True
    assert reports["2024-04"].closed is False
    assert reports["2024-Q1"].closed is False  # January and February are not closed
    assert reports["2024"].closed is False
    (correction,) = reports["2024-04"].corrections
    assert correction.date == datetime.date(2024, 4, 5)
    assert correction.fund.id == "GENERAL"
    assert correction.amount == 100  # aid paid back: the fund's balance rises
    assert correction.corrects.key == "2024-03"
    assert reports["2024-03"].corrections == () and reports["2024"].corrections == (correction,)


def test_site_pages_show_status_and_corrections_without_private_text(closed_books, tmp_path, monkeypatch):
    from publish.run import publish_books

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    monkeypatch.setenv("RELIEF_SITE_SECRET", "site-test-secret-0123456789abcdef")
    out = tmp_path / "site"
    publish_books(load_books(closed_books), out)
    march = (out / "reports" / "2024-03.html").read_text(encoding="utf-8")
    april = (out / "reports" / "2024-04.html").read_text(encoding="utf-8")
    assert "已结账" in march and "暂定" not in march
    assert "暂定" in april and "更正" in april
    assert "2024年3月" in april or "2024-03" in april
    english = (out / "en" / "reports" / "2024-04.html").read_text(encoding="utf-8")
    assert "Provisional" in english and "Corrections" in english
    index = (out / "reports" / "index.html").read_text(encoding="utf-8")
    assert 'close-mark closed' in index and 'close-mark provisional' in index
    for page in out.rglob("*"):
        if page.is_file() and page.suffix in (".html", ".json", ".csv"):
            text = page.read_text(encoding="utf-8")
            assert "王某某" not in text and "SP-2024-0001" not in text, page
