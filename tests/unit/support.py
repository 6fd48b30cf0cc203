"""Builders for rasa-sdk trackers, so actions are tested without a running Rasa server."""

from __future__ import annotations

from pathlib import Path
from typing import Any, Dict, List, Optional

import yaml
from rasa_sdk import Tracker

DOMAIN_FILE = Path(__file__).resolve().parents[2] / "domain.yml"
DOMAIN = yaml.safe_load(DOMAIN_FILE.read_text(encoding="utf-8"))
# The slots of domain.yml: the profile (filled by action_validate_slot_mappings) and the context.
ALL_SLOTS = tuple(DOMAIN["slots"])


def make_tracker(
    slots: Optional[Dict[str, Any]] = None,
    text: str = "",
    intent: str = "inform",
    entities: Optional[List[Dict[str, Any]]] = None,
    events: Optional[List[Dict[str, Any]]] = None,
    latest_message: Optional[Dict[str, Any]] = None,
) -> Tracker:
    values = {slot: None for slot in ALL_SLOTS}
    values.update(slots or {})
    message = (
        latest_message
        if latest_message is not None
        else {
            "text": text,
            "intent": {"name": intent, "confidence": 0.99},
            "entities": entities or [],
        }
    )
    return Tracker(
        sender_id="test",
        slots=values,
        latest_message=message,
        events=events or [],
        paused=False,
        followup_action=None,
        active_loop={},
        latest_action_name="action_listen",
    )


def history(before: Dict[str, Any], text: str = "neue Angabe") -> List[Dict[str, Any]]:
    """Events: slots set before the latest user message, then that message (see actions/context.previous_value)."""
    events: List[Dict[str, Any]] = [{"event": "user", "text": "erste Angabe"}]
    events += [{"event": "slot", "name": slot, "value": value} for slot, value in before.items()]
    events.append({"event": "user", "text": text})
    return events


def entity(name: str, value: Any, text: Optional[str] = None) -> Dict[str, Any]:
    """An entity; with ``text`` it carries its real position in that message."""
    start = text.find(str(value)) if text and str(value) in text else 0
    return {"entity": name, "value": value, "start": start, "end": start + len(str(value))}


def slot_events(events: List[Dict[str, Any]]) -> Dict[str, Any]:
    """The last value each SlotSet event sets, by slot name."""
    return {e["name"]: e["value"] for e in events if isinstance(e, dict) and e.get("event") == "slot"}


def text_of(dispatcher) -> str:
    return "\n".join(m.get("text") or "" for m in dispatcher.messages)


def payloads(dispatcher) -> List[str]:
    return [b["payload"] for m in dispatcher.messages for b in m.get("buttons") or []]


COMPLETE_PROFILE = {
    "federal_state": "Bayern",
    "municipality_type": "gemeinde",
    "population": 3500.0,
    "task_area": "verwaltung",
    "municipality": "keine Angabe",
}
