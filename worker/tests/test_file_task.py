"""File-backed tasks (`task.files`): reading, carving splits, metrics, errors, and a real run end to end."""

import json
import os
import subprocess
import sys

import pytest
from conftest import WORKER, make_job, write_job

from trex_worker.names import TASK_FILE_METRICS
from trex_worker.protocol import JobError, schema_errors, validate_job
from trex_worker.recipe import Context, run_recipe
from trex_worker.runner import run_job
from trex_worker.tasks import registry
from trex_worker.tasks.file_task import FileTask


def write_jsonl(path, records):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text("".join((r if isinstance(r, str) else json.dumps(r)) + "\n" for r in records))


def sentiment(n, start=0):
    words = {"positive": ["great", "fun", "superb", "moving"], "negative": ["dull", "awful", "flat", "tedious"]}
    out = []
    for k in range(start, start + n):
        label = "positive" if k % 2 else "negative"
        out.append({"input": f"review {k}: it was {words[label][k % 4]}", "output": label})
    return out


def load(job_dir, logs=None, **files):
    files = {"dir": "data", "metric": "accuracy", **files}
    log = (lambda lvl, m: logs.append((lvl, m))) if logs is not None else (lambda lvl, m: None)
    return FileTask.load("custom:test", files, job_dir, log=log)


def file_job(**files):
    return make_job(task={"id": "custom:reviews", "files": {"dir": "data", "metric": "accuracy", **files}})


def test_jsonl_and_csv_with_field_aliases(job_dir):
    write_jsonl(
        job_dir / "data" / "train.jsonl",
        [{"prompt": "p1", "completion": "yes"}, {"input": "p2", "output": "no"}, {"question": "p3", "answer": 7}],
    )
    (job_dir / "data" / "dev.csv").write_text('text,label\n"v1, with comma",yes\nv2,no\n')
    write_jsonl(job_dir / "data" / "test.jsonl", [{"input": "t1", "output": "no"}])
    t = load(job_dir)
    assert sorted((r["input"], r["output"]) for r in t.generate("train")) == [("p1", "yes"), ("p2", "no"), ("p3", "7")]
    assert sorted(r["input"] for r in t.generate("validation")) == ["v1, with comma", "v2"]
    assert t.generate("test") == [{"input": "t1", "output": "no"}] and len(t.generate("validation", 1)) == 1
    assert t.labels == ["7", "no", "yes"] and t.TASK_ID == "custom:test" and t.max_output_chars >= 8
    with pytest.raises(JobError, match="validation.jsonl and dev.csv are both the validation split; keep one"):
        write_jsonl(job_dir / "data" / "validation.jsonl", [{"input": "x", "output": "yes"}])
        load(job_dir)


def test_train_only_is_split_80_10_10_deterministically(job_dir):
    rows = sentiment(200)
    rows.append(dict(rows[3]))  # a repeated input stays in one split
    write_jsonl(job_dir / "data" / "train.jsonl", rows)
    logs = []
    a = load(job_dir, logs)
    sizes = {s: len(a.generate(s)) for s in ("train", "validation", "test")}
    assert (
        sizes == {"train": 161, "validation": 20, "test": 20}
        or sizes == {"train": 160, "validation": 21, "test": 20}
        or sizes == {"train": 160, "validation": 20, "test": 21}
    )
    inputs = {s: {r["input"] for r in a.generate(s)} for s in sizes}
    assert not (inputs["train"] & inputs["validation"]) and not (inputs["train"] & inputs["test"])
    assert not (inputs["validation"] & inputs["test"])
    assert a.splits == load(job_dir).splits and a.splits == load(job_dir, splitSeed=0).splits
    assert a.splits["test"] != load(job_dir, splitSeed=1).splits["test"]
    assert any("validation and test carved from train.jsonl" in m for _, m in logs)
    # train + validation: only the test split is carved (10% of train)
    write_jsonl(job_dir / "data" / "validation.jsonl", sentiment(30, start=1000))
    b = load(job_dir)
    assert len(b.generate("validation")) == 30 and len(b.generate("test")) in (20, 21)
    assert len(b.generate("test")) + len(b.generate("train")) == 201


@pytest.mark.parametrize("metric", TASK_FILE_METRICS)
def test_every_contract_metric_has_a_scorer(metric):
    """the metric names come from the server's contract (schemas/names.json): each one scores as itself"""
    s = FileTask("t", metric, {"train": [], "validation": [], "test": []}).score(["1"], ["1"])
    assert s["primary"] == s[metric] == 1.0


