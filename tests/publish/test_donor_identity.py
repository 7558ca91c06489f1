"""Donors by identity: two donors who share a display name stay two donors everywhere
(honour roll on the site and in the annual report, open data, letters and statements), told
apart by a public note; an anonymous namesake stays anonymous and is not even counted."""

from __future__ import annotations

import csv
import io
import shutil
from decimal import Decimal
from pathlib import Path

import pytest

from .conftest import SMALL, TEST_SECRET
from .sitecheck import visible_text

TWINS = '''
2026-01-01 custom "donor" "D0101" "enterprise"
  name: "江临宏达机械有限公司"
  display: "宏达机械"
  contact: "王经理 13800000101"

2026-02-01 custom "donor" "D0102" "enterprise"
  name: "临江宏达机械制造厂"
  display: "宏达机械"
  contact: "李厂长 13800000102"

2026-03-01 custom "donor" "D0103" "enterprise"
  name: "宏达机械集团隐名公司"
  display: "宏达机械"
  anonymous: "public"
  contact: "赵秘书 13800000103"
'''

GIFTS = '''
2026-05-01 * "江临宏达机械有限公司" "捐款"
  fund: "GENERAL"
  donor: "D0101"
  receipt: "JZ-2026-00008"
  Assets:Bank:Basic             1000.00 CNY
  Income:Donation:Enterprise

2026-05-02 * "临江宏达机械制造厂" "捐款"
  fund: "GENERAL"
  donor: "D0102"
  receipt: "JZ-2026-00009"
  Assets:Bank:Basic             2000.00 CNY
  Income:Donation:Enterprise

2026-05-03 * "江临宏达机械有限公司" "再次捐款"
  fund: "GENERAL"
  donor: "D0101"
  receipt: "JZ-2026-00010"
  Assets:Bank:Basic              500.00 CNY
  Income:Donation:Enterprise

2026-05-04 * "宏达机械集团隐名公司" "捐款"
  fund: "GENERAL"
  donor: "D0103"
  receipt: "JZ-2026-00011"
  Assets:Bank:Basic              700.00 CNY
  Income:Donation:Enterprise
'''


def make_twins(target: Path, donors: str = TWINS) -> Path:
    shutil.copytree(SMALL, target)
    with (target / "registry" / "donors.beancount").open("a", encoding="utf-8") as f:
        f.write(donors)
    with (target / "txns" / "2026.beancount").open("a", encoding="utf-8") as f:
        f.write(GIFTS)
    return target


@pytest.fixture(scope="module")
def twins_site(tmp_path_factory):
    from ledger.books import load_books
    from publish.annual import site_generator
    from publish.run import publish_books

    root = tmp_path_factory.mktemp("twins")
    books = make_twins(root / "books")
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("RELIEF_SITE_SECRET", TEST_SECRET)
        result = publish_books(load_books(books), root / "site", jobs=1, extra_generators=[site_generator()])
    assert not result.books.errors
    return root / "site", result


def _roll_entries(result, year="2026"):
    model = getattr(result, "model", result)
    roll = next(r for r in model.rolls if r.period.key == year)
    return {(e.name, e.note.zh if e.note else None): e for g in roll.groups for e in g.entries}, roll


def test_the_roll_groups_by_donor_id(twins_site):
    _out, result = twins_site
    entries, roll = _roll_entries(result)
    first, second = entries[("宏达机械", "企业1")], entries[("宏达机械", "企业2")]
    assert (first.gifts, first.amount) == (2, 1500)  # D0101, registered first
    assert (second.gifts, second.amount) == (1, 2000)  # D0102
    assert ("宏达机械", None) not in entries
    # the anonymous namesake: only in the anonymous count and total, and not numbered
    assert not any(k[1] == "企业3" for k in entries)
    anon = [d for d in result.model.donations if d.receipt == "JZ-2026-00011"][0]
    assert anon.donor_name is None and anon.donor_note is None and anon.anonymous
    assert roll.anonymous_amount >= 700
    # a unique display name gets no note
    assert entries[("某某机械", None)].gifts == 2


