"""The engine answers every question of the project's sets as recorded in tests/data/replies.fingerprint.jsonl.

A change meant to keep replies (speed, memory) must pass as it is. A change meant to alter them (the KB, the
decision logic) rewrites the record with `python -m bot fingerprint --write`; its diff shows which questions moved.
"""

from bot.devtools import fingerprint


def test_replies_match_their_record(engine):
    changed = fingerprint.differences(fingerprint.read(), fingerprint.record(engine))
    assert not changed, (
        f"{len(changed)} differences from the recorded replies (if meant: python -m bot fingerprint --write):\n"
        + "\n".join(changed[:40])
    )


def test_a_changed_reply_is_reported_field_by_field(tmp_path):
    row = {
        "set": "s",
        "id": "1",
        "after": None,
        "entries": ["a"],
        "confidence": 0.9,
        "suggestions": [],
        "conflicts": [],
        "acting": False,
        "lang": "en",
        "text": "x",
    }
    path = tmp_path / "record.jsonl"
    fingerprint.write({("s", "1"): row}, path)
    recorded = fingerprint.read(path)
    assert fingerprint.differences(recorded, {("s", "1"): dict(row)}) == []
    moved = {("s", "1"): {**row, "entries": [], "confidence": 0.31}, ("s", "2"): row}
    assert fingerprint.differences(recorded, moved) == [
        "s 1 entries: ['a'] -> []",
        "s 1 confidence: 0.9 -> 0.31",
        "s 2: not recorded",
    ]
    # A set absent now (the shared questions on a machine without them) is not compared.
    assert fingerprint.differences(recorded, {("other", "1"): row}) == ["other 1: not recorded"]
