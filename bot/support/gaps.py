"""What the knowledge base is missing: questions the bot declined or answered badly, grouped by similarity,
each group exportable as a draft entry in the knowledge base's own YAML format. Questions about something else
that the bot rightly declined are kept apart (the engine's own judgement of scope says which), and a group an
agent dismissed as not for the knowledge base is set aside until the dismissal is undone."""

from __future__ import annotations

import functools
import hashlib
import re
from collections import Counter
from collections.abc import Callable, Sequence
from typing import Any

import numpy as np
import yaml

from ..kb.knowledge import KnowledgeBase
from ..store import Store
from ..store.base import GapDismissal, WeakQuestion
from .shapes import AtRisk, GapDismissalView, GapGroup, GapReport, NearEntry, Scope

# Groups join while their average cosine distance (TF-IDF on character n-grams) stays under this.
DISTANCE = 0.85
SAMPLE = 2000
"""The gaps are grouped from at most this many of the range's most recent weak questions, so that the page
answers in bounded time however much the store holds."""
# Words nearly every question here shares; left in, they would pull unrelated questions together.
DOMAIN_WORDS = frozenset(
    {
        "binance",
        "account",
        "accounts",
        "acc",
        "close",
        "closing",
        "closed",
        "closure",
        "delete",
        "deleting",
        "deleted",
        "deactivate",
        "remove",
        "happens",
        "happen",
        "want",
        "need",
        "know",
        "tell",
        "does",
        "did",
        "pls",
        "please",
    }
)


@functools.cache
def _stop_words() -> frozenset[str]:
    # scikit-learn is loaded when an agent opens the gaps, not by every process that serves chat.
    from sklearn.feature_extraction.text import ENGLISH_STOP_WORDS

    return frozenset(ENGLISH_STOP_WORDS | DOMAIN_WORDS)


NEAREST = 5
"""Existing entries shown beside a draft."""
RANKED_SAMPLE = 40
"""At most this many of a group's questions are ranked against the entries (the most frequent first)."""
Ranker = Callable[[str], Sequence[tuple[str, float]]]
"""The engine's ranking of the entries for a message: (entry id, score) pairs, best first."""
TODO_ANSWER = "TODO: write the answer from the sources, then list the claims it rests on (source, part, statement)."


def weak_questions(
    store: Store, low_confidence: float, start: str, end: str, limit: int = SAMPLE
) -> list[WeakQuestion]:
    """The most recent messages the bot declined, answered with low confidence, or whose answer was not helpful."""
    return store.weak_questions(low_confidence, start, end, limit)


def _topic_words(question: str) -> str:
    """The question's words without the stop words and the words every question here shares."""
    words = re.findall(r"\w+", question.lower())
    stop = _stop_words()
    kept = [w for w in words if w not in stop]
    return " ".join(kept or words)


def _key(questions: list[str]) -> str:
    return hashlib.sha256("\n".join(sorted(questions)).encode("utf-8")).hexdigest()[:12]


def report(
    store: Store, low_confidence: float, start: str, end: str, off_topic: Callable[[str], bool], limit: int = SAMPLE
) -> GapReport:
    """The range's weak questions in groups: on-topic ones (what the KB lacks or answers badly) and, apart, off-topic
    ones the bot declined as it should (`off_topic` judges a message); questions of a dismissed group are set aside.
    """
    dismissals = store.gap_dismissals()
    set_aside = {q for d in dismissals for q in d.questions}
    on_topic: list[str] = []
    declined_off_topic: list[str] = []
    for weak in weak_questions(store, low_confidence, start, end, limit):
        text = weak.message.strip()
        if not text or text in set_aside:
            continue
        # An answer that was weak or not helpful is a gap whatever the message is about: the bot did answer it.
        (declined_off_topic if weak.reason == "declined" and off_topic(text) else on_topic).append(text)
    return {
        "groups": group(on_topic) + group(declined_off_topic, scope="off_topic"),
        "dismissed": [_dismissal(d) for d in dismissals],
    }


