"""A gift in the donation register and on the statement is booked once (#12).

The donation register (捐赠登记表) says a gift came in by bank, WeChat or Alipay; that
account's statement or bill holds the same money. The two rows are linked (same account,
same amount, dates within ImportOptions.link_window_days, one to one, the payer's name
preferred): whichever is imported second is shown as linked to the first and counted as
already in the books, in either order, in separate runs or in one. A register row that
linked to a statement's UNIDENTIFIED entry prints a note telling the officer what to set on
that entry by hand (the importers never rewrite the books).

The property: a generated register and a generated statement sharing some gifts, imported
in random order, together or one run after the other: the books' movement on the bank
account equals the statement's plus the register's gifts the statement does not hold; each
file's money adds up. With the link planted away, the check fails.
"""

from __future__ import annotations

import csv
import datetime
import random
import shutil
import types
from decimal import Decimal
from pathlib import Path

import pytest
from beancount.core import data
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from importers import dedupe
from importers.dedupe import DUPLICATE, LINK_GIFT, LINKED
from importers.run import extract_files, load_importers, render, write_import
from ledger.books import load_books

ZERO = Decimal(0)
BANK = "Assets:Bank:Basic"
WECHAT = "Assets:Online:WeChat"
REG_HEADER = ["日期", "捐赠人", "金额", "收款方式", "基金", "需要感谢信", "凭证号"]
CMB_HEADER = ["记账日期", "货币", "交易金额", "联机余额", "交易摘要", "对手信息", "客户摘要"]
WECHAT_HEADER = "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注\n"


@pytest.fixture(scope="module")
def loaded(tmp_path_factory, books_template):
    root = tmp_path_factory.mktemp("link") / "books"
    shutil.copytree(books_template, root)
    return load_books(root)


def extract(books, paths):
    return extract_files(books, [Path(p) for p in paths], load_importers(books.root), account=BANK, balance=False)


