"""The letter model: what an acknowledgement letter or a yearly statement may show.

Like the public model, it is built from an explicit allow-list: the dataclasses below are
the only things a letter template receives, and each field is copied on purpose. Letters
are private (they go to the donor), so unlike the public model they carry the donor's
legal name, except for a donor registered with `anonymous: "all"`, whose letter says
匿名捐赠人 / anonymous donor and whose name never enters the model; so does the letter of
a gift whose own entry says `anonymous: "all"`, the yearly statement that lists it and the
line of a refund of it (`ledger.registry.gift_asks_no_name_on_letter`). Nothing else about a
donor (contact, accounts, aliases) and nothing about any case is read here.

Which donations get a letter: every transaction with a posting to `Income:Donation:*` that
carries a receipt number, except entries still flagged `!` (not yet confirmed by the
finance officer), receipts registered as void, donations marked `letter: "no"` and gifts
from a donor nobody can write to (a donation box: `reachable: "no"`, the default for
`ANON`; or the UNIDENTIFIED payer). Each of those is listed in `LetterSet.skipped` with its
amount and reason. An entry worth 0.00 (a correction between donation accounts) gets no
letter and is no line of a statement. A refund (a negative donation) gets no letter either,
but is a line of the donor's yearly statement, whose total is then what the books say was
given that year; a year whose donations net below zero (a refund of an earlier year's gift)
gets a statement too, which shows the refund and its total as money given back. Goods show a value only when the transaction has `valuation` metadata
(docs/books.md). Whether an official 公益事业捐赠票据 was issued comes from the donation's
`tax_receipt`, `tax_receipt_code` and `tax_receipt_check` metadata (`TaxReceipt`).
"""

from __future__ import annotations

import datetime
from collections import defaultdict
from dataclasses import asdict, dataclass, field, replace
from decimal import Decimal
from typing import Any

from beancount.core import data

from ledger.accounts import DONATION_ROOT, IN_KIND_DONATION_ACCOUNT, is_donation, is_under
from ledger.books import Books
from ledger.closes.corrections import corrects
from ledger.errors import bilingual
from ledger.funds import posting_value
from ledger.pledges import came_as, on_pledges, pledge_payments
from ledger.registry import UNIDENTIFIED_DONOR, gift_asks_no_name_on_letter
from ledger.said import halves
from publish.capitals import format_amount, rmb_capitals
from publish.facts import posting_currency
from publish.labels import Label, read_names
from publish.model import Donation, PublicModel

ZERO = Decimal(0)
ANONYMOUS_ZH = "匿名捐赠人"
ANONYMOUS_EN = "Anonymous donor"
#: Transaction metadata recording the official donation receipt (公益事业捐赠票据).
TAX_RECEIPT_KEYS = ("tax_receipt", "tax_receipt_code", "tax_receipt_check")


@dataclass(frozen=True)
class Centre:
    """The issuing centre, shown on every letter."""

    name_zh: str
    name_en: str
    seal: str | None  # data: URI of the centre's own seal image; None: no seal on letters
    site_url: str
    tax_receipt_contact: str  # where a donor asks for a 公益事业捐赠票据 ("" when not set)


@dataclass(frozen=True)
class TaxReceipt:
    """An official donation receipt (公益事业捐赠票据) issued for a donation, as recorded.

    From the donation's metadata: `tax_receipt` (票据号码, the number), `tax_receipt_code`
    (票据代码, optional) and `tax_receipt_check` (校验码, optional).
    """

    number: str
    code: str | None = None
    check: str | None = None


