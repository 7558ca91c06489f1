"""Books with a damaged entry, as a user's typing leaves them: one message at the entry's
file and line saying what it needs, never a traceback (tests found by trying to break it)."""

from __future__ import annotations

import os

import pytest
from beancount import loader
from click.testing import CliRunner

from cli import cli


@pytest.fixture
def books(tmp_path):
    root = tmp_path / "books"
    assert CliRunner().invoke(cli, ["init", str(root), "--year", "2026"]).exit_code == 0
    return root


def _append(path, text):
    with open(path, "a", encoding="utf-8") as fh:
        fh.write(text)
    return len(path.read_text(encoding="utf-8").splitlines())


@pytest.mark.parametrize(("name", "kind", "says"), [
    ("registry/donors.beancount", "donor", "A donor needs an id and a kind"),
    ("registry/funds.beancount", "fund", "A fund needs an id and a kind"),
    ("registry/cases.beancount", "case", "A case needs an id and a status"),
    ("settings.beancount", "relief-option", "A relief-option needs a key"),
    ("closes.beancount", "period-close", "A period close needs the period and its digest"),
])
def test_a_custom_directive_without_values_is_told_at_its_line(books, name, kind, says):
    # beancount leaves values None here: its pad plugin and the registry stopped with a
    # TypeError (relief: an internal error; check: a traceback at "<load>:0")
    n = _append(books / name, f'\n2026-06-01 custom "{kind}"\n')
    result = CliRunner().invoke(cli, ["check", str(books)])
    assert result.exception is None or isinstance(result.exception, SystemExit), result.exception
    assert result.exit_code == 1, result.output
    assert "Traceback" not in result.output and "TypeError" not in result.output, result.output
    told = [line for line in result.output.splitlines() if line.startswith(f"{books / name}:{n}: ")]
    assert told and says in told[0], result.output  # (after the Chinese part)


def test_bean_check_runs_the_rules_past_a_custom_directive_without_values(books):
    n = _append(books / "registry/donors.beancount", '\n2026-06-01 custom "donor"\n')
    _entries, errors, _options = loader.load_file(str(books / "main.beancount"))
    ours = [e for e in errors if "TypeError" in str(e.message) and "beancount/ops/pad.py" not in str(e.message)]
    assert not ours, ours[0].message
    assert any(e.source.get("lineno") == n and "A donor needs an id and a kind" in e.message for e in errors)


@pytest.mark.parametrize(("date", "reason"), [("2026-02-30", "that month has no such day"), ("2026-13-01", "there is no such month")])
def test_a_date_that_does_not_exist_is_named_and_so_is_what_it_costs(books, date, reason):
    # beancount said only "ValueError: day is out of range for month"
    n = _append(books / "inbox.beancount", f'\n{date} * "捐款"\n  Assets:Cash  100.00 CNY\n  Income:Interest\n') - 2
    result = CliRunner().invoke(cli, ["check", str(books)])
    assert result.exit_code == 1, result.output
    assert (f"{books / 'inbox.beancount'}:{n}: the date {date} does not exist ({reason}), "
            "so the entry on this line is left out of the books: correct the date") in result.output, result.output


@pytest.mark.parametrize("url", ["relief.jianglin.org", "javascript:alert(1)", "https://relief jianglin.org/", "https://",
                                 "https://relief.\ufeffjianglin.org/", "https://relief\u200b.jianglin.org/",
                                 # copied from a web page's source with the end of its tag: it passed, and went into the
                                 # log's name and onto every letter's QR code as an address no phone opens
                                 'https://relief.jianglin.org/\\">', "https://relief.jianglin.org/<br>",
                                 "https://relief.jianglin.org/{site}"])
def test_a_site_url_a_phone_cannot_open_is_an_error_at_its_line(books, url):
    # it went on every letter as a QR code, which a phone reads as plain text; one with an
    # invisible character (a byte-order mark pasted with it) passed and stopped publish with
    # an internal error (UnicodeEncodeError) where the log key is written
    n = _append(books / "settings.beancount", f'\n2026-06-01 custom "relief-option" "site_url" "{url}"\n')
    result = CliRunner().invoke(cli, ["check", str(books)])
    assert result.exit_code == 1, result.output
    settings = books / "settings.beancount"
    assert f"{settings}:{n}: relief-option 'site_url'：应为网站地址，以 https:// 开头" in result.output
    assert "。 relief-option 'site_url': expected the site's address with https://" in result.output


