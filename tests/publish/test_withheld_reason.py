"""A transfer between funds whose reason names a donor who asked not to be named in public.

The reason of a transfer (its `reason`, else the narration of an entry that only moves money
between funds) is published on the overview, the fund pages, the reports, statement.csv,
model.json and the annual report. Money moved to the fund an anonymous donor chose was
written with the donor's name ("司马先生捐款中指定助学的部分转入助学专项"), and that name went
on all of them. The reason is now published as not stated, the transfer itself as before,
and the publish names the entry; a reason naming a named donor, or the donation box, stays.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from cli import cli
from publish.run import PublishError
from publish.withheld import about_a_case, named_donor, private_names
from tests.chinese_halves import CJK, halves_of

from .conftest import TEST_SECRET
from .sitecheck import files
from .test_privacy import output_text

TRANSFERS = """
2026-09-20 * "司马先生捐款中指定助学的部分转入助学专项"
  approval: "SP-2026-0951"
  Equity:FundTransfers    100.00 CNY
    fund: "GENERAL"
  Equity:FundTransfers   -100.00 CNY
    fund: "EDU-2026"

2026-09-21 * "x"
  approval: "SP-2026-0952"
  reason: "市慈善总会定向资助转入"
  Equity:FundTransfers    10.00 CNY
    fund: "GENERAL"
  Equity:FundTransfers   -10.00 CNY
    fund: "EDU-2026"

2026-09-22 * "李红梅捐款中指定助学的部分转入助学专项"
  approval: "SP-2026-0953"
  Equity:FundTransfers    20.00 CNY
    fund: "GENERAL"
  Equity:FundTransfers   -20.00 CNY
    fund: "EDU-2026"

2026-09-22 * "某某机械制造有限公司" "捐款（不具名）"
  fund: "GENERAL"
  donor: "D0001"
  receipt: "JZ-2026-00008"
  anonymous: "public"
  Assets:Bank:Basic        700.00 CNY
  Income:Donation:Enterprise

2026-09-22 * "某某机械捐款转入助学专项"
  approval: "SP-2026-0955"
  Equity:FundTransfers    40.00 CNY
    fund: "GENERAL"
  Equity:FundTransfers   -40.00 CNY
    fund: "EDU-2026"

2026-09-23 * "匿名捐赠人捐款箱款项转入助学专项"
  approval: "SP-2026-0954"
  Equity:FundTransfers    30.00 CNY
    fund: "GENERAL"
  Equity:FundTransfers   -30.00 CNY
    fund: "EDU-2026"
"""


def english(note: str) -> str:
    """A note's English half (a note is `中文。 English`, Chinese first: ledger.errors.bilingual)."""
    return note.split("。 ", 1)[-1]


def _books(books_copy):
    with open(books_copy / "txns" / "2026.beancount", "a", encoding="utf-8") as fh:
        fh.write(TRANSFERS)
    return books_copy


def test_a_reason_naming_an_anonymous_donor_is_not_published(books_copy, publish_to, tmp_path):
    out = tmp_path / "site"
    result = publish_to(out, _books(books_copy))
    reasons = {t.approval: t.reason for t in result.model.fund("EDU-2026").transfers}
    assert reasons["SP-2026-0951"] == reasons["SP-2026-0952"] == reasons["SP-2026-0955"] == ""
    assert reasons["SP-2026-0953"] == "李红梅捐款中指定助学的部分转入助学专项"  # a named donor
    assert reasons["SP-2026-0954"] == "匿名捐赠人捐款箱款项转入助学专项"  # names no one
    found = [f"{p.relative_to(out)}: {n}" for p in files(out) if p.suffix != ".pdf"
             for n in ("司马", "慈善总会") if n in p.read_text(encoding="utf-8-sig")]
    assert found == []
    notes = [english(n) for n in result.notes if "asked not to be named" in n]
    path = books_copy / "txns" / "2026.beancount"
    lines = path.read_text(encoding="utf-8").splitlines()
    where = [f"{path}:{lines.index(first) + 1}: " for first in (
        '2026-09-20 * "司马先生捐款中指定助学的部分转入助学专项"', '2026-09-21 * "x"',
        '2026-09-22 * "某某机械捐款转入助学专项"')]
    assert [n[:len(w)] for n, w in zip(notes, where, strict=True)] == where
    assert "names donor D0003" in notes[0] and "names donor D0005" in notes[1]
    assert "names donor D0001" in notes[2]  # anonymous on a gift of theirs


