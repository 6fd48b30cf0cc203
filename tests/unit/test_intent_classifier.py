"""The TF-IDF + sentence-embedding intent classifier: training, prediction, persistence."""

from __future__ import annotations

from pathlib import Path

import pytest
from rasa.engine.graph import ExecutionContext, GraphSchema
from rasa.engine.storage.local_model_storage import LocalModelStorage
from rasa.engine.storage.resource import Resource
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.intent_classifier import TfidfEmbeddingIntentClassifier
from bot.nlu_components import SentenceEmbeddingFeaturizer

EXAMPLES = {
    "search_funding": ["Welche Förderung gibt es?", "Gibt es Fördermittel für Glasfaser?", "Zuschüsse für Schulen"],
    "goodbye": ["Tschüss", "Auf Wiedersehen", "bis morgen"],
    "explain_procurement": ["Wie vergebe ich einen Auftrag?", "Ab wann europaweit ausschreiben?", "Direktauftrag"],
}
FAKE = "tests.unit.fake_embedder:CountingEmbedder"


def training_data(with_embeddings: bool) -> TrainingData:
    messages = [Message({TEXT: t, "intent": i}) for i, texts in EXAMPLES.items() for t in texts]
    if with_embeddings:
        config = {**SentenceEmbeddingFeaturizer.get_default_config(), "backend": FAKE}
        SentenceEmbeddingFeaturizer(config, "emb").process(messages)
    return TrainingData(messages)


@pytest.fixture
def storage(tmp_path: Path) -> LocalModelStorage:
    return LocalModelStorage(tmp_path)


def classifier(storage: LocalModelStorage) -> TfidfEmbeddingIntentClassifier:
    context = ExecutionContext(GraphSchema({}), "test")
    return TfidfEmbeddingIntentClassifier.create({}, storage, Resource("intents"), context)


def message(text: str, with_embeddings: bool) -> Message:
    msg = Message({TEXT: text})
    if with_embeddings:
        config = {**SentenceEmbeddingFeaturizer.get_default_config(), "backend": FAKE}
        SentenceEmbeddingFeaturizer(config, "emb").process([msg])
    return msg


@pytest.mark.parametrize("with_embeddings", [True, False])
def test_predicts_intent_and_ranking(storage, with_embeddings) -> None:
    component = classifier(storage)
    component.train(training_data(with_embeddings))
    assert component.embedding_dim == (16 if with_embeddings else 0)
    msg = message("Gibt es Förderung für Glasfaser in Bayern?", with_embeddings)
    component.process([msg])
    assert msg.get("intent")["name"] == "search_funding"
    ranking = msg.get("intent_ranking")
    assert [r["name"] for r in ranking][0] == "search_funding" and len(ranking) == 3
    assert abs(sum(r["confidence"] for r in ranking) - 1.0) < 1e-6


def test_survives_a_round_trip_through_the_model_storage(storage) -> None:
    component = classifier(storage)
    component.train(training_data(True))
    context = ExecutionContext(GraphSchema({}), "test")
    loaded = TfidfEmbeddingIntentClassifier.load({}, storage, Resource("intents"), context)
    before, after = message("Tschüss, bis bald", True), message("Tschüss, bis bald", True)
    component.process([before])
    loaded.process([after])
    assert after.get("intent") == before.get("intent") and after.get("intent")["name"] == "goodbye"


def test_missing_embeddings_at_prediction_do_not_crash(storage) -> None:
    component = classifier(storage)
    component.train(training_data(True))
    msg = message("Wie vergebe ich das?", with_embeddings=False)
    component.process([msg])
    assert msg.get("intent")["name"] in EXAMPLES


def test_untrained_or_empty_input_leaves_messages_alone(storage) -> None:
    component = classifier(storage)
    msg = Message({TEXT: "Hallo"})
    component.process([msg])
    assert msg.get("intent") is None
    assert component.train(TrainingData([])) == Resource("intents")
