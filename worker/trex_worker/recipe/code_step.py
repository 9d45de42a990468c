"""python: a code step, a function transform(row) the Executor wrote and a reviewer approved, applied to every row.

The code never runs in the worker's process: a child (code_sandbox.py, `python -I -S`: standard library only, no
environment passed on) gets the rows as JSON on stdin and answers with rows as JSON on stdout, without network, with
the job folder as its only writable place, and within the step's CPU-time, wall-time and memory limits. What the
sandbox refused fails the job as `code_refused`; code that raises, returns something that is not rows or runs out of
time or memory fails it as `code_failed`, with the reason either way.
"""

from __future__ import annotations

import json
import signal
import subprocess
import sys
from pathlib import Path

from ..protocol import JobError

SANDBOX = Path(__file__).with_name("code_sandbox.py")
START_ALLOWANCE_S = 10  # wall seconds beyond the CPU limit: start-up, JSON both ways, a loaded machine


def run(rows: list[dict], op: dict, ctx) -> list[dict]:
    cpu_s, mib = int(op.get("timeoutSeconds", 60)), int(op.get("memoryMiB", 1024))
    payload = json.dumps({"code": op["code"], "rows": rows})
    try:
        proc = subprocess.run(
            [sys.executable, "-I", "-S", str(SANDBOX), str(ctx.job_dir.resolve()), str(mib), str(cpu_s)],
            input=payload,
            capture_output=True,
            text=True,
            encoding="utf-8",
            errors="replace",
            timeout=cpu_s + START_ALLOWANCE_S,
            cwd=ctx.job_dir,
            env={"PATH": "/usr/bin:/bin", "LC_ALL": "C.UTF-8"},
        )
    except subprocess.TimeoutExpired:
        raise JobError(
            f"the code step ran past its time limit ({cpu_s} s CPU, {cpu_s + START_ALLOWANCE_S} s wall) and was stopped",
            "code_failed",
        ) from None
    printed = proc.stderr.strip()
    if printed:
        ctx.log("info", f"code step printed: {printed[-2000:]}")
    try:
        answer = json.loads(proc.stdout) if proc.stdout.strip() else None
    except ValueError:
        answer = None
    if answer is None:
        raise JobError(_died(proc.returncode, cpu_s, mib, printed), "code_failed")
    ctx.log("info", f"code step isolation: {answer.get('isolation')}")
    if "error" in answer:
        raise JobError(answer["error"], answer.get("kind", "code_failed"))
    return answer["rows"]


def _died(code: int, cpu_s: int, mib: int, printed: str) -> str:
    if code in (-signal.SIGXCPU, -signal.SIGKILL):
        return f"the code step ran past its CPU time limit of {cpu_s} s and was stopped"
    if "MemoryError" in printed or code == -signal.SIGSEGV:
        return f"the code step ran out of its memory limit of {mib} MiB"
    return f"the code step's process ended without an answer (exit {code}): {printed[-500:] or 'nothing printed'}"
