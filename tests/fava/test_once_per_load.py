"""The audit views are computed when Fava loads the books, once per load, never per request.

Spies count the computations behind each view (ledger.audit's functions as the extension
calls them, the donations list, the fund movements): Fava's load computes each once, any
number of requests for the whole books then computes nothing, a reload computes each once
again, and a new period or filter computes only its own view, once.
"""

from __future__ import annotations

from collections import Counter

import pytest

import ledger.fava_ext as ext_module
from cli.serve import make_app
from ledger.fava_ext import ReliefAudit
from ledger.funds import FundMovements

VIEWS = ("statement", "receipts", "donors", "cases", "rules")
#: held_at_end: what the books hold at the period's end, the statement page's last table
SPIED = ("fund_statement", "receipt_register", "donor_totals", "aggregate_cases", "rule_violations", "donations", "held_at_end")


@pytest.fixture
def calls(monkeypatch):
    counts: Counter[str] = Counter()

    def spy(name, real):
        def counted(*args, **kwargs):
            counts[name] += 1
            return real(*args, **kwargs)

        return counted

    for name in SPIED:
        monkeypatch.setattr(ext_module, name, spy(name, getattr(ext_module, name)))
    real_movements = FundMovements.from_entries.__func__
    monkeypatch.setattr(FundMovements, "from_entries", classmethod(spy("movements", real_movements)))
    return counts


def _ledger(fava):
    return next(iter(fava.app.config["LEDGERS"].items()))[1]


def _every_view(fava, client, **query):
    base = f"/{fava.slug}/extension/ReliefAudit/"
    for view in VIEWS:
        assert client.get(base, query_string={"view": view, **query}).status_code == 200
        assert client.get(base + view, query_string=query).status_code == 200


def test_load_computes_each_view_once_and_requests_compute_nothing(sample_books, calls):
    fava = make_app(sample_books)
    at_load = dict(calls)
    assert at_load == {name: 1 for name in (*SPIED, "movements")}, at_load  # every view, once, at load
    client = fava.app.test_client()
    _every_view(fava, client)
    _every_view(fava, client)
    assert dict(calls) == at_load  # two rounds of requests, pages and JSON: nothing computed

    _ledger(fava).load_file()  # what Fava does when it sees a file change
    assert dict(calls) == {name: 2 for name in at_load}
    _every_view(fava, client)
    assert dict(calls) == {name: 2 for name in at_load}


def test_a_new_period_computes_only_its_views_once(sample_books, calls):
    fava = make_app(sample_books)
    client = fava.app.test_client()
    before = Counter(calls)
    _every_view(fava, client, time="2026")
    after_first = Counter(calls)
    # one computation per view for the new period; the shared parts (donations, movements) are reused
    assert after_first - before == Counter({"fund_statement": 1, "receipt_register": 1, "donor_totals": 1, "aggregate_cases": 1,
                                            "held_at_end": 1})  # the statement page's held listing of 2026's end, on its first request
    _every_view(fava, client, time="2026")
    assert Counter(calls) == after_first


def test_the_held_listing_is_made_at_load_and_the_statement_page_lists_nothing(sample_books, calls, monkeypatch):
    """What the books hold (ledger.reconcile.held) for the whole books is listed once, when
    Fava loads them: the statement page's request lists no account's items, however many
    times it is asked; a reload lists it once again; another period's is listed on its
    first request only (the postings it reads are counted). Why: it was made on the page's first request, 0.6 s of it on the 100k
    demo books, the page's own view already made at load (issue 15)."""
    import ledger.reconcile.held as held_module

    listed = Counter()
    real = held_module.kind_of

    def counted(account):  # asked of every posting listed
        listed["postings"] += 1
        return real(account)

    monkeypatch.setattr(held_module, "kind_of", counted)
    fava = make_app(sample_books)
    assert calls["held_at_end"] == 1 and listed["postings"] > 0  # made with the load
    at_load = listed["postings"]
    client = fava.app.test_client()
    page = f"/{fava.slug}/extension/ReliefAudit/"
    for _ in range(2):
        html = client.get(page, query_string={"view": "statement"}).get_data(as_text=True)
        assert 'id="held-lines"' in html and 'data-held="TOTAL"' in html
    assert calls["held_at_end"] == 1 and listed["postings"] == at_load  # the page request listed nothing
    _ledger(fava).load_file()
    assert calls["held_at_end"] == 2 and listed["postings"] == 2 * at_load
    for _ in range(2):
        assert client.get(page, query_string={"view": "statement", "time": "2026-03"}).status_code == 200
    assert calls["held_at_end"] == 3  # another period: on its first request, once


@pytest.mark.parametrize("query", [{}, {"time": "2026-03 - 2026-06"}, {"filter": 'fund:"^GENERAL$"'}, {"account": "Income"}])
def test_results_made_at_load_are_those_made_on_request(sample_books, monkeypatch, query):
    """The views computed at load (from the shared donations and movements) are the same
    as those computed from the entries on a request, view by view."""
    prepared = make_app(sample_books)
    monkeypatch.setattr(ReliefAudit, "prepared", ())
    lazy = make_app(sample_books)
    for view in VIEWS:
        got = prepared.app.test_client().get(f"/{prepared.slug}/extension/ReliefAudit/{view}", query_string=query)
        want = lazy.app.test_client().get(f"/{lazy.slug}/extension/ReliefAudit/{view}", query_string=query)
        assert got.status_code == want.status_code == 200
        assert got.get_json() == want.get_json(), view


