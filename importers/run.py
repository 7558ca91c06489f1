"""`relief import`: identify each file, extract, de-duplicate, show, and write safely.

The dry run (the default) prints the new entries with beancount's printer, the rows that
were skipped and why (with their amounts), and a count per file. For a file whose importer
measures its own movement (Report.file_in / file_out) it prints, per account, the file's
money in, out and net beside the proposed entries, the entries already in the books and
the skipped rows: they must add up, or the dry run says ERROR (docs/importing.md, "Money is
conserved"). A measured key is a books account (goods on it valued at their cost) or
"ACCOUNT COMMODITY" (goods counted per item, printed as a `goods` line). `--write` then:

1. refuses if the books already fail their checks (an import must leave them passing), or
   if a file's money does not add up;
2. copies each source file under documents/<account path>/ and adds a `document` entry;
3. appends the entries to inbox.beancount through a temporary file and an atomic rename;
4. loads the books again and runs every check; if anything fails, restores inbox.beancount
   and removes the copied files, so nothing at all is written.
"""

from __future__ import annotations

import bisect
import datetime
import errno
import functools
import hashlib
import io
import os
import re
import runpy
import unicodedata
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

from beancount.core import data
from beancount.parser import printer

from importers.bank_names import TitledBank, titled_bank
from importers.base import ReliefImporter, Report
from importers.dedupe import DUPLICATE, LINK_FUNDING, LINK_GIFT, LINKED
from importers.errors import ImportProblem, Said, entry_row, entry_row_zh, said, zh_of
from importers.profiles import PLATFORM_STATEMENTS, draft_hint, fold_header, joined, with_draft
from importers.reading import read_table
from importers.unchecked import checked, mark_unchecked
from importers.values import is_garbled_name
from ledger.accounts import ONLINE_ROOT, OPENING_BALANCES_ACCOUNT, is_asset, is_online
from ledger.books import Books, load_books
from ledger.closes.digest import is_close
from ledger.closes.records import parse_closes
from ledger.collector import cyclic_gc_paused
from ledger.errors import ReliefError, bilingual, counted, format_error, location
from ledger.files import appended, atomic_copy, atomic_write_bytes, read_only_file, sweep_temporaries, through_links
from ledger.interrupts import interrupts_held
from ledger.period import books_today

INBOX = "inbox.beancount"
CONFIG = "import_config.py"


class ImportFailed(ReliefError):
    """The import cannot go on (message says why and what to do)."""


@dataclass
class FileResult:
    """One file of an import: the importer that took it, its entries and report, or the problem that stopped it."""
    path: Path
    importer: ReliefImporter | None = None
    account: str = ""
    entries: list = field(default_factory=list)
    report: Report = field(default_factory=Report)
    problem: ImportProblem | None = None

    @property
    def new(self) -> list:
        """The entries to write: not already in the books."""
        return [e for e in self.entries if not e.meta.get(DUPLICATE)]

    @property
    def duplicates(self) -> list:
        """Entries already in the books (shown, not written)."""
        return [e for e in self.entries if e.meta.get(DUPLICATE) and not e.meta.get(LINKED)]

    @property
    def linked(self) -> list:
        """Entries that are one already in the books seen from another file (aid, funding, gift links), not written again."""
        return [e for e in self.entries if e.meta.get(LINKED)]

    @functools.cached_property
    def money(self) -> list[AccountMoney]:
        """The file's own movement beside where it went, per account (empty when not measured)."""
        return conservation(self)

    @property
    def conserved(self) -> bool:
        """Whether every yuan the file moves is accounted for (new, already there, or skipped with a reason)."""
        return all(m.ok for m in self.money)


ZERO = Decimal(0)


@dataclass
class AccountMoney:
    """One account of one file: the file's own movement and where every yuan of it went.

    file net = proposed + already in the books (duplicates and links) + skipped; a file
    whose money does not add up is an error in the dry run and cannot be written.
    """

    account: str
    file_in: Decimal
    file_out: Decimal
    proposed: Decimal
    already: Decimal
    skipped: Decimal
    #: rows skipped whose money is unknown (Skipped.unknown): said beside the skipped total
    unknown: int = 0

    @property
    def file_net(self) -> Decimal:
        """What the file itself moves on the account (in plus out)."""
        return self.file_in + self.file_out

    @property
    def net_kept(self) -> Decimal:
        """What the file moves on the account less its rows skipped (a row the export wrote
        twice, one that moved no money): the net the books take of it, which `relief
        reconcile` checks a platform balance against (`statement_net`).

        Why: the file's whole net counted a WeChat Pay row the export wrote twice, skipped
        once, twice: the month failed by its amount with "find the missing or wrong entry"."""
        return self.file_net - self.skipped

    @property
    def accounted(self) -> Decimal:
        """Where the money went: proposed entries, entries already in the books, rows skipped."""
        return self.proposed + self.already + self.skipped

    @property
    def difference(self) -> Decimal:
        """Money the file moves that is not accounted for (zero when conserved)."""
        return self.accounted - self.file_net

    @property
    def ok(self) -> bool:
        """Whether every yuan is accounted for."""
        return self.difference == 0


def _moved(entries: list, key: str) -> Decimal:
    """The entries' movement on a measured key: an account (its units; a posting held at a
    known cost counts at that cost, so goods count by their value) or "ACCOUNT COMMODITY"
    (that commodity's units only: goods counted as the file counts them)."""
    account, _, commodity = key.partition(" ")
    total = ZERO
    for e in entries:
        if isinstance(e, data.Transaction):
            for p in e.postings:
                if p.account != account or p.units is None or not isinstance(p.units.number, Decimal):
                    continue
                if commodity:
                    if p.units.currency == commodity:
                        total += p.units.number
                    continue
                per = getattr(p.cost, "number", None) if p.cost is not None else None
                if per is None and p.cost is not None:
                    per = getattr(p.cost, "number_per", None)
                total += p.units.number * per if isinstance(per, Decimal) else p.units.number
    return total


def conservation(result: FileResult) -> list[AccountMoney]:
    """Per account the file measures (Report.file_in / file_out): does its money add up?"""
    report = result.report
    if report.file_in is None and report.file_out is None:
        return []
    file_in, file_out = report.file_in or {}, report.file_out or {}
    own = report.account or result.account
    new = result.new
    already = [e for e in result.entries if e.meta.get(DUPLICATE)]
    out = []
    for account in sorted(set(file_in) | set(file_out)):
        skipped = sum((s.amount for s in report.skipped
                       if s.amount is not None and (s.account or own) == account), ZERO)
        unknown = sum(1 for s in report.skipped if s.unknown and (s.account or own) == account)
        out.append(AccountMoney(account, file_in.get(account, ZERO), file_out.get(account, ZERO),
                                _moved(new, account), _moved(already, account), skipped, unknown))
    return out


def _money_lines(result: FileResult, run_files: frozenset[str] = frozenset()) -> list[str]:
    lines = []
    earlier = [e for e in result.entries if _read_in_this_run(e, run_files)]
    for m in result.money:
        goods = " " in m.account  # "ACCOUNT COMMODITY": a count of goods, not money

        def f(x: Decimal) -> str:
            return f"{x.normalize():+,f}" if goods else f"{x:+,.2f}"  # noqa: B023 (called in this iteration only)

        run = _moved(earlier, m.account)
        already = (f"already in the books {f(m.already - run)} + already read in this run {f(run)}" if run
                   else f"already in the books {f(m.already)}")
        already_zh = (f"已在账中 {f(m.already - run)} + 本次已从前面的文件读到 {f(run)}" if run
                      else f"已在账中 {f(m.already)}")
        zh = (f"{'物资' if goods else '金额'} {m.account}：文件收入 {f(m.file_in)}，支出 {f(m.file_out)}，"
              f"净额 {f(m.file_net)} = 拟记入 {f(m.proposed)} + {already_zh} + 跳过 {f(m.skipped)}")
        en = (f"{'goods' if goods else 'money'} {m.account}: file in {f(m.file_in)}, out {f(m.file_out)}, "
              f"net {f(m.file_net)} = proposed {f(m.proposed)} + {already} + skipped {f(m.skipped)}")
        if m.unknown:
            # Why: a row whose money the file does not show was in "skipped +0.00" as if it
            # moved nothing; the line says the file's own figures leave it out
            zh += f"（另有 {m.unknown} 行资金不明，不在以上数字中，见上面的跳过行）"
            en += (f" (and {m.unknown} row{'s' if m.unknown > 1 else ''} whose money is unknown, "
                   "in none of these figures: see the skipped rows above)")
        lines.append(";; " + bilingual(zh, en))
        if not m.ok:
            lines.append(";; " + bilingual(
                f"错误：{m.account} 的金额不守恒：文件变动 {f(m.file_net)}，但拟记入、已在账中和跳过的行合计 {f(m.accounted)}"
                f"（差额 {f(m.difference)}）；不能写入：这是导入程序的错误，请连同文件一起报告",
                f"ERROR money not conserved on {m.account}: the file moves {f(m.file_net)} but the proposed, "
                f"already-booked and skipped rows add up to {f(m.accounted)} (difference {f(m.difference)}); "
                "nothing can be written: this is a fault of the importer, report it with the file"))
    return lines


