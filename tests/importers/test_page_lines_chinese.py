"""What a page-break line is, said in Chinese too (importers/statement_lines.py page_line).

Why: the rows skipped at a page break were listed in the dry run as "a page break: the
page's subtotal" with no Chinese at all, and a refused carry line said in Chinese only its
label (这一行是分页行（过次页）), the English alone saying what the line is (the total carried
to the next page). Both are made here from a statement cut into pages; the dry run must pass
the dry run's guard (tests/importers/test_dry_run_every_line_chinese.py), and the refusal's
Chinese half must say what the line is, not only its label."""

from __future__ import annotations

from importers.run import render
from tests.chinese_halves import halves_of
from tests.importers.test_carry_line_in_memo import extract as extract_cmb
from tests.importers.test_carry_line_in_memo import paged as paged_cmb
from tests.importers.test_dry_run_every_line_chinese import english_only
from tests.importers.test_page_breaks import HEADER, extract, rows, write

PAGE_BREAK = ["本页合计,,,,300.00,0.00,", "过次页,,,,,,1300.00", "", "中国工商银行 企业网上银行 账户明细",
              "第 2 页 / 共 2 页", HEADER, "承前页,,,,,,1300.00"]


def test_the_rows_of_a_page_break_are_listed_in_chinese_first(books, tmp_path):
    result = extract(books, write(tmp_path / "paged.csv", rows(3) + PAGE_BREAK + rows(3, start=4)))
    assert result.problem is None, result.problem
    assert len(result.report.skipped) == 6
    text = render([result])
    skipped = [line for line in text.splitlines() if "a page break: " in line]
    assert len(skipped) == 6, text
    assert english_only(text) == [], text
    lines = text.splitlines()
    for reason in ("the page's subtotal", "the total carried to the next page", "the statement's heading again",
                   "the page number", "the column header again", "the total brought forward from the page before"):
        [at] = [i for i, line in enumerate(lines) if f"(a page break: {reason})" in line]
        # one line, Chinese half first, or (too wide for one) its Chinese on the line before
        zh = halves_of(lines[at])[0] if lines[at].startswith(";; 第") else lines[at - 1]
        assert zh.startswith(";; 第") and zh.endswith("。"), (lines[at - 1], lines[at])
        assert "分页：" in zh and "page" not in zh and reason not in zh, zh

def test_a_carry_line_refused_says_what_it_is_in_chinese(books, tmp_path):
    # the carry line states 1,234.00 where the rows so far net 234.00: a row lost at the break
    result = extract_cmb(books, paged_cmb(tmp_path, ",,1234.00,271.66,过次页,,", ",,,,承前页,,"), verify_summary=False)
    assert result.problem is not None and result.problem.row == 4, result.problem
    zh = result.problem.what.zh
    assert "the total carried to the next page" in str(result.problem.what)
    assert "转到下一页的合计" in zh and "(过次页)" not in zh and "the total carried" not in zh, zh


def test_a_memo_labelled_page_line_elsewhere_says_what_it_is_in_chinese(books, tmp_path):
    from tests.importers.test_carry_line_in_memo import LINES

    path = tmp_path / "odd.csv"
    path.write_text("\n".join(LINES + [",,-767.14,1218.24,本页合计,,"]) + "\n", encoding="utf-8")
    result = extract_cmb(books, path, verify_summary=False)
    assert result.problem is not None, result
    zh = result.problem.what.zh
    assert "the row is a page-break line: the page's subtotal (本页合计)" in str(result.problem.what)
    assert "本页小计" in zh and "the page's subtotal" not in zh, zh
