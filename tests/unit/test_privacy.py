"""The action server's error reply carries no request data (actions/privacy.py)."""

from __future__ import annotations

import json
import logging

import pytest
from sanic.exceptions import InvalidUsage

from actions.privacy import private_error_reply, protect_action_server


async def test_an_error_reply_and_its_log_hold_no_conversation_data(caplog: pytest.LogCaptureFixture) -> None:
    try:
        raise KeyError("Geheimwort-XYZ Zwackelmann")
    except KeyError as exc:
        with caplog.at_level(logging.DEBUG):
            reply = await private_error_reply(None, exc)
    assert reply.status == 500
    assert "Geheimwort" not in reply.body.decode("utf-8") and "Geheimwort" not in caplog.text
    assert "KeyError" in caplog.text and "test_privacy.py" in caplog.text
    assert "request_body" not in json.loads(reply.body)


async def test_a_client_error_keeps_its_status() -> None:
    reply = await private_error_reply(None, InvalidUsage("Failed when parsing body as json"))
    assert reply.status == 400


def test_outside_the_action_server_nothing_is_installed() -> None:
    assert protect_action_server() is False
