"""The speller's shortlist of close words is the one the scorer gives over the whole vocabulary."""

import random

from rapidfuzz import process
from rapidfuzz.distance import DamerauLevenshtein


def _slips(word: str, rng: random.Random) -> list[str]:
    i = rng.randrange(len(word))
    letter = rng.choice("abcdefghijklmnopqrstuvwxyz")
    swapped = word[:i] + word[i + 1 : i + 2] + word[i] + word[i + 2 :] if i < len(word) - 1 else word
    return [swapped, word[:i] + word[i + 1 :], word[:i] + letter + word[i:], word[:i] + letter + word[i + 1 :]]


def test_close_words_are_those_of_the_whole_vocabulary(engine):
    speller = engine.speller_
    rng = random.Random(0)
    words = [w for w in speller.vocabulary_ if len(w) >= 4]
    typed = [slip for w in rng.sample(words, 150) for slip in _slips(w, rng)]
    typed += ["".join(rng.choice("aeiounrstl") for _ in range(rng.randint(4, 14))) for _ in range(100)]
    for word in typed:
        everywhere = process.extract(
            word,
            speller._candidates,
            scorer=DamerauLevenshtein.normalized_similarity,
            score_cutoff=speller.min_similarity,
            limit=5,
        )
        assert [(w, s) for w, s, _ in speller._close(word)] == [(w, s) for w, s, _ in everywhere], word


def test_a_typo_is_corrected_and_a_known_word_kept(engine):
    assert engine.speller_("how do I clsoe my account") == "how do i close my account"
    assert engine.speller_("withdraw everything") == "withdraw everything"


def test_a_short_word_typed_with_two_letters_swapped_is_the_common_word_meant(engine):
    assert engine.speller_("cna i undo it") == "can i undo it"
    assert engine.speller_("hwo do i close it") == "how do i close it"
    # a short word that is no slip of a very common one, or that everyday language uses, stays as typed
    assert engine.speller_("my xrp and the nft") == "my xrp and the nft"
    assert engine.speller_("is the ceo ok") == "is the ceo ok"


def test_words_typed_without_spaces_are_split_only_around_the_topic(engine):
    def split(text: str) -> str:
        return engine.speller_.split_runs(text, engine.names_, engine.run_topic_)

    # a run holding the request word or the account, or only words that frame a question
    assert split("pls closemyaccount") == "pls close my account"
    assert split("removemyaccountnow") == "remove my account now"
    assert split("whyisthis") == "why is this"
    # a slip of one word is the speller's, a service's name stays whole, and so does a run of other words: a name
    assert split("deleat my acount") == "deleat my acount"
    assert split("close my coinbase account") == "close my coinbase account"
    assert split("delete my shein account") == "delete my shein account"
    assert split("what is a memecoin") == "what is a memecoin"


def test_a_request_typed_without_spaces_is_answered(assistant):
    for question in ["pleasedeletemyaccount", "howcanIclosemybinanceaccount", "accountdeletion"]:
        reply = assistant.ask(question)
        assert not reply.fallback, (question, reply.confidence)


def test_frame_words_of_other_languages_are_kept_and_never_a_correction(engine):
    # "kaise", "nong" read as written, not as "raise", "long"; nor is "klarna" read as the Hindi "karna"
    assert engine.speller_("account close kaise hota hai") == "account close kaise hota hai"
    assert engine.speller_("zhuxiao zenme nong") == "zhuxiao zenme nong"
    assert engine.speller_("close my klarna account") == "close my klarna account"
