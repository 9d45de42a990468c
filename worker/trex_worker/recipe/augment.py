"""augment: add `factor` x len(rows) augmented copies (task = label-preserving, char_noise, shuffle_words)."""

from __future__ import annotations

import random
import string

MAX_ROWS = 200_000
_LETTERS = string.ascii_lowercase


def char_noise(row: dict, rng: random.Random, rate: float = 0.05) -> dict:
    chars = list(row["input"])
    out = []
    for ch in chars:
        u = rng.random()
        if u < rate / 3:
            continue  # deletion
        if u < 2 * rate / 3 and ch.isalpha():
            out.append(rng.choice(_LETTERS))  # substitution
            continue
        out.append(ch)
        if u < rate:
            out.append(rng.choice(_LETTERS))  # insertion
    if len(out) > 1 and rng.random() < 0.3:  # one adjacent swap
        i = rng.randrange(len(out) - 1)
        out[i], out[i + 1] = out[i + 1], out[i]
    return {**row, "input": "".join(out) or row["input"]}


def shuffle_words(row: dict, rng: random.Random) -> dict:
    """Swap a couple of adjacent words (may change meaning: that is the experiment)."""
    words = row["input"].split(" ")
    for _ in range(max(1, len(words) // 6)):
        if len(words) < 2:
            break
        i = rng.randrange(len(words) - 1)
        words[i], words[i + 1] = words[i + 1], words[i]
    return {**row, "input": " ".join(words)}


def run(rows: list[dict], op: dict, ctx) -> list[dict]:
    kind, factor = op["kind"], float(op.get("factor", 1))
    rng = random.Random(op.get("seed", 0))
    if kind == "task":
        fn = getattr(ctx.task, "augment", None)
        if fn is None:
            ctx.log("warn", f"augment: task {ctx.task.TASK_ID} has no task-specific augmentation; using char_noise")
            fn = char_noise
    else:
        fn = {"char_noise": char_noise, "shuffle_words": shuffle_words}[kind]
    n_extra = min(int(round(len(rows) * factor)), MAX_ROWS - len(rows))
    if n_extra <= 0 or not rows:
        return list(rows)
    whole, rest = divmod(n_extra, len(rows))
    picks = [i for _ in range(whole) for i in range(len(rows))] + rng.sample(range(len(rows)), rest)
    return list(rows) + [fn(rows[i], rng) for i in picks]
