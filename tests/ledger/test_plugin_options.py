"""An option string on a relief plugin line is an error at that line, never ignored.

`plugin "ledger.plugins.rules" "skip=date_gap"` loaded as if the string were not there: every
rule still ran, and nothing told the centre that what it meant to switch off was not.
No relief plugin reads an option string.
"""

from __future__ import annotations

import pytest

from ledger.plugins.rules import RULES
from tests.ledger.conftest import CHART

RULE_MODULES = sorted(rule.__module__.rsplit(".", 1)[1] for rule in RULES)


def _load(load_doc, plugin_line: str):
    doc = f'option "operating_currency" "CNY"\n\n{plugin_line}\n{CHART}'
    return load_doc(doc)


def test_an_option_string_on_the_bundle_is_an_error_at_its_line(load_doc, tmp_path):
    _, errors, _ = _load(load_doc, 'plugin "ledger.plugins.rules" "skip=date_gap"')
    assert len(errors) == 1, [e.message for e in errors]
    error = errors[0]
    assert error.source == {"filename": str(tmp_path / "main.beancount"), "lineno": 3}
    assert '"skip=date_gap"' in error.message
    assert "takes no options" in error.message
    assert "every rule still runs" in error.message
    assert "remove" in error.message.lower()
    assert error.message.startswith('plugin "ledger.plugins.rules" 不接受选项，却给了 "skip=date_gap"')


@pytest.mark.parametrize("rule", RULE_MODULES)
def test_an_option_string_on_a_single_rule_is_an_error_too(load_doc, rule):
    _, errors, _ = _load(load_doc, f'plugin "ledger.plugins.{rule}" "strict"')
    said = [e for e in errors if '"strict"' in e.message]
    assert len(said) == 1, [e.message for e in errors]
    assert said[0].source["lineno"] == 3
    assert f"ledger.plugins.{rule}" in said[0].message and "takes no options" in said[0].message


def test_without_an_option_string_nothing_is_said(load_doc):
    _, errors, _ = _load(load_doc, 'plugin "ledger.plugins.rules"')
    assert errors == []


def test_the_line_is_found_among_several_plugin_lines(load_doc):
    doc = (
        'option "operating_currency" "CNY"\n'
        'plugin "ledger.plugins.date_gap"\n'
        'plugin "ledger.plugins.aid_case"   "x=1"  ; a comment\n'
        f'{CHART}'
    )
    _, errors, _ = load_doc(doc)
    assert [(e.source["lineno"], "ledger.plugins.aid_case" in e.message) for e in errors] == [(3, True)]
