"""The roadmap and the path to a funding application: short first, single steps on request,
and narrow questions (vorzeitiger Maßnahmenbeginn, Dauer bis zum Bescheid …) answered from the FAQ."""

from __future__ import annotations

import datetime as dt
import re
from typing import List, Optional

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.context import named_state, programmes_in_view, set_topic, text_of, text_slot, topic
from actions.guard import GuardedAction
from actions.kb import knowledge_base
from actions.text import first_sentence, stand_and_source
from knowledge.faq import find_faq, has_land_programmes, is_route, route_programmes
from knowledge.followups import (
    asks_about_procurement,
    asks_for_funding,
    asks_for_guide,
    asks_for_roadmap,
    aspect,
    ordinal,
    step_number,
    wants_all_steps,
    wants_alternatives,
)
from knowledge.funding import status_tier
from knowledge.parsing import normalize_state
from knowledge.schema import Faq, Guide, Programme

GUIDE_BUTTONS = {
    "roadmap": [
        {"title": "Förderprogramme finden", "payload": "/search_funding"},
        {"title": "Praxisbeispiele ansehen", "payload": "/show_example"},
    ],
    "application_path": [{"title": "Passende Programme suchen", "payload": "/search_funding"}],
}


def short_guide(guide: Guide) -> str:
    titles = "; ".join(f"{i}. {step.title}" for i, step in enumerate(guide.steps, start=1))
    return (
        f"{guide.title}: {first_sentence(guide.intro, 200)}\nDie Schritte: {titles}.\n"
        f"Schreiben Sie z. B. „Schritt 3“ für Einzelheiten zu einem Schritt oder „alle Schritte“.\n"
        f"{stand_and_source(guide)}"
    )


def full_guide(guide: Guide) -> str:
    steps = [f"{i}. {step.title}: {step.text}" for i, step in enumerate(guide.steps, start=1)]
    return "\n".join([guide.title, *steps, stand_and_source(guide)])


def step_text(guide: Guide, number: int) -> Optional[str]:
    if not 1 <= number <= len(guide.steps):
        return None
    step = guide.steps[number - 1]
    more = f" Weiter mit „Schritt {number + 1}“." if number < len(guide.steps) else ""
    return f"Schritt {number} von {len(guide.steps)} – {step.title}: {step.text}{more}\n{stand_and_source(guide)}"


async def answer_guide(dispatcher: CollectingDispatcher, tracker: Tracker, default_guide: str) -> List[EventType]:
    kb = knowledge_base()
    text = text_of(tracker)
    context = topic(tracker)
    from actions.details import ActionFundingDetails  # details → funding; guides stay a leaf for them
    from actions.funding import ActionSearchFunding

    if context in ("funding", "details") and wants_alternatives(text):
        return await ActionSearchFunding().answer(dispatcher, tracker, {})  # "Was könnten wir stattdessen …?"
    if (
        context in ("funding", "details")
        and programmes_in_view(tracker)
        and len(text.split()) <= 7
        and (aspect(text) or ordinal(text) is not None)
    ):
        return await ActionFundingDetails().answer(dispatcher, tracker, {})  # "und der Eigenanteil?", "das erste"
    if asks_for_funding(text) and not asks_for_guide(text) and not find_faq(text, kb.faq):
        return await ActionSearchFunding().answer(dispatcher, tracker, {})  # "funding for our smart city"
    faq = find_faq(text, kb.faq)
    if faq is None and asks_about_procurement(text) and not (asks_for_guide(text) or asks_for_roadmap(text)):
        from actions.procurement import ActionExplainProcurement  # procurement imports guides lazily, too

        return await ActionExplainProcurement().answer(dispatcher, tracker, {})  # "Wie beschaffen wir das?"
    if faq is not None and is_route(faq):
        return answer_route(dispatcher, tracker, faq)
    if faq is not None:
        dispatcher.utter_message(
            text=f"{faq.answer}\n{stand_and_source(faq)}",
            buttons=[{"title": "Weg zum Förderantrag", "payload": "/ask_application"}],
        )
        return set_topic("application", guide_shown="application_path")
    number = step_number(text)
    shown = text_slot(tracker, "guide_shown")
    follows_guide = context in ("roadmap", "application") and (number is not None or wants_all_steps(text))
    guide_id = shown if follows_guide and shown in GUIDE_BUTTONS else default_guide
    guide = next(g for g in kb.guides if g.id == guide_id)
    reply = step_text(guide, number) if number is not None else None
    if reply is None and number is not None:
        reply = f"Dieser Leitfaden hat {len(guide.steps)} Schritte.\n" + short_guide(guide)
    if reply is None:
        reply = full_guide(guide) if wants_all_steps(text) else short_guide(guide)
    dispatcher.utter_message(text=reply, buttons=GUIDE_BUTTONS[guide_id])
    return set_topic("roadmap" if guide_id == "roadmap" else "application", guide_shown=guide_id)


