"""load: `task:train` / `task:validation` from the task (the FT-Bench-mini generator, or the file task's
splits), or a JSONL/CSV file inside the job folder. Broken lines and rows without string input/output are
skipped and counted. A list of strings as output (multi-label) becomes "a,b" ("none" when empty)."""

from __future__ import annotations

import csv
import json

from ..protocol import JobError, inside

_ALIASES = [("input", "output"), ("prompt", "completion"), ("question", "answer"), ("text", "label")]


def record_pair(obj, fields: dict | None = None):
    """(input, output) from a record by the field aliases (or the load's own `fields`), or None when it has no
    usable pair."""
    if not isinstance(obj, dict):
        return None
    for a, b in [(fields["input"], fields["output"])] if fields else _ALIASES:
        if a in obj and b in obj:
            x, y = obj[a], obj[b]
            if isinstance(y, (int, float)) and not isinstance(y, bool):
                y = str(y)
            elif isinstance(y, list) and all(isinstance(v, str) and v.strip() and "," not in v for v in y):
                y = ",".join(v.strip() for v in y) or "none"
            if isinstance(x, str) and isinstance(y, str) and x.strip() and y.strip():
                return x, y
            return None
    return None


def read_file(path, fields: dict | None = None) -> tuple[list[tuple[str, str]], int, list[str]]:
    """Return (pairs, skipped, the field names of the first records)."""
    pairs, skipped, seen = [], 0, {}
    if path.suffix.lower() == ".csv":
        with open(path, newline="", encoding="utf-8", errors="replace") as fh:
            try:
                reader = csv.DictReader(fh)
                seen.update(dict.fromkeys(k for k in reader.fieldnames or [] if k))
                for rec in reader:
                    p = record_pair({k: v for k, v in rec.items() if k is not None}, fields)
                    if p is None:
                        skipped += 1
                    else:
                        pairs.append(p)
            except csv.Error as e:
                raise JobError(f"cannot read CSV {path.name}: {e}") from None
        return pairs, skipped, list(seen)
    with open(path, encoding="utf-8", errors="replace") as fh:
        for line in fh:
            if not line.strip():
                continue
            try:
                obj = json.loads(line)
            except ValueError:
                obj = None
            if isinstance(obj, dict) and len(seen) < 50 and skipped + len(pairs) < 20:
                seen.update(dict.fromkeys(k for k in obj if isinstance(k, str)))
            p = record_pair(obj, fields)
            if p is None:
                skipped += 1
            else:
                pairs.append(p)
    return pairs, skipped, list(seen)


def run(rows: list[dict], op: dict, ctx) -> list[dict]:
    src = op["source"]
    if src.startswith("task:"):
        split = src[5:]
        if split == "test":
            raise JobError("load task:test refused: the test split never reaches training")
        if split not in ("train", "validation"):
            raise JobError(f"unknown task split {split!r}")
        new = [(r["input"], r["output"]) for r in ctx.task.generate(split, None, ctx.task_seed)]
        skipped = 0
    else:
        path = inside(ctx.job_dir, src)
        if not path.is_file():
            raise JobError(f"data file not found in the job folder: {src}")
        fields = op.get("fields")
        new, skipped, seen = read_file(path, fields)
        if skipped and not new:
            wanted = f"{fields['input']}/{fields['output']}" if fields else "input/output (or prompt/completion, ...)"
            raise JobError(
                f"load {src}: no row has a usable {wanted} pair (fields seen: {', '.join(seen[:20]) or 'none'})",
                "missing_field",
                fieldsSeen=seen[:100],
            )
        if skipped:
            ctx.log("warn", f"load {src}: skipped {skipped} broken or incomplete line(s), kept {len(new)}")
        elif not new:
            ctx.log("warn", f"load {src}: the file has no rows")
    if op.get("limit"):
        new = new[: op["limit"]]
    if op.get("weight"):
        ctx.weights[src] = float(op["weight"])
    return rows + [{"input": i, "output": o, "source": src} for i, o in new]
