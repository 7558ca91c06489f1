"""A registered donor written another way in a file is booked to that donor, with a note.

The same company is written 某某科技（北京）有限公司 in the registry and 某某科技(北京)有限公司 in
the bank's file, or with a space (某某科技 有限公司), full-width letters (ＡＣＭＥ), or in another
case (acme trading). Names are compared normalised: Unicode NFKC (full-width forms and
brackets become their plain forms), spaces of any width removed, case folded. Where the
normalised name is a registered donor's, the gift is that donor's and the entry's note says
how the file wrote it and how the registry does: the officer sees the two spellings and can
add the file's as an alias. A name that differs in any other way (one character more or
less) is never taken for the donor: it is proposed, as before.
"""

from __future__ import annotations

import pytest

from tests.importers.support import extract_one

DONORS = """
2026-01-01 custom "donor" "D0100" "enterprise"
  name: "某某科技（北京）有限公司"
2026-01-01 custom "donor" "D0101" "enterprise"
  name: "ACME Trading Co."
"""
HEAD = "日期,捐赠人,捐赠人类型,金额,收款方式,凭证号\n"


def _with_donors(books):
    path = books / "registry" / "extra.beancount"
    path.write_text(path.read_text(encoding="utf-8") + DONORS, encoding="utf-8")
    return books


def _gift(books, tmp_path, written):
    path = tmp_path / "捐赠登记表.csv"
    path.write_text(HEAD + f"2026-03-02,{written},企业,500.00,现金,V001\n", encoding="utf-8")
    result = extract_one(_with_donors(books), path)
    assert result.problem is None, result.problem
    (txn,) = [e for e in result.new if hasattr(e, "postings")]
    proposals = [e for e in result.new if getattr(e, "type", "") == "donor-proposal"]
    return txn, proposals


@pytest.mark.parametrize(("written", "donor"), [
    ("某某科技(北京)有限公司", "D0100"),    # half-width brackets
    ("某某科技（北京） 有限公司", "D0100"),  # a space inside
    ("某某科技（北京）\u3000有限公司", "D0100"),  # an ideographic space
    ("ＡＣＭＥ Ｔｒａｄｉｎｇ Ｃｏ．", "D0101"),  # full-width letters and full stop
    ("acme trading co.", "D0101"),  # another case
])
def test_a_donor_written_another_way_is_booked_to_the_donor_with_a_note(books, tmp_path, written, donor):
    txn, proposals = _gift(books, tmp_path, written)
    assert txn.meta["donor"] == donor and not proposals
    note = txn.meta.get("note", "")
    # the cell as read (an ideographic space is read as a space, as every cell's is)
    assert repr(written.replace("\u3000", " ")) in note and "'" in note and donor in note, note
    assert "the registry '" in note and "aliases" in note, note


def test_the_registered_spelling_has_no_note(books, tmp_path):
    txn, proposals = _gift(books, tmp_path, "某某科技（北京）有限公司")
    assert txn.meta["donor"] == "D0100" and not proposals and "note" not in txn.meta


@pytest.mark.parametrize("written", ["某某科技（北京）有限公司一", "某某科技北京有限公司", "ACME Trading Co"])
def test_a_name_differing_otherwise_is_proposed_not_merged(books, tmp_path, written):
    txn, proposals = _gift(books, tmp_path, written)
    assert txn.meta["donor"] != "D0100" and txn.meta["donor"] != "D0101"
    assert [p.meta["name"] for p in proposals] == [written]


BANK = "交易日期,交易流水号,摘要,对方户名,收入金额,支出金额,余额\n"


@pytest.mark.parametrize(("payer", "donor", "noted"), [
    ("ＡＣＭＥ Ｔｒａｄｉｎｇ Ｃｏ．", "D0101", True),
    ("某某科技(北京)有限公司", "D0100", True),
    ("ACME Trading Co.", "D0101", False),
])
def test_a_bank_statement_payer_written_another_way_is_the_donor_with_a_note(books, tmp_path, payer, donor, noted):
    path = tmp_path / "bank.csv"
    path.write_text(BANK + f"2026-03-01,X1,转账存入,{payer},100.00,,1100.00\n", encoding="utf-8")
    result = extract_one(_with_donors(books), path)
    assert result.problem is None, result.problem
    (txn,) = [e for e in result.new if hasattr(e, "postings")]
    assert txn.meta["donor"] == donor
    assert not [e for e in result.new if getattr(e, "type", "") == "donor-proposal"]
    assert ("the registry '" in txn.meta.get("note", "")) is noted, txn.meta


