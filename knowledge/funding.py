"""Which funding programmes fit a municipality, and finding a programme by name."""

from __future__ import annotations

import datetime as dt
import re
from dataclasses import dataclass, field
from functools import lru_cache
from typing import Dict, List, Optional, Sequence, Tuple

from rapidfuzz import fuzz, process

from knowledge.parsing import STATE_VARIANTS, fold, format_number
from knowledge.profile import Profile
from knowledge.schema import Programme, Status
from knowledge.vocabulary import MUNICIPALITY_TYPE_PLURALS, TASK_AREAS, in_land

_PROBABLY_ENDED = re.compile(r"(?:wahrscheinlich|vermutlich)\s+(?:ausgelaufen|beendet)", re.IGNORECASE)

# Open programmes first, then unknown status, then a passed last deadline, then "probably ended".
OPEN, UNKNOWN, DEADLINE_PASSED, PROBABLY_ENDED = range(4)


@dataclass
class FundingHit:
    programme: Programme
    score: float
    reasons: List[str] = field(default_factory=list)
    tier: int = OPEN
    status_note: Optional[str] = None  # why the programme is not plainly open, in words

    @property
    def reason_text(self) -> str:
        return "passt, weil: " + "; ".join(self.reasons)


def _applicant_reason(programme: Programme, profile: Profile) -> str:
    who = MUNICIPALITY_TYPE_PLURALS.get(profile.municipality_type or "", "Kommunen")
    if programme.states:
        if profile.federal_state in programme.states or len(programme.states) == 1:
            return f"{who} {in_land(profile.federal_state if profile.federal_state in programme.states else programme.states[0])} antragsberechtigt"
        return f"{who} in {', '.join(programme.states)} antragsberechtigt"
    return f"{who} bundesweit antragsberechtigt ({programme.level})"


def fits_hard_filters(programme: Programme, profile: Profile) -> bool:
    """Land (or nationwide), applicant type, population limits, and never a closed programme."""
    if programme.status == Status.geschlossen.value or not programme.applicants:
        return False  # ended, or no Kommune may apply (e.g. only companies or research)
    if programme.states and profile.federal_state not in programme.states:
        return False
    if profile.municipality_type and profile.municipality_type not in programme.applicants:
        return False
    if profile.population is not None:
        if programme.population_min is not None and profile.population < programme.population_min:
            return False
        if programme.population_max is not None and profile.population > programme.population_max:
            return False
    return True


def status_tier(programme: Programme, today: dt.date) -> Tuple[int, Optional[str]]:
    """How open a (not closed) programme is, and the note that says why it is not plainly open."""
    if _PROBABLY_ENDED.search(f"{programme.deadline_text} {programme.description}"):
        return PROBABLY_ENDED, "laut Quelle wahrscheinlich ausgelaufen – vor einem Antrag beim Fördergeber prüfen"
    if programme.deadlines and max(programme.deadlines) < today:
        # A programme whose last known Stichtag has passed may open a new call, or may not.
        return (
            DEADLINE_PASSED,
            f"letzte bekannte Frist {max(programme.deadlines):%d.%m.%Y} ist vorbei – neuen Aufruf prüfen",
        )
    if programme.status == Status.unbekannt.value:
        return UNKNOWN, "Status unbekannt – bitte beim Fördergeber prüfen"
    return OPEN, None


def score(programme: Programme, profile: Profile, today: Optional[dt.date] = None) -> FundingHit:
    """Soft score within a status tier: topic first, then closeness (Land before Bund before EU), size limits."""
    tier, note = status_tier(programme, today or dt.date.today())
    hit = FundingHit(programme, 0.0, [_applicant_reason(programme, profile)], tier, note)
    if profile.task_area and profile.task_area in programme.task_areas:
        hit.score += 3
        hit.reasons.append(f"Thema {TASK_AREAS[profile.task_area]}")
    hit.score += {"Land": 1.0, "Bund": 0.6, "EU": 0.4}.get(str(programme.level), 0)
    if profile.population is not None and (programme.population_min or programme.population_max):
        hit.score += 1
        hit.reasons.append(f"Größe passt ({_size_text(programme)})")
    return hit


def _size_text(programme: Programme) -> str:
    if programme.population_min and programme.population_max:
        return f"{format_number(programme.population_min)} bis {format_number(programme.population_max)} Einwohner"
    if programme.population_max:
        return f"bis {format_number(programme.population_max)} Einwohner"
    return f"ab {format_number(programme.population_min or 0)} Einwohner"


def match_funding(
    profile: Profile,
    programmes: Sequence[Programme],
    today: Optional[dt.date] = None,
    level: Optional[str] = None,
    need: Optional[str] = None,
) -> List[FundingHit]:
    """All programmes that fit the profile (only ``level`` "EU"/"Bund"/"Land" if given): open ones first,
    best first within each status tier, each with a German reason.

    A described ``need`` ("Bürger sollen Schäden per App melden") orders each tier by free-text
    relevance; it never adds a programme the hard filters excluded.
    """
    hits = [
        score(p, profile, today)
        for p in programmes
        if fits_hard_filters(p, profile) and (level is None or str(p.level) == level)
    ]
    relevance: Dict[str, int] = {}
    if need and hits:
        from knowledge.search import relevance_order  # loads the embedding model only when needed

        relevance = relevance_order(need, programmes, [h.programme for h in hits])
    return sorted(hits, key=lambda h: (h.tier, relevance.get(h.programme.id, len(hits)), -h.score, h.programme.name))


