"""Verifiable transparency (docs/verification.md): a Merkle sum tree of each closed period's
gifts per fund, an append-only log of period roots (C2SP tlog-tiles, RFC 6962 hashing) with
a signed checkpoint, and the checks anyone can run on a published site without the books.

- `verifier`: the checks and every hash and format, in the Python standard library only (it
  is shipped on the site as `verify/relief_verify.py`, and `relief verify` runs it);
- `sumtree`: the trees and their proofs, from the books' gifts and the site secret;
- `tlog`: the log's entries, tiles, proofs and signed checkpoints.
"""
