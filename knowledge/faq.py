"""Narrow questions ("Wie lange dauert es bis zum Bescheid?") matched to short knowledge-base answers,
and the funding routes (regional, by application area, with a Hochschule) with their programmes."""

from __future__ import annotations

import datetime as dt
from typing import List, Optional, Sequence

from knowledge.funding import status_tier
from knowledge.schema import Faq, Level, Programme, Status

_LEVEL_ORDER = {Level.land.value: 0, Level.bund.value: 1, Level.eu.value: 2}
_STATUS_ORDER = {Status.offen.value: 0, Status.laufend_mit_stichtagen.value: 1, Status.unbekannt.value: 2}


GAP = " … "  # in a keyword: any words in between ("anfangen … bevor" matches "anfangen, bevor")


def _matched_length(keyword: str, text: str) -> int:
    """How many characters of ``keyword`` occur in ``text`` (0 if it does not match). A keyword with
    GAP matches when its parts occur in this order: people put the project between the verb and the
    conjunction ("schon mit dem Projekt anfangen, bevor …") and no list of phrasings can foresee it."""
    position = 0
    for part in keyword.split(GAP):
        found = text.find(part, position)
        if found < 0:
            return 0
        position = found + len(part)
    return len(keyword.replace(GAP, ""))


def find_faq(text: str, entries: Sequence[Faq]) -> Optional[Faq]:
    """The entry whose keywords occur in ``text`` most specifically (longest matched keyword), or None."""
    lowered = " ".join((text or "").lower().split())
    best: Optional[Faq] = None
    best_length = 0
    for entry in entries:
        for keyword in entry.keywords:
            length = _matched_length(keyword, lowered)
            if length > best_length:
                best, best_length = entry, length
    return best


def is_route(entry: Faq) -> bool:
    """A funding-route entry names the programmes on that route; it answers even a "welche …?" question."""
    return bool(entry.programmes)


# A question about funding routes is short; a long letter that mentions older people among many needs asks
# for the funding list, not for the route explanation.
ROUTE_QUESTION_MAX_WORDS = 30


def route_question(text: str, entries: Sequence[Faq]) -> Optional[Faq]:
    """The funding-route entry a short question asks about ("Welche Wege zur Förderung gibt es?"), or None."""
    entry = find_faq(text, entries)
    if entry is None or not is_route(entry) or len((text or "").split()) > ROUTE_QUESTION_MAX_WORDS:
        return None
    return entry


def route_programmes(
    entry: Faq, programmes: Sequence[Programme], state: Optional[str], today: Optional[dt.date] = None
) -> List[Programme]:
    """The programmes of a route that a Kommune in ``state`` could use: never closed ones, Land programmes
    only of its own Land (none without a Land). Open ones first (as in the funding search: unknown status and
    a passed last deadline after them), within that its Land, then Bund, then EU."""
    when = today or dt.date.today()
    by_id = {p.id: p for p in programmes}
    usable = [
        p
        for p in (by_id[i] for i in entry.programmes if i in by_id)
        if p.status != Status.geschlossen.value and (not p.states or (state is not None and state in p.states))
    ]
    return sorted(
        usable,
        key=lambda p: (
            status_tier(p, when)[0],
            _STATUS_ORDER.get(str(p.status), 3),
            _LEVEL_ORDER.get(str(p.level), 3),
        ),
    )


def has_land_programmes(entry: Faq, programmes: Sequence[Programme]) -> bool:
    ids = set(entry.programmes)
    return any(p.id in ids and p.level == Level.land.value for p in programmes)
