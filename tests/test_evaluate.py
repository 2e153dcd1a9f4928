"""The eval metrics, computed on a tiny hand-made set."""

from bot.devtools import evaluate


def reply(answer="", fallback=False, entry="x", conflicts=()):
    return {
        "answer": answer,
        "fallback": fallback,
        "entry": {"id": entry} if entry else None,
        "conflicts": [{"summary": s, "claims": [{"source": "a", "statement": st}]} for s, st in conflicts],
    }


CASES = [
    {"id": "1", "q": "a", "topic": "t1", "expect": "answer", "facts": ["7 days"], "conflict": True},
    {"id": "2", "q": "b", "topic": "t1", "expect": "answer", "facts": ["\\bvip\\b"], "conflict": False},
    {"id": "3", "q": "c", "topic": "t2", "expect": "answer", "facts": ["365"], "conflict": None},
    {"id": "4", "q": "d", "topic": "t2", "expect": "answer", "facts": [], "conflict": False},
    {"id": "5", "q": "e", "topic": "oos", "expect": "fallback", "facts": [], "conflict": None},
    {"id": "6", "q": "f", "topic": "oos", "expect": "fallback", "facts": [], "conflict": None},
]
REPLIES = [
    reply("closure is final after", conflicts=[("timing", "a 7 days cooling-off")]),  # fact found in a claim: ok
    reply("VIP ends", conflicts=[("x", "y")]),  # false flag
    reply("blocked for 365 days", conflicts=[("x", "y")]),  # conflict null: any flag ok
    reply("", fallback=True, entry=None),  # declined in scope
    reply("", fallback=True, entry=None),  # declined: ok
    reply("answered anyway"),  # not declined
]


def test_metrics():
    report = evaluate.score(CASES, REPLIES)
    assert (report.in_scope, report.in_scope_correct) == (4, 2)
    assert report.in_scope_accuracy == 0.5
    assert report.decline_rate == 0.5
    # flagged among cases with a known conflict value: cases 1 and 2 (case 4 declined, so not flagged)
    assert (report.flagged, report.flagged_right, report.should_flag) == (2, 1, 1)
    assert report.conflict_precision == 0.5 and report.conflict_recall == 1.0
    assert {t: [f[0] for f in v] for t, v in report.failures.items()} == {"t1": ["2"], "t2": ["4"], "oos": ["6"]}


def test_reply_text_includes_conflict_claims():
    text = evaluate.reply_text(reply("main", conflicts=[("sum", "claim")]))
    assert "main" in text and "sum" in text and "claim" in text


def test_case_failure_reasons():
    assert evaluate.case_failure(CASES[0], REPLIES[0]) is None
    assert "missing facts" in evaluate.case_failure(CASES[2], reply("no figure"))
    assert "flag missing" in evaluate.case_failure(CASES[0], reply("7 days"))
