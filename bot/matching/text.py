"""Text normalisation shared by indexing and querying: case, width, domain synonyms, CJK tokens."""

from __future__ import annotations

import functools
import re
from collections.abc import Iterable, Mapping

from ..kb.folding import CJK_RANGES, SPACES, alternation, any_of, first_words, fold, lacks_phrases, phrase_pattern

_TOKEN = re.compile(f"[a-z0-9]+|[{CJK_RANGES}]")

# Function words carry no topic; dropping them keeps "how do I close my Bybit account" from
# resembling "how do I close my account" on grammar alone. Question words that carry meaning stay.
STOP_WORDS = frozenset(
    "a an the i im i'm my me mine we our you your it its this that these those is are was were be been am do does did "
    "to of in on at for with by from as and or so if then there here just please pls plz hi hey hello any some "
    "can could would should will shall may might must let s t".split()
)


# An English word's inflected endings ("reviewed", "contracts", "tries"), each with what its base form ends in instead
# ("-ing" makes nouns of its own too: "meeting", "wedding").
_ENDINGS = (("ies", "y"), ("ied", "y"), ("es", ""), ("s", ""), ("ed", ""), ("ed", "e"))


def base_forms(word: str) -> list[str]:
    """The forms an English word may take without its inflection or its "un-" ("unlock": "lock"); none for others."""
    if not word.isascii() or len(word) < 5:
        return []
    forms = [word[: -len(end)] + base for end, base in _ENDINGS if word.endswith(end) and len(word) - len(end) >= 3]
    if word.startswith("un") and len(word) >= 6:
        forms += [word[2:], *base_forms(word[2:])]
    return forms


# Chinese may name the account first and the closing verb after it, with only words of asking between ("币安账户要怎么关",
# "请问账户如何删除", "账号能删除吗"): there the verb closes the account, as "删除账户" does.
_ZH_ASKING = (
    "可以|能不能|可不可以|能否|可否|是否|能|要|该|应该|怎么|怎样|如何|才能|想|请|帮我|给我|帮忙|把|还|就|得|必须|需要"
)
_ZH_CLOSING_VERB = (
    r"删除|删掉|删了|关闭|关掉|关了|销掉|销了|弄掉|搞掉|[关删销](?=$|[吗呢啊吧了？?。！!，,\s])"
    # the wish not to keep it ("账号不想留着", "这个号不想再保留了")
    r"|不想再?(?:留着|保留|留)|不要再?(?:留着|保留)"
)
# A bare "删" or "销" asked how to do at the end of a clause ("不玩了，咋删", "账号怎么销") deletes what the message is
# about, as "怎么删除" does; a thing named before it ("聊天记录怎么删") is then what is deleted.
_ZH_HOW_TO_DELETE = re.compile(r"(怎么|咋|如何|怎样)\s*(?:才能)?\s*[删销](?=$|[吗呢啊吧了？?。！!，,\s])")
# Words written with asterisks ("f***ing", "sh*t"): a mood, never a topic.
_CENSORED = re.compile(r"\b[a-z]*\*+[a-z]*\b|\b[a-z]+\*+")


# ("关" alone only where no word it ends goes before: "怎么关比安账户", not "相关账户", "公关")
_ZH_VERB_FIRST = r"删除|删掉|关闭|关掉|销毁|注销掉|删|(?<![相有开机海公攻无])关"
# How far, between the account and its verb ("账号永久停用", "账户彻底关闭").
_ZH_HOW_FAR = r"永久|永远|彻底|完全|直接"

