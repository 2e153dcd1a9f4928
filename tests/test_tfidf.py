"""The counted TF-IDF is scikit-learn's TfidfVectorizer to the bit: vocabulary, idf, values and each row's order."""

import numpy as np
import pytest
from sklearn.feature_extraction.text import TfidfVectorizer

from bot.matching.text import word_features
from bot.matching.tfidf import CountedTfidf

DOCS = [
    "close my account",
    "how long does closing take take take",
    "注销 账户 要多久",
    "a b",
    "withdraw   all funds first",
    "",
    "x",
    "account close my closing account",
    "zebra yak xylophone close",
]
LATER = ["close close the account now", "nothing known here qqq", "", "注销"]


def _same(ours, theirs):
    assert ours.shape == theirs.shape
    assert ours.dtype == theirs.dtype
    assert ours.has_sorted_indices == theirs.has_sorted_indices
    for part in ("indptr", "indices", "data"):
        assert np.array_equal(getattr(ours, part), getattr(theirs, part)), part


@pytest.mark.parametrize("kind", ["words", "characters"])
def test_matrices_are_sklearns(kind):
    if kind == "words":
        ours = CountedTfidf(analyzer=word_features, dtype=np.float32)
        theirs = TfidfVectorizer(analyzer=word_features, sublinear_tf=True, dtype=np.float32)
    else:
        ours = CountedTfidf(analyzer="char_wb", ngram_range=(2, 4), dtype=np.float32)
        theirs = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(2, 4), lowercase=False, sublinear_tf=True, dtype=np.float32
        )
    _same(ours.fit_transform(DOCS), theirs.fit_transform(DOCS))
    assert ours.vocabulary_ == theirs.vocabulary_
    assert np.array_equal(ours.idf_, theirs.idf_) and ours.idf_.dtype == theirs.idf_.dtype
    _same(ours.transform(DOCS + LATER), theirs.transform(DOCS + LATER))
    # Fitted on some documents, applied to all: the vocabulary and idf of the first alone.
    _same(ours.fit(DOCS[:4]).transform(DOCS), theirs.fit(DOCS[:4]).transform(DOCS))
    marked = [i % 3 != 1 for i in range(len(DOCS))]
    theirs.fit([d for d, keep in zip(DOCS, marked, strict=True) if keep])
    _same(ours.fit_part_transform(DOCS, marked), theirs.transform(DOCS))
    assert ours.vocabulary_ == theirs.vocabulary_ and np.array_equal(ours.idf_, theirs.idf_)
    assert ours.build_analyzer()("close  my account") == theirs.build_analyzer()("close  my account")


def test_no_features_is_an_error():
    with pytest.raises(ValueError, match="empty vocabulary"):
        CountedTfidf(analyzer=word_features).fit(["", "the a"])


@pytest.mark.parametrize("kind", ["words", "characters"])
def test_min_df_is_sklearns(kind):
    if kind == "words":
        ours = CountedTfidf(analyzer=word_features, dtype=np.float32, min_df=2)
        theirs = TfidfVectorizer(analyzer=word_features, sublinear_tf=True, dtype=np.float32, min_df=2)
    else:
        ours = CountedTfidf(analyzer="char_wb", ngram_range=(2, 4), dtype=np.float32, min_df=2)
        theirs = TfidfVectorizer(
            analyzer="char_wb", ngram_range=(2, 4), lowercase=False, sublinear_tf=True, dtype=np.float32, min_df=2
        )
    _same(ours.fit_transform(DOCS), theirs.fit_transform(DOCS))
    assert ours.vocabulary_ == theirs.vocabulary_
    assert np.array_equal(ours.idf_, theirs.idf_)
    _same(ours.transform(DOCS + LATER), theirs.transform(DOCS + LATER))
    with pytest.raises(ValueError, match="min_df"):
        CountedTfidf(analyzer=word_features, min_df=5).fit(["a b", "c d"])
