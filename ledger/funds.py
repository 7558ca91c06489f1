"""Which fund a posting belongs to, and the statement of changes in funds.

A fund's balance is minus the sum of its postings to Income, Expenses and Equity: sources
raise it, uses lower it. Every such posting belongs to exactly one fund, so the funds'
balances add up to the books' net assets.

`FundMovements` is the one computation of the statement of changes in funds (docs/publishing.md,
"The statement of changes in funds"): the books' fund postings are summed once, by day,
fund and line, and `changes(start, end)` gives, for any half-open period [start, end), per
fund and in total:

    opening balance                 (what the fund held before start, plus opening money
                                     booked in the period: Equity other than transfers,
                                     i.e. the balance carried over when the books begin)
  + each kind of source             (Income, by SOURCE_KINDS)
  − each category of use            (Expenses, by aid category)
  ± each transfer between funds     (Equity:FundTransfers, one line per transaction, with
                                     its reason and approval)
  = closing balance

Opening money is never a transfer. The rules, the publisher, the Fava extension and
reconcile all read their fund figures from here.
"""

from __future__ import annotations

import bisect
import datetime
from collections import defaultdict
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from decimal import Decimal

from beancount.core import data
from beancount.core.interpolate import AUTOMATIC_META

from ledger.accounts import (
    AID_CATEGORIES,
    BALANCE_SHEET_ROOTS,
    CURRENCY,
    EXPENSES,
    FUND_ROOTS,
    FUND_TRANSFER_ACCOUNT,
    GOODS_ACCOUNT,
    INCOME,
    LIABILITIES,
    RECEIVABLE_ROOT,
    SOURCE_KINDS,
    aid_category,
    is_fund_account,
    is_under,
)

ZERO = Decimal(0)

#: The lines of the statement, in order. "carried" is opening money booked in the period.
LINE_KINDS = ("carried", "source", "use", "transfer")


def posting_fund(txn: data.Transaction, posting: data.Posting) -> str | None:
    """The fund of a posting: its own `fund` metadata, else the transaction's."""
    if posting.meta and posting.meta.get("fund") is not None:
        return str(posting.meta["fund"])
    fund = txn.meta.get("fund") if txn.meta else None
    return None if fund is None else str(fund)


CENT = Decimal("0.01")


def product(number: Decimal, rate: Decimal) -> Decimal:
    """number × rate (a cost or a price), written to the fen when it is a whole number of
    fen: 100.00 USD @ 7.20 CNY is 720.00, not 720.0000 (the open data wrote a gift, a fund's
    raised total and its balance with four places where the site showed two). The value is
    unchanged; a product with a part of a fen keeps its places."""
    return to_the_fen(number * rate)


def to_the_fen(value: Decimal) -> Decimal:
    """The value written with two places when it is a whole number of fen (7123.400000 is
    7123.40); a value with a part of a fen keeps its places."""
    if value.as_tuple().exponent < -2:
        fen = value.quantize(CENT)
        if fen == value:
            return fen
    return value


def filled_in(posting: data.Posting) -> bool:
    """The posting's amount was left out and filled in by beancount. Such a number takes its
    places from the entry's other amounts of its currency; beside a priced line only
    (`1000.00 USD @ 7.1234 CNY`) there are none, and it keeps every place of the product
    (-7123.400000 CNY)."""
    meta = posting.meta
    return bool(meta) and meta.get(AUTOMATIC_META) is True


def posting_value(posting: data.Posting) -> Decimal:
    """The posting's value in CNY: its cost when held at cost, its price when converted."""
    units = posting.units
    if units is None or units.number is None:
        return ZERO
    if posting.cost is not None and getattr(posting.cost, "number", None) is not None:
        return product(units.number, posting.cost.number)
    if posting.price is not None and posting.price.number is not None:
        return product(units.number, posting.price.number)
    return to_the_fen(units.number) if filled_in(posting) else units.number


