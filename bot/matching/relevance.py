"""Whether a message rests on the words that carry this knowledge base's topic, judged against everyday language.

Inside the KB "how long" is distinctive (one entry uses it); in everyday language it is a frame any question can
have. So each word of a message is weighed against general word frequencies (`Lexicon`):
- a word the KB uses is *support* in proportion to how much more often the KB uses it than everyday text does
  (log10 of the ratio, less `min_ratio`), so "close" and "withdraw" count and "how" or "take" do not;
- a word the KB never uses is *foreign* evidence when it is topical rather than a frame word: the rarer in
  everyday language, the more it counts ("pizza", "statement", "top-up", "ATM").
"""

from __future__ import annotations

import functools
import itertools
import re
from collections import Counter, _count_elements  # type: ignore[attr-defined]
from collections.abc import Iterable
from dataclasses import dataclass

import numpy as np

from ..kb.lexicon import Lexicon
from .text import STOP_WORDS, base_forms

_CJK = re.compile(r"[\u3400-\u4dbf\u4e00-\u9fff\uf900-\ufaff]")

# Words that carry a mood or a courtesy, not a topic: "this exchange is awful, get rid of my account" is still a
# closure request. They are neither support nor foreign evidence.
FILLER = frozenset(
    "ok okay hmm hm um uh oh ah yeah yep yes no nope lol thanks thank thx ty tho though pls plz please sorry "
    "really very totally completely entirely literally honestly seriously basically actually anyway anyways "
    "awful terrible horrible garbage trash rubbish useless stupid annoying annoyed hate hated sucks crap worst "
    "ridiculous pathetic joke scam angry fed tired sick done enough frustrated disappointed "
    "damn damned dammit fucking fuckin freaking frickin bloody shitty goddamn crappy "
    "hello hi hey dear sir madam team guys bro mate man u ur ya yo rn tbh wtf nah omg idk imo btw lmao bruh "
    # the bot itself, addressed or asked to act ("can the chatbot process my deletion?")
    "chatbot chatbots "
    # whether a thing stands in the way, asked of it ("I have USDT in Earn, is that a problem?", "does that matter")
    "problem problems issue issues matter matters "
    "ngl fr lowkey smh istg ffs kinda imma ima gotta deadass "
    # a hedge on what is asked ("any grace period at least?")
    "least "
    # interjections ("ugh, what if I submit it and then regret it")
    "ugh argh meh welp geez jeez gosh oops yikes sigh "
    "regards sincerely faithfully respectfully yours cheers greetings kindest warmest writing concern "
    "easiest simplest quickest formally officially hereby effective meantime exactly precisely "
    # the frame of a formal letter ("I should be grateful if you would arrange...", "at your earliest opportunity")
    "sirs appreciate appreciated grateful obliged kindly undersigned attention disposal reference advance notify "
    "intention inform proceed opportunity earliest convenience wishes esteemed "
    # ("Good afternoon. I am writing on behalf of myself to request ... Please confirm the necessary steps.")
    "afternoon morning evening behalf myself necessary "
    # ("To whom it may concern: be advised that I wish to …, with immediate effect; tell me what is outstanding")
    "whom advised wish immediate effect outstanding "
    "got cool great nice alright sure understood noted perfect awesome "
    "purpose "
    # which of two claims holds, asked of them ("one guide says 7 days, the other hours: which is correct?")
    "correct accurate "
    "isn aren wasn weren haven hasn hadn don doesn didn won wouldn shouldn couldn ve ll re d m "
    "meanwhile afterwards afterward beforehand eventually anyway otherwise instead besides also maybe perhaps "
    "probably later soon yet already whatever although however therefore "
    "谢谢 麻烦 帮忙 请 请问 您好 你好 尊敬 本人 特此 此致 敬礼 敬启者 配合 告知 协助 办理 手续 正式 "
    # ...and of a formal Chinese one: "solemnly", "kindly", "under my name", "to" and "team" (the addressee) ("本人郑重申请永久关闭名下的账户", "致币安团队")
    "郑重 烦请 恳请 敬请 名下 致 团队 "
    # words that only say one is asking for help ("请教一下怎么注销")
    "请教 求助 "
    "垃圾 烂 太烂 烦 烦死 气死 受够 失望 生气 坑 太坑 坑人 赶紧 快点 急 一下 吧 呢 啊 呀 哦 嗯 "
    # ...and of impatience or sarcasm ("到底怎么销户": how on earth; "找了半天": looked for ages; "呵呵", "真行": great job)
    "到底 究竟 半天 呵呵 真行 行不行 好不好 "
    # ...and of giving up on something else ("验证老是失败，干脆注销算了": might as well close it and be done)
    "干脆 算了 "
    # ...and of asking for only that ("我就想注销而已": I just want to close it, that's all)
    "而已 罢了 "
    # ...and interjections of crying, sighing or laughing ("怎么销户呜呜", "唉", "哈哈")
    "呜 唉 哇 嘛 哈 "
    # ...and hedges and degrees that only colour a question ("真的没有别的选择吗": really no other choice?; "哪个比较
    # 划算": which is rather the better deal; "为什么要那么久": why so long; "要是取消了呢": and if it is cancelled?)
    "真的 比较 那么 这么 要是 "
    # ...and hedges of quantity that only make a question approximate ("大概多少天能完成": roughly how many days)
    "大概 大约 大致 差不多 roughly approximately approx "
    # colloquial Chinese ways of asking how, why or how long, which name nothing ("冻结怎么弄": freezing, how does
    # one do it; "保留几年": kept for how many years)
    "怎么弄 怎么搞 怎么整 咋弄 咋搞 咋整 咋办 为啥 几年 几个月 几周 几个星期 几小时 几分钟 多少年 多少天 多少个月 弄 弄掉 搞掉 "
    # greetings, pronouns, courtesies and auxiliaries of other languages written beside English in Latin letters
    # ("hola, necesito delete my binance account porfa", "mujhe binance account delete karna hai", "wo yao zhu xiao
    # bi an"): Spanish, Portuguese, German, Hindi and pinyin frame words, which name nothing
    "hola ola oye quiero necesito mi mis tu de del la el los las como porfa favor ya uso quero preciso minha meu "
    "hallo ich möchte mochte moechte mein meine bitte wie "
    "bhai yaar mera meri apna apni apne mujhe hai hain kaise kare karo karna karni kar karwana karwa hota kya ka ki ke se wala "
    "wo yao zen zenme nong".split()
)


