"""Answers, claims and conflicts say what the sources say, cite the parts that say it, and copy no sentences."""

import re
from pathlib import Path

import pytest

SEEDS = Path(__file__).resolve().parents[2] / "shared" / "seeds"


def sentence_with(text, word):
    """The sentence of `text` that contains `word` (a full stop and a space, or "。", ends a sentence)."""
    return next(s for s in re.split(r"(?<=\.)\s+|(?<=。)", " ".join(text.split())) if word in s)


def parts(claims, source=None):
    return {c.part for c in claims if source is None or c.source == source}


# ---- statements the sources do not support ------------------------------------------------------


def test_closure_duration_attributes_each_timing_to_its_source(kb):
    entry = kb.entries["closure-duration"]
    assert "Both agree" not in entry.answer and "都认为" not in entry.answer_zh
    assert "closure guide" in sentence_with(entry.answer, "no operations")
    assert "closure guide" in sentence_with(entry.answer, "regulatory")
    assert "注销指南" in sentence_with(entry.answer_zh, "监管")
    kdj = sentence_with(entry.answer, "7-day")
    assert "kdj.com" in entry.answer and all(w in kdj for w in ("reversed", "CSV", "e-mails"))
    assert all(w in entry.answer_zh for w in ("撤销", "CSV", "邮件"))
    assert {"steps-5", "summary-zh", "data-1", "data-4"} <= parts(entry.claims, "kdj")


def test_reversal_conflict_cites_the_guide_parts_that_say_it(kb):
    conflict = kb.conflicts["closure-reversal"]
    guide = {c.part: c.statement for c in conflict.claims if c.source == "guide"}
    assert set(guide) == {"steps-3", "steps-6", "faq-1"}
    assert "irreversible" in guide["steps-3"] and "queue" in guide["steps-6"] and "Closing" in guide["faq-1"]
    assert {"steps-5", "summary-zh"} == parts(conflict.claims, "kdj")


def test_where_close_option_says_only_what_the_guide_says_about_the_label(kb):
    entry = kb.entries["where-close-option"]
    assert "simply varies" not in entry.answer and "same option" not in entry.answer
    assert "同一个选项" not in entry.answer_zh
    assert 'some versions may show the option as "Deactivate Account"' in entry.answer


def test_email_block_is_shown_as_the_page_has_it(kb):
    kdj = next(c for c in kb.conflicts["email-reuse"].claims if c.source == "kdj")
    assert '"permanently"' in kdj.statement and '"for 365 days"' in kdj.statement
    assert "permanently" in kdj.statement_zh and "365" in kdj.statement_zh
    for entry_id in ("reregister", "reregister-same-email"):
        entry = kb.entries[entry_id]
        assert '"permanently"' in entry.answer and "365" in entry.answer, entry_id
        assert "permanently" in entry.answer_zh, entry_id


def test_the_phone_number_is_released_by_step_3_and_only_the_email_is_reusable(kb):
    for entry in [kb.entries["reregister"], kb.entries["reregister-same-email"], kb.conflicts["email-reuse"]]:
        assert not any("phone" in c.statement for c in entry.claims if c.part == "reregistering"), entry.id
    same = kb.entries["reregister-same-email"]
    assert any("phone" in c.statement for c in same.claims if c.part == "steps-3")
    assert "only of the e-mail" in same.answer and "只说邮箱" in same.answer_zh


def test_closure_timing_final_claim_cites_the_summary_not_step_5(kb):
    kdj = {c.part: c.statement for c in kb.conflicts["closure-timing"].claims if c.source == "kdj"}
    assert "permanent" in kdj["summary-zh"] and '"once finalized"' in kdj["faq-1"]
    assert "final" not in kdj["steps-5"].replace("final confirmation", "")


@pytest.mark.parametrize(
    "entry_id, gone, kept",
    [
        ("cancel-closure-request", ["support tells you", "客服另有说明"], []),
        ("data-retention", ["For a while", "by you", "会保留一段时间", "你本人"], ["up to 5 years"]),
        ("earn-staking", ["means giving up", "意味着要放弃"], ["may cost part of the yield"]),
        ("reregister-same-email", ["so they can be used"], []),
    ],
)
def test_overstatements_are_gone(kb, entry_id, gone, kept):
    entry = kb.entries[entry_id]
    for text in gone:
        assert text not in entry.answer and text not in entry.answer_zh, text
    for text in kept:
        assert text in entry.answer, text


def test_withdrawal_limits_and_fees_are_the_kdj_pages_alone(kb):
    entry = kb.entries["withdraw-remaining"]
    said = sentence_with(entry.answer, "limits")
    assert said.startswith("Only the kdj.com article") and "fee" in said and "closure guide gives neither" in said
    assert "只有" in sentence_with(entry.answer_zh, "限额")


def test_export_history_warns_that_the_guide_allows_nothing_while_closing(kb):
    entry = kb.entries["export-history"]
    assert entry.answer.startswith("Export your history before you submit")
    assert "no operations" in entry.answer and "不允许任何操作" in entry.answer_zh
    assert entry.conflicts == ["closure-timing"]


