"""An import_config.py holding values of the wrong kind is named as the config's fault.

Found by fuzzing the config (fuzzH): a CONFIG list holding something that is not an
importer (`None`, a profile dict put in CONFIG instead of in `profiles=[…]`), a profile
column given as a number (`"date": 5`), a payer rule that is no regular expression
(`"("`) and options of the wrong kind (`wechat_account=7`, `link_window_days=-5`) were all
taken as they were and failed inside the first file's import as relief's internal error
("please report them"), with no word of import_config.py."""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from cli import cli
from importers.profiles import ProfileError, profile_from_dict

STATEMENT = "交易日期,摘要,收入金额,支出金额,余额\n2026-03-05,捐款,100.00,,100.00\n"
HEAD = "from importers.config import importers_for_books\n"
CONFIGS = {
    "not an importer": ("CONFIG = [None]\n", "item 1 of CONFIG is NoneType"),
    "a profile in CONFIG": ("CONFIG = [{'id': 'mybank'}]\n", "item 1 of CONFIG is dict"),
    "a column as a number": (
        HEAD + "CONFIG = importers_for_books(__file__, profiles=[{'id': 'x', 'sign': 'signed', "
        "'columns': {'date': 5, 'amount': '金额'}}])\n",
        "column 'date' must be a header text",
    ),
    "an option of the wrong kind": (
        HEAD + "CONFIG = importers_for_books(__file__, wechat_account=7)\n",
        "wechat_account must be an account name",
    ),
    "a negative window": (
        HEAD + "CONFIG = importers_for_books(__file__, link_window_days=-5)\n",
        "link_window_days must be a whole number of days, 0 or more",
    ),
    "an account number as a number": (
        HEAD + "CONFIG = importers_for_books(__file__, accounts={1234: 'Assets:Bank:Basic'})\n",
        "the account number 1234 must be written as text",
    ),
    "a payer rule not a pattern": (
        HEAD + "CONFIG = importers_for_books(__file__, payer_rules={'(': 'Income:Government'})\n",
        "payer_rules: '(' is not a valid regular expression",
    ),
}


@pytest.mark.parametrize("name", CONFIGS)
def test_a_bad_config_is_named_not_an_internal_error(books, tmp_path, name):
    text, said = CONFIGS[name]
    (books / "import_config.py").write_text(text, encoding="utf-8")
    statement = tmp_path / "s.csv"
    statement.write_text(STATEMENT, encoding="utf-8")
    result = CliRunner().invoke(cli, ["import", str(books), str(statement)])
    assert not isinstance(result.exception, Exception) or isinstance(
        result.exception, SystemExit
    ), result.exception
    assert result.exit_code == 1, result.output
    assert "import_config.py" in result.output and said in result.output, result.output


@pytest.mark.parametrize(
    "spec, said",
    [
        (
            {"columns": {"date": "日期", "amount": ["金额", 3]}},
            "column 'amount' must be a header text",
        ),
        ({"columns": {"date": "日期", "amount": "金额", "memo": ["摘要", ["附言", "备注"]]}}, None),
        (
            {"columns": {"date": "日期", "amount": "金额"}, "date_format": 5},
            "date_format must be text",
        ),
        (
            {"columns": {"date": "日期", "amount": "金额"}, "invert": "yes"},
            "invert must be True or False",
        ),
        (
            {"columns": {"date": "日期", "amount": "金额"}, "encoding": "gbk2"},
            "encoding 'gbk2' is not one Python knows",
        ),
        ({"columns": {"date": "日期", "amount": "金额"}, "currency": 5}, "currency must be text"),
    ],
)
def test_profile_values_of_the_wrong_kind_are_refused_naming_the_key(spec, said):
    spec = {"id": "mybank", "sign": "signed", **spec}
    if said is None:
        assert profile_from_dict(spec).id == "mybank"  # a memo's alternatives nest one level
        return
    with pytest.raises(ProfileError, match=said):
        profile_from_dict(spec)
