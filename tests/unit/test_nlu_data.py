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
REAL = load_data(str(ROOT / "tests" / "nlu" / "real_questions.yml"))
DOMAIN_INTENTS = [
    i for i in yaml.safe_load((ROOT / "domain.yml").read_text(encoding="utf-8"))["intents"] if i != "nlu_fallback"
]
MIXED = [i for i in DOMAIN_INTENTS if "+" in i]  # combined requests, see data/nlu/mixed.yml
SMALL_TALK = {"greet", "goodbye", "affirm", "deny", "thank", "bot_challenge", "help", "out_of_scope"}
CANONICAL = {
    "federal_state": set(FEDERAL_STATES),
    "municipality_type": set(MUNICIPALITY_TYPES),
    "task_area": set(TASK_AREAS),
    "procurement_topic": set(PROCUREMENT_TOPICS),
}


def _canonical_value(example_entity: dict) -> str:
    return TRAIN.entity_synonyms.get(example_entity["value"], example_entity["value"])


def _texts(data) -> set:
    return {e.get("text").strip().lower() for e in data.intent_examples}


@pytest.mark.parametrize("held_out", [TEST, REAL], ids=["held-out set", "real questions"])
def test_no_test_sentence_is_in_the_training_data(held_out):
    assert sorted(_texts(TRAIN) & _texts(held_out)) == []


def test_the_two_test_sets_do_not_overlap():
    assert sorted(_texts(TEST) & _texts(REAL)) == []


def test_every_real_question_has_a_source():
    raw = yaml.safe_load((ROOT / "tests" / "nlu" / "real_questions.yml").read_text(encoding="utf-8"))
    examples = [example for block in raw["nlu"] for example in block["examples"]]
    assert len(examples) >= 150
    assert all(str(e["metadata"]["source"]).startswith("https://") for e in examples)
    assert {e.get("intent") for e in REAL.intent_examples} <= set(DOMAIN_INTENTS)


@pytest.mark.parametrize("intent", DOMAIN_INTENTS)
def test_enough_training_examples(intent):
    count = Counter(e.get("intent") for e in TRAIN.intent_examples)[intent]
    assert count >= (10 if intent in MIXED else 12 if intent in SMALL_TALK else 30), f"{intent}: {count}"


@pytest.mark.parametrize("intent", [i for i in DOMAIN_INTENTS if i not in MIXED])
def test_enough_test_examples(intent):
    assert Counter(e.get("intent") for e in TEST.intent_examples)[intent] >= 10


@pytest.mark.parametrize("data", [TRAIN, TEST, REAL], ids=["train", "test", "real"])
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
