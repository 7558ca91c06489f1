"""The append-only fast path of the load cache: books that only GREW are the cached full load
plus the appended entries, booked and checked alone, with exactly a full load's result.

After `relief import --write` (or a hand-typed donation at the end of a file) the books differ
from the last full load (the *base*, ledger/load_cache.py) only by text appended to one or
more files. This module turns the base into what a full load of the new books would give:
the same entries (meta and line numbers included), the same errors in the same order, the
same options. Whenever it cannot prove that, it refuses (`Refused`) and the caller loads the
books in full. The proof, step by step (beancount 3's loader, `beancount.loader._load`):

1. **Parsing.** The prefix of each grown file is byte for byte the text the base parsed
   (its SHA-256 is the recorded one). The appended text is parsed alone with the file's
   name and its first line number, so meta equal a whole-file parse's. It must begin a new
   directive: the prefix ends with a newline and the appended text's first line that is
   neither empty nor a comment starts with a date (an indented line could continue the
   previous entry).
   The parser's state at the end of the prefix must be the default one: the grown file
   may contain no `option` (the parser reads some options while it parses) and no
   pushtag/poptag/pushmeta/popmeta. The appended text may contain no option, plugin or
   include (its options must be the parser's defaults), must parse without errors and
   give only transactions. The parser feeds every amount to the display context, so the
   appended parse's display context is merged into the options' one, as the loader merges
   each file's (counts add up, signs and widths are maxima: the order does not matter).
2. **Booking.** A transaction with no cost spec, no posting whose units or price lack a
   currency, is booked from its own postings only (booking_full.categorize_by_currency
   reads the accounts' inventories only for postings whose currency is unknown, and
   book_reductions only for postings held at cost): booking the new transactions alone
   gives the entries and errors a full booking gives them; every other entry books as
   it did. The base's entries are sorted by `data.entry_sortkey` (date, type, line);
   a new entry whose key equals another entry's (possible across files) is refused, so
   the stable sort of a full load puts every new entry exactly where the merge does.
3. **Plugins.** Only relief's own (`ledger.plugins.*`, which return the very list they are
   given: they only check) and beancount's defaults may run. relief's plugins run again
   over the whole merged list (their errors are the base's only errors allowed). A rule
   may use a note it left with the base (ledger/memo.py) together with the list of the
   entries appended since: the closed-period rule skips hashing the closed periods when
   the base found them intact and nothing appended is dated within them, and the rules
   that judge each transaction alone give the base's errors plus their errors on the new
   transactions (ledger/rules_appended.py; the base's errors are handed over when the
   rules bundle is the books' only plugin).
   `documents` gives the same entries unless a new account appears (refused when the
   books have a documents folder). `pad` gives the same entries unless a new posting
   touches a padded or padding account or one above or below it (refused). `balance`
   checks each assertion against the running balance of its account's subtree: only
   assertions on a touched account or an ancestor of one can change, and they are
   checked again over the Open/Close entries, the transactions posting to their subtrees
   and themselves (`_balance_check`: the same running sums, in the same order).
4. **Validation.** Every check of `beancount.ops.validation.VALIDATIONS` is per entry
   given the Open/Close/Commodity entries (open and close dates, currency constraints,
   transaction balance) or about Open/Close/Commodity/Balance/Document entries alone,
   which did not change and gave no error in the base: validating the Open, Close and
   Commodity entries with the new entries gives exactly the full validation's errors.
5. **Errors.** The base had no error but relief's rules' (RuleError, RuleWarning), which
   are computed again; so a full load's list is: the new entries' booking errors, the
   plugins' errors in plugin order, the balance errors, the validation errors: the order
   built here.

The base is read from the cache each time and not written again: the next load again
applies everything appended since the base; past MAX_APPENDED_BYTES or a share of
MAX_NEW_SHARE new entries the caller loads in full and stores a new base.
"""

from __future__ import annotations

import bisect
import importlib
import re
from dataclasses import dataclass
from typing import Any

from beancount import loader
from beancount.core import account, data, getters
from beancount.core.amount import Amount
from beancount.core.number import MISSING
from beancount.ops import balance as bc_balance
from beancount.ops import validation
from beancount.parser import booking, options

from ledger import memo, parse_cache
from ledger.errors import RuleError, RuleWarning

#: past this many appended bytes (all files), a full load makes a new base
MAX_APPENDED_BYTES = 512 * 1024
#: past this share of the base's entries appended, a full load makes a new base
MAX_NEW_SHARE = 0.02
#: ... but never fewer than this many new entries are applied on the fast path
MIN_NEW_ALLOWED = 50

RELIEF_PLUGINS = "ledger.plugins."
RULES_BUNDLE = "ledger.plugins.rules"
_PARSER_STATE = re.compile(rb"(?m)^[ \t]*(?:option|pushtag|poptag|pushmeta|popmeta)\b")
_DIRECTIVES_WITHOUT_ENTRY = re.compile(rb"(?m)^[ \t]*(?:option|plugin|include|pushtag|poptag|pushmeta|popmeta)\b")
_OWN_OPTIONS = ("filename", "dcontext")

