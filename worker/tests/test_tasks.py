"""Every FT-Bench-mini generator: determinism, disjoint fixed-size splits, noise in train only."""

import collections

import pytest

from trex_worker.names import MINI_TASK_IDS
from trex_worker.tasks import registry
from trex_worker.tasks.base import SPLIT_SIZES

TASKS = sorted(registry.TASKS)


def test_the_generators_are_the_contracts_tasks():
    """the task ids come from the server's contract (schemas/names.json): one generator for each, no other"""
    assert TASKS == sorted(MINI_TASK_IDS)


@pytest.mark.parametrize("tid", TASKS)
def test_deterministic_and_fixed_size(tid):
    t = registry.get(tid)
    a = t.generate("validation", 50, 0)
    assert a == t.generate("validation", 50, 0)
    assert a != t.generate("validation", 50, 1)
    assert len(t.generate("validation", None, 0)) == SPLIT_SIZES["validation"]
    assert len(t.generate("test", 10_000, 0)) == SPLIT_SIZES["test"]
    assert len(t.generate("train", None, 0)) == SPLIT_SIZES["train"]
    assert t.generate("train", 30, 0) == t.generate("train", None, 0)[:30]


@pytest.mark.parametrize("tid", TASKS)
def test_splits_disjoint(tid):
    t = registry.get(tid)
    tr = {r["input"] for r in t.generate("train")}
    va = {r["input"] for r in t.generate("validation")}
    te = {r["input"] for r in t.generate("test")}
    assert not (tr & va) and not (tr & te) and not (va & te)
    assert len(va) == SPLIT_SIZES["validation"] and len(te) == SPLIT_SIZES["test"]


@pytest.mark.parametrize("tid", TASKS)
def test_noise_only_in_train(tid):
    t = registry.get(tid)
    train = t.generate("train")
    invalid = sum(not t.is_valid_label(r["output"]) for r in train) / len(train)
    dups = 1 - len({(r["input"], r["output"]) for r in train}) / len(train)
    assert 0.03 < invalid < 0.08, invalid
    assert dups >= 0.04, dups
    for split in ("validation", "test"):
        rows = t.generate(split)
        assert all(t.is_valid_label(r["output"]) for r in rows)
        assert len({r["input"] for r in rows}) == len(rows)
    assert all(len(r["input"]) <= 130 for r in train)
    assert all(len(r["output"]) <= t.max_output_chars for r in t.generate("validation"))


@pytest.mark.parametrize("tid", TASKS)
def test_label_noise_rate(tid):
    """Inputs seen several times in train with different valid labels reveal the ~8% label noise."""
    t = registry.get(tid)
    by_input = collections.defaultdict(set)
    for r in t.generate("train"):
        if t.is_valid_label(r["output"]):
            by_input[r["input"]].add(r["output"])
    assert any(len(v) > 1 for v in by_input.values()) or tid in {"mini-sst2"}


@pytest.mark.parametrize("tid", TASKS)
def test_scorer_perfect_and_interface(tid):
    t = registry.get(tid)
    rows = t.generate("validation", 40)
    refs = [r["output"] for r in rows]
    s = t.score(refs, refs)
    assert s["primary"] == pytest.approx(1.0)
    assert all(0.0 <= v <= 1.0 for k, v in s.items())
    bad = t.score(["???"] * len(refs), refs)
    assert bad["primary"] < 0.2
    assert all(t.error_type(r, r, i["input"]) == "correct" for r, i in zip(refs, rows))
    assert isinstance(t.error_type("???", refs[0], rows[0]["input"]), str)
    assert t.max_output_chars >= max(len(r) for r in refs)


@pytest.mark.parametrize("tid", TASKS)
def test_augment_keeps_labels_valid(tid):
    import random

    t = registry.get(tid)
    rng = random.Random(0)
    for r in t.generate("validation", 40):
        a = t.augment(r, rng)
        assert t.is_valid_label(a["output"]) and a["input"]


def test_sst2_imbalance_and_rare_constructions():
    t = registry.get("mini-sst2")
    train = [r for r in t.generate("train") if t.is_valid_label(r["output"])]
    val = t.generate("validation")
    pos_train = sum(r["output"] == "positive" for r in train) / len(train)
    pos_val = sum(r["output"] == "positive" for r in val) / len(val)
    assert 0.68 < pos_train < 0.8 and 0.4 < pos_val < 0.6
    dn = lambda rows: sum(t.construction(r["input"]) == "double_negation" for r in rows) / len(rows)  # noqa: E731
    assert dn(train) < 0.06 < dn(val)
