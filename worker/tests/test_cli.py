"""The worker end to end through its command line (subprocesses, real training on CPU)."""

import json
import os
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from conftest import WORKER, make_job, write_job

from trex_worker.protocol import schema_errors

RESULT_KEYS = {"version", "jobId", "status", "metrics", "badCases", "errorGroups", "recipeReport", "cost", "checkpoint"}


def env(**extra):
    return dict(os.environ, PYTHONPATH=str(WORKER), TREX_WORKER_THREADS="1", HF_HUB_OFFLINE="1", **extra)


def cli(*args, timeout=600, **extra):
    return subprocess.run(
        [sys.executable, "-m", "trex_worker", *args], capture_output=True, text=True, env=env(**extra), timeout=timeout
    )


def start(job_dir: Path):
    return subprocess.Popen(
        [sys.executable, "-m", "trex_worker", "run", "--job-dir", str(job_dir)],
        env=env(),
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


def read_events(d: Path) -> list[dict]:
    return [json.loads(line) for line in (d / "events.jsonl").read_text().splitlines()]


def check_shapes(d: Path) -> tuple[dict, list[dict]]:
    """result.json and every event line match the schemas generated from the server's zod contract."""
    res = json.loads((d / "result.json").read_text())
    assert schema_errors("result", res) == []
    assert (
        RESULT_KEYS <= set(res) <= RESULT_KEYS | {"error", "failureKind", "fieldsSeen", "train", "generation", "dryRun"}
    )
    for split, m in res["metrics"].items():
        assert split in ("validation", "test") and 0 <= m["primary"] <= 1
    evs = read_events(d)
    for e in evs:
        assert schema_errors("event", e) == [], e
    assert evs[0]["type"] == "started" and evs[-1] == {**evs[-1], "type": "finished", "status": res["status"]}
    return res, evs


def test_selfcheck_and_sample():
    r = cli("selfcheck")
    assert r.returncode == 0, r.stderr
    info = json.loads(r.stdout)
    assert info["ok"] and info["python"].startswith("3.") and info["torch"] and info["transformers"] and info["peft"]
    assert info["backends"] == ["hf"] and info["presets"] == ["tiny-small", "tiny-base", "tiny-large"]
    r = cli("sample", "--task", "mini-gta", "--split", "validation", "--n", "3", "--seed", "1")
    rows = [json.loads(x) for x in r.stdout.splitlines()]
    assert r.returncode == 0 and len(rows) == 3 and set(rows[0]) == {"input", "output"}


def test_sigterm_cancels_then_resumes_from_the_saved_optimizer_state(tmp_path):
    d = write_job(
        tmp_path / "jobs" / "long",
        make_job(
            jobId="long",
            evaluation={"maxExamples": 20},
            training={"steps": 150, "batchSize": 8, "learningRate": 0.003, "baseModel": "tiny-small"},
        ),
    )
    p = start(d)
    deadline = time.time() + 300
    while time.time() < deadline:
        if (d / "events.jsonl").exists() and '"progress"' in (d / "events.jsonl").read_text():
            break
        time.sleep(0.05)
    p.send_signal(signal.SIGTERM)
    assert p.wait(timeout=120) == 0
    res, evs = check_shapes(d)
    assert res["status"] == "cancelled" and res["checkpoint"] == "long/checkpoint"
    stopped = res["train"]["steps"]
    assert 0 < stopped < 150
    saved = d / "trainer-state" / f"checkpoint-{stopped}"
    assert (saved / "optimizer.pt").is_file() and (saved / "scheduler.pt").is_file()
    assert (d / "checkpoint" / "model.safetensors").is_file()
    assert any("SIGTERM" in e.get("message", "") for e in evs)
    r = cli("run", "--job-dir", str(d))
    assert r.returncode == 0, r.stderr
    res, evs = check_shapes(d)
    assert res["status"] == "succeeded" and res["train"]["steps"] == 150
    assert any(e.get("message") == f"resumed from step {stopped}" for e in evs)
    resumed_at = next(i for i, e in enumerate(evs) if e.get("message", "").startswith("resumed"))
    assert next(e for e in evs[resumed_at:] if e["type"] == "progress")["step"] > stopped
    assert not (d / "trainer-state").exists()


@pytest.mark.parametrize(
    "job, message",
    [
        (make_job(version=7), "unsupported job protocol version 7 (this worker speaks 1)"),
        (make_job(recipe={"operators": [{"op": "load", "source": "task:test"}]}), "test split never reaches training"),
        (
            make_job(recipe={"operators": [{"op": "load", "source": "../x.jsonl"}]}),
            "path outside the job folder: ../x.jsonl",
        ),
        (
            make_job(
                recipe={
                    "operators": [
                        {"op": "load", "source": "task:train", "limit": 50},
                        {"op": "filter", "rule": "max_chars", "field": "input", "maxChars": 1},
                    ]
                }
            ),
            "the data recipe left no training rows (after filter)",
        ),
        ({"version": 1}, "jobId: required field is missing"),
    ],
)
def test_bad_jobs_fail_with_a_result(job_dir, job, message):
    write_job(job_dir, job)
    r = cli("run", "--job-dir", str(job_dir))
    assert r.returncode == 1
    res, evs = check_shapes(job_dir)
    assert res["status"] == "failed" and message in res["error"]
    assert any(e["type"] == "log" and e["level"] == "error" for e in evs)
    assert "Traceback" not in r.stderr


def test_unreadable_job_json(job_dir):
    (job_dir / "job.json").write_text("{oops")
    r = cli("run", "--job-dir", str(job_dir))
    assert r.returncode == 1
    res, _ = check_shapes(job_dir)
    assert res["error"].startswith("cannot read job.json") and res["jobId"] == ""
