"""The importers on every real export in ../shared/fixtures/real (skipped when absent).

Counts and totals are computed here from the file itself, independently of the importers:
the data rows are found with the csv module / xlrd / openpyxl by their date cell, and every
data row must come back exactly once, as an entry or as a skipped row with its reason; each
imported amount must equal the file's own cell on that row.
"""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal
from pathlib import Path

import pytest
from beancount.core import data

from importers.config import importers_for_books
from importers.errors import ImportProblem
from tests.importers.support import OTHER_BANKS, REAL, books_entries, real_bills

BANK = sorted((REAL / "bank").glob("*")) if (REAL / "bank").exists() else []
PAYMENTS = real_bills()
#: 2020.9.6 too: a bill saved again from a spreadsheet (wechat-2020-dotted-dates.csv)
DATE = re.compile(r"^\s*(\d{4}[-/.]?\d{1,2}[-/.]?\d{1,2}|\d{2}/\d{2}/\d{4})")

pytestmark = pytest.mark.skipif(not REAL.exists(), reason="no real fixtures folder")


def raw_rows(path: Path) -> list[tuple[int, list[str]]]:
    """(row number, cells) for every row of the file, read without the importers' code."""
    blob = path.read_bytes()
    if blob.startswith(b"PK"):
        import openpyxl
        wb = openpyxl.load_workbook(path, read_only=True, data_only=True)
        ws = wb.worksheets[0]
        return [(i, ["" if v is None else str(v) for v in row]) for i, row in enumerate(ws.iter_rows(values_only=True), 1)]
    if blob.startswith(b"\xd0\xcf"):
        import xlrd
        sh = xlrd.open_workbook(file_contents=blob).sheet_by_index(0)
        return [(r + 1, [str(v) for v in sh.row_values(r)]) for r in range(sh.nrows)]
    for enc in ("utf-8-sig", "gb18030"):
        try:
            text = blob.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    out, line = [], 1
    reader = csv.reader(io.StringIO(text))
    for record in reader:
        out.append((line, record))
        line = reader.line_num + 1
    return out


def data_rows(path: Path, date_header: tuple[str, ...]) -> dict[int, list[str]]:
    rows = raw_rows(path)
    header_at, col = None, None
    for number, cells in rows:
        clean = [c.strip() for c in cells]
        for name in date_header:
            if name in clean:
                header_at, col = number, clean.index(name)
                break
        if header_at:
            break
    assert header_at, f"no header in {path.name}"
    return {n: c for n, c in rows if n > header_at and len(c) > col and DATE.match(c[col].replace("\t", ""))}


def money(text: str) -> Decimal:
    t = text.replace("¥", "").replace("￥", "").replace(",", "").replace("\t", "").strip()
    return Decimal(t) if t not in ("", "-", "/") else Decimal(0)


@pytest.fixture(scope="module")
def importers(tmp_path_factory):
    root = tmp_path_factory.mktemp("cfg")
    return importers_for_books(root / "import_config.py", profiles=OTHER_BANKS, verify_summary=False,
                               account="Assets:Bank:Basic")


@pytest.fixture(scope="module")
def existing():
    return books_entries()


def run(importers, path, existing):
    chosen = [i for i in importers if i.identify(str(path))]
    assert chosen, f"no importer recognises {path.name}"
    imp = chosen[0]
    entries = imp.extract(str(path), existing)
    return imp, entries, imp.report(str(path))


AMOUNT_HEADERS = {
    "icbc": ("记账金额(收入)", "记账金额(支出)"), "abc": ("交易金额",), "boc": ("金额",), "cmb": ("交易金额",),
    "hsbchk": ("Billing amount",), "spdb": ("存入金额", "取出金额"), "citic": ("结算金额",),
}


@pytest.mark.parametrize("path", BANK, ids=lambda p: p.name)
def test_bank_file_rows_and_totals(importers, existing, path):
    imp, entries, report = run(importers, path, existing)
    rows = data_rows(path, ("交易日期", "记账日期", "Date"))
    txns = [e for e in entries if isinstance(e, data.Transaction)]
    seen = sorted([e.meta["lineno"] for e in txns] + [s.row for s in report.skipped])
    assert seen == sorted(rows), "every data row comes back exactly once"
    # totals: the bank account's postings add up to the file's own amount cells
    header = next(c for n, c in raw_rows(path) if any(h in [x.strip() for x in c] for h in ("交易日期", "记账日期", "Date")))
    header = [h.strip() for h in header]
    key = next(k for k in AMOUNT_HEADERS if path.name.startswith(k))
    cols = [header.index(h) for h in AMOUNT_HEADERS[key]]
    if len(cols) == 2:
        expected = sum((money(c[cols[0]]) - money(c[cols[1]]) for c in rows.values()), Decimal(0))
    else:
        sign = -1 if getattr(imp, "profile", None) and imp.profile.invert else 1
        expected = sign * sum((money(c[cols[0]]) for c in rows.values()), Decimal(0))
    got = sum((p.units.number for e in txns for p in e.postings[:1]), Decimal(0))
    assert got == expected


