"""The FT-Bench-mini task registry: id -> task module (see FT-BENCH.md); `for_job` also resolves file tasks."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from types import ModuleType

from . import mini_aci, mini_cs, mini_econ, mini_fin, mini_gta, mini_hoc, mini_law, mini_ome, mini_sst2, mini_tomg

TASKS: dict[str, ModuleType] = {
    m.TASK_ID: m
    for m in (mini_sst2, mini_hoc, mini_aci, mini_tomg, mini_ome, mini_cs, mini_fin, mini_econ, mini_gta, mini_law)
}


def get(task_id: str) -> ModuleType:
    try:
        return TASKS[task_id]
    except KeyError:
        raise KeyError(f"unknown task {task_id!r} (known: {', '.join(sorted(TASKS))})") from None


def for_job(job: dict, job_dir: Path, log: Callable[[str, str], None] = lambda level, msg: None):
    """The job's task: a file task when `task.files` is set (splits from the job folder), else a generator."""
    task = job["task"]
    if task.get("files"):
        from .file_task import FileTask

        return FileTask.load(task["id"], task["files"], Path(job_dir), default_seed=task.get("seed", 0), log=log)
    return get(task["id"])


def describe() -> list[dict]:
    return [
        {"id": m.TASK_ID, "description": m.DESCRIPTION, "metric": m.METRIC, "maxOutputChars": m.max_output_chars}
        for m in TASKS.values()
    ]
