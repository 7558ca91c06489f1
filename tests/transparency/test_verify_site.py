"""`relief verify` on a published demo site: it passes, and each way of cheating fails with
a message that says which (docs/verification.md, "Threat model")."""

from __future__ import annotations

import datetime
import hashlib
import html
import json
import os
import re
import shutil
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import cli
from ledger.books import load_books
from ledger.closes.close import close_period
from ledger.period import parse_period
from ledger.reconcile.report import build_report
from ledger.transparency.sumtree import leaf_of
from ledger.transparency.verifier import PROOF_RE, sum_leaf_hash, verification_code
from publish import opendata
from publish.verification import gift_of

SECRET = "verify-tests-site-secret-0123456789"
TODAY = datetime.date(2026, 6, 10)


def _publish(main: Path, out: Path):
    from publish.run import publish_books

    return publish_books(load_books(main), out)


def _close(main: Path, period: str) -> None:
    close_period(load_books(main), parse_period(period), check=build_report, today=TODAY)


@pytest.fixture(scope="module")
def env(tmp_path_factory):
    with pytest.MonkeyPatch.context() as mp:
        mp.setenv("RELIEF_SITE_SECRET", SECRET)
        mp.setenv("XDG_CONFIG_HOME", str(tmp_path_factory.mktemp("config")))
        yield mp


@pytest.fixture(scope="module")
def demo(env, tmp_path_factory):
    """Demo books with 2026-Q1 closed, published; then 2026-04 closed too, published again."""
    from ledger.demo import write_demo

    root = tmp_path_factory.mktemp("verify")
    main, _year = write_demo(root / "books", seed=3, transactions=200)
    _close(main, "2026-Q1")
    first = _publish(main, root / "site1")
    _close(main, "2026-04")
    second = _publish(main, root / "site2")
    return main, root / "site1", first, root / "site2", second


def verify(*args) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["verify", *map(str, args)])
    return result.exit_code, result.output


def closed_gift(result, anonymous: bool = False, fund: str | None = None):
    return next(d for d in result.model.donations
                if d.ack_path and d.date <= datetime.date(2026, 3, 31) and d.anonymous == anonymous and d.amount > 0
                and (fund is None or d.fund.id == fund))


def page_proof(site: Path, d) -> dict:
    return json.loads(html.unescape(PROOF_RE.search((site / d.ack_path).read_text(encoding="utf-8")).group(1)))


def tampered(site: Path, tmp_path: Path) -> Path:
    copy = tmp_path / "copy"
    shutil.copytree(site, copy)
    return copy


def remanifest(site: Path) -> None:
    """What a dishonest publisher would do after changing files: make the manifest agree."""
    files = {}
    for p in sorted(site.rglob("*")):
        rel = p.relative_to(site).as_posix()
        if p.is_file() and rel not in ("data/manifest.json", ".relief-site"):
            files[rel] = hashlib.sha256(p.read_bytes()).hexdigest()
    (site / "data" / "manifest.json").write_bytes(opendata.manifest_json(files))


def edit_csv(site: Path, receipt: str, change) -> None:
    path = site / "data" / "donations.csv"
    lines = path.read_bytes().decode("utf-8-sig").split("\r\n")
    out = []
    for line in lines:
        if line.startswith(receipt + ","):
            line = change(line)
            if line is None:
                continue
        out.append(line)
    path.write_bytes(("\ufeff" + "\r\n".join(out)).encode("utf-8"))


# --------------------------------------------------------------------------- it verifies


def test_demo_site_verifies_end_to_end(demo, tmp_path):
    main, site1, first, site2, second = demo
    d = closed_gift(second)
    code = page_proof(site2, d)["code"]
    saved = tmp_path / "checkpoint.txt"
    status, out = verify(site2, "--page", d.ack_path, "--code", code, "--save-checkpoint", saved)
    assert status == 0, out
    assert "Everything verifies." in out and "FAIL" not in out
    assert f"receipt {d.receipt}" in out and "2 closed periods' roots match data/donations.csv" in out
    assert saved.read_text(encoding="utf-8") == (site2 / "log" / "checkpoint").read_text(encoding="utf-8")
    # the page from the first publish (checkpoint of size 1) is consistent with today's log
    status, out = verify(site2, "--since", saved)
    assert status == 0, out


def test_the_shipped_script_needs_only_the_standard_library(demo):
    _main, _s1, _r1, site2, second = demo
    d = closed_gift(second)
    script = site2 / "verify" / "relief_verify.py"
    assert script.read_bytes() == (Path(__file__).parents[2] / "ledger" / "transparency" / "verifier.py").read_bytes()
    # -S -I: no site-packages, no environment: only the standard library
    run = subprocess.run([sys.executable, "-S", "-I", str(script), str(site2), "--page", d.ack_path], capture_output=True, text=True, timeout=120)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Everything verifies." in run.stdout
    assert "relief_verify.py" in (site2 / "verify" / "index.html").read_text(encoding="utf-8")


def test_a_checkpoint_save_that_fails_keeps_the_one_saved_before(demo, tmp_path, monkeypatch):
    """The saved checkpoint is the reader's evidence for --since: saving over it happens in one
    step, and a save that fails (disk full, a folder that cannot be written) leaves it whole
    and says so, in relief and in the site's own script, with no traceback."""
    _main, _s1, _r1, site2, _r2 = demo
    saved = tmp_path / "checkpoint.txt"
    saved.write_text("the one saved last month\n", encoding="utf-8")
    from ledger.transparency import verifier

    def full_disk(fd, *args, **kwargs):
        raise OSError(28, "No space left on device")

    monkeypatch.setattr(verifier.os, "fsync", full_disk)
    status, out = verify(site2, "--save-checkpoint", saved)
    assert status == 1 and f"{saved}: cannot save the checkpoint (No space left on device)" in out, out
    assert saved.read_text(encoding="utf-8") == "the one saved last month\n"
    assert [p.name for p in tmp_path.iterdir()] == ["checkpoint.txt"]  # no temporary file left
    monkeypatch.undo()
    script = site2 / "verify" / "relief_verify.py"
    nowhere = tmp_path / "no-such-folder" / "checkpoint.txt"
    run = subprocess.run([sys.executable, "-S", "-I", str(script), str(site2), "--save-checkpoint", str(nowhere)],
                         capture_output=True, text=True, timeout=120)
    assert run.returncode == 1 and f"FAIL: {nowhere}: cannot save the checkpoint" in run.stdout, run.stdout + run.stderr
    assert "Traceback" not in run.stderr
    status, out = verify(site2, "--save-checkpoint", saved)
    assert status == 0 and saved.read_text(encoding="utf-8") == (site2 / "log" / "checkpoint").read_text(encoding="utf-8")


def test_letter_code_is_the_page_code(demo):
    _main, _s1, _r1, site2, second = demo
    d = closed_gift(second)
    assert verification_code(leaf_of(gift_of(d), SECRET.encode())[1]) == page_proof(site2, d)["code"]


def _fullwidth(text: str) -> str:
    return "".join(chr(ord(c) + 0xFEE0) if "!" <= c <= "~" else c for c in text)


def test_the_code_typed_by_hand_is_found(demo, tmp_path):
    """A donor types the code off the letter: in lower case, with a space or nothing for the
    dash, with an IME left in full-width, 0 for the letter O, 1 for I or L, 8 for B. None of
    these is a different code (the alphabet has no 0, 1 or 8), so none may be told
    "code mismatch", which says the centre changed the gift; a code that cannot be one
    (a letter missing) is told to check what was typed, not that the gift was changed."""
    _main, _s1, _r1, site2, second = demo
    d = closed_gift(second)
    code = page_proof(site2, d)["code"]
    plain = code.replace("-", "")
    typed = [code.lower(), f" {plain[:4].lower()} {plain[4:].lower()} ", plain, _fullwidth(code), _fullwidth(code.lower()),
             code.replace("-", "—"), code.replace("-", "－"), code.replace("-", "　"),
             "\u200b" + code.replace("-", "\u00ad") + "\ufeff",  # copied out of a PDF or a chat: invisible marks come along
             code.replace("O", "0").replace("I", "1").replace("L", "1").replace("B", "8")]
    for text in typed:
        status, out = verify(site2, "--page", d.ack_path, "--code", text)
        assert status == 0 and "FAIL" not in out, (text, out)
    # every page of the site: the look-alike digits for the letters they stand for
    looked = [x for x in second.model.donations if x.ack_path and x.date <= datetime.date(2026, 3, 31)
              and set(page_proof(site2, x)["code"]) & set("OIL")]
    assert looked
    x = looked[0]
    code = page_proof(site2, x)["code"]
    status, out = verify(site2, "--page", x.ack_path, "--code", code.lower().replace("o", "0").replace("i", "1").replace("l", "1"))
    assert status == 0, out
    # a capital I read as a small l (they are one stroke in the letter's sans-serif)
    x = next(x for x in second.model.donations if x.ack_path and "I" in page_proof(site2, x)["code"])
    status, out = verify(site2, "--page", x.ack_path, "--code", page_proof(site2, x)["code"].replace("I", "l"))
    assert status == 0, out
    for wrong in (plain[:7], plain + "A", "ABCD-EFG!"):
        status, out = verify(site2, "--page", d.ack_path, "--code", wrong)
        assert status == 1 and "code mismatch" not in out, (wrong, out)
        assert "is not a verification code" in out and "8 letters and digits" in out, out
    other = "".join("A" if c != "A" else "B" for c in plain)
    status, out = verify(site2, "--page", d.ack_path, "--code", other.lower())
    assert status == 1 and f"code mismatch: the code on your letter ({other[:4]}-{other[4:]})" in out, out


