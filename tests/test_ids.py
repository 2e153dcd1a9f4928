"""The ids the service hands out: later ones sort later, the rest is random, session ids are signed."""

from __future__ import annotations

import base64
import hashlib
import hmac
import time

from bot.conversations.ids import ID_PATTERN, TIME_CHARS, issued, new_id, new_session_id


def test_ids_made_later_sort_later_as_text_and_as_bytes():
    made = []
    for _ in range(5):
        made.append(new_id())
        time.sleep(0.002)
    assert made == sorted(made) == sorted(made, key=lambda i: i.encode("ascii"))
    assert all(ID_PATTERN.match(i) and len(i) == 34 for i in made)
    # The time in the id is now's, to the millisecond.
    assert abs(int(made[-1][:TIME_CHARS], 16) - time.time() * 1000) < 1000


def test_ids_made_in_the_same_millisecond_differ_in_their_random_part():
    many = {new_id() for _ in range(2000)}
    assert len(many) == 2000
    assert len({i[TIME_CHARS:] for i in many}) == 2000


def test_a_session_id_is_signed_and_a_shorter_one_of_an_earlier_release_still_counts():
    session = new_session_id(b"secret")
    assert ID_PATTERN.match(session) and issued(b"secret", session) and not issued(b"other", session)
    # Before ids began with the time, the signed part was 22 random characters.
    token = "R" * 22
    digest = hmac.new(b"secret", b"session:" + token.encode("ascii"), hashlib.sha256).digest()[:9]
    earlier = token + base64.urlsafe_b64encode(digest).decode("ascii")
    assert issued(b"secret", earlier) and not issued(b"other", earlier)
    assert not issued(b"secret", session[:-1]) and not issued(b"", session)
