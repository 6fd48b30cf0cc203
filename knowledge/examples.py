"""Practice examples, most similar municipalities first."""

from __future__ import annotations

import math
from typing import List, Optional, Sequence

from knowledge.schema import Example


def _similarity(example: Example, task_area: Optional[str], population: Optional[int], land: Optional[str]) -> float:
    score = 0.0
    if task_area and task_area in example.task_areas:
        score += 4 if example.task_areas[0] == task_area else 3
    if land and example.state == land:
        score += 1.5
    if population and example.population:
        # 1 point for the same size, falling with each factor of ten between them
        score += max(0.0, 1 - abs(math.log10(example.population / population)))
    return score


def examples(
    task_area: Optional[str] = None,
    population: Optional[int] = None,
    land: Optional[str] = None,
    entries: Sequence[Example] = (),
) -> List[Example]:
    """Examples for a task area (all areas when None), similar municipalities first."""
    pool = [e for e in entries if not task_area or task_area in e.task_areas]
    return sorted(pool, key=lambda e: (-_similarity(e, task_area, population, land), e.municipality))
