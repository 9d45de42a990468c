"""Several training processes: a job whose `training.processes` (default: the visible GPUs) is above 1 re-executes
itself under torchrun, keeping its pid (exec), so the runner's pid, SIGTERM and exit status stay the same.
torchrun starts one worker per process; the Trainer trains with DDP (NCCL on GPUs, gloo on CPU) and rank 0 alone
writes events.jsonl, result.json and the checkpoint."""

from __future__ import annotations

import json
import os
import sys
from pathlib import Path


def _processes(job_dir: Path) -> int:
    try:
        job = json.loads((job_dir / "job.json").read_text(encoding="utf-8"))
        tr = job.get("training", {})
    except (OSError, ValueError, AttributeError):
        return 1  # run_job reports the bad job.json
    if job.get("kind") in ("generate", "dryrun"):
        return 1  # a generation job asks its models in one process; a dry-run trains nothing
    wanted = tr.get("processes") if isinstance(tr, dict) else None
    if isinstance(wanted, int) and wanted >= 1:
        return wanted
    visible = os.environ.get("CUDA_VISIBLE_DEVICES")
    if visible is not None:
        return max(1, len([d for d in visible.split(",") if d.strip()]))
    try:  # count GPUs without importing torch (nvidia-smi is on every CUDA machine)
        import subprocess

        out = subprocess.run(["nvidia-smi", "-L"], capture_output=True, text=True, timeout=20)
        return max(1, sum(1 for line in out.stdout.splitlines() if line.startswith("GPU ")))
    except (OSError, subprocess.SubprocessError):
        return 1


def relaunch_distributed(job_dir: Path) -> None:
    if "WORLD_SIZE" in os.environ:  # already one of torchrun's workers
        return
    n = _processes(job_dir)
    if n <= 1:
        return
    args = [
        sys.executable,
        "-m",
        "torch.distributed.run",
        "--standalone",
        f"--nproc-per-node={n}",
        "-m",
        "trex_worker",
        "run",
        "--job-dir",
        str(job_dir),
    ]
    sys.stdout.flush()
    os.execv(sys.executable, args)
