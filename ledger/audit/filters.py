"""Fava filter expressions for the entries behind a number (plain strings, no Fava import).

Fava's advanced filter matches `key:"regex"` against an entry's attribute or metadata,
case-insensitively and anywhere in the value, so every value here is escaped and anchored:
`fund:"^EDU\\-2026$"` shows fund EDU-2026 and not EDU-2026-B. `any(...)` looks at postings,
a space means "and", a comma "or" (Fava's help: Filters).
"""

from __future__ import annotations

import re
from typing import Iterable


def _anchored(values: Iterable[str]) -> str:
    values = sorted({str(v) for v in values})
    body = "|".join(re.escape(v) for v in values)
    return f"^({body})$" if len(values) > 1 else f"^{body}$"


def _quoted(regex: str) -> str:
    # Fava's lexer takes a double-quoted string up to the next double quote.
    return '"' + regex.replace('"', ".") + '"'


def meta(key: str, *values: str) -> str:
    """Entries whose metadata (or attribute) `key` is exactly one of `values`."""
    return f"{key}:{_quoted(_anchored(values))}"


def prefix(key: str, start: str) -> str:
    """Entries whose metadata `key` starts with `start`."""
    return f"{key}:{_quoted('^' + re.escape(start))}"


def fund(*funds: str) -> str:
    """The entries of one or more funds (transaction `fund`, or a transfer posting's)."""
    return f"({meta('fund', *funds)},any({meta('fund', *funds)}))"


def no_fund() -> str:
    """Transactions that name no fund at all but move a fund account."""
    return '-fund:"." -any(fund:".") any(account:"^(Income|Expenses|Equity)(:|$)")'


def account(*accounts: str) -> str:
    """Entries with a posting to one of `accounts` or their children."""
    body = "|".join(re.escape(a) for a in sorted(set(accounts)))
    return f'any(account:{_quoted(f"^({body})(:|$)")})'


def account_except(root: str, *left_out: str) -> str:
    """Entries with a posting to `root` or its children other than `left_out` (accounts
    under `root`) and theirs: `any(account:"^Assets(?!:(Goods|Receivable)(:|$))(:|$)")`."""
    rests = sorted({re.escape(a[len(root) + 1:]) for a in left_out})
    body = rests[0] if len(rests) == 1 else "(" + "|".join(rests) + ")"
    return f'any(account:{_quoted(f"^{re.escape(root)}(?!:{body}(:|$))(:|$)")})'


def carried(transfers: str) -> str:
    """Entries carrying a balance over into the books: a posting to an Equity account other
    than `transfers` (Equity:FundTransfers) and its children, what ledger.funds counts as
    "carried" (Equity:Opening-Balances)."""
    return account_except(transfers.partition(":")[0], transfers)


def case(case_id: str) -> str:
    """Entries giving aid to a case (named on the transaction or on a posting)."""
    return cases(case_id)


def cases(*case_ids: str) -> str:
    """Entries giving aid to any of the cases."""
    return f"({meta('case', *case_ids)},any({meta('case', *case_ids)}))"


def no_case() -> str:
    """Entries that name no case and no reporting union (aid the cases view counts under "unknown")."""
    return '-case:"." -any(case:".") -unit:"."'


def any_of(*parts: str | None) -> str | None:
    """Any of the given filters (empty parts skipped); None when none is given."""
    kept = [p.strip() for p in parts if p and p.strip()]
    if not kept:
        return None
    return kept[0] if len(kept) == 1 else ",".join(f"({p})" for p in kept)


def combine(*parts: str | None) -> str:
    """All of the given filters (empty parts skipped); each part is parenthesised."""
    return " ".join(pieces(*parts))


def pieces(*parts: str | None) -> list[str]:
    """What `combine` joins with spaces: the parts given (empty ones skipped), each
    parenthesised when there are several. Apart so that a link can quote each piece once and
    join them (the Fava extension's pages repeat the same pieces in thousands of links)."""
    kept = [p.strip() for p in parts if p and p.strip()]
    return kept if len(kept) == 1 else [f"({p})" for p in kept]
