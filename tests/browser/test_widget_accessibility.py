"""Accessibility of the widget: axe-core (WCAG 2.1 A/AA) in every state, the ARIA contract, reflow at
320 CSS px, and screenshots for review (reports/)."""

from __future__ import annotations

import re
from pathlib import Path
from typing import List

import pytest
from axe_playwright_python.sync_playwright import Axe
from playwright.sync_api import Browser, Page, expect

from tests.browser.support import DESKTOP, new_page
from tests.browser.widget import Widget, normalize, without_speaker

AXE_OPTIONS = {"runOnly": {"type": "tag", "values": ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]}}
LONG_WORD = "Breitbandinfrastrukturförderungsrichtlinienumsetzungsvereinbarung" * 2
LONG_URL = "https://www.example.org/" + "foerderprogramme/digitalisierung/" * 6 + "?kommune=musterstadt"


def assert_no_axe_violations(page: Page, state: str) -> None:
    results = Axe().run(page, options=AXE_OPTIONS)
    assert results.violations_count == 0, f"axe-core, state '{state}':\n{results.generate_report()}"


def test_axe_finds_no_violations_closed_open_answered_and_after_a_choice(widget: Widget, page: Page) -> None:
    # Without motion: axe measures colours as they are now, and a 0.15 s hover transition under the mouse
    # (left where the click was) would be measured half-way. The end states are what a user reads.
    page.emulate_media(reduced_motion="reduce")
    widget.goto()
    assert_no_axe_violations(page, "geschlossen")
    widget.open()
    assert_no_axe_violations(page, "geöffnet")
    widget.send("Hallo")
    assert_no_axe_violations(page, "nach einer Antwort")
    choice = widget.choices().first
    before = widget.bot_messages.count()
    choice.click()
    widget.wait_reply(before)
    assert_no_axe_violations(page, "nach einem Knopf")


def test_aria_contract(widget: Widget, page: Page) -> None:
    widget.goto()
    launcher = page.get_by_role("button", name=re.compile("Chat mit Digitallotse"))
    expect(launcher).to_have_count(1)
    expect(widget.launcher).to_have_attribute("aria-expanded", "false")
    expect(widget.launcher).to_have_attribute("aria-controls", "dl-panel")
    expect(widget.panel).to_be_hidden()

    widget.open()
    expect(widget.launcher).to_have_attribute("aria-expanded", "true")
    expect(widget.panel).to_have_attribute("role", "region")
    expect(widget.panel).to_have_attribute("aria-labelledby", "dl-title")
    expect(page.locator("h2#dl-title")).to_have_text(re.compile(r"\S"))
    expect(page.get_by_role("region", name=page.locator("#dl-title").inner_text())).to_be_visible()
    # The input has a visible label tied to it.
    label = page.locator('label[for="dl-input"]')
    expect(label).to_be_visible()
    expect(label).to_have_text(re.compile(r"\S"))
    expect(page.get_by_label(label.inner_text())).to_have_id("dl-input")
    # The transcript is a log; announcements come from a separate polite live region.
    expect(widget.log).to_have_attribute("role", "log")
    expect(widget.live).to_have_attribute("aria-live", "polite")
    assert not widget.log.evaluate("(log) => log.contains(document.getElementById('dl-live'))")
    assert not widget.live.evaluate("(live) => live.contains(document.getElementById('dl-log'))")
    # The notice says it is a digital assistant, not a person, and links to the privacy page.
    notice = page.locator("#dl-panel .dl-notice")
    expect(notice).to_be_visible()
    expect(notice).to_contain_text(re.compile(r"digital", re.IGNORECASE))
    expect(notice).to_contain_text(re.compile(r"Mensch|Person", re.IGNORECASE))
    privacy = notice.locator('a[href*="datenschutz"]')
    expect(privacy).to_have_count(1)
    assert page.request.get(privacy.evaluate("(a) => a.href")).ok

    # Close button and Escape both close and return the focus to the launcher.
    page.locator("#dl-panel button.dl-close").click()
    expect(widget.panel).to_be_hidden()
    expect(widget.launcher).to_be_focused()
    expect(widget.launcher).to_have_attribute("aria-expanded", "false")
    widget.open()
    page.keyboard.press("Escape")
    expect(widget.panel).to_be_hidden()
    expect(widget.launcher).to_be_focused()


def test_live_region_announces_each_bot_message_once(widget: Widget, page: Page) -> None:
    widget.goto()
    widget.open()
    # Record every text the live region shows (CDP evaluation is not subject to the page's CSP).
    widget.live.evaluate(
        """(live) => {
            window.__announced = [];
            new MutationObserver(() => {
                const text = live.textContent.trim();
                const last = window.__announced[window.__announced.length - 1];
                if (text && text !== last) window.__announced.push(text);
            }).observe(live, {childList: true, characterData: true, subtree: true});
        }"""
    )
    first = widget.bot_messages.count()
    widget.send("Hallo")
    widget.send("Welche Förderung gibt es für uns?")
    new_messages: List[str] = [without_speaker(t) for t in widget.bot_messages.all_inner_texts()[first:]]
    announced: List[str] = [normalize(t) for t in page.evaluate("() => window.__announced")]
    assert len(announced) == len(new_messages), (announced, new_messages)
    for said, message in zip(announced, new_messages, strict=True):
        assert said.startswith("Digitallotse:"), said
        assert without_speaker(said)[:60] in message, (said, message)


@pytest.mark.parametrize(
    ("width", "height", "scale", "whole_panel"),
    [
        (320, 640, 1, True),  # a small phone
        (320, 200, 4, False),  # 1280 x 800 at 400 % zoom: 320 x 200 CSS px
    ],
    ids=["320px", "1280px-400pct"],
)
def test_reflow_without_horizontal_scrolling(
    browser: Browser, widget_url: str, width: int, height: int, scale: int, whole_panel: bool
) -> None:
    with new_page(browser, viewport={"width": width, "height": height}, device_scale_factor=scale) as page:
        widget = Widget(page, widget_url)
        widget.goto()
        widget.open()
        widget.send(f"{LONG_WORD} {LONG_URL}")
        fits = page.evaluate("() => document.documentElement.scrollWidth <= window.innerWidth")
        assert fits, page.evaluate("() => [document.documentElement.scrollWidth, window.innerWidth]")
        box = widget.panel.bounding_box()
        assert box is not None
        assert box["x"] >= 0 and box["x"] + box["width"] <= width + 0.5, box
        for part in (widget.input, widget.send_button, widget.user_messages.last):
            part.scroll_into_view_if_needed()
            part_box = part.bounding_box()
            assert part_box and part_box["x"] >= 0 and part_box["x"] + part_box["width"] <= width + 0.5, part_box
        if whole_panel:
            assert box["y"] >= 0 and box["y"] + box["height"] <= height + 0.5, box


def test_screenshots_for_review(browser: Browser, widget_url: str, reports_dir: Path) -> None:
    for name, viewport in (("widget-desktop.png", DESKTOP), ("widget-320.png", {"width": 320, "height": 640})):
        # Without motion and with the mouse away, the pictures show resting states, not a hover fading out.
        with new_page(browser, viewport=viewport, reduced_motion="reduce") as page:
            widget = Widget(page, widget_url)
            widget.goto()
            widget.open()
            widget.send("Welche Förderung gibt es für uns?")
            page.mouse.move(0, 0)
            path = reports_dir / name
            page.screenshot(path=str(path))
            assert path.stat().st_size > 10_000, path
