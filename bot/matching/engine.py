"""The answer engine: matches a message to entries and judges confidence and scope; `Decision` says what to answer.

Composing the reply from a decision is the replies layer's job (`bot.replies.assistant`)."""

from __future__ import annotations

import functools
import itertools
import math
import re
import zlib
from collections import Counter
from collections.abc import Iterator
from dataclasses import dataclass, replace

import numpy as np

from ..kb.folding import alternation, any_of, fold, is_cjk
from ..kb.folding import clear_cache as clear_words_cache
from ..kb.knowledge import KnowledgeBase
from ..kb.lexicon import Lexicon
from ..kb.schema import Lang
from .acting import asks_bot_to_act, asks_to_close
from .acting import clear_cache as clear_acting_cache
from .asides import without_asides
from .building import without_collector
from .calibration import LogisticCalibrator
from .covering import TopicCoverage
from .gate import ScopeGate
from .heard import HeardNames
from .itself import ClosedByTheExchange, ClosingOfItself
from .kept import cancels_a_pending_act, keeps_account_closing_another
from .madeby import undone_account
from .quick import Guarded
from .relevance import FILLER, Evidence, TopicalRelevance
from .retriever import HybridRetriever, Match
from .scope import ScopeSignals
from .spelling import SpellingCorrector
from .text import Normalizer, tokens
from .text import clear_cache as clear_token_cache
from .wording import WordingModel

OUT_OF_SCOPE = "~out-of-scope"

# Where one message asks several things: split on sentence ends, or on "and"/"also" before a new question.
# "还有" before an amount ("还有一点USDT": there is still a little USDT) says what is left, not a new question.
# The marker of an item of a numbered list ("1)", "(2)", "3.", "②").
_NUMBERED = re.compile(r"\(?[1-9][).]|[①②③④⑤⑥⑦⑧⑨]")
_QUESTION_BREAK = re.compile(
    r"[?？;；。!！]+\s*"
    # a numbered list ("two things: 1) how to close my account 2) can I still download my history")
    r"|(?:^|\s+)\(?[1-9][).](?=\s)\s*|\s*[①②③④⑤⑥⑦⑧⑨]\s*"
    r"|\s+(?:and|also|plus)\s+(?=(?:what|how|when|where|why|which|can|could|do|does|is|are|will|would|should|must|my)\b)"
    r"|[,，]?\s*(?:还有(?![一几两点些不很好\d])|以及|另外)",
    re.IGNORECASE,
)
# How a question opens, or what marks one in Chinese: a part of a message without either only tells something.
_ASKS = re.compile(
    r"^(?:what|how|when|where|why|which|who|whose|can|could|do|does|did|is|are|was|were|will|would|should|must|may|"
    r"shall|have|has|any|and|also|plus|what's|how's|where's|when's|why's)\b"
    r"|吗|呢|么|多久|多长|多少|什么|怎么|怎样|如何|哪|为什么|为啥|几|能不能|可不可以|会不会|是不是|有没有"
)
_HAN = r"[\u3400-\u4dbf\u4e00-\u9fff]"
# "可以", "能", "能不能": asking whether a thing may be closed or recovered, with its topic named first.
_CAN_ZH = r"还能|还可以|可以|能不能|可不可以|能"
_CLOSES_ITSELF = re.compile(
    r"\b(?:does|do|did|will|would|is|are|was|were)\s+(?:the|my|your|a|an|this|that|our|their)\s+(?:[a-z]+\s+)?"
    r"([a-z]+)\s+close\b"
    # ...or things of a kind, asked when they close ("when do shops close on sunday")
    r"|\b(?:when|what time|why)\s+(?:do|did|will|would)\s+([a-z]+s)\s+close\b"
)
# Words between a doer and its verb ("my bank has just closed", "the bank is closing").
_AUXILIARIES = r"can|could|will|would|may|might|did|does|do|has|have|had|is|are|was|were|just|suddenly|randomly|also|be"
_CLOSES_FROM = Guarded(
    re.compile(
        r"\bclose\s+(?:me\s+|myself\s+|us\s+)?from\s+(?:the|my|a|an|this|that|your|our|their)?\s*(?:[a-z]+\s+)?([a-z]+)"
    )
)
_NOT_LATIN = r"[^\sa-z,.;:!?，。；：！？]"
_ZH_ACCOUNT = re.compile(rf"({_HAN}{{2,}}|[a-z0-9]+{_HAN})的?(?:账号|账户|帐号|帐户|户头)")
# ...and before "app": "借款app" (a lending app) is that service's app, as its "账号" is its account.
_ZH_APP = re.compile(rf"({_HAN}{{2,}}|[a-z0-9]+{_HAN})\s*app(?![a-z])")
# What a phone number or a SIM card (scope.yaml `closed_elsewhere`) is read as when something closes it: a word the KB
# never uses.
_CARRIER = "carrier"
# The number closed and nothing after it but a question ("手机号注销", "手机号注销怎么办理?", "手机号注销要多久", also whose number it is: "移动的
# 号码怎么销号"): the carrier's matter; what the account's closing does to the number says more ("手机号注销后能再用吗").
_CARRIER_CLOSED = re.compile(
    rf"\s*(?:{_HAN}{{1,6}}的?)?\s*{_CARRIER}\s*(?:(?:要|该)?\s*(?:怎么|如何|怎样|咋)\s*)?close\s*(?:了|吗|呢|啊|怎么办理?|怎么弄|怎么操作|如何办理|流程|步骤|(?:要|需要)?\s*(?:多久|多长时间|几天))?\s*[?？。!！]*\s*$"
)
# ...or named in a clause of its own that says it is no longer used, the closing asked after it with no thing of its
# own ("手机号不用了，怎么销号", "国内手机卡怎么办，要不要注销"): the number is what is closed.
_CARRIER_UNUSED_CLOSED = re.compile(
    rf"{_CARRIER}\s*(?:不用了|不要了|close|没用了|用不上了|不想用了|怎么办|咋办)\s*[,，]\s*"
    r"(?:要不要|该不该|需不需要|能不能|可以|(?:要|该|需要)?\s*(?:怎么|如何|怎样|咋)|需要|要)?\s*close\s*(?:吗|呢|啊|了)?\s*[?？。!！]*\s*$"
)
# ...or closed and then passed on to someone else ("手机号注销后会被别人用吗", "my phone number was closed, will someone else
# get it?"): the carrier gives the number out again; what the account's closing does to it is asked of the user's own
# use ("手机号注销后能再用吗").
_CARRIER_PASSED_ON = re.compile(
    rf"{_CARRIER}\s*(?:(?:is|was|gets|got|has been|been|are|were|被)\s*)?close.{{0,24}}?"
    r"(?:别人|他人|其他人|其它人|陌生人|新用户|\bsomeone else\b|\bsomebody else\b|\banother person\b|\bother people\b)"
)
# A Chinese duration ("一小时", "两个月", "半天"): when or how long, never a thing.
_DURATION_ZH = re.compile(r"[一二两三四五六七八九十几半\d]+\s*个?\s*(?:秒钟?|分钟|小时|钟头|天|日|周|星期|礼拜|月|年)")
# Asking how to close "it", in a sentence of its own.
_HOW_TO_CLOSE_IT = re.compile(r"^(?:so |ok |and )?how (?:do|can|should|would) i close it\b|^how does close it work\b")
# The clauses of a Chinese message, split at its commas.
_CLAUSE_ZH = re.compile(r"[,，;；]")
# "<name> account", "<name> email account", "京东 account": the word naming whose account it is.
_SERVICE_ACCOUNT = re.compile(
    r"\b([a-z0-9]+)(?:\s+(?:email|mail|business|personal|premium|pro|old|new))?\s+account\b"
    # ...or a Latin letter and a character ("B站账号": Bilibili's), also with its app between ("个税APP账号")
    r"|([\u3400-\u4dbf\u4e00-\u9fff]{2,}|[a-z0-9]+[\u3400-\u4dbf\u4e00-\u9fff])\s*(?:mobile\s*)?account"
)
# Characters that end a service's or a bill's name after a word ("物业费", "公交卡", "学习网", "电视台").
_NAME_ENDINGS_ZH = frozenset("费卡网站台局厅宝贷")
# A name of letters and digits mixed ("n26", "1inch", "9gag"); an ordinal ("a 2nd account") says which of one's own.
_LETTERS_AND_DIGITS = re.compile(r"(?!\d+(?:st|nd|rd|th)$)(?:[a-z]+\d[a-z\d]*|\d+[a-z][a-z\d]*)")
# Words before "account" that say which of the user's own accounts it is, not whose: "a duplicate account I made by
# mistake", "close the extra account" (as "旧账号", "主账号" do in Chinese).
_WHICH_OF_MINE = frozenset(
    {"duplicate", "extra", "spare", "secondary", "additional", "backup", "alt", "unused", "master", "parent", "primary"}
)
# ...or what kind of account it is: "our institutional account", "企业账户" (a company's account, not the company).
_KIND_OF_ACCOUNT = frozenset({"enterprise", "corporate", "institutional", "entity"})
# "an account at my bank", "open a new account at another broker" (normalised to "reregister at …"): the word
# naming where the account is held. "at your site" or "at this exchange" is the subject itself.
_ACCOUNT_AT = Guarded(
    re.compile(
        r"\b(?:account|reregister|register|sign up|signup)\s+at\s+(?:my|our|a|an|the|another|some)\s+([a-z0-9]+)"
    )
)
# Words after "at the" that say when rather than where ("at the moment", "at the end of the month").
_AT_WHEN = frozenset("moment time same end start beginning weekend latest earliest".split())
# Words that end what any verb applies to ("close with an open order", "closed a few minutes ago") or only say when
# ("delete it forever")...
_ENDS_ANY = r"with|without|while|during|before|after|because|since|until|once|when|if|as|but|and|ago|so"
# ...and those that also end what is closed ("closed at your earliest convenience", "remove it from existence",
# "close binance instead of updating it"), though a thing is withdrawn from or recovered at somewhere.
_CONNECTIVES = rf"{_ENDS_ANY}|at|from|instead|rather|under"
_CLAUSE = re.compile(rf"[,.;:!?，。；：！？]|[\u3400-\u4dbf\u4e00-\u9fff]+|\b(?:{_CONNECTIVES})\b")
_ACTING_CLAUSE = re.compile(rf"[,.;:!?，。；：！？]|[\u3400-\u4dbf\u4e00-\u9fff]+|\b(?:{_ENDS_ANY})\b")
_WHEN = frozenset(
    "now today tonight tomorrow yesterday recently lately earlier sooner later faster quicker early again ever forever "
    "asap immediately instantly permanently 永远 昨天 今天 明天 前天 刚才 刚刚 最近 已经 马上 立刻 现在 "
    "completely entirely fully finally "
    "second seconds minute minutes hour hours day days week weeks month months year years few last next "
    "spring summer autumn winter january february march april june july august september october november december "
    "monday tuesday wednesday thursday friday saturday sunday weekend tonight midnight noon".split()
)
# The app closed on the device ("close the app, it keeps running in the background", "my app won't close, it's frozen",
# "怎么关掉App后台"): the phone's matter, told by a word of the app's running state. ("mobile" is the app once normalised.)
_APP_CLOSED = re.compile(
    r"\bclose\b(?:\s+\S+){0,3}?\s+mobile\b|close\s*mobile"
    # (in Chinese the app may come first in the clause: "App在后台一直运行怎么关掉")
    r"|mobile[^a-z,.;!?，。；！？]{0,15}close"
    r"|\bmobile\b(?:\s+\S+){0,2}?\s+(?:won't|wont|will not|doesn't|doesnt|does not|can't|cant|cannot)\s+close\b"
)
_APP_RUNNING = re.compile(
    r"\b(?:background|running|freeze|froze|crash\w*|force|hangs|hanging|lagging)\b|后台|卡死|闪退"
)
# A change of heart ("后悔了能恢复吗": if I regret it, can it be restored?) says why one asks, never what is recovered.
_REGRET_ZH = frozenset(("后悔", "改主意", "改变主意"))
# A sending verb with "错" (wrong) after it ("转错地址了", "发错了", "充错链"): money or coins sent to the wrong place, the
# transfer's own matter when it is what one asks to undo or get back.
_SENT_WRONG_ZH = re.compile(r"[转发打充提汇付]\s*错|错\s*[转发打充提汇付]")
# ...and, the same, a payment sent, named as what is undone or got back ("转账可以撤回吗", "汇出去的钱能收回吗").
_SENT_ZH = re.compile(r"转账|汇款|付款|打款|[转汇付打]出去的|[转汇付打]过去的")
# ...or coins deposited or withdrawn, told in a clause before the one that asks to get them back ("充了一个不支持的币，能
# 帮我找回吗", "提币到了错的网络，怎么找回").
_MOVED_ZH = re.compile(r"充[了值进到入错的]|(?<![a-z])withdraw(?![a-z])|转账|汇款|打款|[转汇打]错")
# "after two days", "before 3 hours were up", "两天后": a while, not a step of closing.
_AFTER_A_WHILE = re.compile(
    r"\b(?:after|before)\s+(?:(?:\d+|a|an|one|two|three|four|five|six|seven|eight|nine|ten|a few|few|several|many)\s+)"
    r"(?:\w+\s+)?(?:seconds?|minutes?|hours?|days?|weeks?|months?|years?)\b"
    r"|(?:\d+|[一两二三四五六七八九十几]+)\s*(?:个)?\s*(?:秒|分钟|小时|天|周|星期|个月|月|年)(?:之)?[后前]"
)
_WHERE = re.compile(r"\bwhere\b|哪里|哪儿|在哪")
# Words that only ask whether one may, or weigh the question ("is it even possible to leave binance", "are we allowed
# to close our accounts here", "is there a way to stop being a customer"): beside the request word they ask nothing of
# their own.
_WEIGHING = frozenset("even ever just truly possible impossible allowed allow allows permitted permit able way".split())
_QUESTION_WORDS = frozenset(
    "how what where when why which who 怎么 怎样 如何 什么 哪里 为什么 可以 能 能不能 可不可以 吗 呢 么 我 我的 的 想 要".split()
)
# A question about something besides the request itself ("I want to close it, how long will it take?"). A verb that
# opens a question does so at the start of a clause: "balance is zero, close it" states, "is it instant?" asks.
_ASKS_WHAT = re.compile(
    r"\b(?:how|what|when|where|why|which|who|whose)\b|[?？]"
    r"|(?:^|[,.;:!，。；：！]\s*)(?:will|would|does|do|is|are|can i|could i|should i)\b"
    r"|多久|多长|什么|怎么|为什么|为啥|哪|吗|呢|会不会|能不能|可以吗"
)
# A question or a request further into a message ("no wait, I mean can I cancel", "tell me more about freezing"),
# or a problem told of the previous thing ("I don't see it on my laptop").
_ASKS_WITHIN = re.compile(
    r"\b(?:can|could|is|are|am|do|does|did|will|would|should|must|tell|explain|show|it|they|them|not|no)\b|n't"
)
# How to work a feature, or where to find it ("how do I turn on 2FA", "where is my referral link", "can I sell my
# NFT"): asked without a topic word, the feature itself rather than what closing does to it.
_OPERATING = Guarded(
    re.compile(
        r"\b(?:how|where|why|what)\b|\b(?:can|could|may) (?:i|we|you)\b|\bis it possible to\b"
        r"|怎么|怎样|如何|在哪|哪里|哪些|哪个|哪家|能不能|可以|为什么|什么|多久|多长时间"
        # whether a thing is safe or worth it ("is binance staking safe?", "活期理财安全吗"): the feature judged, not closing
        # (a thing must be named between: "is binance safe to use" leaves none once the subject is dropped)
        r"|\b(?:is|are) (?:\w+ ){1,3}(?:safe|secure|legit|trustworthy|worth it|risky)\b|安全吗|安全不|靠谱吗|靠不靠谱|可靠吗"
        r"|值得(?:投资|买|入手|持有|长期持有)?吗|值不值得"
        r"|有风险吗|有没有风险|风险大吗|风险大不大|风险高吗|风险高不高"
        # when a feature pays out ("when are earn rewards paid"), or which of its kind is best ("best staking option for
        # eth"): the feature's schedule or a recommendation, not closing ("when will I get the confirmation email" may be)
        r"|\bwhen (?:are|is|do|does|will|would)\b(?: [a-z]+){0,4}? (?:paid|pay out|paid out|distributed|credited|given out)\b"
        r"|\bbest\b"
    )
)
# "how many bnb do i need for launchpool": the "need" of an amount asked for is a frame around any topic, not what closing
# requires (which is named: "how much do I need to withdraw before closing").
_AMOUNT_NEEDED = re.compile(
    r"\b(how (?:many|much)\b(?: [a-z]+){0,3}? (?:do|does|would|will|should) (?:i|you|we|one) )need\b"
)
# "需要多久" (how long does it take) is a frame around any topic: there "需要" is not the "must" of a requirement; nor
# in "X需要(带)什么/哪些…" (what does X need, what must one bring?), which asks what X needs: closing needs something
# only when it is named.
_TAKES_TIME = re.compile(r"需要(?=多久|多长|几天|几个|多少天|多少时间|多少个工作日|[\u4e00-\u9fff]{0,2}(?:什么|哪些))")
_POINTS_AT = re.compile(r"\b(?:do|does|did|doing) (?:it|that|this)\b|这样做|这么做")
# Words that lean on the previous turn without naming anything ("can it be faster?", "为什么这么慢").
_LEANS_BACK = re.compile(
    r"\b(?:it|them|they|even|roughly|approximately|meantime|meanwhile)\b|这么|那么|期间|其间|到时|^为什么|^为啥"
    # "which methods?", "by which bank?", "which one is best?": which of the things the previous answer spoke of
    r"|^(?:in |on |by |with |for |at |to )?which \w+\s*[?.!]*$|^which (?:one|ones)\b"
    # "where in settings?", "where in the app": where the previous thing is, its verb and subject left out
    r"|^(?:(?:ok|okay|so|and|but)\W+)*where(?: exactly)? (?:in|on|under|inside) "
)
# "where is the button": a thing named as known from the previous answer, when the KB knows the word.
_DEFINITE = re.compile(r"\bthe\b")
# Where a message's sentences end.
_SENTENCES = re.compile(r"(?<=[.!?。！？])\s*")
# Where a message's clauses end, for a request that comes with what led to it.
# "because" opens the reason of a request, a clause of its own ("closing my account because I'm consolidating exchanges").
# Chinese written casually parts its clauses with a space ("亏麻了😭 想销户").
_REQUEST_CLAUSES = re.compile(
    r"[,.;:!?，。；：！？]+|\s+(?:and|so|then|because|since|cause|cuz|coz)\s+|(?<=[^\x00-\x7f])\s+(?=[\u3400-\u9fff])"
)
_SOMEONE_ELSE = re.compile(r"\b(?:their|his|her|they|he|she|someone|somebody)\b|他|她|别人")
# ...though not one who is only told or promised the closure ("I promised her I'd close my account", "我答应她把账号注销"):
# the one closing is still the user.
_ADDRESSEE = re.compile(
    r"\b(?:promised|promise|told|tell|assured|assure|swore to|owe)\s+(?:him|her|them)\b"
    r"|(?:答应|告诉|保证|承诺|向|对)\s*(?:他|她)们?"
    # ...or who wants, asks or tells the user to close ("she wants me to close my own account", "他让我把号注销"): the
    # one closing is the user all the same
    r"|\b(?:he|she|they)\s+(?:(?:really|also|keeps?)\s+)?(?:wants?|wanted|asks?|asked|needs?|needed|tells?|told|urges?|"
    r"urged|begs?|begged|suggests?|suggested|made|makes|would like|'d like)\s+me\s+to\b"
    r"|(?:他|她)们?\s*(?:想|要|让|叫|希望|劝|催)\s*我"
)


def _someone_elses(clause: str) -> bool:
    """True when a clause speaks of someone else ("did the recipient close their account?"), besides one the user only
    tells or promises something."""
    return bool(_SOMEONE_ELSE.search(_ADDRESSEE.sub(" ", clause)))


