"""Trainer callbacks: progress and validation-curve events, SIGTERM, the time limit, periodic resume state."""

from __future__ import annotations

import time

from transformers import TrainerCallback

STATE_EVERY_S = 30.0


class JobCallback(TrainerCallback):
    def __init__(self, ctx, total: int):
        self.ctx, self.total = ctx, total
        self.stopped: str | None = None
        self.t0 = self.last_save = time.time()
        self.eval_seconds = 0.0
        self.losses: list[float] = []
        self.diverged_above = float("inf")  # set by train.py: a logged loss above it ends the run as diverged
        self.diverged = None

    def on_train_begin(self, args, state, control, **kw):
        self.t0 = self.last_save = time.time()

    def on_step_end(self, args, state, control, **kw):
        if self.ctx.cancel.is_set():
            self.stopped = "cancel"
            control.should_save = True  # optimizer and scheduler too: the same job resumes from here
            control.should_training_stop = True
        elif time.time() > self.ctx.deadline:
            self.stopped = "time"
            self.ctx.events.log(
                "warn",
                f"training.maxSeconds ({self.ctx.job['training']['maxSeconds']} s) reached: "
                f"stopping early at step {state.global_step}",
            )
            control.should_training_stop = True
        elif time.time() - self.last_save > STATE_EVERY_S and state.global_step < self.total:
            control.should_save = True
            self.last_save = time.time()

    def on_evaluate(self, args, state, control, metrics=None, **kw):
        if metrics and "eval_loss" in metrics:
            self.eval_seconds += float(metrics.get("eval_runtime", 0.0))
            self.ctx.events.emit("validation", step=int(state.global_step), loss=float(metrics["eval_loss"]))

    def on_log(self, args, state, control, logs=None, **kw):
        if not logs or "loss" not in logs:
            return
        self.losses.append(float(logs["loss"]))
        if self.diverged and float(logs["loss"]) > self.diverged_above:
            raise self.diverged(int(state.global_step), float(logs["loss"]))
        self.ctx.events.emit(
            "progress",
            step=int(state.global_step),
            totalSteps=self.total,
            loss=float(logs["loss"]),
            lr=float(logs.get("learning_rate", 0.0)),
            tokensPerSecond=self.tokens_per_second(state),
        )

    def train_seconds(self) -> float:
        return max(1e-9, time.time() - self.t0 - self.eval_seconds)

    def tokens_per_second(self, state) -> float:
        return round(float(getattr(state, "num_input_tokens_seen", 0)) / self.train_seconds(), 1)
