"""Where a bank statement's table is and what it is: the header row found after the bank's
preamble (a header written over two rows, merged cells), the columns a profile names, the
statement's currency, and `Statement`, what the importer reads of a file (importers/bank.py).
"""

from __future__ import annotations

import datetime
import functools
import re
from dataclasses import dataclass, field
from decimal import Decimal

from importers.errors import Skipped
from importers.profiles import Profile, fold_header, simplified
from importers.reading import Row
from importers.records import ZERO, Record
from importers.values import (
    is_empty,
    normalise,
    parse_date,
    parse_marked_amount,
    split_mark,
    too_many_digits,
)

CURRENCIES = {"人民币": "CNY", "rmb": "CNY", "cny": "CNY", "¥": "CNY", "美元": "USD", "usd": "USD", "港币": "HKD",
              "港元": "HKD", "hkd": "HKD", "欧元": "EUR", "eur": "EUR", "日元": "JPY", "jpy": "JPY", "英镑": "GBP",
              "美金": "USD", "港幣": "HKD", "日圆": "JPY",
              # ISO 4217 numeric codes, which some corporate exports write in 币种
              "156": "CNY", "840": "USD", "344": "HKD", "978": "EUR", "392": "JPY", "826": "GBP"}


HEADER_SCAN_ROWS = 60


#: a preamble's statement of the whole statement's currency: 币种：美元, 币别: USD, 货币：港币
PREAMBLE_CURRENCY = re.compile(r"(?:币种|币别|幣別|貨幣|货币|currency)\s*[:：]\s*\[?\s*([^\s,，;；\]]+)", re.IGNORECASE)
#: a preamble's line naming the card's sub-account the statement is of, by its serial and
#: deposit kind, with its currency: 兴业银行's 卡内账户 | 002 活期储蓄存款 港币 现汇. Only that
#: shape: a sub-account's or account type's name holding 美元 (子账户：美元 现汇, 账户类型：
#: 美元现汇结算户) is no statement of the rows' currency (tests/importers/test_currency_blocks.py)
SUB_ACCOUNT_LINE = re.compile(r"卡内账户\s*[:：]?\s*(\d{3}\s*\S*存款\s+[^,，;；]+)")


#: a card's sub-account serial (ICBC's 子账户序号: 00000): no account number, but it tells the
#: card's sub-accounts (活期, 定期, a USD one) apart
SUB_ACCOUNT = re.compile(r"子账户序号\s*[:：]\s*(\d+)")


def sub_account(rows) -> str:
    """The first sub-account serial the rows state; "" when none does."""
    for row in rows:
        m = SUB_ACCOUNT.search(row.text)
        if m:
            return m.group(1)
    return ""


def currency_code(text: str, default: str) -> str:
    """An ISO currency code for a statement's currency cell (人民币, RMB, usd, 美元现汇, ...);
    `default` when empty. Raises ValueError for a currency it does not know: taken for the
    default, a row in 新加坡元 or 美金 would be booked as that many yuan."""
    # ＣＮＹ, typed with a Chinese input method's full-width letters; 人民幣, 歐元 as a Big5 export writes them
    t = simplified(normalise(text)).lower()
    if not t or is_empty(t):
        return default
    if t in CURRENCIES:
        return CURRENCIES[t]
    if re.fullmatch(r"[a-z]{3}", t):
        return t.upper()
    named = {code for name, code in CURRENCIES.items() if len(name) > 1 and not name.isascii() and name in t}
    if len(named) == 1:  # 人民币元, 美元现汇, 港币(钞)
        return named.pop()
    raise ValueError(text)


@dataclass
class Statement:
    """A bank statement as read: where its header is, its records and skipped rows, and what it states about itself (number, period, totals)."""
    profile: Profile
    sheet: str
    header_row: int
    columns: dict[str, int]
    memo_columns: list[int]
    header_names: list[str]
    records: list[Record] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    number: str = ""
    closing: tuple[datetime.date, Decimal, str] | None = None
    notes: list[str] = field(default_factory=list)
    #: the currency the preamble states for every row (币种：美元), as an ISO code, if it says
    stated_currency: str = ""
    #: the card's sub-account serial the preamble states (ICBC's 子账户序号: 00000), if any
    sub_account: str = ""
    #: the (first, last) day the statement's preamble says it covers, if it says
    stated: tuple[datetime.date, datetime.date] | None = None
    #: the file's own movement over every data row (skipped ones included): money in
    #: (positive) and money out (negative), as its cells say
    file_in: Decimal = ZERO
    file_out: Decimal = ZERO
    #: the two rows of a header written over two rows (as repeated at a page break), else empty
    header_halves: set[tuple[str, ...]] = field(default_factory=set)
    #: mapped columns the profile names that the header row lacks
    missing: list[str] = field(default_factory=list)
    #: for in / out layouts: the money-in and money-out columns summed as written (what a
    #: totals row states)
    column_in: Decimal = ZERO
    column_out: Decimal = ZERO
    #: the same per row, by row number (a day's or a page's subtotal is checked against its rows)
    row_columns: dict[int, tuple[Decimal, Decimal]] = field(default_factory=dict)

    @property
    def row_days(self) -> tuple[datetime.date, datetime.date] | None:
        """The days of its first and last rows."""
        if not self.records:
            return None
        return min(r.date for r in self.records), max(r.date for r in self.records)

    @property
    def period(self) -> tuple[datetime.date, datetime.date] | None:
        """The days the statement covers: the stated period, else its rows' days."""
        return self.stated or self.row_days


