"""The NLU data sets of `make eval`: training data, held-out set, real questions, CV folds."""

from __future__ import annotations

import random
from collections import defaultdict
from dataclasses import dataclass
from pathlib import Path
from typing import Dict, List, Tuple

from rasa.shared.nlu.training_data.loading import load_data
from rasa.shared.nlu.training_data.message import Message
from rasa.shared.nlu.training_data.training_data import TrainingData

ROOT = Path(__file__).resolve().parents[2]
TRAINING = ROOT / "data" / "nlu"
HELD_OUT = ROOT / "tests" / "nlu" / "test_nlu.yml"
REAL_QUESTIONS = ROOT / "tests" / "nlu" / "real_questions.yml"


@dataclass(frozen=True)
class Sample:
    text: str
    intent: str
    entities: Tuple[Dict[str, object], ...]


def samples(data: TrainingData) -> List[Sample]:
    return [_sample(m) for m in data.intent_examples if m.get("text")]


def _sample(message: Message) -> Sample:
    entities = tuple(dict(e) for e in message.get("entities") or [])
    return Sample(message.get("text"), message.get("intent"), entities)


def load(path: Path) -> TrainingData:
    return load_data(str(path), language="de")


def folds(data: TrainingData, count: int, seed: int = 42) -> List[Tuple[TrainingData, List[Sample]]]:
    """Stratified folds: (training data without the fold, the fold's samples).

    Synonyms, lookup tables and regexes stay in every training split: they are vocabulary,
    not examples.
    """
    by_intent: Dict[str, List[Message]] = defaultdict(list)
    for message in data.intent_examples:
        by_intent[message.get("intent")].append(message)
    rng = random.Random(seed)
    assigned: List[List[Message]] = [[] for _ in range(count)]
    for intent in sorted(by_intent):
        messages = list(by_intent[intent])
        rng.shuffle(messages)
        for i, message in enumerate(messages):
            assigned[i % count].append(message)
    result = []
    for k in range(count):
        train = [m for j in range(count) if j != k for m in assigned[j]]
        split = TrainingData(
            training_examples=train,
            entity_synonyms=data.entity_synonyms,
            regex_features=data.regex_features,
            lookup_tables=data.lookup_tables,
        )
        result.append((split, [_sample(m) for m in assigned[k]]))
    return result
