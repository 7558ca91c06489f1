"""CSV statements as some exporters write their bytes: padding after the text, a damaged
byte. The rows are read as the text shows them, and what was dropped or is wrong is said,
naming the file and the line."""

from __future__ import annotations

import unicodedata
from decimal import Decimal
from pathlib import Path

import pytest
from beancount.core import data

from importers.errors import ImportProblem
from importers.reading import read_table
from importers.run import extract_files, load_importers
from ledger.books import load_books
from tests.importers.support import booked_amounts as booked
from tests.importers.support import extract_one as extract

HEADER = "交易日期,交易流水号,摘要,对方户名,收入金额,支出金额,余额\n"
ROWS = ("2026-03-01,X1,转账存入,王小明,100.00,,1100.00\n"
        "2026-03-02,X2,转账存入,李四,50.00,,1150.00\n"
        "2026-03-03,X3,付款,某超市,,30.00,1120.00\n")


@pytest.mark.parametrize("padding", [512, 9000])
def test_trailing_nul_padding_is_dropped_with_a_note(books, tmp_path, padding):
    """Some exporters pad the file to a block size with NUL bytes. A short file was refused
    as "binary data"; in a long one (NULs past the first 4 KB) the NULs were read as a last
    row of junk."""
    path = tmp_path / "padded.csv"
    path.write_bytes((HEADER + ROWS).encode("utf-8") + b"\x00" * padding)
    table = read_table(path)
    assert [r.number for r in table.sheets[0].rows] == [1, 2, 3, 4]
    assert not any("\x00" in c for r in table.sheets[0].rows for c in r.cells)
    result = extract(books, path)
    assert booked(result) == {"X1": Decimal("100.00"), "X2": Decimal("50.00"),
                              "X3": Decimal("-30.00")}
    notes = result.report.notes
    assert any(f"{padding} NUL bytes" in n and "padded.csv" in n for n in notes), notes


def test_trailing_nul_padding_in_gbk_text(books, tmp_path):
    path = tmp_path / "padded-gbk.csv"
    path.write_bytes((HEADER + ROWS).encode("gbk") + b"\x00" * 100)
    assert len(booked(extract(books, path))) == 3


def test_trailing_nul_padding_in_utf16_text(tmp_path):
    path = tmp_path / "padded-utf16.csv"
    path.write_bytes((HEADER + ROWS).encode("utf-16") + b"\x00" * 64)
    table = read_table(path)
    assert [r.cells[1] for r in table.sheets[0].rows] == ["交易流水号", "X1", "X2", "X3"]
    assert any("64 NUL bytes" in n for n in table.notes), table.notes


def test_a_file_of_nul_bytes_only_is_named_empty(tmp_path):
    path = tmp_path / "zeros.csv"
    path.write_bytes(b"\x00" * 4096)
    with pytest.raises(ImportProblem) as caught:
        read_table(path)
    assert "NUL" in caught.value.message and "empty" in caught.value.message


def test_nul_bytes_inside_the_text_are_still_refused(tmp_path):
    path = tmp_path / "holes.csv"
    path.write_bytes(HEADER.encode() + b"\x00" * 200 + ROWS.encode())
    with pytest.raises(ImportProblem) as caught:
        read_table(path)
    assert "binary" in caught.value.message


def test_a_padded_register_says_so_too(books, tmp_path):
    path = tmp_path / "donations.csv"
    path.write_bytes("日期,捐赠人,捐赠人类型,金额,收款方式\n2026-03-01,王小明,个人,100,现金\n".encode()
                     + b"\x00" * 300)
    result = extract(books, path)
    assert result.problem is None, result.problem
    assert any("300 NUL bytes" in n for n in result.report.notes), result.report.notes


