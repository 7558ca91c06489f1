import datetime

from beancount import loader

from ledger.registry import build_registry
from tests.ledger.conftest import english


def test_registry_reads_donors_funds_and_case_history(load_doc):
    entries, errors, _ = load_doc("""
        2026-01-01 open Expenses:Aid:Education
        2026-01-01 open Expenses:Aid:Goods
        2026-01-01 custom "donor" "D1" "enterprise"
          name: "某某机械制造有限公司"
          display: "某某机械"
          aliases: "某某机械厂 | 某某公司"
          accounts: "6222 0200 0000 1234"
          contact: "王经理"
        2026-01-01 custom "donor" "D2" "individual"
          name: "李四"
          anonymous: "public"
        2026-01-01 custom "fund" "EDU" "restricted"
          purpose: "Expenses:Aid:Education|Expenses:Aid:Goods"
          end: 2026-12-31
        2026-02-01 custom "case" "C1" "enrolled"
          unit: "市纺织工会"
          cause: "illness"
          household: 3
        2026-05-01 custom "case" "C1" "adjusted"
          household: 4
        2026-08-01 custom "case" "C1" "exited"
    """)
    reg = build_registry(entries)
    assert not errors and not reg.errors
    d1, d2 = reg.donors["D1"], reg.donors["D2"]
    assert d1.public_name == "某某机械" and d1.letter_name == "某某机械制造有限公司"
    assert d2.public_name is None and d2.letter_name == "李四"
    assert reg.donor_by_name("某某 公司") is d1
    assert reg.donor_by_account("6222020000001234") is d1
    assert reg.donor_by_name("王五") is None
    fund = reg.funds["EDU"]
    assert fund.may_pay("Expenses:Aid:Goods") and not fund.may_pay("Expenses:Aid:Medical")
    assert fund.is_open_on(datetime.date(2026, 12, 31)) and not fund.is_open_on(datetime.date(2027, 1, 1))
    case = reg.cases["C1"]
    assert case.attribute("household", datetime.date(2026, 4, 30)) == 3
    assert case.attribute("household") == 4
    assert case.enrolled_on(datetime.date(2026, 7, 31)) and not case.enrolled_on(datetime.date(2026, 8, 1))
    assert case.status == "exited"


def test_malformed_registry_entries_are_reported(check_rule):
    errors = check_rule("registry", """
        2026-01-01 custom "donor" "D1" "company"
        2026-01-01 custom "donor" "D2" "individual"
          anonymous: "maybe"
        2026-01-01 custom "fund" "X" "restricted"
        2026-01-01 custom "case" "C9" "exited"
        2026-01-01 custom "case" "C8" "enrolled"
          unit: "市纺织工会"
          cause: "illness"
          household: 2.5
        2026-01-01 custom "receipt-void" 12
    """)
    assert len(errors) == 6
    assert "unknown kind 'company'" in errors[0]
    assert "anonymous must be one of" in errors[1]
    assert "Restricted fund X needs purpose" in errors[2]
    assert "C9 is exited before it was ever enrolled" in errors[3]
    assert "household must be a whole number" in errors[4]
    assert "receipt-void needs the receipt number" in errors[5]


def test_unclear_anonymity_is_treated_as_strictest(load_doc):
    entries, _, _ = load_doc("""
        2026-01-01 custom "donor" "D2" "individual"
          name: "李四"
          anonymous: "maybe"
    """)
    assert build_registry(entries).donors["D2"].letter_name is None


def test_a_misspelt_key_is_reported_and_a_misspelt_anonymity_still_honoured(check_rule, load_doc):
    """`anonymus: "all"` was read as no wish at all: the donor who asked to stay anonymous was
    named on the site. A key close to one relief reads is an error saying which was meant, and
    one that looks like `anonymous` keeps the donor anonymous everywhere until corrected; keys
    unlike any (email, wechat) are the centre's own and pass."""
    books = """
        2026-01-01 custom "donor" "D1" "individual"
          name: "李四"
          anonymus: "public"
        2026-01-01 custom "donor" "D2" "individual"
          name: "王五"
          anon: "all"
        2026-01-01 custom "donor" "D3" "individual"
          name: "赵六"
          dispaly: "赵先生"
          email: "zhao@example.org"
          wechat: "zhao6"
        2026-01-01 custom "fund" "EDU" "restricted"
          purpose: "Expenses:Aid:Education"
          ned: 2026-12-31
    """
    errors = check_rule("registry", books)
    assert len(errors) == 4, errors
    assert "Donor D1: unknown key anonymus: did you mean anonymous?" in errors[0]
    assert "Donor D2: unknown key anon: did you mean anonymous?" in errors[1]
    assert "Donor D3: unknown key dispaly: did you mean display?" in errors[2]
    assert "Fund EDU: unknown key ned: did you mean end?" in errors[3]
    donors = build_registry(load_doc(books)[0]).donors
    assert donors["D1"].public_name is None and donors["D1"].letter_name is None
    assert donors["D2"].public_name is None
    assert donors["D3"].public_name == "赵六"


