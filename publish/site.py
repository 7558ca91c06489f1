"""Generate the static site from the public model.

The pipeline (like Pelican's): books → public model (publish/model.py) → pages rendered
from site_templates/ → SiteWriter (publish/writer.py), which swaps the new site in.

Every page exists in Chinese at PATH and in English at en/PATH, rendered from the same
template with `lang` set; acknowledgement pages are one page with both languages. Links are
relative, so the site works from a web server's sub-folder or straight from the disk.

Extra generators (the hook the annual-report PDF uses): a callable `gen(build)` passed to
`publish_site(..., extra_generators=[...])` runs before
the pages are rendered. It may write files with `build.write(path, bytes)` and offer them
on the reports page with `build.add_download(path, Label(zh, en))`. It sees only
`build.model` (the public model) and `build.options`.
"""

from __future__ import annotations

import datetime
import hashlib
import importlib.metadata
from collections.abc import Callable, Iterable
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from ledger.files import atomic_write_text
from ledger.timings import count, phase, record
from publish import charts, opendata, parallel
from publish.about import render_markdown
from publish.labels import Label
from publish.model import Fund, PublicModel
from publish.writer import SiteWriter, WriteStats

LANGS = ("zh", "en")
CURRENCY_SYMBOLS = {"CNY": "¥", "USD": "$", "EUR": "€", "GBP": "£", "HKD": "HK$", "JPY": "JP¥"}

Generator = Callable[["Build"], None]

