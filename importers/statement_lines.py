"""The lines of a bank statement that are not transactions: totals and subtotals (合计,
本日合计, 本页合计), lines stating the balance (期初余额), the lines at a page break (过次页,
第1页 共2页) and the units or numbers under a header ((元), 1 2 3 …).

Why its own module: banks write these lines in many wordings, and the statement reader
(importers.bank) asks of every row that is not dated whether it is one of them; the
wordings live here, each with what it is, so a new one is added in one place.
"""

from __future__ import annotations

import re
from collections.abc import Collection

from importers.errors import Said, said
from importers.reading import Row, trimmed_cells

#: an amount a summary line states (one group): with decimals (1,234.56, 1234.5, and 1,234.005,
#: part of a fen, which the check refuses as such), or whole yuan marked as money (¥1500,
#: 1,500 元); a bare whole number may be a count (收入合计 2 笔).
#: Why: written 1234.5 or 1500 元, a summary was read as stating nothing and went unchecked;
#: so was one written to three decimals, and the file imported as if it stated no total
STATED_MONEY = r"[¥￥]?\s*(\d[\d,]*\.\d+(?![\d.])|(?<=[¥￥])\d[\d,]*(?![\d.])|\d[\d,]*(?=\s*元))"

#: totals stated in words on a footer line ("# 收入合计: 2 笔，共 1502.10 元")
TOTALS_IN_WORDS = {"in": re.compile(r"(?:收入|存入|贷方)合计[^共]*共\s*" + STATED_MONEY),
                   "out": re.compile(r"(?:支出|取出|借方)合计[^共]*共\s*" + STATED_MONEY)}

#: a record count a statement or bill states under its rows or above them (共 3 笔, 共3条记录,
#: 共66笔记录, 合计笔数：3, 交易笔数: 3, 记录数：4, 笔数：4, 总记录数 4, Total records: 4).
#: A bare 笔数 or 记录数 counts only where no other word of Chinese leads it (退款笔数 is no
#: count of every row; 收入笔数 is WAY_COUNT's).
#: Why: 记录数：4, 笔数：4 and Total records: 4 under a statement's rows were passed over with the
#: footer, and a statement that lost rows imported without a word where 共4笔 was checked.
STATED_COUNT = re.compile(r"共\s*(\d+)\s*(?:笔|条)(?:交易)?(?:记录)?|(?:交易|合计|总)笔数\s*[:：]?\s*(\d+)"
                          r"|(?<![\u4e00-\u9fff])(?:总|合计|交易)?(?:记录条?数|笔数)\s*[:：]?\s*(\d+)"
                          r"|(?i:\b(?:total\s+(?:number\s+of\s+)?(?:records?|transactions?)|(?:number|no\.?)\s+of\s+(?:records|transactions)"
                          r"|(?:record|transaction)\s+count)\s*[:：]?\s*(\d+))")


#: a record count of one direction's rows (收入总笔数 1笔, 支出总笔数：2, 借方总笔数：1, 贷方笔数 3,
#: 借方合计笔数：1), as 邮储, rural commercial banks and 光大 state them beside each other
WAY_COUNT = re.compile(r"(收入|存入|贷方|转入|支出|取出|支取|借方|转出)\s*(?:交易|合计|总)?\s*笔数\s*[:：]?\s*(\d+)")
#: the direction each of WAY_COUNT's words counts
WAY_WORDS = {"收入": "in", "存入": "in", "贷方": "in", "转入": "in",
             "支出": "out", "取出": "out", "支取": "out", "借方": "out", "转出": "out"}


#: the money of one direction a statement states in words of its own, above its rows or under
#: them (借方发生额 1,200.00, 贷方总金额：20,000.00, 收入总金额 3,000.00, 借方合计金额：1,200.00,
#: 收入合计：1,500.00, 总收入：1500.5, 支出合计(元)：300)
_WAYS = "收入|存入|贷方|转入|支出|取出|支取|借方|转出"
WAY_TOTAL = re.compile(rf"(?:总({_WAYS})|({_WAYS})(?:发生额(?:总额|合计)?|(?:发生额)?(?:总|合计)?(?:合计|金额|总额|总计)))(?:金额)?"
                       r"\s*(?:[(（](?:人民币)?元[)）])?\s*[:：]?\s*" + STATED_MONEY)


