"""Knowing when it doesn't know: frames, unknown topical words, closure requests in any words, context as a hint."""

from collections import Counter

import pytest

from bot.kb.lexicon import Lexicon
from bot.matching import acting
from bot.matching.relevance import TopicalRelevance

CLOSURE_ENTRIES = {"closure-steps", "closure-requirements", "where-close-option", "mobile-app"}


@pytest.mark.parametrize(
    "question",
    [
        "how long does it take?",  # a question frame and nothing else
        "how long does it take to cook a pizza",  # the frame of an entry, the topic of a kitchen
        "how long should a turkey roast for",
        "is that possible?",
    ],
)
def test_a_question_frame_alone_is_not_enough(assistant, question):
    reply = assistant.ask(question)
    assert reply.fallback, (reply.entry, reply.confidence)


@pytest.mark.parametrize(
    "question",
    [
        "there's a charge on my statement I don't recognise",
        "when does milk expire",
        "my top-up keeps failing in the app",
        "what's the fee for taking cash out of an ATM abroad",
        "好看的韩剧推荐一下",
        "工厂工资多少，有什么要求",
        # closing or deleting something the KB never speaks of
        "delete my exodus wallet",
        "how do I get rid of dust in my keyboard",
        "how do I close a window in windows 11",
        # an account held somewhere else, even in the KB's own words for opening one
        "how do I open a new account at my bank",
        "can I register at the credit union online",
        # the KB's other verbs applied to a thing of its own, closed or not
        "can I reopen a support ticket I closed",
        "how do I recover a folder I deleted",
        "how do I withdraw from my pension fund",
        # undoing a thing the KB knows but never undoes, with no word of closing: the thing, not the closure
        "is there a way to undo an email I sent?",
        "how do I undo a buy order",
        # "需要多久" asks how long, not what is required; "still pending" reports a problem
        "身份证补办需要多久",
        "实名认证需要多长时间",
        "why is my selfie check still pending",
        "my id card verification for the rental app is still pending",
        # another service's account, named in Chinese by an everyday word the KB never uses
        "学校账号怎么注销",
        # a mailbox of one's own and a browser's history are not what the KB speaks of
        "can you close my old e-mail account",
        "how do I get rid of my work email",
        "wipe my browsing history",
        "浏览器记录怎么删",
    ],
)
def test_topical_words_the_kb_never_uses_count_against_answering(assistant, question):
    reply = assistant.ask(question)
    assert reply.fallback, (reply.entry, reply.confidence)
    assert reply.suggestions and ("person" in reply.answer or "人工" in reply.answer)


@pytest.mark.parametrize(
    "question",
    [
        "delete my account",
        "please deactivate my account now",
        "get rid of my account",
        "this exchange is awful, get rid of my account",
        "I'm done with crypto, close my binance",
        "pls delte my acc",
        "that's it, I'm finished with all of it, shut my binance down",
        "帮我注销账户",
        "不想用了，把账号删掉",
        # no closing word: the user says they no longer want to have the account
        "how do I stop having a binance account",
        "不想用币安了，怎么办",
        "pls del my acc now",
        "honestly I just want my account gone",
        "this is my second profile, please remove it",
        # slang and courtesy words carry no topic; 帐号 is another way of writing 账号
        "ngl i just wanna delete my account",
        "帮忙注销帐号",
        "I no longer wish to be a binance customer",
        "how do I deregister my account",
        # another word for the account
        "remove my user account",
        "delete my crypto account",
        "I want to remove my binance",
        # the account gone, or everything closed
        "I want my account and all data gone",
        "make my account disappear",
        # the brand standing for the account
        "please just make my binance disappear",
        "can you make my binance vanish for good",
        "I'm quitting crypto, close everything",
        # leaving the subject, without a closing verb
        "I don't want to use binance anymore",
        "goodbye binance",
        "我不玩币安了",
        # the other platform is only where the user goes
        "quitting binance for okx, how do I delete my account",
        "delete my binance, switching to kraken",
        # a verb before "account closure" does not name whose account it is
        "Do you allow account deletion?",
        "how to initiate account closure",
        # traditional characters
        "幣安帳號怎麼註銷",
        "請幫我刪除帳號",
        # a phrase of leaving that names the subject holds with any of its names
        "I'm through with this exchange",
        "we're done with your platform",
        "我要离开这个交易所",
        # leaving said without a closing verb
        "time to part ways with binance",
        "found a better exchange, I won't be back",
        "honestly binance is not for me anymore",
        "I do not want to keep my binance account",
        "I'm going to stop using binance for good",
        "I never want to log in to binance again",
        # the possessive as some users spell it, and a closing verb misspelt in Chinese
        "pls delete mah account",
        "我想注消账号",
        # "at" says when, not what is closed
        "please have my account deleted at the earliest opportunity",
        # Chinese naming the account first and the verb after it
        "我的币安账号要如何删除",
        "币安账户能不能关掉",
        # more ways of leaving, and a word standing for the account already named
        "me and binance are done",
        "cutting ties with binance today",
        "this account has to go",
        "can I get my binance account removed",
        "I must close mine, new job rules",
        "I have two accounts, please delete the newer one",
        # "how to do it" in Chinese, and a slang for getting rid of it
        "怎么把我的账号弄掉",
        "账号注销怎么弄啊",
        # slang that says what the user is about to do, or wants gone
        # asked whether the account can be closed, in Chinese, the verb alone or after the account
        "币安帐户可以删吗",
        "我的账号可以注销吗？",
        # "from" names where it goes from, not what is closed
        "remove my binance account from existence please",
        # the verb first, with only whose account between; and more verbs and ways of leaving
        "请销毁我的币安帐户",
        "purge my binance account",
        "how do I opt out of binance for good",
        "I want to end my relationship with this exchange",
        "ima remove my binance",
        "need my binance acct gone",
        # txt-speak shortenings of the closing verbs
        "dlt my acct thx",
        "rmv my binance acct",
        "deact my acct now",
        "cls my acct",
        # 币安号: the Binance account named as one's "number"
        "我的币安号不想要了",
        # a threat after the command
        "shut my account down or I will complain to the ombudsman",
        "remove my account or I'm reporting you for a privacy violation",
        "注销我的账户，不然我就去消费者协会投诉",
        # what the user does not want, beside what they do
        "I'm not after a freeze, I want the account gone",
        "not a pause, not a lock, delete the account",
        "我不想冻结，我想注销账号",
        # the frame of a formal letter
        "Dear Binance, I should be grateful if you would arrange for my account to be closed. Yours sincerely",
        "Esteemed team, please proceed with the closure of my account at your earliest convenience.",
        "尊敬的客服：本人特此申请注销账户，请协助办理。",
        # a wish said with "I'd like"
        "Sold everything. Balance is zero. I'd like the account closed.",
        # the account named by what one signs in with
        "deactivate my binance login please",
        "关我的账户，谢谢",
        # greetings and small talk before the question
        "Hello again. Big fan once. Not anymore. How do I delete my account?",
        # urgency before a Chinese command; asking the bot to act, without naming anything else
        "烦死了，立刻删除我的账号",
        "可不可以直接帮我注销",
        # other everyday ways of saying it
        "how would I go about getting rid of my binance account",
        "I'd like my account to cease to exist",
        "i want to be off binance for good",
        "let me out of binance",
        "我想让我的账号消失",
        # a letter's request, and "I'd rather"
        "Dear team, I am writing to formally request the closure of my account. I would appreciate a confirmation.",
        "本人在此申请注销账户，所有资产均已转出。",
        "I could just leave it empty but I'd rather delete the account",
        # 删 before whose account, 停用 and 撤销 with the account, "let's close it", a registration revoked
        "烦死了，马上删我账号",
        "请停用我的账号",
        "撤销我的账号吧",
        "nothing left in there, let's close it",
        "please revoke my registration with binance",
        # an alternative turned down after "not just"; the closure asked for as a thing done to the account
        "I saw the app on my tablet, I'd like to delete the account itself not just uninstall the app",
        "could I have my account closed?",
        # "the platform" is the subject; how closing works is not a thing closed
        "I have decided to discontinue my use of the platform and request that my account be closed.",
        "tell me how closing an account works, I want to close mine",
        # the Chinese wish without its subject, opening the clause after what led to it
        "收到诈骗短信了，想立刻关闭账户",
        # a formal Chinese letter: "solemnly", "kindly", "under my name", the addressee, the honorific "your platform"
        "本人郑重申请关闭名下的币安账户，烦请告知流程。",
        "致币安客服团队：我希望终止使用贵平台并注销账户，请问怎么办理？",
        # impatience and sarcasm in Chinese: "on earth", "for ages", "great job", "OK or not"
        "找了半天都找不到，注销按钮究竟在哪",
        "呵呵，币安真行，到底怎么删号",
        "帮我把账户注销了行不行",
        # "咋整" after the verb asks how, it is no thing closed; the slip "删出" and the pinyin "zhuxiao"
        "这个币安账户我不要了 咋整",
        "我的币安账号怎么删出",
        "币安 zhuxiao 流程",
        # a letter's "effective immediately", a closing "period"; "deadass" only insists; parting ways; a learner's
        # "make cancel of"
        "Cancel my Binance account effective immediately",
        "remove my by nants account period",
        "deadass trying to delete my binance rn how",
        "I think it's time for me and Binance to part ways.",
        "Is possible to make cancel of my binance account? Thank you very much friend",
        "To whom it may concern: I wish to formally terminate my contractual relationship with Binance.",
    ],
)
def test_requests_to_close_are_answered_in_any_register(assistant, question):
    reply = assistant.ask(question)
    assert not reply.fallback, reply.confidence
    assert reply.entry["id"] in CLOSURE_ENTRIES


@pytest.mark.parametrize(
    "question, note",
    [
        ("can you close it for me?", "can't close"),
        ("delete my account", "can't close"),
        ("could you please deactivate my binance account", "can't close"),
        ("帮我注销账户", "无法"),
        # asked as whether the bot is able to, or to do it on its side
        ("would it be possible for you to terminate my account?", "can't close"),
        ("r u able to delete my acc", "can't close"),
        ("just shut my account down from your side", "can't close"),
        ("delete the account yourself please", "can't close"),
        ("u close it, I have no idea how", "can't close"),
        ("could your support team delete my account?", "can't close"),
        ("I am asking you to close my binance account", "can't close"),
        # a greeting before a command that goes on with a second one
        ("hi guys, close my account and send me a receipt", "can't close"),
        # leaving it to the bot in so many words
        ("close my binance account, do it for me", "can't close"),
        ("delete my account please, you do it", "can't close"),
        ("you have my consent to close my account", "can't close"),
    ],
)
def test_a_request_for_the_bot_to_act_says_it_cannot_and_gives_the_steps(assistant, kb, question, note):
    reply = assistant.ask(question)
    assert note in reply.answer.split("\n\n")[0]  # said first, before the steps
    assert reply.entry["id"] in CLOSURE_ENTRIES
    assert "person" in reply.answer or "人工" in reply.answer


@pytest.mark.parametrize(
    "question",
    [
        "after the last update I want my binance account deleted, privacy matters to me",
        "privacy reasons, I'd like my account deleted",
        # the request as a clause of its own after what led to it
        "I registered by accident last week, delete it",
        "moved everything to my ledger, now close binance for me",
        "钱已经全部提走了，现在怎么注销",
        # the reason and the request joined by "and" instead of a comma
        "got phished by a fake giveaway and I'm closing my account, how",
        "the fomo ruined my savings and then I decided to delete my account",
        # a statement before the request is its reason, not a question ("is" only asks at a clause's start)
        "balance is zero, close the account please",
        "i'm tired of the fees, time to close my account",
        # a command that opens the message, followed by a second one
        "Terminate my account and stop emailing me",
        "remove my profile and all my data from binance",
        # the register of a formal letter
        "Dear Sir/Madam, I am writing to formally request the closure of my Binance account effective immediately.",
        "Under GDPR article 17 I request the erasure of my account and personal data.",
        # the reason names what another entry is about; the request ends the message, without its subject
        "the withdrawal limits are a joke, close the entire account",
        "my employer bans crypto exchanges, need it closed",
        # the steps asked for, with what was done first
        "how do I close it now that I've sent my funds to coinbase",
        "how can i close binance since I moved my money to my bank",
        # the same, told first and asked after it
        "sold my coins, now how do I close it?",
        "moved my stuff to a ledger, how do I delete my account next",
        "币都转走了，接下来怎么注销",
        # the wish without its subject after "and"; "instead of" says what the user will not do, not what is closed
        "new phone number, new address, and really just want to delete binance instead of updating everything",
    ],
)
def test_reasons_given_with_a_request_to_close_do_not_make_it_off_topic(assistant, question):
    reply = assistant.ask(question)
    assert not reply.fallback, reply.confidence
    assert reply.entry["id"] in CLOSURE_ENTRIES


def test_at_saying_when_or_naming_this_service_is_not_another_place(assistant):
    for question in (
        "please close my account at once",
        "can I open a new account at the same time",
        "close my account at the moment",
        "close my account at your site",
        "I want to close my account at the app",
    ):
        assert not assistant.ask(question).fallback, question


def test_a_clause_about_someone_elses_account_is_not_a_request(assistant):
    assert assistant.ask("payment bounced after two days, did the recipient close their account?").fallback


def test_a_thing_closed_with_a_reason_or_a_time_is_still_the_account(assistant):
    for question in ("can I close with an active P2P order?", "want to delete binance forever"):
        assert not assistant.ask(question).fallback, question


