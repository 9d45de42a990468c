"""`tiny` backend: a char-level causal transformer trained from scratch (or warm-started) on CPU.

Sequences are "BOS input SEP output EOS"; the loss is taken on the output tokens and EOS only.
Checkpoint folder: model.pt (state dict), config.json (format, preset, architecture, templates) and,
while a run is unfinished, state.pt (weights + optimizer + step) so the same job can resume.
"""
from __future__ import annotations

import json
import math
import os
import time
from pathlib import Path

import numpy as np
import torch
import torch.nn as nn
import torch.nn.functional as F

from .._env import num_threads
from ..evaluate import Cancelled, evaluate
from ..model import BOS, EOS, PAD, PRESETS, SEP, VOCAB_SIZE, VOCAB_VERSION, CharTransformer, ModelConfig, decode, encode
from ..protocol import JobError, inside
from .common import RunContext, fingerprint, lr_at, progress_every, write_json

FORMAT = "trex-tiny"
STATE_EVERY_S = 30.0
EVAL_BATCH = 128


def find_checkpoint(jobs_root: Path, ref: str) -> Path:
    p = inside(jobs_root, ref)
    if (p / "checkpoint" / "config.json").is_file():
        p = p / "checkpoint"
    if not (p / "config.json").is_file() or not (p / "model.pt").is_file():
        raise JobError(f"initFrom {ref}: no tiny checkpoint there (config.json / model.pt missing)")
    return p


def load_model(path: Path) -> tuple[CharTransformer, dict]:
    cfg = json.loads((path / "config.json").read_text(encoding="utf-8"))
    if cfg.get("format") != FORMAT:
        raise JobError(f"{path.name}: not a tiny-backend checkpoint (format {cfg.get('format')!r})")
    if cfg["model"].get("vocab") != VOCAB_VERSION:
        raise JobError(f"{path.name}: vocabulary {cfg['model'].get('vocab')!r} is not {VOCAB_VERSION}")
    model = CharTransformer(ModelConfig.from_dict(cfg["model"]))
    model.load_state_dict(torch.load(path / "model.pt", map_location="cpu"))
    return model, cfg


