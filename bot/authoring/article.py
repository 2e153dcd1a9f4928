"""A plain-text article split into citable parts, as `sources.yaml` cites them: a heading's opening lines, or one
numbered item under it (bullets stay with the item or paragraph they follow)."""

from __future__ import annotations

import re
from dataclasses import dataclass

_NUMBERED = re.compile(r"^(?:(?:step|item|q)\s*)?(\d{1,3})\s*[.)):：、]\s*(.+)$", re.IGNORECASE)
_BULLET = re.compile(r"^[-•*·]\s+(.+)$")
_SENTENCE_END = re.compile(r"[.!;。！；,，]$")
_SENTENCE = re.compile(r"(?<=[.!?])\s+(?=[A-Z0-9\"“(\u4e00-\u9fff])|(?<=[。！？])")


@dataclass(frozen=True)
class ArticlePart:
    """One citable part: an id in the KB's style, its section as a person reads it, and its text."""

    id: str
    section: str
    text: str


def _slug(heading: str, taken: set[str]) -> str:
    words = re.findall(r"[a-z0-9]+", heading.lower())[:3]
    base = "-".join(words) or "section"
    slug, n = base, 1
    while slug in taken:
        n += 1
        slug = f"{base}-{n}"
    taken.add(slug)
    return slug


def _is_heading(line: str, following: str | None) -> bool:
    """A short line that ends no sentence and is followed by text (a title, a section's name)."""
    return (
        following is not None
        and len(line) <= 90
        and len(line.split()) <= 12
        and not _SENTENCE_END.search(line)
        and not _NUMBERED.match(line)
        and not _BULLET.match(line)
    )


def split(text: str) -> list[ArticlePart]:
    """The article's citable parts in order; headings name them and are not parts themselves."""
    lines = [line.strip() for line in text.replace("\r\n", "\n").split("\n")]
    parts: list[ArticlePart] = []
    taken: set[str] = set()
    heading, slug, title_seen = "", "intro", False
    item: tuple[int, list[str]] | None = None
    paragraph: list[str] = []
    paragraphs_here = 0

    def flush() -> None:
        nonlocal item, paragraph, paragraphs_here
        if item is not None:
            number, words = item
            parts.append(
                ArticlePart(f"{slug}-{number}", f"{heading or 'Introduction'}, item {number}", " ".join(words))
            )
        elif paragraph:
            paragraphs_here += 1
            suffix = "" if paragraphs_here == 1 else f"-p{paragraphs_here}"
            where = f"{heading} (its opening lines)" if heading else "Introduction"
            parts.append(ArticlePart(f"{slug}{suffix}", where, " ".join(paragraph)))
        item, paragraph = None, []

    for i, line in enumerate(lines):
        if not line:
            flush()
            continue
        following = next((rest for rest in lines[i + 1 :] if rest), None)
        numbered, bullet = _NUMBERED.match(line), _BULLET.match(line)
        if numbered:
            flush()
            item = (int(numbered.group(1)), [numbered.group(2)])
        elif bullet:
            (item[1] if item is not None else paragraph).append(bullet.group(1))
        elif not (item or paragraph) and _is_heading(line, following):
            flush()
            if not title_seen:
                title_seen, heading, slug = True, "", "intro"  # the title: what follows it introduces the article
            else:
                heading, slug = line, _slug(line, taken)
            paragraphs_here = 0
        else:
            (item[1] if item is not None else paragraph).append(line)
    flush()
    return parts


def sentences(text: str) -> list[str]:
    """The sentences of a part's text."""
    return [s.strip() for s in _SENTENCE.split(text) if s and s.strip()]
