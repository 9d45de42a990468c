"""`hf` backend: transformers + peft on a GPU machine (LoRA, QLoRA or full fine-tuning).

Same contract as `tiny`: progress/eval events, result dict, checkpoint/ (save_pretrained output plus
trex.json), resume state, SIGTERM handling. Imports are lazy so the worker runs without transformers.
Prompt format: the tokenizer's chat template when it has one (user = input, assistant = output),
otherwise "input\\n" + output + EOS. The loss covers the answer tokens only.
"""
from __future__ import annotations

import importlib.util
import json
import math
import os
import time
from pathlib import Path

from ..evaluate import Cancelled, evaluate
from ..protocol import JobError, inside
from .common import RunContext, fingerprint, lr_at, progress_every, write_json

MISSING = "the hf backend needs transformers and peft (not installed on this machine)"
EVAL_BATCH = 32


def available() -> bool:
    return all(importlib.util.find_spec(m) is not None for m in ("transformers", "peft"))


def _model_source(ctx: RunContext) -> tuple[str, bool]:
    """(path or hub id to load, is_adapter) for baseModel / initFrom."""
    tr = ctx.job["training"]
    if tr.get("initFrom"):
        p = inside(ctx.jobs_root, tr["initFrom"])
        if (p / "checkpoint").is_dir():
            p = p / "checkpoint"
        if not p.is_dir():
            raise JobError(f"initFrom {tr['initFrom']}: no checkpoint there")
        return str(p), (p / "adapter_config.json").is_file()
    base = tr["baseModel"]
    return base, False


def _prompt(tok, text: str) -> str:
    if getattr(tok, "chat_template", None):
        try:
            return tok.apply_chat_template([{"role": "user", "content": text}], tokenize=False,
                                           add_generation_prompt=True, enable_thinking=False)
        except TypeError:
            return tok.apply_chat_template([{"role": "user", "content": text}], tokenize=False,
                                           add_generation_prompt=True)
    return text + "\n"


def _load(ctx: RunContext, torch, device):
    import transformers as tf
    tr = ctx.job["training"]
    method = tr["method"]
    src, is_adapter = _model_source(ctx)
    meta_path = Path(src) / "trex.json"
    base_id = json.loads(meta_path.read_text())["baseModel"] if is_adapter and meta_path.is_file() else src
    cuda = device.type == "cuda"
    bf16 = cuda and torch.cuda.is_bf16_supported()
    kw: dict = {}
    if method == "qlora":
        if not cuda or importlib.util.find_spec("bitsandbytes") is None:
            raise JobError("qlora needs a CUDA GPU and the bitsandbytes package; use method lora instead")
        kw["quantization_config"] = tf.BitsAndBytesConfig(
            load_in_4bit=True, bnb_4bit_quant_type="nf4", bnb_4bit_use_double_quant=True,
            bnb_4bit_compute_dtype=torch.bfloat16 if bf16 else torch.float16)
    tok = tf.AutoTokenizer.from_pretrained(src if not is_adapter else (src if (Path(src) / "tokenizer_config.json").is_file() else base_id))
    if tok.pad_token is None:
        tok.pad_token = tok.eos_token
    try:
        model = tf.AutoModelForCausalLM.from_pretrained(base_id, dtype=torch.float32, **kw)
    except TypeError:  # transformers < 4.56 spells it torch_dtype
        model = tf.AutoModelForCausalLM.from_pretrained(base_id, torch_dtype=torch.float32, **kw)
    if method == "qlora":
        import peft
        model = peft.prepare_model_for_kbit_training(model, use_gradient_checkpointing=True)
    elif not kw:
        model.to(device)
    if cuda:
        model.gradient_checkpointing_enable()
        model.config.use_cache = False
        if method != "full" and hasattr(model, "enable_input_require_grads"):
            model.enable_input_require_grads()
    if method in ("lora", "qlora"):
        import peft
        if is_adapter:
            model = peft.PeftModel.from_pretrained(model, src, is_trainable=True)
        else:
            r = int(tr.get("loraRank") or 16)
            cfg = peft.LoraConfig(r=r, lora_alpha=2 * r, lora_dropout=float(tr["dropout"]), task_type="CAUSAL_LM",
                                  target_modules="all-linear")
            model = peft.get_peft_model(model, cfg)
    elif is_adapter:
        import peft
        model = peft.PeftModel.from_pretrained(model, src).merge_and_unload()
    return tok, model, bf16, base_id


