"""`relief letters` as a finance officer runs it, including the mistakes."""

from __future__ import annotations

from click.testing import CliRunner

from cli import cli

from .conftest import BOOKS

ENV = {"RELIEF_SITE_SECRET": "cli-test-secret-0123456789"}


def run(*args, env=ENV):
    return CliRunner().invoke(cli, ["letters", *map(str, args)], env=env)


def test_help():
    result = run("--help")
    assert result.exit_code == 0
    for option in ("--out", "--year", "--donor", "--statements", "--pdfa", "--jobs", "--templates", "--secret-file"):
        assert option in result.output
    assert "letters" in CliRunner().invoke(cli, ["--help"]).output


def test_makes_letters_then_nothing_to_do(tmp_path):
    out = tmp_path / "letters"
    first = run(BOOKS, "--out", out, "--donor", "D0001", "--jobs", "1")
    assert first.exit_code == 0, first.output
    assert "2 made, 0 unchanged" in first.output
    assert sorted(p.name for p in out.rglob("*.pdf")) == ["JZ-2026-00001.pdf", "JZ-2026-00007.pdf"]
    second = run(BOOKS, "--out", out, "--donor", "D0001")
    assert second.exit_code == 0 and "0 made, 2 unchanged" in second.output


def test_year_without_donations(tmp_path):
    result = run(BOOKS, "--out", tmp_path / "o", "--year", "2025")
    assert result.exit_code == 0
    assert "No donations for 2025" in result.output


def test_missing_books(tmp_path):
    result = run(tmp_path / "nope", "--out", tmp_path / "o")
    assert result.exit_code == 1
    assert "no such file or folder" in result.output and "Traceback" not in result.output


def test_books_with_errors_make_no_letters(books_copy, tmp_path):
    txns = books_copy / "txns" / "2026.beancount"
    txns.write_text(txns.read_text(encoding="utf-8").replace('receipt: "JZ-2026-00003"', 'receipt: "JZ-2026-00002"'), encoding="utf-8")
    result = run(books_copy, "--out", tmp_path / "o")
    assert result.exit_code == 1
    assert "error" in result.output and "relief check" in result.output
    assert not (tmp_path / "o").exists()


def test_unknown_donor(tmp_path):
    result = run(BOOKS, "--out", tmp_path / "o", "--donor", "D9999")
    assert result.exit_code == 1 and "no donor 'D9999'" in result.output


def test_out_is_a_file(tmp_path):
    target = tmp_path / "file.txt"
    target.write_text("x")
    result = run(BOOKS, "--out", target)
    assert result.exit_code != 0 and "Traceback" not in result.output


def test_no_secret(tmp_path, monkeypatch):
    monkeypatch.setenv("XDG_CONFIG_HOME", str(tmp_path / "config"))
    result = run(BOOKS, "--out", tmp_path / "o", "--secret-file", tmp_path / "missing-secret")
    assert result.exit_code == 1 and "missing-secret" in result.output


def _set_seal(books, value):
    settings = books / "settings.beancount"
    lines = settings.read_text(encoding="utf-8").splitlines()
    line = len(lines) + 1
    settings.write_text("\n".join(lines) + f'\n2026-01-01 custom "relief-option" "seal" "{value}"\n', encoding="utf-8")
    return f"{settings}:{line}:"


def test_bad_seal_is_an_error_at_its_line_and_no_letter_is_made(books_copy, tmp_path):
    where = _set_seal(books_copy, "documents/seal.png")
    result = run(books_copy, "--out", tmp_path / "o")
    assert result.exit_code == 1
    assert where in result.output and "no such file" in result.output and "documents/seal.png" in result.output
    seal = "relief-option \"seal\" 'documents/seal.png'"
    assert f"{where} {seal}：没有文件 " in result.output  # Chinese first
    assert not (tmp_path / "o" / "2026").exists()
    (books_copy / "documents" / "seal.png").write_text("not a png")
    result = run(books_copy, "--out", tmp_path / "o")
    assert result.exit_code == 1 and where in result.output and "not a PNG image" in result.output
    check = CliRunner().invoke(cli, ["check", str(books_copy)])  # bean-check and Fava see it too
    assert check.exit_code == 1 and where in check.output


