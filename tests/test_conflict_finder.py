"""The conflict finder: readings of statements, evidence between two, and ranked candidates on small hand-made KBs."""

import dataclasses
import json

import pytest
from kbfiles import claim, problems_of, write_kb

from bot.authoring.contrast import contrast
from bot.authoring.finder import suggest
from bot.authoring.reading import cn_number, read
from bot.cli import main
from bot.kb import loader

SOURCES = {"alpha": ["p1", "p2", "p3", "p4", "p5", "p6"], "beta": ["q1", "q2", "q3", "q4", "q5", "q6"]}
ENTRIES = [
    {
        "id": "closure-time",
        "claims": [
            claim("alpha", "p1", "Closure becomes final 30 days after the request."),
            claim("beta", "q1", "Closure is final within 24 hours of the request."),
        ],
    },
    {
        "id": "phone-reuse",
        "claims": [
            claim("alpha", "p2", "The phone number is released when the account is closed."),
            claim("beta", "q2", "The phone number is blocked from new sign-ups after closure."),
        ],
    },
    {
        "id": "open-orders",
        "claims": [
            claim("alpha", "p3", "Open orders must be cancelled before closing."),
            claim("beta", "q3", "All open orders have to be cancelled first."),
        ],
    },
    {
        "id": "mobile-app",
        "claims": [
            claim("alpha", "p4", "Closing can be done in the mobile app."),
            claim("beta", "q4", "The mobile app cannot close an account; use a browser."),
        ],
    },
    {
        "id": "limits",
        "claims": [
            claim("alpha", "p5", "Level 1 may withdraw up to 2 BTC a day."),
            claim("beta", "q5", "Level 1 may withdraw up to 5 BTC a day."),
        ],
    },
    {"id": "api-keys", "claims": [claim("alpha", "p6", "API keys are deleted at closure.")]},
    {"id": "nfts", "claims": [claim("beta", "q6", "NFTs stay in the marketplace wallet.")]},
]
PLANTED = {("p1", "q1"): "duration", ("p2", "q2"): "polarity", ("p4", "q4"): "polarity", ("p5", "q5"): "amount"}


def parts_of(candidate):
    return candidate.first.part, candidate.second.part


@pytest.fixture
def small_kb(tmp_path):
    return write_kb(tmp_path / "kb", SOURCES, ENTRIES)


# --- reading one statement ---------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    "text, spans",
    [
        ("a 7-day cooling-off period", [(168, 168)]),
        ("within a few hours to a few days", [(0, 120)]),
        ("up to 5 years", [(0, 5 * 8760)]),
        ("1–5 business days", [(24 * 7 / 5, 5 * 24 * 7 / 5)]),
        ("at least two weeks", [(336, float("inf"))]),
        ("it happens immediately", [(0, 0)]),
        ("stops immediately after the period ends", []),
        ("open a second account", []),
        ("七天冷静期", [(168, 168)]),
        ("几小时到几天内处理完毕", [(2, 120)]),
        ("最多保留五年", [(0, 5 * 8760)]),
    ],
)
def test_durations_are_read_as_ranges_of_hours(text, spans):
    assert [pytest.approx(v) for s in read(text).durations for v in (s.lo, s.hi)] == [v for s in spans for v in s]


def test_chinese_numerals():
    assert [cn_number(t) for t in ("七", "十二", "二十", "三百六十五", "12", "几")] == [7, 12, 20, 365, 12, None]


@pytest.mark.parametrize(
    "text, concept, positive",
    [
        ("The closure can still be reversed.", "reversible", True),
        ("The action is irreversible.", "reversible", False),
        ("Old data cannot be recovered.", "reversible", False),
        ("The e-mail is released at closure.", "reusable", True),
        ("The e-mail is blacklisted.", "reusable", False),
        ("The app does not support closing.", "allowed", False),
        ("API keys are revoked at once.", "active", False),
        ("可以撤销申请", "reversible", True),
        ("此操作不可逆", "reversible", False),
        ("无法恢复", "reversible", False),
    ],
)
def test_polar_words_and_negation(text, concept, positive):
    assert (concept, positive) in [(p.concept, p.positive) for p in read(text).polar]
    assert (concept, not positive) not in [(p.concept, p.positive) for p in read(text).polar]


