"""A workbook that unpacks to more than a statement ever holds is refused before it is read.

Why: files over 64 MB are refused, but an XLSX is a ZIP: a 54 MB workbook of 3 million rows
(beyond Excel's own 1,048,576) ran a dry run for 15 minutes without a word, reaching 2.4 GB of
memory (killG), and a small ZIP can unpack to gigabytes. The parts of the workbook are now
measured from the ZIP's directory, without unpacking anything, and a workbook whose parts
unpack to over `MAX_UNPACKED_BYTES` (512 MB: about a million rows of eight columns) is refused
naming its size, with what to do. The limit is lowered here so that the test stays small.
"""

from __future__ import annotations

import openpyxl
import pytest

import importers.reading
from importers.errors import ImportProblem
from importers.reading import read_table


def _workbook(path, rows: int):
    book = openpyxl.Workbook()
    book.active.append(["交易日期", "摘要", "收入金额", "支出金额", "余额", "对方户名"])
    for i in range(rows):
        book.active.append(["2026-03-05", "捐款", "100.00", "", f"{i}00.00", "王小明"])
    book.save(path)
    return path


def test_a_workbook_unpacking_past_the_limit_is_refused_naming_its_size(tmp_path, monkeypatch):
    monkeypatch.setattr(importers.reading, "MAX_UNPACKED_BYTES", 64 * 1024)
    path = _workbook(tmp_path / "big.xlsx", 500)
    with pytest.raises(ImportProblem) as caught:
        read_table(path)
    said = str(caught.value)
    assert said.startswith("big.xlsx: the workbook unpacks to "), said
    assert "over the 0.06 MB a statement is read up to" in said, said
    assert "export a shorter period" in said, said


def test_a_workbook_under_the_limit_is_read(tmp_path, monkeypatch):
    monkeypatch.setattr(importers.reading, "MAX_UNPACKED_BYTES", 64 * 1024)
    path = _workbook(tmp_path / "small.xlsx", 10)
    assert len(read_table(path).sheets[0].rows) == 11
