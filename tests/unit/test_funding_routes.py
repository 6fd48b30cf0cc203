"""The three funding routes (regional, by application area, with a Hochschule) are explained and findable,
and a Land without an open Land programme gets the sentence of its coverage record (issue #9)."""

import pytest

from actions.details import ActionFundingDetails
from actions.fallback import ActionContextFallback
from actions.funding import ActionSearchFunding
from actions.guides import ActionApplicationPath
from actions.kb import knowledge_base
from knowledge.faq import find_faq, is_route, route_programmes, route_question
from knowledge.schema import Faq
from tests.unit.kb_builders import programme
from tests.unit.support import entity, make_tracker, payloads, slot_events, text_of

KB = knowledge_base()
FAQ = {f.id: f for f in KB.faq}
BY_ID = {p.id: p for p in KB.programmes}
ROUTES = ("foerderweg_regional", "foerderweg_anwendungsfeld", "foerderweg_hochschule")

QUESTIONS = [
    ("Welche Wege zur Förderung gibt es?", "foerderwege"),
    ("Förderung für digitale Angebote wegen der alternden Bevölkerung", "foerderweg_anwendungsfeld"),
    ("Projekt zusammen mit einer Fachhochschule", "foerderweg_hochschule"),
    ("Wie funktioniert die Regionalförderung für strukturschwache Gemeinden?", "foerderweg_regional"),
    ("Gibt es Förderung für Angebote im demografischen Wandel?", "foerderweg_anwendungsfeld"),
    ("Wir würden gern mit der Hochschule Harz zusammenarbeiten", "foerderweg_hochschule"),
]


async def run(action, dispatcher, slots=None, **message):
    return slot_events(await action().run(dispatcher, make_tracker(slots, **message), {}))


# --- knowledge ------------------------------------------------------------------------------


@pytest.mark.parametrize("text, route", QUESTIONS)
def test_route_questions_find_the_route_entry(text, route):
    assert find_faq(text, KB.faq) is FAQ[route]


@pytest.mark.parametrize("route", ("foerderwege", *ROUTES))
def test_each_route_is_explained_with_a_note_for_small_kommunen(route):
    entry = FAQ[route]
    assert is_route(entry) and entry.programmes
    assert "kleine Kommunen" in entry.answer or "Kleine Kommunen" in entry.answer
    assert entry.answer.count(". ") <= 3  # at most three sentences


def test_the_regional_route_names_grw_gak_efre_eler_and_leader():
    answer = FAQ["foerderweg_regional"].answer
    assert all(word in answer for word in ("GRW", "GAK", "EFRE", "ELER", "LEADER"))


def test_unrelated_questions_do_not_hit_a_route():
    for text in (
        "Welche Förderprogramme gibt es in Bayern?",
        "Digitale Angebote der Volkshochschule",
        "Innovative Hochschule",
    ):
        found = find_faq(text, KB.faq)
        assert found is None or not is_route(found), text


def test_route_programmes_fit_the_land():
    entry = Faq.parse_obj(
        dict(
            id="weg",
            question="?",
            keywords=["weg"],
            answer="Ein Weg.",
            programmes=["BY-90", "HE-90", "BY-91", "BUND-90", "BY-92"],
            source_url="https://example.org/weg",
            stand="2026-11-25",
        )
    )
    programmes = [
        programme("BUND-90", level="Bund", states=[]),
        programme("BY-90", status="unbekannt"),
        programme("HE-90", states=["Hessen"]),
        programme("BY-91", status="geschlossen"),
        programme("BY-92"),
    ]
    # open before unknown; among open ones the Kommune's Land before the Bund
    assert [p.id for p in route_programmes(entry, programmes, "Bayern")] == ["BY-92", "BUND-90", "BY-90"]
    assert [p.id for p in route_programmes(entry, programmes, None)] == ["BUND-90"]


def test_the_regional_route_shows_the_land_s_leader_programme():
    ids = [p.id for p in route_programmes(FAQ["foerderweg_regional"], KB.programmes, "Rheinland-Pfalz")]
    assert ids[0] in {"RP-02", "RP-04"} and "RP-04" in ids and "EU-01" in ids
    assert not any(BY_ID[i].level == "Land" and "Rheinland-Pfalz" not in BY_ID[i].states for i in ids)


# --- actions ------------------------------------------------------------------------------


async def test_welche_wege_is_answered_by_the_overview_not_a_funding_list(dispatcher):
    events = await run(
        ActionSearchFunding, dispatcher, text="Welche Wege zur Förderung gibt es?", intent="search_funding"
    )
    answer = text_of(dispatcher)
    assert answer.startswith(FAQ["foerderwege"].answer)
    assert "Programme auf diesem Weg in meiner Wissensbasis:" in answer
    assert events["context_topic"] == "funding" and events["shown_programmes"]


