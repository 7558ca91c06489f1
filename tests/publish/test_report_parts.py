"""The annual report laid out in parts (publish/report_parts.py): the roll's cuts keep every
row once and move only around a changed row; kept parts are reused only when their inputs
are the same; a report made from kept parts is the very file made from nothing; the joined
PDF numbers its pages, nests its bookmarks and links its contents to the right pages."""

from __future__ import annotations

import io
import re
from dataclasses import dataclass

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st
from pypdf import PdfReader

from publish import report_parts
from publish.annual import _stylesheet, make_report_pdf
from publish.report_parts import MAX_ROWS, MIN_ROWS, Part, roll_cuts, split_parts


@dataclass(frozen=True)
class Row:
    name: str


@dataclass(frozen=True)
class Group:
    entries: tuple


names = st.text(alphabet="张王李赵刘陈杨黄周吴徐孙马朱胡林郭何高罗郑梁谢宋唐许ABCDE", min_size=1, max_size=6)


def named(seed: int, n: int) -> list[str]:
    """n distinct donor names (their hashes, which decide the cuts, vary with the seed)."""
    return [f"捐赠人{seed}-{i}" for i in range(n)]


@settings(max_examples=60, deadline=None)
@given(st.lists(st.tuples(st.integers(0, 10**6), st.integers(0, 700)), min_size=1, max_size=4))
def test_roll_cuts_keep_every_row_once_in_order(sizes):
    groups = [Group(tuple(Row(n) for n in named(seed, size))) for seed, size in sizes]
    cuts = roll_cuts(groups)
    for group in groups:
        mine = [c for c in cuts if c.group is group]
        assert [r for c in mine for r in c.entries] == list(group.entries)
        assert [c.continued for c in mine] == [False] + [True] * (len(mine) - 1)
        assert all(len(c.entries) <= MAX_ROWS for c in mine)
        assert all(len(c.entries) >= MIN_ROWS for c in mine[:-1])


@settings(max_examples=40, deadline=None)
@given(st.integers(0, 10**6), st.integers(400, 900), st.data())
def test_one_new_row_leaves_the_runs_before_it(seed, size, data):
    """Cuts follow names, not positions: a row added in the middle leaves every run that
    ends before it as it was, and the runs after it fall back into step at the next name
    that cuts (an added row can also make a name too close to the last cut count again,
    so that is not at once; hence no bound after it here)."""
    rows = named(seed, size)
    before = roll_cuts([Group(tuple(Row(n) for n in rows))])
    at = data.draw(st.integers(0, len(rows)))
    new = data.draw(names.filter(lambda n: n not in rows))
    after = roll_cuts([Group(tuple(Row(n) for n in rows[:at] + [new] + rows[at:]))])
    new_runs = {tuple(r.name for r in c.entries) for c in after}
    done = 0
    for cut in before:
        done += len(cut.entries)
        if done < at:  # (a last run that ends where the row is added grows by it)
            assert tuple(r.name for r in cut.entries) in new_runs


def test_split_parts():
    html = "<html><head><title>t</title></head><body>\n<!-- relief:part a -->\n<p>A</p>\n<!-- relief:part b -->\n<p>B</p>\n</body></html>"
    parts = split_parts(html)
    assert [p.name for p in parts] == ["a", "b"]
    assert all(p.html.startswith("<html><head><title>t</title></head><body>") for p in parts)
    assert "<p>A</p>" in parts[0].html and "<p>B</p>" not in parts[0].html and "<p>B</p>" in parts[1].html
    assert split_parts("<html><body><p>x</p></body></html>") == [Part("whole", "<html><body><p>x</p></body></html>")]
    with pytest.raises(ValueError, match="more than once: a"):
        split_parts("<html><body><!-- relief:part a --><p/><!-- relief:part a --></body></html>")


HEAD = """<!DOCTYPE html><html lang="zh-CN"><head><meta charset="utf-8"><title>测试报告</title>
<meta name="author" content="测试中心"></head><body>
"""


