"""Loads the weights a job trains: the base (or a parent's full checkpoint), then LoRA/QLoRA adapters or none."""

from __future__ import annotations

import importlib.util

from ..models.source import ModelSource
from ..protocol import JobError


def _first_line(e: BaseException) -> str:
    return (str(e).strip().splitlines() or [type(e).__name__])[0][:300]


def load_model(src: ModelSource, tr: dict, device):
    import torch
    import transformers as tf

    method, cuda = tr["method"], device.type == "cuda"
    bf16 = cuda and torch.cuda.is_bf16_supported()
    kw: dict = {"dtype": torch.float32}
    if method == "full":
        kw["attention_dropout"] = float(tr["dropout"])
    elif cuda:  # frozen base weights in half precision; the adapter trains in fp32 under autocast
        kw["dtype"] = torch.bfloat16 if bf16 else torch.float16
    if method == "qlora":
        if not cuda or importlib.util.find_spec("bitsandbytes") is None:
            raise JobError(
                "qlora needs a CUDA GPU and the bitsandbytes package (pip install 'trex-worker[gpu]'); "
                "use method lora instead"
            )
        kw["quantization_config"] = tf.BitsAndBytesConfig(
            load_in_4bit=True,
            bnb_4bit_quant_type="nf4",
            bnb_4bit_use_double_quant=True,
            bnb_4bit_compute_dtype=kw["dtype"],
        )
    where = (
        f"initFrom {tr.get('initFrom')}" if src.init_path and not src.init_is_adapter else f"base model {src.base_id}"
    )
    try:
        model = tf.AutoModelForCausalLM.from_pretrained(src.weights_path, **kw)
    except Exception as e:  # noqa: BLE001 - corrupt or foreign weights
        raise JobError(f"cannot load the weights of {where}: {_first_line(e)}") from None
    if method != "qlora":
        model.to(device)
    import peft

    if src.init_is_adapter:
        try:
            model = peft.PeftModel.from_pretrained(model, str(src.init_path), is_trainable=method != "full")
        except Exception as e:  # noqa: BLE001 - an adapter of another shape, or a corrupt file
            raise JobError(
                f"cannot load the adapter of initFrom {tr.get('initFrom')} onto {src.base_id}: {_first_line(e)}"
            ) from None
        if method == "full":
            model = model.merge_and_unload()
    elif method in ("lora", "qlora"):
        if method == "qlora":
            model = peft.prepare_model_for_kbit_training(model, use_gradient_checkpointing=True)
        r = int(tr.get("loraRank") or 16)
        cfg = peft.LoraConfig(
            r=r, lora_alpha=2 * r, lora_dropout=float(tr["dropout"]), task_type="CAUSAL_LM", target_modules="all-linear"
        )
        model = peft.get_peft_model(model, cfg)
    # activations recomputed in the backward pass: longer sequences and larger batches fit
    if tr.get("gradientCheckpointing", cuda):
        model.gradient_checkpointing_enable(gradient_checkpointing_kwargs={"use_reentrant": False})
        model.config.use_cache = False
        if method != "full" and hasattr(model, "enable_input_require_grads"):
            model.enable_input_require_grads()  # checkpointing with frozen embeddings
    return model, bf16
