"""Command line: `python3 -m trex_worker run --job-dir DIR | selfcheck | sample ... | tasks | ftbench-fetch ...`."""
from __future__ import annotations

import argparse
import json
import platform
import sys
from pathlib import Path


def _selfcheck() -> int:
    info = {"ok": True, "python": platform.python_version(), "torch": None, "threads": None,
            "backends": [], "openblasCoretype": None}
    import os
    info["openblasCoretype"] = os.environ.get("OPENBLAS_CORETYPE")
    try:
        import torch
        from ._env import num_threads
        torch.set_num_threads(num_threads())
        info["torch"] = torch.__version__
        info["threads"] = torch.get_num_threads()
        info["cuda"] = bool(torch.cuda.is_available())
        info["backends"].append("tiny")
    except Exception as e:  # noqa: BLE001
        info["ok"] = False
        info["error"] = f"torch is not importable: {e}"
    from .backends import hf
    if hf.available():
        info["backends"].append("hf")
    from .tasks import registry
    info["tasks"] = sorted(registry.TASKS)
    info["features"] = ["task.files", "ftbench-fetch"]
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
    f.add_argument("--task", required=True, help="aci-bench, tomg-bench, omebench, hoc, sst-2, cs-bench, openfindata, "
                                                 "econlogicqa, gta, lawbench")
    f.add_argument("--out", required=True, help="folder to write (train/validation/test.jsonl, task.json)")
    f.add_argument("--from", dest="source", help="local folder laid out as <subset>/{train,validation,test}.jsonl")
    args = p.parse_args(argv)
    if args.cmd == "run":
        from .runner import run_job
        d = Path(args.job_dir)
        if not d.is_dir():
            print(f"job folder not found: {d}", file=sys.stderr)
            return 1
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
