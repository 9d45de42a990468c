"""The one training backend: transformers' Trainer + peft (full, LoRA, QLoRA) on CPU and GPUs."""
