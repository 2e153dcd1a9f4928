"""The README documents every API route, configuration key and error code the service has."""

import re
from pathlib import Path

from bot.service.config import DEFAULTS
from bot.service.errors import HTTP_CODES

README = (Path(__file__).resolve().parent.parent / "README.md").read_text(encoding="utf-8")


def test_every_route_is_in_the_readme(app):
    for rule in app.url_map.iter_rules():
        if rule.rule.startswith("/api/v1/"):
            path = rule.rule.removeprefix("/api/v1")
            for method in rule.methods - {"HEAD", "OPTIONS"}:
                assert f"`{method} {path}" in README, f"{method} {path} missing from the README"


def test_every_config_key_is_in_the_readme():
    for key in DEFAULTS:
        if key != "JSON_SORT_KEYS":
            assert f"`{key}`" in README, key


def test_every_error_code_is_in_the_readme():
    source = "".join(p.read_text() for p in (Path(__file__).resolve().parent.parent / "bot" / "service").glob("*.py"))
    codes = set(re.findall(r'ApiError\(\d+, "(\w+)"', source)) | {code for code, _ in HTTP_CODES.values()}
    codes -= {"bad_request", "unauthorized", "forbidden", "unavailable", "http_error"}
    for code in codes:
        assert f"`{code}`" in README, code


def test_every_command_is_in_the_readme():
    from bot.cli import build_parser

    parser = build_parser()
    commands = next(a for a in parser._actions if a.dest == "command").choices
    for command in commands:
        assert f"python -m bot {command}" in README, command


def test_every_reply_field_is_in_the_readme():
    from bot.replies.reply import Reply

    for field in Reply.__struct_fields__:
        assert f"| `{field}` |" in README, field