def config_exited(path: Path, exc: SystemExit) -> str:
    """The message for an import config that called sys.exit() while it was read (by relief
    import, or by Fava as `relief serve` loads the books)."""
    return f"{path}: " + bilingual(
        f"读取导入配置时，它结束了程序（sys.exit({exc.code!r})）；导入配置只需定义 CONFIG：请删除这个调用（docs/importing.md）",
        f"the import config stopped the program (sys.exit({exc.code!r})) while it was read; an import config "
        "only defines CONFIG: remove the call (docs/importing.md)")


def _config_line(path: Path, exc: BaseException) -> int | None:
    """The line of the import config `path` where `exc` arose (the deepest in that file, as
    a traceback shows it last), or None when the config's own code is not on its way."""
    where = os.path.abspath(path)
    if isinstance(exc, SyntaxError) and exc.filename and os.path.abspath(exc.filename) == where and exc.lineno:
        return exc.lineno
    line = None
    tb = exc.__traceback__
    while tb is not None:
        if os.path.abspath(tb.tb_frame.f_code.co_filename) == where:
            line = tb.tb_lineno
        tb = tb.tb_next
    return line


def load_importers(books_root: Path) -> list[ReliefImporter]:
    """The CONFIG list of the books' import_config.py (the same one Fava runs)."""
    path = books_root / CONFIG
    if not path.is_file():
        from importers.config import importers_for_books

        return importers_for_books(path)
    try:
        module = runpy.run_path(str(path))
    except SystemExit as exc:  # a script pasted in, a __main__ block: the command ended without a word
        raise ImportFailed(config_exited(path, exc)) from None
    except Exception as exc:  # the user's own import_config.py: whatever it raises is the user's to fix
        if isinstance(exc, PermissionError) and exc.filename is not None and Path(exc.filename) == path:
            # the file itself (chmod 000, a copy made by another user), not the code in it
            raise ImportFailed(f"{path}: " + bilingual(
                f"你无权读取导入配置（Permission denied），所以什么也没有导入；请让它可读（`chmod u+r {path}`，"
                "或请它的所有者处理）后再运行",
                f"the import config may not be read by you (Permission denied), so nothing was "
                f"imported; make it readable (`chmod u+r {path}`, or ask whoever owns it) and run it again")) from None
        # Why: said in English only, and with no line of the file when the fault arose as it ran
        line = _config_line(path, exc)
        raise ImportFailed(f"{path}{f':{line}' if line else ''}: " + bilingual(
            f"导入配置运行出错（{type(exc).__name__}: {exc}），什么也没有导入：请改正它（docs/importing.md）",
            f"the import config does not run ({type(exc).__name__}: {exc}); fix it (docs/importing.md)")) from None
    config = module.get("CONFIG")
    if not isinstance(config, (list, tuple)) or not config:
        raise ImportFailed(f"{path}: " + bilingual("没有定义 CONFIG（导入程序的列表）；见 docs/importing.md",
                                                   "defines no CONFIG list of importers; see docs/importing.md"))
    for number, item in enumerate(config, start=1):
        # Why: CONFIG = [None] (or a profile dict put in CONFIG instead of in profiles=[…])
        # failed on the first file as relief's internal error, not as a fault of the config
        if not all(callable(getattr(item, name, None))
                   for name in ("identify", "extract", "account")):
            raise ImportFailed(f"{path}: " + bilingual(
                f"CONFIG 的第 {number} 项是 {type(item).__name__} {str(item)[:60]!r}，不是导入程序；请用 "
                "importers_for_books(__file__, profiles=[…]) 建立 CONFIG（docs/importing.md，“Bank profiles”一节）",
                f"item {number} of CONFIG is {type(item).__name__} "
                f"{str(item)[:60]!r}, not an importer; build CONFIG with "
                "importers_for_books(__file__, profiles=[…]) "
                "(docs/importing.md, \"Bank profiles\")"))
    return list(config)


def _english_bill(table) -> str:
    """"WeChat Pay" or "Alipay" when the file reads like that bill in English (the apps export
    in their display language: "WeChat Pay" in the title, Counterparty and Amount columns);
    the bill importers know the Chinese headers."""
    text = " ".join(" ".join(r.cells) for sheet in table.sheets for r in sheet.rows[:30]).lower()
    if "counterparty" not in text or "amount" not in text:
        return ""
    return "WeChat Pay" if "wechat" in text else "Alipay" if "alipay" in text else ""


#: The downloads of WeChat Pay's merchant platform (商户平台) and of an Alipay business account
#: (企业 / 商家), known by the header texts that mark them: (marks, what the file is, whether it
#: holds the account's own money (a statement a profile reads) or orders (to be left aside))
MERCHANT_DOWNLOADS = (
    (("公众账号ID", "微信订单号", "商户订单号"), said("微信支付商户平台的交易账单", "a WeChat Pay merchant-platform trade bill (交易账单)"), False),
    *((marks, what, True) for marks, what in PLATFORM_STATEMENTS),
    (("支付宝交易号", "商家实收(元)"), said("支付宝商家业务明细（它的订单）", "an Alipay merchant 业务明细 (its orders)"), False),
)


def _merchant_download(table) -> tuple[str, bool, int] | None:
    """(what the file is, whether it is a statement of the account's money, header row) for a
    WeChat Pay merchant-platform or Alipay business-account download, which the bill importers
    do not read (they read the app's 微信支付账单 / 支付宝交易明细); None for any other file.
    Why: named as "no known layout" with the nearest bank's columns, the finance officer was sent
    to write a bank profile for a file whose right way in (or out) the docs give."""
    for sheet in table.sheets:
        for row in sheet.rows[:60]:
            folded = {fold_header(c) for c in row.cells if c}
            for marks, what, statement in MERCHANT_DOWNLOADS:
                if all(fold_header(m) in folded for m in marks):
                    return what, statement, row.number
    return None


def _profile_short_of(importers: list, path: Path, what: str) -> ImportProblem | None:
    """The refusal of a file (`what` it is) whose header row a profile of the books' own finds
    but which lacks columns that profile names: naming the profile, those columns and how to let
    it do without them; None when no profile of the books' finds its header. Why: a 账务明细
    lacking 对方账号, with the profile docs/importing.md gives in import_config.py, was told to
    add that profile to import_config.py."""
    from importers.bank_layout import missing_columns

    for imp in importers:
        profile = getattr(imp, "profile", None)
        locate = getattr(imp, "_locate", None)
        if profile is None or profile.optional is None or locate is None:
            continue  # a built-in layout, or no bank importer
        try:
            located = locate(str(path))
        except ImportProblem:
            continue
        missing = missing_columns(profile, located[1]) if located is not None else []
        if not missing:
            continue
        header = located[1]
        keys = ", ".join(dict.fromkeys(f'"{m[m.rindex("(") + 1:-1]}"' for m in missing))
        shown = ", ".join(c for c in header.cells if c)
        return ImportProblem(
            path, said(f"这是{zh_of(what) or what}，import_config.py 中的 profile {profile.id}（{profile.name}）列出的列 "
                       f"{'; '.join(missing)} 在它的表头行中没有（表头行有：{shown}）",
                       f"this is {what}, and the profile {profile.id} ({profile.name}) in import_config.py names the column(s) "
                       f"{'; '.join(missing)}, which its header row does not have (it has: {shown})"), row=header.number,
            hint=said(f"这种导出文件没有这些列：让 profile 不要求它们，在其中加上 \"optional\": [{keys}]，或改正列名"
                      "（docs/importing.md，\"Merchant accounts\"）",
                      f"this export lacks them: let the profile do without them, adding \"optional\": [{keys}] to it, or correct "
                      "their names (docs/importing.md, \"Merchant accounts\")"))
    return None


def _wecom_collections(table) -> int | None:
    """The header row (else the title's) of a WeCom (企业微信) 对外收款 record, known by its title
    in a line holding no amount; None for any other file. Why: it was "unknown format … describe
    this layout as a profile", and a profile for it beside the merchant account's fund bill,
    where the same money is, booked every gift twice."""
    rows = [r for sheet in table.sheets for r in sheet.rows[:20]]
    title = next((r for r in rows if "企业微信" in r.text and "收款" in r.text and not _holds_amounts(r.cells)), None)
    if title is None:
        return None
    header = next((r for r in rows if r.number > title.number and sum(1 for c in r.cells if c) >= 3
                   and not _holds_amounts(r.cells)), None)
    return (header or title).number