def test_site_html_tells_them_apart(twins_site):
    out, _ = twins_site
    zh = "".join(visible_text(out / "donors" / "2026.html").split())
    en = visible_text(out / "en" / "donors" / "2026.html").replace("宏达机械 (", "宏达机械(")
    assert "宏达机械（企业1）" in zh and "宏达机械（企业2）" in zh
    assert "宏达机械(enterprise 1)" in en and "宏达机械(enterprise 2)" in en
    assert "¥1,500.00" in zh and "¥2,000.00" in zh
    for text in (zh, en):
        assert "企业3" not in text and "enterprise 3" not in text


def test_no_private_detail_reaches_the_site(twins_site):
    out, _ = twins_site
    secret_bits = ["江临宏达机械有限公司", "临江宏达机械制造厂", "宏达机械集团隐名公司", "13800000101", "13800000102", "13800000103", "D0101", "D0102", "D0103"]
    for path in out.rglob("*"):
        if path.is_file() and path.suffix in (".html", ".csv", ".json"):
            text = path.read_text(encoding="utf-8")
            for bit in secret_bits:
                assert bit not in text, (path, bit)


def test_open_data_carries_the_note(twins_site):
    out, _ = twins_site
    rows = list(csv.DictReader(io.StringIO((out / "data" / "donations.csv").read_text(encoding="utf-8-sig"))))
    by_receipt = {r["receipt"]: r for r in rows}
    assert (by_receipt["JZ-2026-00008"]["donor"], by_receipt["JZ-2026-00008"]["donor_note"]) == ("宏达机械", "企业1")
    assert (by_receipt["JZ-2026-00010"]["donor"], by_receipt["JZ-2026-00010"]["donor_note"]) == ("宏达机械", "企业1")
    assert (by_receipt["JZ-2026-00009"]["donor"], by_receipt["JZ-2026-00009"]["donor_note"]) == ("宏达机械", "企业2")
    assert by_receipt["JZ-2026-00011"]["donor"] == "" and by_receipt["JZ-2026-00011"]["donor_note"] == ""
    assert by_receipt["JZ-2026-00011"]["anonymous"] == "true"
    # grouping the file by (donor, donor_note) gives each donor's own total
    totals: dict[tuple[str, str], float] = {}
    for r in rows:
        if r["donor"] == "宏达机械":
            totals[(r["donor"], r["donor_note"])] = totals.get((r["donor"], r["donor_note"]), 0) + float(r["amount"])
    assert totals == {("宏达机械", "企业1"): 1500.0, ("宏达机械", "企业2"): 2000.0}


@pytest.mark.slow
def test_annual_report_pdf_tells_them_apart(twins_site):
    from pypdf import PdfReader

    out, _ = twins_site
    text = "".join("".join((p.extract_text() or "").split()) for p in PdfReader(str(out / "reports" / "annual-2026.pdf")).pages)
    assert "宏达机械（企业1）" in text and "宏达机械（企业2）" in text
    assert "¥1,500.00" in text and "¥2,000.00" in text
    assert "宏达机械集团隐名公司" not in text and "企业3" not in text


def test_display_note_from_the_registry(tmp_path):
    from ledger.books import load_books
    from publish.model_builder import build_public_model

    donors = TWINS.replace('  display: "宏达机械"\n  contact: "王经理', '  display: "宏达机械"\n  display_note: "江临"\n  contact: "王经理')
    books = load_books(make_twins(tmp_path / "books", donors))
    assert not books.errors
    entries, _ = _roll_entries(build_public_model(books, None))
    # D0101 has a note of its own; D0102 is the only enterprise left without one: its kind alone
    assert entries[("宏达机械", "江临")].amount == 1500
    assert entries[("宏达机械", "企业")].amount == 2000


