"""Turning statement records into entries that follow the books' conventions.

One set of rules for every money source (docs/importing.md, "Classification"):

- money in from a payer found in the donor registry (by account number, name or alias)
  is a donation to Income:Donation:<kind>, fund GENERAL (or a fund the memo names),
  with the next receipt number;
- money in from anyone else is a donation flagged `!` from donor UNIDENTIFIED, with a
  `custom "donor-proposal"` entry for a person to confirm (the books still pass);
- interest, bank charges and payer rules from the import config go to their accounts;
- money out that matches nothing is flagged `!` to the config's unknown-debit account.

Entries carry `source_ref` (de-duplication) and the file's row in their metadata.
"""

from __future__ import annotations

import dataclasses
import datetime
import functools
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from decimal import Decimal

from beancount.core import data, flags
from beancount.core.amount import Amount
from beancount.parser.grammar import ValueType

from importers.bank_credits import OwnMoney, allocator_of, own_money, platform_of
from importers.context import PROPOSAL_TYPE, BooksContext, digits
from importers.dedupe import BANK_PAYEE, LEGACY_REF, SOURCE_ACCOUNT
from importers.profiles import simplified
from importers.receivables import RECEIVABLE_HINT
from importers.records import Record
from importers.values import is_courtesy_only, is_garbled_name, is_masked_name, is_masked_number, money
from ledger.accounts import (
    ALIPAY_ACCOUNT,
    ALIPAY_CLEARING_ACCOUNT,
    BANK_FEES_ACCOUNT,
    CASH_ACCOUNT,
    DONATION_ACCOUNTS,
    GOVERNMENT_ACCOUNT,
    INTEREST_ACCOUNT,
    PAYABLE_ACCOUNT,
    UNION_ACCOUNT,
    WECHAT_ACCOUNT,
    WECHAT_CLEARING_ACCOUNT,
    is_asset,
    is_donation,
    is_under,
)
from ledger.registry import GENERAL_FUND, UNIDENTIFIED_DONOR, Donor, matched_by_script, norm_name, other_spelling

INTEREST_WORDS = ("结息", "利息", "interest")
#: a counterparty that is the bank's own interest account (交通银行 names 应付个人活期储蓄存款利息
#: and puts 存款利息 in 交易类型, a column read as no memo): its money in is interest
BANK_INTEREST_PAYER = re.compile(r"(应付|存款|储蓄|活期|定期).*利息|利息(支出|发放)")
FEE_WORDS = ("手续费", "服务费", "工本费", "年费", "管理费", "短信", "汇划费", "fee", "charge")
#: who charges the centre fees: the payment platforms and banks themselves (a 手续费 row
#: whose 交易对方 is 微信支付, 财付通, 支付宝 or the bank is a fee, not a payment to a payee)
FEE_CHARGERS = ("微信支付", "财付通", "腾讯", "支付宝", "蚂蚁", "tenpay", "alipay", "wechat")
FEE_BANKS = ("银行", "信用社", "bank")
#: the payment platforms themselves, as their bills name them when they pay the centre (a
#: reward, 红包奖励发放, 活动奖励): such money is no donor's gift. Exact names: the groups'
#: foundations (腾讯公益慈善基金会, 蚂蚁公益基金会) give real gifts
PLATFORM_PAYERS = frozenset({"支付宝（中国）网络技术有限公司", "支付宝(中国)网络技术有限公司", "支付宝", "微信支付",
                             "财付通", "财付通支付科技有限公司"})
#: who passes a gift on to the centre's card without being its giver: the platforms and the
#: clearing houses a bank names as the payer of money sent through them (转账到银行卡)
THROUGH_PAYERS = PLATFORM_PAYERS | {"网联清算有限公司", "中国银联股份有限公司", "中国银联"}
#: a fee given back to the centre (money in): booked against the fees, not as a gift
FEE_BACK_WORDS = ("返还", "退还", "退回", "减免", "冲回")
#: a bank row of cash taken out for the centre's cash box (ATM取款, 现金支取, 提取备用金)
CASH_WITHDRAWAL_WORDS = ("取现", "取款", "现金支取", "支取现金", "提取现金", "备用金")
#: a bank row of the cash box's money paid in (现金存入, the donation box's takings)
CASH_DEPOSIT_WORDS = ("现金存入", "存入现金", "存现", "现金缴存", "现金缴款", "ATM存款", "CRS存款", "自助存款", "存款机")
ENTERPRISE_WORDS = ("公司", "厂", "集团", "有限", "企业", "商行", "店", "银行", "co.", "ltd", "inc")
ORGANISATION_WORDS = ("协会", "基金会", "学会", "商会", "促进会", "工会", "委员会", "中心", "学校", "医院", "慈善", "社")


@dataclass
class Rules:
    """Classification choices from the import config (docs/importing.md)."""

    #: payer name pattern (regex) -> account, e.g. {"财政局": "Income:Government"}
    payer_rules: dict[str, str] = field(default_factory=dict)
    unknown_debit_account: str = PAYABLE_ACCOUNT
    cash_account: str = CASH_ACCOUNT
    fee_account: str = BANK_FEES_ACCOUNT
    interest_account: str = INTEREST_ACCOUNT
    default_fund: str = GENERAL_FUND


