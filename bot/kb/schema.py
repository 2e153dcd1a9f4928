"""Typed shapes of the knowledge-base files; msgspec checks types and required fields on decode."""

from __future__ import annotations

from typing import Annotated, Literal

import msgspec

Id = Annotated[str, msgspec.Meta(pattern=r"^[a-z0-9][a-z0-9-]*$", max_length=64)]
Text = Annotated[str, msgspec.Meta(min_length=1)]

Lang = Literal["en", "zh"]
"""The languages the KB is written in and the bot answers in."""


class Part(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    """One citable part of a source: a heading, or a numbered item under it."""

    id: Id
    section: Text


class Source(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    """A third-party article the knowledge base is written from."""

    id: Id
    name: Text
    title: Text
    site: Text
    kind: Text
    reliability: Text
    parts: Annotated[list[Part], msgspec.Meta(min_length=1)]
    date: str | None = None
    file: str | None = None


class Claim(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    """What one source says, and where in it; an entry's claim may name the conflict it concerns."""

    source: Id
    part: Id
    statement: Text
    statement_zh: str | None = None
    conflict: Id | None = None


class Conflict(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    """A point on which the two sources contradict each other."""

    id: Id
    topic: Text
    summary: Text
    claims: Annotated[list[Claim], msgspec.Meta(min_length=2)]
    topic_zh: str | None = None
    summary_zh: str | None = None
    cues: list[Text] = []
    """Words and phrases a question uses when it touches the disputed point (English)."""
    cues_zh: list[Text] = []
    """The same in Chinese."""
    settled: list[Text] = []
    """Phrases that place a question after the disputed stage, where the sources agree again ("after the waiting
    period is over"); with one of these, a cue alone does not touch the point."""
    settled_zh: list[Text] = []
    """The same in Chinese."""
    beside: list[Text] = []
    """Phrases of a neighbouring point the sources do not dispute (the phone number, beside the e-mail): a
    question using one and none of the cues is not about the conflict, even on an entry whose question is."""
    beside_zh: list[Text] = []
    """The same in Chinese."""
    in_session: list[Text] = []
    """Words that touch the disputed point only in a follow-up, where the conversation has been about a closure not
    said to be complete ("can I get it back?" after the steps; alone, "recover" may ask of a long-closed account)."""
    in_session_zh: list[Text] = []
    """The same in Chinese."""


class PartRef(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    """One citable part of one source, named without a statement."""

    source: Id
    part: Id


class NotConflict(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    """Two parts of different sources that an author read side by side and judged not to contradict each other.

    The conflict finder proposes no candidate between these two parts again."""

    id: Id
    parts: Annotated[list[PartRef], msgspec.Meta(min_length=2, max_length=2)]
    reason: Text


class Entry(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    """One answerable question with its phrasings, answer and the claims it rests on."""

    id: Id
    topic: Text
    question: Text
    phrasings: list[Text]
    answer: Text
    claims: list[Claim]
    question_zh: str | None = None
    answer_zh: str | None = None
    conflicts: list[Id] = []
    related: list[Id] = []


class SourcesFile(msgspec.Struct, forbid_unknown_fields=True):
    """Shape of `sources.yaml`."""

    sources: Annotated[list[Source], msgspec.Meta(min_length=1)]


class ConflictsFile(msgspec.Struct, forbid_unknown_fields=True):
    """Shape of `conflicts.yaml`."""

    conflicts: list[Conflict] = []


class NotConflictsFile(msgspec.Struct, forbid_unknown_fields=True):
    """Shape of `not_conflicts.yaml` (optional)."""

    not_conflicts: list[NotConflict] = []


class EntriesFile(msgspec.Struct, forbid_unknown_fields=True):
    """Shape of one file under `entries/`."""

    entries: list[Entry]


class ScopeExample(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    """One line of `scope_examples.jsonl`: a message written for the project, and whether the KB's subject covers it."""

    text: Text
    in_scope: bool


Weighed = tuple[Text, float, float]
"""A feature of the learned check of scope: the feature, its idf and its weight."""


class ScopeCheck(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    """Shape of `scope_check.json`: the learned check of scope fitted on `scope_examples.jsonl` (generated)."""

    examples: Annotated[int, msgspec.Meta(ge=1)]
    """How many examples it was fitted on."""
    intercept: float
    char_ngrams: tuple[Annotated[int, msgspec.Meta(ge=1)], Annotated[int, msgspec.Meta(ge=1)]]
    chars: Annotated[list[Weighed], msgspec.Meta(min_length=1)]
    """Character n-grams within words."""
    words: list[Weighed]
    """Words and pairs of neighbouring words."""
    normalized: bool = False
    """Fitted on each message with the engine's reading of it."""


class PlainRequest(msgspec.Struct, forbid_unknown_fields=True, frozen=True):
    """The entry that answers a bare request ("delete my account", "I want out, close it") and the word that makes one."""

    entry: Id
    word: Text
    asking: list[Text] = []
    """Words that only say the user is asking ("request", "submit", "permanently"): they leave a request plain."""
    alike: list[Id] = []
    """Entries that answer a request to close as the steps do (what to do first, where the option is, on the app)."""


class Scope(msgspec.Struct, forbid_unknown_fields=True):
    """Shape of `scope.yaml`: what the bot covers and what it must decline."""

    subject: Annotated[list[Text], msgspec.Meta(min_length=1)]
    other_platforms: list[Text]
    out_of_scope: Annotated[list[Text], msgspec.Meta(min_length=1)]
    synonyms: dict[str, list[Text]] = {}
    starters: list[Id] = []
    email_providers: list[Text] = []
    plain_request: PlainRequest | None = None
    topic_words: list[Text] = []
    """Normalised words that put a message in the KB's topic (closing, coming back). An entry whose own questions
    nearly always hold one does not answer a message that holds none ("how do I turn on 2FA")."""
    acting_words: list[Text] = []
    """Normalised words besides the request word that do something to a thing ("reopen", "withdraw"). Applied to a
    thing the KB never speaks of ("recover a deleted photo", "withdraw from a course"), they make the message about
    that thing."""
    removal_verbs: list[Text] = []
    """Verbs of removal, as written ("eliminate", "scrap"): applied to the account ("scrap my old account") they close
    it, whether or not the synonyms list the phrase."""
    leaving_verbs: list[Text] = []
    """Verbs of leaving a place, as written ("quit", "bail on", "退出"): applied to the exchange ("ghost binance"), or
    asked of nothing ("how do I quit?", "wanna dip for good", "我要退出"), they close the account: the place is the one
    the message is written in."""
    roles: list[Text] = []
    """What a user is to the exchange, as written ("user", "customer", "会员"): no longer being one ("I no longer want to
    be a Binance user", "不想做币安用户了") or being taken off as one ("remove me as a user") is closing the account."""
    closed_elsewhere: list[Text] = []
    """Phrases, as written, for things whose words the KB uses but that only another service closes (a phone number,
    a SIM card): what the request word applies to when it is one of these is that thing ("手机号怎么销号")."""
    other_holders: list[Text] = []
    """Normalised words for other places that hold accounts, which the KB names only as where money goes ("bank",
    "银行"). One that closes an account ("my bank closed my account", "银行把我的账户注销了") or where one goes to close it
    ("去银行销户") makes the message about that place's account."""
    trouble_words: list[Text] = []
    """Words and phrases, as written, that report a problem ("stuck", "not working", "收不到"). A message that reports
    one and holds no topic word is about the problem itself, which the sources do not cover ("my 2fa code is not
    working", "withdrawal pending for hours")."""
    closing_synonyms: dict[str, list[Text]] = {}
    """Synonyms that hold only in a message about closing the account: a coin named by its ticker ("USDT") is the
    crypto left in it, an accountant is why the records are wanted; anywhere else they are topics of their own."""