@pytest.mark.parametrize("path", [p for p in BANK if p.suffix == ".csv"], ids=lambda p: p.name)
def test_bank_totals_row_is_checked(tmp_path_factory, existing, path):
    """With verification on, a totals row that disagrees with the rows is reported on its row."""
    imps = importers_for_books(tmp_path_factory.mktemp("strict") / "import_config.py", profiles=OTHER_BANKS,
                               account="Assets:Bank:Basic")
    imp = next(i for i in imps if i.identify(str(path)))
    totals = [(n, c) for n, c in raw_rows(path) if c and "合计" in c[0]]
    if not totals:
        imp.extract(str(path), existing)  # no totals row: nothing to disagree with
        return
    number, cells = totals[0]
    stated = [money(c) for c in cells if re.search(r"\d", c)]
    rows = data_rows(path, ("交易日期",))
    header = [h.strip() for h in next(c for n, c in raw_rows(path) if "交易日期" in [x.strip() for x in c])]
    computed_in = sum((money(c[header.index("记账金额(收入)")]) for c in rows.values()), Decimal(0))
    if computed_in in stated:
        imp.extract(str(path), existing)
    else:
        with pytest.raises(ImportProblem) as info:
            imp.extract(str(path), existing)
        assert f"row {number}" in info.value.message and "disagrees" in info.value.message


@pytest.mark.parametrize("path", PAYMENTS, ids=lambda p: p.name)
def test_payment_bill_rows_and_totals(importers, existing, path):
    imp, entries, report = run(importers, path, existing)
    older = "older" in path.name
    rows = data_rows(path, ("交易创建时间",) if older else ("交易时间",))
    txns = [e for e in entries if isinstance(e, data.Transaction)]
    lines = {e.meta["lineno"] for e in txns}
    assert sorted(lines | {s.row for s in report.skipped}) == sorted(rows)
    header = [h.strip() for h in next(c for n, c in raw_rows(path) if ("交易创建时间" if older else "交易时间") in [x.strip() for x in c])]
    amount_col = header.index("金额(元)") if "金额(元)" in header else header.index("金额（元）") if "金额（元）" in header else header.index("金额")
    for e in txns:
        cell = money(rows[e.meta["lineno"]][amount_col])
        own = e.postings[0].units.number
        fee_split = e.meta["source_ref"].endswith(":fee")
        if fee_split:
            assert "服务费" in ",".join(rows[e.meta["lineno"]]) or own < 0
        elif any(p.meta and "funding" in p.meta for p in e.postings[1:]):  # a withdrawal: the fee is within it
            assert abs(own) <= cell
        else:
            assert abs(own) + sum((p.units.number for p in e.postings[1:] if p.account.endswith("BankFees")), Decimal(0)) <= cell
    # money in per the file's own 收/支 column equals the donations imported
    if not older:
        direction = header.index("收/支")
        status = header.index("当前状态") if "当前状态" in header else header.index("交易状态")
        kind = header.index("交易类型") if "交易类型" in header else header.index("交易分类")
        # a refund of a payment (美团平台商户-退款, 收入) is money back, and money in under a
        # payment to a merchant (商户消费: 拼多多's cash reward) the merchant's: neither is a gift
        incoming = sum((money(c[amount_col]) for n, c in rows.items() if c[direction].strip() == "收入"
                        and not any(w in c[status] for w in ("关闭", "失败", "全额退款"))
                        and "退款" not in c[kind] and c[kind].strip() != "商户消费"), Decimal(0))
        donated = -sum((p.units.number for e in txns for p in e.postings if p.account.startswith("Income:Donation")), Decimal(0))
        assert donated == incoming


@pytest.mark.parametrize("path", PAYMENTS, ids=lambda p: p.name)
def test_payment_record_count_is_checked(tmp_path_factory, existing, path):
    imps = importers_for_books(tmp_path_factory.mktemp("strict") / "import_config.py")
    imp = next(i for i in imps if i.identify(str(path)))
    text = " ".join(" ".join(c) for _, c in raw_rows(path))
    m = re.search(r"共\s*(\d+)\s*笔记录", text)
    older = "older" in path.name
    count = len(data_rows(path, ("交易创建时间",) if older else ("交易时间",)))
    if m and int(m.group(1)) != count:
        with pytest.raises(ImportProblem) as info:
            imp.extract(str(path), existing)
        assert f"{m.group(1)} records" in info.value.message and f"{count} rows" in info.value.message
    else:
        imp.extract(str(path), existing)
