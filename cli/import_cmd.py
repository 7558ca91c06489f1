"""`relief import BOOKS FILE...`: bank, WeChat Pay, Alipay and register files into the books.

A dry run by default; `--write` appends to inbox.beancount, archives the files under
documents/ and leaves the books passing their checks, or writes nothing. The work is done
in importers.run; this module only turns options into calls and problems into messages.
"""

from __future__ import annotations

import gc
import os
import shlex
from pathlib import Path

import click

from cli.click_words import ReliefCommand
from cli.common import books_given, books_hint
from ledger.accounts import BANK_ROOT
from ledger.errors import bilingual, counted
from ledger.files import write_failure
from ledger.said import in_zh


def _given_account(ctx: click.Context, param: click.Parameter, value: str | None) -> str | None:
    """Refuse an empty --account: `--account "$ACCOUNT"` with the variable unset was read as no
    --account, and the statement went to the account the books' mapping picked, without a word."""
    if value is not None and not value.strip():
        raise click.BadParameter(bilingual(f"它是空的（变量未设置？）；请给出账簿中的账户，如 {BANK_ROOT}:Basic，或不写 --account",
                                           "it is empty (an unset variable?); give the books account, e.g. "
                                           f"{BANK_ROOT}:Basic, or leave --account out"), ctx=ctx, param=param)
    return value


@click.command("import", cls=ReliefCommand)
@click.argument("books", metavar="BOOKS", required=False, type=click.Path(readable=False), callback=books_given)
@click.argument("files", metavar="FILE...", nargs=-1, type=click.Path(path_type=Path))
@click.option("--account", metavar="ACCOUNT", callback=_given_account,
              help=f"Books account for a statement whose own account number is not mapped (e.g. {BANK_ROOT}:Basic).")
@click.option("--write", is_flag=True, help="Record the entries: append them to inbox.beancount and file a copy of each FILE "
              "under the books' documents/ folder (FILE itself stays where it is). Without it: a dry run.")
@click.option("--ignore-summary", is_flag=True, help="Import even when the file's own totals or record count disagree with its rows.")
@click.option("--no-balance", is_flag=True, help="Do not make a balance assertion from the statement's closing balance.")
@click.option("--template", "template", type=click.Choice(["donations", "roster", "goods"]),
              help="Instead of importing: write the spreadsheet template of this kind to --out.")
@click.option("--out", type=click.Path(path_type=Path), help="With --template: the file to write (.xlsx or .csv).")
def import_(books, files, account, write, ignore_summary, no_balance, template, out):
    """Import FILEs (bank statements, WeChat Pay / Alipay bills, registers) into BOOKS.

    Shows the entries it would add, the rows it skips and why, and a count per file.
    Nothing is changed unless --write is given; then the books must still pass
    `relief check` afterwards, or nothing at all is written.

    Get a register template with: relief import --template donations --out 捐赠登记表.xlsx

    \b
    Examples:
      relief import mybooks statement.csv wechat.xlsx  a dry run: prints what it would book
      relief import mybooks statement.csv --write      books it into mybooks/inbox.beancount
      relief import mybooks statement.csv --account Assets:Bank:Basic
      relief import --template roster --out 发放花名册.xlsx

    After --write, review the entries flagged ! in mybooks/inbox.beancount (Fava lists them
    too), then move them into mybooks/txns/YEAR.beancount (docs/importing.md).
    """
    if template:
        from importers.template_files import copy_template

        if out is None:
            raise click.UsageError(bilingual("--template 需要 --out FILE（.xlsx 或 .csv）", "--template needs --out FILE (.xlsx or .csv)"))
        try:
            path = copy_template(template, out)
        except ValueError as exc:
            raise click.ClickException(str(exc)) from None
        except OSError as exc:
            if isinstance(exc, FileExistsError) and exc.errno is None:  # the template's own refusal to overwrite
                raise click.ClickException(str(exc)) from None
            why = write_failure(out, exc)
            raise click.ClickException(bilingual(f"{out}：无法在此写入（{in_zh(why)}）", f"{out}: cannot write there ({why})")) from None
        click.echo(bilingual(f"已把 {template} 模板写入 {path}。填好后运行：relief import BOOKS {path}",
                             f"Wrote the {template} template to {path}. Fill it in, then: relief import BOOKS {path}"))
        return
    if not books or not files:
        if books and (os.path.isdir(books) or books.endswith(".beancount")):
            typed = f"relief import {shlex.quote(books)} FILE... [--write]"
            raise click.UsageError(bilingual(f"请在账簿之后给出至少一个要导入的文件：{typed}",
                                             f"give at least one file to import after the books: {typed}"))
        # a statement given alone is taken for BOOKS: say where the books are, with it after them
        after = f" {shlex.quote(books)}" if books else " FILE..."
        raise click.UsageError(bilingual(
            f"请给出账簿和至少一个文件：relief import BOOKS FILE... [--write]；{books_hint('relief import', after, zh=True)}",
            f"give the books and at least one file: relief import BOOKS FILE... [--write]; {books_hint('relief import', after)}"))
    for path in files:
        try:
            str(path).encode("utf-8")
        except UnicodeEncodeError:
            # a name in GBK (copied from a Windows USB drive or zip): archived under documents/
            # and written into inbox.beancount, it stopped --write with an internal error
            shown = str(path).encode("utf-8", "surrogateescape").decode("utf-8", "replace")
            raise click.ClickException(bilingual(
                f"{shown}：文件名不是 UTF-8 文本（由使用另一种编码的系统写出，如 GBK），因此账簿无法记录它：请给文件改名，"
                "如 `convmv -f gbk -t utf-8 --notest FILE`，再导入",
                f"{shown}: the file's name is not UTF-8 text (written by a system in another encoding, "
                                       "e.g. GBK), so the books cannot record it: rename the file, e.g. "
                "`convmv -f gbk -t utf-8 --notest FILE`, then import it")) from None

    from cli.common import writing_books

    if not write:
        _import(books, files, account, write, ignore_summary, no_balance)
        return
    # One writer at a time, from the load (what is already in the books) to the check after writing.
    with writing_books(books):
        _import(books, files, account, write, ignore_summary, no_balance)


