"""Table-driven tests of the German number, Land, type and task-area parsing (contract values: test_amounts.py)."""

import pytest

from knowledge.parsing import (
    clean_name,
    find_municipality_type,
    find_population,
    find_state,
    format_number,
    is_what_if,
    normalize_municipality_type,
    normalize_state,
    normalize_task_area,
    parse_german_number,
    state_in,
)
from knowledge.profile import Profile
from knowledge.vocabulary import STATE_FORMS, in_land


@pytest.mark.parametrize(
    "text, expected",
    [
        ("12.500", 12500),
        ("12 500", 12500),
        ("12\u00a0500", 12500),
        ("ca. 8 Tsd.", 8000),
        ("rund 12.000", 12000),
        ("1,2 Mio.", 1_200_000),
        ("knapp 5000 EW", 5000),
        ("3 Millionen", 3_000_000),
        ("40.000 Einwohnern", 40000),
        ("80.000,50 €", 80000.5),
        ("1.234.567,89", 1234567.89),
        ("0", 0),
        ("8,5 tausend", 8500),
        ("Wir haben 250000 Einwohner", 250000),
    ],
)
def test_german_numbers(text, expected):
    assert parse_german_number(text) == pytest.approx(expected)


@pytest.mark.parametrize("text", ["", "zwölf", "viele", "keine Ahnung", None])
def test_no_number(text):
    assert parse_german_number(text) is None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Bayern", "Bayern"),
        ("NRW", "Nordrhein-Westfalen"),
        ("nordrhein westfalen", "Nordrhein-Westfalen"),
        ("BW", "Baden-Württemberg"),
        ("BaWü", "Baden-Württemberg"),
        ("Baden-Wuerttemberg", "Baden-Württemberg"),
        ("RLP", "Rheinland-Pfalz"),
        ("MV", "Mecklenburg-Vorpommern"),
        ("Meck-Pomm", "Mecklenburg-Vorpommern"),
        ("S-H", "Schleswig-Holstein"),
        ("LSA", "Sachsen-Anhalt"),
        ("bayerische", "Bayern"),
        ("hessischen", "Hessen"),
        ("sächsischen", "Sachsen"),
        ("niedersächsische", "Niedersachsen"),
        ("Thueringen", "Thüringen"),
        ("Sachsen", "Sachsen"),
        ("Sachsen-Anhalt", "Sachsen-Anhalt"),
        ("Niedersachsen", "Niedersachsen"),
        ("Bayerrn", "Bayern"),
        ("Oberbayern", "Bayern"),
        ("Münsterland", "Nordrhein-Westfalen"),
        ("Ostfriesland", "Niedersachsen"),
        ("Erzgebirge", "Sachsen"),
        ("Altmark", "Sachsen-Anhalt"),
    ],
)
def test_states(text, expected):
    assert normalize_state(text) == expected


@pytest.mark.parametrize("text", ["Atlantis", "Österreich", "", "Wien", "xy", "Allgäu", "Harz"])
def test_unknown_states(text):
    assert normalize_state(text) is None


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Gemeinde", "gemeinde"),
        ("Marktgemeinde", "gemeinde"),
        ("Markt", "gemeinde"),
        ("Stadt", "stadt"),
        ("Große Kreisstadt", "stadt"),
        ("Kreisstadt", "stadt"),
        ("Kreis", "landkreis"),
        ("Landkreis", "landkreis"),
        ("Amt", "amt"),
        ("Verbandsgemeinde", "verbandsgemeinde"),
        ("Samtgemeinde", "samtgemeinde"),
        ("Zweckverband", "zweckverband"),
    ],
)
def test_municipality_types(text, expected):
    assert normalize_municipality_type(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Verwaltung", "verwaltung"),
        ("Mobilität", "mobilitaet"),
        ("ÖPNV", "mobilitaet"),
        ("Glasfaser", "breitband"),
        ("Schulen", "bildung"),
        ("wohnen", "wohnen"),
        ("Klimaschutz", "energie"),
    ],
)
def test_task_areas(text, expected):
    assert normalize_task_area(text) == expected


def test_unknown_task_area():
    assert normalize_task_area("Raumfahrt") is None


@pytest.mark.parametrize("value, text", [(12500, "12.500"), (216000, "216.000"), (5404000, "5.404.000"), (1.5, "1,50")])
def test_format_number(value, text):
    assert format_number(value) == text


