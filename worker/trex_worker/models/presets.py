"""The CPU presets: Qwen3 configurations from the catalogue with the bundled BPE tokenizer and a ChatML chat
template, built once per machine (seeded initialisation, then pretrained on the tasks' input text: pretrain.py),
saved in Hugging Face format under the models folder, and from then on loaded like any Hub model.

    python -m trex_worker.models.presets tiny-base [tiny-small ...]   # builds them ahead of time
"""

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
# bump when the way a preset is built changes (pretrain.py's recipe included): a new folder is built, old checkpoints
# keep their own copy
BUILD_VERSION = 3


def pretrain_steps(entry: dict) -> int:
    """Steps of pretraining a preset gets when it is built: PRETRAIN_STEPS up to a million parameters, fewer above
    so that the build stays a few minutes on two cores (tiny-large: 432); TREX_PRETRAIN_STEPS overrides it, and 0
    keeps random weights."""
    from .pretrain import PRETRAIN_STEPS

    if os.environ.get("TREX_PRETRAIN_STEPS"):
        return int(os.environ["TREX_PRETRAIN_STEPS"])
    return round(PRETRAIN_STEPS * min(1.0, 1e6 / entry["parameters"]))


def models_root() -> Path:
    return Path(os.environ.get("TREX_MODELS_DIR") or Path.home() / ".cache" / "trex-worker" / "models")


def _key(entry: dict) -> str:
    h = hashlib.sha256(
        json.dumps([entry["architecture"], entry["contextLength"], BUILD_VERSION, pretrain_steps(entry)]).encode()
    )
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


def _stderr(level: str, message: str) -> None:
    import sys

    print(f"[trex-worker] {message}", file=sys.stderr)


def preset_path(entry: dict, log=_stderr, progress=None) -> Path:
    """The preset's folder (config.json, model.safetensors, tokenizer), built on first use; safe under races.
    `log(level, message)` says when a build (minutes) is under way, `progress(what, step, total)` how far it is:
    a job passes its event log."""
    d = models_root() / f"{entry['id']}-{_key(entry)}"
    if (d / "model.safetensors").is_file():
        return d
    import fcntl

    d.parent.mkdir(parents=True, exist_ok=True)
    # one process builds (pretraining takes minutes), the others wait for it and then load its result
    with open(d.parent / f".{d.name}.lock", "w") as lock:
        try:
            fcntl.flock(lock, fcntl.LOCK_EX | fcntl.LOCK_NB)
        except BlockingIOError:
            log("info", f"waiting for another process that is building the {entry['id']} preset")
            fcntl.flock(lock, fcntl.LOCK_EX)
        if not (d / "model.safetensors").is_file():
            _build(entry, d, log, progress)
    return d


def model_config(entry: dict, tok):
    """The preset's Qwen3 configuration, from its catalogue entry."""
    from transformers import Qwen3Config

    a = entry["architecture"]
    return Qwen3Config(
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


def _build(entry: dict, d: Path, log, progress=None) -> None:
    import torch
    from transformers import AutoModelForCausalLM, GenerationConfig

    tok = tokenizer()
    cfg = model_config(entry, tok)
    torch.manual_seed(0)
    model = AutoModelForCausalLM.from_config(cfg)
    steps = pretrain_steps(entry)
    if steps > 0:
        from .pretrain import pretrain

        log(
            "info",
            f"building the {entry['id']} preset: pretraining {steps} steps on the tasks' text (once per machine)",
        )
        what = f"building the {entry['id']} preset"
        report = (lambda step, total: progress(what, step, total)) if progress else None
        loss = pretrain(model, tok, steps, out_dir=str(d.parent), progress=report)
        log("info", f"the {entry['id']} preset is pretrained (mean loss {loss:.3f})")
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


if __name__ == "__main__":
    import sys

    from .catalogue import find

    for model_id in sys.argv[1:]:
        entry = find(model_id)
        if not entry or entry.get("source", {}).get("kind") != "preset":
            raise SystemExit(f"{model_id} is not a CPU preset")
        print(preset_path(entry))
