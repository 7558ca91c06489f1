"""Letters a real centre can send: its own seal or none, the official receipt told honestly,
no letter to a donation box (issue 16, item 7).

PDF text is read with pypdf; where things sit on the page with pdfplumber.
"""

from __future__ import annotations

import pytest
from click.testing import CliRunner

from cli import cli
from ledger.books import load_books
from ledger.seal import sample_mark_svg
from letters.make import centre_of, make_letters

from .conftest import BOOKS, SECRET, pdf_text, squash

ENV = {"RELIEF_SITE_SECRET": "fit-test-secret-0123456789"}


def letter_pdf(run, receipt):
    out, _ = run
    return out / "2026" / f"{receipt}.pdf"


def append(path, text):
    path.write_text(path.read_text(encoding="utf-8") + text, encoding="utf-8")


# --- the official donation receipt (公益事业捐赠票据) ---------------------------------------


def test_letter_names_the_official_receipt_when_one_was_issued(letters_run):
    text = squash(pdf_text(letter_pdf(letters_run, "JZ-2026-00001")))
    assert "公益事业捐赠票据" in text
    assert "已就本笔捐赠开具" in text
    assert "票据代码33010126" in text and "票据号码0000012345" in text and "校验码a1b2c3" in text
    assert "未就本笔捐赠开具" not in text


def test_english_letter_names_the_receipt_number(letters_run):
    text = " ".join(pdf_text(letter_pdf(letters_run, "JZ-2026-00004")).split())
    assert "has issued an official donation receipt" in text
    assert "number 0000012346" in text
    assert "check code" not in text  # none recorded, none invented


def test_letter_says_no_official_receipt_was_issued_and_where_to_ask(letters_run):
    text = squash(pdf_text(letter_pdf(letters_run, "JZ-2026-00003")))
    assert "未就本笔捐赠开具公益事业捐赠票据" in text
    assert "不能用于税前扣除" in text
    assert "请凭收据编号JZ-2026-00003联系本中心财务部门" in text
    assert "已就本笔捐赠开具" not in text


def test_where_to_ask_comes_from_the_settings(books_copy, tmp_path):
    append(books_copy / "settings.beancount", '2026-01-01 custom "relief-option" "tax_receipt_contact" "本中心财务室（电话 0571-8888 0000）"\n')
    books = load_books(books_copy)
    assert not books.errors
    make_letters(books, tmp_path / "out", SECRET, donor="D0003", statements=True, jobs=1)
    assert "联系本中心财务室（电话0571-88880000）" in squash(pdf_text(tmp_path / "out" / "2026" / "JZ-2026-00003.pdf"))
    assert "本中心财务室（电话0571-88880000）" in squash(pdf_text(tmp_path / "out" / "statements" / "2026" / "D0003.pdf"))


def test_statement_lists_the_official_receipt_of_each_gift(letters_run):
    out, result = letters_run
    statement = next(s for s in result.letters.statements if s.donor_id == "D0001")
    text = squash(pdf_text(out / statement.relpath))
    assert "捐赠票据号码" in text
    for line in statement.letters:
        expected = line.tax_receipt.number if line.tax_receipt else "未开具"
        assert f"{line.receipt}" in text
        assert expected in text.split(line.receipt, 1)[1][:80], line.receipt
    assert {bool(line.tax_receipt) for line in statement.letters} == {True, False}  # both kinds shown


def test_receipt_metadata_is_read_as_recorded(books):
    from letters.model import tax_receipt_of

    assert tax_receipt_of({}) is None
    assert tax_receipt_of({"tax_receipt": "  "}) is None
    tr = tax_receipt_of({"tax_receipt": "0001", "tax_receipt_check": "x9"})
    assert (tr.number, tr.code, tr.check) == ("0001", None, "x9")


# --- no letters for the donation box or anyone nobody can write to ------------------------


