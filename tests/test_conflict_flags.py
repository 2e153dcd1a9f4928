"""A conflict is flagged where the question touches the claims it concerns, and not elsewhere."""

import pytest
from kbfiles import edit, problems_of


def flags(assistant, question, after=None):
    return [c["id"] for c in assistant.ask(question, after=after).conflicts]


@pytest.mark.parametrize(
    "question, entry_id, conflict_id",
    [
        # the entry's own question is the disputed point: a plain question gets the flag
        ("how long does closure take", "closure-duration", "closure-timing"),
        ("注销账户要多久", "closure-duration", "closure-timing"),
        ("can I undo my account closure", "cancel-closure-request", "closure-reversal"),
        ("可以取消注销吗", "cancel-closure-request", "closure-reversal"),
        ("can I reuse my old email for a new binance account", "reregister-same-email", "email-reuse"),
        ("同一个邮箱能重新注册吗", "reregister-same-email", "email-reuse"),
        # a question about one claim linked to a conflict
        ("Can I download my history while the status shows Closing?", "export-history", "closure-timing"),
        ("注销期间还能下载交易记录吗", "export-history", "closure-timing"),
        ("when do trade notification emails stop after closure", "notifications", "closure-timing"),
        (
            "what happens to my referral commission if I close during the cooling-off period",
            "referral-commissions",
            "closure-timing",
        ),
        ("撤销注销申请后API密钥会恢复吗", "api-keys", "closure-reversal"),
        # the disputed week named in Chinese
        ("注销后7天内还能恢复吗", "reopen-closed-account", "closure-reversal"),
        # which of the two claims holds, asked of them
        (
            "one article says 7 days and the other says a few hours, which is accurate?",
            "closure-duration",
            "closure-timing",
        ),
    ],
)
def test_flag_on_where_the_question_touches_the_claim(assistant, question, entry_id, conflict_id):
    reply = assistant.ask(question)
    assert reply.entry["id"] == entry_id
    assert conflict_id in [c["id"] for c in reply.conflicts]


@pytest.mark.parametrize(
    "question, entry_id",
    [
        ("How do I export my transaction history?", "export-history"),
        ("注销前怎么导出交易记录", "export-history"),
        ("are my api keys revoked", "api-keys"),
        ("注销后API密钥会失效吗", "api-keys"),
        ("Do I lose unpaid referral commission when I close?", "referral-commissions"),
        ("注销后推荐返佣还能拿到吗", "referral-commissions"),
        ("Can I create a new account after closing?", "reregister"),
        ("注销后能再开新账户吗", "reregister"),
        ("Do I get a confirmation email?", "confirmation-email"),
        ("what are the steps to close my binance account", "closure-steps"),
    ],
)
def test_flag_off_where_the_question_asks_about_another_claim(assistant, question, entry_id):
    reply = assistant.ask(question)
    assert reply.entry["id"] == entry_id
    assert reply.conflicts == []
    assert "Sources disagree" not in reply.answer and "来源说法不一致" not in reply.answer


def test_the_entry_answer_names_both_sides_even_without_the_flag(assistant):
    reply = assistant.ask("Can I create a new account after closing?")
    assert "365" in reply.answer and "kdj.com" in reply.answer and "closure guide" in reply.answer


def test_a_question_touching_a_second_conflict_gets_both(assistant):
    assert flags(assistant, "how long does closure take, and can I still cancel it while it says Closing") == [
        "closure-timing",
        "closure-reversal",
    ]


def test_each_part_of_a_two_question_message_keeps_its_own_flags(assistant):
    reply = assistant.ask("how long does closure take and are my api keys revoked?")
    assert [e["id"] for e in reply.entries] == ["closure-duration", "api-keys"]
    assert [c["id"] for c in reply.conflicts] == ["closure-timing"]
    reply = assistant.ask("are my api keys revoked? what happens to my VIP status")
    assert [e["id"] for e in reply.entries] == ["api-keys", "vip-status"]
    assert reply.conflicts == []


def test_follow_up_is_judged_on_its_own_words(assistant):
    assert flags(assistant, "with the same email address?", after="reregister") == ["email-reuse"]


