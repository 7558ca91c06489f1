"""Names that a spreadsheet would run as a formula: a warning, not an error.

Donor display names, fund names, and the display names of accounts and goods reach the open
data's CSV files. A name that starts with `=`, `+`, `-`, `@`, a tab or a carriage return is a
formula to Excel or WPS (CSV injection). The publisher neutralises such cells (a single quote
in front, as OWASP advises), so the file is safe either way; this rule points at the name so
that a person can see whether it was meant:

    2026-01-01 custom "donor" "D0009" "enterprise"
      name: "某公司"
      display: "=HYPERLINK(\"http://x\",\"y\")"   ; Warning: ... starts with "="

Reported as a `RuleWarning` (ledger/errors.py): bean-check and Fava list it with the errors
("警告：… Warning: ..." with file and line); `relief check` prints it as a warning and does not fail,
and `relief publish` is not refused for it.
"""

from __future__ import annotations

from beancount.core import data

from ledger.errors import RuleWarning, bilingual
from ledger.plugin_options import reads_no_options
from ledger.spreadsheets import FORMULA_STARTS

__plugins__ = ("check_spreadsheet_names",)

#: it reads the registry, the accounts and the commodities, no transaction (ledger/rules_appended.py)
READS_TRANSACTIONS = ()

_DONOR_KEYS = ("display", "name", "display_note")
_NAME_KEYS = ("name_zh", "name_en")


def _shown(char: str) -> str:
    return {"\t": "a tab", "\r": "a carriage return"}.get(char, f'"{char}"')


def _shown_zh(char: str) -> str:
    return {"\t": "制表符", "\r": "回车符"}.get(char, f'"{char}"')


#: what carries the name, in Chinese, by the word _check's `what` starts with
_WHAT_ZH = {"donor": "捐赠人", "fund": "基金", "account": "科目", "goods": "物资"}


def _check(entry, what: str, key: str, value, out: list) -> None:
    if isinstance(value, str) and value.startswith(FORMULA_STARTS):
        out.append(RuleWarning(
            entry.meta,
            bilingual(f"警告：{_what_zh(what)} {key} {value!r} 以 {_shown_zh(value[0])} 开头，"
                      "电子表格会把它当作公式执行；"
                      "公开数据在它前面加 ' 显示（防 CSV 注入）。除非本意如此，请修改名称",
                      f"Warning: {what} {key} {value!r} starts with {_shown(value[0])}, "
                      "which a spreadsheet runs as a formula; "
                      "the open data shows it with a ' in front (CSV injection). "
                      "Change the name unless it is meant"),
            entry,
        ))


def _what_zh(what: str) -> str:
    """"donor D0009" as "捐赠人 D0009" (and fund, account, goods alike)."""
    word, _, ident = what.partition(" ")
    return f"{_WHAT_ZH.get(word, word)} {ident}"


@reads_no_options
def check_spreadsheet_names(entries, options_map, config=None):
    """The rule as a beancount plugin: a warning for each donor or fund name a spreadsheet would run as a formula."""
    warnings: list[RuleWarning] = []
    for entry in entries:
        meta = entry.meta or {}
        if isinstance(entry, data.Custom) and entry.type in ("donor", "fund") and entry.values:
            ident = entry.values[0].value
            if entry.type == "donor":
                # the name reaches the site only when there is no display name
                keys = ("display", "display_note") if meta.get("display") else _DONOR_KEYS
                for key in keys:
                    _check(entry, f"donor {ident}", key, meta.get(key), warnings)
            else:
                for key in _NAME_KEYS:
                    _check(entry, f"fund {ident}", key, meta.get(key), warnings)
        elif isinstance(entry, data.Open):
            for key in _NAME_KEYS:
                _check(entry, f"account {entry.account}", key, meta.get(key), warnings)
        elif isinstance(entry, data.Commodity):
            for key in _NAME_KEYS:
                _check(entry, f"goods {entry.currency}", key, meta.get(key), warnings)
    return entries, warnings
