"""The import configuration of a set of books: one list of importers for Fava and the CLI.

The books' import_config.py calls `importers_for_books(__file__, ...)`; Fava's import page
and `relief import` both run that file, so both see the same importers with the same
options. Banks beyond the built-in profiles are added as `profiles=[{...}]` (see
importers.profiles and docs/importing.md).
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from pathlib import Path
from typing import Any

from importers.base import ImportOptions
from importers.classify import Rules
from importers.profiles import Profile, ProfileError, builtin_profiles, profile_from_dict
from ledger.accounts import CASH_ACCOUNT


def importers_for_books(config_path: str | Path, *, profiles: Iterable[Mapping[str, Any] | Profile] = (),
                        accounts: Mapping[str, str] | None = None, payer_rules: Mapping[str, str] | None = None,
                        unknown_debit_account: str | None = None, builtin: bool = True,
                        **option_values: Any) -> list:
    """The importers for the books beside `config_path` (the import_config.py file).

    profiles: the books' own bank profiles (dicts or Profile), tried before the built-in ones.
    accounts: statement account number (or its last digits) -> books account.
    payer_rules: payer-name regex -> account, e.g. {"财政局": "Income:Government"}.
    Other keyword arguments set ImportOptions fields (verify_summary, balance, wechat_account…).
    """
    from importers.bank import BankStatementImporter
    from importers.payments import AlipayImporter, WeChatImporter
    from importers.registers import DonationRegisterImporter, GoodsRegisterImporter, RosterImporter

    root = Path(config_path).resolve().parent
    rules = Rules()
    if payer_rules:
        rules.payer_rules = _checked_payer_rules(payer_rules)
    if unknown_debit_account:
        rules.unknown_debit_account = _checked_option("unknown_debit_account",
                                                      unknown_debit_account, "")
    options = ImportOptions(root=root, accounts=_checked_accounts(accounts or {}), rules=rules)
    for key, value in option_values.items():
        if not hasattr(options, key):
            raise ProfileError(f"importers_for_books: unknown option {key!r}")
        setattr(options, key, _checked_option(key, value, getattr(options, key)))
    rules.cash_account = options.cash_account
    own = [profile_from_dict(p) for p in profiles]
    ids = [p.id for p in own]
    if len(set(ids)) != len(ids):
        raise ProfileError(f"two profiles share an id: {sorted({i for i in ids if ids.count(i) > 1})}")
    chosen = own + [p for p in (builtin_profiles() if builtin else ()) if p.id not in ids]
    importers: list = [BankStatementImporter(p, options) for p in chosen]
    importers += [WeChatImporter(options), AlipayImporter(options),
                  DonationRegisterImporter(options), RosterImporter(options), GoodsRegisterImporter(options)]
    return importers


def _checked_option(key: str, value: Any, default: Any) -> Any:
    """An option's value, of the kind its default is: an account name where the default is
    text, True or False, a whole number of days not below 0.

    Why: `wechat_account=7` or `link_window_days=-5` were taken as they were and failed inside
    the first bill's import as relief's internal error, naming neither the option nor the file."""
    from beancount.core import account

    if isinstance(default, bool):
        if not isinstance(value, bool):
            raise ProfileError(f"importers_for_books: {key} must be True or False, not {value!r}")
    elif isinstance(default, int):
        if isinstance(value, bool) or not isinstance(value, int) or value < 0:
            raise ProfileError(f"importers_for_books: {key} must be a whole number of days, "
                               f"0 or more, not {value!r}")
    elif isinstance(default, str) and not (isinstance(value, str) and account.is_valid(value)):
        raise ProfileError(f"importers_for_books: {key} must be an account name such as "
                           f"{CASH_ACCOUNT}, not {value!r}")
    return value


def _checked_accounts(accounts: Mapping[str, str]) -> dict[str, str]:
    """The statement-number -> books-account map, each side text and each account a valid name."""
    if not isinstance(accounts, Mapping):
        raise ProfileError("accounts must be a dict of statement account number -> books account, "
                           f"not {accounts!r}")
    for number, name in accounts.items():
        if not isinstance(number, str):
            raise ProfileError(f"accounts: the account number {number!r} must be written as text, "
                               "in quotes (a number loses its leading zeros)")
        _checked_option(f"accounts[{number!r}]", name, "")
    return dict(accounts)


def _checked_payer_rules(payer_rules: Mapping[str, str]) -> dict[str, str]:
    """The payer rules, each a valid regular expression mapped to an account name.

    Why: a rule such as `{"(": "Income:Government"}` (a bracket typed for a name) was taken as
    it was and failed inside the first statement's import, as relief's internal error."""
    if not isinstance(payer_rules, Mapping):
        raise ProfileError("payer_rules must be a dict of payer-name pattern -> account, "
                           f"not {payer_rules!r}")
    for pattern, account in payer_rules.items():
        if not isinstance(pattern, str) or not isinstance(account, str):
            raise ProfileError(f"payer_rules: {pattern!r}: {account!r} must be text: "
                               "a payer-name pattern -> an account")
        try:
            re.compile(pattern)
        except re.error as exc:
            raise ProfileError(f"payer_rules: {pattern!r} is not a valid regular expression "
                               f"({exc}); write a name, or escape brackets and dots with a "
                               "backslash") from None
    return dict(payer_rules)


def renumber_receipts(extracted, existing):
    """beangulp/Fava hook: receipts numbered across every file of one run, never twice.

    `bean-extract`-style runs extract each file against the same books, so two files could
    take the same next number; this hook renumbers the new donations in order.
    """
    from importers.classify import assign_receipts
    from importers.context import build_context

    ctx = build_context(existing)
    everything = []
    for item in extracted:
        for entry in item[1]:
            entry.meta.pop("receipt", None) if _is_new_donation(entry) else None
            everything.append(entry)
    assign_receipts(everything, ctx)
    return extracted


def _is_new_donation(entry) -> bool:
    from beancount.core import data

    from ledger.accounts import is_donation

    return (isinstance(entry, data.Transaction) and not entry.meta.get("__duplicate__")
            and any(is_donation(p.account) for p in entry.postings))
