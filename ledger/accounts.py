"""The chart of accounts' conventions: which accounts are sources, uses and aid."""

from __future__ import annotations

from functools import lru_cache

#: The five roots of a beancount chart of accounts.
ASSETS, LIABILITIES, INCOME, EXPENSES, EQUITY = "Assets", "Liabilities", "Income", "Expenses", "Equity"
#: Roots whose postings move a fund's balance (sources, uses and transfers between funds).
FUND_ROOTS = (INCOME, EXPENSES, EQUITY)
#: Roots of what the centre holds or owes (where money is, not which fund it belongs to).
BALANCE_SHEET_ROOTS = (ASSETS, LIABILITIES)

CURRENCY = "CNY"

# Where the money is: the template's accounts (ledger/template/accounts.beancount).
BANK_ROOT = "Assets:Bank"
CASH_ACCOUNT = "Assets:Cash"
ONLINE_ROOT = "Assets:Online"
WECHAT_ACCOUNT = "Assets:Online:WeChat"
ALIPAY_ACCOUNT = "Assets:Online:Alipay"
#: Where a bill's rows paid by a card the import config does not map wait for its statement
#: (清算账户): they meet the statement's rows there and it returns to zero
CLEARING_ROOT = "Assets:Clearing"
WECHAT_CLEARING_ACCOUNT = "Assets:Clearing:WeChat"
ALIPAY_CLEARING_ACCOUNT = "Assets:Clearing:Alipay"
#: Money sent from one of the centre's accounts to another and not yet arrived (在途资金): the
#: sending bank's day takes it out into here, the receiving bank's day brings it in from here,
#: so each bank's statement is matched on its own day (docs/closing.md, "Money in transit")
TRANSIT_ACCOUNT = "Assets:Transit"
GOODS_ACCOUNT = "Assets:Goods"
RECEIVABLE_ROOT = "Assets:Receivable"
#: allocations approved but not yet received (应收拨款): their money, when it comes, settles it
GOVERNMENT_RECEIVABLE_ACCOUNT = "Assets:Receivable:Government"
#: gifts pledged and not yet paid (应收捐赠): the gift is booked here when promised, its money
#: settles it when it comes (a pledge's letter says what has come: letters/model.py)
PLEDGE_ACCOUNT = "Assets:Receivable:Pledges"
#: A payment out that the import cannot classify waits here, flagged, until someone decides.
PAYABLE_ACCOUNT = "Liabilities:Payable"
OPENING_BALANCES_ACCOUNT = "Equity:Opening-Balances"
FUND_TRANSFER_ACCOUNT = "Equity:FundTransfers"

# Sources.
UNION_ACCOUNT = "Income:Union"
GOVERNMENT_ACCOUNT = "Income:Government"
DONATION_ROOT = "Income:Donation"
ENTERPRISE_DONATION_ACCOUNT = "Income:Donation:Enterprise"
INDIVIDUAL_DONATION_ACCOUNT = "Income:Donation:Individual"
ORGANISATION_DONATION_ACCOUNT = "Income:Donation:Organisation"
IN_KIND_DONATION_ACCOUNT = "Income:Donation:InKind"
INTEREST_ACCOUNT = "Income:Interest"
#: The donation account for each kind of donor (the registry's `kind`).
DONATION_ACCOUNTS: dict[str, str] = {
    "enterprise": ENTERPRISE_DONATION_ACCOUNT,
    "individual": INDIVIDUAL_DONATION_ACCOUNT,
    "organisation": ORGANISATION_DONATION_ACCOUNT,
}

# Uses.
AID_ROOT = "Expenses:Aid"
LIVING_AID_ACCOUNT = "Expenses:Aid:Living"
MEDICAL_AID_ACCOUNT = "Expenses:Aid:Medical"
EDUCATION_AID_ACCOUNT = "Expenses:Aid:Education"
EMPLOYMENT_AID_ACCOUNT = "Expenses:Aid:Employment"
LEGAL_AID_ACCOUNT = "Expenses:Aid:Legal"
HOLIDAY_AID_ACCOUNT = "Expenses:Aid:Holiday"
GOODS_AID_ACCOUNT = "Expenses:Aid:Goods"
OPERATIONS_ROOT = "Expenses:Operations"
BANK_FEES_ACCOUNT = "Expenses:Operations:BankFees"
OFFICE_ACCOUNT = "Expenses:Operations:Office"

