"""dedup: exact (same input and output) or near (character 3-gram Jaccard >= threshold, MinHash + LSH)."""

from __future__ import annotations

import zlib

import numpy as np

_PRIME = (1 << 61) - 1
_N_PERM = 64
_MAX_CHECKS = 40  # exact Jaccard checks per row: keeps worst-case cost linear


def shingles(text: str, k: int = 3) -> set[str]:
    text = " ".join(text.lower().split())
    return {text[i : i + k] for i in range(max(1, len(text) - k + 1))}


def jaccard(a: set, b: set) -> float:
    return len(a & b) / len(a | b) if (a or b) else 1.0


def _bands(threshold: float) -> tuple[int, int]:
    """(bands, rows per band) whose S-curve midpoint (1/b)^(1/r) sits a little below the threshold."""
    best = None
    for r in range(1, _N_PERM + 1):
        if _N_PERM % r:
            continue
        b = _N_PERM // r
        mid = (1 / b) ** (1 / r)
        if mid <= threshold - 0.05 and (best is None or mid > best[2]):
            best = (b, r, mid)
    return (best[0], best[1]) if best else (_N_PERM, 1)


def _text(row) -> str:
    return row["input"] + "\u241e" + row["output"]


def near_keep(texts: list[str], threshold: float, seed: int = 1) -> list[bool]:
    rng = np.random.default_rng(seed)
    a = rng.integers(1, _PRIME, _N_PERM, dtype=np.uint64)
    b = rng.integers(0, _PRIME, _N_PERM, dtype=np.uint64)
    b_count, r = _bands(threshold)
    sh = [shingles(t) for t in texts]
    buckets: dict[tuple, list[int]] = {}
    keep = []
    for i, s in enumerate(sh):
        h = np.array([zlib.crc32(x.encode()) for x in s], dtype=np.uint64)
        sig = ((h[:, None] * a[None, :] + b[None, :]) % np.uint64(_PRIME)).min(axis=0)
        keys = [(j, sig[j * r : (j + 1) * r].tobytes()) for j in range(b_count)]
        cands, checks, dup = set(), 0, False
        for key in keys:
            for k in buckets.get(key, ()):
                if k in cands:
                    continue
                cands.add(k)
                checks += 1
                if jaccard(s, sh[k]) >= threshold:
                    dup = True
                    break
                if checks >= _MAX_CHECKS:
                    break
            if dup or checks >= _MAX_CHECKS:
                break
        keep.append(not dup)
        if not dup:
            for key in keys:
                buckets.setdefault(key, []).append(i)
    return keep


def run(rows: list[dict], op: dict, ctx) -> list[dict]:
    if op.get("mode", "exact") == "exact":
        seen, out = set(), []
        for row in rows:
            key = (row["input"], row["output"])
            if key not in seen:
                seen.add(key)
                out.append(row)
        return out
    # exact duplicates first (cheap), then near duplicates among the rest
    rows = run(rows, {"mode": "exact"}, ctx)
    keep = near_keep([_text(r) for r in rows], float(op.get("threshold", 0.9)))
    return [r for r, k in zip(rows, keep) if k]
