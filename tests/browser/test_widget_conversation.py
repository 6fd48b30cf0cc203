"""Conversations through the widget against the real bot: greeting, buttons, keyboard only, reload,
deleting the conversation, saving and copying."""

from __future__ import annotations

import json
import re
import urllib.request
from pathlib import Path
from typing import Iterator

import pytest
from playwright.sync_api import BrowserContext, Page, expect

from tests.browser.widget import Widget, is_webhook_post, normalize, user_text, webhook_body, without_speaker

FUNDING_QUESTION = "Welche Förderung gibt es für uns?"


def ask_rest(rasa_url: str, sender: str, message: str) -> str:
    """Ask the bot directly over REST, as sender `sender`; returns the text of all answers."""
    body = json.dumps({"sender": sender, "message": message}).encode("utf-8")
    request = urllib.request.Request(
        f"{rasa_url}/webhooks/rest/webhook", data=body, headers={"Content-Type": "application/json"}
    )
    with urllib.request.urlopen(request, timeout=60) as response:
        return "\n".join(m.get("text", "") for m in json.loads(response.read().decode("utf-8")))


def funding_with_land(widget: Widget) -> None:
    """Ask for funding and name the Land: the answer offers the municipality types as choices."""
    reply = widget.send(FUNDING_QUESTION)
    assert "Bundesland" in reply, reply
    expect(widget.choices().first).to_be_visible()
    reply = widget.send("Bayern")
    assert "Bayern" in reply, reply


def test_greeting_is_answered_in_german_and_announced(widget: Widget, page: Page) -> None:
    widget.goto()
    widget.open()
    with page.expect_response(lambda r: is_webhook_post(r.request)) as response:
        reply = widget.send("Hallo")
    assert response.value.status == 200
    assert "Digitallotse" in reply, reply
    assert re.search(r"\b(Kommune|Förderprogramme|Ihre?)\b", reply), reply
    # The newest bot message was announced by the separate live region, and typing can go on.
    expect(widget.live).to_contain_text(re.compile(r"^\s*Digitallotse:"))
    announced = without_speaker(widget.live.inner_text())
    assert announced and announced[:60] in without_speaker(widget.last_bot().inner_text()), announced
    expect(widget.input).to_be_focused()


def test_funding_choice_click_sends_the_payload_and_shows_the_title(widget: Widget, page: Page) -> None:
    widget.goto()
    widget.open()
    funding_with_land(widget)
    message = widget.message_with_choices()
    choice = message.locator("button.dl-choice", has_text=re.compile(r"^\s*Gemeinde\s*$"))
    expect(choice).to_have_count(1)
    before_bot = widget.bot_messages.count()
    with page.expect_request(is_webhook_post) as request:
        choice.click()
    assert webhook_body(request.value)["message"].startswith("/"), "a choice sends its payload, not its title"
    reply = widget.wait_reply(before_bot)
    expect(widget.user_messages.last).to_have_text(user_text("Gemeinde"))
    for button in message.locator("button.dl-choice").all():
        expect(button).to_be_disabled()
    assert "Bayern" in reply, reply


def tab_until(widget: Widget, wanted: str, max_presses: int = 40, key: str = "Tab") -> list:
    """Press Tab (or Shift+Tab) until the focused element's description starts with `wanted`."""
    seen = []
    for _ in range(max_presses):
        widget.page.keyboard.press(key)
        seen.append(widget.focused())
        if seen[-1].startswith(wanted):
            return seen
    raise AssertionError(f"{wanted} not reached with {key}; focus went through {seen}")


def test_keyboard_only_conversation(widget: Widget, page: Page) -> None:
    widget.goto()
    tab_until(widget, "button.dl-launcher")
    page.keyboard.press("Enter")
    expect(widget.panel).to_be_visible()
    expect(widget.launcher).to_have_attribute("aria-expanded", "true")
    expect(widget.input).to_be_focused()

    before = widget.bot_messages.count()
    page.keyboard.type(FUNDING_QUESTION)
    page.keyboard.press("Enter")
    widget.wait_reply(before)
    expect(widget.user_messages.last).to_have_text(user_text(FUNDING_QUESTION))
    expect(widget.input).to_have_value("")

    before = widget.bot_messages.count()
    expect(widget.input).to_be_focused()
    page.keyboard.type("Bayern")
    page.keyboard.press("Enter")
    assert "Bayern" in widget.wait_reply(before)

    # Forward from the input: the send button comes next.
    expect(widget.input).to_be_focused()
    assert tab_until(widget, "button.dl-send", max_presses=1)
    # The choices of the newest answer are reachable from the input (they stand above it in the panel).
    message = widget.message_with_choices()
    widget.input.focus()
    tab_until(widget, "button.dl-choice", key="Shift+Tab")
    title = normalize(page.locator("button.dl-choice:focus").inner_text())
    assert page.locator("button.dl-choice:focus").evaluate("(b, m) => m.contains(b)", message.element_handle())
    before = widget.bot_messages.count()
    page.keyboard.press("Space")
    widget.wait_reply(before)
    expect(widget.user_messages.last).to_have_text(user_text(title))
    expect(message.locator("button.dl-choice", has_text=title).first).to_be_disabled()

    # Escape closes from wherever the focus is now inside the panel, and focus returns to the launcher.
    page.keyboard.press("Escape")
    expect(widget.panel).to_be_hidden()
    expect(widget.launcher).to_be_focused()
    expect(widget.launcher).to_have_attribute("aria-expanded", "false")


