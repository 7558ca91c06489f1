"""The checks a bank statement must pass before a row of it is booked: its own totals, day
and page subtotals and record count against its rows, a last row cut inside its amount, a
second account's rows, times in a date column, a file listed the wrong way round.

Each check refuses the file (ImportProblem) naming the file, the row and what to do:
a statement that disagrees with itself is cut off or edited, and booking it would book
money that is not there or leave out money that is.
"""

from __future__ import annotations

import bisect
import collections
import datetime
import re
from collections.abc import Callable
from decimal import Decimal

from importers.bank_balance import moves_nothing
from importers.bank_layout import PREAMBLE_CURRENCY, Statement, currency_code, sub_account
from importers.context import same_number
from importers.errors import ImportProblem, Said, Skipped, said, zh_of
from importers.profiles import with_draft
from importers.reading import Row, trimmed_cells
from importers.records import ZERO, Record
from importers.statement_lines import (
    BALANCE_LINE,
    CLOSING_WORDS,
    TOTAL_IN_WORDS,
    TOTAL_OUT_WORDS,
    TOTALS_IN_WORDS,
    is_page_subtotal,
    leading_page_label,
    memo_page_label,
    page_line,
    stated_count,
    stated_way_counts,
    stated_way_totals,
    subtotal_kind,
    year_to_date,
)
from importers.values import (
    as_asterisks,
    finer_than_fen,
    is_empty,
    parse_date,
    parse_marked_amount,
    parse_time,
    slashed_order,
    split_mark,
    yearless_day,
)
from ledger.errors import counted as count_of

#: an amount written to the fen (1,234.56, -0.50, (12.00), 5.00元)
_TO_THE_FEN = re.compile(r"\.\d{2}\D*$")

#: what to do about a statement that disagrees with its own summary (a count, a total)
CUT_OFF_HINT = said("文件被截断或被修改过；请重新导出（relief import --ignore-summary 仍可导入这些行）",
                    "the file is cut off or was edited; export it again "
                    "(relief import --ignore-summary imports the rows anyway)")
MAY_BE_CUT_HINT = said("文件可能被截断或被修改过；请重新导出（relief import --ignore-summary 仍可导入这些行）",
                       "the file may be cut off or edited; export it again "
                       "(relief import --ignore-summary imports the rows anyway)")
#: what to do about a row whose amount is missing while its balance says money moved
WRITE_AMOUNT_HINT = said("请写上这一行的金额（电子表格中跨几行合并的金额单元格必须取消合并，每行写自己的金额），或重新导出对账单",
                         "write the row's amount (an amount cell merged over several rows in a spreadsheet must "
                         "be unmerged, each row with its own amount), or export the statement again")
#: what to do when the file holds another account's statement too
SPLIT_SHEET_HINT = said("请把每个账户的对账单分别导出，或在这一行把工作表分成两份，分别导入各部分",
                        "export each account's statement on its own, or cut the sheet in two at this "
                        "row and import each part")
#: the direction of money, for a message's Chinese
_WAY_ZH = {"in": "收入", "out": "支出"}


def _stated_amount(text: str) -> Decimal | None:
    """The amount a totals or balance line states, or None when it states none that can be
    read (empty, masked, words): such a line is passed over, not refused."""
    try:
        return parse_marked_amount(text)[0]
    except ValueError:
        return None


def _fen_part(stated: Decimal) -> str:
    """What to add to a refusal of a stated total written to part of a fen (1,234.005): no
    bank states money so, and the figure read is shown as written, not rounded to 1,234.00
    (the rows' own sum), which made the refusal look like two equal figures."""
    return said("，含不足一分的部分，银行不会这样收付，", ", part of a fen, which no bank moves,") if finer_than_fen(stated) else said("", "")


def _slashed_why_zh(why: str) -> str:
    """The Chinese of why importers.values.slashed_order cannot read a column's dates (its
    reasons are English only): the example date it names is kept."""
    if zh_of(why):
        return zh_of(why)
    if "day first in some rows" in why:
        return "它的日期有些行日在前，有些行月在前"
    example = re.search(r"such as (.+?), may be", why)
    return (f"它的日期（如 {example.group(1)}）可能是 日/月/年，也可能是 月/日/年，没有一个能说明是哪种" if example
            else "它的日期可能是 日/月/年，也可能是 月/日/年")


def signed_total(records: list[Record], row: Row) -> Decimal:
    """What a totals row of a signed layout adds up: the money in when its label says 收入 (or
    存入, 贷方), the money out when it says 支出 (or 取出, 借方), else every amount.

    Why: a statement that ends with 收入合计 and 支出合计 lines was compared, line by line,
    with the net of its rows, and a whole file was refused as cut off or edited."""
    label = next((c for c in row.cells if c), "")
    ins, outs = any(w in label for w in TOTAL_IN_WORDS), any(w in label for w in TOTAL_OUT_WORDS)
    if ins != outs:
        return sum((r.amount for r in records if (r.amount > 0) == ins), ZERO)
    return sum((r.amount for r in records), ZERO)


