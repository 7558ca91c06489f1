"""Open data: the public model as CSV and JSON, with every column documented here.

DATASETS is the single description of each file and its columns; the data page of the
site, docs/publishing.md and the tests all read it, so the documentation cannot drift from
the files. CSV files are UTF-8 with a byte-order mark (so spreadsheet programs open the
Chinese text correctly) and CRLF line ends, as RFC 4180 asks.

Grants follow the 360Giving guidance for grants to individuals: one row per aid payment,
with no recipient, no case id and no reporting unit, but a pseudonymous recipient id (stable
per case, not the case id), the funder's id and the reason and purpose codes of 360Giving's
codelists. Payments that fall in a cell suppressed on the aid page are not listed one by
one: each year's are summed into one row labelled as such (Suppressed true), so that the
column adds up to the aid paid; that sum is the year's total less its visible cells, which
the aid page (or, when the year's total is itself hidden, the annual statement) already
gives, so no hidden cell can be worked out from it that could not be before.

Every CSV text cell that begins with `=`, `+`, `-`, `@`, a tab or a carriage return gets a
single quote in front (OWASP's advice against CSV formula injection), so a name such as
`=HYPERLINK(...)` reaches a spreadsheet as text, never as a formula. Numbers are left as
they are. The licence the centre sets (`licence`, default CC BY 4.0) is stated on the data
page, in the manifest and in each JSON file.
"""

from __future__ import annotations

import csv
import dataclasses
import datetime
import io
import json
import re
from collections.abc import Iterable, Sequence
from decimal import Decimal
from itertools import repeat
from operator import attrgetter
from typing import Any

from ledger.spreadsheets import FORMULA_STARTS
from publish.labels import Label
from publish.model import PublicModel

# file -> (description, [(column, meaning)])
#: statement.csv's reason or approval of a transfer kept back for privacy, as the pages say it
WITHHELD = "涉及隐私，不予公开 withheld for privacy"