def guess_kind(name: str) -> str:
    """A new donor's kind from the payer's name (organisation and enterprise words, else an individual)."""
    low = simplified(name).lower()  # 協會, 基金會 and 公司 (traditional characters) too
    if any(w in low for w in ORGANISATION_WORDS):
        return "organisation"
    if any(w in low for w in ENTERPRISE_WORDS):
        return "enterprise"
    return "individual"


#: clean_payer's patterns, compiled once (it runs on every row of a statement)
_ACCOUNT_ONLY = re.compile(r"[0-9*]{6,}")
_NAME_AND_ACCOUNT = re.compile(r"([0-9*]{6,})\s*[/／]\s*(.+)|(.+?)\s*[/／]\s*([0-9*]{6,})")
_NAME_THEN_NUMBER = re.compile(r"^(.*?)[\s]*([0-9]{8,})$")
#: an account number rounded by a spreadsheet program, alone or beside the name (张三 6.22848E+18)
_ROUNDED_NUMBER = re.compile(r"(?<![\w.])\d(?:\.\d+)?E\+\d{2,}(?![\w.])", re.IGNORECASE)


#: words of a bank row's 摘要 / 交易方式 saying money in is a purchase refunded, or a payment
#: of the centre's coming back (a transfer the payee's bank returned, 退汇; one cancelled; a deposit, 押金退还), not a gift;
#: 微信红包 on a card is a red packet the centre sent that nobody took (a red packet received goes to 零钱, never to a card)
MONEY_BACK_WORDS = ("退货", "退款", "退汇", "退票", "汇款退回", "退还", "返还", "退回", "撤销", "撤单", "微信红包")
#: WeChat Pay's 交易类型 of a payment to a merchant: money in under it is the merchant paying
#: (a cash reward, a payout), never a donor's gift
MERCHANT_PAYOUT_KINDS = ("商户消费",)


def charges_fees(payer: str) -> bool:
    """Whether a counterparty is one that charges the centre fees: a platform itself (支付宝（中国）
    网络技术有限公司, 财付通) or a bank, not a payee reached through a platform (支付宝-某某物业,
    财付通-某某商户, as bank statements name them), whose 服务费 is a payment like any other."""
    low = payer.lower().strip()
    if re.search(r"[-－—/／]", low):
        return False
    return low.startswith(FEE_CHARGERS) or any(w in low for w in FEE_BANKS)


@functools.lru_cache(maxsize=65536)  # a statement names the same payers row after row
def clean_payer(name: str) -> tuple[str, str]:
    """Split "张三 66666666666666" into the name and an account number; drop masks and dashes.

    An account number a spreadsheet program rounded (6.22848E+18: a CSV opened in Excel and
    saved again) is neither: it was taken for the payer's name, proposed as a donor so
    named, and the row, no longer the one the download booked, was booked a second time."""
    text = " ".join(str(name or "").split())
    if not text or set(text) <= {"-", "—", "/", "*"}:
        return "", ""
    unrounded = _ROUNDED_NUMBER.sub("", text)
    if unrounded != text:
        return unrounded.strip(" /／"), ""
    if _ACCOUNT_ONLY.fullmatch(text):
        return "", text
    m = _NAME_AND_ACCOUNT.fullmatch(text)
    if m:
        return (m.group(2) or m.group(3)).strip(), (m.group(1) or m.group(4))
    m = _NAME_THEN_NUMBER.match(text)
    if m and m.group(1) and not _is_day(m.group(2)):
        return m.group(1).strip(), m.group(2)
    return text, ""


def _is_day(digits: str) -> bool:
    """Whether eight digits read as a day (20230623). Why: 赞赏作者的收款_20230623, in real
    WeChat Pay bills, was split into a donor 赞赏作者的收款_ with the account number 20230623."""
    if len(digits) != 8 or not digits.startswith(("19", "20")):
        return False
    try:
        datetime.date(int(digits[:4]), int(digits[4:6]), int(digits[6:]))
    except ValueError:
        return False
    return True


def spelling_note(donor: Donor, written: str) -> str | None:
    """The entry's note when the file writes a registered donor's name another way than the
    registry (brackets, spaces, case, full-width forms: ledger.registry.norm_name), else None.

    Why: 某某科技(北京)有限公司 for the registry's 某某科技（北京）有限公司 was proposed as a new
    donor (full-width letters, ＡＣＭＥ), or matched without a word (brackets, case)."""
    registered = other_spelling(donor, written)
    if registered is None:
        return None
    if matched_by_script(donor, written):
        # flagged ! by the importer: 於小明 (於 a surname of its own) is not 于小明
        return (f"the file writes the donor {written.strip()!r}, the registry {registered!r}: the same in simplified "
                f"characters: booked to {donor.id}; check it is them (then flag *), and add the file's spelling to the "
                "donor's aliases if it is theirs (some names differ in one character that is also another's traditional form)")
    return (f"the file writes the donor {written.strip()!r}, the registry {registered!r} (the same but for "
            f"brackets, spaces, letter case or full-width forms): booked to {donor.id}; add the file's spelling "
            "to the donor's aliases if it is theirs")


