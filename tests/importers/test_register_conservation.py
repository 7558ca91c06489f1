"""Every yuan and every bag of rice of a register is accounted for (#12).

The donation register, the disbursement roster and the goods register measure their own
movement (Report.file_in / file_out): money per account it is received in or paid from,
goods received at their stated value on `Assets:Goods` and counted per item
(`Assets:Goods RICE`), goods handed out counted per item. The dry run sets that beside the
proposed entries, the entries already in the books and the skipped rows (totals rows and
notes, listed with a zero amount).

The property: registers generated from the shipped templates (`relief import --template`,
xlsx and csv), with money and goods donations, anonymous and unknown donors, blank and
masked cells, amounts written as Excel numbers or as text with ¥ and thousands separators,
totals rows (小计 / 合计), signature lines, the same row twice, and rows already in the
books (an earlier file with the first rows), imported alone and together with a bank
statement in random order: each file's measured movement equals the generator's own count,
the books move by exactly that minus what was already there (each row in the fund its
基金 cell names, a restricted one by its id or its name), and importing them together
gives the entries each gives alone. A planted one-fen (or one-bag) error, and a row lost on
the way, are caught.
"""

from __future__ import annotations

import csv
import datetime
import random
import shutil
from dataclasses import dataclass, field
from decimal import Decimal
from pathlib import Path

import pytest
from beancount.core import data
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from importers import registers
from importers.run import ImportFailed, extract_files, load_importers, render, write_import
from importers.template_files import copy_template
from ledger.books import load_books

ZERO = Decimal(0)
BANK, CASH, GOODS = "Assets:Bank:Basic", "Assets:Cash", "Assets:Goods"
RICE = f"{GOODS} RICE"
RECEIVED = {"": CASH, "现金": CASH, "cash": CASH, "银行": BANK, "bank": BANK,
            "微信": "Assets:Online:WeChat", "支付宝": "Assets:Online:Alipay"}
PAID = {"": BANK, "银行": BANK, "bank": BANK, "代发": BANK, "现金": CASH, "cash": CASH}
STOCK = """
2026-01-10 * "某某粮油公司" "捐赠大米"
  fund: "GENERAL"
  donor: "D0001"
  receipt: "JZ-2026-00001"
  Assets:Goods             600 RICE {58.00 CNY}
  Income:Donation:InKind
2026-01-11 * "某某粮油公司" "捐赠大米"
  fund: "GENERAL"
  donor: "D0001"
  receipt: "JZ-2026-00002"
  Assets:Goods             600 RICE {60.00 CNY}
  Income:Donation:InKind
"""


@pytest.fixture(scope="module")
def loaded(tmp_path_factory, books_template):
    root = tmp_path_factory.mktemp("registers") / "books"
    shutil.copytree(books_template, root)
    with (root / "txns" / "2026.beancount").open("a", encoding="utf-8") as fh:
        fh.write(STOCK)
    books = load_books(root)
    assert books.errors == []
    return books


def extract(books, paths, *, verify_summary=True):
    return extract_files(books, [Path(p) for p in paths], load_importers(books.root), account=BANK,
                         verify_summary=verify_summary)


# --- the files, and the truth the generator keeps -----------------------------------------

@dataclass
class Generated:
    """One register as rows of cells by column key, and what it moves (the truth)."""

    kind: str
    rows: list[dict] = field(default_factory=list)
    #: per row: the movement it makes per measured key (empty for totals rows and notes)
    moves: list[dict] = field(default_factory=list)
    #: rows from the first one that an earlier file already brought into the books
    earlier: int = 0
    fmt: str = "csv"
    #: per row: the fund its 基金 cell names (GENERAL when empty; "" for totals rows and notes)
    funds: list[str] = field(default_factory=list)

    def truth(self, rows: slice = slice(None)) -> dict[str, Decimal]:
        return add(*self.moves[rows])

    def fund_truth(self, rows: slice = slice(None)) -> dict[tuple[str, str], Decimal]:
        """The movement per (fund, measured key)."""
        return {k: v for k, v in add(*({(f, key): v for key, v in m.items()} for f, m in zip(self.funds[rows], self.moves[rows],
                                                                                             strict=True))).items() if v}


def add(*dicts) -> dict[str, Decimal]:
    out: dict[str, Decimal] = {}
    for d in dicts:
        for k, v in d.items():
            out[k] = out.get(k, ZERO) + v
    return {k: v for k, v in out.items() if v}


