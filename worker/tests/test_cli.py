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
from trex_worker.jsonschema_lite import Validator
from trex_worker.protocol import SCHEMA_DIR

RESULT_KEYS = {"version", "jobId", "status", "metrics", "badCases", "errorGroups", "recipeReport", "cost", "checkpoint"}
EVENT_FIELDS = {
    "started": {"t", "pid"}, "heartbeat": {"t"}, "recipe": {"t", "op", "rowsIn", "rowsOut"},
    "progress": {"t", "step", "totalSteps", "loss", "lr", "tokensPerSecond"},
    "eval": {"t", "split", "step", "metrics"}, "log": {"t", "level", "message"}, "finished": {"t", "status"},
}


def env(**extra):
    return dict(os.environ, PYTHONPATH=str(WORKER), TREX_WORKER_THREADS="1", **extra)


def cli(*args, timeout=240, **extra):
    return subprocess.run([sys.executable, "-m", "trex_worker", *args], capture_output=True, text=True,
                          env=env(**extra), timeout=timeout)


def start(job_dir: Path):
    return subprocess.Popen([sys.executable, "-m", "trex_worker", "run", "--job-dir", str(job_dir)], env=env(),
                            stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True)


def read_events(d: Path) -> list[dict]:
    return [json.loads(line) for line in (d / "events.jsonl").read_text().splitlines()]


def check_shapes(d: Path) -> tuple[dict, list[dict]]:
    res = json.loads((d / "result.json").read_text())
    generated = SCHEMA_DIR / "result.schema.json"
    if generated.is_file():  # the lead's schema generated from zod, when present
        v = Validator(json.loads(generated.read_text()))
        assert v.errors(v.apply_defaults(res)) == [], v.errors(v.apply_defaults(res))
    assert RESULT_KEYS <= set(res) <= RESULT_KEYS | {"error", "train"}
    assert res["version"] == 1 and res["status"] in ("succeeded", "failed", "cancelled")
    assert set(res["cost"]) == {"cpuSeconds", "gpuSeconds", "wallSeconds"}
    for split, m in res["metrics"].items():
        assert split in ("validation", "test") and 0 <= m["primary"] <= 1
        assert all(isinstance(v, (int, float)) for v in m.values())
    for b in res["badCases"]:
        assert set(b) == {"input", "expected", "predicted", "errorType"}
    for s in res["recipeReport"]:
        assert set(s) == {"op", "rowsIn", "rowsOut", "samples"}
    if "train" in res:
        assert set(res["train"]) == {"steps", "finalLoss", "trainRows", "tokensPerSecond"}
    evs = read_events(d)
    for e in evs:
        assert set(e) == EVENT_FIELDS[e["type"]] | {"type"}, e
        if e["type"] == "log":
            assert e["level"] in ("info", "warn", "error")
    assert evs[0]["type"] == "started" and evs[-1] == {**evs[-1], "type": "finished", "status": res["status"]}
    return res, evs


def test_selfcheck_and_sample():
    r = cli("selfcheck")
    assert r.returncode == 0, r.stderr
    info = json.loads(r.stdout)
    assert info["ok"] and info["python"].startswith("3.") and info["torch"] and info["threads"] >= 1
    assert "tiny" in info["backends"]
    r = cli("sample", "--task", "mini-gta", "--split", "validation", "--n", "3", "--seed", "1")
    rows = [json.loads(x) for x in r.stdout.splitlines()]
    assert r.returncode == 0 and len(rows) == 3 and set(rows[0]) == {"input", "output"}


def test_train_end_to_end_beats_baseline(tmp_path):
    root = tmp_path / "jobs"
    recipe = {"operators": [{"op": "load", "source": "task:train", "limit": 6000}, {"op": "filter", "rule": "valid_label"},
                            {"op": "dedup"}, {"op": "balance"}]}
    base = write_job(root / "base", make_job(jobId="base", recipe=recipe, evaluation={"maxExamples": 100},
                                             training={"steps": 0, "batchSize": 32, "learningRate": 0.003}))
    r = cli("run", "--job-dir", str(base))
    assert r.returncode == 0, r.stderr
    b_res, _ = check_shapes(base)
    train = write_job(root / "trained", make_job(
        jobId="trained", recipe=recipe, evaluation={"maxExamples": 100, "badCases": 5},
        training={"steps": 120, "batchSize": 32, "learningRate": 0.003, "baseModel": "tiny-small"}))
    t0 = time.time()
    r = cli("run", "--job-dir", str(train))
    assert r.returncode == 0, r.stderr
    res, evs = check_shapes(train)
    assert res["status"] == "succeeded" and res["jobId"] == "trained"
    assert res["metrics"]["validation"]["primary"] > b_res["metrics"]["validation"]["primary"]
    assert res["metrics"]["validation"]["primary"] >= 0.45
    assert res["train"]["steps"] == 120 and res["train"]["tokensPerSecond"] > 0
    assert res["checkpoint"] == "trained/checkpoint"
    assert (train / "checkpoint" / "model.pt").is_file() and (train / "checkpoint" / "config.json").is_file()
    assert not (train / "checkpoint" / "state.pt").exists()
    assert 1 <= len(res["badCases"]) <= 5 and sum(res["errorGroups"].values()) >= len(res["badCases"])
    assert [s["op"] for s in res["recipeReport"]] == ["load", "filter", "dedup", "balance"]
    progress = [e for e in evs if e["type"] == "progress"]
    assert len(progress) >= 20 and progress[-1]["step"] == 120
    assert {e["split"] for e in evs if e["type"] == "eval"} == {"validation", "test"}
    assert [e["op"] for e in evs if e["type"] == "recipe"] == ["load", "filter", "dedup", "balance"]
    assert time.time() - t0 < 120
    # a child warm-starts from the trained checkpoint (path relative to the jobs root)
    child = write_job(root / "child", make_job(
        jobId="child", recipe=recipe, evaluation={"maxExamples": 50, "splits": ["validation"]},
        training={"steps": 4, "batchSize": 8, "learningRate": 0.001, "initFrom": "trained/checkpoint"}))
    r = cli("run", "--job-dir", str(child))
    assert r.returncode == 0, r.stderr
    res, evs = check_shapes(child)
    assert any("warm start from trained/checkpoint" in e.get("message", "") for e in evs)
    assert list(res["metrics"]) == ["validation"]
    cfg = json.loads((child / "checkpoint" / "config.json").read_text())
    assert cfg["preset"] == "tiny-small" and cfg["trainedSteps"] == 124


