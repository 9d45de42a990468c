"""Real failures and their failureKind, the facts the Executor repairs from: a learning rate that makes the loss
diverge, a batch past the memory cap, a recipe that filters every row, a file whose fields have other names."""

import json

from conftest import make_job, run_in_process, write_job

TINY = {"baseModel": "tiny-small", "validationPoints": 0}


def _run(tmp_path, name, **over):
    return run_in_process(write_job(tmp_path / "jobs" / name, make_job(jobId=name, **over)))


def test_a_learning_rate_of_one_diverges_and_a_tenth_of_a_hundredth_trains(tmp_path):
    res, _ = _run(tmp_path, "hot", training={**TINY, "steps": 30, "batchSize": 8, "learningRate": 1.0})
    assert res["status"] == "failed" and res["failureKind"] == "nan_loss"
    assert "loss diverged at step" in res["error"] and "learning rate is too high" in res["error"]
    ok, _ = _run(tmp_path, "calm", training={**TINY, "steps": 30, "batchSize": 8, "learningRate": 0.01})
    assert ok["status"] == "succeeded" and "failureKind" not in ok and "error" not in ok


def test_a_first_loss_above_the_uniform_guess_is_where_training_starts_not_a_divergence(tmp_path):
    # tiny-base was pretrained on the tasks' inputs only: on mini-gta's answers its first loss (15.7) is above twice
    # the uniform guess over its 1,024 tokens (13.9), and the run used to fail as diverged before any update
    job = make_job(
        jobId="gta",
        task={"id": "mini-gta", "seed": 0},
        training={"baseModel": "tiny-base", "validationPoints": 0, "steps": 4, "batchSize": 8, "learningRate": 3e-3},
        evaluation={"splits": ["validation"], "maxExamples": 4, "badCases": 0},
    )
    res, events = run_in_process(write_job(tmp_path / "jobs" / "gta", job))
    assert res["status"] == "succeeded", res.get("error")


def test_a_batch_past_the_memory_cap_fails_as_out_of_memory_and_accumulation_fits(tmp_path):
    cap = {**TINY, "steps": 3, "batchSize": 256, "learningRate": 0.003, "memoryCapMiB": 200}
    res, _ = _run(tmp_path, "big", training=cap, evaluation={"maxExamples": 5})
    assert res["status"] == "failed" and res["failureKind"] == "out_of_memory"
    assert res["error"].startswith("out of memory (host RAM)")
    # the same 256 sequences a step, in micro-batches of 64
    ok, _ = _run(tmp_path, "accum", training={**cap, "gradientAccumulation": 4}, evaluation={"maxExamples": 5})
    assert ok["status"] == "succeeded", ok.get("error")
    assert ok["train"]["steps"] == 3


def test_a_filter_that_drops_every_row_is_an_empty_recipe_with_its_report(tmp_path):
    recipe = {
        "operators": [
            {"op": "load", "source": "task:train", "limit": 200},
            {"op": "filter", "rule": "regex", "pattern": "no such label"},
        ]
    }
    res, _ = _run(tmp_path, "empty", recipe=recipe)
    assert res["status"] == "failed" and res["failureKind"] == "empty_recipe"
    assert res["error"] == "the data recipe left no training rows (after filter)"
    assert [(s["op"], s["rowsIn"], s["rowsOut"]) for s in res["recipeReport"]] == [
        ("load", 0, 200),
        ("filter", 200, 0),
    ]


def test_a_file_with_other_field_names_reports_them_and_a_field_mapping_reads_it(tmp_path):
    d = tmp_path / "jobs" / "fields"
    d.mkdir(parents=True)
    rows = [{"sentence": f"a fine film number {i}", "sentiment": "positive"} for i in range(30)]
    (d / "extra.jsonl").write_text("".join(json.dumps(r) + "\n" for r in rows))
    recipe = {"operators": [{"op": "load", "source": "extra.jsonl"}]}
    res, _ = run_in_process(write_job(d, make_job(jobId="fields", recipe=recipe)))
    assert res["status"] == "failed" and res["failureKind"] == "missing_field"
    assert res["fieldsSeen"] == ["sentence", "sentiment"]
    assert "fields seen: sentence, sentiment" in res["error"]
    mapped = {
        "operators": [{"op": "load", "source": "extra.jsonl", "fields": {"input": "sentence", "output": "sentiment"}}]
    }
    (d / "result.json").unlink()
    ok, _ = run_in_process(write_job(d, make_job(jobId="fields", recipe=mapped)))
    assert ok["status"] == "succeeded" and ok["recipeReport"][0]["rowsOut"] == 30


def test_a_broken_recipe_is_told_apart(tmp_path):
    recipe = {"operators": [{"op": "filter", "rule": "valid_label"}]}
    res, _ = _run(tmp_path, "broken", recipe=recipe)
    assert res["status"] == "failed" and res["failureKind"] == "broken_recipe"
    assert res["error"] == "the data recipe must start with a load operator"


def test_a_gpu_with_less_free_memory_than_the_estimate_fails_before_loading(monkeypatch):
    import pytest
    import torch

    from trex_worker.protocol import JobError
    from trex_worker.training.memory_cap import GIB, check_free_gpu_memory

    cuda = torch.device("cuda", 0)  # a device object needs no GPU; the driver's answer is what is replaced
    monkeypatch.setattr(torch.cuda, "mem_get_info", lambda device: (3 * GIB, 80 * GIB))
    with pytest.raises(JobError) as refused:
        check_free_gpu_memory(14.2, cuda)
    assert refused.value.kind == "out_of_memory"
    assert "3.0 GiB free of 80.0 GiB (other processes hold 77.0 GiB)" in str(refused.value)
    assert "needs about 14.2 GiB" in str(refused.value)
    check_free_gpu_memory(2.5, cuda)  # fits: nothing happens
    check_free_gpu_memory(None, cuda)  # a model outside the catalogue has no estimate
    check_free_gpu_memory(14.2, torch.device("cpu"))  # CPU memory is the memory cap's business
