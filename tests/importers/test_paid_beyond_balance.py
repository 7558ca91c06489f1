"""A roster (or register, or bill) that pays out more cash than the books hold.

A roster of aid paid in cash (发放方式 现金) or by 微信转账 was proposed by the dry run
without a word though it took Assets:Cash (or the WeChat balance) below zero: more paid out
than the books held there. Only `relief reconcile` found it weeks later. The dry run now
names the account, the day, the shortfall and the rows, after the entries.
"""

from __future__ import annotations

from click.testing import CliRunner

from cli import cli

HEAD = "日期,案例编号,类别,金额,基金,审批单号,发放方式,备注\n"


def _roster(tmp_path, *rows):
    path = tmp_path / "roster.csv"
    path.write_text(HEAD + "".join(f"{day},{case},特困救助,{amount},GENERAL,SP-2026-{n:04d},{way},\n"
                                   for n, (day, case, amount, way) in enumerate(rows, 1)), encoding="utf-8")
    return path


def _cash_in(books, day, amount):
    """Cash taken out of the bank into the cash box on `day`."""
    with (books / "txns" / "2026.beancount").open("a", encoding="utf-8") as fh:
        fh.write(f'\n{day} * "提取备用金"\n  fund: "GENERAL"\n  Assets:Cash  {amount} CNY\n  Assets:Bank:Basic\n')


def _notes(result):
    return [line for line in result.output.splitlines() if "below zero" in line]


def run(books, *args):
    return CliRunner().invoke(cli, ["import", str(books), *map(str, args)])


def test_cash_paid_beyond_the_cash_box_is_named(books, tmp_path):
    _cash_in(books, "2026-04-01", "1000.00")
    result = run(books, _roster(tmp_path, ("2026-04-10", "C0001", 600, "现金"), ("2026-04-10", "C0002", 900, "现金")))
    assert result.exit_code == 0, result.output
    [note] = _notes(result)
    assert "roster.csv" in note and "Assets:Cash" in note and "2026-04-10" in note, note
    assert "-500.00 CNY" in note and "500.00 CNY short" in note, note
    assert "rows 2, 3" in note, note
    assert "cash withdrawal" in note and "发放方式" in note, note
    assert result.output.index("below zero") > result.output.index("Expenses:Aid")  # after the entries


def test_cash_the_box_holds_is_not_named(books, tmp_path):
    _cash_in(books, "2026-04-01", "1500.00")
    result = run(books, _roster(tmp_path, ("2026-04-10", "C0001", 600, "现金"), ("2026-04-10", "C0002", 900, "现金")))
    assert result.exit_code == 0, result.output
    assert _notes(result) == []


def test_the_day_counts_cash_taken_out_after_the_aid(books, tmp_path):
    _cash_in(books, "2026-04-12", "5000.00")
    result = run(books, _roster(tmp_path, ("2026-04-10", "C0001", 600, "现金"), ("2026-04-14", "C0002", 900, "现金")))
    [note] = _notes(result)
    assert "on 2026-04-10" in note and "600.00 CNY short" in note and "paid out by row 2;" in note, note


def test_the_wechat_balance_too(books, tmp_path):
    result = run(books, _roster(tmp_path, ("2026-04-10", "C0001", 200, "微信转账")))
    [note] = _notes(result)
    assert "Assets:Online:WeChat" in note and "200.00 CNY short" in note and "top-up" in note and "Equity:Opening-Balances" in note, note


def test_a_roster_paid_by_the_bank_is_left_to_the_statement(books, tmp_path):
    result = run(books, _roster(tmp_path, ("2026-04-10", "C0001", 200, "银行转账")))
    assert result.exit_code == 0, result.output
    assert _notes(result) == []


def test_the_withdrawal_on_the_statement_of_the_same_run_counts(books, tmp_path):
    from tests.importers.test_cash_withdrawal import _statement

    statement = _statement(tmp_path / "icbc.csv", "ATM取款")  # 2,000.00 into the cash box on 2026-03-12
    after = run(books, statement, _roster(tmp_path, ("2026-03-15", "C0001", 1500, "现金")))
    assert after.exit_code == 0, after.output
    assert _notes(after) == []
    before = run(books, statement, _roster(tmp_path, ("2026-03-10", "C0001", 1500, "现金")))
    [note] = _notes(before)
    assert note.startswith("note: roster.csv: Assets:Cash would be below zero on 2026-03-10") and "icbc.csv" not in note, note


