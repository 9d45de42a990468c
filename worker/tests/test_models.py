"""Base models and bad input: the catalogue, the CPU presets, chat-formatted features, padding-free batches, and
every way a model or checkpoint can be wrong failing early with a sentence that says what to do."""

import json
import shutil

import pytest
from conftest import make_job, run_in_process, write_job

from trex_worker.models import catalogue, presets
from trex_worker.training.features import IGNORE, encode_rows


@pytest.fixture(scope="module")
def tok():
    from transformers import AutoTokenizer

    return AutoTokenizer.from_pretrained(presets.preset_path(catalogue.find("tiny-small")))


def test_the_catalogue_is_the_servers(tok):
    assert catalogue.preset_ids() == ["tiny-small", "tiny-base", "tiny-large"]
    assert catalogue.find("Qwen/Qwen3-1.7B")["id"] == "qwen3-1.7b"
    from transformers import AutoModelForCausalLM

    for pid in catalogue.preset_ids():  # the server's parameter count is what transformers builds
        entry = catalogue.find(pid)
        model = AutoModelForCausalLM.from_pretrained(presets.preset_path(entry))
        assert sum(p.numel() for p in model.parameters()) == entry["parameters"]
        assert model.config.model_type == "qwen3" and model.config.vocab_size == len(tok)


def test_features_put_the_loss_on_the_answer_tokens_only(tok):
    rows = [{"input": "the plot was great", "output": "positive"}, {"input": "x " * 400, "output": "negative"}]
    feats = encode_rows(tok, rows, max_len=64)
    ids, labels = feats[0]["input_ids"], feats[0]["labels"]
    answer = [t for t, lab in zip(ids, labels) if lab != IGNORE]
    assert tok.decode(answer) == "positive<|im_end|>" and answer[-1] == tok.eos_token_id
    assert (
        tok.decode(ids[: len(ids) - len(answer)])
        == "<|im_start|>user\nthe plot was great<|im_end|>\n<|im_start|>assistant\n"
    )
    assert (
        len(feats[1]["input_ids"]) == 64
        and tok.decode([t for t, lab in zip(*feats[1].values()) if lab != IGNORE]) == "negative<|im_end|>"
    )


def test_padding_free_batches_keep_sequences_apart(tok):
    """Rows packed into one sequence (position ids restart per row) give the same loss as the rows one by one."""
    import torch
    from transformers import AutoModelForCausalLM, DataCollatorWithFlattening

    model = AutoModelForCausalLM.from_pretrained(presets.preset_path(catalogue.find("tiny-small"))).eval()
    feats = encode_rows(
        tok, [{"input": "good fun", "output": "positive"}, {"input": "so dull and slow", "output": "negative"}], 64
    )
    packed = DataCollatorWithFlattening(return_position_ids=True, separator_id=IGNORE)(feats)
    with torch.no_grad():
        logits = model(input_ids=packed["input_ids"], position_ids=packed["position_ids"], use_cache=False).logits[0]
        one_by_one = torch.cat(
            [model(input_ids=torch.tensor([f["input_ids"]]), use_cache=False).logits[0] for f in feats]
        )
    assert torch.allclose(logits, one_by_one, atol=1e-4)


def _job(d, **training):
    return write_job(
        d,
        make_job(
            jobId=d.name,
            training={"steps": 2, "batchSize": 4, "learningRate": 0.001, **training},
            evaluation={"maxExamples": 4, "splits": ["validation"]},
        ),
    )


@pytest.fixture(scope="module")
def parents(tmp_path_factory):
    """A LoRA adapter of tiny-small and a foreign (old tiny backend) and a corrupt checkpoint beside it."""
    root = tmp_path_factory.mktemp("jobs")
    res, _ = run_in_process(_job(root / "adapter", baseModel="tiny-small", method="lora", validationPoints=0))
    assert res["status"] == "succeeded", res.get("error")
    old = root / "old-tiny" / "checkpoint"
    old.mkdir(parents=True)
    (old / "config.json").write_text(json.dumps({"format": "trex-tiny", "preset": "tiny-base"}))
    (old / "model.pt").write_bytes(b"\0" * 64)
    full = root / "full"
    run_in_process(_job(full, baseModel="tiny-small", validationPoints=0))
    corrupt = root / "corrupt" / "checkpoint"
    shutil.copytree(full / "checkpoint", corrupt)
    (corrupt / "model.safetensors").write_bytes(b"not a safetensors file")
    no_template = root / "no-template"
    shutil.copytree(presets.preset_path(catalogue.find("tiny-small")), no_template)
    (no_template / "chat_template.jinja").unlink(missing_ok=True)
    cfg = json.loads((no_template / "tokenizer_config.json").read_text())
    cfg.pop("chat_template", None)
    (no_template / "tokenizer_config.json").write_text(json.dumps(cfg))
    return root


@pytest.mark.parametrize(
    "training, message",
    [
        (
            {"baseModel": "nobody/no-such-model"},
            "base model nobody/no-such-model is not available on this machine: it is not in the Hugging Face cache",
        ),
        ({"baseModel": "qwen3-1.7b"}, "base model Qwen/Qwen3-1.7B is not available on this machine"),
        ({"baseModel": "a model of my own"}, "is neither a catalogue id (tiny-small, tiny-base"),
        ({"baseModel": "tiny-small", "method": "qlora"}, "qlora needs a CUDA GPU"),
        (
            {"baseModel": "tiny-base", "initFrom": "adapter/checkpoint"},
            "initFrom adapter/checkpoint is a LoRA adapter for base model tiny-small, not for tiny-base",
        ),
        ({"baseModel": "tiny-base", "initFrom": "old-tiny"}, "initFrom old-tiny is not a Hugging Face checkpoint"),
        ({"baseModel": "tiny-small", "initFrom": "corrupt"}, "cannot load the weights of initFrom corrupt"),
        ({"baseModel": "tiny-small", "initFrom": "nothing-here"}, "initFrom nothing-here: no checkpoint there"),
    ],
)
def test_bad_models_and_checkpoints_fail_clearly(parents, training, message):
    d = _job(parents / f"bad-{abs(hash(json.dumps(training))) % 10**8}", **training)
    res, evs = run_in_process(d)
    assert res["status"] == "failed" and message in res["error"], res["error"]
    if "corrupt" not in message:  # known before the data recipe runs
        assert res["recipeReport"] == []


def test_a_tokenizer_without_chat_template_fails_clearly(parents):
    d = _job(parents / "templateless", baseModel=str(parents / "no-template"))
    res, _ = run_in_process(d)
    assert res["status"] == "failed"
    assert "has no chat template: TREX trains and evaluates on chat-formatted prompts" in res["error"]
