"""Bank statement profiles: how one bank's export is laid out, as data.

A profile names the columns of the header row (which is also how a file is recognised:
by its content, wherever the header sits after the preamble), the sign convention, the
date format, and where the account number and the closing totals are. The built-in
profiles below are modelled on the banks' real exports; any other bank is one more
profile written in the books' import_config.py (docs/importing.md):

    MY_DEBIT = {
        "id": "my-debit", "name": "某银行借记卡",
        "columns": {"date": "交易日期", "in": "存入金额", "out": "取出金额", "balance": "余额",
                    "payer": "交易对手名称", "payer_account": "交易对手账号",
                    "memo": ["交易类型", "附言"]},
        "sign": "in-out",
    }

Column values are header texts (or lists of alternatives); headers are compared without
spaces, TABs and with full-width brackets folded, so "交易金额（收入）" matches
"交易金额(收入)".
"""

from __future__ import annotations

import codecs
import functools
import json
import re
import unicodedata
from collections.abc import Mapping
from dataclasses import dataclass, fields
from typing import Any

from importers.errors import said, zh_of
from ledger.errors import ReliefError
from ledger.script import simplified  # re-exported: the importers fold their words through it

#: The fields a profile may map to columns.
COLUMN_FIELDS = ("date", "time", "amount", "in", "out", "direction", "balance", "currency",
                 "payer", "payer_account", "memo", "id", "own_account")
SIGNS = ("signed", "in-out", "direction")
#: (借方发生额 / 贷方发生额 first in a row after the transactions: 光大's totals of each side)
DEFAULT_FOOTER = ("合计", "总计", "小计", "合計", "共", "笔数", "导出时间", "打印时间", "以上", "注：", "注:",
                  "说明", "温馨提示", "本页", "total", "---", "借方发生额", "贷方发生额")


#: the unit some exports add to a money column's header: 贷方发生额(元), 余额（人民币元）
_UNIT = re.compile(r"\((?:元|人民币|人民币元|rmb|cny|¥|￥)\)$")


#: an English gloss after a Chinese header, in brackets or not (交易日期[ Transaction Date ],
#: 借方发生额 Debit), as 中国银行's 企业网银 export writes every column; of four letters or more
_GLOSS = re.compile(r"(?<=[\u4e00-\u9fff])(?:\[[^\[\]]*[a-z][^\[\]]*\]|\([^()]*[a-z][^()]*\)|[a-z][a-z.'&/-]*)$")


@functools.lru_cache(maxsize=1 << 16)
def fold_header(text: str) -> str:
    """A header as compared: no spaces or TABs, ASCII brackets, lower case, without a unit
    in brackets at its end ((元), (人民币元)) or an English gloss after the Chinese. Why:
    贷方发生额(元) is 贷方发生额, and such a statement was not known for any layout, not even
    offered a profile; so was 中国银行's corporate export, every header glossed
    (交易金额[ Trade Amount ]). NFKC first: a header copied from a PDF's text layer writes 日
    as the Kangxi radical ⽇ (U+2F47), 金 as ⾦, and such a statement was refused, its header
    reading the same as ABC's to the eye. Cached: each layout tried folds every cell of the
    rows it looks at for its header, and a sheet of 2,000 columns took minutes to be refused."""
    t = "".join(unicodedata.normalize("NFKC", str(text)).split()).replace("（", "(").replace("）", ")").replace("：", ":").lower()
    t = simplified(t).replace("帐", "账")  # 帳號, 帐号 and 账号 are one word: the account number
    gloss = _GLOSS.search(t) if t[-1:] in ("]", ")") or t[-1:].isascii() and t[-1:].isalpha() else None
    if gloss is not None and sum(c.isascii() and c.isalpha() for c in gloss.group()) >= 4:
        t = t[:gloss.start()]  # a word, not a currency's code: 金额(USD) stays 金额(usd), no yuan column
    return _UNIT.sub("", t) if t.endswith(")") else t


class ProfileError(ReliefError, ValueError):
    """A profile in the import config is not valid (message says which key and why)."""


