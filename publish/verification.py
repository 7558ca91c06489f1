"""The verifiable part of the site (docs/verification.md): sum trees, log, checkpoint, proofs.

`prepare(books, model, secret, log_key)` computes, from the books' closes and the public
model's gifts, one Merkle sum tree per closed period and fund (ledger/transparency/sumtree.py),
the log of period entries with its tiles, proofs and signed checkpoints
(ledger/transparency/tlog.py), and each gift's proof for its acknowledgement page.
`Transparency.generator` writes them into the site (under log/ and verify/); templates read
them through the `verification` global (set by publish/site.py).

The log's signing key is kept OUTSIDE the books, like the site secret (publish/ack.py), and
found the same way: `--log-key-file FILE`, else $RELIEF_LOG_KEY (base64 of a 32-byte
Ed25519 seed), else `~/.config/relief-ledger/log-key`, which publish creates on first use
(mode 0600) and says so. Back it up: a new key makes a new log that nobody's saved
checkpoint extends.

Witnesses' co-signatures (`relief witness`) are public and live beside the books in
`witnesses/`: `NAME.vkey` (the witness's verifier key) and `*.cosig` (a checkpoint it signed).
"""

from __future__ import annotations

import base64
import datetime
import hashlib
import hmac
import html
import json
import os
import re
import secrets
import unicodedata
from collections import defaultdict
from dataclasses import dataclass, field
from decimal import Decimal
from importlib import resources
from pathlib import Path

from markupsafe import Markup

from ledger.books import Books
from ledger.closes.records import Close, in_order_made, parse_closes
from ledger.errors import ReliefError, bilingual, counted
from ledger.files import atomic_write_text
from ledger.said import Said, said
from ledger.transparency import tlog
from ledger.transparency.sumtree import Gift, SumTree, build_tree, leaf_of
from ledger.transparency.verifier import (
    MAX_SUM,
    NOT_AS_PUBLISHED,
    PERIOD_ENTRY_HEADER,
    Log,
    Site,
    VerifyError,
    cosigners,
    leaf_hash,
    parse_period_entry,
    parse_vkey,
    quote,
    split_note,
    tree_hash,
    verification_code,
)
from ledger.user_dirs import user_folder
from publish.ack import SecretError, load_key
from publish.closing import correction_changes
from publish.labels import Label, month_label
from publish.model import Donation, PublicModel

LOG_KEY_ENV = "RELIEF_LOG_KEY"
WITNESS_FOLDER = "witnesses"
SCRIPT_PATH = "verify/relief_verify.py"


def default_log_key_path() -> Path | None:
    """Where the log key is kept when no file is named: outside the books, in the user's
    config folder (None when there is no home folder to find: ledger/user_dirs.py)."""
    base = user_folder("XDG_CONFIG_HOME", ".config")
    return base / "relief-ledger" / "log-key" if base is not None else None


def _key_from_text(text: bytes, where: str):
    from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey

    try:
        # a key file saved in Windows Notepad starts with a byte-order mark: no part of the
        # base64, so the key read without it is the one saved (refused, the key was said not to be one)
        seed = base64.b64decode(text.strip().removeprefix(b"\xef\xbb\xbf").strip(), validate=True)
    except ValueError:
        seed = b""
    if len(seed) != 32:
        raise SecretError(bilingual(f"{where}：日志密钥必须是 32 个随机字节的 base64，例如 `head -c 32 /dev/urandom | base64 > FILE`",
                                    f"{where}: the log key must be base64 of 32 random bytes, e.g. `head -c 32 /dev/urandom | base64 > FILE`"))
    return Ed25519PrivateKey.from_private_bytes(seed)


def load_log_key(key_file: str | os.PathLike[str] | None = None, *, books_root: Path | None = None, create: bool = True):
    """(Ed25519 private key, sentence saying where it came from); found as ack.load_secret finds the site secret."""
    return load_key(key_file, what="log key", file_words="log key file", option="--log-key-file", env_var=LOG_KEY_ENV,
                    default_path=default_log_key_path(), parse=_key_from_text,
                    new_value=lambda: base64.b64encode(secrets.token_bytes(32)),
                    why="the log's checkpoints are signed with it", books_root=books_root, create=create,
                    what_zh="日志密钥", why_zh="日志的检查点用它签名")


class NotWholeFen(ReliefError, ValueError):
    """An amount with a fraction of a fen reached the sum trees (rule donation_amount names
    it in the books; this is what a publish with --allow-errors meets)."""


def fen(amount: Decimal) -> int:
    """An amount in fen (hundredths of a yuan), as a sum tree counts it; refuses a fraction of a fen."""
    value = amount * 100
    if value != value.to_integral_value():
        raise NotWholeFen(said(f"{amount}：不是整数分的金额不能进入合计树", f"{amount}: an amount that is not a whole number of fen cannot enter a sum tree"))
    return int(value)