def test_namesakes_of_different_kinds_get_their_kind(tmp_path):
    from ledger.books import load_books
    from publish.model_builder import build_public_model

    donors = TWINS.replace('"D0102" "enterprise"', '"D0102" "individual"').replace('"Income:Donation:Enterprise\n\n2026-05-03', '"Income:Donation:Enterprise\n\n2026-05-03')
    root = make_twins(tmp_path / "books", donors)
    txns = root / "txns" / "2026.beancount"
    txns.write_text(txns.read_text(encoding="utf-8").replace(
        '2000.00 CNY\n  Income:Donation:Enterprise', '2000.00 CNY\n  Income:Donation:Individual'), encoding="utf-8")
    books = load_books(root)
    assert not books.errors, [e.message for e in books.errors]
    model = build_public_model(books, None)
    notes = {d.receipt: d.donor_note for d in model.donations if d.donor_name == "宏达机械"}
    assert notes["JZ-2026-00008"].zh == "企业" and notes["JZ-2026-00009"].zh == "个人"
    assert notes["JZ-2026-00009"].en == "individual"


def test_letters_and_statements_per_donor_id(tmp_path):
    """Letters and yearly statements are made per donor id: two statements, each with its own
    gifts and legal name; none for the anonymous namesake's name."""
    from ledger.books import load_books
    from letters.model import build_letters
    from publish.model_builder import build_public_model

    books = load_books(make_twins(tmp_path / "books"))
    model = build_public_model(books, TEST_SECRET.encode())
    result = build_letters(books, model, year=2026)
    st = {s.donor_id: s for s in result.statements}
    assert st["D0101"].donor_name == "江临宏达机械有限公司" and st["D0101"].total == 1500
    assert [x.receipt for x in st["D0101"].letters] == ["JZ-2026-00008", "JZ-2026-00010"]
    assert st["D0102"].donor_name == "临江宏达机械制造厂" and st["D0102"].total == 2000
    assert [x.receipt for x in st["D0102"].letters] == ["JZ-2026-00009"]
    assert "D0103" in st and st["D0103"].total == 700  # its own statement (its letter keeps its legal name: anonymous only in public)


@pytest.mark.slow
def test_statement_pdfs_per_donor(tmp_path):
    from pypdf import PdfReader

    from ledger.books import load_books
    from letters.make import make_letters

    books = load_books(make_twins(tmp_path / "books"))
    out = tmp_path / "letters"
    make_letters(books, out, TEST_SECRET.encode(), year=2026, statements=True, jobs=1)
    texts = {}
    for donor in ("D0101", "D0102"):
        pdf = out / "statements" / "2026" / f"{donor}.pdf"
        texts[donor] = "".join("".join((p.extract_text() or "").split()) for p in PdfReader(str(pdf)).pages)
    assert "江临宏达机械有限公司" in texts["D0101"] and "1,500.00" in texts["D0101"] and "JZ-2026-00009" not in texts["D0101"]
    assert "临江宏达机械制造厂" in texts["D0102"] and "2,000.00" in texts["D0102"] and "JZ-2026-00008" not in texts["D0102"]


