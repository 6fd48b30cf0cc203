"""Cues in short follow-ups (knowledge/followups.py)."""

import pytest

from knowledge.followups import (
    asks_for_examples,
    asks_for_funding,
    asks_for_highest,
    asks_net_or_gross,
    aspect,
    contract_kind,
    funding_level,
    ordinal,
    step_number,
    wants_all_steps,
    wants_more,
)


@pytest.mark.parametrize(
    "text, expected",
    [
        ("und die Förderquote?", "rate"),
        ("Wie viel gibt es?", "rate"),
        ("welches davon fördert am meisten?", "rate"),
        ("wie hoch ist der Eigenanteil?", "own_share"),
        ("Wie viel müssen wir selbst tragen?", "own_share"),
        ("bis wann kann ich einreichen?", "deadline"),
        ("Gibt es einen Stichtag?", "deadline"),
        ("gilt das auch für Landkreise?", "applicants"),
        ("Wer darf das beantragen?", "applicants"),
        ("ist das noch offen?", "status"),
        ("Läuft das Programm noch?", "status"),
        ("Gibt es eine Kontaktadresse?", "contact"),
        ("wie beantrage ich das?", "how_to_apply"),
        ("Hallo", None),
        ("", None),
        (None, None),
    ],
)
def test_aspect(text, expected):
    assert aspect(text) == expected


def test_asking_for_the_contact_person_is_about_contact():
    assert aspect("Wer ist der Ansprechpartner?") == "contact"


@pytest.mark.parametrize(
    "text, index",
    [
        ("das zweite", 1),
        ("den ersten", 0),
        ("das dritte bitte", 2),
        ("das letzte", -1),
        ("Nr. 3", 2),
        ("Nummer 2", 1),
        ("3", 2),
        ("Programm 2", 1),
        ("Hallo", None),
        ("2023", None),
        ("Schritt 3", None),
        (None, None),
    ],
)
def test_ordinal(text, index):
    assert ordinal(text) == index


@pytest.mark.parametrize(
    "text, number",
    [
        ("Schritt 3", 3),
        ("3. Schritt", 3),
        ("schritt12", 12),
        ("Schritt", None),
        ("Wie viele Schritte?", None),
        ("das zweite", None),
    ],
)
def test_step_number(text, number):
    assert step_number(text) == number


@pytest.mark.parametrize(
    "text, expected",
    [
        ("alle Schritte", True),
        ("den ganzen Fahrplan bitte", True),
        ("ausführlich", True),
        ("Schritt 3", False),
        ("", False),
    ],
)
def test_wants_all_steps(text, expected):
    assert wants_all_steps(text) is expected


@pytest.mark.parametrize(
    "text, level",
    [
        ("ist auch was von der EU dabei?", "EU"),
        ("Europa", "EU"),
        ("EFRE-Mittel?", "EU"),
        ("Programme vom Bund", "Bund"),
        ("KfW Kredit", "Bund"),
        ("und vom Land?", "Land"),
        ("Landesprogramme?", "Land"),
        ("für Landkreise", None),
        ("ländlicher Raum", None),
        ("Hallo", None),
    ],
)
def test_funding_level(text, level):
    assert funding_level(text) == level


@pytest.mark.parametrize(
    "text, expected",
    [("weitere Programme", True), ("noch mehr", True), ("die nächste Seite", True), ("das zweite", False), ("", False)],
)
def test_wants_more(text, expected):
    assert wants_more(text) is expected


def test_the_next_ones_pages_on():
    assert wants_more("zeig mir die nächsten drei")


@pytest.mark.parametrize(
    "text, kind",
    [
        ("und für Bauleistungen?", "bauleistung"),
        ("Neubau Feuerwehrhaus", "bauleistung"),
        ("Schulsanierung", "bauleistung"),
        ("Glasfaserverlegung", "bauleistung"),
        ("nach VOB", "bauleistung"),
        ("Software", "dienstleistung"),
        ("Tablets für die Schule", "dienstleistung"),
        ("IT-Beratung", "dienstleistung"),
        ("Liefer- und Dienstleistungen", "dienstleistung"),
        ("Hallo", None),
        ("", None),
    ],
)
def test_contract_kind(text, kind):
    assert contract_kind(text) == kind


@pytest.mark.parametrize("text", ["Software für das Bauamt", "Tablets für den Bauhof"])
def test_supplies_for_a_building_office_are_supplies(text):
    assert contract_kind(text) == "dienstleistung"


@pytest.mark.parametrize(
    "text, expected",
    [("netto oder brutto?", True), ("inkl. MwSt?", True), ("mit Umsatzsteuer", True), ("Software für 80.000 €", False)],
)
def test_asks_net_or_gross(text, expected):
    assert asks_net_or_gross(text) is expected


def test_laying_fibre_is_construction():
    assert contract_kind("Wir wollen Glasfaser verlegen lassen, Volumen ca. 3 Mio. Euro") == "bauleistung"


@pytest.mark.parametrize(
    "text, expected",
    [
        ("welches davon fördert am meisten?", True),
        ("Gibt es Programme mit 100 Prozent Förderung?", True),
        ("Wo gibt es die höchste Förderquote?", True),
        ("und die Förderquote?", False),
        ("Wir haben 100 Einwohner mehr", False),
    ],
)
def test_asks_for_highest(text, expected):
    assert asks_for_highest(text) is expected


@pytest.mark.parametrize(
    "text", ["Welches davon läuft am längsten?", "was läuft bald aus?", "Welche laufen demnächst aus?"]
)
def test_which_runs_longest_asks_for_the_deadlines(text):
    assert aspect(text) == "deadline"


@pytest.mark.parametrize(
    "text", ["Was lohnt sich für uns digital überhaupt?", "Welche digitalen Anwendungen sind sinnvoll?"]
)
def test_what_is_worthwhile_asks_for_what_others_use(text):
    assert asks_for_examples(text) and not asks_for_funding(text)


@pytest.mark.parametrize("text", ["Und was kommt danach?", "Gibt es ein Nachfolgeprogramm?"])
def test_after_an_ended_programme_asks_for_alternatives(text):
    from knowledge.followups import wants_alternatives

    assert wants_alternatives(text)
