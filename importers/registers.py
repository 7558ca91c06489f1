"""Spreadsheets the centre fills in: donation register, disbursement roster, goods register.

The project ships a template for each (importers/templates/, xlsx and csv; `relief import
--template KIND --out FILE` copies one out). Headers may be in Chinese or English, in any
order; extra columns are ignored. Every problem in a row (an unknown or exited case, a
fund that may not pay that kind of aid, an item not in stock, a date or amount that does
not parse) is reported with its row and column, all rows at once, and nothing from that
file is imported until they are fixed.

- Donation register (捐赠登记表): money or goods received, usually at a donation drive.
- Disbursement roster (发放花名册): aid paid to cases, one row per case.
- Goods register (物资发放登记表): goods handed out to cases; they leave stock at cost.

Every yuan and every unit of goods is accounted for (#12): each importer measures the file's
own movement from its rows (`Report.file_in` / `file_out`, see importers.run) — money per
account it is received in or paid from; goods received both at their stated value on
`Assets:Goods` and counted per item (`Assets:Goods RICE`); goods handed out counted per item
only, since the goods register states no value (they leave at the FIFO cost the books hold,
which the goods_cost rule checks). A row that books nothing (a totals row, a note such as
制表人 under the table) is listed as skipped with its amount (zero) and reason; a totals row
must agree with the rows above it.
"""

from __future__ import annotations

import bisect
import dataclasses
import datetime
import io
import re
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from beancount.core import data, flags
from beancount.core.amount import Amount
from beancount.core.number import MISSING
from beancount.core.position import CostSpec

from importers.amount_words import WORDS_HINT, looks_worded, parse_amount_words
from importers.base import ReliefImporter, Report
from importers.classify import Classifier, add_note, guess_kind, names_no_one_note, spelling_note
from importers.context import BooksContext
from importers.counted import commodity_units, is_unit_of, split_count
from importers.dedupe import LEGACY_REF, aid_payment_key, voucher_without_zeros
from importers.errors import ImportProblem, Skipped, row_on_sheet, row_on_sheet_zh, said, zh_of
from importers.goods_lots import stock_lots, take_value
from importers.month_sheets import (
    MONTH_SHEET,
    SheetsErrors,
    Workbook,
    mark_sheets,
    place,
    raise_all,
    refuse_shared_ids,
    refuse_sheets_of_no_month,
    sheets_of,
    sort_sheets,
    summary_notes,
)
from importers.profiles import fold_header, simplified
from importers.reading import (
    Row,
    column_letter,
    hidden_notes,
    read_table,
    refuse_headless_sheets,
    refuse_other_sheets,
    refuse_shifted,
    serial_date,
    trimmed_cells,
)
from importers.records import Record, add_older_ids, assign_fingerprints
from importers.statement_lines import OTHER_MONEY_UNIT, other_money_unit, stated_count
from importers.values import (
    DIGITS_HINT,
    cell_hint,
    date_problem,
    finer_than_fen,
    is_empty,
    is_garbled_name,
    is_masked,
    money,
    normalise,
    parse_amount,
    parse_date,
    shown_rounded_hint,
    slashed_order,
    too_many_digits,
    yearless_day,
)
from ledger.accounts import (
    AID_CATEGORIES,
    BANK_ROOT,
    DONATION_ACCOUNTS,
    EDUCATION_AID_ACCOUNT,
    EMPLOYMENT_AID_ACCOUNT,
    GOODS_AID_ACCOUNT,
    HOLIDAY_AID_ACCOUNT,
    IN_KIND_DONATION_ACCOUNT,
    LEGAL_AID_ACCOUNT,
    LIVING_AID_ACCOUNT,
    MEDICAL_AID_ACCOUNT,
    is_asset,
)
from ledger.errors import counted
from ledger.personal import card_number, masked, personal_details
from ledger.registry import GENERAL_FUND, UNIDENTIFIED_DONOR, matched_by_script


@dataclass(frozen=True)
class Column:
    """A register column: its key, its Chinese and English header, whether it is required, and help for the template."""
    key: str
    zh: str
    en: str
    required: bool = False
    help_zh: str = ""
    help_en: str = ""
    #: other headers offices write for it (发放金额, 捐款金额); why: a roster headed 发放金额 was
    #: refused as an unknown format, with a hint about bank profiles
    aliases: tuple[str, ...] = ()

    @property
    def names(self) -> tuple[str, ...]:
        """The header texts that name this column (Chinese, English, or a common other header)."""
        return (self.zh, self.en, *self.aliases)


@dataclass(frozen=True)
class Register:
    """A kind of register (donations, roster, goods): its titles and columns, from which the templates are made too."""
    kind: str
    title_zh: str
    title_en: str
    columns: tuple[Column, ...]
    #: keys of the columns no bank's export has (捐赠人, 案例编号, 审批单号…): a header holding
    #: one is this register's, even where a bank profile of the books' own (日期, 金额) reads it
    marks: tuple[str, ...] = ()

    @property
    def required(self) -> list[Column]:
        """The columns a register must have."""
        return [c for c in self.columns if c.required]


#: how 收款方式 / 发放方式 write the bank and cash. Why: 对公转账, 银行卡, 打卡 (paid onto the card),
#: 现金发放, 现金（捐款箱）and 微信转账 were refused as no way of receiving or paying money
BANK_WORDS = ("银行", "bank", "转账", "银行转账", "对公转账", "银行汇款", "汇款", "网银", "银行卡", "打卡",
              # Why: 转帐 (帐 for 账), 银行代发, 网银转账 and 对公账户 were refused as no way of paying
              "转帐", "银行转帐", "对公转帐", "网银转账", "网银转帐", "银行代发", "对公账户")
#: what a register's 收款方式 / a roster's 发放方式 writes for cash, the WeChat Pay / Alipay balance
CASH_WORDS = ("现金", "cash", "现金发放", "现金支付", "现金（捐款箱）", "现金(捐款箱)", "捐款箱", "募捐箱", "现金收取", "现金收款")
WECHAT_WORDS = ("微信", "wechat", "微信支付", "微信转账", "微信收款", "微信转帐")
ALIPAY_WORDS = ("支付宝", "alipay", "支付宝转账", "支付宝收款", "支付宝转帐")

#: a roster's column of the money actually paid (实发金额, beside 应发金额, the money due): the
#: amount. Why: a roster headed 应发金额 / 实发金额 was refused as having no 金额, and one with
#: 金额 and 实发金额 booked 金额 (1000.00) where 800.00 was paid; that one is now refused as two
#: columns headed as the amount
PAID = ("实发金额", "实发", "实付金额", "实际发放金额")

#: a register kept as receipts are written: the figure headed 金额（小写）, the amount in words
#: beside it (金额（大写）, 大写金额), checked against the figure (`RegisterImporter.words_agree`).
#: Why: such a roster was refused as having no 金额, with a hint about bank profiles; and a
#: 大写金额 of 壹佰元整 beside 1000 was passed over, though one of the two is wrong
FIGURE = ("金额(小写)", "小写金额", "金额小写", "小写")
IN_WORDS = ("金额(大写)", "大写金额", "金额大写", "大写", "人民币(大写)", "人民币大写")

#: other headers of a roster's or goods register's case and approval columns. Why: 档案编号 /
#: 审批编号 had the file refused as an unknown format, with a hint about bank profiles
CASE_HEADERS = ("档案编号", "建档编号", "建档立卡编号", "帮扶对象编号", "困难职工编号")
APPROVAL_HEADERS = ("审批编号", "审批号", "审批文号", "审批单编号")
#: other headers of the goods item column. Why: 物资名称 大米 was not read, and the row refused
#: as holding neither an amount nor a goods item
ITEM_HEADERS = ("物资名称", "物品名称", "物品", "捐赠物资", "发放物资", "品名")
#: other headers of the fund column. Why: 基金名称 金秋助学 was not read, and a restricted
#: fund's aid charged to GENERAL without a word
FUND_HEADERS = ("基金名称", "所属基金", "专项基金", "资金名称", "基金项目")

DONATIONS = Register("donations", "捐赠登记表", "Donation register", (
    Column("date", "日期", "date", True, "收到捐赠的日期，如 2026-03-05", "day received, e.g. 2026-03-05", ("捐赠日期", "捐款日期")),
    Column("donor", "捐赠人", "donor", False, "捐赠人编号（D0001）或名称；匿名可留空", "donor id (D0001) or name; empty if anonymous",
           ("捐款人", "捐赠人姓名", "捐赠单位/个人", "捐赠单位或个人",
            # Why: 捐赠单位 and the like were not read, every gift booked UNIDENTIFIED without a word
            "捐赠单位", "捐款单位", "捐赠单位(个人)", "捐款单位(个人)", "捐款单位/个人", "捐款单位或个人", "捐赠者",
            "捐款者", "捐赠方", "捐赠人(单位)", "捐款人(单位)", "单位名称", "单位/个人", "姓名", "姓名/单位")),
    Column("donor_kind", "捐赠人类型", "donor kind", False, "企业 / 个人 / 社会组织", "enterprise / individual / organisation"),
    Column("amount", "金额", "amount", False, "现金捐赠金额（元）；捐物资时留空", "money given (CNY); empty for goods",
           ("捐赠金额", "捐款金额", *FIGURE)),
    Column("item", "物资", "goods item", False, "物资代码（如 RICE），须已在账簿中登记", "commodity code (e.g. RICE), declared in the books",
           ITEM_HEADERS),
    Column("quantity", "数量", "quantity", False, "物资数量", "how many units"),
    Column("unit_value", "单价", "unit value", False, "每单位估值（元）", "value per unit (CNY)"),
    Column("fund", "基金", "fund", False, "留空即 GENERAL（一般帮扶资金）", "empty means GENERAL", FUND_HEADERS),
    Column("anonymous", "匿名", "anonymous", False, "否 / 网站不公开 / 完全匿名（none / public / all）", "none / public / all"),
    Column("letter", "需要感谢信", "letter wanted", False, "是 / 否", "yes / no"),
    Column("contact", "联系方式", "contact", False, "仅内部使用，绝不公开", "private, never published"),
    Column("received", "收款方式", "received in", False, "现金 / 银行 / 微信 / 支付宝，或账户名", "cash / bank / wechat / alipay, or an account",
           # Why: headed so, the column was not read and every gift booked as cash
           ("捐赠方式", "捐款方式", "到账方式", "收款形式", "缴款方式")),
    Column("valuation", "估值依据", "valuation", False, "物资：invoice（发票）/ market（市价）/ donor（捐赠人申报）", "goods: invoice / market / donor"),
    Column("note", "备注", "note"),
    Column("ref", "凭证号", "reference", False, "收据或凭证编号（可选）", "voucher number (optional)"),
), marks=("donor", "donor_kind", "letter", "anonymous", "received", "valuation", "unit_value"))

ROSTER = Register("roster", "发放花名册", "Disbursement roster", (
    Column("date", "日期", "date", True, "发放日期", "day paid", ("发放日期",)),
    Column("case", "案例编号", "case", True, "建档立卡编号，如 C0001（不填姓名）", "case id, e.g. C0001 (no names)", CASE_HEADERS),
    Column("category", "类别", "category", True, "特困救助 / 医疗救助 / 助学 / 就业援助 / 法律援助 / 节日慰问", "Living / Medical / Education / Employment / Legal / Holiday",
           ("救助类别", "帮扶类别", "发放类别", "救助类型", "帮扶类型", "补助类别")),
    Column("amount", "金额", "amount", True, "发放金额（元）", "amount paid (CNY)", ("发放金额", "救助金额", *PAID, *FIGURE,
           # Why: headed by the kind of aid, a roster was refused as having no 金额
           "补助金额", "慰问金额", "帮扶金额", "慰问金", "补助金", "救助金")),
    Column("fund", "基金", "fund", False, "留空即 GENERAL", "empty means GENERAL", FUND_HEADERS),
    Column("approval", "审批单号", "approval", True, "审批单号，如 SP-2026-0088", "approval number", APPROVAL_HEADERS),
    Column("paid_by", "发放方式", "paid by", False, "银行 / 现金（bank / cash）", "bank / cash",
           # Why: headed so, the column was not read and aid paid in cash booked as paid from the bank
           ("支付方式", "付款方式", "发放形式", "领取方式")),
    Column("note", "备注", "note"),
), marks=("case", "approval"))

GOODS = Register("goods", "物资发放登记表", "Goods register", (
    Column("date", "日期", "date", True, "发放日期", "day handed out", ("发放日期",)),
    Column("case", "案例编号", "case", True, "建档立卡编号，如 C0001", "case id, e.g. C0001", CASE_HEADERS),
    Column("item", "物资", "goods item", True, "物资代码（如 RICE）", "commodity code (e.g. RICE)", ITEM_HEADERS),
    Column("quantity", "数量", "quantity", True, "发放数量", "how many units", ("发放数量",)),
    Column("fund", "基金", "fund", False, "留空即 GENERAL", "empty means GENERAL", FUND_HEADERS),
    Column("approval", "审批单号", "approval", True, "审批单号", "approval number", APPROVAL_HEADERS),
    Column("note", "备注", "note"),
), marks=("case", "approval"))

REGISTERS = {r.kind: r for r in (DONATIONS, ROSTER, GOODS)}
#: the date column's headers, of every register
DATE_NAMES = tuple(n for r in REGISTERS.values() for c in r.columns if c.key == "date" for n in c.names)

ZERO = Decimal(0)
#: the first cell of a totals row (小计 per page, 合计 / 总计 for the whole register)
#: a total written in its label's cell: 合计：999元, 合计 150.00, 合计金额：壹佰伍拾元整
LABELLED_TOTAL = re.compile(r"^(?:合计|合計|总计|總計|小计)(?:金额)?[：:]?(.+)$")
#: a totals label stating the year so far (本年累计, 全年合计), months before the register's own included
YEAR_SO_FAR = ("本年", "全年", "年度", "年初")
# 汇总: the label of the totals row of an Excel or WPS table (插入表格 → 汇总行), refused as "'汇总' is not a date"
TOTALS_WORDS = ("合计", "總計", "总计", "小计", "合計", "累计", "汇总", "total")
#: a total stated inside a footer sentence (共 3 人，合计金额 2000 元)
TOTAL_IN_TEXT = re.compile(r"(?:合计|合計|总计|總計|小计)(?:金额)?[：:]?([¥￥]?[\d,]+(?:\.\d+)?)(?=元|$|[，,；;。])")
#: a totals row's amount in words: 合计（大写）：伍仟元整, 人民币（大写）伍仟元整
AMOUNT_WORDS_CELL = re.compile(r"大写[)）]?[:：]?(.+)$")
#: the people a roster or goods register counts in its footer (共 3 人, 合计人数：3, 共 2 户);
#: why: 共 3 人 under two rows was listed as stating nothing to check
PEOPLE_COUNT = re.compile(r"共\s*(\d+)\s*(?:人|户|名)|人数\s*[:：]?\s*(\d+)")
#: a cell that labels a totals row on its own (合计, 本月合计, 合计金额：, Total)
# Why 累计 alone (the rows so far, under 本页合计) and 本年累计: each was refused as "'累计' is not a date"
TOTALS_LABEL = re.compile(r"(本月|本期|本页|全部|累计)?(合计|總計|总计|小计|合計|汇总)(金额|笔数|人数)?([:：].*)?"
                          r"|(本年|本月|本期|全年)?累计(金额|数)?([:：].*)?|(sub)?total[:：]?", re.IGNORECASE)
#: a department's or unit's totals row (机关小计, 1号车间合计, Workshop 1 subtotal), the label in any
#: column but the note; why: with its date filled in, such a row was booked as a gift (or aid)
#: of the department's sum, counting its rows twice, when no 合计 under them caught it
PART_TOTALS_LABEL = re.compile(r"[^:：]{1,24}?\s*((合计|總計|总计|小计|合計)(金额|笔数|人数)?([:：].*)?|(sub)?total[:：]?)", re.IGNORECASE)

#: a cell of the signature lines under a register (制表人：李四, 审核人签字：, 日期：2026年3月5日), which
#: land in whatever column the officer typed them; why: 审核人：王五 under 案例编号 made the
#: footer an entry, refused as "'审核人：王五' is not a case id" with no date, category or amount
SIGNATURE = re.compile(r"\s*(制表|填表|填报|审核|复核|审批|经办|负责|记账|出纳|会计|主管|分管|领导|监督|核对|报送|单位|日期)"
                       r"[\u4e00-\u9fff]{0,4}\s*[:：]")

#: a number as long as an identity number (15 or 18 digits, the last perhaps X), or one a
#: spreadsheet showed in scientific notation (4.10101E+17): never a case id
LONG_NUMBER = re.compile(r"\d{15}|\d{17}[\dXx]|\d(\.\d+)?[Ee]\+?\d{2}")

#: spaces between the characters of a Chinese name (张 三, 王　小　明)
SPACED_NAME = re.compile(r"(?<=[\u4e00-\u9fff])\s+(?=[\u4e00-\u9fff])")
#: a donor cell naming no one: the giver asked not to be named (read as 完全匿名, no donor)
NO_NAME = {"匿名", "匿名捐赠", "匿名捐款", "匿名捐赠人", "无名氏", "佚名", "不留名", "anonymous"}
# Why: 爱心人士 (a kind-hearted person) and its like name no one either; each was proposed as
# one donor named so, whose gifts from many strangers the site then listed under that name
NO_NAME |= {"爱心人士", "热心人士", "爱心市民", "热心市民", "热心群众", "爱心群众", "好心人", "匿名人士",
            "匿名者", "不具名", "不愿具名", "不愿透露姓名", "无名"}

#: a courtesy after a name (王小明先生, 李红女士) or a company's form in brackets (某某(有限公司)):
#: written so, a registered donor was proposed as a new one, whose gifts the site listed apart
HONORIFIC = re.compile(r"(?<=[\u4e00-\u9fff]{2})(先生|女士|小姐|同志|老师)$")
BRACKETED_FORM = re.compile(r"[(（]\s*(有限公司|有限责任公司|股份有限公司|集团有限公司)\s*[)）]$")


def other_form(name: str) -> str | None:
    """The donor's name without a courtesy after it (王小明 for 王小明先生, never 王 for 王先生) or
    with its company form out of brackets (某某有限公司 for 某某(有限公司)), else None."""
    plain = BRACKETED_FORM.sub(r"\1", HONORIFIC.sub("", name.strip()))
    return plain if plain != name.strip() else None


#: a column the officer added for the people helped or the donors' details: never shown
PERSONAL_HEADER = re.compile(r"姓名|名字|身份证|证件|电话|手机|联系|卡号|账号|帐号|住址|地址|户籍")

#: a header cell that belongs to a roster or goods register (money or goods going out), never
#: a donation register's. Why: a roster whose case column was headed 档案号 matched the donation
#: register (日期, 金额), and its 500.00 of aid paid out was proposed as a gift received
PAYOUT_HEADER = re.compile(r"案例|case|档案|审批|approval|发放|实发|应发|救助|补助|慰问|受助|领取|身份证")

#: a title above a register's header that calls it a roster or a hand-out list
PAYOUT_TITLE = re.compile(r"花名册|发放|领取")

#: a header the register does not read that may say where money went or which fund pays
UNREAD_WORDS = re.compile(r"方式|渠道|基金|资金|账户|帐户")

#: a unit price with the unit it is per: 50元/袋, 58.5 / bag
PER_UNIT = re.compile(r"\s*(.+?)\s*/\s*([^\d\s/]{1,6})\s*")

