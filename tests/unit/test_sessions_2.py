"""Failures from the second round of test conversations (build/talk/c1.out, c2.out), fixed in actions and
knowledge without retraining: profile phrases without "wir", a need asked together with the profile,
cost and duration questions, questions about the assistant, English, "Quelle?", procurement follow-ups."""

import re

import pytest
from rasa_sdk.executor import CollectingDispatcher

from actions.details import ActionFundingDetails
from actions.fallback import ActionContextFallback, ActionGreet
from actions.guides import ActionRoadmap
from actions.kb import knowledge_base
from actions.procurement import ActionExplainProcurement
from actions.profile import ActionShowProfile, ActionUpdateProfile
from knowledge.examples import states_costs
from knowledge.followups import asks_about_bot, asks_about_cost, asks_about_duration, aspect, looks_english
from knowledge.parsing import find_procurement_topic
from knowledge.profile import introduces_kommune, read_facts
from tests.unit.support import history, make_tracker, slot_events, text_of

KB = knowledge_base()
EURO = re.compile(r"\d[\d.]*(?:,\d+)? ?(?:€|EUR|Euro)")


def test_a_kommune_introduced_by_its_type_is_the_users_profile():
    text = "Gemeinde in Brandenburg, 800 Einwohner, Förderung für WLAN im Rathaus"
    assert introduces_kommune(text)
    facts = read_facts(text, "search_funding")
    assert facts["federal_state"] == "Brandenburg"
    assert facts["municipality_type"] == "gemeinde"
    assert facts["population"] == 800


@pytest.mark.parametrize(
    "text",
    [
        "Förderung für Städte in Bayern?",
        "Förderung Digitalisierung Feuerwehr NRW",
        "Gibt es im Saarland Förderung für Tourismus?",
        "gilt das auch für Landkreise in Bayern?",
    ],
)
def test_a_question_about_others_or_without_a_kommune_is_no_profile(text):
    assert read_facts(text, "search_funding") == {}


async def test_a_correction_says_what_changed_and_keeps_the_profile():
    before = {"federal_state": "Brandenburg", "municipality_type": "gemeinde", "population": 800.0}
    slots = {**before, "population": 8000.0, "context_topic": "funding", "last_search": "x#0"}
    tracker = make_tracker(slots, text="Entschuldigung, wir haben 8.000 Einwohner, nicht 800", events=history(before))
    dispatcher = CollectingDispatcher()
    await ActionUpdateProfile().run(dispatcher, tracker, {})
    reply = text_of(dispatcher)
    assert "Einwohnerzahl 8.000 (vorher: 800)" in reply
    assert "Für Ihr Profil (Gemeinde in Brandenburg mit rund 8.000" in reply
    assert "Ohne Angaben" not in reply


async def test_profile_and_need_in_one_message_get_the_answer_too():
    text = (
        "Bürgermeisterin, Gemeinde in Bayern, 4.500 Einwohner. Unsere Bürger sollen Schlaglöcher und kaputte "
        "Laternen online melden können. Was gibt es da?"
    )
    facts = read_facts(text, "inform")
    assert facts == {"federal_state": "Bayern", "municipality_type": "gemeinde", "population": 4500}
    tracker = make_tracker(facts, text=text, events=history({}))
    dispatcher = CollectingDispatcher()
    events = slot_events(await ActionUpdateProfile().run(dispatcher, tracker, {}))
    reply = text_of(dispatcher)
    assert reply.startswith("Notiert: Bundesland Bayern")
    assert "Womit darf ich Ihnen helfen" not in reply
    assert events["context_topic"] == "examples"
    assert re.search(r"^1\. ", reply, flags=re.M)


@pytest.mark.parametrize("text", ["Was kostet sowas ungefähr?", "Was kostet das ungefähr?", "Wie teuer ist das?"])
def test_cost_questions_are_recognised(text):
    assert asks_about_cost(text)
    assert not asks_about_duration(text)


@pytest.mark.parametrize("text", ["Wie lange dauert das alles?", "Wie viel Zeit brauchen wir dafür?"])
def test_duration_questions_are_recognised(text):
    assert asks_about_duration(text)


async def test_a_cost_question_is_answered_honestly_without_figures_of_its_own():
    dispatcher = CollectingDispatcher()
    slots = {"federal_state": "Bayern"}
    tracker = make_tracker(slots, text="Was kostet sowas ungefähr?", intent="out_of_scope", events=history(slots))
    await ActionContextFallback().run(dispatcher, tracker, {})
    reply = text_of(dispatcher)
    assert "keine Richtwerte" in reply
    assert "Dazu kann ich leider nichts sagen" not in reply
    assert not EURO.search(reply)  # no need in view: no example amounts, and never an estimate


async def test_a_cost_question_after_examples_names_only_amounts_from_their_sources():
    dispatcher = CollectingDispatcher()
    slots = {"context_topic": "examples", "example_need": "maengelmelder"}
    tracker = make_tracker(slots, text="Was kostet das ungefähr?", intent="out_of_scope")
    await ActionContextFallback().run(dispatcher, tracker, {})
    reply = text_of(dispatcher)
    for line in reply.splitlines():
        if line.startswith("• "):
            example = next(e for e in KB.examples if line.startswith(f"• {e.municipality}: {e.title}"))
            assert states_costs(example)