DATASETS: dict[str, tuple[Label, list[tuple[str, Label]]]] = {
    "data/funds.csv": (
        Label("每个基金的来源、使用和余额（成立以来）", "Each fund's sources, uses and balance since the start"),
        [
            ("fund_id", Label("基金编号", "fund id")),
            ("name_zh", Label("中文名称", "name in Chinese")),
            ("name_en", Label("英文名称", "name in English")),
            ("restricted", Label("是否限定用途（true/false）", "restricted to a purpose (true/false)")),
            ("purpose", Label("限定用途：可支付的账户，以 | 分隔（与 statement.csv、flows.csv 的 category 相同）", "accounts it may pay, | separated (as in the category column of statement.csv and flows.csv)")),
            ("purpose_zh", Label("限定用途的中文名称，以 | 分隔，与 purpose 一一对应", "names of those accounts in Chinese, | separated, in the order of purpose")),
            ("purpose_en", Label("限定用途的英文名称，以 | 分隔，与 purpose 一一对应", "names of those accounts in English, | separated, in the order of purpose")),
            ("start", Label("开始日期", "start date")),
            ("end", Label("结束日期", "end date")),
            ("closed", Label("是否已结束（结束日期已到且余额为零）", "closed: its end date reached and nothing left (true/false)")),
            ("opening", Label("建账时结转的余额", "balance carried over when the books began")),
            ("raised", Label("累计筹集", "raised in total")),
            ("spent", Label("累计使用", "spent in total")),
            ("transfers", Label("基金间转拨净额（转入为正）", "net transfers between funds (in is positive)")),
            ("balance", Label("余额 = 结转 + 筹集 − 使用 + 转拨", "balance = opening + raised − spent + transfers")),
            ("currency", Label("币种", "currency")),
        ],
    ),
    "data/statement.csv": (
        Label("资金变动表：每个期间（成立以来、年、季、月）全部基金及每个基金的期初、来源、使用、转拨和期末", "The statement of changes in funds: for every period (since the start, year, quarter, month), all funds and each fund: opening, sources, uses, transfers, closing"),
        [
            ("period", Label("期间：all 成立以来、YYYY、YYYY-Qn、YYYY-MM", "period: all (since the start), YYYY, YYYY-Qn, YYYY-MM")),
            ("start", Label("期间第一天", "first day of the period")),
            ("end", Label("期间最后一天", "last day of the period")),
            ("fund_id", Label("基金编号；TOTAL 为全部基金", "fund id; TOTAL for all funds")),
            ("line", Label("opening 期初 / source 来源 / use 使用 / transfer 转拨 / closing 期末", "opening / source / use / transfer / closing")),
            ("category", Label("来源类别或帮扶类别账户；转拨为对方基金编号", "kind of source or category account; for a transfer, the other fund's id")),
            ("label_zh", Label("中文名称", "name in Chinese")),
            ("label_en", Label("英文名称", "name in English")),
            ("date", Label("转拨日期", "date of a transfer")),
            ("reason", Label(f"转拨事由；为保护隐私不予公开的写“{WITHHELD}”，账簿未写事由的为空",
                             f"reason for a transfer; \"{WITHHELD}\" where it is kept back for privacy, empty where the books state none")),
            ("approval", Label(f"转拨审批；为保护隐私不予公开的写“{WITHHELD}”", f"approval of a transfer; \"{WITHHELD}\" where it is kept back for privacy")),
            ("amount", Label("对余额的影响（使用和转出为负）；opening 与 closing 为余额：期初与各行之和等于期末", "effect on the balance (uses and transfers out negative); opening and closing are balances: opening plus the lines equals closing")),
            ("currency", Label("币种", "currency")),
            ("goods_held", Label("全部基金（TOTAL）期初行和期末行：该余额中按入账成本计价的库存物资（期初行含建账时结转的物资）；其他行为空",
                                 "on an opening or closing line of all funds (TOTAL): the part of that balance that is goods in stock at their booked cost (on an opening line, goods carried over when the books began among them); empty on every other line")),
            ("receivable_held", Label("全部基金（TOTAL）期初行和期末行：该余额中尚未收到的应收款项（认捐、已批准的拨款；期初行含建账时结转的）；其他行为空", "on an opening or closing line of all funds (TOTAL): the part of that balance still to be received (pledges, approved allocations; on an opening line, those carried over when the books began among them); empty on every other line")),
            ("payable_held", Label("全部基金（TOTAL）期初行和期末行：尚未支付的应付款项（已批准未付的帮扶等），该余额已扣除；余额减去 goods_held 和 receivable_held、加上本列为资金；其他行为空", "on an opening or closing line of all funds (TOTAL): what is owed (aid approved and not yet paid, other payables), which that balance is net of; the balance less goods_held and receivable_held plus this column is money; empty on every other line")),
        ],
    ),
    "data/flows.csv": (
        Label("按月、基金和类别的收支：来源按类别，使用按帮扶类别，转拨按对方基金；某基金某月的来源减使用加转拨等于 statement.csv 中该月的期末减期初",
              "Money in and out by month, fund and category: sources by kind, uses by category, transfers by the other fund; a fund's sources less its uses plus its transfers in a month are its closing less its opening in statement.csv"),
        [
            ("month", Label("月份（YYYY-MM）", "month (YYYY-MM)")),
            ("fund_id", Label("基金编号", "fund id")),
            ("direction", Label("source 来源 / use 使用 / transfer 转拨 / other 其他（CARRIED：建账时结转）", "source / use / transfer / other (other: CARRIED, money carried over into the books)")),
            ("category", Label("来源类别或帮扶类别账户；转拨为对方基金编号（当月净额）；CARRIED 为建账时结转", "kind of source or category account; for a transfer, the other fund's id (the month's net); CARRIED for money carried over")),
            ("label_zh", Label("类别中文名", "category name in Chinese")),
            ("label_en", Label("类别英文名", "category name in English")),
            ("amount", Label("金额", "amount")),
            ("currency", Label("币种", "currency")),
        ],
    ),
    "data/donations.csv": (
        Label("每笔捐赠（收据登记簿）；匿名捐赠不含姓名。一笔分录涉及多个来源类别时（如在个人捐赠与企业捐赠之间更正的 0.00 分录），按来源各占一行，同一收据编号的各行之和为该笔金额；按来源和基金汇总，等于 statement.csv 中的捐赠来源",
              "Every gift (the receipt register); anonymous gifts carry no name. An entry that moves money from more than one kind of source (a correction worth 0.00 between individual and enterprise donations) has a row for each, under its receipt, adding up to the entry: summed by source and fund, the file equals the donation sources of statement.csv"),
        [
            ("receipt", Label("收据编号", "receipt number")),
            ("date", Label("日期", "date")),
            ("donor", Label("捐赠人公开名称；匿名则为空", "donor's display name; empty when anonymous")),
            ("donor_note", Label("区分同名捐赠人的公开说明（登记的 display_note，或类别加序号）；名称唯一时为空", "tells apart donors who share a display name (their display_note, or kind and number); empty when the name is unique")),
            ("donor_kind", Label("enterprise 企业 / individual 个人 / organisation 社会组织", "enterprise / individual / organisation")),
            ("anonymous", Label("是否匿名", "anonymous (true/false)")),
            ("source", Label("来源类别", "kind of source")),
            ("fund_id", Label("基金编号", "fund id")),
            ("amount", Label("金额（物资按入账成本计）；退还捐赠人的捐赠为负数，有自己的收据编号", "amount (goods at their booked value); negative for a gift given back, under a receipt number of its own")),
            ("goods", Label("物资：品名 数量 单位，以 ; 分隔（一笔多行时在第一行）", "goods: item quantity unit, ; separated (on the first row of an entry with several)")),
            ("currency", Label("币种", "currency")),
            ("refund_of", Label("退还捐赠时：所退还那笔捐赠的收据编号（在本文件中）；更正一笔退款（那笔退款经更正少退还，或款项被退回，金额为正，不是新的捐赠）时：那笔退款所退还捐赠的收据编号；其他为空",
                                "for a gift given back: the receipt number of the gift it gives back (a row of this file); for a correction lowering a refund (found not to have gone back, or bounced back: a positive amount, no new gift): the receipt number of the gift that refund gave back; empty otherwise")),
            ("given_amount", Label("以外币捐赠时：捐赠人所给的原币金额（金额一栏为按入账汇率折算的人民币，各项合计只计该栏）；人民币捐赠为空",
                                   "for a gift in another currency: the amount as given, in the currency the donor gave (the amount column is its value in the books' currency at the rate booked, and the only one any total counts); empty otherwise")),
            ("given_currency", Label("以外币捐赠时：原币币种（如 USD）；其他为空", "for a gift in another currency: that currency (USD, HKD); empty otherwise")),
            ("pledge_to_come", Label("认捐（承诺时入账、款项以后到账的捐赠）：截至数据日期尚未到账的部分，捐赠人取消的部分不计；已全部到账为 0.00；其他为空",
                                     "for a pledge (a gift booked when promised, its money coming later): what of it is still to come by the data's date, what the donor cancelled not counted; 0.00 once all of it has come; empty otherwise")),
        ],
    ),
    "data/aid.csv": (
        Label("帮扶按年、月或工会和类别的户数与金额；小于公开门槛的单元格已隐藏", "Aid by year, month or union and category: households and amounts, small cells suppressed"),
        [
            ("year", Label("年份", "year")),
            ("table", Label("month 按月 / unit 按工会", "month or unit")),
            ("row", Label("月份或工会；TOTAL 为合计", "month or reporting union; TOTAL for the totals")),
            ("category", Label("帮扶类别账户；TOTAL 为合计", "aid category account; TOTAL for the totals")),
            ("households", Label("户数；隐藏时为空", "households; empty when suppressed")),
            ("amount", Label("金额；隐藏时为空", "amount; empty when suppressed")),
            ("suppressed", Label("是否隐藏", "suppressed (true/false)")),
        ],
    ),
    "data/grants.csv": (
        Label("帮扶发放明细（参照 360Giving，匿名化：无受助人、无档案编号）", "Aid payments in the spirit of 360Giving, anonymised: no recipient, no case id"),
        [
            ("Identifier", Label("发放编号（由日期、类别和金额派生）", "grant id (derived from date, category and amount)")),
            ("Title", Label("标题", "title")),
            ("Description", Label("说明", "description")),
            ("Currency", Label("币种", "currency")),
            ("Amount Awarded", Label("金额", "amount")),
            ("Award Date", Label("发放日期", "date of payment")),
            ("Recipient Type", Label("受助人类型（individual）", "recipient type (individual)")),
            ("Funding Org:Name", Label("资助机构", "funding organisation")),
            ("Grant Programme:Code", Label("帮扶类别账户", "aid category account")),
            ("Grant Programme:Title", Label("帮扶类别", "aid category")),
            ("Fund", Label("基金编号；隐藏合计行为空", "fund id; empty on a suppressed aggregate row")),
            ("Recipient Ind:Identifier", Label("受助个人的统一编号（每一行相同，不能借此把同一家庭的多笔帮扶联系起来）；隐藏合计行为空", "one identifier for every individual recipient (the same on every row, so no household's payments can be linked); empty on a suppressed aggregate row")),
            ("Recipient Ind:Name", Label("受助人（不公开姓名）", "recipient (never named)")),
            ("Funding Org:Identifier", Label("资助机构编号（org_id 设置）", "funding organisation's identifier (the org_id setting)")),
            ("To Individuals Details:Primary Grant Reason", Label("资助原因代码（360Giving 代码表，由帮扶类别映射）", "reason code (360Giving codelist, mapped from the aid category)")),
            ("To Individuals Details:Secondary Grant Reason", Label("次要原因代码（不使用，为空）", "secondary reason code (not used; empty)")),
            ("To Individuals Details:Grant Purpose", Label("资助用途代码（360Giving 代码表，由帮扶类别映射）", "purpose code (360Giving codelist, mapped from the aid category)")),
            ("Suppressed", Label("是否为隐藏小单元格的合计行（true/false）", "a year's aggregate of payments in suppressed cells (true/false)")),
        ],
    ),
    "data/model.json": (
        Label("公开数据模型（JSON），即本网站各页面的数据；逐笔捐赠和发放见上面的 CSV", "The public model (JSON): the data behind the pages; single gifts and grants are in the CSV files above"),
        [],
    ),
    "data/manifest.json": (
        Label("所有公开文件及其 SHA-256、字节数和（CSV）行数，以及许可协议；致谢页只列出哈希", "Every published file with its SHA-256, size in bytes and (CSV) row count, and the licence; acknowledgement pages by hash only"),
        [],
    ),
}