def test_a_plain_request_goes_to_the_steps_but_a_question_keeps_its_own_entry(assistant):
    assert assistant.ask("ok that's it, I'm leaving binance for good").entry["id"] == "closure-steps"
    assert assistant.ask("how long does closing take").entry["id"] == "closure-duration"
    assert assistant.ask("what happens if I close").entry["id"] == "what-is-lost"


def test_cancelling_the_account_closes_it_but_cancelling_its_deletion_undoes_the_request(assistant):
    assert assistant.ask("cancel my account").entry["id"] == "closure-steps"
    assert assistant.ask("cancel account deletion binance").entry["id"] == "cancel-closure-request"


def test_plain_request_entry_must_exist(kb_copy):
    from bot.kb import loader
    from bot.kb.knowledge import KnowledgeError

    path = kb_copy / "scope.yaml"
    path.write_text(
        path.read_text(encoding="utf-8").replace("  entry: closure-steps\n", "  entry: no-such-entry\n"),
        encoding="utf-8",
    )
    with pytest.raises(KnowledgeError) as info:
        loader.load(kb_copy)
    assert "scope.yaml: plain_request.entry: unknown entry 'no-such-entry'" in info.value.problems


def test_plain_request_alike_entries_must_exist(kb_copy):
    from bot.kb import loader
    from bot.kb.knowledge import KnowledgeError

    path = kb_copy / "scope.yaml"
    text = path.read_text(encoding="utf-8")
    assert "  alike: [closure-requirements," in text
    path.write_text(text.replace("  alike: [closure-requirements,", "  alike: [no-such-entry,"), encoding="utf-8")
    with pytest.raises(KnowledgeError) as info:
        loader.load(kb_copy)
    assert "scope.yaml: plain_request.alike: unknown entry 'no-such-entry'" in info.value.problems


def test_a_question_about_closing_is_not_treated_as_a_request_to_act(assistant):
    for question in (
        "how do I close my account",
        "closing my account, what about my NFTs?",
        "关闭账户后我的数据会保存多久",
    ):
        reply = assistant.ask(question)
        assert "can't close" not in reply.answer and "无法在这个对话中" not in reply.answer, question


@pytest.mark.parametrize(
    "first, second",
    [
        ("can I cancel my closure request", "how do I make banana bread"),
        ("how long does closing take", "how long should rice simmer"),
        ("what happens to my NFTs if I close", "where can I buy cheap concert tickets"),
        ("how long does closing take", "what's the btc price right now"),
        ("注销账户要多久", "红烧肉要炖多久"),
        # everyday words the KB never uses give a short message a topic of its own
        ("What do I lose when I close my Binance account?", "what do I lose if I sell my car"),
        ("Can I download my transaction history before closing?", "how do I download my bank statement"),
        # a feature or a problem of its own, asked without a word of closing, whatever was said before
        ("how long does closing take", "how long does kyc take"),
        ("do I lose my vip level if I close", "how do I get vip"),
        ("what happens to my nfts", "what is an nft exactly"),
        # "the" points back only at a thing the KB speaks of
        ("can I come back later", "can I come to the party later"),
        # an acknowledgement or a mood asks nothing
        ("how do I close my binance account", "ok thanks"),
        ("how do I close my binance account", "you're useless"),
        ("注销账户怎么弄", "好的"),
        ("how long does closing take", "that sucks"),
        ("how do I close my account", "my 2fa code is not working"),
        # "this year" says when, it does not point back; an everyday topic of its own near an out-of-scope example
        ("can I close my account in the app", "which phone should I buy this year"),
        ("how do I close my account", "is binance safe to use at all"),
        # a thing of the user's own that the KB never speaks of, brought up like a follow-up
        ("how do I close my account", "what about my car insurance?"),
        ("what do I lose if I close my account", "what about my dog?"),
        # a problem reported beside a word that only asks what to do, or as the thing brought up
        ("注销要多久", "手机丢了怎么办"),
        # a dummy "it" beside two words the KB never uses leans on nothing
        ("how do I close my account", "is it going to rain later"),
        # small talk addressed to the bot; "这个月" (this month) says when, it does not point back
        ("how do I close my binance account", "how are you doing mate"),
        ("注销要多久", "这个月工资什么时候发"),
        ("how do I close my account", "and my hacked email?"),
        # "these days" says when; the best of a kind asked for in Chinese is a product to get
        ("what do I lose if I close my account", "what's bitcoin actually worth these days?"),
        ("注销前要把币转到外部钱包吗", "哪个钱包最好"),
        ("how do I close my binance account", "有什么好的交易所推荐"),
        # another service brought up asks the previous question of that service
        ("do I lose my VIP level if I close", "what happens to my amazon prime if I move?"),
        # money or coins named after a word that continues are the money's own matter, not what is left in the account
        ("how do I close my binance account", "and how much is 100 euros in dollars?"),
        ("how do I close my binance account", "how about converting my euros to pounds?"),
        ("how do I close my binance account", "and how do I send euros to my sister"),
        ("what do I lose if I close my binance account", "那美元汇率呢"),
        ("how do I close my binance account", "那狗狗币还会涨吗"),
        # the process of closing another thing is that thing's
        ("how long does closing take", "is the closing process of my bank account fast"),
        ("how long does closing take", "is the closing process for my gym membership easy"),
        # whether a thing of its own is a problem
        ("how do I close my binance account", "is that a problem for my visa application?"),
        ("what do I lose if I close my binance account", "my laptop has an issue"),
        # a KB word in another form does not make another thing's question the KB's
        ("how do I close my binance account", "how do I unlock my iphone"),
        ("how do I close my binance account", "my bank transfers are delayed, why"),
        # "it" may point at anything; only a plural pronoun brings the things said before along
        ("how do I close my binance account", "how do I verify it on my new phone"),
        # where to start on a thing of its own
        ("how long does closing take", "how do I start a sourdough starter"),
        ("how do I close my binance account", "where do i start with python"),
        # a thing not found that is the user's own, not what the previous answer pointed to
        ("where is the option to close my account", "i cant find my glasses lol"),
        ("how do I close my binance account", "i cant see the football match on my tv"),
        ("币安注销要多久", "看不到电视剧"),
        # a coin named in a "what about" with a question of its own
        ("how do I close my binance account", "what about bitcoin price"),
        ("how do I close my binance account", "how about doge to the moon lol"),
        # a bare thing of the user's own that the KB never speaks of
        ("how do I close my binance account", "my dog"),
        # currencies or coins set against each other: an exchange's question, whatever was answered before
        ("how do I close my binance account", "how much is 100 euros in dollars"),
        ("do I need to withdraw everything before closing?", "usdt vs usdc which is safer"),
        ("注销前要提现吗", "美元换欧元划算吗"),
        ("how do I close my binance account", "what's the bitcoin price today"),
        ("how do I close my binance account", "比特币还会涨吗"),
        # a thing the KB relates to the previous answer, asked of as how to do it
        ("what do i need to do before closing my account", "how do i do p2p trading"),
        ("How do I withdraw everything before closing?", "what's the daily limit on my visa card"),
    ],
)
def test_an_off_topic_message_in_a_session_is_declined_as_it_would_be_alone(assistant, first, second):
    previous = assistant.ask(first)
    assert not previous.fallback
    alone = assistant.ask(second)
    in_session = assistant.ask(second, after=previous.entry["id"])
    assert alone.fallback and in_session.fallback, (in_session.entry, in_session.confidence)


def test_the_steps_asked_the_same_for_another_service_are_declined(assistant):
    previous = assistant.ask("how do I close my binance account")
    in_session = assistant.ask("and the same for my discord?", after=previous.entry["id"])
    assert in_session.fallback, in_session.entry


@pytest.mark.parametrize(
    "first, second, expected",
    [
        ("how long does closing take", "why so long?", "closure-duration"),
        ("how long does the cooling off period last", "can I still trade during those days?", "closure-duration"),
        ("what do I lose if I close my account", "and my NFTs?", "nfts"),
        ("Can I close my account from the mobile app?", "and how long will it take?", "closure-duration"),
        ("how long do they keep my personal data after closing", "why?", "data-retention"),
        ("how do I close my account", "can I do it from my phone?", "mobile-app"),
        ("how do I withdraw my remaining balance before closing", "how much will that cost me", "withdrawal-fees"),
        ("注销账户要多久", "为什么要这么久", "closure-duration"),
        # a follow-up naming another aspect gets that aspect's entry, not the previous answer again
        ("What do I need to do before I can close my Binance account?", "and p2p?", "p2p-orders"),
        # everyday words for what the KB calls referrals
        ("what do I lose if I close my account", "what about the friends I invited?", "referral"),
        # a thing of the user's own brought up after the steps asks what closing does to it
        ("how do I close my account", "and my money?", "zero-balance"),
        ("注销账户怎么弄", "那我的钱呢", "withdraw-remaining"),
        ("How do I close my Binance account?", "what about my bnb", "convert-dust"),
        ("how do I close my account", "can I come back later?", "reregister"),
        ("how do I close my account", "what happens to my money", "what-is-lost"),
        # a pronoun points back even when the message names a feature
        ("how do I close my account", "what verification will they ask?", "security-verification"),
        ("what happens to my nfts", "where do I send them?", "nfts"),
        ("how do I close my binance account", "where is the button", "where-close-option"),
        # an adverb that only sharpens the previous question
        ("Does Binance keep my personal data after I close my account?", "how long exactly", "data-retention"),
        # alone the message reads as much like another entry ("keep getting e-mails"): the conversation settles it
        ("what happens to my personal data once I close", "why would they keep it", "data-retention"),
        # a thing of the user's own is ranked by itself, not by the frame around it
        ("what happens when I close my account", "what about my coins", "withdraw-remaining"),
        # a message whose own words single out an entry gets it, even pointing back at the action ("do it")
        ("what security checks do I go through to close my account", "can I do it on my phone though", "mobile-app"),
        # "them" leans on the previous turn like "it"; "including ..." continues it like "and ..."
        ("what happens to my saved withdrawal addresses when I close", "do I copy them somewhere", "saved-addresses"),
        ("do I need to cancel orders before closing", "including stop-limit ones?", "open-orders"),
        # Chinese leaves out what a yes/no question is about; "我的…怎么办" brings up a thing of its own
        ("注销账户怎么弄", "在手机App上可以吗", "mobile-app"),
        ("注销账户怎么弄", "我的质押怎么办", "earn-staking"),
        # a word the previous entry is never asked with, for an entry the conversation ranks high too
        ("how do I close my account", "is it permanent?", "cancel-closure-request"),
        # a thing of the user's own named by a word of the KB's, whatever the previous question was about
        ("does binance keep my data after closing", "what about my money?", "zero-balance"),
        # a coin or a currency brought up in a session about closing is what is left in the account
        ("how do I close my binance account", "what about my usdt?", "withdraw-remaining"),
        # a longer message bringing up a thing, after an acknowledgement, is a follow-up too
        ("how do I close my account", "thanks, and what about my staked eth in the locked product?", "earn-staking"),
        # a colloquial Chinese "how?" names nothing and asks, question mark or not
        ("can I freeze my account instead of closing", "怎么弄", "freeze-account"),
        ("不想注销有别的办法吗", "冻结怎么弄", "freeze-account"),
        ("注销后还能恢复吗", "为啥不行", "reopen-closed-account"),
        ("个人数据注销后会保留吗", "要保留几年", "data-retention"),
        # ...but a word that names nothing ("the others"): the previous entry again
        ("how do I close my account", "what about the others?", "closure-steps"),
        # a longer message that points back with a setting of the user's own
        ("close my account", "my futures position is open too, so what about that one?", "open-positions"),
        ("close my account", "what if my account is under a compliance investigation right now?", "compliance"),
        # a topic word asked of what the previous answer spoke of
        ("notifications after closing?", "do they stop right away or only at the end?", "notifications"),
        # an interjection opens a continuation as "ok" does
        ("how do I close my account", "ugh what if I submit it and then regret it", "cancel-closure-request"),
        ("how do I close my account", "well what if I confirm it and regret it the next day", "cancel-closure-request"),
        # txt-speak for words of asking; a thing told as still in the account; the Taiwanese word for a key
        ("how do I close my account", "wat abt my referral lvl", "referral-commissions"),
        ("how do I close my account", "my dollars are still in there, how do I get them out", "zero-balance"),
        ("how do I close my account", "那API金鑰怎麼辦", "api-keys"),
        # a hedge only colours the question
        ("what are the alternatives to closing my account", "真的没有别的选择吗", "alternatives"),
        # a computer by its short name, a site "web only": the desktop the app is set against
        ("how do I close my account", "does it work from my phone or do i need a pc", "mobile-app"),
        ("how do I close my account", "does the mobile version have the option or is it web only", "mobile-app"),
        # the money reaching the bank is a withdrawal's arrival
        ("how do I get my money out before closing", "how long until the money hits my bank?", "fiat-withdrawal-time"),
        ("注销前怎么把钱提出来", "提到银行要几天", "fiat-withdrawal-time"),
        # the papers handed in for the identity check, asked of as kept data
        ("how do I close my account", "will my passport scan be deleted?", "data-retention"),
        ("how do I close my account", "is my kyc info deleted when I close", "data-retention"),
        # a plural pronoun or a "what about" brings the previous things along when every word is the KB's
        ("Will my NFTs be lost if I close my account?", "which wallet can i send them to", "nfts"),
        ("what happens to my referral commissions if I close", "what about payouts already processed?", "referral"),
        # a KB word in another form ("reviewed", "unfinished") is the KB's word
        (
            "what are the conditions to close binance",
            "my account is being reviewed by compliance, does that matter",
            "compliance-review",
        ),
        ("do I need to cancel open orders before closing", "what about an unfinished p2p trade", "p2p-orders"),
        # a slip of a very common short word
        ("I submitted a closure request by accident", "cna i undo it?", "cancel-closure-request"),
        # the app named by its system
        ("how do I close my binance account", "ios app ok?", "mobile-app"),
        # whether a thing stands in the way, asked of it
        ("how do i close binance? my account is under review", "does the review matter?", "compliance-review"),
        # tokens locked up for a yield are the staking the KB speaks of
        ("注销的时候质押的币怎么办", "锁仓的怎么处理", "earn-staking"),
        # the everyday word for an order
        ("注销前要取消所有订单吗", "P2P的单子也算？", "p2p-orders"),
        # how long, asked after an answer with a wait of its own, asks of that wait; with a word of closing, of the
        # closure's
        ("can I sign up again with my old email after closing?", "how long is the ban?", "reregister-same-email"),
        ("注销后邮箱还能用吗", "马上能用吗", "reregister-same-email"),
        ("can I reuse my email after closing", "how long does the closure itself take?", "closure-duration"),
        ("how long do they keep my data after closing", "and how long does closing take?", "closure-duration"),
        # grid trading named by its "bots"
        ("must open orders be cancelled before I close my account?", "my grid bots too?", "open-orders"),
        # what can be done while the request is processed is the processing time's answer ("Closing")
        ("how do I close my account", "am I able to trade while it's closing?", "closure-duration"),
        ("I already submitted the closure request", "what happens after I confirm?", "closure-duration"),
        # a coin named in a "what about" is the crypto left in the account, as "what about my usdt?" is
        (
            "Does binance refund my crypto when my account is closed?",
            "what about stablecoins like usdt",
            "zero-balance",
        ),
        # a thing of the user's own, named alone
        ("can I close my account with things still open?", "my futures", "open-positions"),
        # a hedge on what is asked; a slangy "have to"
        ("will I lose my VIP level if I close my account?", "any grace period at least?", "vip"),
        ("how do i close my binance account", "do i gotta sell everything first", "closure-steps"),
        # what the previous answer pointed to, not found where it said: that answer again, or where the option is
        ("where's the close account button?", "i dont see it under security", "where-close-option"),
        ("where's the close account button?", "cant find it", "where-close-option"),
        ("注销币安账户的入口在哪?", "安全里面没看到", "where-close-option"),
        ("how do I close my binance account", "I can't find it in settings", "where-close-option"),
        ("how to convert dust before closing", "i cant find the convert button", "convert-dust"),
        # a coin or a currency named in a follow-up is what is left in the account
        ("can i close my binance account now", "i have usdt in funding wallet, problem?", "zero-balance"),
        ("how do I close my binance account", "what happens to the bitcoin I still have there", "withdraw-remaining"),
        ("how do I withdraw everything before closing", "how many days for euros to hit my bank", "fiat-withdrawal"),
        # the entry the KB relates to the previous one, which the message alone is not sure of
        ("幣安註銷需要多久時間?", "中間可以取消嗎", "cancel-closure-request"),
        ("What are the closure steps on Binance?", "whats the last button called", "where-close-option"),
        # where, asked after an answer with a place of its own, asks of that place; with a word of closing, of the
        # option to close
        ("how to convert dust before closing binance", "where is that button", "convert-dust"),
        ("注销前小额资产怎么处理", "在哪里操作", "convert-dust"),
        ("how to convert dust before closing binance", "where do i close my account then", "where-close-option"),
    ],
)
def test_a_follow_up_that_refers_back_resolves(assistant, first, second, expected):
    previous = assistant.ask(first)
    reply = assistant.ask(second, after=previous.entry["id"])
    assert not reply.fallback and reply.entry["id"].startswith(expected)


