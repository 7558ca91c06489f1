"""The Merkle sum tree and the log's proofs, as pure functions (docs/verification.md).

Property tests (hypothesis): for varied sets of gifts the root's sum is the total of the
gifts, every gift's proof leads to the root, and any single-fen change to a gift (or to a
sibling's sum) no longer does.
"""

from __future__ import annotations

import os
from decimal import Decimal

import pytest
from cryptography.hazmat.primitives.asymmetric.ed25519 import Ed25519PrivateKey
from hypothesis import given, settings
from hypothesis import strategies as st

from ledger.transparency import tlog
from ledger.transparency.sumtree import Gift, build_tree, leaf_of
from ledger.transparency.verifier import (
    VerifyError,
    ed25519_verify,
    leaf_hash,
    money,
    sum_leaf_hash,
    sum_node,
    sum_root_from_path,
    tree_hash,
    verify_consistency,
    verify_inclusion,
)

SECRET = b"tree-tests-secret-0123456789"

gifts_strategy = st.lists(
    st.tuples(st.integers(min_value=0, max_value=10**12), st.sampled_from(["GENERAL", "EDU", "两节"]), st.integers(min_value=1, max_value=28)),
    min_size=0, max_size=40,
)


def make_gifts(raw, fund=None):
    return [Gift(f"JZ-{i:05d}", f"JZ-{i:05d}", amount, fund or f, f"2026-03-{day:02d}") for i, (amount, f, day) in enumerate(raw)]


def proof_root(tree, proof):
    return sum_root_from_path((proof.leaf, proof.gift.amount_fen), proof.index, list(proof.path))


@settings(max_examples=60, deadline=None)
@given(gifts_strategy)
def test_root_sum_is_the_total_and_every_proof_verifies(raw):
    gifts = make_gifts(raw, "GENERAL")
    tree = build_tree("2026-03", "GENERAL", gifts, SECRET)
    assert tree.total == sum(g.amount_fen for g in gifts)
    assert tree.gifts == len(gifts) and tree.leaves >= max(1, len(gifts)) and tree.leaves & (tree.leaves - 1) == 0
    assert set(tree.proofs) == {g.key for g in gifts}
    for proof in tree.proofs.values():
        assert proof_root(tree, proof) == (tree.root, tree.total)


@settings(max_examples=60, deadline=None)
@given(gifts_strategy.filter(bool), st.data())
def test_any_single_fen_change_fails(raw, data):
    gifts = make_gifts(raw, "GENERAL")
    tree = build_tree("2026-03", "GENERAL", gifts, SECRET)
    g = gifts[data.draw(st.integers(min_value=0, max_value=len(gifts) - 1))]
    proof = tree.proofs[g.key]
    delta = data.draw(st.sampled_from([1, -1])) if g.amount_fen > 0 else 1
    # the gift's amount one fen off: the leaf changes, so the root does
    changed = sum_leaf_hash(proof.salt, g.receipt, g.amount_fen + delta, g.fund, g.date)
    assert sum_root_from_path((changed, g.amount_fen + delta), proof.index, list(proof.path)) != (tree.root, tree.total)
    # a sibling's sum one fen off (its hash kept): the root's hash changes
    if proof.path:
        level = data.draw(st.integers(min_value=0, max_value=len(proof.path) - 1))
        path = list(proof.path)
        h, s = path[level]
        path[level] = (h, s + 1)
        assert sum_root_from_path((proof.leaf, g.amount_fen), proof.index, path)[0] != tree.root


def test_a_planted_one_fen_error_is_caught():
    """The check above is not vacuous: plant one fen in a published total and it fails."""
    gifts = make_gifts([(10000, "GENERAL", 1), (2550, "GENERAL", 2), (1, "GENERAL", 3)])
    tree = build_tree("2026-03", "GENERAL", gifts, SECRET)
    published_total = sum(g.amount_fen for g in gifts) + 1  # planted
    assert tree.total != published_total


def test_leaf_order_and_padding_reveal_nothing_about_receipts():
    gifts = make_gifts([(100 * i, "GENERAL", i % 28 + 1) for i in range(1, 6)])
    tree = build_tree("2026-03", "GENERAL", gifts, SECRET)
    assert tree.leaves == 8
    positions = [tree.proofs[g.key].index for g in gifts]
    assert positions != sorted(positions) or positions != list(range(5))  # shuffled, not in receipt order
    other = build_tree("2026-03", "GENERAL", gifts, b"another-secret-0123456789")
    assert other.root != tree.root  # salts and padding come from the secret
    # padding leaves look like any leaf hash: 32 bytes, none equal to a gift's leaf
    leaves = {p.leaf for p in tree.proofs.values()}
    pads = {h for p in tree.proofs.values() for h, s in p.path[:1] if s == 0}
    assert all(len(h) == 32 for h in pads) and not (pads & leaves)


