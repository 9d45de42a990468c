"""The job's checkpoint in Hugging Face format: the adapter (LoRA) or the full weights, the tokenizer, trex.json
(what it was trained from: a child's warm start checks it) and, on request, the adapter merged into the base."""

from __future__ import annotations

import json
import os
from pathlib import Path

FORMAT, FORMAT_VERSION = "trex-hf", 2


def _trained_steps(ctx, steps: int) -> int:
    """Steps of training behind this checkpoint, counting the parents' (read from the parent's trex.json)."""
    parent = ctx.job["training"].get("initFrom")
    if not parent:
        return steps
    p = ctx.jobs_root / parent
    for meta in (p / "trex.json", p / "checkpoint" / "trex.json"):
        if meta.is_file():
            try:
                return steps + int(json.loads(meta.read_text(encoding="utf-8")).get("trainedSteps", 0))
            except (ValueError, TypeError):
                break
    return steps


def save_checkpoint(ctx, model, tok, src, steps: int, merged: bool = False) -> Path:
    d = ctx.checkpoint_dir
    d.mkdir(parents=True, exist_ok=True)
    model.save_pretrained(str(d))
    tok.save_pretrained(str(d))
    tr = ctx.job["training"]
    meta = {
        "format": FORMAT,
        "formatVersion": FORMAT_VERSION,
        "baseModel": src.base_id,
        "method": tr["method"],
        "adapter": (d / "adapter_config.json").is_file(),
        "adapterBase": src.full_weights_ref if (d / "adapter_config.json").is_file() else None,
        "trainedSteps": _trained_steps(ctx, steps),
        "parent": tr.get("initFrom"),
        "task": ctx.job["task"]["id"],
        "templates": ctx.templates,
        "jobId": ctx.job["jobId"],
    }
    tmp = d / ".trex.json.tmp"
    tmp.write_text(json.dumps(meta, indent=1), encoding="utf-8")
    os.replace(tmp, d / "trex.json")
    if merged and meta["adapter"]:
        model.merge_and_unload().save_pretrained(str(d / "merged"))
        tok.save_pretrained(str(d / "merged"))
    return d
