"""Pieces shared by the backends: run context, learning-rate schedule, job fingerprint, atomic saves."""
from __future__ import annotations

import hashlib
import json
import math
import os
import threading
from dataclasses import dataclass, field
from pathlib import Path
from types import ModuleType


@dataclass
class RunContext:
    job: dict
    job_dir: Path
    task: ModuleType
    rows: list[dict]
    templates: list[str]
    events: object
    cancel: threading.Event = field(default_factory=threading.Event)
    deadline: float = float("inf")

    @property
    def jobs_root(self) -> Path:
        return self.job_dir.resolve().parent

    @property
    def checkpoint_dir(self) -> Path:
        return self.job_dir / "checkpoint"

    @property
    def checkpoint_ref(self) -> str:
        """The checkpoint as the server stores it: relative to the jobs root, usable as a child's initFrom."""
        return f"{self.job_dir.resolve().name}/checkpoint"


def lr_at(step: int, total: int, base: float, warmup_ratio: float) -> float:
    """Linear warm-up over warmup_ratio of the steps, then cosine decay to 5% of the base rate."""
    warm = int(round(warmup_ratio * total))
    if warm and step < warm:
        return base * (step + 1) / warm
    progress = (step - warm) / max(1, total - warm)
    return base * (0.05 + 0.95 * 0.5 * (1 + math.cos(math.pi * min(1.0, progress))))


def fingerprint(job: dict) -> str:
    """Identifies 'the same job' for resuming: everything that shapes training (not the ids)."""
    keep = {k: job.get(k) for k in ("task", "recipe", "training")}
    return hashlib.sha256(json.dumps(keep, sort_keys=True).encode()).hexdigest()[:24]


def progress_every(total: int) -> int:
    return max(1, total // 25)


def write_json(path: Path, obj) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    tmp.write_text(json.dumps(obj, indent=1), encoding="utf-8")
    os.replace(tmp, path)
