"""A register kept as one workbook with a sheet per month (1月, 2月 …, 2026-01, 一月), read whole.

Offices keep the donation register, the aid roster and the goods register so, often with a
汇总 (summary) sheet and hidden old sheets. Each month's sheet is read and checked as a
register of its own (its title, its rows' numbers in messages); what the months share —
one donor id proposed per new donor, voucher numbers, a case paid twice, the stock of goods
in date order, one `open` for WeChat Pay or Alipay — is checked across them by the
importers in importers/registers.py. This module decides which sheets are months, which is
the summary (never booked: its rows or its figures are checked against the months') and
which are copies, and gathers the sheets' problems into one message.

Why: such a workbook was refused, with the advice to save each sheet as its own file, which
offices did by hand every month (and a month forgotten was never booked).
"""

from __future__ import annotations

import re
from dataclasses import dataclass, field
from decimal import Decimal

from importers.errors import SHEET_META, ImportProblem, row_on_sheet, row_on_sheet_zh, said
from importers.reading import _as_compared, _totals_like
from importers.values import parse_amount

_CN_MONTH = "(?:十[一二]|[一二三四五六七八九十])"
#: a sheet named for a month: 1月, 01月, 3月份, 一月, 十二月, 2026年3月, 2026-01, 2026.1, 2026_03
MONTH_SHEET = re.compile(r"^\s*(?:(?:20\d{2})\s*(?:年|[-./_])\s*(?:0?[1-9]|1[0-2])\s*(?:月份?)?"
                         r"|(?:(?:20\d{2})\s*年\s*)?(?:0?[1-9]|1[0-2]|" + _CN_MONTH + r")\s*月份?)\s*$")
#: a sheet named as a summary of the others: 汇总, 合计, 总表, 全年, 年度汇总, Summary, Total
SUMMARY_SHEET = re.compile(r"汇总|合计|总表|总计|全年|summary|total", re.IGNORECASE)


@dataclass
class Workbook:
    """A register read as a sheet per month: `parts` are the months' registers (registers.Sheet),
    in the workbook's order; `own_notes` what was said of the workbook (the summary checked,
    sheets not read, hidden sheets)."""
    parts: list
    own_notes: list[str] = field(default_factory=list)

    @property
    def notes(self) -> list[str]:
        """The workbook's notes, then each month's (as one sheet's register gives them)."""
        return [*self.own_notes, *(n for p in self.parts for n in p.notes)]


def sheets_of(parsed) -> list:
    """The registers (registers.Sheet) a parsed file holds: a workbook's months, or the one."""
    return parsed.parts if isinstance(parsed, Workbook) else [parsed]


def _body(sheet, start: int) -> list[tuple[str, ...]]:
    return [tuple(map(_as_compared, r.cells)) for r in sheet.rows if r.number > start and not r.blank]


def sort_sheets(found: list) -> tuple[list, object | None, list[str]]:
    """(months, summary, copies) of `found`, the workbook's sheets holding the register's header
    as (workbook sheet, located register): the summary is the one sheet named as one (汇总) or
    whose rows hold every other sheet's; a copy holds nothing below its header, or only rows a
    sheet before it (not the summary) has too. `months` keeps the others, in order."""
    bodies = [set(_body(s, f.header.number)) for s, f in found]
    summary = None
    named = [i for i, (s, _) in enumerate(found) if SUMMARY_SHEET.search(s.name)]
    if len(named) == 1:
        summary = named[0]
    elif not named:
        for i, rows in enumerate(bodies):
            others = [r for j, b in enumerate(bodies) if j != i for r in b]
            if others and len([b for j, b in enumerate(bodies) if j != i and b]) > 1 \
                    and all(r in rows for r in others if not _totals_like(r)):
                summary = i
                break
    months, copies, kept = [], [], set()
    for i, (sheet, located) in enumerate(found):
        if i == summary:
            continue
        if not bodies[i] or bodies[i] <= kept:
            copies.append(sheet.name)
            continue
        kept |= bodies[i]
        months.append((sheet, located))
    return months, (found[summary] if summary is not None else None), copies


