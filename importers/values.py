"""Amounts and dates as Chinese exports write them, parsed into Decimal and date.

Amounts: thousands separators, ¥/￥, 人民币 and 元, a leading +, (123.45) for negatives,
full-width digits; a decimal comma is refused, never guessed at. Dates: 2026-03-05,
2026/3/5, 20260305, 2026年3月5日, with or without a time, and 20260305102201. Masked
cells (****) and the "no value" markers banks use ("/", "--", "-") are recognised, so a
masked balance is simply absent rather than an error.
"""

from __future__ import annotations

import calendar
import datetime
import functools
import re
import unicodedata
from decimal import Decimal, InvalidOperation

from importers.errors import Said, said

EMPTY_MARKERS = {"", "/", "-", "--", "---", "—", "——", "null", "NULL", "None", "无"}
_MASK_RE = re.compile(r"^[*xX]{2,}$|\*{3,}|^x+[,.]?y+\.z+$", re.I)
_AMOUNT_RE = re.compile(r"^[+-]?\d+(\.\d+)?$")
#: an amount as most statements write it (1940.00, -13.40): ASCII digits and nothing else,
#: which every reader below takes as written; matched first, for the 100 000-row files
_PLAIN_AMOUNT = re.compile(r"[+-]?[0-9]+(?:\.[0-9]+)?")
#: digits grouped in thousands by commas or spaces (1,234.50, 1 234.50): the only way a
#: comma or a space may sit inside an amount, so that 1 234,50 or 1.234,50 (a decimal comma)
#: is refused instead of read as 123450 or 1.2345
_COMMAS_RE = re.compile(r"^-?\d{1,3}(,\d{3})+(\.\d+)?$")
_GROUPED_RE = re.compile(r"^[+-]?\d{1,3}([, ]\d{3})+(\.\d+)?-?$")
_DATE_FORMATS = ("%Y-%m-%d", "%Y/%m/%d", "%Y%m%d", "%Y.%m.%d", "%Y年%m月%d日", "%d/%m/%Y", "%m/%d/%Y")
#: what a text needs to be read by one of `_DATE_FORMATS` (%d reads " 5" too; the time after a day is cut off)
_DATE_SHAPE = re.compile(r"(?=(?:\D*\d){6})[\d/.年月日 -]+$")


_QUOTABLE = frozenset("0123456789+-¥￥(")


def _unquoted(text: str) -> str:
    """`text` without the apostrophe some CSV exports put before a number or a date
    ('20260305, '1,200.00) to keep a spreadsheet from reading it as a number.

    Why: Excel hides it, a CSV keeps it, and such a statement was refused on its first row
    (''20260305' is not a date). Only amounts and dates are read without it: text cells (an
    id, an account number) stay as read, as they name the row in the books."""
    return text[1:] if text[:1] == "'" and text[1:2] in _QUOTABLE else text


def is_empty(text: str) -> bool:
    """Whether a cell means 'nothing' (empty, -, —, /, 无, null, ...): exports fill empty cells with such markers."""
    t = text.strip()
    return t in EMPTY_MARKERS or (t[:1] in ("-", "—") and not t.strip("-—"))


def is_masked(text: str) -> bool:
    """True for cells an anonymised or privacy-masked export hides (****, xx,yyyy.zz)."""
    if "*" not in text and "x" not in text and "X" not in text:
        return False
    return bool(_MASK_RE.search(text.strip()))


#: a figure masked with marks of any kind over some or all of its digits (＊＊＊＊, xxx,xxx.xx,
#: **,**0.00), or a word saying it is hidden: what a privacy-masked export writes as a balance
_MASKED_FIGURE = re.compile(r"[\d*＊xX,.]*[*＊xX]{2,}[\d*＊xX,.]*|已隐藏|隐藏|不显示|已屏蔽")


def is_masked_figure(text: str) -> bool:
    """True for a balance cell masked with any marks (is_masked, ＊＊＊＊, xxx,xxx.xx,
    **,**0.00) or saying it is hidden (已隐藏). Why: such a balance was refused as "not an
    amount", with a hint to fix a cell no bank export lets one fix; it hides the balance and
    counts as missing. Not for ids: 2023xxxxx88 keeps its digits (is_masked)."""
    t = text.strip()
    if not t or not ("*" in t or "＊" in t or "x" in t or "X" in t or "隐" in t or "显" in t or "屏" in t):
        return False  # a figure, as nearly every cell is: told without the regex (it runs for every row)
    return is_masked(t) or bool(_MASKED_FIGURE.fullmatch(t))


