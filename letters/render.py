"""Letters and statements to PDF: the site's Jinja2 templates, then publish/pdf.py.

Templates live in site_templates/letters/ and are looked up the same way as the site's:
the user's own folder first (`--templates DIR`, holding e.g. `letters/letter.html`), then
the project's defaults. A template may `{% extends %}` a default one.
"""

from __future__ import annotations

import datetime
import hashlib
import re
from decimal import Decimal
from pathlib import Path
from typing import Any

from letters.model import ANONYMOUS_EN, ANONYMOUS_ZH, Centre, Letter, Statement
from letters.qr import qr_data_uri
from publish.capitals import format_amount
from publish.currencies import number_text
from publish.labels import Label, english_plural
from publish.pdf import PdfRenderer, Rendered, fonts_version

#: Every template a letter or statement is made from (their sources are in the content hash).
TEMPLATE_NAMES = ("letters/base.html", "letters/letter.html", "letters/statement.html", "letters/_parts.html", "letters/letters.css")
_MONTHS = ("January", "February", "March", "April", "May", "June", "July", "August", "September", "October", "November", "December")
VALUATIONS = {
    "invoice": ("按发票金额", "invoice"),
    "market": ("按市场价格", "market price"),
    "donor": ("按捐赠方提供的价值", "value stated by the donor"),
}


def default_templates_dir() -> Path:
    """The project's own templates (site_templates/), searched after the user's folder."""
    import site_templates

    return Path(site_templates.__file__).parent


def longdate(day: datetime.date, lang: str = "zh") -> str:
    """A date as a letter writes it: 2026年3月5日, or 5 March 2026 (no locale involved)."""
    if lang == "zh":
        return f"{day.year}年{day.month}月{day.day}日"
    return f"{day.day} {_MONTHS[day.month - 1]} {day.year}"


def quantity(value: Decimal) -> str:
    """500 -> '500', 12.50 -> '12.5', 1200 -> '1,200'."""
    text = f"{Decimal(value).normalize():,f}"
    return text


def unit(label: Label, quantity: Decimal, lang: str = "zh", plural: Label | None = None) -> str:
    """The unit after a quantity: 袋 in Chinese; in English a space and the unit, plural
    unless the quantity is one ("60 bags", "1 bag", "2 boxes"): "60 bag" read wrong to an
    English-reading donor. The books name units in the singular (`unit_en: "bag"`); the
    plural is `plural` (a GoodsItem's `units`: the books' `unit_en_plural`, else the rule of
    publish.labels.english_plural), else that rule."""
    if lang == "zh":
        return label.zh
    if Decimal(quantity) == 1:
        return " " + label.en
    return " " + (plural.en if plural is not None else english_plural(label.en))


def valuation(value: str, lang: str = "zh") -> str:
    """How goods were valued (the `valuation` metadata) in the letter's language; unknown values as written."""
    zh, en = VALUATIONS.get(value, (value, value))
    return zh if lang == "zh" else en


def unit_value(value: Decimal, quantity: Decimal) -> str:
    """Value per unit: two decimals when exact (58.00) or when they make the value booked to the
    fen (12.345 kg at 5.60, booked 69.13), more when the cost has more (5.825)."""
    per = Decimal(value) / Decimal(quantity)
    cents = per.quantize(Decimal("0.01"))
    exact = cents == per or (cents * Decimal(quantity)).quantize(Decimal("0.01")) == Decimal(value)
    return format_amount(cents) if exact else f"{per.normalize():,f}"


