"""A statement's entry split by hand into two entries, and the statement imported again.

The officer splits a gift booked from the statement (1,000.00 from 张三: 600.00 to the
general fund, 400.00 to a restricted one) by copying the entry and changing the amounts,
each part keeping the row's `source_ref`. Imported again, the row's id found two entries of
its day, each moving the account by another sum than the row: neither was taken for it, the
row was proposed again as a new gift with a receipt (1,000.00 counted twice), and the note
said the id was that of an entry of "another day or amount". Entries of the row's day holding
its id, of its payee, that move its account by the row's sum together are that row.
Two entries under one id whose sum is the row's but of other payees (two registers numbering
their vouchers alike) are not.
"""

from __future__ import annotations

import re

from .test_layouts_dedupe import _file, run, v1

ROWS = [("2026-03-02", "汇入", "1000.00", "", "1000.00", "张三", "6217000000001111"),
        ("2026-03-05", "汇入", "500.00", "", "1500.00", "王小明", "6217000000003333")]


def _split(books, payees=("张三", "张三")):
    inbox = books / "inbox.beancount"
    text = inbox.read_text(encoding="utf-8")
    start = text.index('2026-03-02 ! "张三"')
    end = text.index("\n\n", start)
    entry = text[start:end]
    ref = re.search(r'source_ref: "([^"]+)"', entry).group(1)
    parts = "\n\n".join(
        f'2026-03-02 ! "{payee}" "汇入"\n  fund: "{fund}"\n  donor: "UNIDENTIFIED"\n  source_ref: "{ref}"\n'
        f'  receipt: "{receipt}"\n  Assets:Bank:Basic            {amount} CNY\n  Income:Donation:Individual  -{amount} CNY'
        for payee, fund, amount, receipt in zip(payees, ("GENERAL", "EDU-2026"), ("600.00", "400.00"),
                                                ("JZ-2026-00001", "JZ-2026-00003"), strict=True))
    inbox.write_text(text[:start] + parts + text[end:], encoding="utf-8")


def test_an_entry_split_in_two_by_hand_is_the_row_still(books, tmp_path):
    statement = _file(tmp_path, "a.csv", v1(ROWS))
    assert run(books, statement, "--write").exit_code == 0
    _split(books)
    again = run(books, statement)
    assert again.exit_code == 0, again.output
    assert "the books have" not in again.output, again.output  # books without errors: the parts are read
    assert " 0 new entries" in again.output and "3 already in the books" in again.output, again.output
    assert "proposed +0.00 + already in the books +1,500.00" in again.output, again.output
    assert "another day or amount" not in again.output
    assert re.search(r"^; already in the books .*inbox\.beancount:\d+: 2026-03-02 张三 .*1000\.00 CNY \(row 8\)$",
                     again.output, re.M), again.output


def test_parts_of_other_payees_under_one_id_are_not_the_row(books, tmp_path):
    statement = _file(tmp_path, "a.csv", v1(ROWS))
    assert run(books, statement, "--write").exit_code == 0
    _split(books, payees=("李四", "王五"))
    again = run(books, statement)
    assert again.exit_code == 0, again.output
    assert "proposed +1,000.00 + already in the books +500.00" in again.output, again.output
