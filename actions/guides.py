"""The roadmap to the digital Kommune and the path to a funding application."""
from __future__ import annotations

from typing import List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.kb import knowledge_base
from actions.text import stand_and_source
from knowledge.schema import Guide


def guide_text(guide: Guide) -> str:
    steps = [f"{i}. {step.title}: {step.text}" for i, step in enumerate(guide.steps, start=1)]
    return "\n".join([guide.title, guide.intro, *steps, stand_and_source(guide.stand, guide.source_url)])


def send_guide(dispatcher: CollectingDispatcher, guide_id: str, buttons: List[dict]) -> None:
    guide = next(g for g in knowledge_base().guides if g.id == guide_id)
    dispatcher.utter_message(text=guide_text(guide), buttons=buttons)


class ActionRoadmap(Action):
    def name(self) -> Text:
        return "action_roadmap"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        send_guide(
            dispatcher,
            "roadmap",
            [
                {"title": "Förderprogramme finden", "payload": "/search_funding"},
                {"title": "Praxisbeispiele ansehen", "payload": "/show_example"},
                {"title": "Vergabe erklärt", "payload": "/explain_procurement"},
            ],
        )
        return []


class ActionApplicationPath(Action):
    def name(self) -> Text:
        return "action_application_path"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        send_guide(
            dispatcher,
            "application_path",
            [
                {"title": "Passende Programme suchen", "payload": "/search_funding"},
                {
                    "title": "Vergabepflichten aus dem Bescheid",
                    "payload": '/explain_procurement{"procurement_topic": "foerdermittel_vergabe"}',
                },
            ],
        )
        return []
