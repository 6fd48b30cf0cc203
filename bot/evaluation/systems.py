"""The systems `make eval` compares: a TF-IDF baseline and Rasa pipelines (sparse, sparse + dense).

Each system is trained on a TrainingData and predicts (intent, entity set) for texts; Rasa
models are trained in a subprocess (as `rasa train nlu` does for a user) and parsed in-process.
"""

from __future__ import annotations

import asyncio
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import List, Optional, Tuple

from rasa.shared.nlu.training_data.formats.rasa_yaml import RasaYAMLWriter
from rasa.shared.nlu.training_data.training_data import TrainingData
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.linear_model import LogisticRegression
from sklearn.pipeline import make_pipeline, make_union

from bot.evaluation.metrics import EntitySet, entity_set, programmes
from knowledge.amounts import find_amount
from knowledge.funding import mentioned_programmes
from knowledge.parsing import (
    find_municipality_type,
    find_population,
    find_procurement_topic,
    find_state,
    find_task_area,
    format_number,
)

Prediction = Tuple[str, EntitySet]


def rule_entities(text: str) -> EntitySet:
    """Entities from the project's parsing code alone (regexes and lookup tables, no learning)."""
    found = [
        ("federal_state", find_state(text)),
        ("municipality_type", find_municipality_type(text)),
        ("task_area", find_task_area(text)),
        ("procurement_topic", find_procurement_topic(text)),
    ]
    population = find_population(text)
    if population is not None:
        found.append(("population", format_number(population)))
    amount = find_amount(text)
    if amount is not None:
        found.append(("amount_eur", format_number(amount)))
    for programme in mentioned_programmes(text, programmes())[:1]:
        found.append(("programme", programme.id))
    return entity_set({"entity": name, "value": value} for name, value in found if value)


class BaselineSystem:
    """TF-IDF word (1–2) and character (2–5) n-grams with logistic regression."""

    name = "Baseline (TF-IDF + LogReg, Regeln)"

    def __init__(self) -> None:
        self.training_seconds = 0.0
        self.latencies: List[float] = []
        self._model = make_pipeline(
            make_union(
                TfidfVectorizer(analyzer="word", ngram_range=(1, 2), sublinear_tf=True),
                TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 5), sublinear_tf=True),
            ),
            LogisticRegression(max_iter=3000, C=10.0),
        )

    def train(self, data: TrainingData, nlu_path: Optional[Path] = None) -> None:
        start = time.perf_counter()
        examples = [m for m in data.intent_examples if m.get("text")]
        self._model.fit([m.get("text") for m in examples], [m.get("intent") for m in examples])
        self.training_seconds = time.perf_counter() - start

    def predict(self, texts: List[str]) -> List[Prediction]:
        result = []
        for text in texts:
            start = time.perf_counter()
            intent = str(self._model.predict([text])[0])
            result.append((intent, rule_entities(text)))
            self.latencies.append((time.perf_counter() - start) * 1000)
        return result

    def close(self) -> None:
        pass


class RasaSystem:
    """A Rasa NLU pipeline given by a config file."""

    def __init__(self, name: str, config: Path) -> None:
        self.name = name
        self.config = config
        self.training_seconds = 0.0
        self.latencies: List[float] = []
        self._workdir = tempfile.TemporaryDirectory(prefix="eval-")
        self._agent: Optional[object] = None

    def train(self, data: TrainingData, nlu_path: Optional[Path] = None) -> None:
        work = Path(self._workdir.name)
        if nlu_path is None:
            nlu_path = work / "nlu.yml"
            RasaYAMLWriter().dump(nlu_path, data)
        start = time.perf_counter()
        subprocess.run(
            [sys.executable, "-m", "rasa", "train", "nlu", "--config", str(self.config), "--nlu", str(nlu_path),
             "--out", str(work), "--fixed-model-name", "model", "--quiet"],
            check=True, stdout=subprocess.DEVNULL,
        )  # fmt: skip
        self.training_seconds = time.perf_counter() - start
        from rasa.core.agent import Agent  # heavy import, only when a Rasa system runs

        self._agent = Agent.load(str(work / "model.tar.gz"))

    def predict(self, texts: List[str]) -> List[Prediction]:
        return asyncio.run(self._predict(texts))

    async def _predict(self, texts: List[str]) -> List[Prediction]:
        assert self._agent is not None, "train first"
        result = []
        for text in texts:
            start = time.perf_counter()
            parsed = await self._agent.parse_message(text)  # type: ignore[attr-defined]
            self.latencies.append((time.perf_counter() - start) * 1000)
            result.append((self._top_intent(parsed), entity_set(parsed.get("entities") or [])))
        return result

    @staticmethod
    def _top_intent(parsed: dict) -> str:
        """DIET's own best intent, as `rasa test nlu` scores it (the fallback is a dialogue choice)."""
        ranking = [r for r in parsed.get("intent_ranking") or [] if r.get("name") != "nlu_fallback"]
        return str(ranking[0]["name"]) if ranking else str((parsed.get("intent") or {}).get("name"))

    def close(self) -> None:
        self._agent = None
        self._workdir.cleanup()
