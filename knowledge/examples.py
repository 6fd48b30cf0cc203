"""Practice examples, most similar municipalities first.

Similar means: the asked task area first, then a Kommune of about the same size, then the same
Land. Size counts more than the Land: for a village of 1.800 inhabitants a small Gemeinde in
another Land is a better model than a city of 100.000 next door. Most examples name no
population, so the type of Kommune stands in for it (a Gemeinde is usually small, a Landkreis
large), with half the weight of a known number.
"""

from __future__ import annotations

import math
import re
from typing import List, Optional, Sequence

from knowledge.schema import Example

# Rough typical size of a Kommune of each type (inhabitants); a Zweckverband has none of its own.
TYPICAL_POPULATION = {
    "gemeinde": 3_000,
    "amt": 10_000,
    "samtgemeinde": 12_000,
    "verbandsgemeinde": 15_000,
    "stadt": 25_000,
    "landkreis": 150_000,
}
SIZE_WEIGHT = 2.0
LAND_WEIGHT = 1.5


def size_similarity(example: Example, population: Optional[int], municipality_type: Optional[str] = None) -> float:
    """1 for the same size, 0 at a factor of ten between them, down to -1 at a factor of 100 or more;
    halved when one of the sizes is only guessed from the type. 0 when a size is unknown."""
    mine = population or TYPICAL_POPULATION.get(municipality_type or "")
    theirs = example.population or TYPICAL_POPULATION.get(example.municipality_type or "")
    if not mine or not theirs:
        return 0.0
    score = max(-1.0, 1 - abs(math.log10(theirs / mine)))
    return score if population and example.population else score / 2


def area_score(example: Example, task_area: Optional[str]) -> float:
    if task_area and task_area in example.task_areas:
        return 4 if example.task_areas[0] == task_area else 3
    return 0.0


def _similarity(
    example: Example,
    task_area: Optional[str],
    population: Optional[int],
    land: Optional[str],
    municipality_type: Optional[str] = None,
) -> float:
    score = area_score(example, task_area)
    if land and example.state == land:
        score += LAND_WEIGHT
    return score + SIZE_WEIGHT * size_similarity(example, population, municipality_type)


def examples(
    task_area: Optional[str] = None,
    population: Optional[int] = None,
    land: Optional[str] = None,
    entries: Sequence[Example] = (),
    municipality_type: Optional[str] = None,
    by_size: bool = False,
) -> List[Example]:
    """Examples for a task area (all areas when None), similar municipalities first.

    ``by_size``: the user asked for Kommunen of a similar size, so size decides first and the Land
    only between examples of the same size."""
    pool = [e for e in entries if not task_area or task_area in e.task_areas]
    if by_size:
        return sorted(
            pool,
            key=lambda e: (
                -size_similarity(e, population, municipality_type),
                -(land is not None and e.state == land),
                -area_score(e, task_area),
                e.municipality,
            ),
        )
    return sorted(pool, key=lambda e: (-_similarity(e, task_area, population, land, municipality_type), e.municipality))


# An amount of money as a source states it: "5,3 Mio. EUR", "675.000 EUR", "20.000 Euro".
_EURO_AMOUNT = re.compile(r"\d[\d.,]*\s*(?:Mio\.?|Mrd\.?|Tsd\.?|Millionen|Milliarden)?\s*(?:EUR\b|Euro\b|€)", re.I)


def states_costs(example: Example) -> bool:
    """True when the example's source names an amount (costs or funding) – the only project figures the
    assistant may give, since the knowledge base has no general cost estimates."""
    return bool(_EURO_AMOUNT.search(example.partners_funding))