def test_a_platform_that_is_only_where_the_funds_go_keeps_the_question_in_scope(assistant):
    reply = assistant.ask("close binance and move my coins to coinbase")
    assert not reply.fallback


@pytest.mark.parametrize(
    "question",
    [
        "how can I delete an old API key",
        "close my grid bot please",
        "how do I remove an address from my whitelist",
        "how do I close a margin position on binance",
        # a "的" after the Chinese verb ties it to the thing: Binance's chat history, not the account
        "怎么删除币安的聊天记录",
        "怎么关闭币安的推送",
    ],
)
def test_a_thing_of_binance_closed_on_its_own_is_the_feature_not_the_account(assistant, question):
    assert assistant.ask(question).fallback


@pytest.mark.parametrize(
    "question, expected",
    [
        ("do I need to close my futures positions first?", "open-positions"),  # another side of closing
        ("how do I close my open orders before deleting my account", "open-orders"),
        ("how do I get rid of the dust", "convert-dust"),  # an entry that answers the thing without closing
        ("can I delete my binance whenever I like?", None),  # the subject, which normalising leaves out
        ("is my whitelist erased the moment I confirm?", "saved-addresses"),  # "the moment" says when
    ],
)
def test_a_thing_closed_beside_the_account_keeps_its_entry(assistant, question, expected):
    reply = assistant.ask(question)
    assert not reply.fallback, reply.confidence
    assert expected is None or reply.entry["id"] == expected, reply.entry


@pytest.mark.parametrize(
    "question",
    [
        "how long does it take for facebook to delete my account?",
        "still waiting for instagram to remove my account, how long is normal?",
    ],
)
def test_a_platform_waited_for_to_act_is_who_acts_not_where_funds_go(assistant, question):
    assert assistant.ask(question).fallback


def test_a_platform_left_for_stays_where_the_user_goes_before_to_and_a_verb(assistant):
    reply = assistant.ask("leaving binance for coinbase to trade there, how do I close my account")
    assert not reply.fallback and reply.entry["id"] in CLOSURE_ENTRIES


def test_an_email_provider_named_as_an_address_is_not_another_platform(assistant):
    reply = assistant.ask("can I make a new account with my old gmail address after closing?")
    assert not reply.fallback


def test_an_email_provider_named_alone_is_an_address_and_with_account_a_platform(assistant):
    assert not assistant.ask("is my hotmail free to use again once my account is closed?").fallback
    assert assistant.ask("how do I delete my hotmail account").fallback


@pytest.mark.parametrize("question", ["医保APP账户怎么注销", "学习强国APP账号怎么注销"])
def test_a_service_named_before_its_app_account_is_that_services(assistant, question):
    assert assistant.ask(question).fallback


@pytest.mark.parametrize("question", ["can I close my AT&T account and keep the number", "中国电信的账户怎么注销"])
def test_a_phone_carrier_is_another_platform(assistant, question):
    assert assistant.ask(question).fallback


def test_a_chinese_mailbox_closed_is_the_users_mailbox(assistant):
    assert assistant.ask("126邮箱怎么注销").fallback
    assert assistant.ask("怎么注销新浪邮箱").fallback
    assert not assistant.ask("注销币安后qq邮箱还能再注册吗").fallback  # the account closed first, the address reused


def test_everyday_words_are_not_spelling_corrected_into_platform_names(engine):
    assert "linkedin" not in engine.speller_("change the email linked to my login")
    assert engine.speller_("how lnog does closure tkae") == "how long does closure take"


def test_lexicon_tells_frame_words_from_topical_ones(kb):
    lexicon = kb.background
    how, pizza, unheard = lexicon.zipf(["how", "pizza", "qzxvbw"])
    assert how > 6 > pizza > lexicon.rare_zipf == unheard
    assert lexicon.words("好看的韩剧推荐") == ["好看", "的", "韩剧", "推荐"]


def test_relevance_weighs_words_against_everyday_language(engine):
    def evidence(text):
        return engine.relevance_.evidence(engine.normalizer_(text))

    frame = evidence("how long does it take")
    assert frame.strongest == 0 and frame.foreign == 0
    topical = evidence("how long to cook a pizza")
    assert topical.foreign > 0 and set(topical.unknown) == {"cook", "pizza"}
    on_topic = evidence("delete my account")
    assert on_topic.strongest > 0 and on_topic.foreign == 0


def test_relevance_can_leave_a_documents_own_words_out():
    lexicon = Lexicon([("how", 6.2), ("close", 5.4), ("account", 5.2), ("cooling", 3.9)])
    relevance = TopicalRelevance().fit(["close account", "cooling period", "how close"], lexicon)
    assert relevance.evidence("cooling").foreign == 0
    # Left out, a document's own words are as unknown as a user's unseen words would be.
    assert relevance.evidence("cooling", leave_out=Counter(cooling=1)).foreign > 0


def test_shipped_word_tables_match_the_generator():
    pytest.importorskip("wordfreq")
    from bot.devtools import make_lexicon

    assert make_lexicon.main(["--check"]) == 0


def test_character_vocabulary_can_come_from_some_documents_only():
    from bot.matching.retriever import HybridRetriever

    docs = ["close my account", "delete account now", "pizza recipe", "weather today"]
    labels = ["a", "a", "~out", "~out"]
    full = HybridRetriever().fit(docs, labels)
    kb_only = HybridRetriever().fit(docs, labels, char_vocabulary_from=[True, True, False, False])
    assert len(kb_only.query_vectorizers_[1]._vocabulary) < len(full.query_vectorizers_[1]._vocabulary)
    assert "piz" not in kb_only.query_vectorizers_[1]._vocabulary
    assert kb_only.query("close account")[0].label == "a"


def test_the_request_word_of_the_previous_turn_does_not_make_a_follow_up_a_request(assistant):
    previous = assistant.ask("What do I lose when I close my Binance account?")
    reply = assistant.ask("does that include my savings?", after=previous.entry["id"])
    assert not reply.fallback and reply.entry["id"] != "closure-steps", reply.entry["id"]


@pytest.mark.parametrize(
    "question",
    [
        "how do I turn on 2fa with an authenticator app",
        "where do I find my binance referral link",
        "can I change the email on my binance account",
        "can I sell my nft for bnb",
        "how do I buy an nft on binance marketplace",
        "怎么开通谷歌验证",
    ],
)
def test_a_feature_asked_about_without_any_word_of_closing_is_declined(assistant, question):
    reply = assistant.ask(question)
    assert reply.fallback, (reply.entry, reply.confidence)
    assert reply.suggestions, "a decline offers what the bot can help with"


@pytest.mark.parametrize(
    "question, expected",
    [
        # the same features, asked about as part of closing
        ("Must two-factor authentication be on?", "two-factor-auth"),
        ("what happens to my referral code", "referral-code"),
        ("do I need two-factor authentication switched on before closing", "two-factor-auth"),
        ("what happens to my nfts", "nfts"),
        ("do I lose my vip level", "vip-status"),
    ],
)
def test_a_feature_asked_about_as_part_of_closing_is_answered(assistant, question, expected):
    reply = assistant.ask(question)
    assert not reply.fallback and reply.entry["id"] == expected, (reply.entry, reply.confidence)


@pytest.mark.parametrize(
    "question",
    [
        "deletion request",
        "I hereby request the permanent closure of my Binance account",
        "submitting a request to have my binance closed",
        "I haven't traded in years, time to close the account",
        "i opened an account by mistake, please remove it",
        "i wnat to delte my acount",
        "如何删除我的币安账户",
        "币安账户怎么关闭",
    ],
)
def test_a_request_in_words_of_asking_is_a_plain_request(assistant, question):
    reply = assistant.ask(question)
    assert not reply.fallback and reply.entry["id"] in CLOSURE_ENTRIES, (reply.entry, reply.confidence)


def test_asking_to_cancel_a_request_still_gets_the_cancel_entry(assistant):
    for question in ("can I cancel my closure request", "Can I cancel my account closure request?"):
        reply = assistant.ask(question)
        assert not reply.fallback and reply.entry["id"] == "cancel-closure-request", question


def test_please_remove_it_after_opening_by_mistake_is_a_request_to_close(assistant):
    previous = assistant.ask("I opened an account by mistake, how do I get rid of it")
    reply = assistant.ask("please remove it", after=previous.entry["id"] if not previous.fallback else None)
    assert not reply.fallback and reply.entry["id"] in CLOSURE_ENTRIES, reply.entry


def test_two_swapped_letters_are_corrected_to_the_word_with_those_letters(engine):
    assert engine.speller_("i wnat to close") == "i want to close"


