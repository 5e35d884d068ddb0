"""The n-gram model's definition shared by every runtime: its type name and its hashing.

Both runtimes (numpy here, torch in ``core.torch_model``) and the trainer take these
constants from this one place, so a checkpoint hashes the same way wherever it runs.
"""

from __future__ import annotations

import numpy as np

MODEL_TYPE = "mygo-ngram"
# Multipliers for the n-gram hash. The running code is reduced modulo 2**31 after each step,
# so code * prime + id stays below 2**61 and never overflows int64 (in torch or numpy alike).
HASH_PRIMES = (1_000_003, 998_244_353, 1_000_000_007)
HASH_MODULUS = 1 << 31


def ngram_buckets(ids: np.ndarray, orders: list[int], num_buckets: int) -> np.ndarray:
    """Bucket ids of all n-grams of one text's character ids (no padding here)."""
    ids = ids.astype(np.int64)
    parts = []
    for order in orders:
        length = len(ids) - order + 1
        if length <= 0:
            continue
        code = np.full(length, order, dtype=np.int64)
        for offset in range(order):
            code = (code * HASH_PRIMES[offset % len(HASH_PRIMES)] + ids[offset : offset + length]) % HASH_MODULUS
        parts.append(code % num_buckets)
    return np.concatenate(parts) if parts else np.zeros(0, dtype=np.int64)
