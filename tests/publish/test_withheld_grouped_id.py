"""An identity number written in groups, ending in X, in what the site publishes.

A resident identity number is often copied from a form in groups (330102 20080101 123X: area,
birth date, sequence and check character). Written so in a transfer's reason, the publisher
found it when its check character was a digit (as a run of 18 digits in groups, a bank card's
shape) but not when it was X, about one number in eleven: the reason was published as typed
on the overview, the fund pages, the reports, statement.csv, model.json and the annual report,
and the year's narrative holding one went into the annual report.
"""

from __future__ import annotations

import pytest

from publish.run import PublishError
from publish.withheld import about_a_case

from .sitecheck import files
from .test_privacy import output_text

GROUPED = ["330102 20080101 123X", "330102-2008-0101-123x", "３３０１０２　２００８０１０１　１２３Ｘ",
           "330102 2008 0101 123 X", "33010220080101123 X"]


@pytest.mark.parametrize("number", GROUPED)
def test_an_identity_number_in_groups_ending_in_x_is_a_persons_number(number):
    assert about_a_case(f"家属（身份证 {number}）申请", []) == "an identity, bank card or mobile number"

def english(note: str) -> str:
    """A message's English half (a message is `中文。 English`, Chinese first: ledger.errors.bilingual)."""
    return note.split("。 ", 1)[-1]


def test_what_only_looks_a_little_like_one_is_not():
    # a run of digits too short, or a word after them: nothing of a person
    for text in ("330102 2008 0101 X 批", "审批单 SP-2026-0961，第 12 批 X 项", "2026 0101 123X 型号"):
        assert about_a_case(text, []) is None, text


REASON = """
2026-09-24 * "x"
  approval: "SP-2026-0966"
  reason: "家属（身份证 330102 20080101 123X）申请，转入助学专项"
  Equity:FundTransfers    16.00 CNY
    fund: "GENERAL"
  Equity:FundTransfers   -16.00 CNY
    fund: "EDU-2026"
"""


def test_a_transfer_reason_holding_one_is_withheld(books_copy, publish_to, tmp_path):
    with open(books_copy / "txns" / "2026.beancount", "a", encoding="utf-8") as fh:
        fh.write(REASON)
    out = tmp_path / "site"
    result = publish_to(out, books_copy)
    reasons = {t.approval: t.reason for t in result.model.fund("EDU-2026").transfers}
    assert reasons["SP-2026-0966"] == ""
    found = [str(p.relative_to(out)) for p in files(out) if "123X" in output_text(p)]
    assert found == []
    [note] = [n for n in result.notes if "SP-2026-0966" in n or "2026.beancount" in n and "identity" in n]
    assert "an identity, bank card or mobile number" in note and "123X" not in note, note


def test_a_narrative_holding_one_stops_publish(books_copy, publish_to, tmp_path):
    (books_copy / "report").mkdir(exist_ok=True)
    narrative = books_copy / "report" / "2026.md"
    narrative.write_text("# 一年的工作\n\n家属（身份证 330102 20080101 123X）来信致谢。\n", encoding="utf-8")
    with pytest.raises(PublishError) as caught:
        publish_to(tmp_path / "site", books_copy)
    message = str(caught.value)
    assert english(message).startswith(f"{narrative}:3: the narrative holds an identity, bank card or mobile number"), message
    assert "123X" not in message and not (tmp_path / "site").exists()
