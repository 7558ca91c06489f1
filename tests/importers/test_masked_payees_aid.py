"""A bank statement that masks its payees' names (李*伟) and the roster's aid it paid.

Banks' downloads often mask the counterparty (李*伟, 赵*红). The debit paying a case's aid
is linked to the roster's entry by the payee's name in private/cases.csv; a masked name
matched none, so each debit was booked again on Liabilities:Payable beside the roster's aid
from the same bank account: 1,000.00 paid out twice in the books, and with the balances
masked too, nothing said so. A masked name now stands for the cases whose names fit it: one
case, and the debit is that case's (its payee the case id, as for a whole name); several,
and the debit is linked to the aid of any of them, whichever order the files come in.
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest

from importers.run import extract_files, load_importers, write_import
from ledger.books import load_books

HEAD = ["交易日期", "摘要", "交易场所", "交易国家或地区简称", "钞/汇", "交易金额(收入)", "交易金额(支出)", "交易币种",
        "记账金额(收入)", "记账金额(支出)", "记账币种", "余额", "对方户名"]


def _statement(path: Path, payees) -> Path:
    rows = [["明细查询文件下载"], [], ["卡号: 6222****2222"], ["起止日期: 2026-03-01 至 2026-03-31"], [], HEAD]
    rows += [["2026-03-10", "跨行汇款", "", "CHN", "钞", "-", "-", "-", "", "500.00", "人民币", "****", p] for p in payees]
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    path.write_bytes(buf.getvalue().encode("gb18030"))
    return path


def _roster(path: Path) -> Path:
    path.write_text("日期,案例编号,类别,金额,审批单号,发放方式\n2026-03-10,C0001,特困救助,500,SP-2026-0050,银行\n"
                    "2026-03-10,C0002,特困救助,500,SP-2026-0051,银行\n", encoding="utf-8")
    return path


def _bank_out(results) -> list:
    return [p.units.number for r in results for e in r.new for p in getattr(e, "postings", ()) if p.account == "Assets:Bank:Basic"]


def test_masked_debits_in_one_run_are_the_rosters_aid(books, tmp_path):
    loaded = load_books(books)
    results = extract_files(loaded, [_roster(tmp_path / "花名册.csv"), _statement(tmp_path / "icbc.csv", ["李*伟", "赵*红"])],
                            load_importers(loaded.root))
    assert all(r.problem is None for r in results), [r.problem for r in results]
    assert sum(_bank_out(results)) == -1000, f"paid out twice: {_bank_out(results)}"
    assert len(results[1].linked) == 2


def test_a_roster_after_the_masked_statement_finds_its_debits(books, tmp_path):
    loaded = load_books(books)
    (statement,) = extract_files(loaded, [_statement(tmp_path / "icbc.csv", ["李*伟", "赵*红"])], load_importers(loaded.root))
    assert sorted(e.payee for e in statement.new if getattr(e, "postings", None)) == ["C0001（帮扶对象）", "C0002（帮扶对象）"]
    write_import(loaded, [statement])
    loaded = load_books(books)
    (roster,) = extract_files(loaded, [_roster(tmp_path / "花名册.csv")], load_importers(loaded.root))
    assert roster.problem is None, roster.problem
    assert _bank_out([roster]) == [], "the roster paid the aid from the bank a second time"


@pytest.mark.parametrize("payee", ["王*五", "李*"])
def test_a_mask_fitting_no_case_or_several_is_no_case_id(books, tmp_path, payee):
    (books / "private" / "cases.csv").write_text(
        "case,name,id_number,phone,address,family,cause_detail,skills,job_wishes,state_of_mind\n"
        "C0001,李大伟,,,,,,,,\nC0002,李小红,,,,,,,,\n", encoding="utf-8")
    loaded = load_books(books)
    (statement,) = extract_files(loaded, [_statement(tmp_path / "icbc.csv", [payee])], load_importers(loaded.root))
    assert [e.payee for e in statement.new if getattr(e, "postings", None)] == [payee]


def test_a_mask_fitting_two_cases_links_to_the_aid_of_either(books, tmp_path):
    (books / "private" / "cases.csv").write_text(
        "case,name,id_number,phone,address,family,cause_detail,skills,job_wishes,state_of_mind\n"
        "C0001,李大伟,,,,,,,,\nC0002,李小伟,,,,,,,,\n", encoding="utf-8")
    loaded = load_books(books)
    results = extract_files(loaded, [_roster(tmp_path / "花名册.csv"), _statement(tmp_path / "icbc.csv", ["李*伟", "李*伟"])],
                            load_importers(loaded.root))
    assert all(r.problem is None for r in results), [r.problem for r in results]
    assert sum(_bank_out(results)) == -1000 and len(results[1].linked) == 2


def test_a_payees_name_in_the_banks_memo_is_not_written_into_the_books(books, tmp_path):
    """A debit to a case (its payee 李大伟, in private/cases.csv) had its payee written as the
    case id, but the bank's 摘要 ("李大伟大病救助款") went into the entry's narration as it was:
    the name of the person helped in the books, in every copy and in Fava. The name in the
    memo is written as the case id too (so is the name the bank masked, and the case's own
    name beside it)."""
    rows = [["明细查询文件下载"], [], ["卡号: 6222****2222"], ["起止日期: 2026-03-01 至 2026-03-31"], [], HEAD,
            ["2026-03-10", "李大伟 大病救助款", "", "CHN", "钞", "-", "-", "-", "", "500.00", "人民币", "****", "李大伟"],
            ["2026-03-11", "赵*红慰问（赵小红）", "", "CHN", "钞", "-", "-", "-", "", "300.00", "人民币", "****", "赵*红"]]
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    path = tmp_path / "icbc.csv"
    path.write_bytes(buf.getvalue().encode("gb18030"))
    loaded = load_books(books)
    (statement,) = extract_files(loaded, [path], load_importers(loaded.root))
    assert [(e.payee, e.narration) for e in statement.new if getattr(e, "postings", None)] == [
        ("C0001（帮扶对象）", "C0001 大病救助款"), ("C0002（帮扶对象）", "C0002慰问（C0002）")]