def test_flags_are_data_driven(kb):
    flags_of = kb.conflict_flags
    assert flags_of.subjects["closure-duration"] == {"closure-timing"}
    assert flags_of.subjects["cancel-closure-request"] == {"closure-reversal"}
    assert flags_of.subjects["reregister-same-email"] == {"email-reuse"}
    assert flags_of.subjects["reregister"] == set()
    # cues match folded text: case and width do not matter, each variant is listed
    assert flags_of.touched("Same E-Mail?", ["email-reuse"]) == ["email-reuse"]
    assert flags_of.touched("ＥＭＡＩＬ", ["email-reuse"]) == ["email-reuse"]
    assert flags_of.touched("原来的邮箱", ["email-reuse"]) == ["email-reuse"]
    assert flags_of.touched("what happens to my VIP level", ["email-reuse", "closure-timing"]) == []
    # not the matcher's synonyms: revoked API keys are not an undone request, closing is not "Closing"
    assert flags_of.touched("are my api keys revoked", ["closure-reversal"]) == []
    assert flags_of.touched("export before closing", ["closure-timing"]) == []
    assert flags_of.touched('my account shows "Closing"', ["closure-timing"]) == ["closure-timing"]
    # without the message every conflict of the entry is shown, as before
    assert flags_of.shown(kb.entries["api-keys"], None) == ["closure-reversal"]


def test_compose_takes_one_message_part_per_entry(kb):
    from bot.replies import compose

    entries = [kb.entries["api-keys"], kb.entries["export-history"]]
    reply = compose.answer(
        kb, entries, 0.9, [], "en", ["if I cancel the request, do my keys come back", "how do I export"]
    )
    assert [c["id"] for c in reply.conflicts] == ["closure-reversal"]
    assert compose.answer(kb, entries, 0.9, [], "en").conflicts != []


def test_entry_listing_a_conflict_needs_a_claim_linked_to_it(kb_copy):
    def unlink(d):
        for claim in d["entries"][0]["claims"]:
            claim.pop("conflict", None)

    edit(kb_copy / "entries/timing.yaml", unlink)
    message = problems_of(kb_copy)
    assert "timing.yaml: entries[closure-duration].conflicts: no claim of this entry names conflict" in message


def test_claim_naming_a_conflict_the_entry_does_not_list(kb_copy):
    edit(kb_copy / "entries/timing.yaml", lambda d: d["entries"][0]["claims"][0].__setitem__("conflict", "email-reuse"))
    assert "claims[0].conflict: 'email-reuse' is not in the entry's conflicts" in problems_of(kb_copy)


def test_conflict_without_cues_is_refused(kb_copy):
    edit(kb_copy / "conflicts.yaml", lambda d: d["conflicts"][0].__setitem__("cues", []))
    assert "conflicts.yaml: conflicts[closure-timing].cues:" in problems_of(kb_copy)
    edit(
        kb_copy / "conflicts.yaml",
        lambda d: (d["conflicts"][0].__setitem__("cues", ["days"]), d["conflicts"][0].pop("cues_zh")),
    )
    assert "conflicts.yaml: conflicts[closure-timing].cues_zh:" in problems_of(kb_copy)


def test_every_linked_conflict_is_shown_with_its_cues_and_on_a_plain_question_only_for_its_subject(kb):
    flags_of = kb.conflict_flags
    for entry in kb.entries.values():
        for cid in entry.conflicts:
            conflict = kb.conflicts[cid]
            for cue in [*conflict.cues, *conflict.cues_zh]:
                assert cid in flags_of.shown(entry, f"{entry.question} {cue}"), (entry.id, cue)
        for question in (entry.question, entry.question_zh):
            expected = [cid for cid in entry.conflicts if cid in flags_of.subjects[entry.id]]
            assert flags_of.shown(entry, question) == expected, (entry.id, question)


@pytest.mark.parametrize(
    "question",
    [
        "注销后API密钥会被撤销吗？",
        "do I need to cancel my API keys before closing?",
        "Are my API keys revoked when I close?",
    ],
)
def test_revoking_api_keys_is_not_withdrawing_the_request(assistant, question):
    reply = assistant.ask(question)
    assert reply.entry["id"] == "api-keys" and reply.conflicts == []


@pytest.mark.parametrize(
    "question, flagged",
    [
        ("can I still download my history during the waiting period?", True),
        ("Submitted my closure yesterday, can I still export a CSV of my trades?", True),
        ("我已提交注销，现在还能导出交易记录吗", True),
        # past the disputed stage both sources agree the data is gone: no flag
        ("Can I get my records for taxes after the waiting period?", False),
        ("冷静期结束后还能下载交易记录吗", False),
    ],
)
def test_a_question_placed_after_the_disputed_stage_is_not_flagged(assistant, question, flagged):
    reply = assistant.ask(question)
    assert reply.entry["id"] == "export-history"
    assert bool(reply.conflicts) is flagged


