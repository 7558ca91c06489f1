"""A fund declared in the books that held and moved nothing in a period is named by its report.

A report's table of funds (site and annual report) lists the funds that held or moved money in
the period, and the annual report counts them ("基金个数 Funds"). A restricted fund declared
and never used (a legal-aid fund no one has given to yet) was on the funds page, with its
zeros, and left out of every report without a word: the annual report said "Funds 2" where the
site listed three. Each report now names such a fund under its table ("held and moved
nothing in this period"), and the annual report counts it; a fund not declared yet, or not
begun or already ended in the period, is not named.
"""

from __future__ import annotations

from publish import annual

from .test_privacy import output_text

FUNDS = """
2026-01-01 custom "fund" "LEGAL" "restricted"
  name_zh: "法律援助专项"
  name_en: "Legal aid fund"
  purpose: "Expenses:Aid:Legal"

2026-01-01 custom "fund" "WINTER" "restricted"
  name_zh: "冬季送温暖专项"
  name_en: "Winter warmth fund"
  purpose: "Expenses:Aid:Holiday"
  start: 2026-11-01
"""


def _books(books_copy):
    with open(books_copy / "registry" / "funds.beancount", "a", encoding="utf-8") as fh:
        fh.write(FUNDS)
    return books_copy


def test_a_fund_that_held_and_moved_nothing_is_named_by_the_report(books_copy, publish_to, tmp_path):
    out = tmp_path / "site"
    result = publish_to(out, _books(books_copy), extra_generators=[annual.site_generator()])
    reports = {r.period.key: r for r in result.model.reports}
    idle = {key: [f.id for f in r.idle] for key, r in reports.items()}
    assert idle["2026"] == ["LEGAL", "WINTER"]
    assert idle["2026-09"] == ["LEGAL"]  # WINTER begins in November
    first = min(k for k in reports if len(k) == 7)
    assert "EDU-2026" not in idle[first]  # declared in March: not a fund of January yet
    for key, r in reports.items():  # never a fund the table lists
        assert not {f.id for f in r.idle} & {m.ref.id for m in r.funds}, key
    for prefix, said, name in (("", "本期无结存、无收支的基金", "法律援助专项"), ("en/", "held and moved nothing in this period", "Legal aid fund")):
        text = (out / prefix / "reports" / "2026-09.html").read_text("utf-8")
        assert said in text and name in text, prefix
        assert "Winter warmth fund" not in text and "冬季送温暖专项" not in text
    pdf = " ".join(output_text(out / "reports" / "annual-2026.pdf").split())
    assert "法律援助专项" in pdf and "Legal aid fund" in pdf and "Winter warmth fund" in pdf
    count = len(reports["2026"].funds) + 2
    assert f"基金个数 Funds {count}" in pdf, pdf[pdf.index("基金个数"):pdf.index("基金个数") + 40]