def left_over(txn: data.Transaction, currency: str) -> Decimal:
    """What an entry's values in `currency` leave over when it is less than a fen (zero
    otherwise, and for an entry with a posting of another value): the part of a fen beancount
    lets pass where goods at a unit cost (2.25 kg at 13.33, 29.9925) are booked to the fen
    (29.99). Read only for entries that move goods: off the path of the books' other entries."""
    rest = ZERO
    for p in txn.postings:
        if p.units is None or not isinstance(p.units.number, Decimal) or posting_currency(p) != currency:
            return ZERO
        rest += posting_value(p)
    return rest if -CENT < rest < CENT else ZERO


def posting_currency(posting: data.Posting) -> str | None:
    """The currency a posting's value (posting_value) is expressed in."""
    if posting.cost is not None and getattr(posting.cost, "number", None) is not None:
        return posting.cost.currency
    if posting.price is not None and posting.price.number is not None:
        return posting.price.currency
    return posting.units.currency if posting.units is not None else None


def fund_postings(entries: Iterable[data.Directive]) -> Iterator[tuple[data.Transaction, data.Posting, str | None]]:
    """Every posting that moves a fund balance, with the fund it belongs to."""
    for entry in entries:
        if not isinstance(entry, data.Transaction):
            continue
        for posting in entry.postings:
            if is_fund_account(posting.account):
                yield entry, posting, posting_fund(entry, posting)


def source_kind(account: str) -> str:
    """The kind of source an Income account reports under (its SOURCE_KINDS parent, or itself)."""
    for kind in SOURCE_KINDS:
        if is_under(account, kind):
            return kind
    return account


def use_category(account: str) -> str:
    """The category an Expenses account reports under (its aid category, or itself)."""
    return aid_category(account) or account


def _ordered(amounts: dict[str, Decimal], known: Iterable[str]) -> tuple[tuple[str, Decimal], ...]:
    order = {k: i for i, k in enumerate(known)}
    keys = sorted((k for k, v in amounts.items() if v != 0), key=lambda k: (order.get(k, len(order)), k))
    return tuple((k, amounts[k]) for k in keys)


# --------------------------------------------------------------------------- the statement


@dataclass(frozen=True)
class Transfer:
    """One transaction that moves money between funds (Equity:FundTransfers postings).

    `legs` gives each fund's share (positive into the fund, negative out of it); `reason` is
    the transaction's `reason` metadata, else its narration; `approval` its `approval`
    metadata (the decision that authorised it), when recorded."""

    date: datetime.date
    legs: tuple[tuple[str, Decimal], ...]
    reason: str
    approval: str | None
    entry: data.Transaction = field(repr=False, compare=False)

    def amount(self, fund: str | None = None) -> Decimal:
        """Into `fund` (+) or out of it (−); with no fund, the net over all legs (zero when
        the transfer stays between funds)."""
        return sum((a for f, a in self.legs if fund is None or f == fund), ZERO)

    def counterparts(self, fund: str) -> tuple[str, ...]:
        """The other funds this transfer moves money to or from."""
        return tuple(sorted({f for f, _ in self.legs if f != fund}))


@dataclass(frozen=True)
class TransferLine:
    """A transfer as one fund's statement shows it (fund None: the total's line)."""

    transfer: Transfer = field(repr=False)
    fund: str | None
    amount: Decimal

    @property
    def date(self) -> datetime.date:
        """The transfer's date."""
        return self.transfer.date

    @property
    def reason(self) -> str:
        """Why the money moved, as the transfer's metadata states it."""
        return self.transfer.reason

    @property
    def approval(self) -> str | None:
        """The approval number of the transfer, if any."""
        return self.transfer.approval

    @property
    def counterparts(self) -> tuple[str, ...]:
        """The funds on the other side of this line (every fund, for the total's line)."""
        if self.fund is None:
            return tuple(sorted({f for f, _ in self.transfer.legs}))
        return self.transfer.counterparts(self.fund)


