"""Reading a real bank statement without the importers, for the tests' own totals.

The tests compare what the importers propose with figures computed here from the file
itself: the data rows are found by their date cell under the header, with the csv module,
xlrd or openpyxl, and the money columns are summed as the file states them. `SPEC` says,
per file, which header texts hold the date and the money (the layout as a reader of the
file sees it, written independently of importers/profiles.py).
"""

from __future__ import annotations

import csv
import io
import re
from decimal import Decimal
from pathlib import Path

ZERO = Decimal(0)
DATE = re.compile(r"^(\d{4}[-/]?\d{1,2}[-/]?\d{1,2}|\d{2}/\d{2}/\d{4})")

#: file name -> the header texts of its date and money columns. "amount" is signed unless
#: "direction" names the column whose 借 / Dr means money out; "invert" flips a credit
#: card's signs (spending is positive there).
SPEC = {
    "ccb-debit-detail.xls": {"date": "交易日期", "in": "收入", "out": "支出", "balance": "账户余额"},
    "cmb-debit.csv": {"date": "记账日期", "amount": "交易金额", "balance": "联机余额"},
    "cmb-debit-older.csv": {"date": "交易日期", "in": "收入", "out": "支出", "balance": "余额"},
    "bocom-debit.csv": {"date": "交易日期", "amount": "交易金额", "direction": "借贷", "balance": "余额"},
    "icbc-debit-v1.csv": {"date": "交易日期", "in": "记账金额(收入)", "out": "记账金额(支出)", "balance": "余额"},
    "icbc-debit-v2.csv": {"date": "交易日期", "in": "记账金额(收入)", "out": "记账金额(支出)", "balance": "余额"},
    "icbc-credit.csv": {"date": "交易日期", "in": "记账金额(收入)", "out": "记账金额(支出)", "balance": "余额"},
    "abc-debit.csv": {"date": "交易日期", "amount": "交易金额", "balance": "本次余额"},
    "boc-debit.csv": {"date": "记账日期", "amount": "金额", "balance": "余额"},
    "citic-credit.xls": {"date": "交易日期", "amount": "结算金额", "invert": True},
    "hsbchk-debit.csv": {"date": "Date", "amount": "Billing amount", "balance": "Balance"},
    "abc-debit-converted.csv": {"date": "交易日期", "amount": "交易金额", "balance": "本次余额"},
    "boc-debit-converted.csv": {"date": "记账日期", "amount": "金额", "balance": "余额"},
    "bocom-debit-converted.csv": {"date": "交易日期", "amount": "交易金额", "direction": "借贷", "balance": "余额"},
    "cmb-debit-converted.csv": {"date": "记账日期", "amount": "交易金额", "balance": "联机余额"},
    "spdb-debit.xls": {"date": "交易日期", "in": "存入金额", "out": "取出金额", "balance": "余额"},
    "cib-debit-cny.xlsx": {"date": "交易时间", "in": "收入", "out": "支出", "balance": "账户余额"},
    "bocom-query.csv": {"date": "记账日期", "in": "收入金额", "out": "支出金额", "balance": "余额"},
}


def raw_rows(path: Path) -> list[tuple[int, list[str]]]:
    blob = path.read_bytes()
    if blob.startswith(b"PK"):
        import openpyxl

        ws = openpyxl.load_workbook(path, read_only=True, data_only=True).worksheets[0]
        ws.reset_dimensions()  # 兴业银行's .xlsx says its sheet is A1:A1, and only that cell was read
        rows = [(i, ["" if v is None else str(v) for v in r]) for i, r in enumerate(ws.iter_rows(values_only=True), 1)]
    elif blob.startswith(b"\xd0\xcf"):
        import xlrd

        sh = xlrd.open_workbook(file_contents=blob).sheet_by_index(0)
        rows = [(r + 1, [repr(v) if isinstance(v, float) else str(v) for v in sh.row_values(r)]) for r in range(sh.nrows)]
    else:
        for enc in ("utf-8-sig", "gb18030"):
            try:
                text = blob.decode(enc)
                break
            except UnicodeDecodeError:
                continue
        rows, line = [], 1
        reader = csv.reader(io.StringIO(text))
        for record in reader:
            rows.append((line, record))
            line = reader.line_num + 1
    return [(n, ["".join(c.split()).replace("（", "(").replace("）", ")") for c in cells]) for n, cells in rows]


def money(text: str) -> Decimal:
    t = text.replace(",", "").replace("¥", "").replace("￥", "").lstrip("+")
    return Decimal(t) if t not in ("", "-", "/", "--") else ZERO


def movement(path: Path) -> tuple[Decimal, Decimal, dict[int, Decimal], list[tuple[int, Decimal]]]:
    """(money in, money out (negative), the signed amount of each data row by its row number,
    and (row, balance) for rows whose balance is shown) as the file states them."""
    spec = SPEC[path.name]
    rows = raw_rows(path)
    names = {k: "".join(v.split()) for k, v in spec.items() if isinstance(v, str)}
    at = next(i for i, (_, cells) in enumerate(rows) if names["date"] in cells)
    header = rows[at][1]
    col = {k: header.index(v) for k, v in names.items()}
    money_in = money_out = ZERO
    amounts: dict[int, Decimal] = {}
    balances = []
    for number, cells in rows[at + 1:]:
        if len(cells) <= col["date"] or not DATE.match(cells[col["date"]]):
            continue
        if "amount" in col:
            value = money(cells[col["amount"]])
            if "direction" in col:
                value = -abs(value) if "借" in cells[col["direction"]] else abs(value)
            if spec.get("invert"):
                value = -value
            in_part, out_part = (value, ZERO) if value > 0 else (ZERO, value)
        else:
            in_part, out_part = money(cells[col["in"]]), -money(cells[col["out"]])
        money_in += in_part
        money_out += out_part
        amounts[number] = in_part + out_part
        if "balance" in col and re.search(r"\d", cells[col["balance"]]) and "x" not in cells[col["balance"]]:
            balances.append((number, money(cells[col["balance"]])))
    return money_in, money_out, amounts, balances
