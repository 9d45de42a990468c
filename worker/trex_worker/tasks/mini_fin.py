"""mini-fin (mirrors OpenFinData): a small revenue table -> percent change, one decimal ("10.4").

"Q1 revenue 120.5; Q1 cost 80.0; Q2 revenue 133.0 | change Q1->Q2" -> "10.4".
Easy cases start from 100 (the change is a subtraction); others from round bases (50, 200, 250, 400, 500)
or arbitrary values (a real division). Cost rows and a third quarter are distractors; falls are rarer
in train than in validation/test. Metric: a prediction counts when within 0.1 of the reference.
"""

from __future__ import annotations

import random
import re
from decimal import ROUND_HALF_UP, Decimal

from .. import metrics
from .base import pick, register_maker

TASK_ID = "mini-fin"
DESCRIPTION = "Percent change between two quarters of a small revenue table"
METRIC = "accuracy within 0.1"
TOLERANCE = 0.1
max_output_chars = 7
_VALID = re.compile(r"^-?\d{1,3}\.\d$")


def pct(a: float, b: float) -> str:
    v = Decimal(str(b - a)) / Decimal(str(a)) * 100
    s = str(v.quantize(Decimal("0.1"), rounding=ROUND_HALF_UP))
    return "0.0" if s == "-0.0" else s


def _fmt(x: float) -> str:
    return f"{x:.1f}"


def _make(rng: random.Random, split: str):
    train = split == "train"
    kind = pick(rng, {"hundred": 50, "round": 20, "any": 30} if train else {"hundred": 50, "round": 25, "any": 25})
    base = {
        "hundred": lambda: 100.0,
        "round": lambda: float(rng.choice([50, 200, 250, 400, 500])),
        "any": lambda: round(rng.uniform(20, 500) * 2) / 2,
    }[kind]()
    falls = rng.random() < (0.25 if train else 0.45)
    while True:
        change = round(rng.uniform(0.5, 45 if not falls else 40) * 2) / 2  # percent, multiple of 0.5
        new = base * (1 + (-change if falls else change) / 100)
        new = round(new * 2) / 2 if kind == "any" else round(new, 1)
        if new > 0 and new != base:
            break
    quarters = 3 if rng.random() < (0.15 if train else 0.25) else 2
    q_from, q_to = (1, 2) if quarters == 2 else rng.choice([(1, 2), (2, 3), (1, 3)])
    values = {}
    for q in range(1, quarters + 1):
        values[q] = round(rng.uniform(20, 500) * 2) / 2
    values[q_from], values[q_to] = base, new
    parts = []
    for q in range(1, quarters + 1):
        parts.append(f"Q{q} revenue {_fmt(values[q])}")
        if rng.random() < (0.12 if train else 0.2):
            parts.append(f"Q{q} cost {_fmt(round(values[q] * rng.uniform(0.4, 0.9), 1))}")
    text = "; ".join(parts) + f" | change Q{q_from}->Q{q_to}"
    return text, pct(base, new)


def _corrupt(rng, inp, out):
    v = float(out)
    if rng.random() < 0.4 and v != 0:
        return _fmt(-v)
    return _fmt(v + rng.choice([-1, 1]) * rng.choice([0.5, 1.0, 2.0, 5.0, 10.0]))


def _break(rng, out):
    v = float(out)
    return rng.choice(
        [f"{out}%", f"+{out}" if v >= 0 else f"{out} ", f"{v:.2f}", str(round(v)), f"~{out}", f"{out} percent"]
    )


generate = register_maker(TASK_ID, _make, _corrupt, _break)


def is_valid_label(output: str) -> bool:
    return bool(_VALID.match(output)) and output != "-0.0"


def class_of(output: str) -> str:
    return "fall" if output.startswith("-") else "rise"


def _num(s: str):
    try:
        return float(s.strip())
    except ValueError:
        return None


def score(predictions: list[str], references: list[str]) -> dict:
    vals = [_num(p) for p in predictions]
    ok = [v is not None and abs(v - float(r)) <= TOLERANCE + 1e-9 for v, r in zip(vals, references)]
    acc = metrics.mean(ok)
    return {
        "primary": acc,
        "accuracy": acc,
        "exact": metrics.accuracy(predictions, references),
        "sign_accuracy": metrics.mean(v is not None and (v < 0) == (float(r) < 0) for v, r in zip(vals, references)),
        "parse_rate": metrics.mean(v is not None for v in vals),
    }


def error_type(pred: str, ref: str, input: str | None = None) -> str:
    v, r = _num(pred), float(ref)
    if v is not None and abs(v - r) <= TOLERANCE + 1e-9:
        return "correct"
    if v is None or not is_valid_label(pred.strip()):
        kind = "bad_format" if v is not None else "unparseable"
    elif (v < 0) != (r < 0):
        kind = "wrong_sign"
    elif abs(v - r) <= 1.0:
        kind = "off_by_under_1"
    else:
        kind = "off_by_more"
    if input:
        base = re.search(r"change Q(\d)->", input)
        m = base and re.search(rf"Q{base.group(1)} revenue ([\d.]+)", input)
        tag = "base100" if m and float(m.group(1)) == 100 else "other_base"
        return f"{tag}/{kind}"
    return kind


def augment(row: dict, rng: random.Random) -> dict:
    """Label-preserving number reformatting: 120.0 -> 120 / 120.00, "revenue" -> "rev", "sales"."""

    def refmt(m):
        x = float(m.group(0))
        return rng.choice([f"{x:.1f}", f"{x:.2f}", f"{x:g}"])

    text = re.sub(r"\d+\.\d+", refmt, row["input"])
    if rng.random() < 0.5:
        text = text.replace("revenue", rng.choice(["rev", "sales", "revenue"]))
    if rng.random() < 0.3:
        text = text.replace(" | change ", rng.choice([" | pct change ", " | % change ", " | change "]))
    return {**row, "input": text}
