"""A `document` entry moved out of inbox.beancount: the error names the path to write.

`relief import --write` files each statement under documents/ and writes its `document`
entry into inbox.beancount, whose comment (and docs/importing.md) says to move reviewed
entries into txns/<year>.beancount. A document's path is relative to the file that holds
the entry, so moved as it was, `documents/…` pointed into txns/documents/…: beancount's
`File does not exist` named only that path, and a finance officer who followed the
instruction could not tell what was wrong.
"""

from __future__ import annotations

from pathlib import Path

from ledger.books import load_books

MAIN = """option "operating_currency" "CNY"
option "documents" "documents"
2026-01-01 open Assets:Bank:Basic CNY
include "txns/*.beancount"
"""


def _books(tmp_path: Path, document_path: str) -> Path:
    (tmp_path / "main.beancount").write_text(MAIN, encoding="utf-8")
    statement = tmp_path / "documents" / "Assets" / "Bank" / "Basic" / "bank-20260331-icbc.csv"
    statement.parent.mkdir(parents=True)
    statement.write_text("交易日期,金额\n", encoding="utf-8")
    (tmp_path / "txns").mkdir()
    (tmp_path / "txns" / "2026.beancount").write_text(
        f'2026-03-31 document Assets:Bank:Basic "{document_path}"\n', encoding="utf-8"
    )
    return tmp_path / "main.beancount"


def _messages(main: Path) -> list[str]:
    return [str(e.message) for e in load_books(main).errors]


def test_an_entry_moved_into_txns_is_told_the_path_to_write(tmp_path):
    [message] = _messages(_books(tmp_path, "documents/Assets/Bank/Basic/bank-20260331-icbc.csv"))
    assert message.startswith("文件不存在：") and '。 File does not exist: "' in message and "txns/documents/Assets" in message
    assert 'write "../documents/Assets/Bank/Basic/bank-20260331-icbc.csv"' in message
    assert str(tmp_path / "documents" / "Assets" / "Bank" / "Basic" / "bank-20260331-icbc.csv") in message


def test_the_path_written_as_told_loads_without_error(tmp_path):
    assert _messages(_books(tmp_path, "../documents/Assets/Bank/Basic/bank-20260331-icbc.csv")) == []


def test_a_document_that_is_nowhere_keeps_beancounts_message(tmp_path):
    [message] = _messages(_books(tmp_path, "documents/Assets/Bank/Basic/lost.csv"))
    lost = tmp_path / "txns" / "documents/Assets/Bank/Basic/lost.csv"
    assert message == f'文件不存在：{lost}。 File does not exist: "{lost}"'  # Chinese first (ledger/beancount_messages.py)
