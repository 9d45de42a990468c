"""Where a job's weights come from: `training.baseModel` (catalogue id, Hub id or folder) and `initFrom` (a parent
job's checkpoint), resolved and checked before any weights are loaded, so bad input fails early and clearly."""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from ..protocol import JobError, inside
from . import catalogue, presets


@dataclass
class ModelSource:
    base_id: str  # what the job calls the base model (catalogue id, Hub id or path), recorded in trex.json
    base_path: str  # what from_pretrained loads the base weights from (folder or Hub id)
    init_path: Path | None = None  # the parent checkpoint folder
    init_is_adapter: bool = False  # the parent is a peft adapter (else full weights)
    tokenizer_path: str = ""
    entry: dict | None = None
    # an adapter's own base weights when they are an earlier job's full checkpoint (jobs-root relative ref)
    adapter_base: str | None = None
    jobs_root: Path | None = None

    @property
    def weights_path(self) -> str:
        """The full weights to start from: the parent's when it saved full weights, the weights the parent's adapter
        was trained on when it saved an adapter, else the base model's."""
        if self.init_path and not self.init_is_adapter:
            return str(self.init_path)
        if self.init_is_adapter and self.adapter_base and self.jobs_root:
            return str(inside(self.jobs_root, self.adapter_base))
        return self.base_path

    @property
    def full_weights_ref(self) -> str | None:
        """What a LoRA adapter trained by this job sits on, for its trex.json: a checkpoint ref, or None (the base)."""
        if self.init_path and not self.init_is_adapter and self.jobs_root:
            return str(self.init_path.relative_to(self.jobs_root))
        return self.adapter_base


def _same_base(a: str, b: str) -> bool:
    ea, eb = catalogue.find(a), catalogue.find(b)
    if ea and eb:
        return ea["id"] == eb["id"]
    return a.strip().rstrip("/").lower() == b.strip().rstrip("/").lower()


def _hub_or_folder(model_id: str, job_dir: Path, log=None) -> str:
    """A folder (absolute, or relative to the job folder) if it exists; else a Hub id that must be in the cache or
    downloadable. Fails with the id and how to provide the model."""
    p = Path(model_id) if os.path.isabs(model_id) else job_dir / model_id
    if p.is_dir():
        if not (p / "config.json").is_file():
            raise JobError(f"base model folder {model_id} has no config.json (save it with save_pretrained)")
        return str(p)
    if model_id.startswith(("/", ".", "~")) or model_id.count("/") != 1:
        raise JobError(
            f"base model {model_id!r} is neither a catalogue id ({', '.join(e['id'] for e in catalogue.entries())}), "
            "nor a Hub id (owner/name), nor an existing folder"
        )
    from .gguf_import import find_imported

    imported = find_imported(model_id)
    if imported:  # a copy TREX imported (python -m trex_worker.models.gguf_import): trains offline
        if log:
            meta = json.loads((imported / "trex-import.json").read_text(encoding="utf-8"))
            log("info", f"{model_id}: the copy imported from {meta.get('from', 'a file')} (dequantised weights)")
        return str(imported)
    from huggingface_hub import snapshot_download
    from huggingface_hub.errors import HFValidationError

    try:  # the cache first: a runner offline (HF_HUB_OFFLINE=1) still trains models someone put there
        return snapshot_download(
            model_id, local_files_only=True, allow_patterns=["*.json", "*.safetensors", "*.model", "*.txt", "*.jinja"]
        )
    except HFValidationError as e:
        raise JobError(f"base model {model_id!r} is not a valid Hub id: {e}") from None
    except Exception:  # noqa: BLE001 - not cached: try the Hub unless offline
        pass
    if os.environ.get("HF_HUB_OFFLINE", "") not in ("", "0"):
        raise JobError(
            f"base model {model_id} is not available on this machine: it is not in the Hugging Face cache "
            f"({os.environ.get('HF_HOME', '~/.cache/huggingface')}) and HF_HUB_OFFLINE is set. Run "
            f"`hf download {model_id}` where the Hub is reachable and copy the cache here, or set baseModel "
            "to a folder saved with save_pretrained"
        )
    try:
        return snapshot_download(model_id, allow_patterns=["*.json", "*.safetensors", "*.model", "*.txt", "*.jinja"])
    except Exception as e:  # noqa: BLE001
        first = (str(e).strip().splitlines() or [type(e).__name__])[0][:200]
        raise JobError(
            f"base model {model_id} is not available on this machine and cannot be downloaded ({first}). "
            f"Run `hf download {model_id}` where the Hub is reachable and copy the Hugging Face cache here, "
            "or set baseModel to a folder saved with save_pretrained"
        ) from None


