"""A register (donations, roster, goods) typed in traditional characters books exactly as its
twin in simplified characters: its header (read already) and every word the register looks
up in a cell: 現金 / 銀行 / 支付寶, 個人 / 企業, 網站不公開, 是 / 否, 醫療救助 / 助學, the fund's
and the goods item's names, the unit, the totals and signature lines. Names and notes are
booked as the file writes them.

Why: such a register had its header read, then every one of those cells refused, row by row
('銀行' is not a way of receiving money, '個人' is not a kind of donor, '醫療救助' is not an aid
category).
"""

from __future__ import annotations

import csv
import io
from pathlib import Path

import pytest
from beancount.core import data
from zhconv import convert

from importers.reading import read_table
from importers.run import extract_files, load_importers
from tests.importers.test_golden import INPUTS

REGISTERS = [p for p in INPUTS if p.parent.name in ("donations", "roster", "goods")]

#: words the golden registers do not write, in registers of their own (simplified; the test
#: writes each in traditional characters too)
DONATIONS = ("日期,捐赠人,捐赠人类型,金额,物资,数量,单价,基金,匿名,需要感谢信,收款方式,备注\n"
             "2026-03-12,某某贸易公司,企业,300.00,,,,,网站不公开,需要,支付宝,年度捐赠\n"
             "2026-03-12,陈丽华,个人,100.00,,,,金秋助学,否,否,微信转账,助学捐款\n"
             "2026-03-13,刘伟（网站不公开）,个人,50.00,,,,,,,现金,\n"
             "2026-03-13,爱心人士,,20.00,,,,,,,现金,捐款箱\n"
             "2026-03-14,某某粮店,社会组织,,大米,5袋,60.00,,,,,\n"
             "合计,,,470.00,,5,,,,,,\n"
             "经办人：张会计,,,,,,,,,,,\n")
ROSTER = ("日期,案例编号,类别,金额,金额（大写）,基金,审批单号,发放方式,备注\n"
          "2026-03-10,C0001,助学,600,陆佰圆整,金秋助学,SP-2026-0011,银行,秋季学费\n"
          "2026-03-10,C0002,节日慰问,200,贰佰元整,,SP-2026-0011,微信转账,\n"
          "2026-03-11,C0002,临时救助,300,叁佰元整,,SP-2026-0012,现金,\n"
          "本页小计,,,1100,壹仟壹佰元整,,,,\n"
          "本月累计,,,1100,,,,,\n"
          "共 2 户，合计金额 1100 元,,,,,,,,\n"
          "审核人：王五,,,,,,,,\n")
HANDMADE = {"donations-words.csv": DONATIONS, "roster-words.csv": ROSTER}


def _rows_of(path: Path) -> list[tuple[str, ...]]:
    return [row.cells for row in read_table(path).sheets[0].rows]


def _csv(rows, script: str) -> str:
    out = io.StringIO()
    csv.writer(out, lineterminator="\n").writerows([convert(c, script) if c else c for c in cells] for cells in rows)
    return out.getvalue()


def _result(books, path: Path):
    (result,) = extract_files(books, [path], load_importers(books.root))
    assert result.problem is None, result.problem
    return result


def _seen(result) -> list[str]:
    """The result as compared across scripts: its entries, skipped rows, notes and money, each
    word read in simplified characters (the names and notes are booked as written)."""
    entries = []
    for e in result.entries:
        # the row's fingerprint holds the donor's name as written (a register imported before keeps its ids)
        meta = {k: v for k, v in (e.meta or {}).items() if k not in ("filename", "lineno", "source_ref", "__legacy_ref__")}
        flag = e.flag if isinstance(e, data.Transaction) else None
        if "the same in simplified characters" in str(meta.get("note", "")):
            # a registered donor's name in traditional characters: found, flagged for the officer to confirm (below)
            del meta["note"]
            flag = "*"
        if isinstance(e, data.Transaction):
            postings = [(p.account, p.units, p.cost, p.flag) for p in e.postings]
            entries.append(("txn", e.date, flag, e.payee, e.narration, sorted(meta.items(), key=str), postings))
        else:
            entries.append((type(e).__name__, e.date, sorted(meta.items(), key=str)))
    report = result.report
    return [convert(repr(x), "zh-hans") for x in (*entries, report.skipped, report.rows, report.file_in, report.file_out)]


def _twins(tmp_path: Path, name: str, text_rows) -> tuple[Path, Path]:
    paths = []
    for script in ("zh-hans", "zh-hant"):
        folder = tmp_path / script
        folder.mkdir(exist_ok=True)
        path = folder / name
        path.write_text(_csv(text_rows, script), encoding="utf-8")
        paths.append(path)
    return paths[0], paths[1]


