"""Small synthetic knowledge-base entries for tests of the query logic."""

from __future__ import annotations

import datetime as dt
from typing import Any

from knowledge.schema import Programme


def programme(id: str, **overrides: Any) -> Programme:
    fields = dict(
        id=id,
        name=f"Programm {id}",
        short_names=[],
        funder="Testministerium",
        level="Land",
        states=["Bayern"],
        applicants=["gemeinde", "stadt"],
        applicants_text="Gemeinden und Städte",
        task_areas=["verwaltung"],
        funding_type="Zuschuss",
        rate_text="bis 80 %",
        own_share_text="unbekannt",
        deadline_text="unbekannt",
        status="offen",
        how_to_apply="unbekannt",
        contact="unbekannt",
        description="Testprogramm.",
        source_url="https://example.org/programm",
        stand=dt.date(2026, 1, 1),
    )
    fields.update(overrides)
    return Programme.parse_obj(fields)
