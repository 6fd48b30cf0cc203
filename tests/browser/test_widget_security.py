"""Hostile text stays text, and the page contacts the bot only after the user opens the chat."""

from __future__ import annotations

import json
from typing import List
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import BrowserContext, Dialog, Page, Request, Route, expect
from playwright.sync_api import TimeoutError as PlaywrightTimeoutError

from tests.browser.widget import WEBHOOK_PATH, Widget, normalize

XSS_IMG = "<img src=x onerror=alert(1)>"
XSS_SCRIPT = "<script>alert(1)</script>"
QUIET_MS = 2_000
SERVER_TEXT = "<img src=x onerror=alert(1)> javascript:alert(1) https://example.org"


def collect_dialogs(page: Page) -> List[str]:
    dialogs: List[str] = []

    def on_dialog(dialog: Dialog) -> None:
        dialogs.append(dialog.message)
        dialog.dismiss()

    page.on("dialog", on_dialog)
    return dialogs


def assert_inert(widget: Widget) -> None:
    for selector in ("img", "script", "iframe", "object", "embed", "svg", "b", "[onerror]", "[onload]"):
        expect(widget.log.locator(selector)).to_have_count(0)
        expect(widget.live.locator(selector)).to_have_count(0)


def test_typed_markup_is_shown_as_text(widget: Widget, page: Page) -> None:
    dialogs = collect_dialogs(page)
    widget.goto()
    widget.open()
    widget.send(XSS_IMG)
    widget.send(XSS_SCRIPT)
    assert widget.user_texts()[-2:] == [XSS_IMG, XSS_SCRIPT]
    assert_inert(widget)
    assert dialogs == []


def test_markup_from_the_server_is_inert_and_only_https_is_linked(widget: Widget, page: Page) -> None:
    dialogs = collect_dialogs(page)
    answer = [{"recipient_id": "x", "text": SERVER_TEXT, "buttons": [{"title": "<b>x</b>", "payload": "/greet"}]}]

    def fake_bot(route: Route, request: Request) -> None:
        # The page is on another origin than the bot, so the browser checks CORS on the fake answer too.
        cors = {
            "Access-Control-Allow-Origin": widget.url,
            "Access-Control-Allow-Methods": "POST, OPTIONS",
            "Access-Control-Allow-Headers": "Content-Type",
        }
        if request.method == "OPTIONS":
            route.fulfill(status=204, headers=cors)
        else:
            route.fulfill(status=200, headers=cors, content_type="application/json", body=json.dumps(answer))

    page.route(f"**{WEBHOOK_PATH}", fake_bot)
    widget.goto()
    widget.open()
    reply = widget.send("Hallo")
    assert "<img src=x onerror=alert(1)>" in reply and "javascript:alert(1)" in reply, reply
    message = widget.last_bot()
    links = message.locator("a")
    expect(links).to_have_count(1)
    href = links.first.get_attribute("href") or ""
    assert urlsplit(href).scheme == "https" and urlsplit(href).hostname == "example.org", href
    assert "noopener" in (links.first.get_attribute("rel") or "").split()
    choice = message.locator("button.dl-choice")
    expect(choice).to_have_count(1)
    expect(choice).to_have_text("<b>x</b>")
    assert_inert(widget)
    assert "<img src=x" in normalize(widget.live.inner_text())
    assert dialogs == []


def is_bot_origin(url: str, bot_url: str) -> bool:
    """Same host (any loopback spelling) and port as the bot server."""
    loopback = {"localhost", "127.0.0.1", "::1", "[::1]"}
    a, b = urlsplit(url), urlsplit(bot_url)
    same_host = a.hostname == b.hostname or (a.hostname in loopback and b.hostname in loopback)
    return same_host and a.port == b.port


def test_nothing_is_sent_or_stored_before_the_chat_is_opened(
    context: BrowserContext, widget: Widget, page: Page, rasa_url: str
) -> None:
    requests: List[str] = []
    page.on("request", lambda request: requests.append(request.url))
    widget.goto()
    page.wait_for_load_state("networkidle")

    assert [u for u in requests if is_bot_origin(u, rasa_url)] == []
    # Everything the page loads comes from its own server: no fonts, scripts or trackers from elsewhere.
    widget_origin = urlsplit(widget.url)
    foreign = [u for u in requests if urlsplit(u)[:2] != widget_origin[:2] and not u.startswith("data:")]
    assert foreign == [], foreign
    assert context.cookies() == []
    assert page.evaluate("() => window.sessionStorage.length") == 0
    assert page.evaluate("() => window.localStorage.length") == 0

    # Absence needs a window: any request the click would cause starts well within it.
    with (
        pytest.raises(PlaywrightTimeoutError),
        page.expect_request(lambda request: is_bot_origin(request.url, rasa_url), timeout=QUIET_MS),
    ):
        widget.open()
        expect(widget.bot_messages).to_have_count(1)  # the local greeting
    assert [u for u in requests if is_bot_origin(u, rasa_url)] == [], "opening the chat must not contact the bot"

    widget.send("Hallo")
    assert any(is_bot_origin(u, rasa_url) for u in requests), (
        "sending must reach the bot (else the check above is void)"
    )
    assert context.cookies() == []
    assert page.evaluate("() => window.localStorage.length") == 0
