"""The embedding backend interface and the sentence-embedding NLU component."""

from __future__ import annotations

import logging

import numpy as np
import pytest
from rasa.shared.nlu.constants import TEXT
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from bot.nlu_components import SentenceEmbeddingFeaturizer
from knowledge.embeddings import BackendUnavailable, CachedEmbedder, load_embedder
from tests.unit.fake_embedder import CountingEmbedder

FAKE = "tests.unit.fake_embedder:CountingEmbedder"


def featurizer(backend: str) -> SentenceEmbeddingFeaturizer:
    config = {**SentenceEmbeddingFeaturizer.get_default_config(), "backend": backend}
    return SentenceEmbeddingFeaturizer(config, "sentence_embeddings")


def dense_sentence(message: Message) -> np.ndarray:
    _, sentence = message.get_dense_features(TEXT)
    assert sentence is not None
    return sentence.features


def test_another_backend_is_one_line_of_config() -> None:
    backend = load_embedder(FAKE)
    assert backend.dim == 16 and backend.embed(["Glasfaser"]).shape == (1, 16)


@pytest.mark.parametrize("name", ["kein_backend", "nirgends.modul:Klasse", "knowledge.embeddings:fehlt"])
def test_unknown_backends_are_reported_as_unavailable(name: str) -> None:
    with pytest.raises(BackendUnavailable):
        load_embedder(name)


def test_identical_texts_are_embedded_once() -> None:
    CountingEmbedder.calls.clear()
    cached = CachedEmbedder(CountingEmbedder())
    first = cached.embed(["Förderung für Glasfaser", "Hallo", "Förderung für Glasfaser"])
    again = cached.embed(["Hallo", "Tschüss"])
    assert first.shape == (3, 16) and np.allclose(first[0], first[2])
    assert np.allclose(again[0], first[1])
    assert CountingEmbedder.calls == [["Förderung für Glasfaser", "Hallo"], ["Tschüss"]]


def test_disk_cache_is_keyed_by_content(tmp_path) -> None:
    CountingEmbedder.calls.clear()
    texts = ["Programm A", "Programm B"]
    vectors = CachedEmbedder(CountingEmbedder()).embed_with_disk_cache(texts, tmp_path)
    again = CachedEmbedder(CountingEmbedder()).embed_with_disk_cache(texts, tmp_path)
    assert np.allclose(vectors, again) and len(CountingEmbedder.calls) == 1
    CachedEmbedder(CountingEmbedder()).embed_with_disk_cache(["Programm A", "Programm C"], tmp_path)
    assert len(CountingEmbedder.calls) == 2 and len(list(tmp_path.iterdir())) == 2


def test_component_adds_one_sentence_vector_per_message() -> None:
    messages = [Message({TEXT: "Welche Förderung gibt es für Glasfaser?"}), Message({TEXT: "Hallo"})]
    featurizer(FAKE).process(messages)
    for message in messages:
        vector = dense_sentence(message)
        assert vector.shape == (1, 16)
        assert np.isclose(np.linalg.norm(vector), 1.0)
        sequence, _ = message.get_dense_features(TEXT)
        assert sequence is None  # sequence features stay sparse


def test_component_embeds_training_texts_once() -> None:
    CountingEmbedder.calls.clear()
    data = TrainingData([Message({TEXT: t, "intent": "greet"}) for t in ("hallo", "moin", "hallo")])
    featurizer(FAKE).process_training_data(data)
    assert sum(len(call) for call in CountingEmbedder.calls) == 2


def test_missing_backend_warns_once_and_keeps_the_dimension(caplog) -> None:
    with caplog.at_level(logging.WARNING):
        component = featurizer("gibt.es:nicht")
    assert [r for r in caplog.records if "Satzvektoren nicht verfügbar" in r.getMessage()]
    message = Message({TEXT: "Hallo"})
    component.process([message])
    assert dense_sentence(message).shape == (1, 384) and not dense_sentence(message).any()


def test_messages_without_text_are_left_alone() -> None:
    message = Message({"intent": "greet"})
    featurizer(FAKE).process([message])
    assert message.features == []


def test_the_default_backend_embeds_german_meaningfully() -> None:
    backend = load_embedder()
    vectors = backend.embed(["Förderung für Glasfaser", "Zuschuss für den Breitbandausbau", "Tschüss, bis morgen"])
    assert vectors.shape == (3, backend.dim)
    assert vectors[0] @ vectors[1] > vectors[0] @ vectors[2]


def test_the_memory_cache_is_bounded() -> None:
    cached = CachedEmbedder(CountingEmbedder(), max_size=3)
    cached.embed(["a", "b", "c"])
    cached.embed(["a", "d"])  # "a" was used again, so "b" goes first
    assert cached.size == 3
    CountingEmbedder.calls.clear()
    cached.embed(["a", "c", "d"])
    assert CountingEmbedder.calls == []
    cached.embed(["b"])
    assert CountingEmbedder.calls == [["b"]]
