"""A new source checked against the KB: the article split into citable parts, each part's verdict on a small
hand-made KB, the command, and the measure against an answer key."""

import json
from pathlib import Path

import pytest
from kbfiles import three_entries, write_kb

from bot.authoring.article import sentences, split
from bot.authoring.sourcecheck import check
from bot.cli import main
from bot.devtools import sourcekey
from bot.kb import loader
from bot.matching.engine import Engine

ARTICLES = Path(__file__).resolve().parent / "data" / "articles"
ENTRIES = three_entries()
# The phone entry also speaks Chinese, so that a Chinese article's parts can be checked against it.
ENTRIES[1]["phrasings"] += ["手机号能重新使用吗", "注销后手机号会怎样", "注销后手机号还能注册吗"]
ENTRIES[1]["claims"][0]["statement_zh"] = "注销后手机号会被释放。"
ARTICLE = """A short guide to closing

Closing takes a little preparation.

Before closing

1. Every open order has to be cancelled before the account can be closed.
2. Closure is final within 24 hours of the request.
3. Loans must be repaid before closing:
   - personal loans
   - margin loans
"""


@pytest.fixture(scope="module")
def small(tmp_path_factory):
    directory = write_kb(tmp_path_factory.mktemp("kb") / "kb", {"alpha": ["p1", "p2"], "beta": ["q1"]}, ENTRIES)
    kb = loader.load(directory)
    return directory, kb, Engine().fit(kb)


def test_an_article_splits_into_headed_paragraphs_and_numbered_items():
    parts = split(ARTICLE)
    assert [p.id for p in parts] == ["intro", "before-closing-1", "before-closing-2", "before-closing-3"]
    assert parts[0].section == "Introduction"
    assert parts[2].section == "Before closing, item 2"
    assert parts[3].text == "Loans must be repaid before closing: personal loans margin loans"


def test_sentences():
    assert sentences("One thing. Two things! 三件事。四件事。") == ["One thing.", "Two things!", "三件事。", "四件事。"]
    assert sentences("Level 1.5 allows 2 BTC.") == ["Level 1.5 allows 2 BTC."]


def test_each_part_supports_contradicts_or_is_new(small):
    _, kb, engine = small
    found = {r.part.id: r for r in check(kb, engine, ARTICLE)}
    assert found["before-closing-1"].verdict == "supports"
    assert found["before-closing-1"].entries == ["open-orders"]
    assert [c.claim.part for c in found["before-closing-1"].claims] == ["q1"]
    assert found["before-closing-2"].verdict == "contradicts"
    assert found["before-closing-2"].entries == ["closure-time"]
    assert found["before-closing-2"].claims[0].evidence[0].kind == "duration"
    assert found["before-closing-3"].verdict == "new" and found["before-closing-3"].claims == []


def test_a_chinese_source_is_read_against_the_claims_chinese_statements(small):
    _, kb, engine = small
    (found,) = check(kb, engine, "注销后手机号还能注册吗？注销后，手机号会被列入黑名单，不能再用来注册。")
    assert found.verdict == "contradicts"
    assert found.claims[0].claim.statement == "注销后手机号会被释放。"
    assert found.claims[0].evidence[0].kind == "polarity"


def test_an_empty_article_has_no_parts(small):
    _, kb, engine = small
    assert check(kb, engine, "\n\n   \n") == []


def test_cli_json_lists_parts_with_text_verdict_entries_and_claims(capsys, small, tmp_path):
    directory, _, _ = small
    article = tmp_path / "article.txt"
    article.write_text(ARTICLE, encoding="utf-8")
    assert main(["--knowledge", str(directory), "sources", "check", str(article), "--json"]) == 0
    parts = json.loads(capsys.readouterr().out)
    assert [set(p) for p in parts] == [{"text", "verdict", "entries", "claims"}] * 4
    assert [p["verdict"] for p in parts] == ["new", "supports", "contradicts", "new"]
    contradiction = parts[2]["claims"][0]
    assert {"source", "part", "statement", "evidence"} <= set(contradiction) and contradiction["evidence"]
    assert main(["--knowledge", str(directory), "sources", "check", str(article)]) == 0
    assert "4 part(s): 1 support the KB, 1 contradict it (candidate conflicts), 2 state what no entry covers." in (
        capsys.readouterr().out
    )


@pytest.mark.parametrize(
    "content, message",
    [(None, "no such file"), (b"\xff\xfe bad", "not UTF-8 text"), (b"\n \n", "no text to check")],
)
def test_cli_refuses_bad_input(capsys, small, tmp_path, content, message):
    directory, _, _ = small
    article = tmp_path / "article.txt"
    if content is not None:
        article.write_bytes(content)
    assert main(["--knowledge", str(directory), "sources", "check", str(article)]) == 2
    assert message in capsys.readouterr().err


def test_the_key_scores_each_verdict(small):
    _, kb, engine = small
    reports = check(kb, engine, ARTICLE)
    key = {
        "parts": [
            {"starts": "Closing takes", "verdict": "new"},
            {"starts": "Every open order", "verdict": "supports", "entries": ["open-orders"]},
            {"starts": "Closure is final", "verdict": "contradicts", "entries": ["phone-reuse"]},
            {"starts": "Loans must", "verdict": "supports", "entries": []},
        ]
    }
    figures = sourcekey.score(reports, key)
    assert figures["right"] == 3
    assert figures["supports"] == {
        "planted": 2,
        "found": 1,
        "reported": 1,
        "precision": 1.0,
        "recall": 0.5,
        "entry_right": 1,
    }
    assert figures["contradicts"]["entry_right"] == 0  # the duration part names closure-time, not the key's entry
    assert figures["new"]["precision"] == 0.5 and figures["new"]["recall"] == 1.0
    with pytest.raises(ValueError, match="the key has 5"):
        sourcekey.score(reports, {"parts": [*key["parts"], {"starts": "Not in the article", "verdict": "new"}]})
    with pytest.raises(ValueError, match="matches 0 parts"):
        sourcekey.score(reports, {"parts": key["parts"][:3]})


def test_the_third_article_and_its_key_agree_on_the_parts():
    key = sourcekey.read_key(ARTICLES / "third_article_key.yaml")
    parts = split((ARTICLES / key["article"]).read_text(encoding="utf-8"))
    assert len(parts) == len(key["parts"])
    for part, planted in zip(parts, key["parts"], strict=True):
        assert part.text.startswith(planted["starts"])
    assert {k["verdict"] for k in key["parts"]} == {"supports", "contradicts", "new"}