def test_every_form_of_the_vocabulary_is_a_land():
    wrong = {
        form: normalize_state(form)
        for state, forms in STATE_FORMS.items()
        for form in forms
        if normalize_state(form) != state
    }
    assert wrong == {}


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Wir sind in Bayern", "Bayern"),
        ("nicht Bayern, sondern Hessen", "Hessen"),
        ("Hessen statt Bayern", "Hessen"),
        ("aus dem Münsterland", "Nordrhein-Westfalen"),
        ("Niedersachsen", "Niedersachsen"),
        ("Wir sind eine Stadt", None),
        ("in by", None),
        ("", None),
    ],
)
def test_find_state(text, expected):
    assert find_state(text) == expected


@pytest.mark.parametrize("text", ["Wir sind eine Gemeinde in Sachsen-Anhalt", "gilt das auch in Sachsen-Anhalt?"])
def test_find_state_prefers_the_longer_name(text):
    assert find_state(text) == "Sachsen-Anhalt"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("eigentlich sind wir eine Stadt", "stadt"),
        ("kein Landkreis, sondern eine Stadt", "stadt"),
        ("Wir sind ein Markt", "gemeinde"),
        ("im Dorf", None),
    ],
)
def test_find_municipality_type(text, expected):
    assert find_municipality_type(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("mit 2.000 Einwohnern.", 2000),
        ("3.500 EW", 3500),
        ("knapp 12 Tsd. Menschen", 12000),
        ("Einwohnerzahl: 2 750", 2750),
        ("12 Tablets für 18.000 €", None),
        ("", None),
    ],
)
def test_find_population(text, expected):
    assert find_population(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("gilt das auch für Landkreise?", True),
        ("Gilt das auch in Hessen?", True),
        ("und für Städte?", True),
        ("und was ist mit Städten?", True),
        ("Wir sind eine Stadt", False),
        ("Wir sind in Hessen", False),
        ("", False),
    ],
)
def test_is_what_if(text, expected):
    assert is_what_if(text) is expected


@pytest.mark.parametrize(
    "text, name",
    [
        ("Stadt Olfen", "Olfen"),
        ("Gemeinde Wutach.", "Wutach"),
        ("Markt Indersdorf", "Indersdorf"),
        ("Bad Kreuznach", "Bad Kreuznach"),
    ],
)
def test_clean_name(text, name):
    assert clean_name(text) == name


def test_the_saarland_takes_its_article():
    assert in_land("Saarland") == "im Saarland" and in_land("Bayern") == "in Bayern" and in_land("Bund") == "beim Bund"
    assert Profile(federal_state="Saarland", municipality_type="gemeinde").describe() == "Gemeinde im Saarland"


@pytest.mark.parametrize(
    "text, tagged, expected",
    [
        ("foerderung fuer digitalisierung schule in sachsen anhalt?", "Sachsen", "Sachsen-Anhalt"),
        ("Wir sind in Sachsen-Anhalt", "Sachsen", "Sachsen-Anhalt"),
        ("Wir sind in Sachsen", "Sachsen", "Sachsen"),
        ("Hamburger Straße 3, wir sind eine Gemeinde in Hessen", "Hessen", "Hessen"),
        ("Programme in Bayern?", None, "Bayern"),
    ],
)
def test_state_in_prefers_the_longer_name_the_text_spells_out(text, tagged, expected):
    """Seen over REST: DIET tagged only "sachsen" in "in sachsen anhalt", and the bot searched Sachsen."""
    entities = []
    if tagged:
        start = text.lower().find(tagged.lower())
        entities = [{"entity": "federal_state", "value": tagged, "start": start, "end": start + len(tagged)}]
    assert state_in(text, entities) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("ne sorry, wir sind in Sachsn-Anhalt", "Sachsen-Anhalt"),  # the entity model did not tag it
        ("wir sind in Brandenbrug", "Brandenburg"),
        ("im Saarlnad", "Saarland"),
        ("in Sachen Digitalisierung", None),  # a phrase, not a misspelt Land
        ("wir sitzen in Essen", None),  # a town, not Hessen
        ("Förderung in der Gemeinde", None),
    ],
)
def test_a_misspelt_land_after_in_is_found_in_the_text(text, expected):
    assert find_state(text) == expected


@pytest.mark.parametrize(
    "text, expected",
    [
        ("Was wäre, wenn wir in Sachsen wären?", True),  # seen over REST: it changed the profile
        ("Angenommen, wir wären ein Landkreis?", True),
        ("wenn wir 5000 Einwohner hätten", True),
        ("Für Hinweise wären wir dankbar.", False),  # a polite letter states its profile
        ("Wir sind eine Gemeinde in Bayern.", False),
    ],
)
def test_a_hypothesis_is_no_statement_about_us(text, expected):
    from knowledge.parsing import is_what_if

    assert is_what_if(text) is expected
