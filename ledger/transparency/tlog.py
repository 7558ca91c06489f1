"""The transparency log: entries, C2SP tlog-tiles, RFC 6962 proofs, signed checkpoints.

Hashing is RFC 6962 / RFC 9162 (leaf = SHA-256(0x00 || entry), node = SHA-256(0x01 || l || r));
the files follow the C2SP tlog-tiles layout (tile/L/N[.p/W], tile/entries/N[.p/W], entries
in bundles, each prefixed by its length in two bytes) and the checkpoint is a C2SP
tlog-checkpoint in the C2SP signed-note format, signed with Ed25519 (`cryptography`).
"""

from __future__ import annotations

import base64

from ledger.transparency.verifier import (
    TILE_HEIGHT,
    TILE_WIDTH,
    _split,
    key_id,
    leaf_hash,
    node_hash,
    tile_path,
    tree_hash,
)


def inclusion_proof(index: int, hashes: list[bytes]) -> list[bytes]:
    """RFC 6962 PATH(m, D[n])."""
    n = len(hashes)
    if n <= 1:
        return []
    k = _split(n)
    if index < k:
        return inclusion_proof(index, hashes[:k]) + [tree_hash(hashes[k:])]
    return inclusion_proof(index - k, hashes[k:]) + [tree_hash(hashes[:k])]


def consistency_proof(m: int, hashes: list[bytes]) -> list[bytes]:
    """RFC 6962 PROOF(m, D[n])."""
    if m == 0 or m == len(hashes):
        return []
    return _subproof(m, hashes, True)


def _subproof(m: int, hashes: list[bytes], whole: bool) -> list[bytes]:
    n = len(hashes)
    if m == n:
        return [] if whole else [tree_hash(hashes)]
    k = _split(n)
    if m <= k:
        return _subproof(m, hashes[:k], whole) + [tree_hash(hashes[k:])]
    return _subproof(m - k, hashes[k:], False) + [tree_hash(hashes[:k])]


def tiles(entries: list[bytes]) -> dict[str, bytes]:
    """Every tile of the log (entry bundles and hash tiles), by path under log/."""
    out: dict[str, bytes] = {}
    n = len(entries)
    for t in range(-(-n // TILE_WIDTH)):
        chunk = entries[t * TILE_WIDTH:(t + 1) * TILE_WIDTH]
        out[tile_path("entries", t, len(chunk))] = b"".join(len(e).to_bytes(2, "big") + e for e in chunk)
    level_hashes = [leaf_hash(e) for e in entries]
    level = 0
    while level_hashes:
        for t in range(-(-len(level_hashes) // TILE_WIDTH)):
            chunk = level_hashes[t * TILE_WIDTH:(t + 1) * TILE_WIDTH]
            out[tile_path(level, t, len(chunk))] = b"".join(chunk)
        # the next level's tiles hold the complete subtrees of 2^(8(level+1)) leaves
        full = len(level_hashes) // TILE_WIDTH
        level_hashes = [tree_hash(level_hashes[i * TILE_WIDTH:(i + 1) * TILE_WIDTH]) for i in range(full)]
        level += 1
    return out


def checkpoint_text(origin: str, size: int, root: bytes) -> str:
    """The body of a C2SP tlog-checkpoint (origin, size, base64 root hash, one per line): what the log key signs."""
    return f"{origin}\n{size}\n{base64.b64encode(root).decode('ascii')}\n"


def vkey_of(name: str, public: bytes) -> str:
    """The C2SP note verifier key `name+keyid+base64(0x01 || key)` of an Ed25519 public key, as log/key and log/witnesses hold it."""
    raw = base64.b64encode(bytes([1]) + public).decode("ascii")
    return f"{name}+{key_id(name, public).hex()}+{raw}"


def sign_line(name: str, private_key, text: str) -> str:
    """One signed-note signature line by an Ed25519 key (cryptography's Ed25519PrivateKey)."""
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    public = private_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)
    sig = private_key.sign(text.encode("utf-8"))
    return f"\u2014 {name} {base64.b64encode(key_id(name, public) + sig).decode('ascii')}\n"


def public_bytes(private_key) -> bytes:
    """The raw 32-byte public key of an Ed25519 private key (cryptography's), for vkey_of and the log's origin."""
    from cryptography.hazmat.primitives.serialization import Encoding, PublicFormat

    return private_key.public_key().public_bytes(Encoding.Raw, PublicFormat.Raw)


__all__ = ["TILE_HEIGHT", "checkpoint_text", "consistency_proof", "inclusion_proof", "node_hash", "sign_line", "tiles", "vkey_of"]
