"""Rows -> token ids through the tokenizer's chat template, with labels on the answer tokens only."""

from __future__ import annotations

import torch

IGNORE = -100


def chat_prompt(tok, text: str) -> str:
    """The user turn rendered with the chat template, ending where the assistant's answer begins."""
    msgs = [{"role": "user", "content": text}]
    try:  # Qwen3's template takes enable_thinking; answers here are direct
        return tok.apply_chat_template(msgs, tokenize=False, add_generation_prompt=True, enable_thinking=False)
    except TypeError:
        return tok.apply_chat_template(msgs, tokenize=False, add_generation_prompt=True)


def _conversation(tok, text: str, answer: str) -> str:
    msgs = [{"role": "user", "content": text}, {"role": "assistant", "content": answer}]
    try:
        return tok.apply_chat_template(msgs, tokenize=False, enable_thinking=False)
    except TypeError:
        return tok.apply_chat_template(msgs, tokenize=False)


def encode_rows(tok, rows: list[dict], max_len: int) -> list[dict]:
    """{input_ids, labels} per row: prompt tokens labelled IGNORE, answer tokens (and the end-of-turn) kept.

    The answer is whatever the template renders after the prompt, cut after the first end-of-sequence token;
    a template that does not render the prompt as a prefix of the conversation gets answer + EOS appended.
    The prompt is cut from the left when the sequence is longer than max_len; the answer keeps at most half.
    """
    prompts = [chat_prompt(tok, r["input"]) for r in rows]
    fulls = [_conversation(tok, r["input"], r["output"]) for r in rows]
    p_ids = tok(prompts, add_special_tokens=False)["input_ids"]
    f_ids = tok(fulls, add_special_tokens=False)["input_ids"]
    eos = tok.eos_token_id
    out = []
    for r, p, f in zip(rows, p_ids, f_ids):
        if f[: len(p)] == p and len(f) > len(p):
            a = f[len(p) :]
            if eos in a:
                a = a[: a.index(eos) + 1]
        else:
            a = tok(r["output"], add_special_tokens=False)["input_ids"] + [eos]
        a = a[: max_len // 2]
        p = p[-(max_len - len(a)) :]
        out.append({"input_ids": p + a, "labels": [IGNORE] * len(p) + a})
    return out


class Rows(torch.utils.data.Dataset):
    def __init__(self, feats: list[dict]):
        self.feats = feats

    def __len__(self):
        return len(self.feats)

    def __getitem__(self, i):
        return self.feats[i]


def padded_collator(pad_id: int):
    """Right-padded batches with an attention mask (labels padded with IGNORE)."""

    def collate(batch: list[dict]) -> dict:
        n = max(len(b["input_ids"]) for b in batch)
        ids = torch.full((len(batch), n), pad_id, dtype=torch.long)
        labels = torch.full((len(batch), n), IGNORE, dtype=torch.long)
        mask = torch.zeros((len(batch), n), dtype=torch.long)
        for i, b in enumerate(batch):
            k = len(b["input_ids"])
            ids[i, :k] = torch.tensor(b["input_ids"])
            labels[i, :k] = torch.tensor(b["labels"])
            mask[i, :k] = 1
        return {"input_ids": ids, "labels": labels, "attention_mask": mask}

    return collate
