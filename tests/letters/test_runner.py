"""Same books, same bytes; only changed letters are made again; missing glyphs are caught."""

from __future__ import annotations

import hashlib
import json
import re
from pathlib import Path

import pytest

from ledger.books import load_books
from letters.make import make_letters

from .conftest import SECRET, pdf_text, squash


def digests(folder: Path) -> dict[str, str]:
    return {
        str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()
        for p in sorted(folder.rglob("*.pdf"))
    }


def test_same_books_give_byte_identical_pdfs(letters_run, books, tmp_path):
    out, _ = letters_run
    again = tmp_path / "again"
    make_letters(books, again, SECRET, statements=True, jobs=1)  # in this process, not the pool
    assert digests(again) == digests(out)
    made = make_letters(books, tmp_path / "count", SECRET, statements=True, jobs=1).letters
    assert len(digests(out)) == len(made.letters) + len(made.statements) == 12  # 7 letters, 5 statements


def test_pdfa_option(books, tmp_path):
    from pypdf import PdfReader

    make_letters(books, tmp_path, SECRET, donor="D0001", year=2026, pdfa=True, jobs=1)
    reader = PdfReader(str(tmp_path / "2026" / "JZ-2026-00001.pdf"))
    xmp = reader.trailer["/Root"]["/Metadata"].get_object().get_data().decode("utf-8")
    assert 'pdfaid:part="3"' in xmp or "<pdfaid:part>3</pdfaid:part>" in xmp
    assert "/OutputIntents" in reader.trailer["/Root"]
    first = (tmp_path / "2026" / "JZ-2026-00001.pdf").read_bytes()
    make_letters(books, tmp_path / "b", SECRET, donor="D0001", pdfa=True, jobs=1)
    assert (tmp_path / "b" / "2026" / "JZ-2026-00001.pdf").read_bytes() == first


def test_only_changed_letters_are_made_again(books_copy, tmp_path):
    out = tmp_path / "out"
    first = make_letters(load_books(books_copy), out, SECRET, statements=True, jobs=2)
    expected = len(first.letters.letters) + len(first.letters.statements)
    assert len(first.report.made) == expected
    before = {p: (out / p).stat().st_mtime_ns for p in first.report.made}

    again = make_letters(load_books(books_copy), out, SECRET, statements=True, jobs=2)
    assert again.report.made == [] and len(again.report.unchanged) == expected

    txns = books_copy / "txns" / "2026.beancount"
    txns.write_text(txns.read_text(encoding="utf-8").replace("1680.32 CNY", "1880.32 CNY"), encoding="utf-8")
    changed = make_letters(load_books(books_copy), out, SECRET, statements=True, jobs=2)
    assert changed.report.made == ["2026/JZ-2026-00003.pdf", "statements/2026/D0003.pdf"]
    for p, mtime in before.items():
        if p not in changed.report.made:
            assert (out / p).stat().st_mtime_ns == mtime, p
    assert "人民币壹仟捌佰捌拾元叁角贰分" in squash(pdf_text(out / "2026" / "JZ-2026-00003.pdf"))

    # a file deleted by hand is made again; a manifest entry for a receipt now void is removed
    (out / "2026" / "JZ-2026-00001.pdf").unlink()
    manifest = json.loads((out / "manifest.json").read_text(encoding="utf-8"))
    manifest["files"]["2026/JZ-2026-00099.pdf"] = {"hash": "x", "size": 1}
    (out / "manifest.json").write_text(json.dumps(manifest), encoding="utf-8")
    (out / "2026" / "JZ-2026-00099.pdf").write_bytes(b"old")
    fixed = make_letters(load_books(books_copy), out, SECRET, statements=True, jobs=2)
    assert fixed.report.made == ["2026/JZ-2026-00001.pdf"]
    assert fixed.report.removed == ["2026/JZ-2026-00099.pdf"]
    assert not (out / "2026" / "JZ-2026-00099.pdf").exists()


def test_filtered_runs_leave_other_letters_alone(books_copy, tmp_path):
    out = tmp_path / "out"
    everything = make_letters(load_books(books_copy), out, SECRET, statements=True, jobs=1)
    only = make_letters(load_books(books_copy), out, SECRET, donor="D0003", jobs=1)
    assert only.report.removed == [] and only.report.made == []
    assert len(list(out.rglob("*.pdf"))) == len(everything.report.made)
    letters_only = make_letters(load_books(books_copy), out, SECRET, jobs=1)
    assert letters_only.report.removed == []  # statements are not this run's business
    assert (out / "statements" / "2026" / "D0001.pdf").exists()


