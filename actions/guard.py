"""One guard around every action: no exception can silence the bot.

Any exception is caught, logged with the action's name, the exception type and the
code location only (never message texts, slot values or the tracker), and the user
gets a German apology with a next step. The guard also clears the bot's open
question (``asked_slot``) unless the action asked it again, so a later bare number
is never read as the answer to a question the user already moved past.
"""

from __future__ import annotations

import logging
import traceback
from abc import ABC, abstractmethod
from typing import Any, List

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.context import REFINE

logger = logging.getLogger(__name__)

APOLOGY = (
    "Entschuldigung, bei dieser Antwort ist bei mir ein technischer Fehler aufgetreten. Bitte versuchen Sie es "
    "mit anderen Worten noch einmal – oder wählen Sie ein Thema."
)
NEXT_STEPS = [
    {"title": "Förderprogramme finden", "payload": "/search_funding"},
    {"title": "Vergabe erklärt", "payload": "/explain_procurement"},
    {"title": "Hilfe", "payload": "/help"},
]


def log_failure(action: str, exc: BaseException) -> None:
    """Log where it failed, not what the user said: frames are file, line and function only."""
    frames = traceback.extract_tb(exc.__traceback__)
    where = " <- ".join(f"{f.filename.rsplit('/', 1)[-1]}:{f.lineno} {f.name}" for f in reversed(frames[-4:]))
    logger.error("Aktion %s fehlgeschlagen: %s bei %s", action, type(exc).__name__, where)


class GuardedAction(Action, ABC):
    """Base class of every custom action: implement ``name`` and ``answer`` instead of ``run``.

    Abstract, so rasa-sdk's executor registers only the concrete actions.
    """

    @abstractmethod
    def name(self) -> str: ...

    @abstractmethod
    async def answer(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]: ...

    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        try:
            events = list(await self.answer(dispatcher, tracker, domain) or [])
        except Exception as exc:  # noqa: BLE001 - the whole point: nothing may escape to Rasa
            log_failure(self.name(), exc)
            dispatcher.messages.clear()
            dispatcher.utter_message(text=APOLOGY, buttons=NEXT_STEPS)
            return [SlotSet("asked_slot", None), SlotSet("asked_again", None)]
        if not dispatcher.messages:
            # An action that found nothing to say must still answer.
            dispatcher.utter_message(response="utter_default")
        if not any(_sets(event, "asked_slot") for event in events):
            events += _open_question(dispatcher, tracker, events)
        return events


def _sets(event: Any, slot: str) -> bool:
    return isinstance(event, dict) and event.get("event") == "slot" and event.get("name") == slot


def _open_question(dispatcher: CollectingDispatcher, tracker: Tracker, events: List[EventType]) -> List[EventType]:
    """The bot's open question after another answer: asked again once, then dropped.

    "In welchem Bundesland …?" – the user asks about Innovationspartnerschaft instead: that is answered,
    the question follows once more, and a later "Bayern" still completes the funding search.
    """
    asked = tracker.get_slot("asked_slot")
    still_open = isinstance(asked, str) and asked in REFINE and tracker.get_slot(asked) in (None, "")
    if still_open and not tracker.get_slot("asked_again") and not any(_sets(e, asked) for e in events):
        dispatcher.utter_message(text=f"Noch offen: {REFINE[asked][0].split('. ')[-1]}")
        return [SlotSet("asked_again", True)]
    return [SlotSet("asked_slot", None), SlotSet("asked_again", None)]