#: the columns of money, where an amount in Chinese numerals (壹仟元整) is read (importers/amount_words.py)
WORDED = ("amount", "unit_value")

#: a donor cell carrying the giver's wish beside the name: 张三（匿名）, 张三(完全匿名), 匿名（张三）
#: a wish not to be named as treasurers write it (不留名, 不愿具名, 不愿透露姓名): 匿名, 网站不公开
NOT_NAMED_WISHES = ("不留名", "不愿留名", "不具名", "不愿具名", "不署名", "不愿署名", "不愿透露姓名")
# Why: 张三（不留名） was proposed as a donor of that name, whom the site would then name
ANONYMITY_MARK = re.compile(r"^(?P<name>[^（()）]+?)\s*[（(](?P<wish>匿名|完全匿名|网站不公开|"
                            + "|".join(NOT_NAMED_WISHES) + r")[)）]$")
MARKED_ANONYMOUS = re.compile(r"^(?P<wish>匿名|完全匿名)\s*[（(](?P<name>[^（()）]+)[)）]$")

#: how far each anonymity choice keeps the donor's name back (none < public < all)
STRICTNESS = {"none": 0, "public": 1, "all": 2}

YES = {"是", "y", "yes", "true", "1", "需要", "要", "√", "✓"}
NO = {"否", "n", "no", "false", "0", "不需要", "不要", "×"}
KINDS = {"企业": "enterprise", "公司": "enterprise", "enterprise": "enterprise", "个人": "individual",
         "individual": "individual", "社会组织": "organisation", "组织": "organisation", "organisation": "organisation",
         "organization": "organisation", "单位": "organisation"}
ANONYMITY = {"否": "none", "none": "none", "不匿名": "none", "": "none", "网站不公开": "public", "public": "public",
             "是": "public", "匿名": "public", "完全匿名": "all", "all": "all"}
# Why: a 匿名 column ticked as such columns are (Y / N, 1 / 0, ✓) was refused row by row,
# though 是 / 否 were read; a yes is 是 (not on the site), a no is 否, as the letter column reads them
ANONYMITY.update({**{w: "public" for w in YES}, **{w: "none" for w in NO}, **{w: "public" for w in NOT_NAMED_WISHES}})

#: a donor cell describing a giver not named, in words the set NO_NAME does not list one by one:
#: 匿名捐赠者, 匿名爱心人士, 不愿具名的爱心人士, 一位不愿透露姓名的市民, 某爱心人士
NOBODY = re.compile(r"^(?:某|一位|一名|有位)?(?:(?P<wish>匿名|无名|" + "|".join(NOT_NAMED_WISHES) + r")的?)?"
                    r"(?P<kind>爱心|热心|好心)?(?:捐赠|捐款)?(?:人士|者|人|市民|群众|朋友|网友|氏)?$")


def word(text: str) -> str:
    """A cell as the register's word tables (KINDS, ANONYMITY, YES / NO, BANK_WORDS, the aid
    categories, units, NO_NAME…) compare it: stripped and in simplified characters (銀行 as 银行,
    個人 as 个人, 醫療救助 as 医疗救助, 網站不公開 as 网站不公开), as headers are (fold_header). Why:
    a register typed in traditional characters had its header read, then every such cell
    refused one by one. Only the comparison is folded: names and notes are booked as written."""
    return simplified(text.strip())


def names_no_one(text: str) -> bool:
    """Whether a donor cell names no one: a word of NO_NAME, or a giver described by a wish not
    to be named or as kind-hearted (NOBODY). Why: 匿名捐赠者 and 不愿具名的爱心人士 were each
    proposed as a donor of that name, the gifts of many strangers to be listed under it."""
    text = word(text)
    if text.lower() in NO_NAME:
        return True
    m = NOBODY.match(text)
    return bool(m and (m.group("wish") or m.group("kind")))


def _anonymity_mark(donor: str) -> tuple[str, str] | None:
    """(the name as written, the anonymity choice) of a donor cell carrying the giver's wish
    beside the name (张三（匿名）, 匿名（张三）, 張三（網站不公開）), else None. The wish is
    read in simplified characters; the name is kept as the cell writes it."""
    marked = ANONYMITY_MARK.match(donor) or MARKED_ANONYMOUS.match(donor)
    if marked:
        return marked.group("name").strip(), ANONYMITY[word(marked.group("wish"))]
    folded = simplified(donor)
    marked = ANONYMITY_MARK.match(folded) or MARKED_ANONYMOUS.match(folded)
    if not marked or len(folded) != len(donor):  # the name's span, where a word was converted to one of another length
        return None
    start, end = marked.span("name")
    return donor[start:end].strip(), ANONYMITY[marked.group("wish")]


def category_account(text: str) -> str | None:
    """The aid expense account a register's category cell names (account, its last part, Chinese or English name, or a common word), else None."""
    found = category_accounts(text)
    return found[0] if len(found) == 1 else None


def category_accounts(text: str) -> list[str]:
    """Every aid expense account a category cell may name: one for a category, several for a
    cell naming two (医疗救助、助学), none for words that name none.

    Why: 医疗救助、助学 was booked as medical aid alone, the first that matched, without a word."""
    t = word(text)
    if not t:
        return []
    for account, (zh, en) in AID_CATEGORIES.items():
        leaf = account.rsplit(":", 1)[-1]
        if t in (account, leaf, zh, en) or t.lower() in (leaf.lower(), en.lower()):
            return [account]
    named = [a for a, (zh, _) in AID_CATEGORIES.items() if len(t) >= 2 and (t in zh or zh in t)]
    if named:
        return named
    # Why 特困 (特困帮扶), 大病 and 住院 (大病救助, 住院补助): refused as no aid category; so was
    # 送温暖, the union's New Year and Spring Festival visits (两节送温暖), the commonest word for them
    extra = {"生活": LIVING_AID_ACCOUNT, "医疗": MEDICAL_AID_ACCOUNT, "送温暖": HOLIDAY_AID_ACCOUNT,
             "大病": MEDICAL_AID_ACCOUNT, "住院": MEDICAL_AID_ACCOUNT,
             "教育": EDUCATION_AID_ACCOUNT, "就业": EMPLOYMENT_AID_ACCOUNT, "培训": EMPLOYMENT_AID_ACCOUNT,
             "法律": LEGAL_AID_ACCOUNT, "慰问": HOLIDAY_AID_ACCOUNT, "物资": GOODS_AID_ACCOUNT}
    found = list(dict.fromkeys(a for w, a in extra.items() if w in t))
    # 困难 / 特困 (hardship) is said of every kind of aid: living aid only when nothing else is
    # named; so is 临时 / 应急 (临时救助, one-off relief in a sudden hardship: 临时医疗救助 is medical)
    return found or ([LIVING_AID_ACCOUNT] if any(w in t for w in ("困难", "特困", "临时", "应急")) else [])


#: a number with one mark, a dot or a comma, and three digits after it (1.250, 1,250): in a
#: file whose spreadsheet wrote 1.234,56 it is a thousand and more, where the dot is the
#: decimal mark a little over one. Why: a gift of 1.250 in a semicolon register was booked 1.25
THOUSAND_FOLD = re.compile(r"^[+-]?\d{1,3}[.,]\d{3}$")

#: a number written with a decimal comma (12,50, 1.234,56), as a spreadsheet in a European
#: locale saves it: refused (never booked ×100), named as what it is
DECIMAL_COMMA = re.compile(r"^[+-]?\d{1,3}(?:\.\d{3})*,\d{1,2}$|^[+-]?\d+,\d{1,2}$")


@dataclass
class Sheet:
    """A register as read: which register, its header row, where each column is, and the rows below."""
    register: Register
    header: Row
    columns: dict[str, int]
    rows: list[Row] = field(default_factory=list)
    #: for dates written year last (03/01/2026): day or month first, as the whole column shows
    date_formats: tuple[str, ...] = ()
    #: what the reading changed, for the dry run (date numbers read as dates)
    notes: list[str] = field(default_factory=list)
    #: the cells struck through in the workbook (row number -> column indices): font only, so
    #: the values read keep them (`_struck_cells`)
    struck: dict[int, list[int]] = field(default_factory=dict)
    #: the sheet's name when the workbook has others (说明, Sheet3), for the rows' messages: a
    #: row number alone sent the officer to the sheet the workbook opens on
    title: str = ""
    #: cells read from a cell merged down over them (row number -> column indices): the
    #: rows' ids keep them as stored (empty), as the versions that did not read merges did
    filled: dict[int, set[int]] = field(default_factory=dict)
    #: a totalled column (金额, 数量) merged down over rows: (column, first row, last row)
    merged_totals: list[tuple[int, int, int]] = field(default_factory=list)
    #: the rows hidden in the sheet (hidden or filtered out), read like the others
    hidden: frozenset[int] = frozenset()
    #: rows with a cell whose leading apostrophe the reading dropped, as older relief versions
    #: read them (reading.Sheet.marked): the rows' ids keep those readings' (`older_ids`)
    marked: dict[int, Row] = field(default_factory=dict)
    #: the one year (and month, when one) the lines above the header or the sheet's name state
    #: (2026年5月发放花名册, a sheet named 2026.05), with that text: the year of days written
    #: without theirs (5月5日)
    stated_year: tuple[int, int | None, str] | None = None
    yearless_noted: bool = False
    #: a text file separated by semicolons (a spreadsheet in a European locale, where the
    #: comma is the decimal mark and the dot the thousands mark): see `_thousand_fold`
    semicolons: bool = False
    #: the latest month of such a day read so far (a January after December: the next year)
    yearless_month: int = 0


#: what to write where a roster's 档案编号 holds a name or a person's number
CASE_ID_HINT = said("请写案例档案给的编号（C0001；registry/cases.beancount 中列有）",
                    "write the id the case file gives (C0001; registry/cases.beancount lists them)")


class RowErrors:
    """Collects every row's problem so the officer fixes them all in one go."""

    def __init__(self, filepath: str, names: dict[str, str], sheet: str = ""):
        self.filepath = filepath
        self.names = names
        self.sheet = sheet or None
        #: what the dry run should show of how cells were read (壹仟元整 as 1,000.00)
        self.notes: list[str] = []
        self.problems: list[ImportProblem] = []

    def add(self, row: int, key: str | None, what: str, hint: str = "") -> None:  # what, hint: a `Said` for both languages
        """Note a problem of row `row` in column `key`, with what to do."""
        column = self.names.get(key) if key else None
        self.problems.append(ImportProblem(self.filepath, what, row=row, column=column, hint=hint or None, sheet=self.sheet))

    def raise_if_any(self) -> None:
        """Raise the problems noted, all of them in one message (one ImportProblem when there is one)."""
        if not self.problems:
            return
        if len(self.problems) == 1:
            raise self.problems[0]
        # in the order of the rows (a check run after the others found its rows last)
        ordered = sorted(self.problems, key=lambda p: p.row if isinstance(p.row, int) else 0)
        lines = "\n  ".join(p.message for p in ordered)
        lines_zh = "\n  ".join(p.zh or p.message for p in ordered)
        raise ImportProblem(self.filepath, said(f"{len(self.problems)} 行不能导入；请全部改正后再导入这个文件：\n  {lines_zh}",
                                                f"{len(self.problems)} rows cannot be imported; fix them and import the file again:\n  {lines}"))


