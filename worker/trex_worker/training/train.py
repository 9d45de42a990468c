"""One training run on transformers' Trainer: features -> Trainer (resume, callbacks) -> checkpoint -> evaluation.

The same code trains a 1M-parameter CPU preset in CI and Qwen3-8B on GPUs: the chat template, loss on the answer
tokens only, padding-free batches (sequences packed into one row, kept apart by their position ids), LoRA /
QLoRA / full fine-tuning, gradient accumulation, schedules, a validation-loss curve, bf16 and gradient
checkpointing on CUDA, DDP or FSDP (full fine-tuning of large models, `training.sharding`) when started by
torchrun. SIGTERM saves the Trainer state (optimizer, scheduler, RNG) and the checkpoint; running the same job
again resumes from it.
"""

from __future__ import annotations

import math
import os
import shutil
import time

from .._env import num_threads
from ..evaluate import Cancelled, evaluate
from ..models.source import ModelSource, load_tokenizer
from ..protocol import JobError
from .checkpoint import save_checkpoint
from .context import RunContext, fingerprint, rank, world_size
from .features import Rows, encode_rows, padded_collator
from .generation import make_predict
from .memory_cap import check_free_gpu_memory, memory_cap

VALIDATION_ROWS = 64
SCHEDULES = {"cosine": "cosine_with_min_lr", "linear": "linear", "constant": "constant_with_warmup"}


def _device():
    import torch

    if torch.cuda.is_available():
        return torch.device("cuda", int(os.environ.get("LOCAL_RANK", "0")))
    return torch.device("cpu")


def _context_length(model, tok, tr) -> int:
    n = int(getattr(model.config, "max_position_embeddings", 0) or 2048)
    return min(n, int(tr.get("maxSeqLength") or min(n, 2048)))


def _resume_point(ctx: RunContext, total: int) -> str | None:
    """The Trainer checkpoint of an earlier attempt at the same job, or None (a foreign one is removed)."""
    from transformers.trainer_utils import get_last_checkpoint

    d, fp_file = ctx.state_dir, ctx.state_dir / "fingerprint"
    if not d.is_dir():
        return None
    if total == 0 or not fp_file.is_file() or fp_file.read_text(encoding="utf-8").strip() != fingerprint(ctx.job):
        shutil.rmtree(d, ignore_errors=True)
        return None
    return get_last_checkpoint(str(d))


# full fine-tuning of a model this large shards it over the processes (FSDP) unless the job says otherwise
FSDP_FROM_PARAMETERS = 1_000_000_000


def sharding(tr: dict, parameters: int, world: int) -> str:
    """How several processes share the model: "ddp" replicates it on each, "fsdp" shards weights, gradients and
    optimizer state (full fine-tuning of models that do not fit one GPU); "none" for one process."""
    if world <= 1:
        return "none"
    asked = tr.get("sharding", "auto")
    if asked == "auto":
        return "fsdp" if tr["method"] == "full" and parameters >= FSDP_FROM_PARAMETERS else "ddp"
    if asked == "fsdp" and tr["method"] != "full":
        raise JobError(f"sharding fsdp shards full fine-tuning; {tr['method']} trains an adapter: use ddp (or auto)")
    return asked


def _fsdp_args(model) -> dict:
    """FSDP over the decoder layers (each layer one shard unit), gathered to one full state dict for saving."""
    layers = model.get_decoder().layers
    return {
        "fsdp": "full_shard auto_wrap",
        "fsdp_config": {
            "transformer_layer_cls_to_wrap": [type(layers[0]).__name__],
            "state_dict_type": "FULL_STATE_DICT",
        },
    }