def run(ctx: RunContext) -> dict:
    if not available():
        raise JobError(MISSING)
    import torch
    tr, ev_log = ctx.job["training"], ctx.events
    seed, total = int(tr["seed"]), int(tr["steps"])
    torch.manual_seed(seed)
    device = torch.device("cuda" if torch.cuda.is_available() else "cpu")
    tok, model, bf16, base_id = _load(ctx, torch, device)
    params = [p for p in model.parameters() if p.requires_grad]
    n_train = sum(p.numel() for p in params)
    ev_log.log("info", f"hf backend: {base_id} on {device.type}, method {tr['method']}, "
                       f"{n_train:,} trainable parameters, bf16={bf16}")

    # tokenised rows: prompt ids + answer ids (answer ends with EOS)
    feats = []
    for r in ctx.rows:
        p_ids = tok(_prompt(tok, r["input"]), add_special_tokens=False)["input_ids"][-1024:]
        a_ids = tok(r["output"] + (tok.eos_token or ""), add_special_tokens=False)["input_ids"][:512]
        feats.append((p_ids, a_ids))
    opt = torch.optim.AdamW(params, lr=float(tr["learningRate"]), weight_decay=float(tr["weightDecay"]))
    fp, start = fingerprint(ctx.job), 0
    state_path = ctx.checkpoint_dir / "trainer_state.pt"
    if total and state_path.is_file():
        st = torch.load(state_path, map_location="cpu", weights_only=False)
        if st.get("fingerprint") == fp and 0 < st.get("step", 0) <= total:
            trainable = {n: p for n, p in model.named_parameters() if p.requires_grad}
            for n, v in st["trainable"].items():
                if n in trainable:
                    trainable[n].data.copy_(v.to(trainable[n].device))
            opt.load_state_dict(st["optimizer"])
            start = int(st["step"])
            ev_log.log("info", f"resumed from step {start}")

    import numpy as np
    bs = max(1, min(int(tr["batchSize"]), len(feats)))
    per_epoch = max(1, len(feats) // bs)
    every = progress_every(total)
    ls = float(tr["labelSmoothing"])
    losses, tokens, train_time, done, win = [], 0, 0.0, start, []
    t_gpu0 = time.time()

    def save_state(step):
        ctx.checkpoint_dir.mkdir(parents=True, exist_ok=True)
        torch.save({"fingerprint": fp, "step": step, "optimizer": opt.state_dict(),
                    "trainable": {n: p.detach().cpu() for n, p in model.named_parameters() if p.requires_grad}},
                   state_path)

    model.train()
    stopped = None
    for step in range(start, total):
        if ctx.cancel.is_set():
            stopped = "cancel"
            break
        if time.time() > ctx.deadline:
            ev_log.log("warn", f"training.maxSeconds ({tr['maxSeconds']} s) reached: stopping early at step {step}")
            break
        t0 = time.time()
        e, i = divmod(step, per_epoch)
        idx = np.random.default_rng([seed & 0xFFFFFFFF, e]).permutation(len(feats))[i * bs:(i + 1) * bs]
        batch = [feats[k] for k in idx]
        T = max(len(p) + len(a) for p, a in batch)
        ids = torch.full((len(batch), T), tok.pad_token_id, dtype=torch.long)
        labels = torch.full((len(batch), T), -100, dtype=torch.long)
        att = torch.zeros((len(batch), T), dtype=torch.long)
        for b, (p, a) in enumerate(batch):
            seq = p + a
            ids[b, :len(seq)] = torch.tensor(seq)
            labels[b, len(p):len(seq)] = torch.tensor(a)
            att[b, :len(seq)] = 1
        ids, labels, att = ids.to(device), labels.to(device), att.to(device)
        lr = lr_at(step, total, float(tr["learningRate"]), float(tr["warmupRatio"]))
        for g in opt.param_groups:
            g["lr"] = lr
        with torch.autocast(device_type=device.type, dtype=torch.bfloat16, enabled=bf16):
            logits = model(input_ids=ids, attention_mask=att).logits[:, :-1]
        tgt = labels[:, 1:]
        sel = tgt != -100
        loss = torch.nn.functional.cross_entropy(logits[sel].float(), tgt[sel], label_smoothing=ls)
        if not torch.isfinite(loss):
            raise JobError(f"loss became NaN at step {step + 1} (try a lower learning rate)")
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(params, 1.0)
        opt.step()
        done = step + 1
        tokens += int(att.sum())
        train_time += time.time() - t0
        losses.append(float(loss))
        win.append(float(loss))
        if done % every == 0 or done == total:
            ev_log.emit("progress", step=done, totalSteps=total, loss=sum(win) / len(win), lr=lr,
                        tokensPerSecond=round(tokens / max(train_time, 1e-9), 1))
            win = []

    train = {"steps": done, "finalLoss": (sum(losses[-20:]) / len(losses[-20:])) if losses else None,
             "trainRows": len(ctx.rows), "tokensPerSecond": round(tokens / train_time, 1) if train_time else 0.0}

    def save_checkpoint():
        d = ctx.checkpoint_dir
        d.mkdir(parents=True, exist_ok=True)
        model.save_pretrained(str(d))
        tok.save_pretrained(str(d))
        write_json(d / "trex.json", {"format": "trex-hf", "formatVersion": 1, "baseModel": base_id,
                                     "method": tr["method"], "task": ctx.job["task"]["id"],
                                     "templates": ctx.templates, "jobId": ctx.job["jobId"]})

    if stopped == "cancel":
        save_state(done)
        save_checkpoint()
        raise Cancelled({"train": train, "checkpoint": ctx.checkpoint_ref})

    ev = ctx.job["evaluation"]
    model.eval()
    if hasattr(model, "config"):
        model.config.use_cache = True
    tok.padding_side = "left"

    def predict(prompts: list[str], max_chars: int) -> list[str]:
        out = []
        for k in range(0, len(prompts), EVAL_BATCH):
            if ctx.cancel.is_set():
                raise Cancelled()
            texts = [_prompt(tok, p) for p in prompts[k:k + EVAL_BATCH]]
            enc = tok(texts, return_tensors="pt", padding=True, add_special_tokens=False).to(device)
            gen_kw = {"max_new_tokens": max(4, max_chars + 4), "pad_token_id": tok.pad_token_id}
            if ev["decoding"] == "sample" and ev["temperature"] > 0:
                gen_kw.update(do_sample=True, temperature=float(ev["temperature"]))
            else:
                gen_kw.update(do_sample=False)
            with torch.no_grad(), torch.autocast(device_type=device.type, dtype=torch.bfloat16, enabled=bf16):
                gen = model.generate(**enc, **gen_kw)
            new = gen[:, enc["input_ids"].shape[1]:]
            out += [t.strip() for t in tok.batch_decode(new, skip_special_tokens=True)]
        return out

    try:
        report = evaluate(ctx.task, ctx.job, predict, done, ev_log, cancelled=ctx.cancel.is_set,
                          templates=ctx.templates)
    except Cancelled as c:
        save_checkpoint()
        raise Cancelled({**c.partial, "train": train, "checkpoint": ctx.checkpoint_ref}) from None
    save_checkpoint()
    if state_path.exists():
        state_path.unlink()
    if math.isfinite(time.time() - t_gpu0):
        ev_log.log("info", f"hf run finished in {time.time() - t_gpu0:.1f} s on {device.type}")
    return {**report, "train": train, "checkpoint": ctx.checkpoint_ref}
