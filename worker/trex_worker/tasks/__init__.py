"""FT-Bench-mini: deterministic offline tasks (see registry.py)."""
