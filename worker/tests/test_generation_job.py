"""The `generate` job kind on a real CPU preset: a trained checkpoint and the base model answer the same prompts,
side by side, through the same run_job envelope (result.json, events); bad input fails with a sentence."""

import json

import pytest
from conftest import make_job, run_in_process, write_job


def gen_job(**over) -> dict:
    job = {
        "version": 1,
        "kind": "generate",
        "jobId": "gen-1",
        "models": [{"label": "base", "baseModel": "tiny-small"}],
        "prompts": ["a lovely film"],
        "maxNewTokens": 8,
    }
    job.update(over)
    return job


@pytest.fixture(scope="module")
def jobs(tmp_path_factory):
    """A jobs root with one trained node: tiny-small fine-tuned on mini-sst2 with a template, a few steps."""
    root = tmp_path_factory.mktemp("jobs")
    recipe = {
        "operators": [
            {"op": "load", "source": "task:train", "limit": 400},
            {"op": "template", "template": "Review: {input}"},
        ]
    }
    res, _ = run_in_process(
        write_job(
            root / "trained",
            make_job(
                jobId="trained",
                recipe=recipe,
                evaluation={"maxExamples": 10, "splits": ["validation"]},
                training={"steps": 30, "batchSize": 16, "learningRate": 0.003, "baseModel": "tiny-small"},
            ),
        )
    )
    assert res["status"] == "succeeded", res.get("error")
    return root, res["checkpoint"]


def test_a_checkpoint_and_the_base_model_answer_side_by_side(jobs):
    root, checkpoint = jobs
    prompts = ["a lovely, moving film", "dull and far too long", "the plot"]
    res, evs = run_in_process(
        write_job(
            root / "gen",
            gen_job(
                models=[
                    {"label": "node", "baseModel": "tiny-small", "checkpoint": checkpoint},
                    {"label": "base", "baseModel": "tiny-small"},
                ],
                prompts=prompts,
            ),
        )
    )
    assert res["status"] == "succeeded", res.get("error")
    assert res["metrics"] == {} and res["checkpoint"] is None
    by_label = {g["label"]: g for g in res["generation"]}
    assert list(by_label) == ["node", "base"]
    for g in by_label.values():
        assert len(g["answers"]) == len(prompts)
        assert all(isinstance(a, str) for a in g["answers"])
        assert 0 < g["newTokens"] <= 8 * len(prompts)
        assert g["loadSeconds"] > 0 and g["generateSeconds"] > 0
    # the trained node learned to answer with a label; the untrained preset did not
    labels = {"positive", "negative"}
    assert all(a in labels for a in by_label["node"]["answers"]), by_label["node"]["answers"]
    assert by_label["node"]["answers"] != by_label["base"]["answers"]
    logs = [e["message"] for e in evs if e["type"] == "log"]
    assert any(m.startswith("node (checkpoint ") for m in logs)
    assert any(m.startswith("base (base model tiny-small)") for m in logs)
    assert evs[-1] == {**evs[-1], "type": "finished", "status": "succeeded"}


def test_greedy_answers_repeat_and_sampling_follows_the_seed(jobs):
    root, checkpoint = jobs
    model = [{"label": "node", "baseModel": "tiny-small", "checkpoint": checkpoint}]

    def answers(name, **over):
        res, _ = run_in_process(write_job(root / name, gen_job(jobId=name, models=model, **over)))
        assert res["status"] == "succeeded", res.get("error")
        return res["generation"][0]["answers"]

    assert answers("g1") == answers("g2")
    hot = {"temperature": 2.0, "maxNewTokens": 12, "prompts": ["a"] * 4}
    assert answers("s1", seed=1, **hot) == answers("s2", seed=1, **hot)


def test_a_prompt_longer_than_the_context_keeps_its_end_and_the_answer_fits(jobs):
    root, checkpoint = jobs
    model = [{"label": "node", "baseModel": "tiny-small", "checkpoint": checkpoint}]
    long = " ".join(["a dull and tedious film"] * 170)[:4000]
    res, evs = run_in_process(
        write_job(root / "long", gen_job(jobId="long", models=model, prompts=[long], maxNewTokens=512))
    )
    assert res["status"] == "succeeded", res.get("error")
    # the prompt was cut from the left, so the chat template's answer header survived: the node still answers with a
    # label (had the header been cut, it would go on writing the review). Whether it stops after the label at a length
    # it never trained on is up to the 30-step model, not the truncation
    answer = res["generation"][0]["answers"][0]
    assert answer.startswith(("positive", "negative")), answer[:80]
    warnings = [e["message"] for e in evs if e["type"] == "log" and e["level"] == "warn"]
    assert "node: at most 256 new tokens, not 512: the model's context is 512 tokens" in warnings


def test_a_lora_checkpoint_is_merged_onto_its_base_and_answers(jobs):
    root, _ = jobs
    res, _ = run_in_process(
        write_job(
            root / "lora",
            make_job(
                jobId="lora",
                evaluation={"maxExamples": 10, "splits": ["validation"]},
                training={
                    "steps": 30,
                    "batchSize": 16,
                    "learningRate": 0.01,
                    "baseModel": "tiny-small",
                    "method": "lora",
                    "loraRank": 8,
                },
            ),
        )
    )
    assert res["status"] == "succeeded", res.get("error")
    assert (root / res["checkpoint"] / "adapter_config.json").is_file()
    gen, _ = run_in_process(
        write_job(
            root / "lora-gen",
            gen_job(
                jobId="lora-gen",
                models=[
                    {"label": "node", "baseModel": "tiny-small", "checkpoint": res["checkpoint"]},
                    {"label": "base", "baseModel": "tiny-small"},
                ],
            ),
        )
    )
    assert gen["status"] == "succeeded", gen.get("error")
    node, base = gen["generation"]
    assert node["answers"] != base["answers"]  # the adapter changed the weights that answered


@pytest.mark.parametrize(
    "over, message",
    [
        ({"prompts": []}, "prompts"),
        ({"prompts": ["x" * 4001]}, "prompts.0"),
        ({"maxNewTokens": 0}, "maxNewTokens"),
        ({"models": [{"label": "a", "baseModel": "tiny-small"}, {"label": "a", "baseModel": "tiny-small"}]}, "label"),
        ({"models": [{"label": "node", "baseModel": "tiny-small", "checkpoint": "../../etc"}]}, "outside"),
        ({"models": [{"label": "node", "baseModel": "tiny-small", "checkpoint": "gone/checkpoint"}]}, "no checkpoint"),
        ({"models": [{"label": "base", "baseModel": "no-such-model"}]}, "no-such-model"),
    ],
)
def test_bad_input_fails_with_a_sentence(jobs, over, message):
    root, _ = jobs
    res, evs = run_in_process(write_job(root / "bad", gen_job(jobId="bad", **over)))
    assert res["status"] == "failed"
    assert message in res["error"], res["error"]
    assert "generation" not in res
    assert evs[-1]["type"] == "finished"


def test_a_checkpoint_of_another_base_model_is_refused(jobs):
    root, checkpoint = jobs
    res, _ = run_in_process(
        write_job(
            root / "other",
            gen_job(jobId="other", models=[{"label": "node", "baseModel": "tiny-base", "checkpoint": checkpoint}]),
        )
    )
    assert res["status"] == "failed"
    assert "model node: checkpoint" in res["error"] and "tiny-small" in res["error"], res["error"]
    assert json.loads((root / "other" / "job.json").read_text())["kind"] == "generate"