@pytest.mark.parametrize(
    "entry_id, conflict_id",
    [
        ("export-history", "closure-timing"),
        ("notifications", "closure-timing"),
        ("referral-commissions", "closure-timing"),
        ("api-keys", "closure-reversal"),
    ],
)
def test_timing_and_reversal_are_linked_where_they_change_what_to_do(kb, entry_id, conflict_id):
    entry = kb.entries[entry_id]
    assert conflict_id in entry.conflicts
    assert any(c.conflict == conflict_id for c in entry.claims)


# ---- gaps ----------------------------------------------------------------------------------------


def test_no_one_click_deletion_has_an_entry(kb, assistant):
    entry = kb.entries["one-click-deletion"]
    assert ("guide", "requirements") in {(c.source, c.part) for c in entry.claims}
    assert assistant.ask("is there a one-click way to delete my binance account").entry["id"] == "one-click-deletion"
    assert assistant.ask("币安有一键删除账户吗").entry["id"] == "one-click-deletion"


def test_the_chinese_summary_is_cited_where_it_is_the_source(kb):
    citing = {e.id for e in kb.entries.values() if "summary-zh" in parts(e.claims, "kdj")}
    assert {
        "closure-requirements",
        "zero-balance",
        "kyc-verified",
        "closure-steps",
        "cancel-closure-request",
        "closure-duration",
        "data-retention",
        "export-history",
        "what-is-lost",
    } <= citing
    assert all("summary-zh" in parts(c.claims, "kdj") for c in kb.conflicts.values() if c.id != "email-reuse")


def test_what_is_lost_covers_both_sources(kb):
    entry = kb.entries["what-is-lost"]
    for words in ("commissions", "fee discounts", "staking privileges", "KYC documents"):
        assert words in entry.answer, words
    assert {"faq-2", "faq-4", "summary-zh"} <= parts(entry.claims, "kdj")
    assert any("KYC documents" in c.statement for c in entry.claims if c.part == "consequences")


def test_nfts_entry_carries_the_guides_zero_balance_rule(kb):
    entry = kb.entries["nfts"]
    assert "requirements-1" in parts(entry.claims, "guide") and "zero" in entry.answer and "为零" in entry.answer_zh


# ---- questions that interlock --------------------------------------------------------------------


@pytest.mark.parametrize(
    "question, entry_ids, says",
    [
        (
            "will binance refund my balance when I close my account",
            {"withdraw-remaining"},
            ["not converted or refunded", "at zero"],
        ),
        (
            'Is "Deactivate Account" the closure option?',
            {"where-close-option", "closure-steps"},
            ['"Deactivate Account"', "some versions"],
        ),
        (
            "Can I get my records for taxes after the waiting period?",
            {"export-history"},
            ["Neither source describes a way to obtain records afterwards"],
        ),
        (
            "Do both articles say the daily withdrawal limit is 2 BTC?",
            {"withdrawal-limits"},
            ["According to the kdj.com article", "closure guide gives no figures"],
        ),
        ("注销后账户里的钱会退回吗", {"withdraw-remaining"}, ["不会自动兑换或退还"]),
        # coins left behind, in words the entry's canonical question does not use
        (
            "I left a couple of altcoins in there; are they returned to me once the account is closed?",
            {"withdraw-remaining", "zero-balance"},  # each gives both sides: no refund (kdj), all at zero (guide)
            ["not converted or refunded", "at zero"],
        ),
        ("没提出来的币，注销以后会自动换成钱退给我吗", {"withdraw-remaining"}, ["不会自动兑换或退还"]),
        # the e-mail block asked in everyday words, and the phone number beside it
        ("is my e-mail banned from signing up for good or for one year?", {"reregister-same-email"}, ["365"]),
        ("注销后原来的手机号码还能用吗", {"reregister-same-email"}, ["手机号", "释放"]),
        # a request already submitted: both timings and both sides of the withdrawal
        (
            "I regret submitting the closure request a few days ago, can I still call it off?",
            {"cancel-closure-request"},
            ["7-day"],
        ),
        # history while the request is processed, told the way people tell it: forgot, this morning, by mistake
        (
            "forgot to download my trade history and I sent the closure request this morning, is it too late?",
            {"export-history"},
            ["CSV", "no operations are permitted"],
        ),
        (
            "my account status is Closing now, am I still able to get a CSV of my trades?",
            {"export-history"},
            ["CSV", "no operations are permitted"],
        ),
        ("注销中的账户还能导出交易明细吗", {"export-history"}, ["CSV", "不允许任何操作"]),
        (
            "pressed confirm on the closure by mistake this morning, can it still be reversed?",
            {"cancel-closure-request"},
            ["7-day", "irreversible"],
        ),
        # a single-source fact asked as if both articles said it
        (
            "do both articles say closing must be done from a desktop browser?",
            {"mobile-app"},
            ["desktop browser", "does not mention the app"],
        ),
    ],
)
def test_interlocking_questions(assistant, question, entry_ids, says):
    reply = assistant.ask(question)
    assert reply.entry["id"] in entry_ids
    for text in says:
        assert text in reply.answer, text


