"""Pydantic schema of every knowledge-base entry.

Editors write YAML; the loader turns each entry into one of these models and
reports every field that does not fit. Unknown facts are written as the string
"unbekannt" (text fields) or left empty/null (numbers): never guessed.
Whether an entry is still current is decided in knowledge/freshness.py, from
the validity fields below where the source gives them.
"""

from __future__ import annotations

import datetime as dt
from enum import Enum
from typing import List, Optional, Union

from pydantic import BaseModel, Extra, HttpUrl, validator

from knowledge.vocabulary import FEDERAL_STATES, MUNICIPALITY_TYPES, PROCUREMENT_TOPICS, TASK_AREAS

UNKNOWN = "unbekannt"


class Level(str, Enum):
    eu = "EU"
    bund = "Bund"
    land = "Land"


class Status(str, Enum):
    offen = "offen"
    laufend_mit_stichtagen = "laufend_mit_stichtagen"
    geschlossen = "geschlossen"
    unbekannt = "unbekannt"


class Entry(BaseModel):
    """Fields every entry has: an id, a source and the date it was checked.

    valid_from / valid_until are set only where the source names them (a regulation in force
    since …, limits fixed until …): with a known end, a fact is current until that day however
    old its Stand is; without one, it counts as current for 12 months after its Stand.
    """

    id: str
    source_url: HttpUrl
    further_sources: List[HttpUrl] = []
    stand: dt.date
    valid_from: Optional[dt.date] = None
    valid_until: Optional[dt.date] = None

    class Config:
        extra = Extra.forbid
        anystr_strip_whitespace = True
        use_enum_values = True

    @validator("id")
    def _id_not_blank(cls, value: str) -> str:
        if not value.strip():
            raise ValueError("darf nicht leer sein")
        return value

    @validator("valid_until")
    def _until_after_from(cls, value: Optional[dt.date], values: dict) -> Optional[dt.date]:
        start = values.get("valid_from")
        if value is not None and start is not None and value < start:
            raise ValueError(f"liegt vor valid_from ({start:%d.%m.%Y})")
        return value


def _check_states(values: List[str]) -> List[str]:
    for value in values:
        if value not in FEDERAL_STATES:
            raise ValueError(f"{value!r} ist kein Bundesland (erlaubt: {', '.join(FEDERAL_STATES)})")
    return values


def _check_members(values: List[str], allowed: dict, what: str) -> List[str]:
    for value in values:
        if value not in allowed:
            raise ValueError(f"{value!r} ist kein {what} (erlaubt: {', '.join(allowed)})")
    return values


class Programme(Entry):
    """A funding programme (Förderprogramm)."""

    name: str
    short_names: List[str] = []  # abbreviations and common names, for the fuzzy lookup
    funder: str
    level: Level
    states: List[str] = []  # empty for EU and Bund: open in every Land
    applicants: List[str]  # municipality_type values that may apply
    applicants_text: str  # who may apply, in words (incl. non-municipal applicants)
    population_min: Optional[int] = None
    population_max: Optional[int] = None
    task_areas: List[str]
    funding_type: str  # Zuschuss, Kredit, Wettbewerb, Beratung …
    rate_text: str  # Förderquote / Höchstbetrag in words, or "unbekannt"
    rate_percent_max: Optional[float] = None
    max_amount_eur: Optional[int] = None
    own_share_text: str  # Eigenanteil in words, or "unbekannt"
    deadline_text: str  # Frist/Stichtage in words, or "unbekannt"
    deadlines: List[dt.date] = []  # concrete Stichtage where known
    status: Status
    how_to_apply: str
    contact: str
    description: str  # own German words, 1–3 sentences

    @validator("states", each_item=False)
    def _states(cls, value: List[str]) -> List[str]:
        return _check_states(value)

    @validator("applicants")
    def _applicants(cls, value: List[str]) -> List[str]:
        return _check_members(value, MUNICIPALITY_TYPES, "Gemeindetyp")

    @validator("task_areas")
    def _task_areas(cls, value: List[str]) -> List[str]:
        if not value:
            raise ValueError("mindestens ein Aufgabenfeld angeben")
        return _check_members(value, TASK_AREAS, "Aufgabenfeld")

    @validator("states", always=True)
    def _land_needs_state(cls, value: List[str], values: dict) -> List[str]:
        if values.get("level") == Level.land.value and not value:
            raise ValueError("ein Landesprogramm braucht mindestens ein Bundesland")
        return value