def test_a_donor_anonymous_for_one_gift_only(books_copy, publish_to, tmp_path):
    """A donor who asked anonymity for one gift: `anonymous` on that donation's entry. It was
    read by nothing, so the site, donations.csv and the annual report named the donor beside
    it. Now that gift is in the anonymous count and total only; the donor's other gifts
    keep their name, and an unclear value ("yes") is read as anonymous."""
    from publish.annual import site_generator

    with (books_copy / "txns" / "2026.beancount").open("a", encoding="utf-8") as f:
        f.write('\n2026-05-01 * "某某机械制造有限公司" "捐款（此笔请勿具名）"\n  fund: "GENERAL"\n  donor: "D0001"\n'
                '  receipt: "JZ-2026-00008"\n  anonymous: "public"\n  Assets:Bank:Basic   4321.00 CNY\n  Income:Donation:Enterprise\n'
                '\n2026-05-02 * "某某机械制造有限公司" "捐款"\n  fund: "GENERAL"\n  donor: "D0001"\n'
                '  receipt: "JZ-2026-00009"\n  anonymous: "yes"\n  Assets:Bank:Basic   1234.00 CNY\n  Income:Donation:Enterprise\n')
    out = tmp_path / "site"
    result = publish_to(out, books_copy, jobs=1, extra_generators=[site_generator()])
    by_receipt = {d.receipt: d for d in result.model.donations}
    for receipt in ("JZ-2026-00008", "JZ-2026-00009"):
        gift = by_receipt[receipt]
        assert gift.anonymous and gift.donor_name is None and gift.donor_note is None
        page = visible_text(out / gift.ack_path)
        assert "某某机械" not in page and "尊敬的捐赠人" in page
    entries, roll = _roll_entries(result)
    named = entries[("某某机械", None)]
    assert (named.gifts, named.amount) == (2, sum(d.amount for d in result.model.donations if d.donor_name == "某某机械"))
    assert roll.anonymous_amount == sum(d.amount for d in result.model.donations if d.anonymous and d.date.year == 2026)
    assert roll.anonymous_amount >= 4321 + 1234
    rows = {r["receipt"]: r for r in csv.DictReader(io.StringIO((out / "data" / "donations.csv").read_text(encoding="utf-8-sig")))}
    assert (rows["JZ-2026-00008"]["donor"], rows["JZ-2026-00008"]["anonymous"]) == ("", "true")
    assert (rows["JZ-2026-00009"]["donor"], rows["JZ-2026-00009"]["anonymous"]) == ("", "true")
    assert rows["JZ-2026-00001"]["donor"] == "某某机械"
    from pypdf import PdfReader

    report = "".join((p.extract_text() or "") for p in PdfReader(out / "reports" / "annual-2026.pdf").pages)
    assert "4,321.00" not in report and "1,234.00" not in report  # no named line carries them


def test_names_that_differ_only_in_invisible_characters_are_namesakes(tmp_path):
    """A zero-width space (or a full-width letter) makes another string but the same name to
    a reader: such donors were two unnoted lines 宏达机械 on the honour roll."""
    from ledger.books import load_books
    from publish.model_builder import build_public_model

    donors = TWINS.replace('"D0102" "enterprise"\n  name: "临江宏达机械制造厂"\n  display: "宏达机械"',
                           '"D0102" "enterprise"\n  name: "临江宏达机械制造厂"\n  display: "宏达\u200b机械"')
    assert "宏达\u200b机械" in donors
    books = load_books(make_twins(tmp_path / "books", donors))
    assert not books.errors
    notes = {d.receipt: d.donor_note.zh if d.donor_note else None for d in build_public_model(books, None).donations}
    assert (notes["JZ-2026-00008"], notes["JZ-2026-00009"], notes["JZ-2026-00010"]) == ("企业1", "企业2", "企业1")


