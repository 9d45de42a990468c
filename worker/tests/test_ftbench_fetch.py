"""`ftbench-fetch`: the FT-Bench table, a local copy -> file-task layout, the Hub path, and errors without data."""

import json
import re
import sys
import types
from pathlib import Path

import pytest

from trex_worker import cli, ftbench
from trex_worker.tasks.file_task import FileTask

TS_TABLE = Path(__file__).resolve().parents[2] / "server" / "domain" / "tasks" / "ftbench-tasks.ts"


def write_jsonl(path, records):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records))


def fetch(*args):
    return cli.main(["ftbench-fetch", *args])


@pytest.fixture
def no_hub(monkeypatch, tmp_path):
    """No `datasets` library and no ./data/ftbench: only --from can supply data."""
    monkeypatch.setitem(sys.modules, "datasets", None)
    monkeypatch.chdir(tmp_path)


def test_table_mirrors_the_server_table():
    if not TS_TABLE.is_file():
        pytest.skip("server/domain/tasks/ftbench-tasks.ts is not in this checkout")
    # one entry per object literal, on one line or spread over several (Prettier)
    rows = re.findall(
        r'\{\s*id: "([^"]+)",[^{}]*?metric: "([^"]+)",[^{}]*?miniId: "([^"]+)",\s*loader: hub\("([^"]+)"\)',
        TS_TABLE.read_text(),
    )
    assert len(rows) == 10
    assert [(t.id, t.paper_metric, t.mini_id, t.subset) for t in ftbench.TASKS.values()] == rows
    assert {t.metric for t in ftbench.TASKS.values()} <= {"accuracy", "exact_match", "macro_f1", "rouge1", "numeric"}
    assert ftbench.TASKS["hoc"].metric == "macro_f1" and ftbench.TASKS["aci-bench"].metric == "rouge1"


def test_fetch_from_a_local_folder(no_hub, tmp_path, capsys):
    src = tmp_path / "ftbench" / "sst2"
    write_jsonl(
        src / "train.jsonl",
        [{"input": f"r{i}", "output": "positive" if i % 2 else "negative"} for i in range(20)] + ["{broken"],
    )
    write_jsonl(src / "validation.jsonl", [{"text": "v1", "label": "positive"}, {"text": "v2", "label": "negative"}])
    write_jsonl(src / "test.jsonl", [{"prompt": "t1", "completion": "negative"}])
    job_dir = tmp_path / "jobs" / "j1"
    out = job_dir / "sst-2"
    assert fetch("--task", "sst-2", "--out", str(out), "--from", str(tmp_path / "ftbench")) == 0
    summary = json.loads(capsys.readouterr().out)
    files = {"dir": "sst-2", "metric": "accuracy", "labels": ["negative", "positive"]}
    assert summary["rows"] == {"train": 20, "validation": 2, "test": 1} and summary["skipped"] == 1
    assert summary["files"] == files and summary["jobTask"] == {"id": "ftbench:sst-2", "files": files}
    assert json.loads((out / "task.json").read_text()) == files
    assert json.loads((out / "validation.jsonl").read_text().splitlines()[0]) == {"input": "v1", "output": "positive"}
    task = FileTask.load("ftbench:sst-2", files, job_dir)
    assert [len(task.generate(s)) for s in ("train", "validation", "test")] == [20, 2, 1]


def test_fetch_multi_label_subset_folder(no_hub, tmp_path, capsys):
    src = tmp_path / "hoc-copy"  # --from may also name the subset folder itself
    write_jsonl(
        src / "train.jsonl",
        [
            {"input": "a", "output": ["immune", "invasion"]},
            {"input": "b", "output": []},
            {"input": "c", "output": ["apoptosis"]},
        ],
    )
    assert fetch("--task", "ftbench:hoc", "--out", str(tmp_path / "out"), "--from", str(src)) == 0
    summary = json.loads(capsys.readouterr().out)
    assert summary["files"] == {"dir": "out", "metric": "macro_f1", "labels": ["apoptosis", "immune", "invasion"]}
    lines = [json.loads(x) for x in (tmp_path / "out" / "train.jsonl").read_text().splitlines()]
    assert [x["output"] for x in lines] == ["immune,invasion", "none", "apoptosis"]
    assert not (tmp_path / "out" / "validation.jsonl").exists()


def test_error_without_data(no_hub, tmp_path, capsys):
    assert fetch("--task", "sst-2", "--out", str(tmp_path / "out")) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Traceback" not in err
    assert err.startswith("ftbench-fetch: no local FT-Bench data for sst-2 and the `datasets` library is not installed")
    assert "'sst2' subset of https://huggingface.co/datasets/trex-project/ftbench" in err
    assert "data/ftbench/sst2/{train,validation,test}.jsonl and pass --from data/ftbench" in err
    assert not (tmp_path / "out").exists()
    assert fetch("--task", "sst-2", "--out", str(tmp_path / "out"), "--from", str(tmp_path / "empty")) == 2
    assert "no sst2/train.jsonl under" in capsys.readouterr().err
    assert fetch("--task", "imagenet", "--out", str(tmp_path / "out")) == 2
    assert "unknown FT-Bench task 'imagenet' (known: aci-bench, " in capsys.readouterr().err


def test_default_local_root(no_hub, tmp_path, capsys):
    write_jsonl(
        tmp_path / "data" / "ftbench" / "gta" / "train.jsonl",
        [{"input": f"q{i}", "output": f"call {i}"} for i in range(3)],
    )
    assert fetch("--task", "gta", "--out", str(tmp_path / "gta-out")) == 0
    assert json.loads(capsys.readouterr().out)["source"] == "data/ftbench"


def test_fetch_from_the_hub_when_datasets_is_installed(monkeypatch, tmp_path, capsys):
    monkeypatch.chdir(tmp_path)
    calls = []

    def load_dataset(hub_id, subset):
        calls.append((hub_id, subset))
        if subset == "lawbench":
            raise ConnectionError("Couldn't reach 'trex-project/ftbench' on the Hub (LocalEntryNotFoundError)\nmore")
        return {
            "train": [{"input": "dialogue", "output": "note"}, {"input": "x"}],
            "validation": [{"input": "d2", "output": "n2"}],
            "extra": [{"input": "?", "output": "?"}],
        }

    monkeypatch.setitem(sys.modules, "datasets", types.SimpleNamespace(load_dataset=load_dataset))
    assert fetch("--task", "aci-bench", "--out", str(tmp_path / "aci")) == 0
    summary = json.loads(capsys.readouterr().out)
    assert calls == [("trex-project/ftbench", "aci_bench")]
    assert summary["rows"] == {"train": 1, "validation": 1} and summary["skipped"] == 1
    assert summary["files"] == {"dir": "aci", "metric": "rouge1"}
    assert fetch("--task", "lawbench", "--out", str(tmp_path / "law")) == 2
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "Couldn't reach 'trex-project/ftbench' on the Hub" in err and "pass --from" in err
