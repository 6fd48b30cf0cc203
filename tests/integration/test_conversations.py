"""Multi-turn conversations from tests/conversations/*.yml, run over REST against the real servers.

Each file lists conversations in the words of municipal staff; expectations are on facts and
behaviour (contains / contains_any / not_contains / matches / max_chars), never on exact wording.
Every turn must get a non-empty answer that is not the guard's apology.
"""

from __future__ import annotations

import re
from pathlib import Path
from typing import Any, Dict, List

import pytest
import yaml

CONVERSATIONS_DIR = Path(__file__).resolve().parents[1] / "conversations"
ALWAYS_FORBIDDEN = ("technischer Fehler",)


def load_conversations() -> List[Dict[str, Any]]:
    conversations = []
    for path in sorted(CONVERSATIONS_DIR.glob("*.yml")):
        for conversation in yaml.safe_load(path.read_text(encoding="utf-8"))["conversations"]:
            conversations.append({**conversation, "file": path.name})
    return conversations


CONVERSATIONS = load_conversations()


def reply_text(messages: List[dict]) -> str:
    parts = []
    for message in messages:
        parts.append(message.get("text") or "")
        parts += [button.get("title", "") for button in message.get("buttons") or []]
    return "\n".join(parts)


def check_turn(turn: Dict[str, Any], messages: List[dict]) -> List[str]:
    """Every expectation the reply breaks, in words (empty when the turn is fine)."""
    text = reply_text(messages)
    lowered = text.lower()
    problems = []
    if not any((m.get("text") or "").strip() for m in messages):
        problems.append("keine Antwort")
    problems += [f"enthält {bad!r}" for bad in ALWAYS_FORBIDDEN if bad.lower() in lowered]
    expect = turn.get("expect") or {}
    problems += [f"fehlt {w!r}" for w in expect.get("contains", []) if w.lower() not in lowered]
    if expect.get("contains_any") and not any(w.lower() in lowered for w in expect["contains_any"]):
        problems.append(f"keines von {expect['contains_any']!r}")
    problems += [f"enthält {w!r}" for w in expect.get("not_contains", []) if w.lower() in lowered]
    problems += [f"passt nicht zu /{p}/" for p in expect.get("matches", []) if not re.search(p, text, re.I)]
    if "max_chars" in expect and len(text) > expect["max_chars"]:
        problems.append(f"{len(text)} Zeichen > {expect['max_chars']}")
    return problems


def test_there_are_enough_conversations_for_every_class():
    assert len(CONVERSATIONS) >= 60
    names = [c["name"] for c in CONVERSATIONS]
    assert len(names) == len(set(names)), "conversation names must be unique"


@pytest.mark.parametrize("conversation", CONVERSATIONS, ids=[c["name"] for c in CONVERSATIONS])
def test_conversation(conversation, say):
    transcript = []
    failures = []
    for number, turn in enumerate(conversation["turns"], start=1):
        messages = say(turn["user"])
        transcript.append(f"Sie: {turn['user']}\nBot: {reply_text(messages)}")
        failures += [f"Zug {number} ({turn['user'][:40]!r}): {p}" for p in check_turn(turn, messages)]
    assert not failures, "\n".join(failures) + "\n\n" + "\n".join(transcript)
