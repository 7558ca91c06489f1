"""Every surface that shows single gifts or aid payments, read back and checked against the
books' own sums (tests/reference.py: `gifts`, `aid_paid`), gift by gift and year by year.

The statement checks (surfaces.py) see only totals per period and fund: a gift shown with
the wrong amount, or missing, or a refund shown with the wrong sign, can leave every total
right. These checks look at each gift where it is shown one by one:

- "gifts": the public model's donations and data/donations.csv, one gift per receipt (its
  rows summed: a correction between kinds of source is a row for each), and
  donations.csv summed by year, source and fund is statement.csv's donation lines and the
  books' Income:Donation postings;
- "roll": the honour roll (model and donors/YEAR.html, donors/index.html, both languages):
  each year's total is the year's gifts, and the names plus the anonymous line, less the
  gifts of earlier years given back that year (a section of their own), add up to it;
- "ack": each acknowledgement page states its gift's amount (needs the site secret);
- "grants": data/grants.csv and data/aid.csv add up to the aid paid each year;
- "letters": each donor's yearly statement (`relief letters`) totals that donor's receipted
  gifts of the year, and each letter states its gift's amount;
- "fava gifts": the Fava extension's receipt register, donors' totals and cases views.
"""

from __future__ import annotations

import csv
import datetime
import io
import re
from collections import Counter, defaultdict
from decimal import Decimal
from pathlib import Path

from beancount.core import data

from tests.reference import aid_paid, gifts, gifts_by_source, goods_rounding, value

ZERO = Decimal(0)
MONEY = re.compile(r"-?¥[\d,]+\.\d\d")
MAIN = re.compile(r'<main id="main"[^>]*>(.*?)</main>', re.S)
ACK_AMOUNT = re.compile(r"<dt>(?:认捐金额|金额|Amount pledged|Amount)</dt><dd>([^<]*)</dd>")  # the page says it in both languages
INDEX_ROW = re.compile(r'donors/(\d{4})\.html">[^<]*</a></th><td class="num"[^>]*>[^<]*</td><td class="num"[^>]*>[^<]*</td>'
                       r'<td class="num"[^>]*>([^<]*)</td>')


def money(text: str) -> Decimal:
    return Decimal(text.replace("¥", "").replace(",", ""))


def _csv(path: Path) -> list[dict[str, str]]:
    return list(csv.DictReader(io.StringIO(path.read_text("utf-8-sig"))))


def _by_year(entries) -> dict[int, Decimal]:
    out: dict[int, Decimal] = defaultdict(Decimal)
    for t, amount in gifts(entries):
        out[t.date.year] += amount
    return dict(out)


def _wanted(entries) -> Counter:
    return Counter((t.date, str(t.meta.get("receipt") or ""), amount) for t, amount in gifts(entries))


def check_gifts(site: Path, model, entries) -> None:
    want = _wanted(entries)
    got = Counter((d.date, d.receipt or "", d.amount) for d in model.donations)
    assert got == want, f"model donations: {sorted((got - want).elements())} shown, {sorted((want - got).elements())} in the books"
    rows = _csv(site / "data" / "donations.csv")
    # a gift is one row, or one per kind of source and fund it moved (a correction between
    # sources, worth 0.00): the rows of one receipt (a gift without one is a row of its own)
    by_gift: dict[tuple, Decimal] = defaultdict(Decimal)
    for i, r in enumerate(rows):
        by_gift[datetime.date.fromisoformat(r["date"]), r["receipt"], r["receipt"] or i] += Decimal(r["amount"])
    got = Counter((date, receipt, amount) for (date, receipt, _), amount in by_gift.items())
    assert got == want, f"donations.csv: {sorted((got - want).elements())} shown, {sorted((want - got).elements())} in the books"
    check_gifts_by_source(site, rows, entries)
    check_given_and_to_come(rows, entries)


def _pledged(entries) -> dict[str, Decimal]:
    """Each pledge's receipt -> what of it is still to come in the books: what it put on
    Assets:Receivable:Pledges less what the entries sharing its link took off since."""
    put: dict[str, tuple[str, Decimal]] = {}
    taken: dict[str, Decimal] = defaultdict(Decimal)
    for t in entries:
        if not isinstance(t, data.Transaction):
            continue
        on = sum((p.units.number for p in t.postings if p.account == "Assets:Receivable:Pledges"), ZERO)
        if on > 0 and t.meta.get("receipt"):
            for link in t.links:
                put[link] = (str(t.meta["receipt"]), on)
        elif on < 0:
            for link in t.links:
                taken[link] -= on
    return {receipt: on - taken[link] for link, (receipt, on) in put.items()}