def test_a_donor_without_a_name_is_reported(check_rule):
    """Without `name` or `display` the id stood in for them: the letter said "尊敬的D0004："
    and the site listed "D0004". A display name alone is the letter's name too; a donor
    anonymous even on letters needs none."""
    errors = check_rule("registry", """
        2026-01-01 custom "donor" "D0004" "individual"
          contact: "13800000000"
        2026-01-01 custom "donor" "D0005" "individual"
          name: "  "
          anonymous: "public"
        2026-01-01 custom "donor" "D0006" "individual"
          anonymous: "all"
        2026-01-01 custom "donor" "D0007" "individual"
          display: "秦先生"
    """)
    assert len(errors) == 2
    assert 'Donor D0004: no name: add name: "<legal name>"' in errors[0]
    assert "Donor D0005: no name" in errors[1]


def test_a_display_name_alone_is_the_letters_name(load_doc):
    entries, _, _ = load_doc("""
        2026-01-01 custom "donor" "D0007" "individual"
          display: "秦先生"
    """)
    assert build_registry(entries).donors["D0007"].letter_name == "秦先生"


def test_a_letter_language_other_than_zh_or_en_is_reported(check_rule, load_doc):
    """`language: "English"` gave a Chinese letter without a word."""
    errors = check_rule("registry", """
        2026-01-01 custom "donor" "D0006" "individual"
          name: "John Smith"
          language: "English"
        2026-01-01 custom "donor" "D0007" "individual"
          name: "Jane Smith"
          language: "en"
    """)
    assert len(errors) == 1
    assert 'Donor D0006: language must be "zh" or "en"' in errors[0] and "'English'" in errors[0]


def test_ids_are_letters_digits_dash_and_underscore(check_rule, load_doc):
    """A donor id "" or "D 9" passed: the letters refused it only when they were made
    (their files are named by it), and a case id is what a roster's 案例编号 column holds.
    A fund id may hold a space (the transparency log percent-encodes it,
    docs/verification.md), but may not be empty."""
    text = """
        2026-01-01 custom "donor" "" "individual"
          name: "李四"
        2026-01-01 custom "donor" "D 9" "individual"
          name: "王五"
        2026-01-01 custom "donor" "D_10-a" "individual"
          name: "赵六"
        2026-01-01 custom "fund" " " "unrestricted"
        2026-01-01 custom "fund" "SPRING 2026" "unrestricted"
        2026-01-01 custom "case" "" "enrolled"
          unit: "市纺织工会"
          cause: "illness"
          household: 1
        2026-01-01 custom "case" "张三" "enrolled"
          unit: "市纺织工会"
          cause: "illness"
          household: 1
    """
    errors = check_rule("registry", text)
    assert len(errors) == 5, errors
    assert "Donor id '': an id is made of ASCII letters, digits, - and _" in errors[0]
    assert "Donor id 'D 9'" in errors[1] and "no spaces" in errors[1]
    assert 'A fund needs an id and a kind' in errors[2]
    assert "Case id ''" in errors[3]
    assert "Case id '张三'" in errors[4] and "never a name" in errors[4]
    reg = build_registry(load_doc(text)[0])
    assert set(reg.donors) == {"D_10-a"} and set(reg.cases) == set()
    assert "SPRING 2026" in reg.funds