@dataclass
class ProgrammeLookup:
    match: Optional[Programme]
    candidates: List[Programme]  # for "Meinten Sie …?" when the name is ambiguous

    @property
    def ambiguous(self) -> bool:
        return self.match is None and bool(self.candidates)


MATCH_SCORE = 86
CANDIDATE_SCORE = 75
CLEAR_MARGIN = 6


def find_programme(text: str, programmes: Sequence[Programme]) -> ProgrammeLookup:
    """Fuzzy lookup by name or abbreviation ("Gigabit", "Digitales Rathaus", "KRL")."""
    query = (text or "").strip().lower()
    if not query:
        return ProgrammeLookup(None, [])
    # An exact abbreviation or name wins outright ("KRL", "LEADER").
    exact = [p for p in programmes if query in {n.lower() for n in [p.name, p.id, *p.short_names]}]
    if len(exact) == 1:
        return ProgrammeLookup(exact[0], [])
    if len(exact) > 1:
        return ProgrammeLookup(None, exact[:3])
    if len(query) < 4:
        return ProgrammeLookup(None, [])  # fuzzy matching of "und" or "EU" finds everything
    choices: Dict[int, str] = {}
    owners: List[Programme] = []
    for programme in programmes:
        for label in [programme.name, *programme.short_names]:
            choices[len(owners)] = label.lower()
            owners.append(programme)
    results = process.extract(query, choices, scorer=fuzz.WRatio, limit=10)
    best: Dict[str, float] = {}
    ranked: List[Programme] = []
    for _label, value, key in results:
        programme = owners[key]
        if programme.id not in best:
            best[programme.id] = value
            ranked.append(programme)
    if not ranked or best[ranked[0].id] < CANDIDATE_SCORE:
        return ProgrammeLookup(None, [])
    top = best[ranked[0].id]
    runner_up = best[ranked[1].id] if len(ranked) > 1 else 0.0
    if top >= MATCH_SCORE and top - runner_up >= CLEAR_MARGIN:
        return ProgrammeLookup(ranked[0], [])
    return ProgrammeLookup(None, [p for p in ranked if best[p.id] >= CANDIDATE_SCORE][:3])


# Words that name a topic rather than a programme; a name made only of these is no mention.
_GENERIC_WORDS = frozenset(
    [
        "e",
        "government",
        "digital",
        "digitale",
        "digitales",
        "digitalisierung",
        "foerderung",
        "foerderprogramm",
        "programm",
        "kommunen",
        "kommune",
        "verwaltung",
        "elektronische",
        "ozg",
        "breitband",
        "glasfaser",
        "smart",
        "city",
        "gigabit",
        "richtlinie",
        "schule",
        "schulen",
        "klimaschutz",
        "mobilitaet",
        "wlan",
        "internet",
    ]
)


def _label_forms(programme: Programme) -> Tuple[Tuple[str, Optional[str]], ...]:
    """(folded form, raw form to match case-sensitively) of the names a message may use for the programme:
    the name (also without its bracket and without a trailing Land) and the short names. Short forms
    ("WIR!", "KRL") count only as written, so the word "wir" never names a programme."""
    return _forms_of_names(programme.name, tuple(programme.short_names))


# Every message is checked against every programme's names: computed once per name (the profile of a
# loaded action server showed 13 % of its time in recomputing them).
@lru_cache(maxsize=1024)
def _forms_of_names(name: str, short_names: Tuple[str, ...]) -> Tuple[Tuple[str, Optional[str]], ...]:
    names = [name, re.sub(r"\s*\([^)]*\)", "", name), *short_names]
    forms: Dict[str, Optional[str]] = {}
    for label in names:
        folded = fold(label)
        words = folded.split()
        without_land = " ".join(words[:-1]) if len(words) > 2 and words[-1] in STATE_VARIANTS else folded
        for form in (folded, without_land):
            if set(form.split()) <= _GENERIC_WORDS:
                continue  # "E-Government", "Digitale Schule": a topic, not a programme's name
            if len(form) >= 5:
                forms.setdefault(form, None)
            elif len(form) >= 2:
                forms.setdefault(form, label.strip(" !"))
    return tuple(forms.items())


def mentioned_programmes(text: str, programmes: Sequence[Programme], land: Optional[str] = None) -> List[Programme]:
    """Programmes a message names ("Ist Starke Heimat Hessen noch offen?"), most specific first.

    Word-bounded matches of names and short names; of equally long matches the one in ``land``
    comes first, then nationwide ones, so "LEADER" means the user's Land's LEADER programme.
    """
    folded = f" {fold(text)} "
    found: List[Tuple[int, int, str, Programme]] = []
    for programme in programmes:
        lengths = [
            len(form)
            for form, raw in _label_forms(programme)
            if f" {form} " in folded and (raw is None or re.search(rf"(?<!\w){re.escape(raw)}(?!\w)", text))
        ]
        if lengths and land and programme.states and land not in programme.states:
            continue  # another Land's programme: "E-Government MV" is not meant by a Kommune in Thüringen
        if lengths:
            local = 0 if land and land in programme.states else (1 if not programme.states else 2)
            found.append((-max(lengths), local, programme.name, programme))
    return [entry[3] for entry in sorted(found, key=lambda e: e[:3])]