@dataclass(frozen=True)
class FundChange:
    """One fund's (or all funds') statement of changes over [start, end).

    `before` is the balance from entries dated before start; `carried` the opening money
    booked in the period (account, amount): what was held when the books began. Both make
    the opening balance."""

    fund: str | None  # None for the total of all funds
    before: Decimal
    carried: tuple[tuple[str, Decimal], ...]
    sources: tuple[tuple[str, Decimal], ...]
    uses: tuple[tuple[str, Decimal], ...]
    transfers: tuple[TransferLine, ...]
    #: whether any posting of the fund is dated before start (`before` can be 0.00 either
    #: way), and whether any is in the period: what a link to its entries would find
    held_before: bool = field(default=False, repr=False, compare=False)
    posted: bool = field(default=False, repr=False, compare=False)

    @property
    def carried_over(self) -> Decimal:
        """The opening money booked in the period (what was held when the books began)."""
        return sum((a for _, a in self.carried), ZERO)

    @property
    def opening(self) -> Decimal:
        """The balance at the start: before the period, plus what was carried over into it."""
        return self.before + self.carried_over

    @property
    def raised(self) -> Decimal:
        """Money received in the period, all sources together."""
        return sum((a for _, a in self.sources), ZERO)

    @property
    def spent(self) -> Decimal:
        """Money used in the period, all uses together."""
        return sum((a for _, a in self.uses), ZERO)

    @property
    def transferred(self) -> Decimal:
        """Net transfers into (+) or out of (−) the fund in the period."""
        return sum((t.amount for t in self.transfers), ZERO)

    @property
    def closing(self) -> Decimal:
        """The balance at the end: opening + raised − spent + transferred."""
        return self.opening + self.raised - self.spent + self.transferred

    @property
    def moved(self) -> bool:
        """True when the fund held or moved anything in the period."""
        return bool(self.opening or self.sources or self.uses or self.transfers or self.closing)


@dataclass(frozen=True)
class ChangesInFunds:
    """The statement of changes in funds for [start, end) (None: since the books begin /
    to their end): every fund that has a posting, and the total."""

    start: datetime.date | None
    end: datetime.date | None
    funds: dict[str, FundChange]
    total: FundChange
    net_assets: Decimal  # assets − liabilities at cost at the end of the period

    def fund(self, fund: str) -> FundChange:
        """One fund's change, empty (all zero) when the fund had no posting."""
        return self.funds.get(fund) or FundChange(fund, ZERO, (), (), (), ())


#: what FundMovements._account says of a goods account: a balance-sheet account whose
#: amounts are also summed apart (FundMovements.goods)
_GOODS = "goods"
#: ... and of a receivable (Assets:Receivable and below: pledges, approved allocations), summed
#: apart too (FundMovements.receivable): held, but no money until it is received
_RECEIVABLE = "receivable"
#: ... and of a liability (Liabilities and below: aid approved and not paid yet, other amounts
#: owed), summed apart too (FundMovements.payable): the balance held is net of it
_PAYABLE = "payable"


