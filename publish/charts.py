"""SVG charts drawn at build time with pygal, readable with JavaScript off.

Each chart is inline SVG with a <title> and a <desc> that say in words what it shows; the
page also prints the same numbers as a table, so nothing depends on the picture. pygal's
interactive JavaScript is switched off (`js=[]`), its random chart id is replaced by a
stable one (so publishing twice gives the same bytes), and the XML declaration is left out
so the SVG can sit inside HTML. pygal escapes every label it draws.

Amounts become floats here only to be drawn; every number printed on a page is Decimal.
"""

from __future__ import annotations

import math
import re
import unicodedata
from collections.abc import Sequence
from decimal import Decimal

import pygal
from markupsafe import Markup, escape
from pygal.style import Style

FONT = "'Noto Sans CJK SC', 'Noto Sans SC', 'Source Han Sans SC', 'PingFang SC', 'Microsoft YaHei', sans-serif"

STYLE = Style(
    background="transparent",
    plot_background="transparent",
    foreground="#333",
    foreground_strong="#111",
    foreground_subtle="#666",
    colors=("#2e7d32", "#c62828", "#1565c0", "#ef6c00", "#6a1b9a", "#00838f", "#795548", "#546e7a"),
    font_family=FONT,
    label_font_family=FONT,
    major_label_font_family=FONT,
    value_font_family=FONT,
    value_label_font_family=FONT,
    tooltip_font_family=FONT,
    title_font_family=FONT,
    legend_font_family=FONT,
    no_data_font_family=FONT,
    label_font_size=12,
    major_label_font_size=12,
    legend_font_size=13,
    title_font_size=16,
)

_CONFIG = dict(
    js=[],
    disable_xml_declaration=True,
    style=STYLE,
    width=760,
    height=360,
    explicit_size=False,
    legend_at_bottom=True,
    legend_at_bottom_columns=2,
    print_values=False,
    show_minor_x_labels=True,
    truncate_label=-1,
    truncate_legend=-1,
    margin=12,
    value_formatter=lambda v: f"{v:,.0f}",
)


#: the width a phone's chart is drawn at, in the SVG's units: at 320 px the page's figure is
#: 288 px wide, so its 12-unit labels show at 11.5 px (the desktop charts, 760 and 520 units
#: wide, showed them at 4.5 and 6.6 px there); site.css shows it under 640 px instead of the
#: desktop one, and never wider than 420 px
PHONE_WIDTH = 300


def _finish(chart: pygal.graph.graph.Graph, chart_id: str, title: str, desc: str, kind: str = "wide") -> Markup:
    chart.uuid = chart_id
    svg = chart.render(is_unicode=True)
    # pygal stamps today's date in a comment; drop its comments so the bytes stay stable
    svg = re.sub(r"<!--.*?-->", "", svg, flags=re.S)
    # pygal always embeds its config as a <script>, even with js=[]; the site runs no script
    svg = re.sub(r"<script\b[^>]*>.*?</script>|<script\b[^>]*/>", "", svg, flags=re.S)
    # a readable description for screen readers and text browsers, after pygal's <title>
    svg = re.sub(r"(<title>.*?</title>)", lambda m: m.group(1) + f"<desc>{escape(desc)}</desc>", svg, count=1, flags=re.S)
    svg = svg.replace("<svg ", f'<svg role="img" aria-label="{escape(title)}" ', 1)
    svg = svg.replace('class="pygal-chart"', f'class="pygal-chart chart-{kind}"', 1)
    return Markup(svg)


def _f(amount: Decimal | None) -> float:
    return float(amount or 0)