def _pledge_parts(entries) -> dict[str, list[Decimal]]:
    """Each pledge's receipt -> what each entry sharing its link took off it since, in order."""
    receipts: dict[str, str] = {}
    out: dict[str, list[Decimal]] = {}
    for t in entries:
        if not isinstance(t, data.Transaction):
            continue
        on = sum((p.units.number for p in t.postings if p.account == "Assets:Receivable:Pledges"), ZERO)
        if on > 0 and t.meta.get("receipt"):
            for link in t.links:
                receipts[link] = str(t.meta["receipt"])
                out[receipts[link]] = []
        elif on < 0:
            for link in t.links:
                if link in receipts:
                    out[receipts[link]].append(-on)
    return out


def check_given_and_to_come(rows: list[dict[str, str]], entries) -> None:
    """donations.csv's given_amount (a gift given in another currency: what the donor gave,
    in that currency) is minus the units of the gift's donation lines converted at a price;
    its pledge_to_come is what of a pledge the books say is still to come."""
    want: dict[str, tuple[Decimal, str]] = {}
    for t in entries:
        if isinstance(t, data.Transaction) and t.meta.get("receipt"):
            units = [p.units for p in t.postings if p.account.startswith("Income:Donation") and p.price is not None]
            if units:
                want[str(t.meta["receipt"])] = (-sum((u.number for u in units), ZERO), units[0].currency)
    shown = {r["receipt"]: (Decimal(r["given_amount"]), r["given_currency"]) for r in rows if r["given_amount"]}
    assert shown == want, f"donations.csv given_amount {sorted(set(shown.items()) ^ set(want.items()))}: the books differ"
    to_come = {r["receipt"]: Decimal(r["pledge_to_come"]) for r in rows if r["pledge_to_come"]}
    assert to_come == _pledged(entries), f"donations.csv pledge_to_come {to_come}, the books {_pledged(entries)}"


def check_gifts_by_source(site: Path, rows: list[dict[str, str]], entries) -> None:
    """donations.csv summed by source and fund, and by source for all funds, each year and
    since the start, is what statement.csv shows for the donation sources; by year, source
    and fund, what the books' Income:Donation postings gave."""
    statement = [r for r in _csv(site / "data" / "statement.csv") if r["line"] == "source" and r["category"].startswith("Income:Donation")]
    label = {r["category"]: r["label_en"] for r in statement}
    shown: dict[tuple[str, str, str], Decimal] = defaultdict(Decimal)
    for r in rows:
        for period in (r["date"][:4], "all"):
            for fund in (r["fund_id"], "TOTAL"):
                shown[period, r["source"], fund] += Decimal(r["amount"])
    shown = {k: v for k, v in shown.items() if v}
    stated = {(r["period"], r["label_en"], r["fund_id"]): Decimal(r["amount"]) for r in statement
              if (len(r["period"]) == 4 or r["period"] == "all") and Decimal(r["amount"])}
    assert shown == stated, f"donations.csv by source and fund {sorted(set(shown.items()) ^ set(stated.items()))} != statement.csv"
    books: dict[tuple[str, str, str], Decimal] = defaultdict(Decimal)
    for (year, account, fund), amount in gifts_by_source(entries).items():
        books[str(year), label.get(account, account), fund] += amount
    yearly = {k: v for k, v in shown.items() if k[0] != "all" and k[2] != "TOTAL"}
    assert yearly == {k: v for k, v in books.items() if v}, \
        f"donations.csv by year, source and fund {sorted(set(yearly.items()) ^ set(books.items()))} != the books"


def lessenings(entries) -> dict[int, data.Transaction]:
    """id() of each correction raising a refund (or a lowering correction) of a gift: a positive
    donation whose `correction:` names the receipt of a negative one that names a gift
    (docs/books.md, "A gift given back": a refund booked too high, or one bounced back) -> that
    negative donation. No gift: what it brings comes off what the refund gave back."""
    negative = {str(t.meta["receipt"]): t for t, a in gifts(entries) if a < 0 and t.meta.get("receipt") and gift_named(t)}
    return {id(t): negative[str(t.meta["correction"])] for t, a in gifts(entries)
            if a > 0 and t.meta.get("correction") and str(t.meta["correction"]) in negative}


