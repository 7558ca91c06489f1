"""ledger/incremental.py: books that only grew are the cached base plus the appended entries,
and the result is exactly a full load's (entries with their meta, errors, options), or the
fast path is not taken."""

from __future__ import annotations

import datetime
import re
import shutil
import subprocess
import sys
from decimal import Decimal
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from ledger import incremental, load_cache
from ledger.demo import write_demo
from ledger.errors import RuleError

RELIEF = str(Path(sys.executable).parent / "relief")


@pytest.fixture(scope="module")
def template(tmp_path_factory):
    """Small demo books with 2026-Q1 closed, and a cache holding their full load as the base.
    Both are made for one fixed path: copied back there, the base is valid again."""
    root = tmp_path_factory.mktemp("incr")
    kept = root / "kept"
    write_demo(kept, seed=11, transactions=300)
    subprocess.run([RELIEF, "close", str(kept), "2026-Q1"], check=True, capture_output=True)
    return root, kept


@pytest.fixture
def books(template, monkeypatch):
    """Fresh copies of the template books and of the cache with their base, at fixed paths."""
    return fresh_books(*template, monkeypatch)


def fresh_books(root: Path, kept: Path, monkeypatch) -> Path:
    """Fresh copies of `kept` and of the cache holding their base under `root`, with the
    environment pointing at that cache (every test and every generated example)."""
    work, cache = root / "books", root / "cache"
    monkeypatch.setenv("RELIEF_PARSE_CACHE", str(cache))
    monkeypatch.setenv("RELIEF_LOAD_CACHE_BACKGROUND", "0")
    monkeypatch.delenv("RELIEF_LOAD_CACHE", raising=False)
    return _reset(root, kept, work, cache)


def _reset(root: Path, kept: Path, work: Path, cache: Path) -> Path:
    for folder in (work, cache):
        shutil.rmtree(folder, ignore_errors=True)
    shutil.copytree(kept, work)
    base = root / "base-cache"
    if base.exists():
        shutil.copytree(base, cache)
    else:
        load_cache.load(work / "main.beancount")
        assert load_cache.LAST_LOAD_KIND == "full"
        shutil.copytree(cache, base)
    return work


# --- comparing a load with a full uncached one -------------------------------------------


def _dcontext(dcontext) -> dict:
    out = {}
    for currency, context in dcontext.ccontexts.items():
        out[currency] = (type(context).__name__, {k: dict(v.hist) if hasattr(v, "hist") else v for k, v in vars(context).items()})
    return out


def _error(e) -> tuple:
    source = e.source or {}
    return type(e).__name__, source.get("filename"), source.get("lineno"), e.message, e.entry


def assert_same_load(got, full) -> None:
    """Entries (meta included: it is a field of every entry and posting), errors (type,
    source file and line, message, entry, in order) and options equal."""
    entries, errors, options = got
    f_entries, f_errors, f_options = full
    assert len(entries) == len(f_entries)
    for a, b in zip(entries, f_entries, strict=True):
        assert a == b, (a, b)
    assert [_error(e) for e in errors] == [_error(e) for e in f_errors]
    assert {k: v for k, v in options.items() if k != "dcontext"} == {k: v for k, v in f_options.items() if k != "dcontext"}
    assert _dcontext(options["dcontext"]) == _dcontext(f_options["dcontext"])


def load_both(books: Path):
    """(relief's load, how it was made, beancount's full load without any cache)."""
    main = books / "main.beancount"
    got = load_cache.load(main)
    kind = load_cache.LAST_LOAD_KIND
    return got, kind, load_cache.load_uncached(main)


# --- appended text -----------------------------------------------------------------------


def next_receipt(books: Path) -> str:
    text = "".join(p.read_text(encoding="utf-8") for p in [*sorted((books / "txns").glob("*.beancount")), books / "inbox.beancount"])
    prefix, year, seq = max(re.findall(r'receipt: "([A-Z0-9]+)-(\d{4})-(\d{5})"', text), key=lambda r: (r[1], r[2]))
    return f"{prefix}-{year}-{int(seq) + 1:05d}"


