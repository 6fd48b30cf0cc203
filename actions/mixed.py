"""Mixed requests: one message asks for two things ("Gibt es Geld oder Vorbilder dafür?").

The NLU recognises them as combined intents ("search_funding+show_example", see
data/nlu/mixed.yml); this action answers each part in the order a user reads best: the
examples or the procurement answer first, then the funding list.
"""

from __future__ import annotations

from typing import Any, List

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.context import intent_of, text_of
from actions.examples import answer_examples
from actions.funding import ActionSearchFunding
from actions.guard import GuardedAction
from actions.procurement import ActionExplainProcurement
from knowledge.amounts import find_amount
from knowledge.followups import asks_about_procurement, asks_for_funding


def intent_parts(intent: object) -> List[str]:
    """ "search_funding+show_example" → ["search_funding", "show_example"]."""
    return [part for part in intent.split("+") if part] if isinstance(intent, str) else []


def shows_programmes(events: List[Any]) -> bool:
    """True when an answer already listed programmes (the procurement answer may do so)."""
    return any(isinstance(e, dict) and e.get("name") == "shown_programmes" and e.get("value") for e in events)


class ActionAnswerMixed(GuardedAction):
    def name(self) -> str:
        return "action_answer_mixed"

    async def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        parts = intent_parts(intent_of(tracker))
        events: List[EventType] = []
        if "show_example" in parts:
            events += answer_examples(dispatcher, tracker)
        text = text_of(tracker)
        # "Und wie bezahlen wir das?" was read as procurement + funding: only money was asked for
        procurement_asked = asks_about_procurement(text) or find_amount(text) is not None
        if "explain_procurement" in parts and (procurement_asked or "search_funding" not in parts):
            events += await ActionExplainProcurement().answer(dispatcher, tracker, domain)
        # "Vorbilder dafür?" after a funding list is no new money question, whatever the NLU combined
        wants_money = asks_for_funding(text) or "show_example" not in parts
        if "search_funding" in parts and not shows_programmes(events) and wants_money:
            events += await ActionSearchFunding().funding_only(dispatcher, tracker)
        return events