def _of_earlier_years(entries) -> list[tuple[data.Transaction, Decimal]]:
    """The refunds of gifts made in an earlier year (a refund whose `refund_of` names the
    receipt of a gift of the same donor, of an earlier year), with their amounts; and the
    corrections lowering a refund of such a gift (`lessenings`), of a year after the gift's."""
    given = {(t.meta.get("donor"), t.meta.get("receipt")): t.date.year for t, a in gifts(entries) if a > 0 and t.meta.get("receipt")}
    lessened = lessenings(entries)
    return [(t, amount) for t, amount in gifts(entries)
            if (amount < 0 or id(t) in lessened)
            and (year := given.get((t.meta.get("donor"), gift_named(lessened.get(id(t), t))))) is not None and year < t.date.year]


def gift_named(t: data.Transaction) -> str | None:
    """The gift a negative donation gives back: its `refund_of`, else the receipt its
    `correction:` names (a gift corrected down later, docs/closing.md)."""
    return t.meta.get("refund_of") or t.meta.get("correction")


def earlier_year_refunds(entries) -> dict[int, Decimal]:
    """By year, what was given back that year of gifts made in an earlier year."""
    out: dict[int, Decimal] = defaultdict(Decimal)
    for t, amount in _of_earlier_years(entries):
        out[t.date.year] -= amount
    return dict(out)


def unidentified_gifts(entries) -> dict[int, Decimal]:
    """By year, the gifts (and gifts given back) of no registered donor, refunds of earlier
    years' gifts apart: the part of the roll's anonymous gifts whose payer is not identified."""
    registered = {str(e.values[0].value) for e in entries if isinstance(e, data.Custom) and e.type == "donor" and e.values}
    earlier = {id(t) for t, _ in _of_earlier_years(entries)}
    out: dict[int, Decimal] = defaultdict(Decimal)
    for t, amount in gifts(entries):
        if str(t.meta.get("donor") or "") not in registered and id(t) not in earlier:
            out[t.date.year] += amount
    return dict(out)