@dataclass(frozen=True)
class Letter:
    """One donation's acknowledgement: the public Donation record plus what only the donor sees.

    `donation` is the public model's record (publish/model.py) of this gift: receipt, date,
    amount, goods, fund and acknowledgement address come from there, so the letter and the
    site cannot disagree. The private additions are the legal name, the letter's language,
    how goods were valued, and the amount as the letter states it.
    """

    donation: Donation
    language: str  # "zh" or "en"
    donor_id: str
    donor_name: str | None  # legal name; None: the donor asked for no name even on the letter
    fund_restricted: bool
    purpose: tuple[Label, ...]
    cash: Decimal
    valuation: str | None  # goods show values only when the books say how they were valued
    amount: Decimal | None  # the total the letter states in figures and capitals, or None
    capitals: str | None
    tax_receipt: TaxReceipt | None = None  # None: no official donation receipt recorded
    code: str | None = None  # verification code of the gift's leaf (docs/verification.md), set by make_letters
    #: for a refund's line: the receipt of the gift it gives back (`refund_of`), when it names one
    #: (of a correction's line, the gift its `correction:` names)
    refund_of: str | None = None
    #: for a negative line that is no refund: "corrected" (a gift booked too high, corrected
    #: down) or "cancelled" (a pledge's rest its donor cancelled); the statement marks it so,
    #: not as money given back
    lowered: str | None = None
    #: for a pledge (the gift booked on Assets:Receivable:Pledges when promised): the payments
    #: of it received by then, (day, amount), oldest first, possibly none; None for a gift of
    #: money or goods. The letter thanks for the pledge and says what came and what is to come
    pledge_paid: tuple[tuple[datetime.date, Decimal], ...] | None = None
    #: of a pledge, what the donor cancelled (ledger/pledges.py), (day, amount), oldest first
    pledge_cancelled: tuple[tuple[datetime.date, Decimal], ...] = ()
    #: of a pledge, what its payments brought (ledger/pledges.py `came_as`): "money", "goods"
    #: or "mixed"; the words for what came say goods received, not money, when it was goods
    pledge_came: str = "money"

    @property
    def pledge_received(self) -> Decimal:
        """What of a pledge has come in (ZERO for a gift that is no pledge)."""
        return sum((amount for _, amount in self.pledge_paid or ()), ZERO)

    @property
    def pledge_to_come(self) -> Decimal:
        """What of a pledge is still to come: neither received nor cancelled."""
        return (self.amount or ZERO) - self.pledge_received - sum((amount for _, amount in self.pledge_cancelled), ZERO)

    @property
    def receipt(self) -> str:
        """The receipt number, which also names the letter's file."""
        return str(self.donation.receipt)

    @property
    def date(self) -> datetime.date:
        """The donation's date: the receipt's date, which names the letter's year folder."""
        return self.donation.date

    @property
    def signed(self) -> datetime.date:
        """The letter's date, by its signature, and its PDF's creation date (never the clock):
        the donation's, or the day of the last refund of it that the letter states. Signed on
        the gift's day, a letter said what went back months later, and that "by the date of
        this letter" no official receipt had been issued."""
        return max((self.donation.date, *(r.date for r in self.donation.returned), *(day for day, _ in self.pledge_paid or ()),
                    *(day for day, _ in self.pledge_cancelled)))

    @property
    def ack_url(self) -> str:
        """The acknowledgement page's address (publish/ack.py), for the QR code; "" when unset."""
        return str(self.donation.ack_url or "")

    @property
    def anonymous(self) -> bool:
        """True for a donor registered `anonymous: "all"`: the name never entered the model."""
        return self.donor_name is None

    @property
    def refund(self) -> bool:
        """True for money given back (a negative donation), or a correction lowering such a refund
        (`Donation.lessens`: money of a refund that did not go back after all): a statement line,
        never a letter."""
        return (self.amount is not None and self.amount < ZERO) or bool(self.donation.lessens)

    @property
    def relpath(self) -> str:
        """Where the letter goes in the output folder: <year>/<receipt>.pdf."""
        return f"{self.date.year}/{self.receipt}.pdf"


@dataclass(frozen=True)
class Statement:
    """Every gift of one donor in one year, on one document, and any refund booked that year:
    its total is what the books say the donor gave that year."""

    year: int
    language: str
    donor_id: str
    donor_name: str | None
    letters: tuple[Letter, ...]
    total: Decimal
    capitals: str
    unvalued_goods: bool  # some goods are listed without a value
    issued: datetime.date  # the date of the last gift it lists, or of the last payment of a pledge it states (from the books)

    @property
    def anonymous(self) -> bool:
        """True for a donor registered `anonymous: "all"`: the name never entered the model."""
        return self.donor_name is None

    @property
    def gifts(self) -> int:
        """How many gifts the statement lists (refunds are lines too, but not gifts)."""
        return sum(1 for x in self.letters if not x.refund)

    @property
    def pledges(self) -> bool:
        """True when a line is a pledge (booked when promised): the statement says what of it came."""
        return any(x.pledge_paid is not None for x in self.letters)

    @property
    def given_back(self) -> bool:
        """True when the year's lines net below zero (a refund of an earlier year's gift): the
        statement says what the centre gave back, its capitals are that amount (退还合计)."""
        return self.total < ZERO

    @property
    def relpath(self) -> str:
        """Where the statement goes in the output folder: statements/<year>/<donor>.pdf."""
        return f"statements/{self.year}/{self.donor_id}.pdf"


