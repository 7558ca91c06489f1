"""Fixtures for rule tests: a docstring ledger, loaded with one rule through a plugin line."""

from __future__ import annotations

import re
import textwrap

import pytest

#: Chinese first (a Chinese character in its first sentence), a 。 (or ？/！), one space, then
#: the English part as the rules have always written it.
BILINGUAL = re.compile(r"[^。？！]*[\u4e00-\u9fff].*?[。？！] \S", re.S)


def english(message: str) -> str:
    """The English part of a rule's bilingual message (what follows the Chinese part's 。)."""
    return message.split("。 ", 1)[1]


#: The chart of accounts every rule test starts from (the books' conventions, docs/books.md).
CHART = """
2026-01-01 open Assets:Bank:Basic CNY
2026-01-01 open Assets:Cash CNY
2026-01-01 open Assets:Goods "FIFO"
2026-01-01 open Equity:Opening-Balances CNY
2026-01-01 open Equity:FundTransfers CNY
2026-01-01 open Income:Union CNY
2026-01-01 open Income:Government CNY
2026-01-01 open Income:Donation:Enterprise CNY
2026-01-01 open Income:Donation:Individual CNY
2026-01-01 open Income:Donation:InKind CNY
2026-01-01 open Income:Interest CNY
2026-01-01 open Expenses:Aid:Living CNY
2026-01-01 open Expenses:Aid:Medical CNY
2026-01-01 open Expenses:Aid:Education CNY
2026-01-01 open Expenses:Aid:Goods CNY
2026-01-01 open Expenses:Operations:BankFees CNY
2026-01-01 commodity RICE
2026-01-01 custom "fund" "GENERAL" "unrestricted"
2026-01-01 custom "fund" "EDU-2026" "restricted"
  purpose: "Expenses:Aid:Education"
"""


@pytest.fixture
def check_rule(load_doc):
    """Load `text` after the standard chart with `plugin "ledger.plugins.<rule>"`; return error messages.

    Errors that beancount itself raises (not the rule) fail the test, so a typo in a test
    ledger cannot pass for a rule error.
    """

    def run(rule: str, text: str) -> list[str]:
        doc = f'option "operating_currency" "CNY"\nplugin "ledger.plugins.{rule}"\n{CHART}\n{textwrap.dedent(text)}'
        entries, errors, _ = load_doc(doc)
        foreign = [e for e in errors if type(e).__name__ not in ("RuleError", "RuleWarning")]
        assert not foreign, [e.message for e in foreign]
        for error in errors:
            assert error.source and error.source.get("lineno"), f"error without a line: {error.message}"
        for error in errors:  # every rule says it in both languages (ledger.errors.bilingual)
            assert BILINGUAL.match(error.message), f"not Chinese, then English: {error.message}"
        return [e.message for e in errors]

    return run
