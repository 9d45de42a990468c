"""A task whose splits come from files (`task.files` in job.json) instead of an FT-Bench-mini generator.

`dir` (inside the job folder) holds `train`, `validation` (also `valid`, `val`, `dev`) and `test` as .jsonl
or .csv, read by the load operator's reader (same field aliases, broken lines skipped and counted).
Only train is required: a missing validation and/or test split is carved out of train, disjoint by input
(80/10/10 when both are missing, else 10% of train), seeded by `splitSeed` (default: `task.seed`).
Every split is shuffled once with that seed, so `limit` and `evaluation.maxExamples` take a fixed
random subset. The scorer is one of the shared metrics (`files.metric`); `labels` (given, or inferred
when the answers look like classes) drive `valid_label`, `balance` and the error groups.
"""

from __future__ import annotations

import random
from collections import Counter
from collections.abc import Callable
from pathlib import Path

from .. import metrics
from ..names import TASK_FILE_METRICS
from ..protocol import JobError, inside
from ..recipe.load import read_file

METRICS = TASK_FILE_METRICS
SPLITS = ("train", "validation", "test")
SPLIT_ALIASES = {"train": ("train",), "validation": ("validation", "valid", "val", "dev"), "test": ("test",)}
EXTENSIONS = (".jsonl", ".csv")
HELD_OUT = 0.1
MAX_INFERRED_LABELS = 50
NO_LABEL = "none"


def find_split_files(folder: Path) -> dict[str, Path]:
    """{split: file} for the split files present in `folder`; JobError when a split has two files."""
    found: dict[str, Path] = {}
    for split, names in SPLIT_ALIASES.items():
        hits = [folder / f"{n}{ext}" for n in names for ext in EXTENSIONS if (folder / f"{n}{ext}").is_file()]
        if len(hits) > 1:
            raise JobError(f"task.files: {' and '.join(h.name for h in hits)} are both the {split} split; keep one")
        if hits:
            found[split] = hits[0]
    return found


def label_parts(text: str) -> set[str]:
    """Multi-label answer -> set: "a,b" -> {a, b}; "none" or "" -> empty set."""
    t = text.strip()
    if t.lower() == NO_LABEL:
        return set()
    return {x.strip() for x in t.split(",") if x.strip()}


def infer_labels(outputs: list[str], metric: str) -> list[str] | None:
    """The answer set when the outputs look like classes (at most 50 distinct), else None (free-form answers)."""
    if metric not in ("accuracy", "exact_match", "macro_f1"):
        return None
    units = set()
    for o in outputs:
        units |= label_parts(o) if metric == "macro_f1" else {o.strip()}
    return sorted(units) if 0 < len(units) <= MAX_INFERRED_LABELS else None


def _carve(rows: list[tuple[str, str]], fractions: list[float], rng: random.Random, what: str):
    """Split rows by distinct input (all rows of an input go together): one part per fraction, then the rest."""
    inputs = list(dict.fromkeys(i for i, _ in rows))
    rng.shuffle(inputs)
    sizes = [max(1, round(len(inputs) * f)) for f in fractions]
    if sum(sizes) >= len(inputs):
        raise JobError(
            f"task.files: {what} has only {len(inputs)} distinct input(s), too few to carve "
            f"{len(fractions)} more split(s) out of it (add rows or validation/test files)"
        )
    group, start = {}, 0
    for k, size in enumerate(sizes):
        for inp in inputs[start : start + size]:
            group[inp] = k
        start += size
    parts = [[] for _ in range(len(sizes) + 1)]
    for r in rows:
        parts[group.get(r[0], len(sizes))].append(r)
    return parts[:-1], parts[-1]


