"""A government allocation arriving at the bank that the books already hold as approved.

DESIGN's flow: an allocation is promised (批复下达: Assets:Receivable:Government against
Income:Government, as relief demo books it), then arrives (到账: the bank against the
receivable). The import booked the arrival to Income:Government again, flagged, with a note
saying to book it against the receivable if there was one: 50,000.00 counted twice as income
unless the officer caught it. When exactly one open receivable fits the payer and the
amount, the arrival is now proposed as its settlement (flagged, its fund and link), and the
dry run says so; otherwise it stays on Income:Government and the note names the receivables
still open, so the officer can choose.
"""

from __future__ import annotations

from decimal import Decimal

from beancount.core import data

from tests.importers.support import extract_one

HEAD = "记账日期,货币,交易金额,联机余额,交易摘要,对手信息,客户摘要\n"


def _approved(books, *grants: tuple[str, str, str, str]) -> None:
    """Receivables booked when approved: (day, payee, amount, link)."""
    text = "".join(f'\n{day} * "{payee}" "专项资金批复下达" ^{link}\n  fund: "EDU-2026"\n'
                   f"  Assets:Receivable:Government  {amount} CNY\n  Income:Government  -{amount} CNY\n"
                   for day, payee, amount, link in grants)
    with (books / "main.beancount").open("a", encoding="utf-8") as fh:
        fh.write(text)


def _arrival(books, tmp_path, payer="江临市财政局", amount="50000.00", kind="财政拨款"):
    path = tmp_path / "cmb.csv"
    path.write_text(HEAD + f"2026-03-10,CNY,{amount},60000.00,{kind},{payer},\n", encoding="utf-8")
    result = extract_one(books, path)
    assert result.problem is None, result.problem
    assert result.conserved
    (entry,) = [e for e in result.new if isinstance(e, data.Transaction)]
    return entry, result


def test_one_open_receivable_of_that_payer_and_amount_is_settled(books, tmp_path):
    _approved(books, ("2026-02-01", "江临市财政局", "50000.00", "GRANT-1"), ("2026-02-15", "江临市财政局", "20000.00", "GRANT-2"))
    entry, result = _arrival(books, tmp_path)
    assert {p.account: p.units.number for p in entry.postings} == {"Assets:Bank:Basic": Decimal("50000.00"),
                                                                   "Assets:Receivable:Government": Decimal("-50000.00")}
    assert entry.flag == "!" and entry.meta["fund"] == "EDU-2026" and entry.links == frozenset({"GRANT-1"}), entry
    assert "settles the allocation approved on 2026-02-01" in entry.meta["note"], entry.meta
    assert any("settles the allocation approved on 2026-02-01" in n for n in result.report.notes), result.report.notes


def test_a_receivable_settled_already_is_not_settled_again(books, tmp_path):
    _approved(books, ("2026-02-01", "江临市财政局", "50000.00", "GRANT-1"))
    with (books / "main.beancount").open("a", encoding="utf-8") as fh:
        fh.write('\n2026-02-20 * "江临市财政局" "专项资金到账" ^GRANT-1\n  fund: "EDU-2026"\n'
                 "  Assets:Bank:Basic  50000.00 CNY\n  Assets:Receivable:Government  -50000.00 CNY\n")
    entry, _ = _arrival(books, tmp_path)
    assert {p.account for p in entry.postings} == {"Assets:Bank:Basic", "Income:Government"}
    assert "open" not in entry.meta["note"], entry.meta


def test_two_that_fit_are_named_and_the_arrival_stays_income(books, tmp_path):
    _approved(books, ("2026-02-01", "江临市财政局", "50000.00", "GRANT-1"), ("2026-02-15", "江临市财政局", "50000.00", "GRANT-2"))
    entry, _ = _arrival(books, tmp_path)
    assert {p.account for p in entry.postings} == {"Assets:Bank:Basic", "Income:Government"}
    note = entry.meta["note"]
    assert "2 allocations approved and not yet received" in note and "^GRANT-1" in note and "^GRANT-2" in note, note
    assert "counts twice" in note