def _parent(job: dict, jobs_root: Path) -> tuple[Path, bool, dict]:
    ref = job["training"]["initFrom"]
    p = inside(jobs_root, ref)
    if (p / "checkpoint").is_dir():
        p = p / "checkpoint"
    if not p.is_dir():
        raise JobError(f"initFrom {ref}: no checkpoint there")
    meta_file = p / "trex.json"
    meta = {}
    if meta_file.is_file():
        try:
            meta = json.loads(meta_file.read_text(encoding="utf-8"))
        except ValueError as e:
            raise JobError(f"initFrom {ref}: trex.json is corrupt ({e})") from None
    if (p / "adapter_config.json").is_file():
        return p, True, meta
    if (p / "config.json").is_file():
        try:
            cfg = json.loads((p / "config.json").read_text(encoding="utf-8"))
        except ValueError as e:
            raise JobError(f"initFrom {ref}: config.json is corrupt ({e})") from None
        if cfg.get("format") == "trex-tiny" or "model_type" not in cfg:
            raise JobError(
                f"initFrom {ref} is not a Hugging Face checkpoint (a checkpoint of the removed tiny "
                "backend, or another format): start from the base model instead"
            )
        if not any(p.glob("*.safetensors")) and not any(p.glob("*.bin")):
            raise JobError(f"initFrom {ref}: the checkpoint has a config.json but no weights")
        return p, False, meta
    raise JobError(f"initFrom {ref} is not a checkpoint TREX can read (no adapter_config.json or config.json)")


def resolve(job: dict, job_dir: Path, log=None, progress=None) -> ModelSource:
    """The base model, tokenizer and warm start of a job; `progress(what, step, total)` follows a preset's first
    build (minutes)."""
    tr = job["training"]
    base_id = tr["baseModel"]
    init_path, is_adapter, adapter_base = None, False, None
    jobs_root = job_dir.resolve().parent
    if tr.get("initFrom"):
        init_path, is_adapter, meta = _parent(job, jobs_root)
        adapter_base = meta.get("adapterBase") if is_adapter else None
        if adapter_base and not (inside(jobs_root, adapter_base) / "config.json").is_file():
            raise JobError(f"initFrom {tr['initFrom']} is an adapter on the weights of {adapter_base}, which are gone")
        parent_base = meta.get("baseModel")
        if is_adapter and not parent_base:
            parent_base = json.loads((init_path / "adapter_config.json").read_text()).get("base_model_name_or_path")
        if parent_base and not _same_base(parent_base, base_id):
            kind = "a LoRA adapter" if is_adapter else "a checkpoint"
            raise JobError(
                f"initFrom {tr['initFrom']} is {kind} for base model {parent_base}, not for {base_id}: "
                "warm-start only from a checkpoint of the same base model"
            )
    entry = catalogue.find(base_id)
    if entry and entry["source"]["kind"] == "preset":
        base_path = str(presets.preset_path(entry, log, progress) if log else presets.preset_path(entry))
    else:
        base_path = _hub_or_folder(entry["source"]["hubId"] if entry else base_id, job_dir, log)
    if tr["method"] == "qlora" and entry and "qlora" not in entry["methods"]:
        raise JobError(
            f"{entry['id']} is a CPU preset: qlora needs a CUDA GPU and bitsandbytes; use method lora or full"
        )
    tok_path = str(init_path) if init_path and (init_path / "tokenizer_config.json").is_file() else base_path
    return ModelSource(
        base_id=base_id,
        base_path=base_path,
        init_path=init_path,
        init_is_adapter=is_adapter,
        tokenizer_path=tok_path,
        entry=entry,
        adapter_base=adapter_base,
        jobs_root=jobs_root,
    )


def load_tokenizer(src: ModelSource):
    from transformers import AutoTokenizer

    try:
        tok = AutoTokenizer.from_pretrained(src.tokenizer_path)
    except Exception as e:  # noqa: BLE001
        raise JobError(f"cannot load the tokenizer of {src.base_id}: {e}") from None
    if not getattr(tok, "chat_template", None):
        raise JobError(
            f"the tokenizer of {src.base_id} has no chat template: TREX trains and evaluates on chat-formatted "
            "prompts; use an instruct model or save its tokenizer with a chat_template"
        )
    if tok.eos_token_id is None:
        raise JobError(f"the tokenizer of {src.base_id} has no end-of-sequence token")
    if tok.pad_token is None:
        tok.pad_token = tok.eos_token
    return tok
