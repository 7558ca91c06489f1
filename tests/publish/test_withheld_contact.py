"""A donor's contact in a transfer's reason.

A donor's `contact` (a phone, an email) is private: "never published" (docs/publishing.md,
Privacy). A transfer written as the donor asked on the phone ("按丰收粮油仓库主管来电
（021-66668888）意愿转入") put the number on the overview, the fund pages, the reports,
statement.csv, model.json and the annual report: only a mobile number's shape was looked
for, and a landline or an email passed. A reason or narrative holding the phone number or
email of a registered donor's contact is now withheld (a reason) or stops publish (the
narrative), as a person helped's number is, naming the donor's id, never the contact.
"""

from __future__ import annotations

import pytest

from publish.run import PublishError

from .sitecheck import files
from .test_privacy import output_text

REASONS = """
2026-09-26 * "x"
  approval: "SP-2026-0995"
  reason: "按丰收粮油仓库主管来电（021 6666 8888）意愿转入助学专项"
  Equity:FundTransfers    21.00 CNY
    fund: "GENERAL"
  Equity:FundTransfers   -21.00 CNY
    fund: "EDU-2026"

2026-09-26 * "x"
  approval: "SP-2026-0996"
  reason: "李红梅来信（HongMei.Li.Private@example.com）指定转入助学专项"
  Equity:FundTransfers    22.00 CNY
    fund: "GENERAL"
  Equity:FundTransfers   -22.00 CNY
    fund: "EDU-2026"

2026-09-26 * "x"
  approval: "SP-2026-0997"
  reason: "审批 SP-2026-0997 号：结余转入助学专项"
  Equity:FundTransfers    23.00 CNY
    fund: "GENERAL"
  Equity:FundTransfers   -23.00 CNY
    fund: "EDU-2026"
"""

def english(note: str) -> str:
    """A message's English half (a message is `中文。 English`, Chinese first: ledger.errors.bilingual)."""
    return note.split("。 ", 1)[-1]


def test_a_reason_holding_a_donors_contact_is_withheld(books_copy, publish_to, tmp_path):
    with open(books_copy / "txns" / "2026.beancount", "a", encoding="utf-8") as fh:
        fh.write(REASONS)
    out = tmp_path / "site"
    result = publish_to(out, books_copy)
    reasons = {t.approval: t.reason for t in result.model.fund("EDU-2026").transfers}
    assert (reasons["SP-2026-0995"], reasons["SP-2026-0996"]) == ("", "")
    assert reasons["SP-2026-0997"] == "审批 SP-2026-0997 号：结余转入助学专项"
    found = [str(p.relative_to(out)) for p in files(out) for t in [output_text(p).lower()]
             if "6666 8888" in t or "hongmei.li.private" in t]
    assert found == []
    notes = [n for n in result.notes if "contact" in n]
    assert len(notes) == 2 and "donor D0004" in notes[0] and "donor D0002" in notes[1], result.notes
    assert not any(s in " ".join(result.notes).lower() for s in ("6666", "hongmei"))


def test_a_narrative_holding_one_stops_publish(books_copy, publish_to, tmp_path):
    (books_copy / "report").mkdir(exist_ok=True)
    narrative = books_copy / "report" / "2026.md"
    narrative.write_text("# 一年的工作\n\n感谢丰收粮油（联系电话 021-66668888）。\n", encoding="utf-8")
    with pytest.raises(PublishError) as caught:
        publish_to(tmp_path / "site", books_copy)
    message = str(caught.value)
    assert english(message).startswith(f"{narrative}:3: the narrative holds the contact of donor D0004"), message
    assert "6666" not in message and not (tmp_path / "site").exists()