def _with_gbk_word(line: int, newline: str = "\n", bom: bool = False) -> bytes:
    """A UTF-8 statement whose `line`-th line (1-based; a data row) has its memo in GBK."""
    lines = (HEADER + ROWS * 3).splitlines()
    out = []
    for number, text in enumerate(lines, 1):
        raw = text.encode("utf-8")
        if number == line:
            raw = raw.replace("转账存入".encode(), "捐款".encode("gbk"), 1).replace(
                "付款".encode(), "捐款".encode("gbk"), 1)
        out.append(raw)
    return (b"\xef\xbb\xbf" if bom else b"") + newline.encode().join(out) + newline.encode()


@pytest.mark.parametrize("line, newline, bom", [(2, "\n", False), (6, "\n", False), (9, "\r\n", False),
                                                (4, "\r", False), (2, "\n", True)])
def test_a_gbk_word_in_a_utf8_file_names_its_line_and_encoding(books, tmp_path, line, newline, bom):
    """One memo typed in GBK into a UTF-8 statement: the message said the text was neither
    UTF-8 nor GBK (the word on the first data row, or a BOM), or named no line at all."""
    path = tmp_path / "mixed.csv"
    path.write_bytes(_with_gbk_word(line, newline, bom))
    result = extract(books, path)
    problem = result.problem
    assert problem is not None and problem.row == line, problem
    assert problem.filepath.endswith("mixed.csv")
    assert f"UTF-8 text, but line {line} holds bytes" in problem.message
    assert 'read as GBK are "捐款"' in problem.message and "save the file as UTF-8" in problem.message


def test_a_stray_byte_in_a_short_utf8_file_names_its_line(tmp_path):
    path = tmp_path / "stray.csv"
    path.write_bytes((HEADER + "2026-03-01,X1,转账存入").encode() + b"\xff"
                     + ",王小明,100.00,,1100.00\n".encode())
    with pytest.raises(ImportProblem) as caught:
        read_table(path)
    assert caught.value.row == 2 and "line 2 holds bytes" in caught.value.message
    assert "(ff)" in caught.value.message


def test_several_stray_lines_are_named(tmp_path):
    raw = b"".join(_with_gbk_word(n).splitlines(keepends=True)[n - 1] if n in (3, 5) else
                   _with_gbk_word(0).splitlines(keepends=True)[n - 1] for n in range(1, 11))
    path = tmp_path / "two.csv"
    path.write_bytes(raw)
    with pytest.raises(ImportProblem) as caught:
        read_table(path)
    assert caught.value.row == 3 and "so do line(s) 5" in caught.value.message


def test_a_gbk_file_is_still_read_as_gbk(tmp_path):
    path = tmp_path / "gbk.csv"
    path.write_bytes((HEADER + ROWS).encode("gbk"))
    table = read_table(path)
    assert table.encoding == "gb18030" and table.sheets[0].rows[1].cells[2] == "转账存入"


SWALLOW_HEAD = "交易日期,交易流水号,对方户名,收入金额,支出金额,余额,摘要\n"


def test_a_quote_never_closed_in_the_last_column_swallows_no_rows(books, tmp_path):
    """A memo written "转账存入 without its closing quote, in the last column: the rows below
    it were read as its text, never booked nor listed, and the money line held (the file's
    own movement lost them too): 100.00 imported of a statement moving 120.00."""
    path = tmp_path / "quote.csv"
    path.write_text(SWALLOW_HEAD + '2026-03-01,X1,王小明,100.00,,1100.00,"转账存入\n'
                    "2026-03-02,X2,李四,50.00,,1150.00,转账存入\n"
                    "2026-03-03,X3,某超市,,30.00,1120.00,付款\n", encoding="utf-8")
    result = extract(books, path)
    assert result.problem is not None and result.problem.row == 2, result.problem
    message = result.problem.message
    assert "opens in cell 7 of the row on line 2" in message and "never closed" in message, message
    assert "2 line(s) after it" in message and 'delete the stray " on line 2' in message


def test_a_quote_closed_rows_later_swallows_no_rows(books, tmp_path):
    path = tmp_path / "quote.csv"
    path.write_text(SWALLOW_HEAD + '2026-03-01,X1,王小明,100.00,,1100.00,"转账存入\n'
                    '2026-03-02,X2,李四,50.00,,1150.00,转账存入"\n'
                    "2026-03-03,X3,某超市,,30.00,1120.00,付款\n", encoding="utf-8")
    result = extract(books, path)
    assert result.problem is not None and result.problem.row == 2, result.problem
    assert "not closed until line 3" in result.problem.message


