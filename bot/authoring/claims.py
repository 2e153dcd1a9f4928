"""The KB's claims as the conflict finder sees them: each distinct statement once, with the entries that cite it,
the part it comes from, and how alike two claims are (TF-IDF on words and characters, rapidfuzz on tokens)."""

from __future__ import annotations

from collections import defaultdict
from collections.abc import Iterable
from dataclasses import dataclass, field

import numpy as np
from rapidfuzz import fuzz, process
from sklearn.feature_extraction.text import TfidfVectorizer
from sklearn.metrics.pairwise import cosine_similarity

from ..kb.folding import fold
from ..kb.knowledge import KnowledgeBase
from .reading import Reading, content_words, read, tokens

# How alike two statements are: the share of each measure.
SIMILARITY = {"words": 0.45, "chars": 0.3, "tokens": 0.25}


@dataclass
class ClaimText:
    """One distinct statement of one source part, the entries citing it and the conflicts it is named a side of."""

    source: str
    part: str
    statement: str
    entries: set[str] = field(default_factory=set)
    conflicts: set[str] = field(default_factory=set)
    reading: Reading | None = None

    @property
    def where(self) -> tuple[str, str]:
        """(source, part)."""
        return self.source, self.part

    def to_dict(self) -> dict[str, str]:
        """The JSON form: source, part, statement."""
        return {"source": self.source, "part": self.part, "statement": self.statement}


def collect(kb: KnowledgeBase, ignore_recorded: bool = False) -> list[ClaimText]:
    """Every distinct claim of the KB's entries (and of `conflicts.yaml`, unless `ignore_recorded`)."""
    found: dict[tuple[str, str, str], ClaimText] = {}

    def add(source: str, part: str, statement: str, entries: Iterable[str], conflict: str | None) -> None:
        key = (source, part, " ".join(fold(statement).split()))
        claim = found.setdefault(key, ClaimText(source, part, statement))
        claim.entries.update(entries)
        if conflict and not ignore_recorded:
            claim.conflicts.add(conflict)

    for entry in kb.entries.values():
        for c in entry.claims:
            # A claim's Chinese statement is read too: a Chinese source is compared with it.
            for statement in filter(None, (c.statement, c.statement_zh)):
                add(c.source, c.part, statement, [entry.id], c.conflict)
    if not ignore_recorded:
        for conflict in kb.conflicts.values():
            linking = [e.id for e in kb.entries.values() if conflict.id in e.conflicts]
            for c in conflict.claims:
                for statement in filter(None, (c.statement, c.statement_zh)):
                    add(c.source, c.part, statement, linking, conflict.id)
    claims = list(found.values())
    for claim in claims:
        claim.reading = read(claim.statement)
    return claims


def _analyzer(text: str) -> list[str]:
    words = content_words(tokens(text))
    return words + [f"{a} {b}" for a, b in zip(words, words[1:], strict=False)]


class Likeness:
    """How alike texts are, fitted on a collection (so that words every text uses count for little)."""

    def __init__(self, texts: list[str]):
        self.texts = texts
        self.words_ = TfidfVectorizer(analyzer=_analyzer, sublinear_tf=True).fit(texts)
        self.chars_ = TfidfVectorizer(analyzer="char_wb", ngram_range=(3, 5), sublinear_tf=True, preprocessor=fold)
        self.chars_.fit(texts)

    def matrix(self, first: list[str], second: list[str]) -> np.ndarray:
        """Similarity in [0, 1] of every text of `first` to every text of `second`."""
        words = cosine_similarity(self.words_.transform(first), self.words_.transform(second))
        chars = cosine_similarity(self.chars_.transform(first), self.chars_.transform(second))
        folded_a = [" ".join(content_words(tokens(t))) for t in first]
        folded_b = [" ".join(content_words(tokens(t))) for t in second]
        fuzzy = process.cdist(folded_a, folded_b, scorer=fuzz.token_set_ratio, dtype=np.float32) / 100
        return SIMILARITY["words"] * words + SIMILARITY["chars"] * chars + SIMILARITY["tokens"] * fuzzy


def part_texts(kb: KnowledgeBase, claims: list[ClaimText]) -> dict[tuple[str, str], str]:
    """Each cited part as one text: its heading and every statement citing it."""
    grouped: dict[tuple[str, str], list[str]] = defaultdict(list)
    for claim in claims:
        grouped[claim.where].append(claim.statement)
    return {
        (source, part): " ".join([kb.part_section(source, part), *statements])
        for (source, part), statements in grouped.items()
    }