#: The bills of payment platforms relief has no built-in layout for, known by their header
#: row's marks or by the words of their preamble: (header marks, preamble words, what the file is)
#: Why: the JD bill (交易时间, 收/支, 金额, 交易状态, 交易订单号) was named "looks like Alipay
#: bill, but 交易对方; 商品说明 are missing: export the file again with all its columns", and
#: the Meituan bill got WeChat Pay's columns as the nearest: neither export has them. A 云闪付
#: bill (交易时间, 交易类型, 交易对方, 收/支, 金额(元), 交易状态, 订单号) was "looks like WeChat Pay
#: bill, but 交易单号 is missing: export the file again with all its columns", sending the
#: finance officer back to an app it never came from; known by its title (no header marks:
#: its columns vary), in a line that holds no amount (a statement's memo 云闪付收款 is not it)
OTHER_PLATFORMS = (
    (("商户名称", "交易说明", "收/付款方式", "交易订单号"), ("京东账号名", "京东交易流水"),
     said("京东账单（京东交易流水）", "a JD (京东) bill (京东交易流水)")),
    (("交易创建时间", "订单标题", "订单金额", "实付金额"), ("美团用户名", "美团交易账单"),
     said("美团账单", "a Meituan (美团) bill (美团账单)")),
    ((), ("云闪付",), said("云闪付账单", "a UnionPay (云闪付) bill")),
    # Why: a 拼多多 order list (订单编号, 订单金额, 店铺, 订单状态, 支付方式 微信支付 / 支付宝) was "unknown
    # format … describe this layout as a profile": booked so, every order paid through WeChat Pay
    # or Alipay counted again beside that bill. Known by its header only (拼多多 is a shop's name
    # in many a bill's rows)
    (("订单编号", "订单金额", "店铺", "订单状态", "支付方式"), (), said("拼多多订单列表", "a Pinduoduo (拼多多) order list (拼多多订单)")),
)
OTHER_PLATFORMS_SECTION = 'docs/importing.md, "Other payment platforms"'


def _other_platform(table) -> tuple[str, int | None] | None:
    """(what the file is, its header row) for the bill of a payment platform relief has no
    built-in layout for (JD, Meituan): by its header row, else by its preamble's words."""
    rows = [r for sheet in table.sheets for r in sheet.rows[:60]]
    for marks, words, what in OTHER_PLATFORMS:
        wanted = {fold_header(m) for m in marks}
        header = next((r for r in rows if wanted and wanted <= {fold_header(c) for c in r.cells if c}), None)
        if header is not None or any(w in r.text for r in rows[:20] if not _holds_amounts(r.cells) for w in words):
            return what, header.number if header is not None else None
    return None


#: How a refusal of an unknown layout points to a profile of the books' own
PROFILE_HINT = said('请在 import_config.py 中把这种格式写成一个 profile（docs/importing.md，"Bank profiles"）',
                    'describe this layout as a profile in import_config.py (docs/importing.md, "Bank profiles")')


def diagnose(importers: list, path: Path) -> ImportProblem:
    """Why no importer took a file: unreadable, another bank's by its title, or which known
    layout it comes nearest to and which of that layout's header texts the file lacks (or has
    that mark another layout)."""
    try:
        table = read_table(path)
    except ImportProblem as problem:
        return problem
    problem = _diagnose(importers, path, table)
    if not problem.what.startswith("unknown format: ") or not table.sheets:
        return problem
    header = problem.row or 0
    sheet = next((s for s in table.sheets if any(r.number == header for r in s.rows)), table.sheets[0])
    titled = titled_bank([r for r in sheet.rows if not header or r.number < header])
    if titled is None:
        return problem
    cells = next((r.cells for r in sheet.rows if header and r.number == header), ())
    return _titled_problem(importers, path, problem, titled, cells)


def _titled_problem(importers: list, path: Path, problem: ImportProblem, titled: TitledBank,
                    cells=()) -> ImportProblem:
    """The refusal of a file whose title names its bank: that bank named, and the layouts relief
    has for it (if any), instead of advice to export the file again with all its columns.

    Why: an unknown file was described by its columns only, the nearest layout another bank's,
    while its first line said whose statement it was (importers/bank_names.py)."""
    known = [imp.profile.name for imp in importers if getattr(imp, "profile", None) is not None
             and (titled.bank and imp.profile.bank == titled.bank or titled.name in imp.profile.name)]
    columns = problem.what.removeprefix("unknown format: ")
    # the diagnosis's own Chinese: every "unknown format" refusal of _diagnose is a Said
    # (tests/importers/test_bank_refusals_chinese.py holds them so)
    columns_zh = (zh_of(problem.what) or columns).removeprefix("格式不明：")
    where_zh = f"标题（第 {titled.row} 行：{titled.text[:60]}）"
    if known:
        what = said(f"格式不明：按{where_zh}，这是{titled.name}的对账单，但不是 relief 为{titled.name}准备的格式"
                    f"（{'、'.join(dict.fromkeys(known))}）：{columns_zh}",
                    f"unknown format: this is a {titled.name} statement by {titled.where()}, but not of the layout(s) relief "
                    f"has for {titled.name} ({', '.join(dict.fromkeys(known))}): {columns}")
    else:
        what = said(f"格式不明：按{where_zh}，这是{titled.name}的对账单，relief 没有{titled.name}的格式：{columns_zh}",
                    f"unknown format: this is a {titled.name} statement by {titled.where()}, and relief has no layout for {titled.name}: {columns}")
    # a profile read from the header row named (兴业银行's 交易明细 'looked like' CCB's .xls,
    # lacking its 交易日期, and was offered none)
    draft = (problem.hint[problem.hint.index("; read from its header row"):] if "; read from its header row" in problem.hint
             else draft_hint(cells))
    hint_zh = zh_of(problem.hint) or ""
    if draft and "；按它的表头行" in hint_zh:  # the draft's Chinese, cut from the hint as its English is
        draft = said(hint_zh[hint_zh.index("；按它的表头行"):], draft)
    return ImportProblem(path, what, row=problem.row or titled.row, hint=joined(PROFILE_HINT, draft))


#: a line of beancount: a dated directive, or an option / include / plugin line
_BEANCOUNT_LINE = re.compile(r'^(?:\d{4}-\d{2}-\d{2}\s+(?:[*!]|txn|open|close|balance|pad|custom|note|document|price|event|commodity)(?=\s|$)'
                             r'|(?:option|include|plugin)\s+")')


def _damaged_row(table):
    """The first of a file's first rows holding text an encoding damaged (ä¸­ for 中, U+FFFD,
    中??行 from a save as Big5), or None: a file no layout knows because its words are gone
    needs its download again, not a profile."""
    for row in (r for sheet in table.sheets for r in sheet.rows[:40] if not r.blank):
        if any(cell and is_garbled_name(cell) for cell in row.cells):
            return row
    return None


def _books_text(path: Path, first) -> bool:
    """Whether the file is beancount text rather than an export. Why: a .beancount file of
    entries written by hand, given to import, was told to be exported again with all its
    columns or described as a bank profile."""
    if path.suffix.lower() in (".beancount", ".bean"):
        return True
    return first is not None and bool(_BEANCOUNT_LINE.match(",".join(first.cells).strip()))


