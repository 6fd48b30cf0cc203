"""The production nginx site (deploy/nginx/digitallotse.conf) in front of the scale stack's Rasa servers.

bot/proxy.py renders the very file a municipality deploys (only ports, paths, names and the certificate
differ) and runs Debian's nginx on loopback; these tests talk to it over HTTPS the way the widget and
REST clients do. The client verifies the proxy's self-signed certificate (it is its own CA).
"""

from __future__ import annotations

import json
import re
import ssl
import uuid
from pathlib import Path
from typing import Any, Dict, List, Optional, Tuple

import aiohttp
import pytest

from bot.proxy import Proxy

ROOT = Path(__file__).resolve().parents[2]
WIDGET = ROOT / "bot" / "widget"
WEBHOOK = "/webhooks/rest/webhook"
TIMEOUT = aiohttp.ClientTimeout(total=60, sock_connect=5)


async def fetch(
    proxy: Proxy,
    method: str,
    path: str,
    *,
    data: Optional[bytes] = None,
    payload: Optional[Dict[str, Any]] = None,
    client: Optional[str] = None,
    headers: Optional[Dict[str, str]] = None,
    base: Optional[str] = None,
) -> Tuple[int, Any, bytes]:
    """One request through the proxy (from ``client``'s address if given); (status, headers, body)."""
    context = ssl.create_default_context(cafile=str(proxy.cert))
    connector = aiohttp.TCPConnector(ssl=context, local_addr=(client, 0) if client else None)
    if payload is not None:
        data = json.dumps(payload).encode("utf-8")
        headers = {"Content-Type": "application/json", **(headers or {})}
    async with (
        aiohttp.ClientSession(connector=connector, timeout=TIMEOUT) as session,
        session.request(
            method, (base or proxy.url) + path, data=data, headers=headers, allow_redirects=False
        ) as response,
    ):
        return response.status, response.headers, await response.read()


def german_error(body: bytes) -> str:
    """The ``{"error": "…"}`` text of a proxy or channel error answer."""
    error = json.loads(body.decode("utf-8"))["error"]
    assert isinstance(error, str) and re.search(r"\b(ist|wird|sie|die|der|das|fehlt|nicht|zu)\b", error, re.I), error
    return error


def texts(body: bytes) -> str:
    return "\n".join(reply.get("text") or "" for reply in json.loads(body.decode("utf-8")))


# --- a conversation ---------------------------------------------------------------------------------


async def test_conversation_through_the_proxy_keeps_its_profile(proxy: Proxy, stack: Any) -> None:
    sender = f"proxy-{uuid.uuid4().hex[:10]}"
    turns: List[Tuple[str, List[str]]] = [
        ("Wir sind eine Gemeinde in Bayern mit 4.000 Einwohnern", ["Bayern", "Gemeinde", "4.000"]),
        ("Welche Förderprogramme gibt es für uns?", ["Gemeinde in Bayern", "Programme"]),
        ("und die Förderquote?", ["Förderquote"]),
        ("Wir wollen 12 Tablets für 18.000 € kaufen – wie vergeben wir das?", ["18.000 €", "Bayern"]),
        ("Gibt es Praxisbeispiele für digitale Bürgerdienste?", ["Praxisbeispiele"]),
        ("Was weißt du über mein Profil?", ["Gemeinde in Bayern mit rund 4.000"]),
    ]
    for message, expected in turns:
        status, headers, body = await fetch(proxy, "POST", WEBHOOK, payload={"sender": sender, "message": message})
        assert status == 200, (message, status, body[:300])
        answer = texts(body)
        for part in expected:
            assert part in answer, (message, part, answer[:500])
        assert headers["Cache-Control"] == "no-store"
        assert "Strict-Transport-Security" in headers


async def test_turns_reach_every_rasa_instance(proxy: Proxy, stack: Any) -> None:
    """least_conn falls back to round robin for idle instances: a few turns land on each of them."""
    sender = f"proxy-{uuid.uuid4().hex[:10]}"
    start = proxy.access_log.stat().st_size if proxy.access_log.exists() else 0
    for message in ("Hallo", "Wir sind eine Stadt in Hessen", "Welche Förderung gibt es?", "Danke"):
        status, _, body = await fetch(proxy, "POST", WEBHOOK, payload={"sender": sender, "message": message})
        assert status == 200, body[:300]
    with open(proxy.access_log, encoding="utf-8") as file:
        file.seek(start)
        log = file.read()
    used = set(re.findall(r'"POST /webhooks/rest/webhook" 200 \d+ \S+ 127\.0\.0\.1:(\d+)', log))
    assert used == {str(server.port) for server in stack.rasa}
    # The access log keeps no full client address (the last octet is 0) and no message text.
    assert all(re.match(r"\d+\.\d+\.\d+\.0 \[", line) for line in log.splitlines()), log[-500:]
    assert "Hessen" not in log and "Förderung" not in log