def gift_of(d: Donation, n: int = 0) -> Gift:
    """A donation as a leaf of its fund's sum tree; a gift without a receipt is keyed by its date and `n`."""
    key = d.receipt or f"(no receipt) {d.date.isoformat()} #{n}"
    try:
        amount = fen(d.amount)
    except NotWholeFen:
        raise NotWholeFen(said(
            f"{d.date.isoformat()} 的捐赠 {d.receipt or '（无收据编号）'} 为 {d.amount} {d.currency}，不是整数分，因此无法公布供核验："
            "请写成两位小数（`relief check` 会指出文件和行号）",
            f"donation {d.receipt or 'without a receipt'} of {d.date.isoformat()} is {d.amount} {d.currency}, not a whole "
            "number of fen, so its gift cannot be published for checking: write it with two decimals "
            "(`relief check` shows the file and line)"
        )) from None
    if amount > MAX_SUM:
        raise BeyondTheLog(said(
            f"{d.date.isoformat()} 的捐赠 {d.receipt or '（无收据编号）'} 为 {d.amount:,} {d.currency}，超过了透明日志能计的数"
            f"（合计最多 {Decimal(MAX_SUM) / 100:,}），因此网站无法发布：金额是否输错了？请在账簿中改正",
            f"donation {d.receipt or 'without a receipt'} of {d.date.isoformat()} is {d.amount:,} {d.currency}, more than "
            f"the transparency log can count (at most {Decimal(MAX_SUM) / 100:,} in all), so the site cannot be published: "
            "is the amount typed wrong? Correct it in the books"
        ))
    return Gift(key, d.receipt or "", amount, d.fund.id, d.date.isoformat())


class BeyondTheLog(ReliefError, ValueError):
    """Gifts larger than a sum tree counts (its sums are 63-bit numbers of fen): an amount
    typed with twenty digits stopped publish with an internal error (VerifyError) from the
    leaf hash; the message names the gift, or the fund and period whose total is too large."""


def _check_sums(period: str, gifts: dict[str, list[Gift]]) -> None:
    """Refuse a period whose gifts to one fund add up to more than a sum tree counts (BeyondTheLog)."""
    for fid, fund_gifts in gifts.items():
        if sum(g.amount_fen for g in fund_gifts) > MAX_SUM:
            raise BeyondTheLog(said(
                f"{period} 基金 {fid} 收到的捐赠合计超过了透明日志能计的数（合计最多 {Decimal(MAX_SUM) / 100:,}），"
                "因此网站无法发布：是否有金额输错了？请在账簿中改正",
                f"the gifts to fund {fid} in {period} add up to more than the transparency log can count (at most "
                f"{Decimal(MAX_SUM) / 100:,} in all), so the site cannot be published: is an amount typed wrong? "
                "Correct it in the books"
            ))


class VerificationCacheError(ReliefError, ValueError):
    """The verification cache beside the site does not match the books (edited or damaged)."""


#: what a Merkle sum tree is, in words a donor reads on their gift's page (no jargon without a gloss)
TREE_GLOSS_ZH = "把该期每笔捐赠的金额逐层相加、汇成一个合计的结构：任何一笔被改动或删去，合计和校验值都会对不上"
TREE_GLOSS_EN = ("a structure that adds up the period's gifts, level by level, into one total: "
                 "if any gift were changed or removed, the total and its check values would no longer match")


@dataclass(frozen=True)
class FundRoot:
    """One fund's sum tree in a closed period: its root, the total and number of gifts it sums, and its leaves."""

    fund: str
    name: Label
    root: str
    total: Decimal
    gifts: int
    leaves: int


@dataclass(frozen=True)
class LoggedCorrection:
    """A correction of a closed period, as the log records it: date, fund, amount and the period it corrects."""

    date: datetime.date
    fund: str
    amount: Decimal
    corrects: str
    #: each fund's own change, when the correction moves money between funds: the log's one
    #: line (under its first fund, the sides summed: 0.00 for a transfer) says no fund's effect,
    #: so the page gives them beside it; not part of the log's text
    moves: tuple[tuple[str, Decimal], ...] = ()

    @property
    def month(self) -> Label:
        """The corrected month as the site names it (the log keeps YYYY-MM)."""
        return month_label(int(self.corrects[:4]), int(self.corrects[5:7]))


@dataclass(frozen=True)
class PeriodLog:
    """One closed period as the log records it (entry `index`)."""

    period: str
    start: datetime.date
    end: datetime.date
    digest: str
    index: int
    funds: tuple[FundRoot, ...]
    reversals: tuple[tuple[str, datetime.date, Decimal], ...]
    corrections: tuple[LoggedCorrection, ...]  # corrections recorded in this period