def register(path: Path, rows: list[tuple]) -> Path:
    """rows: (date, donor, amount, received[, fund, letter, ref])."""
    with path.open("w", encoding="utf-8", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(REG_HEADER)
        for r in rows:
            w.writerow(list(r) + [""] * (len(REG_HEADER) - len(r)))
    return path


def statement(path: Path, rows: list[tuple]) -> Path:
    """A CMB download; rows: (date, amount, payer)."""
    balance = Decimal("0.00")
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        w = csv.writer(fh)
        w.writerow(CMB_HEADER)
        for day, amount, payer in sorted(rows, key=lambda r: r[0]):
            balance += Decimal(amount)
            w.writerow([day, "CNY", f"{Decimal(amount):,.2f}", f"{balance:,.2f}", "转账汇款", payer, "转账"])
    return path


def txns(result) -> list[data.Transaction]:
    return [e for e in result.entries if isinstance(e, data.Transaction)]


def linked(result) -> list[data.Transaction]:
    return [e for e in txns(result) if e.meta.get(LINKED) == LINK_GIFT]


def moved(entries, account=BANK) -> Decimal:
    return sum((p.units.number for e in entries if isinstance(e, data.Transaction)
                for p in e.postings if p.account == account), ZERO)


def books_moved(root: Path, account=BANK) -> Decimal:
    books = load_books(root)
    assert books.errors == [], books.errors
    return moved(books.entries, account)


# --- separate runs, written to the books, in both orders -----------------------------------

def test_register_first_then_statement_is_linked_not_booked_again(books, tmp_path):
    before = books_moved(books)
    reg = register(tmp_path / "捐赠登记表.csv", [("2026-03-05", "D0001", "1000", "银行", "", "是", "SJ-1")])
    loaded = load_books(books)
    (r,) = extract(loaded, [reg])
    assert r.conserved and write_import(loaded, [r])
    st_ = statement(tmp_path / "cmb.csv", [("2026-03-06", "1000.00", "某某机械制造有限公司 6222020000001234"),
                                           ("2026-03-07", "30.00", "路人甲")])
    loaded = load_books(books)
    (s,) = extract(loaded, [st_])
    text = render([s])
    (link,) = linked(s)
    assert link.date == datetime.date(2026, 3, 6)
    assert link.meta[DUPLICATE].meta["donor"] == "D0001"
    assert "; linked to the same gift already in the books (a donation register row and the statement row) " in text
    assert "inbox.beancount:" in text  # where the register's entry is
    assert "。 money Assets:Bank:Basic: file in +1,030.00, out +0.00, net +1,030.00 = proposed +30.00 " \
           "+ already in the books +1,000.00 + skipped +0.00" in text
    assert "1 linked to the same gift (register and statement)" in text and "ERROR" not in text
    write_import(loaded, [s])
    assert books_moved(books) - before == Decimal("1030.00")


def test_statement_first_then_register_is_linked_with_a_note_for_the_officer(books, tmp_path):
    before = books_moved(books)
    st_ = statement(tmp_path / "cmb.csv", [("2026-03-05", "500.00", "张三 6222029999998888")])
    loaded = load_books(books)
    (s,) = extract(loaded, [st_])
    (gift,) = txns(s)
    assert gift.flag == "!" and gift.meta["donor"] == "UNIDENTIFIED"
    write_import(loaded, [s])
    reg = register(tmp_path / "捐赠登记表.csv", [("2026-03-04", "王小明", "500", "银行", "EDU-2026", "是")])
    loaded = load_books(books)
    (r,) = extract(loaded, [reg])
    (link,) = linked(r)
    assert link.meta[DUPLICATE].meta["donor"] == "UNIDENTIFIED" and r.new == []
    (note,) = [n for n in r.report.notes if "is booked from the statement" in n]
    assert note.startswith("row 2: the gift of 500.00 CNY on 2026-03-04 (王小明) is booked from the statement (")
    assert "donor D0002 (it says UNIDENTIFIED)" in note and "fund EDU-2026 (it says GENERAL)" in note
    assert "letter yes (it says nothing)" in note and "mark it * once checked" in note
    text = render([r])
    assert f";; note: {note}" in text and "ERROR" not in text
    assert "。 money Assets:Bank:Basic: file in +500.00, out +0.00, net +500.00 = proposed +0.00 " \
           "+ already in the books +500.00" in text
    # Chinese first, on the line before (the officer reads Chinese)
    assert note.zh.startswith("第 2 行：2026-03-04 的捐赠 500.00 CNY（王小明）已从对账单记账（"), note.zh
    assert "donor D0002（它写的是 UNIDENTIFIED）" in note.zh and "核对后标记为 *" in note.zh
    lines = text.splitlines()
    assert lines[lines.index(f";; note: {note}") - 1] == f";; 注：{note.zh}。"
    write_import(loaded, [r])
    assert books_moved(books) - before == Decimal("500.00")


# --- one run, both orders; alone -----------------------------------------------------------

@pytest.mark.parametrize("register_first", [True, False])
def test_together_in_one_run_either_order(loaded, tmp_path, register_first):
    reg = register(tmp_path / "捐赠登记表.csv", [("2026-03-05", "D0001", "1000", "银行"),
                                                ("2026-03-05", "D0002", "20", "现金")])
    st_ = statement(tmp_path / "cmb.csv", [("2026-03-05", "1000.00", "某某机械"), ("2026-03-09", "88.00", "路人甲")])
    results = extract(loaded, [reg, st_] if register_first else [st_, reg])
    assert all(r.problem is None and r.conserved for r in results), render(results)
    second = results[1]
    (link,) = linked(second)
    assert link.meta[DUPLICATE] in txns(results[0])
    assert not linked(results[0])
    new = [e for r in results for e in r.new]
    assert moved(new) == Decimal("1088.00")  # the statement's movement, each yuan once
    assert moved(new, "Assets:Cash") == Decimal("20")


def test_alone_each_is_a_normal_donation(loaded, tmp_path):
    reg = register(tmp_path / "捐赠登记表.csv", [("2026-03-05", "D0001", "1000", "银行")])
    (r,) = extract(loaded, [reg])
    (gift,) = r.new
    assert gift.flag == "*" and gift.meta["donor"] == "D0001" and "receipt" in gift.meta and not linked(r)
    st_ = statement(tmp_path / "cmb.csv", [("2026-03-05", "1000.00", "某某机械")])
    (s,) = extract(loaded, [st_])
    (gift,) = s.new
    assert gift.meta["donor"] == "D0001" and not linked(s)


def test_no_matching_statement_row_stays_a_donation(loaded, tmp_path):
    """Another amount, another account, or outside the window: nothing is linked."""
    reg = register(tmp_path / "捐赠登记表.csv", [("2026-03-05", "D0001", "1000", "银行"),
                                                ("2026-03-05", "D0002", "200", "现金"),
                                                ("2026-03-05", "D0002", "300", "银行")])
    st_ = statement(tmp_path / "cmb.csv", [("2026-03-05", "999.99", "某某机械"), ("2026-03-05", "200.00", "王小明"),
                                           ("2026-03-11", "300.00", "王小明")])
    results = extract(loaded, [reg, st_])
    assert not any(linked(r) for r in results), render(results)
    assert moved([e for r in results for e in r.new]) == Decimal("2799.99")


def test_two_equal_gifts_on_one_day_are_each_linked_once_by_payer(loaded, tmp_path):
    reg = register(tmp_path / "捐赠登记表.csv", [("2026-03-05", "D0001", "500", "银行"),
                                                ("2026-03-05", "王小明", "500", "银行")])
    st_ = statement(tmp_path / "cmb.csv", [("2026-03-05", "500.00", "王小明"),
                                           ("2026-03-05", "500.00", "某某机械厂")])
    for order in ([reg, st_], [st_, reg]):
        results = extract(loaded, order)
        second = results[1]
        links = linked(second)
        assert len(links) == 2 and len({id(e.meta[DUPLICATE]) for e in links}) == 2, render(results)
        for e in links:  # each to its own payer: the register's donor is the statement's
            assert e.meta["donor"] == e.meta[DUPLICATE].meta["donor"]
        assert moved([e for r in results for e in r.new]) == Decimal("1000.00")


def test_the_payer_match_wins_over_the_nearer_day(loaded, tmp_path):
    reg = register(tmp_path / "捐赠登记表.csv", [("2026-03-05", "王小明", "100", "银行")])
    st_ = statement(tmp_path / "cmb.csv", [("2026-03-05", "100.00", "张三"), ("2026-03-08", "100.00", "王小明")])
    _, s = extract(loaded, [reg, st_])
    (link,) = linked(s)
    assert link.payee == "王小明" and link.date == datetime.date(2026, 3, 8)
    (other,) = [e for e in s.new if isinstance(e, data.Transaction)]
    assert other.payee == "张三" and other.meta["donor"] == "UNIDENTIFIED"


def test_a_statement_gift_of_another_known_donor_is_not_the_register_s(loaded, tmp_path):
    """The statement's 1,000.00 from 某某机械 (D0001, known by its account) is not the
    register's 1,000.00 from 王小明 (D0002) or from 王五 (a new name): two gifts, each
    booked. Linked, the register's gift was never booked and the note said to set D0001's
    entry to another donor."""
    st_ = statement(tmp_path / "cmb.csv", [("2026-03-03", "1000.00", "某某机械制造有限公司 6222020000001234")])
    for donor in ("D0002", "王五"):
        reg = register(tmp_path / "捐赠登记表.csv", [("2026-03-05", donor, "1000", "银行")])
        for order in ([reg, st_], [st_, reg]):
            results = extract(loaded, order)
            assert not any(linked(r) for r in results), render(results)
            assert moved([e for r in results for e in r.new]) == Decimal("2000.00")
            assert not any("is booked from the statement" in n for r in results for n in r.report.notes)


def test_a_new_name_in_the_register_is_carried_over_not_unidentified(books, tmp_path):
    """A register's new name linked to a statement row that does not know its payer: the
    note says to add the donor and set its id, never to set UNIDENTIFIED."""
    st_ = statement(tmp_path / "cmb.csv", [("2026-03-05", "800.00", "张三 6222029999998888")])
    loaded = load_books(books)
    (s,) = extract(loaded, [st_])
    write_import(loaded, [s])
    reg = register(tmp_path / "捐赠登记表.csv", [("2026-03-05", "王五", "800", "银行")])
    loaded = load_books(books)
    (r,) = extract(loaded, [reg])
    (link,) = linked(r)
    (note,) = [n for n in r.report.notes if "is booked from the statement" in n]
    assert "donor UNIDENTIFIED" not in note
    proposed = link.meta["proposed_donor"]
    assert f"donor {proposed} (it says UNIDENTIFIED; the register names 王五, not in the registry yet" in note
    assert "registry/donors.beancount" in note


def test_a_register_bank_gift_the_statement_lacks_is_refused_with_the_register_s_reason(books, tmp_path):
    """The statement, with its closing balance, is in the books; the register says a further
    300.00 came by bank. Writing it would break the statement's balance: refused, and the
    message says to check the register's row, not to import earlier statements."""
    st_ = statement(tmp_path / "cmb.csv", [("2026-03-05", "800.00", "张三 6222029999998888")])
    loaded = load_books(books)
    (s,) = extract_files(loaded, [st_], load_importers(loaded.root), account=BANK)
    assert [e for e in s.new if isinstance(e, data.Balance)]
    write_import(loaded, [s])
    reg = register(tmp_path / "捐赠登记表.csv", [("2026-03-04", "D0002", "300", "银行")])
    loaded = load_books(books)
    (r,) = extract(loaded, [reg])
    inbox = (books / "inbox.beancount").read_bytes()
    with pytest.raises(Exception) as refused:
        write_import(loaded, [r])
    assert "Balance failed for 'Assets:Bank:Basic'" in str(refused.value)
    assert "A register books money into Assets:Bank:Basic that the account's statement" in str(refused.value)
    assert "import the earlier statements first" not in str(refused.value)
    assert (books / "inbox.beancount").read_bytes() == inbox


# --- WeChat: the open, and the link with the bill ------------------------------------------

def test_a_register_receiving_by_wechat_proposes_the_open_and_writes(books, tmp_path):
    reg = register(tmp_path / "捐赠登记表.csv", [("2026-03-05", "D0002", "66", "微信")])
    loaded = load_books(books)
    assert WECHAT not in {e.account for e in loaded.entries if isinstance(e, data.Open)}
    (r,) = extract(loaded, [reg])
    (opened,) = [e for e in r.new if isinstance(e, data.Open)]
    assert opened.account == WECHAT and opened.date <= datetime.date(2026, 3, 5)
    assert f"{WECHAT} is not opened in the books: an open entry is proposed" in r.report.notes
    write_import(loaded, [r])
    assert books_moved(books, WECHAT) == Decimal("66")
    bill = tmp_path / "wechat.csv"
    bill.write_text("微信支付账单明细,,,,,,,,,,\n共1笔记录,,,,,,,,,,\n" + WECHAT_HEADER
                    + "2026-03-05 10:00:00,二维码收款,王小明,/,收入,¥66.00,/,已收钱,W1\t,/\t,/\n", encoding="utf-8")
    loaded = load_books(books)
    (b,) = extract(loaded, [bill])
    assert not [e for e in b.new if isinstance(e, data.Open)]
    (link,) = linked(b)
    assert b.conserved and not [e for e in b.new if isinstance(e, data.Transaction)], render([b])


# --- the property --------------------------------------------------------------------------

NAMES = {"D0001": "某某机械制造有限公司", "D0002": "王小明", "": "", "李四": "李四"}


@st.composite
def shared_files(draw):
    """Gifts both files hold (cents ≡ 0 mod 3), register-only (≡ 1) and statement-only (≡ 2):
    a gift of one kind never equals one of another, so the truth is known without the link."""
    day0 = datetime.date(2026, 3, 1)
    reg, stm, only_reg = [], [], ZERO

    def cents(rem):
        return Decimal(draw(st.integers(1, 300_000)) * 3 + rem) / 100

    for _ in range(draw(st.integers(0, 6))):
        amount, day = cents(0), day0 + datetime.timedelta(days=draw(st.integers(0, 20)))
        donor = draw(st.sampled_from(sorted(NAMES)))
        times = draw(st.sampled_from([1, 1, 2]))  # two equal gifts on one day
        for _ in range(times):
            reg.append((day.isoformat(), donor, str(amount), "银行"))
            late = day + datetime.timedelta(days=draw(st.integers(0, 3)))
            payer = NAMES[donor] if draw(st.booleans()) else draw(st.sampled_from(["张三", "某某公司 6222020000009999", ""]))
            stm.append((late.isoformat(), f"{amount:.2f}", payer))
    for _ in range(draw(st.integers(0, 4))):
        amount, day = cents(1), day0 + datetime.timedelta(days=draw(st.integers(0, 20)))
        reg.append((day.isoformat(), draw(st.sampled_from(sorted(NAMES))), str(amount), "银行"))
        only_reg += amount
    for _ in range(draw(st.integers(0, 4))):
        amount, day = cents(2), day0 + datetime.timedelta(days=draw(st.integers(0, 20)))
        stm.append((day.isoformat(), f"{amount:.2f}", draw(st.sampled_from(["张三", "王小明", ""]))))
    if not reg:
        reg.append(("2026-03-02", "D0002", "0.01", "现金"))  # a register needs a row
    if not stm:
        stm.append(("2026-03-02", "0.02", "张三"))
    random.Random(draw(st.integers(0, 99))).shuffle(reg)
    return reg, stm, only_reg


def _written(entries):
    """Entries as the next run sees them after --write: no private metadata."""
    return [e._replace(meta={k: v for k, v in e.meta.items() if not k.startswith("__")}) for e in entries]


def run_both(books, reg: Path, stm: Path, register_first: bool, together: bool):
    order = [reg, stm] if register_first else [stm, reg]
    if together:
        return extract(books, order)
    (first,) = extract(books, order[:1])
    after = types.SimpleNamespace(entries=list(books.entries) + _written(first.new), root=books.root)
    (second,) = extract(after, order[1:])
    return [first, second]


def booked_twice(results, stm_rows, only_reg) -> Decimal:
    """The books' new movement on the bank account less what the statement and the register's
    own gifts moved: zero when every gift is booked exactly once."""
    truth = sum((Decimal(a) for _, a, _ in stm_rows), ZERO) + only_reg
    return moved([e for r in results for e in r.new]) - truth


@settings(max_examples=25, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow])
@given(files=shared_files(), register_first=st.booleans(), together=st.booleans())
def test_property_each_gift_is_booked_exactly_once(loaded, tmp_path_factory, files, register_first, together):
    reg_rows, stm_rows, only_reg = files
    folder = tmp_path_factory.mktemp("gifts")
    reg, stm = register(folder / "捐赠登记表.csv", reg_rows), statement(folder / "cmb.csv", stm_rows)
    results = run_both(loaded, reg, stm, register_first, together)
    text = render(results)
    assert all(r.problem is None and r.conserved for r in results), text
    assert "ERROR" not in text
    assert booked_twice(results, stm_rows, only_reg) == 0, text
    # one to one: no entry takes two links, and only the second file links
    targets = [id(e.meta[DUPLICATE]) for e in linked(results[1])]
    assert len(targets) == len(set(targets)) and not linked(results[0])
    shared = sum(1 for r in reg_rows if Decimal(r[2]) * 100 % 3 == 0 and r[3] == "银行")
    assert len(targets) == shared, text