def test_donation_box_gets_no_letter_and_the_run_says_so(tmp_path):
    result = CliRunner().invoke(cli, ["letters", str(BOOKS), "--out", str(tmp_path / "o"), "--statements", "--jobs", "1"], env=ENV)
    assert result.exit_code == 0, result.output
    lines = [line for line in result.output.splitlines() if "JZ-2026-00008" in line]
    assert len(lines) == 1
    assert lines[0].startswith("已跳过：") and "。 skipped: " in lines[0] and "2026.beancount:" in lines[0]  # Chinese first
    assert "¥326.50" in lines[0] and "ANON" in lines[0] and 'reachable: "no"' in lines[0]
    assert "1 donation left out (listed above)" in result.output
    assert not (tmp_path / "o" / "2026" / "JZ-2026-00008.pdf").exists()
    assert not (tmp_path / "o" / "statements" / "2026" / "ANON.pdf").exists()


def test_any_donor_can_be_marked_unreachable(books_copy, tmp_path):
    donors = books_copy / "registry" / "donors.beancount"
    text = donors.read_text(encoding="utf-8")
    donors.write_text(text.replace('  display: "张女士"\n', '  display: "张女士"\n  reachable: "no"\n', 1), encoding="utf-8")
    books = load_books(books_copy)
    assert not books.errors
    result = make_letters(books, tmp_path / "out", SECRET, statements=True, jobs=1)
    assert all(x.donor_id != "D0003" for x in result.letters.letters + result.letters.statements)
    skipped = [s for s in result.letters.skipped if "D0003" in s]
    assert len(skipped) == 1 and "JZ-2026-00003" in skipped[0] and "¥1,680.32" in skipped[0]


def test_donation_box_may_be_declared_reachable(books_copy, tmp_path):
    donors = books_copy / "registry" / "donors.beancount"
    text = donors.read_text(encoding="utf-8")
    donors.write_text(text.replace('  anonymous: "all"\n', '  anonymous: "all"\n  reachable: "yes"\n', 1), encoding="utf-8")
    result = make_letters(load_books(books_copy), tmp_path / "out", SECRET, donor="ANON", jobs=1)
    assert [x.receipt for x in result.letters.letters] == ["JZ-2026-00008"]


def test_bad_reachable_value_is_an_error(books_copy):
    donors = books_copy / "registry" / "donors.beancount"
    text = donors.read_text(encoding="utf-8")
    donors.write_text(text.replace('  display: "张女士"\n', '  display: "张女士"\n  reachable: "maybe"\n', 1), encoding="utf-8")
    result = CliRunner().invoke(cli, ["check", str(books_copy)])
    assert result.exit_code == 1 and "reachable" in result.output and "donors.beancount:" in result.output


def test_letter_no_on_a_donation_is_honoured(books_copy, tmp_path):
    txns = books_copy / "txns" / "2026.beancount"
    text = txns.read_text(encoding="utf-8")
    txns.write_text(text.replace('  receipt: "JZ-2026-00005"\n', '  receipt: "JZ-2026-00005"\n  letter: "no"\n', 1), encoding="utf-8")
    result = make_letters(load_books(books_copy), tmp_path / "out", SECRET, jobs=1)
    assert "JZ-2026-00005" not in [x.receipt for x in result.letters.letters]
    assert any("JZ-2026-00005" in s and 'letter: "no"' in s and "¥100.05" in s for s in result.letters.skipped)


# --- the seal: the centre's own image or none; never over the text -------------------------


def test_letter_without_a_configured_seal_shows_no_seal(letters_run, books):
    from letters.render import LetterRenderer

    out, result = letters_run
    letter = result.letters.letters[0]
    html = LetterRenderer().html(letter, centre_of(books))
    assert 'class="seal' not in html
    import pdfplumber

    with pdfplumber.open(letter_pdf(letters_run, letter.receipt)) as pdf:
        page = pdf.pages[0]
        assert _seal_images(page) == []
        assert len(page.images) == 1  # the QR code
        assert not [c for c in page.curves if c.get("dash") and tuple(c["dash"][0]) == (14, 7)]


QR_SIDE_PT = 26 / 25.4 * 72  # the QR code is an image too: 26 mm square (letters.css)


def _seal_images(page) -> list[dict]:
    """The page's images except the QR code."""
    return [i for i in page.images if abs(i["x1"] - i["x0"] - QR_SIDE_PT) > 0.5 or abs(i["bottom"] - i["top"] - QR_SIDE_PT) > 0.5]


def _overlaps(a, b) -> bool:
    return a["x0"] < b["x1"] and b["x0"] < a["x1"] and a["top"] < b["bottom"] and b["top"] < a["bottom"]


