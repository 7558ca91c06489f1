#!/usr/bin/env python3
"""relief_verify: check a relief-ledger transparency site without the books, and without
installing anything but Python 3.9+ (this file uses the standard library only).

    python3 relief_verify.py SITE                      # the manifest, the log, every period
    python3 relief_verify.py SITE --page ack/XXXX.html --code ABCD-EFGH
    python3 relief_verify.py SITE --since my-saved-checkpoint.txt
    python3 relief_verify.py SITE --save-checkpoint my-saved-checkpoint.txt

SITE is a folder: a downloaded copy of the site (e.g. `wget -m`) or the published folder.
Exit status 0 when every check passes, 1 when one fails (each failure says what and where).

What it checks (docs/verification.md):
- manifest: every file listed in data/manifest.json has the SHA-256 it lists;
- log: the checkpoint is signed by the log's key (log/key); the log's entries (tiles under
  log/tile/) hash to the checkpoint's root (RFC 6962 Merkle tree); every earlier checkpoint
  under log/checkpoints/ is signed and is a prefix of the log; the published inclusion and
  consistency proofs (log/proofs.json) verify;
- periods: for each closed period and fund in the log, the gifts the site lists in
  data/donations.csv add up to the sum committed by the period's Merkle sum tree root (the
  rows of one receipt being one gift);
- --page: the acknowledgement page's leaf hashes up its path to that root, with the amount,
  fund and date it shows, the letter's code matches the leaf, and the period's log entry
  is in the checkpoint the page carries, itself a prefix of today's log;
- --since: the checkpoint you saved earlier is a prefix of today's log (nothing was
  rewritten, the site does not serve an older log).

This file is part of relief-ledger (GPL-2.0-only). Its Ed25519 verification follows the
reference code in RFC 8032, section 6.
"""

from __future__ import annotations

import argparse
import base64
import csv
import hashlib
import html
import io
import json
import os
import re
import stat
import sys
import tempfile
import unicodedata
from decimal import Decimal, InvalidOperation

VERSION = 1
SUM_LEAF_TAG = b"\x00relief-sum-leaf-v1\x00"
SUM_NODE_TAG = b"\x01"
MAX_SUM = (1 << 63) - 1
TILE_HEIGHT = 8
TILE_WIDTH = 1 << TILE_HEIGHT
PERIOD_ENTRY_HEADER = "relief-ledger period v1"
PROOF_RE = re.compile(r'<pre[^>]*id="relief-proof"[^>]*>(.*?)</pre>', re.S)


def bilingual(zh: str, en: str) -> str:
    """A line in both languages, Chinese first (ledger.errors.bilingual again: this file uses
    the standard library only): the Chinese ends with 。 (added when missing), one space, the English.

    Why: a donor or a union's finance officer checking the site reads Chinese; the English
    follows unchanged, so what a reader (or a test) looks for in it is still there."""
    zh = zh.strip()
    if not zh.endswith(("。", "？", "！")):
        zh += "。"
    return f"{zh} {en.strip()}"


class VerifyError(Exception):
    """A check failed; the message says which and where, Chinese (`zh`) then English (`en`).

    str() gives both as bilingual() writes them; `said` the pair, for a line that puts a
    label before each half (`文件清单：…` / `manifest: …`). Given one text only, it is English
    (relief witness's own messages)."""

    def __init__(self, zh: str, en: str | None = None):
        if en is None:
            zh, en = "", zh
        super().__init__(bilingual(zh, en) if zh else en)
        self.zh, self.en = zh, en

    @property
    def said(self) -> tuple[str, str]:
        """(Chinese, English) of the message; the Chinese is the English when there is none."""
        return (self.zh or self.en, self.en)


def labelled(zh: str, en: str, said: tuple[str, str]) -> tuple[str, str]:
    """A message with a label before each half: labelled("文件清单：", "manifest: ", …)."""
    return (zh + said[0], en + said[1])


def verdict(ok: bool, said: tuple[str, str]) -> str:
    """One printed result: `通过：… ok: …` or `未通过：… FAIL: …`, Chinese first; the English
    half reads as it always did (`ok: …`, `FAIL: …`)."""
    return bilingual(("通过：" if ok else "未通过：") + said[0], ("ok: " if ok else "FAIL: ") + said[1])


def sha256(data: bytes) -> bytes:
    """The SHA-256 digest of `data`, as raw bytes (every hash here is SHA-256)."""
    return hashlib.sha256(data).digest()


# --------------------------------------------------------------------------- the sum tree


def _field(text: str) -> bytes:
    raw = text.encode("utf-8")
    return len(raw).to_bytes(4, "big") + raw


def sum_leaf_hash(salt: bytes, receipt: str, amount_fen: int, fund: str, date: str) -> bytes:
    """A gift's leaf: H(tag, salt, receipt, fund, date, amount in fen as 8 unsigned bytes)."""
    if not 0 <= amount_fen <= MAX_SUM:
        raise VerifyError(f"叶子的金额须在 0 至 {MAX_SUM} 分之间（实为 {amount_fen}）", f"a leaf's amount must be between 0 and {MAX_SUM} fen (got {amount_fen})")
    return sha256(SUM_LEAF_TAG + salt + _field(receipt) + _field(fund) + _field(date) + amount_fen.to_bytes(8, "big"))


def sum_node(left: tuple[bytes, int], right: tuple[bytes, int]) -> tuple[bytes, int]:
    """A node commits to both children's hashes and both children's sums."""
    (lh, ls), (rh, rs) = left, right
    if ls < 0 or rs < 0 or ls + rs > MAX_SUM:
        raise VerifyError("节点的合计须为非负数且小于 2^63", "a node's sums must be non-negative and below 2^63")
    return sha256(SUM_NODE_TAG + lh + ls.to_bytes(8, "big") + rh + rs.to_bytes(8, "big")), ls + rs


def sum_root_from_path(leaf: tuple[bytes, int], index: int, path: list[tuple[bytes, int]]) -> tuple[bytes, int]:
    """The (hash, sum) a leaf leads to up its proof path: the sum tree root to compare with the log's.

    Each bit of `index`, from the lowest, says whether the leaf's side at that level is the
    right one (the sibling on the left). VerifyError when a sum goes out of range or `index`
    has bits left over (a path too short for the position it claims).
    """
    node = leaf
    for sibling in path:
        node = sum_node(sibling, node) if index & 1 else sum_node(node, sibling)
        index >>= 1
    if index:
        raise VerifyError("证明中的位置与其路径不符", "the proof's position does not fit its path")
    return node


_B32 = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567"


def verification_code(leaf: bytes) -> str:
    """The short code printed on the letter: the leaf hash's first 40 bits in base32 (RFC 4648,
    what base64.b32encode gives for 5 bytes), as XXXX-XXXX."""
    n = int.from_bytes(leaf[:5], "big")
    c = [_B32[(n >> shift) & 31] for shift in (35, 30, 25, 20, 15, 10, 5, 0)]
    return "".join(c[:4]) + "-" + "".join(c[4:])


_LOOK_ALIKE = str.maketrans({"0": "O", "8": "B"})  # digits the code never holds, typed for the letters they look like