def test_a_failing_part_at_load_does_not_stop_fava(sample_books, monkeypatch):
    def broken(*args, **kwargs):
        raise RuntimeError("registry unreadable")

    monkeypatch.setattr(ext_module, "aggregate_cases", broken)
    fava = make_app(sample_books)  # loads, every other view prepared
    client = fava.app.test_client()
    assert client.get(f"/{fava.slug}/extension/ReliefAudit/receipts").status_code == 200
    page = client.get(f"/{fava.slug}/extension/ReliefAudit/", query_string={"view": "cases"})
    assert page.status_code == 200 and b"registry unreadable" in page.data  # said in place of the view, not Fava's bare 500


def test_the_collector_is_on_again_after_the_load(sample_books):
    import gc

    make_app(sample_books)
    assert gc.isenabled()


def test_many_periods_never_drop_the_views_made_at_load(sample_books, calls, monkeypatch):
    monkeypatch.setattr(ReliefAudit, "results_kept", 6)
    fava = make_app(sample_books)
    client = fava.app.test_client()
    for month in range(1, 13):
        assert client.get(f"/{fava.slug}/extension/ReliefAudit/donors", query_string={"time": f"2026-{month:02d}"}).status_code == 200
    before = Counter(calls)
    _every_view(fava, client)  # the whole books: still what the load made
    assert Counter(calls) == before



class _Probe:
    """Weakly referable, hung on the loaded books in a cycle (as Fava's own objects are)."""


def test_the_collector_settles_at_load_and_a_later_load_frees_the_earlier_books(sample_books):
    """After a load the collector has made its full pass and frozen what survived, so no full
    pass walks the books later, in an auditor's request; what an earlier load left (cycles
    frozen with it) is still freed at the next load, so memory does not grow."""
    import gc
    import weakref

    fava = make_app(sample_books)
    ledger = _ledger(fava)
    assert gc.isenabled() and gc.get_freeze_count() > 0
    assert not any(o is ledger.all_entries for o in gc.get_objects(generation=2))  # frozen: not walked
    probe = _Probe()
    probe.itself = probe  # garbage only the collector can free once dropped, like old books' cycles
    gone = weakref.ref(probe)
    gc.freeze()  # frozen, as a load's settling freezes the books
    del probe
    make_app(sample_books)  # the next load
    assert gone() is None, "what an earlier load froze was never freed"


def test_the_cases_page_merges_no_cells_on_request(sample_books, monkeypatch):
    """The cases table's totals (a unit's, a category's, the whole) are merged with the view,
    once per load: the page asked a unit's total for every cell's link and every other unit's
    for each, some 800 merges of the cells' case sets on each request on the 100k demo books."""
    import ledger.audit.cases as cases_module

    merges = Counter()
    real = cases_module._merge

    def counted(cells):
        merges["merge"] += 1
        return real(cells)

    monkeypatch.setattr(cases_module, "_merge", counted)
    fava = make_app(sample_books)
    at_load = merges["merge"]
    assert at_load > 0
    client = fava.app.test_client()
    page = client.get(f"/{fava.slug}/extension/ReliefAudit/", query_string={"view": "cases"})
    assert page.status_code == 200 and b"cases-by-unit" in page.data
    assert client.get(f"/{fava.slug}/extension/ReliefAudit/cases").status_code == 200
    assert merges["merge"] == at_load


def test_the_donors_page_sums_no_gifts_on_request(sample_books, monkeypatch):
    """Each donor's total and split by fund are summed once, with the view made at load: the
    page's total row summed every donor's gifts again on each request (some 54 000 additions
    on the 100k demo books), and each row its own."""
    import ledger.audit.donors as donors_module

    fava = make_app(sample_books)
    sums = Counter()

    def counted(*args, **kwargs):
        sums["sum"] += 1
        return sum(*args, **kwargs)

    monkeypatch.setattr(donors_module, "sum", counted, raising=False)
    client = fava.app.test_client()
    page = client.get(f"/{fava.slug}/extension/ReliefAudit/", query_string={"view": "donors"})
    assert page.status_code == 200 and b'id="donors"' in page.data
    assert client.get(f"/{fava.slug}/extension/ReliefAudit/donors").get_json()[0]["total"]
    assert sums["sum"] == 0


def test_the_page_template_is_compiled_at_start_not_on_the_first_request(sample_books, monkeypatch):
    """Compiling templates/ReliefAudit.html was the whole of the auditor's first page after
    `relief serve` started (0.33 s CPU of the statement's 0.34 s on the 20k demo books, its
    view made at load); make_app compiles it with the load."""
    import jinja2

    compiled: list[str] = []
    real = jinja2.Environment.compile

    def counted(self, source, name=None, *args, **kwargs):
        compiled.append(name)
        return real(self, source, name, *args, **kwargs)

    monkeypatch.setattr(jinja2.Environment, "compile", counted)
    fava = make_app(sample_books)
    assert "ReliefAudit.html" in compiled  # with the load
    compiled.clear()
    page = fava.app.test_client().get(f"/{fava.slug}/extension/ReliefAudit/")
    assert page.status_code == 200 and b'id="fund-statement"' in page.data
    assert "ReliefAudit.html" not in compiled
