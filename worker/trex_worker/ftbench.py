"""The paper's FT-Bench (mirror of server/domain/tasks/ftbench-tasks.ts) and `ftbench-fetch`, which writes
one task's data in the file-task layout: OUT/{train,validation,test}.jsonl + OUT/task.json (a `task.files`
object whose `dir` is OUT's folder name: copy OUT into the job folder, or name it as it sits there).

Sources, in order: `--from LOCAL` (LOCAL/<subset>/{train,validation,test}.jsonl or .csv, or a folder that
holds those files itself), ./data/ftbench/<subset>/ when it exists, the Hub dataset when the `datasets`
library is importable. FT-Bench's bespoke scorers (oMeScore, the TOMG validity score, LawBench's hybrid
score) are not reimplemented: those tasks use ROUGE-1, the closest of the shared metrics.
"""

from __future__ import annotations

import json
import os
from dataclasses import dataclass
from pathlib import Path

from .protocol import JobError
from .recipe.load import read_file, record_pair
from .tasks.file_task import SPLIT_ALIASES, SPLITS, find_split_files, infer_labels

HUB_ID = "trex-project/ftbench"
HUB_URL = f"https://huggingface.co/datasets/{HUB_ID}"
LOCAL_ROOT = Path("data") / "ftbench"


@dataclass(frozen=True)
class FtBenchTask:
    id: str
    subset: str
    paper_metric: str
    metric: str  # one of the file-task metrics
    mini_id: str


TASKS: dict[str, FtBenchTask] = {
    t.id: t
    for t in (
        FtBenchTask("aci-bench", "aci_bench", "ROUGE-1", "rouge1", "mini-aci"),
        FtBenchTask("tomg-bench", "tomg_bench", "validation score", "rouge1", "mini-tomg"),
        FtBenchTask("omebench", "omebench", "oMeScore", "rouge1", "mini-ome"),
        FtBenchTask("hoc", "hoc", "macro-F1", "macro_f1", "mini-hoc"),
        FtBenchTask("sst-2", "sst2", "accuracy", "accuracy", "mini-sst2"),
        FtBenchTask("cs-bench", "cs_bench", "accuracy", "accuracy", "mini-cs"),
        FtBenchTask("openfindata", "openfindata", "accuracy", "accuracy", "mini-fin"),
        FtBenchTask("econlogicqa", "econlogicqa", "accuracy", "accuracy", "mini-econ"),
        FtBenchTask("gta", "gta", "accuracy", "accuracy", "mini-gta"),
        FtBenchTask("lawbench", "lawbench", "hybrid score", "rouge1", "mini-law"),
    )
}


class FetchError(Exception):
    """One line for the user; the CLI prints it and exits 2."""


def lookup(name: str) -> FtBenchTask:
    key = name.strip().lower().removeprefix("ftbench:")
    for t in TASKS.values():
        if key in (t.id, t.subset):
            return t
    raise FetchError(f"unknown FT-Bench task {name!r} (known: {', '.join(TASKS)})")


def _download_hint(t: FtBenchTask) -> str:
    return (
        f"download the {t.subset!r} subset of {HUB_URL} as {LOCAL_ROOT / t.subset}/{{train,validation,test}}.jsonl "
        f"and pass --from {LOCAL_ROOT} (or install the `datasets` library to fetch it from the Hub)"
    )


def _from_local(root: Path, t: FtBenchTask) -> dict[str, tuple[list, int]]:
    folders = [root / t.subset, root / t.id, root]
    folder = next((f for f in folders if f.is_dir() and "train" in _split_files(f)), None)
    if folder is None:
        raise FetchError(f"no {t.subset}/train.jsonl under {root}: {_download_hint(t)}")
    return {split: read_file(path)[:2] for split, path in _split_files(folder).items()}


def _split_files(folder: Path) -> dict[str, Path]:
    try:
        return find_split_files(folder)
    except JobError as e:
        raise FetchError(f"{folder}: {str(e).removeprefix('task.files: ')}") from None


def _from_hub(t: FtBenchTask) -> dict[str, tuple[list, int]]:
    import datasets  # noqa: PLC0415 - optional

    try:
        dd = datasets.load_dataset(HUB_ID, t.subset)
    except Exception as e:  # noqa: BLE001 - network, auth, missing subset...: one line, never a traceback
        first = (str(e).strip().splitlines() or [type(e).__name__])[0][:300]
        raise FetchError(f"could not load {HUB_ID} ({t.subset}) from the Hub: {first}; {_download_hint(t)}") from None
    out = {}
    for name, ds in dd.items():
        split = next((s for s, names in SPLIT_ALIASES.items() if name in names), None)
        if split is None:
            continue
        pairs, skipped = [], 0
        for rec in ds:
            p = record_pair(rec)
            if p is None:
                skipped += 1
            else:
                pairs.append(p)
        out[split] = (pairs, skipped)
    if "train" not in out:
        raise FetchError(f"{HUB_ID} ({t.subset}) has no train split (splits: {', '.join(dd)})")
    return out


def _write_jsonl(path: Path, pairs: list[tuple[str, str]]) -> None:
    tmp = path.with_name(f".{path.name}.tmp")
    with open(tmp, "w", encoding="utf-8") as fh:
        for i, o in pairs:
            fh.write(json.dumps({"input": i, "output": o}, ensure_ascii=False) + "\n")
    os.replace(tmp, path)


def fetch(name: str, out: Path, source: str | None = None) -> dict:
    """Write OUT in the file-task layout; return a summary (rows per split, the task.files object)."""
    t = lookup(name)
    try:
        return _fetch(t, out, source)
    except (JobError, OSError) as e:  # an unreadable CSV, a permission problem...
        raise FetchError(str(e)) from None


def _fetch(t: FtBenchTask, out: Path, source: str | None) -> dict:
    if source:
        origin, data = str(source), _from_local(Path(source), t)
    elif (LOCAL_ROOT / t.subset).is_dir():
        origin, data = str(LOCAL_ROOT), _from_local(LOCAL_ROOT, t)
    else:
        try:
            import datasets  # noqa: F401, PLC0415
        except ImportError:
            raise FetchError(
                f"no local FT-Bench data for {t.id} and the `datasets` library is not installed: {_download_hint(t)}"
            ) from None
        origin, data = HUB_ID, _from_hub(t)
    empty = [s for s, (pairs, _) in data.items() if not pairs]
    if empty:
        raise FetchError(f"{t.id}: the {' and '.join(empty)} split(s) from {origin} have no usable input/output rows")
    out.mkdir(parents=True, exist_ok=True)
    for split in SPLITS:
        target = out / f"{split}.jsonl"
        if split in data:
            _write_jsonl(target, data[split][0])
        elif target.exists():
            target.unlink()  # left over from an earlier fetch
    files = {"dir": out.resolve().name, "metric": t.metric}
    labels = infer_labels([o for s in ("train", "validation") for _, o in data.get(s, ([], 0))[0]], t.metric)
    if labels:
        files["labels"] = labels
    (out / "task.json").write_text(json.dumps(files, indent=1, ensure_ascii=False) + "\n", encoding="utf-8")
    return {
        "task": t.id,
        "source": origin,
        "out": str(out),
        "rows": {s: len(data[s][0]) for s in SPLITS if s in data},
        "skipped": sum(k for _, k in data.values()),
        "paperMetric": t.paper_metric,
        "files": files,
        "jobTask": {"id": f"ftbench:{t.id}", "files": files},
    }
