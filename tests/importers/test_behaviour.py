"""Classification, receipts, de-duplication, roster linking and the write/rollback cycle."""

from __future__ import annotations

from decimal import Decimal
from pathlib import Path

import pytest
from beancount.core import data
from click.testing import CliRunner

from cli import cli
from importers.run import extract_files, load_importers
from ledger.books import load_books
from tests.importers.malformed import ICBC_HEAD, icbc_row


def statement(path: Path, rows: str, encoding: str = "gb18030") -> Path:
    path.write_bytes((ICBC_HEAD + rows).encode(encoding))
    return path


def extract(books: Path, *files: Path, **kw):
    loaded = load_books(books)
    results = extract_files(loaded, list(files), load_importers(loaded.root), **kw)
    for r in results:
        assert r.problem is None, r.problem
    return results


def txns(result):
    return [e for e in result.new if isinstance(e, data.Transaction)]


def run(*args):
    return CliRunner().invoke(cli, ["import", *map(str, args)])


def test_known_donor_by_account_and_alias_unknown_flagged(books, tmp_path):
    rows = (icbc_row("2026-03-05", "50,000.00", "", "51,000.00", "某某机械厂")
            + icbc_row("2026-03-06", "200.00", "", "51,200.00", "王小明")
            + icbc_row("2026-03-07", "88.00", "", "51,288.00", "陌生人"))
    (r,) = extract(books, statement(tmp_path / "s.csv", rows))
    by_payee = {t.payee: t for t in txns(r)}
    assert by_payee["某某机械厂"].meta["donor"] == "D0001" and by_payee["某某机械厂"].flag == "*"
    assert by_payee["某某机械厂"].postings[1].account == "Income:Donation:Enterprise"
    assert by_payee["王小明"].meta["donor"] == "D0002"
    stranger = by_payee["陌生人"]
    assert stranger.flag == "!" and stranger.meta["donor"] == "UNIDENTIFIED"
    proposals = [e for e in r.new if isinstance(e, data.Custom) and e.type == "donor-proposal"]
    assert [p.meta["name"] for p in proposals] == ["陌生人"]
    assert stranger.meta["proposed_donor"] == proposals[0].values[0].value
    receipts = sorted(t.meta["receipt"] for t in txns(r))
    assert receipts == ["JZ-2026-00001", "JZ-2026-00002", "JZ-2026-00003"]


def test_receipts_continue_the_books_sequence_and_across_files(books, tmp_path):
    first = statement(tmp_path / "a.csv", icbc_row("2026-03-05", "100.00", "", "1,100.00", "王小明"))
    assert run(books, first, "--write", "--no-balance").exit_code == 0
    second = statement(tmp_path / "b.csv", icbc_row("2026-04-05", "100.00", "", "1,200.00", "王小明"))
    third = tmp_path / "c.csv"
    third.write_bytes((ICBC_HEAD.replace("2222", "2222") + icbc_row("2026-04-09", "7.00", "", "1,207.00", "王小明")).encode("gb18030"))
    r2, r3 = extract(books, second, third)
    assert txns(r2)[0].meta["receipt"] == "JZ-2026-00002"
    assert txns(r3)[0].meta["receipt"] == "JZ-2026-00003"


def test_memo_naming_a_restricted_fund_flags_it(books, tmp_path):
    rows = icbc_row("2026-03-05", "3,000.00", "", "4,000.00", "王小明").replace("汇入", "金秋助学捐款")
    (r,) = extract(books, statement(tmp_path / "s.csv", rows))
    (t,) = txns(r)
    assert t.meta["fund"] == "EDU-2026" and t.flag == "!"


def test_overlapping_statements_add_only_new_rows(books, tmp_path):
    a = statement(tmp_path / "march.csv", icbc_row("2026-03-05", "100.00", "", "1,100.00", "王小明")
                  + icbc_row("2026-03-06", "", "20.00", "1,080.00", "张三"))
    assert run(books, a, "--write", "--no-balance").exit_code == 0
    b = statement(tmp_path / "march-april.csv", icbc_row("2026-03-05", "100.00", "", "1,100.00", "王小明")
                  + icbc_row("2026-03-06", "", "20.00", "1,080.00", "张三")
                  + icbc_row("2026-04-01", "300.00", "", "1,380.00", "某某机械"))
    (r,) = extract(books, b)
    assert [t.payee for t in txns(r)] == ["某某机械"]
    assert len(r.duplicates) == 2
    assert txns(r)[0].meta["receipt"] == "JZ-2026-00002"


