"""The centre's settings, kept in the books as `custom "relief-option"` directives.

Parsed into one frozen `Settings` object; like Fava's options, parsing returns
`(settings, errors)` so a bad value is reported with its file and line instead of raising.
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass, field, replace
from decimal import Decimal
from typing import Any

from beancount.core import data
from beancount.core.amount import Amount

from ledger.accounts import AID_ROOT, MEDICAL_AID_ACCOUNT
from ledger.bidi import invisible_problem, without_invisible
from ledger.errors import RuleError, bilingual
from ledger.memo import per_entries

RECEIPT_PREFIX_RE = re.compile(r"^[A-Z][A-Z0-9]{0,9}$")
#: The range of min_published_count: a count of households below it is suppressed on the
#: site; 99999999999999999999 was taken and hid every figure without a word.
MIN_PUBLISHED_COUNT_RANGE = (1, 100)
#: The range of transit_warn_days, payable_warn_days, receivable_warn_days and
#: clearing_warn_days: how many days money may stay in transit, a payable stay unpaid, a
#: receivable not come in, or a clearing account's row wait, before reconcile warns of it
#: (docs/closing.md).
WARN_DAYS_RANGE = (1, 3650)
WARN_DAYS_KEYS = ("transit_warn_days", "payable_warn_days", "receivable_warn_days", "clearing_warn_days")

#: The centre's public facts (the about page, docs/publishing.md): key -> (Chinese, English) label.
#: Each takes one text, or two: Chinese first, then English.
PUBLIC_FACTS: dict[str, tuple[str, str]] = {
    "address": ("地址", "Address"),
    "phone": ("电话", "Telephone"),
    "email": ("电子邮箱", "Email"),
    "credit_code": ("统一社会信用代码", "Unified social credit code"),
    "registered_with": ("登记管理机关", "Registered with"),
    "governing_body": ("业务主管单位", "Governing body"),
    "complaint": ("投诉举报渠道", "Complaints"),
    "audit_report": ("财务审计报告", "Audit report"),
    "work_report": ("年度工作报告", "Annual work report"),
}

#: Open-data licences a centre may name by id (SPDX identifiers): id -> (title, address).
#: Another licence is named with its id and its address: "licence" "ID" "https://…".
LICENCES: dict[str, tuple[str, str]] = {
    "CC-BY-4.0": ("Creative Commons Attribution 4.0 International", "https://creativecommons.org/licenses/by/4.0/"),
    "CC-BY-SA-4.0": ("Creative Commons Attribution-ShareAlike 4.0 International", "https://creativecommons.org/licenses/by-sa/4.0/"),
    "CC0-1.0": ("Creative Commons Zero v1.0 Universal", "https://creativecommons.org/publicdomain/zero/1.0/"),
    "ODC-By-1.0": ("Open Data Commons Attribution License v1.0", "https://opendatacommons.org/licenses/by/1-0/"),
    "ODbL-1.0": ("Open Data Commons Open Database License v1.0", "https://opendatacommons.org/licenses/odbl/1-0/"),
    "PDDL-1.0": ("Open Data Commons Public Domain Dedication & License 1.0", "https://opendatacommons.org/licenses/pddl/1-0/"),
}
DEFAULT_LICENCE = "CC-BY-4.0"
ORG_ID_RE = re.compile(r"^[A-Za-z0-9]+(-[A-Za-z0-9.]+)+$")
LICENCE_ID_RE = re.compile(r"^[A-Za-z0-9][A-Za-z0-9.+-]*$")


@dataclass(frozen=True)
class Settings:
    """The centre's settings (`custom "relief-option"` entries), with the defaults a new centre starts from."""
    name_zh: str = "困难职工帮扶中心"
    name_en: str = "Hardship Assistance Centre"
    receipt_prefix: str = "JZ"
    min_published_count: int = 5
    site_url: str = ""
    seal: str | None = None
    tax_receipt_contact: str = ""  # letters: where a donor asks for a 公益事业捐赠票据
    #: yearly aid limit per case: account (a category, or Expenses:Aid for all aid) -> CNY
    aid_limits: dict[str, Decimal] = field(default_factory=dict)
    #: the centre's public facts (PUBLIC_FACTS keys) -> (Chinese text, English text or None)
    facts: dict[str, tuple[str, str | None]] = field(default_factory=dict)
    #: the open data's licence: an id (LICENCES, or any SPDX-like id with licence_url)
    licence: str = DEFAULT_LICENCE
    licence_url: str | None = None
    #: the centre's organisation identifier for 360Giving (org-id.guide form, e.g. "XI-EXAMPLE-123")
    org_id: str = ""
    #: reconcile warns of money in Assets:Transit longer than this many days at the period's end
    transit_warn_days: int = 7
    #: reconcile warns of what Liabilities hold (owed, not paid) longer than this many days
    payable_warn_days: int = 30
    #: reconcile warns of what Assets:Receivable holds (to be received, not in) longer than this many days
    receivable_warn_days: int = 90
    #: reconcile warns of what an Assets:Clearing account holds (not cleared) longer than this many days
    clearing_warn_days: int = 7

    def licence_info(self) -> tuple[str, str, str]:
        """(id, title, address) of the open data's licence."""
        title, url = LICENCES.get(self.licence, (self.licence, self.licence_url or ""))
        return self.licence, title, self.licence_url or url

    def receipt_pattern(self) -> re.Pattern[str]:
        """Receipt numbers look like JZ-2026-00012: prefix, year, five-digit sequence."""
        return re.compile(rf"^{re.escape(self.receipt_prefix)}-(\d{{4}})-(\d{{5}})$")

    def receipt(self, year: int, seq: int) -> str:
        """The receipt number for a year and sequence number (JZ-2026-00012)."""
        return f"{self.receipt_prefix}-{year:04d}-{seq:05d}"


