"""Practice examples of municipal digital services."""
from __future__ import annotations

from typing import List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.kb import knowledge_base
from actions.text import first_sentence, stand_and_source
from knowledge.examples import examples
from knowledge.parsing import format_number
from knowledge.profile import Profile
from knowledge.schema import Example
from knowledge.vocabulary import MUNICIPALITY_TYPES, TASK_AREAS

SHOWN = 3


def example_text(example: Example) -> str:
    facts = [example.state]
    if example.municipality_type:
        facts.append(MUNICIPALITY_TYPES[example.municipality_type])
    if example.population:
        facts.append(f"rund {format_number(example.population)} Einwohner")
    text = f"{example.municipality} ({', '.join(facts)}): {example.title}\n   {example.description}"
    if example.benefit != "unbekannt":
        text += f"\n   Nutzen: {first_sentence(example.benefit, 200)}"
    if example.partners_funding != "unbekannt":
        text += f"\n   Partner/Förderung: {first_sentence(example.partners_funding, 200)}"
    return text + f"\n   {stand_and_source(example.stand, example.source_url)}"


class ActionShowExamples(Action):
    """Up to three examples for the asked (or profile's) task area, similar municipalities first."""

    def name(self) -> Text:
        return "action_show_examples"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        profile = Profile.from_slots(tracker.current_slot_values())
        area = next(tracker.get_latest_entity_values("task_area"), None) or profile.task_area
        found = examples(area, profile.population, profile.federal_state, knowledge_base().examples)[:SHOWN]
        if not found:
            dispatcher.utter_message(
                text=f"Für das Aufgabenfeld {TASK_AREAS.get(area, area)} habe ich noch kein Praxisbeispiel. "
                "Möchten Sie Beispiele aus einem anderen Feld sehen?",
                buttons=_area_buttons(),
            )
            return []
        intro = f"Praxisbeispiele für {TASK_AREAS[area]}:" if area else "Einige Praxisbeispiele aus Kommunen:"
        lines = [f"{i}. {example_text(e)}" for i, e in enumerate(found, start=1)]
        dispatcher.utter_message(text=intro + "\n" + "\n".join(lines), buttons=_area_buttons(exclude=area))
        return []


def _area_buttons(exclude: object = None) -> List[dict]:
    picks = [a for a in ("verwaltung", "mobilitaet", "bildung", "energie", "gesundheit") if a != exclude][:4]
    return [
        {"title": f"Beispiele {TASK_AREAS[a]}", "payload": f'/show_example{{"task_area": "{a}"}}'} for a in picks
    ]
