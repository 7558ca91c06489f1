"""The dry run's look ahead at the closing balances it proposes.

Why: a statement imported into books without the account's opening balance (new books, or
the months before it not imported yet) was proposed by the dry run as any other, exit 0;
only `--write` then failed, on the balance assertion made from the statement's closing
balance. A finance officer new to the books reviewed and approved a dry run that could
never be written. Each proposed `balance` is summed here as beancount will check it (the
account and its sub-accounts, every entry dated before the assertion's day: the books',
and the new entries of every file of the run), and one that will not hold is named at the
end of the dry run (after the entries, where the summary is read; not among a file's notes,
which the golden files of the importers' tests hold as they stand).
"""

from __future__ import annotations

from collections import defaultdict
from decimal import Decimal

from beancount.core import data

from importers.errors import Said, rows_of_entries, rows_of_entries_zh
from ledger.accounts import OPENING_BALANCES_ACCOUNT, is_cash, is_fund_account, is_online
from ledger.funds import posting_fund, posting_value


def balance_notes(existing: list, results: list) -> list[str]:
    """One note per proposed closing balance the books with the run's entries will not reach,
    each naming its file."""
    new = [e for r in results if not r.problem for e in r.new]
    wanted = {(e.account, e.amount.currency) for e in new if isinstance(e, data.Balance)}
    if not wanted:
        return []
    accounts = {account for account, _ in wanted}
    moves: dict[tuple[str, str], list[tuple]] = defaultdict(list)
    counts_for: dict[str, list[str]] = {}  # per posting account, once: 100 000 entries name a few dozen
    for entry in (*existing, *new):
        if not isinstance(entry, data.Transaction):
            continue
        for posting in entry.postings:
            units = posting.units
            if units is None or units.number is None:
                continue
            found = counts_for.get(posting.account)
            if found is None:
                found = counts_for[posting.account] = _self_and_parents(posting.account, accounts)
            for account in found:
                moves[(account, units.currency)].append((entry.date, units.number))
    notes = []
    for r in results:
        if r.problem:
            continue
        for e in r.new:
            if isinstance(e, data.Balance):
                note = _note(e, moves[(e.account, e.amount.currency)])
                if note:
                    notes.append(Said(f"{r.path.name}：{note.zh}", f"{r.path.name}: {note}"))
    return notes


def _self_and_parents(account: str, wanted: set[str]) -> list[str]:
    """The accounts of `wanted` a posting to `account` counts for: itself and its parents
    (beancount's balance of an account includes its sub-accounts)."""
    parts = account.split(":")
    return [a for a in (":".join(parts[:i]) for i in range(1, len(parts) + 1)) if a in wanted]


def _note(balance: data.Balance, moves: list[tuple]) -> Said | None:
    held = sum((number for day, number in moves if day < balance.date), Decimal(0))
    stated = balance.amount.number
    difference = stated - held
    if abs(difference) <= (balance.tolerance or 0):
        return None
    how = "too little" if difference > 0 else "too much"
    currency = balance.amount.currency
    return Said(f"对账单的期末余额（{balance.date} 日初 {balance.account} 为 {stated:,.2f} {currency}）将不成立："
                f"加上这些分录后账中为 {held:,.2f}（{'少' if difference > 0 else '多'} {abs(difference):,.2f}），所以 --write 会拒绝导入；"
                f"请先导入更早的对账单，或在对账单开始的前一天记入该账户的期初余额（{OPENING_BALANCES_ACCOUNT}）",
                f"the statement's closing balance, {stated:,.2f} {currency} on {balance.account} at the "
            f"start of {balance.date}, would not hold: the books with these entries hold "
            f"{held:,.2f} ({abs(difference):,.2f} {how}), so --write will refuse the import; "
            f"import the earlier statements first, or record the account's opening balance "
            f"({OPENING_BALANCES_ACCOUNT}) on the day before the statement starts")


