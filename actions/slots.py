"""The one place that fills and normalises the profile slots, every turn (rasa-sdk's ValidationAction).

Rasa runs ``action_validate_slot_mappings`` after each user message. All profile slots
have a ``custom`` mapping, so this action decides alone what a message says about the
user's Kommune: ``knowledge.profile.read_facts`` reads entities, the text and a short
answer to the bot's open question; every value is normalised by ``normalize_slot``.
Stray or implausible values are dropped silently, and a slot never loses its earlier
value to a value that does not fit.
"""

from __future__ import annotations

from typing import Any, Dict, List

from rasa_sdk import Tracker
from rasa_sdk.events import EventType, SlotSet
from rasa_sdk.executor import CollectingDispatcher
from rasa_sdk.forms import ValidationAction
from rasa_sdk.types import DomainDict

from actions.context import entities_of, intent_of, previous_value, text_of, text_slot, topic
from actions.guard import log_failure
from knowledge.profile import PROFILE_SLOTS, normalize_slot, read_facts


class ValidateSlotMappings(ValidationAction):
    async def run(self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict) -> List[EventType]:
        try:
            return await super().run(dispatcher, tracker, domain)
        except Exception as exc:  # noqa: BLE001 - a failed extraction must never silence the turn
            log_failure(self.name(), exc)
            return []

    async def required_slots(
        self, domain_slots: List[str], dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[str]:
        return [slot for slot in PROFILE_SLOTS if slot in domain_slots]

    async def get_extraction_events(
        self, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> List[EventType]:
        asked = text_slot(tracker, "asked_slot")
        facts = read_facts(text_of(tracker), intent_of(tracker), entities_of(tracker), asked, topic(tracker))
        return [SlotSet(slot, value) for slot, value in facts.items() if value != tracker.get_slot(slot)]

    def _validated(self, slot: str, value: Any, tracker: Tracker) -> Dict[str, Any]:
        normalized = normalize_slot(slot, value)
        if normalized is None:
            return {slot: normalize_slot(slot, previous_value(tracker, slot))}
        return {slot: normalized}

    def validate_federal_state(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        return self._validated("federal_state", value, tracker)

    def validate_municipality_type(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        return self._validated("municipality_type", value, tracker)

    def validate_population(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        return self._validated("population", value, tracker)

    def validate_task_area(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        return self._validated("task_area", value, tracker)

    def validate_municipality(
        self, value: Any, dispatcher: CollectingDispatcher, tracker: Tracker, domain: DomainDict
    ) -> Dict[str, Any]:
        return self._validated("municipality", value, tracker)