@dataclass
class Transparency:
    """The verifiable part of one publish: the log's entries and checkpoints, the closed periods' roots, and the sources of every acknowledgement page's proof."""

    origin: str
    vkey: str
    entries: list[bytes]
    periods: list[PeriodLog]
    checkpoints: list[str]  # signed notes, index i: size i + 1
    #: receipt -> (Gift, its period's _Trees, PeriodLog, FundRoot) for a gift of a closed period,
    #: (Gift,) for one of an open period; the tree and proof are made when a page needs them,
    #: so a page taken from the previous site costs nothing
    sources: dict[str, tuple]
    witnesses: list[tuple[str, str]] = field(default_factory=list)  # (name, vkey)
    witnessed: dict[int, list[str]] = field(default_factory=dict)  # checkpoint size -> witness names
    empty: str = ""  # the signed checkpoint of the empty log (size 0)
    secret: bytes = field(default=b"", repr=False)
    hashes: list[bytes] = field(default_factory=list, repr=False)  # the log's leaf hashes
    #: a sentence for each file of the books' witnesses/ folder that added nothing (damaged, another log's)
    witness_notes: list[str] = field(default_factory=list)
    #: fund id -> its name: the log keeps ids, the pages name the funds
    fund_names: dict[str, Label] = field(default_factory=dict)
    _period_json: dict[int, tuple[str, str, str]] = field(default_factory=dict, repr=False)
    _heads: dict[tuple, str] = field(default_factory=dict, repr=False)

    def _head(self, tree: SumTree, pl: PeriodLog, currency: str) -> str:
        """The sentence every page of one tree shares."""
        e = html.escape
        total = e(_money(self.yuan(tree.total), currency))
        period, fund, entry = e(pl.period), e(tree.fund), pl.index + 1
        return (f'<p>这笔捐赠是 {period} 期 {fund} 基金默克尔求和树（{TREE_GLOSS_ZH}）中的一片叶子；该树的根合计 {total}，等于本期该基金公布的捐赠合计，'
                f'并已写入只增不改的公开日志（第 {entry} 条）。\n<span lang="en">This gift is a leaf of the Merkle sum tree ({TREE_GLOSS_EN}) of fund {fund} '
                f'for period {period}; the tree\'s root sums {total}, the fund\'s published total of gifts for the period, and is recorded '
                f'in the append-only public log (entry {entry}).</span></p>\n')

    def _resolve(self, receipt: str | None):
        """(gift, salt, leaf) for an open period's gift; (LeafProof, SumTree, PeriodLog, inclusion) for a closed one."""
        source = self.sources.get(receipt or "")
        if source is None:
            return None
        if len(source) == 1:
            g = source[0]
            return (g, *leaf_of(g, self.secret))
        g, trees, pl, fr = source
        tree = trees.tree(g.fund)
        if tree.root.hex() != fr.root:
            raise VerificationCacheError(said(
                f"{pl.period} 基金 {g.fund} 的树不是核验缓存所记的那一棵；请删除网站旁边的 .NAME.verification-cache 文件，再发布",
                f"the tree of fund {g.fund} for {pl.period} is not the one the verification cache remembers; "
                "delete the .NAME.verification-cache file beside the site and publish again"))
        shared = self._period_json.get(pl.index)
        if shared is None:
            inclusion = [h.hex() for h in tlog.inclusion_proof(pl.index, self.hashes[:pl.index + 1])]
            shared = self._period_json[pl.index] = (_json_str(self.checkpoints[pl.index]), json.dumps(inclusion), _json_str(pl.period))
        return tree.proofs[g.key], tree, pl, shared

    @property
    def size(self) -> int:
        """How many entries the log holds."""
        return len(self.entries)

    @property
    def checkpoint(self) -> str | None:
        """The latest signed checkpoint (of the empty log when nothing is logged yet)."""
        return self.checkpoints[-1] if self.checkpoints else self.empty

    def period(self, key: str) -> PeriodLog | None:
        """The logged period closed as `key` (a month, quarter or year), if any."""
        return next((p for p in self.periods if p.period == key), None)

    def logged(self, start: datetime.date, end: datetime.date) -> list[PeriodLog]:
        """The logged periods that a report of [start, end) shows: the ones inside it, or the
        one that covers it (a month of a closed quarter)."""
        last = end - datetime.timedelta(days=1)
        inside = [p for p in self.periods if start <= p.start and p.end <= last]
        return inside or [p for p in self.periods if p.start <= start and last <= p.end][:1]

    def fund_name(self, fund: str) -> Label:
        """A fund of the log as the pages name it (its id when the model has no such fund)."""
        return self.fund_names.get(fund) or Label(fund, fund)

    def corrections_of(self, start: datetime.date, end: datetime.date) -> list[tuple[int, LoggedCorrection]]:
        """Corrections in the log whose corrected month lies in [start, end)."""
        out = []
        for p in self.periods:
            for c in p.corrections:
                y, m = int(c.corrects[:4]), int(c.corrects[5:7])
                if start <= datetime.date(y, m, 1) < end:
                    out.append((p.index, c))
        return out

    @staticmethod
    def yuan(amount_fen: int) -> Decimal:
        """An amount in fen back in yuan."""
        return Decimal(amount_fen) / 100

    def proof_data(self, receipt: str | None) -> dict | None:
        """The gift's proof (docs/verification.md), or None (no receipt, negative, no secret)."""
        text = self.proof(receipt)
        return json.loads(text) if text else None

    def proof(self, receipt: str | None) -> str:
        """The proof as the page prints it (JSON, keys sorted; relief_verify reads it from the page)."""
        source = self._resolve(receipt)
        return self._proof_json(source, None) if source is not None else ""

    def _proof_json(self, source: tuple, code: str | None) -> str:
        q = _json_str
        if len(source) == 3:
            g, salt, leaf = source
            return (f'{{"amount_fen":{g.amount_fen},"code":"{code or verification_code(leaf)}","date":"{g.date}","fund":{q(g.fund)},'
                    f'"leaf":"{leaf.hex()}","receipt":{q(g.receipt)},"salt":"{salt.hex()}","v":1}}')
        lp, tree, pl, (checkpoint, incl, period) = source
        g = lp.gift
        path = ",".join([f'["{h.hex()}",{s}]' for h, s in lp.path])
        return (f'{{"amount_fen":{g.amount_fen},"checkpoint":{checkpoint},"code":"{code or lp.code}","date":"{g.date}","fund":{q(g.fund)},'
                f'"inclusion":{incl},"index":{lp.index},"leaf":"{lp.leaf.hex()}","leaves":{tree.leaves},"log_index":{pl.index},'
                f'"path":[{path}],"period":{period},"receipt":{q(g.receipt)},"root":"{tree.root.hex()}","salt":"{lp.salt.hex()}",'
                f'"sum":{tree.total},"v":1}}')

    def build_trees(self, receipts) -> int:
        """Build now the trees the proofs of these gifts need (those of closed periods not
        built yet); returns how many were built. Called before acknowledgement pages are
        shared out among forked workers: a tree built lazily in a worker would be built in
        each worker that renders a page of it, and forgotten with the worker."""
        built = 0
        for receipt in receipts:
            source = self.sources.get(receipt or "")
            if source is not None and len(source) == 4:
                gift, trees = source[0], source[1]
                if gift.fund not in trees.built:
                    trees.tree(gift.fund)
                    built += 1
        return built

    def ack_section(self, receipt: str | None, currency: str) -> Markup:
        """The proof's section of an acknowledgement page (both languages), made here rather
        than in a template: it is on every one of tens of thousands of pages, and a template
        include cost as much again as the rest of the page. Empty when the gift has no proof."""
        source = self._resolve(receipt)
        if source is None:
            return Markup("")
        e = html.escape
        closed = len(source) == 4
        code = verification_code(source[0].leaf if closed else source[2])
        parts = [
            '<section class="proof">\n<h2>核验 <span lang="en">Verify this gift</span></h2>\n',
            f'<p>核验码 <span lang="en">Verification code</span>: <strong class="code">{code}</strong>'
            ' <span class="note">（与致谢函上的核验码相同 <span lang="en">the same code as on your letter</span>）</span></p>\n',
        ]
        if closed:
            lp, tree, pl, _shared = source
            head = self._heads.get((pl.index, tree.fund, currency))
            if head is None:
                head = self._heads[(pl.index, tree.fund, currency)] = self._head(tree, pl, currency)
            parts.append(head)
            parts.append(
                f'<dl class="facts proof-facts">\n  <div><dt>叶子 <span lang="en">Leaf</span></dt><dd><code>{lp.leaf.hex()}</code></dd></div>\n'
                f'  <div><dt>树根 <span lang="en">Root</span></dt><dd><code>{tree.root.hex()}</code></dd></div>\n'
                f'  <div><dt>路径 <span lang="en">Path</span></dt><dd>{len(lp.path)} 层 <span lang="en">levels</span>, {tree.leaves} 片叶子 '
                '<span lang="en">leaves</span>; 检查点 <span lang="en">checkpoint</span> '
                f'{pl.index + 1}</dd></div>\n</dl>\n'
            )
        else:
            parts.append(f'<p>本期尚未结账：结账后，本页将给出这笔捐赠在该期默克尔求和树（{TREE_GLOSS_ZH}）中的证明。<span lang="en">This period is not closed '
                         f"yet: once it is, this page gives the gift's proof in the period's Merkle sum tree ({TREE_GLOSS_EN}).</span></p>\n")
        # before the close there is no tree and no checkpoint yet: only the leaf and its salt
        summary = ('证明（含签名检查点，供核验程序使用） <span lang="en">Proof, with the signed checkpoint, for the verifier</span>' if closed else
                   '核验数据（本期结账后附上证明） <span lang="en">Data for the verifier (the proof follows once the period is closed)</span>')
        parts.append(f'<details><summary>{summary}</summary>\n'
                     f'<pre class="relief-proof" id="relief-proof" style="white-space: pre-wrap; word-break: break-all">{e(self._proof_json(source, code), quote=False)}</pre>\n'
                     '</details>\n<p><a href="../verify/index.html">如何核验</a> · <a href="../en/verify/index.html" lang="en">How to check it</a></p>\n'
                     '</section>\n')
        return Markup("".join(parts))

    def cache_key(self, receipt: str | None) -> str:
        """Everything the gift's proof depends on besides the gift itself and the secret (both
        already in the page cache's key), without building a tree: the root (which fixes the
        tree, so the path), the log entry and its checkpoint (with the witnesses' signatures)."""
        source = self.sources.get(receipt or "")
        if source is None:
            return ""
        if len(source) == 1:
            return "open"
        _g, _trees, pl, fr = source
        return f"{fr.root}:{pl.index}:{self.checkpoints[pl.index]}"

    def files(self) -> dict[str, bytes]:
        """Every file of the log and the verifier, by path in the site (log/..., verify/relief_verify.py)."""
        out: dict[str, bytes] = {}
        for path, content in tlog.tiles(self.entries).items():
            out["log/" + path] = content
        out["log/key"] = (self.vkey + "\n").encode("ascii")
        out["log/checkpoint"] = (self.checkpoint or "").encode("utf-8")
        for i, note in enumerate(self.checkpoints):
            out[f"log/checkpoints/{i + 1}"] = note.encode("utf-8")
        hashes = [leaf_hash(e) for e in self.entries]
        proofs = {
            "size": self.size,
            "root": tree_hash(hashes).hex(),
            "inclusion": [[h.hex() for h in tlog.inclusion_proof(i, hashes)] for i in range(self.size)],
            "consistency": {str(m): [h.hex() for h in tlog.consistency_proof(m, hashes)] for m in range(1, self.size)},
        }
        out["log/proofs.json"] = (json.dumps(proofs, indent=1, sort_keys=True) + "\n").encode("ascii")
        lines = ["# Witnesses of this log: one C2SP note verifier key a line (docs/verification.md)"]
        lines += [vkey for _name, vkey in self.witnesses]
        out["log/witnesses"] = ("\n".join(lines) + "\n").encode("utf-8")
        out[SCRIPT_PATH] = verifier_source()
        return out

    @property
    def mirrored(self) -> list[str]:
        """The files the verifier reads that no other page links to (the log, and ack/index.html,
        which the manifest lists): the verify page links each, because a download of the site
        (`wget -m -np`, as the page tells a donor) saves only what some page links to, and the
        verifier fails on a file the manifest lists and the copy lacks."""
        return ["ack/index.html", *sorted(p for p in self.files() if p.startswith("log/"))]

    def generator(self, build) -> None:
        """A site generator (publish/site.py): writes files() into the build."""
        for path, content in self.files().items():
            build.write(path, content)