def minus(a: dict, b: dict) -> dict[str, Decimal]:
    return add(a, {k: -v for k, v in b.items()})


def write_register(folder: Path, name: str, g: Generated, rows: list[dict]) -> Path:
    """A copy of the shipped template with the rows filled in below its header."""
    path = copy_template(g.kind, folder / f"{name}.{g.fmt}")
    keys = [c.key for c in registers.REGISTERS[g.kind].columns]
    if g.fmt == "csv":
        with path.open("a", encoding="utf-8", newline="") as fh:
            writer = csv.writer(fh)
            for r in rows:
                writer.writerow([_text(r.get(k, "")) for k in keys])
    else:
        import openpyxl

        wb = openpyxl.load_workbook(path)
        ws = wb.worksheets[0]
        for r in rows:
            ws.append([r.get(k) if r.get(k) not in ("",) else None for k in keys])
        wb.save(path)
    return path


def _text(value) -> str:
    return "" if value is None else str(value)


def money_cell(draw, cents: int):
    """An amount as a finance officer writes it: an Excel number, or text with ¥ / 元 / commas."""
    value = Decimal(cents) / 100
    style = draw(st.sampled_from(["plain", "comma", "yuan", "number", "fen"]))
    if style == "comma":
        return f"{value:,.2f}"
    if style == "yuan":
        return f"¥{value}" if draw(st.booleans()) else f"{value}元"
    if style == "number":
        return float(value)  # an Excel number cell (text in a csv)
    if style == "fen":
        return f"{value:.2f}"
    return format(value, "f")


BLANK = st.sampled_from(["", "/", "-", "--"])
#: a 基金 cell: empty or blank for the general fund, or a restricted fund by its id or its name
FUND_CELLS = {"": "GENERAL", "GENERAL": "GENERAL", "/": "GENERAL", "EDU-2026": "EDU-2026", "金秋助学": "EDU-2026"}
DAYS = st.integers(min_value=0, max_value=27)


@st.composite
def donation_register(draw):
    g = Generated("donations", fmt=draw(st.sampled_from(["csv", "xlsx"])))
    seen = set()
    for n in range(draw(st.integers(1, 8))):
        day = datetime.date(2026, 3, 1) + datetime.timedelta(days=draw(DAYS))
        donor = draw(st.sampled_from(["", "D0001", "王小明", "某某机械", f"新捐赠人{n}", "***"]))
        # in a workbook, also the spreadsheet's day number of a column formatted as a number
        dates = [day.isoformat(), f"{day.year}年{day.month}月{day.day}日"] + ([(day - datetime.date(1899, 12, 30)).days]
                                                                         if g.fmt == "xlsx" else [])
        row = {"date": draw(st.sampled_from(dates)),
               "donor": donor, "anonymous": draw(st.sampled_from(["", "否", "完全匿名", "网站不公开"])),
               "contact": draw(st.sampled_from(["", "139****5678", "/", "王先生 138****0000"])),
               "letter": draw(st.sampled_from(["", "是", "否", "/"])), "note": draw(st.sampled_from(["", "/", "捐款箱"])),
               "fund": draw(st.sampled_from(sorted(FUND_CELLS))),
               "ref": f"SJ-{n:03d}" if draw(st.booleans()) else draw(BLANK)}
        if draw(st.booleans()):
            cents = draw(st.integers(1, 50_000_000))
            received = draw(st.sampled_from(sorted(RECEIVED)))
            row.update(amount=money_cell(draw, cents), received=received, item=draw(BLANK) if g.fmt == "csv" else "")
            move = {RECEIVED[received]: Decimal(cents) / 100}
            key = (day, donor, cents)
        else:
            qty = draw(st.integers(1, 500))
            unit = Decimal(draw(st.integers(1, 20_000))) / 100
            row.update(item=draw(st.sampled_from(["RICE", "大米", "rice"])), quantity=qty if g.fmt == "xlsx" else str(qty),
                       unit_value=float(unit) if g.fmt == "xlsx" and draw(st.booleans()) else f"{unit:.2f}",
                       valuation=draw(st.sampled_from(["", "invoice", "market"])))
            move = {GOODS: qty * unit, RICE: Decimal(qty)}
            key = (day, donor, "goods", qty)
        if key in seen:
            continue  # two different rows alike in date, donor and amount would share a fingerprint
        seen.add(key)
        g.rows.append(row)
        g.moves.append(move)
        g.funds.append(FUND_CELLS[row["fund"]])
        if draw(st.integers(0, 4)) == 0:  # the same gift twice (two cash gifts alike; a voucher is one gift)
            g.rows.append(dict(row, ref=""))
            g.moves.append(dict(move))
            g.funds.append(g.funds[-1])
    return finish(draw, g, amount_key="amount", extra={"quantity": RICE})


