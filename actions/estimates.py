"""Cost and duration of a project ("Was kostet sowas ungefähr?", "Wie lange dauert das alles?").

The knowledge base has no general cost or duration figures, so the answer says so honestly and points to
what it does hold: amounts that practice examples' sources name, the rates of funding programmes, the roadmap.
It never estimates a number itself.
"""

from __future__ import annotations

from typing import List

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher

from actions.examples import order_examples, read_request
from actions.kb import knowledge_base
from actions.text import first_sentence, stand_and_source
from knowledge.examples import states_costs
from knowledge.profile import Profile

PRICED_SHOWN = 2
COST_BUTTONS = [
    {"title": "Förderprogramme finden", "payload": "/search_funding"},
    {"title": "Praxisbeispiele ansehen", "payload": "/show_example"},
    {"title": "Vergabe erklärt", "payload": "/explain_procurement"},
]
DURATION_BUTTONS = [
    {"title": "Fahrplan", "payload": "/ask_roadmap"},
    {"title": "Weg zum Förderantrag", "payload": "/ask_application"},
]


def answer_cost(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType]:
    profile = Profile.from_slots(tracker.current_slot_values())
    lines = [
        "Allgemeine Kostenangaben habe ich leider nicht: Was ein digitales Vorhaben kostet, hängt von Umfang, "
        "Anbieter, Lizenzen und Betrieb ab, und meine Wissensbasis nennt dafür keine Richtwerte."
    ]
    request = read_request(tracker, profile)
    if request.need or request.area:
        fitting, pool = order_examples(request, profile, list(knowledge_base().examples))
        priced = [e for e in (fitting if request.need else pool) if states_costs(e)][:PRICED_SHOWN]
        if priced:
            lines.append("Beträge aus Praxisbeispielen, soweit die Quelle sie nennt:")
            lines += [
                f"• {e.municipality}: {e.title} – {first_sentence(e.partners_funding, 200)}\n   {stand_and_source(e)}"
                for e in priced
            ]
    lines.append(
        "Verlässliche Preise erhalten Sie über eine Markterkundung bei Anbietern; wie viel davon ein "
        "Förderprogramm übernimmt, zeigen Förderquote und Eigenanteil der Programme."
    )
    dispatcher.utter_message(text="\n".join(lines), buttons=COST_BUTTONS)
    return []


def answer_duration(dispatcher: CollectingDispatcher, tracker: Tracker) -> List[EventType]:
    dispatcher.utter_message(
        text="Allgemeine Zeitangaben habe ich leider nicht: Wie lange ein Vorhaben dauert, hängt von Umfang, "
        "Förderverfahren und Vergabe ab. Der Fahrplan zeigt die Schritte in ihrer Reihenfolge, und zu "
        "Förderprogrammen nenne ich Ihnen Fristen und Stichtage mit Quelle.",
        buttons=DURATION_BUTTONS,
    )
    return []
