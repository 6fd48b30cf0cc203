"""No message texts or profile values in any log file of the running servers (build/logs/, or LOG_DIR).

A conversation with unique marker texts and profile values goes through the stack, the action server's
error paths are provoked directly (unknown action, malformed tracker, both carrying the markers), then
every log file is searched for the markers.
"""

from __future__ import annotations

import json
import os
import uuid

from tests.integration.servers import LOG_DIR, post, say

ACTION_SERVER_URL = os.environ.get("ACTION_SERVER_URL", "http://localhost:5055/webhook")
MARKERS = ("Geheimwort-XYZ", "Zwackelmann")


def test_no_marker_in_any_log(base_url: str) -> None:
    sender = f"privacy-{uuid.uuid4().hex[:8]}"
    for message in (
        "Wir sind die Gemeinde Zwackelmann in Thüringen mit 4.321 Einwohnern",
        "Geheimwort-XYZ: Welche Förderung gibt es für uns?",
        "Was wissen Sie über uns?",
        "\x00Geheimwort-XYZ\x1b mit Steuerzeichen",
        "/Geheimwort-XYZ",  # Rasa would take it for an intent payload and warn with the text
        '/inform{"Geheimwort-XYZ": "Zwackelmann"}',
        "/inform{Geheimwort-XYZ",
        " /affirm Geheimwort-XYZ",
        "Geheimwort-XYZ " * 500,  # too long: refused by the channel
    ):
        assert say(base_url, sender, message)
    tracker = {
        "sender_id": sender,
        "slots": {"municipality_name": "Zwackelmann"},
        "latest_message": {"text": "Geheimwort-XYZ", "intent": {"name": "inform"}, "entities": []},
        "events": [{"event": "user", "text": "Geheimwort-XYZ"}],
    }
    unknown = {"next_action": "action_gibt_es_nicht", "tracker": tracker, "domain": {}}
    status, reply = post(ACTION_SERVER_URL, json.dumps(unknown).encode())
    assert status == 404 and "Geheimwort" not in json.dumps(reply)
    broken = {"next_action": "action_show_profile", "tracker": ["Geheimwort-XYZ", "Zwackelmann"]}
    status, reply = post(ACTION_SERVER_URL, json.dumps(broken).encode())
    assert status == 500 and "Zwackelmann" not in json.dumps(reply), reply  # no request_body in the reply
    status, _ = post(ACTION_SERVER_URL, b'{"next_action": "Geheimwort-XYZ", ')
    assert status == 400

    logs = sorted(path for path in LOG_DIR.rglob("*") if path.is_file())
    assert logs, f"no log files in {LOG_DIR}"
    for path in logs:
        content = path.read_text(encoding="utf-8", errors="replace")
        for marker in MARKERS:
            assert marker not in content, f"{marker!r} in {path}"
