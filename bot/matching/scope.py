"""Signals about what a message is about: the subject (Binance) or another platform."""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping

from ..kb.folding import first_words, fold, lacks_phrases, phrase_pattern

# A platform named only as where funds go ("withdraw to Coinbase") keeps the question about Binance.
# "leaving binance for okx" names where the user goes.
# ("transferred to my registered bank account": after "to", one word may say which of the user's own)
_DESTINATION = re.compile(
    r"(?:\bto|\binto|\bonto|\bin|\bvia|\bfor|转到|转入|提到|到)(?:\s+(?:my|your|a|an|the|our)|\s*(?:我的|我|自己的|你的))?\s*$"
    r"|\b(?:to|into|onto)\s+(?:my|our)\s+[a-z]+\s*$"
)
# ...but one waited for, before "to" and a verb, does that verb ("how long does it take for TikTok to delete my
# account", "waiting for Kraken to approve"): it is who acts, not where anything goes ("leaving binance for coinbase
# to trade there" still goes).
_DOER = re.compile(r"\s+to\s+(?!(?:my|your|a|an|the|our|their|his|her|it|me|us|them|this|that)\b)[a-z]+")
_FOR = re.compile(r"\b(?:takes?|took|taking|long|wait|waits|waited|waiting)\s+for\s*$")
# ...and one the same is asked of ("same for kraken?", "does that work for coinbase too") is what is asked about.
_SAME_FOR = re.compile(r"\b(?:same|work|works|apply|applies|true)\s+(?:for|with)\s*$")


# ...and so does one named only as the kind of an e-mail address ("my old gmail address").
_ADDRESS = re.compile(r"\s*(?:address|addy|email|e-mail|mail|account address|邮箱|地址)\b")


_ACCOUNT = re.compile(r"\s*(?:account|acct|acc|账号|账户|帐号)")

# The subject named only to say the message is not about it ("not binance related sorry", "nothing to do with binance",
# "跟币安无关"): the question is another's.
_DISCLAIMED_BEFORE = re.compile(r"\b(?:nothing to do with|unrelated to|not related to|not about)\s*$")
_NOT_BEFORE = re.compile(r"\bnot\s+(?:really\s+)?(?:an?\s+)?$")
_DISCLAIMED_AFTER = re.compile(r"^\s*(?:-\s*)?(?:related|question|specific|stuff)\b")
_DISCLAIMED_ZH = re.compile(r"(?:跟|和|与)\s*$")
_UNRELATED_ZH = re.compile(r"^\s*(?:无关|没关系|没有关系|没啥关系|没什么关系)")


class ScopeSignals:
    """Finds the subject's name and other platforms' names in a message."""

    def __init__(
        self,
        subject: Iterable[str],
        other_platforms: Iterable[str],
        email_providers: Iterable[str] = (),
        closing_synonyms: Mapping[str, Iterable[str]] | None = None,
    ):
        providers = [fold(p) for p in email_providers]
        self._closing_words = {fold(v): key for key, values in (closing_synonyms or {}).items() for v in values}
        self._closing = phrase_pattern(self._closing_words)
        subject = list(subject)
        self._subject = phrase_pattern(subject)
        platforms = [*other_platforms, *providers]
        self._platforms = phrase_pattern(platforms)
        self._providers = frozenset(providers)
        # Most messages hold no word a name or synonym opens with: no need to run its pattern (see `first_words`).
        self._closing_firsts = first_words(map(fold, self._closing_words))
        self._subject_firsts = first_words(map(fold, subject))
        self._platform_firsts = first_words(map(fold, platforms))

    def _is_address(self, match: re.Match[str], folded: str) -> bool:
        """A provider named without "account" ("is my gmail free again?"), or any name followed by "address"."""
        after = folded[match.end() :]
        if match.group(0) in self._providers and not _ACCOUNT.match(after):
            # ...except one waited for to act ("how long does it take for gmail to delete"): the provider itself
            return not (_FOR.search(folded[: match.start()]) and _DOER.match(folded, match.end()))
        return bool(_ADDRESS.match(after))

    @staticmethod
    def _destination(match: re.Match[str], folded: str) -> bool:
        """A platform named as where funds or the user go ("withdraw to coinbase", "leaving binance for okx"), not as
        the one who acts ("for tiktok to delete my account")."""
        before = folded[: match.start()]
        if not _DESTINATION.search(before) or _SAME_FOR.search(before):
            return False
        return not (_FOR.search(before) and _DOER.match(folded, match.end()))

    def names_subject(self, text: str) -> bool:
        """True when the message names Binance."""
        folded = fold(text)
        if not self._subject or lacks_phrases(self._subject_firsts, folded):
            return False
        return any(not self._disclaimed(match, folded) for match in self._subject.finditer(folded))

    @staticmethod
    def _disclaimed(match: re.Match[str], folded: str) -> bool:
        """A name said only to set the message apart from it ("not binance related", "跟币安无关")."""
        before, after = folded[: match.start()], folded[match.end() :]
        return bool(
            _DISCLAIMED_BEFORE.search(before)
            or (_NOT_BEFORE.search(before) and _DISCLAIMED_AFTER.match(after))
            or (_DISCLAIMED_ZH.search(before) and _UNRELATED_ZH.match(after))
        )

    def without_subject(self, text: str) -> str:
        """`text` folded, without the words that name Binance."""
        folded = fold(text)
        return self._subject.sub(" ", folded) if self._subject else folded

    def mask_destinations(self, text: str, neutral: str = "an external wallet") -> str:
        """`text` folded, with platforms named only as where funds go replaced by `neutral` (and e-mail providers named
        as an address by "email").

        "move my coins to coinbase" is about leaving Binance; the name alone would make it resemble the
        out-of-scope examples about that platform.
        """
        folded = fold(text)
        if self._platforms is None or lacks_phrases(self._platform_firsts, folded):
            return folded

        def mask(match: re.Match[str]) -> str:
            if self._is_address(match, folded):
                return "email"  # "my gmail address" is an e-mail address, whoever provides it
            return neutral if self._destination(match, folded) else match.group(0)

        return self._platforms.sub(mask, folded)

    def names_closing_word(self, text: str) -> bool:
        """True when the message holds a word that is a synonym only in a message about closing ("USDT")."""
        folded = fold(text)
        return bool(self._closing and not lacks_phrases(self._closing_firsts, folded) and self._closing.search(folded))

    def closing_words(self, text: str) -> list[str]:
        """The words of the message that are synonyms only in a message about closing, in order."""
        folded = fold(text)
        if self._closing is None or lacks_phrases(self._closing_firsts, folded):
            return []
        return self._closing.findall(folded)

    def rewrite_closing_words(self, text: str) -> str:
        """`text` folded, with each word that is a synonym only in a message about closing replaced by its key."""
        folded = fold(text)
        if self._closing is None or lacks_phrases(self._closing_firsts, folded):
            return folded
        return self._closing.sub(lambda m: f" {self._closing_words[m.group(0)]} ", folded)

    def other_platform(self, text: str) -> str | None:
        """The other platform the message is about, if any (a mere destination of funds does not count)."""
        folded = fold(text)
        if self._platforms is None or lacks_phrases(self._platform_firsts, folded):
            return None
        for match in self._platforms.finditer(folded):
            if not self._destination(match, folded) and not self._is_address(match, folded):
                return match.group(0)
        return None
