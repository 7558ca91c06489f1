"""WeChat Pay (微信支付) and Alipay (支付宝) bills: CSV and XLSX, current and older layouts.

For a centre these bills mostly hold QR-code donations. Money in becomes a donation (the
payer matched to the donor registry, else UNIDENTIFIED and flagged); fees the platform keeps
become bank charges; refunds are flagged for a person. The record count the bill states in
its preamble or footer (共N笔记录) is checked against the rows, which catches a truncated file.

Every row's money is accounted for (docs/importing.md, "WeChat Pay and Alipay"):
- a payment and its refund are two movements, each booked from the bill that lists it: a
  row's status (已全额退款, 已退款(¥20.00), Alipay's 交易关闭 on a row that moved money, the
  成功退款 column) says what happened *by the day the bill was exported*, possibly after the
  bill's period, so the payment is booked in full and never netted by its status (the
  refund, in this bill or the next, books the money that came back); a refund shown as
  不计收支 (Alipay writes both sides of a refund so) goes against its payment: a gift the
  centre gives back is money out, a purchase refunded money in;
- a refund is paired with its payment by the platform's own references (原交易号, the
  refund id's prefix, 商户单号 / 商家订单号), else, when exactly one payment of the same
  counterparty has a status saying it was refunded by that amount, with that one (under
  the refund's own id, whatever the counterparty is called, when the status states exactly
  that amount); a refund is booked beside its payment (`refund_of` naming it), in full or
  in part, never netted
  away: a netted pair left nothing in the books, so an overlapping bill listing only the
  refund booked it alone; a refund whose payment is not in the bill is booked on its own,
  linked to the payment when the books hold it;
- the 支付方式 / 收/付款方式 column says where the money came from: the platform balance
  (零钱, 余额) is `Assets:Online:…`; a bank card, credit card, 余额宝 or 零钱通 is the
  account the import config maps it to (`accounts`, by the card's last digits or the
  name), else a clearing account flagged `!`;
- withdrawals and top-ups move money between the balance and a card: booked as transfers;
  moves that do not touch the balance are skipped with amount 0;
- the bill's 起始时间/终止时间 is its period, and the Report carries the bill's own movement
  per account (file_in / file_out) for the dry run's conservation check.

Layouts (header rows as the platforms write them):
- WeChat:  交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注
- Alipay:  交易时间,交易分类,交易对方,对方账号,商品说明,收/支,金额,收/付款方式,交易状态,交易订单号,商家订单号,备注
- Alipay (older web export): 交易号,商家订单号,交易创建时间,付款时间,最近修改时间,交易来源地,类型,交易对方,
  商品名称,金额（元）,收/支,交易状态,服务费（元）,成功退款（元）,备注,资金状态
"""

from __future__ import annotations

import dataclasses
import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal

from beancount.core import data

from importers.base import ReliefImporter, Report
from importers.classify import Classifier, clean_payer
from importers.context import BooksContext, rows_before
from importers.dedupe import aid_on_another_account, entry_where, index_of, link_roster_aid
from importers.errors import ImportProblem, Said, Skipped, said, zh_of
from importers.period import stated_period
from importers.profiles import fold_header, simplified
from importers.reading import Row, hidden_notes, read_table, refuse_other_sheets, refuse_shifted, serial_date, trimmed_cells
from importers.records import ZERO, Record, add_legacy_refs, numbered, qualified_ref, split_ref
from importers.reordered_header import refuse_reordered_header
from importers.statement_lines import stated_count
from importers.values import (
    DIGITS_HINT,
    cell_hint,
    finer_than_fen,
    impossible_time,
    impossible_times_note,
    is_empty,
    is_masked,
    is_masked_name,
    is_rounded_id,
    parse_amount,
    parse_date,
    parse_time,
    shown_rounded_hint,
    too_many_digits,
)
from ledger.accounts import BANK_ROOT, LIABILITIES, PAYABLE_ACCOUNT, is_asset, is_donation
from ledger.errors import counted as count_of
from ledger.period import books_today

FAILED_WORDS = ("关闭", "失败", "撤销", "待付款", "等待付款", "等待买家付款", "未付款", "未支付", "已取消", "取消")
#: Alipay's status for a payment that moved money and was then refunded in full: an order
#: closed before it was paid is 不计收支 there (the real bills in tests/importers/real/alipay)
PAID_THEN_CLOSED = "关闭"
#: a sale's money held by the platform until the buyer confirms (担保交易): on the seller's
#: side of the bill (收入) it is not in the balance yet
#: (the seller's side of a 淘宝 / 闲鱼 sale writes them as 买家已付款，等待卖家发货, 卖家已发货，等待买家确认收货)
PENDING_IN_WORDS = ("等待发货", "等待卖家发货", "等待确认收货", "等待对方确认收货", "等待买家确认收货", "待发货", "待收货", "待确认收货",
                    "买家已付款", "卖家已发货")
#: WeChat Pay's status for a transfer not accepted yet (待接收, 待收款): on money in, it is not in
#: the balance yet and may still go back to its sender; money the centre sent has left the balance
AWAITING_WORDS = ("待接收", "待收款", "待确认收款")
#: the older Alipay layout's 资金状态 words for a row that moved nothing on the balance (besides
#: 已收入 / 已支出, and 待收入 / 待支出 not settled yet): any other text there says nothing
STILL_FUND_STATES = ("资金转移", "冻结", "解冻")
#: what to do about a bill's cell masked (***) or edited by hand
MASKED_HINT = said("单元格被遮盖或编辑过：请从应用中重新导出账单", "the cell was masked or edited: export the bill again from the app")
FULL_REFUND_WORDS = ("已全额退款", "全额退款", "对方已退还", "已退还", "已退回")
#: WeChat Pay's status for a transfer or red packet that went back to its sender (not
#: accepted in time, or returned): the money did not stay, and no refund row follows it.
#: 已退还 and 朋友已退还 / 对方已退还 say it; so does 已退回, which was booked in full as a gift
RETURNED_WORDS = ("已退还", "已退回")
#: a payment's status saying part of it was refunded later (部分退款, 已退款(¥20.00))
PARTIAL_REFUND_WORDS = ("部分退款", "已退款")
#: how long after its payment a refund may come: WeChat Pay takes no refund of a payment more
#: than a year old (交易时间超过一年的订单无法提交退款), nor does Alipay. Why: ids reused a year
#: later (by a platform, or in bills edited by hand) paired a refund with an old payment
REFUND_WINDOW = datetime.timedelta(days=365)


def same_party(a: str, b: str) -> bool:
    """Whether two counterparty cells may name the same party: False only when both name one,
    unmasked, and not the same (a masked 李* may be 李四; an empty cell says nothing)."""
    a, b = clean_payer(a)[0], clean_payer(b)[0]
    if not a or not b or a == b:
        return True
    return is_masked_name(a) or is_masked_name(b) or is_masked(a) or is_masked(b)


#: `unpairable`'s reason for a payment of another counterparty
OTHER_PARTY = Said("那笔付款的交易对方不同：交易号被重复使用了", "that payment is of another counterparty: the id was used again")


def unpairable(refund_day: datetime.date, refund_party: str, paid_day: datetime.date, paid_party: str) -> Said | str:
    """Why a refund cannot be the refund of a payment its ids name ("" when it can be)."""
    if paid_day > refund_day:
        return Said("付款日期在退款之后", "the payment is dated after the refund")
    if refund_day - paid_day > REFUND_WINDOW:
        return Said(f"付款比退款早 {REFUND_WINDOW.days} 天以上，没有平台会退这么久以前的付款：交易号被重复使用了",
                    f"the payment is more than {REFUND_WINDOW.days} days before it, and no platform refunds a payment "
                    "that old: the id was used again")
    if not same_party(refund_party, paid_party):
        return OTHER_PARTY
    return ""


#: what a 支付方式 / 收/付款方式 cell names when the money is credit the centre owes
CREDIT_WORDS = ("花呗", "信用卡", "白条", "信用购", "月付")
#: what a 支付方式 / 收/付款方式 cell names when another person's money paid: WeChat Pay's
#: 亲属卡, Alipay's 亲情卡 / 亲情付 (a family card its owner gave the centre's account). Why: read
#: as a bank card, the note sent the finance officer to a card statement the centre never has
OTHERS_CARD_WORDS = ("亲属卡", "亲情卡", "亲情付")


def others_card(method: str) -> bool:
    """Whether the payment method is another person's family card (OTHERS_CARD_WORDS)."""
    return any(w in method for w in OTHERS_CARD_WORDS)

#: what the 支付方式 / 收/付款方式 column says when the money is the platform balance itself
CENT = Decimal("0.01")
BALANCE_WORDS = ("零钱", "余额", "微信零钱", "账户余额", "支付宝余额")


#: a neutral row's type saying the platform balance was topped up from a card (零钱充值,
#: 余额充值, Alipay's 充值-普通充值): money into the balance, whichever cell names the card
TOP_UP = re.compile(r"(零钱|余额)充值|充值-?(普通充值|快捷充值|到(零钱|余额))")

#: what the bills write in 收/支 for a row that is neither money in nor out, by platform:
#: Alipay's 不计收支, WeChat Pay's "/" (中性交易 in some versions). An empty cell is none of
#: them: read as neutral, a 转账红包 gift of 50.00 paid into the 余额 was booked as 50.00 paid
#: out of it, to a clearing account named after the donor. Alipay's 2021 电子客户回单 writes
#: 其他 (特别提示 5: 充值提现、账户转存 … 记为其他类; its summary line 其他：x笔): it was
#: refused as a masked cell, with advice to export again, which gives the same bill
NEUTRAL_DIRECTIONS = {"wechat": frozenset({"/", "中性交易", "不计收支"}), "alipay": frozenset({"不计收支", "中性交易", "其他"})}


@dataclass(frozen=True)
class Layout:
    """One platform's export layout: the names each column may have and which columns are needed."""
    id: str
    platform: str
    title: str
    columns: dict[str, tuple[str, ...]]
    #: the columns a bill must have; the 支付方式 / 收/付款方式 among them: without it every row
    #: was read as paid from the balance, a bank card's payments booked out of it
    required: tuple[str, ...]


#: a summary line of a bill's preamble: 收入：1笔 0.35元 (WeChat Pay also writes 中性交易,
#: Alipay 不计收支 for rows that are neither; the older Alipay layout 已收入:1笔,0.01元 and
#: 待收入, money not moved yet, which is not a summary of the rows' 资金状态 and is not read)
SUMMARY_LINE = re.compile(r"(?<!待)(收入|支出|中性交易|不计收支)\s*[：:]\s*(\d+)\s*笔\s*[,，]?\s*(\d[\d,]*(?:\.\d+)?)\s*元")
NEITHER = "中性交易 / 不计收支"


def summary_direction(direction: str) -> str:
    """The summary line a row's 收/支 falls under: 收入, 支出, or the rows that are neither."""
    return direction if direction in ("收入", "支出") else NEITHER


#: a neutral row paying an account's own earnings into it (Alipay's 余额宝-2026.03.06-收益发放)
EARNINGS = re.compile(r"收益发放|收益到账")

#: a neutral row's type saying a fund was sold (redeemed) into the platform balance
#: (蚂蚁财富-…-卖出至余额, 基金赎回到余额): money into the balance, though Alipay writes
#: that balance in 收/付款方式 as it writes the one a purchase is paid from; not 卖出至余额宝
SOLD_INTO_BALANCE = re.compile(r"(卖出|赎回)-?(至|到)(零钱|余额|账户余额)(?!宝|通)")

#: what a 收/支 cell of a transaction row reads (WeChat Pay's / left out: too common a mark)
CUT_ROW_DIRECTIONS = frozenset({"收入", "支出", "不计收支", "中性交易", "其他"})

#: a service-charge column (exports with extra columns, as merchant-side and newer bills add):
#: the amount is the gross, the charge comes off it, as in the older Alipay layout. Left
#: unread, the charge would vanish from the bill's movement and its balance would not agree
FEE_COLUMNS = ("服务费(元)", "服务费", "手续费(元)", "手续费")

LAYOUTS = (
    Layout("wechat", "wechat", "微信支付账单", {
        "time": ("交易时间",), "type": ("交易类型",), "payer": ("交易对方",), "item": ("商品",),
        "direction": ("收/支",), "amount": ("金额(元)", "金额"), "method": ("支付方式",),
        "status": ("当前状态", "交易状态"), "id": ("交易单号",), "merchant_id": ("商户单号",), "memo": ("备注",),
        "original_id": ("原交易单号", "原交易号"), "fee": FEE_COLUMNS},
        ("time", "type", "payer", "direction", "amount", "method", "status", "id")),
    Layout("alipay", "alipay", "支付宝交易明细", {
        "time": ("交易时间",), "type": ("交易分类",), "payer": ("交易对方",), "payer_account": ("对方账号",),
        "item": ("商品说明",), "direction": ("收/支",), "amount": ("金额",), "method": ("收/付款方式",),
        "status": ("交易状态",), "id": ("交易订单号",), "merchant_id": ("商家订单号",), "memo": ("备注",),
        "original_id": ("原交易号", "原交易订单号"), "fee": FEE_COLUMNS},
        ("time", "payer", "direction", "amount", "method", "status", "id", "item")),
    Layout("alipay-older", "alipay", "支付宝交易记录明细（旧版）", {
        "id": ("交易号",), "merchant_id": ("商家订单号",), "time": ("付款时间",), "created": ("交易创建时间",),
        "type": ("类型",), "payer": ("交易对方",), "item": ("商品名称",), "amount": ("金额(元)",),
        "direction": ("收/支",), "status": ("交易状态",), "fee": ("服务费(元)",), "refunded": ("成功退款(元)",),
        "memo": ("备注",), "fund_state": ("资金状态",), "original_id": ("原交易号",)},
        ("id", "created", "payer", "amount", "status", "fund_state")),
)