def test_another_amount_names_the_open_ones_and_settles_none(books, tmp_path):
    _approved(books, ("2026-02-01", "江临市财政局", "50000.00", "GRANT-1"))
    entry, _ = _arrival(books, tmp_path, amount="30000.00")
    assert {p.account for p in entry.postings} == {"Assets:Bank:Basic", "Income:Government"}
    assert "1 allocation approved and not yet received" in entry.meta["note"] and "50,000.00" in entry.meta["note"], entry.meta


def test_another_payer_settles_none(books, tmp_path):
    _approved(books, ("2026-02-01", "江临市民政局", "50000.00", "GRANT-1"))
    entry, _ = _arrival(books, tmp_path)
    assert {p.account for p in entry.postings} == {"Assets:Bank:Basic", "Income:Government"}
    assert "江临市民政局" in entry.meta["note"], entry.meta


def test_without_open_receivables_the_note_is_as_before(books, tmp_path):
    entry, _ = _arrival(books, tmp_path)
    assert {p.account for p in entry.postings} == {"Assets:Bank:Basic", "Income:Government"}
    assert "if the allocation was booked when approved (on Assets:Receivable:Government)" in entry.meta["note"]


def test_a_payer_rule_s_allocation_settles_too(books, tmp_path):
    """A payer rule ({"财政局": "Income:Government"}) books the arrival as income, cleared (*):
    with the approval in the books, it is proposed as the receivable's settlement, flagged."""
    (books / "import_config.py").write_text((books / "import_config.py").read_text(encoding="utf-8").replace(
        "payer_rules={},", 'payer_rules={"财政局": "Income:Government"},'), encoding="utf-8")
    assert 'payer_rules={"财政局"' in (books / "import_config.py").read_text(encoding="utf-8")
    _approved(books, ("2026-02-01", "江临市财政局", "50000.00", "GRANT-1"))
    entry, _ = _arrival(books, tmp_path, kind="转账")
    assert entry.flag == "!" and "Assets:Receivable:Government" in {p.account for p in entry.postings}, entry


def test_a_receivable_partly_received_is_settled_by_what_is_still_to_come(books, tmp_path):
    """50,000.00 approved, 20,000.00 of it received under its link: the 30,000.00 still to come
    settles it (an open receivable counted at its approved amount was fitted by no arrival,
    the 30,000.00 booked to Income:Government a second time)."""
    _approved(books, ("2026-02-01", "江临市财政局", "50000.00", "GRANT-1"))
    with (books / "main.beancount").open("a", encoding="utf-8") as fh:
        fh.write('\n2026-02-20 * "江临市财政局" "专项资金第一笔到账" ^GRANT-1\n  fund: "EDU-2026"\n'
                 "  Assets:Bank:Basic  20000.00 CNY\n  Assets:Receivable:Government  -20000.00 CNY\n")
    entry, _ = _arrival(books, tmp_path, amount="30000.00")
    assert {p.account: p.units.number for p in entry.postings} == {"Assets:Bank:Basic": Decimal("30000.00"),
                                                                   "Assets:Receivable:Government": Decimal("-30000.00")}
    assert "30,000.00 on Assets:Receivable:Government" in entry.meta["note"], entry.meta


def test_an_allocation_approved_the_day_it_arrives_is_settled(books, tmp_path):
    """Approved and paid on one day (2026-03-10): the arrival is that receivable's, not income again."""
    _approved(books, ("2026-03-10", "江临市财政局", "50000.00", "GRANT-1"))
    entry, _ = _arrival(books, tmp_path)
    assert "Assets:Receivable:Government" in {p.account for p in entry.postings}, entry
    assert entry.links == frozenset({"GRANT-1"}), entry


