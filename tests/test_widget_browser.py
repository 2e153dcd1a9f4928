"""The chat widget in headless Chromium against the real server: what a user sees and does."""

import re
import sqlite3

import pytest

pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
from browser import ARTIFACTS, launch  # noqa: E402
from live import start  # noqa: E402
from playwright.sync_api import expect, sync_playwright  # noqa: E402

pytestmark = pytest.mark.browser


@pytest.fixture(scope="module")
def server(tmp_path_factory):
    proc, base, database = start(tmp_path_factory.mktemp("widget"))
    yield base, database
    proc.terminate()
    proc.wait(60)


@pytest.fixture(scope="module")
def chromium():
    with sync_playwright() as playwright:
        browser = launch(playwright)
        yield browser
        browser.close()


@pytest.fixture
def page(chromium, server):
    context = chromium.new_context(viewport={"width": 1280, "height": 800}, locale="en-US")
    page = context.new_page()
    errors = []
    page.on("pageerror", lambda exc: errors.append(str(exc)))
    page.goto(server[0] + "/")
    yield page
    context.close()
    assert not errors, errors


def widget(page):
    return page.locator("#faq-chat-widget")


def ask(page, text):
    box = widget(page).locator("textarea#faq-input")
    box.fill(text)
    box.press("Enter")
    expect(widget(page).locator(".msg.bot, .msg.error").last).to_be_visible()


def count(database, table):
    with sqlite3.connect(database) as conn:
        return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def test_open_and_ask_shows_an_answer_with_sources(page):
    launcher = widget(page).get_by_role("button", name=re.compile("Open chat"))
    launcher.click()
    ask(page, "can I close my account from the mobile app?")
    answer = widget(page).locator(".msg.bot").last
    expect(answer).to_contain_text("app")
    expect(answer.locator(".sources")).to_contain_text("Sources")
    expect(widget(page).locator(".notice")).to_contain_text("not from Binance")
    expect(widget(page).locator(".notice")).to_contain_text("closure guide")  # the reply's notice names the sources
    expect(widget(page).locator(".msg.user p").last).to_have_text(re.compile("mobile app"))


def test_conflict_card_shows_both_sources_side_by_side(page):
    widget(page).get_by_role("button", name=re.compile("Open chat")).click()
    ask(page, "how long does it take to close my account?")
    card = widget(page).locator(".conflict").last
    expect(card).to_be_visible()
    expect(card).to_contain_text("Sources disagree")
    claims = card.locator(".claim")
    expect(claims).to_have_count(2)
    expect(claims.nth(0)).to_contain_text("kdj.com article")
    expect(claims.nth(1)).to_contain_text("closure guide")
    expect(card).to_contain_text("Neither source is Binance")
    first, second = claims.nth(0).bounding_box(), claims.nth(1).bounding_box()
    assert abs(first["y"] - second["y"]) < 2 and second["x"] > first["x"]  # side by side
    card.evaluate("node => node.scrollIntoView({block: 'start'})")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "widget-desktop.png"))


def test_suggestion_click_asks_it(page):
    widget(page).get_by_role("button", name=re.compile("Open chat")).click()
    ask(page, "what happens to my nfts when I close")
    suggestion = widget(page).locator(".msg.bot").last.locator(".suggestion").first
    text = suggestion.inner_text()
    suggestion.click()
    expect(widget(page).locator(".msg.user p").last).to_have_text(text)
    expect(widget(page).locator(".msg.bot")).to_have_count(2)


def test_feedback_with_a_comment_is_recorded(page, server):
    before = count(server[1], "feedback")
    widget(page).get_by_role("button", name=re.compile("Open chat")).click()
    ask(page, "do I lose my VIP level")
    answer = widget(page).locator(".msg.bot").last
    answer.get_by_role("button", name=re.compile("Not helpful")).click()
    answer.get_by_role("textbox").fill("I wanted the exact tier rules")
    answer.get_by_role("button", name="Send feedback").click()
    expect(widget(page).locator(".msg.bot").last).to_contain_text("Thanks for your feedback")
    assert count(server[1], "feedback") == before + 1