#: the columns of money amounts: written by money_text, as every amount of model.json (an
#: amount the books or a sum hold as 0, 500 or 575.2200 is written 0.00, 500.00, 575.22; one
#: with a part of a fen as it is, never rounded)
AMOUNT_COLUMNS = frozenset({"pledge_to_come", "opening", "raised", "spent", "transfers", "balance", "amount", "Amount Awarded", "goods_held", "receivable_held",
                            "payable_held", "given_amount"})
CENT = Decimal("0.01")
#: an amount already in its form (a whole number of fen, two decimals)
TWO_DECIMALS = re.compile(r"-?\d+\.\d\d")


def money_text(value: Decimal) -> str:
    """A money amount as every open data file writes it (each CSV's amount columns, every
    amount of model.json): a whole number of fen with exactly two decimals (0 and -0 as
    0.00, 500 as 500.00, 575.2200 as 575.22).

    Only the form changes, never the value: the places are filled out or trailing zeros
    dropped, nothing is rounded (so no rounding rule applies). An amount with a part of a
    fen (the books' rules refuse one, ledger/plugins/fen_amount.py; a sum of goods at cost
    is counted to the fen, ledger/funds.py) keeps its places, as many as it needs: 29.9925,
    never 29.99 or 30.00."""
    if not value:
        return "0.00"
    exponent = value.as_tuple().exponent
    if exponent == -2:  # most amounts: written as they are
        return str(value)
    if not value.is_finite():
        raise ValueError(f"not an amount: {value}")
    if exponent < -2:
        fen = value.quantize(CENT)
        if fen != value:  # part of a fen: as it is, less trailing zeros
            return format(value.normalize(), "f")
        return str(fen)
    return format(value.quantize(CENT), "f")


