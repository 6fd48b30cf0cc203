"""The municipality profile: what it holds, how each value is normalised, how it reads in German.

``normalize_slot`` is the one place that turns any raw value (entity text, button
payload, free-text answer, a stored slot of the wrong type) into a canonical value
or None. ``read_facts`` decides which profile facts a user message states: the
Rasa validation action calls it every turn, so the profile is the same whether a
fact came in a form answer, a correction or a funding question.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any, Dict, Iterable, Mapping, Optional

from knowledge.parsing import (
    clean_name,
    entity_mentions,
    find_municipality_type,
    find_population,
    find_state,
    find_task_area,
    format_number,
    is_what_if,
    normalize_municipality_type,
    normalize_state,
    normalize_task_area,
    parse_german_number,
    preferred_value,
    state_in,
)
from knowledge.vocabulary import MUNICIPALITY_TYPES, TASK_AREAS, in_land

NOT_GIVEN = "keine Angabe"  # the municipality name the user chose not to give
PROFILE_SLOTS = ("federal_state", "municipality_type", "population", "task_area", "municipality")
SLOT_LABELS: Dict[str, str] = {
    "federal_state": "Bundesland",
    "municipality_type": "Art der Kommune",
    "population": "Einwohnerzahl",
    "task_area": "Aufgabenfeld",
    "municipality": "Name",
}
MIN_BARE_POPULATION = 100  # a bare number below this is a step or a count, not a Kommune's inhabitants
MAX_POPULATION = 4_000_000  # Berlin, the largest municipality, has about 3.9 million
MAX_NAME_WORDS = 5
# Intents whose message may describe the user's own Kommune. Everything else (questions about
# procurement, programme details, handoff …) only reads entities for its answer.
PROFILE_INTENTS = frozenset(
    {
        "inform",
        "search_funding",
        "show_example",
        "greet",
        "nlu_fallback",
        "out_of_scope",
        "explain_procurement",
        "ask_funding_details",
        "ask_application",
        "ask_roadmap",
        "human_handoff",
    }
)
# Intents that may carry a bare answer to the question the bot asked ("Bayern", "3500", "Dorf").
ANSWER_INTENTS = frozenset(
    {"inform", "nlu_fallback", "out_of_scope", "search_funding", "show_example", "ask_funding_details", "greet"}
)
_CURRENCY = re.compile(r"€|\beuro?\b", re.IGNORECASE)
_SELF = re.compile(r"\b(?:wir|uns|unsere?[rnms]?|ich|mein\w*|hier)\b", re.IGNORECASE)
_NOT_A_NAME = re.compile(r"[?<>{}/\\@]|https?:|\d{3,}")
_NAME_STOPWORDS = {
    "ja",
    "nein",
    "ok",
    "okay",
    "gerne",
    "gern",
    "genau",
    "stimmt",
    "passt",
    "danke",
    "hallo",
    "überspringen",
    "ueberspringen",
    "keine angabe",
    "egal",
    "weiß nicht",
    "weiss nicht",
}


def _population(value: Any) -> Optional[float]:
    if isinstance(value, bool) or not isinstance(value, (int, float, str)):
        return None
    number = value if isinstance(value, (int, float)) else parse_german_number(value)
    if number is None or not 1 <= float(number) <= MAX_POPULATION:
        return None
    return float(round(float(number)))


def _name(value: Any) -> Optional[str]:
    if not isinstance(value, str):
        return None
    if value == NOT_GIVEN:
        return value
    if _NOT_A_NAME.search(value):
        return None
    name = clean_name(value)
    if (
        not name
        or len(name) > 60
        or len(name.split()) > MAX_NAME_WORDS
        or _NOT_A_NAME.search(name)
        or name.lower() in _NAME_STOPWORDS
        or not re.search(r"[A-Za-zÄÖÜäöüß]", name)
        or normalize_state(name)
        or normalize_municipality_type(name)
    ):
        return None
    return name


_NORMALIZERS = {
    "federal_state": normalize_state,
    "municipality_type": normalize_municipality_type,
    "population": _population,
    "task_area": normalize_task_area,
    "municipality": _name,
}


def normalize_slot(slot: str, value: Any) -> Any:
    """The canonical value of a profile slot, or None when ``value`` cannot be one."""
    if value is None:
        return None
    try:
        return _NORMALIZERS[slot](value)
    except (TypeError, ValueError, OverflowError):
        return None


def read_facts(
    text: str,
    intent: Optional[str],
    entities: Iterable[Dict[str, Any]] = (),
    asked: Optional[str] = None,
    context: Optional[str] = None,
) -> Dict[str, Any]:
    """The profile facts a message states about the user's own Kommune (canonical values).

    ``context`` is the topic of the last answer: after a procurement answer a bare number
    ("und bei 60.000?", "Laufzeit 4 Jahre") is a contract value or term, never a population.

    Stray entities (".", "ja", a count of tablets) are dropped by construction: every
    value goes through ``normalize_slot``; a question about another applicant type
    ("gilt das auch für Landkreise?") states nothing about the user.
    """
    text = str(text or "")
    entities = [e for e in entities if isinstance(e, dict)]
    facts: Dict[str, Any] = {}
    if intent in PROFILE_INTENTS and not is_what_if(text):
        introduced = introduces_kommune(text)
        about_us = intent == "inform" or bool(_SELF.search(text)) or introduced
        if about_us:
            facts["federal_state"] = state_in(text, entities)
            kind = preferred_value(entity_mentions(text, entities, "municipality_type", normalize_municipality_type))
            facts["municipality_type"] = kind or (
                find_municipality_type(text) if intent == "inform" or introduced else None
            )
            facts["population"] = _population(find_population(text)) or (
                # a bare number ("12.500") only in a short message: "Gibt es Heimat 2.0 noch?" names no population
                _entity_population(entities)
                if intent == "inform"
                and len(text.split()) <= 3
                and not _CURRENCY.search(text)
                and context != "procurement"
                else None
            )
            area = preferred_value(entity_mentions(text, entities, "task_area", normalize_task_area))
            # in a long letter a word like "Feuerwehr" is context, not the task area the user asks about
            short = len(text.split()) <= 25
            facts["task_area"] = (area if short else None) or (
                find_task_area(text) if intent == "inform" and short else None
            )
            if intent in ("inform", "greet"):
                facts["municipality"] = next(
                    (n for n in (_name(e.get("value")) for e in entities if e.get("entity") == "municipality") if n),
                    None,
                )
    if asked in _NORMALIZERS and not facts.get(asked) and intent in ANSWER_INTENTS and context != "procurement":
        facts[asked] = _answer(asked, text)
    return {slot: value for slot, value in facts.items() if value is not None}


_PLURAL_TYPE = re.compile(r"(?:gemeinden|städte|staedte|kreise|ämter|aemter|verbände|verbaende)$", re.IGNORECASE)
_LEADING_WORDS = 3


def introduces_kommune(text: str) -> bool:
    """ "Gemeinde in Brandenburg, 800 Einwohner, Förderung für WLAN": a message that opens with a Kommune's
    type (one of its first words, singular) and names its Land or size introduces the user's own Kommune,
    though it says neither "wir" nor "unsere" – so the facts belong in the profile, not to this answer only.
    "Förderung für Städte in Bayern?" (plural) asks about others and stays out."""
    words = re.findall(r"[\wÄÖÜäöüß-]+", str(text or ""))[:_LEADING_WORDS]
    leading_type = any(normalize_municipality_type(w) and not _PLURAL_TYPE.search(w) for w in words)
    return leading_type and bool(find_population(text) or state_in(text, ()))


def _entity_population(entities: Iterable[Dict[str, Any]]) -> Optional[float]:
    """A bare number the NLU tagged as population; under 100 it is a step, a count or a term ("Schritt 4")."""
    values = (_population(e.get("value")) for e in entities if e.get("entity") == "population")
    return next((p for p in values if p and p >= MIN_BARE_POPULATION), None)


def _answer(slot: str, text: str) -> Optional[Any]:
    """A short free-text answer to the bot's question for ``slot`` ("Dorf", "ca. 8 Tsd.", "Oberbayern")."""
    if len(text.split()) > 6 or "?" in text:
        return None  # a sentence or a question is not an answer to "Wie viele Einwohner …?"
    if slot == "population" and _CURRENCY.search(text):
        return None  # "18.000 €" is a contract value, not a number of inhabitants
    if slot == "municipality_type":
        return normalize_municipality_type(text, answer=True) or find_municipality_type(text)
    if slot == "federal_state":
        return normalize_state(text) or find_state(text)
    if slot == "task_area":
        return normalize_task_area(text) or find_task_area(text)
    return normalize_slot(slot, text)