def donor(books: Path) -> str:
    return re.search(r'custom "donor" "(D\d+)" "individual"', (books / "registry" / "donors.beancount").read_text(encoding="utf-8")).group(1)


def donation(books: Path, day: str = "2026-12-20", amount: str = "123.45", account: str = "Assets:Receivable:Pledges",
             receipt: str | None = None, other: str = "") -> str:
    receipt = receipt or next_receipt(books)
    return (
        f'\n{day} * "新的捐赠" "test donation"\n  fund: "GENERAL"\n  donor: "{donor(books)}"\n  receipt: "{receipt}"\n'
        f"  {account}        {amount} CNY\n  Income:Donation:Individual{other}\n"
    )


def append(path: Path, text: str) -> None:
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(text)


def inbox(books: Path) -> Path:
    return books / "inbox.beancount"


# --- the fast path is taken, and equals a full load --------------------------------------


def test_one_valid_donation(books):
    append(inbox(books), donation(books))
    got, kind, full = load_both(books)
    assert kind == "incremental", load_cache.LAST_REFUSAL
    assert_same_load(got, full)
    assert not full[1]
    assert any(getattr(e, "narration", None) == "test donation" for e in got[0])



def test_a_refund_appended_to_books_without_one_gives_the_full_loads_errors(books):
    """The rule refund_gift answers "no error" from the base's note only while nothing appended
    names a gift in refund_of: a refund naming no gift appended to books without refunds is
    judged as a full load judges it."""
    refund_of = "JZ-2026-09999"
    text = donation(books, amount="-1.00", account="Assets:Bank:Basic")
    append(inbox(books), text.replace("  receipt:", f'  refund_of: "{refund_of}"\n  receipt:'))
    got, kind, full = load_both(books)
    assert kind == "incremental", load_cache.LAST_REFUSAL
    assert any("refund_of" in e.message for e in full[1]), [e.message for e in full[1]]
    assert_same_load(got, full)


def test_a_correction_appended_to_books_without_refunds_gives_the_full_loads_errors(books):
    """refund_gift counts the corrections lowering a gift with its refunds: a gift of 100.00
    and a correction taking 150.00 off it, appended to books without a refund, are judged as a
    full load judges them (the base's "no refund" note does not answer for them)."""
    gift = next_receipt(books)
    append(inbox(books), donation(books, amount="100.00", account="Assets:Bank:Basic", receipt=gift))
    text = donation(books, day="2026-12-21", amount="-150.00", account="Assets:Bank:Basic")
    append(inbox(books), text.replace("  receipt:", f'  correction: "{gift}"\n  receipt:'))
    got, kind, full = load_both(books)
    assert kind == "incremental", load_cache.LAST_REFUSAL
    assert any("takes the refunds and corrections of gift" in e.message for e in full[1]), [e.message for e in full[1]]
    assert_same_load(got, full)

@pytest.mark.parametrize(
    ("case", "kwargs"),
    [
        ("closed period", {"day": "2026-02-10"}),
        ("duplicate receipt", {"receipt": "JZ-2026-00001"}),
        ("unbalanced", {"other": "  -100.00 CNY"}),
        ("breaks a later balance assertion", {"day": "2026-03-15", "account": "Assets:Bank:Basic"}),
    ],
)
def test_a_donation_with_an_error_gives_the_full_loads_errors(books, case, kwargs):
    append(inbox(books), donation(books, **kwargs))
    got, kind, full = load_both(books)
    assert kind == "incremental", load_cache.LAST_REFUSAL
    assert full[1], f"{case}: the full load finds an error"
    assert_same_load(got, full)


def test_a_broken_balance_assertion_is_flagged_as_in_a_full_load(books):
    append(inbox(books), donation(books, day="2026-03-15", account="Assets:Bank:Basic"))
    got, kind, full = load_both(books)
    assert kind == "incremental"
    failed = [e for e in got[0] if type(e).__name__ == "Balance" and e.diff_amount is not None]
    assert failed and failed == [e for e in full[0] if type(e).__name__ == "Balance" and e.diff_amount is not None]