def test_settled_phrases_do_not_turn_off_an_entrys_own_subject(kb):
    flags_of = kb.conflict_flags
    entry = kb.entries["closure-duration"]
    assert flags_of.touched("after the waiting period, how long until it is final?", ["closure-timing"]) == []
    assert flags_of.shown(entry, "after the waiting period, how long until it is final?") == ["closure-timing"]


@pytest.mark.parametrize(
    "question, flagged",
    [
        ("can I use my old phone number for a new account", False),
        ("注销后手机号会释放吗", False),
        ("can I reuse my email and phone number for a new account?", True),
        ("注销后邮箱和手机号还能用吗", True),
    ],
)
def test_the_phone_number_beside_the_email_is_not_the_disputed_point(assistant, question, flagged):
    reply = assistant.ask(question)
    assert reply.entry["id"] == "reregister-same-email"
    assert bool(reply.conflicts) is flagged


@pytest.mark.parametrize(
    "entry_id, question, conflict_id",
    [
        # the last moment before the closure is final
        (
            "export-history",
            "When is my last chance to save a CSV of my trades before it all becomes final?",
            "closure-timing",
        ),
        ("export-history", "导出交易记录最晚要在什么时候", "closure-timing"),
        # a request just confirmed or submitted: the sources disagree on what can still be done
        (
            "export-history",
            "I pressed confirm this morning, is grabbing my deposit history still an option?",
            "closure-timing",
        ),
        ("export-history", "申请注销后还能把历史记录导出来吗", "closure-timing"),
        ("referral-commissions", "are commissions still paid out while my account is being closed?", "closure-timing"),
        ("notifications", "after I confirmed the closure, how soon do the trade alerts stop?", "closure-timing"),
        # the "Closing" status, and taking the request back, for a neighbouring entry
        ("api-keys", "my status shows Closing - can my bot still trade through the API?", "closure-reversal"),
        ("api-keys", "if I call off the closure, can I reactivate my API keys?", "closure-reversal"),
        ("api-keys", "账户注销中的时候API密钥还有效吗", "closure-reversal"),
        ("api-keys", "冷静期里API还能用吗", "closure-reversal"),
        # the account described as closing, and the moment of confirming
        ("notifications", "do trade e-mails keep coming while my account is closing?", "closure-timing"),
        ("referral-commissions", "is commission still unsettled when I confirm the closure lost?", "closure-timing"),
        # indirect wordings of the e-mail point
        ("reregister", "is my hotmail address banned for a year once I close?", "email-reuse"),
        ("reregister", "can I reuse my old address to register again?", "email-reuse"),
        ("reregister", "注销后原来的邮件地址会被封禁一年吗", "email-reuse"),
        # when one may come back at all: at closure, after 365 days or never, as the sources have it
        ("reregister", "can i make a new one later", "email-reuse"),
        ("reregister", "how soon can I sign up again?", "email-reuse"),
        ("reregister", "so I can never open another account?", "email-reuse"),
        ("reregister", "以后还能重新注册吗", "email-reuse"),
    ],
)
def test_indirect_wordings_touch_the_disputed_point(kb, entry_id, question, conflict_id):
    assert conflict_id in kb.conflict_flags.shown(kb.entries[entry_id], question)


@pytest.mark.parametrize(
    "entry_id, question",
    [
        ("export-history", "what file format does the history export use?"),
        ("export-history", "should I download my history before I submit the request?"),
        ("export-history", "导出的历史记录是什么格式"),
        ("api-keys", "should I delete my API keys before closing?"),
        ("api-keys", "注销前要先删除API密钥吗"),
        ("notifications", "will Binance keep sending me emails after I close?"),
        ("notifications", "注销后还会收到币安的邮件吗"),
        # past the disputed stage the sources agree again, for the withdrawal dispute too
        ("api-keys", "once the cooling-off is over, can I reactivate my API keys?"),
        ("api-keys", "冷静期结束后API密钥还能恢复吗"),
        # reusing something other than the e-mail is not the e-mail dispute
        ("reregister-same-email", "can I reuse my phone number after closing?"),
        ("reregister", "can I reuse my referral code on a new account?"),
        # a time said of the closure or of the phone number is not when one may come back
        ("reopen-closed-account", "my account was closed months ago, can it be reactivated?"),
        ("reregister-same-email", "注销以后我的手机号会被释放吗"),
    ],
)
def test_neighbouring_questions_stay_unflagged(kb, entry_id, question):
    assert kb.conflict_flags.shown(kb.entries[entry_id], question) == []