def test_statement_csv_tells_a_withheld_reason_from_none_stated(books_copy, publish_to, tmp_path):
    """statement.csv left `reason` empty both for a transfer whose reason the site keeps back
    (it named a donor who asked not to be named) and for one the books give none: a journalist
    reading the open data could not tell "withheld" from "not stated", where every page says
    which. A withheld reason is now written as the pages say it; one not stated stays empty."""
    import csv
    import io

    books = _books(books_copy)
    with open(books / "txns" / "2026.beancount", "a", encoding="utf-8") as fh:
        fh.write('\n2026-09-24 * ""\n  approval: "SP-2026-0956"\n  Equity:FundTransfers    5.00 CNY\n    fund: "GENERAL"\n'
                 '  Equity:FundTransfers   -5.00 CNY\n    fund: "EDU-2026"\n')
    out = tmp_path / "site"
    publish_to(out, books)
    rows = [r for r in csv.DictReader(io.StringIO((out / "data" / "statement.csv").read_text("utf-8-sig")))
            if r["line"] == "transfer" and r["period"] == "2026" and r["fund_id"] == "EDU-2026"]
    reasons = {r["approval"]: r["reason"] for r in rows}
    assert reasons["SP-2026-0951"] == reasons["SP-2026-0955"] == "涉及隐私，不予公开 withheld for privacy", reasons
    assert reasons["SP-2026-0953"] == "李红梅捐款中指定助学的部分转入助学专项"
    assert reasons["SP-2026-0956"] == ""  # none stated in the books


def test_the_report_command_says_so_too(books_copy, tmp_path, monkeypatch):
    monkeypatch.setenv("RELIEF_SITE_SECRET", TEST_SECRET)
    books = _books(books_copy)
    result = CliRunner().invoke(cli, ["report", str(books), "--out", str(tmp_path / "r.pdf")])
    assert result.exit_code == 0, result.output
    assert result.output.count("who asked not to be named in public") == 3


def test_the_names_a_reason_may_not_hold(small_books):
    names = private_names(small_books, ())
    # the registry's anonymous donors: legal and display names; never the donation box's label
    assert names == {"隐名慈善家司马青云": "D0003", "司马先生": "D0003", "慈善总会": "D0005", "市慈善总会": "D0005"}
    # and a donor who asked it on a gift
    assert private_names(small_books, {"D0001"})["某某机械"] == "D0001"
    assert named_donor("转入：司马先生\u200b的捐款", names) == "D0003"  # as a reader sees it
    assert named_donor("李红梅捐款转入", names) is None and named_donor("", names) is None


def test_a_generic_display_name_is_not_a_name(books_copy):
    """An anonymous donor shown to the centre as 爱心人士 is not named by "感谢各位爱心人士"."""
    from ledger.books import load_books

    with open(books_copy / "registry" / "donors.beancount", "a", encoding="utf-8") as fh:
        fh.write('\n2026-01-01 custom "donor" "D0009" "individual"\n  name: "欧阳某"\n'
                 '  display: "爱心人士"\n  anonymous: "public"\n')
    names = private_names(load_books(books_copy), ())
    assert names["欧阳某"] == "D0009" and "爱心人士" not in names