def test_the_code_alone_finds_the_page(demo, tmp_path):
    """`--code` without `--page` was ignored: "Everything verifies." while the code on the
    letter had been checked against nothing. The code alone now finds the gift's page in the
    site's folder (the published one holds every page), typed as a donor types it, and checks
    it; a code no page carries fails, and says that a downloaded copy has no gift pages."""
    _main, _s1, _r1, site2, second = demo
    d = closed_gift(second)
    code = page_proof(site2, d)["code"]
    for script in (False, True):
        if script:
            run = subprocess.run([sys.executable, "-S", "-I", str(site2 / "verify" / "relief_verify.py"), str(site2), "--code", code.lower()],
                                 capture_output=True, text=True, timeout=120)
            status, out = run.returncode, run.stdout + run.stderr
        else:
            status, out = verify(site2, "--code", code.lower().replace("-", " "))
        assert status == 0, out
        assert f"found {d.ack_path} by its code" in out and f"receipt {d.receipt} (" in out, out
    wrong = "".join("A" if c != "A" else "B" for c in code.replace("-", ""))
    status, out = verify(site2, "--code", wrong)
    assert status == 1 and "Everything verifies." not in out
    assert f"no acknowledgement page in {site2} shows the code {wrong[:4]}-{wrong[4:]}" in out, out
    copy = tampered(site2, tmp_path)
    shutil.rmtree(copy / "ack")  # a copy downloaded with wget: nothing links to the gift pages
    status, out = verify(copy, "--code", code)
    assert status == 1 and "--page" in out and "downloaded" in out, out


def test_the_page_given_by_its_address_on_the_letter(demo, tmp_path):
    """The letter prints the page's full address; a donor gives it to --page as printed (or
    as the phone opened it, with what a messenger adds). It was looked up as a file named
    "https://…" in the site's folder and failed "missing from the site", which said the
    centre had taken the page away. The address now names the page in the site's folder;
    where the folder has no gift pages (a downloaded copy), it says to save the page."""
    _main, _s1, _r1, site2, second = demo
    d = closed_gift(second)
    code = page_proof(site2, d)["code"]
    for address in (f"https://relief.example.org/{d.ack_path}", f"https://relief.example.org/{d.ack_path}?from=singlemessage",
                    f"relief.example.org/{d.ack_path}", f"/{d.ack_path}"):
        status, out = verify(site2, "--page", address, "--code", code)
        assert status == 0, (address, out)
        assert f"receipt {d.receipt} (" in out
    copy = tampered(site2, tmp_path)
    shutil.rmtree(copy / "ack")  # as wget downloads the site: nothing links to the gift pages
    address = f"https://relief.example.org/{d.ack_path}"
    status, out = verify(copy, "--page", address, "--code", code)
    assert status == 1 and f"{address}: missing from the site" not in out, out
    assert f"{address}: {copy} has no acknowledgement pages" in out and "save the page" in out, out


def test_a_saved_page_that_is_not_there(demo, tmp_path):
    """A saved page given by a path with a typo (or before the download finished) was
    reported "missing from the site", as if the centre had removed the donor's page; it now
    says that no such file is on this computer, and what to give instead."""
    _main, _s1, _r1, site2, _r2 = demo
    for page in (tmp_path / "Downloads" / "my-page.html", "my-page.html"):
        status, out = verify(site2, "--page", page, "--code", "ABCD-EFGH")
        assert status == 1 and "missing from the site" not in out, out
        assert f"FAIL: {page}: no such file on this computer" in out and "saved" in out, out


def test_another_gifts_page_is_named_as_such(demo):
    """The code of one letter checked against the page of another gift (a donor with two
    letters, or two pages saved) was told only "code mismatch … not what your letter was made
    from", which reads as the centre having changed the gift; the message now names the
    page's receipt and date, so the donor sees it is another gift's page."""
    _main, _s1, _r1, site2, second = demo
    d = closed_gift(second)
    other = next(x for x in second.model.donations if x.ack_path and x.receipt != d.receipt and x.date <= datetime.date(2026, 3, 31))
    status, out = verify(site2, "--page", other.ack_path, "--code", page_proof(site2, d)["code"])
    assert status == 1 and "code mismatch" in out
    assert f"this page is receipt {other.receipt} of {other.date.isoformat()}" in out, out
    assert "another gift's page" in out


def test_anonymous_proofs_reveal_no_name(demo):
    main, _s1, _r1, site2, second = demo
    books = load_books(main)
    d = closed_gift(second, anonymous=True)
    proof = page_proof(site2, d)
    assert set(proof) == {"v", "receipt", "date", "fund", "amount_fen", "salt", "leaf", "code", "period", "index", "path",
                          "root", "sum", "leaves", "log_index", "checkpoint", "inclusion"}
    text = (site2 / d.ack_path).read_text(encoding="utf-8")
    donor_id = next(str(e.meta.get("donor")) for e in books.entries if getattr(e, "meta", None) and e.meta.get("receipt") == d.receipt)
    donor = books.registry.donors[donor_id]
    assert donor.public_name is None
    for name in {donor.name, donor.display, *donor.aliases} - {""}:
        assert name not in text, name


def test_period_page_and_verify_page_show_the_roots(demo):
    from ledger.transparency.verifier import Log, Site, parse_period_entry

    _main, _s1, _r1, site2, _r2 = demo
    entry = parse_period_entry(Log(Site(str(site2))).entries[0])
    roots = [f["root"] for f in entry["funds"].values()]
    assert entry["period"] == "2026-Q1" and len(roots) >= 2
    report = (site2 / "en" / "reports" / "2026-Q1.html").read_text(encoding="utf-8")
    page = (site2 / "en" / "verify" / "index.html").read_text(encoding="utf-8")
    for root in roots:
        assert root in report and root in page
    assert entry["close"] in report
    assert (site2 / "log" / "checkpoint").read_text(encoding="utf-8") in html.unescape(page)


# --------------------------------------------------------------------------- cheating fails


def test_changed_amount_fails(demo, tmp_path):
    _main, _s1, _r1, site2, second = demo
    d = closed_gift(second)
    site = tampered(site2, tmp_path)
    edit_csv(site, d.receipt, lambda line: line.replace(f",{d.amount},", f",{d.amount + 1},"))
    remanifest(site)
    status, out = verify(site)
    assert status == 1
    assert f"period 2026-Q1, fund {d.fund.id}: amount changed" in out
    assert f"未通过：期间 2026-Q1，基金 {d.fund.id}：金额被改动" in out


_CJK = re.compile(r"[\u4e00-\u9fff]")


def assert_chinese_first(lines: list[str]) -> None:
    """Each line a person reads is `通过：…。 ok: …`, `未通过：…。 FAIL: …` or a sentence in
    Chinese then English: Chinese (more than a label or a path) first, then the English."""
    assert lines
    for line in lines:
        zh, sep, en = line.partition("。 ")
        assert sep and _CJK.search(zh.removeprefix("未通过：").removeprefix("通过：").split("：", 1)[-1]), line
        assert not _CJK.search(en.split("'")[0]), line  # the English half (a name quoted from the data aside)
        if zh.startswith("通过："):
            assert en.startswith("ok: "), line
        elif zh.startswith("未通过："):
            assert en.startswith("FAIL: "), line


