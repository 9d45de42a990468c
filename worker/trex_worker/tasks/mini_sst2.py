"""mini-sst2 (mirrors SST-2): a short film review -> "positive" / "negative".

Hard parts: negation ("was not fun", "was hardly gripping"), contrast ("..., but ..." where the second
clause decides), rare double negation ("not without charm", "never fails to be dull"), and distractor
clauses about things other than the film ("the popcorn was awful") that must be ignored.
Train is 75/25 positive/negative and light on the hard constructions; validation/test are balanced and
richer in them, so cleaning, balancing and targeted augmentation move the score.
"""

from __future__ import annotations

import random
import re

from .. import metrics
from .base import pick, register_maker

TASK_ID = "mini-sst2"
DESCRIPTION = "Sentiment of a short film review (positive / negative)"
METRIC = "accuracy"
LABELS = ["positive", "negative"]
max_output_chars = 8

POS = [
    "great",
    "wonderful",
    "charming",
    "moving",
    "brilliant",
    "fun",
    "clever",
    "gripping",
    "delightful",
    "superb",
    "fresh",
    "smart",
    "touching",
    "stunning",
    "witty",
]
NEG = [
    "dull",
    "boring",
    "awful",
    "messy",
    "bland",
    "clumsy",
    "tedious",
    "weak",
    "lifeless",
    "forgettable",
    "flat",
    "silly",
    "painful",
    "shallow",
    "predictable",
]
POS_NOUNS, NEG_NOUNS = (
    ["charm", "wit", "heart", "merit", "spark"],
    ["flaws", "problems", "dull stretches", "clunky bits"],
)
INTENS = ["very", "really", "truly", "incredibly", "quite", "so", "utterly", "remarkably"]
SUBJECTS = [
    "the film",
    "this movie",
    "the plot",
    "the acting",
    "the script",
    "the ending",
    "the score",
    "the cast",
    "the direction",
    "the story",
    "the dialogue",
    "the pacing",
    "it",
]
NEGATED = ["was not", "is not", "was never", "was hardly", "wasn't", "isn't"]
COPULA = ["was", "is", "felt", "seemed"]
OTHER = ["the popcorn", "the seats", "the parking", "the trailer", "the ticket line", "the cinema"]
FILLERS = [
    "saw it on tuesday.",
    "went with my sister.",
    "watched it twice.",
    "caught the late show.",
    "my friend picked it.",
    "honestly,",
    "in short,",
    "overall,",
    "to be fair,",
]


def _adj(rng, pol):
    return rng.choice(POS if pol else NEG)


def _maybe_int(rng, p=0.35):
    return rng.choice(INTENS) + " " if rng.random() < p else ""


def _clause(rng, pol: bool, kind: str) -> str:
    subj = rng.choice(SUBJECTS)
    if kind == "plain":
        return f"{subj} {rng.choice(COPULA)} {_maybe_int(rng)}{_adj(rng, pol)}"
    if kind == "negated":  # negation flips the adjective's polarity
        return f"{subj} {rng.choice(NEGATED)} {_maybe_int(rng, 0.2)}{_adj(rng, not pol)}"
    # double negation: the sentence keeps the polarity of the adjective / noun
    form = rng.randrange(3)
    if form == 0:
        return f"{subj} is not without {rng.choice(POS_NOUNS if pol else NEG_NOUNS)}"
    if form == 1:
        return f"{subj} never fails to be {_adj(rng, pol)}"
    return f"i can't say {subj} wasn't {_adj(rng, pol)}"


_TRAIN_KINDS = {"plain": 60, "negated": 25, "contrast": 12, "double": 3}
_EVAL_KINDS = {"plain": 60, "negated": 20, "contrast": 12, "double": 8}


def _make(rng: random.Random, split: str):
    train = split == "train"
    pol = rng.random() < (0.75 if train else 0.5)
    kind = pick(rng, _TRAIN_KINDS if train else _EVAL_KINDS)
    if kind == "contrast":
        first = _clause(rng, not pol, rng.choice(["plain", "plain", "negated"]))
        second = _clause(rng, pol, rng.choice(["plain", "plain", "negated"]))
        text = f"{first}, but {second}" if rng.random() < 0.7 else f"although {first}, {second}"
    else:
        text = _clause(rng, pol, kind)
    r = rng.random()
    if r < 0.2:  # aspect distractor with its own (irrelevant) sentiment; rarely after the main clause
        other = f"{rng.choice(OTHER)} was {_adj(rng, rng.random() < 0.5)}"
        text = f"{other}; {text}" if rng.random() < (0.9 if train else 0.75) else f"{text}. {other}"
    elif r < 0.45:
        text = f"{rng.choice(FILLERS)} {text}"
    if rng.random() < 0.3:
        text += rng.choice(["!", ".", "...", " !!"])
    return text, ("positive" if pol else "negative")


def _corrupt(rng, inp, out):
    return "negative" if out == "positive" else "positive"


def _break(rng, out):
    forms = {
        "positive": ["Positive!!", " POS", "pos", "positive.", "POSITIVE", "positve", "Positive"],
        "negative": ["Negative!!", " NEG", "neg", "negative.", "NEGATIVE", "negatve", "Negative"],
    }
    return rng.choice(forms[out])


generate = register_maker(TASK_ID, _make, _corrupt, _break)


def is_valid_label(output: str) -> bool:
    return output in LABELS


def class_of(output: str) -> str:
    return output


def score(predictions: list[str], references: list[str]) -> dict:
    preds = [p.strip() for p in predictions]
    acc = metrics.accuracy(preds, references)
    by = {lab: [p == r for p, r in zip(preds, references) if r == lab] for lab in LABELS}
    return {
        "primary": acc,
        "accuracy": acc,
        "recall_positive": metrics.mean(by["positive"]),
        "recall_negative": metrics.mean(by["negative"]),
        "invalid_rate": metrics.mean(p not in LABELS for p in preds),
    }


_WORDS = re.compile(r"[a-z']+")


def construction(text: str) -> str:
    t = text.lower()
    if "not without" in t or "never fails" in t or "can't say" in t:
        return "double_negation"
    if " but " in t or t.startswith("although") or ", although" in t:
        return "contrast"
    if any(n in t for n in (" not ", " never ", " hardly ", "far from", "n't ")):
        return "negation"
    if any(o in t for o in OTHER):
        return "distractor"
    return "plain"


def error_type(pred: str, ref: str, input: str | None = None) -> str:
    pred = pred.strip()
    if pred == ref:
        return "correct"
    kind = "invalid_label" if pred not in LABELS else ("false_positive" if pred == "positive" else "false_negative")
    return f"{construction(input)}/{kind}" if input else kind


def augment(row: dict, rng: random.Random) -> dict:
    """Label-preserving: swap sentiment words for same-polarity synonyms, vary intensifiers and subjects."""

    def swap(m):
        w = m.group(0)
        if w in POS:
            return rng.choice(POS)
        if w in NEG:
            return rng.choice(NEG)
        if w in INTENS:
            return rng.choice(INTENS)
        return w

    text = _WORDS.sub(swap, row["input"])
    if rng.random() < 0.5:
        text = re.sub(
            r"\b(the film|this movie|the plot|the acting|the script|the story)\b",
            lambda m: rng.choice(SUBJECTS[:-1]),
            text,
            count=1,
        )
    return {**row, "input": text}