def test_a_damaged_seal_image_is_named_and_no_letter_is_made(books_copy, tmp_path):
    """A seal image whose first bytes are right but which cannot be decoded (a copy cut short)
    went out as no seal, or half a seal, on every letter: the PDF renderer only logs it."""
    import io

    import weasyprint.images  # noqa: F401  (as in a real run: it makes Pillow lenient with files cut short)
    from PIL import Image

    png = io.BytesIO()
    Image.effect_noise((64, 64), 50).convert("RGB").save(png, "PNG")
    svg = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><circle cx="5" cy="5"'
    for name, content in (("seal.png", png.getvalue()[: len(png.getvalue()) // 2]), ("seal.svg", svg)):
        (books_copy / "documents" / name).write_bytes(content)
        _set_seal(books_copy, f"documents/{name}")
        assert CliRunner().invoke(cli, ["check", str(books_copy)]).exit_code == 0  # its name and first bytes are fine
        result = run(books_copy, "--out", tmp_path / "o", "--jobs", "1")
        assert result.exit_code == 1, result.output
        assert f"{books_copy / 'documents' / name} cannot be drawn" in result.output and "damaged or cut short" in result.output
        assert "Traceback" not in result.output
        assert not (tmp_path / "o" / "2026").exists()


def test_seal_outside_the_books_folder_is_refused(books_copy, tmp_path):
    outside = tmp_path / "seal.svg"
    outside.write_text('<svg xmlns="http://www.w3.org/2000/svg"/>')
    for value in ("../seal.svg", str(outside)):
        books = tmp_path / f"b{len(value)}"
        import shutil

        shutil.copytree(books_copy, books)
        where = _set_seal(books, value)
        result = CliRunner().invoke(cli, ["check", str(books)])
        assert result.exit_code == 1 and where in result.output and "inside" in result.output, value


def test_no_seal_unless_the_centre_supplies_one(books):
    from letters.make import centre_of

    assert books.settings.seal is None
    assert centre_of(books).seal is None


def test_configured_seal_is_used(books_copy, tmp_path):
    import base64

    seal = b'<svg xmlns="http://www.w3.org/2000/svg" width="10" height="10"><circle cx="5" cy="5" r="4" fill="red"/></svg>'
    (books_copy / "documents" / "seal.svg").write_bytes(seal)
    _set_seal(books_copy, "documents/seal.svg")
    from ledger.books import load_books
    from letters.make import centre_of

    loaded = load_books(books_copy)
    assert not loaded.errors
    centre = centre_of(loaded)
    assert base64.b64decode(centre.seal.split(",", 1)[1]) == seal


def test_refuses_a_folder_inside_the_public_site(tmp_path):
    site = tmp_path / "site"
    site.mkdir()
    (site / ".relief-site").write_text("made by relief publish")
    result = run(BOOKS, "--out", site / "letters")
    assert result.exit_code == 1 and "public site" in result.output
    assert not (site / "letters").exists()


def test_the_templates_example_site_url_is_warned_about(books_copy, tmp_path):
    """`relief init` writes site_url "https://relief.example.org/" for the centre to replace;
    letters made before it is replaced carry QR codes to a reserved example domain that no
    phone can open, on paper that cannot be recalled: the run says so (as for no site_url)."""
    made = run(books_copy, "--out", tmp_path / "o", "--donor", "D0001", "--jobs", "1", "--statements")
    assert made.exit_code == 0, made.output
    assert 'warning: the relief-option "site_url" is https://relief.example.org/, an example address' in made.stderr
    assert "(2 letters, 1 statement)" in made.output
    settings = books_copy / "settings.beancount"
    settings.write_text(settings.read_text(encoding="utf-8").replace("https://relief.example.org/", "https://relief.jianglin-union.cn/"),
                        encoding="utf-8")
    again = run(books_copy, "--out", tmp_path / "o2", "--donor", "D0001", "--jobs", "1")
    assert again.exit_code == 0, again.output
    assert "site_url" not in again.stderr


def test_refuses_the_books_own_folder(books_copy):
    """`--out BOOKS` put 2026/ and manifest.json among main.beancount and txns/."""
    before = sorted(p.name for p in books_copy.iterdir())
    result = run(books_copy, "--out", books_copy, "--donor", "D0001", "--jobs", "1")
    assert result.exit_code == 1 and "the books' own folder" in result.output
    assert str(books_copy / "private" / "letters") in result.output
    assert sorted(p.name for p in books_copy.iterdir()) == before


def test_refuses_a_folder_that_holds_other_things(books_copy, tmp_path):
    """`--out /` or `--out ~` put year folders and manifest.json among other files, and every
    later run worked there. A folder with other things and no letters' manifest is refused
    untouched; an empty one, and one the letters made, are written."""
    home = tmp_path / "home"
    home.mkdir()
    (home / "notes.txt").write_text("mine", encoding="utf-8")
    refused = run(books_copy, "--out", home, "--donor", "D0001", "--jobs", "1")
    assert refused.exit_code == 1, refused.output
    assert f"{home}: is not empty and holds no letters (no manifest.json" in refused.output
    assert sorted(p.name for p in home.iterdir()) == ["notes.txt"]
    root = run(books_copy, "--out", "/", "--donor", "D0001", "--jobs", "1")
    assert root.exit_code == 1 and "/: is not empty and holds no letters" in root.output
    empty = tmp_path / "empty"
    empty.mkdir()
    assert run(books_copy, "--out", empty, "--donor", "D0001", "--jobs", "1").exit_code == 0
    again = run(books_copy, "--out", empty, "--donor", "D0001", "--jobs", "1")
    assert again.exit_code == 0, again.output


def test_refuses_the_books_documents_folder(books_copy):
    """`--out BOOKS/documents/letters` was written: letters with donors' legal names inside
    the folder Fava serves as the books' documents and beancount walks for dated files."""
    documents = books_copy / "documents"
    documents.mkdir(exist_ok=True)
    before = sorted(p.relative_to(books_copy) for p in books_copy.rglob("*"))
    for out in (documents / "letters", documents, documents / "inbox" / "2026"):
        result = run(books_copy, "--out", out, "--donor", "D0001", "--jobs", "1")
        assert result.exit_code == 1, result.output
        assert f"{out}: is inside the books' documents folder ({documents})" in result.output
        assert str(books_copy / "private" / "letters") in result.output
    assert sorted(p.relative_to(books_copy) for p in books_copy.rglob("*")) == before


def test_letters_made_with_another_site_secret_are_not_remade_unsaid(tmp_path):
    """Run from another account or machine (another ~/.config/relief-ledger/site-secret),
    `relief letters` remade every letter with codes and QR addresses of that secret, which the
    site does not have, and said only "2 made"."""
    out = tmp_path / "letters"
    first = run(BOOKS, "--out", out, "--donor", "D0001", "--jobs", "1")
    assert first.exit_code == 0, first.output
    before = {p: p.read_bytes() for p in out.rglob("*.pdf")}
    other = run(BOOKS, "--out", out, "--donor", "D0001", "--jobs", "1",
                env={"RELIEF_SITE_SECRET": "another-secret-0123456789abcdef"})
    assert other.exit_code == 1, other.output
    assert f"{out}: the letters there were made with another site secret" in other.output
    assert {p: p.read_bytes() for p in out.rglob("*.pdf")} == before
    again = run(BOOKS, "--out", out, "--donor", "D0001")
    assert again.exit_code == 0 and "0 made, 2 unchanged" in again.output


def test_letters_never_make_a_new_site_secret(tmp_path):
    """Run on a machine or account where no site secret was found (the site published from the
    office's machine, the letters made on a laptop), `relief letters` made a new secret and
    with it letters whose QR codes and verification codes are on no site, saying only that a
    secret was created; each letter, a formal receipt, sent pointing nowhere. Now no letter is
    made and no secret: it names the secret the site is published with as the one to give, or
    to publish first; then the letters point at the site's own pages."""
    config = tmp_path / "config"
    env = {"XDG_CONFIG_HOME": str(config), "RELIEF_SITE_SECRET": None}
    out = tmp_path / "letters"
    refused = run(BOOKS, "--out", out, "--donor", "D0001", "--jobs", "1", env=env)
    assert refused.exit_code == 1, refused.output
    made_at = config / "relief-ledger" / "site-secret"
    assert (f"no site secret ({made_at} does not exist, --secret-file and $RELIEF_SITE_SECRET are not given)"
            in refused.output), refused.output
    assert "`relief publish` first" in refused.output and "--secret-file" in refused.output
    assert not made_at.exists() and not out.exists()

    site = tmp_path / "site"
    published = CliRunner().invoke(cli, ["publish", str(BOOKS), "--out", str(site)], env=env)
    assert published.exit_code == 0, published.output
    made = run(BOOKS, "--out", out, "--donor", "D0001", "--jobs", "1", env=env)
    assert made.exit_code == 0, made.output
    assert f"site secret from {made_at}" in made.output
