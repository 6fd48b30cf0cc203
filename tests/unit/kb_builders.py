"""Small synthetic knowledge-base entries for tests of the query logic."""

from __future__ import annotations

import datetime as dt
from typing import Any

from knowledge.schema import Example, Programme, ValueLimits


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


def example(id: str, **overrides: Any) -> Example:
    fields = dict(
        id=id,
        municipality="Musterstadt",
        state="Bayern",
        task_areas=["verwaltung"],
        title=f"Beispiel {id}",
        description="Testbeispiel.",
        benefit="unbekannt",
        partners_funding="unbekannt",
        source_url="https://example.org/beispiel",
        stand=dt.date(2026, 1, 1),
    )
    fields.update(overrides)
    return Example.parse_obj(fields)


def value_limits(id: str, **overrides: Any) -> ValueLimits:
    fields = dict(
        id=id,
        direct_award_supplies=1000,
        direct_award_works=50000,
        restricted_without_competition_supplies="unbekannt",
        negotiated_supplies="unbekannt",
        restricted_works=150000,
        negotiated_works=100000,
        legal_basis="Testvorschrift",
        applies_to_municipalities="ja",
        valid_text="unbekannt",
        source_url="https://example.org/wertgrenzen",
        stand=dt.date(2026, 1, 1),
    )
    fields.update(overrides)
    return ValueLimits.parse_obj(fields)
