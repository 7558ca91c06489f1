"""private/cases.csv maps a bank payee's name to a case id, so that a beneficiary's name
never goes into the books. A file relief cannot read must stop the import, not let the name
through (found by saving the file as Excel does on Chinese Windows, in GBK)."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from cli import cli
from tests.importers.malformed import ICBC_HEAD, icbc_row

NAME = "韦军宏"
HEADER = "case,name,id_number,phone,address,family,cause_detail,skills,job_wishes,state_of_mind\n"


@pytest.fixture
def books(tmp_path):
    root = tmp_path / "books"
    assert CliRunner().invoke(cli, ["init", str(root), "--year", "2026"]).exit_code == 0
    return root


@pytest.fixture
def statement(tmp_path):
    path = tmp_path / "icbc.csv"
    path.write_bytes((ICBC_HEAD + icbc_row("2026-03-05", "", "300.00", "700.00", NAME)).encode("gb18030"))
    return path


def run(books, statement, *more):
    return CliRunner().invoke(cli, ["import", str(books), str(statement), "--account", "Assets:Bank:Basic", "--no-balance", *more])


def test_a_readable_file_puts_the_case_id_in_place_of_the_name(books, statement):
    (books / "private/cases.csv").write_text(HEADER + f"C0001,{NAME},,,,,,,,\n", encoding="utf-8")
    result = run(books, statement)
    assert result.exit_code == 0, result.output
    assert "C0001（帮扶对象）" in result.output and NAME not in result.output


def test_a_file_saved_in_gbk_is_read(books, statement):
    (books / "private/cases.csv").write_bytes((HEADER + f"C0001,{NAME},,,,,,,,\n").encode("gb18030"))
    result = run(books, statement)
    assert result.exit_code == 0, result.output
    assert "C0001（帮扶对象）" in result.output and NAME not in result.output


@pytest.mark.parametrize(("content", "row", "says"), [
    (HEADER.replace("case,name", "id,姓名").encode() + f"C0001,{NAME},,,,,,,,\n".encode(), 1, "has no 'case' and 'name' columns"),
    (HEADER.encode() + b"C0001,\xff\xfe\xfd\n", 2, "is neither UTF-8 nor GBK/GB18030 text"),
])
def test_an_unreadable_file_stops_the_import_before_a_name_reaches_the_books(books, statement, content, row, says):
    cases = books / "private/cases.csv"
    cases.write_bytes(content)
    inbox = (books / "inbox.beancount").read_bytes()
    for more in ((), ("--write",)):
        result = run(books, statement, *more)
        assert result.exit_code == 1, result.output
        assert NAME not in result.output
        assert f"cases.csv, row {row}: {cases} {says}" in result.output and "nothing was imported" in result.output
        assert "Traceback" not in result.output
    assert (books / "inbox.beancount").read_bytes() == inbox
    assert NAME.encode("utf-8") not in b"".join(p.read_bytes() for p in books.rglob("*.beancount"))


def test_books_without_the_file_import_as_before(books, statement):
    (books / "private/cases.csv").unlink()
    result = run(books, statement)
    assert result.exit_code == 0, result.output


def test_a_file_without_read_permission_says_to_make_it_readable(books, statement, monkeypatch):
    import ledger.personal

    cases = books / "private/cases.csv"
    real = ledger.personal.read_regular

    def denied(path, limit=None):  # as root, chmod 000 denies nothing
        if path == cases:
            raise PermissionError(13, "Permission denied", str(path))
        return real(path, limit)

    monkeypatch.setattr(ledger.personal, "read_regular", denied)
    result = run(books, statement)
    assert result.exit_code == 1, result.output
    assert f"{cases} cannot be read (Permission denied)" in result.output
    assert "make it readable by the user running relief" in result.output and NAME not in result.output


@pytest.mark.parametrize("saved_as", ["cases.xlsx", "cases.xls", "cases.et", "cases.txt"])
def test_the_file_saved_as_a_workbook_stops_the_import(books, statement, saved_as):
    """private/cases.csv opened in Excel or WPS and saved as a workbook (cases.xlsx; WPS: .et) or
    as text left no cases.csv: it read as books without private records, and the beneficiary's
    name went into the books as the payee, without a word."""
    (books / "private/cases.csv").unlink(missing_ok=True)
    (books / "private" / saved_as).write_bytes(b"PK\x03\x04 not read")
    result = run(books, statement)
    assert result.exit_code == 1, result.output
    assert NAME not in result.output
    assert f"private/{saved_as}" in result.output and "cases.csv" in result.output, result.output


def test_money_in_from_a_cases_name_is_not_proposed_as_a_gift_under_that_name(books, tmp_path):
    """Money in whose payer is a name in private/cases.csv (aid sent back, 退回多发的救助金) was
    proposed as a donation, the case's name written into the books as a donor-proposal's name
    and payee: confirmed as the import says, it went onto the honour roll and the annual report.
    It is now held on Liabilities:Payable under the case id, flagged, with a note saying what it
    may be; a registered donor of that name keeps the gift, and a masked name (张*伟) is a donor's."""
    (books / "private/cases.csv").write_text(HEADER + f"C0001,{NAME},,,,,,,,\n", encoding="utf-8")
    path = tmp_path / "in.csv"
    path.write_bytes((ICBC_HEAD + icbc_row("2026-03-05", "300.00", "", "1,300.00", NAME)
                      + icbc_row("2026-03-06", "50.00", "", "1,350.00", "韦*宏")).encode("gb18030"))
    result = run(books, path)
    assert result.exit_code == 0, result.output
    assert NAME not in result.output, result.output
    held = result.output.split('"C0001（帮扶对象）"', 1)[1].split("\n\n", 1)[0]
    assert "Liabilities:Payable" in held and "receipt:" not in held and "donor:" not in held, held
    assert "case C0001" in result.output and "Aid sent back" in result.output, result.output
    masked = result.output.split('"韦*宏"', 1)[1].split("\n\n", 1)[0]
    assert "donor-proposal" not in result.output and "Income:Donation:Individual" in masked  # a masked name: a donor's
    with open(books / "registry" / "donors.beancount", "a", encoding="utf-8") as fh:
        fh.write(f'\n2026-01-01 custom "donor" "D0001" "individual"\n  name: "{NAME}"\n')
    again = run(books, path)
    assert again.exit_code == 0, again.output
    assert 'donor: "D0001"' in again.output and "Aid sent back" not in again.output, again.output


def test_a_name_with_a_dot_between_its_parts_is_the_case_whichever_dot_the_bank_writes(books, tmp_path):
    """A name with a dot between its parts (阿依古丽·买买提 in the case file) that the bank writes
    with a full stop or none went into the books as it was: aid paid to it as the entry's payee,
    and money in from it proposed as a gift of a donor of that name (the honour roll's, once
    confirmed). It is the case's name, whichever dot: the case id stands in its place."""
    (books / "private/cases.csv").write_text(HEADER + "C0001,阿依古丽·买买提,,,,,,,,\n", encoding="utf-8")
    path = tmp_path / "in.csv"
    path.write_bytes((ICBC_HEAD + icbc_row("2026-03-05", "", "300.00", "700.00", "阿依古丽.买买提")
                      + icbc_row("2026-03-06", "100.00", "", "800.00", "阿依古丽买买提")).encode("gb18030"))
    result = run(books, path)
    assert result.exit_code == 0, result.output
    assert "买买提" not in result.output and "donor-proposal" not in result.output, result.output
    assert result.output.count("C0001（帮扶对象）") == 2, result.output