def test_template_change_remakes_every_letter(books_copy, tmp_path):
    out = tmp_path / "out"
    make_letters(load_books(books_copy), out, SECRET, donor="D0001", jobs=1)
    mine = tmp_path / "templates" / "letters"
    mine.mkdir(parents=True)
    (mine / "letter.html").write_text(
        '{% extends "letters/base.html" %}{% block title %}Custom {{ letter.receipt }}{% endblock %}'
        '{% block body %}<p>CUSTOM {{ letter.receipt }}</p>{% endblock %}',
        encoding="utf-8",
    )
    custom = make_letters(load_books(books_copy), out, SECRET, donor="D0001", jobs=1, templates_dir=str(tmp_path / "templates"))
    assert custom.report.made == ["2026/JZ-2026-00001.pdf", "2026/JZ-2026-00007.pdf"]
    assert "CUSTOM JZ-2026-00001" in pdf_text(out / "2026" / "JZ-2026-00001.pdf")


def test_missing_glyphs_are_reported_and_rare_characters_are_drawn(books_copy, letters_out):
    donors = books_copy / "registry" / "donors.beancount"
    text = donors.read_text(encoding="utf-8")
    # U+20BB7 (𠮷, a real surname character outside GB 2312) must be drawn by the fallback face;
    # U+E000 (private use) has no glyph in any font: the run must say so.
    donors.write_text(text.replace('name: "张秀英"', 'name: "\U00020BB7秀英"').replace('name: "某某机械制造有限公司"', 'name: "某某\ue000机械"'), encoding="utf-8")
    result = make_letters(load_books(books_copy), letters_out, SECRET, jobs=1)
    assert set(result.report.missing_glyphs) == {"2026/JZ-2026-00001.pdf", "2026/JZ-2026-00007.pdf"}
    assert any("U+E000" in c for c in result.report.missing_glyphs["2026/JZ-2026-00001.pdf"])
    assert "\U00020BB7秀英" in squash(pdf_text(letters_out / "2026" / "JZ-2026-00003.pdf"))


def test_unsafe_donor_id_cannot_escape_the_output_folder(books_copy, tmp_path):
    donors = books_copy / "registry" / "donors.beancount"
    donors.write_text(donors.read_text(encoding="utf-8").replace('"D0003"', '"../../D0003"'), encoding="utf-8")
    txns = books_copy / "txns" / "2026.beancount"
    txns.write_text(txns.read_text(encoding="utf-8").replace('donor: "D0003"', 'donor: "../../D0003"'), encoding="utf-8")
    loaded = load_books(books_copy)
    # the registry refuses the id first (relief check names its line) ...
    assert any("Donor id '../../D0003'" in e.message for e in loaded.errors), [e.message for e in loaded.errors]
    # ... and letters made anyway (from books with errors) still never write outside --out
    try:
        make_letters(loaded, tmp_path / "out", SECRET, statements=True, jobs=1)
    except ValueError as exc:
        assert "not a safe file name" in str(exc)
    assert not any(re.search(r"D0003", str(p)) for p in tmp_path.rglob("*.pdf"))


def test_a_letter_whose_path_leaves_the_output_folder_is_refused_in_both_languages(books, tmp_path):
    """make_documents' last guard (the registry and the rules refuse such ids first): a
    ReliefError the command prints, Chinese first, not a ValueError's traceback."""
    import dataclasses

    from letters.make import centre_of
    from letters.model import build_letters
    from letters.runner import UnsafeDocument, make_documents
    from publish.model_builder import build_public_model

    made = build_letters(books, build_public_model(books, SECRET))
    centre = centre_of(books)
    first = made.letters[0]
    letter = dataclasses.replace(first, donation=dataclasses.replace(first.donation, receipt="../../escape"))
    with pytest.raises(UnsafeDocument) as refused:
        make_documents([letter], centre, tmp_path / "out", fingerprint="f", jobs=1)
    message = str(refused.value)
    assert message.index("不是输出文件夹中安全的文件名") < message.index("not a safe file name"), message
    assert not (tmp_path / "escape.pdf").exists()

    twice = [made.letters[0], made.letters[0]]
    with pytest.raises(UnsafeDocument) as again:
        make_documents(twice, centre, tmp_path / "out2", fingerprint="f", jobs=1)
    assert "两份文件会写到同一个位置" in str(again.value) and "receipt numbers must be unique" in str(again.value)