@st.composite
def roster(draw):
    g = Generated("roster", fmt=draw(st.sampled_from(["csv", "xlsx"])))
    categories = ["特困救助", "医疗救助", "助学", "就业援助", "法律援助", "节日慰问", "Medical", "Living"]
    seen = set()
    for _ in range(draw(st.integers(1, 8))):
        day = datetime.date(2026, 3, 1) + datetime.timedelta(days=draw(DAYS))
        case = draw(st.sampled_from(["C0001", "C0002"]))
        cents = draw(st.integers(1, 2_000_000))
        paid = draw(st.sampled_from(sorted(PAID)))
        category = draw(st.sampled_from(categories))
        fund = draw(st.sampled_from(["", "GENERAL", "/"] + (["EDU-2026", "金秋助学"] if category == "助学" else [])))
        if (day, case, cents) in seen:
            continue
        seen.add((day, case, cents))
        row = {"date": day.isoformat(), "case": case, "category": category, "amount": money_cell(draw, cents),
               "fund": fund, "approval": f"SP-2026-{draw(st.integers(1, 9999)):04d}", "paid_by": paid,
               "note": draw(st.sampled_from(["", "/", "住院补助"]))}
        g.rows.append(row)
        g.moves.append({PAID[paid]: -Decimal(cents) / 100})
        g.funds.append(FUND_CELLS[fund])
        if draw(st.integers(0, 5)) == 0:
            # the same aid paid again the same day: under an approval of its own (a row
            # repeated with the same approval is refused as entered twice)
            g.rows.append(dict(row, approval=row["approval"] + "-2"))
            g.moves.append(dict(g.moves[-1]))
            g.funds.append(g.funds[-1])
    return finish(draw, g, amount_key="amount")


@st.composite
def goods_register(draw):
    g = Generated("goods", fmt=draw(st.sampled_from(["csv", "xlsx"])))
    seen = set()
    for n in range(draw(st.integers(1, 8))):
        day = datetime.date(2026, 3, 1) + datetime.timedelta(days=draw(DAYS))
        case = draw(st.sampled_from(["C0001", "C0002"]))
        qty = draw(st.integers(1, 40))
        if (day, case, qty) in seen:
            continue
        seen.add((day, case, qty))
        row = {"date": day.isoformat(), "case": case, "item": draw(st.sampled_from(["RICE", "大米"])),
               "quantity": qty if g.fmt == "xlsx" else str(qty), "fund": draw(st.sampled_from(["", "GENERAL", "/"])),
               "approval": f"SP-2026-{n:04d}", "note": draw(BLANK)}
        g.rows.append(row)
        g.moves.append({RICE: -Decimal(qty)})
        g.funds.append(FUND_CELLS[row["fund"]])
        if draw(st.integers(0, 5)) == 0:
            g.rows.append(dict(row))
            g.moves.append(dict(g.moves[-1]))
            g.funds.append(g.funds[-1])
    return finish(draw, g, amount_key="quantity")


def finish(draw, g: Generated, amount_key: str, extra: dict | None = None) -> Generated:
    """Rows already in the books (an earlier file), then a totals row and a signature line."""
    g.earlier = draw(st.integers(0, len(g.rows)))
    if draw(st.booleans()):
        def total(key, measure):
            if key == "quantity" and measure:
                return sum((m.get(measure, ZERO) for m in g.moves), ZERO)
            return sum((v for m in g.moves for k, v in m.items() if not k.startswith(GOODS)), ZERO)

        row = {"date": draw(st.sampled_from(["合计", "总计", "Total"]))}
        if amount_key == "quantity" and g.kind == "goods":
            row["quantity"] = str(-total("quantity", RICE))
        else:
            row[amount_key] = f"{abs(total(amount_key, None)):,.2f}"
            for key, measure in (extra or {}).items():
                row[key] = str(total(key, measure))
        g.rows.append(row)
        g.moves.append({})
        g.funds.append("")
    if draw(st.booleans()):
        g.rows.append({"date": draw(st.sampled_from(["制表人：张会计", "经办人：", "以下空白"]))})
        g.moves.append({})
        g.funds.append("")
    return g