class StatementChecks:
    """The checks, as methods of importers/bank.py's `BankStatementImporter` (they read its
    profile and its row readers: `_cell`, `_amount`, `_is_totals`...)."""

    def _check_page_subtotals(self, filepath: str, st: Statement, subtotals: list[Row], name: dict[str, str],
                              counted_rows: list[int]) -> None:
        """Each page's subtotal between pages (本页合计, 本页小计: its amounts and a record count
        on it) against the rows of its page, since the page subtotal before it, or, as some banks
        write it, against every row so far.

        Why: they were skipped unread, so a page that lost a row in the export (its subtotal
        saying 300.00 over rows of 200.00) imported without a word where the statement had no
        balances to show it; the last page's subtotal was checked, the others not."""
        start = 0
        for row in subtotals:
            page = [r for r in st.records if start < r.row < row.number]
            try:
                self._check_totals(filepath, st, row, name, part=page,
                                   what=(said("本页小计", "the page's subtotal"), said("本页各行", "the rows of its page")))
            except ImportProblem as problem:
                try:
                    self._check_totals(filepath, st, row, name, part=[r for r in st.records if r.row < row.number])
                except ImportProblem:
                    raise problem from None
            count = stated_count(row.text)
            if count and count[0] not in (sum(1 for n in counted_rows if start < n < row.number),
                                          sum(1 for n in counted_rows if n < row.number)):
                on_page = sum(1 for n in counted_rows if start < n < row.number)
                raise ImportProblem(filepath, said(f"本页小计说本页有 {count[0]} 笔（{count[1]}），但本页读到 {on_page} 个交易行",
                                                   "the page's subtotal says its page has "
                                                   f"{count_of(count[0], 'record', 'records')} ({count[1]}) but "
                                                   + count_of(on_page, "transaction row was", "transaction rows were") + " read on it"),
                                    row=row.number, hint=CUT_OFF_HINT)
            start = row.number

    def _check_count(self, filepath: str, footer: list[Row], counted: int, last_page: int,
                     ways: dict[str, int], sums: dict[str, Decimal] | None = None) -> None:
        """A record count stated under the rows (共 3 笔, 共3条记录, 合计笔数：3) against the
        transaction rows read, and a count of one direction's rows (借方总笔数：2) against that
        direction's (`ways`). Why: it was passed over with the footer, so a statement cut off
        or with rows deleted by hand imported without a word. A page's subtotal line
        (本页小计 … 共1笔) counts the last page's rows (`last_page` of them) or, as some banks
        write it, the whole statement's: it was read as the whole statement's count alone, and
        a statement printed in pages was refused as cut off."""
        for row in footer:
            count = stated_count(row.text)
            if count and count[0] != counted and not (is_page_subtotal(row) and count[0] == last_page):
                raise ImportProblem(filepath, said(f"对账单说它有 {count[0]} 笔（{count[1]}），但读到 {counted} 个交易行",
                                                   f"the statement says it has {count_of(count[0], 'record', 'records')} ({count[1]}) but "
                                                   + count_of(counted, "transaction row was read", "transaction rows were read")),
                                    row=row.number, hint=CUT_OFF_HINT)
            if not is_page_subtotal(row):
                self._check_way_counts(filepath, row, ways)
            first = next((c for c in row.cells if c), "")
            if sums and not (is_page_subtotal(row) or subtotal_kind(row) or year_to_date(first)):
                self._check_way_totals(filepath, row, sums)

    def _way_sums(self, st: Statement) -> dict[str, Decimal]:
        """The money the rows read moved in and out: an in / out layout's columns as written,
        else the records' amounts of each sign."""
        if self.profile.sign == "in-out":
            return {"in": st.column_in, "out": st.column_out}
        return {"in": sum((r.amount for r in st.records if r.amount > 0), ZERO),
                "out": -sum((r.amount for r in st.records if r.amount < 0), ZERO)}

    def _check_way_totals(self, filepath: str, row: Row, sums: dict[str, Decimal]) -> None:
        """Each total of one direction's money a line under the rows states in words of its own
        (光大's 借方发生额 | 1,200.00, a rural bank's 借方总金额：1,500.00, 借方合计金额：1,200.00)
        against the rows read. Not for a layout with `invert` (a card's 收入 is the bank's side);
        a 合计 line of amounts under the money columns is `_check_totals`'.

        Why: such a line was passed over, or refused as a row whose date is not a date, so a
        statement whose rows were cut short imported while its own footer said more moved."""
        if self.profile.invert:
            return
        for way, written, words in stated_way_totals(row.text):
            stated = Decimal(written.replace(",", ""))
            if stated != abs(sums[way]):
                shown = f"{stated:,}" if finer_than_fen(stated) else f"{stated:,.2f}"
                raise ImportProblem(filepath, said(f"对账单说{_WAY_ZH[way]} {shown}（{words}）{_fen_part(stated).zh or '，'}但它的各行"
                                                   f"{_WAY_ZH[way]} {abs(sums[way]):,.2f}",
                                                   f"the statement says {shown} went {way} ({words}){_fen_part(stated)} but its rows move "
                                                   f"{abs(sums[way]):,.2f} {way}"), row=row.number, hint=CUT_OFF_HINT)

    def _check_way_counts(self, filepath: str, row: Row, ways: dict[str, int]) -> None:
        """Each count of one direction's rows the row states (收入总笔数 1笔, 借方总笔数：2) against
        the rows read that moved money that way (`ways`; for an in / out layout, the rows with
        an amount in that column). Not for a layout with `invert` (a card's 收入 is the bank's side).

        Why: 邮储's 收入总笔数 1笔 beside 支出总笔数 2笔 was read as a count of the whole
        statement's rows, and a statement of 3 rows refused as cut off."""
        if self.profile.invert:
            return
        for way, count, words in stated_way_counts(row.text):
            if count != ways[way]:
                raise ImportProblem(filepath, said(f"对账单说{_WAY_ZH[way]} {count} 笔（{words}），但读到{_WAY_ZH[way]}的交易行 {ways[way]} 个",
                                                   f"the statement says {count} "
                                                   f"{'record went' if count == 1 else 'records went'} {way} ({words}) but "
                                                   + count_of(ways[way], "transaction row", "transaction rows") + f" moving money {way} "
                                                   + ("was" if ways[way] == 1 else "were") + " read"), row=row.number,
                                    hint=CUT_OFF_HINT)

    def _check_preamble_summary(self, filepath: str, st: Statement, preamble: list[Row], counted: int,
                                ways: dict[str, int], name: dict[str, str]) -> None:
        """The money in, money out and record count stated above the header (收入合计：1,500.00,
        支出金额：300.00, 共3笔) against the rows read, and a totals row standing there (人民币合计
        in the first column, its figures under the money columns) as one under the rows is.

        Why: only the figures under the rows were checked, so a file whose last rows were lost
        (cut off by a copy, deleted by hand) imported without a word while its own heading said
        more came in; a totals row moved above the header (a statement rearranged in a
        spreadsheet, or printed with its totals first) was passed over as heading text. The
        worded figures are not checked for a layout with `invert` (a card's 收入 is the bank's
        side); a totals row is, as under the rows."""
        for row in preamble:
            if self._is_totals(row):
                self._check_totals(filepath, st, row, name)
        if self.profile.invert:
            return
        sums = self._way_sums(st)
        for row in preamble:
            count = stated_count(row.text)
            if count and count[0] != counted:
                raise ImportProblem(filepath, said(f"对账单说它有 {count[0]} 笔（{count[1]}），但读到 {counted} 个交易行",
                                                   f"the statement says it has {count_of(count[0], 'record', 'records')} ({count[1]}) but "
                                                   + count_of(counted, "transaction row was read", "transaction rows were read")),
                                    row=row.number, hint=CUT_OFF_HINT)
            self._check_way_totals(filepath, row, sums)
            # after the money: a row of 收入笔数 beside 收入金额 names the amount short first
            self._check_way_counts(filepath, row, ways)

    def _refuse_time_for_date(self, filepath: str, st: Statement, rows: list[Row], name: dict[str, str]) -> None:
        """No row has a date, and the date column holds times of day: the file is another
        layout that shares this one's columns (招商银行's corporate 交易日 and 交易时间 beside
        借方金额 / 贷方金额 took the ICBC corporate layout, whose date is 交易时间).

        Why: it was refused as "'10:15:22' in its date column is not a date" with a hint to fix
        the cell, which no edit of the file mends."""
        column = st.columns["date"]
        timed = next((r for r in rows if parse_time(r.get(column)) and r.get(column).count(":") >= 1
                      and not self._is_date(r.get(column))), None)
        if timed is None:
            return
        raise ImportProblem(filepath, said(f"{name['date']} 下的 {timed.get(column)!r} 是没有日期的时刻：格式 {self.profile.name}"
                                           f"（{self.name}）从 {name['date']} 读取日期，所以这个文件是另一种格式",
                                           f"{timed.get(column)!r} under {name['date']} is a time of day without a date: the layout "
                                           f"{self.profile.name} ({self.name}) reads its dates from {name['date']}, so this file is of "
                                           f"another layout"), row=timed.number, column=name["date"],
                            hint=with_draft(said("请在 import_config.py 中把文件的格式写成一个 profile（docs/importing.md，\"Bank "
                                                 "profiles\"），写明它的日期列",
                                                 "describe the file's layout as a profile in import_config.py (docs/importing.md, \"Bank "
                                                 "profiles\"), naming its date column"), st.header_names))

    def _refuse_yearless(self, filepath: str, st: Statement, rows: list[Row], dated: set[int], name: dict[str, str]) -> None:
        """A row moving money whose date cell gives the day without its year (12-31, 03/02,
        3月2日, 0302), as passbook printouts and some card statements write it: refused as
        such. relief does not guess the year: over a year end December's rows would be
        booked in the wrong one.

        Why: it was refused as "the row holds an amount but '12-31' in its date column is not
        a date", with a hint about spreadsheet date numbers that sent the officer to format
        cells."""
        column = st.columns["date"]
        for row in rows:
            text = row.get(column)
            if row.number in dated or not text or not self._holds_money(row, st):
                continue
            if yearless_day(text):
                raise ImportProblem(filepath, said(f"{text!r} 只有月日，没有年份：relief 不猜测年份",
                                                   f"{text!r} is a day without its year: relief does not guess the year"),
                                    row=row.number, column=name["date"],
                                    hint=said("请导出带完整日期（2026-03-02）的对账单，或在每个日期单元格中写上年份（跨年时写各行自己的年份）",
                                              "export the statement with whole dates (2026-03-02), or write the year into "
                                              "every date cell (over a year end, each row's own year)"))

    def _slashed_dates(self, filepath: str, rows: list[Row], column: int, name: str) -> tuple[str, ...]:
        """The date format for a statement whose dates put the year last (03/01/2026), decided
        by the whole column (importers.values.slashed_order); () for other dates. A profile's
        own date_format is used instead, unasked."""
        formats, why, first = slashed_order(r.get(column) for r in rows)
        if why:
            raise ImportProblem(filepath, said(f"{_slashed_why_zh(why)}：无法确定各行是哪一天", f"{why}: the rows' days cannot be read for certain"),
                                row=rows[first].number, column=name,
                                hint=said('请在 import_config.py 中把这种格式写成一个 profile，按银行的写法加上 "date_format": "%d/%m/%Y"'
                                          '（日在前）或 "%m/%d/%Y"（月在前）',
                                          'describe the layout as a profile in import_config.py with "date_format": "%d/%m/%Y" '
                                          '(day first) or "%m/%d/%Y" (month first), as its bank writes them'))
        return formats

    def _check_last_row(self, filepath: str, st: Statement, row: Row, rows: list[Row]) -> None:
        """The file ends inside its last row (no line break): make sure that row is whole.

        Its cells must all be there, its last cell, when an amount, written to the fen as the
        other rows write it, and where the statement has balances, the last row's
        balance must follow from its neighbour's and the amount (a cut inside a number
        would otherwise import a wrong amount silently).
        """
        cut = ImportProblem(filepath, said("文件末尾没有换行，最后一行对不上：文件看起来被截断了",
                                           "the file ends without a line break and its last row does not add up: it looks cut off"),
                            row=row.number, hint=said("请重新导出对账单", "export the statement again"))
        if len(row.cells) < len(st.header_names) or self._cut_inside_amount(st, row, rows):
            raise cut
        if len(st.records) < 2:
            return
        last, prev = st.records[-1], st.records[-2]
        if last.balance is None or prev.balance is None:
            return
        if len(st.records) > 2 and st.records[-3].balance is not None and not _adds_up(st.records[-3], prev):
            # Why: where the row before it does not add up either (balances masked or
            # scrambled, as in deb-sig/bill-file-converter's real samples), the last row's
            # balance says nothing about a cut, and "export again" gives the same file
            return
        if not _adds_up(prev, last):
            raise cut

    @staticmethod
    def _cut_inside_amount(st: Statement, row: Row, rows: list[Row]) -> bool:
        """Whether the last row's last cell is an amount cut short: every other transaction row
        writes that column to the fen (-1,234.56) and this one does not (-123, -1234.5).

        Why: a statement whose amount is its last column and that has no balances (nothing to
        check the amount against) was imported cut off inside that number, -123.00 booked for
        -1,234.56, without a word."""
        last = len(trimmed_cells(row.cells)) - 1
        if last not in {st.columns.get(k) for k in ("in", "out", "amount", "balance")}:
            return False
        recorded = {r.row for r in st.records}
        others = [c for r in rows if r.number in recorded and r is not row for c in [r.get(last)] if c and not is_empty(c)]
        return bool(others) and all(_TO_THE_FEN.search(c) for c in others) and not _TO_THE_FEN.search(row.get(last))

    def _refuse_currency_heading(self, st: Statement, rows: list[Row], dated: set[int], last_data: int) -> None:
        """A line between the rows stating another currency than the statement's (币种：美元,
        币种: USD) starts a block of rows in that currency: refuse the file at that line.

        Why: some sites export each sub-account of a card one under another on one sheet; the
        heading and the header repeated under it were skipped as a page break, and the dollar
        rows were booked as so many yuan. Only a currency label counts (币种, 币别, 货币,
        Currency and a colon): a sub-account's or an account type's name holding 美元 or 现汇
        (子账户：美元 现汇) says nothing of the rows' currency. A file with a currency column
        reads each row's own currency, so its headings are not needed."""
        if "currency" in st.columns:
            return
        own = st.stated_currency or self.profile.currency
        for row in rows:
            if row.number >= last_data or row.number in dated or self._holds_money(row, st):
                continue
            for m in PREAMBLE_CURRENCY.finditer(row.text):
                try:
                    code = currency_code(m.group(1), "")
                except ValueError:
                    continue
                if code and code != own:
                    money = "yuan" if own == "CNY" else own
                    raise ImportProblem(self._filepath, said(f"{m.group(0)!r} 这一行在 {own} 各行下面开始了一段 {code} 的行："
                                                             "一份对账单只按一种币种读取，这些金额会被记成同样数目的"
                                                             + ("元" if own == "CNY" else f" {own}"),
                                                             f"the line {m.group(0)!r} starts a block of rows in {code} below "
                                                             f"the rows in {own}: one statement is read in one currency, and its amounts "
                                                             f"would be booked as so many {money}"), row=row.number,
                                        hint=said("请把每种币种的子账户分别导出，导入人民币的那个（或在这一行把文件截开）；其他币种的捐赠"
                                                  "请按银行的汇率以人民币手工录入（docs/importing.md，\"Other currencies\"）",
                                                  "export each currency's sub-account on its own and import the CNY one (or "
                                                  "cut the file at this line); enter a gift in another currency by hand in CNY "
                                                  "at the bank's rate (docs/importing.md, \"Other currencies\")"))

    def _refuse_pasted_twice(self, st: Statement, rows: list[Row]) -> None:
        """A block of rows that repeats an earlier block cell for cell, balances included: the
        statement (or part of it) pasted into the file twice. Refused naming both ranges.

        Why: every row of the second copy was booked again, each gift with a receipt, the
        money line agreeing (it counts the file's rows). Only with a running balance: two
        genuine gifts of one amount on one day from one payer differ in their balances (and
        in their times or ids, where the file has them). A repeat counts where the balance
        stops following from the row before it (the copy starts again from the first row's
        balance), or where the whole file before it, three rows or more, is repeated (a block
        whose net movement is nil chains on); a lone row like an earlier one with the balance
        following on is a gift refunded and given again, not a paste, and so is a pair (a
        transfer in and its reversal, 冲正, twice in a day)."""
        records = st.records
        if len(records) < 2:
            return
        if any(r.balance is None for r in records):
            self._note_repeated_blocks(st, rows)
            return
        cells = {r.number: trimmed_cells(r.cells) for r in rows}
        keys = [cells.get(r.row) for r in records]
        # the way the file lists its rows, from how most neighbours chain: at the start of a
        # copy of two rows, the other way round chains by chance (the copy's first row is the
        # second row's balance less its amount)
        pairs = list(zip(records, records[1:], strict=False))
        forward = sum(1 for a, b in pairs if b.balance == a.balance + b.amount)
        newest_first = sum(1 for a, b in pairs if a.balance == b.balance + a.amount) > forward
        first: dict[object, int] = {}
        i = 0
        while i < len(records):
            j = first.setdefault(keys[i], i)
            if j == i:
                i += 1
                continue
            k = 1
            while i + k < len(records) and j + k < i and keys[j + k] == keys[i + k]:
                k += 1
            before, here = records[i - 1], records[i]
            follows = (before.balance == here.balance + before.amount if newest_first
                       else here.balance == before.balance + here.amount)
            if not follows or (k >= 3 and j == 0 and j + k == i):
                a, b = records[i].row, records[i + k - 1].row
                c, d = records[j].row, records[j + k - 1].row
                copy, repeats = (f"row {a} repeats row {c}", f"row {a}") if a == b else (f"rows {a}–{b} repeat rows {c}–{d}",
                                                                                     f"rows {a}–{b}")
                copy_zh, repeats_zh = ((f"第 {a} 行与第 {c} 行", f"第 {a} 行") if a == b
                                       else (f"第 {a}–{b} 行与第 {c}–{d} 行", f"第 {a}–{b} 行"))
                raise ImportProblem(self._filepath, said(f"{copy_zh}逐格相同，连余额也相同：对账单（或其中一部分）被粘贴进文件两次，"
                                                         "这些行会被记账两次",
                                                         f"{copy} cell for cell, balances included: the statement, or part "
                                                         "of it, was pasted into the file twice, and its rows would be booked twice"),
                                    row=a,
                                    hint=said(f"请删除{repeats_zh}（或重新导出对账单），然后重新导入文件",
                                              f"delete {repeats} (or export the statement again) and import the file again"))
            i += 1

    @staticmethod
    def _note_repeated_blocks(st: Statement, rows: list[Row]) -> None:
        """Without balances a block repeated cell for cell cannot be told from the same gifts
        made again: both are booked, and the dry run names the first such block (rows of
        two or more, right after the block they repeat) for a person to compare with the
        bank's statement. Why: a statement pasted twice was booked twice without a word."""
        cells = {r.number: trimmed_cells(r.cells) for r in rows}
        keys = [cells.get(r.row) for r in st.records]
        first: dict[object, int] = {}
        for i, key in enumerate(keys):
            j = first.setdefault(key, i)
            if j == i:
                continue
            k = 1
            while i + k < len(keys) and j + k < i and keys[j + k] == keys[i + k]:
                k += 1
            if k >= 2 and j + k == i:
                a, b = st.records[i].row, st.records[i + k - 1].row
                c, d = st.records[j].row, st.records[j + k - 1].row
                st.notes.append(said(f"第 {a}–{b} 行与第 {c}–{d} 行逐格相同：对账单是否被粘贴进文件两次？没有余额列，relief "
                                     "无法把它们与再次发生的相同交易区分开，两者都记账：请与银行的对账单核对",
                                     f"rows {a}–{b} repeat rows {c}–{d} cell for cell: was the statement pasted into "
                                     "the file twice? Without a balance column relief cannot tell them from the same "
                                     "transactions made again, and books both: compare with the bank's statement"))
                return

    def _refuse_mixed_accounts(self, filepath: str, st: Statement, rows: list[Row], name: dict[str, str]) -> None:
        """A statement whose own-account column (BOC's 借记卡号) names more than one account:
        refused at the first row of an account other than the first row's (or the one the
        preamble names).

        Why: a download of all of a customer's cards lists each card's rows, interleaved;
        every row was booked on one account, another card's gifts and payments included, with
        only a note that a balance did not follow."""
        column = st.columns.get("own_account")
        if column is None:
            return
        by_number = {r.number: r for r in rows}
        own = st.number
        for record in st.records:
            row = by_number.get(record.row)
            number = as_asterisks(row.get(column)) if row is not None else ""
            if not number or is_empty(number) or not any(ch.isdigit() for ch in number):
                continue
            if not own:
                own = number
            elif not same_number(number, own):
                raise ImportProblem(filepath, said(f"这一行是账户 {number} 的，上面各行是账户 {own} 的：relief 每个文件只导入一个账户的对账单",
                                                   f"this row is of account {number}, the rows above of account {own}: "
                                                   "relief imports one account's statement per file"), row=record.row,
                                    column=name.get("own_account"),
                                    hint=said("请把每张卡或每个账户的对账单分别导出（一次查询一张卡），或按这一列拆分文件，分别导入各部分",
                                              "export each card's or account's statement on its own (query one card at "
                                              "a time), or split the file by that column and import each part"))

    def _refuse_second_account(self, st: Statement, block: list[Row]) -> None:
        """A block that looks like a page break but names another account number than the
        statement's own is the heading of a second account's statement on the same sheet
        (some online banking sites export every account queried, one under another).

        Why: it was skipped as a page break, and the second account's rows were booked on
        the first account's books account, the money line holding (it counted them too).
        After the first statement's totals row, it is named the same way rather than as
        transaction rows after the footer, which told the officer to export again.

        A block naming an account under a statement that names none above its header is no
        heading of this statement's either. Why: BOC's 交易流水明细单 (no account line; the
        books account given by --account) with another account's table pasted under it had
        the line 账号：… skipped as "the statement's heading again", and that account's rows
        booked on this one's books account."""
        for r in block:
            serial = sub_account([r])
            if serial and st.sub_account and serial != st.sub_account:
                raise ImportProblem(self._filepath, said(f"这一行在子账户 {st.sub_account} 的各行下面开始了该卡另一个子账户"
                                                         f"（子账户序号 {serial}）的各行：relief 每个文件只导入一个账户的对账单",
                                                         f"this row starts the rows of another sub-account of the card "
                                                         f"(子账户序号 {serial}) below those of sub-account {st.sub_account}: relief imports "
                                                         "one account's statement per file"), row=r.number,
                                    hint=said("请把每个子账户的对账单分别导出（美元或定期子账户是单独的账户），或在这一行把工作表分成两份",
                                              "export each sub-account's statement on its own (a USD or time-deposit "
                                              "sub-account is an account of its own), or cut the sheet in two at this row"))
        for r in block:
            number = self._account_number([r])
            if number and not st.number:
                raise ImportProblem(self._filepath, said(f"这一行写明了账户 {number}，但它上面的对账单没有写明账户：它在上面各行下面"
                                                         "开始了另一份对账单（relief 每个文件只导入一个账户的对账单）",
                                                         f"this row names account {number}, but the statement above it names "
                                                         "none: it starts another statement below the rows above (relief imports one "
                                                         "account's statement per file)"), row=r.number,
                                    hint=SPLIT_SHEET_HINT)
            if number and number == st.number and not same_number(number, st.number):
                # masked alike (6214********): the numbers cannot be told apart, so not "another account"
                raise ImportProblem(self._filepath, said(f"这一行又开始了一份对账单（它的标题和账户 {number}，与上面的一样被遮盖）："
                                                         "文件中上下有两份对账单，是同一份出现两次，或是银行遮盖得一样的两张卡",
                                                         f"this row starts a statement again (its heading and account "
                                                         f"{number}, masked as the one above): the file holds two statements one under the "
                                                         "other, the same one twice or two cards the bank masked alike"),
                                    row=r.number,
                                    hint=said("请把每份对账单按下载时的样子作为单独的文件导入；粘贴了两次的对账单只导入一次",
                                              "import each statement as its own file, as downloaded; a statement pasted "
                                              "twice is imported once"))
            if number and not same_number(number, st.number):
                raise ImportProblem(self._filepath, said(f"这一行在账户 {st.number} 的各行下面开始了另一个账户（{number}）的对账单："
                                                         "relief 每个文件只导入一个账户的对账单",
                                                         f"this row starts the statement of another account ({number}) "
                                                         f"below the rows of account {st.number}: relief imports one account's statement per file"),
                                    row=r.number,
                                    hint=said("请把每个账户的对账单分别导出，或在这一行把工作表分成两份，分别导入各部分（每部分保留自己的账号和表头）",
                                              "export each account's statement on its own, or cut the sheet in two at this row "
                                              "and import each part (each part keeps its account number and header)"))

    def _check_still_rows(self, filepath: str, st: Statement, still: dict[int, Decimal | None], name: dict[str, str],
                          still_days: dict[int, datetime.date] | None = None) -> None:
        """A row with no amount moves no money: its balance is the balance of the row before
        it in time, and the row after it in time moves the balance from there by its own
        amount. Why: an amount cell left empty by mistake, or merged with another row's in
        a spreadsheet, was skipped as "amount is zero" while its balance said money moved (a
        300.00 payment lost, listed as +0).

        The file may list the oldest or the newest first, so a neighbour in the file may be
        the row before or after in time: the row is refused only when its balance fits its
        neighbours neither way (and at least one neighbour's balance is known; masked
        balances are not compared). A file whose rows are in no date order (sorted by amount
        or payee in a spreadsheet) has no neighbours in time to compare: there the row's
        balance must be one another row reaches (the row before it in time reaches it; that
        the row after starts from it tells nothing, as it does after a lost amount too). Why:
        ABC's real statement so sorted was refused at its 利息税 of 0.00, "money moved", with
        a hint to write the row's amount. A bank may list a day's rows the other way round
        from its days (newest day first, each day oldest first): a row of the same day beside
        it whose balance is its own is the row before it in time (a row moving money after it
        would have another balance)."""
        if "balance" not in self._cols or not still:
            return
        rows = {r.row: (r.balance, r.amount) for r in st.records} | {n: (b, ZERO) for n, b in still.items()}
        order = sorted(rows)
        by_row = {r.row: r for r in st.records}
        days = [r.date for r in sorted(st.records, key=lambda r: r.row)]
        in_order = days == sorted(days) or days == sorted(days, reverse=True)
        # out of date order: how many rows reach each balance, counted once (not per row of no amount)
        reached = collections.Counter(b for b, _ in rows.values() if b is not None)
        known_balances = sum(reached.values())
        for i, number in enumerate(order):
            here = still.get(number)
            if number in still and here is None and in_order:
                self._refuse_gap_across(filepath, st, number, name)
            if number not in still or here is None:
                continue
            if not in_order:
                if known_balances - 1 == 0 or reached[here] > 1:  # another row than this one reaches it
                    continue
                raise ImportProblem(filepath, said(f"这一行没有金额，但它的余额 {here:,.2f} 不是其他任何一行达到的余额：有资金变动"
                                                   "（各行不按日期排列，所以它旁边的行不是时间上在它前后的行）",
                                                   f"the row has no amount, yet its balance {here:,.2f} is no balance another row "
                                                   "reaches: money moved (the rows are not in date order, so the rows beside it are not "
                                                   "those before and after it in time)"), row=number, column=name.get("balance"),
                                    hint=WRITE_AMOUNT_HINT)
            before = rows[order[i - 1]] if i > 0 else (None, ZERO)
            after = rows[order[i + 1]] if i + 1 < len(order) else (None, ZERO)
            known = [(b, a) for b, a in (before, after) if b is not None]
            if not known:
                continue
            if moves_nothing(here, before, after) or moves_nothing(here, after, before):  # oldest or newest first
                continue
            day = (still_days or {}).get(number)
            beside = [by_row.get(order[j]) for j in (i - 1, i + 1) if 0 <= j < len(order)]
            if day is not None and any(r is not None and r.date == day and r.balance == here for r in beside):
                continue  # the day listed the other way round from the file
            raise ImportProblem(filepath, said(f"这一行没有金额，但它的余额 {here:,.2f} 与旁边各行的余额"
                                               f"（{', '.join(f'{b:,.2f}' for b, _ in known)}）接不上：有资金变动",
                                               f"the row has no amount, yet its balance {here:,.2f} does not follow from the rows "
                                               f"beside it ({', '.join(f'{b:,.2f}' for b, _ in known)}): money moved"),
                                row=number, column=name.get("balance"), hint=WRITE_AMOUNT_HINT)

    @staticmethod
    def _refuse_gap_across(filepath: str, st: Statement, number: int, name: dict[str, str]) -> None:
        """A row with no amount and no balance (its money and balance cells empty) tells
        nothing itself; the rows beside it in the file do. When every other pair of rows
        chains (each balance follows from the one before it and its amount, in one order) and
        the pair around this row does not, the money between them moved on this row: refused,
        naming what moved. Why: such a row (its cells cleared in a spreadsheet, or cut after its
        counterparty) was skipped as "amount is zero: no money moved, +0" while the balances
        around it said 300.00 had gone out, the payment lost with only a note. A file whose
        balances do not chain elsewhere (masked or scrambled in an anonymised sample) is left
        to that note and to the closing balance's assertion."""
        records = sorted((r for r in st.records if r.balance is not None), key=lambda r: r.row)
        if len(records) != len(st.records) or len(records) < 3:
            return
        at = next((k for k, r in enumerate(records) if r.row > number), None)
        if not at:
            return  # first or last in the file: no rows on both sides
        prev, nxt = records[at - 1], records[at]
        others = [(a, b) for a, b in zip(records, records[1:], strict=False) if (a, b) != (prev, nxt)]
        for newest_first in (False, True):
            pairs = [((b, a) if newest_first else (a, b)) for a, b in others]
            if not all(later.balance == earlier.balance + later.amount for earlier, later in pairs):
                continue
            earlier, later = (nxt, prev) if newest_first else (prev, nxt)
            moved = later.balance - later.amount - earlier.balance
            if moved:
                raise ImportProblem(filepath, said(f"这一行既没有金额也没有余额，但它旁边各行的余额（第 {earlier.row} 行："
                                                   f"{earlier.balance:,.2f}，第 {later.row} 行：{later.amount:+,.2f} 之后为 "
                                                   f"{later.balance:,.2f}）说明两行之间变动了 {moved:+,.2f}，就在这一行：它的金额缺失了",
                                                   f"the row has no amount and no balance, yet the balances of the rows beside it "
                                                   f"(row {earlier.row}: {earlier.balance:,.2f}, row {later.row}: {later.balance:,.2f} after its "
                                                   f"{later.amount:+,.2f}) say {moved:+,.2f} moved between them, on this row: its amount is missing"),
                                    row=number, column=name.get("balance"),
                                    hint=said("请写上这一行的金额和余额（在电子表格中被清除或合并的单元格），或重新导出对账单",
                                              "write the row's amount and balance (cells cleared or merged in a spreadsheet), "
                                              "or export the statement again"))
            return

    def _check_day_subtotal(self, filepath: str, st: Statement, row: Row, name: dict[str, str],
                            days: dict[object, list[Record]], record_rows: list[int]) -> None:
        """A day's subtotal (本日合计, 当日合计) between the days of a statement, checked against
        the rows of its day: the date it shows, else the day of the transaction above it.
        `days`: the records by day and by (year, month); `record_rows`: their rows, in order.

        Why: such a row was taken for the totals row, and the rows of the following days for
        transactions after it: the whole statement was refused as rows after the footer, and
        no export leaves the subtotals out."""
        try:
            day = parse_date(self._cell(row, "date"), self._date_formats)
        except ValueError:
            above = bisect.bisect_left(record_rows, row.number)
            if not above:
                return
            day = st.records[above - 1].date
        if subtotal_kind(row) == "month":
            part = days.get((day.year, day.month), [])
            self._check_totals(filepath, st, row, name, part=part,
                               what=(said("本月小计", "the month's subtotal"), said(f"{day:%Y-%m} 的各行", f"the rows of {day:%Y-%m}")))
            return
        part = days.get(day, [])
        self._check_totals(filepath, st, row, name, part=part,
                           what=(said("本日小计", "the day's subtotal"), said(f"{day} 的各行", f"the rows of {day}")))

    def _check_carry_lines(self, filepath: str, st: Statement, lines: list[Row], name: dict[str, str]) -> None:
        """Each page line taken for a page break (`,,234.00,271.66,过次页,,`, `过次页,,234.00,271.66`)
        against the running totals: its balance is the row before's, its amounts those of the
        rows so far or of its page (since the line before). One labelled in a memo column is
        checked with --ignore-summary too: a label after the amounts is a weaker sign than one
        leading the row, and the line is skipped only when its amounts show it moves nothing
        of its own. One whose label leads the row is passed here only when the summary is
        checked; a 本页合计 leading the row has its amounts checked by _check_page_subtotals.

        Why: a memo-labelled line was refused as a date merged over several rows; skipped
        unread, a transaction whose memo happened to start 过次页 would go unbooked. One whose
        label led the row was skipped unread: a page break that lost a row (过次页 stating the
        balance 1,271.66 where the row before reaches 271.66) imported without a word."""
        start = 0
        for row in lines:
            label = memo_page_label(row, st.memo_columns)
            leading = not label
            label = label or leading_page_label(row)
            kind = page_line(row, st.memo_columns)
            what = said(f"这一行是分页行：{zh_of(kind) or kind}（{label}）", f"the row is a page-break line: {kind} ({label})")
            hint = said("对账单可能在分页处丢了一行；请重新导出。如果这一行是交易，请写上它的日期；如果是银行的分页行，"
                        "请删除它或把它的标签写在这一行的最前面",
                        "the statement may have lost a row at the page break; export it again. If the line is a "
                        "transaction, write its date; if it is the bank's line, delete it or write its label first in the row")
            if leading:
                hint = said("对账单可能在分页处丢了一行；请重新导出（relief import --ignore-summary 仍可导入这些行）",
                            "the statement may have lost a row at the page break; export it again "
                            "(relief import --ignore-summary imports the rows anyway)")
            before = [r for r in st.records if r.row < row.number]
            if before:
                try:
                    stated = self._balance(filepath, row, name)
                except ImportProblem:
                    if not leading:
                        raise
                    stated = None  # a count (共4笔) where the balance stands on a 本页合计: checked with the count
                reached = max(before, key=lambda r: r.row).balance
                if stated is not None and reached is not None and stated != reached:
                    raise ImportProblem(filepath, said(f"{what.zh}，写的余额是 {self._cell(row, 'balance')}，但它前一行达到的是 {reached:,.2f}",
                                                       f"{what} states the balance {self._cell(row, 'balance')}, but the row before "
                                                       f"it reaches {reached:,.2f}"), row=row.number, column=name["balance"], hint=hint)
            if leading and is_page_subtotal(row):
                start = row.number
                continue
            try:
                self._check_totals(filepath, st, row, name, part=before, what=(what, said("到它为止的各行", "the rows so far")))
            except ImportProblem as problem:
                try:
                    self._check_totals(filepath, st, row, name, part=[r for r in before if r.row > start],
                                       what=(what, said("它这一页的各行", "its page")))
                except ImportProblem:
                    problem.hint = hint  # a page break's hint, not the totals row's
                    raise problem from None
            start = row.number

    def _refuse_memo_page_line(self, filepath: str, st: Statement, row: Row) -> None:
        """Refuse a row without a date that holds amounts and a page line's label in a memo
        column, where it is no page break (under the last row, or among other text), naming
        it as what it says it is rather than as a date merged over several rows."""
        label = memo_page_label(row, st.memo_columns)
        if label and self._holds_money(row, st):
            kind = page_line(row, st.memo_columns)
            raise ImportProblem(filepath, said(f"这一行是分页行：{zh_of(kind) or kind}（{label}），标签写在金额之后，"
                                               "在这里不被当作分页行：只有在两页交易之间、"
                                               "旁边只有该页的标题、表头和页码时才是",
                                               f"the row is a page-break line: {kind} ({label}), written "
                                               "after its amounts, where it is not read as one: only between two pages of transactions, "
                                               "with nothing but the page's heading, header and number beside it"),
                                row=row.number, hint=said("如果是银行的分页行，请删除它（它本身不动用资金）或把它的标签写在这一行的最前面；"
                                                          "如果是交易，请写上它的日期",
                                                          "if it is the bank's line, delete it (it moves no money of its own) or write "
                                                          "its label first in the row; if it is a transaction, write its date"))

    def _check_totals(self, filepath: str, st: Statement, row: Row, name: dict[str, str], part: list[Record] | None = None,
                      what: tuple[str, str] = (said("文件自己的合计", "the file's own total"), said("它的各行", "its rows"))) -> None:
        """A totals row's amounts against the rows: every row, or only those in `part` (a
        day's or the last page's subtotal, named by `what`)."""
        p = self.profile
        records = st.records if part is None else part
        if p.sign == "in-out":
            if part is None:
                pairs = [("in", st.column_in), ("out", st.column_out)]
            else:
                cells = [st.row_columns[r.row] for r in part if r.row in st.row_columns]
                pairs = [("in", sum((c[0] for c in cells), ZERO)), ("out", sum((c[1] for c in cells), ZERO))]
        else:
            pairs = [("amount", signed_total(records, row) * (-1 if p.invert else 1))]
        for key, computed in pairs:
            text, column = row.get(st.columns[key]), name[key]
            if not text and key in TOTALS_IN_WORDS:
                # a totals line in words, as CMB writes: "# 收入合计: 2 笔，共 1502.10 元"
                m = TOTALS_IN_WORDS[key].search(row.text)
                text, column = (m.group(1), None) if m else ("", None)
            stated = _stated_amount(text)
            if stated is None:
                continue
            if abs(stated) != abs(computed):
                raise ImportProblem(filepath, said(f"{zh_of(what[0]) or what[0]} {text}{_fen_part(stated).zh or ' '}与"
                                                   f"{zh_of(what[1]) or what[1]}（合计 {computed:,.2f}）不符",
                                                   f"{what[0]} {text}{_fen_part(stated)} disagrees with {what[1]}, which add up to {computed:,.2f}"),
                                    row=row.number, column=column, hint=MAY_BE_CUT_HINT)

    def _stated_closings(self, st: Statement, footer: list[Row], name: dict[str, str]):
        """The closing balances lines under the rows state (期末余额 1,680.00, 本期余额：…), as
        (row, amount from the centre's side, column). Only the period's end counts (期末,
        本期, 月末, 年末, 期终): 当日余额 under a printout may be the balance of the day it was
        printed, after the statement's end; masked or unreadable figures are passed over."""
        for row in footer:
            label = next((c for c in row.cells if c and BALANCE_LINE.fullmatch(c)), "")
            if not label.startswith(CLOSING_WORDS):
                continue  # 期初 opens; 当日余额 / 本日余额 under a printout may be the day it was printed
            text, column = row.get(st.columns["balance"]) if "balance" in st.columns else "", name.get("balance")
            if not text and re.search(r"[:：]", label):
                text, column = re.split(r"[:：]", label, maxsplit=1)[1].strip(), None
            stated = _stated_amount(text)
            if stated is None:
                continue
            yield row, -stated if self.profile.invert and not split_mark(text)[1] else stated, column

    def _check_stated_closing(self, filepath: str, st: Statement, footer: list[Row], name: dict[str, str]) -> None:
        """A line under the rows stating the closing balance against the balance the rows
        reach (the balance assertion's); where the rows have no balance, the line's is the
        balance asserted.

        Why: such a line was passed over as a footer, and a file whose last rows were cut off
        or deleted was imported with the balance its rows reached, the money the statement
        itself says is there never mentioned; and a statement without a balance column but
        with its closing balance under the rows was imported with no balance assertion."""
        stated = list(self._stated_closings(st, footer, name))
        if st.closing is None:
            if stated and st.records and len({r.currency for r in st.records}) == 1:
                row, amount, _ = stated[-1]
                end = st.stated[1] if st.stated else max(r.date for r in st.records)
                st.closing = (end + datetime.timedelta(days=1), amount, st.records[0].currency)
                st.notes.append(said(f"各行没有余额：断言的期末余额是文件在各行下面写明的（第 {row.number} 行：{amount:,.2f}）",
                                     f"the rows have no balance: the closing balance asserted is the one the file states "
                                     f"under them (row {row.number}: {amount:,.2f})"))
            return
        reached = st.closing[1]
        for row, amount, column in stated:
            if amount != reached:
                raise ImportProblem(filepath, said(f"文件写明的期末余额 {amount:,.2f} 不是它的各行达到的 {reached:,.2f}"
                                                   f"（{amount - reached:+,.2f}）",
                                                   f"the closing balance the file states, {amount:,.2f}, is not the "
                                                   f"{reached:,.2f} its rows reach ({amount - reached:+,.2f})"), row=row.number,
                                    column=column,
                                    hint=said("文件可能被截断或被修改过（删了一行）；请重新导出（relief import --ignore-summary 仍可导入这些行）",
                                              "the file may be cut off or edited (a row deleted); export it again "
                                              "(relief import --ignore-summary imports the rows anyway)"))

    def _refuse_inverted(self, filepath: str, st: Statement) -> None:
        """Every row's balance follows from its neighbour's only with the row's amount the
        other way round: the file's money in is read as money out and the other way round
        (a bank writing debits positive in a signed column, or a profile with its columns or
        direction words swapped).

        Why: such a statement was proposed with each payment as a donation and each gift as
        a payment, under a note that the balances did not follow ("a masked or edited
        export?"); only a balance assertion, where the file has one, stopped the write."""
        records = st.records
        if len(records) < 2 or any(r.balance is None for r in records):
            return
        pairs = list(zip(records, records[1:], strict=False))
        if not (all(b.balance == a.balance - b.amount for a, b in pairs) or all(a.balance == b.balance - a.amount for a, b in pairs)):
            return
        p, first = self.profile, records[1]
        if p.sign == "signed":
            # "invert" turns the balance round with the amount (a credit card's debt): it cannot mend this
            where = said("带正负号的金额列按收入为正读取；如果银行提供，请导出收入和支出分两列、或带借贷列的对账单，"
                         "并把那种格式写成一个 profile",
                         "a signed amount column is read with money in positive; export the statement with money in and money "
                         "out in two columns, or with a 借贷 column, if the bank offers it, and describe that layout as a profile")
        else:
            fix = ('swap the profile\'s "in" and "out" columns (on a bank\'s statement 借方 is money out of the account, '
                   '贷方 money in)' if p.sign == "in-out" else 'swap the profile\'s "direction_in" and "direction_out"')
            fix_zh = ('交换 profile 的 "in" 和 "out" 列（在银行对账单上，借方是从账户付出的钱，贷方是收入的钱）' if p.sign == "in-out"
                      else '交换 profile 的 "direction_in" 和 "direction_out"')
            where = (said(f"请在 import_config.py 中{fix_zh}", f"in import_config.py, {fix}") if p.optional is not None  # a profile of the books' own
                     else said(f"请在 import_config.py 中把这种格式写成一个 profile（docs/importing.md，\"Bank profiles\"），并{fix_zh}",
                               f"describe the layout as a profile in import_config.py (docs/importing.md, \"Bank profiles\") and {fix}"))
        raise ImportProblem(filepath, said(f"只有把金额反过来读，每一行的余额才能由金额推出（第 {first.row} 行：读到 {first.amount:+,.2f}，"
                                           f"余额 {first.balance:,.2f}）：文件写收入和支出的方向与格式 {p.name}（{self.name}）相反",
                                           f"every row's balance follows from the amounts only if they are read the other way round "
                                           f"(row {first.row}: {first.amount:+,.2f} read, its balance {first.balance:,.2f}): the file writes "
                                           f"money in and money out the opposite way to the layout {p.name} ({self.name})"), row=first.row,
                            hint=where)


