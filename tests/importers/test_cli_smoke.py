"""`relief import` end to end on the project's own small files."""

from __future__ import annotations

from pathlib import Path

from click.testing import CliRunner

from cli import cli

ICBC = (
    "明细查询文件下载\n\n卡号: 6222****2222\n\n子账户序号: 00000,子账户类别: 活期\n\n"
    "交易日期,摘要,交易场所,交易国家或地区简称,钞/汇,交易金额(收入),交易金额(支出),交易币种,记账金额(收入),记账金额(支出),记账币种,余额,对方户名\n"
    "2026-03-05     \t,他行汇入\t,,CHN\t,钞\t,-\t,-\t,-\t,\"50,000.00\t\",\t,人民币\t,\"50,000.00\t\",某某机械制造有限公司\t\n"
    "2026-03-06     \t,跨行汇款\t,,CHN\t,钞\t,-\t,-\t,-\t,\"300.00\t\",\t,人民币\t,\"50,300.00\t\",张三\t\n"
    " \n人民币合计,,,,,,,,\"50,300.00\t\",\"0.00\t\",\n"
)


def write(path: Path, text: str, encoding: str = "gb18030") -> Path:
    path.write_bytes(text.encode(encoding))
    return path


def test_help():
    result = CliRunner().invoke(cli, ["import", "--help"])
    assert result.exit_code == 0
    assert "--write" in result.output and "--template" in result.output


def test_dry_run_then_write_then_nothing_new(books, tmp_path):
    statement = write(tmp_path / "icbc.csv", ICBC)
    runner = CliRunner()
    dry = runner.invoke(cli, ["import", str(books), str(statement)])
    assert dry.exit_code == 0, dry.output
    assert 'donor: "D0001"' in dry.output and "JZ-2026-00001" in dry.output
    assert "(2 transactions" in dry.output
    inbox = (books / "inbox.beancount").read_text(encoding="utf-8")
    assert "D0001" not in inbox
    wrote = runner.invoke(cli, ["import", str(books), str(statement), "--write"])
    assert wrote.exit_code == 0, wrote.output
    assert 'receipt: "JZ-2026-00001"' in (books / "inbox.beancount").read_text(encoding="utf-8")
    again = runner.invoke(cli, ["import", str(books), str(statement)])
    assert "0 new entries" in again.output and "already in the books" in again.output
    check = runner.invoke(cli, ["check", str(books)])
    assert check.exit_code == 0, check.output


def test_account_option_for_an_unmapped_statement(books, tmp_path):
    other = write(tmp_path / "other.csv", ICBC.replace("6222****2222", "9999****8888"))
    runner = CliRunner()
    refused = runner.invoke(cli, ["import", str(books), str(other)])
    assert refused.exit_code == 1 and "--account" in refused.output
    given = runner.invoke(cli, ["import", str(books), str(other), "--account", "Assets:Bank:Basic"])
    assert given.exit_code == 0, given.output
    assert "-> Assets:Bank:Basic" in given.output
    unknown = runner.invoke(cli, ["import", str(books), str(other), "--account", "Assets:Bank:Nope"])
    assert unknown.exit_code == 1 and "not opened" in unknown.output


def test_a_csv_named_xlsx_is_read_as_csv_with_a_note(books, tmp_path):
    disguised = write(tmp_path / "statement.xlsx", ICBC)
    result = CliRunner().invoke(cli, ["import", str(books), str(disguised)])
    assert result.exit_code == 0, result.output
    assert "is a text (CSV) file; read as CSV" in result.output and "(2 transactions" in result.output


def test_usage_errors_are_messages():
    runner = CliRunner()
    nothing = runner.invoke(cli, ["import"])
    assert nothing.exit_code == 2 and "give the books" in nothing.output
    no_out = runner.invoke(cli, ["import", "--template", "roster"])
    assert no_out.exit_code == 2 and "--out" in no_out.output


