"""Generated hostile input against the running REST channel (bot/channels.py): never a 5xx.

1,200 seeded cases (the same every run): JSON of every shape, invalid UTF-8, control characters, lone
surrogates, 20,000-character messages, HTML/JS, SQL-like strings, emoji, English, many sender ids.
Wrong requests must get HTTP 400 with a German reason, too long messages the German note, valid ones a
normal answer; every request is bounded in time and the bot still greets normally afterwards.
The valid messages go to a limited pool of sender ids, so the run stays short.
"""

from __future__ import annotations

import json
import random
import time
import uuid
from typing import Any, Callable, Dict, List, Tuple

from tests.integration.servers import post, say, texts

SEED = 20261204
CASES = 1200
SENDER_POOL = 60
REQUEST_SECONDS = 15.0

PIECES = [
    "Hallo",
    "Welche Förderung gibt es für Breitband?",
    "Wir sind eine Gemeinde in Bayern",
    "<script>alert('x')</script>",
    '<img src=x onerror="alert(1)">',
    "javascript:alert(1)",
    "'; DROP TABLE events; --",
    '" OR 1=1 --',
    "SELECT * FROM events WHERE sender_id LIKE '%'",
    "😀🚀🏛️👩‍👩‍👧",
    "What funding is there for small towns in England?",
    "{{7*7}} ${jndi:ldap://x}",
    "\x00",
    "\x1b[31m",
    "\x07\x08\x7f",
    "\u202e",
    "\ufeff",
    "\ud800",
    "\udfff",
    "\r\n",
    "\t",
    "   ",
    "ÄÖÜäöüß",
    "/delete_profile",
    "/affirm",
    "/search_funding",
    "/unbekannt",
    '/inform{"municipality_type": "stadt"}',
    '/inform{"fremd": 1}',
    "/inform{kaputt",
    "/affirm@0.1",
    "12.000 €",
    "%00%0a",
]


def random_text(rng: random.Random, max_pieces: int = 6) -> str:
    return "".join(rng.choice(PIECES) for _ in range(rng.randint(0, max_pieces)))


def random_json(rng: random.Random, depth: int = 0) -> Any:
    choices: List[Callable[[], Any]] = [
        lambda: None,
        lambda: rng.choice([True, False]),
        lambda: rng.randint(-(10**12), 10**12),
        lambda: rng.random() * 1e6,
        lambda: random_text(rng),
    ]
    if depth < 2:
        choices += [
            lambda: [random_json(rng, depth + 1) for _ in range(rng.randint(0, 3))],
            lambda: {random_text(rng, 2): random_json(rng, depth + 1) for _ in range(rng.randint(0, 3))},
        ]
    return rng.choice(choices)()


def encode(value: Any) -> bytes:
    # ensure_ascii keeps lone surrogates as \ud800 escapes: valid JSON, an invalid character once decoded
    return json.dumps(value).encode("ascii")


RUN = uuid.uuid4().hex[:6]  # a fresh pool per run: the store keeps conversations between runs


def case(rng: random.Random, number: int) -> Tuple[str, bytes]:
    """(expected outcome, body): 'bad' → 400, 'long' → the German note, 'ok' → a normal answer."""
    sender = f"fuzz-{RUN}-{number % SENDER_POOL}"
    kind = rng.choices(["shape", "field", "bytes", "long", "ok"], weights=[25, 30, 10, 20, 15])[0]
    if kind == "shape":  # a body that is no object
        value = random_json(rng)
        while isinstance(value, dict):
            value = random_json(rng)
        return "bad", b"" if rng.random() < 0.1 else encode(value)
    if kind == "field":  # an object with a wrong or missing field
        body: Dict[str, Any] = {"sender": sender, "message": random_text(rng)}
        broken = rng.choice(["no sender", "sender", "long sender", "control sender", "no message", "message", "meta"])
        if broken == "no sender":
            del body["sender"]
        elif broken == "sender":
            body["sender"] = rng.choice([None, 7, ["a"], {"id": 1}, True, "", "   "])
        elif broken == "long sender":
            body["sender"] = uuid.UUID(int=rng.getrandbits(128)).hex * rng.randint(5, 200)
        elif broken == "control sender":
            body["sender"] = "s" + rng.choice(["\x00", "\x1b", "\ud800", "\n"]) + str(number)
        elif broken == "no message":
            del body["message"]
        elif broken == "message":
            body["message"] = rng.choice([None, 42, 3.14, True, ["Hallo"], {"text": "Hallo"}])
        else:
            body["metadata"] = rng.choice(["x", 1, ["a"], True])
        return "bad", encode(body)
    if kind == "bytes":  # not UTF-8, or not JSON at all
        raw = bytes(rng.getrandbits(8) for _ in range(rng.randint(1, 200)))
        prefix = rng.choice([b'{"sender": "s", "message": "', b"", b"{", b"["])
        return "bad", prefix + b"\xff\xfe" + raw
    if kind == "long":  # many distinct senders are cheap here: the channel refuses before Rasa
        text = rng.choice(PIECES[:12]) * 2 + "x" * rng.randint(4001, 20000)
        return "long", encode({"sender": f"long-{uuid.UUID(int=rng.getrandbits(128)).hex}", "message": text})
    body = {"sender": sender, "message": random_text(rng)}
    if rng.random() < 0.2:
        body["metadata"] = {"quelle": random_text(rng, 2)}
    return "ok", encode(body)


def test_generated_hostile_requests_never_get_a_server_error(base_url: str) -> None:
    rng = random.Random(SEED)
    url = f"{base_url}/webhooks/rest/webhook"
    seen: Dict[str, int] = {}
    spent: Dict[str, float] = {}
    slowest = 0.0
    for number in range(CASES):
        expected, body = case(rng, number)
        seen[expected] = seen.get(expected, 0) + 1
        start = time.monotonic()
        status, reply = post(url, body, timeout=REQUEST_SECONDS * 2)
        took = time.monotonic() - start
        slowest = max(slowest, took)
        spent[expected] = spent.get(expected, 0.0) + took
        where = f"case {number} ({expected}): {body[:120]!r}"
        assert status < 500, f"{status} for {where}"
        assert took < REQUEST_SECONDS, f"{took:.1f}s for {where}"
        if expected == "bad":
            assert status == 400 and isinstance(reply, dict) and reply.get("error"), f"{status} {reply!r} for {where}"
        elif expected == "long":
            assert status == 200 and "zu lang" in texts(reply), f"{reply!r} for {where}"
        else:
            assert status == 200 and isinstance(reply, list), f"{status} {reply!r} for {where}"
    assert all(seen.get(kind, 0) >= 100 for kind in ("bad", "long", "ok")), seen
    print(f"cases {seen}, seconds { ({k: round(v, 1) for k, v in spent.items()}) }, slowest {slowest:.2f} s")
    reply = texts(say(base_url, f"after-fuzz-{uuid.uuid4().hex[:8]}", "Hallo"))
    assert reply.startswith("Guten Tag!"), reply
