"""One bank debit paying a roster's aid to several households at once (代发).

Centres pay hardship aid through the bank's batch payment (代发): the statement shows one
debit of the batch's total (1,300.00, its memo 代发 and often the approval number), the
roster one row per household (800.00 and 500.00), each booked as aid paid from the bank.
The debit was looked for against each aid entry alone, matched none, and was booked again on
Liabilities:Payable: 1,300.00 paid out twice in the books, stopped only by a balance
assertion where the statement has balances. Now a debit whose memo names an approval number,
or says it is a batch, is linked to the aid entries it pays when they add up to it to the fen.
"""

from __future__ import annotations

import csv
import io

import pytest

from importers.run import extract_files, load_importers
from ledger.books import load_books

HEAD = ["交易日期", "摘要", "交易场所", "交易国家或地区简称", "钞/汇", "交易金额(收入)", "交易金额(支出)", "交易币种",
        "记账金额(收入)", "记账金额(支出)", "记账币种", "余额", "对方户名"]
ROSTER = ("日期,案例编号,类别,金额,审批单号,发放方式\n2026-03-10,C0001,特困救助,800,SP-2026-0060,银行\n"
          "2026-03-10,C0002,医疗救助,500,SP-2026-0060,银行\n")


def _run(books, tmp_path, memo, total):
    roster = tmp_path / "花名册.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    rows = [["明细查询文件下载"], [], ["卡号: 6222****2222"], ["起止日期: 2026-03-01 至 2026-03-31"], [], HEAD,
            ["2026-03-11", memo, "", "CHN", "钞", "-", "-", "-", "", total, "人民币", "****", ""]]
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    statement = tmp_path / "icbc.csv"
    statement.write_bytes(buf.getvalue().encode("gb18030"))
    loaded = load_books(books)
    results = extract_files(loaded, [roster, statement], load_importers(loaded.root))
    assert all(r.problem is None for r in results), [r.problem for r in results]
    return results[1]


@pytest.mark.parametrize("memo", ["代发 SP-2026-0060", "SP-2026-0060 困难帮扶", "代发帮扶金", "批量代付"])
def test_a_batch_debit_is_the_rosters_aid_not_a_second_payment(books, tmp_path, memo):
    statement = _run(books, tmp_path, memo, "1,300.00")
    assert not [e for e in statement.new if getattr(e, "postings", None)], "1,300.00 paid out twice"
    assert len(statement.linked) == 1
    assert any("pays 2 aid entries of the roster at once" in n for n in statement.report.notes)


@pytest.mark.parametrize("memo, total", [("代发 SP-2026-0060", "1,200.00"), ("转账", "1,300.00")])
def test_a_debit_that_is_not_the_batch_is_booked(books, tmp_path, memo, total):
    statement = _run(books, tmp_path, memo, total)
    assert len([e for e in statement.new if getattr(e, "postings", None)]) == 1 and not statement.linked


@pytest.mark.parametrize("memo", ["代发 SP-2026-0060", "代发帮扶金"])
def test_a_roster_after_the_batch_debit_is_linked_to_it(books, tmp_path, memo):
    from importers.run import write_import

    rows = [["明细查询文件下载"], [], ["卡号: 6222****2222"], ["起止日期: 2026-03-01 至 2026-03-31"], [], HEAD,
            ["2026-03-11", memo, "", "CHN", "钞", "-", "-", "-", "", "1,300.00", "人民币", "****", ""]]
    buf = io.StringIO()
    csv.writer(buf, lineterminator="\r\n").writerows(rows)
    statement = tmp_path / "icbc.csv"
    statement.write_bytes(buf.getvalue().encode("gb18030"))
    loaded = load_books(books)
    (first,) = extract_files(loaded, [statement], load_importers(loaded.root))
    write_import(loaded, [first])
    roster = tmp_path / "花名册.csv"
    roster.write_text(ROSTER, encoding="utf-8")
    loaded = load_books(books)
    (result,) = extract_files(loaded, [roster], load_importers(loaded.root))
    assert result.problem is None, result.problem
    assert not [e for e in result.new if getattr(e, "postings", None)], "the roster paid the batch from the bank again"
    assert len(result.linked) == 2
    assert sum("a batch, 代发" in n for n in result.report.notes) == 2