def _inside(c, box) -> bool:
    return box["x0"] <= c["x0"] and c["x1"] <= box["x1"] and box["top"] <= c["top"] and c["bottom"] <= box["bottom"]


def _assert_no_text_under(page, box, own_text: bool):
    """No character of the letter lies under the seal (the mark's own words excepted)."""
    others = [c for c in page.chars if not (own_text and _inside(c, box))]
    covered = [c["text"] for c in others if _overlaps(c, box)]
    assert covered == [], f"the seal covers {''.join(covered)!r}"


def _occurrences(page, text):
    """Each run of characters on the page that spells `text`."""
    chars = page.chars
    flat = "".join(c["text"] for c in chars)
    found, i = [], flat.find(text)
    while i >= 0:
        found.append(chars[i:i + len(text)])
        i = flat.find(text, i + 1)
    return found


def _signature_date_below(page, text, box) -> bool:
    """The signature's date is under the seal, in its column, not under it on the page."""
    for run in _occurrences(page, text):
        centre = (run[0]["x0"] + run[-1]["x1"]) / 2
        if box["x0"] <= centre <= box["x1"] and all(c["top"] >= box["bottom"] for c in run):
            return True
    return False


@pytest.mark.parametrize("kind", ["sample-mark", "png-seal"])
def test_seal_never_covers_the_date_or_text(books_copy, tmp_path, kind):
    import pdfplumber

    if kind == "sample-mark":
        (books_copy / "documents" / "sample-seal.svg").write_text(sample_mark_svg(), encoding="utf-8")
        seal = "documents/sample-seal.svg"
    else:
        from PIL import Image, ImageDraw  # weasyprint's own dependency

        img = Image.new("RGBA", (300, 300), (0, 0, 0, 0))
        ImageDraw.Draw(img).ellipse((10, 10, 290, 290), outline=(200, 20, 30, 255), width=12)
        img.save(books_copy / "documents" / "seal.png")
        seal = "documents/seal.png"
    append(books_copy / "settings.beancount", f'2026-01-01 custom "relief-option" "seal" "{seal}"\n')
    books = load_books(books_copy)
    assert not books.errors, [e.message for e in books.errors]
    result = make_letters(books, tmp_path / "out", SECRET, statements=True, jobs=1)
    docs = [tmp_path / "out" / "2026" / "JZ-2026-00001.pdf", tmp_path / "out" / "2026" / "JZ-2026-00004.pdf",
            tmp_path / "out" / next(s.relpath for s in result.letters.statements if s.donor_id == "D0001")]
    for path in docs:
        with pdfplumber.open(path) as pdf:
            page = pdf.pages[-1]
            if kind == "sample-mark":
                frames = [c for c in page.curves if c.get("dash") and tuple(c["dash"][0]) == (14, 7)]
                assert len(frames) == 1, path
                box = frames[0]
                words = "".join(c["text"] for c in page.chars if _inside(c, box))
                assert "样章" in words and "SAMPLE" in words
            else:
                assert len(_seal_images(page)) == 1, path
                box = _seal_images(page)[0]
            _assert_no_text_under(page, box, own_text=kind == "sample-mark")
            date = ("2026年1月10日" if path.name.endswith("00001.pdf") else
                    "March" if path.name.endswith("00004.pdf") else "2026年5月20日")
            assert _signature_date_below(page, date, box), path


def test_demo_books_carry_the_sample_mark(tmp_path):
    """`relief demo` names a 样章 SAMPLE mark as its seal, and it passes the settings rule."""
    from ledger.demo import write_demo

    main, _ = write_demo(tmp_path / "demo", seed=3, transactions=300)
    books = load_books(main)
    assert not books.errors
    assert books.settings.seal == "documents/sample-seal.svg"
    svg = (main.parent / books.settings.seal).read_text(encoding="utf-8")
    assert "样章" in svg and "SAMPLE" in svg and "demo only" in svg
    assert books.registry.donors["ANON"].reachable is False
    taxed = [e for e in books.entries if getattr(e, "meta", None) and "tax_receipt" in e.meta]
    assert taxed and all(e.meta["donor"] in books.registry.donors and
                         books.registry.donors[e.meta["donor"]].kind == "enterprise" for e in taxed)
    numbers = [e.meta["tax_receipt"] for e in taxed]
    assert len(set(numbers)) == len(numbers)

