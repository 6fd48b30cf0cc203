"""Two Rasa servers (one with two Sanic workers) share PostgreSQL (tracker store) and Redis (lock store)."""

from __future__ import annotations

import asyncio
import uuid
from concurrent.futures import ThreadPoolExecutor
from typing import Any, Dict, List

from rasa.shared.core.domain import Domain

from bot.stack import ROOT, Stack
from bot.tracker_store import DigitallotseTrackerStore
from tests.scale.conftest import post, texts


def stored_tracker(stack: Stack, sender: str) -> Any:
    store = DigitallotseTrackerStore(domain=Domain.load(str(ROOT / "domain.yml")), url=stack.postgres.url)
    try:
        return asyncio.run(store.retrieve(sender))
    finally:
        store.engine.dispose()


def test_one_conversation_alternating_between_instances_keeps_its_profile(stack: Stack) -> None:
    sender = f"alt-{uuid.uuid4().hex[:8]}"
    first, second = stack.rasa
    status, reply = post(first.url, sender, "Wir sind eine Gemeinde in Sachsen mit 6.500 Einwohnern.")
    assert status == 200 and "Sachsen" in texts(reply)
    status, reply = post(second.url, sender, "Welche Förderprogramme passen zu uns?")
    assert status == 200
    assert "Gemeinde in Sachsen" in texts(reply), texts(reply)  # the profile from the other instance
    status, reply = post(first.url, sender, "und die Förderquote?")
    assert status == 200 and "Förderquote" in texts(reply), texts(reply)
    status, reply = post(second.url, sender, "Eigentlich sind wir eine Stadt.")
    assert status == 200 and "Stadt" in texts(reply), texts(reply)
    status, reply = post(first.url, sender, "Was wissen Sie über uns?")
    assert status == 200
    assert "Stadt in Sachsen" in texts(reply) and "6.500" in texts(reply), texts(reply)

    slots = stored_tracker(stack, sender).current_slot_values()
    assert (slots["federal_state"], slots["municipality_type"], slots["population"]) == ("Sachsen", "stadt", 6500.0)


def test_concurrent_messages_to_one_conversation_are_serialised(stack: Stack) -> None:
    """Eight messages at once, spread over both instances and the two workers: every one is answered,
    every one is stored, and no two turns interleave in the stored conversation. (Each waits for the ones
    before it; they must all finish within TICKET_LOCK_LIFETIME, bot/env.sh.)"""
    sender = f"burst-{uuid.uuid4().hex[:8]}"
    questions = ["Was ist eine Direktvergabe?", "Welche Förderprogramme gibt es in Hessen?"] * 4
    urls = [stack.rasa[i % 2].url for i in range(len(questions))]
    with ThreadPoolExecutor(max_workers=len(questions)) as pool:
        results = list(
            pool.map(lambda pair: post(pair[0], sender, pair[1], timeout=120), zip(urls, questions, strict=True))
        )
    assert all(status == 200 and texts(reply) for status, reply in results), results

    events: List[Dict[str, Any]] = [event.as_dict() for event in stored_tracker(stack, sender).events]
    user_turns = [event for event in events if event["event"] == "user"]
    assert len(user_turns) == len(questions)
    # Serialised: after each user message the bot finishes its turn (action_listen) before the next one.
    since_user = None
    for event in events:
        if event["event"] == "user":
            assert since_user in (None, "action_listen"), "two turns of one conversation interleaved"
            since_user = "open"
        elif event["event"] == "action" and since_user is not None:
            since_user = "action_listen" if event["name"] == "action_listen" else "open"
    assert since_user == "action_listen"


def test_second_instance_runs_two_sanic_workers_with_the_redis_lock_store(stack: Stack) -> None:
    server = stack.rasa[1]
    assert server.workers == 2
    assert len(server.pids()) >= 3, "main process and two workers"  # Sanic forks the workers
    log = server.log_text()
    assert "Unable to assign desired number of Sanic workers" not in log
    senders = [f"workers-{uuid.uuid4().hex[:8]}" for _ in range(8)]
    with ThreadPoolExecutor(max_workers=8) as pool:
        results = list(pool.map(lambda s: post(server.url, s, "Welche Vergabeart gilt bei 30.000 Euro?"), senders))
    assert all(status == 200 and "Vergabe" in texts(reply) for status, reply in results), results
