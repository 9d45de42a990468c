"""Command line: `python3 -m trex_worker run --job-dir DIR | selfcheck | sample ... | tasks | ftbench-fetch ...`."""

from __future__ import annotations

import argparse
import json
import platform
import sys
from pathlib import Path

from .names import TRAINING_BACKENDS


def _selfcheck() -> int:
    """The environment as JSON: what a runner's "Test" shows. ok is false when the training stack cannot load."""
    import os

    info = {
        "ok": True,
        "python": platform.python_version(),
        "torch": None,
        "transformers": None,
        "peft": None,
        "threads": None,
        "backends": [],
        "openblasCoretype": os.environ.get("OPENBLAS_CORETYPE"),
    }
    try:
        import peft
        import torch
        import transformers

        from ._env import num_threads

        torch.set_num_threads(num_threads())
        info.update(
            torch=torch.__version__,
            transformers=transformers.__version__,
            peft=peft.__version__,
            threads=torch.get_num_threads(),
            cuda=bool(torch.cuda.is_available()),
            gpus=torch.cuda.device_count() if torch.cuda.is_available() else 0,
            backends=list(TRAINING_BACKENDS),
        )
    except Exception as e:  # noqa: BLE001
        info["ok"] = False
        info["error"] = f"the training stack is not importable ({e}): install the worker with pip install ./worker"
    from .models import catalogue
    from .tasks import registry

    info["tasks"] = sorted(registry.TASKS)
    info["presets"] = catalogue.preset_ids()
    info["features"] = ["task.files", "ftbench-fetch", "validation-curve", "distributed"]
    print(json.dumps(info))
    return 0


def _sample(args) -> int:
    from .tasks import registry

    try:
        task = registry.get(args.task)
    except KeyError as e:
        print(str(e.args[0]), file=sys.stderr)
        return 2
    rows = task.generate(args.split, args.n, args.seed)
    for r in rows:
        print(json.dumps(r, ensure_ascii=False))
    return 0


def _ftbench_fetch(args) -> int:
    from .ftbench import FetchError, fetch

    try:
        summary = fetch(args.task, Path(args.out), args.source)
    except FetchError as e:
        print(f"ftbench-fetch: {e}", file=sys.stderr)
        return 2
    print(json.dumps(summary, ensure_ascii=False))
    return 0


def main(argv=None) -> int:
    p = argparse.ArgumentParser(prog="trex_worker", description="TREX training worker")
    sub = p.add_subparsers(dest="cmd", required=True)
    r = sub.add_parser("run", help="run the job in DIR (job.json -> events.jsonl, result.json, checkpoint/)")
    r.add_argument("--job-dir", required=True)
    sub.add_parser("selfcheck", help="print the environment as JSON")
    s = sub.add_parser("sample", help="print rows of an FT-Bench-mini split as JSONL")
    s.add_argument("--task", required=True)
    s.add_argument("--split", default="train", choices=["train", "validation", "test"])
    s.add_argument("--n", type=int, default=10)
    s.add_argument("--seed", type=int, default=0)
    sub.add_parser("tasks", help="list the FT-Bench-mini tasks as JSON")
    f = sub.add_parser("ftbench-fetch", help="write one FT-Bench task's data as a file task (OUT/*.jsonl + task.json)")
    f.add_argument(
        "--task",
        required=True,
        help="aci-bench, tomg-bench, omebench, hoc, sst-2, cs-bench, openfindata, econlogicqa, gta, lawbench",
    )
    f.add_argument("--out", required=True, help="folder to write (train/validation/test.jsonl, task.json)")
    f.add_argument("--from", dest="source", help="local folder laid out as <subset>/{train,validation,test}.jsonl")
    args = p.parse_args(argv)
    if args.cmd == "run":
        from .runner import run_job

        d = Path(args.job_dir)
        if not d.is_dir():
            print(f"job folder not found: {d}", file=sys.stderr)
            return 1
        from .launch import relaunch_distributed

        relaunch_distributed(d)  # several GPUs (or training.processes > 1): exec torchrun; returns otherwise
        return run_job(d)
    if args.cmd == "selfcheck":
        return _selfcheck()
    if args.cmd == "sample":
        return _sample(args)
    if args.cmd == "ftbench-fetch":
        return _ftbench_fetch(args)
    if args.cmd == "tasks":
        from .tasks import registry

        print(json.dumps(registry.describe()))
        return 0
    return 2
