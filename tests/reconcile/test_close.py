"""Closing a period, and the closed_period rule catching every later change to it."""

from __future__ import annotations

import datetime
from pathlib import Path

import pytest

from ledger.books import load_books
from ledger.closes.close import CloseError, CloseRefused, close_period
from ledger.errors import format_error
from ledger.period import parse_period
from ledger.reconcile.report import build_report

MARCH = parse_period("2024-03")
TODAY = datetime.date(2024, 4, 10)


def closed_books(books_factory, **kw) -> Path:
    main = books_factory(**kw)
    close_period(load_books(main), MARCH, check=build_report, today=TODAY)
    return main


def errors_of(main: Path) -> list[str]:
    return [format_error(e) for e in load_books(main).errors]


def edit(main: Path, old: str, new: str, name: str = "txns/2024.beancount") -> None:
    path = main.parent / name
    text = path.read_text(encoding="utf-8")
    assert old in text
    path.write_text(text.replace(old, new), encoding="utf-8")


def test_close_records_the_period_and_the_books_still_pass(books_factory):
    main = closed_books(books_factory)
    closes = (main.parent / "closes.beancount").read_text(encoding="utf-8")
    assert '2024-03-31 custom "period-close" "2024-03" "' in closes
    assert "closed_on: 2024-04-10" in closes
    side = (main.parent / "closes" / "2024-03.sha256").read_text(encoding="utf-8")
    assert side.count("\n2") + side.count("\n") > 0 and "JZ-2024-00001" in side
    assert errors_of(main) == []


def test_altered_entry_is_named(books_factory):
    main = closed_books(books_factory)
    edit(main, "Expenses:Aid:Living       3000.00 CNY", "Expenses:Aid:Living       2000.00 CNY")
    edit(main, "46000.00 CNY", "47000.00 CNY")  # keep the statement agreeing: only the close is broken
    errors = errors_of(main)
    assert len(errors) == 1, errors
    assert "txns/2024.beancount:18:" in errors[0]
    assert "困难救助" in errors[0] and "altered after the close" in errors[0] and "3000.00 CNY" in errors[0]
    assert "的日期在已结账期间 2024-03 内，结账后被修改过（原为：" in errors[0]  # Chinese first, as every rule says it



def test_a_side_file_saved_by_notepad_with_a_byte_order_mark_still_names_the_entry(books_factory):
    """closes/2024-03.sha256 opened and saved in Windows Notepad (which writes UTF-8 with a BOM)
    was read as "damaged or cut short: restore it from a backup", and an altered entry of the
    period could no longer be named, though not a line of the list had changed."""
    main = closed_books(books_factory)
    side = main.parent / "closes" / "2024-03.sha256"
    side.write_bytes(b"\xef\xbb\xbf" + side.read_bytes())
    edit(main, "Expenses:Aid:Living       3000.00 CNY", "Expenses:Aid:Living       2000.00 CNY")
    edit(main, "46000.00 CNY", "47000.00 CNY")
    errors = errors_of(main)
    assert len(errors) == 1, errors
    assert "txns/2024.beancount:18:" in errors[0] and "altered after the close" in errors[0], errors[0]

def test_metadata_change_is_caught(books_factory):
    main = closed_books(books_factory)
    edit(main, 'donor: "D0001"\n  receipt: "JZ-2024-00001"', 'donor: "ANON"\n  receipt: "JZ-2024-00001"')
    errors = errors_of(main)
    assert len(errors) == 1 and "altered after the close" in errors[0] and "JZ-2024-00001" in errors[0], errors


def test_added_entry_is_named(books_factory):
    main = closed_books(books_factory)
    with (main.parent / "txns" / "2024.beancount").open("a", encoding="utf-8") as f:
        f.write('\n2024-03-26 * "补记办公用品"\n  fund: "GENERAL"\n  Expenses:Operations:Office  10.00 CNY\n  Assets:Cash\n2024-04-01 balance Assets:Cash 790.00 CNY\n')
    edit(main, "2024-04-01 balance Assets:Cash 800.00 CNY\n", "")
    errors = errors_of(main)
    assert len(errors) == 1, errors
    assert "补记办公用品" in errors[0] and "was added to closed period 2024-03" in errors[0]
    assert "是在结账后加入已结账期间 2024-03 的；请撤销这一改动" in errors[0].split("。 ")[0]