def test_metrics_on_hand_made_data():
    sp = {"train": [], "validation": [], "test": []}  # no data to infer labels from
    acc = FileTask("t", "accuracy", sp, labels=["yes", "no"])
    s = acc.score(["yes", " no", "Yes.", "maybe"], ["yes", "no", "yes", "no"])
    assert s["primary"] == s["accuracy"] == 0.5 and s["exact_match"] == 0.75 and s["invalid_rate"] == 0.5
    assert [
        acc.error_type(p, r) for p, r in [("yes", "yes"), ("Yes.", "yes"), ("no", "yes"), ("maybe", "no"), ("", "no")]
    ] == ["correct", "format", "yes -> no", "invalid_label", "empty"]
    assert acc.is_valid_label("yes") and not acc.is_valid_label("Yes") and acc.class_of("no") == "no"

    em = FileTask("t", "exact_match", sp)
    s = em.score(["Paris.", "the  Louvre", "Rome"], ["paris", "The Louvre", "Milan"])
    assert s["primary"] == s["exact_match"] == pytest.approx(2 / 3) and s["accuracy"] == 0 and "invalid_rate" not in s

    f1 = FileTask("t", "macro_f1", sp, labels=["a", "b", "c"])
    s = f1.score(["a", "a,b", "none"], ["a", "b", "b"])
    # a: tp1 fp1 fn0 -> 2/3 ; b: tp1 fp0 fn1 -> 2/3 ; c: absent everywhere -> not scored
    assert s["primary"] == s["macro_f1"] == pytest.approx(2 / 3)
    # c predicted but never expected: f1 0 for c ; the unknown label z is not a class of its own
    assert f1.score(["a", "c", "z"], ["a", "b", "b"])["macro_f1"] == pytest.approx((1 + 0 + 0) / 3)
    assert s["micro_f1"] == pytest.approx(2 / 3) and s["exact_set"] == pytest.approx(1 / 3)
    assert f1.error_type("a,b", "b") == "spurious:a" and f1.error_type("none", "b") == "missing:b"
    assert f1.error_type("a", "b") == "swapped_label" and f1.error_type("a;b", "a") == "bad_format"
    assert f1.is_valid_label("a,c") and f1.is_valid_label("none") and not f1.is_valid_label("a,z")

    r1 = FileTask("t", "rouge1", sp)
    s = r1.score(["The cat sat.", "a b"], ["the cat ran away", "a b"])
    assert s["primary"] == s["rouge1"] == pytest.approx((4 / 7 + 1) / 2) and s["exact_match"] == 0.5
    assert (
        r1.error_type("the cat sat", "the cat ran away") == "partial_overlap"
        and r1.error_type("x", "y") == "low_overlap"
    )
    assert r1.class_of("anything") == "all" and r1.is_valid_label("text") and not r1.is_valid_label("  ")

    num = FileTask("t", "numeric", sp)
    s = num.score(["1,000", "$3.50", "-2", "ten", "10.41"], ["1000", "3.5", "2", "10", "10.4"])
    assert s["primary"] == s["numeric"] == pytest.approx(2 / 5) and s["parse_rate"] == pytest.approx(4 / 5)
    assert [
        num.error_type(p, r) for p, r in [("1e3", "1000"), ("-2", "2"), ("10.41", "10.4"), ("50", "10"), ("?", "1")]
    ] == ["correct", "wrong_sign", "off_by_under_10pct", "off_by_more", "unparseable"]
    assert num.class_of("-4") == "negative" and num.is_valid_label("12 %") and not num.is_valid_label("n/a")


def test_labels_are_inferred_for_classes_only():
    sp = {"train": [{"input": str(i), "output": f"answer {i}"} for i in range(60)], "validation": [], "test": []}
    assert FileTask("t", "accuracy", sp).labels is None  # 60 distinct answers: free-form
    sp["train"] = [{"input": "a", "output": "b,a"}, {"input": "b", "output": "none"}]
    t = FileTask("t", "macro_f1", sp)
    assert t.labels == ["a", "b"] and t.class_of("a,b") in ("a", "b") and t.class_of("none") == "none"


def test_broken_lines_are_skipped_and_counted(job_dir):
    write_jsonl(job_dir / "data" / "train.jsonl", sentiment(40) + ["{oops", {"input": "no output"}])
    write_jsonl(job_dir / "data" / "validation.jsonl", sentiment(5, 100))
    write_jsonl(job_dir / "data" / "test.jsonl", sentiment(5, 200))
    logs = []
    t = load(job_dir, logs)
    assert len(t.generate("train")) == 40
    assert ("warn", "task files data/train.jsonl: skipped 2 broken or incomplete line(s), kept 40") in logs


def test_empty_split_fails_with_a_clear_message(job_dir):
    write_jsonl(job_dir / "data" / "train.jsonl", sentiment(20))
    write_jsonl(job_dir / "data" / "test.jsonl", ["not json", {"input": "x", "output": ""}])
    write_job(job_dir, file_job())
    assert run_job(job_dir) == 1
    res = json.loads((job_dir / "result.json").read_text())
    assert res["status"] == "failed"
    assert res["error"] == (
        "task.files: the test split is empty: data/test.jsonl has no usable input/output rows "
        "(2 broken or incomplete line(s) skipped)"
    )
    (job_dir / "data" / "test.jsonl").unlink()
    write_jsonl(job_dir / "data" / "train.jsonl", sentiment(2))
    with pytest.raises(JobError, match="train.jsonl has only 2 distinct input"):
        load(job_dir)
    (job_dir / "data" / "train.jsonl").unlink()
    with pytest.raises(JobError, match=r"no train file in data \(train.jsonl or train.csv\)"):
        load(job_dir)
    with pytest.raises(JobError, match="no folder 'nope' in the job folder"):
        load(job_dir, dir="nope")


