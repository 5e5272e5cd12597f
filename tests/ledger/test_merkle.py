"""R-INT-3: the Merkle tree is RFC 6962/9162's. Checked against the published SHA-256 test vectors of
the transparency-dev/merkle Go code (proof/verify_test.go), then by properties over random sizes."""

from __future__ import annotations

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from lawtrail.ledger import merkle
from lawtrail.ledger.hashing import SHA256, SM3

LEAVES = [bytes.fromhex(h) for h in ["", "00", "10", "2021", "3031", "40414243", "5051525354555657",
                                      "606162636465666768696a6b6c6d6e6f"]]
ROOTS = [bytes.fromhex(h) for h in [
    "6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
    "fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125",
    "aeb6bcfe274b70a14fb067a5e5578264db0fa9b51af5e0ba159158f329e06e77",
    "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7",
    "4e3bbb1f7b478dcfe71fb631631519a3bca12c9aefca1612bfce4c13a86264d4",
    "76e67dadbcdf1e10e1b74ddc608abd2f98dfb16fbce75277b5232a127f2087ef",
    "ddb89be403809e325750d3d263cd78929c2942b7942a34b77e122c9594a74c8c",
    "5dc9da79a70659a9ad559cb701ded9a2ab9d823aad2f4960cfe370eff4604328",
]]
# (1-based leaf, tree size, proof)
INCLUSION = [
    (1, 1, []),
    (1, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
    (6, 8, ["bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    (3, 3, ["fac54203e7cc696cf0dfcb42c92a1d9dbaf70ad9e621f4bd8d98662f00e3c125"]),
    (2, 5, ["6e340b9cffb37a989ca544e6bb780a2c78901d3fb33738768511a30617afa01d",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
]
CONSISTENCY = [
    (1, 1, []),
    (1, 8, ["96a296d224f285c67bee93c30f8a309157f0daa35dc5b87e410b78630a09cfc7",
            "5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "6b47aaf29ee3c2af9af889bc1fb9254dabd31177f16232dd6aab035ca39bf6e4"]),
    (6, 8, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "ca854ea128ed050b41b35ffc1b87b8eb2bde461e9e3b5596ece6b9d5975a0ae0",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
    (2, 5, ["5f083f0a1a33ca076a95279832580db3e0ef4584bdff1f54c8a360f50de3031e",
            "bc1a0643b12e4d2d7c77918f44e0f4f79a838b6cf9ec5b5c283e1f4d88599e6b"]),
    (6, 7, ["0ebc5d3437fbe2db158b9f126a1d118e308181031d0a949f8dededebc558ef6a",
            "b08693ec2e721597130641e8211e7eedccb4c26413963eee6c1e2ed16ffb1a5f",
            "d37ee418976dd95753c1c73862b9398fa2a2cf9b4ff0fdfe8b30cd95209614b7"]),
]
LEAF_HASHES = [SHA256.hash_leaf(x) for x in LEAVES]
SOURCE = merkle.subtree_from_leaves(LEAF_HASHES, SHA256)


def test_empty_tree_root_is_hash_of_nothing():
    assert merkle.tree_hash([], SHA256).hex() == "e3b0c44298fc1c149afbf4c8996fb92427ae41e4649b934ca495991b7852b855"


@pytest.mark.parametrize("size", range(1, 9))
def test_roots_match_rfc6962_vectors(size):
    assert merkle.tree_hash(LEAF_HASHES[:size], SHA256) == ROOTS[size - 1]


@pytest.mark.parametrize(("leaf", "size", "proof"), INCLUSION)
def test_inclusion_proofs_match_vectors_and_verify(leaf, size, proof):
    expected = [bytes.fromhex(p) for p in proof]
    assert merkle.inclusion_proof(leaf - 1, size, merkle.subtree_from_leaves(LEAF_HASHES[:size], SHA256)) == expected
    merkle.verify_inclusion(leaf - 1, size, LEAF_HASHES[leaf - 1], expected, ROOTS[size - 1], SHA256)


@pytest.mark.parametrize(("first", "second", "proof"), CONSISTENCY)
def test_consistency_proofs_match_vectors_and_verify(first, second, proof):
    expected = [bytes.fromhex(p) for p in proof]
    assert merkle.consistency_proof(first, second, merkle.subtree_from_leaves(LEAF_HASHES[:second], SHA256)) \
        == expected
    merkle.verify_consistency(first, second, ROOTS[first - 1], ROOTS[second - 1], expected, SHA256)


def _inclusion_probes(index, size, proof, root, leaf):
    """The corruptions transparency-dev applies to each known-good proof; none may verify."""
    some = bytes.fromhex("abacaba000000000000000000000000000000000000000000060061e00123456")
    probes = [(index - 1, size, leaf, proof, root), (index + 1, size, leaf, proof, root),
              (index ^ 2, size, leaf, proof, root), (index, size * 2, leaf, proof, root),
              (index, size // 2, leaf, proof, root), (index, size, b"WrongLeaf", proof, root),
              (index, size, leaf, proof, SHA256.empty_root()), (index, size, leaf, proof, some),
              (index, size, leaf, [*proof, b""], root), (index, size, leaf, [*proof, root], root),
              (index, size, leaf, [b"", *proof], root), (index, size, leaf, [root, *proof], root)]
    for i in range(len(proof)):
        bad = list(proof)
        bad[i] = bytes([bad[i][0] ^ 8]) + bad[i][1:]
        probes.append((index, size, leaf, bad, root))
    if proof:
        probes.append((index, size, leaf, proof[:-1], root))
    if len(proof) > 1:
        probes.append((index, size, leaf, [proof[0], some, *proof[1:]], root))
    return probes


@pytest.mark.parametrize(("leaf", "size", "proof"), INCLUSION[1:])
def test_corrupted_inclusion_proofs_are_rejected(leaf, size, proof):
    good = [bytes.fromhex(p) for p in proof]
    for idx, sz, lh, pr, root in _inclusion_probes(leaf - 1, size, good, ROOTS[size - 1], LEAF_HASHES[leaf - 1]):
        with pytest.raises(merkle.ProofError):
            merkle.verify_inclusion(idx, sz, lh, pr, root, SHA256)


@pytest.mark.parametrize(("first", "second", "proof"), [c for c in CONSISTENCY if c[2]])
def test_corrupted_consistency_proofs_are_rejected(first, second, proof):
    good = [bytes.fromhex(p) for p in proof]
    r1, r2 = ROOTS[first - 1], ROOTS[second - 1]
    probes = [(first - 1, second, r1, r2, good), (first + 1, second, r1, r2, good),
              (first ^ 2, second, r1, r2, good), (first, second * 2, r1, r2, good),
              (first, second // 2, r1, r2, good), (first, second, b"WrongRoot", r2, good),
              (first, second, r1, b"WrongRoot", good), (first, second, r2, r1, good), (first, second, r1, r2, []),
              (first, second, r1, r2, [*good, b""]), (first, second, r1, r2, [*good, r1]),
              (first, second, r1, r2, [*good, r2]), (first, second, r1, r2, [b"", *good]),
              (first, second, r1, r2, [r1, *good]), (first, second, r1, r2, [r2, *good]),
              (first, second, r1, r2, [good[0], *good]), (first, second, r1, r2, good[:-1])]
    for i in range(len(good)):
        bad = list(good)
        bad[i] = bytes([bad[i][0] ^ 16]) + bad[i][1:]
        probes.append((first, second, r1, r2, bad))
    for f, s, a, b, p in probes:
        with pytest.raises(merkle.ProofError):
            merkle.verify_consistency(f, s, a, b, p, SHA256)


def test_consistency_edge_cases():
    merkle.verify_consistency(0, 0, b"x", b"x", [], SHA256)
    merkle.verify_consistency(0, 5, b"x", b"y", [], SHA256)
    with pytest.raises(merkle.ProofError):
        merkle.verify_consistency(2, 1, ROOTS[1], ROOTS[0], [], SHA256)
    with pytest.raises(merkle.ProofError):
        merkle.verify_consistency(1, 1, ROOTS[0], ROOTS[1], [], SHA256)


def _leaves(n: int, hasher=SM3) -> list[bytes]:
    return [hasher.hash_leaf(i.to_bytes(4, "big")) for i in range(n)]


def _naive_root(leaves: list[bytes], hasher=SM3) -> bytes:
    """MTH exactly as RFC 6962 §2.1 writes it, recursively; the reference for the compact range."""
    if len(leaves) == 1:
        return leaves[0]
    k = merkle.largest_power_of_two_below(len(leaves))
    return hasher.hash_children(_naive_root(leaves[:k], hasher), _naive_root(leaves[k:], hasher))


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=1, max_value=300), st.data())
def test_inclusion_proofs_verify_for_random_sizes_sm3(size, data):
    leaves = _leaves(size)
    root = merkle.tree_hash(leaves)
    assert root == _naive_root(leaves)
    index = data.draw(st.integers(min_value=0, max_value=size - 1))
    proof = merkle.inclusion_proof(index, size, merkle.subtree_from_leaves(leaves))
    merkle.verify_inclusion(index, size, leaves[index], proof, root)
    other = data.draw(st.integers(min_value=0, max_value=size - 1))
    if other != index:
        with pytest.raises(merkle.ProofError):
            merkle.verify_inclusion(other, size, leaves[index], proof, root)


@settings(max_examples=150, deadline=None)
@given(st.integers(min_value=1, max_value=300), st.data())
def test_consistency_proofs_verify_for_random_sizes_sm3(second, data):
    first = data.draw(st.integers(min_value=1, max_value=second))
    leaves = _leaves(second)
    proof = merkle.consistency_proof(first, second, merkle.subtree_from_leaves(leaves))
    r1, r2 = merkle.tree_hash(leaves[:first]), merkle.tree_hash(leaves)
    merkle.verify_consistency(first, second, r1, r2, proof)
    if first < second:
        changed = list(leaves)
        changed[data.draw(st.integers(min_value=0, max_value=first - 1))] = SM3.hash_leaf(b"forged")
        with pytest.raises(merkle.ProofError):
            merkle.verify_consistency(first, second, merkle.tree_hash(changed[:first]), r2, proof)
