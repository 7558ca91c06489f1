"""A leading apostrophe, the text marker a cell typed as '王小明 or '6222… in Excel or WPS keeps
when the sheet is saved as CSV by hand, is not part of the cell.

Why: the payer of the real WeChat Pay bill's 微信红包 of 0.35, written '王小明, was proposed as a
new donor named '王小明, apostrophe and all, beside the 王小明 already in the registry."""

from __future__ import annotations

from pathlib import Path

from beancount.core import data

from importers.reading import clean_cell
from importers.run import extract_files, load_importers
from ledger.books import load_books

REAL = Path(__file__).parent / "real" / "wechat" / "wechat.csv"


def test_a_payer_behind_an_apostrophe_is_named_without_it(books, tmp_path):
    text = REAL.read_text(encoding="utf-8").replace(",微信红包,同性好友,", ",微信红包,'王小明,")
    path = tmp_path / "wechat.csv"
    path.write_text(text, encoding="utf-8")
    loaded = load_books(books)
    (result,) = extract_files(loaded, [path], load_importers(loaded.root), verify_summary=False)
    assert result.problem is None, result.problem
    gift = next(e for e in result.entries if isinstance(e, data.Transaction) and "小明" in (e.payee or ""))
    assert gift.payee == "王小明"
    assert gift.meta.get("proposed_donor", gift.meta["donor"]) == "D0002"  # the registry's 王小明
    assert not any("王小明" in e.meta.get("name", "") for e in result.entries if isinstance(e, data.Custom))


def test_only_one_leading_apostrophe_goes():
    assert clean_cell("'6222020000000000") == "6222020000000000"
    assert clean_cell(" '王小明 ") == "王小明"
    assert clean_cell("''引号") == "'引号"  # a second one was typed as part of the text
    assert clean_cell("O'Brien") == "O'Brien"
    assert clean_cell("王小明") == "王小明"
