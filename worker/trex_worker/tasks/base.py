"""Deterministic split construction shared by every FT-Bench-mini task.

A task supplies `make(rng, split) -> (input, output)` (clean rows; `split` lets it skew the train
distribution: class imbalance, rare constructions), `corrupt(rng, input, output) -> output` (a wrong
but well-formed label) and `break_format(rng, output) -> output` (a right answer in a broken format).
This module turns them into fixed-size, seeded, disjoint splits:
- validation and test: clean, unique inputs, disjoint from each other;
- train: disjoint from both, then ~8% label noise, ~5% broken formats, ~5% exact duplicates.
"""

from __future__ import annotations

import random
from collections.abc import Callable
from functools import lru_cache

SPLIT_SIZES = {"train": 20_000, "validation": 300, "test": 300}
LABEL_NOISE, FORMAT_NOISE, DUPLICATES = 0.08, 0.05, 0.05

_MAKERS: dict[str, tuple[Callable, Callable, Callable]] = {}


def register_maker(task_id: str, make, corrupt, break_format) -> Callable:
    _MAKERS[task_id] = (make, corrupt, break_format)

    def generate(split: str, n: int | None = None, seed: int = 0) -> list[dict]:
        rows = pool(task_id, split, seed)
        n = len(rows) if n is None else max(0, min(n, len(rows)))
        return [dict(r) for r in rows[:n]]

    return generate


def _unique(make, rng, split, n, exclude: set, tries_per_row: int = 60) -> list[tuple[str, str]]:
    out, seen = [], set(exclude)
    budget = n * tries_per_row
    while len(out) < n and budget > 0:
        budget -= 1
        inp, outp = make(rng, split)
        if inp in seen:
            continue
        seen.add(inp)
        out.append((inp, outp))
    if len(out) < n:
        raise RuntimeError(f"could not generate {n} unique {split} rows")
    return out


@lru_cache(maxsize=64)
def _eval_pools(task_id: str, seed: int) -> dict[str, tuple]:
    make = _MAKERS[task_id][0]
    val = _unique(make, random.Random(f"{task_id}/{seed}/validation"), "validation", SPLIT_SIZES["validation"], set())
    test = _unique(make, random.Random(f"{task_id}/{seed}/test"), "test", SPLIT_SIZES["test"], {i for i, _ in val})
    return {"validation": tuple(val), "test": tuple(test)}


@lru_cache(maxsize=32)
def pool(task_id: str, split: str, seed: int = 0) -> tuple[dict, ...]:
    if split not in SPLIT_SIZES:
        raise ValueError(f"unknown split {split!r} (train, validation, test)")
    make, corrupt, break_format = _MAKERS[task_id]
    evals = _eval_pools(task_id, seed)
    if split != "train":
        return tuple({"input": i, "output": o} for i, o in evals[split])
    held_out = {i for i, _ in evals["validation"]} | {i for i, _ in evals["test"]}
    rng = random.Random(f"{task_id}/{seed}/train")
    n = SPLIT_SIZES["train"]
    rows: list[dict] = []
    attempts = 0
    while len(rows) < n:
        attempts += 1
        if attempts > n * 50:
            raise RuntimeError(f"{task_id}: train generator cannot avoid the held-out inputs")
        inp, out = make(rng, "train")
        if inp in held_out:
            continue
        u = rng.random()
        if u < LABEL_NOISE:
            out = corrupt(rng, inp, out)
        elif u < LABEL_NOISE + FORMAT_NOISE:
            out = break_format(rng, out)
        rows.append({"input": inp, "output": out})
    # exact duplicates: copies of earlier rows placed at random later positions
    for idx in sorted(rng.sample(range(1, n), int(n * DUPLICATES))):
        rows[idx] = dict(rows[rng.randrange(idx)])
    return tuple(rows)


def pick(rng: random.Random, weighted: dict):
    """Choose a key of `weighted` with probability proportional to its value."""
    keys = list(weighted)
    return rng.choices(keys, weights=[weighted[k] for k in keys], k=1)[0]