def _diagnose(importers: list, path: Path, table) -> ImportProblem:
    best = None  # (score, have, importer, missing, row, extra)
    for imp in importers:
        wanted = _wanted_headers(imp)
        if not wanted:
            continue
        profile = getattr(imp, "profile", None)
        for sheet in table.sheets:
            for row in sheet.rows[:60]:
                folded = {fold_header(c) for c in row.cells if c}
                if not folded or _holds_amounts(row.cells):
                    continue
                have = [w for w in wanted if any(fold_header(a) in folded for a in w)]
                if len(have) < 2 and len(wanted) > 1 or not have:
                    continue
                extra = [h for h in (profile.not_header if profile is not None else ()) if fold_header(h) in folded]
                score = (len(have), len(have) / len(wanted))
                if best is None or score > best[0]:
                    best = (score, have, imp, [" or ".join(w) for w in wanted if w not in have], row.number, extra,
                            _known_share(profile, folded), row.cells)
    hint = said(f"请重新导出包含所有列的文件，或{PROFILE_HINT.zh}；登记表请从 `relief import --template` 开始",
                f"export the file again with all its columns, or {PROFILE_HINT}; for registers start from "
                "`relief import --template`")
    merchant = _merchant_download(table)
    if merchant is not None:
        what, statement, number = merchant
        section = 'docs/importing.md, "Merchant accounts"'
        if statement:
            short = _profile_short_of(importers, path, what)
            if short is not None:
                return short
            return ImportProblem(path, said(f"这是{zh_of(what) or what}：relief 没有它的内置格式",
                                            f"this is {what}: relief has no built-in layout for it"), row=number,
                                 hint=said(f"把 {section} 给出的 profile 加到 import_config.py，并用 --account 指明该商户账户"
                                           f"在账簿中的账户（{ONLINE_ROOT}:…）导入文件",
                                           f"add the profile {section} gives for it to import_config.py and import the file with "
                                           f"--account naming the books account of that merchant account ({ONLINE_ROOT}:…)"))
        return ImportProblem(path, said(f"这是{zh_of(what) or what}：它列的是订单，退款和手续费在同一行的其他列中，"
                                        "而不是账户上实际收付的资金，relief 不导入它",
                                        f"this is {what}: it lists orders, with their refunds and fees in columns of the same row, "
                                        "not the money that moved on the account, and relief does not import it"), row=number,
                             hint=said(f"请改为导入该账户的资金对账单（资金账单 / 账务明细），见 {section}",
                                       f"import the account's statement of money instead (the 资金账单 / 账务明细), as {section} says"))
    wecom = _wecom_collections(table)
    if wecom is not None:
        section = 'docs/importing.md, "Merchant accounts"'
        return ImportProblem(path, said("这是企业微信的对外收款记录：它列的是成员收取、进入企业绑定的微信支付商户号的款项，"
                                        "relief 不导入它",
                                        "this is a WeCom (企业微信) 对外收款 record: it lists what the members collected, paid into the "
                                        "WeChat Pay merchant account (商户号) the enterprise bound, and relief does not import it"),
                             row=wecom,
                             hint=said(f"请改为导入该商户号的资金账单，见 {section}",
                                       f"import that merchant account's 资金账单 (the statement of its money) instead, as {section} says"))
    other = _other_platform(table)
    if other is not None:
        what, number = other
        if number is None and best is not None:  # its header row, as the nearest layout found it
            number = best[4]
        return ImportProblem(
            path, said(f"格式不明：这是{zh_of(what) or what}：relief 没有它的内置 profile",
                       f"unknown format: this is {what}: relief has no built-in profile for it"), row=number,
            hint=said("其中用银行卡、微信支付或支付宝付的款，已在那张卡的对账单或那份账单中：请导入那些；"
                      f"存在平台自身余额中的钱，请在 import_config.py 中写一个 profile（{OTHER_PLATFORMS_SECTION}）",
                      "what it lists paid by a card, WeChat Pay or Alipay is in that card's statement or "
                      "that bill already: import those; for money kept on the platform's own balance, "
                      f"write a profile in import_config.py ({OTHER_PLATFORMS_SECTION})"))
    english = _english_bill(table)
    if english:
        return ImportProblem(path, said(f"这看起来是以英文导出的 {english} 账单，relief 读取的是中文账单",
                                        f"this looks like a {english} bill exported in English, and relief reads the Chinese one"),
                             hint=said(f"请把 {english} 应用的语言设为简体中文，再导出账单（列名就是 交易时间、收/支、金额 …）",
                                       f"set the {english} app's language to 简体中文 and export the bill again (its columns are then "
                                       "交易时间, 收/支, 金额 …)"))
    if best is None or best[0][0] < 2:
        for row in (r for sheet in table.sheets for r in sheet.rows[:40] if not r.blank):
            draft = draft_hint(row.cells)
            if draft:  # a header row of another bank's export (SPDB: 交易日期, 存入金额, 取出金额, 余额 …)
                listed = ", ".join(c for c in row.cells if c)[:160]
                return ImportProblem(path, Said(f"格式不明：没有哪种已知格式有这样的表头行（它是：{listed}）",
                                                f"unknown format: no known layout has this header row (it reads: {listed})"), row=row.number,
                                     hint=joined(PROFILE_HINT, draft))
        first = next((r for sheet in table.sheets for r in sheet.rows if not r.blank), None)
        if _books_text(path, first):
            return ImportProblem(path, Said("这是账簿文本（beancount 分录），不是要导入的对账单、账单或登记表",
                                            "this is books text (beancount entries), not a statement, bill or register to import"),
                                 row=first.number if first is not None else None,
                                 hint=said("手写的分录按原样进入账簿：把它们粘贴到 inbox.beancount（或在 main.beancount 中 include 这个文件），"
                                           "然后对账簿运行 `relief check`",
                                           "entries written by hand go into the books as they are: paste them into inbox.beancount "
                                           "(or include the file from main.beancount), then run `relief check` on the books"))
        damaged = _damaged_row(table)
        if damaged is not None:
            return ImportProblem(
                path, Said(f"文件的文字在到达 relief 之前已被错误的编码损坏（该行是：{', '.join(c for c in damaged.cells if c)[:120]}）："
                           "丢失的字符无法恢复",
                           "the file's text was damaged by a wrong encoding before it reached relief (its row reads: "
                           f"{', '.join(c for c in damaged.cells if c)[:120]}): the characters lost cannot be read back"),
                row=damaged.number,
                hint=said("请从银行或平台重新下载对账单，按原样导入该文件；如果必须先打开，请在电子表格程序中另存为 XLSX 或 "
                          "CSV UTF-8，不要经过设置为其他编码的文本编辑器",
                          "download the statement again from the bank or platform and import that file as it is; if it "
                          "must be opened first, save it from the spreadsheet as XLSX or CSV UTF-8, never through a text "
                          "editor set to another encoding"))
        shown = f" (its first row reads: {', '.join(c for c in first.cells if c)[:120]})" if first is not None else ""
        shown_zh = f"（第一行是：{', '.join(c for c in first.cells if c)[:120]}）" if first is not None else ""
        return ImportProblem(path, Said("格式不明：没有哪一行像导入程序认识的银行对账单、微信支付或支付宝账单、登记表的表头" + shown_zh,
                                        "unknown format: no row looks like the header of a bank statement, WeChat Pay or Alipay "
                                        f"bill, or register that the importers know{shown}"), hint=hint)
    (_, share), have, imp, missing, number, extra, known, cells = best
    title = getattr(imp, "title", "") or imp.name
    nearest = f"{title} ({imp.name})"
    if not missing and extra:
        # another bank's header with a column that tells it from that layout (华夏's 记账日期):
        # exporting it again changes nothing, a profile read from the header row does
        draft = draft_hint(cells)
        return ImportProblem(path, said(f"格式不明：表头行最接近 {nearest}，但它还有 {'、'.join(extra)}，那种格式没有这些列",
                                        f"unknown format: the header row is nearest to {nearest}, but it also has "
                                        f"{', '.join(extra)}, which that layout does not have"), row=number,
                             hint=joined(PROFILE_HINT, draft) if draft else hint)
    profile = getattr(imp, "profile", None)
    if not missing and (profile is None or profile.optional is not None):
        # a register, a bill, or a profile of the books' own that names a column the file lacks
        try:
            imp.parse(str(path))
        except ImportProblem as problem:  # the parser's own account of the file (anything else is a bug)
            return problem
    if not missing:
        profile = getattr(imp, "profile", None)
        words = ", ".join(profile.preamble) if profile is not None and profile.preamble else "what that layout needs"
        words_zh = "、".join(profile.preamble) if profile is not None and profile.preamble else "那种格式所需的内容"
        return ImportProblem(path, said(f"格式不明：表头行是 {nearest} 的，但它上面的几行缺少 {words_zh}",
                                        f"unknown format: the header row is that of {nearest}, but the lines above it lack "
                                        f"{words}"), row=number, hint=hint)
    # the file's own texts of the columns it shares (支出金额, not the layout's first name for
    # that column, 借方发生额, which the file does not have)
    found = ", ".join(next((c for c in cells if c and fold_header(c) in {fold_header(a) for a in w}), w[0]) for w in have)
    if (getattr(imp, "kind", "") in ("roster", "goods") and any(m.split(" or ")[0] == "案例编号" for m in missing)
            and any(c and re.search(r"姓名|名字|身份证|证件号", c) for c in cells)):
        # Why: a roster kept by 姓名 / 身份证号 was told to export the file again or write a bank profile
        return ImportProblem(path, said(f"这份{title}按姓名 / 身份证号记人，没有案例编号：账簿按案例编号记录帮扶，从不按姓名",
                                        f"the {title} names people by 姓名 / 身份证号 and has no 案例编号: the books keep "
                                        "aid by case id, never by name"), row=number,
                             hint=said("请加一列案例编号，写上每人的案例编号（private/cases.csv 在姓名和身份证号旁给出；"
                                       "registry/cases.beancount 列出各编号）；姓名和身份证号两列可以保留：不读取它们",
                                       "add a 案例编号 column holding each person's case id (private/cases.csv gives it beside "
                                       "their name and 身份证号; registry/cases.beancount lists the ids); the 姓名 and 身份证号 "
                                       "columns may stay: they are not read"))
    marks = getattr(imp, "profile", None) and imp.profile.header
    marks_only = bool(marks) and all(m in marks for m in missing)
    if share >= 0.5 and known >= 0.5 and not marks_only:
        # with a profile read from the header, which is perhaps another bank's (存入金额 / 支取金额
        # is nearest to SPDB's 存入金额 / 取出金额): it was offered none
        return ImportProblem(path, said(f"格式不明：看起来像 {nearest}，但表头行缺少列 {'; '.join(missing)}（它有 {found}）",
                                        f"unknown format: looks like {nearest}, but the column(s) {'; '.join(missing)} "
                                        f"are missing from the header row (it has {found})"), row=number, hint=with_draft(hint, cells))
    # The file shares only common names (交易日期, 交易金额) with the nearest layout, or lacks
    # only the header text that marks that bank's layout: another bank's or card's export,
    # which exporting again "with all its columns" would not change.
    listed = ", ".join(c for c in cells if c)[:160]
    what = (f"unknown format: no known layout has this header row (the header row reads: {listed}); the nearest, "
            f"{nearest}, has only {found} in common with it (and needs {'; '.join(missing)} too)")
    what_zh = (f"格式不明：没有哪种已知格式有这样的表头行（表头行是：{listed}）；最接近的 {nearest} 与它只有 {found} 相同"
               f"（还需要 {'; '.join(missing)}）")
    if getattr(imp, "profile", None) is None:
        return ImportProblem(path, Said(what_zh, what), row=number, hint=with_draft(hint, cells))
    return ImportProblem(path, Said(what_zh + "：它可能是别的银行或卡的导出文件",
                                    what + ": it is probably another bank's or card's export"), row=number,
                         hint=with_draft(PROFILE_HINT, cells))


