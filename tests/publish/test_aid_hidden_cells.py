"""An aid page whose tables hide cells (*) but show their total says that the hidden cells
are in that total, and where each category's amount is: any figure a page leaves out is
accounted for on that page."""

from __future__ import annotations


def test_an_aid_page_whose_total_is_shown_says_where_its_hidden_cells_are(books_copy, tmp_path, publish_to):
    """A year whose tables hide cells but show their total (9 households, ¥5,400.00): the
    page said only that * hides a number; it now says the hidden cells are in that total."""
    from .sitecheck import parse

    text = ""
    for n, (month, medical) in enumerate((("05", "C0001"), ("06", "C0004"), ("07", "C0007"))):
        text += f'\n2027-{month}-10 * "特困救助发放"\n  fund: "GENERAL"\n  approval: "SP-2027-{2 * n + 1:04d}"\n'
        text += "".join(f'  Expenses:Aid:Living   100.00 CNY\n    case: "C000{i}"\n' for i in range(1, 10)) + "  Assets:Bank:Basic\n"
        text += (f'\n2027-{month}-12 * "医疗救助"\n  fund: "GENERAL"\n  approval: "SP-2027-{2 * n + 2:04d}"\n  case: "{medical}"\n'
                 "  Expenses:Aid:Medical   900.00 CNY\n  Assets:Bank:Basic\n")
    (books_copy / "txns" / "2027.beancount").write_text(text, encoding="utf-8")
    main = books_copy / "main.beancount"
    main.write_text(main.read_text(encoding="utf-8") + '\ninclude "txns/2027.beancount"\n', encoding="utf-8")
    out = tmp_path / "site"
    result = publish_to(out, books_copy)
    ay = next(a for a in result.model.aid if a.period.key == "2027")
    assert not ay.by_month.grand.suppressed and ay.by_month.hides
    en = " ".join(" ".join(parse(out / "en/aid/2027.html").text).split())
    assert "The cells hidden as * below are all in the tables' total of ¥5,400.00" in en
    zh = " ".join(" ".join(parse(out / "aid/2027.html").text).split())
    assert "下表中以 * 隐藏的单元格都计入本表的合计 ¥5,400.00" in zh
