"""Human handoff: the advice bodies of the Land asked about (or the profile's), then the Bund's."""

from __future__ import annotations

from typing import List

from rasa_sdk import Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.context import named_state, set_topic, text_of
from actions.guard import GuardedAction
from actions.kb import knowledge_base
from actions.text import first_sentence, stand_and_source
from knowledge.faq import route_question
from knowledge.followups import asks_for_contact, funding_level
from knowledge.parsing import normalize_state
from knowledge.schema import Contact
from knowledge.vocabulary import in_land

BUND_SHOWN = 2


def contact_text(contact: Contact) -> str:
    return (
        f"• {contact.name} ({contact.kind}): {first_sentence(contact.offer, 160)} – {contact.url}\n"
        f"  {stand_and_source(contact)}"
    )


class ActionHumanHandoff(GuardedAction):
    def name(self) -> str:
        return "action_human_handoff"

    async def answer(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        text = text_of(tracker)
        route = None if asks_for_contact(text) else route_question(text, knowledge_base().faq)
        if route is not None:
            from actions.guides import answer_route  # "mit einer Fachhochschule zusammen?" is a funding route

            return answer_route(dispatcher, tracker, route)
        contacts = knowledge_base().contacts
        land = named_state(tracker) or normalize_state(tracker.get_slot("federal_state"))
        bund_only = funding_level(text_of(tracker)) == "Bund"  # "und beim Bund?"
        own = [c for c in contacts if land and c.state == land and not bund_only]
        bund = [c for c in contacts if c.state is None][: BUND_SHOWN + (2 if bund_only else 0)]
        where = " beim Bund" if bund_only else (f" {in_land(land)}" if own and land else "")
        lines = [f"Ich bin ein digitaler Assistent und kann Sie nicht direkt verbinden. Persönlich beraten Sie{where}:"]
        lines += [contact_text(c) for c in own + bund]
        if not land:
            lines.append("Wenn Sie mir Ihr Bundesland nennen, zeige ich Ihnen auch die Beratungsstelle Ihres Landes.")
        dispatcher.utter_message(text="\n".join(lines))
        return set_topic("handoff")
