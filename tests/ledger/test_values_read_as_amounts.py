"""A value beancount reads as an amount (`12.50 CNY`, a cell pasted into the wrong column)
where the rules expect text: beancount's Amount raises when compared with text, so one such
value stopped the whole rules bundle ("Error applying plugin" and a traceback in bean-check,
Fava and `relief check`, no rule run at all, Fava's audit pages answering 500). Each is now an
error on its own line, and the other rules still run."""

from __future__ import annotations

from tests.ledger.conftest import english


def test_registry_values_read_as_amounts(check_rule):
    errors = check_rule("rules", """
        2026-01-01 custom "donor" "D1" "individual"
          name: "张三"
          anonymous: 12.50 CNY
        2026-01-01 custom "case" "C1" "enrolled"
          unit: "市机械工会"
          cause: 12.50 CNY
          household: 2
        2026-01-01 custom "relief-option" 12.50 CNY "x"
        2026-02-01 * "no fund named"
          Assets:Bank:Basic   10.00 CNY
          Income:Union
    """)
    assert any(english(e).startswith("Donor D1: anonymous must be one of none, public, all") and "12.50 CNY" in e for e in errors), errors
    assert any("Case C1: cause must be one of" in e and "not 12.50 CNY" in e for e in errors), errors
    assert any("A relief-option needs a key" in e for e in errors), errors
    no_fund = "未写明基金：记入 Income:Union 的分录行不属于任何基金"
    assert any(e.startswith(no_fund) for e in errors), errors  # the other rules ran
    assert any("。 No fund: the posting to Income:Union" in e for e in errors), errors
    assert len(errors) == 4, errors


def test_relief_check_names_a_setting_whose_key_is_an_amount(tmp_path, monkeypatch):
    """`relief check` itself (its notes on the books' conventions) stopped on it with an
    internal error. (The load cache is off here: it reads the settings too, on its own.)"""
    from click.testing import CliRunner

    from cli import cli

    monkeypatch.setenv("RELIEF_PARSE_CACHE", "0")
    books = tmp_path / "books"
    assert CliRunner().invoke(cli, ["init", str(books), "--year", "2026"]).exit_code == 0
    with open(books / "settings.beancount", "a", encoding="utf-8") as fh:
        fh.write('\n2026-01-01 custom "relief-option" 12.50 CNY "x"\n')
    result = CliRunner().invoke(cli, ["check", str(books)])
    assert result.exit_code == 1 and "internal error" not in result.output, result.output
    assert 'settings.beancount:' in result.output and "A relief-option needs a key" in result.output
