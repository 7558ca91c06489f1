"""Names a spreadsheet would run as a formula are warned about, with file and line."""

from __future__ import annotations

import subprocess
import sys
from pathlib import Path

from ledger.books import load_books
from ledger.errors import RuleWarning


def test_formula_names_are_warnings(check_rule):
    warnings = check_rule("spreadsheet_names", """
        2026-01-01 custom "donor" "D1" "enterprise"
          name: "某公司"
          display: "=HYPERLINK(\\"http://x\\",\\"y\\")"
        2026-01-01 custom "donor" "D2" "individual"
          name: "@张三"
        2026-01-01 custom "donor" "D3" "individual"
          name: "-李四"
          display: "李四"
        2026-01-01 custom "fund" "F1" "unrestricted"
          name_zh: "+专项"
          name_en: "\\tTabbed fund"
        2026-01-01 open Expenses:Aid:Legal CNY
          name_zh: "-法律援助"
        2026-01-01 commodity OIL
          name_en: "=oil"
    """)
    assert len(warnings) == 6, warnings
    assert all(w.startswith("警告：") and "。 Warning: " in w and "formula" in w for w in warnings)
    assert "警告：捐赠人 D1 display '=HYPERLINK" in "\n".join(warnings)
    text = "\n".join(warnings)
    assert "donor D1 display '=HYPERLINK" in text and 'starts with "="' in text
    assert "donor D2 name '@张三'" in text
    assert "D3" not in text  # its legal name never reaches the site: it has a display name
    assert "fund F1 name_zh '+专项'" in text and "starts with a tab" in text
    assert "account Expenses:Aid:Legal name_zh" in text and "goods OIL name_en" in text


def test_ordinary_names_pass(check_rule):
    assert check_rule("spreadsheet_names", """
        2026-01-01 custom "donor" "D1" "enterprise"
          name: "某某机械制造有限公司"
          display: "某某机械 (A=B)"
        2026-01-01 custom "fund" "F1" "unrestricted"
          name_zh: "一般基金 -2026"
    """) == []


def test_warnings_are_kept_apart_from_errors(tmp_path):
    """load_books puts them in Books.warnings: the books are not wrong, publish is not refused;
    bean-check lists them with file and line (it has no warning level)."""
    books = tmp_path / "main.beancount"
    books.write_text(
        'option "operating_currency" "CNY"\nplugin "ledger.plugins.rules"\n'
        '2026-01-01 custom "fund" "GENERAL" "unrestricted"\n'
        '2026-01-01 custom "donor" "D1" "enterprise"\n  display: "=1+1"\n',
        encoding="utf-8",
    )
    loaded = load_books(books)
    assert loaded.errors == []
    assert [type(w) for w in loaded.warnings] == [RuleWarning]
    assert loaded.warnings[0].source["lineno"] == 4
    bean_check = Path(sys.executable).with_name("bean-check")
    run = subprocess.run([str(bean_check), str(books)], capture_output=True, text=True)
    assert f"{books}:4:" in run.stdout + run.stderr and "Warning: donor D1 display" in run.stdout + run.stderr
    relief = Path(sys.executable).with_name("relief")
    run = subprocess.run([str(relief), "check", str(books)], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Warning: donor D1" in run.stderr and "0 errors, 1 warning" in run.stderr
