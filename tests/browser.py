"""Headless Chromium from the system package, driven by Playwright, for tests against the real server."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest

CHROMIUM = shutil.which("chromium") or "/usr/bin/chromium"
ARTIFACTS = Path(__file__).resolve().parent / ".artifacts"
LAUNCH_ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]


def launch(playwright):
    """Chromium at /usr/bin/chromium (never a downloaded browser)."""
    if not Path(CHROMIUM).exists():
        pytest.skip("Debian's chromium is not installed (apt-get install chromium)")
    return playwright.chromium.launch(executable_path=CHROMIUM, args=LAUNCH_ARGS)


AXE = Path(__file__).resolve().parent / "axe" / "node_modules" / "axe-core" / "axe.min.js"
WCAG_21_AA = ["wcag2a", "wcag2aa", "wcag21a", "wcag21aa"]
SCREENSHOTS = {
    "widget-desktop.png": "the widget on the demo page, a long answer shown from its start",
    "widget-mobile.png": "the widget filling a phone screen",
    "widget-chinese.png": "the widget in Chinese",
    "widget-conflict.png": "the card of a disagreement between the sources",
    "widget-with-person.png": "the conversation handed to a person: their reply, and the bar to ask the bot again",
    "widget-back-to-bot.png": "the support team resolved the request; the bot answers again",
    "triage-queue.png": "the support team's queue",
    "triage.png": "a conversation on the support team's page",
    "triage-gaps.png": "what the knowledge base is missing",
    "triage-draft.png": "a draft entry from a group, beside the entries nearest to it",
    "triage-figures.png": "figures of the last 30 days",
}
"""Every picture the browser tests take, by file name; `make screenshots` copies them to docs/ for the README."""


def screenshot(target, name: str, **options) -> None:
    """Save a picture the README shows (see SCREENSHOTS): a page, or one element of it (a locator)."""
    assert name in SCREENSHOTS, name
    ARTIFACTS.mkdir(exist_ok=True)
    target.screenshot(path=str(ARTIFACTS / name), animations="disabled", **options)


def axe_violations(page, context: str = "document") -> list[str]:
    """The WCAG 2.1 A and AA violations axe-core finds on the page (the page's context needs bypass_csp)."""
    if not AXE.exists():
        pytest.skip("axe-core is not installed (npm ci --prefix tests/axe)")
    if not page.evaluate("typeof window.axe !== 'undefined'"):
        page.add_script_tag(path=str(AXE))
    found = page.evaluate(
        "([context, tags]) => axe.run(context === 'document' ? document : context,"
        " {runOnly: {type: 'tag', values: tags}, resultTypes: ['violations']})"
        ".then(r => r.violations.map(v => v.id + ': ' + v.help + ' ' +"
        " JSON.stringify(v.nodes.map(n => n.target))))",
        [context, WCAG_21_AA],
    )
    return found
