"""Pretraining of the CPU presets: next-token prediction on the input text of the FT-Bench-mini train splits
(never their answers), so that a preset starts as a small base model that has read text of these domains
instead of random weights.

Why: from random weights the presets learn answer formats quickly but plateau at the majority label on tasks
whose signal lies in word order. On mini-sst2 a negative adjective appears more often under a positive label
than a negative one (negation flips it, and train is 71 % positive), so only "not" + adjective predicts the
label; measured on tiny-small, 600 fine-tuning steps from random weights stay at 0.525 (the majority label),
after this pretraining (1,200 steps, about two minutes on two cores) 300 steps reach 0.905 on validation.

Deterministic (seeded data and initialisation); runs once per machine when a preset is built
(`presets.preset_path`); `python -m trex_worker.models.presets tiny-base` builds one ahead of time.
"""

from __future__ import annotations

import random

PRETRAIN_STEPS = 1200
BATCH_SIZE = 32
LEARNING_RATE = 3e-3
MAX_TOKENS = 128
ROWS_PER_TASK = 3000
# train rows of another seed than the one jobs train on (seed 0 by default): same distribution, other sentences
CORPUS_SEED = 1


def corpus_texts() -> list[str]:
    from ..tasks import registry

    texts = [r["input"] for task in registry.TASKS.values() for r in task.generate("train", ROWS_PER_TASK, CORPUS_SEED)]
    random.Random(0).shuffle(texts)
    return texts


def pretrain(model, tok, steps: int = PRETRAIN_STEPS, out_dir: str | None = None, progress=None) -> float:
    """Trains `model` in place on the corpus with transformers' Trainer; returns the mean training loss.
    `progress(step, total)` is called about fifty times along the way (a build takes minutes)."""
    import tempfile

    import torch
    from transformers import PrinterCallback, Trainer, TrainerCallback, TrainingArguments

    from .._env import num_threads
    from ..training.features import Rows, padded_collator

    torch.set_num_threads(num_threads())
    ids = tok(corpus_texts(), add_special_tokens=False)["input_ids"]
    # every text ends with the end-of-sequence token: a base model that has never seen one keeps writing after the
    # answer ("negativenegative…") until fine-tuning has taught it to stop
    eos = tok.eos_token_id
    feats = [{"input_ids": x[: MAX_TOKENS - 1] + [eos], "labels": x[: MAX_TOKENS - 1] + [eos]} for x in ids if x]
    with tempfile.TemporaryDirectory(dir=out_dir) as tmp:
        args = TrainingArguments(
            output_dir=tmp,
            max_steps=steps,
            per_device_train_batch_size=BATCH_SIZE,
            learning_rate=LEARNING_RATE,
            lr_scheduler_type="constant",
            weight_decay=0.0,
            max_grad_norm=1.0,
            seed=0,
            data_seed=0,
            logging_steps=max(1, steps // 6),
            save_strategy="no",
            report_to=[],
            disable_tqdm=True,
            use_cpu=not torch.cuda.is_available(),
            dataloader_num_workers=0,
            remove_unused_columns=False,
            # batches of similar length: the corpus mixes 10-token reviews with 128-token abstracts, and padding
            # every batch to its longest row would spend most of the compute on padding
            train_sampling_strategy="group_by_length",
        )
        trainer = Trainer(
            model=model, args=args, train_dataset=Rows(feats), data_collator=padded_collator(tok.pad_token_id)
        )
        trainer.remove_callback(PrinterCallback)
        if progress is not None:
            every = max(1, steps // 50)

            class Progress(TrainerCallback):
                def on_step_end(self, args, state, control, **kwargs):
                    if state.global_step % every == 0 or state.global_step == steps:
                        progress(state.global_step, steps)

            trainer.add_callback(Progress())
        result = trainer.train()
    return float(result.training_loss)
