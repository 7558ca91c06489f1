"""A payer's or donor's name damaged on its way through a spreadsheet or a text editor names
no one: `?` where a character was that the encoding the file was saved in lacks (an emoji
or a rare character such as 𠮷 in a CSV saved as ANSI/GBK), U+FFFD or 锟斤拷 where bytes
were read in the wrong encoding, UTF-8 read as Windows-1252 (ä¸­å›½ for 中国).

Such names were proposed as donors under the damaged spelling, to be thanked in letters
and listed on the site so, and every payer whose emoji nickname became ??? was proposed
as one donor. A bill's or statement's row is now booked as from an unidentified payer,
with a note that says what happened; a register's row is refused (the register is the
centre's own file, to be saved again)."""

from __future__ import annotations

import pytest

from importers.values import is_garbled_name
from tests.importers.support import extract_one
from tests.importers.test_behaviour import extract, txns

HEAD = ("微信支付账单明细,,,,,,,,,,\n,,,,,,,,,,\n"
        "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注\n")
GARBLED = ["?小明", "王??", "???", "锟斤拷锟斤拷", "\ufffd\ufffd明", "ä¸­å›½å·¥å•†", "Ã¤Â¸Â\xadå›½"]


@pytest.mark.parametrize("name", GARBLED)
def test_garbled_names_are_told(name):
    assert is_garbled_name(name)


@pytest.mark.parametrize("name", ["王小明", "某某机械厂", "Li Ming", "Why? Foundation", "José García", "Café Übersee",
                                  "张*", "", "中国银行（香港）"])
def test_names_are_not_garbled(name):
    assert not is_garbled_name(name)


def test_a_garbled_payer_is_not_proposed_as_a_donor(books, tmp_path):
    bill = tmp_path / "bill.csv"
    bill.write_text(HEAD + "2026-03-05 10:00:00,转账,???,/,收入,¥100.00,零钱,已收钱,P1\t,/,/\n"
                    "2026-03-06 10:00:00,转账,???,/,收入,¥50.00,零钱,已收钱,P2\t,/,/\n"
                    "2026-03-07 10:00:00,转账,锟斤拷锟斤拷,/,收入,¥20.00,零钱,已收钱,P3\t,/,/\n"
                    "2026-03-08 10:00:00,转账,李四,/,收入,¥30.00,零钱,已收钱,P4\t,/,/\n", encoding="utf-8")
    (r,) = extract(books, bill)
    gifts = {t.meta["source_ref"]: t for t in txns(r)}
    proposals = [e for e in r.new if getattr(e, "type", None) == "donor-proposal"]
    assert [p.meta["name"] for p in proposals] == ["李四"]
    for ref in ("wechat:P1", "wechat:P2", "wechat:P3"):
        gift = gifts[ref]
        assert gift.meta["donor"] == "UNIDENTIFIED" and "proposed_donor" not in gift.meta and gift.flag == "!"
        assert "damaged" in gift.meta["note"] and "export" in gift.meta["note"], gift.meta["note"]
    assert sum(t.postings[0].units.number for t in gifts.values()) == 200


def test_a_garbled_payer_on_a_bank_statement(books, tmp_path):
    path = tmp_path / "statement.csv"
    path.write_text("交易日期,交易流水号,摘要,对方户名,收入金额,支出金额,余额\n"
                    "2026-03-05,T1,转账,王?明,100.00,,100.00\n", encoding="utf-8")
    result = extract_one(books, path)
    assert result.problem is None, result.problem
    (gift,) = txns(result)
    assert gift.meta["donor"] == "UNIDENTIFIED" and "proposed_donor" not in gift.meta
    assert "王?明" in gift.meta["note"] and "damaged" in gift.meta["note"]
    assert not [e for e in result.new if getattr(e, "type", None) == "donor-proposal"]


def test_a_garbled_donor_in_a_register_is_refused(books, tmp_path):
    path = tmp_path / "donations.csv"
    path.write_text("日期,捐赠人,捐赠人类型,金额,收款方式\n2026-03-05,李四,个人,50,现金\n2026-03-05,王?明,个人,100,现金\n",
                    encoding="utf-8")
    result = extract_one(books, path)
    problem = result.problem
    assert problem is not None and "donations.csv" in problem.message
    assert "row 3" in problem.message and "'王?明'" in problem.message, problem.message
    assert "UTF-8" in problem.message and "XLSX" in problem.message, problem.message