@pytest.mark.parametrize("path", REGISTERS, ids=lambda p: f"{p.parent.name}/{p.name}")
def test_a_golden_register_in_traditional_characters_books_as_its_twin(golden_books, tmp_path, path):
    simple, traditional = _twins(tmp_path, path.stem + ".csv", _rows_of(path))
    assert traditional.read_text(encoding="utf-8") != simple.read_text(encoding="utf-8")  # a twin in another script
    expected, got = _result(golden_books, simple), _result(golden_books, traditional)
    assert got.importer.name == expected.importer.name
    assert got.entries, "the register books something"
    assert _seen(got) == _seen(expected)


@pytest.mark.parametrize("name", sorted(HANDMADE))
def test_every_word_of_a_register_reads_in_traditional_characters(golden_books, tmp_path, name):
    rows = list(csv.reader(io.StringIO(HANDMADE[name])))
    simple, traditional = _twins(tmp_path, name, rows)
    expected, got = _result(golden_books, simple), _result(golden_books, traditional)
    txns = [e for e in expected.entries if isinstance(e, data.Transaction)]
    assert len(txns) == sum(r[0].startswith("2026") for r in rows), "the simplified twin books every row"
    assert _seen(got) == _seen(expected)


def test_names_and_notes_are_booked_as_the_file_writes_them(golden_books, tmp_path):
    rows = list(csv.reader(io.StringIO(DONATIONS)))
    _, traditional = _twins(tmp_path, "donations-words.csv", rows)
    txns = [e for e in _result(golden_books, traditional).entries if isinstance(e, data.Transaction)]
    assert {t.payee for t in txns} >= {"某某貿易公司", "劉偉"}  # 刘伟（網站不公開）: the wish read, the name kept
    assert "助學捐款" in {t.narration for t in txns}
    (liu,) = [t for t in txns if t.payee == "劉偉"]
    assert liu.meta.get("anonymous") == "public"


def test_a_registered_donor_written_in_traditional_characters_is_theirs(golden_books, tmp_path):
    """某某機械 is the registered 某某机械 (D0001): booked to them, flagged ! with a note naming both
    spellings (於小明 is not 于小明: the officer confirms it), the name kept as written. Why: such a
    donor was proposed as a new one."""
    path = tmp_path / "donations.csv"
    path.write_text("日期,捐贈人,金額,收款方式\n2026-03-12,某某機械,500.00,銀行\n2026-03-12,陳麗華,80.00,現金\n", encoding="utf-8")
    txns = {t.payee: t for t in _result(golden_books, path).entries if isinstance(t, data.Transaction)}
    assert txns["某某機械"].meta["donor"] == "D0001"
    assert "proposed_donor" not in txns["某某機械"].meta
    assert "某某機械" in txns["某某機械"].meta["note"] and "simplified characters" in txns["某某機械"].meta["note"]
    assert txns["某某機械"].flag == "!"
    assert txns["陳麗華"].meta["donor"] == "UNIDENTIFIED"  # nobody registered: proposed, as before


def test_a_simplified_register_never_loads_the_conversion_tables(tmp_path):
    """Every cell of a register is looked up through simplified(): for text in simplified
    characters that is one encoding check, and zhconv's tables are not even imported."""
    import subprocess
    import sys

    script = ("import sys\n"
              "from importers.registers import word, category_accounts, names_no_one, item_code\n"
              "from ledger.registry import norm_name\n"
              "for text in ('银行', '个人', '医疗救助', '网站不公开', '某某机械', '张三（匿名）', 'RICE', '50袋'):\n"
              "    word(text); category_accounts(text); names_no_one(text); item_code(text, {'大米': 'RICE'}); norm_name(text)\n"
              "print('zhconv' in sys.modules)\n")
    done = subprocess.run([sys.executable, "-c", script], capture_output=True, text=True, cwd=Path(__file__).parents[2], check=True)
    assert done.stdout.strip() == "False", done.stderr


def test_a_goods_item_and_its_unit_in_traditional_characters_are_the_books_ones():
    """麵粉 is the books' 面粉 (FLOUR), 個 their 个: a goods register's item and unit cells."""
    from importers.counted import is_unit_of
    from importers.registers import item_code

    assert item_code("麵粉", {"面粉": "FLOUR", "FLOUR": "FLOUR"}) == "FLOUR"
    assert item_code("麵條", {"面粉": "FLOUR", "FLOUR": "FLOUR"}) is None
    assert is_unit_of("個", ("个", "piece")) and is_unit_of("隻", ("只",)) and not is_unit_of("箱", ("个",))
