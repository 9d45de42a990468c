"""mini-ome (mirrors oMeBench): reaction conditions -> the sequence of mechanism steps.

"substrate: tertiary bromide; reagent: water; solvent: protic; heat: no" -> "ionize > attack > deprotonate".
The mechanism follows textbook rules (SN1, SN2, E1, E2, carbocation shifts, carbonyl additions and
acyl substitutions); irrelevant details (flask size, colour) are distractors, rearrangements are rare
in train. Metric: step-level partial credit 2*LCS/(|pred|+|ref|) (oMeScore-like), plus exact match.
"""

from __future__ import annotations

import random

from .. import metrics
from .base import pick, register_maker

TASK_ID = "mini-ome"
DESCRIPTION = "Mechanism steps of a reaction from its conditions"
METRIC = "step-level partial credit"
STEPS = ["ionize", "shift", "attack", "deprotonate", "eliminate", "add", "protonate", "leave"]
max_output_chars = 44

WEAK_NUC = ["water", "methanol", "ethanol"]
STRONG_NUC = ["cyanide", "iodide", "azide", "hydroxide"]
BULKY = ["tert-butoxide", "LDA"]
HALIDES = ["bromide", "chloride", "iodide", "tosylate"]
DISTRACT = ["flask: 250 mL", "color: pale yellow", "stirred: 2 h", "scale: 5 g", "under argon"]
MECH = {
    "SN1": "ionize > attack > deprotonate",
    "SN1shift": "ionize > shift > attack > deprotonate",
    "E1": "ionize > deprotonate",
    "SN2": "attack > leave",
    "E2": "eliminate",
    "grignard": "add > protonate",
    "hydride": "add > protonate",
    "acyl": "add > eliminate > deprotonate",
}
_TRAIN = {"SN1": 22, "SN1shift": 3, "E1": 12, "SN2": 25, "E2": 14, "grignard": 9, "hydride": 7, "acyl": 8}
_EVAL = {"SN1": 14, "SN1shift": 12, "E1": 12, "SN2": 14, "E2": 12, "grignard": 12, "hydride": 12, "acyl": 12}


def steps(text: str) -> list[str]:
    return [s.strip() for s in text.split(">") if s.strip()]


def _make(rng: random.Random, split: str):
    kind = pick(rng, _TRAIN if split == "train" else _EVAL)
    hal = rng.choice(HALIDES)
    if kind in ("SN1", "E1"):
        parts = [
            f"substrate: tertiary {hal}",
            f"reagent: {rng.choice(WEAK_NUC)}",
            "solvent: protic",
            f"heat: {'yes' if kind == 'E1' else 'no'}",
        ]
    elif kind == "SN1shift":
        parts = [
            f"substrate: secondary {hal} next to a quaternary carbon",
            f"reagent: {rng.choice(WEAK_NUC)}",
            "solvent: protic",
            "heat: no",
        ]
    elif kind == "SN2":
        parts = [
            f"substrate: {rng.choice(['primary', 'methyl', 'secondary'])} {hal}",
            f"reagent: {rng.choice(STRONG_NUC)}",
            "solvent: aprotic",
            "heat: no",
        ]
    elif kind == "E2":
        parts = [
            f"substrate: {rng.choice(['primary', 'secondary', 'tertiary'])} {hal}",
            f"reagent: {rng.choice(BULKY)}",
            f"solvent: {rng.choice(['aprotic', 'protic'])}",
            f"heat: {rng.choice(['yes', 'no'])}",
        ]
    elif kind == "grignard":
        parts = [
            f"substrate: {rng.choice(['aldehyde', 'ketone'])}",
            f"reagent: {rng.choice(['MeMgBr', 'EtMgBr', 'PhMgBr'])}",
            "then: acid workup",
        ]
    elif kind == "hydride":
        parts = [
            f"substrate: {rng.choice(['aldehyde', 'ketone'])}",
            f"reagent: {rng.choice(['NaBH4', 'LiAlH4'])}",
            "then: water",
        ]
    else:
        parts = [
            f"substrate: {rng.choice(['ester', 'acid chloride', 'anhydride'])}",
            f"reagent: {rng.choice(['hydroxide', 'methoxide', 'ammonia'])}",
        ]
    if rng.random() < 0.35:
        parts.insert(rng.randrange(1, len(parts) + 1), rng.choice(DISTRACT))
    return "; ".join(parts), MECH[kind]


def _corrupt(rng, inp, out):
    return rng.choice([m for m in MECH.values() if m != out])


def _break(rng, out):
    s = steps(out)
    return rng.choice([", ".join(s), " -> ".join(s), out.upper(), " > ".join(s[:-1]) + " >", "1. " + s[0]])


generate = register_maker(TASK_ID, _make, _corrupt, _break)


def is_valid_label(output: str) -> bool:
    s = output.split(" > ")
    return bool(s) and all(x in STEPS for x in s)


def class_of(output: str) -> str:
    return output


def lcs(a: list, b: list) -> int:
    dp = [0] * (len(b) + 1)
    for x in a:
        prev = 0
        for j, y in enumerate(b):
            cur = dp[j + 1]
            dp[j + 1] = prev + 1 if x == y else max(dp[j + 1], dp[j])
            prev = cur
    return dp[-1]


def partial_credit(pred: str, ref: str) -> float:
    p, r = steps(pred), steps(ref)
    return 2 * lcs(p, r) / (len(p) + len(r)) if p or r else 1.0


def score(predictions: list[str], references: list[str]) -> dict:
    pc = metrics.mean(partial_credit(p, r) for p, r in zip(predictions, references))
    return {
        "primary": pc,
        "step_score": pc,
        "exact": metrics.accuracy(predictions, references),
        "first_step": metrics.mean(steps(p)[:1] == steps(r)[:1] for p, r in zip(predictions, references)),
    }


def error_type(pred: str, ref: str, input: str | None = None) -> str:
    if pred.strip() == ref:
        return "correct"
    if not is_valid_label(pred.strip()):
        return "bad_format"
    name = {v: k for k, v in MECH.items()}.get(ref, "other")
    got = {v: k for k, v in MECH.items()}.get(pred.strip(), "other")
    return f"{name}->{got}"


def augment(row: dict, rng: random.Random) -> dict:
    """Label-preserving: swap equivalent reagents/leaving groups; add or drop a distractor detail."""
    parts = row["input"].split("; ")
    out = []
    for p in parts:
        if p in DISTRACT:
            continue
        key, _, val = p.partition(": ")
        if key == "reagent":
            for pool in (WEAK_NUC, STRONG_NUC, BULKY):
                if val in pool and val != "hydroxide":
                    p = f"reagent: {rng.choice([x for x in pool if x != 'hydroxide'])}"
        elif key == "substrate":
            words = val.split(" ")
            if len(words) > 1 and words[1] in HALIDES:
                words[1] = rng.choice(HALIDES)
                p = "substrate: " + " ".join(words)
        out.append(p)
    if rng.random() < 0.5:
        out.insert(rng.randrange(1, len(out) + 1), rng.choice(DISTRACT))
    return {**row, "input": "; ".join(out)}
