"""Nothing personal leaves the books: every output file is scanned for distinctive details.

The small books hold a private case file (private/cases.csv) with names, ID numbers,
phones and addresses, donors' private contacts, and anonymous donors' legal and display
names. None of them may appear in any published file (HTML, CSV, JSON, SVG, CSS, and the
text of any PDF that a generator adds).
"""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal

from .conftest import SMALL
from .sitecheck import files, unwrap_whole

ANONYMOUS_NAMES = ["隐名慈善家司马青云", "司马先生", "司马", "慈善总会", "市慈善总会", "匿名捐赠人"]
CONTACTS = ["欧阳明哲", "13800138555", "hongmei.li.private@example.com", "13999990000", "021-66668888", "诸葛无双", "仓库主管"]
CASE_IDS = ["C0001", "C0002", "C0005", "C0009"]


def private_case_details() -> list[str]:
    with open(SMALL / "private" / "cases.csv", encoding="utf-8") as fh:
        rows = list(csv.DictReader(fh))
    assert rows, "the test books must hold private details to look for"
    return [v for row in rows for k, v in row.items() if k != "case" and v]


def output_text(path) -> str:
    data = path.read_bytes()
    if path.suffix == ".pdf":
        from pypdf import PdfReader

        return "\n".join(page.extract_text() or "" for page in PdfReader(io.BytesIO(data)).pages)
    return data.decode("utf-8")


def test_no_personal_detail_in_any_output_file(published):
    out, _ = published
    needles = private_case_details() + ANONYMOUS_NAMES + CONTACTS + CASE_IDS
    found = []
    scanned = 0
    for path in files(out):
        text = output_text(path)
        scanned += 1
        for needle in needles:
            if needle in text:
                found.append(f"{path.relative_to(out)}: {needle}")
    assert scanned > 50
    assert found == []


def test_payees_and_narrations_are_not_published(published):
    """The payee of an anonymous gift is often the donor's legal name: never shown."""
    out, _ = published
    for path in files(out):
        text = output_text(path)
        assert "再次捐款" not in text and "春节慰问捐款" not in text and "捐款箱现金" not in text


def test_an_aid_payment_that_also_moves_money_between_funds_keeps_its_narration(books_copy, publish_to, tmp_path):
    """An aid payment topped up from another fund in the same entry has an
    Equity:FundTransfers leg, and its narration (here with the beneficiary's name and ID
    number, typed by mistake) was published as the transfer's reason on the fund pages,
    reports, statement.csv and the annual report. Only a transfer's own narration, or its
    `reason`, is published; the transfer itself still is, with its approval."""
    with open(books_copy / "txns" / "2026.beancount", "a", encoding="utf-8") as fh:
        fh.write('\n2026-09-15 * "学生欧阳小明（身份证330102200801011234）助学金，一般资金补足"\n'
                 '  approval: "SP-2026-0900"\n'
                 '  Expenses:Aid:Education   500.00 CNY\n    case: "C0004"\n    fund: "EDU-2026"\n'
                 '  Equity:FundTransfers   -500.00 CNY\n    fund: "EDU-2026"\n'
                 '  Equity:FundTransfers    500.00 CNY\n    fund: "GENERAL"\n'
                 '  Assets:Bank:Basic\n')
    out = tmp_path / "site"
    result = publish_to(out, books_copy)
    edu = result.model.fund("EDU-2026")
    [topped_up] = [t for t in edu.transfers if t.approval == "SP-2026-0900"]
    assert (topped_up.amount, topped_up.reason) == (Decimal("500.00"), "")
    found = [f"{path.relative_to(out)}: {needle}" for path in files(out) for needle in ("欧阳小明", "330102200801011234")
             if needle in output_text(path)]
    assert found == []
    # the transfer is stated with no reason rather than an empty one ("事由：；审批：")
    home = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", unwrap_whole((out / "index.html").read_text("utf-8"))))
    assert "事由：未说明；审批：SP-2026-0900" in home
    # a transfer on its own still publishes its narration (no `reason` given)
    [closing] = edu.moved_out
    assert closing.reason == "金秋助学专项结余转入一般资金"


