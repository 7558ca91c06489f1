"""An XLSX whose workbook part has its compressed data damaged (one byte changed) is refused
as a damaged XLSX. Found by fuzzing (fuzzH): zipfile raised zlib.error (invalid block type,
invalid distance too far back), which the checks that read the workbook's parts before
openpyxl did not expect, and the import stopped as relief's internal error."""

from __future__ import annotations

import shutil
import struct
from pathlib import Path

import pytest

from tests.importers.support import extract_one

GOLDEN = Path(__file__).parent / "golden"


def _damaged(source: Path, target: Path, member: str) -> Path:
    """`source` with the first byte of `member`'s deflated data set to 0xFF (a final block of
    the reserved type: zlib cannot read on)."""
    import zipfile

    shutil.copy(source, target)
    with zipfile.ZipFile(target) as zf:
        info = zf.getinfo(member)
    raw = bytearray(target.read_bytes())
    name_length, extra_length = struct.unpack(
        "<HH", raw[info.header_offset + 26 : info.header_offset + 30]
    )
    raw[info.header_offset + 30 + name_length + extra_length] = 0xFF
    target.write_bytes(bytes(raw))
    return target


@pytest.mark.parametrize("member", ["xl/workbook.xml", "xl/worksheets/sheet1.xml"])
def test_a_damaged_part_is_a_damaged_xlsx(books, tmp_path, member):
    path = _damaged(
        GOLDEN / "icbc-corporate" / "icbc-corporate.xlsx", tmp_path / "icbc-corporate.xlsx", member
    )
    result = extract_one(books, path)
    assert result.problem is not None
    assert (
        "icbc-corporate.xlsx" in result.problem.message
        and "XLSX file is damaged" in result.problem.message
    )
