"""Training backends: `tiny` (char-level transformer on CPU) and `hf` (transformers + peft on GPU)."""
from __future__ import annotations


def get(name: str):
    if name == "tiny":
        from . import tiny
        return tiny
    if name == "hf":
        from . import hf
        return hf
    raise ValueError(f"unknown backend {name!r}")