def dismissals(store: Store) -> list[GapDismissalView]:
    """The dismissals in force, newest first: what was set aside, by whom, when."""
    return [_dismissal(d) for d in store.gap_dismissals()]


def _dismissal(found: GapDismissal) -> GapDismissalView:
    return {
        "id": found.id,
        "question": found.question,
        "count": len(found.questions),
        "agent": found.agent,
        "created": found.created,
    }


def dismiss(store: Store, found: GapGroup, agent_id: int) -> int:
    """Set a group aside as not for the knowledge base (its questions stay out of the groups until undone)."""
    return store.dismiss_gap(found["question"], found["examples"], agent_id)


def group(questions: list[str], distance: float = DISTANCE, scope: Scope = "on_topic") -> list[GapGroup]:
    """Similar questions grouped, most frequent group first: key, count, central example, distinct examples.

    Messages with no word to compare ("???", a lone emoji) have no TF-IDF vector and no cosine distance to
    anything: they form one group of their own instead of joining, or breaking, the clustering.
    """
    if not questions:
        return []
    distinct = list(dict.fromkeys(q.strip() for q in questions if q.strip()))
    counts = {q: 0 for q in distinct}
    for q in questions:
        if q.strip():
            counts[q.strip()] += 1
    worded = [q for q in distinct if _topic_words(q)]
    wordless = [q for q in distinct if not _topic_words(q)]
    groups = [
        _group([worded[i] for i in rows], worded[central], counts, scope)
        for rows, central in _clusters(worded, distance)
    ]
    if wordless:
        groups.append(_group(wordless, min(wordless, key=lambda q: (-counts[q], q)), counts, scope))
    groups.sort(key=lambda g: (-g["count"], g["question"]))
    return groups


def _cosine(matrix: Any) -> np.ndarray:
    """Cosine similarities between the rows of `matrix` (scikit-learn's, imported when first needed)."""
    from sklearn.metrics.pairwise import cosine_similarity

    return cosine_similarity(matrix)


def _clusters(texts: list[str], distance: float) -> list[tuple[list[int], int]]:
    """The indexes of `texts` grouped by similarity, each group with the index of its most central text."""
    if not texts:
        return []
    # Imported here, when an agent opens the gaps: it pulls in scipy.stats, which answering never needs, and
    # every worker process would carry it from start-up (so does `_cosine`).
    from sklearn.cluster import AgglomerativeClustering
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), preprocessor=_topic_words, sublinear_tf=True)
    matrix = vectorizer.fit_transform(texts)
    if len(texts) == 1:
        labels = np.zeros(1, dtype=int)
    else:
        # Cosine distances from the sparse rows (TF-IDF rows have unit length): far cheaper than handing the
        # clustering a dense matrix as wide as the vocabulary, with the same distances.
        distances = np.clip(1.0 - (matrix @ matrix.T).toarray(), 0.0, None)
        np.fill_diagonal(distances, 0.0)
        labels = AgglomerativeClustering(
            n_clusters=None, metric="precomputed", linkage="average", distance_threshold=distance
        ).fit_predict(distances)
    found = []
    for label in sorted(set(labels.tolist())):
        rows = [i for i, lab in enumerate(labels) if lab == label]
        similarity = _cosine(matrix[rows]).sum(axis=1)
        found.append((rows, rows[int(np.argmax(similarity))]))
    return found


def _group(members: list[str], central: str, counts: dict[str, int], scope: Scope) -> GapGroup:
    examples = sorted(members, key=lambda q: (-counts[q], q))
    return {
        "key": _key(examples),
        "count": sum(counts[q] for q in examples),
        "question": central,
        "examples": examples,
        "scope": scope,
    }


def draft_id(question: str) -> str:
    """An entry id for a draft: 'draft-' and the question's first words, or a digest for non-Latin text."""
    words = re.findall(r"[a-z0-9]+", question.lower())[:6]
    slug = "-".join(words) or hashlib.sha256(question.encode("utf-8")).hexdigest()[:10]
    return f"draft-{slug}"[:64].rstrip("-")