def test_removed_entry_is_described_on_the_close(books_factory):
    main = closed_books(books_factory)
    edit(main, '2024-03-25 * "办公用品"\n  fund: "GENERAL"\n  Expenses:Operations:Office  200.00 CNY\n  Assets:Cash\n', "")
    edit(main, "2024-04-01 balance Assets:Cash 800.00 CNY", "2024-04-01 balance Assets:Cash 1000.00 CNY")
    errors = errors_of(main)
    assert len(errors) == 1, errors
    assert "closes.beancount:" in errors[0] and "办公用品" in errors[0] and "was removed from closed period 2024-03" in errors[0]
    assert "在结账后从已结账期间 2024-03 中删除了；请恢复它" in errors[0].split("。 ")[0]


def test_moving_an_entry_to_another_file_is_no_change(books_factory):
    main = closed_books(books_factory)
    block = '2024-03-25 * "办公用品"\n  fund: "GENERAL"\n  Expenses:Operations:Office  200.00 CNY\n  Assets:Cash\n'
    edit(main, block, "")
    with (main.parent / "inbox.beancount").open("a", encoding="utf-8") as f:
        f.write("\n\n" + block)
    assert errors_of(main) == []


def test_digest_alone_still_catches_a_change(books_factory):
    main = closed_books(books_factory)
    (main.parent / "closes" / "2024-03.sha256").unlink()
    assert errors_of(main) == []
    edit(main, '"提取备用金"', '"提取现金"')
    errors = errors_of(main)
    assert len(errors) == 1 and "closes.beancount" in errors[0] and "Closed period 2024-03 has changed" in errors[0], errors


def test_a_damaged_side_file_is_not_called_missing(books_factory):
    """A side file cut short reads as no side file; the message said it "is missing" while it was there."""
    main = closed_books(books_factory)
    side = main.parent / "closes" / "2024-03.sha256"
    lines = side.read_text(encoding="utf-8").split("\n")
    side.write_text("\n".join(lines[:4]) + "\n" + lines[4][:10], encoding="utf-8")  # cut inside a hash
    edit(main, '"提取备用金"', '"提取现金"')
    errors = errors_of(main)
    assert len(errors) == 1 and "Closed period 2024-03 has changed" in errors[0], errors
    assert "closes/2024-03.sha256 cannot be read as the list `relief close` wrote (damaged or cut short" in errors[0]
    assert "is missing" not in errors[0]


def test_removed_close_directive_is_caught_by_its_side_file(books_factory):
    main = closed_books(books_factory)
    (main.parent / "closes.beancount").write_text(";; emptied\n", encoding="utf-8")
    errors = errors_of(main)
    assert len(errors) == 1 and "closes/2024-03.sha256" in errors[0] and "the close was removed" in errors[0], errors


def test_a_close_left_out_of_the_books_is_not_called_removed(books_factory):
    """The include line of closes.beancount gone (taken out by hand, or a close of older
    books killed between writing the close and adding the include): the side file's error
    said 'the close was removed; restore it from the books' history', though the close is
    there in closes.beancount; it now says the file is not included and the line to add."""
    main = closed_books(books_factory)
    edit(main, 'include "closes.beancount"\n', "", name="main.beancount")
    errors = errors_of(main)
    assert len(errors) == 1 and "the close of period 2024-03 is in closes.beancount" in errors[0], errors
    assert 'include "closes.beancount"' in errors[0] and "main.beancount" in errors[0]
    with main.open("a", encoding="utf-8") as text:
        text.write('include "closes.beancount"\n')
    assert errors_of(main) == []


