"""The overview charts: whole Chinese labels and one clean set of value ticks."""

import re
from decimal import Decimal

import pytest

from publish import charts

ITEMS = [("社会组织捐赠", Decimal("963070")), ("企业捐赠", Decimal("6015680")), ("银行手续费", Decimal("120.50"))]


def _plot_left(svg: str) -> float:
    return float(re.search(r'<g transform="translate\(([\d.]+), [\d.]+\)" class="plot">', svg).group(1))


def test_horizontal_chart_leaves_room_for_whole_chinese_labels():
    svg = charts.horizontal("sources-zh", "资金来源", ITEMS, "desc")
    # labels are drawn right-aligned left of the plot; six full-width characters at 12px need 72px
    assert _plot_left(svg) >= 6 * charts.STYLE.label_font_size
    assert "社会组织捐赠" in svg and "银行手续费" in svg


def test_latin_labels_get_no_extra_room():
    latin = [("Social organisations", Decimal(5)), ("Bank fees", Decimal(1))]
    zh = [("社会组织捐赠", Decimal(5)), ("银行手续费", Decimal(1))]
    assert charts._label_extra([n for n, _ in latin], 12) == 0
    assert charts._label_extra([n for n, _ in zh], 12) > 0


@pytest.mark.parametrize("values", [[410000, 300000], [1739041.71, 427015.6], [6015680], [12], [0]])
def test_value_ticks_are_even_round_and_cover_the_largest(values):
    ticks = charts.value_ticks(values)
    steps = {round(b - a, 6) for a, b in zip(ticks, ticks[1:], strict=False)}
    assert ticks[0] == 0 and len(steps) == 1 and len(ticks) <= 7
    assert ticks[-1] >= max(values)
    assert all(t == int(t) for t in ticks)  # printed without decimals


def test_trend_chart_draws_only_major_value_labels():
    svg = charts.bar_trend("t", "每月", ["1月", "2月"], [("筹集", [Decimal(410000), Decimal(300000)]), ("使用", [Decimal(1), Decimal(2)])], "d")
    assert 'class="minor"' not in svg
    labels = re.findall(r'class="major">([\d,]+)<', svg)
    assert labels[:6] == ["0", "100,000", "200,000", "300,000", "400,000", "500,000"]


@pytest.mark.parametrize("values", [[-50000, 8500, 12.34], [-30000, 1000], [-200, 8500], [-5], [-1739041.71, 0]])
def test_value_ticks_cover_a_negative_month(values):
    """A month whose refunds exceeded its gifts was drawn below a scale that began at 0: a
    long bar with no figure beside it (and, on the sources chart, what read as the largest
    source). The scale now reaches past the smallest value too, through 0."""
    ticks = charts.value_ticks(values)
    steps = {round(b - a, 6) for a, b in zip(ticks, ticks[1:], strict=False)}
    assert 0 in ticks and len(steps) == 1 and len(ticks) <= 9
    assert ticks[0] <= min(values) and ticks[-1] >= max(values)
    assert all(t == int(t) for t in ticks)


def test_trend_chart_labels_a_negative_month():
    svg = charts.bar_trend("t", "每月", ["1月", "2月"], [("筹集", [Decimal(-50000), Decimal(8500)]), ("使用", [Decimal(1), Decimal(2)])], "d")
    labels = re.findall(r'class="major">(-?[\d,]+)<', svg)
    assert "-50,000" in labels and "0" in labels and "10,000" in labels