@dataclass(frozen=True, slots=True)
class Evidence:
    """What a message's words say about whether it is on the KB's topic."""

    support: float
    """Summed support of the KB words in the message."""
    strongest: float
    """The largest support of a single word."""
    foreign: float
    """Summed weight of the topical words the KB never uses."""
    unknown: tuple[str, ...]
    """Those words."""
    supported: tuple[str, ...] = ()
    """The KB words that gave support."""


class TopicalRelevance:
    """Learns how distinctive each KB word is against everyday language; `evidence` weighs a message's words."""

    def __init__(
        self,
        *,
        min_ratio: float = 1.0,
        max_word_support: float = 3.0,
        frame_zipf: float = 5.5,
        max_word_foreign: float = 3.0,
    ):
        self.min_ratio = min_ratio
        self.max_word_support = max_word_support
        self.frame_zipf = frame_zipf
        self.max_word_foreign = max_word_foreign

    def fit(
        self,
        documents: Iterable[str],
        lexicon: Lexicon,
        neutral: Iterable[str] = (),
        words_of: dict[str, list[str]] | None = None,
    ) -> TopicalRelevance:
        """Count the words of the KB's in-scope texts (questions, phrasings, answers).

        Give each text both as written and normalised: a synonym rewrite ("personal data" -> "data") must not
        make "personal" a word the KB never uses. `neutral` names (other platforms, which scope rules judge)
        are neither support nor foreign. `words_of`, when given, receives each text's words, for a caller that
        reads them again.
        """
        self.lexicon_ = lexicon
        # Only one-word names: "bank account" must not make "account" neutral.
        self.neutral_ = frozenset(words[0] for words in map(lexicon.words, neutral) if len(words) == 1)
        self._left_out = STOP_WORDS | FILLER | self.neutral_  # one look-up a word instead of three
        self.counts_: Counter[str] = Counter()
        # Each distinct text read once, its words counted as often as it comes (many texts come twice: as written
        # and normalised are often the same); words keep the order of their first appearance.
        documents = list(documents)
        every = {doc: self.words(doc) for doc in documents}  # in order of first appearance
        if words_of is not None:
            words_of.update(every)
        times = Counter(documents)
        _count_elements(self.counts_, itertools.chain.from_iterable(words * times[doc] for doc, words in every.items()))
        self.total_ = max(sum(self.counts_.values()), 1)
        self.characters_ = frozenset(c for word in self.counts_ if _CJK.match(word) for c in word)
        vocabulary = list(self.counts_)
        self.general_ = dict(zip(vocabulary, lexicon.zipf(vocabulary).tolist(), strict=False))
        # Each KB word's support, worked out once (a message's words are looked up, not weighed again).
        self.support_ = {word: self._support(word, self.counts_[word]) for word in vocabulary}
        # The engine weighs the same message at several steps of one question.
        self._cached = functools.lru_cache(maxsize=1024)(self._evidence)
        # How common in everyday language each word the KB never uses is: words recur across messages.
        self._stranger_zipf = functools.lru_cache(maxsize=4096)(self._zipf_of)
        # ...and so what it weighs as foreign evidence, endings and frame compounds looked at once a word.
        self._foreign_weight = functools.lru_cache(maxsize=4096)(self._weigh_stranger)
        return self

    def _support(self, word: str, count: int) -> float:
        ratio = np.log10(count / self.total_) - (self.general_[word] - 9.0)
        return min(max(ratio - self.min_ratio, 0.0), self.max_word_support)

    def _zipf_of(self, word: str) -> float:
        return float(self.lexicon_.zipf([word])[0])

    def _weigh_stranger(self, word: str) -> float:
        """What a word the KB does not use weighs as foreign evidence: 0 for a frame compound or a KB word's other
        ending, the rarer in everyday language the more otherwise."""
        if self._frame_compound(word) or self._inflects_known(word):
            return 0.0
        return min(max(self.frame_zipf - self._stranger_zipf(word), 0.0), self.max_word_foreign)

    def _frame_compound(self, word: str) -> bool:
        """A Chinese word made of a frame word and one character the KB uses ("这么久": "so" + "long")."""
        if len(word) != 3 or not _CJK.match(word):
            return False
        head, tail = (word[:2], word[2]), (word[1:], word[0])
        for frame, rest in (head, tail):
            if self.lexicon_.zipf([frame])[0] >= self.frame_zipf and rest in self.characters_:
                return True
        return False

    def _inflects_known(self, word: str) -> bool:
        """An English word that is one of the KB's topical words with an ending added or taken off ("converting")."""
        if not word.isascii() or len(word) < 4:
            return False
        endings = ("able", "ing", "ed", "es", "s", "d")
        stems = [word, *(word[: -len(end)] for end in endings if word.endswith(end))]
        stems += [stem + "e" for stem in stems[1:]]
        forms = {*stems[1:], *(stem + end for stem in stems for end in endings)}
        return any(self.support_.get(w, 0.0) > 0 for w in forms - {word} if len(w) >= 3)

    def knows(self, word: str) -> bool:
        """True when the KB uses `word` (or, for an English word, another form of it: "reviewed", "contracts"), or it is
        a Chinese frame word around a character the KB uses."""
        return self.counts_[word] > 0 or self._frame_compound(word) or self._known_in_another_form(word)

    def _known_in_another_form(self, word: str) -> bool:
        """True when the KB uses another form of the English `word` ("review" for "reviewed")."""
        counts = self.counts_
        return any(counts[form] > 0 for form in base_forms(word))

    def words(self, normalized: str) -> list[str]:
        """The message's content words (Latin words and segmented Chinese), function words left out."""
        left_out = self._left_out
        return [w for w in self.lexicon_.words(normalized) if w not in left_out]

    def clear_cache(self) -> None:
        """Forget the results kept for texts seen recently (a Chinese message is one run for the segmenter)."""
        self._cached.cache_clear()
        self.lexicon_.clear_cache()

    def evidence(self, normalized: str, leave_out: Counter[str] | None = None) -> Evidence:
        """Support and foreign evidence of a normalised message; `leave_out` discounts a KB document's own words."""
        return self._cached(normalized) if leave_out is None else self._evidence(normalized, leave_out)

    def _evidence(self, normalized: str, leave_out: Counter[str] | None = None) -> Evidence:
        words = self.words(normalized)
        if not words:
            return Evidence(0.0, 0.0, 0.0, ())
        supports, foreign, unknown, supported = [], 0.0, [], []
        # Each word's support or foreign weight looked up: a Counter's missing word would call `__missing__`.
        support_of, counts = self.support_.get, self.counts_
        for word in words:
            left_out = leave_out.get(word, 0) if leave_out else 0
            if left_out:
                count = counts.get(word, 0) - left_out
                support = self._support(word, count) if count > 0 else None
            else:
                support = support_of(word)
            if support is not None:
                supports.append(support)
                if support > 0:
                    supported.append(word)
                continue
            if self._known_in_another_form(word):
                continue  # ("reviewed", "contracts": a KB word in another form names nothing the KB does not)
            weight = self._foreign_weight(word)
            if weight > 0:
                foreign += weight
                unknown.append(word)
        return Evidence(
            float(sum(supports)), float(max(supports, default=0.0)), foreign, tuple(unknown), tuple(supported)
        )
