"""Backend-independent evaluation: predictions -> metrics per split, bad cases and error groups.

Bad cases and error groups come from the VALIDATION split only: the test split is reported as a
number and never shown (the agents must not tune on it)."""

from __future__ import annotations

import math
from collections import Counter, defaultdict
from collections.abc import Callable

from .recipe.template import apply as apply_templates


class Cancelled(Exception):
    """Raised when SIGTERM asked the job to stop; `partial` holds what the result can still report."""

    def __init__(self, partial: dict | None = None):
        super().__init__("cancelled")
        self.partial = partial or {}


def _finite(metrics: dict) -> dict:
    return {k: float(v) if math.isfinite(float(v)) else 0.0 for k, v in metrics.items()}


def pick_bad_cases(cases: list[dict], k: int) -> list[dict]:
    """Round-robin over error types so every group shows up before any group shows twice."""
    groups = defaultdict(list)
    for c in cases:
        groups[c["errorType"]].append(c)
    order = sorted(groups, key=lambda g: -len(groups[g]))
    out, i = [], 0
    while len(out) < k and any(i < len(groups[g]) for g in order):
        for g in order:
            if i < len(groups[g]) and len(out) < k:
                out.append(groups[g][i])
        i += 1
    return out


def evaluate(
    task,
    job: dict,
    predict: Callable[[list[str], int], list[str]],
    step: int,
    events,
    cancelled: Callable[[], bool] = lambda: False,
    templates: list[str] | None = None,
) -> dict:
    """predict(prompts, max_chars) -> completions. Returns {metrics, badCases, errorGroups}."""
    ev = job["evaluation"]
    seed = job["task"]["seed"]
    out = {"metrics": {}, "badCases": [], "errorGroups": {}}
    for split in dict.fromkeys(ev["splits"]):
        if cancelled():
            raise Cancelled(out)
        rows = task.generate(split, ev["maxExamples"], seed)
        prompts = [apply_templates(r["input"], templates or []) for r in rows]
        preds = predict(prompts, task.max_output_chars)
        refs = [r["output"] for r in rows]
        m = _finite(task.score(preds, refs))
        m["n"] = float(len(rows))
        out["metrics"][split] = m
        events.emit("eval", split=split, step=int(step), metrics=m)
        if split == "validation":
            cases = []
            for r, p in zip(rows, preds):
                et = task.error_type(p, r["output"], r["input"])
                if et != "correct":
                    cases.append({"input": r["input"], "expected": r["output"], "predicted": p, "errorType": et})
            out["errorGroups"] = dict(Counter(c["errorType"] for c in cases).most_common())
            out["badCases"] = pick_bad_cases(cases, ev["badCases"])
    return out