def test_what_verify_prints_is_in_chinese_first(demo, tmp_path):
    """A donor and a union's finance officer read Chinese: `relief verify` and the site's
    relief_verify.py said "ok: …", "FAIL: …" and "Everything verifies." in English only.
    Each line is now Chinese first, then the English as before."""
    _main, _s1, _r1, site2, second = demo
    d = closed_gift(second)
    code = page_proof(site2, d)["code"]
    script = site2 / "verify" / "relief_verify.py"
    saved = tmp_path / "checkpoint.txt"
    args = [str(site2), "--page", d.ack_path, "--code", code, "--save-checkpoint", str(saved)]
    by_relief = verify(*args)
    run = subprocess.run([sys.executable, "-S", "-I", str(script), *args], capture_output=True, text=True, timeout=120)
    for status, out in (by_relief, (run.returncode, run.stdout)):
        assert status == 0, out
        lines = out.splitlines()
        assert_chinese_first(lines)
        assert lines[-1] == "全部核验通过。 Everything verifies."
        assert any(line.startswith(f"通过：收据 {d.receipt}（") and f"。 ok: receipt {d.receipt} (" in line for line in lines), out
        assert f"已把今天的检查点保存到 {saved}；" in out and f"saved today's checkpoint to {saved};" in out
    site = tampered(site2, tmp_path)
    edit_csv(site, d.receipt, lambda line: None)
    remanifest(site)
    status, by_relief = verify(site, "--code", "ABCD-EFGH")
    run = subprocess.run([sys.executable, "-S", "-I", str(script), str(site), "--code", "ABCD-EFGH"], capture_output=True, text=True, timeout=120)
    assert status == 1 and run.returncode == 1
    for out in (by_relief, run.stdout):
        lines = out.splitlines()
        assert_chinese_first(lines)
        assert any(line.startswith(f"未通过：期间 2026-Q1，基金 {d.fund.id}：有捐赠被删去") for line in lines), out
        assert any(line.startswith("未通过：") and "ABCD-EFGH 的致谢页" in line for line in lines), out
    assert run.stdout.splitlines()[-1] == "3 个问题：本网站未通过核验。 3 problem(s): this site does not verify."
    assert "未通过核验。" in by_relief and "does not verify" in by_relief


def test_the_script_writes_its_lines_as_the_rules_do():
    """relief_verify.py cannot import ledger.errors (it is standalone), so it has its own
    bilingual(): the same shape as the rules' messages."""
    from ledger.errors import bilingual
    from ledger.transparency import verifier

    for zh, en in (("全部核验通过", "Everything verifies."), ("有问题。", "x"), (" 问题？ ", " y "), ("", "z")):
        assert verifier.bilingual(zh, en) == bilingual(zh, en)


def test_changed_amount_on_the_page_fails(demo, tmp_path):
    """The publisher shows a smaller gift on the page, with a leaf made to match."""
    _main, _s1, _r1, site2, second = demo
    d = closed_gift(second)
    site = tampered(site2, tmp_path)
    page = site / d.ack_path
    proof = page_proof(site, d)
    code = proof["code"]
    new = dict(proof, amount_fen=proof["amount_fen"] - 100)
    new["leaf"] = sum_leaf_hash(bytes.fromhex(new["salt"]), new["receipt"], new["amount_fen"], new["fund"], new["date"]).hex()
    new["code"] = verification_code(bytes.fromhex(new["leaf"]))
    body = page.read_text(encoding="utf-8")
    m = PROOF_RE.search(body)
    page.write_text(body[:m.start(1)] + html.escape(json.dumps(new)) + body[m.end(1):], encoding="utf-8")
    remanifest(site)
    status, out = verify(site, "--page", d.ack_path)
    assert status == 1 and "amount changed" in out, out
    status, out = verify(site, "--page", d.ack_path, "--code", code)
    assert status == 1 and "code mismatch" in out, out


def test_dropped_gift_fails(demo, tmp_path):
    _main, _s1, _r1, site2, second = demo
    d = closed_gift(second)
    site = tampered(site2, tmp_path)
    edit_csv(site, d.receipt, lambda line: None)
    remanifest(site)
    status, out = verify(site)
    assert status == 1
    assert f"period 2026-Q1, fund {d.fund.id}: a gift was left out" in out


def test_gift_moved_to_another_fund_fails(demo, tmp_path):
    """On the open data, and against the code on the donor's letter."""
    main, _s1, _r1, site2, second = demo
    funds = sorted({x.fund.id for x in second.model.donations if x.date <= datetime.date(2026, 3, 31)})
    assert len(funds) >= 2
    d = closed_gift(second, fund=funds[0])
    site = tampered(site2, tmp_path)
    edit_csv(site, d.receipt, lambda line: line.replace(f",{funds[0]},", f",{funds[1]},"))
    remanifest(site)
    status, out = verify(site)
    assert status == 1
    assert f"period 2026-Q1, fund {funds[1]}: a gift was added" in out or "moved to another fund" in out
    assert f"period 2026-Q1, fund {funds[0]}: a gift was left out" in out

    # the books moved the gift before the close: the letter (made from the gift in funds[0]) disagrees
    books_dir = tmp_path / "books"
    shutil.copytree(main.parent, books_dir)
    (books_dir / "closes.beancount").write_text("", encoding="utf-8")
    shutil.rmtree(books_dir / "closes")
    letter_code = verification_code(leaf_of(gift_of(d), SECRET.encode())[1])
    for path in books_dir.rglob("*.beancount"):
        text = path.read_text(encoding="utf-8")
        if f'receipt: "{d.receipt}"' in text:
            head, _, tail = text.partition(f'receipt: "{d.receipt}"')
            start = head.rfind("\n\n") + 2
            block = head[start:].replace(f'fund: "{funds[0]}"', f'fund: "{funds[1]}"')
            path.write_text(head[:start] + block + f'receipt: "{d.receipt}"' + tail, encoding="utf-8")
    _close(books_dir / "main.beancount", "2026-Q1")
    moved = _publish(books_dir / "main.beancount", tmp_path / "moved")
    assert next(x for x in moved.model.donations if x.receipt == d.receipt).fund.id == funds[1]
    status, out = verify(tmp_path / "moved", "--page", d.ack_path, "--code", letter_code)
    assert status == 1
    assert f"moved to another fund: the code on your letter ({letter_code}) was made for fund {funds[0]}" in out


def test_rewritten_closed_period_fails(demo, tmp_path):
    main, _s1, _r1, site2, second = demo
    saved = tmp_path / "saved.txt"
    saved.write_text((site2 / "log" / "checkpoint").read_text(encoding="utf-8"), encoding="utf-8")
    d = closed_gift(second)
    # rewrite Q1: add to a gift's entry, drop the closes and close again
    books_dir = tmp_path / "books"
    shutil.copytree(main.parent, books_dir)
    (books_dir / "closes.beancount").write_text("", encoding="utf-8")
    shutil.rmtree(books_dir / "closes")
    for path in books_dir.rglob("*.beancount"):
        text = path.read_text(encoding="utf-8")
        if f'receipt: "{d.receipt}"' in text:
            path.write_text(text.replace(f'receipt: "{d.receipt}"', f'receipt: "{d.receipt}"\n  note: "rewritten"', 1), encoding="utf-8")
    _close(books_dir / "main.beancount", "2026-Q1")
    _close(books_dir / "main.beancount", "2026-04")
    # publishing over the old site is refused ...
    copy = tampered(site2, tmp_path)
    from publish.run import PublishError

    with pytest.raises(PublishError, match="a closed period was rewritten"):
        _publish(books_dir / "main.beancount", copy)
    # ... and a new site built elsewhere does not extend the checkpoint saved earlier
    _publish(books_dir / "main.beancount", tmp_path / "rewritten")
    status, out = verify(tmp_path / "rewritten", "--since", saved)
    assert status == 1
    assert "log rewritten" in out, out


def test_older_checkpoint_served_fails(demo, tmp_path):
    _main, site1, _r1, site2, _r2 = demo
    saved = tmp_path / "saved.txt"
    saved.write_text((site2 / "log" / "checkpoint").read_text(encoding="utf-8"), encoding="utf-8")
    status, out = verify(site1, "--since", saved)
    assert status == 1
    assert "older checkpoint served" in out, out


