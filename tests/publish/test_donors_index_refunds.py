"""The donors' index: a year's amount net of gifts given back says so."""

from __future__ import annotations

from .sitecheck import parse
from .test_shares import _add_2027


def test_a_year_net_of_gifts_given_back_says_which_and_how_much(books_copy, tmp_path, publish_to):
    """2027 stood on the index as 0 gifts, -¥500.00 with nothing to say why (its own page says
    it gave back a gift of 2026); the index now names the year, the refunds and their total."""
    out = tmp_path / "site"
    publish_to(out, _add_2027(books_copy))
    en = " ".join(parse(out / "en/donors/index.html").text)
    assert "-¥500.00" in en
    assert "Amounts are net of the gifts given back in the year: 2027: 1 gift (¥500.00), received in an earlier year." in en
    zh = " ".join(parse(out / "donors/index.html").text)
    assert "金额已扣除当年退还捐赠人的捐赠：2027年 1 笔（¥500.00），均为往年收到的。" in zh


def test_no_note_when_no_gift_was_given_back(published):
    out, _ = published
    assert "net of the gifts given back" not in " ".join(parse(out / "en/donors/index.html").text)


def test_the_open_data_page_says_what_a_negative_amount_in_donations_csv_is(books_copy, tmp_path, publish_to):
    """donations.csv ("every gift") held a row of -500.00 under JZ-2027-00001, and its columns'
    meanings said only "amount (goods at their booked value)"."""
    import csv

    out = tmp_path / "site"
    publish_to(out, _add_2027(books_copy))
    with open(out / "data/donations.csv", encoding="utf-8-sig", newline="") as fh:
        rows = {r["receipt"]: r["amount"] for r in csv.DictReader(fh)}
    assert rows["JZ-2027-00001"] == "-500.00"
    en = " ".join(parse(out / "en/data/index.html").text)
    assert "amount (goods at their booked value); negative for a gift given back, under a receipt number of its own" in en
    assert "退还捐赠人的捐赠为负数" in " ".join(parse(out / "data/index.html").text)


def test_the_rolls_headline_spaces_its_count_like_its_total(published):
    """"共7 笔捐赠，合计 ¥54,109.50": the count was stuck to 共 while every other figure of the
    roll stands between spaces ("1 笔，合计 ¥500.00")."""
    out, result = published
    roll = result.model.rolls[0]
    text = " ".join(parse(out / f"donors/{roll.period.key}.html").text)
    assert f"共 {roll.gifts:,} 笔捐赠，合计 " in text