def test_a_transfer_reason_is_published_without_invisible_characters(books_copy, publish_to, tmp_path):
    """A transfer's narration or `reason` (and its approval number) is the one text of the
    books' own transactions the public reads, and the centre's public facts (address,
    complaints line) the About page shows; a U+202E RIGHT-TO-LEFT OVERRIDE pasted into one was
    published as typed and showed what follows it reversed (donors' names lose them)."""
    with open(books_copy / "txns" / "2026.beancount", "a", encoding="utf-8") as fh:
        fh.write('\n2026-09-16 * "结余\u202e转入一般资金"\n'
                 '  approval: "SP-2026-0901"\n'
                 '  Equity:FundTransfers   -10.00 CNY\n    fund: "EDU-2026"\n'
                 '  Equity:FundTransfers    10.00 CNY\n    fund: "GENERAL"\n'
                 '\n2026-09-17 * "x"\n'
                 '  approval: "SP-2026-0902\u202e"\n  reason: "补\u200b足\u2067"\n'
                 '  Equity:FundTransfers   -20.00 CNY\n    fund: "EDU-2026"\n'
                 '  Equity:FundTransfers    20.00 CNY\n    fund: "GENERAL"\n')
    with open(books_copy / "settings.beancount", "a", encoding="utf-8") as fh:
        fh.write('\n2026-01-01 custom "relief-option" "complaint" "电话\u202e12345" "phone \u202e12345"\n')
    out = tmp_path / "site"
    result = publish_to(out, books_copy)
    reasons = {t.approval: t.reason for t in result.model.fund("EDU-2026").transfers}
    complaint = next(f.value for f in result.model.about.facts if f.key == "complaint")
    assert (complaint.zh, complaint.en) == ("电话12345", "phone 12345")
    assert (reasons["SP-2026-0901"], reasons["SP-2026-0902"]) == ("结余转入一般资金", "补足")
    found = [str(path.relative_to(out)) for path in files(out) if path.suffix != ".pdf"
             and any(c in output_text(path) for c in "\u202e\u200b\u2067")]
    assert found == []


ODD_PLACES = """
2026-04-02 * "慕容秋水" "大病救助" #murongqiushui ^C0001-110101197003074321
  fund: "GENERAL"
  approval: "SP-2026-0400"
  memo: "上官翠花 身份证110101198512120027 幸福路88号3单元"
  Expenses:Aid:Medical:MurongQiushui      500.00 CNY
    case: "C0001"
    memo: "欧阳铁柱 13712340003"
  Assets:Bank:Basic

2026-04-02 document Expenses:Aid:Medical "../documents/2026-04-02.慕容秋水住院发票.pdf"

2026-04-04 * "欧阳铁柱" "欧阳铁柱借款"
  fund: "GENERAL"
  approval: "SP-2026-0401"
  Assets:Receivable:OuyangTiezhu      70.00 CNY
  Assets:Bank:Basic
"""


def test_beneficiary_details_in_odd_places_are_not_published(books_copy, publish_to, tmp_path):
    """The books' own places for a person's details that the site never shows: a payee, a
    memo on the entry or a posting, a tag, a link, a document's file name, an account below
    an aid category or among the assets (its name and name_zh). Every output file is scanned."""
    (books_copy / "documents").mkdir()
    (books_copy / "documents" / "2026-04-02.慕容秋水住院发票.pdf").write_bytes(b"%PDF-1.4\n")
    with open(books_copy / "accounts.beancount", "a", encoding="utf-8") as fh:
        fh.write('\n2026-01-01 open Expenses:Aid:Medical:MurongQiushui CNY\n  name_zh: "慕容秋水医疗救助"\n'
                 '2026-01-01 open Assets:Receivable:OuyangTiezhu CNY\n  name_zh: "欧阳铁柱借款"\n')
    with open(books_copy / "txns" / "2026.beancount", "a", encoding="utf-8") as fh:
        fh.write(ODD_PLACES)
    out = tmp_path / "site"
    publish_to(out, books_copy)
    needles = private_case_details() + CASE_IDS + ["murong", "Murong", "Ouyang"]
    found = [f"{path.relative_to(out)}: {needle}" for path in files(out) for text in [output_text(path) + str(path)]
             for needle in needles if needle in text]
    assert found == []