# The frames that ask how to do a thing, or say one wants to, before a verb of leaving with nothing after it ("how do I
# quit?", "wanna dip for good", "I just want out"): what is left is the place the message is written in, the exchange.
_LEAVING_FRAME = (
    r"\b(?:how (?:do|can|could|should|would|will|to) (?:i|we|one|someone|a person)?|how to"
    r"|(?:i|we|i'm|im|i am) (?:(?:just|really|finally|simply|honestly) )*"
    r"(?:want|wanna|need|would like|'d like|am going|going|gonna|have to|got to|gotta|plan|decided|am ready|ready)"
    r"|wanna|tryna|ready|time|can i|could i|can we|let me|possible|allowed|able"
    # "it's time I left": the wish told as what is due
    r"|(?:it's|its|it is)(?: about| high)? time (?:i|we))"
    r"(?: (?:just|finally|simply|now|really))*(?: to)?"
)
# ...the words that may close such a clause: where from ("of here"), for how long, how soon, a courtesy.
_LEAVING_END = (
    r"(?: (?:of|from|on|with|away|out))*(?: (?:here|this place))?(?: (?:properly|cleanly|the right way|for real))?"
    r"(?=(?: (?:for good|permanently|forever|completely|entirely|totally|now|already|asap|today|please|pls|lol|lmao|too))*"
    r" ?(?:$|[,.;:!?]|\band\b))"
)
# No longer being what a user is to the exchange ("I no longer want to be a Binance user", "not interested in being a
# client anymore"), unless the role is of something else ("a member of the group").
_NO_LONGER = (
    r"\b(?:no longer|not|never|don't|dont|do not|stop|stopped|quit|cease|ceasing)\b(?: [a-z']+){0,4}? (?:be|being)"
)
# ...and in Chinese ("不想做币安用户了", "怎么才能不再是币安会员"), with only "的" between the verb and the role.
_NO_LONGER_ZH = r"(?:不想|不要|不愿意?|不再|不|别)再?\s*(?:做|当|是)\s*(?:的\s*)?"
# The user taken off as a whole ("cancel me", "remove me as a user", "wipe me off binance"): nothing after it but a
# courtesy. Another verb than "cancel" must say where from or in what role ("remove me" after "done with your spam" is
# the mailing list's).
_TAKEN_OFF_VERBS = r"cancel|remove|drop|take|close"

# Words that may stand between a verb and the account it applies to ("scrap my old account", "eliminate the whole
# account"): whose account, and which of one's own.
_WHOSE = (
    r"my|the|this|that|our|whole|entire|old|main|current|own|existing|personal|user"
    # which of the user's own accounts ("remove my extra account", "delete the duplicate account")
    r"|extra|duplicate|spare|secondary|additional|backup|alt|unused|second|other"
)


def _forms(verb: str) -> list[str]:
    """`verb` with the endings of its other forms ("scrap": scraps, scrapped, scrapping; "erase": erased, erasing); a
    verb with its particle ("wrap up") takes them on the verb ("wrapping up")."""
    if " " in verb:
        head, particle = verb.split(" ", 1)
        return [f"{form} {particle}" for form in _forms(head)]
    stem = verb[:-1] if verb.endswith("e") else verb
    regular = [verb, f"{verb}s", f"{verb}es", f"{stem}ed", f"{stem}ing", f"{verb}{verb[-1]}ed", f"{verb}{verb[-1]}ing"]
    return [*regular, *_IRREGULAR.get(verb, ())]


# The past forms no ending makes ("it's time I left", "I got out"): the few verbs of leaving and removal that have them.
_IRREGULAR = {"leave": ("left",), "get": ("got",), "break": ("broke",), "quit": ("quit",)}


