"""A bank row of petty cash taken out (ATM取款, 现金支取, 提取备用金) goes into the cash box.

It was money out flagged on Liabilities:Payable like any payment nothing explains, and the
officer had to move it to Assets:Cash by hand before the month's cash count held. It is now
booked into the books' cash account, flagged with a note to check it against the cash book;
a payment to someone whose memo says 备用金 is still a payment to decide.
"""

from __future__ import annotations

import csv
import io
from decimal import Decimal
from pathlib import Path

import pytest

from tests.importers.support import extract_one

HEAD = ["交易日期", "摘要", "交易场所", "交易国家或地区简称", "钞/汇", "交易金额(收入)", "交易金额(支出)", "交易币种",
        "记账金额(收入)", "记账金额(支出)", "记账币种", "余额", "对方户名"]


def _statement(path: Path, memo: str, payee: str = "") -> Path:
    out = [["明细查询文件下载"], [], ["卡号: 6222****2222"], ["起止日期: 2026-03-01 至 2026-03-31"], [], HEAD,
           ["2026-03-12", memo, "", "CHN", "钞", "-", "-", "-", "", "2,000.00", "人民币", "-2,000.00", payee]]
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(out)
    path.write_bytes(buf.getvalue().encode("gb18030"))
    return path


@pytest.mark.parametrize("memo", ["ATM取款", "现金支取", "提取备用金"])
def test_a_cash_withdrawal_goes_into_the_cash_box(books, tmp_path, memo):
    result = extract_one(books, _statement(tmp_path / "icbc.csv", memo))
    (entry,) = [e for e in result.new if hasattr(e, "postings")]
    assert {p.account: p.units.number for p in entry.postings} == {"Assets:Bank:Basic": Decimal("-2000.00"),
                                                                   "Assets:Cash": Decimal("2000.00")}
    assert entry.flag == "!" and entry.meta["note"].startswith(f"a cash withdrawal ({memo}): booked into Assets:Cash")
    assert result.conserved


def test_money_to_someone_for_petty_cash_is_still_to_decide(books, tmp_path):
    result = extract_one(books, _statement(tmp_path / "icbc.csv", "备用金", payee="王会计"))
    (entry,) = [e for e in result.new if hasattr(e, "postings")]
    assert "Liabilities:Payable" in {p.account for p in entry.postings}


def _deposit(path: Path, memo: str, payer: str = "") -> Path:
    out = [["明细查询文件下载"], [], ["卡号: 6222****2222"], ["起止日期: 2026-03-01 至 2026-03-31"], [], HEAD,
           ["2026-03-12", memo, "", "CHN", "钞", "-", "-", "-", "1,500.00", "", "人民币", "1,500.00", payer]]
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(out)
    path.write_bytes(buf.getvalue().encode("gb18030"))
    return path


@pytest.mark.parametrize("memo", ["现金存入", "ATM存款", "存现"])
def test_cash_paid_into_the_bank_comes_out_of_the_cash_box(books, tmp_path, memo):
    """The donation box's 1,500.00, recorded from the donations register into Assets:Cash, then
    paid in at the bank (现金存入, naming no payer): the deposit was a second gift of 1,500.00
    from an unknown payer, with a receipt number, and the cash box kept the 1,500.00."""
    result = extract_one(books, _deposit(tmp_path / "icbc.csv", memo))
    (entry,) = [e for e in result.new if hasattr(e, "postings")]
    assert {p.account: p.units.number for p in entry.postings} == {"Assets:Bank:Basic": Decimal("1500.00"),
                                                                   "Assets:Cash": Decimal("-1500.00")}
    assert entry.flag == "!" and "receipt" not in entry.meta
    assert entry.meta["note"].startswith(f"a cash deposit ({memo}): booked out of Assets:Cash"), entry.meta
    assert result.conserved


def test_cash_a_donor_paid_in_at_the_counter_is_still_their_gift(books, tmp_path):
    result = extract_one(books, _deposit(tmp_path / "icbc.csv", "现金存入", payer="王小明"))
    (entry,) = [e for e in result.new if hasattr(e, "postings")]
    assert entry.meta.get("donor") == "D0002" and "receipt" in entry.meta, entry.meta


def test_cash_paid_in_naming_the_cash_box_as_payer_comes_out_of_it(books, tmp_path):
    """The demo's own statements (relief demo) write the payer of 现金存入 as 库存现金, the
    name_zh of Assets:Cash: imported, the 350.00 was a gift from 库存现金 with a receipt and a
    donor proposal for the cash box."""
    result = extract_one(books, _deposit(tmp_path / "icbc.csv", "现金存入", payer="库存现金"))
    (entry,) = [e for e in result.new if hasattr(e, "postings")]
    assert {p.account for p in entry.postings} == {"Assets:Bank:Basic", "Assets:Cash"}, entry
    assert "receipt" not in entry.meta and not [e for e in result.new if getattr(e, "type", "") == "donor-proposal"]


def test_cash_taken_out_naming_the_cash_box_as_payee_goes_into_it(books, tmp_path):
    """The demo's statements write 现金支取 of 1,730.00 to 库存现金: held on Liabilities:Payable as
    a payment to decide, where the demo's books have it in the cash box."""
    result = extract_one(books, _statement(tmp_path / "icbc.csv", "现金支取", payee="库存现金"))
    (entry,) = [e for e in result.new if hasattr(e, "postings")]
    assert {p.account for p in entry.postings} == {"Assets:Bank:Basic", "Assets:Cash"}, entry