def stated_way_totals(text: str) -> list[tuple[str, str, str]]:
    """(direction "in" or "out", the amount as written, the words stating it) for each
    total of one direction's money that `text` states (借方发生额 1,200.00, 总收入：1500.5, and
    CMB's 收入合计: 2 笔，共 1502.10 元, which only CMB's layout read)."""
    return ([(WAY_WORDS[m.group(1) or m.group(2)], m.group(3), m.group(0)) for m in WAY_TOTAL.finditer(text)]
            + [(way, m.group(1), m.group(0)) for way, pattern in TOTALS_IN_WORDS.items() for m in pattern.finditer(text)])


def stated_count(text: str) -> tuple[int, str] | None:
    """(count, the words stating it) when `text` states the count of all its records, else
    None. A count of one direction's rows (`stated_way_counts`) is none: 收入总笔数 1笔 beside
    支出总笔数 2笔 was read as a statement of 1 record, and a whole statement refused as cut off."""
    ways = [m.span() for m in WAY_COUNT.finditer(text)]
    for m in STATED_COUNT.finditer(text):
        if not any(start <= m.start() < end for start, end in ways):
            return int(next(g for g in m.groups() if g is not None)), m.group(0)
    return None


def stated_way_counts(text: str) -> list[tuple[str, int, str]]:
    """(direction "in" or "out", count, the words stating it) for each count of one direction's
    rows that `text` states (收入总笔数 1笔, 借方总笔数：2)."""
    return [(WAY_WORDS[m.group(1)], int(m.group(2)), m.group(0)) for m in WAY_COUNT.finditer(text)]


#: a cell that labels a totals row whatever stands in its date column (合计, 本月合计, 支出合计, 合计笔数:3,
#: and 对账单's 本期发生额 beside each side's total)
TOTALS_LABEL = re.compile(r"(?:(本月|本期|本页|本日|当日|当月|全部|累计)?(收入|支出|存入|取出|支取|贷方|借方|转入|转出|交易|发生额)?"
                          r"(合计|总计|合計|小计)(金额|笔数)?\s*([:：].*)?)|(?:本期|当期)发生额(?:\s*[:：].*)?")

#: a cell naming a line that states the balance, not a transaction (期初余额, 上日余额: 1,000.00)
BALANCE_LINE = re.compile(r"(期初|期末|上日|上期|本期|本日|当日|承前|昨日|月初|月末|年初|年末|起始|期终)余额\s*([:：].*)?")

#: the words of a balance line that states the balance at the statement's end (期末余额, 本期余额)
CLOSING_WORDS = ("期末", "本期", "月末", "年末", "期终")

_SUBTOTAL = said("本页小计", "the page's subtotal")
_CARRIED = said("转到下一页的合计", "the total carried to the next page")
_BROUGHT = said("从上一页转来的合计", "the total brought forward from the page before")
#: lines at a page break of a statement cut into pages, and what they are (Chinese and English)
PAGE_LINES = (("本页合计", _SUBTOTAL), ("本页小计", _SUBTOTAL), ("小计", said("小计", "a subtotal")),
              ("过次页", _CARRIED), ("转下页", _CARRIED), ("承前页", _BROUGHT), ("承上页", _BROUGHT))
#: the page lines' labels recognised in a memo column too (not a bare 小计: a transaction's memo may read so)
MEMO_PAGE_WORDS = tuple(word for word, _ in PAGE_LINES if word != "小计")
PAGE_NUMBER = re.compile(r"^((当前)?第\s*\d+\s*页(\s*[/，,]?\s*[共总]\s*\d+\s*页)?|[共总]\s*\d+\s*页\s*[/，,]?\s*(当前)?第\s*\d+\s*页"
                         r"|(页码\s*[:：]?\s*)?\d+\s*/\s*\d+|page\s*\d+(\s*(/|of)\s*\d+)?|-\s*\d+\s*-)$", re.IGNORECASE)


def may_hold_totals_label(row: Row) -> bool:
    """Whether a cell of the row may be a TOTALS_LABEL: every one holds 计 (合计, 总计, 小计),
    計 (合計) or 发生额. One look at the row's text before the pattern is tried on each of its
    cells: asked of every row of a 100,000-row statement, twice."""
    joined = "".join(row.cells)
    return "计" in joined or "計" in joined or "发生额" in joined


