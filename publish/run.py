"""`relief publish`: from loaded books to the site (refuse foreign books, build the model, write).

The command (cli/publish_cmd.py) loads the books and applies the errors policy (refuse books
with errors unless --allow-errors: cli/common.py), then calls `publish_books`, which raises
PublishError with a message a finance officer can act on for every expected failure.
"""

from __future__ import annotations

import gc
import itertools
import os
import posixpath
import re
import traceback
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from pathlib import Path

import jinja2

from ledger.books import Books
from ledger.collector import cyclic_gc_paused
from ledger.conventions import dated_after, foreign_reasons, rules_switched_on
from ledger.errors import ReliefError, bilingual
from ledger.files import site_publish_lock, write_failure
from ledger.period import books_today
from ledger.said import halves, in_zh, said, zh_of
from ledger.timings import count, phase
from ledger.unreviewed import unreviewed, unreviewed_note
from publish import ack
from publish.about import NarrativeError
from publish.environment import TEMPLATE_MISTAKES, template_failure
from publish.model import PublicModel
from publish.model_builder import build_public_model, entry_reason
from publish.parallel import WorkerFailed, default_jobs
from publish.site import Generator, publish_site
from publish.withheld import withheld_notes
from publish.writer import WriteError, WriteStats, check_output_folder


def raised_in_templates(exc: BaseException, templates: str | Path | None) -> bool:
    """Whether `exc` went through a frame of a template in the user's `templates` folder
    (Jinja puts template lines in tracebacks; a worker's traceback comes as a note)."""
    if templates is None:
        return False
    root = Path(templates).resolve()
    files = [frame.filename for frame in traceback.extract_tb(exc.__traceback__)]
    for note in getattr(exc, "__notes__", ()):
        files += re.findall(r'^  File "([^"]+)"', note, flags=re.M)
    return any(Path(name).resolve().is_relative_to(root) for name in files if not name.startswith("<"))


class ModelAhead:
    """The public model made while the rules still run at the end of the load.

    On large books the rules run in a forked child beside the end of beancount's load
    (ledger/rules_beside.py), and the load then waits for them: the second or so the rules
    take longer than the rest of the load, with this process's core idle. The public model
    needs the entries but not the rules' errors (the rules add errors, never entries), so
    `relief publish` gives this object to `rules_beside.meanwhile` and the model is made
    in that wait; publish_books takes it when it was made from the very entries it publishes
    with the same secret, else makes it as usual. Books with errors are refused as before
    (the model made ahead is then dropped); a failure here is silent, since the model is
    made again, and reported, after the load.

    The site secret is only read here, never created (publish creates it, saying so)."""

    def __init__(self, secret_file: str | os.PathLike[str] | None = None, *, acknowledgements: bool = True):
        self.secret_file = secret_file
        self.acknowledgements = acknowledgements
        self.model: PublicModel | None = None
        self._entries: list | None = None
        self._secret: bytes | None = None

    def __call__(self, entries: list, options: dict) -> None:
        """Make the model from the loaded `entries` (rules_beside calls this while the rules run)."""
        from ledger.registry import build_registry
        from ledger.settings import load_settings

        main = Path(options["filename"])  # the main file as the load was given it (load_books' Books.path)
        secret = None
        if self.acknowledgements:
            try:
                secret, _note = ack.load_secret(self.secret_file, create=False, books_root=main.parent)
            except Exception:  # noqa: BLE001 (no secret yet, or a bad one: publish says so after the load)
                return
        with phase("public model (while the rules run)"), cyclic_gc_paused():
            settings, _errors = load_settings(entries)
            books = Books(main, entries, [], options, build_registry(entries), settings)
            self.model = build_public_model(books, secret)
        self._entries, self._secret = entries, secret

    def take(self, books: Books, secret: bytes | None) -> PublicModel | None:
        """The model made ahead, if it was made from `books`' own entries with `secret` (once)."""
        model, self.model = self.model, None
        if model is None or books.entries is not self._entries or secret != self._secret:
            return None
        count("public model: made while the rules ran")
        return model


