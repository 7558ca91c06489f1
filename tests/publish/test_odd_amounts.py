"""Odd amounts on their way to the site: a fraction of a fen is named, never a crash."""

from __future__ import annotations

from click.testing import CliRunner

from cli import cli
from tests.publish.sitecheck import unwrap_whole


def test_a_fraction_of_a_fen_is_named_by_check_and_by_a_forced_publish(tmp_path, monkeypatch):
    """0.001 CNY passed `relief check` and stopped `relief publish` with an internal error
    (the sum trees count fen); now check names the line, and publish --allow-errors names the
    donation and leaves no site."""
    monkeypatch.setenv("RELIEF_SITE_SECRET", "odd-amounts-secret-0123456789")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    books = tmp_path / "books"
    assert CliRunner().invoke(cli, ["init", str(books), "--year", "2026"]).exit_code == 0
    with open(books / "inbox.beancount", "a", encoding="utf-8") as fh:
        fh.write('\n2026-06-01 * "捐款"\n  fund: "GENERAL"\n  donor: "ANON"\n  receipt: "JZ-2026-00001"\n'
                 "  Assets:Bank:Basic  0.001 CNY\n  Income:Donation:Individual\n")
    n = len((books / "inbox.beancount").read_text(encoding="utf-8").splitlines()) - 5
    checked = CliRunner().invoke(cli, ["check", str(books)])
    assert checked.exit_code == 1
    assert f"inbox.beancount:{n}: 捐赠金额 0.001 CNY 不是整分" in checked.output
    assert "。 Donation of 0.001 CNY is not a whole number of fen" in checked.output
    published = CliRunner().invoke(cli, ["publish", str(books), "--out", str(tmp_path / "site"), "--allow-errors"])
    assert published.exit_code == 1 and "internal error" not in published.output
    assert "donation JZ-2026-00001 of 2026-06-01 is 0.001 CNY, not a whole number of fen" in published.output
    assert not (tmp_path / "site").exists()


def test_a_gift_given_back_gets_no_acknowledgement_page(tmp_path):
    """A refund had a page saying "感谢您的捐赠 … 金额 -¥30.00" / "Thank you for your gift …
    Amount -¥30.00"; the letters already left it out. It stays in the receipt register."""
    from ledger.books import load_books
    from publish.model_builder import build_public_model

    books = tmp_path / "books"
    assert CliRunner().invoke(cli, ["init", str(books), "--year", "2026"]).exit_code == 0
    with open(books / "registry" / "donors.beancount", "a", encoding="utf-8") as fh:
        fh.write('\n2026-01-01 custom "donor" "D0001" "individual"\n  name: "王五"\n')
    with open(books / "inbox.beancount", "a", encoding="utf-8") as fh:
        for receipt, amount in (("JZ-2026-00001", "100.00"), ("JZ-2026-00002", "-30.00")):
            fh.write(f'\n2026-06-01 * "捐款"\n  fund: "GENERAL"\n  donor: "D0001"\n  receipt: "{receipt}"\n'
                     f"  Assets:Bank:Basic  {amount} CNY\n  Income:Donation:Individual\n")
    loaded = load_books(books)
    assert loaded.errors == []
    model = build_public_model(loaded, secret=b"odd-amounts-secret-0123456789")
    pages = {d.receipt: d.ack_path for d in model.donations}
    assert pages["JZ-2026-00001"] and pages["JZ-2026-00002"] is None


def test_the_honour_roll_counts_a_gift_given_back_in_the_total_not_among_the_gifts(tmp_path):
    """Two gifts and a refund: the roll said "3 笔" for 王五; it counts 2 gifts, with the total
    net of the refund (what the books say was given)."""
    from decimal import Decimal

    from ledger.books import load_books
    from publish.model_builder import build_public_model

    books = tmp_path / "books"
    assert CliRunner().invoke(cli, ["init", str(books), "--year", "2026"]).exit_code == 0
    with open(books / "registry" / "donors.beancount", "a", encoding="utf-8") as fh:
        fh.write('\n2026-01-01 custom "donor" "D0001" "individual"\n  name: "王五"\n')
    with open(books / "inbox.beancount", "a", encoding="utf-8") as fh:
        for n, (day, amount) in enumerate((("2026-06-01", "100.00"), ("2026-06-02", "50.00"), ("2026-06-03", "-30.00")), 1):
            fh.write(f'\n{day} * "捐款"\n  fund: "GENERAL"\n  donor: "D0001"\n  receipt: "JZ-2026-0000{n}"\n'
                     f"  Assets:Bank:Basic  {amount} CNY\n  Income:Donation:Individual\n")
    loaded = load_books(books)
    assert loaded.errors == []
    (roll,) = build_public_model(loaded, secret=b"odd-amounts-secret-0123456789").rolls
    (entry,) = [e for g in roll.groups for e in g.entries]
    assert (entry.name, entry.gifts, entry.amount) == ("王五", 2, Decimal("120.00"))
    assert (roll.gifts, roll.total) == (2, Decimal("120.00"))


