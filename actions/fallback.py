"""Messages the NLU could not place: answered from the context of what was shown last.

"ist auch was von der EU dabei?", "und bei 60.000?", "Schritt 3" or "Terminbuchung" may
come in as nlu_fallback or out_of_scope; before the bot says it did not understand, it
checks whether the message is a follow-up to the last answer or names a known need.
"""

from __future__ import annotations

import re
from typing import List, Optional

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.about import answer_about
from actions.context import intent_of, programmes_in_view, text_of, topic
from actions.details import ActionFundingDetails, names_a_programme
from actions.estimates import answer_cost, answer_duration
from actions.examples import answer_examples
from actions.funding import ActionSearchFunding
from actions.guard import GuardedAction
from actions.guides import answer_guide, answer_route_follow_up
from actions.handoff import ActionHumanHandoff
from actions.kb import knowledge_base
from actions.procurement import ActionExplainProcurement
from actions.profile import answer_profile_change
from knowledge.amounts import find_amount
from knowledge.faq import find_faq
from knowledge.followups import (
    asks_about_bot,
    asks_about_cost,
    asks_about_duration,
    asks_about_privacy,
    asks_about_procurement,
    asks_for_contact,
    asks_for_examples,
    asks_for_funding,
    asks_net_or_gross,
    aspect,
    contract_kind,
    funding_level,
    looks_english,
    ordinal,
    step_number,
    wants_all_steps,
    wants_alternatives,
    wants_more,
)
from knowledge.needs import find_needs
from knowledge.parsing import find_municipality_type, find_state, is_what_if


async def answer_in_context(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
) -> Optional[List[EventType]]:
    """Answer ``tracker``'s message as a follow-up if it is one (its events); None when it is not."""
    text = text_of(tracker)
    context = topic(tracker)
    if names_a_programme(tracker):
        return await ActionFundingDetails().answer(dispatcher, tracker, domain)
    on_route = answer_route_follow_up(dispatcher, tracker)
    if on_route is not None:
        return on_route
    if context in ("funding", "details") and wants_alternatives(text):
        return await ActionSearchFunding().answer(dispatcher, tracker, domain)
    if context in ("funding", "details"):
        if programmes_in_view(tracker) and (aspect(text) or ordinal(text) is not None or is_what_if(text)):
            return await ActionFundingDetails().answer(dispatcher, tracker, domain)
        if funding_level(text) or wants_more(text) or find_state(text):
            return await ActionSearchFunding().answer(dispatcher, tracker, domain)
    if context == "procurement" and (
        (is_what_if(text) and find_municipality_type(text))
        or find_amount(text, allow_bare=True) is not None
        or contract_kind(text)
        or asks_net_or_gross(text)
        or find_state(text)
    ):
        return await ActionExplainProcurement().answer(dispatcher, tracker, domain)
    if context == "examples" and (find_state(text) or find_needs(text) or asks_for_examples(text)):
        return answer_examples(dispatcher, tracker)  # "gibt es das auch in Bayern?"
    if context == "handoff" and (funding_level(text) or find_state(text) or asks_for_contact(text)):
        return await ActionHumanHandoff().answer(dispatcher, tracker, domain)  # "und beim Bund?"
    if context in ("roadmap", "application") and (step_number(text) or wants_all_steps(text)):
        return await answer_guide(dispatcher, tracker, "roadmap" if context == "roadmap" else "application_path")
    return await answer_by_cue(dispatcher, tracker, domain)


async def answer_by_cue(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
) -> Optional[List[EventType]]:
    """Without a context: the words of the message decide (the NLU's intent was not usable)."""
    text = text_of(tracker)
    if asks_about_privacy(text) or asks_about_bot(text):
        return answer_about(dispatcher, text)  # "Was passiert mit meinen Daten?", "Wer hat dich gemacht?"
    if find_faq(text, knowledge_base().faq) and not find_needs(text):
        return await answer_guide(dispatcher, tracker, "application_path")
    if asks_about_cost(text) and not asks_for_funding(text):
        return answer_cost(dispatcher, tracker)  # "Was kostet sowas ungefähr?": honest, no invented figure
    if asks_about_duration(text):
        return answer_duration(dispatcher, tracker)
    if find_needs(text) and (asks_for_examples(text) or not asks_for_funding(text)):
        return answer_examples(dispatcher, tracker)
    if asks_for_examples(text) and not asks_for_funding(text):
        return answer_examples(dispatcher, tracker)  # "ok cool und beispiele?"
    if asks_for_contact(text):
        return await ActionHumanHandoff().answer(dispatcher, tracker, domain)
    if asks_for_funding(text):
        return await ActionSearchFunding().funding_only(dispatcher, tracker)
    if asks_about_procurement(text) or find_amount(text) is not None:
        return await ActionExplainProcurement().answer(dispatcher, tracker, domain)
    return None


