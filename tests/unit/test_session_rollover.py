"""A long conversation rolls over into a new session: bounded trackers, same slots, last turn kept, full transcript."""

from __future__ import annotations

from pathlib import Path
from typing import List

import pytest
from rasa.shared.core.domain import Domain
from rasa.shared.core.events import ActionExecuted, BotUttered, Event, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

from bot import session_rollover
from bot.markers import DELETE_CONVERSATION
from bot.tracker_store import DigitallotseTrackerStore

DOMAIN = Domain.from_yaml(
    "version: '3.1'\nslots:\n  federal_state:\n    type: any\n    mappings: [{type: custom}]\n"
    "  delete_asked:\n    type: any\n    mappings: [{type: custom}]\n"
)


def turn(number: int) -> List[Event]:
    return [
        UserUttered(f"Frage {number}", {"name": "search_funding", "confidence": 1.0}),
        ActionExecuted("action_search_funding"),
        BotUttered(f"Antwort {number}"),
        ActionExecuted("action_listen"),
    ]


def tracker(turns: int, first: List[Event] | None = None) -> DialogueStateTracker:
    events: List[Event] = [ActionExecuted("action_session_start"), SessionStarted(), ActionExecuted("action_listen")]
    events += first or []
    for number in range(turns):
        events += turn(number)
    return DialogueStateTracker.from_events("anna", events, DOMAIN.slots)


def test_short_conversations_stay_one_session() -> None:
    assert session_rollover.rollover_events(tracker(3), limit=40) == []
    assert session_rollover.rollover_events(tracker(30), limit=0) == []  # 0 switches it off


def test_a_long_session_restarts_with_slots_values_and_the_last_turn() -> None:
    long = tracker(30, first=[SlotSet("federal_state", "Sachsen", metadata=dict(DELETE_CONVERSATION))])
    new = session_rollover.rollover_events(long, limit=40)
    names = [type(e).__name__ for e in new]
    assert names[:4] == ["ActionExecuted", "SessionStarted", "SlotSet", "ActionExecuted"]
    slot = new[2]
    assert isinstance(slot, SlotSet) and (slot.key, slot.value) == ("federal_state", "Sachsen")
    assert not slot.metadata  # a marker in metadata must never be repeated (it would delete the conversation)
    assert [e.as_dict().get("text") for e in new[4:]] == ["Frage 29", None, "Antwort 29", None]
    stamps = [e.timestamp for e in new]
    assert stamps == sorted(stamps) and stamps[0] > max(e.timestamp for e in long.events)


def test_no_rollover_in_the_middle_of_a_turn() -> None:
    unfinished = tracker(30)
    unfinished.update(UserUttered("noch eine Frage"))
    assert session_rollover.rollover_events(unfinished, limit=40) == []


def test_the_limit_comes_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.setenv("SESSION_MAX_EVENTS", "7")
    assert session_rollover.max_events() == 7
    monkeypatch.setenv("SESSION_MAX_EVENTS", "viele")
    assert session_rollover.max_events() == session_rollover.DEFAULT_MAX_EVENTS


async def test_the_store_loads_only_the_new_session_and_keeps_the_transcript(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    monkeypatch.setenv("TRACKER_DB_URL", f"sqlite:///{tmp_path / 'tracker.db'}")
    monkeypatch.setenv("SESSION_MAX_EVENTS", "40")
    store = DigitallotseTrackerStore(domain=DOMAIN)
    long = tracker(30, first=[SlotSet("federal_state", "Sachsen")])
    await store.save(long)

    loaded = await store.retrieve("anna")
    assert loaded is not None and loaded.get_slot("federal_state") == "Sachsen"
    assert len(loaded.events) < 12  # session start, slot, listen and the last turn – not 124 events
    assert loaded.latest_message is not None and loaded.latest_message.text == "Frage 29"

    # the next turn is stored after the new session, exactly once
    for event in turn(30):
        loaded.update(event)
    await store.save(loaded)
    again = await store.retrieve("anna")
    assert again is not None
    assert [e.text for e in again.events if isinstance(e, UserUttered)] == ["Frage 29", "Frage 30"]

    full = await store.retrieve_full_tracker("anna")
    assert full is not None
    texts = [e.text for e in full.events if isinstance(e, UserUttered)]
    assert texts[:30] == [f"Frage {n}" for n in range(30)] and texts[-2:] == ["Frage 29", "Frage 30"]
