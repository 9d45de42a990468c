"""mini-econ (mirrors EconLogicQA): three or four shuffled economic events -> their causal order.

"Peru 2019, order: A) fuel prices rise B) oil supply drops C) airfares rise" -> "BAC".
Chains come from a fixed bank (the model has to learn economics), shuffled differently per row;
distractor events unrelated to the chain are rare in train. Metric: exact order accuracy (plus
pairwise-order accuracy as partial credit).
"""

from __future__ import annotations

import itertools
import random
import re

from .. import metrics
from .base import register_maker

TASK_ID = "mini-econ"
DESCRIPTION = "Put shuffled economic events in causal order"
METRIC = "exact-order accuracy"
max_output_chars = 4

CHAINS = [
    ["oil supply drops", "fuel prices rise", "airfares rise", "travel demand falls"],
    ["central bank raises rates", "mortgage costs rise", "home sales slow", "house prices dip"],
    ["drought hits farms", "wheat harvest shrinks", "bread prices rise", "food inflation climbs"],
    ["factory orders jump", "firms hire more", "unemployment falls", "wages rise"],
    ["currency weakens", "imports get pricier", "import volumes fall", "trade deficit narrows"],
    ["tax cut is passed", "disposable income rises", "consumer spending grows", "retail sales climb"],
    ["chip shortage begins", "car output falls", "used car prices rise", "auto inflation rises"],
    ["stock market crashes", "household wealth drops", "spending is cut", "GDP growth slows"],
    ["bank fails", "credit tightens", "small firms cut jobs", "unemployment rises"],
    ["new mine opens", "copper supply grows", "copper prices fall", "wiring costs drop"],
    ["tourism rebounds", "hotel bookings rise", "hotels hire staff", "service jobs grow"],
    ["rates are cut", "borrowing gets cheaper", "firms invest more", "output expands"],
]


REGIONS = [
    "Chile",
    "Kenya",
    "Norway",
    "Japan",
    "Peru",
    "Poland",
    "Egypt",
    "Canada",
    "Vietnam",
    "Ghana",
    "Spain",
    "Chad",
]


def _make(rng: random.Random, split: str):
    chain = rng.choice(CHAINS)
    k = 3 if rng.random() < (0.7 if split == "train" else 0.5) else 4
    start = rng.randrange(len(chain) - k + 1)
    events = chain[start : start + k]
    order = list(range(k))
    rng.shuffle(order)
    letters = "ABCD"[:k]
    shown = [events[i] for i in order]  # shown[j] is event order[j]
    where = f"{rng.choice(REGIONS)} {rng.randint(2015, 2024)}"  # context: irrelevant to the order
    text = f"{where}, order: " + " ".join(f"{letters[j]}) {shown[j]}" for j in range(k))
    answer = "".join(letters[order.index(i)] for i in range(k))
    return text, answer


def _corrupt(rng, inp, out):
    perms = ["".join(p) for p in itertools.permutations(out) if "".join(p) != out]
    return rng.choice(perms)


def _break(rng, out):
    return rng.choice([",".join(out), " ".join(out), out.lower(), f"{out}.", f"order: {out}", "-".join(out)])


generate = register_maker(TASK_ID, _make, _corrupt, _break)


def is_valid_label(output: str) -> bool:
    return len(output) in (3, 4) and sorted(output) == list("ABCD"[: len(output)])


def class_of(output: str) -> str:
    return output


def pairwise(pred: str, ref: str) -> float:
    pairs = list(itertools.combinations(ref, 2))
    if not is_valid_label(pred) or len(pred) != len(ref):
        return 0.0
    return sum(pred.index(a) < pred.index(b) for a, b in pairs) / len(pairs)


def score(predictions: list[str], references: list[str]) -> dict:
    preds = [p.strip() for p in predictions]
    acc = metrics.accuracy(preds, references)
    return {
        "primary": acc,
        "exact_order": acc,
        "pairwise": metrics.mean(pairwise(p, r) for p, r in zip(preds, references)),
        "first_correct": metrics.mean(bool(p) and p[0] == r[0] for p, r in zip(preds, references)),
    }


def error_type(pred: str, ref: str, input: str | None = None) -> str:
    p = pred.strip()
    if p == ref:
        return "correct"
    if not is_valid_label(p) or len(p) != len(ref):
        return "bad_format"
    return f"{len(ref)}_events/" + ("first_wrong" if p[0] != ref[0] else "tail_wrong")


_OPT = re.compile(r"([A-D])\) (.*?)(?= [A-D]\) |$)")


def augment(row: dict, rng: random.Random) -> dict:
    """Reshuffle the shown events and recompute the answer (the causal order is unchanged)."""
    text, ans = row["input"], row["output"]
    head, sep, body = text.partition("order: ")
    opts = dict(_OPT.findall(body)) if sep else {}
    if not is_valid_label(ans) or sorted(opts) != sorted(ans):
        return dict(row)
    events = [opts[c] for c in ans]  # causal order
    k = len(events)
    order = list(range(k))
    rng.shuffle(order)
    new_text = f"{head}order: " + " ".join(f"{'ABCD'[j]}) {events[order[j]]}" for j in range(k))
    new_ans = "".join("ABCD"[order.index(i)] for i in range(k))
    return {**row, "input": new_text, "output": new_ans}
