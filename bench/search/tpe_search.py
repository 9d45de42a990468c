"""Optuna's TPE (or its random sampler) over the configuration space the planner moves in: ask and tell over pipes.

Prints one JSON line per trial, {"trial", "recipe", "training", "params"}, and reads back one line, {"score"}: the
benchmark (search.bench.ts) runs the job, for real or from its results store, and holds every method to one budget.
EOF on stdin ends the study.
"""

from __future__ import annotations

import argparse
import json
import sys

import optuna


def recipe_of(trial: optuna.Trial) -> dict:
    ops: list[dict] = [
        {
            "op": "load",
            "source": "task:train",
            "limit": trial.suggest_categorical("limit", [2000, 4000, 8000, 16000]),
        }
    ]
    if trial.suggest_categorical("clean", [False, True]):
        ops += [
            {"op": "dedup", "mode": "exact", "threshold": 0.9},
            {"op": "filter", "rule": "valid_label", "field": "output"},
        ]
    if trial.suggest_categorical("balance", [False, True]):
        ops.append({"op": "balance", "field": "output"})
    if trial.suggest_categorical("augment", [False, True]):
        ops.append({"op": "augment", "kind": "task", "factor": 1, "seed": 0})
    return {"operators": ops}


def training_of(trial: optuna.Trial, seed: int) -> dict:
    return {
        "backend": "hf",
        "baseModel": trial.suggest_categorical(
            "baseModel", ["tiny-small", "tiny-base"]
        ),
        "method": "full",
        "steps": trial.suggest_int("steps", 50, 600, step=50),
        "batchSize": trial.suggest_categorical("batchSize", [16, 32]),
        "learningRate": trial.suggest_float("learningRate", 1e-4, 1e-2, log=True),
        "weightDecay": trial.suggest_float("weightDecay", 0.0, 0.1),
        "warmupRatio": 0.05,
        "dropout": trial.suggest_float("dropout", 0.0, 0.3),
        "labelSmoothing": trial.suggest_float("labelSmoothing", 0.0, 0.2),
        "seed": seed,
        "maxSeconds": 1800,
    }


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--runs", type=int, required=True)
    p.add_argument("--sampler", choices=["tpe", "random"], default="tpe")
    a = p.parse_args()
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    sampler = (
        optuna.samplers.TPESampler(seed=a.seed)
        if a.sampler == "tpe"
        else optuna.samplers.RandomSampler(seed=a.seed)
    )
    study = optuna.create_study(direction="maximize", sampler=sampler)
    for i in range(a.runs):
        trial = study.ask()
        print(
            json.dumps(
                {
                    "trial": i,
                    "recipe": recipe_of(trial),
                    "training": training_of(trial, a.seed),
                    "params": trial.params,
                }
            ),
            flush=True,
        )
        answer = sys.stdin.readline()
        if not answer:
            return  # the caller's budget is spent
        score = json.loads(answer).get("score")
        study.tell(trial, score if score is not None else 0.0)


if __name__ == "__main__":
    main()
