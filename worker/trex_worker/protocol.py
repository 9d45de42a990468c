"""The job contract (mirror of server/runners/protocol.ts, version 1) and job.json validation.

`npm run protocol:schema` writes schemas/job.schema.json from the zod schema; when it is present it is
the schema we validate against. Until then (or if it is unreadable) the built-in mirror below is used.
Defaults are filled in from the schema's `default` keywords before validating, as zod would.
"""
from __future__ import annotations

import json
import os
import re
import string
from pathlib import Path

from .jsonschema_lite import Validator

PROTOCOL_VERSION = 1
SCHEMA_DIR = Path(__file__).with_name("schemas")
INT_MIN, INT_MAX = -9007199254740991, 9007199254740991


class JobError(Exception):
    """A job that cannot run as given: the message goes into result.json as is."""


def _s(min_len=None, max_len=None):
    d = {"type": "string"}
    if min_len is not None:
        d["minLength"] = min_len
    if max_len is not None:
        d["maxLength"] = max_len
    return d


def _int(lo=INT_MIN, hi=INT_MAX, default=None, exclusive_lo=None):
    d = {"type": "integer", "minimum": lo, "maximum": hi}
    if exclusive_lo is not None:
        d.pop("minimum")
        d["exclusiveMinimum"] = exclusive_lo
    if default is not None:
        d["default"] = default
    return d


def _num(lo=None, hi=None, default=None, exclusive_lo=None):
    d = {"type": "number"}
    if lo is not None:
        d["minimum"] = lo
    if exclusive_lo is not None:
        d["exclusiveMinimum"] = exclusive_lo
    if hi is not None:
        d["maximum"] = hi
    if default is not None:
        d["default"] = default
    return d


def _obj(props: dict, required: list[str]):
    return {"type": "object", "properties": props, "required": required, "additionalProperties": False}


def _enum(values, default=None):
    d = {"type": "string", "enum": list(values)}
    if default is not None:
        d["default"] = default
    return d


_OPERATORS = [
    _obj({"op": {"type": "string", "const": "load"}, "source": _s(1, 500), "limit": _int(hi=200_000, exclusive_lo=0),
          "weight": _num(hi=100, exclusive_lo=0)}, ["op", "source"]),
    _obj({"op": {"type": "string", "const": "dedup"}, "mode": _enum(["exact", "near"], "exact"),
          "threshold": _num(0.5, 1, 0.9)}, ["op"]),
    _obj({"op": {"type": "string", "const": "filter"}, "rule": _enum(["valid_label", "regex", "max_chars"]),
          "field": _enum(["input", "output"], "output"), "pattern": _s(max_len=500),
          "maxChars": _int(exclusive_lo=0)}, ["op", "rule"]),
    _obj({"op": {"type": "string", "const": "sample"}, "n": _int(hi=200_000, exclusive_lo=0), "seed": _int(default=0)},
         ["op", "n"]),
    _obj({"op": {"type": "string", "const": "balance"}, "field": _enum(["output"], "output")}, ["op"]),
    _obj({"op": {"type": "string", "const": "augment"}, "kind": _enum(["task", "char_noise", "shuffle_words"]),
          "factor": _num(0, 5, 1), "seed": _int(default=0)}, ["op", "kind"]),
    _obj({"op": {"type": "string", "const": "template"}, "template": _s(1, 2000)}, ["op", "template"]),
    _obj({"op": {"type": "string", "const": "mix"},
          "ratios": {"type": "object", "propertyNames": {"type": "string"},
                     "additionalProperties": _num(exclusive_lo=0)}}, ["op", "ratios"]),
]

TASK_FILE_METRICS = ["accuracy", "exact_match", "macro_f1", "rouge1", "numeric"]
_TASK_FILES = _obj({"dir": _s(1, 500), "metric": _enum(TASK_FILE_METRICS),
                    "labels": {"type": "array", "minItems": 1, "maxItems": 1000, "items": _s(1, 200)},
                    "splitSeed": _int()}, ["dir", "metric"])