def _two_decimals(texts: list[str] | tuple[str, ...]) -> list[str] | tuple[str, ...]:
    """An amount column's texts as money_text writes them (exactly two decimals for a whole
    number of fen): each distinct text is made again once, so a long column of amounts costs
    a set; an empty cell (or one that is not a number) stays as it is."""
    fixed = {}
    for t in set(texts):
        if not t or TWO_DECIMALS.fullmatch(t) and t != "-0.00":
            continue
        try:
            value = Decimal(t)
        except ArithmeticError:
            continue
        if value.is_finite():
            fixed[t] = money_text(value)
    return [fixed.get(t, t) for t in texts] if fixed else texts


def _flag(value: bool | None) -> str | None:
    """A yes/no column as the documented "true"/"false" (csv would write "True")."""
    return None if value is None else "true" if value else "false"



def neutralise(text: str) -> str:
    """A text cell made safe for spreadsheets (OWASP, CSV injection): a single quote in
    front of a cell that starts with =, +, -, @, a tab or a carriage return."""
    return "'" + text if text.startswith(FORMULA_STARTS) else text


class CsvBytes(bytes):
    """A CSV file's bytes that know their number of data rows (for the manifest)."""

    rows: int = 0


#: the characters that make the csv module quote a field (excel dialect: the delimiter, the
#: quote character and the line ends); a cell without any is written exactly as its text
_QUOTED_BY_CSV = (",", '"', "\r", "\n")


def _cell_text(v: Any) -> str:
    """What the csv module writes for one value, before quoting, with a formula-looking text
    cell neutralised: None as "", str (exactly str) through neutralise(), another str (a
    subclass) as its characters, a float with repr() and anything else with str()."""
    if type(v) is str:
        return neutralise(v)
    if v is None:
        return ""
    if isinstance(v, str):
        return str.__str__(v)
    if isinstance(v, float):
        return repr(v)
    return str(v)


#: values of these types that are equal are written alike, so a column of them is
#: converted once per distinct value (not Decimal: 1.0 == 1.00; not float: 0.0 == -0.0)
_ALIKE_WHEN_EQUAL = (datetime.date, int)


def _column_fields(column: tuple[Any, ...] | list[Any]) -> list[str] | tuple[str, ...]:
    """Each cell of one column as the csv module writes it: its text (_cell_text), quoted
    when it has a character that needs it.

    Most columns hold one kind of value (all text, or all amounts, or all dates), so the
    kind is found once for the column (in C) instead of once per cell; formula-looking text
    and characters that need quoting are looked for among the column's distinct texts
    (mostly few; joined into one string for the latter): only a column with a cell that
    needs quoting is gone through cell by cell."""
    kinds = set(map(type, column))
    texts: list[str] | tuple[str, ...]
    if kinds <= {str, type(None)}:
        texts = column if type(None) not in kinds else ["" if v is None else v for v in column]
        distinct = set(texts)
        if any(map(str.startswith, distinct, repeat(FORMULA_STARTS))):
            formulas = {t for t in distinct if t.startswith(FORMULA_STARTS)}
            texts = ["'" + t if t in formulas else t for t in texts]
        joined = "".join(distinct)  # the quote put in front needs no quoting
    elif len(kinds) == 1 and kinds <= set(_ALIKE_WHEN_EQUAL):
        alike = {v: str(v) for v in set(column)}
        texts = list(map(alike.__getitem__, column))
        joined = "".join(alike.values())
    else:
        if not any(k is type(None) or issubclass(k, (str, float)) for k in kinds):
            texts = list(map(str, column))  # amounts, dates, counts: never text, never neutralised
        else:
            texts = [_cell_text(v) for v in column]
        joined = "".join(texts)
    if any(c in joined for c in _QUOTED_BY_CSV):
        buf = io.StringIO()
        writer = csv.writer(buf)
        quoted: dict[str, str] = {}
        texts = [t if not any(c in t for c in _QUOTED_BY_CSV) else quoted[t] if t in quoted
                 else quoted.setdefault(t, _csv_field(t, writer, buf)) for t in texts]
    return texts


def _csv_field(text: str, writer: Any, buf: io.StringIO) -> str:
    """One text as the csv module writes it in a row of several fields (quoted, with its
    quotes doubled, as it decides), by having it write the field and an empty one."""
    buf.seek(0)
    buf.truncate()
    writer.writerow((text, None))
    return buf.getvalue()[:-3]  # less the "," of the empty field and the "\r\n"


