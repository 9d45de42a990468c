"""job.json validation against the JSON Schema generated from the zod owner (server/contract/job-protocol.ts).

`npm run protocol:schema` writes schemas/*.schema.json; the `jsonschema` package validates against them and the
schema's `default` keywords are filled in afterwards, as zod's parse would.
"""

from __future__ import annotations

import functools
import json
import os
import re
import string
from pathlib import Path

import jsonschema

PROTOCOL_VERSION = 1
SCHEMA_DIR = Path(__file__).with_name("schemas")


class JobError(Exception):
    """A job that cannot run as given: the message goes into result.json as is, `kind` as its failureKind
    (server/contract/job-protocol.ts FAILURE_KINDS) and `facts` beside it (e.g. fieldsSeen)."""

    def __init__(self, message: str, kind: str = "other", **facts):
        super().__init__(message)
        self.kind, self.facts = kind, facts


@functools.cache
def schema(name: str) -> dict:
    """A generated JSON Schema (`job`, `result`, `event`): written by `npm run protocol:schema`, shipped with the package."""
    return json.loads((SCHEMA_DIR / f"{name}.schema.json").read_text(encoding="utf-8"))


def _branch(sub: dict, value, root: dict) -> dict:
    """The oneOf/anyOf branch a value matches (a discriminated union matches exactly one)."""
    for option in sub.get("oneOf") or sub.get("anyOf") or []:
        if _valid(option, value, root):
            return option
    return {}


def _valid(sub: dict, value, root: dict) -> bool:
    return jsonschema.Draft202012Validator({**sub, "$defs": root.get("$defs", {})}).is_valid(value)


def apply_defaults(sub: dict, value, root: dict | None = None):
    """A copy of `value` with the schema's `default` keywords filled in, as zod's parse does."""
    root = root if root is not None else sub
    if "oneOf" in sub or "anyOf" in sub:
        sub = {**sub, **_branch(sub, value, root)}
    if isinstance(value, dict) and sub.get("type") == "object":
        out = dict(value)
        for key, prop in (sub.get("properties") or {}).items():
            if key not in out and "default" in prop:
                out[key] = json.loads(json.dumps(prop["default"]))
            if key in out:
                out[key] = apply_defaults(prop, out[key], root)
        return out
    if isinstance(value, list) and isinstance(sub.get("items"), dict):
        return [apply_defaults(sub["items"], v, root) for v in value]
    return value


def _where(path) -> str:
    return ".".join(str(p) for p in path) or "job"


def _messages(e: jsonschema.ValidationError) -> list[str]:
    """One error in words: a missing field by name, a discriminated union by the branch its `op` names."""
    if e.validator == "required":
        missing = e.message.split("'")[1] if "'" in e.message else "?"
        return [f"{_where([*e.absolute_path, missing])}: required field is missing"]
    if e.validator in ("oneOf", "anyOf") and isinstance(e.instance, dict) and "op" in e.instance:
        branches = [(i, b) for i, b in enumerate(e.validator_value) if "op" in b.get("properties", {})]
        names = [b["properties"]["op"].get("const") for _, b in branches]
        if e.instance["op"] not in names:
            return [
                f"{_where(e.absolute_path)}: unknown operator {e.instance['op']!r} (known: {', '.join(map(str, names))})"
            ]
        index = branches[names.index(e.instance["op"])][0]
        return [m for sub in e.context if sub.relative_schema_path[0] == index for m in _messages(sub)]
    return [f"{_where(e.absolute_path)}: {e.message[:300]}"]


def schema_errors(name: str, value) -> list[str]:
    """Readable messages, one per violation, each with the path of the offending field."""
    v = jsonschema.Draft202012Validator(schema(name))
    errors = sorted(v.iter_errors(value), key=lambda e: [str(p) for p in e.absolute_path])
    return [m for e in errors for m in _messages(e)]


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
    errs = schema_errors("job", raw)
    job = apply_defaults(schema("job"), raw) if not errs else raw
    if errs:
        more = f" (and {len(errs) - 6} more)" if len(errs) > 6 else ""
        raise JobError("invalid job.json: " + "; ".join(errs[:6]) + more)

    task_id, files = job["task"]["id"], job["task"].get("files")
    if files:  # the splits come from files in the job folder; the id only names the dataset
        inside(job_dir, files["dir"])
    elif task_id not in registry.TASKS:
        raise JobError(
            f"unknown task {task_id!r} (known: {', '.join(sorted(registry.TASKS))}; "
            "a dataset of your own needs task.files)"
        )
    try:
        check_recipe(job["recipe"]["operators"], job_dir)
    except JobError as e:
        raise JobError(str(e), "broken_recipe") from None
    tr = job["training"]
    if tr.get("initFrom"):
        inside(job_dir.resolve().parent, tr["initFrom"])
    return job


def check_recipe(ops: list[dict], job_dir: Path) -> None:
    """The recipe rules the schema cannot say: a load first, sources inside the job folder, valid patterns."""
    if ops[0]["op"] != "load":
        raise JobError("the data recipe must start with a load operator")
    for i, op in enumerate(ops):
        where = f"recipe.operators[{i}] ({op['op']})"
        if op["op"] == "load":
            src = op["source"]
            if src.startswith("task:"):  # the generator's splits, or the file task's
                split = src[5:]
                if split == "test":
                    raise JobError(
                        f"{where}: the test split never reaches training (use task:train or task:validation)"
                    )
                if split not in ("train", "validation"):
                    raise JobError(f"{where}: unknown task split {split!r} (use task:train or task:validation)")
            elif re.match(r"^[a-z][a-z0-9+.-]*://", src) or src.startswith("hf:"):
                raise JobError(
                    f"{where}: unsupported source {src!r} (use task:<split> or a JSONL/CSV file in the job folder)"
                )
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
        elif op["op"] == "python":
            try:  # compiled, never run here: a code step runs only in its sandbox (recipe/code_step.py)
                compile(op["code"], "<code step>", "exec")
            except SyntaxError as e:
                raise JobError(f"{where}: the code step does not compile: {e.msg} (line {e.lineno})") from None
        elif op["op"] == "template":
            bad = [f for f in template_fields(op["template"]) if f != "input"]
            if bad:
                raise JobError(f"{where}: template may only use {{input}}, found {{{bad[0]}}}")
