"""Counts of one in English messages: `1 entry`, not `1 entries`.

`relief import --write` said "written: gifts.csv: 1 entries", `relief verify` "1 entries hash
to its root" and "1 closed periods' roots match", `relief close` "Closed 2026-03: 1 entries".
Every message that counts now says one thing in the singular.
"""

from __future__ import annotations

import datetime
from types import SimpleNamespace

from click.testing import CliRunner

from cli import cli
from ledger.books import load_books
from ledger.closes.close import close_period
from ledger.errors import counted
from ledger.period import parse_period
from ledger.transparency.verifier import verify_site

GIFT = """
2026-03-01 custom "donor" "D0001" "enterprise"
  name: "某某机械制造有限公司"

2026-03-02 * "某某机械制造有限公司" "捐款"
  fund: "GENERAL"
  donor: "D0001"
  receipt: "JZ-2026-00001"
  Assets:Bank:Basic          500.00 CNY
  Income:Donation:Enterprise
"""


def test_counted_says_one_in_the_singular():
    assert [counted(n, "entry", "entries") for n in (0, 1, 2)] == ["0 entries", "1 entry", "2 entries"]


def test_an_import_of_one_entry_says_entry(tmp_path):
    books = tmp_path / "books"
    assert CliRunner().invoke(cli, ["init", str(books), "--year", "2026"]).exit_code == 0
    with (books / "txns" / "2026.beancount").open("a", encoding="utf-8") as fh:
        fh.write(GIFT.split("\n\n")[0] + "\n")
    register = tmp_path / "gifts.csv"
    register.write_text("日期,捐赠人,金额,收款方式,凭证号\n2026-03-03,D0001,100,现金,V1\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(books), str(register), "--write"])
    assert result.exit_code == 0, result.output
    assert "written: gifts.csv: 1 entry\n" in result.output, result.output
    assert "(relief.donations), 1 entry\n" in (books / "inbox.beancount").read_text(encoding="utf-8")


def test_verify_and_close_of_one_say_it_in_the_singular(tmp_path, monkeypatch):
    monkeypatch.setenv("RELIEF_SITE_SECRET", "counted-words-secret-0123456789abcdef")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    books = tmp_path / "books"
    assert CliRunner().invoke(cli, ["init", str(books), "--year", "2026"]).exit_code == 0
    with (books / "txns" / "2026.beancount").open("a", encoding="utf-8") as fh:
        fh.write(GIFT)
    closed = close_period(load_books(books), parse_period("2026-03"), check=lambda b, p: SimpleNamespace(ok=True),
                          today=datetime.date(2026, 6, 1))
    assert closed.entries == 2
    from publish.run import publish_books

    publish_books(load_books(books), tmp_path / "site")
    done, problems = verify_site(str(tmp_path / "site"))
    assert not problems, problems
    text = "\n".join(english for _chinese, english in done)  # each line (Chinese, English)
    assert "1 entry hashes to its root" in text and "1 closed period's root matches" in text, text
    assert "1 earlier checkpoint is a prefix of today" in text


def test_a_statement_row_of_one_cell_says_cell(tmp_path):
    books = tmp_path / "books"
    assert CliRunner().invoke(cli, ["init", str(books), "--year", "2026"]).exit_code == 0
    statement = tmp_path / "农行明细.csv"
    statement.write_text("交易日期,交易时间,交易摘要,交易金额,本次余额,对手信息,日 志 号,交易渠道,交易附言\r\n"
                         "20260302,101500,转存,+1000.00,2000.00,张三,,超级网银,donation\r\n20260303\r\n", encoding="utf-8-sig")
    result = CliRunner().invoke(cli, ["import", str(books), str(statement)])
    assert result.exit_code == 1 and "it has 1 cell but the header has 9" in result.output, result.output