def not_a_code(text: str) -> VerifyError:
    """The error for `--code` text that cannot be a code (typed_codes gave None)."""
    return VerifyError(f"{text.strip()!r} 不是核验码：核验码由 8 个字母和数字组成，如 G523-4ZTQ（字母 A 至 Z，数字 2 至 7）；请对照致谢函核对您输入的内容",
                       f"{text.strip()!r} is not a verification code: a code is 8 letters and digits, such as G523-4ZTQ (the letters A to Z, the digits 2 to 7); check what you typed against your letter")


def typed_codes(text: str) -> list[str] | None:
    """The codes a donor may have meant by `text`, typed off the letter, as XXXX-XXXX; None
    when it cannot be a code at all (not eight of the code's letters and digits).

    Case, spaces, any dash (or none), invisible marks (a soft hyphen, a zero-width space, as
    copying out of a PDF or a chat brings them) and full-width forms do not matter; 0 stands for O and
    8 for B (the alphabet has no 0, 1, 8 or 9); 1 for I or L, and so does a small l (a capital
    I is one stroke in a sans-serif, as on the letter), so such a code may mean several."""
    plain = "".join(c for c in unicodedata.normalize("NFKC", text).replace("l", "1").upper()
                    if not c.isspace() and unicodedata.category(c) not in ("Pd", "Cf")).translate(_LOOK_ALIKE)
    if len(plain) != 8 or any(c not in _B32 + "1" for c in plain):
        return None
    codes = [""]
    for c in plain:
        codes = [s + x for s in codes for x in ("IL" if c == "1" else c)]
    return [s[:4] + "-" + s[4:] for s in codes]


def fen(amount: str | Decimal) -> int:
    """A yuan amount (as data/donations.csv writes it) in whole fen, the unit the trees sum.

    VerifyError when it holds a fraction of a fen; decimal.InvalidOperation when it is no number.
    """
    value = Decimal(amount) * 100
    if value != value.to_integral_value():
        raise VerifyError(f"{amount}：不是整数分", f"{amount}: not a whole number of fen")
    return int(value)


# --------------------------------------------------------------------------- the log (RFC 6962)


def leaf_hash(entry: bytes) -> bytes:
    """The RFC 6962 hash of a log entry, SHA-256(0x00 || entry): the prefix keeps a leaf from passing for a node."""
    return sha256(b"\x00" + entry)


def node_hash(left: bytes, right: bytes) -> bytes:
    """The RFC 6962 hash of an inner node of the log, SHA-256(0x01 || left || right)."""
    return sha256(b"\x01" + left + right)


def _split(n: int) -> int:
    k = 1
    while k << 1 < n:
        k <<= 1
    return k


def tree_hash(leaves: list[bytes]) -> bytes:
    """The Merkle tree hash of leaf hashes (RFC 6962 MTH); of nothing, SHA-256 of nothing."""
    if not leaves:
        return sha256(b"")
    if len(leaves) == 1:
        return leaves[0]
    k = _split(len(leaves))
    return node_hash(tree_hash(leaves[:k]), tree_hash(leaves[k:]))


def verify_inclusion(index: int, size: int, leaf: bytes, proof: list[bytes], root: bytes) -> bool:
    """RFC 9162, 2.1.3.2."""
    if index >= size:
        return False
    fn, sn, r = index, size - 1, leaf
    for p in proof:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            r = node_hash(p, r)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = node_hash(r, p)
        fn >>= 1
        sn >>= 1
    return sn == 0 and r == root


def verify_consistency(first: int, second: int, first_root: bytes, second_root: bytes, proof: list[bytes]) -> bool:
    """RFC 9162, 2.1.4.2."""
    if first > second:
        return False
    if first == second:
        return not proof and first_root == second_root
    if first == 0:
        return not proof
    if first & (first - 1) == 0:
        proof = [first_root, *proof]
    if not proof:
        return False
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = proof[0]
    for c in proof[1:]:
        if sn == 0:
            return False
        if fn & 1 or fn == sn:
            fr = node_hash(c, fr)
            sr = node_hash(c, sr)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = node_hash(sr, c)
        fn >>= 1
        sn >>= 1
    return fr == first_root and sr == second_root and sn == 0


def tile_path(level: int | str, index: int, width: int | None = None) -> str:
    """C2SP tlog-tiles path of a tile: tile/L/x001/x234/067[.p/W]."""
    digits = f"{index:03d}"
    while len(digits) % 3:
        digits = "0" + digits
    groups = [digits[i:i + 3] for i in range(0, len(digits), 3)]
    text = "/".join([f"x{g}" for g in groups[:-1]] + [groups[-1]])
    return f"tile/{level}/{text}" + (f".p/{width}" if width is not None and width < TILE_WIDTH else "")


# --------------------------------------------------------------------------- Ed25519 (RFC 8032)