CMB_HEADER = ["记账日期", "货币", "交易金额", "联机余额", "交易摘要", "对手信息", "客户摘要"]


@st.composite
def bank_statement(draw):
    """A CMB download (signed amounts): money in from donors, money out to suppliers. Its days
    are in May, out of the registers' link window: a register's gift and a statement row of
    the same money are linked (tests/importers/test_register_link.py), not counted here."""
    rows, balance, net = [], Decimal("100000.00"), ZERO
    for n in range(draw(st.integers(1, 6))):
        day = datetime.date(2026, 5, 1) + datetime.timedelta(days=draw(DAYS))
        cents = draw(st.integers(1, 5_000_000)) * draw(st.sampled_from([1, -1]))
        amount = Decimal(cents) / 100
        balance += amount
        net += amount
        rows.append((day, amount, balance, f"某某公司{n} 6222020000{n:06d}"))
    rows.sort(key=lambda r: r[0])
    balance = Decimal("100000.00")
    lines = []
    for day, amount, _, payer in rows:
        balance += amount
        lines.append([day.isoformat(), "CNY", f"{amount:,.2f}", f"{balance:,.2f}", "转账汇款", payer, "转账"])
    return lines, ({BANK: net} if net else {})


def write_bank(folder: Path, lines) -> Path:
    path = folder / "cmb.csv"
    with path.open("w", encoding="utf-8-sig", newline="") as fh:
        csv.writer(fh).writerows([CMB_HEADER, *lines])
    return path


# --- measuring, independently of the importer ----------------------------------------------

def moved(entries) -> dict[str, Decimal]:
    """The entries' movement per measured key: money per Assets account (goods at their cost,
    where the entry states it), goods per item."""
    out: dict[str, Decimal] = {}
    for e in entries:
        if not isinstance(e, data.Transaction):
            continue
        for p in e.postings:
            if not p.account.startswith("Assets:") or p.units is None:
                continue
            if p.units.currency == "CNY":
                out[p.account] = out.get(p.account, ZERO) + p.units.number
            else:
                key = f"{p.account} {p.units.currency}"
                out[key] = out.get(key, ZERO) + p.units.number
                per = getattr(p.cost, "number_per", None)
                if isinstance(per, Decimal):
                    out[p.account] = out.get(p.account, ZERO) + p.units.number * per
    return {k: v for k, v in out.items() if v}


def moved_by_fund(entries) -> dict[tuple[str, str], Decimal]:
    """moved(), per (the entry's fund, measured key)."""
    return add(*({(str(e.meta.get("fund")), key): v for key, v in moved([e]).items()} for e in entries))


def unbalanced(entries) -> list[str]:
    """The transactions whose postings do not add up to nothing, to the fen (goods at the cost
    the entry states; a goods handout's aid posting, left for booking to fill in, is not
    counted): the side the books show as raised or spent must be what moved the assets."""
    out = []
    for e in entries:
        if not isinstance(e, data.Transaction) or any(p.units is None for p in e.postings):
            continue
        total: dict[str, Decimal] = {}
        for p in e.postings:
            per = getattr(p.cost, "number_per", None)
            number, currency = (p.units.number * per, p.cost.currency) if isinstance(per, Decimal) else (p.units.number, p.units.currency)
            total[currency] = total.get(currency, ZERO) + number
        if any(total.values()):
            out.append(f"row {e.meta.get('lineno')}: {[(p.account, p.units, p.cost) for p in e.postings]}")
    return out


def new_of(results) -> list:
    return [e for r in results for e in r.new]


def already_of(results) -> list:
    from importers.dedupe import DUPLICATE

    return [e for r in results for e in r.entries if e.meta.get(DUPLICATE)]


def measured(result) -> dict[str, Decimal]:
    return {m.account: m.file_net for m in result.money if m.file_net}


def _plain(results) -> list[str]:
    """Entries as text without what a run numbers in order (receipts, proposed donor ids)."""
    out = []
    for r in results:
        for e in r.new:
            if isinstance(e, data.Transaction):
                meta = {k: v for k, v in e.meta.items() if k not in ("receipt", "proposed_donor", "filename", "lineno")
                        and not k.startswith("__")}
                out.append(f"{r.path.name} {e.date} {e.flag} {e.payee} {e.narration} {sorted(meta.items())} "
                           f"{[(p.account, p.units, p.cost) for p in e.postings]}")
    return sorted(out)