#: hidden metadata (never printed) on a refund whose fee was booked as an entry of its own:
#: importers/refund_notes.py gives it its payment's fund
FEE_APART = "__fee_apart__"


def add_note(meta: dict, note: str | None) -> None:
    """Add `note` to the entry's `note`, after any it has (one never replaces another)."""
    if note:
        meta["note"] = f"{meta['note']}; {note}" if meta.get("note") else note


def names_no_one_note(name: str) -> str | None:
    """The gift's note when the payer's or donor's name names no one (masked 张*, only a
    surname and a courtesy: 王先生, or damaged by an encoding: 王?明), so no donor is proposed
    for it; else None."""
    if is_masked_name(name):
        why = f"the payer's name is masked in the file ({name})"
    elif is_courtesy_only(name):
        why = f"{name.strip()!r} is only a surname and a courtesy and names no one (every 王 is 王先生)"
    elif is_garbled_name(name):
        return (f"the payer's name was damaged in the file ({name}: characters lost or read in the wrong "
                "encoding when it was saved again): no donor is proposed; counted as from an unidentified "
                "payer until you write the donor's id (donor: …); export the file again from the bank or "
                "platform to see the name")
    else:
        return None
    return (f"{why}: no donor is proposed; counted as from an unidentified payer until you write the donor's id "
            "(donor: …) if you know who gave it")