def test_an_unopened_account_without_documents_folder(books):
    main = books / "main.beancount"
    main.write_text(main.read_text(encoding="utf-8").replace('option "documents" "documents"\n', ""), encoding="utf-8")
    assert load_cache.load(main) and load_cache.LAST_LOAD_KIND == "full"  # a new base
    append(inbox(books), donation(books, account="Assets:Nowhere"))
    got, kind, full = load_both(books)
    assert kind == "incremental", load_cache.LAST_REFUSAL
    assert any("Assets:Nowhere" in e.message for e in full[1])
    assert_same_load(got, full)


def test_two_appends_in_a_row_keep_the_base(books):
    append(inbox(books), donation(books))
    got, kind, full = load_both(books)
    assert kind == "incremental"
    assert_same_load(got, full)
    append(books / "txns" / "2026.beancount", donation(books, day="2026-11-03"))
    got, kind, full = load_both(books)
    assert kind == "incremental", load_cache.LAST_REFUSAL
    assert_same_load(got, full)
    # unchanged since: the base plus both appends again (the base is not rewritten)
    got, kind, full = load_both(books)
    assert kind == "incremental"
    assert_same_load(got, full)


def test_comments_and_blank_lines_only(books):
    append(inbox(books), "\n; a note\n\n")
    got, kind, full = load_both(books)
    assert kind == "incremental"
    assert_same_load(got, full)


# --- refused: a full load instead --------------------------------------------------------


@pytest.mark.parametrize(
    ("case", "text"),
    [
        ("a cost posting", '\n2026-12-20 * "rice"\n  Assets:Goods   10 RICE {50.00 CNY}\n  Assets:Bank:Basic\n'),
        ("an option", '\noption "operating_currency" "USD"\n'),
        ("an include", '\ninclude "accounts.beancount"\n'),
        ("an indented first line", '  Assets:Cash   1.00 CNY\n'),
        ("a comment first", '; note\n  Assets:Cash   1.00 CNY\n'),
        ("a pushtag", "\npushtag #x\n"),
        ("an open", "\n2026-12-20 open Assets:Bank:Other CNY\n"),
        ("a parse error", "\n2026-12-20 * \"x\n"),
    ],
)
def test_refused_appends_load_in_full(books, case, text):
    append(inbox(books), text)
    got, kind, full = load_both(books)
    assert kind == "full", case
    assert load_cache.LAST_REFUSAL, case
    assert_same_load(got, full)


def test_a_pad_on_the_account_is_refused(books):
    append(
        books / "accounts.beancount",
        "\n2026-01-01 open Assets:Petty CNY\n2026-01-02 pad Assets:Petty Equity:Opening-Balances\n2026-01-03 balance Assets:Petty 10.00 CNY\n",
    )
    assert load_cache.load(books / "main.beancount") is not None
    assert load_cache.LAST_LOAD_KIND == "full"  # an open is not a transaction: a new base
    append(inbox(books), donation(books, account="Assets:Petty"))
    got, kind, full = load_both(books)
    assert kind == "full" and "pad" in load_cache.LAST_REFUSAL
    assert_same_load(got, full)


def test_a_new_account_with_a_documents_folder_is_refused(books):
    append(inbox(books), donation(books, account="Assets:Nowhere"))
    got, kind, full = load_both(books)
    assert kind == "full" and "documents" in load_cache.LAST_REFUSAL
    assert_same_load(got, full)


def test_an_edit_in_the_middle_is_a_full_load(books):
    txns = books / "txns" / "2026.beancount"
    text = txns.read_text(encoding="utf-8")
    txns.write_text(text.replace("“两节”送温暖捐款", "“两节”送温暖捐赠", 1) + donation(books), encoding="utf-8")
    got, kind, full = load_both(books)
    assert kind == "full" and load_cache.LAST_REFUSAL is None
    assert_same_load(got, full)


def test_a_prefix_without_final_newline_is_refused(books):
    inbox(books).write_text("; no newline at the end", encoding="utf-8")  # not an append: a new base
    assert load_cache.load(books / "main.beancount") and load_cache.LAST_LOAD_KIND == "full"
    append(inbox(books), donation(books).lstrip("\n"))
    got, kind, full = load_both(books)
    assert kind == "full" and "new line" in load_cache.LAST_REFUSAL
    assert_same_load(got, full)