def test_an_entry_worth_nothing_gets_no_acknowledgement_page_and_is_no_gift(tmp_path):
    """A correction moving a gift from Income:Donation:Individual to :Enterprise carries a
    receipt and nets to 0.00: it had a page thanking the donor for ¥0.00 and counted as one
    more gift on the honour roll and the fund's page."""
    from decimal import Decimal

    from ledger.books import load_books
    from publish.model_builder import build_public_model

    books = tmp_path / "books"
    assert CliRunner().invoke(cli, ["init", str(books), "--year", "2026"]).exit_code == 0
    with open(books / "registry" / "donors.beancount", "a", encoding="utf-8") as fh:
        fh.write('\n2026-01-01 custom "donor" "D0001" "enterprise"\n  name: "某某公司"\n')
    with open(books / "inbox.beancount", "a", encoding="utf-8") as fh:
        fh.write('\n2026-06-01 * "捐款"\n  fund: "GENERAL"\n  donor: "D0001"\n  receipt: "JZ-2026-00001"\n'
                 "  Assets:Bank:Basic  100.00 CNY\n  Income:Donation:Individual\n")
        fh.write('\n2026-06-05 * "捐款类别更正"\n  fund: "GENERAL"\n  donor: "D0001"\n  receipt: "JZ-2026-00002"\n'
                 "  Income:Donation:Individual  100.00 CNY\n  Income:Donation:Enterprise  -100.00 CNY\n")
    loaded = load_books(books)
    assert loaded.errors == []
    model = build_public_model(loaded, secret=b"odd-amounts-secret-0123456789")
    pages = {d.receipt: d.ack_path for d in model.donations}
    assert pages["JZ-2026-00001"] and pages["JZ-2026-00002"] is None
    (roll,) = model.rolls
    (entry,) = [e for g in roll.groups for e in g.entries]
    assert (entry.gifts, entry.amount) == (1, Decimal("100.00"))
    assert (roll.gifts, roll.total) == (1, Decimal("100.00"))
    (general,) = [f for f in model.funds if f.ref.id == "GENERAL"]
    assert general.donations == 1


def test_a_gift_given_back_says_so_on_its_own_page(tmp_path, monkeypatch):
    """A refund naming the gift (`refund_of`: its receipt, or its source_ref as an importer
    writes it): the gift's page said "将按所进入基金的用途用于帮扶困难职工" after the money had
    gone back. Now it says what went back, when, under which receipt, and what is left; a
    refund naming another donor's gift changes nothing on that page."""
    monkeypatch.setenv("RELIEF_SITE_SECRET", "odd-amounts-secret-0123456789")
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    books = tmp_path / "books"
    assert CliRunner().invoke(cli, ["init", str(books), "--year", "2026"]).exit_code == 0
    with open(books / "registry" / "donors.beancount", "a", encoding="utf-8") as fh:
        fh.write('\n2026-01-01 custom "donor" "D0001" "individual"\n  name: "王五"\n'
                 '\n2026-01-01 custom "donor" "D0002" "individual"\n  name: "赵六"\n')
    rows = (("JZ-2026-00001", "D0001", "1000.00", "", 'source_ref: "icbc:A1"'),
            ("JZ-2026-00002", "D0001", "200.00", "", ""),
            ("JZ-2026-00003", "D0001", "-1000.00", "06-20", 'refund_of: "icbc:A1"'),
            ("JZ-2026-00004", "D0001", "-50.00", "06-21", 'refund_of: "JZ-2026-00002"'),
            ("JZ-2026-00005", "D0002", "300.00", "", ""),
            ("JZ-2026-00006", "D0001", "-10.00", "06-22", 'refund_of: "JZ-2026-00005"'))
    with open(books / "inbox.beancount", "a", encoding="utf-8") as fh:
        for receipt, donor, amount, day, extra in rows:
            fh.write(f'\n2026-{day or "06-01"} * "捐款"\n  fund: "GENERAL"\n  donor: "{donor}"\n  receipt: "{receipt}"\n'
                     + (f"  {extra}\n" if extra else "")
                     + f"  Assets:Bank:Basic  {amount} CNY\n  Income:Donation:Individual\n")
    site = tmp_path / "site"
    # 王五's refund naming 赵六's gift is an error (rule refund_gift): published anyway, to see the pages
    result = CliRunner().invoke(cli, ["publish", str(books), "--out", str(site), "--allow-errors"])
    assert result.exit_code == 0, result.output
    from ledger.books import load_books
    from publish import ack

    key = b"odd-amounts-secret-0123456789"
    assert [e.message.split("。 ", 1)[1][:80] for e in load_books(books).errors] == [
        "The refund (receipt JZ-2026-00006) (donor D0001) names in refund_of the gift JZ-2026-00005 of another donor"[:80]]

    def page(receipt: str) -> str:
        return unwrap_whole((site / ack.ack_path(receipt, key)).read_text(encoding="utf-8"))

    whole = page("JZ-2026-00001")
    assert "的捐赠已记入账目，并已全额退还，见下文。" in whole and "将按所进入基金的用途" not in whole
    assert "¥1,000.00 已于 2026年6月20日 退还（退款收据编号 JZ-2026-00003）：这笔捐赠已全额退还，不用于帮扶。" in whole
    assert "was returned to you on 2026-06-20 (refund receipt JZ-2026-00003): the whole gift went back" in whole
    part = page("JZ-2026-00002")
    assert "¥50.00 已于 2026年6月21日 退还（退款收据编号 JZ-2026-00004）；其余 ¥150.00 按上述用途使用。" in part
    assert "将按所进入基金的用途用于帮扶困难职工" in part
    other = page("JZ-2026-00005")  # 赵六's gift, named by a refund of 王五's: not his refund
    assert 'class="returned"' not in other


