"""What the browser tests share: the browser settings, the widget server (`python -m bot.widget_server` in a
subprocess), and pages that report script errors."""

from __future__ import annotations

import socket
import subprocess
import sys
import tempfile
import time
import urllib.error
import urllib.request
from contextlib import contextmanager
from pathlib import Path
from typing import Iterator, List

import pytest
from playwright.sync_api import Browser, ConsoleMessage, Page

REPO = Path(__file__).resolve().parents[2]
REPORTS = REPO / "reports"
CHROMIUM = "/usr/bin/chromium"  # Debian's package; bot/browser_setup.sh installs it and checks its version
CHROMIUM_ARGS = [
    "--no-sandbox",  # containers and CI runners often run as root, where the sandbox cannot start
    "--disable-gpu",
    "--no-first-run",
    # No traffic of the browser's own: the network log of a test shows only what the page asks for.
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
DESKTOP = {"width": 1280, "height": 800}
SERVER_START_SECONDS = 30


@contextmanager
def widget_server(port: int, rasa_url: str) -> Iterator[str]:
    """Run `python -m bot.widget_server` for the bot at `rasa_url`; yields the page origin."""
    with socket.socket() as probe:
        probe.setsockopt(socket.SOL_SOCKET, socket.SO_REUSEADDR, 1)
        try:
            probe.bind(("127.0.0.1", port))
        except OSError:
            pytest.fail(f"Port {port} is in use: the browser tests start their own widget server there (WIDGET_PORT).")
    command = [sys.executable, "-m", "bot.widget_server", "--port", str(port), "--rasa-url", rasa_url]
    # A file, not a pipe: a chatty server can never block on a full pipe.
    with tempfile.TemporaryFile(mode="w+") as log:
        process = subprocess.Popen(command + ["--host", "127.0.0.1"], cwd=REPO, stdout=log, stderr=subprocess.STDOUT)
        try:
            deadline = time.monotonic() + SERVER_START_SECONDS
            while not _answers(f"http://127.0.0.1:{port}/"):
                if process.poll() is not None or time.monotonic() > deadline:
                    log.seek(0)
                    pytest.fail(f"The widget server did not start ({' '.join(command)}):\n{log.read()[-3000:]}")
                time.sleep(0.1)
            yield f"http://localhost:{port}"
        finally:
            process.terminate()
            try:
                process.wait(10)
            except subprocess.TimeoutExpired:
                process.kill()
                process.wait(10)


def _answers(url: str) -> bool:
    try:
        with urllib.request.urlopen(url, timeout=2) as response:
            return bool(response.status == 200)
    except (urllib.error.URLError, OSError):
        return False


def watch_errors(page: Page) -> List[str]:
    """Collect uncaught script errors and resources the page's CSP blocked (the widget must need neither)."""
    errors: List[str] = []
    page.on("pageerror", lambda error: errors.append(f"uncaught: {error}"))

    def on_console(message: ConsoleMessage) -> None:
        if message.type == "error" and "Content Security Policy" in message.text:
            errors.append(f"CSP: {message.text}")

    page.on("console", on_console)
    return errors


@contextmanager
def new_page(browser: Browser, **options: object) -> Iterator[Page]:
    """A page in its own context with other options (viewport, zoom) than the `page` fixture."""
    context = browser.new_context(locale="de-DE", **options)  # type: ignore[arg-type]
    context.set_default_timeout(15_000)
    try:
        page = context.new_page()
        errors = watch_errors(page)
        yield page
        assert not errors, "Script errors on the page:\n" + "\n".join(errors)
    finally:
        context.close()