_P = 2**255 - 19
_L = 2**252 + 27742317777372353535851937790883648493
_D = -121665 * pow(121666, _P - 2, _P) % _P
_I = pow(2, (_P - 1) // 4, _P)


def _recover_x(y: int, sign: int) -> int | None:
    if y >= _P:
        return None
    x2 = (y * y - 1) * pow(_D * y * y + 1, _P - 2, _P) % _P
    if x2 == 0:
        return None if sign else 0
    x = pow(x2, (_P + 3) // 8, _P)
    if (x * x - x2) % _P:
        x = x * _I % _P
    if (x * x - x2) % _P:
        return None
    if (x & 1) != sign:
        x = _P - x
    return x


def _add(a, b):
    A = (a[1] - a[0]) * (b[1] - b[0]) % _P
    B = (a[1] + a[0]) * (b[1] + b[0]) % _P
    C = 2 * a[3] * b[3] * _D % _P
    D = 2 * a[2] * b[2] % _P
    E, F, G, H = B - A, D - C, D + C, B + A
    return (E * F % _P, G * H % _P, F * G % _P, E * H % _P)


def _mul(s: int, p):
    q = (0, 1, 1, 0)
    while s:
        if s & 1:
            q = _add(q, p)
        p = _add(p, p)
        s >>= 1
    return q


def _equal(a, b) -> bool:
    return (a[0] * b[2] - b[0] * a[2]) % _P == 0 and (a[1] * b[2] - b[1] * a[2]) % _P == 0


_GY = 4 * pow(5, _P - 2, _P) % _P
_GX = _recover_x(_GY, 0)
_G = (_GX, _GY, 1, _GX * _GY % _P)


def _decompress(s: bytes):
    if len(s) != 32:
        return None
    y = int.from_bytes(s, "little")
    sign = y >> 255
    y &= (1 << 255) - 1
    x = _recover_x(y, sign)
    return None if x is None else (x, y, 1, x * y % _P)


def ed25519_verify(public: bytes, message: bytes, signature: bytes) -> bool:
    """Whether `signature` is `public`'s Ed25519 signature of `message` (RFC 8032, after its reference code).

    Written out in plain Python, slow but with nothing to install, so that anyone can check the
    log's checkpoint and the witnesses' co-signatures; non-canonical S values are refused.
    """
    if len(public) != 32 or len(signature) != 64:
        return False
    a = _decompress(public)
    r = _decompress(signature[:32])
    if a is None or r is None:
        return False
    s = int.from_bytes(signature[32:], "little")
    if s >= _L:
        return False
    h = int.from_bytes(hashlib.sha512(signature[:32] + public + message).digest(), "little") % _L
    return _equal(_mul(s, _G), _add(r, _mul(h, a)))


# --------------------------------------------------------------------------- signed notes (C2SP)


def key_id(name: str, public: bytes) -> bytes:
    """The C2SP signed-note key id: the first 4 bytes of SHA-256(name, newline, 0x01, public key).

    A signature line carries it so that the verifier picks the key it was made with.
    """
    return sha256(name.encode("utf-8") + b"\n\x01" + public)[:4]


def parse_vkey(text: str) -> tuple[str, bytes, bytes]:
    """A C2SP note verifier key `name+hexid+base64(0x01||key)` -> (name, key id, public key)."""
    try:
        name, hexid, b64 = text.strip().split("+", 2)
        raw = base64.b64decode(b64, validate=True)
    except ValueError:
        raise VerifyError(f"不是签名验证公钥：{text.strip()[:80]!r}", f"not a note verifier key: {text.strip()[:80]!r}") from None
    if len(raw) != 33 or raw[0] != 1:
        raise VerifyError(f"{name}：不是 Ed25519 验证公钥", f"{name}: not an Ed25519 verifier key")
    kid = bytes.fromhex(hexid)
    if kid != key_id(name, raw[1:]):
        raise VerifyError(f"{name}：公钥编号与公钥不符", f"{name}: the key id does not match the key")
    return name, kid, raw[1:]


def split_note(note: str) -> tuple[str, list[tuple[str, bytes, bytes]]]:
    """(signed text, [(name, key id, signature)]) of a signed note."""
    body, sep, sigs = note.partition("\n\n")
    if not sep:
        raise VerifyError("不是签名文本（签名前没有空行）", "not a signed note (no blank line before the signatures)")
    out = []
    for line in sigs.splitlines():
        if not line.startswith("\u2014 "):
            continue
        try:
            name, b64 = line[2:].rsplit(" ", 1)
            raw = base64.b64decode(b64, validate=True)
        except ValueError:
            continue
        if len(raw) == 68:
            out.append((name, raw[:4], raw[4:]))
    return body + "\n", out


def verify_note(note: str, vkey: str) -> tuple[str, list[str]]:
    """The note's text when it carries a valid signature by `vkey`; raise otherwise."""
    name, kid, public = parse_vkey(vkey)
    text, sigs = split_note(note)
    for sname, skid, sig in sigs:
        if sname == name and skid == kid and ed25519_verify(public, text.encode("utf-8"), sig):
            return text, [s[0] for s in sigs]
    raise VerifyError(f"检查点没有日志公钥 {name} 的签名", f"the checkpoint is not signed by the log's key {name}")


def cosigners(note: str, vkeys: list[str]) -> list[str]:
    """Names of the witnesses (given by their verifier keys) whose signature on the note is valid."""
    text, sigs = split_note(note)
    good = []
    for vkey in vkeys:
        try:
            name, kid, public = parse_vkey(vkey)
        except VerifyError:
            continue
        if any(s[0] == name and s[1] == kid and ed25519_verify(public, text.encode("utf-8"), s[2]) for s in sigs):
            good.append(name)
    return good


def parse_checkpoint(text: str) -> tuple[str, int, bytes]:
    """(origin, size, root hash) from a checkpoint's signed text; VerifyError when it is not one.

    Lines after the first three (C2SP checkpoint extensions) are allowed and not read.
    """
    lines = text.split("\n")
    try:
        origin, size, root = lines[0], int(lines[1]), base64.b64decode(lines[2], validate=True)
    except (IndexError, ValueError):
        raise VerifyError("不是检查点（应为三行：来源、条目数、树根哈希）", "not a checkpoint (origin, size and root hash on three lines)") from None
    if len(root) != 32 or size < 0:
        raise VerifyError("不是检查点（条目数或树根哈希有误）", "not a checkpoint (bad size or root hash)")
    return origin, size, root


# --------------------------------------------------------------------------- period entries


def parse_period_entry(entry: bytes) -> dict:
    """A log entry: period, dates, close digest, per fund (root, sum, gifts, leaves),
    reversals and corrections (docs/verification.md, "The log's entries")."""
    lines = entry.decode("utf-8").split("\n")
    if lines[0] != PERIOD_ENTRY_HEADER:
        raise VerifyError(f"未知的日志条目类型：{lines[0][:60]!r}", f"unknown log entry kind: {lines[0][:60]!r}")
    out: dict = {"funds": {}, "reversals": [], "corrections": []}
    for line in lines[1:]:
        parts = line.split(" ")
        if parts[0] == "period":
            out["period"], out["start"], out["end"] = parts[1], parts[2], parts[3]
        elif parts[0] == "close":
            out["close"] = parts[1]
        elif parts[0] == "currency":
            out["currency"] = parts[1]
        elif parts[0] == "fund":
            out["funds"][_unquote(parts[1])] = {"root": parts[2], "sum": int(parts[3]), "gifts": int(parts[4]), "leaves": int(parts[5])}
        elif parts[0] == "reversal":
            out["reversals"].append({"fund": _unquote(parts[1]), "date": parts[2], "amount": int(parts[3])})
        elif parts[0] == "correction":
            out["corrections"].append({"date": parts[1], "fund": _unquote(parts[2]), "amount": int(parts[3]), "corrects": parts[4]})
    return out


def quote(text: str) -> str:
    """A fund id as one space-free token (percent-encoding of space, % and newline)."""
    return text.replace("%", "%25").replace(" ", "%20").replace("\n", "%0A")


def _unquote(text: str) -> str:
    return text.replace("%0A", "\n").replace("%20", " ").replace("%25", "%")


# --------------------------------------------------------------------------- reading a site


def read_open_file(fd: int, name: str) -> bytes:
    """The bytes of the open file `fd` (closed here), or VerifyError naming `name` when it is
    not a regular file (a folder, a named pipe, a device: never waited on) or cannot be read."""
    try:
        if not stat.S_ISREG(os.fstat(fd).st_mode):
            raise VerifyError(f"{name}：不是文件（是文件夹、命名管道或设备），无法核验", f"{name}: not a file (a folder, a named pipe or a device), so it cannot be checked")
        with os.fdopen(fd, "rb", closefd=False) as fh:
            return fh.read()
    except OSError as exc:
        raise VerifyError(f"{name}：无法读取（{exc.strerror or exc}）", f"{name}: cannot be read ({exc.strerror or exc})") from None
    finally:
        os.close(fd)


def read_local_text(path: str, not_text: tuple[str, str]) -> str:
    """A file on this machine named on the command line (a saved page or checkpoint), as
    UTF-8 text; VerifyError naming it when it cannot be opened, is not a file or not text
    (`not_text`: what to say then, Chinese and English)."""
    try:
        fd = os.open(path, os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
    except OSError as exc:
        raise VerifyError(f"{path}：无法读取（{exc.strerror or exc}）", f"{path}: cannot be read ({exc.strerror or exc})") from None
    try:
        return read_open_file(fd, path).decode("utf-8")
    except UnicodeDecodeError:
        raise VerifyError(f"{path}：{not_text[0]}", f"{path}: {not_text[1]}") from None


class Site:
    """A published site as a folder, read by the paths the site itself uses (always with "/").

    A missing file becomes a VerifyError that names it, so a failed check prints a message, not
    a traceback.
    """

    def __init__(self, folder: str):
        self.folder = folder
        if os.path.exists(folder) and not os.path.isdir(folder):
            raise VerifyError(f"{folder}：是文件，不是文件夹；请给出下载的网站所在的文件夹（保存的致谢页写在 --page 之后）",
                              f"{folder}: is a file, not a folder; give the folder of the downloaded site "
                              "(a saved acknowledgement page goes after --page)")
        if not os.path.isdir(folder):
            raise VerifyError(f"{folder}：没有这个文件夹（请给出下载的网站所在的文件夹）", f"{folder}: no such folder (give the folder of a downloaded site)")

    def path(self, rel: str) -> str:
        """The path on this machine of a site path such as `log/key`."""
        return os.path.join(self.folder, *rel.split("/"))

    def read(self, rel: str) -> bytes:
        """The bytes of a site file; VerifyError naming it when it is missing or cannot be read.

        Opened without blocking and checked on the open file: a named pipe or a device where
        a file should be (a download gone wrong, or a trap) is named, never waited on."""
        try:
            fd = os.open(self.path(rel), os.O_RDONLY | getattr(os, "O_NONBLOCK", 0))
        except OSError:
            raise VerifyError(f"{rel}：网站中没有这个文件", f"{rel}: missing from the site") from None
        return read_open_file(fd, rel)

    def text(self, rel: str) -> str:
        """A site file as UTF-8 text (checkpoints, keys, pages); VerifyError when it is not."""
        try:
            return self.read(rel).decode("utf-8")
        except UnicodeDecodeError:
            raise VerifyError(f"{rel}：不是 UTF-8 文本，不是网站公布的文件", f"{rel}: not UTF-8 text, so not the file the site publishes") from None

    def exists(self, rel: str) -> bool:
        """Whether the site has this file: for the optional ones (witnesses, proofs, earlier checkpoints)."""
        return os.path.isfile(self.path(rel))


class Log:
    """The log as the site serves it: checkpoint, key, entries read from the tiles."""

    def __init__(self, site: Site):
        self.site = site
        self.vkey = site.text("log/key").strip()
        self.note = site.text("log/checkpoint")
        text, _names = verify_note(self.note, self.vkey)
        self.origin, self.size, self.root = parse_checkpoint(text)
        if self.origin != parse_vkey(self.vkey)[0]:
            raise VerifyError(f"log/checkpoint：来源 {self.origin!r} 不是公钥的名称", f"log/checkpoint: origin {self.origin!r} is not the key's name")
        self.entries = self._entries()
        self.hashes = [leaf_hash(e) for e in self.entries]
        self._check_tiles()
        if tree_hash(self.hashes) != self.root:
            raise VerifyError(f"日志：{self.size} 条条目的哈希与检查点的树根不符（日志分块被改动）",
                              f"log: the {counted(self.size, 'entry', 'entries')} do not hash to the checkpoint's root (the tiles were changed)")

    def _read_tile(self, level: str | int, index: int, count: int) -> bytes:
        full = tile_path(level, index)
        if count == TILE_WIDTH and self.site.exists("log/" + full):
            return self.site.read("log/" + full)
        part = tile_path(level, index, count)
        if self.site.exists("log/" + part):
            return self.site.read("log/" + part)
        if self.site.exists("log/" + full):
            return self.site.read("log/" + full)
        raise VerifyError(f"log/{part}：网站中没有这个文件（日志共 {self.size} 条）", f"log/{part}: missing from the site (the log has {counted(self.size, 'entry', 'entries')})")

    def _entries(self) -> list[bytes]:
        out: list[bytes] = []
        for t in range(-(-self.size // TILE_WIDTH)):
            count = min(TILE_WIDTH, self.size - t * TILE_WIDTH)
            data = self._read_tile("entries", t, count)
            pos = 0
            for _ in range(count):
                if pos + 2 > len(data):
                    raise VerifyError(f"log/{tile_path('entries', t, count)}：条目少于检查点所记的条数", f"log/{tile_path('entries', t, count)}: fewer entries than the checkpoint counts")
                n = int.from_bytes(data[pos:pos + 2], "big")
                out.append(data[pos + 2:pos + 2 + n])
                pos += 2 + n
        return out

    def _check_tiles(self) -> None:
        for t in range(-(-self.size // TILE_WIDTH)):
            count = min(TILE_WIDTH, self.size - t * TILE_WIDTH)
            data = self._read_tile(0, t, count)
            want = b"".join(self.hashes[t * TILE_WIDTH:t * TILE_WIDTH + count])
            if data[:len(want)] != want:
                raise VerifyError(f"log/{tile_path(0, t, count)}：哈希与条目不符", f"log/{tile_path(0, t, count)}: the hashes do not match the entries")

    def prefix_root(self, size: int) -> bytes:
        """The root of the log's first `size` entries: what a checkpoint of that size carries if the log was only appended to."""
        return tree_hash(self.hashes[:size])


#: What reading a site file of another shape raises (JSON that is a list where a table was
#: published, a number where a text was, a key left out). A downloaded site is anyone's
#: files: such a file is a failed check named with its file, never a traceback (the
#: manifest `[]` stopped both `relief verify` and this script with a TypeError).
#: RecursionError too: a file of 200,000 nested brackets is JSON, and the reader gave up on
#: it with an internal error naming no file
NOT_AS_PUBLISHED = (ValueError, TypeError, AttributeError, KeyError, IndexError, RecursionError)


def check_manifest(site: Site, problems: list[tuple[str, str]]) -> int:
    """Every file data/manifest.json lists has its SHA-256, and so has every page under ack/; the number checked.

    What fails is added to `problems`. Acknowledgement pages are listed by hash only, never by
    name: their names are the gifts' secret addresses, which a public list would give away.
    """
    manifest = json.loads(site.text("data/manifest.json"))
    n = 0
    for item in manifest["files"]:
        try:
            got = hashlib.sha256(site.read(item["path"])).hexdigest()
        except VerifyError as exc:
            problems.append(labelled("文件清单：", "manifest: ", exc.said))
            continue
        n += 1
        if got != item["sha256"]:
            problems.append((f"文件清单：{item['path']} 被改动（其 SHA-256 不是 data/manifest.json 所列的值）",
                             f"manifest: {item['path']} changed (its SHA-256 is not the one data/manifest.json lists)"))
    listed = set(manifest["acknowledgements"]["sha256"])
    ack_dir = site.path("ack")
    found: set[str] = set()
    pages = 0
    if os.path.isdir(ack_dir):
        for name in sorted(os.listdir(ack_dir)):
            if name == "index.html" or not name.endswith(".html"):
                continue
            pages += 1
            try:
                page = site.read(f"ack/{name}")
            except VerifyError as exc:
                problems.append(labelled("文件清单：", "manifest: ", exc.said))
                continue
            digest = hashlib.sha256(page).hexdigest()
            found.add(digest)
            if digest not in listed:
                problems.append((f"文件清单：ack/{name} 不在致谢页的哈希之列", f"manifest: ack/{name} is not among the acknowledgement pages' hashes"))
            n += 1
    # Why: a gift's page deleted from the published folder (lost in an upload, removed by
    # hand) passed as "Everything verifies", one file fewer checked. The published folder
    # holds every page; a downloaded copy holds none (nothing links to them): not asked for.
    missing = len(listed - found)
    if pages and missing:
        problems.append((f"文件清单：data/manifest.json 列出的致谢页中有 {missing} 个不在 ack/ 中（发布的文件夹应包含全部致谢页）",
                         f"manifest: {counted(missing, 'acknowledgement page', 'acknowledgement pages')} listed in data/manifest.json "
                         f"{'is' if missing == 1 else 'are'} missing from ack/ (the published folder holds them all)"))
    return n


def donations_by_period(site: Site, entries: list[dict]) -> dict:
    """(period, fund) -> [gifts, sum of positive fen, list of negative fen] from data/donations.csv.

    A gift is a row, or the rows of one receipt: an entry that moved money from more than one
    kind of source (a correction worth 0.00 that moves ¥500 from individual to enterprise
    donations) is a row per source, -500.00 and 500.00, and one leaf of 0.00 in the tree.
    Every donation has its own receipt (the rule donation_receipt), so the rows of one
    receipt, date and fund are one gift; rows without a receipt are a gift each."""
    text = site.text("data/donations.csv").removeprefix("\ufeff")
    out: dict = {}
    try:
        rows = list(csv.DictReader(io.StringIO(text)))
    except csv.Error as exc:
        raise VerifyError(f"data/donations.csv：不是网站公布的 CSV 文件（{exc}）", f"data/donations.csv: not the CSV file the site publishes ({exc})") from None
    gifts: dict = {}  # (receipt or row number, date, fund) -> fen, in the order of the rows
    for n, row in enumerate(rows):
        try:
            amount = fen(row["amount"])
        except (InvalidOperation, VerifyError):
            raise VerifyError(f"data/donations.csv：收据 {row['receipt']}：金额 {row['amount']!r} 不是元数",
                              f"data/donations.csv: receipt {row['receipt']}: amount {row['amount']!r} is not a number of yuan") from None
        key = (row["receipt"] or n, row["date"], row["fund_id"])
        gifts[key] = gifts.get(key, 0) + amount
    for (_receipt, date, fund), amount in gifts.items():
        for e in entries:
            if e["start"] <= date <= e["end"]:
                got = out.setdefault((e["period"], fund), [0, 0, []])
                if amount < 0:
                    got[2].append(amount)
                else:
                    got[0] += 1
                    got[1] += amount
    return out


def counted(n: int, one: str, many: str) -> str:
    """`1 entry`, `2 entries` (ledger.errors.counted again: this file uses the standard library only)."""
    return f"{n} {one if n == 1 else many}"


def money(amount_fen: int) -> str:
    """An amount in fen as yuan, for messages: -123456 gives "-1,234.56"."""
    sign = "-" if amount_fen < 0 else ""
    return f"{sign}{abs(amount_fen) // 100:,}.{abs(amount_fen) % 100:02d}"


def check_periods(site: Site, log: Log, problems: list[tuple[str, str]]) -> list[dict]:
    """Each closed period's log entry against data/donations.csv; what differs is added to `problems`.

    Per period and fund, the count of gifts and their sum in fen must be the tree root's, the
    negative rows must be exactly the entry's reversals, and a gift dated in a closed period
    must not sit in a fund that no tree holds. Each problem says what it looks like (a gift
    left out or added, an amount changed, a gift moved to another fund). Returns the parsed
    entries, each with its index in the log.
    """
    entries = []
    for i, raw in enumerate(log.entries):
        e = parse_period_entry(raw)
        e["index"] = i
        entries.append(e)
    listed = donations_by_period(site, entries)
    for e in entries:
        for fund, f in e["funds"].items():
            gifts, total, negatives = listed.pop((e["period"], fund), [0, 0, []])
            if gifts != f["gifts"]:
                what, what_zh = ("left out", "被删去") if gifts < f["gifts"] else ("added", "被添加")
                problems.append((f"期间 {e['period']}，基金 {fund}：有捐赠{what_zh}：日志的树含 {f['gifts']} 笔捐赠，data/donations.csv 列出 {gifts} 笔",
                                 f"period {e['period']}, fund {fund}: a gift was {what}: the log's tree holds {counted(f['gifts'], 'gift', 'gifts')}, data/donations.csv lists {gifts}"))
            if total != f["sum"]:
                problems.append((f"期间 {e['period']}，基金 {fund}：金额被改动：日志树根合计 {money(f['sum'])}，data/donations.csv 合计 {money(total)}",
                                 f"period {e['period']}, fund {fund}: amount changed: the log's root sums {money(f['sum'])}, data/donations.csv adds up to {money(total)}"))
            logged = sorted(r["amount"] for r in e["reversals"] if r["fund"] == fund)
            if sorted(negatives) != logged:
                problems.append((f"期间 {e['period']}，基金 {fund}：data/donations.csv 中的冲回（{'、'.join(map(money, negatives)) or '无'}）不是日志所记的冲回（{'、'.join(map(money, logged)) or '无'}）",
                                 f"period {e['period']}, fund {fund}: the reversals in data/donations.csv ({', '.join(map(money, negatives)) or 'none'}) are not the ones the log records ({', '.join(map(money, logged)) or 'none'})"))
    for (period, fund), (gifts, total, _neg) in sorted(listed.items()):
        if gifts:
            problems.append((f"期间 {period}，基金 {fund}：被转到其他基金或被添加：data/donations.csv 列出 {gifts} 笔捐赠（{money(total)}），日志中没有任何树包含它们",
                             f"period {period}, fund {fund}: moved to another fund or added: data/donations.csv lists {counted(gifts, 'gift', 'gifts')} ({money(total)}) that no tree of the log holds"))
    return entries


def check_history(site: Site, log: Log, problems: list[tuple[str, str]]) -> int:
    """Earlier checkpoints (log/checkpoints/N) are signed prefixes; the proofs verify."""
    n = 0
    for size in range(1, log.size + 1):
        rel = f"log/checkpoints/{size}"
        if not site.exists(rel):
            problems.append((f"{rel}：缺失（以前的每个检查点都应保留）", f"{rel}: missing (every earlier checkpoint is kept)"))
            continue
        try:
            text, _ = verify_note(site.text(rel), log.vkey)
            _origin, got, root = parse_checkpoint(text)
        except VerifyError as exc:
            problems.append(labelled(f"{rel}：", f"{rel}: ", exc.said))
            continue
        if got != size or root != log.prefix_root(size):
            problems.append((f"{rel}：日志被改写：前 {size} 条条目的哈希与这个检查点的树根不再相符",
                             f"{rel}: log rewritten: the first {counted(size, 'entry', 'entries')} no longer hash to this checkpoint's root"))
        n += 1
    if site.exists("log/proofs.json"):
        try:
            _check_proofs(json.loads(site.text("log/proofs.json")), log, problems)
        except VerifyError as exc:
            problems.append(exc.said)
        except NOT_AS_PUBLISHED as exc:
            # damaged or not JSON of this shape: a problem named with its file, not a traceback
            problems.append((f"log/proofs.json：不是网站公布的证明（{type(exc).__name__}: {exc}）",
                             f"log/proofs.json: not the proofs the site publishes ({type(exc).__name__}: {exc})"))
    return n


def _check_proofs(proofs: dict, log: Log, problems: list[tuple[str, str]]) -> None:
    if proofs.get("size") != log.size:
        problems.append(("log/proofs.json：是为另一个检查点生成的", "log/proofs.json: made for another checkpoint"))
        return
    for i, path in enumerate(proofs.get("inclusion", [])):
        if not verify_inclusion(i, log.size, log.hashes[i], [bytes.fromhex(h) for h in path], log.root):
            problems.append((f"log/proofs.json：条目 {i} 的包含证明未通过核验", f"log/proofs.json: the inclusion proof of entry {i} does not verify"))
    for m, path in proofs.get("consistency", {}).items():
        m = int(m)
        if not verify_consistency(m, log.size, log.prefix_root(m), log.root, [bytes.fromhex(h) for h in path]):
            problems.append((f"log/proofs.json：自 {m} 条起的一致性证明未通过核验", f"log/proofs.json: the consistency proof from size {m} does not verify"))


YOUR_CHECKPOINT = ("您保存的检查点", "the checkpoint you saved")
PAGE_CHECKPOINT = ("致谢页上的检查点", "the checkpoint on the page")


def check_since(log: Log, saved_note: str, where: str, what: tuple[str, str] = YOUR_CHECKPOINT) -> tuple[str, str]:
    """That today's log extends a checkpoint saved earlier: a sentence saying so (Chinese,
    English), else VerifyError.

    Fewer entries than saved means the site serves an older log (rolled back); another root for
    the same size means a closed period was rewritten. `where` names the saved checkpoint in
    the messages; check_page uses this for the checkpoint an acknowledgement page carries too,
    with `what` saying so (a donor's first run, without --since, was told "the checkpoint you
    saved" about the page's own) in both languages; `where` is `what`'s English when there is
    no file to name.
    """
    zh_where = what[0] if where == what[1] else where
    try:
        text, _ = verify_note(saved_note, log.vkey)
        origin, size, root = parse_checkpoint(text)
    except VerifyError as exc:  # the file given is not a checkpoint: say which file
        raise VerifyError(f"{zh_where}：不是检查点（{exc.said[0]}）", f"{where}: not a checkpoint ({exc.en})") from None
    if origin != log.origin:
        raise VerifyError(f"{zh_where}：保存的检查点属于另一个日志（{origin}）", f"{where}: the saved checkpoint is of another log ({origin})")
    if size > log.size:
        raise VerifyError(f"网站提供的是较旧的检查点：网站的检查点只有 {log.size} 条，少于{what[0]}（{zh_where}）的 {size} 条；日志被回退",
                          f"older checkpoint served: the site's checkpoint has {counted(log.size, 'entry', 'entries')}, fewer than the {size} of {what[1]} ({where}); the log was rolled back")
    if log.prefix_root(size) != root:
        raise VerifyError(f"日志被改写：网站的前 {size} 条条目的哈希与{what[0]}（{zh_where}）的树根不再相符；有已结账的期间被改动",
                          f"log rewritten: the site's first {counted(size, 'entry', 'entries')} no longer hash to the root of {what[1]} ({where}); a closed period was changed")
    if where != what[1]:
        return (f"日志是在{what[0]}之后追加的（{where}：{size} → {log.size} 条）",
                f"the log extends {what[1]} ({where}: {size} → {counted(log.size, 'entry', 'entries')})")
    return (f"日志是在{what[0]}之后追加的（{size} → {log.size} 条）", f"the log extends {what[1]} ({size} → {counted(log.size, 'entry', 'entries')})")


_ACK_IN_ADDRESS = re.compile(r"(?:^|/)(ack/[^/?#]+\.html)(?:[?#].*)?$")  # the page in a full address (what a messenger adds cut off)


def read_page_proof(site: Site, page: str) -> dict:
    """The proof JSON an acknowledgement page carries in `<pre id="relief-proof">`; VerifyError when none.

    `page` is a path inside the site, the page's address (as the letter prints it: the part
    from ack/ on is the path) or, when the site has no such file, a saved copy of the page on
    this machine (a donor may check the page as they downloaded it).
    """
    rel = page
    if os.path.exists(page) and not site.exists(page):
        body = read_local_text(page, ("不是保存的网页（不是 UTF-8 文本）；请给出浏览器保存的网页",
                                      "not a saved page (not UTF-8 text); give the page as the browser saved it"))
    else:
        rel = rel.lstrip("/")
        m = _ACK_IN_ADDRESS.search(page)
        if not site.exists(rel) and m:  # the address printed on the letter, or as a browser shows it
            rel = m.group(1)
            if not site.exists(rel) and not os.path.isdir(site.path("ack")):
                raise VerifyError(f"{page}：{site.folder} 中没有致谢页，下载的网站都没有（网站上没有任何链接指向致谢页）：请在浏览器中打开该地址，把网页另存（仅 HTML），再用 --page 给出保存的文件",
                                  f"{page}: {site.folder} has no acknowledgement pages, as a downloaded copy has none (nothing on the site links to them): open the address in a browser, save the page (HTML only) and give the saved file with --page")
        elif not site.exists(rel) and not rel.startswith("ack/"):
            raise VerifyError(f"{page}：本机没有这个文件，网站中也没有这个网页：请给出浏览器保存的网页的路径，或致谢函上的网页地址",
                              f"{page}: no such file on this computer, and no such page in the site: give the path of the page your browser saved, or the page's address from your letter")
        body = site.text(rel)
    m = PROOF_RE.search(body)
    if not m:
        raise VerifyError(f"{page}：网页上没有证明（这笔捐赠所在的期间结账了吗？）", f"{page}: the page carries no proof (is the gift's period closed yet?)")
    try:
        return json.loads(html.unescape(m.group(1)))
    except (ValueError, RecursionError):
        raise VerifyError(f"{page}：网页上的证明不是可读的 JSON", f"{page}: the proof on the page is not readable JSON") from None


def check_page(site: Site, log: Log, page: str, code: str | None) -> list[tuple[str, str]]:
    """The donor's own gift: leaf -> sum-tree root -> log entry -> checkpoint -> today's log."""
    p = read_page_proof(site, page)
    said = []
    leaf = sum_leaf_hash(bytes.fromhex(p["salt"]), p["receipt"], int(p["amount_fen"]), p["fund"], p["date"])
    wanted = None if code is None else typed_codes(code)
    if code is not None and wanted is None:
        raise not_a_code(code)
    if wanted is not None and p["code"] not in wanted:
        funds = {f for raw in log.entries for f in parse_period_entry(raw)["funds"]}
        for fund in sorted(funds - {p["fund"]}):
            made = verification_code(sum_leaf_hash(bytes.fromhex(p["salt"]), p["receipt"], int(p["amount_fen"]), fund, p["date"]))
            if made in wanted:
                raise VerifyError(f"被转到其他基金：致谢函上的核验码（{made}）是为基金 {fund} 生成的，但网站现在把收据 {p['receipt']} 记在基金 {p['fund']}",
                                  f"moved to another fund: the code on your letter ({made}) was made for fund {fund}, but the site now records receipt {p['receipt']} in fund {p['fund']}")
        shown = wanted[0] if len(wanted) == 1 else code.strip()
        raise VerifyError(f"核验码不符：致谢函上的核验码（{shown}）不是本页的核验码（{p['code']}）：本页是 {p['date']} 的收据 {p['receipt']}；如果您的致谢函上是另一个收据编号或日期，这是另一笔捐赠的网页，请给出您的网页；如果不是，这笔捐赠的金额、基金、日期或收据编号已不是生成致谢函时的样子",
                          f"code mismatch: the code on your letter ({shown}) is not this page's code ({p['code']}): this page is receipt {p['receipt']} of {p['date']}; if your letter has another receipt number or date, this is another gift's page: give yours; if not, the gift's amount, fund, date or receipt is not what your letter was made from")
    if leaf.hex() != p["leaf"] or verification_code(leaf) != p["code"]:
        raise VerifyError(f"{page}：金额、基金、日期或收据编号被改动：网页上的叶子不是由它显示的值算出的（收据 {p['receipt']}，{money(int(p['amount_fen']))}，基金 {p['fund']}，{p['date']}）",
                          f"{page}: amount, fund, date or receipt changed: the page's leaf does not hash from the values it shows (receipt {p['receipt']}, {money(int(p['amount_fen']))}, fund {p['fund']}, {p['date']})")
    if "period" not in p:
        return [(f"收据 {p['receipt']}：核验码相符；它所在的期间尚未结账，还没有证明可核验",
                 f"receipt {p['receipt']}: the code matches; its period is not closed yet, so there is no proof to check")]
    root, total = sum_root_from_path((leaf, int(p["amount_fen"])), int(p["index"]), [(bytes.fromhex(h), int(s)) for h, s in p["path"]])
    i = int(p["log_index"])
    if i >= log.size:
        raise VerifyError(f"{page}：证明指向日志条目 {i}，但日志只有 {log.size} 条（网站提供的是较旧的日志）",
                          f"{page}: the proof names log entry {i}, but the log has {counted(log.size, 'entry', 'entries')} (an older log is served)")
    entry = parse_period_entry(log.entries[i])
    if entry["period"] != p["period"]:
        raise VerifyError(f"{page}：日志条目 {i} 是期间 {entry['period']}，不是 {p['period']}", f"{page}: log entry {i} is period {entry['period']}, not {p['period']}")
    if not entry["start"] <= p["date"] <= entry["end"]:
        raise VerifyError(f"{page}：捐赠日期 {p['date']} 不在期间 {entry['period']} 内", f"{page}: the gift's date {p['date']} is outside period {entry['period']}")
    funds = entry["funds"]
    logged = funds.get(p["fund"])
    if logged is None or logged["root"] != root.hex():
        other = next((f for f, v in funds.items() if v["root"] == root.hex()), None)
        if other is not None:
            raise VerifyError(f"被转到其他基金：这笔捐赠的叶子写的是基金 {p['fund']}，但它的证明指向期间 {entry['period']} 基金 {other} 的树根",
                              f"moved to another fund: the gift's leaf names fund {p['fund']}, but its proof leads to fund {other}'s root in period {entry['period']}")
        if logged is not None and logged["sum"] != total:
            raise VerifyError(f"金额被改动：加上这笔捐赠的 {money(int(p['amount_fen']))}，证明得出期间 {entry['period']} 基金 {p['fund']} 合计 {money(total)}，但日志的树根合计 {money(logged['sum'])}",
                              f"amount changed: with this gift's {money(int(p['amount_fen']))} the proof adds up to {money(total)} for fund {p['fund']} in period {entry['period']}, but the log's root sums {money(logged['sum'])}")
        raise VerifyError(f"被删去：日志所记期间 {entry['period']} 基金 {p['fund']} 的树中没有收据 {p['receipt']}（证明指向另一个树根）",
                          f"left out: receipt {p['receipt']} is not in fund {p['fund']}'s tree for period {entry['period']} as the log records it (the proof leads to another root)")
    if logged["sum"] != total:
        raise VerifyError(f"金额被改动：证明合计 {money(total)}，日志的树根合计 {money(logged['sum'])}",
                          f"amount changed: the proof adds up to {money(total)}, the log's root sums {money(logged['sum'])}")
    said.append((f"收据 {p['receipt']}（{money(int(p['amount_fen']))}，基金 {p['fund']}，{p['date']}）在期间 {entry['period']} 的树中，该树根合计 {money(total)}",
                 f"receipt {p['receipt']} ({money(int(p['amount_fen']))}, fund {p['fund']}, {p['date']}) is in the tree of period {entry['period']} whose root sums {money(total)}"))
    text, _ = verify_note(p["checkpoint"], log.vkey)
    _origin, size, croot = parse_checkpoint(text)
    if not verify_inclusion(i, size, log.hashes[i], [bytes.fromhex(h) for h in p["inclusion"]], croot):
        raise VerifyError(f"{page}：期间 {entry['period']} 的日志条目不在网页所附的检查点中",
                          f"{page}: period {entry['period']}'s log entry is not included in the checkpoint the page carries")
    said.append(check_since(log, p["checkpoint"], PAGE_CHECKPOINT[1], PAGE_CHECKPOINT))
    return said


def find_page(site: Site, code: str) -> tuple[str, tuple[str, str]]:
    """(the acknowledgement page in the site's folder that shows `code`, what was found), for
    a donor who has the letter's code but not the page; VerifyError when no page shows it."""
    wanted = typed_codes(code)
    if wanted is None:
        raise not_a_code(code)
    shown = wanted[0] if len(wanted) == 1 else code.strip()
    try:
        names = sorted(e.name for e in os.scandir(site.path("ack")) if e.name.endswith(".html") and e.is_file())
    except OSError:
        names = []
    for name in names:
        rel = "ack/" + name
        try:
            text = site.text(rel)
            if not any(c in text for c in wanted):  # most pages: no JSON to read
                continue
            m = PROOF_RE.search(text)
            found = m is not None and json.loads(html.unescape(m.group(1))).get("code") in wanted
        except (VerifyError, ValueError, AttributeError):
            continue
        if found:
            return rel, (f"按核验码找到 {rel}", f"found {rel} by its code")
    if not names:
        raise VerifyError(f"{site.folder} 中没有致谢页（ack/），下载的网站都没有（网站上没有任何链接指向致谢页）：请用 --page 给出您从浏览器保存的网页，并加上 --code",
                          f"{site.folder} has no acknowledgement pages (ack/), as a downloaded copy has none (nothing on the site links to them): give the page you saved from the browser with --page, with --code")
    raise VerifyError(f"{site.folder} 中没有显示核验码 {shown} 的致谢页：请对照致谢函核对核验码；如果核验码无误，说明您这笔捐赠的网页缺失，或已不再按致谢函所述显示您的捐赠（用 --page 给出您保存的网页来核验它）",
                      f"no acknowledgement page in {site.folder} shows the code {shown}: check the code against your letter; if it is right, the page of your gift is missing or no longer shows your gift as your letter states it (give the page you saved with --page to check it)")


def verify_site(folder: str, page: str | None = None, code: str | None = None,
                since: str | None = None) -> tuple[list[tuple[str, str]], list[tuple[str, str]]]:
    """(what was checked, problems), each a (Chinese, English) pair for line().

    Raises VerifyError only when the site cannot be read at all."""
    site = Site(folder)
    done: list[tuple[str, str]] = []
    problems: list[tuple[str, str]] = []
    try:
        n = check_manifest(site, problems)
        done.append((f"文件清单：已核对 {n} 个文件", f"manifest: {counted(n, 'file', 'files')} checked"))
    except VerifyError as exc:
        problems.append(labelled("文件清单：", "manifest: ", exc.said))
    except NOT_AS_PUBLISHED as exc:
        problems.append((f"文件清单：data/manifest.json：不是网站公布的文件清单（{type(exc).__name__}: {exc}）",
                         f"manifest: data/manifest.json: not the manifest the site publishes ({type(exc).__name__}: {exc})"))
    try:
        log = Log(site)
    except VerifyError as exc:
        problems.append(labelled("日志：", "log: ", exc.said))
        return done, problems
    done.append((f"日志：检查点有 {log.origin} 的签名，{log.size} 条条目的哈希与其树根相符",
                 f"log: checkpoint signed by {log.origin}, {counted(log.size, 'entry hashes', 'entries hash')} to its root"))
    n = check_history(site, log, problems)
    done.append((f"日志：以前的 {n} 个检查点都是今天日志的前缀",
                 f"log: {counted(n, 'earlier checkpoint is a prefix', 'earlier checkpoints are prefixes')} of today's log"))
    try:
        entries = check_periods(site, log, problems)
        roots = counted(len(entries), "closed period's root matches", "closed periods' roots match")
        done.append((f"期间：{len(entries)} 个已结账期间的树根与 data/donations.csv 相符", f"periods: {roots} data/donations.csv"))
    except VerifyError as exc:
        problems.append(labelled("期间：", "periods: ", exc.said))
    except NOT_AS_PUBLISHED as exc:
        problems.append((f"期间：data/donations.csv 或日志条目不是网站公布的样子（{type(exc).__name__}: {exc}）",
                         f"periods: data/donations.csv or the log's entries are not as the site publishes them ({type(exc).__name__}: {exc})"))
    if site.exists("log/witnesses"):
        vkeys = [line for line in site.text("log/witnesses").splitlines() if line.strip() and not line.startswith("#")]
        names = cosigners(log.note, vkeys)
        done.append((f"见证人：{'、'.join(names) + ' 共同签署了今天的检查点' if names else '尚无见证人共同签署今天的检查点'}",
                     f"witnesses: {', '.join(names) if names else 'none'} co-signed today's checkpoint"))
    if since is not None:
        try:
            saved = read_local_text(since, ("不是检查点（不是文本）；请给出 --save-checkpoint 写下的文件",
                                            "not a checkpoint (not text); give the file --save-checkpoint wrote"))
        except VerifyError as exc:
            if not os.path.lexists(since):  # not saved yet: say how the first one is saved
                exc = VerifyError(f"{exc.said[0]}；第一次核验时，请用 --save-checkpoint FILE（不加 --since）保存一个",
                                  f"{exc.en}; the first time, save one with --save-checkpoint FILE (without --since)")
            problems.append(exc.said)
        else:
            try:
                done.append(check_since(log, saved, since))
            except VerifyError as exc:
                problems.append(exc.said)
    if page is None and code is not None:
        try:
            page, found = find_page(site, code)
            done.append(found)
        except VerifyError as exc:
            problems.append(exc.said)
    if page is not None:
        try:
            done.extend(check_page(site, log, page, code))
        except VerifyError as exc:
            problems.append(exc.said)
        except NOT_AS_PUBLISHED as exc:
            problems.append((f"{page}：网页上的证明不是网站公布的样子（{type(exc).__name__}: {exc}）",
                             f"{page}: the proof on the page is not as the site publishes it ({type(exc).__name__}: {exc})"))
    return done, problems


EVERYTHING_VERIFIES = bilingual("全部核验通过", "Everything verifies.")


def saved_line(path: str) -> str:
    """What is printed once today's checkpoint is saved, and how to use it next time."""
    return bilingual(f"已把今天的检查点保存到 {path}；下次核验时用 --since 给出它",
                     f"saved today's checkpoint to {path}; give it with --since next time")


def save_checkpoint(path: str, text: str) -> None:
    """Write the checkpoint to `path` in one step (a file beside it, then renamed over it).

    Why: the file saved last time is the reader's own evidence of what the log said then
    (--since); a save cut short must leave it as it was, not half overwritten."""
    folder = os.path.dirname(os.path.abspath(path))
    fd, temp = tempfile.mkstemp(prefix=".checkpoint-", dir=folder)
    try:
        with os.fdopen(fd, "w", encoding="utf-8") as fh:
            fh.write(text)
            fh.flush()
            os.fsync(fh.fileno())
        os.chmod(temp, 0o644)
        os.replace(temp, path)
    except BaseException:
        try:
            os.unlink(temp)
        except OSError:
            pass
        raise


def main(argv: list[str] | None = None) -> int:
    """The relief_verify command: run the checks, print each result, exit 0 when all pass and 1 otherwise.

    `--save-checkpoint` writes today's checkpoint only after everything passed, so a saved one
    is always a sound base for a later `--since`.
    """
    ap = argparse.ArgumentParser(prog="relief_verify", description="Check a relief-ledger transparency site without the books.")
    ap.add_argument("site", help="folder of the site (a downloaded copy)")
    ap.add_argument("--page", help="your acknowledgement page (path inside the site, or a saved copy)")
    ap.add_argument("--code", help="the verification code printed on your letter (alone: finds your page in the site's folder)")
    ap.add_argument("--since", help="a checkpoint you saved earlier (file)")
    ap.add_argument("--save-checkpoint", help="after the checks pass, save today's checkpoint to this file")
    args = ap.parse_args(argv)
    try:
        done, problems = verify_site(args.site, args.page, args.code, args.since)
    except VerifyError as exc:
        print(verdict(False, exc.said))
        return 1
    for said in done:
        print(verdict(True, said))
    for said in problems:
        print(verdict(False, said))
    if problems:
        print(bilingual(f"{len(problems)} 个问题：本网站未通过核验", f"{len(problems)} problem(s): this site does not verify."))
        return 1
    if args.save_checkpoint:
        try:
            save_checkpoint(args.save_checkpoint, Site(args.site).text("log/checkpoint"))
        except OSError as exc:
            print(verdict(False, (f"{args.save_checkpoint}：无法保存检查点（{exc.strerror or exc}）；请换一个文件",
                               f"{args.save_checkpoint}: cannot save the checkpoint ({exc.strerror or exc}); choose another file")))
            return 1
        print(saved_line(args.save_checkpoint))
    print(EVERYTHING_VERIFIES)
    return 0


if __name__ == "__main__":
    sys.exit(main())
