"""The CPU presets: Qwen3 configurations from the catalogue with the bundled BPE tokenizer and a ChatML chat
template, built once per machine (seeded random initialisation), saved in Hugging Face format under the models
folder, and from then on loaded like any Hub model."""

from __future__ import annotations

import hashlib
import json
import os
import shutil
from pathlib import Path

TOKENIZER_FILE = Path(__file__).with_name("preset_tokenizer") / "tokenizer.json"
PAD, EOS = "<|endoftext|>", "<|im_end|>"
CHATML = (
    "{%- for message in messages %}"
    "{{- '<|im_start|>' + message['role'] + '\\n' + message['content'] + '<|im_end|>' + '\\n' }}"
    "{%- endfor %}"
    "{%- if add_generation_prompt %}{{- '<|im_start|>assistant\\n' }}{%- endif %}"
)
# bump when the way a preset is built changes: a new folder is built, old checkpoints keep their own copy
BUILD_VERSION = 1


def models_root() -> Path:
    return Path(os.environ.get("TREX_MODELS_DIR") or Path.home() / ".cache" / "trex-worker" / "models")


def _key(entry: dict) -> str:
    h = hashlib.sha256(json.dumps([entry["architecture"], entry["contextLength"], BUILD_VERSION]).encode())
    h.update(TOKENIZER_FILE.read_bytes())
    return h.hexdigest()[:12]


def tokenizer():
    from transformers import PreTrainedTokenizerFast

    return PreTrainedTokenizerFast(
        tokenizer_file=str(TOKENIZER_FILE),
        eos_token=EOS,
        pad_token=PAD,
        chat_template=CHATML,
        model_max_length=512,
        padding_side="right",
    )


def preset_path(entry: dict) -> Path:
    """The preset's folder (config.json, model.safetensors, tokenizer), built on first use; safe under races."""
    d = models_root() / f"{entry['id']}-{_key(entry)}"
    if (d / "model.safetensors").is_file():
        return d
    import torch
    from transformers import AutoModelForCausalLM, GenerationConfig, Qwen3Config

    a, tok = entry["architecture"], tokenizer()
    cfg = Qwen3Config(
        vocab_size=a["vocab"],
        hidden_size=a["hidden"],
        num_hidden_layers=a["layers"],
        num_attention_heads=a["heads"],
        num_key_value_heads=a["kvHeads"],
        head_dim=a["headDim"],
        intermediate_size=a["intermediate"],
        tie_word_embeddings=a["tiedEmbeddings"],
        max_position_embeddings=entry["contextLength"],
        eos_token_id=tok.eos_token_id,
        pad_token_id=tok.pad_token_id,
        bos_token_id=None,
    )
    torch.manual_seed(0)
    model = AutoModelForCausalLM.from_config(cfg)
    model.generation_config = GenerationConfig(eos_token_id=tok.eos_token_id, pad_token_id=tok.pad_token_id)
    d.parent.mkdir(parents=True, exist_ok=True)
    tmp = d.with_name(f".{d.name}.{os.getpid()}.tmp")
    shutil.rmtree(tmp, ignore_errors=True)
    model.save_pretrained(str(tmp))
    tok.save_pretrained(str(tmp))
    try:
        os.rename(tmp, d)
    except OSError:  # another worker built it first
        shutil.rmtree(tmp, ignore_errors=True)
    return d
