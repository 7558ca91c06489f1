"""The same statement downloaded again with its payers' names masked otherwise, both imported.

A bank without ids of its own (ICBC's personal download) tells a row by a fingerprint of its
cells; the same month downloaded again from another channel (the app masks names: 张*, the
web does not) gives another fingerprint, and the row was found only through the same payee
(`dedupe.other_layout_pairs`): the masked name is not the same text, so 张三's 1,000.00 was
proposed again as a gift from an unidentified payer with a receipt number, counted twice,
stopped only by the statement's balance (not at all with --no-balance or a masked balance).
A masked name that fits the name in the books (one run of stars for one character or more)
is now that payee, one to one, the same names paired first; a name it does not fit is new.
"""

from __future__ import annotations

import re

from .test_layouts_dedupe import _file, run, v1

ROWS = [("2026-03-02", "汇入", "1000.00", "", "1000.00", "张三", "6217000000001111"),
        ("2026-03-02", "汇入", "1000.00", "", "2000.00", "张三丰", "6217000000001112"),
        ("2026-03-03", "网转", "", "150.00", "1850.00", "李四", "6217000000002222"),
        ("2026-03-05", "汇入", "500.00", "", "2350.00", "王小明", "6217000000003333")]


def masked(rows, names):
    return [(d, m, i, o, b, names.get(p, p), a) for d, m, i, o, b, p, a in rows]


def test_names_masked_in_the_second_download_book_nothing_new(books, tmp_path):
    assert run(books, _file(tmp_path, "web.csv", v1(ROWS)), "--write").exit_code == 0
    again = run(books, _file(tmp_path, "app.csv", v1(masked(ROWS, {"张三": "张*", "张三丰": "张**", "李四": "*四"}))))
    assert again.exit_code == 0, again.output
    assert " 0 new entries" in again.output and "5 already in the books" in again.output, again.output
    assert "proposed +0.00 + already in the books +2,350.00" in again.output, again.output
    # each row is listed with its amount and the entry it is
    assert len(re.findall(r"^; already in the books .*inbox\.beancount:\d+: .* CNY \(row \d+\)$", again.output, re.M)) == 4


def test_the_masked_download_first_then_the_named_one(books, tmp_path):
    assert run(books, _file(tmp_path, "app.csv", v1(masked(ROWS, {"张三": "张*", "王小明": "王*明"}))), "--write").exit_code == 0
    again = run(books, _file(tmp_path, "web.csv", v1(ROWS)))
    assert again.exit_code == 0, again.output
    assert " 0 new entries" in again.output and "5 already in the books" in again.output, again.output


def test_a_masked_name_that_does_not_fit_is_another_payer(books, tmp_path):
    assert run(books, _file(tmp_path, "web.csv", v1(ROWS)), "--write").exit_code == 0
    again = run(books, _file(tmp_path, "app.csv", v1(masked(ROWS, {"张三": "李*", "王小明": "王*华"}))))
    assert again.exit_code == 0, again.output
    assert "3 already in the books" in again.output, again.output
    assert "proposed +1,500.00 + already in the books +850.00" in again.output, again.output


def test_a_masked_name_taken_for_a_case_is_still_the_named_row(books, tmp_path):
    """Found by tests/importers/test_two_exports_property.py: a payment of 150.00 to 李四 in
    the website's download, to 李* in the app's. A masked name that fits one case's
    name in private/cases.csv (李大伟, C0001) names that case on the debit, so the app's row
    was C0001's payment, not the entry of 李四 in the books, and was booked again: 150.00
    paid out twice. The name as the bank wrote it still fits 李四's entry."""
    assert run(books, _file(tmp_path, "web.csv", v1(ROWS)), "--write").exit_code == 0
    again = run(books, _file(tmp_path, "app.csv", v1(masked(ROWS, {"李四": "李*"}))))
    assert again.exit_code == 0, again.output
    assert " 0 new entries" in again.output and "5 already in the books" in again.output, again.output


def test_a_masked_name_of_another_known_donor_is_another_payer(books, tmp_path):
    """The app's download names its payers masked but keeps their account numbers (ICBC's
    newer layout, 对方账户): 王*'s 500.00 from an account the registry gives 王五 (D0006) is not
    王小明's (D0002) 500.00 of that day in the books, though 王* fits both names: taken for it,
    王五's gift was never booked."""
    from .test_layouts_dedupe import v2

    with (books / "registry" / "extra.beancount").open("a", encoding="utf-8") as fh:
        fh.write('\n2026-01-01 custom "donor" "D0006" "individual"\n  name: "王五"\n  accounts: "6217000000005555"\n')
    assert run(books, _file(tmp_path, "web.csv", v2(ROWS)), "--write").exit_code == 0
    app = [*ROWS[:3], ("2026-03-05", "汇入", "500.00", "", "2350.00", "王*", "6217000000005555")]
    again = run(books, _file(tmp_path, "app.csv", v2(app)))
    assert again.exit_code == 0, again.output
    assert "proposed +500.00 + already in the books +1,850.00" in again.output, again.output
    assert 'donor: "D0006"' in again.output, again.output
