"""A person helped's phone, identity number or address in what the site publishes.

The publish looked for the `name` column of private/cases.csv only: a transfer's reason
written "转给 朝阳区幸福里3号楼的困难户", or holding the case's landline (010-6666 8888) or an
old 15-digit identity number in groups, went on the fund pages, statement.csv, model.json
and the annual report, none of them shaped like a mobile or an 18-digit identity number.
The file's phone, id_number and address are looked for now (ledger/case_details.py): such a
reason is withheld with a note naming the entry and the case, never the detail; a narrative
holding one stops the publish. A district, or a street without the house number, is not
looked for: a reason naming 朝阳区 says nothing about one household.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from cli import cli
from publish.run import PublishError

from .sitecheck import files
from .test_privacy import output_text

CASE = "C0004,王某某,110101800101001,010-6666 8888,北京市朝阳区幸福里3号楼2单元501室,,,,,\n"

REASONS = """
2026-09-27 * "x"
  approval: "SP-2026-1001"
  reason: "转给 朝阳区幸福里3号楼的困难户"
  Equity:FundTransfers    11.00 CNY
    fund: "GENERAL"
  Equity:FundTransfers   -11.00 CNY
    fund: "EDU-2026"

2026-09-27 * "按家属来电（6666-8888）意愿转入助学专项"
  approval: "SP-2026-1002"
  Equity:FundTransfers    12.00 CNY
    fund: "GENERAL"
  Equity:FundTransfers   -12.00 CNY
    fund: "EDU-2026"

2026-09-27 * "x"
  approval: "SP-2026-1003"
  reason: "身份证 110101 800101 001 一户的助学金转入"
  Equity:FundTransfers    13.00 CNY
    fund: "GENERAL"
  Equity:FundTransfers   -13.00 CNY
    fund: "EDU-2026"

2026-09-27 * "x"
  approval: "SP-2026-1004"
  reason: "朝阳区总工会幸福里社区慰问活动结余转入助学专项"
  Equity:FundTransfers    14.00 CNY
    fund: "GENERAL"
  Equity:FundTransfers   -14.00 CNY
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


def test_a_reason_holding_a_cases_address_phone_or_id_is_withheld(books_copy, publish_to, tmp_path):
    out = tmp_path / "site"
    result = publish_to(out, _books(books_copy))
    reasons = {t.approval: t.reason for t in result.model.fund("EDU-2026").transfers}
    assert [reasons[f"SP-2026-100{i}"] for i in (1, 2, 3)] == ["", "", ""]
    assert reasons["SP-2026-1004"] == "朝阳区总工会幸福里社区慰问活动结余转入助学专项"  # a district, a street: no one's
    found = [f"{p.relative_to(out)}: {s}" for p in files(out) for t in [output_text(p)]
             for s in ("幸福里3号", "6666-8888", "800101") if s in t]
    assert found == []
    notes = [n for n in result.notes if "person helped" in n]
    assert [n.split("between funds ")[1].split(",")[0] for n in notes] == [
        "holds the address of case C0004", "holds the phone number of case C0004", "holds the identity number of case C0004"], notes
    assert not any(s in " ".join(result.notes) for s in ("幸福里", "6666", "800101"))


def test_relief_check_says_so_too(books_copy):
    result = CliRunner().invoke(cli, ["check", str(_books(books_copy))])
    assert result.exit_code == 0, result.output
    said = [line for line in result.output.splitlines() if "note: " in line and "of case C0004" in line]
    assert len(said) == 3, result.output


@pytest.mark.parametrize(("line", "says"), [
    ("走访了幸福路88号3单元的一户。", "holds the address of case C0001"),
    ("家属来电（010 6666 8888）表示感谢。", "holds the phone number of case C0004"),
])
def test_a_narrative_holding_one_stops_publish(books_copy, publish_to, tmp_path, line, says):
    _books(books_copy)
    (books_copy / "report").mkdir(exist_ok=True)
    narrative = books_copy / "report" / "2026.md"
    narrative.write_text(f"# 一年的工作\n\n本年帮扶工作顺利，\n{line}\n", encoding="utf-8")
    with pytest.raises(PublishError) as caught:
        publish_to(tmp_path / "site", books_copy)
    message = str(caught.value)
    assert english(message).startswith(f"{narrative}:4: the narrative {says}, a person helped; take it out"), message
    assert not any(s in message for s in ("幸福", "6666")) and not (tmp_path / "site").exists()


def test_the_centres_own_address_is_its_own(books_copy, publish_to, tmp_path):
    """A case living where the centre is (a union dormitory): the centre's public address, and
    a narrative giving it, are the centre's, not the household's."""
    with open(books_copy / "settings.beancount", "a", encoding="utf-8") as fh:
        fh.write('\n2026-01-01 custom "relief-option" "address" "幸福路88号" "88 Xingfu Rd"\n')
    (books_copy / "report").mkdir(exist_ok=True)
    (books_copy / "report" / "2026.md").write_text("欢迎来幸福路88号咨询。\n", encoding="utf-8")
    publish_to(tmp_path / "site", books_copy)