def test_a_receivable_without_a_link_received_already_is_not_settled_again(books, tmp_path):
    """Approved and received without a link (both written by hand): the arrival of 2026-03-10 is
    a new allocation's, not a second settlement of it (the receivable would go 50,000.00 below
    nothing and the income be missing)."""
    with (books / "main.beancount").open("a", encoding="utf-8") as fh:
        fh.write('\n2026-02-01 * "江临市财政局" "专项资金批复下达"\n  fund: "EDU-2026"\n'
                 "  Assets:Receivable:Government  50000.00 CNY\n  Income:Government  -50000.00 CNY\n"
                 '\n2026-02-20 * "江临市财政局" "专项资金到账"\n  fund: "EDU-2026"\n'
                 "  Assets:Bank:Basic  50000.00 CNY\n  Assets:Receivable:Government  -50000.00 CNY\n")
    entry, _ = _arrival(books, tmp_path)
    assert {p.account for p in entry.postings} == {"Assets:Bank:Basic", "Income:Government"}, entry
    assert "open" not in entry.meta["note"], entry.meta


def test_an_arrival_a_fen_off_the_receivable_is_not_its_settlement(books, tmp_path):
    """49,999.99 arriving where 50,000.00 was approved: not proposed as that receivable's (it
    would stay 0.01 open for ever); the note names the 50,000.00 still open."""
    _approved(books, ("2026-02-01", "江临市财政局", "50000.00", "GRANT-1"))
    entry, _ = _arrival(books, tmp_path, amount="49999.99")
    assert {p.account for p in entry.postings} == {"Assets:Bank:Basic", "Income:Government"}, entry
    assert "1 allocation approved and not yet received" in entry.meta["note"] and "50,000.00" in entry.meta["note"], entry.meta


def test_two_arrivals_of_one_approved_allocation_settle_it_once(books, tmp_path):
    """One 50,000.00 approved, two of 50,000.00 arriving in one statement: the first settles it,
    the second stays income (settling it twice left the receivable 50,000.00 below nothing and
    the second allocation out of the income)."""
    _approved(books, ("2026-02-01", "江临市财政局", "50000.00", "GRANT-1"))
    path = tmp_path / "cmb.csv"
    path.write_text(HEAD + "2026-03-10,CNY,50000.00,60000.00,财政拨款,江临市财政局,\n"
                    "2026-03-20,CNY,50000.00,110000.00,财政拨款,江临市财政局,\n", encoding="utf-8")
    result = extract_one(books, path)
    assert result.problem is None and result.conserved, result.problem
    first, second = sorted((e for e in result.new if isinstance(e, data.Transaction)), key=lambda e: e.date)
    assert "Assets:Receivable:Government" in {p.account for p in first.postings}, first
    assert {p.account for p in second.postings} == {"Assets:Bank:Basic", "Income:Government"}, second


def test_a_receivable_in_another_currency_is_not_settled_by_a_renminbi_arrival(books, tmp_path):
    """A foundation's grant approved as 50,000.00 USD is not settled by 50,000.00 CNY from the
    same payer: the same number in another currency is another amount (proposed so, the
    receivable stayed open by 50,000.00 USD while the arrival's income vanished from the books)."""
    with (books / "accounts.beancount").open("a", encoding="utf-8") as fh:
        fh.write("\n2026-01-01 open Assets:Receivable:Government:USD USD\n2026-01-01 open Income:Government:USD USD\n")
    with (books / "main.beancount").open("a", encoding="utf-8") as fh:
        fh.write('\n2026-01-10 * "市总工会" "工会经费"\n  fund: "GENERAL"\n  Assets:Bank:Basic  100.00 CNY\n  Income:Union\n'
                 '\n2026-02-01 * "江临市财政局" "专项资金批复下达" ^GRANT-USD\n  fund: "EDU-2026"\n'
                 "  Assets:Receivable:Government:USD  50000.00 USD\n  Income:Government:USD  -50000.00 USD\n")
    from ledger.books import load_books

    assert load_books(books).errors == []
    entry, _ = _arrival(books, tmp_path)
    assert {p.account for p in entry.postings} == {"Assets:Bank:Basic", "Income:Government"}, entry
    note = entry.meta["note"]
    assert "50,000.00 USD" in note and "it is of another payer or amount" in note, note