def test_a_memo_over_two_lines_is_read(books, tmp_path):
    path = tmp_path / "two-lines.csv"
    path.write_text(SWALLOW_HEAD + '2026-03-01,X1,王小明,100.00,,1100.00,"转账存入\n附言：金秋助学, 一批"\n'
                    "2026-03-02,X2,李四,50.00,,1150.00,转账存入\n", encoding="utf-8")
    assert booked(extract(books, path)) == {"X1": Decimal("100.00"), "X2": Decimal("50.00")}


def test_a_quote_swallowing_the_rest_of_a_long_file_is_named(tmp_path):
    path = tmp_path / "long.csv"
    rows = "".join(f"2026-03-01,X{i},王小明,1.00,,{1100 + i}.00,转账存入\n" for i in range(3000))
    path.write_text(SWALLOW_HEAD + '2026-03-01,X,王小明,1.00,,1100.00,"转账存入\n' + rows, encoding="utf-8")
    with pytest.raises(ImportProblem) as caught:
        read_table(path)
    assert caught.value.row == 2 and "quote" in caught.value.message
    assert 'delete the stray " on line 2' in caught.value.message


TRADITIONAL = {"id": "tw-bank", "name": "某銀行存款明細", "sign": "in-out",
               "columns": {"date": "交易日期", "in": "收入金額", "out": "支出金額", "balance": "餘額",
                           "payer": "對方戶名", "memo": "摘要", "id": "交易流水號"}}
BIG5_TEXT = ("交易日期,交易流水號,摘要,對方戶名,收入金額,支出金額,餘額\n"
             "2026-03-01,T1,轉帳存入 捐款,陳大文,100.00,,1100.00\n"
             "2026-03-02,T2,轉帳存入,李四,50.00,,1150.00\n")


def test_a_big5_statement_is_read_as_big5(books, tmp_path):
    """Every Big5 byte pair is a GB18030 character too: a Traditional Chinese statement was
    read as GB18030, its header named unknown as ユら戳, ユ瑈腹 (a profile of its own columns
    matched nothing), and names and memos under English headers booked as such gibberish."""
    (books / "import_config.py").write_text(
        "from importers.config import importers_for_books\n"
        f"CONFIG = importers_for_books(__file__, profiles=[{TRADITIONAL!r}])\n", encoding="utf-8")
    path = tmp_path / "tw.csv"
    path.write_bytes(BIG5_TEXT.encode("cp950"))
    table = read_table(path)
    assert table.encoding == "big5" and table.sheets[0].rows[0].cells[1] == "交易流水號"
    result = extract(books, path)
    assert result.problem is None, result.problem
    txns = [e for e in result.new if isinstance(e, data.Transaction)]
    assert [t.payee for t in txns] == ["陳大文", "李四"] and "轉帳存入 捐款" in txns[0].narration
    assert any("Big5" in n for n in result.report.notes), result.report.notes


def test_gbk_text_with_a_few_kana_stays_gbk(tmp_path):
    """A GBK statement whose memo holds some Japanese (ラーメン) is GBK still."""
    path = tmp_path / "gbk-kana.csv"
    path.write_bytes((HEADER + ROWS.replace("付款", "付款 ラーメン")).encode("gbk"))
    table = read_table(path)
    assert table.encoding == "gb18030" and "ラーメン" in table.sheets[0].rows[3].cells[2]


@pytest.mark.parametrize("tail", ["", "\n"])
def test_a_dos_end_of_file_mark_is_dropped_with_a_note(books, tmp_path, tail):
    """Ctrl-Z (1A) right after the last amount: '1120.00\\x1a' was refused as not an amount."""
    path = tmp_path / "dos.csv"
    path.write_bytes((HEADER + ROWS.rstrip("\n") + tail).encode("gbk") + b"\x1a")
    result = extract(books, path)
    assert booked(result) == {"X1": Decimal("100.00"), "X2": Decimal("50.00"),
                              "X3": Decimal("-30.00")}
    assert any("Ctrl-Z" in n for n in result.report.notes), result.report.notes


