"""Page object of the website widget, written against its DOM contract (bot/widget/), and helpers to read
what the page sends to the bot."""

from __future__ import annotations

import json
import re
from typing import Any, Dict, List, Optional
from urllib.parse import urlsplit

from playwright.sync_api import Locator, Page, Request, expect

# A bot answer runs NLU and usually a custom action; generous but bounded.
REPLY_TIMEOUT_MS = 30_000
WEBHOOK_PATH = "/webhooks/rest/webhook"

UUID = re.compile(r"[0-9a-f]{8}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{4}-[0-9a-f]{12}", re.IGNORECASE)

# True while the typing indicator is shown; the widget may hide it or remove it.
_TYPING_SHOWN = "(() => { const t = document.querySelector('#dl-panel .dl-typing'); return !!t && !t.hidden && t.getClientRects().length > 0; })()"


def is_webhook_post(request: Request) -> bool:
    return request.method == "POST" and urlsplit(request.url).path == WEBHOOK_PATH


def webhook_body(request: Request) -> Dict[str, Any]:
    body = json.loads(request.post_data or "{}")
    assert isinstance(body, dict), body
    return body


def normalize(text: str) -> str:
    return " ".join(text.split())


# Each message starts with its speaker for screen readers ("Sie: …", "Digitallotse: …").
_SPEAKER = re.compile(r"^(Sie|Digitallotse):\s*")


def without_speaker(text: str) -> str:
    return _SPEAKER.sub("", normalize(text))


def user_text(text: str) -> re.Pattern:
    """Pattern for a user message showing exactly `text` (after the optional speaker prefix)."""
    return re.compile(r"^\s*(Sie:)?\s*" + re.escape(text) + r"\s*$")


class Widget:
    def __init__(self, page: Page, url: str) -> None:
        self.page = page
        self.url = url
        self.launcher = page.locator("button.dl-launcher")
        self.panel = page.locator("#dl-panel")
        self.log = page.locator("#dl-log")
        self.live = page.locator("#dl-live")
        self.input = page.locator("#dl-input")
        self.send_button = page.locator("#dl-panel button.dl-send")
        self.bot_messages = self.log.locator(".dl-msg.dl-msg--bot")
        self.user_messages = self.log.locator(".dl-msg.dl-msg--user")
        self.sent: List[Dict[str, Any]] = []
        page.on("request", self._record)

    def _record(self, request: Request) -> None:
        if is_webhook_post(request):
            self.sent.append(webhook_body(request))

    def goto(self, path: str = "/") -> None:
        self.page.goto(self.url + path)
        expect(self.launcher).to_be_visible()

    def open(self) -> None:
        self.launcher.click()
        expect(self.panel).to_be_visible()
        expect(self.input).to_be_focused()

    def send(self, text: str) -> str:
        """Type a message, send it with the send button and return the text of the new bot messages."""
        before = self.bot_messages.count()
        self.input.fill(text)
        self.send_button.click()
        return self.wait_reply(before)

    def wait_reply(self, before: int) -> str:
        """Wait until there are more than `before` bot messages and the typing indicator is gone."""
        self.page.wait_for_function(
            "(before) => document.querySelectorAll('#dl-log .dl-msg.dl-msg--bot').length > before && !" + _TYPING_SHOWN,
            arg=before,
            timeout=REPLY_TIMEOUT_MS,
        )
        texts = self.bot_messages.all_inner_texts()[before:]
        return "\n".join(without_speaker(t) for t in texts)

    def user_texts(self) -> List[str]:
        return [without_speaker(t) for t in self.user_messages.all_inner_texts()]

    def last_bot(self) -> Locator:
        return self.bot_messages.last

    def choices(self) -> Locator:
        """The choice buttons of the newest bot message that has any (now, not after the next answer)."""
        return self.message_with_choices().locator("button.dl-choice")

    def message_with_choices(self) -> Locator:
        """The newest bot message with choices, pinned by position so it stays the same message later."""
        messages = self.log.locator(".dl-msg--bot:has(button.dl-choice)")
        expect(messages.first).to_be_visible()
        return messages.nth(messages.count() - 1)

    def session_storage(self) -> Dict[str, str]:
        return self.page.evaluate("() => Object.fromEntries(Object.entries(window.sessionStorage))")

    def sender_ids_in_storage(self) -> List[str]:
        return sorted({m.group(0) for value in self.session_storage().values() for m in UUID.finditer(value)})

    def last_sender(self) -> Optional[str]:
        return self.sent[-1].get("sender") if self.sent else None

    def focused(self) -> str:
        """A short description of the focused element, e.g. 'button.dl-launcher' or 'textarea#dl-input'."""
        return self.page.evaluate(
            """() => {
                const e = document.activeElement;
                if (!e || e === document.body) return 'body';
                const id = e.id ? '#' + e.id : '';
                const cls = [...e.classList].filter(c => c.startsWith('dl-')).map(c => '.' + c).join('');
                return e.tagName.toLowerCase() + id + cls;
            }"""
        )
