"""The address of a donation's acknowledgement page: the one place it is computed.

The page lives at `ack/<token>.html` where the token is HMAC-SHA256 of the receipt number
under a secret key, cut to 128 bits (32 hex digits). Without the key nobody can guess an
address from a receipt number, and the site lists no addresses (the manifest gives only the
pages' SHA-256), so a donor's page is reached only through the letter that carries it.

The key is kept OUTSIDE the books (the books may be shared with auditors, and whoever has
the key can compute every address). It is read, in this order, from:

1. `--secret-file FILE` (publish) / `secret_file=` here;
2. the environment variable RELIEF_SITE_SECRET (the text itself);
3. the user's config file `$XDG_CONFIG_HOME/relief-ledger/site-secret`
   (`~/.config/relief-ledger/site-secret`), which publish creates on first use with 32
   random bytes (mode 0600) and says so. Back it up: a new key moves every address, and
   letters already sent would point nowhere.

The letters (issue 5) call `ack_path` / `ack_url` with the same key, so the letter and the
site always agree.
"""

from __future__ import annotations

import hashlib
import hmac
import os
import secrets
from collections.abc import Callable
from pathlib import Path

from ledger.errors import ReliefError, bilingual
from ledger.files import atomic_write_bytes, is_inside
from ledger.source_files import read_regular
from ledger.user_dirs import user_folder

ENV_VAR = "RELIEF_SITE_SECRET"
ACK_FOLDER = "ack"
TOKEN_HEX = 32
MIN_SECRET_BYTES = 16


class SecretError(ReliefError):
    """The key cannot be read or is too short (message says what to do)."""


class NoKey(SecretError):
    """No key is given or kept, and none was to be made (`create=False`); `path` is where it
    would be kept."""

    def __init__(self, message: str, path: Path):
        super().__init__(message)
        self.path = path


def default_secret_path() -> Path | None:
    """Where the site secret is kept when no file is named: outside the books, in the user's
    config folder (None when there is no home folder to find: ledger/user_dirs.py)."""
    base = user_folder("XDG_CONFIG_HOME", ".config")
    return base / "relief-ledger" / "site-secret" if base is not None else None


def _check(secret: bytes, where: str) -> bytes:
    _refuse_notepad_marks(secret, where)
    secret = secret.strip()
    if len(secret) < MIN_SECRET_BYTES:
        raise SecretError(bilingual(
            f"{where}：站点密钥太短（{len(secret)} 字节）；请用至少 {MIN_SECRET_BYTES} 个随机字节，例如 `head -c 32 /dev/urandom | base64 > FILE`",
            f"{where}: the site secret is too short ({len(secret)} bytes); use at least {MIN_SECRET_BYTES} random bytes, e.g. `head -c 32 /dev/urandom | base64 > FILE`"))
    return secret


def _refuse_notepad_marks(secret: bytes, where: str) -> None:
    """Refuse a secret saved with a byte-order mark, or as UTF-16 (Windows Notepad's
    "Unicode", which begins with a mark too): the mark would be taken as part of the secret.

    Why: a site secret opened and saved again in Notepad read as another secret, and every
    acknowledgement address changed without a word (the letters already sent then point
    nowhere). Refused, not cleaned: whichever form made the published addresses, nothing
    changes them unsaid."""
    change = "which would make it another secret and change every acknowledgement address"
    change_zh = "这会使它成为另一个密钥，并改变每个致谢地址"
    if secret.startswith(b"\xef\xbb\xbf"):
        raise SecretError(bilingual(
            f"{where}：站点密钥以字节顺序标记（BOM，Windows 记事本保存 UTF-8 时加上的）开头，{change_zh}；"
            f"请删去该标记（`sed -i '1s/^\\xEF\\xBB\\xBF//' {where}`）再运行",
            f"{where}: the site secret starts with a byte-order mark (BOM, as Windows Notepad saves UTF-8), "
            f"{change}; remove the mark (`sed -i '1s/^\\xEF\\xBB\\xBF//' {where}`) and run it again"))
    if secret.startswith((b"\xff\xfe", b"\xfe\xff")):  # Notepad's "Unicode" always begins with its mark
        raise SecretError(bilingual(
            f"{where}：站点密钥被保存为 UTF-16（Windows 记事本的“Unicode”），{change_zh}；"
            f"请另存为纯文本（`iconv -f UTF-16 -t UTF-8 {where} > new && mv new {where}`）再运行",
            f"{where}: the site secret is saved as UTF-16 (Windows Notepad's \"Unicode\"), {change}; save it "
            f"again as plain text (`iconv -f UTF-16 -t UTF-8 {where} > new && mv new {where}`) and run it again"))


