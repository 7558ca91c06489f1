"""Messages a finance officer can act on, as `relief import` gives them for bank statements.

Each names the file (and the row or column where there is one), says what is wrong in the
officer's terms and what to do; none is a traceback, and nothing is written.
"""

from __future__ import annotations

import re
from pathlib import Path

from click.testing import CliRunner

from cli import cli
from tests.importers.support import REAL

HERE = Path(__file__).parent


def run(*args):
    return CliRunner().invoke(cli, ["import", *map(str, args)])


def config(books: Path, profile: str) -> None:
    (books / "import_config.py").write_text(
        "from importers.config import importers_for_books, renumber_receipts\n"
        f"MY = {profile}\n"
        "CONFIG = importers_for_books(__file__, profiles=[MY])\nHOOKS = [renumber_receipts]\n", encoding="utf-8")


def inbox(books: Path) -> str:
    path = books / "inbox.beancount"
    return path.read_text(encoding="utf-8") if path.exists() else ""


def test_unknown_format_names_the_nearest_layout_and_the_missing_column(books, tmp_path):
    f = tmp_path / "ccb.csv"
    f.write_bytes("China Construction Bank\n记账日,交易日期,交易时间,支出,账户余额,币种,摘要,对方账号,对方户名\n"
                  "20260302,20260302,09:00:00,10.00,990.00,人民币,消费,,某店\n".encode("gbk"))
    result = run(books, f)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "unknown format" in result.output and "ccb.csv" in result.output
    assert "建设银行交易明细(xls) (relief.bank.ccb-debit-detail)" in result.output
    assert "收入" in result.output and "are missing" in result.output
    assert "import_config.py" in result.output


def test_unknown_format_with_no_near_layout_shows_the_first_row(books, tmp_path):
    f = tmp_path / "other.csv"
    f.write_bytes(b"Posting date,Details,Value\n05/03/2026,Gift,100.00\n")
    result = run(books, f)
    assert result.exit_code == 1 and "unknown format" in result.output
    assert "its first row reads: Posting date, Details, Value" in result.output


def test_rows_before_the_books_open_point_to_opening_earlier(books):
    """The books start in 2026; a 2023 ICBC statement is refused with the way to start earlier."""
    sample = HERE / "real" / "icbc-debit" / "icbc-debit-v1.csv"
    result = run(books, sample, "--account", "Assets:Bank:Basic", "--ignore-summary")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "dated before the books open: 2023-02-08 to 2023-05-02" in result.output
    assert "Assets:Bank:Basic opens on 2026-01-01" in result.output
    assert "open date" in result.output
    # the command the message gives runs as it stands (it said `relief init --year 2023`: no DIR)
    given = re.search(r"`relief (init [^`]+)`", result.output).group(1)
    assert given == "init DIR --year 2023"
    made = CliRunner().invoke(cli, [*given.replace("DIR", str(books.parent / "new-books")).split()])
    assert made.exit_code == 0, made.output
    assert "2023-01-01 open Assets:Bank:Basic" in (books.parent / "new-books" / "accounts.beancount").read_text(encoding="utf-8")
    assert "row 18" in result.output  # the earliest row, 2023-02-08: the file lists the newest first
    assert "--no-balance" not in result.output
    assert run(books, sample, "--account", "Assets:Bank:Basic", "--ignore-summary", "--write").exit_code == 1
    assert "2023-" not in inbox(books)


def test_the_same_statement_imports_into_books_that_start_early_enough(tmp_path):
    from ledger.init_books import init_books

    root = tmp_path / "books"
    init_books(root, name_zh="测试帮扶中心", name_en="Test centre", year=2023)
    sample = HERE / "real" / "icbc-debit" / "icbc-debit-v1.csv"
    result = run(root, sample, "--account", "Assets:Bank:Basic", "--ignore-summary", "--write")
    assert result.exit_code == 0, result.output
    assert "2023-02-08" in inbox(root)


def test_a_profile_column_missing_from_the_file_stops_with_its_name(books, tmp_path):
    config(books, "{'id': 'rural', 'name': '某某农商银行', 'sign': 'signed',\n"
                  " 'columns': {'date': '日期', 'amount': '发生额', 'payer': '付款人名称', 'balance': '余额'}}")
    f = tmp_path / "rural.csv"
    f.write_bytes("某某农商银行对账单\n日期,发生额,对方户名,余额\n2026-03-05,500.00,王小明,500.00\n".encode("gbk"))
    result = run(books, f)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "rural.csv, row 2" in result.output
    assert "付款人名称 (payer)" in result.output and "profile rural" in result.output
    assert "it has: 日期, 发生额, 对方户名, 余额" in result.output and "optional" in result.output