#: what a direction cell says for money in and money out: the accounting words (借 / 贷) and
#: the plain ones a bank writes instead (存入 / 支取, 转入 / 转出, 收款 / 付款, 收 / 付); a cell saying
#: none of them is refused, naming the row
DIRECTION_IN = ("贷", "收", "收入", "入", "存入", "转入", "收款", "入账", "C", "CR", "贷方")
DIRECTION_OUT = ("借", "支", "付", "支出", "出", "支取", "取出", "转出", "付款", "出账", "D", "DR", "借方")


@dataclass(frozen=True)
class Profile:
    """One bank export layout. See the module docstring for the keys."""

    id: str
    name: str
    columns: Mapping[str, Any]
    sign: str = "signed"
    #: extra header texts that must be present (beyond the mapped required columns)
    header: tuple[str, ...] = ()
    #: header texts whose presence means "not this layout" (tells two layouts of one bank apart)
    not_header: tuple[str, ...] = ()
    #: words somewhere in the preamble that must appear (optional)
    preamble: tuple[str, ...] = ()
    date_format: tuple[str, ...] = ()
    encoding: str | None = None
    #: for sign "direction": which cell texts mean money in / money out
    direction_in: tuple[str, ...] = DIRECTION_IN
    direction_out: tuple[str, ...] = DIRECTION_OUT
    #: signed amounts counted from the bank's side (credit cards: spending is positive)
    invert: bool = False
    #: regex with one group finding the statement's own account number in the preamble; the
    #: number may be written in groups of four (6222 0200 0000 1234, 6222 **** **** 1234), whose
    #: spaces or dashes are dropped: its first group alone matched another account ending in 6222
    account_pattern: str = (r"(?:卡\s*号|账\s*号|帐\s*号|账\s*户|卡/账号|一卡通)\s*[:：]?\s*\[?\s*(?:[^\d\s*:：\[\]]{1,6}[:：])?\s*"
                            r"((?:[0-9*]{4}[ -]){3,4}[0-9*]{1,4}(?![0-9*]|-\d)|[0-9*]{4,})")
    #: words that start a totals row or the footer
    footer: tuple[str, ...] = DEFAULT_FOOTER
    #: the id column is the bank's unique transaction id (else ids are made from the row)
    unique_id: bool = False
    bank: str = ""
    #: the books account a file of this layout belongs to when --account is not given and the
    #: file names no account the config or the books map (a payment platform's merchant account:
    #: its fund bill names none, and went to the books' only bank account)
    account: str = ""
    currency: str = "CNY"
    #: column keys the file may lack (their values are then empty). None: every column
    #: beyond the required ones may be missing (the built-in profiles, which list several
    #: alternative layouts). A profile from import_config.py names the columns it wants:
    #: unless listed here, a named column missing from the file stops the import with its name
    optional: tuple[str, ...] | None = None

    def __post_init__(self) -> None:
        _check_types(self)
        if not re.fullmatch(r"[a-z0-9][a-z0-9_-]*", self.id or ""):
            raise ProfileError(f"profile id {self.id!r}: use lower-case letters, digits, - and _")
        if self.sign not in SIGNS:
            raise ProfileError(f"profile {self.id}: sign must be one of {', '.join(SIGNS)}, not {self.sign!r}")
        unknown = set(self.columns) - set(COLUMN_FIELDS)
        if unknown:
            raise ProfileError(f"profile {self.id}: unknown column keys {sorted(unknown)}; known: {', '.join(COLUMN_FIELDS)}")
        needed = {"signed": ("date", "amount"), "in-out": ("date", "in", "out"), "direction": ("date", "amount", "direction")}[self.sign]
        missing = [k for k in needed if not self.columns.get(k)]
        if missing:
            raise ProfileError(f"profile {self.id}: sign {self.sign!r} needs columns {', '.join(missing)}")
        unknown = set(self.optional or ()) - set(COLUMN_FIELDS)
        if unknown:
            raise ProfileError(f"profile {self.id}: optional names unknown column keys {sorted(unknown)}")
        try:
            re.compile(self.account_pattern)
        except re.error as exc:
            raise ProfileError(f"profile {self.id}: account_pattern is not a valid regular expression ({exc})") from None

    def alternatives(self, key: str) -> list[list[str]]:
        """For a column key: a list of columns, each a list of alternative header texts."""
        value = self.columns.get(key)
        if not value:
            return []
        if key == "memo" and isinstance(value, (list, tuple)):
            return [[v] if isinstance(v, str) else list(v) for v in value]
        if isinstance(value, str):
            return [[value]]
        return [list(value)]

    def may_lack(self, key: str) -> bool:
        """Whether the file may lack this (mapped) column without the import stopping."""
        return key not in self.required and (self.optional is None or key in self.optional)

    def direction_of(self, text: str) -> int:
        """+1 for money in, -1 for money out, 0 when the cell says neither.

        A cell may carry its direction in two languages ("贷 Cr", "借 Dr", "收入/Credit"):
        each word is looked up on its own, and all of them must agree. Full-width letters
        (Ｃ / Ｄ, as GBK exports type them) are read as the letters they are.
        """
        t = simplified(unicodedata.normalize("NFKC", text).strip())  # 貸 (Big5) is 贷
        ins = {x.lower() for x in self.direction_in}
        outs = {x.lower() for x in self.direction_out}
        compact = "".join(t.split()).lower()  # 借  方, padded to the width of a fixed-width export's column
        if t.lower() in ins or compact in ins:
            return 1
        if t.lower() in outs or compact in outs:
            return -1
        words = [w.lower() for w in re.split(r"[\s/|()（）,，]+", t) if w]
        found = {1 if w in ins else -1 if w in outs else 0 for w in words}
        if len(found) == 1 and 0 not in found:
            return found.pop()
        for x in self.direction_in:
            if len(x) > 1 and t.startswith(x):
                return 1
        for x in self.direction_out:
            if len(x) > 1 and t.startswith(x):
                return -1
        return 0

    @property
    def required(self) -> tuple[str, ...]:
        """The columns a statement must have for its sign convention (one signed amount, in and out columns, or amount and direction)."""
        return {"signed": ("date", "amount"), "in-out": ("date", "in", "out"), "direction": ("date", "amount", "direction")}[self.sign]


