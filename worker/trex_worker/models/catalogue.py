"""The base-model catalogue as the server defines it (server/contract/base-models.ts), read from the
generated `schemas/base-models.json`."""

from __future__ import annotations

import functools
import json
from pathlib import Path

CATALOGUE = Path(__file__).resolve().parents[1] / "schemas" / "base-models.json"


@functools.cache
def entries() -> tuple[dict, ...]:
    return tuple(json.loads(CATALOGUE.read_text(encoding="utf-8")))


def find(model_id: str) -> dict | None:
    """A catalogue id (`qwen3-1.7b`) or Hub id (`Qwen/Qwen3-1.7B`), case-insensitively."""
    key = model_id.strip().lower()
    for e in entries():
        if e["id"] == key or (e["source"]["kind"] == "hub" and e["source"]["hubId"].lower() == key):
            return e
    return None


def preset_ids() -> list[str]:
    return [e["id"] for e in entries() if e["source"]["kind"] == "preset"]