@pytest.mark.parametrize("url", ["https://relief.jianglin.org/", "http://10.0.0.5:8080/relief/"])
def test_a_site_url_with_its_scheme_passes(books, url):
    _append(books / "settings.beancount", f'\n2026-06-01 custom "relief-option" "site_url" "{url}"\n')
    result = CliRunner().invoke(cli, ["check", str(books)])
    assert result.exit_code == 0, result.output


def test_an_aid_limit_finer_than_a_fen_is_an_error_at_its_line(books):
    # 100.555 CNY was taken as it is and every message showed the limit as 100.56
    n = _append(books / "settings.beancount", '\n2026-06-01 custom "relief-option" "aid_limit" "Expenses:Aid:Legal" 100.555 CNY\n')
    result = CliRunner().invoke(cli, ["check", str(books)])
    assert result.exit_code == 1, result.output
    settings = books / "settings.beancount"
    assert f"{settings}:{n}: relief-option 'aid_limit'：应为一个帮扶支出科目" in result.output
    assert ("relief-option 'aid_limit': expected an aid account and a positive CNY amount "
            "in whole fen (two decimals at most)") in result.output, result.output


GIFT = '''
2026-01-0{day} * "x" "gift"
  fund: "GENERAL"
  donor: "D0001"
  receipt: "JZ-2026-0000{day}"
  Assets:Cash {amount} CNY
  Income:Donation:Enterprise -{amount} CNY
'''


def test_a_gift_too_large_for_money_is_named_not_an_internal_error(books, tmp_path, monkeypatch):
    """An amount typed with twenty digits passed the checks and stopped publish with an
    internal error (VerifyError: a leaf's amount must be between 0 and 9223372036854775807
    fen); the rule fen_amount now names its lines (more digits than any sum of money), and
    publish stops on them before anything is written."""
    monkeypatch.setenv("RELIEF_SITE_SECRET", "a-test-secret-of-enough-bytes")
    _append(books / "registry/donors.beancount", '\n2026-01-01 custom "donor" "D0001" "enterprise"\n  name: "某公司"\n')
    n = _append(books / "txns/2026.beancount", GIFT.format(day=1, amount="12345678901234567890.12"))
    site = tmp_path / "site"
    result = CliRunner().invoke(cli, ["publish", str(books), "--out", str(site), "--jobs", "1"])
    assert result.exit_code == 1, result.output
    where = books / "txns" / "2026.beancount"
    assert f"{where}:{n - 1}: 金额的整数部分有 20 位" in result.output, result.output
    assert "An amount with 20 digits before the decimal point" in result.output, result.output
    assert isinstance(result.exception, SystemExit) and not site.exists()


def test_gifts_adding_up_past_the_log_are_named_not_an_internal_error(books, tmp_path, monkeypatch):
    """Gifts that each fit (15 digits, as large as the rules let money be) but add up past
    what the transparency log can count (9223372036854775807 fen), in a closed period,
    stopped publish with an internal error; the period and fund are named."""
    monkeypatch.setenv("RELIEF_SITE_SECRET", "a-test-secret-of-enough-bytes")
    _append(books / "registry/donors.beancount", '\n2026-01-01 custom "donor" "D0001" "enterprise"\n  name: "某公司"\n')
    amount, count = 999_999_999_999_999, 93  # 93 × ~10^15 yuan > 9.22 × 10^16 yuan
    gifts = "".join(f'\n2026-01-{1 + i % 28:02d} * "x" "gift"\n  fund: "GENERAL"\n  donor: "D0001"\n'
                    f'  receipt: "JZ-2026-{i + 1:05d}"\n  Assets:Cash {amount}.00 CNY\n  Income:Donation:Enterprise -{amount}.00 CNY\n'
                    f'\n2026-01-{1 + i % 28:02d} * "x" "spent"\n  fund: "GENERAL"\n'
                    f'  Expenses:Operations:Office {amount}.00 CNY\n  Assets:Cash -{amount}.00 CNY\n'
                    for i in range(count))
    # each gift spent the same day: the cash counted at the month's end is nil (a balance of
    # 17 digits is no sum of money to the rule fen_amount, as a posting of 17 digits is not)
    _append(books / "txns/2026.beancount", gifts + "\n2026-02-01 balance Assets:Cash 0.00 CNY\n")
    closed = CliRunner().invoke(cli, ["close", str(books), "2026-01"])
    assert closed.exit_code == 0, closed.output
    site = tmp_path / "site"
    result = CliRunner().invoke(cli, ["publish", str(books), "--out", str(site), "--jobs", "1"])
    assert result.exit_code == 1, result.output
    assert "the gifts to fund GENERAL in 2026-01 add up to more than the transparency log can count" in result.output, result.output
    assert "typed wrong? Correct it in the books" in result.output, result.output
    assert isinstance(result.exception, SystemExit) and not site.exists()