class RegisterImporter(ReliefImporter):
    """Imports a register (a spreadsheet the centre keeps): every row is checked and all bad rows are reported at once."""
    register: Register

    @property
    def title(self) -> str:  # type: ignore[override]
        """The register's title in both languages, for messages and Fava."""
        return f"{self.register.title_zh} ({self.register.title_en})"

    def _locate(self, filepath: str):
        """The register as found on the first sheet holding its header (None if none does), the
        workbook's other sheets with the header kept in `_found` for `_parse`."""
        self._stem = Path(filepath).stem  # the file's own name, for DonationRegisterImporter._header_in
        table = read_table(filepath)
        found = [(sheet, located) for sheet in table.sheets if (located := self._header_in(sheet)) is not None]
        if not found:
            return None
        # Why: a sheet of instructions (说明, 填表说明) repeating the header over an example row
        # had the workbook refused as a register kept on two sheets, with the advice to copy
        # the rows onto one sheet, which would have booked the example
        guide = [(s, f) for s, f in found if INSTRUCTIONS_SHEET.search(s.name)]
        if guide and len(guide) < len(found):
            found = [(s, f) for s, f in found if not INSTRUCTIONS_SHEET.search(s.name)]
        else:
            guide = []
        self._table, self._found = table, found
        (sheet, located), others = found[0], found[1:]
        # what the reading did to the file (padding dropped, a CSV named .xls), as the bank
        # statements and bills say it
        located.notes.extend(table.notes)
        for s, f in guide:
            n = len([r for r in f.rows if r.cells and not r.blank])
            located.notes.append(said(f"工作表 {s.name!r} 视为填表说明（它的名称如此）而不读取：表头下从第 {f.rows[0].number} 行起的 "
                                      f"{n} 行是示例，不是分录",
                                      f"sheet {s.name!r} is taken for instructions (its name says so) and not read: "
                                      f"its {n} row(s) under the header, from row {f.rows[0].number}, are examples, not entries")
                                 if n else said(f"工作表 {s.name!r} 视为填表说明（它的名称如此）而不读取",
                                                f"sheet {s.name!r} is taken for instructions (its name says so) and not read"))
        # a register kept as a sheet per month: every sheet's rows, or none (never the first alone)
        self._other_sheets = (sheet, [(s, f.header.number) for s, f in others], located.header.number)
        self._prepare(table, sheet, located, found)
        return located

    def _prepare(self, table, sheet, located: Sheet, found: list) -> None:
        """What is read of one sheet holding the register's header (`located`, read from the
        workbook's `sheet`): its stated year, merges, hidden rows and columns, date numbers,
        and the sheets after it without the header (where rows may go on: refused if so)."""
        located.stated_year = _stated_year(sheet.name, [r for r in sheet.rows if r.number < located.header.number])
        self._raw = sheet
        self._after = [s for s in table.sheets[table.sheets.index(sheet) + 1:]
                       if all(s is not f for f, _ in found)
                       and not INSTRUCTIONS_SHEET.search(s.name)]
        self._text = table.kind == "csv"
        located.semicolons = table.kind == "csv" and table.delimiter == ";"
        self._open_ended = table.open_ended
        if len(table.sheets) > 1:
            located.title = sheet.name
        self._merged_down(sheet, located)
        located.hidden = sheet.hidden_rows
        located.marked = sheet.marked
        if table.kind in ("xlsx", "xls") and "date" in located.columns:
            self._serial_dates(located, table.date1904)
        self._kind = table.kind
        located.notes.extend(hidden_notes(sheet, located.rows, "register", said("；不应记账的行请删除",
                                                                              ", and delete a row that is not to be booked")))
        # Why: a column headed 资金渠道 (or any way or fund the register does not know) was passed
        # over, every row left on the default account and the general fund without a word
        located.notes.extend(said(f"列 {column_letter(i)} {h!r} 不读取：各行按默认的收付方式（收款方式 现金，发放方式 银行）"
                                  "和基金（GENERAL）记账；如果它写的是收付方式或基金，请把表头改为 收款方式、发放方式 或 基金",
                                  f"column {column_letter(i)} {h!r} is not read: its rows take the default way of "
                                  "paying (收款方式 cash, 发放方式 the bank) and fund (GENERAL); head it 收款方式, 发放方式 or "
                                  "基金 if it says one") for i, h in enumerate(located.header.cells)
                             if h and i not in located.columns.values() and UNREAD_WORDS.search(h)
                             and not PERSONAL_HEADER.search(h))
        # Why: a hidden 基金 or 收款方式 column charged rows to a fund, or an account, the officer
        # looking at the sheet did not see
        located.notes.extend(said(f"列 {column_letter(i)}（{located.header.get(i)}）在工作表中是隐藏的，照样读取："
                                  "请取消隐藏（选中它两边的列，右键，取消隐藏）后核对",
                                  f"column {column_letter(i)} ({located.header.get(i)}) is hidden in the sheet and read like the "
                                  "others: unhide it (select the columns beside it, right-click, Unhide) to check it")
                             for i in sorted(set(located.columns.values()) & sheet.hidden_columns))

    def _merged_down(self, read, located: Sheet) -> None:
        """The value of a cell merged down a column (one date for a morning's five gifts, one
        审批单号 or 发放方式 for a batch of aid) read on every row of the merge, as the sheet
        shows it, with a note; a merged 金额 or 数量 is kept for _parse to refuse.

        Why: the sheet stores the value in the merge's first row only; the rows under it were
        refused as having no date or approval, and, under a merged 发放方式 现金 or 收款方式
        银行, booked without a word as paid from the bank or received in cash."""
        keys = {i: k for k, i in located.columns.items()}
        totalled = {located.columns[k] for k in self.TOTALLED if k in located.columns}
        at = {r.number: n for n, r in enumerate(located.rows)}
        for first, col, last, _ in read.merged:
            top = at.get(first)
            if first <= located.header.number or last <= first or col not in keys or top is None:
                continue
            value = located.rows[top].get(col)
            below = [n for n in range(first + 1, last + 1) if n in at]
            if not value or not below:
                continue
            name = located.header.get(col)
            if col in totalled:
                located.merged_totals.append((col, first, last))
                continue
            for number in below:
                row = located.rows[at[number]]
                cells = list(row.cells) + [""] * (col + 1 - len(row.cells))
                cells[col] = value
                located.rows[at[number]] = Row(number, tuple(cells))
                located.filled.setdefault(number, set()).add(col)
            located.notes.append(said(f"{row_on_sheet_zh(first, located.title or None)}：{name} {value!r} 合并在第 {first} 到 "
                                      f"{last} 行：每一行都按它读取",
                                      f"{row_on_sheet(first, located.title or None)}: {name} {value!r} is merged over rows "
                                      f"{first} to {last}: read on each of them"))

    def extract(self, filepath: str, existing):
        """beangulp's extract, with what the reading changed (date numbers read as dates) first in the notes."""
        entries = super().extract(filepath, existing)
        self.reports[str(filepath)].notes[:0] = self.parse(filepath).notes
        return entries

    @staticmethod
    def _serial_dates(sheet: Sheet, date1904: bool) -> None:
        """Date cells of a workbook showing the spreadsheet's day number (46082: the column
        formatted as a number) read as the days they stand for, with a note (as statements'
        are, importers/bank.py). Why: each such row was refused as "'46082' is not a date"."""
        index, first = sheet.columns["date"], None
        for i, row in enumerate(sheet.rows):
            shown = serial_date(row.get(index), date1904)
            if shown is None:
                continue
            first = first or (row.number, row.get(index), shown)
            sheet.rows[i] = Row(row.number, tuple(shown if n == index else c for n, c in enumerate(row.cells)))
        if first:
            sheet.notes.append(said(f"日期列中是电子表格的日期序号，不是日期（第 {first[0]} 行：{first[1]}）：按它们代表的日期读取"
                                    f"（{first[2]}）；请与登记表核对",
                                    f"the date column holds spreadsheet date numbers, not dates (row {first[0]}: {first[1]}): read as "
                                    f"the dates they stand for ({first[2]}); check them against the register"))

    def _header_in(self, sheet):
        """The register as found on `sheet` (its header row within the first 20 rows), or None.

        A header written over two rows (受助人信息 merged over 姓名 / 案例编号, 发放情况 over
        日期 / 类别 / 金额, 审批单号 merged down over both) is read as one: the lower row's
        text, or the upper's where the lower is empty. Why: such a roster was refused as an
        unknown format missing 审批单号, with a hint about bank profiles."""
        top = sheet.rows[:20]
        for n, row in enumerate(top):
            columns = self._columns_of(row.cells)
            if columns is not None:
                return Sheet(self.register, row, columns, [r for r in sheet.rows if r.number > row.number and r.cells and not r.blank])
            below = sheet.rows[n + 1] if n + 1 < len(sheet.rows) else None
            if below is None or below.number != row.number + 1 or self._columns_of(below.cells) is not None:
                continue
            width = max(len(row.cells), len(below.cells))
            joined = Row(below.number, tuple(below.get(k) or row.get(k) for k in range(width)))
            columns = self._columns_of(joined.cells)
            if columns is not None:
                return Sheet(self.register, joined, columns, [r for r in sheet.rows if r.number > below.number and r.cells and not r.blank])
        return None

    def _columns_of(self, cells) -> dict[str, int] | None:
        """Where each of the register's columns is, when `cells` are its header; else None.
        A money column headed with another unit than the yuan (金额（万元）) is found under its
        name, for _parse to refuse naming the unit."""
        folded = [_without_money_unit(fold_header(c)) for c in cells]
        cols = {}
        for col in self.register.columns:
            for n in col.names:
                if fold_header(n) in folded:
                    cols[col.key] = folded.index(fold_header(n))
                    break
        if all(c.key in cols for c in self.register.required) and self._distinct(cols, folded):
            words = [i for i, c in enumerate(folded) if c in {fold_header(w) for w in IN_WORDS}]
            if "amount" in cols and words:
                cols["amount_words"] = words[0]
            return cols
        return None

    def _distinct(self, cols: dict[str, int], folded: list[str]) -> bool:
        return True

    def matches(self, filepath: str) -> bool:
        """Whether the file has this register's header row (and not another register's)."""
        return self._locate(filepath) is not None

    def marked(self, filepath: str) -> bool:
        """Whether the file's header holds a column only this register has (Register.marks).

        Why: a bank profile of the books' own, tried first, naming only 日期 and 金额 took the
        roster (日期, 案例编号, 类别, 金额, 审批单号): 1,300.00 of aid paid out was booked as two
        donations into the bank, with receipts, the money line agreeing."""
        try:
            located = self._locate(filepath)
        except ImportProblem:
            return False
        return located is not None and any(key in located.columns for key in self.register.marks)

    def _parse(self, filepath: str) -> Sheet | Workbook:
        sheet = self._locate(filepath)
        if sheet is None:
            needed = ", ".join(f"{c.zh} ({c.en})" for c in self.register.required)
            needed_zh = "、".join(c.zh for c in self.register.required)
            raise ImportProblem(filepath, said(f"这不是{self.register.title_zh}：没有含 {needed_zh} 的表头行",
                                               f"this is not a {self.register.title_en} ({self.register.title_zh}): no header row with {needed}"),
                                hint=said(f"请从模板开始：relief import --template {self.register.kind} --out FILE.xlsx",
                                          f"start from the template: relief import --template {self.register.kind} --out FILE.xlsx"))
        book = self._months(filepath, sheet)
        if book is not None:
            if not any(p is sheet for p in book.parts):
                book.own_notes[:0] = sheet.notes  # what the reading did to the file, said on the first sheet
            return book
        # Why: a sheet per fund (一般帮扶资金, 金秋助学) copied onto one sheet as advised had its rows
        # go to the general fund, the sheet's name that said the fund left behind
        # `copying` in both languages, for refuse_other_sheets to compose the hint's Chinese from (reading.py)
        copies = refuse_other_sheets(filepath, *self._other_sheets,
                                     copying=said("；每个基金或每种收付方式一张工作表的：请在复制的每一行上，把该工作表的基金写在 基金，"
                                                  "收付方式写在 收款方式 / 发放方式",
                                                  "; a sheet per fund or per way of paying: write the sheet's fund in 基金, "
                                                  "its way in 收款方式 / 发放方式, on each row copied"))
        if copies:
            # Why: a sheet passed over as a copy (a hidden 旧表 holding some of the rows) was not
            # named, as statements and bills name theirs
            sheet.notes.append(said(f"读取了工作表 {self._other_sheets[0].name!r}；其他工作表 {'、'.join(map(repr, copies))} 只有它的行：不读取",
                                    f"sheet {self._other_sheets[0].name!r} read; other sheet(s) {', '.join(map(repr, copies))} "
                                    "hold only rows of it: not read"))
        return self._checked(filepath, sheet)

    def _months(self, filepath: str, first: Sheet) -> Workbook | None:
        """The register read as a sheet per month (month_sheets), when two sheets or more
        named for a month (1月, 2026-01, 一月) hold rows of their own under its header; None
        otherwise (one sheet read, the others refused or named as copies as before).

        Each month is read and checked as a register of its own; a sheet named as the
        summary (汇总), or holding every month's rows, is never booked: checked against the
        months (`summary_notes`). A month named for its month alone (3月) takes its year from
        the file's name (2026年捐赠登记表.xlsx) where that states one."""
        found, table = self._found, self._table
        if len(found) < 2:
            return None
        months, summary, copies = sort_sheets(found)
        refuse_sheets_of_no_month(filepath, months)
        if len(months) < 2 or not all(MONTH_SHEET.match(s.name) for s, _ in months):
            return None
        own: list[str] = []
        if summary is not None:
            keys = [(summary[1].header.get(summary[1].columns[k]), summary[1].columns[k], [f.columns[k] for _, f in months])
                    for k in self.TOTALLED if k in summary[1].columns and all(k in f.columns for _, f in months)]
            own.extend(summary_notes(filepath, summary, months, keys, self.options.verify_summary))
        if copies:
            hidden_copies = {s.name for s, _ in found if s.hidden}
            names = copies
            copies = [f"{n!r} (hidden)" if n in hidden_copies else repr(n) for n in names]
            copies_zh = [f"{n!r}（隐藏）" if n in hidden_copies else repr(n) for n in names]
            own.append(said(f"工作表 {'、'.join(copies_zh)} 没有行，或只有它前面各月工作表的行：不读取",
                            f"sheet(s) {', '.join(copies)} hold no rows, or only rows of the month sheets before "
                            "them: not read"))
        parts = []
        for raw, located in months:
            if located is not first:
                self._prepare(table, raw, located, found)
            if located.stated_year is None:
                located.stated_year = _stated_year(f"{self._stem} {raw.name}",
                                                   [r for r in raw.rows if r.number < located.header.number])
            self._raw = raw
            self._after = [s for s in table.sheets[table.sheets.index(raw) + 1:]
                           if all(s is not f for f, _ in found) and not INSTRUCTIONS_SHEET.search(s.name)]
            # a month's hidden rows named with their sheet (a hidden month sheet is named by _prepare)
            located.notes[:] = [_on_sheet(raw.name, n) if n.startswith("row") and "hidden in the sheet" in n else n
                                for n in located.notes]
            parts.append(self._checked(filepath, located))
        return Workbook(parts, own)

    def _checked(self, filepath: str, sheet: Sheet) -> Sheet:
        """One sheet's register checked as a whole (before its rows are): merged totals, units
        of money, struck or percent cells, a column headed twice, rows going on in a later sheet."""
        self._refuse_headless_sheets(filepath, sheet)
        for col, first, last in sheet.merged_totals:
            raise ImportProblem(filepath, said(f"{sheet.header.get(col)} 是合并在第 {first} 到 {last} 行的一个单元格："
                                               "几行共用一个数，无法分到各行",
                                               f"{sheet.header.get(col)} is one cell merged over rows {first} to {last}: "
                                               "one figure for several rows, which they cannot divide"), row=first,
                                column=sheet.header.get(col), sheet=sheet.title or None,
                                hint=said("请取消合并，每行写它自己的数（合计写在 合计 行）",
                                          "unmerge the cell and write each row's own figure (a total goes on a 合计 row)"))
        for key in WORDED:  # the money columns
            index = sheet.columns.get(key)
            shown = sheet.header.get(index) if index is not None else ""
            if shown and _without_money_unit(fold_header(shown)) != fold_header(shown):
                # Why: 金额（万元） was "unknown format", with advice about bank profiles
                raise ImportProblem(filepath, said(f"{self.register.title_zh}的金额不是以元为单位（表头 {shown!r}）："
                                                   "relief 把每个金额都读作元，1.5 会记成 1.50",
                                                   f"the {self.register.title_en} states its amounts in another unit than the yuan "
                                                   f"(header {shown!r}): relief reads every amount as yuan, so 1.5 would be booked as 1.50"),
                                    row=sheet.header.number, column=shown, sheet=sheet.title or None,
                                    hint=said("请以元填写金额（1.5 万元 即 15000），表头去掉单位，然后再导入",
                                              "write the amounts in 元 (1.5 万元 is 15000) and head the column without the unit, "
                                              "then import again"))
        unit = other_money_unit(self._raw.rows)
        if unit:
            raise ImportProblem(filepath, said(f"{self.register.title_zh}的金额不是以元为单位（{unit[1]!r}）："
                                               "relief 把每个金额都读作元，1.5 会记成 1.50",
                                               f"the {self.register.title_en} states its amounts in another unit than the yuan "
                                               f"({unit[1]!r}): relief reads every amount as yuan, so 1.5 would be booked as 1.50"),
                                row=unit[0], sheet=sheet.title or None,
                                hint=said("请以元填写金额（1.5 万元 即 15000）并删去单位，然后再导入",
                                          "write the amounts in 元 (1.5 万元 is 15000) and delete the unit, then import again"))
        if self._kind in ("xlsx", "xls"):
            last_row = max((r.number for r in sheet.rows), default=sheet.header.number)
            width = max((len(r.cells) for r in sheet.rows), default=len(sheet.header.cells))
            percent: dict[tuple[int, int], str] = {}
            red: dict[int, list[bool]] = {}
            struck = _struck_cells(filepath, self._raw.name, self._kind,
                                   last_row, width, percent, red)
            _refuse_percent(filepath, sheet, percent)
            # Why: a row filled red (cancelled, to many offices) was booked without a word; red
            # also asks for attention, so it is named, not refused
            for row in sheet.rows:
                if (red.get(row.number) and all(red[row.number])
                        and not (self.is_totals(sheet, row) or self._labelled_totals(sheet, row))):
                    sheet.notes.append(said(f"{row_on_sheet_zh(row.number, sheet.title or None)} 填了红色：relief 读取数值，"
                                            "不读颜色，照样记账；如果红色表示已作废，请删除该行（并改正把它计入在内的 合计）",
                                            f"{row_on_sheet(row.number, sheet.title or None)} is filled red: relief reads values, "
                                            "not colours, and books it like the others; if red marks it cancelled, delete the "
                                            "row (and correct a 合计 that counts it)"))
            sheet.struck = {r.number: cols for r in sheet.rows if (cols := [i for i in struck.get(r.number, ()) if r.get(i)])}
        self._refuse_twice_headed(filepath, sheet)
        if self._text:
            # Why: 1,000.00 written without quotes split the row, which was refused as holding
            # both an amount and a goods item (the split's tail under 物资)
            width = len(trimmed_cells(sheet.header.cells))
            for row in sheet.rows:
                if len(row.cells) > width:
                    refuse_shifted(filepath, row, width, "register", sheet.header.cells)
        if not sheet.rows:
            raise ImportProblem(filepath, said(f"{self.register.title_zh}有表头，但没有行",
                                               f"the {self.register.title_en} has a header but no rows"), row=sheet.header.number,
                                sheet=sheet.title or None,
                                hint=said("请在表头下面每笔分录填一行", "fill in one row per entry below the header"))
        # a register saved as CSV by a spreadsheet in another locale writes 3/1/2026: read
        # the whole column one way (importers.values.slashed_order), never row by row
        formats, why, first = slashed_order(r.get(sheet.columns["date"]) for r in sheet.rows)
        if why:
            raise ImportProblem(filepath, said(f"{zh_of(why) or why}：无法确定各行是哪一天",
                                               f"{why}: the rows' days cannot be read for certain"), row=sheet.rows[first].number,
                                column=sheet.header.get(sheet.columns["date"]), sheet=sheet.title or None,
                                hint=said("请把年份写在前面（2026-03-01），或把文件存为 .xlsx（它把日期保存为日期）",
                                          "write the dates year first (2026-03-01), or save the file as .xlsx, which keeps dates as dates"))
        sheet.date_formats = formats
        self._refuse_cut_last_row(filepath, sheet)
        return sheet

    def _refuse_cut_last_row(self, filepath: str, sheet: Sheet) -> None:
        """A text file whose last line has no line break and holds an entry with fewer cells
        than the header: the file was cut off inside that row.

        Why: a register cut inside its last amount (`2026-03-12,,,5` for 50) was booked as a
        gift of 5.00 without a word, the money line agreeing with what was read."""
        if not (self._text and getattr(self, "_open_ended", False) and sheet.rows):
            return
        raw, last = self._raw, sheet.rows[-1]
        width = len(trimmed_cells(sheet.header.cells))
        if (not raw.rows or raw.rows[-1].number != last.number or len(last.cells) >= width
                or self.is_note(sheet, last) or self.is_totals(sheet, last)):
            return
        raise ImportProblem(filepath, said(f"文件在最后一行中间结束，没有换行（{width} 个单元格只有 {len(last.cells)} 个）："
                                           "看来被截断了",
                                           f"the file ends without a line break inside its last row ({len(last.cells)} of {width} "
                                           "cells): it looks cut off"), row=last.number, column=sheet.header.get(max(len(last.cells) - 1, 0)),
                            hint=said("请重新保存或复制登记表；如果那一行是完整的，请在文件末尾加一个换行",
                                      "save or copy the register again; if that row is whole, end the file with a line break"))

    def _refuse_headless_sheets(self, filepath: str, sheet: Sheet) -> None:
        """Refuse a register whose rows go on in a later sheet without the header
        (reading.refuse_headless_sheets): a date, and an amount or a quantity, in their
        columns. Why: a 700.00 paid on 'Sheet2' under the rows of '三月' was never booked."""
        date = sheet.columns.get("date")
        numbers = [sheet.columns[k] for k in ("amount", "quantity") if k in sheet.columns]
        if date is None or not numbers:
            return

        def entry(row: Row) -> bool:
            try:
                parse_date(row.get(date), sheet.date_formats)
            except ValueError:
                return False
            for index in numbers:
                try:
                    if parse_amount(row.get(index)):
                        return True
                except (ValueError, ArithmeticError):
                    if too_many_digits(row.get(index)):
                        return True  # figures too long to be an amount: a row all the same
                    continue
            return False

        refuse_headless_sheets(filepath, self._raw, getattr(self, "_after", []),
                               self.register.title_en, entry)

    def _refuse_twice_headed(self, filepath: str, sheet: Sheet) -> None:
        """Refuse a header naming a column the register reads twice (金额 in D and again in F).

        Why: the first was read without a word, whichever the officer kept up to date; a
        hidden column of last month's amounts beside this month's booked last month's."""
        folded = [fold_header(c) for c in sheet.header.cells]
        for col in self.register.columns:
            if col.key == "note":
                continue  # two 备注 columns move no money; the first is the narration
            names = {fold_header(n) for n in col.names}
            at = [i for i, c in enumerate(folded) if c in names]
            if len(at) > 1:
                letters = " and ".join(f"{sheet.header.get(i)!r} in column {column_letter(i)}" for i in at)
                letters_zh = "和".join(f"列 {column_letter(i)} 的 {sheet.header.get(i)!r}" for i in at)
                raise ImportProblem(filepath, said(f"有两列的表头都是 {col.zh}：{letters_zh}；无法判断哪一列是登记表的数值",
                                                   f"two columns are headed as {col.zh} ({col.en}): {letters}; which one holds the "
                                                   "register's values cannot be told"), row=sheet.header.number, sheet=sheet.title or None,
                                    hint=said("请删除不要的那一列（隐藏的也算），或给它另一个表头",
                                              "delete the column that is not meant (a hidden one too) or give it another header"))

    def dates(self, filepath: str) -> list[datetime.date]:
        """The days of the register's rows (rows without a readable date are left out)."""
        parsed = self.parse(filepath)
        out = []
        for sheet in sheets_of(parsed):
            for r in sheet.rows:
                try:
                    out.append(parse_date(r.get(sheet.columns["date"]), sheet.date_formats))
                except ValueError:
                    pass
        return out

    # cell helpers
    def names(self, sheet: Sheet) -> dict[str, str]:
        """Key -> the header text the file uses for it, so a message names the column as the user sees it."""
        return {k: sheet.header.get(i) for k, i in sheet.columns.items()}

    @staticmethod
    def older_ids(sheet: Sheet, made: list, namespace: str, changes) -> None:
        """Give each record whose row had a leading apostrophe dropped from a cell ('王小明,
        'PZ001, 'SP-2026-0001) the id that row had when relief kept it, as a legacy id;
        `changes(old row, record)` gives the record's fields as read from the older row.

        Why: a register imported before the apostrophe was dropped, imported again, booked
        its gifts a second time: the donor's name and the voucher are in the rows' ids."""
        for rec, _ in made:
            old = sheet.marked.get(rec.row)
            if old is not None:
                add_older_ids(rec, dataclasses.replace(rec, **changes(old, rec)), namespace)

    @staticmethod
    def cell(sheet: Sheet, row: Row, key: str) -> str:
        """The cell of `key` in `row`, empty for a missing column or an empty marker (but a written 0 stays)."""
        i = sheet.columns.get(key)
        v = row.get(i) if i is not None else ""
        return "" if is_empty(v) and v not in ("0",) else v

    def date_of(self, sheet, row, errors) -> datetime.date | None:
        """The row's date, or None with the problem noted."""
        text = self.cell(sheet, row, "date")
        try:
            return parse_date(text, sheet.date_formats)
        except ValueError:
            day = _in_stated_year(text, sheet.stated_year)
            if day is not None and day.month < sheet.yearless_month - 6:
                # Why: under 2026年两节送温暖 (December into January) 1月15日 after 12月28日 is the next year's
                errors.add(row.number, "date", said(f"{text!r} 是没有年份的日子，排在上面 {sheet.yearless_month} 月的日子之后："
                                                    f"标题的年份（{sheet.stated_year[2]!r}）可能不是它的年份",
                                                    f"{text!r} is a day without its year, after days of month "
                                                    f"{sheet.yearless_month} above it: the title's year ({sheet.stated_year[2]!r}) may not be its own"),
                           said(f"请写出带年份的日期（如果是下一年的，写 {day.year + 1}-{day.month:02d}-{day.day:02d}）",
                                f"write the date with its year ({day.year + 1}-{day.month:02d}-{day.day:02d} if it is the next year's)"))
                return None
            if day is not None:
                sheet.yearless_month = max(sheet.yearless_month, day.month)
                if not sheet.yearless_noted:
                    sheet.yearless_noted = True
                    errors.notes.append(said(f"{row_on_sheet_zh(row.number, errors.sheet)}：日期 {text!r} 读作 {day}，即标题所写的年份"
                                             f"（{sheet.stated_year[2]!r}），每个没写年份的日子都这样读",
                                             f"{row_on_sheet(row.number, errors.sheet)}: 日期 {text!r} read as {day}, in the year the title states "
                                             f"({sheet.stated_year[2]!r}), as is every day written without its year"))
                return day
            # Why: 3月5日 and 3.1-3.5 (a week's donation box) were refused as "is not a date", which
            # says nothing of what is missing
            problem = date_problem(text)
            shown = serial_date(text) if self._text else None
            if shown:
                # Why: 46086 in a CSV (the column formatted as a number before saving) was "not a date"
                errors.add(row.number, "date", said(f"{text!r} 是电子表格的日期序号（{shown[:10]}），不是日期",
                                                    f"{text!r} is a spreadsheet's date number ({shown[:10]}), not a date"),
                           said("保存 CSV 之前请把日期列的格式设为日期（yyyy-mm-dd），或直接导入工作簿本身",
                                "format the date column as dates (yyyy-mm-dd) before saving the CSV, or import the workbook itself"))
                return None
            errors.add(row.number, "date", problem, cell_hint(text, said(
                "请这样写日期：2026-03-05，写上这一天自己的年份；一周或一个月的合计记在清点的那一天",
                "write dates like 2026-03-05, the day's own year "
                "included; a week's or a month's sum goes on the day it was counted")
                if problem.endswith(("the year", "happened")) else said("请这样写日期：2026-03-05", "write dates like 2026-03-05") if text else
                said("请写出该行的日期（2026-03-05）；合并在几行上的日期，存为 CSV 后只留在第一行："
                     "请在每一行都填上，或直接导入工作簿本身",
                     "write the row's date (2026-03-05); a date merged over several rows stands in the first of them "
                     "only once the sheet is saved as CSV: fill it in on each row, or import the workbook itself")))
            return None

    def number_of(self, sheet, row, key, errors, required=False, positive=True, cents=False) -> Decimal | None:
        """The row's number in column `key` (masked or unreadable cells noted as problems), checked for sign and cents as asked."""
        text = self.cell(sheet, row, key)
        if is_masked(text):
            errors.add(row.number, key, said(f"单元格被遮盖了（{text}）", f"the cell is masked ({text})"),
                       said("请写数字本身；登记表只供账簿使用，不公开", "write the number itself; registers are private to the books"))
            return None
        if sheet.semicolons and THOUSAND_FOLD.match(text):
            comma, dot = Decimal(text.replace(".", "").replace(",", ".")), Decimal(text.replace(",", ""))
            errors.add(row.number, key, said(f"分号分隔的文件中的 {text!r} 无法与它的一千倍区分：以逗号为小数点（1.234,56）"
                                             f"它是 {comma:,f}，以点为小数点（1,234.56）它是 {dot:,f}",
                                             f"{text!r} in a file separated by semicolons cannot be told from its thousand-fold: "
                                             f"with a comma as the decimal mark (1.234,56) it is {comma:,f}, with a dot (1,234.56) {dot:,f}"),
                       said("请写不带千位分隔符的数字（1250，或以点为小数点的 1.25），或把登记表存为 .xlsx（它把数字保存为数字）",
                            "write the number without a thousands mark (1250, or 1.25 with a dot for the decimals), "
                            "or save the register as .xlsx, which keeps numbers as numbers"))
            return None
        try:
            value = parse_amount(text)
        except ValueError:
            value = parse_amount_words(text) if key in WORDED else None
            if value is None:
                worded = key in WORDED and looks_worded(text)
                if not worded and NOTE_FOR_NUMBER.match(text):
                    # Why: 待定 / 见附件 / 另付 was told "write numbers like 1234.56", as if mistyped
                    errors.add(row.number, key, said(f"{text!r} 是备注，不是金额", f"{text!r} is a note, not an amount"),
                               said("请写出它代表的金额（见附件或审批单），或者先不填这一行，等金额确定后再导入",
                                    "write the amount it stands for (from the attachment or the approval), or leave the row "
                                    "out until the amount is known and import it then"))
                    return None
                if sheet.semicolons and DECIMAL_COMMA.match(text):
                    meant = text.replace(".", "").replace(",", ".")
                    errors.add(row.number, key, said(f"{text!r} 用逗号作小数点（{meant}）", f"{text!r} is written with a decimal comma ({meant})"),
                               said(f"请写 {meant}，用点作小数点，或把登记表存为 .xlsx（它把数字保存为数字）",
                                    f"write {meant}, with a dot for the decimals, or save the register as .xlsx, "
                                    "which keeps numbers as numbers"))
                    return None
                hint = DIGITS_HINT if too_many_digits(text) else WORDS_HINT if worded else said("请写数字，例如 1234.56", "write numbers like 1234.56")
                errors.add(row.number, key, said(f"{text!r} 不是数字", f"{text!r} is not a number"), cell_hint(text, hint))
                return None
            errors.notes.append(said(f"{row_on_sheet_zh(row.number, errors.sheet)}：{errors.names.get(key, key)} {text!r} 读作 {value:,.2f}；"
                                     "请与登记表核对",
                                     f"{row_on_sheet(row.number, errors.sheet)}: {errors.names.get(key, key)} {text!r} read as {value:,.2f}; "
                                     "check it against the register"))
        if cents and value is not None and value != money(value):
            errors.add(row.number, key, said(f"{text} 的小数超过两位", f"{text} has more than two decimals"),
                       shown_rounded_hint(text, said("金额请写到分，例如 12.35", "write money to the fen, e.g. 12.35")))
            return None
        if value is None:
            if required:
                errors.add(row.number, key, said("单元格是空的", "the cell is empty"), said("请填写", "fill it in"))
            return None
        if positive and value <= 0:
            self._not_positive(row, key, text, value, errors)
            return None
        return value

    def words_agree(self, sheet: Sheet, row: Row, amount: Decimal, errors: RowErrors) -> bool:
        """Whether the row's amount in words (大写金额, beside 金额) is empty or reads as `amount`;
        else the problem is noted, naming both (FIGURE, IN_WORDS)."""
        text = self.cell(sheet, row, "amount_words")
        if not text:
            return True
        value = parse_amount_words(text)
        if value is None:
            errors.add(row.number, "amount_words", said(f"{text!r} 无法读作大写金额，无法用来核对 {errors.names.get('amount')} {amount:,.2f}",
                                                        f"{text!r} cannot be read as an amount in words, to check "
                                                        f"{errors.names.get('amount')} {amount:,.2f} against"), WORDS_HINT)
        elif value != amount:
            errors.add(row.number, "amount_words", said(f"{text!r} 读作 {value:,.2f}，而 {errors.names.get('amount')} 是 {amount:,.2f}",
                                                        f"{text!r} reads {value:,.2f}, while {errors.names.get('amount')} is "
                                                        f"{amount:,.2f}"),
                       said("两者之一有误：请按收据或审批单改正，然后再导入",
                            "one of the two is wrong: correct it from the receipt or the approval, then import again"))
        else:
            return True
        return False

    @staticmethod
    def _not_positive(row: Row, key: str, text: str, value: Decimal, errors: RowErrors) -> None:
        """Note a number that is not positive; a negative one is money or goods going back.

        Why: a gift given back written as -50 (备注 退回) was refused with the advice to write
        the amount as a positive number, which, followed, booked another gift of 50.00."""
        if value == 0:
            errors.add(row.number, key, said(f"{text} 不是正数", f"{text} is not a positive number"),
                       said("请把金额写成正数", "write the amount as a positive number"))
            return
        errors.add(row.number, key, said(f"{text} 是负数：是退回（退回、退还）的钱或物资，登记表不记这种账",
                                         f"{text} is negative: money or goods going back (退回, 退还), which a register does "
                                         "not book"),
                   said("请手工记账（退回的捐赠：docs/books.md，\"A gift given back\"）并删除该行；如果负号是笔误，请删去负号",
                        "book it by hand (a gift given back: docs/books.md, \"A gift given back\") and delete the "
                        "row; if the minus sign is a slip, delete the sign"))

    def quantity_of(self, sheet, row, errors, code, units, required=False) -> Decimal | None:
        """The row's 数量, which may carry the unit the books count goods item `code` in (50袋);
        in another unit (50箱) it is a problem, naming both units (importers/counted.py)."""
        text = self.cell(sheet, row, "quantity")
        counted = split_count(text)
        if counted is None:
            number = self.number_of(sheet, row, "quantity", errors, required=required)
            unit = _unit_cell(sheet, row)
            own = units.get(code, ()) if code else ()
            if number is None or not code or not unit or is_unit_of(unit, own):
                return number
            counts = f"the books count {code} in {' / '.join(own)}" if own else f"the books give {code} no unit"
            counts_zh = f"账中 {code} 的计量单位是 {' / '.join(own)}" if own else f"账中 {code} 没有计量单位"
            errors.add(row.number, "quantity", said(f"{text!r} 以 {unit} 计数（它的 单位 列），而{counts_zh}",
                                                    f"{text!r} is counted in {unit} (its 单位 column), while {counts}"),
                       said(f"请在 数量 中写{own[0] if own else '单位'}的个数，{f'单位 写 {own[0]}' if own else '单位 留空'}；"
                            f"一{unit}装多少只有登记表的经管人知道（规格）",
                            f"write the number of {own[0] if own else 'units'} in 数量 and {own[0] if own else 'nothing'} "
                            f"in 单位; how many of them a {unit} holds only the register's keeper knows (规格)"))
            return None
        number, unit = counted
        own = units.get(code, ()) if code else ()
        if code and is_unit_of(unit, own):
            if Decimal(number) <= 0:
                self._not_positive(row, "quantity", text, Decimal(number), errors)
                return None
            return Decimal(number)
        if code:
            counts = f"the books count {code} in {' / '.join(own)}" if own else f"the books give {code} no unit"
            counts_zh = f"账中 {code} 的计量单位是 {' / '.join(own)}" if own else f"账中 {code} 没有计量单位"
            errors.add(row.number, "quantity", said(f"{text!r} 以 {unit} 计数，而{counts_zh}", f"{text!r} counts in {unit}, while {counts}"),
                       said(f"请只写{own[0] if own else '单位'}的个数（例如 2）；一{unit}装多少只有登记表的经管人知道",
                            f"write the number of {own[0] if own else 'units'} alone (e.g. 2); how many of them a {unit} "
                            "holds only the register's keeper knows"))
        elif not self.cell(sheet, row, "item"):
            errors.add(row.number, "quantity", said(f"{text!r} 不是数字", f"{text!r} is not a number"), said("请写数字，例如 12", "write numbers like 12"))
        return None

    def unit_value_of(self, sheet, row, errors, code, units) -> Decimal | None:
        """The row's 单价, which may say the unit it is per (50元/袋) when that is the unit the
        books count goods item `code` in; per another unit (50元/箱) it is a problem naming both.
        Why: 50元/袋, as goods registers write it, was refused as not a number."""
        text = self.cell(sheet, row, "unit_value")
        per = PER_UNIT.fullmatch(text)
        if per is None or code is None:
            return self.number_of(sheet, row, "unit_value", errors)
        own = units.get(code, ())
        if not is_unit_of(per.group(2), own):
            counts = f"the books count {code} in {' / '.join(own)}" if own else f"the books give {code} no unit"
            counts_zh = f"账中 {code} 的计量单位是 {' / '.join(own)}" if own else f"账中 {code} 没有计量单位"
            errors.add(row.number, "unit_value", said(f"{text!r} 是每{per.group(2)}的价格，而{counts_zh}",
                                                      f"{text!r} is a price per {per.group(2)}, while {counts}"),
                       said(f"请写一{own[0] if own else '个单位'}的价格（例如 50）；一{per.group(2)}装多少只有登记表的经管人知道",
                            f"write the price of one {own[0] if own else 'unit'} (e.g. 50); how many a {per.group(2)} holds "
                            "only the register's keeper knows"))
            return None
        try:
            value = parse_amount(per.group(1))
        except ValueError:
            value = None
        if value is None or value <= 0:
            errors.add(row.number, "unit_value", said(f"{text!r} 不是单价", f"{text!r} is not a price"),
                       said("请写一个单位的价格，例如 50", "write the price of one unit, e.g. 50"))
            return None
        return value

    def fund_of(self, sheet, row, ctx, errors, day, account=None) -> str | None:
        """The row's fund (the general fund when empty), or None with the problem noted: it must be declared and open on `day`."""
        text = self.cell(sheet, row, "fund") or GENERAL_FUND
        fund = (ctx.registry.funds.get(text) or ctx.registry.funds.get(text.upper())  # general typed for GENERAL
                or next((f for f in ctx.registry.funds.values() if text in (f.name_zh, f.name_en)), None)
                # 金秋助學 for the fund named 金秋助学
                or next((f for f in ctx.registry.funds.values() if f.name_zh and word(text) == word(f.name_zh)), None))
        if fund is None:
            known = ", ".join(sorted(ctx.registry.funds))
            todo = said(f"请用 {known} 之一，或在 registry/funds.beancount 中登记它", f"use one of {known}, or declare it in registry/funds.beancount") if known else \
                said(f'账中还没有登记任何基金：请在 registry/funds.beancount 中登记它（custom "fund" "{text}" "unrestricted"）',
                     f'no fund is declared in the books yet: declare it in registry/funds.beancount (custom "fund" "{text}" "unrestricted")')
            errors.add(row.number, "fund", said(f"基金 {text!r} 没有登记", f"fund {text!r} is not declared"), todo)
            return None
        if day and not fund.is_open_on(day):
            errors.add(row.number, "fund", said(f"基金 {fund.id} 在 {day} 不开放", f"fund {fund.id} is not open on {day}"),
                       said("请用另一个基金，或改正日期", "use another fund or correct the date"))
            return None
        if account and not fund.may_pay(account):
            errors.add(row.number, "fund", said(f"基金 {fund.id} 只能支付 {'、'.join(fund.purpose)}，不能支付 {account}",
                                                f"fund {fund.id} may pay only {', '.join(fund.purpose)}, not {account}"),
                       said("请把这一行记到 GENERAL 或用于该用途的基金", "charge this row to GENERAL or to a fund for that purpose"))
            return None
        return fund.id

    def case_of(self, sheet, row, ctx, errors, day) -> str | None:
        """The row's case id, or None with the problem noted: it must be registered and enrolled on `day`."""
        case_id = self.cell(sheet, row, "case")
        if not case_id:
            errors.add(row.number, "case", said("案例编号是空的", "the case id is empty"),
                       said("请写案例编号（C0001）；姓名从不记入账簿", "write the case id (C0001); names never go in the books"))
            return None
        case = ctx.registry.cases.get(case_id)
        if case is None and case_id.upper() in ctx.registry.cases:  # c0001 typed for C0001
            case_id = case_id.upper()
            case = ctx.registry.cases[case_id]
        if case is None and unicodedata.normalize("NFKC", case_id).strip().upper() in ctx.registry.cases:
            # Why: Ｃ０００１, typed with the input method in full-width mode, was refused as "not a
            # case id: … never a name"; folded as names are (NFKC), it is the registered C0001
            case_id = unicodedata.normalize("NFKC", case_id).strip().upper()
            case = ctx.registry.cases[case_id]
        if case is None and (personal_details(case_id) or LONG_NUMBER.fullmatch(case_id.strip())):
            # Why: an identity or mobile number typed (or pasted from the 身份证号 column) where the
            # id belongs was echoed and the officer told to enrol it as a case id, which would put
            # it in the books; a number the spreadsheet turned into 4.10101E+17 likewise
            errors.add(row.number, "case", said("单元格中看来是身份证号或手机号，不是案例编号：花名册只写案例编号，从不写个人的号码",
                                                "the cell holds what looks like an identity or mobile number, not a case id: "
                                                "the roster takes the case's id, never a person's numbers"),
                       CASE_ID_HINT)
            return None
        if case is None and (not any(ch.isdigit() for ch in case_id) or any(ord(ch) > 0x2e7f for ch in case_id)):
            # a name (or other words) where the id belongs: never enrol it as a case id
            errors.add(row.number, "case", said(f"{case_id!r} 不是案例编号：花名册只写案例编号，从不写姓名",
                                                f"{case_id!r} is not a case id: the roster takes the case's id, never a name"),
                       CASE_ID_HINT)
            return None
        if case is None:
            errors.add(row.number, "case", said(f"案例 {case_id} 没有登记", f"case {case_id} is not registered"),
                       said("请先在 registry/cases.beancount 中用 custom \"case\" 建档", "enrol it with custom \"case\" in registry/cases.beancount first"))
            return None
        if day and not case.enrolled_on(day):
            if case.exited_date and case.exited_date <= day:
                errors.add(row.number, "case", said(f"案例 {case_id} 已于 {case.exited_date} 退出；此后不能帮扶", f"case {case_id} exited on {case.exited_date}; no aid after that"),
                           said("请删除该行，或重新为该案例建档", "remove the row or re-enrol the case"))
            else:
                errors.add(row.number, "case", said(f"案例 {case_id} 在 {day} 尚未建档（建档于 {case.enrolled_date}）",
                                                    f"case {case_id} is not enrolled on {day} (enrolled {case.enrolled_date})"),
                           said("请改正日期", "correct the date"))
            return None
        other = self._named_case(sheet, row, ctx)
        if other is not None and other != case_id:
            errors.add(row.number, "case", said(f"该行的 姓名 在 private/cases.csv 中属于案例 {other}，不是案例 {case_id}："
                                                "这样记账，帮扶款会记到错的案例",
                                                f"the row's 姓名 is the name private/cases.csv gives case {other}, not case {case_id}: "
                                                "booked so, the aid goes to the wrong case"),
                       said("请改正 档案编号（或姓名），然后再导入", "correct the 档案编号 (or the name), then import again"))
            return None
        return case_id

    @staticmethod
    def _named_case(sheet: Sheet, row: Row, ctx: BooksContext) -> str | None:
        """The case private/cases.csv gives the name in the row's 姓名 column (which is never
        read into the books), or None: no such column, no such name, or one two cases share.

        Why: a roster row of 赵小红 under 李大伟's case id was booked to 李大伟's case without a
        word, the case id typed wrong beside the right name."""
        if not ctx.case_names or ctx.case_names_problem is not None:
            return None
        read = set(sheet.columns.values())
        for i, header in enumerate(sheet.header.cells):
            if i in read or not re.search(r"姓名|名字", header or ""):
                continue
            name = "".join(row.get(i).split())
            if name and name not in ctx.case_names_shared and name in ctx.case_names:
                return ctx.case_names[name]
        return None

    def private_note(self, sheet, row, errors, ctx: BooksContext | None = None) -> str:
        """The row's 备注 for an entry about a case, refused (noted in `errors`) when it holds
        an identity, mobile or bank card number (ledger/personal.py), or the name of a person
        helped (the row's own 姓名, or a name in private/cases.csv): the books keep cases by id only.

        Why the card and the name: 打卡6222… and 李大伟住院 were written into the aid entries'
        narrations, which every copy of the books, and the auditor's Fava, show."""
        note = self.cell(sheet, row, "note")
        found = personal_details(note) + (["bank card number (银行卡号)"] if card_number(note) else [])
        if found:
            found_zh = [f.split(" (")[0] for f in personal_details(note)] + (["银行卡号"] if card_number(note) else [])
            errors.add(row.number, "note", said(f"备注中看来有{'和'.join(found_zh)}：受助人的个人信息从不记入账簿",
                                                f"the note holds what looks like a {' and a '.join(found)}: personal details "
                                                "of the people helped never go in the books"),
                       said("请从备注中删去它们（案例档案中保存着）", "remove them from the note (the case file keeps them)"))
        elif self._names_a_person(sheet, row, note, ctx):
            errors.add(row.number, "note", said("备注中有受助人的姓名（该行自己的，或 private/cases.csv 中的姓名）："
                                                "姓名从不记入账簿，分录中只写案例编号",
                                                "the note holds the name of a person helped (the row's own, or a name in "
                                                "private/cases.csv): names never go in the books, whose entries keep the case id"),
                       said("请从备注中删去姓名（案例档案中保存着）", "remove the name from the note (the case file keeps it)"))
        return note

    @staticmethod
    def _names_a_person(sheet: Sheet, row: Row, note: str, ctx: BooksContext | None) -> bool:
        """Whether `note` holds a name of two characters or more from the row's personal columns
        the register does not read (姓名: wherever it stands, it is this row's person), or a
        name in private/cases.csv, found as the publish finds one (ledger.personal.CaseNames:
        a case named 和平 is not found in 家住和平社区)."""
        text = "".join(note.split())
        if not text:
            return False
        read = set(sheet.columns.values())
        own = ["".join(row.get(i).split()) for i, h in enumerate(sheet.header.cells)
               if i not in read and PERSONAL_HEADER.search(h or "")]
        if any(len(n) >= 2 and not n.isdigit() and n in text for n in own):
            return True
        return ctx is not None and ctx.case_names_problem is None and ctx.case_name_finder().named_case(text) is not None

    # rows that book nothing: totals rows and notes, listed as skipped
    TOTALLED: tuple[str, ...] = ()

    def is_totals(self, sheet: Sheet, row: Row) -> bool:
        """Whether the row is a totals line (合计, total, ...) rather than an entry: its first cell says so and it has no date.

        Spaces inside the word do not count: people space a two-character label out to the
        width of the column's others (合　计, 合 计), and such a row was refused as an entry
        with no date, case or category."""
        first = "".join(next((c for c in row.cells if c and not is_empty(c)), "").split())
        if self._labelled_totals(sheet, row):
            return True
        if not any(w in word(first).lower() for w in TOTALS_WORDS):
            return False
        try:
            parse_date(self.cell(sheet, row, "date"), sheet.date_formats)
        except ValueError:
            return True
        return False

    @staticmethod
    def _totals_label_of(row: Row) -> str:
        """The row's totals label (本年累计, 合计), its spaces dropped; the first written cell when none is one."""
        cells = [word("".join(c.split())) for c in row.cells if c and not is_empty(c)]  # 本年累計 as 本年累计
        return next((c for c in cells if TOTALS_LABEL.fullmatch(c)), cells[0] if cells else "")

    @staticmethod
    def _repeats_header(sheet: Sheet, row: Row) -> bool:
        """Whether the row is the column header again, as a register printed or saved in pages
        repeats it at each page break.

        Why: such a row was read as an entry, and the file refused with one message per
        cell ('日期' is not a date, '金额' is not a number, goods item '物资' is not declared in
        the books: add a commodity), none of which says what the row is."""
        def texts(r: Row) -> list[str]:
            return [fold_header(c) for c in r.cells if c and not is_empty(c)]
        return row.number != sheet.header.number and texts(row) == texts(sheet.header)

    def _shown_only(self, sheet: Sheet, stated: Decimal, key: str, part: list[Row], above: list[Row]) -> str:
        """The hidden rows (row 3, 200.00) left out of a total that adds up the rows shown only (a
        filtered sheet's =SUBTOTAL), or "" when the total is not that. Why: the refusal said the
        rows add up to 600 where the officer, seeing 100 + 300 under a filter, could not find it."""
        for rows in (part, above):
            hidden = [r for r in rows if r.number in sheet.hidden]
            shown = self._column_sum(sheet, [r for r in rows if r.number not in sheet.hidden], key)
            if hidden and shown == stated:
                return said("、".join(f"第 {r.number} 行（{self.cell(sheet, r, key) or 0}）" for r in hidden[:10]) + (
                                f"，另有 {len(hidden) - 10} 行" if len(hidden) > 10 else ""),
                            ", ".join(f"row {r.number} ({self.cell(sheet, r, key) or 0})" for r in hidden[:10]) + (
                                f" and {len(hidden) - 10} more" if len(hidden) > 10 else ""))
        return ""

    def _words_disagree(self, sheet: Sheet, row: Row, part: list[Row], above: list[Row], errors: RowErrors,
                        report: Report) -> bool:
        """Whether a totals row's amount in words (合计（大写）：伍仟元整) reads another sum than the
        rows above add up to, noted as a totals row's disagreement is. Why: 伍仟元整 beside
        5,500.00 under rows adding up to 5,500.00 was listed as agreeing."""
        found = next((m for c in row.cells if c and (m := AMOUNT_WORDS_CELL.search(word("".join(c.split()))))), None)
        value = parse_amount_words(found.group(1)) if found and "amount" in sheet.columns else None
        sums = [self._column_sum(sheet, rows_, "amount") for rows_ in (part, above)]
        if value is None or None in sums or value in sums:
            return False
        what = said(f"合计行的 {found.group(0)!r} 读作 {value:,.2f}，但上面各行合计 {sums[0] or sums[1]:,.2f}",
                    f"the totals row's {found.group(0)!r} reads {value:,.2f} but the rows above add up to {sums[0] or sums[1]:,.2f}")
        if self.options.verify_summary:
            errors.add(row.number, None, what, said("请改正大写金额或各行（relief import --ignore-summary 照样导入各行）",
                                                    "correct the words or the rows (relief import --ignore-summary imports the rows anyway)"))
        else:
            report.notes.append(said(f"{row_on_sheet_zh(row.number, sheet.title)}：{what.zh}（--ignore-summary）",
                                     f"{row_on_sheet(row.number, sheet.title)}: {what} (--ignore-summary)"))
        return True

    def _another_header(self, sheet: Sheet, row: Row) -> bool:
        """Whether the row is a header of this kind of register (日期 where the date goes, and
        two more of its columns' names) other than the sheet's: a second table below the first."""
        names = {fold_header(n) for c in self.register.columns for n in c.names}
        folded = [fold_header(c) for c in row.cells if c]
        date = sheet.columns.get("date")
        return (date is not None and fold_header(row.get(date)) in {fold_header(n) for n in DATE_NAMES}
                and sum(f in names for f in folded) >= 3)

    def _unlabelled_total(self, sheet: Sheet, row: Row, since: list[Row], above: list[Row]) -> bool:
        """Whether a row holds nothing but totalled columns (金额, 数量), each the sum of the rows
        above it: a spreadsheet's =SUM(...) row that nobody labelled 合计.

        Why: such a row was refused as an entry with no date, no case, no category and no
        approval, four messages that sent the officer to fill in a row that should not be
        there. Only a row that agrees with two rows or more above it is taken for their total;
        any other is still an entry with its problems named."""
        written = {i for i, c in enumerate(row.cells) if c and not is_empty(c)}
        totalled = {sheet.columns[k] for k in self.TOTALLED if k in sheet.columns}
        if not written or not written <= totalled:
            return False
        for key in self.TOTALLED:
            if key not in sheet.columns or sheet.columns[key] not in written:
                continue
            try:
                stated = self.totalled_number(self.cell(sheet, row, key), key)
            except ValueError:
                return False
            # the sum of two rows or more: one amount alone under another is more likely an entry missing its details
            if stated not in [self._column_sum(sheet, rows, key) for rows in (since, above) if len(rows) >= 2]:
                return False
        return True

    def _labelled_totals(self, sheet: Sheet, row: Row) -> bool:
        """Whether a cell of the row other than its date is a totals label, whatever the date
        cell holds: 合计 in 捐赠人 or 案例编号 beside the month's last day.

        Why: such a row was read as an entry, dated the day it shows, and the register's
        whole total was booked once more (a donation of 1,230.00 from a donor named 合计,
        with a donor proposal for it), while the money line held."""
        date, note = sheet.columns.get("date"), sheet.columns.get("note")
        return any(TOTALS_LABEL.fullmatch(word("".join(c.split()))) or (i != note and PART_TOTALS_LABEL.fullmatch(word(c)))
                   for i, c in enumerate(row.cells) if c and i != date)

    def is_note(self, sheet: Sheet, row: Row) -> bool:
        """No date, no case and nothing that moves money or goods (a signature line such as
        制表人 / 经办人, a remark, a row of dashes): it books nothing and is listed as skipped."""
        if self._signature_line(sheet, row):
            return True
        if any((c := self.cell(sheet, row, k)) and not SIGNATURE.match(word(c)) for k in ("amount", "item", "quantity", "unit_value", "case")):
            return False
        try:
            parse_date(self.cell(sheet, row, "date"), sheet.date_formats)
        except ValueError:
            return True
        return False

    def _signature_line(self, sheet: Sheet, row: Row) -> bool:
        """A signature footer spread over the columns (制表日期： | 2026-03-31 | 制表人：王某 | 审核人：李某):
        a signature label outside 备注, and no amount, goods, 审批单号 or 凭证号.

        Why: its date in 日期 or 案例编号 made it an entry, refused with a problem for every
        column (\"case 2026-03-31 is not registered\", \"'制表人：王某' is not an aid category\")."""
        note = sheet.columns.get("note")
        if not any(c and i != note and SIGNATURE.match(word(c)) for i, c in enumerate(row.cells)):
            return False
        return not any((c := self.cell(sheet, row, k)) and not SIGNATURE.match(word(c))
                       for k in ("amount", "item", "quantity", "unit_value", "approval", "ref"))

    def each_sheet(self, parsed, filepath: str, report: Report, errors_of: list[RowErrors], by_sheet: list[tuple[Sheet, list]]):
        """Each sheet of `parsed` (one, or a workbook's months) as (index, sheet, its RowErrors,
        the list its (record, entry) pairs go in, its rows to read), counting its rows in the
        report; `errors_of` and `by_sheet` collect the sheets' errors and pairs, for
        `raise_all` and the checks across sheets once every sheet is read."""
        for index, sheet in enumerate(sheets_of(parsed)):
            errors = RowErrors(filepath, self.names(sheet), sheet.title)
            errors_of.append(errors)
            made: list = []
            by_sheet.append((sheet, made))
            report.rows += len(sheet.rows)
            yield index, sheet, errors, made, self.split_rows(sheet, filepath, errors, report)

    def split_rows(self, sheet: Sheet, filepath: str, errors: RowErrors, report: Report) -> list[Row]:
        """The rows that are entries; totals rows are checked against the rows above them (since
        the previous totals row, or all of them) and listed as skipped, as are notes."""
        rows, since, totals, counts = [], [], [], []
        start = len(report.skipped)  # an earlier month's sheet's rows stay before this one's
        for row in sheet.rows:
            if self._repeats_header(sheet, row):
                report.skipped.append(Skipped(row.number, said(f"再次出现的表头（同第 {sheet.header.number} 行）：分页，不是分录",
                                                               f"the column header again (as in row {sheet.header.number}): "
                                                               "a page break, not an entry"), self.shown(sheet, row)[:60], amount=ZERO,
                                              sheet=sheet.title))
            elif self._another_header(sheet, row):
                # Why: 二、物资捐赠 under a header of its own (日期, 捐赠人, 物资, 数量, 单价) was read under
                # the first table's columns: "'日期' is not a date", "'大米' is not a number"
                names = ", ".join(c for c in row.cells if c)
                raise ImportProblem(filepath, said(f"第 {row.number} 行是另一个表头（{'、'.join(c for c in row.cells if c)}），"
                                                   f"不是第 {sheet.header.number} 行的表头：工作表中有第二个表，它的列不同",
                                                   f"row {row.number} is another header ({names}), not row "
                                                   f"{sheet.header.number}'s: a second table in the sheet, whose columns differ"),
                                    row=row.number, sheet=sheet.title or None,
                                    hint=said("请把所有行放在同一个表头下（把第二个表的列加到第一个表上），或把每个表存为单独的文件，然后再导入",
                                              "put every row under one header (add the second table's columns to the first) "
                                              "or save each table as its own file, and import again"))
            elif self.is_totals(sheet, row) or self._unlabelled_total(sheet, row, since, rows):
                totals.append((row, list(since), list(rows)))
                counts.append((row, list(since), list(rows)))
                since = []
            elif self.is_note(sheet, row):
                counts.append((row, list(since), list(rows)))
                report.skipped.append(Skipped(row.number, said("没有日期，也没有金额或物资：是备注，不是分录",
                                                       "no date and no amount or goods: a note, not an entry"),
                                              self.shown(sheet, row)[:60], amount=ZERO, sheet=sheet.title))
            else:
                self._refuse_void(sheet, row, errors)
                rows.append(row)
                since.append(row)
        for row, part, above in totals:
            checked, disagreed, year_so_far = [], False, ()
            for key, text in self._stated_totals(sheet, row, above):
                try:
                    stated = self.totalled_number(text, key)
                except ValueError:
                    stated = None
                if stated is None:
                    continue
                sums = [self._column_sum(sheet, rows_, key) for rows_ in (part, above)]
                if any(s is None for s in sums):
                    continue  # a row above has a problem of its own, reported there
                if stated not in sums and (label := self._totals_label_of(row)).startswith(YEAR_SO_FAR):
                    # 本年累计 counts the months before this register too: not its rows' total (累计
                    # alone, the rows so far, is checked)
                    year_so_far = (f"{label} {text}，为本年至今的累计，而上面各行合计 {sums[1]:,}：不核对",
                                   f"{label} {text}, the year so far, while the rows above add up to {sums[1]:,}: not checked")
                    continue
                if stated not in sums:
                    if not part:
                        # a grand total right under a subtotal: "add up to 0" named no sum it could be
                        sums = [sums[1], sums[1]]
                    shown = self._shown_only(sheet, stated, key, part, above)
                    if self.options.verify_summary and shown:
                        errors.add(row.number, key, said(f"合计行写的是 {text}，只是显示出来的各行之和：{shown.zh} 在工作表中被隐藏"
                                                         f"（隐藏或被筛选掉），照样读取和记账，所以上面各行合计 {sums[0]:,}",
                                                         f"the totals row says {text}, the sum of the rows shown only: {shown} "
                                                         f"hidden in the sheet (hidden or filtered out), read and booked like the others, so the "
                                                         f"rows above add up to {sums[0]:,}"),
                                   said("请取消隐藏这些行；删除不应记账的行，或让合计把它们算进去（用 =SUM，不用 =SUBTOTAL）",
                                        "unhide the rows; delete those not to be booked, or make the total count them "
                                        "(=SUM, not =SUBTOTAL)"))
                    elif self.options.verify_summary:
                        errors.add(row.number, key, said(f"合计行写的是 {text}，但上面各行合计 {sums[0]:,}"
                                                         + (f"（上面全部各行：{sums[1]:,}）" if sums[1] != sums[0] else ""),
                                                         f"the totals row says {text} but the rows above add up to {sums[0]:,}"
                                                         + (f" (all rows above: {sums[1]:,})" if sums[1] != sums[0] else "")),
                                   said("请改正有误的行或合计（relief import --ignore-summary 照样导入各行）",
                                        "correct the row that is wrong or the total (relief import --ignore-summary imports the rows anyway)"))
                    else:
                        report.notes.append(said(f"{row_on_sheet_zh(row.number, sheet.title)}：合计行写的是 {text}，上面各行合计 {sums[0]:,}（--ignore-summary）",
                                                 f"{row_on_sheet(row.number, sheet.title)}: the totals row says {text}, the rows above add up to {sums[0]:,} (--ignore-summary)"))
                    disagreed = True
                    continue
                checked.append(f"{self.names(sheet).get(key, key)} {stated:,}")  # column names are the sheet's own (Chinese)
            disagreed = self._words_disagree(sheet, row, part, above, errors, report) or disagreed
            what_zh, what = (("与上面各行不符（--ignore-summary）", "disagrees with the rows above (--ignore-summary)") if disagreed
                             else (f"与上面各行相符：{'，'.join(checked)}", f"agrees with the rows above: {', '.join(checked)}")
                             if checked else
                             (f"写的是 {year_so_far[0]}", f"states {year_so_far[1]}") if year_so_far
                             else ("没有可核对的数", "states nothing to check"))
            report.skipped.append(Skipped(row.number, said(f"合计行，不是分录；它{what_zh}", f"totals row, not an entry; it {what}"),
                                          self.shown(sheet, row)[:60],
                                          amount=ZERO, sheet=sheet.title))
        for row, part, above in counts:
            # a count under the rows (共 3 条, 合计笔数：3, 共 3 人): a register cut short or with
            # rows deleted imported without a word
            stated = self._stated_count(sheet, row, rows, part, above)
            if stated is None or stated[0] in stated[2]:
                continue
            count, words, _ = stated
            if self.options.verify_summary:
                errors.add(row.number, None, said(f"登记表写着有 {count} 笔（{words}），但是分录的行有 {len(rows)} 行",
                                                  f"the register says it has {counted(count, 'entry', 'entries')} ({words}) but "
                                                  f"{counted(len(rows), 'row is an entry', 'rows are entries')}"),
                           said("请改正笔数或各行（relief import --ignore-summary 照样导入各行）",
                                "correct the count or the rows (relief import --ignore-summary imports the rows anyway)"))
            else:
                report.notes.append(said(f"{row_on_sheet_zh(row.number, sheet.title)}：登记表写着 {words}，"
                                         f"分录的行有 {len(rows)} 行（--ignore-summary）",
                                         f"{row_on_sheet(row.number, sheet.title)}: the register says {words}, "
                                         f"{counted(len(rows), 'row is an entry', 'rows are entries')} (--ignore-summary)"))
        report.skipped[start:] = sorted(report.skipped[start:], key=lambda s: s.row)
        return rows

    def _stated_count(self, sheet: Sheet, row: Row, rows: list[Row], part: list[Row],
                      above: list[Row]) -> tuple[int, str, set[int]] | None:
        """(count, its words, the counts that agree) of the entries a footer or totals row
        states: 共 3 条 / 合计笔数 the rows, 共 3 人 / 人数 the people of a register of cases or
        their cases (one paid twice is one person); all the rows, those since the last totals
        row, or those above this one. None when it states no count."""
        found = stated_count(row.text)
        if found:
            return found[0], found[1], {len(rows), len(part), len(above)}
        people = PEOPLE_COUNT.search(word(row.text)) if "case" in sheet.columns else None  # 共 2 戶 too
        if people is None:
            return None
        agree = {n for group in (part, above) for n in (len(group), len({self.cell(sheet, r, "case").upper() for r in group}))}
        return int(people.group(1) or people.group(2)), people.group(0), agree

    def _refuse_void(self, sheet: Sheet, row: Row, errors: RowErrors) -> None:
        """An entry struck through in the sheet (删除线), or whose 备注 says 作废, is void to
        whoever reads the register, but only its look says so: refused, naming the row, to be
        deleted or restored. Why: such a row was booked like the others without a word, a
        gift with a receipt number or an aid payment nobody made."""
        struck = sheet.struck.get(row.number, [])
        written = [i for i, c in enumerate(row.cells) if c and not is_empty(c)]
        if struck and set(written) <= set(struck):
            errors.add(row.number, None, said("该行加了删除线：看表的人都会当它作废，但它会像其他行一样记账",
                                              "the row is struck through (删除线): void to whoever reads the sheet, yet it "
                                              "would be booked like any other row"),
                       said("如果该行作废，请删除它（并改正把它计入在内的 合计）；如果它有效，请去掉删除线",
                            "delete the row if it is void (and correct a 合计 that counts it), or remove the strikethrough if it stands"))
        elif struck:
            names = {i: k for k, i in sheet.columns.items()}
            cells = ", ".join(f"{sheet.header.get(i) or column_letter(i)} ({column_letter(i)}{row.number}: {row.get(i)!r})" for i in struck)
            cells_zh = "、".join(f"{sheet.header.get(i) or column_letter(i)}（{column_letter(i)}{row.number}：{row.get(i)!r}）" for i in struck)
            errors.add(row.number, names.get(struck[0]), said(f"单元格加了删除线：{cells_zh}；无法判断哪个数值有效",
                                                              f"cell(s) struck through (删除线): {cells}; which value stands cannot be told"),
                       said("请写出有效的数值，不加删除线（如果该行作废，请删除该行）",
                            "write the value that stands, without strikethrough (delete the row if it is void)"))
        note = "".join(self.cell(sheet, row, "note").split())
        if VOID_NOTE.search(note) and not (struck and set(written) <= set(struck)):
            errors.add(row.number, "note", said(f"它的备注写着 {note!r}：是作废的行，但它会像其他行一样记账",
                                                f"its note says {note!r}: a void row, yet it would be booked like any other"),
                       said("如果该行作废，请删除它；如果它有效，请从备注中去掉 作废",
                            "delete the row if it is void, or take 作废 out of the note if the row stands"))
        elif RETURNED_NOTE.search(note):
            # Why: a gift noted 已退回 was proposed as a gift (with a receipt), and aid noted
            # 发放失败，已退回 (the bank sent it back) as aid paid
            errors.add(row.number, "note", said(f"它的备注写着 {note!r}：钱已退回（退回的捐赠、银行退回的帮扶款），"
                                                "但该行会记作已捐赠或已支付",
                                                f"its note says {note!r}: the money went back (a gift given back, aid the "
                                                "bank returned), yet the row would be booked as given or paid"),
                       said("请删除该行，手工记这笔钱和它的退回（docs/books.md，\"A gift given back\"；"
                            "以后再发的帮扶款记在发放的那一天）；如果该行有效，请从备注中去掉这些字",
                            "delete the row and book the money and its return by hand (docs/books.md, \"A gift given back\"; "
                            "aid paid again later goes on the day it was paid), or take the words out of the note if the row stands"))

    def shown(self, sheet: Sheet, row: Row) -> str:
        """What the dry run shows of a row it skips: its cells but those of a column holding
        personal details (a roster's 姓名 / 身份证号 / 电话 the register does not read, a donor's
        联系方式), and identity, card and mobile numbers masked wherever they are.

        Why: a roster's row without date or amount was shown as `2 赵小红 1101011990…`, the
        name and identity number of the person helped, in a dry run officers paste to others."""
        read = set(sheet.columns.values())
        hidden = {i for i, h in enumerate(sheet.header.cells)
                  if (i not in read and PERSONAL_HEADER.search(h or "")) or i == sheet.columns.get("contact")}
        return masked(" ".join(c for i, c in enumerate(row.cells) if c and i not in hidden))

    def _stated_totals(self, sheet: Sheet, row: Row, above: list[Row]) -> list[tuple[str, str]]:
        """(column, text) of each total a totals row states: in the totalled columns, or, when
        they are empty, after the label in its own cell (合计：999元) for the one totalled
        column the rows above fill in (金额, or 数量 in a register of goods only; with both, no
        telling which it sums). Why: such a 合计 was listed as stating nothing to check, 999
        under rows adding up to 150."""
        stated = [(key, self.cell(sheet, row, key)) for key in self.TOTALLED if key in sheet.columns]
        if any(text for _, text in stated):
            return stated
        filled = [key for key, _ in stated if any(self.cell(sheet, r, key) for r in above)]
        text = word("".join(row.text.split()))  # 合計金額 1300 元, 共 2 戶 as the simplified words
        m = LABELLED_TOTAL.match(text) or TOTAL_IN_TEXT.search(text)
        return [(filled[0], m.group(1))] if m and len(filled) == 1 else stated

    @staticmethod
    def totalled_number(text: str, key: str) -> Decimal | None:
        """A totalled cell's number as the rows are read (壹仟元整 in 金额, 50袋 in 数量: the unit
        is checked on the row), None when empty; raises ValueError when it is no number.

        Why: a row or a 合计 written so was taken for a cell with a problem of its own, and
        the total went unchecked: a 合计 of 5 under 1袋 and 2袋 passed without a word."""
        try:
            return parse_amount(text)
        except ValueError:
            value = parse_amount_words(text) if key in WORDED else None
            counted = split_count(text) if key == "quantity" else None
            if value is None and counted is None:
                raise
            return value if value is not None else Decimal(counted[0])

    def _column_sum(self, sheet: Sheet, rows: list[Row], key: str) -> Decimal | None:
        total = ZERO
        for r in rows:
            try:
                value = self.totalled_number(self.cell(sheet, r, key), key)
            except ValueError:
                return None
            total += value or ZERO
        return total

    def meta(self, filepath, row, **values) -> dict:
        """Entry metadata at the row, leaving out empty values."""
        meta = data.new_metadata(filepath, row.number)
        for k, v in values.items():
            if v not in (None, ""):
                meta[k] = v
        return meta

    def open_online(self, entries: list, ctx: BooksContext, filepath: str, sheet: Sheet, report: Report) -> list:
        """An `open` for Assets:Online:WeChat / Alipay when the register receives money there (or
        a roster pays aid from it) and the books lack it (as the bill importers propose it),
        dated the books' first day."""
        names = {self.options.wechat_account: ("微信支付", "WeChat Pay balance"),
                 self.options.alipay_account: ("支付宝", "Alipay balance")}
        out = []
        for account, (zh, en) in names.items():
            days = [t.date for _, t in entries if any(p.account == account for p in t.postings)]
            if not days or account in ctx.opened:
                continue
            meta = data.new_metadata(filepath, sheet.header.number, {"name_zh": zh, "name_en": en})
            first = min([*days, ctx.first_date] if ctx.first_date else days)
            out.append(data.Open(meta, first, account, ["CNY"], None))
            report.notes.append(said(f"账中没有开设 {account}：建议一条开户（open）分录",
                                     f"{account} is not opened in the books: an open entry is proposed"))
        return out


