"""Shared helpers for the importer tests (profiles for the real files of other banks)."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from beancount import loader
from beancount.core import data

REAL = Path(__file__).resolve().parents[3] / "shared" / "fixtures" / "real"
if not REAL.exists():
    REAL = Path("/work/shared/fixtures/real")

#: The real exports of banks without a built-in profile, described the way a user would in
#: import_config.py (docs/importing.md).
OTHER_BANKS = [
    {"id": "spdb-debit", "name": "浦发银行借记卡", "sign": "in-out", "account_pattern": r"^(\d{8,})$",
     "columns": {"date": "交易日期", "in": "存入金额", "out": "取出金额", "balance": "余额",
                 "payer": "交易对手名称", "payer_account": "交易对手账号", "memo": ["交易类型", "附言"], "id": "顺序号"}},
    {"id": "citic-credit", "name": "中信银行信用卡", "sign": "signed", "invert": True,
     "columns": {"date": "交易日期", "amount": "结算金额", "currency": "结算币种", "memo": "交易描述", "own_account": "卡末四位"}},
    {"id": "hsbchk-debit", "name": "HSBC HK", "sign": "signed", "date_format": ["%d/%m/%Y"], "currency": "HKD",
     "columns": {"date": "Date", "amount": "Billing amount", "currency": "Billing currency", "balance": "Balance",
                 "memo": "Description"}},
]

_BOOKS = """
option "operating_currency" "CNY"
2020-01-01 open Assets:Bank:Basic
2020-01-01 open Assets:Online:WeChat
2020-01-01 open Assets:Online:Alipay
2020-01-01 custom "fund" "GENERAL" "unrestricted"
"""


def books_entries():
    entries, _, _ = loader.load_string(_BOOKS)
    return entries


def real_bills() -> list[Path]:
    """Every real WeChat Pay and Alipay bill: those in shared/fixtures/real/payments, and those
    only in tests/importers/real/wechat|alipay (a file in both is listed once)."""
    shared = sorted((REAL / "payments").glob("*.*")) if (REAL / "payments").exists() else []
    here = Path(__file__).parent / "real"
    seen = {p.read_bytes() for p in shared}
    own = sorted(p for kind in ("wechat", "alipay") for p in (here / kind).glob("*")
                 if p.suffix in (".csv", ".xlsx") and p.read_bytes() not in seen)
    return shared + own


def extract_one(books: Path, path: Path):
    """`path` imported (a dry run) into `books` as `relief import` does: its FileResult."""
    from importers.run import extract_files, load_importers
    from ledger.books import load_books

    loaded = load_books(books)
    (result,) = extract_files(loaded, [path], load_importers(loaded.root))
    return result


def booked_amounts(result) -> dict[str, Decimal]:
    """A result read without a problem and conserved: its new transactions' first amounts by
    the last part of their source_ref (the row's id)."""
    assert result.problem is None, result.problem
    assert result.conserved, [(m.account, m.file_net) for m in result.money]
    return {e.meta["source_ref"].split(":")[-1]: e.postings[0].units.number
            for e in result.new if isinstance(e, data.Transaction)}