def test_a_changed_pledge_to_come_shows_only_as_a_changed_file(demo, tmp_path):
    # docs/verification.md: what of a pledge is still to come changes after its period is
    # closed, so no leaf or log entry commits it; a change to donations.csv's pledge_to_come is
    # seen through the manifest alone, and a publisher who remakes the manifest is not caught
    _main, _s1, _r1, site2, second = demo
    d = closed_gift(second)
    site = tampered(site2, tmp_path)
    header = (site / "data" / "donations.csv").read_bytes().decode("utf-8-sig").split("\r\n")[0]
    assert header.endswith(",pledge_to_come")
    edit_csv(site, d.receipt, lambda line: line + "5000.00" if line.endswith(",") else line)
    row = next(line for line in (site / "data" / "donations.csv").read_text("utf-8-sig").splitlines() if line.startswith(f"{d.receipt},"))
    assert row.endswith(",5000.00")
    status, out = verify(site)
    assert status == 1 and "manifest: data/donations.csv changed" in out
    remanifest(site)
    status, out = verify(site)
    assert status == 0, out


def test_changed_file_and_bad_signature_fail(demo, tmp_path):
    _main, _s1, _r1, site2, _r2 = demo
    site = tampered(site2, tmp_path)
    (site / "data" / "funds.csv").write_bytes((site / "data" / "funds.csv").read_bytes() + b"x")
    status, out = verify(site)
    assert status == 1 and "manifest: data/funds.csv changed" in out
    cp = site / "log" / "checkpoint"
    text = cp.read_text(encoding="utf-8")
    lines = text.split("\n")
    lines[1] = str(int(lines[1]) + 1)
    cp.write_text("\n".join(lines), encoding="utf-8")
    status, out = verify(site)
    assert status == 1 and "not signed by the log's key" in out


# --------------------------------------------------------------------------- witnesses


def test_witness_cosigns_and_the_site_lists_it(demo, tmp_path):
    main, _s1, _r1, site2, _r2 = demo
    key = tmp_path / "witness.key"
    runner = CliRunner()
    result = runner.invoke(cli, ["witness", str(site2), "--key", str(key), "--name", "audit.example", "--out", str(tmp_path / "cosig")])
    assert result.exit_code == 0, result.output
    books_dir = tmp_path / "books"
    shutil.copytree(main.parent, books_dir)
    shutil.copytree(tmp_path / "cosig", books_dir / "witnesses")
    copy = tampered(site2, tmp_path)
    _publish(books_dir / "main.beancount", copy)
    assert "\u2014 audit.example " in (copy / "log" / "checkpoint").read_text(encoding="utf-8")
    status, out = verify(copy)
    assert status == 0, out
    assert "witnesses: audit.example co-signed today's checkpoint" in out
    assert "audit.example+" in (copy / "verify" / "index.html").read_text(encoding="utf-8")
    # the witness refuses to sign a log that does not extend what it signed before
    _main, site1, *_ = demo
    result = runner.invoke(cli, ["witness", str(site1), "--key", str(key), "--name", "audit.example", "--out", str(tmp_path / "cosig2")])
    assert result.exit_code == 1 and "older checkpoint served" in result.output


def test_witness_files_that_cannot_be_used_are_named_and_the_others_still_count(demo, tmp_path):
    """A .cosig that is not a signed note stopped the publish with an internal error; a damaged
    .vkey, a co-signature of a checkpoint the log does not have and one no key checks were
    left out without a word, and the site said no witness co-signed."""
    main, _s1, _r1, site2, _r2 = demo
    for name in ("audit.example", "second.example"):
        result = CliRunner().invoke(cli, ["witness", str(site2), "--key", str(tmp_path / f"{name}.key"), "--name", name,
                                          "--out", str(tmp_path / name)])
        assert result.exit_code == 0, result.output
    books_dir = tmp_path / "books"
    shutil.copytree(main.parent, books_dir)
    folder = books_dir / "witnesses"
    shutil.copytree(tmp_path / "audit.example", folder)
    shutil.copy(next((tmp_path / "second.example").glob("*.cosig")), folder / "no-key.cosig")  # its .vkey not given
    cosig = next(folder.glob("audit.example-*.cosig")).read_text(encoding="utf-8")
    (folder / "cut.cosig").write_text(cosig[:30], encoding="utf-8")
    lines = cosig.split("\n")
    lines[1] = str(int(lines[1]) + 5)
    (folder / "other.cosig").write_text("\n".join(lines), encoding="utf-8")
    (folder / "damaged.vkey").write_bytes(b"\xff\xfe")
    copy = tampered(site2, tmp_path)
    notes = "\n".join(_publish(books_dir / "main.beancount", copy).notes)
    assert f"{folder / 'cut.cosig'}: not a co-signed checkpoint (not a signed note" in notes
    assert f"{folder / 'damaged.vkey'}: not a witness's verifier key (not text)" in notes
    assert f"{folder / 'other.cosig'}: co-signs a checkpoint this log does not have" in notes
    assert f"{folder / 'no-key.cosig'}: no verifier key in witnesses/ checks its signature" in notes
    assert "audit.example-" not in notes
    status, out = verify(copy)
    assert status == 0 and "witnesses: audit.example co-signed today's checkpoint" in out, out


def test_a_witness_key_whose_name_holds_invisible_characters_is_left_out(demo, tmp_path):
    """`relief witness` refuses such a name, but a key made elsewhere was listed on the site,
    where a U+202E in the name reversed what follows it; the name is in the key id, so it
    cannot be cleaned: the key is left out, and the publish says so."""
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from ledger.transparency import tlog

    main, _s1, _r1, site2, _r2 = demo
    books_dir = tmp_path / "books"
    shutil.copytree(main.parent, books_dir)
    folder = books_dir / "witnesses"
    folder.mkdir()
    name = "audit\u202eelpmaxe"
    (folder / "odd.vkey").write_text(tlog.vkey_of(name, tlog.public_bytes(Ed25519PrivateKey.generate())) + "\n", encoding="utf-8")
    copy = tampered(site2, tmp_path)
    notes = "\n".join(_publish(books_dir / "main.beancount", copy).notes)
    assert f"{folder / 'odd.vkey'}: the witness's name holds invisible characters (U+202E RIGHT-TO-LEFT OVERRIDE)" in notes
    assert "\u202e" not in (copy / "log" / "witnesses").read_text(encoding="utf-8")
    assert "\u202e" not in (copy / "verify" / "index.html").read_text(encoding="utf-8")


def witness(*args) -> tuple[int, str]:
    result = CliRunner().invoke(cli, ["witness", *map(str, args)])
    assert "Traceback" not in result.output and not isinstance(result.exception, (OSError, UnicodeError)), result.exception
    return result.exit_code, result.output


def test_witness_mistakes_are_messages_and_leave_nothing_behind(demo, tmp_path):
    """A folder that is not a site makes no key; an --out or --key that cannot be written,
    and a damaged saved checkpoint, are messages naming the file (they were internal errors)."""
    _main, _s1, _r1, site2, _r2 = demo
    empty = tmp_path / "empty"
    empty.mkdir()
    status, out = witness(empty, "--key", tmp_path / "new" / "w.key", "--name", "audit.example", "--out", tmp_path / "o")
    assert status == 1 and "not co-signed" in out
    assert not (tmp_path / "new").exists() and not (tmp_path / "o").exists()
    a_file = tmp_path / "a-file"
    a_file.write_text("x", encoding="utf-8")
    status, out = witness(site2, "--key", tmp_path / "w.key", "--name", "audit.example", "--out", a_file / "sub")
    assert status == 1 and f"{a_file / 'sub'}" in out and "cannot write it" in out
    status, out = witness(site2, "--key", a_file / "w.key", "--name", "audit.example", "--out", tmp_path / "o")
    assert status == 1 and f"{a_file / 'w.key'}: cannot write it" in out
    (tmp_path / "w.key.last-checkpoint").write_bytes(b"\xff\xfe damaged")
    status, out = witness(site2, "--key", tmp_path / "w.key", "--name", "audit.example", "--out", tmp_path / "o")
    assert status == 1 and "w.key.last-checkpoint: not a checkpoint (not text)" in out
    assert not (tmp_path / "o").exists()


@pytest.mark.parametrize("name, said", [("\u202egro.elpmaxe", "U+202E RIGHT-TO-LEFT OVERRIDE"), ("../audit", "U+002F SOLIDUS"),
                                        ("..", "not .."), ("a\x01b", "U+0001")])
def test_a_witness_name_that_would_make_odd_files_or_read_as_another_is_refused(demo, tmp_path, name, said):
    """`--name ../audit` wrote the co-signature outside --out; a name with U+202E (shown on
    the centre's site, `gro.elpmaxe` reading as example.org) was signed and its files made."""
    _main, _s1, _r1, site2, _r2 = demo
    out = tmp_path / "o" / "inner"
    status, text = witness(site2, "--key", tmp_path / "w.key", "--name", name, "--out", out)
    assert status == 1 and "a witness name is one word of visible characters" in text and said in text, text
    assert not (tmp_path / "w.key").exists() and not (tmp_path / "o").exists()