class DonationRegisterImporter(RegisterImporter):
    """Imports the donation register: money and goods received, with donors and receipts."""
    kind = "donations"
    register = DONATIONS
    TOTALLED = ("amount", "quantity")

    def account(self, filepath: str) -> str:
        """The cash account: a donation register's money is cash unless a row says where it went."""
        return self.options.cash_account

    def _distinct(self, cols, folded):
        return ("amount" in cols or "item" in cols) and not any(PAYOUT_HEADER.search(f) for f in folded)

    def _header_in(self, sheet):
        """The donation register on `sheet`, unless the title above its header, or the file's
        name, calls it a roster (发放花名册, 领取表). Why: 日期, 姓名, 金额 under 2026年3月慰问金发放花名册 was read as
        gifts received, the people helped proposed as donors by name."""
        found = super()._header_in(sheet)
        if found is None or PAYOUT_TITLE.search(word(getattr(self, "_stem", ""))):
            return None
        above = [c for r in sheet.rows if r.number < found.header.number for c in r.cells if c]
        return None if any(PAYOUT_TITLE.search(word(c)) for c in above) else found

    def received_account(self, text: str, ctx: BooksContext, errors, row) -> str | None:
        """The account a row's `received` cell names (cash, bank, WeChat Pay, Alipay or an account), or None with the problem noted."""
        t = word(text).lower()
        if not t or t in CASH_WORDS:
            return self.options.cash_account
        if t in BANK_WORDS:
            acct = self.options.account or ctx.default_bank_account()
            if acct is None:
                errors.add(row.number, "received", said("账中有多个银行账户", "the books have several bank accounts"),
                           said(f"请在单元格中写账户（{BANK_ROOT}:…）", f"write the account ({BANK_ROOT}:…) in the cell"))
            return acct
        if t in WECHAT_WORDS:
            return self.options.wechat_account
        if t in ALIPAY_WORDS:
            return self.options.alipay_account
        if is_asset(text):
            if text not in ctx.opened:
                errors.add(row.number, "received", said(f"账中没有开设 {text}", f"{text} is not opened in the books"),
                           said("请开设它，或用 现金 / 银行", "open it or use cash / bank"))
                return None
            return text
        errors.add(row.number, "received", said(f"{text!r} 不是收款方式", f"{text!r} is not a way of receiving money"),
                   said("请写 现金、银行、微信 或 支付宝", "write 现金, 银行, 微信 or 支付宝 (cash, bank, wechat, alipay)"))
        return None

    @staticmethod
    def donation_note(sheet: Sheet, row: Row, errors: RowErrors) -> str:
        """The row's 备注, the gift's narration, refused (noted in `errors`, not repeated) when
        it holds an identity or mobile number.

        Why: 联系电话138… in the note was written into the gift's narration, which every copy of
        the books keeps, an anonymous giver's too, while the donor's contact is kept private in
        the registry (联系方式 goes there, never into an entry)."""
        note = RegisterImporter.cell(sheet, row, "note")
        found = personal_details(note)
        if found:
            found_zh = "和".join(f.split(" (")[0] for f in found)
            errors.add(row.number, "note", said(f"备注中看来有{found_zh}", f"the note holds what looks like a {' and a '.join(found)}"),
                       said("捐赠人的电话写在 联系方式（不公开，保存在登记册中），身份证号哪里都不写；"
                            "请从备注中删去它，备注会成为每份账簿中这笔捐赠的摘要",
                            "a donor's phone goes in 联系方式 (kept private, in the registry), an identity number nowhere; "
                            "remove it from the note, which becomes the gift's narration in every copy of the books"))
        return note

    def make_entries(self, parsed: Sheet | Workbook, ctx: BooksContext, existing: list, filepath: str, report: Report) -> list:
        """The register's rows as donations (and proposed donors), checked against the books; every row's problem at once."""
        classifier = Classifier(ctx, self.options.rules, self.options.cash_account, filepath, self.kind)
        commodity_names = _commodity_names(existing)
        units = commodity_units(existing)
        file_in: dict[str, Decimal] = {}
        #: voucher -> (sheet, row) of the first row giving it, across a workbook's month sheets
        refs: dict[str, tuple[str, int]] = {}
        made: list[tuple[Sheet, list]] = []
        all_errors: list[RowErrors] = []
        for _, sheet, errors, entries, rows in self.each_sheet(parsed, filepath, report, all_errors, made):
            for row in rows:
                day = self.date_of(sheet, row, errors)
                amount = self.number_of(sheet, row, "amount", errors, cents=True)
                item = self.cell(sheet, row, "item")
                named = commodity_names.get(item, item.upper() if item.upper() in ctx.commodities else item_code(item, commodity_names))
                quantity = self.quantity_of(sheet, row, errors, named, units) if item else None
                unit_value = self.unit_value_of(sheet, row, errors, named, units) if item else None
                if amount is None and not item:
                    if not self.cell(sheet, row, "amount"):
                        errors.add(row.number, "amount", said("既没有金额，也没有物资", "neither an amount nor a goods item"),
                                   said("捐款请填 金额，捐物请填 物资 / 数量 / 单价", "fill in 金额 for money, or 物资 / 数量 / 单价 for goods"))
                    continue
                if amount is not None and item and quantity is not None and unit_value is not None and money(quantity * unit_value) == amount:
                    # 金额 filled in as the goods' value (数量 × 单价), as goods registers are kept. Why:
                    # refused with "use one row for money and another for goods", which, done, would
                    # have booked the goods' value once more as money received
                    amount = None
                if amount is not None and item:
                    both_known = quantity is not None and unit_value is not None
                    worth = f", while 数量 × 单价 is {money(quantity * unit_value):,}" if both_known else ""
                    worth_zh = f"，而 数量 × 单价 是 {money(quantity * unit_value):,}" if both_known else ""
                    errors.add(row.number, "item", said(f"既有金额又有物资：金额 {money(amount):,}{worth_zh}",
                                                        f"both an amount and a goods item: 金额 {money(amount):,}{worth}"),
                               said("金额 是捐的钱：物资的行请留空，或在其中写物资的价值 数量 × 单价；"
                                    "随物资一起捐的钱另写一行",
                                    "金额 is money given: on a row of goods leave it empty, or write the goods' value 数量 × 单价 in it; "
                                    "money given with the goods goes on a row of its own"))
                    continue
                code = None
                if item:
                    code = commodity_names.get(item, item.upper() if item.upper() in ctx.commodities else None)
                    if code is None:
                        like = _items_like(item, commodity_names)
                        errors.add(row.number, "item", said(f"物资 {item!r} 没有在账中登记", f"goods item {item!r} is not declared in the books"),
                                   said(f"账中有 {like}：请在 物资 中写它的编码或名称", f"the books have {like}: write its code or its name in 物资")
                                   if like else
                                   said(f"请在 accounts.beancount 中加上 `commodity {item.upper() if item.isascii() else 'CODE'}`，"
                                        "并写 name_zh/unit_zh",
                                        f"add `commodity {item.upper() if item.isascii() else 'CODE'}` with name_zh/unit_zh to accounts.beancount"))
                        continue
                    if quantity is None or unit_value is None:
                        if quantity is None and not self.cell(sheet, row, "quantity"):
                            errors.add(row.number, "quantity", said("物资需要数量", "goods need a quantity"), said("请填写 数量", "fill in 数量"))
                        if unit_value is None and not self.cell(sheet, row, "unit_value"):
                            errors.add(row.number, "unit_value", said("物资需要单价", "goods need a value per unit"),
                                       said("请填写 单价（每单位多少元）", "fill in 单价 (CNY per unit)"))
                        continue
                    if finer_than_fen(quantity * unit_value):
                        # Why: 3 × 3.335 was booked as stock worth 10.005 against a gift (and receipt) of
                        # 10.00; bean-check let it through, and reconcile then failed on half a fen
                        # that no fund held, naming nothing
                        errors.add(row.number, "unit_value", said(f"数量 × 单价 是 {quantity} × {unit_value} = {quantity * unit_value}："
                                                                  "不足一分，而捐赠和它的收据都记到分",
                                                                  f"数量 × 单价 is {quantity} × {unit_value} = {quantity * unit_value}: part of "
                                                                  "a fen, while the gift and its receipt are booked to the fen"),
                                   said("请写一个使 数量 × 单价 到分为止的 单价，像发票的合计那样（一个 单价 做不到时请把该行拆开）",
                                        "write a 单价 whose 数量 × 单价 comes to the fen, as the invoice's total does (split the row "
                                        "if one 单价 cannot)"))
                        continue
                if amount is not None and not self.words_agree(sheet, row, amount, errors):
                    continue
                fund = self.fund_of(sheet, row, ctx, errors, day)
                received = self.received_account(self.cell(sheet, row, "received"), ctx, errors, row) if not item else None
                # Why: 张 三 (a name spaced out to the column's width) was proposed as a donor apart from 张三
                written = self.cell(sheet, row, "donor")  # as typed, for the row's fingerprint (kept across versions)
                donor_text = SPACED_NAME.sub("", written.strip())
                kind_text = self.cell(sheet, row, "donor_kind")
                kind = KINDS.get(word(kind_text).lower(), KINDS.get(word(kind_text))) if kind_text else None
                if kind_text and kind is None:
                    errors.add(row.number, "donor_kind", said(f"{kind_text!r} 不是捐赠人类型", f"{kind_text!r} is not a kind of donor"),
                               said("请写 企业、个人 或 社会组织", "write 企业, 个人 or 社会组织 (enterprise, individual, organisation)"))
                    continue
                anon_text = self.cell(sheet, row, "anonymous").strip().lower()
                anonymous = ANONYMITY.get(word(anon_text))
                if anonymous is None:
                    errors.add(row.number, "anonymous", said(f"{anon_text!r} 不是匿名选项", f"{anon_text!r} is not an anonymity choice"),
                               said("请写 否、网站不公开 或 完全匿名", "write 否, 网站不公开 or 完全匿名 (none, public, all)"))
                    continue
                found = personal_details(donor_text)
                if found:
                    # Why: 张三 1101011990… was proposed as a donor of that name, the number kept in
                    # the books and shown wherever the donor's name is
                    found_zh = "和".join(f.split(" (")[0] for f in found)
                    errors.add(row.number, "donor", said(f"捐赠人单元格中看来有{found_zh}",
                                                         f"the donor cell holds what looks like a {' and a '.join(found)}"),
                               said("请只写姓名：电话写在 联系方式（不公开），身份证号哪里都不写",
                                    "write the name alone: a phone goes in 联系方式 (kept private), an identity number nowhere"))
                    continue
                if is_garbled_name(donor_text):
                    # Why: 王?明 (a register saved as CSV in GBK, which lacks a character of the name)
                    # was proposed as a donor so spelt, to be thanked and listed under it
                    errors.add(row.number, "donor", said(f"捐赠人姓名 {donor_text!r} 在保存文件时损坏了"
                                                         "（丢失的字成了 '?'、U+FFFD 或 锟斤拷，或者文字按错误的编码读取）",
                                                         f"the donor's name {donor_text!r} was damaged when the file was saved "
                                                         "('?', U+FFFD or 锟斤拷 where characters were lost, or text read in the wrong encoding)"),
                               said("请把登记表存为 XLSX 或 CSV UTF-8，重新输入姓名后再导入",
                                    "save the register as XLSX or as CSV UTF-8, type the name again and import it again"))
                    continue
                marked = _anonymity_mark(donor_text)
                if marked:
                    # Why: 张三（匿名） was proposed as a donor of that name, not anonymous, and a
                    # registered donor written so was not found; the wish now counts as the column's
                    donor_text, wish = marked
                    anonymous = max(anonymous, wish, key=STRICTNESS.__getitem__)
                if names_no_one(donor_text):
                    # Why: 匿名 written as the donor was proposed as a donor named 匿名, whose gifts the
                    # site would list under that name; it is a gift whose giver is not named at all
                    donor_text, anonymous = "", "all"
                letter_written = self.cell(sheet, row, "letter").strip().lower()
                letter_text = word(letter_written).lower()
                if letter_text and letter_text not in YES | NO:
                    errors.add(row.number, "letter", said(f"{letter_written!r} 既不是“是”也不是“否”", f"{letter_written!r} is neither yes nor no"),
                               said("请写 是 或 否", "write 是 or 否"))
                    continue
                if day is None or fund is None or (not item and received is None):
                    continue
                # the file's own movement, from its cells (not from the postings made below)
                if item:
                    goods = self.options.goods_account
                    file_in[goods] = file_in.get(goods, ZERO) + quantity * unit_value
                    file_in[f"{goods} {code}"] = file_in.get(f"{goods} {code}", ZERO) + quantity
                else:
                    file_in[received] = file_in.get(received, ZERO) + amount
                flag = flags.FLAG_OKAY
                donor = ctx.registry.donors.get(donor_text) or (ctx.registry.donor_by_name(donor_text) if donor_text else None)
                meta = self.meta(filepath, row, fund=fund)
                if donor is None and not donor_text and anonymous == "all" and "ANON" in ctx.registry.donors:
                    donor = ctx.registry.donors["ANON"]
                plain = other_form(donor_text) if donor is None and donor_text else None
                if plain and (donor := ctx.registry.donor_by_name(plain)) is not None:
                    flag = flags.FLAG_WARNING  # a guess, however likely: the officer confirms it
                    add_note(meta, f"the file writes the donor {written.strip()!r}: booked to {donor.id} {donor.name!r}, the same "
                             "name but for a courtesy or brackets; check it is them (then flag *), and add the spelling to the "
                             "donor's aliases if it is theirs")
                elif donor is not None and donor_text and donor_text not in ctx.registry.donors:  # found by name, not by its id
                    add_note(meta, spelling_note(donor, written))
                    if matched_by_script(donor, donor_text):
                        flag = flags.FLAG_WARNING  # 某某機械 for 某某机械, but 於小明 is not 于小明: the officer confirms it
                if donor is not None:
                    meta["donor"] = donor.id
                    donor_kind = donor.kind
                    if STRICTNESS[anonymous] > STRICTNESS.get(donor.anonymous, 0):
                        # Why: the row's wish for this gift was read only for a donor new to the
                        # books; a registered donor's gift marked 网站不公开 was named in public
                        meta["anonymous"] = anonymous
                else:
                    flag = flags.FLAG_WARNING
                    meta["donor"] = UNIDENTIFIED_DONOR
                    if anonymous != "none":
                        meta["anonymous"] = anonymous  # kept with the gift, whichever donor the officer then names
                    extra = {"anonymous": anonymous if anonymous != "none" else None,
                             "contact": self.cell(sheet, row, "contact") or None}
                    proposal = classifier.propose(donor_text, "", day, row.number, kind, extra)
                    if proposal:
                        meta["proposed_donor"] = proposal
                        add_note(meta, classifier.proposal_note(donor_text, proposal))
                    elif donor_text:
                        add_note(meta, names_no_one_note(donor_text))
                    # the kind its proposal gets (a 有限公司 an enterprise), as a statement's unknown payer's
                    donor_kind = kind or (guess_kind(donor_text) if donor_text else "individual")
                if letter_text:
                    meta["letter"] = "yes" if letter_text in YES else "no"
                valuation = self.cell(sheet, row, "valuation")
                if item and valuation:
                    meta["valuation"] = valuation
                ref = self.cell(sheet, row, "ref")
                if ref and ref in refs:
                    errors.add(row.number, "ref", said(f"凭证号 {ref} 也在{_place_zh(*refs[ref], sheet.title)}；一个凭证号只是一笔捐赠",
                                                       f"voucher {ref} is also on {place(*refs[ref], sheet.title)}; a voucher is one gift"),
                               said("请改正凭证号；如果这笔捐赠录入了两次，请删除该行",
                                    "correct the number, or delete the row if the gift was entered twice"))
                    continue
                if ref:
                    refs[ref] = (sheet.title, row.number)
                # the donor as stored: one read from a merge above keeps the id the row had before merges were read
                stored = "" if sheet.columns.get("donor") in sheet.filled.get(row.number, ()) else written
                rec = Record(row=row.number, date=day, amount=amount or Decimal(0), payer=stored, memo=f"{item} {quantity}" if item else "",
                             source_ref=f"donations:{ref}" if ref else "")
                narration = self.donation_note(sheet, row, errors) or ("捐赠物资" if item else "捐款")
                if item:
                    assert quantity is not None and unit_value is not None and code is not None
                    cost = CostSpec(unit_value, None, "CNY", None, None, False)
                    postings = [data.Posting(self.options.goods_account, Amount(quantity, code), cost, None, None, None),
                                data.Posting(IN_KIND_DONATION_ACCOUNT, Amount(-money(quantity * unit_value), "CNY"), None, None, None, None)]
                else:
                    postings = [data.Posting(received, Amount(money(amount), "CNY"), None, None, None, None),
                                data.Posting(DONATION_ACCOUNTS.get(donor_kind, DONATION_ACCOUNTS["individual"]), Amount(-money(amount), "CNY"), None, None, None, None)]
                # a donor named by id (D0001) is booked under their name, as the auditor reads a journal
                payee = donor.name if donor is not None and donor_text and donor_text == donor.id else donor_text or None
                txn = data.Transaction(meta, day, flag, payee, narration, data.EMPTY_SET, data.EMPTY_SET, postings)
                entries.append((rec, txn))
        raise_all(filepath, all_errors)
        for errors in all_errors:
            report.notes.extend(errors.notes)
        for sheet, entries in made:
            if "donor" not in sheet.columns and entries:
                unread = [h for i, h in enumerate(sheet.header.cells) if h and i not in sheet.columns.values()]
                report.notes.append(said(("登记表" if not sheet.title or len(made) == 1 else f"工作表 {sheet.title!r}")
                                         + " 没有 捐赠人 列：每笔捐赠都记为没有捐赠人（UNIDENTIFIED）"
                                         + (f"；没有读取的列：{'、'.join(map(repr, unread))}（请把捐赠人那一列的表头写成 捐赠人，"
                                            "然后再导入）" if unread else ""),
                                         ("the register" if not sheet.title or len(made) == 1 else f"sheet {sheet.title!r}")
                                         + " has no 捐赠人 column: every gift is booked without a donor (UNIDENTIFIED)"
                                         + (f"; columns not read: {', '.join(map(repr, unread))} (head the donors' column 捐赠人 "
                                            "and import again)" if unread else "")))
        report.account = self.options.cash_account
        report.file_in, report.file_out = file_in, {k: ZERO for k in file_in}
        for sheet, entries in made:
            assign_fingerprints([r for r, _ in entries], "donations")
            self.older_ids(sheet, entries, "donations", lambda old, rec, sheet=sheet: {
                "payer": rec.payer and self.cell(sheet, old, "donor"),
                "source_ref": f"donations:{self.cell(sheet, old, 'ref')}" if rec.source_ref.startswith("donations:") else rec.source_ref})
        refuse_shared_ids(filepath, made)
        mark_sheets(made)
        entries = [pair for _, pairs in made for pair in pairs]
        out = self.open_online(entries, ctx, filepath, made[0][0], report)
        for rec, txn in entries:
            txn.meta["source_ref"] = rec.source_ref
            unpadded = voucher_without_zeros(rec.source_ref)  # the books may hold it from an Excel-saved register
            legacy = (rec.legacy_ref if isinstance(rec.legacy_ref, tuple) else (rec.legacy_ref,) if rec.legacy_ref else ())
            legacy = (*legacy, unpadded) if unpadded else legacy
            if legacy:
                txn.meta[LEGACY_REF] = legacy if len(legacy) > 1 else legacy[0]
            out.append(txn)
        out.extend(classifier.extra)
        return out