async def test_a_duration_question_points_to_the_roadmap():
    dispatcher = CollectingDispatcher()
    tracker = make_tracker({"context_topic": "roadmap"}, text="Wie lange dauert das alles?", intent="out_of_scope")
    await ActionContextFallback().run(dispatcher, tracker, {})
    assert "Allgemeine Zeitangaben habe ich leider nicht" in text_of(dispatcher)


@pytest.mark.parametrize("text", ["wer hat Sie entwickelt?", "Wer hat dich gebaut?", "Von wem stammen Sie?"])
async def test_who_made_the_assistant_is_no_profile_question(text):
    assert asks_about_bot(text)
    dispatcher = CollectingDispatcher()
    await ActionShowProfile().run(dispatcher, make_tracker(text=text, intent="show_profile"), {})
    assert dispatcher.messages[0].get("response") == "utter_iamabot"


def test_english_is_detected_cheaply_and_german_is_not_mistaken_for_it():
    assert looks_english("Hello, do you speak English?")
    assert looks_english("Is there any funding for our town?")
    for text in ["hi", "Hallo, was können Sie?", "Gibt es Förderung für WLAN?", "ok"]:
        assert not looks_english(text)


async def test_an_english_greeting_is_told_the_answers_are_german():
    dispatcher = CollectingDispatcher()
    await ActionGreet().run(dispatcher, make_tracker(text="Hello, do you speak English?", intent="greet"), {})
    assert text_of(dispatcher).startswith("Ich antworte auf Deutsch.")
    assert dispatcher.messages[-1].get("response") == "utter_greet"


def test_source_and_running_time_follow_ups():
    assert aspect("Quelle?") == "source"
    assert aspect("wie lange leuft das noch") == "deadline"
    assert aspect("Wie lange läuft das noch?") == "deadline"


async def test_quelle_lists_source_and_stand_of_the_programmes_shown():
    shown = [p.id for p in KB.programmes[:3]]
    dispatcher = CollectingDispatcher()
    slots = {"context_topic": "funding", "shown_programmes": shown}
    await ActionContextFallback().run(dispatcher, make_tracker(slots, text="Quelle?", intent="nlu_fallback"), {})
    reply = text_of(dispatcher)
    for programme in KB.programmes[:3]:
        assert f"Quelle – {programme.name}:" in reply
        assert programme.source_url in reply
    assert reply.count("Stand: ") == 3


async def test_wie_lange_leuft_das_noch_gives_the_deadlines():
    shown = [p.id for p in KB.programmes[:2]]
    dispatcher = CollectingDispatcher()
    slots = {"context_topic": "funding", "shown_programmes": shown}
    tracker = make_tracker(slots, text="wie lange leuft das noch", intent="out_of_scope")
    await ActionContextFallback().run(dispatcher, tracker, {})
    assert text_of(dispatcher).startswith("Frist – ")


@pytest.mark.parametrize(
    "text", ["Dürfen wir direkt bei einem Start-up kaufen?", "Können wir das ohne Ausschreibung vergeben?"]
)
def test_buying_directly_is_the_direktauftrag(text):
    assert find_procurement_topic(text) == "direktauftrag"


async def test_thresholds_apply_to_landkreise_too():
    dispatcher = CollectingDispatcher()
    slots = {"context_topic": "procurement", "procurement_topic": "schwellenwerte"}
    tracker = make_tracker(slots, text="gilt das auch für Landkreise?", intent="ask_funding_details")
    await ActionFundingDetails().run(dispatcher, tracker, {})
    reply = text_of(dispatcher)
    assert reply.startswith("Ja. Die EU-Schwellenwerte gelten für alle Kommunen, also auch für Landkreise")
    assert "216.000 €" in reply and "Quelle:" in reply
    assert "Förderprogramm möchten Sie" not in reply


async def test_how_to_buy_is_procurement_not_the_roadmap():
    dispatcher = CollectingDispatcher()
    slots = {"federal_state": "Bayern", "context_topic": "examples"}
    tracker = make_tracker(slots, text="Wie beschaffen wir das?", intent="ask_roadmap", events=history(slots))
    events = slot_events(await ActionRoadmap().run(dispatcher, tracker, {}))
    reply = text_of(dispatcher)
    assert reply.startswith("Wie Sie beschaffen, hängt vom geschätzten Auftragswert")
    assert "Wertgrenzen für Kommunen in Bayern" in reply
    assert events["context_topic"] == "procurement"


async def test_a_cooperation_question_stays_on_the_route_shown():
    route = next(f for f in KB.faq if f.id == "foerderweg_hochschule")
    dispatcher = CollectingDispatcher()
    slots = {"context_topic": "funding", "guide_shown": route.id}
    tracker = make_tracker(slots, text="Wie läuft so eine Kooperation ab?", intent="explain_procurement")
    await ActionExplainProcurement().run(dispatcher, tracker, {})
    reply = text_of(dispatcher)
    assert reply.startswith("So beschreibt meine Wissensbasis diesen Weg: " + route.answer[:40])