# --- the widget's files -----------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("path", "content_type"),
    [
        ("/widget/digitallotse.js", "text/javascript; charset=utf-8"),
        ("/widget/digitallotse.css", "text/css; charset=utf-8"),
        ("/widget/musterstadt.css", "text/css; charset=utf-8"),
        ("/widget/datenschutz.html", "text/html; charset=utf-8"),
        ("/widget/index.html", "text/html; charset=utf-8"),
        ("/widget/", "text/html; charset=utf-8"),
    ],
)
async def test_widget_files(proxy: Proxy, path: str, content_type: str) -> None:
    status, headers, body = await fetch(proxy, "GET", path)
    assert status == 200
    assert headers["Content-Type"] == content_type
    csp = headers["Content-Security-Policy"]
    assert "script-src 'self'" in csp and "connect-src 'self'" in csp and "unsafe-inline" not in csp
    assert headers["X-Content-Type-Options"] == "nosniff"
    assert headers["Referrer-Policy"] == "no-referrer"
    assert headers["Strict-Transport-Security"].startswith("max-age=")
    name = path.rsplit("/", 1)[1] or "index.html"
    original = (WIDGET / name).read_bytes()
    if name.endswith(".html"):
        text = body.decode("utf-8")
        assert "{{RASA_URL}}" not in text
        assert f'data-server="{proxy.url}"' in text
        assert text == original.decode("utf-8").replace("{{RASA_URL}}", proxy.url)
    else:
        assert body == original


async def test_server_does_not_name_its_version(proxy: Proxy) -> None:
    _, headers, _ = await fetch(proxy, "GET", "/widget/digitallotse.js")
    assert headers.get("Server") == "nginx"


# --- nothing else is reachable -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("method", "path"),
    [
        ("GET", "/"),
        ("GET", "/status"),
        ("GET", "/version"),
        ("GET", "/domain"),
        ("GET", "/conversations/x/tracker"),
        ("POST", "/conversations/x/tracker/events"),
        ("POST", "/model/parse"),
        ("PUT", "/model"),
        ("POST", "/webhook"),  # the action server
        ("GET", "/health"),  # the action server
        ("GET", "/actions"),
        ("POST", "/webhooks/rest/webhook/"),
        ("POST", "/webhooks/socketio/webhook"),
        ("GET", "/widget"),
        ("GET", "/widget/x.html"),
        ("GET", "/widget/../credentials.yml"),
        ("GET", "/widget/%2e%2e/endpoints.yml"),
        ("GET", "/.well-known/acme-challenge/x"),  # only over HTTP
    ],
)
async def test_everything_else_is_not_found(proxy: Proxy, method: str, path: str) -> None:
    status, headers, body = await fetch(proxy, method, path)
    assert status == 404, (method, path, body[:200])
    assert headers["Content-Type"] == "application/json; charset=utf-8"
    german_error(body)


@pytest.mark.parametrize("method", ["GET", "PUT", "DELETE", "PATCH"])
async def test_webhook_takes_only_post(proxy: Proxy, method: str) -> None:
    status, headers, body = await fetch(proxy, method, WEBHOOK, data=b'{"sender": "x", "message": "Hallo"}')
    assert status == 405
    assert headers["Allow"] == "POST, OPTIONS"
    german_error(body)


async def test_widget_files_take_only_get(proxy: Proxy) -> None:
    status, headers, body = await fetch(proxy, "POST", "/widget/digitallotse.js", data=b"x")
    assert status == 405 and headers["Allow"] == "GET, HEAD"
    german_error(body)


async def test_health_check_of_the_channel(proxy: Proxy) -> None:
    status, _, body = await fetch(proxy, "GET", "/webhooks/rest/")
    assert status == 200 and json.loads(body) == {"status": "ok"}


# --- limits ------------------------------------------------------------------------------------------