ROUTE_LIST_SIZE = 5
STATUS_WORDS = {"offen": "offen", "laufend_mit_stichtagen": "laufend, mit Stichtagen"}


def route_text(faq: Faq, programmes: List[Programme], state: Optional[str], with_land: bool) -> str:
    """The route's answer, the programmes on it that fit the Land, and its Stand and source."""
    lines = [faq.answer]
    if programmes:
        where = f" (für {state})" if state else ""
        lines.append(f"Programme auf diesem Weg in meiner Wissensbasis{where}:")
        for programme in programmes[:ROUTE_LIST_SIZE]:
            note = status_tier(programme, dt.date.today())[1]
            lines.append(f"• {programme.name} – {note or STATUS_WORDS.get(str(programme.status), programme.status)}")
    if with_land and not state:
        lines.append("Nennen Sie mir Ihr Bundesland, dann zeige ich auch die Landesprogramme auf diesem Weg.")
    lines.append(stand_and_source(faq))
    return "\n".join(lines)


def answer_route(dispatcher: CollectingDispatcher, tracker: Tracker, faq: Faq, lead: str = "") -> List[EventType]:
    """A funding route (regional, application area, Hochschule) with the programmes on it for this Kommune;
    ``guide_shown`` remembers the route, so "Wie läuft so eine Kooperation ab?" stays on it."""
    from actions.funding import details_button  # funding imports this module lazily; no cycle at import time

    kb = knowledge_base()
    state = named_state(tracker) or normalize_state(tracker.get_slot("federal_state"))
    programmes = route_programmes(faq, kb.programmes, state)
    shown = programmes[:ROUTE_LIST_SIZE]
    dispatcher.utter_message(
        text=lead + route_text(faq, programmes, state, has_land_programmes(faq, kb.programmes)),
        buttons=[details_button(p) for p in shown[:3]]
        + [{"title": "Passende Programme suchen", "payload": "/search_funding"}],
    )
    if shown:
        return set_topic("funding", shown_programmes=[p.id for p in shown], focus_programme=None, guide_shown=faq.id)
    return set_topic("application", guide_shown="application_path")


# "Wie läuft so eine Kooperation ab?" right after a route: a question about that route, not about procurement
_ROUTE_FOLLOW_UP = re.compile(
    r"\bkooperation\w*|\bzusammenarbeit\w*|\bpartnerschaft\b",
    re.IGNORECASE,
)


def answer_route_follow_up(dispatcher: CollectingDispatcher, tracker: Tracker) -> Optional[List[EventType]]:
    """The route shown last, again with its procedure, for a question about how it works; None otherwise."""
    text = text_of(tracker)
    shown = text_slot(tracker, "guide_shown")
    faq = next((f for f in knowledge_base().faq if f.id == shown and is_route(f)), None)
    if faq is None or not _ROUTE_FOLLOW_UP.search(text) or asks_about_procurement(text):
        return None
    return answer_route(dispatcher, tracker, faq, lead="So beschreibt meine Wissensbasis diesen Weg: ")


class ActionRoadmap(GuardedAction):
    def name(self) -> str:
        return "action_roadmap"

    async def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        return await answer_guide(dispatcher, tracker, "roadmap")


class ActionApplicationPath(GuardedAction):
    def name(self) -> str:
        return "action_application_path"

    async def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        return await answer_guide(dispatcher, tracker, "application_path")
