"""Batched greedy or sampled generation with the KV cache, for evaluation: prompts -> answers."""

from __future__ import annotations

from ..evaluate import Cancelled
from .features import chat_prompt

EVAL_BATCH = 64


def make_predict(model, tok, ctx, device, bf16: bool, context_length: int):
    import torch

    ev = ctx.job["evaluation"]
    sample = ev["decoding"] == "sample" and ev["temperature"] > 0
    seed = int(ctx.job["training"]["seed"])

    def predict(prompts: list[str], max_chars: int) -> list[str]:
        # an answer of max_chars characters takes at most about as many tokens (+ end of turn)
        max_new = max(4, max_chars + 4)
        texts = [chat_prompt(tok, p) for p in prompts]
        order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
        preds = [""] * len(texts)
        tok.padding_side = "left"
        model.eval()
        for k in range(0, len(order), EVAL_BATCH):
            if ctx.cancel.is_set():
                raise Cancelled()
            chunk = order[k : k + EVAL_BATCH]
            enc = tok(
                [texts[i] for i in chunk],
                return_tensors="pt",
                padding=True,
                add_special_tokens=False,
                truncation=True,
                max_length=max(8, context_length - max_new),
            ).to(device)
            kw = (
                {"do_sample": True, "temperature": float(ev["temperature"]), "top_k": 0}
                if sample
                else {"do_sample": False}
            )
            if sample:
                torch.manual_seed(seed + k)
            with torch.no_grad(), torch.autocast(device_type=device.type, dtype=torch.bfloat16, enabled=bf16):
                out = model.generate(
                    **enc,
                    max_new_tokens=max_new,
                    pad_token_id=tok.pad_token_id,
                    eos_token_id=tok.eos_token_id,
                    use_cache=True,
                    **kw,
                )
            new = out[:, enc["input_ids"].shape[1] :]
            for i, text in zip(chunk, tok.batch_decode(new, skip_special_tokens=True)):
                preds[i] = text.strip()
        return preds

    return predict
