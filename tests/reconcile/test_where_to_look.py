"""When the bank's closing balance and the books differ, reconcile says where to look.

The books 0.01 from the statement said only "find the missing or wrong entry", with a month
of rows to go through; the entry was a payment typed by hand (from the paper slip) a fen off
the statement. The problem now names the entries on the account since the balance before
(which held) that no statement or register gave, and those that move it by exactly the
difference (booked twice, or not on the statement).
"""

from __future__ import annotations

from click.testing import CliRunner

from cli import cli


def _bank_line(output: str) -> str:
    return next(line for line in output.splitlines() if "Assets:Bank:Basic" in line and "FAIL" in line)


def test_a_fen_off_names_the_entries_typed_by_hand(books_factory):
    main = books_factory({"Expenses:Aid:Living       3000.00 CNY": "Expenses:Aid:Living       3000.01 CNY"})
    result = CliRunner().invoke(cli, ["reconcile", str(main), "--period", "2024-03"])
    assert result.exit_code == 1
    line = _bank_line(result.output)
    assert "(difference -0.01); find the missing or wrong entry" in line
    assert "that no statement or register gave (typed by hand; no source_ref): " in line
    assert '2024-03-10 "困难救助" -3,000.01 (' in line and "2024.beancount:" in line
    # the entries the bank's own ids came with are not suspects of that kind
    assert "捐款" not in line and "提取备用金" not in line


def test_an_entry_of_exactly_the_difference_is_named_first(books_factory):
    main = books_factory({"2024-04-01 balance Assets:Bank:Basic 46000.00 CNY": "2024-04-01 balance Assets:Bank:Basic 47000.00 CNY"})
    result = CliRunner().invoke(cli, ["reconcile", str(main), "--period", "2024-03"])
    line = _bank_line(result.output)
    assert "(difference -1,000.00)" in line
    assert ('look first at the entries that move it by the difference (or half of it: a sign typed wrong), '
            'after 2024-02-29, when the balance before held: '
            '2024-03-20 "提取备用金" -1,000.00 (') in line


def test_no_hint_when_the_books_agree(books_factory):
    result = CliRunner().invoke(cli, ["reconcile", str(books_factory()), "--period", "2024-03"])
    assert result.exit_code == 0 and "look first at" not in result.output


def test_a_row_in_the_books_twice_is_named_first(books_factory):
    """The same statement imported twice (on two machines, both sides kept by a merge): the
    rows that two entries share by source_ref are named before anything else."""
    main = books_factory(extra="""
        2024-03-05 * "某某机械制造有限公司" "捐款"
          fund: "GENERAL"
          donor: "D0001"
          receipt: "JZ-2024-00004"
          source_ref: "ICBC20240305000123"
          Assets:Bank:Basic        50000.00 CNY
          Income:Donation:Enterprise
        """)
    result = CliRunner().invoke(cli, ["reconcile", str(main), "--period", "2024-03"])
    line = _bank_line(result.output)
    assert "(difference +50,000.00)" in line
    assert ("look first at the rows in the books twice, after 2024-02-29, when the balance before held (the same "
            "source_ref on two entries: delete one of each): ICBC20240305000123: ") in line, line


FOREX = """
    2024-01-01 open Assets:Bank:Forex USD
    2024-03-01 balance Assets:Bank:Forex 0.00 USD
    2024-03-18 * "海外校友会" "美元捐款"
      fund: "GENERAL"
      donor: "D0001"
      receipt: "JZ-2024-00004"
      source_ref: "BOCFX0318"
      Assets:Bank:Forex          100.00 USD @ 7.10 CNY
      Income:Donation:Enterprise
    2024-03-26 * "中国银行" "外汇手续费（按纸质回单录入）"
      fund: "GENERAL"
      Assets:Bank:Forex           -2.00 USD @ 7.10 CNY
      Expenses:Operations:BankFees
    2024-04-01 balance Assets:Bank:Forex {stated} USD
      statement_start: 2024-03-01
      statement_end: 2024-03-31
    """


def _forex_line(output: str) -> str:
    return next(line for line in output.splitlines() if "Assets:Bank:Forex (USD)" in line and "FAIL" in line)


def test_a_foreign_currency_difference_names_where_to_look(books_factory):
    """Why: a USD account's statement 2.00 USD off the books said only "find the missing or
    wrong entry", while a CNY account's difference names its suspects: the fee typed by hand
    (booked once, charged twice by the bank, or never charged) went unnamed."""
    main = books_factory(extra=FOREX.format(stated="96.00"))
    result = CliRunner().invoke(cli, ["reconcile", str(main), "--period", "2024-03"])
    line = _forex_line(result.output)
    assert "the books 98.00 USD (difference +2.00); find the missing or wrong entry" in line
    assert ('look first at the entries that move it by the difference (or half of it: a sign typed wrong), '
            'after 2024-02-29, when the balance before held: '
            '2024-03-26 "中国银行 外汇手续费（按纸质回单录入）" -2.00 (') in line
    # the gift the bank's own id came with is not a suspect
    assert "美元捐款" not in line


def test_a_foreign_currency_difference_names_the_entries_typed_by_hand(books_factory):
    main = books_factory(extra=FOREX.format(stated="97.50"))
    line = _forex_line(CliRunner().invoke(cli, ["reconcile", str(main), "--period", "2024-03"]).output)
    assert "(difference +0.50)" in line
    assert ("that no statement or register gave (typed by hand; no source_ref): "
            '2024-03-26 "中国银行 外汇手续费（按纸质回单录入）" -2.00 (') in line


def test_with_no_entry_to_suspect_the_statement_filed_is_named(books_factory):
    """Why: every entry on the bank from its statement (each with its source_ref), and the
    bank 500.00 above the books (a row the books lack: a deposit never imported, or a
    statement whose closing balance disagrees with its own rows): the problem said only "find
    the missing or wrong entry", and nothing where to look. It now names the statement filed
    for those days, whose rows the books' entries are to be set against."""
    main = books_factory({'  approval: "SP-2024-0001"\n': '  approval: "SP-2024-0001"\n  source_ref: "ICBC20240310000222"\n',
                          "2024-04-01 balance Assets:Bank:Basic 46000.00 CNY": "2024-04-01 balance Assets:Bank:Basic 46500.00 CNY"})
    line = _bank_line(CliRunner().invoke(cli, ["reconcile", str(main), "--period", "2024-03"]).output)
    assert "(difference -500.00); find the missing or wrong entry; " in line
    assert ("set the books' entries on it after 2024-02-29, when the balance before held, against the rows of the statement "
            "filed for those days: ") in line
    assert "documents/Assets/Bank/Basic/2024-03-31.statement.csv (2024-03-01 to 2024-03-31" in line
