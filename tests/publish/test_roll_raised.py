"""The honour roll lists gifts only, so its total is less than the year's "raised" on the
front page and in the reports by the sources that are not gifts (union funding, government
allocations, interest). The roll page gave its total alone, leaving a reader who compares
it with "raised" unable to account for the difference; it now says what else the year
raised, line by line, and that the two make the year's raised."""

from __future__ import annotations

from decimal import Decimal

from .sitecheck import parse


def _said(path) -> str:
    return " ".join(" ".join(parse(path).text).split())


def _m(amount: Decimal) -> str:
    return f"¥{amount:,.2f}"


def test_the_roll_says_what_else_the_year_raised(published):
    out, result = published
    roll = next(r for r in result.model.rolls if r.period.key == "2026")
    year = next(r for r in result.model.reports if r.period.key == "2026")
    others = [line for line in year.statement.sources if not line.key.startswith("Income:Donation")]
    assert others and roll.total + sum(line.amount for line in others) == year.statement.raised
    zh, en = _said(out / "donors/2026.html"), _said(out / "en/donors/2026.html")
    assert (f"本年筹集合计 {_m(year.statement.raised)}，即本名单的捐赠 {_m(roll.total)} 加上不属于捐赠的来源 "
            f"{_m(year.statement.raised - roll.total)}（") in zh
    assert (f"The year raised {_m(year.statement.raised)}: the gifts on this roll, {_m(roll.total)}, and "
            f"{_m(year.statement.raised - roll.total)} from sources that are not gifts (") in en
    for line in others:
        assert f"{line.label.zh} {_m(line.amount)}" in zh and f"{line.label.en} {_m(line.amount)}" in en


def test_the_annual_reports_roll_says_what_else_the_year_raised(small_books):
    """The report's honour roll closed on the gifts' total alone, less than chapter one's
    raised by the sources that are not gifts."""
    from publish.annual import report_html
    from publish.model_builder import build_public_model

    from .test_accounted_for import _text

    model = build_public_model(small_books)
    roll = next(r for r in model.rolls if r.period.key == "2026")
    year = next(r for r in model.reports if r.period.key == "2026")
    rest = year.statement.raised - roll.total
    text = " ".join(_text(report_html(model, 2026)).split())
    assert (f"本年筹集合计 {_m(year.statement.raised)}，即以上捐赠 {_m(roll.total)} 加上不属于捐赠的来源 {_m(rest)}（"
            "工会自筹 ¥30,000.00、利息收入 ¥35.20；见第三章“资金来源”）。") in text
    assert (f"The year raised {_m(year.statement.raised)}: these gifts, {_m(roll.total)}, and {_m(rest)} from sources "
            "that are not gifts (Union funding ¥30,000.00, Interest ¥35.20; see chapter three's sources).") in text


def _off_by_a_fen(roll):
    """The roll one fen short of the books' gifts: a gift booked but not on the roll."""
    import dataclasses

    return dataclasses.replace(roll, total=roll.total - Decimal("0.01"))


def test_a_gift_the_roll_does_not_hold_is_named_on_its_page(small_books):
    """The line was written only when the roll and the other sources made "raised": a roll
    short of the books' gifts (none is, in books the rules pass) had its page say nothing of
    the difference. It is now named, with its amount, in both languages."""
    import dataclasses

    from publish import pages
    from publish.environment import make_environment
    from publish.model_builder import build_public_model

    from .test_accounted_for import _text

    model = build_public_model(small_books)
    env = make_environment(None)
    spec = next(s for s in pages.site_pages(model, []) if s.path == "donors/2026.html")
    for short in (False, True):
        roll = _off_by_a_fen(spec.context["roll"]) if short else spec.context["roll"]
        said = {}
        for path, context in pages.contexts(dataclasses.replace(spec, context={**spec.context, "roll": roll}), model):
            said[path] = " ".join(_text(env.get_template("roll.html").render(context)).split())
        zh, en = said["donors/2026.html"], said["en/donors/2026.html"]
        assert ("另有 ¥0.01 记为捐赠收入，但不在本名单上" in zh) is short
        assert ("and ¥0.01 booked as gifts but not on this roll" in en) is short


def test_a_gift_the_annual_reports_roll_does_not_hold_is_named(small_books):
    import dataclasses

    from publish.annual import report_html
    from publish.model_builder import build_public_model

    from .test_accounted_for import _text

    model = build_public_model(small_books)
    rolls = tuple(_off_by_a_fen(r) if r.period.key == "2026" else r for r in model.rolls)
    for m, short in ((model, False), (dataclasses.replace(model, rolls=rolls), True)):
        text = " ".join(_text(report_html(m, 2026)).split())
        assert ("另有 ¥0.01 记为捐赠收入，但不在以上名单上" in text) is short
        assert ("and ¥0.01 booked as gifts but not on the roll above" in text) is short