def _header_texts(value: Any, memo: bool = False) -> bool:
    """Whether a column's value is a header text or a list of them (a memo's list may nest one
    level: alternatives for one of its columns)."""
    if isinstance(value, str):
        return True
    return isinstance(value, (list, tuple)) and all(
        isinstance(v, str)
        or (memo and isinstance(v, (list, tuple)) and all(isinstance(w, str) for w in v))
        for v in value)


def _check_types(profile: Profile) -> None:
    """Refuse a profile whose keys hold the wrong kind of value, naming the key.

    Why: a profile written in import_config.py with a number or a list of numbers for a
    column (`"date": 5`) passed and failed later, inside the import of the first file, as
    relief's internal error instead of a message about the profile."""
    for key in ("id", "name", "sign", "account_pattern", "bank", "currency"):
        if not isinstance(getattr(profile, key), str):
            raise ProfileError(f"profile {profile.id!r}: {key} must be text, "
                               f"not {getattr(profile, key)!r}")
    if not isinstance(profile.columns, Mapping):
        raise ProfileError(f"profile {profile.id}: columns must be a dict of column key -> "
                           "header text")
    for key, value in profile.columns.items():
        if value is not None and not _header_texts(value, memo=key == "memo"):
            raise ProfileError(f"profile {profile.id}: column {key!r} must be a header text or "
                               f"a list of them, not {value!r}")
    for key in ("header", "not_header", "preamble", "date_format", "direction_in",
                "direction_out", "footer"):
        if not all(isinstance(v, str) for v in getattr(profile, key)):
            raise ProfileError(f"profile {profile.id}: {key} must be text or a list of texts, "
                               f"not {getattr(profile, key)!r}")
    for key in ("invert", "unique_id"):
        if not isinstance(getattr(profile, key), bool):
            raise ProfileError(f"profile {profile.id}: {key} must be True or False, "
                               f"not {getattr(profile, key)!r}")
    if not all(isinstance(v, str) for v in profile.optional or ()):
        raise ProfileError(f"profile {profile.id}: optional must list column keys, "
                           f"not {profile.optional!r}")
    if profile.encoding is not None:
        if not isinstance(profile.encoding, str):
            raise ProfileError(f"profile {profile.id}: encoding must be text, "
                               f"not {profile.encoding!r}")
        try:
            codecs.lookup(profile.encoding)
        except LookupError:
            raise ProfileError(f"profile {profile.id}: encoding {profile.encoding!r} is not one "
                               "Python knows (gb18030, utf-8, big5…)") from None