@pytest.mark.parametrize(
    "first, second, expected",
    [
        ("how long does closure take", "can it be faster?", "closure-duration"),
        ("Does Binance keep my personal data after closing?", "even my photo and address?", "data-retention"),
        ("Are there fees for withdrawing my balance before closing?", "how much roughly?", "withdrawal-fees"),
        ("注销账户要多久", "为什么这么慢", "closure-duration"),
        # one word the KB never uses, right after "会" or "多久": the verb asked of the previous thing
        ("注销前提前赎回定期理财有什么影响", "收益会少吗", "earn-staking"),
        ("提交注销申请以后还能撤回吗", "多久以内可以", "cancel-closure-request"),
        # "less permanent": a milder option than the one just described
        ("how do I close my binance account", "anything less drastic?", "alternatives"),
        # asking for speed asks how long the previous thing takes
        ("how do I close my binance account", "how quick is it?", "closure-duration"),
        (
            "how long does a fiat withdrawal take when I empty my account",
            "any way to speed that up?",
            "fiat-withdrawal-time",
        ),
        ("注销账户要多久", "可以加快吗", "closure-duration"),
        ("how long until my account is closed", "why so slow though?", "closure-duration"),
        # an opening "then" is a word of its own ("那要" is not one)
        ("怎么注销币安账户", "那要多少天", "closure-duration"),
        # the speed of the deleting it names, not of the previous wait
        ("does binance keep my data after closing", "can they delete it sooner?", "data-retention"),
        # a word of the KB beside a demonstrative says something of the previous thing
        ("does my balance need to be zero before I close", "does this count margin too?", "zero-balance"),
        ("what happens to my saved addresses when I close", "is that permanent?", "saved-addresses"),
        # a plural pronoun stands for the things the previous answer spoke of
        ("do I need to close my sub-accounts before the main one", "where do I close those?", "sub-accounts"),
        ("what happens to my nfts if I close my account", "how do I move them out?", "nfts"),
        ("what happens to my saved addresses when I close", "can I export those?", "saved-addresses"),
        # a word every entry shares ("account") points at none of them
        ("不想注销的话应该关掉哪些功能", "那合约账户呢", "disable-features"),
        ("are there alternatives to closing my account", "tell me more about freezing", "freeze-account"),
        # the previous answer under a condition: the condition is its setting, not a topic of its own
        ("could I undo my binance closure request", "even after the confirmation email?", "cancel-closure-request"),
        (
            "can I withdraw my binance closure request",
            "not even after the confirmation email?",
            "cancel-closure-request",
        ),
        # a short Chinese question leaves out the subject it shares with the turn before
        ("注销币安后NFT还在吗", "可以转到哪里", "nfts"),
        ("注销过程中的资格检查是什么", "没过怎么办", "eligibility-check"),
        ("注销以后还会收到通知邮件吗", "什么时候停止", "notifications"),
        # ...and is about the previous thing, unless it asks how to work something
        ("注销以后账户还能找回来吗", "永久的？", "reopen-closed-account"),
        ("注销后我的推荐码还有效吗", "什么时候作废", "referral-code"),
        # one word that ends the question after "什么" is what is asked of the previous thing
        ("注销之前可以把交易记录下载下来吗", "文件是什么格式", "export-history"),
        ("注销以后用新账号还能填邀请码吗", "能有什么好处", "reregister-referral-code"),
        # a word that only says when names no subject
        ("注销币安以后NFT会怎么样", "永远消失了吗", "nfts"),
        # "which …?" asks which of the things the previous answer spoke of
        ("how do I get my coins out before I close binance", "which networks?", "withdraw-remaining"),
        ("what can I do other than closing binance", "which one is better for me?", "alternatives"),
        # a question word's "'s" typed without the apostrophe
        ("how do I close my binance account", "whats the first thing I should do", "closure-steps"),
        ("how do I close my binance account", "hows that work on the app", "mobile-app"),
        # what is in the account brought up in Chinese
        ("币安怎么销户", "里面的理财怎么办", "earn-staking"),
    ],
)
def test_a_short_follow_up_leaning_on_the_previous_turn_may_bring_an_everyday_word(assistant, first, second, expected):
    previous = assistant.ask(first)
    reply = assistant.ask(second, after=previous.entry["id"])
    assert not reply.fallback and reply.entry["id"] == expected, (reply.entry, reply.confidence)


@pytest.mark.parametrize(
    "first, second",
    [
        ("how long does closure take", "how long does it take to sell a house"),
        ("how long does closure take", "is it raining there?"),
        ("how long does closure take", "can my train ride be faster"),
        ("how long does closure take", "why is the queue at the bank so slow"),
        ("how long does closure take", "how long does it take to renew a passport"),
        # a short Chinese question that names its own subject
        ("注销要多久", "寄快递要多久"),
        ("注销要多久", "工资什么时候发"),
        ("注销要多久", "发工资要多久"),
        ("注销要多久", "明天会下雨吗"),
        ("注销要多久", "附近有什么好吃的"),
        ("注销要多久", "那边有什么好玩的地方"),
        ("can I cancel my closure request", "can I cancel my job application after sending it"),
        # opening by joining on points back at nothing; a message pointing back keeps a topic of its own
        ("how long does closure take", "and how long does a wire transfer take between two different banks"),
        ("what do I need before closing my account", "what do I need to open a business"),
        ("how do I close my binance account", "what if my car is under review at the garage right now?"),
        ("how do I close my binance account", "ugh what if it rains tomorrow"),
        ("what happens to my api keys when I close", "do they stop barking at night?"),
        # "stop-loss" is a word of its own, not "stop"
        ("what happens to my api keys when I close", "how do I set a stop-loss on my futures then?"),
    ],
)
def test_leaning_on_the_previous_turn_does_not_carry_a_topic_of_its_own(assistant, first, second):
    previous = assistant.ask(first)
    reply = assistant.ask(second, after=previous.entry["id"])
    assert reply.fallback, (reply.entry, reply.confidence)


@pytest.mark.parametrize(
    "question",
    [
        "怎么删掉聊天记录",
        "关掉朋友圈怎么弄",
        # a bank account in traditional characters, and "for good" only saying for how long
        "我想註銷銀行帳號",
        "how do I close my bakery for good",
    ],
)
def test_a_chinese_closing_verb_on_a_thing_the_kb_never_closes_is_declined(assistant, question):
    reply = assistant.ask(question)
    assert reply.fallback, (reply.entry, reply.confidence)


@pytest.mark.parametrize(
    "question", ["I'd like to leave your platform", "cancel my registration", "i dont want to be a member anymore"]
)
def test_everyday_ways_of_leaving_without_a_closing_word_are_requests(assistant, question):
    reply = assistant.ask(question)
    assert not reply.fallback and reply.entry["id"] in CLOSURE_ENTRIES, (reply.entry, reply.confidence)


@pytest.mark.parametrize(
    "first, second, expected",
    [
        ("注销币安账户要多久", "能取消吗", "cancel-closure-request"),
        ("can I reopen a closed binance account", "what about making a new one?", "reregister"),
        ("what happens when I close my account", "and the bonus from invites?", "referral"),
    ],
)
def test_a_follow_up_in_everyday_words_gets_its_own_entry(assistant, first, second, expected):
    previous = assistant.ask(first)
    reply = assistant.ask(second, after=previous.entry["id"])
    assert not reply.fallback and reply.entry["id"].startswith(expected), (reply.entry, reply.confidence)


def test_a_word_that_only_says_when_is_not_a_thing_closed(engine):
    assert not engine._closes_something_else("can they delete it sooner?")
    assert engine._closes_something_else("how do I delete my exodus wallet")


@pytest.mark.parametrize(
    "question, expected",
    [
        ("if I close with 5 USDT left, can I get it back later?", None),  # "get it back": the money, after closing
        ("are withdrawals limited to 2 BTC a day?", "withdrawal-limits"),  # "withdrawals" as a noun
        ("can I recover my account after closing it", "reopen-closed-account"),
        ("注销需要多久", "closure-duration"),
        ("my closure request is still pending, can I still withdraw?", None),
        ("我的旧账号怎么注销", "closure-steps"),  # one character says which of the user's own accounts
        ("交易账号怎么注销", "closure-steps"),
        # "duplicate", "spare" say which of the user's own accounts, as one Chinese character does
        ("I opened a spare account last year, please delete it", "closure-steps"),
        ("delete my duplicate account", "closure-steps"),
        # what kind of account it is: a company's account, not the company deregistered
        ("我们的企业账户怎么注销", "closure-steps"),
        ("please terminate our institutional account", "closure-steps"),
        # the alternative asked about, not turned down, keeps its entry
        ("can I freeze my account instead of closing it?", "freeze-account"),
        ("I don't want to close it, can I just freeze it?", "freeze-account"),
        # undoing the closure, or what the user did, whatever it is called
        ("I regret it, can I undo the closure?", "cancel-closure-request"),
        ("I changed my mind, can I reverse the process?", "cancel-closure-request"),
        ("can I undo it?", "cancel-closure-request"),
        ("if I change my mind on day three, is there an undo button?", "cancel-closure-request"),  # the verb as a noun
    ],
)
def test_the_same_verbs_and_frames_about_the_account_are_answered(assistant, question, expected):
    reply = assistant.ask(question)
    assert not reply.fallback, (question, reply.confidence)
    assert expected is None or reply.entry["id"] == expected, reply.entry


@pytest.mark.parametrize(
    "question",
    [
        "I keep getting spam emails, please remove my account entirely",
        "moved my coins to ledger, now close binance for me",
        # a word of manner after the request word says how, not what is closed
        "I have no use for this exchange account anymore, how do I close it safely?",
        "everything is withdrawn, how do I delete it properly?",
    ],
)
def test_a_command_after_its_reason_gets_the_steps(assistant, question):
    reply = assistant.ask(question)
    assert not reply.fallback and reply.entry["id"] in CLOSURE_ENTRIES, (reply.entry, reply.confidence)


def test_a_command_with_a_question_keeps_the_questions_entry(engine):
    # the command gets the steps beside it
    assert engine.decide("close my account for me, what happens to my NFTs?").entries == ("closure-steps", "nfts")


@pytest.mark.parametrize(
    "question", ["what are nfts", "what is a sub account", "why is my account restricted", "理财收益多少"]
)
def test_what_a_feature_is_asked_without_closing_is_declined(assistant, question):
    reply = assistant.ask(question)
    assert reply.fallback, (reply.entry, reply.confidence)


def test_a_kb_without_the_plain_request_entry_still_answers_commands(kb):
    from bot.devtools.bench import synthetic_kb
    from bot.matching.engine import Engine

    synthetic, _ = synthetic_kb(kb, 20)
    engine = Engine().fit(synthetic)
    questions = [entry.question for entry in list(synthetic.entries.values())[:5]]
    for message in [f"{question}, delete it" for question in questions] + ["deletion request"]:
        decision = engine.decide(message)
        assert all(entry in synthetic.entries for entry in decision.entries)


@pytest.mark.parametrize(
    "question",
    [
        "my withdrawal is stuck",
        "my 2fa code is not working",
        "verification is taking forever",
        "验证码收不到",
        "提现一直在审核中",
        "验证码一直收不到",
        "币安一直登录不上",
        "keeps getting rejected, my authenticator code",
        "my account is frozen and I don't know why",
        "银行账户被冻结了怎么解冻",
        "I lost my authenticator app",
    ],
)
def test_a_problem_reported_without_a_word_of_closing_is_declined(assistant, question):
    reply = assistant.ask(question)
    assert reply.fallback, (reply.entry, reply.confidence)


def test_a_problem_reported_as_part_of_closing_is_answered(assistant):
    reply = assistant.ask("my 2fa is not working, can I still close my account?")
    assert not reply.fallback


@pytest.mark.parametrize("question", ["要一直开着谷歌验证吗", "注销的时候双重验证要一直开着吗"])
def test_a_thing_kept_on_all_along_is_no_problem_reported(engine, question):
    # "一直" is "all along": a failure only when a failing verb follows ("一直收不到"), not in "一直开着" (kept on).
    assert engine.decide(question).entries == ("two-factor-auth",)


@pytest.mark.parametrize("question", ["宽带怎么销户", "身份认证要多久", "花呗能注销吗"])
def test_a_chinese_question_about_something_else_is_declined(assistant, question):
    reply = assistant.ask(question)
    assert reply.fallback, (reply.entry, reply.confidence)


def test_how_long_in_chinese_after_closing_still_asks_about_closing(assistant):
    previous = assistant.ask("注销账户怎么弄")
    assert assistant.ask("要多久", after=previous.entry["id"]).entry["id"] == "closure-duration"
    assert assistant.ask("注销要多久").entry["id"] == "closure-duration"


def test_a_typo_the_kb_itself_writes_is_read_as_the_word_meant(engine):
    # phrasings mimic users' typos ("acount"); a user's slip must still reach the synonyms of the word meant
    assert engine.speller_("how to cancel my acount") == "how to cancel my account"
    assert engine.decide("how to cancel my acount").entries[0] in CLOSURE_ENTRIES


def test_shipped_chinese_table_matches_the_generator():
    pytest.importorskip("opencc")
    from bot.devtools import make_chinese_table

    assert make_chinese_table.main(["--check"]) == 0


def test_traditional_chinese_is_folded_to_the_simplified_characters_of_the_kb():
    from bot.kb.folding import fold

    assert fold("註銷後還能恢復嗎") == "注销后还能恢复吗"
    assert fold("注销后还能恢复吗") == "注销后还能恢复吗"


def test_request_to_act_answers_kept_for_a_text_are_those_worked_out_afresh():
    texts = ["please close my account now", "could you close it for me", "how long does close take", "close, thanks"]
    kept = [(acting.asks_to_close(t), acting.asks_bot_to_act(t)) for t in texts]
    acting.clear_cache()
    assert acting.asks_to_close.cache_info().currsize == 0
    assert kept == [(acting.asks_to_close.__wrapped__(t), acting.asks_bot_to_act.__wrapped__(t)) for t in texts]
    assert kept[0] == (True, True) and kept[2] == (False, False)


@pytest.mark.parametrize("question", ["vip fee tiers", "binance earn flexible products", "launchpad subscription"])
def test_a_few_keywords_naming_a_feature_without_closing_are_declined(assistant, question):
    # keywords look a feature up, as "how do I" would; nothing in them is about closing
    reply = assistant.ask(question)
    assert reply.fallback, (reply.entry, reply.confidence)


@pytest.mark.parametrize(
    "question, expected",
    [("vip tier after closure", "vip-status"), ("account deletion", "closure-steps"), ("referral bonus lost?", None)],
)
def test_keywords_holding_a_word_of_closing_are_answered(assistant, question, expected):
    reply = assistant.ask(question)
    assert not reply.fallback, (reply.entry, reply.confidence)
    assert expected is None or reply.entry["id"] == expected, reply.entry["id"]


def test_keywords_asked_as_a_follow_up_lean_on_the_closing_answer(assistant):
    previous = assistant.ask("how do I close my binance account")
    assert not assistant.ask("launchpool funds?", after=previous.entry["id"]).fallback
    assert assistant.ask("p2p merchant limit", after=previous.entry["id"]).fallback


