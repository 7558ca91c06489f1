"""Entries flagged `!` (proposed by an import, not yet reviewed) that `relief publish`
publishes: the command names them, and the report of each period holding one (and its annual
report) says its figures include entries not yet reviewed. Before, publish said nothing and
the page of April read like any other provisional month."""

from __future__ import annotations

from ledger.books import load_books
from publish.annual import report_html
from publish.model_builder import build_public_model

from .conftest import TEST_SECRET
from .sitecheck import parse

FLAGGED = '''
2026-04-18 ! "王某" "微信转账，捐赠人待确认"
  fund: "GENERAL"
  donor: "D0002"
  receipt: "JZ-2026-00008"
  Assets:Bank:Basic   200.00 CNY
  Income:Donation:Individual
'''


def test_publish_names_the_flagged_entries_and_the_months_page_says_so(books_copy, tmp_path, publish_to):
    path = books_copy / "txns" / "2026.beancount"
    path.write_text(path.read_text(encoding="utf-8") + FLAGGED, encoding="utf-8")
    out = tmp_path / "site"
    result = publish_to(out, books_copy)
    notes = [n for n in result.notes if "flagged !" in n]
    assert len(notes) == 1 and "。 1 transaction is flagged ! (not yet reviewed)" in notes[0] and notes[0].startswith("有 1 笔交易"), result.notes
    assert "2026-04-18 at " in notes[0] and "2026.beancount:" in notes[0]
    for key in ("2026-04", "2026-Q2", "2026"):
        en = " ".join(parse(out / f"en/reports/{key}.html").text)
        zh = " ".join(parse(out / f"reports/{key}.html").text)
        assert "figures include 1 entry not yet reviewed" in en, key
        assert "本期数字含 1 笔尚待审核的分录" in zh, key
    for key in ("2026-03", "2026-05", "2026-Q1"):
        if (out / f"en/reports/{key}.html").exists():
            assert "not yet reviewed" not in " ".join(parse(out / f"en/reports/{key}.html").text), key
    model = build_public_model(load_books(books_copy), TEST_SECRET.encode())
    assert "The year's figures include 1 entry not yet reviewed" in report_html(model, 2026)


def test_no_flagged_entry_no_note(published):
    out, result = published
    assert not [n for n in result.notes if "flagged !" in n]
    assert "not yet reviewed" not in " ".join(parse(out / "en/reports/2026-04.html").text)


def test_publish_reads_the_entries_for_flags_once_and_counts_them_as_a_second_pass_would(books_copy, tmp_path, publish_to, monkeypatch):
    """Issue 15: the note and the reports' counts came from two passes over the 100k entries
    (unreviewed_note, then the model builder); publish now finds them once and hands them on.
    The reports count what a model built on its own (its own pass) counts."""
    import ledger.unreviewed
    import publish.model_builder
    import publish.run

    path = books_copy / "txns" / "2026.beancount"
    path.write_text(path.read_text(encoding="utf-8") + FLAGGED, encoding="utf-8")
    calls = []
    real = ledger.unreviewed.unreviewed

    def counted(entries):
        calls.append(len(entries))
        return real(entries)

    monkeypatch.setattr(ledger.unreviewed, "unreviewed", counted)
    monkeypatch.setattr(publish.model_builder, "unreviewed", counted)
    monkeypatch.setattr(publish.run, "unreviewed", counted, raising=False)
    result = publish_to(tmp_path / "site", books_copy)
    assert len(calls) == 1, calls
    monkeypatch.undo()
    alone = build_public_model(load_books(books_copy), TEST_SECRET.encode())
    assert result.model == alone  # the whole model, as a build on its own makes it
    assert sum(r.unreviewed for r in alone.reports if r.period.kind == "month") == 1
