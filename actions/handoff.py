"""Human handoff: the advice bodies of the user's Land and of the Bund."""
from __future__ import annotations

from typing import List, Text

from rasa_sdk import Action, Tracker
from rasa_sdk.events import EventType
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.types import DomainDict

from actions.kb import knowledge_base
from actions.text import first_sentence, stand_and_source
from knowledge.schema import Contact

BUND_SHOWN = 2


def contact_text(contact: Contact) -> str:
    return (
        f"• {contact.name} ({contact.kind}): {first_sentence(contact.offer, 200)} – {contact.url}\n"
        f"  {stand_and_source(contact.stand, contact.source_url)}"
    )


class ActionHumanHandoff(Action):
    def name(self) -> Text:
        return "action_human_handoff"

    async def run(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        contacts = knowledge_base().contacts
        land = tracker.get_slot("federal_state")
        own = [c for c in contacts if land and c.state == land]
        bund = [c for c in contacts if c.state is None][:BUND_SHOWN]
        lines = ["Ich bin ein digitaler Assistent und kann Sie nicht direkt verbinden. Persönlich beraten Sie:"]
        lines += [contact_text(c) for c in own + bund]
        if not land:
            lines.append("Wenn Sie mir Ihr Bundesland nennen, zeige ich Ihnen auch die Beratungsstelle Ihres Landes.")
        dispatcher.utter_message(text="\n".join(lines))
        return []
