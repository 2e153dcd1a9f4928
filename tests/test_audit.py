"""Figures in answers must be carried by the entry's claims; the audit shows each answer beside its claims."""

import pytest
from kbfiles import edit

from bot.cli import main
from bot.kb import loader
from bot.kb.figures import carried, figures, unbacked
from bot.kb.knowledge import KnowledgeError


def test_figures_are_numbers_durations_and_quoted_labels():
    text = 'Wait 7 days (a 7-day period), up to 5 years, 1–5 business days, then click "Confirm Closure"; a few hours.'
    assert figures(text) == ['"Confirm Closure"', "7", "5", "1", "a few hours"]
    assert figures("状态显示为 “Closing”（注销中），7 天", "zh") == ['"Closing"', "7"]


@pytest.mark.parametrize(
    "figure, statement, ok",
    [
        ("7", "a 7-day cooling-off period", True),
        ("7", "up to 17 days", False),
        ("2", "Level 1 allows 2 BTC", True),
        ("2", "up to 2.5 BTC", False),
        ('"Closing"', 'the status shows "Closing"', True),
        ('"Deactivate Account"', 'labelled "Close Account"', False),
        ("a few days", "within a few hours to a few days", True),
        ("a few weeks", "within a few hours to a few days", False),
    ],
)
def test_a_claim_carries_the_same_figure(figure, statement, ok):
    assert carried(figure, [statement]) is ok


@pytest.mark.parametrize(
    "figure, statement, ok",
    [
        ("几小时", "within a few hours to a few days", True),
        ("几周", "within a few hours to a few days", False),
        ("七天", "a 7-day cooling-off period", True),
        ("七天", "a seven-day wait", True),
        ("一年", "blocked for one year", True),
        ("一年", "blocked for 365 days", False),
        ("十二个月", "after 12 months", True),
        ("五年", "typically up to 5 years", True),
        ("五年", "up to 15 years", False),
    ],
)
def test_a_chinese_duration_is_carried_by_the_english_claim_that_says_it(figure, statement, ok):
    assert figures(f"大约{figure}以后", "zh") == [figure]
    assert carried(figure, [statement]) is ok


def test_validator_refuses_a_chinese_duration_in_words_no_claim_carries(kb_copy):
    edit(
        kb_copy / "entries" / "alternatives.yaml",
        lambda d: d["entries"][0].__setitem__("answer_zh", d["entries"][0]["answer_zh"] + "冻结最长三个月。"),
    )
    with pytest.raises(KnowledgeError, match=r"entries\[alternatives\]\.answer_zh: 三个月 not carried"):
        loader.load(kb_copy)


def test_unbacked_figures_of_an_answer():
    claims = ['The status shows "Closing" for a few hours to a few days.']
    answer = 'It shows "Closing" for a few days, or 30 days, and the button says "Undo".'
    assert unbacked(answer, claims) == ['"Undo"', "30"]


def add_figure(kb_copy):
    edit(
        kb_copy / "entries" / "alternatives.yaml",
        lambda d: d["entries"][0].__setitem__(
            "answer", d["entries"][0]["answer"] + ' A freeze lasts 90 days; click "Pause Account".'
        ),
    )


def test_validator_refuses_an_answer_with_an_unbacked_figure(kb_copy):
    add_figure(kb_copy)
    with pytest.raises(KnowledgeError) as info:
        loader.load(kb_copy)
    message = "\n".join(info.value.problems)
    assert (
        'alternatives.yaml: entries[alternatives].answer: "Pause Account", 90 not carried by any claim of the entry'
    ) in message


def test_validator_checks_chinese_answers_too(kb_copy):
    edit(
        kb_copy / "entries" / "alternatives.yaml",
        lambda d: d["entries"][0].__setitem__("answer_zh", d["entries"][0]["answer_zh"] + "冻结最长 90 天。"),
    )
    with pytest.raises(KnowledgeError, match=r"entries\[alternatives\]\.answer_zh: 90 not carried"):
        loader.load(kb_copy)


def test_every_shipped_answer_figure_is_carried(kb):
    for entry in kb.entries.values():
        statements = [c.statement for c in entry.claims]
        assert unbacked(entry.answer, statements) == [], entry.id
        assert unbacked(entry.answer_zh, statements, "zh") == [], entry.id


def run(capsys, *argv):
    code = main(list(argv))
    out, err = capsys.readouterr()
    return code, out, err


def test_audit_prints_answers_beside_claims_and_source_parts(capsys):
    code, out, _ = run(capsys, "audit", "closure-duration")
    assert code == 0
    assert "== closure-duration (entries/timing.yaml)" in out
    assert "answer:" in out and "answer_zh:" in out
    assert "closure guide, FAQ, Q1 (duration of closure) [conflict: closure-timing]" in out
    assert "kdj.com article, Step-by-Step Closure Procedure, item 5" in out
    assert '"Closing" (5)' in out and "7 (1, 2)" in out
    assert "1 entries audited; 0 figure(s) carried by no claim; 0 problem(s) from the validator" in out


def test_audit_flags_unbacked_figures_of_a_kb_the_validator_refuses(capsys, kb_copy):
    add_figure(kb_copy)
    code, out, _ = run(capsys, "--knowledge", str(kb_copy), "audit", "--flagged")
    assert code == 1
    assert "== alternatives (entries/alternatives.yaml)" in out and "== keep-dormant" not in out
    assert "! answer: 90 is carried by no claim of this entry" in out
    assert '! answer: "Pause Account" is carried by no claim of this entry' in out
    assert "2 figure(s) carried by no claim; 1 problem(s) from the validator" in out


def test_audit_of_an_unknown_entry_is_a_usage_error(capsys):
    code, _, err = run(capsys, "audit", "no-such-entry")
    assert code == 2 and "unknown entry id 'no-such-entry'" in err