class FundMovements:
    """The books' fund postings summed once, by day, fund and line; `changes()` gives the
    statement of changes in funds for any period.

    Amounts are in `currency`; a posting valued in another currency is left out and counted
    in `skipped` (by currency), so no total adds up different currencies. A posting that
    names no fund counts under `default_fund` ("": "no fund named"); `single_fund` puts
    every posting in that one fund (books that declare no funds).
    """

    def __init__(self, currency: str = CURRENCY, default_fund: str = "", single_fund: str | None = None) -> None:
        self.currency = currency
        self.default_fund = default_fund
        self.single_fund = single_fund
        #: day -> (fund, line kind, key) -> amount (positive as named: raised, spent, in)
        self.days: dict[datetime.date, dict[tuple[str, str, str], Decimal]] = defaultdict(lambda: defaultdict(Decimal))
        self.assets: dict[datetime.date, Decimal] = defaultdict(Decimal)
        #: day -> the change in goods in stock (Assets:Goods and below), at cost: part of
        #: `assets`, which the pages say apart (goods are no money in the bank)
        self.goods: dict[datetime.date, Decimal] = defaultdict(Decimal)
        #: day -> [carried, in, out]: the same change by entry, as opening goods (an entry that
        #: carries opening money: goods held when the books began), goods that came into stock
        #: (an entry whose goods add up to more: given, bought) and goods that went out (less:
        #: handed out, written off), so a statement can say opening + in − out = closing goods
        self.goods_moves: dict[datetime.date, list[Decimal]] = {}
        #: day -> the change in what is still to be received (Assets:Receivable and below:
        #: pledges, approved allocations): part of `assets`, which the pages say apart too
        self.receivable: dict[datetime.date, Decimal] = defaultdict(Decimal)
        #: day -> the change in what is owed (Liabilities and below, as booked: negative when
        #: more is owed): part of `assets`, which the pages say apart too
        self.payable: dict[datetime.date, Decimal] = defaultdict(Decimal)
        #: day -> [receivable, payable]: of `receivable` and `payable`, the change made by
        #: entries that carry opening money (a pledge or a debt held when the books began), so
        #: that a statement's opening balance can say how much of it was still to be received
        #: and how much owed, as it says its goods (goods_moves)
        self.held_carried: dict[datetime.date, list[Decimal]] = {}
        #: day -> commodity -> the change in goods in stock booked at no value (`{0 CNY}`):
        #: in no amount, so the pages name them beside the balance
        self.unvalued: dict[datetime.date, dict[str, Decimal]] = defaultdict(lambda: defaultdict(Decimal))
        #: day -> currency -> [units, value]: the change in money held (assets other than
        #: goods) in another currency than `currency`, valued at the cost or price it was
        #: booked at: part of `assets`, which the pages say apart (its value is the booked
        #: rate's, not today's)
        self.foreign: dict[datetime.date, dict[str, list[Decimal]]] = defaultdict(dict)
        self.transfers: list[Transfer] = []
        self.skipped: dict[str, int] = defaultdict(int)
        #: currency -> what was left out in it: [transactions, raised, spent] (amounts in
        #: that currency), so a page can say how much it leaves out, not only which currency
        self.left_out: dict[str, list] = {}
        #: the same by (currency, year): a year's report states what it leaves out of that year
        self.left_out_years: dict[tuple[str, int], list] = {}
        #: the same by (currency, day): a statement of any period states what it leaves out
        #: of that period, and of the opening balance before it (the auditors' page counted
        #: the whole books' postings under every period)
        self.left_out_days: dict[tuple[str, datetime.date], list] = {}
        #: the transactions that moved a fund in another currency, with those currencies, in
        #: the order added: a period's check names those dated up to its end
        self.left_out_funds: list[tuple[datetime.date, tuple[str, ...], data.Transaction]] = []
        self.funds: set[str] = set()
        self.first: datetime.date | None = None
        self.last: datetime.date | None = None
        self._sorted: list[datetime.date] | None = None
        self._balances_before: list[dict[str, Decimal]] = []
        self._assets_before: list[Decimal] = []
        self._kinds: dict[str, tuple[str, str]] = {}
        self._accounts: dict[str, tuple[str, str, bool, bool] | bool | str | None] = {}

    @classmethod
    def from_entries(cls, entries: Iterable[data.Directive], **options) -> FundMovements:
        """Sum every transaction of the books once; `options` as for the constructor."""
        movements = cls(**options)
        for entry in entries:
            if isinstance(entry, data.Transaction):
                movements.add(entry)
        return movements

    def line_keys(self) -> set[str]:
        """The keys of every line the postings counted so far go to (a source kind, a use
        category, an account itself): what a page names, each once."""
        return {key for _kind, key in self._kinds.values()}

    def _line(self, account: str) -> tuple[str, str]:
        """(line kind, key) of a fund account's posting."""
        known = self._kinds.get(account)
        if known is None:
            root = account.partition(":")[0]
            if root == INCOME:
                known = ("source", source_kind(account))
            elif root == EXPENSES:
                known = ("use", use_category(account))
            elif is_under(account, FUND_TRANSFER_ACCOUNT):
                known = ("transfer", account)
            else:
                known = ("carried", account)
            self._kinds[account] = known
        return known

    def _account(self, account: str) -> tuple[str, str, bool, bool] | bool | str | None:
        """What `add` does with a posting to `account`, worked out once per account: None
        (not counted), True (a balance-sheet account: net assets), _GOODS (one holding goods:
        net assets, and goods), _RECEIVABLE (net assets, and receivable), _PAYABLE (net assets,
        and payable), or (line kind, key,
        whether the amount is negated, whether it is a transfer) for a fund account."""
        root = account.partition(":")[0]
        if root in BALANCE_SHEET_ROOTS:
            if is_under(account, GOODS_ACCOUNT):
                return _GOODS
            if root == LIABILITIES:
                return _PAYABLE
            return _RECEIVABLE if is_under(account, RECEIVABLE_ROOT) else True
        if root not in FUND_ROOTS:
            return None
        kind, key = self._line(account)
        return (kind, key, kind != "use", kind == "transfer")

    def _held_foreign(self, day: datetime.date, currency: str, units: Decimal, value: Decimal) -> None:
        """Count money held in another currency (rare: off the per-posting path of the books' own)."""
        cell = self.foreign[day].get(currency)
        if cell is None:
            self.foreign[day][currency] = [units, value]
        else:
            cell[0] += units
            cell[1] += value

    def add(self, txn: data.Transaction, counted: list[tuple[data.Posting, Decimal, str, str, str]] | None = None) -> bool:
        """Count one transaction; True when it moved a fund (in the currency).

        `counted`, when given, receives (posting, value, fund, line kind, key) for each fund
        posting counted, so that a caller reading more from the same postings
        (publish/facts.py) need not work them out again.

        Called for every transaction of the books on every publish, so the per-posting
        work is kept to look-ups (`_account`, once per account) and Decimal arithmetic;
        it keeps the rules of posting_currency, posting_value and posting_fund."""
        day = txn.date
        cells = None
        legs: dict[str, Decimal] | None = None
        moved = False
        held = False  # an asset or liability posting counted: an entry of the books, if no fund's
        accounts = self._accounts
        currency = self.currency
        txn_fund: str | None = None
        txn_fund_known = False
        left_out: set[str] | None = None
        goods_net: Decimal | None = None  # the entry's goods at cost, when it moves any
        owed_net: list[Decimal] | None = None  # the entry's [receivable, payable], when it moves either
        for posting in txn.postings:
            account = posting.account
            what = accounts.get(account, False)
            if what is False:
                what = accounts[account] = self._account(account)
            if what is None:
                continue
            units = posting.units
            if units is None:
                continue
            number = units.number
            if number is None:
                continue
            # posting_currency and posting_value, in one go
            cost = posting.cost
            if cost is not None and getattr(cost, "number", None) is not None:
                if cost.currency != currency:
                    left_out = self._leave_out(left_out, str(cost.currency), what, number * cost.number, day)
                    continue
                value = product(number, cost.number)
            else:
                price = posting.price
                if price is not None and price.number is not None:
                    if price.currency != currency:
                        left_out = self._leave_out(left_out, str(price.currency), what, number * price.number, day)
                        continue
                    value = product(number, price.number)
                else:
                    if units.currency != currency:
                        left_out = self._leave_out(left_out, str(units.currency), what, number, day)
                        continue
                    value = number
                    meta = posting.meta
                    if meta and meta.get(AUTOMATIC_META) is True:  # filled_in(posting), inline
                        value = to_the_fen(number)
            if what is True:
                self.assets[day] += value
                held = True
                if units.currency != currency:
                    self._held_foreign(day, units.currency, number, value)
                continue
            if what is _GOODS:
                goods_net = value if goods_net is None else goods_net + value
                self.assets[day] += value
                self.goods[day] += value
                if not value:
                    self.unvalued[day][units.currency] += number
                held = True
                continue
            if what is _RECEIVABLE:
                self.assets[day] += value
                self.receivable[day] += value
                if owed_net is None:
                    owed_net = [ZERO, ZERO]
                owed_net[0] += value
                held = True
                if units.currency != currency:
                    self._held_foreign(day, units.currency, number, value)
                continue
            if what is _PAYABLE:
                self.assets[day] += value
                self.payable[day] += value
                if owed_net is None:
                    owed_net = [ZERO, ZERO]
                owed_net[1] += value
                held = True
                continue
            # the fund: single_fund, else posting_fund(txn, posting), else default_fund
            fund = self.single_fund
            if not fund:
                meta = posting.meta
                own = meta.get("fund") if meta else None
                if own is not None:
                    fund = str(own)
                else:
                    if not txn_fund_known:
                        tmeta = txn.meta
                        tf = tmeta.get("fund") if tmeta else None
                        txn_fund = None if tf is None else str(tf)
                        txn_fund_known = True
                    fund = txn_fund
                fund = fund or self.default_fund
            kind, key, negate, transfer = what
            if cells is None:
                cells = self.days[day]
                moved = True
            cell = (fund, kind, key)
            if negate:
                cells[cell] -= value
            else:
                cells[cell] += value
            if transfer:
                legs = legs if legs is not None else defaultdict(Decimal)
                legs[fund] -= value
            if fund not in self.funds:
                self.funds.add(fund)
            if counted is not None:
                counted.append((posting, value, fund, kind, key))
        if goods_net is not None and not left_out and (rest := left_over(txn, currency)):
            # Goods counted in parts at a unit cost (2.25 kg at 13.33 is 29.9925) are booked
            # to the fen (a gift of 29.99), beancount letting the part of a fen pass. Counted at
            # the lots' cost, the goods held 29.9925 where the fund had 29.99: reconcile said
            # the funds did not add up to the net assets, and statement.csv's closing less its
            # goods_held was not the money held. The goods are counted at the value the entry
            # booked for them, so every fund, the net assets and the goods agree to the fen.
            self.goods[day] -= rest
            self.assets[day] -= rest
            goods_net -= rest
        if goods_net:
            self._goods_moved(txn, day, goods_net)
        if owed_net is not None and (owed_net[0] or owed_net[1]):
            self._owed_moved(txn, day, owed_net)
        if left_out:
            for cur in left_out:
                self.left_out[cur][0] += 1
                self.left_out_years[(cur, day.year)][0] += 1
                self.left_out_days[(cur, day)][0] += 1
            in_funds = tuple(sorted({c for p in txn.postings if isinstance(accounts.get(p.account), tuple)
                                     for c in [posting_currency(p)] if c is not None and c != currency}))
            if in_funds:
                self.left_out_funds.append((day, in_funds, txn))
        if moved or held:
            # the days with postings changed (`assets` too: an entry that only moves money
            # between the centre's accounts); first and last are the books' first and last
            # entry in the currency: the site dates its figures by the last ("the date of
            # the last entry in the books"), which an allocation received after the last
            # gift or payment had left weeks early
            self._sorted = None
            self.first = day if self.first is None or day < self.first else self.first
            self.last = day if self.last is None or day > self.last else self.last
        if legs:
            meta = txn.meta or {}
            approval = meta.get("approval")
            self.transfers.append(Transfer(
                day, tuple(sorted(legs.items())), str(meta.get("reason") or txn.narration or ""),
                None if approval is None else str(approval), txn,
            ))
        return moved

    def _goods_moved(self, txn: data.Transaction, day: datetime.date, net: Decimal) -> None:
        """Count an entry's goods as opening goods, goods in or goods out (`goods_moves`): only
        for the entries that move goods, off the path of the books' other entries."""
        accounts = self._accounts
        carried = any(isinstance(w := accounts.get(p.account), tuple) and w[0] == "carried" for p in txn.postings)
        cell = self.goods_moves.get(day)
        if cell is None:
            cell = self.goods_moves[day] = [ZERO, ZERO, ZERO]
        if carried:
            cell[0] += net
        elif net > 0:
            cell[1] += net
        else:
            cell[2] -= net

    def owed_opening(self, start: datetime.date | None, end: datetime.date | None) -> tuple[Decimal, Decimal]:
        """Of a statement's opening balance for [start, end) (start None: since the books began),
        what was still to be received and what was owed (positive): those held before `start`,
        the period before's closing ones, and those carried over into the books in the period,
        as its opening money is. The one computation the site's statements and Fava's read
        (few days move either: summed as asked)."""
        receivable = payable = ZERO
        if start is not None:
            receivable = sum((v for day, v in self.receivable.items() if day < start), ZERO)
            payable = -sum((v for day, v in self.payable.items() if day < start), ZERO)
        for day, (r, p) in self.held_carried.items():
            if (start is None or day >= start) and (end is None or day < end):
                receivable += r
                payable -= p
        return receivable, payable

    def _owed_moved(self, txn: data.Transaction, day: datetime.date, net: list[Decimal]) -> None:
        """Count an entry's receivable and payable as carried over (`held_carried`) when it
        carries opening money: only for the entries that move either, off the path of the others."""
        accounts = self._accounts
        if any(isinstance(w := accounts.get(p.account), tuple) and w[0] == "carried" for p in txn.postings):
            cell = self.held_carried.get(day)
            if cell is None:
                cell = self.held_carried[day] = [ZERO, ZERO]
            cell[0] += net[0]
            cell[1] += net[1]

    def _leave_out(self, seen: set[str] | None, currency: str, what, amount: Decimal, day: datetime.date) -> set[str]:
        """Count a posting in another currency as left out (`skipped`, `left_out`, and
        `left_out_years` for its year, `left_out_days` for its day); the currencies this transaction left out so far, for
        its one count per currency."""
        self.skipped[currency] += 1
        for key, lines in ((currency, self.left_out), ((currency, day.year), self.left_out_years), ((currency, day), self.left_out_days)):
            line = lines.get(key)
            if line is None:
                line = lines[key] = [0, ZERO, ZERO]
            if isinstance(what, tuple):
                if what[0] == "source":
                    line[1] -= amount
                elif what[0] == "use":
                    line[2] += amount
        seen = seen if seen is not None else set()
        seen.add(currency)
        return seen

    def _days(self) -> list[datetime.date]:
        """The days with postings, sorted; and the running totals at the start of each day
        (each fund's balance, the net assets), so a period's opening costs one look-up."""
        if self._sorted is None:
            self._sorted = sorted(set(self.days) | set(self.assets))
            balances: dict[str, Decimal] = {}
            assets = ZERO
            self._balances_before, self._assets_before = [], []
            for day in self._sorted:
                self._balances_before.append(balances)
                self._assets_before.append(assets)
                cells = self.days.get(day)
                if cells:
                    balances = dict(balances)
                    for (fund, kind, _key), amount in cells.items():
                        balances[fund] = balances.get(fund, ZERO) + (-amount if kind == "use" else amount)
                assets += self.assets.get(day, ZERO)
            self._balances_before.append(balances)
            self._assets_before.append(assets)
        return self._sorted

    def changes(self, start: datetime.date | None = None, end: datetime.date | None = None) -> ChangesInFunds:
        """The statement of changes in funds for [start, end)."""
        days = self._days()
        lo = 0 if start is None else bisect.bisect_left(days, start)
        hi = len(days) if end is None else bisect.bisect_left(days, end)
        hi = max(hi, lo)
        before = self._balances_before[lo]
        assets = self._assets_before[hi]
        lines: dict[str, dict[str, dict[str, Decimal]]] = defaultdict(lambda: {k: defaultdict(Decimal) for k in LINE_KINDS})
        for day in days[lo:hi]:
            cells = self.days.get(day)
            if not cells:
                continue
            for (fund, kind, key), amount in cells.items():
                fund_lines = lines[fund]  # a fund that only received a transfer is listed too
                if kind != "transfer":
                    fund_lines[kind][key] += amount
        transfers = [t for t in self.transfers if (start is None or t.date >= start) and (end is None or t.date < end)]
        funds: dict[str, FundChange] = {}
        for fund in sorted(set(before) | set(lines), key=lambda f: (f == "", f)):
            ls = lines.get(fund) or {k: {} for k in LINE_KINDS}
            tlines = tuple(TransferLine(t, fund, t.amount(fund)) for t in transfers if any(f == fund for f, _ in t.legs))
            funds[fund] = FundChange(
                fund, before.get(fund, ZERO), _ordered(ls["carried"], ()), _ordered(ls["source"], SOURCE_KINDS),
                _ordered(ls["use"], AID_CATEGORIES), tuple(t for t in tlines if t.amount != 0),
                held_before=fund in before, posted=fund in lines or bool(tlines),
            )
        totals: dict[str, dict[str, Decimal]] = {k: defaultdict(Decimal) for k in LINE_KINDS}
        for ls in lines.values():
            for kind in ("carried", "source", "use"):
                for key, amount in ls[kind].items():
                    totals[kind][key] += amount
        total = FundChange(
            None, sum(before.values(), ZERO), _ordered(totals["carried"], ()), _ordered(totals["source"], SOURCE_KINDS),
            _ordered(totals["use"], AID_CATEGORIES), tuple(TransferLine(t, None, t.amount()) for t in transfers if t.amount() != 0),
            held_before=bool(before), posted=bool(lines) or bool(transfers),
        )
        return ChangesInFunds(start, end, funds, total, assets)

    def left_out_between(self, start: datetime.date | None = None, end: datetime.date | None = None) -> dict[str, list]:
        """What was left out (valued in another currency) in [start, end), by currency:
        [transactions, raised, spent] in that currency, as `left_out` gives it for all time.
        A handful of lines in books that have any: nothing to index."""
        out: dict[str, list] = {}
        for (currency, day), (n, raised, spent) in self.left_out_days.items():
            if (start is None or day >= start) and (end is None or day < end):
                line = out.setdefault(currency, [0, ZERO, ZERO])
                line[0] += n
                line[1] += raised
                line[2] += spent
        return dict(sorted(out.items()))

    def months(self) -> list[tuple[int, int]]:
        """The months in which some fund moved, oldest first."""
        return sorted({(d.year, d.month) for d, cells in self.days.items() if cells})


def fund_movements(entries: Iterable[data.Directive], options: dict | None = None, **kwargs) -> FundMovements:
    """FundMovements over `entries`, in the books' first operating currency (CNY when none)."""
    if "currency" not in kwargs:
        operating = (options or {}).get("operating_currency") or [CURRENCY]
        kwargs["currency"] = operating[0]
    return FundMovements.from_entries(entries, **kwargs)


__all__ = [
    "CURRENCY", "ChangesInFunds", "FundChange", "FundMovements", "Transfer", "TransferLine", "fund_movements",
    "fund_postings", "posting_currency", "posting_fund", "posting_value", "source_kind", "use_category",
]
