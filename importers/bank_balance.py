"""A statement's running balance: which way each row moved money when its sign is in doubt
(reversals, 冲正), the closing balance that becomes a balance assertion, and the notes
when the rows do not chain (a row missing from the file).
"""

from __future__ import annotations

import datetime
from decimal import Decimal

from importers.bank_layout import Statement, amount_or_zero, written_or_zero
from importers.errors import said
from importers.reading import Row
from importers.records import ZERO, Record
from importers.values import (
    is_masked,
)
from ledger.accounts import PAYABLE_ACCOUNT

#: the words of a statement row that reverses another (冲正 and its kin)
REVERSAL_WORDS = ("冲正", "红冲", "冲账", "冲销", "抹账")


def balance_says(records: list[Record], i: int) -> int:
    """Which way the running balance says record `i` moved money: +1 as its amount reads,
    -1 the other way round, 0 when it cannot tell (no balances, no row before it in time,
    or both readings fit). The file may list the oldest or the newest row first."""
    r = records[i]
    if r.balance is None:
        return 0
    orders = []
    newest_first = records[0].date > records[-1].date
    oldest_first = records[0].date < records[-1].date
    if not newest_first:
        orders.append((i - 1, i + 1))
    if not oldest_first:
        orders.append((i + 1, i - 1))
    verdicts = set()
    for before_at, after_at in orders:
        before = records[before_at] if 0 <= before_at < len(records) else None
        after = records[after_at] if 0 <= after_at < len(records) else None
        if after is not None and after.balance is not None and after.balance not in (r.balance + after.amount,):
            continue  # the rows do not chain in this order here
        if before is None or before.balance is None:
            continue
        if r.balance == before.balance + r.amount:
            verdicts.add(1)
        elif r.balance == before.balance - r.amount:
            verdicts.add(-1)
    return verdicts.pop() if len(verdicts) == 1 else 0


def _why_no_way(records: list[Record], i: int) -> str:
    """Why `balance_says` cannot place record `i`, as the reversal's note says it.

    Why: the note said "no balance on this row or the rows beside it" of a reversal that was
    the statement's only row, its balance written: the officer looked for a balance missing
    from the file instead of comparing it with the statement before."""
    r = records[i]
    if r.balance is None:
        return "this row shows no balance"
    newest_first = records[0].date > records[-1].date
    if i == (len(records) - 1 if newest_first else 0):
        return (f"it is the file's first row, with no balance before it: compare its balance, {r.balance:,.2f}, with "
                "the closing balance of the statement before")
    return "the rows beside it show no balance, or its balance fits both readings"


def chains(records: list[Record]) -> bool:
    """Whether each record's balance follows from the one before it and its amount."""
    return all(b.balance == a.balance + b.amount for a, b in zip(records, records[1:], strict=False))


def moves_nothing(balance: Decimal, earlier: tuple, later: tuple) -> bool:
    """Whether a row with `balance` fits between the rows (balance, amount) before and after it
    in time, moving nothing itself (a balance not known fits anything)."""
    return (earlier[0] is None or earlier[0] == balance) and (later[0] is None or later[0] - later[1] == balance)