def test_a_new_donor_written_two_ways_is_proposed_once_with_a_note(books, tmp_path):
    """Two gifts of one new company, its brackets full-width in one row and not in the other,
    were two proposals: confirmed as they were, two donors, the company's giving split."""
    path = tmp_path / "捐赠登记表.csv"
    path.write_text(HEAD + "2026-03-02,新华科技（北京）有限公司,企业,500.00,现金,V001\n"
                    "2026-03-03,新华科技(北京)有限公司,企业,300.00,现金,V002\n"
                    "2026-03-04,新华科技北京有限公司,企业,100.00,现金,V003\n", encoding="utf-8")
    result = extract_one(books, path)
    assert result.problem is None, result.problem
    proposals = {p.meta["name"]: str(p.values[0].value) for p in result.new if getattr(p, "type", "") == "donor-proposal"}
    assert sorted(proposals) == ["新华科技北京有限公司", "新华科技（北京）有限公司"], proposals
    first, second, third = sorted((e for e in result.new if hasattr(e, "postings")), key=lambda e: e.date)
    assert first.meta["proposed_donor"] == second.meta["proposed_donor"] == proposals["新华科技（北京）有限公司"]
    assert third.meta["proposed_donor"] == proposals["新华科技北京有限公司"]
    assert "note" not in first.meta and "note" not in third.meta
    note = second.meta.get("note", "")
    assert "'新华科技(北京)有限公司'" in note and "'新华科技（北京）有限公司'" in note, note


def test_a_proposal_already_in_the_books_is_found_by_another_spelling(books, tmp_path):
    path = books / "registry" / "extra.beancount"
    path.write_text(path.read_text(encoding="utf-8") + '\n2026-02-01 custom "donor-proposal" "D0050" "enterprise"\n'
                    '  name: "新华科技（北京）有限公司"\n', encoding="utf-8")
    register = tmp_path / "捐赠登记表.csv"
    register.write_text(HEAD + "2026-03-03,新华科技(北京)有限公司,企业,300.00,现金,V002\n", encoding="utf-8")
    result = extract_one(books, register)
    assert result.problem is None, result.problem
    assert not [e for e in result.new if getattr(e, "type", "") == "donor-proposal"]
    (txn,) = [e for e in result.new if hasattr(e, "postings")]
    assert txn.meta["proposed_donor"] == "D0050"
    assert "'新华科技（北京）有限公司'" in txn.meta.get("note", ""), txn.meta


def test_a_register_s_honorific_or_bracketed_company_form_finds_the_donor(books, tmp_path):
    """王小明先生 for the registry's 王小明, 某某机械制造(有限公司) for 某某机械制造有限公司: each was
    proposed as a new donor, whose gifts the site would list apart. They are booked to the
    registered donor, flagged for the officer to confirm, with a note saying why."""
    from beancount.core import data as bdata

    from importers.run import extract_files, load_importers
    from ledger.books import load_books

    path = tmp_path / "捐赠登记表.csv"
    path.write_text("日期,捐赠人,金额,收款方式\n2026-03-05,王小明先生,100,现金\n2026-03-05,某某机械制造（有限公司）,300,现金\n"
                    "2026-03-05,王先生,50,现金\n", encoding="utf-8")
    loaded = load_books(books)
    (result,) = extract_files(loaded, [path], load_importers(loaded.root))
    assert result.problem is None, result.problem
    gifts = [e for e in result.new if isinstance(e, bdata.Transaction)]
    assert [g.meta["donor"] for g in gifts] == ["D0002", "D0001", "UNIDENTIFIED"]
    assert [g.flag for g in gifts[:2]] == ["!", "!"]
    assert "王小明先生" in gifts[0].meta["note"] and "D0002" in gifts[0].meta["note"]
    # 王先生 alone is not 王小明, and names no one: no donor proposed for it (test_courtesy_only_names.py)
    assert [e for e in result.new if isinstance(e, bdata.Custom)] == []
    assert "names no one" in gifts[2].meta["note"], gifts[2].meta


def test_a_donor_written_by_id_is_booked_under_the_donor_s_name(books, tmp_path):
    """A register may name its donor by id (D0100): the entry's payee is the donor's name, as
    Fava's journal and the auditor read it, not the id (the donor: metadata carries the id)."""
    txn, proposals = _gift(books, tmp_path, "D0100")
    assert txn.meta["donor"] == "D0100" and not proposals
    assert txn.payee == "某某科技（北京）有限公司"
    assert "note" not in txn.meta
