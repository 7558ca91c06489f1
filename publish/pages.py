"""The list of pages the site has, and what each page's template is given.

Like a Pelican generator's context: `site_pages` says which pages the public model makes
(their paths, templates, titles and sections) and `contexts` what each one's template
receives, in each language. Writing them, and taking unchanged ones from the previous site,
is publish/site.py's job. Every page exists in Chinese at PATH and in English at en/PATH;
acknowledgement pages are one page holding both languages.

The names a template's context holds are documented in docs/publishing.md (PAGE_CONTEXT
here is that table, and tests/publish/test_docs.py keeps the two equal).
"""

from __future__ import annotations

from collections.abc import Iterable, Iterator
from dataclasses import dataclass
from typing import Any

from markupsafe import Markup

from publish import charts, opendata
from publish.model import Fund, Label, PublicModel

#: the languages of the site: Chinese pages at PATH, English ones at en/PATH
LANGS = ("zh", "en")

#: template -> the names its context holds besides the common ones (documented in docs/publishing.md)
COMMON_CONTEXT = ("site", "lang", "page", "nav")
PAGE_CONTEXT: dict[str, tuple[str, ...]] = {
    "overview.html": ("overview", "funds", "charts", "reports"),
    "funds.html": ("funds", "held"),
    "fund.html": ("fund", "charts", "held"),
    "donors.html": ("rolls",),
    "roll.html": ("roll", "year", "neighbours"),
    "aid.html": ("aid", "reports"),
    "aid_year.html": ("aid_year", "neighbours"),
    "reports.html": ("reports", "downloads"),
    "report.html": ("report", "aid_year"),
    "data.html": ("datasets", "licence", "years"),
    "about.html": ("about",),
    "ack.html": ("donation", "fund"),
    "ack_index.html": (),
    "verify.html": ("verification",),
}


@dataclass(frozen=True)
class PageInfo:
    """Where a page is and what it is called; `alternate` is the other language's path."""

    path: str
    title: Label
    section: str
    alternate: str | None


#: the site's menu: (page, section, title); a page's `section` marks its entry as the current one
NAV = (
    ("index.html", "overview", Label("总览", "Overview")),
    ("funds/index.html", "funds", Label("基金", "Funds")),
    ("donors/index.html", "donors", Label("鸣谢名单", "Donors")),
    ("aid/index.html", "aid", Label("帮扶", "Aid")),
    ("reports/index.html", "reports", Label("报告", "Reports")),
    ("data/index.html", "data", Label("公开数据", "Open data")),
    ("about.html", "about", Label("关于本中心", "About")),
)


@dataclass(frozen=True)
class PageSpec:
    """One page of the site before rendering: where, from which template, with what context."""

    path: str  # the Chinese page's path; the English one is en/PATH
    template: str
    title: Label
    section: str
    context: dict[str, Any]
    bilingual_single: bool = False  # one page with both languages (acknowledgements)


def site_pages(model: PublicModel, downloads: list[tuple[str, Label]], verification: Any = None) -> Iterable[PageSpec]:
    """Every page the model makes, in the order they are written (acknowledgement pages last).

    `downloads` are the files generators offered on the reports page; `verification` is the
    transparency log's part of the site (publish/verification.py), or None."""
    funds_by_id = {f.ref.id: f for f in model.funds}
    yield PageSpec("index.html", "overview.html", Label("总览", "Overview"), "overview",
                   {"overview": model.overview, "funds": model.funds, "charts": None, "reports": model.reports})
    yield PageSpec("funds/index.html", "funds.html", Label("基金", "Funds"), "funds", {"funds": model.funds, "held": model.overview.all_time if model.overview else None})
    held = model.overview.all_time if model.overview else None
    for f in model.funds:
        yield PageSpec(f"funds/{f.ref.slug}.html", "fund.html", f.ref.name, "funds", {"fund": f, "charts": None, "held": held})
    yield PageSpec("donors/index.html", "donors.html", Label("鸣谢名单", "Donors"), "donors", {"rolls": model.rolls})
    years = {r.period.key: r for r in model.reports if r.period.kind == "year"}
    rolls = _neighbours([r.period for r in model.rolls])
    for roll in model.rolls:
        yield PageSpec(f"donors/{roll.period.key}.html", "roll.html", Label(f"{roll.period.label.zh}鸣谢名单", f"Donors {roll.period.label.en}"), "donors",
                       {"roll": roll, "year": years.get(roll.period.key), "neighbours": rolls[roll.period.key]})
    yield PageSpec("aid/index.html", "aid.html", Label("帮扶", "Aid"), "aid", {"aid": model.aid, "reports": model.reports})
    aid_years = _neighbours([ay.period for ay in model.aid])
    for ay in model.aid:
        yield PageSpec(f"aid/{ay.period.key}.html", "aid_year.html", Label(f"{ay.period.label.zh}帮扶情况", f"Aid {ay.period.label.en}"), "aid",
                       {"aid_year": ay, "neighbours": aid_years[ay.period.key]})
    yield PageSpec("reports/index.html", "reports.html", Label("报告", "Reports"), "reports", {"reports": model.reports, "downloads": tuple(downloads)})
    aid_of_year = {ay.period.key: ay for ay in model.aid}
    for r in model.reports:
        kind = {"year": ("年度报告", "annual report"), "quarter": ("报告", "quarterly report"), "month": ("月度报告", "monthly report")}[r.period.kind]
        yield PageSpec(f"reports/{r.period.key}.html", "report.html", Label(f"{r.period.label.zh}{kind[0]}", f"{r.period.label.en} {kind[1]}"), "reports",
                       {"report": r, "aid_year": aid_of_year.get(r.period.key) if r.period.kind == "year" else None})
    yield PageSpec("data/index.html", "data.html", Label("公开数据", "Open data"), "data",
                   {"datasets": opendata.DATASETS, "licence": model.about.licence if model.about else None,
                    # the years the files hold (each holds every year): the page names them
                    "years": tuple(r.period for r in sorted(model.reports, key=lambda r: r.period.start) if r.period.kind == "year")})
    yield PageSpec("about.html", "about.html", Label("关于本中心", "About the centre"), "about", {"about": model.about})
    yield PageSpec("verify/index.html", "verify.html", Label("核验", "Verify"), "data", {"verification": verification})
    yield PageSpec("ack/index.html", "ack_index.html", Label("捐赠致谢", "Acknowledgements"), "ack", {}, bilingual_single=True)
    for d in model.donations:
        if d.ack_path:
            yield PageSpec(d.ack_path, "ack.html", Label(f"捐赠致谢 {d.receipt}", f"Acknowledgement {d.receipt}"), "ack",
                           {"donation": d, "fund": funds_by_id.get(d.fund.id)}, bilingual_single=True)


