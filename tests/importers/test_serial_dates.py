"""A workbook whose date cells show the spreadsheet's date number (46082) instead of a date:
a program writing the export without a date format leaves them so. Each row was refused,
"'46082' in its date column is not a date", with nothing to do but retype every date; now
the numbers are read as the days they stand for (1900 or 1904 date system, as the workbook
says), with a note. A CSV's 46082 stays refused: it may be anything."""

from __future__ import annotations

import datetime
from decimal import Decimal

import openpyxl
from openpyxl.utils.datetime import CALENDAR_MAC_1904

from importers.reading import serial_date
from tests.importers.test_behaviour import extract as extract_ok
from tests.importers.test_behaviour import run, txns

HEAD = ["交易时间", "记账日期", "借方发生额(支取)", "贷方发生额(收入)", "余额", "币种", "对方户名", "对方账号", "摘要",
        "账户明细编号-交易流水号"]  # ccb-corporate


def workbook(path, first, second, *, mac=False):
    wb = openpyxl.Workbook()
    if mac:
        wb.epoch = CALENDAR_MAC_1904
    ws = wb.active
    ws.append(["中国建设银行单位账户明细"])
    ws.append(HEAD)
    ws.append([first, first, None, 1000, 1000, "人民币", "某某公司", "1234", "捐款", "A1"])
    ws.append([None] * len(HEAD))
    ws.append([second, second, 200, None, 800, "人民币", "张三", "5678", "慰问", "A2"])
    wb.save(path)
    return path


def test_date_numbers_in_a_workbook_are_read_as_their_days(books, tmp_path):
    path = workbook(tmp_path / "statement.xlsx", 46082, 46083.5)
    (r,) = extract_ok(books, path, account="Assets:Bank:Basic")
    assert r.conserved
    assert [(t.date, t.postings[0].units.number) for t in txns(r)] == [
        (datetime.date(2026, 3, 1), Decimal("1000.00")), (datetime.date(2026, 3, 2), Decimal("-200.00"))]
    assert any("spreadsheet date numbers, not dates (row 3: 46082)" in n for n in r.report.notes)


def test_date_numbers_of_a_1904_workbook_count_from_1904(books, tmp_path):
    path = workbook(tmp_path / "statement.xlsx", 44620, 44621, mac=True)  # 2026-03-01 in the 1904 system
    (r,) = extract_ok(books, path, account="Assets:Bank:Basic")
    assert [t.date for t in txns(r)] == [datetime.date(2026, 3, 1), datetime.date(2026, 3, 2)]


def test_date_numbers_in_an_excel_2003_xml_workbook_are_read_as_their_days(books, tmp_path):
    """A SpreadsheetML (.xls) export whose dates are Number cells: a workbook like any other.
    Why: its rows were refused as "'46082' in its date column is not a date"."""
    def cell(v):
        kind = "Number" if isinstance(v, (int, float)) else "String"
        return f'<Cell><Data ss:Type="{kind}">{v}</Data></Cell>' if v is not None else "<Cell/>"
    rows = [["中国建设银行单位账户明细"], HEAD, [46082, 46082, None, 1000, 1000, "人民币", "某某公司", "1234", "捐款", "A1"],
            [46083.5, 46083.5, 200, None, 800, "人民币", "张三", "5678", "慰问", "A2"]]
    path = tmp_path / "statement.xls"
    path.write_text('<?xml version="1.0"?>\n<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
                    'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="明细"><Table>'
                    + "".join("<Row>" + "".join(cell(v) for v in row) + "</Row>" for row in rows)
                    + "</Table></Worksheet></Workbook>", encoding="utf-8")
    (r,) = extract_ok(books, path, account="Assets:Bank:Basic")
    assert [(t.date, t.postings[0].units.number) for t in txns(r)] == [
        (datetime.date(2026, 3, 1), Decimal("1000.00")), (datetime.date(2026, 3, 2), Decimal("-200.00"))]