def profile_from_dict(spec: Mapping[str, Any] | Profile) -> Profile:
    """A Profile from a dict in the import config (lists become tuples, keys checked)."""
    if isinstance(spec, Profile):
        return spec
    if not isinstance(spec, Mapping):
        raise ProfileError(f"a profile must be a dict or importers.profiles.Profile, not {type(spec).__name__}")
    known = {f.name for f in fields(Profile)}
    unknown = set(spec) - known
    if unknown:
        raise ProfileError(f"profile {spec.get('id', '?')}: unknown keys {sorted(unknown)}; known: {', '.join(sorted(known))}")
    if "id" not in spec or "columns" not in spec:
        raise ProfileError("a profile needs at least an id and columns")
    values = dict(spec)
    for key in ("header", "not_header", "preamble", "date_format", "direction_in", "direction_out", "footer", "optional"):
        if isinstance(values.get(key), str):
            values[key] = (values[key],)
        elif key in values and not isinstance(values[key], (list, tuple, set, frozenset)):
            raise ProfileError(f"profile {spec.get('id', '?')}: {key} must be text or a list of "
                               f"texts, not {values[key]!r}")
        elif key in values:
            values[key] = tuple(values[key])
    values.setdefault("name", values["id"])
    values.setdefault("optional", ())
    return Profile(**values)


#: The statements of a payment platform's account that a profile in import_config.py reads
#: (docs/importing.md, "Merchant accounts"), known by their header texts: (marks, what the file is)
PLATFORM_STATEMENTS = (
    (("记账时间", "资金流水单号", "收支类型"), said("微信支付商户平台的资金账单", "a WeChat Pay merchant-platform fund bill (资金账单)")),
    (("账务流水号", "收入金额(+元)", "支出金额(-元)"),
     said("支付宝账务明细（账户余额的对账单）", "an Alipay 账务明细 (the statement of an account's balance)")),
)


def platform_statement(cells) -> str:
    """What a header row is, when it is a payment platform account's statement's ("" otherwise)."""
    folded = {fold_header(c) for c in cells if c}
    return next((what for marks, what in PLATFORM_STATEMENTS if all(fold_header(m) in folded for m in marks)), "")


# --- the built-in profiles -------------------------------------------------------------