def test_donor_names_are_text(check_rule, load_doc):
    """`display: 7` made the site name the donor "7"."""
    text = """
        2026-01-01 custom "donor" "D1" "individual"
          name: 5
        2026-01-01 custom "donor" "D2" "individual"
          name: "李四"
          display: 7
          display_note: 2026-01-01
        2026-01-01 custom "donor" "D3" "individual"
          name: "王五"
          accounts: 6222020000001234
    """
    errors = check_rule("registry", text)
    assert len(errors) == 4, errors
    assert 'Donor D1: name must be text in quotes (name: "5"), not the number 5' in errors[0]
    assert 'Donor D2: display must be text in quotes (display: "7"), not the number 7' in errors[1]
    assert "Donor D2: display_note must be text" in errors[2] and "the date 2026-01-01" in errors[2]
    assert "Donor D3: accounts must be text" in errors[3]
    donor = build_registry(load_doc(text)[0]).donors["D2"]
    assert donor.public_name == "李四"  # never "7"


def test_case_cause_keys_and_enrolment(check_rule):
    """A case's cause is one of the listed ones; an enrolment states unit, cause and
    household (an adjustment only what changed; a re-enrolment may keep what was stated);
    a case carries only the listed keys: personal details live in private/cases.csv."""
    errors = check_rule("registry", """
        2026-01-01 custom "case" "C1" "enrolled"
          unit: "市纺织工会"
          cause: "boredom"
          household: 2
        2026-01-01 custom "case" "C2" "enrolled"
        2026-01-01 custom "case" "C3" "enrolled"
          unit: "市纺织工会"
          cause: "illness"
          household: 2
          name: "张三"
          note: "x"
        2026-02-01 custom "case" "C3" "adjusted"
          household: 3
        2026-03-01 custom "case" "C3" "exited"
          reason: "re-employed"
        2026-04-01 custom "case" "C3" "enrolled"
          cause: "disability"
        2026-01-01 custom "case" "C4" "enrolled"
          unit: 5
          cause: "other"
          household: 1
    """)
    assert len(errors) == 5, errors
    assert "Case C1: cause must be one of illness, disability, education, unemployment, disaster, other, not 'boredom'" in errors[0]
    assert "Case C2: enrolled without unit, cause, household" in errors[1]
    assert "Case C3: name is a personal detail: it belongs only in private/cases.csv" in errors[2]
    assert "Case C3: unknown key note: a case carries only unit, cause, household, reason" in errors[3]
    assert "Case C4: unit must be the reporting union's name in quotes" in errors[4] and "not the number 5" in errors[4]


def test_restricted_fund_purpose_is_opened_and_dates_in_order(check_rule):
    """`purpose: "Expenses:Nope"` let the fund pay nothing; an end before the start left it
    never open. Both were reported only at each use, if any. A parent account covers its
    children, so `Expenses:Aid` needs no open of its own."""
    errors = check_rule("registry", """
        2026-01-01 custom "fund" "NOPE" "restricted"
          purpose: "Expenses:Nope|Expenses:Aid:Education"
        2026-01-01 custom "fund" "AID" "restricted"
          purpose: "Expenses:Aid"
          start: 2026-02-01
          end: 2026-12-31
        2026-01-01 custom "fund" "BACK" "restricted"
          purpose: "Expenses:Aid:Education"
          start: 2026-08-01
          end: 2026-07-31
        2026-06-01 custom "fund" "LATE" "restricted"
          purpose: "Expenses:Aid:Education"
          end: 2026-05-31
        2026-01-01 custom "fund" "FREE" "unrestricted"
          end: 2026-12-31
    """)
    assert len(errors) == 3, errors
    assert errors[0].startswith("基金 NOPE：限定用途 Expenses:Nope 不是本账簿的科目")
    assert english(errors[0]).startswith("Fund NOPE: purpose Expenses:Nope is not an account of the books") and "open the account" in errors[0]
    assert "Fund BACK: end 2026-07-31 is before start 2026-08-01: correct the dates" in errors[1]
    assert "Fund LATE: end 2026-05-31 is before the day it is declared, 2026-06-01" in errors[2]


