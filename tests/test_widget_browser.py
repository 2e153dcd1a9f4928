"""The chat widget in headless Chromium against the real server: what a user sees and does."""

import re
import sqlite3

import pytest

pytest.importorskip("playwright.sync_api", reason="playwright is not installed")
from browser import axe_violations, launch, screenshot  # noqa: E402
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
    # bypass_csp: the accessibility checks add axe-core to the page, which the page's policy would refuse.
    context = chromium.new_context(viewport={"width": 1280, "height": 800}, locale="en-US", bypass_csp=True)
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
    before = widget(page).locator(".msg.bot, .msg.error").count()
    box = widget(page).locator("textarea#faq-input")
    box.fill(text)
    box.press("Enter")
    expect(widget(page).locator(".msg.bot, .msg.error")).to_have_count(before + 1)
    expect(widget(page).locator(".typing")).to_be_hidden()


def open_widget(page):
    widget(page).get_by_role("button", name=re.compile("open the chat")).click()
    expect(widget(page).locator(".panel")).to_be_visible()


def box_of(locator):
    return locator.bounding_box()


def within(inner, outer, slack=1):
    """True when the box `inner` lies inside the box `outer`."""
    return (
        inner["y"] >= outer["y"] - slack
        and inner["y"] + inner["height"] <= outer["y"] + outer["height"] + slack
        and inner["x"] >= outer["x"] - slack
        and inner["x"] + inner["width"] <= outer["x"] + outer["width"] + slack
    )


def count(database, table):
    with sqlite3.connect(database) as conn:
        return conn.execute(f"SELECT COUNT(*) FROM {table}").fetchone()[0]


def test_open_and_ask_shows_an_answer_with_sources(page):
    launcher = widget(page).get_by_role("button", name=re.compile("open the chat"))
    launcher.click()
    ask(page, "can I close my account from the mobile app?")
    answer = widget(page).locator(".msg.bot").last
    expect(answer).to_contain_text("app")
    expect(answer.locator(".sources")).to_contain_text("Sources")
    expect(widget(page).locator(".notice")).to_contain_text("not from Binance")
    expect(widget(page).locator(".notice")).to_contain_text("closure guide")  # the reply's notice names the sources
    expect(widget(page).locator(".msg.user p").last).to_have_text(re.compile("mobile app"))


def test_conflict_card_says_the_disagreement_once(page):
    open_widget(page)
    ask(page, "how long does it take to close my account?")
    answer = widget(page).locator(".msg.bot").last
    card = answer.locator(".conflict")
    expect(card).to_have_count(1)
    expect(card.locator("h3")).to_have_text("The sources disagree: How long closure takes")
    assert answer.inner_text().lower().count("disagree") == 1  # no second summary in the text or the card
    sides = card.locator(".claim")
    expect(sides).to_have_count(2)
    expect(sides.nth(0).locator("strong")).to_have_text("kdj.com article")
    expect(sides.nth(1).locator("strong")).to_have_text("closure guide")
    expect(sides.nth(1).locator("small")).to_have_text(re.compile("FAQ"))  # the part it comes from
    expect(card).to_contain_text("Neither source is Binance")
    # On the 420 px panel the sources are stacked, each as wide as the card allows.
    first, second, whole = box_of(sides.nth(0)), box_of(sides.nth(1)), box_of(card)
    assert second["y"] >= first["y"] + first["height"] and abs(first["x"] - second["x"]) < 2
    assert first["width"] > whole["width"] * 0.85
    card.evaluate("node => node.scrollIntoView({block: 'start'})")
    screenshot(widget(page).locator(".panel"), "widget-conflict.png")