def test_blocking_denies_allowing_and_clause_negators_reach_their_whole_clause():
    assert {(p.concept, p.positive) for p in read("The e-mail is blacklisted.").polar} == {
        ("reusable", False),
        ("allowed", False),
    }
    assert [(p.concept, p.positive) for p in read("Nothing is converted or sent back to you automatically.").polar] == [
        ("automatic", False)
    ]
    assert [
        (p.concept, p.positive) for p in read("It is converted, but nothing else happens automatically.").polar
    ] == [("automatic", False)]


def test_a_modal_before_a_polar_word_is_part_of_it_and_kinds_of_things_are_not_claims():
    assert [p.concept for p in read("The closure can be reversed.").polar] == ["reversible"]
    assert read("There must be no active or disputed orders; saved addresses are listed.").polar == ()


def test_labels_are_title_case_quotes_and_say_nothing_of_time():
    reading = read('Choose "Close Account Permanently", then the page says "permanently".')
    assert reading.labels == {"close account permanently"}
    assert reading.permanent == "permanently"
    assert read('Click "Close Account Permanently".').permanent is None


@pytest.mark.parametrize(
    "a, b, kind",
    [
        ("A 7-day cooling-off period starts.", "It is processed within a few hours to a few days.", "duration"),
        ("Level 1 allows 2 BTC.", "Level 1 allows 10 BTC.", "amount"),
        ("The closure can be reversed.", "The closure is irreversible.", "polarity"),
        ("The e-mail is blacklisted permanently.", "The e-mail is blacklisted for 365 days.", "permanence"),
        ('The option is labelled "Close Account".', 'The option is labelled "Deactivate Account".', "label"),
        ("冷静期为 7 天", "几小时到几天内处理完毕", "duration"),
        ("邮箱会被释放", "邮箱会被列入黑名单", "polarity"),
    ],
)
def test_evidence_of_each_kind(a, b, kind):
    assert [e.kind for e in contrast(read(a), read(b))] == [kind]


@pytest.mark.parametrize(
    "a, b",
    [
        ("A fiat withdrawal takes 1-5 business days.", "Fiat arrives within a few days."),
        ("Open orders must be cancelled.", "All open orders have to be cancelled first."),
        ("The closure can be reversed during the period.", "During the period the closure can be undone."),
        ("Saved addresses are wiped for good.", "A request is processed within a few days."),
        ("Records are kept for up to five years, and deleted after that.", "Records are permanently deleted."),
    ],
)
def test_no_evidence_where_statements_agree_or_speak_of_different_things(a, b):
    assert contrast(read(a), read(b)) == []


# --- the finder on small knowledge bases -------------------------------------------------------------------------


def test_planted_contradictions_rank_with_their_evidence_and_agreements_are_not_proposed(small_kb):
    found = suggest(loader.load(small_kb))
    assert {parts_of(c) for c in found} == set(PLANTED)
    for candidate in found:
        assert candidate.evidence[0].kind == PLANTED[parts_of(candidate)]
        assert candidate.recorded is None
    assert [c.score for c in found] == sorted((c.score for c in found), reverse=True)


def test_chinese_claims(tmp_path):
    kb = write_kb(
        tmp_path / "kb",
        {"alpha": ["p1", "p2", "p3", "p4"], "beta": ["q1", "q2", "q3", "q4"]},
        [
            {
                "id": "time",
                "claims": [
                    claim("alpha", "p1", "确认注销后有七天冷静期。"),
                    claim("beta", "q1", "申请通常在几小时到几天内处理完毕。"),
                ],
            },
            {
                "id": "undo",
                "claims": [
                    claim("alpha", "p2", "冷静期内可以撤销注销申请。"),
                    claim("beta", "q2", "注销申请一经提交就不可撤销。"),
                ],
            },
            {
                "id": "mail",
                "claims": [
                    claim("alpha", "p3", "注销后原邮箱会被释放。"),
                    claim("beta", "q3", "注销后原邮箱会被列入黑名单。"),
                ],
            },
            {
                "id": "orders",
                "claims": [
                    claim("alpha", "p4", "注销前必须取消所有挂单。"),
                    claim("beta", "q4", "所有挂单都需要先取消。"),
                ],
            },
        ],
    )
    found = {parts_of(c): c.evidence[0].kind for c in suggest(loader.load(kb))}
    assert found == {("p1", "q1"): "duration", ("p2", "q2"): "polarity", ("p3", "q3"): "polarity"}