def test_a_base_with_errors_is_not_used(books):
    bad = '2026-12-20 * "x"\n  Assets:Cash   1.00 CNY\n  Income:Donation:Individual  -2.00 CNY\n'
    inbox(books).write_text(bad + inbox(books).read_text(encoding="utf-8"), encoding="utf-8")
    assert load_cache.load(books / "main.beancount")[1] and load_cache.LAST_LOAD_KIND == "full"
    # that full load with a validation error is the base now: not usable for appends
    append(inbox(books), donation(books))
    got, kind, full = load_both(books)
    assert kind == "full"
    assert_same_load(got, full)


def test_too_much_appended_is_a_full_load_and_a_new_base(books, monkeypatch):
    monkeypatch.setattr(incremental, "MAX_APPENDED_BYTES", 10)
    append(inbox(books), donation(books))
    got, kind, full = load_both(books)
    assert kind == "full"
    assert load_cache.load(books / "main.beancount") and load_cache.LAST_LOAD_KIND == "hit"


def test_a_planted_difference_fails_the_comparison(books):
    append(inbox(books), donation(books))
    got, kind, full = load_both(books)
    assert kind == "incremental"
    entries, errors, options = got
    i = next(i for i, e in enumerate(entries) if getattr(e, "narration", None) == "test donation")
    moved = entries[i]._replace(meta={**entries[i].meta, "lineno": entries[i].meta["lineno"] + 1})
    with pytest.raises(AssertionError):
        assert_same_load(([*entries[:i], moved, *entries[i + 1 :]], errors, options), full)
    other = entries[i].postings[0]._replace(meta={**entries[i].postings[0].meta, "lineno": 1})
    changed = entries[i]._replace(postings=[other, *entries[i].postings[1:]])
    with pytest.raises(AssertionError):
        assert_same_load(([*entries[:i], changed, *entries[i + 1 :]], errors, options), full)
    with pytest.raises(AssertionError):
        assert_same_load((entries, [*errors, RuleError(entries[i].meta, "planted", entries[i])], options), full)
    with pytest.raises(AssertionError):
        assert_same_load((entries, errors, {**options, "title": "planted"}), full)


# --- generated appends -------------------------------------------------------------------

ACCOUNTS = ["Assets:Receivable:Pledges", "Assets:Bank:Basic", "Assets:Cash", "Assets:Nowhere"]


@st.composite
def appended(draw):
    day = draw(st.dates(min_value=datetime.date(2026, 1, 1), max_value=datetime.date(2026, 12, 31)))
    amount = draw(st.decimals(min_value=Decimal("0.01"), max_value=Decimal("99999.99"), places=2))
    account = draw(st.sampled_from(ACCOUNTS))
    receipt = draw(st.sampled_from(["next", "JZ-2026-00002", "none"]))
    other = draw(st.sampled_from(["", "", f"  -{amount} CNY", "  -1.00 CNY"]))
    where = draw(st.sampled_from(["inbox.beancount", "txns/2026.beancount"]))
    return str(day), str(amount), account, receipt, other, where


@settings(max_examples=8, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(appended(), min_size=1, max_size=3))
def test_generated_appends_equal_a_full_load(template, monkeypatch, appends):
    books = fresh_books(*template, monkeypatch)
    for day, amount, account, receipt, other, where in appends:
        text = donation(books, day=day, amount=amount, account=account, other=other,
                        receipt=None if receipt == "next" else receipt)
        if receipt == "none":
            text = re.sub(r'  receipt: ".*"\n', "", text)
        append(books / where, text)
        got, kind, full = load_both(books)
        assert kind in ("incremental", "full")
        assert_same_load(got, full)


def test_switched_off_every_append_is_a_full_load(books, monkeypatch):
    monkeypatch.setenv("RELIEF_LOAD_CACHE_APPENDS", "0")
    append(inbox(books), donation(books))
    got, kind, full = load_both(books)
    assert kind == "full"
    assert_same_load(got, full)


