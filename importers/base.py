"""What every relief importer shares: options, parsing cache, de-duplication, receipts.

Each importer is a real `beangulp.Importer` (identify, account, date, filename, extract,
deduplicate), so the same objects serve Fava's import page and `relief import`. An importer
parses a file once (cached by path, size and modification time), raises `ImportProblem`
for bad input, and keeps a per-file `Report` of skipped rows and notes for the dry run.
"""

from __future__ import annotations

import datetime
import os
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path
from typing import Any

import beangulp
from beancount.core import data

from importers.classify import Rules, assign_receipts
from importers.context import PROPOSAL_TYPE, BooksContext, build_context
from importers.dedupe import (
    DUPLICATE,
    aid_notes,
    by_hand_notes,
    cash_twin_notes,
    corrected_row_notes,
    fee_net_notes,
    funding_notes,
    gift_notes,
    layout_notes,
    mark_duplicates,
    near_twin_notes,
    ref_notes,
)
from importers.errors import ImportProblem, Skipped
from importers.refund_notes import refund_notes
from ledger.accounts import ALIPAY_ACCOUNT, ALIPAY_CLEARING_ACCOUNT, CASH_ACCOUNT, GOODS_ACCOUNT, WECHAT_ACCOUNT, WECHAT_CLEARING_ACCOUNT


@dataclass
class ImportOptions:
    """Settings shared by all importers of one set of books (from import_config.py)."""

    root: Path | None = None
    #: statement account number (or its last digits) -> books account
    accounts: dict[str, str] = field(default_factory=dict)
    #: the books account to use for a statement whose number is not mapped (--account)
    account: str | None = None
    rules: Rules = field(default_factory=Rules)
    #: check totals rows and record counts against the rows (turn off only for anonymised samples)
    verify_summary: bool = True
    #: make a balance assertion from the closing balance
    balance: bool = True
    link_window_days: int = 5
    wechat_account: str = WECHAT_ACCOUNT
    alipay_account: str = ALIPAY_ACCOUNT
    #: where a bill's rows paid by a card (or 余额宝 / 零钱通) that `accounts` does not map
    #: are booked, flagged `!`, until the card's statement meets them there
    wechat_clearing_account: str = WECHAT_CLEARING_ACCOUNT
    alipay_clearing_account: str = ALIPAY_CLEARING_ACCOUNT
    cash_account: str = CASH_ACCOUNT
    goods_account: str = GOODS_ACCOUNT

    def books_context(self):
        """The books' accounts, for Fava's file list (account() is asked before any extract).

        Read with beancount's own parser from accounts.beancount beside the import config
        (no plugins, no other files), once.
        """
        cached = self.__dict__.get("_context")
        if cached is None and self.root is not None and (self.root / "accounts.beancount").is_file():
            from beancount.parser import parser

            entries, _, _ = parser.parse_file(str(self.root / "accounts.beancount"))
            cached = build_context(entries, self.root)
            self.__dict__["_context"] = cached
        return cached


@dataclass
class Report:
    """What the dry run shows about one file besides its entries."""

    rows: int = 0
    #: the books account the file was imported for (where its document is filed)
    account: str = ""
    #: for statements: the first and last day the file covers
    period: tuple | None = None
    skipped: list[Skipped] = field(default_factory=list)
    notes: list[str] = field(default_factory=list)
    #: the file's own movement, summed over every row it holds (skipped ones included),
    #: signed from the centre's side, by the books account it moves: money in, money out
    #: (fees included). None where the importer does not measure it. The dry run sets these
    #: beside the proposed entries' movement, so a lost or doubled yuan shows. Money out
    #: is negative (file_out values are <= 0); the file's net is file_in + file_out.
    file_in: dict[str, Decimal] | None = None
    file_out: dict[str, Decimal] | None = None


