"""Builders for rasa-sdk trackers, so actions are tested without a running Rasa server."""
from __future__ import annotations

from typing import Any, Dict, List, Optional

from rasa_sdk import Tracker

ALL_SLOTS = (
    "federal_state", "municipality_type", "population", "task_area", "municipality", "budget",
    "profile_complete", "pending_search", "last_funding_search", "programme", "procurement_topic",
    "amount_eur", "requested_slot",
)


def make_tracker(
    slots: Optional[Dict[str, Any]] = None,
    text: str = "",
    intent: str = "inform",
    entities: Optional[List[Dict[str, Any]]] = None,
    active_loop: Optional[str] = None,
) -> Tracker:
    values = {slot: None for slot in ALL_SLOTS}
    values.update(slots or {})
    return Tracker(
        sender_id="test",
        slots=values,
        latest_message={
            "text": text,
            "intent": {"name": intent, "confidence": 0.99},
            "entities": entities or [],
        },
        events=[],
        paused=False,
        followup_action=None,
        active_loop={"name": active_loop} if active_loop else {},
        latest_action_name="action_listen",
    )


def entity(name: str, value: str) -> Dict[str, Any]:
    return {"entity": name, "value": value, "start": 0, "end": len(value)}


COMPLETE_PROFILE = {
    "federal_state": "Bayern",
    "municipality_type": "gemeinde",
    "population": 3500.0,
    "task_area": "verwaltung",
    "municipality": "keine Angabe",
    "profile_complete": True,
}