@dataclass
class Line:
    """One row of a bill as the importer reads it, before refunds are paired."""

    row: int
    date: datetime.date
    time: str
    summary: str
    amount: Decimal  # as the row states it, positive
    sign: int  # +1 money in, -1 money out, 0 neither (不计收支 / 中性交易)
    kind: str
    item: str
    memo: str
    status: str
    method: str
    ref: str
    merchant_id: str
    original_id: str
    payer: str
    payer_account: str
    fee: Decimal = ZERO
    refund: bool = False
    #: the part the row's own status (已退款(¥X)) or 成功退款 column says came back
    refunded: Decimal = ZERO
    #: the status says no money moved (失败, 撤销, 待付款 …)
    closed: bool = False
    #: the status says the money came back in full (已全额退款; Alipay's 交易关闭 on a row that moved money)
    full_refund: bool = False
    #: the status says part of it came back, without saying how much (部分退款)
    partial_refund: bool = False
    #: WeChat Pay's 已退还 / 对方已退还: the transfer went back to its sender, nothing stayed
    returned: bool = False
    #: the refunds paired with this payment, and the payment a refund belongs to
    refunds: list = field(default_factory=list)
    payment: Line | None = None
    #: why a refund is not paired with the payment its ids name (`unpairable`): "" when none was refused
    unpaired: str = ""
    #: the earlier row this one repeats cell for cell, its 交易单号 included (0: none)
    repeats: int = 0
    #: for a refund shown as 不计收支: the direction its payment gives it (-1 when the payment
    #: was money received, a gift given back; 0 while its payment is not found)
    back: int = 0

    @property
    def money_sign(self) -> int:
        """The direction the money went. A refund shown as 不计收支 (Alipay writes both sides of
        a refund so) goes against its payment: money back for a purchase, money out for a
        gift the centre gives back; while its payment is not found, money back (see `_paid_in_books`)."""
        if self.sign == 0 and self.refund:
            return self.back or 1
        return self.sign


@dataclass
class Bill:
    """A WeChat Pay or Alipay bill as read: its layout, lines, records, skipped rows and what it states about itself."""
    layout: Layout
    sheet: str
    header_row: int
    records: list[Record] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    stated_count: tuple[int, int, str] | None = None  # (count, row, the words stating it)
    #: the summary's lines (收入：1笔 0.35元): direction -> (count, amount, row)
    stated_totals: dict[str, tuple[int, Decimal, int]] = field(default_factory=dict)
    #: what the rows read add up to, by the same directions: (direction, whether the row's
    #: status says it failed or was closed) -> [count, amount]
    tally: dict[tuple[str, bool], list] = field(default_factory=dict)
    lines: list[Line] = field(default_factory=list)
    #: the (first, last) day the bill's 起始时间/终止时间 says it covers, else its rows' days
    period: tuple[datetime.date, datetime.date] | None = None
    #: the bill's own movement: (funding text, signed amount) per row, money in and out
    movement: list[tuple[str, Decimal]] = field(default_factory=list)
    #: rows whose transaction id a spreadsheet rounded (4.2E+27): told apart by their content
    rounded_ids: list[int] = field(default_factory=list)
    #: the rounded id as the cell reads, by row
    rounded: dict[int, str] = field(default_factory=dict)
    #: refunds shown as 不计收支 whose payment is not in the bill: row -> index of their
    #: movement, whose direction the payment in the books decides (`_paid_in_books`)
    undirected: dict[int, int] = field(default_factory=dict)
    #: 不计收支 moves between two accounts outside the balance (a card and 零钱通 / 余额宝):
    #: row -> (its movement, the row listed as skipped when neither account is mapped)
    outside: dict[int, tuple[list[tuple[str, Decimal]], Skipped]] = field(default_factory=dict)
    #: refunds naming no method whose payment is not in the bill: row -> index of their
    #: movement, whose account the payment in the books decides (原路退回, `_paid_in_books`)
    unnamed: dict[int, int] = field(default_factory=dict)


#: words of a preamble naming another payment platform's bill (its title, its account line)
#: and those naming the bill's own platform, which stand over them (a nickname may say 云闪付)
OTHER_PLATFORM_TITLES = ("云闪付", "京东账号名", "京东交易流水", "美团用户名", "美团交易账单")
OWN_TITLES = ("微信支付", "支付宝")


def titled_otherwise(rows: list[Row], header: Row) -> bool:
    """Whether the lines above a bill's header row name another platform's bill and not the
    bill's own platform. Why: a 云闪付 bill whose header held every column a WeChat Pay bill
    needs was read as one, its bank card's payments booked out of the WeChat Pay balance."""
    above = " ".join(r.text for r in rows if r.number < header.number)
    return any(w in above for w in OTHER_PLATFORM_TITLES) and not any(w in above for w in OWN_TITLES)


def _find(layout: Layout, rows: list[Row]) -> tuple[Row, dict[str, int]] | None:
    for row in rows[:60]:
        folded = [fold_header(c) for c in row.cells]
        if not any(folded):
            continue
        cols = {}
        for key, names in layout.columns.items():
            for n in names:
                if fold_header(n) in folded:
                    cols[key] = folded.index(fold_header(n))
                    break
        if all(k in cols for k in layout.required):
            return row, cols
    return None


def _given_back(paid: Line) -> Said:
    """Why a refund cannot be of `paid`: its refunds paired so far give back all of it, or
    too much of it for this one too."""
    rows_zh = f"第 {'、'.join(str(x.row) for x in paid.refunds)} 行"
    rows = ", ".join(str(x.row) for x in paid.refunds)
    rows, give = (f"rows {rows}", "give") if len(paid.refunds) > 1 else (f"row {rows}", "gives")
    given = sum((x.amount for x in paid.refunds), ZERO)
    if given >= paid.amount:
        return Said(f"{rows_zh}已经全额退回了它的 {paid.amount:.2f}", f"{rows} already {give} back its {paid.amount:.2f} in full")
    return Said(f"{rows_zh}已经退回了它的 {paid.amount:.2f} 中的 {given:.2f}：剩下 {paid.amount - given:.2f}，少于这笔退款",
                f"{rows} already {give} back {given:.2f} of its {paid.amount:.2f}: {paid.amount - given:.2f} is left, less than this refund")


def cell_text(sheet, number: int, index: int) -> str:
    """The text of the cell in column `index` of row `number` of `sheet`."""
    return next((r.get(index) for r in sheet.rows if r.number == number), "")


def _clean(text: str) -> str:
    """A reference cell as text, "" when empty, masked or rounded by a spreadsheet (4.2E+27)."""
    return "" if not text or is_empty(text) or is_masked(text) or is_rounded_id(text) else text.strip()


def _method_cell(text: str) -> str:
    """A 支付方式 / 收/付款方式 cell as text, "" when empty. Unlike a reference cell, a card whose
    number is masked (招商银行(****1234), 中国银行(****)) is kept: it names a card, not the balance.
    Why: read as "" through `_clean`, such a card's payment was booked out of the balance."""
    return "" if not text or is_empty(text) else text.strip()


def is_balance(method: str) -> bool:
    """True when the bill's payment method is the platform balance itself (or not named)."""
    text = "".join(str(method or "").split())
    # newer Alipay bills write 账户余额(个人余额): it went to the clearing account as a card would
    text = re.sub(r"[(（]个人余额[)）]$", "", text)
    return not text or is_empty(text) or text in BALANCE_WORDS


#: what Alipay writes after & in 收/付款方式 for a discount beside the money's source
#: (账户余额&红包, 花呗&红包, 余额宝&门店消费券, 中国银行储蓄卡(1234)&碰一下立减): not money of the centre's
DISCOUNT_WORDS = ("红包", "优惠", "立减", "券", "折扣", "抵扣", "特惠", "减免", "奖励金")


def primary_method(text: str) -> str:
    """The source of the money a method cell names, without the discounts beside it after &.
    Why: 账户余额&红包 was neither the balance nor the mapped card: a purchase from the balance
    was booked to the clearing account, flagged. Two sources (招商银行储蓄卡(0932)&余额宝, in
    parts the bill does not give) are left as written: `funding_account` maps them to no account."""
    parts = [p.strip() for p in (text or "").split("&")]
    if len(parts) < 2:
        return text
    sources = [p for p in parts if p and not any(w in p for w in DISCOUNT_WORDS)]
    return sources[0] if len(sources) == 1 else text


def card_digits(text: str) -> str:
    """The last digits a bill shows for a card: 中国银行(1234), 交通银行信用卡(7449)."""
    m = re.search(r"[(（]\s*(\d{3,})\s*[)）]", text or "")
    return m.group(1) if m else ""


