"""In a real browser: a user hands off from the widget; an agent signs in, replies and resolves; the widget shows it."""

import os
import re
import subprocess
import sys

import pytest

pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
from browser import ARTIFACTS, launch  # noqa: E402
from live import call, start  # noqa: E402
from playwright.sync_api import expect, sync_playwright  # noqa: E402

PASSWORD = "a long enough password"

pytestmark = pytest.mark.browser


@pytest.fixture
def server(tmp_path):
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
    proc, base, _ = start(tmp_path)
    yield base
    proc.terminate()
    proc.wait(60)


def test_agent_reply_reaches_the_users_widget(server):
    with sync_playwright() as playwright:
        browser = launch(playwright)
        user = browser.new_context(viewport={"width": 1280, "height": 800}, locale="en-US").new_page()
        host_page = (
            f'<!doctype html><title>Help</title><script>window.FaqChatSettings = {{apiBase: "{server}", '
            f'pollSeconds: 1}};</script><script src="{server}/widget/widget.js"></script>'
        )
        user.route(f"{server}/help", lambda route: route.fulfill(content_type="text/html", body=host_page))
        user.goto(server + "/help")
        chat = user.locator("#faq-chat-widget")
        chat.get_by_role("button", name=re.compile("open the chat")).click()
        box = chat.locator("textarea#faq-input")
        box.fill("my account is stuck in closing <b>help</b>")
        box.press("Enter")
        expect(chat.locator(".msg.bot")).to_have_count(1)
        chat.get_by_role("button", name="Talk to a person").first.click()
        chat.get_by_label("What do you need help with?").fill("It has said Closing for two weeks")
        chat.get_by_role("button", name="Send to the team").click()
        expect(chat.locator(".msg.system").last).to_contain_text("support team")
        session_id = user.evaluate(
            "JSON.parse(sessionStorage.getItem(Object.keys(sessionStorage).find(k => k.startsWith('faqchat'))))"
            ".sessionId"
        )

        agent = browser.new_context(viewport={"width": 1280, "height": 900}).new_page()
        agent.goto(f"{server}/triage/")
        expect(agent).to_have_url(f"{server}/triage/signin?next=/triage/")
        agent.fill("input[name=name]", "alice")
        agent.fill("input[name=password]", PASSWORD)
        agent.click("button:has-text('Sign in')")
        expect(agent.locator("table.queue")).to_contain_text("my account is stuck in closing <b>help</b>")
        assert agent.locator("table.queue b").count() == 0  # shown as typed, not as markup
        agent.click(f"a[href='/triage/items/{session_id}']")
        expect(agent.locator("h1")).to_contain_text(session_id)
        agent.fill("form.reply textarea[name=text]", "Hello, this is Alice from support. I have checked your request.")
        agent.click("button:has-text('Send reply')")
        expect(agent.locator(".msg-agent")).to_contain_text("Alice from support")
        ARTIFACTS.mkdir(exist_ok=True)
        agent.screenshot(path=str(ARTIFACTS / "triage.png"))
        agent.select_option("form.update select[name=status]", "resolved")
        agent.click("form.update button:has-text('Save')")
        expect(agent.locator("ul.events")).to_contain_text("pending -> resolved")

        reply = chat.locator(".msg.agent")
        expect(reply).to_contain_text("Alice from support")  # arrives on the widget's next poll
        expect(reply).to_contain_text("Support team (a person)")
        user.reload()
        expect(reply).to_have_count(1)  # and is still there, once, after a reload
        user.screenshot(path=str(ARTIFACTS / "widget-person-reply.png"))
        browser.close()

    status, data = call(server, f"/api/v1/sessions/{session_id}/messages")
    assert status == 200
    [message] = [m for m in data["messages"] if m["role"] == "agent"]
    assert message["agent"] == "alice"
