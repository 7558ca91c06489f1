"""A donor who asked not to be named, named with a blank inside the name.

Chinese tables and letters pad a name with a blank (王　伟, 司马 先生: a full-width space set
between the characters so that names line up), and an officer copies it so. A transfer's reason
naming an anonymous donor is withheld, but the donor's name was looked for as typed in the
registry, blanks and all: "司马　先生捐款中指定助学的部分…" was published on the overview, the
fund pages, the reports, statement.csv, model.json and the annual report, beside the anonymous
gift of the day. The names of the people helped were already found so (ledger.personal.CaseNames);
a donor's is now too, and a name in letters whatever its capitals (QIAN DUODUO).
"""

from __future__ import annotations

import pytest

from publish.withheld import named_donor, private_names

from .sitecheck import files
from .test_privacy import output_text


@pytest.mark.parametrize(("text", "donor"), [
    ("司马 先生捐款中指定助学的部分转入", "D0003"),
    ("隐名慈善家司马\u3000青云定向资助", "D0003"),
    ("市 慈 善 总 会定向资助转入", "D0005"),
    ("司马先生捐款转入", "D0003"),  # as before
    ("司马光基金转入", None),
    ("李红梅捐款转入", None),
])
def test_an_anonymous_donors_name_is_found_with_blanks_inside(small_books, text, donor):
    assert named_donor(text, private_names(small_books, ())) == donor


def test_a_name_in_letters_is_found_whatever_its_capitals():
    names = {"Qian Duoduo": "D0009"}
    assert named_donor("QIAN  DUODUO's gift, moved", names) == "D0009"
    assert named_donor("qian duoduo", names) == "D0009"
    assert named_donor("Qianduo Duo", names) is None


SPACED = """
2026-09-20 * "司马　先生捐款中指定助学的部分转入助学专项"
  approval: "SP-2026-0991"
  Equity:FundTransfers    100.00 CNY
    fund: "GENERAL"
  Equity:FundTransfers   -100.00 CNY
    fund: "EDU-2026"
"""


def test_a_transfer_reason_naming_one_so_is_withheld(books_copy, publish_to, tmp_path):
    with open(books_copy / "txns" / "2026.beancount", "a", encoding="utf-8") as fh:
        fh.write(SPACED)
    out = tmp_path / "site"
    result = publish_to(out, books_copy)
    reasons = {t.approval: t.reason for t in result.model.fund("EDU-2026").transfers}
    assert reasons["SP-2026-0991"] == ""
    found = [str(p.relative_to(out)) for p in files(out) if "司马" in output_text(p)]
    assert found == []
    [note] = [n for n in result.notes if "asked not to be named" in n]
    assert "names donor D0003" in note and "司马" not in note, note


def test_a_name_with_a_dot_between_its_parts_is_found_whichever_dot():
    """阿卜杜拉·艾力 typed with the dot of another input method (・), a full stop or none was
    another text than the registry's, and the reason naming the donor was published."""
    names = {"阿卜杜拉·艾力": "D0010"}
    for text in ("阿卜杜拉·艾力先生捐款转入", "阿卜杜拉・艾力先生捐款转入", "阿卜杜拉.艾力捐款转入", "阿卜杜拉艾力捐款转入"):
        assert named_donor(text, names) == "D0010", text
    assert named_donor("阿卜杜拉捐款转入", names) is None
