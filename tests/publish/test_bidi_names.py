"""A donor name with direction controls (U+202E RIGHT-TO-LEFT OVERRIDE and its kin), or any
other invisible format character (a zero-width space: "张\u200b三" another name than "张三"), is
shown without them everywhere: in the open data's CSV line it made the amount after it read
backwards in a text editor, on the pages and in the letters the rest of its paragraph."""

from __future__ import annotations

from click.testing import CliRunner

from cli import cli
from ledger.bidi import BIDI_CONTROLS, without_bidi_controls
from ledger.registry import Donor

from .sitecheck import files

NAME = "\u202e善心\u2067人\u2069"


def test_names_lose_their_direction_controls_only():
    assert without_bidi_controls(NAME) == "善心人"
    plain = "محمد 善心人 \u200f"
    assert without_bidi_controls(plain) is plain  # right-to-left text and its marks stay
    donor = Donor("D1", "individual", NAME, NAME)
    assert donor.public_name == "善心人" and donor.letter_name == "善心人"


def test_no_published_file_holds_a_direction_control(tmp_path, monkeypatch):
    monkeypatch.setenv("RELIEF_SITE_SECRET", "bidi-names-secret-0123456789")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    books = tmp_path / "books"
    assert CliRunner().invoke(cli, ["init", str(books), "--year", "2026"]).exit_code == 0
    with open(books / "registry" / "donors.beancount", "a", encoding="utf-8") as fh:
        fh.write(f'\n2026-01-01 custom "donor" "D0001" "individual"\n  name: "{NAME}"\n  display_note: "{NAME}"\n'
                 '\n2026-01-01 custom "donor" "D0002" "individual"\n  name: "张\u200b三"\n  display: "张三\ufeff"\n')
    with open(books / "inbox.beancount", "a", encoding="utf-8") as fh:
        fh.write('\n2026-06-01 * "捐款"\n  fund: "GENERAL"\n  donor: "D0001"\n  receipt: "JZ-2026-00001"\n'
                 "  Assets:Bank:Basic  1000.00 CNY\n  Income:Donation:Individual\n"
                 '\n2026-06-02 * "捐款"\n  fund: "GENERAL"\n  donor: "D0002"\n  receipt: "JZ-2026-00002"\n'
                 "  Assets:Bank:Basic  200.00 CNY\n  Income:Donation:Individual\n")
    site = tmp_path / "site"
    result = CliRunner().invoke(cli, ["publish", str(books), "--out", str(site), "--no-report-pdf"])
    assert result.exit_code == 0, result.output
    found = [p.name for p in files(site) if p.suffix != ".pdf" and any(c in p.read_text(encoding="utf-8") for c in BIDI_CONTROLS)]
    assert found == []
    # nor any other invisible character of a name (a zero-width space, a byte-order mark inside it)
    found = [p.name for p in files(site) if p.suffix != ".pdf" and any(c in p.read_text(encoding="utf-8-sig") for c in "\u200b\ufeff")]
    assert found == []
    assert "JZ-2026-00002,2026-06-02,张三," in (site / "data" / "donations.csv").read_text(encoding="utf-8-sig")
    assert "JZ-2026-00001,2026-06-01,善心人," in (site / "data" / "donations.csv").read_text(encoding="utf-8-sig")