class Normalizer:
    """Lower-cases, folds width and punctuation, rewrites domain synonyms to one key each, drops `drop` words.

    With `object_first` (the keys of the account and of closing), a Chinese closing verb after the account is
    rewritten to the closing key, and so is any verb of `removal` applied to the account ("eliminate my account",
    "scrapped the account"): whatever the word, removing the account is closing it."""

    def __init__(
        self,
        synonyms: Mapping[str, Iterable[str]] | None = None,
        drop: Iterable[str] = (),
        object_first: tuple[str, str] | None = None,
        removal: Iterable[str] = (),
        leaving: Iterable[str] = (),
        roles: Iterable[str] = (),
    ):
        self.synonyms = {key: tuple(values) for key, values in (synonyms or {}).items()}
        removal = list(removal)
        # The Chinese verbs of removal ("终止", "停用", "清除") close the account as "删除" does, before it or after it.
        zh = "".join(f"|{re.escape(v)}" for v in sorted((v for v in removal if not v.isascii()), key=len, reverse=True))
        self._object_first = (
            (
                re.compile(
                    rf"(?<![a-z]){re.escape(object_first[0])}\s*((?:{_ZH_ASKING}|{_ZH_HOW_FAR})*)\s*(?:{_ZH_CLOSING_VERB}{zh})"
                ),
                rf"{object_first[0]} \1 {object_first[1]} ",
                # ...and the verb before it, with only whose account between ("销毁我的账号", "关闭本人名下的账户"), also
                # in English where the two are mixed ("how do I 关闭 my binance 账户")
                re.compile(
                    rf"(?:{_ZH_VERB_FIRST}{zh})\s*((?:我的|我|这个|该|的|本人|名下|自己|(?:my|the|this)\s)*)\s*{re.escape(object_first[0])}(?![a-z])"
                ),
                rf" {object_first[1]} \1 {object_first[0]}",
            )
            if object_first
            else None
        )
        verbs = sorted(
            {form for verb in removal if verb.isascii() for form in _forms(fold(verb))}, key=len, reverse=True
        )
        # The verbs as a tree of their shared beginnings (tried longest first, as the list sorted by length would be):
        # the pattern runs on every message naming the account, and the list has a few hundred forms.
        self._removal = (
            re.compile(
                rf"\b(?:{alternation(verbs)})((?:\s+(?:{_WHOSE}))*)\s+{re.escape(object_first[0])}\b(?!\s+{re.escape(object_first[1])})"
            )
            if verbs and object_first
            else None
        )
        self._removal_replacement = f"{object_first[1]}\\1 {object_first[0]}" if object_first else ""
        self._leaving = self._leaving_patterns(leaving, roles, object_first)
        # Whether a text holds one of the words the leaving pattern needs, in one pass of the regex engine: looking for
        # each of a few hundred words in turn costs several times as much, and most messages hold none.
        self._leaving_needed = any_of(self._leaving[2]) if self._leaving is not None else None
        self._account = object_first[0] if object_first else ""
        # In Chinese, "取消" (read as "cancel") applied to the account closes it ("怎么取消我的币安账户", "请问怎么cancel我的币安
        # 账户"), unless what it applies to is the account's closure ("取消账户注销": taking the request back).
        self._cancelled = re.compile(
            rf"(?<![a-z])cancel\s*((?:我的|我|这个|该|的|本人|名下|自己|(?:my|the|this)\s)*)\s*"
            rf"{re.escape(object_first[0] if object_first else '')}(?![a-z])(?!\s*的?\s*(?:{re.escape(object_first[1] if object_first else '')}|申请|请求))"
        )
        self._close = object_first[1] if object_first else ""
        names = [fold(word) for word in drop]
        variants: dict[str, str] = dict.fromkeys(names, "")
        for key, values in self.synonyms.items():
            for value in values:
                for variant in _with_each_name(fold(value), names):
                    variants.setdefault(variant, key)
                variants[fold(value)] = key
        self._lookup = variants
        self._pattern = phrase_pattern(variants)
        # A Latin phrase can only match where a word of the text is the phrase's first word: a text in plain ASCII
        # with none of those words is left as it is without the costly pass (most of a large KB's texts).
        self._first_words = first_words(variants)
        # The engine normalises the same text at several steps of one question, and the KB's texts at several
        # steps of the build; the regex pass is the costly part.
        self._cached = functools.lru_cache(maxsize=2048)(self._normalize)

    def clear_cache(self) -> None:
        """Forget the results kept for texts seen recently."""
        self._cached.cache_clear()

    def __call__(self, text: str) -> str:
        """The normalised form of `text`."""
        return self._cached(text)

    def _normalize(self, text: str) -> str:
        folded = fold(text)
        if "*" in folded:
            folded = _CENSORED.sub(" ", folded)
        if self._pattern is not None:
            # Twice: once the subject is gone, "cancel my binance account" reads "cancel my account", a synonym.
            # (A pass that rewrote nothing leaves nothing new for the second.)
            for _ in range(2):
                if self._untouched(folded):
                    break
                rewritten, count = self._pattern.subn(self._replace, folded)
                if not count:
                    break
                folded = SPACES.sub(" ", rewritten)
        if self._leaving is not None and self._leaving_needed is not None:
            pattern, replacement, _ = self._leaving
            # Each alternative needs one of these words: most messages hold none, and skip a pass of the regex engine.
            if self._leaving_needed.search(folded):
                folded = SPACES.sub(" ", pattern.sub(replacement, folded))
        if self._removal is not None and self._account in folded:
            folded = self._removal.sub(self._removal_replacement, folded)
        if self._object_first is not None and not folded.isascii():
            after, after_replacement, before, before_replacement = self._object_first
            folded = before.sub(before_replacement, after.sub(after_replacement, folded))
            if "cancel" in folded:
                folded = self._cancelled.sub(rf" {self._close} \1 {self._account}", folded)
            folded = _ZH_HOW_TO_DELETE.sub(rf"\1 {self._close} ", folded)
            folded = SPACES.sub(" ", folded)
        return folded.strip()

    @staticmethod
    def _leaving_patterns(
        leaving: Iterable[str], roles: Iterable[str], object_first: tuple[str, str] | None
    ) -> tuple[re.Pattern[str], str, tuple[str, ...]] | None:
        """The pattern that reads leaving the exchange, or no longer being its user, as closing the account.

        It runs once the exchange's names are dropped: "how do I bail on binance" reads "how do i bail on", a verb of
        leaving with nothing after it. Its one group is the frame before the verb, kept. Last, the words one of which each
        alternative needs."""
        if object_first is None:
            return None
        verbs = sorted(
            {form for verb in leaving if verb.isascii() for form in _forms(fold(verb))}, key=len, reverse=True
        )
        verbs_zh = sorted((fold(v) for v in leaving if not v.isascii()), key=len, reverse=True)
        role = sorted({fold(r) for r in roles if r.isascii()}, key=len, reverse=True)
        role_zh = sorted((fold(r) for r in roles if not r.isascii()), key=len, reverse=True)
        parts = []
        if verbs:
            parts.append(rf"({_LEAVING_FRAME}) (?:{alternation(verbs)}){_LEAVING_END}")
        if role:
            parts.append(
                rf"(){_NO_LONGER} (?:an? |your )?(?:{alternation(role)})s?\b(?! (?:of|at|on|in|with|for|to)\b)"
            )
            parts.append(
                rf"(?:^ ?|(?<=[,.;:!?])|(?<=[,.;:!?] ))()(?:(?:please|pls|just|now|ok|so) )*"
                rf"(?:cancel me|(?:{_TAKEN_OFF_VERBS}) me (?:off|out|from|off of|as an? (?:{alternation(role)})))"
                r"(?=(?: (?:please|pls|now|asap|already|for good|permanently|completely|too))* ?(?:$|[,.;:!?]))"
            )
        if role_zh:
            parts.append(rf"(){_NO_LONGER_ZH}(?:{'|'.join(map(re.escape, role_zh))})")
            # ...or the role itself closed or cancelled, with nothing after it ("注销会员", "怎么cancel我的binance会员"; not
            # "取消会员自动续费", the renewal)
            parts.append(
                rf"()(?<![a-z])(?:{re.escape(object_first[1]) if object_first else 'close'}|cancel)\s*"
                rf"(?:我的|我|这个|该|的|本人|自己|(?:my|the|this)\s)*\s*(?:{'|'.join(map(re.escape, role_zh))})"
                r"(?=\s*[了吗呢吧啊呀]*\s*(?:$|[,，。.!！?？;；]))"
            )
        if verbs_zh:
            # a Chinese verb of leaving as a clause of its own, after words of asking only ("我要退出", "可以退出吗"; not
            # "旧手机上的账号怎么退出", logging out)
            parts.append(
                rf"(?:^\s*|(?<=[,，。.!！?？;；])\s*)((?:我们|我)?\s*(?:{_ZH_ASKING})*)\s*(?:{'|'.join(map(re.escape, verbs_zh))})"
                r"(?=\s*[了吗呢吧啊呀]*\s*(?:$|[,，。.!！?？;；]))"
            )
        account, close = object_first
        groups = "".join(rf"\{i}" for i in range(1, len(parts) + 1))
        taken_off = [f"{verb} me" for verb in _TAKEN_OFF_VERBS.split("|")] if role else []
        needed = tuple(dict.fromkeys([*verbs, *role, *taken_off, *role_zh, *verbs_zh]))
        return (re.compile("|".join(parts)), rf"{groups} {close} {account}", needed) if parts else None

    def _untouched(self, folded: str) -> bool:
        """True when no phrase can match `folded` (a phrase's first word must be one of its words)."""
        return lacks_phrases(self._first_words, folded)

    def _replace(self, match: re.Match[str]) -> str:
        return f" {self._lookup[match.group(0)]} "