@dataclass(frozen=True)
class Profile:
    federal_state: Optional[str] = None
    municipality_type: Optional[str] = None
    population: Optional[int] = None
    task_area: Optional[str] = None
    municipality: Optional[str] = None

    @classmethod
    def from_slots(cls, slots: Mapping[str, Any]) -> Profile:
        """A profile from slot values of any shape: what cannot be normalised is left out, never raised."""
        values = {slot: normalize_slot(slot, slots.get(slot)) for slot in PROFILE_SLOTS}
        population = values["population"]
        values["population"] = int(population) if population is not None else None
        return cls(**values)

    @property
    def is_empty(self) -> bool:
        return not any((self.federal_state, self.municipality_type, self.population, self.task_area, self.named))

    @property
    def named(self) -> Optional[str]:
        """The municipality's name, unless the user skipped it."""
        return self.municipality if self.municipality and self.municipality != NOT_GIVEN else None

    def describe(self) -> str:
        """One German phrase, e.g. "Stadt Olfen in Nordrhein-Westfalen mit rund 13.000 Einwohnerinnen und
        Einwohnern, Aufgabenfeld Mobilität"."""
        kind = MUNICIPALITY_TYPES.get(self.municipality_type or "", "Kommune")
        subject = f"{kind} {self.named}" if self.named else kind
        if self.federal_state:
            subject += f" {in_land(self.federal_state)}"
        if self.population is not None:
            subject += f" mit rund {format_number(self.population)} Einwohnerinnen und Einwohnern"
        parts = [subject]
        if self.task_area:
            parts.append(f"Aufgabenfeld {TASK_AREAS.get(self.task_area, self.task_area)}")
        return ", ".join(parts)

    @property
    def missing(self) -> list:
        return [slot for slot in PROFILE_SLOTS[:4] if getattr(self, slot) in (None, "")]


def value_text(slot: str, value: Any) -> str:
    if value is None:
        return "keine Angabe"
    if slot == "municipality_type":
        return MUNICIPALITY_TYPES.get(value, str(value))
    if slot == "task_area":
        return TASK_AREAS.get(value, str(value))
    if slot == "population":
        return format_number(float(value))
    return str(value)