def _json_str(text: str) -> str:
    if text.isascii() and text.isprintable() and '"' not in text and "\\" not in text:
        return f'"{text}"'
    return json.dumps(text, ensure_ascii=False)


def _money(amount: Decimal, currency: str) -> str:
    """As the site's `money` filter writes it (¥1,234.50; other currencies as 1,234.50 USD)."""
    from publish.environment import money_text

    return money_text(amount, currency)


def verifier_source() -> bytes:
    """The standalone verifier script the site offers for download (ledger/transparency/verifier.py)."""
    return resources.files("ledger.transparency").joinpath("verifier.py").read_bytes()


def _origin(model: PublicModel, public: bytes) -> str:
    url = model.site.site_url.split("://", 1)[-1].strip("/")
    base = _ascii_address(url) or "relief-ledger.invalid"
    return f"{base}/log/{hashlib.sha256(public).hexdigest()[:8]}"


def _ascii_address(url: str) -> str:
    """`url` (host and path, no scheme) in ASCII, as the log's origin must be: a Chinese
    domain name (帮扶中心.中国) in its xn-- form, any other character of the path %-encoded.

    Why: a site_url with a Chinese domain passed `relief check` and stopped publish with an
    internal error (UnicodeEncodeError) where the log key is written. An ASCII address is
    kept as it is (the origin of every log already published)."""
    if url.isascii():
        return url
    from urllib.parse import quote

    host, slash, path = url.partition("/")
    try:
        host = host.encode("idna").decode("ascii")
    except UnicodeError:
        raise ReliefError(bilingual(
            f"relief-option site_url：{url!r} 中的主机名不是域名（含有域名不能有的字符，或有空的或过长的部分）；"
            "请改正 settings.beancount 中的 site_url",
            f"relief-option site_url: the host in {url!r} is no domain name (a character a domain cannot "
            "hold, or an empty or too long part); correct site_url in settings.beancount")) from None
    return host + slash + quote(path, safe="/")