def report(rows: list[str], overview: str = "1,000.00") -> str:
    """A report in the shape the template gives: cover, contents, body, roll parts, after."""
    roll = []
    cuts = roll_cuts([Group(tuple(Row(n) for n in rows))])
    for i, cut in enumerate(cuts):
        if i:
            roll.append(f'</section>\n<!-- relief:part roll-{i + 1} -->\n<section class="chapter part roll-more">')
        head = '<h3 class="continued">个人（续）</h3>' if cut.continued else "<h3>个人</h3>"
        body = "".join(f"<tr><th>{r.name}</th><td class=num>1</td><td class=num>¥10.00</td><td></td></tr>" for r in cut.entries)
        columns = "<thead><tr><th>捐赠人</th><th>笔数</th><th>金额</th><th>物资</th></tr></thead>"
        roll.append(f'{head}<table class="amounts roll">{columns}<tbody>{body}</tbody></table>')
    return HEAD + f"""<!-- relief:part cover -->
<section class="cover"><h1 class="cover-title">2026年度帮扶资金公开报告</h1></section>
<!-- relief:part toc -->
<nav class="toc part"><h2 class="toc-title">目录</h2><ol>
<li><a href="#overview">一、概况</a></li><li><a href="#roll">五、鸣谢名单</a></li><li><a href="#notes">说明</a></li></ol></nav>
<!-- relief:part body -->
<section class="chapter part" id="overview"><h2>一、概况</h2><p>本年筹集 {overview}</p></section>
<!-- relief:part roll -->
<section class="chapter part" id="roll"><h2>五、鸣谢名单</h2>{"".join(roll)}</section>
<!-- relief:part after -->
<section class="notes part" id="notes"><h2>说明</h2><p>金额单位为人民币元。</p></section>
</body></html>
"""


def donors(n: int) -> list[str]:
    surnames = "张王李赵刘陈杨黄周吴徐孙马朱胡林郭何高罗"
    return [f"{surnames[i % 20]}{surnames[(i // 20) % 20]}{i}" for i in range(n)]


@pytest.fixture(scope="module")
def css():
    return _stylesheet(None)


def laid_out_count(monkeypatch) -> list[str]:
    calls: list[str] = []
    real = report_parts._lay_out
    monkeypatch.setattr(report_parts, "_lay_out", lambda r, html, extra, **kw: calls.append(html) or real(r, html, extra, **kw))
    return calls


def test_kept_parts_give_the_same_file_and_only_changed_parts_are_laid_out(tmp_path, monkeypatch, css):
    rows = donors(300)
    html = report(rows)
    parts = split_parts(html)
    assert len([p for p in parts if p.name.startswith("roll")]) >= 3
    folder = tmp_path / "parts"
    calls = laid_out_count(monkeypatch)
    first = make_report_pdf(html, css, parts=folder)
    assert len(calls) == len(parts) + 1  # every part and the overlay
    calls.clear()
    assert make_report_pdf(html, css, parts=folder).pdf == first.pdf
    assert calls == []  # everything kept
    # one amount changes in the overview and one row of the roll: two parts, nothing else
    changed = report(rows, overview="1,008.88").replace(f"<th>{rows[150]}</th><td class=num>1</td>", f"<th>{rows[150]}</th><td class=num>2</td>")
    assert changed.count("<td class=num>2</td>") == 1
    calls.clear()
    second = make_report_pdf(changed, css, parts=folder)
    assert len(calls) == 2
    calls.clear()
    assert make_report_pdf(changed, css).pdf == second.pdf  # the same file as one made from nothing
    assert len(calls) == len(parts) + 1
    # the first report's parts that the second did not use are gone
    kept = {p.stem for p in folder.iterdir()}
    assert len(kept) == len(parts) + 1


def test_damaged_kept_parts_are_laid_out_again(tmp_path, monkeypatch, css):
    html = report(donors(80))
    folder = tmp_path / "parts"
    first = make_report_pdf(html, css, parts=folder).pdf
    victim = sorted(folder.glob("*.pdf"))[0]
    victim.write_bytes(victim.read_bytes()[:-100] + b"x" * 100)  # same size, other bytes
    (sorted(folder.glob("*.json"))[-1]).write_text("{not json", encoding="utf-8")
    calls = laid_out_count(monkeypatch)
    assert make_report_pdf(html, css, parts=folder).pdf == first
    assert len(calls) == 2


