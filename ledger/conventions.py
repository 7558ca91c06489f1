"""Which of the project's conventions a set of books follows (for foreign books)."""

from __future__ import annotations

from beancount.core import data

from ledger.accounts import AID_CATEGORIES, AID_ROOT, is_under
from ledger.demo_mark import holds_demo
from ledger.errors import bilingual


def rules_switched_on(books) -> bool:
    """True when the books name the project's rules (`plugin "ledger.plugins…"`)."""
    return any(name.startswith("ledger.plugins") for name, _ in books.options.get("plugin", []))


def centre_declared(books) -> bool:
    """True when the settings name the centre (`custom "relief-option" "name_zh"` or "name_en")."""
    return any(
        isinstance(e, data.Custom) and e.type == "relief-option" and e.values
        and isinstance(e.values[0].value, str) and e.values[0].value in ("name_zh", "name_en")  # an amount raised compared with text
        for e in books.entries
    )


def foreign_reasons(books) -> list[tuple[str, str]]:
    """What relief books declare and these do not, for `relief publish` to refuse on, each
    (Chinese, English).

    Books that declare neither the centre nor its funds are somebody else's books (a
    personal ledger, another organisation's books not yet moved in: docs/adopting.md).
    """
    reasons = []
    if not centre_declared(books):
        reasons.append(('未声明中心（settings.beancount：custom "relief-option" "name_zh" "…" 和 "name_en"）',
                        'no centre is declared (settings.beancount: custom "relief-option" "name_zh" "…" and "name_en")'))
    if not books.registry.funds:
        reasons.append(('未声明任何基金（registry/funds.beancount：至少要有 custom "fund" "GENERAL" "unrestricted"）',
                        'no funds are declared (registry/funds.beancount: at least custom "fund" "GENERAL" "unrestricted")'))
    return reasons


def missing_conventions(books) -> list[str]:
    """Plain-language notes on conventions the books do not follow, Chinese first (bilingual); empty for relief books."""
    notes: list[str] = []
    if not rules_switched_on(books):
        notes.append(bilingual('规则未启用：请在主文件中加上 `plugin "ledger.plugins.rules"`',
                               'the rules are not switched on: add `plugin "ledger.plugins.rules"` to the main file'))
    if not books.registry.funds:
        notes.append(bilingual('未声明任何基金（custom "fund"）：全部按一个一般基金处理',
                               'no funds are declared (custom "fund"): everything is treated as one general fund'))
    if not books.registry.donors:
        notes.append(bilingual('未声明任何捐赠人（custom "donor"）：捐赠无法归属到捐赠人',
                               'no donors are declared (custom "donor"): donations cannot be attributed'))
    opened = {e.account for e in books.entries if isinstance(e, data.Open)}
    if not any(is_under(a, AID_ROOT) and a != AID_ROOT for a in opened):
        notes.append(bilingual(f"没有援助账户（{', '.join(AID_CATEGORIES)}）：每个 Expenses 账户都按资金用途处理",
                               f"no aid accounts ({', '.join(AID_CATEGORIES)}): every Expenses account is treated as a use"))
    if not any(isinstance(e, data.Open) and "name_zh" in (e.meta or {}) for e in books.entries):
        notes.append(bilingual("账户没有 name_zh/name_en 元数据：账户名按原样显示",
                               "accounts have no name_zh/name_en metadata: account names are shown as they are"))
    return notes


def dated_after(books, today) -> str | None:
    """A note on transactions dated after `today` (a year or month typed wrong), Chinese first
    (bilingual), else None.

    Why: nothing in beancount or the rules stops a date in the future, and `relief publish`
    gives the site's figures as of the books' last date: one entry typed 2026-12-24 for
    2026-02-24 made the overview say "figures up to 24 December" and made a report of a
    month not yet begun. Entries are in date order: only the tail after today is read.
    Books `relief demo` wrote are a whole fictional year by design (`make demo` in December
    told a new user their first books were typed wrong): no note for them.
    """
    root = getattr(books, "root", None)
    if root is not None and books.entries and books.entries[-1].date > today and holds_demo(root):
        return None
    future = []
    for e in reversed(books.entries):
        if e.date <= today:
            break
        if isinstance(e, data.Transaction):
            future.append(e)
    if not future:
        return None
    future.sort(key=lambda e: (e.date, e.meta.get("filename", ""), e.meta.get("lineno", 0)))
    named = [f"{e.date} at {e.meta.get('filename')}:{e.meta.get('lineno')}" for e in future[:3]]
    named_zh = [f"{e.meta.get('filename')}:{e.meta.get('lineno')} 的 {e.date}" for e in future[:3]]
    more = f" and {len(future) - 3} more" if len(future) > 3 else ""
    more_zh = f"，另有 {len(future) - 3} 笔" if len(future) > 3 else ""
    n = len(future)
    return bilingual(f"{n} 笔交易的日期晚于今天（{today}）：{'、'.join(named_zh)}{more_zh}；请核对日期（钱款或物资实际发生的日期）："
                     f"网站将按 {future[-1].date} 给出数字",
                     f"{n} transaction{' is' if n == 1 else 's are'} dated after today ({today}): {', '.join(named)}{more}; "
                     f"check the date (the day the money or goods moved): the site gives its figures as of {future[-1].date}")