@pytest.mark.parametrize("question", ["我的币安登录不了", "币安账号被风控了", "币安登录不了了"])
def test_more_problem_reports_without_closing_are_declined(assistant, question):
    reply = assistant.ask(question)
    assert reply.fallback, (reply.entry, reply.confidence)


def test_a_problem_beside_closing_is_still_answered(assistant):
    assert not assistant.ask("账户被风控了还能注销吗").fallback


@pytest.mark.parametrize("question", ["币安有哪些理财", "币安有哪些理财产品"])
def test_asking_which_ones_of_a_feature_without_closing_is_declined(assistant, question):
    reply = assistant.ask(question)
    assert reply.fallback, (reply.entry, reply.confidence)


def test_asking_which_ones_are_lost_on_closing_is_answered(assistant):
    assert not assistant.ask("注销以后哪些资产会丢失").fallback


@pytest.mark.parametrize(
    "first, second, expected",
    [
        ("how do I take my money out before I close binance", "is there a cap per day?", "withdrawal-limits"),
        ("how do I take my money out before I close binance", "limits?", "withdrawal-limits"),
    ],
)
def test_a_follow_up_that_alone_names_one_entry_well_ahead_gets_it(assistant, first, second, expected):
    previous = assistant.ask(first)
    reply = assistant.ask(second, after=previous.entry["id"])
    assert not reply.fallback and reply.entry["id"] == expected, (reply.entry, reply.confidence)


@pytest.mark.parametrize(
    "first, second, expected",
    [
        ("can I reopen my closed binance account", "为什么不行", "reopen-closed-account"),
        ("Does Binance keep my personal data after closing?", "even my photo and address?", "data-retention"),
    ],
)
def test_a_follow_up_asking_why_or_extending_the_answer_stays_with_it(assistant, first, second, expected):
    previous = assistant.ask(first)
    reply = assistant.ask(second, after=previous.entry["id"])
    assert not reply.fallback and reply.entry["id"] == expected, (reply.entry, reply.confidence)


@pytest.mark.parametrize(
    "first, second, expected",
    [
        (
            "what happens to my referral link when I close binance",
            "sorry, I meant the commissions",
            "referral-commissions",
        ),
        ("how do I close my binance account", "no, i mean my nfts", "nfts"),
    ],
)
def test_a_correction_brings_up_what_it_names(assistant, first, second, expected):
    previous = assistant.ask(first)
    reply = assistant.ask(second, after=previous.entry["id"])
    assert not reply.fallback and reply.entry["id"] == expected, (reply.entry, reply.confidence)


def test_a_correction_to_a_thing_the_kb_never_speaks_of_is_declined(assistant):
    previous = assistant.ask("what happens to my nfts if I close binance")
    assert assistant.ask("no I meant my baseball cards", after=previous.entry["id"]).fallback


def test_a_closing_then_leans_on_the_previous_answer(assistant):
    previous = assistant.ask("can I leave my binance account empty and just not use it")
    reply = assistant.ask("what do I switch off then?", after=previous.entry["id"])
    assert not reply.fallback and reply.entry["id"] == "disable-features", (reply.entry, reply.confidence)


def test_a_threat_does_not_make_a_thing_closed_elsewhere_a_request(assistant):
    assert assistant.ask("close my coinbase account or I'll sue").fallback


@pytest.mark.parametrize(
    "question",
    [
        # a company named before or after a Chinese closing verb: "公司" is an everyday word the KB never uses
        "企业怎么注销",
        "公司注销要交什么税",
        "分店怎么注销",
        # a service named before "账号" (a name the word table lacks comes as single characters)
        "豆瓣账号注销后评论还在吗",
        "咪咕账号怎么注销",
        "豆瓣账号怎么删除",
        # ...or before "app": that service's app, and the account asked about its own
        "怎么注销账户，这个记账app不想用了",
        # a phone number or a SIM card closed is the carrier's ("手机号" is not "手机", the app, and "号")
        "电话卡要怎么注销",
        "我想注销手机号码",
        "how do I cancel my sim card",
        # a payment reversed or returned is a problem report; "after a week" only says when
        "my card payment got reversed after 2 days",
        "sepa transfer returned after a week",
        "转账三天后被退回",
        # an e-mail provider closed is the user's mailbox
        "delete my hotmail",
        "how can I close my old protonmail",
        "工作邮箱要怎么注销",
        # a thing that closes by itself, named before the verb
        "when does the bakery close on saturdays",
        "is the museum closed on mondays",
        # a thing left, named after "from"
        "unregister me from the marathon",
        "deregister from the evening class",
        # another place that holds accounts closes one, or is where one goes to close
        "my credit union closed my account out of the blue",
        "will the bank close my account if I trade crypto",
        "去银行柜台注销要多久",
        "银行将我的账户注销了怎么办",
        # recovering a thing of one's own
        "how can I recover videos I deleted",
        "误删的视频怎么恢复",
        "怎么找回删掉的视频",
        # ...named first, with the deleting that only says which thing ("删掉的", "误删了")
        "删掉的视频还能恢复吗",
        # a thing that "把" puts before the closing verb
        "我想把附属卡注销",
        "怎么把会员卡注销掉",
        # a company closed, the account named nowhere
        "how do I close down my family business",
        "shut down our company before the end of the year",
        # a freeze or an anomaly reported as a state
        "转账时显示账户已冻结",
        "登录提示账号异常",
    ],
)
def test_closing_or_recovering_what_is_not_the_account_is_declined(assistant, question):
    reply = assistant.ask(question)
    assert reply.fallback, (reply.entry, reply.confidence)


@pytest.mark.parametrize(
    "question",
    [
        # words before or after the Chinese verb that say who, when or how
        "我决定注销",
        "我们怎么注销",
        "尽快注销我的账户",
        "自助注销在哪里",
        "币安注销方法",
        "有没有比注销更好的办法",
        "账户注销要多久",
        "销毁账号",
        # a phone number after closing, and the phone as the app
        "注销以后手机号码还能注册新账户吗",
        "手机上怎么注销",
        # a provider's name before "address" is an e-mail address, the KB's own topic
        "can I register again with my old gmail address after closing",
        "when does my account close after I confirm",
        "please remove my account from your database",
        "提现到银行以后再注销可以吗",
        "can I close my account after the money reaches my bank",
        # recovering the account or what was in it
        "can I recover a closed account",
        "注销的账号还能恢复吗",
        "账户注销后没提出来的钱会退还吗",
        "删掉的账号还能找回吗",
        "账号误删了能恢复吗",
        # the account put before the verb by "把", a company that is only the setting of closing it
        "我想把币安账户注销",
        "怎么把我的账号给注销了",
        "close my business account",
        "we are a small company, please close our account",
        "close binance for my company",
        # the app named by a word the KB uses, or by its own name
        "在app里怎么注销",
        "用手机app怎么注销",
        "币安app里注销账号的入口",
        # the mailbox as the means of closing
        "用邮箱怎么注销",
    ],
)
def test_closing_or_recovering_the_account_in_those_frames_is_answered(assistant, question):
    assert not assistant.ask(question).fallback


def test_asking_whether_a_closure_can_be_reversed_is_answered(assistant):
    assert assistant.ask("can my closure be reversed after two days?").entry["id"] == "cancel-closure-request"


@pytest.mark.parametrize(
    "normalized, wanted",
    [
        ("被骗了,想 instantly close account", True),
        ("用不惯,想把 account close", True),
        ("想 close", True),
        # not wanting it, or wanting to know about it, is no wish to close
        ("不想 close account", False),
        ("想知道怎么 close", False),
        # a space parts casual Chinese clauses; "特" is the "特此" of a letter; "我希望" wishes as "我想" does
        ("亏惨了😭 想 close", True),
        ("本人决定不再使用,特申请永久 close account", True),
        ("我希望 close account", True),
        # txt-speak "2" for "to"; a command, then its reason without a comma; the last of several steps
        ("need 2 close account asap", True),
        ("please close my account i got hacked and dont trust exchanges anymore", True),
        ("把币提到钱包,然后把 account close 。", True),
        ("then close the account down.", True),
        # an expletive before "account" says how the user feels
        ("close the damn account.", True),
        ("i closed my old bank account because i moved", False),
        # a letter's longer opening before the request
        ("good morning. i am writing on behalf of myself to request close of my account.", True),
    ],
)
def test_a_chinese_wish_without_its_subject_asks_to_close(normalized, wanted):
    assert acting.asks_to_close(normalized) is wanted


@pytest.mark.parametrize(
    "question",
    [
        "赔惨了😭 想销户",
        "韭菜被割了 想注销",
        "need 2 close acct asap, movin cities",
        "The app crashed and I got liquidated. Remove my account immediately.",
        "delete my account i got phished and im done with crypto",
        "先把余额提到银行卡，然后销户。",
        "Transfer my coins to Kraken and then shut the account down.",
        "ive already moved everything out now what do i do to close it",
        "i sold everything now what do i do to close it",
        # the bank account is where the balance goes, with a word saying which of the user's own
        "Dear support, I am writing to formally request the closure of my account. Please send what is left to my "
        "registered bank account first. Kind regards, Anna",
        # "住销", the homophone slip of "注销"
        # "tell me how" after a clause that closes, whoever else the setting names
        "They froze my withdrawal for days. Once my coins are out I'm closing this account, tell me how.",
        "我想住销账号",
        "币安账户怎么住销",
        # "著销", the same slip with another character read "zhu"
        "我的币安账号想著销",
        # the user taken off the exchange
        "请把我从币安删除",
        "麻烦将我从币安移除，谢谢",
    ],
)
def test_a_request_written_casually_or_as_the_last_step_gets_the_steps(assistant, question):
    reply = assistant.ask(question)
    assert not reply.fallback, reply.confidence
    assert CLOSURE_ENTRIES & {e["id"] for e in reply.entries}, reply.entries


@pytest.mark.parametrize(
    "question, expected",
    [
        # what led to it, in frame words only ("by mistake" is no cancelled closure), then how to close: the steps
        ("opened it by mistake, how do I close it", "closure-steps"),
        ("made this account by mistake, how can I delete it", "closure-steps"),
    ],
)
def test_a_setting_before_how_to_close_picks_an_entry_only_when_it_names_one(assistant, question, expected):
    assert assistant.ask(question).entry["id"] == expected


@pytest.mark.parametrize(
    "question, setting",
    [
        # the main clause asks how to close the account: the steps first, what the setting names beside them
        ("I have open orders, how do I close my account?", "open-orders"),
        ("I have an open futures position, how do I close my whole account?", "open-positions"),
        ("I have staking and locked savings, how do I close my account?", "earn-staking"),
        ("实名认证一直不通过,我不想用了,怎么注销", "kyc-verified"),
    ],
)
def test_how_to_close_the_account_after_a_setting_gets_the_steps_and_the_settings_entry(engine, question, setting):
    assert engine.decide(question).entries == ("closure-steps", setting)


@pytest.mark.parametrize(
    "question",
    [
        "My country is banning crypto exchanges, how do I close my account legally?",
        # a last clause that only asks how to go about what the clause before asks
        "my accountant told me to close the exchange account and keep records. what's the procedure",
        "lol my mom says i have to delete my binance, how",
        "i want to delete my binance account, how do i proceed?",
    ],
)
def test_how_to_close_or_proceed_after_a_setting_gets_the_steps(engine, question):
    assert engine.decide(question).entries[:1] == ("closure-steps",)


def test_how_to_close_it_after_a_setting_that_names_a_thing_keeps_that_thing(engine):
    # "it" may be the position told first, not the account
    assert engine.decide("I have an open futures position, how do I close it?").entries[:1] == ("open-positions",)


def test_a_question_before_how_to_close_next_keeps_its_own_entry(assistant):
    reply = assistant.ask("怎么把币提出来,然后怎么注销")
    assert reply.entry["id"] == "withdraw-remaining"


@pytest.mark.parametrize(
    "question, expected",
    [
        # a clause asking for the closure beside another question: the steps, in the order asked, and the other entry
        ("How do I close my account and how long does it take?", ("closure-steps", "closure-duration")),
        ("how do I withdraw everything and close the account", ("withdrawal-limits", "closure-steps")),
        # a message that wants the account closed and asks about a hurdle: the hurdle's entry, then the steps
        (
            "I need to close my binance account but I still have an open futures position, is that a problem?",
            ("open-positions", "closure-steps"),
        ),
        ("子账户还没处理，我要把账户全部注销", ("sub-accounts", "closure-steps")),
        # ...or asks whether the closure can still go ahead, or opens with the command
        ("my kyc was rejected, can I still close my account?", ("kyc-verified", "closure-steps")),
        ("合约还有仓位,还能销户吗", ("open-positions", "closure-steps")),
        ("close the main account, I have sub accounts", ("sub-accounts", "closure-steps")),
    ],
)
def test_a_request_beside_another_question_gets_the_steps_too(engine, question, expected):
    assert engine.decide(question).entries == expected


def test_the_steps_beside_a_hurdle_take_no_conflict_flag_from_the_hurdles_words(assistant):
    # "forgot" says when of the staking, not of the closure: the steps read only the words that want it
    reply = assistant.ask("I forgot to redeem my locked staking, can I still close?")
    assert [e["id"] for e in reply.entries] == ["earn-staking", "closure-steps"]
    assert not reply.conflicts, reply.conflicts


@pytest.mark.parametrize(
    "question",
    [
        "do I need to close my futures positions first?",  # the positions are what is closed
        "子账户也要注销吗",  # "要" asks whether it must be, it wants nothing
        "what happens to my NFTs when I close my account",
    ],
)
def test_a_question_about_a_hurdle_without_a_wish_to_close_gets_no_steps(engine, question):
    assert "closure-steps" not in engine.decide(question).entries


