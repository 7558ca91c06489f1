"""A WeChat Pay or Alipay bill converted into traditional characters is refused, naming its
header row, not read with its words unknown.

Why: since a statement's header in traditional characters is read as its simplified words
(test_traditional_headers), such a bill's header was found too; but its cells are words the
import reads (零錢 for the balance, 轉賬, 共43筆記錄): read as unknown ones, payments from the
balance were skipped as "moved outside the WeChat Pay balance, +0" and the record count went
unchecked. The platforms export simplified characters only: the file was converted.
"""

from __future__ import annotations

from pathlib import Path

import pytest
from zhconv import convert

from tests.importers.support import extract_one as extract

REAL = Path(__file__).parent / "real"


@pytest.mark.parametrize(("name", "encoding"), [("wechat/wechat.csv", "utf-8-sig"), ("alipay/alipay.csv", "gb18030")])
def test_a_bill_in_traditional_characters_is_refused_naming_its_header(books, tmp_path, name, encoding):
    source = REAL / name
    path = tmp_path / Path(name).name
    path.write_text(convert(source.read_text(encoding=encoding), "zh-tw"), encoding="utf-8")
    result = extract(books, path)
    assert result.problem is not None
    message = str(result.problem)
    assert "written in traditional characters" in message and "export the bill again from the app" in message
    assert result.problem.row is not None
    assert not [e for e in result.new]