# A clause that says the account is already closed ("my account was closed", "注销已经完成了").
_CLOSED = re.compile(
    r"\b(?:went through|gone through|was closed|got closed|was deleted|got deleted|has been closed|has been deleted|"
    r"is closed|is deleted|is gone)\b|已经完成|完成了|已注销|已经注销|早就注销|注销成功|注销完成"
)
# A clause that reports the closure as done ("my closure went through a while ago", "账户早就注销了") asks for none.
_DONE = re.compile(
    r"\b(?:ago|already|went through|gone through|was closed|got closed|was deleted|got deleted|has been)\b|早就|已经|(?<!而)已"
    # ...or asks why or when it did ("why did my short get closed")
    r"|\bdid(?:\s+[a-z']+){1,4}\s+get\s+(?:closed|deleted|shut)\b"
)  # ("…而已": only that, not "already")
# "this year", "that day": a demonstrative that says when, not what was said before.
_NOT_A_TIME = (
    r"(?!\s+(?:year|month|week|weekend|day|night|morning|afternoon|evening|season|summer|winter|spring|autumn)\b)"
    # "these days" is nowadays; "during those days" still points at the days the previous answer spoke of.
    r"(?!(?<=these)\s+days\b)"
)
# "how do I close my account now that I've withdrawn everything": the steps asked for, with what was done first.
_HOW_TO_CLOSE_AFTER = re.compile(
    r"^(?:so |ok |okay |and )?(?:how (?:do|can|should|would|could) (?:i|we|one)|how to) close"
    r"(?:\s+(?:my|the|this|it|account))*\s*,?\s+(?:after|once|now that|since|because|as)\b"
)
# The last clause of a message asking only how to close, after what was done first: "moved everything to my wallet,
# how do I close after?", "资产都转到冷钱包了，接下来怎么注销"; or without "after" or "next" ("I registered by mistake,
# how can I delete it", "我不想用了，怎么注销").
_HOW_TO_CLOSE_LAST = re.compile(
    # ("…withdrawn everything now what do i do to close it": "now" opens the question without a comma)
    r"(?:^|[,.;:!，。；：！]\s*|\s(?=now\b))(?:so |ok |okay |and |but )?(?P<lead>now |then )?"
    r"(?:how (?:do|can|should|could|would) (?:i|we)|how to|(?:now )?what (?:do|should|can) (?:i|we) do to)"
    r" close(?P<object>(?:\s+(?:my|the|this|it|account|binance|whole|entire|main|old|own|for good|[a-z]+ly))*)"
    # "how do I close the old one": "one" stands for the account the setting named
    r"(?P<one>\s+one)?"
    r"(?:\s+(?P<next>after|afterwards|next|then|now))?\s*[?.!]*$"
    r"|(?:^|[,.;:!，。；：！]\s*|(?<=[^\x00-\x7f])\s+)(?P<next_zh>接下来|然后|现在|那|之后|最后一步|最后|下一步)?"
    r"(?:旧|老|原来的|这个|我的)?\s*(?:account)?\s*"
    r"(?:该|要)?\s*(?:怎么|如何|咋)\s*close"
    r"\s*(?:account|币安)?\s*[?？。!！❓]*$"
)
# A last clause that only asks how to go about it, after a clause that asks to close ("Closing my account because I'm
# consolidating exchanges. How do I proceed?", "my mom says I have to delete my binance, how", "想把账户注销掉，应该怎么操作"):
# the steps of what the clause before asks for.
_HOW_TO_PROCEED_LAST = re.compile(
    r"(?:^|[,.;:!，。；：！]\s*)(?:so |ok |okay |and |but |now |then )?"
    r"(?:how(?: (?:do|can|should|could|would) (?:i|we))?(?: (?:to )?(?:proceed|do (?:it|that|this|so)|go about (?:it|that|this)"
    r"|start|begin|get (?:it|that|this) done))?|what(?:'s| is) the (?:procedure|process|next step|way)|what are the steps"
    # "…I'm closing this account, tell me how"
    r"|(?:please )?(?:tell|show) me how"
    # "let me close my account, what do I click?", "…, where do I tap": the button that does it
    r"|(?:what|where) (?:do|should|must|can) (?:i|we) (?:click|tap|press|hit|select|choose)(?: on)?)"
    r"\s*[?.!]*$"
    r"|(?:^|[,.;:!，。；：！]\s*)(?:那|我)?(?:应该|该|要|需要)?\s*(?:怎么|如何|咋)\s*(?:操作|办理|弄|做|处理)\s*(?:呢|啊)?\s*[?？。!！]*$"
)
# What a message that wants the account closed says of it, beside a hurdle it asks about ("need to close my account but
# a position is still open", "how do I close it if my ETH is staked", "我要全部注销", "不想用了"): the account or nothing
# after the request word, not a thing of its own ("do I need to close my positions first?").
_CLOSE_THE_ACCOUNT = (
    r"close(?:\s+(?:my|the|this|binance|whole|entire|main|own))*"
    # ("…, and I want to delete everything": all that is in it with it)
    r"(?:\s+(?:account|it all|it|everything)\b|\s*(?:[,.;:!?]|$)|\s+(?:if|but|while|when|with|because|though|although|even|since|either|anyway"
    r"|regardless|asap|please|now|first|already)\b)"
)
# An interjection drawn out by repeating it ("怎么销户啊啊啊", "呜呜呜"): the one interjection, which asks nothing.
_REPEATED_INTERJECTION = re.compile(r"([啊呀哦嗯哈吧呢嘛哇呜唉])\1+")
# "where does my balance go", "where will my NFTs end up": asking where a thing of the user's goes asks what becomes of
# it, as "what happens to my balance" does (not "where do I go to close it": the user goes, not a thing).
_WHERE_IT_GOES = re.compile(
    r"\bwhere (?:does|do|will|would) ((?:my|the|all|our)\s+(?:[a-z0-9-]+\s+){0,2}?[a-z0-9-]+)\s+(?:go|end up)\b",
    re.IGNORECASE,
)
# "i have an open limit order, does it matter": whether a thing just told of matters asks whether it is a problem.
# "…but I still have a p2p order open": a hurdle told after the wish to close, in a clause of its own.
_HURDLE_AFTER = re.compile(r"\b(?:but|though|although|yet)\b")
# "can I use my phone number again?": using a thing named again is reusing it ("use it again" may be the account).
_USE_AGAIN = re.compile(r"\buse\s+((?:my|the|our|same)\b(?:\s+[\w-]+){1,3}?)\s+(?:again|once more)\b", re.IGNORECASE)
_DOES_IT_MATTER = re.compile(r"\bdo(?:es)? (?:it|that|this|they|those) (?:even )?matter\b", re.IGNORECASE)
# "注销后要多久": "后" (after) ends the time it names; "后要" is no word of its own ("need after" is "要").
_AFTER_ZH = re.compile(r"后(?=要|需要)")
# "理财里的钱": what is held in a place is the place's ("理财的钱"); "里" says where, not what.
_HELD_IN_ZH = re.compile(r"(?<=[\u4e00-\u9fff])(?:里面|里头|里)(?=的)")
# A Chinese measure word between the closing and the account ("注销个账号", "删一个号"): the account all the same.
_MEASURED_ACCOUNT = re.compile(r"(注销|销|删除|删|关闭|关)\s*一?个\s*(?=(?:币安)?(?:账号|账户|帐号|帐户|号))")
# Asking how to use something ("how to use binance convert", "币安理财怎么用"): how a feature works, which the sources
# do not cover, unless the message speaks of closing too.
# How to do a thing, asked in English ("how do i do p2p trading", "how to stake"): a task of the user's own.
_HOW_TO_DO = re.compile(r"\bhow (?:do|can|should|would|could) (?:i|we|you|one)\b|\bhow to\b")
_HOW_TO_USE = Guarded(
    re.compile(
        r"\bhow (?:to|do i|do you|can i|should i|would i|does one) (?:use|work with|operate|get started with)\b"
        r"|\bhow does (?:the |binance )?\w+ work\b|怎么用|如何使用|怎么使用|怎样使用|使用方法|使用教程"
        # ...or how to switch it on ("how do I enable the BNB fee discount", "怎么开启…")
        r"|\bhow (?:to|do i|do you|can i|should i) (?:enable|turn on|switch on|activate|set up)\b"
        r"|(?:怎么|如何|怎样)(?:开启|开通|启用)"
    )
)
_WANTS_CLOSURE = re.compile(
    rf"\b(?:want|wanna|need|trying|try|going|decided|planning|plan|ready|'d like|would like|help me)(?: to)? {_CLOSE_THE_ACCOUNT}"
    rf"|^(?:so |ok |okay |and )?(?:how (?:do|can|should|would|could) (?:i|we)|how to) {_CLOSE_THE_ACCOUNT}"
    # "close my account, there are two sub-accounts as well": a command that opens the message
    rf"|^(?:please |pls |kindly |just )?{_CLOSE_THE_ACCOUNT}"
    # "…, can I still close my account?", "…，还能销户吗": whether the closure the user wants can go ahead
    rf"|\b(?:can|could|may) (?:i|we) (?:still |even |just )?{_CLOSE_THE_ACCOUNT}"
    # ...or whether the closure may go ahead for one such as the user ("can verified users close their accounts", "is
    # it allowed to delete an account that has passed kyc", "实名认证过的账户可以注销吗", "…，能先注销吗")
    r"|\b(?:can|could|may) (?:\w+ )?(?:users|people|customers|members|clients|accounts|someone|anyone|one) "
    r"(?:still |even |just )?close (?:their|his|her|an|the|my|our) (?:\w+ )?accounts?\b"
    r"|\b(?:is it|am i|are we|are users) (?:still |even )?(?:allowed|possible|permitted) to close (?:an|a|my|our|the) (?:\w+ )?accounts?\b"
    # (not "多久能注销完", how long, nor "认证过才能注销", only then)
    r"|(?:能不能|能否|可不可以|还能|还可以|(?<![才久间天])(?:可以|能))\s*(?:直接|先)?\s*close"
    # ("子账户要先注销吗" asks whether a sub-account must be closed: "要" wants only after "我")
    r"|(?<!不)(?:我要|想|打算|决定|准备)[^,.;:!?，。；：！？]{0,16}close(?!\s*(?:会|后|以后|之后|了))"
    r"|不想用了|不用了|不玩了"
    # "…, all I need is my coins out and this account closed": the account named before the wish's "closed"
    r"|\b(?:want|need|'d like|would like)\b[^,.;:!?]{0,40}?\b(?:my|the|this) account close\b"
    # "KYC审核三次都没过，算了，账号注销吧": a clause that only bids the account closed
    r"|(?:^|[,，。;；!！?？]\s*)(?:算了\s*)?(?:把\s*)?(?:我的\s*|这个\s*)?account\s*(?:直接\s*)?close\s*(?:掉\s*)?(?:了\s*)?吧"
)
# An identity document got, renewed or replaced ("how do I get a new driver's license", "renew my passport", "补办身份证"):
# the issuing office's matter. (Normalised, every identity document reads "kyc".)
_GETS_A_DOCUMENT = re.compile(
    r"\b(?:get|getting|obtain|obtaining|apply for|applying for|renew|renewing|replace|replacing|reissue|order)\s+"
    r"(?:(?:a|an|my|the|your|new|replacement|lost|expired|stolen)\s+)*kyc\b"
    r"|(?:补办|补领|换领|申领|申请|办理|更换|换新|换个|换|办)\s*(?:新的?|个|一个|一张)?\s*kyc"
)
# Words for an act on the Binance account itself, besides the request word: a document got to come back is about it.
_ACTS_ON_THE_ACCOUNT = frozenset({"reopen", "undo", "reregister"})
# Submitting the closure request, as one asks the bot to ("submit the closure request for me", "file my deletion
# request"), names nothing besides the closure; nor does the request word itself.
_SUBMIT_THE_REQUEST = re.compile(
    r"\b(?:submit|send|file|lodge|make|raise|put in|place)\s+(?:the|my|a|an|this|our)?\s*close\s+requests?\b|\bclose\b"
)
# "cancel my orders, move my savings out and finally delete the account, in what order?": a plan whose last step closes
# the account, asked for the order of its steps, wants the closure as `_WANTS_CLOSURE` does.
_PLAN_ENDS_CLOSING = re.compile(rf"\b(?:then|finally|lastly) {_CLOSE_THE_ACCOUNT}")
_ORDER_ASKED = re.compile(
    r"\bsteps?\b|\b(?:in|what|which) (?:the right |the )?order\b|\bwhere (?:do|should|can) (?:i|we) (?:begin|start)\b"
)
# A plan of numbered steps ("1) sell 2) move it out 3) close the account", "step one: withdraw, step two: delete it") and
# a later question about one of them ("what does step 3 involve?", "how does step two work?").
_NUMBERS = {"one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6}
_STEP_MARK = re.compile(r"\bstep\s+(\d|one|two|three|four|five|six)\b\s*[:,.)-]?|(?<![\w.])(\d)\s*[).:](?!\d)")
_STEP_ASKED = re.compile(r"\bstep\s+(\d|one|two|three|four|five|six)\b")
_SENTENCE_END = re.compile(r"[.;!?。！？；]")
# A clause that asks what the steps of closing are ("注销账号的步骤是什么", "what are the steps to close").
_STEPS_ASKED = re.compile(
    r"\b(?:how (?:do|can|should|could|would) (?:i|we)|how to)\b|\bsteps?\b|步骤|流程|怎么|如何|咋"
)
# Words that point back at the previous turn ("how long does that take?").
# "这个月", "那天", "这周": the same in Chinese.
_ZH_NOT_A_TIME = r"(?!个?(?:月|年|周|星期|礼拜|天))"
# "那我会损失什么" (then what do I lose): a "那" that opens a question says "then", it points at nothing.
_THEN_ZH = re.compile(r"^那(?!个|些|里|边|天|时)")
# "why not?", "为什么不行": asking why asks for the reason of what the previous answer said; "even my photo and
# address?", "including the ones in Earn?" extend what it said to more of it.
_ABOUT_THE_ANSWER = re.compile(r"^(?:why|how come|even|not even|including|especially)\b|^(?:为什么|为啥|怎么会|连)")
# A message that opens by doubting the previous answer ("are you sure?", "is that right?", "真的吗").
_DOUBT = re.compile(
    r"^\s*(?:(?:are|r) (?:you|u) sure|you sure|(?:is|was) (?:that|this|it) (?:right|true|correct|accurate)|really|"
    r"seriously|for real|确定吗|真的吗|真的假的|没搞错吧|是真的吗|真的)\s*(?:[?!.,？！。，]+\s*|$)"
)
_DEMONSTRATIVE = re.compile(rf"\b(?:that|this|those|these)\b{_NOT_A_TIME}|[这那]{_ZH_NOT_A_TIME}")
# "withdraw them", "close those": a plural pronoun stands for the things the previous answer spoke of.
_THE_THINGS_SAID = re.compile(r"\b(?:them|those|these)\b")
_ANAPHORA = re.compile(rf"\b(?:that|it|this|those|them|these|they)\b{_NOT_A_TIME}|[这那]{_ZH_NOT_A_TIME}|它")
# A message that leans on what was said before: a word pointing back, or an opening that continues ("and my
# NFTs?", "what about the app", "还有NFT呢").
_REFERS_BACK = re.compile(
    rf"{_DEMONSTRATIVE.pattern}|期间|其间"
    r"|^(?:and|but|so|also|then|plus|even|not even|including|especially|except|what about|how about|what if)\b"
    # "what should I switch off then?": a closing "then" says "in that case", the case the previous answer made.
    r"|\bthen\s*[?.!]*$"
    r"|^(?:还有|那|另外)|呢"
    # Chinese leaves out what it asks about: "能快一点吗" (can [it] be faster?), "用手机APP可以吗" ([doing it] with
    # the app, is that possible?).
    r"|^(?:能不能|可不可以|能|可以|还能)|(?:可以|行|能)吗[?？]?$"
)

# A longer message may open by joining on ("and how long does a wire transfer take"): that alone points back at nothing.
_JOINED = re.compile(r"^(?:and|but|so|also|plus|then)\s+")
# "stop-loss", "follow-up": a word joined by hyphens is a word of its own, not the topic word it begins with.
_COMPOUND = re.compile(r"[a-z]+(?:-[a-z]+)+")

# Words that open a message before what it asks: an acknowledgement or an interjection ("ok, and …", "ugh, what if …").
_OPENERS = r"ok|okay|k|kk|alright|right|cool|thanks|thank you|thx|ty|great|i see|oh|hmm|ah|ugh|um|uh|well|wait"

# A follow-up that brings up a thing of the user's own ("and my money?", "what about my coins", "那我的钱呢"): it asks
# what closing does to that thing, not about the previous answer again.
_ANOTHER_THING = re.compile(
    rf"^(?:(?:{_OPENERS})[,.!]*\s+)*"
    r"(?:(?:and|but|so)\s+(?:(?:what about|how about|what happens to|what will happen to|what happens with)\s+)?"
    r"|(?:what about|how about|what happens to|what will happen to|what happens with)\s+)"
    r"(?:my|the|our|all my)\s+(?P<thing>\w.*)"
    # ("里面的NFT怎么办", "剩下的币呢": what is in the account, or left in it; "合约还有仓位怎么办": still held in it)
    r"|(?:我的|里面的|里头的|剩下的|剩余的|(?<=\S)还有)(?P<thing_zh>\S+?)(?:呢|怎么办|会怎样|怎么处理)"
    # "理财的钱怎么办", "合约的资产呢": the money held in a place of the account, named by the place
    r"|^(?:那|那么)?(?P<thing_of>[\u4e00-\u9fff\w]{1,6}?)(?:里面|里头|里)?的(?:钱|币|资产|余额|资金)(?:呢|怎么办|会怎样|怎么处理)"
    # "I still have euros in there", "but I still have Simple Earn locked": told, not asked, it brings the thing up too
    r"|^(?:(?:ok|okay|but|and|so|well)[,.!]*\s+)*(?:(?:i|we) (?:still|also) (?:have|got)|(?:i|we)'ve still got|i have still) "
    r"(?:some |a few |a little |a bit of |my |all my )?(?P<thing_have>\w.*)"
    # "my dollars are still in there": the same, told of the thing
    rf"|^(?:(?:{_OPENERS})[,.!]*\s+)*(?:my|all my|the) (?P<thing_left>\w[\w\s-]*?) (?:is|are) still"
    r" (?:in there|there|in it|in the account|in my account|left|inside|sitting there)\b"
    # "my futures", "all my nfts?": the thing alone, named as the user's, is what the question is asked of again
    rf"|^(?:(?:{_OPENERS})[,.!]*\s+)*(?:my|all my|our) (?P<thing_bare>\w[\w-]*(?: \w[\w-]*)?)\s*[?.!]*$"
)
# "I don't see it", "can't find it", "it's not there", "安全里面没看到": what the previous answer pointed to, not found
# where it said; a report of the user's own about that answer, as a question about it would be.
_NOT_FOUND = re.compile(
    r"\b(?:can't|cant|cannot|can not|couldn't|couldnt|don't|dont|do not|didn't|didnt)\s+(?:find|see|locate|spot)"
    r"(?:\s+(?:it|that|this|them|one|anything|the option|the button|the setting|the page))?(?![\w'])(?!\s+(?:my|a|an|the|any|your)\b)"
    r"|\bnot (?:seeing|finding) (?:it|that|this|them|anything)\b|\b(?:it's|its|it is|that's|thats)\s+not\s+(?:there|here)\b"
    r"|\b(?:isn't|isnt)\s+there\b|\bno such (?:option|button|setting|page|tab)\b"
    # (at the end of the message, after the place looked in at most: "找不到我的护照" names a thing of its own)
    r"|(?:没看到|没看见|看不到|看不见|没找到|找不到|没有找到|没有看到|沒看到|沒看見|看不見|沒找到)\s*[啊呀呢了吗嘛哦诶欸]*\s*[?？!！。.]*$"
)
# "what do i need to clear out first", "需要先把钱提出来吗": first, before the act the previous answer spoke of.
_FIRST_OF_IT = re.compile(
    r"\b(?:first|beforehand|before that|before then|before doing that|before i do)\s*[,.?!]*\s*(?:like\b.*)?$"
    r"|\bthe first (?:thing|step)\b|(?:要|得|需要|必须|应该|是否|能不能|可以)先"
)
# What a coin or a currency is worth, or will be: its market, not what closing does to it.
_MARKET = re.compile(
    r"\b(?:price|prices|priced|rate|rates|chart|charts|market cap|worth|value|pump|pumping|dump|dumping|moon|going up|"
    r"go up|going down|go down|rally|crash|crashing|ath|forecast|prediction|predict|invest|investing|investment)\b"
    r"|价格|价钱|行情|涨|跌|走势|汇率|值多少|投资"
)
# What a thing is changed into or set against: "to pounds", "or usdc", "in dollars", "换成欧元".
_SET_AGAINST = re.compile(
    r"\b(?:to|into|in|or|vs|versus|for|than)\s+(?:\d[\d.,]*\s*)?([a-z]+)|(?:换成|兑换成|兑换|换|兑|转成|还是)\s*([\u4e00-\u9fff]+)"
)
# A follow-up that opens on "what about" ("what about payouts already processed?"): it brings up what it names.
_WHAT_ABOUT = re.compile(r"(?:(?:and|but|so|ok|okay)[,.!]*\s+)*(?:what about|how about)\b")


# "whats the first step", "wheres the button": a question word with its "'s" typed without the apostrophe.
_BARE_IS = re.compile(r"\b(what|where|how|who|when|why|that|there)s\b", re.IGNORECASE)
# What `_BARE_IS` can match, case folded: a text holding none of them, case folded, is left as it is without the
# pattern's pass (every character the pattern takes for one of these letters folds to that letter).
_BARE_IS_WORDS = ("whats", "wheres", "hows", "whos", "whens", "whys", "thats", "theres")
# "wont binance convert it", "i dont have it anymore": a negated auxiliary typed without the apostrophe, read as
# "won't" and "don't" (an auxiliary, not a word of its own the KB never uses).
_BARE_NOT = re.compile(
    r"\b(do|does|did|wo|ca|is|are|was|were|has|have|had|should|would|could|must|need)nt\b", re.IGNORECASE
)


# Everyday txt-speak for words of asking and of quantity ("wat abt my referral lvl", "done w this app", "b4 closing"):
# read as the words they shorten, as "whats" is read as "what's".
_SHORTHAND = {
    "wht": "what",
    "wat": "what",
    "wut": "what",
    # two keys swapped ("waht about my staking")
    "waht": "what",
    "whta": "what",
    "abt": "about",
    "lvl": "level",
    "lvls": "levels",
    "b4": "before",
    "docs": "documents",
    "smth": "something",
    "sth": "something",
    "thru": "through",
    "nvm": "never mind",
    "w/": "with",
    "w": "with",
    # ...and for the words around a request ("hw 2 del acc", "tryna get rid of it", "lemme close it", "get me outta
    # this exchange"): read as written out, the request reads as the KB's own phrases do.
    "hw": "how",
    "hw 2": "how to",
    "how 2": "how to",
    "tryna": "trying to",
    "lemme": "let me",
    "outta": "out of",
    "gonna": "going to",
    "wnt": "want",
    # "cn i undo that": "can" without its vowel, before the one asked of
    "cn": "can",
    "ppl": "people",
    # "hw long dose it take": two keys swapped make the auxiliary another word; before the one asked of it is "does"
    "dose": "does",
    # "they dont mature til next month": "until" shortened
    "til": "until",
}
_SHORTHAND_WORDS = re.compile(
    r"(?<![\w'/])(?:wht|wat|wut|waht|whta|abt|lvls?|b4|docs|smth|sth|thru|nvm|w/|w(?=\s+[a-z])|(?:hw|how) 2(?=\s+[a-z])|hw(?=\s+[a-z0-9])"
    r"|tryna|lemme|outta|gonna|wnt|ppl|til|(?:cn|dose)(?=\s+(?:i|u|you|we|it|they|this|that|my)\b))(?![\w'])",
    re.IGNORECASE,
)
# The same, case-sensitive, for a plain ASCII text lower-cased: its letters are written in lower case, so there it finds
# what the pattern ignoring case finds, in about half the time (most messages hold no shorthand at all).
_SHORTHAND_LOWER = re.compile(_SHORTHAND_WORDS.pattern)


# "faster?", "can it be quicker", "how fast is it", "有没有加急": in a short follow-up, asking for speed asks how long
# the previous thing takes; read so, the previous turn says which wait is meant (the closure, a fiat withdrawal).
_SPEED = re.compile(
    r"\bhow (?:fast|quick|quickly)\b"
    r"|\b(?:faster|quicker|sooner|speedier|fast|quick|quickly|slow|slower|slowly|speed(?: (?:it|this|that|things))? up|speed|hurry|"
    r"expedite|expedited|rush|express)\b"
)
_SPEED_ZH = re.compile(r"多快|加急|加快|更快|快点|快一点|快一些|提速")


_HOW_TO_ZH = re.compile(r"怎么|怎样|如何")
# A question how to go about something, opening what follows a Chinese verb ("咋整", "怎么弄", "如何操作").
_ASKS_HOW_ZH = re.compile(r"\s*(?:咋|怎么|怎样|如何)")
# A message that continues the previous turn and acts on what it spoke of ("and if I regret it next week?", "ok and
# is it instant?"): the opening carries the subject over.
_CONTINUES = re.compile(
    rf"^(?:(?:{_OPENERS})[,.!]*\s+)*"
    r"(?:and|but|so|then|what if)\b.*\b(?:it|them)\b"
)
# Words after which a Chinese question's one unknown word is its verb or its frame, not its subject ("会亏吗", "多久之内").
_ZH_FRAME_BEFORE = frozenset("会 能 要 也 可以 怎么 怎样 如何 多久".split())
# "是什么格式" (what format is it?), "有什么好处": a word that ends the question right after "什么" is what is asked of the
# previous thing; with more after it ("有什么好吃的": anything good to eat?) it is a subject of its own.
_ZH_WHAT = "什么"
_ZH_ENDINGS = frozenset("吗 呢 啊 呀 吧".split())
# "do I have to wait?", "should I hurry?", "can I skip it": a yes-no question about one thing the user is to do.
_BARE_ACT = re.compile(
    r"^(?:(?:and|so|then|but)\s+)?(?:do|should|must|can|could|will|would|shall) i (?:really |still |just |even )?"
    r"(?:have to |need to |got to |gotta )?[a-z]+(?: (?:it|that|this|them|then|now|first|anyway))?\s*[?.!]*$"
)
# "even after the confirmation email?", "not even if I contact support?": the previous answer under a condition.
_UNDER_A_CONDITION = re.compile(r"^(?:not )?even (?:if|after|when|though|once|before|by|with|while|during)\b")


# "no I meant my NFTs", "sorry, I meant the commissions": a correction of what the previous turn was read as.
_CORRECTION = re.compile(
    r"^(?:(?:no|nope|sorry|oops|wait|actually|ah|oh)[,.!]*\s+)*(?:i meant|i mean|i was asking about)\s+", re.IGNORECASE
)
_CORRECTION_ZH = re.compile(r"^(?:不是[,，]?\s*)?(?:我是说|我的意思是|我问的是|我说的是)")
# Greetings and small talk addressed to the bot ask nothing of the previous answer ("how are you doing mate").
_SMALL_TALK = re.compile(
    r"\bhow (?:are|r) (?:you|u|ya)\b|\bhow(?:'s| is) it going\b|\bhow have you been\b|\bwhat'?s up\b"
    r"|\bwho are you\b|\bare you (?:a )?(?:bot|human|real|robot)\b|你好吗|最近怎么样|你是谁|你是机器人"
)
# "my referral commission that's still pending", "the coins which are locked": a clause that tells what the thing is like.
_RELATIVE_CLAUSE = re.compile(r"\s(?:that|which)(?:'s|'re|\s+(?:is|are|was|were|has|have|got|gets|get|still))\b")
# "ok found it. and then?", "now what", "找到了,然后呢": what comes next, asked at the end of a message.
_WHAT_NEXT = re.compile(
    r"(?:^|[,.;:!?]\s*|\s)(?:(?:ok|okay|so|and|but)\s+)*(?:and then|then what|now what|what now|what next|what'?s next"
    r"|what then|next step|and after that|what do i (?:do|click|press|tap|hit) (?:now|next|then)"
    # "what's step 1", "where do I start?": the first of the steps the previous answer leads on to
    r"|(?P<start>(?:what'?s|what is|whats) (?:the )?(?:step (?:one|1)|first step|1st step)|(?:where|how) do i (?:start|begin)"
    r"(?: it)?))\s*[?.!]*$"
    r"|(?:^|[,.;:!?，。；：！？]\s*)(?:那)?(?:然后呢|接下来呢|接下来怎么办|下一步呢|下一步怎么办|然后怎么办|之后呢"
    r"|(?P<start_zh>第一步(?:要|该|应该)?(?:做|干)?(?:什么|是什么|呢)|从哪(?:里|儿)?(?:开始|入手)))\s*[?？。!！]*$"
)
# What a user reports done before asking what comes next ("ok i withdrew everything and cancelled my orders", "done.
# cancelled everything", "so i cancelled orders, redeemed earn, withdrew"): clauses that each open on a deed done.
_DEED_DONE = (
    r"(?:(?:ok|okay|so|alright|right|well|now|and|then|also)[,.!]*\s+)*"
    r"(?:(?:i|we)(?:'ve| have)?\s+)?(?:(?:already|just|also|finally|now|all)\s+)?"
    r"(?:did|done|withdrew|withdrawn|cancell?ed|redeemed|closed|converted|transferred|moved|sold|finished|completed"
    r"|removed|deleted|disabled|turned off|switched off|cleared|emptied|settled|unstaked|revoked|exported|downloaded)"
    r"(?:\s+[\w'-]+){0,4}"
)
_DEEDS_DONE = re.compile(rf"{_DEED_DONE}(?:(?:\s*[,.;!]\s*|\s+and\s+){_DEED_DONE})*")
# A follow-up that asks the previous question again of another thing: "and for my savings account?", "does that work
# for my other wallet too", "那个账号也可以这样删吗". What it names is then what the previous frame acts on.
_SAME_FOR = re.compile(
    rf"^(?:(?:{_OPENERS})[,.!]*\s+)*(?:and|what about|how about)\s+(?:(?:the\s+)?same\s+)?(?:for|with|on)\s+"
    r"(?:my|the|our|a|an)?\s*"
    r"(?P<thing>\w[\w\s-]*?)\s*[?.!]*$"
    r"|\b(?:work|works|apply|applies|the same|same)\s+(?:for|with|to|on)\s+(?:my|the|our|a|an)?\s*"
    r"(?P<thing_too>\w[\w-]*(?:\s+[\w-]+)?)\s+(?:too|as well|also)\b"
    r"|(?P<thing_zh>[a-z0-9]+|[\u3400-\u4dbf\u4e00-\u9fff]{2,})的?(?:账号|账户|帐号|帐户|帳號|帳戶)也"
    # "and the same for my telegram?": the same asked of a thing named last
    r"|^(?:(?:and|so|ok|okay)[,.!]*\s+)*(?:the\s+)?same\s+(?:for|with)\s+(?:my|the|our|a|an)?\s*"
    r"(?P<thing_same>\w[\w-]*(?:\s+[\w-]+)?)\s*[?.!]*$"
)
_NAMED_ACCOUNT = re.compile(r"([a-z0-9][\w-]*)\s+account\b")
# "I", "my", "我": the user's own part in a question (not "us", which may be a country's name).
_FIRST_PERSON = re.compile(r"\b(?:i|me|my|mine|i'm|i've|i'd|myself|we|our|ours)\b|我")
# The words before "account" that say which of the user's own accounts it is, not another service's.
_MY_ACCOUNTS = frozenset({"old", "new", "other", "main", "first", "second", "personal", "business", "current"})
# `_WHERE`, and the entrance asked for ("入口在哪"), in any case.
_ASKS_WHERE = re.compile(rf"{_WHERE.pattern}|入口", re.IGNORECASE)
# The controls a user looks for on a page: asked where one is, the page is the previous answer's.
_CONTROLS = frozenset(
    {"button", "option", "tab", "menu", "page", "setting", "按钮", "选项", "入口", "菜单", "页面", "操作"}
)
# A question of how long, in the KB's own questions.
_HOW_LONG = re.compile(r"\bhow long\b|\bhow soon\b|\bhow many days\b|多久|多长时间|几天")
# The word the KB's synonyms make of "right away", "马上" and the like.
_INSTANTLY = frozenset({"instantly"})
# A duration asked of a thing of its own, not of the previous one: "how long does a refund take", "how many days
# until spring". An indefinite thing ("a visa") is no thing the user or the previous answer has, and a date or an
# event counted down to without a determiner ("until new year") names its own subject.
_OWN_DURATION = re.compile(
    r"\bhow long (?:does|do|will|would|should|can|could) (?:a|an) \w+"
    r"|\bhow many (?:days|hours|weeks|months|years|minutes)(?: are)?(?: (?:left|to go|remaining))? (?:until|till|til|before)"
    r" (?!(?:it|its|it's|that|this|they|their|i|i'm|we|you|your|my|the|then|binance|everything|all)\b)[a-z]"
)
# A recommendation of something to get ("which cold wallet do you recommend", "冷钱包推荐哪个"): an errand of its own.
_RECOMMENDATION = re.compile(
    r"\bwhich\b[\w\s-]*\b(?:do|would|can|could) you (?:recommend|suggest)\b"
    r"|\b(?:can|could) you (?:recommend|suggest) (?:me )?(?:a|an|some|any)\b|\brecommend me (?:a|an|some)\b"
    r"|推荐(?:哪个|哪款|哪家|哪一个|哪一款|一个|一款|一下哪|些)|有什么推荐|哪(?:个|款|家)好用"
    # "有什么好的钱包推荐", "哪个冷钱包最安全": the best of a kind asked for is a product to get, not a thing closing
    # affects; a way or advice asked for ("有什么好的办法推荐") is not a product
    r"|有(?:什么|没有|啥)好(?:的|用的)?+(?!办法|方法|建议|方式|选择)[^，,。？?！!]{1,8}推荐|哪(?:个|款|家|种)[^，,。？?！!]{0,8}最(?:好|安全|靠谱|划算|便宜)"
)
# A sum to work out ("3+4", "12 times 7") or the time of day ("what time is it in Tokyo", "what's the time"): questions
# of their own, whose numbers and dummy "it" the KB's words never see.
_OWN_ERRAND = re.compile(
    r"\d\s*[+*×÷^=]\s*\d|\d\s+(?:plus|minus|times|divided by|multiplied by)\s+\d"
    r"|^(?:so |and |ok |okay )?what(?:'s| is) the time\b|^(?:so |and |ok |okay )?what time is it\s*(?:now|there|right now|in\b|[?.!]|$)"
    r"|现在几点|几点了"
    # ...or the calendar ("what day is it today", "what's the date today", "今天几号")
    r"|^(?:so |and |ok |okay )?what (?:day|date) is (?:it|today)\b|^(?:so |and |ok |okay )?what(?:'s| is) (?:the date|today's date)\b"
    r"|今天(?:几号|星期几|周几|礼拜几)"
)
# "what about the others?", "and the rest?": the rest of what the previous answer listed, not a thing of its own.
_THE_REST = re.compile(r"\b(?:others|other ones|rest|everything else)\b")

_YEAR = re.compile(r"(?:19|20)\d\d")
# "close a restaurant for good": "for good" says for how long, like "forever"; "good" is not what is closed.
_FOR_GOOD = re.compile(r"\bfor good\b")
# Every Latin word of a message, function words included ("my futures positions" is three words, not two).
_WORDS = re.compile(r"[a-z0-9]+(?:['-][a-z0-9]+)*")
# The endings a Latin topic word is read with, and the runs of letters its pattern matches whole.
_TOPIC_ENDINGS = ("s", "d", "es", "ed", "ing")
_LETTER_RUN = re.compile(r"[a-z]+")
_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff]")
# The keys of the words that take a thing back or restore it: done to the thing the turn before spoke of.
_TAKES_BACK = frozenset({"cancel", "undo", "reopen"})
# Words that stand for a thing named before ("two accounts, delete the older one").
_PROP_WORDS = frozenset(["one", "ones", "ours"])
# Words of manner after a verb ("closed the same way as a personal one"): how, never what is closed.
_ACCOUNTS = frozenset(["account", "accounts"])
_PLACE_ADVERBS = frozenset("nowhere anywhere somewhere everywhere here there".split())
_MANNER = frozenset(["same", "way", "manner"])
# Words that name the account itself, or all that is in it, after the request word ("delete my profile", "close
# everything").
_THE_ACCOUNT = frozenset(
    "account accounts subaccount request profile login registration membership user data info information details "
    "everything all binance app crypto mine thing stuff id one kyc documents document identity".split()
)
# Words that say when, after the request word ("closed the moment I submit"), and how often the KB's own texts put
# a word after it for that word to be one of what the KB closes ("account", "request", the KB's own slips "acount").
_A_MOMENT = frozenset("moment point day time minute second instant".split())
_OFTEN_CLOSED = 5
_OWNED = re.compile(r"\b(?:my|our|the|this|your)\s+")
# Words that only say a command is urgent ("delete my account immediately", "close it asap").
_URGENT = frozenset("asap instantly immediately now today".split())
# Words that stand for what the user did, whatever it was ("can I reverse the process?", "undo everything"): undoing
# them names no feature.
# The words before the place that held something ("with my bank"), which say nothing of the place itself.
_PLACE_FRAME = frozenset("at with for my your our the a an this that another other any".split())
# The verbs that end an order or a plan as the request word ends the account ("cancel my p2p order", "stop my
# auto-invest plan").
_ENDING_VERBS = ("cancel", "stop")
# How to work a thing, where to find it or which one to get ("how do i reset my 2fa", "在哪开启", "what's the best
# wallet app"), not why or whether it matters.
_HOW_OR_WHERE = re.compile(r"\b(?:how|where|best|better|recommend\w*|suggest\w*)\b|怎么|怎样|如何|在哪|哪里|推荐|最好")
# Words of obligation the topic words do not hold ("do I have to", "should I"): asked of a thing, what closing requires.
_OBLIGED = re.compile(r"\b(?:have|has|had|got) to\b|\bgotta\b|\bshould\b|\bsupposed to\b")
# "does it wipe my trade history", "will closing delete my api keys": the closure, as the verb's subject, acting on the
# thing asks what closing does to it.
_CLOSURE_ACTS = re.compile(
    r"\b(?:does|do|will|would|did|could|can|might|may)(?:n't| not)?\s+(?:it|this|that|closing|closure|the closure)"
    r"\s+(?:also\s+|just\s+|automatically\s+)?(?P<verb>\w+)"
)
_THE_ACT = frozenset("process procedure decision action everything all".split())
# Verbs that say how closing goes ("how closing works"): after the request word they are not what is closed.
_HOW_IT_GOES = frozenset("work works worked working go goes went".split())
# Chinese words that name the way to the closing, not a thing closed, when they follow its verb: its button, its
# option or entry point, a guide to it ("注销按钮藏哪了", "注销入口在哪", "账号注销教程"). (In English a verb takes them as
# its object: "delete a button in photoshop".)
_WAY_TO_IT = frozenset("按钮 入口 选项 教程 攻略 指南 指引 流程 步骤 方法 办法 页面 界面".split())
_NOT_WHAT_IS_CLOSED = _HOW_IT_GOES | _WAY_TO_IT
# Languages, which only say how the user wants the answer ("…怎么注销 in english please", "用中文说怎么删号").
_LANGUAGES = frozenset(
    "english chinese mandarin cantonese spanish french german japanese korean russian arabic portuguese italian "
    "vietnamese thai turkish indonesian hindi 英文 中文 英语 汉语 简体 繁体".split()
)
# A word at least this frequent in everyday language (Zipf: once per million words) is an everyday word.
_EVERYDAY_ZIPF = 3.0
# Words that only say which of a kind is meant ("my old e-mail account"): what is closed is the word after them.
_MODIFIERS = frozenset("old new older newer main other second first personal business own whole entire".split())
# ...and quantifiers, which say how much of it ("delete all photos": the photos, whatever "close all positions" closes),
# in a message that names neither the account nor Binance ("delete all traces of my account" is about the account).
_QUANTIFIERS = frozenset("all every each".split())
# Words that name a company ("close down a small business"): closed, without the account named anywhere in the
# message, it is the company that closes (as "注销公司" in Chinese), not an account of its on this platform.
_A_COMPANY = frozenset("business businesses company companies firm llc".split())
# Homes and the loans on them: closing on one ("how long does closing on a house take", "mortgage closing costs") is
# buying it, in a message that names neither the account nor Binance.
_A_PROPERTY = frozenset(
    "house houses home homes condo condos apartment apartments townhouse property properties mortgage mortgages "
    "escrow realtor refinance refi".split()
)
_PROPERTIES = "|".join(sorted(_A_PROPERTY))
_PROPERTY_CLOSED = re.compile(
    rf"\bclose\b(?:\s+[a-z]+){{0,2}}?\s+(?:on|of|for)\s+(?:[a-z]+\s+){{0,2}}?(?:{_PROPERTIES})\b|\b(?:{_PROPERTIES})\s+close\b"
)
# Two phones, one moved or switched to from the other ("move data from android to iphone", "switching from my old
# phone to a new one"): the phones' own matter, read after the synonyms make either phone "mobile".
_PHONE_TO_PHONE = Guarded(
    re.compile(r"\bfrom\s+(?:(?:my|an?|the|old|new|this)\s+)*mobile\s+to\s+(?:(?:my|an?|the|old|new|this)\s+)*mobile\b")
)
# What one needs before doing something ("what do i need before launching my first nft collection"): the thing done
# after "before" is what the requirements are for.
_NEEDED_BEFORE = Guarded(
    re.compile(
        r"\bwhat\s+(?:do|does|should|must|would)\s+(?:i|we|you|one)\s+(?:need|have to do|need to do|must do|do|prepare)"
        r"\s+before\s+([a-z]+ing)\b"
    )
)
# ...the company word right after the request word, a determiner and one word that says which ("close my business",
# "close down a small business"; not "close it for my company").
_COMPANY_CLOSED = (
    r"(?:\s+(?:down|up))?(?:\s+(?:my|our|a|an|the|this|that|his|her|their))?(?:\s+[a-z]+)??\s+(?:"
    + "|".join(sorted(_A_COMPANY))
    + r")\b"
)