def make_env(templates_dir: str | Path | None = None):
    """The Jinja2 environment: the user's folder first, then the project's templates."""
    import jinja2

    folders = [str(templates_dir)] if templates_dir else []
    folders.append(str(default_templates_dir()))
    env = jinja2.Environment(
        loader=jinja2.FileSystemLoader(folders),
        autoescape=jinja2.select_autoescape(["html", "xml"]),
        undefined=jinja2.StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["money"] = format_amount
    env.filters["units"] = number_text  # an amount in another currency, in its places (JPY 100,000)
    env.filters["longdate"] = longdate
    env.filters["qty"] = quantity
    env.filters["valuation"] = valuation
    env.filters["unit_value"] = unit_value
    env.filters["unit"] = unit
    env.filters["qr"] = qr_data_uri
    env.globals["anonymous"] = {"zh": ANONYMOUS_ZH, "en": ANONYMOUS_EN}
    return env


def templates_fingerprint(templates_dir: str | Path | None = None) -> str:
    """A hash of every template source letters use (a changed template remakes every letter)."""
    env = make_env(templates_dir)
    digest = hashlib.sha256()
    for name in TEMPLATE_NAMES:
        source, _filename, _uptodate = env.loader.get_source(env, name)
        digest.update(name.encode() + b"\0" + source.encode("utf-8") + b"\0")
    digest.update(fonts_version().encode())
    import segno

    digest.update(f"segno {segno.__version__}".encode())  # the QR code is made while rendering
    return digest.hexdigest()


def run_characters(docs, centre: Centre, templates_dir: str | Path | None = None) -> dict[str, int]:
    """Every character a run's documents can show: their models, the centre, the templates'
    text and what the filters add (capitals, dates, valuations). A character left out is not
    lost: the stylesheet falls back to the full system face by name (a bigger letter only).

    Each maps to 1 when every document may show it (templates, centre, capitals, digits) and
    to 0 when only some do (names, goods, funds): the run's faces number the first kind first
    (publish/pdf.py `run_font_files`), so a face that draws only such text (the headings'
    sans bold) keeps few empty glyph slots in each letter. Not counts of documents: the order
    then stays the same when a run adds a letter, and so do the faces (and the update's time).
    """
    import json

    from letters.model import model_dict
    from publish.capitals import CAPITAL_CHARS, PREFIX

    env = make_env(templates_dir)
    chars: set[str] = set(CAPITAL_CHARS) | set(PREFIX) | set("年月日,.-0123456789 ") | set(ANONYMOUS_ZH) | set(ANONYMOUS_EN)
    for zh, en in VALUATIONS.values():
        chars.update(zh + en)
    for name in TEMPLATE_NAMES:
        chars.update(env.loader.get_source(env, name)[0])
    chars.update(json.dumps(model_dict(centre), ensure_ascii=False, default=str))
    seal = centre.seal or ""
    if seal.startswith("data:image/svg+xml;base64,"):  # an SVG seal's text is drawn with our fonts
        import base64

        chars.update(base64.b64decode(seal.split(",", 1)[1]).decode("utf-8", "replace"))
    found = dict.fromkeys(chars, 1)
    for doc in docs:
        for c in json.dumps(model_dict(doc), ensure_ascii=False, default=str):
            found.setdefault(c, 0)
    return {c: n for c, n in found.items() if c.isprintable() or c == "\u3000"}


_NOTES = re.compile(r"footnote|float\s*:\s*note|::?note-")


def uses_notes(env) -> bool:
    """Whether the templates (the user's own included) use footnotes or notes: only then do
    letters need weasyprint's user-agent rules for them (publish/pdf.py `_html_class`)."""
    return any(_NOTES.search(env.loader.get_source(env, name)[0]) for name in TEMPLATE_NAMES)


class LetterRenderer:
    """Renders letters and statements; keeps one PdfRenderer (fonts loaded once)."""

    def __init__(self, templates_dir: str | Path | None = None, *, pdfa: bool = False, fonts: dict[str, Path] | None = None) -> None:
        self.env = make_env(templates_dir)
        # The stylesheet is parsed once per renderer, not once per letter.
        css = self.env.get_template("letters/letters.css").render()
        self.pdf = PdfRenderer((css,), pdfa=pdfa, fonts=fonts, notes=uses_notes(self.env))

    def html(self, doc: Letter | Statement, centre: Centre) -> str:
        """The document's HTML from its template (letter or statement)."""
        context: dict[str, Any] = {"centre": centre, "lang": doc.language}
        if isinstance(doc, Letter):
            context.update(letter=doc, created=doc.signed)
            return self.env.get_template("letters/letter.html").render(context)
        context.update(statement=doc, created=doc.issued)
        return self.env.get_template("letters/statement.html").render(context)

    def render(self, doc: Letter | Statement, centre: Centre) -> Rendered:
        """The document as PDF bytes, with the characters no font could draw."""
        return self.pdf.render(self.html(doc, centre))