def test_a_site_url_with_a_chinese_domain_publishes_and_verifies(books, tmp_path, monkeypatch):
    """https://帮扶中心.中国/ passed relief check and stopped publish with an internal error
    (UnicodeEncodeError: the log's origin, made from the address, must be ASCII); the origin
    now holds the domain's xn-- form, and the site verifies."""
    monkeypatch.setenv("RELIEF_SITE_SECRET", "a-test-secret-of-enough-bytes")
    _append(books / "settings.beancount", '\n2026-06-01 custom "relief-option" "site_url" "https://帮扶中心.中国/公开/"\n')
    _append(books / "txns/2026.beancount", '\n2026-01-05 * "x" "union money"\n  fund: "GENERAL"\n'
                                           '  Assets:Cash 100.00 CNY\n  Income:Union -100.00 CNY\n')
    site = tmp_path / "site"
    result = CliRunner().invoke(cli, ["publish", str(books), "--out", str(site), "--jobs", "1"])
    assert result.exit_code == 0, (result.output, result.exception)
    assert (site / "log" / "key").read_text(encoding="ascii").startswith("xn--fiqy30b08a60e.xn--fiqs8s/%E5%85%AC%E5%BC%80/log/")
    result = CliRunner().invoke(cli, ["verify", str(site)])
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("odd", ["document", "narration"])
def test_a_closed_period_with_a_line_break_in_a_name_still_names_what_changed(books, odd):
    """closes/PERIOD.sha256 is one line per entry: a document named with a line feed (or a
    narration with U+2028) cut its line in two, so once anything of the period changed the
    file `relief close` had just written was said to be damaged and the change went unnamed."""
    if odd == "document":
        (books / "documents" / "Assets" / "Cash").mkdir(parents=True)
        (books / "documents" / "Assets" / "Cash" / "2026-01-04.scan\npage 2.pdf").write_bytes(b"%PDF-1.4")
    narration = "union money\u2028second line" if odd == "narration" else "union money"
    _append(books / "txns/2026.beancount", f'\n2026-01-05 * "x" "{narration}"\n  fund: "GENERAL"\n'
                                           '  Assets:Cash 100.00 CNY\n  Income:Union -100.00 CNY\n'
                                           '\n2026-02-01 balance Assets:Cash 100.00 CNY\n')
    closed = CliRunner().invoke(cli, ["close", str(books), "2026-01"])
    assert closed.exit_code == 0, closed.output
    txns = books / "txns/2026.beancount"
    altered = "Income:Union -99.00 CNY\n  Income:Government -1.00 CNY"
    txns.write_text(txns.read_text(encoding="utf-8").replace("Income:Union -100.00 CNY", altered), encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(books)])
    assert result.exit_code == 1, result.output
    assert "was altered after the close (it was: 2026-01-05" in result.output, result.output
    assert "cannot be read as the list" not in result.output


def test_a_document_named_in_gbk_is_an_error_not_an_internal_error(books):
    """A scan copied from a Windows USB drive keeps its GBK name (not UTF-8): relief check
    passed and `relief close` stopped with an internal error (UnicodeEncodeError) writing
    closes/2026-01.sha256."""
    folder = books / "documents" / "Assets" / "Cash"
    folder.mkdir(parents=True)
    name = os.fsencode(folder) + b"/2026-01-05." + "收据".encode("gbk") + b".pdf"
    with open(name, "wb") as fh:
        fh.write(b"%PDF-1.4")
    result = CliRunner().invoke(cli, ["check", str(books)])
    assert result.exit_code == 1, result.output
    assert "this document's file name is not UTF-8 text" in result.output and "rename the file" in result.output
    assert str(folder / "2026-01-05.") in result.output
    closed = CliRunner().invoke(cli, ["close", str(books), "2026-01"])
    assert closed.exit_code == 1 and isinstance(closed.exception, SystemExit), (closed.output, closed.exception)
    assert not (books / "closes").exists()


