"""Practice examples of municipal digital services, found by task area or everyday need words."""

from __future__ import annotations

from typing import List, Optional

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.context import entity_value, named_state, set_topic, text_of, text_slot, topic
from actions.guard import GuardedAction
from actions.kb import knowledge_base
from actions.text import first_sentence, payload, stand_and_source
from knowledge.examples import examples
from knowledge.followups import asks_for_examples, asks_for_funding
from knowledge.needs import NEEDS, Need, find_needs, fits_need
from knowledge.parsing import find_task_area, format_number, normalize_task_area
from knowledge.profile import Profile
from knowledge.schema import Example
from knowledge.search import describes_need, relevance_order
from knowledge.vocabulary import MUNICIPALITY_TYPES, TASK_AREAS

SHOWN = 3


def example_text(example: Example) -> str:
    facts = [example.state]
    if example.municipality_type:
        facts.append(MUNICIPALITY_TYPES[example.municipality_type])
    if example.population:
        facts.append(f"rund {format_number(example.population)} Einwohner")
    text = (
        f"{example.municipality} ({', '.join(facts)}): {example.title}\n   {first_sentence(example.description, 200)}"
    )
    if example.partners_funding != "unbekannt":
        text += f"\n   Partner/Förderung: {first_sentence(example.partners_funding, 140)}"
    return text + f"\n   {stand_and_source(example)}"


def answer_examples(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType]:
    """Up to three examples for the need, task area or profile; says so honestly when none fits."""
    text = text_of(tracker)
    profile = Profile.from_slots(tracker.current_slot_values())
    needs = find_needs(text)
    asked_area = entity_value(tracker, "task_area", normalize_task_area) or find_task_area(text)
    previous = next((n for n in NEEDS if n.key == text_slot(tracker, "example_need")), None)
    # "gibt es das auch in Bayern?" keeps the need of the last examples; a new topic replaces it
    need: Optional[Need] = (
        needs[0] if needs else (previous if topic(tracker) == "examples" and not asked_area else None)
    )
    area = asked_area or (need.task_areas[0] if need else None) or profile.task_area
    land = named_state(tracker) or profile.federal_state
    pool = examples(area, profile.population, land, knowledge_base().examples)
    intro = f"Praxisbeispiele für {TASK_AREAS[area]}:" if area else "Einige Praxisbeispiele aus Kommunen:"
    if not need and not asked_area and describes_need(text):
        # a description in the user's own words: order by free-text relevance (knowledge/search.py)
        order = relevance_order(text, knowledge_base().examples, pool)
        pool = sorted(pool, key=lambda e: order.get(e.id, len(order)))
        intro = "Diese Praxisbeispiele kommen Ihrer Beschreibung am nächsten:"
    if need:
        fitting = [e for e in pool if fits_need(f"{e.title} {e.description}", need)]
        if fitting:
            pool = fitting + [e for e in pool if e not in fitting]
            intro = f"Praxisbeispiele zu {need.label}:"
        else:
            intro = (
                (
                    f"Zu {need.label} habe ich kein passendes Praxisbeispiel. Am nächsten liegt das Aufgabenfeld "
                    f"{TASK_AREAS[area]}:"
                )
                if area
                else f"Zu {need.label} habe ich kein passendes Praxisbeispiel."
            )
    if not pool:
        dispatcher.utter_message(
            text=f"Für das Aufgabenfeld {TASK_AREAS.get(area or '', area)} habe ich noch kein Praxisbeispiel. "
            "Möchten Sie Beispiele aus einem anderen Feld sehen?",
            buttons=_area_buttons(),
        )
        return set_topic("examples")
    lines = [f"{i}. {example_text(e)}" for i, e in enumerate(pool[:SHOWN], start=1)]
    dispatcher.utter_message(text=intro + "\n" + "\n".join(lines), buttons=_area_buttons(exclude=area))
    return set_topic("examples", example_need=need.key if need else None)


def _area_buttons(exclude: object = None) -> List[dict]:
    picks = [a for a in ("verwaltung", "mobilitaet", "bildung", "energie", "gesundheit") if a != exclude][:4]
    return [{"title": f"Beispiele {TASK_AREAS[a]}", "payload": payload("show_example", task_area=a)} for a in picks]


class ActionShowExamples(GuardedAction):
    def name(self) -> str:
        return "action_show_examples"

    async def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        text = text_of(tracker)
        if answers_the_open_question(tracker, text):
            from actions.profile import ActionUpdateProfile  # "Digitale Verwaltung" answers "Welches Aufgabenfeld?"

            return await ActionUpdateProfile().answer(dispatcher, tracker, domain)
        return await answer_examples_and_funding(dispatcher, tracker)


def answers_the_open_question(tracker: Tracker, text: str) -> bool:
    """A short task-area answer to the bot's open question (asked by a funding search, perhaps repeated
    after another answer) is no request for examples."""
    return (
        text_slot(tracker, "asked_slot") == "task_area"
        and len(text.split()) <= 4
        and not asks_for_examples(text)
        and bool(find_task_area(text))
    )


async def answer_examples_and_funding(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType]:
    """Examples – and the funding list too when the message also asks for money ("Geld oder Vorbilder?")."""
    events = answer_examples(dispatcher, tracker)
    if asks_for_funding(text_of(tracker)):
        from actions.funding import ActionSearchFunding  # funding may answer with examples, too

        events += await ActionSearchFunding().funding_only(dispatcher, tracker)
    return events
