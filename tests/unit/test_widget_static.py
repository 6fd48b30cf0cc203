"""Static checks of the chat widget (bot/widget/) and its file server (bot/widget_server.py).

The browser behaviour is tested in tests/browser/; these tests guard the promises that can be read
from the files: size, no markup injection sinks, no cookies or persistent storage, no foreign hosts,
a strict CSP without inline code, readable colours, and a file server that never leaves its folder.
"""

from __future__ import annotations

import gzip
import http.client
import re
import subprocess
import sys
import threading
from pathlib import Path
from typing import Iterator

import pytest

from bot.widget_server import make_server

ROOT = Path(__file__).resolve().parents[2]
WIDGET = ROOT / "bot" / "widget"
JS = (WIDGET / "digitallotse.js").read_text(encoding="utf-8")
CSS = (WIDGET / "digitallotse.css").read_text(encoding="utf-8")
PAGES = sorted(WIDGET.glob("*.html"))
RASA_URL = "http://localhost:5999"


def strip_js_comments(source: str) -> str:
    """Code without /* */ and // comments (good enough for this file: no '//' inside strings)."""
    source = re.sub(r"/\*.*?\*/", "", source, flags=re.S)
    return re.sub(r"(^|[^:\\])//[^\n]*", r"\1", source)


CODE = strip_js_comments(JS)


def test_widget_files_exist() -> None:
    assert [p.name for p in PAGES] == ["datenschutz.html", "index.html"]
    assert (WIDGET / "musterstadt.css").is_file()


def test_js_and_css_are_small_when_gzipped() -> None:
    size = len(gzip.compress(JS.encode("utf-8"), 9)) + len(gzip.compress(CSS.encode("utf-8"), 9))
    assert size < 40 * 1024, f"{size} bytes gzipped"


def test_one_strict_iife() -> None:
    assert CODE.lstrip().startswith("(function () {")
    assert CODE.rstrip().endswith("})();")
    assert '"use strict";' in CODE


@pytest.mark.parametrize(
    "sink",
    ["innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function", 'setTimeout("'],
)
def test_no_markup_or_code_injection_sinks(sink: str) -> None:
    assert sink not in JS


@pytest.mark.parametrize("store", ["document.cookie", "localStorage", "indexedDB"])
def test_no_cookies_or_persistent_storage(store: str) -> None:
    assert store not in JS


def test_only_session_storage_and_fetch_without_credentials() -> None:
    assert "sessionStorage" in CODE
    assert 'credentials: "omit"' in CODE
    assert "AbortController" in CODE
    assert "/webhooks/rest/webhook" in CODE


@pytest.mark.parametrize(
    "name", ["digitallotse.js", "digitallotse.css", "index.html", "datenschutz.html", "musterstadt.css"]
)
def test_no_urls_to_other_hosts(name: str) -> None:
    text = (WIDGET / name).read_text(encoding="utf-8")
    assert re.findall(r"(?:https?:)?//[a-z0-9.-]+\.[a-z]{2,}", text, flags=re.I) == []
    assert "@import" not in text and "url(" not in text


def test_stylesheet_loaded_from_the_script_folder_and_no_inline_style() -> None:
    assert 'new URL("digitallotse.css", script.src)' in CODE
    assert 'createElement("style")' not in CODE
    assert ".style." not in CODE and 'setAttribute("style"' not in CODE


@pytest.mark.parametrize("page", PAGES, ids=lambda p: p.name)
def test_pages_have_no_inline_code_and_are_german(page: Path) -> None:
    text = page.read_text(encoding="utf-8")
    assert re.search(r"<html[^>]*\blang=\"de\"", text)
    assert "<style" not in text.lower()
    assert re.search(r"\sstyle=", text, flags=re.I) is None
    assert re.search(r"\son[a-z]+=", text, flags=re.I) is None  # no inline event handlers
    assert "javascript:" not in text.lower()
    for match in re.finditer(r"<script\b([^>]*)>(.*?)</script>", text, flags=re.S | re.I):
        assert "src=" in match.group(1) and match.group(2).strip() == "", "inline script body"