#: the name of a sheet of instructions beside the register (说明, 填表说明, 示例): its header
#: and rows are examples, never entries
INSTRUCTIONS_SHEET = re.compile(r"说明|示例|样例|范例|填表须知|填写须知|instruction|readme|example|sample", re.IGNORECASE)

#: a note saying the row is void: 作废, 已作废, （作废）, 此行作废 (not 作废票据已收回, which
#: says something else was voided: only a note that is the word, or ends with it)
#: words alone where a number belongs (待定, 见附件, 另付, （待核实）): a note, no mistyped number
NOTE_FOR_NUMBER = re.compile(r"^\s*[(（\[【]?\s*[\u4e00-\u9fff]{1,12}\s*[)）\]】]?[。.]?\s*$")
#: a 备注 saying the row's money went back: 已退回, 款已退还, 退款, 银行退票 (not 原路退回 / 不退回 of a fee)
RETURNED_NOTE = re.compile(r"(?:已|被|款|均)(?:退回|退还|退款)|^[(（\[【]?(?:退回|退还|退款)[)）\]】]?$|退票")
VOID_NOTE = re.compile(r"^[(（\[【]?(此行|本行|已)?作废[)）\]】]?$")


#: the columns whose numbers are money or counts: one formatted as a percentage shows another number
COUNTED_KEYS = ("amount", "quantity", "unit_value")