# --- notes the rules leave with the base (ledger/memo.py) --------------------------------


def _count_hashing(monkeypatch) -> list:
    from ledger.plugins import closed_period

    calls: list = []
    original = closed_period.entry_hash

    def counting(entry, root, *version):
        calls.append(entry)
        return original(entry, root, *version)

    monkeypatch.setattr(closed_period, "entry_hash", counting)
    return calls


def test_closed_periods_found_intact_are_not_hashed_again(books, monkeypatch):
    hashed = _count_hashing(monkeypatch)
    append(inbox(books), donation(books, day="2026-12-20"))
    got = load_cache.load(books / "main.beancount")
    assert load_cache.LAST_LOAD_KIND == "incremental", load_cache.LAST_REFUSAL
    assert hashed == [], "the closed quarter was hashed although the base found it intact"
    assert_same_load(got, load_cache.load_uncached(books / "main.beancount"))
    assert hashed  # the full load does hash it


def test_an_entry_dated_in_a_closed_period_is_hashed_and_reported(books, monkeypatch):
    hashed = _count_hashing(monkeypatch)
    append(inbox(books), donation(books, day="2026-02-10"))
    got = load_cache.load(books / "main.beancount")
    assert load_cache.LAST_LOAD_KIND == "incremental", load_cache.LAST_REFUSAL
    assert hashed, "an entry in the closed span must make the rule hash the period again"
    assert any("closed period 2026-Q1" in e.message for e in got[1])


def test_without_a_note_the_fast_path_hashes(books, monkeypatch):
    """A base without the note (an older cache, or a closed period that had changed) gives
    the rule nothing to rely on."""
    monkeypatch.setattr(load_cache.incremental, "apply", _apply_without_notes(load_cache.incremental.apply))
    hashed = _count_hashing(monkeypatch)
    append(inbox(books), donation(books, day="2026-12-20"))
    got = load_cache.load(books / "main.beancount")
    assert load_cache.LAST_LOAD_KIND == "incremental"
    assert hashed
    assert_same_load(got, load_cache.load_uncached(books / "main.beancount"))


def _apply_without_notes(apply):
    def without(base, grown, notes=None):
        return apply(base, grown, None)

    return without


# --- rules answered from the base's errors (ledger/rules_appended.py) --------------------


def aid(day: str, case: str | None = "C0001", approval: str | None = "SP-2026-9999", fund: str = "GENERAL",
        account: str = "Expenses:Aid:Legal", amount: str = "100.00") -> str:
    lines = [f'\n{day} * "法律援助" "test aid"', f'  fund: "{fund}"']
    if case:
        lines.append(f'  case: "{case}"')
    if approval:
        lines.append(f'  approval: "{approval}"')
    return "\n".join([*lines, f"  {account}   {amount} CNY", "  Liabilities:Payable", ""])


def _with_fund(text: str, fund: str) -> str:
    return text.replace('fund: "GENERAL"', f'fund: "{fund}"')


def _erring_base(books: Path) -> None:
    """Append entries breaking the rules, spread over the year (each with its own receipt)."""
    for text in [
        lambda: aid("2026-03-05", fund="MEDICAL-GOV-2026", account="Expenses:Aid:Medical", amount="9999999.00"),  # overdrawn for good
        lambda: aid("2026-04-10", case="C9999"),                      # aid_case: unknown case
        lambda: aid("2026-05-02", amount="9999999.00"),               # GENERAL below zero (a warning) ...
        lambda: donation(books, day="2026-05-03", amount="9999999.00"),  # ... and back above it
        lambda: aid("2026-05-10", approval=None),                     # aid_approval
        lambda: _with_fund(donation(books, day="2026-06-01"), "NOPE"),  # fund_declared
        lambda: aid("2026-07-15", fund="EDU-2026"),                   # fund_purpose: not its purpose
        lambda: aid("2026-09-01", case="C9998", approval=None),       # two rules on one entry
    ]:
        append(books / "txns" / "2026.beancount", text())