def test_a_kept_part_whose_description_was_changed_is_laid_out_again(tmp_path, monkeypatch, css):
    """The page count and anchors beside a kept PDF decide the contents' page numbers: a
    description that no longer matches its PDF (a failed or meddled-with folder) is not joined."""
    import json
    import os
    import time

    html = report(donors(80))
    folder = tmp_path / "parts"
    first = make_report_pdf(html, css, parts=folder).pdf
    meta_file = sorted(folder.glob("*.json"))[0]
    meta = json.loads(meta_file.read_text(encoding="utf-8"))
    meta["pages"] += 1
    meta_file.write_text(json.dumps(meta), encoding="utf-8")
    # the temporary file of a publish killed while it kept a part: removed once it is old
    killed = folder / f".{meta_file.stem}.pdf.abc123.tmp"
    killed.write_bytes(b"half")
    os.utime(killed, (time.time() - 7200, time.time() - 7200))
    calls = laid_out_count(monkeypatch)
    assert make_report_pdf(html, css, parts=folder).pdf == first
    assert len(calls) == 1
    assert not killed.exists()


def test_joined_pdf_numbers_pages_nests_bookmarks_and_links_contents(tmp_path, css):
    html = report(donors(300))
    pdf = make_report_pdf(html, css).pdf
    reader = PdfReader(io.BytesIO(pdf))
    texts = [page.extract_text() or "" for page in reader.pages]
    n = len(texts)
    assert "第 1 页" not in texts[0]
    for i, text in enumerate(texts[1:], start=2):
        assert f"第 {i} 页 / 共 {n} 页" in re.sub(r"\s+", " ", text), i
        assert "2026年度帮扶资金公开报告" in text  # the running title
    # contents: the page written after each chapter is the page its heading is on
    contents = texts[1]
    for title in ("一、概况", "五、鸣谢名单", "说明"):
        page = int(re.search(re.escape(title) + r"[ .]*(\d+)", contents).group(1))
        assert title in texts[page - 1], title
    # bookmarks: chapters at the top, the roll's first group under the roll; continued runs are not bookmarked
    outline = reader.outline
    top = [item.title for item in outline if not isinstance(item, list)]
    assert top == ["目录", "一、概况", "五、鸣谢名单", "说明"]
    roll_children = outline[top.index("五、鸣谢名单") + 1]
    assert isinstance(roll_children, list) and [c.title for c in roll_children] == ["个人"]
    # the contents' links go to the chapters' pages
    targets = []
    for annot in reader.pages[1].get("/Annots", []):
        annot = annot.get_object()
        if annot.get("/Subtype") == "/Link" and "/Dest" in annot:
            targets.append(reader.get_page_number(annot["/Dest"][0].get_object()) + 1)
    roll_page = int(re.search(r"五、鸣谢名单[ .]*(\d+)", contents).group(1))
    assert roll_page in targets and len(set(targets)) == 3
    assert reader.metadata.title == "测试报告" and reader.metadata.author == "测试中心"
    assert reader.trailer["/Root"]["/Lang"] == "zh-CN"


def _with_many_donors(books, n: int) -> None:
    """`n` more individual donors in the registry, each with one gift in April."""
    registry = books / "registry" / "donors.beancount"
    txns = books / "txns" / "2026.beancount"
    donors_text = "".join(f'\n2026-01-01 custom "donor" "D{9000 + i}" "individual"\n  name: "捐赠人{i:03d}"\n  display: "捐赠人{i:03d}"\n'
                          for i in range(n))
    gifts = "".join(f'\n2026-04-05 * "捐赠人{i:03d}" "捐款"\n  fund: "GENERAL"\n  donor: "D{9000 + i}"\n  receipt: "JZ-2026-{100 + i:05d}"\n'
                    f"  Assets:Bank:Basic              {10 + i}.00 CNY\n  Income:Donation:Individual\n" for i in range(n))
    registry.write_text(registry.read_text("utf-8") + donors_text, "utf-8")
    txns.write_text(txns.read_text("utf-8") + gifts, "utf-8")


def _changed_parts(before: str, after: str) -> set[str]:
    old = {p.name: p.html for p in split_parts(before)}
    new = {p.name: p.html for p in split_parts(after)}
    return {name for name in old.keys() | new.keys() if old.get(name) != new.get(name)}