BUILTIN_JOB_SCHEMA = _obj({
    "version": {"type": "number", "const": PROTOCOL_VERSION},
    "jobId": _s(1, 100),
    "nodeId": _s(1, 100),
    "task": _obj({"id": _s(1, 100), "seed": _int(default=0), "files": _TASK_FILES}, ["id"]),
    "recipe": _obj({"operators": {"type": "array", "minItems": 1, "maxItems": 50, "items": {"oneOf": _OPERATORS}}},
                   ["operators"]),
    "training": _obj({
        "backend": _enum(["tiny", "hf"], "tiny"),
        "baseModel": {**_s(1, 300), "default": "tiny-base"},
        "method": _enum(["full", "lora", "qlora"], "full"),
        "steps": _int(0, 200_000),
        "batchSize": _int(1, 1024),
        "learningRate": _num(hi=1, exclusive_lo=0),
        "weightDecay": _num(0, 1, 0),
        "warmupRatio": _num(0, 0.5, 0.05),
        "dropout": _num(0, 0.9, 0.1),
        "labelSmoothing": _num(0, 0.5, 0),
        "loraRank": _int(1, 1024),
        "initFrom": _s(max_len=500),
        "seed": _int(default=0),
        "maxSeconds": _num(hi=7 * 24 * 3600, default=600, exclusive_lo=0),
    }, ["steps", "batchSize", "learningRate"]),
    "evaluation": _obj({
        "splits": {"type": "array", "minItems": 1, "items": _enum(["validation", "test"]),
                   "default": ["validation", "test"]},
        "maxExamples": _int(hi=100_000, default=300, exclusive_lo=0),
        "decoding": _enum(["greedy", "sample"], "greedy"),
        "temperature": _num(0, 2, 0.7),
        "badCases": _int(0, 200, 20),
    }, []),
}, ["version", "jobId", "nodeId", "task", "recipe", "training", "evaluation"])


def job_schema() -> dict:
    path = SCHEMA_DIR / "job.schema.json"
    if path.is_file():
        try:
            return json.loads(path.read_text(encoding="utf-8"))
        except (OSError, ValueError):
            pass
    return BUILTIN_JOB_SCHEMA


def inside(base: Path, candidate: str) -> Path:
    """Resolve `candidate` against `base`; raise JobError unless it stays inside `base`."""
    base_r = base.resolve()
    p = (base_r / candidate).resolve()
    if os.path.commonpath([str(base_r), str(p)]) != str(base_r):
        raise JobError(f"path outside the job folder: {candidate}")
    return p


def template_fields(template: str) -> list[str]:
    try:
        return [f for _, f, _, _ in string.Formatter().parse(template) if f is not None]
    except ValueError as e:
        raise JobError(f"template is not a valid format string: {e}") from None


def validate_job(raw, job_dir: Path) -> dict:
    """Return the job with defaults applied, or raise JobError with a readable message."""
    from .tasks import registry

    if not isinstance(raw, dict):
        raise JobError("job.json must contain a JSON object")
    version = raw.get("version")
    if "version" in raw and version != PROTOCOL_VERSION:
        raise JobError(f"unsupported job protocol version {version} (this worker speaks {PROTOCOL_VERSION})")
    v = Validator(job_schema())
    job = v.apply_defaults(raw)
    errs = v.errors(job)
    if errs:
        more = f" (and {len(errs) - 6} more)" if len(errs) > 6 else ""
        raise JobError("invalid job.json: " + "; ".join(errs[:6]) + more)

    task_id, files = job["task"]["id"], job["task"].get("files")
    if files:  # the splits come from files in the job folder; the id only names the dataset
        inside(job_dir, files["dir"])
    elif task_id not in registry.TASKS:
        raise JobError(f"unknown task {task_id!r} (known: {', '.join(sorted(registry.TASKS))}; "
                       "a dataset of your own needs task.files)")
    ops = job["recipe"]["operators"]
    if ops[0]["op"] != "load":
        raise JobError("the data recipe must start with a load operator")
    for i, op in enumerate(ops):
        where = f"recipe.operators[{i}] ({op['op']})"
        if op["op"] == "load":
            src = op["source"]
            if src.startswith("task:"):  # the generator's splits, or the file task's
                split = src[5:]
                if split == "test":
                    raise JobError(f"{where}: the test split never reaches training (use task:train or task:validation)")
                if split not in ("train", "validation"):
                    raise JobError(f"{where}: unknown task split {split!r} (use task:train or task:validation)")
            elif re.match(r"^[a-z][a-z0-9+.-]*://", src) or src.startswith("hf:"):
                raise JobError(f"{where}: unsupported source {src!r} (use task:<split> or a JSONL/CSV file in the job folder)")
            else:
                inside(job_dir, src)
        elif op["op"] == "filter":
            if op["rule"] == "regex":
                if not op.get("pattern"):
                    raise JobError(f"{where}: rule regex needs a pattern")
                try:
                    re.compile(op["pattern"])
                except re.error as e:
                    raise JobError(f"{where}: invalid regex pattern: {e}") from None
            if op["rule"] == "max_chars" and not op.get("maxChars"):
                raise JobError(f"{where}: rule max_chars needs maxChars")
        elif op["op"] == "template":
            bad = [f for f in template_fields(op["template"]) if f != "input"]
            if bad:
                raise JobError(f"{where}: template may only use {{input}}, found {{{bad[0]}}}")
    tr = job["training"]
    if tr.get("initFrom"):
        inside(job_dir.resolve().parent, tr["initFrom"])
    if tr["backend"] == "tiny" and tr["baseModel"] not in ("tiny-small", "tiny-base", "tiny-large"):
        raise JobError(f"the tiny backend has presets tiny-small, tiny-base, tiny-large, not {tr['baseModel']!r}")
    return job