def test_same_amount_twice_from_one_source_is_two_payments(books, tmp_path):
    rows = (icbc_row("2026-03-05", "100.00", "", "1,100.00", "陌生人") + icbc_row("2026-03-05", "100.00", "", "1,200.00", "陌生人"))
    assert run(books, statement(tmp_path / "s.csv", rows), "--write", "--no-balance").exit_code == 0
    more = statement(tmp_path / "t.csv", icbc_row("2026-03-06", "100.00", "", "1,300.00", "陌生人"))
    (r,) = extract(books, more)
    assert len(txns(r)) == 1, "a third payment of the same amount is new, not a fuzzy duplicate"


def test_fuzzy_match_catches_an_entry_typed_by_hand(books, tmp_path):
    with (books / "txns" / "2026.beancount").open("a", encoding="utf-8") as fh:
        fh.write('\n2026-03-04 * "王小明" "捐款（手工录入）"\n  fund: "GENERAL"\n  donor: "D0002"\n  receipt: "JZ-2026-00001"\n'
                 '  Assets:Bank:Basic  100.00 CNY\n  Income:Donation:Individual\n')
    (r,) = extract(books, statement(tmp_path / "s.csv", icbc_row("2026-03-05", "100.00", "", "1,100.00", "王小明")))
    assert txns(r) == [] and len(r.duplicates) == 1


def test_balance_assertion_dated_the_day_after_the_last_row(books, tmp_path):
    (r,) = extract(books, statement(tmp_path / "s.csv", icbc_row("2026-03-05", "100.00", "", "100.00", "王小明")
                                    + icbc_row("2026-03-09", "", "20.00", "80.00", "张三")))
    (bal,) = [e for e in r.new if isinstance(e, data.Balance)]
    assert str(bal.date) == "2026-03-10" and bal.amount.number == 80
    assert str(bal.meta["statement_start"]) == "2026-03-05" and str(bal.meta["statement_end"]) == "2026-03-09"
    result = run(books, tmp_path / "s.csv", "--write")
    assert result.exit_code == 0, result.output  # the books now hold exactly the statement's balance


def test_write_rolls_back_when_the_books_would_fail(books, tmp_path):
    s = statement(tmp_path / "s.csv", icbc_row("2026-03-05", "100.00", "", "999.00", "王小明"))
    inbox_before = (books / "inbox.beancount").read_bytes()
    result = run(books, s, "--write")
    assert result.exit_code == 1
    assert "nothing was written" in result.output and "Balance failed" in result.output and "--no-balance" in result.output
    assert (books / "inbox.beancount").read_bytes() == inbox_before
    assert not list((books / "documents").rglob("*.csv"))