def test_the_reversal_answer_gives_the_guides_processing_time_and_queue(kb):
    entry = kb.entries["cancel-closure-request"]
    assert "a few hours to a few days" in entry.answer and "几小时到几天" in entry.answer_zh
    duration = kb.entries["closure-duration"]
    assert "processing queue" in duration.answer and "处理队列" in duration.answer_zh


def test_reusing_the_email_still_starts_a_new_account_from_zero(kb):
    entry = kb.entries["reregister-same-email"]
    assert "VIP level from zero" in entry.answer and "VIP 等级从零开始" in entry.answer_zh


@pytest.mark.parametrize("entry_id", ["withdraw-remaining", "zero-balance", "keep-dormant"])
def test_every_entry_about_what_is_left_says_nothing_is_sent_back(kb, entry_id):
    # "If I leave coins in my account and close it, does Binance send them back?" may reach any of these.
    entry = kb.entries[entry_id]
    assert "not converted or refunded" in entry.answer and "at zero" in entry.answer
    assert "不会" in entry.answer_zh and "退还" in entry.answer_zh and "为零" in entry.answer_zh


def test_lost_authenticator_gets_no_stock_yes(assistant):
    reply = assistant.ask("lost my phone with Google Authenticator, can I still close?")
    assert reply.entry["id"] == "two-factor-auth"
    assert not reply.answer.startswith("Yes") and "Neither source says how to close" in reply.answer


def test_a_break_gets_no_stock_yes(assistant):
    reply = assistant.ask("I just want a break, do I have to delete it?")
    assert reply.entry["id"] == "alternatives" and reply.answer.startswith("The closure guide describes three ways")


# ---- the project's own words ---------------------------------------------------------------------


def _words(text):
    return re.findall(r"[a-z0-9]+(?:'[a-z]+)?", text.lower())


@pytest.mark.skipif(not SEEDS.is_dir(), reason="needs ../shared/seeds")
def test_no_run_of_nine_words_is_copied_from_a_source(kb):
    seed = _words(" ".join(p.read_text(encoding="utf-8") for p in SEEDS.glob("*.txt")))
    runs = {tuple(seed[i : i + 9]) for i in range(len(seed) - 8)}
    texts = [(e.id, e.answer) for e in kb.entries.values()]
    texts += [(e.id, c.statement) for e in kb.entries.values() for c in e.claims]
    texts += [(c.id, c.summary) for c in kb.conflicts.values()]
    texts += [(c.id, claim.statement) for c in kb.conflicts.values() for claim in c.claims]
    for where, text in texts:
        words = _words(text)
        copied = [" ".join(words[i : i + 9]) for i in range(len(words) - 8) if tuple(words[i : i + 9]) in runs]
        assert not copied, (where, copied)


def test_the_deactivate_label_is_explained_where_pausing_is_discussed(kb):
    entry = kb.entries["alternatives"]
    # The guide says only that some versions "may" show the option so: the answer keeps the hedge.
    assert "some versions may label the closure option" in entry.answer
    assert "the closure, not one of these pauses" in entry.answer
    assert "可能" in entry.answer_zh and "Deactivate" in entry.answer_zh and "就是注销" in entry.answer_zh


def test_where_close_option_says_kdj_calls_closure_deactivation_without_the_label(kb):
    entry = kb.entries["where-close-option"]
    assert "does not use the label" in entry.answer and "deactivation" in entry.answer
    assert '"Confirm Closure"' in entry.answer and '"Close Account Permanently"' in entry.answer
    cited = {(c.source, c.part) for c in entry.claims}
    assert {("kdj", "withdrawal-1"), ("guide", "steps-6")} <= cited
    assert "deactivation" in entry.answer_zh


def test_reregister_says_the_phone_is_released_but_only_the_email_reusable(kb):
    entry = kb.entries["reregister"]
    assert "phone number is released" in entry.answer and "only of the e-mail" in entry.answer
    assert ("guide", "steps-3") in {(c.source, c.part) for c in entry.claims}
    assert "手机号" in entry.answer_zh and "只说邮箱" in entry.answer_zh


def test_data_retention_says_the_retention_period_is_the_guides_alone(kb):
    entry = kb.entries["data-retention"]
    assert "gives no retention period of its own" in entry.answer
    assert "没有提到任何保留期限" in entry.answer_zh


def test_the_steps_give_each_sources_timing_and_the_leftover_warning(kb):
    entry = kb.entries["closure-steps"]
    assert "7-day" in entry.answer and "a few hours to a few days" in entry.answer
    assert "not converted or refunded" in entry.answer and "不会被自动兑换或退还" in entry.answer_zh
