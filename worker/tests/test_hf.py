"""The `hf` backend: a clear failure without transformers; a real LoRA run where transformers exists."""
import importlib.util
import json

import pytest

from conftest import make_job, write_job
from test_cli import check_shapes, cli

HAS_HF = all(importlib.util.find_spec(m) is not None for m in ("transformers", "peft"))


@pytest.mark.skipif(HAS_HF, reason="transformers and peft are installed here")
def test_hf_backend_without_transformers_fails_clearly(job_dir):
    write_job(job_dir, make_job(training={"backend": "hf", "baseModel": "Qwen/Qwen3-1.7B", "method": "lora",
                                          "steps": 5, "batchSize": 2, "learningRate": 1e-4}))
    r = cli("run", "--job-dir", str(job_dir))
    assert r.returncode == 1
    res, _ = check_shapes(job_dir)
    assert res["error"] == "the hf backend needs transformers and peft (not installed on this machine)"
    assert res["recipeReport"] and res["recipeReport"][0]["op"] == "load"


def _tiny_llama(path):
    """A two-layer Llama and a byte-level BPE tokenizer trained on the spot (nothing is downloaded)."""
    transformers = pytest.importorskip("transformers", reason="the hf backend needs transformers (GPU machines)")
    tk = pytest.importorskip("tokenizers", reason="needs the tokenizers package")
    from trex_worker.tasks import mini_sst2
    tok = tk.Tokenizer(tk.models.BPE(unk_token="<unk>"))
    tok.pre_tokenizer = tk.pre_tokenizers.ByteLevel(add_prefix_space=False)
    tok.decoder = tk.decoders.ByteLevel()
    trainer = tk.trainers.BpeTrainer(vocab_size=400, special_tokens=["<unk>", "<pad>", "<eos>"],
                                     initial_alphabet=tk.pre_tokenizers.ByteLevel.alphabet())
    tok.train_from_iterator([r["input"] + "\n" + r["output"] for r in mini_sst2.generate("train", 3000)], trainer)
    fast = transformers.PreTrainedTokenizerFast(tokenizer_object=tok, unk_token="<unk>", pad_token="<pad>",
                                                eos_token="<eos>")
    cfg = transformers.LlamaConfig(vocab_size=len(fast), hidden_size=64, intermediate_size=128, num_hidden_layers=2,
                                   num_attention_heads=4, num_key_value_heads=4, max_position_embeddings=512,
                                   pad_token_id=fast.pad_token_id, eos_token_id=fast.eos_token_id, bos_token_id=None)
    transformers.LlamaForCausalLM(cfg).save_pretrained(path)
    fast.save_pretrained(path)
    return path


@pytest.mark.skipif(not HAS_HF, reason="the hf backend needs transformers and peft (GPU machines only)")
@pytest.mark.parametrize("method", ["lora", "full"])
def test_hf_backend_trains_and_evaluates(tmp_path, method):
    base = _tiny_llama(tmp_path / "base-model")
    d = write_job(tmp_path / "jobs" / f"hf-{method}", make_job(
        jobId=f"hf-{method}", evaluation={"maxExamples": 16, "badCases": 3},
        training={"backend": "hf", "baseModel": str(base), "method": method, "loraRank": 8, "steps": 30,
                  "batchSize": 8, "learningRate": 2e-3}))
    r = cli("run", "--job-dir", str(d), timeout=600)
    assert r.returncode == 0, r.stderr
    res, evs = check_shapes(d)
    assert res["status"] == "succeeded" and res["train"]["steps"] == 30
    assert set(res["metrics"]) == {"validation", "test"}
    assert len([e for e in evs if e["type"] == "progress"]) >= 20
    ck = d / "checkpoint"
    assert (ck / "trex.json").is_file()
    assert (ck / ("adapter_config.json" if method == "lora" else "config.json")).is_file()
    assert json.loads((ck / "trex.json").read_text())["baseModel"] == str(base)