# What may stand before or after a name of the subject in a phrase that another of its names may take: "done with
# binance" holds as "done with this exchange", but "remove my binance account" does not make "my this exchange account".
_NAME_BEFORE = re.compile(r"(?:\b(?:my|the|a|an|this|that|your|our)\s*|我的|这个|该)$")
_MY_ACCOUNT = re.compile(r"\b(my|the|this) (account|acc|acct)\b")
_NAME_AFTER = re.compile(r"^\s*(?:account|acc|acct|user|customer|member|账|帐)")


def _with_each_name(phrase: str, names: list[str]) -> list[str]:
    """`phrase` written with each other name of the subject in place of the one it names (same script only).

    The subject's names are dropped before matching; a synonym that names it ("done with binance", "离开币安") would
    otherwise hold for one of its names only, and "I'm done with this exchange" would read "I'm done with".
    """
    out = []
    # "don't want to keep my account" holds for "my binance account" too: the name between is dropped only after the
    # phrases are read, and another phrase inside ("keep") would be read first.
    for name in names:
        if re.fullmatch(r"[a-z0-9]+", name):
            out += [_MY_ACCOUNT.sub(rf"\1 {name} \2", phrase)] if _MY_ACCOUNT.search(phrase) else []
    for name in names:
        for match in re.finditer(rf"(?<![a-z0-9]){re.escape(name)}(?![a-z0-9])", phrase):
            before, after = phrase[: match.start()], phrase[match.end() :]
            if _NAME_BEFORE.search(before) or _NAME_AFTER.match(after):
                continue
            out += [f"{before}{other}{after}" for other in names if other != name and other.isascii() == name.isascii()]
    return out


def tokens(normalized: str) -> list[str]:
    """Content tokens of normalised text: Latin words (minus function words) and single CJK characters."""
    return list(_tokens(normalized))


# The steps of one question read the tokens of the same few texts about eight times; a copy of the list is cheaper.
@functools.lru_cache(maxsize=256)
def _tokens(normalized: str) -> tuple[str, ...]:
    return tuple([t for t in _TOKEN.findall(normalized) if t not in STOP_WORDS])


def clear_cache() -> None:
    """Forget the tokens of the texts seen recently."""
    _tokens.cache_clear()


def word_features(normalized: str) -> list[str]:
    """Unigrams and bigrams of content tokens; the analyzer of the word-level TF-IDF."""
    toks = tokens(normalized)
    return toks + [f"{a} {b}" for a, b in zip(toks, toks[1:], strict=False)]
