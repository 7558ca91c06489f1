"""A relative of a person helped, named in what the site publishes.

The publish looked for the case's own `name` in private/cases.csv only. The case file's
prose names the household (`family`: 妻子李梅，儿子张小明（15岁）在读初中), so a transfer's
reason written "资助张小明学费余额转入助学专项" put a child of a person helped on the fund
pages, statement.csv, model.json and the annual report. Such names are looked for now
(ledger/relatives.py): the reason is withheld with a note naming the entry and the case as
a relative's, never the name; a narrative holding one stops the publish.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from cli import cli
from publish.run import PublishError

from .sitecheck import files
from .test_privacy import output_text

CASE = "C0004,王某某,,,,妻子李梅，儿子张小明（15岁）在读初中,女儿王芳（9岁）患白血病,,,\n"

REASONS = """
2026-09-27 * "x"
  approval: "SP-2026-1001"
  reason: "资助张小明学费余额转入助学专项"
  Equity:FundTransfers    11.00 CNY
    fund: "GENERAL"
  Equity:FundTransfers   -11.00 CNY
    fund: "EDU-2026"

2026-09-27 * "x"
  approval: "SP-2026-1002"
  reason: "用于王芳大病救助的结余转入助学专项"
  Equity:FundTransfers    12.00 CNY
    fund: "GENERAL"
  Equity:FundTransfers   -12.00 CNY
    fund: "EDU-2026"

2026-09-27 * "x"
  approval: "SP-2026-1003"
  reason: "在读初中学生助学结余转入助学专项"
  Equity:FundTransfers    13.00 CNY
    fund: "GENERAL"
  Equity:FundTransfers   -13.00 CNY
    fund: "EDU-2026"
"""

def english(note: str) -> str:
    """A message's English half (a message is `中文。 English`, Chinese first: ledger.errors.bilingual)."""
    return note.split("。 ", 1)[-1]


def _books(books_copy):
    with open(books_copy / "private" / "cases.csv", "a", encoding="utf-8") as fh:
        fh.write(CASE)
    with open(books_copy / "txns" / "2026.beancount", "a", encoding="utf-8") as fh:
        fh.write(REASONS)
    return books_copy


def test_a_reason_naming_a_relative_of_a_case_is_withheld(books_copy, publish_to, tmp_path):
    out = tmp_path / "site"
    result = publish_to(out, _books(books_copy))
    reasons = {t.approval: t.reason for t in result.model.fund("EDU-2026").transfers}
    assert [reasons[f"SP-2026-100{i}"] for i in (1, 2)] == ["", ""]
    assert reasons["SP-2026-1003"] == "在读初中学生助学结余转入助学专项"  # the prose's other words are no one's
    found = [f"{p.relative_to(out)}: {s}" for p in files(out) for t in [output_text(p)]
             for s in ("张小明", "王芳") if s in t]
    assert found == []
    notes = [n for n in result.notes if "person helped" in n]
    assert [n.split("between funds ")[1].split(",")[0] for n in notes] == [
        "names a relative of case C0004", "names a relative of case C0004"], notes
    assert not any(s in " ".join(result.notes) for s in ("张小明", "王芳"))


def test_relief_check_says_so_too(books_copy):
    result = CliRunner().invoke(cli, ["check", str(_books(books_copy))])
    assert result.exit_code == 0, result.output
    said = [line for line in result.output.splitlines() if "note: " in line and "a relative of case C0004" in line]
    assert len(said) == 2, result.output


def test_a_narrative_naming_one_stops_publish(books_copy, publish_to, tmp_path):
    _books(books_copy)
    (books_copy / "report").mkdir(exist_ok=True)
    narrative = books_copy / "report" / "2026.md"
    narrative.write_text("# 一年的工作\n\n本年帮扶工作顺利，\n看望了李梅一家。\n", encoding="utf-8")
    with pytest.raises(PublishError) as caught:
        publish_to(tmp_path / "site", books_copy)
    message = str(caught.value)
    assert english(message).startswith(f"{narrative}:4: the narrative names a relative of case C0004, a person helped; take it out"), message
    assert "李梅" not in message and not (tmp_path / "site").exists()