def _entry(p: PeriodLog, currency: str) -> bytes:
    lines = [PERIOD_ENTRY_HEADER, f"period {p.period} {p.start.isoformat()} {p.end.isoformat()}", f"close {p.digest}", f"currency {currency}"]
    for f in p.funds:
        lines.append(f"fund {quote(f.fund)} {f.root} {fen(f.total)} {f.gifts} {f.leaves}")
    for fund, date, amount in p.reversals:
        lines.append(f"reversal {quote(fund)} {date.isoformat()} {fen(amount)}")
    for c in p.corrections:
        lines.append(f"correction {c.date.isoformat()} {quote(c.fund)} {fen(c.amount)} {c.corrects}")
    text = "\n".join(lines) + "\n"
    raw = text.encode("utf-8")
    if len(raw) >= 1 << 16:
        raise ValueError(f"period {p.period}: its log entry is too long ({len(raw)} bytes)")
    return raw


def _witnesses(books_root: Path) -> tuple[list[tuple[str, str]], list[tuple[Path, str]], list[str]]:
    """The witnesses' verifier keys (name, vkey), their co-signed checkpoints (file, text) and
    a sentence for each file of `witnesses/` that cannot be used.

    Why the sentences: a .cosig that was not a signed note stopped the publish with an
    internal error, and a damaged .vkey or .cosig was passed over in silence, the site then
    saying that no witness co-signed although the centre had put the witness's files there."""
    folder = books_root / WITNESS_FOLDER
    keys: list[tuple[str, str]] = []
    notes: list[tuple[Path, str]] = []
    problems: list[str] = []
    if folder.is_dir():
        for path in sorted(folder.iterdir()):
            if path.suffix not in (".vkey", ".cosig"):
                continue
            what = "a witness's verifier key" if path.suffix == ".vkey" else "a co-signed checkpoint"
            what_zh = "见证人的验证公钥" if path.suffix == ".vkey" else "联署的检查点"
            try:
                text = path.read_text(encoding="utf-8")
                if path.suffix == ".vkey":
                    name = parse_vkey(text.strip())[0]
                    odd = sorted({c for c in name if unicodedata.category(c) in ("Cc", "Cf")})
                    if odd:
                        # the name is in the key id (it cannot be cleaned) and is shown on the
                        # site, where a U+202E reverses what follows it: `relief witness` refuses
                        # such a name, so this key was made elsewhere
                        shown = ", ".join(f"U+{ord(c):04X} {unicodedata.name(c, 'CONTROL CHARACTER')}" for c in odd)
                        problems.append(bilingual(
                            f"{path}：见证人的名称含有看不见的字符（{shown}）；未列入日志的见证人：请见证人用 `relief witness` "
                            "和由可见字符组成的名称重新生成公钥",
                            f"{path}: the witness's name holds invisible characters ({shown}); left out of the "
                            "log's witnesses: ask the witness for a key made with `relief witness` and a name of "
                            "visible characters"))
                        continue
                    keys.append((name, text.strip()))
                else:
                    split_note(text)
                    notes.append((path, text))
            except OSError as exc:
                problems.append(bilingual(f"{path}：无法读取（{exc.strerror or exc}）；未列入日志的见证人",
                                          f"{path}: cannot read it ({exc.strerror or exc}); left out of the log's witnesses"))
            except (UnicodeDecodeError, VerifyError) as exc:
                why = "not text" if isinstance(exc, UnicodeDecodeError) else exc.en
                why_zh = "不是文本" if isinstance(exc, UnicodeDecodeError) else (getattr(exc, "zh", None) or exc.en)
                problems.append(bilingual(f"{path}：不是{what_zh}（{why_zh}）；未列入日志的见证人：请见证人重新发来 `relief witness` 写的文件",
                                          f"{path}: not {what} ({why}); left out of the log's witnesses: "
                                          "ask the witness for the file `relief witness` wrote again"))
    return keys, notes, problems