async def test_large_body_is_refused_in_german(proxy: Proxy) -> None:
    data = json.dumps({"sender": "proxy-big", "message": "a" * 64 * 1024}).encode()
    status, headers, body = await fetch(proxy, "POST", WEBHOOK, data=data, headers={"Content-Type": "application/json"})
    assert status == 413
    assert headers["Content-Type"] == "application/json; charset=utf-8"
    assert "zu groß" in german_error(body)


async def test_rate_limit_per_client_address(proxy: Proxy) -> None:
    """A burst from one address gets 429 in German; another address is still answered.

    The requests lack "message", so the channel refuses them with 400 without running a turn: the
    rate limit counts them all the same, and the Rasa servers stay idle."""
    context = ssl.create_default_context(cafile=str(proxy.cert))
    statuses: List[int] = []
    refused: Optional[Tuple[Any, bytes]] = None
    connector = aiohttp.TCPConnector(ssl=context, local_addr=("127.0.0.2", 0))
    async with aiohttp.ClientSession(connector=connector, timeout=TIMEOUT) as session:
        for _ in range(60):  # bounded: 21 pass (1 + burst 20), then 429
            async with session.post(proxy.url + WEBHOOK, json={"sender": "proxy-burst"}) as response:
                statuses.append(response.status)
                if response.status == 429:
                    refused = (response.headers, await response.read())
                    break
    assert refused is not None, statuses
    assert set(statuses[:-1]) == {400} and len(statuses) >= 15, statuses
    headers, body = refused
    assert headers["Retry-After"] and headers["Content-Type"] == "application/json; charset=utf-8"
    assert "Zu viele Anfragen" in german_error(body)
    # Another address is unaffected.
    status, _, body = await fetch(
        proxy,
        "POST",
        WEBHOOK,
        payload={"sender": f"proxy-{uuid.uuid4().hex[:8]}", "message": "Hallo"},
        client="127.0.0.3",
    )
    assert status == 200, body[:300]


async def test_error_answers_are_readable_by_the_embedding_website(proxy: Proxy) -> None:
    """The widget on https://www.musterstadt.de reads the German text of nginx's own errors (CORS)."""
    status, headers, _ = await fetch(proxy, "GET", "/nix", headers={"Origin": "https://www.musterstadt.de"})
    assert status == 404 and headers["Access-Control-Allow-Origin"] == "https://www.musterstadt.de"
    _, headers, _ = await fetch(proxy, "GET", "/nix", headers={"Origin": "https://evil.example"})
    assert "Access-Control-Allow-Origin" not in headers


# --- HTTP ----------------------------------------------------------------------------------------


@pytest.mark.parametrize(("method", "path"), [("GET", "/widget/index.html"), ("POST", WEBHOOK), ("GET", "/status")])
async def test_http_redirects_to_https(proxy: Proxy, method: str, path: str) -> None:
    status, headers, _ = await fetch(proxy, method, path, data=b"{}", base=proxy.http_url)
    assert status == 301
    assert headers["Location"] == proxy.url + path


# --- hostile input --------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("name", "data", "expected"),
    [
        ("20000 chars", json.dumps({"sender": "proxy-h1", "message": "a" * 20000}).encode(), 200),
        ("invalid UTF-8", b'{"sender": "proxy-h2", "message": "\xff\xfe\xc3"}', 400),
        ("message is a number", b'{"sender": "proxy-h3", "message": 5}', 400),
        ("not JSON", b"Hallo", 400),
        ("empty body", b"", 400),
        ("NUL and controls", json.dumps({"sender": "proxy-h4", "message": "Hallo\x00\x1b[31m"}).encode(), 200),
        ("sender is a list", b'{"sender": ["a"], "message": "Hallo"}', 400),
    ],
)
async def test_hostile_input_gets_no_server_error(proxy: Proxy, name: str, data: bytes, expected: int) -> None:
    # From an address of its own, so these quick requests do not count against the other tests' limit.
    status, _, body = await fetch(
        proxy, "POST", WEBHOOK, data=data, headers={"Content-Type": "application/json"}, client="127.0.0.4"
    )
    assert status == expected, (name, status, body[:300])
    if status == 400:
        german_error(body)


async def test_deeply_nested_json_gets_no_server_error(proxy: Proxy) -> None:
    data = b"[" * 10000 + b"]" * 10000
    status, _, body = await fetch(proxy, "POST", WEBHOOK, data=data, client="127.0.0.4")
    assert status == 400, body[:200]
