"""Every donation names a registered donor and its own receipt number.

A donation is a transaction with a posting to Income:Donation:*. It must carry
`donor: "D0001"` (declared with custom "donor", or the reserved UNIDENTIFIED while a person
decides, which is only accepted on a "!" entry) and `receipt: "JZ-2026-00012"` (the prefix
from the settings, the year of the donation, a five-digit sequence), used by no other entry.

An official donation receipt (公益事业捐赠票据) recorded on a donation (docs/letters.md) is
`tax_receipt` (its number), with `tax_receipt_code` and `tax_receipt_check` only beside it;
one official receipt belongs to one donation.

A donation's own `anonymous` (the donor's wish for this gift alone) is "none", "public"
or "all" (TRUE: "public"); any other value is read as "all", the strictest, and warned of:
it was read so without a word (`anonymous: 1`, `anonymous: "yes"`).
"""

from __future__ import annotations

from beancount.core import data, flags

from ledger.errors import RuleError, RuleWarning, bilingual, missing_key
from ledger.index import transaction_index
from ledger.plugin_options import reads_no_options
from ledger.registry import ANONYMITY, UNIDENTIFIED_DONOR, build_registry
from ledger.settings import load_settings

__plugins__ = ("check_donation_receipt",)


@reads_no_options
def check_donation_receipt(entries, options_map, config=None):
    """The rule as a beancount plugin: an error for each donation without a registered donor or its own well-formed receipt number."""
    registry = build_registry(entries)
    donors = registry.donors
    settings, _ = load_settings(entries)
    pattern = settings.receipt_pattern()
    seen: dict[str, data.Transaction] = {}
    tax_receipts: dict[tuple[str, str], data.Transaction] = {}
    errors = []
    twice: list[tuple[data.Transaction, str]] = []
    for entry in transaction_index(entries).donations:
        donor_problem = _donor_problem(entry, donors)
        if donor_problem:
            errors.append(RuleError(entry.meta, donor_problem, entry))
        errors.extend(_tax_receipt_errors(entry, tax_receipts))
        wish = entry.meta.get("anonymous")
        if wish is not None and not isinstance(wish, bool) and (not isinstance(wish, str) or wish not in ANONYMITY):
            errors.append(RuleWarning(entry.meta, bilingual(
                f'警告：此笔捐赠的 anonymous: {_shown(wish)} 不是 "none"、"public"、"all" 之一'
                '（TRUE 即 "public"）：按 "all" 处理，捐赠人在任何地方都不具名，致谢信也不具名；'
                '请写明捐赠人本人的意愿',
                f"Warning: this donation's anonymous: {_shown(wish)} is none of "
                '"none", "public" or "all" (TRUE means "public"): it is read as "all", the donor named '
                "nowhere, not even on the letter; write the wish the donor gave"), entry))
        receipt = entry.meta.get("receipt")
        receipt_problem = _receipt_problem(entry, receipt, pattern, settings)
        if receipt_problem:
            errors.append(RuleError(entry.meta, receipt_problem, entry))
        if receipt is None:
            continue
        if receipt in seen:
            twice.append((entry, receipt))
        else:
            seen[receipt] = entry
    errors.extend(_used_twice(twice, [*seen, *registry.voids], seen, settings, pattern))
    return entries, errors


