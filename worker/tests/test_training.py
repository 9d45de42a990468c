"""The one training backend (transformers Trainer + peft) on the CPU presets: full and LoRA fine-tuning, warm starts,
checkpoints in Hugging Face format, the validation curve, NaN, and every task of FT-Bench-mini end to end."""

import json
import math

import pytest
from conftest import make_job, run_in_process, write_job

from trex_worker.tasks.registry import TASKS

CLEAN = {
    "operators": [
        {"op": "load", "source": "task:train", "limit": 6000},
        {"op": "filter", "rule": "valid_label"},
        {"op": "dedup"},
        {"op": "balance"},
    ]
}


@pytest.fixture(scope="module")
def trained(tmp_path_factory):
    """The untouched tiny-small and one full fine-tuning of it on mini-sst2 (shared by the tests below)."""
    root = tmp_path_factory.mktemp("jobs")
    base, _ = run_in_process(
        write_job(
            root / "base",
            make_job(
                jobId="base",
                recipe=CLEAN,
                evaluation={"maxExamples": 100},
                training={"steps": 0, "batchSize": 32, "learningRate": 0.003, "baseModel": "tiny-small"},
            ),
        )
    )
    res, evs = run_in_process(
        write_job(
            root / "trained",
            make_job(
                jobId="trained",
                recipe=CLEAN,
                evaluation={"maxExamples": 100, "badCases": 5},
                training={"steps": 120, "batchSize": 32, "learningRate": 0.003, "baseModel": "tiny-small"},
            ),
        )
    )
    return root, base, res, evs


def test_full_fine_tuning_beats_the_untouched_base(trained):
    root, base, res, evs = trained
    assert base["status"] == "succeeded" and base["train"]["steps"] == 0
    assert res["status"] == "succeeded", res.get("error")
    assert res["metrics"]["validation"]["primary"] > base["metrics"]["validation"]["primary"]
    assert res["metrics"]["validation"]["primary"] >= 0.45
    assert (
        res["train"]["steps"] == 120
        and res["train"]["tokensPerSecond"] > 0
        and math.isfinite(res["train"]["finalLoss"])
    )
    assert 1 <= len(res["badCases"]) <= 5 and sum(res["errorGroups"].values()) >= len(res["badCases"])
    assert [s["op"] for s in res["recipeReport"]] == ["load", "filter", "dedup", "balance"]
    progress = [e for e in evs if e["type"] == "progress"]
    assert len(progress) >= 20 and progress[-1]["step"] == 120 and progress[-1]["loss"] < progress[0]["loss"]
    curve = [e for e in evs if e["type"] == "validation"]
    assert [e["step"] for e in curve] == [30, 60, 90, 120] and curve[-1]["loss"] < curve[0]["loss"]
    assert {e["split"] for e in evs if e["type"] == "eval"} == {"validation", "test"}


def test_the_checkpoint_is_a_hugging_face_model(trained):
    from transformers import AutoModelForCausalLM, AutoTokenizer

    root, _, res, _ = trained
    ck = root / res["checkpoint"]
    assert res["checkpoint"] == "trained/checkpoint" and (ck / "model.safetensors").is_file()
    meta = json.loads((ck / "trex.json").read_text())
    assert meta["baseModel"] == "tiny-small" and meta["method"] == "full" and meta["trainedSteps"] == 120
    assert not (root / "trained" / "trainer-state").exists()
    tok = AutoTokenizer.from_pretrained(ck)
    model = AutoModelForCausalLM.from_pretrained(ck)
    assert tok.chat_template and model.config.model_type == "qwen3"


def test_a_child_warm_starts_from_the_full_checkpoint(trained):
    root, _, _, _ = trained
    res, evs = run_in_process(
        write_job(
            root / "child",
            make_job(
                jobId="child",
                recipe=CLEAN,
                evaluation={"maxExamples": 50, "splits": ["validation"]},
                training={
                    "steps": 4,
                    "batchSize": 8,
                    "learningRate": 0.001,
                    "baseModel": "tiny-small",
                    "initFrom": "trained/checkpoint",
                    "validationPoints": 0,
                },
            ),
        )
    )
    assert res["status"] == "succeeded", res.get("error")
    assert any(e.get("message") == "warm start from trained/checkpoint (full weights)" for e in evs)
    assert list(res["metrics"]) == ["validation"]
    assert json.loads((root / "child" / "checkpoint" / "trex.json").read_text())["trainedSteps"] == 124


