"""Two accounts at one bank whose statements number their rows alike, and a row moved by hand.

An ICBC corporate statement's 凭证号 starts again each month, for each account: the basic
account's and the special account's first rows of a month are both 0001, on the same day.
The id is the same (`icbc:0001`), and an entry in the books holding it that does not post to
the row's account was taken for the row ("moved to another account by hand"): the special
account's gift of 2,000.00 from 某某机械 was shown as already in the books as the basic
account's 500.00 from 王小明, and never booked. An entry on another account is now the row
only when it moves one of the centre's accounts by the row's amount with the row's payee (the
row moved by hand); else the row is new, with a note naming the entry sharing its id.
Two donation registers numbering their vouchers from V001, one gift in cash and one by bank
on one day, are the same case.
"""

from __future__ import annotations

from click.testing import CliRunner

from cli import cli

HEAD = "中国工商银行 企业网上银行 账户明细\n账号: {acct}\n起止日期: 2026-03-01 至 2026-03-31\n交易日期,凭证号,摘要,对方户名,收入金额,支出金额,余额\n"
BASIC = HEAD.format(acct="6222000011112222") + "2026-03-02,0001,转账存入,王小明,500.00,,500.00\n"
SPECIAL = HEAD.format(acct="6222000099998888") + "2026-03-02,0001,转账存入,某某机械制造有限公司,2000.00,,2000.00\n"
REGISTER = "日期,捐赠人,金额,收款方式,基金,需要感谢信,凭证号\n"


def run(*args):
    result = CliRunner().invoke(cli, ["import", *map(str, args)])
    assert result.exit_code == 0, result.output
    return result.output


def _open_special(books):
    with (books / "accounts.beancount").open("a", encoding="utf-8") as fh:
        fh.write('\n2026-01-01 open Assets:Bank:Special CNY\n  account_number: "6222000099998888"\n')


def test_the_other_account_s_row_under_the_same_number_is_new(books, tmp_path):
    _open_special(books)
    (tmp_path / "basic.csv").write_text(BASIC, encoding="utf-8")
    (tmp_path / "special.csv").write_text(SPECIAL, encoding="utf-8")
    run(books, tmp_path / "basic.csv", "--write")
    out = run(books, tmp_path / "special.csv")
    assert "proposed +2,000.00 + already in the books +0.00" in out, out
    assert "its id icbc:0001 is also that of inbox.beancount:" in out, out


def test_a_row_moved_to_another_account_by_hand_is_still_the_row(books, tmp_path):
    """The statement imported onto the wrong account, its entry moved by hand: imported again
    (onto the right one), the row is that entry."""
    _open_special(books)
    (tmp_path / "special.csv").write_text(SPECIAL, encoding="utf-8")
    run(books, tmp_path / "special.csv", "--account", "Assets:Bank:Basic", "--write", "--no-balance")
    inbox = books / "inbox.beancount"
    inbox.write_text(inbox.read_text(encoding="utf-8").replace("Assets:Bank:Basic ", "Assets:Bank:Special "), encoding="utf-8")
    out = run(books, tmp_path / "special.csv", "--no-balance")
    assert "proposed +0.00 + already in the books +2,000.00" in out, out


def test_two_registers_numbering_from_v001_one_cash_one_bank(books, tmp_path):
    (tmp_path / "a.csv").write_text(REGISTER + "2026-03-05,王小明,200,现金,,,V001\n", encoding="utf-8")
    (tmp_path / "b.csv").write_text(REGISTER + "2026-03-05,D0001,300,银行,,,V001\n", encoding="utf-8")
    run(books, tmp_path / "a.csv", "--write")
    out = run(books, tmp_path / "b.csv", "--no-balance")
    assert "proposed +300.00 + already in the books +0.00" in out, out
