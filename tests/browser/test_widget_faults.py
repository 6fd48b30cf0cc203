"""The bot server goes away and comes back: the widget says so in German and "Erneut senden" works.

The widget server of this module points at a loopback forwarder in front of the Rasa server, so the test
can take "the server" down and bring it back on the same address without touching the real servers."""

from __future__ import annotations

import re
from typing import Iterator
from urllib.parse import urlsplit

import pytest
from playwright.sync_api import Page, expect

from tests.browser.proxy import TcpProxy
from tests.browser.support import widget_server
from tests.browser.widget import Widget

QUESTION = "Welche Förderung gibt es für uns?"


@pytest.fixture(scope="module")
def proxy(rasa_url: str) -> Iterator[TcpProxy]:
    upstream = urlsplit(rasa_url)
    proxy = TcpProxy(upstream.hostname or "localhost", upstream.port or 80)
    proxy.start()
    yield proxy
    proxy.stop()


@pytest.fixture(scope="module")
def widget_url(proxy: TcpProxy, widget_port: int) -> Iterator[str]:
    with widget_server(widget_port, f"http://localhost:{proxy.port}") as url:
        yield url


def test_server_down_shows_a_german_error_and_retry_works(widget: Widget, page: Page, proxy: TcpProxy) -> None:
    widget.goto()
    widget.open()
    assert "Digitallotse" in widget.send("Hallo"), "the forwarder passes the conversation through"

    proxy.stop()
    widget.input.fill(QUESTION)
    widget.send_button.click()
    error = page.locator("#dl-panel .dl-error")
    expect(error).to_be_visible()
    expect(error).to_contain_text(re.compile(r"nicht|erreich|Verbindung|später", re.IGNORECASE))
    retry = error.locator("button.dl-retry")
    expect(retry).to_have_text(re.compile(r"^\s*Erneut senden\s*$"))

    proxy.start()  # same port as before
    before = widget.bot_messages.count()
    retry.click()
    reply = widget.wait_reply(before)
    assert "Bundesland" in reply or "Programm" in reply, reply
    expect(page.locator("#dl-panel .dl-error:visible")).to_have_count(0)
    # The message was sent once more, not shown twice.
    expect(widget.user_messages.filter(has_text=QUESTION)).to_have_count(1)