def test_focus_order_launcher_panel_input_send(widget: Widget, page: Page) -> None:
    widget.goto()
    tab_until(widget, "button.dl-launcher")
    page.keyboard.press("Enter")
    expect(widget.input).to_be_focused()
    # From the launcher, Tab goes into the open panel and reaches the input, then the send button.
    widget.launcher.focus()
    order = tab_until(widget, "button.dl-send")
    assert order[-2].startswith("textarea#dl-input"), f"the send button follows the input: {order}"
    inside = page.evaluate("() => document.getElementById('dl-panel').contains(document.activeElement)")
    assert inside, order
    assert "body" not in order, f"focus left the page on the way: {order}"


def test_reload_keeps_the_conversation(widget: Widget, page: Page) -> None:
    widget.goto()
    widget.open()
    reply = widget.send("Wir sind eine Gemeinde in Bayern")
    assert "Bayern" in reply, reply
    sender = widget.last_sender()
    assert sender and sender in widget.sender_ids_in_storage(), (sender, widget.session_storage())
    users = widget.user_texts()
    bots = widget.bot_messages.count()

    page.reload()
    expect(widget.launcher).to_be_visible()
    if widget.panel.is_hidden():
        widget.launcher.click()
    expect(widget.user_messages).to_have_count(len(users))
    assert widget.user_texts() == users
    expect(widget.bot_messages).to_have_count(bots)
    assert widget.sender_ids_in_storage() == [sender]

    reply = widget.send("Was wissen Sie über uns?")
    assert widget.last_sender() == sender
    assert "Bayern" in reply, reply


def test_delete_conversation_forgets_the_profile(widget: Widget, page: Page, rasa_url: str) -> None:
    widget.goto()
    widget.open()
    assert "Bayern" in widget.send("Wir sind eine Gemeinde in Bayern")
    old = widget.last_sender()
    assert old
    # The profile is there before deleting (so the check after deleting can fail).
    assert "Bayern" in ask_rest(rasa_url, old, "Was wissen Sie über uns?")

    page.locator("button.dl-delete").click()
    confirm = page.locator("button.dl-delete-confirm")
    expect(confirm).to_be_visible()
    expect(page.locator("button.dl-delete-cancel")).to_be_visible()
    with page.expect_response(
        lambda r: is_webhook_post(r.request) and webhook_body(r.request).get("message") == "/affirm"
    ):
        confirm.click()
    deleting = [m for m in widget.sent if m.get("sender") == old]
    assert [m["message"] for m in deleting[-2:]] == ["/delete_profile", "/affirm"], widget.sent

    expect(widget.user_messages).to_have_count(0)
    expect(widget.bot_messages).to_have_count(1)  # the local greeting
    expect(page.locator("#dl-panel .dl-notice")).to_be_visible()
    assert old not in widget.sender_ids_in_storage()
    assert "Bayern" not in ask_rest(rasa_url, old, "Was wissen Sie über uns?")

    widget.send("Hallo")
    assert widget.last_sender() not in (None, old)


def test_delete_can_be_cancelled(widget: Widget, page: Page) -> None:
    widget.goto()
    widget.open()
    widget.send("Hallo")
    page.locator("button.dl-delete").click()
    page.locator("button.dl-delete-cancel").click()
    expect(page.locator("button.dl-delete-confirm")).to_be_hidden()
    expect(widget.user_messages).to_have_count(1)
    assert not any(m["message"] == "/delete_profile" for m in widget.sent)


def test_save_downloads_the_transcript(widget: Widget, page: Page, tmp_path: Path) -> None:
    widget.goto()
    widget.open()
    widget.send("Hallo")
    with page.expect_download() as download:
        page.locator("button.dl-save").click()
    name = download.value.suggested_filename
    today = page.evaluate(
        "() => { const d = new Date(); return [d.getFullYear(), String(d.getMonth() + 1).padStart(2, '0'),"
        " String(d.getDate()).padStart(2, '0')].join('-'); }"
    )
    assert re.fullmatch(r"digitallotse-gespraech-\d{4}-\d{2}-\d{2}\.txt", name), name
    assert name == f"digitallotse-gespraech-{today}.txt", (name, today)
    target = tmp_path / name
    download.value.save_as(target)
    text = target.read_text(encoding="utf-8")
    assert "Sie:" in text and "Hallo" in text, text
    assert "Digitallotse:" in text, text


@pytest.fixture
def clipboard_context(context: BrowserContext, widget_url: str) -> Iterator[BrowserContext]:
    context.grant_permissions(["clipboard-read", "clipboard-write"], origin=widget_url)
    yield context


def test_copy_puts_the_last_answer_on_the_clipboard(clipboard_context: BrowserContext, widget: Widget) -> None:
    widget.goto()
    widget.open()
    reply = widget.send("Hallo")
    widget.page.locator("button.dl-copy").click()
    copied = widget.page.evaluate("() => navigator.clipboard.readText()")
    assert "Digitallotse" in copied, copied
    assert normalize(copied)[:60] in reply, (copied, reply)
