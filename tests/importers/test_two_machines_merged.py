"""Two officers import on two machines, and the books' files are merged by hand (git merge).

Each import gave its new gift the next receipt number (JZ-2026-00001) and proposed the next
donor id (D0003) for its new payer, 吴强 on one machine and 郑丽 on the other. Merged (both
sides kept) and the proposals confirmed, `relief check` said "Receipt number … is used twice"
without the number the second may take, and "Donor D0003 is declared twice: keep one
declaration", which for two people put both people's gifts under one name. Now both say
what happened and name the next free number and id.
"""

from __future__ import annotations

import shutil

from click.testing import CliRunner

from cli import cli

HEAD = "交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注\n"
BILL = "微信支付账单明细\n起始时间：[2026-04-01 00:00:00] 终止时间：[2026-04-30 23:59:59]\n共1笔记录\n" + HEAD
ROW = "2026-04-0{day} 10:00:00,二维码收款,{name},/,收入,¥{amount},/,已收钱,42000004{day}\t,/\t,/\n"


def _import(books, tmp_path, name, day, amount):
    bill = tmp_path / f"{name}.csv"
    bill.write_text(BILL + ROW.format(day=day, name=name, amount=amount), encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(books), str(bill), "--write"])
    assert result.exit_code == 0, result.output
    return (books / "inbox.beancount").read_text(encoding="utf-8")


def _confirm(text: str) -> str:
    return (text.replace('custom "donor-proposal"', 'custom "donor"').replace(' ! "', ' * "')
            .replace('donor: "UNIDENTIFIED"\n  proposed_donor: "D0003"', 'donor: "D0003"'))


def test_the_merge_names_the_next_free_receipt_and_donor_id(books, tmp_path):
    other = tmp_path / "other"
    shutil.copytree(books, other)
    before = (books / "inbox.beancount").read_text(encoding="utf-8")
    mine = _import(books, tmp_path, "吴强", 3, "88.00")
    theirs = _import(other, tmp_path, "郑丽", 5, "66.00")
    assert 'receipt: "JZ-2026-00001"' in mine and 'receipt: "JZ-2026-00001"' in theirs
    merged = mine + theirs[len(before):]  # the merge kept both sides
    (books / "inbox.beancount").write_text(_confirm(merged), encoding="utf-8")
    shutil.copytree(other / "documents", books / "documents", dirs_exist_ok=True)
    result = CliRunner().invoke(cli, ["check", str(books)])
    assert result.exit_code == 1
    assert ("Receipt number JZ-2026-00001 is used twice: also at" in result.output
            and "give this one the next free number, JZ-2026-00002" in result.output), result.output
    assert "Donor D0003 is declared twice, for two names: 吴强 (" in result.output
    assert "郑丽 here" in result.output and "give this one the next free id, D0004" in result.output
    assert "keep one declaration (with the donor's present wishes)" not in result.output


def test_one_donor_declared_twice_is_still_told_to_keep_one(books):
    with (books / "registry" / "donors.beancount").open("a", encoding="utf-8") as fh:
        fh.write('\n2026-01-02 custom "donor" "D0002" "individual"\n  name: "王小明"\n')
    result = CliRunner().invoke(cli, ["check", str(books)])
    assert "Donor D0002 is declared twice: keep one declaration" in result.output


def test_the_same_file_imported_on_both_machines_is_named_as_such(books, tmp_path):
    """Both officers imported the same bill, each among other files, so their receipt numbers
    differ and the merge (both sides kept) holds every row twice: the balance failed by the
    rows' sum and nothing said the rows were doubled; a receipt shared by the two copies of
    one gift was to be renumbered, which would have kept the gift twice."""
    other = tmp_path / "other"
    shutil.copytree(books, other)
    before = (books / "inbox.beancount").read_text(encoding="utf-8")
    mine = _import(books, tmp_path, "吴强", 3, "88.00")
    theirs = _import(other, tmp_path, "吴强", 3, "88.00")
    merged = mine + theirs[len(before):]
    with (books / "inbox.beancount").open("w", encoding="utf-8") as fh:
        fh.write(merged + "\n2026-05-01 balance Assets:Online:WeChat 88.00 CNY\n")
    result = CliRunner().invoke(cli, ["check", str(books)])
    assert "both are the same transaction (source_ref wechat:420000043), in the books twice: delete one" in result.output
    assert "give this one the next free number" not in result.output
    assert ("1 row(s) of the bank's or platform's files are in the books twice, the same source_ref on two entries"
            in result.output), result.output
