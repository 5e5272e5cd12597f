"""RFC 6962 / RFC 9162 §2.1 Merkle tree: tree hash, inclusion and consistency proofs and their
verification, over any `Hasher`. Plain Python, no Django imports (R-INT-3: a third party must be
able to check proofs without the running system).

Proof *generation* works over a `subtree` callable giving MTH(D[start:end]) so that the caller can
serve it from stored nodes; the algorithms only ever ask for ranges the RFC recursion produces.
"""

from __future__ import annotations

from collections.abc import Callable, Sequence

from lawtrail.ledger.hashing import DEFAULT, Hasher

Subtree = Callable[[int, int], bytes]


class ProofError(ValueError):
    """A proof does not verify; the message says which check failed."""


def largest_power_of_two_below(n: int) -> int:
    """k such that k < n <= 2k (n > 1), the split point of RFC 6962 §2.1."""
    if n < 2:
        raise ValueError("n must be at least 2")
    return 1 << ((n - 1).bit_length() - 1)


def tree_hash(leaf_hashes: Sequence[bytes], hasher: Hasher = DEFAULT) -> bytes:
    """MTH over already-hashed leaves, computed with a compact range (O(log n) memory)."""
    rng = CompactRange(hasher)
    for leaf in leaf_hashes:
        rng.append(leaf)
    return rng.root()


def subtree_from_leaves(leaf_hashes: Sequence[bytes], hasher: Hasher = DEFAULT) -> Subtree:
    """A `subtree` callable over an in-memory list of leaf hashes (memoised)."""
    memo: dict[tuple[int, int], bytes] = {}

    def mth(start: int, end: int) -> bytes:
        key = (start, end)
        if key in memo:
            return memo[key]
        n = end - start
        if n == 1:
            value = leaf_hashes[start]
        else:
            k = largest_power_of_two_below(n)
            value = hasher.hash_children(mth(start, start + k), mth(start + k, end))
        memo[key] = value
        return value

    return mth


def inclusion_proof(index: int, size: int, subtree: Subtree) -> list[bytes]:
    """PATH(m, D[n]) of RFC 6962 §2.1.1, ordered from the leaf up."""
    if not 0 <= index < size:
        raise ValueError(f"leaf index {index} is outside a tree of size {size}")
    path: list[bytes] = []
    start, end, m = 0, size, index
    # Iterate top-down, collecting siblings, then reverse to leaf-to-root order.
    while end - start > 1:
        k = largest_power_of_two_below(end - start)
        if m < k:
            path.append(subtree(start + k, end))
            end = start + k
        else:
            path.append(subtree(start, start + k))
            start, m = start + k, m - k
    path.reverse()
    return path


def consistency_proof(first: int, second: int, subtree: Subtree) -> list[bytes]:
    """PROOF(m, D[n]) of RFC 6962 §2.1.2: SUBPROOF(m, D[n], true)."""
    if not 0 <= first <= second:
        raise ValueError(f"cannot prove consistency from size {first} to size {second}")
    if first == 0 or first == second:
        return []
    proof: list[bytes] = []
    start, end, m, complete = 0, second, first, True
    while True:
        n = end - start
        if m == n:
            if not complete:
                proof.append(subtree(start, end))
            break
        k = largest_power_of_two_below(n)
        if m <= k:
            proof.append(subtree(start + k, end))
            end = start + k
        else:
            proof.append(subtree(start, start + k))
            start, m, complete = start + k, m - k, False
    proof.reverse()
    return proof


def _check_sizes(values: Sequence[bytes], hasher: Hasher, what: str) -> None:
    for i, value in enumerate(values):
        if not isinstance(value, bytes | bytearray) or len(value) != hasher.size:
            raise ProofError(f"{what}[{i}] is not a {hasher.size}-byte {hasher.name} hash")


def root_from_inclusion_proof(
    index: int, size: int, leaf_hash: bytes, proof: Sequence[bytes], hasher: Hasher = DEFAULT
) -> bytes:
    """RFC 9162 §2.1.3.2 steps 1–4: the root implied by a leaf and its audit path."""
    if index < 0 or index >= size:
        raise ProofError(f"leaf index {index} is not below tree size {size}")
    _check_sizes([leaf_hash], hasher, "leaf hash")
    _check_sizes(proof, hasher, "proof")
    fn, sn, r = index, size - 1, leaf_hash
    for p in proof:
        if sn == 0:
            raise ProofError("proof is longer than the tree is deep")
        if fn & 1 or fn == sn:
            r = hasher.hash_children(p, r)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            r = hasher.hash_children(r, p)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError("proof is shorter than the tree is deep")
    return r


