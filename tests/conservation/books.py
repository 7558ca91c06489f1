"""Random relief books for the conservation test: several years, restricted funds opening
and closing mid-period (some wound up into GENERAL with a reason and approval, some left
ended with money in them), goods received and handed out at cost (some counted in parts, 2.25 kg, whose value at cost
has part of a fen), goods given with no value
(`{0 CNY}`, receipted: a gift with a page and a letter) and handed out, money and goods given
in one entry, gifts voided by a
reversing entry, aid to five cases, corrections (of aid paid, in part or all of it, of a gift booked under the wrong kind of
source: an entry worth 0.00 with its own receipt that moves part of it to the other, and of a gift booked too high or too
low: lowered by a negative donation of its donor naming it in `correction:`, together with its refunds never more than
it, or raised by a positive one, a gift of its own; of a refund booked too low, its rest a refund of the gift naming the
refund in `correction:`; of a refund booked too high or bounced back, a correction raising it naming it in
`correction:`, which the site takes off what went back; and of a gift booked under the wrong donor, taken off under it and
booked again under the right one), transfers between funds, an opening balance carried over; gifts
from a named enterprise, an individual anonymous to the public and an individual written to
in English, some given back in part later; and gifts from payers not identified yet (flagged '!');
money moved between the bank, the cash box and a WeChat balance; allocations approved and
received later (Assets:Receivable); aid approved and paid later (Liabilities:Payable).

`books_spec()` is a hypothesis strategy; `write_books(spec, folder)` writes the books. The
writer keeps every fund's balance and the stock, so the books it writes are sound (no fund
overdrawn, no goods handed out that are not in stock): the figures the site shows must be
the figures of the books.
"""

from __future__ import annotations

import datetime
from dataclasses import dataclass
from decimal import ROUND_HALF_UP, Decimal
from pathlib import Path

from hypothesis import strategies as st

CENT = Decimal("0.01")
AID = ("Expenses:Aid:Living", "Expenses:Aid:Medical", "Expenses:Aid:Education")
SOURCES = ("Income:Union", "Income:Government", "Income:Donation:Enterprise", "Income:Donation:Individual", "Income:Interest")
KINDS = ("gift", "gift", "gift", "aid", "aid", "aid", "goods_in", "goods_out", "transfer", "void", "correction", "running", "refund", "reclass",
         "move", "allocate", "owe", "settle", "oil_in", "oil_out", "lower", "raise", "redonor", "rest",
         "lessen", "pledge", "pledge_pay")
#: where money is held besides the bank: moved to and from it by entries of no fund
PLACES = ("Assets:Cash", "Assets:Online:WeChat")
#: the donation accounts a correction between sources moves a gift between
DONATION_SOURCES = ("Income:Donation:Enterprise", "Income:Donation:Individual")
RICE = Decimal("5.80")
#: goods counted in parts (2.25 kg, 0.5 箱) at a unit cost whose product is seldom whole fen
#: (2.25 kg at 13.33 is 29.9925): the gift and the hand-out are booked to the fen, rounded
#: half up (四舍五入, as an invoice's total is), while the stock is carried at cost
OIL = Decimal("13.33")
QUARTER = Decimal("0.25")
#: the donors a gift comes from: named, anonymous to the public, named and written to in English
DONORS = ("D1", "D2", "D3")
#: the donor of a gift whose payer is not identified yet (an imported gift, flagged '!')
UNIDENTIFIED = "UNIDENTIFIED"
#: the cases aid is paid to (households helped: a case whose aid in a period nets to nothing is not)
CASES = ("C0001", "C0002", "C0003", "C0004", "C0005")


@dataclass(frozen=True)
class FundSpec:
    id: str
    purpose: str
    start: int  # day offset from the books' first day
    days: int  # how long it runs
    wind_up: bool  # move the remainder to GENERAL at the end


@dataclass(frozen=True)
class Spec:
    year: int
    years: int
    opening: Decimal
    opening_rice: int
    funds: tuple[FundSpec, ...]
    events: tuple[tuple[int, str, int, int], ...]  # (day offset, kind, amount in fen, choice)


