"""`relief letters` in one call: books -> letter models -> PDFs brought up to date."""

from __future__ import annotations

import hashlib
import hmac
import os
from dataclasses import dataclass
from pathlib import Path

import jinja2

from ledger.books import Books
from ledger.errors import ReliefError, bilingual
from ledger.files import is_inside
from ledger.said import halves, said
from letters.model import Centre, LetterSet, build_letters
from letters.runner import MANIFEST, RunReport, make_documents, read_manifest, read_manifest_stamp
from letters.seal import seal_data_uri


class LettersError(ReliefError):
    """Letters cannot be made from these books or options (message says what to do)."""


@dataclass
class LettersResult:
    """What `make_letters` did: the letter models (with what was skipped and why) and the run's report."""

    letters: LetterSet
    report: RunReport


def check_private_folder(out: Path) -> None:
    """Refuse an output folder inside a published site: letters must never be public."""
    from publish.writer import MARKER

    folder = out.resolve()
    for parent in (folder, *folder.parents):
        if (parent / MARKER).is_file():
            raise LettersError(bilingual(
                f"{out}：在公开网站 {parent}（由 `relief publish` 生成）之内；致谢函载有捐赠人的法定名称，必须保密：请选择网站以外的文件夹",
                f"{out}: is inside the public site {parent} (made by `relief publish`); letters carry donors' "
                "legal names and must stay private: choose a folder outside the site"
            ))


def check_own_folder(out: Path, books_root: Path) -> None:
    """Refuse the books' own folder: the letters' year folders and manifest.json would lie
    among main.beancount, txns/ and registry/, where the next `git add .` or copy of the
    books takes them along, and a later run's clean-up of stale letters would work there."""
    if out.resolve() == books_root.resolve():
        raise LettersError(bilingual(
            f"{out}：是账簿自己的文件夹；请给致谢函一个单独的文件夹（在公开网站以外），如 --out {books_root / 'private' / 'letters'}",
            f"{out}: is the books' own folder; give the letters a folder of their own, outside the public site, "
            f"e.g. --out {books_root / 'private' / 'letters'}"
        ))


def check_documents_folder(out: Path, books: Books) -> None:
    """Refuse a folder in the books' documents folder (`option "documents"`): Fava serves
    every file there to whoever can open the books, beancount's documents plugin lists each
    dated file as a document of the books, and the books travel with it. `relief publish`
    refuses the whole books folder for its site; letters may go in the books' private/."""
    for name in books.options.get("documents", ()):
        documents = books.root / name
        if is_inside(out, documents):
            raise LettersError(bilingual(
                f"{out}：在账簿的附件文件夹（{documents}）之内，Fava 会把其中的文件显示给能打开账簿的任何人，beancount 也把它们列为"
                f"账簿的附件；致谢函载有捐赠人的法定名称：请给它们一个在其外的单独文件夹，如 --out {books.root / 'private' / 'letters'}",
                f"{out}: is inside the books' documents folder ({documents}), which Fava shows to anyone who can open "
                "the books and beancount lists as the books' documents; letters carry donors' legal names: give them "
                f"a folder of their own outside it, e.g. --out {books.root / 'private' / 'letters'}"
            ))


def check_letters_folder(out: Path) -> None:
    """Refuse a folder that holds other things and no letters: `--out /` or `--out ~` put year
    folders and manifest.json among the system's or the user's own files, and every later run
    works there. A folder the letters made has their manifest.json; a new or empty one is fine."""
    if not out.is_dir() or (out / MANIFEST).is_file():
        return
    try:
        holds = next(os.scandir(out), None) is not None
    except OSError:
        return  # unreadable: making the letters says why
    if holds:
        raise LettersError(bilingual(
            f"{out}：不是空的，也没有致谢函（没有 `relief letters` 写的 {MANIFEST}）；请给致谢函一个新的或空的单独文件夹，在公开网站以外",
            f"{out}: is not empty and holds no letters (no {MANIFEST}, which `relief letters` writes); "
            "give the letters a new or empty folder of their own, outside the public site"
        ))


def secret_check(secret: bytes) -> str:
    """16 hex digits that tell one site secret from another and nothing of it (an HMAC of a
    fixed text), kept in the letters' manifest."""
    return hmac.new(secret, b"relief-ledger letters: the site secret they were made with", hashlib.sha256).hexdigest()[:16]


