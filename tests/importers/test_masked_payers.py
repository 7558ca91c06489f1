"""A payer's name a bill shows masked (张*, 王*华) names no one: WeChat Pay shows most people
so, and different people share one mask. Such names were proposed as donors, one proposal
per mask, so two people's gifts were put forward as one donor's."""

from __future__ import annotations

from importers.values import is_masked_name
from tests.importers.test_behaviour import extract, txns

HEAD = ("微信支付账单明细,,,,,,,,,,\n,,,,,,,,,,\n"
        "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注\n")


def test_masked_names_are_told_from_names():
    assert all(is_masked_name(n) for n in ("张*", "王*华", "**明", "刘＊"))
    assert not any(is_masked_name(n) for n in ("张三", "某某机械厂", "Li Ming"))


def test_a_masked_payer_is_not_proposed_as_a_donor(books, tmp_path):
    bill = tmp_path / "bill.csv"
    bill.write_text(HEAD + "2026-03-05 10:00:00,转账,张*,/,收入,¥100.00,零钱,已收钱,P1\t,/,/\n"
                    "2026-03-06 10:00:00,转账,张*,/,收入,¥50.00,零钱,已收钱,P2\t,/,/\n"
                    "2026-03-07 10:00:00,转账,李四,/,收入,¥30.00,零钱,已收钱,P3\t,/,/\n", encoding="utf-8")
    (r,) = extract(books, bill)
    gifts = {t.meta["source_ref"]: t for t in txns(r)}
    proposals = [e for e in r.new if getattr(e, "type", None) == "donor-proposal"]
    assert [p.meta["name"] for p in proposals] == ["李四"]
    for ref in ("wechat:P1", "wechat:P2"):
        assert gifts[ref].meta["donor"] == "UNIDENTIFIED" and "proposed_donor" not in gifts[ref].meta
        assert "masked" in gifts[ref].meta["note"] and gifts[ref].flag == "!"
    assert gifts["wechat:P3"].meta["proposed_donor"] == proposals[0].values[0].value
