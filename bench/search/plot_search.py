"""Best-so-far validation score against compute: per task, the median over seeds of each method's step curve."""

import json
import math
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt


def best_at(curve: list[dict], x: float) -> float:
    """The best score reached by compute x (nan before the first result)."""
    best = math.nan
    for p in curve:
        if p["computeSeconds"] > x:
            break
        best = p["best"]
    return best


def median(xs: list[float]) -> float:
    xs = sorted(x for x in xs if not math.isnan(x))
    if not xs:
        return math.nan
    mid = len(xs) // 2
    return xs[mid] if len(xs) % 2 else (xs[mid - 1] + xs[mid]) / 2


with open(sys.argv[1]) as f:
    data = json.load(f)
tasks = data["tasks"]
budget = data["budget"]["computeSeconds"]
cols = min(5, len(tasks))
rows = math.ceil(len(tasks) / cols)
fig, axes = plt.subplots(rows, cols, figsize=(4.2 * cols, 3.4 * rows), squeeze=False)
methods = data["methods"]
grid = [budget * i / 200 for i in range(201)]
for k, task in enumerate(tasks):
    ax = axes[k // cols][k % cols]
    for i, method in enumerate(methods):
        curves = [
            r["curve"]
            for r in data["results"]
            if r["task"] == task and r["method"] == method
        ]
        if not curves:
            continue
        ys = [median([best_at(c, x) for c in curves]) for x in grid]
        ax.plot(
            grid,
            ys,
            color=f"C{i}",
            label=f"{method} ({len(curves)} seeds)",
            drawstyle="steps-post",
        )
    ax.set_title(task, fontsize=9)
    ax.set_xlabel("compute spent (CPU-s)", fontsize=8)
    ax.set_ylabel("best val score (median)", fontsize=8)
    ax.grid(alpha=0.3)
    ax.tick_params(labelsize=7)
for k in range(len(tasks), rows * cols):
    axes[k // cols][k % cols].axis("off")
axes[0][0].legend(fontsize=6)
fig.suptitle(f"mode {data['mode']}, budget {budget} CPU-s", fontsize=10)
fig.tight_layout()
fig.savefig(sys.argv[2], dpi=100)
print(f"wrote {sys.argv[2]}")
