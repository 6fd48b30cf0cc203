"""The profile form's validation and the profile actions, with rasa-sdk's Tracker and CollectingDispatcher."""
import pytest
from rasa_sdk import Tracker
from rasa_sdk.events import SlotSet

from actions.profile import ActionDeleteProfile, ActionProfileSubmit, ActionShowProfile, ValidateProfileForm
from tests.unit.support import COMPLETE_PROFILE, make_tracker

DOMAIN = {"forms": {"profile_form": {"required_slots": ["federal_state", "municipality_type", "population", "task_area", "municipality"]}}}


def _texts(dispatcher):
    return [m["text"] for m in dispatcher.messages]


@pytest.mark.parametrize(
    "raw, expected",
    [("12.500", 12500), ("12 500", 12500), ("ca. 8 Tsd.", 8000), ("rund 12.000", 12000),
     ("1,2 Mio.", 1_200_000), ("knapp 5000 EW", 5000), (40000.0, 40000), ("1", 1), ("4 Mio.", 4_000_000)],
)
def test_population_accepted(raw, expected, dispatcher):
    result = ValidateProfileForm().validate_population(raw, dispatcher, make_tracker(), DOMAIN)
    assert result == {"population": expected}
    assert dispatcher.messages == []


@pytest.mark.parametrize("raw", ["0", "5 Mio.", "4.000.001", "viele", "", "-"])
def test_population_implausible_is_asked_again_with_example(raw, dispatcher):
    result = ValidateProfileForm().validate_population(raw, dispatcher, make_tracker(), DOMAIN)
    assert result == {"population": None}
    [text] = _texts(dispatcher)
    assert "12.500" in text and "Einwohnerzahl" in text


@pytest.mark.parametrize("raw, expected", [("NRW", "Nordrhein-Westfalen"), ("bayerische", "Bayern"), ("Thueringen", "Thüringen")])
def test_state_canonicalised(raw, expected, dispatcher):
    assert ValidateProfileForm().validate_federal_state(raw, dispatcher, make_tracker(), DOMAIN) == {"federal_state": expected}


def test_unknown_state_gets_hint(dispatcher):
    result = ValidateProfileForm().validate_federal_state("Atlantis", dispatcher, make_tracker(), DOMAIN)
    assert result == {"federal_state": None}
    [text] = _texts(dispatcher)
    assert "„Atlantis“" in text and "16 Länder" in text


def test_user_text_is_not_echoed_as_html(dispatcher):
    ValidateProfileForm().validate_federal_state("<b>Bayernland</b><script>x</script>", dispatcher, make_tracker(), DOMAIN)
    [text] = _texts(dispatcher)
    assert "<" not in text


@pytest.mark.parametrize("raw, expected", [("Große Kreisstadt", "stadt"), ("Markt", "gemeinde"), ("Kreis", "landkreis")])
def test_type_canonicalised(raw, expected, dispatcher):
    assert ValidateProfileForm().validate_municipality_type(raw, dispatcher, make_tracker(), DOMAIN) == {"municipality_type": expected}


def test_unknown_type_is_asked_again(dispatcher):
    result = ValidateProfileForm().validate_municipality_type("Bundesamt", dispatcher, make_tracker(), DOMAIN)
    assert result == {"municipality_type": None}
    assert "Gemeinde" in _texts(dispatcher)[0]


def test_unknown_task_area_lists_areas(dispatcher):
    assert ValidateProfileForm().validate_task_area("Raumfahrt", dispatcher, make_tracker(), DOMAIN) == {"task_area": None}
    assert "Verwaltung" in _texts(dispatcher)[0]


@pytest.mark.parametrize("raw", ["überspringen", "weiß ich nicht", "keine Angabe", "Überspringen!"])
def test_optional_name_can_be_skipped(raw, dispatcher):
    assert ValidateProfileForm().validate_municipality(raw, dispatcher, make_tracker(), DOMAIN) == {"municipality": "keine Angabe"}


def test_name_is_kept(dispatcher):
    assert ValidateProfileForm().validate_municipality("Wutach", dispatcher, make_tracker(), DOMAIN) == {"municipality": "Wutach"}


async def test_form_run_validates_every_extracted_slot(dispatcher):
    """Three slots from one sentence ("Stadt in NRW mit 40.000 Einwohnern") are validated in one run."""
    tracker = Tracker(
        "t", {"requested_slot": "federal_state"}, {"text": "", "intent": {"name": "inform"}, "entities": []},
        [
            {"event": "user", "text": "Wir sind eine Stadt in NRW mit 40.000 Einwohnern"},
            {"event": "slot", "name": "municipality_type", "value": "Stadt"},
            {"event": "slot", "name": "federal_state", "value": "NRW"},
            {"event": "slot", "name": "population", "value": "40.000"},
        ],
        False, None, {"name": "profile_form"}, "action_listen",
    )
    events = await ValidateProfileForm().run(dispatcher, tracker, DOMAIN)
    assert {e["name"]: e["value"] for e in events if e["event"] == "slot"} == {
        "municipality_type": "stadt", "federal_state": "Nordrhein-Westfalen", "population": 40000,
    }


