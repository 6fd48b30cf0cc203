"""The municipality profile: normalising values, reading facts from a message, and the profile actions."""

import pytest

from actions.context import CONTEXT_SLOTS, previous_value, profile_changes
from actions.profile import ActionDecline, ActionDeleteProfile, ActionShowProfile, ActionUpdateProfile, change_sentence
from bot.markers import DELETE_CONVERSATION
from knowledge.profile import NOT_GIVEN, PROFILE_SLOTS, Profile, normalize_slot, read_facts
from tests.unit.support import COMPLETE_PROFILE, entity, history, make_tracker, slot_events, text_of

# --- normalize_slot: any raw value → canonical value or None ------------------------------------


@pytest.mark.parametrize(
    "slot, value, expected",
    [
        ("population", "12.500", 12500.0),
        ("population", "ca. 8 Tsd.", 8000.0),
        ("population", 2500.4, 2500.0),
        ("population", 4_000_000, 4_000_000.0),
        ("population", 4_000_001, None),
        ("population", 0, None),
        ("population", "5 Mio.", None),
        ("population", True, None),
        ("population", 1e308, None),
        ("population", 10**30, None),
        ("population", float("nan"), None),
        ("population", float("inf"), None),
        ("population", -5, None),
        ("population", "viele", None),
        ("population", "", None),
        ("federal_state", "Bayern", "Bayern"),
        ("federal_state", "Thueringen", "Thüringen"),
        ("federal_state", "Oberbayern", "Bayern"),
        ("federal_state", 5, None),
        ("federal_state", ["Bayern"], None),
        ("federal_state", "Atlantis", None),
        ("municipality_type", "Große Kreisstadt", "stadt"),
        ("municipality_type", "Dorf", None),
        ("municipality_type", 3, None),
        ("task_area", "ÖPNV", "mobilitaet"),
        ("task_area", {}, None),
        ("municipality", "Stadt Olfen", "Olfen"),
        ("municipality", "Bad Füssing", "Bad Füssing"),
        ("municipality", NOT_GIVEN, NOT_GIVEN),
        ("municipality", "ja", None),
        ("municipality", "<script>", None),
        ("municipality", "Bayern", None),
        ("municipality", "Gemeinde", None),
        ("municipality", "12345", None),
        ("municipality", 42, None),
        ("municipality", "x" * 80, None),
        ("municipality", "ein Ort mit sehr vielen Wörtern hier", None),
    ],
)
def test_normalize_slot(slot, value, expected):
    assert normalize_slot(slot, value) == expected


@pytest.mark.parametrize("slot", PROFILE_SLOTS)
@pytest.mark.parametrize("value", [None, [], {}, b"Bayern", 1e308, float("nan")])
def test_normalize_slot_never_raises(slot, value):
    assert normalize_slot(slot, value) is None


@pytest.mark.parametrize("value", [{"a": 1}, ["nope", 5, None]], ids=["dict", "list"])
def test_population_of_a_container_is_none(value):
    assert normalize_slot("population", value) is None


def test_profile_from_slots_of_odd_types():
    profile = Profile.from_slots(
        {"federal_state": ["x"], "population": "8.000", "municipality_type": 5, "task_area": None, "municipality": {}}
    )
    assert profile == Profile(population=8000)
    assert isinstance(profile.population, int)
    assert Profile.from_slots({}).is_empty


def test_profile_in_words():
    profile = Profile.from_slots(dict(COMPLETE_PROFILE, municipality="Wutach"))
    assert profile.describe() == (
        "Gemeinde Wutach in Bayern mit rund 3.500 Einwohnerinnen und Einwohnern, Aufgabenfeld Verwaltung"
    )
    skipped = Profile.from_slots({"municipality": NOT_GIVEN})
    assert skipped.named is None and skipped.is_empty and skipped.describe() == "Kommune"
    assert Profile(federal_state="Hessen").missing == ["municipality_type", "population", "task_area"]


# --- read_facts: what a message says about the user's own Kommune -------------------------------


