"""The scale-out tests start their own production-like stack on loopback (bot/stack.py): PostgreSQL and
Redis from Debian's packages, one action server, two Rasa servers (the second with SANIC_WORKERS=2).
Everything is stopped and removed at the end of the session. Run with ``make test-scale``."""

from __future__ import annotations

import json
import urllib.error
import urllib.request
from typing import Any, Iterator, List, Tuple

import pytest

from bot.proxy import Proxy
from bot.stack import ROOT, Stack


@pytest.fixture(scope="session")
def stack() -> Iterator[Stack]:
    with Stack(rasa_ports=(5105, 5106), workers=(1, 2)) as started:
        yield started


@pytest.fixture(scope="session")
def proxy(stack: Stack) -> Iterator[Proxy]:
    """The production nginx site (deploy/nginx/) in front of both Rasa servers, over HTTPS on loopback."""
    with Proxy(upstream_ports=[server.port for server in stack.rasa], workdir=ROOT / "build" / "scale" / "nginx") as p:
        yield p


def post(url: str, sender: str, message: str, timeout: float = 60) -> Tuple[int, Any]:
    """One message to a Rasa server's REST webhook: (HTTP status, decoded JSON) – also for 4xx/5xx."""
    body = json.dumps({"sender": sender, "message": message}).encode("utf-8")
    request = urllib.request.Request(
        f"{url}/webhooks/rest/webhook", data=body, headers={"Content-Type": "application/json"}
    )
    try:
        with urllib.request.urlopen(request, timeout=timeout) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as error:
        return error.code, json.loads(error.read() or b"null")


def texts(reply: List[dict]) -> str:
    return "\n".join(message.get("text") or "" for message in reply)
