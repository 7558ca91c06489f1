"""The bank a statement's title line names (中国建设银行个人活期账户全部交易明细 -> 建设银行).

Why: a file refused by a layout, or by every layout, was described only by its columns ("not
a 工商银行借记卡明细 statement", "unknown format"), with advice to export it again with all
its columns, when its first line said plainly that it was another bank's statement, which no
new export mends. The refusal now names that bank (importers/bank.py, importers/run.py).

Only a title counts: a line above the header whose first written cell names the bank before
any colon. A bank's name after a label (户名：中国建设银行北京分行工会委员会, 对方开户行：…)
is a holder's or a counterparty's, not the statement's bank.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from importers.reading import Row

#: full and short names -> the built-in profiles' bank ids (importers/profiles.py); the
#: banks without a built-in layout have ids of their own
BANKS: tuple[tuple[str, str, str], ...] = (
    # (name matched, name shown, bank id)
    ("中国工商银行", "中国工商银行", "icbc"), ("工商银行", "工商银行", "icbc"),
    ("中国建设银行", "中国建设银行", "ccb"), ("建设银行", "建设银行", "ccb"),
    ("中国农业银行", "中国农业银行", "abc"), ("农业银行", "农业银行", "abc"),
    ("中国邮政储蓄银行", "中国邮政储蓄银行", "psbc"), ("邮政储蓄银行", "邮政储蓄银行", "psbc"),
    ("邮储银行", "邮储银行", "psbc"), ("中国银行", "中国银行", "boc"), ("交通银行", "交通银行", "bocom"),
    ("招商银行", "招商银行", "cmb"), ("上海浦东发展银行", "上海浦东发展银行", "spdb"),
    ("浦发银行", "浦发银行", "spdb"), ("兴业银行", "兴业银行", "cib"), ("中信银行", "中信银行", "citic"),
    ("民生银行", "民生银行", "cmbc"), ("光大银行", "光大银行", "ceb"), ("华夏银行", "华夏银行", "hxb"),
    ("广发银行", "广发银行", "cgb"), ("平安银行", "平安银行", "pab"), ("渤海银行", "渤海银行", "cbhb"),
    ("浙商银行", "浙商银行", "czb"), ("恒丰银行", "恒丰银行", "hfb"),
)

#: any other bank by its name's ending (北京银行, 某某农村商业银行, 某某农商银行, 某某信用社)
_OTHER = re.compile(r"[\u4e00-\u9fff]{2,10}?(?:农村商业银行|农商银行|村镇银行|银行|信用合作联社|信用社)")

#: words of a channel or an account, never of a bank's name (网上银行, 手机银行, 个人…银行)
_NOT_A_BANK = ("网上", "手机", "电子", "个人", "企业", "对公", "明细", "账户", "直销", "网络")

#: words of a title that is a union's or a centre's, not a bank's statement (a bank's own
#: trade union keeps registers and rosters too)
_NOT_A_STATEMENT = ("工会", "登记", "花名册", "台账", "名单", "帮扶", "慰问", "捐赠")

#: how many rows above the header (or at a file's top) may hold its title
TITLE_ROWS = 6


@dataclass(frozen=True)
class TitledBank:
    """A bank a file's title names: its name as written, its bank id ("" for a bank relief
    does not list), and the row and text of the title."""
    name: str
    bank: str
    row: int
    text: str

    def where(self) -> str:
        """Where the title is, for a message: its row and (the start of) its text."""
        return f"its title, row {self.row}: {self.text[:60]}"


def titled_bank(rows: list[Row]) -> TitledBank | None:
    """The bank the title among `rows` (the lines above a header, or a file's first lines)
    names; None when no title names one."""
    seen = 0
    for row in rows:
        if row.blank:
            continue
        seen += 1
        if seen > TITLE_ROWS:
            break
        first = next(c for c in row.cells if c)
        head = re.split(r"[:：]", first, maxsplit=1)[0]
        if any(w in head for w in _NOT_A_STATEMENT):
            continue  # 中国建设银行北京分行工会捐赠登记表: a bank's union's register, no statement
        found = _bank_in(head)
        if found is not None:
            return TitledBank(found[0], found[1], row.number, first)
    return None


def _bank_in(text: str) -> tuple[str, str] | None:
    for name, shown, bank in BANKS:
        if name in text:
            return shown, bank
    m = _OTHER.search(text)
    if m is None or any(w in m.group(0) for w in _NOT_A_BANK):
        return None  # 个人网上银行交易明细: a channel, not a bank
    return m.group(0), ""