class PublishError(ReliefError):
    """Publishing stopped; nothing was changed in the output folder."""


@dataclass
class PublishResult:
    """What a publish made: the books and model it was made from, the files written, and notes
    for the user (a secret created, foreign books published anyway)."""

    books: Books
    model: PublicModel
    stats: WriteStats
    out: Path
    secret_note: str | None
    notes: list[str]


def publish_books(
    books: Books,
    out: str | os.PathLike[str],
    *,
    templates: str | os.PathLike[str] | None = None,
    allow_foreign: bool = False,
    secret_file: str | os.PathLike[str] | None = None,
    acknowledgements: bool = True,
    extra_generators: Iterable[Generator] = (),
    jobs: int | None = None,
    log_key_file: str | os.PathLike[str] | None = None,
    model_ahead: ModelAhead | None = None,
    on_wait: Callable[[], None] | None = None,
) -> PublishResult:
    """Publish `books` as the site in `out`, or raise PublishError and leave `out` as it was.

    The books are taken as they are: the caller decides about books with errors (the
    command refuses them unless --allow-errors). Books that do not look like a centre's
    are refused here unless `allow_foreign`, since the site would publish all of them.
    Another publish into the same folder is waited for (`on_wait` is called first, to say
    so): ledger.files.site_publish_lock.
    """
    # absolute first: `--out .` names the folder the process stands in, which the swap moves
    # aside (the spare); resolved after it, the path printed pointed into the old site
    out = linked_folder(Path(os.path.abspath(out)))
    try:
        check_output_folder(out, books.root)
    except WriteError as exc:
        raise PublishError(bilingual(*halves(exc))) from None
    notes: list[str] = []
    foreign = foreign_reasons(books)
    if foreign and not allow_foreign:
        raise PublishError(bilingual(
            f"{books.path}：这看起来不像帮扶中心的账簿：" + "；".join(zh for zh, _ in foreign) + "。据此生成的公开网站会公布其中的一切。"
            "请声明缺少的内容（docs/adopting.md），或加上 --allow-foreign 照样发布"
            + ("" if rules_switched_on(books) else '。另请注意：规则未启用（没有 `plugin "ledger.plugins.rules"`）'),
            f"{books.path}: these do not look like a relief centre's books: " + "; ".join(en for _, en in foreign) + ". "
            "A public site from them would publish everything in them. Declare what is missing "
            "(docs/adopting.md), or publish anyway with --allow-foreign."
            + ("" if rules_switched_on(books) else ' Note also: the rules are not switched on (no `plugin "ledger.plugins.rules"`).')
        ))
    if foreign:
        notes.append(bilingual(f"尽管如此仍已发布：{'；'.join(zh for zh, _ in foreign)}（--allow-foreign）",
                               f"published despite: {'; '.join(en for _, en in foreign)} (--allow-foreign)"))
    notes += withheld_notes(books, entry_reason)
    future = dated_after(books, books_today())
    if future:
        notes.append(future)
    flagged_entries = unreviewed(books.entries)  # named here, counted per report by the model
    flagged = unreviewed_note(books.entries, flagged_entries)
    if flagged:
        notes.append(flagged)
    secret = None
    secret_note = None
    if not acknowledgements and _has_acknowledgements(out):
        raise PublishError(bilingual(
            f"{out}：那里的网站有致谢页（已寄出的信函上的二维码指向它们）和证明它们的日志；--no-acknowledgements 会把它们全部删除。"
            "请用生成该网站时的网站密钥发布（--secret-file，其次 $RELIEF_SITE_SECRET，其次 ~/.config/relief-ledger/site-secret）；"
            "如要永久停止发布致谢页，请把旧网站移走，发布到新文件夹。原网站未改动。",
            f"{out}: the site there has acknowledgement pages, which letters already sent point to (their QR "
            "codes), and the log that proves them; --no-acknowledgements would delete them all. Publish with "
            "the site secret it was made with (--secret-file, else $RELIEF_SITE_SECRET, else "
            "~/.config/relief-ledger/site-secret); to stop publishing them for good, move the old site away and "
            "publish into a new folder. The previous site is unchanged."))
    if acknowledgements:
        try:
            secret, secret_note = ack.load_secret(secret_file, books_root=books.root)
        except ack.SecretError as exc:
            raise PublishError(bilingual(*halves(exc))) from None
    jobs = max(1, jobs or default_jobs())
    extra_generators = list(extra_generators)
    early = [gen for gen in extra_generators if hasattr(gen, "start_early")]
    with site_publish_lock(out, on_wait):
        return _publish_locked(books, out, model_ahead, secret, secret_note, notes, early, extra_generators,
                               templates=templates, jobs=jobs, log_key_file=log_key_file, flagged=flagged_entries)