#: a run of mask marks other than asterisks between digits (6222xxxx0258, 6222＊＊＊＊0258, 6222…0258)
_OTHER_MASK = re.compile(r"(?<=\d)(?:[xX＊]{2,}|…+|\.{3,}|[·•]{2,})(?=\d)")


def as_asterisks(text: str) -> str:
    """`text` with each run of mask marks between digits written as asterisks (at least
    four): 6222xxxx0258 -> 6222****0258, 6222…0258 -> 6222****0258.

    Why: an account number is read up to its first mark other than a digit or `*`, so
    6222xxxx2222 was the number 6222, which ends another account's number, and the
    statement was booked on that account."""
    return _OTHER_MASK.sub(lambda m: "*" * max(4, len(m.group(0))), text)


def is_masked_number(text: str) -> bool:
    """True for an account number masked with asterisks or with other marks between its
    digits (6222xxxx0258, 6222＊＊＊＊0258, 6222…0258). Why the other marks: the payer's
    6222xxxx0258 was proposed as a donor's account, 62220258, a number nobody has, which
    once confirmed took any card masked the same way for that donor's. (Ids keep is_masked:
    anonymised samples write theirs as 2023xxxxx88, and still pair a refund with its payment.)"""
    return is_masked(text) or bool(_OTHER_MASK.search(text)) or "＊" in text


def is_masked_name(text: str) -> bool:
    """True for a payer's name a bill or statement shows masked (张*, 王*华, **明, ＊): it
    names no one. WeChat Pay and Alipay show most people so, and different people share the
    same mask, so it must not become a donor of its own."""
    return "*" in text or "＊" in text or is_masked(text)


#: a name that is only a surname and a courtesy (王先生, 李女士, 陈总, 欧阳老师, Mr. Wang): a
#: surname of one character, or a two-character one, before a form of address
_COURTESY_ONLY_RE = re.compile(
    r"^(?:[\u4e00-\u9fff]|欧阳|司马|诸葛|上官|东方|皇甫|慕容|令狐|尉迟|公孙|长孙|夏侯|端木|宇文|司徒|独孤|南宫|西门|轩辕)\s*"
    r"(?:先生|女士|小姐|同志|老师|师傅|太太|阿姨|大爷|总|经理|老板|主任|书记)$"
    r"|^(?:mr|mrs|ms|miss|madam)\.?\s+[a-z]+$", re.I)


#: the last character of every courtesy _COURTESY_ONLY_RE knows: a name ending otherwise is
#: no courtesy alone, told without the regex (it runs for every unknown payer of a statement)
_COURTESY_LAST = frozenset("生士姐志师傅太姨爷总理板任记")


def is_courtesy_only(text: str) -> bool:
    """True for a payer's or donor's name that is only a surname and a courtesy (王先生,
    李女士, 张总): it names no one (every 王 is 王先生), so, like a masked name, it must not
    become a donor of its own, whose gifts from many strangers the site would list as one."""
    t = text.strip()
    if t[-1:] not in _COURTESY_LAST and t[:1] not in ("m", "M"):
        return False
    return bool(_COURTESY_ONLY_RE.match(t))


def _has_han(text: str) -> bool:
    return any("\u3400" <= c <= "\u9fff" or "\U00020000" <= c <= "\U0003ffff" for c in text)


def is_garbled_name(text: str) -> bool:
    """True for a name damaged on its way through a spreadsheet or an editor, which names
    no one as written: `?` where a character was that the encoding the file was saved in
    lacks (王?明, ??? for an emoji nickname: a CSV saved as ANSI/GBK), U+FFFD or 锟斤拷
    where bytes were read in the wrong encoding, or UTF-8 read as Windows-1252 (ä¸­å›½ for 中国).

    A Latin name with a question mark (Why? Foundation) or accents (José) is not."""
    if not text or "\ufffd" in text or "锟斤拷" in text:
        return bool(text)
    if "?" in text and (_has_han(text) or not text.strip("? ")):
        return True
    if not any("\x80" <= c <= "\xff" or c in "€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ" for c in text):
        return False
    try:
        return _has_han(text.encode("cp1252").decode("utf-8"))
    except UnicodeError:
        return False


_ROUNDED_RE = re.compile(r"^\d(\.\d+)?E\+?\d+$", re.I)


