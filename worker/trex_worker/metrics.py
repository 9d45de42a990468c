"""Metric functions shared by the FT-Bench-mini tasks and file-backed tasks (all return floats in [0, 1])."""

from __future__ import annotations

import math
import re
from collections import Counter


def accuracy(preds: list[str], refs: list[str]) -> float:
    if not refs:
        return 0.0
    return sum(p.strip() == r.strip() for p, r in zip(preds, refs)) / len(refs)


def set_f1(pred: set, ref: set) -> float:
    """F1 between two sets; two empty sets agree perfectly."""
    if not pred and not ref:
        return 1.0
    tp = len(pred & ref)
    if tp == 0:
        return 0.0
    p, r = tp / len(pred), tp / len(ref)
    return 2 * p * r / (p + r)


def macro_f1(pred_sets: list[set], ref_sets: list[set], labels: list[str]) -> float:
    """Mean over labels of the per-label binary F1 across examples (labels absent everywhere count 1)."""
    scores = []
    for lab in labels:
        tp = sum(lab in p and lab in r for p, r in zip(pred_sets, ref_sets))
        fp = sum(lab in p and lab not in r for p, r in zip(pred_sets, ref_sets))
        fn = sum(lab not in p and lab in r for p, r in zip(pred_sets, ref_sets))
        scores.append(1.0 if tp + fp + fn == 0 else 2 * tp / (2 * tp + fp + fn))
    return sum(scores) / len(scores) if scores else 0.0


def micro_f1(pred_sets: list[set], ref_sets: list[set]) -> float:
    tp = sum(len(p & r) for p, r in zip(pred_sets, ref_sets))
    fp = sum(len(p - r) for p, r in zip(pred_sets, ref_sets))
    fn = sum(len(r - p) for p, r in zip(pred_sets, ref_sets))
    return 1.0 if tp + fp + fn == 0 else 2 * tp / (2 * tp + fp + fn)


_SPACES = re.compile(r"\s+")
_EDGE_PUNCT = " \t\n.,;:!?\"'`()[]{}"


def normalize_answer(text: str) -> str:
    """Lower-cased, whitespace collapsed, surrounding punctuation and quotes removed ("Paris." == " paris")."""
    return _SPACES.sub(" ", text.lower()).strip(_EDGE_PUNCT)


def exact_match(preds: list[str], refs: list[str]) -> float:
    """Share of predictions equal to the reference after `normalize_answer`."""
    if not refs:
        return 0.0
    return sum(normalize_answer(p) == normalize_answer(r) for p, r in zip(preds, refs)) / len(refs)


_NUMBER = re.compile(r"[-+\u2212]?(?:\d[\d,_]*(?:\.\d*)?|\.\d+)(?:[eE][-+]?\d+)?")


def parse_number(text: str) -> float | None:
    """The first number in `text` ("$1,234.5" -> 1234.5, "-3 %" -> -3.0, "1e3" -> 1000.0); None when there is none."""
    m = _NUMBER.search(text)
    if not m:
        return None
    try:
        value = float(m.group(0).replace("\u2212", "-").replace(",", "").replace("_", ""))
    except ValueError:
        return None
    return value if math.isfinite(value) else None


def numeric_match(pred: str, ref: str, rel_tol: float = 1e-6, abs_tol: float = 1e-9) -> bool:
    """The first number of `pred` equals the first number of `ref` (1,000 == 1000.0)."""
    p, r = parse_number(pred), parse_number(ref)
    return p is not None and r is not None and math.isclose(p, r, rel_tol=rel_tol, abs_tol=abs_tol)


_TOKEN = re.compile(r"[a-z0-9]+")


def tokens(text: str) -> list[str]:
    return _TOKEN.findall(text.lower())


def rouge1(pred: str, ref: str) -> float:
    """ROUGE-1 F1 over lower-cased alphanumeric unigrams (clipped counts)."""
    p, r = Counter(tokens(pred)), Counter(tokens(ref))
    if not p and not r:
        return 1.0
    overlap = sum((p & r).values())
    if overlap == 0:
        return 0.0
    prec, rec = overlap / sum(p.values()), overlap / sum(r.values())
    return 2 * prec * rec / (prec + rec)


def mean(xs) -> float:
    xs = list(xs)
    return sum(xs) / len(xs) if xs else 0.0
