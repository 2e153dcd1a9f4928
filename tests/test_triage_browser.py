"""In a real browser: a user hands off from the widget; an agent signs in, replies and resolves; the widget shows it."""

import os
import re
import subprocess
import sys
from datetime import UTC, datetime, timedelta

import pytest

pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
from browser import axe_violations, launch, screenshot  # noqa: E402
from live import call, start  # noqa: E402
from playwright.sync_api import expect, sync_playwright  # noqa: E402

PASSWORD = "a long enough password"

pytestmark = pytest.mark.browser


def add_agent(tmp_path):
    env = {**os.environ, "BOT_DATABASE": str(tmp_path / "store.sqlite")}
    subprocess.run(
        [sys.executable, "-m", "bot", "add-agent", "alice", "--password-stdin"],
        input=PASSWORD + "\n",
        env=env,
        cwd=tmp_path,
        check=True,
        capture_output=True,
        text=True,
    )


def generated_history(tmp_path, end=None):
    """A month of generated history in the store (with hand-offs that a person answered, the store's figures of
    how long that usually takes), added before the server starts."""
    from bot.devtools.fill_store import fill
    from bot.store import open_store

    store = open_store(str(tmp_path / "store.sqlite"))
    fill(store, 3000, days=29, seed=7, end=end)
    store.close()


@pytest.fixture
def server(tmp_path):
    add_agent(tmp_path)
    generated_history(tmp_path)
    proc, base, _ = start(tmp_path)
    yield base
    proc.terminate()
    proc.wait(60)


def sign_in(page, server):
    page.goto(f"{server}/triage/")
    expect(page).to_have_url(f"{server}/triage/signin?next=/triage/")
    page.fill("input[name=name]", "alice")
    page.fill("input[name=password]", PASSWORD)
    page.click("button:has-text('Sign in')")