def _adds_up(before: Record, after: Record) -> bool:
    """Whether the balances of two rows listed one after the other follow from their amounts,
    oldest first or newest first as their dates say (either way within a day)."""
    if after.date > before.date:
        return after.balance == before.balance + after.amount
    if after.date < before.date:
        return before.balance == after.balance + before.amount
    return after.balance == before.balance + after.amount or before.balance == after.balance + before.amount


#: a row with its money (and balance) cells empty that nothing checks, listed as a row whose
#: money is unknown: (the skipped row's reason, its note given the row's number), by where it is
#: (EdgeRowChecks._flag_unknown_edge_rows). Why unknown, not +0: a payment could be lost under a +0.
#: "edge": first or last, no row beyond it; "middle": between rows whose balances do not chain
#: (rows masked or scrambled, a balance column that is no running balance: `_refuse_gap_across`
#: cannot tell what moved between them); "unchecked": a statement where no row states a balance.
_UNKNOWN_WORDS: dict[str, tuple[Said, Callable[[int], Said]]] = {
    "edge": (said("金额和余额都是空的，前后没有可核对的行：这一行的资金不明",
                  "no amount and no balance, and no row beyond it to check against: the money of this row is unknown"),
             lambda row: said(
                 f"第 {row} 行的金额和余额都是空的，它是对账单首尾的一行，文件中没有别的行、期末余额或合计能说明它是否动用了资金："
                 "没有记账；请对照银行对账单核实这一行（单元格在电子表格中被清空，或文件被截断？），必要时重新导出",
                 f"row {row} has no amount and no balance, at an end of the statement where no other row, closing "
                 "balance or totals line says whether money moved on it: not booked; check the row against the bank's "
                 "statement (cells cleared in a spreadsheet, or a file cut short?), and export it again if need be")),
    "middle": (said("金额和余额都是空的，它前后两行的余额也接不上：这一行的资金不明",
                    "no amount and no balance, and the balances of the rows before and after it do not follow from each other: "
                    "the money of this row is unknown"),
               lambda row: said(
                   f"第 {row} 行的金额和余额都是空的，它前后两行的余额接不上（这份文件的余额不是逐行连续的），"
                   "也没有期末余额或合计能说明它是否动用了资金：没有记账；请对照银行对账单核实这一行（单元格在电子表格中被清空？），必要时重新导出",
                   f"row {row} has no amount and no balance, and the balances of the rows before and after it do not follow "
                   "from each other (the file's balances do not chain), nor does a closing balance or totals line say whether money "
                   "moved on it: not booked; check the row against the bank's statement (cells cleared in a spreadsheet?), and "
                   "export it again if need be")),
    "unchecked": (said("金额是空的，而对账单没有一行写明余额，无从核对：这一行的资金不明",
                       "no amount, and the statement states no balance on any row to check it against: the money of this row is unknown"),
                  lambda row: said(
                      f"第 {row} 行的金额是空的，而这份对账单没有一行写明余额，也没有期末余额或合计能说明它是否动用了资金：没有记账；"
                      "请对照银行对账单核实这一行（单元格在电子表格中被清空？），必要时导出带余额的对账单",
                      f"row {row} has no amount and no balance, and the statement states no balance on any row, nor does a "
                      "closing balance or totals line say whether money moved on it: not booked; check the row against the bank's "
                      "statement (cells cleared in a spreadsheet?), and export it with its balances if need be")),
}


