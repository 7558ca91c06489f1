"""Two donors giving the same amount the same minute by WeChat Pay, in the register and the bill.

WeChat Pay masks its payers (李*, 张*); the donation register names them (张三, 李四). The
register's gifts and the bill's were linked one to one, but the payer's name was the only
preference, and a masked name is never the same text: 张三's register row took the first row
of the amount (李*'s), and the note told the officer to set 张三 on 李*'s entry and 李四 on
张*'s: each donor's receipt for the other's money. A masked payer that fits the donor's name
now comes before one that does not, whichever file comes first.
"""

from __future__ import annotations

import pytest
from beancount.core import data

from importers.dedupe import DUPLICATE, LINK_GIFT, LINKED
from importers.run import extract_files, load_importers, render
from ledger.books import load_books

BILL = ("微信支付账单明细\n起始时间：[2026-03-01 00:00:00] 终止时间：[2026-03-31 23:59:59]\n共3笔记录\n"
        "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注\n"
        "2026-03-04 11:00:00,转账,李*,/,收入,¥200.00,/,已收钱,4200601\t,/\t,/\n"
        "2026-03-04 11:00:00,转账,王*明,/,收入,¥200.00,/,已收钱,4200603\t,/\t,/\n"
        "2026-03-04 11:00:00,转账,张*,/,收入,¥200.00,/,已收钱,4200602\t,/\t,/\n")
REGISTER = ("日期,捐赠人,金额,收款方式,基金,需要感谢信,凭证号\n"
            "2026-03-04,张三,200,微信,,,V1\n2026-03-04,D0002,200,微信,,,V2\n2026-03-04,李四,200,微信,,,V3\n")


@pytest.mark.parametrize("register_first", [True, False], ids=["register-first", "bill-first"])
def test_each_register_gift_is_linked_to_the_masked_payer_it_fits(books, tmp_path, register_first):
    bill, register = tmp_path / "微信支付账单.csv", tmp_path / "捐赠登记表.csv"
    bill.write_text(BILL, encoding="utf-8")
    register.write_text(REGISTER, encoding="utf-8")
    loaded = load_books(books)
    results = extract_files(loaded, [register, bill] if register_first else [bill, register], load_importers(loaded.root))
    links = [e for r in results for e in r.entries if isinstance(e, data.Transaction) and e.meta.get(LINKED) == LINK_GIFT]
    assert len(links) == 3, render(results)
    pairs = set()
    for e in links:
        other = e.meta[DUPLICATE]
        masked, named = (e, other) if "*" in str(e.payee) else (other, e)
        pairs.add((named.meta["source_ref"], masked.payee))
    assert pairs == {("donations:V1", "张*"), ("donations:V2", "王*明"), ("donations:V3", "李*")}, render(results)


@pytest.mark.parametrize("register_first", [True, False], ids=["register-first", "bill-first"])
def test_a_mistyped_register_gift_beside_a_masked_payer_is_named(books, tmp_path, register_first):
    """The register's 1,000.01 from 张三 (one digit mistyped) and the bill's 1,000.00 from 张*
    on the same day are not linked (the amounts differ); a note says so when the payer is the
    donor (tests/importers/test_near_twin.py), but a masked payer was no payer at all, and both
    were booked without a word: 2,000.01 of gifts where 1,000.00 came. A masked payer that
    fits the donor's name now gets the note too, whichever file comes first."""
    bill, register = tmp_path / "微信支付账单.csv", tmp_path / "捐赠登记表.csv"
    bill.write_text(BILL.replace("共3笔", "共1笔").split("2026-03-04 11:00:00,转账,王*明")[0].replace(",李*,", ",张*,")
                    .replace("¥200.00", "¥1000.00"), encoding="utf-8")
    register.write_text("日期,捐赠人,金额,收款方式,基金,需要感谢信,凭证号\n2026-03-04,张三,1000.01,微信,,,V1\n", encoding="utf-8")
    loaded = load_books(books)
    results = extract_files(loaded, [register, bill] if register_first else [bill, register], load_importers(loaded.root))
    notes = [n for r in results for n in r.report.notes if "is not linked to the gift of" in n]
    assert len(notes) == 1 and "1,000.01" in notes[0] and "1,000.00" in notes[0], render(results)