def test_a_long_answer_is_shown_from_its_start_and_what_follows_stays_reachable(page):
    open_widget(page)
    ask(page, "what do I need to do before closing my account")
    ask(page, "how long does it take to close my account?")
    log = widget(page).locator(".log")
    answer = widget(page).locator(".msg.bot").last
    top, view = box_of(answer), box_of(log)
    assert top["height"] > view["height"]  # a long answer: it cannot all be seen at once...
    assert view["y"] <= top["y"] <= view["y"] + 24  # ...so its first line is at the top of the view
    log.evaluate("node => { node.scrollTop = node.scrollHeight; }")
    expect(answer.locator(".feedback")).to_be_in_viewport()  # its end is a scroll away
    log.evaluate("node => { node.scrollTop = 0; }")
    ask(page, "do I lose my VIP level")
    screenshot(page, "widget-desktop.png")
    latest = box_of(widget(page).locator(".msg.bot").last)
    assert latest["y"] >= view["y"] - 1 and latest["y"] < view["y"] + view["height"]


def test_the_launcher_is_a_labelled_button_with_an_icon(page):
    launcher = widget(page).get_by_role("button", name=re.compile("open the chat"))
    expect(launcher).to_have_text("Account closure help")
    assert launcher.locator("svg").count() == 1
    size = box_of(launcher)
    assert size["width"] >= 120 and size["height"] >= 44


def test_suggestion_click_asks_it(page):
    widget(page).get_by_role("button", name=re.compile("open the chat")).click()
    ask(page, "what happens to my nfts when I close")
    suggestion = widget(page).locator(".msg.bot").last.locator(".suggestion").first
    text = suggestion.inner_text()
    suggestion.click()
    expect(widget(page).locator(".msg.user p").last).to_have_text(text)
    expect(widget(page).locator(".msg.bot")).to_have_count(2)


def test_feedback_with_a_comment_is_recorded(page, server):
    before = count(server[1], "feedback")
    widget(page).get_by_role("button", name=re.compile("open the chat")).click()
    ask(page, "do I lose my VIP level")
    answer = widget(page).locator(".msg.bot").last
    answer.get_by_role("button", name=re.compile("Not helpful")).click()
    comment = answer.get_by_role("textbox")
    expect(comment).to_be_focused()
    assert within(box_of(comment), box_of(widget(page).locator(".log")))  # wholly in view, not below the fold
    comment.fill("I wanted the exact tier rules")
    answer.get_by_role("button", name="Send feedback").click()
    expect(widget(page).locator(".msg.bot").last).to_contain_text("Thanks for your feedback")
    assert count(server[1], "feedback") == before + 1


def test_decline_offers_a_person_and_handoff_confirms(page, server):
    before = count(server[1], "handoffs")
    widget(page).get_by_role("button", name=re.compile("open the chat")).click()
    ask(page, "what is the best pizza in Naples")
    declined = widget(page).locator(".msg.bot.declined").last
    declined.get_by_role("button", name="Talk to a person").click()
    widget(page).get_by_label("What do you need help with?").fill("My closure has been pending for two weeks")
    widget(page).get_by_label(re.compile("contact")).fill("me@example.com")
    widget(page).get_by_role("button", name="Send to the team").click()
    expect(widget(page).locator(".msg.system").last).to_contain_text("support team")
    assert count(server[1], "handoffs") == before + 1


def test_asking_for_a_person_opens_the_handoff_form(page):
    widget(page).get_by_role("button", name=re.compile("open the chat")).click()
    ask(page, "can I talk to a real person please")
    expect(widget(page).locator(".msg.bot.declined").last).to_contain_text("Talk to a person")
    message = widget(page).get_by_label("What do you need help with?")
    expect(message).to_be_visible()
    expect(message).to_be_focused()


def test_a_plain_decline_leaves_the_handoff_form_closed(page):
    widget(page).get_by_role("button", name=re.compile("open the chat")).click()
    ask(page, "what is the best pizza in Naples")
    expect(widget(page).locator(".msg.bot.declined")).to_have_count(1)
    expect(widget(page).get_by_label("What do you need help with?")).to_have_count(0)


def test_reload_keeps_the_conversation(page):
    widget(page).get_by_role("button", name=re.compile("open the chat")).click()
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
    widget(page).get_by_role("button", name=re.compile("open the chat")).click()
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