def test_demo_page_embeds_the_widget_with_one_tag() -> None:
    text = (WIDGET / "index.html").read_text(encoding="utf-8")
    tag = '<script src="digitallotse.js" data-server="{{RASA_URL}}" data-privacy-url="datenschutz.html" defer></script>'
    assert text.count("<script") == 1 and tag in text
    assert 'href="datenschutz.html"' in text and "Impressum" in text


def test_privacy_page_says_what_is_stored() -> None:
    text = (WIDGET / "datenschutz.html").read_text(encoding="utf-8")
    for phrase in [
        "sessionStorage",
        "nach der eingestellten Aufbewahrungsfrist (Standard: 30 Tage)",
        "Gespräch löschen",
        "keine Cookies",
        "kein Tracking",
        "Dritte",
        "Computerprogramm",
    ]:
        assert phrase in text, phrase


def test_contract_names_present_in_the_script() -> None:
    for name in [
        "dl-launcher",
        "dl-panel",
        "dl-title",
        "dl-close",
        "dl-log",
        "dl-live",
        "dl-msg--bot",
        "dl-msg--user",
        "dl-input",
        "dl-send",
        "dl-choice",
        "dl-typing",
        "dl-error",
        "dl-retry",
        "dl-notice",
        "dl-delete",
        "dl-delete-confirm",
        "dl-delete-cancel",
        "dl-save",
        "dl-copy",
    ]:
        assert f'"{name}' in CODE or f" {name}" in CODE, name
    for text in [
        "Chat mit Digitallotse",
        "Sie schreiben mit einem digitalen Assistenten (einem Computerprogramm), nicht mit einem Menschen.",
        "Die Verbindung zum Assistenten ist gerade gestört. Ihre Nachricht wurde nicht zugestellt.",
        "Dazu habe ich gerade keine Antwort. Bitte formulieren Sie Ihre Frage anders.",
        "Das Gespräch wurde gelöscht.",
        "(öffnet neues Fenster)",
    ]:
        assert text in JS, text


# --- CSS: colours, focus, motion, forced colours -------------------------------------------------


def luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    high, low = sorted([luminance(a), luminance(b)], reverse=True)
    return (high + 0.05) / (low + 0.05)


def css_colours() -> dict[str, str]:
    block = re.search(r"^\.dl-root \{(.*?)^\}", CSS, flags=re.S | re.M)
    assert block
    return dict(re.findall(r"(--dl-[a-z-]+):\s*(#[0-9a-fA-F]{6});", block.group(1)))


@pytest.mark.parametrize(
    ("fg", "bg", "minimum"),
    [
        ("--dl-fg", "--dl-bg", 4.5),
        ("--dl-fg", "--dl-bot-bg", 4.5),
        ("--dl-fg", "--dl-notice-bg", 4.5),
        ("--dl-accent-fg", "--dl-accent", 4.5),
        ("--dl-accent", "--dl-bg", 4.5),
        ("--dl-muted", "--dl-bg", 4.5),
        ("--dl-link", "--dl-bg", 4.5),
        ("--dl-link", "--dl-bot-bg", 4.5),
        ("--dl-link", "--dl-notice-bg", 4.5),
        ("--dl-error-fg", "--dl-error-bg", 4.5),
        ("--dl-error-fg", "--dl-bg", 4.5),
        ("--dl-border", "--dl-bg", 3.0),
        ("--dl-focus", "--dl-bg", 3.0),
    ],
)
def test_default_colours_have_enough_contrast(fg: str, bg: str, minimum: float) -> None:
    colours = css_colours()
    assert contrast(colours[fg], colours[bg]) >= minimum, (fg, bg)


def test_css_covers_focus_motion_forced_colours_and_reflow() -> None:
    assert re.search(r":focus-visible \{\s*outline: 0\.1875rem solid", CSS)  # 3 px
    assert "@media (prefers-reduced-motion: reduce)" in CSS
    forced = CSS.split("@media (forced-colors: active)", 1)[1]
    assert "CanvasText" in forced and "ButtonText" in forced and "Highlight" in forced
    assert "overflow-wrap: anywhere" in CSS and "max-width: 100%" in CSS
    assert re.search(r"\bwidth:\s*(?!1px)\d+px", CSS) is None, "fixed pixel widths break reflow"
    assert "font-face" not in CSS