def import_register(books, folder: Path, g: Generated, name: str, *, others=()):
    """The register alone (after its earlier file, if any): results of the run, the register's last."""
    paths = []
    if g.earlier:
        paths.append(write_register(folder, f"{name}-earlier", g, g.rows[:g.earlier]))
    paths.append(write_register(folder, name, g, g.rows))
    return paths


# --- the property --------------------------------------------------------------------------

@settings(max_examples=30, deadline=None, database=None,
          suppress_health_check=[HealthCheck.function_scoped_fixture, HealthCheck.too_slow, HealthCheck.data_too_large])
@given(donations=donation_register(), aid=roster(), handouts=goods_register(), bank=bank_statement(),
       seed=st.integers(0, 10_000))
def test_property_books_move_as_the_registers_do(loaded, tmp_path_factory, donations, aid, handouts, bank, seed):
    folder = tmp_path_factory.mktemp("registers")
    bank_lines, bank_truth = bank
    bank_path = write_bank(folder, bank_lines)
    groups = {"donations": (donations, import_register(loaded, folder, donations, "捐赠登记表")),
              "roster": (aid, import_register(loaded, folder, aid, "发放花名册")),
              "goods": (handouts, import_register(loaded, folder, handouts, "物资发放登记表"))}
    alone = []
    for kind, (g, paths) in groups.items():
        results = extract(loaded, paths)
        assert all(r.problem is None for r in results), [str(r.problem) for r in results]
        last = results[-1]
        assert last.importer.kind == kind
        text = render(results)
        assert all(r.conserved for r in results) and "ERROR" not in text, text
        # the importer measured what the generator wrote, every row of it
        assert measured(last) == g.truth(), text
        # the rows already in the books are those of the earlier file, the rest is new
        assert moved(already_of([last])) == g.truth(slice(0, g.earlier)), text
        assert moved(new_of([last])) == g.truth(slice(g.earlier, None)), text
        # in the fund each row's 基金 names (a restricted one by its id or its name)
        assert moved_by_fund(new_of([last])) == g.fund_truth(slice(g.earlier, None)), text
        # and what they move is what the books raise or spend, entry by entry
        assert unbalanced(last.entries) == [], text
        # rows that book nothing are listed, each with its amount
        assert all(s.amount is not None for r in results for s in r.report.skipped)
        booked = [e for e in last.entries if isinstance(e, data.Transaction)]
        assert len(booked) + len(last.report.skipped) == len(g.rows), text
        alone.append(last)
    (rb,) = extract(loaded, [bank_path])
    assert rb.problem is None and rb.conserved and measured(rb) == bank_truth, render([rb])
    alone.append(rb)

    # together, in random order (each earlier file before its register): the same entries
    order = [paths for _, paths in groups.values()] + [[bank_path]]
    random.Random(seed).shuffle(order)
    together = extract(loaded, [p for paths in order for p in paths])
    text = render(together)
    assert all(r.problem is None for r in together), text
    assert all(r.conserved for r in together), text
    last = {r.path: r for r in together}
    mine = [last[paths[-1]] for _, paths in groups.values()] + [last[bank_path]]
    assert _plain(mine) == _plain(alone), text
    want = add(*(g.truth(slice(g.earlier, None)) for g, _ in groups.values()), bank_truth)
    assert moved(new_of(mine)) == want, text


# --- the pieces the property is made of, and the check itself -------------------------------

def test_a_totals_row_that_disagrees_is_refused_with_its_row_and_column(loaded, tmp_path):
    g = Generated("roster", fmt="csv")
    rows = [{"date": "2026-03-10", "case": "C0001", "category": "医疗救助", "amount": "800", "approval": "SP-1"},
            {"date": "2026-03-10", "case": "C0002", "category": "特困救助", "amount": "500.01", "approval": "SP-2"},
            {"date": "合计", "amount": "1,300.00"}]
    path = write_register(tmp_path, "roster", g, rows)
    (result,) = extract(loaded, [path])
    assert result.problem is not None
    assert "row 4" in result.problem.message and "'金额'" in result.problem.message
    assert "the totals row says 1,300.00 but the rows above add up to 1,300.01" in result.problem.message
    (ignored,) = extract(loaded, [path], verify_summary=False)
    assert ignored.problem is None and ignored.conserved
    assert any("row 4: the totals row says 1,300.00" in n for n in ignored.report.notes)
    assert [(s.row, s.amount) for s in ignored.report.skipped] == [(4, ZERO)]



