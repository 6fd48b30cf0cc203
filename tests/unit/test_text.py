"""Text helpers the actions use."""

import datetime as dt

import pytest

from actions.text import first_sentence, quote_user_text, stand_and_source
from tests.unit.kb_builders import example, programme, value_limits


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Bis 2,5 Mio. EUR je Vorhaben. Aktuell 80 %.", "Bis 2,5 Mio. EUR je Vorhaben."),
        ("Zuschuss, z. B. für Planung. Mehr dazu", "Zuschuss, z. B. für Planung."),
        ("Frist 31.03.2026. Danach neuer Aufruf", "Frist 31.03.2026."),
        ("Im 1. Schritt wird geprüft", "Im 1. Schritt wird geprüft"),
        ("bis 80 % der Kosten", "bis 80 % der Kosten"),
        ("unbekannt", "unbekannt"),
        ("Einzelne Aufrufe; Fristen je Aufruf", "Einzelne Aufrufe; Fristen je Aufruf"),
    ],
)
def test_first_sentence(text, expected):
    assert first_sentence(text) == expected


def test_first_sentence_is_shortened():
    assert len(first_sentence("Wort " * 100, limit=50)) <= 50


@pytest.mark.parametrize(
    "value, expected",
    [
        ("Bayern", "„Bayern“"),
        ("<b>Bay</b><script>x</script>", "„Bayx“"),
        ("a & b", "„a &amp; b“"),
        ("", "Diese Angabe"),
        (None, "Diese Angabe"),
    ],
)
def test_quote_user_text(value, expected):
    assert quote_user_text(value) == expected


def test_quote_user_text_is_short():
    assert len(quote_user_text("x" * 5000)) <= 62


def test_stand_and_source():
    entry = programme("P", stand=dt.date(2026, 3, 5), source_url="https://example.org")
    assert stand_and_source(entry, dt.date(2026, 11, 25)) == "Stand: 03/2026 · Quelle: https://example.org"


@pytest.mark.parametrize(
    "entry, flag",
    [
        (programme("P", stand=dt.date(2024, 3, 5)), "(älter als 12 Monate – beim Fördergeber prüfen)"),
        (
            programme("P", stand=dt.date(2025, 8, 22), deadlines=[dt.date(2025, 9, 5), dt.date(2025, 11, 7)]),
            "(letzte Frist 07.11.2025 vorbei – beim Fördergeber prüfen)",
        ),
        (example("E", stand=dt.date(2021, 5, 1)), "(älter als 12 Monate – Stand der Quelle)"),
        (
            value_limits("Hamburg", stand=dt.date(2024, 1, 1)),
            "(älter als 12 Monate – in der geltenden Landesvorschrift prüfen)",
        ),
    ],
)
def test_stale_facts_are_flagged_in_the_words_of_their_kind(entry, flag):
    line = stand_and_source(entry, dt.date(2026, 11, 25))
    assert f"{entry.stand:%m/%Y} {flag}" in line and line.endswith(f"Quelle: {entry.source_url}")


def test_a_fact_valid_until_2027_carries_no_flag_in_2026():
    entry = value_limits("Bayern", stand=dt.date(2025, 1, 1), valid_until=dt.date(2029, 12, 31))
    assert stand_and_source(entry, dt.date(2026, 11, 25)) == f"Stand: 01/2025 · Quelle: {entry.source_url}"