def test_a_name_that_shows_nothing_is_reported(check_rule):
    """A display of blanks or of invisible characters only (a zero-width space pasted from a
    form) put a line with no name and an amount on the honour roll."""
    errors = check_rule("registry", """
        2026-01-01 custom "donor" "D0001" "individual"
          name: "张三"
          display: "   "
        2026-01-01 custom "donor" "D0002" "individual"
          name: "李四"
          display: "\u200b\u200d"
        2026-01-01 custom "donor" "D0003" "individual"
          name: "\u200b"
        2026-01-01 custom "donor" "D0004" "individual"
          name: "王五"
          display: "  "
          anonymous: "public"
        2026-01-01 custom "donor" "D0005" "individual"
          name: "赵\u200b六"
    """)
    assert len(errors) == 4, errors
    assert "Donor D0001: display shows nothing" in errors[0]
    assert "Donor D0002: display shows nothing" in errors[1]
    assert "Donor D0003: no name" in errors[2]
    assert errors[3].startswith("警告：捐赠人 D0005：name '赵六' 含有看不见的字符（U+200B ZERO WIDTH SPACE）")
    assert english(errors[3]).startswith(
        "Warning: Donor D0005: name '赵六' contains invisible characters (U+200B ZERO WIDTH SPACE)")


def test_a_donor_name_is_read_without_invisible_characters_with_a_warning():
    """A zero-width space inside a donor's name ("张\u200b三") reached the site, the open data,
    the reports and the letters, another name than "张三" to a search, a spreadsheet or a
    reader's copy; only direction controls were removed. Every invisible format character
    now is, for the name, the display and the display note, with a warning naming the key
    and the characters (a warning: the books are not wrong, publish is not refused)."""
    from ledger.errors import is_warning
    from ledger.registry import build_registry

    entries, _, _ = loader.load_string("""
2026-01-01 custom "donor" "D0001" "individual"
  name: "张\u200b三"
  display: "张三\u2060 "
  display_note: "江\u00ad临"
2026-01-01 custom "donor" "D0002" "individual"
  name: "李四"
""")
    reg = build_registry(entries)
    donor = reg.donors["D0001"]
    assert (donor.name, donor.display, donor.meta["display_note"]) == ("张三", "张三", "江临")
    assert (donor.public_name, donor.letter_name) == ("张三", "张三")
    assert all(is_warning(e) for e in reg.errors) and len(reg.errors) == 3, reg.errors
    assert [english(e.message).split(" contains")[0] for e in reg.errors] == [
        "Warning: Donor D0001: name '张三'", "Warning: Donor D0001: display '张三'", "Warning: Donor D0001: display_note '江临'"]
    assert "U+2060 WORD JOINER" in reg.errors[1].message and reg.errors[0].source["lineno"] == 2


def test_a_donor_declared_twice_keeps_the_stricter_anonymity():
    """A donor who later asked not to be named, declared a second time with anonymous "all"
    instead of the first declaration being edited: the registry kept the first and the site
    published with --allow-errors named them. The error stands, and the stricter wish is
    honoured until one declaration is kept."""
    from ledger.registry import build_registry

    entries, _, _ = loader.load_string("""
2026-01-01 custom "donor" "D0001" "individual"
  name: "张三"
2026-03-01 custom "donor" "D0001" "individual"
  name: "张三"
  anonymous: "all"
2026-01-01 custom "donor" "D0002" "individual"
  name: "李四"
  anonymous: "public"
2026-03-01 custom "donor" "D0002" "individual"
  name: "李四"
""")
    reg = build_registry(entries)
    assert [english(e.message).split(":")[0] for e in reg.errors] == ["Donor D0001 is declared twice", "Donor D0002 is declared twice"]
    assert "the stricter anonymity of the two is honoured" in reg.errors[0].message
    assert (reg.donors["D0001"].anonymous, reg.donors["D0001"].public_name, reg.donors["D0001"].letter_name) == ("all", None, None)
    assert (reg.donors["D0002"].anonymous, reg.donors["D0002"].public_name) == ("public", None)


def test_a_display_that_shows_nothing_names_nobody_in_public():
    """A display of blanks, or of a zero-width space only, is an error; published anyway
    (--allow-errors), the donor is unnamed in public, never shown by the legal name the
    display was given in place of (the zero-width space, once read without it, fell back on
    the legal name)."""
    from ledger.registry import build_registry

    entries, _, _ = loader.load_string("""
2026-01-01 custom "donor" "D0001" "individual"
  name: "张三"
  display: "   "
2026-01-01 custom "donor" "D0002" "individual"
  name: "李四"
  display: "\u200b"
2026-01-01 custom "donor" "D0003" "individual"
  name: "王五"
""")
    reg = build_registry(entries)
    assert [english(e.message).split(":")[0] for e in reg.errors] == ["Donor D0001", "Donor D0002"]
    assert [reg.donors[d].public_name for d in ("D0001", "D0002", "D0003")] == [None, None, "王五"]
    assert reg.donors["D0002"].letter_name == "李四"


