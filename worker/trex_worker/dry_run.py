"""The `dryrun` job kind: the data recipe alone, no model and no training, in seconds.

It reports what plan review needs before any GPU time is spent: the rows each operator leaves (with samples), the
rows left in the end, and how many training inputs are also inputs of the test split (a leak into training).
An empty recipe is a finding here, not a failure; a recipe the worker cannot run fails as it would in training.
"""

from __future__ import annotations

import time
from pathlib import Path

from .protocol import JobError, apply_defaults, check_recipe, inside, schema, schema_errors
from .recipe import Context, run_recipe
from .tasks import registry


def _key(text: str) -> str:
    return " ".join(text.lower().split())


def run_dry_run(raw: dict, job_dir: Path, events, recipe_report: list) -> dict:
    errs = schema_errors("dryrun", raw)
    if errs:
        raise JobError("invalid job.json: " + "; ".join(errs[:6]), "broken_recipe")
    job = apply_defaults(schema("dryrun"), raw)
    if job["task"].get("files"):
        inside(job_dir, job["task"]["files"]["dir"])
    try:
        check_recipe(job["recipe"]["operators"], job_dir)
    except JobError as e:
        raise JobError(str(e), "broken_recipe") from None
    t0 = time.time()
    task = registry.for_job(job, job_dir, log=events.log)
    ctx = Context(job_dir=job_dir, task=task, task_seed=job["task"]["seed"], log=events.log)
    try:
        rows, _ = run_recipe(job["recipe"]["operators"], ctx, recipe_report.append)
    except JobError as e:
        if e.kind != "empty_recipe":
            raise
        rows = []
    test = {_key(r["input"]) for r in task.generate("test", None, job["task"]["seed"])}
    overlap = sum(1 for r in rows if _key(r["input"]) in test)
    return {
        "dryRun": {
            "rows": len(rows),
            "testOverlap": overlap,
            "testRows": len(test),
            "seconds": round(time.time() - t0, 3),
        }
    }