def test_decline_offers_a_person_and_handoff_confirms(page, server):
    before = count(server[1], "handoffs")
    widget(page).get_by_role("button", name=re.compile("Open chat")).click()
    ask(page, "what is the best pizza in Naples")
    declined = widget(page).locator(".msg.bot.declined").last
    declined.get_by_role("button", name="Talk to a person").click()
    widget(page).get_by_label("What do you need help with?").fill("My closure has been pending for two weeks")
    widget(page).get_by_label(re.compile("contact")).fill("me@example.com")
    widget(page).get_by_role("button", name="Send to the team").click()
    expect(widget(page).locator(".msg.system").last).to_contain_text("support team")
    assert count(server[1], "handoffs") == before + 1


def test_reload_keeps_the_conversation(page):
    widget(page).get_by_role("button", name=re.compile("Open chat")).click()
    ask(page, "what happens to my referral rewards")
    widget(page).get_by_label("Your question").fill("half-typed question")
    page.reload()
    expect(widget(page).locator(".msg.user")).to_have_count(1)
    expect(widget(page).locator(".msg.bot")).to_have_count(1)
    expect(widget(page).get_by_label("Your question")).to_have_value("half-typed question")
    ask(page, "and my NFTs?")
    expect(widget(page).locator(".msg.bot")).to_have_count(2)


def test_html_in_a_question_is_shown_as_typed_and_runs_nothing(page):
    hostile = '<img src=x onerror="window.__pwned=1"><script>window.__pwned=2</script><b>bold</b>'
    widget(page).get_by_role("button", name=re.compile("Open chat")).click()
    ask(page, hostile)
    expect(widget(page).locator(".msg.user p").last).to_have_text(hostile)
    assert widget(page).locator(".msg img, .msg script, .msg b").count() == 0
    assert page.evaluate("window.__pwned") is None


def test_keyboard_only(page):
    page.keyboard.press("Tab")
    focused = page.evaluate(
        "document.activeElement.id + '|' + (document.activeElement.shadowRoot.activeElement || {}).className"
    )
    assert focused.startswith("faq-chat-widget|launcher")
    page.keyboard.press("Enter")
    expect(widget(page).get_by_label("Your question")).to_be_focused()
    page.keyboard.type("how do I withdraw what is left before closing")
    page.keyboard.press("Enter")
    expect(widget(page).locator(".msg.bot").last).to_be_visible()
    for _ in range(40):
        page.keyboard.press("Tab")
        if page.evaluate("((document.activeElement.shadowRoot || {}).activeElement || {}).className") == "suggestion":
            break
    text = page.evaluate("document.activeElement.shadowRoot.activeElement.textContent")
    page.keyboard.press("Enter")
    expect(widget(page).locator(".msg.user p").last).to_have_text(text)
    page.keyboard.press("Escape")
    expect(widget(page).locator(".panel")).to_be_hidden()
    assert page.evaluate("document.activeElement.shadowRoot.activeElement.className").startswith("launcher")


def test_phone_sized_screen(chromium, server):
    context = chromium.new_context(viewport={"width": 360, "height": 640}, is_mobile=True, has_touch=True)
    page = context.new_page()
    page.goto(server[0] + "/")
    widget(page).get_by_role("button", name=re.compile("Open chat")).tap()
    box = widget(page).locator(".panel").bounding_box()
    assert (box["x"], box["y"], box["width"], box["height"]) == (0, 0, 360, 640)
    ask(page, "how long does closure take")
    expect(widget(page).locator(".conflict")).to_be_visible()
    composer = widget(page).get_by_label("Your question").bounding_box()
    assert composer["y"] + composer["height"] <= 640 and composer["width"] > 200
    width = page.evaluate("document.querySelector('#faq-chat-widget').shadowRoot.querySelector('.log').scrollWidth")
    assert width <= 360
    widget(page).locator(".conflict").evaluate("node => node.scrollIntoView({block: 'start'})")
    ARTIFACTS.mkdir(exist_ok=True)
    page.screenshot(path=str(ARTIFACTS / "widget-mobile.png"))
    context.close()