Loaded = tuple[list[data.Directive], list[Any], dict[str, Any]]


class Refused(Exception):
    """The fast path cannot prove its result equal to a full load's; the message says why."""


@dataclass
class Growth:
    """A file that grew: its absolute name, its size at the base, and its bytes now."""

    name: str
    old_size: int
    content: bytes


def base_is_clean(errors: list[Any]) -> bool:
    """True when every error of a full load came from relief's rules (computed again by the
    fast path); any other error (parser, booking, beancount's plugins, validation) makes
    the load unusable as a base."""
    return all(isinstance(e, (RuleError, RuleWarning)) for e in errors)


def apply(base: Loaded, grown: list[Growth], notes: dict | None = None) -> Loaded:
    """The full load of the books that are `base`'s books with `grown`'s text appended;
    Refused when that cannot be shown exact. `base` is used up (its lists and options
    are changed in place). `notes` are what the rules left with the base (ledger/memo.py);
    they see them with the entries appended since."""
    entries, errors, options_map = base
    if not base_is_clean(errors):
        raise Refused("the base load has errors other than the rules'")
    _plugins_allowed(options_map)
    appended = sum(len(g.content) - g.old_size for g in grown)
    if appended > MAX_APPENDED_BYTES:
        raise Refused(f"{appended} bytes appended")

    parsed: list[data.Directive] = []
    contexts = []
    for growth in grown:
        new, context = _parse_growth(growth)
        parsed.extend(new)
        contexts.append(context)
    if len(parsed) > max(MIN_NEW_ALLOWED, MAX_NEW_SHARE * len(entries)):
        raise Refused(f"{len(parsed)} new entries")
    for entry in parsed:
        _bookable_alone(entry)
    parsed.sort(key=data.entry_sortkey)
    keys = [data.entry_sortkey(e) for e in parsed]
    if any(a == b for a, b in zip(keys, keys[1:], strict=False)):
        raise Refused("two new entries sort alike")

    touched = {p.account for e in parsed for p in e.postings}
    _pads_untouched(entries, touched)
    if options_map.get("documents") and not touched <= {e.account for e in entries if isinstance(e, data.Open)}:
        if not touched <= getters.get_accounts(entries):
            raise Refused("a new account (the documents plugin looks for its folder)")

    # as in a full load: the display context holds every file's numbers before booking,
    # and the input hash is computed only after validation
    for context in contexts:
        options_map["dcontext"].update_from(context)
    options_map.pop("input_hash", None)
    booked, booking_errors = booking.book(parsed, options_map)
    merged = _merge(entries, booked)
    # the base's errors are all the bundle's (base_is_clean) when it is the only plugin
    bundle_only = [name for name, _config in options_map["plugin"]] == [RULES_BUNDLE]
    with memo.load_notes({}, notes, tuple(booked), errors if bundle_only else None):
        plugin_errors = _run_relief_plugins(merged, options_map)
    balance_errors = _balance_check(merged, touched, options_map)
    new_ids = {id(e) for e in booked}
    validated = [e for e in merged if isinstance(e, (data.Open, data.Close, data.Commodity)) or id(e) in new_ids]
    validation_errors = validation.validate(validated, options_map)

    options_map["input_hash"] = loader.compute_input_hash(options_map["include"])
    return merged, booking_errors + plugin_errors + balance_errors + validation_errors, options_map


def _plugins_allowed(options_map: dict[str, Any]) -> None:
    if options_map.get("plugin_processing_mode") != "default":
        raise Refused("plugin_processing_mode is not the default")
    if loader.PLUGINS_AUTO or [p for p, _c in loader.PLUGINS_PRE] != ["beancount.ops.documents"] or [
        p for p, _c in loader.PLUGINS_POST
    ] != ["beancount.ops.pad", "beancount.ops.balance"]:
        raise Refused("beancount's default plugins are not the ones this module knows")
    for name, _config in options_map["plugin"]:
        if not name.startswith(RELIEF_PLUGINS):
            raise Refused(f"plugin {name} is not relief's")


def _parse_growth(growth: Growth) -> tuple[list[data.Directive], Any]:
    prefix = memoryview(growth.content)[: growth.old_size]
    text = growth.content[growth.old_size :]
    if growth.old_size and growth.content[growth.old_size - 1] != 0x0A:
        raise Refused(f"{growth.name}: the earlier text does not end with a new line")
    if _PARSER_STATE.search(prefix):
        raise Refused(f"{growth.name}: options or pushed tags/meta before the new text")
    first = next((line for line in text.split(b"\n") if line not in (b"", b"\r") and not line.startswith(b";")), b"")
    if first and not first[:1].isdigit():
        raise Refused(f"{growth.name}: the new text does not begin with a dated entry")
    if _DIRECTIVES_WITHOUT_ENTRY.search(text):
        raise Refused(f"{growth.name}: option, plugin, include or push/pop in the new text")
    first_line = growth.content.count(b"\n", 0, growth.old_size) + 1
    new, parse_errors, new_options = parse_cache.parse_appended(text, growth.name, first_line)
    if parse_errors:
        raise Refused(f"{growth.name}: the new text has parse errors")
    if {k: v for k, v in new_options.items() if k not in _OWN_OPTIONS} != {
        k: v for k, v in options.OPTIONS_DEFAULTS.items() if k not in _OWN_OPTIONS
    }:
        raise Refused(f"{growth.name}: the new text sets options")
    return new, new_options["dcontext"]


