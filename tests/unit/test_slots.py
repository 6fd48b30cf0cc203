"""action_validate_slot_mappings (actions/slots.py): what a message stores in the profile, run as Rasa runs it."""

import logging

import pytest
from rasa_sdk.executor import CollectingDispatcher

import actions.slots
from actions.context import CONTEXT_SLOTS
from actions.slots import ValidateSlotMappings
from knowledge.profile import PROFILE_SLOTS
from tests.unit.support import ALL_SLOTS, DOMAIN, entity, history, make_tracker, slot_events


async def stored(text, intent="inform", entities=(), slots=None, events=None):
    """The profile slots the validation action sets for this message."""
    dispatcher = CollectingDispatcher()
    tracker = make_tracker(slots, text=text, intent=intent, entities=list(entities), events=events)
    result = await ValidateSlotMappings().run(dispatcher, tracker, DOMAIN)
    assert dispatcher.messages == [], "the validation action never talks"
    return slot_events(result)


def test_domain_slots_are_exactly_the_profile_and_context_slots():
    assert sorted(ALL_SLOTS) == sorted(PROFILE_SLOTS + CONTEXT_SLOTS)


def test_profile_slots_have_only_the_custom_mapping():
    """No from_entity/from_text mapping may store raw text: the validation action decides alone."""
    for slot in PROFILE_SLOTS:
        assert [m["type"] for m in DOMAIN["slots"][slot]["mappings"]] == ["custom"], slot


async def test_required_slots_are_the_profile_slots():
    slots = await ValidateSlotMappings().required_slots(list(ALL_SLOTS), CollectingDispatcher(), make_tracker(), DOMAIN)
    assert slots == list(PROFILE_SLOTS)


# --- stray entities are dropped ----------------------------------------------------------------


@pytest.mark.parametrize(
    "text, name, value",
    [
        ("Wir haben . Einwohner", "population", "."),
        ("ja", "municipality", "ja"),
        ("ok", "municipality", "ok"),
        ("Gerne!", "municipality", "Gerne"),
        ("Atlantis", "federal_state", "Atlantis"),
        ("Raumfahrt", "task_area", "Raumfahrt"),
        ("<script>", "municipality", "<script>"),
        ("0 Einwohner", "population", "0"),
        ("5 Mio. Einwohner", "population", "5 Mio."),
    ],
)
async def test_stray_entity_is_dropped(text, name, value):
    assert await stored(text, entities=[entity(name, value, text)]) == {}


async def test_stray_entity_never_overwrites_a_stored_value():
    slots = {"population": 5000.0, "municipality": "Wutach"}
    events = history(slots, text=".")
    result = await stored(
        ".", entities=[entity("population", "."), entity("municipality", ".")], slots=slots, events=events
    )
    assert result.get("population", 5000.0) == 5000.0 and result.get("municipality", "Wutach") == "Wutach"


# --- corrections and what-if questions ---------------------------------------------------------


@pytest.mark.parametrize(
    "text", ["nicht Bayern, sondern Hessen", "Hessen statt Bayern", "Wir sind in Hessen, nicht in Bayern"]
)
async def test_correction_takes_the_value_that_is_not_negated(text):
    entities = [entity("federal_state", "Bayern", text), entity("federal_state", "Hessen", text)]
    assert (await stored(text, entities=entities, slots={"federal_state": "Bayern"}))["federal_state"] == "Hessen"


async def test_correction_without_entities_is_read_from_the_text():
    assert (await stored("nicht Bayern, sondern Hessen", slots={"federal_state": "Bayern"}))[
        "federal_state"
    ] == "Hessen"


@pytest.mark.parametrize("intent", ["ask_funding_details", "search_funding", "inform"])
async def test_what_if_question_does_not_change_the_type(intent):
    text = "gilt das auch für Landkreise?"
    result = await stored(
        text,
        intent=intent,
        entities=[entity("municipality_type", "Landkreise", text)],
        slots={"municipality_type": "gemeinde", "federal_state": "Bayern"},
    )
    assert "municipality_type" not in result and "federal_state" not in result


async def test_question_about_another_land_is_not_stored():
    text = "Welche Programme gibt es in Sachsen?"
    assert await stored(text, intent="search_funding", entities=[entity("federal_state", "Sachsen", text)]) == {}


@pytest.mark.parametrize("intent", ["explain_procurement", "ask_funding_details", "human_handoff"])
async def test_any_question_may_say_where_we_are_but_a_named_land_alone_is_not_ours(intent):
    text = "Wir sind in Bayern – welche Wertgrenzen gelten?"
    assert await stored(text, intent=intent, entities=[entity("federal_state", "Bayern", text)]) == {
        "federal_state": "Bayern"
    }
    text = "Welche Wertgrenzen gelten in Bayern?"
    assert await stored(text, intent=intent, entities=[entity("federal_state", "Bayern", text)]) == {}