def model_dict(obj: Any) -> Any:
    """A JSON-ready, order-stable form of a model object (for content hashes)."""
    if hasattr(obj, "__dataclass_fields__"):
        return {k: model_dict(v) for k, v in asdict(obj).items()}
    if isinstance(obj, dict):
        return {str(k): model_dict(v) for k, v in sorted(obj.items())}
    if isinstance(obj, (list, tuple)):
        return [model_dict(v) for v in obj]
    if isinstance(obj, (Decimal, datetime.date)):
        return str(obj)
    return obj


@dataclass
class LetterSet:
    """Everything `relief letters` makes from one set of books, plus what was skipped and why."""

    letters: list[Letter] = field(default_factory=list)
    statements: list[Statement] = field(default_factory=list)
    skipped: list[str] = field(default_factory=list)


def build_letters(
    books: Books,
    model: PublicModel,
    *,
    year: int | None = None,
    donor: str | None = None,
) -> LetterSet:
    """Every letter (and yearly statement) the books call for, filtered by year and donor.

    `model` is the public model built with the site secret, so each Donation carries its
    acknowledgement address.
    """
    from publish.capitals import CapitalsError

    names = read_names(books.entries)
    public = {d.receipt: d for d in model.donations if d.receipt}
    registry = books.registry
    pattern = books.settings.receipt_pattern()
    result = LetterSet()
    unnamed = _gifts_asking_no_name(books.entries)
    pledges = pledge_payments(books.entries)  # the rule the page follows too (ledger/pledges.py)
    by_donor_year: dict[tuple[str, int], list[Letter]] = defaultdict(list)
    for txn in books.entries:
        if not isinstance(txn, data.Transaction):
            continue
        donation_postings = [p for p in txn.postings if is_donation(p.account)]
        if not donation_postings:
            continue
        if year is not None and txn.date.year != year:
            continue
        meta = txn.meta or {}
        where = f"{meta.get('filename', '<books>')}:{meta.get('lineno', 0)}"
        receipt = meta.get("receipt")
        donor_id = str(meta.get("donor") or "")
        if donor is not None and donor_id != donor:
            continue
        if txn.flag == "!":
            worth = _amount_text(donation_postings)
            result.skipped.append(bilingual(f"{where}：{receipt or '捐赠'}{worth} 仍标记为 '!'（未确认）；确认之前不生成致谢函",
                                            f"{where}: {receipt or 'donation'}{worth} is still flagged '!' (not confirmed); no letter until it is"))
            continue
        if not receipt or not pattern.match(str(receipt)):
            worth = _amount_text(donation_postings)
            result.skipped.append(bilingual(f"{where}：捐赠{worth} 没有有效的收据编号；不生成致谢函",
                                            f"{where}: donation{worth} without a valid receipt number; no letter"))
            continue
        receipt = str(receipt)
        if receipt in registry.voids:
            worth = _amount_text(donation_postings)
            result.skipped.append(bilingual(f"{where}：收据 {receipt}{worth} 已作废；不生成致谢函",
                                            f"{where}: receipt {receipt}{worth} is void; no letter"))
            continue
        known = registry.donors.get(donor_id)
        if known is None or donor_id == UNIDENTIFIED_DONOR:
            worth = _amount_text(donation_postings)
            result.skipped.append(bilingual(f"{where}：{receipt}{worth} 没有确认的捐赠人（{donor_id or '无'}）；请先确认捐赠人",
                                            f"{where}: {receipt}{worth} has no identified donor ({donor_id or 'none'}); identify the donor first"))
            continue
        if not known.reachable:
            worth = _amount_text(donation_postings)
            result.skipped.append(bilingual(
                f'{where}：{receipt}{worth}：无法给捐赠人 {donor_id} 写信（reachable: "no"，如捐款箱）；不生成致谢函',
                f"{where}: {receipt}{worth}: donor {donor_id} cannot be written to "
                f'(reachable: "no", e.g. a donation box); no letter'
            ))
            continue
        if str(meta.get("letter", "")).strip().lower() == "no":
            worth = _amount_text(donation_postings)
            result.skipped.append(bilingual(f'{where}：{receipt}{worth}：捐赠人要求不寄致谢函（letter: "no"）；不生成致谢函',
                                            f'{where}: {receipt}{worth}: the donor asked for no letter (letter: "no"); no letter'))
            continue
        currencies = sorted({posting_currency(p) or "?" for p in donation_postings} - {"CNY"})
        if currencies:
            result.skipped.append(bilingual(
                f"{where}：{receipt}：这笔捐赠的币种是 {', '.join(currencies)}，而致谢函以人民币（数字和大写）写金额；不生成致谢函",
                f"{where}: {receipt}: the donation is in {', '.join(currencies)}, and a letter states amounts in "
                "renminbi (人民币, in figures and capitals); no letter"
            ))
            continue
        donation = public.get(receipt)
        if donation is None:
            result.skipped.append(bilingual(f"{where}：{receipt} 不在公开模型中；不生成致谢函", f"{where}: {receipt} is not in the public model; no letter"))
            continue
        fund = registry.funds.get(donation.fund.id)
        refund_of = meta.get("refund_of")
        no_name = gift_asks_no_name_on_letter(meta) or (refund_of is not None and (donor_id, str(refund_of)) in unnamed)
        cash = -sum((posting_value(p) for p in donation_postings if not is_under(p.account, IN_KIND_DONATION_ACCOUNT)), ZERO)
        valuation = meta.get("valuation")
        valuation = None if valuation is None else str(valuation)
        goods_value = sum((g.value for g in donation.goods), ZERO)
        amount: Decimal | None = cash + (goods_value if valuation else ZERO)
        if amount == ZERO and donation.goods and not valuation:
            amount = None
        if donation.lessens:
            # a correction lowering a refund of the donor's (docs/books.md, "A gift given back"):
            # no gift, nothing to acknowledge (the gift's letter says what went back net), but a
            # line of the yearly statement, which adds up to what the books say was given
            by_donor_year[(donor_id, txn.date.year)].append(_letter_line(
                donation, known, donor_id, fund, names, cash, valuation, amount, meta, no_name=no_name,
                refund_of=None if refund_of is None else str(refund_of)))
            result.skipped.append(bilingual(
                f"{where}：{receipt} 是对退款 {donation.lessens} 的更正（那笔退款少退还 ¥{cash:,.2f}），不是新的捐赠；"
                "不生成致谢函，捐赠人的年度对账单列出它",
                f"{where}: {receipt} corrects the refund {donation.lessens} (¥{cash:,.2f} of it did not go back), "
                "no new gift; no letter, the donor's yearly statement lists it"))
            continue
        if amount is not None and amount < ZERO:
            # a refund (or a correction that takes money back): nothing to acknowledge, but the
            # donor's yearly statement must add up to what the books say was given that year
            lowered = None
            if refund_of is None and (named := corrects(txn)) is not None:
                # a correction, not a refund: nothing went back to the donor
                lowered, refund_of = ("cancelled" if on_pledges(txn) < 0 else "corrected"), named
            by_donor_year[(donor_id, txn.date.year)].append(_letter_line(
                donation, known, donor_id, fund, names, cash, valuation, amount, meta, no_name=no_name,
                refund_of=None if refund_of is None else str(refund_of), lowered=lowered))
            worth = _amount_text(donation_postings)
            result.skipped.append(bilingual(f"{where}：{receipt}{worth} 是退款（负数的捐赠）；不生成致谢函，捐赠人的年度对账单列出它",
                                            f"{where}: {receipt}{worth} is a refund (a negative donation); "
                                            "no letter, the donor's yearly statement lists it"))
            continue
        if amount == ZERO:
            # a correction between donation accounts (Individual -> Enterprise), under a
            # receipt of its own, nets to nothing: no "thank you for ¥0.00"
            result.skipped.append(bilingual(
                f"{where}：{receipt} 价值 ¥0.00（它记入 {DONATION_ROOT} 的各笔相抵为零，如捐赠账户之间的更正）；没有可致谢的，不生成致谢函",
                f"{where}: {receipt} is worth ¥0.00 (its postings to {DONATION_ROOT} net to nothing, "
                "as a correction between donation accounts does); nothing to acknowledge, no letter"))
            continue
        if not donation.ack_url:  # a letter points at the gift's acknowledgement page
            result.skipped.append(bilingual(f"{where}：{receipt} 在公开模型中没有致谢页；不生成致谢函",
                                            f"{where}: {receipt} has no acknowledgement page in the public model; no letter"))
            continue
        try:
            capitals = None if amount is None else rmb_capitals(amount)
        except CapitalsError as exc:
            zh, en = halves(exc)
            result.skipped.append(bilingual(f"{where}：{receipt}：{zh}", f"{where}: {receipt}: {en}"))
            continue
        letter = _letter_line(donation, known, donor_id, fund, names, cash, valuation, amount, meta, capitals, no_name=no_name)
        if id(txn) in pledges:
            settled = pledges[id(txn)]
            letter = replace(letter, pledge_paid=tuple(settled.paid), pledge_cancelled=tuple(settled.cancelled),
                             pledge_came=came_as(settled.came))
        result.letters.append(letter)
        by_donor_year[(donor_id, txn.date.year)].append(letter)
    for (donor_id, yr), letters in sorted(by_donor_year.items()):
        letters.sort(key=lambda x: (x.date, x.receipt))
        total = sum((x.amount or ZERO for x in letters), ZERO)
        # a year netting below zero (a refund of an earlier year's gift, no gift this year)
        # gets its statement too: the donor's records of the year showed no trace of the money
        # the centre sent back; its capitals state the amount given back (Statement.given_back)
        result.statements.append(
            Statement(
                year=yr,
                language=letters[0].language,
                donor_id=donor_id,
                # a statement that lists a gift which asked for no name names no one
                donor_name=None if any(x.donor_name is None for x in letters) else letters[0].donor_name,
                letters=tuple(letters),
                total=total,
                capitals=rmb_capitals(-total if total < ZERO else total),
                unvalued_goods=any(x.donation.goods and x.valuation is None for x in letters),
                # a pledge's line states its payments (a later year's, often): the statement is
                # dated on the last day it states, as the pledge's letter is signed
                issued=max(x.signed if x.pledge_paid is not None else x.date for x in letters),
            )
        )
    return result