def encode_rows(rows: list[dict], max_len: int) -> tuple[list[list[int]], list[int]]:
    seqs, starts = [], []
    for r in rows:
        out = (encode(r["output"]) + [EOS])[: max_len // 2]
        room = max(0, max_len - len(out) - 2)
        inp = encode(r["input"])[-room:] if room else []
        seqs.append([BOS] + inp + [SEP] + out)
        starts.append(len(inp) + 2)
    return seqs, starts


class Batches:
    """Deterministic batches (seed, step) -> rows: a permutation per epoch, grouped by length to cut padding."""

    def __init__(self, lengths: list[int], batch: int, seed: int):
        self.lengths = np.asarray(lengths)
        self.n = len(lengths)
        self.batch = max(1, min(batch, self.n))
        self.per_epoch = max(1, self.n // self.batch)
        self.seed = seed
        self._cache: tuple[int, list] | None = None

    def _epoch(self, e: int) -> list:
        if self._cache and self._cache[0] == e:
            return self._cache[1]
        rng = np.random.default_rng([self.seed & 0xFFFFFFFF, e])
        perm = rng.permutation(self.n)[: self.per_epoch * self.batch]
        mega = self.batch * 16
        batches = []
        for i in range(0, len(perm), mega):
            chunk = perm[i:i + mega]
            chunk = chunk[np.argsort(self.lengths[chunk], kind="stable")]
            batches += [chunk[j:j + self.batch] for j in range(0, len(chunk), self.batch)]
        order = rng.permutation(len(batches))
        self._cache = (e, [batches[k] for k in order])
        return self._cache[1]

    def get(self, step: int):
        e, i = divmod(step, self.per_epoch)
        return self._epoch(e)[i]


def make_batch(seqs, starts, idx):
    T = max(len(seqs[i]) for i in idx) - 1
    x = torch.full((len(idx), T), PAD, dtype=torch.long)
    y = torch.full((len(idx), T), -100, dtype=torch.long)
    for b, i in enumerate(idx):
        s = seqs[i]
        x[b, : len(s) - 1] = torch.tensor(s[:-1])
        y[b, starts[i] - 1: len(s) - 1] = torch.tensor(s[starts[i]:])
    return x, y, int((x != PAD).sum())


def save_checkpoint(ctx: RunContext, model: CharTransformer, preset: str, trained_steps: int, parent: str | None):
    d = ctx.checkpoint_dir
    d.mkdir(parents=True, exist_ok=True)
    tmp = d / ".model.pt.tmp"
    torch.save(model.state_dict(), tmp)
    os.replace(tmp, d / "model.pt")
    write_json(d / "config.json", {
        "format": FORMAT, "formatVersion": 1, "preset": preset, "model": model.cfg.to_dict(),
        "params": model.n_params(), "task": ctx.job["task"]["id"], "templates": ctx.templates,
        "trainedSteps": trained_steps, "parent": parent, "jobId": ctx.job["jobId"],
    })


def save_state(ctx: RunContext, model, opt, step: int, fp: str, prior_steps: int):
    ctx.checkpoint_dir.mkdir(parents=True, exist_ok=True)
    tmp = ctx.checkpoint_dir / ".state.pt.tmp"
    torch.save({"fingerprint": fp, "step": step, "model": model.state_dict(), "optimizer": opt.state_dict(),
                "rng": torch.get_rng_state(), "priorSteps": prior_steps}, tmp)
    os.replace(tmp, ctx.checkpoint_dir / "state.pt")


def make_predict(model: CharTransformer, ctx: RunContext):
    ev, max_len = ctx.job["evaluation"], model.cfg.max_len
    temperature = ev["temperature"] if ev["decoding"] == "sample" else 0.0
    gen = torch.Generator().manual_seed(int(ctx.job["training"]["seed"]))

    def predict(prompts: list[str], max_chars: int) -> list[str]:
        max_chars = min(max_chars, max_len // 2)  # training cut outputs to max_len // 2 as well
        room = max(1, max_len - max_chars - 3)
        enc = [[BOS] + encode(p)[-room:] + [SEP] for p in prompts]
        order = sorted(range(len(enc)), key=lambda i: len(enc[i]))
        preds = [""] * len(enc)
        model.eval()
        for k in range(0, len(order), EVAL_BATCH):
            if ctx.cancel.is_set():
                raise Cancelled()
            chunk = order[k:k + EVAL_BATCH]
            outs = model.generate([enc[i] for i in chunk], max_chars + 1, temperature, gen)
            for i, o in zip(chunk, outs):
                preds[i] = decode(o)
        return preds

    return predict


def run(ctx: RunContext) -> dict:
    torch.set_num_threads(num_threads())
    tr, ev_log = ctx.job["training"], ctx.events
    seed, total = int(tr["seed"]), int(tr["steps"])
    torch.manual_seed(seed)
    preset, parent, prior = tr["baseModel"], tr.get("initFrom"), 0
    if parent:
        model, pcfg = load_model(find_checkpoint(ctx.jobs_root, parent))
        prior = int(pcfg.get("trainedSteps", 0))
        if pcfg.get("preset") != preset:
            ev_log.log("info", f"warm start from {parent} ({pcfg.get('preset')}); baseModel {preset} is ignored")
        preset = pcfg.get("preset", preset)
        ev_log.log("info", f"warm start from {parent} ({prior} steps of earlier training)")
    else:
        model = CharTransformer(PRESETS[preset])
    for m in model.modules():
        if isinstance(m, nn.Dropout):
            m.p = float(tr["dropout"])
    ev_log.log("info", f"tiny backend: {preset}, {model.n_params():,} parameters, {len(ctx.rows)} training rows, "
                       f"{torch.get_num_threads()} thread(s)")

    decay = [p for p in model.parameters() if p.dim() >= 2]
    no_decay = [p for p in model.parameters() if p.dim() < 2]
    opt = torch.optim.AdamW([{"params": decay, "weight_decay": float(tr["weightDecay"])},
                             {"params": no_decay, "weight_decay": 0.0}], lr=float(tr["learningRate"]),
                            betas=(0.9, 0.98))
    fp, start = fingerprint(ctx.job), 0
    state_path = ctx.checkpoint_dir / "state.pt"
    if total > 0 and state_path.is_file():
        try:
            st = torch.load(state_path, map_location="cpu")
        except Exception as e:  # a torn file from a hard kill: start over
            st = None
            ev_log.log("warn", f"ignoring unreadable resume state: {e}")
        if st and st.get("fingerprint") == fp and 0 < st.get("step", 0) <= total:
            model.load_state_dict(st["model"])
            opt.load_state_dict(st["optimizer"])
            torch.set_rng_state(st["rng"])
            start = int(st["step"])
            ev_log.log("info", f"resumed from step {start}")

    seqs, starts = encode_rows(ctx.rows, model.cfg.max_len)
    batches = Batches([len(s) for s in seqs], int(tr["batchSize"]), seed)
    every = progress_every(total)
    # Test hook: AdamW + clipping keeps fp32 finite even at lr 1.0, so tests force the NaN path this way.
    inject_nan = int(os.environ.get("TREX_WORKER_INJECT_NAN_AT", "0") or 0)
    losses: list[float] = []
    window_loss, window_n = 0.0, 0
    tokens, train_time = 0, 0.0
    last_state = time.time()
    done = start
    model.train()
    stopped_by = None
    for step in range(start, total):
        if ctx.cancel.is_set():
            stopped_by = "cancel"
            break
        if time.time() > ctx.deadline:
            stopped_by = "time"
            ev_log.log("warn", f"training.maxSeconds ({tr['maxSeconds']} s) reached: stopping early at step {step}")
            break
        t0 = time.time()
        lr = lr_at(step, total, float(tr["learningRate"]), float(tr["warmupRatio"]))
        for g in opt.param_groups:
            g["lr"] = lr
        x, y, n_tok = make_batch(seqs, starts, batches.get(step))
        h = model.hidden(x)
        sel = y != -100
        loss = F.cross_entropy(model.head(h[sel]), y[sel], label_smoothing=float(tr["labelSmoothing"]))
        if inject_nan == step + 1:
            loss = loss * float("nan")
        if not torch.isfinite(loss):
            raise JobError(f"loss became NaN at step {step + 1} (try a lower learning rate)")
        opt.zero_grad(set_to_none=True)
        loss.backward()
        torch.nn.utils.clip_grad_norm_(model.parameters(), 1.0)
        opt.step()
        done = step + 1
        tokens += n_tok
        train_time += time.time() - t0
        lv = float(loss)
        losses.append(lv)
        window_loss, window_n = window_loss + lv, window_n + 1
        if done % every == 0 or done == total:
            ev_log.emit("progress", step=done, totalSteps=total, loss=window_loss / window_n, lr=lr,
                        tokensPerSecond=round(tokens / max(train_time, 1e-9), 1))
            window_loss, window_n = 0.0, 0
        if time.time() - last_state > STATE_EVERY_S and done < total:
            save_state(ctx, model, opt, done, fp, prior)
            last_state = time.time()

    if len(losses) >= 40 and not parent and start == 0:
        first, last = sum(losses[:10]) / 10, sum(losses[-10:]) / 10
        if last > 0.7 * first or last > 0.5 * math.log(VOCAB_SIZE):
            ev_log.log("warn", f"training loss barely moved ({first:.3f} -> {last:.3f}): the learning rate may be "
                               "too high (diverging) or too low")
    train = {"steps": done, "finalLoss": (sum(losses[-20:]) / len(losses[-20:])) if losses else None,
             "trainRows": len(ctx.rows), "tokensPerSecond": round(tokens / train_time, 1) if train_time else 0.0}
    if stopped_by == "cancel":
        save_state(ctx, model, opt, done, fp, prior)
        save_checkpoint(ctx, model, preset, prior + done, parent)
        ev_log.log("info", f"cancelled: checkpoint saved at step {done}")
        raise Cancelled({"train": train, "checkpoint": ctx.checkpoint_ref})

    model.eval()
    try:
        report = evaluate(ctx.task, ctx.job, make_predict(model, ctx), done, ev_log,
                          cancelled=ctx.cancel.is_set, templates=ctx.templates)
    except Cancelled as c:
        if total:
            save_state(ctx, model, opt, done, fp, prior)
        save_checkpoint(ctx, model, preset, prior + done, parent)
        raise Cancelled({**c.partial, "train": train, "checkpoint": ctx.checkpoint_ref}) from None
    save_checkpoint(ctx, model, preset, prior + done, parent)
    if state_path.exists():
        state_path.unlink()
    return {**report, "train": train, "checkpoint": ctx.checkpoint_ref}
