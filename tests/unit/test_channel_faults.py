"""Faults on the REST channel (bot/channels.py) are answered in German, never with silence or a 500.

The channel runs in a real Sanic app driven through its ASGI interface (no server, no sockets);
``on_new_message`` is a fake standing in for Rasa: it answers, answers nothing (action server down),
or raises like an unreachable tracker store (SQLAlchemy) or lock store (Redis).
"""

from __future__ import annotations

import asyncio
import json
import logging
from typing import Any, Awaitable, Callable, Dict, List, Optional, Tuple

import pytest
import redis.exceptions
import sqlalchemy.exc
from rasa.core.channels.channel import UserMessage
from sanic import Sanic

from bot.channels import DISRUPTED, UNAVAILABLE, CheckedRestInput
from bot.store_checks import report_store_failure

# Would be a privacy leak if it reached a log line.
SECRET = "Zwackelmann-Geheimnis-4711"
SENDER = "fault-test"

Handler = Callable[[UserMessage], Awaitable[None]]
_app: Optional[Sanic] = None
_current: List[Handler] = []


async def answers(message: UserMessage) -> None:
    await message.output_channel.send_text_message(message.sender_id, "Guten Tag! Wobei kann ich helfen?")
    await message.output_channel.send_text_message(message.sender_id, "Zum Beispiel bei Förderprogrammen.")


async def answers_nothing(message: UserMessage) -> None:
    """Rasa when the action server is down: the action's exception is logged and its events are lost."""


async def tracker_store_down(message: UserMessage) -> None:
    # SQLAlchemy puts the statement and its parameters – the user's text – into the exception message.
    raise sqlalchemy.exc.OperationalError(
        "INSERT INTO events (data) VALUES (%(data)s)",
        {"data": message.text},
        Exception(f"could not connect to server; while saving {message.text}"),
    )


async def lock_store_down(message: UserMessage) -> None:
    raise redis.exceptions.ConnectionError(f"Error 111 connecting to localhost:6379 ({message.text})")


async def answers_then_tracker_store_down(message: UserMessage) -> None:
    await message.output_channel.send_text_message(message.sender_id, "Eine Antwort, die nicht gespeichert wird.")
    await tracker_store_down(message)


async def request(handler: Handler, message: str = SECRET, stream: bool = False) -> Tuple[int, bytes]:
    """(status, body) of one POST to /webhooks/rest/webhook, bounded in time (a hang fails the test)."""
    app = await make_app(handler)
    events: List[Dict[str, Any]] = [
        {
            "type": "http.request",
            "body": json.dumps({"sender": SENDER, "message": message}).encode(),
            "more_body": False,
        }
    ]
    sent: List[Dict[str, Any]] = []

    async def receive() -> Dict[str, Any]:
        if events:
            return events.pop(0)
        await asyncio.sleep(3600)  # the client waits for the answer; it never disconnects first
        return {"type": "http.disconnect"}

    async def send(event: Dict[str, Any]) -> None:
        sent.append(event)

    path = "/webhooks/rest/webhook"
    scope = {
        "type": "http",
        "asgi": {"version": "3.0"},
        "http_version": "1.1",
        "method": "POST",
        "scheme": "http",
        "path": path,
        "raw_path": path.encode(),
        "query_string": b"stream=true" if stream else b"",
        "root_path": "",
        "headers": [(b"content-type", b"application/json"), (b"host", b"localhost")],
        "server": ("localhost", 80),
        "client": ("127.0.0.1", 50000),
    }
    await asyncio.wait_for(app(scope, receive, send), timeout=10)
    status = next(event["status"] for event in sent if event["type"] == "http.response.start")
    body = b"".join(event.get("body", b"") for event in sent if event["type"] == "http.response.body")
    return status, body


async def make_app(handler: Handler) -> Sanic:
    """The one app of this module, with ``handler`` standing in for Rasa. One app only: Sanic's start-up
    ("touchup") rewrites Sanic's own functions and fails when a second app runs it in the same process."""
    global _app
    _current[:] = [handler]
    if _app is None:
        _app = Sanic("channel_faults")

        async def on_new_message(message: UserMessage) -> None:
            await _current[0](message)

        _app.blueprint(CheckedRestInput().blueprint(on_new_message), url_prefix="/webhooks/rest")
        await _app._startup()  # what the server does before the first request: routes and signals ready
    return _app


def streamed(body: bytes) -> List[Dict[str, Any]]:
    return [json.loads(line) for line in body.decode("utf-8").splitlines() if line.strip()]


