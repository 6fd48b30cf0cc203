"""Table-driven tests of the German number, Land, type and task-area parsing."""
import pytest

from knowledge.parsing import (
    format_number,
    normalize_municipality_type,
    normalize_state,
    normalize_task_area,
    parse_amount,
    parse_german_number,
)


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
    "text, euros, gross",
    [
        ("80.000 €", 80000, False),
        ("80 000 Euro", 80000, False),
        ("80 Tsd.", 80000, False),
        ("1,2 Mio. €", 1_200_000, False),
        ("100.000 Euro brutto", 100000, True),
        ("216.000 € netto", 216000, False),
    ],
)
def test_amounts(text, euros, gross):
    amount = parse_amount(text)
    assert amount is not None
    assert amount.euros == pytest.approx(euros)
    assert amount.gross is gross


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
    [("Verwaltung", "verwaltung"), ("Mobilität", "mobilitaet"), ("ÖPNV", "mobilitaet"), ("Glasfaser", "breitband"),
     ("Schulen", "bildung"), ("wohnen", "wohnen"), ("Klimaschutz", "energie")],
)
def test_task_areas(text, expected):
    assert normalize_task_area(text) == expected


def test_unknown_task_area():
    assert normalize_task_area("Raumfahrt") is None


@pytest.mark.parametrize("value, text", [(12500, "12.500"), (216000, "216.000"), (5404000, "5.404.000"), (1.5, "1,50")])
def test_format_number(value, text):
    assert format_number(value) == text
