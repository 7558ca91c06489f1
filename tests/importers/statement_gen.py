"""Generated bank statements for any bank profile, with the figures they must import as.

`statements(profile)` is a hypothesis strategy of `Generated` statements laid out the way the
profile describes (its header texts, sign convention, extra header words), with what real
exports add around them: a preamble, thousands separators, TAB and space padding, masked
payer cells, rows that move no money, a totals row and a footer, newest-first order, and
GBK / GB18030 / UTF-8 text or .xls / .xlsx workbooks. The generator keeps its own count of
money in and out and of the balances, so a test compares the importer against figures the
importer never computed.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from dataclasses import dataclass, field
from decimal import Decimal

from hypothesis import strategies as st

from importers.profiles import Profile

ZERO = Decimal(0)
CENT = Decimal("0.01")
NAMES = ("王小明", "某某机械制造有限公司", "李大伟", "市慈善总会", "张三", "ABC公司", "财付通支付科技有限公司")
MEMOS = ("转账汇款", "捐赠", "跨行汇款", "消费", "结息", "手续费", "代发", "助学金")
#: money in that is no gift (importers/bank_credits.py), as (摘要, payer): a union's and a
#: government's allocation (booked to their sources), a withdrawal from the Alipay balance
#: (a transfer from Assets:Online:Alipay), one from a platform the books hold no balance of
#: (held to decide) and savings redeemed. Why: no generated row took these paths, so an
#: allocation or withdrawal booked a fen off the file, or a withdrawal with no account in the
#: books dropped, passed this property (only their one-row examples caught them)
OWN_MONEY = (("工会经费拨入", "江临市总工会"), ("财政拨款", "江临市财政局"), ("网上快捷提现", "支付宝-李四"),
             ("网银提现", "京东钱包"), ("朝朝宝转出", "待清算电子汇差-代销理财快赎投资"))


@dataclass
class Generated:
    profile: Profile
    name: str  # file name (its suffix tells the kind)
    blob: bytes
    #: the statement's money in (positive) and out (negative), over every data row
    money_in: Decimal
    money_out: Decimal
    #: data rows (file row numbers) that move no money
    zero_rows: list[int] = field(default_factory=list)
    opening: Decimal | None = None
    #: the balance after the last transaction (None when a balance cell is masked or the layout has none)
    closing: Decimal | None = None
    rows: int = 0

    @property
    def net(self) -> Decimal:
        return self.money_in + self.money_out


def _first(profile: Profile, key: str) -> str | None:
    alts = profile.alternatives(key)
    return alts[0][0] if alts else None


#: how a statement writes its amounts besides a leading minus: negatives in parentheses
#: (1,234.50), with a trailing minus 1,234.50- (some mainframe exports), with the yuan sign
#: (-￥1,234.50), or in full-width digits (a hand-kept or re-typed file)
AMOUNT_STYLES = ("plain", "plain", "paren", "trailing", "yuan", "fullwidth")
_FULL_WIDTH = str.maketrans("0123456789.,-+", "０１２３４５６７８９．，－＋")


def _fmt(value: Decimal, thousands: bool, plus: bool = False, style: str = "plain") -> str:
    text = f"{abs(value):,.2f}" if thousands else f"{abs(value):.2f}"
    if style == "paren" and value < 0:
        return f"({text})"
    if style == "trailing" and value < 0:
        return f"{text}-"
    if style == "yuan":
        text = "￥" + text  # the full-width sign: GBK has no ¥
    sign = "-" if value < 0 else "+" if plus and value > 0 else ""
    return (sign + text).translate(_FULL_WIDTH) if style == "fullwidth" else sign + text


def _marked(value: Decimal, thousands: bool, mark_first: bool) -> str:
    """The amount unsigned with a CR (money in) / DR (money out) mark, as some banks write it."""
    mark = "CR" if value > 0 else "DR"
    text = _fmt(abs(value), thousands)
    return f"{mark} {text}" if mark_first else f"{text} {mark}"


def _header(profile: Profile) -> list[tuple[str, str]]:
    """(key, header text) for every column of the generated layout, in order."""
    cols: list[tuple[str, str]] = []
    for key in profile.columns:
        if key == "memo":
            for i, alts in enumerate(profile.alternatives("memo")):
                cols.append((f"memo{i}", alts[0]))
        else:
            cols.append((key, _first(profile, key)))
    taken = {text for _, text in cols}
    for extra in profile.header:
        if extra not in taken:
            cols.append(("extra", extra))
    return cols


@st.composite
def statements(draw, profile: Profile, kinds: tuple[str, ...] = ("csv", "xls", "xlsx")) -> Generated:
    cols = _header(profile)
    keys = [k for k, _ in cols]
    n = draw(st.integers(1, 12))
    start = datetime.date(2026, 1, 1) + datetime.timedelta(days=draw(st.integers(0, 300)))
    days = sorted(draw(st.lists(st.integers(0, 40), min_size=n, max_size=n)))
    # mostly everyday sums; now and then a government allocation of millions (two thousands
    # separators: 12,345,678.90), which a reading that mishandles the second one gets wrong
    cents = draw(st.lists(st.one_of(st.integers(-5_000_000, 5_000_000), st.integers(-10_000_000_000, 10_000_000_000)),
                          min_size=n, max_size=n))
    zero_at = draw(st.sets(st.integers(0, n - 1), max_size=2)) if n > 1 else set()
    amounts = [ZERO if i in zero_at else Decimal(c) * CENT for i, c in enumerate(cents)]
    thousands = draw(st.booleans())
    pad = draw(st.sampled_from(["", " \t", "\t"]))
    date_style = draw(st.sampled_from(["%Y-%m-%d", "%Y%m%d", "%Y/%m/%d"]))
    newest_first = draw(st.booleans())
    mask_balance = "balance" in keys and draw(st.integers(0, 9)) == 0
    opening = Decimal(draw(st.integers(0, 100_000_000))) * CENT
    bilingual = draw(st.booleans())
    kind = draw(st.sampled_from(kinds))
    encoding = draw(st.sampled_from(["utf-8", "utf-8-sig", "gbk", "gb18030"]))
    totals = profile.sign != "direction" and draw(st.booleans())
    # a CR / DR mark on the amounts and balances instead of a sign (from the account holder's side)
    marks = draw(st.integers(0, 4)) == 0
    mark_first = draw(st.booleans())
    # a workbook's dates as the spreadsheet's day numbers (46082), their date format lost
    serial = kind != "csv" and draw(st.integers(0, 4)) == 0
    style = draw(st.sampled_from(AMOUNT_STYLES))

    rows = []
    balance = opening
    money_in = money_out = ZERO
    column_in = column_out = ZERO  # the in / out columns as written (what a totals row states)
    for i, amount in enumerate(amounts):
        day = start + datetime.timedelta(days=days[i])
        balance += amount
        if amount > 0:
            money_in += amount
        else:
            money_out += amount
        shown = -amount if profile.invert else amount
        # money out may be shown as a reversal (冲正): a negative money-in cell in an in / out
        # layout, a negative amount under 贷 in a direction layout
        reversal = (profile.sign == "in-out" or (profile.sign == "direction" and not profile.invert)) and amount < 0 \
            and draw(st.integers(0, 4)) == 0
        # a quarter of the money in is the centre's own coming back, or allocated to it
        own = draw(st.sampled_from(OWN_MONEY)) if amount > 0 and draw(st.integers(0, 3)) == 0 else None
        cells = {}
        for key, text in cols:
            value = ""
            if key == "date":
                value = day.strftime(date_style)
                if serial:
                    value = (day - datetime.date(1899, 12, 30)).days
                elif "时间" in text:
                    value = f"{day:%Y-%m-%d} {10 + i % 10:02d}:{i:02d}:00"
            elif key == "time":
                value = f"{9 + i % 12:02d}:{(7 * i) % 60:02d}:{(13 * i) % 60:02d}"
            elif key == "amount" and marks and amount and not reversal:
                value = _marked(amount, thousands, mark_first)
            elif key == "amount":
                value = _fmt(abs(shown) if profile.sign == "direction" and not reversal else shown, thousands, plus=draw(st.booleans()), style=style)
            elif key == "in":
                if amount > 0 or reversal:
                    value = _marked(amount, thousands, mark_first) if marks and not reversal else _fmt(amount, thousands, style=style)
                else:
                    value = draw(st.sampled_from(["", "0.00", "-"]))
                column_in += amount if amount > 0 or reversal else ZERO
            elif key == "out":
                if amount < 0 and not reversal:
                    value = _marked(amount, thousands, mark_first) if marks else _fmt(-amount, thousands, style=style)
                    column_out -= amount
                else:
                    value = draw(st.sampled_from(["", "0.00", "-"]))
            elif key == "direction" and marks and amount and not reversal and draw(st.booleans()):
                value = ""  # the amount's mark says it
            elif key == "direction":
                if amount >= 0 or reversal:
                    value = "贷 Cr" if bilingual and "贷" in profile.direction_in else profile.direction_in[0]
                else:
                    value = "借 Dr" if bilingual and "借" in profile.direction_out else profile.direction_out[0]
            elif key == "balance":
                shown_balance = -balance if profile.invert else balance
                value = ("****" if mask_balance and i == n - 1 else _marked(balance, thousands, mark_first) if marks and balance
                         else _fmt(shown_balance, thousands, style=style))
            elif key == "currency":
                value = draw(st.sampled_from(["人民币", "CNY"]))
            elif key == "payer":
                value = own[1] if own else draw(st.sampled_from((*NAMES, "****", "")))
            elif key == "payer_account":
                value = draw(st.sampled_from(["6222020000001234", "6222****5678", "", "--"]))
            elif key.startswith("memo"):
                value = own[0] if own else draw(st.sampled_from(MEMOS))
            elif key == "id":
                value = f"TX{start:%Y%m%d}{i:05d}"
            elif key == "own_account":
                value = "2222"
            elif key == "extra":
                value = "钞" if text in ("钞/汇", "钞汇") else "网银"
            cells[key] = value
        rows.append([cells[k] for k in keys])
    if newest_first:
        rows.reverse()

    header = [text for _, text in cols]
    preamble = draw(st.sampled_from([
        [],
        [["明细查询"], ["账号：6222000011112222"]],
        [["交易明细"], ["户名：测试帮扶中心"], [f"起止日期：{start:%Y-%m-%d} 至 {start + datetime.timedelta(days=60):%Y-%m-%d}"], []],
    ]))
    footer = []
    if totals:
        total = [""] * len(header)
        total[0] = "合计"
        for key, value in (("in", column_in), ("out", column_out), ("amount", -(money_in + money_out) if profile.invert else money_in + money_out)):
            if key in keys and key != "date":
                total[keys.index(key)] = _fmt(value, thousands, style=style)
        if keys.index("date") == 0:
            footer.append(total)
    footer += draw(st.sampled_from([[], [["以上数据仅供参考"]], [[], ["导出时间：2026-12-01"]]]))

    first_data = len(preamble) + 2  # 1-based row number of the first data row
    ordered = list(range(n))[::-1] if newest_first else list(range(n))
    zero_rows = [first_data + pos for pos, i in enumerate(ordered) if amounts[i] == 0]
    everything = [*preamble, header, *rows, *footer]
    if kind != "csv" and draw(st.booleans()):  # spreadsheets often hold amounts as numbers, not text
        everything = [[float(c) if isinstance(c, str) and re.fullmatch(r"[+-]?\d+\.\d{2}", c) else c for c in r]
                      for r in everything]
    if kind == "csv":
        buf = io.StringIO()
        csv.writer(buf, lineterminator="\r\n").writerows([[f"{c}{pad}" if c else c for c in r] for r in everything])
        blob = buf.getvalue().encode(encoding)
    elif kind == "xls":
        import xlwt

        wb = xlwt.Workbook(encoding="utf-8")
        ws = wb.add_sheet("交易明细")
        for r, cells in enumerate(everything):
            for c, v in enumerate(cells):
                ws.write(r, c, v)
        out = io.BytesIO()
        wb.save(out)
        blob = out.getvalue()
    else:
        import openpyxl

        wb = openpyxl.Workbook()
        for cells in everything:
            wb.active.append(cells)
        out = io.BytesIO()
        wb.save(out)
        blob = out.getvalue()
    return Generated(profile, f"{profile.id}.{kind}", blob, money_in, money_out, zero_rows, opening,
                     None if "balance" not in keys or (mask_balance and amounts[-1] != 0) else balance, n)