class Classifier:
    """Makes entries from records for one source account, one file at a time."""

    def __init__(self, ctx: BooksContext, rules: Rules, source_account: str, filepath: str, source: str):
        self.ctx = ctx
        self.rules = rules
        self.account = source_account
        self.own_account = source_account
        self.filepath = filepath
        self.source = source
        self.proposals: dict[str, data.Custom] = {}
        #: records from a bank statement (set by the bank importer): a row's words are the bank's
        self.bank_statement = False
        #: a platform's balance and clearing account, the first the books open taking a
        #: withdrawal from it that a bank statement shows (set from the import options)
        self.platform_accounts: dict[str, tuple[str, ...]] = {
            "alipay": (ALIPAY_ACCOUNT, ALIPAY_CLEARING_ACCOUNT), "wechat": (WECHAT_ACCOUNT, WECHAT_CLEARING_ACCOUNT)}
        self.extra: list[data.Directive] = []
        #: money in booked to Income:Government (an allocation, or a payer rule's), for
        #: importers/receivables.py to settle a receivable the books hold for it
        self.government_credits: list[data.Transaction] = []
        self._next_proposal: int | None = None
        #: the centre's own bank account numbers and name (`_from_the_centre`), on first use
        self._own_numbers: set[str] | None = None
        self._own_names: set[str] = set()
        self._centre_payers: dict[tuple[str, str], bool] = {}
        #: the proposals by normalised name (`_proposed`), built on first use
        self._proposal_keys: dict[str, data.Custom] | None = None

    # --- helpers -------------------------------------------------------------------
    def meta(self, row: int, **values) -> dict:
        """Entry metadata at the file's row, leaving out empty values so the printed entry stays short."""
        meta = data.new_metadata(self.filepath, row)
        for key, value in values.items():
            if value not in (None, ""):
                meta[key] = value
        return meta

    def fund_for(self, text: str, day: datetime.date) -> tuple[str, bool]:
        """The fund a memo names (id or Chinese name) if it is open that day; else the default."""
        for fund in self.ctx.registry.funds.values():
            if fund.id == GENERAL_FUND:
                continue
            if (fund.id in text or (fund.name_zh and fund.name_zh in text)) and fund.is_open_on(day):
                return fund.id, True
        return self.rules.default_fund, False

    def find_donor(self, name: str, account: str) -> Donor | None:
        """The registered donor for a payer: by the payer's account number first (names are ambiguous), then by name or alias."""
        if account and not is_masked_number(account):
            donor = self.ctx.donor_by_account(account)
            if donor:
                return donor
        return self.ctx.donor_by_name(name) if name else None

    def propose(self, name: str, account: str, day: datetime.date, row: int, kind: str | None = None,
                extra_meta: dict | None = None) -> str | None:
        """The id of a proposed donor entry for an unknown payer (one per name, reused); none
        for a masked name (张*) or a courtesy alone (王先生), which name no one: several people's
        gifts would be proposed as one donor's; nor for a name an encoding damaged (王?明,
        锟斤拷), which would be thanked and listed under that spelling."""
        if not name or is_masked_name(name) or is_courtesy_only(name) or is_garbled_name(name):
            return None
        existing = self._proposed(name)
        if existing is not None:
            return str(existing.values[0].value)
        if self._next_proposal is None:
            taken = set(self.ctx.registry.donors) | {str(c.values[0].value) for c in self.ctx.proposals.values()}
            numbers = [int(m.group(1)) for t in taken for m in [re.fullmatch(r"D(\d+)", t)] if m]
            self._next_proposal = max(numbers, default=0) + 1
        new_id = f"D{self._next_proposal:04d}"
        self._next_proposal += 1
        meta = self.meta(row, name=name)
        if account and not is_masked_number(account):
            meta["accounts"] = digits(account) or account
        for key, value in (extra_meta or {}).items():
            if value not in (None, ""):
                meta[key] = value
        meta["note"] = "proposed by relief import: check it, then change donor-proposal to donor and use this id on the donations"
        entry = data.Custom(meta, day, PROPOSAL_TYPE, [ValueType(new_id, str), ValueType(kind or guess_kind(name), str)])
        self.proposals[name] = entry
        if self._proposal_keys is not None:
            self._proposal_keys.setdefault(norm_name(name), entry)
        self.extra.append(entry)
        return new_id

    def _proposed(self, name: str) -> data.Custom | None:
        """The donor proposal (in the books, or made in this file) for `name`, as written or
        spelled otherwise (ledger.registry.norm_name: brackets, spaces, case, full-width).

        Why: one new company written 新华科技（北京）有限公司 in one row and 新华科技(北京)有限公司
        in the next was two proposals; confirmed as they were, two donors, its giving split."""
        found = self.ctx.proposals.get(name) or self.proposals.get(name)
        if found is not None:
            return found
        if self._proposal_keys is None:  # indexed once: a statement may have 100 000 rows
            self._proposal_keys = {}
            for n, e in (*self.ctx.proposals.items(), *self.proposals.items()):
                self._proposal_keys.setdefault(norm_name(n), e)
        return self._proposal_keys.get(norm_name(name))

    def proposal_note(self, name: str, proposal: str | None) -> str | None:
        """The entry's note when `name` was given the proposal of another spelling, else None."""
        entry = self._proposed(name) if proposal else None
        proposed = str((entry.meta or {}).get("name") or "") if entry is not None else ""
        if not proposed or proposed == name.strip():
            return None
        return (f"the file writes the donor {name.strip()!r}, proposed donor {proposal} as {proposed!r} (the same "
                "but for brackets, spaces, letter case, full-width forms or traditional characters): one proposal for both")

    def txn(self, record: Record, flag: str, payee: str, narration: str, meta: dict,
            postings: list[data.Posting]) -> data.Transaction:
        """A transaction for a record: the record's note flags it for review (!), and the source account is kept for de-duplication."""
        if record.note:
            add_note(meta, record.note)
            flag = flags.FLAG_WARNING
        if record.status:
            meta["bill_status"] = record.status
        #: the importer's own account, for de-duplication by a bare id of older books (never printed)
        meta[SOURCE_ACCOUNT] = self.own_account
        if payee and payee.endswith("（帮扶对象）") and record.payer and is_masked_name(record.payer):
            meta[BANK_PAYEE] = record.payer  # the case a masked name fits: the name as written, for de-duplication
        if record.legacy_ref:
            meta[LEGACY_REF] = record.legacy_ref
        if record.account and record.account != self.own_account and postings and postings[0].account == record.account:
            first = postings[0]
            postings = [first._replace(meta={"funding": record.funding}), *postings[1:]]
        return data.Transaction(meta, record.date, flag, payee or None, narration, data.EMPTY_SET, data.EMPTY_SET, postings)

    def posting(self, account: str, number: Decimal | None, currency: str, meta: dict | None = None) -> data.Posting:
        """A posting of `number` (exact cents) `currency`, or an elided amount when `number` is None."""
        units = Amount(money(number), currency) if number is not None else None
        return data.Posting(account, units, None, None, None, meta)

    # --- the rules -----------------------------------------------------------------
    def classify(self, r: Record) -> data.Transaction:
        """The transaction for one record, by the rules (transfer, the config's payer rules, interest,
        fee, donation, else flagged for a person); a card payment moves the card's account."""
        if r.transfer_account:
            return self.transfer(r)
        own = self.account
        if r.account and r.account != own:
            self.account = r.account  # paid with a card: the card's account moves, not the balance
            try:
                return self._classify(r)
            finally:
                self.account = own
        return self._classify(r)

    def transfer(self, r: Record) -> data.Transaction:
        """Money between the importer's account and another of the centre's (a withdrawal to a card)."""
        cur = r.currency
        meta = self.meta(r.row, source_ref=r.source_ref)
        other = -(r.amount + r.fee)
        # from the balance, or from the account the row names (a card topping up 零钱通)
        source = self.posting(r.account, r.amount, cur, {"funding": r.funding}) if r.account and r.funding else \
            self.posting(self.account, r.amount, cur)
        postings = [source, self.posting(r.transfer_account, other, cur, {"funding": r.transfer})]
        if r.fee:
            meta["fund"] = self.rules.default_fund
            postings.append(self.posting(self.rules.fee_account, r.fee, cur))
        return self.txn(r, flags.FLAG_OKAY, None, " ".join(x for x in (r.kind, r.transfer) if x) or "转账", meta, postings)

    def _classify(self, r: Record) -> data.Transaction:
        text = simplified(f"{r.kind} {r.memo}")  # its words as matched: 結息, 退還, 手續費 (Big5) as 结息, 退还, 手续费
        lower = text.lower()  # once, not once a word of each list below (a 100,000-row statement)
        payer, payer_account = clean_payer(r.payer)
        # the payer as its words are matched (支付寶（中國）網絡技術有限公司 is the platform, 財政局 the
        # government's), booked as written
        folded = simplified(payer) if payer else payer
        payer_account = r.payer_account or payer_account
        cur = r.currency
        base = dict(source_ref=r.source_ref)
        if r.fee and r.amount > 0:
            pass  # fees on money in are handled below (the platform keeps part of it)
        if r.reversal:
            return self.reversal(r, payer)
        # Rules from the import config win.
        for pattern, account in self.rules.payer_rules.items():
            if payer and (re.search(pattern, payer) or re.search(pattern, folded)):
                meta = self.meta(r.row, fund=self.rules.default_fund, **base)
                entry = self.txn(r, flags.FLAG_OKAY, payer, r.memo or r.kind, meta,
                                 [self.posting(self.account, r.amount, cur), self.posting(account, -r.amount, cur)])
                if r.amount > 0 and is_under(account, GOVERNMENT_ACCOUNT):
                    self.government_credits.append(entry)
                return entry
        if (self.source not in ("wechat", "alipay") and not r.refund and self.account != self.rules.cash_account
                and any(w in text for w in (CASH_WITHDRAWAL_WORDS if r.amount < 0 else CASH_DEPOSIT_WORDS))
                and (not payer or self._from_the_centre(payer, ""))):
            # Why: an ATM取款 of the centre's petty cash was money out flagged on
            # Liabilities:Payable, to be moved to the cash box by hand before the cash count held;
            # the donation box's takings paid in (现金存入) were a second gift, with a receipt
            meta = self.meta(r.row, **base)
            r.note = r.note or (f"a cash withdrawal ({r.memo or r.kind}): booked into {self.rules.cash_account}; check it "
                                "against the cash book (the next cash count holds it), or book it where the cash went"
                                if r.amount < 0 else
                                f"a cash deposit ({r.memo or r.kind}): booked out of {self.rules.cash_account}; check it "
                                "against the cash book (the gifts it holds are booked into the cash box from the donations "
                                "register), or, if a donor paid it in at the counter, book it as their gift")
            return self.txn(r, flags.FLAG_WARNING, None, r.memo or r.kind or ("取现" if r.amount < 0 else "存现"), meta,
                            [self.posting(self.account, r.amount, cur), self.posting(self.rules.cash_account, -r.amount, cur)])
        if r.amount > 0 and (r.interest or any(w in lower for w in INTEREST_WORDS) or BANK_INTEREST_PAYER.search(folded or "")):
            meta = self.meta(r.row, fund=self.rules.default_fund, **base)
            return self.txn(r, flags.FLAG_OKAY, payer or None, r.memo or r.kind or "利息", meta,
                            [self.posting(self.account, r.amount, cur), self.posting(self.rules.interest_account, -r.amount, cur)])
        fee_row = any(w in lower for w in FEE_WORDS) and (not payer or charges_fees(folded))
        if fee_row and (r.amount < 0 or any(w in text for w in FEE_BACK_WORDS)):
            # a fee the bank or platform charged (or gave back), with or without its name as
            # the counterparty: it was proposed as a payment to 微信支付 or the bank, to decide
            meta = self.meta(r.row, fund=self.rules.default_fund, **base)
            return self.txn(r, flags.FLAG_OKAY, None, r.memo or r.kind or "手续费", meta,
                            [self.posting(self.account, r.amount, cur), self.posting(self.rules.fee_account, -r.amount, cur)])
        if r.amount > 0 and not r.refund and self.source in ("wechat", "alipay") and folded in PLATFORM_PAYERS:
            # Why: a reward of 0.88 from 支付宝（中国）网络技术有限公司 was booked as an enterprise
            # donation with a receipt, and Alipay proposed as a donor
            r.note = r.note or (f"paid by the platform itself ({payer}), not a donor's gift: booked on "
                                f"{self.rules.unknown_debit_account} for you to decide its account (a payer rule in "
                                "import_config.py books such rows from then on)")
        elif (r.amount > 0 and not r.refund and self.bank_statement
              and (word := next((w for w in MONEY_BACK_WORDS if w in text), None))):
            # Why: 借记卡退货 of 139.80 from 京东商城平台商户 (BOCOM's real 查询表) was booked as
            # an individual's donation with a receipt, the shop proposed as a donor
            r.note = r.note or (f"money back ({word}), not a donor's gift: booked on {self.rules.unknown_debit_account} "
                                "for you to decide its account (the payment it refunds, if it is in the books)")
        elif r.amount > 0 and not r.refund and (own := self._own_money(text, payer, payer_account)) is not None:
            # Why: BOC's 网上快捷提现 of 8,324.85 from 支付宝-李四 and CMB's 朝朝宝转出 from
            # 待清算电子汇差 (real statements) were gifts with receipts, their payers proposed as donors
            if own.what in ("withdrawal", "allocation"):
                how = self.withdrawal if own.what == "withdrawal" else self.allocation
                if (entry := how(r, payer, own.word)) is not None:
                    return entry
            else:
                r.note = r.note or (f"{own.what} ({own.word}), not a donor's gift: booked on "
                                    f"{self.rules.unknown_debit_account} for you to decide its account: {own.todo}")
        elif r.amount > 0 and not r.refund and self.source == "wechat" and r.kind.strip() in MERCHANT_PAYOUT_KINDS:
            # Why: 拼多多's cash reward of 0.07 into 零钱 (商户消费, 收入, in the real bills) was
            # booked as an individual's donation with a receipt, the app's slogan its donor
            r.note = r.note or (f"paid by a merchant (交易类型 {r.kind.strip()}: a merchant's payout or reward), not a "
                                f"donor's gift: booked on {self.rules.unknown_debit_account} for you to decide its account")
        elif r.amount > 0 and not r.refund and (case_id := self._case_paying(payer, payer_account)):
            # Why: money in from a name in private/cases.csv (aid sent back) was proposed as a gift,
            # the case's name a donor-proposal's; confirmed, it went onto the honour roll
            r.note = r.note or (f"paid by case {case_id} (its name is in private/cases.csv; no registered donor bears it). "
                                "Aid sent back? book it against the aid it returns (its approval and case); a gift from a namesake? "
                                "register the donor and book it as a donation. Held on "
                                f"{self.rules.unknown_debit_account} for you to decide; the name stays out of the books")
        elif r.amount > 0 and not r.refund:
            return self.donation(r, payer, payer_account)
        elif r.amount < 0 and not r.refund and payer and (donor := self.find_donor(payer, payer_account)) is not None:
            # Why: money paid out to a registered donor (退还捐款, a gift given back months
            # later) was flagged on Liabilities:Payable with nothing saying how a gift given back
            # is booked, and the receipt it needs was found only by the rule's error
            account = DONATION_ACCOUNTS.get(donor.kind, DONATION_ACCOUNTS["individual"])
            r.note = r.note or (f"paid to {payer}, donor {donor.id}: if it gives a gift back, book it against {account} "
                                f"with donor {donor.id}, the gift's fund, the next receipt number and refund_of naming the "
                                "receipt of the gift it gives back (docs/books.md, 'A gift given back'); else book it where "
                                "it belongs")
        # Money out (or money back) that no rule explains: a person decides.
        meta = self.meta(r.row, **base)
        # a refund goes to whom its payment came from: a masked name (李*) that fits a case's made
        # a gift given back read as money to a beneficiary, and taken for that case's aid
        case_id = self.ctx.case_for_name(payer, masked=not (r.refund or r.refund_of)) if payer else None
        narration = r.memo or r.kind or "待确认支出"
        if case_id:  # a beneficiary's name stays in private/cases.csv; the books name the case
            # in the bank's memo too ("李大伟大病救助款" went into the narration as it was)
            for name in sorted({payer.strip(), "".join(payer.split()), *self.ctx.names_of_case(case_id)} - {""}, key=len, reverse=True):
                narration = narration.replace(name, case_id)
            payer = f"{case_id}（帮扶对象）"
        if r.refund:
            # "退款 退款-文具" read twice: Alipay's refund rows already name themselves so
            narration = narration if narration.startswith("退款") else f"退款 {narration}".strip()
            if r.refund_of:
                meta["refund_of"] = r.refund_of
        postings = [self.posting(self.account, r.amount, cur)]
        if r.fee and r.refund:
            # Why: the fee's line put the whole refund in the default fund (fund: GENERAL),
            # whatever fund its payment went to; booked as a gift given back it gave back into
            # GENERAL. The fee is an entry of its own in the default fund; the refund takes its
            # payment's fund where it is found (importers/refund_notes.py)
            charge = dataclasses.replace(r, status="", legacy_ref="", source_ref=f"{r.source_ref}:fee" if r.source_ref else "",
                                         note=f"the platform's fee on the refund of row {r.row}, booked apart from it in the "
                                              "default fund: book it as a bank charge, or against what the refund gives back")
            self.extra.append(self.txn(charge, flags.FLAG_WARNING, None, "服务费", self.meta(r.row, fund=self.rules.default_fund,
                                                                                     source_ref=charge.source_ref),
                                       [self.posting(self.rules.fee_account, r.fee, cur),
                                        self.posting(self.rules.unknown_debit_account, -r.fee, cur)]))
            meta[FEE_APART] = True  # never printed: for importers/refund_notes.py
        elif r.fee:
            postings.append(self.posting(self.rules.fee_account, r.fee, cur))
            meta["fund"] = self.rules.default_fund
        fee = r.fee if postings[-1].account == self.rules.fee_account else Decimal(0)
        postings.append(self.posting(self.rules.unknown_debit_account, -(r.amount + fee), cur))
        return self.txn(r, flags.FLAG_WARNING, payer, narration, meta, postings)

    def _own_money(self, text: str, payer: str, payer_account: str) -> OwnMoney | None:
        """What money in is when its words say it is the centre's own coming back (bank_credits):
        on a bank statement, or on a bill but for a withdrawal (a bill's own are transfers); or,
        on a bank statement, when it comes from the centre itself (its name, or the unmasked
        number of another of its bank accounts, as the payer).

        Why: the older Alipay layout lists 余额宝's 收益发放 (0.01 from 中欧基金管理有限公司 in the
        real sample) as 收入, and it was a gift with a receipt, the fund company a donor; 5,000.00
        moved from the centre's other account was a gift from the centre to itself."""
        if not (self.bank_statement or self.source in ("wechat", "alipay")):
            return None
        if self.bank_statement and self._from_the_centre(payer, payer_account):
            return OwnMoney("a transfer from the centre's own account", payer,
                            f"the other account's statement holds its debit on {self.rules.unknown_debit_account} too, where "
                            "the two meet "
                            "(or book both as one transfer between the accounts)")
        # the payer's name copied into the memo (BOC's 附言, CMB's 客户摘要) is no word of the bank's
        folded = simplified(payer) if payer else payer  # as `text` is: 支付寶-李四 is 支付宝-李四
        own = own_money(text.replace(folded, " ") if folded else text, folded)
        return None if own is None or (own.what == "withdrawal" and not self.bank_statement) else own

    def _from_the_centre(self, payer: str, payer_account: str) -> bool:
        """Whether a payer is the centre: its name (settings name_zh, as norm_name compares) or one of
        its accounts' (库存现金, the demo's payer of 现金存入), or the whole number of one of its bank
        accounts (a masked one names no account for sure).
        Answered once per payer (it is asked for every credit of a 100 000-row statement)."""
        key = (payer, payer_account)
        hit = self._centre_payers.get(key)
        if hit is None:
            if self._own_numbers is None:
                self._own_numbers = {digits(str((o.meta or {}).get("account_number") or "")) for o in self.ctx.bank_accounts()
                                     if "*" not in str((o.meta or {}).get("account_number") or "")} - {""}
                self._own_names = {norm_name(self.ctx.settings.name_zh or "")} | {
                    norm_name(str(o.meta.get("name_zh"))) for a, o in self.ctx.opened.items()
                    if is_asset(a) and o.meta and o.meta.get("name_zh")}
                self._own_names.discard("")
            hit = bool(payer_account and "*" not in payer_account and digits(payer_account) in self._own_numbers) or \
                bool(payer and norm_name(payer) in self._own_names)
            self._centre_payers[key] = hit
        return hit

    def allocation(self, r: Record, payer: str, word: str) -> data.Transaction | None:
        """Money allocated to the centre (工会经费拨入 from 江临市总工会, 财政拨款 from 江临市财政局):
        to Income:Union or Income:Government by the payer's name, in the fund the memo names or
        GENERAL, flagged; None, with the record's note saying what to do, when the name says
        neither (the books' payer_rules, which run first, say it for good)."""
        account = {"union": UNION_ACCOUNT, "government": GOVERNMENT_ACCOUNT}.get(allocator_of(simplified(payer or "")) or "")
        if account is None:
            r.note = r.note or (f"an allocation ({word}) from {payer or 'a payer the file does not name'}, not a donor's "
                                f"gift: booked on {self.rules.unknown_debit_account} for you to decide its source and fund "
                                "(payer_rules in import_config.py book such rows from then on)")
            return None
        fund, _ = self.fund_for(f"{r.memo} {r.kind}", r.date)
        # importers/receivables.py settles a receivable it fits, or names those open, in its stead
        approved = RECEIVABLE_HINT if account == GOVERNMENT_ACCOUNT else ""
        r.note = r.note or (f"an allocation ({word}) from {payer}, not a donor's gift: booked to {account}, fund {fund}; "
                            "check the fund (a restricted grant has its own) and add the payer to payer_rules in "
                            f"import_config.py to book such rows so from then on{approved}")
        meta = self.meta(r.row, fund=fund, source_ref=r.source_ref)
        postings = [self.posting(self.account, r.amount, r.currency), self.posting(account, -r.amount, r.currency)]
        entry = self.txn(r, flags.FLAG_WARNING, payer or None, r.memo or r.kind or "拨款", meta, postings)
        if account == GOVERNMENT_ACCOUNT:
            self.government_credits.append(entry)
        return entry

    def withdrawal(self, r: Record, payer: str, word: str) -> data.Transaction | None:
        """Money a bank statement shows coming to the card from a payment platform's balance
        (网上快捷提现 from 支付宝-李四): a transfer from that balance, or its clearing account,
        whichever the books open by the row's day, flagged; None, with the record's note saying what to
        do, when they open neither (or the platform has none in the books: 京东, 美团)."""
        platform = platform_of(simplified(f"{r.kind} {r.memo} {payer}"))
        name = {"alipay": "Alipay", "wechat": "WeChat Pay"}.get(platform or "", "")
        accounts = self.platform_accounts.get(platform or "", ())
        # open on the row's day: an account opened later stopped the whole import
        account = next((a for a in accounts if a in self.ctx.opened and self.ctx.opened[a].date <= r.date), None)
        if account is None:
            todo = (f"open {accounts[0]} and book it as a transfer from there (the {name} bill of those days, imported, "
                    "links its withdrawal to this row)") if accounts else \
                "book it as a transfer from the account that holds that balance"
            r.note = r.note or (f"a withdrawal from a payment platform's balance ({word}), not a donor's gift: booked on "
                                f"{self.rules.unknown_debit_account}; {todo}")
            return None
        r.note = r.note or (f"a withdrawal from the {name} balance ({word}), not a donor's gift: booked as a transfer "
                            f"from {account}; import the {name} bill of those days (its withdrawal links to this row) "
                            "to check it")
        meta = self.meta(r.row, source_ref=r.source_ref)
        postings = [self.posting(self.account, r.amount, r.currency), self.posting(account, -r.amount, r.currency)]
        return self.txn(r, flags.FLAG_WARNING, payer or None, r.memo or r.kind or "提现", meta, postings)

    def _case_paying(self, payer: str, payer_account: str) -> str | None:
        """The case whose name in private/cases.csv is `payer` as written (a masked name, 张*伟,
        is left to the donors: many fit it), when no registered donor is; else None. A file
        that cannot be read leaves money in as it was (an import of aid out stops on it)."""
        if not payer or self.ctx.case_names_problem is not None or self.find_donor(payer, payer_account) is not None:
            return None
        return self.ctx.case_for_name(payer, masked=False)

    def reversal(self, r: Record, payer: str) -> data.Transaction:
        """A reversal (冲正) read from a statement: money that undoes an earlier entry, never a
        gift (with a receipt) nor aid; held on Liabilities:Payable, flagged, with the record's
        note saying what is known of its original and its direction."""
        case_id = self.ctx.case_for_name(payer) if payer else None
        if case_id:
            payer = f"{case_id}（帮扶对象）"
        meta = self.meta(r.row, source_ref=r.source_ref)
        postings = [self.posting(self.account, r.amount, r.currency), self.posting(PAYABLE_ACCOUNT, -r.amount, r.currency)]
        return self.txn(r, flags.FLAG_WARNING, payer, r.memo or r.kind or "冲正", meta, postings)

    def donation(self, r: Record, payer: str, payer_account: str) -> data.Transaction:
        """A donation: to the payer's registered donor (or a proposed new one), into the fund the memo names, with the next receipt number."""
        cur = r.currency
        donor = self.find_donor(payer, payer_account)
        fund, from_memo = self.fund_for(f"{r.memo} {r.kind}", r.date)
        flag = flags.FLAG_OKAY
        meta = self.meta(r.row, fund=fund)
        if donor is not None:
            meta["donor"] = donor.id
            if payer and self.ctx.donor_by_name(payer) is donor:  # found by name (not by account)
                add_note(meta, spelling_note(donor, payer))
                if matched_by_script(donor, payer):
                    flag = flags.FLAG_WARNING  # the same name in simplified characters: a guess, the officer confirms it
            account = DONATION_ACCOUNTS.get(donor.kind, DONATION_ACCOUNTS["individual"])
        else:
            flag = flags.FLAG_WARNING
            meta["donor"] = UNIDENTIFIED_DONOR
            # Why: 200.00 sent through Alipay to the card proposed 支付宝（中国）网络技术有限公司 as an
            # enterprise donor, to be thanked in letters and on the site
            through = self.bank_statement and simplified(payer or "") in THROUGH_PAYERS
            proposal = None if through else self.propose(payer, payer_account, r.date, r.row)
            if through:
                meta["note"] = (f"paid through {payer}, which names no donor: none is proposed; counted as from an "
                                "unidentified payer until you write the donor's id (donor: …) if you know who gave it")
            elif proposal:
                meta["proposed_donor"] = proposal
                add_note(meta, self.proposal_note(payer, proposal))
            elif payer and (unnamed := names_no_one_note(payer)):
                meta["note"] = unnamed
            known = (payer and not is_masked_name(payer) and not is_courtesy_only(payer) and not is_garbled_name(payer)
                     and not through)
            account = DONATION_ACCOUNTS[guess_kind(payer)] if known else DONATION_ACCOUNTS["individual"]
        if from_memo:
            flag = flags.FLAG_WARNING
        meta["source_ref"] = r.source_ref
        postings = [self.posting(self.account, r.amount - r.fee, cur)]
        if r.fee:
            postings.append(self.posting(self.rules.fee_account, r.fee, cur))
        postings.append(self.posting(account, -r.amount, cur))
        return self.txn(r, flag, payer or None, r.memo or r.kind or "捐款", meta, postings)


def assign_receipts(entries: Iterable[data.Directive], ctx: BooksContext) -> None:
    """Give every new donation (not a duplicate) the next receipt number, in date order."""
    donations = [e for e in entries if isinstance(e, data.Transaction)
                 and not e.meta.get("__duplicate__") and "receipt" not in e.meta
                 and any(is_donation(p.account) for p in e.postings)]
    for entry in sorted(donations, key=lambda e: (e.date, e.meta.get("lineno", 0))):
        entry.meta["receipt"] = ctx.next_receipt(entry.date.year)
