"""Questions about the assistant itself: is it a person, who is behind it, what happens to the data."""

from __future__ import annotations

from typing import List

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.context import text_of
from actions.guard import GuardedAction
from knowledge.followups import asks_about_privacy


def answer_about(dispatcher: CollectingDispatcher, text: str) -> List[EventType]:
    """The privacy answer for a question about data, else who and what the assistant is. Both are fixed
    texts in the domain: they describe the deployment (tracker store, deletion, retention), not the knowledge base."""
    if asks_about_privacy(text):
        dispatcher.utter_message(response="utter_privacy")
    else:
        dispatcher.utter_message(response="utter_iamabot")
    return []


class ActionAboutBot(GuardedAction):
    """ "Bist du ein Mensch?", "Ist das hier datenschutzkonform?" (the NLU calls both bot_challenge)."""

    def name(self) -> str:
        return "action_about_bot"

    async def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        return answer_about(dispatcher, text_of(tracker))
