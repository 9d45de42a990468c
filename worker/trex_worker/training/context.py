"""What one training run sees: the job, its folder, the task, the recipe's rows, events and the stop signals."""

from __future__ import annotations

import hashlib
import json
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
    def state_dir(self) -> Path:
        """The Trainer's resumable state (optimizer, scheduler, RNG) while a run is unfinished."""
        return self.job_dir / "trainer-state"

    @property
    def checkpoint_ref(self) -> str:
        """The checkpoint as the server stores it: relative to the jobs root, usable as a child's initFrom."""
        return f"{self.job_dir.resolve().name}/checkpoint"


def fingerprint(job: dict) -> str:
    """Identifies 'the same job' for resuming: everything that shapes training (not the ids)."""
    keep = {k: job.get(k) for k in ("task", "recipe", "training")}
    return hashlib.sha256(json.dumps(keep, sort_keys=True).encode()).hexdigest()[:24]


def rank() -> int:
    return int(os.environ.get("RANK", "0"))


def world_size() -> int:
    return int(os.environ.get("WORLD_SIZE", "1"))