async def test_a_route_without_a_land_asks_for_it_to_add_the_land_programmes(dispatcher):
    await run(ActionApplicationPath, dispatcher, text="Regionalförderung für strukturschwache Regionen?")
    answer = text_of(dispatcher)
    assert answer.startswith(FAQ["foerderweg_regional"].answer)
    assert "Nennen Sie mir Ihr Bundesland" in answer and BY_ID["EU-01"].name in answer


async def test_demographic_route_lists_the_programmes_of_the_profile_s_land(dispatcher):
    await run(
        ActionApplicationPath,
        dispatcher,
        {"federal_state": "Sachsen"},
        text="Förderung für digitale Angebote wegen der alternden Bevölkerung",
        intent="ask_application",
    )
    answer = text_of(dispatcher)
    assert answer.startswith(FAQ["foerderweg_anwendungsfeld"].answer)
    assert "(für Sachsen)" in answer and BY_ID["SN-05"].name in answer
    assert BY_ID["ST-02"].name not in answer  # another Land's programme
    assert "/ask_funding_details" in " ".join(payloads(dispatcher))


async def test_hochschule_route_from_the_fallback(dispatcher):
    await run(
        ActionContextFallback, dispatcher, text="Projekt zusammen mit einer Fachhochschule", intent="nlu_fallback"
    )
    answer = text_of(dispatcher)
    assert answer.startswith(FAQ["foerderweg_hochschule"].answer)
    assert BY_ID["BUND-20"].name in answer
    assert "Status unbekannt" in answer  # honest about programmes without a known open call


async def test_an_unknown_programme_name_that_is_a_route_gets_the_route(dispatcher):
    text = "Was fördert die GRW im Bereich Digitalisierung?"
    await run(
        ActionFundingDetails,
        dispatcher,
        text=text,
        intent="ask_funding_details",
        entities=[entity("programme", "GRW", text)],
    )
    assert text_of(dispatcher).startswith(FAQ["foerderweg_regional"].answer)


# --- coverage note in the funding search -----------------------------------------------------------


async def test_berlin_funding_list_says_that_no_land_programme_was_found(dispatcher):
    await run(
        ActionSearchFunding,
        dispatcher,
        {"federal_state": "Berlin", "municipality_type": "stadt"},
        text="Welche Förderprogramme gibt es?",
        intent="search_funding",
    )
    answer = text_of(dispatcher)
    record = next(r for r in KB.coverage if r.id == "Berlin")
    assert record.note in answer and record.source_url in answer


async def test_land_programmes_for_berlin_are_unknown_and_name_the_search(dispatcher):
    await run(
        ActionSearchFunding,
        dispatcher,
        {"federal_state": "Berlin", "municipality_type": "stadt"},
        text="Welche Programme des Landes gibt es?",
        intent="search_funding",
    )
    answer = text_of(dispatcher)
    assert answer.count("Status unbekannt") >= 1  # BENE 2 and BEK: not closed, but no open call known
    assert next(r for r in KB.coverage if r.id == "Berlin").note in answer


async def test_a_land_with_open_land_programmes_gets_no_coverage_sentence(dispatcher):
    await run(
        ActionSearchFunding,
        dispatcher,
        {"federal_state": "Brandenburg", "municipality_type": "gemeinde"},
        text="Welche Förderprogramme gibt es?",
        intent="search_funding",
    )
    assert "habe ich derzeit kein eigenes offenes Landesprogramm" not in text_of(dispatcher)


LETTER = (
    "Sehr geehrte Damen und Herren, wir sind eine Ortsgemeinde in Rheinland-Pfalz mit 1.200 Einwohnern und "
    "möchten im Dorfgemeinschaftshaus einen Treffpunkt mit WLAN einrichten, an dem ältere Menschen Hilfe mit "
    "dem Smartphone bekommen. Welche Förderprogramme kommen für uns in Frage?"
)


def test_a_long_letter_is_no_route_question():
    assert find_faq(LETTER, KB.faq) is FAQ["foerderweg_anwendungsfeld"]  # the keyword is there …
    assert route_question(LETTER, KB.faq) is None  # … but a letter asks for programmes
    assert route_question("Welche Wege zur Förderung gibt es?", KB.faq) is FAQ["foerderwege"]


async def test_a_long_letter_about_older_people_gets_the_funding_list(dispatcher):
    await run(ActionSearchFunding, dispatcher, text=LETTER, intent="search_funding")
    answer = text_of(dispatcher)
    assert "technischer Fehler" not in answer  # it mentions another Land's programme: no details loop
    assert "\n1. " in answer and not answer.startswith(FAQ["foerderweg_anwendungsfeld"].answer)
