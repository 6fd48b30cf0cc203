"""Small helpers for the German text the actions send."""

from __future__ import annotations

import datetime as dt
import html
import json
import re
from typing import Any, Optional

from knowledge.freshness import flag
from knowledge.schema import Entry

_TAG = re.compile(r"<[^>]*>")
MAX_QUOTE = 60


def quote_user_text(value: Any) -> str:
    """Echo what the user typed safely: tags removed, escaped, shortened, in German quotes."""
    text = _TAG.sub("", str(value if value is not None else "")).strip()
    text = re.sub(r"\s+", " ", text)
    if len(text) > MAX_QUOTE:
        text = text[: MAX_QUOTE - 1].rstrip() + "…"
    return f"„{html.escape(text, quote=False)}“" if text else "Diese Angabe"


def stand_and_source(entry: Entry, today: Optional[dt.date] = None, flag_stale: bool = True) -> str:
    """The line every fact carries: "Stand: 03/2026 · Quelle: https://…"; a stale fact says why and
    what to check, e.g. "Stand: 08/2025 (Frist 07.11.2025 vorbei – beim Fördergeber prüfen)".
    flag_stale=False where an "Achtung" line above already asks the user to check the programme."""
    note = flag(entry, today or dt.date.today()) if flag_stale else ""
    return f"Stand: {entry.stand:%m/%Y}{f' ({note})' if note else ''} · Quelle: {entry.source_url}"


_ABBREVIATIONS = {
    "mio",
    "mrd",
    "tsd",
    "ca",
    "bzw",
    "b",
    "a",
    "h",
    "nr",
    "abs",
    "ggf",
    "evtl",
    "inkl",
    "max",
    "min",
    "vgl",
    "st",
    "dr",
    "u",
    "z",
}
_SENTENCE_END = re.compile(r"[.!?]\s+(?=[A-ZÄÖÜ])")


def first_sentence(text: str, limit: int = 160) -> str:
    """The first sentence of a long knowledge-base text, for lists; details show the whole text."""
    text = " ".join(text.split())
    short = text
    for match in _SENTENCE_END.finditer(text):
        word = re.split(r"[\s(]", text[: match.start()])[-1].lower()
        if text[match.start()] == "." and (word in _ABBREVIATIONS or word.isdigit()):
            continue  # "2,5 Mio. EUR", "z. B. Planung", "1. Schritt"
        short = text[: match.start() + 1]
        break
    if len(short) > limit:
        short = short[: limit - 1].rsplit(" ", 1)[0] + " …"
    return short


def payload(intent: str, **entities: object) -> str:
    """A button payload such as /inform{"municipality_type": "stadt"} (JSON built by json.dumps)."""
    return f"/{intent}{json.dumps(entities, ensure_ascii=False)}" if entities else f"/{intent}"