def _str(values: list[Any]) -> str | None:
    return values[0] if len(values) == 1 and isinstance(values[0], str) and values[0].strip() else None


@per_entries
def load_settings(entries: Iterable[data.Directive]) -> tuple[Settings, list[RuleError]]:
    """Parse every relief-option; later entries win. Unknown keys and bad values are errors."""
    settings = Settings()
    limits: dict[str, Decimal] = {}
    facts: dict[str, tuple[str, str | None]] = {}
    errors: list[RuleError] = []
    for entry in entries:
        if not isinstance(entry, data.Custom) or entry.type != "relief-option":
            continue
        values = [v.value for v in entry.values or ()]
        if not values or not isinstance(values[0], str):
            errors.append(RuleError(entry.meta, bilingual('relief-option 缺少键名：custom "relief-option" "name_zh" "…"',
                                                          'A relief-option needs a key: custom "relief-option" "name_zh" "…"'), entry))
            continue
        key, rest = values[0], values[1:]

        def bad(expected_zh: str, expected: str) -> None:
            got = " ".join(map(str, rest))  # noqa: B023 (called in this iteration only)
            errors.append(RuleError(entry.meta, bilingual(f"relief-option {key!r}：应为{expected_zh}，实际是{got or '空的'}",  # noqa: B023
                                                          f"relief-option {key!r}: expected {expected}, got {got or 'nothing'}"), entry))  # noqa: B023

        if key in ("name_zh", "name_en", "site_url", "tax_receipt_contact"):
            text = _str(rest)
            if text is None:
                bad("一个加引号的文本", "one text value in quotes")
            elif key == "site_url" and not _web_address(text):
                # "relief.jianglin.org" (no https://) went on every letter as a QR code that a
                # phone reads as plain text, not as an address to open
                bad('网站地址，以 https:// 开头，不含空格、看不见的字符或 " < > \\ ^ ` { | } 这些网址中不能有的字符，例如 "https://relief.example.org/"',
                    'the site\'s address with https:// and no spaces, invisible characters or characters an address cannot hold '
                    '(" < > \\ ^ ` { | }), e.g. "https://relief.example.org/"')
            else:
                if key in ("name_zh", "name_en"):
                    problem = invisible_problem(f"relief-option {key!r}: the centre's name", text,
                                                what_zh=f"relief-option {key!r}：中心名称")
                    if problem:
                        errors.append(RuleError(entry.meta, problem, entry))
                        text = without_invisible(text)  # shown without them, should it be published anyway
                settings = replace(settings, **{key: text})
        elif key == "seal":
            text = _str(rest)
            settings = replace(settings, seal=text) if text else settings
            if text is None:
                bad("一个图片文件的路径（相对于账簿文件夹）", "the path of an image, relative to the books")
        elif key == "receipt_prefix":
            text = _str(rest)
            if text is None or not RECEIPT_PREFIX_RE.match(text):
                bad('1 到 10 个大写字母或数字，以字母开头（例如 "JZ"）', "1 to 10 capital letters or digits, starting with a letter (e.g. \"JZ\")")
            else:
                settings = replace(settings, receipt_prefix=text)
        elif key == "min_published_count":
            low, high = MIN_PUBLISHED_COUNT_RANGE
            if len(rest) == 1 and isinstance(rest[0], Decimal) and rest[0] == rest[0].to_integral() and low <= rest[0] <= high:
                settings = replace(settings, min_published_count=int(rest[0]))
            else:
                bad(f"{low} 到 {high} 之间的整数（户数：低于它的数不公开）",
                    f"a whole number from {low} to {high} (households: a count below it is not published)")
        elif key in WARN_DAYS_KEYS:
            low, high = WARN_DAYS_RANGE
            if len(rest) == 1 and isinstance(rest[0], Decimal) and rest[0] == rest[0].to_integral() and low <= rest[0] <= high:
                settings = replace(settings, **{key: int(rest[0])})
            else:
                bad(f"{low} 到 {high} 之间的整数（天数：对账时超过它的在途资金、应付款项、应收款项或清算账户余额给出提醒）",
                    f"a whole number of days from {low} to {high} (reconcile warns of money in transit, owed, to be received "
                    "or in a clearing account longer than it)")
        elif key == "aid_limit":
            if (
                len(rest) == 2
                and isinstance(rest[0], str)
                and rest[0].startswith(AID_ROOT)
                and isinstance(rest[1], Amount)
                and rest[1].currency == "CNY"
                and rest[1].number is not None
                and rest[1].number > 0
                # 100.555 CNY was taken as it is and shown as 100.56: a limit in whole fen
                and rest[1].number == rest[1].number.quantize(Decimal("0.01"))
            ):
                limits[rest[0]] = rest[1].number
            else:
                bad(f'一个帮扶支出科目和一个以分为单位（至多两位小数）的正的人民币金额："{MEDICAL_AID_ACCOUNT}" 20000 CNY',
                    f'an aid account and a positive CNY amount in whole fen (two decimals at most): "{MEDICAL_AID_ACCOUNT}" 20000 CNY')
        elif key in PUBLIC_FACTS:
            texts = [v.strip() if isinstance(v, str) else v for v in rest]
            if not 1 <= len(texts) <= 2 or not all(isinstance(t, str) and t for t in texts):
                bad('一个加引号的文本，或两个：先中文，后英文（"…" "…"）', 'one text in quotes, or two: Chinese, then English ("…" "…")')
            elif key == "credit_code" and not _credit_code_ok(texts[0]):
                bad("18 位统一社会信用代码，校验码正确（GB 32100-2015）",
                    "an 18-character unified social credit code (统一社会信用代码) with a valid check character (GB 32100-2015)")
            else:
                facts[key] = (texts[0], texts[1] if len(texts) == 2 else None)
        elif key == "licence":
            ok = rest and len(rest) <= 2 and all(isinstance(v, str) and v.strip() for v in rest)
            if ok and len(rest) == 1 and rest[0] not in LICENCES:
                ok = False
            if ok and len(rest) == 2 and not (LICENCE_ID_RE.match(rest[0]) and str(rest[1]).startswith(("https://", "http://"))):
                ok = False
            if not ok:
                bad(f"许可协议的代号（{', '.join(LICENCES)}），或其他许可协议的代号及其 https:// 地址",
                    f"a licence id ({', '.join(LICENCES)}), or another licence's id and its https:// address")
            else:
                settings = replace(settings, licence=rest[0], licence_url=rest[1] if len(rest) == 2 else None)
        elif key == "org_id":
            text = _str(rest)
            if text is None or not ORG_ID_RE.match(text):
                bad('org-id.guide 所列格式的机构标识，例如 "GB-CHC-1234567"（不含空格）',
                    'an organisation identifier as org-id.guide lists them, e.g. "GB-CHC-1234567" (no spaces)')
            else:
                settings = replace(settings, org_id=text)
        else:
            known = ", ".join(["name_zh", "name_en", "receipt_prefix", "min_published_count", "site_url", "seal", "tax_receipt_contact", "aid_limit", *PUBLIC_FACTS, "licence", "org_id",
                              *WARN_DAYS_KEYS])
            errors.append(RuleError(entry.meta, bilingual(f"未知的 relief-option {key!r}；可用的键：{known}",
                                                          f"Unknown relief-option {key!r}; known keys: {known}"), entry))
    return replace(settings, aid_limits=limits, facts=facts), errors