def test_a_clause_about_what_follows_a_closure_asks_no_steps(engine):
    # "after I request deletion" sets when; the question is about the records
    assert (
        "closure-steps"
        not in engine.decide("After I request deletion, will there still be time to save my records?").entries
    )


@pytest.mark.parametrize(
    "question",
    [
        "I opened a second account, so how do I close the old one?",  # "one" stands for the account
        "换了新手机号注册了新号,老账号怎么注销",  # which of one's accounts, before the question
        "币都卖完了,最后一步怎么注销",  # the last step asked after what was done first
    ],
)
def test_how_to_close_after_a_setting_in_other_words_gets_the_steps(engine, question):
    assert engine.decide(question).entries[:1] == ("closure-steps",)


@pytest.mark.parametrize(
    "question, expected",
    [
        # "会怎么样" is "会怎样" (what happens to it) with one more character; "怎么处理" asks what to do with a thing
        ("API密钥会怎么样", "api-keys"),
        ("子账户会怎么样", "sub-accounts"),
        ("NFT要怎么处理", "nfts"),
        ("合约仓位要怎么处理", "open-positions"),
    ],
)
def test_what_happens_to_a_thing_in_chinese_other_words_is_about_closing(engine, question, expected):
    assert engine.decide(question).entries[:1] == (expected,)


@pytest.mark.parametrize(
    "first, second, expected",
    [
        # a continuation that acts on what the previous answer spoke of carries its subject over, and may say when
        ("How do I close my Binance account?", "so what if I regret it next month?", "cancel-closure-request"),
        ("How do I close my Binance account?", "ok, and is it instant or will I have to wait?", "closure-duration"),
    ],
)
def test_a_continuation_acting_on_the_previous_thing_is_read_with_it(assistant, first, second, expected):
    previous = assistant.ask(first)
    assert assistant.ask(second, after=previous.entry["id"]).entry["id"] == expected


@pytest.mark.parametrize(
    "second",
    ["and is it going to rain next week?", "so can I return it to the shop tomorrow?"],
)
def test_a_continuation_with_a_subject_of_its_own_is_judged_alone(assistant, second):
    previous = assistant.ask("How do I close my Binance account?")
    assert assistant.ask(second, after=previous.entry["id"]).fallback


def test_a_word_of_manner_is_read_by_its_everyday_stem(engine):
    assert engine._says_how("properly") and engine._says_how("happily")
    assert not engine._says_how("family") and not engine._says_how("supply") and not engine._says_how("only")


def test_a_plural_pronoun_after_things_named_first_stands_for_them(engine):
    # "them" is the rewards the message names first, not what the previous answer spoke of
    assert engine._things_named_before("and the referral rewards, do i lose them?")
    assert not engine._things_named_before("what if i can't withdraw them in time?")
    assert not engine._things_named_before("what happens during those days")


@pytest.mark.parametrize(
    "question",
    [
        # txt-speak around the request: "tryna", "lemme", "outta", "hw 2" written out
        "tryna delete my acc but cant see the option",
        "get me outta this exchange",
        "hw 2 del acc??",
        # a letter's frame ("I wish to…", "with immediate effect") and the user agreement as the account
        "Dear Binance, I wish to terminate my customer agreement and have my account closed with immediate effect.",
        # Chinese giving up on something else first: "干脆…算了" is a mood, not a thing closed
        "验证老是失败,干脆注销算了,怎么注销",
        # the one the user promised is not whose account closes
        "我女朋友不让我炒币了,我答应她把币安账号注销,怎么弄?",
        # the bot asked to submit the request itself
        "could you file a deletion request for me?",
    ],
)
def test_casual_formal_and_reasoned_requests_get_a_closure_entry(assistant, question):
    reply = assistant.ask(question)
    assert not reply.fallback, reply.confidence
    assert reply.entry["id"] in CLOSURE_ENTRIES


def test_the_button_asked_for_after_the_request_gets_the_steps(engine):
    assert engine.decide("lemme close my acc real quick, what do I press").entries == ("closure-steps",)


@pytest.mark.parametrize(
    "question, expected",
    [
        # "everything" closed beside a hurdle; the account wanted closed after the money is out
        (
            "I still have a sub-account, I want to delete everything, where do I start?",
            ("sub-accounts", "closure-steps"),
        ),
        (
            "my withdrawal has been pending for days, honestly I just want my funds out and the account deleted",
            ("withdraw-remaining", "closure-steps"),
        ),
        # a plan whose last step closes the account, asked for the order of its steps
        (
            "I need to cancel my orders, redeem my savings and finally close the account, what order should I do it in?",
            ("open-orders", "closure-steps"),
        ),
    ],
)
def test_a_hurdle_or_a_plan_beside_the_closure_gets_the_steps_too(engine, question, expected):
    assert engine.decide(question).entries == expected


def test_a_numbered_step_that_closes_the_account_asked_by_its_number_gets_the_steps(engine):
    plan = "Plan: 1) sell my coins 2) withdraw to my bank 3) delete the account."
    assert engine.decide(f"{plan} How do I do step 3?").entries == ("closure-steps",)
    # another step asked by its number keeps its own entry; a step only told of asks nothing
    assert engine.decide(f"{plan} How long does step 2 take?").entries[:1] != ("closure-steps",)
    assert engine._closing_step_asked("step one: sell. step two: close my account. what's step two?")
    assert not engine._closing_step_asked("step one: sell. step two: close my account. i did step two.")


def test_someone_only_told_or_promised_the_closure_is_not_whose_account_it_is():
    from bot.matching.engine import _someone_elses

    assert not _someone_elses("i promised her i would close my account")
    assert not _someone_elses("我答应她把 account close")
    assert _someone_elses("she wants to close her account")
    assert _someone_elses("他要把 account close")


@pytest.mark.parametrize(
    "question",
    [
        # an identity document got or replaced is the issuing office's matter
        "how do I renew my id card after moving",
        "how to get a new id card after moving",
    ],
)
def test_an_identity_document_got_without_closing_is_declined(assistant, question):
    reply = assistant.ask(question)
    assert reply.fallback, (reply.entry, reply.confidence)


@pytest.mark.parametrize(
    "question",
    [
        "I renewed my passport, can I still close my account",
        "do I need to get a new passport before I can reopen my account",
    ],
)
def test_documents_asked_with_closing_are_answered(assistant, question):
    reply = assistant.ask(question)
    assert not reply.fallback, reply.confidence


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # what is done before leaving, asked of Binance by name without a word of closing: still the KB's matter here
        ("What is Binance's daily withdrawal limit?", "withdrawal-limits"),
        ("How many days does a Binance fiat withdrawal take?", "fiat-withdrawal-time"),
        ("How do I export my Binance transaction history?", "export-history"),
        ("Does Binance send a confirmation email?", "confirmation-email"),
    ],
)
def test_a_topic_of_the_kb_asked_of_binance_by_name_is_answered(assistant, question, expected):
    reply = assistant.ask(question)
    assert not reply.fallback and reply.entry["id"] == expected, (reply.entry, reply.confidence)


def _second_turn(assistant, first, second):
    previous = assistant.ask(first)
    return assistant.ask(second, after=previous.entry["id"])


@pytest.mark.parametrize(
    "first, second",
    [
        ("how do i close binance", "wont they just turn my coins into cash when it closes?"),
        ("how do i close binance", "two days or a whole week, which is it?"),
        ("how do i close binance", "a few hours or one week, which one is it?"),
    ],
)
def test_a_follow_up_is_read_without_typing_slips_and_words_that_say_when(assistant, first, second):
    # A negated auxiliary typed without its apostrophe is the auxiliary; words that only say when leave a question
    # short enough to lean on the previous answer.
    reply = _second_turn(assistant, first, second)
    assert not reply.fallback, (reply.entry, reply.confidence)


@pytest.mark.parametrize(
    "first, second, expected",
    [
        ("how do i close binance", "k thanks. and the sub-accounts?", "sub-accounts"),
        ("how do i close binance", "k ty, and the nfts?", "nfts"),
        ("If I close binance can I make a new account later", "do i really have to wait?", "reregister"),
        ("how do i close binance", "what about my referral commission that's still pending?", "referral-commissions"),
        ("how do i close binance", "and my referral rewards which are still pending?", "referral-commissions"),
        ("can I reuse my phone number after closing binance", "and my email address?", "reregister-same-email"),
        ("币安怎么销户", "合约还有持仓怎么办", "open-positions"),
        ("币安怎么销户", "钱包还有币怎么办", "zero-balance"),
        ("what do I need to do before closing binance", "cn i undo that", "cancel-closure-request"),
        ("how do i close binance", "and my phone number?", "reregister-same-email"),
        (
            "how long does a fiat withdrawal take before closing binance",
            "what if my money is held at my bank?",
            "fiat-withdrawal-time",
        ),
        ("how to close binance account with a grid bot running", "stop the grid bot?", "open-orders"),
    ],
)
def test_a_follow_up_in_everyday_shapes_gets_its_entry(assistant, first, second, expected):
    # txt-speak thanks before "and the …"; a bare "do I have to …?"; a state told of the thing after it; a thing the
    # previous question names; a thing told as still held in Chinese ("…还有…怎么办"); "cn" for "can"; a phone number,
    # which the KB says may be reused; a bank after an answer that speaks of banks; whether to stop a thing, asked by
    # the verb with a question mark.
    reply = _second_turn(assistant, first, second)
    assert not reply.fallback and reply.entry["id"] == expected, (reply.entry, reply.confidence)


@pytest.mark.parametrize(
    "first, second, expected",
    [
        # "dose" for "does" before the one asked of
        ("closing my binance account", "how long dose it take?", "closure-duration"),
        # "ppl", and people who signed up with the user's code or link: the referrals
        ("i want to close binance", "ppl registered with my link, do they still count?", "referral-commissions"),
        # where a thing of the user's goes: what becomes of it
        ("close binance account", "where will my funds go", "what-is-lost"),
        # whether a thing just told of matters: whether it is a problem
        ("close binance account", "i still have a stop order open, does that matter?", "open-orders"),
        # a currency's withdrawal is a fiat one
        (
            "what must i do before closing binance",
            "how many days for the usd withdrawal to arrive",
            "fiat-withdrawal-time",
        ),
        # the fee discount is the VIP level's
        ("how do i close binance", "will my fee discount survive?", "vip-status"),
        # "后" ends "注销后" (after closing): "后要" is no word
        ("币安怎么注销", "注销后要几天才能完成", "closure-duration"),
        # what is held in a place is the place's: the money in Earn is Earn's money
        ("币安怎么注销", "理财里面的钱呢", "earn-staking"),
        ("币安怎么注销", "那理财里的钱呢", "earn-staking"),
    ],
)
def test_a_follow_up_understood_on_its_own_gets_its_entry(assistant, first, second, expected):
    reply = _second_turn(assistant, first, second)
    assert not reply.fallback and reply.entry["id"] == expected, (reply.entry, reply.confidence)


@pytest.mark.parametrize(
    "question",
    [
        "what dose of vitamin d should i take",
        "does it matter which bank i use for a mortgage",
        "where do my tax dollars go",
    ],
)
def test_the_same_words_elsewhere_stay_declined(assistant, question):
    reply = assistant.ask(question)
    assert reply.fallback, (reply.entry, reply.confidence)


def test_a_currencys_withdrawal_alone_is_the_fiat_one(assistant):
    reply = assistant.ask("欧元提现要几天")
    assert not reply.fallback and reply.entry["id"] == "fiat-withdrawal-time", (reply.entry, reply.confidence)


def test_how_long_a_phone_number_takes_to_close_is_the_carriers_after_an_answer_too(assistant):
    replies = [assistant.ask("手机号注销需要多长时间"), _second_turn(assistant, "币安怎么注销", "手机号注销要多久")]
    assert [(r.fallback, r.entry) for r in replies] == [(True, None)] * 2, [r.confidence for r in replies]


@pytest.mark.parametrize(
    "first, second",
    [
        ("how do i close binance", "what's 7*8"),
        ("how long does closing binance take", "what time is it in tokyo"),
        ("how long does closing binance take", "what's the time?"),
        ("how long does closing binance take", "what day is it"),
    ],
)
def test_a_sum_or_the_clock_after_an_answer_is_declined(assistant, first, second):
    reply = _second_turn(assistant, first, second)
    assert reply.fallback, (reply.entry, reply.confidence)


@pytest.mark.parametrize(
    "first, second",
    [
        # a bank or a broker where something of the user's is held or done, not where the money goes
        ("how do i close binance", "is that irreversible for bank accounts too?"),
        ("how long does closing binance take", "how long does it take with my bank"),
        # a carrier's plan or contract, which the KB never speaks of
        ("how do i close binance", "and my phone plan?"),
        ("how do i close binance", "what about my mobile contract?"),
        # another exchange the same is asked of, a mail provider waited for to act
        ("how do i close binance", "same for coinbase?"),
        ("how do i close binance", "how long does it take for outlook to delete"),
    ],
)
def test_a_second_message_naming_another_place_is_judged_alone(assistant, first, second):
    # declined as it is alone: the previous turn is no reason to answer it
    replies = [assistant.ask(second), _second_turn(assistant, first, second)]
    assert [(r.fallback, r.entry) for r in replies] == [(True, None)] * 2, [r.confidence for r in replies]