def phone(chromium, server, **options):
    context = chromium.new_context(
        viewport={"width": 360, "height": 640}, is_mobile=True, has_touch=True, bypass_csp=True, **options
    )
    page = context.new_page()
    page.goto(server[0] + "/")
    return context, page


def test_phone_sized_screen(chromium, server):
    context, page = phone(chromium, server, locale="en-US")
    widget(page).get_by_role("button", name=re.compile("open the chat")).tap()
    box = widget(page).locator(".panel").bounding_box()
    assert (box["x"], box["y"], box["width"], box["height"]) == (0, 0, 360, 640)
    title = widget(page).locator(".head h2")
    assert box_of(title)["height"] < 2 * 16 * 1.3  # one line
    ask(page, "how long does closure take")
    expect(widget(page).locator(".conflict")).to_be_visible()
    composer = widget(page).get_by_label("Your question").bounding_box()
    assert composer["y"] + composer["height"] <= 640 and composer["width"] > 200
    width = page.evaluate("document.querySelector('#faq-chat-widget').shadowRoot.querySelector('.log').scrollWidth")
    assert width <= 360
    sides = widget(page).locator(".conflict .claim")
    assert box_of(sides.nth(1))["y"] > box_of(sides.nth(0))["y"]  # stacked
    screenshot(page, "widget-mobile.png")
    assert axe_violations(page) == []
    context.close()


def test_rate_limit_and_network_errors_are_kind_and_keep_the_text(page):
    widget(page).get_by_role("button", name=re.compile("open the chat")).click()
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
    context = chromium.new_context(locale="zh-CN", viewport={"width": 1280, "height": 800}, bypass_csp=True)
    page = context.new_page()
    page.goto(server[0] + "/")
    launcher = widget(page).get_by_role("button", name=re.compile("打开聊天"))
    expect(launcher).to_have_text("注销帮助")
    launcher.click()
    expect(widget(page).locator(".notice")).to_contain_text("并非币安官方")
    expect(widget(page).get_by_label("您的问题")).to_be_focused()
    ask(page, "注销账户要多久")
    expect(widget(page).locator(".conflict").last.locator("h3")).to_have_text("来源说法不一致：注销需要多长时间")
    screenshot(widget(page).locator(".panel"), "widget-chinese.png")
    assert axe_violations(page) == []
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


def test_no_request_of_the_demo_page_fails(chromium, server):
    context = chromium.new_context()
    page = context.new_page()
    failed = []
    page.on("response", lambda r: failed.append(f"{r.status} {r.url}") if r.status >= 400 else None)
    page.goto(server[0] + "/", wait_until="networkidle")
    page.goto(server[0] + "/favicon.ico")
    context.close()
    assert not failed, failed


# ---- accessibility: axe-core finds no WCAG 2.1 A or AA violation ------------------------------------------------
def test_accessible_with_the_widget_open(page):
    open_widget(page)
    assert axe_violations(page) == []


def test_accessible_with_an_answer_and_a_conflict_card(page):
    open_widget(page)
    ask(page, "what happens to my NFTs when I close my account")
    assert axe_violations(page) == []
    ask(page, "how long does it take to close my account?")
    expect(widget(page).locator(".conflict")).to_have_count(1)
    widget(page).locator(".msg.bot").last.get_by_role("button", name=re.compile("Not helpful")).click()
    assert axe_violations(page) == []


def test_accessible_with_the_handoff_form_and_while_a_person_answers(page):
    open_widget(page)
    ask(page, "what is the best pizza in Naples")
    widget(page).locator(".msg.bot.declined").last.get_by_role("button", name="Talk to a person").click()
    expect(widget(page).get_by_label("What do you need help with?")).to_be_focused()
    assert axe_violations(page) == []
    widget(page).get_by_label("What do you need help with?").fill("My closure has been pending for two weeks")
    widget(page).get_by_role("button", name="Send to the team").click()
    expect(widget(page).get_by_role("button", name="Ask the bot again")).to_be_visible()
    assert axe_violations(page) == []
