"""A person helped whose name is written with a separating dot (阿依古丽·买买提).

Uyghur, Kazakh, Tibetan and foreign names are written in Chinese with a dot between the parts
(间隔号 ·, typed too as ・, • or .). Such a name, having a character that is not Chinese, was
looked for as a name in letters, as whole words: inside Chinese prose ("用于阿依古丽·买买提大病
救助") no word boundary stands beside it, so a transfer's reason naming the person was published
on the overview, the fund pages, the reports, statement.csv, model.json and the annual report,
and the year's narrative and a roster's 备注 were let through the same way; so was the name
typed with another dot, or none, than private/cases.csv has.
"""

from __future__ import annotations

import pytest

from ledger.personal import CaseNames

from .sitecheck import files
from .test_privacy import output_text

NAMES = CaseNames({"阿依古丽·买买提": "C0009", "艾力买买提": "C0010", "王平": "C0004", "Li Wei": "C0006"})


@pytest.mark.parametrize(("text", "case"), [
    ("用于阿依古丽·买买提大病救助", "C0009"),
    ("慰问阿依古丽・买买提一家", "C0009"),  # the katakana middle dot of a Japanese input method
    ("用于阿依古丽•买买提助学", "C0009"),
    ("用于阿依古丽.买买提助学", "C0009"),
    ("用于阿依古丽买买提助学", "C0009"),  # the dot left out
    ("用于艾力·买买提助学", "C0010"),  # the case file left it out, the text has it
    ("阿依古丽·买买提", "C0009"),
])
def test_a_dotted_name_is_found_inside_chinese_text(text, case):
    assert NAMES.named_case(text) == case


@pytest.mark.parametrize("text", ["春节·慰问活动", "买买提", "古丽·买", "Li·Wei", "世界和平日"])
def test_what_is_not_such_a_name_is_not_taken_for_one(text):
    # parts of a name are not the name
    assert NAMES.named_case(text) is None


def test_a_two_character_name_before_a_dot_is_found_as_before():
    # a list of names parted by dots: 王平 stands alone, as it did
    assert NAMES.named_case("慰问对象：王平·李强") == "C0004"


DOTTED = """
2026-09-25 * "一般资金转入助学专项，用于阿依古丽·买买提大病救助"
  approval: "SP-2026-0981"
  Equity:FundTransfers    19.00 CNY
    fund: "GENERAL"
  Equity:FundTransfers   -19.00 CNY
    fund: "EDU-2026"
"""


def test_a_transfer_reason_naming_one_is_withheld(books_copy, publish_to, tmp_path):
    with open(books_copy / "private" / "cases.csv", "a", encoding="utf-8") as fh:
        fh.write("C0004,阿依古丽·买买提,110101198001010011,13712340004,团结路1号,,,,,\n")
    with open(books_copy / "txns" / "2026.beancount", "a", encoding="utf-8") as fh:
        fh.write(DOTTED)
    out = tmp_path / "site"
    result = publish_to(out, books_copy)
    reasons = {t.approval: t.reason for t in result.model.fund("EDU-2026").transfers}
    assert reasons["SP-2026-0981"] == ""
    found = [str(p.relative_to(out)) for p in files(out) if "买买提" in output_text(p)]
    assert found == []
    [note] = [n for n in result.notes if "person helped" in n]
    assert "names case C0004, a person helped" in note and "买买提" not in note, note