def test_books_already_short_do_not_hide_a_later_roster(books, tmp_path):
    _cash_in(books, "2026-02-01", "-300.00")  # a withdrawal typed with the wrong sign, months ago
    result = run(books, _roster(tmp_path, ("2026-04-10", "C0001", 600, "现金")))
    [note] = _notes(result)
    assert "on 2026-04-10" in note and "900.00 CNY short" in note and "paid out by row 2;" in note, note


def test_a_bill_without_the_balance_it_started_with(books, tmp_path):
    from tests.importers.test_roster_paid_online import WECHAT

    path = tmp_path / "wechat.csv"
    path.write_text(WECHAT + "2026-04-02 09:00:00,二维码收款,路人乙,/,收入,¥80.00,/,已收钱,4200003\t,/\t,/\n"
                    "2026-04-03 09:00:00,转账,某某文具店,/,支出,¥130.00,零钱,支付成功,4200005\t,/\t,/\n", encoding="utf-8")
    [note] = _notes(run(books, path))
    assert "wechat.csv: Assets:Online:WeChat would be below zero on 2026-04-03" in note and "50.00 CNY short" in note, note
    assert "before the bill starts" in note and "发放方式" not in note, note


def test_the_note_is_given_on_write_too(books, tmp_path):
    """`relief import --write` of a roster paying 1,500.00 in cash out of a box holding
    1,000.00 wrote it without a word (the note was the dry run's alone). It is written (the
    withdrawal may be booked later: the roster is what was paid) and the note is given."""
    _cash_in(books, "2026-04-01", "1000.00")
    result = run(books, _roster(tmp_path, ("2026-04-10", "C0001", 600, "现金"), ("2026-04-10", "C0002", 900, "现金")), "--write")
    assert result.exit_code == 0, result.output
    [note] = _notes(result)
    assert "roster.csv" in note and "Assets:Cash is below zero" in note and "500.00 CNY short" in note and "rows 2, 3" in note, note
    assert "written: roster.csv" in result.output


def test_a_fen_beyond_the_cash_box_is_named(books, tmp_path):
    """1,500.01 paid out of a cash box holding 1,500.00: a fen short is short."""
    _cash_in(books, "2026-04-01", "1500.00")
    result = run(books, _roster(tmp_path, ("2026-04-10", "C0001", 600, "现金"), ("2026-04-10", "C0002", "900.01", "现金")))
    assert result.exit_code == 0, result.output
    [note] = _notes(result)
    assert "-0.01 CNY" in note and "0.01 CNY short" in note, note


def test_only_the_bill_that_takes_the_balance_below_zero_is_named(books, tmp_path):
    """Two WeChat Pay bills in one run: April's takes in more than it pays out, September's pays
    out 1,500.00 of a balance holding 1,449.80. Each bill was told the balance "would be below zero
    on 2026-09-02 … paid out by rows …", April's naming its own April payments, which took nothing
    below zero (without them the September shortfall is larger): the finance officer looked for
    a fault in a bill that had none. A bill is named only where its own rows, up to that day,
    take money out of the balance on balance."""
    from tests.importers.test_roster_paid_online import WECHAT

    april, september = tmp_path / "april.csv", tmp_path / "september.csv"
    april.write_text(WECHAT + "2026-04-03 10:00:00,二维码收款,路人甲,/,收入,¥1500.00,/,已收钱,4200101\t,/\t,/\n"
                     "2026-04-10 10:00:00,转账,某某文具店,/,支出,¥50.20,零钱,支付成功,4200102\t,/\t,/\n", encoding="utf-8")
    september.write_text(WECHAT + "2026-09-01 10:00:00,转账,某某超市,/,支出,¥500.00,零钱,支付成功,4200201\t,/\t,/\n"
                         "2026-09-02 10:00:00,转账,某某药店,/,支出,¥1000.00,零钱,支付成功,4200202\t,/\t,/\n", encoding="utf-8")
    notes = _notes(run(books, april, september))
    assert [n.removeprefix("note: ").split(":")[0] for n in notes] == ["september.csv"], notes
    assert "on 2026-09-02" in notes[0] and "50.20 CNY short" in notes[0] and "rows 2, 3" in notes[0], notes