def _unused_cosig(path: Path, cosig: str, checkpoints: set[str]) -> str:
    """Why a co-signed checkpoint added no witness's signature to the log."""
    if split_note(cosig)[0] not in checkpoints:
        return bilingual(f"{path}：联署的检查点不在这个日志中（另一个日志或密钥，或此后改写过的日志）；未采用：请见证人为现在发布的网站联署",
                         f"{path}: co-signs a checkpoint this log does not have (another log or key, or a log rewritten since); "
                         "left out: ask the witness to co-sign the site as now published")
    return bilingual(f"{path}：{WITNESS_FOLDER}/ 中没有能核验其签名的验证公钥；未采用：请把见证人的 NAME.vkey 放在它旁边",
                     f"{path}: no verifier key in {WITNESS_FOLDER}/ checks its signature; left out: "
                     "put the witness's NAME.vkey beside it")


def published_periods(out: Path | None, origin: str) -> list[str]:
    """The periods of the log the site in `out` already serves, in the log's order: [] when
    there is no site, its log cannot be read, or it is another log (another key or address)."""
    if out is None:
        return []
    try:
        log = Log(Site(str(out)))
        if log.origin != origin:
            return []
        return [parse_period_entry(entry)["period"] for entry in log.entries]
    except (VerifyError, OSError, *NOT_AS_PUBLISHED):
        return []


def published_first(closes: list[Close], published: list[str]) -> list[Close]:
    """The closes in log order: the periods the site's log already holds first, in its order,
    then the others in the order given (the order they were made, records.in_order_made).

    What a site published stays a prefix of its log whatever rule ordered it then: books
    whose site was published while same-day closes were ordered by period start (before
    closes of one day kept the order they were made) keep that site's order, and a new close
    always goes at the end. A close of a logged period that was removed or redone still
    shows: the entries no longer hash to the published checkpoint (`rewrites`)."""
    place = {period: i for i, period in enumerate(published)}
    return sorted(closes, key=lambda c: place.get(c.period.key, len(place)))


