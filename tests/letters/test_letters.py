"""The letters as a donor reads them: text extracted from the PDFs, pages, fonts, metadata."""

from __future__ import annotations

from decimal import Decimal

import pytest
from pypdf import PdfReader

from publish.capitals import format_amount, rmb_capitals

from .conftest import pdf_text, squash


def letter(run, receipt):
    out, _ = run
    return out / "2026" / f"{receipt}.pdf"


def test_one_letter_per_confirmed_donation(letters_run, books):
    out, result = letters_run
    receipts = sorted(line.receipt for line in result.letters.letters)
    # JZ-2026-00008 is the donation box (ANON): nobody to send it to, listed as left out
    assert receipts == [f"JZ-2026-{n:05d}" for n in range(1, 8)]
    for r in receipts:
        assert (out / "2026" / f"{r}.pdf").is_file()
    assert not (out / "2026" / "JZ-2026-00008.pdf").exists()
    assert [s for s in result.letters.skipped if "JZ-2026-00008" in s] == [
        next(s for s in result.letters.skipped if "JZ-2026-00008" in s)
    ]
    assert not result.report.missing_glyphs


@pytest.mark.parametrize(
    "receipt,name,amount",
    [
        ("JZ-2026-00001", "某某机械制造有限公司", "10000.00"),
        ("JZ-2026-00003", "张秀英", "1680.32"),  # anonymous on the site, named on her own letter
        ("JZ-2026-00007", "某某机械制造有限公司", "107000.53"),
    ],
)
def test_chinese_letter_text(letters_run, receipt, name, amount):
    text = squash(pdf_text(letter(letters_run, receipt)))
    assert receipt in text
    assert name in text
    assert format_amount(Decimal(amount)) in text
    assert rmb_capitals(Decimal(amount)) in text
    assert "捐赠致谢函" in text
    assert "未因此向捐赠人提供任何形式的回报" in text
    assert "王经理" not in text and "13800000000" not in text  # contact never appears


def test_a_letter_named_but_anonymous_in_public_says_so(letters_run):
    """张秀英 asked not to be named in public: her letter names her, and the page its QR code
    opens greets 尊敬的捐赠人 with no name; the letter says why (others' letters do not)."""
    said = "按您的意愿，公开确认页、网站和公开数据均不显示您的姓名或名称。"
    assert said in squash(pdf_text(letter(letters_run, "JZ-2026-00003")))
    assert said not in squash(pdf_text(letter(letters_run, "JZ-2026-00001")))  # named in public
    assert said not in squash(pdf_text(letter(letters_run, "JZ-2026-00005")))  # no name anywhere


def test_english_letter(letters_run):
    text = pdf_text(letter(letters_run, "JZ-2026-00004"))
    flat = squash(text)
    assert "Acknowledgement of your donation" in text
    assert "Harbour Trading Co., Ltd." in text
    assert "12,345.67" in flat
    assert "人民币壹万贰仟叁佰肆拾伍元陆角柒分" in flat
    assert "nothing was given to the donor in return" in " ".join(text.split())
    assert "2026 autumn education aid fund" in text


def test_anonymous_donor_name_is_absent(letters_run):
    out, result = letters_run
    text = squash(pdf_text(letter(letters_run, "JZ-2026-00005")))
    assert "李隐名" not in text and "李先生" not in text
    assert "匿名捐赠人" in text
    assert "人民币壹佰元零伍分" in text
    statement = squash(pdf_text(out / "statements" / "2026" / "D0004.pdf"))
    assert "李隐名" not in statement and "匿名捐赠人" in statement
    # and the name is not in the model at all
    assert all(line.donor_name is None for line in result.letters.letters if line.donor_id == "D0004")


def test_goods_valued_and_unvalued(letters_run):
    valued = squash(pdf_text(letter(letters_run, "JZ-2026-00002")))
    assert "大米" in valued and "500袋" in valued and "58.00" in valued and "29,000.00" in valued
    assert "人民币叁万伍仟玖佰玖拾元整" in valued  # 500 x 58.00 + 100 x 69.90
    assert "按发票金额" in valued
    unvalued = squash(pdf_text(letter(letters_run, "JZ-2026-00006")))
    assert "食用油" in unvalued and "20桶" in unvalued
    assert "65.00" not in unvalued and "1,300.00" not in unvalued and "人民币" not in unvalued
    assert "不载明其价值" in unvalued


def test_qr_address_is_the_sites_ack_address(letters_run):
    from publish.ack import ack_url

    from .conftest import SECRET

    text = squash(pdf_text(letter(letters_run, "JZ-2026-00001")))
    assert ack_url("JZ-2026-00001", SECRET, "https://relief.example.org/") in text


def test_every_letter_is_one_page_and_statements_are_right(letters_run):
    out, result = letters_run
    for path, pages in result.report.pages.items():
        assert pages == len(PdfReader(str(out / path)).pages)
        assert pages == 1, path
    statement = squash(pdf_text(out / "statements" / "2026" / "D0001.pdf"))
    assert "JZ-2026-00001" in statement and "JZ-2026-00007" in statement
    assert "117,000.53" in statement and rmb_capitals(Decimal("117000.53")) in statement
    assert "JZ-2026-00004" not in statement
    assert not (out / "statements" / "2026" / "ANON.pdf").exists()


def test_metadata_and_embedded_subset_fonts(letters_run):
    reader = PdfReader(str(letter(letters_run, "JZ-2026-00001")))
    info = reader.metadata
    assert info.title == "捐赠致谢函 JZ-2026-00001"
    assert info.author == "某市总工会困难职工帮扶中心"
    assert info["/CreationDate"].startswith("D:20260110")
    assert reader.trailer["/Root"]["/Lang"] == "zh-CN"
    assert PdfReader(str(letter(letters_run, "JZ-2026-00004"))).trailer["/Root"]["/Lang"] == "en"
    fonts = []
    for font in reader.pages[0]["/Resources"]["/Font"].values():
        font = font.get_object()
        descriptor = font["/DescendantFonts"][0].get_object()["/FontDescriptor"].get_object()
        fonts.append((str(font["/BaseFont"]), "/FontFile3" in descriptor or "/FontFile2" in descriptor))
    assert fonts and all(embedded for _, embedded in fonts)
    assert all("+" in name for name, _ in fonts)  # subset tag: ABCDEF+Name
    assert any("Relief-Serif" in name for name, _ in fonts)
    assert letter(letters_run, "JZ-2026-00001").stat().st_size < 400_000


def test_letters_are_private_files(letters_run):
    path = letter(letters_run, "JZ-2026-00001")
    assert path.stat().st_mode & 0o077 == 0