def test_a_column_the_profile_lists_as_optional_may_be_missing(books, tmp_path):
    config(books, "{'id': 'rural', 'name': '某某农商银行', 'sign': 'signed', 'optional': ['payer'],\n"
                  " 'columns': {'date': '日期', 'amount': '发生额', 'payer': '付款人名称', 'balance': '余额'}}")
    f = tmp_path / "rural.csv"
    f.write_bytes("某某农商银行对账单\n日期,发生额,余额\n2026-03-05,500.00,500.00\n".encode("gbk"))
    result = run(books, f)
    assert result.exit_code == 0, result.output
    assert "relief.bank.rural" in result.output


def test_a_statement_in_another_currency_says_it_is_not_yet_supported(books, tmp_path):
    sample = REAL / "bank" / "hsbchk-debit.csv"
    if not sample.exists():  # the same layout, written here
        sample = tmp_path / "hsbchk-debit.csv"
        sample.write_text("Date,Description,Billing amount,Billing currency,Balance,Balance currency\n"
                          "24/03/2025,POS PURCHASE,\"-1.00\",HKD,\"3,612.17\",HKD\n", encoding="utf-8")
    config(books, "{'id': 'hsbchk-debit', 'name': 'HSBC HK', 'sign': 'signed', 'date_format': ['%d/%m/%Y'],\n"
                  " 'currency': 'HKD', 'columns': {'date': 'Date', 'amount': 'Billing amount',\n"
                  " 'currency': 'Billing currency', 'balance': 'Balance', 'memo': 'Description'}}")
    result = run(books, sample, "--account", "Assets:Bank:Basic")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert f"{sample.name}, row 2" in result.output
    assert "in HKD" in result.output and "holds only CNY" in result.output
    assert "not yet supported" in result.output and "Other currencies" in result.output


def test_a_foreign_currency_account_imports_with_a_note(books, tmp_path):
    """An account opened for HKD takes the HKD statement; the dry run says how it is shown."""
    text = (books / "accounts.beancount").read_text(encoding="utf-8")
    (books / "accounts.beancount").write_text(text + "\n2020-01-01 open Assets:Bank:HKD HKD\n  bank: \"hsbc\"\n",
                                              encoding="utf-8")
    f = tmp_path / "hk.csv"
    f.write_text("Date,Description,Billing amount,Billing currency,Balance,Balance currency\n"
                 "24/03/2026,FUND TRANSFER FROM JOHN SMITH,\"500.00\",HKD,\"3,612.17\",HKD\n", encoding="utf-8")
    config(books, "{'id': 'hsbchk-debit', 'name': 'HSBC HK', 'sign': 'signed', 'date_format': ['%d/%m/%Y'],\n"
                  " 'currency': 'HKD', 'columns': {'date': 'Date', 'amount': 'Billing amount',\n"
                  " 'currency': 'Billing currency', 'balance': 'Balance', 'memo': 'Description'}}")
    result = run(books, f, "--account", "Assets:Bank:HKD")
    assert result.exit_code == 0, result.output
    assert "1 row(s) are in HKD (first: row 2)" in result.output and "count only CNY" in result.output
    assert ";; 注：1 行的币种是 HKD（第一行：第 2 行）；它们按该币种记账，公开的页面只统计 CNY" in result.output  # Chinese first


def test_cmb_totals_in_words_are_checked(books, tmp_path):
    """The older CMB download states its totals on '# 收入合计: N 笔，共 X 元' lines: a file whose
    rows do not add up to them (cut off, or edited) is refused on that line."""
    golden = (HERE / "golden" / "cmb-debit-older" / "cmb-debit-older.csv").read_bytes().decode("gb18030")
    assert run(books, HERE / "golden" / "cmb-debit-older" / "cmb-debit-older.csv").exit_code == 0
    edited = tmp_path / "cmb.csv"
    edited.write_bytes(golden.replace('"1,500.00","","11,500.00"', '"1,500.01","","11,500.01"').encode("gb18030"))
    result = run(books, edited)
    assert result.exit_code == 1 and "cmb.csv, row 13" in result.output
    assert "the statement says 1,502.10 went in (收入合计: 2 笔，共 1502.10" in result.output
    assert "but its rows move 1,502.11 in" in result.output
    assert run(books, edited, "--ignore-summary").exit_code == 0