def test_gbk_text_after_a_utf8_byte_order_mark_is_read_as_gbk(books, tmp_path):
    """A tool that puts UTF-8's mark before any file: the GBK text after it was read in a
    guessed encoding (Thai), its header named unknown as ๏ปฟฝปาืศีฦฺ."""
    path = tmp_path / "bom-gbk.csv"
    path.write_bytes(b"\xef\xbb\xbf" + (HEADER + ROWS).encode("gbk"))
    result = extract(books, path)
    assert len(booked(result)) == 3
    assert any("byte-order mark but its text is GBK" in n for n in result.report.notes)


def test_an_encoding_guessed_is_said(tmp_path):
    """A file neither UTF-8 nor GBK is read in charset-normalizer's guess: said, since a wrong
    guess books names and memos as other characters (this very file, Windows-1252, is
    guessed as a Baltic code page and read as 'Cafķ M³ller reńu')."""
    path = tmp_path / "latin.csv"
    path.write_bytes("Date,Description,Billing amount,Balance\n05/03/2026,Café Müller reçu,100.00,1100.00\n"
                     .encode("cp1252"))
    table = read_table(path)
    assert table.sheets[0].rows[1].cells[2] == "100.00"
    assert any(f"read as {table.encoding}, charset-normalizer's guess" in n for n in table.notes), table.notes
    assert not read_table(_utf8(tmp_path)).notes


def _utf8(tmp_path: Path) -> Path:
    path = tmp_path / "plain.csv"
    path.write_text(HEADER + ROWS, encoding="utf-8")
    return path


def test_a_lone_cr_inside_a_memo_does_not_split_its_row(books, tmp_path):
    """A memo pasted with a Mac's line break (CR) in an LF file: the row broke in two at the
    CR and was refused as stopping short, with the advice to export the statement again."""
    path = tmp_path / "cr.csv"
    path.write_bytes((HEADER + ROWS.replace("转账存入", "转账\r存入", 1)).encode())
    result = extract(books, path)
    txns = [e for e in result.new if isinstance(e, data.Transaction)]
    assert booked(result) == {"X1": Decimal("100.00"), "X2": Decimal("50.00"), "X3": Decimal("-30.00")}
    assert txns[0].narration == "转账 存入"
    assert any("carriage return (CR)" in n and "line(s) 2 " in n for n in result.report.notes)


def test_a_lone_cr_in_the_last_column_does_not_make_a_row(books, tmp_path):
    path = tmp_path / "cr.csv"
    path.write_bytes((SWALLOW_HEAD + "2026-03-01,X1,王小明,100.00,,1100.00,转账\r存入\n"
                      "2026-03-02,X2,李四,50.00,,1150.00,转账\r\r存入\n"
                      "2026-03-03,X3,某超市,,30.00,1120.00,付款\n").encode())
    result = extract(books, path)
    assert len(booked(result)) == 3


def test_rows_after_a_joined_cr_keep_the_editors_line_numbers(tmp_path):
    path = tmp_path / "cr.csv"
    path.write_bytes((HEADER + ROWS.replace("转账存入", "转\r账\r存入", 1)).encode())
    assert [r.number for r in read_table(path).sheets[0].rows] == [1, 2, 5, 6]


def test_mixed_line_ends_are_each_a_line_end(tmp_path):
    path = tmp_path / "mixed.csv"
    lines = (HEADER + ROWS).splitlines()
    path.write_bytes((lines[0] + "\r\n" + lines[1] + "\r" + lines[2] + "\n" + lines[3] + "\n").encode())
    table = read_table(path)
    assert [r.cells[1] for r in table.sheets[0].rows] == ["交易流水号", "X1", "X2", "X3"] and not table.notes


