import pytest
from kbfiles import edit, problems_of

from bot.kb import loader
from bot.kb.knowledge import KnowledgeError


def test_shipped_kb_is_valid(kb):
    assert len(kb.sources) == 2
    assert len(kb.entries) >= 40
    assert all(e.phrasings and e.claims for e in kb.entries.values())
    for conflict in kb.conflicts.values():
        assert len({c.source for c in conflict.claims}) == 2


def test_every_entry_has_chinese_and_keyword_phrasings(kb):
    for entry in kb.entries.values():
        assert entry.question_zh, entry.id
        assert any(len(p.split()) <= 3 for p in entry.phrasings), entry.id


def test_missing_required_field_names_file_and_field(kb_copy):
    edit(kb_copy / "entries" / "timing.yaml", lambda d: d["entries"][0].pop("answer"))
    message = problems_of(kb_copy)
    assert "timing.yaml" in message and "answer" in message and "entries[0]" in message


def test_wrong_type_names_file_and_field(kb_copy):
    edit(kb_copy / "entries" / "timing.yaml", lambda d: d["entries"][1].__setitem__("phrasings", "just one string"))
    message = problems_of(kb_copy)
    assert "timing.yaml" in message and "entries[1].phrasings" in message


def test_unknown_field_is_rejected(kb_copy):
    edit(kb_copy / "entries" / "timing.yaml", lambda d: d["entries"][0].__setitem__("anwser", "typo"))
    assert "anwser" in problems_of(kb_copy)


def test_unknown_source_in_claim(kb_copy):
    edit(kb_copy / "entries" / "timing.yaml", lambda d: d["entries"][0]["claims"][0].__setitem__("source", "binance"))
    message = problems_of(kb_copy)
    assert "timing.yaml" in message and "claims[0].source" in message and "unknown source 'binance'" in message


def test_unknown_part_in_claim(kb_copy):
    edit(kb_copy / "entries" / "timing.yaml", lambda d: d["entries"][0]["claims"][0].__setitem__("part", "faq-9"))
    message = problems_of(kb_copy)
    assert "claims[0].part" in message and "no part 'faq-9'" in message


def test_duplicate_entry_id_across_files(kb_copy):
    def dup(d):
        d["entries"][0]["id"] = "closure-steps"

    edit(kb_copy / "entries" / "timing.yaml", dup)
    message = problems_of(kb_copy)
    assert "duplicate id 'closure-steps'" in message and "process.yaml" in message


def test_conflict_needs_two_sources(kb_copy):
    def one_sided(d):
        for claim in d["conflicts"][0]["claims"]:
            claim["source"] = d["conflicts"][0]["claims"][0]["source"]
            claim["part"] = d["conflicts"][0]["claims"][0]["part"]

    edit(kb_copy / "conflicts.yaml", one_sided)
    assert "claims from two different sources" in problems_of(kb_copy)


def test_entry_without_phrasings(kb_copy):
    edit(kb_copy / "entries" / "timing.yaml", lambda d: d["entries"][0].__setitem__("phrasings", []))
    message = problems_of(kb_copy)
    assert "phrasings" in message and "at least one phrasing" in message


def test_unknown_conflict_and_related_ids(kb_copy):
    def bad_refs(d):
        d["entries"][0]["conflicts"] = ["no-such-conflict"]
        d["entries"][0]["related"] = ["no-such-entry"]

    edit(kb_copy / "entries" / "timing.yaml", bad_refs)
    message = problems_of(kb_copy)
    assert "unknown conflict 'no-such-conflict'" in message and "unknown entry 'no-such-entry'" in message


def test_bad_id_format(kb_copy):
    edit(kb_copy / "entries" / "timing.yaml", lambda d: d["entries"][0].__setitem__("id", "Bad Id!"))
    message = problems_of(kb_copy)
    assert "entries[0].id" in message


def test_invalid_yaml(kb_copy):
    (kb_copy / "conflicts.yaml").write_text("conflicts: [unclosed\n", encoding="utf-8")
    assert "conflicts.yaml: not valid YAML" in problems_of(kb_copy)


def test_missing_file_and_directory(kb_copy, tmp_path):
    (kb_copy / "sources.yaml").unlink()
    assert "sources.yaml: file is missing" in problems_of(kb_copy)
    assert "knowledge directory not found" in problems_of(tmp_path / "nowhere")


def test_same_phrasing_in_two_entries(kb_copy):
    edit(
        kb_copy / "entries" / "timing.yaml",
        lambda d: d["entries"][0]["phrasings"].append(d["entries"][1]["phrasings"][0]),
    )
    assert "is also a phrasing of entry" in problems_of(kb_copy)


def test_conflict_translated_in_part_is_refused(kb_copy):
    path = kb_copy / "conflicts.yaml"
    text = path.read_text(encoding="utf-8")
    first_statement_zh = next(line for line in text.splitlines() if "statement_zh:" in line)
    path.write_text(text.replace(first_statement_zh + "\n", "", 1), encoding="utf-8")
    with pytest.raises(KnowledgeError, match=r"conflicts.yaml: conflicts\[closure-timing\].claims: .*statement_zh"):
        loader.load(kb_copy)


@pytest.mark.parametrize(
    "field, opener",
    [
        ("answer", "Yes. "),
        ("answer", "No, "),
        ("answer", "yes; "),
        ("answer", "Nope - "),
        ("answer_zh", "是的。"),
        ("answer_zh", "可以。"),
        ("answer_zh", "不能。"),
        ("answer_zh", "不。"),
        ("answer_zh", "需要，"),
    ],
)
def test_answer_opening_with_a_bare_yes_or_no_is_refused(kb_copy, field, opener):
    edit(
        kb_copy / "entries" / "alternatives.yaml",
        lambda d: d["entries"][0].__setitem__(field, opener + d["entries"][0][field]),
    )
    message = problems_of(kb_copy)
    assert f"alternatives.yaml: entries[alternatives].{field}: opens with a bare" in message


@pytest.mark.parametrize(
    "text, lang",
    [
        ("No position may remain open, according to the kdj.com article.", "en"),
        ("Nothing is refunded automatically.", "en"),
        ("Yesterday's orders count too.", "en"),
        ("不允许任何操作。", "zh"),
        ("需要同时满足多项前提条件。", "zh"),
        ("可以使用推荐码的说法来自注销指南。", "zh"),
    ],
)
def test_sentences_that_merely_start_with_yes_or_no_words_pass(text, lang):
    from bot.kb.knowledge import stock_opener

    assert stock_opener(text, lang) is None


def test_no_shipped_answer_opens_with_a_bare_yes_or_no(kb):
    from bot.kb.knowledge import stock_opener

    for entry in kb.entries.values():
        assert stock_opener(entry.answer) is None, entry.id
        assert stock_opener(entry.answer_zh or "", "zh") is None, entry.id
