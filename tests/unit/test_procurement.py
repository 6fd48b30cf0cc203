"""threshold_check: EU threshold boundaries, works vs supplies, Land value limits."""

import datetime as dt

import pytest

from knowledge import load
from knowledge.procurement import SUPPLIES, WORKS, current_thresholds, limit_text, threshold_check

KB = load()
TODAY = dt.date(2026, 11, 25)


def check(amount, kind=SUPPLIES, land=None, gross=False, today=TODAY):
    return threshold_check(amount, kind, KB.eu_thresholds, KB.value_limits, land, gross, today)


@pytest.mark.parametrize(
    "amount, kind, eu_wide",
    [
        (215_999, SUPPLIES, False),
        (216_000, SUPPLIES, True),
        (216_000, WORKS, False),
        (5_403_999, WORKS, False),
        (5_404_000, WORKS, True),
        (80_000, SUPPLIES, False),
    ],
)
def test_eu_threshold_boundaries(amount, kind, eu_wide):
    result = check(amount, kind)
    assert result.eu_wide is eu_wide
    assert result.threshold == (216_000 if kind == SUPPLIES else 5_404_000)


def test_thresholds_of_the_period_in_force():
    assert current_thresholds(KB.eu_thresholds, dt.date(2025, 6, 1)).supplies_services == 221_000
    assert current_thresholds(KB.eu_thresholds, TODAY).supplies_services == 216_000


def test_above_threshold_lists_eu_procedures():
    result = check(250_000)
    assert any(p == "offenes Verfahren" for p in result.procedures)
    assert any(p.startswith("Innovationspartnerschaft") for p in result.procedures)
    assert result.limit_lines == []


def test_below_threshold_with_land_limits():
    result = check(80_000, land="Bayern")
    assert result.limits.id == "Bayern"
    direct = next(line for line in result.limit_lines if line.label == "Direktauftrag")
    assert direct.limit == 100_000 and direct.applies
    assert "Direktauftrag" in result.procedures


def test_direct_award_limit_boundary_in_bayern():
    assert "Direktauftrag" in check(100_000, land="Bayern").procedures
    assert "Direktauftrag" not in check(100_001, land="Bayern").procedures


def test_unknown_limits_are_never_applied():
    result = check(500, land="Sachsen")
    assert all(not line.applies for line in result.limit_lines if line.limit == "unbekannt")
    assert any("Landesrecht prüfen" in note for note in result.notes)


def test_without_land_no_limit_is_claimed():
    result = check(50_000)
    assert result.limits is None and result.limit_lines == []
    assert any("Bundesland" in note for note in result.notes)


def test_thresholds_are_net_and_gross_is_flagged():
    assert any("netto" in note for note in check(50_000).notes)
    assert any("Bruttobetrag" in note for note in check(50_000, gross=True).notes)


def test_invalid_kind():
    with pytest.raises(ValueError):
        check(1000, kind="miete")


@pytest.mark.parametrize(
    "limit, text",
    [
        (100_000, "bis 100.000 €"),
        ("bis_eu_schwelle", "bis unter den EU-Schwellenwert"),
        ("unbekannt", "unbekannt (Landesrecht prüfen)"),
    ],
)
def test_limit_text(limit, text):
    assert limit_text(limit) == text


# --- VOB/A since 01.01.2026 (BAnz AT 16.12.2025 B7): Direktauftrag Bau 50.000, freihändig 100.000, beschränkt
# ohne Teilnahmewettbewerb einheitlich 150.000 Euro. Länder without their own works value follow it.

VOB_A_LANDS = ("Berlin", "Hamburg")


@pytest.mark.parametrize("land", VOB_A_LANDS)
def test_works_contract_of_45000_is_a_permitted_direct_award_where_the_vob_a_applies(land):
    result = check(45_000, WORKS, land=land)
    direct = next(line for line in result.limit_lines if line.label == "Direktauftrag")
    assert direct.limit == 50_000 and direct.applies
    assert "Direktauftrag" in result.procedures


@pytest.mark.parametrize("land", VOB_A_LANDS)
def test_works_contract_of_55000_is_no_direct_award_where_the_vob_a_applies(land):
    result = check(55_000, WORKS, land=land)
    assert "Direktauftrag" not in result.procedures
    assert not next(line for line in result.limit_lines if line.label == "Direktauftrag").applies


def test_bund_works_values_follow_the_vob_a_2026():
    bund = next(v for v in KB.value_limits if v.id == "Bund")
    assert (bund.direct_award_works, bund.negotiated_works, bund.restricted_works) == (50_000, 100_000, 150_000)
    assert bund.valid_from == dt.date(2026, 1, 1)


def test_no_land_keeps_the_old_vob_a_direct_award_of_3000():
    assert all(v.direct_award_works != 3_000 for v in KB.value_limits)


def test_lands_with_own_higher_works_values_keep_them():
    limits = {v.id: v for v in KB.value_limits}
    assert limits["Bayern"].direct_award_works == 250_000
    assert limits["Brandenburg"].direct_award_works == 100_000
    assert limits["Sachsen"].direct_award_works == "unbekannt"