def rewrites(t: Transparency, out: Path) -> Said | None:
    """Why the new log does not extend the one the previous site in `out` served (None if it does,
    or there is none, or it is another log, i.e. signed with another key)."""
    from ledger.transparency.verifier import parse_checkpoint

    try:
        previous = (Path(out) / "log" / "checkpoint").read_text(encoding="utf-8")
        origin, size, root = parse_checkpoint(split_note(previous)[0])
    except (OSError, UnicodeDecodeError, VerifyError):
        return None
    if origin != t.origin:
        return None
    if size > t.size:
        return said(f"账簿现在给出的日志只有 {t.size} 条条目，少于网站已公布的 {size} 条（有期间的结账记录被删去）",
                    f"the books now give a log of {counted(t.size, 'entry', 'entries')}, fewer than the {size} the site already published (a period close was removed)")
    if tree_hash([leaf_hash(e) for e in t.entries[:size]]) != root:
        return said(f"账簿不再给出网站已公布的日志的前 {size} 条条目（有已结账的期间被改写）",
                    f"the books no longer give the first {counted(size, 'entry', 'entries')} of the log the site already published (a closed period was rewritten)")
    return None


def another_log(t: Transparency, out: Path) -> str | None:
    """The origin of the log the previous site in `out` served, when this publish signs
    another one (another log key): None when they are the same log, or there is no site.

    Why: a log key lost or replaced (a new machine, `~/.config` not restored) starts a new
    log, and every checkpoint donors and witnesses saved stops verifying with `--since`. The
    docs say so, but a publish did it without a word; the centre must know, to restore the
    key or to explain the new log on the site."""
    from ledger.transparency.verifier import parse_checkpoint

    try:
        previous = (Path(out) / "log" / "checkpoint").read_text(encoding="utf-8")
        origin, _size, _root = parse_checkpoint(split_note(previous)[0])
    except (OSError, UnicodeDecodeError, VerifyError):
        return None
    return origin if origin != t.origin else None


#: bump when the trees are made differently: every cached root is then computed again
TREE_VERSION = "sum-tree-v1"


class RootCache:
    """The roots of closed periods' trees from the previous publish, so that a publish after
    one new donation does not rebuild trees that cannot have changed (a tree is built again
    only when an acknowledgement page of its period must be rendered). Kept beside the site as
    `.NAME.verification-cache`; a key is a hash of the tree's gifts and of a fingerprint of the
    site secret (never the secret), a value its root, sum, gifts and leaves. Deleting it only
    costs time.

    It is a cache meant to stay, also after a failed publish (its entries are right whatever
    became of the run that wrote them), and it is checked before use: the file carries the
    SHA-256 of its roots, and every value must have the shape of one; a file that fails
    either (damaged, cut short, edited) is ignored as a whole and the trees are built again."""

    def __init__(self, out: Path | None):
        self.path = None if out is None else Path(out).absolute().parent / f".{Path(out).name}.verification-cache"
        self.old: dict[str, list] = {}
        self.new: dict[str, list] = {}
        if self.path is not None:
            try:
                self.old = _checked_roots(json.loads(self.path.read_text(encoding="utf-8")))
            except (OSError, ValueError):
                self.old = {}

    def save(self) -> None:
        """Write the roots this publish used beside the site (a failure only costs the next publish time)."""
        if self.path is None or self.new == self.old:
            return
        body = {"version": TREE_VERSION, "roots": self.new, "sha256": _roots_digest(self.new)}
        try:
            atomic_write_text(self.path, json.dumps(body, sort_keys=True), fsync=False)
        except OSError:
            pass  # only a cache


def _roots_digest(roots: dict[str, list]) -> str:
    return hashlib.sha256(json.dumps(roots, sort_keys=True).encode("utf-8")).hexdigest()


_HEX64 = re.compile(r"[0-9a-f]{64}")


def _checked_roots(data) -> dict[str, list]:
    """The cached roots, when `data` is a whole cache file of this version; else {}."""
    if not isinstance(data, dict) or data.get("version") != TREE_VERSION:
        return {}
    roots = data.get("roots")
    if not isinstance(roots, dict) or data.get("sha256") != _roots_digest(roots):
        return {}
    for key, value in roots.items():
        if not (_HEX64.fullmatch(key) and isinstance(value, list) and len(value) == 4 and isinstance(value[0], str)
                and _HEX64.fullmatch(value[0]) and all(type(v) is int and v >= 0 for v in value[1:])):
            return {}
    return roots


class _Trees:
    """A period's trees, built on first need (a proof), else known from the cache."""

    def __init__(self, period: str, gifts: dict[str, list[Gift]], secret: bytes):
        self.period, self.gifts, self.secret = period, gifts, secret
        self.built: dict[str, SumTree] = {}

    def tree(self, fund: str) -> SumTree:
        t = self.built.get(fund)
        if t is None:
            t = self.built[fund] = build_tree(self.period, fund, self.gifts[fund], self.secret)
        return t