def check_roll(site: Path, model, entries) -> None:
    years = _by_year(entries)
    earlier = earlier_year_refunds(entries)
    unidentified = unidentified_gifts(entries)
    for roll in model.rolls:
        want = unidentified.get(int(roll.period.key), ZERO)
        assert roll.unidentified_amount == want, \
            f"honour roll {roll.period.key}: gifts of payers not identified yet {roll.unidentified_amount}, the books {want}"
    assert {int(r.period.key): r.total for r in model.rolls} == years, "honour roll: the years' totals are not the books' gifts"
    for roll in model.rolls:
        named = sum((e.amount for g in roll.groups for e in g.entries), ZERO)
        assert roll.earlier_refunded == earlier.get(int(roll.period.key), ZERO), \
            f"honour roll {roll.period.key}: gifts of earlier years given back {roll.earlier_refunded}, the books {earlier.get(int(roll.period.key))}"
        assert named + roll.anonymous_amount - roll.earlier_refunded == roll.total, \
            (f"honour roll {roll.period.key}: names {named} + anonymous {roll.anonymous_amount}"
             f" - earlier years' gifts given back {roll.earlier_refunded} != {roll.total}")
    for prefix in ("", "en/"):
        index = MAIN.search((site / prefix / "donors" / "index.html").read_text("utf-8")).group(1)
        shown = {int(y): money(v) for y, v in INDEX_ROW.findall(index)}
        assert shown == years, f"{prefix}donors/index.html shows {shown}, the books say {years}"
        for roll in model.rolls:
            page = MAIN.search((site / prefix / "donors" / f"{roll.period.key}.html").read_text("utf-8")).group(1)
            # each group's 小计/Subtotal row is its own names' amounts added up; the sequence
            # below is read without them
            subtotals = [money(m) for foot in re.findall(r"<tfoot>(.*?)</tfoot>", page, re.S) for m in MONEY.findall(foot)]
            assert subtotals == [sum((e.amount for e in g.entries), ZERO) for g in roll.groups], \
                f"{prefix}donors/{roll.period.key}.html: subtotals {subtotals}"
            page = re.sub(r"<tfoot>.*?</tfoot>", "", page, flags=re.S)
            year = int(roll.period.key)
            # the year's raised: the roll's total and the sources that are not gifts, each named
            raised = re.search(r'<p class="raised-not-gifts">(.*?)</p>', page, re.S)
            if raised:
                told = [money(m) for m in MONEY.findall(raised.group(1))]
                report = next(r for r in model.reports if r.period.key == roll.period.key)
                assert told[:3] == [report.statement.raised, years[year], report.statement.raised - years[year]] \
                    and sum(told[3:], ZERO) == told[2], f"{prefix}donors/{roll.period.key}.html: the year's raised {told}"
                page = page.replace(raised.group(0), "")
            # the gifts given back (or corrected) in full within the year: left off the lines,
            # said with their count and amount, which the total does not hold (with their refunds
            # they net to nothing)
            whole = re.findall(r'<p class="returned-in-full">(.*?)</p>', page, re.S)
            told = sum((money(m) for p in whole for m in MONEY.findall(p)[:1]), ZERO)
            assert told == roll.returned_in_full_amount + roll.corrected_in_full_amount, \
                f"{prefix}donors/{roll.period.key}.html: gifts returned in full {told}"
            for p in whole:
                page = page.replace(p, "")
            amounts = [money(m) for m in MONEY.findall(page)]
            # the year's total first (then what it is net of: the gifts given back, when any),
            # then each name's amount, then the anonymous gifts' (when any; then the part of
            # them whose payer is not identified yet, when any), then the gifts of earlier
            # years given back (when any, as a negative amount)
            assert amounts[0] == years[year], f"{prefix}donors/{roll.period.key}.html: total {amounts[0]}"
            lines = amounts[1:]
            if roll.refunds or roll.lessenings:
                # less the corrections that took a gift of the year away in full: no refund, said apart
                # net of the corrections lowering a refund (what did not go back after all)
                lessened = lessenings(entries)
                given_back = (-sum((a for t, a in gifts(entries) if t.date.year == year and (a < 0 or id(t) in lessened)), ZERO)
                              - roll.corrected_in_full_amount)
                # said in two parts when both are there (publish/model.py HonourRoll.given_back):
                # what went back to donors, then the corrections (booked too high, a pledge's
                # cancelled rest), which went back to no one; together the books' figure
                # and what corrections of refunds booked too high put back, taken off them
                parts = [(a, sign) for a, sign, shown in ((roll.given_back_amount, 1, roll.given_back), (roll.corrected, 1, roll.corrections),
                                                          (roll.lessened, -1, roll.lessenings)) if shown]
                told = lines[:len(parts)]
                assert told == [a for a, _ in parts] and sum((a * sign for a, (_, sign) in zip(told, parts, strict=True)), ZERO) == given_back, \
                    f"{prefix}donors/{roll.period.key}.html: given back and corrected {told} (the roll {parts}), the books {given_back}"
                lines = lines[len(parts):]
            if roll.pledges_to_come:  # what of the year's pledges has not come yet: part of the total, said apart
                pledged = {str(t.meta.get("receipt")) for t, _ in gifts(entries) if t.date.year == year}
                to_come = sum((v for r, v in _pledged(entries).items() if r in pledged and v > 0), ZERO)
                assert lines[0] == to_come, f"{prefix}donors/{roll.period.key}.html: pledged, not come yet {lines[0]}, the books {to_come}"
                lines = lines[1:]
            if roll.earlier_refunds or roll.earlier_lessenings:  # last: the gifts of earlier years given back (net), as a negative amount
                back = earlier.get(year, ZERO)
                assert lines[-1] == -back, f"{prefix}donors/{roll.period.key}.html: earlier years' gifts given back {lines[-1]}, the books {-back}"
            if roll.unidentified_gifts:  # the part of the anonymous gifts not identified yet: not a line of its own
                unknown = lines.pop(-2 if roll.earlier_refunds or roll.earlier_lessenings else -1)
                assert unknown == unidentified.get(year, ZERO), \
                    f"{prefix}donors/{roll.period.key}.html: from payers not identified yet {unknown}, the books {unidentified.get(year)}"
            assert sum(lines, ZERO) == amounts[0], \
                f"{prefix}donors/{roll.period.key}.html: the lines {lines} do not add up to {amounts[0]}"


DIGITS = {c: i for i, c in enumerate("零壹贰叁肆伍陆柒捌玖")}