def _csv(columns: list[str], rows: Iterable[list[Any]]) -> bytes:
    """UTF-8 CSV with a byte-order mark (so spreadsheet programs read the Chinese right).

    The csv module's rules: None is an empty cell and any other value is written with str()
    (Decimals as the books have them, dates as ISO 8601; yes/no columns come through _flag);
    a field with a comma, a double quote or a line end is quoted. Text cells (str) go
    through neutralise(); numbers and dates cannot start a formula and are left alone, so a
    negative amount stays a number. One rule of our own: the columns named in
    AMOUNT_COLUMNS are money, written by money_text (0 as 0.00, as in model.json).

    Large files (tens of thousands of gifts and grants on large books) are made a column at
    a time: each column's cells become text in one pass, only a column with a character
    that needs quoting goes through the csv module cell by cell (once per distinct text),
    and the lines are joined in C. tests/publish/test_opendata_csv.py checks that the bytes
    are the csv module's, row by row, on generated tables."""
    rows = rows if isinstance(rows, list) else list(rows)
    n = len(columns)
    if set(map(len, rows)) - {n}:
        bad = next(len(row) for row in rows if len(row) != n)
        raise ValueError(f"CSV row of {bad} values for {n} columns")
    if n < 2:  # a row of one empty field is written quoted: leave such tables to the csv module
        buf = io.StringIO()
        w = csv.writer(buf)
        w.writerow([neutralise(c) for c in columns])
        w.writerows([[neutralise(v) if type(v) is str else v for v in row] for row in rows])
        out = CsvBytes(("\ufeff" + buf.getvalue()).encode("utf-8"))
        out.rows = len(rows)
        return out
    return _csv_columns(columns, list(zip(*rows, strict=True)) if rows else [() for _ in columns])


def _csv_columns(columns: list[str], data: list[Sequence[Any]]) -> bytes:
    """The same file as _csv from the table given column by column (at least two columns,
    each the same number of values): for long tables made column by column to begin with."""
    if len(data) != len(columns) or len(columns) < 2 or len(set(map(len, data))) > 1:
        raise ValueError(f"CSV of {len(columns)} columns given {len(data)} columns of {sorted(set(map(len, data)))} values")
    nrows = len(data[0])
    buf = io.StringIO()
    csv.writer(buf).writerow([neutralise(c) for c in columns])
    fields = [_two_decimals(_column_fields(column)) if name in AMOUNT_COLUMNS else _column_fields(column) for name, column in zip(columns, data, strict=True)]
    body = "\r\n".join(map(",".join, zip(*fields, strict=True))) + "\r\n" if nrows else ""
    out = CsvBytes(("\ufeff" + buf.getvalue() + body).encode("utf-8"))
    out.rows = nrows
    return out


def csv_rows(content: bytes) -> int:
    """The number of data rows (after the header) of a CSV file."""
    if isinstance(content, CsvBytes):
        return content.rows
    return max(0, sum(1 for _ in csv.reader(io.StringIO(content.decode("utf-8-sig")))) - 1)


def _cols(name: str) -> list[str]:
    return [c for c, _ in DATASETS[name][1]]


def _goods_text(goods) -> str:
    return "; ".join(f"{g.name.zh} {g.quantity} {g.unit.zh}".strip() for g in goods)


def _parts(d) -> Any:
    """The parts a gift is written as: its `parts` when it moved money from more than one
    kind of source and has a receipt, else None (one row). The transparency log's verifier
    (ledger/transparency/verifier.py) adds up the rows of one receipt into the gift its tree
    holds; rows without a receipt it cannot tell apart, so such a gift (an error under the
    rules: every donation has its own receipt) stays one row."""
    return d.parts if d.parts is not None and d.receipt else None


def _refunded_gifts(donations: Sequence[Any]) -> dict[str, str]:
    """The receipt of each refund (a gift given back) -> the receipt of the gift it gives back,
    from the gifts' `returned`: so that a reader of donations.csv can pair a negative row
    with the gift it returns (one gift, one refund, both rows of the file)."""
    return {r.receipt: d.receipt for d in donations if d.returned and d.receipt for r in d.returned if r.receipt}


def _donation_rows(d, refund_of: dict[str, str] | None = None) -> list[list[Any]]:
    """The rows of data/donations.csv for one gift: the definition _donation_columns follows.

    One row, unless the gift moved money from more than one kind of source (`parts`: a
    correction between donation accounts, worth 0.00, moves ¥500 from one to the other):
    then one row per source, under the same receipt and fund, adding up to the gift, so that
    the file summed by source equals statement.csv's donation lines. Its goods are on the
    first of them."""
    parts = [(p.source, p.amount) for p in _parts(d) or ()] or [(d.source, d.amount)]
    returns = (refund_of or {}).get(d.receipt) if d.receipt else None
    return [[d.receipt, d.date, d.donor_name, d.donor_note.zh if d.donor_note else None, d.donor_kind, _flag(d.anonymous),
             source.en, d.fund.id, amount, _goods_text(d.goods) if i == 0 else "", d.currency, returns,
             d.given_amount if i == 0 else None, d.given_currency if i == 0 else None,
             _to_come(d) if i == 0 else None]
            for i, (source, amount) in enumerate(parts)]


def _to_come(d) -> Any:
    """What of a pledge is still to come (docs/publishing.md, donations.csv), None for a gift
    that is no pledge."""
    return None if d.pledge_paid is None else d.pledge_to_come