def test_correction_in_an_open_period_passes(books_factory):
    main = closed_books(books_factory)
    with (main.parent / "txns" / "2024.beancount").open("a", encoding="utf-8") as f:
        f.write(
            '\n2024-04-05 * "更正：3月10日困难救助多付"\n  fund: "GENERAL"\n  approval: "SP-2024-0001"\n  case: "C0001"\n'
            '  correction: "SP-2024-0001"\n  Assets:Bank:Basic  100.00 CNY\n  Expenses:Aid:Living\n'
        )
    assert errors_of(main) == []


def test_close_refuses_while_reconcile_fails(books_factory):
    main = books_factory({'2024-03-25 * "办公用品"': '2024-03-25 ! "办公用品"'})
    with pytest.raises(CloseRefused) as info:
        close_period(load_books(main), MARCH, check=build_report, today=TODAY)
    assert "does not reconcile" in str(info.value) and "办公用品" in str(info.value)
    assert "period-close" not in (main.parent / "closes.beancount").read_text(encoding="utf-8")
    assert not (main.parent / "closes").exists()


def test_close_refuses_twice_and_before_the_end(books_factory):
    main = closed_books(books_factory)
    with pytest.raises(CloseError, match="already closed"):
        close_period(load_books(main), MARCH, check=build_report, today=TODAY)
    with pytest.raises(CloseError, match="has not ended yet"):
        close_period(load_books(main), parse_period("2024-04"), check=build_report, today=datetime.date(2024, 4, 30))


def test_close_refuses_a_month_of_a_quarter_already_closed(books_factory):
    """2024-03 closed again after 2024-Q1 was closed: it was accepted, sealed nothing more and
    put one more entry in the site's public log for good. The year after its quarter still closes."""
    def ok(*a, **kw):
        return _ok()

    main = books_factory()
    close_period(load_books(main), parse_period("2024-Q1"), check=ok, today=TODAY)
    with pytest.raises(CloseError, match=r"2024-03 is already closed, as part of 2024-Q1 \(.*closes.beancount:\d+\)"):
        close_period(load_books(main), MARCH, check=ok, today=TODAY)
    close_period(load_books(main), parse_period("2024"), check=ok, today=datetime.date(2025, 1, 10))
    assert errors_of(main) == []


def test_close_adds_the_include_to_older_books(books_factory):
    main = books_factory()
    edit(main, 'include "closes.beancount"\n', "", name="main.beancount")
    (main.parent / "closes.beancount").unlink()
    result = close_period(load_books(main), MARCH, check=build_report, today=TODAY)
    assert result.include_added
    assert 'include "closes.beancount"' in main.read_text(encoding="utf-8")
    assert errors_of(main) == []
    edit(main, '"提取备用金"', '"提取现金"')
    assert any("altered after the close" in e for e in errors_of(main))


def test_close_refuses_books_without_the_rules(books_factory):
    """A close is kept by the rule closed_period; books that do not switch the rules on (a
    ledger not yet moved in, the plugin line removed) would record a close that nothing checks:
    a later change to the period passed `relief check`, bean-check and Fava without a word.
    The close is refused, naming the line to add, and nothing is written."""
    main = books_factory()
    edit(main, 'plugin "ledger.plugins.rules"\n', "", name="main.beancount")
    before = {p: p.read_bytes() for p in main.parent.rglob("*") if p.is_file()}
    with pytest.raises(CloseError) as info:
        close_period(load_books(main), MARCH, check=build_report, today=TODAY)
    message = str(info.value)
    assert str(main) in message and 'plugin "ledger.plugins.rules"' in message and "nothing was written" in message
    assert {p: p.read_bytes() for p in main.parent.rglob("*") if p.is_file()} == before
    assert not (main.parent / "closes").exists()


def test_a_quarter_and_its_month_both_closed(books_factory):
    opening = "2024-01-01 balance Assets:Bank:Basic 0.00 CNY\n2024-03-01 balance Assets:Bank:Basic 0.00 CNY\n"
    main = closed_books(books_factory, replace={"2024-03-01 balance Assets:Bank:Basic 0.00 CNY\n": opening})
    close_period(load_books(main), parse_period("2024-Q1"), check=build_report, today=TODAY)
    assert errors_of(main) == []
    edit(main, '"提取备用金"', '"提取现金"')
    errors = errors_of(main)
    assert len(errors) == 2 and all("提取现金" in e for e in errors)
    assert {"closed period 2024-03" in e for e in errors} == {True, False}