@pytest.mark.parametrize(
    "first, second, expected",
    [
        ("what do I need to do before closing binance", "all done, now what?", "closure-steps"),
        ("what do I need to do before closing binance", "did all that. what next?", "closure-steps"),
        ("what do I need to do before closing binance", "接下来呢", "closure-steps"),
        ("how do i close binance", "never mind, found the security page. now what", "closure-steps"),
        ("how do i close binance", "nvm found the settings page, now what?", "closure-steps"),
        # what the previous answer does not point on to the steps from keeps its own entry; a setting asked about
        # is a question of its own
        ("what do I do with dust before closing binance", "ok, now what?", "convert-dust"),
        ("how do i close binance", "got some dust in 10 coins, now what", "convert-dust"),
        # the first step asked for is the first step of closing, whatever the answer before spoke of
        ("steps to close binance", "whats step 1", "closure-steps"),
        ("how long does closing a binance account take", "ok what's the first step?", "closure-steps"),
        ("what do I lose if I close binance", "ok and how do I start it?", "closure-steps"),
        ("怎么注销币安账户", "第一步要做什么", "closure-steps"),
        ("注销币安要多久", "从哪开始", "closure-steps"),
    ],
)
def test_what_comes_next_follows_the_previous_answer(assistant, first, second, expected):
    reply = _second_turn(assistant, first, second)
    assert not reply.fallback and reply.entry["id"] == expected, (reply.entry, reply.confidence)


@pytest.mark.parametrize(
    "question",
    [
        # the closing verb and "account" spelt as they sound, the vowels guessed
        "i wanna dileet my binance acount",
        # leaving "from" the platform, for good
        "how do I exit from your platform for good",
        # a subscription to Binance itself is the account
        "please cancel the binance subscription I have",
        # the partner wants the user to close the user's own account
        "My girlfriend and I are merging our budgets and she wants me to close my own binance account. Which menu is it in?",
        # an angry complaint around a request, its "而已" (merely) no "already"; a measure word before the account
        "客服根本不理人!!! 等了好几天 我只是想销个号而已 太离谱了",
        # an interjection drawn out
        "怎么注销币安啊啊啊啊",
        "币安怎么销户呜呜呜",
        # on the web version rather than the app
        "电脑版币安怎么销户",
        "在网页端怎么注销币安账户",
    ],
)
def test_misspelt_partner_angry_and_web_version_requests_get_a_closure_entry(assistant, question):
    reply = assistant.ask(question)
    assert not reply.fallback, reply.confidence
    assert reply.entry["id"] in CLOSURE_ENTRIES


def test_vowels_guessed_wrong_are_corrected_by_the_consonants(engine):
    assert engine.speller_("deleet") == "delete"
    assert engine.speller_("dileet my acount") == "delete my account"


@pytest.mark.parametrize(
    "question",
    [
        "please erase my personal details and my account",
        "delete my info and my entire account",
        "清除我的数据以及账号",
    ],
)
def test_the_account_removed_with_other_things_gets_the_steps_first(engine, question):
    decision = engine.decide(question)
    assert decision.entries[0] == "closure-steps", decision.entries


def test_someone_who_wants_the_user_to_close_is_not_whose_account_it_is():
    from bot.matching.engine import _someone_elses

    assert not _someone_elses("my wife wants me to close my own account")
    assert not _someone_elses("他让我把 account close")
    assert _someone_elses("my wife wants to close her account")


@pytest.mark.parametrize(
    "question",
    [
        # deleting things of a phone's, "every" and "all" only saying how many
        "how do I delete every photo on my android",
        "delete all the videos from my phone",
        # a bank or a broker asking for something of its own
        "my bank keeps asking me to verify my identity again",
        "银行又要求我上传身份证",
        # a stock broker's account
        "how do I close my fidelity brokerage account",
        "transfer stocks out of schwab and close the account",
        # a phone number closed, and nothing more
        "手机号注销怎么办理",
        # how a feature is used
        "how do I use binance convert",
        "how does binance convert work",
        "how do I use binance earn",
        "币安理财怎么用",
    ],
)
def test_photos_a_banks_check_a_broker_a_phone_number_and_using_a_feature_are_declined(assistant, question):
    reply = assistant.ask(question)
    assert reply.fallback, (reply.entry, reply.confidence)


@pytest.mark.parametrize(
    "question",
    [
        "my bank asked for proof of funds, do I still need it to close my binance account?",
        "手机号注销后还能用来注册新的币安账号吗",
        "how do I use my referral code after I sign up again",
        "do I need to use a desktop browser to close my account",
        # "all" before a thing of the account's own
        "please wipe all traces of my account",
        "I'm removing every app I have, binance included, how do I close it?",
    ],
)
def test_the_same_things_asked_with_closing_are_answered(assistant, question):
    reply = assistant.ask(question)
    assert not reply.fallback, reply.confidence


@pytest.mark.parametrize(
    "first, second",
    [
        # another service's account or mailbox brought up after an answer on closing
        ("how do i close binance", "and for my steam account?"),
        ("how do i close binance", "and my outlook?"),
        ("can i close binance in the app", "does that work for spotify as well"),
        ("how do i close binance", "GAME帳號也可以這樣刪嗎"),
        ("what do I need to do before closing binance", "and for my venmo account?"),
    ],
)
def test_another_service_brought_up_after_a_closing_answer_is_declined(assistant, first, second):
    reply = _second_turn(assistant, first, second)
    assert reply.fallback, (reply.entry, reply.confidence)


@pytest.mark.parametrize(
    "first, second",
    [
        # the time a thing of its own takes, counted down to a date, or a product to recommend
        ("how do i close binance", "how long does a passport take then?"),
        ("how do i close binance", "how long does a mortgage take then?"),
        ("how long does closing binance take", "how many days until next year"),
        ("how do i close binance", "which exchange would you recommend then?"),
        # a question about Binance itself, with a topic of its own
        ("币安怎么注销", "币安期权手续费是多少"),
    ],
)
def test_a_question_of_its_own_after_a_closing_answer_is_declined(assistant, first, second):
    reply = _second_turn(assistant, first, second)
    assert reply.fallback, (reply.entry, reply.confidence)


@pytest.mark.parametrize(
    "first, second, expected",
    [
        # Binance named with nothing but a frame, a thing the KB speaks of, or one pointing back, still leans
        ("how do i close binance", "how long does binance take then?", "closure-duration"),
        ("how do i close binance", "币安要多久", "closure-duration"),
        ("how do i close binance", "and my funding account?", None),
        ("how do i close binance", "and my gmail address?", None),
        ("how do i close binance", "how many days until it's gone", "closure-duration"),
    ],
)
def test_follow_ups_near_those_still_lean_on_the_previous_answer(assistant, first, second, expected):
    reply = _second_turn(assistant, first, second)
    assert not reply.fallback, reply.confidence
    assert expected is None or reply.entry["id"] == expected, reply.entry


@pytest.mark.parametrize(
    "question, expected",
    [
        # "两步验证" (two-step verification) is 2FA; "个人资料" (personal details) is the user's data
        ("要先设置两步验证吗", "two-factor-auth"),
        ("币安会保留我的个人资料吗", "data-retention"),
        ("注销后个人资料还在吗", "data-retention"),
    ],
)
def test_chinese_names_for_2fa_and_personal_details_are_understood(assistant, question, expected):
    reply = assistant.ask(question)
    assert not reply.fallback and reply.entry["id"] == expected, (reply.entry, reply.confidence)


@pytest.mark.parametrize(
    "question",
    [
        # the account made to vanish, or the user let out of the exchange
        "is there a way to make my account vanish for good",
        "i want binance to forget me completely",
        "this app is awful, how do i get out of this platform",
        "please get my account off binance",
        "I no longer want to hold an account here, what do I do?",
        # a non-native "finish" for ending the account
        "please i want finish my account",
        # whether accounts can be deleted at all
        "are accounts on binance even deletable?",
        # Chinese: the account made to disappear, the exchange no longer used
        "这个账号我不想要了，怎么让账号消失",
        "币安我不用了，怎么弄",
    ],
)
def test_euphemisms_for_closing_get_a_closure_entry(assistant, question):
    reply = assistant.ask(question)
    assert not reply.fallback, reply.confidence
    assert reply.entry["id"] in CLOSURE_ENTRIES, reply.entry


@pytest.mark.parametrize(
    "question",
    [
        # other things closed in the story, the request in a sentence of its own
        "We are splitting up and my accountant told me to close every shared bank card. I hold a binance account I want to close. Steps?",
        "My exchange withdrawal is stuck. I want to close my account. Will closing make it worse?",
    ],
)
def test_a_request_of_its_own_beside_a_story_of_other_things_closed_is_answered(assistant, question):
    reply = assistant.ask(question)
    assert not reply.fallback, reply.confidence


@pytest.mark.parametrize(
    "question",
    [
        # a game's account
        "原神不想玩了，账号怎么注销",
        # a phone number or a SIM card no longer used, the closing asked after it
        "电话号码不要了，要怎么注销",
        "手机卡用不上了，需要注销吗",
        # a business named after the reason
        "店铺关门了，营业执照怎么注销",
    ],
)
def test_a_games_account_a_number_no_longer_used_and_a_business_are_declined(assistant, question):
    reply = assistant.ask(question)
    assert reply.fallback, (reply.entry, reply.confidence)


@pytest.mark.parametrize(
    "question",
    [
        "手机号不用了，币安账号怎么注销",
        "生意不做了，币安账户怎么注销",
        "What is Binance's daily withdrawal limit?",
    ],
)
def test_the_same_with_binance_closed_or_no_closing_word_stay_answered(assistant, question):
    reply = assistant.ask(question)
    assert not reply.fallback, reply.confidence


@pytest.mark.parametrize(
    "first, second, expected",
    [
        # deeds the previous answer asked for, told as done, before asking what comes next
        (
            "what do i have to clear before closing binance",
            "ok i withdrew everything and cancelled my orders. now what?",
            "closure-steps",
        ),
        ("how do i close binance", "done. cancelled everything. whats next", "closure-steps"),
        ("how do i close binance", "ok so i cancelled orders, redeemed earn, withdrew. what next", "closure-steps"),
        ("how do i close binance", "ok i did everything, what do i click now", "closure-steps"),
        # a typo of "what", a hedge of quantity, a word that only says when after the verb, a change of heart
        ("how do i close binance", "waht about my staking", "earn-staking"),
        ("注销币安账号怎么操作", "大概多少天能完成", None),
        ("how do i close binance", "why is my api key revoked immediately", "api-keys"),
        ("怎么注销币安", "后悔了能恢复吗", "reopen-closed-account"),
    ],
)
def test_deeds_done_slips_hedges_and_regret_in_a_follow_up_keep_it_answered(assistant, first, second, expected):
    reply = _second_turn(assistant, first, second)
    assert not reply.fallback, reply.confidence
    assert expected is None or reply.entry["id"] == expected, reply.entry


@pytest.mark.parametrize(
    "first, second",
    [
        # what is told done is not the previous answer's
        ("how do i close binance", "ok i cancelled my netflix and my gym membership, now what?"),
        ("how do i close binance", "i sold my car, now what?"),
        # a change of heart about another thing
        ("怎么注销币安", "后悔买了这个手机能退吗"),
    ],
)
def test_deeds_and_regret_about_other_things_stay_declined(assistant, first, second):
    reply = _second_turn(assistant, first, second)
    assert reply.fallback, (reply.entry, reply.confidence)


@pytest.mark.parametrize(
    "first, second, expected",
    [
        # a Chinese topic word right after a Latin name is still asked of it
        ("币安注销流程是什么", "NFT怎么办", "nfts"),
        ("币安注销流程是什么", "VIP还在吗", "vip-status"),
        # "要先" (must … first) asks what closing needs, as "first" does
        ("币安账户注销", "为什么要先取消挂单", "open-orders"),
        # "docs" for documents
        ("close binance acct", "kyc docs deleted?", "data-retention"),
        # a friend who signed up with the user's referral code is a referral
        (
            "How can I close my Binance account?",
            "my friend signed up with my referal code, what happens to that",
            "referral-code",
        ),
    ],
)
def test_chinese_topic_words_after_latin_names_must_first_docs_and_friends_referred_are_understood(
    assistant, first, second, expected
):
    reply = _second_turn(assistant, first, second)
    assert not reply.fallback and reply.entry["id"] == expected, (reply.entry, reply.confidence)


@pytest.mark.parametrize(
    "first, second",
    [
        ("币安注销流程是什么", "QQ还能用吗"),
        ("币安账户注销", "我要先吃饭吗"),
        ("close binance acct", "how do i share google docs"),
        ("How can I close my Binance account?", "my friend signed up with my gym, what now"),
    ],
)
def test_the_same_words_about_other_things_stay_declined(assistant, first, second):
    reply = _second_turn(assistant, first, second)
    assert reply.fallback, (reply.entry, reply.confidence)


@pytest.mark.parametrize(
    "question",
    [
        # English and Chinese mixed: the Chinese verb, then whose account in English
        "pls tell me how to 删除 my account",
        # a language asked for after the question only says how to answer
        "账户怎么关闭 in english pls",
        # the closing's button, entry point or guide is the way to it, not a thing closed
        "币安注销入口在哪",
        "账号注销攻略",
        # impatience after a command, and the bot named as who should act
        "I'm sick of the verification emails. Close my account already.",
        "could this chatbot delete my account for me?",
    ],
)
def test_mixed_languages_the_way_to_the_closing_and_impatience_get_a_closure_entry(assistant, question):
    reply = assistant.ask(question)
    assert not reply.fallback, reply.confidence
    assert CLOSURE_ENTRIES & {e["id"] for e in reply.entries}, reply.entries


@pytest.mark.parametrize(
    "question", ["怎么删除 my photos", "how do I delete a blank page in word", "微信聊天记录怎么删除"]
)
def test_other_things_deleted_in_mixed_or_plain_wording_stay_declined(assistant, question):
    reply = assistant.ask(question)
    assert reply.fallback, (reply.entry, reply.confidence)