async def test_submit_confirms_profile_in_one_sentence(dispatcher):
    slots = dict(COMPLETE_PROFILE, municipality="Wutach", profile_complete=False)
    events = await ActionProfileSubmit().run(dispatcher, make_tracker(slots), {})
    assert SlotSet("profile_complete", True) in events
    first = dispatcher.messages[0]["text"]
    assert first.startswith("Vielen Dank, ich habe Ihr Profil gespeichert") and "Gemeinde Wutach in Bayern" in first and "3.500" in first
    assert "Verwaltung" in first


async def test_submit_after_a_correction_says_updated(dispatcher):
    await ActionProfileSubmit().run(dispatcher, make_tracker(dict(COMPLETE_PROFILE, federal_state="Hessen")), {})
    assert dispatcher.messages[0]["text"].startswith("Vielen Dank, ich habe Ihr Profil aktualisiert: Gemeinde in Hessen")


async def test_submit_runs_the_search_the_user_asked_for(dispatcher):
    slots = dict(COMPLETE_PROFILE, profile_complete=False, pending_search=True)
    events = await ActionProfileSubmit().run(dispatcher, make_tracker(slots), {})
    assert SlotSet("pending_search", False) in events
    assert any("passen" in m["text"] and "Quelle:" in m["text"] for m in dispatcher.messages[1:])


async def test_show_empty_profile(dispatcher):
    await ActionShowProfile().run(dispatcher, make_tracker(), {})
    assert "noch keine Angaben" in dispatcher.messages[0]["text"]


async def test_show_partial_profile_names_what_is_missing(dispatcher):
    await ActionShowProfile().run(dispatcher, make_tracker({"federal_state": "Hessen"}), {})
    text = dispatcher.messages[0]["text"]
    assert "Hessen" in text and "Noch offen: Art der Kommune, Einwohnerzahl, Aufgabenfeld" in text


async def test_delete_clears_every_profile_slot(dispatcher):
    events = await ActionDeleteProfile().run(dispatcher, make_tracker(COMPLETE_PROFILE), {})
    cleared = {e["name"] for e in events if e["value"] is None}
    assert cleared == {"federal_state", "municipality_type", "population", "task_area", "municipality", "budget"}
    assert SlotSet("profile_complete", False) in events
    assert "gelöscht" in dispatcher.messages[0]["text"]


def _tracker_with_history(slot, old, new):
    return Tracker(
        "t", {slot: new}, {"text": str(new), "intent": {"name": "inform"}, "entities": []},
        [
            {"event": "user", "text": "erste Angabe"},
            {"event": "slot", "name": slot, "value": old},
            {"event": "user", "text": str(new)},
            {"event": "slot", "name": slot, "value": new},
        ],
        False, None, {"name": "profile_form"}, "action_listen",
    )


@pytest.mark.parametrize(
    "slot, old, new, method",
    [
        ("task_area", "tourismus", "Feuerwehrhaus", "validate_task_area"),
        ("federal_state", "Bayern", "Atlantis", "validate_federal_state"),
        ("population", 2500.0, "0", "validate_population"),
    ],
)
def test_failed_correction_keeps_the_earlier_value(slot, old, new, method, dispatcher):
    result = getattr(ValidateProfileForm(), method)(new, dispatcher, _tracker_with_history(slot, old, new), DOMAIN)
    assert result == {slot: old}
    assert "Ich behalte Ihre bisherige Angabe." in _texts(dispatcher)[0]


def test_answer_about_something_else_is_not_rejected_loudly(dispatcher):
    """Asked for the Land, the user gave the population: no complaint about „3.000 Einwohner“ as a Land."""
    tracker = make_tracker(text="Wir haben 3.000 Einwohner", entities=[{"entity": "population", "value": "3.000"}])
    assert ValidateProfileForm().validate_federal_state("Wir haben 3.000 Einwohner", dispatcher, tracker, DOMAIN) == {
        "federal_state": None
    }
    assert dispatcher.messages == []


@pytest.mark.parametrize("raw", ["ja", "ok", "Gerne!"])
def test_yes_is_not_a_name(raw, dispatcher):
    assert ValidateProfileForm().validate_municipality(raw, dispatcher, make_tracker(), DOMAIN) == {"municipality": None}
    assert "überspringen" in _texts(dispatcher)[0]