def test_a_narrative_naming_an_anonymous_donor_stops_publish_and_report(books_copy, publish_to,
                                                                         tmp_path, monkeypatch):
    """The centre's narrative (report/2026.md, chapter 六 of the annual report) is prose: a
    thank-you there printed an anonymous donor's name in the annual report. It stops both,
    naming the file and line; the site stays as it was."""
    (books_copy / "report").mkdir(exist_ok=True)
    narrative = books_copy / "report" / "2026.md"
    narrative.write_text("\n# 一年的工作\n\n本年帮扶工作顺利。\n感谢 司马先生 的慷慨捐助。\n", encoding="utf-8")
    with pytest.raises(PublishError) as caught:
        publish_to(tmp_path / "site", books_copy)
    said = f"{narrative}:5: the narrative names donor D0003, who asked not to be named"
    assert english(str(caught.value)).startswith(said)
    assert not (tmp_path / "site").exists()
    monkeypatch.setenv("RELIEF_SITE_SECRET", TEST_SECRET)
    result = CliRunner().invoke(cli, ["report", str(books_copy), "--out", str(tmp_path / "r.pdf")])
    assert result.exit_code == 1 and said in " ".join(result.output.split())
    assert not (tmp_path / "r.pdf").exists()
    # a narrative that thanks a named donor, or "匿名捐赠人", is published
    narrative.write_text("感谢李红梅女士和各位匿名捐赠人。\n", encoding="utf-8")
    publish_to(tmp_path / "site", books_copy)


PERSONAL = """
2026-09-24 * "一般资金转入医疗专项，用于C0002大病救助"
  approval: "SP-2026-0961"
  Equity:FundTransfers    11.00 CNY
    fund: "GENERAL"
  Equity:FundTransfers   -11.00 CNY
    fund: "EDU-2026"

2026-09-24 * "补足助学金（身份证00000019710322003X）"
  approval: "SP-2026-0962"
  Equity:FundTransfers    12.00 CNY
    fund: "GENERAL"
  Equity:FundTransfers   -12.00 CNY
    fund: "EDU-2026"

2026-09-24 * "x"
  approval: "SP-2026-0963"
  reason: "家属来电 159-0000-0003 申请，转入助学专项"
  Equity:FundTransfers    13.00 CNY
    fund: "GENERAL"
  Equity:FundTransfers   -13.00 CNY
    fund: "EDU-2026"

2026-09-24 * "转入助学专项，打入卡号 6222 0200 0000 9990"
  approval: "SP-2026-0964"
  Equity:FundTransfers    14.00 CNY
    fund: "GENERAL"
  Equity:FundTransfers   -14.00 CNY
    fund: "EDU-2026"

2026-09-24 * "SP-2026-0965 号审批：C00021 批次结余转入助学专项"
  approval: "SP-2026-0965"
  Equity:FundTransfers    15.00 CNY
    fund: "GENERAL"
  Equity:FundTransfers   -15.00 CNY
    fund: "EDU-2026"
"""


def test_a_reason_holding_a_case_or_a_persons_numbers_is_not_published(books_copy, publish_to, tmp_path):
    """A transfer between funds written by hand for one household ("一般资金转入医疗专项，用于
    C0003胡浩鹏（00000019710322003X，15900000003）大病救助", on the demo books) put the case
    id, identity number and phone of the person helped on 22 public files: the fund pages,
    every acknowledgement page of the fund, statement.csv, model.json and the annual report,
    and publish said nothing. A reason holding a registered case's id, or a number shaped
    like an identity, bank card or mobile number, is now published as not stated (the
    transfer, its amount and approval as before), and publish names the entry."""
    with open(books_copy / "txns" / "2026.beancount", "a", encoding="utf-8") as fh:
        fh.write(PERSONAL)
    out = tmp_path / "site"
    result = publish_to(out, books_copy)
    reasons = {t.approval: t.reason for t in result.model.fund("EDU-2026").transfers}
    assert [reasons[f"SP-2026-096{i}"] for i in range(1, 5)] == ["", "", "", ""]
    assert reasons["SP-2026-0965"] == "SP-2026-0965 号审批：C00021 批次结余转入助学专项"  # no case's id
    found = [f"{p.relative_to(out)}: {n}" for p in files(out) if p.suffix != ".pdf"
             for n in ("C0002大病", "003X", "0000-0003", "9990") if n in p.read_text(encoding="utf-8-sig")]
    assert found == []
    notes = [n for n in result.notes if "person helped" in n]
    assert len(notes) == 4, result.notes
    assert "case C0002" in notes[0] and "an identity, bank card or mobile number" in notes[1]
    assert "003X" not in " ".join(notes) and "`reason:`" in notes[2]
    assert about_a_case("12月结余转入", ["12", "C0002"]) is None  # an id of digits only: a month as often
    assert about_a_case("用于Ｃ０００２", ["C0002"]) == "case C0002"


