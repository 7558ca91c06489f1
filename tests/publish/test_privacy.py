"""Nothing personal leaves the books: every output file is scanned for distinctive details.

The small books hold a private case file (private/cases.csv) with names, ID numbers,
phones and addresses, donors' private contacts, and anonymous donors' legal and display
names. None of them may appear in any published file (HTML, CSV, JSON, SVG, CSS, and the
text of any PDF that a generator adds).
"""

from __future__ import annotations

import csv
import io

from .conftest import SMALL
from .sitecheck import files

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
