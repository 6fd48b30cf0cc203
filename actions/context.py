"""What the conversation has shown so far, kept in slots so short follow-ups can refer to it.

``context_topic``: the kind of the last answer (funding, details, examples, procurement,
roadmap, application, handoff); ``shown_programmes``: ids of the programmes last listed;
``focus_programme``: the programme last shown in detail; ``contract_amount`` and
``contract_kind``, ``contract_land`` and ``contract_period``: the last contract value checked
(a periodic amount waits for its term); ``guide_shown``: the last guide;
``asked_slot``: the profile fact the bot asked for last.
"""

from __future__ import annotations

from typing import Any, List, Optional, Tuple

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet

from knowledge.parsing import state_in
from knowledge.profile import PROFILE_SLOTS, normalize_slot

# The fact that sharpens a funding list most, in the order asked: the question and its buttons' types.
REFINE = {
    "federal_state": (
        "Mit Ihrem Bundesland kommen die Programme Ihres Landes dazu. In welchem Bundesland liegt Ihre Kommune?",
        [],
    ),
    "municipality_type": (
        "Genauer wird die Liste mit der Art Ihrer Kommune: Gemeinde, Stadt, Landkreis …?",
        ["gemeinde", "stadt", "landkreis"],
    ),
    "task_area": ("Für welches Aufgabenfeld suchen Sie? Dann kommen passende Programme zuerst.", []),
}

CONTEXT_SLOTS = (
    "context_topic",
    "shown_programmes",
    "focus_programme",
    "last_search",
    "contract_amount",
    "contract_kind",
    "contract_land",
    "contract_period",
    "example_need",
    "asked_again",
    "delete_asked",
    "procurement_topic",
    "guide_shown",
    "asked_slot",
)


def text_slot(tracker: Tracker, name: str) -> Optional[str]:
    """A slot the bot itself writes as text; anything else (a list, a number) counts as unset."""
    value = tracker.get_slot(name)
    return value if isinstance(value, str) and value else None


def topic(tracker: Tracker) -> Optional[str]:
    return text_slot(tracker, "context_topic")


def set_topic(name: str, **slots: Any) -> List[EventType]:
    return [SlotSet("context_topic", name)] + [SlotSet(slot, value) for slot, value in slots.items()]


def shown_programmes(tracker: Tracker) -> List[str]:
    value = tracker.get_slot("shown_programmes")
    return [str(v) for v in value] if isinstance(value, list) else []


def text_of(tracker: Tracker) -> str:
    text = (tracker.latest_message or {}).get("text")
    return text if isinstance(text, str) else ""


def intent_of(tracker: Tracker) -> Optional[str]:
    intent = (tracker.latest_message or {}).get("intent") or {}
    return intent.get("name") if isinstance(intent, dict) else None


def entities_of(tracker: Tracker) -> List[dict]:
    entities = (tracker.latest_message or {}).get("entities") or []
    return [e for e in entities if isinstance(e, dict)] if isinstance(entities, list) else []


def entity_value(tracker: Tracker, name: str, normalize=None) -> Any:
    """The first usable value of entity ``name`` in the latest message (normalised when asked to)."""
    for entity in entities_of(tracker):
        if entity.get("entity") == name:
            value = normalize(entity.get("value")) if normalize else entity.get("value")
            if value not in (None, ""):
                return value
    return None


def previous_value(tracker: Tracker, slot: str) -> Any:
    """The slot's value before the latest user message (this turn's extraction may have changed it)."""
    before_latest_message = False
    for event in reversed(tracker.events or []):
        if event.get("event") == "user":
            before_latest_message = True
        elif before_latest_message and event.get("event") == "slot" and event.get("name") == slot:
            return event.get("value")
    return None


def profile_changes(tracker: Tracker) -> List[Tuple[str, Any, Any]]:
    """(slot, old, new) for every profile fact this turn changed, canonical values."""
    changes = []
    for slot in PROFILE_SLOTS:
        old = normalize_slot(slot, previous_value(tracker, slot))
        new = normalize_slot(slot, tracker.get_slot(slot))
        if new is not None and new != old:
            changes.append((slot, old, new))
    return changes


def named_state(tracker: Tracker) -> Optional[str]:
    """The Land the latest message names: "in/aus …" first, so "Hamburger Straße 3" in a letterhead
    does not outrank "wir sind eine Gemeinde in Niedersachsen"."""
    return state_in(text_of(tracker), entities_of(tracker))


def programmes_in_view(tracker: Tracker) -> bool:
    """True when a list or a programme of the knowledge base was shown that a follow-up ("und die Förderquote?")
    can refer to. Ids that name no programme do not count, so no route can lead back to itself."""
    from actions.kb import knowledge_base  # kb loads the knowledge base; context stays importable without it

    known = {programme.id for programme in knowledge_base().programmes}
    return any(i in known for i in shown_programmes(tracker) + [text_slot(tracker, "focus_programme") or ""])