def is_rounded_id(text: str) -> bool:
    """True for a transaction id that a spreadsheet program turned into a rounded number
    (4200001234567890123456789012 saved as 4.20000123456789E+27): it no longer tells two
    transactions apart, and taken for an id it would make a new transaction look like one
    already in the books."""
    return bool(_ROUNDED_RE.match(text.strip()))


def normalise(text: str) -> str:
    """Full-width digits and punctuation to ASCII (NFKC), padding removed."""
    return unicodedata.normalize("NFKC", text).strip()


#: the invisible characters web pages leave inside copied numbers
_ZERO_WIDTH = dict.fromkeys(map(ord, "\u200b\u200c\u200d\u2060\ufeff"))


def parse_amount(text: str) -> Decimal | None:
    """A money amount, or None for an empty cell; raises ValueError when it is not money."""
    # U+2212 (the minus sign of word processors) is not folded by NFKC; it means "-", and
    # alone it is the "-" that marks an empty cell
    t = _unquoted(normalise(text).replace("\u2212", "-"))
    if is_empty(t):
        return None
    if _AMOUNT_RE.match(t):  # the common cases (100.00, -50.00, 1,234.56), kept fast for 100 000-row files
        return Decimal(t) if len(t) < MAX_AMOUNT_DIGITS else _within_reach(Decimal(t), text)
    if _COMMAS_RE.match(t):
        return _within_reach(Decimal(t.replace(",", "")), text)
    # zero-width characters inside the number (a cell copied from a web page: 3,<ZWSP>000.00),
    # which a spreadsheet shows as 3,000.00; and a currency mark before the accounting
    # parentheses (￥(50.00), as a currency format shows money out) as well as inside them
    t = t.translate(_ZERO_WIDTH)
    t = t.replace("¥", "").replace("￥", "").replace("人民币", "").replace("元", "").replace("RMB", "").replace("CNY", "").strip()
    negative = False
    if t.startswith("(") and t.endswith(")"):
        negative, t = True, t[1:-1]
    t = t.replace("\t", "").strip()
    if negative and (t[:1] in ("+", "-") or t.endswith("-")):
        # a sign inside the parentheses, (-30.00): they mean money out and the sign may mean it
        # too, or undo it; read as +30.00 it turned a payment into money in
        raise ValueError(text)
    if t[:1] in ("+", "-"):
        t = t[0] + t[1:].lstrip()
    if ("," in t or " " in t) and not _GROUPED_RE.match(t):
        raise ValueError(text)
    t = t.replace(",", "").replace(" ", "")
    if t.startswith("+"):
        t = t[1:]
    if t.endswith("-") and _AMOUNT_RE.match(t[:-1]):  # trailing minus, some mainframe exports
        t = "-" + t[:-1]
    if not _AMOUNT_RE.match(t):
        raise ValueError(text)
    try:
        value = _within_reach(Decimal(t), text)
    except InvalidOperation:
        raise ValueError(text) from None
    return -value if negative else value


#: amounts from this many digits before the point on are refused (a thousand trillion yuan):
#: no sum of money is so large; an account number or an id pasted into the column may be
MAX_AMOUNT_DIGITS = 16


def _within_reach(value: Decimal, text: str) -> Decimal:
    """`value`, or ValueError when it has `MAX_AMOUNT_DIGITS` digits or more before the point.

    Why: a 30-digit amount ended the import in an internal error (InvalidOperation: rounded
    to the fen, it has more digits than Decimal holds) instead of naming the cell."""
    if value.adjusted() >= MAX_AMOUNT_DIGITS - 1:
        raise ValueError(text)
    return value


#: what to do about a cell whose number has too many digits to be an amount
DIGITS_HINT = Said(f"小数点前的位数超过任何金额（最多 {MAX_AMOUNT_DIGITS - 1} 位）：可能把账号或编号打进或粘贴进了金额列；请改正该单元格",
                   f"it has more digits before the decimal point than any amount ({MAX_AMOUNT_DIGITS - 1} at most): an account "
                   "number or an id may have been typed or pasted into the amount column; fix the cell")


def too_many_digits(text: str) -> bool:
    """Whether a cell writes a number with `MAX_AMOUNT_DIGITS` digits or more before its point."""
    whole = normalise(text).split(".")[0]
    return sum(ch.isdigit() for ch in whole) >= MAX_AMOUNT_DIGITS


