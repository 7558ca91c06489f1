"""WeChat Pay (微信支付) and Alipay (支付宝) bills: CSV and XLSX, current and older layouts.

For a centre these bills mostly hold QR-code donations. Money in becomes a donation (the
payer matched to the donor registry, else UNIDENTIFIED and flagged); fees the platform keeps
become bank charges; refunds are flagged for a person. Rows that move no money — 不计收支 /
中性交易 (top-ups, withdrawals, transfers between one's own balances), closed, failed or
pending payments — are skipped, each with its reason in the dry run. The record count the
bill states in its preamble or footer (共N笔记录) is checked against the rows, which catches
a truncated file.

Layouts (header rows as the platforms write them):
- WeChat:  交易时间,交易类型,交易对方,商品,收/支,金额(元),支付方式,当前状态,交易单号,商户单号,备注
- Alipay:  交易时间,交易分类,交易对方,对方账号,商品说明,收/支,金额,收/付款方式,交易状态,交易订单号,商家订单号,备注
- Alipay (older web export): 交易号,商家订单号,交易创建时间,付款时间,最近修改时间,交易来源地,类型,交易对方,
  商品名称,金额（元）,收/支,交易状态,服务费（元）,成功退款（元）,备注,资金状态
"""

from __future__ import annotations

import datetime
import re
from dataclasses import dataclass, field
from decimal import Decimal

from beancount.core import data

from importers.base import ReliefImporter, Report
from importers.classify import Classifier
from importers.context import BooksContext
from importers.errors import ImportProblem, Skipped
from importers.profiles import fold_header
from importers.reading import Row, read_table
from importers.records import ZERO, Record
from importers.values import is_empty, is_masked, parse_amount, parse_date, parse_time

FAILED_WORDS = ("关闭", "失败", "撤销", "待付款", "等待付款", "未支付", "已取消", "取消")
FULL_REFUND_WORDS = ("已全额退款", "全额退款")


@dataclass(frozen=True)
class Layout:
    id: str
    platform: str
    title: str
    columns: dict[str, tuple[str, ...]]
    required: tuple[str, ...]


LAYOUTS = (
    Layout("wechat", "wechat", "微信支付账单", {
        "time": ("交易时间",), "type": ("交易类型",), "payer": ("交易对方",), "item": ("商品",),
        "direction": ("收/支",), "amount": ("金额(元)", "金额"), "method": ("支付方式",),
        "status": ("当前状态", "交易状态"), "id": ("交易单号",), "merchant_id": ("商户单号",), "memo": ("备注",)},
        ("time", "type", "payer", "direction", "amount", "status", "id")),
    Layout("alipay", "alipay", "支付宝交易明细", {
        "time": ("交易时间",), "type": ("交易分类",), "payer": ("交易对方",), "payer_account": ("对方账号",),
        "item": ("商品说明",), "direction": ("收/支",), "amount": ("金额",), "method": ("收/付款方式",),
        "status": ("交易状态",), "id": ("交易订单号",), "merchant_id": ("商家订单号",), "memo": ("备注",)},
        ("time", "payer", "direction", "amount", "status", "id", "item")),
    Layout("alipay-older", "alipay", "支付宝交易记录明细（旧版）", {
        "id": ("交易号",), "merchant_id": ("商家订单号",), "time": ("付款时间",), "created": ("交易创建时间",),
        "type": ("类型",), "payer": ("交易对方",), "item": ("商品名称",), "amount": ("金额(元)",),
        "direction": ("收/支",), "status": ("交易状态",), "fee": ("服务费(元)",), "refunded": ("成功退款(元)",),
        "memo": ("备注",), "fund_state": ("资金状态",)},
        ("id", "created", "payer", "amount", "status", "fund_state")),
)


@dataclass
class Bill:
    layout: Layout
    sheet: str
    header_row: int
    records: list[Record] = field(default_factory=list)
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    stated_count: tuple[int, int] | None = None  # (count, row)
    closed_refs: set[str] = field(default_factory=set)


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