NAMED = """
2026-09-25 * "一般资金转入助学专项，用于欧阳 铁柱大病救助"
  approval: "SP-2026-0971"
  Equity:FundTransfers    16.00 CNY
    fund: "GENERAL"
  Equity:FundTransfers   -16.00 CNY
    fund: "EDU-2026"

2026-09-25 * "x"
  approval: "SP-2026-0972"
  reason: "慰问和平一家，转入助学专项"
  Equity:FundTransfers    17.00 CNY
    fund: "GENERAL"
  Equity:FundTransfers   -17.00 CNY
    fund: "EDU-2026"

2026-09-25 * "世界和平日义卖所得转入助学专项"
  approval: "SP-2026-0973"
  Equity:FundTransfers    18.00 CNY
    fund: "GENERAL"
  Equity:FundTransfers   -18.00 CNY
    fund: "EDU-2026"
"""


def test_a_reason_naming_a_person_helped_is_not_published(books_copy, publish_to, tmp_path):
    """A transfer written by hand for one household named the person by name alone ("用于欧阳
    铁柱大病救助"): nothing in it was a case id or a number, and the publisher, which never read
    private/cases.csv, put the name on the fund pages, the reports, statement.csv, model.json
    and the annual report. The publish now reads the names there (nothing else of the file)
    and withholds such a reason, naming the entry and the case, never the name. A name of two
    characters inside an ordinary word (a case named 和平, "世界和平日") is not taken for it."""
    with open(books_copy / "private" / "cases.csv", "a", encoding="utf-8") as fh:
        fh.write("C0004,和平,110101198001010011,13712340004,和平路1号,,,,,\n")
    with open(books_copy / "txns" / "2026.beancount", "a", encoding="utf-8") as fh:
        fh.write(NAMED)
    out = tmp_path / "site"
    result = publish_to(out, books_copy)
    reasons = {t.approval: t.reason for t in result.model.fund("EDU-2026").transfers}
    assert (reasons["SP-2026-0971"], reasons["SP-2026-0972"]) == ("", "")
    assert reasons["SP-2026-0973"] == "世界和平日义卖所得转入助学专项"
    found = [str(p.relative_to(out)) for p in files(out) if "铁柱大病" in output_text(p) or "和平一家" in output_text(p)]
    assert found == []
    notes = [english(n) for n in result.notes if "person helped" in n]
    path = books_copy / "txns" / "2026.beancount"
    lines = path.read_text(encoding="utf-8").splitlines()
    first = lines.index('2026-09-25 * "一般资金转入助学专项，用于欧阳 铁柱大病救助"') + 1
    assert [n.split(": ")[0] for n in notes] == [f"{path}:{first}", f"{path}:{first + 7}"]
    assert "names case C0003, a person helped" in notes[0] and "names case C0004" in notes[1]
    assert not any(name in " ".join(result.notes) for name in ("欧阳", "铁柱", "和平"))


def test_case_names_are_found_whole_and_as_a_reader_sees_them():
    from ledger.personal import CaseNames

    names = CaseNames({"胡浩鹏": "C0003", "王平": "C0004", "和平": "C0005", "Li Wei": "C0006", "张": "C0007"})
    found = {text: names.named_case(text) for text in (
        "用于胡\u200b浩 鹏大病救助", "用于王平大病救助", "慰问王平一家", "王平（C0004）", "王平",
        "世界和平日义卖", "老王平安到家", "太平洋", "为 Li  Wei 一家", "Living costs", "张三", "",
        "春节送温暖、和平助学", "和平社区慰问")}
    assert found == {"用于胡\u200b浩 鹏大病救助": "C0003", "用于王平大病救助": "C0004", "慰问王平一家": "C0004",
                     "王平（C0004）": "C0004", "王平": "C0004", "世界和平日义卖": None, "老王平安到家": None,
                     "太平洋": None, "为 Li  Wei 一家": "C0006", "Living costs": None, "张三": None, "": None,
                     "春节送温暖、和平助学": None, "和平社区慰问": None}


