"""Is a fact still current? Its validity where the source gives one, its age otherwise.

A fact is stale when
- its ``valid_until`` has passed (a regulation or limit that ran out),
- the last of its ``deadlines`` has passed (a programme call that closed), or
- no end is known and its Stand is more than 12 months old.
A known end in the future keeps a fact current however old its Stand is: the EU thresholds
checked in 10/2025 stay valid until 31.12.2027. The flag a user reads names what to check,
in words that fit the kind of fact.
"""

from __future__ import annotations

import datetime as dt
from dataclasses import dataclass
from typing import Dict, List, Optional, Set

from pydantic import BaseModel

from knowledge.loader import SECTIONS, KnowledgeBase
from knowledge.schema import Entry, EuThresholds, Programme, Status

MAX_AGE_MONTHS = 12
SOON_DAYS = 60  # "soon to expire": an editor's working horizon, not a legal period

# What the user should do about a stale fact, by section of the knowledge base.
ADVICE: Dict[str, str] = {
    "programmes": "beim Fördergeber prüfen",
    "value_limits": "in der geltenden Landesvorschrift prüfen",
    "eu_thresholds": "aktuelle EU-Schwellenwerte prüfen",
    "topics": "in der geltenden Vorschrift prüfen",
    "contacts": "auf der Website der Stelle prüfen",
    "guides": "an der Quelle prüfen",
    "faq": "an der Quelle prüfen",
    "examples": "Stand der Quelle",  # an example describes what was done then; nothing to apply
}
_KIND_OF_MODEL = {model: section for section, model in SECTIONS.items()}

# Why an entry is stale, for tools: its validity ended, its last deadline passed, or it is old.
EXPIRED, DEADLINE_PASSED, AGED = "expired", "deadline_passed", "aged"


@dataclass(frozen=True)
class Freshness:
    stale: bool
    reason: str  # German, short: "gültig bis 31.12.2025", "letzte Frist 07.11.2025 vorbei", "älter als 12 Monate"
    code: Optional[str]  # EXPIRED, DEADLINE_PASSED, AGED, or None while current
    due: Optional[dt.date]  # the day the fact stops being current (None: never, e.g. a closed programme)

    def expires_within(self, today: dt.date, days: int = SOON_DAYS) -> bool:
        return not self.stale and self.due is not None and self.due <= today + dt.timedelta(days=days)


def kind_of(entry: BaseModel) -> str:
    """The knowledge-base section an entry belongs to ("programmes", "value_limits", …)."""
    return _KIND_OF_MODEL[type(entry)]


def age_limit(stand: dt.date) -> dt.date:
    """The first day on which a fact with this Stand is older than 12 months."""
    try:
        return stand.replace(year=stand.year + MAX_AGE_MONTHS // 12) + dt.timedelta(days=1)
    except ValueError:  # 29 February
        return stand.replace(year=stand.year + MAX_AGE_MONTHS // 12, day=28) + dt.timedelta(days=1)


def last_deadline(entry: Entry) -> Optional[dt.date]:
    return max(entry.deadlines) if isinstance(entry, Programme) and entry.deadlines else None


def check(entry: Entry, today: dt.date) -> Freshness:
    """Is this entry current today, and until when?"""
    if isinstance(entry, Programme) and entry.status == Status.geschlossen.value:
        # The answer already says the programme has ended; that fact does not age.
        return Freshness(False, "", None, None)
    deadline = last_deadline(entry)
    if entry.valid_until is not None and entry.valid_until < today:
        return Freshness(True, f"gültig bis {entry.valid_until:%d.%m.%Y}", EXPIRED, entry.valid_until)
    if deadline is not None and deadline < today:
        word = "letzte Frist" if isinstance(entry, Programme) and len(entry.deadlines) > 1 else "Frist"
        return Freshness(True, f"{word} {deadline:%d.%m.%Y} vorbei", DEADLINE_PASSED, deadline)
    ends = [day for day in (entry.valid_until, deadline) if day is not None]
    if ends:
        # The day after the end is the first day the fact no longer holds.
        return Freshness(False, "", None, min(ends) + dt.timedelta(days=1))
    limit = age_limit(entry.stand)
    if today >= limit:
        return Freshness(True, f"älter als {MAX_AGE_MONTHS} Monate", AGED, limit)
    return Freshness(False, "", None, limit)


def is_stale(entry: Entry, today: dt.date) -> bool:
    return check(entry, today).stale


def flag(entry: Entry, today: dt.date) -> str:
    """The words behind "Stand: 03/2024" when the fact is stale, e.g. "älter als 12 Monate – beim
    Fördergeber prüfen"; empty while it is current."""
    state = check(entry, today)
    if not state.stale:
        return ""
    kind = kind_of(entry)
    advice = ADVICE.get(kind, "an der Quelle prüfen")
    if kind == "value_limits" and entry.id == "Bund":
        advice = "in der geltenden Vorschrift prüfen"
    return f"{state.reason} – {advice}"


def superseded(kb: KnowledgeBase, today: dt.date) -> Set[str]:
    """EU threshold periods that have ended and been replaced by a period in force: kept for dates
    in the past, never shown for today, so nobody needs to check them."""
    periods = kb.eu_thresholds
    current = [t for t in periods if t.valid_from <= today <= t.valid_until]
    return {t.id for t in periods if t.valid_until < today and any(c.valid_from > t.valid_until for c in current)}


def needs_no_check(entry: Entry, superseded_ids: Set[str]) -> bool:
    """Closed programmes and replaced EU threshold periods: facts about the past that cannot go stale."""
    if isinstance(entry, Programme):
        return entry.status == Status.geschlossen.value
    return isinstance(entry, EuThresholds) and entry.id in superseded_ids


def freshness_by_kind(kb: KnowledgeBase, today: dt.date) -> Dict[str, Dict[str, float]]:
    """Per section: entries that can go stale, how many are stale (and their share), how many expire
    within SOON_DAYS; closed programmes and replaced periods are counted apart, as "archived"."""
    skip = superseded(kb, today)
    figures: Dict[str, Dict[str, float]] = {}
    for section in SECTIONS:
        entries: List[Entry] = getattr(kb, section)
        states = [check(e, today) for e in entries if not needs_no_check(e, skip)]
        stale = sum(s.stale for s in states)
        figures[section] = {
            "entries": len(states),
            "stale": stale,
            "stale_share": round(stale / len(states), 3) if states else 0.0,
            "expiring_soon": sum(s.expires_within(today) for s in states),
            "archived": len(entries) - len(states),
        }
    return figures
