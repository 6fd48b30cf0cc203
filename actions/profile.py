"""The profile in the conversation: saying what changed, showing and deleting it, declining a question."""

from __future__ import annotations

import dataclasses
import re
from typing import Any, List, Optional, Tuple

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.about import answer_about
from actions.context import CONTEXT_SLOTS, profile_changes, text_of, text_slot, topic
from actions.examples import answer_examples, answer_examples_and_funding
from actions.funding import present_funding
from actions.guard import GuardedAction
from actions.kb import knowledge_base
from bot.markers import DELETE_CONVERSATION
from knowledge.amounts import contract_value
from knowledge.faq import find_faq
from knowledge.followups import (
    asks_about_bot,
    asks_about_privacy,
    asks_about_procurement,
    asks_for_contact,
    asks_for_examples,
    asks_for_funding,
    asks_for_guide,
    asks_for_roadmap,
)
from knowledge.needs import find_needs
from knowledge.parsing import find_state, is_what_if
from knowledge.profile import PROFILE_SLOTS, SLOT_LABELS, Profile, value_text

NEXT_STEPS = [
    {"title": "Förderprogramme finden", "payload": "/search_funding"},
    {"title": "Praxisbeispiele ansehen", "payload": "/show_example"},
    {"title": "Vergabe erklärt", "payload": "/explain_procurement"},
    {"title": "Fahrplan", "payload": "/ask_roadmap"},
]


def change_sentence(changes: List[Tuple[str, Any, Any]]) -> str:
    """ "Ich habe Ihr Profil aktualisiert: Bundesland Hessen (vorher: Bayern)." – or "Notiert: …" for new facts."""
    updated = [
        f"{SLOT_LABELS[s]} {value_text(s, new)} (vorher: {value_text(s, old)})"
        for s, old, new in changes
        if old is not None
    ]
    added = [f"{SLOT_LABELS[s]} {value_text(s, new)}" for s, old, new in changes if old is None]
    parts = []
    if updated:
        parts.append("Ich habe Ihr Profil aktualisiert: " + "; ".join(updated) + ".")
    if added:
        parts.append(("Außerdem notiert: " if updated else "Notiert: ") + ", ".join(added) + ".")
    return " ".join(parts)


