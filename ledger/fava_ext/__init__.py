"""ReliefAudit: the auditors' views of relief-fund books as a Fava extension.

Declared in the books (ledger/template/main.beancount does it):

    2026-01-01 custom "fava-extension" "ledger.fava_ext"

The class is a thin layer: the numbers come from ledger.audit (no Fava there), this picks
the entries and period from Fava's filters, turns each number into a link to Fava's journal
filtered to the entries behind it, and renders templates/ReliefAudit.html. The same results
are served as JSON at /<bfile>/extension/ReliefAudit/<view> (statement, receipts, donors,
cases, rules).

Filters: the account and advanced filters narrow the entries every view reads; the time
filter sets the period. Fava's own time filter summarises everything before the period into
opening-balance entries that name no fund, so the period is applied here to the unclamped
entries instead (the statement's opening balances come out per fund).

Bad filters (`time=garbage`, `filter=((((`, `time=2026-Q5`, a range that ends before it
begins, an account filter that is no regular expression) are the request's mistake: HTTP 400 with Fava's own message ("Failed
to parse date: garbage"), as `{"error": …}` from the JSON endpoints as Fava's API answers,
and as Fava's error page on the report (`check_request`), never a 500.

Computed once per load: when Fava loads the books (at start and after every change it
sees), `after_load_file` builds what every view shares (registry, settings, the transaction
index, the donations, the fund movements) and the five views of the whole books over all
time, the pages Fava opens first. A request with another period or filter computes its view
from those shared parts once and keeps it until the next load (`results_kept`).
"""

from __future__ import annotations

import datetime
import functools
import gc
import re
from http import HTTPStatus
from typing import Any, NoReturn
from urllib.parse import quote_plus

from beancount.core import data
from flask import abort, jsonify, make_response, render_template, request
from werkzeug.exceptions import HTTPException
from markupsafe import Markup, escape

from fava.application import url_for
from fava.context import g
from fava.core.filters import AccountFilter, AdvancedFilter, FilterError, TimeFilterParseError
from fava.ext import FavaExtensionBase, extension_endpoint
from fava.util.date import parse_date

from ledger.accounts import ASSETS, FUND_TRANSFER_ACCOUNT, GOODS_ACCOUNT, LIABILITIES, PLEDGE_ACCOUNT, RECEIVABLE_ROOT
from ledger.audit import aggregate_cases, donor_totals, fund_statement, receipt_register, rule_violations
from ledger.audit import filters as F
from ledger.audit.serialize import as_data
from ledger.audit.cases import UNKNOWN_UNIT
from ledger.audit.corrections import CorrectionLine, correction_lines
from ledger.audit.donors import add_pledges, other_totals
from ledger.audit.statement import account_names
from ledger.audit.receipts import donations, match_refunds, summed_other
from ledger.books import friendly_load_errors
from ledger.closes.digest import books_root
from ledger.errors import is_warning
from ledger.fava_ext.import_refusals import tell_refusals_plainly
from ledger.funds import ZERO, FundMovements
from ledger.goods_names import GoodsName, goods_name, goods_names
from ledger.memo import same_entries
from ledger.period import Period, WholeBooks
from ledger.pledges import pledges_settled
from ledger.reconcile.held import Held, held_at_end
from ledger.index import transaction_index
from ledger.registry import build_registry
from ledger.settings import load_settings
from ledger.unreviewed import unreviewed

#: beancount's message on a transaction whose lines do not add up to zero (kept in English
#: after the Chinese that ledger.beancount_messages puts before it)
UNBALANCED = "Transaction does not balance"

#: The request arguments a journal link keeps (Fava's own filter and display state).
KEPT_ARGS = ("time", "account", "filter", "conversion", "interval")

VIEWS = {
    "statement": ("资金收支表", "Fund statement"),
    "receipts": ("收据登记簿", "Receipt register"),
    "donors": ("捐赠人", "Donors"),
    "cases": ("帮扶对象汇总", "Cases in aggregate"),
    "rules": ("规则检查", "Rule violations"),
}

#: What each rule checks, in Chinese, beside the English the rule's own docstring states
#: (ledger.audit.violations.rule_title): the rules page heads each group in both languages.
#: Every rule of ledger.plugins.rules has one (tests/fava/test_page_text.py).
RULE_TITLES_ZH = {
    "settings": "中心设置（relief-option）须能解析：未知的键、错误的取值都是错误",
    "registry": "登记簿（捐赠人、基金、帮扶对象、作废收据）格式正确",
    "fund_declared": "每笔来源和使用都属于已登记的基金，每笔交易只属一个基金",
    "fund_purpose": "限定性基金只支付其限定用途，且只在存续期内",
    "fund_overdraft": "限定性基金每日日终余额不得为负；非限定性基金低于零时警告",
    "donation_receipt": "每笔捐赠须有已登记的捐赠人和各自的收据号",
    "donation_amount": "捐赠金额以分为单位（两位小数）；退还的捐赠不超过该捐赠人此前对该基金的捐赠",
    "refund_gift": "退款退还的是同一捐赠人此前的一笔捐赠，记入那笔捐赠的基金，合计不超过那笔捐赠",
    "fen_amount": "以人民币记的金额以分为单位（两位小数），按写下的每一行检查",
    "receipt_sequence": "收据号按年从 00001 连续编号，缺号须登记作废",
    "aid_case": "帮扶支出只付给当天在册的帮扶对象",
    "aid_approval": "每笔帮扶支出须有审批单号",
    "aid_limit": "帮扶对象每年所受帮扶不超过账簿设定的限额",
    "goods_cost": "物资按入库时的成本出库",
    "pledge_paid": "认捐的到账或取消须属于某笔认捐，且不超过其尚未到账的金额",
    "balance_fen": "未写明容差的人民币余额断言须与账面分毫不差（beancount 默认容差会放过一分钱）",
    "closed_period": "已结账期间不得增加、删除或修改分录",
    "spreadsheet_names": "会被电子表格当作公式执行的名称：警告，不是错误",
    "date_gap": "日期与其他交易相隔多年的交易（年份可能录错）：警告，不是错误",
    "fund_currency": "以记账本位币以外币种记入基金的金额，公开数据不计入：警告，不是错误",
    "pad_fund": "从基金科目（如期初净资产）补足余额的 pad 须写明基金",
    "beancount": "Beancount 自身的检查（语法、余额断言、记账）及其他载入错误",
}