def test_quarter_refused_while_january_is_uncovered(books_factory):
    main = closed_books(books_factory)
    with pytest.raises(CloseRefused, match="no imported statement covers 2024-01-01 to 2024-02-29"):
        close_period(load_books(main), parse_period("2024-Q1"), check=build_report, today=TODAY)


def test_a_second_ctrl_c_does_not_cut_the_putting_back_short(books_factory, monkeypatch):
    """Ctrl-C pressed twice (the first while the books were loaded again to check the close,
    the second while the files were put back, on a slow disk): the putting back stopped half
    way, and the side file of a close that never happened stayed, which relief check then
    called a removed close. The files are now all put back before the interrupt goes on."""
    import signal

    import ledger.closes.close

    main = books_factory()
    closes = main.parent / "closes.beancount"
    closes_before = closes.read_bytes()
    real_write = ledger.closes.close.atomic_write_bytes

    def interrupted_load(path):
        raise KeyboardInterrupt

    def write_then_ctrl_c(path, content, *args, **kwargs):
        if content == closes_before:  # the putting back has begun
            signal.raise_signal(signal.SIGINT)  # the second Ctrl-C
        return real_write(path, content, *args, **kwargs)

    monkeypatch.setattr(ledger.closes.close, "load_books", interrupted_load)
    monkeypatch.setattr(ledger.closes.close, "atomic_write_bytes", write_then_ctrl_c)
    with pytest.raises(KeyboardInterrupt):
        close_period(load_books(main), MARCH, check=build_report, today=TODAY)
    assert closes.read_bytes() == closes_before
    assert not (main.parent / "closes").exists()


@pytest.mark.parametrize("line_end", [b"\n", b"\r\n"], ids=["LF", "CRLF"])
def test_close_puts_every_file_back_when_the_books_would_gain_an_error(books_factory, monkeypatch, line_end):
    """Every file comes back byte for byte, a main file saved with Windows line ends (CRLF)
    too (it used to come back with LF line ends, every line changed)."""
    import dataclasses

    import ledger.closes.close
    from ledger.errors import RuleError

    main = books_factory()
    edit(main, 'include "closes.beancount"\n', "", name="main.beancount")
    (main.parent / "closes.beancount").unlink()
    main.write_bytes(main.read_bytes().replace(b"\n", line_end))
    before = main.read_bytes()
    real_load = ledger.closes.close.load_books

    def load_with_a_new_error(path):
        books = real_load(path)
        return dataclasses.replace(books, errors=[*books.errors, RuleError({"filename": str(path), "lineno": 1}, "planted problem", None)])

    monkeypatch.setattr(ledger.closes.close, "load_books", load_with_a_new_error)
    with pytest.raises(CloseError, match="planted problem"):
        close_period(load_books(main), MARCH, check=build_report, today=TODAY)
    assert main.read_bytes() == before
    assert not (main.parent / "closes.beancount").exists()
    assert not (main.parent / "closes").exists()


def test_a_hand_edited_closed_on_that_is_not_a_day(books_factory):
    """Why: the site's log sorts closes by closed_on; a value that is not a day ("yesterday")
    stopped the publisher with a TypeError. Now it is an error on the close, which still
    guards its period, and the log falls back to the directive's date."""
    from ledger.closes.records import in_order_made, parse_closes

    main = closed_books(books_factory)
    close_period(load_books(main), parse_period("2024-04"), check=lambda books, period, **kw: _ok(), today=datetime.date(2024, 5, 3))
    edit(main, "closed_on: 2024-04-10", 'closed_on: "yesterday"', name="closes.beancount")
    errors = errors_of(main)
    assert any("closes.beancount:" in e and "closed_on 'yesterday' is not a day" in e for e in errors), errors
    closes, _ = parse_closes(load_books(main).entries)
    assert [str(c.period) for c in in_order_made(closes)] == ["2024-03", "2024-04"]
    edit(main, "2024-03-05 * \"某某机械制造有限公司\" \"捐款\"", "2024-03-06 * \"某某机械制造有限公司\" \"捐款\"")
    assert any("closed period 2024-03" in e for e in errors_of(main)), errors_of(main)