def test_lora_trains_an_adapter_that_a_child_continues_and_exports_merged(trained):
    root, _, _, _ = trained
    res, evs = run_in_process(
        write_job(
            root / "lora",
            make_job(
                jobId="lora",
                recipe=CLEAN,
                evaluation={"maxExamples": 30, "splits": ["validation"]},
                training={
                    "steps": 20,
                    "batchSize": 16,
                    "learningRate": 0.01,
                    "baseModel": "tiny-small",
                    "method": "lora",
                    "loraRank": 8,
                    "initFrom": "trained/checkpoint",
                    "exportMerged": True,
                    "validationPoints": 1,
                },
            ),
        )
    )
    assert res["status"] == "succeeded", res.get("error")
    ck = root / "lora" / "checkpoint"
    assert (ck / "adapter_config.json").is_file() and (ck / "adapter_model.safetensors").is_file()
    assert not (ck / "model.safetensors").exists() and (ck / "merged" / "model.safetensors").is_file()
    info = next(e["message"] for e in evs if e.get("message", "").startswith("tiny-small on cpu"))
    trained_params, all_params = (
        int(x.replace(",", "")) for x in info.split("method lora, ")[1].split(" parameters")[0].split(" of ")
    )
    assert 0 < trained_params < all_params / 5
    child, evs = run_in_process(
        write_job(
            root / "lora-child",
            make_job(
                jobId="lora-child",
                recipe=CLEAN,
                evaluation={"maxExamples": 20, "splits": ["validation"]},
                training={
                    "steps": 3,
                    "batchSize": 8,
                    "learningRate": 0.01,
                    "baseModel": "tiny-small",
                    "method": "lora",
                    "initFrom": "lora/checkpoint",
                    "validationPoints": 0,
                },
            ),
        )
    )
    assert child["status"] == "succeeded", child.get("error")
    assert any(e.get("message") == "warm start from lora/checkpoint (adapter)" for e in evs)
    assert json.loads((root / "lora-child" / "checkpoint" / "trex.json").read_text())["trainedSteps"] == 143
    # the adapter sits on the full checkpoint it was trained on, not on the untouched preset
    assert json.loads((root / "lora" / "checkpoint" / "trex.json").read_text())["adapterBase"] == "trained/checkpoint"
    assert (
        json.loads((root / "lora-child" / "checkpoint" / "trex.json").read_text())["adapterBase"]
        == "trained/checkpoint"
    )


def test_gradient_accumulation_and_schedules_reach_the_trainer(tmp_path):
    res, evs = run_in_process(
        write_job(
            tmp_path / "jobs" / "accum",
            make_job(
                jobId="accum",
                evaluation={"maxExamples": 10, "splits": ["validation"]},
                training={
                    "steps": 8,
                    "batchSize": 16,
                    "gradientAccumulation": 4,
                    "learningRate": 0.002,
                    "warmupRatio": 0,
                    "schedule": "constant",
                    "baseModel": "tiny-small",
                    "validationPoints": 0,
                },
            ),
        )
    )
    assert res["status"] == "succeeded" and res["train"]["steps"] == 8
    lrs = {round(e["lr"], 6) for e in evs if e["type"] == "progress"}
    assert lrs == {0.002}


def test_nan_loss_fails_clearly(tmp_path, monkeypatch):
    monkeypatch.setenv("TREX_WORKER_INJECT_NAN_AT", "7")  # AdamW + clipping keep fp32 finite (lr 1.0 diverges instead)
    res, evs = run_in_process(
        write_job(
            tmp_path / "jobs" / "nan",
            make_job(
                jobId="nan", training={"steps": 50, "batchSize": 8, "learningRate": 0.003, "baseModel": "tiny-small"}
            ),
        )
    )
    assert res["status"] == "failed" and res["checkpoint"] is None
    assert res["error"] == "loss became NaN at step 7 (try a lower learning rate)"
    assert any(e["type"] == "log" and e["level"] == "error" and "NaN" in e["message"] for e in evs)


def test_a_loss_that_does_not_move_is_flagged(tmp_path):
    res, evs = run_in_process(
        write_job(
            tmp_path / "jobs" / "cold",
            make_job(
                jobId="cold",
                evaluation={"maxExamples": 10},
                training={
                    "steps": 40,
                    "batchSize": 8,
                    "learningRate": 1e-7,
                    "warmupRatio": 0,
                    "baseModel": "tiny-small",
                    "validationPoints": 0,
                },
            ),
        )
    )
    assert res["status"] == "succeeded"
    assert any("learning rate may be too high" in e.get("message", "") for e in evs)


def test_every_task_trains_and_scores(tmp_path):
    """Every FT-Bench-mini task through the whole path with its own metric (how well it learns: bench/worker)."""
    for tid in sorted(TASKS):
        res, evs = run_in_process(
            write_job(
                tmp_path / "jobs" / tid,
                make_job(
                    jobId=f"train-{tid}",
                    task={"id": tid, "seed": 3},
                    recipe={
                        "operators": [
                            {"op": "load", "source": "task:train", "limit": 400},
                            {"op": "filter", "rule": "valid_label"},
                        ]
                    },
                    training={
                        "steps": 6,
                        "batchSize": 8,
                        "learningRate": 0.003,
                        "baseModel": "tiny-small",
                        "validationPoints": 1,
                    },
                    evaluation={"maxExamples": 12, "badCases": 3},
                ),
            )
        )
        assert res["status"] == "succeeded", (tid, res.get("error"))
        assert res["train"]["steps"] == 6 and math.isfinite(res["train"]["finalLoss"])
        assert all(0.0 <= res["metrics"][s]["primary"] <= 1.0 for s in ("validation", "test"))
        assert {e["split"] for e in evs if e["type"] == "eval"} == {"validation", "test"}