# A fee named by the act it is charged on, when that act is trading or depositing ("how much is the fee to trade futures",
# "maker fees", "币安交易手续费多少", "充值手续费"): the KB's fees are those of withdrawing, another matter.
_FEE_OF_ANOTHER_ACT = re.compile(
    r"\b(?:trading|trade|maker|taker|spot|futures|margin|deposit|deposits|depositing)\s+fees\b"
    r"|\bfees\s+(?:to|for|of|on|when)\s+(?:trade|trading|futures|spot|margin|deposit|deposits|depositing)\b"
    r"|(?:交易|现货|合约|杠杆|充值|买币|卖币)\s*(?:fees|费率|费用|费)"
)


def _step_number(word: str) -> int:
    """The number of a step, written as a digit or a word ("3", "three")."""
    return int(word) if word.isdigit() else _NUMBERS[word]


def _content_of(clause: str) -> list[str]:
    """A clause's tokens without filler and words that only say when ("2 days ago": the number too; a year)."""
    return list(_content(clause))


# Several rules of one question read the clauses of the same normalised text (a mailbox closed, a thing closed,
# closing words read as such); a copy of the list is cheaper than reading the clause again.
@functools.lru_cache(maxsize=256)
def _content(clause: str) -> tuple[str, ...]:
    toks = tokens(_FOR_GOOD.sub(" ", clause) if "for good" in clause else clause)
    return tuple(
        [
            t
            for i, t in enumerate(toks)
            if t not in FILLER
            and t not in _WHEN
            and not (t.isdigit() and toks[i + 1 : i + 2] and toks[i + 1] in _WHEN)
            and not (t.isdigit() and _YEAR.fullmatch(t))  # (most words hold no digit: no pattern run for them)
        ]
    )


@dataclass(frozen=True)
class _ClosingPatterns:
    """The patterns that find what a message closes, built once for the request word and the other acting words."""

    acting: frozenset[str]
    """The request word and the other acting words."""
    acted_on_zh: tuple[tuple[str, re.Pattern[str]], ...]
    """Each other acting word with the Chinese phrase after it ("恢复删除的照片")."""
    closed_zh: re.Pattern[str]
    """The request word with the Chinese phrase after it ("删除聊天记录")."""
    topic_first: re.Pattern[str]
    """A thing named first, as the topic of a "how do I close", a "can I close" or an "is closing it safe" ("宽带怎么销户",
    "工资卡可以注销吗", "手机缓存删了安全吗")."""
    bare_topic: re.Pattern[str]
    """A Latin word right before the request word and a Chinese phrase."""
    recovered_first: tuple[tuple[str, re.Pattern[str]], ...]
    """Each other acting word with the Chinese phrase named first, as its topic ("删除的照片能恢复吗")."""
    disposed_zh: re.Pattern[str]
    """A thing put before the request word by "把" or "将" ("把副卡注销": close the secondary card)."""
    company_closed: re.Pattern[str]
    """The request word applied to a company ("close down a small business")."""
    deleted_zh: re.Pattern[str]
    """The request word that only says which thing, before "的" or after "误" ("删掉的照片", "误删了": deleted)."""
    closing_asked_of: re.Pattern[str]
    """A clause that asks something of the closing itself, its subject ("is leaving binance complicated", "is closing
    hard?", "is the closing process fast"): what follows says what it is, it is no thing closed."""

    @classmethod
    def build(cls, word: str, acting: tuple[str, ...]) -> _ClosingPatterns:
        """The patterns for the request word `word` and the acting words `acting` (which hold it)."""
        closed = rf"(?:{re.escape(word)}\s*)?"  # "找回删掉的视频": the deleting only says which videos
        return cls(
            frozenset(acting),
            tuple(
                (verb, re.compile(rf"(?<![a-z]){re.escape(verb)}\s*{closed}({_HAN}+)"))
                for verb in acting
                if verb != word
            ),
            re.compile(rf"(?<![a-z]){re.escape(word)}\s*({_HAN}+)"),
            re.compile(
                rf"([a-z]+|(?:[a-z]+\s*)?{_NOT_LATIN}+?)\s*(?:(?:(?:要|该|应该)?\s*(?:怎么|如何|怎样)|{_CAN_ZH})\s*{re.escape(word)}(?![a-z])"
                # ...or of whether closing it is safe or harmless ("手机缓存删了安全吗", "这个文件夹删了有影响吗")
                rf"|{re.escape(word)}\s*(?:了\s*)?(?=安全|有影响|有没有影响|会不会有影响|有什么影响|要紧|没事吧|有事吗|没关系吧))"
            ),
            re.compile(rf"([a-z]+)\s*{re.escape(word)}\s*{_HAN}"),
            tuple(
                (
                    verb,
                    re.compile(
                        rf"(?:^|[,.;:!?，。；：！？]\s*)([^,.;:!?，。；：！？]+?)\s*(?:{_CAN_ZH}|要?(?:怎么|如何|怎样))\s*"
                        rf"{re.escape(verb)}(?![a-z])"
                    ),
                )
                for verb in acting
                if verb != word
            ),
            re.compile(
                rf"(?:把|将)\s*({_NOT_LATIN}[^,.;:!?，。；：！？]{{0,11}}?)\s*(?:给\s*)?{re.escape(word)}(?![a-z])"
            ),
            re.compile(rf"\b{re.escape(word)}{_COMPANY_CLOSED}"),
            re.compile(rf"(?<![a-z]){re.escape(word)}\s*(?:掉\s*)?的|误\s*{re.escape(word)}(?![a-z])(?:\s*了)?"),
            re.compile(
                rf"\s*(?:(?:so|and|but|why|how) )?(?:is|was|isn't|isnt|are) "
                # ("is the closing process fast": the process of closing is what is asked about)
                # ("…of a company", "…for my gym": the process of closing another thing is that thing's)
                rf"(?:(?:the|my|this|your) {re.escape(word)} (?:process|procedure)(?! (?:of|for|at|with)\b)"
                rf"|{re.escape(word)})\b"
            ),
        )


def fitted_documents(kb: KnowledgeBase) -> tuple[list[str], list[str]]:
    """The texts an engine is fitted on (entries' questions and phrasings, out-of-scope examples) and their labels."""
    documents: list[str] = []
    labels: list[str] = []
    for entry in kb.entries.values():
        for text in (entry.question, entry.question_zh, *entry.phrasings):
            if text:
                documents.append(text)
                labels.append(entry.id)
    for text in kb.scope.out_of_scope:
        documents.append(text)
        labels.append(OUT_OF_SCOPE)
    return documents, labels


@dataclass(frozen=True)
class EngineConfig:
    """Tunable parameters of the engine; defaults were chosen from measurements (see README)."""

    decline_below: float = 0.55
    """Confidence under which the bot declines instead of answering."""
    decline_below_near_out_of_scope: float = 0.9
    """The same, for a message whose closest example is one of the out-of-scope examples."""
    foreign_limit: float = 2.5
    """A message whose topical words unknown to the KB weigh more than this is declined whatever it matches."""
    suggest_within: float = 0.1
    """A runner-up scoring within this of the best match is offered as "did you mean"."""
    suggestion_floor: float = 0.35
    """Matches scoring under this are never suggested."""
    max_suggestions: int = 3
    followup_max_tokens: int = 6
    """A message of at most this many content words (Chinese counted in words) may lean on the previous entry..."""
    followup_min_coverage: float = 0.5
    """...when at least this share of its words are ones the KB uses..."""
    followup_max_foreign: float = 0.5
    """...and its words the KB never uses weigh no more than this ("problem" does not make a new topic)."""
    followup_leaning_max_foreign: float = 1.5
    """...or this, for a message that leans on the previous turn ("can it be faster?", "even my photo?")."""
    followup_leaning_max_tokens: int = 3
    """A message of at most this many content words that leans on the previous turn ("I don't see it on my
    laptop") needs no share of KB words."""
    followup_aspect_floor: float = 0.3
    """A follow-up whose own best entry reaches this alone gets that entry rather than the previous one again."""
    followup_own_candidates: int = 3
    """A follow-up that brings up a thing of its own ("and my money?") may take, instead of the previous entry, one
    of the entries it ranks this high alone."""
    followup_alone_tie: float = 0.03
    """How near the conversation's two best entries must be for the message alone to settle which it asks."""
    followup_alone_lead: float = 0.04
    """...and how far ahead of the next the message alone must put it."""
    followup_aspect_score: float = 0.5
    """...or whose own best match scores this high ("can I do it from my phone?" after the checks: the app)."""
    followup_tie_within: float = 0.1
    """A follow-up that scores the previous entry within this of its own best is about the previous entry."""
    followup_thing_entries: int = 5
    """A thing brought up ("and my money?") names an entry by a word at most this many entries are asked with."""
    followup_lead: float = 0.08
    """A follow-up whose own best entry leads its runner-up by this much alone ("limits?" after the withdrawal steps)
    names that entry, when the conversation ranks it high too..."""
    followup_lead_floor: float = 0.2
    """...and that best entry scores at least this alone."""
    followup_weak_below: float = 0.6
    """A short message answered alone below this confidence stays with the previous entry when context favours it."""
    calibration_samples: int = 1000
    """At most this many held-out documents train the confidence model (bounds build time on large KBs)."""
    candidates: int = 5
    topic_within: float = 0.6
    """A match scoring at least this share of the best one's may be put first for the message's topical words that its
    entry's questions use and the best one's do not (`TopicCoverage`). The widest share at which the development sets
    lose no more answers than at 0.8: at 0.5 a question of `dev.jsonl` is lost."""
    shared_by: float = 0.6
    """A word used by at least this share of entries says nothing about which entry a message asks for."""
    plain_rest_below: float = 0.2
    """...and what is left of it without the request word matches no other entry this well..."""
    plain_rest_margin: float = 0.05
    """...or no better than this above the plain-request entry."""
    wording_clip: float = 4.0
    """The wording model's log-odds are clipped to +/- this: on its own training data it looks surer than it is."""
    request_decline_below: float = 0.2
    """Confidence under which a message that only asks to close the account is declined: the words around the
    request are the user's reasons ("I got scammed", "privacy concerns"), which make it look less like the KB's
    questions without making it about anything else."""
    request_foreign_limit: float = 4.0
    """The foreign-evidence limit for such a message."""
    feature_alone_share: float = 0.5
    """A thing of Binance's closed on its own ("delete my API key") is declined when every entry asked about it holds
    a topic word at least this share of the time: below it, an entry answers the thing without closing (dust)."""
    gate_below: float = 0.05
    """An answer is declined when the learned check of scope gives its message less than this chance of being in
    scope; chosen on the development sets' messages, each scored by a check fitted without its own set
    (`python -m bot.devtools.gatesweep`, see README)."""
    gate_below_in_session: float = 0.01
    """The same, for a message sent after an answer (a follow-up leans on the answer before it)."""
    gate_answers_above: float = 0.95
    """A message alone that the rules decline gets the steps to close when the check gives it at least this chance of
    being in scope; chosen the same way."""
    topic_required_share: float = 0.84
    """An entry at least this share of whose questions hold one of the KB's topic words (scope.yaml `topic_words`)
    does not answer a message holding none: "how do I turn on 2FA" asks about the feature, not about closing."""