#: a cell holding an amount to the fen (1,200.00, -5.00, ¥20.00): no header row has one
_AMOUNT_CELL = re.compile(r"[-+]?[¥￥]?\s*\d[\d,]*\.\d{2}")


def _holds_amounts(cells) -> bool:
    """Whether a row holds an amount to the fen in a cell of its own: a totals or data row,
    not a header. Why: 光大's footer 借方发生额 | 1,200.00 | 贷方发生额 | 20,000.00 was named
    as the header row of a file that looked like ICBC's corporate layout but lacked its date,
    and the real header row above (交易日期时间, 借/贷, 交易金额) was never offered a profile."""
    return any(_AMOUNT_CELL.fullmatch(c.strip()) for c in cells if c)


def _known_share(profile, folded: set[str]) -> float:
    """The share of a header row's texts that a bank profile names (any column, any of its
    alternatives). Why: two generic headers (交易日期, 交易金额) are in most banks' files, so
    a file sharing them with a built-in layout is not "like" it unless the layout also
    explains most of the file's other columns: a CITIC card bill is not a CCB statement
    with a column missing. 1.0 for the registers and bills (their matching is by columns)."""
    if profile is None or not folded:
        return 1.0
    names = {fold_header(a) for key in profile.columns for column in profile.alternatives(key) for a in column}
    names |= {fold_header(h) for h in profile.header}
    return len(folded & names) / len(folded)


def _wanted_headers(imp) -> list[list[str]]:
    profile = getattr(imp, "profile", None)
    if profile is not None:
        wanted = [profile.alternatives(k)[0] for k in profile.required]
        return wanted + [[h] for h in profile.header if not any(h in w for w in wanted)]
    register = getattr(imp, "register", None)
    if register is not None:
        return [list(c.names) for c in register.required]
    from importers.payments import LAYOUTS

    layouts = [layout for layout in LAYOUTS if layout.platform == getattr(imp, "platform", None)]
    return [list(layout.columns[k]) for layout in layouts[:1] for k in layout.required]


def choose_importer(importers: list, path: Path) -> ReliefImporter:
    """The first importer that identifies the file, else the ImportProblem of `diagnose` saying
    why none does.

    A register whose header holds a column no bank's export has (案例编号, 审批单号, 捐赠人)
    goes to its register importer even when a bank layout, tried first, reads it too: a
    profile of the books' own naming only 日期 and 金额 booked a roster's aid paid out as
    donations received into the bank."""
    for imp in importers:
        if imp.identify(str(path)):
            if getattr(imp, "kind", "") == "bank":
                register = next((r for r in importers if callable(getattr(r, "marked", None))
                                 and r.identify(str(path)) and r.marked(str(path))), None)
                return register or imp
            return imp
    raise diagnose(importers, path)


def extract_files(books: Books, files: list[Path], importers: list, *, account: str | None = None,
                  verify_summary: bool = True, balance: bool = True) -> list[FileResult]:
    """Extract every file in turn; each sees the books plus the files before it.

    Python's cyclic collector is kept still meanwhile (ledger/collector.py): a statement of
    100,000 rows makes millions of objects that live until the dry run is printed (cells,
    records, entries, the index of the books' ids), and the collector walked them again and
    again without finding garbage, a third of the import's time (16.2 s against 11.1 s)."""
    with cyclic_gc_paused():
        return _extract_files(books, files, importers, account=account, verify_summary=verify_summary, balance=balance)


def _missing(path: Path) -> ImportProblem:
    """What to say of a path that names no file. Why: a link to a statement moved away, or two
    links naming each other, were "no such file" while `ls` lists the link right there."""
    if not path.is_symlink():
        return ImportProblem(path, Said("没有这个文件", "no such file"), hint=Said("请检查路径", "check the path"))
    try:
        path.resolve(strict=True)
    except RuntimeError:  # Python 3.11: a loop of links
        return ImportProblem(path, _LINK_LOOP, hint=_GIVE_FILE)
    except OSError as exc:
        if exc.errno == errno.ELOOP:
            return ImportProblem(path, _LINK_LOOP, hint=_GIVE_FILE)
    target = Path(os.readlink(path))
    target = target if target.is_absolute() else path.parent / target
    return ImportProblem(path, said(f"这是指向 {target} 的链接，而该文件不存在", f"this is a link to {target}, which does not exist"),
                         hint=said("请给出对账单文件本身，或修复链接", "give the statement file itself, or mend the link"))


#: a link that leads round in a loop of links, and what to do
_LINK_LOOP = said("这是一个绕回自身的链接循环，不指向任何文件", "this is a link that leads round in a loop of links, to no file")
_GIVE_FILE = said("请给出对账单文件本身", "give the statement file itself")


def _extract_files(books: Books, files: list[Path], importers: list, *, account: str | None,
                   verify_summary: bool, balance: bool) -> list[FileResult]:
    existing = list(books.entries)
    results = []
    options = {id(getattr(i, "options", None)): getattr(i, "options", None) for i in importers}
    for opts in options.values():
        if opts is None:
            continue
        opts.account = account
        opts.verify_summary = verify_summary
        opts.balance = balance
    results_at: dict[int, FileResult] = {}
    for index in _processing_order(files, importers):
        path = files[index]
        result = FileResult(Path(path))
        results_at[index] = result
        try:
            if not Path(path).exists():
                raise _missing(Path(path))
            imp = choose_importer(importers, Path(path))
            result.importer = imp
            entries = imp.extract(str(path), existing)
            imp.sort(entries)
            if not isinstance(imp, ReliefImporter):  # ours de-duplicate inside extract, before numbering receipts
                imp.deduplicate(entries, existing)
            result.entries = entries
            result.report = imp.report(str(path))
            result.account = result.report.account or imp.account(str(path))
            existing.extend(entries)
        except ImportProblem as problem:
            result.problem = problem
    results.extend(results_at[i] for i in range(len(files)))
    _closed_period_notes(books.entries, results)
    return results


def _closed_period_notes(entries: list, results: list[FileResult]) -> None:
    """A note on each file whose new entries are dated in a closed period.

    Why: a register of February found in April (a month imported late, after it was closed)
    was proposed by the dry run as any other file, exit 0; only `--write` was refused, by
    the rule closed_period, and its hint said to record what is missing as a correction
    without saying how."""
    closes = [c.period for c in parse_closes(e for e in entries if is_close(e))[0]]
    if not closes:
        return
    first, last = min(p.start for p in closes), max(p.end for p in closes)
    for r in results:
        late: dict[str, list[str]] = {}
        for e in r.new:
            if not first <= e.date < last:
                continue  # the common case, a file of days after every close: one comparison a row
            period = next((p for p in closes if e.date in p), None)
            if period is None or isinstance(e, data.Document):
                continue
            if isinstance(e, data.Balance):
                # Why: a statement of an open month imported after the next month was closed
                # asserts its closing balance on the 1st of that month, and was refused for it
                r.report.notes.append(Said(
                    f"期末余额（{e.date} balance {e.account} {e.amount}）的日期在已结账的 {period} 中：`--write` 会拒绝它；"
                    "请加 --no-balance 导入（对账单的行由账中已有的余额核对）",
                    f"the closing balance ({e.date} balance {e.account} {e.amount}) is dated in {period}, which is "
                    "closed: `--write` refuses it; import with --no-balance (the statement's rows are checked by the "
                    "balances already in the books)"))
                continue
            units = next((p.units for p in getattr(e, "postings", ()) if p.units is not None), None)
            kind = e.type if isinstance(e, data.Custom) else type(e).__name__.lower()
            if isinstance(e, data.Transaction):
                what, what_zh = entry_row(e), entry_row_zh(e)
            else:
                what, what_zh = f"the {kind} entry", f"{kind} 分录"
            amount = ', ' + str(units) if units is not None else ''
            late.setdefault(str(period), []).append((f"{what_zh}（{e.date}{amount.replace(', ', '，')}）", f"{what} ({e.date}{amount})"))
        for period, pairs in late.items():
            rows = [en for _, en in pairs]
            shown = ", ".join(rows[:5]) + (f" and {len(rows) - 5} more" if len(rows) > 5 else "")
            shown_zh = "、".join(zh for zh, _ in pairs[:5]) + (f" 等，另有 {len(rows) - 5} 行" if len(rows) > 5 else "")
            one = len(rows) == 1
            r.report.notes.append(Said(
                f"{shown_zh}的日期在已结账的 {period} 中：`--write` 会拒绝（已结账的期间不接受新分录）；请在未结账的期间手工记入缺少的，"
                f"并写 correction: \"{period}\"（docs/closing.md，“Something missing from a closed period”），并从文件中删去这些行",
                f"{shown} {'is' if one else 'are'} dated in {period}, which is closed: `--write` refuses "
                f"{'it' if one else 'them'} (a closed period takes no new entries); book what is missing by hand in an "
                f"open period with correction: \"{period}\" (docs/closing.md, \"Something missing from a closed "
                "period\") and leave those rows out of the file"))