def missing_columns(profile: Profile, header: Row) -> list[str]:
    """The header texts of the columns the profile names but the header row lacks (and the
    profile does not allow to be missing)."""
    present = {fold_header(c) for c in header.cells}
    missing = []
    for key in profile.columns:
        if profile.may_lack(key):
            continue
        for alternatives in profile.alternatives(key):
            if not any(fold_header(a) in present for a in alternatives):
                missing.append(f"{' or '.join(alternatives)} ({key})")
    return missing


def find_header(profile: Profile, rows: list[Row]) -> tuple[Row, dict[str, int], list[int]] | None:
    """The header row and the index of each mapped column, or None when this is not the layout.

    A header written over two rows, as printouts saved as spreadsheets and web pages have it
    (交易 above 日期, or 发生额 over 贷方金额 / 借方金额), is read as one: when neither row is
    the header alone, each column's text is the two joined (交易日期), or the lower row's
    where the upper is a title over several columns. The header is then the lower row,
    holding those texts. Such a statement used to be unknown or, its lower row holding 日期
    and 金额, taken for a donation register and refused in that register's words."""
    scan = rows[:HEADER_SCAN_ROWS]
    for i, row in enumerate(scan):
        found = _header_columns(profile, row)
        below = scan[i + 1] if i + 1 < len(scan) else None
        if found is not None:
            titled = _titled_lower_half(profile, row, below, found)
            return titled or _merged_down(profile, scan[i - 1] if i else None, row, found)
        if (row.blank or below is None or not _header_text(below) or _header_columns(profile, below) is not None
                or _states_a_value(row) or _marks_another_layout(profile, below)):
            continue
        candidates = _two_row_readings(profile, row, below)
        if candidates:
            # Why: a title over some columns (对方信息 over 对方户名 and 对方账号) beside
            # columns written over both rows (交易 above 日期) fits neither reading for every
            # column; taking the first reading that found the required columns lost 对方户名,
            # and every gift was booked without its donor's name
            return max(candidates, key=lambda c: len(c[1]) + len(c[2]))
    return None


def _two_row_readings(profile: Profile, row: Row, below: Row) -> list[tuple[Row, dict[str, int], list[int]]]:
    """The readings of a header written over `row` and `below` that are this layout's header
    (as the lower row, holding the texts read)."""
    width = max(len(row.cells), len(below.cells))
    upper, lower = [row.get(k) for k in range(width)], [below.get(k) for k in range(width)]
    joined_cells = [u + lo for u, lo in zip(upper, lower, strict=True)]
    lower_cells = [lo or u for u, lo in zip(upper, lower, strict=True)]
    known = {fold_header(a) for key in profile.columns for column in profile.alternatives(key) for a in column}
    # a title merged over several columns stands in the first of them only: carried
    # right over the columns that have a lower text, it names each (发生额 over 借方 and
    # 贷方 reads 借方发生额 and 贷方发生额; 对方信息 over 户名 and 账号, 对方户名 and 对方账号)
    spanned = list(upper)
    for k in range(1, width):
        if not spanned[k] and lower[k] and lower[k - 1]:
            spanned[k] = spanned[k - 1]
    mixed = []
    for k in range(width):
        readings = (joined_cells[k], lower_cells[k], lower[k] + spanned[k], spanned[k] + lower[k],
                    spanned[k].removesuffix("信息") + lower[k])
        mixed.append(next((t for t in readings if fold_header(t) in known), lower_cells[k]))
    candidates = []
    for cells in (mixed, joined_cells, lower_cells):
        joined = Row(below.number, tuple(cells))
        found = _header_columns(profile, joined)
        if found is not None:
            candidates.append((joined, *found))
    return candidates


def _titled_lower_half(profile: Profile, row: Row, below: Row | None,
                       found: tuple[dict[str, int], list[int]]) -> tuple[Row, dict[str, int], list[int]] | None:
    """A header row that is the layout's header alone, over a row naming the columns a title
    of it spans (对方信息 merged over two columns, 户名 and 账号 in the row below): the two
    read as one, the lower row being the header. Only when each text of the lower row stands
    under a title spanning it (the header cell there or the one after it empty), and the lower
    row holds no date or amount. Why: the lower row was read as a transaction and the file
    refused as "'' is not a date"."""
    if below is None or not _header_text(below) or _states_a_value(below) or _marks_another_layout(profile, below):
        return None
    width = max(len(row.cells), len(below.cells))
    filled = [k for k in range(width) if below.get(k)]
    if not filled or any(row.get(k) and row.get(k + 1) for k in filled) or not any(row.get(k) for k in filled):
        return None
    candidates = [c for c in _two_row_readings(profile, row, below) if len(c[1]) + len(c[2]) >= len(found[0]) + len(found[1])]
    return max(candidates, key=lambda c: len(c[1]) + len(c[2])) if candidates else None