def test_a_rollback_puts_back_the_inbox_byte_for_byte(books, tmp_path):
    """An inbox saved with Windows line ends (CRLF): a failed write leaves it exactly as it
    was; it used to come back with LF line ends, every line changed."""
    inbox = books / "inbox.beancount"
    inbox.write_bytes(inbox.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
    inbox_before = inbox.read_bytes()
    assert b"\r\n" in inbox_before
    s = statement(tmp_path / "s.csv", icbc_row("2026-03-05", "100.00", "", "999.00", "王小明"))
    result = run(books, s, "--write")
    assert result.exit_code == 1 and "Balance failed" in result.output
    assert inbox.read_bytes() == inbox_before


def test_a_rollback_keeps_an_entry_saved_meanwhile(books, tmp_path):
    """An entry saved into the inbox while import --write checked the books (Fava's add-entry
    form, whose default file is the inbox, or an editor) was wiped out without a word when
    the check failed: the rollback wrote back the inbox as it had been before the import.
    Now only the import's own entries are taken out."""
    from importers.run import write_import

    fava_entry = '\n2026-03-20 * "捐款箱" "手工录入"\n  fund: "GENERAL"\n  Assets:Cash  5.00 CNY\n  Income:Donation:Individual\n'
    inbox = books / "inbox.beancount"
    inbox_before = inbox.read_bytes()

    def check_while_fava_saves(path):
        with inbox.open("a", encoding="utf-8") as saved:  # Fava appends to its default file
            saved.write(fava_entry)
        return load_books(path)

    s = statement(tmp_path / "s.csv", icbc_row("2026-03-05", "100.00", "", "999.00", "王小明"))
    loaded = load_books(books)
    results = extract_files(loaded, [s], load_importers(loaded.root))
    with pytest.raises(Exception, match="nothing was written"):
        write_import(loaded, results, check=check_while_fava_saves)
    assert inbox.read_bytes() == inbox_before + fava_entry.encode("utf-8")


def test_a_second_ctrl_c_does_not_cut_the_undo_short(books, tmp_path, monkeypatch):
    """Ctrl-C pressed twice (the first while the books were checked, the second while the
    import was undone): the undo stopped half way and the import's entries stayed in the
    inbox, after 'Interrupted; nothing more was written'. The undo now finishes first."""
    import signal

    import importers.run
    from importers.run import write_import

    inbox = books / "inbox.beancount"
    inbox_before = inbox.read_bytes()
    real_write = importers.run.atomic_write_bytes

    def interrupted_check(path):
        raise KeyboardInterrupt

    def write_then_ctrl_c(path, content, *args, **kwargs):
        if content == inbox_before:  # the undo has begun
            signal.raise_signal(signal.SIGINT)
        return real_write(path, content, *args, **kwargs)

    monkeypatch.setattr(importers.run, "atomic_write_bytes", write_then_ctrl_c)
    s = statement(tmp_path / "s.csv", icbc_row("2026-03-05", "100.00", "", "100.00", "王小明"))
    loaded = load_books(books)
    results = extract_files(loaded, [s], load_importers(loaded.root))
    with pytest.raises(KeyboardInterrupt):
        write_import(loaded, results, check=interrupted_check)
    assert inbox.read_bytes() == inbox_before
    assert not list((books / "documents").rglob("*.csv"))


def test_a_linked_inbox_is_written_through_its_link(books, tmp_path):
    """An inbox kept elsewhere and linked into the books (a synced or shared folder): the
    write replaced the link with a file of its own, and the file the link named, the one
    kept, never got the entries (relief close writes through such a link; import now too)."""
    kept = tmp_path / "shared" / "inbox.beancount"
    kept.parent.mkdir()
    (books / "inbox.beancount").rename(kept)
    (books / "inbox.beancount").symlink_to(kept)
    s = statement(tmp_path / "s.csv", icbc_row("2026-03-05", "100.00", "", "100.00", "王小明"))
    assert run(books, s, "--write").exit_code == 0
    assert (books / "inbox.beancount").is_symlink()
    assert "王小明" in kept.read_text(encoding="utf-8")


def test_a_statement_imported_again_after_its_entries_were_deleted_is_documented_again(books, tmp_path):
    """The import's entries deleted from the inbox by hand (to do it again), the copy of the
    statement still filed under documents/: imported again, the entries came back but no
    `document` entry, so nothing in the books named the statement any more."""
    inbox = books / "inbox.beancount"
    inbox_before = inbox.read_bytes()
    s = statement(tmp_path / "s.csv", icbc_row("2026-03-05", "100.00", "", "100.00", "王小明"))
    assert run(books, s, "--write").exit_code == 0
    inbox.write_bytes(inbox_before)  # the entries deleted by hand
    assert run(books, s, "--write").exit_code == 0
    documents = [e for e in load_books(books).entries if isinstance(e, data.Document) and e.filename.endswith(".csv")]
    assert len(documents) == 1 and documents[0].meta.get("statement_start") is not None
    result = run(books, s, "--write")  # once more: nothing new, and no second document entry
    assert result.exit_code == 0 and "nothing new to write" in result.output
    assert len([e for e in load_books(books).entries if isinstance(e, data.Document) and e.filename.endswith(".csv")]) == 1


def test_a_write_keeps_the_inbox_line_ends(books, tmp_path):
    """An inbox saved with Windows line ends (CRLF): a write appended its entries and turned
    every earlier line's CRLF into LF (the text was read through newline translation), so
    every line of the inbox changed in the books' history; the entries now come in the
    file's own line ends and what was there stays byte for byte."""
    inbox = books / "inbox.beancount"
    inbox.write_bytes(inbox.read_bytes().replace(b"\r\n", b"\n").replace(b"\n", b"\r\n"))
    inbox_before = inbox.read_bytes()
    s = statement(tmp_path / "s.csv", icbc_row("2026-03-05", "100.00", "", "100.00", "王小明"))
    assert run(books, s, "--write").exit_code == 0
    after = inbox.read_bytes()
    assert after.startswith(inbox_before) and len(after) > len(inbox_before)
    assert b"\n" not in after.replace(b"\r\n", b"")


def test_a_write_after_an_inbox_saved_in_gbk(books, tmp_path):
    """An inbox re-saved by Windows Notepad in its 'ANSI' encoding (GBK) whose Chinese is only
    in comments passes relief check (beancount reads comments' bytes as they are), and
    import --write stopped with an internal error (UnicodeDecodeError) reading it as text;
    the entries are now appended to its bytes, which stay as they were."""
    inbox = books / "inbox.beancount"
    inbox.write_bytes(inbox.read_bytes() + ";; 已核对，待移入 txns\n".encode("gbk"))
    inbox_before = inbox.read_bytes()
    s = statement(tmp_path / "s.csv", icbc_row("2026-03-05", "100.00", "", "100.00", "王小明"))
    result = run(books, s, "--write")
    assert result.exit_code == 0, result.output
    assert "internal error" not in result.output
    assert inbox.read_bytes().startswith(inbox_before)
    assert load_books(books).errors == []


def test_write_archives_the_file_with_a_document_entry(books, tmp_path):
    s = statement(tmp_path / "s.csv", icbc_row("2026-03-05", "100.00", "", "100.00", "王小明"))
    assert run(books, s, "--write").exit_code == 0
    archived = list((books / "documents" / "Assets" / "Bank" / "Basic").glob("*.csv"))
    assert len(archived) == 1 and archived[0].read_bytes() == s.read_bytes()
    docs = [e for e in load_books(books).entries if isinstance(e, data.Document)]
    assert [Path(d.filename).name for d in docs] == [archived[0].name]
    again = run(books, s, "--write")
    assert again.exit_code == 0 and "nothing new to write" in again.output
    assert len(list((books / "documents").rglob("*.csv"))) == 1


def test_write_refuses_books_that_already_fail(books, tmp_path):
    with (books / "txns" / "2026.beancount").open("a", encoding="utf-8") as fh:
        fh.write('\n2026-03-04 * "x"\n  Assets:Bank:Basic  1.00 CNY\n  Income:Interest\n')
    s = statement(tmp_path / "s.csv", icbc_row("2026-03-05", "100.00", "", "100.00", "王小明"))
    result = run(books, s, "--write")
    assert result.exit_code == 1 and "already have" in result.output


def test_roster_then_bank_debit_is_linked_not_imported_twice(books, tmp_path):
    roster = tmp_path / "roster.csv"
    roster.write_text("日期,案例编号,类别,金额,基金,审批单号,发放方式,备注\n"
                      "2026-03-10,C0001,医疗救助,800,GENERAL,SP-2026-0010,银行,\n"
                      "2026-03-10,C0002,助学,500,EDU-2026,SP-2026-0011,银行,\n", encoding="utf-8")
    dry = run(books, roster)
    assert dry.exit_code == 0, dry.output
    assert 'case: "C0001"' in dry.output and 'approval: "SP-2026-0010"' in dry.output
    donation = statement(tmp_path / "edu.csv", icbc_row("2026-03-01", "2,000.00", "", "2,000.00", "某某机械").replace("汇入", "金秋助学"))
    assert run(books, donation, "--write", "--no-balance").exit_code == 0
    wrote = run(books, roster, "--write")
    assert wrote.exit_code == 0, wrote.output
    debits = statement(tmp_path / "debits.csv", icbc_row("2026-03-12", "", "800.00", "1,200.00", "李大伟")
                       + icbc_row("2026-03-12", "", "500.00", "700.00", "赵小红")
                       + icbc_row("2026-03-13", "", "800.00", "-100.00", "别人"))
    (r,) = extract(books, debits)
    assert len(r.linked) == 2
    assert [t.payee for t in txns(r)] == ["别人"] and txns(r)[0].flag == "!"


def test_bank_debit_given_before_its_roster_in_one_run_is_still_linked(books, tmp_path):
    """`relief import BOOKS statement.csv roster.csv`: the debit paying C0001's 800.00 was
    read first, found no aid, and was booked as money out to the case; the roster then booked
    that aid from the bank again, 800.00 paid out twice. Rosters are read first in a run; the
    dry run lists the files as given."""
    roster = tmp_path / "roster.csv"
    roster.write_text("日期,案例编号,类别,金额,基金,审批单号,发放方式,备注\n"
                      "2026-03-10,C0001,医疗救助,800,GENERAL,SP-2026-0010,银行,\n", encoding="utf-8")
    debits = statement(tmp_path / "debits.csv", icbc_row("2026-03-12", "", "800.00", "1,200.00", "李大伟"))
    st_, ro = extract(books, debits, roster)
    assert st_.path.name == "debits.csv" and ro.path.name == "roster.csv"
    assert len(st_.linked) == 1 and not txns(st_)
    bank = [p.units.number for r in (st_, ro) for t in txns(r) for p in t.postings if p.account == "Assets:Bank:Basic"]
    assert bank == [Decimal("-800.00")]


def test_roster_after_its_bank_debit_is_linked_not_paid_twice(books, tmp_path):
    """The statement imported before the roster: its debit to C0001 is in the books (money
    out, flagged, on Liabilities:Payable), and the roster booked the aid from the bank again,
    800.00 out twice without a word. Now the roster's row is linked to that debit, not added,
    with a note saying to book the debit to the aid by hand; once that is done, the roster
    imported again still finds it."""
    donation = statement(tmp_path / "in.csv", icbc_row("2026-03-01", "2,000.00", "", "2,000.00", "某某机械"))
    debit = statement(tmp_path / "debit.csv", icbc_row("2026-03-12", "", "800.00", "1,200.00", "李大伟"))
    wrote = run(books, donation, debit, "--write", "--no-balance")
    assert wrote.exit_code == 0 and "written: debit.csv" in wrote.output, wrote.output
    roster = tmp_path / "roster.csv"
    roster.write_text("日期,案例编号,类别,金额,基金,审批单号,发放方式,备注\n"
                      "2026-03-10,C0001,医疗救助,800,GENERAL,SP-2026-0010,银行,\n"
                      "2026-03-10,C0002,特困救助,500,GENERAL,SP-2026-0011,银行,\n", encoding="utf-8")
    (r,) = extract(books, roster)
    assert len(r.linked) == 1 and [t.meta["case"] for t in txns(r)] == ["C0002"]
    note = next(n for n in r.report.notes if n.startswith("row 2: the aid of 800.00 CNY"))
    assert "book the money to Expenses:Aid:Medical instead of Liabilities:Payable" in note and "case C0001" in note
    assert r.conserved
    inbox = books / "inbox.beancount"
    text = inbox.read_text(encoding="utf-8")
    fixed = text.replace('! "C0001（帮扶对象）" "汇入"',
                         '* "C0001（帮扶对象）" "汇入"\n  case: "C0001"\n  approval: "SP-2026-0010"\n  fund: "GENERAL"', 1)
    inbox.write_text(fixed.replace("Liabilities:Payable   800.00 CNY", "Expenses:Aid:Medical  800.00 CNY", 1), encoding="utf-8")
    assert "Expenses:Aid:Medical  800.00 CNY" in inbox.read_text(encoding="utf-8")
    (again,) = extract(books, roster)
    assert len(again.linked) == 1 and [t.meta["case"] for t in txns(again)] == ["C0002"]
    assert not any(n.startswith("row 2:") for n in again.report.notes)


def test_unlinked_debit_to_a_beneficiary_names_the_case_not_the_person(books, tmp_path):
    (r,) = extract(books, statement(tmp_path / "d.csv", icbc_row("2026-03-12", "", "300.00", "700.00", "李大伟")))
    (t,) = txns(r)
    assert t.payee == "C0001（帮扶对象）" and "李大伟" not in str(t)


def test_wechat_bill_donations_fees_and_skips(books, tmp_path):
    bill = tmp_path / "wechat.csv"
    bill.write_text(
        "微信支付账单明细,,,,,,,,,,\n共4笔记录,,,,,,,,,,\n"
        "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注\n"
        "2026-03-05 10:00:00,二维码收款,王小明,/,收入,¥200.00,/,已收钱,W1\t,/\t,/\n"
        "2026-03-05 11:00:00,二维码收款,路人甲,/,收入,¥50.00,/,已全额退款,W2\t,/\t,/\n"
        "2026-03-06 09:00:00,零钱提现,工商银行(2222),/,/,¥1000.10,工商银行,提现已到账,W3\t,/\t,服务费¥0.10\n"
        "2026-03-07 09:00:00,二维码收款,路人乙,/,收入,¥30.00,/,已收钱,W4\t,/\t,/\n", encoding="utf-8")
    result = run(books, bill, "--write")
    assert result.exit_code == 0, result.output
    # the gift given back after the bill's end: the bill says so, but its refund row is in the
    # next bill, so the gift is booked now and the refund when that bill comes
    assert "row 5: status 已全额退款: refunded in full, but this bill has no refund row" in result.output
    loaded = load_books(books)
    new = [e for e in loaded.entries if isinstance(e, data.Transaction) and str(e.meta.get("filename", "")).endswith("inbox.beancount")]
    assert sorted(str(e.meta["source_ref"]) for e in new) == ["wechat:W1", "wechat:W2", "wechat:W3", "wechat:W4"]
    # the withdrawal moves the balance to the bank card the books know by its last digits, less the fee
    withdrawal = {p.account: p.units.number for p in next(e for e in new if e.meta["source_ref"] == "wechat:W3").postings}
    assert withdrawal == {"Assets:Online:WeChat": Decimal("-1000.10"), "Assets:Bank:Basic": Decimal("1000.00"),
                          "Expenses:Operations:BankFees": Decimal("0.10")}
    assert run(books, bill).output.count("already in the books") >= 4


def test_donation_register_money_goods_and_new_donor(books, tmp_path):
    reg = tmp_path / "register.csv"
    reg.write_text("日期,捐赠人,捐赠人类型,金额,物资,数量,单价,基金,匿名,需要感谢信,联系方式,收款方式,估值依据\n"
                   "2026-03-05,某某机械,,1000,,,,EDU-2026,,是,,银行,\n"
                   "2026-03-05,新华粮油公司,企业,,RICE,100,58.00,,,否,刘经理 139,,invoice\n"
                   "2026-03-06,,,20,,,,,完全匿名,,,现金,\n", encoding="utf-8")
    result = run(books, reg, "--write")
    assert result.exit_code == 0, result.output
    loaded = load_books(books)
    new = [e for e in loaded.entries if str((e.meta or {}).get("filename", "")).endswith("inbox.beancount")]
    money = next(e for e in new if isinstance(e, data.Transaction) and e.meta.get("donor") == "D0001")
    assert money.meta["fund"] == "EDU-2026" and money.postings[0].account == "Assets:Bank:Basic"
    goods = next(e for e in new if isinstance(e, data.Transaction) and any(p.account == "Assets:Goods" for p in e.postings))
    assert goods.flag == "!" and goods.meta["donor"] == "UNIDENTIFIED" and goods.meta["valuation"] == "invoice"
    assert goods.meta["letter"] == "no"
    (proposal,) = [e for e in new if isinstance(e, data.Custom) and e.type == "donor-proposal"]
    assert proposal.values[1].value == "enterprise" and proposal.meta["contact"] == "刘经理 139"
    anon = next(e for e in new if isinstance(e, data.Transaction) and e.meta.get("donor") == "ANON")
    assert anon.postings[0].account == "Assets:Cash"
    # then goods handed out leave stock at that cost
    goods_out = tmp_path / "goods.csv"
    goods_out.write_text("日期,案例编号,物资,数量,基金,审批单号\n2026-03-08,C0001,大米,2,GENERAL,SP-2026-0020\n", encoding="utf-8")
    out = run(books, goods_out, "--write")
    assert out.exit_code == 0, out.output
    handed = [e for e in load_books(books).entries if isinstance(e, data.Transaction) and e.meta.get("approval") == "SP-2026-0020"]
    aid = next(p for p in handed[0].postings if p.account == "Expenses:Aid:Goods")
    assert aid.units.number == 116


def test_template_written_and_read_back(books, tmp_path):
    for kind in ("donations", "roster", "goods"):
        for fmt in ("xlsx", "csv"):
            out = tmp_path / f"{kind}.{fmt}"
            result = CliRunner().invoke(cli, ["import", "--template", kind, "--out", str(out)])
            assert result.exit_code == 0, result.output
            from importers.run import load_importers as li

            importer = next(i for i in li(books) if i.identify(str(out)))
            assert importer.kind == kind
    again = CliRunner().invoke(cli, ["import", "--template", "roster", "--out", str(tmp_path / "roster.csv")])
    assert again.exit_code == 1 and "already exists" in again.output
    bad = CliRunner().invoke(cli, ["import", "--template", "roster", "--out", str(tmp_path / "x.pdf")])
    assert bad.exit_code == 1 and ".xlsx or .csv" in bad.output


def test_profile_in_import_config_is_used(books, tmp_path):
    (books / "import_config.py").write_text(
        "from importers.config import importers_for_books, renumber_receipts\n"
        "MY = {'id': 'mybank', 'name': '某某农商银行', 'sign': 'direction',\n"
        "      'columns': {'date': '日期', 'amount': '发生额', 'direction': '借贷标志', 'payer': '对方户名', 'balance': '余额'},\n"
        "      'direction_in': ['贷'], 'direction_out': ['借']}\n"
        "CONFIG = importers_for_books(__file__, profiles=[MY])\nHOOKS = [renumber_receipts]\n", encoding="utf-8")
    f = tmp_path / "rural.csv"
    f.write_bytes("某某农商银行对账单\n日期,发生额,借贷标志,对方户名,余额\n2026-03-05,500.00,贷,王小明,500.00\n2026-03-06,20.00,借,张三,480.00\n".encode("gbk"))
    (r,) = extract(books, f)
    assert r.importer.name == "relief.bank.mybank"
    assert [p.units.number for t in txns(r) for p in t.postings[:1]] == [500, -20]


def test_bad_profile_in_import_config_is_a_message(books, tmp_path):
    (books / "import_config.py").write_text(
        "from importers.config import importers_for_books\n"
        "CONFIG = importers_for_books(__file__, profiles=[{'id': 'x', 'columns': {'date': 'd'}, 'sign': 'sideways'}])\n",
        encoding="utf-8")
    f = statement(tmp_path / "s.csv", icbc_row("2026-03-05", "1.00", "", "1.00", "x"))
    result = run(books, f)
    assert result.exit_code == 1 and "sign must be one of" in result.output and "Traceback" not in result.output


def test_renumber_receipts_hook_for_runs_that_extract_files_separately(books, tmp_path):
    from importers.config import renumber_receipts

    loaded = load_books(books)
    importers = load_importers(loaded.root)
    a = statement(tmp_path / "a.csv", icbc_row("2026-03-05", "100.00", "", "1,100.00", "王小明"))
    b = statement(tmp_path / "b.csv", icbc_row("2026-03-06", "50.00", "", "1,150.00", "某某机械"))
    extracted = []
    for f in (a, b):
        imp = next(i for i in importers if i.identify(str(f)))
        extracted.append((str(f), imp.extract(str(f), loaded.entries), imp.account(str(f)), imp))
    before = [e.meta["receipt"] for _, es, _, _ in extracted for e in es if isinstance(e, data.Transaction)]
    assert before == ["JZ-2026-00001", "JZ-2026-00001"], "each file alone takes the next number"
    renumber_receipts(extracted, loaded.entries)
    after = [e.meta["receipt"] for _, es, _, _ in extracted for e in es if isinstance(e, data.Transaction)]
    assert after == ["JZ-2026-00001", "JZ-2026-00002"]


def test_profile_encoding_is_used(books, tmp_path):
    (books / "import_config.py").write_text(
        "from importers.config import importers_for_books\n"
        "B5 = {'id': 'tw', 'name': 'Big5 bank', 'encoding': 'big5', 'sign': 'signed',\n"
        "      'columns': {'date': '交易日期', 'amount': '金額', 'payer': '對方戶名'}}\n"
        "CONFIG = importers_for_books(__file__, profiles=[B5])\n", encoding="utf-8")
    f = tmp_path / "big5.csv"
    f.write_bytes("交易日期,金額,對方戶名\n2026-03-05,100.00,王小明\n".encode("big5"))
    (r,) = extract(books, f)
    assert r.importer.name == "relief.bank.tw" and txns(r)[0].meta["donor"] == "D0002"


@pytest.mark.parametrize("kind", ["roster", "donations"])
def test_registers_imported_twice_add_nothing(books, tmp_path, kind):
    src = Path(__file__).parent / "golden" / kind
    f = next(p for p in src.iterdir() if p.suffix in (".csv", ".xlsx"))
    first = run(books, f, "--write")
    assert first.exit_code == 0, first.output
    (r,) = extract(books, f)
    assert txns(r) == [] and len(r.duplicates) >= 2


def test_wechat_partial_refund_and_refund_rows(books, tmp_path):
    bill = tmp_path / "wechat2026.csv"
    bill.write_text(
        "微信支付账单明细,,,,,,,,,,\n,,,,,,,,,,\n,,,,,,,,,,\n"
        "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注\n"
        "2026-03-05 10:00,二维码收款,王小明,/,收入,¥100.00,/,已退款(￥30.00),R1\t,/\t,/\n"
        "2026-03-06 10:00,文具店-退款,某某文具店,文具,收入,¥2.00,零钱,已退款￥2.00,R2\t,\t,/\n", encoding="utf-8")
    (r,) = extract(books, bill)
    donation, refund = txns(r)
    # 30.00 of the gift went back after the bill's end: the gift is booked whole, the refund
    # from the bill that lists it (netting it here counted it twice when that bill came)
    assert donation.postings[0].units.number == Decimal("100.00") and donation.meta["donor"] == "D0002"
    assert any("已退款(￥30.00): refunded 30.00 of it, but this bill has no refund row" in n for n in r.report.notes)
    assert refund.flag == "!" and refund.narration.startswith("退款") and refund.postings[0].units.number == Decimal("2.00")


def test_write_refuses_books_that_do_not_include_the_inbox(books, tmp_path):
    main = books / "main.beancount"
    main.write_text(main.read_text(encoding="utf-8").replace('include "inbox.beancount"\n', ""), encoding="utf-8")
    s = statement(tmp_path / "s.csv", icbc_row("2026-03-05", "100.00", "", "100.00", "王小明"))
    before = (books / "inbox.beancount").read_bytes()
    result = run(books, s, "--write")
    assert result.exit_code == 1 and 'include "inbox.beancount"' in result.output
    assert (books / "inbox.beancount").read_bytes() == before


def test_a_register_row_s_anonymity_is_kept_on_the_gift_of_a_registered_donor(books, tmp_path):
    """A registered donor who is named in public (D0001) asks in the register that this gift
    not carry their name: the entry says so and the public model leaves the gift unnamed; a
    row asking nothing leaves the entry as the registry has it."""
    import datetime

    from publish.model_builder import build_public_model

    reg = tmp_path / "register.csv"
    reg.write_text("日期,捐赠人,捐赠人类型,金额,物资,数量,单价,基金,匿名,需要感谢信,联系方式,收款方式,估值依据\n"
                   "2026-03-05,D0001,,1000,,,,,网站不公开,,,银行,\n"
                   "2026-03-06,D0001,,77,,,,,否,,,银行,\n"
                   "2026-03-07,新的捐赠人,个人,55,,,,,完全匿名,,,现金,\n", encoding="utf-8")
    result = run(books, reg, "--write")
    assert result.exit_code == 0, result.output
    loaded = load_books(books)
    assert loaded.errors == []
    new = [e for e in loaded.entries if isinstance(e, data.Transaction)
           and str(e.meta.get("filename", "")).endswith("inbox.beancount")]
    asked = next(e for e in new if e.postings[0].units.number == Decimal("1000.00"))
    plain = next(e for e in new if e.postings[0].units.number == Decimal("77.00"))
    unknown = next(e for e in new if e.postings[0].units.number == Decimal("55.00"))
    assert asked.meta["anonymous"] == "public" and "anonymous" not in plain.meta
    assert unknown.meta["anonymous"] == "all"
    shown = {(d.date, d.amount): d.donor_name for d in build_public_model(loaded).donations}
    assert shown[(datetime.date(2026, 3, 5), Decimal("1000.00"))] is None
    assert shown[(datetime.date(2026, 3, 6), Decimal("77.00"))] is not None
