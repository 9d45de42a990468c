"""bench/gpu/gpu_bench.py end to end on CPU with its two-layer config (the GPU run itself needs a GPU machine)."""

import json
import subprocess
import sys
from pathlib import Path

SCRIPT = Path(__file__).resolve().parents[2] / "bench" / "gpu" / "gpu_bench.py"


def test_the_gpu_benchmark_runs_on_a_tiny_config(tmp_path):
    r = subprocess.run(
        [sys.executable, str(SCRIPT), "--tiny", "--steps", "1", "--out", str(tmp_path)],
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert r.returncode == 0, r.stderr[-2000:]
    rows = json.loads((tmp_path / "gpu.json").read_text())["rows"]
    assert {(x["method"], x["seq"]) for x in rows} == {
        ("lora", 128),
        ("lora", 256),
        ("full", 128),
        ("full", 256),
        ("generate", 128),
    }
    assert all(x["tokensPerSecond"] > 0 for x in rows)
    assert (tmp_path / "gpu.md").read_text().startswith("| model | method | seq | tokens/s | MFU | peak GiB |")