@pytest.mark.parametrize("there", ["link", "fifo"])
def test_a_witness_key_that_is_a_link_to_nothing_is_named(demo, tmp_path, there):
    """The key a symbolic link to a disk not mounted: "w.key: cannot write it (File exists)"."""
    _main, _s1, _r1, site2, _r2 = demo
    key = tmp_path / "w.key"
    if there == "link":
        key.symlink_to(tmp_path / "unmounted" / "w.key")
    else:
        os.mkfifo(key)
    status, text = witness(site2, "--key", key, "--name", "audit.example", "--out", tmp_path / "o")
    said = f"a symbolic link to {tmp_path / 'unmounted' / 'w.key'}, which does not exist" if there == "link" else "not a regular file"
    assert status == 1 and f"{key}: the witness key is {said}; restore it" in text, text
    assert not (tmp_path / "o").exists()


def test_verify_since_a_file_that_is_not_a_checkpoint_names_it(demo, tmp_path):
    _main, _s1, _r1, site2, _r2 = demo
    for content in (b"\xff\xfe not text", b"some other text"):
        saved = tmp_path / "saved"
        saved.write_bytes(content)
        status, out = verify(site2, "--since", saved)
        assert status == 1 and f"FAIL: {saved}: not a checkpoint" in out, out


def test_verify_a_file_instead_of_the_site_says_so(tmp_path):
    """A donor who gives their saved page where the site's folder goes is told what goes where."""
    saved = tmp_path / "my-page.html"
    saved.write_text("<html></html>", encoding="utf-8")
    status, out = verify(saved)
    assert status != 0 and f"{saved}: is a file, not a folder" in out and "--page" in out, out
    status, out = verify(tmp_path / "nowhere")
    assert status != 0 and "no such folder" in out, out


# --------------------------------------------------------------------------- corrections


def _corrected_site(demo, tmp_path) -> Path:
    """The second site published again after a correction booked in May (closed) of 100.00 of
    January's general-fund hardship relief, moved to medical aid."""
    from beancount.core import data

    main, _s1, _r1, site2, _r2 = demo
    books_dir = tmp_path / "books"
    shutil.copytree(main.parent, books_dir)
    aid = next(e for e in load_books(books_dir / "main.beancount").entries
               if isinstance(e, data.Transaction) and e.date.month == 1 and e.meta.get("fund") == "GENERAL"
               and e.meta.get("case") and e.meta.get("approval") and any(p.account == "Expenses:Aid:Living" for p in e.postings))
    with (books_dir / "txns" / "2026.beancount").open("a", encoding="utf-8") as fh:
        fh.write(f'''
2026-05-10 * "更正：1月生活救助应记为医疗救助"
  fund: "GENERAL"
  case: "{aid.meta["case"]}"
  approval: "{aid.meta["approval"]}"
  correction: "{aid.meta["approval"]}"
  Expenses:Aid:Medical   100.00 CNY
  Expenses:Aid:Living   -100.00 CNY
''')
    _close(books_dir / "main.beancount", "2026-05")
    copy = tampered(site2, tmp_path)
    _publish(books_dir / "main.beancount", copy)  # over the old site: the log only grew
    return copy


def test_a_correction_appends_to_the_log_and_shows_on_the_corrected_period(demo, tmp_path):
    site2 = demo[3]
    saved = tmp_path / "saved.txt"
    saved.write_text((site2 / "log" / "checkpoint").read_text(encoding="utf-8"), encoding="utf-8")
    copy = _corrected_site(demo, tmp_path)
    from ledger.transparency.verifier import Log, Site, parse_period_entry

    log = Log(Site(str(copy)))
    assert log.size == 3
    assert log.entries[:2] == Log(Site(str(site2))).entries  # the old entries, roots and all, are unchanged
    entry = parse_period_entry(log.entries[2])
    assert entry["period"] == "2026-05"
    assert entry["corrections"] == [{"date": "2026-05-10", "fund": "GENERAL", "amount": 0, "corrects": "2026-01"}]
    page = (copy / "en" / "reports" / "2026-Q1.html").read_text(encoding="utf-8")
    assert "Corrections logged since" in page and "Jan 2026" in page.split("Corrections logged since", 1)[1]
    status, out = verify(copy, "--since", saved)
    assert status == 0, out


@pytest.mark.parametrize("lang", ["zh", "en"])
def test_the_corrections_logged_since_name_the_fund_and_the_month(demo, tmp_path, lang):
    """Q1's report page listed the correction booked in May as "GENERAL" and "2026-01": the
    log's fund id and month, where every other table of the site names the fund (通用基金 /
    General fund) and the month (2026年1月 / Jan 2026)."""
    copy = _corrected_site(demo, tmp_path)
    page = (copy / ("reports" if lang == "zh" else "en/reports") / "2026-Q1.html").read_text(encoding="utf-8")
    head = "此后记入日志的更正" if lang == "zh" else "Corrections logged since"
    rows = re.findall(r"<tr>(.*?)</tr>", page.split(head, 2)[2].split("</table>", 1)[0], re.S)
    cells = [re.sub(r"<[^>]+>", "", c).strip() for c in re.findall(r"<td[^>]*>(.*?)</td>", rows[-1], re.S)]
    general = load_books(demo[0]).registry.funds["GENERAL"]
    assert cells[2] == (general.name_zh if lang == "zh" else general.name_en), cells
    assert cells[3] == ("2026年1月" if lang == "zh" else "Jan 2026"), cells


def test_a_correction_between_funds_logged_as_one_line_gives_each_funds_effect(demo, tmp_path):
    """A correction booked in May (closed) moving 100.00 of January's aid from the general fund
    to the medical fund is one line of the public log, under its first fund with the sides
    summed: General fund, 0.00 (the log is append-only and keeps that form). Q1's report page
    printed the line as it stood, "Effect on the fund: General fund ¥0.00", beside tables
    saying −100.00 and +100.00: a reader saw a correction that changed nothing. The row now
    also gives each fund's own effect."""
    from beancount.core import data

    main = demo[0]
    books_dir = tmp_path / "books"
    shutil.copytree(main.parent, books_dir)
    aid = next(e for e in load_books(books_dir / "main.beancount").entries
               if isinstance(e, data.Transaction) and e.date.month == 1 and e.meta.get("fund") == "GENERAL"
               and e.meta.get("approval") and any(p.account == "Expenses:Aid:Living" for p in e.postings))
    with (books_dir / "txns" / "2026.beancount").open("a", encoding="utf-8") as fh:
        fh.write(f'''
2026-05-10 * "更正：1月救助应由医疗基金支出"
  fund: "GENERAL"
  approval: "FIX-2026-05"
  correction: "{aid.meta["approval"]}"
  Equity:FundTransfers    100.00 CNY
    fund: "GENERAL"
  Equity:FundTransfers   -100.00 CNY
    fund: "MEDICAL-GOV-2026"
''')
    _close(books_dir / "main.beancount", "2026-05")
    copy = tampered(demo[3], tmp_path)
    _publish(books_dir / "main.beancount", copy)
    from ledger.transparency.verifier import Log, Site, parse_period_entry

    entry = parse_period_entry(Log(Site(str(copy))).entries[-1])
    assert entry["corrections"] == [{"date": "2026-05-10", "fund": "GENERAL", "amount": 0, "corrects": "2026-01"}]  # the log's form, unchanged
    funds = load_books(demo[0]).registry.funds
    for lang, head in (("zh", "此后记入日志的更正"), ("en", "Corrections logged since")):
        page = (copy / ("reports" if lang == "zh" else "en/reports") / "2026-Q1.html").read_text(encoding="utf-8")
        table = page.split(head, 2)[2].split("</table>", 1)[0]
        row = re.sub(r"\s+", " ", re.sub(r"<[^>]+>", " ", re.findall(r"<tr>(.*?)</tr>", table, re.S)[-1]))
        general = funds["GENERAL"].name_zh if lang == "zh" else funds["GENERAL"].name_en
        medical = funds["MEDICAL-GOV-2026"].name_zh if lang == "zh" else funds["MEDICAL-GOV-2026"].name_en
        assert re.search(re.escape(general) + r" [−-]¥100\.00", row) and re.search(re.escape(medical) + r" \+?¥100\.00", row), row
    assert verify(copy)[0] == 0