def _donation_columns(donations: Sequence[Any]) -> list[list[Any]]:
    """data/donations.csv column by column: [row for d in donations for row in
    _donation_rows(d)] turned into columns (tests/publish/test_opendata_csv.py checks that),
    since there are tens of thousands of gifts on large books."""
    # One pass that reads every field of a gift: the gifts lie scattered in memory on large
    # books, and a pass per field (or a tuple per gift, transposed) is several times slower.
    receipt, date, donor, note, kind, anonymous, source, fund, amount, goods, currency, returns, given, given_in, to_come = [[] for _ in range(15)]
    refunded = _refunded_gifts(donations)
    for d in donations:
        if d.parts is not None and _parts(d) is not None:  # a row per part, as _donation_rows
            for i, part in enumerate(d.parts):
                for column, v in zip((receipt, date, donor, note, kind, anonymous, source, fund, amount, goods, currency, returns,
                                      given, given_in, to_come),
                                     (d.receipt, d.date, d.donor_name, d.donor_note, d.donor_kind, d.anonymous,
                                      part.source, d.fund, part.amount, d.goods if i == 0 else (), d.currency,
                                      refunded.get(d.receipt) if d.receipt else None,
                                      d.given_amount if i == 0 else None, d.given_currency if i == 0 else None,
                                      _to_come(d) if i == 0 else None), strict=True):
                    column.append(v)
            continue
        receipt.append(d.receipt)
        date.append(d.date)
        donor.append(d.donor_name)
        note.append(d.donor_note)
        kind.append(d.donor_kind)
        anonymous.append(d.anonymous)
        source.append(d.source)
        fund.append(d.fund)
        amount.append(d.amount)
        goods.append(d.goods)
        currency.append(d.currency)
        returns.append(refunded.get(d.receipt) if d.receipt else None)
        given.append(d.given_amount)
        given_in.append(d.given_currency)
        to_come.append(None if d.pledge_paid is None else d.pledge_to_come)
    return [
        receipt, date, donor, [n.zh if n else None for n in note], kind, list(map(_flag, anonymous)),
        list(map(attrgetter("en"), source)), list(map(attrgetter("id"), fund)), amount,
        [_goods_text(g) if g else "" for g in goods], currency, returns, given, given_in, to_come,
    ]


def csv_files(model: PublicModel) -> dict[str, bytes]:
    """Every CSV file of the open data, by path, as UTF-8 bytes (DATASETS lists their columns)."""
    cur = model.site.currency
    out: dict[str, bytes] = {}
    out["data/funds.csv"] = _csv(_cols("data/funds.csv"), (
        [f.ref.id, f.ref.name.zh, f.ref.name.en, _flag(f.restricted), "|".join(f.purpose_accounts),
         "|".join(p.zh for p in f.purpose), "|".join(p.en for p in f.purpose), f.start, f.end, _flag(f.closed),
         f.opening, f.raised, f.spent, f.transfers_net, f.balance, cur]
        for f in model.funds
    ))
    flow_rows = []
    for f in model.funds:
        for m in f.months:
            for col, amount in zip(f.use_columns, m.uses, strict=False):
                if amount:
                    flow_rows.append([m.period.key, f.ref.id, "use", col.key, col.label.zh, col.label.en, amount, cur])
    for r in model.reports:
        if r.period.kind != "month":
            continue
        for mv in r.funds:
            for line in mv.sources:
                if line.amount:
                    flow_rows.append([r.period.key, mv.ref.id, "source", line.key, line.label.zh, line.label.en, line.amount, cur])
            moved: dict[str, Decimal] = {}  # the other fund(s) -> net moved in the month
            for t in mv.transfer_lines:
                other = "|".join(c.id for c in t.counterparts)
                moved[other] = moved.get(other, Decimal(0)) + t.amount
            for other, amount in moved.items():
                if amount:
                    flow_rows.append([r.period.key, mv.ref.id, "transfer", other, "基金间转拨", "transfers between funds", amount, cur])
            if mv.carried:
                flow_rows.append([r.period.key, mv.ref.id, "other", "CARRIED", "建账时结转", "carried over when the books began", mv.carried, cur])
    flow_rows.sort(key=lambda r: (r[0], r[1], r[2], r[3]))
    out["data/flows.csv"] = _csv(_cols("data/flows.csv"), flow_rows)
    out["data/statement.csv"] = _csv(_cols("data/statement.csv"), statement_rows(model))
    out["data/donations.csv"] = _csv_columns(_cols("data/donations.csv"), _donation_columns(model.donations))
    aid_rows = []
    for ay in model.aid:
        for tname, table in (("month", ay.by_month), ("unit", ay.by_unit)):
            for row in table.rows:
                for col, c in zip(table.columns, row.cells, strict=False):
                    if not c.empty:
                        aid_rows.append([ay.period.key, tname, row.key or "(not stated)", col.key, c.households, c.amount, _flag(c.suppressed)])
                aid_rows.append([ay.period.key, tname, row.key or "(not stated)", "TOTAL", row.total.households, row.total.amount, _flag(row.total.suppressed)])
            for col, c in zip(table.columns, table.totals, strict=False):
                aid_rows.append([ay.period.key, tname, "TOTAL", col.key, c.households, c.amount, _flag(c.suppressed)])
            aid_rows.append([ay.period.key, tname, "TOTAL", "TOTAL", table.grand.households, table.grand.amount, _flag(table.grand.suppressed)])
    out["data/aid.csv"] = _csv(_cols("data/aid.csv"), aid_rows)
    org = model.site.name.zh
    org_id = funder_id(model)
    out["data/grants.csv"] = _csv_columns(_cols("data/grants.csv"), _grant_columns(model.grants, cur, org, org_id))
    return out