def from_capitals(text: str) -> Decimal:
    """人民币壹万零伍拾元叁角整 as a Decimal (10050.30): read here, not with publish/capitals.py."""
    text = text.removeprefix("人民币").removesuffix("整")
    yuan, _, fen = text.rpartition("元") if "元" in text else ("", "", text)
    total, section, digit = 0, 0, 0
    for c in yuan:
        if c in DIGITS:
            digit = DIGITS[c]
        elif c in "拾佰仟":
            section += (digit or 1) * {"拾": 10, "佰": 100, "仟": 1000}[c]
            digit = 0
        elif c == "万":  # the section so far is in ten thousands
            total += (section + digit) * 10_000
            section = digit = 0
        else:  # 亿: everything so far is in hundred millions
            total = (total + section + digit) * 100_000_000
            section = digit = 0
    cents = 0
    for d, unit in re.findall(r"([壹贰叁肆伍陆柒捌玖])([角分])", fen):
        cents += DIGITS[d] * (10 if unit == "角" else 1)
    return Decimal(total + section + digit) + Decimal(cents) / 100


def check_ack(site: Path, model, entries) -> None:
    by_receipt = defaultdict(list)
    given_back = defaultdict(list)  # (donor, receipt of a gift) -> what refunds naming it gave back
    lessened = lessenings(entries)
    #: (donor, receipt of a gift) -> what the corrections lowering its refunds brought back
    came_back: dict[tuple[str, str], list[Decimal]] = defaultdict(list)
    for t, amount in gifts(entries):
        if t.meta.get("receipt"):
            by_receipt[str(t.meta["receipt"])].append(amount)
        if amount < 0 and gift_named(t):
            given_back[str(t.meta.get("donor")), str(gift_named(t))].append(-amount)
        elif id(t) in lessened:
            came_back[str(t.meta.get("donor")), str(gift_named(lessened[id(t)]))].append(amount)
    donor_of = {str(t.meta["receipt"]): str(t.meta.get("donor")) for t, _ in gifts(entries) if t.meta.get("receipt")}
    # the goods of a receipted gift whose entry does not say how they were valued, at the value
    # the entry booked (2.25 kg at 13.33 booked as 29.99: tests/reference.py goods_rounding)
    received = lambda t: [p for p in t.postings if p.account.startswith("Assets:Goods") and p.units.number > 0]  # noqa: E731
    goods_booked = {str(t.meta["receipt"]): sum((value(p) for p in received(t)), ZERO) - goods_rounding(t)
                    for t, a in gifts(entries) if t.meta.get("receipt") and a > 0 and not t.meta.get("valuation") and received(t)}
    usd = {}  # receipt -> the gift's amount as given, in USD (converted at a price on its donation lines)
    for t in entries:
        if isinstance(t, data.Transaction) and t.meta.get("receipt"):
            given = [p.units.number for p in t.postings if p.account.startswith("Income:Donation") and p.units.currency == "USD"]
            if given:
                usd[str(t.meta["receipt"])] = -sum(given, ZERO)
    paid = _pledge_parts(entries)
    pages = 0
    for d in model.donations:
        if d.ack_path is None:
            # none for a gift given back, nor for an entry worth nothing (a correction between sources)
            assert (d.amount <= 0 and not (d.amount == 0 and d.goods)) or not d.receipt or d.lessens, \
                f"gift {d.receipt} of {d.amount} has no acknowledgement page"
            continue
        text = (site / d.ack_path).read_text("utf-8")
        if d.amount == 0 and d.goods:  # goods given with no value: said so, no amount
            assert ACK_AMOUNT.findall(text) == ["物资未估值", "goods not valued"], d.ack_path
            pages += 1
            continue
        # the amount, before any note on the goods' booked value after it
        shown = [money(found.group() if (found := MONEY.match(m)) else m) for m in ACK_AMOUNT.findall(text)]
        assert len(shown) == 2 and set(shown) == set(by_receipt[d.receipt]), \
            f"{d.ack_path}: shows {shown}, the books say {by_receipt[d.receipt]} for {d.receipt}"
        if d.receipt in goods_booked:  # goods the entry did not say how it valued: their value as booked
            said = " ".join(ACK_AMOUNT.findall(text))
            of_which = [money(zh or en) for zh, en in re.findall(r"其中物资 (¥[\d,]+\.\d\d)|of which (¥[\d,]+\.\d\d)", said)]
            want = [] if goods_booked[d.receipt] == shown[0] else [goods_booked[d.receipt]] * 2
            assert of_which == want, f"{d.ack_path}: says of which goods {of_which}, the books booked them at {goods_booked[d.receipt]} of {shown[0]}"
        said = " ".join(ACK_AMOUNT.findall(text))
        given = [money(m) for pair in re.findall(r"（原币 \$([\d,]+\.\d\d)）| \(given as \$([\d,]+\.\d\d)\)", said) for m in pair if m]
        assert given == ([usd[d.receipt]] * 2 if d.receipt in usd else []), f"{d.ack_path}: given as {given} USD, the books {usd.get(d.receipt)}"
        capitals = re.findall(r'<dd class="capitals">([^<]*)</dd>', text)
        assert [from_capitals(c) for c in capitals] in ([shown[0]], []), f"{d.ack_path}: in capitals {capitals}, the books {shown[0]}"
        if d.receipt in paid:  # a pledge: each part received, then what is still to come (when some came)
            parts = [[money(m) for m in MONEY.findall(p)] for p in re.findall(r'<p class="pledge">(.*?)</p>', text, re.S)]
            left = shown[0] - sum(paid[d.receipt], ZERO)
            want = paid[d.receipt] + ([left] if left > 0 and paid[d.receipt] else [])
            assert parts == [want] * 2, f"{d.ack_path}: the pledge's parts and what is to come {parts}, the books {want}"
        # what was given back of it, and what is left of it, in both languages
        # (each correction lowering a refund of it says what did not go back, the rest is net of it)
        key = (donor_of.get(d.receipt), d.receipt)
        net = sum(given_back.get(key, []), ZERO) - sum(came_back.get(key, []), ZERO)
        back = sorted(given_back.get(key, []) + came_back.get(key, []))
        told = [[money(m) for m in MONEY.findall(p)] for p in re.findall(r'<p class="returned">(.*?)</p>', text, re.S)]
        left = [] if net >= shown[0] else [shown[0] - net]
        assert [sorted(t[:len(back)]) + t[len(back):] for t in told] == ([back + left] * 2 if back else []), \
            f"{d.ack_path}: given back and left {told}, the books {back} given back of {shown[0]}"
        pages += 1
    unvalued_goods = lambda t, a: a == 0 and any(p.account.startswith("Assets:Goods") and p.units.number > 0 for p in t.postings)  # noqa: E731
    assert pages == sum(1 for t, a in gifts(entries) if t.meta.get("receipt") and id(t) not in lessened and (a > 0 or unvalued_goods(t, a)))