def test_a_file_booked_before_its_cr_was_joined_is_not_booked_again(books, tmp_path):
    """Before the CR join, a CR in the last row's last column left that row's memo cut at
    the CR (the rest passed over as a footer). Imported again (no ids: rows are told by
    their content), the row must be found in the books, not booked twice."""
    from importers.run import write_import

    head = "交易日期,对方户名,收入金额,支出金额,余额,摘要\n"
    rows = "2026-03-01,王小明,100.00,,1100.00,转账存入\n2026-03-02,李四,50.00,,1150.00,转账"
    old = tmp_path / "old.csv"  # what the earlier reading booked
    old.write_text(head + rows + "\n", encoding="utf-8")
    loaded = load_books(books)
    (first,) = extract_files(loaded, [old], load_importers(loaded.root), balance=False)
    assert len(booked(first)) == 2
    write_import(loaded, [first])
    full = tmp_path / "full.csv"
    full.write_bytes((head + rows + "\r存入\n").encode())
    loaded = load_books(books)
    (again,) = extract_files(loaded, [full], load_importers(loaded.root), balance=False)
    assert again.problem is None, again.problem
    assert not [e for e in again.new if isinstance(e, data.Transaction)], again.new


@pytest.mark.parametrize("newline", ["\n", "\r\n", "\r"])
def test_utf8_rows_appended_to_a_gbk_file_are_named(books, tmp_path, newline):
    """GB18030 reads UTF-8's bytes too, as other characters: a row appended in UTF-8 to a GBK
    statement was booked with 张三 as 寮犱笁 (no donor found), without a word."""
    gbk, utf8 = (HEADER + ROWS).splitlines(), "2026-03-04,X4,转账存入,张三,10.00,,1130.00"
    path = tmp_path / "joined.csv"
    path.write_bytes(newline.join(gbk).encode("gbk") + newline.encode() + utf8.encode() + newline.encode())
    result = extract(books, path)
    assert result.problem is not None and result.problem.row == 5, result.problem
    assert "GBK text, but line 5 is UTF-8 ('转账存入'" in result.problem.message


def test_a_gbk_file_with_an_ascii_line_is_gbk(tmp_path):
    path = tmp_path / "gbk.csv"
    path.write_bytes((HEADER + ROWS + "Total,,,,150.00,30.00,\n").encode("gbk"))
    assert read_table(path).encoding == "gb18030"


def test_a_profile_s_utf16_text_keeps_its_last_zero_byte(tmp_path):
    """A profile's BOM-less UTF-16: the zero byte ending its last line break ("\\n" is 0A 00)
    is half a character, not padding to drop."""
    path = tmp_path / "wide.csv"
    path.write_bytes((HEADER + ROWS).encode("utf-16-le"))
    table = read_table(path, encoding="utf-16-le")
    assert [r.cells[1] for r in table.sheets[0].rows] == ["交易流水号", "X1", "X2", "X3"]


#: the ABC header as a PDF's text layer gives it (deb-sig/bill-file-converter's real sample
#: before its fix): 日 written as the Kangxi radical U+2F47, 金 as U+2FA6, 手 as U+2F3F, 言
#: as U+2F94; a copy from the PDF into a spreadsheet keeps them, and they look the same
KANGXI_ABC = ("交易\u2f47期,交易时间,交易摘要,交易\u2fa6额,本次余额,对\u2f3f信息,\u2f47 志 号,交易渠道,交易附\u2f94\n"
              "20260302,101500,转存,+500.00,1500.00,王小明,363896153,超级\u2f79银,捐款\n"
              "20260303,090000,转\u2f40,-200.00,1300.00,北京住房公积\u2fa6管理中\u2f3c,363896154,,微信\u2f40付\n")


def test_a_header_copied_from_a_pdf_with_kangxi_radicals_is_read_as_its_layout(books, tmp_path):
    """Why: the header read 交易⽇期, 交易⾦额 … and the file was refused as of no known layout
    ("its first row reads: 交易⽇期, …"), a header the officer could not tell from ABC's own."""
    f = tmp_path / "abc.csv"
    f.write_text(KANGXI_ABC, encoding="utf-8")
    result = extract(books, f)
    assert result.problem is None, result.problem.message
    assert result.importer.name == "relief.bank.abc-debit"
    assert sorted(booked(result).values()) == [Decimal("-200.00"), Decimal("500.00")]