def test_the_check_catches_a_gift_booked_twice(loaded, tmp_path, monkeypatch):
    reg = register(tmp_path / "捐赠登记表.csv", [("2026-03-05", "D0001", "1000.02", "银行")])
    stm_rows = [("2026-03-05", "1000.02", "某某机械")]
    stm = statement(tmp_path / "cmb.csv", stm_rows)
    assert booked_twice(run_both(loaded, reg, stm, True, True), stm_rows, ZERO) == 0
    monkeypatch.setattr(dedupe, "link_gift", lambda *a, **k: False)  # the bug, planted back
    for together in (True, False):
        results = run_both(loaded, reg, stm, False, together)
        assert all(r.conserved for r in results)  # each file adds up on its own: only this check sees it
        assert booked_twice(results, stm_rows, ZERO) == Decimal("1000.02")


def test_a_planted_one_fen_in_a_linked_gift_is_caught(loaded, tmp_path, monkeypatch):
    """A statement row one fen off the register's is a different gift: nothing links, and the
    check sees the fen booked twice."""
    reg = register(tmp_path / "捐赠登记表.csv", [("2026-03-05", "D0001", "1000.00", "银行")])
    stm_rows = [("2026-03-05", "1000.01", "某某机械")]
    results = run_both(loaded, reg, statement(tmp_path / "cmb.csv", stm_rows), True, True)
    assert not linked(results[1])
    assert booked_twice(results, stm_rows, ZERO) == Decimal("1000.00")