def _processing_order(files: list[Path], importers: list) -> list[int]:
    """The order the files are extracted in (each sees the books plus the files before it;
    the dry run still lists the files as given): the rosters first (the aid a bank debit
    pays), then the WeChat Pay and Alipay bills (each platform's in the order of their
    periods, in the places its bills were given in among the bills), then the others as given.

    Why: `relief import BOOKS 4月.csv 3月.csv` (or a shell's `*.csv` in its own order) read
    April's 不计收支 refund of a gift before March's bill holding that gift, and booked the
    gift given back as money back in, +500.00 where 500.00 went out, without finding its
    payment. A bank statement given before the roster booked the debit that paid a
    roster's aid as money out to a person, and the roster booked that aid from the bank
    again: a debit finds the aid it pays only when the roster came first
    (docs/importing.md, "Import the roster first"), which now holds within a run. Likewise a
    statement given before the bill booked the card's side of a 零钱提现 (财付通, 499.50) as a
    gift from an unknown payer, with a receipt number, and the bill's withdrawal was then
    linked to that gift and never booked: the balance stayed 500.00 too high and the fee was
    lost ("Import the bill before the card's statement"). A donation register links to its
    statement row whichever comes first, and stays in its place."""
    from importers.payments import PaymentBillImporter
    if len(files) < 2:
        return list(range(len(files)))  # one file (a 100 000-row statement): nothing to order, nothing read twice
    rosters, payments, others = [], [], []
    bills: dict[str, list[tuple[datetime.date, int]]] = {}
    for index, path in enumerate(files):
        imp = None
        try:
            if Path(path).is_file():
                imp = choose_importer(importers, Path(path))
                if isinstance(imp, PaymentBillImporter) and (period := imp.parse(str(path)).period):
                    bills.setdefault(imp.platform, []).append((period[0], index))
        except ImportProblem:
            pass  # extracted in its place, where its problem is reported
        group = (rosters if getattr(imp, "kind", "") == "roster" else
                 payments if isinstance(imp, PaymentBillImporter) else others)
        group.append(index)
    order = rosters + payments + others
    for group in bills.values():
        places = sorted(order.index(i) for _, i in group)
        for place, (_, index) in zip(places, sorted(group), strict=True):
            order[place] = index
    return order


def _plain(entry):
    meta = {k: v for k, v in entry.meta.items() if not k.startswith("__")}
    return entry._replace(meta=meta)


def _rows_written(new_bytes: bytes, start: int, placed: list[tuple[Path, list]]) -> list[tuple[int, Path, object]]:
    """(inbox line, file, entry) for each entry this import appended at `start`, by line: the
    lines starting with a date are the entries, in the order written (empty when they do
    not match up, so that errors keep their inbox lines)."""
    line = new_bytes.count(b"\n", 0, start) + 1
    starts = []
    for text in new_bytes[start:].split(b"\n"):
        if re.match(rb"\d{4}-\d{2}-\d{2} ", text):
            starts.append(line)
        line += 1
    entries = [(path, entry) for path, listed in placed for entry in listed]
    if len(starts) != len(entries):
        return []
    return [(n, path, entry) for n, (path, entry) in zip(starts, entries, strict=True)]


def _error_at_row(error, names: set[str], rows: list[tuple[int, Path, object]]) -> str:
    """An error of the check after writing, at the file's row its entry came from when it
    points at a line this import appended to the inbox (and so for such a line named in its
    message: a balance failure lists the entries that may explain it).

    Why: the write is undone, so `inbox.beancount:15: Restricted fund … is overdrawn` named a
    line that was no longer there, and not the roster's row that overdrew the fund."""
    filename, lineno = location(error)
    message = str(getattr(error, "message", error)).strip()
    if not rows:
        return format_error(error)
    for name in sorted(names, key=len, reverse=True):
        if name in message:
            message = re.sub(re.escape(name) + r":(\d+)",
                             lambda m: _row_of(int(m.group(1)), rows) or m.group(0), message)
    where = _row_of(lineno, rows) if filename in names else None
    if where is None:
        return f"{filename}:{lineno}: {message}"
    entry = rows[bisect.bisect_right([r[0] for r in rows], lineno) - 1][2]
    return f"{where} (its entry of {entry.date}, not written to {INBOX}): {message}"


def _row_of(lineno: int, rows: list[tuple[int, Path, object]]) -> str | None:
    """`file, row N` for an inbox line this import appended (None for a line before them)."""
    if not rows or lineno < rows[0][0]:
        return None
    _, path, entry = rows[bisect.bisect_right([r[0] for r in rows], lineno) - 1]
    row = (entry.meta or {}).get("lineno") if str((entry.meta or {}).get("filename")) == str(path) else None
    return f"{path.name}, {entry_row(entry)}" if isinstance(row, int) and row > 0 else path.name


def format_entries(entries: list) -> str:
    """Entries as beancount text, without the importer's private (__) metadata."""
    return "\n".join(printer.format_entry(_plain(e)) for e in entries)


def _read_in_this_run(entry, run_files: frozenset[str]) -> bool:
    """Whether a duplicate's match is an entry read from another file of this run (not yet
    in the books: a dry run writes nothing), not one of the books' own entries.

    Why: a statement named twice, or two downloads overlapping by a week, in one run had the
    second's rows called "already in the books", which a dry run had not written."""
    dup = entry.meta.get(DUPLICATE)
    return (isinstance(dup, (data.Transaction, data.Balance)) and not entry.meta.get(LINKED)
            and str(dup.meta.get("filename")) in run_files)


def _one_line(entry, zh: bool = False) -> str:
    """A duplicate, shortly: date, payee, narration and the first posting (a 100 000-row
    statement already in the books prints one line per row, not whole entries); with `zh`
    its row named in Chinese."""
    if isinstance(entry, data.Transaction):
        first = entry.postings[0] if entry.postings else None
        amount = f" {first.account} {first.units}" if first is not None and first.units is not None else ""
        words = " ".join(w for w in (entry.payee, entry.narration) if w)
        if zh:
            return f"{entry.date} {words}{amount}（{entry_row_zh(entry)}）"
        return f"{entry.date} {words}{amount} ({entry_row(entry)})"
    return printer.format_entry(_plain(entry)).splitlines()[0]


#: the columns of the terminal a dry run is read in
LINE_WIDTH = 80


def _width(text: str) -> int:
    """Columns `text` takes in a terminal: a Chinese character takes two."""
    return sum(2 if unicodedata.east_asian_width(c) in "WF" else 1 for c in text)


def spoken(prefix: str, zh: str, en: str) -> str:
    """A line of the dry run in the rules' form, Chinese first (`;; 中文。 English`), or,
    where the two would not fit in an 80-column terminal, two lines: the Chinese, then the
    English as it was (each with `prefix`).

    Why: a union's finance officer reads Chinese; the notes, skipped rows and errors of the
    dry run were English only. Two lines rather than one too wide to read."""
    one = prefix + bilingual(zh, en)
    # a character takes one column or two, so a line of more characters than the terminal
    # has columns is too wide without counting them (a 100,000-row statement already in the
    # books prints a line per row: counting each line's columns was an eighth of the dry run)
    if len(one) <= LINE_WIDTH and _width(one) <= LINE_WIDTH:
        return one
    return prefix + bilingual(zh, "").rstrip() + "\n" + prefix + en.strip()


def note_line(note: object, prefix: str = ";; ") -> str:
    """A note of an importer's report as the dry run prints it: `注：…。 note: …` (see
    `spoken`), or `note: …` alone for a note that has no Chinese yet."""
    zh = zh_of(note)
    if zh is None:
        return f"{prefix}note: {note}"
    return spoken(prefix, "注：" + zh, f"note: {note}")


#: line breaks and other control characters, as a file's name may hold them
_CONTROLS = re.compile(r"[\x00-\x1f\x7f\x85\u2028\u2029]")


def _one_line_name(name: object) -> str:
    """A file's name for a comment line of the dry run: a line break in it written as \\n
    (the rest of the name went onto a line of its own, neither an entry nor a comment)."""
    return _CONTROLS.sub(lambda m: m.group().encode("unicode_escape").decode("ascii"), str(name))