def test_the_letter_prints_the_pages_code(demo):
    """make_letters gives each letter its gift's code; the letter's HTML prints it beside the QR code."""
    from letters.make import _add_codes, centre_of
    from letters.model import build_letters
    from letters.render import make_env
    from publish.model_builder import build_public_model

    main, _s1, _r1, site2, second = demo
    books = load_books(main)
    letters = build_letters(books, build_public_model(books, SECRET.encode()))
    _add_codes(letters, SECRET.encode())
    d = closed_gift(second)
    letter = next(x for x in letters.letters if x.receipt == d.receipt)
    assert letter.code == page_proof(site2, d)["code"]
    env = make_env()
    page = env.get_template("letters/letter.html").render(centre=centre_of(books), lang=letter.language, letter=letter, created=letter.date)
    assert letter.code in page


# --------------------------------------------------------------------------- in a browser

CHROMIUM = "/usr/bin/chromium"


@pytest.fixture(scope="module")
def browser_page():
    if not os.path.exists(CHROMIUM):
        pytest.skip("no system chromium")
    sync_api = pytest.importorskip("playwright.sync_api")
    with sync_api.sync_playwright() as p:
        b = p.chromium.launch(executable_path=CHROMIUM, args=["--headless", "--no-sandbox", "--disable-gpu", "--no-first-run"])
        context = b.new_context(viewport={"width": 1200, "height": 900}, java_script_enabled=False)
        pg = context.new_page()
        requests: list[str] = []
        pg.on("request", lambda r: requests.append(r.url))
        pg.requests = requests
        yield pg
        b.close()


@pytest.mark.browser
def test_verify_page_and_proof_in_a_browser(demo, browser_page):
    _main, _s1, _r1, site2, second = demo
    pg = browser_page
    pg.goto((site2 / "en" / "verify" / "index.html").as_uri())
    assert pg.locator("h1").inner_text() == "Verify"
    checkpoint = pg.locator("pre.checkpoint").first
    assert checkpoint.is_visible()
    origin = (site2 / "log" / "checkpoint").read_text(encoding="utf-8").split("\n", 1)[0]
    assert origin in checkpoint.inner_text()
    script = pg.locator("a", has_text="relief_verify.py").first.get_attribute("href")
    assert (site2 / "en" / "verify" / script).resolve() == (site2 / "verify" / "relief_verify.py").resolve()
    assert pg.locator("table.roots tbody tr").count() >= 2
    d = closed_gift(second)
    pg.goto((site2 / d.ack_path).as_uri())
    code = pg.locator("section.proof strong.code")
    assert code.is_visible() and code.inner_text() == page_proof(site2, d)["code"]
    assert not pg.locator("#relief-proof").is_visible()  # folded away until asked for
    pg.locator("section.proof summary").click()
    assert pg.locator("#relief-proof").is_visible()
    assert all(u.startswith("file://") for u in pg.requests)


