"""Optuna's TPE sampler over the same configuration space the planner moves in, at the same budget.

Each trial writes a job.json and runs the real worker (the transformers backend on a CPU preset), exactly as the local runner does.
Prints one JSON line per trial: {"trial", "score", "testScore", "computeSeconds", "status"}.
"""
from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import time
from pathlib import Path

import optuna

WORKER_DIR = Path(__file__).resolve().parents[2] / "worker"


def recipe_of(trial: optuna.Trial) -> dict:
    ops: list[dict] = [{"op": "load", "source": "task:train", "limit": trial.suggest_categorical("limit", [2000, 4000, 8000, 16000])}]
    if trial.suggest_categorical("clean", [False, True]):
        ops += [{"op": "dedup", "mode": "exact", "threshold": 0.9}, {"op": "filter", "rule": "valid_label", "field": "output"}]
    if trial.suggest_categorical("balance", [False, True]):
        ops.append({"op": "balance", "field": "output"})
    if trial.suggest_categorical("augment", [False, True]):
        ops.append({"op": "augment", "kind": "task", "factor": 1, "seed": 0})
    return {"operators": ops}


def training_of(trial: optuna.Trial, seed: int) -> dict:
    return {
        "backend": "hf",
        "baseModel": trial.suggest_categorical("baseModel", ["tiny-small", "tiny-base", "tiny-large"]),
        "method": "full",
        "steps": trial.suggest_int("steps", 100, 1200, step=50),
        "batchSize": trial.suggest_categorical("batchSize", [16, 32, 64]),
        "learningRate": trial.suggest_float("learningRate", 1e-4, 1e-2, log=True),
        "weightDecay": trial.suggest_float("weightDecay", 0.0, 0.1),
        "warmupRatio": 0.05,
        "dropout": trial.suggest_float("dropout", 0.0, 0.3),
        "labelSmoothing": trial.suggest_float("labelSmoothing", 0.0, 0.2),
        "seed": seed,
        "maxSeconds": 1800,
    }


def run_job(jobs_dir: Path, job_id: str, task: str, seed: int, recipe: dict, training: dict) -> dict:
    job_dir = jobs_dir / job_id
    job_dir.mkdir(parents=True, exist_ok=True)
    spec = {
        "version": 1, "jobId": job_id, "nodeId": job_id, "task": {"id": task, "seed": seed}, "recipe": recipe, "training": training,
        "evaluation": {"splits": ["validation", "test"], "maxExamples": 300, "decoding": "greedy", "temperature": 0.7, "badCases": 0},
    }
    (job_dir / "job.json").write_text(json.dumps(spec))
    env = {**os.environ, "PYTHONPATH": str(WORKER_DIR), "OMP_NUM_THREADS": "1", "OMP_WAIT_POLICY": "PASSIVE", "TREX_THREADS": "1"}
    with open(job_dir / "worker.log", "w") as log:
        subprocess.run([sys.executable, "-m", "trex_worker", "run", "--job-dir", str(job_dir)], env=env, stdout=log, stderr=log, check=False)
    return json.loads((job_dir / "result.json").read_text())


def main() -> None:
    p = argparse.ArgumentParser()
    p.add_argument("--task", required=True)
    p.add_argument("--seed", type=int, default=0)
    p.add_argument("--runs", type=int, required=True)
    p.add_argument("--compute", type=float, required=True)
    p.add_argument("--jobs-dir", required=True)
    a = p.parse_args()
    optuna.logging.set_verbosity(optuna.logging.WARNING)
    study = optuna.create_study(direction="maximize", sampler=optuna.samplers.TPESampler(seed=a.seed))
    jobs_dir = Path(a.jobs_dir)
    spent = 0.0
    for i in range(a.runs):
        if spent >= a.compute:
            break
        trial = study.ask()
        started = time.time()
        result = run_job(jobs_dir, f"tpe{a.seed}-{i}", a.task, a.seed, recipe_of(trial), training_of(trial, a.seed))
        cost = result.get("cost", {})
        seconds = float(cost.get("cpuSeconds", 0) + cost.get("gpuSeconds", 0)) or time.time() - started
        spent += seconds
        metrics = result.get("metrics", {})
        score = metrics.get("validation", {}).get("primary")
        study.tell(trial, score if score is not None else 0.0)
        print(json.dumps({"trial": i, "status": result.get("status"), "score": score, "testScore": metrics.get("test", {}).get("primary"), "computeSeconds": seconds, "params": trial.params}), flush=True)


if __name__ == "__main__":
    main()
