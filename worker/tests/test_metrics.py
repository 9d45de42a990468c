"""Metrics and task scorers against hand-computed values."""

import pytest

from trex_worker import metrics
from trex_worker.tasks import mini_fin, mini_gta, mini_sst2


def test_accuracy_and_set_f1():
    assert metrics.accuracy(["a", " b", "c"], ["a", "b", "x"]) == pytest.approx(2 / 3)
    assert metrics.accuracy([], []) == 0.0
    assert metrics.set_f1({"a", "b"}, {"b", "c"}) == pytest.approx(0.5)
    assert metrics.set_f1(set(), set()) == 1.0
    assert metrics.set_f1({"a"}, set()) == 0.0


def test_macro_and_micro_f1():
    preds = [{"a"}, {"a", "b"}, set()]
    refs = [{"a"}, {"b"}, {"b"}]
    # label a: tp=1 fp=1 fn=0 -> 2/3 ; label b: tp=1 fp=0 fn=1 -> 2/3 ; label c: absent -> 1
    assert metrics.macro_f1(preds, refs, ["a", "b"]) == pytest.approx(2 / 3)
    assert metrics.macro_f1(preds, refs, ["a", "b", "c"]) == pytest.approx((2 / 3 + 2 / 3 + 1) / 3)
    # micro: tp=2 fp=1 fn=1 -> 4/6
    assert metrics.micro_f1(preds, refs) == pytest.approx(2 / 3)


def test_rouge1():
    # pred tokens: the cat sat ; ref: the cat ran away -> overlap 2, p=2/3, r=2/4 -> f=4/7
    assert metrics.rouge1("The cat sat.", "the cat ran away") == pytest.approx(4 / 7)
    assert metrics.rouge1("", "") == 1.0
    assert metrics.rouge1("x", "y") == 0.0
    assert metrics.rouge1("a a b", "a b b") == pytest.approx(2 / 3)


def test_sst2_score_and_error_type():
    s = mini_sst2.score(
        ["positive", "negative ", "Positive!!", "negative"], ["positive", "negative", "positive", "positive"]
    )
    assert s["primary"] == s["accuracy"] == pytest.approx(0.5)
    assert s["recall_positive"] == pytest.approx(1 / 3) and s["recall_negative"] == 1.0
    assert s["invalid_rate"] == pytest.approx(0.25)
    assert mini_sst2.error_type("positive", "positive") == "correct"
    assert mini_sst2.error_type("positive", "negative", "the plot was not fun") == "negation/false_positive"
    assert mini_sst2.error_type("pos", "negative", "the film is not without charm") == "double_negation/invalid_label"
    assert (
        mini_sst2.error_type("negative", "positive", "it was dull, but the cast was great") == "contrast/false_negative"
    )


def test_fin_score_tolerance():
    s = mini_fin.score(["10.4", "10.5", "10.6", "-3.0", "abc", "10.46"], ["10.4", "10.4", "10.4", "3.0", "1.0", "10.4"])
    # within 0.1: 10.4, 10.5, 10.46 -> 3/6 ; exact: 1/6 ; sign: 4 of 5 parseable right sign -> 4/6
    assert s["primary"] == pytest.approx(3 / 6)
    assert s["exact"] == pytest.approx(1 / 6)
    assert s["parse_rate"] == pytest.approx(5 / 6)
    assert s["sign_accuracy"] == pytest.approx(4 / 6)
    assert mini_fin.pct(120.5, 133.0) == "10.4"
    assert mini_fin.pct(200.0, 150.0) == "-25.0"
    assert mini_fin.pct(80.0, 80.1) == "0.1"
    assert mini_fin.error_type("-10.4", "10.4") == "wrong_sign"
    assert mini_fin.error_type("10.9", "10.4") == "off_by_under_1"
    assert mini_fin.error_type("10.4%", "10.4") == "unparseable"
    assert mini_fin.error_type("10.40", "10.4") == "correct"


def test_gta_score_parses_calls():
    ref = mini_gta.call("weather", city="Paris")
    conv = mini_gta.call("convert", amount=20, **{"from": "USD", "to": "EUR"})
    s = mini_gta.score(
        [
            ref,
            '{"args":{"city":"Paris"},"tool":"weather"}',
            '{"tool":"weather","args":{"city":"Rome"}}',
            '{"tool":"convert","args":{"amount":20.0,"from":"USD","to":"EUR"}}',
            '{"tool":"weather"',
        ],
        [ref, ref, ref, conv, ref],
    )
    assert s["primary"] == s["exact_match"] == pytest.approx(3 / 5)
    assert s["tool_accuracy"] == pytest.approx(4 / 5)
    assert s["parse_rate"] == pytest.approx(4 / 5)
    assert mini_gta.error_type('{"tool":"weather","args":{"city":"Rome"}}', ref) == "weather/wrong_args"
    assert mini_gta.error_type('{"tool":"stock","args":{"ticker":"X"}}', ref) == "weather/wrong_tool"
    assert mini_gta.error_type("{", ref) == "weather/unparseable"


