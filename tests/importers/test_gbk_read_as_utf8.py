"""GBK text whose bytes happen to be valid UTF-8 is not read as UTF-8 nonsense.

UTF-8 is tried first (it is strict, so a Chinese file in GBK almost never passes). But some
GBK characters are byte pairs UTF-8 reads too: 摘要 (D5 AA D2 AA) is 'ժҪ' in UTF-8, 医院 'ҽԺ',
学校 'ѧУ'. A short file whose only Chinese is such words (an export with English column names
but for 摘要, a memo column of 支取) was read as UTF-8, its memos and payers booked as
Armenian and Cyrillic letters. charset-normalizer and chardet (both in the venv) call such
files UTF-8 too. Now, when the UTF-8 reading holds no Chinese and the GBK reading is all
Chinese: if the GBK reading holds a statement's words (摘要, 日期, 金额, 交易...) it is read as
GBK and the dry run says so, naming both readings; if not, and the UTF-8 reading is unlike
any text (a word mixing scripts, or a lower-case letter before a capital), the file is refused
naming both readings. Real UTF-8 text without Chinese (Café Müller, Иван Петров) is read
as before.
"""

from __future__ import annotations

import pytest

from importers.errors import ImportProblem
from importers.reading import read_table

#: an export with English column names but for 摘要, and memos in GBK
MEMO_HEADER = "Date,摘要,Amount,Balance\r\n2026-03-05,支取,-100.00,900.00\r\n2026-03-06,摘要,50.00,950.00\r\n"
#: English column names, payers in GBK: nothing to say which reading is right
NO_HEADER = "date,amount,payer\r\n2026-03-05,100.00,医院\r\n2026-03-06,50.00,学校\r\n"


def test_gbk_that_reads_as_utf8_is_read_as_gbk_where_it_holds_the_header(tmp_path):
    path = tmp_path / "export.csv"
    raw = MEMO_HEADER.encode("gbk")
    raw.decode("utf-8")  # the premise: these bytes are valid UTF-8
    path.write_bytes(raw)
    table = read_table(path)
    rows = [r.cells for r in table.sheets[0].rows]
    assert rows[0] == ("Date", "摘要", "Amount", "Balance")
    assert rows[1][1] == "支取"
    note = " ".join(table.notes)
    assert "export.csv" in note and "read as GBK" in note
    assert "'ժҪ'" in note and "'摘要'" in note, note


def test_gbk_that_reads_as_utf8_without_a_header_word_is_refused_naming_both_readings(tmp_path):
    path = tmp_path / "payers.csv"
    raw = NO_HEADER.encode("gbk")
    raw.decode("utf-8")
    path.write_bytes(raw)
    with pytest.raises(ImportProblem) as caught:
        read_table(path)
    said = str(caught.value)
    assert said.startswith("payers.csv, row 2: ")
    assert "'ҽԺ'" in said and "'医院'" in said, said
    assert "save it as UTF-8" in said


@pytest.mark.parametrize("text", [
    "date,amount,payer\r\n2026-03-05,100.00,Café Müller\r\n",
    "date,amount,payer\r\n2026-03-05,100.00,Иван Петров\r\n",
    "date,amount,payer\r\n2026-03-05,100.00,カード\r\n",  # ー, a modifier letter, goes with any script
    MEMO_HEADER,  # the same words saved as UTF-8: Chinese in UTF-8, no question
])
def test_utf8_text_is_read_as_utf8_without_a_note(tmp_path, text):
    path = tmp_path / "u.csv"
    path.write_bytes(text.encode("utf-8"))
    table = read_table(path)
    assert table.encoding == "utf-8"
    assert [r.cells for r in table.sheets[0].rows][1][2] == text.splitlines()[1].split(",")[2]
    assert not table.notes, table.notes


def test_the_gbk_reading_with_a_utf8_mark_is_not_questioned(tmp_path):
    """A UTF-8 byte-order mark (Excel's CSV UTF-8) says the file is UTF-8: the way out for a
    file refused above that really is UTF-8."""
    path = tmp_path / "u.csv"
    path.write_bytes(b"\xef\xbb\xbf" + NO_HEADER.encode("gbk"))
    table = read_table(path)
    assert table.sheets[0].rows[1].cells[2] == "ҽԺ"


def test_gbk_words_in_a_utf8_file_are_named_in_both_languages(tmp_path):
    """A UTF-8 statement with one memo typed in GBK (two exports' rows pasted together) is
    refused naming the line, the bytes and what they read as, in Chinese and in English."""
    from importers.errors import ImportProblem

    path = tmp_path / "mixed.csv"
    path.write_bytes("交易日期,交易流水号,摘要,对方户名,收入金额,支出金额,余额\n".encode()
                     + "2026-03-01,T1,转账存入,王小明,100.00,,1100.00\n".encode()
                     + b"2026-03-02,T2," + "捐款".encode("gbk") + ",李四,50.00,,1150.00\n".encode())
    with pytest.raises(ImportProblem) as caught:
        read_table(path)
    assert 'line 3 holds bytes that are no UTF-8 character (be e8 bf ee, which read as GBK are "捐款": that text was saved in GBK)' \
        in caught.value.message
    assert "第 3 行有些字节不是 UTF-8 字符（be e8 bf ee，按 GBK 读是“捐款”：这段文字是用 GBK 保存的）" in caught.value.zh
