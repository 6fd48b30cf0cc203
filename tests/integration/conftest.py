"""The integration tests talk to a running Rasa server + action server (bot/test.sh starts both)."""

from __future__ import annotations

import json
import os
import urllib.request
import uuid
from typing import Callable, List

import pytest


@pytest.fixture(scope="session")
def base_url() -> str:
    url = os.environ.get("DIGITALLOTSE_URL")
    if not url:
        pytest.fail(
            "DIGITALLOTSE_URL is not set: run these tests through `make test` (bot/test.sh starts the servers)."
        )
    return url.rstrip("/")


@pytest.fixture
def say(base_url: str) -> Callable[[str], List[dict]]:
    """Send one message in a fresh conversation per test; returns the bot's messages."""
    sender = f"test-{uuid.uuid4().hex[:8]}"

    def _say(message: str) -> List[dict]:
        body = json.dumps({"sender": sender, "message": message}).encode("utf-8")
        request = urllib.request.Request(
            f"{base_url}/webhooks/rest/webhook", data=body, headers={"Content-Type": "application/json"}
        )
        with urllib.request.urlopen(request, timeout=60) as response:
            assert response.status == 200
            return json.loads(response.read().decode("utf-8"))

    return _say