def prepare(books: Books, model: PublicModel, secret: bytes | None, log_key, out: Path | None = None) -> Transparency:
    """Everything the site's verifiable part needs, from the books' closes and the model.
    `out` (the site's folder) finds the previous publish's roots (RootCache)."""
    public = tlog.public_bytes(log_key)
    origin = _origin(model, public)
    vkey = tlog.vkey_of(origin, public)
    closes, _problems = parse_closes(books.entries)
    closes = published_first(in_order_made(closes), published_periods(out, origin))
    corrections = [(entry, next((f for f in changes if f), None), sum(changes.values(), Decimal(0)), month,
                    tuple((f or "", v) for f, v in changes.items() if v) if len(changes) > 1 else ())
                   for entry, changes, month in correction_changes(books.entries, books.options)]
    by_date: dict[datetime.date, list[Donation]] = defaultdict(list)
    for d in model.donations:
        by_date[d.date].append(d)
    names = {f.ref.id: f.ref.name for f in model.funds}
    periods: list[PeriodLog] = []
    lazy: list[_Trees] = []
    entries: list[bytes] = []
    tree_secret = secret if secret is not None else hashlib.sha256(b"relief-no-secret" + public).digest()
    fingerprint = hmac.digest(tree_secret, b"relief-root-cache-v1", "sha256").hex()
    cache = RootCache(out)
    sources: dict[str, tuple] = {}
    for index, close in enumerate(closes):
        p = close.period
        gifts: dict[str, list[Gift]] = defaultdict(list)
        reversals = []
        n = 0
        day = p.start
        while day < p.end:
            for d in by_date.get(day, ()):
                n += 1
                if d.amount < 0:
                    reversals.append((d.fund.id, d.date, d.amount))
                else:
                    gifts[d.fund.id].append(gift_of(d, n))
            day += datetime.timedelta(days=1)
        _check_sums(p.key, gifts)
        trees = _Trees(p.key, gifts, tree_secret)
        roots = []
        for fid in sorted(gifts):
            key = hashlib.sha256(f"{TREE_VERSION}\0{fingerprint}\0{p.key}\0{fid}\0{gifts[fid]!r}".encode()).hexdigest()
            known = cache.old.get(key)
            if known is None:
                t = trees.tree(fid)
                known = [t.root.hex(), t.total, t.gifts, t.leaves]
            cache.new[key] = known
            roots.append(FundRoot(fid, names.get(fid, Label(fid, fid)), known[0], Decimal(known[1]) / 100, known[2], known[3]))
        logged = tuple(
            LoggedCorrection(entry.date, fund or "", amount, f"{month[0]:04d}-{month[1]:02d}", moves)
            for entry, fund, amount, month, moves in corrections
            if entry.date in p and month is not None
        )
        pl = PeriodLog(p.key, p.start, p.last_day, close.digest, index, tuple(roots), tuple(sorted(reversals)), logged)
        periods.append(pl)
        lazy.append(trees)
        entries.append(_entry(pl, model.site.currency))
        if secret is not None:
            for fr in roots:
                for g in gifts[fr.fund]:
                    if g.receipt:
                        sources[g.receipt] = (g, trees, pl, fr)
    cache.save()
    hashes = [leaf_hash(e) for e in entries]
    witness_keys, cosigs, witness_notes = _witnesses(books.root)
    checkpoints: list[str] = []
    witnessed: dict[int, list[str]] = {}
    used: set[Path] = set()
    texts: set[str] = set()
    for size in range(1, len(entries) + 1):
        text = tlog.checkpoint_text(origin, size, tree_hash(hashes[:size]))
        texts.add(text)
        note = text + "\n" + tlog.sign_line(origin, log_key, text)
        for path, cosig in cosigs:
            body, _sigs = split_note(cosig)
            if body != text:
                continue
            good = cosigners(text + "\n" + cosig.partition("\n\n")[2], [k for _n, k in witness_keys])
            if good:
                used.add(path)
            for name in good:
                if name not in witnessed.setdefault(size, []):
                    witnessed[size].append(name)
                    line = next(line for line in cosig.partition("\n\n")[2].splitlines() if line.startswith(f"\u2014 {name} "))
                    note += line + "\n"
        checkpoints.append(note)
    if secret is not None:
        for d in model.donations:  # gifts of open periods: the code and leaf; the proof comes with the close
            if d.receipt and d.receipt not in sources and d.amount >= 0:
                sources[d.receipt] = (gift_of(d),)
    empty_text = tlog.checkpoint_text(origin, 0, tree_hash([]))
    empty = empty_text + "\n" + tlog.sign_line(origin, log_key, empty_text)
    witness_notes += [_unused_cosig(path, cosig, texts) for path, cosig in cosigs if path not in used]
    return Transparency(origin, vkey, entries, periods, checkpoints, sources, witness_keys, witnessed, empty, secret=tree_secret,
                        hashes=hashes, witness_notes=witness_notes, fund_names=names)