@pytest.fixture(scope="module")
def erring_template(template, tmp_path_factory):
    """The template books with rule errors in the base (RuleErrors: still a usable base)."""
    _root, kept = template
    root = tmp_path_factory.mktemp("incr-erring")
    shutil.copytree(kept, root / "kept")
    _erring_base(root / "kept")
    return root, root / "kept"


@pytest.fixture
def erring(erring_template, monkeypatch):
    return fresh_books(*erring_template, monkeypatch)


def _answered(monkeypatch) -> list:
    """The names of the rules answered from the base's errors, per load."""
    from ledger import rules_appended

    seen: list = []
    original = rules_appended.errors_with_appended

    def spy(rules, entries, options_map):
        found = original(rules, entries, options_map)
        seen.append(sorted(rules_appended.rule_name(r).split(".")[-1] for r in found))
        return found

    monkeypatch.setattr(rules_appended, "errors_with_appended", spy)
    return seen


def test_the_base_has_the_errors_it_was_built_with(erring):
    _got, _kind, full = load_both(erring)
    messages = [e.message for e in full[1]]
    assert incremental.base_is_clean(full[1]), messages  # the rules' errors and warnings only: a usable base
    for expected in ("unknown case", "approval number", "Unknown fund", "may pay only", "Restricted fund MEDICAL-GOV-2026 is overdrawn",
                     "fund GENERAL is below zero at the end of 2026-05-02", "over the yearly limit"):
        assert any(expected in m for m in messages), (expected, messages)


MARKED = {"check_fund_declared", "check_fund_purpose", "check_fund_overdraft", "check_donation_receipt", "check_donation_amount",
          "check_receipt_sequence", "check_aid_case", "check_aid_approval", "check_aid_limit", "check_goods_cost",
          "check_spreadsheet_names", "check_fund_currency", "check_fen_amount"}


def _receipt_after_next(books: Path) -> str:
    prefix, seq = next_receipt(books).rsplit("-", 1)
    return f"{prefix}-{int(seq) + 1:05d}"


@pytest.mark.parametrize(
    ("case", "text", "in_full"),
    [
        ("a clean donation", lambda b: donation(b), set()),
        ("an error before every base error", lambda b: aid("2026-01-20", approval=None), {"check_aid_limit", "check_fund_overdraft"}),
        ("errors between the base's", lambda b: aid("2026-04-20", case="C9997") + _with_fund(donation(b, day="2026-06-15"), "NOPE2"),
         {"check_aid_limit", "check_fund_overdraft"}),
        ("an error on a base error's day", lambda b: aid("2026-05-10", approval=None, amount="7.00"), {"check_aid_limit", "check_fund_overdraft"}),
        ("an error after every base error", lambda b: _with_fund(donation(b, day="2026-12-20"), "NOPE"), set()),
        ("aid over the yearly limit", lambda b: aid("2026-10-01", account="Expenses:Aid:Medical", amount="29999.00"),
         {"check_aid_limit", "check_fund_overdraft"}),
        ("something given back", lambda b: donation(b, day="2026-12-21", amount="-50.00"), {"check_donation_amount", "check_fund_overdraft"}),
        ("not whole fen", lambda b: donation(b, day="2026-12-22", amount="10.005"), set()),
        ("a receipt number used twice", lambda b: donation(b, receipt="JZ-2026-00001"), {"check_donation_receipt", "check_receipt_sequence"}),
        ("a receipt number that leaves a gap", lambda b: donation(b, receipt=_receipt_after_next(b)), {"check_receipt_sequence"}),
        ("a gift to a fund below zero at the end", lambda b: _with_fund(donation(b), "MEDICAL-GOV-2026"), {"check_fund_overdraft"}),
        ("a gift on a day GENERAL was below zero", lambda b: donation(b, day="2026-05-02", amount="5.00"), {"check_fund_overdraft"}),
        ("a gift the day GENERAL came back", lambda b: donation(b, day="2026-05-03", amount="5.00"), set()),
    ],
)
def test_appends_to_books_with_rule_errors_equal_a_full_load(erring, monkeypatch, case, text, in_full):
    answered = _answered(monkeypatch)
    append(inbox(erring), text(erring))
    got, kind, full = load_both(erring)
    assert kind == "incremental", load_cache.LAST_REFUSAL
    assert_same_load(got, full)
    assert MARKED - set(answered[0]) == in_full, (case, answered[0])


