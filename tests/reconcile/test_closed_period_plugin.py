"""The closed_period rule alone, on docstring ledgers through the real loader."""

from __future__ import annotations

from ledger.closes.digest import books_root, digest_of_hashes, entry_hash
from ledger.closes.records import period_entries
from ledger.period import parse_period
from tests.ledger.conftest import BILINGUAL, english

LEDGER = """
plugin "ledger.plugins.closed_period"
2024-01-01 open Assets:Bank CNY
2024-01-01 open Income:Gifts CNY
2024-03-05 * "gift" #drive ^g1
  ref: "A1"
  Assets:Bank   10.00 CNY
  Income:Gifts
2024-03-06 * "gift"
  Assets:Bank   20.00 CNY
  Income:Gifts
2024-04-02 * "gift"
  Assets:Bank   30.00 CNY
  Income:Gifts
"""


def digest_for(load_doc, text: str, period: str = "2024-03", version: str = "v2") -> str:
    entries, errors, options = load_doc(text)
    assert errors == []
    return digest_of_hashes(entry_hash(e, books_root(options), version) for e in period_entries(entries, parse_period(period)))


def closed(text: str, digest: str, period: str = "2024-03", version: str | None = "v2") -> str:
    """The books with a close of `period`, as `relief close` writes it (version None: a close made before v2, with no `canonical:`)."""
    meta = f'\n  canonical: "{version}"' if version else ""
    return text + f'\n2024-03-31 custom "period-close" "{period}" "{digest}"{meta}\n'


def messages(load_doc, text: str) -> list[str]:
    """The errors (these closes are written by hand, without side files: the warning that
    each side file is missing is tests/reconcile/test_close.py's business)."""
    found = [str(e.message) for e in load_doc(text)[1] if type(e).__name__ != "RuleWarning"]
    for message in found:  # every message of the rule is Chinese first, then English
        assert BILINGUAL.match(message), message
    return found


def test_unchanged_period_passes_and_later_entries_are_free(load_doc):
    digest = digest_for(load_doc, LEDGER)
    assert messages(load_doc, closed(LEDGER, digest)) == []
    later = LEDGER.replace("30.00 CNY", "31.00 CNY") + '2024-04-03 * "more"\n  Assets:Bank  1.00 CNY\n  Income:Gifts\n'
    assert messages(load_doc, closed(later, digest)) == []


def test_every_kind_of_change_breaks_the_digest(load_doc):
    digest = digest_for(load_doc, LEDGER)
    changes = {
        "amount": ("10.00 CNY", "10.01 CNY"),
        "narration": ('2024-03-06 * "gift"', '2024-03-06 * "gift!"'),
        "flag": ('2024-03-06 * "gift"', '2024-03-06 ! "gift"'),
        "metadata": ('ref: "A1"', 'ref: "A2"'),
        "tag": ("#drive", "#other"),
        "link": ("^g1", "^g2"),
        "date within the period": ("2024-03-06 *", "2024-03-07 *"),
        "date out of the period": ("2024-03-06 *", "2024-04-06 *"),
        "added": ("2024-04-02 *", '2024-03-30 * "x"\n  Assets:Bank  1.00 CNY\n  Income:Gifts\n2024-04-02 *'),
        "account opened in the period": ("2024-01-01 open Income:Gifts CNY", "2024-01-01 open Income:Gifts CNY\n2024-03-02 open Assets:Cash CNY"),
    }
    for name, (old, new) in changes.items():
        assert old in LEDGER, name
        found = messages(load_doc, closed(LEDGER.replace(old, new), digest))
        assert len(found) == 1 and "Closed period 2024-03 has changed" in found[0], (name, found)
        assert "closes/2024-03.sha256 is missing" in found[0]


def test_formatting_and_order_are_no_change(load_doc):
    digest = digest_for(load_doc, LEDGER)
    reordered = LEDGER.replace(
        '2024-03-05 * "gift" #drive ^g1\n  ref: "A1"\n  Assets:Bank   10.00 CNY\n  Income:Gifts\n2024-03-06 * "gift"\n  Assets:Bank   20.00 CNY\n  Income:Gifts\n',
        '2024-03-06 * "gift"\n      Assets:Bank       20.00 CNY\n      Income:Gifts\n\n; a comment\n2024-03-05 * "gift" ^g1 #drive\n  ref: "A1"\n  Assets:Bank   10.00 CNY\n  Income:Gifts\n',
    )
    assert reordered != LEDGER
    assert messages(load_doc, closed(reordered, digest)) == []


def test_malformed_close_directives(load_doc):
    found = messages(load_doc, LEDGER + '2024-03-31 custom "period-close" "2024-13" "abc"\n2024-03-31 custom "period-close" "2024-03" "not-hex"\n2024-03-31 custom "period-close" "2024-03"\n')
    assert len(found) == 3
    assert "month 13 does not exist" in found[0]
    assert found[0].startswith("period-close：期间 '2024-13' 不可用：请写 2024-03（月）")
    assert "64 hexadecimal characters" in found[1]
    assert "needs the period and its digest" in found[2]