class _ok:
    ok = True

    def problems(self):
        return []


def test_a_file_dropped_into_the_documents_folder_of_a_closed_period_is_named(books_factory):
    """Why: beancount makes a `document` of each file in the documents folder; one dated in a
    closed period was reported on main.beancount:0 with the advice to record a correction."""
    main = closed_books(books_factory)
    scan = main.parent / "documents" / "Assets" / "Bank" / "Basic" / "2024-03-15.scan.pdf"
    scan.write_bytes(b"%PDF-1.4\n")
    errors = [e for e in errors_of(main) if "closed" in e]
    assert len(errors) == 1, errors
    assert "The file documents/Assets/Bank/Basic/2024-03-15.scan.pdf was put in the documents folder after 2024-03 was closed" in errors[0]
    assert "record a correction" not in errors[0]


def test_a_close_line_duplicated_by_hand_is_an_error(books_factory):
    """Why: a period-close line duplicated (a merge that kept both sides) was accepted in
    silence and the site's log took the period twice, so the published site stopped verifying."""
    from ledger.closes.records import parse_closes

    main = closed_books(books_factory)
    closes_file = main.parent / "closes.beancount"
    text = closes_file.read_text(encoding="utf-8")
    close_lines = text[text.index('2024-03-31 custom "period-close"'):]
    closes_file.write_text(text + close_lines, encoding="utf-8")
    errors = errors_of(main)
    assert len(errors) == 1, errors
    assert "period-close 2024-03: the period is already closed at" in errors[0] and "remove this line" in errors[0]
    closes, problems = parse_closes(load_books(main).entries)
    assert [str(c.period) for c in closes] == ["2024-03"] and len(problems) == 1


def test_a_closes_file_with_windows_line_ends_keeps_every_line(books_factory):
    """Why: a closes.beancount saved on Windows (CRLF) was read through Python's newline
    translation and written back with LF line ends: every close line of the file changed in
    the books' history. Now the close is appended to the file's bytes, in its line ends, and
    both closes are read."""
    from ledger.closes.records import parse_closes

    main = closed_books(books_factory)
    closes_file = main.parent / "closes.beancount"
    closes_file.write_bytes(closes_file.read_bytes().replace(b"\n", b"\r\n"))
    before = closes_file.read_bytes()
    close_period(load_books(main), parse_period("2024-04"), check=lambda books, period, **kw: _ok(), today=datetime.date(2024, 5, 3))
    after = closes_file.read_bytes()
    assert after.startswith(before)
    assert b"\n" not in after.replace(b"\r\n", b"")
    books = load_books(main)
    assert [str(c.period) for c in parse_closes(books.entries)[0]] == ["2024-03", "2024-04"]
    assert [format_error(e) for e in books.errors] == []


def test_a_file_where_the_side_file_folder_must_be_is_named(books_factory):
    """Why: a file named `closes` beside the books stopped the close with "cannot write the
    close into BOOKS (File exists)", which names neither the file nor what to do."""
    main = books_factory()
    (main.parent / "closes").write_text("notes\n", encoding="utf-8")
    before = (main.parent / "closes.beancount").read_bytes()
    with pytest.raises(CloseError) as caught:
        close_period(load_books(main), MARCH, check=build_report, today=TODAY)
    assert f"{main.parent / 'closes'} is a file, not a folder" in str(caught.value)
    assert "nothing was changed" in str(caught.value)
    assert (main.parent / "closes.beancount").read_bytes() == before