def test_one_new_gift_changes_the_overview_its_donors_run_and_the_rolls_total_only(books_copy):
    """The roll's count and total close the chapter (part roll-end): written at its head they
    made the first run of names laid out again after every gift, one donor's or not.
    A new gift changes the overview, the run(s) holding its donor's row before and after
    and roll-end; an anonymous gift the overview and roll-end."""
    from ledger.books import load_books
    from publish.annual import report_html
    from publish.model_builder import build_public_model

    _with_many_donors(books_copy, 400)
    before = report_html(build_public_model(load_books(books_copy)), 2026)
    runs = [p for p in split_parts(before) if re.fullmatch(r"roll-\d+", p.name)]
    assert len(runs) >= 2
    later = re.search(r"捐赠人(\d{3})", runs[-1].html).group(1)  # a donor in the last run, not the first
    txns = books_copy / "txns" / "2026.beancount"
    original = txns.read_text("utf-8")
    txns.write_text(original + f'\n2026-04-06 * "捐赠人{later}" "再次捐款"\n  fund: "GENERAL"\n  donor: "D{9000 + int(later)}"\n'
                    '  receipt: "JZ-2026-00900"\n  Assets:Bank:Basic              1.00 CNY\n  Income:Donation:Individual\n', "utf-8")
    after = report_html(build_public_model(load_books(books_copy)), 2026)
    # the roll is ordered by amount: the row may move up into the run before
    holding = {p.name for p in split_parts(after) if f"捐赠人{later}<" in p.html} | {runs[-1].name}
    changed = _changed_parts(before, after)
    assert {"body", "roll-end"} <= changed and changed - {"body", "roll-end"} <= holding and "roll" not in changed
    total = re.search(r'<p class="roll-total">本年度共收到捐赠 ([\d,]+) 笔，合计 (¥[\d,.]+)', after)
    assert total and total.groups() != re.search(r'<p class="roll-total">本年度共收到捐赠 ([\d,]+) 笔，合计 (¥[\d,.]+)', before).groups()
    txns.write_text(original + '\n2026-04-06 * "捐款箱" "捐款箱现金"\n  fund: "GENERAL"\n  donor: "ANON"\n'
                    '  receipt: "JZ-2026-00901"\n  Assets:Cash                    5.00 CNY\n  Income:Donation:Individual\n', "utf-8")
    anonymous = report_html(build_public_model(load_books(books_copy)), 2026)
    assert _changed_parts(before, anonymous) == {"body", "roll-end"}


NOTE_PSEUDO = {"footnote-call", "footnote-marker", "note-call", "note-marker", "note-callback"}


def pseudo_styles(monkeypatch) -> list[str]:
    """The pseudo-element of every style weasyprint computes (counts of work, not time)."""
    from weasyprint.css import StyleFor

    kinds: list[str] = []
    real = StyleFor.set_computed_styles

    def counted(self, element, parent, root=None, pseudo_type=None, *args, **kwargs):
        kinds.append(pseudo_type)
        return real(self, element, parent, root, pseudo_type, *args, **kwargs)

    monkeypatch.setattr(StyleFor, "set_computed_styles", counted)
    return kinds


def test_report_parts_compute_no_footnote_styles_and_keep_list_markers(monkeypatch, css):
    """A report without footnotes is laid out without weasyprint's footnote and note
    pseudo-elements (a style for each of five on every element of every part), and its
    contents' list items keep their markers; the file is the same bytes as with them."""
    html = report(donors(80))
    kinds = pseudo_styles(monkeypatch)
    slim = make_report_pdf(html, css)
    assert not NOTE_PSEUDO & set(kinds)
    assert "marker" in kinds  # the contents' <li>
    monkeypatch.setattr(report_parts, "uses_notes", lambda *texts: True)
    kinds.clear()
    full = make_report_pdf(html, css)
    assert NOTE_PSEUDO <= set(kinds)
    assert full.pdf == slim.pdf


def test_a_report_with_footnotes_keeps_the_note_rules(monkeypatch, css):
    html = report(donors(20)).replace("<p>金额单位为人民币元。</p>",
                                      '<p>金额单位为人民币元<span style="float: footnote">脚注</span>。</p>')
    kinds = pseudo_styles(monkeypatch)
    make_report_pdf(html, css)
    assert NOTE_PSEUDO <= set(kinds)