def recorded_kb(tmp_path, **extra):
    entries = [dict(e) for e in ENTRIES]
    entries[1] = {
        "id": "phone-reuse",
        "conflicts": ["phone"],
        "claims": [
            claim("alpha", "p2", "The phone number is released when the account is closed.", "phone"),
            claim("beta", "q2", "The phone number is blocked from new sign-ups after closure.", "phone"),
        ],
    }
    conflict = {
        "id": "phone",
        "topic": "Reusing the phone number",
        "summary": "One source says the number is released, the other that it is blocked.",
        "cues": ["phone"],
        "claims": [
            {"source": "alpha", "part": "p2", "statement": "The number is released at closure."},
            {"source": "beta", "part": "q2", "statement": "The number is blocked from new sign-ups."},
        ],
    }
    return write_kb(tmp_path / "kb", SOURCES, entries, conflicts=[conflict], **extra)


def test_recorded_conflicts_are_marked_and_ignoring_them_ranks_the_same_pairs(tmp_path):
    kb = loader.load(recorded_kb(tmp_path))
    marked = {parts_of(c): c.recorded for c in suggest(kb)}
    assert marked[("p2", "q2")] == "phone" and sum(1 for r in marked.values() if r) == 1
    ignoring = suggest(kb, ignore_recorded=True)
    assert {parts_of(c) for c in ignoring} == set(marked)
    assert all(c.recorded is None for c in ignoring)
    assert all("recorded" not in c.first.statement for c in ignoring)


def test_a_pair_judged_not_a_conflict_is_not_proposed_again(tmp_path):
    judged = [
        {
            "id": "limits-differ-by-plan",
            "parts": [{"source": "alpha", "part": "p5"}, {"source": "beta", "part": "q5"}],
            "reason": "The two articles describe different account plans.",
        }
    ]
    kb = loader.load(write_kb(tmp_path / "kb", SOURCES, ENTRIES, not_conflicts=judged))
    assert kb.not_conflicts["limits-differ-by-plan"].reason.startswith("The two")
    assert ("p5", "q5") not in {parts_of(c) for c in suggest(kb)}
    assert ("p5", "q5") not in {parts_of(c) for c in suggest(kb, ignore_recorded=True)}


@pytest.mark.parametrize(
    "judged, message",
    [
        (
            {"id": "x", "parts": [{"source": "alpha", "part": "p9"}, {"source": "beta", "part": "q1"}], "reason": "r"},
            "not_conflicts[x].parts[0].part: source 'alpha' has no part 'p9'",
        ),
        (
            {"id": "x", "parts": [{"source": "alpha", "part": "p1"}, {"source": "alpha", "part": "p2"}], "reason": "r"},
            "not_conflicts[x].parts: the two parts must come from different sources",
        ),
        (
            {"id": "x", "parts": [{"source": "alpha", "part": "p2"}, {"source": "beta", "part": "q2"}], "reason": "r"},
            "records these two parts as conflict 'phone'",
        ),
        (
            {"id": "x", "parts": [{"source": "alpha", "part": "p1"}], "reason": "r"},
            "not_conflicts.yaml: not_conflicts[0].parts",
        ),
        (
            {"id": "x", "parts": [{"source": "alpha", "part": "p1"}, {"source": "beta", "part": "q1"}]},
            "not_conflicts.yaml: not_conflicts[0]: Object missing required field `reason`",
        ),
        (
            {
                "id": "Bad Id",
                "parts": [{"source": "alpha", "part": "p1"}, {"source": "beta", "part": "q1"}],
                "reason": "r",
            },
            "not_conflicts[0].id",
        ),
    ],
)
def test_judged_pairs_are_validated_on_load(tmp_path, judged, message):
    assert message in problems_of(recorded_kb(tmp_path, not_conflicts=[judged]))


