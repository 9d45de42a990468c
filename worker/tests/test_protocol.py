"""job.json validation: version, required fields, types, paths, the test split, defaults."""

import copy

import pytest
from conftest import make_job

from trex_worker.protocol import JobError, schema_errors, validate_job


def test_defaults_are_applied(job_dir):
    job = validate_job(make_job(), job_dir)
    tr = job["training"]
    assert (tr["backend"], tr["baseModel"], tr["method"], tr["warmupRatio"], tr["dropout"]) == (
        "hf",
        "tiny-base",
        "full",
        0.05,
        0.1,
    )
    assert (tr["gradientAccumulation"], tr["schedule"], tr["validationPoints"], tr["exportMerged"]) == (
        1,
        "cosine",
        4,
        False,
    )
    assert tr["maxSeconds"] == 600 and tr["seed"] == 0
    assert job["evaluation"]["splits"] == ["validation", "test"] and job["evaluation"]["badCases"] == 20
    j2 = make_job(
        recipe={
            "operators": [{"op": "load", "source": "task:train"}, {"op": "dedup"}, {"op": "augment", "kind": "task"}]
        }
    )
    ops = validate_job(j2, job_dir)["recipe"]["operators"]
    assert ops[1] == {"op": "dedup", "mode": "exact", "threshold": 0.9}
    assert ops[2] == {"op": "augment", "kind": "task", "factor": 1, "seed": 0}


def test_unsupported_version(job_dir):
    with pytest.raises(JobError, match=r"unsupported job protocol version 2 \(this worker speaks 1\)"):
        validate_job(make_job(version=2), job_dir)


@pytest.mark.parametrize(
    "mutate, expect",
    [
        (lambda j: j.pop("jobId"), "jobId: required field is missing"),
        (lambda j: j["training"].pop("steps"), "training.steps: required field is missing"),
        (lambda j: j["training"].update(steps="10"), "training.steps: '10' is not of type 'integer'"),
        (lambda j: j["training"].update(steps=1.5), "training.steps: 1.5 is not of type 'integer'"),
        (
            lambda j: j["training"].update(learningRate=0),
            "training.learningRate: 0 is less than or equal to the minimum of 0",
        ),
        (lambda j: j["training"].update(backend="tiny"), "training.backend: 'hf' was expected"),
        (lambda j: j["training"].update(schedule="step"), "training.schedule: 'step' is not one of"),
        (
            lambda j: j["training"].update(gradientAccumulation=0),
            "training.gradientAccumulation: 0 is less than the minimum of 1",
        ),
        (lambda j: j["recipe"].update(operators=[]), "recipe.operators: [] should be non-empty"),
        (
            lambda j: j["recipe"]["operators"].append({"op": "dedup", "mode": "fuzzy"}),
            "operators.1.mode: 'fuzzy' is not one of",
        ),
        (
            lambda j: j["recipe"]["operators"].append({"op": "explode"}),
            "unknown operator 'explode' (known: load, dedup",
        ),
        (lambda j: j["evaluation"].update(splits=["train"]), "evaluation.splits.0: 'train' is not one of"),
        (lambda j: j.update(task={"id": "mini-nope"}), "unknown task 'mini-nope'"),
        (lambda j: j["recipe"]["operators"].append({"op": "filter", "rule": "regex"}), "rule regex needs a pattern"),
        (lambda j: j["recipe"]["operators"].append({"op": "template", "template": "{x}"}), "may only use {input}"),
        (lambda j: j["recipe"]["operators"].insert(0, {"op": "dedup"}), "must start with a load operator"),
    ],
)
def test_invalid_jobs(job_dir, mutate, expect):
    job = make_job()
    mutate(job)
    with pytest.raises(JobError) as e:
        validate_job(job, job_dir)
    assert expect in str(e.value)


def test_not_an_object(job_dir):
    with pytest.raises(JobError, match="JSON object"):
        validate_job([1, 2], job_dir)


def test_test_split_refused(job_dir):
    job = make_job(recipe={"operators": [{"op": "load", "source": "task:test"}]})
    with pytest.raises(JobError, match="test split never reaches training"):
        validate_job(job, job_dir)


@pytest.mark.parametrize("source", ["../other/data.jsonl", "/etc/passwd", "sub/../../x.jsonl"])
def test_paths_outside_job_folder(job_dir, source):
    job = make_job(recipe={"operators": [{"op": "load", "source": source}]})
    with pytest.raises(JobError, match="path outside the job folder"):
        validate_job(job, job_dir)


def test_init_from_must_stay_in_jobs_root(job_dir):
    ok = make_job()
    ok["training"]["initFrom"] = "parent-job/checkpoint"
    validate_job(ok, job_dir)
    bad = copy.deepcopy(ok)
    bad["training"]["initFrom"] = "../../elsewhere/checkpoint"
    with pytest.raises(JobError, match="path outside the job folder"):
        validate_job(bad, job_dir)


def test_symlink_escape_is_refused(job_dir, tmp_path):
    outside = tmp_path / "outside.jsonl"
    outside.write_text('{"input":"a","output":"positive"}\n')
    (job_dir / "link.jsonl").symlink_to(outside)
    job = make_job(recipe={"operators": [{"op": "load", "source": "link.jsonl"}]})
    with pytest.raises(JobError, match="path outside the job folder"):
        validate_job(job, job_dir)


def test_the_schema_is_the_generated_one_and_defaults_fill_the_chosen_branch(job_dir):
    """Defaults come from the branch of the operator union that the `op` names, never from another branch."""
    job = make_job(
        recipe={
            "operators": [
                {"op": "load", "source": "task:train"},
                {"op": "sample", "n": 5},
                {"op": "filter", "rule": "valid_label"},
            ]
        }
    )
    ops = validate_job(job, job_dir)["recipe"]["operators"]
    assert ops[0] == {"op": "load", "source": "task:train"}
    assert ops[1] == {"op": "sample", "n": 5, "seed": 0}
    assert ops[2] == {"op": "filter", "rule": "valid_label", "field": "output"}
    assert schema_errors("job", make_job()) == []
    assert schema_errors("result", {"version": 1}) != []
