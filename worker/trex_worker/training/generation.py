"""Batched greedy or sampled generation with the KV cache: prompts -> answers (evaluation and generation jobs)."""

from __future__ import annotations

from collections.abc import Callable

from ..evaluate import Cancelled
from .features import chat_prompt

EVAL_BATCH = 64


def generate_answers(
    model,
    tok,
    prompts: list[str],
    *,
    device,
    bf16: bool,
    context_length: int,
    max_new: int,
    temperature: float = 0.0,
    seed: int = 0,
    cancelled: Callable[[], bool] = lambda: False,
) -> tuple[list[str], int]:
    """Each prompt as a chat user turn, answered in batches of similar length; temperature 0 decodes greedily.
    Returns the answers in prompt order and the number of new tokens generated (end of turn and padding excluded)."""
    import torch

    sample = temperature > 0
    texts = [chat_prompt(tok, p) for p in prompts]
    order = sorted(range(len(texts)), key=lambda i: len(texts[i]))
    preds = [""] * len(texts)
    new_tokens = 0
    # padded and, beyond the context, cut on the left: the end of the prompt (where the answer begins) stays
    tok.padding_side = "left"
    tok.truncation_side = "left"
    model.eval()
    for k in range(0, len(order), EVAL_BATCH):
        if cancelled():
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
        kw = {"do_sample": True, "temperature": float(temperature), "top_k": 0} if sample else {"do_sample": False}
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
        stop = {tok.pad_token_id, tok.eos_token_id}
        new_tokens += sum(1 for t in new.flatten().tolist() if t not in stop)
        for i, text in zip(chunk, tok.batch_decode(new, skip_special_tokens=True)):
            preds[i] = text.strip()
    return preds, new_tokens


def make_predict(model, tok, ctx, device, bf16: bool, context_length: int):
    ev = ctx.job["evaluation"]
    temperature = float(ev["temperature"]) if ev["decoding"] == "sample" else 0.0

    def predict(prompts: list[str], max_chars: int) -> list[str]:
        # an answer of max_chars characters takes at most about as many tokens (+ end of turn)
        answers, _ = generate_answers(
            model,
            tok,
            prompts,
            device=device,
            bf16=bf16,
            context_length=context_length,
            max_new=max(4, max_chars + 4),
            temperature=temperature,
            seed=int(ctx.job["training"]["seed"]),
            cancelled=ctx.cancel.is_set,
        )
        return answers

    return predict