def _merged_down(profile: Profile, above: Row | None, row: Row,
                 found: tuple[dict[str, int], list[int]]) -> tuple[Row, dict[str, int], list[int]]:
    """The header row with the cells a two-row header writes once, merged over both rows (余额
    beside 发生额 over 借方 / 贷方): the upper row's text where the header row is empty, when
    it names a column of the layout. Why: the header row alone was taken, without the 余额 of
    the row above, and the statement was imported as one "missing or masked" its balances."""
    if above is None or above.blank or not _header_text(above):
        return row, *found
    known = {fold_header(a) for key in profile.columns for column in profile.alternatives(key) for a in column}
    width = max(len(row.cells), len(above.cells))
    cells = [row.get(k) or (above.get(k) if fold_header(above.get(k)) in known else "") for k in range(width)]
    if cells == [row.get(k) for k in range(width)]:
        return row, *found
    filled = Row(row.number, tuple(cells))
    more = _header_columns(profile, filled)
    if more is None or len(more[0]) + len(more[1]) <= len(found[0]) + len(found[1]):
        return row, *found
    return filled, *more


#: a cell stating a value after its label (账号：6222…, 姓名：某某): a preamble's, never a header's
_LABELLED_VALUE = re.compile(r"[:：]\s*\S")


def _states_a_value(row: Row) -> bool:
    """Whether a row states something after a label (银行卡号：6222… 姓名：…), as a preamble line
    does. Why: such a line above the header was joined to it as its upper half (银行卡号：…记账日期),
    which hid the header text that tells two layouts apart, and BOCOM's 查询表 was read, and its
    rows booked a second time, as ICBC's corporate statement."""
    return any(_LABELLED_VALUE.search(c) for c in row.cells if c)


def _marks_another_layout(profile: Profile, row: Row) -> bool:
    """Whether a row holds, by itself, a header text that says a file is not of the profile's
    layout (`not_header`). Why: joined to the line above it as a two-row header's lower half
    (姓名 帮扶中心记账日期), the 记账日期 of BOCOM's 查询表 no longer said it was not ICBC's
    corporate statement, as whatever that line held."""
    present = {fold_header(c) for c in row.cells if c}
    return any(fold_header(h) in present for h in profile.not_header)


@functools.lru_cache(maxsize=2 * HEADER_SCAN_ROWS)
def _header_text(row: Row) -> bool:
    """Whether a row could be the lower half of a header: some text, and no cell a date or an
    amount. Cached: every layout asks it of the same rows (a sheet of 2,000 columns, its every
    cell read as a date and an amount for each of them, took minutes to be refused)."""
    if row.blank:
        return False
    for cell in row.cells:
        try:
            if parse_marked_amount(cell)[0] is not None:
                return False
        except ValueError:
            if too_many_digits(cell):
                return False  # figures (an account number) are no header's text
        try:
            parse_date(cell)
            return False
        except ValueError:
            pass
    return True


def _header_columns(profile: Profile, row: Row) -> tuple[dict[str, int], list[int]] | None:
    """The index of each mapped column, and the memo columns, when `row` is the profile's header row; else None."""
    folded = [fold_header(c) for c in row.cells]
    if not any(folded):
        return None
    present = set(folded)
    if any(fold_header(h) not in present for h in profile.header):
        return None
    if any(fold_header(h) in present for h in profile.not_header):
        return None
    columns: dict[str, int] = {}
    for key in profile.columns:
        if key == "memo":
            continue
        for alternative in profile.alternatives(key)[0]:
            f = fold_header(alternative)
            if f in present:
                columns[key] = folded.index(f)
                break
    if not all(k in columns for k in profile.required):
        return None
    memo = []
    for alts in profile.alternatives("memo"):
        for alternative in alts:
            f = fold_header(alternative)
            if f in present:
                memo.append(folded.index(f))
                break
    return columns, memo


# --- reading a cell, for the checks and the balance --------------------------------------


def written_or_zero(text: str) -> Decimal:
    """A cell's amount with the sign it is written with: one carrying a CR / DR mark counts
    as unsigned (what tells reversals apart is the sign a bank writes, not its mark)."""
    number, mark = split_mark(text)
    value = amount_or_zero(number)
    return abs(value) if mark else value


def amount_or_zero(text: str) -> Decimal:
    """A cell's amount, 0 for an empty, masked or unreadable one (left to the row's own checks)."""
    try:
        return parse_marked_amount(text)[0] or ZERO
    except ValueError:
        return ZERO


def reads_as_date(text: str, formats: tuple[str, ...]) -> bool:
    """Whether a cell reads as a date."""
    try:
        parse_date(text, formats)
        return True
    except ValueError:
        return False