def test_rate_limit_and_network_errors_are_kind_and_keep_the_text(page):
    widget(page).get_by_role("button", name=re.compile("Open chat")).click()
    page.route(
        "**/api/v1/chat",
        lambda route: route.fulfill(
            status=429,
            headers={"Retry-After": "17", "Content-Type": "application/json"},
            body='{"error": {"code": "rate_limited", "message": "Too many requests."}}',
        ),
    )
    ask(page, "can I reopen a closed account")
    error = widget(page).locator(".msg.error").last
    expect(error).to_contain_text("17 seconds")
    expect(widget(page).get_by_label("Your question")).to_have_value("can I reopen a closed account")
    page.unroute("**/api/v1/chat")
    page.route("**/api/v1/chat", lambda route: route.abort())
    error.get_by_role("button", name="Try again").click()
    expect(widget(page).locator(".msg.error").last).to_contain_text("could not be reached")
    page.unroute("**/api/v1/chat")
    widget(page).locator(".msg.error").last.get_by_role("button", name="Try again").click()
    expect(widget(page).locator(".msg.bot").last).to_be_visible()
    expect(widget(page).locator(".msg.error")).to_have_count(0)
    expect(widget(page).locator(".msg.user")).to_have_count(1)


def test_chinese_interface_from_the_browser_language(chromium, server):
    context = chromium.new_context(locale="zh-CN")
    page = context.new_page()
    page.goto(server[0] + "/")
    widget(page).get_by_role("button", name=re.compile("打开聊天")).click()
    expect(widget(page).locator(".notice")).to_contain_text("并非币安官方")
    expect(widget(page).get_by_label("您的问题")).to_be_focused()
    ask(page, "注销账户要多久")
    expect(widget(page).locator(".conflict").last).to_contain_text("来源说法不一致")
    context.close()


def test_isolated_and_loaded_once(page, server):
    page.add_script_tag(url=server[0] + "/widget/widget.js")
    page.wait_for_timeout(300)
    assert page.locator("#faq-chat-widget").count() == 1
    font = page.evaluate(
        "getComputedStyle(document.querySelector('#faq-chat-widget').shadowRoot.querySelector('.launcher')).fontFamily"
    )
    assert "cursive" not in font  # the host page's button style does not leak in
    assert page.evaluate("getComputedStyle(document.querySelector('main')).fontFamily").startswith("Georgia")
    assert sorted(k for k in page.evaluate("Object.keys(window)") if k.startswith("Faq")) == ["FaqChat"]


def test_settings_object_on_a_host_page(chromium, server):
    base = server[0]
    host_page = f"""<!doctype html><html><head><title>Host</title></head><body><h1>Another site</h1>
<script>window.FaqChatSettings = {{apiBase: "{base}", title: "Account help", lang: "zh", position: "left", open: true}};</script>
<script src="{base}/widget/widget.js"></script></body></html>"""
    context = chromium.new_context(viewport={"width": 1280, "height": 800})
    page = context.new_page()
    page.route(f"{base}/host-page", lambda route: route.fulfill(status=200, content_type="text/html", body=host_page))
    page.goto(f"{base}/host-page")
    panel = widget(page).locator(".panel")
    expect(panel).to_be_visible()
    expect(panel.locator("h2")).to_have_text("Account help")
    expect(widget(page).locator(".notice")).to_contain_text("并非币安官方")
    assert panel.bounding_box()["x"] < 100  # left corner
    context.close()