def overdrawn_notes(existing: list, results: list, written: bool = False) -> list[str]:
    """One note per file and money account (cash box, WeChat Pay / Alipay balance) that the
    books with the run's entries take below zero at the end of a day on which, or before
    which, the file pays out of it: the first such day, the shortfall, the file's rows.

    Why: a roster of aid paid in cash (发放方式 现金) or by 微信转账 was proposed without a word
    though it paid out more than the books held there; only `relief reconcile` found it weeks
    later. Bank accounts are left to their statements (a balance column, the closing balance
    asserted above, and the books' bank lags the bank until the statement is imported), and a
    run of statements alone is not walked at all: the 100,000-row dry run pays nothing here.
    `written`: the entries are in the books (`--write`), and the note says so."""
    paying = [r for r in results if not r.problem and getattr(r.importer, "kind", "") != "bank"]
    accounts = {p.account for r in paying for e in r.new if isinstance(e, data.Transaction)
                for p in e.postings if _held_money(p.account)}
    if not accounts:
        return []
    days: dict[tuple[str, str], dict] = defaultdict(lambda: defaultdict(Decimal))
    for entry in (*existing, *(e for r in results if not r.problem for e in r.new)):
        if isinstance(entry, data.Transaction):
            for posting in entry.postings:
                units = posting.units
                if posting.account in accounts and units is not None and units.number is not None:
                    days[(posting.account, units.currency)][entry.date] += units.number
    running = {key: _end_of_day_balances(moves) for key, moves in days.items()}
    notes = []
    for r in paying:
        for (account, currency), balances in sorted(running.items()):
            note = _overdrawn_note(r, account, currency, balances, written)
            if note:
                notes.append(note)
    return notes


def _held_money(account: str) -> bool:
    """Money the centre holds that cannot go below zero and has no statement's balance
    column: the cash box, the WeChat Pay / Alipay balances."""
    return is_cash(account) or is_online(account)


def _end_of_day_balances(moves: dict) -> list[tuple]:
    """(day, balance at its end) for each day of `moves` ({day: sum of that day}), in order."""
    held, out = Decimal(0), []
    for day in sorted(moves):
        held += moves[day]
        out.append((day, held))
    return out


def _overdrawn_note(result, account: str, currency: str, balances: list[tuple], written: bool = False) -> Said | None:
    """The note on `result`'s rows paying out of `account` by the first day from its first
    such row on that ends below zero, or None when there is no such day.

    From its first row on, not the account's first day below zero: books already short there
    since January were not to hide a roster of April taking them further below. A day on which
    the file's own rows, up to it, have put more into the account than they took out is not
    the file's: a WeChat Pay bill of April that took in more than it paid was told the balance
    would be below zero in September, where the next bill of the run paid out more than it held."""
    paid = [e for e in result.new if isinstance(e, data.Transaction)
            and any(p.account == account and p.units is not None and p.units.currency == currency
                    and p.units.number is not None and p.units.number < 0 for p in e.postings)]
    if not paid:
        return None
    first = min(e.date for e in paid)
    own: dict = defaultdict(Decimal)  # the file's own movement of the account, by day
    for e in result.new:
        if isinstance(e, data.Transaction):
            for p in e.postings:
                if p.account == account and p.units is not None and p.units.currency == currency and p.units.number is not None:
                    own[e.date] += p.units.number
    days = sorted(own)

    def takes(day) -> bool:
        """Whether the file's rows up to the end of `day` took money out of the account on balance."""
        return sum((own[d] for d in days if d <= day), Decimal(0)) < 0

    below = next(((day, held) for day, held in balances if day >= first and held < 0 and takes(day)), None)
    if below is None:
        return None
    day, held = below
    rows = sorted((e for e in paid if e.date <= day), key=lambda e: (e.date, e.meta.get("lineno") or 0))
    more = f" (and {len(rows) - 5} earlier)" if len(rows) > 5 else ""
    more_zh = f"（另有更早的 {len(rows) - 5} 行）" if len(rows) > 5 else ""
    bill = getattr(result.importer, "kind", "") in ("wechat", "alipay")
    if bill:  # the bill is the balance's own record: what is missing is what it held before
        what = (f"record what the balance held before the bill starts (its opening balance, {OPENING_BALANCES_ACCOUNT}), "
                "or import the earlier bills first, or check the rows' 支付方式 column (paid by a card?)")
        what_zh = (f"请记入账单开始前余额中的钱（期初余额，{OPENING_BALANCES_ACCOUNT}），或先导入更早的账单，"
                   "或检查这些行的 支付方式 列（是用银行卡付的？）")
    else:
        what_zh = ("取现（银行对账单的 取现 行，或一条 提取备用金 分录）" if is_cash(account) else "充值（账单的 充值 / 转入 行）")
        what = ("the cash withdrawal (the bank statement's 取现 row, or a 提取备用金 entry)" if is_cash(account)
                else "the top-up (the bill's 充值 / 转入 row)")
        what_zh = (f"请在这些行之前记入{what_zh}或该账户的期初余额（{OPENING_BALANCES_ACCOUNT}），"
                   "或先导入含有它的文件，或检查这些行的 发放方式 / 支付方式 列（是银行转账付的？）")
        what = (f"record {what} or the account's opening balance ({OPENING_BALANCES_ACCOUNT}) before these rows, "
                "or import the file that holds it first, or check the rows' 发放方式 / 支付方式 column (paid by bank transfer?)")
    said = "is below zero" if written else "would be below zero"
    said_zh = "低于零" if written else "将低于零"
    return Said(f"{result.path.name}：{account} 在 {day} {said_zh}：加上这些分录后，当天结束时账中为 {held:,.2f} {currency}"
                f"（短缺 {-held:,.2f} {currency}），由{rows_of_entries_zh(rows[-5:])}付出{more_zh}；{what_zh}",
                f"{result.path.name}: {account} {said} on {day}: the books with these entries hold "
                f"{held:,.2f} {currency} at the end of that day ({-held:,.2f} {currency} short), paid out by "
                f"{rows_of_entries(rows[-5:])}{more}; {what}")


