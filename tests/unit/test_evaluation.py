"""`make eval`: its metrics, the data splits and a small end-to-end run with the baseline."""

from __future__ import annotations

import json

import pytest

from bot.evaluation import __main__ as evaluation
from bot.evaluation import nlu_data
from bot.evaluation.metrics import entity_scores, entity_set, intent_scores
from bot.evaluation.systems import rule_entities


def test_intent_scores() -> None:
    scores = intent_scores(["a", "a", "b", "b"], ["a", "b", "b", "b"])
    assert scores["accuracy"] == 0.75
    assert scores["per_intent"]["a"]["recall"] == 0.5 and scores["per_intent"]["b"]["precision"] == 0.667
    assert scores["confusions"] == ["a → b: 1"]


@pytest.mark.parametrize(
    "gold, predicted",
    [
        ({"entity": "federal_state", "value": "NRW"}, {"entity": "federal_state", "value": "Nordrhein-Westfalen"}),
        ({"entity": "population", "value": "5.000"}, {"entity": "population", "value": "5000"}),
        ({"entity": "amount_eur", "value": "80.000 €"}, {"entity": "amount_eur", "value": "80000"}),
        ({"entity": "task_area", "value": "breitband"}, {"entity": "task_area", "value": "Breitband"}),
    ],
)
def test_entities_are_compared_by_normalised_value(gold, predicted) -> None:
    assert entity_set([gold]) == entity_set([predicted])
    assert entity_scores([entity_set([gold])], [entity_set([predicted])])["micro"]["f1"] == 1.0


def test_rule_entities_read_numbers_and_places() -> None:
    found = dict(rule_entities("Wir sind eine Gemeinde in Bayern mit 3.500 Einwohnern und wollen für 40.000 € kaufen"))
    assert found["federal_state"] == "Bayern" and found["population"] == "3500" and found["amount_eur"] == "40000"


def test_folds_are_stratified_and_disjoint() -> None:
    data = nlu_data.load(nlu_data.TRAINING)
    splits = nlu_data.folds(data, 3)
    held = [s.text for _, test in splits for s in test]
    assert len(held) == len(set(held)) == len(nlu_data.samples(data))
    for train, test in splits:
        assert not {m.get("text") for m in train.intent_examples} & {s.text for s in test}
        assert train.lookup_tables == data.lookup_tables


def test_a_small_run_writes_both_reports(tmp_path) -> None:
    assert evaluation.main(["--systems", "baseline", "--folds", "2", "--no-retrieval", "--out", str(tmp_path)]) == 0
    report = json.loads((tmp_path / "eval.json").read_text(encoding="utf-8"))
    baseline = report["systems"]["baseline"]
    assert 0.5 < baseline["held_out"]["intents"]["accuracy"] <= 1.0
    assert baseline["cross_validation"]["folds"] == 2
    assert "| Baseline" in (tmp_path / "eval.md").read_text(encoding="utf-8")