def test_a_case_file_that_cannot_be_read_is_named_in_a_note(books_copy, publish_to, tmp_path):
    """Not read, no name could be found: said, not skipped without a word."""
    (books_copy / "private" / "cases.csv").write_bytes(b"case,name\nC0003,\xff\xfe\xfa\n")
    with open(books_copy / "txns" / "2026.beancount", "a", encoding="utf-8") as fh:
        fh.write(NAMED)
    result = publish_to(tmp_path / "site", books_copy)
    [note] = [n for n in result.notes if "cases.csv" in n]
    where = f"{books_copy / 'private' / 'cases.csv'}:2"
    zh, en = halves_of(note)
    assert en.startswith(f"{where} is neither UTF-8 nor GBK/GB18030 text"), note
    # the Chinese half says it in Chinese (it once held the English problem): English only after it
    assert zh.startswith(f"{where} ") and CJK.search(zh[len(where):].split("：")[0]) and "neither" not in zh, note


def test_a_case_file_saved_as_a_workbook_is_named_in_a_note(books_copy, publish_to, tmp_path):
    """private/cases.csv opened in Excel or WPS and saved as cases.xlsx left no cases.csv: the
    import stopped and named the workbook, but publish read it as books with no people helped
    and looked for no name in what it published, without a word; a transfer's reason naming
    one (用于欧阳铁柱…) went onto the site. It is said, as for a file that cannot be read."""
    (books_copy / "private" / "cases.csv").rename(books_copy / "private" / "cases.xlsx")
    with open(books_copy / "txns" / "2026.beancount", "a", encoding="utf-8") as fh:
        fh.write(NAMED)
    result = publish_to(tmp_path / "site", books_copy)
    [note] = [n for n in result.notes if "cases.xlsx" in n]
    assert "private/cases.xlsx" in note and "cases.csv is not there" in note, note
    zh, _en = halves_of(note)
    assert "private/cases.xlsx" in zh and "is not there" not in zh and CJK.search(zh), note
    assert "was not looked at for the names of the people helped" in note, note


@pytest.mark.parametrize(("line", "says"), [
    ("慰问了欧阳铁柱一家，送去米面油。", "names case C0003, a person helped"),
    ("C0002 一户因病致贫，全年救助三次。", "holds case C0002 of a person helped"),
    ("家属来电（159 0000 0003）表示感谢。", "holds an identity, bank card or mobile number of a person helped"),
])
def test_a_narrative_about_a_person_helped_stops_publish(books_copy, publish_to, tmp_path, line, says):
    """The year's narrative (report/2026.md, chapter 六 of the annual report) was looked at for
    anonymous donors only: a thank-you written with a household's name, case id or phone went
    into the annual report. It stops the publish now, naming the file and line, never what
    it found; the previous site stays."""
    (books_copy / "report").mkdir(exist_ok=True)
    narrative = books_copy / "report" / "2026.md"
    narrative.write_text(f"# 一年的工作\n\n本年帮扶工作顺利，\n{line}\n", encoding="utf-8")
    with pytest.raises(PublishError) as caught:
        publish_to(tmp_path / "site", books_copy)
    message = str(caught.value)
    assert english(message).startswith(f"{narrative}:4: the narrative {says}; take it out"), message
    assert not any(word in message for word in ("欧阳", "铁柱", "159", "0003)")) and not (tmp_path / "site").exists()
    # a year told in counts and totals is published
    narrative.write_text("# 一年的工作\n\n全年救助 9 户，共 ¥8,700.00；世界和平日义卖所得转入助学专项。\n", encoding="utf-8")
    publish_to(tmp_path / "site", books_copy)


