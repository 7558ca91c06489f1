"""The Jinja environment of the site and the annual report: loaders, filters, globals.

One environment for the site's pages (publish/site.py) and the annual-report PDF
(publish/annual.py), so a number, a date or an amount of money reads the same in both.
The user's template folder comes first, then the shipped templates (site_templates/); the
filters format values for a language, the globals make relative links, and `fragment`
renders a part that thousands of pages share only once.

Templates see only what they are given: the public model's objects (publish/model.py) and
the page's context (publish/pages.py). Nothing here reads the books.
"""

from __future__ import annotations

import datetime
import re
import traceback
import unicodedata
from decimal import Decimal
from importlib import resources
from pathlib import Path
from typing import Any

import jinja2
from markupsafe import Markup

from ledger.said import Said, said
from publish.about import render_markdown
from publish.capitals import gift_capitals
from publish.currencies import number_text
from publish.model import Label
from publish.template_cache import attach as keep_compiled

#: how `money` writes a currency it knows (others follow the amount as their code: 1.00 USD)
CURRENCY_SYMBOLS = {"CNY": "¥", "USD": "$", "EUR": "€", "GBP": "£", "HKD": "HK$", "JPY": "JP¥"}


def shipped_templates() -> Path:
    """The folder of the templates shipped with relief (the site_templates package)."""
    return Path(str(resources.files("site_templates")))


#: the template files of a user's folder (the other files there may be images, read as bytes)
_TEMPLATE_SUFFIXES = (".html", ".css", ".txt", ".xml", ".md")

#: What a mistake in a template's own expressions raises (besides Jinja's errors, which the
#: commands catch first): `{{ a.b }}` on a value without b, `{{ "x" + 1 }}`, and arithmetic:
#: `{{ used / received }}` for a fund that received nothing raised ZeroDivisionError, which
#: the commands took for a bug of relief's ("internal error ... please report them") and
#: named no template. Whether one came from the user's folder is `template_failure`'s to say.
#: RecursionError too: a template that includes itself, or a macro that calls itself without
#: end, was an internal error naming no template.
TEMPLATE_MISTAKES: tuple[type[Exception], ...] = (LookupError, AttributeError, TypeError, ValueError, ArithmeticError,
                                                  RecursionError)


def template_failure(exc: BaseException, templates: str | Path | None) -> Said | None:
    """Where in the user's `templates` folder `exc` came from, and what it was:
    "FILE:LINE: template error: ...", or None when it did not come from there (a bug).

    Why: a mistake in one's own template (a syntax error, a name the page does not have, a
    file saved in another encoding) stopped `relief letters` and `relief report` with an
    internal error, and `relief publish` on a template not saved as UTF-8; publish named no
    file for a name the page does not have. Jinja puts template lines in tracebacks; a
    worker process's traceback comes as a note or as the exception's cause. A Said: its
    Chinese (`.zh`) for the Chinese half of the message it goes into."""
    if isinstance(exc, jinja2.TemplateSyntaxError):
        return said(f"{exc.filename or exc.name}:{exc.lineno}：模板错误：{exc.message}",
                    f"{exc.filename or exc.name}:{exc.lineno}: template error: {exc.message}")
    if templates is None:
        return None
    root = Path(templates).resolve()
    if isinstance(exc, UnicodeDecodeError):
        for path in sorted(root.rglob("*")):
            if path.suffix.lower() in _TEMPLATE_SUFFIXES and path.is_file():
                data = path.read_bytes()
                try:
                    data.decode("utf-8")
                except UnicodeDecodeError as bad:
                    line = data[: bad.start].count(b"\n") + 1
                    return said(f"{path}:{line}：模板错误：不是 UTF-8 文本（{bad.reason}）；请把模板另存为 UTF-8",
                                f"{path}:{line}: template error: not UTF-8 text ({bad.reason}); save the template as UTF-8")
        return None
    places = [(frame.filename, frame.lineno) for frame in traceback.extract_tb(exc.__traceback__)]
    texts = [*getattr(exc, "__notes__", ()), str(exc.__cause__ or "")]
    for text in texts:
        places += [(name, int(line)) for name, line in re.findall(r'File "([^"]+)", line (\d+)', text)]
    ours = [(name, line) for name, line in places
            if not name.startswith("<") and Path(name).resolve().is_relative_to(root)]
    if not ours:
        return None
    name, line = ours[-1]
    if isinstance(exc, RecursionError):
        return said(f"{name}:{line}：模板错误：RecursionError：模板无尽地包含或调用自身（include、extends 或宏又回到了它自己）",
                    f"{name}:{line}: template error: RecursionError: the template includes or calls itself without end "
                    "(an include, extends or macro that leads back to itself)")
    return said(f"{name}:{line}：模板错误：{type(exc).__name__}: {exc}", f"{name}:{line}: template error: {type(exc).__name__}: {exc}")


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
    env.filters.update(money=format_money, num=format_number, L=_label, date=_date, pct=_pct, markdown=render_markdown,
                       as_written=_as_written, capitals=gift_capitals, whole=whole,
                       codes=codes, address=address, units=format_units)
    env.globals.update(T=_T, url=_url, asset=_asset, Label=Label, fragment=_fragment, verification=None)
    env.fragment_cache = {}  # type: ignore[attr-defined]  # one publish's rendered fragments
    return keep_compiled(env)  # compiled templates kept between runs (publish/template_cache.py)