def test_a_pair_judged_twice_is_refused(tmp_path):
    pair = [{"source": "alpha", "part": "p1"}, {"source": "beta", "part": "q1"}]
    judged = [{"id": "a", "parts": pair, "reason": "r"}, {"id": "b", "parts": pair[::-1], "reason": "r"}]
    assert "not_conflicts[b].parts: the same two parts are judged in 'a'" in problems_of(
        recorded_kb(tmp_path, not_conflicts=judged)
    )


# --- the shipped knowledge base ----------------------------------------------------------------------------------


def conflict_ranks(kb, candidates):
    """For each recorded conflict, the best rank of a distinct candidate setting two of its parts against each other."""
    pairs = {
        cid: {
            frozenset({(a.source, a.part), (b.source, b.part)})
            for a in c.claims
            for b in c.claims
            if a.source < b.source
        }
        for cid, c in kb.conflicts.items()
    }
    ranks, used = {}, set()
    for cid in sorted(
        pairs, key=lambda cid: min((i for i, c in enumerate(candidates) if c.parts in pairs[cid]), default=99)
    ):
        rank = next((i for i, c in enumerate(candidates, 1) if c.parts in pairs[cid] and i not in used), None)
        ranks[cid] = rank
        used.add(rank)
    return ranks


@pytest.mark.parametrize("ignore_recorded", [False, True])
def test_the_three_recorded_conflicts_rank_in_the_top_ten(kb, ignore_recorded):
    candidates = suggest(kb, ignore_recorded=ignore_recorded)
    ranks = conflict_ranks(kb, candidates)
    assert set(ranks) == {"closure-timing", "closure-reversal", "email-reuse"}
    assert all(rank is not None and rank <= 10 for rank in ranks.values()), ranks
    if not ignore_recorded:
        top = {c.recorded for c in candidates[:10]}
        assert {"closure-timing", "closure-reversal", "email-reuse"} <= top


def test_the_finder_does_not_lean_on_the_judged_pairs(kb):
    """Without the authors' "not a conflict" judgments, the recorded conflicts still rank in the top ten."""
    bare = dataclasses.replace(kb, not_conflicts={})
    ranks = conflict_ranks(bare, suggest(bare, ignore_recorded=True))
    assert all(rank is not None and rank <= 10 for rank in ranks.values()), ranks


# --- the command -------------------------------------------------------------------------------------------------


def test_cli_json_has_exactly_the_documented_fields(capsys, small_kb):
    assert main(["--knowledge", str(small_kb), "conflicts", "suggest", "--json"]) == 0
    found = json.loads(capsys.readouterr().out)
    assert len(found) == len(PLANTED)
    for candidate in found:
        assert set(candidate) == {"claims", "evidence", "score", "recorded"}
        assert [set(c) for c in candidate["claims"]] == [{"source", "part", "statement"}] * 2
        assert candidate["claims"][0]["source"] != candidate["claims"][1]["source"]
        assert candidate["evidence"] and all(set(e) == {"kind", "first", "second"} for e in candidate["evidence"])


def test_cli_text_says_how_many_it_shows_and_how_to_record_a_verdict(capsys, tmp_path):
    assert main(["--knowledge", str(recorded_kb(tmp_path)), "conflicts", "suggest", "--top", "2"]) == 0
    out = capsys.readouterr().out
    assert "2 candidate(s) shown of 4, " in out
    assert "- id: alpha-" in out and "reason:" in out
    assert main(["--knowledge", str(recorded_kb(tmp_path)), "conflicts", "suggest", "--ignore-recorded", "--json"]) == 0
    assert all(c["recorded"] is None for c in json.loads(capsys.readouterr().out))


def test_cli_refuses_an_invalid_kb(capsys, tmp_path):
    judged = [
        {"id": "x", "parts": [{"source": "alpha", "part": "p1"}, {"source": "alpha", "part": "p2"}], "reason": "r"}
    ]
    assert (
        main(
            [
                "--knowledge",
                str(write_kb(tmp_path / "kb", SOURCES, ENTRIES, not_conflicts=judged)),
                "conflicts",
                "suggest",
            ]
        )
        == 1
    )
    assert "must come from different sources" in capsys.readouterr().err