@pytest.mark.parametrize(
    "entry_id, question, flagged",
    [
        ("reregister", "can I make a new account with a different email after closing?", False),
        ("reregister", "注销后可以用别的邮箱注册新账户吗", False),
        ("reregister-same-email", "do I have to sign up with another email address?", False),
        ("reregister-same-email", "一定要换个邮箱才能重新注册吗", False),
        # the same e-mail beside a different one is still the disputed point
        ("reregister", "must I use a different email, or can I keep the same email?", True),
        ("reregister-same-email", "要换新邮箱，还是原邮箱也能用", True),
    ],
)
def test_a_cue_inside_a_neighbouring_phrase_does_not_count(kb, entry_id, question, flagged):
    assert bool(kb.conflict_flags.shown(kb.entries[entry_id], question)) is flagged


@pytest.mark.parametrize(
    "question, entry_id, flagged",
    [
        (
            "What's the last moment I can export my trade history before the closure becomes final?",
            "export-history",
            True,
        ),
        ("账户显示注销中的时候还能导出历史记录吗", "export-history", True),
        ("do I keep getting trade alert emails during the cooling-off period?", "notifications", True),
        ("what happens to my NFTs when I close", "nfts", False),
        ("VIP等级会转到新账户吗", "vip-status", False),
        ("冷静期结束后还能拿到交易记录吗", "export-history", False),
    ],
)
def test_replies_carry_the_flag_exactly_where_the_question_touches_it(assistant, question, entry_id, flagged):
    reply = assistant.ask(question)
    assert reply.entry["id"] == entry_id
    assert bool(reply.conflicts) is flagged


@pytest.mark.parametrize(
    "question, flagged",
    [
        ("can I still sign in while my account shows Closing?", True),
        ("提交注销申请后还能登录吗", True),
        ("why does login say Account not found after my account was closed?", False),
        ("注销后登录显示什么", False),
    ],
)
def test_using_the_account_before_the_closure_is_complete_is_the_timing_dispute(kb, question, flagged):
    entry = kb.entries["login-after-closure"]
    assert bool(kb.conflict_flags.shown(entry, question)) is flagged
    assert "Closing" in entry.answer and "Account not found" in entry.answer


@pytest.mark.parametrize(
    "entry_id, question, expected",
    [
        # bringing the account back during the cooling-off period is taking the request back
        ("reopen-closed-account", "can I recover my account during the cooling-off period?", ["closure-reversal"]),
        ("reopen-closed-account", "账户还在注销中，能恢复吗", ["closure-reversal"]),
        ("reopen-closed-account", "can I reopen my account after it is closed?", []),
        ("reopen-closed-account", "注销后能恢复账户吗", []),
        # the steps entry: what follows the confirmation
        (
            "closure-steps",
            "I went through the steps and hit confirm by mistake, can I call it off?",
            ["closure-timing", "closure-reversal"],
        ),
        ("closure-steps", "注销中能不能取消", ["closure-timing", "closure-reversal"]),
        # saved addresses are erased when the closure is completed, and the sources date that differently
        ("saved-addresses", "until when can I copy my whitelisted addresses?", ["closure-timing"]),
        ("saved-addresses", "提币地址最晚什么时候要保存下来", ["closure-timing"]),
        ("saved-addresses", "how late can I still copy my whitelisted addresses?", ["closure-timing"]),
        ("saved-addresses", "最迟哪天要把提币地址存下来", ["closure-timing"]),
        ("saved-addresses", "are my saved addresses deleted when I close?", []),
        ("saved-addresses", "注销后提币地址会删除吗", []),
    ],
)
def test_entries_beside_the_disputed_stage_flag_it_only_when_asked(kb, entry_id, question, expected):
    entry = kb.entries[entry_id]
    assert kb.conflict_flags.shown(entry, question) == expected
    for cid in expected:
        assert any(claim.conflict == cid for claim in entry.claims)


