"""Conflict flags, sources, two questions in one, follow-ups."""

import pytest


@pytest.mark.parametrize(
    "question, conflict_id",
    [
        ("how many days until my account is really closed", "closure-timing"),
        ("I regret submitting the closure, can I cancel it", "closure-reversal"),
        ("can I sign up again using my old email address", "email-reuse"),
    ],
)
def test_conflict_flag_on(assistant, kb, question, conflict_id):
    reply = assistant.ask(question)
    assert [c["id"] for c in reply.conflicts] == [conflict_id]
    conflict = reply.conflicts[0]
    assert {c["source"] for c in conflict["claims"]} == set(kb.sources)
    # the answer text itself states both sides and names each source
    for claim in conflict["claims"]:
        assert claim["statement"] in reply.answer
        assert claim["source_name"] in reply.answer


@pytest.mark.parametrize(
    "question",
    [
        "what happens to my VIP level when I close",
        "are my api keys revoked",
        "do unpaid referral commissions get lost",
        "do I need to cancel open orders",
    ],
)
def test_conflict_flag_off_where_sources_agree_or_one_speaks(assistant, question):
    reply = assistant.ask(question)
    assert not reply.fallback
    assert reply.conflicts == []


def test_reply_names_sources_and_not_binance(assistant, kb):
    reply = assistant.ask("do I need to redeem my staking before closing")
    assert reply.sources
    assert {s["id"] for s in reply.sources} <= set(kb.sources)
    assert all(s["section"] for s in reply.sources)
    assert "not from Binance" in reply.notice


def test_two_questions_in_one_message(assistant):
    reply = assistant.ask("what happens to my NFTs, and how long is my data kept?")
    ids = [e["id"] for e in reply.entries]
    assert ids == ["nfts", "data-retention"]
    assert "5 years" in reply.answer and ("Ethereum" in reply.answer or "BSC" in reply.answer)


def test_each_question_of_a_numbered_list_is_answered(assistant):
    reply = assistant.ask("Two things: 1) how to close my account 2) can I still download my trade history afterwards")
    assert [e["id"] for e in reply.entries] == ["closure-steps", "export-history"]
    # numbered steps of a plan, or reasons, ask nothing each: the question after them is the message's
    plan = assistant.ask("My plan: 1) sell all coins 2) withdraw to bank 3) delete account. How do I do step 3?")
    assert plan.entry["id"] == "closure-steps"


def test_follow_up_uses_previous_entry(assistant):
    first = assistant.ask("how long do they keep my personal data after closing")
    assert first.entry["id"] == "data-retention"
    alone = assistant.ask("why?")
    follow = assistant.ask("why?", after=first.entry["id"])
    assert alone.fallback
    assert not follow.fallback and follow.entry["id"] == "data-retention"


def test_follow_up_with_its_own_topic(assistant):
    reply = assistant.ask("and my NFTs?", after="vip-status")
    assert reply.entry["id"] == "nfts"


def test_follow_up_does_not_rescue_out_of_scope(assistant):
    reply = assistant.ask("what is bitcoin halving", after="closure-duration")
    assert reply.fallback


def test_close_runner_up_is_suggested(kb, engine):
    from bot.matching.engine import Engine, EngineConfig

    decided = engine.decide("email after closing")
    related = set(kb.entries[decided.entries[0]].related)
    runners_up = [s for s in decided.suggestions if s not in related]
    assert runners_up, "a close runner-up, not only related entries, is offered"
    without = Engine(EngineConfig(suggest_within=-1.0)).fit(kb).decide("email after closing")
    assert not set(runners_up) & set(without.suggestions)


def test_empty_message_is_rejected(assistant):
    with pytest.raises(ValueError):
        assistant.ask("   ")


def test_two_topics_joined_by_and_my(assistant):
    reply = assistant.ask("what happens to my NFTs and my VIP status")
    assert [e["id"] for e in reply.entries] == ["nfts", "vip-status"]


def test_one_question_with_and_is_not_split(assistant):
    reply = assistant.ask("how do I close my account and delete it for good")
    assert len(reply.entries) == 1


def test_off_topic_message_after_an_answer_is_not_taken_as_a_follow_up(assistant):
    assert assistant.ask("recipe for pancakes", after="nfts").fallback is True
    assert assistant.ask("why so long?", after="data-retention").entry["id"] == "data-retention"


def test_reply_cache_returns_what_matching_returns(engine):
    from bot.replies.assistant import Assistant

    cached = Assistant(engine)
    uncached = Assistant(engine, cache_size=0)
    for question, after in [
        ("how long does closure take", None),
        ("why so long?", "data-retention"),
        ("why so long?", None),
    ]:
        first = cached.ask(question, after=after)
        again = cached.ask(f"  {question} ", after=after)
        assert first.to_dict() == again.to_dict() == uncached.ask(question, after=after).to_dict()
    assert cached.cache_info().hits == 3
    assert uncached.cache_info().hits == 0


def test_chinese_reply_shows_the_conflict_and_suggestions_in_chinese(assistant, kb):
    reply = assistant.ask("注销账户要多久")
    [conflict] = reply.conflicts
    assert conflict["summary"] == kb.conflicts["closure-timing"].summary_zh
    assert all(c["statement"] for c in conflict["claims"]) and "7 天" in conflict["claims"][0]["statement"]
    assert "来源说法不一致：" in reply.answer
    zh_questions = {e.question_zh for e in kb.entries.values()}
    assert reply.suggestions and set(reply.suggestions) <= zh_questions
    english = assistant.ask("how long does closure take")
    assert english.conflicts[0]["summary"] == kb.conflicts["closure-timing"].summary
