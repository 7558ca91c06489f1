"""Invisible characters (zero-width space and joiners, direction controls, other format
characters) in a name the public reads, the centre's, a fund's or a reporting union's: an
error with the file and line, naming the characters, as bean-check, Fava and `relief check`
show it. Such a name looked right and was another name: "市机械\u200b工会" and "市机械工会"
were two rows of the aid tables."""

from __future__ import annotations

from ledger.bidi import invisible_characters


def test_the_centres_name(check_rule):
    errors = check_rule("settings", """
        2026-01-01 custom "relief-option" "name_zh" "某市总工会\u200b困难职工帮扶中心"
        2026-01-01 custom "relief-option" "name_en" "Relief \u202eCentre"
    """)
    assert len(errors) == 2, errors
    assert "name_zh" in errors[0] and "U+200B ZERO WIDTH SPACE" in errors[0] and "retype" in errors[0]
    assert "name_en" in errors[1] and "U+202E RIGHT-TO-LEFT OVERRIDE" in errors[1]


def test_a_funds_names(check_rule):
    errors = check_rule("registry", """
        2026-01-01 custom "fund" "MED-2026" "restricted"
          purpose: "Expenses:Aid:Medical"
          name_zh: "大病\u2060救助"
          name_en: "Medical\u00ad aid"
    """)
    assert any("MED-2026" in e and "name_zh" in e and "U+2060 WORD JOINER" in e for e in errors), errors
    assert any("MED-2026" in e and "name_en" in e and "U+00AD SOFT HYPHEN" in e for e in errors), errors


def test_a_funds_id(check_rule):
    """A fund id is on every one of its entries, in the public open data and in the auditors'
    Fava; "EDU\u202e-2026" showed there as "EDU6202-", and "EDU\u200b-2026" was another fund
    than "EDU-2026" that looked the same. Its names were checked, not the id itself."""
    errors = check_rule("registry", """
        2026-01-01 custom "fund" "EDU\u202e-2026" "restricted"
          purpose: "Expenses:Aid:Education"
          name_zh: "助学"
          name_en: "Education"
    """)
    assert len(errors) == 1, errors
    assert "fund id" in errors[0] and "'EDU-2026'" in errors[0] and "U+202E RIGHT-TO-LEFT OVERRIDE" in errors[0], errors
    assert "\u202e" not in errors[0]


def test_a_cases_unit(check_rule):
    errors = check_rule("registry", """
        2026-01-01 custom "case" "C1" "enrolled"
          unit: "市机械\u200b工会"
          cause: "illness"
          household: 2
    """)
    assert len(errors) == 1 and "C1" in errors[0] and "unit" in errors[0] and "U+200B" in errors[0], errors


def test_an_aid_payments_unit(check_rule):
    errors = check_rule("aid_case", """
        2026-01-01 custom "case" "C1" "enrolled"
          unit: "市机械工会"
          cause: "illness"
          household: 2
        2026-02-01 * "living"
          case: "C1"
          unit: "市机械\u200d工会"
          Expenses:Aid:Living   100.00 CNY
          Assets:Bank:Basic
        2026-02-02 * "living"
          Expenses:Aid:Living   100.00 CNY
            case: "C1"
            unit: "市机械\ufeff工会"
          Assets:Bank:Basic
    """)
    assert len(errors) == 2 and all("unit" in e for e in errors), errors
    assert "U+200D ZERO WIDTH JOINER" in errors[0] and "U+FEFF" in errors[1]


def test_invisible_characters_lists_each_once():
    assert invisible_characters("a\u200bb\u200bc\u202e") == ["U+200B ZERO WIDTH SPACE", "U+202E RIGHT-TO-LEFT OVERRIDE"]
    assert invisible_characters("市机械工会 Union") == []