def funder_id(model: PublicModel) -> str:
    """The centre's organisation id (the org_id setting), or else a 360G- id made from the
    receipt prefix, as for the grant ids (not unique across centres: set org_id)."""
    if model.about is not None and model.about.org_id:
        return model.about.org_id
    return "-".join(next((g.identifier for g in model.grants), "360G-x-0").split("-")[:2])


def _grant_columns(grants: Sequence[Any], cur: str, org: str, org_id: str) -> list[list[Any]]:
    """data/grants.csv column by column: [_grant_row(g, ...) for g in grants] turned into
    columns (tests/publish/test_opendata_csv.py checks that), since there are tens of
    thousands of payments on large books. Every payment is first taken as an ordinary one;
    the few aggregate rows of suppressed cells are then put in from _grant_row."""
    n = len(grants)
    # one pass that reads every field of a payment (see _donation_columns)
    identifier, category, fund, amount, date, recipient, reason, purpose, suppressed = [[] for _ in range(9)]
    for g in grants:
        identifier.append(g.identifier)
        category.append(g.category)
        fund.append(g.fund)
        amount.append(g.amount)
        date.append(g.date)
        recipient.append(g.recipient)
        reason.append(g.reason)
        purpose.append(g.purpose)
        suppressed.append(g.suppressed)
    titles = [f"{c.label.zh} / {c.label.en}" for c in category]
    paid_from = [None if f is None else f"{c.label.en} paid from {f.name.en}" for c, f in zip(category, fund, strict=True)]
    columns: list[list[Any]] = [
        identifier, titles, paid_from, [cur] * n, amount, date, ["individual"] * n, [org] * n,
        list(map(attrgetter("key"), category)), list(map(attrgetter("label.en"), category)),
        [None if f is None else f.id for f in fund],
        recipient, ["Individual Recipient"] * n, [org_id] * n,
        [r or None for r in reason], [None] * n, [p or None for p in purpose], ["false"] * n,
    ]
    if any(suppressed):
        for i, g in enumerate(grants):
            if g.suppressed:
                for column, value in zip(columns, _grant_row(g, cur, org, org_id), strict=True):
                    column[i] = value
    return columns


def _grant_row(g, cur: str, org: str, org_id: str) -> list[Any]:
    """One row of data/grants.csv: the definition _grant_columns follows."""
    if g.suppressed:
        title = f"{g.category.label.zh} / {g.category.label.en} {g.date.year}"
        description = (f"Sum of the {g.date.year} aid payments in cells hidden on the aid page (fewer households than the "
                       "publication threshold, and the cells hidden with them); listed as one row so the column adds up")
        return [g.identifier, title, description, cur, g.amount, g.date, "individuals (aggregate)", org, g.category.key, g.category.label.en,
                None, None, "Individual Recipients (suppressed aggregate)", org_id, None, None, None, "true"]
    return [g.identifier, f"{g.category.label.zh} / {g.category.label.en}", f"{g.category.label.en} paid from {g.fund.name.en}", cur, g.amount, g.date,
            "individual", org, g.category.key, g.category.label.en, g.fund.id,
            g.recipient, "Individual Recipient", org_id, g.reason or None, None, g.purpose or None, "false"]


def statement_rows(model: PublicModel) -> list[list[Any]]:
    """data/statement.csv: the statement of changes in funds of every period, all funds
    (TOTAL) and each fund; opening plus the lines of a block equals its closing, and the
    goods at cost in all funds' opening and closing balances are in a column (`goods_held`), and what is
    still to be received in another (`receivable_held`), and what is owed in a third (`payable_held`)."""
    cur = model.site.currency
    rows: list[list[Any]] = []
    if model.overview is None:
        return rows
    periods = [(model.overview.all_time.period, "TOTAL", model.overview.all_time, None)]
    for f in model.funds:
        periods.append((model.overview.all_time.period, f.ref.id, None, f))
    for r in model.reports:
        periods.append((r.period, "TOTAL", r.statement, None))
        for mv in r.funds:
            periods.append((r.period, mv.ref.id, None, mv))
    for period, fund_id, st, mv in periods:
        head = [period.key, period.start, period.last_day, fund_id]
        if st is not None:
            opening, carried, sources, uses, transfers, closing = st.opening, st.carried, st.sources, st.uses, st.transfer_lines, st.closing
        elif hasattr(mv, "balance"):  # a Fund: since the start
            opening, carried, sources, uses, transfers, closing = mv.opening, mv.opening, mv.sources, mv.uses, mv.transfers, mv.balance
        else:
            opening, carried, sources, uses, transfers, closing = mv.opening, mv.carried, mv.sources, mv.uses, mv.transfer_lines, mv.closing
        rows.append(head + ["opening", "CARRIED" if carried and carried == opening else "", "期初" if not carried or carried != opening else "建账时结转",
                            "opening" if not carried or carried != opening else "carried over when the books began", None, None, None, opening, cur,
                            st.goods_opening if st is not None else None, st.receivable_opening if st is not None else None,
                            st.payable_opening if st is not None else None])
        for line in sources:
            rows.append(head + ["source", line.key, line.label.zh, line.label.en, None, None, None, line.amount, cur, None, None, None])
        for line in uses:
            rows.append(head + ["use", line.key, line.label.zh, line.label.en, None, None, None, -line.amount, cur, None, None, None])
        for t in transfers:
            other = "|".join(c.id for c in t.counterparts)
            # a reason or approval kept back (publish/withheld.py) is said so, as every page says
            # it: left empty, it read as none stated
            reason = WITHHELD if getattr(t, "withheld", False) and not t.reason else t.reason
            approval = WITHHELD if getattr(t, "approval_withheld", False) and not t.approval else t.approval
            rows.append(head + ["transfer", other, "基金间转拨", "transfer between funds", t.date, reason, approval, t.amount, cur, None, None, None])
        # the goods at cost in all funds' closing balance (goods belong to no one fund), and
        # what is still to be received: columns, not lines, so that opening plus the lines
        # still equals the closing
        rows.append(head + ["closing", "", "期末", "closing", None, None, None, closing, cur, st.goods if st is not None else None,
                            st.receivable if st is not None else None, st.payable if st is not None else None])
    return rows


