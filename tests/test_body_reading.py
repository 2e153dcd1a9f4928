"""A request body read in one pass (the usual object of text, true, false and null) comes out as the checked
reading makes it, and any body that pass refuses is left to the checked reading and its precise errors."""

from __future__ import annotations

import json

import msgspec
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from bot.service.errors import ApiError
from bot.service.payload import _checked_object, _flat_object

SCALARS = st.none() | st.booleans() | st.text(max_size=20) | st.integers() | st.floats(allow_nan=False)
VALUES = st.recursive(
    SCALARS, lambda inner: st.lists(inner, max_size=3) | st.dictionaries(st.text(), inner), max_leaves=6
)
LONE = st.sampled_from(['"\\ud800"', '"\\udfff x"', '"a\\ud83d"'])


def _mangled(draw_text: str, cut: int, insert: bytes) -> bytes:
    raw = draw_text.encode("utf-8")
    return raw[:cut] + insert + raw[cut:]


BODIES = (
    st.dictionaries(st.text(max_size=12), VALUES, max_size=4).map(lambda d: json.dumps(d).encode())
    | st.dictionaries(st.text(max_size=12), VALUES, max_size=4).map(
        lambda d: json.dumps(d, ensure_ascii=False).encode()
    )
    | st.builds(
        lambda d, lone: json.dumps(d)[:-1].encode() + (b', "x": ' if d else b'"x": ') + lone.encode() + b"}",
        st.dictionaries(st.text(max_size=5), st.text(max_size=5), max_size=2),
        LONE,
    )
    | st.builds(
        _mangled,
        st.dictionaries(st.text(max_size=8), st.text(max_size=8), max_size=3).map(json.dumps),
        st.integers(0, 40),
        st.sampled_from([b"\xff", b"\xed\xa0\x80", b"\n", b"\t", b",", b"}", b'"', b"\\", b" ", b"\xef\xbb\xbf"]),
    )
    | st.binary(max_size=40)
)


def _checked(raw: bytes) -> object:
    try:
        return _checked_object(raw)
    except ApiError as exc:
        return exc.code


@settings(max_examples=600, deadline=None)
@given(BODIES)
def test_what_one_pass_reads_the_checked_reading_reads_the_same(raw):
    try:
        quick = _flat_object().decode(raw)
    except msgspec.DecodeError:
        return
    assert _checked(raw) == quick


@pytest.mark.parametrize(
    "raw",
    [b'{"message": "how do I close my account", "session_id": null}', b' {"helpful": true, "comment": "\\u00e9"} '],
)
def test_the_usual_bodies_are_read_in_one_pass(raw):
    assert _flat_object().decode(raw) == _checked_object(raw)