NO_EVIDENCE = Evidence(0.0, 0.0, 0.0, ())


@dataclass(frozen=True)
class Judgement:
    """What the engine concluded about one piece of text."""

    matches: tuple[Match, ...]
    confidence: float
    out_of_scope_best: bool
    evidence: Evidence = NO_EVIDENCE
    topical: bool = True
    """The text holds one of the KB's topic words (closing, coming back)."""
    trouble: bool = False
    """The text reports a problem ("stuck", "not working") and holds no topic word."""

    @property
    def best(self) -> Match | None:
        return self.matches[0] if self.matches else None

    @property
    def top(self) -> Match:
        """The best match of a judgement that has one (every confident judgement does)."""
        if not self.matches:
            raise ValueError("this judgement matched nothing")
        return self.matches[0]


def _led_by(judged: Judgement, match: Match) -> Judgement:
    """`judged` with `match` (one of its matches) first: the same reading, answered by that entry."""
    rest = tuple(m for m in judged.matches if m is not match)
    return Judgement((match, *rest), judged.confidence, False, judged.evidence, judged.topical)


@dataclass(frozen=True)
class Decision:
    """What to answer to one message: entry ids in the order asked (none: decline), how sure, what else to offer."""

    entries: tuple[str, ...]
    confidence: float
    suggestions: tuple[str, ...]
    lang: Lang
    asked: tuple[str, ...] = ()
    """Each answered entry's part of the message, for its conflict flags."""
    acting: bool = False
    """The message asks the bot to act on the account itself ("close it for me")."""
    ruled_out: bool = False
    """Declined by a rule about what the message is about (another service, a thing closing of itself), not for want
    of confidence."""
    in_session: bool = False
    """The message follows an answer in the same conversation (its conflict flags may read the conversation's stage)."""

    @property
    def declined(self) -> bool:
        """True when the bot declines the message."""
        return not self.entries