def test_sigterm_cancels_then_resumes(tmp_path):
    d = write_job(tmp_path / "jobs" / "long", make_job(
        jobId="long", evaluation={"maxExamples": 20},
        training={"steps": 60, "batchSize": 8, "learningRate": 0.003, "baseModel": "tiny-small"}))
    p = start(d)
    deadline = time.time() + 120
    while time.time() < deadline:
        if (d / "events.jsonl").exists() and '"progress"' in (d / "events.jsonl").read_text():
            break
        time.sleep(0.05)
    p.send_signal(signal.SIGTERM)
    assert p.wait(timeout=60) == 0
    res, evs = check_shapes(d)
    assert res["status"] == "cancelled" and res["checkpoint"] == "long/checkpoint"
    stopped = res["train"]["steps"]
    assert 0 < stopped < 60 and (d / "checkpoint" / "state.pt").is_file()
    assert any("SIGTERM" in e.get("message", "") for e in evs)
    r = cli("run", "--job-dir", str(d))
    assert r.returncode == 0, r.stderr
    res, evs = check_shapes(d)
    assert res["status"] == "succeeded" and res["train"]["steps"] == 60
    assert any(e.get("message") == f"resumed from step {stopped}" for e in evs)
    first_progress = next(e for e in evs[evs.index(next(x for x in evs if x.get("message", "").startswith("resumed"))):]
                          if e["type"] == "progress")
    assert first_progress["step"] > stopped


def test_huge_learning_rate_is_flagged(tmp_path):
    """lr 1.0 wrecks training (AdamW + clipping keep it finite): the run says so in a warn log."""
    d = write_job(tmp_path / "jobs" / "hot", make_job(
        jobId="hot", evaluation={"maxExamples": 10},
        training={"steps": 60, "batchSize": 8, "learningRate": 1.0, "warmupRatio": 0, "baseModel": "tiny-small"}))
    r = cli("run", "--job-dir", str(d))
    res, evs = check_shapes(d)
    assert r.returncode == 0 and res["metrics"]["validation"]["primary"] < 0.3
    assert any("learning rate may be too high" in e.get("message", "") for e in evs)


def test_nan_loss_fails_clearly(tmp_path):
    d = write_job(tmp_path / "jobs" / "nan", make_job(
        jobId="nan", training={"steps": 50, "batchSize": 8, "learningRate": 1.0, "baseModel": "tiny-small"}))
    r = cli("run", "--job-dir", str(d), TREX_WORKER_INJECT_NAN_AT="7")
    assert r.returncode == 1
    res, evs = check_shapes(d)
    assert res["status"] == "failed" and res["checkpoint"] is None
    assert res["error"] == "loss became NaN at step 7 (try a lower learning rate)"
    assert any(e["type"] == "log" and e["level"] == "error" and "NaN" in e["message"] for e in evs)


@pytest.mark.parametrize("job, message", [
    (make_job(version=7), "unsupported job protocol version 7 (this worker speaks 1)"),
    (make_job(recipe={"operators": [{"op": "load", "source": "task:test"}]}), "test split never reaches training"),
    (make_job(recipe={"operators": [{"op": "load", "source": "../x.jsonl"}]}), "path outside the job folder: ../x.jsonl"),
    (make_job(recipe={"operators": [{"op": "load", "source": "task:train", "limit": 50},
                                    {"op": "filter", "rule": "max_chars", "field": "input", "maxChars": 1}]}),
     "the data recipe left no training rows (after filter)"),
    ({"version": 1}, "job.jobId: required field is missing"),
])
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