@pytest.mark.parametrize("label", ["合　计", "合 计", "总  计"])
def test_a_totals_label_spaced_out_is_a_totals_row_and_checked(loaded, tmp_path, label):
    """合　计, spaced out to the column's width, was refused as an entry without a date, case
    or category, and its total went unchecked."""
    g = Generated("roster", fmt="csv")
    rows = [{"date": "2026-03-10", "case": "C0001", "category": "医疗救助", "amount": "800", "approval": "SP-1"},
            {"date": "2026-03-10", "case": "C0002", "category": "特困救助", "amount": "500.01", "approval": "SP-2"},
            {"date": label, "amount": "1,300.00"}]
    (result,) = extract(loaded, [write_register(tmp_path, "roster", g, rows)])
    assert result.problem is not None and "the totals row says 1,300.00 but the rows above add up to 1,300.01" in result.problem.message
    rows[1]["amount"] = "500"
    (result,) = extract(loaded, [write_register(tmp_path, "roster-corrected", g, rows)])
    assert result.problem is None and [(s.row, s.amount) for s in result.report.skipped] == [(4, ZERO)]

def test_subtotals_and_a_grand_total_both_check(loaded, tmp_path):
    g = Generated("goods", fmt="xlsx")
    rows = [{"date": "2026-03-08", "case": "C0001", "item": "RICE", "quantity": 2, "approval": "SP-1"},
            {"date": "小计", "quantity": 2},
            {"date": "2026-03-09", "case": "C0002", "item": "大米", "quantity": 5, "approval": "SP-2"},
            {"date": "小计", "quantity": 5},
            {"date": "总计", "quantity": 7},
            {"date": "经办人：", "approval": "审核人："}]
    (result,) = extract(loaded, [write_register(tmp_path, "goods", g, rows)])
    assert result.problem is None, result.problem
    assert [s.row for s in result.report.skipped] == [3, 5, 6, 7]
    assert all(s.amount == 0 for s in result.report.skipped)
    (m,) = result.money
    assert (m.account, m.file_out, m.proposed) == (RICE, Decimal(-7), Decimal(-7))
    assert "。 goods Assets:Goods RICE: file in +0, out -7, net -7 = proposed -7" in render([result])


def test_a_masked_amount_is_a_problem_not_a_silent_skip(loaded, tmp_path):
    g = Generated("donations", fmt="csv")
    rows = [{"date": "2026-03-05", "donor": "王小明", "amount": "***.**"},
            {"date": "2026-03-05", "donor": "王小明", "amount": "12.345"}]
    (result,) = extract(loaded, [write_register(tmp_path, "donations", g, rows)])
    assert result.problem is not None
    assert "row 2, column '金额': the cell is masked" in result.problem.message
    assert "row 3, column '金额': 12.345 has more than two decimals" in result.problem.message


def test_goods_received_count_by_value_and_by_item(loaded, tmp_path):
    g = Generated("donations", fmt="xlsx")
    rows = [{"date": "2026-03-05", "donor": "某某机械", "item": "RICE", "quantity": 3, "unit_value": 1.25},
            {"date": "2026-03-05", "donor": "某某机械", "amount": 99.5, "received": "银行"}]
    (result,) = extract(loaded, [write_register(tmp_path, "donations", g, rows)])
    assert result.problem is None, result.problem
    assert measured(result) == {GOODS: Decimal("3.75"), RICE: Decimal(3), BANK: Decimal("99.50")}
    assert {m.account: m.proposed for m in result.money} == measured(result)


def _plant(monkeypatch, importer, change):
    original = importer.make_entries

    def planted(self, *args, **kwargs):
        entries = original(self, *args, **kwargs)
        return change(entries)

    monkeypatch.setattr(importer, "make_entries", planted)


def _one_fen_off(entries):
    for i, e in enumerate(entries):
        if isinstance(e, data.Transaction):
            fen = Decimal("0.01")
            postings = [p._replace(units=p.units._replace(number=p.units.number + (fen if p.units.number > 0 else -fen)))
                        for p in e.postings]
            entries[i] = e._replace(postings=postings)  # it still balances: only conservation notices
            return entries
    raise AssertionError("nothing to plant an error in")