def refuse_sheets_of_no_month(path: str, months: list) -> None:
    """Refuse a workbook of month sheets (two or more of `months`, the sheets holding rows of
    their own, named for a month) where another such sheet is named for no month (备用,
    Sheet3, 补录), naming it.

    Why: it was refused as a workbook of several registers, "relief reads one sheet per file:
    save each sheet as its own file", though relief reads the month sheets whole: the
    officer split a workbook that only needed its stray sheet named or emptied."""
    named = [s for s, _ in months if MONTH_SHEET.match(s.name)]
    stray = [s for s, _ in months if not MONTH_SHEET.match(s.name)]
    if len(named) < 2 or not stray:
        return
    shown = ", ".join(f"{s.name!r} (hidden)" if s.hidden else repr(s.name) for s in stray)
    months_shown = ", ".join(repr(s.name) for s in named[:3]) + (" …" if len(named) > 3 else "")
    shown_zh = "、".join(f"{s.name!r}（隐藏）" if s.hidden else repr(s.name) for s in stray)
    months_zh = "、".join(repr(s.name) for s in named[:3]) + (" …" if len(named) > 3 else "")
    unhide = any(s.hidden for s in stray)
    raise ImportProblem(path, said(f"该工作簿每月一张工作表（{months_zh}），而 {shown_zh} 在登记表的表头下有自己的行，"
                                   "但名称不是月份：分不清这些行属于哪个月，所以整个工作簿都没有导入",
                                   f"the workbook keeps a sheet per month ({months_shown}), and {shown} "
                                   f"{'holds' if len(stray) == 1 else 'hold'} rows of {'its' if len(stray) == 1 else 'their'} own "
                                   "under the register's header but is named for no month: which month its rows belong to cannot "
                                   "be told, so nothing of the workbook is imported"), sheet=stray[0].name,
                        hint=said(("隐藏的工作表没有标签：右键单击任一工作表标签，选择“取消隐藏”即可看到；然后" if unhide else "")
                                  + "如果它是某个月的表，就用月份命名（3月、2026-03），或者把它的行移到各自月份的工作表上；"
                                    "各月的汇总表命名为 汇总；如果它的行不是分录，就删除这张工作表",
                                  ("a hidden sheet has no tab: right-click a sheet tab and choose Unhide to see it; then "
                                   if unhide else "")
                                  + "name the sheet for its month (3月, 2026-03) if it is one, or move its rows onto their months' "
                                    "sheets; a summary of the months is named 汇总; delete the sheet if its rows are no entries"))


def summary_notes(path: str, summary, months: list, keys: list[tuple[str, int, list[int]]], verify: bool) -> list[str]:
    """What is said of the summary sheet, never booked: that it holds the months' rows, or that
    its figures (the columns `keys`: (name, its column on the summary, on each month)) agree
    with the months' rows; refused where they do not (unless `verify` is off: then said), and
    named as not checked where its figures cannot be read.

    Why: a 汇总 sheet read as a month booked every gift of the year twice."""
    sheet, located = summary
    rows = set(_body(sheet, located.header.number))
    month_rows = {r for s, f in months for r in _body(s, f.header.number) if not _totals_like(r)}
    if month_rows and all(r in rows for r in month_rows):
        return [said(f"工作表 {sheet.name!r} 包含各月工作表的行（是它们的汇总）：不读取，每一行都从所在月份的工作表记账",
                     f"sheet {sheet.name!r} holds the rows of the month sheets (a summary of them): not read, each row is "
                     "booked from its month's sheet")]
    disagree, agree = [], []
    for name, own, theirs in keys:
        stated = _column_sum(located.rows, own, located.columns["date"])
        sums = [_column_sum(f.rows, at, f.columns["date"]) for (_, f), at in zip(months, theirs, strict=True)]
        if stated is None or None in sums:
            continue
        added = sum(sums, Decimal(0))
        if stated != added:
            what = (f"sheet {sheet.name!r} (a summary, not read) adds up to {name} {stated:,} while the month sheets' rows "
                    f"add up to {added:,}")
            if verify:
                raise ImportProblem(path, said(f"工作表 {sheet.name!r}（汇总表，不读取）的 {name} 合计为 {stated:,}，"
                                               f"而各月工作表的行合计为 {added:,}", what), sheet=sheet.name,
                                    hint=said("有某个月的行缺了，或者汇总表没有更新：请改正错的那一个"
                                              "（relief import --ignore-summary 仍会导入各月）",
                                              "a month's rows are missing or the summary is out of date: correct the one that "
                                              "is wrong (relief import --ignore-summary imports the months anyway)"))
            disagree.append(said(f"工作表 {sheet.name!r}（汇总表，不读取）的 {name} 合计为 {stated:,}，而各月工作表的行"
                                 f"合计为 {added:,}（--ignore-summary）", what + " (--ignore-summary)"))
        else:
            agree.append((name, stated))
    if disagree:
        return disagree
    if agree:
        return [said(f"工作表 {sheet.name!r} 是汇总表，不读取：它与各月工作表的行一致（{'、'.join(f'{n} {v:,}' for n, v in agree)}）",
                     f"sheet {sheet.name!r} is a summary, not read: it agrees with the month sheets' rows "
                     f"({', '.join(f'{n} {v:,}' for n, v in agree)})")]
    return [said(f"工作表 {sheet.name!r} 被当作汇总表（名称如此）而不读取；无法将它的数字与各月工作表核对",
                 f"sheet {sheet.name!r} is taken for a summary (its name says so) and not read; its figures could not be "
                 "checked against the month sheets'")]