def render(results: list[FileResult]) -> str:
    """The dry run: entries and skipped rows per file, then a count per file."""
    out = io.StringIO()
    # Why one: printer.format_entry makes a printer for each entry, and the printer builds
    # its two number formats from the display context each time (a statement of 100,000
    # rows proposes tens of thousands of entries); the same printer writes them the same
    entry_text = printer.EntryPrinter()
    run_files = frozenset(str(r.path) for r in results)
    for r in results:
        out.write(f";; ==== {_one_line_name(r.path)}\n")
        if r.problem:
            zh = r.problem.zh
            if zh:
                lines = zh.splitlines()
                out.write(f";; 错误：{lines[0]}\n" + "".join(f";;   {line.strip()}\n" for line in lines[1:]))
            lines = r.problem.message.splitlines()
            out.write(f";; ERROR {lines[0]}\n" + "".join(f";;   {line.strip()}\n" for line in lines[1:]) + "\n")
            continue
        title = getattr(r.importer, "title", "") or r.importer.name
        out.write(spoken(";; ", f"导入程序 {r.importer.name}（{title}）→ {r.account}",
                         f"importer {r.importer.name} ({title}) -> {r.account}") + "\n")
        for note in r.report.notes:
            out.write(note_line(note) + "\n")
        for line in _money_lines(r, run_files):
            out.write(line + "\n")
        for s in r.report.skipped:
            zh = s.zh
            out.write((spoken(";; ", zh, str(s)) if zh else f";; {s}") + "\n")
        out.write("\n")
        for e in r.entries:
            dup = e.meta.get(DUPLICATE)
            if dup:
                where = ""
                if isinstance(dup, data.Transaction):
                    where = f" {dup.meta.get('filename')}:{dup.meta.get('lineno')}"
                link = e.meta.get(LINKED)
                label_zh, label = (
                    ("与账中已有的同一笔钱关联（刷卡付款与该卡对账单的行）",
                     "linked to the same money already in the books (a card payment and the card's statement row)")
                    if link == LINK_FUNDING else
                    ("与账中已有的同一笔捐赠关联（捐赠登记表的行与对账单的行）",
                     "linked to the same gift already in the books (a donation register row and the statement row)")
                    if link == LINK_GIFT else
                    ("已由账中对账单的支出付出（花名册的行与银行对应的行）",
                     "paid by the statement's debit already in the books (a roster row and the bank's row for it)")
                    if link and getattr(r.importer, "kind", "") == "roster" else
                    ("已由账中的帮扶付出", "paid by aid already in the books") if link else
                    ("本次已从前面的文件读到（尚未记入账中）",
                     "already read in this run, from an earlier file (not in the books yet)")
                    if _read_in_this_run(e, run_files) else
                    ("已在账中", "already in the books"))
                out.write(spoken("; ", f"{label_zh}{where}：{_one_line(e, zh=True)}", f"{label}{where}: {_one_line(e)}") + "\n")
            else:
                out.write(entry_text(_plain(e)) + "\n")
    out.write(";; ---- 汇总 summary\n")
    for r in results:
        if r.problem:
            name = _one_line_name(r.path.name or r.path)
            what = r.problem.what.splitlines()[0].rstrip(':')
            # the reason in Chinese where it has it; never the English inside the Chinese half
            what_zh = zh_of(r.problem.what)
            what_zh = what_zh.splitlines()[0].rstrip(':：') if what_zh else "原因见上面的错误"
            out.write(";; " + bilingual(f"{name}：未导入（{what_zh}）", f"{name}: not imported ({what})") + "\n")
        else:
            txns = [e for e in r.new if isinstance(e, data.Transaction)]
            flagged = sum(1 for e in txns if e.flag == "!")
            aid = [e for e in r.linked if e.meta.get(LINKED) not in (LINK_FUNDING, LINK_GIFT)]
            cards = [e for e in r.linked if e.meta.get(LINKED) == LINK_FUNDING]
            gifts = [e for e in r.linked if e.meta.get(LINKED) == LINK_GIFT]
            earlier = [e for e in r.duplicates if _read_in_this_run(e, run_files)]
            name = _one_line_name(r.path.name)
            zh = (f"{name}：新分录 {len(r.new)} 条（交易 {len(txns)} 笔，标记 ! 的 {flagged} 笔），"
                  f"已在账中 {len(r.duplicates) - len(earlier)} 条，"
                  + (f"本次已从前面的文件读到 {len(earlier)} 条，" if earlier else "")
                  + f"与帮扶关联 {len(aid)} 条，"
                  + (f"与刷卡付款关联 {len(cards)} 条，" if cards else "")
                  + (f"与同一笔捐赠关联（登记表与对账单）{len(gifts)} 条，" if gifts else "")
                  + f"跳过 {len(r.report.skipped)} 行"
                  + ("" if r.conserved else "；错误：金额不守恒，见上文"))
            en = (f"{name}: {counted(len(r.new), 'new entry', 'new entries')} "
                  f"({counted(len(txns), 'transaction', 'transactions')}, {flagged} flagged !), "
                  f"{len(r.duplicates) - len(earlier)} already in the books, "
                  + (f"{len(earlier)} already read in this run, " if earlier else "")
                  + f"{len(aid)} linked to aid, "
                  + (f"{len(cards)} linked to card payments, " if cards else "")
                  + (f"{len(gifts)} linked to the same gift (register and statement), " if gifts else "")
                  + counted(len(r.report.skipped), "row skipped", "rows skipped")
                  + ("" if r.conserved else "; ERROR: money not conserved, see above"))
            out.write(";; " + bilingual(zh, en) + "\n")
    return out.getvalue()


def _register_accounts(results: list[FileResult], paid: bool = False) -> set[str]:
    """The asset accounts the registers among `results` book new money into (a register's
    row received by bank or WeChat posts to that account, whose statement is the check), or
    with `paid` pay money out of (a roster's row paid by bank)."""
    accounts = set()
    for r in results:
        if getattr(r.importer, "register", None) is None:
            continue
        for e in r.new:
            if isinstance(e, data.Transaction):
                accounts |= {p.account for p in e.postings if is_asset(p.account) and p.units is not None
                             and isinstance(p.units.number, Decimal) and (p.units.number < 0) == paid}
    return accounts


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def archive_path(books_root: Path, result: FileResult) -> Path:
    """documents/<account path>/<kind>-<YYYYMMDD>-<name>: not dated first, so beancount's
    automatic document discovery does not list it a second time beside its document entry."""
    imp = result.importer
    day = imp.date(str(result.path)) or books_today()
    folder = books_root / "documents" / Path(*result.account.split(":"))
    # The name goes into the document entry as a beancount string, which cannot hold a double
    # quote, a backslash or a control character: such a name ("对账单".csv) would make the
    # books unreadable, and the write would be undone with a parser's "Invalid token"
    name = re.sub(r'["\\\x00-\x1f\x7f]', "_", result.path.name)
    return folder / _fitting(f"{imp.kind}-{day:%Y%m%d}-{name}")


#: The longest archived name, in bytes: a name may have 255 on common disks, and a second
#: copy of the same name gets "-2" (or more) before its ending
ARCHIVED_NAME_MAX = 240


def _fitting(name: str) -> str:
    """`name`, its stem cut (whole characters) so that it has at most ARCHIVED_NAME_MAX bytes.

    Why: the archived name is the statement's own with 14 bytes before it, and a statement
    named with 240 bytes (a legal name) stopped the import with "File name too long", on a
    name relief had made."""
    if len(name.encode("utf-8", "surrogateescape")) <= ARCHIVED_NAME_MAX:
        return name
    stem, suffix = os.path.splitext(name)
    room = ARCHIVED_NAME_MAX - len(suffix.encode("utf-8", "surrogateescape"))
    cut = stem.encode("utf-8", "surrogateescape")[:max(room, 1)].decode("utf-8", "ignore")
    return cut + suffix