def format_number(value: Decimal | int | None, places: int | None = None) -> str:
    """The `num` filter: a count or quantity with thousands separators, as many decimals as it has (or `places`); a dash for None."""
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
    """The `money` filter: ¥1,234.50, -¥5.00, or 12.00 USD for a currency without a symbol; a dash for None (a suppressed cell)."""
    if value is None:
        return "—"
    return money_text(Decimal(value), currency or ctx["site"].currency)


def money_text(value: Decimal, currency: str) -> str:
    """¥1,234.50, -¥5.00, JP¥100,000 or 1.250 KWD: the amount in its currency's places
    (publish/currencies.py), with the currency's symbol where relief knows one."""
    text = number_text(abs(value), currency)
    sign = "-" if value < 0 else ""
    symbol = CURRENCY_SYMBOLS.get(currency)
    return f"{sign}{symbol}{text}" if symbol else f"{sign}{text} {currency}"


def format_units(value: Decimal | None, currency: str) -> str:
    """The `units` filter: an amount held in `currency`, without its symbol, in that
    currency's places (100,000 for yen, 1,000.00 for dollars); a dash for None."""
    if value is None:
        return "—"
    return number_text(Decimal(value), currency)


@jinja2.pass_context
def _label(ctx, value: Label | None) -> str:
    if value is None:
        return ""
    return value.get(ctx["lang"])


@jinja2.pass_context
def _date(ctx, value: datetime.date | None) -> str:
    if value is None:
        return "—"
    return f"{value.year}年{value.month}月{value.day}日" if ctx["lang"] == "zh" else whole(value)


#: the most columns (a Chinese character counts two) a hyphenated value may take and still be
#: kept on one line by `whole`: at 320 px an acknowledgement's paragraph holds about 246 px,
#: and a value of 20 columns takes 160-190 px of the site's type (HOLIDAY-2026-closing 181 px,
#: 民募〔2026〕-0012号 172 px); a longer one may break at its hyphens rather than run out of the page
WHOLE_MAX = 20


def _columns(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in ("W", "F") else 1 for ch in text)


def whole(value: datetime.date | str) -> Markup:
    """The `whole` filter: a date (as ISO 8601) or a number with hyphens in it (a receipt or
    an approval number), kept on one line: <span class="nw"> (white-space: nowrap in
    site.css). Why: on a phone Chromium broke "2026-" at a line's end and "03-14" on the next,
    and so receipt and approval numbers. Markup rather than U+2011: what a reader copies, and
    what a screen reader reads, stays the text as written. A value without a hyphen, or too
    long for a phone's line (WHOLE_MAX), is only escaped."""
    if isinstance(value, datetime.date):  # ten columns, nothing to escape (on every acknowledgement page)
        return Markup(f'<span class="nw">{value.isoformat()}</span>')
    text = str(value)
    if "-" not in text or _columns(text) > WHOLE_MAX:
        return Markup.escape(text)
    return Markup('<span class="nw">%s</span>') % text


def address(text: str) -> Markup:
    """The `address` filter: an e-mail or web address that breaks only after its @, ://
    or slashes, or at its dots.

    On the about page at 300-317 px Chromium broke the centre's address at its hyphen
    ("bangfu@jianglin-" at a line's end, "union.example.org" on the next), which reads as
    two addresses, or one without the hyphen. Each part between the @ and the dots is kept
    whole when it has a hyphen (<span class="nw">, as `whole`: one too long for a phone's line,
    WHOLE_MAX, is left free), and a <wbr> after the @ and each dot lets the line break there.
    Markup only: the link, what a reader copies and what a screen reader reads are the
    address as written. The site's own address on the about page is written so too: with
    `overflow-wrap: anywhere` alone it broke at any letter (`https://bangfu.jianglin-un` /
    `ion.example.org/…`)."""
    out = []
    for i, part in enumerate(re.split(r"(://|[@./])", str(text))):
        if i % 2:
            out.append(Markup.escape(part) + Markup("<wbr>"))
        else:
            out.append(whole(part))
    return Markup("").join(out)