def test_a_folder_where_the_side_file_must_be_is_named(books_factory):
    """Why: a folder named closes/2024-03.sha256 was reported as the side file of a close
    that had been removed, and the close was refused for it."""
    main = books_factory()
    (main.parent / "closes" / "2024-03.sha256").mkdir(parents=True)
    errors = errors_of(main)
    assert len(errors) == 1 and "closes/2024-03.sha256 is a folder, not the list of a close's entries" in errors[0], errors
    assert "the close was removed" not in errors[0]
    with pytest.raises(CloseError) as caught:
        close_period(load_books(main), MARCH, check=lambda books, period, **kw: _ok(), today=TODAY)
    assert "2024-03.sha256 is a folder" in str(caught.value) and "nothing was changed" in str(caught.value)
    assert "period-close" not in (main.parent / "closes.beancount").read_text(encoding="utf-8")


PADDED = {
    "2024-03-01 balance Assets:Bank:Basic 0.00 CNY": '2024-03-01 balance Assets:Bank:Basic 0.00 CNY\n'
    '2024-03-02 pad Assets:Cash Equity:Opening-Balances\n  fund: "GENERAL"\n2024-03-03 balance Assets:Cash 100.00 CNY',
    "2024-04-01 balance Assets:Cash 800.00 CNY": "2024-04-01 balance Assets:Cash 900.00 CNY",
}


def test_a_period_with_a_pad_can_be_closed(books_factory):
    """Why: beancount makes the padding transaction after the plugins run, so the close
    sealed an entry the closed_period rule never sees, called it removed, and refused the
    close ("would leave the books with new errors"). The pad and its balance are sealed;
    the padding beancount makes of them is not an entry of the books."""
    main = closed_books(books_factory, replace=PADDED)
    assert errors_of(main) == []
    assert "Padding inserted" not in (main.parent / "closes" / "2024-03.sha256").read_text(encoding="utf-8")
    edit(main, "2024-03-03 balance Assets:Cash 100.00 CNY", "2024-03-03 balance Assets:Cash 150.00 CNY")
    edit(main, "2024-04-01 balance Assets:Cash 900.00 CNY", "2024-04-01 balance Assets:Cash 950.00 CNY")
    errors = errors_of(main)
    assert len(errors) == 1 and "closed period 2024-03" in errors[0] and "Assets:Cash" in errors[0], errors


def test_a_deleted_side_file_is_a_warning_while_the_period_holds(books_factory):
    """Why: with closes/2024-03.sha256 deleted the books checked clean, and the loss was
    found only when something changed and could no longer be named."""
    from ledger.errors import RuleWarning

    main = closed_books(books_factory)
    (main.parent / "closes" / "2024-03.sha256").unlink()
    books = load_books(main)
    assert books.errors == []
    warnings = [format_error(w) for w in books.warnings]
    assert len(warnings) == 1 and "closes.beancount:" in warnings[0], warnings
    assert "closes/2024-03.sha256 is missing" in warnings[0] and "restore it" in warnings[0]
    assert "closes.beancount:" in warnings[0] and ": 警告：closes/2024-03.sha256 不见了：已结账期间 2024-03 仍由其摘要封存" in warnings[0]
    assert all(isinstance(w, RuleWarning) for w in books.warnings)


def test_an_emptied_or_foreign_side_file_is_a_warning_while_the_period_holds(books_factory):
    """An emptied side file (or another period's copied over it) passed as present: the books
    checked clean, and the loss came to light only when an entry changed. Its header's digest
    is read on every load (only its first lines: the whole file is read when a change is named)."""
    main = closed_books(books_factory)
    side = main.parent / "closes" / "2024-03.sha256"
    text = side.read_text(encoding="utf-8")
    for damaged in ("", text[:60], text.replace("# digest ", "# digest 0")):
        side.write_text(damaged, encoding="utf-8")
        books = load_books(main)
        assert books.errors == []
        warnings = [format_error(w) for w in books.warnings]
        assert len(warnings) == 1 and "closes/2024-03.sha256 is not this close's" in warnings[0] and "restore it" in warnings[0], warnings
    side.write_text(text.replace("\n", "\r\n"), encoding="utf-8", newline="")  # checked out with CRLF: still this close's
    assert load_books(main).warnings == []


