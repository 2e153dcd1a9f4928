"""The widget's files as served: size budget, isolation rules, contrast of its colours, the demo page."""

import re
from pathlib import Path

WEB = Path(__file__).resolve().parent.parent / "web"
BUDGET = 40 * 1024


def test_widget_fits_the_size_budget():
    size = (WEB / "widget.js").stat().st_size + (WEB / "widget.css").stat().st_size
    assert size <= BUDGET, f"widget is {size} bytes, budget {BUDGET}"


def test_widget_never_writes_html():
    source = (WEB / "widget.js").read_text(encoding="utf-8")
    for sink in ("innerHTML", "outerHTML", "insertAdjacentHTML", "document.write", "eval(", "new Function"):
        assert sink not in source, sink


def test_widget_fetches_nothing_from_elsewhere():
    for name in ("widget.js", "widget.css", "index.html", "demo.css"):
        text = (WEB / name).read_text(encoding="utf-8")
        assert not re.search(r"(?:src|href)=\"https?://(?!faq\.example\.com)", text), name
        assert "@import" not in text and "cdn" not in text.lower(), name


def _luminance(hex_colour: str) -> float:
    channels = [int(hex_colour[i : i + 2], 16) / 255 for i in (1, 3, 5)]
    linear = [c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4 for c in channels]
    return 0.2126 * linear[0] + 0.7152 * linear[1] + 0.0722 * linear[2]


def contrast(a: str, b: str) -> float:
    la, lb = sorted((_luminance(a), _luminance(b)), reverse=True)
    return (la + 0.05) / (lb + 0.05)


def test_text_colours_meet_wcag_aa():
    css = (WEB / "widget.css").read_text(encoding="utf-8")
    colours = dict(re.findall(r"--([\w-]+):\s*(#[0-9a-fA-F]{6})", css))
    pairs = [
        ("ink", "paper"),
        ("ink", "soft"),
        ("muted", "paper"),
        ("muted", "soft"),
        ("brand-ink", "brand"),
        ("brand", "paper"),
        ("warn-ink", "warn-bg"),
        ("ink", "warn-bg"),
        ("error-ink", "error-bg"),
        ("agent-ink", "agent-bg"),
    ]
    for text, background in pairs:
        ratio = contrast(colours[text], colours[background])
        assert ratio >= 4.5, f"{text} on {background}: {ratio:.2f}"


def test_demo_page_and_widget_files_are_served(client):
    page = client.get("/")
    assert page.status_code == 200 and page.mimetype == "text/html"
    assert "default-src 'self'" in page.headers["Content-Security-Policy"]
    assert b'src="/widget/widget.js"' in page.data
    script = client.get("/widget/widget.js")
    assert script.status_code == 200 and "javascript" in script.mimetype
    assert script.headers["Cross-Origin-Resource-Policy"] == "cross-origin"
    assert client.get("/widget/widget.css").mimetype == "text/css"
    icon = client.get("/favicon.ico")
    assert icon.status_code == 200 and icon.mimetype == "image/vnd.microsoft.icon"
    assert icon.data[:4] == b"\x00\x00\x01\x00"  # an ICO file
    assert b'href="/favicon.ico"' in page.data
    missing = client.get("/widget/secret.py")
    assert missing.status_code == 404 and missing.json["error"]["code"] == "not_found"


ASCII_PUNCTUATION = re.compile(r"[,:;()?!]")


def chinese_strings(text: str) -> list[str]:
    """The string literals of a source that hold Chinese characters, without their {placeholders}."""
    found = re.findall(r'"((?:[^"\\\n]|\\.)*)"', text)
    return [re.sub(r"\{\w+\}", "", s) for s in found if re.search(r"[\u4e00-\u9fff]", s)]


def test_chinese_interface_strings_use_chinese_punctuation():
    from bot.replies import texts

    widget = chinese_strings((WEB / "widget.js").read_text(encoding="utf-8"))
    bot = [re.sub(r"\{\w+\}", "", v["zh"]) for v in vars(texts).values() if isinstance(v, dict) and "zh" in v]
    assert len(widget) > 40 and len(bot) > 8
    wrong = [s for s in widget + bot if ASCII_PUNCTUATION.search(s)]
    assert not wrong, wrong
