"""A transfer between funds whose reason was withheld says so, on every page that lists it.

A reason that names a person helped (a case id, a name of private/cases.csv, an identity or
mobile number) or a donor who asked not to be named is kept off the site (publish/withheld.py).
The pages then printed "Reason: not stated" (overview, reports, the annual report), "reason
not stated" (a fund's summary) or "—" (a fund's table of transfers): a reader took it that the
centre moved money between funds without giving a reason, when it gave one and the site kept
it back. The pages now say it was withheld for privacy; a transfer the books give no reason
for is still "not stated".
"""

from __future__ import annotations

import re

from publish import annual

from .test_privacy import output_text

TRANSFERS = """
2026-09-24 * "一般资金转入助学专项，用于C0002大病救助"
  approval: "SP-2026-0961"
  Equity:FundTransfers    11.00 CNY
    fund: "GENERAL"
  Equity:FundTransfers   -11.00 CNY
    fund: "EDU-2026"

2026-09-25 * "x"
  approval: "SP-2026-0962"
  reason: "理事会决定调剂"
  Equity:FundTransfers    12.00 CNY
    fund: "GENERAL"
  Equity:FundTransfers   -12.00 CNY
    fund: "EDU-2026"

2026-09-26 * ""
  approval: "SP-2026-0963"
  Equity:FundTransfers    13.00 CNY
    fund: "GENERAL"
  Equity:FundTransfers   -13.00 CNY
    fund: "EDU-2026"
"""

WITHHELD = {"": "涉及隐私，不予公开", "en/": "withheld for privacy"}
NOT_STATED = {"": "未说明", "en/": "not stated"}


def _line(text: str, approval: str) -> str:
    """The list item, table row or sentence that names `approval`."""
    found = [m for m in re.findall(r"<(?:li|tr)[^>]*>.*?</(?:li|tr)>", text, re.S) if approval in m]
    assert len(found) == 1, (approval, found)
    return found[0]


def test_a_withheld_reason_is_said_to_be_withheld(books_copy, publish_to, tmp_path):
    with open(books_copy / "txns" / "2026.beancount", "a", encoding="utf-8") as fh:
        fh.write(TRANSFERS)
    out = tmp_path / "site"
    result = publish_to(out, books_copy)
    by_approval = {t.approval: t for t in result.model.fund("EDU-2026").transfers}
    assert [(by_approval[a].reason, by_approval[a].withheld) for a in ("SP-2026-0961", "SP-2026-0962", "SP-2026-0963")] \
        == [("", True), ("理事会决定调剂", False), ("", False)]
    for prefix in ("", "en/"):
        for page in ("index.html", "reports/2026.html", "reports/2026-09.html", "funds/edu-2026.html", "funds/general.html"):
            text = (out / prefix / page).read_text("utf-8")
            withheld, none, stated = (_line(text, f"SP-2026-096{i}") for i in (1, 3, 2))
            where = f"{prefix}{page}"
            assert WITHHELD[prefix] in withheld and NOT_STATED[prefix] not in withheld, f"{where}: {withheld}"
            assert WITHHELD[prefix] not in none and (NOT_STATED[prefix] in none or "—" in none), f"{where}: {none}"
            assert "理事会决定调剂" in stated and WITHHELD[prefix] not in stated, f"{where}: {stated}"
            assert "C0002" not in text


def test_the_annual_report_says_so_too(books_copy, publish_to, tmp_path):
    with open(books_copy / "txns" / "2026.beancount", "a", encoding="utf-8") as fh:
        fh.write(TRANSFERS)
    out = tmp_path / "site"
    publish_to(out, books_copy, extra_generators=[annual.site_generator()])
    pdf = out / "reports" / "annual-2026.pdf"
    text = " ".join(output_text(pdf).split())
    assert "SP-2026-0961" in text and "C0002" not in text
    at = text.index("SP-2026-0961")
    assert "不予公开" in text[at - 120:at] and "withheld for privacy" in text[at - 120:at], text[at - 200:at + 50]


APPROVAL = """
2026-09-27 * "理事会决定调剂"
  approval: "TR-C0002"
  Equity:FundTransfers    14.00 CNY
    fund: "GENERAL"
  Equity:FundTransfers   -14.00 CNY
    fund: "EDU-2026"
"""


def test_a_withheld_approval_is_said_to_be_withheld(books_copy, publish_to, tmp_path):
    """An approval number naming a person helped is kept off the site too: the pages left the
    approval out ("—" in a fund's table), as if the transfer had none."""
    with open(books_copy / "txns" / "2026.beancount", "a", encoding="utf-8") as fh:
        fh.write(TRANSFERS + APPROVAL)
    out = tmp_path / "site"
    result = publish_to(out, books_copy, extra_generators=[annual.site_generator()])
    by_reason = {t.reason: t for t in result.model.fund("EDU-2026").transfers}
    assert (by_reason["理事会决定调剂"].approval, by_reason["理事会决定调剂"].approval_withheld) == (None, True)
    assert by_reason[""].approval_withheld is False  # SP-2026-0961, SP-2026-0963: shown
    for prefix in ("", "en/"):
        for page in ("index.html", "reports/2026.html", "funds/edu-2026.html", "funds/general.html"):
            text = (out / prefix / page).read_text("utf-8")
            [line] = [m for m in re.findall(r"<(?:li|tr)[^>]*>.*?</(?:li|tr)>", text, re.S) if "理事会决定调剂" in m and "¥14.00" in m]
            assert line.count(WITHHELD[prefix]) == 1 and "C0002" not in text, f"{prefix}{page}: {line}"
    pdf = " ".join(output_text(out / "reports" / "annual-2026.pdf").split())
    assert "理事会决定调剂·审批涉及隐私，不予公开approvalwithheldforprivacy¥14.00" in pdf.replace(" ", "") and "C0002" not in pdf
