"""How well the knowledge base covers each Land and task area, and the honest note where it does not.

The minimums (issue #9): per Land at least three open Land programmes relevant to municipal
digitalisation, or a coverage record that documents the search; at least two practice examples per
Land and three per task area.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass
from typing import Dict, List, Optional, Sequence

from knowledge.loader import KnowledgeBase
from knowledge.schema import CoverageRecord, Level, Programme, Status
from knowledge.vocabulary import FEDERAL_STATES, TASK_AREAS

OPEN_STATUSES = (Status.offen.value, Status.laufend_mit_stichtagen.value)
MIN_OPEN_LAND_PROGRAMMES = 3
MIN_EXAMPLES_PER_LAND = 2
MIN_EXAMPLES_PER_TASK_AREA = 3


def open_land_programmes(programmes: Sequence[Programme], state: str) -> List[Programme]:
    """The Land programmes of ``state`` whose status is offen or laufend_mit_stichtagen."""
    return [p for p in programmes if p.level == Level.land.value and state in p.states and p.status in OPEN_STATUSES]


def coverage_record(records: Sequence[CoverageRecord], state: Optional[str]) -> Optional[CoverageRecord]:
    return next((r for r in records if r.id == state), None) if state else None


def missing_land_programme_record(kb: KnowledgeBase, state: Optional[str]) -> Optional[CoverageRecord]:
    """The coverage record to quote when ``state`` has no open Land programme at all; None otherwise."""
    if not state or open_land_programmes(kb.programmes, state):
        return None
    return coverage_record(kb.coverage, state)


@dataclass
class LandCoverage:
    open_land_programmes: int
    coverage_record: bool
    examples: int

    @property
    def meets_minimum(self) -> bool:
        programmes_ok = self.open_land_programmes >= MIN_OPEN_LAND_PROGRAMMES or self.coverage_record
        return programmes_ok and self.examples >= MIN_EXAMPLES_PER_LAND

    def as_dict(self) -> Dict[str, object]:
        return {**asdict(self), "meets_minimum": self.meets_minimum}


def coverage_per_land(kb: KnowledgeBase) -> Dict[str, LandCoverage]:
    return {
        state: LandCoverage(
            open_land_programmes=len(open_land_programmes(kb.programmes, state)),
            coverage_record=coverage_record(kb.coverage, state) is not None,
            examples=sum(e.state == state for e in kb.examples),
        )
        for state in FEDERAL_STATES
    }


def examples_per_task_area(kb: KnowledgeBase) -> Dict[str, int]:
    return {area: sum(area in e.task_areas for e in kb.examples) for area in TASK_AREAS}


def coverage_gaps(kb: KnowledgeBase) -> List[str]:
    """Every shortfall against the minimums, in German; empty when the knowledge base meets them."""
    gaps = []
    for state, land in coverage_per_land(kb).items():
        if land.open_land_programmes < MIN_OPEN_LAND_PROGRAMMES and not land.coverage_record:
            gaps.append(f"{state}: {land.open_land_programmes} offene Landesprogramme und kein Suchprotokoll")
        if land.examples < MIN_EXAMPLES_PER_LAND:
            gaps.append(f"{state}: nur {land.examples} Praxisbeispiel(e)")
    for area, count in examples_per_task_area(kb).items():
        if count < MIN_EXAMPLES_PER_TASK_AREA:
            gaps.append(f"Aufgabenfeld {TASK_AREAS[area]}: nur {count} Praxisbeispiel(e)")
    return gaps


def coverage_figures(kb: KnowledgeBase) -> Dict[str, object]:
    """The coverage part of ``python -m knowledge stats``."""
    return {
        "coverage_per_land": {state: land.as_dict() for state, land in coverage_per_land(kb).items()},
        "examples_per_task_area": examples_per_task_area(kb),
        "laender_with_coverage_record": sorted(r.id for r in kb.coverage),
        "coverage_minimums": {
            "open_land_programmes_or_coverage_record": MIN_OPEN_LAND_PROGRAMMES,
            "examples_per_land": MIN_EXAMPLES_PER_LAND,
            "examples_per_task_area": MIN_EXAMPLES_PER_TASK_AREA,
        },
        "coverage_gaps": coverage_gaps(kb),
    }
