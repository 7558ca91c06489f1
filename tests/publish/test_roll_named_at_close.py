"""A closed year's honour roll changed by a donor's later wish not to be named says so.

李红梅 gave 2026's gifts by name; 2026 was closed (its roll published, printed in the annual
report); in January 2027 she asked not to be named any more, declared again (docs/books.md).
The 2026 roll then lost her line and its anonymous gifts grew by hers, with nothing on the
page to say why a closed year's roll had changed: a reader holding last year's copy saw a
name gone and the anonymous total up. The roll now says how many donors and gifts were on it
by name when the year was closed and are counted among the anonymous gifts since, and that
the year's total is unchanged (never who, nor how much).
"""

from __future__ import annotations

import datetime
import html
import re
from types import SimpleNamespace

from ledger.books import load_books
from ledger.closes.close import close_period
from ledger.period import parse_period

ASKED = '''
2027-01-05 custom "donor" "D0002" "individual"
  name: "李红梅"
  display: "李红梅"
  anonymous: "public"
'''


def _text(page: str) -> str:
    return html.unescape(re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", page)))


def _roll(out, lang):
    return _text((out / ("donors" if lang == "zh" else "en/donors") / "2026.html").read_text(encoding="utf-8"))


def test_a_closed_years_roll_says_that_donors_named_at_its_close_are_now_anonymous(books_copy, publish_to, tmp_path):
    before = publish_to(tmp_path / "before", books_copy)
    # the small books hold no bank statements: the close is made without reconciling
    close_period(load_books(books_copy), parse_period("2026"), check=lambda *a: SimpleNamespace(ok=True), today=datetime.date(2027, 1, 5))
    (books_copy / "txns" / "2027.beancount").write_text(ASKED, encoding="utf-8")
    main = books_copy / "main.beancount"
    main.write_text(main.read_text(encoding="utf-8") + '\ninclude "txns/2027.beancount"\n', encoding="utf-8")
    after = publish_to(tmp_path / "after", books_copy)

    was = next(r for r in before.model.rolls if r.period.key == "2026")
    now = next(r for r in after.model.rolls if r.period.key == "2026")
    gifts = was.anonymous_gifts and now.anonymous_gifts - was.anonymous_gifts
    assert gifts >= 1 and now.total == was.total
    zh, en = _roll(tmp_path / "after", "zh"), _roll(tmp_path / "after", "en")
    assert "李红梅" not in zh + en
    assert f"其中 {gifts} 笔（1 位捐赠人）在本年结账时以姓名列在本名单上，捐赠人此后要求不公开姓名，现计入匿名捐赠；本年合计不变。" in zh, zh
    said = "was" if gifts == 1 else "were"
    assert (f"Of these, {gifts} gift{'s' if gifts > 1 else ''} (1 donor) {said} on this roll by name when the year was closed; "
            "the donor asked later not to be named in public, and is counted here since. The year's total is unchanged.") in en, en
    # no such words on a roll nobody changed, nor on the roll before the wish
    assert "结账时以姓名列在本名单上" not in _roll(tmp_path / "before", "zh")


def test_the_annual_report_of_that_year_says_so_too(books_copy):
    """The 2026 annual report, printed again, is the same roll: it says the same."""
    from publish.annual import report_html
    from publish.model_builder import build_public_model

    from .conftest import TEST_SECRET

    close_period(load_books(books_copy), parse_period("2026"), check=lambda *a: SimpleNamespace(ok=True), today=datetime.date(2027, 1, 5))
    (books_copy / "txns" / "2027.beancount").write_text(ASKED, encoding="utf-8")
    main = books_copy / "main.beancount"
    main.write_text(main.read_text(encoding="utf-8") + '\ninclude "txns/2027.beancount"\n', encoding="utf-8")
    model = build_public_model(load_books(books_copy), TEST_SECRET.encode())
    text = _text(report_html(model, 2026))
    assert "李红梅" not in text
    assert "在本年结账时以姓名列在本名单上，捐赠人此后要求不公开姓名，现计入匿名捐赠；本年合计不变。" in text
    assert "was on this roll by name when the year was closed" in text


ASKED_IN_THE_YEAR = ASKED.replace("2027-01-05", "2026-06-10")


def test_a_roll_of_a_year_not_closed_says_when_the_period_was_closed(books_copy, publish_to, tmp_path):
    """Only the first quarter of 2026 closed (李红梅's declaration and gift in it), she asked in
    June not to be named: the 2026 roll, of a year still open, said her gift was on it by name
    "when the year was closed" (在本年结账时), a close that never was. It says when its period
    was closed."""
    close_period(load_books(books_copy), parse_period("2026-Q1"), check=lambda *a: SimpleNamespace(ok=True), today=datetime.date(2026, 4, 5))
    with (books_copy / "registry" / "donors.beancount").open("a", encoding="utf-8") as fh:
        fh.write(ASKED_IN_THE_YEAR)
    publish_to(tmp_path / "site", books_copy)
    zh, en = _roll(tmp_path / "site", "zh"), _roll(tmp_path / "site", "en")
    assert "李红梅" not in zh + en
    assert "在所属期间结账时以姓名列在本名单上" in zh and "在本年结账时" not in zh, zh
    assert "on this roll by name when its period was closed" in en and "when the year was closed" not in en, en
    from publish.annual import report_html
    from publish.model_builder import build_public_model

    from .conftest import TEST_SECRET

    text = _text(report_html(build_public_model(load_books(books_copy), TEST_SECRET.encode()), 2026))
    assert "在所属期间结账时以姓名列在本名单上" in text and "when its period was closed" in text and "在本年结账时" not in text