def subtotal_kind(row: Row) -> str:
    """Whether and how a row is a subtotal: "day" when a cell labels it the subtotal of one day (本日合计, 当日小计), as
    some banks write after each day's rows, with or without the day's date; "month" for a
    month's (本月合计, 当月合计: a statement over several months has one after each); else ""."""
    if not may_hold_totals_label(row):
        return ""
    for c in row.cells:
        m = TOTALS_LABEL.fullmatch(c) if c else None
        if m is not None and m.group(1) in ("本日", "当日"):
            return "day"
        if m is not None and m.group(1) in ("本月", "当月"):
            return "month"
    return ""


def day_subtotal(row: Row) -> bool:
    """Whether the row is the subtotal of one day or one month (subtotal_kind)."""
    return bool(subtotal_kind(row))


def is_page_subtotal(row: Row, memo: Collection[int] = ()) -> bool:
    """Whether a totals row is a page's subtotal (本页合计, 本页小计), not the statement's total;
    its label first in the row or in one of the `memo` columns."""
    return next((c for c in row.cells if c), "").startswith("本页") or memo_page_label(row, memo).startswith("本页")


#: a cell stating the unit of a table's amounts: 单位：万元, 金额单位：千元, （单位:美元）
UNIT_STATED = re.compile(r"单位\s*[:：]\s*([^\s,，;；)）\]】]+)")
#: units of money other than the yuan (a unit of goods, 单位：袋, or of people, 填报单位：市总工会, is none)
OTHER_MONEY_UNIT = re.compile(r"(?:人民币)?(?:十|百|千|万|十万|百万|千万|亿)元?|(?:美元|美金|港元|港币|欧元|日元|英镑|usd|hkd|eur|jpy|gbp)",
                              re.IGNORECASE)


def other_money_unit(rows) -> tuple[int, str] | None:
    """(row number, the cell) of the first cell stating the amounts' unit as one other than
    the yuan (单位：万元, 单位：美元), or None. Why: a register headed 单位：万元 above its rows
    booked a gift of 1.5 (万元, 15,000.00) as 1.50."""
    for row in rows:
        for cell in row.cells:
            if "单位" in cell:
                for m in UNIT_STATED.finditer(cell):
                    if OTHER_MONEY_UNIT.fullmatch(m.group(1)):
                        return row.number, cell
    return None


UNIT_CELL = re.compile(r"[(（]?(单位\s*[:：]?\s*)?(人民币)?元[)）]?|[(（]?(rmb|cny)[)）]?", re.IGNORECASE)


def year_to_date(label: str) -> bool:
    """Whether a footer line's label states the year so far (本年累计, 本年合计, 累计发生额),
    not the statement's own total: it is passed over, not checked against the rows.

    Why: 本年累计 under a statement's rows, holding amounts, was refused as a row whose date
    is not a date, and 本年合计 was checked against the month's rows and refused."""
    return label.startswith(("本年", "年度", "年初")) or "累计" in label


#: a cell that is, all of it, the label of a line stating the year or month so far (本年累计,
#: 本月累计：…, 累计发生额), wherever it stands in the row
RUNNING_TOTAL_LABEL = re.compile(r"(?:本年|本月|本期|年度|全年)?累计(?:发生额|金额|数)?\s*(?:[:：].*)?|本年(?:合计|发生额)\s*(?:[:：].*)?")


def balance_line(row: Row) -> bool:
    """Whether a cell of the row names it a line stating the balance (期初余额, 上日余额)."""
    return any(BALANCE_LINE.fullmatch(c) for c in row.cells if c)


def header_line(row: Row) -> bool:
    """Whether a row is a line of the header rather than a transaction: the columns' units
    under their names ((元), 单位：元) or their numbers (1, 2, 3 …, as printed forms number
    their columns, 栏次). Why: such a row under the header was refused as "'' is not a date".
    """
    cells = [c for c in row.cells if c]
    if not cells:
        return False
    if all(UNIT_CELL.fullmatch(c) for c in cells):
        return True
    return len(cells) >= 3 and cells == [str(n) for n in range(1, len(cells) + 1)] and len(cells) == len(trimmed_cells(row.cells))


