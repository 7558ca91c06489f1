"""A workbook saved with a password to open it is named so, Chinese first, with what to do.

Why: an encrypted .xlsx is an OLE compound file (CDFV2, as an .xls is) holding the workbook
encrypted in its stream EncryptedPackage; it was refused as "the XLS file is damaged or cut
off (XLRDError)", an .xlsx called XLS and damaged, and exporting it again never helped. An
.xls saved with a password (its FILEPASS record) was likewise "damaged".
"""

from __future__ import annotations

import inspect
import io
import struct
import textwrap

import pytest
import xlwt
import xlwt.CompoundDoc as compound
from click.testing import CliRunner

from cli import cli


def _compound_file(stream_name: str, payload: bytes) -> bytes:
    """An OLE compound file with one stream named `stream_name` (xlwt's writer, which names
    its one stream Workbook, with that name changed)."""
    source = textwrap.dedent(inspect.getsource(compound.XlsDoc))
    assert "u'Workbook\\x00'" in source
    space = dict(vars(compound))
    exec(source.replace("u'Workbook\\x00'", repr(stream_name + "\x00")), space)  # noqa: S102 - xlwt's own class
    out = io.BytesIO()
    space["XlsDoc"]().save(out, payload)
    return out.getvalue()


def _encrypted_xls() -> bytes:
    """An .xls whose workbook stream has a FILEPASS record after its BOF: saved with a password."""
    book = xlwt.Workbook()
    book.add_sheet("Sheet1").write(0, 0, "日期")
    biff = book.get_biff_data()
    bof = 4 + struct.unpack("<H", biff[2:4])[0]
    biff = biff[:bof] + struct.pack("<HH", 0x2F, 6) + b"\x00" * 6 + biff[bof:]
    out = io.BytesIO()
    compound.XlsDoc().save(out, biff)
    return out.getvalue()


@pytest.mark.parametrize(("name", "content"), [
    ("捐赠登记表.xlsx", lambda: _compound_file("EncryptedPackage", bytes(range(256)) * 16)),
    ("对账单.xls", _encrypted_xls),
])
def test_a_workbook_with_a_password_to_open_it_is_named_so(books, tmp_path, name, content):
    path = tmp_path / name
    path.write_bytes(content())
    result = CliRunner().invoke(cli, ["import", str(books), str(path)])
    assert result.exit_code == 1, result.output
    zh = f"{name}：该工作簿设置了打开密码（已加密）"
    en = f"{name}: the workbook is protected by a password to open it (encrypted)"
    lines = result.output.splitlines()
    first = next(i for i, line in enumerate(lines) if zh in line)
    assert any(en in line for line in lines[first + 1:]), result.output
    assert "取消密码" in result.output and "remove the password" in result.output
    assert "damaged" not in result.output and "损坏" not in result.output


def test_a_compound_file_with_another_stream_is_still_named_damaged(books, tmp_path):
    """Only the encrypted package is a password: an .xls whose workbook cannot be found stays damaged."""
    path = tmp_path / "对账单.xls"
    path.write_bytes(_compound_file("Nothing", bytes(4096)))
    result = CliRunner().invoke(cli, ["import", str(books), str(path)])
    assert result.exit_code == 1, result.output
    assert "该 XLS 文件已损坏或不完整" in result.output and "密码" not in result.output