@pytest.mark.parametrize(
    "question",
    [
        # a phone's or a shop's payment app, an exchange named without its domain
        "how can I deactivate samsung pay on my phone",
        "注销gate的账户要多久",
        # whether a feature is safe or worth it, how to switch one on
        "is binance simple earn safe?",
        "币安理财靠谱吗",
        "how do i turn on the bnb discount for trading fees",
        # a scam or an impostor reported
        "someone pretending to be binance support wants my password",
        # a carrier's number, whose number said first
        "联通的号码如何注销",
        # another holder keeping its own records
        "how long does my broker keep the records once the account is closed",
        "does google retain my photos after I close my account?",
    ],
)
def test_payment_apps_a_features_safety_a_scam_a_carriers_number_and_a_holders_records_are_declined(
    assistant, question
):
    reply = assistant.ask(question)
    assert reply.fallback, (reply.entry, reply.confidence)


@pytest.mark.parametrize(
    "question",
    [
        # a verb of ending with its particle, the account no longer needed, the wish not to keep it
        "time to wind down my binance account, how?",
        "I no longer need my binance account at all",
        "这个账号不想再保留了",
        # the same words beside closing stay answered
        "is it safe to close my account while funds are still in it?",
        "I got scammed last week, please delete my account",
        "my bank keeps blocking my transfers, close my account",
    ],
)
def test_endings_with_a_particle_and_an_account_no_longer_wanted_get_a_closure_entry(assistant, question):
    reply = assistant.ask(question)
    assert not reply.fallback, reply.confidence


@pytest.mark.parametrize(
    ("question", "answered"),
    [
        # how long a search took, after the closing verb, is no thing closed
        ("注册五分钟，注销找了三个小时，到底怎么注销", True),
        # ...while a thing after the duration still is
        ("删除三个月前的聊天记录", False),
    ],
)
def test_a_chinese_duration_after_the_closing_verb_is_no_thing_closed(assistant, question, answered):
    reply = assistant.ask(question)
    assert reply.fallback is not answered, (reply.entries, reply.confidence)


@pytest.mark.parametrize(
    ("question", "answered"),
    [
        # a story of other things closed, then the subject named, then how to close "it"
        (
            "I deleted my old forum accounts and my music streaming account last week. Binance is the last one left. How do I close it?",
            True,
        ),
        # ...while a thing of its own asked after the subject is still that thing
        ("I closed my bank account and my paypal. I also use binance. How do I delete my photos?", False),
    ],
)
def test_how_to_close_it_after_a_sentence_naming_binance_is_the_account(assistant, question, answered):
    reply = assistant.ask(question)
    assert reply.fallback is not answered, (reply.entries, reply.confidence)


@pytest.mark.parametrize(
    "question",
    [
        # closing on a home, or its mortgage, is buying it
        "when do we close on our new condo",
        "how much are mortgage closing costs",
        # what is needed before an act the KB never speaks of
        "what should i prepare before moving abroad",
        "what do we need before renting a flat",
        # two phones, one moved to from the other
        "switching from my old iphone to a new android, how do i move my photos",
        # a transfer sent to the wrong place, undone or got back
        "币发错链了能找回吗",
        "钱打错人了怎么撤回",
    ],
)
def test_a_home_closed_on_an_act_prepared_for_phones_switched_and_a_transfer_sent_wrong_are_declined(
    assistant, question
):
    reply = assistant.ask(question)
    assert reply.fallback, (reply.entry, reply.confidence)


@pytest.mark.parametrize(
    "question",
    [
        # the same frames about the account stay answered
        "how long does closing my binance account take",
        "what do i need before closing my account",
        "what do i need before withdrawing everything and closing",
        "can i close my account from android or only on iphone",
        "点错注销了还能撤回吗",
        "注销申请提交错了能撤回吗",
    ],
)
def test_closing_the_account_in_the_same_frames_gets_a_closure_entry(assistant, question):
    reply = assistant.ask(question)
    assert not reply.fallback, reply.confidence


@pytest.mark.parametrize(
    ("question", "answered"),
    [
        # a closing request with the frame words or the closing words of another language written beside English
        ("hola amigos, necesito cerrar mi cuenta binance por favor", True),
        ("quero fechar minha conta da binance, what are the steps", True),
        ("mujhe apna binance account delete karwana hai", True),
        ("bhai binance acc band kar do", True),
        # the exchange's Chinese name in pinyin
        ("bi an zhanghao zenme zhuxiao", True),
        ("hallo, bitte delete my binance account", True),
        # ...while another service's account closed in the same words is still declined
        ("necesito cerrar mi cuenta de netflix", False),
        ("mujhe apna instagram account delete karna hai", False),
        ("close my klarna account pls", False),
    ],
)
def test_closing_requests_mixed_with_other_languages_get_a_closure_entry(assistant, question, answered):
    reply = assistant.ask(question)
    assert reply.fallback is not answered, (reply.entries, reply.confidence)


@pytest.mark.parametrize(
    "question",
    [
        # leaving the exchange, or asked of nothing after a frame that asks how or wants to
        "how do i quit",
        "worst exchange ever. how do I get out of here",
        "how do i bail on binance",
        "how do i ghost binance permanently",
        "wanna dip from binance for good",
        "i wnt to leav binance",
        "我要退出,不玩了",
        "币安可以退出吗，怎么退",
        # no longer being the exchange's user, or taken off as one
        "i no longer want to be a binance user",
        "not interested in being a binance client anymore",
        "how would someone go about no longer being a binance user",
        "不想做币安用户了",
        "我怎么才能不再是币安会员",
        "cancel me",
        "Remove me as a user.",
        "wipe me off binance",
        # whether one may, or a way to
        "is it even possible to leave binance?",
        "are we allowed to terminate our own accounts here",
        "do you guys allow account closures or nah",
        "is there a way to stop being a binance customer",
        # "取消" applied to the account, "end" applied to it, pinyin
        "怎么取消我的币安账户",
        "请问怎么cancel我的币安账户",
        "end account",
        "xiaohu zenme nong",
        "zenme shanhao",
        # more verbs of removal, and more names of the account
        "how do I torch my binance account",
        "please remove my user ID",
        "怎么关比安账号",
        # the role or the registration closed or cancelled
        "我要注销会员",
        "怎么cancel我的币安会员",
        "币安怎么取消注册",
        # no longer wanting an account at all, or wanting it not to exist; leaving done properly
        "I no longer want an account here, how?",
        "how can I make my account not exist anymore",
        "switching to kraken, how do I leave properly?",
    ],
)
def test_leaving_no_longer_being_a_user_and_whether_one_may_get_the_steps(assistant, question):
    reply = assistant.ask(question)
    assert not reply.fallback and reply.entry["id"] in CLOSURE_ENTRIES, (reply.entries, reply.confidence)


@pytest.mark.parametrize(
    "question",
    [
        # a verb of leaving with a thing after it is about that thing, and logging out is not leaving
        "how do i quit my job politely",
        "how do i quit smoking",
        "how to leave a discord server",
        "怎么退出微信群",
        "币安怎么退出登录",
        "旧手机上的账号怎么退出",
        "我打算退出币圈了",
        # another service's user, a mailing list, an order cancelled
        "i no longer want to be a spotify premium user, how to cancel",
        "cancel me from the newsletter of my local gym",
        "done with your spam, remove me",
        "淘宝订单怎么取消",
        "爱奇艺会员怎么取消自动续费",
        # the role's renewal cancelled, another site's user ID, other things torched
        "怎么取消会员的自动续费",
        "how to delete my user ID on discord",
        "how do I torch my old notes",
    ],
)
def test_leaving_another_thing_and_cancelling_another_thing_are_declined(assistant, question):
    reply = assistant.ask(question)
    assert reply.fallback, (reply.entries, reply.confidence)


@pytest.mark.parametrize(
    ("question", "hurdle"),
    [
        # whether one such as the user may close: the hurdle's entry and the steps
        ("can verified users close their accounts", "kyc-verified"),
        ("is it allowed to delete an account that has passed kyc", "kyc-verified"),
        ("实名认证过的账户可以注销吗", "kyc-verified"),
        ("还有个挂单没撤，能先注销吗", "open-orders"),
    ],
)
def test_whether_one_may_close_beside_a_hurdle_gets_the_hurdle_and_the_steps(engine, question, hurdle):
    assert engine.decide(question).entries == (hurdle, "closure-steps")


def test_how_long_or_only_then_beside_a_chinese_can_close_asks_no_steps(engine):
    assert engine.decide("多久能注销完成？", after="closure-steps").entries == ("closure-duration",)
    assert "closure-steps" not in engine.decide("为什么要KYC认证过才能注销", after="closure-steps").entries


@pytest.mark.parametrize(
    "question",
    [
        # the account had gone, or gotta go; the whole of it closed; a Chinese clause that only bids it closed
        "wondering if i can just walk away and have the account gone",
        "binance acc gotta go, how",
        "my old phone died and i got back in with recovery, but now i just want to close the whole thing",
        "KYC审核三次都没过，算了，账号注销吧",
        # a second command beside the closure, the account named whole
        "stop sending me emails and delete my entire binance account, I'm sick of this",
        # the closing as what is asked about: what follows says what it is
        "is leaving binance complicated",
        "is the closing process fast",
    ],
)
def test_the_account_had_gone_or_closed_whole_gets_the_steps(engine, question):
    assert "closure-steps" in engine.decide(question).entries


@pytest.mark.parametrize(
    "question",
    [
        # when a feature does something, which of its kind is best, whether it is risky, the amount it takes
        "when is the staking reward paid out",
        "best earn product for usdt",
        "is binance launchpool risky",
        "理财有风险吗",
        "理财产品值得投资吗",
        "how much usdt do i need for a launchpool",
        # the fee of trading or depositing, which is not the withdrawal fee the KB speaks of
        "what's the fee for trading spot",
        "what are the maker and taker fees",
        "现货交易手续费是多少",
        "充值手续费多少",
        # a thing not shown in another place, a utility's account, a carrier's number handed on to someone else
        "my nft collection doesn't show in my wallet",
        "how do I close my electricity account",
        "电费账户怎么销户",
        "手机号注销以后会给别人用吗",
        "移动手机号怎么注销",
    ],
)
def test_a_features_schedule_pick_risk_amount_or_fee_a_display_problem_a_utility_and_a_number_handed_on_are_declined(
    assistant, question
):
    reply = assistant.ask(question)
    assert reply.fallback, (reply.entry, reply.confidence)


@pytest.mark.parametrize(
    ("question", "expected"),
    [
        # the same frames about the account, its withdrawals or the number's reuse stay answered
        ("when is my account deleted after I submit the request", None),
        ("when will I get the confirmation email", "confirmation-email"),
        ("what's the best way to close my binance account", None),
        ("how much do i need to withdraw before closing", None),
        ("do I lose my trading fee discount after closing", "vip-status"),
        ("what is the withdrawal fee for eth", "withdrawal-fees"),
        ("手机号注销后能再用吗", "reregister-same-email"),
    ],
)
def test_the_same_frames_asked_of_closing_or_withdrawing_are_answered(assistant, question, expected):
    reply = assistant.ask(question)
    assert not reply.fallback, reply.confidence
    assert expected is None or reply.entry["id"] == expected, reply.entry["id"]


@pytest.mark.parametrize(
    ("question", "declined"),
    [
        # a utility's account called "户头", or named by a word with one character after it ("物业费账户")
        ("天然气户头怎么销户", True),
        ("物业费账户怎么注销", True),
        ("币安户头怎么注销", False),
        # a problem told as something not found ("查不到")
        ("提币记录查不到", True),
        # a bank's account closed for someone else, or a bank saying it will close the user's
        ("my grandpa died and I have to close his bank accounts, how do I begin", True),
        ("银行打电话说要注销我的账户怎么办", True),
        ("how do I close my dad's binance account", False),
        # a service named by letters and digits, not an ordinal
        ("how do I delete my n26 account", True),
        ("made a 2nd account by mistake, close it", False),
        # the subject named only to say the question is not about it
        ("nothing to do with binance, how do I close my o2 account", True),
        # a thing named first, asked whether deleting it is safe
        ("这个软件缓存删了安全吗", True),
        ("账号删了安全吗", False),
        # coins deposited, told before the clause that asks to get them back; the account or its closing named there
        ("充进来一个不支持的代币，能帮我恢复吗", True),
        ("充了一点ETH到BSC，能帮我找回吗", True),
        ("充了钱以后账户被注销了，能恢复吗", False),
        # why a thing of trading "did get closed": told, no request
        ("what is auto deleveraging and why did my winning short get closed", True),
        ("my order got filled, I want my account to get closed", False),
    ],
)
def test_utility_accounts_things_not_found_others_bank_accounts_named_services_safe_deleting_deposits_and_trades_closed(
    assistant, question, declined
):
    reply = assistant.ask(question)
    assert reply.fallback is declined, (reply.entry, reply.confidence)
    assert declined or reply.entry["id"] in CLOSURE_ENTRIES | {"reopen-closed-account"}, reply.entry["id"]


@pytest.mark.parametrize(
    ("text", "named"),
    [
        ("not binance related sorry", False),
        ("nothing to do with binance but", False),
        ("not a binance question", False),
        ("这个跟币安无关", False),
        ("i am not a binance user anymore", True),
        ("binance is not related to this", True),
    ],
)
def test_the_subject_named_only_to_set_the_message_apart_is_not_named(text, named):
    from bot.matching.scope import ScopeSignals

    assert ScopeSignals(["binance", "币安"], ["coinbase"]).names_subject(text) is named