def _donor_problem(entry: data.Transaction, donors) -> str | None:
    """What is wrong with a donation's donor (none, unquoted, unidentified and not flagged
    '!', not registered), in both languages; None when nothing is."""
    donor = entry.meta.get("donor")
    if donor is None:
        return missing_key('捐赠未写明捐赠人：请加 donor: "<编号>"，编号见 registry/donors.beancount',
                           'Donation without a donor: add donor: "<id>" from registry/donors.beancount', entry.meta, "donor")
    if not isinstance(donor, str):  # first: an amount (donor: 12.50 CNY) raised when compared with text
        return bilingual(f'捐赠人 {_unquoted_zh(donor)}：捐赠人编号须加引号，donor: "D0001"'
                         "（同 registry/donors.beancount）",
                         f"Donor {_unquoted(donor)}: write the donor's id in quotes, "
                         'donor: "D0001" (as in registry/donors.beancount)')
    if donor == UNIDENTIFIED_DONOR:
        if entry.flag == flags.FLAG_WARNING:
            return None
        if proposed := _proposed(entry):  # the import's proposal, half confirmed (README: three steps)
            return bilingual(f"捐赠人 UNIDENTIFIED 只能用在标记为 '!' 的交易上：导入时提议的捐赠人是 {proposed}，"
                             f'请写 donor: "{proposed}"，并把 custom "donor-proposal" "{proposed}" 改为 custom "donor"；'
                             "或保留 '!' 标记",
                             "Donor UNIDENTIFIED is allowed only on an entry flagged '!': "
                             f'the import proposed donor {proposed}: write donor: "{proposed}" and change '
                             f'custom "donor-proposal" "{proposed}" to custom "donor"; or keep it flagged')
        return bilingual("捐赠人 UNIDENTIFIED 只能用在标记为 '!' 的交易上：请查明捐赠人，或保留 '!' 标记",
                         "Donor UNIDENTIFIED is allowed only on an entry flagged '!': "
                         "identify the donor or keep it flagged")
    if donor not in donors and donor == _proposed(entry):
        return bilingual(f'捐赠人 {donor!r} 未登记，仍只是导入时的提议：请把 custom "donor-proposal" "{donor}" 改为 '
                         'custom "donor" 以确认',
                         f"Unknown donor {donor!r}: still a proposal: change custom \"donor-proposal\" \"{donor}\" "
                         "to custom \"donor\" to confirm it")
    if donor not in donors:
        return bilingual(f'捐赠人 {donor!r} 未登记：请在 registry/donors.beancount 用 custom "donor" 登记',
                         f"Unknown donor {donor!r}: declare it with custom \"donor\" "
                         "in registry/donors.beancount")
    return None


def _proposed(entry: data.Transaction) -> str | None:
    """The donor id the import proposed for the entry's payer (`proposed_donor`), if any."""
    proposed = entry.meta.get("proposed_donor")
    return proposed if isinstance(proposed, str) and proposed.strip() else None


def _receipt_problem(entry: data.Transaction, receipt, pattern, settings) -> str | None:
    """What is wrong with a donation's own receipt number (none, unquoted, of another form
    or another year), in both languages; None when nothing is."""
    year = entry.date.year
    if receipt is None:
        form = f'receipt: "{settings.receipt(year, 1)[:-5]}NNNNN"'
        return missing_key(f"捐赠缺少捐赠收据号：请加 {form}（按顺序的下一个号）",
                           f"Donation without a receipt number: add {form} (the next in the sequence)", entry.meta, "receipt")
    m = pattern.match(str(receipt))
    if not isinstance(receipt, str):
        form = f'receipt: "{settings.receipt(year, 12)}"'
        return bilingual(f"捐赠收据号 {_unquoted_zh(receipt)}：须加引号，格式如 {form}",
                         f"Receipt number {_unquoted(receipt)}: write it in quotes, of the form {form}")
    if not m:
        return bilingual(f"捐赠收据号 {receipt!r} 格式不对，应为 {settings.receipt(year, 12)} 这样的格式",
                         f"Receipt number {receipt!r} is not of the form {settings.receipt(year, 12)}")
    if int(m.group(1)) != year:
        return bilingual(f"捐赠收据号 {receipt} 属于 {m.group(1)} 年，但这笔捐赠的日期是 {entry.date}",
                         f"Receipt number {receipt} is of year {m.group(1)} "
                         f"but the donation is dated {entry.date}")
    return None


def _used_twice(twice, used, seen, settings, pattern) -> list[RuleError]:
    """An error for each donation whose receipt number an earlier one carries, with the next
    free number of its year.

    Why: two officers importing on two machines each gave their new gift the next number
    (JZ-2026-00016); merged by hand, the books said only that the number was used twice,
    and not which number the second gift may take without a gap or a clash."""
    last: dict[str, int] = {}
    for receipt in used:  # the donations' numbers and the voided ones
        m = pattern.match(str(receipt))
        if m:
            last[m.group(1)] = max(last.get(m.group(1), 0), int(m.group(2)))
    errors = []
    for entry, receipt in twice:
        first = seen[receipt]
        m = pattern.match(str(receipt))
        hint = hint_zh = ""
        ref = entry.meta.get("source_ref")
        if ref and ref == first.meta.get("source_ref"):
            # the same row of a file booked twice (imported on two machines, both kept by a merge):
            # a new number for it would keep the gift in the books twice
            hint_zh = f"；两处是同一笔交易（source_ref {ref}），在账簿中记了两次：请删除其中一笔（同一文件导入了两次，例如两台电脑合并时两边都保留了）"
            hint = (f"; both are the same transaction (source_ref {ref}), in the books twice: delete one of them "
                    "(a file imported twice, such as on two machines with both sides kept by a merge)")
        elif m:
            last[m.group(1)] += 1
            free = settings.receipt(int(m.group(1)), last[m.group(1)])
            hint_zh = (f"；如果是两笔不同的捐赠（两台电脑各自导入，各取了下一个号），请给这一笔下一个空号 {free}"
                       "（如果这一笔的致谢信已按原号寄出，则改另一笔的号）")
            hint = (f"; if they are two donations (two imports on two machines each took the next number), give this one "
                    f"the next free number, {settings.receipt(int(m.group(1)), last[m.group(1)])} (if this one's "
                    "acknowledgement went out under its number already, renumber the other instead)")
        where = f"{first.meta.get('filename')}:{first.meta.get('lineno')}"
        message = bilingual(f"捐赠收据号 {receipt} 用了两次：另一处在 {where}{hint_zh}",
                            f"Receipt number {receipt} is used twice: also at {where}{hint}")
        errors.append(RuleError(entry.meta, message, entry))
    return errors


