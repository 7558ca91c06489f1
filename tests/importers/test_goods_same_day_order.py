"""Goods handed out on the day they came in, the receipt in another file of the books.

beancount books a day's entries in the order of their line numbers, whichever file holds them:
a hand-out written to the end of inbox.beancount (line 10) comes before a receipt on line 120
of txns/2026.beancount, when the stock does not hold it yet. The goods register counted the
day's receipt in the stock and proposed the hand-out; `--write` was then refused with
beancount's "Failed to categorize posting 1", nothing the officer could act on. The row is now
refused in the dry run, naming the receipt's file and line and what to do; a receipt that
sorts before the hand-out (in the inbox, or on an earlier day) lets it through as before.
"""

from __future__ import annotations

from importers.run import extract_files, load_importers, write_import
from ledger.books import load_books

PADDING = "".join(f'\n2026-01-{1 + i:02d} * "x" "工会拨款"\n  fund: "GENERAL"\n  Assets:Cash 10.00 CNY\n  Income:Union -10.00 CNY\n'
                  for i in range(20))
RECEIPT = """
{day} * "某某机械" "捐赠大米"
  fund: "GENERAL"
  donor: "D0001"
  receipt: "JZ-2026-00001"
  Assets:Goods             10 RICE {{5.80 CNY}}
  Income:Donation:InKind  -58.00 CNY
"""
REGISTER = "日期,案例编号,物资,数量,审批单号\n2026-03-05,C0001,RICE,3,SP-001\n"


def _run(books, tmp_path, where: str, day: str = "2026-03-05"):
    with (books / where).open("a", encoding="utf-8") as fh:
        fh.write(PADDING if where.startswith("txns") else "")
        fh.write(RECEIPT.format(day=day))
    path = tmp_path / "物资发放登记表.csv"
    path.write_text(REGISTER, encoding="utf-8")
    loaded = load_books(books)
    (result,) = extract_files(loaded, [path], load_importers(loaded.root))
    return loaded, result


def test_a_same_day_receipt_sorting_after_the_hand_out_is_named(books, tmp_path):
    _, result = _run(books, tmp_path, "txns/2026.beancount")
    assert result.problem is not None, "proposed a hand-out beancount books before its goods come in"
    line = (books / "txns/2026.beancount").read_text(encoding="utf-8").splitlines().index('2026-03-05 * "某某机械" "捐赠大米"') + 1
    assert (result.problem.row, result.problem.column) == (2, "数量"), result.problem
    assert f"txns/2026.beancount line {line}" in result.problem.message, result.problem.message
    assert "inbox.beancount" in (result.problem.hint or ""), result.problem.hint


def test_a_same_day_receipt_in_the_inbox_lets_the_hand_out_through(books, tmp_path):
    loaded, result = _run(books, tmp_path, "inbox.beancount")
    assert result.problem is None, result.problem
    write_import(loaded, [result])
    assert "-3 RICE" in (books / "inbox.beancount").read_text(encoding="utf-8")


def test_a_receipt_of_the_day_before_lets_the_hand_out_through(books, tmp_path):
    loaded, result = _run(books, tmp_path, "txns/2026.beancount", day="2026-03-04")
    assert result.problem is None, result.problem
    write_import(loaded, [result])
    assert "-3 RICE" in (books / "inbox.beancount").read_text(encoding="utf-8")