class EdgeRowChecks:
    """A row with no amount and no balance at an end of the statement, where no row lies on
    both sides of it to say whether money moved on it."""

    def _flag_unknown_edge_rows(self, st: Statement, still: dict[int, Decimal | None], rows: list[Row], footer: list[Row],
                                totals: list[Row], name: dict[str, str]) -> None:
        """Each row read with its money and balance cells empty, first or last among the rows
        with a balance: when the statement's own closing balance or totals under the rows were checked and agree with the rows booked, the row moved
        nothing the statement counts, and stays skipped as +0 with that said; else it is
        listed as a row whose money is unknown (amount None, not +0) and a note names it. So is
        every such row of a statement where no row states a balance (none can check it).

        Why: a workbook's last row with its money and balance cells empty (cleared in a
        spreadsheet, or a row cut short) was skipped as "amount is zero: no money moved, +0"
        with no row after it to check against: a payment could be lost under a +0."""
        money = [k for k in ("in", "out", "amount") if k in st.columns]
        balance = ("balance",) if "balance" in st.columns else ()
        # the money cells empty too: a row that writes 0.00 states its money
        empty = {r.number for r in rows if r.number in still and still[r.number] is None
                 and all(is_empty(self._cell(r, k)) for k in (*balance, *money))}
        if not empty or not money:
            return  # a masked balance (****) is written, not cleared
        known = sorted(r.row for r in st.records if r.balance is not None)
        if known:
            edge = {n for n in empty if n < known[0] or n > known[-1]}
            middle = {n for n in empty - edge if not self._settled_between(st, n)}
            unchecked: set[int] = set()
        else:
            # no row states a balance: none checks another, so nothing says such a row moved
            # nothing (it was skipped as "amount is zero: no money moved, +0" without a word)
            edge, middle, unchecked = set(), set(), empty
        settled = self._edge_settled_by(st, footer, totals, name) if self.options.verify_summary else None
        listed = edge | middle | unchecked
        for k, skipped in enumerate(st.skipped):
            if skipped.row not in listed or not str(skipped.reason).startswith("amount is zero"):
                continue
            if settled is not None:
                st.skipped[k] = Skipped(skipped.row, said(
                    f"金额和余额都是空的：没有资金变动，第 {settled} 行写明的期末余额或合计与其他各行相符",
                    f"no amount and no balance: no money moved, as row {settled}'s closing balance or totals agree with the other rows"),
                    skipped.summary, amount=skipped.amount, sheet=skipped.sheet)
                continue
            kind = "middle" if skipped.row in middle else "unchecked" if skipped.row in unchecked else "edge"
            reason, note = _UNKNOWN_WORDS[kind]
            st.skipped[k] = Skipped(skipped.row, reason, skipped.summary, amount=None, sheet=skipped.sheet, unknown=True)
            st.notes.append(note(skipped.row))

    @staticmethod
    def _settled_between(st: Statement, number: int) -> bool:
        """Whether the rows on either side of row `number` in the file (the nearest with
        money) both state balances that follow from each other, oldest or newest first: then
        nothing moved between them, and the row between moved nothing."""
        before = max((r for r in st.records if r.row < number), key=lambda r: r.row, default=None)
        after = min((r for r in st.records if r.row > number), key=lambda r: r.row, default=None)
        if before is None or after is None or before.balance is None or after.balance is None:
            return False
        return _adds_up(before, after)

    def _edge_settled_by(self, st: Statement, footer: list[Row], totals: list[Row], name: dict[str, str]) -> int | None:
        """The row of a closing balance or totals line (amounts under the money columns, or
        written in words) that the checks before this one compared with the rows read, or None."""
        closings = list(self._stated_closings(st, footer, name))
        if closings:
            return closings[-1][0].number
        for row in totals:
            keys = [k for k in ("in", "out", "amount") if k in st.columns]
            if any(_stated_amount(row.get(st.columns[k])) is not None for k in keys):
                return row.number
            if any(p.search(row.text) for p in TOTALS_IN_WORDS.values()):
                return row.number
        for row in footer:
            if stated_way_totals(row.text):
                return row.number
        return None


def uncomputed_totals_note(st: Statement, totals: list[Row]) -> list:
    """The dry run's note on totals rows whose money cells are formulas stored without their
    results (=SUM(E4:E6) written by a program that does not calculate): their figures cannot
    be read, so they are not checked against the rows.

    Why: such a totals row was passed over as stating nothing, and the officer was not told
    that the file's own totals went unchecked."""
    keys = [k for k in ("in", "out", "amount", "balance") if k in st.columns]
    rows = [r for r in totals if any(r.get(st.columns[k]).lstrip().startswith("=") for k in keys)]
    if not rows:
        return []
    numbers = ", ".join(str(r.number) for r in rows)
    return [said(f"第 {numbers} 行的合计是公式，文件没有保存它们的结果：无法与各行核对；请用电子表格程序打开并重新保存文件，再导入一次以核对合计",
                 f"the totals on row(s) {numbers} are formulas the file stores without their results: they are not "
                 "checked against the rows; open the file in a spreadsheet program, save it again and import it to check them")]
