"""The reconciliation as text for a terminal: one table per check, OK / FAIL in words,
Chinese first (通过 OK / 不符 FAIL, each title and heading 中文 English).

Colour comes from click.style; click.echo drops it when the output is not a terminal, so
piped or redirected output stays plain text. Column widths count CJK characters as two.
"""

from __future__ import annotations

import unicodedata
from decimal import Decimal

import click

from ledger.errors import bilingual
from ledger.period import ONE_DAY
from ledger.reconcile.report import Report
from ledger.said import both


def _width(text: str) -> int:
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


def _pad(text: str, width: int, right: bool = False) -> str:
    fill = " " * max(0, width - _width(text))
    return fill + text if right else text + fill


def _money(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:,.2f}"


def _qty(value: Decimal | None) -> str:
    return "—" if value is None else f"{value:,}"


#: the status words, Chinese first, both as wide on a terminal (a CJK character is two columns)
OK_WORD, FAIL_WORD = "通过   OK", "不符 FAIL"


def _status(ok: bool) -> str:
    return click.style(OK_WORD, fg="green", bold=True) if ok else click.style(FAIL_WORD, fg="red", bold=True)


def _end_of(day) -> str:
    return f"{day} 日终 end of {day}"


def table(headers: list[str], rows: list[list[str]], numeric: set[int] = frozenset()) -> list[str]:
    """Rows padded to their columns' widths (the first column is the status, pre-styled)."""
    widths = [max([_width(h)] + [_width(click.unstyle(r[i])) for r in rows]) for i, h in enumerate(headers)]
    lines = ["  ".join(_pad(h, widths[i], i in numeric) for i, h in enumerate(headers)).rstrip()]
    for row in rows:
        cells = []
        for i, cell in enumerate(row):
            plain = click.unstyle(cell)
            pad = " " * max(0, widths[i] - _width(plain))
            cells.append(pad + cell if i in numeric else cell + pad)
        lines.append("  ".join(cells).rstrip())
    return lines


def _section(title: str, ok: bool) -> str:
    return "\n" + _status(ok) + " " + click.style(title, bold=True)


#: what an empty list of entries says
NONE = "无 none"


def _refs(refs, none: str) -> list[str]:
    if not refs:
        return [f"     {none}"]
    return [f"     {both(r.description)}  ({r.location})" for r in refs]


def _warn() -> str:
    return click.style("WARN", fg="yellow", bold=True)


#: an account's line with its sub-accounts' lines added up (Held.subtotals), and what it is set against
SUBTOTAL = "含子账户合计 with its sub-accounts"
SUBTOTAL_CHECKED = "= 上表账簿数 the books' figure above"


def held_section(report: Report) -> list[str]:
    """Every asset and liability account at the period's end, one line each; money in
    transit, receivables, clearing accounts and what is owed entry by entry, each with its
    age; an account with sub-accounts also with them added up, as the balances' table shows
    it; the lines' total, which is the net assets (docs/closing.md, "Everything the books hold")."""
    held = report.held
    if held is None:
        return []
    p = report.period
    out = ["\n" + (_warn() if held.overdue else _status(True)) + " "
           + click.style(f"期末账面资产与负债 Everything the books hold at the end of {p}", bold=True)]
    if not held.lines:
        return [*out, "     账面无资产或负债 the books hold nothing"]
    rows = []
    for line in held.lines:
        rows.append(["", line.label, f"{line.kind_zh} {line.kind_en}", _money(line.balance), " ".join(line.checked_by)])
        rows += [["", f"{sub.label} {SUBTOTAL}", "", _money(sub.balance), SUBTOTAL_CHECKED] for sub in held.subtotals_after(line)]
    rows.append(["", f"合计（净资产） total (net assets), {report.currency}", "", _money(held.total), ""])
    out += ["     " + line for line in table(["", "账户 account", "类别 kind", f"期末 at {p.last_day}", "核对 checked"], rows, {3})]
    for line in held.lines:
        if not line.items:
            continue
        warn = f"，超过 {line.warn_days} 天提醒 warned after {line.warn_days} days" if line.warn_days is not None else ""
        out.append(f"     {line.label} 逐笔 entry by entry{warn}:")
        rows = [[_warn() if i.overdue else "", str(i.date), _money(i.amount), f"{i.age} 天 days", i.counterpart,
                 (i.lands or "未注明 not stated") if line.kind == "transit" else "", i.description, i.location] for i in line.items]
        head = ["", "日期 date", "金额 amount", "账龄 age", "来自 from" if line.kind == "transit" else "对方 against",
                "到账于 lands in" if line.kind == "transit" else "", "摘要 entry", "位置 where"]
        out += ["       " + row for row in table(head, rows, {2, 3})]
    return out


