import json
import os
import sys
from pathlib import Path

import pytest

WORKER = Path(__file__).resolve().parents[1]
if str(WORKER) not in sys.path:
    sys.path.insert(0, str(WORKER))
os.environ.setdefault("TREX_WORKER_THREADS", "1")
os.environ.setdefault("HF_HUB_OFFLINE", "1")  # nothing is downloaded in tests: a missing model fails at once

import trex_worker  # noqa: E402,F401  (sets OPENBLAS_CORETYPE / OMP_WAIT_POLICY before torch loads)


def make_job(**over) -> dict:
    job = {
        "version": 1,
        "jobId": "job-1",
        "nodeId": "node-1",
        "task": {"id": "mini-sst2", "seed": 0},
        "recipe": {"operators": [{"op": "load", "source": "task:train", "limit": 500}]},
        "training": {"steps": 0, "batchSize": 8, "learningRate": 0.003},
        "evaluation": {"maxExamples": 20},
    }
    for k, v in over.items():
        job[k] = v
    return job


@pytest.fixture
def job_dir(tmp_path):
    d = tmp_path / "jobs" / "job-1"
    d.mkdir(parents=True)
    return d


def write_job(d: Path, job: dict) -> Path:
    d.mkdir(parents=True, exist_ok=True)
    (d / "job.json").write_text(json.dumps(job))
    return d


def run_in_process(d: Path) -> tuple[dict, list[dict]]:
    """The worker's run_job in this process (what `python -m trex_worker run` calls), without paying the
    transformers import once per job; returns result.json and the events, both checked against the schemas."""
    from test_cli import check_shapes

    from trex_worker.runner import run_job

    run_job(d)
    return check_shapes(d)