def check_grants(site: Path, model, entries) -> None:
    years = sorted({t.date.year for t, _ in gifts(entries)} | {g.date.year for g in model.grants} | {int(a.period.key) for a in model.aid})
    rows = _csv(site / "data" / "grants.csv")
    aid_rows = _csv(site / "data" / "aid.csv")
    for y in years:
        paid = aid_paid(entries, datetime.date(y, 1, 1), datetime.date(y + 1, 1, 1))
        listed = sum((Decimal(r["Amount Awarded"]) for r in rows if r["Award Date"].startswith(f"{y}-")), ZERO)
        assert listed == paid, f"grants.csv {y}: {listed}, the books paid {paid}"
        assert sum((g.amount for g in model.grants if g.date.year == y), ZERO) == paid, f"model grants {y}"
        grand = [r for r in aid_rows if r["year"] == str(y) and r["row"] == "TOTAL" and r["category"] == "TOTAL"]
        for r in grand:
            assert r["amount"] == "" or Decimal(r["amount"]) == paid, f"aid.csv {y} {r['table']}: {r['amount']}, the books paid {paid}"
    check_aid_totals(aid_rows)


def check_aid_totals(rows: list[dict[str, str]]) -> None:
    """data/aid.csv: in each year's table, the cells of a row (and of a column) add up to its
    TOTAL, and the rows' totals to the grand total, wherever none of them is suppressed."""
    tables: dict[tuple[str, str], dict[tuple[str, str], str]] = defaultdict(dict)
    for r in rows:
        tables[r["year"], r["table"]][r["row"], r["category"]] = r["amount"]
    for (year, table), cells in tables.items():
        for axis in (0, 1):
            for key in {k[axis] for k in cells}:
                line = {k: v for k, v in cells.items() if k[axis] == key}
                total = line.get(("TOTAL", "TOTAL") if key == "TOTAL" else ((key, "TOTAL") if axis == 0 else ("TOTAL", key)))
                parts = [v for k, v in line.items() if k[1 - axis] != "TOTAL"]
                if total and parts and all(parts):
                    added = sum(map(Decimal, parts), ZERO)
                    assert added == Decimal(total), \
                        f"aid.csv {year} {table}, {'row' if axis == 0 else 'column'} {key}: {parts} add up to {added}, its TOTAL says {total}"