BUILTIN: tuple[Profile, ...] = (
    # ICBC personal debit card, online banking "明细查询文件下载" (CSV; every cell padded with
    # spaces and a TAB; 交易金额 columns are "-" and the 记账金额 ones hold the amounts).
    # v1 and v2 of the download: v2 adds 交易详情 and 对方账户.
    Profile(
        id="icbc-debit", name="工商银行借记卡明细", bank="icbc", sign="in-out",
        columns={"date": "交易日期", "in": "记账金额(收入)", "out": "记账金额(支出)", "balance": "余额",
                 "currency": "记账币种", "payer": "对方户名", "payer_account": "对方账户",
                 "memo": ["摘要", "交易场所"]},
        header=("钞/汇",), not_header=("记账日期",),
    ),
    # ICBC credit card, the same download with 记账日期 and no 钞/汇 column.
    Profile(
        id="icbc-credit", name="工商银行信用卡明细", bank="icbc", sign="in-out",
        columns={"date": "交易日期", "in": "记账金额(收入)", "out": "记账金额(支出)", "balance": "余额",
                 "currency": "记账币种", "payer": "对方户名", "memo": ["摘要", "交易场所"]},
        header=("记账日期",), not_header=("钞/汇",),
    ),
    # ICBC corporate online banking (企业网银) account detail: 借方 is money out, 贷方 money in.
    Profile(
        id="icbc-corporate", name="工商银行企业账户明细", bank="icbc", sign="in-out",
        # 交易日期 before 交易时间: an export with both writes the time alone under 交易时间
        # 转入金额 / 转出金额: its 账户明细清单
        columns={"date": ["交易日期", "交易时间"], "time": "交易时间", "in": ["贷方发生额", "贷方金额", "收入金额", "转入金额"],
                 "out": ["借方发生额", "借方金额", "支出金额", "转出金额"], "balance": ["余额", "账户余额"],
                 # 对方账号/户名: one cell of account and name (6222…1234/某某公司), as rural banks write it
                 "payer": ["对方单位名称", "对方户名", "对方账号/户名"], "payer_account": "对方账号",
                 "memo": ["用途", "摘要", "附言"], "id": ["交易流水号", "凭证号"]},
        not_header=("钞/汇", "记账日期"), unique_id=True,
    ),
    # CCB personal (个人活期账户明细): one signed amount column, 交易地点/附言 and 对方账号与户名.
    Profile(
        id="ccb-debit", name="建设银行个人账户明细", bank="ccb", sign="signed",
        columns={"date": "交易日期", "amount": "交易金额", "balance": "账户余额", "currency": "币别",
                 "payer": "对方账号与户名", "memo": ["摘要", "交易地点/附言"]},
        header=("钞汇",),
    ),
    # CCB personal, the mobile/online banking "交易明细" .xls download (one sheet named
    # 交易明细_<card>_<from>_<to>): 记账日 and 交易日期, 支出 and 收入 in two columns, a footer.
    Profile(
        id="ccb-debit-detail", name="建设银行交易明细(xls)", bank="ccb", sign="in-out",
        columns={"date": "交易日期", "time": "交易时间", "in": "收入", "out": "支出", "balance": "账户余额",
                 "currency": "币种", "payer": "对方户名", "payer_account": "对方账号", "memo": ["摘要", "交易地点"]},
        header=("记账日",),
    ),
    # CCB corporate (企业网银): 借方发生额（支取）/ 贷方发生额（收入）, a transaction id.
    Profile(
        id="ccb-corporate", name="建设银行企业账户明细", bank="ccb", sign="in-out",
        columns={"date": ["交易时间", "记账日期"], "in": "贷方发生额(收入)", "out": "借方发生额(支取)",
                 "balance": "余额", "currency": "币种", "payer": "对方户名", "payer_account": "对方账号",
                 "memo": ["摘要", "备注"], "id": "账户明细编号-交易流水号"},
        unique_id=True,
    ),
    # ABC personal debit (CSV): 交易日期 as 20240101, 交易时间 as 123456, signed +/- amounts.
    Profile(
        id="abc-debit", name="农业银行借记卡明细", bank="abc", sign="signed",
        columns={"date": "交易日期", "time": "交易时间", "amount": "交易金额", "balance": "本次余额",
                 "payer": "对手信息", "memo": ["交易摘要", "交易附言"], "id": "日志号"},
        header=("交易渠道",),
    ),
    # BOC personal (中国银行交易流水明细单): signed amounts, newest first, own card's last digits.
    Profile(
        id="boc-debit", name="中国银行交易流水明细", bank="boc", sign="signed",
        columns={"date": "记账日期", "time": "记账时间", "amount": "金额", "balance": "余额", "currency": "币别",
                 "payer": "对方账户名", "payer_account": "对方卡号/账号", "memo": ["交易名称", "附言"],
                 "own_account": "借记卡号"},
    ),
    # BOCOM (交通银行) debit card detail: a 借贷 direction column and unsigned amounts.
    Profile(
        id="bocom-debit", name="交通银行账户明细", bank="bocom", sign="direction",
        # 交易后余额, 交易对手名称 / 交易对手账号: 河北银行's 对公 交易明细记录, which this layout reads too
        columns={"date": "交易日期", "time": "交易时间", "amount": "交易金额", "direction": ["借贷", "借贷标志", "收/支"],
                 "balance": ["余额", "交易后余额"], "currency": ["币种", "币别"], "payer": ["对方户名", "交易对手名称"],
                 "payer_account": ["对方账号", "交易对手账号"], "memo": ["摘要", "交易方式", "交易地点"]},
        header=("交易日期", "交易金额"),
        # the real export writes the direction in two languages: 借 Dr / 贷 Cr
        direction_in=(*DIRECTION_IN, "Credit"),
        direction_out=(*DIRECTION_OUT, "Debit"),
    ),
    # BOCOM (交通银行) 银行卡交易明细查询表 (CSV): 记账日期 and 交易时间, 支出金额 / 收入金额 in two
    # columns, `--` for an empty cell, 总收入 / 总支出 stated above the header, 对方开户行.
    Profile(
        id="bocom-query", name="交通银行银行卡交易明细查询表", bank="bocom", sign="in-out",
        columns={"date": "记账日期", "time": "交易时间", "in": "收入金额", "out": "支出金额", "balance": "余额",
                 "payer": "对方户名", "payer_account": "对方账户", "memo": ["交易方式", "交易地点", "摘要"]},
        header=("对方开户行",),
    ),
    # CIB (兴业银行) 交易明细 (.xlsx), one file per sub-account of a card: its currency only in
    # the 卡内账户 line above the header (001 活期储蓄存款 人民币), the day and time in 交易时间,
    # 记账日, 支出 / 收入 in two columns, a 说明 line under the rows.
    Profile(
        id="cib-debit", name="兴业银行交易明细", bank="cib", sign="in-out",
        columns={"date": "交易时间", "in": "收入", "out": "支出", "balance": "账户余额", "payer": "对方户名",
                 "payer_account": "对方账号", "memo": ["摘要", "用途", "备注"]},
        header=("记账日", "交易渠道"), not_header=("交易日期",),
    ),
    # SPDB (浦发银行) debit card detail (.xls): a 账号 / 日期范围 line above the header, 交易日期
    # with the time in it (2025/12/03  14:06:51), 存入金额 and 取出金额 in two columns.
    Profile(
        id="spdb-debit", name="浦发银行借记卡明细", bank="spdb", sign="in-out",
        columns={"date": "交易日期", "in": "存入金额", "out": "取出金额", "balance": "余额", "payer": "交易对手名称",
                 "payer_account": "交易对手账号", "memo": ["交易类型", "附言"]},
        header=("顺序号",),
    ),
    # CMB personal (招商银行) account transactions: 对手信息 holds the name and the account number.
    Profile(
        id="cmb-debit", name="招商银行账户交易明细", bank="cmb", sign="signed",
        columns={"date": "记账日期", "amount": "交易金额", "balance": "联机余额", "currency": "货币",
                 "payer": "对手信息", "memo": ["交易摘要", "客户摘要"]},
    ),
    # CMB personal, the older "活期交易查询" CSV download (GBK): a "# 招商银行交易记录" preamble
    # with the card (一卡通:6214****1234) and 起始日期/终止日期, cells starting with a TAB,
    # 收入 and 支出 in two columns, and "# 收入合计 / # 支出合计" lines after the rows.
    Profile(
        id="cmb-debit-older", name="招商银行交易记录(旧版)", bank="cmb", sign="in-out",
        columns={"date": "交易日期", "time": "交易时间", "in": "收入", "out": "支出", "balance": "余额",
                 "memo": ["交易类型", "交易备注"]},
        header=("交易备注",), not_header=("记账日",),
        footer=(*DEFAULT_FOOTER, "#"),
    ),
)