@pytest.mark.parametrize("folder", ["../other", "/tmp", "data/../../x"])
def test_path_outside_the_job_folder_is_refused(job_dir, folder):
    with pytest.raises(JobError, match=f"path outside the job folder: {folder}"):
        validate_job(file_job(dir=folder), job_dir)


def test_symlinked_split_file_cannot_escape(job_dir, tmp_path):
    write_jsonl(tmp_path / "secret.jsonl", sentiment(20))
    (job_dir / "data").mkdir()
    (job_dir / "data" / "train.jsonl").symlink_to(tmp_path / "secret.jsonl")
    with pytest.raises(JobError, match="path outside the job folder: data/train.jsonl"):
        load(job_dir)


def test_protocol_accepts_files_and_keeps_the_rules(job_dir):
    job = validate_job(file_job(labels=["positive", "negative"], splitSeed=3), job_dir)
    assert job["task"]["files"] == {
        "dir": "data",
        "metric": "accuracy",
        "labels": ["positive", "negative"],
        "splitSeed": 3,
    }
    assert schema_errors("job", file_job()) == []
    assert any("metric: 'bleu' is not one of" in e for e in schema_errors("job", file_job(metric="bleu")))
    assert schema_errors("job", file_job(labels=[])) != []
    with pytest.raises(JobError, match="test split never reaches training"):
        validate_job({**file_job(), "recipe": {"operators": [{"op": "load", "source": "task:test"}]}}, job_dir)
    with pytest.raises(JobError, match="needs task.files"):
        validate_job(make_job(task={"id": "custom:reviews"}), job_dir)


def test_recipe_reads_the_file_task_splits(job_dir):
    write_jsonl(job_dir / "data" / "train.jsonl", sentiment(30) + [{"input": "odd one", "output": "Positive!"}])
    write_jsonl(job_dir / "data" / "validation.jsonl", sentiment(6, 100))
    write_jsonl(job_dir / "data" / "test.jsonl", sentiment(6, 200))
    job = validate_job(file_job(labels=["positive", "negative"]), job_dir)
    task = registry.for_job(job, job_dir)
    ops = [
        {"op": "load", "source": "task:train"},
        {"op": "load", "source": "task:validation"},
        {"op": "filter", "rule": "valid_label", "field": "output"},
        {"op": "balance", "field": "output"},
    ]
    rows, report = run_recipe(ops, Context(job_dir=job_dir, task=task))
    assert [s["rowsOut"] for s in report] == [31, 37, 36, 36]
    assert {r["output"] for r in rows} == {"positive", "negative"}


def test_end_to_end_run_on_a_file_dataset(tmp_path):
    d = tmp_path / "jobs" / "files-job"
    write_jsonl(d / "data" / "train.jsonl", sentiment(300))
    (d / "data" / "test.csv").write_text(
        "input,output\n"
        + "".join(
            f"review {k}: it was {'fun' if k % 2 else 'flat'},{'positive' if k % 2 else 'negative'}\n"
            for k in range(500, 530)
        )
    )
    write_job(
        d,
        make_job(
            jobId="files-job",
            task={"id": "custom:reviews", "files": {"dir": "data", "metric": "accuracy"}},
            recipe={
                "operators": [
                    {"op": "load", "source": "task:train"},
                    {"op": "filter", "rule": "valid_label"},
                    {"op": "template", "template": "Review: {input}\nLabel:"},
                ]
            },
            training={"steps": 30, "batchSize": 16, "learningRate": 0.003, "baseModel": "tiny-small"},
            evaluation={"maxExamples": 40, "badCases": 5},
        ),
    )
    r = subprocess.run(
        [sys.executable, "-m", "trex_worker", "run", "--job-dir", str(d)],
        capture_output=True,
        text=True,
        env=dict(os.environ, PYTHONPATH=str(WORKER), TREX_WORKER_THREADS="1"),
        timeout=600,
    )
    assert r.returncode == 0, r.stderr
    res = json.loads((d / "result.json").read_text())
    assert res["status"] == "succeeded" and res["train"]["steps"] == 30 and res["train"]["trainRows"] == 270
    assert set(res["metrics"]) == {"validation", "test"}
    assert res["metrics"]["validation"]["n"] == 30 and res["metrics"]["test"]["n"] == 30
    for m in res["metrics"].values():
        assert 0 <= m["primary"] <= 1 and m["primary"] == m["accuracy"] and "invalid_rate" in m
    assert res["checkpoint"] == "files-job/checkpoint" and [s["op"] for s in res["recipeReport"]] == [
        "load",
        "filter",
        "template",
    ]
    messages = [json.loads(x).get("message", "") for x in (d / "events.jsonl").read_text().splitlines()]
    assert any(m.startswith("task files: validation carved from train.jsonl") for m in messages)
    assert any(
        m.startswith("task custom:reviews: files in data (train 270 / validation 30 / test 30 rows)") for m in messages
    )
