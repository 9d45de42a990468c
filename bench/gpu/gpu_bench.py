"""GPU benchmark of the worker's training backend (one script, no network, under 8 minutes on one H100/H200).

Builds Qwen3-0.6B and Qwen3-1.7B from their configurations (random weights, random token ids: no tokenizer or data
is needed) and measures, with the worker's model settings (its padding-free collator, its peft LoRA config on all
linear layers, bf16 autocast, gradient checkpointing) in a plain training loop that leaves the Trainer's per-step
bookkeeping out:
  training tokens/s, MFU (6 x parameters x tokens/s + attention, over the bf16 dense peak) and peak memory, for
  LoRA and full fine-tuning at sequence 1024 and 2048; and evaluation generation tokens/s (batched, KV cache).

    worker/.venv/bin/python bench/gpu/gpu_bench.py                 # on a GPU machine: writes bench/out/gpu.{json,md}
    worker/.venv/bin/python bench/gpu/gpu_bench.py --tiny --steps 3 # on CPU: a two-layer config, to test the script
"""

from __future__ import annotations

import argparse
import json
import os
import sys
import time
from pathlib import Path

ROOT = Path(__file__).resolve().parents[2]
sys.path.insert(0, str(ROOT / "worker"))

MODELS = {  # catalogue architectures (server/contract/base-models.ts)
    "qwen3-0.6b": {
        "hidden_size": 1024,
        "num_hidden_layers": 28,
        "num_attention_heads": 16,
        "intermediate_size": 3072,
        "tie_word_embeddings": True,
    },
    "qwen3-1.7b": {
        "hidden_size": 2048,
        "num_hidden_layers": 28,
        "num_attention_heads": 16,
        "intermediate_size": 6144,
        "tie_word_embeddings": True,
    },
}
TINY = {
    "tiny-qwen3": {
        "hidden_size": 64,
        "num_hidden_layers": 2,
        "num_attention_heads": 4,
        "intermediate_size": 128,
        "tie_word_embeddings": True,
    }
}
PEAK_BF16 = {
    "H100": 989e12,
    "H200": 989e12,
}  # dense bf16 peak (SXM); 790 TFLOP/s measured on an H200


def build(name: str, arch: dict, vocab: int, device):
    import torch
    from transformers import AutoModelForCausalLM, Qwen3Config

    head_dim = (
        128
        if arch["hidden_size"] >= 1024
        else arch["hidden_size"] // arch["num_attention_heads"]
    )
    cfg = Qwen3Config(
        vocab_size=vocab,
        num_key_value_heads=8 if head_dim == 128 else 2,
        head_dim=head_dim,
        max_position_embeddings=4096,
        **arch,
    )
    torch.manual_seed(0)
    return AutoModelForCausalLM.from_config(cfg, dtype=torch.float32).to(device)


def train_measure(
    model, method: str, seq: int, steps: int, device, batch_tokens: int
) -> dict:
    """Packed rows of random token ids (lengths 64..seq) through the worker's Trainer settings; tokens/s after warm-up."""
    import peft
    import torch
    from transformers import DataCollatorWithFlattening

    cuda = device.type == "cuda"
    if method == "lora":
        model = peft.get_peft_model(
            model.to(torch.bfloat16) if cuda else model,
            peft.LoraConfig(
                r=16, lora_alpha=32, target_modules="all-linear", task_type="CAUSAL_LM"
            ),
        )
    if cuda:
        model.gradient_checkpointing_enable(
            gradient_checkpointing_kwargs={"use_reentrant": False}
        )
        if method == "lora":
            model.enable_input_require_grads()
    model.train()
    opt = torch.optim.AdamW(
        [p for p in model.parameters() if p.requires_grad], lr=1e-5, fused=cuda
    )
    collate = DataCollatorWithFlattening(return_position_ids=True, separator_id=-100)
    g = torch.Generator().manual_seed(0)
    vocab = model.config.vocab_size

    def batch():
        rows, n = [], 0
        while n < batch_tokens:
            k = int(torch.randint(64, seq + 1, (1,), generator=g))
            ids = torch.randint(0, vocab, (k,), generator=g).tolist()
            rows.append({"input_ids": ids, "labels": ids})
            n += k
        b = collate(rows)
        return {k: torch.as_tensor(v).to(device) for k, v in b.items()}

    if cuda:
        torch.cuda.reset_peak_memory_stats()
    tokens, t0 = 0, None
    for i in range(steps + 2):
        if i == 2:  # after warm-up (allocator, kernels)
            if cuda:
                torch.cuda.synchronize()
            t0, tokens = time.time(), 0
        b = batch()
        with torch.autocast(
            device_type=device.type, dtype=torch.bfloat16, enabled=cuda
        ):
            loss = model(**b, use_cache=False).loss
        loss.backward()
        opt.step()
        opt.zero_grad(set_to_none=True)
        tokens += int(b["input_ids"].numel())
    if cuda:
        torch.cuda.synchronize()
    dt = time.time() - t0
    peak = torch.cuda.max_memory_allocated() / 2**30 if cuda else 0.0
    return {"tokensPerSecond": tokens / dt, "peakGiB": peak, "loss": float(loss)}