def linked_folder(out: Path) -> Path:
    """The folder `out` names when it is a symbolic link to one, else `out` itself.

    Why: the site is swapped in whole, by renaming; given a link (`/var/www/relief` to
    `/srv/sites/relief`, the folder a web server serves), the swap put the new site where
    the link was and set the link aside: the served folder kept the old site for good, and
    publish said it had published. The folder the link names is replaced now; the link stays.
    A link to nothing is left as it is (the write names it and its missing target)."""
    if out.is_symlink() and out.is_dir():
        return Path(os.path.realpath(out))
    return out


def _publish_locked(books: Books, out: Path, model_ahead: ModelAhead | None, secret: bytes | None, secret_note: str | None,
                    notes: list[str], early: list, extra_generators: list, *, templates, jobs: int, log_key_file,
                    flagged: list | None = None) -> PublishResult:
    """publish_books' work once it holds the site's folder: the model, the verifiable record
    (which reads the previous site's log), the site and its swap."""
    # The loaded books are already among the objects the cyclic garbage collector never
    # walks (load_books). The model is made of long-lived objects too (and no cycles): the
    # collector rests while it is built, then the model joins the books. (Forked workers
    # inherit this, so they do not touch, and copy, the pages of memory those objects live on.)
    try:
        model = model_ahead.take(books, secret) if model_ahead is not None else None
        if model is None:
            with phase("public model"), cyclic_gc_paused():
                model = build_public_model(books, secret, unreviewed_entries=flagged)
        for gen in early:  # the report PDF's parts that need only the model, laid out beside what follows
            gen.start_early(model, out, jobs)
        with phase("verification (trees, log, proofs)"):
            transparency = _transparency(books, model, secret, log_key_file, notes, out)
        gc.freeze()
        stats = publish_site(model, out, templates=templates, extra_generators=extra_generators, jobs=jobs, transparency=transparency)
        notes += stats.notes
        for gen in early:
            gen.finish()
    except NarrativeError as exc:
        raise PublishError(_unchanged(exc)) from None
    except jinja2.TemplateSyntaxError as exc:
        where = f"{exc.filename or exc.name}:{exc.lineno}"
        raise PublishError(bilingual(f"{where}：模板错误：{exc.message}；请修改模板（原网站未改动）",
                                     f"{where}: template error: {exc.message}; fix the template (the previous site is unchanged)")) from None
    except jinja2.TemplateError as exc:
        where = template_failure(exc, templates)
        if where is not None:
            raise PublishError(_fix_template(where)) from None
        raise PublishError(_fix_template(said(f"模板错误：{exc}", f"template error: {exc}"))) from None
    except UnicodeDecodeError as exc:  # a template of the user's folder not saved as UTF-8
        where = template_failure(exc, templates)
        if where is None:
            raise
        raise PublishError(bilingual(f"{in_zh(where)}（原网站未改动）", f"{where} (the previous site is unchanged)")) from None
    except TEMPLATE_MISTAKES as exc:
        if isinstance(exc, ReliefError):  # CapitalsError, ...: already a message for the user
            raise PublishError(_unchanged(exc)) from None
        if not raised_in_templates(exc, templates):
            raise  # a bug in relief's own code or templates: the crash file, not the user's fault
        # The user's own template asked for something the page does not have, or divided by
        # zero: its file and line, as letters and report say it.
        where = template_failure(exc, templates) or said(
            f"您的模板（{templates}）渲染失败：{type(exc).__name__}: {exc}",
            f"rendering failed in your templates ({templates}): {type(exc).__name__}: {exc}")
        raise PublishError(_fix_template(where)) from None
    except WriteError as exc:
        raise PublishError(bilingual(*halves(exc))) from None
    except WorkerFailed as exc:
        zh, en = halves(exc)
        raise PublishError(bilingual(f"{zh}；原网站未改动（请再试一次，或加上 --jobs 1）",
                                     f"{en}; the previous site is unchanged (try again, or --jobs 1)")) from None
    except OSError as exc:
        why = write_failure(out, exc)
        raise PublishError(bilingual(f"{out}：无法写入网站（{in_zh(why)}）；原网站未改动",
                                     f"{out}: cannot write the site ({why}); the previous site is unchanged")) from None
    finally:
        gc.unfreeze()
        for gen in early:
            gen.cancel()  # a failed publish: the head start is stopped (after finish(): nothing left to stop)
    return PublishResult(books, model, stats, out, secret_note, notes)