def test_negative_amounts_are_impossible():
    with pytest.raises(ValueError):
        build_tree("2026-03", "GENERAL", [Gift("R1", "R1", -1, "GENERAL", "2026-03-01")], SECRET)
    with pytest.raises(VerifyError):
        sum_node((b"\0" * 32, -5), (b"\0" * 32, 10))
    with pytest.raises(VerifyError):
        sum_leaf_hash(b"", "R1", -1, "GENERAL", "2026-03-01")


def test_leaf_commits_to_fund_and_date():
    g = Gift("R1", "R1", 500, "GENERAL", "2026-03-01")
    base = leaf_of(g, SECRET)[1]
    assert leaf_of(Gift("R1", "R1", 500, "EDU", "2026-03-01"), SECRET)[1] != base
    assert leaf_of(Gift("R1", "R1", 500, "GENERAL", "2026-03-02"), SECRET)[1] != base


@settings(max_examples=40, deadline=None)
@given(st.integers(min_value=1, max_value=70), st.data())
def test_log_inclusion_and_consistency_proofs(n, data):
    hashes = [leaf_hash(os.urandom(6)) for _ in range(n)]
    root = tree_hash(hashes)
    i = data.draw(st.integers(min_value=0, max_value=n - 1))
    assert verify_inclusion(i, n, hashes[i], tlog.inclusion_proof(i, hashes), root)
    assert not verify_inclusion(i, n, leaf_hash(b"other"), tlog.inclusion_proof(i, hashes), root)
    m = data.draw(st.integers(min_value=1, max_value=n))
    proof = tlog.consistency_proof(m, hashes)
    assert verify_consistency(m, n, tree_hash(hashes[:m]), root, proof)
    if m < n:
        rewritten = [leaf_hash(b"rewritten")] + hashes[1:]
        assert not verify_consistency(m, n, tree_hash(rewritten[:m]), root, proof)


def test_pure_python_ed25519_agrees_with_cryptography():
    for _ in range(3):
        key = Ed25519PrivateKey.generate()
        message = os.urandom(40)
        public = tlog.public_bytes(key)
        signature = key.sign(message)
        assert ed25519_verify(public, message, signature)
        assert not ed25519_verify(public, message + b"!", signature)
        assert not ed25519_verify(public, message, signature[:-1] + bytes([signature[-1] ^ 1]))


def test_tiles_follow_the_c2sp_layout():
    entries = [f"entry {i}".encode() for i in range(300)]
    files = tlog.tiles(entries)
    assert set(files) == {"tile/entries/000", "tile/entries/001.p/44", "tile/0/000", "tile/0/001.p/44", "tile/1/000.p/1"}
    assert files["tile/0/000"][:32] == leaf_hash(b"entry 0") and len(files["tile/0/000"]) == 256 * 32
    assert files["tile/1/000.p/1"] == tree_hash([leaf_hash(e) for e in entries[:256]])
    assert files["tile/entries/001.p/44"][:2] == len(b"entry 256").to_bytes(2, "big")


@settings(max_examples=200, deadline=None)
@given(st.binary(min_size=32, max_size=32))
def test_code_is_rfc4648_base32_of_the_leafs_first_40_bits(leaf):
    import base64

    from ledger.transparency.verifier import verification_code

    text = base64.b32encode(leaf[:5]).decode("ascii")
    assert verification_code(leaf) == f"{text[:4]}-{text[4:]}"


@settings(max_examples=200, deadline=None)
@given(st.integers(min_value=-(2**63), max_value=2**63 - 1))
def test_the_verifiers_amounts_are_the_fen_in_yuan(amount_fen):
    """What `relief verify` prints of a gift and of a root's sum (verifier.money, standard
    library only) is the amount in fen as yuan, to the fen, with its sign: a fen off there
    passed every test."""
    assert money(amount_fen) == f"{Decimal(amount_fen) / 100:,.2f}"


@settings(max_examples=200, deadline=None)
@given(st.decimals(min_value=Decimal("0.00"), max_value=Decimal(2**63 - 1) / 100, places=2))
def test_a_gift_in_fen_and_back_is_the_same_yuan(amount):
    """A gift enters its sum tree in fen (verification.fen) and the acknowledgement page says
    the tree's root sum back in yuan (Transparency.yuan): the round trip keeps every fen (a
    fen added on the way back passed every test)."""
    from publish.verification import Transparency, fen

    assert Transparency.yuan(fen(amount)) == amount