def _gifts_asking_no_name(entries) -> set[tuple[str, str]]:
    """(donor id, receipt or source_ref) of each donation whose own entry asks that even its
    letter not name the donor: a refund naming one of them in `refund_of` names no one either."""
    out: set[tuple[str, str]] = set()
    for txn in entries:
        if isinstance(txn, data.Transaction) and gift_asks_no_name_on_letter(txn.meta):
            donor_id = str((txn.meta or {}).get("donor") or "")
            for key in ("receipt", "source_ref"):
                if txn.meta.get(key):
                    out.add((donor_id, str(txn.meta[key])))
    return out


def _letter_line(donation, known, donor_id, fund, names, cash, valuation, amount, meta, capitals=None, *, no_name=False,
                 refund_of: str | None = None, lowered: str | None = None) -> Letter:
    """A gift's letter, which is also its line of the donor's yearly statement; a refund is
    such a line only (no letter of its own, no capitals). `no_name`: the gift (or the gift a
    refund gives back) asked for no name even on the letter."""
    return Letter(
        donation=donation,
        language="en" if known.language == "en" else "zh",
        donor_id=donor_id,
        donor_name=None if no_name else known.letter_name,
        fund_restricted=bool(fund and fund.restricted),
        purpose=tuple(names.account(a) for a in (fund.purpose if fund else ())),
        cash=cash,
        valuation=valuation,
        amount=amount,
        capitals=capitals,
        tax_receipt=tax_receipt_of(meta),
        refund_of=refund_of,
        lowered=lowered,
    )


def tax_receipt_of(meta: dict[str, Any]) -> TaxReceipt | None:
    """The official donation receipt recorded on a donation, or None when none is."""

    def text(key: str) -> str | None:
        value = meta.get(key)
        return str(value).strip() or None if value is not None else None

    number = text("tax_receipt")
    if number is None:
        return None
    return TaxReceipt(number=number, code=text("tax_receipt_code"), check=text("tax_receipt_check"))


def _amount_text(postings: list[data.Posting]) -> str:
    """' (¥1,234.00)': what a skipped donation was worth (goods at their booked value)."""
    value = -sum((posting_value(p) for p in postings), ZERO)
    return f" (¥{format_amount(value)})"