def _unchanged(exc: BaseException) -> str:
    """An error's message (a Said, a bilingual() text or English), then that the site is unchanged, in each language;
    a message of several lines (NamedInPublic: one a place) has it on its last."""
    message = exc.args[0] if len(exc.args) == 1 and isinstance(exc.args[0], str) else str(exc)
    head, _, last = ("", "", message) if zh_of(message) else message.rpartition("\n")
    zh, en = halves(last)
    return head + "\n" * bool(head) + bilingual(f"{zh}；原网站未改动", f"{en}; the previous site is unchanged")


def _fix_template(where: str) -> str:
    """Where a user's template failed (template_failure: a Said), and what to do, in each language."""
    zh, en = halves(where)
    return bilingual(f"{zh}；请修改 --templates 中的模板（原网站未改动）",
                     f"{en}; fix the template in --templates (the previous site is unchanged)")


def _has_acknowledgements(out: Path) -> bool:
    """Whether the site in `out` has an acknowledgement page (a look at its first entries).

    Why: --no-acknowledgements, which needs no key (the way past a secret missing on a CI
    machine), deleted every page and the log with them, every letter sent pointing nowhere."""
    try:
        with os.scandir(Path(out) / ack.ACK_FOLDER) as listing:
            return any(entry.name != "index.html" for entry in listing)
    except OSError:
        return False


def _same_secret(model: PublicModel, out: Path) -> bool:
    """False when the site in `out` has acknowledgement pages and none of them is at an address
    this publish's secret gives: it was made with another secret (a new --secret-file, another
    machine's config, a home folder where a new one was made on first use).

    Asked of every publish onto a site: before, only when a closed period seemed rewritten,
    and otherwise every acknowledgement page moved to a new address without a word, every
    letter already sent pointing nowhere. One look at the first of this publish's addresses
    settles it on a site made with the same secret (the names are taken one at a time: a
    Path made of each of 37,000 addresses first cost a publish after one new gift 0.2 s)."""
    folder = Path(out) / ack.ACK_FOLDER
    ours = (posixpath.basename(d.ack_path) for d in model.donations if d.ack_path)
    first = next(ours, None)
    if first is None or not folder.is_dir() or any((folder / name).exists() for name in itertools.chain((first,), ours)):
        return True
    return not _has_acknowledgements(out)


