"""Faults of the production stack: a component goes away and comes back; a store is missing at start.

Every test leaves the stack as it found it (components restarted in ``finally``)."""

from __future__ import annotations

import socket
import time
import uuid
from typing import Callable, Dict, Tuple

import pytest

from bot.channels import DISRUPTED, UNAVAILABLE
from bot.stack import RasaServer, Stack
from bot.store_checks import SEVERAL_WORKERS_NEED_REDIS
from tests.scale.conftest import post, texts

FUNDING_QUESTION = "Welche Förderprogramme gibt es für eine Gemeinde in Hessen?"  # answered by a custom action


def answered_again(url: str, sender: str, message: str, within: float = 60) -> Tuple[int, str]:
    """After a component is back: the first normal answer (bounded), as (status, text)."""
    deadline = time.monotonic() + within
    status, reply = post(url, sender, message)
    while (status != 200 or "Programm" not in texts(reply)) and time.monotonic() < deadline:
        time.sleep(2)
        status, reply = post(url, sender, message)
    return status, texts(reply)


def test_action_server_down_gets_a_german_note_and_works_again_when_back(stack: Stack) -> None:
    sender = f"actions-{uuid.uuid4().hex[:8]}"
    url = stack.rasa[0].url
    stack.actions.stop()
    try:
        status, reply = post(url, sender, FUNDING_QUESTION)
        assert status == 200
        assert texts(reply) == UNAVAILABLE
    finally:
        stack.actions.start(120)
    status, text = answered_again(url, sender, FUNDING_QUESTION)
    assert status == 200 and "Hessen" in text, text


@pytest.mark.parametrize("component", ["postgres", "redis"])
def test_store_down_while_running_gives_german_errors_and_recovers_without_restart(
    stack: Stack, component: str
) -> None:
    sender = f"{component}-{uuid.uuid4().hex[:8]}"
    urls = [server.url for server in stack.rasa]
    status, reply = post(urls[0], sender, "Wir sind eine Gemeinde in Hessen.")
    assert status == 200
    service = stack.postgres if component == "postgres" else stack.redis
    service.stop()
    try:
        for url in urls:
            status, reply = post(url, sender, "Welche Förderprogramme passen zu uns?")
            assert (status, texts(reply)) == (503, DISRUPTED)
    finally:
        service.start()
    # Back without restarting a Rasa server; the conversation (and its profile) survived.
    for url in urls:
        status, text = answered_again(url, sender, "Welche Förderprogramme passen zu uns?")
        assert status == 200 and "Gemeinde in Hessen" in text, text


MISSING_AT_START: Dict[str, Callable[[Stack], Dict[str, str]]] = {
    "TRACKER_DB_URL": lambda stack: {**stack.env(), "TRACKER_DB_URL": stack.postgres.url.replace("55432", "55439")},
    "LOCK_STORE_URL": lambda stack: {**stack.env(), "LOCK_STORE_URL": stack.redis.url.replace("56379", "56389")},
}


@pytest.mark.parametrize("setting", sorted(MISSING_AT_START))
def test_a_missing_store_at_start_stops_the_server_with_an_error_naming_it(stack: Stack, setting: str) -> None:
    server = RasaServer(5107, {**MISSING_AT_START[setting](stack), "STORE_WAIT_SECONDS": "2"})
    server.log.unlink(missing_ok=True)
    server.launch()
    assert server.wait_exit(180) != 0
    log = server.log_text()
    assert f"(Einstellung {setting})" in log and "nicht erreichbar" in log, log[-2000:]
    assert "digitallotse-test" not in log, "the database password must not be logged"


def test_several_workers_without_a_shared_lock_store_are_refused(stack: Stack) -> None:
    server = RasaServer(5107, {**stack.env(), "LOCK_STORE_URL": ""}, workers=2)
    server.log.unlink(missing_ok=True)
    server.launch()
    server.wait_exit(180)  # Sanic's main process may exit with 0 when its workers failed to start
    assert SEVERAL_WORKERS_NEED_REDIS in server.log_text()


def test_the_action_server_waits_for_a_slow_client_instead_of_closing_the_connection(stack: Stack) -> None:
    """A loaded Rasa server may connect to the action server and write its request seconds later; Sanic's
    default closes such a connection after 5 s and the turn's action fails (seen in the soak run)."""
    with socket.create_connection(("127.0.0.1", stack.actions.port), timeout=30) as connection:
        time.sleep(7)
        connection.sendall(b"GET /health HTTP/1.1\r\nHost: 127.0.0.1\r\nConnection: close\r\n\r\n")
        answer = connection.recv(200)
    assert answer.startswith(b"HTTP/1.1 200"), answer