def _letter_reference(books) -> dict[tuple[str, int], list[Decimal]]:
    """Each donor's gifts of each year that the letters are for: confirmed, receipted, not
    void, from a registered donor who can be written to and did not decline, and not worth
    nothing (a correction between donation accounts); what each gave,
    cash at its amount and goods at their booked value when the books say how they were valued."""
    from ledger.registry import UNIDENTIFIED_DONOR

    out: dict[tuple[str, int], list[Decimal]] = defaultdict(list)
    donors, voids = books.registry.donors, books.registry.voids
    for t, amount in gifts(books.entries):
        meta = t.meta or {}
        donor = donors.get(str(meta.get("donor") or ""))
        receipt = meta.get("receipt")
        if (t.flag == "!" or not receipt or str(receipt) in voids or donor is None or donor.id == UNIDENTIFIED_DONOR
                or not donor.reachable or str(meta.get("letter", "")).strip().lower() == "no"):
            continue
        in_kind = [p for p in t.postings if p.account.startswith("Income:Donation:InKind")]
        if amount == 0 and not in_kind:
            continue  # a correction between donation accounts, worth nothing: no letter, no line (letters/model.py)
        cash = -sum((value(p) for p in t.postings if p.account.startswith("Income:Donation") and p not in in_kind), ZERO)
        goods = -sum((value(p) for p in in_kind), ZERO)
        out[(donor.id, t.date.year)].append(cash + (goods if meta.get("valuation") else ZERO))
    return out


def check_letters(books, model, entries) -> None:
    from letters.model import build_letters
    from publish.capitals import rmb_capitals

    made = build_letters(books, model)
    want = _letter_reference(books)
    statements = {(s.donor_id, s.year): s for s in made.statements}
    for key, amounts in want.items():
        total = sum(amounts, ZERO)
        # a year netting below zero (a refund of an earlier year's gift) has its statement too:
        # its capitals state what was given back
        s = statements.pop(key, None)
        assert s is not None, f"no statement for {key}: the donor gave {total}"
        assert s.total == total, f"statement {key}: total {s.total}, the books say {total}"
        assert s.capitals == rmb_capitals(abs(total)), f"statement {key}: in capitals {s.capitals}, the books' {total} is {rmb_capitals(abs(total))}"
        lines = sorted(x.amount or ZERO for x in s.letters)
        assert lines == sorted(amounts), f"statement {key}: lines {lines}, the books {sorted(amounts)}"
    assert not statements, f"statements the books do not call for: {sorted(statements)}"
    for x in made.letters:  # the amount in capitals is the amount in figures (the books', compared below)
        assert x.capitals == (None if x.amount is None else rmb_capitals(x.amount)), f"letter {x.receipt}: {x.amount} in capitals {x.capitals}"
    got = Counter((x.donor_id, x.date.year, x.amount or ZERO) for x in made.letters)
    # a correction lowering a refund is a line of the statement, no letter: no gift
    lessened = lessenings(books.entries)
    no_letter = Counter((str(t.meta.get("donor")), t.date.year, a) for t, a in gifts(books.entries) if id(t) in lessened)
    letters = Counter((d, y, a) for (d, y), amounts in want.items() for a in amounts if a >= 0) - no_letter
    assert got == letters, f"letters {sorted((got - letters).elements())} made, {sorted((letters - got).elements())} called for"