def test_new_errors_take_their_place_among_the_bases(erring):
    """In date order, as a full run gives them: not after the base's errors."""
    append(inbox(erring), aid("2026-01-20", approval=None))
    got, kind, _full = load_both(erring)
    assert kind == "incremental"
    dated = [e.entry.date for e in got[1] if getattr(e, "entry", None) is not None and "Aid without an approval number" in e.message]
    assert dated == sorted(dated) and dated[0] == datetime.date(2026, 1, 20), dated


def test_without_the_counts_note_every_rule_runs(erring, monkeypatch):
    from ledger import rules_appended

    monkeypatch.setattr(load_cache.incremental, "apply", _apply_without_notes(load_cache.incremental.apply))
    answered = _answered(monkeypatch)
    append(inbox(erring), aid("2026-01-20", approval=None))
    got, kind, full = load_both(erring)
    assert kind == "incremental"
    assert answered[0] == []  # (the full load to compare with is the second)
    assert_same_load(got, full)
    assert rules_appended.base_errors_by_rule() is None  # outside a load


def test_counts_that_do_not_add_up_are_not_used(erring, monkeypatch):
    """A base whose errors are not the bundle's alone (another plugin's among them) is not split."""
    from ledger import memo

    original = memo.load_notes
    monkeypatch.setattr(memo, "load_notes", lambda keep, earlier=None, appended=(), earlier_errors=None:
                        original(keep, earlier, appended, None if earlier_errors is None else [*earlier_errors, "stray"]))
    answered = _answered(monkeypatch)
    append(inbox(erring), donation(erring))
    got, kind, full = load_both(erring)
    assert kind == "incremental"
    assert answered[0] == []  # (the full load to compare with is the second)
    assert_same_load(got, full)


@st.composite
def appended_entry(draw):
    day = str(draw(st.dates(min_value=datetime.date(2026, 1, 1), max_value=datetime.date(2026, 12, 31))))
    if draw(st.booleans()):
        amount = draw(st.one_of(st.just("9999999.00"), st.decimals(min_value=Decimal("0.01"), max_value=Decimal("25000.00"), places=2).map(str)))
        return ("aid", day, draw(st.sampled_from(["C0001", "C0002", "C9999", None])), draw(st.sampled_from(["SP-1", None])),
                draw(st.sampled_from(["GENERAL", "EDU-2026", "MEDICAL-GOV-2026", "NOPE"])),
                draw(st.sampled_from(["Expenses:Aid:Legal", "Expenses:Aid:Medical"])), amount)
    amount = draw(st.sampled_from(["123.45", "-10.00", "0.015", "5000.00", "9999999.00"]))
    receipt = draw(st.sampled_from(["next", "next", "after next", "JZ-2026-00001", "none"]))
    return "donation", day, draw(st.sampled_from(["GENERAL", "NOPE", "HOLIDAY-2026", "MEDICAL-GOV-2026"])), amount, receipt


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(st.lists(appended_entry(), min_size=1, max_size=4))
def test_generated_appends_to_books_with_rule_errors_equal_a_full_load(erring_template, monkeypatch, entries):
    books = fresh_books(*erring_template, monkeypatch)
    for kind, day, *rest in entries:
        if kind == "aid":
            case, approval, fund, account, amount = rest
            text = aid(day, case=case, approval=approval, fund=fund, account=account, amount=amount)
        else:
            fund, amount, receipt = rest
            number = {"next": None, "after next": _receipt_after_next(books)}.get(receipt, receipt)
            text = _with_fund(donation(books, day=day, amount=amount, receipt=number), fund)
            if receipt == "none":
                text = re.sub(r'  receipt: ".*"\n', "", text)
        append(inbox(books), text)  # one by one: each "next" receipt follows the one before
    got, kind, full = load_both(books)
    assert kind in ("incremental", "full")
    assert_same_load(got, full)