def load_key(key_file: str | os.PathLike[str] | None, *, what: str, file_words: str, option: str, env_var: str,
             default_path: Path | None, parse, new_value, why: str, books_root: Path | None = None, create: bool = True,
             what_zh: str = "", why_zh: str = ""):
    """(key, sentence saying where it came from): the file given, else $env_var, else
    default_path, created there when `create` and absent (the site secret and the log key
    are found the same way). Refuses a file inside the books folder: a key must not travel
    with the books. `parse(bytes, where)` checks the text and returns the key. The sentence
    of a key created now is Chinese first (`what_zh`, `why_zh`: bilingual), and so starts
    "已在"; the others are English ("site secret from …")."""
    if key_file is not None:
        path = Path(key_file)
        if books_root is not None and is_inside(path, books_root):
            elsewhere = f"e.g. to {default_path}" if default_path is not None else "outside the books folder"
            elsewhere_zh = f"例如移到 {default_path}" if default_path is not None else "移到账簿文件夹之外"
            raise SecretError(bilingual(f"{path}：{what_zh}必须保存在账簿文件夹（{books_root}）之外；请把它移走，{elsewhere_zh}",
                                        f"{path}: the {what} must be kept outside the books folder ({books_root}); move it, {elsewhere}"))
        try:
            return parse(read_regular(path), str(path)), f"{what} from {path}"
        except FileNotFoundError:
            raise SecretError(bilingual(f"{path}：没有这个{what_zh}文件；请用 `head -c 32 /dev/urandom | base64 > {path}` 新建一个",
                                        f"{path}: no such {file_words}; create one with `head -c 32 /dev/urandom | base64 > {path}`")) from None
        except OSError as exc:
            raise SecretError(bilingual(f"{path}：无法读取{what_zh}（{exc.strerror or exc}）",
                                        f"{path}: cannot read the {what} ({exc.strerror or exc})")) from None
    env = os.environ.get(env_var)
    if env is not None and not env.strip():
        # set but empty (`RELIEF_SITE_SECRET=` in a CI job whose secret did not reach it): the
        # default file would be read or, on a fresh machine, made, and every address would
        # change from one run to the next without a word
        raise SecretError(bilingual(f"${env_var} 已设置但为空；请把它设为{what_zh}，或取消设置以使用 "
                                    f"{default_path or '主文件夹中的文件'}（或给出 {option}）",
                                    f"${env_var} is set but empty; set it to the {what}, or unset it to use "
                                    f"{default_path or 'the file in your home folder'} (or give {option})"))
    if env:
        return parse(env.encode("utf-8"), f"${env_var}"), f"{what} from ${env_var}"
    path = default_path
    if path is None:  # no home folder: never a key made in a folder named `~` under the current one
        raise SecretError(bilingual(f"没有{what_zh}：没有可以保存它的主文件夹（HOME 未设置，系统用户列表中也没有这个用户）；"
                                    f"请给出 {option}，或设置 ${env_var}（或把 HOME 或 XDG_CONFIG_HOME 设为本用户自己的文件夹）",
                                    f"no {what}: there is no home folder to keep it in (HOME is not set, and this user has no "
                                    f"entry in the system's list of users); give {option}, or set ${env_var} (or set HOME, or "
                                    "XDG_CONFIG_HOME, to a folder of this user's own)"))
    if path.is_file():
        return parse(read_regular(path), str(path)), f"{what} from {path}"
    if os.path.lexists(path):
        # something is there that is no file to read (a link to a disk not mounted, a pipe):
        # a new key written over it would change every address made with the old one
        link = path.is_symlink() and not path.exists()
        what_is = f"a symbolic link to {os.readlink(path)}, which does not exist" if link else "not a regular file"
        what_is_zh = f"指向 {os.readlink(path)} 的符号链接，而它并不存在" if link else "不是普通文件"
        raise SecretError(bilingual(f"{path}：{what_zh}是{what_is_zh}，因此无法读取，也不会在原处新建一个（{why_zh}：新建的会改变它们）；"
                                    f"请恢复它（挂载保存它的磁盘），或给出 {option}，或设置 ${env_var}",
                                    f"{path}: the {what} is {what_is}, so it cannot be read, and no new one is made in its place "
                                    f"({why}: a new one would change them); restore it (mount the disk that holds it), "
                                    f"or give {option}, or set ${env_var}"))
    if not create:
        raise NoKey(bilingual(f"没有{what_zh}：请给出 {option}，或设置 ${env_var}，或新建 {path}", f"no {what}: give {option}, set ${env_var}, or create {path}"), path)
    value = new_value()
    try:
        atomic_write_bytes(path, value + b"\n", 0o600)
    except OSError as exc:  # no home folder, or one that cannot be written (a service account)
        raise SecretError(bilingual(f"{path}：无法在那里新建{what_zh}（{exc.strerror or exc}）；请给出 {option}，或设置 ${env_var}",
                                    f"{path}: cannot create the {what} there ({exc.strerror or exc}); "
                                    f"give {option}, or set ${env_var}")) from None
    return parse(value, str(path)), bilingual(f"已在 {path} 新建{what_zh}（请备份：{why_zh}）", f"created a new {what} in {path} (back it up: {why})")