#: A donor's kind as the donors page shows it (the registry's word, in both languages).
#: A donor's or a gift's wish to stay anonymous (ledger.registry.ANONYMITY), as the donors view shows it.
ANONYMITY_SHOWN = {
    "public": ("网站不具名（致谢信具名）", "not named in public (named on the letter)"),
    "all": ("一律不具名（致谢信亦然）", "never named, not even on the letter"),
}

DONOR_KINDS = {
    "enterprise": "企业 enterprise",
    "individual": "个人 individual",
    "organisation": "社会组织 organisation",
    "unknown": "未登记 not registered",
}

#: Why aid was to a case not enrolled on the day (ledger.audit.cases._reason), in Chinese;
#: "{}" is the date the English names.
REASONS_ZH = (
    (re.compile(r"no case named$"), "未写明帮扶对象"),
    (re.compile(r"case not registered$"), "帮扶对象未登记"),
    (re.compile(r"exited on (\S+)$"), "已于 {} 退出"),
    (re.compile(r"not enrolled until (\S+)$"), "{} 才建档在册"),
    (re.compile(r"never enrolled$"), "从未建档"),
    (re.compile(r"not enrolled that day$"), "当天不在册"),
)


def settle_collector() -> None:
    """After a load: one full collection now, then the loaded books out of the collector's walks.

    Why: the books are millions of objects that live until the next load. Left to itself,
    Python's cyclic collector walks all of them in a full pass some time later, in whatever
    request is running then: on 100k transactions the auditor's first page took 2 s instead
    of 0.2 s. The pass is made here, at the end of the load, where it frees what the previous
    load left (its objects were frozen with it: `unfreeze` first, so they can be collected),
    and the survivors are frozen: later passes walk only what requests make. Frozen objects
    are still freed by reference counting when nothing refers to them."""
    gc.unfreeze()
    gc.collect()
    gc.freeze()


@functools.lru_cache(maxsize=256)
def _file_filter(filename: str) -> str:
    return F.meta("filename", filename)


#: A journal link's filter pieces (F.pieces) as quoted in its address, each quoted once.
#: Why: the donors page's 7 929 links quoted their whole filters character by character,
#: a third of its first request on the 100k demo books, though most of a link's filter is a
#: piece every other link of its row, or of the page, has too (a donor's, an account's, a file's).
_quoted_piece = functools.lru_cache(maxsize=1 << 15)(quote_plus)


class ViewFailed(Exception):
    """A view raised on these books: its message names the view and the exception, for the page and the JSON."""

    def __init__(self, view: str, exc: Exception) -> None:
        self.message = (f"此视图无法在本账簿上计算 The {view} view could not be computed on these books ({type(exc).__name__}: {exc}). "
                        "Fava's Errors page and `relief check` may show the entry behind it; please report it with the books' error list.")
        super().__init__(self.message)


