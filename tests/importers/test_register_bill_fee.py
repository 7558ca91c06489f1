"""A gift in the donation register and in a WeChat Pay bill that took a 服务费 is booked once.

The register holds what the donor gave (1,000.00); the bill books the gift at its gross with
the platform's charge (6.00) as a bank fee, so the balance gets 994.00. The link between a
register's row and a statement's asked for a gift of two postings, the same amount on the
account: the bill's gift, of three postings and 994.00 on the account, was never linked,
and the gift was booked twice (a second receipt, 1,000.00 more income). Now the two are
linked by the amount given, the fee stays booked as a fee whichever file comes first, and a
register holding the net (994.00) is not linked but named in the dry run, with what to do.
"""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from beancount.core import data

from importers.dedupe import LINK_GIFT, LINKED
from importers.run import extract_files, load_importers, render, write_import
from ledger.books import load_books

WECHAT = "Assets:Online:WeChat"
FEES = "Expenses:Operations:BankFees"
INCOME = "Income:Donation:Individual"
BILL = ("微信支付账单明细,,,,,,,,,,,\n共1笔记录,,,,,,,,,,,\n"
        "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,服务费(元),备注\n"
        "2026-03-05 10:00:00,二维码收款,王小明,/,收入,¥1000.00,/,已收钱,4200000001\t,/\t,¥6.00,/\n")


def register(tmp_path: Path, amount: str = "1000") -> Path:
    path = tmp_path / "捐赠登记表.csv"
    path.write_text("日期,捐赠人,金额,收款方式,基金,需要感谢信,凭证号\n"
                    f"2026-03-05,D0002,{amount},微信,,是,SJ-1\n", encoding="utf-8")
    return path


def bill(tmp_path: Path) -> Path:
    path = tmp_path / "wechat.csv"
    path.write_text(BILL, encoding="utf-8")
    return path


def extract(root: Path, *paths: Path):
    loaded = load_books(root)
    results = extract_files(loaded, list(paths), load_importers(loaded.root))
    for r in results:
        assert r.problem is None, r.problem
        assert r.conserved, render(results)
    return loaded, results


def books_moved(root: Path) -> dict[str, Decimal]:
    books = load_books(root)
    assert books.errors == [], books.errors
    out: dict[str, Decimal] = {}
    for e in books.entries:
        if isinstance(e, data.Transaction):
            for p in e.postings:
                if p.account in (WECHAT, FEES, INCOME):
                    out[p.account] = out.get(p.account, Decimal(0)) + p.units.number
    return out


def receipts(root: Path) -> int:
    return sum(1 for e in load_books(root).entries if isinstance(e, data.Transaction) and e.meta.get("receipt"))


def test_register_first_then_the_bill_links_the_gift_and_books_the_fee(books, tmp_path):
    before, count = books_moved(books), receipts(books)
    write_import(*extract(books, register(tmp_path)))
    loaded, (b,) = extract(books, bill(tmp_path))
    (link,) = [e for e in b.entries if isinstance(e, data.Transaction) and e.meta.get(LINKED) == LINK_GIFT]
    (fee,) = [e for e in b.new if isinstance(e, data.Transaction)]
    assert {p.account: p.units.number for p in fee.postings} == {WECHAT: Decimal("-6.00"), FEES: Decimal("6.00")}
    assert fee.meta["source_ref"] == "wechat:4200000001:fee" and "receipt" not in fee.meta
    write_import(loaded, [b])
    after = books_moved(books)
    assert {k: after[k] - before.get(k, 0) for k in after} == {WECHAT: Decimal("994.00"), FEES: Decimal("6.00"),
                                                                 INCOME: Decimal("-1000.00")}
    assert receipts(books) == count + 1
    # the bill imported again adds nothing
    _, (again,) = extract(books, bill(tmp_path))
    assert not [e for e in again.new if isinstance(e, data.Transaction)], render([again])


def test_bill_first_then_the_register_is_linked(books, tmp_path):
    before, count = books_moved(books), receipts(books)
    write_import(*extract(books, bill(tmp_path)))
    loaded, (r,) = extract(books, register(tmp_path))
    assert not [e for e in r.new if isinstance(e, data.Transaction)], render([r])
    write_import(loaded, [r])
    after = books_moved(books)
    assert {k: after[k] - before.get(k, 0) for k in after} == {WECHAT: Decimal("994.00"), FEES: Decimal("6.00"),
                                                                 INCOME: Decimal("-1000.00")}
    assert receipts(books) == count + 1


def test_both_in_one_run_book_the_gift_once(books, tmp_path):
    before = books_moved(books)
    write_import(*extract(books, register(tmp_path), bill(tmp_path)))
    after = books_moved(books)
    assert {k: after[k] - before.get(k, 0) for k in after} == {WECHAT: Decimal("994.00"), FEES: Decimal("6.00"),
                                                                 INCOME: Decimal("-1000.00")}


def test_a_register_holding_the_net_is_not_linked_and_the_dry_run_says_why(books, tmp_path):
    write_import(*extract(books, bill(tmp_path)))
    _, (r,) = extract(books, register(tmp_path, "994"))
    (gift,) = [e for e in r.new if isinstance(e, data.Transaction)]  # not guessed away
    assert gift.postings[0].units.number == Decimal("994.00")
    assert any("row 2: the register's gift of 994.00 from 王小明 on 2026-03-05 is what the bill's gift of 1,000.00" in n
               and "left after its 服务费 of 6.00" in n and "write 1000.00" in n for n in r.report.notes), r.report.notes


def test_a_register_holding_the_net_then_the_bill_says_why_in_the_bills_dry_run(books, tmp_path):
    write_import(*extract(books, register(tmp_path, "994")))
    _, (b,) = extract(books, bill(tmp_path))
    assert [e.meta.get("source_ref") for e in b.new if isinstance(e, data.Transaction)] == ["wechat:4200000001"]
    assert any("row 4: the gift of 1,000.00 from 王小明 on 2026-03-05 left 994.00 after its 服务费 of 6.00, the amount "
               "of the register's gift (inbox.beancount:" in n and "not linked" in n for n in b.report.notes), b.report.notes
