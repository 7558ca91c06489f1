"""`relief witness SITE --key FILE --name NAME`: co-sign a site's log checkpoint (docs/verification.md).

A witness (the union's audit committee, a superior union) checks that the log is well
formed and only grew since the last checkpoint it signed, then signs the checkpoint with
its own Ed25519 key. The co-signature goes back to the centre, which keeps it beside the
books in `witnesses/` with the witness's verifier key; the next publish shows it.
"""

from __future__ import annotations

import base64
import contextlib
import os
import re
import secrets
import unicodedata
from pathlib import Path

import click

from cli.click_words import ReliefCommand
from cli.given_file import GivenFile
from cli.out_folder import OutFolder
from ledger.errors import bilingual
from ledger.said import in_zh


@click.command(cls=ReliefCommand)
@click.argument("site", metavar="SITE", type=click.Path(exists=True, file_okay=False))
@click.option("--key", "key_file", required=True, type=GivenFile("e.g. --key audit.key (made when missing)", "例如 --key audit.key（没有时会新建）"), help="The witness's own Ed25519 key (base64 of 32 bytes); created when missing. Keep it private.")
@click.option("--name", required=True, help="The witness's key name, e.g. audit-committee.example-union.cn (no spaces or +).")
@click.option("--log-vkey", help="The log's verifier key as you know it (else the one the site shows, remembered from the first time).")
@click.option("--out", "out", type=OutFolder(file_okay=False), default=".", show_default=True, help="Folder for the co-signature and public key files.")
def witness(site: str, key_file: str, name: str, log_vkey: str | None, out: str) -> None:
    """Check SITE's log and co-sign its checkpoint with your own key.

    Writes NAME-N.cosig (the co-signature of checkpoint N) and NAME.vkey (your public key)
    into --out: give both to the centre, which puts them in its books' witnesses/ folder; the
    next publish shows them (docs/verification.md).

    \b
    Examples:
      relief witness site --key audit.key --name audit.example-union.cn
    """
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    from ledger.files import atomic_write_bytes, disk_full, write_new_file
    from ledger.transparency import tlog
    from ledger.transparency.verifier import Log, Site, VerifyError, check_since, verdict, verify_note

    if not re.fullmatch(r"[^\s+]+", name):
        raise click.ClickException(bilingual(f"{name!r}：见证人名称不能含空格和“+”", f"{name!r}: a witness name has no spaces and no '+'"))
    # the name makes two file names and is shown on the centre's site: a '/' wrote them into
    # another folder, and an invisible character (U+202E) made a name read as another one
    odd = sorted({c for c in name if c in "/\\" or unicodedata.category(c) in ("Cc", "Cf")})
    if odd or name in (".", ".."):
        shown = ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, 'CONTROL CHARACTER')}" for c in odd) or name
        raise click.ClickException(bilingual(
            f"{name!r}：见证人名称须是一个由可见字符组成、不含“/”或“\\”的词（它用作文件名并显示在网站上），不能含 {shown}；"
            "如 audit-committee.example-union.cn",
            f"{name!r}: a witness name is one word of visible characters without '/' or '\\' "
            f"(it names files and is shown on the site), not {shown}; "
            "e.g. audit-committee.example-union.cn"))
    key_path = Path(key_file)
    if os.path.lexists(key_path) and not key_path.is_file():
        dangling = key_path.is_symlink() and not key_path.exists()
        what = f"a symbolic link to {os.readlink(key_path)}, which does not exist" if dangling else "not a regular file"
        what_zh = f"指向 {os.readlink(key_path)} 的符号链接，而该文件不存在" if dangling else "不是普通文件"
        raise click.ClickException(bilingual(
            f"{key_path}：见证人密钥是{what_zh}；请恢复它（挂上存放它的磁盘），或给出另一个 --key（不会在原处新建密钥）",
            f"{key_path}: the witness key is {what}; restore it (mount the disk that holds it), "
            "or give another --key (no new key is made in its place)"))
    if key_path.is_file():
        try:
            seed = base64.b64decode(key_path.read_bytes().strip().removeprefix(b"\xef\xbb\xbf").strip(), validate=True)  # Notepad's mark
            key = Ed25519PrivateKey.from_private_bytes(seed)
        except ValueError:
            raise click.ClickException(bilingual(f"{key_path}：不是见证人密钥（应为 32 字节的 base64）",
                                                 f"{key_path}: not a witness key (base64 of 32 bytes)")) from None
    else:  # made now, written only once the site checks out (a failed run leaves no new key)
        seed = secrets.token_bytes(32)
        key = Ed25519PrivateKey.from_private_bytes(seed)
    state = key_path.with_name(key_path.name + ".last-checkpoint")
    try:
        log = Log(Site(site))
        if log_vkey is not None and log_vkey.strip() != log.vkey:
            raise VerifyError(f"网站的日志公钥 {log.vkey} 不是您给出的那个（{log_vkey.strip()}）",
                              f"the site's log key {log.vkey} is not the one you gave ({log_vkey.strip()})")
        if state.is_file():
            try:
                saved = state.read_text(encoding="utf-8")
            except UnicodeDecodeError:
                raise VerifyError(f"{state}：不是检查点（不是文本）；请从备份恢复它，或删除它以便从今天的检查点重新开始（它此前保护的内容随之失去）",
                                  f"{state}: not a checkpoint (not text); restore it from a backup, or remove it "
                                  "to start again from today's checkpoint (what it protected is then lost)") from None
            click.echo(verdict(True, check_since(log, saved, str(state))))
        else:
            click.echo(bilingual(f"提示：这是您为此日志签署的第一个检查点；日志公钥为 {log.vkey}",
                                 f"note: first checkpoint you sign for this log; its key is {log.vkey}"), err=True)
        text, _ = verify_note(log.note, log.vkey)
    except VerifyError as exc:
        raise click.ClickException(bilingual(f"{site}：未联署：{exc.said[0]}", f"{site}: not co-signed: {exc.en}")) from None
    line = tlog.sign_line(name, key, text)
    vkey = tlog.vkey_of(name, tlog.public_bytes(key))
    folder = Path(out)
    target = folder / f"{name}-{log.size}.cosig"
    writing = key_path
    written: list[Path] = []  # made by this run, removed again if a later one fails
    try:  # each file whole or not at all (ledger/files.py); the key first, never over another
        if not key_path.is_file():
            key_path.parent.mkdir(parents=True, exist_ok=True)
            write_new_file(key_path, base64.b64encode(seed) + b"\n", 0o600)
            click.echo(bilingual(f"提示：已在 {key_path} 新建见证人密钥（请妥善保密并备份）",
                                 f"note: created a new witness key in {key_path} (keep it private and backed up)"), err=True)
        for writing, content in ((target, text + "\n" + line), (folder / f"{name}.vkey", vkey + "\n"), (state, log.note)):
            new = not os.path.lexists(writing)
            atomic_write_bytes(writing, content.encode("utf-8"))
            if new:
                written.append(writing)
    except OSError as exc:
        # Why: with the disk full at the verifier key, the co-signature stayed in --out under
        # "not co-signed", to be handed to the centre without the key that checks it
        for made in written:
            with contextlib.suppress(OSError):
                made.unlink()
        why = disk_full(exc) or exc.strerror or exc
        raise click.ClickException(bilingual(f"{writing}：无法写入（{in_zh(why)}）；未联署", f"{writing}: cannot write it ({why}); not co-signed")) from None
    click.echo(bilingual(f"已联署 {log.origin} 的第 {log.size} 号检查点：{target}", f"co-signed checkpoint {log.size} of {log.origin}: {target}"))
    click.echo(bilingual(f"请把 {target.name} 和 {name}.vkey 交给中心；它们放进账簿的 witnesses/ 文件夹，下次发布时显示",
                         f"Give {target.name} and {name}.vkey to the centre; they go into the books' witnesses/ folder and show on the next publish."))