async def answer_change_or_follow_up(
    dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
) -> Optional[List[EventType]]:
    """What changed in the profile (and the answer that goes with it), else the answer in context; None if neither."""
    events = await answer_profile_change(dispatcher, tracker)
    if events is not None:
        return events
    return await answer_in_context(dispatcher, tracker, domain)


class ActionContextFallback(GuardedAction):
    def name(self) -> str:
        return "action_context_fallback"

    async def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        events = await answer_change_or_follow_up(dispatcher, tracker, domain)
        if events is not None:
            return events
        text = text_of(tracker)
        if _GOODBYE.search(text) or _THANKS.search(text):
            # "Danke, dann rufe ich da an. Schönen Tag noch!": no open question after a goodbye
            dispatcher.utter_message(response="utter_goodbye" if _GOODBYE.search(text) else "utter_you_are_welcome")
            return [SlotSet("asked_slot", None), SlotSet("asked_again", None)]
        if looks_english(text):
            dispatcher.utter_message(text=GERMAN_ONLY)
            dispatcher.utter_message(response="utter_greet")
        elif intent_of(tracker) == "out_of_scope":
            dispatcher.utter_message(response="utter_out_of_scope")
        else:
            dispatcher.utter_message(response="utter_default")
        return []


GERMAN_ONLY = "Ich antworte auf Deutsch."
_THANKS = re.compile(r"\bdanke|\bdank\b|vielen dank|merci", re.IGNORECASE)
_GOODBYE = re.compile(
    r"tschüss|tschuess|tschö|wiedersehen|wiederhören|schönen tag|schoenen tag|bis bald|bis dann|ciao|ade\b|servus"
    r"|mach(?:'|e|)s gut|machen sie es gut|feierabend|ich muss (?:los|weg)|schluss",
    re.IGNORECASE,
)


class ActionAffirm(GuardedAction):
    """ "ok" – or a request the NLU took for a yes ("ok cool und beispiele?")."""

    def name(self) -> str:
        return "action_affirm"

    async def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        if len(text_of(tracker).split()) > 2:  # "das erste genauer bitte": a follow-up, then the words decide
            events = await answer_in_context(dispatcher, tracker, domain) or await answer_by_cue(
                dispatcher, tracker, domain
            )
            if events is not None:
                return events
        dispatcher.utter_message(response="utter_anything_else")
        return []


class ActionGoodbye(GuardedAction):
    """ "Tschüss" – or a follow-up the NLU took for a goodbye ("und bis wann läuft das?")."""

    def name(self) -> str:
        return "action_goodbye"

    async def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        if not _GOODBYE.search(text_of(tracker)):
            events = await answer_change_or_follow_up(dispatcher, tracker, domain)
            if events is not None:
                return events
        dispatcher.utter_message(response="utter_goodbye")
        return [SlotSet("asked_slot", None), SlotSet("asked_again", None)]


class ActionGreet(GuardedAction):
    """A greeting, or a greeting with a question ("Moin, Gemeinde in Sachsen – was fördert das Land?")."""

    def name(self) -> str:
        return "action_greet"

    async def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        if looks_english(text_of(tracker)):  # "Hello, do you speak English?": say which language it answers in
            dispatcher.utter_message(text=GERMAN_ONLY)
        elif len(text_of(tracker).split()) > 3:
            events = await answer_change_or_follow_up(dispatcher, tracker, domain)
            if events is not None:
                return events
        dispatcher.utter_message(response="utter_greet")
        return []
