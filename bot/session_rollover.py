"""A long conversation starts a new Rasa session after ``SESSION_MAX_EVENTS`` events, slots carried over.

Why: the cost of a turn grows with the events Rasa loads for it. Rasa replays every event of the current
session, each policy computes the dialogue states of the whole tracker, and the whole tracker goes to the
action server. Measured before this module (docs/benchmarks.md): a turn at the 200th turn of one
conversation took several times as long as a turn of a new one.

Rasa's own boundary is the session: its SQL store loads only the events since the latest ``SessionStarted``.
A session normally ends after ``session_expiration_time`` minutes of silence; this module also ends it after
a number of events, the way Rasa's ``action_session_start`` does: ``action_session_start``,
``SessionStarted``, one ``SlotSet`` per filled slot (profile and what was shown last, so "und die
Förderquote?" still works), ``action_listen``. The events of the last turn are repeated after them, so an answer to the bot's
last question ("Ja" to "Wirklich löschen?") and "the question before" still have their context.

The stored transcript stays complete; the repeated last turn appears twice in it, once per session.
The module has no database code: ``bot/tracker_store.py`` calls ``rollover_events`` after saving a turn.
"""

from __future__ import annotations

import os
import time
from typing import List, Optional

from rasa.shared.core.constants import ACTION_LISTEN_NAME, ACTION_SESSION_START_NAME, SESSION_START_METADATA_SLOT
from rasa.shared.core.events import ActionExecuted, Event, SessionStarted, SlotSet, UserUttered
from rasa.shared.core.trackers import DialogueStateTracker

DEFAULT_MAX_EVENTS = 120
# The time stamps of the new session's events: after every stored event (the store finds the session by
# the latest SessionStarted's time stamp) and in their order.
_STEP = 1e-6


def max_events() -> int:
    """``SESSION_MAX_EVENTS`` (default 120, about 15 turns); 0 switches the rollover off."""
    try:
        return max(int(os.environ.get("SESSION_MAX_EVENTS", DEFAULT_MAX_EVENTS)), 0)
    except ValueError:
        return DEFAULT_MAX_EVENTS


def events_since_session_start(tracker: DialogueStateTracker) -> List[Event]:
    events = list(tracker.events)
    for index in range(len(events) - 1, -1, -1):
        if isinstance(events[index], SessionStarted):
            return events[index:]
    return events


def last_turn(events: List[Event]) -> List[Event]:
    """The events from the latest user message to the end (empty when there is none)."""
    for index in range(len(events) - 1, -1, -1):
        if isinstance(events[index], UserUttered):
            return events[index:]
    return []


def rollover_events(tracker: DialogueStateTracker, limit: Optional[int] = None) -> List[Event]:
    """The events that start a new session, or [] while the current session is short enough.

    Only a tracker that ends waiting for the user (``action_listen``) rolls over: that is the end of a
    turn, so the new session starts the way a new message finds it.
    """
    limit = max_events() if limit is None else limit
    session = events_since_session_start(tracker)
    if not limit or len(session) <= limit or not session:
        return []
    if not (isinstance(session[-1], ActionExecuted) and session[-1].action_name == ACTION_LISTEN_NAME):
        return []
    turn = last_turn(session)
    start = max((e.timestamp for e in session), default=0.0)
    start = max(start + _STEP, time.time())
    # Values only, never the metadata of the events that set them (the deletion marker is metadata).
    slots = [
        SlotSet(name, slot.value)
        for name, slot in tracker.slots.items()
        if name != SESSION_START_METADATA_SLOT and slot.value != slot.initial_value
    ]
    # the order of Rasa's ActionSessionStart: the session, the slots, then waiting for the user
    new: List[Event] = [ActionExecuted(ACTION_SESSION_START_NAME), SessionStarted(), *slots]
    new.append(ActionExecuted(ACTION_LISTEN_NAME))
    new += [Event.from_parameters(event.as_dict()) for event in turn]
    for offset, event in enumerate(new):
        event.timestamp = start + offset * _STEP
    return new