def _bookable_alone(entry: data.Directive) -> None:
    if not isinstance(entry, data.Transaction):
        raise Refused(f"a new {type(entry).__name__} entry")
    for posting in entry.postings:
        if posting.cost is not None:
            raise Refused("a new posting with a cost")
        units, price = posting.units, posting.price
        if units is not MISSING and not (isinstance(units, Amount) and isinstance(units.currency, str)):
            raise Refused("a new posting without its currency")
        if price is not None and not (isinstance(price, Amount) and isinstance(price.currency, str)):
            raise Refused("a new price without its currency")


def _related(a: str, b: str) -> bool:
    return a == b or a.startswith(b + ":") or b.startswith(a + ":")


def _pads_untouched(entries: list[data.Directive], touched: set[str]) -> None:
    padded = {name for e in entries if isinstance(e, data.Pad) for name in (e.account, e.source_account)}
    if any(_related(t, p) for t in touched for p in padded):
        raise Refused("a new posting near a padded account")


def _merge(entries: list[data.Directive], new: list[data.Directive]) -> list[data.Directive]:
    """`entries` (sorted) with `new` (sorted) put where a stable sort of both puts them."""
    if not new:
        return entries
    cuts = []
    for entry in new:
        key = data.entry_sortkey(entry)
        lo = bisect.bisect_left(entries, key, key=data.entry_sortkey)
        if lo < len(entries) and data.entry_sortkey(entries[lo]) == key:
            raise Refused("a new entry sorts like an existing one")
        cuts.append(lo)
    merged: list[data.Directive] = []
    start = 0
    for cut, entry in zip(cuts, new, strict=True):
        merged.extend(entries[start:cut])
        merged.append(entry)
        start = cut
    merged.extend(entries[start:])
    return merged


def _run_relief_plugins(entries: list[data.Directive], options_map: dict[str, Any]) -> list[Any]:
    """relief's plugins as the loader runs them, in order; each must return the list it got."""
    errors: list[Any] = []
    for name, config in options_map["plugin"]:
        module = importlib.import_module(name)
        for function in getattr(module, "__plugins__", ()):
            callback = getattr(module, function) if isinstance(function, str) else function
            args = () if config is None else (config,)
            try:
                returned, plugin_errors = callback(entries, options_map, *args)
            except Exception as exc:  # the full load reports it as the loader does
                raise Refused(f"plugin {name} failed") from exc
            if returned is not entries:
                raise Refused(f"plugin {name} returned other entries")
            errors.extend(plugin_errors)
    return errors


def _balance_check(entries: list[data.Directive], touched: set[str], options_map: dict[str, Any]) -> list[Any]:
    """beancount.ops.balance.check for the assertions the new postings can change.

    An assertion on account A compares the sum of the postings to A and every account below
    it, up to the assertion's place in the sorted list (balance.check's realization of the
    asserted accounts' subtrees, `compute_balance(leaf_only=False)`), and looks up A's Open
    entry. The new postings change only the sums of the touched accounts and their
    ancestors; every other assertion passed in the base and still does. Checked over the
    Open/Close entries, the transactions posting in those subtrees and those assertions,
    in the list's order, the sums are the same ones, so the errors and the failed
    assertions (returned with `diff_amount` set) are the full check's. The failed
    assertions replace the entries in `entries`."""
    affected = {a for t in touched for a in account.parents(t)}
    asserted = [e for e in entries if isinstance(e, data.Balance) and e.account in affected]
    if not asserted:
        return []

    roots = {e.account for e in asserted}
    seen: dict[str, bool] = {}

    def in_subtree(name: str) -> bool:
        found = seen.get(name)
        if found is None:
            found = seen[name] = any(name == a or name.startswith(a + ":") for a in roots)
        return found

    subset = [
        e
        for e in entries
        if isinstance(e, (data.Open, data.Close))
        or (isinstance(e, data.Balance) and e.account in affected)
        or (isinstance(e, data.Transaction) and any(in_subtree(p.account) for p in e.postings))
    ]
    checked, errors = bc_balance.check(subset, options_map)
    replaced = {id(old): new for old, new in zip(subset, checked, strict=True) if new is not old}
    if replaced:
        for i, entry in enumerate(entries):
            if id(entry) in replaced:
                entries[i] = replaced[id(entry)]
    return errors
