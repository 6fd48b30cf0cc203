"""Browser tests of the website widget: the system's Chromium driven by Playwright, a widget server
started by the tests, and a running Rasa server + action server (bot/test.sh starts both).

The Rasa server allows exactly one browser origin (`--cors http://localhost:$WIDGET_PORT`), so the widget
server runs on that port and pages are opened as `http://localhost:…`."""

from __future__ import annotations

import os
from contextlib import suppress
from pathlib import Path
from typing import Iterator

import pytest
from playwright.sync_api import (
    Browser,
    BrowserContext,
    Error,
    Page,
    Playwright,
    expect,
    sync_playwright,
)

from tests.browser.support import CHROMIUM, CHROMIUM_ARGS, DESKTOP, REPORTS, watch_errors, widget_server
from tests.browser.widget import Widget

expect.set_options(timeout=15_000)


@pytest.fixture(scope="session")
def rasa_url() -> str:
    url = os.environ.get("DIGITALLOTSE_URL")
    if not url:
        pytest.fail(
            "DIGITALLOTSE_URL is not set: run these tests through `make test` (bot/test.sh starts the servers)."
        )
    return url.rstrip("/")


@pytest.fixture(scope="session")
def widget_port() -> int:
    return int(os.environ.get("WIDGET_PORT", "8080"))


@pytest.fixture(scope="module")
def widget_url(rasa_url: str, widget_port: int) -> Iterator[str]:
    with widget_server(widget_port, rasa_url) as url:
        yield url


@pytest.fixture(scope="session")
def playwright() -> Iterator[Playwright]:
    with sync_playwright() as p:
        yield p


@pytest.fixture(scope="session")
def browser(playwright: Playwright) -> Iterator[Browser]:
    browser = playwright.chromium.launch(executable_path=CHROMIUM, args=CHROMIUM_ARGS, headless=True)
    yield browser
    browser.close()


@pytest.fixture
def context_options() -> dict:
    """Options of the browser context; a test module overrides it for other viewports or permissions."""
    return {"viewport": DESKTOP}


@pytest.fixture
def context(browser: Browser, context_options: dict) -> Iterator[BrowserContext]:
    context = browser.new_context(locale="de-DE", **context_options)
    context.set_default_timeout(15_000)
    yield context
    context.close()


@pytest.fixture
def page(context: BrowserContext) -> Iterator[Page]:
    """A page that fails the test on uncaught script errors and on resources the CSP blocked."""
    page = context.new_page()
    errors = watch_errors(page)
    yield page
    with suppress(Error):
        page.close()
    assert not errors, "Script errors on the page:\n" + "\n".join(errors)


@pytest.fixture
def widget(page: Page, widget_url: str) -> Widget:
    return Widget(page, widget_url)


@pytest.fixture(scope="session")
def reports_dir() -> Path:
    REPORTS.mkdir(exist_ok=True)
    return REPORTS