def test_a_donor_who_asks_not_to_be_named_after_their_declaration_was_closed_is_declared_again():
    """李公开 gave named in 2025 and asked in June 2026 not to be named any more. 2025 is
    closed, so the declaration of 2025 can no longer be edited (closed_period); the second
    declaration, the only way left, was an error ("keep one declaration"), and books with an
    error are not published: the site went on naming them, or stopped being published. A
    later declaration that asks for more anonymity than a first one sealed in a closed period
    is now no error, and honoured; one that asks for less, or one beside an open first
    declaration (which can be edited), is still an error."""
    from ledger.registry import build_registry

    entries, _, _ = loader.load_string("""
2025-01-01 custom "donor" "D0003" "individual"
  name: "李公开"
2025-01-01 custom "donor" "D0004" "individual"
  name: "赵隐"
  anonymous: "public"
2025-12-31 custom "period-close" "2025" "0000000000000000000000000000000000000000000000000000000000000000"
2026-01-01 custom "donor" "D0005" "individual"
  name: "钱开"
2026-06-01 custom "donor" "D0003" "individual"
  name: "李公开"
  anonymous: "public"
2026-06-01 custom "donor" "D0004" "individual"
  name: "赵隐"
2026-06-01 custom "donor" "D0005" "individual"
  name: "钱开"
  anonymous: "public"
""")
    reg = build_registry(entries)
    assert [english(e.message).split(":")[0] for e in reg.errors] == ["Donor D0004 is declared twice", "Donor D0005 is declared twice"]
    assert (reg.donors["D0003"].anonymous, reg.donors["D0003"].public_name) == ("public", None)
    assert reg.donors["D0004"].anonymous == "public"


def test_a_name_of_blank_letters_shows_nothing():
    """Characters that are no format character and no white space but show as a blank: the
    Braille blank (U+2800) and the Hangul fillers (U+3164, its half-width form U+FFA0,
    U+115F), the "blank name" of chat apps. A display of them passed relief check and put a
    line with no name and ¥300.00 on the honour roll (<th scope="row">⠀ㅤ</th>), and a name
    "张三" + U+3164 stood beside "张三" as another donor with nothing to tell them apart; they
    are blanks now, as spaces are."""
    from ledger.bidi import as_seen

    errors = []
    for i, blank in enumerate(("\u2800", "\u3164", "\uffa0", "\u115f\u1160", "\u2800 \u3164", "\u034f\ufe0f"), 1):
        errors += [english(e) for e in _registry_errors(f"""
2026-01-01 custom "donor" "D000{i}" "individual"
  name: "张三"
  display: "{blank}"
""")]
    assert [e.split(" (")[0] for e in errors] == [f"Donor D000{i}: display shows nothing" for i in range(1, 7)], errors
    reg = build_registry(loader.load_string('2026-01-01 custom "donor" "D0001" "individual"\n  name: "李四"\n  display: "\u3164"\n')[0])
    assert reg.donors["D0001"].public_name is None
    assert as_seen("张三\u3164") == as_seen("\u2800张三\ufe0f") == "张三"
    assert as_seen("Kim\u3164Lee") == "Kim Lee"


def _registry_errors(text: str) -> list[str]:
    return [e.message for e in build_registry(loader.load_string(text)[0]).errors]


def test_marks_piled_on_one_character_are_cut_with_a_warning():
    """A display with ninety combining marks on one character ("王" + U+0301 U+0308 U+030B
    thirty times + "五", Zalgo text) is one unbreakable cluster: on the honour roll it ran
    across the count and over the amount of its own line (¥700.00 unreadable), and marks
    drawn above stack over the lines before it. At most three marks on a character are
    shown, with a warning; a Vietnamese name written decomposed (two marks) is untouched."""
    from ledger.errors import is_warning

    piled = "王" + "\u0301\u0308\u030b" * 30 + "五"
    viet = "Nguye\u0302\u0303n"
    reg = build_registry(loader.load_string(f"""
2026-01-01 custom "donor" "D0001" "individual"
  name: "王五"
  display: "{piled}"
2026-01-01 custom "donor" "D0002" "individual"
  name: "{viet}"
""")[0])
    assert reg.donors["D0001"].public_name == "王\u0301\u0308\u030b五"
    assert reg.donors["D0002"].public_name == viet
    assert len(reg.errors) == 1 and is_warning(reg.errors[0]), reg.errors
    assert english(reg.errors[0].message).startswith("Warning: Donor D0001: display has 90 combining marks on one character")