def test_new_books_single_bank_account_without_number_takes_the_statement(tmp_path):
    from ledger.init_books import init_books

    main = init_books(tmp_path / "fresh", name_zh="新中心", name_en="New centre", year=2026)
    statement = write(tmp_path / "icbc.csv", ICBC)
    result = CliRunner().invoke(cli, ["import", str(main.parent), str(statement)])
    assert result.exit_code == 0, result.output
    assert "-> Assets:Bank:Basic" in result.output
    assert "has no account_number yet" in result.output and 'account_number: \"2222\"' in result.output


def test_the_account_number_note_says_where_and_is_left_out_when_the_config_maps_it(tmp_path):
    """A new finance officer told to add account_number "to its open entry" did not know where
    that entry was: the note names the file and line of the `open` (the template's holds an
    empty account_number to fill in). And a statement whose number import_config.py already
    maps (`accounts={"6222****2222": ...}`, as the config's own docstring suggests) was still
    told the account had no number and to add one: the note is left out there."""
    from ledger.init_books import init_books

    main = init_books(tmp_path / "fresh", name_zh="新中心", name_en="New centre", year=2026)
    statement = write(tmp_path / "icbc.csv", ICBC)
    runner = CliRunner()
    result = runner.invoke(cli, ["import", str(main.parent), str(statement)])
    assert result.exit_code == 0, result.output
    [note] = [line for line in result.output.splitlines() if "has no account_number yet" in line]
    opened = (main.parent / "accounts.beancount").read_text(encoding="utf-8").splitlines()
    line = opened.index("2026-01-01 open Assets:Bank:Basic CNY") + 1
    assert f"accounts.beancount:{line}" in note and 'account_number: "2222"' in note, note
    config = main.parent / "import_config.py"
    text = config.read_text(encoding="utf-8")
    config.write_text(text.replace("accounts={}", 'accounts={"6222****2222": "Assets:Bank:Basic"}'),
                      encoding="utf-8")
    mapped = runner.invoke(cli, ["import", str(main.parent), str(statement)])
    assert mapped.exit_code == 0, mapped.output
    assert "-> Assets:Bank:Basic" in mapped.output
    assert "has no account_number" not in mapped.output, mapped.output


def test_statement_whose_rows_move_no_money(books, tmp_path):
    from tests.importers.malformed import ICBC_HEAD, icbc_row

    zero = write(tmp_path / "zero.csv", ICBC_HEAD + icbc_row("2026-03-05", "0.00", "", "100.00", "王小明"))
    result = CliRunner().invoke(cli, ["import", str(books), str(zero), "--write"])
    assert result.exit_code == 0, result.output
    assert "no money moved" in result.output and "nothing to import" in result.output