def _import(books, files, account, write, ignore_summary, no_balance) -> None:
    """Import `files` into `books` (a dry run, or the write when `write`)."""
    from cli.common import IMPORT, apply_errors_policy, open_books, os_reason
    from importers.balance_preview import balance_notes, fund_overdrawn_notes, overdrawn_notes
    from importers.run import extract_files, load_importers, note_line, render, spoken, write_import
    from importers.unchecked import unchecked_note
    from ledger.collector import cyclic_gc_paused

    # Loaded once: the dry run and the write use these books; write_import loads them once
    # more only after writing (the books changed on disk) to check they still pass.
    loaded = open_books(books)
    stopped = unchecked_note(loaded, writing=write)
    if stopped:  # said before a refusal for the errors it may have brought
        label_zh, label = ("错误：", "error: ") if loaded.errors else ("注：", "note: ")
        click.echo(spoken("", label_zh + stopped.zh, label + stopped), err=True)
    apply_errors_policy(loaded, IMPORT, books, {"write": write})
    # ImportFailed, ImportProblem, ProfileError are ReliefErrors: the relief group prints them.
    importers = load_importers(loaded.root)
    with cyclic_gc_paused():
        results = extract_files(loaded, list(files), importers, account=account,
                                verify_summary=not ignore_summary, balance=not no_balance)
        # Why: the collector, still while the files were read, finds every object made since
        # (a 100,000-row statement's rows, records and entries) in its youngest generation and
        # walked them all at its next run, about 0.7 s, though they live until the command
        # ends. Frozen, they are left out of its walks (refcounting still frees them).
        gc.freeze()
    click.echo(render(results), nl=False)
    failed = [r for r in results if r.problem]
    for r in failed:
        zh = r.problem.zh
        click.echo(spoken("", f"错误：{zh}", f"error: {r.problem.message}") if zh else f"error: {r.problem.message}", err=True)
    lost = [r for r in results if not r.problem and not r.conserved]
    for r in lost:
        click.echo(spoken("", f"错误：{r.path.name} 的金额对不上（见上面的 ERROR 行）；不能写入",
                          f"error: {r.path.name}: its money does not add up (see the ERROR lines above); nothing can be written"),
                   err=True)
    failed += lost
    if not write:
        if not failed:
            click.echo(";; " + bilingual("试运行：什么也没有写入；加上 --write 才记入这些分录",
                                         "dry run: nothing was written; add --write to record these entries"), err=True)
        for note in (*balance_notes(loaded.entries, results), *overdrawn_notes(loaded.entries, results),
                     *fund_overdrawn_notes(loaded.entries, results)):
            click.echo(note_line(note, prefix=""), err=True)
        if loaded.errors:
            click.echo(_books_errors_note(loaded, books), err=True)
        if failed:
            raise SystemExit(1)
        return
    # Why: a roster paying out of the cash box more than it held was written without a word
    # (the note was the dry run's alone). Written all the same: the roster is what was paid,
    # and the withdrawal or top-up that paid it may be booked after it.
    below_zero = overdrawn_notes(loaded.entries, results, written=True)
    try:
        written = write_import(loaded, results)
    except OSError as exc:
        why = os_reason(exc)
        raise click.ClickException(bilingual(f"什么也没有写入：{in_zh(why)}", f"nothing was written: {why}")) from None
    for line in written:
        click.echo(spoken("", f"已写入：{line.zh}", f"written: {line}") if getattr(line, "zh", None) else f"written: {line}",
                   err=True)
    for note in below_zero:
        click.echo(note_line(note, prefix=""), err=True)
    # Why: it said "Review the entries flagged !" after a write of nothing or of nothing flagged
    flagged = sum(1 for r in results if not r.problem for e in r.new if getattr(e, "flag", None) == "!")
    if flagged:
        inbox = loaded.root / "inbox.beancount"
        click.echo(spoken("", f"账簿通过了检查。请复核本次导入写入 {inbox} 的 {flagged} 条标记 ! 的分录",
                          f"The books pass their checks. Review the {counted(flagged, 'entry', 'entries')} flagged ! that this import "
                          f"wrote in {inbox}."), err=True)
    else:
        click.echo(spoken("", "账簿通过了检查；本次导入写入的分录没有标记 ! 需要复核的",
                          "The books pass their checks; nothing this import wrote is flagged ! for review."), err=True)


def _books_errors_note(loaded, given: str) -> str:
    """The note a dry run ends with on books that have errors.

    Why: an entry beancount could not read (a stray line under a gift typed by hand) is not
    in the books, so the row of the statement that paid it is proposed as new; the dry run
    went on silently (only --write refuses), and its proposals were taken for right.
    """
    from importers.run import spoken

    n = len(loaded.errors)
    count = f"{n} error{'s' if n != 1 else ''}"
    return spoken("", f"注：{loaded.path}：账簿有 {n} 个错误（见 `relief check {shlex.quote(given)}`）：账簿读不懂的分录不在账中，"
                      "所以它记过的行可能在上面被当作新的提出；错误改正之前 --write 会拒绝",
                  f"note: {loaded.path}: the books have {count} (see `relief check {shlex.quote(given)}`): an entry "
                  "they could not read is left out of them, so a row it booked may be proposed above "
                  "as new; --write refuses until the errors are fixed")