class ReliefAudit(FavaExtensionBase):
    """Fund statement, receipt register, donors, cases and rule violations for auditors."""

    report_title = "帮扶审计 Relief audit"

    def __init__(self, ledger: Any, config: str | None = None) -> None:
        super().__init__(ledger, config)
        self._cache: dict[str, Any] = {}
        self._cache_of: Any = None

    # -- what the books hold (cached per load) -------------------------------------------

    def after_load_file(self) -> None:
        """Fava has (re)loaded the books: tell the loader's errors as relief's commands do,
        then compute the views of the whole books now."""
        self.ledger.load_errors = friendly_load_errors(self.ledger.load_errors, self.ledger.options, self.ledger.all_entries)
        tell_refusals_plainly(self.ledger)
        self._cache, self._cache_of = {}, self.ledger.all_entries
        # The views make tens of thousands of small objects and no cycles; with the books'
        # millions of objects alive, the collector's full passes would double their cost.
        collecting = gc.isenabled()
        gc.disable()
        try:
            self.prepare()
        except Exception:  # noqa: BLE001 - books Fava loads despite errors: the page that needs the failing part shows it
            pass
        finally:
            if collecting:
                settle_collector()
                gc.enable()

    #: The views computed at load: the whole books, all time (no account, filter or period).
    prepared = ("statement", "receipts", "donors", "cases", "rules")

    def compile_page(self) -> None:
        """Compile templates/ReliefAudit.html now (inside the app's context: Fava's templates
        are its fallback). `relief serve` calls it once the books are loaded.

        Why: Jinja compiles a template on the first request that renders it, and this one's
        compile (0.33 s CPU on this 2-core machine) was the whole of the auditor's first page
        after the server started, its view already made at load. Fava keeps the compiled
        template in the extension's environment for the life of the process, so later loads
        do not compile it again; plain `fava` (no make_app) still compiles it on the first page."""
        self.jinja_env.get_template(f"{self.name}.html")

    def prepare(self) -> None:
        """Compute the `prepared` views (whole books, all time): the pages Fava opens first are ready when asked."""
        for view in self.prepared:
            self._compute(view, "", "", (None, None))
        self.refunds  # noqa: B018 - what the receipts and donors pages tell of gifts given back, made now
        self.corrections_all  # noqa: B018 - the statement page's corrections, made now
        self.flagged_all  # noqa: B018 - the statement page's count of entries awaiting review, made now
        self._held_of(None, None)  # the statement page's "what the books hold" at the end of the books, made now

    def _cached(self, key: str, make: Any) -> Any:
        """`make()` once per load of the books (keyed on the entries list Fava holds).

        Runs inside ledger.memo's `same_entries` on the whole books with a dict kept for the
        load, so the registry, settings and transaction index are built once for every view.
        """
        entries = self.ledger.all_entries
        if self._cache_of is not entries:
            self._cache, self._cache_of = {}, entries
        cache = self._cache
        if key not in cache:
            memo = cache.setdefault("memo", {})
            with same_entries(entries, memo):
                cache[key] = make()
        return cache[key]

    @property
    def registry(self):
        """The books' registries (funds, donors, cases, voids), read from all entries once per load.

        Always the whole books: a filter narrows what the views show, never what is declared.
        """
        return self._cached("registry", lambda: build_registry(self.ledger.all_entries))

    @property
    def settings(self):
        """The books' relief options (limits, receipt pattern), once per load; their errors are the rules' to report."""
        return self._cached("settings", lambda: load_settings(self.ledger.all_entries)[0])

    @property
    def names(self) -> dict[str, tuple[str, str]]:
        """Account display names (zh, en) from the `open` entries, for the statement's and cases' headings."""
        return self._cached("names", lambda: account_names(self.ledger.all_entries_by_type.Open))

    @property
    def book_errors(self) -> int:
        """How many errors Fava lists for the books (warnings aside), once per load.

        Why the pages say so: an entry beancount cannot read (a syntax error, a transaction
        that does not book) is in none of the figures, and a statement can still reconcile
        without it. The count is of the whole books whatever the filter, because the entry
        that is missing may be the one the filter would have kept."""
        return self._cached("book_errors", lambda: sum(1 for e in self.ledger.errors if not is_warning(e)))

    def errors_url(self) -> str:
        """Fava's own Errors page."""
        return url_for("report", report_name="errors")

    @property
    def first_date(self) -> datetime.date | None:
        """The date of the books' first transaction: where the opening and closing balances' journal links start."""

        def first():
            txns = self.ledger.all_entries_by_type.Transaction
            return txns[0].date if txns else None

        return self._cached("first_date", first)

    # -- Fava's filters ------------------------------------------------------------------

    @property
    def view(self) -> str:
        """The view this request asks for (?view=); the fund statement when it names none or an unknown one."""
        view = request.args.get("view", "statement")
        return view if view in VIEWS else "statement"

    @property
    def period(self) -> tuple[datetime.date | None, datetime.date | None]:
        """[start, end) from Fava's time filter, or (None, None) for all time.

        Parsed as Fava parses it (fiscal year included), without building Fava's
        time-filtered ledger, whose summarising of earlier entries these views do not use.
        """
        cached = getattr(g, "relief_period", None)
        if cached is None:
            time = request.args.get("time", "").strip()
            if not time:
                cached = (None, None)
            else:
                try:
                    begin, end = parse_date(time, self.ledger.fava_options.fiscal_year_end)
                except (ValueError, OverflowError) as error:
                    # Why: a date of the right shape that is no day (time=2026-13, 2026-02-30)
                    # raised ValueError inside Fava's parser: a 500, not the 400 of a bad filter.
                    raise TimeFilterParseError(time) from error
                if not begin or not end:
                    raise TimeFilterParseError(time)
                if end <= begin:
                    # `2026-06 - 2026-01`: the views showed a period of zeros that reconciled,
                    # and their journal links carried it to Fava, whose journal answered 500
                    raise FilterError("time", f"End date needs to be after begin date: {time}")
                cached = (begin, end)
            g.relief_period = cached
        return cached

    def _scoped(self, account: str, filter: str):  # noqa: A002
        try:
            try:
                return self.ledger.get_filtered(account=account, filter=filter, time="").entries
            except OverflowError:
                # Fava's FilteredLedger takes the day after the last transaction, which for
                # one dated 9999-12-31 (a year typed wrong) is no date: the cases view, and
                # every filtered view, was a 500. Fava's own filters, applied here, need no such day.
                entries = self.ledger.all_entries
                if account:
                    entries = AccountFilter(account).apply(entries)
                if filter.strip():
                    entries = AdvancedFilter(filter.strip()).apply(entries)
                return entries
        except re.error as error:
            # beancount's has_component puts the account filter into a regular expression
            # unescaped: `account=((((` raised re.error (a 500, in Fava's own API too)
            raise FilterError("account", f"Failed to parse account filter: {account} ({error})") from error

    def check_request(self) -> str:
        """Refuse a request whose time, account or advanced filter cannot be parsed, with
        Fava's own message ("Failed to parse date: garbage", "Failed to parse filter: (((("):
        HTTP 400, as JSON `{"error": …}` from the JSON endpoints (as Fava's API answers) and as
        Fava's error page on the report. Without this, Fava's handler made every such request
        a 500, as if relief had a bug. Returns "" so the page calls it before anything else."""
        try:
            self.period  # noqa: B018 - parsed (and kept for the request) to see that it parses
            account, advanced = request.args.get("account", ""), request.args.get("filter", "")
            if self._narrowed(account, advanced):
                self._scoped(account, advanced)  # Fava keeps the result (get_filtered's cache) for the view
        except FilterError as error:
            self._refuse(error.message)
        return ""

    @staticmethod
    def _refuse(message: str) -> NoReturn:
        """Answer this request with HTTP 400 and `message`, in the form the route answers in."""
        if request.endpoint == "extension_endpoint":
            response = jsonify({"error": message})
        else:
            response = make_response(render_template("_layout.html", page_title="Error", content=message))
        response.status_code = HTTPStatus.BAD_REQUEST
        abort(response)

    @staticmethod
    def _narrowed(account: str, filter: str) -> bool:  # noqa: A002
        return bool(account.strip() or filter.strip())

    @property
    def narrowed(self) -> bool:
        """True when an account or advanced filter narrows the entries."""
        return bool(request.args.get("account", "").strip() or request.args.get("filter", "").strip())

    # -- results -------------------------------------------------------------------------

    #: Results kept per load of the books, by view and filters (oldest dropped first, never
    #: the views of the whole books made at load).
    results_kept = 32

    def _result(self, view: str) -> Any:
        """The view for this request's account and advanced filter and period."""
        self.check_request()
        args = request.args
        return self._compute(view, args.get("account", ""), args.get("filter", ""), self.period)

    def _compute(self, view: str, account: str, filter: str, period: tuple) -> Any:  # noqa: A002
        """The view computed once per load, account and advanced filter, and period."""
        results = self._cached("results", dict)
        key = (view, account, filter, period)
        if key not in results:
            make = getattr(self, f"_make_{view}")
            try:
                with same_entries(self.ledger.all_entries, self._cache.setdefault("memo", {})):
                    result = make(account, filter, *period)
            except HTTPException:
                raise
            except Exception as exc:  # noqa: BLE001 - told on the page (failure) and in the JSON, kept for the load
                result = ViewFailed(view, exc)
            while len(results) >= self.results_kept:  # the oldest goes; the views made at load stay
                oldest = next((k for k in results if k[1:] != ("", "", (None, None))), None)
                if oldest is None:
                    break
                results.pop(oldest)
            results[key] = result
        result = results[key]
        if isinstance(result, ViewFailed):
            raise result
        return result

    def failure(self, view: str) -> str:
        """Why `view` could not be computed for this request ("" when it can): the page says so
        in place of the view. Why: a view that raised on odd books made the whole page Fava's
        bare 500, with nothing to tell the auditor what to look at."""
        try:
            self._result(view)
        except ViewFailed as failed:
            return failed.message
        return ""

    def _json(self, view: str):
        """The view as JSON; `{"error": …}` with HTTP 500 when it could not be computed (not
        Fava's HTML error page, which a script cannot read)."""
        try:
            return jsonify(as_data(self._result(view)))
        except ViewFailed as failed:
            response = jsonify({"error": failed.message})
            response.status_code = HTTPStatus.INTERNAL_SERVER_ERROR
            return response

    @property
    def currency(self) -> str:
        """The books' first operating currency (CNY when none is set): the statement leaves other currencies out."""
        operating = self.ledger.options.get("operating_currency") or ["CNY"]
        return operating[0]

    @property
    def movements(self) -> FundMovements:
        """The whole books' fund postings, summed once per load (ledger.funds)."""
        return self._cached("movements", lambda: FundMovements.from_entries(self.ledger.all_entries, currency=self.currency))

    @property
    def gifts(self):
        """Every donation in the books (ledger.audit.receipts.donations), made once per load."""
        return self._cached("gifts", lambda: list(donations(transaction_index(self.ledger.all_entries).donations, self.registry, self.currency)))

    @property
    def refunds(self):
        """Which gift each gift given back gives back, over the whole books (ledger.audit.receipts.match_refunds), once per load."""
        return self._cached("refunds", lambda: match_refunds(self.gifts))

    def refunded_gift(self, refund: Any) -> Any:
        """The gift a refund's `refund_of` names as the site finds it (that gift's page tells what
        went back); None when it names no earlier gift of the same donor."""
        return self.refunds.gift_of.get(id(refund.entry))

    def given_back_by(self, gift: Any) -> tuple:
        """The refunds that give `gift` back (its acknowledgement page lists them); () for none."""
        return self.refunds.refunds_of.get(id(gift.entry), ())

    def statement(self):
        """The statement of changes in funds (ledger.funds): of the whole books, or of the
        entries an account or advanced filter leaves."""
        return self._result("statement")

    def _make_statement(self, account, filter, start, end):  # noqa: A002
        source = self._scoped(account, filter) if self._narrowed(account, filter) else self.movements
        return fund_statement(source, self.registry, start, end, names=self.names, currency=self.currency)

    def held(self) -> Held | None:
        """What the books hold at the period's end, account by account, as `relief reconcile`
        lists it (ledger.reconcile.held): money in transit and what is owed entry by entry,
        with their age and warnings. Of the whole books, whatever the account or advanced
        filter (what an account holds is all its entries'); None when no transaction is
        dated before the period's end.

        Why: the statement split the net assets into goods, receivables and what is owed,
        and money in transit was in none of them and on no line, nor was any entry behind
        what is owed: the auditor could not tie the reconciliation's lines to Fava."""
        return self._held_of(*self.period)

    def _held_of(self, start: datetime.date | None, end: datetime.date | None) -> Held | None:
        """What the books hold at the end of [start, end), once per load: the whole books'
        (no time filter) made at load (`prepare`), any other period's on its first request.

        Why at load: on the 100k demo books the listing took 0.6 s of the statement page's
        first request, the page's view itself made at load (issue 15: every page within a
        second of the load, each computed once per load)."""
        return self._cached(f"held {start} {end}", lambda: self._make_held(start, end))

    def _make_held(self, start: datetime.date | None, end: datetime.date | None) -> Held | None:
        txns = self.ledger.all_entries_by_type.Transaction
        if not txns:
            return None
        first = txns[0].date
        if end is not None and end <= first:
            return None
        # all of the books: through their last transaction (ledger.period.WholeBooks: with no
        # end, for the day after a transaction dated 9999-12-31 is no date)
        period = (Period(start or first, end, f"{start or first} – {end - datetime.timedelta(days=1)}", "all") if end is not None
                  else WholeBooks.of(start or first, txns[-1].date))
        settings = self.settings
        return held_at_end(txns, period, self.currency, settings.transit_warn_days, settings.payable_warn_days,
                           receivable_days=settings.receivable_warn_days, clearing_days=settings.clearing_warn_days,
                           accounts=(e.account for e in self.ledger.all_entries_by_type.Open))

    def receipts(self):
        """The register judged on the whole books; a filter only narrows the issued lines shown."""
        return self._result("receipts")

    def _make_receipts(self, account, filter, start, end):  # noqa: A002
        keep = None
        if self._narrowed(account, filter):
            scoped = {id(e) for e in self._scoped(account, filter)}
            keep = lambda donation: id(donation.entry) in scoped  # noqa: E731
        return receipt_register(self.ledger.all_entries, self.registry, self.settings, start, end, keep=keep, gifts=self.gifts)

    def donors(self):
        """Donors' totals in the filtered entries and period, largest first, under their registered names."""
        return self._result("donors")

    def _make_donors(self, account, filter, start, end):  # noqa: A002
        if self._narrowed(account, filter):
            donors = donor_totals(self._scoped(account, filter), self.registry, start, end, currency=self.currency)
        else:
            donors = donor_totals(self.ledger.all_entries, self.registry, start, end, gifts=self.gifts)
        add_pledges(donors, self.pledges, end)
        return donors

    @property
    def pledges(self):
        """Each pledge of the whole books with what it pledged and what of it was paid or
        cancelled, and when (ledger.pledges, the rule of the letters and acknowledgement
        pages), once per load: the donors view says of each donor's total what is still to come."""
        return self._cached("pledges", lambda: pledges_settled(self.ledger.all_entries_by_type.Transaction))

    pledge_account = PLEDGE_ACCOUNT

    # -- goods ---------------------------------------------------------------------------

    @property
    def goods_names(self) -> dict[str, GoodsName]:
        """How the books name each commodity (ledger.goods_names, the site's rule), once per load."""
        return self._cached("goods_names", lambda: goods_names(self.ledger.all_entries_by_type.Commodity))

    def goods_counted(self, commodity: str, quantity: Any) -> tuple[str, str]:
        """(zh, en) of `quantity` of `commodity` as the site's reports name goods in stock
        ("大米 35 袋", "Rice 35 bags"): the statement named them by code ("35 RICE")."""
        return goods_name(self.goods_names, commodity).counted(quantity)

    # -- entries awaiting review (the statement page) --------------------------------------

    @property
    def flagged_all(self) -> list:
        """The books' transactions flagged `!` (on the entry or a posting: ledger.unreviewed), once per load."""
        return self._cached("flagged", lambda: unreviewed(self.ledger.all_entries_by_type.Transaction))

    def flagged(self) -> list:
        """The `!` entries of this request's period that its account and advanced filter keep:
        what `flagged_url` opens."""
        return self._kept(self.flagged_all)

    def flagged_url(self) -> str:
        """Fava's journal on the `!` entries (the transaction's flag, or a posting's), with the request's filters."""
        flag = F.meta("flag", "!")
        return self.journal_url(f"{flag},any({flag})")

    def _kept(self, items: list) -> list:
        """Of `items` (entries, or lines with `date` and `entry`), those of this request's
        period whose entry its account and advanced filter keep."""
        start, end = self.period
        kept = [i for i in items if (start is None or i.date >= start) and (end is None or i.date < end)]
        if kept and self.narrowed:
            scoped = self._scoped_ids()
            kept = [i for i in kept if id(getattr(i, "entry", i)) in scoped]
        return kept

    def _scoped_ids(self) -> set[int]:
        """id() of each entry this request's account and advanced filter keep, made once per request."""
        scoped = getattr(g, "relief_scoped_ids", None)
        if scoped is None:
            args = request.args
            scoped = g.relief_scoped_ids = {id(e) for e in self._scoped(args.get("account", ""), args.get("filter", ""))}
        return scoped

    # -- transactions that do not balance (the statement's reconciliation) -------------

    @property
    def unbalanced_all(self) -> list:
        """The transactions beancount says do not balance (Fava's Errors page), once per load.
        Beancount keeps them, so they are in every figure, and what their lines miss is a
        difference between the funds and the net assets."""
        def make() -> list:
            seen: set[int] = set()
            found = []
            for e in self.ledger.errors:
                entry = getattr(e, "entry", None)
                if isinstance(entry, data.Transaction) and UNBALANCED in str(getattr(e, "message", "")) and id(entry) not in seen:
                    seen.add(id(entry))
                    found.append(entry)
            return sorted(found, key=lambda t: t.date)
        return self._cached("unbalanced", make)

    def unbalanced(self) -> list:
        """The transactions that do not balance up to this request's period's end (what they
        miss stays in every later closing balance) that its account and advanced filter keep."""
        _, end = self.period
        kept = [t for t in self.unbalanced_all if end is None or t.date < end]
        if kept and self.narrowed:
            scoped = self._scoped_ids()
            kept = [t for t in kept if id(t) in scoped]
        return kept

    # -- corrections (the statement page) ---------------------------------------------

    @property
    def corrections_all(self) -> list[CorrectionLine]:
        """Every correction in the books (ledger.audit.corrections), once per load."""
        return self._cached("corrections", lambda: correction_lines(self.ledger.all_entries, books_root(self.ledger.options)))

    def corrections(self) -> list[CorrectionLine]:
        """The corrections of this request's period that its account and advanced filter keep."""
        return self._kept(self.corrections_all)

    def cases(self):
        """Aid in the filtered entries; yearly limits judged on the whole books."""
        return self._result("cases")

    def _make_cases(self, account, filter, start, end):  # noqa: A002
        aggregate = aggregate_cases(self._scoped(account, filter), self.registry, self.settings, start, end, all_entries=self.ledger.all_entries, currency=self.currency)
        aggregate.total  # noqa: B018 - the units' and categories' totals merged now, with the view, not in the page's request
        return aggregate

    def _make_rules(self, account, filter, start, end):  # noqa: A002
        """The rules run on the whole books once per load; a filter or period picks among them.

        Fava's errors (`ledger.errors`), not only the loader's: Fava adds its own (a
        `fava-option` it cannot parse, the import configuration, a missing operating
        currency), and the auditor must find here exactly what Fava's Errors page lists."""
        all_groups = self._cached(
            "rules",
            lambda: rule_violations(self.ledger.all_entries, self.ledger.options, list(self.ledger.errors)),
        )
        scoped = {id(e) for e in self._scoped(account, filter)} if self._narrowed(account, filter) else None
        out = []
        for group in all_groups:
            kept = [
                v
                for v in group.violations
                if ((day := self.day_of(v)) is None or ((start is None or day >= start) and (end is None or day < end)))
                and (scoped is None or v.entry is None or id(v.entry) in scoped)
            ]
            out.append(type(group)(group.rule, group.title, group.enabled, kept))
        return out

    def whole_books_rule_counts(self) -> tuple[int, int]:
        """The rules view's count over the whole books, all time (errors and warnings, and of
        those the warnings): said beside a period's or filter's count, which read as the books'."""
        groups = self._compute("rules", "", "", (None, None))
        return sum(g.count for g in groups), sum(g.warnings for g in groups)

    @staticmethod
    def day_of(violation: Any) -> datetime.date | None:
        """The day an error is about, for the time filter: the entry's date, but the day before
        for a balance assertion, which checks the balance at the start of its day (the books'
        `2027-01-01 balance` is 2026's closing balance, and its failure is 2026's)."""
        if violation.date is not None and isinstance(violation.entry, data.Balance):
            return violation.date - datetime.timedelta(days=1)
        return violation.date

    def rules(self):
        """The rules' errors grouped by rule, narrowed to this request's filters and period."""
        return self._result("rules")

    #: Lines of the receipt register per page, gifts per donor shown before "more".
    per_page = 500
    gifts_shown = 10

    def register_page(self, register: Any) -> dict[str, Any]:
        """One year of the register (?year=, default the last), one page of it (?page=)."""
        years = [y.year for y in register.years]
        if not years:
            return {"year": None, "lines": [], "page": 1, "pages": 1, "asked": None}
        try:
            year = int(request.args.get("year", years[-1]))
        except ValueError:
            year = years[-1]
        chosen = next((y for y in register.years if y.year == year), register.years[-1])
        # a year with no receipts (?year=1999: an old bookmark) shows the last year, and says so
        asked = year if year != chosen.year and "year" in request.args else None
        pages = max(1, -(-len(chosen.lines) // self.per_page))
        try:
            number = min(max(1, int(request.args.get("page", 1))), pages)
        except ValueError:
            number = 1
        lines = chosen.lines[(number - 1) * self.per_page : number * self.per_page]
        return {"year": chosen.year, "lines": lines, "page": number, "pages": pages, "asked": asked}

    def gift_rows(self, donor: Any, given_back: Any, other: Any) -> Markup:
        """The rows of a donor's closed list of gifts ("明细 gifts"): the last `gifts_shown`,
        latest first, each with its date, receipt, fund, amount (linked to its entry) and the
        gift's own wish to stay anonymous.

        Why here and not in the template: the donors page holds this list for every donor on
        it (3 760 rows on the 20k demo books, 5 000 on the 100k), and the template's loop,
        with four macro calls a row, was three quarters of the page's first request. The
        bytes are the template's; each value is escaped once; the template's own macros
        `given_back` and `other` are called only for a gift they say something of (a refund,
        a gift given back, a gift in another currency), so there is one wording of each."""
        rows = []
        for gift in reversed(donor.gifts[-self.gifts_shown :]):
            amount = self.money(gift.amount)
            url = self.entry_url(gift.entry)
            if url:
                cell = f'<a href="{escape(url)}" class="">{amount}</a>'
            else:
                cell = f'<span class="">{amount}</span>'
            if gift.other_currencies:
                cell += str(other(gift))  # a str, not Markup: `str + Markup` escapes the str
            back = ""
            if gift.refund_of or gift.amount < 0 or (gift.amount > 0 and self.given_back_by(gift)):
                back = str(given_back(gift))
            wish = gift.anonymous
            rows.append(
                f'<tr><td class="word">{escape(str(gift.date))}</td>'
                f'<td><span class="word">{escape(gift.receipt or "—")}</span>{back}</td>'
                f'<td class="word">{escape(gift.fund or "—")}</td><td class="num">{cell}</td>'
                f'<td class="gift-anonymous" data-wish="{escape(wish)}">{escape(self.anonymity(wish, gift=True))}</td></tr>'
            )
        return Markup("".join(rows))

    #: Donors per page (largest totals first); the total row counts every donor.
    donors_per_page = 500

    def donor_page(self, donors: list) -> dict[str, Any]:
        """One page of the donors (?page=), with its place among them all."""
        pages = max(1, -(-len(donors) // self.donors_per_page))
        try:
            number = min(max(1, int(request.args.get("page", 1))), pages)
        except ValueError:
            number = 1
        first = (number - 1) * self.donors_per_page
        shown = donors[first : first + self.donors_per_page]
        return {"donors": shown, "page": number, "pages": pages, "first": first + 1, "last": first + len(shown), "count": len(donors)}

    def page_url(self, **values: Any) -> str:
        """This view again with `values` set (?year=, ?page=): the register's and the donors' page links.

        Fava's url_for keeps the request's own filters, so a page link does not lose them.
        """
        args = {"view": self.view, **{k: str(v) for k, v in values.items()}}
        return url_for("extension_report", extension_name=self.name, **args)

    # -- links ---------------------------------------------------------------------------

    def view_url(self, view: str) -> str:
        """The link to another view (the tabs at the top of the page), keeping Fava's filters."""
        return url_for("extension_report", extension_name=self.name, view=view)

    def journal_url(self, *parts: str | None, time: str | None = None, whole: bool = False) -> str:
        """Fava's journal, filtered by the user's filter and `parts`; `time` overrides the period.

        `whole`: without the user's account and advanced filter, for a figure judged on the
        whole books whatever the filter (a case's year against its aid limit, a receipt's
        void): with the filter kept, its link opened only the selection's part of it.

        Built from the journal's path (one url_for per request) and the request's own
        arguments: a page can hold thousands of these links and url_for costs ~0.5 ms each.
        """
        cached = getattr(g, "relief_journal", None)
        if cached is None:
            blank = {k: "" for k in KEPT_ARGS}
            path = url_for("report", report_name="journal", **blank).split("?", 1)[0]
            kept = {k: request.args[k] for k in KEPT_ARGS if request.args.get(k)}
            cached = g.relief_journal = (path, kept)
        path, kept = cached
        args = {k: v for k, v in kept.items() if k not in ("account", "filter")} if whole else dict(kept)
        # quote_plus(F.combine(...)), the same address urlencode made, from pieces quoted once
        args["filter"] = "+".join(map(_quoted_piece, F.pieces(args.get("filter", ""), *parts)))
        if time is not None:
            args["time"] = time
        return path + "?" + "&".join(f"{k}={v if k == 'filter' else quote_plus(v)}" for k, v in args.items() if v)

    def before_start(self) -> str | None:
        """A time filter for everything before the period (what the opening balance sums)."""
        start, _ = self.period
        if start is None or self.first_date is None or self.first_date >= start:
            return None
        return f"{self.first_date} - {start - datetime.timedelta(days=1)}"

    def until_end(self) -> str | None:
        """A time filter for everything up to the period's end (what a closing balance sums);
        "" for all time, None when the period ends before the books' first transaction: no
        entry is behind such a closing balance, and the range from the first day to the day
        before the period's end (`time=2026-01-01 - 2025-12-31` for `time=2025`) ends before
        it begins, which Fava's journal answered with a 500."""
        _, end = self.period
        if end is None or self.first_date is None:
            return ""
        if end <= self.first_date:
            return None
        return f"{self.first_date} - {end - datetime.timedelta(days=1)}"

    one_day = datetime.timedelta(days=1)
    zero = ZERO

    account_filter = staticmethod(F.account)
    goods_account, receivable_account, payable_account = GOODS_ACCOUNT, RECEIVABLE_ROOT, LIABILITIES
    #: the entries behind "of which money": those on an asset account other than goods and receivables
    money_filter = F.account_except(ASSETS, GOODS_ACCOUNT, RECEIVABLE_ROOT)
    meta_filter = staticmethod(F.meta)
    case_filter = staticmethod(F.case)

    def goods_moves_urls(self, st: Any) -> tuple[str | None, str | None]:
        """The links of the goods row's opening figure and of its in and out figures.

        Opening: the goods entries before the period, or, for a period from the books' first
        day (or none), the goods entries carrying a balance over into the books in it; no link
        when the opening adds both (a balance carried over within a later period), which one
        journal cannot show. In and out: the period's other goods entries (those counted in
        goods_in and goods_out, each entry by its net change in goods), one journal for both."""
        goods, carried = F.account(GOODS_ACCOUNT), F.carried(FUND_TRANSFER_ACCOUNT)
        before = self.before_start()
        if not st.goods_opening:
            opening = None
        elif before is None:
            opening = self.journal_url(goods, carried)
        elif not st.declared.carried:
            opening = self.journal_url(goods, time=before)
        else:
            opening = None
        moves = self.journal_url(goods, "-" + carried) if st.goods_in or st.goods_out else None
        return opening, moves

    def unit_filter(self, unit: str, aggregate: Any) -> str | None:
        """The aid to a reporting union: by the transactions' `unit` when they all carry it,
        else by the cases counted under it (a longer filter)."""
        total = aggregate.unit_total(unit)
        elsewhere = any(unit in aggregate.unit_total(other).unit_meta for other in aggregate.units if other != unit)
        if total.unit_meta == {unit} and not elsewhere:
            return F.meta("unit", unit)
        cases = sorted(total.cases)
        # "unknown" also counts aid that names no case and no unit: without this part its
        # link had only the account, and opened all of that account's aid
        no_case = F.no_case() if unit == UNKNOWN_UNIT and None in total.unit_meta else None
        return F.any_of(F.cases(*cases) if cases else None, no_case)

    def source_link(self, violation: Any) -> str:
        """Fava's editor at the line an error points at."""
        return url_for("report", report_name="editor", file_path=violation.filename, line=str(violation.lineno))

    @staticmethod
    def sum_total(donors: Any) -> Any:
        """The total of all the donors listed (every page, not only the one shown): the donor view's total row."""
        return sum((d.total for d in donors), ZERO)

    other_totals = staticmethod(other_totals)

    @staticmethod
    def gifts_other_totals(gifts: list) -> tuple[str, ...]:
        """What `gifts` gave in other currencies, per currency: beside a register year's amount,
        which leaves it out (the year's line said 15,700.00 and nothing of 100.00 USD)."""
        return summed_other(t for g in gifts for t in g.other_currencies)

    def year_gifts(self, year: Any) -> list:
        """The gifts of a register year that the request's filter keeps: what the year's
        count and amount links open. The year's lines are judged on the whole books, so a
        number used twice shows a gift the filter leaves out; counted, it made the year's
        figures more than their links' entries."""
        gifts = [d for line in year.lines for d in line.donations]
        if not self.narrowed:
            return gifts
        scoped = self._scoped_ids()
        return [d for d in gifts if id(d.entry) in scoped]

    def receipt_form(self, gifts: list) -> str:
        """The settings' receipt form as an example (JZ-2027-00001) in the year of the first of
        `gifts` (the numbers not of that form): the heading said JZ-2026-00001 whatever the
        books' year. "" for no gifts (the heading is not shown)."""
        return self.settings.receipt(gifts[0].date.year, 1) if gifts else ""

    def receipt_year_filter(self, year: int) -> str:
        """Donations whose receipt number is of `year` (PREFIX-YYYY-…)."""
        return F.prefix("receipt", f"{self.settings.receipt_prefix}-{year}-")

    def fund_filter(self, fund: str) -> str:
        """The journal filter for one fund's entries; for "" (the "no fund" row), the entries that name none."""
        return F.fund(fund) if fund else F.no_fund()

    def funds_filter(self, funds) -> str | None:
        """The journal filter for a total line's funds (those named); None when none is, so the total gets no link."""
        funds = [f for f in funds if f]
        return F.fund(*funds) if funds else None

    def entry_url(self, entry: Any, whole: bool = False) -> str | None:
        """The journal on one entry: its date and its file line (metadata Fava can filter on);
        `whole` as in journal_url, for an entry the filter may leave out.

        Fava's filter reads an entry's own attribute before its metadata: a document entry's
        `filename` is the document's path, so it is matched on that (with its line), not on
        the file it is written in, which matched nothing (the date of "File does not exist"
        on the rules view opened an empty journal)."""
        meta = getattr(entry, "meta", None) or {}
        if "lineno" not in meta:
            return None
        filename = entry.filename if hasattr(entry, "filename") else meta.get("filename", "")
        return self.journal_url(F.meta("lineno", str(meta["lineno"])), _file_filter(str(filename or "")), time=str(entry.date), whole=whole)

    # -- formatting ----------------------------------------------------------------------

    @staticmethod
    def money(value: Any) -> str:
        """An amount as the page prints it: thousands separated, two decimals (12,345.60)."""
        return f"{value:,.2f}"

    views = VIEWS

    @staticmethod
    def breakable(account: str) -> Markup:
        """An account name that may break after each colon: on a phone the statement's account
        column (Income:Donation:Organisation) would otherwise push the amounts off the screen."""
        return Markup(":<wbr>").join(escape(part) for part in account.split(":"))

    @staticmethod
    def reason_zh(reason: str) -> str:
        """Why aid went to a case not enrolled that day, in Chinese (REASONS_ZH); empty when the wording is new."""
        for pattern, zh in REASONS_ZH:
            found = pattern.match(reason)
            if found:
                return zh.format(*found.groups())
        return ""

    @staticmethod
    def unit_label(unit: str) -> str:
        """A reporting union as the cases table names it; aid whose case names none is "unknown"."""
        return "未知 unknown" if unit == UNKNOWN_UNIT else unit

    @staticmethod
    def rule_title_zh(rule: str) -> str:
        """The rule's Chinese heading (RULE_TITLES_ZH); empty for a rule that has none."""
        return RULE_TITLES_ZH.get(rule, "")

    @staticmethod
    def anonymity(wish: str, gift: bool = False) -> str:
        """A wish to stay anonymous (a donor's registered one, or with `gift` a gift's own:
        `anonymous` "public" or "all", docs/books.md) in both languages, saying where the name
        is left off, so the auditor can check the site and the letters against it; "" for none."""
        if wish not in ANONYMITY_SHOWN:
            return "" if wish == "none" else wish
        zh, en = ANONYMITY_SHOWN[wish]
        return f"此笔{zh} this gift: {en}" if gift else f"{zh} {en}"

    @staticmethod
    def donor_kind(kind: str) -> str:
        """A donor's kind in both languages; a kind the registry does not know, as written."""
        return DONOR_KINDS.get(kind, kind)

    # -- JSON endpoints ------------------------------------------------------------------

    @extension_endpoint("statement")
    def statement_json(self):
        """The fund statement as JSON (…/extension/ReliefAudit/statement), for the request's filters and period."""
        return self._json("statement")

    @extension_endpoint("receipts")
    def receipts_json(self):
        """The receipt register as JSON (…/extension/ReliefAudit/receipts): every line of the years shown."""
        return self._json("receipts")

    @extension_endpoint("donors")
    def donors_json(self):
        """Donors' totals as JSON (…/extension/ReliefAudit/donors); like the page, it names donors by legal name."""
        return self._json("donors")

    @extension_endpoint("cases")
    def cases_json(self):
        """Cases in aggregate as JSON (…/extension/ReliefAudit/cases): counts and amounts, case ids, no private details."""
        return self._json("cases")

    @extension_endpoint("rules")
    def rules_json(self):
        """The rules' errors by rule as JSON (…/extension/ReliefAudit/rules), for the request's filters and period."""
        return self._json("rules")
