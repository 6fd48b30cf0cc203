"""Validity-based staleness: a known end decides, the age of the Stand only where none is known."""

import datetime as dt

import pytest

from knowledge import load
from knowledge.freshness import (
    AGED,
    DEADLINE_PASSED,
    EXPIRED,
    check,
    flag,
    freshness_by_kind,
    is_stale,
    superseded,
)
from knowledge.schema import ValueLimits
from tests.unit.kb_builders import example, programme, value_limits

KB = load()
TODAY = dt.date(2026, 11, 25)


@pytest.mark.parametrize(
    "stand, stale",
    [(dt.date(2025, 11, 24), True), (dt.date(2025, 11, 25), False), (dt.date(2026, 6, 1), False)],
)
def test_without_a_known_end_a_fact_is_stale_after_12_months(stand, stale):
    state = check(programme("P", stand=stand), TODAY)
    assert state.stale is stale and state.code == (AGED if stale else None)


def test_an_entry_valid_until_2027_is_not_flagged_in_2026():
    entry = value_limits("Baden-Württemberg", stand=dt.date(2025, 1, 1), valid_until=dt.date(2027, 10, 1))
    assert not is_stale(entry, TODAY) and flag(entry, TODAY) == ""
    assert check(entry, TODAY).due == dt.date(2027, 10, 2)


def test_an_entry_past_its_valid_until_is_flagged():
    entry = value_limits("Bund", stand=dt.date(2026, 1, 13), valid_until=dt.date(2026, 3, 31))
    state = check(entry, TODAY)
    assert state.stale and state.code == EXPIRED and state.reason == "gültig bis 31.03.2026"
    assert flag(entry, TODAY) == "gültig bis 31.03.2026 – in der geltenden Vorschrift prüfen"


def test_a_programme_past_its_last_deadline_is_flagged_even_with_a_recent_stand():
    entry = programme("P", stand=dt.date(2026, 9, 1), deadlines=[dt.date(2026, 10, 1), dt.date(2026, 11, 1)])
    state = check(entry, TODAY)
    assert state.stale and state.code == DEADLINE_PASSED
    assert flag(entry, TODAY) == "letzte Frist 01.11.2026 vorbei – beim Fördergeber prüfen"


def test_a_future_deadline_keeps_an_old_programme_current():
    entry = programme("P", stand=dt.date(2024, 7, 31), deadlines=[dt.date(2029, 6, 30)])
    assert not is_stale(entry, TODAY)


def test_a_closed_programme_never_goes_stale():
    entry = programme("P", status="geschlossen", stand=dt.date(2020, 1, 1), deadlines=[dt.date(2020, 6, 1)])
    assert not is_stale(entry, TODAY) and check(entry, TODAY).due is None


def test_expiring_soon_covers_validity_ends_and_ageing_within_60_days():
    assert check(programme("P", deadlines=[dt.date(2026, 12, 31)]), TODAY).expires_within(TODAY)
    assert check(programme("P", stand=dt.date(2025, 12, 20)), TODAY).expires_within(TODAY)
    assert not check(programme("P", stand=dt.date(2026, 6, 1)), TODAY).expires_within(TODAY)


def test_examples_say_stand_der_quelle():
    assert flag(example("E", stand=dt.date(2021, 5, 1)), TODAY) == "älter als 12 Monate – Stand der Quelle"


def test_valid_until_before_valid_from_is_refused():
    with pytest.raises(ValueError, match="liegt vor valid_from"):
        ValueLimits.parse_obj(
            {**value_limits("Bayern").dict(), "valid_from": dt.date(2026, 1, 1), "valid_until": dt.date(2025, 1, 1)}
        )


# --- the real knowledge base ------------------------------------------------------------------


def test_eu_thresholds_2026_27_stay_current_in_2026_and_the_old_period_is_archived():
    current = next(t for t in KB.eu_thresholds if t.id == "eu-2026-2027")
    assert current.stand < dt.date(2025, 11, 25) and not is_stale(current, TODAY)
    assert is_stale(current, dt.date(2028, 1, 1))
    assert superseded(KB, TODAY) == {"eu-2024-2025"}


def test_hessen_call_with_2025_deadlines_is_flagged():
    hessen = next(p for p in KB.programmes if p.id == "HE-01")
    assert flag(hessen, TODAY) == "letzte Frist 07.11.2025 vorbei – beim Fördergeber prüfen"


def test_freshness_by_kind_reports_shares():
    figures = freshness_by_kind(KB, TODAY)
    assert set(figures) >= {"programmes", "value_limits", "examples", "eu_thresholds"}
    for kind in figures.values():
        assert 0 <= kind["stale"] <= kind["entries"]
        assert kind["stale_share"] == (round(kind["stale"] / kind["entries"], 3) if kind["entries"] else 0.0)
    assert figures["eu_thresholds"] == {
        "entries": 1,
        "stale": 0,
        "stale_share": 0.0,
        "expiring_soon": 0,
        "archived": 1,
    }
    closed = sum(p.status == "geschlossen" for p in KB.programmes)
    assert figures["programmes"]["archived"] == closed