@pytest.mark.parametrize(
    "entry_id, question, expected",
    [
        ("notifications", "do the trade e-mails stop as soon as I tap confirm?", ["closure-timing"]),
        ("export-history", "straight after I close, is the CSV download still there?", ["closure-timing"]),
        ("export-history", "提交以后还能下载交易记录吗", ["closure-timing"]),
        ("cancel-closure-request", "can I put it on hold for a while?", ["closure-reversal"]),
        ("api-keys", "先不注销的话API密钥能恢复吗", ["closure-reversal"]),
        # once the cooling-off is over, in other words, both sources agree again
        ("export-history", "once the 7 days are up, can I still download the CSV?", []),
        ("export-history", "冷静期过后还能导出交易记录吗", []),
        ("reopen-closed-account", "冷静期过后还能恢复账户吗", []),
        ("api-keys", "my account was closed for good last month, can I reactivate the API keys?", []),
    ],
)
def test_the_moment_of_confirming_and_the_end_of_the_cooling_off(kb, entry_id, question, expected):
    assert kb.conflict_flags.shown(kb.entries[entry_id], question) == expected


@pytest.mark.parametrize(
    "question, expected",
    [
        ("Closing状态对我的API密钥意味着什么", ["closure-reversal"]),
        ("账户状态是Closing，API还能调用吗", ["closure-reversal"]),
        ("what does Closing mode mean for my API keys?", ["closure-reversal"]),
        ("注销前API密钥要删吗", []),
    ],
)
def test_the_closing_status_named_in_english_inside_a_chinese_question(kb, question, expected):
    assert kb.conflict_flags.shown(kb.entries["api-keys"], question) == expected


@pytest.mark.parametrize(
    "entry_id, question",
    [
        # "cancel my account" asks to close it, not to take a request back
        ("closure-steps", "how do I cancel my binance account? I want to cancel it today"),
        ("closure-steps", "pls cancle my acount"),
        # a closed account, a finished closure: past the disputed stage
        ("reopen-closed-account", "how do I reactivate my closed account"),
        ("reopen-closed-account", "can a finished closure be reversed"),
        # a CSV the user asked for is not a closure request
        ("export-history", "I requested a CSV export of my trades, where do I find it?"),
    ],
)
def test_close_wordings_that_are_not_the_disputed_point(kb, entry_id, question):
    assert kb.conflict_flags.shown(kb.entries[entry_id], question) == []


def test_no_linked_conflict_is_flagged_on_a_phrasing_of_its_own_entry_past_the_disputed_stage(kb):
    flags_of = kb.conflict_flags
    entry = kb.entries["reopen-closed-account"]
    assert [p for p in entry.phrasings if "closure-reversal" in flags_of.shown(entry, p)] == []


@pytest.mark.parametrize(
    "question, flagged",
    [
        # until the cooling-off ends is inside the disputed stage; once it has ended is past it
        ("does my CSV stay available until the cooling-off ends?", True),
        ("冷静期结束前还能导出吗", True),
        ("once the cooling-off has ended, can I still get my records?", False),
        ("after a week can I still download my trades?", False),
        ("冷静期结束了还能导出吗", False),
        ("7天之后还能下载交易记录吗", False),
    ],
)
def test_until_the_end_of_the_cooling_off_and_after_it(kb, question, flagged):
    assert bool(kb.conflict_flags.shown(kb.entries["export-history"], question)) is flagged


@pytest.mark.parametrize(
    "entry_id, question, expected",
    [
        # a closure that is still pending is inside the disputed stage
        ("notifications", "will trade alert emails keep coming while my closure is pending?", ["closure-timing"]),
        ("export-history", "can I still export my trades while the request is pending?", ["closure-timing"]),
        # a commission that is pending is not a pending closure
        ("referral-commissions", "what happens to pending referral commissions when I close?", []),
        # confirming or submitting from now on is the moment the timing dispute starts at
        (
            "referral-commissions",
            "if I confirm closure today, is the referral payout still due paid?",
            ["closure-timing"],
        ),
        ("saved-addresses", "if I submit the closure now, when are my saved addresses erased?", ["closure-timing"]),
        # Chinese: the cooling-off said to be over is past the disputed stage, inside it is not
        ("export-history", "冷静期已经过了，还能导出交易记录吗", []),
        ("export-history", "冷静期过去了还能下载交易记录吗", []),
        ("export-history", "冷静期里还能导出交易记录吗", ["closure-timing"]),
    ],
)
def test_pending_closures_confirming_from_now_and_a_cooling_off_that_is_over(kb, entry_id, question, expected):
    assert kb.conflict_flags.shown(kb.entries[entry_id], question) == expected