def test_a_public_name_of_thousands_of_characters_is_warned_about():
    """A display of 2,000 characters (a name pasted over and over, an advertisement) passed
    relief check: the honour roll showed it whole, one line of the roll two and a half pages
    long in the annual report. A display (or, without one, a name) over 100 characters is
    now a warning; the longest company names pass."""
    from ledger.errors import is_warning

    long_name = "长" * 2000
    reg = build_registry(loader.load_string(f"""
2026-01-01 custom "donor" "D0001" "individual"
  name: "谭长桂"
  display: "{long_name}"
2026-01-01 custom "donor" "D0002" "enterprise"
  name: "{long_name}"
2026-01-01 custom "donor" "D0003" "enterprise"
  name: "Donaudampfschifffahrtselektrizitätenhauptbetriebswerkbauunterbeamtengesellschaft mbH"
2026-01-01 custom "donor" "D0004" "enterprise"
  name: "{long_name}"
  display: "长长"
""")[0])
    assert [english(e.message)[:60] for e in reg.errors] == [
        "Warning: Donor D0001: display has 2,000 characters: the hono",
        "Warning: Donor D0002: name has 2,000 characters: the honour "]
    assert all(is_warning(e) for e in reg.errors)
    assert reg.donors["D0001"].public_name == long_name  # shown as written: the centre decides


def test_a_fund_declared_in_a_closed_year_is_ended_by_declaring_it_again():
    """The 2026 government medical grant, declared on 2026-03-01 with no end, was spent and
    its rest moved to the General fund in February 2027, after 2026 was closed. Its end could
    be written nowhere: its declaration is in the closed year (an edit breaks the close) and a
    second declaration was an error ("Fund MEDICAL-GOV-2026 is declared twice"), so the fund
    stayed open on the site for ever. A declaration again in an open period, the same kind and
    purpose, with an `end`, now ends it; one that changes the kind or purpose, or beside a
    first declaration still open to editing, is still an error."""
    from ledger.registry import build_registry

    entries, _, _ = loader.load_string("""
2026-01-01 open Expenses:Aid:Medical
2026-01-01 open Expenses:Aid:Living
2026-03-01 custom "fund" "MED" "restricted"
  purpose: "Expenses:Aid:Medical"
2026-03-01 custom "fund" "LIV" "restricted"
  purpose: "Expenses:Aid:Living"
2026-12-31 custom "period-close" "2026" "0000000000000000000000000000000000000000000000000000000000000000"
2027-01-01 custom "fund" "NEW" "restricted"
  purpose: "Expenses:Aid:Living"
2027-02-26 custom "fund" "MED" "restricted"
  purpose: "Expenses:Aid:Medical"
  end: 2027-02-26
2027-02-26 custom "fund" "LIV" "restricted"
  purpose: "Expenses:Aid:Medical"
  end: 2027-02-26
2027-03-01 custom "fund" "NEW" "restricted"
  purpose: "Expenses:Aid:Living"
  end: 2027-03-01
""")
    reg = build_registry(entries)
    assert [english(e.message) for e in reg.errors] == ["Fund LIV is declared twice", "Fund NEW is declared twice"]
    assert reg.funds["MED"].end == datetime.date(2027, 2, 26) and reg.funds["MED"].date == datetime.date(2026, 3, 1)
    assert reg.funds["LIV"].end is None and reg.funds["NEW"].end is None


def test_a_fund_id_with_a_space_at_its_end_is_told_at_its_declaration(check_rule):
    """`custom "fund" "EDU-2026 " "restricted"` (a space left at the end in Notepad) was told
    only at each entry that names EDU-2026, as "Unknown fund 'EDU-2026': … use one of
    EDU-2026 , GENERAL", the space invisible in the list and the declaration not named."""
    errors = check_rule("registry", """
        2026-01-01 custom "fund" "EDU-2026 " "unrestricted"
        2026-01-01 custom "fund" " HOLIDAY" "unrestricted"
    """)
    assert len(errors) == 2, errors
    assert "'EDU-2026 '" in errors[0] and "空格" in errors[0] and 'custom "fund" "EDU-2026"' in errors[0], errors[0]
    assert "' HOLIDAY'" in errors[1], errors[1]
