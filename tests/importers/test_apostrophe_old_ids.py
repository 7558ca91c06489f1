"""A statement imported before a5df961 dropped a cell's leading apostrophe (Excel's text
marker, '王小明, 'ICBC2024…) is already in the books when imported again.

Why: the payer, account and memo are part of a row's fingerprint id, and the bank's own id
is the row's id; read without the apostrophe, every such row got an id the books did not
hold, and the same statement imported again proposed its money a second time (50,100.00 of
two gifts and a 200.00 gift of the statements below). The entries here are what relief
wrote for them at a5df961^, ids and all."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

from beancount.core import data

from importers.run import extract_files, load_importers
from ledger.books import load_books
from ledger.init_books import init_books

NO_ID = ("交易日期,摘要,对方户名,对方账号,收入金额,支出金额,余额\n"
         "2024-03-04,'转账存入,'某某机械制造有限公司,'6222020000001234,50000.00,,50000.00\n"
         "2024-03-05,转账存入,'王小明,6222020000009999,100.00,,50100.00\n")
WITH_ID = ("交易日期,交易流水号,摘要,对方户名,收入金额,支出金额,余额\n"
           "2024-03-06,'ICBC20240306000001,转账存入,'李四,200.00,,50300.00\n")

#: what `relief import --write` of the two files wrote at a5df961^ (its documents left out)
WRITTEN_BEFORE = """
2024-03-04 ! "'某某机械制造有限公司" "'转账存入"
  fund: "GENERAL"
  donor: "UNIDENTIFIED"
  source_ref: "icbc:icbc-corporate-a5c12f5d8ef7f734"
  receipt: "JZ-2024-00001"
  Assets:Bank:Basic            50000.00 CNY
  Income:Donation:Enterprise  -50000.00 CNY

2024-03-05 ! "'王小明" "转账存入"
  fund: "GENERAL"
  donor: "UNIDENTIFIED"
  source_ref: "icbc:icbc-corporate-75a8554aabdfcb45"
  receipt: "JZ-2024-00002"
  Assets:Bank:Basic            100.00 CNY
  Income:Donation:Individual  -100.00 CNY

2024-03-06 balance Assets:Bank:Basic                               50100.00 CNY
  statement_start: 2024-03-04
  statement_end: 2024-03-05

2024-03-06 ! "'李四" "转账存入"
  fund: "GENERAL"
  donor: "UNIDENTIFIED"
  source_ref: "icbc:'ICBC20240306000001"
  receipt: "JZ-2024-00003"
  Assets:Bank:Basic            200.00 CNY
  Income:Donation:Individual  -200.00 CNY

2024-03-07 balance Assets:Bank:Basic                               50300.00 CNY
  statement_start: 2024-03-06
  statement_end: 2024-03-06
"""


def test_rows_booked_with_the_apostrophe_are_already_in_the_books(tmp_path):
    main = init_books(tmp_path / "books", name_zh="测试", name_en="Test", year=2024)
    with (main.parent / "inbox.beancount").open("a", encoding="utf-8") as f:
        f.write(WRITTEN_BEFORE)
    loaded = load_books(main)
    assert not loaded.errors, loaded.errors
    for name, text in (("noid.csv", NO_ID), ("withid.csv", WITH_ID)):
        path = tmp_path / name
        path.write_text(text, encoding="utf-8")
        (result,) = extract_files(loaded, [path], load_importers(loaded.root), account="Assets:Bank:Basic")
        assert result.problem is None, result.problem
        assert not [e for e in result.new if isinstance(e, data.Transaction)], (name, result.new)


def test_the_apostrophe_still_leaves_the_payer(tmp_path):
    main = init_books(tmp_path / "books", name_zh="测试", name_en="Test", year=2024)
    loaded = load_books(main)
    path = tmp_path / "withid.csv"
    path.write_text(WITH_ID, encoding="utf-8")
    (result,) = extract_files(loaded, [path], load_importers(loaded.root), account="Assets:Bank:Basic")
    (gift,) = [e for e in result.new if isinstance(e, data.Transaction)]
    assert gift.payee == "李四" and gift.meta["source_ref"] == "icbc:ICBC20240306000001"


DONATIONS = ("日期,捐赠人,捐赠人类型,金额,物资,数量,单价,基金,匿名,需要感谢信,联系方式,收款方式,估值依据,备注,凭证号\n"
             "2026-03-05,'王小明,个人,500,,,,GENERAL,否,否,,现金,,'春节捐款,\n"
             "2026-03-06,'张三丰,个人,300,,,,GENERAL,否,否,,现金,,,'PZ001\n")
DONATIONS_BEFORE = """
2026-03-05 ! "'王小明" "'春节捐款"
  fund: "GENERAL"
  donor: "UNIDENTIFIED"
  letter: "no"
  source_ref: "donations-f5cf8fa19e957878"
  receipt: "JZ-2026-00001"
  Assets:Cash                  500.00 CNY
  Income:Donation:Individual  -500.00 CNY

