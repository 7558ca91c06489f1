"""Payer names written in traditional characters on a bank statement (as Hong Kong and Taiwan
banks, and Big5 exports, write them) are matched as their simplified twins: the platforms and
clearing houses that pass a gift on, the centre's allocators, the registered donors. The
name is booked as the file writes it.

Why: 200.00 sent through Alipay from 支付寶（中國）網絡技術有限公司 was proposed as an enterprise
donor (the letters and the site would thank a platform), and a registered donor's name in
traditional characters was proposed as a new donor.
"""

from __future__ import annotations

import pytest
from beancount.core import data

from tests.importers.support import extract_one

HEAD = "记账日期,货币,交易金额,联机余额,交易摘要,对手信息,客户摘要\n"


def _import(books, tmp_path, kind: str, payer: str, memo: str, amount: str = "200.00"):
    path = tmp_path / "cmb.csv"
    path.write_text(HEAD + f"2026-03-02,CNY,{amount},10200.00,{kind},{payer},{memo}\n", encoding="utf-8")
    result = extract_one(books, path)
    assert result.problem is None, result.problem
    (entry,) = [e for e in result.new if isinstance(e, data.Transaction)]
    proposals = [e for e in result.new if isinstance(e, data.Custom)]
    return entry, proposals


@pytest.mark.parametrize("payer", ["支付寶（中國）網絡技術有限公司 2088000000001234", "財付通支付科技有限公司", "網聯清算有限公司"])
def test_a_platform_named_in_traditional_characters_is_no_donor(books, tmp_path, payer):
    entry, proposals = _import(books, tmp_path, "轉賬匯款", payer, "轉賬")
    assert entry.meta["donor"] == "UNIDENTIFIED" and "receipt" in entry.meta, entry.meta
    assert not proposals and "proposed_donor" not in entry.meta
    assert "names no donor" in entry.meta["note"], entry.meta
    assert entry.payee == payer.split()[0]  # booked as written


@pytest.mark.parametrize("payer,donor", [("某某機械製造有限公司", "D0001"), ("王小明", "D0002")])
def test_a_registered_donor_in_traditional_characters_is_found(books, tmp_path, payer, donor):
    entry, proposals = _import(books, tmp_path, "轉賬匯款", payer, "捐款")
    assert entry.meta["donor"] == donor and not proposals, (entry.meta, proposals)
    assert entry.payee == payer
    if payer != "王小明":  # the same in both scripts: nothing to tell
        assert payer in entry.meta["note"] and "the same in simplified characters" in entry.meta["note"], entry.meta
        assert entry.flag == "!"  # 於小明 is not 于小明: the officer confirms it
    else:
        assert entry.flag == "*" and "note" not in entry.meta


def test_a_new_donor_in_traditional_characters_keeps_the_name_as_written(books, tmp_path):
    entry, proposals = _import(books, tmp_path, "轉賬匯款", "某某書法協會", "捐款")
    assert [p.meta["name"] for p in proposals] == ["某某書法協會"]
    assert [p.values[1].value for p in proposals] == ["organisation"]  # 協會 is 协会: an organisation's kind
    assert "Income:Donation:Organisation" in {p.account for p in entry.postings}


def test_a_registered_alias_in_traditional_characters_is_certain(books, tmp_path):
    """The file's spelling added to the donor's aliases, as the note says: found as written, not flagged."""
    extra = books / "registry" / "extra.beancount"
    extra.write_text(extra.read_text(encoding="utf-8").replace('aliases: "某某机械|某某机械厂"', 'aliases: "某某机械|某某机械厂|某某機械"'),
                     encoding="utf-8")
    entry, _ = _import(books, tmp_path, "轉賬匯款", "某某機械", "捐款")
    assert entry.meta["donor"] == "D0001" and entry.flag == "*" and "note" not in entry.meta, entry


def test_a_name_the_same_only_in_simplified_characters_is_left_to_the_officer(books, tmp_path):
    """於 is a surname of its own, also the traditional form of 于: 於小明 may be another person than
    the registered 于小明, so the gift is theirs only flagged, the note saying why."""
    with (books / "registry" / "extra.beancount").open("a", encoding="utf-8") as fh:
        fh.write('\n2026-01-01 custom "donor" "D0009" "individual"\n  name: "于小明"\n')
    entry, proposals = _import(books, tmp_path, "转账汇款", "於小明", "捐款")
    assert entry.meta["donor"] == "D0009" and entry.flag == "!" and not proposals, entry
    assert "check it is them" in entry.meta["note"] and "於小明" in entry.meta["note"], entry.meta
    assert entry.payee == "於小明"


@pytest.mark.parametrize("kind,payer,account", [
    ("工會經費撥入", "江臨市總工會", "Income:Union"),
    ("財政撥款", "江臨市財政局", "Income:Government"),
])
def test_an_allocator_named_in_traditional_characters_is_no_donor(books, tmp_path, kind, payer, account):
    """總工會 and 財政局 allocate money to the centre, as 总工会 and 财政局 do: no gift, no receipt."""
    entry, proposals = _import(books, tmp_path, kind, payer, "", amount="9000.00")
    assert "receipt" not in entry.meta and "donor" not in entry.meta and not proposals, entry.meta
    assert {p.account for p in entry.postings} == {"Assets:Bank:Basic", account}, entry.postings
    assert entry.payee == payer


def test_a_payer_rule_in_simplified_characters_matches_a_traditional_name(books, tmp_path):
    (books / "import_config.py").write_text(
        "from importers.config import importers_for_books\n"
        "CONFIG = importers_for_books(__file__, payer_rules={'某某区残联': 'Income:Government'})\n", encoding="utf-8")
    entry, proposals = _import(books, tmp_path, "轉賬匯款", "某某區殘聯", "補助", amount="500.00")
    assert {p.account for p in entry.postings} == {"Assets:Bank:Basic", "Income:Government"} and not proposals, entry


def test_a_statement_row_naming_the_platform_in_traditional_characters_ranks_first_for_a_card_payment():
    """Pairing a bill's card payment with the card's statement row takes the row that names the
    platform first (importers/dedupe.py, funding_pairs): 財付通 and 支付寶, as a statement in
    traditional characters writes them, ranked as a row naming no one, so a payment to a person
    of the same amount that day could be taken for it."""
    import datetime
    from decimal import Decimal

    from beancount.core import data

    from importers.dedupe import _platform_rank

    def row(payee):
        return data.Transaction({}, datetime.date(2026, 3, 5), "*", payee, "消费", frozenset(), frozenset(), [
            data.Posting("Assets:Bank:Basic", data.Amount(Decimal("-88.00"), "CNY"), None, None, None, None)])

    assert _platform_rank(row("財付通支付科技有限公司")) == 0
    assert _platform_rank(row("支付寶（中國）網絡技術有限公司")) == 0
    assert _platform_rank(row("财付通支付科技有限公司")) == 0
    assert _platform_rank(row("王小明")) == 1