def value_ticks(values: Sequence[float], most: int = 6) -> list[float]:
    """Round ticks through 0 past the largest value and, when a value is negative, past the
    smallest, about `most` steps (1, 2, 2.5 or 5 × 10ⁿ).

    pygal's own ticks mix major and minor labels of different sizes, which crowds them
    (300,000 drawn just above 400,000); one evenly spaced set, all major, reads cleanly.
    Why the negative side: a month whose refunds exceeded its gifts (raised -¥50,000) was
    drawn as a long bar below a scale that began at 0, with no figure beside it, and the
    year's sources chart drew such a kind as the largest bar, with its scale labels piled
    up at one end.
    """
    top = max([v for v in values if v > 0], default=0.0)
    bottom = min([v for v in values if v < 0], default=0.0)
    if top - bottom <= 0:
        return [0.0, 1.0]
    raw = (top - bottom) / most
    magnitude = max(1.0, 10.0 ** math.floor(math.log10(raw)))  # whole yuan: labels print no decimals
    step = next(f * magnitude for f in (1, 2, 2.5, 5, 10) if f * magnitude >= raw)
    up, down = int(-(-top // step)), int(-(bottom // step))
    return [step * i for i in range(-down, up + 1)]


def _label_extra(labels: Sequence[str], font_size: int) -> int:
    """Pixels a label needs beyond pygal's estimate (0.6 em a character).

    pygal sizes its label margin as if every character were a narrow Latin one; a Chinese
    character is a full em wide, so without this the start of 社会组织捐赠 is cut off.
    """
    def extra(text: str) -> float:
        return sum(0.45 * font_size for ch in text if unicodedata.east_asian_width(ch) in ("W", "F"))
    return int(max((extra(t) for t in labels), default=0) + 0.5)


def _phone_steps(labels: Sequence[str]) -> int:
    """How many steps of the value scale a phone's chart has room for: its plot is what
    PHONE_WIDTH leaves beside the longest label (pygal's 0.6 em a character, and the room a
    Chinese character needs beyond it), and a value label ("1,500,000") needs about 60
    units of it; at 320 px four steps over "Organisation donations" printed
    "0200,000400,000600,000" in one run."""
    size = STYLE.label_font_size
    longest = max((0.6 * size * len(t) for t in labels), default=0.0) + _label_extra(labels, size)
    plot = PHONE_WIDTH - 2 * _CONFIG["margin"] - 28 - longest
    return max(1, min(4, int(plot // 60)))


def bar_trend(chart_id: str, title: str, labels: Sequence[str], series: Sequence[tuple[str, Sequence[Decimal]]], desc: str) -> Markup:
    """Side-by-side bars per month (raised and spent); for a phone, the same as a bar per
    month and series across the screen, the months down it (`_phone_trend`)."""
    values = [_f(v) for _, vs in series for v in vs]
    chart = pygal.Bar(title=title, x_labels=list(labels), x_label_rotation=30 if len(labels) > 6 else 0,
                      y_labels=value_ticks(values), y_labels_major_every=1, **_CONFIG)
    for name, vs in series:
        chart.add(name, [_f(v) for v in vs])
    return _finish(chart, chart_id, title, desc) + _phone_trend(chart_id, title, labels, series, desc, values)


def _phone_trend(chart_id: str, title: str, labels: Sequence[str], series: Sequence[tuple[str, Sequence[Decimal]]], desc: str,
                 values: Sequence[float]) -> Markup:
    """The month chart drawn for a phone (PHONE_WIDTH units): twelve months side by side left
    each bar a few pixels wide and their labels 4.5 px high at 320 px; down the screen each
    month has a row and its label reads at the labels' own size."""
    rows = len(labels) * max(1, len(series))
    config = dict(_CONFIG, width=PHONE_WIDTH, height=110 + 12 * rows, legend_at_bottom_columns=len(series) or 1,
                  y_labels=value_ticks(values, most=_phone_steps(labels)), y_labels_major_every=1,
                  margin_left=_CONFIG["margin"] + _label_extra(labels, STYLE.label_font_size),
                  margin_right=_CONFIG["margin"] + 28)  # room for half of the last value label
    chart = pygal.HorizontalBar(title=title, x_labels=list(labels)[::-1], **config)
    for name, vs in series:
        chart.add(name, [_f(v) for v in vs][::-1])
    return _finish(chart, f"{chart_id}-phone", title, desc, "phone")


def horizontal(chart_id: str, title: str, items: Sequence[tuple[str, Decimal]], desc: str, other: str = "Other") -> Markup:
    """One horizontal bar per item (sources by kind, uses by category); the largest ten."""
    items = sorted(items, key=lambda kv: -kv[1])
    if len(items) > 10:
        rest = sum((v for _, v in items[9:]), Decimal(0))
        items = [*items[:9], (f"{other} ({len(items) - 9})", rest)]
    names = [name for name, _ in items]
    out = Markup()
    for kind, width, most in (("wide", 520, 4), ("phone", PHONE_WIDTH, _phone_steps(names))):  # the phone's: 12-unit labels at 11.5 px
        config = dict(_CONFIG, width=width, height=max(180, 90 + 30 * len(items)), show_legend=False,
                      y_labels=value_ticks([_f(v) for _, v in items], most=most), y_labels_major_every=1,
                      margin_left=_CONFIG["margin"] + _label_extra(names, STYLE.label_font_size),
                      margin_right=_CONFIG["margin"] + 28)  # room for half of the last value label
        chart = pygal.HorizontalBar(title=title, x_labels=names[::-1], **config)
        chart.add(title, [_f(value) for _, value in items][::-1])
        out += _finish(chart, chart_id if kind == "wide" else f"{chart_id}-phone", title, desc, kind)
    return out