@pytest.mark.parametrize(("reg_days", "stm_days"), [
    # the register's gift of 03-04 took the statement's second row of 03-01 (3 days off, as near
    # as 03-07), and the second gift of 03-01 then found none: booked again
    (["03-01", "03-04", "03-01"], ["03-01", "03-01", "03-07"]),
    # the gift of 03-04 took 03-03, its nearest, leaving the third gift of 03-01 only 03-07, too far
    (["03-04", "03-01", "03-01", "03-01"], ["03-02", "03-02", "03-07", "03-03"]),
])
@pytest.mark.parametrize("together", [True, False])
def test_gifts_of_one_amount_are_each_linked_once_whatever_their_order(loaded, tmp_path, reg_days, stm_days, together):
    """Found by test_property_each_gift_is_booked_exactly_once (seed 7): gifts of one amount,
    without a donor, a few days apart, were linked row by row, each to its nearest free statement
    row, so that one gift could be left without any within the window and was booked twice."""
    reg = register(tmp_path / "捐赠登记表.csv", [(f"2026-{d}", "", "0.03", "银行") for d in reg_days])
    stm_rows = [(f"2026-{d}", "0.03", "张三") for d in stm_days]
    results = run_both(loaded, reg, statement(tmp_path / "cmb.csv", stm_rows), False, together)
    assert all(r.problem is None and r.conserved for r in results), render(results)
    assert booked_twice(results, stm_rows, ZERO) == 0, render(results)
    assert len(linked(results[1])) == len(reg_days), render(results)
