"""Every data recipe operator: row counts in/out and edge cases."""

import json
import random

import pytest

from trex_worker.protocol import JobError
from trex_worker.recipe import Context, augment, dedup, load, run_recipe, select, template
from trex_worker.recipe import filter as filter_op
from trex_worker.tasks import mini_gta, mini_sst2


def ctx(tmp_path, task=mini_sst2, logs=None):
    return Context(
        job_dir=tmp_path,
        task=task,
        log=(lambda lvl, m: logs.append((lvl, m))) if logs is not None else (lambda lvl, m: None),
    )


def rows(*pairs, source="task:train"):
    return [{"input": i, "output": o, "source": source} for i, o in pairs]


def test_load_task_train_and_limit(tmp_path):
    out = load.run([], {"op": "load", "source": "task:train", "limit": 50}, ctx(tmp_path))
    assert len(out) == 50 and all(r["source"] == "task:train" for r in out)
    assert out == load.run([], {"op": "load", "source": "task:train", "limit": 50}, ctx(tmp_path))


def test_load_refuses_test_split(tmp_path):
    with pytest.raises(JobError, match="test split never reaches training"):
        load.run([], {"op": "load", "source": "task:test"}, ctx(tmp_path))


def test_load_jsonl_skips_broken_lines_and_logs(tmp_path):
    (tmp_path / "d.jsonl").write_text(
        "\n".join(
            [
                json.dumps({"input": "a", "output": "positive"}),
                "{not json",
                json.dumps({"input": "b"}),
                json.dumps({"prompt": "c", "completion": "negative"}),
                json.dumps({"input": 3, "output": "x"}),
                "",
            ]
        )
    )
    logs = []
    out = load.run([], {"op": "load", "source": "d.jsonl"}, ctx(tmp_path, logs=logs))
    assert [(r["input"], r["output"]) for r in out] == [("a", "positive"), ("c", "negative")]
    assert any("skipped 3" in m for _, m in logs)


def test_load_csv(tmp_path):
    (tmp_path / "d.csv").write_text('input,output\n"hi, there",positive\nmissing,\nyo,negative\n')
    logs = []
    out = load.run([], {"op": "load", "source": "d.csv", "limit": 5}, ctx(tmp_path, logs=logs))
    assert [r["input"] for r in out] == ["hi, there", "yo"] and any("skipped 1" in m for _, m in logs)


def test_load_path_outside_job_folder(tmp_path):
    (tmp_path / "jobs").mkdir()
    (tmp_path / "secret.jsonl").write_text('{"input":"a","output":"b"}\n')
    with pytest.raises(JobError, match="path outside the job folder"):
        load.run([], {"op": "load", "source": "../secret.jsonl"}, ctx(tmp_path / "jobs"))
    with pytest.raises(JobError, match="not found"):
        load.run([], {"op": "load", "source": "nope.jsonl"}, ctx(tmp_path))


def test_dedup_exact_and_near():
    r = rows(
        ("the film was great", "positive"),
        ("the film was great", "positive"),
        ("the film was great", "negative"),
        ("the film was great!", "positive"),
        ("a different one", "negative"),
    )
    assert len(dedup.run(r, {"mode": "exact"}, None)) == 4
    near = dedup.run(r, {"mode": "near", "threshold": 0.8}, None)
    assert [x["input"] for x in near] == ["the film was great", "the film was great", "a different one"]


def test_dedup_near_threshold_and_jaccard():
    a, b = dedup.shingles("abcd"), dedup.shingles("abce")
    assert a == {"abc", "bcd"} and dedup.jaccard(a, b) == pytest.approx(1 / 3)
    r = rows(("the acting was really charming", "positive"), ("the acting was truly charming", "positive"))
    assert len(dedup.run(r, {"mode": "near", "threshold": 0.95}, None)) == 2


def test_dedup_near_on_task_data_is_fast_and_removes_duplicates(tmp_path):
    data = load.run([], {"op": "load", "source": "task:train", "limit": 4000}, ctx(tmp_path))
    exact = dedup.run(data, {"mode": "exact"}, None)
    near = dedup.run(data, {"mode": "near", "threshold": 0.9}, None)
    assert len(near) < len(exact) < len(data)


def test_filter_rules(tmp_path):
    r = rows(("a", "positive"), ("bb", "Positive!!"), ("ccc", " NEG"), ("dddd", "negative"))
    c = ctx(tmp_path)
    assert len(filter_op.run(r, {"rule": "valid_label"}, c)) == 2
    assert len(filter_op.run(r, {"rule": "regex", "field": "output", "pattern": "pos.*"}, c)) == 1
    assert len(filter_op.run(r, {"rule": "regex", "field": "input", "pattern": "[a-c]+"}, c)) == 3
    assert len(filter_op.run(r, {"rule": "max_chars", "field": "input", "maxChars": 2}, c)) == 2
    with pytest.raises(JobError, match="invalid pattern"):
        filter_op.run(r, {"rule": "regex", "pattern": "("}, c)
    assert filter_op.run([], {"rule": "valid_label"}, c) == []