#: The seven aid categories, in the order the centre reports them, with display names.
AID_CATEGORIES: dict[str, tuple[str, str]] = {
    LIVING_AID_ACCOUNT: ("特困救助", "Hardship relief"),
    MEDICAL_AID_ACCOUNT: ("医疗救助", "Medical aid"),
    EDUCATION_AID_ACCOUNT: ("助学", "Education aid"),
    EMPLOYMENT_AID_ACCOUNT: ("就业援助", "Employment aid"),
    LEGAL_AID_ACCOUNT: ("法律援助", "Legal aid"),
    HOLIDAY_AID_ACCOUNT: ("节日慰问", "Holiday visits"),
    GOODS_AID_ACCOUNT: ("物资发放", "Goods handed out"),
}

#: The kinds of source, with display names.
SOURCE_KINDS: dict[str, tuple[str, str]] = {
    UNION_ACCOUNT: ("工会自筹", "Union funding"),
    GOVERNMENT_ACCOUNT: ("政府拨款", "Government allocations"),
    ENTERPRISE_DONATION_ACCOUNT: ("企业捐赠", "Enterprise donations"),
    INDIVIDUAL_DONATION_ACCOUNT: ("个人捐赠", "Individual donations"),
    ORGANISATION_DONATION_ACCOUNT: ("社会组织捐赠", "Organisation donations"),
    IN_KIND_DONATION_ACCOUNT: ("物资捐赠", "Donations in kind"),
    INTEREST_ACCOUNT: ("利息收入", "Interest"),
}


def root_of(account: str) -> str:
    """The account's root: Assets, Liabilities, Income, Expenses or Equity."""
    return account.split(":", 1)[0]


@lru_cache(maxsize=8192)  # asked of every posting the importers index; accounts are few
def is_balance_sheet(account: str) -> bool:
    """Assets and liabilities: where money is or is owed, as opposed to a fund's movements."""
    return root_of(account) in BALANCE_SHEET_ROOTS


@lru_cache(maxsize=8192)  # called for every posting by several rules; accounts are few
def is_under(account: str, parent: str) -> bool:
    """True when `account` is `parent` or one of its descendants."""
    return account == parent or account.startswith(parent + ":")


@lru_cache(maxsize=8192)
def is_fund_account(account: str) -> bool:
    """Postings to these accounts move a fund's balance: sources, uses and equity."""
    return root_of(account) in FUND_ROOTS


@lru_cache(maxsize=8192)
def is_aid(account: str) -> bool:
    """Aid to a case: an account under Expenses:Aid."""
    return is_under(account, AID_ROOT)


@lru_cache(maxsize=8192)
def is_donation(account: str) -> bool:
    """A donation: an account under Income:Donation."""
    return is_under(account, DONATION_ROOT)


def is_asset(account: str) -> bool:
    """An account under Assets."""
    return account.startswith(ASSETS + ":")


def is_bank(account: str) -> bool:
    """A bank account (under Assets:Bank)."""
    return is_under(account, BANK_ROOT) and account != BANK_ROOT


def is_cash(account: str) -> bool:
    """The cash box (Assets:Cash, or a sub-account of it)."""
    return is_under(account, CASH_ACCOUNT)


def is_online(account: str) -> bool:
    """A WeChat Pay / Alipay balance (importers: the bill's 零钱 / 余额)."""
    return is_under(account, ONLINE_ROOT) and account != ONLINE_ROOT


def aid_category(account: str) -> str | None:
    """The aid category (one of AID_CATEGORIES, or the account's first level under Aid)."""
    if not is_aid(account) or account == AID_ROOT:
        return None
    return ":".join(account.split(":")[:3])