def test_the_refund_of_a_gift_anonymous_by_its_entry_names_nobody(books_copy):
    """Part of a gift that was anonymous by its own entry given back: the refund, named,
    took its amount off the donor's line on the roll and showed in donations.csv beside the
    name what the anonymous gift had been."""
    from ledger.books import load_books
    from publish.model_builder import build_public_model

    with (books_copy / "txns" / "2026.beancount").open("a", encoding="utf-8") as f:
        f.write('\n2026-05-01 * "某某机械制造有限公司" "捐款（此笔请勿具名）"\n  fund: "GENERAL"\n  donor: "D0001"\n'
                '  receipt: "JZ-2026-00008"\n  anonymous: "public"\n  Assets:Bank:Basic   4321.00 CNY\n  Income:Donation:Enterprise\n'
                '\n2026-05-09 * "某某机械制造有限公司" "退还部分捐款"\n  fund: "GENERAL"\n  donor: "D0001"\n'
                '  receipt: "JZ-2026-00009"\n  refund_of: "JZ-2026-00008"\n  Assets:Bank:Basic   -321.00 CNY\n  Income:Donation:Enterprise\n')
    books = load_books(books_copy)
    assert not books.errors, [e.message for e in books.errors]
    model = build_public_model(books)
    by_receipt = {d.receipt: d for d in model.donations}
    assert by_receipt["JZ-2026-00009"].donor_name is None and by_receipt["JZ-2026-00009"].anonymous
    assert [r.amount for r in by_receipt["JZ-2026-00008"].returned] == [Decimal("321.00")]
    entries, roll = _roll_entries(model)
    named = entries[("某某机械", None)]
    assert named.amount == sum(d.amount for d in model.donations if d.donor_name == "某某机械") > 0
    assert all(d.amount > 0 for d in model.donations if d.donor_name == "某某机械")
    assert roll.total == sum(d.amount for d in model.donations if d.date.year == 2026)


def test_a_namesake_whose_only_public_entries_are_anonymous_is_not_counted(tmp_path):
    """D0102 gave only a gift anonymous by its own entry, and part of it went back: the
    refund (unnamed, as its gift) still made D0102 a namesake "who gave", so D0101 showed as
    宏达机械（企业1）, telling the public another 宏达机械 enterprise had given."""
    from ledger.books import load_books
    from publish.model_builder import build_public_model

    root = make_twins(tmp_path / "books")
    txns = root / "txns" / "2026.beancount"
    text = txns.read_text(encoding="utf-8").replace(
        '  donor: "D0102"\n  receipt: "JZ-2026-00009"\n', '  donor: "D0102"\n  receipt: "JZ-2026-00009"\n  anonymous: "public"\n')
    text += ('\n2026-05-09 * "临江宏达机械制造厂" "退还部分捐款"\n  fund: "GENERAL"\n  donor: "D0102"\n  receipt: "JZ-2026-00012"\n'
             '  refund_of: "JZ-2026-00009"\n  Assets:Bank:Basic   -100.00 CNY\n  Income:Donation:Enterprise\n')
    txns.write_text(text, encoding="utf-8")
    books = load_books(root)
    assert not books.errors, [e.message for e in books.errors]
    model = build_public_model(books, None)
    assert {d.donor_note for d in model.donations if d.donor_name == "宏达机械"} == {None}


def test_names_that_look_the_same_in_other_letters_are_namesakes(tmp_path):
    """A display written with katakana that look like the Chinese characters (エ for 工, カ
    for 力, ロ for 口), or with Cyrillic letters that look like Latin ones (Аpple), is another
    string but the same name to a reader: 工力机械 and エカ机械 were two unnoted lines of the
    roll, a company's gifts beside a look-alike's, with nothing to tell them apart."""
    from ledger.bidi import look_alike
    from ledger.books import load_books
    from publish.model_builder import build_public_model

    donors = (TWINS.replace('  name: "江临宏达机械有限公司"\n  display: "宏达机械"', '  name: "江临宏达机械有限公司"\n  display: "工力机械"')
              .replace('  name: "临江宏达机械制造厂"\n  display: "宏达机械"', '  name: "临江宏达机械制造厂"\n  display: "\u30a8\u30ab机械"'))
    books = load_books(make_twins(tmp_path / "books", donors))
    assert not books.errors
    notes = {d.receipt: d.donor_note.zh if d.donor_note else None for d in build_public_model(books, None).donations}
    assert (notes["JZ-2026-00008"], notes["JZ-2026-00009"], notes["JZ-2026-00010"]) == ("企业1", "企业2", "企业1")
    assert look_alike("\u0410pple \u0421o.") == look_alike("Apple Co.") == "Apple Co."
    assert look_alike("江临市总\u30a8会") == "江临市总工会" and look_alike("Иван") != look_alike("Nbah")