# --- short answers to the bot's question --------------------------------------------------------


@pytest.mark.parametrize(
    "asked, text, expected",
    [
        ("municipality_type", "Dorf", "gemeinde"),
        ("municipality_type", "eine Stadt", "stadt"),
        ("population", "3500", 3500.0),
        ("population", "ca. 8 Tsd.", 8000.0),
        ("federal_state", "Oberbayern", "Bayern"),
        ("federal_state", "Thueringen", "Thüringen"),
        ("task_area", "ÖPNV", "mobilitaet"),
    ],
)
@pytest.mark.parametrize("intent", ["inform", "nlu_fallback"])
async def test_short_answer_to_the_open_question(asked, text, expected, intent):
    assert (await stored(text, intent=intent, slots={"asked_slot": asked}))[asked] == expected


async def test_dorf_is_a_type_only_as_an_answer():
    assert await stored("Bei uns im Dorf gibt es kein WLAN", slots={}) == {}


@pytest.mark.parametrize(
    "asked, text, intent",
    [
        ("population", "Welche Programme gibt es für 3500?", "inform"),
        ("population", "Was kostet das?", "nlu_fallback"),
        ("municipality_type", "Gibt es das auch für eine Stadt?", "inform"),
        ("federal_state", "Gibt es Programme für Hessen?", "search_funding"),
        ("population", "3500", "explain_procurement"),
        ("population", "Wir brauchen dringend Hilfe für unsere 3 Projekte", "inform"),
    ],
)
async def test_question_or_sentence_while_a_question_is_open_stores_nothing(asked, text, intent):
    assert await stored(text, intent=intent, slots={"asked_slot": asked}) == {}


async def test_without_an_open_question_a_bare_number_stores_nothing():
    assert await stored("3500") == {}


# --- names and numbers in sentences -------------------------------------------------------------


async def test_name_without_the_type_word():
    result = await stored("Stadt Olfen", entities=[entity("municipality", "Stadt Olfen")])
    assert result["municipality"] == "Olfen" and result["municipality_type"] == "stadt"


async def test_population_from_a_sentence():
    assert (await stored("mit 2.000 Einwohnern."))["population"] == 2000.0
    text = "Wir sind eine Gemeinde mit 2.000 Einwohnern."
    result = await stored(text, entities=[entity("population", "2.000", text)])
    assert result == {"municipality_type": "gemeinde", "population": 2000.0}


@pytest.mark.parametrize("intent", ["inform", "search_funding", "show_example"])
@pytest.mark.parametrize(
    "text",
    ["12 Tablets für 18.000 €", "Wir brauchen 12 Tablets für 18.000 €", "Wir wollen für 18.000 Euro 12 Tablets kaufen"],
)
async def test_amount_never_becomes_population(text, intent):
    entities = [entity("population", "12", text), entity("amount_eur", "18.000", text)]
    assert "population" not in await stored(text, intent=intent, entities=entities)


async def test_amount_is_no_answer_to_the_population_question():
    assert "population" not in await stored("12 Tablets für 18.000 €", slots={"asked_slot": "population"})


async def test_abbreviation_in_a_sentence():
    assert (await stored("Wir sind eine Stadt in NRW"))["federal_state"] == "Nordrhein-Westfalen"


# --- a failure inside the extraction never breaks the turn -------------------------------------


async def test_extraction_failure_is_logged_without_user_text(monkeypatch, caplog):
    def broken(*args, **kwargs):
        raise ValueError("Geheimhausen")

    monkeypatch.setattr(actions.slots, "read_facts", broken)
    with caplog.at_level(logging.ERROR):
        result = await stored("Wir sind die Gemeinde Geheimhausen")
    assert result == {}
    assert "action_validate_slot_mappings" in caplog.text and "ValueError" in caplog.text
    assert "Geheimhausen" not in caplog.text


def test_invalid_value_keeps_the_earlier_one(dispatcher):
    tracker = make_tracker({"population": "viele"}, events=history({"population": 2500.0}, text="viele"))
    assert ValidateSlotMappings().validate_population("viele", dispatcher, tracker, DOMAIN) == {"population": 2500.0}
    assert ValidateSlotMappings().validate_federal_state("Atlantis", dispatcher, make_tracker(), DOMAIN) == {
        "federal_state": None
    }
