"""Merkle sum trees of a closed period's gifts, one per fund (docs/verification.md).

Pure functions: given the gifts (receipt, amount in fen, fund, date) and the site secret,
build the padded, shuffled tree and every gift's proof. The secret gives each gift a salt
(HMAC-SHA256 under the secret, so a proof's sibling hashes cannot be linked to receipts),
the padding leaves (random-looking hashes of sum 0) and the order of the leaves.
"""

from __future__ import annotations

import hmac
from dataclasses import dataclass

from ledger.transparency.verifier import sum_leaf_hash, sum_node, verification_code

SALT_TAG = b"relief-leaf-salt-v1\0"
ORDER_TAG = b"relief-leaf-order-v1\0"
PAD_TAG = b"relief-leaf-pad-v1\0"


@dataclass(frozen=True)
class Gift:
    """One gift as a leaf sees it: receipt, amount in fen, fund id and ISO date, as data/donations.csv lists it.

    `key` names the gift for its salt, its place and its proof: the receipt number, or for a gift
    without one a stand-in made from its date and position (publish.verification.gift_of), so
    that every gift still gets its own salt; `receipt` is then "".
    """

    key: str  # the receipt, or a stand-in for a gift without one
    receipt: str
    amount_fen: int
    fund: str
    date: str  # ISO


@dataclass(frozen=True)
class LeafProof:
    """One gift's place in its tree: salt, leaf hash, position and the sibling (hash, sum) at each level.

    What the gift's acknowledgement page publishes for relief_verify to hash up to the root
    (docs/verification.md, "Proofs where donors look").
    """

    gift: Gift
    salt: bytes
    leaf: bytes
    index: int
    path: tuple[tuple[bytes, int], ...]

    @property
    def code(self) -> str:
        """The verification code printed on the gift's letter (XXXX-XXXX, from the leaf hash)."""
        return verification_code(self.leaf)


@dataclass(frozen=True)
class SumTree:
    """One fund's Merkle sum tree for one closed period: the root and sum the log records, and every proof.

    `total` is the root's sum in fen, `gifts` the number of real leaves and `leaves` the padded
    number (a power of two), which is all the tree tells about how many gifts there were.
    """

    period: str
    fund: str
    root: bytes
    total: int
    gifts: int
    leaves: int
    proofs: dict[str, LeafProof]  # gift key -> proof


def _mac(secret: bytes, tag: bytes, *parts: str) -> bytes:
    return hmac.digest(secret, tag + "\0".join(parts).encode("utf-8"), "sha256")


def salt(secret: bytes, key: str) -> bytes:
    """A gift's salt: HMAC-SHA256 of its key under the site secret.

    Without the secret, a sibling hash in a published proof cannot be linked to a receipt; and
    no new secret is needed, since the site secret already makes the acknowledgement addresses.
    """
    return _mac(secret, SALT_TAG, key)


def leaf_of(gift: Gift, secret: bytes) -> tuple[bytes, bytes]:
    """(salt, leaf hash) of one gift: what a letter's code is made from, without a tree."""
    s = salt(secret, gift.key)
    return s, sum_leaf_hash(s, gift.receipt, gift.amount_fen, gift.fund, gift.date)


def build_tree(period: str, fund: str, gifts: list[Gift], secret: bytes) -> SumTree:
    """The tree of `gifts` (all of `fund`, all >= 0 fen): padded to a power of two with
    zero-sum leaves and ordered by a keyed hash, so a leaf's place says nothing."""
    items: list[tuple[bytes, bytes, int, Gift | None, bytes]] = []  # (order, leaf, sum, gift, salt)
    for g in gifts:
        if g.amount_fen < 0:
            raise ValueError(f"receipt {g.receipt}: a negative amount cannot be a leaf")
        s, leaf = leaf_of(g, secret)
        items.append((_mac(secret, ORDER_TAG, period, fund, g.key), leaf, g.amount_fen, g, s))
    size = 1
    while size < len(items):
        size <<= 1
    for i in range(size - len(items)):
        pad = _mac(secret, PAD_TAG, period, fund, str(i))
        items.append((_mac(secret, ORDER_TAG + b"pad\0", period, fund, str(i)), pad, 0, None, b""))
    items.sort(key=lambda t: t[0])
    levels = [[(it[1], it[2]) for it in items]]
    while len(levels[-1]) > 1:
        below = levels[-1]
        levels.append([sum_node(below[i], below[i + 1]) for i in range(0, len(below), 2)])
    proofs = {}
    for index, (_o, leaf, _s, gift, s) in enumerate(items):
        if gift is None:
            continue
        path, i = [], index
        for level in levels[:-1]:
            path.append(level[i ^ 1])
            i >>= 1
        proofs[gift.key] = LeafProof(gift, s, leaf, index, tuple(path))
    root, total = levels[-1][0]
    return SumTree(period, fund, root, total, len(gifts), size, proofs)
