"""The chart of accounts' conventions: which accounts are sources, uses and aid."""

from __future__ import annotations

from functools import lru_cache

AID_ROOT = "Expenses:Aid"
DONATION_ROOT = "Income:Donation"
GOODS_ACCOUNT = "Assets:Goods"
FUND_TRANSFER_ACCOUNT = "Equity:FundTransfers"
CURRENCY = "CNY"

#: The seven aid categories, in the order the centre reports them, with display names.
AID_CATEGORIES: dict[str, tuple[str, str]] = {
    "Expenses:Aid:Living": ("特困救助", "Hardship relief"),
    "Expenses:Aid:Medical": ("医疗救助", "Medical aid"),
    "Expenses:Aid:Education": ("助学", "Education aid"),
    "Expenses:Aid:Employment": ("就业援助", "Employment aid"),
    "Expenses:Aid:Legal": ("法律援助", "Legal aid"),
    "Expenses:Aid:Holiday": ("节日慰问", "Holiday visits"),
    "Expenses:Aid:Goods": ("物资发放", "Goods handed out"),
}

#: The kinds of source, with display names.
SOURCE_KINDS: dict[str, tuple[str, str]] = {
    "Income:Union": ("工会自筹", "Union funding"),
    "Income:Government": ("政府拨款", "Government allocations"),
    "Income:Donation:Enterprise": ("企业捐赠", "Enterprise donations"),
    "Income:Donation:Individual": ("个人捐赠", "Individual donations"),
    "Income:Donation:Organisation": ("社会组织捐赠", "Organisation donations"),
    "Income:Donation:InKind": ("物资捐赠", "Donations in kind"),
    "Income:Interest": ("利息收入", "Interest"),
}


@lru_cache(maxsize=8192)  # called for every posting by several rules; accounts are few
def is_under(account: str, parent: str) -> bool:
    """True when `account` is `parent` or one of its descendants."""
    return account == parent or account.startswith(parent + ":")


@lru_cache(maxsize=8192)
def is_fund_account(account: str) -> bool:
    """Postings to these accounts move a fund's balance: sources, uses and equity."""
    root = account.split(":", 1)[0]
    return root in ("Income", "Expenses", "Equity")


@lru_cache(maxsize=8192)
def is_aid(account: str) -> bool:
    return is_under(account, AID_ROOT)


@lru_cache(maxsize=8192)
def is_donation(account: str) -> bool:
    return is_under(account, DONATION_ROOT)


def aid_category(account: str) -> str | None:
    """The aid category (one of AID_CATEGORIES, or the account's first level under Aid)."""
    if not is_aid(account) or account == AID_ROOT:
        return None
    return ":".join(account.split(":")[:3])