#: a credit or debit mark before or after the amount: CR / DR, or 贷 / 借 (贷方, (借))
_MARK_RE = re.compile(r"^(?:(CR|DR|贷|借)方?\.?\s*(.+?)|(.+?)\s*[(（]?(CR|DR|贷|借)方?[)）]?\.?)$", re.I)
#: the marks that say credit: money into the account (a balance in the holder's favour)
_CREDIT = ("CR", "贷")


def split_mark(text: str) -> tuple[str, int]:
    """An amount written with a credit or debit mark, as some banks' statements do
    (`1,000.00 CR`, `200.00DR`, `DR 50.00`, and in Chinese `1,000.00贷`, `借 300.00`,
    `2,000.00(贷)`): the amount's text without the mark, and +1 for CR / 贷 (credit: money
    into the account), -1 for DR / 借 (debit: money out); (text, 0) without one.

    Why 借 / 贷: printed statements and corporate exports mark amounts and balances so (a
    deposit's balance `2,000.00贷`, an overdraft `借500.00`); such a statement was refused
    row by row as "not an amount", while the same marks in English were read."""
    if not text or _PLAIN_AMOUNT.fullmatch(text):  # no mark to find (the common case)
        return text, 0
    m = _MARK_RE.match(normalise(text).strip())
    if not m:
        return text, 0
    mark, number = (m.group(1), m.group(2)) if m.group(1) else (m.group(4), m.group(3))
    return number, 1 if mark.upper() in _CREDIT else -1


def parse_marked_amount(text: str) -> tuple[Decimal | None, int]:
    """A statement's amount that may carry a CR / DR mark: (the amount, signed by its mark:
    CR money in, DR money out; the mark, 0 without one). An amount with both a sign and a
    mark (`-100.00 CR`) says its direction twice and raises ValueError, as a non-amount does."""
    if _PLAIN_AMOUNT.fullmatch(text):  # no mark, no padding: read as parse_amount reads it, once
        return (Decimal(text) if len(text) < MAX_AMOUNT_DIGITS else _within_reach(Decimal(text), text)), 0
    if not text:
        return None, 0
    number, mark = split_mark(text)
    value = parse_amount(number)
    if not mark or value is None:
        return value, 0
    if normalise(number).strip()[:1] in ("+", "-", "(") or normalise(number).strip().endswith("-"):
        raise ValueError(text)
    return mark * abs(value), mark


#: the time may follow the day after a hyphen, as a mainframe core system's timestamp writes
#: it (DB2's 2026-03-05-10.15.22.123456, 20260306-090001): hours, minutes and seconds, so that
#: a span of days (2026.03.01-03.05) is still no date
_ISO_RE = re.compile(r"^(\d{4})[-/.]?(\d{1,2})[-/.]?(\d{1,2})(?:[ T]|-(?=\d{1,2}([.:])\d{2}\4\d{2}|\d{6}(?:\D|$))|$)")
#: a date and time written as one number, 20260305102201 (some corporate exports' 交易时间)
_STAMP_RE = re.compile(r"^(\d{8})([01]\d|2[0-3])([0-5]\d)([0-5]\d)$")


@functools.lru_cache(maxsize=4096)
def parse_date(text: str, formats: tuple[str, ...] = ()) -> datetime.date:
    """A date (any time after it is ignored); raises ValueError when it is not a date."""
    m = _ISO_RE.match(_unquoted(text.strip()))
    if m and not formats:
        try:
            day = datetime.date(int(m.group(1)), int(m.group(2)), int(m.group(3)))
        except ValueError:
            raise ValueError(text) from None
        if 1990 <= day.year <= 2100:
            return day
    t = _unquoted(normalise(text))
    if not t:
        raise ValueError(text)
    if "周" in t or "星期" in t or "礼拜" in t:
        t = _WEEKDAY.sub("", t).strip()  # 2026-03-05(周四): the day says its weekday too
    stamp = _STAMP_RE.match(t)
    if stamp:
        t = stamp.group(1)
    head = re.split(r"[ T]+", t, maxsplit=1)[0]
    # Why: the built-in formats read digits and -/.年月日 only, six digits at least (2026-3-5):
    # trying all seven on every text cell (交易摘要, a name) of every row, for every layout,
    # kept the import of a 0.5 MB sheet of 2,000 columns running for over 10 minutes
    for fmt in (*formats, *(_DATE_FORMATS if _DATE_SHAPE.match(head) or _DATE_SHAPE.match(t) else ())):
        for candidate in (t, head):
            try:
                day = datetime.datetime.strptime(candidate, fmt).date()
            except ValueError:
                continue
            if 1990 <= day.year <= 2100:
                return day
    # Why: 2026 年 3 月 5 日 and 2026. 3. 5, spaced out by hand to line up a register's column,
    # were refused as no date; spaces beside the separators only (a time after a space stays apart)
    squeezed = _SPACED_SEPARATOR.sub(r"\1", t)
    if squeezed != t:
        return parse_date(squeezed, formats)
    named = month_named_day(t)
    if named is not None:
        return named
    raise ValueError(text)