#: a folded header ending in another unit of money than the yuan: 金额(万元), 单价(单位:千元), 金额(美元)
_MONEY_UNIT_HEADER = re.compile(r"(.+?)\((?:单位:?)?(?:" + OTHER_MONEY_UNIT.pattern + r")\)", re.IGNORECASE)


def _place_zh(sheet, row: int, current: str) -> str:
    """month_sheets.place in Chinese: `第 4 行`, or `工作表 '1月' 第 4 行` on another sheet."""
    return f"第 {row} 行" if sheet == current else row_on_sheet_zh(row, sheet)


def _on_sheet(name: str, note: str) -> str:
    """A note of a month sheet's rows named with its sheet (`sheet '3月': row 4 …`), its
    Chinese kept where it has one: a note rebuilt as plain text lost it."""
    zh = zh_of(note)
    text = f"sheet {name!r}: {note}"
    return said(f"工作表 {name!r}：{zh}", text) if zh else text


def _without_money_unit(folded: str) -> str:
    """A folded header without another unit of money in brackets at its end (金额(万元) -> 金额)."""
    m = _MONEY_UNIT_HEADER.fullmatch(folded) if folded.endswith(")") else None
    return m.group(1) if m else folded


def _refuse_percent(filepath: str, sheet: Sheet, percent: dict[tuple[int, int], str]) -> None:
    """Refuse a register whose amount (or 数量, 单价) cell is formatted as a percentage, naming
    the first and how many there are.

    Why: 500 typed into a column formatted 0% is stored as 5 and shown as 500%: booked as 5.00."""
    columns = {sheet.columns[k]: k for k in COUNTED_KEYS if k in sheet.columns}
    rows = {r.number for r in sheet.rows}
    cells = sorted((row, col) for row, col in percent if col in columns and row in rows)
    if not cells:
        return
    row, col = cells[0]
    more = f" (and {len(cells) - 1} more cell(s) so formatted)" if len(cells) > 1 else ""
    more_zh = f"（另有 {len(cells) - 1} 个单元格也是这种格式）" if len(cells) > 1 else ""
    raise ImportProblem(filepath, said(f"单元格 {column_letter(col)}{row} 的格式是百分比：它显示 {percent[(row, col)]}，"
                                       f"而它保存的数只有显示的百分之一{more_zh}；这样记账，金额只有工作表显示的百分之一",
                                       f"the cell {column_letter(col)}{row} is formatted as a percentage: it shows "
                                       f"{percent[(row, col)]}, while the number it holds is a hundredth of that{more}; booked, the "
                                       "amount would be a hundredth of what the sheet shows"), row=row, column=sheet.header.get(col),
                        sheet=sheet.title or None,
                        hint=said("请把该列的格式设为数值（设置单元格格式 → 数值），重新输入金额，然后再导入",
                                  "format the column as numbers (设置单元格格式 → 数值), type the amounts again, and import again"))


