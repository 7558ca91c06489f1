"""docs/importing.md stays true about refunds, sources of funds, reconciling the platform
balances and the dry run's money lines (#12): every term it puts in `code` exists in the
code, and the messages it quotes are the ones the dry run prints."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest

from importers.run import extract_files, load_importers, render
from ledger.books import load_books

from .support import REAL

ROOT = Path(__file__).resolve().parents[2]
DOC = (ROOT / "docs" / "importing.md").read_text(encoding="utf-8")
SECTIONS = DOC[DOC.index("### WeChat Pay and Alipay"):DOC.index("## Bad input")]
CODE = "".join(p.read_text(encoding="utf-8") for folder in ("importers", "ledger/reconcile")
               for p in sorted((ROOT / folder).glob("*.py"))) + (ROOT / "ledger" / "accounts.py").read_text(encoding="utf-8")

#: quoted words of the bills and examples: what in the code stands for them
STANDS_FOR = {
    "交易关闭": "关闭",
    "零钱提现": "提现",
    "零钱充值": "充值",
    "服务费¥0.10": "服务费",
    "转入零钱-来自…": "转入(零钱|余额)-?来自",
    "Assets:Online:*": 'ONLINE_ROOT = "Assets:Online"',
    'accounts={"1234": "Assets:Bank:Basic", "余额宝": "Assets:Online:Yuebao"}': "accounts: dict[str, str]",
    'funding: "中国银行(1234)"': '{"funding": record.funding}',
    "relief import --write": "statement_net",
    "HOOKS": "renumber_receipts",
    "alipay:2020…": "def qualified_ref(source",
    "2026033022001400001": "def _payment_ids",
    "2026033022001400001_2026040200001": "def _payment_ids",
    "repeats row 4 cell for cell, its id D1 included": "cell for cell, its id",
}
#: messages quoted from a dry run: checked against a real one below
QUOTED = {
    "row 12: 83.00 paid, refunded in full by row 11; both are booked",
}


def terms() -> list[str]:
    return sorted(set(re.findall(r"`([^`\n]+)`", SECTIONS)))


@pytest.mark.parametrize("term", terms())
def test_each_documented_term_is_in_the_code(term):
    if term in QUOTED:
        return
    if re.fullmatch(r"(wechat|alipay)/[^/]+\.(csv|xlsx)", term):  # a real bill: its golden test's input
        assert (ROOT / "tests" / "importers" / "real" / term).is_file(), f"docs/importing.md names {term}, which is not in tests/importers/real"
        return
    wanted = STANDS_FOR.get(term, term.split("…")[0].strip())
    assert wanted and wanted in CODE, f"docs/importing.md names `{term}` but the code has no {wanted!r}"


def test_the_quoted_refund_messages_are_what_the_dry_run_prints(tmp_path, books_template):
    root = tmp_path / "books"
    shutil.copytree(books_template, root)
    books = load_books(root)
    (result,) = extract_files(books, [REAL / "payments" / "alipay-pc-web-older.csv"], load_importers(root),
                              verify_summary=False)
    text = render([result])
    for message in QUOTED:
        assert message in text


def test_the_quoted_money_line_is_a_golden_one():
    line = re.search(r"^;; 金额 .*。 money .*$", SECTIONS, flags=re.M).group(0)
    golden = (Path(__file__).parent / "golden" / "wechat" / "wechat.csv.beancount").read_text(encoding="utf-8")
    assert line in golden.splitlines()
    for words in ("的金额不守恒", "ERROR money not conserved on", "ERROR: money not conserved, see above",
                  "linked to the same money already in the books (a card payment and the card's statement row)",
                  "linked to the same gift already in the books (a donation register row and the statement row)"):
        assert words in " ".join(SECTIONS.split()) and words in CODE