def _shown(value) -> str:
    """A metadata value as the books show it: text in quotes, anything else as written."""
    return f'"{value}"' if isinstance(value, str) else str(value)


def _unquoted(value) -> str:
    """A metadata value that beancount read as something other than text, as the books show it.

    Why: the messages printed Python's repr (`datetime.date(2026, 3, 1)`, `Decimal('8')`),
    which names neither what was written nor that the quotes are missing."""
    kind = {"date": "a date", "Decimal": "a number", "bool": "TRUE/FALSE", "Amount": "an amount"}.get(type(value).__name__, "not text")
    shown = str(value).upper() if isinstance(value, bool) else str(value)
    return f"{shown} is written without quotes (read as {kind}, not text)"


def _unquoted_zh(value) -> str:
    """_unquoted in Chinese, for the Chinese part of the same message."""
    kinds = {"date": "日期", "Decimal": "数字", "bool": "TRUE/FALSE", "Amount": "金额"}
    kind = kinds.get(type(value).__name__, "非文本")
    shown = str(value).upper() if isinstance(value, bool) else str(value)
    return f"{shown} 没有加引号（被读作{kind}，不是文本）"


def _numbers_used_once(entries, appended, options_map) -> bool:
    """True when no appended transaction carries a receipt or official receipt number that
    another transaction carries (old or new): then the rule judges each donation alone
    (its donor, its numbers' form), as ledger/rules_appended.py needs, since the only
    errors one donation causes on another are numbers used twice."""
    new = [e for e in appended if isinstance(e, data.Transaction)]
    new_ids = {id(e) for e in new}
    receipts, tax_receipts = _numbers(new)
    if len(receipts) != len(set(receipts)) or len(tax_receipts) != len(set(tax_receipts)):
        return False
    if not receipts and not tax_receipts:
        return True
    old_receipts, old_tax = _numbers(e for e in entries if type(e) is data.Transaction and id(e) not in new_ids)
    return not (set(receipts) & set(old_receipts)) and not (set(tax_receipts) & set(old_tax))


def _numbers(transactions) -> tuple[list[str], list[str]]:
    """The receipt numbers and the official receipts' numbers the transactions carry (any
    transaction: a superset of the donations' the rule compares)."""
    receipts, tax = [], []
    for entry in transactions:
        meta = entry.meta
        receipt = meta.get("receipt")
        if receipt is not None:
            receipts.append(receipt)
        number = meta.get("tax_receipt")
        if number is not None and str(number).strip():
            tax.append(str(number).strip())
    return receipts, tax


#: ledger/rules_appended.py: each donation is judged alone while no number is shared
PER_TRANSACTION = _numbers_used_once


def _tax_receipt_errors(entry: data.Transaction, seen: dict[tuple[str, str], data.Transaction]) -> list[RuleError]:
    meta = entry.meta
    number = str(meta.get("tax_receipt") or "").strip()
    if not number:
        extra = [k for k in ("tax_receipt_code", "tax_receipt_check") if meta.get(k) is not None]
        if extra:
            message = bilingual(f'有 {"、".join(extra)} 却没有 tax_receipt：'
                                '请加 tax_receipt: "<票据号码>"，即捐赠票据的号码',
                                f"{' and '.join(extra)} without tax_receipt: "
                                'add tax_receipt: "<票据号码>", the official receipt\'s number')
            return [RuleError(meta, message, entry)]
        return []
    key = (str(meta.get("tax_receipt_code") or "").strip(), number)
    first = seen.setdefault(key, entry)
    if first is not entry:
        where = f"{first.meta.get('filename')}:{first.meta.get('lineno')}"
        message = bilingual(f"公益事业捐赠票据 {number} 记了两次：另一处在 {where}",
                            f"Official donation receipt {number} is recorded twice: also at {where}")
        return [RuleError(meta, message, entry)]
    return []
