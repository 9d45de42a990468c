"""The `generate` job kind: ask one to three models (job checkpoints or base models) the same prompts.

Each model is loaded once (a LoRA checkpoint is merged onto the weights it was trained on), each prompt is asked
the way that checkpoint was trained and evaluated (its recipe's templates, then the chat template), and the
answers come back in result.json's `generation`, with load and generation times per model.
"""

from __future__ import annotations

import json
import time
from pathlib import Path

from ._env import num_threads
from .protocol import JobError, apply_defaults, schema, schema_errors
from .recipe.template import apply as apply_templates


def validate_generation_job(raw: dict) -> dict:
    errs = schema_errors("generate", raw)
    if errs:
        more = f" (and {len(errs) - 6} more)" if len(errs) > 6 else ""
        raise JobError("invalid job.json: " + "; ".join(errs[:6]) + more)
    job = apply_defaults(schema("generate"), raw)
    labels = [m["label"] for m in job["models"]]
    if len(set(labels)) != len(labels):
        raise JobError(f"models: each model needs its own label (got {', '.join(labels)})")
    return job


def _source(model: dict, job_dir: Path):
    """Where the weights come from, checked before anything loads: the same resolution a warm start uses."""
    from .models.source import resolve

    training = {"baseModel": model["baseModel"], "method": "full"}
    if model.get("checkpoint"):
        training["initFrom"] = model["checkpoint"]
    try:
        return resolve({"training": training}, job_dir)
    except JobError as e:
        raise JobError(f"model {model['label']}: {str(e).replace('initFrom ', 'checkpoint ')}") from None


def _templates(src) -> list[str]:
    """The templates the checkpoint was trained with (trex.json), so it is asked as it was evaluated."""
    meta = src.init_path / "trex.json" if src.init_path else None
    if not meta or not meta.is_file():
        return []
    try:
        templates = json.loads(meta.read_text(encoding="utf-8")).get("templates") or []
    except ValueError:
        return []
    return [t for t in templates if isinstance(t, str)]


def _load(src, device):
    import peft
    import torch
    import transformers as tf

    from .models.source import load_tokenizer

    bf16 = device.type == "cuda" and torch.cuda.is_bf16_supported()
    tok = load_tokenizer(src)
    dtype = torch.bfloat16 if bf16 else torch.float32
    try:
        model = tf.AutoModelForCausalLM.from_pretrained(src.weights_path, dtype=dtype)
        if src.init_is_adapter:
            model = peft.PeftModel.from_pretrained(model, str(src.init_path)).merge_and_unload()
    except Exception as e:  # noqa: BLE001 - corrupt or foreign weights
        first = (str(e).strip().splitlines() or [type(e).__name__])[0][:300]
        raise JobError(f"cannot load the weights of {src.base_id}: {first}") from None
    model.to(device)
    model.config.use_cache = True
    n = int(getattr(model.config, "max_position_embeddings", 0) or 2048)
    return model, tok, bf16, n


def run_generation(raw: dict, job_dir: Path, events, cancel) -> dict:
    """Validate, load each model once, answer every prompt; the `generation` part of result.json."""
    import torch
    import transformers

    from .training.generation import generate_answers

    job = validate_generation_job(raw)
    sources = [(m, _source(m, job_dir)) for m in job["models"]]  # every model checked before any loads
    transformers.logging.set_verbosity_error()
    torch.set_num_threads(num_threads())
    torch.manual_seed(int(job["seed"]))
    device = torch.device("cuda", 0) if torch.cuda.is_available() else torch.device("cpu")
    out = []
    for model_spec, src in sources:
        t0 = time.time()
        model, tok, bf16, context_length = _load(src, device)
        t1 = time.time()
        templates = _templates(src)
        prompts = [apply_templates(p, templates) for p in job["prompts"]]
        max_new = min(int(job["maxNewTokens"]), context_length // 2)  # the prompt keeps half the context at least
        if max_new < int(job["maxNewTokens"]):
            events.log(
                "warn",
                f"{model_spec['label']}: at most {max_new} new tokens, not {job['maxNewTokens']}: "
                f"the model's context is {context_length} tokens",
            )
        answers, new_tokens = generate_answers(
            model,
            tok,
            prompts,
            device=device,
            bf16=bf16,
            context_length=context_length,
            max_new=max_new,
            temperature=float(job["temperature"]),
            seed=int(job["seed"]),
            cancelled=cancel.is_set,
        )
        t2 = time.time()
        what = f"checkpoint {model_spec['checkpoint']}" if model_spec.get("checkpoint") else f"base model {src.base_id}"
        events.log(
            "info",
            f"{model_spec['label']} ({what}) on {device.type}: loaded in {t1 - t0:.2f} s, "
            f"{new_tokens} new tokens in {t2 - t1:.2f} s",
        )
        out.append(
            {
                "label": model_spec["label"],
                "answers": answers,
                "loadSeconds": round(t1 - t0, 3),
                "generateSeconds": round(t2 - t1, 3),
                "newTokens": new_tokens,
            }
        )
        del model
    return {"generation": out}