#: a hyphenated code or name in a help text: an option (--since), or letters and digits joined by
#: hyphens, with a file name's or version's dotted tail (ABCD-EFGH, SHA-256, CC-BY-4.0,
#: my-checkpoint.txt); the letters and digits around it are not part of it
_CODE = re.compile(r"(?<![A-Za-z0-9_.-])(?:--[a-z]+(?:-[a-z]+)*|[A-Za-z0-9]+(?:-[A-Za-z0-9]+)+(?:\.[A-Za-z0-9]+)*)(?![A-Za-z0-9_-])")


def _is_code(token: str) -> bool:
    """A token `codes` keeps whole: an option, or one with a capital, a digit or a file
    name's dotted tail. An English compound (byte-order, co-signed) may break as prose does."""
    return token.startswith("--") or "." in token or any(c.isupper() or c.isdigit() for c in token)


def codes(text: str | None) -> Markup:
    """The `codes` filter: a help text with each hyphenated code or name in it kept on one line
    (`whole`), the rest escaped. Why: the verify page told donors their letter's code looks
    "like ABCD-EFGH", and on a phone Chromium drew "ABCD-" at one line's end and "EFGH" on the
    next; so my-page.html, SHA-256, YYYY-MM and the licence CC-BY-4.0 on the data and about
    pages. What a reader copies stays the text as written."""
    text = text or ""
    out, at = [], 0
    for m in _CODE.finditer(text):
        if not _is_code(m.group()):
            continue
        out += [Markup.escape(text[at:m.start()]), whole(m.group())]
        at = m.end()
    out.append(Markup.escape(text[at:]))
    return Markup("").join(out)


def _pct(part: Decimal, whole: Decimal) -> str:
    """`part` as a share of `whole`, to a tenth of a per cent. A part that is not zero never
    reads 0.0% (¥789.00 of bank charges in ¥3,589,746.85 spent read as nothing): it reads
    <0.1%; nor one that is not the whole 100.0%: >99.9%."""
    if not whole:
        return "—"
    part, whole = Decimal(part), Decimal(whole)
    shown = f"{(part * 100 / whole):.1f}"
    if part and whole > 0 and 0 < part < whole:
        if shown == "0.0":
            return "<0.1%"
        if shown == "100.0":
            return ">99.9%"
    return f"{shown}%"


#: a Chinese character (CJK unified ideographs and their extension A)
_HAN = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")


@jinja2.pass_context
def _as_written(ctx, text: str | None) -> Markup:
    """A text the centre wrote in one language only (a transfer's reason), as the page shows it:
    on the English side, Chinese text is marked as the original (lang="zh-CN", "(original
    text, in Chinese)"). Why: "(金秋助学专项结余转入一般资金, approval …)" stood in English
    sentences as if it were English, unmarked for the reader and for a screen reader."""
    text = text or ""
    if ctx["lang"] == "zh" or not _HAN.search(text):
        return Markup.escape(text)
    return Markup('<span lang="zh-CN">{}</span> (original text, in Chinese)').format(text)


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
    but no `page`, so it cannot differ between the pages that share it."""
    return render_fragment(ctx.environment, ctx["site"], ctx["lang"], _root(ctx), name, values)


def render_fragment(env: jinja2.Environment, site: Any, lang: str, root: str, name: str, values: dict[str, Any]) -> Markup:
    """What `fragment(name, **values)` gives on a page in `lang` at `root` (see _fragment);
    also called, without a template context, by the acknowledgement pages' own renderer
    (publish/ack_page.py), so both share one cache. Values that are model objects are told
    apart by identity (the model does not change during a publish), and are kept with the
    cached text so that identity stays theirs."""
    key = (name, values.get("lang", lang), root, *[(k, v if isinstance(v, _PLAIN) else id(v)) for k, v in values.items()])
    cache = env.fragment_cache
    hit = cache.get(key)
    if hit is None:
        html = env.get_template(name).render({"site": site, "lang": lang, "root": root, **values})
        hit = cache[key] = (Markup(html), values)
    return hit[0]