class PaymentBillImporter(ReliefImporter):
    """Imports WeChat Pay and Alipay bills: money on the platform's balance is its own account; money paid
    from a card the config does not map goes through a clearing account, flagged."""
    platform = ""
    title = ""

    def _layouts(self):
        return [layout for layout in LAYOUTS if layout.platform == self.platform]

    def _locate(self, filepath: str):
        table = read_table(filepath)
        for layout in self._layouts():
            for sheet in table.sheets:
                found = _find(layout, sheet.rows)
                if found and titled_otherwise(sheet.rows, found[0]):
                    return None  # another platform's bill (run.diagnose names it)
                if found:
                    others = [(s, f[0].number) for s in table.sheets if s is not sheet and (f := _find(layout, s.rows))]
                    return table, layout, sheet, found[0], found[1], others
        return None

    def matches(self, filepath: str) -> bool:
        """Whether the file has this platform's header row."""
        return self._locate(filepath) is not None

    def account(self, filepath: str) -> str:
        """The platform's books account (Assets:Online:...), from the import options."""
        return self.options.wechat_account if self.platform == "wechat" else self.options.alipay_account

    def clearing_account(self) -> str:
        """The account for money paid by a card or method the import config does not map (flagged `!` for a person)."""
        return self.options.wechat_clearing_account if self.platform == "wechat" else self.options.alipay_clearing_account

    def dates(self, filepath: str) -> list[datetime.date]:
        """The days of the bill's records; with none booked (every row skipped), the days its
        period states, so its document is dated within the bill, not on the day of the import."""
        bill = self.parse(filepath)
        return [r.date for r in bill.records] or list(bill.period or ())

    @staticmethod
    def _serial_times(sheet, header: Row, cols: dict[str, int], names: dict[str, str], date1904: bool, bill: Bill) -> None:
        """A bill workbook's time cells that show the spreadsheet's day number (46086.41666667)
        instead of a date and time, as a program rewriting the workbook without formats leaves
        them: read as the moment they stand for, with a note, as a statement's and a register's
        date cells are. Only in a workbook (a CSV's 46086 may be anything) and only this
        century's days. Why: each row was refused, "'46086.41666667' in its time column is not a
        date and time; fix the cell", with nothing to do but retype every time."""
        columns = [cols[k] for k in ("time", "created") if k in cols]
        first = None
        for i, row in enumerate(sheet.rows):
            if row.number <= header.number:
                continue
            cells = None
            for index in columns:
                shown = serial_date(row.get(index), date1904)
                if shown is None:
                    continue
                if len(shown) == 10:
                    shown += " 00:00:00"
                cells = cells or list(row.cells)
                cells[index] = shown
                first = first or (row.number, names.get("time") or names.get("created"), row.get(index), shown)
            if cells is not None:
                sheet.rows[i] = Row(row.number, tuple(cells))
        if first:
            bill.notes.append(said(f"{first[1]} 列中是电子表格的日期序号，不是日期（第 {first[0]} 行：{first[2]}）：按它们代表的时刻读取"
                                   f"（{first[3]}{'，1904 日期系统' if date1904 else ''}）；请与应用中的最早和最晚时间核对",
                                   f"the {first[1]} column holds spreadsheet date numbers, not dates (row {first[0]}: {first[2]}): read "
                                   f"as the moments they stand for ({first[3]}{', 1904 date system' if date1904 else ''}); check the "
                                   "first and last times against the app"))

    def _parse(self, filepath: str) -> Bill:
        located = self._locate(filepath)
        if located is None:
            raise ImportProblem(filepath, said(f"这不是{self.title}（没有含 交易时间、交易对方、收/支、金额… 的表头行）",
                                               f"this is not a {self.title} (no header row with 交易时间, 交易对方, 收/支, 金额…)"),
                                hint=said("请从应用中重新导出账单（CSV 或 Excel），不要编辑",
                                          "export the bill again from the app (CSV or Excel) without editing it"))
        table, layout, sheet, header, cols = located[:5]
        traditional = [c for c in header.cells if c and simplified(c) != c]
        if traditional:
            # Why: the header's words are read in either script (fold_header), but a bill's
            # cells are words too (零錢, 轉賬, 共43筆記錄): read as unknown ones, payments from the
            # balance were skipped as moved outside it and the record count went unchecked
            raise ImportProblem(filepath, said(
                f"这份{self.platform_zh}账单是用繁体字写的（表头：{'、'.join(traditional[:4])}）：它不是平台下载的账单（平台只导出简体），"
                "其中的支付方式、交易类型和笔数不能按繁体字核对",
                f"this {self.platform_name} bill is written in traditional characters (its header: {', '.join(traditional[:4])}): it is not the "
                "bill as the platform exports it (in simplified characters only), and its payment methods, kinds of "
                "transaction and record count cannot be checked in traditional characters"), row=header.number,
                hint=said("请从应用中重新导出账单（CSV 或 Excel），不要转换或编辑",
                          "export the bill again from the app (CSV or Excel), without converting or editing it"))
        bill = Bill(layout, sheet.name, header.number, notes=list(table.notes))
        copies = refuse_other_sheets(filepath, sheet, located[5], header.number)
        if copies:
            bill.notes.append(Said(f"读取了工作表 {sheet.name!r}；其他工作表 {'、'.join(map(repr, copies))} 只有它的行：不读取",
                                   f"sheet {sheet.name!r} read; other sheet(s) {', '.join(map(repr, copies))} hold only rows of it: not read"))
        names = {k: header.cells[i] for k, i in cols.items()}
        if table.kind in ("xlsx", "xls", "spreadsheetml"):
            self._serial_times(sheet, header, cols, names, table.date1904, bill)
        body = [r for r in sheet.rows if r.number > header.number]
        refuse_reordered_header(filepath, body, header.cells, "bill")
        bill.notes.extend(hidden_notes(sheet, body, "bill", said("（它们是支付平台的行：按平台写的记账）",
                                                                " (they are the platform's rows: booked as it wrote them)")))
        text_all = [r for r in sheet.rows if r.number < header.number] + body
        date_at = cols["time"] if "time" in cols else cols["created"]
        for r in text_all:
            count = stated_count(r.text)
            if count and not (r.number > header.number and self._is_date(r.get(date_at))):  # a row's own memo states nothing
                bill.stated_count = (count[0], r.number, count[1])
            for m in SUMMARY_LINE.finditer(r.text):
                bill.stated_totals[summary_direction(m.group(1))] = (int(m.group(2)), Decimal(m.group(3).replace(",", "")), r.number)
        date_key = "time" if "time" in cols else "created"
        counted = 0
        width = len(trimmed_cells(header.cells))
        first_with_id: dict[str, tuple[int, tuple[str, ...]]] = {}  # 交易单号 -> (row, cells) of its first row
        rows = [r for r in body if not r.blank]
        last = max((r.number for r in rows if self._is_date(r.get(cols[date_key]) or r.get(cols.get("created", cols[date_key])))), default=0)
        for row in rows:
            when = row.get(cols[date_key]) or row.get(cols.get("created", cols[date_key]))
            if not self._is_date(when):
                if row.number < last and trimmed_cells(row.cells) == trimmed_cells(header.cells):
                    # the column header again between rows (a bill printed in pages, or two
                    # exports pasted together): no money, listed like every row not booked
                    bill.skipped.append(Skipped(row.number, said(f"再次出现的表头（同第 {header.number} 行）",
                                                                 f"the column header again (as in row {header.number})"), "", None))
                    continue
                totals = when.strip().startswith(TOTALS)
                if row.number < last and (totals or not _holds_amount(row.get(cols["amount"]))):
                    what = "a totals row" if totals else "not a transaction (it has no amount)"
                    what_zh = "合计行" if totals else "不是交易（它没有金额）"
                    raise ImportProblem(filepath, said(f"这一行是{what_zh}：它的 {names[date_key]} 写着 {when!r}，但它后面还有交易；"
                                                       "一份账单只有一个表头和一块连续的行",
                                                       f"this row is {what}: its {names[date_key]} reads {when!r}, yet transactions "
                                                       "follow it; a bill has one header and one block of rows"),
                                        row=row.number, column=names[date_key],
                                        hint=said("请重新导出账单；如果这个文件拼接了两份账单（或手工输入了合计），请把每份账单按导出的样子分别导入",
                                                  "export the bill again; if this file joins two bills (or a total was typed in), "
                                                  "import each bill as exported, on its own"))
                if row.number < last:
                    raise ImportProblem(filepath, said(f"{when!r} 不是日期时间", f"{when!r} is not a date and time"),
                                        row=row.number, column=names[date_key],
                                        hint=cell_hint(when, said("请改正单元格（2026-03-05 12:00:00），或重新导出账单",
                                                                  "fix the cell (2026-03-05 12:00:00) or export the bill again")))
                if row.number > last and _holds_amount(row.get(cols["amount"])):
                    # after the last dated row, but moving money: not a footer to pass over in silence
                    raise ImportProblem(filepath, said(f"该行有金额，但时间列中的 {when!r} 不是日期时间",
                                                       f"the row holds an amount but {when!r} in its time column is not a date and time"),
                                        row=row.number, column=names[date_key],
                                        hint=cell_hint(when, said("请改正单元格（2026-03-05 12:00:00）；如果该行不是交易，请删除它",
                                                                  "fix the cell (2026-03-05 12:00:00), or delete the row if it is not a transaction")))
                written = row.get(cols["direction"]).strip() if "direction" in cols else ""
                if row.number > last and written in CUT_ROW_DIRECTIONS:
                    # Why: deb-sig's real 电子客户回单 (time in its last column) ends with `其他 ,tb6986_88 ,`,
                    # a transaction cut after its counterparty: passed over as footer, no word said
                    raise ImportProblem(filepath, said(f"该行被截断了：它的 {names['direction']} 像交易那样写着 {written!r}，"
                                                       f"但没有 {names[date_key]}，也没有金额（{width} 个单元格只有 {len(trimmed_cells(row.cells))} 个）",
                                                       f"the row is cut short: its {names['direction']} reads {written!r}, as a "
                                                       f"transaction's does, but it has no {names[date_key]} and no amount "
                                                       f"({len(trimmed_cells(row.cells))} of {width} cells)"), row=row.number,
                                        column=names[date_key], hint=said("请重新导出账单（文件被截断或编辑过）",
                                                                          "export the bill again (the file was cut or edited)"))
                continue  # footer
            needed = max(cols[k] for k in layout.required) + 1
            if len(row.cells) < needed and table.kind == "csv":
                # a spreadsheet stores no empty cells at a row's end: only a text file's row is
                # cut short (an XLSX row with its 交易单号 left empty was refused as cut off)
                raise ImportProblem(filepath, said(f"该行不完整（{len(header.cells)} 个单元格只有 {len(row.cells)} 个）"
                                                   + ("：文件看来被截断了" if row.number == last else ""),
                                                   f"the row stops short ({len(row.cells)} of {len(header.cells)} cells)"
                                                   + (": the file looks cut off" if row.number == last else "")),
                                    row=row.number, column=header.cells[len(row.cells)] if len(row.cells) < len(header.cells) else None,
                                    hint=said("请重新导出账单", "export the bill again"))
            if table.open_ended and row is sheet.rows[-1] and len(row.cells) < width:
                # Why: a bill cut off inside its last row's 交易单号 (or a cell after it) has every
                # column that is needed, and was booked under the cut id ("42" for 4200003);
                # the whole bill, imported later, booked that money a second time
                raise ImportProblem(filepath, said(f"文件在最后一行中间结束，没有换行（{width} 个单元格只有 {len(row.cells)} 个）："
                                                   "看来被截断了",
                                                   f"the file ends without a line break inside its last row ({len(row.cells)} of "
                                                   f"{width} cells): it looks cut off"), row=row.number,
                                    column=header.cells[len(row.cells) - 1] if row.cells else None,
                                    hint=said("请重新导出账单（下载或复制没有完成）", "export the bill again (a download or copy did not finish)"))
            if table.kind == "csv" and len(row.cells) > width:
                # Why: ¥1,000.00 written without quotes was read as ¥1, the method column
                # holding 000.00, and booked as a gift of 1.00 paid by a card named '000.00'
                refuse_shifted(filepath, row, width, "bill", header.cells)
            counted += 1
            line = self._line(filepath, bill, row, cols, names, date_key)
            if line is not None:
                if line.ref and line.money_sign:
                    cells = trimmed_cells(row.cells)
                    first = first_with_id.setdefault(line.ref, (row.number, cells))
                    if first[0] != row.number and first[1] == cells:
                        line.repeats = first[0]
                bill.lines.append(line)
        if counted == 0:
            quiet = stated_period(r for r in sheet.rows if r.number != header.number)
            if not (bill.stated_count and bill.stated_count[0] == 0 and quiet):
                raise ImportProblem(filepath, said("账单有表头，但没有行", "the bill has a header but no rows"), row=header.number,
                                    hint=said("请检查导出的期间；什么也没有导入", "check the period you exported; nothing was imported"))
            # Why: a month with nothing on the balance still needs its bill: `relief reconcile`
            # asks every day of an online balance in use to be covered by one, and a bill that
            # states 共0笔记录 for its period was refused, so a quiet month could not be closed
            bill.period = quiet
            bill.notes.append(said(f"账单写明 {quiet[0]} 至 {quiet[1]} 没有记录（{bill.stated_count[2]}）："
                                   "没有要记的账；它的文件覆盖这些日子，没有变动",
                                   f"the bill states no records ({bill.stated_count[2]}) from {quiet[0]} to {quiet[1]}: "
                                   "nothing to book; its document covers those days, with no movement"))
            return bill
        if self.options.verify_summary and bill.stated_count and bill.stated_count[0] != counted:
            raise ImportProblem(filepath, said(f"账单写着有 {bill.stated_count[0]} 笔记录（{bill.stated_count[2]}），"
                                               f"但表头下面有 {counted} 行",
                                               f"the bill says it has {count_of(bill.stated_count[0], 'record', 'records')} ({bill.stated_count[2]}) "
                                               f"but {count_of(counted, 'row follows', 'rows follow')} its header"),
                                row=bill.stated_count[1],
                                hint=said("文件被截断或编辑过；请重新导出（relief import --ignore-summary 照样导入各行）",
                                          "the file is cut off or was edited; export it again (relief import --ignore-summary imports the rows anyway)"))
        bill.notes.extend(self._summary_notes(bill))
        if bill.rounded_ids:
            bill.notes.append(said(f"{len(bill.rounded_ids)} 行（第一行：第 {bill.rounded_ids[0]} 行）的交易单号被电子表格程序舍入了"
                                   f"（{cell_text(sheet, bill.rounded_ids[0], cols['id'])}）：这些行改按内容区分；下次请导入下载的原始账单，"
                                   "不要用电子表格程序打开后保存",
                                   f"{len(bill.rounded_ids)} row(s) (first: row {bill.rounded_ids[0]}) have a transaction id that a "
                                   f"spreadsheet program rounded ({cell_text(sheet, bill.rounded_ids[0], cols['id'])}): those rows are "
                                   "told apart by their content instead; next time import the bill as downloaded, without opening "
                                   "and saving it in a spreadsheet program"))
        odd_times = [(line.row, line.time) for line in bill.lines if impossible_time(line.time)]
        if odd_times:
            bill.notes.append(impossible_times_note(odd_times))
        self._pair_refunds(bill)
        for line in bill.lines:
            if line.refund and line.sign == 0 and line.payment is None and not line.repeats:
                bill.undirected[line.row] = len(bill.movement)
            if line.refund and line.payment is None and not line.repeats and not line.method:
                bill.unnamed[line.row] = len(bill.movement)
            bill.movement.extend(self._movement(line))
            self._book(bill, line)
        seen: dict[str, int] = {}
        seen_legacy: dict[str, int] = {}
        seen_content: dict[str, int] = {}
        seen_minute: dict[str, int] = {}
        for r in bill.records:  # a row without a usable id (empty, masked): a fingerprint of the row
            content = qualified_ref(self.platform, numbered(f"row-{r.fingerprint(self.platform)}", seen_content))
            if r.source_ref:
                # Why: a copy of this bill saved by a spreadsheet program (ids rounded to
                # 4.2E+27) gives this row that fingerprint, or, saved as CSV, the one of its
                # time without seconds (2026/3/2 9:00): the books holding it, the row was
                # booked a second time when the bill was imported as downloaded
                time, r.time = r.time, r.time[:5] + ":00" if len(r.time) == 8 else r.time
                minute = qualified_ref(self.platform, numbered(f"row-{r.fingerprint(self.platform)}", seen_minute))
                r.time = time
                r.legacy_ref = (content, minute) if minute != content else content
                continue
            if not r.source_ref:
                r.source_ref = qualified_ref(self.platform, numbered(f"row-{r.fingerprint(self.platform)}", seen))
                if r.written_to_fen:
                    continue
                legacy = qualified_ref(self.platform, numbered(f"row-{r.fingerprint(self.platform, legacy=True)}", seen_legacy))
                r.legacy_ref = legacy if legacy != r.source_ref else ""
        if sheet.marked:
            self._older_ids(bill, sheet)
        bill.skipped.sort(key=lambda s: s.row)
        stated = stated_period(r for r in sheet.rows if r.number < header.number or r.number > last)
        days = [line.date for line in bill.lines]
        if stated and days and (min(days) < stated[0] or max(days) > stated[1]):
            bill.notes.append(Said(f"账单写明的期间是 {stated[0]} 至 {stated[1]}，但其中的行是 {min(days)} 至 {max(days)}：以各行的日期为期间",
                                   f"the bill says it covers {stated[0]} to {stated[1]} but has rows from {min(days)} to {max(days)}: "
                                   "its rows' days are taken as its period"))
            stated = None
        bill.period = stated or ((min(days), max(days)) if days else None)
        return bill

    def _is_date(self, text: str) -> bool:
        try:
            parse_date(text)
            return True
        except ValueError:
            return False

    # --- reading one row ---------------------------------------------------------------
    def _summary_notes(self, bill: Bill) -> list[str]:
        """Where the bill's summary lines (收入：1笔 0.35元) disagree with its rows: a note, not
        a refusal. Every row is booked or listed as skipped whatever the summary says, and
        Alipay's own bill warns that "因统计逻辑不同" the rows' sum may differ from its summary;
        but a file edited after export, or rows the reading missed, show here first."""
        notes = []
        for direction, (count, amount, row) in bill.stated_totals.items():
            done_count, done_amount = bill.tally.get((direction, False), (0, ZERO))
            failed_count, failed_amount = bill.tally.get((direction, True), (0, ZERO))
            got_count, got_amount = done_count + failed_count, done_amount + failed_amount
            # whether a platform's summary counts the failed and closed rows is not documented:
            # either way of counting that agrees is agreement
            if (count, amount) in ((got_count, got_amount), (done_count, done_amount)):
                continue
            why = ("Alipay's bill itself says the rows' sum may differ from its summary (特别提示 6); "
                   if bill.layout.id == "alipay" else "")
            why_zh = "支付宝账单自己说明各行之和可能与汇总不同（特别提示 6）；" if bill.layout.id == "alipay" else ""
            column = "资金状态" if bill.layout.id == "alipay-older" else "收/支"
            notes.append(Said(f"账单的汇总（第 {row} 行）写的是 {direction}：{count} 笔，{amount:,.2f} 元，但{column}为{direction}的行"
                              f"是 {got_count} 笔，{got_amount:,.2f} 元：{why_zh}请检查文件导出后没有被编辑过（读到的每一行都已记账，"
                              "或列在下面的跳过行中）",
                              f"the bill's summary (row {row}) says {direction}: {count} row(s), {amount:,.2f} 元, but its rows "
                              f"with that {column} are {got_count}, {got_amount:,.2f} 元: {why}check that the file was not edited "
                              "after export (every row read is booked or listed as skipped below)"))
        return notes

    def _line(self, filepath: str, bill: Bill, row: Row, cols: dict[str, int], names: dict[str, str],
              date_key: str) -> Line | None:
        def cell(key: str) -> str:
            return row.get(cols[key]) if key in cols else ""

        def money_cell(key: str) -> Decimal:
            try:
                return abs(parse_amount(cell(key)) or ZERO)
            except ValueError:
                raise ImportProblem(filepath, said(f"{cell(key)!r} 不是金额", f"{cell(key)!r} is not an amount"), row=row.number, column=names[key],
                                    hint=cell_hint(cell(key), said("请改正单元格，或重新导出账单", "fix the cell or export the bill again"))) from None

        when = cell(date_key) or cell("created")
        day = parse_date(when)
        summary = " ".join(x for x in (cell("payer"), cell("item"), cell("amount")) if x and not is_empty(x))
        try:
            amount = parse_amount(cell("amount"))
        except ValueError:
            raise ImportProblem(filepath, said(f"{cell('amount')!r} 不是金额", f"{cell('amount')!r} is not an amount"),
                                row=row.number, column=names["amount"],
                                hint=DIGITS_HINT if too_many_digits(cell("amount")) else
                                cell_hint(cell("amount"), said("金额的样子是 ¥28.16 或 28.16；请改正单元格，或重新导出账单",
                                                               "amounts look like ¥28.16 or 28.16; fix the cell or export the bill again"))) from None
        if amount is None:
            raise ImportProblem(filepath, said("金额是空的", "the amount is empty"), row=row.number, column=names["amount"],
                                hint=said("每一行都要有金额；请重新导出账单", "every row needs an amount; export the bill again"))
        if finer_than_fen(amount):
            raise ImportProblem(filepath, said(f"{cell('amount')!r} 的小数超过两位：没有一笔支付会动用不足一分的钱",
                                               f"{cell('amount')!r} has more than two decimal places: no payment moves part of a fen"),
                                row=row.number, column=names["amount"],
                                hint=shown_rounded_hint(cell("amount"), said("请改正单元格（可能是电子表格公式或手工编辑造成的），或重新导出账单",
                                                                             "fix the cell (a spreadsheet formula or a hand edit may have "
                                                                             "made it), or export the bill again")))
        if amount < 0:
            # The bills write every amount without a sign and say its direction in 收/支 (or
            # 资金状态): a negative amount contradicts that, and booking it either way could
            # turn money out into money in.
            raise ImportProblem(filepath, said(f"{cell('amount')!r} 是负数，但账单的金额不带正负号："
                                               f"方向由 收/支 列说明（{cell('direction') or cell('fund_state') or '这里是空的'}）",
                                               f"{cell('amount')!r} is negative, but the bill's amounts carry no sign: "
                                               f"its 收/支 column says the direction ({cell('direction') or cell('fund_state') or 'empty here'})"),
                                row=row.number, column=names["amount"],
                                hint=said("单元格被手工编辑过，或者文件不是平台自己的账单；请重新导出账单",
                                          "the cell was edited by hand or the file is not the platform's own bill; export the bill again"))
        direction = cell("direction")
        status = cell("status")
        if status.strip() and is_masked(status) and not re.search(r"[^*＊xX\s]", status):
            # Why: a status masked whole (***) says neither 支付成功 nor 支付失败 / 已退还: read as
            # saying nothing, a payment that failed or went back was booked as money that moved
            raise ImportProblem(filepath, said(f"{names.get('status', '交易状态')} 单元格被遮盖了（{status.strip()}）："
                                               "无法判断钱是否动了（成功、失败、已退还、交易关闭）",
                                               f"the {names.get('status', '交易状态')} cell is masked ({status.strip()}): whether the "
                                               "money moved (成功, 失败, 已退还, 交易关闭) cannot be told"), row=row.number, column=names.get("status"),
                                hint=MASKED_HINT)
        if bill.layout.id == "alipay-older":  # its summary (已收入:2笔,140.00元) counts by 资金状态
            state = cell("fund_state")
            pending = state.strip().startswith("待")  # 待收入 / 待支出: not moved yet, summed on their own lines
            counted_as = NEITHER if pending else "收入" if "收入" in state else "支出" if "支出" in state else NEITHER
        else:
            counted_as = summary_direction(direction)
        tally = bill.tally.setdefault((counted_as, any(w in status for w in FAILED_WORDS)), [0, ZERO])
        tally[0] += 1
        tally[1] += amount
        kind = cell("type")
        item = "" if is_empty(cell("item")) else cell("item")
        memo = "" if is_empty(cell("memo")) else cell("memo")
        # a status saying the row was refunded (FULL_REFUND_WORDS, PARTIAL_REFUND_WORDS) is a
        # payment's: 全额退款 was read as the refund itself, a gift refunded so booked as money
        # back from nobody, without its receipt
        refund = ("退款" in kind or item.startswith("退款")
                  or ("退款" in status and not any(w in status for w in (*FULL_REFUND_WORDS, *PARTIAL_REFUND_WORDS))))
        if bill.layout.id == "alipay-older":
            state = cell("fund_state")
            if state.strip().startswith("待"):
                # 待收入 / 待支出: an escrow payment (担保交易) not settled when the bill was
                # exported. It was booked as received; the money may never come (a buyer
                # who does not confirm, a refund). The same bill exported again once it is
                # settled shows it 已收入 under the same 交易号 (a next month's bill does not list
                # it: its 交易时间 is the day of the sale), and it is imported then.
                bill.skipped.append(Skipped(row.number, Said(
                    f"资金状态 {state.strip()}：导出账单时尚未结算（{amount:.2f} 还没有到账）；结算后请重新导出同样日期的本账单"
                    f"并导入，那时它显示为 已{state.strip()[1:]}",
                    f"资金状态 {state.strip()}: not settled when the bill was exported "
                    f"({amount:.2f} not moved yet); once it is settled, export this bill again, of the same days, "
                    f"and import it, where it shows as 已{state.strip()[1:]}"), summary, ZERO.quantize(CENT)))
                return None
            sign = 1 if "收入" in state else -1 if "支出" in state else 0
            unknown = state.strip() and not is_masked(state) and not any(w in state for w in STILL_FUND_STATES)
            # 收/支 masked too (** in both cells of a copy re-exported with masking) says nothing
            # either: the row was skipped as moving nothing, +0.00, a 100.00 gift dropped
            masked_direction = bool(direction.strip()) and is_masked(direction)
            if (sign == 0 and not refund and (not state.strip() or is_masked(state) or unknown)
                    and (direction in ("收入", "支出") or masked_direction)
                    and not any(w in status for w in FAILED_WORDS)):
                # Why: an emptied or masked 资金状态 on a row its 收/支 and 交易状态 say moved money
                # (收入, 交易成功) was skipped as moving nothing, amount 0: a gift dropped. So was
                # one holding none of its words (a card's name typed in: 45.50 paid, dropped)
                reads = (f"reads {state.strip()!r}, none of 已收入, 已支出, {', '.join(STILL_FUND_STATES)}" if unknown
                         else f"is {'masked' if state.strip() else 'empty'}")
                reads_zh = (f"写着 {state.strip()!r}，不是 已收入、已支出、{'、'.join(STILL_FUND_STATES)} 之一" if unknown
                            else "被遮盖了" if state.strip() else "是空的")
                shown = f"收/支 masked ({direction.strip()})" if masked_direction else direction
                shown_zh = f"收/支 被遮盖（{direction.strip()}）" if masked_direction else direction
                raise ImportProblem(filepath, said(f"资金状态 单元格{reads_zh}，但该行写着 {shown_zh} 和 {status or '没有状态'}："
                                                   "无法判断动了哪笔钱",
                                                   f"the 资金状态 cell {reads}, but the row says "
                                                   f"{shown} and {status or 'no status'}: which money moved cannot be told"),
                                    row=row.number, column=names.get("fund_state"),
                                    hint=said("单元格被遮盖或编辑过：请从支付宝重新导出账单",
                                              "the cell was masked or edited: export the bill again from Alipay"))
            if sign == 0 and not refund:
                bill.skipped.append(Skipped(row.number, Said(f"资金状态 {state or '（空）'}：没有资金变动",
                                                             f"资金状态 {state or '(empty)'}: no money moved"), summary, ZERO.quantize(CENT)))
                return None
        else:
            sign = 1 if direction == "收入" else -1 if direction == "支出" else 0
            if sign == 1 and not refund and any(w in status for w in PENDING_IN_WORDS):
                # a sale (义卖 through a shop) whose buyer has not confirmed: the platform holds
                # the money, which may still go back; it was booked as received
                bill.skipped.append(Skipped(row.number, Said(
                    f"交易状态 {status}：交易结算前平台代管这笔钱（{amount:.2f} 还不在余额中）；结算后请重新导出同样日期的本账单"
                    "并导入，那时它显示为 交易成功",
                    f"交易状态 {status}: the platform holds the money until the sale is "
                    f"settled ({amount:.2f} not in the balance yet); once it is settled, export this bill "
                    "again, of the same days, and import it, where it shows as 交易成功"), summary, ZERO.quantize(CENT)))
                return None
            if sign == 1 and not refund and any(w in status for w in AWAITING_WORDS):
                # Why: a transfer the centre had not accepted yet was booked as a gift with a
                # receipt; if it then went back to its sender, the gift stayed in the books
                bill.skipped.append(Skipped(row.number, Said(
                    f"状态 {status}：转账尚未收取（{amount:.2f} 还不在余额中）；收取后请重新导出同样日期的本账单并导入，"
                    "那时它显示为 已收钱（若已退回则为 已退还）",
                    f"状态 {status}: the transfer is not accepted yet ({amount:.2f} not in "
                    "the balance yet); once it is accepted, export this bill again, of the same days, and import "
                    "it, where it shows as 已收钱 (or as 已退还 if it went back)"), summary, ZERO.quantize(CENT)))
                return None
            if sign == 0 and direction not in NEUTRAL_DIRECTIONS[self.platform]:
                # a masked (**), emptied or edited 收/支 cell says nothing: taken for 不计收支, a
                # donation received was skipped, or booked as money paid out of the balance
                reads = f"reads {direction!r}" if direction else "is empty"
                reads_zh = f"写着 {direction!r}" if direction else "是空的"
                raise ImportProblem(filepath, said(f"收/支 单元格{reads_zh}，既不是 收入、支出，也不是 不计收支（微信支付账单中为 /）",
                                                   f"the 收/支 cell {reads}, which is neither 收入, 支出 nor "
                                                   "不计收支 (/ in WeChat Pay bills)"), row=row.number, column=names["direction"],
                                    hint=MASKED_HINT)
        refunded = ZERO
        m = re.search(r"已退款\s*[(（]?\s*[¥￥]?\s*([\d,.]+)", status)
        if m and not refund:  # a payment partly refunded later; a refund row says 已退款 of itself
            refunded = parse_amount(m.group(1)) or ZERO
        if "refunded" in cols and not refund:
            refunded = max(refunded, money_cell("refunded"))
        part = re.search(r"已退还\s*[(（]\s*[¥￥]?\s*([\d,.]+)", status)
        returned_part = (parse_amount(part.group(1)) or ZERO) if part and not refund else ZERO
        if ZERO < returned_part < amount:
            # Why: 已退还(¥40.00) on a red packet of 100.00 says 60.00 stayed paid; read as gone
            # back whole, the row was skipped and the 60.00 lost: it is a payment refunded in part
            refunded = max(refunded, returned_part)
        fee = money_cell("fee") if "fee" in cols else ZERO
        failed = any(w in status for w in FAILED_WORDS) and not refund
        paid_then_closed = failed and self.platform == "alipay" and sign != 0 and PAID_THEN_CLOSED in status
        payer = cell("payer")
        method = cell("method").strip()
        if method and not failed and not is_empty(method) and is_masked(method) and not re.search(r"[^*＊xX\s]", method):
            # Why: a 支付方式 masked whole (***) was read as empty, which is the balance: a card's
            # payment was booked out of 零钱 / 余额; which account paid cannot be told
            raise ImportProblem(filepath, said(f"{names.get('method', '支付方式')} 单元格被遮盖了（{method}）：无法判断是哪个账户付的"
                                               "（空单元格表示余额）",
                                               f"the {names.get('method', '支付方式')} cell is masked ({method}): which account paid "
                                               "cannot be told (an empty cell would be the balance)"), row=row.number, column=names.get("method"),
                                hint=MASKED_HINT)
        if is_rounded_id(cell("id")):
            bill.rounded_ids.append(row.number)
            bill.rounded[row.number] = cell("id").strip()
        # to the fen, whether the cell reads ¥28.16, 28.16 or (a spreadsheet's number) 3000
        return Line(row=row.number, date=day, time=parse_time(when), summary=summary, amount=amount.quantize(CENT), sign=sign,
                    kind=kind, item=item, memo=memo, status=status, method=primary_method(_method_cell(cell("method"))),
                    ref=_clean(cell("id")), merchant_id=_clean(cell("merchant_id")), original_id=_clean(cell("original_id")),
                    payer="" if is_empty(payer) or payer == "/" else payer,
                    payer_account=_clean(cell("payer_account")), fee=fee, refund=refund,
                    refunded=refunded if refunded < amount or not refund else ZERO,
                    closed=failed and not paid_then_closed,
                    full_refund=(any(w in status for w in FULL_REFUND_WORDS) or paid_then_closed) and not refund
                    and not ZERO < returned_part < amount,
                    partial_refund=any(w in status for w in PARTIAL_REFUND_WORDS) and not refund,
                    returned=any(w in status for w in RETURNED_WORDS) and not refund and not ZERO < returned_part < amount)

    # --- refunds and their payments --------------------------------------------------------
    def _pair_refunds(self, bill: Bill) -> None:
        """Each refund row to its payment in the same bill, by the platform's own references,
        within a year of it and of the same counterparty (`unpairable`); a refund whose ids name
        only a payment it cannot be is left unpaired, and the dry run says so."""
        payments = [line for line in bill.lines if not line.refund and line.sign != 0 and not line.repeats]
        for r in [line for line in bill.lines if line.refund and not line.repeats]:
            # a refund shown as 不计收支 says no direction: it is the refund of a payment
            # either way, money received (a gift given back) or paid (a purchase refunded)
            wants = (-r.sign,) if r.sign else (1, -1)
            found = None
            refused: list[tuple[Line, str]] = []
            spent: list[tuple[Line, str]] = []  # named by its ids, but given back already
            for rule in (self._by_original, self._by_prefix, self._by_merchant, self._by_same_id):
                named = [p for p in payments if p.sign in wants and rule(r, p)]
                hits = [p for p in named if sum((x.amount for x in p.refunds), ZERO) + r.amount <= p.amount]
                spent += [(p, _given_back(p)) for p in named if p not in hits and not unpairable(r.date, r.payer, p.date, p.payer)]
                refused += [(p, why) for p in hits if (why := unpairable(r.date, r.payer, p.date, p.payer))]
                hits = [p for p in hits if not unpairable(r.date, r.payer, p.date, p.payer)]
                if hits:
                    same = [p for p in hits if p.payer and p.payer == r.payer] or hits
                    found = max(same, key=lambda p: (p.amount == r.amount, p.date, p.time))
                    break
            if found is None:
                found = self._by_status(r, payments, wants) or self._by_stated_refund(r, refused, wants)
            if found is None and (refused or spent):
                # Why: deb-sig's real 电子客户回单 lists one refund twice (收/支 其他, then 收入); the
                # second, refused by a payment already given back, was said to have no payment
                # "in this bill nor in the books", two rows from it
                p, why = (refused or spent)[0]
                r.unpaired = f"row {p.row} ({p.date}, {p.payer or 'no counterparty'}) shares its id, but {why}"
                bill.notes.append(Said(
                    f"第 {r.row} 行：退款 {r.amount:.2f}（交易对方 {r.payer or '空'}）没有与交易号相同的第 {p.row} 行"
                    f"（{p.date}，{p.payer or '无交易对方'}）配对：{why.zh}；退款单独记账并标记：若知道它的付款，请在它上面写 refund_of",
                    f"row {r.row}: a refund of {r.amount:.2f} (交易对方 {r.payer or 'empty'}) is not paired "
                    f"with row {p.row} ({p.date}, {p.payer or 'no counterparty'}), whose id it shares: {why}; "
                    "the refund is booked on its own, flagged: write refund_of on it if you know its payment"))
            if found is not None:
                r.payment = found
                found.refunds.append(r)
                if r.sign == 0:
                    r.back = -found.sign
                if (not r.method or is_empty(r.method)) and not is_balance(found.method):
                    # Why: a refund goes back the way its payment was paid (原路退回); naming no
                    # method ("/"), a card payment's refund was booked into the balance
                    r.method = found.method

    @staticmethod
    def _by_status(r: Line, payments: list[Line], wants: tuple[int, ...]) -> Line | None:
        """The one payment to the refund's counterparty whose status says it was refunded by
        that amount (WeChat Pay gives a refund its own 交易单号 and 商户单号): none when two could be."""
        if not r.payer:
            return None
        hits = []
        for p in payments:
            if (p.sign not in wants or p.date > r.date or p.payer != r.payer or r.date - p.date > REFUND_WINDOW
                    or not (p.full_refund or p.refunded or p.partial_refund)):
                continue
            said = p.amount if p.full_refund or not p.refunded else p.refunded
            if r.amount <= said - sum((x.amount for x in p.refunds), ZERO):
                hits.append(p)
        return hits[0] if len(hits) == 1 else None

    @staticmethod
    def _by_stated_refund(r: Line, refused: list[tuple[Line, str]], wants: tuple[int, ...]) -> Line | None:
        """Of the payments the refund's ids name but whose counterparty is written otherwise
        (美团 for the payment, 美团平台商户 for its refund), the one payment within a year
        before it whose own status states a refund of exactly its amount (已退款(￥0.11) beside
        a refund of 0.11): none when two could be. Why: aqni/beancount-daoru's real WeChat Pay
        bill left such a refund unpaired, and its payment's note sent the finance officer to
        next month's bill for a refund row this bill holds."""
        hits = {id(p): p for p, why in refused if why == OTHER_PARTY and p.sign in wants and not p.refunds
                and p.date <= r.date and r.date - p.date <= REFUND_WINDOW
                and (p.refunded == r.amount or (p.full_refund and not p.refunded and p.amount == r.amount))}
        return next(iter(hits.values())) if len(hits) == 1 else None

    @staticmethod
    def _by_original(r: Line, p: Line) -> bool:
        return bool(r.original_id and p.ref and r.original_id == p.ref)

    @staticmethod
    def _by_prefix(r: Line, p: Line) -> bool:
        """The refund's id starts with the payment's (`2023…88_2023…57`, or without a `_`)."""
        if not (r.ref and p.ref) or len(p.ref) < 4:
            return False
        return r.ref != p.ref and r.ref.startswith(p.ref)

    @staticmethod
    def _by_same_id(r: Line, p: Line) -> bool:
        """Some bills give the refund the payment's own 交易单号."""
        return bool(r.ref and r.ref == p.ref)

    @staticmethod
    def _by_merchant(r: Line, p: Line) -> bool:
        return bool(r.merchant_id and r.merchant_id == p.merchant_id)

    # --- the money each row moved, as the bill says ---------------------------------------------
    def _movement(self, line: Line) -> list[tuple[str, Decimal]]:
        """What the row did to each account (by the bill's name for it), read from the row
        and its refund pairing alone, apart from what `_book` makes of it: the dry run sets
        the sum beside the entries and skipped rows, so a row lost or changed on the way shows."""
        funding = "" if is_balance(line.method) else line.method
        if line.money_sign == 0:
            move, other = self._balance_move(line)
            if line.closed or line.full_refund or move == 0 or is_balance(other):
                return []
            fee = line.fee or self._fee_in(line.memo)
            return [("", move * line.amount), (other, -move * line.amount - fee)]
        sign = line.money_sign
        if line.refund:
            return [(funding, sign * line.amount)]  # money back, paired or not
        if not line.refunds and (line.closed or line.returned):
            return []  # no money moved, or it went back to its sender
        # paid in full, whatever its status says came back later: the refund is a row of its own
        moves = [(funding, sign * line.amount)]
        if line.fee:
            moves.append((funding, -line.fee))
        return moves

    def _older_ids(self, bill: Bill, sheet) -> None:
        """Give each record whose row had a leading apostrophe dropped from a cell (交易单号
        '3985734, 交易对方 '王小明) the id that row had when relief kept it, as a legacy id:
        the id with the apostrophe, or the fingerprint of the payer, account and memo as
        written. Why: a bill imported before the apostrophe was dropped, imported again,
        booked those rows a second time."""
        rows = {row.number: row for row in sheet.rows}
        row_id = qualified_ref(self.platform, "row-")
        for r in bill.records:
            old = sheet.marked.get(r.row)
            if old is None or r.row not in rows:
                continue
            swaps = {new: was for new, was in zip(rows[r.row].cells, old.cells, strict=False) if new and new != was}
            if not r.source_ref.startswith(row_id):
                ident, _, tail = split_ref(r.source_ref)[1].partition(":")
                if ident in swaps:
                    add_legacy_refs(r, [qualified_ref(self.platform, swaps[ident] + (":" + tail if tail else ""))])
                continue
            before = dataclasses.replace(r, payer=swaps.get(r.payer, r.payer), payer_account=swaps.get(r.payer_account, r.payer_account),
                                         memo=" ".join(swaps.get(part, part) for part in r.memo.split(" ")))
            add_legacy_refs(r, [qualified_ref(self.platform, f"row-{before.fingerprint(self.platform)}")])

    # --- what each row becomes ---------------------------------------------------------------
    def _record(self, line: Line, amount: Decimal, funding: str, **extra) -> Record:
        ref = qualified_ref(self.platform, line.ref)
        record = Record(row=line.row, date=line.date, amount=amount, payer=line.payer, payer_account=line.payer_account,
                        memo=" ".join(x for x in (line.item, line.memo) if x), kind=line.kind, time=line.time,
                        source_ref=ref, funding=funding)
        for key, value in extra.items():
            setattr(record, key, value)
        return record

    def _skip(self, bill: Bill, line: Line, reason: Said, amount: Decimal, funding: str = "") -> None:
        amount = amount.quantize(CENT) if amount == 0 else amount
        bill.skipped.append(Skipped(line.row, reason, line.summary, amount, funding))

    def _book(self, bill: Bill, line: Line) -> None:
        funding = "" if is_balance(line.method) else line.method
        sign = line.money_sign
        if sign == 0:
            self._neutral(bill, line)
            return
        if line.repeats:
            # the same 交易单号, time, amount and counterparty: the export wrote one payment twice
            self._skip(bill, line, Said(f"与第 {line.repeats} 行逐格相同，包括交易单号 {line.ref}：同一笔交易写了两次",
                                        f"repeats row {line.repeats} cell for cell, its 交易单号 {line.ref} included: one "
                                        "transaction written twice"), sign * line.amount - (line.fee if not line.refund else ZERO), funding)
            return
        if line.refunds:
            # A pair refunded in full is booked too, never netted away: netted, it left nothing in
            # the books, and an overlapping bill listing only the refund booked that refund alone
            back = sum((x.amount for x in line.refunds), ZERO)
            rows = ", ".join(str(x.row) for x in line.refunds)
            how = "in full" if back == line.amount else str(back)
            short = self._still_to_come(line, back)
            how_zh = "全额退款" if back == line.amount else f"退款 {back}"
            bill.notes.append(Said(
                f"第 {line.row} 行：付款 {line.amount}，由第 {'、'.join(str(x.row) for x in line.refunds)} 行{how_zh}；两行都记账"
                + (f"；其状态（{self._status_said(line)}）说退回了 {short[0]}：其余 {short[1]} "
                   "从列出其退款的账单记账（导入下个月的账单）" if short else ""),
                f"row {line.row}: {line.amount} paid, refunded {how} by row {rows}; both are booked"
                + (f"; its status ({self._status_said(line)}) says {short[0]} came back: the other {short[1]} "
                   "is booked from the bill that lists its refund (import the next month's bill)" if short else "")))
        elif line.closed:
            self._skip(bill, line, Said(f"状态 {line.status}：没有资金变动（{line.amount} 未支付）",
                                        f"status {line.status}: no money moved ({line.amount} not paid)"), ZERO, funding)
            return
        elif line.returned:
            # Why: a transfer the centre did not accept in time went back to its sender; booked
            # in full, it was a gift (with a receipt) the centre never kept
            self._skip(bill, line, Said(f"状态 {line.status}：转账已退回给对方（{line.amount} "
                                        f"{'收到' if sign > 0 else '付出'}后又退回）：没有留下资金",
                                        f"status {line.status}: the transfer went back to its sender ({line.amount} "
                                        f"{'received' if sign > 0 else 'paid'} and returned): nothing stayed"), ZERO, funding)
            return
        elif line.full_refund or line.refunded or line.partial_refund:
            # The status is the one on the day the bill was exported: the refund itself is a row
            # of the bill covering its own day, often the next month's. Netting the payment here
            # counted that refund twice once the next bill came in.
            back = ("in full" if line.full_refund or line.refunded >= line.amount else f"{line.refunded} of it" if line.refunded
                    else "in part")
            back_zh = ("全额" if line.full_refund or line.refunded >= line.amount else f"其中 {line.refunded}" if line.refunded
                       else "部分")
            status = line.status or '成功退款 ' + str(line.refunded)
            bill.notes.append(Said(
                f"第 {line.row} 行：状态 {status}：已{back_zh}退款，但本账单中没有它的退款行；付款按全额记账（{sign * line.amount}），"
                "退款从列出它的账单记账（导入下个月的账单）",
                f"row {line.row}: status {status}: refunded {back}, but this "
                f"bill has no refund row for it; the payment is booked in full ({sign * line.amount}), and the "
                "refund is booked from the bill that lists it (import the next month's bill)"))
        amount = sign * line.amount
        if amount == 0:
            self._skip(bill, line, Said("金额为零：没有资金变动", "amount is zero: no money moved"), ZERO, funding)
            return
        refund_of = ""
        if line.refund:
            refund_of = qualified_ref(self.platform, line.payment.ref) if line.payment is not None and line.payment.ref else ""
        record = self._record(line, amount, funding, refund=line.refund, refund_of=refund_of)
        if line.refund and line.payment is None:
            record.payment_ids = self._payment_ids(line)  # make_entries looks for it in the books
            if line.unpaired:
                record.note = f"refund_of not known: {line.unpaired}"
        if not line.refund and (line.full_refund or line.refunded or line.partial_refund):
            # the status the platform gives the payment, on the entry itself, where the finance
            # officer reviews it (a note in the dry run alone was lost once the entries were written)
            record.status = self._status_said(line)
            short = self._still_to_come(line, sum((x.amount for x in line.refunds), ZERO))
            if short:
                record.note = (f"the bill says {record.status}: {short[0] - short[1]} of it is booked from this bill, the other "
                               f"{short[1]} from the bill that lists its refund (import the next month's bill): check it is there")
            elif not line.refunds:
                back = ("all of it" if line.full_refund or line.refunded >= line.amount
                        else f"{line.refunded} of it" if line.refunded else "part of it")
                record.note = (f"the bill says {record.status}: {back} came back after it was paid; that refund is booked "
                               "from the bill that lists it (import the next month's bill): check it is there")
        if (self.platform == "alipay" and "method" in bill.layout.columns and sign < 0 and not line.refund
                and not line.method and not record.note):
            # Why: booked from the balance on a guess, nothing on the entry said so (the older
            # layout has no such column at all: a note on each of its rows would tell nothing)
            record.note = ("the bill names no 收/付款方式: booked as paid from the Alipay balance; if a card paid it, "
                           "book it to the card's account (the card's statement shows the debit)")
        if line.fee:
            if sign > 0 or line.refund:
                # a refund's fee moves no money of the balance (`_movement`): its own entry, on
                # Liabilities:Payable, made beside the refund (importers/classify.py); booked out of
                # the balance, the dry run refused a gift given back with a fee as not conserved
                record.fee = line.fee
            else:  # a fee on money out: its own entry beside the payment
                bill.records.append(record)
                bill.records.append(self._fee_record(line, funding))
                return
        bill.records.append(record)

    @staticmethod
    def _status_said(line: Line) -> str:
        """The payment's status as written on its entry (`bill_status`): the 交易状态, and the
        成功退款 column's amount where the status itself does not say it."""
        said = line.full_refund or any(w in line.status for w in (*PARTIAL_REFUND_WORDS, *RETURNED_WORDS))
        return line.status if said else ", ".join(x for x in (line.status, f"成功退款 {line.refunded}") if x)

    @staticmethod
    def _still_to_come(line: Line, back: Decimal) -> tuple[Decimal, Decimal] | None:
        """(what the status says came back, the part of it no refund row of this bill gives
        back), None when the bill's refund rows give back all it says (or it names no amount:
        Alipay's 交易关闭 closes a payment refunded less than it, 28.75 of 29.12 in
        alipay/alipay-2020.csv). Why: a payment of 100.00 whose 成功退款 said 50.00, beside one
        refund row of 30.00, was noted as refunded 30.00 and nothing said the other 20.00 was
        still to be imported."""
        stated = line.refunded or (line.amount if any(w in line.status for w in FULL_REFUND_WORDS) else ZERO)
        if not line.refunds or stated <= back:
            return None
        return stated, stated - back

    def _payment_ids(self, line: Line) -> tuple[str, ...]:
        """The ids the payment a lone refund gives back may have in the books, most certain
        first: the 原交易号 the row states, the part of the refund id before its `_`, and the
        refund id's longer prefixes (Alipay writes the payment's id followed by the refund's
        own digits; ten characters at least, so a short id never matches by chance)."""
        ids = [line.original_id] if line.original_id else []
        ref = line.ref
        if "_" in ref:
            ids.append(ref.split("_", 1)[0])
        ids += [ref[:n] for n in range(len(ref) - 1, 9, -1)]
        return tuple(qualified_ref(self.platform, i) for i in dict.fromkeys(i for i in ids if i))

    def _paid_in_books(self, bill: Bill, existing: list) -> list[str]:
        """Lone refunds whose payment an earlier bill brought into the books: `refund_of` names
        it (the gift's acknowledgement page then says what went back); notes for the others."""
        lone = [r for r in bill.records if r.refund and not r.refund_of]
        if not lone:
            return []
        existing = existing if isinstance(existing, list) else list(existing or ())
        known = index_of(existing).by_ref  # dedupe's, built once
        notes = []
        for r in lone:
            found, refused, unpaired = None, "", ""
            for i in (i for i in r.payment_ids if known.get(i)):
                paid = known[i][0]
                why = unpairable(r.date, r.payer, paid.date, paid.payee or "")
                if not why:
                    found = i
                    break
                if not refused:
                    where = f"{i} ({paid.date}, {paid.payee or 'no counterparty'}) in the books"
                    where_zh = f"账中的 {i}（{paid.date}，{paid.payee or '没有交易对方'}）"
                    unpaired = f"{where} shares its id, but {why}"
                    refused = Said(f"第 {r.row} 行：{abs(r.amount):.2f} 的退款（交易对方 {r.payer or '空'}）没有与交易号相同的"
                                   f"{where_zh}配对：{zh_of(why) or why}",
                                   f"row {r.row}: a refund of {abs(r.amount):.2f} (交易对方 {r.payer or 'empty'}) is not "
                                   f"paired with {where}, whose id it shares: {why}")
            how = ""
            if found is None:
                found, how = self._same_party_in_books(r, existing, bill)
                if found is not None and found not in known:
                    known[found] = [next(e for e in existing if getattr(e, "meta", {}).get("source_ref") == found)]
            if found is None and how:
                notes.append(Said(f"第 {r.row} 行：退给 {r.payer} 的 {r.amount:.2f}：{zh_of(how) or how}；单独记账并标记：请在它的分录上"
                                  "写 refund_of，指明那笔付款",
                                  f"row {r.row}: a refund of {r.amount:.2f} to {r.payer}: {how}; booked on its own, flagged: write "
                                  "refund_of naming the payment on its entry"))
                r.note = f"refund_of not known: this bill does not hold the payment, and {how}; write refund_of naming the one it gives back"
                continue
            if found is None and refused and not self._returned_transfer(r):
                notes.append(Said(f"{refused.zh}；这笔退款单独记账并标记：如果知道它的付款，请在它上面写 refund_of",
                                  refused + "; the refund is booked on its own, flagged: write refund_of on it if you know its payment"))
                r.note = f"refund_of not known: {unpaired}"
                continue
            if found is None and self._returned_transfer(r):
                # Why: WeChat Pay shows a transfer that went back as 已退还 / 对方已退还, and such a
                # row is skipped (nothing stayed); its 转账-退款 row, often in the next bill, was
                # then booked on its own as money in, and the balance was up by the transfer
                what, which = ("a red packet (微信红包-退款)", "red packet") if "红包" in r.kind else ("a transfer (转账-退款)", "transfer")
                what_zh = "红包（微信红包-退款）" if "红包" in r.kind else "转账（转账-退款）"
                self._unbook(bill, r, Said(
                    f"{what_zh}的退款，其原款既不在本账单中，也不在账中：已退回（已退还）的转账或红包是跳过的，所以它的退款也不记账；"
                    "若原款在尚未导入的账单中，请先导入那份账单，再重新导入本账单",
                    f"a refund of {what} whose {which} is neither in this bill nor in the books: a transfer or red packet that went back (已退还) is skipped, so its refund is "
                    "not booked either; if it is in a bill not imported yet, import that bill, then this one again"))
                continue
            if found is None and r.note.startswith("refund_of not known"):
                continue  # said already: its ids name a payment in this bill it cannot be
            if found is None:
                notes.append(Said(
                    f"第 {r.row} 行：退款 {abs(r.amount):.2f}，其付款既不在本账单中，也不在账中：单独记账"
                    + (f"；其“不计收支”没有说明方向：按退回的钱记账（{r.amount:+}），即购物退款；若是中心退还的捐赠，"
                       "则是支出：请先导入含有该捐赠的账单，再导入本账单" if r.row in bill.undirected else f"（{r.amount:+}）"),
                    f"row {r.row}: a refund of {abs(r.amount):.2f} whose payment is neither in this bill nor in the "
                    "books: booked on its own"
                    + (f"; its 不计收支 does not say which way it went: booked as money back ({r.amount:+}), as a "
                       "purchase refunded; if it is a gift the centre gave back, it is money out: import the bill "
                       "holding the gift first, then this one" if r.row in bill.undirected else f" ({r.amount:+})")))
                continue
            r.refund_of = found
            paid = known[found][0]
            if r.row in bill.undirected and self._received(paid):
                # Why: Alipay writes both sides of a refund as 不计收支; the payment in the books
                # was money the centre received, so this is that money going back out
                r.amount = -abs(r.amount)
                index = bill.undirected[r.row]
                text, amount = bill.movement[index]
                bill.movement[index] = (text, -abs(amount))
            card = self._paid_by(paid)
            if r.row in bill.unnamed and not r.funding and card:
                # Why: a refund goes back the way its payment was paid; naming no method ("/"),
                # the refund of a card payment booked from an earlier bill went into the balance
                r.funding = card
                index = bill.unnamed[r.row]
                bill.movement[index] = (card, bill.movement[index][1])
            notes.append(Said(f"第 {r.row} 行：账中已有的 {paid.date} 付款 {found}（{entry_where(paid)}）的退款："
                              "记账时用 refund_of 指明它" + (f"（找到的依据：{zh_of(how) or how}）" if how else ""),
                              f"row {r.row}: a refund of the payment {found} of {paid.date} already in the books ({entry_where(paid)}): "
                              "booked with refund_of naming it" + (f" (found {how})" if how else "")))
            if how:
                r.note = f"refund_of found {how}: check it is the payment this refund gives back"
        return notes

    @staticmethod
    def _paid_by(entry) -> str:
        """The card (the `funding` its posting names) a payment in the books was paid by, "" when
        it was paid from the balance or named nothing."""
        for p in getattr(entry, "postings", None) or ():
            if is_asset(p.account) and p.meta and p.meta.get("funding"):
                return str(p.meta["funding"])
        return ""

    def _returned_transfer(self, r: Record) -> bool:
        """A WeChat Pay transfer's or red packet's refund (交易类型 转账-退款, 微信红包-退款): the
        money of a transfer or red packet that went back to its sender, whose own row says 已退还
        and is skipped (see `_book`). Why red packets too: RETURNED_WORDS skips a 微信红包 row
        已退还 as it does a transfer, and its lone 微信红包-退款 was booked as money in that had
        never gone out."""
        return self.platform == "wechat" and ("转账" in r.kind or "红包" in r.kind)

    @staticmethod
    def _unbook(bill: Bill, r: Record, reason: str) -> None:
        """Take a proposed record back out of the bill: the row is listed as not booked with the
        money it moved, so the file's net is still the money booked plus the money listed."""
        bill.records[:] = [x for x in bill.records if x.row != r.row]
        summary = next((line.summary for line in bill.lines if line.row == r.row), "")
        bill.skipped.append(Skipped(r.row, reason, summary, r.amount, r.funding))
        bill.skipped.sort(key=lambda s: s.row)

    def _same_party_in_books(self, r, existing: list, bill: Bill) -> tuple[str | None, str]:
        """A lone refund's payment in the books found by its counterparty and amount, where its
        ids name none (a WeChat Pay refund has a 交易单号 of its own): the one entry of this
        platform, on or before the refund's day (within REFUND_WINDOW), with the refund's
        counterparty as payee and its amount on one of the centre's accounts (or named as the
        part returned in its bill_status), that no refund in the books names yet.
        (source_ref, how it was found), (None, why not) when two or more could be, (None, "")
        when none. Why: a 不计收支 refund of a gift booked from an earlier bill was booked as
        money back in, said to have no payment in the books, while the gift was there."""
        if not r.payer:
            return None, ""
        given_back = {str(e.meta.get("refund_of")) for e in existing if isinstance(e, data.Transaction) and e.meta.get("refund_of")}
        hits = []
        for e in existing:
            if (not isinstance(e, data.Transaction) or e.date > r.date or e.payee != r.payer
                    or r.date - e.date > REFUND_WINDOW):
                continue
            ref = str(e.meta.get("source_ref") or "")
            if split_ref(ref)[0] != self.platform or ref in given_back or e.meta.get("refund_of"):
                # a refund is no payment: the 60.00 given back to **公司 in March stood beside
                # February's gift of which 60.00 went back in April, and neither was named
                continue
            if self._received(e) and not any(is_donation(p.account) for p in e.postings):
                # money in that is no gift (a lone refund booked as money back) is no payment a
                # refund gives back. Why: a bill saved again by Excel, its ids rounded, had its
                # lone refund take the entry the download made of it for its payment: 4.10 paid
                # out beside the +4.10 already in the books
                continue
            # the amount, or the part the payment's status says came back (已退款(¥20.00),
            # 已退还(¥40.00)): a red packet's returned part, alone in the next bill, was not booked
            stated = re.findall(r"[¥￥]\s*([\d,]+\.\d{2})", str(e.meta.get("bill_status") or ""))
            if (any(is_asset(p.account) and p.units is not None and abs(p.units.number) == abs(r.amount) for p in e.postings)
                    or f"{abs(r.amount):.2f}" in {x.replace(",", "") for x in stated}):
                hits.append(ref)
        if len(hits) == 1:
            return hits[0], Said(f"按它的交易对方 {r.payer} 和金额 {abs(r.amount):.2f}，它的交易号没有指向账中任何付款",
                                 f"by its counterparty {r.payer} and amount {abs(r.amount):.2f}, its ids naming no payment in the books")
        if hits:
            return None, Said(f"账中有 {len(hits)} 笔付款（{'、'.join(hits[:3])}）的交易对方是 {r.payer}、金额是 {abs(r.amount):.2f}："
                              "不知道它退的是哪一笔",
                              f"{len(hits)} payments in the books ({', '.join(hits[:3])}) are of {r.payer} and {abs(r.amount):.2f}: "
                              "which one it gives back is not known")
        return None, ""

    def _refunded_in_books(self, bill: Bill, existing, report: Report) -> None:
        """Payments of this bill whose refund an earlier import booked on its own, before this
        bill was in the books (its id the payment's followed by `_`, as Alipay writes a refund's,
        and no `refund_of`): a note naming that entry and what to do, in place of the advice to
        import the bill that lists the refund. Why: a 不计收支 refund of a gift imported first was
        booked as money back in, and the gift's bill then said its refund was still to come (import
        the next month's bill, which was in): the books kept the refund the wrong way round."""
        payments = {r.source_ref: r for r in bill.records if not r.refund and r.source_ref}
        if not payments:
            return
        known = index_of(existing if isinstance(existing, list) else list(existing or ())).by_ref
        for ref, entries in known.items():
            if "_" not in ref:  # most ids: passed over at the cost of a lookup
                continue
            source, bare = split_ref(ref)
            paid = payments.get(qualified_ref(self.platform, bare.split("_", 1)[0])) if source == self.platform and "_" in bare else None
            lone = next((e for e in entries if isinstance(e, data.Transaction) and not e.meta.get("refund_of")
                         and str(e.narration or "").startswith("退款")), None) if paid is not None else None
            if lone is None:
                continue
            own = next((p for p in lone.postings if is_asset(p.account) and p.units is not None), lone.postings[0])
            where = entry_where(lone)
            report.notes[:] = [n for n in report.notes if not (n.startswith(f"row {paid.row}: status ")
                                                               and "this bill has no refund row for it" in n)]
            report.notes.append(Said(f"第 {paid.row} 行：它的退款已在账中，是在导入本账单之前单独记的"
                                     f"（{where}，{ref}，{own.account} 上 {own.units.number:+.2f} {own.units.currency}）："
                                     "请删除那条分录并重新导入它的账单，那时它会对应这笔付款记账"
                                     "（退回的捐赠是钱流出；银行卡的退款退回到卡上）",
                                     f"row {paid.row}: its refund is already in the books, booked on its own before this bill was "
                                     f"imported ({where}, {ref}, {own.units.number:+.2f} {own.units.currency} on {own.account}): "
                                     "delete that entry and import its bill again, which then books it against this payment "
                                     "(a gift given back is money out; a card's refund goes back to the card)"))
            paid.note = (f"the bill says {paid.status or 'it was refunded'}: its refund is in the books, booked on its own before "
                         f"this bill ({where}): delete that entry and import its bill again")

    def _rounded_in_books(self, bill: Bill, existing) -> list[str]:
        """Rows whose id a spreadsheet rounded (4.20000123420260E+27) that the books already hold
        under the whole id: the same day, an amount of the row's, and an id that rounds to the
        row's (its first 15 digits and its length). Such a row takes that entry's id, so it is
        found already in the books, one row to one entry.
        Why: told apart by their content alone, the rows of a bill saved again by a spreadsheet
        program were all booked a second time when the bill as downloaded was in the books."""
        if not bill.rounded:
            return []
        days = {r.date for r in bill.records if r.row in bill.rounded}
        known = index_of(existing if isinstance(existing, list) else list(existing or ())).by_ref
        by_day: dict[datetime.date, list[tuple[str, str, object]]] = {}
        for ref, entries in known.items():
            source, bare = split_ref(ref)
            if source != self.platform or not bare.isdigit() or len(bare) <= 15:
                continue
            for e in entries:
                if e.date in days:
                    by_day.setdefault(e.date, []).append((bare, ref, e))
        if not by_day:
            return []
        used: set[str] = set()
        taken: dict[int, str] = {}
        for r in bill.records:
            text = bill.rounded.get(r.row)
            if not text or r.row in taken:
                continue
            try:
                value = Decimal(text)
            except ArithmeticError:
                continue
            digits, within = value.adjusted() + 1, Decimal(10) ** (value.adjusted() - 14)
            amounts = {r.amount, r.amount - r.fee}
            # the amount on one of the centre's accounts (the balance, a card, a credit card paying,
            # a clearing account): a gift's income posting holds the minus of the gift, which is
            # the amount of the money given back to its donor that day (a refund taken for its gift)
            hits = [(e.payee != (r.payer or None), ref) for bare, ref, e in by_day.get(r.date, ()) if ref not in used
                    and len(bare) == digits and abs(Decimal(bare) - value) <= within
                    and any(p.units is not None and p.units.number in amounts
                            and (is_asset(p.account) or (p.meta and p.meta.get("funding") is not None)) for p in e.postings)]
            hit = min(hits)[1] if hits else None  # the same payer's first
            if hit:
                used.add(hit)
                taken[r.row] = hit
        firsts: set[int] = set()
        for r in bill.records:
            if r.row in taken:
                # the row's own entry first, then its service charge (`_fee_record`)
                r.source_ref = taken[r.row] if r.row not in firsts else f"{taken[r.row]}:fee"
                firsts.add(r.row)
        if not taken:
            return []
        return [Said(f"{len(taken)} 行交易单号被舍入的行（第一行：第 {min(taken)} 行）以完整的单号在账中，完整单号舍入后与它们相同，"
                     "日期相同，金额相同：视为这些交易",
                     f"{len(taken)} row(s) with a rounded id (first: row {min(taken)}) are in the books under the whole id, which "
                     "rounds to theirs, on the same day with the same amount: taken as those transactions")]

    @staticmethod
    def _received(entry) -> bool:
        """Whether an entry in the books brought money into the centre's accounts (a gift), not out (a purchase)."""
        postings = getattr(entry, "postings", None) or ()
        return sum((p.units.number for p in postings if is_asset(p.account) and p.units.number is not None), ZERO) > 0

    def _fee_record(self, line: Line, funding: str) -> Record:
        """The platform's service charge on a row, as an entry of its own."""
        return Record(row=line.row, date=line.date, amount=-line.fee, memo="服务费", kind="手续费", time=line.time,
                      source_ref=qualified_ref(self.platform, f"{line.ref}:fee") if line.ref else "", funding=funding)

    def _neutral(self, bill: Bill, line: Line) -> None:
        """不计收支 / 中性交易: a move between the balance and a card is a transfer; others leave the balance alone."""
        label = "中性交易 / 不计收支"
        move, other = self._balance_move(line)
        fee = line.fee or self._fee_in(line.memo)
        if line.closed or line.full_refund:
            self._skip(bill, line, Said(f"{label}，状态 {line.status}：没有资金变动", f"{label}, status {line.status}: no money moved"), ZERO)
            return
        if move == 0:
            where = line.method or line.kind
            reason = Said(f"{label}：{line.amount} 在{self.platform_zh}余额之外变动（{where}）；这里无需记账",
                          f"{label}: {line.amount} moved outside the {self.platform_name} balance ({where}); nothing to book here")
            method = "" if is_balance(line.method) else line.method.strip()
            if method and EARNINGS.search(f"{line.kind} {line.item}"):
                # Why: with 余额宝 mapped to an account of the books, its daily earnings were
                # skipped, that account short of 余额宝 by all of them and no income saying so;
                # booked (as interest on it) when the config maps it, make_entries decides
                bill.outside[line.row] = ([(method, line.amount)], Skipped(line.row, reason, line.summary, ZERO.quantize(CENT), ""))
                bill.records.append(self._record(line, line.amount, method, interest=True, refund=False))
                return
            sides = self._outside_move(line)
            if sides is None:
                self._skip(bill, line, reason if method else self._unnamed_source(line, label), ZERO)
                return
            # Why: booked when the config maps either side (make_entries decides): skipped, a
            # centre mapping 零钱通 saw 零钱通转出-到中国银行(1234) leave nothing in its books
            source, dest = sides
            bill.outside[line.row] = ([(source, -line.amount), (dest, line.amount - fee)],
                                      Skipped(line.row, reason, line.summary, ZERO.quantize(CENT), ""))
            bill.records.append(self._record(line, -line.amount, source, transfer=dest, fee=fee, refund=False))
            return
        amount = move * line.amount
        if is_balance(other):
            self._skip(bill, line, Said(f"{label}：资金在{self.platform_zh}余额内部移动",
                                        f"{label}: moves money within the {self.platform_name} balance"), ZERO)
            return
        record = self._record(line, amount, "", transfer=other, fee=fee, refund=False)
        bill.records.append(record)

    def _unnamed_source(self, line: Line, label: str) -> Said:
        """The reason for a neutral row naming no account (收/付款方式 empty): what is unknown and what to check.
        Why: a fund bought this way (易方达黄金-买入 3000.00) was skipped as "moved outside the
        balance (投资理财)", which the bill does not say: if the balance paid, the books' balance
        stays that much too high, and no check sees it (the bill's net leaves the row out)."""
        balance, amount = self.account(""), line.amount
        column = "支付方式" if self.platform == "wechat" else "收/付款方式"
        if re.search(r"买入|申购|认购", f"{line.kind} {line.item}"):
            return Said(f"{label}：付出 {amount}，但账单没有写明由哪个账户支付（{column} 为空）：不记账。"
                        f"请查明由哪个账户支付：若是银行卡，由该卡的对账单记账；若是{self.platform_zh}余额支付，请手工记账"
                        f"（{amount} 从 {balance} 转到持有该基金的账户），否则账中余额会多出 {amount}",
                        f"{label}: {amount} paid, but the bill does not name the account that paid it ({column} empty): "
                        "nothing is booked. Check which account paid: a card's statement books it; if the "
                        f"{self.platform_name} balance paid, book it by hand ({amount} from {balance} to the account "
                        f"holding the fund), or the books' balance stays {amount} too high")
        return Said(f"{label}：变动 {amount}，但账单没有写明转出或转入的账户（{column} 为空）：不记账。"
                    f"请查明是哪个账户：若是银行卡，由该卡的对账单记账；若是{self.platform_zh}余额，请手工记账"
                    f"（{amount} 转入或转出 {balance}），否则账中余额会差 {amount}",
                    f"{label}: {amount} moved, but the bill does not name the account it moved from or to ({column} "
                    "empty): nothing is booked. Check which account it was: a card's statement books it; if the "
                    f"{self.platform_name} balance, book it by hand ({amount} to or from {balance}), or the books' "
                    f"balance is {amount} off")

    @property
    def platform_name(self) -> str:
        """The platform's name in messages."""
        return "WeChat Pay" if self.platform == "wechat" else "Alipay"

    @property
    def platform_zh(self) -> str:
        """The platform's name in the messages' Chinese half."""
        return "微信支付" if self.platform == "wechat" else "支付宝"

    @staticmethod
    def _balance_move(line: Line) -> tuple[int, str]:
        """(+1 into the balance, -1 out of it, 0 not touching it; the other side's name)."""
        kind = line.kind + " " + line.item
        m = re.search(r"转入(零钱|余额)-?来自(\S+)", kind)
        if m:
            return 1, m.group(2)
        m = re.search(r"(\S+?)-?转出-?到(零钱|余额)(?!\S*通)", kind)
        if m:
            return 1, m.group(1)
        if SOLD_INTO_BALANCE.search(kind):
            # Why: Alipay writes the balance the money went to in 收/付款方式 (余额), so the sale
            # of 200.00 was booked as paid out of the balance, 400.00 wrong; with the cell empty
            # it was skipped, 200.00 come in unbooked. The other side is the fund's holding,
            # named as the purchase names it (交易对方), so a mapping of it takes both
            return 1, line.payer or line.kind
        m = re.search(r"转入(\S+?)-来自(零钱|余额)(?!\S*通|宝)", kind)
        if m:
            return -1, m.group(1)
        if "提现" in kind or TOP_UP.search(kind):
            # Why: a 零钱充值 whose 支付方式 read 零钱 (the card named as 交易对方) was booked as
            # money out of the balance to the card, 300.00 the wrong way; one whose 支付方式 was
            # "/" was skipped as moving nothing, and so was a 提现 naming no card: the type says
            # which way the money went, the card is whichever cell names one; naming none, the
            # row is booked against the clearing account (its type for the card's name), flagged
            named = [t for t in (line.method, line.payer) if t and not is_balance(t)]
            card = next((t for t in named if card_digits(t)), named[0] if named else line.kind)
            return (-1 if "提现" in kind else 1), card
        if "充值" in kind and not is_balance(line.method):
            return 1, line.method
        if is_balance(line.method) and line.method:
            # Why: Alipay names the fund company behind 余额宝 (天弘基金管理有限公司 …) as the
            # counterparty of 余额宝-自动转入 / 单次转入; the account the money went to is 余额宝,
            # the name the import config maps (its 转出 rows name it in 收/付款方式)
            if re.search(r"余额宝-\S*转入", kind):
                return -1, "余额宝"
            return -1, line.payer or line.kind
        return 0, ""

    @staticmethod
    def _outside_move(line: Line) -> tuple[str, str] | None:
        """(from, to) for a neutral row moving money between two accounts, neither the balance:
        转入零钱通-来自中国银行(1234), 零钱通转出-到中国银行(1234), Alipay's 余额宝 topped up from a
        card (余额宝-安心自动充-自动攒入, the card in 收/付款方式), a fund sold into 余额宝 or bought
        with it (the fund's holding named by 交易对方); None for any other row (a fund bought with
        a card: the card's statement books it)."""
        kind = line.kind + " " + line.item
        method = "" if is_balance(line.method) else line.method.strip()
        sides = None
        m = re.search(r"转入(\S+?)-来自(\S+)", kind)
        if m:
            sides = (method or m.group(2), m.group(1))
        elif m := re.search(r"(\S+?)-?转出-?到(\S+)", kind):
            sides = (method or m.group(1), m.group(2))
        elif re.search(r"余额宝-\S*(转入|攒入)", kind) and method:
            sides = (method, "余额宝")
        elif re.search(r"(卖出|赎回)-?(至|到)余额宝", kind):
            # Why: with 余额宝 mapped, a fund sold into it (or bought with it, below) was skipped,
            # that account off by the amount: 余额宝 has no statement of its own to book it from
            sides = (line.payer or line.kind, "余额宝")
        elif method == "余额宝" and re.search(r"买入|申购|认购", kind):
            sides = ("余额宝", line.payer or line.kind)
        if sides is None or any(is_balance(t) for t in sides) or sides[0] == sides[1]:
            return None
        return sides

    @staticmethod
    def _fee_in(text: str) -> Decimal:
        m = re.search(r"服务费\s*[¥￥]?\s*([\d,.]+)", text or "")
        if not m:
            return ZERO
        try:
            return parse_amount(m.group(1)) or ZERO
        except ValueError:
            return ZERO

    # --- entries -------------------------------------------------------------------------
    def funding_account(self, text: str, ctx: BooksContext) -> tuple[str, bool]:
        """(books account, known) for a payment method the bill names: the balance, a mapped card or name, else clearing."""
        if is_balance(text):
            return self.account(""), True
        name = "".join(text.split())
        accounts = self.options.accounts or {}
        if name in accounts:
            return accounts[name], True
        if "&" in name:  # two sources of money in parts the bill does not give (`primary_method`)
            return self.clearing_account(), False
        tail = card_digits(text)
        if tail:
            for number, account in accounts.items():
                own = "".join(ch for ch in number if ch.isdigit())
                if own and (own.endswith(tail) or tail.endswith(own)):
                    return account, True
            found = ctx.account_for_number(tail)
            if found:
                return found, True
        return self.clearing_account(), False

    def _to_own_card(self, records: list[Record], ctx: BooksContext, account: str) -> list[tuple[str, Decimal]]:
        """Make each 转账到银行卡 from the balance to a card the config or the books map to an
        account of the centre a transfer to that account; the movement it adds on that account.

        Why: sent to the centre's own 工商银行(2222), the 500.00 was booked as a payment for a
        person to decide, and the card's statement row for it (from 财付通) as a donation with a
        receipt: the centre's own money counted as given and spent. The card is known by its
        last digits only, so the transfer is flagged with a note saying so; a card nobody
        mapped (a person's, aid paid to a worker) stays a payment."""
        moves = []
        for r in records:
            if r.amount >= 0 or r.transfer or r.funding or r.refund or "转账到银行卡" not in f"{r.kind} {r.memo}":
                continue
            if not card_digits(r.payer):
                continue
            found, known = self.funding_account(r.payer, ctx)
            if not known or not is_asset(found) or found in (account, self.clearing_account()):
                continue
            r.transfer = r.payer
            r.note = "; ".join(n for n in (r.note, (
                f"{r.payer} is taken for the centre's own {found} by its last digits: if the money went to "
                "another person's card, book this entry as a payment instead")) if n)
            moves.append((r.payer, -r.amount))
        return moves

    def make_entries(self, bill: Bill, ctx: BooksContext, existing: list, filepath: str, report: Report) -> list:
        """The bill's lines as entries: money in and out of the platform's balance, refunds paired with their payments, transfers between the balance and cards."""
        account = self.account(filepath)
        report.account = account
        report.rows = len(bill.lines) + sum(1 for s in bill.skipped if s.row not in {line.row for line in bill.lines})
        report.notes.extend(bill.notes)
        report.notes.extend(self._paid_in_books(bill, existing))
        self._refunded_in_books(bill, existing, report)
        report.notes.extend(self._rounded_in_books(bill, existing))
        records, skipped, movement = bill.records, list(bill.skipped), list(bill.movement)
        movement.extend(self._to_own_card(records, ctx, account))
        for row, (moves, skip) in bill.outside.items():
            if any(self.funding_account(text, ctx)[1] for text, _ in moves):
                movement.extend(moves)  # a transfer from one of the centre's accounts to another
            else:  # neither is mapped: clearing to clearing would say nothing
                records = [r for r in records if r.row != row]
                skipped.append(skip)
        # after the moves neither of whose sides is mapped are skipped: they are not written
        early = (rows_before(records, ctx.opened[account].date, opens=f"{account} opens", document="bill",
                             accounts=f"{account} (and of the accounts its entries post to)") if account in ctx.opened else
                 rows_before(records, ctx.first_date, opens="the books open", document="bill",
                             accounts="the accounts its entries post to") if ctx.first_date else None)
        if early:  # the dry run still shows the rows (conservation); the write refuses them
            what, row, hint = early
            text = f"row {row}: {what}: `--write` refuses them; {hint}"
            what_zh, hint_zh = zh_of(what), zh_of(hint)
            report.notes.append(Said(f"第 {row} 行：{what_zh}：`--write` 会拒绝它们；{hint_zh}", text)
                                if what_zh and hint_zh else text)  # context.rows_before says it in English only yet
        skipped.sort(key=lambda s: s.row)
        report.period = bill.period
        resolved: dict[str, str] = {}

        def books_account(text: str) -> str:
            if text not in resolved:
                found, known = self.funding_account(text, ctx)
                if found == PAYABLE_ACCOUNT:
                    # Why: new books open one liability, and 花呗 mapped to it booked a purchase it
                    # paid as -88.00 and +88.00 on that one account: what the centre owes 花呗 gone,
                    # and the dry run called it a fault of the importer
                    raise ImportProblem(filepath, Said(f"import_config.py 的 accounts 把 {text!r} 对应到 {PAYABLE_ACCOUNT}，"
                                                       "relief 把某行付款买的东西记到这个账户，留给人来决定：它付款的行会在同一个账户"
                                                       "上同时记出和记入同一金额，它动用的钱就会丢失",
                                                       f"accounts in import_config.py maps {text!r} to {PAYABLE_ACCOUNT}, the account "
                                                       "relief books what a row paid for to, for a person to decide: a row it paid would "
                                                       "post the same amount out of and into that account, and what it moved would be lost"),
                                        hint=Said(f"请在 accounts 中给 {text} 一个自己的账户（中心在它上面欠的钱，例如 "
                                                  f"{LIABILITIES}:{'Huabei' if '花呗' in text else 'Credit'}，在 accounts.beancount 中开设），"
                                                  "然后再导入",
                                                  f"give {text} an account of its own in accounts (what the centre owes on it, "
                                                  f"such as {LIABILITIES}:{'Huabei' if '花呗' in text else 'Credit'}, opened in "
                                                  "accounts.beancount) and import again"))
                resolved[text] = found
                if not known and "&" in text:
                    report.notes.append(Said(f"{text!r} 写了两个资金来源，账单没有给出各自的金额：它的行记到 {found}，标记 !；"
                                             "请手工把每一部分记到它的账户（docs/importing.md，“Where the money came from”）",
                                             f"{text!r} names two sources of money, in parts the bill does not give: its rows "
                                             f"are booked to {found}, flagged !; book each part to its account by hand "
                                             "(docs/importing.md, \"Where the money came from\")"))
                elif not known:
                    # credit (花呗, a credit card) is money owed: proposed as a bank account, it was
                    # booked as money held, its balance below zero where the books owe it
                    root = LIABILITIES if any(w in text for w in CREDIT_WORDS) or others_card(text) else BANK_ROOT
                    example = f"{{\"{card_digits(text) or text}\": \"{root}:…\"}}"
                    report.notes.append(Said(
                        f"{text!r} 没有对应的账户：它的行记到 {found}，标记 !；请把它加到 import_config.py 的 `accounts` 中"
                        f"（例如 {example}）再导入（docs/importing.md，“Where the money came from”）",
                        f"{text!r} is not mapped to a books account: its rows are booked to {found}, flagged !; "
                        f"add it to `accounts` in import_config.py (e.g. {example}) "
                        "and import again (docs/importing.md, \"Where the money came from\")"))
            return resolved[text]

        report.skipped.extend(Skipped(s.row, s.reason, s.summary, s.amount, books_account(s.account) if s.account else "")
                              for s in skipped)
        report.file_in, report.file_out = {}, {}
        report.file_in[account] = ZERO
        report.file_out[account] = ZERO
        for text, amount in movement:
            target = books_account(text)
            side = report.file_in if amount > 0 else report.file_out
            side[target] = side.get(target, ZERO) + amount
            (report.file_out if amount > 0 else report.file_in).setdefault(target, ZERO)
        classifier = Classifier(ctx, self.options.rules, account, filepath, self.platform)
        entries: list[data.Directive] = []
        used = {account} | {books_account(r.funding) for r in records} | {books_account(r.transfer) for r in records if r.transfer}
        used |= {s.account for s in report.skipped if s.account}
        first = min((r.date for r in records), default=bill.period[0] if bill.period else books_today())
        if ctx.first_date:
            first = min(first, ctx.first_date)
        for acct in sorted(used):
            # opened even when every row was skipped: the bill is still filed as a document
            # of its account, and the books refused the write for an unknown account
            if acct in ctx.opened:
                continue
            meta = data.new_metadata(filepath, bill.header_row)
            if acct == account:
                meta["name_zh"] = "微信支付" if self.platform == "wechat" else "支付宝"
                meta["name_en"] = "WeChat Pay balance" if self.platform == "wechat" else "Alipay balance"
            elif acct == self.clearing_account():
                meta["name_zh"] = f"{'微信支付' if self.platform == 'wechat' else '支付宝'}待核对银行卡支付"
                meta["name_en"] = f"{self.platform_name} card payments to match with the card's statement"
            else:
                continue  # a mapped account the books do not open: bean-check says so
            entries.append(data.Open(meta, first, acct, ["CNY"], None))
            report.notes.append(Said(f"账中没有开设 {acct}：建议一条开户（open）分录",
                                     f"{acct} is not opened in the books: an open entry is proposed"))
        for r in records:
            r.account = books_account(r.funding)
            if r.transfer:
                r.transfer_account = books_account(r.transfer)
            if self.clearing_account() in (r.account, r.transfer_account):
                # after the row's own note (refund_of not known: …), which it replaced
                method = r.funding or r.transfer
                r.note = "; ".join(n for n in (r.note, (
                    f"{method} is another person's family card: the money is its owner's, not the centre's, and no "
                    "statement the centre holds lists it; map it in import_config.py accounts to what the centre owes "
                    f"its owner ({LIABILITIES}:…) and import again, or book the entry as the owner's gift (docs/importing.md)"
                    if others_card(method) else
                    f"{method} is not the {self.platform_name} balance and is not mapped: "
                    "map it in import_config.py accounts and import again, or book the card statement's "
                    f"entry against {self.clearing_account()} (docs/importing.md)")) if n)
            entries.append(classifier.classify(r))
        # Why: aid a roster pays by 微信转账 / 支付宝转账, already in the books, was paid again
        # by the bill's row for it; linked as a bank debit is (a card's row: on the card's account)
        used: set[int] = set()
        for acct in sorted({e.postings[0].account for e in entries if isinstance(e, data.Transaction) and e.postings}):
            link_roster_aid(entries, existing, ctx, acct, self.options.link_window_days, used=used, notes=report.notes)
        report.notes.extend(aid_on_another_account(entries, existing, ctx, self.options.link_window_days))
        entries.extend(classifier.extra)
        return entries


class WeChatImporter(PaymentBillImporter):
    """WeChat Pay bills (微信支付账单), CSV or Excel as the app exports them."""
    kind = "wechat"
    platform = "wechat"
    title = "WeChat Pay bill (微信支付账单)"


class AlipayImporter(PaymentBillImporter):
    """Alipay bills (支付宝账单), CSV or Excel as the app exports them."""
    kind = "alipay"
    platform = "alipay"
    title = "Alipay bill (支付宝账单)"


#: how a totals row typed into (or pasted with) a bill begins
TOTALS = ("合计", "合計", "总计", "小计", "本页")


def _holds_amount(text: str) -> bool:
    """Whether a cell holds a non-zero amount, or figures that do not read as one (a footer's
    words hold neither). Why: a last row whose time and amount did not read (= "200.00" before
    such guards were read) was passed over as the footer, its money neither booked nor listed."""
    try:
        return bool(parse_amount(text))
    except ValueError:
        return any(ch.isdigit() for ch in text)