def test_the_fault_texts_are_german_and_polite() -> None:
    assert "nicht verfügbar" in UNAVAILABLE and "Sie" in UNAVAILABLE
    assert "gestört" in DISRUPTED and "Gespräch bleibt erhalten" in DISRUPTED and "Sie" in DISRUPTED


async def test_a_normal_answer_is_unchanged() -> None:
    status, body = await request(answers)
    assert status == 200
    assert json.loads(body) == [
        {"recipient_id": SENDER, "text": "Guten Tag! Wobei kann ich helfen?"},
        {"recipient_id": SENDER, "text": "Zum Beispiel bei Förderprogrammen."},
    ]


async def test_an_empty_reply_says_the_function_is_briefly_unavailable() -> None:
    status, body = await request(answers_nothing)
    assert status == 200
    assert json.loads(body) == [{"recipient_id": SENDER, "text": UNAVAILABLE}]


@pytest.mark.parametrize(
    "handler, exception",
    [
        (tracker_store_down, "OperationalError"),
        (lock_store_down, "ConnectionError"),
        (answers_then_tracker_store_down, "OperationalError"),
    ],
)
async def test_a_store_failure_is_a_503_with_a_german_reply_and_no_text_in_the_log(
    handler: Handler, exception: str, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    status, body = await request(handler)
    assert status == 503
    # Only the note: answers collected before the failure were not saved, the bot would not remember them.
    assert json.loads(body) == [{"recipient_id": SENDER, "text": DISRUPTED}]
    assert exception in caplog.text and "channels.py" not in body.decode("utf-8")
    assert SECRET not in caplog.text
    assert "Traceback" not in caplog.text


async def test_after_a_failure_the_next_message_is_answered_normally() -> None:
    calls: List[str] = []

    async def down_once(message: UserMessage) -> None:
        calls.append(message.text or "")
        if len(calls) == 1:
            await lock_store_down(message)
        await answers(message)

    assert (await request(down_once))[0] == 503
    status, body = await request(down_once, "Hallo")
    assert status == 200 and [m["text"] for m in json.loads(body)][0] == "Guten Tag! Wobei kann ich helfen?"


async def test_streaming_a_normal_answer() -> None:
    status, body = await request(answers, stream=True)
    assert status == 200
    assert [m["text"] for m in streamed(body)] == [
        "Guten Tag! Wobei kann ich helfen?",
        "Zum Beispiel bei Förderprogrammen.",
    ]


async def test_streaming_an_empty_reply_streams_the_unavailable_note() -> None:
    status, body = await request(answers_nothing, stream=True)
    assert status == 200 and streamed(body) == [{"recipient_id": SENDER, "text": UNAVAILABLE}]


@pytest.mark.parametrize("handler", [tracker_store_down, lock_store_down])
async def test_streaming_a_failure_streams_the_disruption_note_instead_of_hanging(
    handler: Handler, caplog: pytest.LogCaptureFixture
) -> None:
    caplog.set_level(logging.DEBUG)
    status, body = await request(handler, stream=True)  # Rasa's own stream would wait forever here
    assert status == 200  # the status line goes out before processing starts
    assert streamed(body) == [{"recipient_id": SENDER, "text": DISRUPTED}]
    assert SECRET not in caplog.text and "Traceback" not in caplog.text


async def test_streaming_a_failure_after_an_answer_adds_the_disruption_note() -> None:
    status, body = await request(answers_then_tracker_store_down, stream=True)
    assert [m["text"] for m in streamed(body)] == ["Eine Antwort, die nicht gespeichert wird.", DISRUPTED]


async def store_failure_swallowed_by_rasa(message: UserMessage) -> None:
    """Rasa's FailSafeTrackerStore catches the store's error and answers from an empty conversation."""
    report_store_failure(sqlalchemy.exc.OperationalError("SELECT …", {}, Exception("connection refused")))
    await message.output_channel.send_text_message(message.sender_id, "Für welches Bundesland suchen Sie?")


async def test_a_store_failure_that_rasa_swallowed_is_still_a_503() -> None:
    status, body = await request(store_failure_swallowed_by_rasa)
    assert (status, json.loads(body)) == (503, [{"recipient_id": SENDER, "text": DISRUPTED}])


async def test_streaming_a_swallowed_store_failure_ends_with_the_disruption_note() -> None:
    status, body = await request(store_failure_swallowed_by_rasa, stream=True)
    lines = [json.loads(line)["text"] for line in body.decode("utf-8").splitlines() if line.strip()]
    assert lines[-1] == DISRUPTED
