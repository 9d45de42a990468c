"""sample (random subset), balance (oversample minority classes), mix (source ratios)."""

from __future__ import annotations

import random
from collections import defaultdict

MAX_ROWS = 200_000


def sample(rows: list[dict], op: dict, ctx) -> list[dict]:
    n = op["n"]
    rng = random.Random(op.get("seed", 0))
    if n >= len(rows):
        return list(rows)
    idx = sorted(rng.sample(range(len(rows)), n))  # keep the original order of the survivors
    return [rows[i] for i in idx]


def balance(rows: list[dict], op: dict, ctx) -> list[dict]:
    """Oversample every class (the task's class_of(output): label, tool, sign...) up to the majority count."""
    classes = defaultdict(list)
    for r in rows:
        classes[ctx.task.class_of(r["output"])].append(r)
    if len(classes) < 2:
        return list(rows)
    target = max(len(v) for v in classes.values())
    if target * len(classes) > MAX_ROWS:
        target = MAX_ROWS // len(classes)
        ctx.log("warn", f"balance: capped at {target} rows per class ({MAX_ROWS} rows in all)")
    rng = random.Random(1234)
    out = []
    for key in sorted(classes):
        members = classes[key]
        if len(members) >= target:
            out += rng.sample(members, target) if len(members) > target else members
        else:
            out += members + [rng.choice(members) for _ in range(target - len(members))]
    rng.shuffle(out)
    return out


def _source_key(name: str, sources: set[str]) -> str | None:
    if name in sources:
        return name
    matches = [s for s in sources if s.rsplit("/", 1)[-1] == name]
    return matches[0] if len(matches) == 1 else None


def mix(rows: list[dict], op: dict, ctx) -> list[dict]:
    """Re-weight sources: the total stays the same, source s gets ratio_s / sum(ratios) of it.
    Ratios name load sources (`task:train`, `extra.jsonl`); a source the mix does not name keeps its
    load `weight` as ratio when it has one, otherwise it is dropped. Short sources are oversampled."""
    by_src = defaultdict(list)
    for r in rows:
        by_src[r.get("source", "")].append(r)
    ratios: dict[str, float] = {}
    for name, ratio in op["ratios"].items():
        key = _source_key(name, set(by_src))
        if key is None:
            ctx.log("warn", f"mix: no loaded source is called {name!r} (sources: {', '.join(sorted(by_src))})")
        else:
            ratios[key] = float(ratio)
    for src in by_src:
        if src not in ratios and src in ctx.weights:
            ratios[src] = ctx.weights[src]
    dropped = [s for s in by_src if s not in ratios]
    if dropped:
        ctx.log("info", f"mix: dropped source(s) without a ratio: {', '.join(sorted(dropped))}")
    if not ratios:
        return []
    total, weight_sum = len(rows), sum(ratios.values())
    rng = random.Random(4321)
    out = []
    for src in sorted(ratios):
        want, have = round(total * ratios[src] / weight_sum), by_src[src]
        if want <= len(have):
            out += rng.sample(have, want)
        else:
            ctx.log("info", f"mix: oversampled {src} from {len(have)} to {want} rows")
            out += have + [rng.choice(have) for _ in range(want - len(have))]
    rng.shuffle(out)
    return out