def load_secret(secret_file: str | os.PathLike[str] | None = None, *, create: bool = True, books_root: Path | None = None) -> tuple[bytes, str]:
    """The key and a sentence saying where it came from (created when `create` and absent)."""
    return load_key(secret_file, what="site secret", file_words="secret file", option="--secret-file", env_var=ENV_VAR,
                    default_path=default_secret_path(), parse=_check, new_value=lambda: secrets.token_urlsafe(32).encode("ascii"),
                    why="acknowledgement addresses depend on it", books_root=books_root, create=create,
                    what_zh="站点密钥", why_zh="致谢地址依赖于它")


def ack_token(receipt: str, secret: bytes) -> str:
    """32 hex digits of HMAC-SHA256(secret, receipt)."""
    return hmac.new(secret, receipt.encode("utf-8"), hashlib.sha256).hexdigest()[:TOKEN_HEX]


def ack_path(receipt: str, secret: bytes) -> str:
    """The page's path inside the site, e.g. `ack/3f2a….html`."""
    return f"{ACK_FOLDER}/{ack_token(receipt, secret)}.html"


def ack_path_maker(secret: bytes) -> Callable[[str], str]:
    """`ack_path` with the secret fixed, for making one path per gift of the books: the
    key's HMAC state is set up once and copied per receipt (the same digest as ack_path,
    for about a third of the cost)."""
    keyed = hmac.new(secret, digestmod=hashlib.sha256)

    def path(receipt: str) -> str:
        mac = keyed.copy()
        mac.update(receipt.encode("utf-8"))
        return f"{ACK_FOLDER}/{mac.hexdigest()[:TOKEN_HEX]}.html"

    return path


def ack_url(receipt: str, secret: bytes, site_url: str) -> str:
    """The page's full address under `site_url` (the relief-option), or its path when unset."""
    return url_for_path(ack_path(receipt, secret), site_url)


def url_for_path(path: str, site_url: str) -> str:
    """A site path as a full address under `site_url`, or the path itself when no address is set."""
    return (site_url.rstrip("/") + "/" + path) if site_url else path