def draft_entry(found: GapGroup) -> str:
    """A group as a draft knowledge-base entry file (entries/*.yaml format); answer and claims are left to a person."""
    entry = {
        "id": draft_id(found["question"]),
        "topic": "TODO: topic",
        "question": found["question"],
        "phrasings": found["examples"],
        "answer": TODO_ANSWER,
        "claims": [],
    }
    header = (
        f"# Draft from {found['count']} question(s) the bot could not answer well.\n"
        "# TODO: write the answer and add its claims (each: source, part, statement) before adding this file\n"
        "# to knowledge/entries/; then run `python -m bot check`.\n"
    )
    return header + yaml.safe_dump({"entries": [entry]}, allow_unicode=True, sort_keys=False, width=100)


def nearest_entries(found: GapGroup, kb: KnowledgeBase, rank: Ranker, limit: int = NEAREST) -> list[NearEntry]:
    """The existing entries nearest to a group's questions, as the engine ranks them: those that are the best match
    for most of the questions first, then by their best score among the top three of each question."""
    best_for: Counter[str] = Counter()
    scores: dict[str, float] = {}
    for question in found["examples"][:RANKED_SAMPLE]:
        ranked = [(entry, score) for entry, score in rank(question) if entry in kb.entries][:3]
        if ranked:
            best_for[ranked[0][0]] += 1
        for entry, score in ranked:
            scores[entry] = max(scores.get(entry, 0.0), score)
    order = sorted(scores, key=lambda entry: (-best_for[entry], -scores[entry], entry))[:limit]
    return [
        {"id": e, "question": kb.entries[e].question, "nearest_for": best_for[e], "score": round(scores[e], 3)}
        for e in order
    ]


def questions_at_risk(found: GapGroup, near: list[NearEntry], kb: KnowledgeBase, limit: int = 10) -> list[AtRisk]:
    """The nearest entries' questions and phrasings that read more like the draft than like the rest of their own
    entry: the ones a draft made from the group would likely take. An estimate from the wording alone (TF-IDF on
    character n-grams of the topic words), cheap enough for a page; the answer diff is the exact check."""
    draft = [q for q in found["examples"] if q.strip()]
    owned = [
        (entry["id"], q)
        for entry in near
        for q in (kb.entries[entry["id"]].question, *kb.entries[entry["id"]].phrasings)
    ]
    if not draft or not owned:
        return []
    texts = draft + [q for _, q in owned]
    from sklearn.feature_extraction.text import TfidfVectorizer

    vectorizer = TfidfVectorizer(analyzer="char_wb", ngram_range=(2, 4), preprocessor=_topic_words, sublinear_tf=True)
    similarity = _cosine(vectorizer.fit_transform(texts))
    entry_of = np.array([e for e, _ in owned])
    found_at_risk: list[AtRisk] = []
    for i, (entry, question) in enumerate(owned):
        row = similarity[len(draft) + i]
        to_draft = float(row[: len(draft)].max())
        siblings = np.flatnonzero(entry_of == entry)
        siblings = siblings[siblings != i] + len(draft)
        to_own = float(row[siblings].max()) if siblings.size else 0.0
        if to_draft > to_own:
            found_at_risk.append(
                {"question": question, "entry": entry, "to_draft": round(to_draft, 3), "to_own": round(to_own, 3)}
            )
    found_at_risk.sort(key=lambda r: (r["to_own"] - r["to_draft"], r["entry"], r["question"]))
    return found_at_risk[:limit]


def questions_to_check(found: GapGroup, near: list[NearEntry], kb: KnowledgeBase) -> list[str]:
    """The questions for the answer diff of a draft: the group's questions, then the questions and phrasings of the
    entries nearest to it, so that `eval --compare` shows what the draft would answer and which questions it would
    take from them."""
    questions = list(found["examples"])
    for entry in near:
        questions += [kb.entries[entry["id"]].question, *kb.entries[entry["id"]].phrasings]
    distinct = dict.fromkeys(" ".join(q.split()) for q in questions)
    return [q for q in distinct if q]