def _column_sum(rows, index: int, date: int) -> Decimal | None:
    """The sum of a column's amounts over the rows that are no totals rows (合计, or a row with
    nothing in its date column), or None when a cell is not an amount."""
    total = Decimal(0)
    for r in rows:
        if _totals_like(tuple(r.cells)) or not r.get(date):
            continue
        text = r.get(index)
        if not text:
            continue
        try:
            value = parse_amount(text)
        except (ValueError, ArithmeticError):
            return None
        total += value or 0
    return total


def raise_all(path: str, errors: list) -> None:
    """Raise the problems of every sheet's RowErrors at once, sheet by sheet in the workbook's
    order, each sheet's in the order of its rows (one sheet: as its RowErrors raises them)."""
    if len(errors) == 1:
        errors[0].raise_if_any()
        return
    problems = [p for e in errors for p in sorted(e.problems, key=lambda p: p.row if isinstance(p.row, int) else 0)]
    if not problems:
        return
    if len(problems) == 1:
        raise problems[0]
    lines = "\n  ".join(p.message for p in problems)
    what = f"{len(problems)} rows cannot be imported; fix them and import the file again:\n  {lines}"
    zh = [p.zh for p in problems]
    if all(zh):  # each row's Chinese, or the whole in English (never English inside the Chinese)
        what = said(f"有 {len(problems)} 行不能导入；请改正后重新导入该文件：\n  " + "\n  ".join(zh), what)
    raise ImportProblem(path, what)


def refuse_shared_ids(path: str, made: list[tuple[object, list]]) -> None:
    """Refuse two rows on different sheets that give one id (`made`: (sheet, [(record, txn)])):
    the same day, payer and amount copied into a second month would be taken for one entry by
    the next import, the other never booked or booked twice."""
    seen: dict[str, tuple[str, int]] = {}
    for sheet, pairs in made:
        for rec, _ in pairs:
            ref = rec.source_ref
            if not ref:
                continue
            other = seen.setdefault(ref, (sheet.title, rec.row))
            if other[0] != sheet.title:
                raise ImportProblem(path, said(f"{row_on_sheet_zh(rec.row, sheet.title)} 与 "
                                               f"{row_on_sheet_zh(other[1], other[0])} 是同一笔分录（日期、付款人和金额都相同）："
                                               "这一行被复制到了另一个月的工作表上",
                                               f"{row_on_sheet(rec.row, sheet.title)} is the same entry as "
                                               f"{row_on_sheet(other[1], other[0])} (the same day, payer and amount): a row copied "
                                               "into a second month's sheet"), row=rec.row, sheet=sheet.title or None,
                                    hint=said("请删除重复录入的那一行；如果两行都是真实的，请给每行各自的凭证号或审批单号",
                                              "delete the row that was entered twice; if both are real, give each its own voucher "
                                              "number (凭证号) or approval number (审批单号)"))


def mark_sheets(made: list[tuple[object, list]]) -> None:
    """Name on each entry made from a sheet of a workbook of several sheets (`made`: (sheet,
    [(record, txn)])) that sheet (errors.SHEET_META, private: never written to the books), so
    the dry run names an entry's row with its sheet (errors.entry_row), as problems and
    skipped rows name theirs."""
    for sheet, pairs in made:
        if sheet.title:
            for _, txn in pairs:
                txn.meta[SHEET_META] = sheet.title


def place(sheet, row: int, current: str) -> str:
    """`row 4`, or `sheet '1月', row 4` when that row is on another sheet than `current`'s."""
    return f"row {row}" if sheet == current else row_on_sheet(row, sheet)


def place_zh(sheet, row: int, current: str) -> str:
    """`place` in Chinese: `第 4 行`, or `工作表 '1月' 第 4 行` when that row is on another sheet."""
    return f"第 {row} 行" if sheet == current else row_on_sheet_zh(row, sheet)


class SheetsErrors:
    """The RowErrors of each sheet, addressed by (sheet index, row): what the goods' stock check,
    run once over every sheet's hand-outs in date order, adds its problems through."""

    def __init__(self, errors: list):
        self.errors = errors

    def add(self, at: tuple[int, int], key, what: str, hint: str = "") -> None:
        """Note a problem of row `at[1]` of the `at[0]`th sheet, as RowErrors.add does."""
        self.errors[at[0]].add(at[1], key, what, hint)