@pytest.mark.parametrize(("account", "name_zh", "says"), [
    ("Expenses:Aid:欧阳铁柱", None, "names case C0003, a person helped"),
    ("Expenses:Operations:Visit", "上官翠花慰问", "names case C0002, a person helped"),
    ("Expenses:Aid:C0001", None, "holds case C0001 of a person helped"),
    ("Income:Other:Sima", "司马先生定向资助", "names donor D0003, who asked not to be named in public"),
])
def test_an_account_named_for_a_person_stops_publish(books_copy, publish_to, tmp_path, account, name_zh, says):
    """The site shows every source and use by its account's name (or `name_zh`): on the
    overview, the fund and aid pages, flows.csv, statement.csv, model.json and the annual
    report. Aid booked to Expenses:Aid:欧阳铁柱, or visits to an account named 上官翠花慰问, put
    the name of a person helped on all of them. The publish stops, naming the account's
    `open` entry, never the name; the previous site stays."""
    opened = f'\n2026-01-01 open {account} CNY\n' + (f'  name_zh: "{name_zh}"\n' if name_zh else "")
    with open(books_copy / "accounts.beancount", "a", encoding="utf-8") as fh:
        fh.write(opened)
    line = len((books_copy / "accounts.beancount").read_text(encoding="utf-8").splitlines()) - (1 if name_zh else 0)
    with open(books_copy / "txns" / "2026.beancount", "a", encoding="utf-8") as fh:
        fh.write('\n2026-04-02 * "x"\n  fund: "GENERAL"\n  approval: "SP-2026-0981"\n'
                 + f"  {account}   {'-' if account.startswith('Income') else ''}5.00 CNY\n"
                 + ('    case: "C0001"\n' if ":Aid:" in account else "") + "  Assets:Bank:Basic\n")
    with pytest.raises(PublishError) as caught:
        publish_to(tmp_path / "site", books_copy)
    message = str(caught.value)
    assert english(message).startswith(f"{books_copy / 'accounts.beancount'}:{line}: the account opened here {says}"), message
    assert not any(word in message for word in ("欧阳", "上官", "司马", "Sima")) and not (tmp_path / "site").exists()


def test_an_approval_number_naming_a_person_helped_is_not_published(books_copy, publish_to, tmp_path):
    """A transfer's approval number is published beside its reason; one written with the
    household's name ("欧阳铁柱-SP-0991") or case id put them on the fund pages, the reports,
    statement.csv and model.json although the reason said only 补足. It is published as none
    now, with a note naming the entry; the reason and the amount stay."""
    with open(books_copy / "txns" / "2026.beancount", "a", encoding="utf-8") as fh:
        fh.write('\n2026-09-26 * "补足"\n  approval: "欧阳铁柱-SP-0991"\n'
                 '  Equity:FundTransfers    19.00 CNY\n    fund: "GENERAL"\n'
                 '  Equity:FundTransfers   -19.00 CNY\n    fund: "EDU-2026"\n'
                 '\n2026-09-26 * "补足"\n  approval: "SP-2026-0992"\n'
                 '  Equity:FundTransfers    21.00 CNY\n    fund: "GENERAL"\n'
                 '  Equity:FundTransfers   -21.00 CNY\n    fund: "EDU-2026"\n')
    out = tmp_path / "site"
    result = publish_to(out, books_copy)
    moved = {(t.amount, t.reason, t.approval) for t in result.model.fund("EDU-2026").transfers if t.date.isoformat() == "2026-09-26"}
    assert moved == {(-19, "补足", None), (-21, "补足", "SP-2026-0992")} or moved == {(19, "补足", None), (21, "补足", "SP-2026-0992")}
    assert [str(p.relative_to(out)) for p in files(out) if "欧阳铁柱" in output_text(p)] == []
    # statement.csv says the approval was kept back, as the pages do (empty read as none given)
    import csv
    import io
    rows = csv.DictReader(io.StringIO((out / "data" / "statement.csv").read_text("utf-8-sig")))
    assert {r["approval"] for r in rows if r["line"] == "transfer" and r["date"] == "2026-09-26"} == {
        "涉及隐私，不予公开 withheld for privacy", "SP-2026-0992"}
    [note] = [english(n) for n in result.notes if "approval number" in n]
    path = books_copy / "txns" / "2026.beancount"
    line = path.read_text(encoding="utf-8").splitlines().index('  approval: "欧阳铁柱-SP-0991"')
    assert note.startswith(f"{path}:{line}: the approval number of this transfer between funds names case C0003") and "欧阳" not in note