def check_same_secret(out: Path, check: str) -> None:
    """Refuse to remake letters made with another site secret.

    Why: each letter carries its donation's verification code and the QR address of its
    acknowledgement page, both made with the site secret. Run from another account or
    machine (another ~/.config/relief-ledger/site-secret, or none and a new one made), every
    letter was made again with codes and addresses the site does not have, and the run said
    only how many it made. Letters from before the check was kept are taken as they are."""
    made_with = read_manifest_stamp(out).get("secret")
    if made_with is None or made_with == check or not read_manifest(out):
        return
    raise LettersError(bilingual(
        f"{out}：那里的致谢函是用与这次不同的网站密钥生成的，因此其中每个核验码和二维码地址都会改变，已寄出的致谢函将与网站不再相符；"
        "什么也没有生成。请使用发布网站所用的密钥（--secret-file，其次 $RELIEF_SITE_SECRET，其次 "
        "~/.config/relief-ledger/site-secret，与 `relief publish` 相同）；如果密钥已永久更换、网站已用新密钥发布，请给致谢函一个新的 --out 文件夹",
        f"{out}: the letters there were made with another site secret than this run's, so every verification code and "
        "QR address in them would change, and letters already sent would no longer match the site; nothing was made. "
        "Use the secret the site is published with (--secret-file, else $RELIEF_SITE_SECRET, else "
        "~/.config/relief-ledger/site-secret, as for `relief publish`), or, if the secret was changed for good and the "
        "site published with the new one, give the letters a new --out folder"
    ))


def centre_of(books: Books) -> Centre:
    """The issuing centre as letters show it, from the books' settings (the seal read and checked)."""
    settings = books.settings
    seal = seal_data_uri(settings.seal, books.root)
    return Centre(settings.name_zh, settings.name_en, seal, settings.site_url, settings.tax_receipt_contact)


def make_letters(
    books: Books,
    out: Path,
    secret: bytes,
    *,
    year: int | None = None,
    donor: str | None = None,
    statements: bool = False,
    pdfa: bool = False,
    jobs: int | None = None,
    templates_dir: str | None = None,
    progress: bool = False,
) -> LettersResult:
    """Make (or bring up to date) the letters, and the yearly statements when asked."""
    from letters.render import templates_fingerprint
    from letters.seal import SealError
    from publish.model_builder import build_public_model

    check_private_folder(out)
    check_own_folder(out, books.root)
    check_documents_folder(out, books)
    check_letters_folder(out)
    if donor is not None and donor not in books.registry.donors:
        known = ", ".join(sorted(books.registry.donors)[:10])
        raise LettersError(bilingual(f"登记册（registry/donors.beancount）中没有捐赠人 {donor!r}；已有的编号：{known}",
                                     f"no donor {donor!r} in the registry (registry/donors.beancount); known ids: {known}"))
    try:
        centre = centre_of(books)
    except SealError as exc:
        raise LettersError(bilingual(*halves(exc))) from None
    from publish.about import NarrativeError
    from publish.environment import TEMPLATE_MISTAKES, template_failure

    try:
        model = build_public_model(books, secret)
    except NarrativeError as exc:
        raise LettersError(bilingual(*halves(exc))) from None
    letters = build_letters(books, model, year=year, donor=donor)
    _add_codes(letters, secret)
    docs = list(letters.letters) + (list(letters.statements) if statements else [])
    try:
        fingerprint = templates_fingerprint(templates_dir)
    except (jinja2.TemplateError, OSError, UnicodeDecodeError) as exc:  # the user's --templates folder
        where = None if isinstance(exc, OSError) else template_failure(exc, templates_dir)
        where = where or said(f"模板：{exc}", f"templates: {exc}")
        raise LettersError(bilingual(*halves(where))) from None
    stamp = {"secret": secret_check(secret)}
    check_same_secret(out, stamp["secret"])
    try:
        report = make_documents(
            docs,
            centre,
            out,
            fingerprint=fingerprint,
            templates_dir=templates_dir,
            pdfa=pdfa,
            jobs=jobs,
            progress=progress,
            scope=_scope(year, donor, statements),
            stamp=stamp,
        )
    except (jinja2.TemplateError, *TEMPLATE_MISTAKES) as exc:
        # a mistake in the user's own template is theirs to fix (any other is a bug: the crash file)
        where = None if isinstance(exc, ReliefError) else template_failure(exc, templates_dir)
        if where is None:
            raise
        zh, en = halves(where)
        raise LettersError(bilingual(f"{zh}；请修改模板（此前生成的致谢函是完整的；其余的在再次运行时生成）",
                                     f"{en}; fix the template (the letters made before it are complete; "
                                     "the others are made when you run this again)")) from None
    return LettersResult(letters, report)


def _add_codes(letters, secret: bytes) -> None:
    """Each letter's verification code: the one its acknowledgement page shows (docs/verification.md)."""
    import dataclasses

    from ledger.transparency.sumtree import leaf_of
    from ledger.transparency.verifier import verification_code
    from publish.verification import gift_of

    def code(letter):
        d = letter.donation
        if not d.receipt or d.amount < 0:
            return letter
        return dataclasses.replace(letter, code=verification_code(leaf_of(gift_of(d), secret)[1]))

    letters.letters = [code(letter) for letter in letters.letters]


def _scope(year: int | None, donor: str | None, statements: bool):
    """Which existing files a run with these filters answers for (see runner.make_documents)."""
    if donor is not None:
        return lambda path: False  # a letter's path does not say its donor: remove nothing

    def scope(path: str) -> bool:
        is_statement = path.startswith("statements/")
        if is_statement and not statements:
            return False
        if year is not None:
            return path.startswith(f"statements/{year}/" if is_statement else f"{year}/")
        return True

    return scope