class BalanceChain:
    """The balance's reading, as methods of importers/bank.py's `BankStatementImporter`."""

    @staticmethod
    def _mark_reversals(st: Statement) -> None:
        """Rows whose memo says they reverse another (冲正, 红冲, 冲账, 冲销, 抹账) are marked
        so they are booked to Liabilities:Payable, flagged, never as a gift or aid.

        The original in the file is named in the note. A lone one (its original before the
        file's period) takes the direction the running balance gives it: the amount as read
        when the balance follows from it, the other way round when the balance follows only
        so; when the balance cannot tell (no balance, no row beside it), the reading stands
        as a guess, and the note says so. Why: a lone 冲正 of a payment, money coming back,
        was booked as a donation from the payee with a receipt number."""
        records = st.records
        for i, r in enumerate(records):
            if not any(w in f"{r.memo} {r.kind}" for w in REVERSAL_WORDS):
                continue
            r.reversal = True
            original = next((o for o in records if o is not r and o.amount == -r.amount and o.date <= r.date
                             and not any(w in f"{o.memo} {o.kind}" for w in REVERSAL_WORDS)), None)
            if original is not None:
                r.note = (f"a reversal (冲正) of row {original.row} ({original.date}, {original.amount:+,.2f}): held on "
                          f"{PAYABLE_ACCOUNT}; book it against what row {original.row} was booked to")
                continue
            way = balance_says(records, i)
            if way < 0:
                read = r.amount
                r.amount = -r.amount
                # the file's own movement follows the direction the balance gives the row
                if read > 0:
                    st.file_in -= read
                    st.file_out -= read
                else:
                    st.file_out -= read
                    st.file_in -= read
            how = ("the balance column says the money went this way" if way > 0 else
                   f"its amount reads {-r.amount:+,.2f}, but the balance column says the money went the other way: "
                   f"booked as {r.amount:+,.2f}" if way < 0 else
                   f"the balance column cannot say which way the money went ({_why_no_way(records, i)}): booked as "
                   f"read ({r.amount:+,.2f}), a guess")
            r.note = (f"a reversal (冲正) whose original is not in this file: {how}; held on {PAYABLE_ACCOUNT}: check "
                      "which entry it reverses on the bank's statement and book it against that entry's account")

    def _reversal_sign(self, rows: list[Row]) -> int:
        """Which money-out amounts are reversals: 0 when the money-out column (the 借 rows
        of a direction layout) writes all its amounts with one sign, else the sign (+1, -1)
        of those that are payments reversed in red (红字冲正), money back in.

        A bank writes its payments with one sign; a column holding both has reversals among
        them: the sign whose reading makes the balance column follow row to row, else (no
        balances, or they do not tell) the rarer sign; as many of each with nothing to tell,
        none is taken for a reversal. Why: with payments written positive, a reversal -100.00
        was booked as a second payment; with payments written negative, taking the negative
        ones for reversals would turn every payment into money in."""
        p, cols = self.profile, self._cols
        if p.sign == "signed":
            return 0
        column = cols["out"] if p.sign == "in-out" else cols["amount"]
        # the signs as written: a CR / DR mark is no sign (written_or_zero)
        signs = {value > 0 for r in rows if (value := written_or_zero(r.get(column)))}
        if len(signs) < 2:  # the common case, one pass over one column (100 000-row files)
            return 0
        moves: list[tuple[Decimal, Decimal, Decimal | None]] = []  # (money in, money out as written, balance)
        for r in rows:
            if p.sign == "in-out":
                money_in, money_out = written_or_zero(r.get(cols["in"])), written_or_zero(r.get(cols["out"]))
            elif p.sign == "direction" and p.direction_of(r.get(cols["direction"])) < 0:
                money_in, money_out = ZERO, written_or_zero(r.get(cols["amount"]))
            elif p.sign == "direction":
                money_in, money_out = written_or_zero(r.get(cols["amount"])), ZERO
            else:
                return 0
            balance = None
            if "balance" in cols and not is_masked(r.get(cols["balance"])):
                balance = amount_or_zero(r.get(cols["balance"])) if r.get(cols["balance"]).strip() else None
            moves.append((money_in, money_out, balance))
        positive = sum(1 for _, o, _ in moves if o > 0)
        negative = sum(1 for _, o, _ in moves if o < 0)
        if not positive or not negative:
            return 0

        def breaks(sign: int) -> int:
            amounts = [i + (abs(o) if sign and o and (o > 0) == (sign > 0) else -abs(o)) for i, o, _ in moves]
            balances = [b for _, _, b in moves]
            pairs = list(zip(range(len(moves)), range(1, len(moves)), strict=False))
            forward = sum(1 for a, b in pairs if balances[b] != balances[a] + amounts[b])
            backward = sum(1 for a, b in pairs if balances[a] != balances[b] + amounts[a])
            return min(forward, backward)

        if all(b is not None for _, _, b in moves):
            scores = {sign: breaks(sign) for sign in (0, -1, 1)}
            winners = [sign for sign, n in scores.items() if n == min(scores.values())]
            if len(winners) == 1:
                return winners[0]
        return -1 if negative < positive else 1 if positive < negative else 0

    def _closing(self, st: Statement) -> tuple[datetime.date, Decimal, str] | None:
        with_balance = [r for r in st.records if r.balance is not None]
        if not with_balance or len(with_balance) != len(st.records):
            return None
        last_day = max(r.date for r in st.records)
        on_last = [r for r in st.records if r.date == last_day]
        descending = st.records[0].date > st.records[-1].date
        latest = on_last[0] if descending else on_last[-1]
        if any(r.time for r in on_last):
            latest = max(on_last, key=lambda r: r.time) if all(r.time for r in on_last) else latest
        order = self._balance_order(st.records)
        if order:  # the balances themselves say which row came last (rows of one day, no times)
            latest = st.records[-1] if order > 0 else st.records[0]
        elif len(on_last) > 1 and not all(r.time for r in on_last):
            # The file's order is mixed (oldest first, but its last day newest first, as some
            # banks list a day): the day's balances still chain, and the last row is the one
            # no other row of the day follows from. The row listed last was taken, and the
            # balance assertion failed with a misleading message.
            ends = [r for r in on_last if not any(s is not r and s.balance == r.balance + s.amount for s in on_last)]
            if len(ends) == 1:
                latest = ends[0]
        end = st.stated[1] if st.stated else last_day
        return end + datetime.timedelta(days=1), latest.balance, latest.currency

    @staticmethod
    def _chain_notes(records: list[Record], most: int = 5) -> list[str]:
        """Where the balance column does not follow from the amounts, row to row: a row left
        out of the export between them, one written twice, or one whose direction was read
        against the bank's (a negative debit that the balance shows coming in). Not a refusal:
        anonymised samples mask or scramble balances, and the closing balance's assertion is
        the check that stops a write. Pairs of one day that chain the other way round are a
        day listed in another order, not a break."""
        if len(records) < 2 or any(r.balance is None for r in records):
            return []
        pairs = list(zip(records, records[1:], strict=False))

        def breaks(newest_first: bool) -> list[tuple[Record, Record]]:
            out = []
            for a, b in pairs:
                before, after = (b, a) if newest_first else (a, b)
                if after.balance == before.balance + after.amount:
                    continue
                if a.date == b.date and before.balance == after.balance + before.amount:
                    continue  # the day's rows in the other order
                out.append((before, after))
            return out

        def by_day() -> list[tuple[Record, Record]]:
            # the days oldest first, each day's rows in the order that chains: a file listing
            # its days newest first but each day's rows oldest first (or the other way round)
            # was taken for rows missing between two days
            days: dict[datetime.date, list[Record]] = {}
            for r in records:
                days.setdefault(r.date, []).append(r)
            newest_first = records[0].date > records[-1].date
            seq: list[Record] = []
            for day in sorted(days):
                rows = days[day][::-1] if newest_first else days[day]
                if not chains(rows) and chains(rows[::-1]):
                    rows = rows[::-1]
                seq.extend(rows)
            return [(a, b) for a, b in zip(seq, seq[1:], strict=False) if b.balance != a.balance + b.amount]

        found = min(by_day(), breaks(False), breaks(True), key=len)
        if not found:
            return []
        if len(found) > max(2, len(pairs) // 10):
            return [said(f"{len(pairs)} 行中有 {len(found)} 行的余额列与金额对不上：导出文件被遮盖或修改过？"
                         "期末余额的断言会用账簿核对对账单",
                         f"the balance column does not follow from the amounts in {len(found)} of {len(pairs)} rows: a masked "
                         "or edited export? The closing balance's assertion checks the statement against the books")]
        notes = []
        for before, after in found[:most]:
            expected = before.balance + after.amount
            other_way = after.balance == before.balance - after.amount
            notes.append(said(
                f"第 {after.row} 行：余额 {after.balance:,.2f} 与第 {before.row} 行的 {before.balance:,.2f} 加上本行金额 "
                f"{after.amount:+,.2f}（应为 {expected:,.2f}）对不上："
                + ("若资金方向相反则对得上；请按银行对账单核对该行的收支方向" if other_way
                   else "两行之间的行在导出时漏掉了，或某行写了两次？请与银行对账单核对"),
                f"row {after.row}: its balance {after.balance:,.2f} does not follow from row {before.row}'s "
                f"{before.balance:,.2f} and its amount {after.amount:+,.2f} (that gives {expected:,.2f}): "
                + ("it does if the money went the other way; check the row's direction against the bank's statement"
                   if other_way else "a row missing from the export between them, or one written twice? "
                   "Compare with the bank's statement")))
        if len(found) > most:
            notes.append(said(f"……另有 {len(found) - most} 行的余额对不上", f"… and {len(found) - most} more row(s) whose balance does not follow"))
        return notes

    @staticmethod
    def _balance_order(records: list[Record]) -> int:
        """+1 when every row's balance follows from the row before it (oldest first), -1 when
        from the row after it (newest first), 0 when the balances do not tell."""
        if len(records) < 2:
            return 0
        pairs = list(zip(records, records[1:], strict=False))
        forward = all(b.balance == a.balance + b.amount for a, b in pairs)
        backward = all(a.balance == b.balance + a.amount for a, b in pairs)
        return 1 if forward and not backward else -1 if backward and not forward else 0
