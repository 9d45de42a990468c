"""job.json validation: version, required fields, types, paths, the test split, defaults."""
import copy
import json

import pytest

from conftest import make_job
from trex_worker import jsonschema_lite
from trex_worker.protocol import BUILTIN_JOB_SCHEMA, JobError, validate_job


def test_defaults_are_applied(job_dir):
    job = validate_job(make_job(), job_dir)
    tr = job["training"]
    assert (tr["backend"], tr["baseModel"], tr["method"], tr["warmupRatio"], tr["dropout"]) == ("tiny", "tiny-base", "full", 0.05, 0.1)
    assert tr["maxSeconds"] == 600 and tr["seed"] == 0
    assert job["evaluation"]["splits"] == ["validation", "test"] and job["evaluation"]["badCases"] == 20
    j2 = make_job(recipe={"operators": [{"op": "load", "source": "task:train"}, {"op": "dedup"},
                                        {"op": "augment", "kind": "task"}]})
    ops = validate_job(j2, job_dir)["recipe"]["operators"]
    assert ops[1] == {"op": "dedup", "mode": "exact", "threshold": 0.9}
    assert ops[2] == {"op": "augment", "kind": "task", "factor": 1, "seed": 0}


def test_unsupported_version(job_dir):
    with pytest.raises(JobError, match=r"unsupported job protocol version 2 \(this worker speaks 1\)"):
        validate_job(make_job(version=2), job_dir)


@pytest.mark.parametrize("mutate, expect", [
    (lambda j: j.pop("jobId"), "job.jobId: required field is missing"),
    (lambda j: j["training"].pop("steps"), "job.training.steps: required field is missing"),
    (lambda j: j["training"].update(steps="10"), "job.training.steps: expected integer, got string"),
    (lambda j: j["training"].update(steps=1.5), "job.training.steps: expected integer"),
    (lambda j: j["training"].update(learningRate=0), "job.training.learningRate: must be > 0"),
    (lambda j: j["training"].update(backend="jax"), "job.training.backend: must be one of"),
    (lambda j: j["recipe"].update(operators=[]), "job.recipe.operators: must have at least 1 items"),
    (lambda j: j["recipe"]["operators"].append({"op": "dedup", "mode": "fuzzy"}), "operators[1].mode: must be one of"),
    (lambda j: j["recipe"]["operators"].append({"op": "explode"}), "does not match any allowed shape"),
    (lambda j: j["evaluation"].update(splits=["train"]), "job.evaluation.splits[0]: must be one of"),
    (lambda j: j.update(task={"id": "mini-nope"}), "unknown task 'mini-nope'"),
    (lambda j: j["training"].update(baseModel="gpt2"), "presets tiny-small, tiny-base, tiny-large"),
    (lambda j: j["recipe"]["operators"].append({"op": "filter", "rule": "regex"}), "rule regex needs a pattern"),
    (lambda j: j["recipe"]["operators"].append({"op": "template", "template": "{x}"}), "may only use {input}"),
    (lambda j: j["recipe"]["operators"].insert(0, {"op": "dedup"}), "must start with a load operator"),
])
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


def test_lite_validator_subset():
    v = jsonschema_lite.Validator({
        "type": "object", "required": ["a"], "additionalProperties": False,
        "properties": {"a": {"anyOf": [{"type": "string", "maxLength": 2}, {"type": "null"}]},
                       "b": {"type": "array", "items": {"type": "integer", "minimum": 0}, "maxItems": 2},
                       "c": {"type": "object", "additionalProperties": {"type": "number"}, "default": {"x": 1}},
                       "d": {"$ref": "#/$defs/pos"}},
        "$defs": {"pos": {"type": "number", "exclusiveMinimum": 0}}})
    assert v.errors({"a": "ok", "b": [0, 1], "d": 1}) == []
    assert v.errors({"a": None}) == []
    errs = v.errors({"a": "long", "b": [-1, 2, 3], "c": {"y": "s"}, "d": 0, "e": 1})
    joined = " | ".join(errs)
    for needle in ("does not match any allowed shape", "job.b: must have at most 2 items", "job.b[0]: must be >= 0",
                   "job.c.y: expected number", "job.d: must be > 0", "job.e: unknown field"):
        assert needle in joined
    assert v.apply_defaults({"a": "x"})["c"] == {"x": 1}


def test_generated_schema_if_present(job_dir):
    """When the lead's generated schema exists it must accept what the built-in mirror accepts."""
    from trex_worker.protocol import SCHEMA_DIR
    path = SCHEMA_DIR / "job.schema.json"
    if not path.is_file():
        pytest.skip("schemas/job.schema.json not generated yet (npm run protocol:schema)")
    schema = json.loads(path.read_text())
    v = jsonschema_lite.Validator(schema)
    job = v.apply_defaults(make_job())
    assert v.errors(job) == []
    assert jsonschema_lite.Validator(BUILTIN_JOB_SCHEMA).errors(job) == []
