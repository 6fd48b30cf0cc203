"""Small helpers for the German text the actions send."""
from __future__ import annotations

import datetime as dt
import html
import re
from typing import Any

_TAG = re.compile(r"<[^>]*>")
MAX_QUOTE = 60


def quote_user_text(value: Any) -> str:
    """Echo what the user typed safely: tags removed, escaped, shortened, in German quotes."""
    text = _TAG.sub("", str(value if value is not None else "")).strip()
    text = re.sub(r"\s+", " ", text)
    if len(text) > MAX_QUOTE:
        text = text[: MAX_QUOTE - 1].rstrip() + "…"
    return f"„{html.escape(text, quote=False)}“" if text else "Diese Angabe"


def stand_and_source(stand: dt.date, source_url: str) -> str:
    """The line every fact carries: "Stand: 03/2026 · Quelle: https://…"."""
    return f"Stand: {stand:%m/%Y} · Quelle: {source_url}"