class PaymentBillImporter(ReliefImporter):
    platform = ""
    title = ""

    def _layouts(self):
        return [l for l in LAYOUTS if l.platform == self.platform]

    def _locate(self, filepath: str):
        table = read_table(filepath)
        for layout in self._layouts():
            for sheet in table.sheets:
                found = _find(layout, sheet.rows)
                if found:
                    others = [s.name for s in table.sheets if s is not sheet and _find(layout, s.rows)]
                    return table, layout, sheet, found[0], found[1], others
        return None

    def matches(self, filepath: str) -> bool:
        return self._locate(filepath) is not None

    def account(self, filepath: str) -> str:
        return self.options.wechat_account if self.platform == "wechat" else self.options.alipay_account

    def dates(self, filepath: str) -> list[datetime.date]:
        return [r.date for r in self.parse(filepath).records]

    def _parse(self, filepath: str) -> Bill:
        located = self._locate(filepath)
        if located is None:
            raise ImportProblem(filepath, f"this is not a {self.title} (no header row with 交易时间, 交易对方, 收/支, 金额…)",
                                hint="export the bill again from the app (CSV or Excel) without editing it")
        table, layout, sheet, header, cols = located[:5]
        bill = Bill(layout, sheet.name, header.number, notes=list(table.notes))
        if located[5]:
            bill.notes.append(f"sheet {sheet.name!r} used; sheets {', '.join(map(repr, located[5]))} hold the same layout and were not read")
        names = {k: header.cells[i] for k, i in cols.items()}
        body = [r for r in sheet.rows if r.number > header.number]
        text_all = [r for r in sheet.rows if r.number < header.number] + body
        for r in text_all:
            m = re.search(r"共\s*(\d+)\s*笔记录", r.text)
            if m:
                bill.stated_count = (int(m.group(1)), r.number)
        date_key = "time" if "time" in cols else "created"
        counted = 0
        rows = [r for r in body if not r.blank]
        last = max((r.number for r in rows if self._is_date(r.get(cols[date_key]) or r.get(cols.get("created", cols[date_key])))), default=0)
        for row in rows:
            when = row.get(cols[date_key]) or row.get(cols.get("created", cols[date_key]))
            if not self._is_date(when):
                if row.number < last:
                    raise ImportProblem(filepath, f"{when!r} is not a date and time", row=row.number, column=names[date_key],
                                        hint="fix the cell (2026-03-05 12:00:00) or export the bill again")
                continue  # footer
            needed = max(cols[k] for k in layout.required) + 1
            if len(row.cells) < needed:
                raise ImportProblem(filepath, f"the row stops short ({len(row.cells)} of {len(header.cells)} cells)"
                                    + (": the file looks cut off" if row.number == last else ""),
                                    row=row.number, column=header.cells[len(row.cells)] if len(row.cells) < len(header.cells) else None,
                                    hint="export the bill again")
            counted += 1
            self._row(filepath, bill, row, cols, names, date_key)
        if counted == 0:
            raise ImportProblem(filepath, "the bill has a header but no rows", row=header.number,
                                hint="check the period you exported; nothing was imported")
        if self.options.verify_summary and bill.stated_count and bill.stated_count[0] != counted:
            raise ImportProblem(filepath, f"the bill says it has {bill.stated_count[0]} records (共{bill.stated_count[0]}笔记录) but {counted} rows follow its header",
                                row=bill.stated_count[1],
                                hint="the file is cut off or was edited; export it again (relief import --ignore-summary imports the rows anyway)")
        self._pair_refunds(bill)
        return bill

    def _is_date(self, text: str) -> bool:
        try:
            parse_date(text)
            return True
        except ValueError:
            return False

    def _row(self, filepath: str, bill: Bill, row: Row, cols: dict[str, int], names: dict[str, str], date_key: str) -> None:
        def cell(key: str) -> str:
            return row.get(cols[key]) if key in cols else ""

        when = cell(date_key) or cell("created")
        day = parse_date(when)
        summary = " ".join(x for x in (cell("payer"), cell("item"), cell("amount")) if x and not is_empty(x))
        try:
            amount = parse_amount(cell("amount"))
        except ValueError:
            raise ImportProblem(filepath, f"{cell('amount')!r} is not an amount", row=row.number, column=names["amount"],
                                hint="amounts look like ¥28.16 or 28.16; fix the cell or export the bill again") from None
        if amount is None:
            raise ImportProblem(filepath, "the amount is empty", row=row.number, column=names["amount"],
                                hint="every row needs an amount; export the bill again")
        amount = abs(amount)
        direction = cell("direction")
        status = cell("status")
        kind = cell("type")
        item = "" if is_empty(cell("item")) else cell("item")
        memo_extra = "" if is_empty(cell("memo")) else cell("memo")
        refund = "退款" in kind or item.startswith("退款") or "退款" in status and "已全额退款" not in status and "已退款" not in status
        if bill.layout.id == "alipay-older":
            state = cell("fund_state")
            sign = 1 if "收入" in state else -1 if "支出" in state else 0
            if sign == 0:
                bill.skipped.append(Skipped(row.number, f"资金状态 {state or '(empty)'}: no money moved", summary))
                return
        else:
            if direction in ("收入",):
                sign = 1
            elif direction in ("支出",):
                sign = -1
            else:
                label = direction if direction and not is_empty(direction) else "中性交易 / 不计收支"
                fee = self._fee_in(memo_extra)
                if fee and self.platform == "wechat":
                    # a withdrawal's service charge is real money even though the row is neutral
                    bill.records.append(Record(row=row.number, date=day, amount=-fee, payer="", memo=f"{kind} 服务费",
                                               kind="手续费", time=parse_time(when),
                                               source_ref=f"{cell('id')}:fee"))
                    bill.skipped.append(Skipped(row.number, f"{label}: moves no money in or out (its service charge {fee} is recorded)", summary))
                else:
                    bill.skipped.append(Skipped(row.number, f"{label}: moves no money in or out", summary))
                return
        if any(w in status for w in FAILED_WORDS) and not refund:
            if cell("id") and not is_empty(cell("id")):
                bill.closed_refs.add(cell("id"))
            bill.skipped.append(Skipped(row.number, f"status {status}: no money moved", summary))
            return
        if any(w in status for w in FULL_REFUND_WORDS):
            bill.skipped.append(Skipped(row.number, f"status {status}: refunded in full, nets to nothing", summary))
            return
        refunded = ZERO
        m = re.search(r"已退款\s*[(（]?\s*[¥￥]?\s*([\d,.]+)", status)
        if m and "退款" not in kind:  # a payment partly refunded later; a refund row says 已退款 of itself
            refunded = parse_amount(m.group(1)) or ZERO
        fee = ZERO
        if "fee" in cols:
            try:
                fee = abs(parse_amount(cell("fee")) or ZERO)
            except ValueError:
                raise ImportProblem(filepath, f"{cell('fee')!r} is not an amount", row=row.number, column=names["fee"],
                                    hint="fix the cell or export the bill again") from None
        ident = cell("id")
        ref = ident if ident and not is_empty(ident) else ""
        refund_of = ""
        if refund and ident and "_" in ident:
            refund_of = ident.split("_")[0]
        payer = cell("payer")
        record = Record(row=row.number, date=day, amount=sign * amount - (sign * refunded if sign > 0 else ZERO),
                        payer="" if is_empty(payer) or payer == "/" else payer,
                        payer_account="" if is_empty(cell("payer_account")) or is_masked(cell("payer_account")) else cell("payer_account"),
                        memo=" ".join(x for x in (item, memo_extra) if x), kind=kind, time=parse_time(when),
                        source_ref=ref, fee=fee if sign > 0 else ZERO, refund=refund, refund_of=refund_of)
        if refunded:
            bill.notes.append(f"row {row.number}: {status}; only the amount kept ({record.amount}) is recorded")
        if record.amount == 0:
            bill.skipped.append(Skipped(row.number, "amount is zero: no money moved", summary))
            return
        if sign < 0 and fee:
            record.amount -= fee
            record.fee = ZERO
            bill.records.append(record)
            bill.records.append(Record(row=row.number, date=day, amount=-fee, memo="服务费", kind="手续费",
                                       time=record.time, source_ref=f"{ref}:fee"))
            return
        bill.records.append(record)

    @staticmethod
    def _fee_in(text: str) -> Decimal:
        m = re.search(r"服务费\s*[¥￥]?\s*([\d,.]+)", text or "")
        if not m:
            return ZERO
        try:
            return parse_amount(m.group(1)) or ZERO
        except ValueError:
            return ZERO

    def _pair_refunds(self, bill: Bill) -> None:
        """A refund of a payment in the same bill that was itself skipped (closed) nets to nothing."""
        for r in list(bill.records):
            if r.refund and r.refund_of and r.refund_of in bill.closed_refs:
                bill.records.remove(r)
                bill.skipped.append(Skipped(r.row, "refund of a payment that was closed (skipped): nets to nothing", r.memo))
        bill.skipped.sort(key=lambda s: s.row)

    def make_entries(self, bill: Bill, ctx: BooksContext, existing: list, filepath: str, report: Report) -> list:
        account = self.account(filepath)
        report.account = account
        report.rows = len(bill.records) + len(bill.skipped)
        report.skipped.extend(bill.skipped)
        report.notes.extend(bill.notes)
        classifier = Classifier(ctx, self.options.rules, account, filepath, self.platform)
        entries: list[data.Directive] = []
        if account not in ctx.opened and bill.records:
            first = min((r.date for r in bill.records), default=datetime.date.today())
            if ctx.first_date:
                first = min(first, ctx.first_date)
            meta = data.new_metadata(filepath, bill.header_row)
            meta["name_zh"] = "微信支付" if self.platform == "wechat" else "支付宝"
            meta["name_en"] = "WeChat Pay balance" if self.platform == "wechat" else "Alipay balance"
            entries.append(data.Open(meta, first, account, ["CNY"], None))
            report.notes.append(f"{account} is not opened in the books: an open entry is proposed")
        entries.extend(classifier.classify(r) for r in bill.records)
        entries.extend(classifier.extra)
        return entries


class WeChatImporter(PaymentBillImporter):
    kind = "wechat"
    platform = "wechat"
    title = "WeChat Pay bill (微信支付账单)"


class AlipayImporter(PaymentBillImporter):
    kind = "alipay"
    platform = "alipay"
    title = "Alipay bill (支付宝账单)"