def _neighbours(periods: list) -> dict[str, tuple]:
    """Each year's page's (year before, year after) among `periods`, None where there is none:
    the pager of a year's honour roll or aid page, as the reports have one."""
    ordered = sorted(periods, key=lambda p: p.start)
    return {p.key: (ordered[i - 1] if i else None, ordered[i + 1] if i + 1 < len(ordered) else None) for i, p in enumerate(ordered)}


def contexts(spec: PageSpec, model: PublicModel) -> Iterator[tuple[str, dict[str, Any]]]:
    """(path, template context) of each page `spec` makes: one per language, each naming the
    other as its alternate, or a single one holding both languages (acknowledgements)."""
    if spec.bilingual_single:
        page = PageInfo(spec.path, spec.title, spec.section, None)
        yield spec.path, {"site": model.site, "lang": "zh", "page": page, "nav": NAV, **spec.context}
        return
    for lang in LANGS:
        path = spec.path if lang == "zh" else "en/" + spec.path
        alternate = "en/" + spec.path if lang == "zh" else spec.path
        page = PageInfo(path, spec.title, spec.section, alternate)
        context = dict(spec.context)
        if "charts" in context:
            context["charts"] = _overview_charts(model, lang) if spec.template == "overview.html" else _fund_charts(context["fund"], lang)
        yield path, {"site": model.site, "lang": lang, "page": page, "nav": NAV, **context}


def _overview_charts(model: PublicModel, lang: str) -> dict[str, Markup]:
    ov = model.overview
    if ov is None:
        return {}
    def t(zh: str, en: str) -> str:
        return zh if lang == "zh" else en

    labels = [p.period.label.get(lang) for p in ov.trend]
    out = {
        "trend": charts.bar_trend(
            f"trend-{lang}", t("每月筹集与使用", "Raised and spent by month"), labels,
            [(t("筹集", "Raised"), [p.raised for p in ov.trend]), (t("使用", "Spent"), [p.spent for p in ov.trend])],
            t("最近十二个月每月筹集和使用的金额，数字见下表。", "Money raised and spent in each of the last twelve months; the table below gives the numbers."),
        )
    }
    if ov.year.sources:
        out["sources"] = charts.horizontal(
            f"sources-{lang}", t(f"{ov.year.period.label.zh}资金来源", f"Sources {ov.year.period.label.en}"),
            [(line.label.get(lang), line.amount) for line in ov.year.sources],
            t("本年度按来源类别的筹集金额。", "Money raised this year by kind of source."), t("其他", "Other"),
        )
    if ov.year.uses:
        out["uses"] = charts.horizontal(
            f"uses-{lang}", t(f"{ov.year.period.label.zh}资金使用", f"Uses {ov.year.period.label.en}"),
            [(line.label.get(lang), line.amount) for line in ov.year.uses],
            t("本年度按用途类别（各类帮扶及运行费用）的使用金额。", "Money spent this year by kind of use (each kind of aid, and running costs)."), t("其他", "Other"),
        )
    return out


def _fund_charts(fund: Fund, lang: str) -> dict[str, Markup]:
    if not fund.months:
        return {}
    def t(zh: str, en: str) -> str:
        return zh if lang == "zh" else en

    months = fund.months[-24:]
    return {
        "months": charts.bar_trend(
            f"fund-{fund.ref.slug}-{lang}", t("每月筹集与使用", "Raised and spent by month"),
            [m.period.label.get(lang) for m in months],
            [(t("筹集", "Raised"), [m.raised for m in months]), (t("使用", "Spent"), [m.spent for m in months])],
            t("本基金每月筹集和使用的金额，数字见下表。", "This fund's money raised and spent by month; the table gives the numbers."),
        )
    }