def builtin_profiles() -> tuple[Profile, ...]:
    """The bank profiles shipped with relief (import_config.py can add its own)."""
    return BUILTIN


#: Header texts a draft profile reads as each column key, besides the built-in layouts' own
#: (`_draft_vocabulary`); matched after `fold_header`, the first key that has one wins.
_DRAFT_WORDS: dict[str, tuple[str, ...]] = {
    # 交易日期时间: 光大's corporate statement, the day and time in one cell
    # 发生日期, 会计日期, 营业日期, 账务日期, 记账时间: other banks' names for the day (a header
    # with only these was offered no profile at all)
    "date": ("交易日期", "记账日期", "入账日期", "交易日", "日期", "记账日", "交易时间", "交易日期时间", "发生日期",
             "交易发生日期", "会计日期", "营业日期", "账务日期", "业务日期", "记账时间"),
    "time": ("交易时间", "时间", "入账时间"),
    # 借方 / 贷方 bare, 发生额(借) / 发生额(贷): a 对账单's columns; 付款 / 收款, 汇出 / 汇入, 支取 / 存款:
    # other banks' words for the two sides (入账金额 alone is a card bill's signed amount: it is
    # money in only beside 出账金额, `_paired_amount`)
    "in": ("收入", "收入金额", "存入", "存入金额", "贷方金额", "贷方发生额", "贷方发生额(收入)", "记账金额(收入)", "贷方",
           "发生额(贷)", "贷方发生金额", "收入(+)", "收款金额", "汇入金额", "存款金额", "收入额", "转入"),
    "out": ("支出", "支出金额", "取出", "取出金额", "借方金额", "借方发生额", "借方发生额(支取)", "记账金额(支出)", "借方",
            "发生额(借)", "借方发生金额", "支出(-)", "付款金额", "汇出金额", "取款金额", "支取金额", "支出额", "转出",
            "出账金额"),
    # 交易发生金额: a 对公客户账户明细's one signed column
    "amount": ("交易金额", "金额", "发生额", "人民币金额", "入账金额", "交易发生金额"),
    # 收/付, 出入账标志, 交易方向: rural banks' 对账单; 收支类型: 网商银行's export (a draft
    # without them was "signed", and pasted it booked each payment as money in)
    "direction": ("借贷", "借/贷", "借贷标志", "借贷方向", "收/支", "收支", "收支标识", "借贷标识", "借贷类型", "收/付", "收付",
                  "收付标志", "收付方向", "收支类型", "收支方向", "收支标志", "交易方向", "资金方向", "出入账标志", "方向"),
    "balance": ("余额", "账户余额", "本次余额", "联机余额", "当前余额", "交易后余额"),
    "currency": ("币种", "币别", "货币", "交易币种", "记账币种", "交易货币"),
    # 收/付方名称 and 收/付方帐号: 招商银行's corporate export
    "payer": ("对方户名", "对方名称", "对方账户名", "对方账户名称", "交易对手名称", "对手信息", "对方单位名称", "收/付方名称",
              "收付方名称", "对方单位", "对方账号名称", "对方帐号名称", "对方帐户名称", "对方账户户名", "对方户名称",
              "对方开户名", "交易对方", "对手方名称", "对手名称", "对手户名"),
    "payer_account": ("对方账号", "对方账户", "对方卡号/账号", "交易对手账号", "对方帐号", "收/付方帐号", "收/付方账号",
                      "对手方账号", "对手账号", "对方账户号", "对方卡号"),
    "id": ("交易流水号", "流水号", "日志号", "凭证号", "交易序号"),
    "memo": ("摘要", "交易摘要", "附言", "交易附言", "用途", "备注", "交易类型", "交易说明", "交易描述", "交易地点", "客户摘要"),
}


