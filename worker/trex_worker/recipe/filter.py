"""filter: valid_label (the task's own answer format), regex (full match on a field), max_chars."""

from __future__ import annotations

import re

from ..protocol import JobError


def run(rows: list[dict], op: dict, ctx) -> list[dict]:
    rule, field = op["rule"], op.get("field", "output")
    if rule == "valid_label":
        if field == "input":
            raise JobError("filter valid_label checks outputs; use field output")
        return [r for r in rows if ctx.task.is_valid_label(r["output"])]
    if rule == "regex":
        pattern = op.get("pattern")
        if not pattern:
            raise JobError("filter regex needs a pattern")
        try:
            rx = re.compile(pattern)
        except re.error as e:
            raise JobError(f"filter regex: invalid pattern: {e}") from None
        return [r for r in rows if rx.fullmatch(r[field])]
    if rule == "max_chars":
        limit = op.get("maxChars")
        if not limit:
            raise JobError("filter max_chars needs maxChars")
        return [r for r in rows if len(r[field]) <= limit]
    raise JobError(f"unknown filter rule {rule!r}")