def test_numbers_by_value_in_v2_and_v1_seals_still_hold(load_doc):
    """Why: the seal hashed each number as typed, so `10.0 CNY` for `10.00 CNY` (a
    formatter aligning the books, an amount re-typed) broke a closed period that had not
    changed in value. v2 compares numbers by value; a close made in v1 is hashed in v1."""
    digest = digest_for(load_doc, LEDGER)
    retyped = LEDGER.replace("10.00 CNY", "10.0 CNY").replace("20.00 CNY", "20 CNY")
    assert messages(load_doc, closed(retyped, digest)) == []
    assert len(messages(load_doc, closed(LEDGER.replace("10.00 CNY", "10.01 CNY"), digest))) == 1
    old_seal = digest_for(load_doc, LEDGER, version="v1")
    assert old_seal != digest
    assert messages(load_doc, closed(LEDGER, old_seal, version=None)) == []  # a close made before v2 still holds
    assert messages(load_doc, closed(LEDGER, old_seal, version="v1")) == []
    assert len(messages(load_doc, closed(LEDGER.replace("10.00 CNY", "10.01 CNY"), old_seal, version=None))) == 1


def test_a_canonical_form_relief_does_not_know_is_named_on_the_close(load_doc):
    digest = digest_for(load_doc, LEDGER)
    found = messages(load_doc, closed(LEDGER, digest, version="v9"))
    assert found[0].startswith("period-close 2024-03：canonical 'v9' 不是 relief 认得的规范格式（v1, v2）")
    assert [english(m) for m in found] == ["period-close 2024-03: canonical 'v9' is not a canonical form relief knows (v1, v2); "
                     "write the one `relief close` wrote (see closes.beancount in the books' history)"]


def test_a_close_made_before_its_period_ended_is_named(load_doc):
    """Why: a closed_on before the period's last day (typed by hand, a clock set wrong)
    was accepted: the close claimed a period sealed before all its days had happened."""
    digest = digest_for(load_doc, LEDGER)
    found = messages(load_doc, closed(LEDGER, digest).replace('canonical: "v2"', 'canonical: "v2"\n  closed_on: 2024-03-15'))
    assert [english(m) for m in found] == ["period-close 2024-03: closed_on 2024-03-15 is before the period ended (2024-03-31): a period can only be "
                     "closed after its last day; write the day `relief close` ran (see closes.beancount in the books' history) as YYYY-MM-DD"]


def test_a_close_dated_outside_its_period_is_named(load_doc):
    digest = digest_for(load_doc, LEDGER)
    found = messages(load_doc, closed(LEDGER, digest).replace("2024-03-31 custom", "2024-05-31 custom"))
    assert [english(m) for m in found] == ["period-close 2024-03 is dated 2024-05-31, but a close is dated its period's last day (2024-03-31), as "
                     "`relief close` writes it: its date or its period was edited by hand; put back what `relief close` wrote "
                     "(see closes.beancount in the books' history)"]


def test_a_close_of_a_period_before_the_books_begin_is_named(load_doc):
    """Why: `relief close` refuses such a period, but a close of it typed by hand, with the
    digest of no entries, passed every load, and went into the public log for good."""
    empty = digest_of_hashes([])
    found = messages(load_doc, LEDGER + f'\n2023-12-31 custom "period-close" "2023-12" "{empty}"\n  canonical: "v2"\n')
    assert found == ["period-close 2023-12：2023-12 于 2023-12-31 结束，早于账簿的开始（2024-01-01，第一条 `open`）："
                     "这个期间没有可结账的内容；请删除这一行，除非账簿最早的分录被删掉了（见账簿的历史）。 "
                     "period-close 2023-12: 2023-12 ended on 2023-12-31, before the books begin (2024-01-01, their first `open`): "
                     "there is nothing of it to close; remove this line, unless the books' first entries were removed "
                     "(see the books' history)"]


QUERY = '2024-03-07 query "receipts" "\n  SELECT date, narration\n  WHERE account ~ \'^Income\'"\n'


def test_books_saved_with_windows_line_ends_are_no_change(load_doc):
    """A close made on books with LF line ends, then the books saved by Notepad or WPS (or checked
    out by git on Windows) with CRLF: a query's text, which spans lines, then held a carriage return
    at each line end, and every query dated in the closed period was reported as altered after the
    close ("undo the change"), though nothing anyone could see had changed."""
    text = LEDGER + QUERY
    digest = digest_for(load_doc, text)
    assert messages(load_doc, closed(text, digest).replace("\n", "\r\n")) == []
    changed = closed(text.replace("SELECT date", "SELECT date, payee"), digest).replace("\n", "\r\n")
    assert len(messages(load_doc, changed)) == 1


def test_a_close_made_on_books_with_windows_line_ends_still_holds(load_doc):
    """Closes made before line ends were read alike hashed a query's carriage returns: their
    books, still saved with CRLF (or saved again with LF), keep their seal."""
    text = (LEDGER + QUERY).replace("\n", "\r\n")
    entries, errors, options = load_doc(text)
    assert errors == []
    digest = digest_of_hashes(entry_hash(e, books_root(options), "v2", line_ends_as_read=True)
                              for e in period_entries(entries, parse_period("2024-03")))
    assert messages(load_doc, closed(text, digest).replace("\n", "\r\n").replace("\r\r", "\r")) == []