def _struck_cells(filepath: str, title: str, kind: str, last_row: int,
                  width: int, percent: dict[tuple[int, int], str] | None = None,
                  red: dict[int, list[bool]] | None = None) -> dict[int, list[int]]:
    """The cells of the workbook's sheet `title` whose font is struck through (删除线), by row
    number, as 0-based column indices, in the register's rows (up to `last_row`, `width`
    columns). The values read keep no formatting, so the XLSX is read again with its styles,
    the XLS with xlrd's formatting; a workbook whose styles do not read gives none (its values
    were read, and any damage is named there).

    Why the bounds and the read-only reading: a register with one stray cell on row 1,048,576,
    or in column XFD, had openpyxl make every cell of the rectangle up to it (8 million, 16
    million), a minute and more for a file of 5 KB.

    `percent`, when given, receives the number cells formatted as a percentage, (row, 0-based
    column) -> what the cell shows (500%), from the same reading; `red`, for each row, whether
    each of its written cells is filled red."""
    found: dict[int, list[int]] = {}
    try:
        if kind == "xlsx":
            import openpyxl

            workbook = openpyxl.load_workbook(filepath, read_only=True, data_only=True)
            try:
                rows = workbook[title].iter_rows(min_row=1, max_row=last_row, min_col=1,
                                                 max_col=max(width, 1))
                from openpyxl.cell.read_only import EMPTY_CELL

                gap: tuple = ()
                for row in rows:
                    # a gap's row (a million up to a stray far cell) holds nothing to look at;
                    # openpyxl gives every gap row as one tuple, so after the first, one test
                    if row is gap or (row and row[0] is EMPTY_CELL and all(c is EMPTY_CELL for c in row)):
                        gap = row
                        continue
                    for cell in row:
                        if cell.value not in (None, "") and cell.font is not None and cell.font.strike:
                            found.setdefault(cell.row, []).append(cell.column - 1)
                        if (percent is not None and isinstance(cell.value, (int, float)) and not isinstance(cell.value, bool)
                                and "%" in _format_sections(str(cell.number_format or ""))):
                            percent[(cell.row, cell.column - 1)] = _as_percent(cell.value)
                        if red is not None and cell.value not in (None, ""):
                            fill = getattr(cell, "fill", None)
                            rgb = getattr(getattr(fill, "fgColor", None), "rgb", None)
                            solid = getattr(fill, "fill_type", None) == "solid"
                            red.setdefault(cell.row, []).append(solid and isinstance(rgb, str) and _is_red(rgb[-6:]))
            finally:
                workbook.close()
        elif kind == "xls":
            import xlrd

            book = xlrd.open_workbook(filepath, formatting_info=True, logfile=io.StringIO())  # its warnings: not on the output
            sh = book.sheet_by_name(title)
            for r in range(min(sh.nrows, last_row)):
                for c in range(min(sh.ncols, width)):
                    if sh.cell_type(r, c) in (xlrd.XL_CELL_EMPTY, xlrd.XL_CELL_BLANK):
                        continue
                    xf = book.xf_list[sh.cell_xf_index(r, c)]
                    font = book.font_list[xf.font_index]
                    if font.struck_out:
                        found.setdefault(r + 1, []).append(c)
                    fmt = book.format_map.get(xf.format_key)
                    if (percent is not None and sh.cell_type(r, c) == xlrd.XL_CELL_NUMBER and fmt is not None
                            and "%" in _format_sections(str(fmt.format_str or ""))):
                        percent[(r + 1, c)] = _as_percent(sh.cell_value(r, c))
                    if red is not None:
                        colour = book.colour_map.get(xf.background.pattern_colour_index) if xf.background.fill_pattern == 1 else None
                        red.setdefault(r + 1, []).append(colour is not None and _is_red("".join(f"{c:02X}" for c in colour)))
    except Exception:  # formatting that does not read (xlrd cannot read some files' formatting): values were read
        return {}
    return found


def _is_red(rgb: str) -> bool:
    """Whether a fill colour (RRGGBB) is a red: strong red, little green and blue."""
    try:
        r, g, b = (int(rgb[i:i + 2], 16) for i in (0, 2, 4))
    except ValueError:
        return False
    return r >= 0xC0 and g <= 0x66 and b <= 0x66


def _format_sections(fmt: str) -> str:
    """A number format without its quoted text and escaped characters (a "%" written as text is no percentage)."""
    return re.sub(r'"[^"]*"|\\.', "", fmt)


def _as_percent(value) -> str:
    """What a number formatted as a percentage shows (5 -> 500%), for a message."""
    shown = (Decimal(str(value)) * 100).normalize()
    return f"{shown:f}%"


#: the header of a column giving the unit the row's 数量 is in (单位 箱 beside 数量 0.5)
UNIT_HEADERS = ("单位", "计量单位", "单位名称", "数量单位", "unit")
#: a unit of count (箱, 袋, 公斤, kg), not a work unit's name (市纺织工会, 工会) or a donor's kind (个人,
#: 企业) in a column headed 单位
COUNT_UNIT = re.compile(r"^(?:[箱袋桶件包瓶盒台套床条个只支斤提罐份张把双块本册卷副组打匹盆壶听片板捆扎筐篮吨克升]|公斤|千克|"
                        r"(?i:kg|g|l|ml|t|box(?:es)?|bags?|bottles?|barrels?|cases?|pieces?|pcs|sets?|packs?|cartons?))$")


def _unit_cell(sheet: Sheet, row: Row) -> str:
    """The unit the row's 数量 is in, from a column of its own headed 单位 (empty without one,
    or when the column holds something else, such as a work unit's name).

    Why: 单位 箱 beside 数量 0.5 was not read, and half a box of four 桶 booked as half a 桶."""
    used = set(sheet.columns.values())
    for i, head in enumerate(sheet.header.cells):
        if i not in used and normalise(head).strip().lower() in UNIT_HEADERS:
            text = normalise(row.get(i)).strip()
            if COUNT_UNIT.match(word(text)):
                return text
    return ""


#: a year in a register's title (2026年5月…, 2025-2026年度: two years, so none is taken)
TITLE_YEAR = re.compile(r"(?<!\d)(20\d{2})(?!\d)")
TITLE_MONTH = re.compile(r"(?<!\d)20\d{2}\s*(?:年|[.\-/])\s*(\d{1,2})(?:\s*月|$)")


def _stated_year(name: str, above: list[Row]) -> tuple[int, int | None, str] | None:
    """(year, month or None, the text) when the lines above a register's header (its title) or
    the sheet's name state one year only, and one month if any; None otherwise.

    Why: 5月5日 under 2026年5月发放花名册 was refused as a day without its year."""
    # a line of the sheet's making (填报日期：2027年1月5日, 制表：…) says when it was filled in, not the rows' year
    lines = (" ".join(c for c in r.cells if c and not SIGNATURE.match(word(c))) for r in above)
    texts = [t for t in (*lines, name or "") if TITLE_YEAR.search(t)]
    years = {int(y) for t in texts for y in TITLE_YEAR.findall(t)}
    if len(years) != 1:
        return None
    months = {int(m) for t in texts for m in TITLE_MONTH.findall(t.strip()) if 1 <= int(m) <= 12}
    return years.pop(), (months.pop() if len(months) == 1 else None), texts[0].strip()


def _in_stated_year(text: str, stated: tuple[int, int | None, str] | None) -> datetime.date | None:
    """The day `text` writes without its year (5月5日), in the year the register's title
    states; None when it states none, or a month the day is not in (1月3日 under 2026年12月
    may be the next January)."""
    md = yearless_day(text) if stated else None
    if md is None or stated is None or (stated[1] is not None and md[0] != stated[1]):
        return None
    try:
        return datetime.date(stated[0], *md)
    except ValueError:
        return None


def _commodity_names(existing) -> dict[str, str]:
    """Name -> commodity: its code, its names, and its name without the packing in brackets
    (大米 for 大米（10公斤装）) where no other item shares it. Why: a register's 大米 was refused
    as an item not declared in the books, beside RICE named 大米（10公斤装）."""
    names: dict[str, str] = {}
    short: dict[str, set[str]] = {}
    for e in existing:
        if isinstance(e, data.Commodity):
            names[e.currency] = e.currency
            for key in ("name_zh", "name_en"):
                if (e.meta or {}).get(key):
                    names[str(e.meta[key])] = e.currency
                    bare = re.sub(r"\s*[（(][^（()）]*[)）]\s*$", "", str(e.meta[key])).strip()
                    if bare:
                        short.setdefault(bare, set()).add(e.currency)
    for bare, codes in short.items():
        if len(codes) == 1 and bare not in names:
            names[bare] = next(iter(codes))
    # Why: 麵粉 (a register typed in traditional characters) was refused as an item not declared,
    # beside FLOUR named 面粉; each name is known in simplified characters too (`item_code`)
    for name, code in list(names.items()):
        names.setdefault(word(name), code)
    return names


def item_code(item: str, names: dict[str, str]) -> str | None:
    """The commodity a register's 物资 cell names (its code, or a name of `_commodity_names`,
    in either script), else None."""
    return names.get(item) or names.get(item.upper()) or names.get(word(item)) if item else None


def _items_like(item: str, names: dict[str, str]) -> str:
    """The goods items whose name holds `item` (MILK (纯牛奶（整箱）) for 牛奶), for the message
    of an item the books do not know by that name; empty when none does.

    Why: 牛奶 was refused as not declared, with no word that the books have it as MILK."""
    text = item.strip()
    if len(text) < (3 if text.isascii() else 2):
        return ""
    found: dict[str, str] = {}
    for name, code in names.items():
        if name != code and text.lower() in name.lower() and code not in found:
            found[code] = name
    return ", ".join(f"{code} ({name})" for code, name in sorted(found.items())[:5])