#: English month names and their abbreviations (Sept as well as Sep), by their first letters
_MONTHS = {name: number for number, names in enumerate((
    ("jan", "january"), ("feb", "february"), ("mar", "march"), ("apr", "april"), ("may",), ("jun", "june"),
    ("jul", "july"), ("aug", "august"), ("sep", "sept", "september"), ("oct", "october"), ("nov", "november"),
    ("dec", "december")), start=1) for name in names}
#: a time after the day (10:15, 10:15:22, 10:15:22.123), as an export may write it
_TIME_AFTER = r"(?:[ T]+\d{1,2}:\d{2}(?::\d{2}(?:\.\d+)?)?)?$"
#: the day first: 07-Dec-2026, 7 December 2026, 07Dec2026, 7-Dec-26 (a two-digit year: refused)
_DAY_MONTH_YEAR = re.compile(r"^(\d{1,2})[-\s/.]*([A-Za-z]{3,9})\.?[-\s/.,]*(\d{4}|\d{2})" + _TIME_AFTER)
#: the month first: Dec 7 2026, Dec 7, 2026, December 07, 2026, Dec-07-2026
_MONTH_DAY_YEAR = re.compile(r"^([A-Za-z]{3,9})\.?[-\s/.]*(\d{1,2})(?:st|nd|rd|th)?[-\s/.,]+(\d{4}|\d{2})" + _TIME_AFTER)


def _month_named(text: str) -> tuple[int, int, str] | None:
    """(day, month, year's digits) of a date written with an English month name, else None."""
    m = _DAY_MONTH_YEAR.match(text)
    if m:
        day, month, year = m.group(1), m.group(2), m.group(3)
    else:
        m = _MONTH_DAY_YEAR.match(text)
        if not m:
            return None
        month, day, year = m.group(1), m.group(2), m.group(3)
    number = _MONTHS.get(month.lower())
    return None if number is None else (int(day), number, year)


def month_named_day(text: str) -> datetime.date | None:
    """A day written with an English month name, as Hong Kong banks' exports write it
    (HSBC's 07-Dec-2026, BOC Hong Kong's 7 December 2026, Dec 7 2026), with a four-digit year;
    None when `text` is not one. The month's name tells the day from the month, so such a
    date is never ambiguous the way 03/01/2026 is; read in English whatever the machine's
    locale (strptime's %b follows it). A two-digit year is not read (`date_problem` says why).

    Why: such a statement was refused row by row ("'07-Dec-2026' is not a date"), and the
    only way round, a profile's date_format, was needed for a date nobody can misread."""
    named = _month_named(text.strip())
    if named is None or len(named[2]) != 4:
        return None
    day, month, year = named
    try:
        value = datetime.date(int(year), month, day)
    except ValueError:
        return None
    return value if 1990 <= value.year <= 2100 else None


#: a weekday after the day, in brackets or not (2026-03-05(周四), 2026年3月5日 星期四): it says nothing more
_WEEKDAY = re.compile(r"\s*[(（]?\s*(?:周|星期|礼拜)[一二三四五六日天]\s*[)）]?")

_SPACED_SEPARATOR = re.compile(r"\s*([年月.])\s*|\s+(?=日)")


#: a day without its year: 12-31, 03/02, 3.2, 3月2日, 0302 (and a time after it)
YEARLESS = re.compile(r"^(?:(?P<m>\d{1,2})\s*[-/.月]\s*(?P<d>\d{1,2})[日号]?|(?P<m2>\d{2})(?P<d2>\d{2}))(?:\s+\d{1,2}:\d{2}(?::\d{2})?)?$")
#: a span of days where one day belongs: 3.1-3.5, 2026.3.1~3.5, 3月1日至5日, 3月上旬
DAY_SPAN = re.compile(r"\d\s*[-~～—至到]\s*\d.*|.*[上中下]旬")