def _transparency(books: Books, model: PublicModel, secret: bytes | None, log_key_file, notes: list[str], out: Path):
    """The sum trees, log and proofs (publish/verification.py, docs/verification.md)."""
    from publish import verification

    if secret is None:
        return None  # no acknowledgements: no salts, so no trees nor log (docs/verification.md)
    try:
        key, key_note = verification.load_log_key(log_key_file, books_root=books.root)
    except ack.SecretError as exc:
        raise PublishError(bilingual(*halves(exc))) from None
    if key_note.startswith("已在"):  # created now (publish.ack.load_key)
        notes.append(key_note)
    transparency = verification.prepare(books, model, secret, key, out)
    notes += transparency.witness_notes
    previous = verification.another_log(transparency, out)
    was, _, key_was = previous.rpartition("/log/") if previous else ("", "", "")
    now, _, key_now = transparency.origin.rpartition("/log/")
    if previous and key_was == key_now and was != now:  # the same key: only the address changed
        notes.append(bilingual(
            f"{out} 中的网站提供的日志是 {previous}；网站地址（site_url）已不是 {was} 而是 {now}，日志以地址命名，因此新日志从此开始"
            f"（{transparency.origin}），捐赠人和见证人保存的检查点不再能延续到它。如果 {was} 只是误用的地址（模板中的），"
            "请在网站上说明；如果原网站仍在，请改回 site_url 再发布。",
            f"the site in {out} served the log {previous}; the site's address (site_url) is no longer {was} but {now}, "
            f"and the log is named after it, so a new log starts ({transparency.origin}) and the checkpoints donors "
            f"and witnesses saved no longer extend to it. If {was} was the address only by mistake (the template's), "
            "say so on the site; if the site is still there, put site_url back and publish again."))
    elif previous:
        notes.append(bilingual(
            f"{out} 中的网站提供的日志是 {previous}；这次发布用另一把日志密钥签名（{transparency.origin}），因此新日志从此开始，"
            "捐赠人和见证人保存的检查点不再能延续到它。如果旧密钥还在，请用它重新发布（--log-key-file；docs/verification.md）；"
            "如果已丢失，请在网站上说明。",
            f"the site in {out} served the log {previous}; this publish signs with another log key "
            f"({transparency.origin}), so a new log starts and the checkpoints donors and witnesses saved no longer "
            "extend to it. If the old key still exists, publish again with it (--log-key-file; docs/verification.md); "
            "if it is lost, say so on the site."))
    if not _same_secret(model, out):
        raise PublishError(bilingual(
            f"{out}：那里的网站是用另一把致谢页地址密钥发布的，不是这次发布所用的网站密钥：每个地址和日志中的捐赠都会改变，"
            "已寄出的信函将指向不存在的页面。请用生成该网站时的密钥发布（--secret-file，其次 $RELIEF_SITE_SECRET，"
            "其次 ~/.config/relief-ledger/site-secret；docs/publishing.md）；原网站未改动。"
            "如果该密钥已永久丢失或泄露，请把旧网站移走，发布到新文件夹。",
            f"{out}: the site there was published with another key for acknowledgement addresses, not the site "
            "secret this publish uses: every address and the log's gifts would change, and letters already sent would "
            "point nowhere. Publish with the secret the site was made with (--secret-file, else $RELIEF_SITE_SECRET, "
            "else ~/.config/relief-ledger/site-secret; docs/publishing.md); the previous site is unchanged. "
            "If that secret is lost or leaked for good, move the old site away and publish into a new folder."))
    problem = verification.rewrites(transparency, out)
    if problem:
        raise PublishError(bilingual(
            f"{out}：{in_zh(problem)}；网站没有发布（原网站未改动）。已结账的期间不得改动：请把账簿改回结账时的样子，"
            "并在未结账的期间记入更正（docs/closing.md）",
            f"{out}: {problem}; the site was not published (the previous site is unchanged). "
            "A closed period must not change: put the books back as they were closed, and record a correction in an open period (docs/closing.md)."))
    return transparency