def render(report: Report) -> str:
    """The report for the terminal: a line per check, failures in red, with what to do."""
    p = report.period
    out = [click.style(f"对账 {p}（{p.start} 至 {p.last_day}） Reconciliation of {p} ({p.start} to {p.last_day})", bold=True) + f" — {report.books}"]
    if report.closed:
        out.append(f"已结账期间 Period closed: {', '.join(report.closed)}")
    if report.closed_within:
        out.append(f"其中已结账 Closed within it: {', '.join(report.closed_within)}")

    out.append(_section("银行、现金和网上账户余额：对账单与账簿 Bank, cash and online balances: statement against the books",
                        all(a.ok for a in report.accounts)))
    if report.accounts:
        rows = []
        for a in report.accounts:
            when = "—" if a.statement_date is None else _end_of(a.statement_date - ONE_DAY)
            if a.net and a.statement_date is not None:
                when = f"截至 {a.statement_date - ONE_DAY} 账单净额 net of the bills to {a.statement_date - ONE_DAY}"
            rows.append([_status(a.ok), a.label, when, _money(a.statement), _money(a.books_at_statement), _money(a.difference), both(a.problem or a.note) or ("未使用 not used" if not a.used else "")])
        out += ["     " + line for line in table(["", "账户 account", "对账单/盘点 statement / count", "对账单 statement", "账簿 books",
                                                    "差额 difference", ""], rows, {3, 4, 5})]
        rows = [["", a.label, _money(a.opening), _money(a.money_in), _money(a.money_out), _money(a.books_at_end)] for a in report.accounts if a.used]
        if rows:
            out.append(f"     账簿 {p}：期初 + 收入 - 支出 = 期末 the books over {p}: opening + in - out = closing")
            out += ["     " + line for line in table(["", "账户 account", f"期初 opening {p.start}", "+ 收入 in", "- 支出 out",
                                                        f"= 期末 closing {p.last_day}"], rows, {2, 3, 4, 5})]
    else:
        out.append("     " + bilingual("本期间没有开立的银行或现金账户", "no bank or cash accounts are open in this period"))

    out.append(_section("已导入对账单覆盖的日期 Days covered by imported statements", not report.gaps and not report.unreadable_days))
    if report.gaps:
        out += [f"     {both(report.gap_line(g))}" for g in report.gaps]
    else:
        out.append("     " + bilingual(f"{p} 的每一天都有对账单覆盖每个在用的银行账户", f"every day of {p} is covered for every bank account in use"))
    if report.unreadable_days:
        out.append("     " + bilingual("这些对账单的日期无法读取，因此不覆盖任何一天（请改正 statement_start / statement_end）",
                                      "these statements' days cannot be read, so they cover no day (fix statement_start / statement_end):"))
        out += _refs(report.unreadable_days, "none")

    out.append(_section("标记 ! 待决定的分录 Entries flagged ! waiting for a decision", not report.pending))
    out += _refs(report.pending, NONE)
    out.append(_section("没有收据号的捐赠 Donations without a receipt number", not report.no_receipt))
    out += _refs(report.no_receipt, NONE)
    out.append(_section("没有审批单号的援助 Aid without an approval number", not report.no_approval))
    out += _refs(report.no_approval, NONE)

    out.append(_section("库存物资与最近一次盘点 Goods in stock against the last count", all(g.ok for g in report.goods)))
    if report.goods:
        rows = [[_status(g.ok), report.name(g.item), "—" if g.count_date is None else _end_of(g.count_date - ONE_DAY), _qty(g.counted), _qty(g.books_at_count), _qty(g.books_at_end), both(g.problem or g.note)] for g in report.goods]
        out += ["     " + line for line in table(["", "物资 item", "盘点 count", "盘点数 counted", "当时账面 books then",
                                                    "期末账面 books at end", ""], rows, {3, 4, 5})]
    else:
        out.append("     " + bilingual("没有持有或进出的物资", "no goods held or moved"))

    f = report.funds
    out.append(_section("各基金合计等于净资产 Funds add up to the net assets", f.ok))

    def movement(fund):
        c = f.changes.fund(fund) if f.changes is not None else None
        return [_money(c.opening), _money(c.raised), _money(c.spent), _money(c.transferred)] if c is not None else ["", "", "", ""]

    rows = [["", report.name(fund), *movement(fund), _money(v)] for fund, v in f.balances.items()]
    rows += [[click.style(FAIL_WORD, fg="red", bold=True), fund or "（无基金）(no fund)", *movement(fund), _money(v)] for fund, v in f.unattributed.items()]
    if f.changes is not None:
        t = f.changes.total
        rows.append(["", "全部基金 all funds", _money(t.opening), _money(t.raised), _money(t.spent), _money(t.transferred), _money(t.closing)])
    rows += [["", "已声明基金合计 total of the declared funds", "", "", "", "", _money(f.total)],
             ["", "净资产 net assets", "", "", "", "", _money(f.net_assets)], ["", "差额 difference", "", "", "", "", _money(f.difference)]]
    out += ["     " + line for line in table(["", "基金 fund", "期初 opening", "+ 筹得 raised", "- 支出 spent", "+/- 调拨 transfers",
                                                "= 期末 closing"], rows, {2, 3, 4, 5, 6})]
    for ref, currencies in f.left_out:
        out.append(f"     {click.style(FAIL_WORD, fg='red', bold=True)} "
                   + bilingual(f"未计入：{ref.location} 的 {ref.description} 以 {', '.join(currencies)} 变动基金，没有任何数字计入它",
                               f"left out: {ref.description} at {ref.location} moves a fund in {', '.join(currencies)}, which no figure counts"))
    moves = sorted(((t.date, fund, t) for fund, c in (f.changes.funds.items() if f.changes is not None else ()) for t in c.transfers if t.amount < 0), key=lambda m: (m[0], m[1]))
    for _date, fund, t in moves:
        out.append(f"     调拨 transfer {t.date}: {_money(-t.amount)} from {report.name(fund)} to {', '.join(report.name(c) for c in t.counterparts)}: {t.reason} (approval {t.approval or 'none recorded'})")

    out += held_section(report)

    if report.book_errors:
        out.append(_section(f"截至 {p.last_day} 账簿中的错误（relief check） Errors in the books up to {p.last_day} (relief check)", False))
        out += [f"     {e}" for e in report.book_errors]

    if report.corrections:
        out.append("\n" + click.style("本期间的更正 Corrections in this period", bold=True))
        for c in report.corrections:
            note = "" if c.found else click.style("  （所指的在账簿中找不到）(names nothing in the books)", fg="yellow")
            out.append(f"     {c.entry.description} 更正 corrects {c.corrects}{note}")

    warnings = report.warnings()
    if warnings:
        out.append("\n" + click.style(f"提醒 Warnings ({len(warnings)}; 不影响对账结果 they do not fail the period):", fg="yellow", bold=True))
        out += [f"     {w}" for w in warnings]

    problems = report.problems()
    if problems:
        n = len(problems)
        out.append("\n" + click.style(bilingual(f"{p} 对账不符：{n} 个问题", f"{p} does not reconcile: {n} problem{'s' if n != 1 else ''}."),
                                       fg="red", bold=True))
        if report.running:  # the statements of a month not over do not exist yet
            out.append(bilingual(f"{p} 尚未结束（于 {p.last_day} 结束）：请从 {report.period.end} 起、其对账单齐备后再对账",
                                 f"{report.running}: reconcile it from {report.period.end} on, when its statements exist."))
    elif report.running:  # typed ahead: what holds today may change before the month ends
        out.append("\n" + click.style(bilingual(f"{p} 到目前为止对账相符：它尚未结束（于 {p.last_day} 结束），其数字仍可能变化",
                                                 f"{p} reconciles so far: {report.running}, and its figures may still change."),
                                       fg="yellow", bold=True))
    else:
        out.append("\n" + click.style(bilingual(f"{p} 对账相符", f"{p} reconciles."), fg="green", bold=True))
    return "\n".join(out)
