"""beancount's own messages, as `relief check` (and Fava, and close / reconcile) tell them,
speak Chinese first like the rules (ledger.errors.bilingual).

A transaction that did not balance, an account not opened, a syntax error were listed in
English only, between the rules' Chinese messages, for finance officers who read Chinese.
They now start with what happened and what to do in Chinese; beancount's English follows,
unchanged.
"""

from __future__ import annotations

from click.testing import CliRunner

from cli import cli
from ledger.init_books import init_books

WRONG = """
2026-03-02 * "x" "y"
  fund: "GENERAL"
  Assets:Bank:Basic          500.00 CNY
  Income:Union              -400.00 CNY

2026-03-03 * "x" "y"
  fund: "GENERAL"
  Assets:Nope   1.00 CNY
  Income:Union

2025-12-30 * "x" "y"
  fund: "GENERAL"
  Assets:Bank:Basic          1.00 CNY
  Income:Union

2026-03-04 * "bad syntax
"""


def test_beancount_errors_are_told_in_chinese_first(tmp_path):
    books = tmp_path / "books"
    init_books(books, name_zh="测试", name_en="Test", year=2026)
    with (books / "txns" / "2026.beancount").open("a", encoding="utf-8") as fh:
        fh.write(WRONG)
    result = CliRunner().invoke(cli, ["check", str(books)])
    assert result.exit_code == 1
    lines = result.output.splitlines()

    def line(english: str) -> str:
        return next(x for x in lines if english in x)

    assert "交易借贷不平衡，差额 100.00 CNY" in line("Transaction does not balance: (100.00 CNY)")
    assert "账户 Assets:Nope 未开设" in line("Invalid reference to unknown account 'Assets:Nope'")
    assert "账户 Assets:Bank:Basic 在该日期未启用" in line("Invalid reference to inactive account 'Assets:Bank:Basic'")
    assert "语法错误" in line("Invalid token")
    for english in ("Transaction does not balance", "Invalid reference to unknown account", "Invalid token"):
        zh, _, en = line(english).partition("。 ")
        assert en.startswith(english), line(english)  # Chinese first, beancount's English after it


def _check_appended(tmp_path, text: str) -> list[str]:
    books = tmp_path / "books"
    init_books(books, name_zh="测试", name_en="Test", year=2026)
    with (books / "txns" / "2026.beancount").open("a", encoding="utf-8") as fh:
        fh.write(text)
    result = CliRunner().invoke(cli, ["check", str(books)])
    assert result.exit_code == 1
    return result.output.splitlines()


def test_an_amount_with_commas_in_the_wrong_places_is_told_in_chinese(tmp_path):
    """`1,0000.00 CNY` (grouped by 万, as Chinese amounts are read) or `171,05 CNY` (a decimal
    comma) was beancount's bare `ValueError: Invalid number format: '1,0000.00'`, in English,
    saying nothing of what to write instead; the transaction was left out of the books."""
    lines = _check_appended(tmp_path, """
2026-03-02 * "x" "y"
  fund: "GENERAL"
  Assets:Bank:Basic          1,0000.00 CNY
  Income:Union
""")
    told = next(x for x in lines if "Invalid number format: '1,0000.00'" in x)
    zh, _, en = told.partition("。 ")
    assert "金额 1,0000.00 的写法" in zh and "10000.00" in zh, told
    assert en.startswith("ValueError: Invalid number format"), told


def test_full_width_digits_and_punctuation_are_named_with_their_half_width_form(tmp_path):
    """An amount or a date typed with a Chinese input method (１００．００, ２０２６－０３－１５, receipt：)
    was told as a bare syntax error ("check the quotes, indentation, dates and amounts"), with
    nothing saying that the digits themselves were the wrong characters."""
    lines = _check_appended(tmp_path, """
2026-03-02 * "x" "y"
  fund: "GENERAL"
  Assets:Bank:Basic          １００．００ CNY
  Income:Union

２０２６－０３－１５ * "x" "y"
  fund: "GENERAL"
  Assets:Bank:Basic          100.00 CNY
  Income:Union
""")
    amount = next(x for x in lines if "Invalid token: '１００．００'" in x)
    assert "全角" in amount and "100.00" in amount.partition("。 ")[0], amount
    date = next(x for x in lines if "Invalid token: '２０２６－０３－１５'" in x)
    assert "全角" in date and "2026-03-15" in date.partition("。 ")[0], date


def test_a_full_width_or_no_break_space_in_a_line_is_named(tmp_path):
    """A posting indented with full-width spaces (U+3000, a Chinese input method's space) or an
    amount after a no-break space (U+00A0, copied from WPS or a web page) was a bare "syntax
    error, unexpected ACCOUNT" or "Invalid token: '.00'": the spaces look like spaces, and
    nothing said that they were what beancount could not read."""
    lines = _check_appended(tmp_path, """
2026-03-02 * "x" "y"
  fund: "GENERAL"
\u3000\u3000Assets:Bank:Basic          100.00 CNY
  Income:Union

2026-03-03 * "x" "y"
  fund: "GENERAL"
  Assets:Bank:Basic\u00a0100.00 CNY
  Income:Union
""")
    ideographic = next(x for x in lines if "U+3000" in x)
    assert "全角空格" in ideographic and "半角空格" in ideographic, ideographic
    no_break = next(x for x in lines if "U+00A0" in x)
    assert "不间断空格" in no_break, no_break
    assert not any(x for x in lines if "unexpected ACCOUNT" in x and "U+3000" not in x), lines


