"""The reconciliation as a printable HTML page (site_templates/reconcile/report.html).

Rendered with Jinja2 and autoescaping (narrations and payees come from bank files), written
atomically. The page is for the centre's own file, not the public site: it names entries.
"""

from __future__ import annotations

import os
from importlib import resources

from jinja2 import Environment, FileSystemLoader, StrictUndefined, select_autoescape

from ledger.files import atomic_write_text
from ledger.period import ONE_DAY
from ledger.reconcile.report import Report
from ledger.said import both

TEMPLATE = "report.html"


def _template_dir() -> str:
    return str(resources.files("site_templates") / "reconcile")


def _money(value) -> str:
    return "—" if value is None else f"{value:,.2f}"


def _qty(value) -> str:
    return "—" if value is None else f"{value:,}"


def render_html(report: Report) -> str:
    """The report as one self-contained HTML page (what --html writes)."""
    env = Environment(
        loader=FileSystemLoader(_template_dir()),
        autoescape=select_autoescape(["html"]),
        undefined=StrictUndefined,
        trim_blocks=True,
        lstrip_blocks=True,
    )
    env.filters["money"] = _money
    env.filters["qty"] = _qty
    env.filters["both"] = both  # a check's problem or note: Chinese first, then the English
    env.filters["day_before"] = lambda day: day - ONE_DAY
    return env.get_template(TEMPLATE).render(report=report, problems=report.problems())


def write_html(report: Report, path: str | os.PathLike[str]) -> None:
    """Write the report's HTML page, atomically."""
    atomic_write_text(path, render_html(report))