def test_goods_given_with_no_value_are_a_gift_with_a_page_and_a_letter(tmp_path, monkeypatch):
    """10 bags of rice given with no value put on them ({0 CNY}) were listed with their goods
    on the honour roll but not counted as a gift ("1 gift" for two), had no acknowledgement
    page, and so no letter ("no acknowledgement page in the public model"). They are a gift:
    counted, with a page that says the goods are not valued rather than "¥0.00", and a letter."""
    from ledger.books import load_books
    from letters.make import make_letters
    from publish.model_builder import build_public_model
    from publish.site import publish_site

    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "cfg"))
    secret = b"odd-amounts-secret-0123456789"
    books = tmp_path / "books"
    assert CliRunner().invoke(cli, ["init", str(books), "--year", "2026"]).exit_code == 0
    with open(books / "accounts.beancount", "a", encoding="utf-8") as fh:
        fh.write('\n2026-01-01 commodity RICE\n  name_zh: "大米"\n  name_en: "Rice"\n  unit_zh: "袋"\n  unit_en: "bag"\n')
    with open(books / "registry" / "donors.beancount", "a", encoding="utf-8") as fh:
        fh.write('\n2026-01-01 custom "donor" "D0001" "individual"\n  name: "王五"\n')
    with open(books / "inbox.beancount", "a", encoding="utf-8") as fh:
        fh.write('\n2026-06-01 * "捐款"\n  fund: "GENERAL"\n  donor: "D0001"\n  receipt: "JZ-2026-00001"\n'
                 "  Assets:Bank:Basic  100.00 CNY\n  Income:Donation:Individual\n"
                 '\n2026-06-02 * "捐赠大米"\n  fund: "GENERAL"\n  donor: "D0001"\n  receipt: "JZ-2026-00002"\n'
                 "  Assets:Goods  10 RICE {0 CNY}\n  Income:Donation:InKind  0 CNY\n")
    loaded = load_books(books)
    assert loaded.errors == [], loaded.errors
    model = build_public_model(loaded, secret=secret)
    pages = {d.receipt: d.ack_path for d in model.donations}
    assert pages["JZ-2026-00002"]
    [roll] = model.rolls
    [line] = [line for group in roll.groups for line in group.entries]
    assert (line.gifts, line.amount, roll.gifts, roll.total) == (2, 100, 2, 100)
    site = tmp_path / "site"
    publish_site(model, site)
    page = (site / pages["JZ-2026-00002"]).read_text(encoding="utf-8")
    assert "<dd>物资未估值</dd>" in page and "<dd>goods not valued</dd>" in page
    # the same page through the template (a user's copy of ack.html: publish/ack_page.py stands aside)
    import shutil
    from pathlib import Path

    import site_templates

    mine = tmp_path / "mine"
    mine.mkdir()
    shutil.copy(Path(site_templates.__file__).parent / "ack.html", mine / "ack.html")
    publish_site(model, tmp_path / "site2", templates=mine)
    assert (tmp_path / "site2" / pages["JZ-2026-00002"]).read_text(encoding="utf-8") == page
    made = make_letters(loaded, tmp_path / "letters", secret, jobs=1)
    assert (tmp_path / "letters" / "2026" / "JZ-2026-00002.pdf").exists(), made