def check_letter_pdf(books, model, entries, out: Path, secret: bytes) -> None:
    """One statement, made as `relief letters --statements` makes it (with its gifts' letters,
    so the one with a refund line if any, else the shortest): its PDF states the total and
    every line."""
    from pypdf import PdfReader

    from letters.make import make_letters
    from publish.capitals import rmb_capitals

    # written here, not with publish.capitals.format_amount (the letters' own filter): a fen
    # added there was added to what the check looked for too, and passed
    def figures(amount: Decimal) -> str:
        return f"{amount:,.2f}"

    statements = build_letters_of(books, model).statements
    if not statements:
        return
    s = min(statements, key=lambda s: (not any(x.refund for x in s.letters), len(s.letters), s.donor_id, s.year))
    made = make_letters(books, out, secret, year=s.year, donor=s.donor_id, statements=True, jobs=1)
    [s] = made.letters.statements
    text = re.sub(r"\s+", "", "".join(p.extract_text() for p in PdfReader(out / s.relpath).pages))
    total = sum(_letter_reference(books)[(s.donor_id, s.year)], ZERO)
    assert figures(total) in text, f"statement {s.donor_id} {s.year}: {figures(total)} is not in the PDF"
    assert rmb_capitals(abs(total)) in text, f"statement {s.donor_id} {s.year}: {rmb_capitals(abs(total))} is not in the PDF"
    from letters.render import quantity

    for x in s.letters:
        if x.amount is None:  # goods the books give no valuation for: the line states what came, no figure
            for item in x.donation.goods:
                assert quantity(item.quantity) in text, f"statement {s.donor_id} {s.year}: {item.quantity} {item.commodity} is not in the PDF"
            continue
        assert figures(x.amount) in text, f"statement {s.donor_id} {s.year}: the line {x.amount} is not in the PDF"


def build_letters_of(books, model):
    from letters.model import build_letters

    return build_letters(books, model)


def check_fava_gifts(main: Path, entries) -> None:
    from cli.serve import make_app

    fava = make_app(main)
    client = fava.app.test_client()
    base = f"/{fava.slug}/extension/ReliefAudit"
    years = sorted({t.date.year for t, _ in gifts(entries)} | {e.date.year for e in entries if hasattr(e, "postings")})
    for time in ["", *map(str, years)]:
        q = {"time": time} if time else {}
        start, end = (datetime.date(int(time), 1, 1), datetime.date(int(time) + 1, 1, 1)) if time else (None, None)
        inside = [(t, a) for t, a in gifts(entries) if (start is None or t.date >= start) and (end is None or t.date < end)]
        want = Counter((str(t.meta.get("donor") or ""), a) for t, a in inside)
        donors = client.get(f"{base}/donors", query_string=q).get_json()
        got = Counter((d["donor_id"], Decimal(g["amount"])) for d in donors for g in d["gifts"])
        assert got == want, f"Fava donors {time or 'all'}: {sorted((got - want).elements())} shown, {sorted((want - got).elements())} in the books"
        for d in donors:
            assert Decimal(d["total"]) == sum((Decimal(g["amount"]) for g in d["gifts"]), ZERO), f"Fava donors {time}: {d['donor_id']} total"
            assert sum(map(Decimal, d["by_fund"].values()), ZERO) == Decimal(d["total"])
        cases = client.get(f"{base}/cases", query_string=q).get_json()
        assert Decimal(cases["total"]["amount"]) == aid_paid(entries, start, end), f"Fava cases {time or 'all'}: {cases['total']['amount']}"
        assert sum((Decimal(c["amount"]) for c in cases["cells"].values()), ZERO) == Decimal(cases["total"]["amount"])
    register = client.get(f"{base}/receipts").get_json()
    receipted = Counter((str(t.meta["receipt"]), a) for t, a in gifts(entries) if t.meta.get("receipt"))
    got = Counter((d["receipt"], Decimal(d["amount"])) for y in register["years"] for line in y["lines"] for d in line["donations"])
    assert got == receipted, f"Fava receipts: {sorted((got - receipted).elements())} shown, {sorted((receipted - got).elements())} in the books"
    for y in register["years"]:
        assert Decimal(y["total"]) == sum((Decimal(line["amount"]) for line in y["lines"]), ZERO), f"Fava receipts {y['year']}: total"
        for line in y["lines"]:
            assert Decimal(line["amount"]) == sum((Decimal(d["amount"]) for d in line["donations"]), ZERO), f"Fava receipts {line['number']}"
    unreceipted = Counter(a for t, a in gifts(entries) if not t.meta.get("receipt"))
    assert Counter(Decimal(d["amount"]) for d in register["without_receipt"]) == unreceipted, "Fava receipts: gifts without a receipt"
