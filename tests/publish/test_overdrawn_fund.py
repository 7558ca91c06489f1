"""A fund whose balance is below zero (books published with --allow-errors: the check
reports a restricted fund overdrawn) is said to be overdrawn, and by how much, on its own
page and on the funds page, in both languages. The pages showed the negative balance and
nothing else, leaving a reader to guess what a fund that spent more than it had means."""

from __future__ import annotations

from .sitecheck import parse

OVERSPEND = """
2026-10-20 * "金秋助学金补发"
  fund: "EDU-2026"
  approval: "SP-2026-0099"
  Expenses:Aid:Education        1500.00 CNY
    case: "C0004"
  Assets:Bank:Basic
"""


def _said(path) -> str:
    return " ".join(" ".join(parse(path).text).split())


def test_an_overdrawn_fund_is_said_to_be_overdrawn_and_by_how_much(books_copy, tmp_path, publish_to):
    txns = books_copy / "txns" / "2026.beancount"
    txns.write_text(txns.read_text(encoding="utf-8") + OVERSPEND, encoding="utf-8")
    out = tmp_path / "site"
    result = publish_to(out, books_copy, allow_errors=True, acknowledgements=False)
    edu = next(f for f in result.model.funds if f.ref.slug == "edu-2026")
    general = next(f for f in result.model.funds if f.ref.slug == "general")
    assert edu.balance == -1500 and general.balance > 0
    zh_note = "余额为负：本基金使用和转出的资金比它结转、筹集和转入的多 ¥1,500.00（超支）。"
    en_note = "The balance is below zero: this fund spent and moved out ¥1,500.00 more than it"
    assert zh_note in _said(out / "funds/edu-2026.html")
    assert en_note in _said(out / "en/funds/edu-2026.html")
    assert "超支" not in _said(out / "funds/general.html")
    index = _said(out / "funds/index.html")
    assert "余额为负（超支）的基金：2026年金秋助学专项 ¥1,500.00。" in index
    for page in ("en/funds/index.html", "en/index.html"):
        assert "Overdrawn (balance below zero): 2026 autumn education aid fund ¥1,500.00." in _said(out / page)
    assert "余额为负（超支）的基金：2026年金秋助学专项 ¥1,500.00。" in _said(out / "index.html")


def test_no_fund_overdrawn_says_nothing_of_it(published):
    out, _ = published
    assert "超支" not in _said(out / "funds/index.html") + _said(out / "funds/edu-2026.html")


def test_an_ended_overdrawn_fund_has_no_remainder_waiting_to_be_moved(books_copy, tmp_path, publish_to):
    """The fund ended with a negative balance and no closing: its tag and note said its
    remainder (-¥1,500.00) was waiting to be moved."""
    txns = books_copy / "txns" / "2026.beancount"
    txns.write_text(txns.read_text(encoding="utf-8") + OVERSPEND, encoding="utf-8")
    out = tmp_path / "site"
    publish_to(out, books_copy, allow_errors=True, acknowledgements=False)
    zh = _said(out / "funds/edu-2026.html")
    assert "结余待处理" not in zh and "尚待按规定转拨" not in zh and "已到期，超支" in zh
    assert "到期，没有结余可转拨（超支见上）。" in zh
    en = _said(out / "en/funds/edu-2026.html")
    assert "remainder not yet moved" not in en and "has not been moved yet" not in en


def test_the_annual_report_names_a_fund_overdrawn_at_the_year_end(books_copy):
    """The report's funds chapter showed the year-end balance of -¥1,500.00 alone."""
    from ledger.books import load_books
    from publish.annual import report_html
    from publish.model_builder import build_public_model

    from .test_accounted_for import _text

    txns = books_copy / "txns" / "2026.beancount"
    txns.write_text(txns.read_text(encoding="utf-8") + OVERSPEND, encoding="utf-8")
    text = " ".join(_text(report_html(build_public_model(load_books(books_copy)), 2026)).split())
    assert "年末余额为负（超支）的基金：2026年金秋助学专项 ¥1,500.00。" in text
    assert "Overdrawn at the year end (balance below zero): 2026 autumn education aid fund ¥1,500.00." in text


def test_a_report_page_names_a_fund_overdrawn_at_the_period_end(books_copy, tmp_path, publish_to):
    """The report page's funds table showed the period-end balance of -¥1,500.00 alone."""
    txns = books_copy / "txns" / "2026.beancount"
    txns.write_text(txns.read_text(encoding="utf-8") + OVERSPEND, encoding="utf-8")
    out = tmp_path / "site"
    publish_to(out, books_copy, allow_errors=True, acknowledgements=False)
    assert "期末余额为负（超支）的基金：2026年金秋助学专项 ¥1,500.00。" in _said(out / "reports/2026-Q4.html")
    en = _said(out / "en/reports/2026.html")
    assert "Overdrawn at the end of the period (balance below zero): 2026 autumn education aid fund ¥1,500.00." in en
    assert "超支" not in _said(out / "reports/2026-Q3.html")


def test_the_acknowledgement_of_a_gift_to_an_ended_overdrawn_fund_gives_no_remainder(books_copy, tmp_path, publish_to):
    """The acknowledgement page of the gift to the education fund said its remainder of
    -¥1,500.00 had not been moved yet."""
    txns = books_copy / "txns" / "2026.beancount"
    txns.write_text(txns.read_text(encoding="utf-8") + OVERSPEND, encoding="utf-8")
    out = tmp_path / "site"
    result = publish_to(out, books_copy, allow_errors=True)
    gift = next(d for d in result.model.donations if d.receipt == "JZ-2026-00005")
    said = _said(out / gift.ack_path)
    assert "尚待按规定转拨" not in said and "has not been moved yet" not in said
    assert "；超支 ¥1,500.00（使用和转出的比它共有的资金多）。" in said
    assert "; it is overdrawn by ¥1,500.00 (it spent and moved out more than it had)." in said


def test_the_acknowledgement_of_a_gift_to_an_open_overdrawn_fund_says_so(books_copy, tmp_path, publish_to):
    """A fund not yet ended, overdrawn: the page of a gift to it showed the fund's uses, more
    than it had, and nothing saying so (the note was only for an ended restricted fund)."""
    funds = books_copy / "registry" / "funds.beancount"
    funds.write_text(funds.read_text(encoding="utf-8").replace("  end: 2026-10-31\n", ""), encoding="utf-8")
    txns = books_copy / "txns" / "2026.beancount"
    txns.write_text(txns.read_text(encoding="utf-8") + OVERSPEND, encoding="utf-8")
    out = tmp_path / "site"
    result = publish_to(out, books_copy, allow_errors=True)
    edu = next(f for f in result.model.funds if f.ref.slug == "edu-2026")
    assert not edu.ended and edu.balance == -1500
    gift = next(d for d in result.model.donations if d.receipt == "JZ-2026-00005")
    said = _said(out / gift.ack_path)  # one page in both languages
    assert f"2026年金秋助学专项目前超支 ¥1,500.00：使用和转出的资金比它共有的资金 ¥{edu.had:,.2f} 多" in said
    assert (f"The 2026 autumn education aid fund is overdrawn by ¥1,500.00: it has spent and moved out more than "
            f"the ¥{edu.had:,.2f} it had") in said
    other = next(d for d in result.model.donations if d.fund.slug == "general" and d.ack_path)
    assert "超支" not in _said(out / other.ack_path) and "overdrawn" not in _said(out / other.ack_path)
