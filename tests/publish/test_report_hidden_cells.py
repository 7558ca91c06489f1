"""A month's, quarter's or year's report page whose aid table hides categories (*) says where
their amounts are, as the aid pages and the annual report PDF do: any figure a page leaves
out is accounted for on that page. The page said only how the aid total and the uses that
are not aid make the spent, or (with the total hidden too) nothing about the hidden cells;
with no uses but aid, nothing at all."""

from __future__ import annotations

from ledger.demo import write_demo

from .sitecheck import parse


def _said(path) -> str:
    return " ".join(" ".join(parse(path).text).split())


def test_a_report_whose_aid_total_is_shown_says_its_hidden_categories_are_in_it(tmp_path, publish_to):
    """Demo books of 200 transactions: the year hides two categories of few households but
    shows the total; each category's amount is in the uses table on the same page."""
    main, _ = write_demo(tmp_path / "demo", seed=1, transactions=200)
    out = tmp_path / "site"
    result = publish_to(out, main.parent, acknowledgements=False)
    year = next(r for r in result.model.reports if r.period.key == "2026")
    assert not year.aid.grand.suppressed and any(c.suppressed for c in year.aid.totals)
    total = f"¥{year.aid.grand.amount:,.2f}"
    zh = _said(out / "reports/2026.html")
    assert f"以 * 隐藏的类别都计入合计 {total}；各类别的金额见上方“资金使用”。" in zh
    en = _said(out / "en/reports/2026.html")
    assert f"The categories hidden as * are all in the total of {total}; each category's amount is in the uses above." in en


def test_a_report_whose_aid_total_is_hidden_too_says_where_the_hidden_amounts_are(published):
    """The small books' reports hide every aid cell, the total too."""
    out, result = published
    q1 = next(r for r in result.model.reports if r.period.key == "2026-Q1")
    assert q1.aid.grand.suppressed
    assert "以 * 隐藏的金额都在上方“资金使用”中按类别列出。" in _said(out / "reports/2026-Q1.html")
    assert "The amounts hidden as * are each in the uses above, by category." in _said(out / "en/reports/2026-Q1.html")


def test_a_report_with_no_use_but_aid_still_says_where_its_hidden_amounts_are(books_copy, tmp_path, publish_to):
    """A month whose only uses are aid of few households (no bank charge): the paragraph
    under the aid table was empty."""
    text = ('\n2027-03-10 * "特困救助发放"\n  fund: "GENERAL"\n  approval: "SP-2027-0001"\n'
            '  case: "C0001"\n  Expenses:Aid:Living   100.00 CNY\n  Assets:Bank:Basic\n')
    (books_copy / "txns" / "2027.beancount").write_text(text, encoding="utf-8")
    main = books_copy / "main.beancount"
    main.write_text(main.read_text(encoding="utf-8") + '\ninclude "txns/2027.beancount"\n', encoding="utf-8")
    out = tmp_path / "site"
    result = publish_to(out, books_copy, acknowledgements=False)
    month = next(r for r in result.model.reports if r.period.key == "2027-03")
    assert month.aid.grand.suppressed and not month.spent_not_aid
    assert "以 * 隐藏的金额都在上方“资金使用”中按类别列出。" in _said(out / "reports/2027-03.html")