def yearless_day(text: str) -> tuple[int, int] | None:
    """(month, day) when `text` is a day without its year (3月2日, 03/02), else None."""
    m = YEARLESS.match(text.strip())
    month, day = (int(m.group("m") or m.group("m2")), int(m.group("d") or m.group("d2"))) if m else (0, 0)
    return (month, day) if 1 <= month <= 12 and 1 <= day <= 31 else None


#: a day written year first (2026-13-01, 2026.2.30, 2026年13月1日), a time after it or not
_YEAR_FIRST = re.compile(r"^(\d{4})\s*[-/.年]\s*(\d{1,2})\s*[-/.月]\s*(\d{1,2})\s*[日号]?(?:[ T]+\d{1,2}:\d{2}(?::\d{2})?)?$")


def _impossible_day(text: str) -> str:
    """What is wrong with a day written year first whose month or day the calendar has not, or "".

    Why: 2026-13-01 (a digit mistyped) was called "a span of days, not a day", its hyphens
    taken for a range, with advice about a week's sum; the officer looked for a range."""
    m = _YEAR_FIRST.match(normalise(text).strip())
    if not m:
        return ""
    year, month, day = (int(g) for g in m.groups())
    if not 1 <= month <= 12:
        return said(f"{text!r} 不是日历上的日子：{month} 不是月份（1 到 12）",
                    f"{text!r} is no day of the calendar: {month} is not a month (1 to 12)")
    days = calendar.monthrange(year, month)[1]
    if not 1 <= day <= days:
        return said(f"{text!r} 不是日历上的日子：{year}年{month}月只有 {days} 天",
                    f"{text!r} is no day of the calendar: {year}年{month}月 has {days} days")
    return ""


def date_problem(text: str) -> str:
    """What is wrong with a date cell that does not read: empty, a day without its year, a span of days, or no date."""
    if not text:
        return said("日期是空的", "the date is empty")
    if yearless_day(text):
        return said(f"{text!r} 是没有年份的日子：relief 不猜年份", f"{text!r} is a day without its year: relief does not guess the year")
    named = _month_named(text.strip())
    if named is not None and len(named[2]) == 2:
        return said(f"{text!r} 的年份只写了两位：relief 不猜世纪；请用四位年份重新导出对账单（07-Dec-2026），"
                    "或在它的格式配置中写 date_format（\"%d-%b-%y\"）",
                    f"{text!r} writes its year in two digits: relief does not guess the century; export the statement "
                    "with four-digit years (07-Dec-2026), or give its profile a date_format (\"%d-%b-%y\")")
    if named is not None:
        return said(f"{text!r} 不是日历上的日子", f"{text!r} is no day of the calendar")
    wrong = _impossible_day(text)
    if wrong:
        return wrong
    if DAY_SPAN.search(text) and any(ch.isdigit() for ch in text):
        return said(f"{text!r} 是一段日子，不是一天：每笔分录记在它发生的那一天",
                    f"{text!r} is a span of days, not a day: each entry is booked on the day it happened")
    return said(f"{text!r} 不是日期", f"{text!r} is not a date")


_SLASHED_RE = re.compile(r"^\s*(\d{1,2})/(\d{1,2})/(\d{4})(?:[ T]|$)")
DAY_FIRST, MONTH_FIRST = ("%d/%m/%Y",), ("%m/%d/%Y",)


def slashed_order(texts) -> tuple[tuple[str, ...], str, int]:
    """For a column of dates written with the year last (03/01/2026): which comes first, the
    day or the month, decided by all of them together — (formats, "", first) — or ((), why
    not, first), `first` being the index of the first such date.

    Read one by one, 25/01/2026 is day first and 01/25/2026 month first, so a file of either
    kind would have its 03/01/2026 read as 3 January: a wrong day without a word. A file is
    one or the other: a day above 12 in either place decides it for every row; a file with
    both is contradictory, and one with no such day cannot be read without being told.
    No dates of this kind: ((), "", -1)."""
    day_first = month_first = False
    first, at = "", -1
    for index, text in enumerate(texts):
        m = _SLASHED_RE.match(text)
        if not m:
            continue
        if not first:
            first, at = text, index
        a, b = int(m.group(1)), int(m.group(2))
        day_first = day_first or a > 12
        month_first = month_first or b > 12
    if not first:
        return (), "", at
    if day_first and month_first:
        return (), said("它的日期有的行日在前，有的行月在前", "its dates put the day first in some rows and the month first in others"), at
    if day_first or month_first:
        return (DAY_FIRST if day_first else MONTH_FIRST), "", at
    return (), said(f"它的日期（例如 {first!r}）可能是 日/月/年，也可能是 月/日/年，没有一个能说明是哪种",
                    f"its dates, such as {first!r}, may be day/month/year or month/day/year, and none of them tells which"), at


