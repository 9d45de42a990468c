"""mini-hoc (mirrors HoC): a pseudo-abstract -> the set of cancer hallmarks it mentions.

Output: labels sorted and comma-joined ("angiogenesis,proliferation") or "none". Cues are phrases
("VEGF-driven vessel growth"); hard parts: negated cues ("no effect on ...", "rather than ...", "lack of
...") and decoy cues used as methods ("... assay as control") that must NOT be labelled, and rare labels
(immune, metabolism) that are rarer still in train.
Metric: macro-F1 over the six labels (plus micro-F1 and exact-set accuracy).
"""

from __future__ import annotations

import random

from .. import metrics
from .base import register_maker

TASK_ID = "mini-hoc"
DESCRIPTION = "Cancer hallmarks mentioned in a short abstract (multi-label)"
METRIC = "macro-F1"
LABELS = ["angiogenesis", "apoptosis", "immune", "invasion", "metabolism", "proliferation"]
max_output_chars = 48

CUES = {
    "angiogenesis": ["VEGF-driven vessel growth", "new blood vessel formation", "tumor vascularization"],
    "apoptosis": ["resistance to apoptosis", "blocked caspase activation", "evasion of cell death"],
    "immune": ["escape from T-cell attack", "PD-L1 mediated immune evasion", "suppressed NK cell killing"],
    "invasion": ["metastatic spread", "invasion of nearby tissue", "EMT and migration"],
    "metabolism": ["Warburg-like glycolysis", "rewired glucose metabolism", "high lactate production"],
    "proliferation": ["uncontrolled cell division", "sustained growth signaling", "faster cell cycle entry"],
}
GENES = ["KRAS", "TP53", "MYC", "EGFR", "BRAF", "PTEN", "HER2", "BCL2", "ALK", "CDK4"]
TISSUES = ["lung", "breast", "colon", "liver", "skin", "brain", "pancreatic", "ovarian"]
_TRAIN_P = {
    "angiogenesis": 0.3,
    "apoptosis": 0.3,
    "immune": 0.06,
    "invasion": 0.3,
    "metabolism": 0.08,
    "proliferation": 0.45,
}
_EVAL_P = {
    "angiogenesis": 0.3,
    "apoptosis": 0.3,
    "immune": 0.25,
    "invasion": 0.3,
    "metabolism": 0.25,
    "proliferation": 0.35,
}


def fmt(labels) -> str:
    return ",".join(sorted(set(labels))) or "none"


def parse(text: str) -> set:
    t = text.strip()
    if t == "none" or not t:
        return set()
    return {x.strip() for x in t.split(",")}


def _add(text: str, extra: str, limit: int = 125) -> str:
    return text + extra if len(text) + len(extra) <= limit else text


def _make(rng: random.Random, split: str):
    p = _TRAIN_P if split == "train" else _EVAL_P
    labels = [lab for lab in LABELS if rng.random() < p[lab]][:3]
    cues = [rng.choice(CUES[lab]) for lab in labels]
    gene, tissue = rng.choice(GENES), rng.choice(TISSUES)
    text = f"{gene} in {tissue} tumors"
    if cues:
        text += " drives " + " and ".join(cues)
    else:
        text += rng.choice([" was sequenced in 40 patients", " shows no clear phenotype", " is frequently mutated"])
    train = split == "train"
    others = [lab for lab in LABELS if lab not in labels]
    if rng.random() < (0.12 if train else 0.35):  # negated cue: not a label
        cue = rng.choice(CUES[rng.choice(others)])
        text = _add(
            text,
            rng.choice(
                [
                    f"; no effect on {cue}",
                    f", but not {cue}",
                    f"; {cue} was not observed",
                    f" rather than {cue}",
                    f"; lack of {cue}",
                ]
            ),
        )
    if rng.random() < (0.08 if train else 0.25):  # decoy: a cue used as a method, not a finding
        cue = rng.choice(CUES[rng.choice(others)])
        text = _add(text, rng.choice([f"; {cue} assay as control", f" (control: {cue} marker)"]))
    if rng.random() < 0.3:
        text = rng.choice(["we report that ", "here, ", "in mice, ", "our data show "]) + text
    return text[:125], fmt(labels)


def _corrupt(rng, inp, out):
    s = parse(out)
    if s and rng.random() < 0.5:
        s.discard(rng.choice(sorted(s)))
    else:
        s.add(rng.choice(LABELS))
    return fmt(s)


def _break(rng, out):
    return rng.choice([out.replace(",", "; ").title(), f"[{out}]", out.replace(",", " , "), out.upper(), out + "."])


generate = register_maker(TASK_ID, _make, _corrupt, _break)


def is_valid_label(output: str) -> bool:
    if output == "none":
        return True
    parts = output.split(",")
    return all(p in LABELS for p in parts) and parts == sorted(set(parts))


def class_of(output: str) -> str:
    """The rarest label present, so `balance` oversamples the rare hallmarks."""
    s = [lab for lab in parse(output) if lab in _TRAIN_P]
    return sorted(s, key=lambda lab: _TRAIN_P[lab])[0] if s else "none"


def score(predictions: list[str], references: list[str]) -> dict:
    P = [parse(p) for p in predictions]
    R = [parse(r) for r in references]
    macro = metrics.macro_f1(P, R, LABELS)
    return {
        "primary": macro,
        "macro_f1": macro,
        "micro_f1": metrics.micro_f1(P, R),
        "exact_set": metrics.mean(p == r for p, r in zip(P, R)),
    }


def error_type(pred: str, ref: str, input: str | None = None) -> str:
    p, r = parse(pred), parse(ref)
    if p == r:
        return "correct"
    if not is_valid_label(pred.strip()):
        return "bad_format"
    if p - r and r - p:
        return "swapped_label"
    if p - r:
        extra = sorted(p - r)[0]
        neg = input and any(w in input for w in ("no effect", "not ", "rather than", "lack of"))
        decoy = input and "control" in input
        return f"spurious:{extra}" + ("/negated_cue" if neg else "/decoy_cue" if decoy else "")
    return f"missed:{sorted(r - p)[0]}"


def augment(row: dict, rng: random.Random) -> dict:
    """Label-preserving: swap gene/tissue names and each cue phrase for another cue of the same label."""
    text = row["input"]
    for lab, cues in CUES.items():
        for c in cues:
            if c in text and lab in parse(row["output"]):
                text = text.replace(c, rng.choice(cues), 1)
    for pool in (GENES, TISSUES):
        for w in pool:
            if w in text.split(" ")[:4]:
                text = text.replace(w, rng.choice(pool), 1)
                break
    return {**row, "input": text[:125]}
