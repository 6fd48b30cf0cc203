"""Everyday need words (knowledge/needs.py) and narrow FAQ questions (knowledge/faq.py)."""

import datetime as dt

import pytest

from knowledge.faq import find_faq
from knowledge.needs import NEEDS, find_needs
from knowledge.schema import Faq
from knowledge.vocabulary import TASK_AREAS


@pytest.mark.parametrize(
    "text, key, area",
    [
        ("Beispiele für Bürgerbeteiligung", "beteiligung", "verwaltung"),
        ("Wie machen andere die Terminbuchung?", "termin", "verwaltung"),
        ("WLAN in der Schule", "schul_digital", "bildung"),
        ("Digitale Parkplatzsuche", "parken", "mobilitaet"),
        ("Kitaplatzvergabe digital", "kita", "bildung"),
        ("TELEMEDIZIN auf dem Land", "telemedizin", "gesundheit"),
    ],
)
def test_find_needs(text, key, area):
    needs = find_needs(text)
    assert needs and needs[0].key == key and needs[0].task_areas[0] == area


def test_longest_phrase_wins_and_every_need_is_listed():
    assert [n.key for n in find_needs("freies WLAN in der Schule")][0] == "schul_digital"
    assert {n.key for n in find_needs("Parkplatzsuche in der Innenstadt")} == {"parken", "leerstand"}


@pytest.mark.parametrize("text", ["Hallo", "", None, "Welche Förderprogramme gibt es?", "Schwellenwerte"])
def test_no_need(text):
    assert find_needs(text) == []


def test_needs_are_well_formed():
    keys = [need.key for need in NEEDS]
    assert len(keys) == len(set(keys))
    for need in NEEDS:
        assert need.task_areas and set(need.task_areas) <= set(TASK_AREAS), need.key
        assert need.phrases and all(p == p.lower() and p.strip() == p for p in need.phrases), need.key
        assert need.example_stems and all(s == s.lower() for s in need.example_stems), need.key


def test_a_cost_share_is_not_citizen_participation():
    assert find_needs("Wie hoch ist die Kostenbeteiligung der Kommune?") == []


# --- FAQ lookup, on synthetic entries ------------------------------------------------------------


def faq(id, *keywords):
    return Faq(
        id=id,
        question="?",
        keywords=list(keywords),
        answer=f"Antwort {id}.",
        details=f"Details {id}.",
        source_url="https://example.org/faq",
        stand=dt.date(2026, 1, 1),
    )


ENTRIES = [
    faq("beginn", "vorzeitig", "maßnahmenbeginn"),
    faq("dauer", "bis zum bescheid", "bearbeitungszeit"),
    faq("eigen", "eigenanteil"),
]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Dürfen wir vorzeitig anfangen?", "beginn"),
        ("Wie lange ist die BEARBEITUNGSZEIT?", "dauer"),
        ("Wie lange   dauert es bis zum   Bescheid?", "dauer"),
        ("Wie hoch ist der Eigenanteil?", "eigen"),
        ("Hallo", None),
        ("", None),
        (None, None),
    ],
)
def test_find_faq(text, expected):
    found = find_faq(text, ENTRIES)
    assert (found.id if found else None) == expected


def test_the_most_specific_keyword_wins():
    entries = [faq("kurz", "bescheid"), faq("lang", "vor dem bescheid")]
    assert find_faq("Dürfen wir vor dem Bescheid anfangen?", entries).id == "lang"
    assert find_faq("Dürfen wir vor dem Bescheid anfangen?", entries[::-1]).id == "lang"


def test_keywords_are_stored_lower_case():
    assert faq("x", "Maßnahmenbeginn").keywords == ["maßnahmenbeginn"]