def test_a_publish_after_one_gift_reuses_the_roots_and_still_verifies(demo, tmp_path):
    """The roots of closed periods come from the cache beside the site; a page that must be
    rendered builds its tree, and a cache that lies about a root stops the publish."""
    from publish.run import PublishError

    main, _s1, _r1, site2, _r2 = demo
    books_dir = tmp_path / "books"
    shutil.copytree(main.parent, books_dir)
    out = tmp_path / "site"
    _publish(books_dir / "main.beancount", out)
    cache = tmp_path / ".site.verification-cache"
    assert cache.is_file()
    from benchmarks.bench_publish import add_one_donation

    add_one_donation(books_dir)
    second = _publish(books_dir / "main.beancount", out)
    assert 0 < len(second.stats.written) < 30
    status, output = verify(out)
    assert status == 0, output
    # a damaged cache (cut short, a value changed, the wrong shape) is ignored as a whole: the
    # trees are built again and the site is the one a publish without any cache makes
    from publish.verification import _roots_digest

    good = cache.read_text(encoding="utf-8")
    data = json.loads(good)
    key = sorted(data["roots"])[0]
    assert data["sha256"] == _roots_digest(data["roots"])
    fresh = tmp_path / "fresh"
    cache.rename(tmp_path / "kept")
    _publish(books_dir / "main.beancount", fresh)
    (tmp_path / "kept").rename(cache)
    lying = json.loads(good)
    lying["roots"][key][0] = "00" * 32
    shapeless = json.loads(good)
    shapeless["roots"] = [shapeless["roots"][key]]
    shapeless["sha256"] = _roots_digest(shapeless["roots"])
    for damaged in (good[: len(good) // 2], json.dumps(lying), json.dumps(shapeless)):
        cache.write_text(damaged, encoding="utf-8")
        shutil.rmtree(out)
        _publish(books_dir / "main.beancount", out)
        assert tree_bytes(out) == tree_bytes(fresh)
    # a cache that lies with a checksum to match (written on purpose): the trees built for the
    # pages disagree with it and the publish stops
    lying["sha256"] = _roots_digest(lying["roots"])
    cache.write_text(json.dumps(lying), encoding="utf-8")
    shutil.rmtree(out)
    with pytest.raises(PublishError, match="verification-cache"):
        _publish(books_dir / "main.beancount", out)


def tree_bytes(folder: Path) -> dict[str, bytes]:
    return {p.relative_to(folder).as_posix(): p.read_bytes() for p in sorted(folder.rglob("*")) if p.is_file()}


def test_trees_are_built_before_the_page_workers_not_in_each(demo):
    """With the previous publish's roots known, a period's tree is built only when a page of
    it must be rendered; before the pages are shared out among forked workers, publish/site.py
    builds them once here (`build_trees`), or each worker would build every tree again."""
    from publish import verification
    from publish.ack import load_secret

    main, _site1, _first, site2, second = demo
    books = load_books(main)
    key, _note = verification.load_log_key(None, books_root=books.root)
    secret, _where = load_secret(None, books_root=books.root)
    t = verification.prepare(books, second.model, secret, key, site2)  # site2's roots are known: nothing built yet
    closed = [r for r, s in t.sources.items() if len(s) == 4]
    assert closed and all(not s[1].built for s in t.sources.values() if len(s) == 4)
    funds = {(id(t.sources[r][1]), t.sources[r][0].fund) for r in closed}
    assert t.build_trees([*closed, None, "no-such-receipt"]) == len(funds)
    assert all(t.sources[r][0].fund in t.sources[r][1].built for r in closed)
    assert t.build_trees(closed) == 0  # built once


def mirror_like_wget(site: Path, mirror: Path) -> None:
    """What `wget -m -np ADDRESS/` saves of `site`: the start page and every file reached from
    it by a link (href, src, CSS url()) that stays inside the site, nothing else: a file no page
    links to is not in the mirror."""
    import posixpath
    import re
    from html.parser import HTMLParser
    from urllib.parse import unquote, urlsplit

    class Links(HTMLParser):
        def __init__(self):
            super().__init__()
            self.found: list[str] = []

        def handle_starttag(self, tag, attrs):
            self.found += [v for k, v in attrs if k in ("href", "src") and v]

    todo, seen = ["index.html"], {"index.html"}
    while todo:
        rel = todo.pop()
        source = site / rel
        if not source.is_file():
            continue
        (mirror / rel).parent.mkdir(parents=True, exist_ok=True)
        shutil.copy(source, mirror / rel)
        links: list[str] = []
        if rel.endswith(".html"):
            parser = Links()
            parser.feed(source.read_text(encoding="utf-8"))
            links = parser.found
        elif rel.endswith(".css"):
            links = re.findall(r"url\(['\"]?([^'\")]+)", source.read_text(encoding="utf-8"))
        for link in links:
            parts = urlsplit(link)
            if parts.scheme or parts.netloc or not parts.path:
                continue
            target = posixpath.normpath(posixpath.join(posixpath.dirname(rel), unquote(parts.path)))
            if target.startswith("..") or target in seen:
                continue
            seen.add(target)
            todo.append(target)


def test_the_verify_pages_instructions_work_for_a_donor(demo, tmp_path):
    """Do what the verify page tells a donor, word for word: mirror the site as `wget -m -np`
    does (only files some page links to), save one's own page, run the command shown.
    The page used to say `--page ack/…html`, a file the mirror does not have; and no page
    linked the log's key, tiles, proofs and earlier checkpoints, so a mirror lacked them and
    the command failed ('log/key: missing from the site')."""
    main, site1, first, site2, second = demo
    d = closed_gift(second)
    code = page_proof(site2, d)["code"]
    mirror = tmp_path / "relief.example.org"
    mirror_like_wget(site2, mirror)
    assert not (mirror / d.ack_path).exists()
    saved_page = tmp_path / "my-page.html"
    shutil.copy(site2 / d.ack_path, saved_page)
    for lang in ("", "en/"):
        text = html.unescape((site2 / lang / "verify" / "index.html").read_text(encoding="utf-8"))
        commands = re.sub(r"<[^>]+>", "", text.split("<pre>", 1)[1].split("</pre>", 1)[0]).splitlines()  # the text a reader copies
        assert commands[0].startswith("wget -m -np ")
        words = commands[1].split()
        assert words[0] == "python3" and "my-page.html" in words and "ABCD-EFGH" in words
        given = {"SITE": str(mirror), "SITE/verify/relief_verify.py": str(mirror / "verify" / "relief_verify.py"),
                 "my-page.html": str(saved_page), "ABCD-EFGH": code, "my-checkpoint.txt": str(tmp_path / f"checkpoint-{lang[:2]}.txt")}
        run = subprocess.run([sys.executable, *(given.get(w, w) for w in words[1:])], capture_output=True, text=True, cwd=tmp_path)
        assert run.returncode == 0, run.stdout + run.stderr
        assert "Everything verifies." in run.stdout and f"ok: receipt {d.receipt}" in run.stdout and "FAIL" not in run.stdout
        # a first run: the donor saved no checkpoint yet; the one checked is the page's own
        assert "you saved" not in run.stdout and "the log extends the checkpoint on the page (" in run.stdout, run.stdout


def test_verify_never_waits_on_a_fifo_nor_stops_on_damaged_files(demo, tmp_path):
    """A named pipe where a site file, a saved page or a saved checkpoint should be made
    `relief verify` wait for ever; damaged log/proofs.json and a CSV field over the csv
    module's limit were internal errors. Each is now a FAIL naming the file."""
    _main, _s1, _r1, site2, _r2 = demo
    fifo = tmp_path / "fifo"
    os.mkfifo(fifo)
    for args in (("--since", fifo), ("--page", fifo, "--code", "ABCD-EFGH")):
        status, out = verify(site2, *args)
        assert status == 1 and f"FAIL: {fifo}: not a file (a folder, a named pipe or a device)" in out, out
    for rel, damage in (("data/manifest.json", "fifo"), ("log/proofs.json", b"\xff\x00 junk"),
                        ("data/donations.csv", b"receipt,date\n" + b"x" * 200_000 + b"\n"), ("log/key", b"\xff\xfe")):
        copy = tmp_path / f"copy-{rel.replace('/', '-')}"
        shutil.copytree(site2, copy, symlinks=True)
        (copy / rel).unlink()
        if damage == "fifo":
            os.mkfifo(copy / rel)
        else:
            (copy / rel).write_bytes(damage)
        status, out = verify(copy)
        assert status == 1 and "internal error" not in out and rel in out, (rel, out)


@pytest.mark.parametrize("manifest", [b"[]", b'"x"', b'{"files": [1], "acknowledgements": {"sha256": 5}}',
                                      b'{"files": [{"path": 5, "sha256": 1}], "acknowledgements": {"sha256": []}}'])
def test_a_manifest_of_another_shape_is_a_fail_naming_it(demo, tmp_path, manifest):
    """Valid JSON that is not the manifest's layout (a list, a number for a path) stopped
    `relief verify` and the site's own script with a TypeError (an internal error)."""
    _main, _s1, _r1, site2, _r2 = demo
    copy = tampered(site2, tmp_path)
    (copy / "data" / "manifest.json").write_bytes(manifest)
    status, out = verify(copy)
    assert status == 1 and "internal error" not in out, out
    assert "FAIL: manifest: data/manifest.json: not the manifest the site publishes" in out, out
    script = subprocess.run([sys.executable, str(copy / "verify" / "relief_verify.py"), str(copy)], capture_output=True, text=True)
    assert script.returncode == 1 and "Traceback" not in script.stderr, script.stderr
    assert "data/manifest.json: not the manifest the site publishes" in script.stdout + script.stderr


@pytest.mark.parametrize("change", [lambda p: [], lambda p: {**p, "salt": 5}, lambda p: {**p, "checkpoint": 5},
                                    lambda p: {**p, "amount_fen": "abc"}])
def test_a_page_whose_proof_has_another_shape_is_a_fail_naming_it(demo, tmp_path, change):
    """A saved page whose proof JSON was altered to another shape was an internal error."""
    _main, site1, r1, _s2, _r2 = demo
    d = closed_gift(r1)
    body = (site1 / d.ack_path).read_text(encoding="utf-8")
    m = PROOF_RE.search(body)
    saved = tmp_path / "page.html"
    saved.write_text(body[:m.start(1)] + html.escape(json.dumps(change(page_proof(site1, d)))) + body[m.end(1):], encoding="utf-8")
    status, out = verify(site1, "--page", saved)
    assert status == 1 and "internal error" not in out, out
    assert f"FAIL: {saved}: the proof on the page is not as the site publishes it" in out, out


def test_next_year_a_fresh_download_verifies_since_the_saved_checkpoint(demo, tmp_path):
    """The verify page's last step: a checkpoint saved from this year's download; next year
    the old folder deleted, the site downloaded again (as `wget -m -np` does: linked files
    only) and the command run with --since: the grown log verifies against the saved one."""
    main, site1, first, site2, second = demo
    mirror = tmp_path / "relief.example.org"
    script = [sys.executable, str(mirror / "verify" / "relief_verify.py"), str(mirror)]
    mirror_like_wget(site1, mirror)
    saved = tmp_path / "my-checkpoint.txt"
    run = subprocess.run([*script, "--save-checkpoint", str(saved)], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout
    shutil.rmtree(mirror)
    mirror_like_wget(site2, mirror)
    run = subprocess.run([*script, "--since", str(saved)], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout
    assert f"ok: the log extends the checkpoint you saved ({saved}: 1 → 2 entries)" in run.stdout
    for lang in ("", "en/"):
        step = html.unescape((site2 / lang / "verify" / "index.html").read_text(encoding="utf-8")).split("--since", 1)[0].rsplit("<li>", 1)[1]
        assert ("删除" in step and "重新下载" in step) if not lang else ("delete the SITE folder" in step and "download the site again" in step)


def test_a_download_of_a_site_with_no_closed_period_has_the_verifier(env, tmp_path):
    """Before any period is closed no report page links the verify page, and nothing else
    did: a download had no verify/relief_verify.py, so the page's command failed ('can't
    open file'). The open-data page links it."""
    from ledger.demo import write_demo

    main, _year = write_demo(tmp_path / "books", seed=4, transactions=200)
    _publish(main, tmp_path / "site")
    mirror = tmp_path / "relief.example.org"
    mirror_like_wget(tmp_path / "site", mirror)
    assert (mirror / "verify" / "index.html").is_file() and (mirror / "en" / "verify" / "index.html").is_file()
    run = subprocess.run([sys.executable, str(mirror / "verify" / "relief_verify.py"), str(mirror)], capture_output=True, text=True)
    assert run.returncode == 0, run.stdout + run.stderr
    assert "Everything verifies." in run.stdout


def test_another_site_secret_is_named_not_a_rewritten_period(demo, tmp_path, monkeypatch):
    """Unchanged books published over their site with another secret (--secret-file of a new
    file, another machine's ~/.config) change every gift's leaf: the refusal says the secret
    differs, not that a closed period was rewritten (nothing in the books changed)."""
    main, _s1, _r1, site2, _second = demo
    copy = tampered(site2, tmp_path)
    monkeypatch.setenv("RELIEF_SITE_SECRET", "another-site-secret-0123456789abcdef")
    from publish.run import PublishError

    with pytest.raises(PublishError) as refused:
        _publish(main, copy)
    message = str(refused.value)
    assert "not the site secret" in message and "a closed period was rewritten" not in message, message
    assert "--secret-file" in message and "the previous site is unchanged" in message


def test_verify_since_a_checkpoint_not_saved_yet_says_how_to_save_one(demo, tmp_path):
    """docs/verification.md shows `--since my-checkpoint.txt --save-checkpoint my-checkpoint.txt`;
    run before any checkpoint was saved, the message says how to save the first one."""
    _main, _s1, _r1, site2, _second = demo
    status, out = verify(site2, "--since", tmp_path / "my-checkpoint.txt")
    assert status == 1
    assert "my-checkpoint.txt: cannot be read" in out and "the first time, save one with --save-checkpoint" in out, out
    status, out = verify(site2, "--since", tmp_path / "none.txt", "--save-checkpoint", tmp_path / "my-checkpoint.txt")
    assert status == 1 and not (tmp_path / "my-checkpoint.txt").exists()
    assert verify(site2, "--save-checkpoint", tmp_path / "my-checkpoint.txt")[0] == 0
    status, out = verify(site2, "--since", tmp_path / "my-checkpoint.txt")
    assert status == 0 and f"the log extends the checkpoint you saved ({tmp_path / 'my-checkpoint.txt'}" in out, out


def test_a_correction_between_sources_in_a_closed_period_verifies(env, tmp_path):
    """A correction worth 0.00 that moves ¥500 from individual to enterprise donations, with
    its own receipt, is two rows of data/donations.csv (-500.00 and 500.00, so the file
    adds up by source to the statement) and one leaf of 0.00 in its fund's tree, as before:
    the verifier adds up the rows of one receipt; a fen more on one of them fails it. (The
    tree holds the gift's sum only: which source it came from is the statement's to say.)"""
    from ledger.demo import write_demo

    main, _year = write_demo(tmp_path / "books", seed=3, transactions=200)
    txns = sorted((tmp_path / "books" / "txns").glob("*.beancount"))[-1]
    text = txns.read_text("utf-8")
    last = max(int(n) for n in re.findall(r'receipt: "JZ-2026-(\d{5})"', text))
    receipt = f"JZ-2026-{last + 1:05d}"
    txns.write_text(text + f'''
2026-02-20 * "更正" "更正捐赠来源：个人误记为企业"
  fund: "GENERAL"
  donor: "D0001"
  receipt: "{receipt}"
  Income:Donation:Individual  500.00 CNY
  Income:Donation:Enterprise  -500.00 CNY
''', "utf-8")
    assert not load_books(main).errors
    _close(main, "2026-Q1")
    site = tmp_path / "site"
    result = _publish(main, site)
    [gift] = [d for d in result.model.donations if d.receipt == receipt]
    assert gift.amount == 0 and gift.fund.id == "GENERAL"  # what the log's leaf is made of, as before
    rows = [line.split(",") for line in (site / "data" / "donations.csv").read_text("utf-8-sig").splitlines() if line.startswith(receipt + ",")]
    assert [(r[6], r[8]) for r in rows] == [("Individual donations", "-500.00"), ("Enterprise donations", "500.00")]
    status, out = verify(site)
    assert status == 0 and "Everything verifies." in out, out
    off = tampered(site, tmp_path / "off")
    edit_csv(off, receipt, lambda line: line.replace(",500.00,", ",500.01,"))
    remanifest(off)
    status, out = verify(off)
    assert status == 1 and "period 2026-Q1, fund GENERAL: amount changed" in out, out


def test_a_witness_key_cut_short_is_not_left_behind(demo, tmp_path):
    """The new key written on a disk that filled up (here a file size limit of 10 bytes):
    10 bytes of it stayed, and every later run said 'not a witness key' (it was made with
    O_EXCL, never to overwrite a key). Nothing is left now, and the next run makes one."""
    _main, _s1, _r1, site2, _r2 = demo
    key = tmp_path / "witness.key"
    limited = ("import resource, signal; signal.signal(signal.SIGXFSZ, signal.SIG_IGN); "
               "resource.setrlimit(resource.RLIMIT_FSIZE, (10, 10)); from cli import run; run()")
    args = ["witness", str(site2), "--key", str(key), "--name", "audit.example", "--out", str(tmp_path / "cosig")]
    env = dict(os.environ, PYTHONPATH=str(Path(__file__).resolve().parents[2]))
    failed = subprocess.run([sys.executable, "-c", limited, *args], env=env, capture_output=True, text=True, timeout=300)
    assert failed.returncode == 1 and "not co-signed" in failed.stderr, failed.stderr
    assert not key.exists()
    result = CliRunner().invoke(cli, args)
    assert result.exit_code == 0, result.output


@pytest.mark.parametrize("rel", ["data/manifest.json", "log/proofs.json"])
def test_json_nested_past_the_recursion_limit_is_a_fail_naming_it(demo, tmp_path, rel):
    """A file of 200,000 nested brackets (well-formed JSON, a damaged or hostile copy of the
    site) stopped `relief verify` and the site's own script in an internal error
    (RecursionError), naming no file (breakZ)."""
    _main, _s1, _r1, site2, _r2 = demo
    copy = tampered(site2, tmp_path)
    (copy / rel).write_bytes(b"[" * 200_000 + b"]" * 200_000)
    status, out = verify(copy)
    assert status == 1 and "internal error" not in out, out
    assert rel in out and "RecursionError" in out, out
    script = subprocess.run([sys.executable, str(copy / "verify" / "relief_verify.py"), str(copy)], capture_output=True, text=True)
    assert script.returncode == 1 and "Traceback" not in script.stderr, script.stderr[-2000:]
    assert rel in script.stdout + script.stderr


def test_a_witness_whose_disk_fills_up_leaves_no_co_signature_behind(demo, tmp_path, monkeypatch):
    """The co-signature was written, then the verifier key met a full disk: the run said
    "not co-signed" (and nothing of the disk) and left NAME-N.cosig in --out, to be handed to
    the centre without the key that checks it. Now what this run wrote is removed, and the
    message says the disk is full and what to do."""
    _main, _s1, _r1, site2, _r2 = demo
    from ledger import files

    real = files.atomic_write_bytes

    def full_at_the_key(path, content, *args, **kwargs):
        if str(path).endswith(".vkey"):
            raise OSError(28, "No space left on device", str(path))
        return real(path, content, *args, **kwargs)

    monkeypatch.setattr(files, "atomic_write_bytes", full_at_the_key)
    out = tmp_path / "o"
    status, text = witness(site2, "--key", tmp_path / "w.key", "--name", "audit.example", "--out", out)
    assert status == 1 and "not co-signed" in text and "the disk is full" in text and "free some space" in text, text
    assert not list(out.glob("*.cosig")) and not list(out.glob("*.vkey")), list(out.iterdir())
    assert not (tmp_path / "w.key.last-checkpoint").exists()
    monkeypatch.undo()
    status, text = witness(site2, "--key", tmp_path / "w.key", "--name", "audit.example", "--out", out)
    assert status == 0 and sorted(p.suffix for p in out.iterdir()) == [".cosig", ".vkey"], text


def test_a_witness_key_saved_by_notepad_is_the_same_key(demo, tmp_path):
    """A witness key opened and saved in Notepad (a byte-order mark, CRLF) was refused as
    "not a witness key"; the mark is no part of its base64, so it is the same key."""
    import base64

    _main, _s1, _r1, site2, _r2 = demo
    text = base64.b64encode(bytes(range(32)))
    plain, notepad = tmp_path / "plain.key", tmp_path / "notepad.key"
    plain.write_bytes(text + b"\n")
    notepad.write_bytes(b"\xef\xbb\xbf" + text + b"\r\n")
    for key, out in ((plain, "a"), (notepad, "b")):
        status, said = witness(site2, "--key", key, "--name", "audit.example", "--out", tmp_path / out)
        assert status == 0, said
    assert (tmp_path / "b" / "audit.example.vkey").read_bytes() == (tmp_path / "a" / "audit.example.vkey").read_bytes()


def test_an_empty_save_checkpoint_is_refused_before_the_checks(demo):
    """`relief verify SITE --save-checkpoint "$SAVED"` with the variable unset said
    "Everything verifies." and saved nothing, without a word: the next month's --since had no
    checkpoint to extend. The empty option is now refused, before the checks run."""
    _main, _s1, _r1, site2, _r2 = demo
    for empty in ("", " "):
        status, out = verify(site2, "--save-checkpoint", empty)
        assert status != 0 and "--save-checkpoint is empty" in out and "Everything verifies" not in out, out


def test_a_deleted_acknowledgement_page_fails(demo, tmp_path):
    """A gift's page deleted from the published folder (lost in an upload, removed by hand)
    while data/manifest.json still lists its hash: `relief verify` said "Everything verifies",
    checking one file fewer. The published folder holds every page (docs/verification.md);
    a downloaded copy holds none, and is still not asked for them."""
    _main, _s1, _r1, site2, second = demo
    d = closed_gift(second)
    site = tampered(site2, tmp_path)
    (site / d.ack_path).unlink()
    status, out = verify(site)
    assert status == 1, out
    assert "manifest: 1 acknowledgement page listed in data/manifest.json is missing from ack/" in out, out
    assert "文件清单：data/manifest.json 列出的致谢页中有 1 个不在 ack/ 中" in out, out
    for page in (site / "ack").glob("*.html"):  # as wget downloads the site: nothing links to the gift pages
        if page.name != "index.html":
            page.unlink()
    status, out = verify(site)
    assert status == 0, out