def test_a_row_booked_to_an_account_opened_later_names_that_account(books, tmp_path):
    """The bank account opens in time, but the donation account only later."""
    text = (books / "accounts.beancount").read_text(encoding="utf-8")
    assert "2026-01-01 open Assets:Bank:Basic" in text
    (books / "accounts.beancount").write_text(text.replace("2026-01-01 open Assets:Bank:Basic", "2025-01-01 open Assets:Bank:Basic"),
                                              encoding="utf-8")
    from tests.importers.malformed import ICBC_HEAD, icbc_row

    f = tmp_path / "s.csv"
    f.write_bytes((ICBC_HEAD + icbc_row("2025-12-30", "100.00", "", "100.00", "王小明")).encode("gb18030"))
    result = run(books, f)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "s.csv, row 8" in result.output
    assert "booked to Income:Donation:Individual, which the books open only on 2026-01-01" in result.output
    assert "move the open date of Income:Donation:Individual" in result.output


def test_a_file_sharing_only_generic_columns_with_a_layout_is_not_said_to_be_like_it(books):
    """CITIC's credit-card bill has 交易日期 and 交易金额, as CCB's statement has, and six
    columns CCB's has not: it is not "like CCB with a column missing" (which sends the
    officer looking for another CCB export), it is a layout to describe as a profile."""
    sample = REAL / "bank" / "citic-credit.xls"
    result = run(books, sample)
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "looks like" not in result.output
    assert "no known layout has this header row" in result.output
    assert "交易日期, 入账日期, 交易描述, 卡末四位, 交易币种, 结算币种, 交易金额, 结算金额" in result.output
    assert "has only 交易日期, 交易金额 in common" in result.output
    assert "citic-credit.xls, row 2" in result.output and "import_config.py" in result.output


def test_a_folder_given_as_a_file_is_named_even_when_it_is_dot(books, tmp_path, monkeypatch):
    """`relief import BOOKS .` said ": this is a folder" (the folder "." has no name)."""
    monkeypatch.chdir(tmp_path)
    result = run(books, ".")
    assert result.exit_code == 1 and "Traceback" not in result.output
    assert "error: .: this is a folder, not a file" in result.output
    result = run(books, tmp_path)
    assert f"{tmp_path.name}: this is a folder, not a file" in result.output


def test_a_named_pipe_or_a_device_given_as_a_statement_is_named_not_waited_on(books, tmp_path):
    """`relief import BOOKS pipe.csv` waited for ever for a writer; `/dev/zero` read for ever."""
    import os
    import signal

    pipe = tmp_path / "pipe.csv"
    os.mkfifo(pipe)

    def stop(signum, frame):
        raise AssertionError("still waiting after 20 s")

    old = signal.signal(signal.SIGALRM, stop)
    signal.alarm(20)
    try:
        result = run(books, pipe, "/dev/zero")
    finally:
        signal.alarm(0)
        signal.signal(signal.SIGALRM, old)
    assert result.exit_code == 1 and "Traceback" not in result.output, result.output
    assert "error: pipe.csv: this is a named pipe (FIFO), not a file; give the statement files themselves" in result.output
    assert "error: zero: this is a device, not a file" in result.output


def test_the_nearest_layout_is_said_to_share_the_files_own_column_names(books, tmp_path):
    """光大's personal 账户明细 (存入金额 / 支出金额) is nearest to ICBC's corporate layout, which
    also reads 支出金额 for money out. Why: the message said the file "has 交易日期, 借方发生额",
    naming the layout's first name for the column, a column the file does not have."""
    f = tmp_path / "ceb.csv"
    f.write_text("中国光大银行账户明细\n交易日期,支出金额,存入金额,账户余额,对方名称,摘要\n"
                 "2026-03-02,,\"1,000.00\",\"11,000.00\",王*明,转账\n", encoding="utf-8")
    result = run(books, f)
    assert result.exit_code == 1 and "ceb.csv, row 2: unknown format" in result.output
    assert "(it has 交易日期, 支出金额)" in result.output and "借方发生额)" not in result.output


def test_a_file_that_looks_like_a_layout_but_is_another_gets_a_draft_too(books, tmp_path):
    """存入金额 / 支取金额 with 交易日期: nearest to SPDB's layout (存入金额 / 取出金额), but
    another bank's. Why: the message said to export again with all columns or write a profile,
    and offered none, though the header says every column a profile needs."""
    f = tmp_path / "rcc.csv"
    f.write_text("某农信社账户明细\n账号：6222000011112222\n交易日期,摘要,支取金额,存入金额,余额,对方户名\n"
                 "2026-03-02,转账,,\"1,000.00\",\"11,000.00\",王*明\n2026-03-15,代发,500.00,,\"10,500.00\",赵*红\n",
                 encoding="utf-8")
    result = run(books, f)
    assert result.exit_code == 1 and "rcc.csv, row 3: unknown format" in result.output
    assert '"in": "存入金额", "out": "支取金额"' in result.output
