"""Grouping of the questions the bot could not answer well, draft entries, CSV cells and date ranges (core only)."""

import json
from datetime import date

import msgspec
import pytest
import yaml

from bot.kb.schema import EntriesFile
from bot.support import gaps, reports

STAKING = [
    "what happens to my staking rewards when I close",
    "can I keep staking after closing my account",
    "my staked coins, what happens on closure",
]
TAX = ["do I need to pay tax when closing my account", "tax report after closing the account"]


def test_paraphrases_group_together_most_frequent_first():
    found = gaps.group(STAKING + TAX + ["what is the weather in Paris"])
    assert [g["count"] for g in found] == [3, 2, 1]
    assert set(found[0]["examples"]) == set(STAKING) and set(found[1]["examples"]) == set(TAX)
    assert found[0]["question"] in STAKING


def test_repeated_questions_count_and_appear_once():
    found = gaps.group(TAX + TAX[:1] + ["recipe for pancakes"])
    assert found[0]["count"] == 3 and found[0]["examples"][0] == TAX[0] and len(found[0]["examples"]) == 2


def test_edge_cases():
    assert gaps.group([]) == []
    assert gaps.group(["only one"])[0]["count"] == 1
    assert gaps.draft_id("注销后税务怎么办").startswith("draft-")


def test_messages_without_words_form_one_group_of_their_own():
    found = gaps.group(["???", "😀", "???", "!!"] + TAX)
    assert [(g["count"], g["question"], g["examples"]) for g in found] == [
        (4, "???", ["???", "!!", "😀"]),  # most frequent first, then as sorted
        (2, found[1]["question"], sorted(TAX)),
    ]
    assert [g["examples"] for g in gaps.group(["???"])] == [["???"]]
    assert gaps.draft_id("???").startswith("draft-")


def test_draft_is_a_knowledge_base_entry_file_to_finish():
    text = gaps.draft_entry(gaps.group(STAKING)[0])
    assert text.startswith("# Draft") and "TODO" in text
    data = yaml.safe_load(text)
    [entry] = data["entries"]
    assert set(entry) >= {"id", "question", "phrasings", "answer", "claims"}
    assert sorted(entry["phrasings"]) == sorted(STAKING)
    msgspec.convert(data, EntriesFile)  # the KB's own schema accepts it as it stands


@pytest.mark.parametrize(
    "cell, expected",
    [
        ("=1+2", "'=1+2"),
        ("+1", "'+1"),
        ("-1", "'-1"),
        ("@A1", "'@A1"),
        ("\tx", "'\tx"),
        ("\rx", "'\rx"),
        ("plain", "plain"),
        (None, ""),
        (0.5, "0.5"),
        ("<script>x</script>", "<script>x</script>"),
    ],
)
def test_csv_cells_that_read_as_formulas_are_neutralised(cell, expected):
    assert reports.neutralise(cell) == expected


def test_date_ranges():
    today = date(2025, 3, 10)
    assert reports.parse_range(None, None, today) == (date(2025, 2, 9), today)
    assert reports.parse_range("2025-01-01", "2025-01-31") == (date(2025, 1, 1), date(2025, 1, 31))
    for start, end in [("2025-1-1", None), ("2025-02-01", "2025-01-01"), ("2020-01-01", "2025-01-01")]:
        with pytest.raises(reports.RangeError):
            reports.parse_range(start, end, today)


def test_the_entries_nearest_to_a_group_come_first_by_how_many_questions_they_best_match(kb):
    found = gaps.group(STAKING)[0]
    entries = sorted(kb.entries)[:3]
    ranks = {
        STAKING[0]: [(entries[0], 0.9), (entries[1], 0.5)],
        STAKING[1]: [(entries[1], 0.6), ("not-an-entry", 0.99), (entries[2], 0.4)],
        STAKING[2]: [(entries[1], 0.7)],
    }
    near = gaps.nearest_entries(found, kb, lambda text: ranks[text])
    assert [(n["id"], n["nearest_for"], n["score"]) for n in near] == [
        (entries[1], 2, 0.7),
        (entries[0], 1, 0.9),
        (entries[2], 0, 0.4),
    ]
    assert near[0]["question"] == kb.entries[entries[1]].question
    assert gaps.nearest_entries(found, kb, lambda text: []) == []


def test_the_questions_to_check_a_draft_are_a_question_set(kb, tmp_path):
    from bot.cli import read_questions

    found = gaps.group(STAKING + ['{"q": "not json to the reader"}'], distance=2.0)[0]
    entry = kb.entries[sorted(kb.entries)[0]]
    near = [{"id": entry.id, "question": entry.question, "nearest_for": 1, "score": 0.5}]
    questions = gaps.questions_to_check(found, near, kb)  # type: ignore[arg-type]
    (tmp_path / "questions.jsonl").write_text("\n".join(json.dumps({"q": q}) for q in questions), encoding="utf-8")
    asked = [case["q"] for case in read_questions(str(tmp_path / "questions.jsonl"))]
    assert asked == questions
    assert asked[: len(found["examples"])] == found["examples"]
    assert set(asked[len(found["examples"]) :]) == {entry.question, *entry.phrasings} - set(found["examples"])
    assert len(asked) == len(set(asked))


def test_a_draft_would_take_the_questions_of_an_entry_that_read_like_it_and_leave_the_rest(kb):
    data = kb.entries[next(e for e in sorted(kb.entries) if "retention" in e or "data" in e)]
    own = [data.question, *data.phrasings]
    # A draft made of paraphrases of one of the entry's own questions reads like that question.
    taken = own[1]
    found = gaps.group([taken + " please", "so " + taken, taken + "?!"], distance=2.0)[0]
    near = [{"id": data.id, "question": data.question, "nearest_for": 3, "score": 0.9}]
    at_risk = gaps.questions_at_risk(found, near, kb)  # type: ignore[arg-type]
    assert at_risk and at_risk[0]["question"] == taken and at_risk[0]["entry"] == data.id
    assert all(r["to_draft"] > r["to_own"] for r in at_risk)
    assert len(at_risk) < len(own)
    # A draft about something the entry never speaks of takes none of its questions.
    elsewhere = gaps.group(["pancake batter recipe", "recipe for pancake batter with milk"], distance=2.0)[0]
    assert gaps.questions_at_risk(elsewhere, near, kb) == []  # type: ignore[arg-type]
