"""Intent and entity scores for `make eval`, computed the same way for every system.

Entities are compared by (type, normalised value) per message – what the bot uses – rather
than by token spans, so a regex baseline and DIET are measured on equal terms.
"""

from __future__ import annotations

from collections import Counter
from functools import cache, lru_cache
from typing import Any, Dict, Iterable, List, Optional, Sequence, Set, Tuple

from knowledge import load
from knowledge.amounts import find_amount
from knowledge.funding import mentioned_programmes
from knowledge.parsing import (
    find_procurement_topic,
    fold,
    normalize_municipality_type,
    normalize_state,
    normalize_task_area,
    parse_german_number,
)

EntitySet = Set[Tuple[str, str]]


def _number(value: object) -> Optional[str]:
    number = parse_german_number(value)
    if number is None and isinstance(value, str):
        number = find_amount(value, allow_bare=True)
    return None if number is None else str(int(number))


@lru_cache(maxsize=1)
def programmes() -> tuple:
    return tuple(load().programmes)


@cache
def programme_key(value: str) -> str:
    """The id of the programme a name means ("KRL" and "Kommunalrichtlinie" are equal)."""
    if value in {p.id for p in programmes()}:
        return value
    named = mentioned_programmes(value, programmes())
    return named[0].id if named else fold(value).strip()


def normalise_entity(entity: str, value: object) -> Optional[str]:
    """One comparable string per entity value ("NRW" and "Nordrhein-Westfalen" are equal)."""
    if entity == "federal_state":
        return normalize_state(value)
    if entity == "municipality_type":
        return normalize_municipality_type(value)
    if entity == "task_area":
        return normalize_task_area(value) or (fold(value) if isinstance(value, str) else None)
    if entity == "procurement_topic":
        text = str(value)
        return find_procurement_topic(text) or fold(text)
    if entity in ("population", "amount_eur"):
        return _number(value)
    if entity == "programme":
        return programme_key(str(value)) or None
    return fold(str(value)).strip() or None


def entity_set(entities: Iterable[Dict[str, Any]]) -> EntitySet:
    pairs: EntitySet = set()
    for entity in entities:
        name = entity.get("entity")
        value = normalise_entity(str(name), entity.get("value"))
        if name and value:
            pairs.add((str(name), value))
    return pairs


def prf(tp: int, fp: int, fn: int) -> Dict[str, float]:
    precision = tp / (tp + fp) if tp + fp else 0.0
    recall = tp / (tp + fn) if tp + fn else 0.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return {"precision": round(precision, 3), "recall": round(recall, 3), "f1": round(f1, 3), "support": tp + fn}


def intent_scores(gold: Sequence[str], predicted: Sequence[str]) -> Dict[str, Any]:
    labels = sorted(set(gold))
    per_intent = {}
    for label in labels:
        tp = sum(g == label and p == label for g, p in zip(gold, predicted, strict=True))
        fp = sum(g != label and p == label for g, p in zip(gold, predicted, strict=True))
        fn = sum(g == label and p != label for g, p in zip(gold, predicted, strict=True))
        per_intent[label] = prf(tp, fp, fn)
    confusions = Counter((g, p) for g, p in zip(gold, predicted, strict=True) if g != p)
    return {
        "accuracy": round(sum(g == p for g, p in zip(gold, predicted, strict=True)) / max(len(gold), 1), 3),
        "macro_f1": round(sum(v["f1"] for v in per_intent.values()) / max(len(labels), 1), 3),
        "per_intent": per_intent,
        "confusions": [f"{g} → {p}: {n}" for (g, p), n in confusions.most_common(5)],
    }


def entity_scores(gold: Sequence[EntitySet], predicted: Sequence[EntitySet]) -> Dict[str, Any]:
    types = sorted({name for pairs in gold for name, _ in pairs})
    per_entity = {}
    all_tp = all_fp = all_fn = 0
    for name in types:
        tp = fp = fn = 0
        for g, p in zip(gold, predicted, strict=True):
            g_n = {pair for pair in g if pair[0] == name}
            p_n = {pair for pair in p if pair[0] == name}
            tp += len(g_n & p_n)
            fp += len(p_n - g_n)
            fn += len(g_n - p_n)
        per_entity[name] = prf(tp, fp, fn)
        all_tp, all_fp, all_fn = all_tp + tp, all_fp + fp, all_fn + fn
    return {"micro": prf(all_tp, all_fp, all_fn), "per_entity": per_entity}


def percentile(values: List[float], q: float) -> float:
    if not values:
        return 0.0
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, int(round(q * (len(ordered) - 1))))]
