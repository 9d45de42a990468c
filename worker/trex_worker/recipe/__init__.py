"""Declarative data recipe: a list of operators applied in order to rows {input, output, source}."""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType

from ..protocol import JobError
from . import augment, code_step, dedup, load, template
from . import filter as filter_op
from . import select as select_op

OPERATORS: dict[str, Callable] = {
    "load": load.run,
    "dedup": dedup.run,
    "filter": filter_op.run,
    "sample": select_op.sample,
    "balance": select_op.balance,
    "mix": select_op.mix,
    "augment": augment.run,
    "template": template.run,
    "python": code_step.run,
}


@dataclass
class Context:
    job_dir: Path
    task: ModuleType
    task_seed: int = 0
    log: Callable[[str, str], None] = lambda level, msg: None
    templates: list[str] = field(default_factory=list)
    weights: dict[str, float] = field(default_factory=dict)


def _samples(rows: list[dict], k: int = 3) -> list[dict]:
    if not rows:
        return []
    idx = sorted({round(i * (len(rows) - 1) / max(1, k - 1)) for i in range(min(k, len(rows)))})
    return [{"input": rows[i]["input"][:300], "output": rows[i]["output"][:300]} for i in idx]


def run_recipe(operators: list[dict], ctx: Context, on_step: Callable[[dict], None] | None = None):
    """Apply the operators; return (rows, report). Raises JobError when no rows are left."""
    rows: list[dict] = []
    report: list[dict] = []
    emptied_by = None
    for op in operators:
        fn = OPERATORS.get(op["op"])
        if fn is None:
            raise JobError(f"unknown recipe operator {op['op']!r}", "broken_recipe")
        n_in = len(rows)
        try:
            rows = fn(rows, op, ctx)
        except JobError as e:
            raise JobError(str(e), "broken_recipe" if e.kind == "other" else e.kind, **e.facts) from None
        step = {"op": op["op"], "rowsIn": n_in, "rowsOut": len(rows), "samples": _samples(rows)}
        report.append(step)
        if on_step:
            on_step(step)
        if not rows and emptied_by is None:
            emptied_by = op["op"]
        elif rows:
            emptied_by = None
    if not rows:
        raise JobError(
            f"the data recipe left no training rows (after {emptied_by or operators[-1]['op']})", "empty_recipe"
        )
    return rows, report


def apply_templates(text: str, templates: list[str]) -> str:
    return template.apply(text, templates)