def verify_inclusion(
    index: int, size: int, leaf_hash: bytes, proof: Sequence[bytes], root: bytes, hasher: Hasher = DEFAULT
) -> None:
    """Raise ProofError unless `proof` shows leaf `index` with `leaf_hash` is in the tree `root`."""
    _check_sizes([root], hasher, "root")
    if root_from_inclusion_proof(index, size, leaf_hash, proof, hasher) != root:
        raise ProofError("inclusion proof does not lead to the given root")


def verify_consistency(
    first: int, second: int, first_root: bytes, second_root: bytes, proof: Sequence[bytes],
    hasher: Hasher = DEFAULT,
) -> None:
    """RFC 9162 §2.1.4.2: raise ProofError unless the tree of size `first` is a prefix of `second`."""
    if first < 0 or second < first:
        raise ProofError(f"size {second} cannot extend size {first}")
    if first == second:
        if proof:
            raise ProofError("equal sizes need an empty proof")
        if first_root != second_root:
            raise ProofError("equal sizes but different roots")
        return
    if first == 0:
        if proof:
            raise ProofError("consistency with the empty tree needs an empty proof")
        return
    if not proof:
        raise ProofError("empty consistency proof")
    _check_sizes([first_root, second_root], hasher, "root")
    _check_sizes(proof, hasher, "proof")
    path = list(proof)
    if first & (first - 1) == 0:
        path.insert(0, first_root)
    fn, sn = first - 1, second - 1
    while fn & 1:
        fn >>= 1
        sn >>= 1
    fr = sr = path[0]
    for c in path[1:]:
        if sn == 0:
            raise ProofError("consistency proof is too long")
        if fn & 1 or fn == sn:
            fr = hasher.hash_children(c, fr)
            sr = hasher.hash_children(c, sr)
            if not fn & 1:
                while not fn & 1 and fn != 0:
                    fn >>= 1
                    sn >>= 1
        else:
            sr = hasher.hash_children(sr, c)
        fn >>= 1
        sn >>= 1
    if sn != 0:
        raise ProofError("consistency proof is too short")
    if fr != first_root:
        raise ProofError("consistency proof does not reproduce the first root")
    if sr != second_root:
        raise ProofError("consistency proof does not reproduce the second root")


class CompactRange:
    """The perfect subtrees covering leaves [0, size): enough to append and to compute the root.

    `on_node(level, index, hash)` is called for every perfect subtree of `min_level` or more completed,
    which lets the caller check a node cache while streaming leaves.
    """

    __slots__ = ("hasher", "size", "_stack", "on_node", "min_level")

    def __init__(self, hasher: Hasher = DEFAULT, on_node: Callable[[int, int, bytes], None] | None = None,
                 min_level: int = 0):
        self.hasher = hasher
        self.size = 0
        self._stack: list[bytes] = []
        self.on_node = on_node
        self.min_level = min_level

    def append(self, leaf_hash: bytes) -> None:
        self.append_subtree(0, leaf_hash)

    def append_subtree(self, level: int, node: bytes) -> None:
        """Append a perfect subtree of 2**level leaves; the range must end on a multiple of its size."""
        width = 1 << level
        if self.size % width:
            raise ValueError(f"a subtree of {width} leaves cannot start at leaf {self.size}")
        stack, index = self._stack, self.size >> level
        children = self.hasher.hash_children
        on_node = self.on_node
        if on_node is not None and level >= self.min_level:
            on_node(level, index, node)
        # Each completed pair merges upwards; the stack holds one root per set bit of the size.
        while index & 1:
            node = children(stack.pop(), node)
            index >>= 1
            level += 1
            if on_node is not None and level >= self.min_level:
                on_node(level, index, node)
        stack.append(node)
        self.size += width

    def root(self) -> bytes:
        if not self._stack:
            return self.hasher.empty_root()
        it = reversed(self._stack)
        r = next(it)
        for left in it:
            r = self.hasher.hash_children(left, r)
        return r
