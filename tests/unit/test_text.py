"""Text helpers the actions use."""

import datetime as dt

import pytest

from actions.text import first_sentence, quote_user_text, stand_and_source


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
    today = dt.date(2026, 11, 25)
    assert (
        stand_and_source(dt.date(2026, 3, 5), "https://example.org", today)
        == "Stand: 03/2026 · Quelle: https://example.org"
    )


def test_old_stand_is_flagged():
    line = stand_and_source(dt.date(2024, 3, 5), "https://example.org", dt.date(2026, 11, 25))
    assert line.startswith("Stand: 03/2024 (älter als 12 Monate") and line.endswith("Quelle: https://example.org")