#: template -> the names its context holds besides the common ones (documented in docs/publishing.md)
COMMON_CONTEXT = ("site", "lang", "page", "nav")
PAGE_CONTEXT: dict[str, tuple[str, ...]] = {
    "overview.html": ("overview", "funds", "charts"),
    "funds.html": ("funds",),
    "fund.html": ("fund", "charts"),
    "donors.html": ("rolls",),
    "roll.html": ("roll",),
    "aid.html": ("aid",),
    "aid_year.html": ("aid_year",),
    "reports.html": ("reports", "downloads"),
    "report.html": ("report",),
    "data.html": ("datasets", "licence"),
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


@dataclass
class Build:
    """What a generator gets: the public model, a way to write files and offer downloads."""

    model: PublicModel
    writer: SiteWriter
    options: dict[str, Any] = field(default_factory=dict)
    downloads: list[tuple[str, Label]] = field(default_factory=list)
    cache: AckCache | None = None
    jobs: int = 1
    #: files being made in workers (path, cache key, Forked), and those waiting for a free core (path, cache key, make)
    pending: list[tuple[str, str | None, Any]] = field(default_factory=list)
    queued: list[tuple[str, str | None, Callable[[], bytes | str]]] = field(default_factory=list)

    def write(self, path: str, content: bytes | str) -> str:
        return self.writer.write(path, content)

    def write_cached_in_background(self, path: str, inputs: str, make: Callable[[], bytes | str]) -> None:
        """Like write_cached, but when the file must be made and there are several cores,
        `make()` runs in a worker process while the pages are rendered; the file is
        written before the site is swapped in (finish()). `make` runs in a fork of this
        process, so it must only compute and return the bytes.

        At most jobs - 1 such files are made at once while pages are still to come (one core
        stays for the pages); the others wait for a free core."""
        if self.jobs <= 1 or not parallel.fork_available():
            self.write_cached(path, inputs, make)
            return
        key, reused = self._from_cache(path, inputs)
        if reused is None:
            self.queued.append((path, key, make))
            self.start_queued(self.jobs - 1)

    def start_queued(self, cores: int) -> None:
        """Start waiting files while fewer than `cores` are being made."""
        while self.queued and len(self.pending) < cores:
            path, key, make = self.queued.pop(0)
            self.pending.append((path, key, parallel.Forked(make)))

    def running(self) -> list[Any]:
        """The workers making files now (Forked)."""
        return [job for _path, _key, job in self.pending]

    def collect(self, job: Any) -> None:
        """Write the file a finished worker made (raises the worker's error)."""
        i = next(i for i, entry in enumerate(self.pending) if entry[2] is job)
        path, key, _job = self.pending.pop(i)
        sha = self.write(path, job.result())
        record(f"made in a worker: {path}", *job.seconds)
        if key is not None:
            self.cache.record(key, sha, self.writer.stamp(path))

    def finish(self) -> None:
        """Make and write every file still waiting or being made (raises a worker's error)."""
        self.start_queued(self.jobs)
        while self.pending:
            for job in parallel.wait_any(self.running()):
                self.collect(job)
            self.start_queued(self.jobs)

    def cancel(self) -> None:
        """Stop every worker still running (a failed publish)."""
        for _path, _key, job in self.pending:
            job.cancel()
        self.pending.clear()
        self.queued.clear()

    def write_cached(self, path: str, inputs: str, make: Callable[[], bytes | str]) -> str:
        """Write `path` with the bytes `make()` returns, or, when `inputs` (a digest of
        everything the file is made of) is the one recorded by the previous publish, take
        the previous site's file unchanged without calling `make` (for files that are slow
        to make, like the annual-report PDFs). Returns the file's SHA-256."""
        key, reused = self._from_cache(path, inputs)
        if reused is not None:
            return reused
        sha = self.write(path, make())
        if key is not None:
            self.cache.record(key, sha, self.writer.stamp(path))
        return sha

    def _from_cache(self, path: str, inputs: str) -> tuple[str | None, str | None]:
        """(cache key, SHA-256 of the previous site's file if it was taken unchanged)."""
        if self.cache is None:
            return None, None
        key = self.cache.key(path, inputs)
        reused = self.cache.reuse(self.writer, path, key)
        count("slow files (PDF): " + ("taken from the previous site" if reused else "made"))
        return key, reused

    def add_download(self, path: str, label: Label) -> None:
        self.downloads.append((path, label))


NAV = (
    ("index.html", "overview", Label("总览", "Overview")),
    ("funds/index.html", "funds", Label("基金", "Funds")),
    ("donors/index.html", "donors", Label("鸣谢名单", "Donors")),
    ("aid/index.html", "aid", Label("帮扶", "Aid")),
    ("reports/index.html", "reports", Label("报告", "Reports")),
    ("data/index.html", "data", Label("公开数据", "Open data")),
    ("about.html", "about", Label("关于本中心", "About")),
)


# --------------------------------------------------------------------------- templates


def shipped_templates() -> Path:
    return Path(str(resources.files("site_templates")))


def make_environment(user_templates: str | Path | None = None) -> jinja2.Environment:
    """Jinja2 with the user's folder first, then the shipped templates.

    `{% extends "default/base.html" %}` in a user template reaches the shipped version of a
    template even when the user's folder overrides that name.
    """
    shipped = jinja2.FileSystemLoader(str(shipped_templates()))
    loaders: list[jinja2.BaseLoader] = []
    if user_templates is not None:
        loaders.append(jinja2.FileSystemLoader(str(user_templates)))
    loaders += [shipped, jinja2.PrefixLoader({"default": shipped}, delimiter="/")]
    env = jinja2.Environment(
        loader=jinja2.ChoiceLoader(loaders),
        autoescape=True,
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
        keep_trailing_newline=True,
        auto_reload=False,  # templates do not change during a publish: no stat per lookup
    )
    env.filters.update(money=format_money, num=format_number, L=_label, date=_date, pct=_pct, markdown=render_markdown)
    env.globals.update(T=_T, url=_url, asset=_asset, Label=Label, fragment=_fragment, verification=None)
    env.fragment_cache = {}  # type: ignore[attr-defined]  # one publish's rendered fragments
    return env


def format_number(value: Decimal | int | None, places: int | None = None) -> str:
    if value is None:
        return "—"
    if isinstance(value, int) and places is None:
        return f"{value:,}"
    d = Decimal(value)
    if places is None:
        places = 0 if d == d.to_integral_value() else max(0, -d.normalize().as_tuple().exponent)
    return f"{d:,.{places}f}"


@jinja2.pass_context
def format_money(ctx, value: Decimal | None, currency: str | None = None) -> str:
    if value is None:
        return "—"
    currency = currency or ctx["site"].currency
    text = f"{abs(Decimal(value)):,.2f}"
    sign = "-" if value < 0 else ""
    symbol = CURRENCY_SYMBOLS.get(currency)
    return f"{sign}{symbol}{text}" if symbol else f"{sign}{text} {currency}"


@jinja2.pass_context
def _label(ctx, value: Label | None) -> str:
    if value is None:
        return ""
    return value.get(ctx["lang"])


@jinja2.pass_context
def _date(ctx, value: datetime.date | None) -> str:
    if value is None:
        return "—"
    return f"{value.year}年{value.month}月{value.day}日" if ctx["lang"] == "zh" else value.isoformat()


def _pct(part: Decimal, whole: Decimal) -> str:
    if not whole:
        return "—"
    return f"{(Decimal(part) * 100 / Decimal(whole)):.1f}%"


@jinja2.pass_context
def _T(ctx, zh: str, en: str) -> str:
    return zh if ctx["lang"] == "zh" else en


def _root(ctx) -> str:
    """The relative way up to the site's root from the page being rendered ("" at the top).

    A fragment has no page of its own, only the `root` of the pages that share it."""
    if "page" in ctx:
        return "../" * ctx["page"].path.count("/")
    return ctx["root"]


@jinja2.pass_context
def _url(ctx, target: str, lang: str | None = None) -> str:
    """Relative link from this page to another page in the same (or the given) language."""
    lang = lang or ctx["lang"]
    return _root(ctx) + (target if lang == "zh" else "en/" + target)


@jinja2.pass_context
def _asset(ctx, target: str) -> str:
    """Relative link to a language-independent file (CSS, data)."""
    return _root(ctx) + target


_PLAIN = (str, int, float, bool, Decimal, datetime.date, type(None))


@jinja2.pass_context
def _fragment(ctx, name: str, **values: Any) -> Markup:
    """Render the partial template `name` once per distinct values, then reuse it.

    For a part that thousands of pages share word for word: the fund's use on every
    acknowledgement page of that fund. The partial sees `site`, `lang` and `root` (the way up
    to the site's root, which url() and asset() use) plus `values` (which may set `lang`),
    but no `page`, so it cannot differ between the pages that share it. Values that are
    model objects are told apart by identity (the model does not change during a publish),
    and are kept with the cached text so that identity stays theirs.
    """
    env = ctx.environment
    root = _root(ctx)
    lang = values.get("lang", ctx["lang"])
    key = (name, lang, root, *[(k, v if isinstance(v, _PLAIN) else id(v)) for k, v in values.items()])
    cache = env.fragment_cache
    hit = cache.get(key)
    if hit is None:
        html = env.get_template(name).render({"site": ctx["site"], "lang": ctx["lang"], "root": root, **values})
        hit = cache[key] = (Markup(html), values)
    return hit[0]


# --------------------------------------------------------------------------- pages


@dataclass(frozen=True)
class PageSpec:
    path: str  # the Chinese page's path; the English one is en/PATH
    template: str
    title: Label
    section: str
    context: dict[str, Any]
    bilingual_single: bool = False  # one page with both languages (acknowledgements)


def _pages(model: PublicModel, downloads: list[tuple[str, Label]], verification: Any = None) -> Iterable[PageSpec]:
    funds_by_id = {f.ref.id: f for f in model.funds}
    yield PageSpec("index.html", "overview.html", Label("总览", "Overview"), "overview",
                   {"overview": model.overview, "funds": model.funds, "charts": None})
    yield PageSpec("funds/index.html", "funds.html", Label("基金", "Funds"), "funds", {"funds": model.funds})
    for f in model.funds:
        yield PageSpec(f"funds/{f.ref.slug}.html", "fund.html", f.ref.name, "funds", {"fund": f, "charts": None})
    yield PageSpec("donors/index.html", "donors.html", Label("鸣谢名单", "Donors"), "donors", {"rolls": model.rolls})
    for roll in model.rolls:
        yield PageSpec(f"donors/{roll.period.key}.html", "roll.html", Label(f"{roll.period.label.zh}鸣谢名单", f"Donors {roll.period.label.en}"), "donors", {"roll": roll})
    yield PageSpec("aid/index.html", "aid.html", Label("帮扶", "Aid"), "aid", {"aid": model.aid})
    for ay in model.aid:
        yield PageSpec(f"aid/{ay.period.key}.html", "aid_year.html", Label(f"{ay.period.label.zh}帮扶情况", f"Aid {ay.period.label.en}"), "aid", {"aid_year": ay})
    yield PageSpec("reports/index.html", "reports.html", Label("报告", "Reports"), "reports", {"reports": model.reports, "downloads": tuple(downloads)})
    for r in model.reports:
        kind = {"year": ("年度报告", "annual report"), "quarter": ("季度报告", "quarterly report"), "month": ("月度报告", "monthly report")}[r.period.kind]
        yield PageSpec(f"reports/{r.period.key}.html", "report.html", Label(f"{r.period.label.zh}{kind[0]}", f"{r.period.label.en} {kind[1]}"), "reports", {"report": r})
    yield PageSpec("data/index.html", "data.html", Label("公开数据", "Open data"), "data",
                   {"datasets": opendata.DATASETS, "licence": model.about.licence if model.about else None})
    yield PageSpec("about.html", "about.html", Label("关于本中心", "About the centre"), "about", {"about": model.about})
    yield PageSpec("verify/index.html", "verify.html", Label("核验", "Verify"), "data", {"verification": verification})
    yield PageSpec("ack/index.html", "ack_index.html", Label("捐赠致谢", "Acknowledgements"), "ack", {}, bilingual_single=True)
    for d in model.donations:
        if d.ack_path:
            yield PageSpec(d.ack_path, "ack.html", Label(f"捐赠致谢 {d.receipt}", f"Acknowledgement {d.receipt}"), "ack",
                           {"donation": d, "fund": funds_by_id.get(d.fund.id)}, bilingual_single=True)


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
            t("本年度按帮扶类别的使用金额。", "Money spent this year by category."), t("其他", "Other"),
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


class AckCache:
    """Remembers which acknowledgement page came out of which inputs, to skip re-rendering.

    There is one acknowledgement page per donation (tens of thousands in large books); after
    one new donation almost all of them are unchanged. The cache maps
    SHA-256(page path, digest of the page's inputs) to the SHA-256 of the page and the file's
    inode, size and modification time, so a page whose inputs did not change is hard-linked
    from the previous site without rendering (the writer checks the file is still the one
    it wrote). It holds
    only hashes (no address can be read from it) and lives beside the site, not in it:
    `.NAME.publish-cache` next to the output folder NAME. Its `signature` covers the
    package version and every template file, so a changed template renders everything again.
    Generators use it too, through `Build.write_cached` (the annual-report PDFs).
    """

    VERSION = 1

    def __init__(self, out: Path, signature: str):
        self.path = out.parent / f".{out.name}.publish-cache"
        self.signature = signature
        self.old: dict[str, list] = {}  # key -> [sha256, inode, size, mtime_ns]
        self.new: dict[str, list] = {}
        try:
            with open(self.path, encoding="ascii") as fh:
                if fh.readline().split() == [f"relief-publish-cache-{self.VERSION}", signature]:
                    for line in fh:
                        key, sha, ino, size, mtime = line.split()
                        self.old[key] = [sha, int(ino), int(size), int(mtime)]
        except (OSError, ValueError, UnicodeDecodeError):
            self.old = {}

    @staticmethod
    def key(path: str, digest: str) -> str:
        return hashlib.sha256(f"{path}\0{digest}".encode()).hexdigest()

    def reuse(self, writer: SiteWriter, path: str, key: str) -> str | None:
        """Take `path` from the previous site when `key` is recorded for the very file
        there; returns its SHA-256 (None, and nothing staged, otherwise)."""
        known = self.old.get(key)
        if known and writer.reuse(path, known[0], tuple(known[1:])):
            self.new[key] = known
            return known[0]
        return None

    def record(self, key: str, sha256: str, stamp: tuple[int, int, int]) -> None:
        self.new[key] = [sha256, *stamp]

    def save(self) -> None:
        lines = [f"relief-publish-cache-{self.VERSION} {self.signature}\n"]
        lines += [f"{k} {v[0]} {v[1]} {v[2]} {v[3]}\n" for k, v in sorted(self.new.items())]
        body = "".join(lines)
        try:
            atomic_write_text(self.path, body, fsync=False)
        except OSError:
            pass  # only a cache: the next publish renders every page


def template_signature(user_templates: str | Path | None) -> str:
    """A hash of the package version and every template file (user's and shipped)."""
    h = hashlib.sha256()
    try:
        h.update(importlib.metadata.version("relief-ledger").encode())
    except importlib.metadata.PackageNotFoundError:
        pass
    for root in [p for p in (user_templates, shipped_templates()) if p is not None]:
        root = Path(root)
        for path in sorted(root.rglob("*")):
            if path.is_file() and "__pycache__" not in path.parts:
                h.update(path.relative_to(root).as_posix().encode() + b"\0" + path.read_bytes() + b"\0")
        h.update(b"\1")
    return h.hexdigest()


def _ack_digest(spec: PageSpec, model: PublicModel, shipped_ack: bool, memo: dict) -> str:
    """What an acknowledgement page is made of; with the shipped template only what it shows."""
    fund = spec.context.get("fund")
    fid = fund.ref.id if fund else None
    if fid not in memo:
        if fund is None:
            memo[fid] = "-"
        elif shipped_ack:
            memo[fid] = repr((fund.ref, fund.spent, fund.uses))
        else:
            memo[fid] = repr(fund)
    if "site" not in memo:
        site = model.site
        memo["site"] = repr((site.name, site.currency, site.site_url, site.min_published_count, site.skipped_currencies)) if shipped_ack else repr(site)
    d = spec.context["donation"]
    # the receipt fixes the path and the title; the donation's own fields, flat (a nested
    # dataclass repr costs more than the page is worth)
    goods = repr(d.goods) if d.goods else ""
    proof = memo["verification"].cache_key(d.receipt) if memo["verification"] is not None else ""
    text = f"{proof}\0{d.receipt}\0{d.date}\0{d.amount}\0{d.currency}\0{goods}\0{d.fund.id}\0{d.source}\0{d.donor_kind}\0{d.donor_name}\0{d.anonymous}\0{d.ack_path}\0{d.ack_url}\0{memo[fid]}\0{memo['site']}"
    return hashlib.sha256(text.encode("utf-8")).hexdigest()


#: fewer pages to render than this are not worth a worker process
PARALLEL_MIN_PAGES = 2000
#: the pages are cut into about this many shares per job, taken by the workers one by one
PARALLEL_SHARES_PER_JOB = 8


def render_pages(env: jinja2.Environment, model: PublicModel, build: Build, cache: AckCache | None = None) -> None:
    nav = NAV
    templates: dict[str, jinja2.Template] = {}
    shipped_ack = all(
        Path(env.get_template(name).filename or "").resolve().is_relative_to(shipped_templates().resolve())
        for name in ("ack.html", "base.html", "_ack_fund_use.html")
    )
    memo: dict = {"verification": env.globals.get("verification")}
    singles: list[tuple[PageSpec, jinja2.Template, str | None]] = []  # pages holding both languages, left to render
    for spec in _pages(model, build.downloads, memo["verification"]):
        template = templates.get(spec.template) or templates.setdefault(spec.template, env.get_template(spec.template))
        if spec.bilingual_single:
            key = None
            if cache is not None and "donation" in spec.context:
                key = cache.key(spec.path, _ack_digest(spec, model, shipped_ack, memo))
                if cache.reuse(build.writer, spec.path, key) is not None:
                    count("ack pages: taken from the previous site")
                    continue
            singles.append((spec, template, key))
            continue
        for lang in LANGS:
            path = spec.path if lang == "zh" else "en/" + spec.path
            alternate = "en/" + spec.path if lang == "zh" else spec.path
            page = PageInfo(path, spec.title, spec.section, alternate)
            context = dict(spec.context)
            if "charts" in context:
                context["charts"] = _overview_charts(model, lang) if spec.template == "overview.html" else _fund_charts(context["fund"], lang)
            ctx = {"site": model.site, "lang": lang, "page": page, "nav": nav, **context}
            build.write(path, template.render(ctx))
    count("ack pages: rendered", sum(1 for s in singles if "donation" in s[0].context))
    with phase("acknowledgement pages"):
        _render_singles(singles, model, build, cache)


def _render_singles(singles: list[tuple[PageSpec, jinja2.Template, str | None]], model: PublicModel, build: Build, cache: AckCache | None) -> None:
    """Render the acknowledgement pages (both languages on one page), shared out among
    worker processes when there are many and several cores (publish/parallel.py).

    The pages are cut into shares that the workers take one after the other, so a worker
    started late (when a core comes free because a report PDF is done) still helps, and no
    more processes work at once than --jobs: on this kind of machine a process that must
    share a core with another does a third more work for the same pages.

    The main process only waits meanwhile: the workers are forks of a process holding the
    loaded books, and every page of that memory the main process writes to while they run
    is copied for it first; on 100k transactions its share cost a third more than in a
    worker (measured: 24.8 s of CPU in all instead of 25.9, same elapsed time)."""
    writer = build.writer

    def render(part) -> list[tuple[str, str, bool, tuple[int, int, int], str | None]]:
        done = []
        for spec, template, key in part:
            page = PageInfo(spec.path, spec.title, spec.section, None)
            ctx = {"site": model.site, "lang": "zh", "page": page, "nav": NAV, **spec.context}
            before = len(writer.stats.written)
            sha = writer.write(spec.path, template.render(ctx))
            done.append((spec.path, sha, len(writer.stats.written) > before, writer.stamp(spec.path), key))
        return done

    def remember(done) -> None:
        for _path, sha, _written, stamp, key in done:
            if key is not None and cache is not None:
                cache.record(key, sha, stamp)

    jobs = min(build.jobs, max(1, len(singles) // (PARALLEL_MIN_PAGES // 2)))
    if jobs <= 1 or len(singles) < PARALLEL_MIN_PAGES or not parallel.fork_available():
        remember(render(singles))
        return
    size = max(PARALLEL_MIN_PAGES // 4, -(-len(singles) // (jobs * PARALLEL_SHARES_PER_JOB)))
    shares = [singles[i:i + size] for i in range(0, len(singles), size)]
    for spec, _template, _key in singles:  # folders exist before the workers write into them
        writer._claim_folder(spec.path)
    taken = parallel.Counter()

    def work() -> list:
        done = []
        while (i := taken.take()) < len(shares):
            done += render(shares[i])
        return done

    workers: list[parallel.Forked] = []
    running: list[parallel.Forked] = []

    def start_workers() -> None:
        while len(running) + len(build.pending) < jobs and taken.peek() < len(shares):
            workers.append(parallel.Forked(work))
            running.append(workers[-1])

    start_workers()
    if not running:  # every core is making a file: one worker for the pages all the same
        workers.append(parallel.Forked(work))
        running.append(workers[-1])
    try:
        while running:
            for job in parallel.wait_any(running + build.running()):
                if job in running:
                    running.remove(job)
                    done = job.result()
                    record(f"worker {workers.index(job) + 1} (pages)", *job.seconds)
                    for path, sha, written, stamp, _key in done:
                        writer.record(path, sha, written, stamp)
                    remember(done)
                else:
                    build.collect(job)
            # a core came free: a file waiting to be made first, else another worker for the pages
            build.start_queued(jobs - len(running))
            start_workers()
    finally:
        for worker in workers:
            worker.cancel()


def _assets(build: Build) -> None:
    root = shipped_templates() / "assets"
    for path in sorted(root.rglob("*")):
        if path.is_file():
            build.write("assets/" + path.relative_to(root).as_posix(), path.read_bytes())


def publish_site(
    model: PublicModel,
    out: str | Path,
    *,
    templates: str | Path | None = None,
    extra_generators: Iterable[Generator] = (),
    options: dict[str, Any] | None = None,
    jobs: int | None = None,
    transparency: Any = None,
) -> WriteStats:
    """Render every page and data file into `out`, atomically; returns what was written.

    `transparency` (publish/verification.py) adds the log and the verifier under log/ and
    verify/, and is the templates' `verification` global (proofs on acknowledgement pages)."""
    env = make_environment(templates)
    env.globals["verification"] = transparency
    if transparency is not None:
        extra_generators = [*extra_generators, transparency.generator]
    cache = AckCache(Path(out).absolute(), template_signature(templates))
    with SiteWriter(out) as writer:
        build = Build(model, writer, {**(options or {}), "verification": transparency}, cache=cache, jobs=max(1, jobs or parallel.default_jobs()))
        try:
            with phase("generators (report PDF)"):
                for gen in extra_generators:
                    gen(build)
            _assets(build)
            with phase("pages"):
                render_pages(env, model, build, cache)
            rows: dict[str, int] = {}
            with phase("open data"):
                for path, content in opendata.csv_files(model).items():
                    build.write(path, content)
                    rows[path] = opendata.csv_rows(content)
                build.write("data/model.json", opendata.model_json(model))
            with phase("wait for the report PDF"):
                build.finish()
        finally:
            build.cancel()
        files = dict(writer.files)
        sizes = {p: writer.stamp(p)[1] for p in files if not p.startswith("ack/") or p == "ack/index.html"}
        manifest = opendata.manifest_json(files, sizes=sizes, rows=rows, licence=opendata.licence_json(model))
        writer.write("data/manifest.json", manifest)
        with phase("swap the site in"):
            stats = writer.commit()
    cache.save()
    return stats