# --- the file server ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def server() -> Iterator[int]:
    srv = make_server("127.0.0.1", 0, RASA_URL)
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv.server_address[1]
    srv.shutdown()
    srv.server_close()


def get(port: int, path: str) -> tuple[int, dict[str, str], bytes]:
    """A raw GET: http.client sends the path exactly as given (no normalising of '..')."""
    conn = http.client.HTTPConnection("127.0.0.1", port, timeout=5)
    try:
        conn.request("GET", path)
        response = conn.getresponse()
        return response.status, {k.lower(): v for k, v in response.getheaders()}, response.read()
    finally:
        conn.close()


def test_server_serves_the_page_with_a_strict_csp(server: int) -> None:
    status, headers, body = get(server, "/")
    assert status == 200
    assert headers["content-type"] == "text/html; charset=utf-8"
    policy = headers["content-security-policy"]
    assert "unsafe-inline" not in policy and "unsafe-eval" not in policy
    assert "script-src 'self'" in policy and "style-src 'self'" in policy
    assert "connect-src 'self' http://localhost:5999;" in policy
    assert "frame-ancestors 'self'" in policy and "base-uri 'none'" in policy
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["referrer-policy"] == "no-referrer"
    assert "{{RASA_URL}}" not in body.decode("utf-8")
    assert f'data-server="{RASA_URL}"' in body.decode("utf-8")


def test_server_content_types(server: int) -> None:
    assert get(server, "/digitallotse.js")[1]["content-type"] == "text/javascript; charset=utf-8"
    assert get(server, "/digitallotse.css")[1]["content-type"] == "text/css; charset=utf-8"
    status, headers, body = get(server, "/datenschutz.html?x=1")
    assert status == 200 and headers["content-type"].startswith("text/html")
    assert b"{{RASA_URL}}" not in body


@pytest.mark.parametrize(
    "path",
    [
        "/../README.md",
        "/%2e%2e/README.md",
        "/%2E%2E%2FREADME.md",
        "/..%2f..%2fREADME.md",
        "/widget/../../README.md",
        "/..\\README.md",
        "/%5c..%5cREADME.md",
        "//etc/passwd",
        "/%00index.html",
    ],
)
def test_server_refuses_path_traversal(server: int, path: str) -> None:
    status, _, body = get(server, path)
    assert status == 404
    assert b"Digitallotse ist ein deutschsprachiger" not in body and b"root:" not in body


@pytest.mark.parametrize("path", ["/nope.html", "/widget_server.py", "/../widget_server.py", "/missing/"])
def test_server_unknown_paths_are_404(server: int, path: str) -> None:
    assert get(server, path)[0] == 404


def test_server_html_escapes_the_rasa_url() -> None:
    srv = make_server("127.0.0.1", 0, 'http://localhost:5999/"><script>')
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    try:
        body = get(srv.server_address[1], "/")[2].decode("utf-8")
    finally:
        srv.shutdown()
        srv.server_close()
    assert '"><script>' not in body and "&quot;&gt;&lt;script&gt;" in body


def test_server_rejects_a_rasa_url_that_is_not_http() -> None:
    with pytest.raises(ValueError):
        make_server("127.0.0.1", 0, "javascript:alert(1)")


def test_server_cli_prints_one_ready_line_and_logs_without_query() -> None:
    proc = subprocess.Popen(
        [sys.executable, "-m", "bot.widget_server", "--port", "0", "--rasa-url", RASA_URL],
        cwd=ROOT,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )
    try:
        assert proc.stdout is not None
        line = proc.stdout.readline()
        match = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
        assert match, line
        assert get(int(match.group(1)), "/index.html?secret=Musterstadt")[0] == 200
    finally:
        proc.terminate()
        out, err = proc.communicate(timeout=10)
    assert out == ""  # nothing after the ready line
    assert "GET /index.html 200" in err and "secret" not in err
