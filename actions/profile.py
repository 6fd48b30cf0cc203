"""The profile form: validation of each slot, confirmation, showing and deleting the profile."""
from __future__ import annotations

from typing import Any, Callable, Dict, List, Optional, Text

from rasa_sdk import Action, FormValidationAction, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.funding import present_funding
from actions.text import quote_user_text
from knowledge.parsing import normalize_municipality_type, normalize_state, normalize_task_area, parse_german_number
from knowledge.profile import NOT_GIVEN, Profile

MAX_POPULATION = 4_000_000  # Berlin, the largest municipality, has about 3.9 million
PROFILE_SLOTS = ("federal_state", "municipality_type", "population", "task_area", "municipality", "budget")
NOT_A_NAME = ("ja", "jo", "ok", "okay", "gerne", "gern", "genau", "stimmt", "passt")
SKIP_WORDS = ("überspringen", "ueberspringen", "weiß ich nicht", "weiss ich nicht", "keine angabe", "skip", "egal")


class ValidateProfileForm(FormValidationAction):
    """Canonicalises each profile slot and re-asks politely when a value does not fit."""

    def name(self) -> Text:
        return "validate_profile_form"

    def validate_federal_state(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return _canonical(
            tracker, "federal_state", value, normalize_state, dispatcher,
            "kenne ich nicht als Bundesland. Bitte nennen Sie eines der 16 Länder, z. B. „Bayern“, „NRW“ oder "
            "„Sachsen-Anhalt“.",
        )

    def validate_municipality_type(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return _canonical(
            tracker, "municipality_type", value, normalize_municipality_type, dispatcher,
            "kann ich keiner Art von Kommune zuordnen. Bitte wählen Sie Gemeinde, Stadt, Landkreis, Amt, "
            "Verbandsgemeinde, Samtgemeinde oder Zweckverband.",
        )

    def validate_population(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        number = value if isinstance(value, (int, float)) else parse_german_number(str(value))
        if number is None or not 1 <= number <= MAX_POPULATION:
            return _rejected(
                tracker, "population", value, dispatcher,
                "passt nicht als Einwohnerzahl. Bitte nennen Sie eine Zahl zwischen 1 und 4 Millionen, zum Beispiel "
                "„12.500“ oder „ca. 8 Tsd.“.",
            )
        return {"population": float(round(number))}

    def validate_task_area(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        return _canonical(
            tracker, "task_area", value, normalize_task_area, dispatcher,
            "kenne ich nicht als Aufgabenfeld. Möglich sind z. B. Verwaltung, Mobilität, Energie, Umwelt, "
            "Gesundheit, Pflege, Bildung, Tourismus, Wirtschaft, Sicherheit, Breitband, Kultur, Landwirtschaft "
            "oder Wohnen.",
        )

    def validate_municipality(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[Text, Any]:
        name = str(value or "").strip()
        if not name or name.lower().strip(" .!") in SKIP_WORDS or name == NOT_GIVEN:
            return {"municipality": NOT_GIVEN}
        if len(name) > 80 or "<" in name or name.lower().strip(" .!") in NOT_A_NAME:
            dispatcher.utter_message(
                text="Bitte nennen Sie nur den Namen Ihrer Kommune, z. B. „Wutach“ – oder schreiben Sie „überspringen“."
            )
            return {"municipality": None}
        return {"municipality": name}


def _canonical(
    tracker: Tracker,
    slot: str,
    value: Any,
    normalize: Callable[[Optional[str]], Optional[str]],
    dispatcher: CollectingDispatcher,
    hint: str,
) -> Dict[Text, Any]:
    """The canonical value, or a polite hint that quotes what the user wrote."""
    canonical = normalize(value)
    if canonical is None:
        return _rejected(tracker, slot, value, dispatcher, hint)
    return {slot: canonical}


def _rejected(tracker: Tracker, slot: str, value: Any, dispatcher: CollectingDispatcher, hint: str) -> Dict[Text, Any]:
    """Say why ``value`` does not fit; keep the slot's earlier valid value, so a failed correction erases nothing.

    When the message carried other profile facts ("Wir haben 3.000 Einwohner" asked for the Land),
    it answered something else: no complaint, the form simply asks its question again.
    """
    previous = previous_value(tracker, slot)
    if any(e.get("entity") != slot for e in tracker.latest_message.get("entities") or []):
        return {slot: previous}
    text = f"{quote_user_text(value)} {hint}"
    if previous is not None:
        text += " Ich behalte Ihre bisherige Angabe."
    dispatcher.utter_message(text=text)
    return {slot: previous}


def previous_value(tracker: Tracker, slot: str) -> Any:
    """The slot's value before the latest user message (the extraction after it may have overwritten it)."""
    before_latest_message = False
    for event in reversed(tracker.events):
        if event.get("event") == "user":
            before_latest_message = True
        elif before_latest_message and event.get("event") == "slot" and event.get("name") == slot:
            return event.get("value")
    return None


class ActionProfileSubmit(Action):
    """Confirms the completed profile in one sentence; runs a search the user asked for before."""

    def name(self) -> Text:
        return "action_profile_submit"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        profile = Profile.from_slots(tracker.current_slot_values())
        done = "aktualisiert" if tracker.get_slot("profile_complete") else "gespeichert"
        dispatcher.utter_message(text=f"Vielen Dank, ich habe Ihr Profil {done}: {profile.describe()}.")
        events: List[EventType] = [SlotSet("profile_complete", True)]
        if tracker.get_slot("pending_search"):
            present_funding(dispatcher, profile)
            events.append(SlotSet("pending_search", False))
        else:
            dispatcher.utter_message(
                text="Was möchten Sie als Nächstes tun?",
                buttons=[
                    {"title": "Passende Förderprogramme", "payload": "/search_funding"},
                    {"title": "Praxisbeispiele ansehen", "payload": "/show_example"},
                    {"title": "Fahrplan", "payload": "/ask_roadmap"},
                ],
            )
        return events


class ActionShowProfile(Action):
    def name(self) -> Text:
        return "action_show_profile"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        profile = Profile.from_slots(tracker.current_slot_values())
        if profile.is_empty:
            dispatcher.utter_message(
                text="Ich habe noch keine Angaben zu Ihrer Kommune. Nennen Sie mir z. B. Bundesland, Art der Kommune "
                "und Einwohnerzahl: „Wir sind eine Gemeinde in Hessen mit 6.000 Einwohnern.“"
            )
        else:
            missing = _missing_labels(profile)
            text = f"Ihr Profil in diesem Gespräch: {profile.describe()}."
            if missing:
                text += f" Noch offen: {missing}."
            dispatcher.utter_message(text=text)
        return []


class ActionDeleteProfile(Action):
    """Clears every profile slot (after the user confirmed)."""

    def name(self) -> Text:
        return "action_delete_profile"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        dispatcher.utter_message(text="Ich habe alle Angaben zu Ihrer Kommune aus diesem Gespräch gelöscht.")
        return [SlotSet(slot, None) for slot in PROFILE_SLOTS] + [
            SlotSet("profile_complete", False),
            SlotSet("pending_search", False),
        ]


def _missing_labels(profile: Profile) -> Optional[str]:
    labels = {
        "federal_state": "Bundesland",
        "municipality_type": "Art der Kommune",
        "population": "Einwohnerzahl",
        "task_area": "Aufgabenfeld",
    }
    missing = [label for slot, label in labels.items() if getattr(profile, slot) in (None, "")]
    return ", ".join(missing) or None