@functools.cache
def _draft_vocabulary() -> tuple[tuple[str, frozenset[str]], ...]:
    """(column key, the folded header texts read as it), in `_DRAFT_WORDS`' order: its words
    and every header text a built-in layout maps to that key."""
    return tuple(
        (key, frozenset(fold_header(w) for w in words)
         | {fold_header(a) for p in BUILTIN for column in p.alternatives(key) for a in column})
        for key, words in _DRAFT_WORDS.items()
    )


#: a money column named by its side with the way the money went in brackets: 招商银行's
#: 借方(出账) / 贷方(入账), 网商银行's 借方金额（收）/ 贷方金额（支）, where its 借方 is money in
_BRACKETED_SIDE = re.compile(r"(?:借方|贷方|借|贷)(?:金额|发生额)?\((收|收入|入账|存入|转入|支|支出|出账|支取|转出)\)")


def _bracketed_way(folded: str) -> str | None:
    """"in" or "out" for a folded header naming its side and, in brackets, the way the money
    went (借方金额(收) -> in): the bracket says it, whatever the bank calls its sides."""
    m = _BRACKETED_SIDE.fullmatch(folded)
    if m is None:
        return None
    return "in" if m.group(1) in ("收", "收入", "入账", "存入", "转入") else "out"


def header_key(text: str) -> str | None:
    """The column key a header text is read as by the draft profiles (对方户名 -> payer,
    账户余额 -> balance), or None."""
    folded = fold_header(" ".join(str(text).split()))
    if not folded:
        return None
    return _bracketed_way(folded) or next((key for key, words in _draft_vocabulary() if folded in words), None)


