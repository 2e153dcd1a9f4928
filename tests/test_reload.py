"""Publishing without a restart: SIGHUP makes the running service answer from a changed KB after validating it;
an invalid KB is refused with the validator's message and the old one keeps serving; no request fails meanwhile."""

import os
import signal
import threading
import time

from kbfiles import edit
from live import call, start, stop

QUESTIONS = ["how long does closing take", "what happens to my NFTs", "can I undo the closure", "pizza recipe"]
NEW_QUESTION = "How long, from start to end, does closing a Binance account take?"


class Load:
    """Threads asking the chat endpoint without pause, each request on a new connection, until stopped."""

    def __init__(self, base: str, threads: int = 4):
        self.base = base
        self.statuses: list[int] = []
        self.errors: list[str] = []
        self.running = True
        self.threads = [threading.Thread(target=self._run, args=(n,), daemon=True) for n in range(threads)]

    def _run(self, n: int) -> None:
        i = n
        while self.running:
            try:
                status, _ = call(self.base, "/api/v1/chat", {"message": QUESTIONS[i % len(QUESTIONS)]})
                self.statuses.append(status)
            except Exception as exc:  # a dropped connection or a timeout is what this test is about
                self.errors.append(repr(exc))
            i += 1

    def __enter__(self):
        for thread in self.threads:
            thread.start()
        return self

    def __exit__(self, *exc):
        self.running = False
        for thread in self.threads:
            thread.join(30)


def question(base: str) -> str:
    return call(base, "/api/v1/entries/closure-duration")[1]["question"]


def wait_for(condition, seconds: float = 90) -> bool:
    deadline = time.monotonic() + seconds
    while time.monotonic() < deadline:
        if condition():
            return True
        time.sleep(0.5)
    return False


class Output:
    """Collects what the server prints, line by line, without blocking the test."""

    def __init__(self, proc):
        self.lines: list[str] = []
        threading.Thread(target=lambda: self.lines.extend(iter(proc.stdout.readline, "")), daemon=True).start()

    def has(self, text: str) -> bool:
        return any(text in line for line in self.lines)


def test_sighup_publishes_a_valid_kb_and_refuses_an_invalid_one_under_load(kb_copy, tmp_path):
    proc, base, _ = start(tmp_path, env={"BOT_KNOWLEDGE_DIR": str(kb_copy)})
    output = Output(proc)
    try:
        original = question(base)
        with Load(base) as load:
            time.sleep(1)
            edit(kb_copy / "entries" / "timing.yaml", lambda d: d["entries"][0].__setitem__("question", NEW_QUESTION))
            os.kill(proc.pid, signal.SIGHUP)
            assert wait_for(lambda: question(base) == NEW_QUESTION), "the changed KB was not published"
            assert wait_for(lambda: output.has("knowledge base reloaded: 45 entries"))
            served = len(load.statuses)

            edit(kb_copy / "entries" / "timing.yaml", lambda d: d["entries"][0].pop("answer"))
            os.kill(proc.pid, signal.SIGHUP)
            assert wait_for(lambda: output.has("knowledge base not reloaded")), "\n".join(output.lines[-20:])
            time.sleep(2)
        assert output.has("timing.yaml: entries[0]: Object missing required field `answer`")
        assert question(base) == NEW_QUESTION  # the valid KB published before keeps serving
        assert original != NEW_QUESTION
        assert load.errors == [] and set(load.statuses) == {200}
        assert served > 20 and len(load.statuses) > served  # requests went on through both reloads
        assert call(base, "/api/v1/chat", {"message": "how long does closing take"})[0] == 200
    finally:
        stop(proc)


def test_reload_swaps_the_assistant_only_for_a_valid_kb(kb_copy, tmp_path):
    from bot.kb.knowledge import KnowledgeError
    from bot.service import create_app, reload_knowledge

    app = create_app(
        {"TESTING": True, "DATABASE": str(tmp_path / "s.sqlite"), "KNOWLEDGE_DIR": str(kb_copy), "SECRET_KEY": "x"},
        instance_path=str(tmp_path),
    )
    before = app.extensions["bot"].assistant
    edit(kb_copy / "entries" / "timing.yaml", lambda d: d["entries"][0].pop("answer"))
    try:
        reload_knowledge(app)
    except KnowledgeError as exc:
        assert "timing.yaml: entries[0]" in str(exc)
    else:
        raise AssertionError("an invalid KB was loaded")
    assert app.extensions["bot"].assistant is before
    edit(kb_copy / "entries" / "timing.yaml", lambda d: d["entries"][0].__setitem__("answer", "The sources differ."))
    assert reload_knowledge(app) == "45 entries, 3 conflicts, 2 sources"
    assert app.extensions["bot"].assistant is not before
    answer = app.test_client().get("/api/v1/entries/closure-duration").get_json()["answer"]
    assert answer == "The sources differ."