def mfu(model, tokens_per_s: float, seq: int, peak: float) -> float:
    c = model.config
    n = sum(p.numel() for p in model.parameters())
    flops_per_token = (
        6 * n + 12 * c.num_hidden_layers * c.hidden_size * seq
    )  # + attention (causal, packed: approx.)
    return tokens_per_s * flops_per_token / peak


def generation_measure(model, device, batch: int, new_tokens: int) -> float:
    import torch

    model.eval()
    ids = torch.randint(0, model.config.vocab_size, (batch, 128), device=device)
    with (
        torch.no_grad(),
        torch.autocast(
            device_type=device.type, dtype=torch.bfloat16, enabled=device.type == "cuda"
        ),
    ):
        model.generate(input_ids=ids, max_new_tokens=4, do_sample=False, pad_token_id=0)
        if device.type == "cuda":
            torch.cuda.synchronize()
        t = time.time()
        out = model.generate(
            input_ids=ids,
            attention_mask=torch.ones_like(ids),
            max_new_tokens=new_tokens,
            min_new_tokens=new_tokens,
            do_sample=False,
            pad_token_id=0,
            use_cache=True,
        )
        if device.type == "cuda":
            torch.cuda.synchronize()
    return (out.shape[1] - ids.shape[1]) * batch / (time.time() - t)


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument(
        "--tiny",
        action="store_true",
        help="a two-layer config (CPU check of the script)",
    )
    p.add_argument("--steps", type=int, default=12)
    p.add_argument("--out", default=str(ROOT / "bench" / "out"))
    a = p.parse_args()
    import torch

    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    gpu = torch.cuda.get_device_name(0) if device.type == "cuda" else "cpu"
    peak = next((v for k, v in PEAK_BF16.items() if k in gpu), 989e12)
    models, seqs = (TINY, [128, 256]) if a.tiny else (MODELS, [1024, 2048])
    vocab = 1024 if a.tiny else 151_936
    batch_tokens = 4096 if a.tiny else 16_384
    rows = []
    for name, arch in models.items():
        for method in ("lora", "full"):
            for seq in seqs:
                model = build(name, arch, vocab, device)
                r = train_measure(model, method, seq, a.steps, device, batch_tokens)
                rows.append(
                    {
                        "model": name,
                        "method": method,
                        "seq": seq,
                        **r,
                        "mfu": mfu(model, r["tokensPerSecond"], seq, peak),
                    }
                )
                print(json.dumps(rows[-1]), flush=True)
                del model
                if device.type == "cuda":
                    torch.cuda.empty_cache()
        model = build(name, arch, vocab, device).to(
            torch.bfloat16 if device.type == "cuda" else torch.float32
        )
        gen = generation_measure(
            model, device, 8 if a.tiny else 64, 16 if a.tiny else 256
        )
        rows.append(
            {
                "model": name,
                "method": "generate",
                "seq": 128,
                "tokensPerSecond": gen,
                "peakGiB": 0.0,
                "mfu": 0.0,
            }
        )
        print(json.dumps(rows[-1]), flush=True)
    out = Path(a.out)
    out.mkdir(parents=True, exist_ok=True)
    (out / "gpu.json").write_text(
        json.dumps({"device": gpu, "torch": torch.__version__, "rows": rows}, indent=1)
    )
    md = [
        "| model | method | seq | tokens/s | MFU | peak GiB |",
        "|---|---|---|---|---|---|",
    ]
    md += [
        f"| {r['model']} | {r['method']} | {r['seq']} | {r['tokensPerSecond']:,.0f} | {r['mfu']:.1%} | {r['peakGiB']:.1f} |"
        for r in rows
    ]
    (out / "gpu.md").write_text("\n".join(md) + "\n")
    print("\n".join(md))


if __name__ == "__main__":
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")
    main()