@st.composite
def books_spec(draw) -> Spec:
    year = draw(st.integers(2021, 2026))
    years = draw(st.integers(1, 3))
    span = 365 * years
    funds = []
    for i in range(draw(st.integers(0, 3))):
        start = draw(st.integers(0, span - 2))
        funds.append(FundSpec(f"R{i + 1}", draw(st.sampled_from(AID)), start, draw(st.integers(1, span - start)), draw(st.booleans())))
    # the events: hypothesis chooses how many and drives the generator that picks them
    rnd = draw(st.randoms(use_true_random=False))
    n = draw(st.integers(1, 80))
    # a quarter of the events on the first or last day of a month: where a period's statement
    # begins and ends, and where a boundary taken the wrong side shows
    first = datetime.date(year, 1, 1)
    edges = [d for y in range(year, year + years) for m in range(1, 13)
             for d in ((datetime.date(y, m, 1) - first).days, (datetime.date(y + m // 12, m % 12 + 1, 1) - first).days - 1) if d < span]
    day = lambda: rnd.choice(edges) if rnd.randrange(4) == 0 else rnd.randrange(span)  # noqa: E731
    events = [(day(), rnd.choice(KINDS), rnd.choice((rnd.randint(1, 9_999), rnd.randint(1, 5_000_000))), rnd.randrange(1000)) for _ in range(n)]
    opening = Decimal(draw(st.integers(0, 10_000_000))) * CENT
    return Spec(year, years, opening, draw(st.integers(0, 50)), tuple(funds), tuple(sorted(events)))


def _amount(fen: int) -> Decimal:
    return (Decimal(fen) * CENT).quantize(CENT)


def write_books(spec: Spec, folder: Path) -> Path:
    folder.mkdir(parents=True, exist_ok=True)
    first = datetime.date(spec.year, 1, 1)
    day = lambda offset: first + datetime.timedelta(days=offset)  # noqa: E731
    head = [
        'option "title" "Conservation test centre"',
        'option "operating_currency" "CNY"',
        f'{first} custom "fava-extension" "ledger.fava_ext"',
        f"{first} open Assets:Bank:Basic CNY",
        # FIFO, as the books' template opens it: a hand-out of RICE {5.80 CNY} from several
        # lots of that cost (days apart) was an AmbiguousMatchError under the default STRICT,
        # the hand-out left out of the books the checks read (a quarter of the random books)
        f'{first} open Assets:Goods "FIFO"',
        *(f"{first} open {a} CNY,USD" for a in DONATION_SOURCES),
        *(f"{first} open {a} CNY" for a in (*PLACES, "Assets:Receivable:Government", "Assets:Receivable:Pledges", "Liabilities:Payable", *(s for s in SOURCES if s not in DONATION_SOURCES), "Income:Donation:InKind", *AID, "Expenses:Aid:Goods", "Expenses:Operations:Bank", "Equity:Opening-Balances", "Equity:FundTransfers")),
        f'{first} custom "fund" "GENERAL" "unrestricted"\n  name_zh: "一般资金"\n  name_en: "General fund"',
        f'{first} custom "donor" "D1" "enterprise"\n  name: "某公司"\n  display: "某公司"',
        f'{first} custom "donor" "D2" "individual"\n  name: "王某"\n  anonymous: "public"',
        f'{first} custom "donor" "D3" "individual"\n  name: "Li Ming"\n  display: "李明"\n  language: "en"',
        *(f'{first} custom "case" "{c}" "enrolled"\n  unit: "市{c[-1]}工会"\n  cause: "illness"\n  household: 3' for c in CASES),
    ]
    for f in spec.funds:
        head.append(f'{first} custom "fund" "{f.id}" "restricted"\n  name_zh: "专项{f.id}"\n  name_en: "Fund {f.id}"\n  purpose: "{f.purpose}"\n'
                    f"  start: {day(f.start)}\n  end: {day(f.start + f.days - 1)}")
    txns: list[tuple[datetime.date, str]] = []
    balance = {"GENERAL": Decimal(0), **{f.id: Decimal(0) for f in spec.funds}}
    stock = 0
    oil = Decimal(0)  # goods counted in parts, in stock
    quilts = 0  # goods given with no value, in stock
    receipt = 0
    #: [fund, source, what is left to give back, donor, receipt, amount, date] of each receipted gift
    given: list[list] = []
    #: (the gift's list in `given`, the refund's receipt) of each refund booked
    refunds: list[tuple[list, str]] = []
    #: the refund's receipt -> what of it may still be found not to have gone back (`lessen`)
    refund_room: dict[str, Decimal] = {}
    places = {p: Decimal(0) for p in PLACES}  # money in the cash box and online
    due: list[Decimal] = []  # allocations approved, not received yet
    owed: list[Decimal] = []  # aid approved, not paid yet
    pledges: list[list] = []  # [link, fund, what is still to come] of each pledge

    def txn(date, narration, fund, postings, flag="*", link=None, **meta):
        lines = [f'{date} {flag} "{narration}"' + (f" ^{link}" if link else "")]
        if fund is not None:
            lines.append(f'  fund: "{fund}"')
        lines += [f'  {k}: "{v}"' for k, v in meta.items()]
        lines += [f"  {p}" for p in postings]
        txns.append((date, "\n".join(lines)))

    if spec.opening or spec.opening_rice:
        postings = [f"Assets:Bank:Basic  {spec.opening} CNY"]
        if spec.opening_rice:
            postings.append(f"Assets:Goods  {spec.opening_rice} RICE {{{RICE} CNY}}")
        total = spec.opening + spec.opening_rice * RICE
        postings.append(f"Equity:Opening-Balances  {-total} CNY")
        txn(first, "期初余额（上年结转）", "GENERAL", postings)
        balance["GENERAL"] += total
        stock += spec.opening_rice

    def active(offset):
        return [f for f in spec.funds if f.start <= offset < f.start + f.days]

    closings = sorted(((f.start + f.days - 1, f) for f in spec.funds if f.wind_up), key=lambda c: (c[0], c[1].id))
    events = list(spec.events)
    i = 0
    for offset in range(365 * spec.years):
        while i < len(events) and events[i][0] == offset:
            _, kind, fen, choice = events[i]
            i += 1
            date, amount = day(offset), _amount(fen)
            open_funds = active(offset)
            if kind in ("gift", "void"):
                fund = (["GENERAL"] + [f.id for f in open_funds])[choice % (1 + len(open_funds))]
                source = SOURCES[choice % len(SOURCES)]
                receipt += 1
                # now and then a gift as imported from a payer not identified yet (flagged '!')
                donor = UNIDENTIFIED if choice % 13 == 0 else DONORS[choice // 7 % len(DONORS)]
                meta = {"donor": donor, "receipt": f"JZ-{date.year}-{receipt:05d}"} if source.startswith("Income:Donation") else {}
                given_as = f"{-amount} CNY"
                if kind == "gift" and meta and choice % 5 == 2 and choice >= 100:  # (the fixed books choose under 100)
                    # given in US dollars, converted on its donation line at a price (as
                    # ledger/plugins/fund_currency.py asks): its value in CNY is usd × rate, to the fen
                    usd, rate = Decimal(fen // 100 % 5000 + 1), Decimal("7.10") + choice % 23 * CENT
                    amount, given_as = (usd * rate).quantize(CENT), f"{-usd}.00 USD @ {rate} CNY"
                txn(date, "捐款", fund, [f"Assets:Bank:Basic  {amount} CNY", f"{source}  {given_as}"], "!" if donor == UNIDENTIFIED else "*", **meta)
                if kind == "void":  # the gift bounced: reversed the same day
                    txn(date, "退回（作废）", fund, [f"Assets:Bank:Basic  {-amount} CNY", f"{source}  {amount} CNY"])
                else:
                    balance[fund] += amount
                    if meta and donor != UNIDENTIFIED:
                        given.append([fund, source, amount, donor, meta["receipt"], amount, date])
            elif kind == "refund" and given:
                # part of an earlier gift given back, later (often in another month, quarter or
                # year), with its own receipt number and naming the gift (refund_of): a negative
                # donation in its period, shown apart on the roll when the gift is of an earlier year
                gift = given[choice % len(given)]
                fund, source = gift[0], gift[1]
                back = min(amount, gift[2], balance[fund])
                if back > 0:
                    receipt += 1
                    txn(date, "退还部分捐款", fund, [f"Assets:Bank:Basic  {-back} CNY", f"{source}  {back} CNY"],
                        donor=gift[3], receipt=f"JZ-{date.year}-{receipt:05d}", refund_of=gift[4])
                    gift[2] -= back
                    balance[fund] -= back
                    refunds.append((gift, f"JZ-{date.year}-{receipt:05d}"))
                    refund_room[f"JZ-{date.year}-{receipt:05d}"] = back
            elif kind == "rest" and refunds:
                # a refund booked too low, its rest booked later (docs/books.md, "A gift given
                # back"): a refund of the gift, `refund_of` naming it, that names the refund it
                # puts right in `correction:`; with the gift's other refunds and lowerings never
                # more than the gift
                gift, refunded = refunds[choice % len(refunds)]
                fund, source = gift[0], gift[1]
                back = min(amount, gift[2], balance[fund])
                if back > 0:
                    receipt += 1
                    txn(date, "更正：退款少记", fund, [f"Assets:Bank:Basic  {-back} CNY", f"{source}  {back} CNY"],
                        donor=gift[3], receipt=f"JZ-{date.year}-{receipt:05d}", refund_of=gift[4], correction=refunded)
                    gift[2] -= back
                    balance[fund] -= back
            elif kind == "lessen" and refunds:
                # a refund booked too high (200.00 where 100.00 went back), or one whose money
                # bounced back, once its period is closed (docs/books.md, "A gift given back"): a
                # correction of its donor with its own receipt raising the refund, `correction:`
                # naming it: the gift's page says the refund was that much less, no gift of its
                # own; never more than the refund gave back, only into a fund still open (the rule
                # refund_gift wants the refund's period closed: the money checks do not)
                gift, named = refunds[choice % len(refunds)]
                fund, source = gift[0], gift[1]
                up = min(amount, refund_room[named])
                if up > 0 and (fund == "GENERAL" or fund in {f.id for f in open_funds}):
                    receipt += 1
                    txn(date, "更正：退款多记", fund, [f"Assets:Bank:Basic  {up} CNY", f"{source}  {-up} CNY"],
                        donor=gift[3], receipt=f"JZ-{date.year}-{receipt:05d}", correction=named)
                    refund_room[named] -= up
                    gift[2] += up
                    balance[fund] += up
            elif kind == "lower" and given:
                # a gift booked too high, lowered later by a correction of its donor with its own
                # receipt whose `correction:` names the gift (docs/closing.md): taken off the gift
                # as a refund naming it is, and with its refunds never more than the gift
                gift = given[choice % len(given)]
                fund, source = gift[0], gift[1]
                off = min(amount, gift[2], balance[fund])
                if off > 0:
                    receipt += 1
                    txn(date, "更正：捐款金额多记", fund, [f"Assets:Bank:Basic  {-off} CNY", f"{source}  {off} CNY"],
                        donor=gift[3], receipt=f"JZ-{date.year}-{receipt:05d}", correction=gift[4])
                    gift[2] -= off
                    balance[fund] -= off
            elif kind == "raise" and given:
                # a gift booked too low, raised later by a correction of its donor naming it: a gift
                # of its own (its receipt, page and letter), which refunds and lowerings name by its
                # own receipt; only into a fund still open (a gift's own rule)
                gift = given[choice % len(given)]
                if gift[0] == "GENERAL" or gift[0] in {f.id for f in open_funds}:
                    receipt += 1
                    raised = f"JZ-{date.year}-{receipt:05d}"
                    txn(date, "更正：捐款金额少记", gift[0], [f"Assets:Bank:Basic  {amount} CNY", f"{gift[1]}  {-amount} CNY"],
                        donor=gift[3], receipt=raised, correction=gift[4])
                    balance[gift[0]] += amount
                    given.append([gift[0], gift[1], amount, gift[3], raised, amount, date])
            elif kind == "redonor" and given:
                # a gift booked under the wrong donor, put right (docs/closing.md, "A gift booked
                # under the wrong donor"): on one later day, taken off in full under the donor it
                # was booked under and booked again under the right one, both naming it in
                # `correction:`, Liabilities:Payable carrying the money from one to the other; the
                # gift booked again is a gift of its own (the day its money came on its page)
                gift = given[choice % len(given)]
                fund, source, moved = gift[0], gift[1], gift[2]
                if moved > 0 and moved == gift[5] and gift[6] < date and (fund == "GENERAL" or fund in {f.id for f in open_funds}):
                    right = DONORS[(DONORS.index(gift[3]) + 1 + choice % 2) % len(DONORS)]
                    off, again = f"JZ-{date.year}-{receipt + 1:05d}", f"JZ-{date.year}-{receipt + 2:05d}"
                    receipt += 2
                    txn(date, "更正：捐款记错捐赠人", fund, [f"{source}  {moved} CNY", f"Liabilities:Payable  {-moved} CNY"],
                        donor=gift[3], receipt=off, correction=gift[4])
                    txn(date, "更正：原误记在另一捐赠人名下的捐款", fund, [f"Liabilities:Payable  {moved} CNY", f"{source}  {-moved} CNY"],
                        donor=right, receipt=again, correction=gift[4])
                    gift[2] = Decimal(0)
                    given.append([fund, source, moved, right, again, moved, date])
            elif kind == "reclass" and given:
                # a gift booked under the wrong kind of source, put right later with its own
                # receipt: worth 0.00, it moves part of the gift from one donation account to
                # the other (its fund's balance does not change)
                gift = given[choice % len(given)]
                if gift[1] in DONATION_SOURCES and gift[2] > 0:
                    moved = min(amount, gift[2])
                    other = DONATION_SOURCES[1 - DONATION_SOURCES.index(gift[1])]
                    receipt += 1
                    txn(date, "更正捐赠来源", gift[0], [f"{gift[1]}  {moved} CNY", f"{other}  {-moved} CNY"],
                        donor=gift[3], receipt=f"JZ-{date.year}-{receipt:05d}")
            elif kind == "goods_in" and fen % 5 == 0:
                # goods given with no value put on them: a gift all the same (a page, a letter, counted)
                receipt += 1
                txn(date, "物资捐赠（未估值）", "GENERAL", [f"Assets:Goods  {fen % 9 + 1} QUILT {{0 CNY}}", "Income:Donation:InKind  0 CNY"],
                    donor=DONORS[choice % len(DONORS)], receipt=f"JZ-{date.year}-{receipt:05d}")
                quilts += fen % 9 + 1
            elif kind == "goods_out" and fen % 5 == 0 and quilts:
                # goods with no value handed out: fewer in stock, in no amount
                qty = min(quilts, fen % 9 + 1)
                txn(date, "物资发放（未估值）", "GENERAL", [f"Assets:Goods  {-qty} QUILT {{0 CNY}}", "Expenses:Aid:Goods  0 CNY"])
                quilts -= qty
            elif kind == "goods_in" and fen % 7 == 0:
                # money and goods given in one entry, receipted, the goods valued by invoice: one
                # gift, one letter whose amount (in figures and capitals) is the two together
                qty, donor = fen % 40 + 1, DONORS[choice % len(DONORS)]
                source = DONATION_SOURCES[0 if donor == "D1" else 1]
                receipt += 1
                txn(date, "捐赠款物", "GENERAL", [f"Assets:Bank:Basic  {amount} CNY", f"Assets:Goods  {qty} RICE {{{RICE} CNY}}",
                                               f"{source}  {-amount} CNY", f"Income:Donation:InKind  {-qty * RICE} CNY"],
                    donor=donor, receipt=f"JZ-{date.year}-{receipt:05d}", valuation="invoice")
                balance["GENERAL"] += amount + qty * RICE
                stock += qty
            elif kind == "goods_in":
                qty = fen % 40 + 1
                txn(date, "物资捐赠", "GENERAL", [f"Assets:Goods  {qty} RICE {{{RICE} CNY}}", f"Income:Donation:InKind  {-qty * RICE} CNY"], donor=DONORS[choice % len(DONORS)])
                balance["GENERAL"] += qty * RICE
                stock += qty
            elif kind == "goods_out" and stock:
                qty = min(stock, fen % 40 + 1)
                if balance["GENERAL"] >= qty * RICE:
                    txn(date, "物资发放", "GENERAL", [f"Assets:Goods  {-qty} RICE {{{RICE} CNY}}", f"Expenses:Aid:Goods  {qty * RICE} CNY"])
                    balance["GENERAL"] -= qty * RICE
                    stock -= qty
            elif kind == "oil_in":
                # goods counted in parts: its value at cost has part of a fen, the gift booked to the fen
                qty = (fen % 39 + 1) * QUARTER
                value = (qty * OIL).quantize(CENT, ROUND_HALF_UP)
                meta = {"donor": DONORS[choice % len(DONORS)]}
                if choice % 2:
                    receipt += 1
                    meta["receipt"] = f"JZ-{date.year}-{receipt:05d}"
                txn(date, "物资捐赠（食用油）", "GENERAL", [f"Assets:Goods  {qty} OIL {{{OIL} CNY}}", f"Income:Donation:InKind  {-value} CNY"], **meta)
                balance["GENERAL"] += value
                oil += qty
            elif kind == "oil_out" and oil:
                qty = min(oil, (fen % 39 + 1) * QUARTER)
                value = (qty * OIL).quantize(CENT, ROUND_HALF_UP)
                if balance["GENERAL"] >= value:
                    txn(date, "物资发放（食用油）", "GENERAL", [f"Assets:Goods  {-qty} OIL {{{OIL} CNY}}", f"Expenses:Aid:Goods  {value} CNY"])
                    balance["GENERAL"] -= value
                    oil -= qty
            elif kind in ("aid", "correction", "running"):
                candidates = ["GENERAL"] + [f.id for f in open_funds]
                fund = candidates[choice % len(candidates)]
                spec_fund = next((f for f in spec.funds if f.id == fund), None)
                account = "Expenses:Operations:Bank" if kind == "running" and spec_fund is None else (spec_fund.purpose if spec_fund else AID[choice % len(AID)])
                pay = min(amount, balance[fund])
                case = {"case": CASES[choice % len(CASES)]} if account in AID else {}
                if pay > 0:
                    txn(date, "帮扶支出", fund, [f"{account}  {pay} CNY", f"Assets:Bank:Basic  {-pay} CNY"], approval=f"SP-{receipt}", **case)
                    balance[fund] -= pay
                    if kind == "correction":  # a later entry takes part of it back, or all of it (paid by mistake)
                        back = pay if choice % 4 == 0 else (pay / 3).quantize(CENT)
                        if back > 0:
                            txn(date, "更正：多付退回", fund, [f"Assets:Bank:Basic  {back} CNY", f"{account}  {-back} CNY"], correction=f"SP-{receipt}", **case)
                            balance[fund] += back
            elif kind == "move":
                # money between the bank and the cash box or WeChat: an entry of no fund, no figure changes
                place = PLACES[choice % 2]
                move = amount if choice // 2 % 2 == 0 else min(amount, places[place])
                if move > 0:
                    sign = 1 if choice // 2 % 2 == 0 else -1
                    txn(date, "资金划转", None, [f"{place}  {sign * move} CNY", f"Assets:Bank:Basic  {-sign * move} CNY"])
                    places[place] += sign * move
            elif kind == "pledge":
                # a pledge (认捐): a gift booked when promised, on Assets:Receivable:Pledges, paid
                # later by entries sharing its link (ledger/pledges.py)
                fund = (["GENERAL"] + [f.id for f in open_funds])[choice % (1 + len(open_funds))]
                receipt += 1
                link = f"PL-{len(pledges) + 1}"
                txn(date, "认捐", fund, [f"Assets:Receivable:Pledges  {amount} CNY", f"Income:Donation:Enterprise  {-amount} CNY"],
                    donor="D1", receipt=f"JZ-{date.year}-{receipt:05d}", link=link)
                balance[fund] += amount
                pledges.append([link, fund, amount])
            elif kind == "pledge_pay" and any(p[2] for p in pledges):
                # a payment of the oldest pledge with something still to come: all of it, or part
                pledge = next(p for p in pledges if p[2])
                paid = pledge[2] if choice % 3 == 0 else min(pledge[2], amount)
                pledge[2] -= paid
                txn(date, "认捐款到账", pledge[1], [f"Assets:Bank:Basic  {paid} CNY", f"Assets:Receivable:Pledges  {-paid} CNY"], link=pledge[0])
            elif kind == "allocate":
                # an allocation approved: raised now, money later
                txn(date, "政府拨款（已批未拨）", "GENERAL", [f"Assets:Receivable:Government  {amount} CNY", f"Income:Government  {-amount} CNY"])
                balance["GENERAL"] += amount
                due.append(amount)
            elif kind == "settle" and (due or owed):
                if due and (choice % 2 == 0 or not owed):
                    got = due.pop(0)
                    txn(date, "拨款到账", None, [f"Assets:Bank:Basic  {got} CNY", f"Assets:Receivable:Government  {-got} CNY"])
                else:
                    paid = owed.pop(0)
                    txn(date, "支付已批帮扶款", None, [f"Liabilities:Payable  {paid} CNY", f"Assets:Bank:Basic  {-paid} CNY"])
            elif kind == "owe":
                # aid approved and booked as owed: spent now, paid later
                candidates = ["GENERAL"] + [f.id for f in open_funds]
                fund = candidates[choice % len(candidates)]
                spec_fund = next((f for f in spec.funds if f.id == fund), None)
                account = spec_fund.purpose if spec_fund else AID[choice % len(AID)]
                pay = min(amount, balance[fund])
                if pay > 0:
                    txn(date, "帮扶支出（已批未付）", fund, [f"{account}  {pay} CNY", f"Liabilities:Payable  {-pay} CNY"],
                        approval=f"SP-O{offset}-{choice}", case=CASES[choice % len(CASES)])
                    balance[fund] -= pay
                    owed.append(pay)
            elif kind == "transfer" and open_funds:
                target = open_funds[choice % len(open_funds)].id
                move = min(amount, balance["GENERAL"])
                if move > 0:
                    txn(date, "从一般资金调剂", None, [f'Equity:FundTransfers  {move} CNY\n    fund: "GENERAL"', f'Equity:FundTransfers  {-move} CNY\n    fund: "{target}"'],
                        approval=f"TR-{offset}", reason="理事会决定调剂")
                    balance["GENERAL"] -= move
                    balance[target] += move
        for end, f in closings:
            if end == offset and balance[f.id] > 0:
                rest = balance[f.id]
                txn(day(offset), f"{f.id}结余转入一般资金", None, [f'Equity:FundTransfers  {rest} CNY\n    fund: "{f.id}"', f'Equity:FundTransfers  {-rest} CNY\n    fund: "GENERAL"'],
                    approval=f"{f.id}-closing")
                balance["GENERAL"] += rest
                balance[f.id] = Decimal(0)
    main = folder / "main.beancount"
    main.write_text("\n\n".join(head + [t for _, t in txns]) + "\n", encoding="utf-8")
    return main