def test_a_union_with_invisible_characters_is_shown_without_them(load_doc):
    """Published anyway (--allow-errors), the aid is under the one union it looks like."""
    from ledger.registry import AidUnits, build_registry

    entries, _errors, _ = load_doc("""
        2026-01-01 open Expenses:Aid:Living CNY
        2026-01-01 open Assets:Bank CNY
        2026-01-01 custom "case" "C1" "enrolled"
          unit: "市机械\u200b工会"
          cause: "illness"
          household: 2
        2026-02-01 * "living"
          unit: "市交通\u200b工会"
          Expenses:Aid:Living   100.00 CNY
          Assets:Bank
    """)
    units = AidUnits(build_registry(entries).cases)
    [txn] = [e for e in entries if hasattr(e, "postings")]
    assert units(txn, txn.postings[0]) == "市交通工会"
    assert units.of_case("C1", txn.date) == "市机械工会"


def test_names_that_show_nothing(check_rule):
    """A fund's name of blanks (name_zh: "   ", or a Hangul filler U+3164) passed every check
    and put a fund with no name on the site: its page's heading was empty and its title
    "    · 江临市总工会困难职工帮扶中心", its line in the funds table a link with nothing to click;
    a case's unit of a Braille blank was a row with no name in the aid table by union (one of
    spaces was refused). Each is now an error naming the key; the fund is shown by its id."""
    errors = check_rule("registry", """
        2026-01-01 custom "fund" "WARM-2026" "unrestricted"
          name_zh: "   "
          name_en: "\u3164"
        2026-01-01 custom "case" "C1" "enrolled"
          unit: " \u2800 "
          cause: "illness"
          household: 2
    """)
    assert len(errors) == 3, errors
    assert "WARM-2026" in errors[0] and "name_zh" in errors[0] and "shows nothing" in errors[0], errors
    assert "WARM-2026" in errors[1] and "name_en" in errors[1] and "shows nothing" in errors[1], errors
    assert "C1" in errors[2] and "unit must be the reporting union's name" in errors[2], errors


def test_a_fund_whose_names_show_nothing_is_shown_by_its_id():
    from beancount import loader

    from ledger.registry import build_registry

    entries, _, _ = loader.load_string("""
2026-01-01 custom "fund" "EDU-2026" "unrestricted"
  name_zh: "  "
  name_en: "\u3164"
""")
    fund = build_registry(entries).funds["EDU-2026"]
    assert (fund.name_zh, fund.name_en) == ("EDU-2026", "EDU-2026")


def test_control_characters_are_invisible_characters_too(check_rule):
    """A donor's display holding a terminal's escape sequences ("秦荣敏" + ESC ] 52;c;… BEL,
    which sets the clipboard of a terminal that shows it, and ESC [2J, which clears its
    screen) passed relief check without a word and went as written into donations.csv, the
    honour roll and every acknowledgement page of the donor's gifts: `cat data/donations.csv`
    cleared the reader's screen and put "evil" on their clipboard. Control characters
    (Unicode Cc, but tab and line breaks) are now read as invisible characters are: a
    warning for a donor's name and removed from it, an error in a fund's name."""
    from beancount import loader

    from ledger.bidi import as_seen, invisible_characters, without_invisible
    from ledger.registry import build_registry

    shown = "秦荣敏\x1b]52;c;ZXZpbA==\x07\x1b[2J"
    assert invisible_characters(shown) == ["U+001B CONTROL CHARACTER ESCAPE", "U+0007 CONTROL CHARACTER BELL"]
    assert without_invisible(shown) == as_seen(shown) == "秦荣敏]52;c;ZXZpbA==[2J"
    assert without_invisible("Qin\x1b[2J\x9b") == "Qin[2J" and without_invisible("a\tb\nc") == "a\tb\nc"
    reg = build_registry(loader.load_string(
        '2026-01-01 custom "donor" "D0001" "individual"\n  name: "秦荣敏"\n  display: "秦荣敏\\x1b"\n'.replace("\\x1b", "\x1b"))[0])
    assert reg.donors["D0001"].public_name == "秦荣敏"
    assert len(reg.errors) == 1 and "U+001B CONTROL CHARACTER ESCAPE" in reg.errors[0].message
    errors = check_rule("registry", """
        2026-01-01 custom "fund" "WARM-2026" "unrestricted"
          name_zh: "送温暖\x07"
    """)
    assert len(errors) == 1 and "name_zh" in errors[0] and "U+0007 CONTROL CHARACTER BELL" in errors[0], errors
