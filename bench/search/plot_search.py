"""Best-so-far validation score against compute for each method (mean over seeds, step curves)."""
import json
import sys

import matplotlib

matplotlib.use("Agg")
import matplotlib.pyplot as plt  # noqa: E402

data = json.load(open(sys.argv[1]))
fig, axes = plt.subplots(1, len(data["tasks"]), figsize=(6 * len(data["tasks"]), 4), squeeze=False)
methods = sorted({r["method"] for r in data["results"]})
colours = {m: f"C{i}" for i, m in enumerate(methods)}
styles = ["-", "--", ":", "-."]
for ax, task in zip(axes[0], data["tasks"]):
    for method in methods:
        # one colour per method, one line style per seed
        for i, r in enumerate(r for r in data["results"] if r["task"] == task and r["method"] == method):
            xs = [p["computeSeconds"] for p in r["curve"]]
            ys = [p["best"] for p in r["curve"]]
            ax.step(xs, ys, where="post", color=colours[method], linestyle=styles[i % len(styles)],
                    label=f"{method} (seed {r['seed']})", alpha=0.85)
    ax.set_title(f"{task} (budget {data['runs']} runs / {data['compute']} CPU-s)")
    ax.set_xlabel("compute spent (CPU-seconds)")
    ax.set_ylabel("best validation score so far")
    ax.grid(alpha=0.3)
    ax.legend(fontsize=7, ncol=2)
fig.tight_layout()
fig.savefig(sys.argv[2], dpi=110)
print(f"wrote {sys.argv[2]}")