@pytest.mark.parametrize(("where", "old", "new", "says"), [
    ("registry/funds.beancount", 'name_zh: "2026年金秋助学专项"', 'name_zh: "欧阳铁柱助学专项"', "the fund declared here names case C0003"),
    ("accounts.beancount", 'name_zh: "大米"', 'name_zh: "上官翠花家属捐赠的大米"', "the goods declared here names case C0002"),
    ("settings.beancount", None, '2026-01-01 custom "relief-option" "address" "幸福路88号（C0001家对面）" "88 Xingfu Rd"',
     "the centre's public fact address set here holds case C0001"),
])
def test_a_public_name_naming_a_person_helped_stops_publish(books_copy, publish_to, tmp_path, where, old, new, says):
    """Besides accounts, the site shows the names the centre gives its funds and its goods and
    its public facts: a fund named for the household it was raised for (欧阳铁柱助学专项), rice
    named for the family that gave it (上官翠花家属捐赠的大米) or an address given by a case's
    home went on every page, the CSVs and the annual report. The publish stops, naming the
    entry, never the name; the previous site stays."""
    path = books_copy / where
    text = path.read_text(encoding="utf-8")
    text = text.replace(old, new) if old else text + "\n" + new + "\n"
    path.write_text(text, encoding="utf-8")
    line = next(n for n, t in enumerate(text.splitlines(), 1) if new.splitlines()[0] in t) - (0 if old is None else 1)
    with pytest.raises(PublishError) as caught:
        publish_to(tmp_path / "site", books_copy)
    message = str(caught.value)
    assert english(message).startswith(f"{path}:{line}: {says}"), message
    assert not any(word in message for word in ("欧阳", "上官", "幸福路")) and not (tmp_path / "site").exists()


def test_relief_check_says_what_publish_would_withhold_or_stop_on(books_copy):
    """A copy of the books without private/ (a CI job that publishes from the books' repository)
    has no names to look for, and published what the treasurer's machine would withhold; and
    nothing said so before a publish. `relief check`, run where the books are kept, now lists
    it all as notes: transfers' reasons and approvals, names the site shows, the narrative."""
    with open(books_copy / "txns" / "2026.beancount", "a", encoding="utf-8") as fh:
        fh.write(NAMED)
    with open(books_copy / "accounts.beancount", "a", encoding="utf-8") as fh:
        fh.write('\n2026-01-01 open Expenses:Operations:Visit CNY\n  name_zh: "上官翠花慰问"\n')
    (books_copy / "report").mkdir(exist_ok=True)
    (books_copy / "report" / "2026.md").write_text("慰问了欧阳铁柱一家。\n", encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(books_copy)])
    assert result.exit_code == 0, result.output
    said = [line for line in result.output.splitlines() if "note: " in line and "person helped" in line]
    txns, accounts = books_copy / "txns" / "2026.beancount", books_copy / "accounts.beancount"
    assert [line.split(": ")[1] for line in said] == [
        f"{txns}:{txns.read_text(encoding='utf-8').splitlines().index(NAMED.splitlines()[1]) + 1}",
        f"{accounts}:{len(accounts.read_text(encoding='utf-8').splitlines()) - 1}",
        f"{books_copy / 'report' / '2026.md'}:1"], said
    assert not any(name in result.output for name in ("欧阳", "铁柱", "上官"))


def test_a_reporting_union_naming_a_person_helped_stops_publish(books_copy, publish_to, tmp_path):
    """The aid page's table by reporting union (and aid.csv, model.json) is headed by each
    case's `unit`: one written as the household's workshop ("欧阳铁柱所在车间") was shown as a
    row, its count suppressed but its name not. The publish stops, naming the case entry."""
    path = books_copy / "registry" / "cases.beancount"
    lines = path.read_text(encoding="utf-8").splitlines()
    at = next(n for n, t in enumerate(lines) if '"C0003"' in t)
    unit = next(n for n in range(at, len(lines)) if lines[n].strip().startswith("unit:"))
    lines[unit] = '  unit: "欧阳铁柱所在车间"'
    path.write_text("\n".join(lines) + "\n", encoding="utf-8")
    with pytest.raises(PublishError) as caught:
        publish_to(tmp_path / "site", books_copy)
    message = str(caught.value)
    assert english(message).startswith(f"{path}:{at + 1}: the reporting union (unit) written here names case C0003"), message
    assert "欧阳" not in message and not (tmp_path / "site").exists()