class Engine:
    """Answers questions from a knowledge base; `fit(kb)` builds the index and the confidence model."""

    def __init__(self, config: EngineConfig | None = None, retriever: HybridRetriever | None = None):
        self.config = config or EngineConfig()
        self.retriever = retriever

    # ---- building -------------------------------------------------------------------------------
    @without_collector
    def fit(self, kb: KnowledgeBase) -> Engine:
        """Index the KB's phrasings and out-of-scope examples, then calibrate confidence on held-out ones."""
        self.kb_ = kb
        plain = kb.scope.plain_request
        self.normalizer_ = Normalizer(
            kb.scope.synonyms,
            drop=kb.scope.subject,
            object_first=("account", plain.word) if plain is not None and "account" in kb.scope.synonyms else None,
            removal=kb.scope.removal_verbs,
            leaving=kb.scope.leaving_verbs,
            roles=kb.scope.roles,
        )
        # "delete my buy nance account": the exchange's name as heard, voice-typed or written by ear.
        self.heard_ = HeardNames([fold(name) for name in kb.scope.subject])
        # "is binance shutting down?", "my company is closing": a thing closing of itself, not an account closed.
        self.closing_itself_ = ClosingOfItself([fold(name) for name in kb.scope.subject])
        # "binance closed my account", "why did binance ban my friend's account": the exchange's own decision.
        self.closed_by_exchange_ = ClosedByTheExchange([fold(name) for name in kb.scope.subject])
        self.scope_ = ScopeSignals(
            kb.scope.subject, kb.scope.other_platforms, kb.scope.email_providers, kb.scope.closing_synonyms
        )
        # "how long for the euro withdrawal to hit my bank", "美元提现要几天": a currency's withdrawal is a fiat one.
        currencies = sorted((fold(v) for v in kb.scope.closing_synonyms.get("money", [])), key=len, reverse=True)
        withdrawing = sorted(
            {fold(v) for v in ["withdraw", *kb.scope.synonyms.get("withdraw", [])]}, key=len, reverse=True
        )
        self.currency_withdrawn_ = (
            re.compile(
                rf"(?<![a-z])(?:{'|'.join(map(re.escape, currencies))})\s*(?=(?:{'|'.join(map(re.escape, withdrawing))}))"
            )
            if currencies and withdrawing
            else None
        )
        # (The pattern opens with a look-behind, which the regex engine tries at every position: a text holding no
        # currency's name, most messages, is passed over by a look for the names alone.)
        self.currency_named_ = any_of(currencies)
        documents, labels = fitted_documents(kb)
        synonym_words = [w for values in kb.scope.synonyms.values() for w in values]
        trusted = [text for e in kb.entries.values() for text in (e.question, e.answer)]
        self.speller_ = SpellingCorrector().fit(
            documents,
            trusted=[
                *trusted,
                *synonym_words,
                *kb.scope.removal_verbs,
                *kb.scope.other_platforms,
                *kb.scope.out_of_scope,
            ],
            background=kb.background,
            # words that only frame or soften a message, in other languages too ("kaise", "yaar", "zenme nong"): read
            # as written, not as the KB's word one letter away ("raise", "year", "long")
            keep=(w for w in FILLER if w.isascii()),
        )
        # Names of services are never split as words run together ("coinbase" is not "coin base").
        self.names_ = frozenset(
            word
            for name in (*kb.scope.subject, *kb.scope.other_platforms, *kb.scope.email_providers)
            for word in fold(name).split()
        )
        # ...and a run is split only when one of its words is the request word's or the account's.
        self.run_topic_ = frozenset(
            word
            for key in ((plain.word, "account") if plain is not None else ())
            for word in (key, *kb.scope.synonyms.get(key, ()), *(kb.scope.removal_verbs if key != "account" else ()))
            if word.isascii() and " " not in word
        )
        # Several steps of one decision read the same corrected, normalised text; correcting is the costly part.
        self._spelled_normalized = functools.lru_cache(maxsize=2048)(self._spell_and_normalize)
        retriever = self.retriever or HybridRetriever()
        retriever.normalizer = self.normalizer_
        self.retriever_ = retriever.fit(
            documents, labels, char_vocabulary_from=[label != OUT_OF_SCOPE for label in labels]
        )
        # Each document's normalised text, worked out once by the retriever, for the steps below that need it.
        normalized = dict(zip(documents, self.retriever_.documents_, strict=True))

        def normalize(text: str) -> str:
            found = normalized.get(text)
            return self.normalizer_(text) if found is None else found

        # How many in-scope documents use each word: the word matrix's columns already say.
        self.vocabulary_ = self.retriever_.word_counts([label != OUT_OF_SCOPE for label in labels])
        kb_texts = [
            t
            for e in kb.entries.values()
            for t in (e.question, e.question_zh, e.answer, e.answer_zh, *e.phrasings)
            if t
        ]
        background = kb.background or Lexicon(())
        words_of: dict[str, list[str]] = {}  # each text's words, worked out once by the relevance model
        self.relevance_ = TopicalRelevance().fit(
            [*map(normalize, kb_texts), *map(fold, kb_texts)],
            background,
            neutral=map(fold, kb.scope.other_platforms),
            words_of=words_of,
        )
        # Each entry's questions as word sets, once: which words most entries share, and how often each entry's
        # questions use the request word.
        question_words = {
            e.id: [set(words_of[normalize(t)]) for t in (e.question, e.question_zh, *e.phrasings) if t]
            for e in kb.entries.values()
        }
        del words_of
        self.entry_words_ = {entry_id: frozenset().union(*questions) for entry_id, questions in question_words.items()}
        # Entries some of whose questions ask how long, the one most often asked so first (the closure's duration),
        # then things with a wait of their own (the e-mail's block, data kept, a bank transfer).
        asked_how_long = Counter(
            entry.id for entry in kb.entries.values() for q in (entry.question, *entry.phrasings) if _HOW_LONG.search(q)
        )
        self.timed_entries_ = tuple(entry_id for entry_id, _ in asked_how_long.most_common())
        # Entries some of whose questions ask where a thing is, the one most often so first (where the option to close
        # is): the answer a report of not finding what the previous answer spoke of is after.
        asked_where = Counter(
            entry.id
            for entry in kb.entries.values()
            for q in (entry.question, *entry.phrasings)
            if _ASKS_WHERE.search(q)
        )
        self.placed_entries_ = tuple(entry_id for entry_id, _ in asked_where.most_common())
        lexicon, frame_zipf = self.relevance_.lexicon_, self.relevance_.frame_zipf
        self.coverage_ = TopicCoverage(
            within=self.config.topic_within, kept_first=frozenset([plain.entry] if plain is not None else [])
        ).fit(self.entry_words_, lambda words: (lexicon.zipf(words) >= frame_zipf).tolist())
        entry_words = Counter(w for questions in question_words.values() for w in set().union(*questions))
        self.entries_using_ = entry_words
        self.shared_words_ = frozenset(
            w for w, n in entry_words.items() if n >= self.config.shared_by * len(kb.entries)
        )
        # The request word with an ending ("when the account closes"), for the synonyms that hold only around it.
        self.request_forms_ = re.compile(rf"{re.escape(plain.word if plain else '')}(?:s|d|es|ed|ing)?")
        # The request word and the words that only say the user is asking ("deletion request"), after synonyms.
        self.asking_words_ = frozenset(
            [plain.word, *(w for a in plain.asking for w in self.relevance_.words(normalize(a)))] if plain else []
        )
        # What the KB closes, reopens or withdraws: the words that follow each such word in its own texts
        # ("account", "request", "sub-account", "positions"). "get rid of dust in my keyboard" closes something the
        # KB never does; "withdraw from a course" withdraws from something it never speaks of.
        self.acting_words_ = tuple(dict.fromkeys([*([plain.word] if plain else []), *kb.scope.acting_words]))
        self.objects_: dict[str, Counter[str]] = {word: Counter() for word in self.acting_words_}
        self.closing_patterns_ = _ClosingPatterns.build(plain.word, self.acting_words_) if plain else None
        elsewhere = sorted((fold(p) for p in kb.scope.closed_elsewhere), key=len, reverse=True)
        # The first word of each e-mail provider's name ("yahoo" of "yahoo mail"): closed, it is the user's mailbox.
        self.providers_ = frozenset(fold(p).split()[0] for p in kb.scope.email_providers if p.isascii())
        # ...and in Chinese the name before "邮箱" ("163邮箱", "网易邮箱"), closed after it or right before it ("163邮箱怎么
        # 注销", "注销网易邮箱"); "注销币安后qq邮箱还能用吗" closes the account first.
        zh_providers = sorted(
            {
                fold(p)[: -len("邮箱")].strip()
                for p in kb.scope.email_providers
                if not p.isascii() and p.endswith("邮箱")
            },
            key=len,
            reverse=True,
        )
        names = "|".join(map(re.escape, zh_providers))
        word = re.escape(plain.word) if plain else ""
        self.mailbox_zh_ = (
            re.compile(
                rf"(?<![a-z0-9])(?:{names})\s*email\s*(?:要|该|应该|可以|能|能不能|可不可以)?\s*(?:怎么|如何|怎样|咋)?\s*{word}"
                rf"|{word}\s*(?:我的|掉)?\s*(?:{names})\s*email"
                # ...or any mailbox as the topic of a how to close ("学校邮箱怎么注销"), not the means ("用邮箱怎么注销")
                rf"|(?:^|[^用过在\s])\s*email\s*(?:要|该|应该)?\s*(?:怎么|如何|怎样|咋)\s*{word}"
            )
            if names and plain
            else None
        )
        holders = "|".join(map(re.escape, sorted(kb.scope.other_holders, key=len, reverse=True)))
        holders_zh = "|".join(
            map(re.escape, sorted((h for h in kb.scope.other_holders if is_cjk(h)), key=len, reverse=True))
        )
        self.holder_closes_ = (
            re.compile(
                rf"\b(?:{holders})\s+(?:(?:{_AUXILIARIES})\s+)*{re.escape(plain.word)}\s+(?:my|your|our|the|an?|his|her|their|it)\b"
                rf"|(?:去|在|被)\s*(?:{holders})|(?:{holders})\s*(?:把|将)"
                # ...or keeps the records of one ("how long does my bank keep my records after I close the account"; not
                # "my bank keeps blocking transfers")
                rf"|\b(?:{holders})\s+(?:(?:{_AUXILIARIES})\s+)*retain\s+(?:my|your|our|the|their|all|customer)\b"
                # ...or whose account is closed there ("how long does an account closure take at your bank")...
                rf"|\b{re.escape(plain.word)}\b[^,.;:!?]*?\bat\s+(?:your|my|our|the|a|an|another|this)\s+(?:{holders})\b"
                # ...or in whose app something is deleted ("delete my transaction history on my bank app")...
                rf"|\b{re.escape(plain.word)}\b[^,.;:!?]*?\b(?:on|in|from)\s+(?:your|my|our|the|a|an|this)\s+(?:{holders})"
                r"\s+(?:mobile|app|website|site)\b"
                # ...or whose account or card is the one closed ("close my bank account", "delete a saved bank card")...
                # (also another person's: "close her bank accounts", "close my mom's bank account")
                rf"|\b{re.escape(plain.word)}\s+(?:(?:my|your|our|the|an?|this|that|saved|linked|old|his|her|their|[a-z]+'s)\s+)*"
                rf"(?:{holders})\s+(?:account|accounts|card|cards)\b"
                # ...or who is to do the closing ("I want my data erased by google")...
                rf"|\b{re.escape(plain.word)}\s+by\s+(?:{holders})\b"
                # ...or, in Chinese, named right before the closing as its topic, with its card, account or app ("银行卡
                # 怎么注销", "手机银行可以注销吗")
                + (
                    rf"|(?:{holders_zh})\s*(?:卡|account|mobile|app)?\s*(?:要|该|应该)?\s*(?:{_CAN_ZH}|怎么|如何|怎样)?\s*"
                    rf"{re.escape(plain.word)}(?![a-z])"
                    # ...or named with its card or account as what the closing was about, in a clause after it ("我要销户，
                    # 某某银行的储蓄卡"; not where the money goes, "销户，提现到银行卡要多久")
                    rf"|{re.escape(plain.word)}\s*[,，:：]\s*[^,，。.!！?？;；到至进转入]{{0,6}}?(?:{holders_zh})\s*的?\s*"
                    r"(?:储蓄卡|借记卡|信用卡|卡|account)\s*[。.!！]?\s*$"
                    # ...or saying it will close the user's account ("银行说因为炒币要关我的账户"): the place closes it
                    rf"|(?:{holders_zh})\s*(?:说|称|通知我?|告诉我|表示|发短信说|打电话说)[^,，。.!！?？;；]{{0,12}}?"
                    rf"(?:要|会|将|准备|打算)\s*{re.escape(plain.word)}(?![a-z])"
                    if holders_zh
                    else ""
                )
            )
            if holders and plain is not None
            else None
        )
        # ...or that the user leaves ("is it possible to leave my bank without fees", "switching brokers"): its customer
        # goes elsewhere, no account here closes.
        self.holder_left_ = (
            Guarded(
                re.compile(
                    r"\b(?:leave|leaving|left|quit|quitting|switch|switching|ditch|ditching)\s+"
                    rf"(?:(?:my|your|our|the|a|an|this|that)\s+)?(?:{holders})\b"
                )
            )
            if holders
            else None
        )
        # ...or that asks the user for something ("银行要求重新做身份验证": the bank wants the identity checked again, "my
        # bank is asking me to verify my identity"): that place's own check, where Binance is not named.
        self.holder_asks_ = (
            Guarded(
                re.compile(
                    rf"\b(?:{holders})\s+(?:(?:{_AUXILIARIES}|keeps|kept|now|again)\s+)*"
                    r"(?:ask|asks|asking|asked|want|wants|wanted|require|requires|requiring|required|demand|demands|demanded|"
                    r"need|needs|needed|request|requests|requested|told|tells|make|makes|made)\b"
                    + (
                        rf"|(?:{holders_zh})\s*(?:又|再|还|非|一直)?\s*(?:要求|让我|叫我|要我|需要我|通知我|非要)"
                        if holders_zh
                        else ""
                    )
                )
            )
            if holders
            else None
        )
        # A removal verb with a list of things ending in the account ("remove my data and my account", "删除我的个人信息和
        # 账户"): the account is closed, with the other things in it.
        removers = {fold(v) for v in kb.scope.removal_verbs} | {"删除", "删掉", *([plain.word] if plain else [])}
        removal = "|".join(map(re.escape, sorted(removers, key=len, reverse=True)))
        self.removes_with_account_ = (
            re.compile(
                rf"(?<![a-z])(?:{removal})\s+(?:(?:my|the|all|of|our)\s+)*[a-z]+(?:\s+[a-z]+)?\s+(?:and|&|plus|as well as)\s+"
                r"(?:(?:my|the|whole|entire|our)\s+)*account\b"
                rf"|(?:{removal})\s*(?:我的|掉)?\s*[^,.;:!?，。；：！？\s]{{1,12}}?\s*(?:和|以及|及|还有|跟|与|连同)\s*(?:我的|整个)?\s*account"
            )
            if plain is not None
            else None
        )
        self.closed_elsewhere_ = (
            Guarded(re.compile(rf"(?<![a-z])(?:{'|'.join(map(re.escape, elsewhere))})(?![a-z])")) if elsewhere else None
        )
        # ...those of them the KB never speaks of ("phone plan", "sim card"; not "phone number", which it says may be
        # reused), and the places that hold accounts named as where something of the user's is held or done ("a loan
        # with my bank", "the fees at my bank", "for bank accounts too"), not where the money goes: another place's.
        spoken = " ".join(fold(t) for t in kb_texts)
        unspoken = [p for p in elsewhere if p not in spoken]
        held_at = "|".join(
            map(re.escape, sorted((fold(h) for h in kb.scope.other_holders if h.isascii()), key=len, reverse=True))
        )
        self.another_place_ = (
            re.compile(
                "|".join(
                    [
                        *([rf"(?<![a-z])(?:{'|'.join(map(re.escape, unspoken))})(?![a-z])"] if unspoken else []),
                        *(
                            [
                                rf"\b(?:at|with|for)\s+(?:(?:my|your|our|the|a|an|this|that|another|other|any)\s+)?"
                                rf"(?:{held_at})(?:'s)?\b(?!\s+(?:transfer|withdraw|wire|deposit|payout|card)\w*)"
                            ]
                            if held_at
                            else []
                        ),
                    ]
                )
            )
            if unspoken or held_at
            else None
        )
        # ...and every word of the KB's texts that speak of reopening, undoing or withdrawing: "数据" (data) is spoken of
        # as recovered, an e-mail sent never.
        self.acted_with_: dict[str, set[str]] = {word: set() for word in self.acting_words_}
        for t in kb_texts:
            normalized_text = normalize(t)
            if not any(word in normalized_text for word in self.acting_words_):
                continue  # no token is one of those words
            toks = tokens(normalized_text)
            for a, b in zip(toks, toks[1:], strict=False):
                if a in self.objects_:
                    self.objects_[a][b] += 1
            acted = [word for word in self.acting_words_ if word in toks]
            if acted:
                text_words = self.relevance_.words(normalized_text)
                for word in acted:
                    self.acted_with_[word].update(text_words)
        topic = frozenset(kb.scope.topic_words)
        self.topic_words_ = topic
        # Both as a tree of the words' shared beginnings (`alternation`), each character read once rather than once a
        # word: the same matches (the topic words are only searched for; the longer of two trouble words is tried first).
        # A Chinese topic word needs no boundary: right after a Latin name it is still asked of it ("NFT怎么办").
        latin, chinese = sorted(w for w in topic if w.isascii()), sorted(w for w in topic if not w.isascii())
        self.topic_pattern_ = (
            re.compile(
                "|".join(
                    [
                        *(
                            [rf"(?<![a-z])(?:{alternation(latin)})(?:{'|'.join(_TOPIC_ENDINGS)})?(?![a-z])"]
                            if latin
                            else []
                        ),
                        *([rf"(?:{alternation(chinese)})"] if chinese else []),
                    ]
                )
            )
            if topic
            else None
        )
        # A Latin topic word of letters only, with its ending, matches a whole run of letters of a text: in plain ASCII
        # text (where no Chinese word can match) one is named exactly where one of the text's runs is among these
        # forms, a look-up in a set rather than a pass of the regex engine, which tries every position.
        self.topic_forms_ = (
            frozenset(word + ending for word in latin for ending in ("", *_TOPIC_ENDINGS))
            if topic and all(_LETTER_RUN.fullmatch(word) for word in latin)
            else None
        )
        trouble = sorted(kb.scope.trouble_words, key=len, reverse=True)
        self.trouble_pattern_ = re.compile(rf"(?<![a-z])(?:{alternation(trouble)})(?![a-z])") if trouble else None
        self.topic_share_ = {
            entry_id: sum(bool(topic & words) for words in questions) / len(questions)
            for entry_id, questions in question_words.items()
        }
        self.request_share_ = {
            entry_id: sum(plain is not None and plain.word in words for words in questions) / len(questions)
            for entry_id, questions in question_words.items()
        }
        in_scope = np.array([label != OUT_OF_SCOPE for label in labels], dtype=int)
        self.wording_ = WordingModel().fit(self.retriever_.matrices_[0], in_scope)
        self.calibrator_ = self._calibrate(documents, labels)
        # The learned check of scope, fitted on the KB's example messages (none: the rules alone judge scope).
        self.gate_ = (
            ScopeGate.from_table(kb.scope_check, reading=self.reading if kb.scope_check.normalized else None)
            if kb.scope_check is not None
            else None
        )
        # What the build left in the caches of folded texts and of words' frequencies is the KB's, not a question's:
        # it would only hold memory.
        clear_words_cache()
        self.relevance_.lexicon_.clear_word_cache()
        return self

    def _spell_and_normalize(self, text: str) -> str:
        return self.normalizer_(self.speller_(text))

    def reading(self, text: str) -> str:
        """How the engine reads a message: spelling corrected, synonyms and phrasings rewritten."""
        return self._spelled_normalized(" ".join(text.split()))

    @property
    def kb(self) -> KnowledgeBase:
        """The knowledge base the engine was fitted on."""
        return self.kb_

    def clear_caches(self) -> None:
        """Forget the texts normalised, corrected, weighed and vectorised so far (to time a question seen first)."""
        for cache in (self.normalizer_, self.speller_, self.relevance_, self.retriever_):
            cache.clear_cache()
        if self.gate_ is not None:
            self.gate_.clear_cache()
        self._spelled_normalized.cache_clear()
        clear_acting_cache()
        clear_token_cache()
        clear_words_cache()
        _content.cache_clear()

    def _calibrate(self, documents: list[str], labels: list[str]) -> LogisticCalibrator:
        index = np.arange(len(documents))
        if len(index) > self.config.calibration_samples:
            # Each document is kept or not by a hash of its text, so that adding a phrasing does not redraw the
            # whole sample (and with it every confidence).
            share = self.config.calibration_samples / len(index)
            index = np.array([i for i in index if zlib.crc32(documents[i].encode("utf-8")) / 2**32 < share])
        rows, targets, weights = [], [], []
        n_oos = sum(1 for i in index if labels[i] == OUT_OF_SCOPE) or 1
        n_in = max(len(index) - n_oos, 1)
        for i in index:
            matches = self.retriever_.query(documents[i], k=self.config.candidates, exclude=int(i))
            own = set(tokens(self.retriever_.documents_[i])) if labels[i] != OUT_OF_SCOPE else set()
            # A phrasing's own words are left out of the KB's counts, as a user's unseen words would be.
            own_words = Counter(self.relevance_.words(self.retriever_.documents_[i])) if own else None
            evidence = self.relevance_.evidence(self.retriever_.documents_[i], leave_out=own_words)
            wording = self._clip(float(self.wording_.oof_[i]))
            rows.append(self._features(documents[i], matches, evidence, wording, leave_out=own))
            if labels[i] != OUT_OF_SCOPE:
                targets.append(1.0)
                weights.append(1.0)
                continue
            # Weighed so that both kinds count alike. Each out-of-scope example also counts as a question unlike
            # any known out-of-scope example, so that a weak match alone is not trusted.
            in_kb_only = [m for m in matches if m.label != OUT_OF_SCOPE]
            rows.append(self._features(documents[i], in_kb_only, evidence, wording))
            targets += [0.0, 0.0]
            weights += [n_in / n_oos / 2] * 2
        return LogisticCalibrator().fit(np.array(rows), np.array(targets), np.array(weights))

    def _clip(self, log_odds: float) -> float:
        return max(-self.config.wording_clip, min(self.config.wording_clip, log_odds))

    def _features(
        self,
        text: str,
        matches: list[Match],
        evidence: Evidence,
        wording: float,
        leave_out: frozenset[str] | set[str] = frozenset(),
    ) -> list[float]:
        entry_matches = [m for m in matches if m.label != OUT_OF_SCOPE]
        oos = max((m.score for m in matches if m.label == OUT_OF_SCOPE), default=0.0)
        top = entry_matches[0] if entry_matches else None
        toks = tokens(self.normalizer_(text))
        known = sum(1 for t in toks if self.vocabulary_[t] - (t in leave_out) > 0)
        coverage = known / len(toks) if toks else 0.0
        platform = 1.0 if self.scope_.other_platform(text) and not self.scope_.names_subject(text) else 0.0
        score = top.score if top is not None else 0.0
        plain = self.kb_.scope.plain_request
        request_word = 1.0 if plain is not None and plain.word in evidence.supported else 0.0
        # An entry whose questions nearly always say "close", matched by a message that does not ("why do I need
        # to verify my identity" against "must my KYC be verified before I can close?"), is a weaker match.
        missing = (1.0 - request_word) * (self.request_share_.get(top.label, 0.0) if top is not None else 0.0)
        return [
            score,
            oos,
            score - oos,
            platform,
            coverage,
            math.log1p(len(toks)),
            evidence.support,
            evidence.strongest,
            evidence.foreign,
            wording,
            request_word,
            missing,
        ]

    # ---- judging --------------------------------------------------------------------------------
    def judge(self, text: str) -> Judgement:
        """Rank entries for `text` and estimate the probability that the KB answers it."""
        text = self.speller_(text)
        matches = self.retriever_.query(text, k=self.config.candidates)
        normalized = self.normalizer_(text)
        evidence = self.relevance_.evidence(normalized)
        framed = _TAKES_TIME.sub(" ", normalized) if "需要" in normalized else normalized  # (the pattern's own word)
        framed = _AMOUNT_NEEDED.sub(r"\1", framed) if "need" in framed else framed
        topical = (
            self.topic_pattern_ is None
            or self._names_topic(framed)
            or not (_OPERATING.search(normalized) or self._keywords(normalized))
            # "can I do it on my iphone": the message points at something it does not name, which may be closing.
            # (Each of its branches holds "do" or "做": without them, no pattern pass.)
            or (("do" in normalized or "做" in normalized) and bool(_POINTS_AT.search(normalized)))
        )
        # "my withdrawal is stuck": a problem with a feature, asked without a word of closing.
        trouble = self._reports_trouble(text)
        topical = topical and not trouble
        if not matches:
            return Judgement((), 0.0, False, evidence, topical, trouble)
        wording = self._clip(self.wording_.log_odds(self.retriever_.word_ids(text)))
        confidence = self.calibrator_.probability(self._features(text, matches, evidence, wording))
        entry_matches = tuple(m for m in matches if m.label != OUT_OF_SCOPE)
        return Judgement(entry_matches, confidence, matches[0].label == OUT_OF_SCOPE, evidence, topical, trouble)

    def _names_topic(self, text: str) -> bool:
        """True when `topic_pattern_` finds a match in `text`: it names a word of the KB's topic."""
        if self.topic_forms_ is not None and text.isascii():
            return not self.topic_forms_.isdisjoint(_LETTER_RUN.findall(text))
        return self.topic_pattern_ is not None and self.topic_pattern_.search(text) is not None

    def _keywords(self, normalized: str) -> bool:
        """True when an English message is two to four keywords and nothing else ("p2p limit", "card fee refund").

        Such a message names a feature to ask about, as "how" or "where" would; without a topic word it is not a
        question about closing. A word as common as a frame ("my", "is", "do") makes it a sentence, which may tell
        something.
        """
        if _CJK.search(normalized):
            return False
        words = _WORDS.findall(normalized)
        if not 2 <= len(words) <= 4:
            return False
        return bool(all(z < self.relevance_.frame_zipf for z in self.relevance_.lexicon_.zipf(words)))

    def _reports_trouble(self, text: str) -> bool:
        """True when a message reports a problem and, besides that report, holds none of the KB's topic words.

        The report is read as written: "keeps getting rejected" must not lend the message the topic word that
        "keep" is a synonym of.
        """
        folded = fold(text)
        if self.trouble_pattern_ is None or not self.trouble_pattern_.search(folded):
            return False
        # "after two days" only says when the problem showed: its "after" asks nothing about closing.
        rest = self.normalizer_(_AFTER_A_WHILE.sub(" ", self.trouble_pattern_.sub(" ", folded)))
        return self.topic_pattern_ is None or not self._names_topic(rest)

    def _confident(self, judged: Judgement, request: bool = False) -> bool:
        """Whether to answer `judged`; `request` when the message only asks to close the account."""
        cfg = self.config
        if self._unsupported(judged.evidence, request) or judged.best is None:
            return False
        if not judged.topical and (
            judged.trouble or self.topic_share_.get(judged.top.label, 0.0) >= cfg.topic_required_share
        ):
            # An entry only ever asked about as part of closing, matched by a message about the feature alone; or
            # any entry, matched by a report of a problem with what it names.
            return False
        # Nearest to a known out-of-scope example: answer only when the rest of the evidence is strong.
        if request:
            floor = cfg.request_decline_below
        elif judged.out_of_scope_best:
            floor = cfg.decline_below_near_out_of_scope
        else:
            floor = cfg.decline_below
        return judged.confidence >= floor

    def _unsupported(self, evidence: Evidence, request: bool = False) -> bool:
        """True when a text's words alone rule out answering it, whatever it matches (`_confident` is then False)."""
        # No word the KB uses more than everyday language does (a question frame alone), or too many topical words
        # it never uses: not an answer from this KB, whatever the match.
        foreign_limit = self.config.request_foreign_limit if request else self.config.foreign_limit
        return evidence.strongest <= 0 or evidence.foreign > foreign_limit

    def _suggestions(self, judged: Judgement | None, answered: tuple[str, ...]) -> list[str]:
        """Entry ids of close runners-up ("did you mean"), then of entries related to what was answered."""
        cfg = self.config
        picks: list[str] = []
        matches = judged.matches if judged else ()
        best = matches[0] if matches else None
        for match in matches[1:]:
            if best and best.score - match.score <= cfg.suggest_within and match.score >= cfg.suggestion_floor:
                picks.append(match.label)
        for entry_id in answered:
            picks += self.kb_.entries[entry_id].related
        out = [entry_id for entry_id in dict.fromkeys(picks) if entry_id not in answered]
        return out[: cfg.max_suggestions]

    def _decline_suggestions(self, judged: Judgement) -> list[str]:
        """Entry ids of near misses first, then of the starter questions: what the bot can help with."""
        near = [
            m.label for m in judged.matches if m.score >= self.config.suggestion_floor and not judged.out_of_scope_best
        ]
        return list(dict.fromkeys([*near, *self.kb_.scope.starters]))[: self.config.max_suggestions + 1]

    # ---- deciding -------------------------------------------------------------------------------
    def decide(self, message: str, after: str | None = None) -> Decision:
        """What to answer to one message; `after` is the previous turn's entry id, for follow-ups."""
        decision = self._decide(message, after)
        if after in self.kb_.entries and not decision.declined:
            decision = replace(decision, in_session=True)
        if self.gate_ is None:
            return decision
        if decision.declined:
            return self._answered_by_the_check(message, after, decision)
        # The rules found an answer; the learned check of scope may still find the message very unlikely to be one
        # the KB covers. In a conversation a follow-up is often short and leans on the answer before ("怎么撤销",
        # "what's the benefit"), which the check reads alone: there it must be surer still.
        in_scope = self.gate_.probability(message)
        floor = self.config.gate_below_in_session if after in self.kb_.entries else self.config.gate_below
        if in_scope >= floor:
            return decision
        offers = list(dict.fromkeys([*decision.entries, *self.kb_.scope.starters]))
        return Decision(
            (), min(decision.confidence, in_scope), tuple(offers[: self.config.max_suggestions + 1]), decision.lang
        )

    def _answered_by_the_check(self, message: str, after: str | None, declined: Decision) -> Decision:
        """A message alone the rules declined, answered with the steps to close when the check is sure it is in scope.

        Among such messages the check is surest of, nearly all ask to close the account in words no rule foresaw
        ("I don't want to have anything to do with binance anymore. what now?"). The confidence stays the rules', below
        the decline threshold, so the exchange also reaches the support team's queue. After an answer a message the
        rules declined is left declined: there the sure ones are follow-ups, which the steps would not answer. So is one
        a rule declined for what it is about ("nothing to do with binance, how do I close my o2 account"), or one
        declined although it matched well (a question that never speaks of closing, asked about a feature).
        """
        plain = self.kb_.scope.plain_request
        if (
            declined.ruled_out
            or declined.confidence >= self.config.decline_below
            or after in self.kb_.entries
            or plain is None
            or plain.entry not in self.kb_.entries
        ):
            return declined
        assert self.gate_ is not None
        if self.gate_.probability(message) < self.config.gate_answers_above:
            return declined
        if (
            not self.scope_.names_subject(message)
            and self.relevance_.evidence(self._spelled_normalized(message)).strongest <= 0
        ):
            # ("funding every 8h or 4h now?": neither the exchange nor any word the KB uses more than everyday language;
            # the check read the shape of a short command, not a request)
            return declined
        suggestions = tuple(self._suggestions(None, (plain.entry,)))
        text = " ".join(message.split())
        return Decision(
            (plain.entry,),
            declined.confidence,
            suggestions,
            declined.lang,
            (text,),
            asks_bot_to_act(self.normalizer_(text)),
        )

    def _decide(self, message: str, after: str | None) -> Decision:
        """What the rules and the ranking answer to one message."""
        text = " ".join(message.split())
        if not text:
            raise ValueError("message is empty")
        # "deletemybinanceaccount", "closeaccount pls": words typed without spaces, read as the words they are.
        # "signed up by accident, how do I undo it?": what points back at the account made is the account.
        text = self.speller_.split_runs(undone_account(self.heard_(text)), self.names_, self.run_topic_)
        folded = text.casefold()
        if any(word in folded for word in _BARE_IS_WORDS):
            text = _BARE_IS.sub(r"\1's", text)
        if not text.isascii() or _SHORTHAND_LOWER.search(text.lower()):
            text = _SHORTHAND_WORDS.sub(lambda m: _SHORTHAND[m.group(0).lower()], text)
        # (Each pattern needs its word, in any case: most messages hold neither and skip both passes.)
        lowered = text.lower()
        if "where" in lowered:
            text = _WHERE_IT_GOES.sub(r"what happens to \1", text)
        if "matter" in lowered:  # (the rewrite above brings in no "matter")
            text = _DOES_IT_MATTER.sub("is that a problem", text)
        text = _USE_AGAIN.sub(r"reuse \1", text)
        if self.currency_withdrawn_ is not None and self.currency_named_ is not None:
            text_folded = fold(text)
            if self.currency_named_.search(text_folded) and self.currency_withdrawn_.search(text_folded):
                text = self.currency_withdrawn_.sub(lambda m: "fiat " if m.group(0).isascii() else "法币", text_folded)
        if is_cjk(text):
            text = _REPEATED_INTERJECTION.sub(r"\1", text)
            text = _MEASURED_ACCOUNT.sub(r"\1", text)
            text = _HELD_IN_ZH.sub("", _AFTER_ZH.sub("后 ", text))
        after = after if after in self.kb_.entries else None
        if after is not None and "nt" in folded:
            # "so binance doesnt move it anywhere?": in a follow-up, a negated auxiliary typed without its apostrophe is
            # the auxiliary, not a word of its own the KB never uses (a request's own patterns read it as typed).
            text = _BARE_NOT.sub(r"\1n't", text)
        lang: Lang = "zh" if is_cjk(text) else "en"
        # "close it or I'll sue", "I don't want to freeze it, I want it gone": the request, without the threat or the
        # alternative turned down.
        text = without_asides(text, self._holds_request_word)
        if (
            self.scope_.other_platform(text)
            or self._unknown_service(text)
            or self._held_elsewhere(text)
            or self._closes_a_mailbox(text)
            or self._gets_a_document(text)
            or self._holder_asks(text)
        ) and not self.scope_.names_subject(text):
            return self._declined_outright(lang)

        if after is not None and self._asks_again_of_another_service(text, after):
            return self._declined_outright(lang)
        if after is not None and self._brings_up_another_service(text):
            # "what happens to my netflix if I move?" after the NFT answer asks the previous question of another
            # service: the message is read exactly as it would be alone.
            after = None

        text = self._read_as_closing(self.scope_.mask_destinations(text))
        if after is not None:
            # "no I meant my NFTs", "我是说NFT": a correction brings up what it names, as "and my NFTs?" does.
            text = (
                _CORRECTION.sub("and ", text, count=1) if not is_cjk(text) else _CORRECTION_ZH.sub("那", text, count=1)
            )
        if after is not None:
            text = self._speed_as_duration(text)
            # "那要等几天" (then how many days do I wait?): the opening "then" is a word of its own, not the start of
            # one the segmenter would find ("那要").
            text = _THEN_ZH.sub("那 ", text, count=1) if is_cjk(text) else text
        if after is not None and self.scope_.names_closing_word(text) and not self._sets_apart_closing_words(text):
            # "what about my usdt?", "even fiat? like my euros" after a closing answer bring up the crypto or money
            # left in the account, as "I still have 40 USDT, is it refunded when I close?" does; a thing of its
            # own beside them ("how do I send euros to my sister") is another errand, read as written.
            rewritten = self.scope_.rewrite_closing_words(text)
            if _ANOTHER_THING.search(text.lower()) or _WHAT_ABOUT.match(text.lower()) or not self._strangers(rewritten):
                text = rewritten
        if (
            (self._closes_something_else(text) and not self._wants_own_closure_apart(text))
            or self._closes_of_itself(text)
            or self.closed_by_exchange_(fold(text))
            or self._closes_the_running_app(text)
            or keeps_account_closing_another(self._spelled_normalized(text))
            or cancels_a_pending_act(self._spelled_normalized(text), self.topic_pattern_)
            or self._closes_a_feature(text)
            or self._asks_how_to_use(text)
            or self._asks_of_another_act(text)
            or self._asks_a_fee_of_another_act(text)
        ):
            return self._declined_outright(lang)
        several = self._answer_parts(text)
        if several and len(several[0]) > 1:
            entries, confidence, asked = several
            chosen = tuple(e.id for e in entries)
            suggestions = self._suggestions(None, chosen)
            parts = tuple(asked)
        else:
            judged = self.judge(text)
            if after is not None:
                judged = self._with_context(text, judged, after)
            else:
                # Alone, a message's topic words choose among entries that match it nearly alike ("what happens to
                # my balance after closing"); after an answer, the answer before is what a short message leans on.
                judged = replace(
                    judged,
                    matches=self.coverage_.rerank(
                        judged.matches, self.relevance_.words(self._spelled_normalized(text))
                    ),
                )
            plain = self._plain_request(text, judged.evidence) if judged.best is not None else None
            if plain is None and judged.best is not None and self._closing_step_asked(self._spelled_normalized(text)):
                # "…3) close the account. what does step 3 involve?": the step asked about is the closure itself.
                plain = self.kb_.scope.plain_request.entry  # type: ignore[union-attr]
            request = plain is not None or asks_to_close(self._spelled_normalized(text))
            if not self._confident(judged, request=request):
                clause = self._request_clause(text)
                if clause is None and several:
                    several = self._answer_parts(text, resolve_frames=True) or several
                    # "how long does it take and do I lose my referral code?": the whole reads unlike any one
                    # question, but one of its parts is a question the KB answers on its own; answer that part.
                    entries, confidence, asked = several
                    chosen = tuple(e.id for e in entries)
                    return Decision(
                        chosen,
                        confidence,
                        tuple(self._suggestions(None, chosen)),
                        lang,
                        tuple(asked),
                        asks_bot_to_act(self.normalizer_(text)),
                    )
                if clause is None:
                    return Decision((), judged.confidence, tuple(self._decline_suggestions(judged)), lang)
                judged, plain = clause, self.kb_.scope.plain_request.entry  # type: ignore[union-attr]
            normalized = self._spelled_normalized(text)
            steps = self.kb_.scope.plain_request
            if (
                plain is None
                and steps is not None
                and steps.entry in self.kb_.entries
                and asks_to_close(normalized)
                and not _ASKS_WHAT.search(normalized)
                # "I want to close binance but i have a p2p order in dispute": a hurdle told after the wish is what
                # the hurdle's entry answers, and the steps follow it
                and not self._hurdle_told_after(normalized, judged)
            ):
                # "I keep getting spam emails, please remove my account entirely": a command that asks nothing else;
                # what comes before it is the user's reason, not the question.
                plain = steps.entry
            entry_id = plain or judged.top.label
            chosen, confidence, parts = (entry_id,), judged.confidence, (text,)
            if (
                steps is not None
                and entry_id != steps.entry
                and steps.entry in self.kb_.entries
                and (asked := self._steps_asked_beside(text)) is not None
            ):
                # A message that asks for the closure and something else: the steps, for the clause that asks for
                # them, and the entry of the whole.
                place, asking = asked
                if place == 0:
                    chosen, parts = (steps.entry, entry_id), (asking, text)
                else:
                    chosen, parts = (entry_id, steps.entry), (text, asking)
            elif (
                steps is not None
                and entry_id != steps.entry
                and entry_id not in steps.alike
                and steps.entry in self.kb_.entries
                and self.removes_with_account_ is not None
                and (removed := self.removes_with_account_.search(normalized))
            ):
                # "remove my data and my account": the account among the things removed is closed; the steps come
                # first, then what the other things named have to do with it.
                chosen, parts = (steps.entry, entry_id), (removed.group(0), text)
            elif (
                steps is not None
                and entry_id != steps.entry
                and entry_id not in steps.alike
                and steps.entry in self.kb_.entries
                and (
                    wants := _WANTS_CLOSURE.search(normalized)
                    or (_PLAN_ENDS_CLOSING.search(normalized) if _ORDER_ASKED.search(normalized) else None)
                )
            ):
                # "need to close my account but a futures position is still open": the hurdle's entry answers what
                # was asked about it, and the steps the closure the user wants (their conflict flags read only the
                # words that want it: what the hurdle's part says of timing is the hurdle's).
                chosen, parts = (entry_id, steps.entry), (text, wants.group(0))
            elif (
                steps is not None
                and entry_id == steps.entry
                and judged.best is not None
                and judged.top.label != entry_id
            ):
                setting = self._setting_before_steps(normalized)
                if setting is not None and self._names_entry(setting, judged.top.label) and self._confident(judged):
                    # "I have open orders, how do I close my account?": the steps asked for, and what the setting names.
                    chosen, parts = (entry_id, judged.top.label), (text, text)
            suggestions = self._suggestions(judged, (entry_id,))
        return Decision(chosen, confidence, tuple(suggestions), lang, parts, asks_bot_to_act(self.normalizer_(text)))

    def _declined_outright(self, lang: Lang) -> Decision:
        """A decline decided before any ranking: no match, no confidence, the usual offers of help."""
        return Decision((), 0.0, tuple(self._decline_suggestions(Judgement((), 0.0, True))), lang, ruled_out=True)

    def _holder_asks(self, text: str) -> bool:
        """True when a bank or a broker asks the user for something ("my bank wants me to verify my identity again",
        "银行要求重新做身份验证") in a message without a word of closing: that place's own request."""
        if self.holder_asks_ is None:
            return False
        folded = fold(text)
        asks = self.holder_asks_.search(folded)
        if asks is None:
            return False
        # (read as written: "keeps asking" is no "keep" of the KB's)
        rest = self._spelled_normalized(f"{folded[: asks.start()]} {folded[asks.end() :]}")
        return self.topic_pattern_ is None or not self._names_topic(rest)

    def _asks_how_to_use(self, text: str) -> bool:
        """True when a message asks how to use a feature ("how do I use binance convert?", "理财怎么用") and holds no
        word of the KB's topic: how the feature works, not what closing does to it."""
        normalized = self._spelled_normalized(text)
        if not _HOW_TO_USE.search(normalized):
            return False
        return self.topic_pattern_ is None or not self._names_topic(normalized)

    def _asks_of_another_act(self, text: str) -> bool:
        """True when a message asks what is needed before an act the KB never speaks of ("what do i need before trading
        in my phone") or about moving from one phone to another ("move data from android to iphone"), and names no
        word of closing, no account and not Binance: that act's or those phones' own matter."""
        plain = self.kb_.scope.plain_request
        normalized = self._spelled_normalized(text)
        # (the two frames first: most messages have neither, and naming Binance is the costlier check)
        phones = _PHONE_TO_PHONE.search(normalized)
        before = None if phones else _NEEDED_BEFORE.search(normalized)
        if (phones is None and before is None) or plain is None or "account" in normalized:
            return False
        if self.scope_.names_subject(text):
            return False
        if phones:
            rest = _PHONE_TO_PHONE.sub(" ", normalized)
            return self.topic_pattern_ is None or not self._names_topic(rest)
        assert before is not None
        act = before.group(1)
        held = set(tokens(normalized))
        return act not in self.acting_words_ and plain.word not in held and held.isdisjoint(self.acting_words_)

    def _asks_a_fee_of_another_act(self, text: str) -> bool:
        """True when a message asks about the fee of trading or depositing ("how much is the fee to trade futures",
        "币安交易手续费多少") and holds no word of withdrawing or of the KB's topic: the KB's fees are those of
        withdrawing, which a trading fee is not."""
        normalized = self._spelled_normalized(text)
        if "fees" not in normalized and "费" not in normalized:
            return False
        if not _FEE_OF_ANOTHER_ACT.search(normalized) or "withdraw" in normalized:
            return False
        return self.topic_pattern_ is None or not self._names_topic(normalized)

    def _gets_a_document(self, text: str) -> bool:
        """True when a message asks how to get, renew or replace an identity document ("how to get a new driver's
        license after moving", "补办身份证") and names no act on the account: closing, reopening, signing
        up again."""
        plain = self.kb_.scope.plain_request
        normalized = self._spelled_normalized(text)
        if plain is None or "kyc" not in normalized or not _GETS_A_DOCUMENT.search(normalized):
            return False
        return set(tokens(normalized)).isdisjoint(_ACTS_ON_THE_ACCOUNT | {plain.word})

    def _speed_as_duration(self, text: str) -> str:
        """A short follow-up that asks for speed ("faster?", "多快能好"), asking how long instead; others as they are."""
        if len(self.relevance_.words(self.normalizer_(text))) > self.config.followup_leaning_max_tokens + 1:
            return text
        plain = self.kb_.scope.plain_request
        if plain is not None and plain.word in self.relevance_.words(self._spelled_normalized(text)):
            return text  # "can they delete it sooner?": the speed of the deleting it names, not of the previous wait
        speed = _SPEED_ZH if is_cjk(text) else _SPEED
        rest = [
            w for w in self.relevance_.words(self.normalizer_(speed.sub(" ", text.lower()))) if not _ASKS.fullmatch(w)
        ]
        if self._names_a_topic(rest) and not _ANAPHORA.search(text.lower()):
            return (
                text  # "why is the queue at the bank so slow": the speed of a thing it names, not of the previous wait
            )
        return speed.sub("多久" if is_cjk(text) else "how long", text.lower())

    def _holds_request_word(self, text: str) -> bool:
        """True when `text`, normalised, holds the request word ("close")."""
        plain = self.kb_.scope.plain_request
        return plain is not None and plain.word in tokens(self._spelled_normalized(text))

    def _read_as_closing(self, text: str) -> str:
        """`text` with the words that are synonyms only in a message about closing rewritten, when it is one.

        "I still have 40 USDT in spot, will it be refunded when I close?" asks what closure does to what is left;
        "withdrawal fee for USDT on Tron" asks about the coin itself, which the sources do not cover: there the
        ticker stays a word the KB never uses.
        """
        plain = self.kb_.scope.plain_request
        if plain is None or not self.scope_.names_closing_word(text):
            return text
        normalized = self._spelled_normalized(text)
        word = self.request_forms_
        if not any(word.fullmatch(t) for t in tokens(normalized)):
            return text
        for clause in _CLAUSE.split(normalized):
            toks = _content_of(clause)
            objects = [t for i, tok in enumerate(toks) if word.fullmatch(tok) for t in toks[i + 1 : i + 3]]
            if any(self.scope_.names_closing_word(t) for t in objects):
                # "close my USDT short", "close a DOGE position": the coin is what is closed, not the account.
                return text
        return self.scope_.rewrite_closing_words(text)

    def _unknown_service(self, text: str) -> bool:
        """True when the account asked about is named by a word the KB never uses ("my match.com account")."""
        normalized = self._spelled_normalized(text)
        folded = fold(text)
        if "app" in folded and not folded.isascii():
            # "这个借款app我不想用了": the app named is another service's, like the account named before "账号".
            if any(self._names_unknown_service(self._spelled_normalized(m.group(1))) for m in _ZH_APP.finditer(folded)):
                return True
        if "account" not in normalized:
            # "闲鱼账号怎么删除": a synonym reads "账号怎么删除" as one closing word, so the name before "账号" is looked
            # for as written.
            return not folded.isascii() and any(  # (the pattern needs a Chinese character: none in plain ASCII)
                self._names_unknown_service(self._spelled_normalized(match.group(1)))
                for match in _ZH_ACCOUNT.finditer(folded)
            )
        unknown = set(self.relevance_.evidence(normalized).unknown)
        plain = self.kb_.scope.plain_request
        for match in _SERVICE_ACCOUNT.finditer(normalized):
            if match.group(2):
                # "游戏账号" (a game account), "工作账号": in Chinese even an everyday word before "账号" names another
                # service, when the KB never uses it; one character ("旧账号", "主账号") says which of the user's own.
                # A name the word table does not hold comes as single characters ("钉钉账号"): two or more of them
                # at the end that the KB never uses are one name.
                if self._names_unknown_service(match.group(2)):
                    return True
            elif plain is not None and normalized[match.end() :].split()[:1] == [plain.word]:
                continue  # "initiate account closure", "allow account deletion": a verb before "account closure"
            elif match.group(1) in unknown and match.group(1) not in _WHICH_OF_MINE | _KIND_OF_ACCOUNT:
                return True
            elif _LETTERS_AND_DIGITS.fullmatch(match.group(1)) and not self.vocabulary_[match.group(1)]:
                # "a n26 account", "my 1inch account": a name of letters and digits the KB never writes is a service's
                # name (the word tables hold letters only, so it is never among the unknown words).
                return True
        return False

    def _names_unknown_service(self, run: str) -> bool:
        """True when a Chinese run before "账号" ends in a word the KB never uses, or in a name of unknown characters."""
        words = self.relevance_.words(run)
        last = words[-1:]
        if any(len(w) > 1 and not self.relevance_.knows(w) for w in last):
            return True
        # "物业费账户" (the property fee's account): a word the KB never uses with a character that makes a name of it
        # after it ("费", "卡", "网") is one name ("出国了账户": a clause before the account, no name)
        if (
            len(words) >= 2
            and words[-1] in _NAME_ENDINGS_ZH
            and len(words[-2]) > 1
            and not self.relevance_.knows(words[-2])
        ):
            return True
        name = list(itertools.takewhile(lambda w: len(w) == 1 and not self.relevance_.knows(w), reversed(words)))
        return len(name) >= 2

    def _closes_a_mailbox(self, text: str) -> bool:
        """True when the request word applies to an e-mail provider ("delete my gmail", "close my old yahoo mail").

        Elsewhere a provider's name stands for an e-mail address ("my gmail is blacklisted?"), the KB's own topic; and so
        does it when "address" follows ("delete my old gmail address").
        """
        plain = self.kb_.scope.plain_request
        if plain is None or not self.providers_:
            return False
        normalized = self._spelled_normalized(text)
        if plain.word in normalized and self.mailbox_zh_ is not None and self.mailbox_zh_.search(normalized):
            return True  # "163邮箱怎么注销", "注销网易邮箱"
        if plain.word not in normalized or not any(p in normalized for p in self.providers_):
            return False  # (both are among its words when the rule below holds)
        for clause in _CLAUSE.split(normalized):
            toks = _content_of(clause)
            for i, tok in enumerate(toks):
                following = [w for w in toks[i + 1 : i + 4] if w not in _MODIFIERS][:2]
                if (
                    tok == plain.word
                    and following[:1]
                    and following[0] in self.providers_
                    and "address" not in following
                ):
                    return True
        return False

    def _asks_again_of_another_service(self, text: str, after: str) -> bool:
        """True when a follow-up to an answer on closing brings up another service's account or mailbox.

        "and my outlook?", "and for my credit card account?", "does that work for ebay too", "微信账号也能这样删吗" after
        the steps ask to close that thing the same way, which is declined as the request itself would be.
        """
        steps = self.kb_.scope.plain_request
        if steps is None or (after != steps.entry and after not in steps.alike):
            return False
        return self._brings_up_another_service(text)

    def _brings_up_another_service(self, text: str) -> bool:
        """True when a follow-up brings up another service's account or mailbox ("and the same for my telegram?",
        "what happens to my netflix if I move?"): it asks the previous question of that service."""
        lower = fold(text)
        found = _SAME_FOR.search(lower) or _ANOTHER_THING.search(lower)
        if found is None:
            return False
        said = next((g for g in found.groupdict().values() if g), "")
        thing = said.strip(" ?.!？。！")
        if found.groupdict().get("thing_zh") == said:
            thing = f"{thing} account"
        if not thing or _ANAPHORA.search(thing):
            return False
        closed = f"close my {thing}"
        if self.scope_.names_subject(closed):
            return False
        if self.scope_.other_platform(closed) or self._closes_a_mailbox(closed) or self._unknown_service(closed):
            return True
        # "and my line account?": an account named by a word the KB never uses is that service's.
        named = _NAMED_ACCOUNT.search(thing)
        return bool(
            named
            and named.group(1) not in _WHICH_OF_MINE | _KIND_OF_ACCOUNT | _MY_ACCOUNTS
            and self._strangers(named.group(1))
        )

    def _held_elsewhere(self, text: str) -> bool:
        """True when the account is held at a named place that is not the subject ("open an account at my bank"), or
        the user leaves a place that holds accounts ("leave my bank").

        The place is a topical word (rarer in everyday language than a frame word): "at once" or "at the same time"
        say when, not where.
        """
        relevance = self.relevance_
        normalized = self._spelled_normalized(text)
        if self.holder_left_ is not None and self.holder_left_.search(normalized):
            return True  # "leave my bank": the user leaves that place
        places = [m.group(1) for m in _ACCOUNT_AT.finditer(normalized)]
        places = [
            w
            for w in places
            if w not in FILLER and w not in _WHEN and w not in _AT_WHEN and w not in self.kb_.scope.synonyms
        ]
        return bool(places) and float(min(relevance.lexicon_.zipf(places))) < relevance.frame_zipf

    def _wants_own_closure_apart(self, text: str) -> bool:
        """True when a sentence of its own wants the user's account closed and closes nothing else: the other things
        closed in a story around it ("my lawyer said to close our joint accounts. I have an account here I want to
        close.") are the reason, not the question."""
        sentences = [s for s in _SENTENCES.split(self._spelled_normalized(text)) if s.strip()]
        if len(sentences) > 1 and any(
            "account" in s and _WANTS_CLOSURE.search(s) and not self._closes_something_else(s) for s in sentences
        ):
            return True
        # ...or one that asks how to close "it" right after a sentence naming the subject ("…, old shopping accounts.
        # Next on the list is Binance. How do I delete it?")
        told = [s for s in _SENTENCES.split(text) if s.strip()]
        return any(
            self.scope_.names_subject(before) and _HOW_TO_CLOSE_IT.search(self._spelled_normalized(asked))
            for before, asked in itertools.pairwise(told)
        )

    def _closes_something_else(self, text: str) -> bool:
        """True when the request word, or another word that acts on a thing (`acting_words`), applies to a thing the
        KB never speaks of ("close a window in windows 11", "delete my trust wallet", "get rid of dust in my
        keyboard", "recover a deleted photo", "withdraw from a course").

        The object is among the next two content words of the same clause (for the other acting words, the acting
        words themselves left out: "reopen a closed ticket"): a topical word the KB never uses (rarer in everyday
        language than a frame word), with no word the KB itself acts on that way ("account", "request").
        """
        plain = self.kb_.scope.plain_request
        patterns = self.closing_patterns_
        if plain is None or patterns is None:
            return False
        relevance = self.relevance_
        if self.closed_elsewhere_ is not None:
            # "手机号" is "手机" (the app) and "号" (the account) to the synonyms; as what is closed it is the carrier's.
            text = self.closed_elsewhere_.sub(f" {_CARRIER} ", fold(text))
        normalized = self._spelled_normalized(text)
        acting = patterns.acting
        objects: list[tuple[str, list[str]]] = []
        heads: list[str] = []
        # A clause's words are among the message's: one without the request word or another acting word (most
        # messages) is not split into clauses at all.
        held = set(tokens(normalized))
        for clause in _CLAUSE.split(normalized) if plain.word in held else ():
            if patterns.closing_asked_of.match(clause):
                continue  # "is leaving binance complicated": the closing is what is asked about, "complicated" of it
            toks = _content_of(clause)
            # "close our company's corporate account", "closing entity verified account": the words before "account"
            # say which account it is; the account is what is closed.
            objects += [
                (plain.word, ["account"] if self._says_which_account(toks[i + 1 : i + 4]) else toks[i + 1 : i + 3])
                for i, tok in enumerate(toks)
                if tok == plain.word
            ]
        if (
            plain.word in held
            and "account" not in held
            and not held.isdisjoint(_A_COMPANY)
            and patterns.company_closed.search(normalized)
            and not self.scope_.names_subject(text)
        ):
            return True  # "shut down my small business", "close a limited company": the company closes
        if (
            plain.word in held
            and "account" not in held
            and not held.isdisjoint(_A_PROPERTY)
            and _PROPERTY_CLOSED.search(normalized)
            and not self.scope_.names_subject(text)
        ):
            return True  # "closing on a house": the house is bought
        # The other acting words take their thing after a preposition ("withdraw from a course", "recover it at
        # home"), so only what ends a clause for every verb ends it for them.
        acts = not acting.isdisjoint(held - {plain.word})
        clauses = [_content_of(clause) for clause in _ACTING_CLAUSE.split(normalized)] if acts else []
        for n, toks in enumerate(clauses):
            for i, tok in enumerate(toks):
                if tok in acting and tok != plain.word:
                    # The thing runs to the next acting word: "recover photos I deleted from my phone" recovers
                    # photos, while one right after the verb says which ("reopen a closed ticket").
                    after = itertools.dropwhile(lambda t: t in acting, toks[i + 1 :])
                    # A word that only says when ("why does the api key get revoked immediately") is no thing.
                    following = [
                        t
                        for t in itertools.takewhile(lambda t: t not in acting, after)
                        if not t.isdigit() and t not in _WHEN
                    ][:2]
                    rest = " ".join(t for m, other in enumerate(clauses) if m != n for t in other)
                    # Only where no other clause is about closing ("left 20 USDT and closed, can I get it back
                    # somehow?" asks about the account), and only when the thing named last is one of its own ("a
                    # support ticket", not "capped at 2 BTC"): these words are also nouns ("withdrawals are capped").
                    about_closing = self._names_topic(rest)
                    if following and not relevance.knows(following[-1]) and not about_closing:
                        objects.append((tok, following))
                    elif following and tok in self.topic_words_ and self._undoes_a_feature(tok, following, normalized):
                        return True
        # In Chinese a thing recovered ends its phrase ("恢复删除的照片": recover the deleted photos), where nothing else
        # is about closing ("账户注销后没取出来的钱会返还吗" asks about the account).
        for verb, acted_on in patterns.acted_on_zh:
            if verb not in normalized:
                continue  # (the pattern starts with the verb)
            for match in acted_on.finditer(normalized):
                rest = normalized[: match.start()] + " " + normalized[match.end() :]
                if not self._names_topic(rest):
                    heads += [w for w in relevance.words(match.group(1)) if len(w) > 1][-1:]
        # ...or is named first, as the topic of "能恢复吗" or "怎么撤回" ("删除的照片能恢复吗": the deleted photos, can they be
        # recovered?), where nothing else is about closing: a thing the KB never speaks of, or one it knows but never
        # speaks of recovering or undoing ("发出去的邮件能撤回吗": an e-mail sent), is that thing's matter.
        for verb, recovered in patterns.recovered_first if is_cjk(text) else ():
            if verb not in normalized:
                continue
            for match in recovered.finditer(normalized):
                # "删掉的照片", "误删了": the deleting only says which thing is recovered, it is not about closing.
                named = patterns.deleted_zh.sub(" ", match.group(1))
                rest = normalized[: match.start(1)] + named + " " + normalized[match.end() :]
                if self._names_topic(rest):
                    continue
                if _SENT_WRONG_ZH.search(named) or _SENT_ZH.search(named):
                    return True  # "转错地址了还能撤回吗", "转账可以撤回吗": a transfer sent, undone or got back
                # "后悔了能恢复吗": a change of heart is the user's, no thing recovered
                thing = [w for w in relevance.words(named) if len(w) > 1 and w not in _WHEN and w not in _REGRET_ZH][
                    -1:
                ]
                if any(not relevance.knows(w) for w in thing):
                    heads += thing
                elif thing and verb in self.topic_words_ and thing[0] not in self.acted_with_[verb]:
                    return True
        # ...or told as coins moved in a clause before the one that asks to get them back ("充了一个不支持的币，能帮我找回
        # 吗"), where nothing else is about closing and no account is named: the deposit's or the transfer's matter.
        for verb, _ in patterns.recovered_first if is_cjk(text) and "account" not in held else ():
            if verb not in self.topic_words_:
                continue  # ("withdraw": taking coins out after depositing them is the KB's own matter)
            said = _CLAUSE_ZH.split(normalized)
            asking = next((n for n, clause in enumerate(said) if verb in clause), 0)
            told = " ".join(said[:asking])
            rest = normalized.replace(verb, " ")
            if asking and _MOVED_ZH.search(told) and not (self.topic_pattern_ and self.topic_pattern_.search(rest)):
                return True
        # Chinese puts the object straight after the verb ("删除聊天记录": delete the chat history); plain ASCII has none.
        for match in patterns.closed_zh.finditer(normalized) if not normalized.isascii() else ():
            if _ASKS_HOW_ZH.match(match.group(1)):
                continue  # "币安号不要了 咋整": what follows asks how to go about it, it is no thing closed
            # "注销找一小时": how long, never what is closed
            named = _DURATION_ZH.sub(" ", match.group(1))
            words = [w for w in relevance.words(named) if w not in _WHEN and w not in self.asking_words_]
            # A "的" right after the verb ties it to the thing and is no thing of its own: "关闭币安的消息通知" (Binance's,
            # which normalising leaves out), "删掉的照片" (the deleted photos).
            words = words[1:] if words[:1] == ["的"] else words
            objects.append((plain.word, words[:2]))
        # ...or names it first, as the topic of a "how do I close" ("宽带怎么销户": broadband, how to close it; "手机卡
        # 怎么注销", the "手机" of which a synonym has rewritten), or of any closing question when a synonym reads it as
        # a word the KB never uses ("公司注销需要多长时间": the company is an enterprise).
        topic_first = is_cjk(text) and patterns.topic_first.match(normalized)
        if is_cjk(text) and not topic_first:
            # ...also after a clause that gives the reason ("公司不开了，个体户怎么注销": the business has closed, how to
            # deregister the sole proprietorship), when a synonym has read the topic as a word of its own ("enterprise");
            # a plea there ("求求告诉我怎么注销") names no thing.
            last = _CLAUSE_ZH.split(normalized)[-1].strip()
            topic_first = patterns.topic_first.match(last) if last != normalized.strip() else None
            topic_first = topic_first if topic_first and topic_first.group(1).isascii() else None
        if topic_first:
            objects.append(
                (plain.word, [w for w in relevance.words(topic_first.group(1)) if w not in self.asking_words_])
            )
        # "把副卡注销" (close the secondary card): what "把" puts before the verb is what it closes, a phone number too.
        for match in patterns.disposed_zh.finditer(normalized) if is_cjk(text) else ():
            thing = [w for w in relevance.words(match.group(1)) if w not in _WHEN and w not in self.asking_words_]
            objects.append((plain.word, thing[-2:]))
        # (Not a phone number there: "手机号注销后能再用吗" may ask whether it is free again after the account closes.)
        bare_topic = is_cjk(text) and patterns.bare_topic.match(normalized)
        if bare_topic and bare_topic.group(1) != _CARRIER:
            objects.append((plain.word, [bare_topic.group(1)]))
        if _CARRIER_CLOSED.match(normalized) or _CARRIER_UNUSED_CLOSED.search(normalized):
            return True  # "手机号注销", "手机号注销怎么办": the number closed and nothing more, the carrier's
        if (
            _CARRIER in normalized
            and _CARRIER_PASSED_ON.search(normalized)
            and held.isdisjoint(("account", "reregister"))
            and "注册" not in normalized
            and not self.scope_.names_subject(text)
        ):
            return True  # "手机号注销后会被别人用吗": the carrier hands the number on
        if any(is_cjk(w) and len(w) > 1 and w not in _WHEN and not relevance.knows(w) for w in heads):
            return True
        # (The pattern's English branch holds the request word, its others a Chinese character: no pass without them.)
        held_by = plain.word in normalized or not normalized.isascii()
        if held_by and self.holder_closes_ is not None and self.holder_closes_.search(normalized):
            return True  # "my bank closed my account", "去银行销户": another place's account
        # A thing that closes by itself is named before the verb ("what time does the pharmacy close", "is the post
        # office closed today"): the KB's accounts and requests close, a shop is another matter.
        if "close" in normalized:  # (each of its branches ends in the word itself)
            objects += [(plain.word, [m.group(1) or m.group(2)]) for m in _CLOSES_ITSELF.finditer(normalized)]
        # ...and one left is named after "from" ("deregister from the exam", "remove me from the choir"), unless the
        # account is what is removed ("remove my binance account from existence", which a synonym reads as one word).
        if "account" not in fold(text):
            objects += [(plain.word, [m.group(1)]) for m in _CLOSES_FROM.finditer(normalized)]
        modifiers = _MODIFIERS if "account" in held or self.scope_.names_subject(text) else _MODIFIERS | _QUANTIFIERS
        for verb, following in objects:
            following = [w for w in following if w not in modifiers] or following  # "my old mailbox": the mailbox
            # "close it properly", "delete it safely", "… in english": a word of manner or a language says how, never
            # what is closed
            following = [w for w in following if not self._says_how(w) and w not in _LANGUAGES and w not in _MANNER]
            if (
                len(following) == 2
                and following[0] == "account"
                and not relevance.knows(following[1])
                and following[1] not in FILLER
                and following[1] not in _WHEN
                and f"profile {following[1]}" in fold(text)
            ):
                # "delete my profile photo": "profile" right before a thing says whose thing it is ("account
                # instructions" may be the instructions for closing it); the photo is what is deleted
                following = following[1:]
            if following[:1] and following[0] in _NOT_WHAT_IS_CLOSED:
                continue  # "how account closing works": the closing is the subject of "works", not a verb on it
            # A word the KB closes counts when it is the thing, not one that only says which ("close my support ticket":
            # the ticket, though the KB's texts close with support; "the closure option located", "the button nowhere":
            # a verb or an adverb after the thing says nothing of which)
            thing = (
                following[-1:]
                if len(following) == 2
                and following[0] not in _THE_ACCOUNT
                and not following[1].endswith(("ed", "ing"))
                and following[1] not in _PLACE_ADVERBS
                else following
            )
            if not following or any(w == verb or self.objects_[verb][w] > 0 for w in thing):
                continue
            if following[-1] in _PROP_WORDS or (following[0] in _PROP_WORDS and not held.isdisjoint(_ACCOUNTS)):
                # ("the second one I opened", after the accounts were named: "one" is one of them)
                continue  # "delete the older one": a word standing for the account the message already named
            strangers = [w for w in following if not relevance.knows(w)]
            if strangers and min(relevance.lexicon_.zipf(strangers)) < relevance.frame_zipf:
                return True
        return False

    def _closes_the_running_app(self, text: str) -> bool:
        """True when the app is closed on the device: closed, or not closing, beside a word of its running state
        ("it keeps running in the background", "it's frozen", "后台"), in a message that names no account."""
        normalized = self._spelled_normalized(text)
        return (
            "account" not in normalized
            and _APP_CLOSED.search(normalized) is not None
            and _APP_RUNNING.search(normalized) is not None
        )

    def _closes_of_itself(self, text: str) -> bool:
        """True when a thing closes of itself ("is binance shutting down?", "my company is closing, how do I file for
        unemployment") and nothing else in the message closes anything ("my bank is closing so I want to close binance
        too" asks for the account's closure)."""
        left = self.closing_itself_(fold(text))
        return left is not None and not self._holds_request_word(left)

    def _says_which_account(self, following: list[str]) -> bool:
        """True when three words after the request word end in "account" and the two before it say which or what kind
        of the user's own accounts it is ("our company's corporate account"), not whose: no name the KB never uses
        ("my ledger live account") or holding a digit ("a trading 212 account")."""
        if len(following) != 3 or following[2] != "account":
            return False
        which = _WHICH_OF_MINE | _KIND_OF_ACCOUNT | _MODIFIERS | _A_COMPANY
        return all(w in which or (w.isalpha() and self.relevance_.knows(w)) for w in following[:2])

    def _says_how(self, word: str) -> bool:
        """True for an English adverb of manner: "-ly" on an everyday word ("properly", "safely", "correctly")."""
        if not (word.isascii() and len(word) >= 6 and word.endswith("ly")):
            return False
        stem = word[:-2]
        stems = [stem, f"{stem}e", f"{stem[:-1]}y"] if stem.endswith("i") else [stem, f"{stem}e"]
        return float(max(self.relevance_.lexicon_.zipf(stems))) >= _EVERYDAY_ZIPF

    def _closes_a_feature(self, text: str) -> bool:
        """True when the request word applies only to a thing of Binance's other than the account ("how do I close a
        futures position", "delete my API key", "delete an address from the whitelist"), in a message that names
        neither the account nor any other side of closing it.

        The KB speaks of such things only as what to settle before the account closes ("do I need to close my
        positions first?"); how to close or delete them one by one is the feature's own matter, which the sources
        do not cover.
        """
        plain = self.kb_.scope.plain_request
        if plain is None:
            return False
        normalized = self._spelled_normalized(text)
        words = tokens(normalized)
        # "cancel my p2p order", "stop my auto-invest plan": cancelling or stopping one of them is the same (a cancelled
        # account or request is read as the request word, or names the account or the act below; "stop" is a topic
        # word, but only where it applies to a thing named after a determiner, as every verb here must)
        verbs = [v for v in (plain.word, *_ENDING_VERBS) if v in words]
        if not verbs or "account" in words or is_cjk(text):
            return False
        pattern = self.topic_pattern_
        if pattern is not None and not all(m.group(0) in verbs for m in pattern.finditer(normalized)):
            return False  # "close my positions before closing", "do I need to close them first?"
        if _OBLIGED.search(normalized):
            return False  # "do I have to cancel my auto-invest plan as well?": whether closing requires it
        if any(m.group("verb") in verbs for m in _CLOSURE_ACTS.finditer(normalized)):
            return False  # "does it wipe my trade history": what the closure does to the thing
        if normalized.rstrip().endswith("?") and re.match(
            rf"(?:(?:so|and|ok|okay|then)\W+)*(?:{'|'.join(verbs)})\b", normalized
        ):
            return False  # "stop the grid bot?", "cancel my open orders?": a question whether to, the verb opening it
        folded = fold(text)
        if any(
            self.scope_.names_subject(rest[:1][0])
            for m in _OWNED.finditer(folded)
            if (rest := folded[m.end() :].split())
        ):
            return False  # "close my binance on my phone": the subject, which normalising leaves out
        things = []
        for clause in _CLAUSE.split(normalized):
            for match in re.finditer(rf"\b(?:{'|'.join(verbs)})\b(\s+(?:a|an|the|my|our|this|that)\b)?", clause):
                # The thing is named as one, after a determiner ("close a futures position", "delete my API key");
                # "close it", "closing take", "close my binance" name the account or nothing.
                if match.group(1) is None:
                    return False
                following = [w for w in _content_of(clause[match.end() :])[:2] if w not in _MODIFIERS]
                if (
                    not following
                    or following[0] in _THE_ACCOUNT | _PROP_WORDS | _THE_ACT | _HOW_IT_GOES | _A_MOMENT
                    or following[0] == plain.word
                    or self.objects_[plain.word][following[0]] >= _OFTEN_CLOSED
                ):
                    return False  # "delete my profile", "close this thing", "the moment I submit": the account
                things.append(following[-1])  # the head of "a futures position", "my withdrawal address"
        # Only things the KB speaks of only as part of closing: "how do I get rid of the dust" asks what an entry
        # answers on its own, without a word of closing.
        share, floor = self.topic_share_, self.config.feature_alone_share
        return bool(things) and all(
            self.relevance_.knows(w)
            and all(share.get(e, 0.0) >= floor for e, words in self.entry_words_.items() if w in words)
            for w in things
        )

    def _undoes_a_feature(self, verb: str, following: list[str], normalized: str) -> bool:
        """True when a topic word that acts on a thing ("undo", "reopen") is applied to one the KB knows but never
        undoes or reopens, in a message with no other word of closing: "can I undo a trade?", "can I undo sending an
        email?" ask about the trade or the e-mail, not about the closure ("can I undo the deletion?", "reopen my old
        account" are; "can I undo it?" names nothing, "an undo button" undoes nothing)."""
        if any(w == verb or self.objects_[verb][w] > 0 for w in following):
            return False
        if re.search(rf"\b(?:a|an|the|this|that|any|no)\s+{re.escape(verb)}\b", normalized):
            return False  # "is there an undo button?": the verb as a noun, naming the closure's own undoing
        if following[-1] in _PROP_WORDS | _THE_ACT or any(w in self.topic_words_ for w in following):
            return False
        pattern = self.topic_pattern_
        return pattern is not None and all(m.group(0).startswith(verb) for m in pattern.finditer(normalized))

    def _request_clause(self, text: str) -> Judgement | None:
        """The judgement of the one clause that plainly asks to close, when the rest of the message is its setting.

        "I signed up by accident, delete it", "moved my coins to a hardware wallet, now close binance for me": what
        led to the request makes the whole message look unlike the KB's questions; the request itself does not.
        """
        return next((judged for _, _, judged in self._request_clauses(text)), None)

    def _request_clauses(self, text: str) -> Iterator[tuple[int, str, Judgement]]:
        """Each clause of `text` that plainly asks to close, with its place among the clauses and its judgement."""
        plain = self.kb_.scope.plain_request
        clauses = [c.strip() for c in _REQUEST_CLAUSES.split(text) if c.strip()]
        if plain is None or len(clauses) < 2:
            return
        for n, clause in enumerate(clauses):
            if (
                plain.word not in tokens(self._spelled_normalized(clause))
                or _someone_elses(clause.lower())
                or _DONE.search(clause.lower())
            ):
                # No request here, "did the recipient close their account?" asks about someone else's, and
                # "my account was closed last year" tells what happened.
                continue
            # What the clause asks is read off its words first: only a plain request needs the clause ranked.
            if self._plain_request(clause, self.relevance_.evidence(self._spelled_normalized(clause))) is None:
                continue
            judged = self.judge(clause)
            if judged.best is not None and self._confident(judged, request=True):
                yield n, clause, judged

    def _steps_asked_beside(self, text: str) -> tuple[int, str] | None:
        """Where a clause asking for the closure stands among the clauses of a message that asks something else too
        ("How do I close my account and how long does it take?", "stop sending me emails and just delete my account",
        "注销账号的步骤是什么，以后还能用同一个邮箱注册吗"); None when no clause asks for it (one that only tells of closing,
        "I closed my account yesterday", asks nothing), with that clause."""
        plain_entry = self.kb_.scope.plain_request.entry  # type: ignore[union-attr]
        for n, clause, _ in self._request_clauses(text):
            normalized = self._spelled_normalized(clause)
            # The clause asks for nothing but the closure ("After I request deletion, will there still be time…"
            # asks what happens after it).
            # ("delete my entire binance account": which of one's accounts, or how much of it, names nothing else)
            rest = (
                set(self.relevance_.words(normalized))
                - self.shared_words_
                - self.asking_words_
                - _QUESTION_WORDS
                - _MODIFIERS
            )
            if rest <= self.entry_words_[plain_entry] - self.topic_words_ and (
                asks_to_close(normalized) or _HOW_TO_CLOSE_LAST.search(normalized) or _STEPS_ASKED.search(normalized)
            ):
                return n, clause
        return None

    def _plain_request(self, text: str, evidence: Evidence) -> str | None:
        """The plain-request entry when a message only asks to close ("get rid of my account"), else None.

        It holds the request word and, of the KB's topical words, only ones most entries share; and without the
        request word what is left points nowhere in particular ("how long does closing take" points at duration).
        """
        plain = self.kb_.scope.plain_request
        words = evidence.supported
        if plain is None or plain.entry not in self.kb_.entries or plain.word not in words:
            return None
        normalized = self._spelled_normalized(text)
        if _HOW_TO_CLOSE_AFTER.search(normalized):
            # "how to close binance after sending everything to metamask": what was done first is the setting of a
            # question about the steps.
            return plain.entry
        if self._setting_before_steps(normalized) is not None:
            return plain.entry
        urgent = _URGENT if asks_to_close(normalized) else frozenset()
        if not set(words) - urgent <= self.shared_words_ | self.asking_words_:
            # ("delete my account immediately", "need to close it asap": a command's urgency asks nothing of its own)
            return None
        if plain.word not in tokens(normalized):
            return None  # the request word came from the previous turn: "does that include my savings?" asks no closing
        asking = [c for c in _REQUEST_CLAUSES.split(normalized) if plain.word in tokens(c)]
        if all(_CLOSED.search(c) for c in asking):
            return None  # "注销已经完成了，报税要用的记录去哪里下载": the closure is told as done; the question is the rest
        content = set(self.relevance_.words(normalized))
        if not _ASKS_WHAT.search(normalized) and (
            asks_to_close(normalized) or content <= self.shared_words_ | self.asking_words_
        ):
            # "I opened it by mistake, please remove it", "deletion request", "time to close the account": a request
            # that asks nothing else; what led to it ("by mistake", "years") must not pick an entry by frame words.
            return plain.entry
        rest = re.sub(rf"\b{re.escape(plain.word)}\b", " ", self._without_small_talk(normalized))
        if asks_bot_to_act(normalized):
            # "能不能直接帮我销户", "can you just do it for me?": what asks the bot to act names nothing of its own; nor
            # does submitting the request ("could you file a deletion request for me?"), which is closing.
            named = _SUBMIT_THE_REQUEST.sub(" ", self._without_small_talk(normalized))
            if set(self.relevance_.evidence(named).supported) <= self.shared_words_:
                return plain.entry
        # Only entries count: what is left matching an out-of-scope example ("I got scammed") is the user's reason.
        left = set(self.relevance_.words(rest)) - _QUESTION_WORDS - _WEIGHING
        if not left or (not left - self.shared_words_ and not _WHERE.search(rest)):
            # "quit binance, how?", "账户可以注销吗": a bare question word, or one with words most entries share, asks
            # for nothing else ("where can I delete my account" asks where the option is)
            return plain.entry
        matches = self.retriever_.query(rest, k=self.config.candidates)
        matches = [m for m in matches if m.label != OUT_OF_SCOPE]
        if not matches or matches[0].label == plain.entry or matches[0].score < self.config.plain_rest_below:
            return plain.entry
        # What is left may only tie another entry on function words ("账户能注销吗": "能 … 吗").
        own = next((m.score for m in matches if m.label == plain.entry), 0.0)
        return plain.entry if matches[0].score - own <= self.config.plain_rest_margin else None

    def _setting_before_steps(self, normalized: str) -> str | None:
        """What a message tells before a last clause that asks for the steps, when it is such a message; else None."""
        plain = self.kb_.scope.plain_request
        if plain is None:
            return None
        last = _HOW_TO_CLOSE_LAST.search(normalized)
        if last and last.start() > 0:
            before = normalized[: last.start()]
            # "资产都转到冷钱包了，接下来怎么注销": the same told first, the question after it; a question before it
            # ("how do I withdraw, then how to close?") asks for more than the steps. Without "next", what comes
            # first must only tell why, in words no entry holds of its own ("I registered by mistake, how can I
            # delete it"), unless the question names the account ("I have open orders, how do I close my account?",
            # "…，怎么注销"): then the main clause asks for the steps, and the setting's own entry comes beside them.
            if not _ASKS_WHAT.search(before) and (
                last.group("next")
                or last.group("lead")  # "…, now how do I close it?": what was told came first
                or last.group("next_zh")
                or self._only_a_setting(before)
                or self._closes_the_account(last)
            ):
                return before
        proceed = _HOW_TO_PROCEED_LAST.search(normalized)
        if proceed and proceed.start() > 0:
            before = normalized[: proceed.start()]
            if (
                plain.word in tokens(before)
                and not _ASKS_WHAT.search(before)
                and not _DONE.search(before)
                # only the clause that closes must not be someone else's ("They froze my withdrawal. Once my coins
                # are out I'm closing this account, tell me how")
                and not any(_someone_elses(c) for c in _REQUEST_CLAUSES.split(before) if plain.word in tokens(c))
            ):
                # "Closing my account because I'm moving. How do I proceed?": how to do what the clause before asks.
                return before
        return None

    def _closing_step_asked(self, normalized: str) -> bool:
        """True when a message lays out numbered steps, one of which only closes the account, and a later question
        asks about that step by its number ("1) sell 2) move it out 3) close the account. what does step 3 involve?")."""
        plain = self.kb_.scope.plain_request
        if plain is None or plain.word not in normalized or "step" not in normalized:
            return False  # (the question names a step, the plan the closing word)
        marks = list(_STEP_MARK.finditer(normalized))
        defined: dict[int, tuple[int, str]] = {}  # each step's number: where it is laid out, and what it does
        for n, mark in enumerate(marks):
            end = marks[n + 1].start() if n + 1 < len(marks) else len(normalized)
            body = _SENTENCE_END.split(normalized[mark.end() : end], maxsplit=1)[0]
            defined.setdefault(_step_number(mark.group(1) or mark.group(2)), (mark.start(), body))
        for asked in _STEP_ASKED.finditer(normalized):
            where, body = defined.get(_step_number(asked.group(1)), (asked.start(), ""))
            if where >= asked.start() or plain.word not in tokens(body) or not self._only_a_setting(body):
                continue  # the step laid out here, or one that does more than closing ("2) move it out")
            start = max((m.end() for m in _SENTENCE_END.finditer(normalized, 0, asked.start())), default=0)
            stop = _SENTENCE_END.search(normalized, asked.end())
            sentence = normalized[start : stop.end() if stop else len(normalized)]
            if _ASKS_WHAT.search(sentence):
                return True  # "step one is done." tells; "how does step two work?" asks
        return False

    @staticmethod
    def _closes_the_account(last: re.Match[str]) -> bool:
        """True when a last clause asking how to close (`_HOW_TO_CLOSE_LAST`) names the account, not a thing that "it"
        or a bare "close" may stand for ("…, how do I close it?" may close the position told first). In Chinese the
        closing words are the account's own ("注销", "销户")."""
        return last.group("object") is None or "account" in last.group("object") or last.group("one") is not None

    def _names_entry(self, text: str, entry_id: str) -> bool:
        """True when `text` holds a KB word, besides those most entries share, that the entry's questions use."""
        own = set(self.relevance_.evidence(text).supported) - self.shared_words_ - self.asking_words_
        return bool(own & self.entry_words_[entry_id])

    def _only_a_setting(self, before: str) -> bool:
        """True when `before` holds, of the KB's words, only ones most entries share."""
        return set(self.relevance_.evidence(before).supported) <= self.shared_words_ | self.asking_words_

    def _without_small_talk(self, normalized: str) -> str:
        """`normalized` without the sentences before its last question that neither ask nor hold a word of the KB's
        ("Hey there. Long time user. Time to say goodbye. How do I close my account?"); what follows the question
        ("... for good? just want a break") may say what it is about."""
        sentences = [s.strip() for s in _SENTENCES.split(normalized) if s.strip()]
        asking = [i for i, s in enumerate(sentences) if _ASKS.search(s)]
        if len(sentences) < 2 or not asking:
            return normalized
        kept = [s for i, s in enumerate(sentences) if i >= asking[-1] or self.relevance_.evidence(s).supported]
        return " ".join(kept)

    def _answer_parts(self, text: str, resolve_frames: bool = False):
        """Entries for the parts of a message that asks two or more things and that the KB answers alone, or None."""
        parts = [p for p in self._question_parts(text) if tokens(self.normalizer_(p))]
        if len(parts) < 2:
            return None
        found: dict[str, float] = {}
        asked: dict[str, str] = {}  # each entry's part of the message, for its conflict flags
        elsewhere = False  # some part the KB does not answer names a topic of its own
        frames: list[tuple[str, Judgement | None]] = []  # (a part whose words rule it out is ranked only if needed)
        for part in parts:
            evidence = self.relevance_.evidence(self._spelled_normalized(part))
            judged = None if self._unsupported(evidence) else self.judge(part)
            if judged is not None and self._confident(judged):
                found.setdefault(judged.top.label, judged.confidence)
                asked[judged.top.label] = f"{asked.get(judged.top.label, '')} {part}".strip()
            else:
                elsewhere = elsewhere or bool(evidence.unknown)
                frames.append((part, judged))
        if resolve_frames and found and not elsewhere:
            # "how long does it take, and do I lose my referral code?": a part that names nothing of its own asks
            # about what the rest of the message is about; it gets its own best entry when, read after the part
            # the KB answers, it is in scope and still ranks that entry high.
            first = next(iter(found))
            for part, judged in frames:
                judged = judged or self.judge(part)
                if judged.best is None or judged.top.label in found:
                    continue
                contextual = self._read_after(first, part)
                ranked = [m.label for m in contextual.matches[:2]]
                if self._confident(contextual) and judged.top.label in ranked:
                    found[judged.top.label] = contextual.confidence
                    asked[judged.top.label] = part
        if not found or (len(found) < 2 and elsewhere):
            # One answerable part beside a part about something the KB never speaks of ("what is defi, and is it
            # safer than keeping coins on an exchange?"): the message is about that other thing.
            return None
        return [self.kb_.entries[i] for i in found], min(found.values()), list(asked.values())

    def _names_a_topic(self, words: list[str]) -> bool:
        """True when some content word is topical in everyday language ("bank", "kyc", "vip"), not a frame ("long")."""
        relevance = self.relevance_
        words = [w for w in words if not _OPERATING.fullmatch(w)]  # "多久" asks; it names nothing
        return bool(words) and float(min(relevance.lexicon_.zipf(words))) < relevance.frame_zipf

    @staticmethod
    def _question_parts(text: str) -> list[str]:
        """The message cut where a new question starts; a part that only tells something ("the waiting period is
        over and my account is gone, can I still get my records?") stays with the question after it, as its setting.
        """
        parts: list[str] = []
        setting, start = "", 0
        item = False  # the text since the last cut is an item of a numbered list
        for cut in [*_QUESTION_BREAK.finditer(text), None]:
            end = len(text) if cut is None else cut.start()
            part = f"{setting} {text[start:end]}".strip()
            mark = "" if cut is None else next((m for m in "?？" if m in cut.group(0)), "")
            # (an item of a numbered list asks when it opens as a question, whatever setting came before the list)
            asks = cut is None or mark or _ASKS.search((text[start:end].strip() if item else part).lower())
            if asks:
                parts.append(f"{part}{mark}" if part else "")  # a question keeps its question mark
                setting = ""
            else:
                setting = part
            start = len(text) if cut is None else cut.end()
            item = cut is not None and _NUMBERED.fullmatch(cut.group(0).strip()) is not None
        if setting:
            parts.append(setting)
        return [p for p in parts if p]

    def _coverage(self, text: str) -> float:
        toks = tokens(self._spelled_normalized(text))
        return sum(1 for t in toks if self.vocabulary_[t] > 0) / len(toks) if toks else 0.0

    def _strangers(self, text: str) -> list[str]:
        """The message's content words that the KB never uses, however common ("job", "car", "dinner")."""
        normalized = self._spelled_normalized(text)
        return [w for w in self.relevance_.words(normalized) if not self.relevance_.knows(w)]

    def _ties_previous(self, alone: Judgement, after: str) -> bool:
        """True when the message alone scores the previous entry within a hair of its own best, on its words."""
        previous = next((m.score for m in alone.matches if m.label == after), None)
        return (
            previous is not None
            and alone.top.score - previous <= self.config.followup_tie_within
            # "can I cancel during that time?" after the duration: a word the previous entry is never asked with
            # points away from it, however close the frame.
            and set(alone.evidence.supported) <= self.entry_words_[after]
        )

    def _asks_with_own_word(self, alone: Judgement) -> bool:
        """True when the message's best entry is asked with one of its KB words that most entries do not share.

        "合约账户呢" after the answer on what to switch off matches the steps on "account" alone: a word every entry
        shares points at none of them, and the previous turn says what the message is about.
        """
        own = set(alone.evidence.supported) - self.shared_words_
        asked_with = self.entry_words_[alone.top.label]
        # "freezing" for "freeze": an English word with another ending, read by its first five letters
        stems = {w[:5] for w in asked_with if len(w) >= 5 and w.isascii()}
        return any(w in asked_with or (len(w) >= 5 and w[:5] in stems) for w in own)

    def _read_after(self, after: str, text: str) -> Judgement:
        """The message read after the previous entry's question, in the message's language. The message is given twice
        so that its own words outweigh the question's ("and how long will it take?" after a question about the app
        asks about duration, not about the app)."""
        previous = self.kb_.entries[after]
        question = previous.question_zh if is_cjk(text) and previous.question_zh else previous.question
        return self.judge(f"{question} {text} {text}")

    def _asks_how_long_of(self, after: str, alone: Judgement, text: str) -> bool:
        """True when a message that reads alone as a question of how long closing takes asks it of the previous entry.

        That entry's own questions ask how long (how long the e-mail stays blocked, how long data is kept), and the
        message names nothing the previous entry is not asked with, no word of closing among it.
        """
        return self._asked_of_previous(self.timed_entries_, after, alone, text, _INSTANTLY)

    def _wait_asked_after(self, after: str, alone: Judgement, text: str) -> str | None:
        """The one entry with a wait of its own that the previous entry relates, when a message that reads alone as a
        question of how long closing takes asks how long and names nothing but what the previous entry or that wait is
        asked with."""
        timed = self.timed_entries_
        if not timed or after in timed or alone.best is None or alone.top.label != timed[0]:
            return None
        if not _HOW_LONG.search(text.lower()):
            return None  # ("do I have to wait?" after the answer on a new account: whether, which that answer tells)
        related = self.kb_.entries[after].related
        waits = [entry_id for entry_id in related if entry_id in timed]
        if len(waits) != 1 or waits[0] == timed[0]:
            return None
        # ("要几天到账": arriving in the account is the bank transfer's own word)
        own = (self.entry_words_[after] | self.entry_words_[waits[0]]) - self.topic_words_
        if not set(alone.evidence.supported) <= own | _INSTANTLY or self._strangers(text):
            return None
        return waits[0]

    def _asks_where_of(self, after: str, alone: Judgement, text: str) -> bool:
        """True when a message that reads alone as a question of where the option to close is asks it of the previous
        entry: that entry's own questions ask where (where the dust is converted), and the message names nothing the
        previous entry is not asked with but the control looked for ("where is that button", "在哪里操作")."""
        return bool(_ASKS_WHERE.search(text)) and self._asked_of_previous(
            self.placed_entries_, after, alone, text, _CONTROLS
        )

    def _asked_of_previous(
        self, ranked: tuple[str, ...], after: str, alone: Judgement, text: str, also: frozenset[str]
    ) -> bool:
        """True when the message reads alone as the first of `ranked` (entries whose own questions ask the same thing,
        most often so first), the previous entry is another of them, and the message names nothing the previous entry
        is not asked with but `also`: the same thing asked of the previous entry."""
        if after not in ranked or after == ranked[0] or alone.best is None or alone.top.label != ranked[0]:
            return False
        own = self.entry_words_[after] - self.topic_words_
        return set(alone.evidence.supported) <= own | also and not self._strangers(text)

    def _leads_alone(self, text: str, alone: Judgement, contextual: Judgement) -> bool:
        """True when the message alone names one entry well ahead of any other, and the conversation ranks it high.

        "limits?" or "is there a daily cap?" after the withdrawal steps asks about the limits: a word with no support
        of its own against everyday language still picks one entry clearly, and the previous question's words only
        outweigh it in the contextual reading. A bare frame ("for how long?"), a message that points back ("what if I
        fail it?") or one that asks why ("为什么不行") names nothing of its own, whatever entry its frame words resemble.
        """
        cfg = self.config
        runner_up = alone.matches[1].score if len(alone.matches) > 1 else 0.0
        return (
            not _ANAPHORA.search(_THEN_ZH.sub("", text.lower()))
            and not _ABOUT_THE_ANSWER.search(text.lower())
            and self._names_a_topic(self.relevance_.words(self.normalizer_(text)))
            and alone.top.score >= cfg.followup_lead_floor
            and alone.top.score - runner_up >= cfg.followup_lead
            and alone.top.label in [m.label for m in contextual.matches[: cfg.followup_own_candidates]]
        )

    def _tie_settled_alone(self, text: str, alone: Judgement, contextual: Judgement, after: str) -> bool:
        """True when the conversation ranks the previous entry and the message's own best entry nearly alike, and the
        message alone, with no word the KB never uses, picks that entry clearly and does not rank the previous entry
        among its first few."""
        cfg = self.config
        if alone.best is None or len(contextual.matches) < 2 or contextual.top.label != after:
            return False
        runner_up = contextual.matches[1]
        alone_second = alone.matches[1].score if len(alone.matches) > 1 else 0.0
        return (
            runner_up.label == alone.top.label
            and contextual.top.score - runner_up.score <= cfg.followup_alone_tie
            and after not in [m.label for m in alone.matches[: cfg.followup_own_candidates]]
            # ...and alone picks that entry ahead of the next, not among several alike ("can I still trade meanwhile")
            and alone.top.score - alone_second >= cfg.followup_alone_lead
            and alone.confidence >= cfg.followup_aspect_floor
            and not self._strangers(text)
        )

    def _previous_alone(self, text: str, alone: Judgement, after: str) -> Judgement | None:
        """The conversation's reading of a message that alone reads most like the previous entry and names nothing,
        neither a topic word of the KB nor a word it never uses ("what error do i get" after what a login shows once
        the account is closed), or None."""
        if alone.best is None or alone.out_of_scope_best or alone.top.label != after or self._strangers(text):
            return None
        if alone.evidence.supported:
            return None  # ("how long does kyc take" after the duration: a feature of its own, whatever it reads like)
        contextual = self._read_after(after, text)
        if contextual.best is None or contextual.top.label != after or not self._confident(contextual):
            return None
        return contextual

    def _near_previous(self, text: str, alone: Judgement, after: str) -> Judgement | None:
        """The message's own best entry, when the KB relates it to the previous one and the conversation is sure of
        it: "how many days for euros to hit my bank" after the withdrawal's fees asks the fiat withdrawal's time, which
        alone, with no word of closing, could be any bank's."""
        best = alone.best
        if best is None or alone.out_of_scope_best or best.label not in self.kb_.entries or best.label == after:
            return None
        if _HOW_TO_DO.search(text.lower()):
            return None  # ("how do i do p2p trading" after the requirements: how to do a thing, not what closing needs)
        if best.label not in self.kb_.entries[after].related and after not in self.kb_.entries[best.label].related:
            return None
        contextual = self._read_after(after, text)
        if not self._confident(contextual) or best.label not in [m.label for m in contextual.matches[:2]]:
            return None
        return Judgement(alone.matches, contextual.confidence, False, contextual.evidence, contextual.topical)

    def _sets_apart_closing_words(self, text: str) -> bool:
        """True when one word that is a synonym only about closing is set against another ("converting my euros to
        pounds", "usdt or usdc", "美元换欧元") or asked of its market ("what about bitcoin price"): an exchange's, a
        comparison's or a market's question, not the things left."""
        if _MARKET.search(text.lower()):
            return True
        if len(self.scope_.closing_words(text)) < 2:
            return False
        return any(self.scope_.closing_words(m.group(1) or m.group(2)) for m in _SET_AGAINST.finditer(fold(text)))

    @staticmethod
    def _thing_words(thing: re.Match[str] | None) -> str:
        """The words of a thing brought up in a follow-up ("my money?": "money?"), or ""."""
        if not thing:
            return ""
        return (
            thing.group("thing")
            or thing.group("thing_zh")
            or thing.group("thing_have")
            or thing.group("thing_left")
            or thing.group("thing_of")
            or thing.group("thing_bare")
        )

    def _named_by(self, thing: re.Match[str] | None) -> list[Match]:
        """The entries a thing brought up in a follow-up ("my money", "我的理财") names, best first: those it matches
        on its own through a word they are asked with that few entries share ("money", not "account" or "rest").

        A thing that points back ("the money I earned from it") is the previous entry's, and names none."""
        words = self._thing_words(thing)
        if not words or _ANAPHORA.search(words):
            return []
        own = set(self.relevance_.words(self.normalizer_(words)))
        few = {w for w in own if self.entries_using_[w] <= self.config.followup_thing_entries}
        return [m for m in self.judge(words).matches if m.score > 0 and few & self.entry_words_[m.label]]

    def _leans_with_one_word(self, text: str, words: list[str]) -> bool:
        """True when a Chinese question without its subject brings no word the KB never uses, or one right after a frame.

        "会亏吗" (will [I] lose money?), "币安会退给我吗", "多久之内", "怎么知道": one such word right after "会", "怎么" or
        "多久" is what is asked of the previous thing, as is one that ends the question after "什么" ("是什么格式");
        elsewhere it names a subject of its own ("快递要多久", "发工资要多久", "有什么好吃的").
        """
        # A word that only says when ("永远没了吗": gone forever?) names no subject.
        strangers = [w for w in self._strangers(text) if w not in _WHEN]
        if not strangers:
            return True
        if len(strangers) > 1 or strangers[0] not in words[1:]:
            return False
        place = words.index(strangers[0], 1)
        before = words[place - 1]
        if before == _ZH_WHAT:
            return all(w in _ZH_ENDINGS for w in words[place + 1 :])
        return before in _ZH_FRAME_BEFORE

    def _bare_chinese_question(self, text: str, words: list[str]) -> bool:
        """True for a short Chinese question that leaves out its subject ("什么时候失效", "怎么申请", "要转到哪里").

        Chinese drops the subject a question shares with the turn before: what is left is a frame and a verb or two.
        Read with the turn before only when it brings no word the KB never uses ("快递要多久" names its own subject).
        A message typed in Chinese alone may still hold a Latin word, the key of a synonym: one that takes back or
        restores ("后悔了可以取消吗": "取消" read as "cancel") is done to the previous thing; one that names a thing
        ("怎么创建子账户": a sub-account) is a subject of its own.
        """
        own = [w for w in words if len(w) > 1 and not _OPERATING.fullmatch(w) and w not in _QUESTION_WORDS]
        typed_in_chinese = bool(_CJK.search(text)) and not _LETTER_RUN.search(text.lower())
        chinese = all(_CJK.search(w) or (typed_in_chinese and w in _TAKES_BACK) for w in words)
        return bool(words) and chinese and len(own) <= 2

    def _things_named_before(self, lower: str) -> bool:
        """True when a plural pronoun follows things the message names itself ("and the referral rewards, do I lose them?").

        The pronoun then stands for those things, not for the things the previous answer spoke of."""
        said = _THE_THINGS_SAID.search(lower)
        if said is None or "," not in lower[: said.start()]:
            return False  # the things are named first, in a part of their own ("and the referral rewards, …")
        words = self.relevance_.words(self.normalizer_(lower[: said.start()].rsplit(",", 1)[0]))
        return any(
            w.isascii()
            and len(w) > 3
            and w.endswith("s")
            and not w.endswith("ss")
            and self.relevance_.knows(w)
            and w not in self.shared_words_
            for w in words
        )

    def _asks_of_closing(self, text: str) -> bool:
        """True when a message points back and holds one of the KB's topic words ("do they stop right away or only at
        the end?", "那要怎么保存"): it asks what closing does to what the previous answer spoke of, however like an
        out-of-scope example its other words read alone."""
        lower = text.lower()
        if self.topic_pattern_ is None or not (_ANAPHORA.search(lower) or _REFERS_BACK.search(lower)):
            return False
        normalized = _COMPOUND.sub(" ", _TAKES_TIME.sub(" ", self._spelled_normalized(text)))
        return self._names_topic(normalized)

    def _refers_back_at_length(self, text: str) -> bool:
        """True when a longer message points back at the previous answer and names nothing the KB never speaks of.

        "what if my account happens to be under a compliance investigation right now?", "my futures position is open too,
        so what about that one?": a setting of the user's own, asked of what the previous answer said. A message that
        only opens by joining on ("and how long does a wire transfer take between two banks") points back at nothing.
        """
        lower = _JOINED.sub("", text.lower(), count=1)
        points_back = _REFERS_BACK.search(lower) or _FIRST_OF_IT.search(lower)
        return bool(points_back) and len(set(self._strangers(text)) - _WHEN) <= 1

    def _asked_by(self, entry_id: str, words: str) -> bool:
        """True when every content word of `words` is one of the words of the entry's own question."""
        own = set(self.relevance_.words(self._spelled_normalized(words)))
        question = set(self.relevance_.words(self._spelled_normalized(self.kb_.entries[entry_id].question)))
        return bool(own) and own <= question

    def _points_on_to(self, after: str, target: str) -> bool:
        """True when the KB relates `target` to the entry `after`, or to an entry that `after` relates."""
        entries = self.kb_.entries
        related = entries[after].related
        return target in related or any(target in entries[r].related for r in related if r in entries)

    def _doubts_previous(self, text: str, after: str) -> Judgement | None:
        """The previous answer again, for a message that doubts it ("are you sure? I thought it was wiped
        immediately", "真的吗"), or None for other messages.

        What follows the doubt is what the user heard instead, which may bring a word or two the KB never uses
        ("another site said..."), but not a topic of its own ("really? what's the weather in paris").
        """
        folded = fold(text)
        doubt = _DOUBT.match(folded)
        if doubt is None:
            return None
        rest = folded[doubt.end() :].strip()
        if rest:
            alone = self.judge(rest)
            strangers = self._strangers(rest)
            if strangers and (alone.out_of_scope_best or not alone.evidence.supported):
                return None
        contextual = self._read_after(after, text)
        held = next((m for m in contextual.matches if m.label == after), None)
        if held is None or not self._confident(contextual):
            return None
        return _led_by(contextual, held)

    def _what_next(self, text: str, after: str) -> Judgement | None:
        """The entry that answers "and then?", "now what", "然后呢" after the previous answer, or None for other messages.

        What comes after the previous answer: the steps, when the previous entry lists them as related (the
        requirements, where the option is); else the rest of the previous answer ("ok, now what?" after the answer on
        dust). What the user says before asking ("all done", "did all that") reports the previous answer followed; it
        may bring one word the KB never uses ("found the settings page"), not a subject of its own, nor a setting that
        is a question the KB answers ("got some dust in 10 coins, now what").
        """
        asked = _WHAT_NEXT.search(text.lower())
        if asked is None:
            return None
        told = text[: asked.start()].strip(" ,.;:!?，。；：！？")
        if told and (
            len(set(self._strangers(told)) - _WHEN) > 1
            # "ok i withdrew everything and cancelled my orders": deeds the previous answer asked for, told as done,
            # report it followed, however well they read as a question of their own
            or (not _DEEDS_DONE.fullmatch(told.lower()) and self._confident(self.judge(told)))
        ):
            return None
        steps = self.kb_.scope.plain_request
        # The steps when the previous answer points on to them (the requirements, where the option is), itself or
        # through an entry that does ("ok done, now what" after the open orders: the requirements point on to them);
        # else the previous answer itself.
        entry_id = after
        if steps is not None and (
            self._points_on_to(after, steps.entry)
            # "what's step 1?", "where do I start?": the first step of closing, whatever the answer before spoke of
            or asked.group("start") is not None
            or asked.group("start_zh") is not None
        ):
            entry_id = steps.entry
        judged = self.judge(self.kb_.entries[entry_id].question)
        chosen = next((m for m in judged.matches if m.label == entry_id), None)
        if chosen is None or not self._confident(judged):
            return None
        return _led_by(judged, chosen)

    def _hurdle_told_after(self, normalized: str, judged: Judgement) -> bool:
        """True when a clause after "but" tells a hurdle that alone picks the entry the whole message picks.

        "I want to close my account but I still get referral payouts": the commissions' entry answers the hurdle, and
        the steps the wish; "please delete my account, but I love the app" tells nothing the KB answers.
        """
        hurdle = _HURDLE_AFTER.search(normalized)
        if hurdle is None or judged.best is None:
            return False
        told = self.judge(normalized[hurdle.end() :])
        return told.best is not None and self._confident(told) and told.top.label == judged.top.label

    def _told_before(self, text: str, alone: Judgement, after: str) -> Judgement | None:
        """The reading of a follow-up that asks about a point the previous answer made, or None.

        "为什么要开着两步验证" after the requirements: a word of the message's own that few entries share is one the previous
        answer uses, the entry the message picks alone is asked with it, and read with the previous question the message
        still picks that entry; a feature the previous answer never spoke of stays a question of its own.
        """
        own = set(alone.evidence.supported) - self.shared_words_
        if not own or alone.best is None or alone.top.label == after or not self._asks_with_own_word(alone):
            return None
        if _HOW_OR_WHERE.search(text.lower()):
            return None  # "how do i reset my 2fa": how to work the thing is the feature's own matter
        if not own & self._said_in(after):
            return None
        contextual = self._read_after(after, text)
        if contextual.best is None or contextual.top.label != alone.top.label or not self._confident(contextual):
            return None
        return contextual

    def _said_in(self, entry_id: str) -> set[str]:
        """The content words of an entry's answers, in English and Chinese."""
        entry = self.kb_.entries[entry_id]
        return set(self.relevance_.words(self.normalizer_(" ".join(filter(None, [entry.answer, entry.answer_zh])))))

    def _names_another_place(self, text: str, after: str) -> bool:
        """True when a follow-up names a thing held at another place (`another_place_`) that the previous answer does
        not speak of: "what if i have a loan with my bank" after the requirements, not "what if my money is held at my
        bank" after the fiat withdrawal's timing, which depends on the bank."""
        found = self.another_place_.search(fold(text)) if self.another_place_ is not None else None
        if found is None:
            return False
        previous = self.kb_.entries[after]
        said = fold(" ".join(filter(None, [previous.question, previous.answer])))
        return " ".join(w for w in found.group(0).split() if w not in _PLACE_FRAME) not in said

    def _with_context(self, text: str, alone: Judgement, after: str) -> Judgement:
        """Resolve a short follow-up against the previous entry when that reads better than the message alone."""
        words = self.relevance_.words(self.normalizer_(text))
        size = len(words)
        lower = text.lower()
        if (
            _OWN_ERRAND.search(lower)
            or _OWN_DURATION.search(lower)
            or _RECOMMENDATION.search(lower)
            or self._names_another_place(text, after)
            # "how about doge to the moon lol", "what about bitcoin price": a coin's market, asked of itself
            or (_MARKET.search(lower) and self.scope_.names_closing_word(text))
        ):
            # "what's 7*8", "what time is it in Tokyo": a sum or the clock asks nothing of the previous answer, however
            # few words of its own it keeps (numbers and a dummy "it" name nothing); nor does the time a thing of its
            # own takes ("how long does a visa take then?", "how many days until spring"), or which product to get, or
            # a thing held at another place ("what if I have a loan with my bank", "and my phone plan"): judged alone.
            return alone
        if (
            self.scope_.names_subject(text)
            and not _FIRST_PERSON.search(lower)
            and not _ANAPHORA.search(lower)
            and not _ANOTHER_THING.search(lower)
            and not _REFERS_BACK.search(lower)
            and self._names_a_topic(self.relevance_.words(self.normalizer_(self.scope_.without_subject(text))))
        ):
            # "is binance available in Canada?", "币安现货交易手续费多少": a question about Binance itself, with a topic of
            # its own ("how long does binance take?" has none), nothing of the user's and nothing pointing back, says
            # its own subject; the previous turn adds nothing to it.
            return alone
        if (nxt := self._what_next(text, after)) is not None:
            return nxt
        if (doubted := self._doubts_previous(text, after)) is not None:
            return doubted
        # A thing of the user's own that the KB speaks of ("what happens to my money") asks about closing, whatever
        # out-of-scope example it resembles alone; brought up so, a longer message is a follow-up too ("what about
        # the nfts I bought on the marketplace last year?").
        thing = _ANOTHER_THING.search(lower)
        another = thing is not None
        if size > self.config.followup_max_tokens and not another and not self._refers_back_at_length(text):
            return alone
        asks = bool(_ASKS_WHAT.search(lower))
        # A Chinese question often goes without its mark: "怎么弄" asks (how?) where "好的" does not.
        marked = "?" in lower or "？" in lower or (asks and is_cjk(text))
        # ("i don't see it": not found where the previous answer said, and nothing of its own brought up)
        not_found = bool(_NOT_FOUND.search(lower)) and not another and not self._strangers(_NOT_FOUND.sub(" ", lower))
        marked = marked or not_found
        if not not_found and (
            (not size and not marked)
            or (not asks and not _REFERS_BACK.search(lower) and not self._names_a_topic(words))
            or _SMALL_TALK.search(lower)
            # "perfect, that's all I needed", "I'm so tired of all this": neither a question nor a thing of the user's
            # own brought up, a remark asks nothing of the previous answer.
            or (not asks and not marked and not another and not is_cjk(text) and not _ASKS_WITHIN.search(lower))
        ):
            # "ok thanks", "got it", "好的", "that sucks", "how are you": moods and small talk, and frame words that
            # neither ask nor point back, ask nothing, of the previous answer either.
            return alone
        # "is that permanent", "does that include futures?": a word of the KB beside a demonstrative pointing back says
        # something of the previous thing, whatever out-of-scope example it is near ("it" may point at nothing: "how
        # long does it take to get a passport").
        bare = asks and self._bare_chinese_question(text, words)
        # A Chinese question without its subject that does not ask how to work something ("是永久的吗", "什么时候失效",
        # not "怎么开通合约") is about the previous thing too.
        points_back = bool(_DEMONSTRATIVE.search(lower)) or (bare and not _HOW_TO_ZH.search(text))
        # A continuation may say when ("next week") without naming a subject of its own.
        continues = bool(_CONTINUES.search(lower)) and not set(self._strangers(text)) - _WHEN
        own_topic = (
            alone.evidence.strongest > 0
            and alone.out_of_scope_best
            # ("which wallet can I send them to?", "what about payouts already processed?": a plural pronoun or a "what
            # about" brings the previous things along, when every word of it is the KB's)
            and not (
                (another or points_back or _THE_THINGS_SAID.search(lower) or _WHAT_ABOUT.match(lower))
                and not self._strangers(text)
            )
            and not continues
            # "do they stop right away?": a topic word asked of what the previous answer spoke of
            and not self._asks_of_closing(text)
        )
        short = size <= self.config.followup_leaning_max_tokens
        # "two days or a whole week, which is it?": words that only say when name no subject; the rest is a frame.
        framed = len([w for w in words if w not in _WHEN]) <= self.config.followup_leaning_max_tokens
        leans = (
            another
            or bool(_REFERS_BACK.search(text.lower()))
            or (framed and bool(_LEANS_BACK.search(text.lower())))
            # "do I have to wait?", "should I hurry?": what the user is to do, without an object or a setting of its
            # own, is done in the setting the previous answer spoke of
            or (short and bool(_BARE_ACT.search(text.lower())) and not self._strangers(text))
            or (short and bool(_DEFINITE.search(text.lower())) and not self._strangers(text))
            or (bare and self._leans_with_one_word(text, words))
            or not_found
        )
        # A message that leans on the previous turn ("can it be faster?", "is that legal?") may bring one everyday
        # word of its own ("how long does it take to sell a house" brings two); one that does not must be on topic
        # by itself.
        # In English two words the KB never uses are two too many ("is it going to rain today": a dummy "it");
        # Chinese splits its frames into single characters the KB need not use ("为什么这么慢").
        leans = (
            leans
            and len(alone.evidence.unknown) <= 1
            and (is_cjk(text) or len(set(self._strangers(text)) - _WHEN) <= 1)
        )
        pronoun = bool(_ANAPHORA.search(text.lower()))  # "what verification will they ask?" points back
        # A problem reported beside a word that only asks what to do ("手机丢了怎么办": my phone is lost, what now?)
        # is a problem of its own too.
        reported = self.trouble_pattern_ is not None and bool(self.trouble_pattern_.search(fold(text)))
        # "referral commission?" after a closing answer asks what closing does to it, as "and my referral commission?"
        # would; the same keywords without a question mark ("p2p limit") look a feature up.
        keyword_question = "?" in text and self._keywords(self._spelled_normalized(text))
        if (
            not leans
            and not pronoun
            and (reported or (not alone.topical and not keyword_question and self._names_a_topic(words)))
        ):
            # "how long does kyc take", "how do I get vip", "my 2fa code is not working" after a closing answer: a
            # question about a feature or a problem of its own, which the previous turn does not make about closing.
            if not reported and (told := self._told_before(text, alone, after)) is not None:
                # "为什么要开着两步验证" after the requirements: a point the previous answer made, asked about
                return told
            if not reported and (near := self._near_previous(text, alone, after)) is not None:
                return near
            if not reported and (same := self._previous_alone(text, alone, after)) is not None:
                return same
            return alone
        max_foreign = self.config.followup_leaning_max_foreign if leans else self.config.followup_max_foreign
        if (
            (self._strangers(text) and not leans)
            or alone.evidence.foreign > max_foreign
            or own_topic
            # "what about my car insurance?": a thing of the user's own that the KB never speaks of
            or (another and not self._named_by(thing) and self._strangers(_THE_REST.sub(" ", self._thing_words(thing))))
            # "我的手机丢了怎么办": the thing is a problem report (a lost phone), not something closing affects
            # ("my commission that's still pending": what the clause after the thing tells is its state, not a problem)
            or (another and self._reports_trouble(_RELATIVE_CLAUSE.split(self._thing_words(thing), maxsplit=1)[0]))
            # "is binance safe to use": closest to an out-of-scope example on an everyday topic word of its own
            or (alone.out_of_scope_best and not (leans or pronoun or another) and self._names_a_topic(words))
            or (
                self._coverage(text) < self.config.followup_min_coverage
                and not (leans and size <= self.config.followup_leaning_max_tokens)
            )
        ):
            # Off topic by itself ("how do I make banana bread", "how long should rice simmer", or closest to an
            # out-of-scope example on words of its own): judged exactly as it would be alone; the previous turn is
            # never a reason to answer something else. A bare frame ("why?") has no topic of its own.
            return alone
        contextual = self._read_after(after, text)
        # The message's unknown words count once: it was given twice only to outweigh the previous question.
        contextual = replace(contextual, evidence=replace(contextual.evidence, foreign=alone.evidence.foreign))
        if not self._confident(contextual):
            return alone
        held = next((m for m in contextual.matches if m.label == after), None)
        if held is not None and not_found:
            # "i don't see it under security" after where the option is: that answer again, not the entry the place
            # named resembles; after an answer that says where nothing is ("I can't find it in settings" after the
            # steps), the answer that says where the option is, when the conversation ranks it.
            where = self.placed_entries_[0] if self.placed_entries_ and after not in self.placed_entries_ else None
            found = next((m for m in contextual.matches if m.label == where), held)
            return _led_by(contextual, found)
        if (
            held is not None
            and not another
            and (self._asks_how_long_of(after, alone, text) or self._asks_where_of(after, alone, text))
        ):
            # "how long is the ban?", "所以马上能用吗" after the answer on reusing one's e-mail: that answer has a wait
            # of its own, which the question asks about, not the closure's.
            return _led_by(contextual, held)
        if not another and (wait := self._wait_asked_after(after, alone, text)) is not None:
            # "how long?" after the steps of withdrawing what is left: the wait the previous answer leads to (a bank
            # transfer's), not the closure's, however far down the previous question's words put it.
            waited = next((m for m in (*contextual.matches, *alone.matches) if m.label == wait), None)
            if waited is not None:
                return _led_by(contextual, waited)
        if held is not None and not another and _UNDER_A_CONDITION.search(lower):
            # "even after the confirmation email?" after the answer on cancelling: whether that answer still holds
            # then; the condition is its setting, not a topic of its own.
            return _led_by(contextual, held)
        if contextual.top.label == after and alone.best is not None and alone.top.label != after:
            if not another and _THE_THINGS_SAID.search(lower) and not self._things_named_before(lower):
                # "what if I can't withdraw them in time?" after the NFT answer: what the verb is applied to is the
                # things the previous answer spoke of, however well the verb alone matches another entry.
                return contextual
            if not another and self._ties_previous(alone, after):
                # "why do they keep it?" after the data answer: alone it reads as much like the previous entry as
                # like another ("keep getting e-mails"); the conversation settles the tie.
                return contextual
            ranked = [m for m in contextual.matches if m.label != after]
            # The entries the thing brought up names by itself ("and my money?": money), without the frame around it;
            # a thing that names none ("what about the rest?") is the previous entry's.
            named = self._named_by(thing)
            if another and after in [m.label for m in named] and self._asked_by(after, self._thing_words(thing)):
                # "and my email address?" after the answer on reusing one's phone number and e-mail: a thing the previous
                # question itself names is the previous answer's, though another entry speaks of it too.
                return contextual
            own = [m.label for m in named][: self.config.followup_own_candidates]
            both = [(own.index(m.label) + i, own.index(m.label), m) for i, m in enumerate(ranked) if m.label in own]
            # The entry the two rankings put highest together (the thing's own ranking breaks a tie); or, when the
            # conversation ranks none of them, the one the thing names first ("我的理财": Earn).
            other = min(both, key=lambda b: b[:2])[2] if both else (named[0] if named else None)
            if other is not None:
                # "and my money?" after the steps: the previous question's words outweigh the message's one noun;
                # the entry the thing names answers it.
                return _led_by(contextual, other)
        if not self._confident(alone):
            if (
                contextual.top.label == after
                and alone.best is not None
                and alone.top.label != after
                and (self._asks_with_own_word(alone) or self._leads_alone(text, alone, contextual))
                and (
                    self._leads_alone(text, alone, contextual)
                    or alone.confidence >= self.config.followup_aspect_floor
                    or alone.top.score >= self.config.followup_aspect_score
                    # "and if I regret it halfway?" after the duration: a word the previous entry is never asked
                    # with, for an entry the conversation ranks high too
                    or (
                        not set(alone.evidence.supported) <= self.entry_words_[after]
                        and alone.top.label
                        in [m.label for m in contextual.matches[: self.config.followup_own_candidates]]
                    )
                )
            ):
                # "what do I have to verify?" after the steps: the context says it is in scope, the message says
                # which entry; answering the previous entry again would ignore what was asked.
                return Judgement(
                    alone.matches,
                    contextual.confidence,
                    False,
                    contextual.evidence,
                    contextual.topical,
                    contextual.trouble,
                )
            if self._tie_settled_alone(text, alone, contextual, after):
                # "like what do I actually lose" after the requirements: read after them, the message is as near the
                # loss as the requirements; alone it is nowhere near the requirements.
                return _led_by(contextual, contextual.matches[1])
            return contextual
        refers_back = bool(_ANAPHORA.search(text.lower()))
        if refers_back and contextual.top.label != after and contextual.top.label != alone.top.label:
            return contextual
        if (
            contextual.top.label == after
            and alone.confidence < self.config.followup_weak_below
            and contextual.confidence > alone.confidence
            and (
                alone.top.label == after
                or alone.evidence.strongest <= 0
                # "and after that period?" after the data kept: its one topic word is the previous answer's own
                or (refers_back and set(alone.evidence.supported) <= self._said_in(after))
            )
        ):
            # "why so long?": barely answerable alone, clearly about the previous answer in context. A message whose
            # own topical words point at another entry ("and p2p?" after the requirements) keeps that entry.
            return contextual
        return alone
