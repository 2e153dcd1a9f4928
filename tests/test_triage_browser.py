"""In a real browser: an agent signs in, opens a hand-off, replies and resolves it; the user's conversation shows it."""

import importlib.util
import os
import secrets
import signal
import subprocess
import sys
from pathlib import Path

import pytest

from test_server import call, free_port

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = "/usr/bin/chromium"
PASSWORD = "a long enough password"

pytestmark = [
    pytest.mark.browser,
    pytest.mark.skipif(not Path(CHROMIUM).exists(), reason="needs /usr/bin/chromium"),
    pytest.mark.skipif(importlib.util.find_spec("playwright") is None, reason="needs the playwright package"),
]


@pytest.fixture
def server(tmp_path):
    env = {**os.environ, "BOT_DATABASE": str(tmp_path / "store.sqlite"), "BOT_RATELIMIT_ENABLED": "false",
           "BOT_SECRET_KEY": secrets.token_hex(32)}
    subprocess.run([sys.executable, "-m", "bot", "add-agent", "alice", "--password-stdin"], input=PASSWORD + "\n",
                   env=env, cwd=tmp_path, check=True, capture_output=True, text=True)
    port = free_port()
    proc = subprocess.Popen([sys.executable, "-m", "bot", "serve", "--port", str(port), "--workers", "2", "--quiet"],
                            env=env, cwd=tmp_path, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL,
                            start_new_session=True)
    base = f"http://127.0.0.1:{port}"
    try:
        for _ in range(300):
            try:
                if call(base, "/api/v1/health")[0] == 200:
                    break
            except OSError:
                pass
            if proc.poll() is not None:
                pytest.fail("the server exited early")
            subprocess.run(["sleep", "0.3"])
        yield base
    finally:
        proc.send_signal(signal.SIGTERM)
        proc.wait(timeout=30)


def test_agent_replies_to_a_handoff_in_the_browser(server):
    from playwright.sync_api import expect, sync_playwright

    status, reply = call(server, "/api/v1/chat", {"message": "my account is stuck in closing <b>help</b>"})
    assert status == 200
    session_id = reply["session_id"]
    assert call(server, "/api/v1/handoff", {"session_id": session_id, "message": "please call me"})[0] == 201

    with sync_playwright() as p:
        browser = p.chromium.launch(executable_path=CHROMIUM, args=[
            "--headless", "--no-sandbox", "--disable-gpu", "--disable-background-networking",
            "--disable-component-update", "--disable-sync", "--no-first-run"])
        page = browser.new_page(viewport={"width": 1280, "height": 900})
        page.goto(f"{server}/triage/")
        expect(page).to_have_url(f"{server}/triage/signin?next=/triage/")
        page.fill("input[name=name]", "alice")
        page.fill("input[name=password]", PASSWORD)
        page.click("button:has-text('Sign in')")
        expect(page.locator("table.queue")).to_contain_text("my account is stuck in closing <b>help</b>")
        page.click(f"a[href='/triage/items/{session_id}']")
        expect(page.locator("h1")).to_contain_text(session_id)
        page.fill("form.reply textarea[name=text]", "Hello, this is Alice from support. I have checked your request.")
        page.click("button:has-text('Send reply')")
        expect(page.locator(".msg-agent")).to_contain_text("Alice from support")
        page.screenshot(path=str(ROOT / "docs" / "triage.png"))
        page.select_option("form.update select[name=status]", "resolved")
        page.click("form.update button:has-text('Save')")
        expect(page.locator("ul.events")).to_contain_text("pending -> resolved")
        browser.close()

    status, data = call(server, f"/api/v1/sessions/{session_id}/messages")
    assert status == 200
    [agent] = [m for m in data["messages"] if m["role"] == "agent"]
    assert agent["agent"] == "alice" and agent["text"].startswith("Hello, this is Alice")