class Example(Entry):
    """A practice example (Praxisbeispiel) of a municipal digital service."""

    municipality: str
    state: str
    municipality_type: Optional[str] = None
    population: Optional[int] = None
    task_areas: List[str]
    title: str
    description: str  # what it does, own words
    benefit: str  # what it brings, or "unbekannt"
    partners_funding: str  # partners and funding, or "unbekannt"

    @validator("state")
    def _state(cls, value: str) -> str:
        return _check_states([value])[0]

    @validator("municipality_type")
    def _type(cls, value: Optional[str]) -> Optional[str]:
        if value is not None:
            _check_members([value], MUNICIPALITY_TYPES, "Gemeindetyp")
        return value

    @validator("task_areas")
    def _task_areas(cls, value: List[str]) -> List[str]:
        if not value:
            raise ValueError("mindestens ein Aufgabenfeld angeben")
        return _check_members(value, TASK_AREAS, "Aufgabenfeld")


class Contact(Entry):
    """An advice body for human handoff (per Land, or the Bund when state is null)."""

    state: Optional[str] = None
    name: str
    kind: str
    offer: str
    url: HttpUrl

    @validator("state")
    def _state(cls, value: Optional[str]) -> Optional[str]:
        if value is not None:
            _check_states([value])
        return value


class ProcurementTopic(Entry):
    """One procurement topic, keyed by its procurement_topic value."""

    title: str
    summary: str
    legal_basis: List[str]
    tips: List[str]

    @validator("id")
    def _topic(cls, value: str) -> str:
        return _check_members([value], PROCUREMENT_TOPICS, "Vergabethema")[0]


# A value limit: a net amount in euros, "bis_eu_schwelle" (up to the EU
# threshold) or "unbekannt".
Limit = Union[int, str]
LIMIT_WORDS = ("bis_eu_schwelle", UNKNOWN)


class ValueLimits(Entry):
    """National value limits below the EU thresholds, for the Bund or one Land (id = Land name or 'Bund')."""

    direct_award_supplies: Limit  # Direktauftrag Liefer-/Dienstleistungen
    direct_award_works: Limit  # Direktauftrag Bauleistungen
    restricted_without_competition_supplies: Limit  # beschränkte Ausschreibung ohne Teilnahmewettbewerb
    negotiated_supplies: Limit  # Verhandlungsvergabe
    restricted_works: Limit  # beschränkte Ausschreibung Bau
    negotiated_works: Limit  # freihändige Vergabe Bau
    legal_basis: str
    applies_to_municipalities: str
    valid_text: str
    note: str = ""

    @validator(
        "direct_award_supplies",
        "direct_award_works",
        "restricted_without_competition_supplies",
        "negotiated_supplies",
        "restricted_works",
        "negotiated_works",
    )
    def _limit(cls, value: Limit) -> Limit:
        if isinstance(value, str) and value not in LIMIT_WORDS:
            raise ValueError(f"{value!r}: erlaubt sind ein Betrag in Euro oder {' / '.join(LIMIT_WORDS)}")
        return value

    @validator("id")
    def _scope(cls, value: str) -> str:
        if value != "Bund":
            _check_states([value])
        return value


class EuThresholds(Entry):
    """EU thresholds (net) for one validity period (both ends required)."""

    valid_from: dt.date
    valid_until: dt.date
    supplies_services: int  # sub-central contracting authorities, i.e. Kommunen
    supplies_services_central: int
    works: int
    social_services: int
    sector_supplies_services: int


class GuideStep(BaseModel):
    key: str
    title: str
    text: str

    class Config:
        extra = Extra.forbid


class Guide(Entry):
    """A step-by-step guide: the roadmap or the path to a funding application."""

    title: str
    intro: str
    steps: List[GuideStep]


class Faq(Entry):
    """A narrow question about funding applications with a short, sourced answer."""

    question: str
    keywords: List[str]  # lower-case phrases that identify the question in a message
    answer: str  # at most three sentences
    details: str = ""
    programmes: List[str] = []  # ids of the programmes on this funding route (checked by the loader)

    @validator("keywords")
    def _keywords(cls, value: List[str]) -> List[str]:
        if not value:
            raise ValueError("mindestens ein Stichwort angeben")
        return [keyword.lower() for keyword in value]


class CoverageRecord(Entry):
    """The documented search for open Land programmes in one Land (id = Land name).

    Kept where fewer than three open Land programmes relevant to municipal digitalisation were found, so
    the assistant can say honestly that it knows no (further) Land programme and name the search behind it.
    """

    searched_on: dt.date
    sources: List[HttpUrl]  # every page looked at, own sources first
    result: str  # what the search found, in own words
    note: str  # one sentence for users when no open Land programme of this Land is known

    @validator("id")
    def _land(cls, value: str) -> str:
        return _check_states([value])[0]

    @validator("sources")
    def _sources(cls, value: List[HttpUrl]) -> List[HttpUrl]:
        if not value:
            raise ValueError("mindestens eine durchsuchte Quelle angeben")
        return value