def test_every_name_shown_that_names_a_person_is_named_at_once(books_copy, publish_to, tmp_path):
    """Two accounts named for people helped: the publish named the first, and a second run
    the next; one run names both."""
    with open(books_copy / "accounts.beancount", "a", encoding="utf-8") as fh:
        fh.write('\n2026-01-01 open Expenses:Aid:欧阳铁柱 CNY\n2026-01-01 open Expenses:Aid:C0001 CNY\n')
    with open(books_copy / "txns" / "2026.beancount", "a", encoding="utf-8") as fh:
        for n, account in enumerate(("Expenses:Aid:欧阳铁柱", "Expenses:Aid:C0001")):
            fh.write(f'\n2026-04-0{n + 2} * "x"\n  fund: "GENERAL"\n  approval: "SP-2026-098{n}"\n'
                     f'  {account}   5.00 CNY\n    case: "C0001"\n  Assets:Bank:Basic\n')
    with pytest.raises(PublishError) as caught:
        publish_to(tmp_path / "site", books_copy)
    lines = str(caught.value).splitlines()
    assert len(lines) == 2 and "names case C0003" in lines[0] and "holds case C0001" in lines[1], lines


def test_the_centres_own_numbers_may_stand_in_the_narrative(books_copy, publish_to, tmp_path):
    """A narrative that gives the centre's own hotline (a mobile number, set as its public
    fact `complaint`) or the number of its bank account to give to stopped the publish as
    "a mobile number of a person helped"; a number of the centre's is not a person's.
    Another one still stops it."""
    with open(books_copy / "settings.beancount", "a", encoding="utf-8") as fh:
        fh.write('\n2026-01-01 custom "relief-option" "complaint" "热线 138-0000-1111" "hotline 138-0000-1111"\n')
    (books_copy / "report").mkdir(exist_ok=True)
    narrative = books_copy / "report" / "2026.md"
    narrative.write_text("如需帮助，请拨打热线 138-0000-1111。\n也可拨打138-0000-1111。\n"
                         "捐款账号：6222 0200 0000 9990。\n", encoding="utf-8")
    path = books_copy / "accounts.beancount"
    path.write_text(path.read_text(encoding="utf-8").replace('account_number: ""', 'account_number: "6222 0200 0000 9990"', 1),
                    encoding="utf-8")
    publish_to(tmp_path / "site", books_copy)
    narrative.write_text("如需帮助，请拨打热线 138-0000-1111。\n或 13900002222。\n", encoding="utf-8")
    with pytest.raises(PublishError) as caught:
        publish_to(tmp_path / "site", books_copy)
    assert english(str(caught.value)).startswith(f"{narrative}:2: the narrative holds an identity, bank card or mobile number")


def test_a_funds_purpose_account_named_for_a_person_stops_publish(books_copy, publish_to, tmp_path):
    """A restricted fund's purpose is shown by its accounts' names on the overview, its fund
    page, funds.csv and model.json, before anything is paid from them: a fund for one
    household's medical aid, paying Expenses:Aid:OuyangTiezhu (name_zh 欧阳铁柱医疗), put the
    name there though no aid was booked yet."""
    with open(books_copy / "accounts.beancount", "a", encoding="utf-8") as fh:
        fh.write('\n2026-01-01 open Expenses:Aid:OuyangTiezhu CNY\n  name_zh: "欧阳铁柱医疗"\n')
    line = len((books_copy / "accounts.beancount").read_text(encoding="utf-8").splitlines()) - 1
    with open(books_copy / "registry" / "funds.beancount", "a", encoding="utf-8") as fh:
        fh.write('\n2026-03-01 custom "fund" "MED-2026" "restricted"\n  name_zh: "大病救助专项"\n  name_en: "Aid fund"\n'
                 '  purpose: "Expenses:Aid:OuyangTiezhu"\n  start: 2026-03-01\n')
    with pytest.raises(PublishError) as caught:
        publish_to(tmp_path / "site", books_copy)
    message = str(caught.value)
    assert english(message).startswith(f"{books_copy / 'accounts.beancount'}:{line}: the account opened here names case C0003"), message
    assert "欧阳" not in message and not (tmp_path / "site").exists()
