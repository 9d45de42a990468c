"""Two training processes on CPU over gloo: `training.processes: 2` makes the worker re-execute itself under
torchrun (same pid), the Trainer trains with DDP, and rank 0 alone reports and saves."""

from conftest import make_job, write_job
from test_cli import check_shapes, cli


def test_two_processes_train_one_job_over_gloo(tmp_path):
    d = write_job(
        tmp_path / "jobs" / "ddp",
        make_job(
            jobId="ddp",
            evaluation={"maxExamples": 20, "splits": ["validation"]},
            training={
                "steps": 10,
                "batchSize": 16,
                "learningRate": 0.003,
                "baseModel": "tiny-small",
                "processes": 2,
                "validationPoints": 1,
            },
        ),
    )
    r = cli("run", "--job-dir", str(d), timeout=900)
    assert r.returncode == 0, r.stderr[-3000:]
    res, evs = check_shapes(d)
    assert res["status"] == "succeeded" and res["train"]["steps"] == 10, res.get("error")
    assert any("2 process(es)" in e.get("message", "") for e in evs)
    assert sum(1 for e in evs if e["type"] == "started") == 1 and sum(1 for e in evs if e["type"] == "finished") == 1
    assert (d / "checkpoint" / "model.safetensors").is_file()