def _trainer(ctx, model, tok, feats, val_feats, total, bf16, callback, shard):
    import torch
    from transformers import DataCollatorWithFlattening, PrinterCallback, Trainer, TrainingArguments

    tr = ctx.job["training"]
    inject_nan = int(os.environ.get("TREX_WORKER_INJECT_NAN_AT", "0") or 0)  # test hook: AdamW keeps fp32 finite
    # A diverging run: the loss climbs past twice where it started and past twice the loss of guessing uniformly
    # over the vocabulary (AdamW with clipping keeps fp32 finite even at lr 1.0, so the NaN of a too-high rate shows
    # as this instead). The first step is the reference, never judged: no update has been applied before it, and a
    # pretrained base can start above the uniform loss on answers it has never seen (mini-gta: 15.7 over 13.9).
    uniform_limit = 2.0 * math.log(max(2, len(tok)))
    first = {"step": None, "loss": 0.0}

    def diverged(step: int, value: float) -> JobError:
        return JobError(
            f"loss diverged at step {step}: {value:.1f}, above {callback.diverged_above:.1f} (twice the first "
            "step's loss and twice the loss of guessing uniformly over the vocabulary): the learning rate is too high",
            "nan_loss",
        )

    callback.diverged = diverged

    class JobTrainer(Trainer):
        def training_step(self, model, inputs, num_items_in_batch=None):
            loss = super().training_step(model, inputs, num_items_in_batch)
            step = self.state.global_step + 1
            if inject_nan == step:
                loss = loss * float("nan")
            value = float(loss)
            if not math.isfinite(value):
                raise JobError(f"loss became NaN at step {step} (try a lower learning rate)", "nan_loss")
            if first["step"] in (None, step):  # the micro-batches' shares of the first step add up to its loss
                first["step"], first["loss"] = step, first["loss"] + value
                callback.diverged_above = max(uniform_limit, 2.0 * first["loss"])
            elif value > callback.diverged_above:  # a micro-batch's share of the step's loss: never above its mean
                raise diverged(step, value)
            return loss

    accum, world = int(tr["gradientAccumulation"]), world_size()
    per_device = max(1, math.ceil(int(tr["batchSize"]) / (accum * world)))
    points = int(tr["validationPoints"])
    cuda = torch.cuda.is_available()
    args = TrainingArguments(
        output_dir=str(ctx.state_dir),
        max_steps=total,
        per_device_train_batch_size=per_device,
        per_device_eval_batch_size=max(per_device, 16),
        gradient_accumulation_steps=accum,
        learning_rate=float(tr["learningRate"]),
        weight_decay=float(tr["weightDecay"]),
        lr_scheduler_type=SCHEDULES[tr["schedule"]],
        lr_scheduler_kwargs={"min_lr_rate": 0.05} if tr["schedule"] == "cosine" else {},
        warmup_steps=int(round(float(tr["warmupRatio"]) * total)),
        max_grad_norm=1.0,
        label_smoothing_factor=float(tr["labelSmoothing"]),
        seed=int(tr["seed"]),
        data_seed=int(tr["seed"]),
        logging_steps=max(1, total // 25),
        logging_strategy="steps",
        save_strategy="no",
        save_total_limit=1,
        eval_strategy="steps" if points and val_feats else "no",
        eval_steps=max(1, total // max(1, points)),
        prediction_loss_only=True,
        report_to=[],
        disable_tqdm=True,
        use_cpu=not cuda,
        bf16=bf16,
        dataloader_num_workers=0,
        dataloader_pin_memory=cuda,
        remove_unused_columns=False,
        include_num_input_tokens_seen="all",
        ddp_backend=None if cuda else ("gloo" if world > 1 else None),
        ddp_find_unused_parameters=False if shard == "ddp" else None,
        save_only_model=False,
        **(_fsdp_args(model) if shard == "fsdp" else {}),
    )
    # Padding-free batches on GPUs (every row packed into one sequence, kept apart by the position ids); on CPU
    # padded batches measured 2.1x faster (tiny-base, batch 32 of mini-sst2: 0.33 s vs 0.70 s a step), since
    # CPU attention over a packed row computes the whole block-diagonal square.
    collator = (
        DataCollatorWithFlattening(return_position_ids=True, separator_id=-100)
        if cuda
        else padded_collator(tok.pad_token_id)
    )
    trainer = JobTrainer(
        model=model,
        args=args,
        train_dataset=Rows(feats),
        eval_dataset=Rows(val_feats) if val_feats and points else None,
        data_collator=collator,
        processing_class=tok,
        callbacks=[callback],
    )
    trainer.remove_callback(PrinterCallback)  # the callback above reports; nothing goes to stdout
    return trainer


def _gathered(trainer, src: ModelSource, tr: dict, device):
    """The FSDP-trained weights as one unsharded model on rank 0 (None elsewhere): all ranks take part."""
    from .model_loading import load_model

    state = trainer.accelerator.get_state_dict(trainer.model)
    if rank() != 0:
        return None
    model, _ = load_model(src, tr, device)
    missing, unexpected = model.load_state_dict(state, strict=False)
    tied = {"lm_head.weight"} if getattr(model.config, "tie_word_embeddings", False) else set()
    if unexpected or set(missing) - tied:
        raise JobError(f"the FSDP shards do not make the model: missing {missing[:5]}, unexpected {unexpected[:5]}")
    return model


def run(ctx: RunContext, src: ModelSource) -> dict:
    import torch
    import transformers

    transformers.logging.set_verbosity_error()
    transformers.utils.logging.disable_progress_bar()
    torch.set_num_threads(num_threads())
    tr, ev_log = ctx.job["training"], ctx.events
    total, seed = int(tr["steps"]), int(tr["seed"])
    torch.manual_seed(seed)
    device = _device()
    tok = load_tokenizer(src)
    from .model_loading import load_model

    if total > 0:
        check_free_gpu_memory(ctx.job.get("estimates", {}).get("gpuMemoryGiB"), device)
    model, bf16 = load_model(src, tr, device)
    n_all = sum(p.numel() for p in model.parameters())
    n_train = sum(p.numel() for p in model.parameters() if p.requires_grad)
    shard = sharding(tr, n_all, world_size())
    ctx_len = _context_length(model, tok, tr)
    ev_log.log(
        "info",
        f"{src.base_id} on {device.type}: method {tr['method']}, {n_train:,} of {n_all:,} parameters "
        f"trained, {len(ctx.rows)} training rows, sequences up to {ctx_len} tokens, bf16={bf16}, "
        f"{torch.get_num_threads()} thread(s), {world_size()} process(es)" + (f" ({shard})" if shard != "none" else ""),
    )
    if src.init_path:
        ev_log.log("info", f"warm start from {tr['initFrom']} ({'adapter' if src.init_is_adapter else 'full weights'})")

    train = {"steps": 0, "finalLoss": None, "trainRows": len(ctx.rows), "tokensPerSecond": 0.0}
    stopped = None
    if total > 0:
        from .callbacks import JobCallback

        feats = encode_rows(tok, ctx.rows, ctx_len)
        val_rows = ctx.task.generate(
            "validation", min(VALIDATION_ROWS, ctx.job["evaluation"]["maxExamples"]), ctx.job["task"]["seed"]
        )
        val_feats = encode_rows(tok, val_rows, ctx_len) if val_rows else []
        callback = JobCallback(ctx, total)
        trainer = _trainer(ctx, model, tok, feats, val_feats, total, bf16, callback, shard)
        resume = _resume_point(ctx, total)
        ctx.state_dir.mkdir(parents=True, exist_ok=True)
        (ctx.state_dir / "fingerprint").write_text(fingerprint(ctx.job), encoding="utf-8")
        if resume:
            ev_log.log("info", f"resumed from step {resume.rsplit('-', 1)[-1]}")
        with memory_cap(tr.get("memoryCapMiB"), device):
            trainer.train(resume_from_checkpoint=resume)
        stopped = callback.stopped
        model = trainer.model
        if shard == "fsdp":  # every process sends its shards; rank 0 evaluates and saves the whole model
            model = _gathered(trainer, src, tr, device)
        losses = callback.losses
        train = {
            "steps": int(trainer.state.global_step),
            "finalLoss": losses[-1] if losses else None,
            "trainRows": len(ctx.rows),
            "tokensPerSecond": callback.tokens_per_second(trainer.state),
        }
        if len(losses) >= 8 and not src.init_path and losses[-1] > 0.7 * losses[0]:
            ev_log.log(
                "warn",
                f"training loss barely moved ({losses[0]:.3f} -> {losses[-1]:.3f}): the learning rate "
                "may be too high (diverging) or too low",
            )
        if stopped == "cancel":
            if rank() == 0:
                save_checkpoint(ctx, model, tok, src, train["steps"])
                ev_log.log("info", f"cancelled: checkpoint saved at step {train['steps']}")
            raise Cancelled({"train": train, "checkpoint": ctx.checkpoint_ref})
    if rank() != 0:  # the other DDP processes only train
        return {"train": train, "checkpoint": ctx.checkpoint_ref}

    t_eval = time.time()
    predict = make_predict(model, tok, ctx, device, bf16, ctx_len)
    try:
        report = evaluate(
            ctx.task, ctx.job, predict, train["steps"], ev_log, cancelled=ctx.cancel.is_set, templates=ctx.templates
        )
    except Cancelled as c:
        save_checkpoint(ctx, model, tok, src, train["steps"])
        raise Cancelled({**c.partial, "train": train, "checkpoint": ctx.checkpoint_ref}) from None
    ev_log.log("info", f"evaluation took {time.time() - t_eval:.1f} s")
    save_checkpoint(ctx, model, tok, src, train["steps"], merged=bool(tr["exportMerged"]))
    shutil.rmtree(ctx.state_dir, ignore_errors=True)
    return {**report, "train": train, "checkpoint": ctx.checkpoint_ref}