#: the fields _plain keeps of each dataclass it has met (dataclasses.fields() is slow to ask
#: once per object, and the model has tens of thousands of them)
_KEPT_FIELDS: dict[type, tuple[str, ...]] = {}

#: types _plain returns as they are (exactly these: no dataclass, container, amount or date)
_AS_THEY_ARE = frozenset({str, int, float, bool, type(None)})

#: the fields of the model that hold a Decimal that is not money: a quantity of goods
#: (2.25 kg) is written as it is; every other Decimal is an amount (money_text)
NOT_MONEY = frozenset({"quantity"})

#: of each dataclass _plain has met, its fields of NOT_MONEY
_COUNTED_FIELDS: dict[type, tuple[str, ...]] = {}


def _plain(obj: Any) -> Any:
    kind = type(obj)
    if kind in _AS_THEY_ARE:
        return obj
    names = _KEPT_FIELDS.get(kind)
    if names is None and dataclasses.is_dataclass(obj) and not isinstance(obj, type):
        names = _KEPT_FIELDS[kind] = tuple(f.name for f in dataclasses.fields(obj) if f.name not in ("ack_path", "ack_url"))
        _COUNTED_FIELDS[kind] = tuple(n for n in names if n in NOT_MONEY)
    if names is not None:
        out = {name: _plain(getattr(obj, name)) for name in names}
        for name in _COUNTED_FIELDS[kind]:
            value = getattr(obj, name)
            if isinstance(value, Decimal):
                out[name] = str(value)
        return out
    if isinstance(obj, (list, tuple)):
        return [_plain(v) for v in obj]
    if isinstance(obj, dict):
        return {str(k): _plain(v) for k, v in obj.items()}
    if isinstance(obj, Decimal):
        return money_text(obj)
    if isinstance(obj, datetime.date):
        return obj.isoformat()
    return obj


def plain_model(model: PublicModel) -> dict:
    """The whole public model as JSON-ready data, without acknowledgement addresses."""
    return _plain(model)


def licence_json(model: PublicModel) -> dict[str, str]:
    """The open data's licence as each JSON file states it."""
    if model.about is None:
        from ledger.settings import DEFAULT_LICENCE, LICENCES

        title, url = LICENCES[DEFAULT_LICENCE]
        return {"id": DEFAULT_LICENCE, "title": title, "url": url}
    lic = model.about.licence
    return {"id": lic.id, "title": lic.title, "url": lic.url}


def model_json(model: PublicModel) -> bytes:
    """The public model without acknowledgement addresses (they stay unlisted).

    Gifts and grants are long lists already published as donations.csv and grants.csv, so
    they are left out here (their number is given) to keep the file small.
    """
    data = {f.name: _plain(getattr(model, f.name)) for f in dataclasses.fields(model) if f.name not in ("donations", "grants")}
    data["donations"] = {"count": len(model.donations), "see": "donations.csv"}
    data["grants"] = {"count": len(model.grants), "see": "grants.csv"}
    data["licence"] = licence_json(model)
    return (json.dumps(data, ensure_ascii=False, sort_keys=True, separators=(",", ":")) + "\n").encode("utf-8")


def manifest_json(files: dict[str, str], ack_prefix: str = "ack/", *, sizes: dict[str, int] | None = None,
                  rows: dict[str, int] | None = None, licence: dict[str, str] | None = None) -> bytes:
    """Every file with its SHA-256, its size in bytes and, for CSV files, its number of data
    rows; acknowledgement pages only as a sorted list of hashes; the open data's licence."""
    listed = {p: h for p, h in files.items() if not p.startswith(ack_prefix) or p == ack_prefix + "index.html"}
    acks = sorted(h for p, h in files.items() if p.startswith(ack_prefix) and p != ack_prefix + "index.html")

    def entry(p: str) -> dict[str, Any]:
        item: dict[str, Any] = {"path": p, "sha256": listed[p]}
        if sizes is not None and p in sizes:
            item["bytes"] = sizes[p]
        if rows is not None and p in rows:
            item["rows"] = rows[p]
        return item

    body = {
        "files": [entry(p) for p in sorted(listed)],
        "acknowledgements": {"count": len(acks), "sha256": acks},
        "note": "SHA-256 and size in bytes of every published file except this manifest and the .relief-site marker, with the number of data rows (after the header) of each CSV file; acknowledgement pages are listed by hash only, so their addresses stay private.",
    }
    if licence is not None:
        body["licence"] = licence
    return (json.dumps(body, ensure_ascii=False, sort_keys=True, indent=1) + "\n").encode("utf-8")