def test_a_handoff_goes_to_a_person_and_back_to_the_bot(server):
    """The whole round trip, in both directions, as the user and an agent see it in their browsers."""
    with sync_playwright() as playwright:
        browser = launch(playwright)
        user = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-US").new_page()
        host_page = (
            f'<!doctype html><html lang="en"><title>Help</title><script>window.FaqChatSettings = {{apiBase: "{server}", '
            f'pollSeconds: 1}};</script><script src="{server}/widget/widget.js"></script></html>'
        )
        user.route(f"{server}/help", lambda route: route.fulfill(content_type="text/html", body=host_page))
        user.goto(server + "/help")
        chat = user.locator("#faq-chat-widget")
        chat.get_by_role("button", name=re.compile("open the chat")).click()
        box = chat.locator("textarea#faq-input")

        def say(text):
            box.fill(text)
            box.press("Enter")
            expect(chat.locator(".msg.user p").last).to_have_text(text)
            expect(chat.locator(".typing")).to_be_hidden()

        say("my account is stuck in closing <b>help</b>")
        expect(chat.locator(".msg.bot")).to_have_count(1)
        bar = chat.locator(".with-person")
        expect(bar).to_be_hidden()

        # ---- to a person ----
        chat.get_by_role("button", name="Talk to a person").first.click()
        chat.get_by_label("What do you need help with?").fill("It has said Closing for two weeks")
        chat.get_by_role("button", name="Send to the team").click()
        expect(chat.locator(".msg.system").last).to_contain_text("support team")
        expect(bar).to_contain_text("A person from the support team will answer here.")
        expect(bar).to_contain_text(re.compile(r"They usually answer within \d+ minutes?\."))  # the store's figures
        expect(bar).to_contain_text("The bot does not answer meanwhile.")
        expect(chat.locator(".bar").get_by_role("button", name="Talk to a person")).to_be_hidden()
        expect(chat.get_by_label("Your message to the support team")).to_be_visible()
        say("I submitted it on the 3rd of May")
        expect(chat.locator(".msg.user").last).to_contain_text("To the support team")
        expect(chat.locator(".msg.bot")).to_have_count(1)  # the bot did not answer
        session_id = user.evaluate(
            "JSON.parse(sessionStorage.getItem(Object.keys(sessionStorage).find(k => k.startsWith('faqchat'))))"
            ".sessionId"
        )

        agent = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        sign_in(agent, server)
        expect(agent.locator("table.queue")).to_contain_text("my account is stuck in closing <b>help</b>")
        assert agent.locator("table.queue b").count() == 0  # shown as typed, not as markup
        agent.click(f"a[href='/triage/items/{session_id}']")
        head = agent.locator(".item-head")
        expect(head.locator("h1")).to_have_text("my account is stuck in closing <b>help</b>")
        expect(head).to_contain_text("Started")
        expect(head).to_contain_text("with the support team")
        expect(agent.locator(".msg-user").last).to_contain_text("(to the team)")
        expect(agent.locator(".msg-user").last).to_contain_text("3rd of May")
        agent.fill("form.reply textarea[name=text]", "Hello, this is Alice from support. Which e-mail did you use?")
        agent.click("button:has-text('Send reply')")
        expect(agent.locator(".msg-agent")).to_contain_text("Alice from support")

        reply = chat.locator(".msg.agent")
        expect(reply).to_contain_text("Alice from support")  # arrives on the widget's next poll
        expect(reply).to_contain_text("Support team (a person)")
        say("me@example.com, the one I signed up with")
        expect(chat.locator(".msg.bot")).to_have_count(1)
        agent.reload()
        expect(agent.locator(".msg-user").last).to_contain_text("me@example.com")
        expect(agent.locator(".item-head .status")).to_have_text("open")  # the user answered: open again
        screenshot(agent, "triage.png")
        screenshot(chat.locator(".panel"), "widget-with-person.png")

        # ---- resolved: back to the bot ----
        agent.click(".mode button:has-text('Resolve')")
        expect(agent.locator("ul.events")).to_contain_text("-> resolved")
        expect(agent.locator(".mode")).to_have_count(0)
        expect(chat.locator(".msg.system").last).to_contain_text("marked your request as resolved")
        expect(bar).to_be_hidden()
        say("do I lose my VIP level?")
        expect(chat.locator(".msg.bot")).to_have_count(2)
        chat.locator(".msg.system").last.evaluate("node => node.scrollIntoView({block: 'start'})")
        screenshot(chat.locator(".panel"), "widget-back-to-bot.png")

        # ---- to a person again; the agent hands it back ----
        chat.locator(".bar").get_by_role("button", name="Talk to a person").click()
        chat.get_by_role("button", name="Send to the team").click()
        expect(bar).to_be_visible()
        agent.reload()
        agent.click(".mode button:has-text('Hand back to the bot')")
        expect(agent.locator("ul.events")).to_contain_text("handed back to the bot")
        expect(chat.locator(".msg.system").last).to_contain_text("handed the conversation back to the bot")
        expect(bar).to_be_hidden()

        # ---- to a person again; the user asks the bot again ----
        chat.locator(".bar").get_by_role("button", name="Talk to a person").click()
        chat.get_by_role("button", name="Send to the team").click()
        chat.get_by_role("button", name="Ask the bot again").click()
        expect(chat.locator(".msg.system").last).to_contain_text("talking to the bot again")
        expect(bar).to_be_hidden()
        say("what happens to my NFTs?")
        expect(chat.locator(".msg.bot")).to_have_count(3)

        user.reload()
        expect(chat.locator(".msg.agent")).to_have_count(1)  # still there, once, after a reload
        expect(chat.locator(".msg.bot")).to_have_count(3)
        expect(bar).to_be_hidden()
        browser.close()

    status, data = call(server, f"/api/v1/sessions/{session_id}/messages")
    assert status == 200 and data["mode"] == "bot" and data["handoff"]["status"] == "returned"
    [message] = [m for m in data["messages"] if m["role"] == "agent"]
    assert message["agent"] == "alice"
    to_team = [m["text"] for m in data["messages"] if m.get("to") == "person"]
    assert to_team == ["I submitted it on the 3rd of May", "me@example.com, the one I signed up with"]


# ---- the support pages with a month of history: accessible, and pictured for the README ----------------------
ASKED_TODAY = [
    ("what's the weather in Lisbon", None),
    ("weather in lisbon tomorrow?", None),
    ("is it going to rain in Lisbon this weekend", None),
    ("can my heirs close a deceased person's account?", None),
    ("how do my children close the account of their late father", None),
    ("how do I close my Coinbase account", None),
    ("do I lose my VIP level", False),
    ("what happens to my NFTs when I close my account", True),
    ("how long does it take to close my account?", True),
]
"""Questions asked through the API today, with the feedback given on the reply (None: no feedback)."""