_TIME_RE = re.compile(r"(\d{1,2}):(\d{2})(?::(\d{2}))?")
_SIX_DIGITS_RE = re.compile(r"\d{6}")


def parse_time(text: str) -> str:
    """The time part of a cell ("12:45:27", "123456" → "12:34:56"), or ""."""
    if not text:  # no time column (most statements): asked of every row
        return ""
    t = normalise(text)
    m = _TIME_RE.search(t)
    if m:
        return f"{int(m.group(1)):02d}:{m.group(2)}:{m.group(3) or '00'}"
    if _SIX_DIGITS_RE.fullmatch(t):
        return f"{t[:2]}:{t[2:4]}:{t[4:]}"
    return ""


def impossible_time(time: str) -> bool:
    """Whether a time as `parse_time` gives it (HH:MM:SS) is one no clock shows (77:57:11,
    09:70:58, 19:41:60): a converter's desensitised or hand-edited export. Three character
    comparisons, for the 100 000-row files."""
    return bool(time) and (time[:2] > "23" or time[3] > "5" or time[6] > "5")



def impossible_times_note(found: list[tuple[int, str]]) -> str:
    """The dry run's note on rows whose time no clock shows, (row number, time): named, up to
    eight, and what was done (the date read as written, the time kept as written: it orders
    the day's rows and is part of the row's id, so a file imported before is not proposed again)."""
    named = ", ".join(f"row {n} ({t})" for n, t in found[:8]) + (f" and {len(found) - 8} more" if len(found) > 8 else "")
    named_zh = "、".join(f"第 {n} 行（{t}）" for n, t in found[:8]) + (f" 等，另有 {len(found) - 8} 行" if len(found) > 8 else "")
    return said(f"{len(found)} 行的时刻是钟表上没有的：{named_zh}；各行日期照写的读取，时刻照写的保留（只用于当天各行的排序）："
                "文件被改动过（被转换工具脱敏，或手工编辑），请与银行自己的对账单核对各行",
                f"{len(found)} row(s) have a time of day no clock shows: {named}; each row's date is read as written and "
                "the time kept as written (it only orders the day's rows): the file was altered (desensitised by a converter, "
                "or edited by hand), so check its rows against the bank's own statement")


_DECIMAL_COMMA_RE = re.compile(r"^[^,.]*\d(?:[ .]\d{3})*,\d{1,2}$")


def amount_hint(text: str, hint: str) -> str:
    """`hint` for a cell that is not an amount, or what to do about a decimal comma (100,00,
    1 234,50: a spreadsheet set to a European number format), which relief refuses rather
    than guess at."""
    if too_many_digits(text):
        return DIGITS_HINT
    if _DECIMAL_COMMA_RE.match(normalise(text)):
        return ("the cell writes the decimals after a comma (1 234,50); relief reads amounts with a decimal point only: "
                "save the file again with '.' as the decimal separator")
    return cell_hint(text, hint)


def finer_than_fen(value: Decimal | None) -> bool:
    """Whether an amount has a non-zero digit after the fen (100.005, 0.0000001).

    No bank or platform moves part of a fen: such a cell was made by a spreadsheet formula or
    typed by hand, and booking it rounded would leave the file's money and the books' apart
    by the part rounded away (the dry run would then blame the importer), so the importers
    refuse it, naming the cell."""
    if value is None or value.as_tuple().exponent >= -2:  # the common case, kept fast
        return False
    return value != value.quantize(Decimal("0.01"))


