"""Account and goods names as the public sees them: without invisible format characters
(zero-width space and joiners, direction controls, soft hyphen; ledger.bidi). An account
named "特困\u200b救助" showed on the site and in flows.csv as another name than "特困救助"
(a spreadsheet's totals by name split it), and a U+202E in a goods name reversed the
quantity after it."""

from __future__ import annotations

from beancount import loader

from publish.labels import Label, read_names

BOOKS = """
2026-01-01 open Expenses:Aid:Living CNY
  name_zh: "特困\u200b救助"
  name_en: "Hardship \u202erelief"
2026-01-01 open Expenses:Aid:Medical CNY
  name_zh: "\u200b"
2026-01-01 commodity RICE
  name_zh: "大\u2060米"
  name_en: "Rice\u00ad"
  unit_zh: "\ufeff袋"
  unit_en: "bag\u200d"
  unit_en_plural: "bags\u200b"
"""


def test_names_are_shown_without_invisible_characters():
    entries, _errors, _ = loader.load_string(BOOKS)
    names = read_names(entries)
    assert names.account("Expenses:Aid:Living") == Label("特困救助", "Hardship relief")
    assert names.account("Expenses:Aid:Medical") == Label("医疗救助", "Medical aid")  # shows nothing: the conventions' name
    assert names.item("RICE") == Label("大米", "Rice")
    assert names.unit("RICE") == Label("袋", "bag")
    assert names.units("RICE").en == "bags"
