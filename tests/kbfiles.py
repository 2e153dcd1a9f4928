"""Helpers for tests that break a copy of the knowledge base on purpose."""

import pytest
import yaml

from bot.kb import loader
from bot.kb.knowledge import KnowledgeError


def edit(path, change):
    """Load a YAML file, apply `change` to its data, write it back."""
    data = yaml.safe_load(path.read_text(encoding="utf-8"))
    change(data)
    path.write_text(yaml.safe_dump(data, allow_unicode=True), encoding="utf-8")


def problems_of(directory):
    """The validator's problems for the KB in `directory`, as one text (the load must fail)."""
    with pytest.raises(KnowledgeError) as info:
        loader.load(directory)
    return "\n".join(info.value.problems)


SCOPE = {
    "subject": ["binance"],
    "other_platforms": ["coinbase"],
    "out_of_scope": [
        "how do I bake bread",
        "what is the weather tomorrow",
        "recommend a film",
        "how do I top up my card",
    ],
}


def write_kb(directory, sources, entries, conflicts=(), not_conflicts=None, scope=None):
    """Write a small knowledge base into `directory` (created): sources as {id: [part ids]}, entries as dicts."""
    directory.mkdir(parents=True, exist_ok=True)
    (directory / "entries").mkdir(exist_ok=True)

    def dump(name, data):
        (directory / name).write_text(yaml.safe_dump(data, allow_unicode=True, sort_keys=False), encoding="utf-8")

    dump(
        "sources.yaml",
        {
            "sources": [
                {
                    "id": source,
                    "name": f"{source} article",
                    "title": f"An article called {source}",
                    "site": "example.org",
                    "kind": "guide article",
                    "reliability": "written for a test",
                    "parts": [{"id": part, "section": f"Section {part}"} for part in parts],
                }
                for source, parts in sources.items()
            ]
        },
    )
    dump("conflicts.yaml", {"conflicts": list(conflicts)})
    dump("scope.yaml", scope or SCOPE)
    full = []
    for entry in entries:
        item = {"topic": entry["id"], "answer": f"What the sources say about {entry['id']}.", **entry}
        item.setdefault("question", f"What about {entry['id'].replace('-', ' ')}?")
        item.setdefault("phrasings", [item["question"].rstrip("?").lower()])
        full.append(item)
    dump("entries/all.yaml", {"entries": full})
    if not_conflicts is not None:
        dump("not_conflicts.yaml", {"not_conflicts": list(not_conflicts)})
    return directory


def claim(source, part, statement, conflict=None):
    """A claim for `write_kb`'s entries."""
    found = {"source": source, "part": part, "statement": statement}
    if conflict:
        found["conflict"] = conflict
    return found


def three_entries():
    """A small KB's entries (closure time, phone reuse, open orders) on sources alpha (p1, p2) and beta (q1)."""
    return [
        {
            "id": "closure-time",
            "question": "How long does closing the account take?",
            "phrasings": ["how long does closure take", "when is my account closed", "closure processing time"],
            "claims": [claim("alpha", "p1", "Closure becomes final 30 days after the request.")],
        },
        {
            "id": "phone-reuse",
            "question": "Can I reuse my phone number after closing?",
            "phrasings": ["reuse phone number", "is my phone number released", "same phone number for a new account"],
            "claims": [claim("alpha", "p2", "The phone number is released when the account is closed.")],
        },
        {
            "id": "open-orders",
            "question": "Do I have to cancel open orders before closing?",
            "phrasings": ["cancel open orders", "open orders before closure", "pending orders closing"],
            "claims": [claim("beta", "q1", "All open orders must be cancelled before the account can be closed.")],
        },
    ]
