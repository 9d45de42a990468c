"""Builds the CPU presets' tokenizer: byte-level BPE (1,024 tokens, digits split one by one as Qwen and Llama 3
do) trained on the FT-Bench-mini train splits, with a ChatML chat template. Deterministic; the result is
committed as `preset_tokenizer/tokenizer.json` so every machine and every checkpoint shares one vocabulary.

    python -m trex_worker.models.tokenizer_build        # rewrites preset_tokenizer/tokenizer.json
"""

from __future__ import annotations

from pathlib import Path

VOCAB_SIZE = 1024
SPECIAL_TOKENS = ["<|endoftext|>", "<|im_start|>", "<|im_end|>"]
OUT = Path(__file__).with_name("preset_tokenizer") / "tokenizer.json"


def corpus(rows_per_task: int = 4000):
    from ..tasks import registry

    for task in registry.TASKS.values():
        for r in task.generate("train", rows_per_task, 0):
            yield f"{r['input']}\n{r['output']}"


def build():
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers, trainers

    tok = Tokenizer(models.BPE())
    tok.pre_tokenizer = pre_tokenizers.Sequence(
        [pre_tokenizers.Digits(individual_digits=True), pre_tokenizers.ByteLevel(add_prefix_space=False)]
    )
    tok.decoder = decoders.ByteLevel()
    trainer = trainers.BpeTrainer(
        vocab_size=VOCAB_SIZE,
        special_tokens=SPECIAL_TOKENS,
        show_progress=False,
        initial_alphabet=pre_tokenizers.ByteLevel.alphabet(),
    )
    tok.train_from_iterator(corpus(), trainer=trainer)
    return tok


if __name__ == "__main__":
    OUT.parent.mkdir(parents=True, exist_ok=True)
    build().save(str(OUT))
    print(f"wrote {OUT}")