def test_a_closes_file_linked_into_the_books_is_written_through_the_link(books_factory, tmp_path):
    """Why: the close replaced a linked closes.beancount with a file of its own, so the
    file the link named (kept elsewhere) never got the close, and the link was gone."""
    main = books_factory()
    kept = tmp_path / "elsewhere" / "closes.beancount"
    kept.parent.mkdir()
    (main.parent / "closes.beancount").rename(kept)
    (main.parent / "closes.beancount").symlink_to(kept)
    close_period(load_books(main), MARCH, check=build_report, today=TODAY)
    assert (main.parent / "closes.beancount").is_symlink()
    assert '"period-close" "2024-03"' in kept.read_text(encoding="utf-8")
    assert errors_of(main) == []


def test_a_digest_edited_on_the_close_line_is_named_as_such(books_factory):
    """Why: with the entries untouched and the close line's digest edited by hand, the rule
    said an entry had been added, removed or altered, and sent the user looking through the
    period for a change that was not there. (It does not say to copy the side file's digest:
    a side file can be written again, the close line is the authority.)"""
    main = closed_books(books_factory)
    closes_file = main.parent / "closes.beancount"
    text = closes_file.read_text(encoding="utf-8")
    start = text.index('"2024-03" "') + len('"2024-03" "')
    recorded = text[start:start + 64]
    closes_file.write_text(text[:start] + "0" * 64 + text[start + 64:], encoding="utf-8")
    errors = errors_of(main)
    assert len(errors) == 1 and "closes.beancount:" in errors[0], errors
    assert (f"the digest on this close ({'0' * 64}) is not that of its entries, which match closes/2024-03.sha256 (digest {recorded}): "
            "either the digest on this line was edited, or the entries and the side file were both changed") in errors[0]
    assert "an entry was added" not in errors[0]


def test_a_canonical_line_edited_by_hand_is_named_once(books_factory):
    """Why: a close's `canonical:` line taken away hashed the period in v1 against a v2
    digest, and every entry of the period was reported as altered."""
    main = closed_books(books_factory)
    edit(main, '  canonical: "v2"\n', "", name="closes.beancount")
    errors = errors_of(main)
    assert len(errors) == 1, errors
    assert ("Closed period 2024-03 was closed in canonical form v2 (closes/2024-03.sha256 says so, and its digest is this close's), "
            "but the close now reads as form v1") in errors[0]
    assert 'put it back as `relief close` wrote it (canonical: "v2")' in errors[0]


def test_a_named_pipe_in_place_of_a_side_file_is_not_waited_on(books_factory):
    """Why: with closes/2024-03.sha256 a named pipe and an entry of the period altered, the
    rule opened the pipe to name the change and every load (relief check, bean-check, Fava)
    waited for ever for a writer."""
    import os
    import threading

    main = closed_books(books_factory)
    side = main.parent / "closes" / "2024-03.sha256"
    side.unlink()
    os.mkfifo(side)
    edit(main, "Expenses:Aid:Living       3000.00 CNY", "Expenses:Aid:Living       2000.00 CNY")
    edit(main, "46000.00 CNY", "47000.00 CNY")
    found: list = []
    worker = threading.Thread(target=lambda: found.append(errors_of(main)), daemon=True)
    worker.start()
    worker.join(30)
    if worker.is_alive():  # let the stuck open go, so the test run can end
        with open(side, "wb"):
            pass
        pytest.fail("the load waited on the named pipe")
    errors = found[0]
    assert len(errors) == 1 and "Closed period 2024-03 has changed" in errors[0], errors
    assert "closes/2024-03.sha256 is not a regular file" in errors[0], errors


def test_a_named_pipe_where_the_side_file_goes_is_named(books_factory):
    import os

    main = books_factory()
    (main.parent / "closes").mkdir()
    os.mkfifo(main.parent / "closes" / "2024-03.sha256")
    errors = errors_of(main)
    assert len(errors) == 1 and "closes/2024-03.sha256 is not a regular file" in errors[0] and "move it out" in errors[0], errors
    with pytest.raises(CloseError, match="2024-03.sha256.*nothing was changed"):
        close_period(load_books(main), MARCH, check=lambda books, period, **kw: _ok(), today=TODAY)