class RosterImporter(RegisterImporter):
    """Imports the aid roster: payments to cases, each with its category, fund and approval."""
    kind = "roster"
    register = ROSTER
    TOTALLED = ("amount",)

    def _distinct(self, cols, folded):
        return "item" not in cols

    def account(self, filepath: str) -> str:
        """The account the aid was paid from: --account, else cash."""
        return self.options.account or self.options.cash_account

    def make_entries(self, parsed: Sheet | Workbook, ctx: BooksContext, existing: list, filepath: str, report: Report) -> list:
        """The roster's rows as aid payments (a bank debit already in the books is linked, not written twice); every row's problem at once."""
        file_out: dict[str, Decimal] = {}
        #: (day, case, category, amount, approval, paid from) -> (sheet, row) of the first row
        #: that paid it, across a workbook's month sheets
        paid_rows: dict[tuple, tuple[str, int]] = {}
        #: (case, aid account) -> the first row paying it: ((sheet, row), day, amount, approval)
        case_paid: dict[tuple, tuple] = {}
        by_sheet: list[tuple[Sheet, list]] = []
        all_errors: list[RowErrors] = []
        for _, sheet, errors, made, rows in self.each_sheet(parsed, filepath, report, all_errors, by_sheet):
            for row in rows:
                day = self.date_of(sheet, row, errors)
                case_id = self.case_of(sheet, row, ctx, errors, day)
                cat_text = self.cell(sheet, row, "category")
                account = category_account(cat_text)
                several = category_accounts(cat_text)
                if len(several) > 1:
                    errors.add(row.number, "category", said(f"{cat_text!r} 写了 {len(several)} 个帮扶类别："
                                                            + "、".join(AID_CATEGORIES[a][0] for a in several),
                                                            f"{cat_text!r} names {len(several)} aid categories: "
                                                            + ", ".join(AID_CATEGORIES[a][0] for a in several)),
                               said("每行一个类别：请按类别每类写一行，各写各的金额",
                                    "one category a row: write the payment as a row per category, each with its own amount"))
                elif account is None:
                    categories = [(zh, a.rsplit(':', 1)[-1]) for a, (zh, _) in AID_CATEGORIES.items() if a != GOODS_AID_ACCOUNT]
                    errors.add(row.number, "category",
                               said(f"{cat_text!r} 不是帮扶类别", f"{cat_text!r} is not an aid category") if cat_text
                               else said("类别是空的", "the category is empty"),
                               said("请写其中之一：" + "、".join(zh for zh, _ in categories),
                                    "write one of " + ", ".join(f"{zh} ({en})" for zh, en in categories)))
                amount = self.number_of(sheet, row, "amount", errors, required=True, cents=True)
                if amount is not None and not self.words_agree(sheet, row, amount, errors):
                    amount = None
                approval = self.cell(sheet, row, "approval")
                if not approval:
                    errors.add(row.number, "approval", said("审批单号是空的", "the approval number is empty"),
                               said("每笔帮扶款都要有 审批单号", "every aid payment needs its 审批单号"))
                fund = self.fund_of(sheet, row, ctx, errors, day, account) if account else None
                paid_written = self.cell(sheet, row, "paid_by").strip().lower()
                paid = word(paid_written).lower()
                if paid in ("", "代发", *BANK_WORDS):
                    source = self.options.account or ctx.default_bank_account()
                    if source is None:
                        errors.add(row.number, "paid_by", said("账中没有唯一的一个银行账户可以付款",
                                                               "the books have no single bank account to pay from"),
                                   said(f"请给出 --account {BANK_ROOT}:…，或在单元格中写账户",
                                        f"give --account {BANK_ROOT}:… or write the account in the cell"))
                elif paid in CASH_WORDS:
                    source = self.options.cash_account
                elif paid.startswith("assets:"):
                    source = self.cell(sheet, row, "paid_by")
                elif paid in WECHAT_WORDS:
                    # Why: refused, such aid was booked by hand from the bill; read from the balance,
                    # it is linked to the bill's row that paid it, whichever is imported first
                    source = self.options.wechat_account
                elif paid in ALIPAY_WORDS:
                    source = self.options.alipay_account
                else:
                    errors.add(row.number, "paid_by", said(f"{paid_written!r} 不是发放方式", f"{paid_written!r} is not a way of paying"),
                               said("请写 银行、现金、微信转账 或 支付宝转账", "write 银行, 现金, 微信转账 or 支付宝转账 (bank, cash, WeChat Pay, Alipay)"))
                    source = None
                if None in (day, case_id, account, amount, fund, source) or not approval:
                    continue
                same = paid_rows.setdefault((day, case_id, account, amount, approval, source), (sheet.title, row.number))
                if same != (sheet.title, row.number):
                    # one approval paying one case the same sum twice on one day: a row copied
                    # twice, which would book the money out twice (the donation register refuses a
                    # repeated voucher number likewise)
                    errors.add(row.number, "case", said(f"{_place_zh(*same, sheet.title)}已经在 {day} 按审批单 {approval} "
                                                        f"付给案例 {case_id} {cat_text} {amount:,.2f}",
                                                        f"{place(*same, sheet.title)} already pays case {case_id} {amount:,.2f} for {cat_text} on {day} "
                                                        f"under approval {approval}"),
                               said("如果该行录入了两次，请删除它；同一帮扶的第二次支付要有它自己的审批单号或日期",
                                    "delete the row if it was entered twice; a second payment "
                                    "of the same aid gets its own approval number or its own date"))
                    continue
                again = case_paid.setdefault((case_id, account), ((sheet.title, row.number), day, amount, approval))
                if again[0] != (sheet.title, row.number):
                    # booked (a second medical bill is aid of its own), but said: a row copied with
                    # its date changed paid the case twice without a word
                    errors.notes.append(said(f"{row_on_sheet_zh(row.number, errors.sheet)}：再次付给案例 {case_id} "
                                             f"{AID_CATEGORIES[account][0]}（{day} {amount:,.2f}，{approval}；{_place_zh(*again[0], sheet.title)}："
                                             f"{again[1]} {again[2]:,.2f}，{again[3]}）；如果该行录入了两次，请删除它",
                                             f"{row_on_sheet(row.number, errors.sheet)}: pays case {case_id} "
                                             f"{AID_CATEGORIES[account][0]} again ({amount:,.2f} on {day}, {approval}; {place(*again[0], sheet.title)}: "
                                             f"{again[2]:,.2f} on {again[1]}, {again[3]}); delete the row if it was entered twice"))
                file_out[source] = file_out.get(source, ZERO) - amount
                meta = self.meta(filepath, row, fund=fund, approval=approval, case=case_id)
                narration = self.private_note(sheet, row, errors, ctx) or f"{AID_CATEGORIES.get(account, (account,))[0]}发放"
                postings = [data.Posting(account, Amount(money(amount), "CNY"), None, None, None, None),
                            data.Posting(source, Amount(-money(amount), "CNY"), None, None, None, None)]
                rec = Record(row=row.number, date=day, amount=-amount, payer=case_id, memo=f"{account} {approval}")
                made.append((rec, data.Transaction(meta, day, flags.FLAG_OKAY, None, narration, data.EMPTY_SET, data.EMPTY_SET, postings)))
        raise_all(filepath, all_errors)
        for errors in all_errors:
            report.notes.extend(errors.notes)
        made = [pair for _, pairs in by_sheet for pair in pairs]
        sources = [p.account for _, t in made for p in t.postings if is_asset(p.account)]
        report.account = sources[0] if sources else self.options.cash_account
        report.file_in, report.file_out = {k: ZERO for k in file_out}, file_out
        for sheet, pairs in by_sheet:
            assign_fingerprints([r for r, _ in pairs], "roster")
            self.older_ids(sheet, pairs, "roster", lambda old, rec, sheet=sheet: {
                "memo": f"{rec.memo.split(' ', 1)[0]} {self.cell(sheet, old, 'approval')}"})
        refuse_shared_ids(filepath, by_sheet)
        mark_sheets(by_sheet)
        for rec, txn in made:
            txn.meta["source_ref"] = rec.source_ref
            _also_known_as_paid(rec, txn)  # the payment as the books know it from this roster saved otherwise
        return self.open_online(made, ctx, filepath, by_sheet[0][0], report) + [t for _, t in made]


class GoodsRegisterImporter(RegisterImporter):
    """Imports the goods register: goods given out from stock, counted in their own units."""
    kind = "goods"
    register = GOODS
    TOTALLED = ("quantity",)

    def aid_to_the_fen(self, made: list, existing: list) -> list:
        """The hand-outs with their aid written to the fen where their value at the stock's cost
        is not whole fen (2.345 kg at 5.60, 13.132: written 13.13), taken from the lots in the
        order the books book them (by day); the others left for beancount to fill in."""
        lots = stock_lots(existing, self.options.goods_account)
        out = list(made)
        for i in sorted(range(len(made)), key=lambda i: made[i][1].date):
            rec, txn = made[i]
            goods = txn.postings[0]
            value = take_value(lots.setdefault(goods.units.currency, []), -goods.units.number)
            if value is not None and value != money(value):
                out[i] = (rec, txn._replace(postings=[goods, txn.postings[1]._replace(units=Amount(money(value), "CNY"))]))
        return out

    def account(self, filepath: str) -> str:
        """The goods account (stock), from the import options."""
        return self.options.goods_account

    def _check_stock(self, existing: list, handed: list, errors: RowErrors | SheetsErrors) -> None:
        """A problem for each row handing out more than the books hold on its day: the stock
        of that day (goods received that day included), less what the rows before it (by day)
        hand out, and never more than the books' own later hand-outs leave to spare.

        Why: the check was against the stock at the books' end, so goods handed out before
        they came in were proposed, and `--write` refused with beancount's "Too many missing
        numbers for currency group 'CNY'", nothing to act on."""
        wanted = {code for _, _, code, _ in handed}
        moves: dict[str, dict[datetime.date, Decimal]] = {}
        after = _sorts_after_inbox(self.options.root)
        #: goods received on a day by an entry beancount books after the hand-outs written to
        #: the inbox that day: (item, day) -> [quantity, the first such entry's file and line]
        late: dict[tuple[str, datetime.date], list] = {}
        for e in existing:
            if isinstance(e, data.Transaction):
                for p in e.postings:
                    if (p.account == self.options.goods_account and p.units is not None
                            and p.units.currency in wanted and isinstance(p.units.number, Decimal)):
                        days = moves.setdefault(p.units.currency, {})
                        days[e.date] = days.get(e.date, ZERO) + p.units.number
                        where = after(e) if p.units.number > 0 else None
                        if where:
                            got = late.setdefault((p.units.currency, e.date), [ZERO, where])
                            got[0] += p.units.number
        for code in sorted(wanted):
            days = sorted(moves.get(code, {}).items())
            dates = [d for d, _ in days]
            running, held = ZERO, []
            for _, change in days:
                running += change
                held.append(running)
            lowest_after = held[:]  # the lowest stock from each day on
            for i in range(len(held) - 2, -1, -1):
                lowest_after[i] = min(held[i], lowest_after[i + 1])
            taken = ZERO
            for day, row, _, quantity in sorted((h for h in handed if h[2] == code), key=lambda h: (h[0], h[1])):
                i = bisect.bisect_right(dates, day) - 1
                that_day = (held[i] if i >= 0 else ZERO) - taken
                spare = min(that_day, lowest_after[i + 1] - taken if i + 1 < len(held) else that_day)
                received, where = late.get((code, day), (ZERO, ""))
                if received and that_day - received < quantity <= spare:
                    # Why: the day's stock counted a receipt on line 120 of txns/2026.beancount, which
                    # beancount books after a hand-out on line 10 of the inbox: --write was refused
                    # with "Failed to categorize posting 1"
                    errors.add(row, "quantity", said(f"{day} 发出的 {quantity} {code} 需要当天收到的 {received} {code}（{where}），"
                                                     f"而 beancount 把那笔收到记在这次发放之后：它按行号顺序记同一天的分录，"
                                                     f"不论在哪个文件里，而发放写在 {INBOX_FILE} 的末尾；"
                                                     f"在它之前库存只有 {max(that_day - received, ZERO)} {code}",
                                                     f"{quantity} {code} handed out on {day} need the {received} {code} received "
                                                     f"that day ({where}), which beancount books after this hand-out: it books a day's entries in "
                                                     f"the order of their line numbers, whichever file holds them, and the hand-out is written "
                                                     f"to the end of {INBOX_FILE}; before it only {max(that_day - received, ZERO)} {code} are in stock"),
                               said(f"请把那笔收到的分录从 {where.rsplit(' line ', 1)[0]} 移到 {INBOX_FILE} 的末尾（剪切后粘贴），"
                                    "然后再导入登记表",
                                    f"move that receipt's entry from {where.rsplit(' line ', 1)[0]} to the end of {INBOX_FILE} "
                                    "(cut and paste it), then import the register again"))
                elif quantity <= spare:
                    taken += quantity
                elif quantity <= that_day:
                    short = next(dates[j] for j in range(i + 1, len(held)) if held[j] - taken < quantity)
                    errors.add(row, "quantity", said(f"{day} 发出 {quantity} {code} 后，账中 {code} 在 {short} 再发放时会不够："
                                                     f"{day} 库存的 {that_day} 中只能发出 {max(spare, ZERO)}",
                                                     f"{quantity} {code} handed out on {day} leaves the books short of {code} on "
                                                     f"{short}, when they hand out more: only {max(spare, ZERO)} of the {that_day} in stock on "
                                                     f"{day} can go"),
                               said("请先记收到的物资（捐赠登记表），或改正数量",
                                    "record the goods received first (donation register), or correct the quantity"))
                else:
                    errors.add(row, "quantity", said(f"{day} 库存只有 {max(that_day, ZERO)} {code}，却发出了 {quantity}",
                                                     f"only {max(that_day, ZERO)} {code} in stock on {day}, {quantity} handed out"),
                               said("请先记收到的物资（捐赠登记表，日期写收到的那一天），或改正数量或日期",
                                    "record the goods received first (donation register, dated the day they came in), "
                                    "or correct the quantity or the date"))

    def make_entries(self, parsed: Sheet | Workbook, ctx: BooksContext, existing: list, filepath: str, report: Report) -> list:
        """The register's rows as goods given out, a row that hands out more than the books hold in stock is a problem."""
        names = _commodity_names(existing)
        units = commodity_units(existing)
        # (day, (sheet, row), item, quantity), for the stock: checked once over a workbook's
        # month sheets, in date order (goods handed out in 1月 are not in stock in 2月)
        handed: list[tuple[datetime.date, tuple[int, int], str, Decimal]] = []
        file_out: dict[str, Decimal] = {}
        by_sheet: list[tuple[Sheet, list]] = []
        all_errors: list[RowErrors] = []
        for index, sheet, errors, made, rows in self.each_sheet(parsed, filepath, report, all_errors, by_sheet):
            for row in rows:
                day = self.date_of(sheet, row, errors)
                case_id = self.case_of(sheet, row, ctx, errors, day)
                item = self.cell(sheet, row, "item")
                code = item_code(item, names)
                if code is None:
                    like = _items_like(item, names) if item else ""
                    errors.add(row.number, "item", said(f"物资 {item!r} 没有在账中登记", f"goods item {item!r} is not declared in the books")
                               if item else said("物资是空的", "the goods item is empty"),
                               said(f"账中有 {like}：请在 物资 中写它的编码或名称", f"the books have {like}: write its code or its name in 物资")
                               if like else said("请用收到物资时的商品编码（例如 RICE）", "use the commodity code of goods received (e.g. RICE)"))
                quantity = self.quantity_of(sheet, row, errors, code, units, required=True)
                approval = self.cell(sheet, row, "approval")
                if not approval:
                    errors.add(row.number, "approval", said("审批单号是空的", "the approval number is empty"),
                               said("每次发放都要有 审批单号", "every handout needs its 审批单号"))
                fund = self.fund_of(sheet, row, ctx, errors, day, GOODS_AID_ACCOUNT)
                if code and quantity is not None and day is not None:
                    handed.append((day, (index, row.number), code, quantity))
                if None in (day, case_id, code, quantity, fund) or not approval:
                    continue
                key = f"{self.options.goods_account} {code}"  # counted per item: the register states no value
                file_out[key] = file_out.get(key, ZERO) - quantity
                meta = self.meta(filepath, row, fund=fund, approval=approval, case=case_id)
                cost = CostSpec(MISSING, None, MISSING, None, None, False)
                postings = [data.Posting(self.options.goods_account, Amount(-quantity, code), cost, None, None, None),
                            data.Posting(GOODS_AID_ACCOUNT, None, None, None, None, None)]
                narration = self.private_note(sheet, row, errors, ctx) or "物资发放"
                rec = Record(row=row.number, date=day, amount=-quantity, payer=case_id, memo=f"{code} {approval}")
                made.append((rec, data.Transaction(meta, day, flags.FLAG_OKAY, None, narration, data.EMPTY_SET, data.EMPTY_SET, postings)))
        self._check_stock(existing, handed, SheetsErrors(all_errors))
        raise_all(filepath, all_errors)
        for errors in all_errors:
            report.notes.extend(errors.notes)
        report.account = self.options.goods_account
        report.file_in, report.file_out = {k: ZERO for k in file_out}, file_out
        for sheet, pairs in by_sheet:
            assign_fingerprints([r for r, _ in pairs], "goods")
            self.older_ids(sheet, pairs, "goods", lambda old, rec, sheet=sheet: {
                "memo": f"{rec.memo.split(' ', 1)[0]} {self.cell(sheet, old, 'approval')}"})
        refuse_shared_ids(filepath, by_sheet)
        mark_sheets(by_sheet)
        made = self.aid_to_the_fen([pair for _, pairs in by_sheet for pair in pairs], existing)
        for rec, txn in made:
            txn.meta["source_ref"] = rec.source_ref
            _also_known_as_paid(rec, txn)  # the hand-out as the books know it from this register saved otherwise
        return [t for _, t in made]


#: where `relief import --write` appends the entries (importers/run.py INBOX)
INBOX_FILE = "inbox.beancount"


def _sorts_after_inbox(root: Path | None):
    """A function of an entry: its `file line N` (relative to the books) when beancount books it,
    on its day, after entries appended now to the inbox, else "".

    beancount sorts a day's entries by their line number, whichever file holds them: an entry
    outside the inbox on a line beyond the inbox's last comes after anything appended to it."""
    inbox = root / INBOX_FILE if root is not None else None
    if inbox is None or not inbox.is_file():
        return lambda entry: ""
    names = {str(inbox), str(inbox.resolve())}
    with inbox.open("rb") as fh:
        lines = sum(1 for _ in fh)

    def after(entry) -> str:
        name, line = entry.meta.get("filename"), entry.meta.get("lineno")
        if not isinstance(line, int) or not name or name in names or line <= lines + 1:
            return ""
        try:
            shown = Path(name).resolve().relative_to(root.resolve()).as_posix()
        except ValueError:
            shown = name
        return f"{shown} line {line}"
    return after


def _also_known_as_paid(rec: Record, txn: data.Transaction) -> None:
    """Look for an aid payment or goods hand-out also by what it gives (importers.dedupe.aid_payment_key),
    besides the ids older relief versions gave its row: the books may hold it from the file as
    saved before Excel wrote 审批单号 0034 as 34."""
    legacy = rec.legacy_ref if isinstance(rec.legacy_ref, tuple) else (rec.legacy_ref,) if rec.legacy_ref else ()
    payment = aid_payment_key(txn)
    legacy = (*legacy, payment) if payment else legacy
    if legacy:
        txn.meta[LEGACY_REF] = legacy if len(legacy) > 1 else legacy[0]
