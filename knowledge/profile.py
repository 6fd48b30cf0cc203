"""The municipality profile the assistant collects, and how it reads in German."""
from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Mapping, Optional

from knowledge.parsing import format_number
from knowledge.vocabulary import MUNICIPALITY_TYPES, TASK_AREAS

NOT_GIVEN = "keine Angabe"  # the municipality name the user chose not to give


@dataclass(frozen=True)
class Profile:
    federal_state: Optional[str] = None
    municipality_type: Optional[str] = None
    population: Optional[int] = None
    task_area: Optional[str] = None
    municipality: Optional[str] = None
    budget: Optional[str] = None

    @classmethod
    def from_slots(cls, slots: Mapping[str, Any]) -> "Profile":
        population = slots.get("population")
        return cls(
            federal_state=slots.get("federal_state"),
            municipality_type=slots.get("municipality_type"),
            population=int(population) if population is not None else None,
            task_area=slots.get("task_area"),
            municipality=slots.get("municipality"),
            budget=slots.get("budget"),
        )

    @property
    def is_empty(self) -> bool:
        return not any(
            (self.federal_state, self.municipality_type, self.population, self.task_area, self.named, self.budget)
        )

    @property
    def named(self) -> Optional[str]:
        """The municipality's name, unless the user skipped it."""
        return self.municipality if self.municipality and self.municipality != NOT_GIVEN else None

    def describe(self) -> str:
        """One German phrase, e.g. "Stadt Olfen in Nordrhein-Westfalen mit rund 13.000 Einwohnern, Aufgabenfeld Mobilität"."""
        kind = MUNICIPALITY_TYPES.get(self.municipality_type or "", "Kommune")
        subject = f"{kind} {self.named}" if self.named else kind
        parts = [subject]
        if self.federal_state:
            parts[0] += f" in {self.federal_state}"
        if self.population is not None:
            parts[0] += f" mit rund {format_number(self.population)} Einwohnerinnen und Einwohnern"
        if self.task_area:
            parts.append(f"Aufgabenfeld {TASK_AREAS.get(self.task_area, self.task_area)}")
        if self.budget:
            parts.append(f"Budget {self.budget}")
        return ", ".join(parts)
