"""The widget shows the German reason of an error answer (bot/widget/digitallotse.js, faultText).

faultText is cut out of the widget and run with Node on the bodies the bot (503) and the proxy (429,
413) send, and on bodies that must fall back to the general connection message.
"""

from __future__ import annotations

import json
import re
import shutil
import subprocess
from pathlib import Path
from typing import Any

import pytest

from bot.channels import DISRUPTED

WIDGET = Path(__file__).resolve().parents[2] / "bot" / "widget" / "digitallotse.js"
NODE = shutil.which("node")


def fault_text(body: Any) -> str:
    source = WIDGET.read_text(encoding="utf-8")
    match = re.search(r"^  function faultText\(body\) \{\n.*?^  \}\n", source, re.DOTALL | re.MULTILINE)
    assert match, "faultText is missing in the widget"
    script = match.group(0) + f"process.stdout.write(JSON.stringify(faultText({json.dumps(body)})));"
    assert NODE is not None
    done = subprocess.run([NODE, "-e", script], capture_output=True, text=True, timeout=30, check=True)
    return json.loads(done.stdout)


@pytest.mark.skipif(NODE is None, reason="Node.js is not installed")
@pytest.mark.parametrize(
    "body, expected",
    [
        ([{"recipient_id": "s", "text": DISRUPTED}], DISRUPTED),
        (
            {"error": "Zu viele Anfragen. Bitte warten Sie einen Moment."},
            "Zu viele Anfragen. Bitte warten Sie einen Moment.",
        ),
        ({"error": "Die Nachricht ist zu groß."}, "Die Nachricht ist zu groß."),
        (None, ""),  # no JSON body: an HTML error page of a proxy
        ({"status": 500, "message": "Internal Server Error"}, ""),  # Rasa's/Sanic's English error
        ([{"recipient_id": "s", "image": "x.png"}], ""),
        ({"error": 42}, ""),
        ("Fehler", ""),
    ],
)
def test_the_german_reason_of_an_error_answer_is_shown(body: Any, expected: str) -> None:
    assert fault_text(body) == expected