@pytest.mark.parametrize("kind,rows,account", [
    ("donations", [{"date": "2026-03-05", "donor": "王小明", "amount": "20", "received": "现金"}], CASH),
    ("roster", [{"date": "2026-03-10", "case": "C0001", "category": "医疗", "amount": "800", "approval": "SP-1",
                 "paid_by": "银行"}], BANK),
])
def test_a_planted_one_fen_error_is_caught(loaded, tmp_path, monkeypatch, kind, rows, account):
    path = write_register(tmp_path, kind, Generated(kind, fmt="csv"), rows)
    (honest,) = extract(loaded, [path])
    assert honest.conserved
    _plant(monkeypatch, type(honest.importer), _one_fen_off)
    path.touch()
    (result,) = extract(loaded, [path])
    assert not result.conserved
    (bad,) = [m for m in result.money if not m.ok]
    assert bad.account == account and abs(bad.difference) == Decimal("0.01")
    text = render([result])
    assert f"。 ERROR money not conserved on {account}" in text and "money not conserved, see above" in text
    with pytest.raises(ImportFailed, match="does not add up"):
        write_import(loaded, [result])


def test_a_planted_bag_of_rice_is_caught(loaded, tmp_path, monkeypatch):
    rows = [{"date": "2026-03-08", "case": "C0001", "item": "RICE", "quantity": "2", "approval": "SP-1"}]
    path = write_register(tmp_path, "goods", Generated("goods", fmt="csv"), rows)

    def one_more(entries):
        e = entries[0]
        goods = e.postings[0]
        entries[0] = e._replace(postings=[goods._replace(units=goods.units._replace(number=goods.units.number - 1)),
                                          *e.postings[1:]])
        return entries

    _plant(monkeypatch, registers.GoodsRegisterImporter, one_more)
    (result,) = extract(loaded, [path])
    (bad,) = [m for m in result.money if not m.ok]
    assert bad.account == RICE and bad.difference == Decimal(-1)
    assert "。 ERROR money not conserved on Assets:Goods RICE: the file moves -2 but" in render([result])


def test_goods_at_a_wrong_cost_are_caught(loaded, tmp_path, monkeypatch):
    """The count is right but the value is one fen per bag off: the value line catches it."""
    rows = [{"date": "2026-03-05", "donor": "某某机械", "item": "RICE", "quantity": "10", "unit_value": "5.80"}]
    path = write_register(tmp_path, "donations", Generated("donations", fmt="csv"), rows)

    def dearer(entries):
        for i, e in enumerate(entries):
            if isinstance(e, data.Transaction):
                goods = e.postings[0]
                cost = goods.cost._replace(number_per=goods.cost.number_per + Decimal("0.01"))
                entries[i] = e._replace(postings=[goods._replace(cost=cost), e.postings[1]._replace(
                    units=e.postings[1].units._replace(number=e.postings[1].units.number - Decimal("0.10")))])
        return entries

    _plant(monkeypatch, registers.DonationRegisterImporter, dearer)
    (result,) = extract(loaded, [path])
    (bad,) = [m for m in result.money if not m.ok]
    assert bad.account == GOODS and bad.difference == Decimal("0.10")


def test_a_row_lost_on_the_way_is_caught(loaded, tmp_path, monkeypatch):
    rows = [{"date": "2026-03-10", "case": "C0001", "category": "医疗", "amount": "800", "approval": "SP-1"},
            {"date": "2026-03-11", "case": "C0002", "category": "医疗", "amount": "300", "approval": "SP-2"}]
    path = write_register(tmp_path, "roster", Generated("roster", fmt="xlsx"), rows)
    _plant(monkeypatch, registers.RosterImporter, lambda entries: entries[:1])
    (result,) = extract(loaded, [path])
    (m,) = result.money
    assert m.file_net == Decimal("-1100.00") and m.proposed == Decimal("-800.00")
    assert not result.conserved and "difference +300.00" in render([result])


def test_the_documented_goods_line_is_a_golden_one():
    import re

    doc = (Path(__file__).resolve().parents[2] / "docs" / "importing.md").read_text(encoding="utf-8")
    line = re.search(r"^;; 物资 .*。 goods .*$", doc, flags=re.M).group(0)
    golden = (Path(__file__).parent / "golden" / "goods" / "goods-totals.xlsx.beancount").read_text(encoding="utf-8")
    assert line in golden.splitlines()
