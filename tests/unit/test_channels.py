"""The REST channel's input checks (bot/channels.py), without a server."""

from __future__ import annotations

import json

import pytest

from bot.channels import (
    MAX_SENDER_CHARS,
    CheckedRestInput,
    InvalidRequest,
    clean_text,
    max_message_chars,
    parse_request,
    payload_or_text,
)


def body(value: object) -> bytes:
    return json.dumps(value).encode("utf-8")


def test_the_url_stays_webhooks_rest_webhook() -> None:
    assert CheckedRestInput.name() == "rest" and CheckedRestInput().url_prefix() == "rest"


def test_a_valid_request_is_cleaned() -> None:
    sender, text, metadata = parse_request(body({"sender": "s1", "message": "Hal\x00lo\r\nWelt\t!\x1b\ud800"}))
    assert (sender, text, metadata) == ("s1", "Hallo\nWelt\t!", None)


@pytest.mark.parametrize(
    "raw",
    [
        b"",
        b"[1, 2]",
        b'"Hallo"',
        b"null",
        b"{nicht json",
        b'{"sender": "s", "message": "\xff\xfe"}',  # invalid UTF-8
        body({"message": "Hallo"}),
        body({"sender": 7, "message": "Hallo"}),
        body({"sender": "   ", "message": "Hallo"}),
        body({"sender": "s" * (MAX_SENDER_CHARS + 1), "message": "Hallo"}),
        body({"sender": "a\x00b", "message": "Hallo"}),
        body({"sender": "a\nb", "message": "Hallo"}),
        body({"sender": "s"}),
        body({"sender": "s", "message": None}),
        body({"sender": "s", "message": ["Hallo"]}),
        body({"sender": "s", "message": "Hallo", "metadata": "x"}),
        b"[" * 100_000 + b"]" * 100_000,  # deeper than Python's recursion limit
    ],
)
def test_wrong_requests_are_refused_in_german(raw: bytes) -> None:
    with pytest.raises(InvalidRequest) as problem:
        parse_request(raw)
    assert any(word in str(problem.value) for word in ("fehlt", "Erwartet", "gültiges", "zu lang", "muss"))


def test_emoji_and_umlauts_stay() -> None:
    assert clean_text("Förderung 🚀 für Straßen") == "Förderung 🚀 für Straßen"


def test_message_limit_from_the_environment(monkeypatch: pytest.MonkeyPatch) -> None:
    monkeypatch.delenv("MAX_MESSAGE_CHARS", raising=False)
    assert max_message_chars() == 4000
    monkeypatch.setenv("MAX_MESSAGE_CHARS", "200")
    assert max_message_chars() == 200
    monkeypatch.setenv("MAX_MESSAGE_CHARS", "viel")
    assert max_message_chars() == 4000


INTENTS = ["affirm", "inform", "delete_profile", "search_funding+show_example"]


@pytest.mark.parametrize(
    "text, expected",
    [
        ("/affirm", "/affirm"),
        ("/delete_profile", "/delete_profile"),
        ('/inform{"municipality_type": "stadt"}', '/inform{"municipality_type": "stadt"}'),
        ("/search_funding+show_example", "/search_funding+show_example"),
        ("/Geheimwort-XYZ", "Geheimwort-XYZ"),  # unknown intent: Rasa would log the whole line
        ("/affirm Zwackelmann", "affirm Zwackelmann"),
        ("/inform{kaputt", "inform{kaputt"),
        ('/inform["a"]', 'inform["a"]'),
        ("/affirm@0.3", "affirm@0.3"),
        ("// /x", "x"),
        ("Hallo /affirm", "Hallo /affirm"),
        ("  /Geheimwort-XYZ", "Geheimwort-XYZ"),  # Rasa strips before it looks for the slash
        ('/inform{"geheim": "Zwackelmann"}', 'inform{"geheim": "Zwackelmann"}'),  # unknown entity
    ],
)
def test_only_well_formed_payloads_of_known_intents_stay_payloads(text: str, expected: str) -> None:
    assert payload_or_text(text, INTENTS, ["municipality_type"]) == expected