@pytest.fixture
def history(tmp_path):
    """A server whose store holds a generated month of history up to yesterday, and today's questions as asked."""
    add_agent(tmp_path)
    today = datetime.now(UTC).replace(hour=0, minute=0, second=0, microsecond=0)
    generated_history(tmp_path, end=today - timedelta(seconds=1))
    proc, base, _ = start(tmp_path)
    for question, helpful in ASKED_TODAY:
        status, reply = call(base, "/api/v1/chat", {"message": question})
        assert status == 200, reply
        if helpful is not None:
            feedback = {"reply_id": reply["reply_id"], "helpful": helpful}
            assert call(base, "/api/v1/feedback", feedback)[0] == 201
    status, reply = call(base, "/api/v1/chat", {"message": "my closure has been pending for two weeks"})
    handoff = {"session_id": reply["session_id"], "message": "It still says Closing", "contact": "me@example.com"}
    assert call(base, "/api/v1/handoff", handoff)[0] == 201
    yield base, reply["session_id"]
    proc.terminate()
    proc.wait(60)


def test_the_support_pages_are_accessible(history):
    """axe-core finds no WCAG 2.1 A or AA violation on any support page, signed in, with data on each."""
    server, session_id = history
    today = datetime.now(UTC).date().isoformat()
    with sync_playwright() as playwright:
        browser = launch(playwright)
        # bypass_csp: axe-core is added to each page, which the pages' policy would refuse.
        page = browser.new_context(viewport={"width": 1280, "height": 900}, bypass_csp=True).new_page()
        page.goto(f"{server}/triage/")
        assert axe_violations(page) == [], "sign-in"
        sign_in(page, server)
        expect(page.locator("table.queue")).to_contain_text("my closure has been pending")
        assert axe_violations(page) == [], "queue"
        screenshot(page, "triage-queue.png")

        page.click(f"a[href='/triage/items/{session_id}']")
        expect(page.locator(".item-head")).to_contain_text("with the support team")
        assert axe_violations(page) == [], "conversation"
        page.get_by_label("Note").fill("Asked for the e-mail they signed up with")
        page.get_by_role("button", name="Add note").click()
        page.fill("form.reply textarea[name=text]", "Hello, which e-mail did you sign up with?")
        page.click("button:has-text('Send reply')")
        expect(page.locator(".msg-agent")).to_contain_text("which e-mail")
        expect(page.locator("ul.events")).to_contain_text("reply")
        assert axe_violations(page) == [], "conversation, with a note, a reply and its history"

        page.goto(f"{server}/triage/gaps?from={today}&to={today}")
        expect(page.locator("section.group", has_text="heirs").first).to_be_visible()
        page.locator("details.off-topic summary").click()
        expect(page.locator("details.off-topic")).to_contain_text("Lisbon")
        assert axe_violations(page) == [], "gaps"
        screenshot(page, "triage-gaps.png", full_page=True)
        heirs = page.locator("section.group", has_text="heirs").first
        heirs.get_by_role("link", name=re.compile("Draft an entry")).click()
        expect(page.locator("h1")).to_contain_text("Draft entry: can my heirs")
        expect(page.locator("table.near tbody tr").first).to_be_visible()
        assert axe_violations(page) == [], "draft entry"
        screenshot(page, "triage-draft.png", full_page=True)
        page.go_back()
        page.locator("details.off-topic summary").click()
        weather = page.locator("details.off-topic section.group", has_text="Lisbon").first
        weather.get_by_role("button", name="Dismiss: not for the knowledge base").click()
        expect(page.locator("ul.dismissed")).to_contain_text("Lisbon")
        assert axe_violations(page) == [], "gaps, with a dismissal"

        page.goto(f"{server}/triage/figures")
        expect(page.locator("figure.chart")).to_have_count(6)
        page.locator("figure.chart details summary").first.click()
        assert axe_violations(page) == [], "figures"
        page.locator("figure.chart details").first.evaluate("node => node.removeAttribute('open')")
        screenshot(page, "triage-figures.png", clip={"x": 0, "y": 0, "width": 1280, "height": 1300}, full_page=True)

        page.goto(f"{server}/triage/figures?from=2026-13-01")
        expect(page.locator("h1")).to_have_text("Those dates cannot be shown")
        assert axe_violations(page) == [], "error page"
        browser.close()
