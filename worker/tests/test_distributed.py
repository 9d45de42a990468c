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


def test_two_processes_shard_full_fine_tuning_with_fsdp_and_rank_0_saves_the_whole_model(tmp_path):
    from transformers import AutoModelForCausalLM

    d = write_job(
        tmp_path / "jobs" / "fsdp",
        make_job(
            jobId="fsdp",
            evaluation={"maxExamples": 10, "splits": ["validation"]},
            training={
                "steps": 6,
                "batchSize": 16,
                "learningRate": 0.003,
                "baseModel": "tiny-small",
                "processes": 2,
                "sharding": "fsdp",
                "validationPoints": 0,
            },
        ),
    )
    r = cli("run", "--job-dir", str(d), timeout=900)
    assert r.returncode == 0, r.stderr[-3000:]
    res, evs = check_shapes(d)
    assert res["status"] == "succeeded" and res["train"]["steps"] == 6, res.get("error")
    assert any("2 process(es) (fsdp)" in e.get("message", "") for e in evs)
    assert "validation" in res["metrics"]
    # the checkpoint is the whole model, not one process's shard
    model = AutoModelForCausalLM.from_pretrained(str(d / "checkpoint"))
    assert sum(p.numel() for p in model.parameters()) == 164_224


def test_sharding_follows_the_method_and_the_model_size():
    import pytest

    from trex_worker.protocol import JobError
    from trex_worker.training.train import FSDP_FROM_PARAMETERS, sharding

    full, lora = {"method": "full"}, {"method": "lora"}
    assert sharding(full, 10**6, 1) == "none"
    assert sharding(full, 10**6, 2) == "ddp"
    assert sharding(full, FSDP_FROM_PARAMETERS, 8) == "fsdp"
    assert sharding(lora, FSDP_FROM_PARAMETERS, 8) == "ddp"
    assert sharding({**full, "sharding": "ddp"}, FSDP_FROM_PARAMETERS, 8) == "ddp"
    with pytest.raises(JobError, match="fsdp shards full fine-tuning; lora trains an adapter"):
        sharding({**lora, "sharding": "fsdp"}, 10**6, 2)