async def answer_profile_change(dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[List[EventType]]:
    """Say what changed and carry on with the topic in progress; None when nothing changed."""
    changes = profile_changes(tracker)
    if not changes:
        return None
    sentence = change_sentence(changes)
    from actions.details import ActionFundingDetails, names_a_programme  # details → funding → this module

    if names_a_programme(tracker):  # "Ist Starke Heimat Hessen noch offen?": the question comes first
        events = await ActionFundingDetails().answer(dispatcher, tracker, {})
        dispatcher.utter_message(text=sentence)
        return events
    profile = Profile.from_slots(tracker.current_slot_values())
    context = topic(tracker)
    changed = {slot for slot, _, _ in changes}
    if context in ("funding", "details") or text_slot(tracker, "asked_slot") in changed:
        return present_funding(dispatcher, profile, lead=sentence + "\n")
    if context == "procurement" and "federal_state" in changed:
        from actions.procurement import ActionExplainProcurement  # procurement imports examples, not this module

        dispatcher.utter_message(text=sentence)
        return await ActionExplainProcurement().answer(dispatcher, tracker, {})
    text = text_of(tracker)
    if (context == "examples" and changed & {"task_area", "federal_state"}) or asks_for_examples(text):
        dispatcher.utter_message(text=sentence)
        return answer_examples(dispatcher, tracker)
    routed = await _answer_the_question(dispatcher, tracker, text, sentence)
    if routed is not None:
        return routed
    if find_needs(text):
        # "Gemeinde in Bayern, 4.500 Einwohner. Unsere Bürger sollen Schlaglöcher online melden können": the
        # need is the question – answered at once with examples (and the list when it asks for money)
        dispatcher.utter_message(text=sentence)
        return await answer_examples_and_funding(dispatcher, tracker)
    if asks_for_funding(text) or text_slot(tracker, "last_search"):
        # "Wir suchen Fördermittel für Mobilität", or a fact after an earlier funding search: the list, refined
        return present_funding(dispatcher, profile, lead=sentence + "\n")
    dispatcher.utter_message(
        text=f"{sentence} Ihr Profil: {profile.describe()}. Womit darf ich Ihnen helfen?", buttons=NEXT_STEPS
    )
    return []


async def _answer_the_question(
    dispatcher: CollectingDispatcher, tracker: Tracker, text: str, sentence: str
) -> Optional[List[EventType]]:
    """A message with profile facts that also asks something ("Bürgermeister aus Brandenburg hier – wer kann mich
    beraten?") gets the answer after the note of what changed. Local imports: those modules import this one."""
    from actions.guides import answer_guide
    from actions.handoff import ActionHumanHandoff
    from actions.procurement import ActionExplainProcurement

    if asks_for_contact(text):
        dispatcher.utter_message(text=sentence)
        return await ActionHumanHandoff().answer(dispatcher, tracker, {})
    if asks_about_procurement(text) or contract_value(text) is not None:
        dispatcher.utter_message(text=sentence)
        return await ActionExplainProcurement().answer(dispatcher, tracker, {})
    if find_faq(text, knowledge_base().faq) or asks_for_guide(text) and not asks_for_funding(text):
        dispatcher.utter_message(text=sentence)
        return await answer_guide(dispatcher, tracker, "roadmap" if asks_for_roadmap(text) else "application_path")
    return None


class ActionUpdateProfile(GuardedAction):
    """Profile facts (and corrections) in any phrasing: says exactly what changed, or that nothing did."""

    def name(self) -> str:
        return "action_update_profile"

    async def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        from actions.fallback import answer_change_or_follow_up  # the fallback imports this module

        events = await answer_change_or_follow_up(dispatcher, tracker, domain)
        if events is not None:
            return events
        profile = Profile.from_slots(tracker.current_slot_values())
        text = text_of(tracker)
        other_land = find_state(text) if is_what_if(text) else None
        if other_land and other_land != profile.federal_state:
            # "Was wäre, wenn wir in Sachsen wären?": answer for that Land, keep the saved profile
            lead = f"Ihr gespeichertes Profil bleibt unverändert ({profile.describe()}). Angenommen, Sie wären in {other_land}: "
            hypothetical = dataclasses.replace(profile, federal_state=other_land)
            return present_funding(dispatcher, hypothetical, lead=lead, from_question=True)
        if profile.is_empty:
            dispatcher.utter_message(response="utter_default")
        else:
            dispatcher.utter_message(
                text=f"Das hatte ich bereits so notiert: {profile.describe()}. Womit darf ich Ihnen helfen?",
                buttons=NEXT_STEPS,
            )
        return []


class ActionShowProfile(GuardedAction):
    def name(self) -> str:
        return "action_show_profile"

    async def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        text = text_of(tracker)
        # "Was passiert mit meinen Daten?", "Wer hat Sie entwickelt?" are not "Was wissen Sie über uns?"
        if asks_about_privacy(text) or asks_about_bot(text):
            return answer_about(dispatcher, text_of(tracker))
        profile = Profile.from_slots(tracker.current_slot_values())
        if profile.is_empty:
            dispatcher.utter_message(
                text="Ich habe noch keine Angaben zu Ihrer Kommune. Nennen Sie mir z. B. Bundesland, Art der Kommune "
                "und Einwohnerzahl: „Wir sind eine Gemeinde in Hessen mit 6.000 Einwohnern.“"
            )
            return []
        missing = ", ".join(SLOT_LABELS[slot] for slot in profile.missing)
        text = f"Ihr Profil in diesem Gespräch: {profile.describe()}."
        if missing:
            text += f" Noch offen (freiwillig): {missing}."
        dispatcher.utter_message(text=text, buttons=[{"title": "Profil löschen", "payload": "/delete_profile"}])
        return []


_DELETE_WORDS = re.compile(r"lösch|loesch|entfern|vergiss|vergessen|zurücksetzen|/delete_profile", re.IGNORECASE)


class ActionAskDelete(GuardedAction):
    """Asks "Soll ich … löschen?" – only when the message asks for it; anything else the NLU called
    delete_profile ("Geht das smarter?") is answered in context instead."""

    def name(self) -> str:
        return "action_ask_delete"

    async def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        if _DELETE_WORDS.search(text_of(tracker)):
            dispatcher.utter_message(response="utter_ask_delete_confirm")
            return [SlotSet("delete_asked", True)]
        from actions.fallback import answer_change_or_follow_up  # the fallback imports this module

        events = await answer_change_or_follow_up(dispatcher, tracker, domain) or []
        if not dispatcher.messages:
            dispatcher.utter_message(response="utter_default")
        return events + [SlotSet("delete_asked", False)]


class ActionDeleteProfile(GuardedAction):
    """Clears every profile and context slot and has the stored conversation deleted – only after the user
    confirmed the question."""

    def name(self) -> str:
        return "action_delete_profile"

    async def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        if not tracker.get_slot("delete_asked"):
            dispatcher.utter_message(response="utter_anything_else")
            return []
        dispatcher.utter_message(
            text="Ich habe alle Angaben zu Ihrer Kommune und den bisherigen Gesprächsverlauf gelöscht."
        )
        # The marker makes the tracker store delete every stored event of this sender (bot/tracker_store.py);
        # it is emitted here only, after the confirmed question.
        marker: EventType = {**SlotSet("delete_asked", None), "metadata": dict(DELETE_CONVERSATION)}
        return [SlotSet(slot, None) for slot in PROFILE_SLOTS + CONTEXT_SLOTS] + [marker]


def _last_bot_action(tracker: Tracker) -> Optional[str]:
    """The last action before the latest user message (action_listen aside)."""
    seen_user = False
    for event in reversed(tracker.events or []):
        if event.get("event") == "user":
            seen_user = True
        elif seen_user and event.get("event") == "action" and event.get("name") != "action_listen":
            return event.get("name")
    return None


_DENIAL = re.compile(
    r"\bnein\b|\bne\b|\bnee\b|nicht|\bkein|abbrech|überspring|ueberspring|lieber|egal|\bstop|\bstopp|weiter ohne|"
    r"keine angabe|möchte ich nicht|/deny",
    re.IGNORECASE,
)


class ActionDecline(GuardedAction):
    """ "Nein", "abbrechen", "überspringen": drops the open question, or asks what else to do."""

    def name(self) -> str:
        return "action_decline"

    async def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        if not _DENIAL.search(text_of(tracker)):
            from actions.fallback import answer_change_or_follow_up  # "das zweite" taken for a "nein"

            events = await answer_change_or_follow_up(dispatcher, tracker, domain)
            if events is not None:
                return events
        if tracker.get_slot("delete_asked") and _last_bot_action(tracker) == "action_ask_delete":
            dispatcher.utter_message(response="utter_delete_cancelled")
            return [SlotSet("delete_asked", False), SlotSet("asked_slot", None), SlotSet("asked_again", None)]
        if text_slot(tracker, "asked_slot"):
            dispatcher.utter_message(
                text="In Ordnung, dann ohne diese Angabe. Womit kann ich Ihnen sonst helfen?", buttons=NEXT_STEPS
            )
        else:
            dispatcher.utter_message(text="In Ordnung. Kann ich sonst noch etwas für Sie tun?", buttons=NEXT_STEPS)
        return [SlotSet("asked_slot", None), SlotSet("asked_again", None)]