def test_an_import_config_that_exits_is_named_not_a_silent_stop(tmp_path):
    """`relief import` with an import_config.py calling sys.exit(3) ended with status 3 and
    not a word: it now names the file and the call."""
    from click.testing import CliRunner

    from cli import cli
    from ledger.init_books import init_books

    books = init_books(tmp_path / "books", name_zh="退出", name_en="Exits", year=2026)
    root = books.parent if books.is_file() else books
    config = root / "import_config.py"
    config.write_text(config.read_text(encoding="utf-8") + "\nimport sys\nsys.exit(3)\n", encoding="utf-8")
    statement = tmp_path / "s.csv"
    statement.write_text("交易日期,摘要,收入金额,支出金额,余额\n2026-01-05,捐款,100.00,,100.00\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(root), str(statement)])
    assert result.exit_code == 1, (result.exit_code, result.output)
    assert "import_config.py" in result.output and "sys.exit(3)" in result.output


def test_a_file_named_twice_is_said_to_repeat_this_run_not_the_books(books, tmp_path):
    """A statement named twice in one run (or two downloads overlapping by a week) had the
    second's rows called "already in the books", which a dry run had not written; they are
    "already read in this run", in the rows, the money line and the count."""
    statement = write(tmp_path / "icbc.csv", ICBC)
    copy = write(tmp_path / "icbc-again.csv", ICBC)
    result = CliRunner().invoke(cli, ["import", str(books), str(statement), str(copy)])
    assert result.exit_code == 0, result.output
    second = result.output.split(f";; ==== {copy}")[1].split(";; ---- 汇总 summary")[0]
    assert "; already read in this run, from an earlier file (not in the books yet)" in second
    assert "; already in the books" not in second
    assert "already in the books +0.00 + already read in this run +50,300.00" in second
    summary = result.output.split(";; ---- 汇总 summary")[1]
    assert "icbc-again.csv: 0 new entries (0 transactions, 0 flagged !), 0 already in the books, 3 already read in this run" in summary
    wrote = CliRunner().invoke(cli, ["import", str(books), str(statement), "--write"])
    assert wrote.exit_code == 0, wrote.output
    again = CliRunner().invoke(cli, ["import", str(books), str(copy)])
    assert "already read in this run" not in again.output and "3 already in the books" in again.output


def test_a_dry_run_on_books_with_errors_says_so(books, tmp_path):
    """A gift typed by hand with a stray line under it is dropped by beancount's parser: the
    dry run then proposed the statement's row of that gift as new, exit 0, and said nothing
    of the books' errors (only --write refused). A new finance officer reviewing the proposals
    took them for right; the dry run now ends with a note that the books have errors, that an
    entry they could not read may be proposed again, and where to see them."""
    typed = (
        '\n2026-03-05 * "某某机械制造有限公司" "捐款"\n  fund: "GENERAL"\n  donor: "D0001"\n'
        '  receipt: "JZ-2026-00001"\n  Assets:Bank:Basic  50000.00 CNY\n'
        "  Income:Donation:Enterprise\n春季帮扶捐款 50000\n"
    )
    txns = books / "txns" / "2026.beancount"
    txns.write_text(txns.read_text(encoding="utf-8") + typed, encoding="utf-8")
    statement = write(tmp_path / "icbc.csv", ICBC)
    result = CliRunner().invoke(cli, ["import", str(books), str(statement)])
    assert result.exit_code == 0, result.output
    [note] = [line for line in result.output.splitlines() if line.startswith("note:")]
    assert "the books have" in note and "error" in note and f"relief check {books}" in note, note
    assert "proposed" in note and "--write" in note, note


def test_a_dry_run_says_when_the_statements_closing_balance_will_not_hold(tmp_path):
    """New books without the opening balance: the dry run proposed the statement's entries and
    its closing balance, exit 0, and only --write then failed on that balance. The dry run now
    says the balance will not hold, by how much and what to record; with the opening balance
    it says nothing of the kind."""
    from ledger.init_books import init_books

    main = init_books(tmp_path / "fresh", name_zh="新中心", name_en="New centre", year=2026)
    statement = write(tmp_path / "icbc.csv", ICBC.replace('"50,000.00\t",某某', '"60,000.00\t",某某')
                      .replace('"50,300.00\t",张三', '"60,300.00\t",张三'))
    runner = CliRunner()
    dry = runner.invoke(cli, ["import", str(main.parent), str(statement)])
    assert dry.exit_code == 0, dry.output
    [note] = [line for line in dry.output.splitlines() if "would not hold" in line]
    assert "60,300.00" in note and "50,300.00" in note and "10,000.00 too little" in note, note
    assert "Equity:Opening-Balances" in note and "--write" in note, note
    txns = main.parent / "txns" / "2026.beancount"
    txns.write_text(txns.read_text(encoding="utf-8") + '\n2026-03-04 * "期初余额"\n  fund: "GENERAL"\n'
                    "  Assets:Bank:Basic  10000.00 CNY\n  Equity:Opening-Balances\n", encoding="utf-8")
    opened = runner.invoke(cli, ["import", str(main.parent), str(statement)])
    assert opened.exit_code == 0, opened.output
    assert "would not hold" not in opened.output
    wrote = runner.invoke(cli, ["import", str(main.parent), str(statement), "--write"])
    assert wrote.exit_code == 0, wrote.output
