"""Every FT-Bench-mini task trains with the tiny backend and is scored by its own metric, end to end
through the worker's CLI (a short run: this checks the whole path, not how well it learns; bench/worker does)."""
import math

import pytest

from conftest import make_job, write_job
from test_cli import check_shapes, cli
from trex_worker.tasks.registry import TASKS


@pytest.mark.parametrize("tid", sorted(TASKS))
def test_task_trains_and_scores(tmp_path, tid):
    job = make_job(
        jobId=f"train-{tid}", task={"id": tid, "seed": 3},
        recipe={"operators": [{"op": "load", "source": "task:train", "limit": 400}, {"op": "filter", "rule": "valid_label"}]},
        training={"steps": 12, "batchSize": 8, "learningRate": 0.003, "baseModel": "tiny-small"},
        evaluation={"maxExamples": 12, "badCases": 3},
    )
    d = write_job(tmp_path / "jobs" / tid, job)
    r = cli("run", "--job-dir", str(d))
    assert r.returncode == 0, r.stderr
    res, evs = check_shapes(d)
    assert res["status"] == "succeeded", res.get("error")
    assert res["train"]["steps"] == 12 and math.isfinite(res["train"]["finalLoss"])
    for split in ("validation", "test"):
        primary = res["metrics"][split]["primary"]
        assert 0.0 <= primary <= 1.0
    assert {e["split"] for e in evs if e["type"] == "eval"} == {"validation", "test"}
    assert (d / "checkpoint" / "model.pt").is_file()