def write_import(books: Books, results: list[FileResult], *, check=load_books) -> list[str]:
    """Archive sources, append to the inbox, check; roll everything back on any error.

    `books` must have no errors (the command refuses such books before a write: cli/common.py,
    IMPORT), so that the check after writing, which loads the changed books once more
    through `check`, can only find the import's own errors. Should a caller pass books with
    errors anyway, that check finds them and nothing is kept.
    """
    if any(r.problem for r in results):
        raise ImportFailed(bilingual("什么也没有写入：请先改正上面的文件（或不导入它们）",
                                     "nothing was written: fix the files above first (or leave them out)"))
    lost = [r for r in results if not r.conserved]
    if lost:
        names = ", ".join(r.path.name for r in lost)
        raise ImportFailed(bilingual(f"什么也没有写入：{names} 的金额对不上（见试运行的 ERROR 行）；请连同文件一起报告",
                                     f"nothing was written: the money of {names}"
                                     " does not add up (see the ERROR lines of the dry run); report it with the file"))
    root = books.root
    inbox = root / INBOX
    kept = through_links(inbox)  # an inbox linked into the books is written where it is kept, the link left
    frozen = read_only_file(kept, "take new entries", "接收新分录")
    if frozen:
        raise ImportFailed(bilingual(f"什么也没有写入：{zh_of(frozen) or frozen}", f"nothing was written: {frozen}"))
    # The inbox as it was, byte for byte: a rollback puts back exactly this (the text read
    # with newline translation would turn a Windows-edited file's CRLF line ends into LF).
    old_bytes = kept.read_bytes() if kept.exists() else b""
    copied: list[Path] = []
    made_dirs: list[Path] = []
    ours = b""  # what this import adds to the inbox (for the undo)
    chunks = []
    placed: list[tuple[Path, list]] = []  # each file and its entries, in the order they are written
    written = []
    try:
        for r in results:
            new = r.new
            target = archive_path(root, r)
            doc_entries = []
            filed = target.exists() and _sha(target) == _sha(r.path)
            if not filed:
                if target.exists():
                    stem = target.stem
                    n = 2
                    while target.exists():
                        target = target.with_name(f"{stem}-{n}{target.suffix}")
                        n += 1
                for parent in reversed(target.parents):
                    if not parent.exists():
                        made_dirs.append(parent)
                target.parent.mkdir(parents=True, exist_ok=True)
                copied.append(target)  # before the copy: one cut short (a full disk) leaves part of a file to remove
                sweep_temporaries(target)  # what a copy killed outright left (the books' lock is held)
                atomic_copy(r.path, target)
            if not filed or not _documented(books, target):
                day = r.importer.date(str(r.path)) or books_today()
                meta = data.new_metadata(str(inbox), 0)
                meta["importer"] = r.importer.name
                if r.report.period:
                    meta["statement_start"], meta["statement_end"] = r.report.period
                net = {m.account: m.net_kept for m in r.money}
                if r.account in net and is_online(r.account):
                    meta["statement_net"] = net[r.account]  # what `relief reconcile` checks the account against
                meta["entries"] = Decimal(len(new))
                doc_entries.append(data.Document(meta, day, r.account, str(target.relative_to(root)), data.EMPTY_SET, data.EMPTY_SET))
            if not new and not doc_entries:
                continue
            stamp = datetime.datetime.now().strftime("%Y-%m-%d %H:%M")
            # a comment line: a line break in the file's name would end it, and the rest of the
            # name would be read as books text (an "Invalid token" that undid the import)
            shown = re.sub(r"[\x00-\x1f\x7f]", "_", r.path.name)
            chunks.append(f"\n;; relief import {stamp}: {shown} ({r.importer.name}), {counted(len(new), 'entry', 'entries')}\n\n")
            chunks.append(format_entries(new + doc_entries))
            placed.append((r.path, new + doc_entries))
            written.append(Said(f"{r.path.name}：{len(new)} 条分录", f"{r.path.name}: {counted(len(new), 'entry', 'entries')}"))
        if not chunks:
            return [Said("没有新的内容可写", "nothing new to write")]
        new_bytes = appended(old_bytes, "".join(chunks))
        ours = new_bytes[len(old_bytes):]
        mark_unchecked(root, kept, len(old_bytes), ours, [r.path.name for r in results], copied)
        atomic_write_bytes(kept, new_bytes)
        try:
            after = check(books.path)
        except (ReliefError, OSError) as exc:  # the books vanished or became unreadable meanwhile
            # (any other exception is a bug: rolled back below, then the crash file)
            after = None
            errors = [f"the books do not load ({exc})"]
        else:
            names = {str(inbox), str(inbox.resolve())}  # beancount names a linked inbox by its link
            rows = _rows_written(new_bytes, len(old_bytes), placed)
            errors = [_error_at_row(e, names, rows) for e in after.errors]
            if not any(str((e.meta or {}).get("filename", "")) in names for e in after.entries):
                errors.append(f"{inbox.name} is not part of the books: add `include \"{INBOX}\"` to {books.path.name}")
        if errors:
            _undo_write(root, kept, ours, copied, made_dirs)
            shown = "\n  ".join(errors[:20]) + (f"\n  … and {len(errors) - 20} more" if len(errors) > 20 else "")
            hint = ""
            if any("inactive account" in e or "before its open" in e.lower() for e in errors):
                hint += ("\nSome entries are dated before an account they post to is opened: open the accounts earlier "
                         "(for new books `relief init DIR --year YEAR`; for books in use, an earlier open date in "
                         "accounts.beancount with the opening balance recorded that day).")
            failed = {m.group(1) for e in errors for m in [re.search(r"Balance failed for '([^']+)'", e)] if m}
            from_registers = sorted(failed & _register_accounts(results))
            paid_by_registers = sorted(failed & _register_accounts(results, paid=True))
            closed = sorted({m.group(1) for e in errors for m in [re.search(r"was added to closed period (\S+) after the close", e)] if m})
            late = [e for e in errors if "was added to closed period" in e]
            if closed and all(re.search(r"Entry \S+ balance ", e) for e in late):
                # only the statement's closing balance, dated the 1st of a closed month: "leave
                # those rows out" sent the user to edit a statement whose rows were fine
                hint += (f"\nThe statement's closing balance is dated in {', '.join(closed)}, which is closed: import "
                         "the statement with --no-balance (the closed month's own closing balance checks the account).")
            elif closed:
                # the balance failures then follow from the same rows: "import the earlier
                # statements first" sent the user the wrong way
                hint += (f"\nThe file holds rows dated in {', '.join(closed)}, "
                         "which is closed: a closed period takes no new entries (and the balances above fail by what "
                         "those rows add). Leave those rows out of the file (they may be in the books already), and "
                         f"book what is missing by hand in an open period with correction: \"{closed[0]}\" (the closed "
                         "period it belongs to; docs/closing.md, \"Something missing from a closed period\").")
            elif from_registers:
                hint += (f"\nA register books money into {', '.join(from_registers)} that the account's statement, already "
                         "in the books, does not show (its balance assertions above say by how much): check the register's "
                         "rows received that way against the statement (date, amount, 收款方式); a gift whose money has not "
                         "arrived yet is imported once the statement shows it.")
            elif paid_by_registers:
                hint += (f"\nA roster or register pays out of {', '.join(paid_by_registers)} money that the account's "
                         "statement, already in the books, does not show (its balance assertions above say by how much): "
                         "check the rows paid that way against the statement (date, amount, 发放方式 / 支付方式); aid the "
                         "bank has not paid out yet is imported once the statement shows it.")
            elif failed:
                hint += ("\nA balance assertion from the statement does not hold: import the earlier statements first, "
                         f"or record the account's opening balance ({OPENING_BALANCES_ACCOUNT}) on the day before the "
                         "statement starts; --no-balance only leaves the check out, it does not make the books right.")
            raise ImportFailed(bilingual("什么也没有写入：加上这些分录，账簿将通不过检查（错误与处理办法见下）",
                                         f"nothing was written: with these entries the books would not pass their checks:\n  {shown}{hint}"))
    except BaseException:
        _undo_write(root, kept, ours, copied, made_dirs)
        raise
    checked(root)
    return written


def _documented(books: Books, path: Path) -> bool:
    """Whether a `document` entry of the books names the file at `path`.

    Why: a statement whose copy was already filed under documents/ got no `document` entry
    when imported again, though none named it any more (the import's entries deleted from
    the inbox by hand to do it again, or a run killed between the copy and the inbox): the
    statement was lost from Fava's documents and the audit views, and a bill's
    statement_net, which reconcile checks the account against, with it."""
    wanted = os.path.realpath(path)
    return any(isinstance(e, data.Document) and os.path.basename(e.filename) == path.name
               and os.path.realpath(e.filename) == wanted for e in books.entries)


def _undo_write(books_root: Path, inbox: Path, ours: bytes, copied: list[Path], made_dirs: list[Path]) -> None:
    """Put the books back as they were before write_import: the inbox without `ours` (what
    the import added to it), no archived copy, none of the folders made for them.

    Why one function: the refusal after the check and an interruption (Ctrl-C, SIGTERM,
    a bug) while writing or checking both undo; the interruption left the folders made
    for the archive (documents/Assets/Bank/Basic) behind, empty. Why only `ours`: an entry
    saved into the inbox meanwhile (Fava's add-entry form, an editor), while the books were
    checked, was wiped out by writing back the inbox as it had been; the inbox is left alone
    when the import's text is not in it (the write never happened). Ctrl-C and SIGTERM wait
    until it is done: a second Ctrl-C stopped it half way, the entries left in the inbox
    after 'nothing more was written'."""
    with interrupts_held():
        _take_out(inbox, ours, copied, made_dirs)
        checked(books_root)


def _take_out(inbox: Path, ours: bytes, copied: list[Path], made_dirs: list[Path]) -> None:
    """_undo_write's work, without the interrupts held."""
    current = inbox.read_bytes() if ours and inbox.exists() else b""
    if ours and ours in current:
        at = current.rfind(ours)
        atomic_write_bytes(inbox, current[:at] + current[at + len(ours):])
    for path in copied:
        path.unlink(missing_ok=True)
    for d in sorted(made_dirs, key=lambda p: len(p.parts), reverse=True):
        try:
            d.rmdir()
        except OSError:  # not empty: something else was put there meanwhile
            pass