@pytest.mark.parametrize(
    "text, intent, entities, asked, expected",
    [
        (
            "Wir sind eine Gemeinde in Bayern mit 3.500 Einwohnern",
            "inform",
            [],
            None,
            {"federal_state": "Bayern", "municipality_type": "gemeinde", "population": 3500.0},
        ),
        ("Welche Programme gibt es in Bayern?", "search_funding", [entity("federal_state", "Bayern")], None, {}),
        ("Wir in Bayern suchen Programme", "search_funding", [], None, {"federal_state": "Bayern"}),
        ("gilt das auch für Landkreise?", "inform", [entity("municipality_type", "landkreis")], None, {}),
        (
            "Wir sind in Bayern",
            "explain_procurement",
            [entity("federal_state", "Bayern")],
            None,
            {"federal_state": "Bayern"},
        ),
        ("Welche Wertgrenzen gelten in Bayern?", "explain_procurement", [entity("federal_state", "Bayern")], None, {}),
        ("kein Landkreis, sondern eine Stadt", "inform", [], None, {"municipality_type": "stadt"}),
        ("Dorf", "inform", [], "municipality_type", {"municipality_type": "gemeinde"}),
        ("Dorf", "search_funding", [], "municipality_type", {"municipality_type": "gemeinde"}),
        ("Dorf", "human_handoff", [], "municipality_type", {}),
        ("ca. 8 Tsd.", "nlu_fallback", [], "population", {"population": 8000.0}),
        ("Wir haben 12 Tablets für 18.000 € gekauft", "inform", [entity("population", "12")], None, {}),
        (
            "Wir sind die Gemeinde Wutach",
            "inform",
            [entity("municipality", "Gemeinde Wutach")],
            None,
            {"municipality_type": "gemeinde", "municipality": "Wutach"},
        ),
        ("", None, [None, 5, "x"], "population", {}),
    ],
)
def test_read_facts(text, intent, entities, asked, expected):
    assert read_facts(text, intent, entities, asked) == expected


@pytest.mark.parametrize("text, asked", [("und bei 60.000?", None), ("Laufzeit 4 Jahre", "population")])
def test_after_a_procurement_answer_a_bare_number_is_no_population(text, asked):
    entities = [entity("population", "60.000")] if "60" in text else []
    assert read_facts(text, "inform", entities, asked) != {}  # without context the number reads as a population
    assert read_facts(text, "inform", entities, asked, context="procurement") == {}


# --- action_update_profile: says exactly what changed ------------------------------------------


async def update(dispatcher, before, now, text="neue Angabe", **slots):
    tracker = make_tracker(dict(now, **slots), text=text, events=history(before, text))
    return await ActionUpdateProfile().run(dispatcher, tracker, {})


def test_previous_value_is_the_one_before_the_latest_message():
    events = history({"federal_state": "Bayern"}) + [{"event": "slot", "name": "federal_state", "value": "Hessen"}]
    tracker = make_tracker({"federal_state": "Hessen"}, events=events)
    assert previous_value(tracker, "federal_state") == "Bayern"
    assert profile_changes(tracker) == [("federal_state", "Bayern", "Hessen")]


async def test_changed_fact_says_updated_with_the_old_value(dispatcher):
    await update(dispatcher, {"federal_state": "Bayern"}, {"federal_state": "Hessen"}, "nicht Bayern, sondern Hessen")
    text = text_of(dispatcher)
    assert "aktualisiert" in text and "Bundesland Hessen (vorher: Bayern)" in text


async def test_new_fact_is_noted_without_before(dispatcher):
    await update(dispatcher, {}, {"population": 2000.0}, "2000 Einwohner")
    text = text_of(dispatcher)
    assert text.startswith("Notiert: Einwohnerzahl 2.000") and "vorher" not in text and "aktualisiert" not in text


async def test_changed_and_new_fact_in_one_message(dispatcher):
    await update(dispatcher, {"federal_state": "Bayern"}, {"federal_state": "Hessen", "municipality_type": "stadt"})
    text = text_of(dispatcher)
    assert "Hessen (vorher: Bayern)" in text and "Außerdem notiert: Art der Kommune Stadt" in text
    assert "Stadt (vorher" not in text


async def test_unchanged_fact_says_already_noted(dispatcher):
    await update(dispatcher, {"federal_state": "Hessen"}, {"federal_state": "Hessen"}, "Hessen")
    text = text_of(dispatcher)
    assert "bereits" in text and "Hessen" in text and "aktualisiert" not in text and "Notiert" not in text


async def test_nothing_known_and_nothing_said(dispatcher):
    await update(dispatcher, {}, {}, "hmm")
    assert [m.get("response") for m in dispatcher.messages] == ["utter_default"]


async def test_change_during_a_funding_search_shows_the_new_list(dispatcher):
    events = await update(
        dispatcher,
        {"federal_state": "Bayern", "context_topic": "funding"},
        {"federal_state": "Hessen"},
        "Hessen",
        context_topic="funding",
    )
    text = text_of(dispatcher)
    assert text.startswith("Ich habe Ihr Profil aktualisiert: Bundesland Hessen (vorher: Bayern).")
    assert "Quelle:" in text and slot_events(events)["context_topic"] == "funding"
    assert slot_events(events)["shown_programmes"]