def fund_overdrawn_notes(existing: list, results: list) -> list[str]:
    """One note per file and restricted fund that the books with the run's entries leave
    below zero at the end of a day from the file's first row paying from it on: the day, the
    shortfall and the file's rows; `--write` refuses it (ledger/plugins/fund_overdraft.py).

    Why: a roster paying more out of a restricted fund than it held was proposed by the dry
    run without a word, and only `--write` was refused. Files paying from no restricted fund
    (a statement, GENERAL alone) walk nothing."""
    paying = [r for r in results if not r.problem and getattr(r.importer, "kind", "") != "bank"]
    named = {str(e.meta["fund"]) for r in paying for e in r.new
             if isinstance(e, data.Transaction) and e.meta and e.meta.get("fund") is not None}
    if not named:  # a run of statements and bills: nothing to walk
        return []
    restricted = {str(e.values[0].value) for e in existing
                  if isinstance(e, data.Custom) and e.type == "fund" and len(e.values) > 1
                  and str(e.values[0].value) in named and str(e.values[1].value) == "restricted"}
    if not restricted:
        return []
    days: dict[str, dict] = defaultdict(lambda: defaultdict(Decimal))
    for entry in (*existing, *(e for r in paying for e in r.new)):
        if isinstance(entry, data.Transaction):
            for p in entry.postings:
                if is_fund_account(p.account) and posting_fund(entry, p) in restricted:
                    days[posting_fund(entry, p)][entry.date] -= posting_value(p)
    notes = []
    for r in paying:
        for fund in sorted(restricted):
            paid = [e for e in r.new if isinstance(e, data.Transaction) and e.meta and str(e.meta.get("fund")) == fund]
            if not paid:
                continue
            first = min(e.date for e in paid)
            below = next(((day, held) for day, held in _end_of_day_balances(days[fund]) if day >= first and held < 0), None)
            if below is None:
                continue
            day, held = below
            rows = sorted((e for e in paid if e.date <= day), key=lambda e: (e.date, e.meta.get("lineno") or 0))
            more = f" (and {len(rows) - 5} earlier)" if len(rows) > 5 else ""
            more_zh = f"（另有更早的 {len(rows) - 5} 行）" if len(rows) > 5 else ""
            notes.append(Said(
                f"{r.path.name}：限定性基金 {fund} 在 {day} 结束时将透支：加上这些分录后其中为 {held:,.2f} CNY"
                f"（短缺 {-held:,.2f} CNY），由{rows_of_entries_zh(rows[-5:])}付出{more_zh}；--write 会拒绝：请先记入该基金的收入，"
                "或由另一个基金（基金）支付这些行",
                f"{r.path.name}: restricted fund {fund} would be overdrawn at the end of {day}: the books with "
                         f"these entries hold {held:,.2f} CNY in it ({-held:,.2f} CNY short), paid out by "
                         f"{rows_of_entries(rows[-5:])}{more}; --write refuses it: book the "
                         "fund's income first, or pay those rows from another fund (基金)"))
    return notes