@pytest.mark.parametrize(
    "question, expected",
    [
        # being free to use again is said of the phone number here, which the sources do not dispute
        ("will the phone number on my closed account be free to use again?", []),
        ("注销后我的手机号还能再用吗", []),
        # the e-mail, named, is the disputed point
        ("will my email be free to use again after closing?", ["email-reuse"]),
        ("注销后我的邮箱还能再用吗", ["email-reuse"]),
    ],
)
def test_being_free_to_use_again_is_the_dispute_only_for_the_email(kb, question, expected):
    assert kb.conflict_flags.shown(kb.entries["reregister-same-email"], question) == expected


@pytest.mark.parametrize(
    "question, expected",
    [
        ("my account was closed weeks ago, can I still download my trade history?", []),
        ("my account got closed a while back, can I get my trades for taxes?", []),
        ("the cooling-off ended last night, can I still get my records?", []),
        ("the waiting period ended, is the CSV still there?", []),
        ("冷静期已经过了，还能导出交易记录吗", []),
        # still inside the disputed stage
        ("I asked to close two weeks ago and it still shows Closing, can I download my history?", ["closure-timing"]),
    ],
)
def test_a_closure_ended_weeks_ago_or_a_wait_that_ended_is_past_the_disputed_stage(kb, question, expected):
    assert kb.conflict_flags.shown(kb.entries["export-history"], question) == expected


@pytest.mark.parametrize(
    "first, second",
    [
        # a deadline told first, then whether the closure will be over by it: the timing the sources dispute
        ("how do I close my account? I start a new job on Monday", "will it be finished by then?"),
        ("how do I close my Binance account", "can it be done in time for my move?"),
    ],
)
def test_a_deadline_asked_of_the_closure_flags_the_timing(assistant, first, second):
    previous = assistant.ask(first)
    assert "closure-timing" in flags(assistant, second, after=previous.entry["id"])


@pytest.mark.parametrize(
    "question, expected",
    [
        # whether closing is permanent, asked: whether it can be reversed, which the sources dispute
        ("这个是永久的吗", ["closure-reversal"]),
        ("注销是不是永久的", ["closure-reversal"]),
        ("is closing my binance account permanent?", ["closure-reversal"]),
        ("so it's forever?", ["closure-reversal"]),
        ("is that forever?", ["closure-reversal"]),
        # told as how to close, it asks nothing of the kind
        ("我想永久注销币安账户", []),
        ("how do I permanently delete my binance account", []),
        ("delete my binance account forever", []),
    ],
)
def test_asking_whether_it_is_permanent_flags_the_reversal(kb, question, expected):
    assert kb.conflict_flags.shown(kb.entries["closure-steps"], question) == expected


@pytest.mark.parametrize(
    "first, second, conflict_id",
    [
        # getting the account back, asked right after an answer on closing: the request's stage, disputed
        ("how to close binance", "can i get it back after", "closure-reversal"),
        ("我想注销币安", "可以恢复吗", "closure-reversal"),
        # a new account, asked right after an answer on closing: when one may come back, which the e-mail decides
        ("how do i close my binance account", "could i make a new account after", "email-reuse"),
        ("怎么注销币安账户", "还能重新注册吗", "email-reuse"),
    ],
)
def test_words_that_touch_a_disputed_point_only_in_a_conversation(assistant, first, second, conflict_id):
    previous = assistant.ask(first)
    assert conflict_id in flags(assistant, second, after=previous.entry["id"])


def test_in_session_words_count_only_in_a_follow_up_and_not_past_the_disputed_stage(kb):
    flags_of, reopen = kb.conflict_flags, kb.entries["reopen-closed-account"]
    assert flags_of.shown(reopen, "can i get it back after", in_session=True) == ["closure-reversal"]
    # alone, getting a closed account back may be asked of one closed long ago, where the sources agree
    assert flags_of.shown(reopen, "can i get it back after") == []
    assert flags_of.shown(reopen, "my account was closed months ago, can i get it back", in_session=True) == []
    # a neighbouring point the sources do not dispute: the phone number, for a new account
    same_email = kb.entries["reregister-same-email"]
    assert "email-reuse" not in flags_of.shown(
        same_email, "what about my phone number? could I use it for a new account", in_session=True
    )