def _paired_amount(columns: dict[str, Any]) -> None:
    """A money-out column beside an amount column whose name says money in (出账金额 beside
    入账金额): the two sides of an in / out layout, the amount being money in. Why: the draft
    read 入账金额 as one signed amount and left 出账金额 out; pasted, it refused each payment's
    row as having no amount."""
    amount = columns.get("amount")
    if "out" in columns and "in" not in columns and amount and any(w in amount for w in ("入", "收", "存", "贷")):
        columns["in"] = columns.pop("amount")


def draft_profile(cells) -> str | None:
    """A profile for a header row no layout reads, as text to paste into import_config.py,
    or None when the row has no date column and no money column(s) a profile could use.

    Why: "describe this layout as a profile" asked a finance officer to learn the profile's
    keys from the docs; the header row already says most of it. Only a draft: the caller
    shows it with what to check (a credit card's signs, which date column), never uses it."""
    columns: dict[str, Any] = {}
    memo: list[str] = []
    others: list[str] = []  # the header's other texts: they mark the layout (`header`)
    for cell in cells:
        text = " ".join(str(cell).split())
        folded = fold_header(text)
        if not folded:
            continue
        way = _bracketed_way(folded)
        for key, words in _draft_vocabulary():
            if folded not in words and key != way:
                continue
            if key == "memo":
                memo.append(text)
                break
            if key not in columns:
                columns[key] = text
                break
        else:  # no key, or its key taken already (入账日期 beside 交易日期)
            others.append(text)
    if memo:
        columns["memo"] = memo
    _paired_amount(columns)
    if "in" in columns and "out" in columns:
        sign = "in-out"
        columns.pop("amount", None)
        columns.pop("direction", None)
    elif "amount" in columns and "direction" in columns:
        sign = "direction"
    elif "amount" in columns:
        sign = "signed"
    else:
        return None
    if "date" not in columns and "time" in columns:
        # the only column of when (时间, as 微众 and 网商 write the day and time in it): the
        # date's; if it holds times alone the import says so
        columns["date"] = columns.pop("time")
    if "date" not in columns:
        return None
    order = [k for k in COLUMN_FIELDS if k in columns]
    draft: dict[str, Any] = {"id": "my-bank", "name": "我的银行账户明细", "columns": {k: columns[k] for k in order}, "sign": sign}
    if others:
        # the books' profiles are tried before the built-in ones: with the header's other
        # texts as marks it takes this layout's files only, not every file with 交易日期
        draft["header"] = others
    try:
        Profile(**draft)
    except ProfileError:
        return None
    return json.dumps(draft, ensure_ascii=False)  # JSON of strings, lists and dicts is Python too


def draft_hint(cells) -> str:
    """What the header row says as a profile to start from (`draft_profile`), with what a
    header cannot tell, to end a message's hint; empty when it says too little. A `Said`:
    the Chinese half of the hint it ends (`joined`) keeps the draft too."""
    draft = draft_profile(cells)
    if draft is None:
        return ""
    return said(f"；按它的表头行，profile 可以从 {draft} 开始（把它加到 import_config.py 的 profiles=[...] 中；请核对每一列"
                "是否是它的键所说的内容；信用卡的消费若写成正数，加上 \"invert\": True）",
                f"; read from its header row, a profile could start as {draft} (add it to profiles=[...] in import_config.py; "
                "check that each column holds what its key says, and for a credit card whose spending is a positive amount "
                'add "invert": True)')


def joined(*parts: str) -> str:
    """Parts of one message (a hint and the draft profile that ends it) as one text, its
    Chinese joined from each part's own; plain English when a part has none.

    Why: `PROFILE_HINT + draft_hint(cells)` is a plain str, so the hint of every unknown
    layout lost its Chinese and the dry run showed it in English only."""
    en = "".join(str.__str__(p) for p in parts)
    zh = [zh_of(p) if zh_of(p) is not None or p else "" for p in parts]
    return en if any(z is None for z in zh) else said("".join(zh), en)


def with_draft(hint: str, cells) -> str:
    """`hint` ended by the draft profile read from the header row `cells`, in both languages."""
    return joined(hint, draft_hint(cells))
