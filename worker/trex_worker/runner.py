"""One job, start to end: validate -> data recipe -> backend (train + evaluate) -> result.json; a job of kind
`generate` (generation_job.py) asks models prompts instead, inside the same envelope.

Whatever happens, result.json is written (atomically) and the last event is `finished`.
Exit status: 0 succeeded or cancelled, 1 failed.
"""

from __future__ import annotations

import json
import os
import signal
import threading
import time
import traceback
from pathlib import Path

from .evaluate import Cancelled
from .events import EventLog, NullEventLog, write_json_atomic
from .models.source import resolve as resolve_model
from .protocol import PROTOCOL_VERSION, JobError, validate_job
from .recipe import Context as RecipeContext
from .recipe import run_recipe
from .tasks import registry
from .training.context import RunContext, rank


def _oom_message(e: BaseException) -> str | None:
    text = str(e)
    if isinstance(e, MemoryError) or "DefaultCPUAllocator" in text:
        first = text.strip().splitlines()[0][:200] if text.strip() else ""
        return "out of memory (host RAM): try a smaller micro-batch, gradient checkpointing or a smaller model" + (
            f" ({first})" if first else ""
        )
    if type(e).__name__ == "OutOfMemoryError" or "CUDA out of memory" in text:
        first = text.strip().splitlines()[0] if text.strip() else ""
        return "GPU out of memory: try a smaller batchSize, LoRA/QLoRA or gradient checkpointing" + (
            f" ({first[:200]})" if first else ""
        )
    return None


def run_job(job_dir: Path) -> int:
    job_dir = Path(job_dir)
    t_start, cpu_start = time.time(), time.process_time()
    lead = rank() == 0  # in a distributed run the other processes train and report nothing
    events = EventLog(job_dir / "events.jsonl") if lead else NullEventLog()
    events.emit("started", pid=os.getpid())
    events.start_heartbeat()
    cancel = threading.Event()

    def on_signal(signum, _frame):
        if not cancel.is_set():
            cancel.set()
            events.log("warn", f"received {signal.Signals(signum).name}: stopping after the current step")

    previous = {s: signal.signal(s, on_signal) for s in (signal.SIGTERM, signal.SIGINT)}
    result: dict = {
        "version": PROTOCOL_VERSION,
        "jobId": "",
        "status": "failed",
        "metrics": {},
        "badCases": [],
        "errorGroups": {},
        "recipeReport": [],
        "checkpoint": None,
    }
    try:
        try:
            raw = json.loads((job_dir / "job.json").read_text(encoding="utf-8"))
        except FileNotFoundError:
            raise JobError(f"no job.json in {job_dir}") from None
        except (OSError, ValueError) as e:
            raise JobError(f"cannot read job.json: {e}") from None
        if isinstance(raw, dict) and isinstance(raw.get("jobId"), str):
            result["jobId"] = raw["jobId"]
        if isinstance(raw, dict) and raw.get("kind") == "generate":
            from .generation_job import run_generation

            result.update(run_generation(raw, job_dir, events, cancel))
        elif isinstance(raw, dict) and raw.get("kind") == "dryrun":
            from .dry_run import run_dry_run

            result.update(run_dry_run(raw, job_dir, events, result["recipeReport"]))
        else:
            result.update(_train_job(raw, job_dir, events, cancel, t_start, result["recipeReport"]))
        result["status"] = "succeeded"
    except Cancelled as c:
        result.update(c.partial)
        result["status"] = "cancelled"
    except JobError as e:
        result["error"] = str(e)
        result["failureKind"] = e.kind
        result.update(e.facts)
        events.log("error", str(e))
    except BaseException as e:  # noqa: BLE001 - every failure must end in a result.json
        oom = _oom_message(e)
        msg = oom or (f"{type(e).__name__}: {e}" if str(e) else type(e).__name__)
        result["error"] = msg
        result["failureKind"] = "out_of_memory" if oom else "other"
        tb = traceback.format_exc(limit=8)
        events.log("error", f"{msg}\n{tb[-3000:]}")
        if isinstance(e, KeyboardInterrupt):
            result["status"] = "cancelled"
    finally:
        wall = time.time() - t_start
        result["cost"] = {
            "cpuSeconds": round(time.process_time() - cpu_start, 3),
            "gpuSeconds": round(wall * _gpus(), 3),
            "wallSeconds": round(wall, 3),
        }
        if result["status"] != "failed":
            for key in ("error", "failureKind", "fieldsSeen"):
                result.pop(key, None)
        if lead:
            write_json_atomic(job_dir / "result.json", result)
        events.emit("finished", status=result["status"])
        events.close()
        for s, h in previous.items():
            signal.signal(s, h)
    return 1 if result["status"] == "failed" else 0


def _preparation(events):
    """Reports work that comes before training (a preset's first build) as `prepare` events: a progress bar."""
    return lambda what, step, total: events.emit("prepare", what=what, step=step, totalSteps=total)


def _train_job(raw, job_dir: Path, events, cancel, t_start: float, recipe_report: list) -> dict:
    """A training job: validate -> data recipe -> train + evaluate; the result fields it fills."""
    job = validate_job(raw, job_dir)
    task = registry.for_job(job, job_dir, log=events.log)
    tr = job["training"]
    # before the recipe: an unavailable model fails in seconds
    src = resolve_model(job, job_dir, log=events.log, progress=_preparation(events))

    rctx = RecipeContext(job_dir=job_dir, task=task, task_seed=job["task"]["seed"], log=events.log)

    def on_step(step):
        events.emit("recipe", op=step["op"], rowsIn=step["rowsIn"], rowsOut=step["rowsOut"])
        recipe_report.append(step)

    rows, _ = run_recipe(job["recipe"]["operators"], rctx, on_step)
    events.log("info", f"data recipe: {len(rows)} training rows")
    if cancel.is_set():
        raise Cancelled()
    ctx = RunContext(
        job=job,
        job_dir=job_dir,
        task=task,
        rows=rows,
        templates=rctx.templates,
        events=events,
        cancel=cancel,
        deadline=t_start + float(tr["maxSeconds"]),
    )
    from .training.train import run as train

    return train(ctx, src)


def _gpus() -> int:
    """GPUs this process held (GPU-seconds = wall time x GPUs; a DDP run's processes each report their own)."""
    import sys

    torch = sys.modules.get("torch")  # never import torch just for this: a job that failed early did not use it
    try:
        return 1 if torch is not None and torch.cuda.is_available() else 0
    except Exception:  # noqa: BLE001
        return 0