def test_hoc_macro_f1():
    from trex_worker.tasks import mini_hoc

    s = mini_hoc.score(["angiogenesis,apoptosis", "none", "immune"], ["angiogenesis", "apoptosis", "immune"])
    # angiogenesis: tp1 -> 1 ; apoptosis: fp1 fn1 -> 0 ; immune: 1 ; invasion/metabolism/proliferation absent -> 1
    assert s["primary"] == pytest.approx((1 + 0 + 1 + 1 + 1 + 1) / 6)
    assert s["exact_set"] == pytest.approx(1 / 3)
    assert mini_hoc.is_valid_label("apoptosis,immune") and not mini_hoc.is_valid_label("immune,apoptosis")
    assert mini_hoc.error_type("immune", "angiogenesis,immune") == "missed:angiogenesis"


def test_aci_rouge_and_fields():
    from trex_worker.tasks import mini_aci

    ref = mini_aci.note("headache", "3 days", "ibuprofen")
    pred = mini_aci.note("headache", "5 days", "ibuprofen")
    s = mini_aci.score([pred, ref], [ref, ref])
    # tokens: complaint headache duration 3 days medication ibuprofen -> 7 each, 6 shared -> 6/7
    assert s["primary"] == pytest.approx((6 / 7 + 1) / 2)
    assert s["field_accuracy"] == pytest.approx((2 / 3 + 1) / 2) and s["exact"] == pytest.approx(0.5)
    assert mini_aci.error_type(pred, ref) == "wrong_duration"


def test_law_score():
    from trex_worker.tasks import mini_law

    s = mini_law.score(["264; theft", "264; theft", "garbage"], ["264; theft", "263; robbery", "266; fraud"])
    # article acc 1/3; charge F1: theft 2*1/(2+1)=2/3, robbery 0, fraud 0 -> 2/9
    assert s["article_accuracy"] == pytest.approx(1 / 3)
    assert s["charge_macro_f1"] == pytest.approx(2 / 9)
    assert s["primary"] == pytest.approx((1 / 3 + 2 / 9) / 2)
    assert mini_law.error_type("264; theft", "263; robbery") == "robbery->theft"


def test_cs_econ_ome_scores():
    from trex_worker.tasks import mini_cs, mini_econ, mini_ome

    assert mini_cs.score(["B", "A", "x"], ["B", "C", "A"])["primary"] == pytest.approx(1 / 3)
    e = mini_econ.score(["ABC", "ACB", "CBA"], ["ABC", "ABC", "ABC"])
    assert e["primary"] == pytest.approx(1 / 3)
    assert e["pairwise"] == pytest.approx((1 + 2 / 3 + 0) / 3)
    assert mini_ome.partial_credit("ionize > attack", "ionize > attack > deprotonate") == pytest.approx(4 / 5)
    assert mini_ome.partial_credit("attack > leave", "attack > leave") == 1.0
    assert mini_ome.score(["eliminate"], ["attack > leave"])["primary"] == 0.0


def test_tomg_parser_and_constraints():
    from trex_worker.tasks import mini_tomg as t

    assert t.parse("C1CC1") == {"C": 3, "N": 0, "O": 0, "ring": True, "double": False}
    assert t.parse("CC(=O)N") == {"C": 2, "N": 1, "O": 1, "ring": False, "double": True}
    for bad in ("O=O=O", "C(C)(C)(C)(C)C", "C1CC", "(C)", "C=", "cco", ""):
        assert t.parse(bad) is None, bad
    spec = "make C:2 N:1 O:1 ring:no double:yes"
    assert t.constraint_score("CC(=O)N", spec) == 1.0
    assert t.constraint_score("CCON", spec) == pytest.approx(4 / 5)  # no double bond
    assert t.constraint_score("C(", spec) == 0.0
    # any molecule meeting the constraints counts; CCCC only meets ring:no -> 1/5
    s = t.score(["NC(=O)C", "CCCC"], ["CC(=O)N", "CC(=O)N"])
    assert s["primary"] == pytest.approx((1 + 1 / 5) / 2) and s["exact"] == 0.0 and s["validity"] == 1.0