def test_a_books_file_named_in_gbk_is_named_not_an_internal_error(books):
    """txns/旧账.beancount copied from Windows keeps its GBK name, and the include glob
    matches it: beancount's loader hashes included names as UTF-8, and every command stopped
    with an internal error (UnicodeEncodeError) naming no file."""
    name = os.fsencode(books / "txns") + b"/" + "旧账".encode("gbk") + b".beancount"
    with open(name, "wb") as fh:
        fh.write(b'2026-01-03 * "x" "old"\n  fund: "GENERAL"\n  Assets:Cash 5.00 CNY\n  Income:Union -5.00 CNY\n')
    for args in (["check", str(books)], ["close", str(books), "2026-01"]):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 1 and isinstance(result.exception, SystemExit), (result.output, result.exception)
        assert f"Error: {books / 'txns'}/" in result.output and "a books file's (or folder's) name is not UTF-8" in result.output
        assert "rename it" in result.output


def test_books_in_a_folder_named_in_gbk_name_the_folder_once(tmp_path):
    """Every file of books in a folder named in GBK was listed as misnamed, one after another."""
    import shutil

    folder = os.fsencode(tmp_path) + b"/" + "账本".encode("gbk")
    assert CliRunner().invoke(cli, ["init", str(tmp_path / "books"), "--year", "2026"]).exit_code == 0
    shutil.move(str(tmp_path / "books"), folder)
    result = CliRunner().invoke(cli, ["check", os.fsdecode(folder)])
    assert result.exit_code == 1, (result.output, result.exception)
    shown = folder.decode("utf-8", "replace")
    assert f"Error: {shown}: a books file's (or folder's) name is not UTF-8" in result.output, result.output
    assert result.output.count(shown) == 1


def test_books_that_begin_in_year_one_publish(books, tmp_path, monkeypatch):
    """Books whose every date was typed in year 0001 (a year typed short, or copied so)
    passed relief check and stopped publish, report and letters with an internal error
    (ValueError: year 0 is out of range) from the overview's twelve-month trend."""
    monkeypatch.setenv("RELIEF_SITE_SECRET", "a-test-secret-of-enough-bytes")
    for path in books.rglob("*.beancount"):
        path.write_text(path.read_text(encoding="utf-8").replace("2026-01-01", "0001-01-01"), encoding="utf-8")
    _append(books / "registry/donors.beancount", '\n0001-01-01 custom "donor" "D0001" "individual"\n  name: "某人"\n')
    _append(books / "txns/2026.beancount", GIFT.format(day=2, amount="10.00").replace("2026-01-02", "0001-01-02")
           .replace("JZ-2026-00002", "JZ-0001-00001"))
    for args in (["publish", str(books), "--out", str(tmp_path / "site"), "--jobs", "1"],
                 ["report", str(books), "--out", str(tmp_path / "r.pdf")],
                 ["letters", str(books), "--out", str(tmp_path / "letters"), "--jobs", "1"]):
        result = CliRunner().invoke(cli, args)
        assert result.exit_code == 0, (args[0], result.output, result.exception)


def test_serve_names_a_books_file_named_in_gbk(books):
    """Fava loads through beancount's loader too: `relief serve` stopped with an internal
    error (UnicodeEncodeError) before the server started."""
    import socket

    name = os.fsencode(books / "txns") + b"/" + "旧账".encode("gbk") + b".beancount"
    with open(name, "wb") as fh:
        fh.write(b'2026-01-03 * "x" "old"\n  fund: "GENERAL"\n  Assets:Cash 5.00 CNY\n  Income:Union -5.00 CNY\n')
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        port = sock.getsockname()[1]
    result = CliRunner().invoke(cli, ["serve", str(books), "--port", str(port)])
    assert result.exit_code == 1 and isinstance(result.exception, SystemExit), (result.output, result.exception)
    assert "a books file's (or folder's) name is not UTF-8 text" in result.output, result.output
