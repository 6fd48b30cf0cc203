"""The NLU data keeps the contract: counts per intent, canonical entity values, no test sentence in training."""

from collections import Counter
from pathlib import Path

import pytest
import yaml
from rasa.shared.nlu.training_data.loading import load_data

from knowledge.vocabulary import FEDERAL_STATES, MUNICIPALITY_TYPES, PROCUREMENT_TOPICS, TASK_AREAS

ROOT = Path(__file__).resolve().parents[2]
TRAIN = load_data(str(ROOT / "data" / "nlu"))
TEST = load_data(str(ROOT / "tests" / "nlu" / "test_nlu.yml"))
DOMAIN_INTENTS = [
    i for i in yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["intents"] if i != "nlu_fallback"
]
SMALL_TALK = {"greet", "goodbye", "affirm", "deny", "thank", "bot_challenge", "help", "out_of_scope"}
CANONICAL = {
    "federal_state": set(FEDERAL_STATES),
    "municipality_type": set(MUNICIPALITY_TYPES),
    "task_area": set(TASK_AREAS),
    "procurement_topic": set(PROCUREMENT_TOPICS),
}


def _canonical_value(example_entity: dict) -> str:
    return TRAIN.entity_synonyms.get(example_entity["value"], example_entity["value"])


def test_no_test_sentence_is_in_the_training_data():
    test = {e.get("text").strip().lower() for e in TEST.intent_examples}
    leaked = [e.get("text") for e in TRAIN.intent_examples if e.get("text").strip().lower() in test]
    assert leaked == []


@pytest.mark.parametrize("intent", DOMAIN_INTENTS)
def test_enough_training_examples(intent):
    count = Counter(e.get("intent") for e in TRAIN.intent_examples)[intent]
    assert count >= (12 if intent in SMALL_TALK else 30), f"{intent}: {count}"


@pytest.mark.parametrize("intent", DOMAIN_INTENTS)
def test_enough_test_examples(intent):
    assert Counter(e.get("intent") for e in TEST.intent_examples)[intent] >= 10


@pytest.mark.parametrize("data", [TRAIN, TEST], ids=["train", "test"])
def test_entity_values_are_canonical(data):
    wrong = [
        (e.get("text"), entity["entity"], entity["value"])
        for e in data.training_examples
        for entity in e.get("entities") or []
        if entity["entity"] in CANONICAL and _canonical_value(entity) not in CANONICAL[entity["entity"]]
    ]
    assert wrong == []


def test_synonyms_point_to_canonical_values():
    allowed = set().union(*CANONICAL.values())
    assert {value for value in TRAIN.entity_synonyms.values()} <= allowed


def test_lookup_tables_for_states_and_types():
    tables = {table["name"] for table in TRAIN.lookup_tables}
    assert {"federal_state", "municipality_type"} <= tables