def shown_rounded_hint(text: str, hint: Said | str) -> Said | str:
    """`hint` for an amount finer than the fen, with, for a spreadsheet's computed number
    (six decimals or more: 33.3333333333333, the result of =100/3; no one types so many),
    that the cell shows it rounded and how to make it hold what it shows.

    Why: a register's =100/3 formatted 0.00 shows 33.33, and the refusal of
    "33.3333333333333 has more than two decimals; write money to the fen, e.g. 12.35" sent
    the officer looking for a number the sheet does not show."""
    decimals = text.strip().partition(".")[2]
    if len(decimals) < 6 or not decimals.isdigit():
        return hint
    try:
        shown = f"{Decimal(text.strip()).quantize(_CENT):f}"
    except (InvalidOperation, ValueError):
        return hint
    return said(f"单元格里存的是 {text.strip()}，显示的可能是四舍五入后的 {shown}（它的数字格式只显示两位小数），"
                "这通常是公式的结果（如 =100/3）：请把公式改为 =ROUND(原公式, 2)，或直接填写到分的金额；然后重新导入",
                f"the cell holds {text.strip()} and may show it rounded, {shown} (its number format shows two "
                "decimals): a formula's result, as a rule (=100/3): make the formula =ROUND(formula, 2), or type the "
                "amount to the fen; then import again")


_CENT = Decimal("0.01")


def money(value: Decimal) -> Decimal:
    """Two decimal places, the way the books show CNY (asked twice a row of a statement: the
    fen made once)."""
    return value.quantize(_CENT)


#: what to do about a spreadsheet cell that holds a formula whose result the file does not store
FORMULA_HINT = Said("单元格中是公式，文件没有保存它的结果（文件由不计算公式的程序生成）：请用电子表格程序打开并重新保存，以保存结果",
                    "the cell holds a formula whose result the file does not store (a program that does not calculate "
                    "made the file): open it in a spreadsheet program and save it again, which stores the results")


#: the error values a spreadsheet stores as a formula's result, and what each says went wrong
SPREADSHEET_ERRORS = {
    "#REF!": "it refers to a cell or sheet that was deleted",
    "#DIV/0!": "it divides by zero or by an empty cell",
    "#N/A": "a lookup found nothing",
    "#VALUE!": "it calculates with text",
    "#NAME?": "it names a function or range the program does not know",
    "#NUM!": "a number is out of range",
    "#NULL!": "two ranges it names do not meet",
    "#SPILL!": "its results would overwrite other cells",
    "#CALC!": "it cannot be calculated",
}


#: SPREADSHEET_ERRORS in Chinese, for the hint's Chinese half
SPREADSHEET_ERRORS_ZH = {
    "#REF!": "它引用的单元格或工作表已被删除",
    "#DIV/0!": "它除以零或除以空单元格",
    "#N/A": "查找没有找到结果",
    "#VALUE!": "它用文字做计算",
    "#NAME?": "它用了程序不认识的函数或区域名",
    "#NUM!": "数值超出范围",
    "#NULL!": "它引用的两个区域没有交集",
    "#SPILL!": "它的结果会覆盖其他单元格",
    "#CALC!": "它无法计算",
}


def cell_hint(text: str, hint: str) -> str:
    """`hint`, or FORMULA_HINT when the cell is an uncalculated formula (importers/reading.py
    keeps such a formula's text in the cell, so that it is named instead of read as empty),
    or what a spreadsheet error value (#REF!, #DIV/0!) in the cell means.

    Why: "'#REF!' is not an amount; fix the cell" left the officer to find out that the
    cell shows a formula's error, and that the formula, not the cell's text, is to mend."""
    if text.lstrip().startswith("="):
        return FORMULA_HINT
    named = _month_named(text.strip())
    if named is not None and len(named[2]) == 2:
        # 07-Dec-26: the month's name is read (07-Dec-2026 is), the century is not guessed
        return said("年份只写了两位，relief 不猜世纪：请用四位年份重新导出对账单（07-Dec-2026），"
                    "或在它的格式配置中写 date_format（\"%d-%b-%y\"）",
                    "its year is written in two digits and relief does not guess the century: export the statement "
                    "again with four-digit years (07-Dec-2026), or give its profile a date_format (\"%d-%b-%y\")")
    cause = SPREADSHEET_ERRORS.get(text.strip().upper())
    if cause:
        return said(f"单元格显示电子表格错误 {text.strip()}：它的公式出错了（{SPREADSHEET_ERRORS_ZH[text.strip().upper()]}）；"
                    "请用电子表格程序打开文件，改正公式或键入对账单上的数值后保存，或重新导出对账单",
                    f"the cell shows the spreadsheet error {text.strip()}: its formula failed ({cause}); "
                    "open the file in a spreadsheet program, correct the formula or type the value the "
                    "statement gives, and save it again, or export the statement again")
    return hint