def _credit_code_ok(text: str) -> bool:
    """A unified social credit code (GB 32100-2015): 18 characters and the right check character."""
    from stdnum.cn import uscc

    return len(text) == 18 and uscc.is_valid(text)


#: names reserved for examples and tests (RFC 2606, RFC 6761): no site is ever reached there
_EXAMPLE_HOST = re.compile(r"(^|\.)(example\.(com|net|org)|example|invalid|test|localhost)$")


def _web_address(url: str) -> bool:
    """Whether `url` is an http(s) address with a host: what a QR code a phone opens needs."""
    scheme, sep, rest = url.partition("://")
    host = rest.split("/", 1)[0]
    # no blank and no invisible character (a zero-width space or byte-order mark pasted
    # with the address): either makes an address no phone opens, and no log origin
    # nor a character an address never holds as it is (RFC 3986): `https://x.org/">`, copied
    # from a page's source with the end of its tag, passed into the log's name and the QR codes
    return (bool(sep) and scheme.lower() in ("https", "http") and bool(host)
            and not any(c.isspace() or unicodedata.category(c) in ("Cc", "Cf") or c in _NOT_IN_ADDRESSES for c in url))


#: what an address never holds unencoded (RFC 3986 leaves them out)
_NOT_IN_ADDRESSES = frozenset('"<>\\^`{|}')


def is_example_url(url: str) -> bool:
    """True when `url` is on a domain reserved for examples, such as the template's
    https://relief.example.org/: a QR code or address made from it leads nowhere, so the
    commands that print addresses on paper warn until the centre sets its own."""
    host = url.split("://", 1)[-1].split("/", 1)[0].rsplit("@", 1)[-1].split(":", 1)[0].rstrip(".").lower()
    return bool(host) and bool(_EXAMPLE_HOST.search(host))