def test_a_statement_copied_from_a_pdf_is_the_same_rows_as_its_clean_export(books, tmp_path):
    """Why: the cells kept the radicals too (北京住房公积⾦管理中⼼), so the ids of such a copy
    differed from the bank's own CSV of the same rows: imported once each way, 29 of
    deb-sig/bill-file-converter's 81 real ABC rows were proposed again, their money twice."""
    copied, clean = tmp_path / "copied.csv", tmp_path / "clean.csv"
    copied.write_text(KANGXI_ABC, encoding="utf-8")
    clean.write_text(unicodedata.normalize("NFKC", KANGXI_ABC), encoding="utf-8")
    assert "\u2fa6" not in clean.read_text(encoding="utf-8")

    def entries(path):
        return sorted((e.meta["source_ref"], e.payee or "", e.narration) for e in extract(books, path).new
                      if isinstance(e, data.Transaction))

    assert entries(copied) == entries(clean)
    assert ("北京住房公积金管理中心", "转支 微信支付") in [(payee, narration) for _, payee, narration in entries(copied)]


def test_control_characters_in_cells_are_not_read(books, tmp_path):
    """A payer written with a terminal's escape sequences (ESC ] 52;c;… BEL sets the
    clipboard of a terminal that shows it; ESC [1A ESC [2K wipes the line above) was
    printed as written by the dry run, the finance officer's terminal running them, and
    proposed as a donor's name holding them. Control characters (but tab and line breaks)
    are dropped from every cell as it is read; a vertical tab inside a cell is a space."""
    import unicodedata as ud

    from click.testing import CliRunner

    from cli import cli

    path = tmp_path / "escapes.csv"
    path.write_text(HEADER + "2026-03-01,X1,转账存入\x1b[1A\x1b[2K,王小明\x1b]52;c;ZXZpbA==\x07,100.00,,1100.00\n"
                    "2026-03-02,X2,转账\x0b存入,李四\x9b2J,50.00,,1150.00\n", encoding="utf-8")
    result = extract(books, path)
    texts = [t for e in result.new for t in (getattr(e, "payee", None), getattr(e, "narration", None), *(
        v for v in (e.meta or {}).values() if isinstance(v, str))) if t]
    assert texts and not [t for t in texts if any(ud.category(c) == "Cc" for c in t)], texts
    assert "转账 存入" in texts
    out = CliRunner().invoke(cli, ["import", str(books), str(path)]).output
    assert "王小明" in out and not any(ud.category(c) == "Cc" and c not in "\t\n" for c in out), repr(out)


def test_a_signed_amount_padded_with_a_full_width_space_keeps_its_sign(books, tmp_path):
    """A statement of one signed amount column, a paid amount padded with an ideographic space
    ('　-30.00', as a statement copied from a PDF or typed by hand has it): read as -30.00, money
    out (a cell with such padding takes clean_cell's slow path, where a mark dropped from the
    front of a cell, the sign with it, would book 30.00 in)."""
    path = tmp_path / "cmb.csv"
    path.write_text("记账日期,货币,交易金额,联机余额,交易摘要,对手信息,客户摘要\n"
                    "2026-03-01,CNY,100.00,1100.00,转账存入,王小明,\n"
                    "2026-03-03,CNY,\u3000-30.00,1070.00,付款,某超市,\n"
                    "2026-03-04,CNY,-20.00\u3000,1050.00,付款,某超市,\n", encoding="utf-8")
    result = extract(books, path)
    assert result.problem is None, result.problem
    moved = sorted(p.units.number for e in result.new if isinstance(e, data.Transaction)
                   for p in e.postings if p.account == "Assets:Bank:Basic")
    assert moved == [Decimal("-30.00"), Decimal("-20.00"), Decimal("100.00")], moved
