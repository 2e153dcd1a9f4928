"""Declining messages about something else, by general rules: what a thing needs, what is recovered or undone."""

import pytest


@pytest.mark.parametrize(
    "question",
    [
        # "X需要什么/哪些…" asks what X needs, not what closing needs
        "开淘宝店需要什么条件",
        "考驾照需要哪些材料",
    ],
)
def test_what_another_thing_needs_is_declined(assistant, question):
    reply = assistant.ask(question)
    assert reply.fallback, (reply.entry, reply.confidence)


@pytest.mark.parametrize(
    "question, expected",
    [
        ("注销账户需要什么条件", "closure-requirements"),
        ("注销前需要做哪些准备", "closure-requirements"),
    ],
)
def test_what_closing_needs_is_still_answered(assistant, question, expected):
    reply = assistant.ask(question)
    assert not reply.fallback and reply.entry["id"] == expected, (reply.entry, reply.confidence)