@pytest.mark.parametrize("damage", ["killed before it was written", "emptied"])
def test_close_writes_a_lost_side_file_again_while_the_period_holds(books_factory, damage):
    """`relief close` killed (kill -9, power lost) between writing the close into
    closes.beancount and writing closes/2024-03.sha256 left a close without its side file:
    every later check warned 'restore it from the books' history or a backup (it is written by
    `relief close` only)', which had never held it, and close refused as 'already closed', the
    warning there for good. While the period's entries still make the close's digest, the side
    file is the books' own list of them: close now writes it again, and the warning says so."""
    main = closed_books(books_factory)
    side = main.parent / "closes" / "2024-03.sha256"
    kept = side.read_bytes()
    if damage == "emptied":
        side.write_bytes(b"")
    else:
        side.unlink()
    warning = format_error(load_books(main).warnings[0])
    assert "or write it again from the books with `relief close BOOKS 2024-03` (the period is unchanged since its close)" in warning
    closed = close_period(load_books(main), MARCH, check=build_report, today=TODAY)
    assert closed.side_file_only and closed.side_file == side
    assert side.read_bytes() == kept
    books = load_books(main)
    assert books.errors == [] and books.warnings == []
    with pytest.raises(CloseError, match="already closed"):
        close_period(books, MARCH, check=build_report, today=TODAY)


def test_close_does_not_write_a_side_file_for_a_changed_period(books_factory):
    main = closed_books(books_factory)
    (main.parent / "closes" / "2024-03.sha256").unlink()
    edit(main, "Expenses:Aid:Living       3000.00 CNY", "Expenses:Aid:Living       2000.00 CNY")
    edit(main, "46000.00 CNY", "47000.00 CNY")
    with pytest.raises(CloseError, match="already closed"):
        close_period(load_books(main), MARCH, check=build_report, today=TODAY)
    assert not (main.parent / "closes" / "2024-03.sha256").exists()


def test_a_close_killed_before_it_was_included_is_named_not_closed_twice(books_factory):
    """Older books (no include of closes.beancount): `relief close` killed after writing the
    close into closes.beancount and before adding the include line (or its side file) left a
    close the books do not read; check said nothing, and close again wrote a second close
    line, then refused it as 'already closed at closes.beancount:4; remove this line' (the
    line it had just taken out again). It now names the close standing there and the line to
    add."""
    main = closed_books(books_factory)
    edit(main, 'include "closes.beancount"\n', "", name="main.beancount")
    for side in (main.parent / "closes").iterdir():
        side.unlink()
    closes = (main.parent / "closes.beancount").read_bytes()
    with pytest.raises(CloseError) as refused:
        close_period(load_books(main), MARCH, check=build_report, today=TODAY)
    said = str(refused.value)
    assert f"{main.parent / 'closes.beancount'}:" in said and "already holds the close of 2024-03" in said, said
    assert f'Add the line include "closes.beancount" to {main}' in said, said
    assert (main.parent / "closes.beancount").read_bytes() == closes
    assert 'include "closes.beancount"' not in main.read_text(encoding="utf-8")


def test_a_quarter_holding_a_closed_month_says_so(books_factory):
    """Why: the reconciliation of 2024-Q1 said nothing of March being closed (only a close of
    the whole quarter was named), so the page filed for the quarter did not show that part
    of it can no longer change."""
    from click.testing import CliRunner

    from cli import cli

    main = closed_books(books_factory)
    result = CliRunner().invoke(cli, ["reconcile", str(main), "--period", "2024-Q1"])
    assert "Closed within it: 2024-03" in result.output, result.output
    from ledger.reconcile.html import render_html

    assert "closed within it: 2024-03" in render_html(build_report(load_books(main), parse_period("2024-Q1")))
    result = CliRunner().invoke(cli, ["reconcile", str(main), "--period", "2024-03"])
    assert "Period closed: 2024-03" in result.output and "Closed within it" not in result.output