def test_change_sentence_formats_values_in_words():
    sentence = change_sentence([("population", 3500.0, 12500.0), ("task_area", None, "mobilitaet")])
    assert (
        sentence == "Ich habe Ihr Profil aktualisiert: Einwohnerzahl 12.500 (vorher: 3.500). Außerdem notiert: "
        "Aufgabenfeld Mobilität."
    )


# --- show, delete, decline -----------------------------------------------------------------------


async def test_show_empty_profile(dispatcher):
    await ActionShowProfile().run(dispatcher, make_tracker(), {})
    assert "noch keine Angaben" in text_of(dispatcher)


async def test_show_partial_profile_names_what_is_missing(dispatcher):
    await ActionShowProfile().run(dispatcher, make_tracker({"federal_state": "Hessen"}), {})
    text = text_of(dispatcher)
    assert (
        "Kommune in Hessen" in text and "Noch offen (freiwillig): Art der Kommune, Einwohnerzahl, Aufgabenfeld" in text
    )


async def test_show_complete_profile(dispatcher):
    await ActionShowProfile().run(dispatcher, make_tracker(dict(COMPLETE_PROFILE, municipality="Wutach")), {})
    text = text_of(dispatcher)
    assert "Gemeinde Wutach in Bayern mit rund 3.500" in text and "Noch offen" not in text
    assert any(b["payload"] == "/delete_profile" for b in dispatcher.messages[0]["buttons"])


async def test_delete_clears_profile_and_context(dispatcher):
    slots = dict(
        COMPLETE_PROFILE,
        context_topic="funding",
        shown_programmes=["BUND-11"],
        contract_amount=80000.0,
        delete_asked=True,
    )
    events = await ActionDeleteProfile().run(dispatcher, make_tracker(slots), {})
    cleared = slot_events(events)
    assert set(cleared) == set(PROFILE_SLOTS + CONTEXT_SLOTS)
    assert all(value is None for value in cleared.values())
    assert "gelöscht" in text_of(dispatcher) and "Gesprächsverlauf" in text_of(dispatcher)
    # exactly one event carries the marker that makes the tracker store delete the whole conversation
    assert [e.get("metadata") for e in events if e.get("metadata")] == [DELETE_CONVERSATION]


async def test_nothing_is_deleted_unless_the_question_was_asked(dispatcher):
    events = await ActionDeleteProfile().run(dispatcher, make_tracker(dict(COMPLETE_PROFILE)), {})
    assert "federal_state" not in slot_events(events) and "gelöscht" not in text_of(dispatcher)
    assert not any(e.get("metadata") for e in events)


@pytest.mark.parametrize(
    "text, asks",
    [("Bitte löschen Sie unsere Angaben", True), ("Unser Bauhof fährt alle Mülleimer ab. Geht das smarter?", False)],
)
async def test_delete_question_only_when_deleting_is_asked_for(text, asks, dispatcher):
    from actions.profile import ActionAskDelete

    events = await ActionAskDelete().run(dispatcher, make_tracker(text=text, intent="delete_profile"), {})
    assert slot_events(events)["delete_asked"] is asks
    assert any(m.get("response") == "utter_ask_delete_confirm" for m in dispatcher.messages) is asks
    assert dispatcher.messages


@pytest.mark.parametrize("asked, phrase", [("federal_state", "ohne diese Angabe"), (None, "sonst noch etwas")])
async def test_decline(asked, phrase, dispatcher):
    events = await ActionDecline().run(dispatcher, make_tracker({"asked_slot": asked}), {})
    assert phrase in text_of(dispatcher)
    assert slot_events(events) == {"asked_slot": None, "asked_again": None}


def test_a_small_bare_number_is_a_step_not_a_population():
    assert read_facts("Schritt 4", "inform", [entity("population", "4")]) == {}
    assert read_facts("12.500", "inform", [entity("population", "12.500")]) == {"population": 12500.0}


async def test_what_if_another_land_answers_for_it_and_keeps_the_profile(dispatcher):
    """Seen over REST: "Was wäre, wenn wir in Sachsen wären?" changed the Land of a Gemeinde in Bayern."""
    profile = {"federal_state": "Bayern", "municipality_type": "gemeinde"}
    events = await update(dispatcher, profile, profile, "Was wäre, wenn wir in Sachsen wären?")
    text = text_of(dispatcher)
    assert "bleibt unverändert (Gemeinde in Bayern)" in text and "Sachsen" in text and "Programme" in text
    assert "federal_state" not in slot_events(events)
