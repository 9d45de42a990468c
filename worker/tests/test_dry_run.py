"""The `dryrun` job kind: the recipe alone in seconds, rows per operator with samples, an empty recipe as a finding,
training rows that are test inputs counted, and a broken recipe failing as in training."""

import json
import subprocess
import sys
import time

from conftest import WORKER, run_in_process, write_job


def _dry(recipe, task=None):
    return {
        "version": 1,
        "kind": "dryrun",
        "jobId": "dry",
        "task": task or {"id": "mini-sst2", "seed": 0},
        "recipe": recipe,
    }


def test_a_dry_run_reports_rows_per_operator_in_seconds_without_torch(tmp_path):
    d = write_job(
        tmp_path / "dry",
        _dry(
            {
                "operators": [
                    {"op": "load", "source": "task:train", "limit": 400},
                    {"op": "dedup"},
                    {"op": "sample", "n": 50},
                ]
            }
        ),
    )
    code = "import sys, trex_worker.runner as r; rc = r.run_job(sys.argv[1]); assert 'torch' not in sys.modules; sys.exit(rc)"
    t0 = time.time()
    done = subprocess.run([sys.executable, "-c", code, str(d)], cwd=WORKER, capture_output=True, text=True, timeout=60)
    seconds = time.time() - t0
    assert done.returncode == 0, done.stderr
    res = json.loads((d / "result.json").read_text())
    assert res["status"] == "succeeded" and res["checkpoint"] is None and res["metrics"] == {}
    assert [s["op"] for s in res["recipeReport"]] == ["load", "dedup", "sample"]
    assert res["recipeReport"][0]["rowsOut"] == 400 and res["recipeReport"][2]["rowsOut"] == 50
    assert len(res["recipeReport"][2]["samples"]) == 3
    assert res["dryRun"]["rows"] == 50 and res["dryRun"]["testOverlap"] == 0 and res["dryRun"]["testRows"] > 0
    assert seconds < 20, seconds  # the worker's start and the recipe, no model (measured ~1 s)


def test_an_empty_recipe_is_a_finding_and_test_inputs_in_a_file_are_counted(tmp_path):
    res, _ = run_in_process(
        write_job(
            tmp_path / "empty",
            _dry(
                {
                    "operators": [
                        {"op": "load", "source": "task:train", "limit": 50},
                        {"op": "filter", "rule": "regex", "pattern": "x"},
                    ]
                }
            ),
        )
    )
    assert res["status"] == "succeeded" and res["dryRun"]["rows"] == 0
    assert res["recipeReport"][-1]["rowsOut"] == 0

    from trex_worker.tasks import registry

    test_rows = registry.get("mini-sst2").generate("test", 5, 0)
    d = tmp_path / "leak"
    d.mkdir()
    (d / "extra.jsonl").write_text("".join(json.dumps(r) + "\n" for r in test_rows))
    res, _ = run_in_process(
        write_job(
            d,
            _dry(
                {
                    "operators": [
                        {"op": "load", "source": "task:train", "limit": 20},
                        {"op": "load", "source": "extra.jsonl"},
                    ]
                }
            ),
        )
    )
    assert res["dryRun"]["rows"] == 25 and res["dryRun"]["testOverlap"] == 5


def test_a_broken_recipe_fails_the_dry_run_as_it_would_fail_training(tmp_path):
    res, _ = run_in_process(write_job(tmp_path / "broken", _dry({"operators": [{"op": "dedup"}]})))
    assert res["status"] == "failed" and res["failureKind"] == "broken_recipe"
    assert res["error"] == "the data recipe must start with a load operator"