2026-03-06 ! "'张三丰" "捐款"
  fund: "GENERAL"
  donor: "UNIDENTIFIED"
  letter: "no"
  source_ref: "donations:'PZ001"
  receipt: "JZ-2026-00002"
  Assets:Cash                  300.00 CNY
  Income:Donation:Individual  -300.00 CNY
"""
ROSTER = "日期,案例编号,类别,金额,基金,审批单号,发放方式,备注\n2026-04-10,C0001,特困救助,600,GENERAL,'SP-2026-0001,现金,\n"
ROSTER_BEFORE = """
2026-03-01 * "提取备用金"
  fund: "GENERAL"
  Assets:Cash  1000.00 CNY
  Assets:Bank:Basic

2026-04-10 * "特困救助发放"
  fund: "GENERAL"
  approval: "'SP-2026-0001"
  case: "C0001"
  source_ref: "roster-e857bc4f58a791d0"
  Expenses:Aid:Living   600.00 CNY
  Assets:Cash          -600.00 CNY
"""


def _again(books: Path, written: str, name: str, text: str, tmp_path: Path):
    with (books / "inbox.beancount").open("a", encoding="utf-8") as f:
        f.write(written)
    loaded = load_books(books)
    assert not loaded.errors, loaded.errors
    path = tmp_path / name
    path.write_text(text, encoding="utf-8")
    (result,) = extract_files(loaded, [path], load_importers(loaded.root))
    assert result.problem is None, result.problem
    return [e for e in result.new if isinstance(e, data.Transaction)]


def test_a_donation_register_booked_with_the_apostrophe_adds_nothing(tmp_path):
    """The donor '王小明 is in the fingerprint, the voucher 'PZ001 is the id: 800.00 booked twice."""
    main = init_books(tmp_path / "books", name_zh="测试", name_en="Test", year=2026)
    assert _again(main.parent, DONATIONS_BEFORE, "donations.csv", DONATIONS, tmp_path) == []


def test_a_roster_booked_with_the_apostrophe_adds_nothing(books, tmp_path):
    """The approval 'SP-2026-0001 is in the fingerprint: 600.00 of aid paid twice."""
    assert _again(books, ROSTER_BEFORE, "roster.csv", ROSTER, tmp_path) == []


WECHAT = Path(__file__).parent / "real" / "wechat" / "wechat.csv"


def _red_packet(entry_id: str, ref: str) -> tuple[str, str]:
    """The real WeChat Pay bill with its 微信红包 of 0.35 from '王小明 (its 交易单号 `entry_id`,
    empty or behind an apostrophe), and the entry relief wrote for it at a5df961^ (`ref`)."""
    text = WECHAT.read_text(encoding="utf-8").replace(",微信红包,同性好友,/,收入,¥0.35,/,已存入零钱,3985734\t,129847129\t,",
                                                      f",微信红包,'王小明,/,收入,¥0.35,/,已存入零钱,{entry_id},")
    written = ('\n2017-10-20 open Assets:Online:WeChat CNY\n  name_zh: "微信支付"\n  name_en: "WeChat Pay balance"\n'
               f'\n2019-09-24 ! "\'王小明" "微信红包"\n  fund: "GENERAL"\n  donor: "UNIDENTIFIED"\n  source_ref: "{ref}"\n'
               '  receipt: "JZ-2019-00001"\n  Assets:Online:WeChat         0.35 CNY\n  Income:Donation:Individual  -0.35 CNY\n')
    return text, written


def test_a_wechat_pay_bill_booked_with_the_apostrophe_adds_nothing(tmp_path):
    """The 交易单号 '3985734 was the row's id; with no 交易单号, the payer '王小明 was in its fingerprint."""
    for n, (entry_id, ref) in enumerate((("'3985734\t,129847129\t", "wechat:'3985734"), (",", "wechat:row-38cfe4ea32ac8a27"))):
        main = init_books(tmp_path / f"books{n}", name_zh="测试", name_en="Test", year=2017)
        text, written = _red_packet(entry_id, ref)
        with (main.parent / "inbox.beancount").open("a", encoding="utf-8") as f:
            f.write(written)
        loaded = load_books(main)
        assert not loaded.errors, loaded.errors
        path = tmp_path / "wechat.csv"
        path.write_text(text, encoding="utf-8")
        (result,) = extract_files(loaded, [path], load_importers(loaded.root), verify_summary=False)
        assert result.problem is None, result.problem
        again = [e for e in result.new if isinstance(e, data.Transaction) and e.date.isoformat() == "2019-09-24"
                 and any(p.units.number == Decimal("0.35") for p in e.postings)]
        assert again == [], (ref, again)