class FileTask:
    """Duck-types a task module: TASK_ID, DESCRIPTION, METRIC, max_output_chars, generate, is_valid_label,
    class_of, score, error_type (no `augment`: the augment operator falls back to char_noise)."""

    def __init__(
        self,
        task_id: str,
        metric: str,
        splits: dict[str, list[dict]],
        labels: list[str] | None = None,
        description: str = "",
    ):
        if metric not in METRICS:
            raise JobError(f"task.files.metric must be one of {', '.join(METRICS)}, not {metric!r}")
        self.TASK_ID, self.METRIC, self.metric = task_id, metric, metric
        self.DESCRIPTION = description or f"{task_id} (files, {metric})"
        self.splits = splits
        known = [r["output"] for s in ("train", "validation") for r in splits.get(s, [])]
        self.labels = list(labels) if labels else infer_labels(known, metric)
        self._label_set = set(self.labels or ())
        longest = max((len(r["output"]) for s in splits.values() for r in s), default=8)
        self.max_output_chars = min(1024, max(8, int(longest * 1.25) + 4))
        counts = Counter(p for r in splits.get("train", []) for p in label_parts(r["output"]))
        self._rarity = {lab: counts.get(lab, 0) for lab in self._label_set}

    # --- loading -------------------------------------------------------------------------------------
    @classmethod
    def load(
        cls,
        task_id: str,
        files: dict,
        job_dir: Path,
        default_seed: int = 0,
        log: Callable[[str, str], None] = lambda level, msg: None,
    ) -> FileTask:
        rel = files["dir"]
        folder = inside(job_dir, rel)
        if not folder.is_dir():
            raise JobError(f"task.files.dir: no folder {rel!r} in the job folder")
        found = find_split_files(folder)
        if "train" not in found:
            raise JobError(f"task.files: no train file in {rel} (train.jsonl or train.csv)")
        seed = files.get("splitSeed", default_seed)
        raw: dict[str, list[tuple[str, str]]] = {}
        for split, path in found.items():
            shown = f"{rel.rstrip('/')}/{path.name}"
            inside(job_dir, shown)  # a symlinked split file must not lead out of the job folder
            pairs, skipped, _ = read_file(path)
            if skipped:
                log("warn", f"task files {shown}: skipped {skipped} broken or incomplete line(s), kept {len(pairs)}")
            if not pairs:
                more = f" ({skipped} broken or incomplete line(s) skipped)" if skipped else ""
                raise JobError(f"task.files: the {split} split is empty: {shown} has no usable input/output rows{more}")
            raw[split] = pairs
        rng = random.Random(f"trex-file-task/{seed}")
        missing = [s for s in ("validation", "test") if s not in raw]
        if missing:
            fractions = [HELD_OUT] * len(missing) if len(missing) == 2 else [HELD_OUT]
            carved, raw["train"] = _carve(raw["train"], fractions, rng, found["train"].name)
            raw.update(zip(missing, carved))
            log(
                "info",
                f"task files: {' and '.join(missing)} carved from {found['train'].name} "
                f"(disjoint by input, splitSeed {seed})",
            )
        train_inputs = {i for i, _ in raw["train"]}
        for split in ("validation", "test"):
            overlap = sum(i in train_inputs for i, _ in raw[split])
            if overlap and split not in missing:
                log("warn", f"task files: {overlap} {split} row(s) share their input with a train row")
        splits = {}
        for split in SPLITS:
            rows = [{"input": i, "output": o} for i, o in raw[split]]
            rng.shuffle(rows)
            splits[split] = rows
        task = cls(task_id, files["metric"], splits, files.get("labels"))
        sizes = " / ".join(f"{s} {len(splits[s])}" for s in SPLITS)
        lab = f", {len(task.labels)} labels" if task.labels else ""
        log("info", f"task {task_id}: files in {rel} ({sizes} rows), metric {task.metric}{lab}")
        return task

    # --- the task interface --------------------------------------------------------------------------
    def generate(self, split: str, n: int | None = None, seed: int = 0) -> list[dict]:
        if split not in self.splits:
            raise ValueError(f"unknown split {split!r} (train, validation, test)")
        rows = self.splits[split]
        n = len(rows) if n is None else max(0, min(n, len(rows)))
        return [dict(r) for r in rows[:n]]

    def _parts(self, text: str) -> set[str]:
        t = text.strip()
        return {t} if t in self._label_set else label_parts(t)

    def is_valid_label(self, output: str) -> bool:
        if self.metric == "numeric":
            return metrics.parse_number(output) is not None
        if self.labels is None:
            return bool(output.strip())
        if self.metric == "macro_f1":
            return (
                output in self._label_set
                or output.strip().lower() == NO_LABEL
                or (output == output.strip() and bool(label_parts(output)) and label_parts(output) <= self._label_set)
            )
        return output in self._label_set

    def class_of(self, output: str) -> str:
        if self.metric == "numeric":
            v = metrics.parse_number(output)
            return "unparseable" if v is None else "negative" if v < 0 else "zero" if v == 0 else "positive"
        if self.labels is None:
            return "all"
        if self.metric == "macro_f1":  # the rarest label present, so `balance` oversamples the rare ones
            parts = sorted(self._parts(output) & self._label_set, key=lambda lab: (self._rarity.get(lab, 0), lab))
            return parts[0] if parts else NO_LABEL
        return output.strip()

    def score(self, predictions: list[str], references: list[str]) -> dict:
        m, preds, refs = self.metric, predictions, references
        if m == "accuracy":
            v = metrics.accuracy(preds, refs)
            out = {"accuracy": v, "exact_match": metrics.exact_match(preds, refs)}
        elif m == "exact_match":
            v = metrics.exact_match(preds, refs)
            out = {"exact_match": v, "accuracy": metrics.accuracy(preds, refs)}
        elif m == "macro_f1":
            P, R = [self._parts(p) for p in preds], [self._parts(r) for r in refs]
            # macro over the labels the references use, plus known labels the predictions use (as sklearn's
            # union, minus garbage predictions; labels absent on both sides would count as a free 1.0)
            in_refs = set().union(*R) if R else set()
            in_preds = (set().union(*P) if P else set()) & (self._label_set | in_refs)
            v = metrics.macro_f1(P, R, sorted(in_refs | in_preds))
            out = {
                "macro_f1": v,
                "micro_f1": metrics.micro_f1(P, R),
                "exact_set": metrics.mean(p == r for p, r in zip(P, R)),
            }
        elif m == "rouge1":
            v = metrics.mean(metrics.rouge1(p, r) for p, r in zip(preds, refs))
            out = {"rouge1": v, "exact_match": metrics.exact_match(preds, refs)}
        elif m == "numeric":
            v = metrics.mean(metrics.numeric_match(p, r) for p, r in zip(preds, refs))
            out = {
                "numeric": v,
                "exact": metrics.accuracy(preds, refs),
                "parse_rate": metrics.mean(metrics.parse_number(p) is not None for p in preds),
            }
        else:  # load() refuses it first; a metric added to the contract without a scorer lands here
            raise JobError(f"no scorer for metric {m!r}")
        if self.labels is not None and m != "numeric":
            out["invalid_rate"] = metrics.mean(not self.is_valid_label(p.strip()) for p in preds)
        return {"primary": v, **out}

    def error_type(self, pred: str, ref: str, input: str | None = None) -> str:
        m, p = self.metric, pred.strip()
        if m == "numeric":
            v, r = metrics.parse_number(pred), metrics.parse_number(ref)
            if metrics.numeric_match(pred, ref):
                return "correct"
            if v is None or r is None:
                return "unparseable"
            if (v < 0) != (r < 0):
                return "wrong_sign"
            return "off_by_under_10pct" if abs(v - r) <= 0.1 * abs(r) else "off_by_more"
        if m == "macro_f1":
            ps, rs = self._parts(pred), self._parts(ref)
            if ps == rs:
                return "correct"
            if self.labels is not None and not self.is_valid_label(p):
                return "bad_format"
            if ps - rs and rs - ps:
                return "swapped_label"
            return f"spurious:{sorted(ps - rs)[0]}" if ps - rs else f"missing:{sorted(rs - ps)[0]}"
        same = p == ref.strip() if m == "accuracy" else metrics.normalize_answer(pred) == metrics.normalize_answer(ref)
        if same:
            return "correct"
        if not p:
            return "empty"
        if m == "accuracy" and metrics.normalize_answer(pred) == metrics.normalize_answer(ref):
            return "format"
        if self.labels is not None and m != "rouge1":
            return "invalid_label" if not self.is_valid_label(p) else f"{ref.strip()[:40]} -> {p[:40]}"
        overlap = metrics.rouge1(pred, ref)
        return "low_overlap" if overlap < 0.3 else "partial_overlap" if overlap < 0.7 else "near_miss"
