"""mini-aci (mirrors ACI-Bench): a short doctor-patient dialogue -> a structured note.

"D: what brings you in? P: a dry cough for 3 days. D: taking anything? P: honey tea."
-> "complaint: dry cough; duration: 3 days; medication: honey tea"
Hard parts: distractor complaints about someone else ("my son had a rash"), corrections ("no wait,
5 days"), "none" medication. Metric: ROUGE-1 F1 against the reference note (plus exact-note accuracy).
"""

from __future__ import annotations

import random
import re

from .. import metrics
from .base import register_maker

TASK_ID = "mini-aci"
DESCRIPTION = "Write a structured clinical note from a short dialogue"
METRIC = "ROUGE-1"
max_output_chars = 80

COMPLAINTS = [
    "dry cough",
    "headache",
    "sore throat",
    "back pain",
    "fever",
    "rash",
    "nausea",
    "dizziness",
    "ear pain",
    "knee pain",
    "fatigue",
    "chest tightness",
]
MEDS = ["ibuprofen", "paracetamol", "honey tea", "antacids", "cough syrup", "aspirin", "ice packs", "eye drops"]
UNITS = ["days", "weeks"]
OTHERS = ["my son", "my wife", "my dad", "my sister"]
_NOTE = re.compile(r"^complaint: ([a-z ]+); duration: (\d+ (?:day|days|week|weeks)); medication: ([a-z ]+)$")


def note(c, d, m) -> str:
    return f"complaint: {c}; duration: {d}; medication: {m}"


def _dur(rng):
    n = rng.randint(1, 9)
    u = rng.choice(UNITS)
    return f"{n} {u[:-1] if n == 1 else u}"


def _make(rng: random.Random, split: str):
    train = split == "train"
    c, d = rng.choice(COMPLAINTS), _dur(rng)
    m = "none" if rng.random() < 0.15 else rng.choice(MEDS)
    parts = [rng.choice(["D: what brings you in?", "D: what's wrong?", "D: how can i help?"])]
    if rng.random() < (0.1 if train else 0.25):  # distractor: someone else's symptom
        parts.append(f"P: {rng.choice(OTHERS)} had {rng.choice([x for x in COMPLAINTS if x != c])}, but i have {c}")
    else:
        parts.append(f"P: {rng.choice(['i have', 'i got', 'there is'])} {c}")
    if rng.random() < (0.08 if train else 0.2) and "but i have" not in parts[-1]:  # correction
        wrong = _dur(rng)
        parts[-1] += f" for {wrong}, no wait, {d}." if wrong != d else f" for {d}."
    else:
        parts[-1] += f" for {d}."
    parts.append(rng.choice(["D: taking anything?", "D: any meds?", "D: tried anything?"]))
    parts.append("P: nothing." if m == "none" else f"P: {rng.choice(['some ', 'just ', ''])}{m}.")
    return " ".join(parts), note(c, d, m)


def _corrupt(rng, inp, out):
    m = _NOTE.match(out)
    c, d, med = m.groups()
    k = rng.randrange(3)
    if k == 0:
        c = rng.choice([x for x in COMPLAINTS if x != c])
    elif k == 1:
        d = _dur(rng)
    else:
        med = rng.choice([x for x in MEDS + ["none"] if x != med])
    return note(c, d, med)


def _break(rng, out):
    m = _NOTE.match(out)
    c, d, med = m.groups()
    return rng.choice(
        [
            f"Complaint - {c}, {d}",
            f"{c}; {d}; {med}",
            out.upper(),
            out[: rng.randrange(10, len(out) - 2)],
            f"note: {c} for {d}, takes {med}",
        ]
    )


generate = register_maker(TASK_ID, _make, _corrupt, _break)


def is_valid_label(output: str) -> bool:
    return bool(_NOTE.match(output))


def class_of(output: str) -> str:
    m = _NOTE.match(output)
    return "no_medication" if m and m.group(3) == "none" else "medication"


def score(predictions: list[str], references: list[str]) -> dict:
    r1 = [metrics.rouge1(p, r) for p, r in zip(predictions, references)]
    fields = []
    for p, r in zip(predictions, references):
        mp, mr = _NOTE.match(p.strip()), _NOTE.match(r)
        fields.append(sum(a == b for a, b in zip(mp.groups(), mr.groups())) / 3 if mp and mr else 0.0)
    return {
        "primary": metrics.mean(r1),
        "rouge1": metrics.mean(r1),
        "field_accuracy": metrics.mean(fields),
        "exact": metrics.accuracy(predictions, references),
    }


def error_type(pred: str, ref: str, input: str | None = None) -> str:
    if pred.strip() == ref:
        return "correct"
    mp, mr = _NOTE.match(pred.strip()), _NOTE.match(ref)
    if not mp:
        return "bad_format"
    wrong = [name for name, a, b in zip(("complaint", "duration", "medication"), mp.groups(), mr.groups()) if a != b]
    tag = ""
    if input and "no wait" in input:
        tag = "/correction"
    elif input and any(o in input for o in OTHERS):
        tag = "/distractor"
    return f"wrong_{wrong[0]}{tag}"


def augment(row: dict, rng: random.Random) -> dict:
    """Label-preserving paraphrase of the doctor's turns and the patient's fillers."""
    text = row["input"]
    for group in (
        ["D: what brings you in?", "D: what's wrong?", "D: how can i help?"],
        ["D: taking anything?", "D: any meds?", "D: tried anything?"],
    ):
        for g in group:
            if g in text:
                text = text.replace(g, rng.choice(group), 1)
                break
    text = re.sub(r"P: (i have|i got|there is) ", lambda _: f"P: {rng.choice(['i have', 'i got', 'there is'])} ", text)
    return {**row, "input": text}