def test_sample_is_seeded_and_keeps_order():
    r = rows(*[(str(i), "positive") for i in range(100)])
    a = select.sample(r, {"n": 10, "seed": 1}, None)
    assert len(a) == 10 and a == select.sample(r, {"n": 10, "seed": 1}, None)
    assert a != select.sample(r, {"n": 10, "seed": 2}, None)
    assert [int(x["input"]) for x in a] == sorted(int(x["input"]) for x in a)
    assert len(select.sample(r, {"n": 500, "seed": 0}, None)) == 100


def test_balance_oversamples_minority(tmp_path):
    r = rows(*([(f"p{i}", "positive") for i in range(30)] + [(f"n{i}", "negative") for i in range(10)]))
    out = select.balance(r, {"field": "output"}, ctx(tmp_path))
    assert len(out) == 60
    assert sum(x["output"] == "negative" for x in out) == 30
    assert {x["input"] for x in out if x["output"] == "negative"} == {f"n{i}" for i in range(10)}
    one = rows(("a", "positive"), ("b", "positive"))
    assert len(select.balance(one, {}, ctx(tmp_path))) == 2


def test_balance_uses_task_classes(tmp_path):
    gta = load.run([], {"op": "load", "source": "task:train", "limit": 2000}, ctx(tmp_path, mini_gta))
    gta = filter_op.run(gta, {"rule": "valid_label"}, ctx(tmp_path, mini_gta))
    out = select.balance(gta, {}, ctx(tmp_path, mini_gta))
    counts = {}
    for x in out:
        counts[mini_gta.class_of(x["output"])] = counts.get(mini_gta.class_of(x["output"]), 0) + 1
    assert len(set(counts.values())) == 1 and len(counts) == 7


def test_mix_ratios_by_source(tmp_path):
    r = rows(*[(f"t{i}", "positive") for i in range(80)]) + rows(
        *[(f"x{i}", "negative") for i in range(20)], source="extra.jsonl"
    )
    logs = []
    out = select.mix(r, {"ratios": {"task:train": 1, "extra.jsonl": 1}}, ctx(tmp_path, logs=logs))
    assert len(out) == 100
    assert sum(x["source"] == "extra.jsonl" for x in out) == 50
    assert any("oversampled" in m for _, m in logs)
    only = select.mix(r, {"ratios": {"task:train": 1}}, ctx(tmp_path))
    assert len(only) == 100 and all(x["source"] == "task:train" for x in only)


def test_augment_factor_and_kinds(tmp_path):
    r = rows(*[(f"the film was very dull number {i}", "negative") for i in range(10)])
    c = ctx(tmp_path)
    assert len(augment.run(r, {"kind": "task", "factor": 1, "seed": 0}, c)) == 20
    assert len(augment.run(r, {"kind": "char_noise", "factor": 0.5, "seed": 0}, c)) == 15
    assert len(augment.run(r, {"kind": "shuffle_words", "factor": 2.5, "seed": 0}, c)) == 35
    assert len(augment.run(r, {"kind": "task", "factor": 0, "seed": 0}, c)) == 10
    out = augment.run(r, {"kind": "task", "factor": 1, "seed": 3}, c)
    assert all(x["output"] == "negative" for x in out)
    noisy = augment.char_noise({"input": "abcdefghij" * 5, "output": "y"}, random.Random(0), rate=0.2)
    assert noisy["input"] != "abcdefghij" * 5 and noisy["output"] == "y"


def test_template_applies_and_rejects_other_fields(tmp_path):
    c = ctx(tmp_path)
    out = template.run(rows(("hi", "positive")), {"template": "Review: {input}\nSentiment:"}, c)
    assert out[0]["input"] == "Review: hi\nSentiment:" and c.templates == ["Review: {input}\nSentiment:"]
    with pytest.raises(JobError, match="only use"):
        template.run(rows(("hi", "positive")), {"template": "{output} {input}"}, c)
    with pytest.raises(JobError, match="only use"):
        template.run(rows(("hi", "positive")), {"template": "{input.__class__}"}, c)


def test_run_recipe_report_and_empty_result(tmp_path):
    ops = [
        {"op": "load", "source": "task:train", "limit": 300},
        {"op": "filter", "rule": "valid_label"},
        {"op": "dedup", "mode": "exact"},
    ]
    out, report = run_recipe(ops, ctx(tmp_path))
    assert [s["op"] for s in report] == ["load", "filter", "dedup"]
    assert report[0]["rowsIn"] == 0 and report[0]["rowsOut"] == 300
    assert report[1]["rowsIn"] == 300 and report[1]["rowsOut"] < 300
    assert report[2]["rowsOut"] == len(out) and 1 <= len(report[2]["samples"]) <= 3
    with pytest.raises(JobError, match=r"left no training rows \(after filter\)"):
        run_recipe(
            ops[:1]
            + [
                {"op": "filter", "rule": "regex", "field": "output", "pattern": "zzz"},
                {"op": "dedup", "mode": "exact"},
            ],
            ctx(tmp_path),
        )
