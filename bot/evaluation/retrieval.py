"""Recall@5 of the free-text search on labelled needs (tests/retrieval/needs.yml).

Each need names the entries that must be among the first five. A need tied to a Land is
searched under that Land's hard filter (its own and Bund/EU entries), like the bot does.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List, Optional

import yaml

from knowledge import KnowledgeBase
from knowledge.schema import Example, Programme
from knowledge.search import MODES, Index, default_embedder

NEEDS = Path(__file__).resolve().parents[2] / "tests" / "retrieval" / "needs.yml"
TOP = 5


def load_needs(path: Path = NEEDS) -> List[Dict[str, Any]]:
    return list(yaml.safe_load(path.read_text(encoding="utf-8"))["needs"])


def in_land(entry: Any, land: Optional[str]) -> bool:
    if land is None:
        return True
    if isinstance(entry, Programme):
        return not entry.states or land in entry.states
    return isinstance(entry, Example) and entry.state == land


def evaluate(kb: KnowledgeBase, needs: List[Dict[str, Any]]) -> Dict[str, Any]:
    embedder = default_embedder()
    indexes: Dict[str, Index[Any]] = {
        "programme": Index(kb.programmes, embedder),
        "example": Index(kb.examples, embedder),
    }
    result: Dict[str, Any] = {"needs": len(needs), "top": TOP, "embeddings": embedder is not None}
    for mode in MODES:
        found = total = complete = 0
        misses: List[str] = []
        for need in needs:
            index = indexes[need["kind"]]
            land = need.get("state")
            hits = index.search(need["text"], lambda e, land=land: in_land(e, land), mode, TOP)
            shown = {hit.entry.id for hit in hits}
            wanted = set(need["relevant"])
            found += len(wanted & shown)
            total += len(wanted)
            complete += wanted <= shown
            if not wanted <= shown:
                misses.append(need["text"][:60])
        result[mode] = {
            "recall_at_5": round(found / total, 3),
            "needs_fully_found": round(complete / len(needs), 3),
            "misses": misses,
        }
    return result