class ReliefImporter(beangulp.Importer):
    """Base class: subclasses implement `parse(filepath)` and `make_entries(parsed, ctx, existing)`."""

    kind = "base"
    title = ""

    def __init__(self, options: ImportOptions | None = None):
        self.options = options or ImportOptions()
        self._parsed: dict[tuple, Any] = {}
        self.reports: dict[str, Report] = {}

    @property
    def name(self) -> str:
        """beangulp's importer name (relief.KIND): shown by Fava and written as each entry's `importer`."""
        return f"relief.{self.kind}"

    # --- parsing, cached -----------------------------------------------------------
    def parse(self, filepath: str) -> Any:
        """The file parsed by the subclass's `_parse`, cached by path, size and mtime: beangulp asks
        for the same file many times (identify, account, date, extract)."""
        path = Path(filepath)
        try:
            st = path.stat()
            key = (str(path.resolve()), st.st_size, st.st_mtime_ns)
        except OSError:
            key = (str(path), 0, 0)
        if key not in self._parsed:
            if len(self._parsed) > 32:
                self._parsed.clear()
            try:
                self._parsed[key] = self._parse(filepath)
            except ImportProblem as exc:
                self._parsed[key] = exc
        result = self._parsed[key]
        if isinstance(result, ImportProblem):
            raise result
        return result

    def _parse(self, filepath: str) -> Any:  # pragma: no cover - abstract
        raise NotImplementedError

    def matches(self, filepath: str) -> bool:  # pragma: no cover - abstract
        """Whether the file is of this importer's kind (subclasses look for their header row)."""
        raise NotImplementedError

    # --- beangulp's interface -------------------------------------------------------
    def identify(self, filepath: str) -> bool:
        """beangulp's identify: `matches`, with a file that cannot be read as a table (ImportProblem, OSError) simply not ours."""
        try:
            return bool(self.matches(filepath))
        except (ImportProblem, OSError):  # a file nobody can read is simply not ours (read_table
            return False  # turns every reader's failure into an ImportProblem; anything else is a bug)

    def account(self, filepath: str) -> str:
        """The books account a file belongs to (archive folder); subclasses that know better override it."""
        return self.options.account or self.options.cash_account

    def date(self, filepath: str) -> datetime.date | None:
        """The file's date for its archive name: its last record's day (None when it cannot be parsed)."""
        try:
            dates = self.dates(filepath)
        except ImportProblem:
            return None
        return max(dates) if dates else None

    def dates(self, filepath: str) -> list[datetime.date]:
        """The days of the file's records (subclasses that have dated rows override it)."""
        return []

    def filename(self, filepath: str) -> str | None:
        """beangulp's archive file name: KIND.ORIGINAL-NAME."""
        return f"{self.kind}.{os.path.basename(filepath)}"

    def context(self, existing: data.Entries) -> BooksContext:
        """What the books already say that an import needs (registries, open accounts, receipt numbers)."""
        return build_context(existing, self.options.root)

    def extract(self, filepath: str, existing: data.Entries) -> data.Entries:
        """beangulp's extract: parse, make entries, mark duplicates of `existing`, and keep the file's report."""
        parsed = self.parse(filepath)
        if not isinstance(existing, list):
            existing = list(existing or [])
        ctx = self.context(existing)
        report = Report()
        entries = self.make_entries(parsed, ctx, existing, filepath, report)
        self._registry = ctx.registry  # for the register-statement link's payer match
        try:
            self.deduplicate(entries, existing)
        finally:
            self._registry = None
        report.notes.extend(gift_notes(entries))
        report.notes.extend(cash_twin_notes(entries, existing, ctx.registry, self.options.link_window_days, self.options.cash_account))
        report.notes.extend(fee_net_notes(entries, existing, ctx.registry, self.options.link_window_days))
        report.notes.extend(near_twin_notes(entries, existing, ctx.registry,
                                            self.options.link_window_days))
        if self.kind == "donations":  # a register's rows only: a statement of 100,000 rows is not walked again
            report.notes.extend(corrected_row_notes(entries, existing))
        report.notes.extend(aid_notes(entries))
        report.notes.extend(ref_notes(entries))
        report.notes.extend(layout_notes(entries))
        report.notes.extend(by_hand_notes(entries))
        report.notes.extend(funding_notes(entries))
        entries = drop_unused_proposals(entries)
        assign_receipts(entries, ctx)
        report.notes.extend(refund_notes(entries, existing))  # after the receipts: a gift of this file is named by its own
        self.reports[str(filepath)] = report
        return entries

    def make_entries(self, parsed: Any, ctx: BooksContext, existing: list, filepath: str, report: Report) -> list:
        """The parsed file's entries (subclasses); problems are ImportProblems, notes go into `report`."""
        raise NotImplementedError  # pragma: no cover

    def deduplicate(self, entries: data.Entries, existing: data.Entries) -> None:
        """Mark entries already in `existing` (by source id, else by amount, account and nearby day) so they are shown but not written twice."""
        mark_duplicates(entries, existing, self.cmp, link_window=self.options.link_window_days,
                        registry=getattr(self, "_registry", None))

    def report(self, filepath: str) -> Report:
        """What the last extract of `filepath` found (rows, skipped, stated totals), for the dry run's summary."""
        return self.reports.get(str(filepath), Report())


def drop_unused_proposals(entries: list) -> list:
    """Proposed donors only for payers of donations that are really new."""
    used = {str(e.meta.get("proposed_donor")) for e in entries
            if isinstance(e, data.Transaction) and not e.meta.get(DUPLICATE) and e.meta.get("proposed_donor")}
    return [e for e in entries if not (isinstance(e, data.Custom) and e.type == PROPOSAL_TYPE
                                       and str(e.values[0].value) not in used)]