def english_names(header: Row, row: Row) -> bool:
    """Whether `row` gives the header's column names again in English (Transaction Date,
    Debit, Credit), as a bilingual export writes under its Chinese header: English words
    only, each under a column the header names, for at least half of them. Why: such a row
    was read as a transaction and the statement refused as "'Transaction Date' is not a date"."""
    named = [i for i, c in enumerate(header.cells) if c]
    under = [i for i, c in enumerate(row.cells) if c]
    if len(under) < 2 or len(under) * 2 < len(named) or any(not header.get(i) for i in under):
        return False
    return all(c.isascii() and any(ch.isalpha() for ch in c) and not any(ch.isdigit() for ch in c)
               for c in (row.get(i) for i in under))


def page_line(row: Row, memo: Collection[int] = ()) -> Said | str:
    """What a page-break line is (a page's subtotal, a carried total, a page number: a Said,
    its Chinese as `.zh`), or "".

    Its label leads the row, or, as an office retypes a printout, stands in one of the `memo`
    columns after the amounts (`,,234.00,271.66,过次页,,`); see `memo_page_label`."""
    first = leading_page_label(row)
    for word, what in PAGE_LINES:
        if first.startswith(word):
            return what
    if PAGE_NUMBER.match(row.text.strip()):
        return said("页码", "the page number")
    label = memo_page_label(row, memo)
    return next((what for word, what in PAGE_LINES if label.startswith(word)), "")


def leading_page_label(row: Row) -> str:
    """The label of a page's subtotal or carry line written first in the row (过次页, 承前页,
    本页合计), as most banks print it, or ""."""
    first = next((c for c in row.cells if c), "")
    return first if first.startswith(tuple(word for word, _ in PAGE_LINES)) else ""


def memo_page_label(row: Row, memo: Collection[int]) -> str:
    """The label of a page's subtotal or carry line written in a memo column (过次页, 承前页余额,
    本页合计) rather than first in the row, or "". A bare 小计 there is a transaction's memo.

    Why: `,,234.00,271.66,过次页,,` at a page break of a CMB statement was refused as a row
    whose date merged over several rows, sending the user to unmerge a date that never was."""
    return next((c for c in (row.get(i) for i in memo) if c.startswith(MEMO_PAGE_WORDS)), "")


#: words that make a totals row of a signed layout the total of one direction (收入合计, 支出合计)
TOTAL_IN_WORDS, TOTAL_OUT_WORDS = ("收入", "存入", "贷方", "转入"), ("支出", "取出", "支取", "借方", "转出")


#: a label of a summary written as a small table under the rows (资金流水总笔数, 收入笔数, 收入金额)
_TABLE_LABEL = re.compile(r"[^\d]*(?:笔数|金额|总额)[^\d]*")
#: a value under such a label, once the guards exports put before it are taken off (`5, `2001.20)
_TABLE_VALUE = re.compile(r"\d[\d,]*(?:\.\d+)?")


def summary_table_lines(rows: list[Row]) -> list[Row]:
    """A summary written as a small table under the rows, a row of labels over a row of their
    values (the WeChat Pay merchant fund bill's 资金流水总笔数, 收入笔数, 收入金额, 支出笔数, 支出金额
    over `3, `1, `1000.00, `2, `206.00), as one line stating each (资金流水总笔数：3 收入笔数：1 …),
    numbered as the row of values, for the checks that read a footer line's words.
    Why: such a footer was passed over (neither line states anything on its own), so a fund bill
    whose last row was lost imported without a word, its running balance agreeing to the rows left."""
    lines = []
    for labels, values in zip(rows, rows[1:], strict=False):
        named = [(i, c.strip()) for i, c in enumerate(labels.cells) if c and c.strip()]
        if values.number != labels.number + 1 or len(named) < 2 or not all(_TABLE_LABEL.fullmatch(c) for _, c in named):
            continue
        written = [values.get(i).strip().lstrip("`'=").strip('"').strip() for i, _ in named]
        if all(_TABLE_VALUE.fullmatch(v) for v in written):
            lines.append(Row(values.number, tuple(f"{label}：{value}" for (_, label), value in zip(named, written, strict=True))))
    return lines
