"""Narrow questions ("Wie lange dauert es bis zum Bescheid?") matched to short knowledge-base answers."""

from __future__ import annotations

from typing import Optional, Sequence

from knowledge.schema import Faq


def find_faq(text: str, entries: Sequence[Faq]) -> Optional[Faq]:
    """The entry whose keywords occur in ``text`` most specifically (longest matched keyword), or None."""
    lowered = " ".join((text or "").lower().split())
    best: Optional[Faq] = None
    best_length = 0
    for entry in entries:
        for keyword in entry.keywords:
            if keyword in lowered and len(keyword) > best_length:
                best, best_length = entry, len(keyword)
    return best
