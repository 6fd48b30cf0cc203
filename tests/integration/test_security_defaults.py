"""Security defaults of the running stack: the action server only on 127.0.0.1, no open HTTP API."""

from __future__ import annotations

import os
import re
import urllib.error
import urllib.request

import pytest

from tests.integration.servers import LOG_DIR


def test_the_action_server_listens_only_on_localhost() -> None:
    if os.environ.get("ACTION_HOST", "127.0.0.1") != "127.0.0.1":
        pytest.skip("ACTION_HOST was changed on purpose")
    log = (LOG_DIR / "actions.log").read_text(encoding="utf-8", errors="replace")
    hosts = re.findall(r"Action endpoint is up and running on https?://([^:/]+):", log)
    assert hosts and set(hosts) == {"127.0.0.1"}, hosts


def test_the_http_api_is_off_or_needs_the_token(base_url: str) -> None:
    try:
        with urllib.request.urlopen(f"{base_url}/status", timeout=10) as response:
            status = response.status
    except urllib.error.HTTPError as error:
        status = error.code
    # off: the route does not exist; on (RASA_ENABLE_API=1): only with ?token=…
    assert status in (401, 403, 404), status
