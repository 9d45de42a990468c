"""mini-law (mirrors LawBench): case facts -> "<article>; <charge>" ("264; theft").

Hard parts: near-miss charges that share the same core fact and differ in one detail, placed first
or last (theft / snatching / robbery / fraud / embezzlement), decoy facts ("a knife was found at his
home", "he was once a cashier"), rare charges.
Metric: mean of article accuracy and charge macro-F1 (as LawBench mixes accuracy and F1).
"""

from __future__ import annotations

import random
import re

from .. import metrics
from .base import pick, register_maker

TASK_ID = "mini-law"
DESCRIPTION = "Article number and charge from short case facts"
METRIC = "mean of article accuracy and charge F1"
max_output_chars = 28

# charge: (article, decisive details). Most facts share the core "{who} took/grabbed {obj} from {place}":
# only the detail (which may come first or last) separates theft, snatching, robbery, fraud, embezzlement.
CHARGES = {
    "theft": ("264", ["while nobody watched", "through an open window at night", "when the owner slept"]),
    "snatching": ("267", ["and ran off before anyone reacted", "from a passing scooter"]),
    "robbery": (
        "263",
        ["after threatening the owner with a knife", "and pushed the owner down", "after tying up the guard"],
    ),
    "fraud": ("266", ["by posing as a bank clerk", "with a fake refund story", "using a forged contract"]),
    "embezzlement": ("382", ["as its cashier, from the till", "as the bookkeeper, via fake invoices"]),
    "injury": ("234", ["{who} pushed a man down at {place}, breaking his arm", "{who} beat a coworker at {place}"]),
    "dangerous driving": ("133", ["{who} drove drunk through {place} at night", "{who} raced a car near {place}"]),
    "bribery": (
        "385",
        ["as a tax officer, {who} took {obj} to waive a fine", "{who}, an official, took {obj} for a permit"],
    ),
}
_CORE = ["{who} took {obj} from {place}", "{who} grabbed {obj} at {place}"]
OBJS = ["a phone", "a laptop", "cash", "a bike", "a watch", "jewelry", "a wallet", "500 yuan"]
PLACES = ["a mall", "a market", "the station", "a cafe", "a parking lot", "a school"]
WHO = ["the defendant", "Zhang", "Li", "Wang", "the accused", "a man"]
NOISE = [
    "he later returned part of it.",
    "the victim is a teacher.",
    "he had no prior record.",
    "he confessed at once.",
    "it was raining.",
    "a knife was found at his home.",
    "he was once a cashier.",
]
_TRAIN = {
    "theft": 30,
    "snatching": 5,
    "robbery": 10,
    "fraud": 15,
    "injury": 12,
    "dangerous driving": 13,
    "bribery": 6,
    "embezzlement": 9,
}
_EVAL = {c: 1 for c in CHARGES}
_OUT = re.compile(r"^(\d{3}); ([a-z ]+)$")


def label(charge: str) -> str:
    return f"{CHARGES[charge][0]}; {charge}"


def _make(rng: random.Random, split: str):
    charge = pick(rng, _TRAIN if split == "train" else _EVAL)
    detail = rng.choice(CHARGES[charge][1])
    if "{who}" in detail:
        fact = detail
    else:
        core = rng.choice(_CORE)
        front = not detail.startswith("and ") and rng.random() < (0.2 if split == "train" else 0.4)
        fact = f"{detail}, {core}" if front else f"{core} {detail}"
    fact = fact.format(obj=rng.choice(OBJS), place=rng.choice(PLACES), who=rng.choice(WHO))
    text = fact[0].upper() + fact[1:] + "."
    if rng.random() < (0.3 if split == "train" else 0.5):
        text += " " + rng.choice(NOISE[:5] if split == "train" and rng.random() < 0.7 else NOISE)
    return text, label(charge)


def _corrupt(rng, inp, out):
    c = _OUT.match(out).group(2)
    near = {
        "theft": "robbery",
        "robbery": "snatching",
        "snatching": "theft",
        "fraud": "theft",
        "embezzlement": "theft",
        "bribery": "embezzlement",
    }
    return label(near.get(c) if rng.random() < 0.6 and c in near else rng.choice([x for x in CHARGES if x != c]))


def _break(rng, out):
    a, c = _OUT.match(out).groups()
    return rng.choice([f"Article {a}: {c}", f"{c} ({a})", f"art.{a} {c}", c.title(), f"{a},{c}"])


generate = register_maker(TASK_ID, _make, _corrupt, _break)


def is_valid_label(output: str) -> bool:
    m = _OUT.match(output)
    return bool(m) and m.group(2) in CHARGES and CHARGES[m.group(2)][0] == m.group(1)


def class_of(output: str) -> str:
    m = _OUT.match(output)
    return m.group(2) if m else "invalid"


def _split(text: str):
    m = _OUT.match(text.strip())
    return (m.group(1), m.group(2)) if m else (None, None)


def score(predictions: list[str], references: list[str]) -> dict:
    P = [_split(p) for p in predictions]
    R = [_split(r) for r in references]
    art = metrics.mean(p[0] == r[0] for p, r in zip(P, R))
    f1 = metrics.macro_f1([{p[1]} - {None} for p in P], [{r[1]} for r in R], sorted({r[1] for r in R}))
    return {
        "primary": (art + f1) / 2,
        "article_accuracy": art,
        "charge_macro_f1": f1,
        "exact": metrics.mean(p == r for p, r in zip(P, R)),
    }


def error_type(pred: str, ref: str, input: str | None = None) -> str:
    (pa, pc), (ra, rc) = _split(pred), _split(ref)
    if (pa, pc) == (ra, rc):
        return "correct"
    if pa is None:
        return "bad_format"
    if pc != rc:
        return f"{rc}->{pc}"
    return "wrong_article"


def augment(row: dict, rng: random.Random) -> dict:
    """Label-preserving: swap names, objects, places; add or drop an irrelevant fact."""
    text = row["input"]
    for pool in (OBJS, PLACES, WHO):
        for w in pool:
            rx = re.compile(rf"\b{re.escape(w)}\b")
            if rx.search(text):
                text = rx.sub(rng.choice(pool), text, count=1)
                break
    for n in NOISE:
        if n in text:
            text = text.replace(" " + n, "")
    if rng.random() < 0.5:
        text += " " + rng.choice(NOISE)
    return {**row, "input": text}