def test_a_date_number_in_a_csv_is_still_refused_naming_the_row(books, tmp_path):
    path = tmp_path / "statement.csv"
    path.write_text(",".join(HEAD) + "\n46082,46082,,1000.00,1000.00,人民币,某某公司,1234,捐款,A1\n", encoding="utf-8")
    result = run(books / "main.beancount", path, "--account", "Assets:Bank:Basic")
    assert result.exit_code != 0 and "row 2" in result.output and "'46082'" in result.output


def test_only_this_centurys_day_numbers_are_dates():
    assert serial_date("46082") == "2026-03-01" and serial_date("46083.375") == "2026-03-02 09:00:00"
    assert serial_date("1000.00") is None and serial_date("20260301") is None and serial_date("99999") is None
    assert serial_date("") is None and serial_date("TX1") is None


def test_date_numbers_in_a_register_workbook_are_read_as_their_days(books, tmp_path):
    """A donation register typed into a column formatted as a number: each row was refused
    as "'46082' is not a date"."""
    wb = openpyxl.Workbook()
    ws = wb.active
    ws.append(["日期", "捐赠人", "捐赠人类型", "金额", "基金", "收款方式"])
    ws.append([46082, "王小明", "个人", 500, "GENERAL", "现金"])
    ws.append(["2026-03-06", "某某公司", "企业", 1000, "GENERAL", "现金"])
    path = tmp_path / "捐赠登记表.xlsx"
    wb.save(path)
    (r,) = extract_ok(books, path)
    assert [(t.date, t.postings[0].units.number) for t in txns(r)] == [
        (datetime.date(2026, 3, 1), Decimal("500.00")), (datetime.date(2026, 3, 6), Decimal("1000.00"))]
    assert r.conserved and any("spreadsheet date numbers, not dates (row 2: 46082)" in n for n in r.report.notes)


def _as_day_numbers(src, dst):
    """The bill workbook `src` with every 交易时间 / 付款时间 / 交易创建时间 cell under the header
    written as the spreadsheet's day number (46086.41666667), no date format: as a program
    that rewrites the workbook without formats leaves it."""
    from pathlib import Path

    wb = openpyxl.load_workbook(src)
    for ws in wb.worksheets:
        header = None
        for row in ws.iter_rows():
            texts = [str(c.value or "").strip() for c in row]
            if header is None:
                if "收/支" in texts and any(t in texts for t in ("交易时间", "付款时间")):
                    header = [i for i, t in enumerate(texts) if t in ("交易时间", "付款时间", "交易创建时间")]
                continue
            for i in header:
                cell = row[i] if i < len(row) else None
                value = cell.value if cell is not None else None
                if isinstance(value, str):
                    try:
                        moment = datetime.datetime.strptime(value.strip(), "%Y-%m-%d %H:%M:%S")
                    except ValueError:
                        continue
                elif isinstance(value, datetime.datetime):
                    moment = value
                else:
                    continue
                delta = moment - datetime.datetime(1899, 12, 30)
                cell.value = round(delta.days + delta.seconds / 86400, 8)
                cell.number_format = "General"
    wb.save(dst)
    return Path(dst)


def _bill_entries(r):
    return [(t.date, t.meta.get("source_ref"), tuple((p.account, p.units) for p in t.postings)) for t in txns(r)]


def test_date_numbers_in_a_bill_workbook_are_read_as_their_times(books, tmp_path):
    """A WeChat Pay or Alipay bill workbook whose times show the spreadsheet's day number: each
    row was refused, "'46086.41666667' in its time column is not a date and time; fix the cell",
    with nothing to do but retype every time. Read as statements and registers read them, the
    bill books the entries the bill as exported books, with a note."""
    from pathlib import Path

    golden = Path(__file__).parent / "golden"
    for name in ("wechat/wechat.xlsx", "alipay/alipay.xlsx"):
        src = golden / name
        (expected,) = extract_ok(books, src)
        path = _as_day_numbers(src, tmp_path / src.name)
        (r,) = extract_ok(books, path)
        assert r.conserved
        assert _bill_entries(r) == _bill_entries(expected), name
        assert any("spreadsheet date numbers, not dates" in n for n in r.report.notes), r.report.notes
