"""The fitted engine kept in the instance folder: used only when nothing it depends on changed, rebuilt otherwise."""

from __future__ import annotations

import sys
from pathlib import Path

import pytest

from bot.kb import loader
from bot.kb.knowledge import KnowledgeError
from bot.service import enginecache

QUESTIONS = [
    "how long does closing take",
    "can I get my account back after closing it?",
    "what happens to my NFTs",
    "账户注销后可以恢复吗",
    "how do I bake bread",
    "close it for me and what about my referral rewards?",
]


def _answers(engine):
    return [engine.decide(q) for q in QUESTIONS] + [engine.decide("why so long?", after="closure-duration")]


def test_a_start_reads_back_an_engine_that_answers_exactly_as_a_fresh_fit(engine, kb_copy, tmp_path):
    first = enginecache.fitted_engine(kb_copy, tmp_path)
    assert (tmp_path / enginecache.FILE).is_file()
    again = enginecache.fitted_engine(kb_copy, tmp_path)
    assert again is not first
    # Confidences compared to the last bit, suggestions in order, for the shipped KB's own fit too.
    assert _answers(again) == _answers(first) == _answers(engine)


def test_the_digest_follows_every_kb_file(kb_copy):
    before = enginecache.digest(kb_copy)
    entry = sorted((kb_copy / "entries").glob("*.yaml"))[0]
    entry.write_text(entry.read_text(encoding="utf-8") + "\n# an author's note\n", encoding="utf-8")
    assert enginecache.digest(kb_copy) != before


def test_a_changed_kb_is_fitted_again(kb_copy, tmp_path):
    enginecache.fitted_engine(kb_copy, tmp_path)
    scope = kb_copy / "scope.yaml"
    scope.write_text(scope.read_text(encoding="utf-8") + "\n", encoding="utf-8")
    fresh = enginecache.fitted_engine(kb_copy, tmp_path)
    assert fresh.kb.scope == loader.load(kb_copy).scope
    assert (tmp_path / enginecache.FILE).read_bytes().split(b"\n", 1)[0] == enginecache.digest(kb_copy).encode()


@pytest.mark.parametrize(
    "damage",
    [
        lambda data: data[: len(data) // 2],  # cut short
        lambda data: data.split(b"\n", 1)[0] + b"\n" + b"not a pickle at all",
        lambda data: b"",
    ],
)
def test_a_damaged_file_is_rebuilt_never_trusted(kb_copy, tmp_path, damage, caplog):
    enginecache.fitted_engine(kb_copy, tmp_path)
    path = tmp_path / enginecache.FILE
    path.write_bytes(damage(path.read_bytes()))
    engine = enginecache.fitted_engine(kb_copy, tmp_path)
    assert engine.decide("how long does closing take").entries == ("closure-duration",)
    assert path.read_bytes().split(b"\n", 1)[0] == enginecache.digest(kb_copy).encode()


def test_a_broken_kb_is_refused_even_with_a_file_from_before(kb_copy, tmp_path):
    enginecache.fitted_engine(kb_copy, tmp_path)
    (kb_copy / "sources.yaml").write_text("sources: [", encoding="utf-8")
    with pytest.raises(KnowledgeError):
        enginecache.fitted_engine(kb_copy, tmp_path)


def test_a_folder_that_cannot_be_written_still_serves(kb_copy, tmp_path):
    blocked = tmp_path / "file"
    blocked.write_text("a file where the instance folder should be", encoding="utf-8")
    engine = enginecache.fitted_engine(kb_copy, blocked / "instance")
    assert engine.decide("how long does closing take").entries == ("closure-duration",)


def _start_in_a_fresh_process(kb_copy, instance) -> str:
    """What a new process answers, and whether it loaded scikit-learn, after getting its engine as `serve` does."""
    import subprocess

    code = (
        "import sys; from bot.service.enginecache import fitted_engine; "
        f"e = fitted_engine({str(kb_copy)!r}, {str(instance)!r}); "
        "print(e.decide('how long does closing take').entries, 'sklearn' in sys.modules)"
    )
    return subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True).stdout.strip()


def test_answering_from_a_read_back_engine_loads_no_scikit_learn(kb_copy, tmp_path):
    enginecache.fitted_engine(kb_copy, tmp_path)
    assert _start_in_a_fresh_process(kb_copy, tmp_path) == "('closure-duration',) False"


def test_a_first_start_fits_in_another_process_and_loads_no_scikit_learn_here(kb_copy, tmp_path):
    assert _start_in_a_fresh_process(kb_copy, tmp_path) == "('closure-duration',) False"
    assert (tmp_path / enginecache.FILE).read_bytes().split(b"\n", 1)[0] == enginecache.digest(kb_copy).encode()


def test_the_fitting_process_hands_back_the_validators_problems(kb_copy, tmp_path):
    (kb_copy / "sources.yaml").write_text("sources: [", encoding="utf-8")
    with pytest.raises(KnowledgeError) as here:
        loader.load(kb_copy)
    with pytest.raises(KnowledgeError) as apart:
        enginecache.fitted_engine(kb_copy, tmp_path)
    assert apart.value.problems == here.value.problems
    assert not (tmp_path / enginecache.FILE).exists()


def test_a_fit_that_fails_says_why_and_keeps_nothing(kb_copy, tmp_path, monkeypatch):
    def broken(self, kb):
        raise ValueError("the index could not be built")

    monkeypatch.setattr(enginecache.Engine, "fit", broken)
    with pytest.raises(RuntimeError, match="the index could not be built"):
        enginecache.fitted_engine(kb_copy, tmp_path)
    assert not (tmp_path / enginecache.FILE).exists()


def test_a_start_that_gives_up_stops_the_fit_and_keeps_nothing(kb_copy, tmp_path):
    def children() -> set[str]:
        return {c for task in Path("/proc/self/task").iterdir() for c in (task / "children").read_text().split()}

    before = children()
    pending = enginecache.begin(kb_copy, tmp_path)
    assert children() > before  # the fit runs in a child process
    pending.cancel()
    assert children() == before  # stopped and collected: no zombie left behind
    with pytest.raises(RuntimeError, match="without an answer"):
        pending.result()
    assert not (tmp_path / enginecache.FILE).exists()


def test_a_start_goes_on_while_the_fit_runs_and_then_keeps_it(kb_copy, tmp_path):
    pending = enginecache.begin(kb_copy, tmp_path)
    assert not (tmp_path / enginecache.FILE).exists()  # nothing kept before the fit is collected
    engine = pending.result()
    assert engine.decide("how long does closing take").entries == ("closure-duration",)
    assert (tmp_path / enginecache.FILE).is_file()


def test_the_fitting_process_never_runs_its_parents_signal_handlers(kb_copy, tmp_path):
    import signal

    marker = tmp_path / "handled"
    previous = signal.signal(signal.SIGTERM, lambda *_: marker.write_text("the parent's handler ran in the child"))
    try:
        enginecache.begin(kb_copy, tmp_path / "instance").cancel()  # SIGTERM at once, while the child starts
    finally:
        signal.signal(signal.SIGTERM, previous)
    assert not marker.exists()