def test_a_blank_line_inside_an_entry_is_named(tmp_path):
    """A blank line left between a transaction's postings (for readability, in Notepad) ends
    the entry in beancount: the next posting was "syntax error, unexpected INDENT", and the
    transaction left with one posting "does not balance"; nothing said the blank line was it."""
    lines = _check_appended(tmp_path, """
2026-03-02 * "x" "y"
  fund: "GENERAL"
  Assets:Bank:Basic          100.00 CNY

  Income:Union             -100.00 CNY
""")
    told = next(x for x in lines if "unexpected INDENT" in x)
    assert "空行" in told.partition("。 ")[0] and "blank line" in told, told


def test_a_byte_order_mark_inside_a_file_is_named(tmp_path):
    """Text pasted from a file saved by Notepad brings its byte-order mark (U+FEFF) into the
    middle of another: "Invalid token: '\ufeff2026-03-02'" looked like a valid date."""
    lines = _check_appended(tmp_path, """
\ufeff2026-03-02 * "x" "y"
  fund: "GENERAL"
  Assets:Bank:Basic          100.00 CNY
  Income:Union             -100.00 CNY
""")
    told = next(x for x in lines if "Invalid token" in x)
    assert "U+FEFF" in told, told


def test_chinese_quotation_marks_are_named_with_the_ones_to_type(tmp_path):
    """A Chinese input method types “” for the quotes (fund: “GENERAL”): a bare syntax error."""
    lines = _check_appended(tmp_path, """
2026-03-02 * "x" "y"
  fund: “GENERAL”
  Assets:Bank:Basic          100.00 CNY
  Income:Union             -100.00 CNY
""")
    told = next(x for x in lines if "Invalid token: '“GENERAL”'" in x)
    assert "全角" in told and '"GENERAL"' in told.partition("。 ")[0], told


def test_an_account_typed_wrong_names_the_opened_account_it_is_closest_to(tmp_path):
    """`Expenses:Aid:Livng` (a letter left out) or `Income:Donation:Enterprize` was "account not
    opened: open it in accounts.beancount, or correct the name", without saying which name: a
    newcomer opened the misspelt account, and the aid went to a category of its own. The
    message now names the opened account closest to it, in both languages; a name like none
    of them gets no guess."""
    lines = _check_appended(tmp_path, """
2026-03-02 * "x" "y"
  fund: "GENERAL"
  Assets:Bank:Basic                -800.00 CNY
  Expenses:Aid:Livng                800.00 CNY

2026-03-03 * "x" "y"
  fund: "GENERAL"
  Assets:Bank:Basic                 500.00 CNY
  Income:Donation:Enterprize

2026-03-04 * "x" "y"
  fund: "GENERAL"
  Assets:Bank:Basic                  -5.00 CNY
  Expenses:Travel:Taxi
""")
    told = next(x for x in lines if "unknown account 'Expenses:Aid:Livng'" in x)
    zh, _, en = told.partition("。 ")
    assert "是否应为 Expenses:Aid:Living" in zh and en.endswith("did you mean Expenses:Aid:Living?"), told
    told = next(x for x in lines if "unknown account 'Income:Donation:Enterprize'" in x)
    assert "是否应为 Income:Donation:Enterprise" in told and "did you mean Income:Donation:Enterprise?" in told, told
    told = next(x for x in lines if "unknown account 'Expenses:Travel:Taxi'" in x)
    assert "是否应为" not in told and "did you mean" not in told, told


def test_a_key_typed_wrong_is_named_in_the_missing_key_message(tmp_path):
    """`donr:`, `recipt:`, `aproval:`, `fnd:` typed for donor, receipt, approval and fund were
    told "Donation without a donor: add donor: …" and the like: the newcomer had written the
    key and did not see it was misspelt. The message now names the key on the entry."""
    lines = _check_appended(tmp_path, """
2026-03-04 * "某某" "捐款"
  fnd: "GENERAL"
  donr: "ANON"
  recipt: "JZ-2026-00001"
  Assets:Bank:Basic          500.00 CNY
  Income:Donation:Individual

2026-03-06 * "特困救助"
  fund: "GENERAL"
  aproval: "SP-2026-0001"
  Expenses:Aid:Living          800.00 CNY
  Assets:Bank:Basic
""")
    for wrong, right in (("donr", "donor"), ("recipt", "receipt"), ("aproval", "approval"), ("fnd", "fund")):
        told = next(x for x in lines if f"{wrong}:" in x)
        zh, _, en = told.partition("。 ")
        assert f"分录上写的 {wrong}: 是否为 {right}: 的笔误" in zh and f"the entry has {wrong}:, a misspelling of {right}:?" in en, told
    told = next(x for x in lines if "names no case" in x)
    assert "misspelling" not in told, told
    lines = _check_appended(tmp_path / "again", """
2026-03-06 * "特困救助"
  fund: "GENERAL"
  approval: "SP-2026-0001"
  Expenses:Aid:Living          800.00 CNY
    cse: "C0001"
  Assets:Bank:Basic
""")
    told = next(x for x in lines if "names no case" in x)
    assert "the entry has cse:, a misspelling of case:?" in told and "分录上写的 cse: 是否为 case: 的笔误" in told, told
