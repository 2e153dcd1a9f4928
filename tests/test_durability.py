"""An answered exchange is committed before its reply is sent: the server killed abruptly (SIGKILL to the master
and every worker, mid-load) still has every exchange it answered, on each backend."""

import http.client
import os
import signal
import threading
import time

import pytest
import servers
from live import call, start

from bot.store import open_store


@pytest.mark.parametrize("backend", servers.BACKENDS)
def test_writers_killed_abruptly_lose_no_answered_exchange(backend, tmp_path):
    with servers.store_url(backend, tmp_path) as url:
        proc, base, _ = start(tmp_path, env={"BOT_DATABASE": url})
        answered: list[str] = []
        halt = threading.Event()

        def talk(n: int) -> None:
            session = None
            while not halt.is_set():
                body = {"message": f"can I close my account from the app ({n})"}
                if session:
                    body["session_id"] = session
                try:
                    status, reply = call(base, "/api/v1/chat", body)
                except (OSError, http.client.HTTPException):
                    return  # the server is gone: whatever was not answered does not count
                if status == 200:
                    answered.append(reply["reply_id"])
                    session = reply["session_id"]

        threads = [threading.Thread(target=talk, args=(n,)) for n in range(4)]
        try:
            for t in threads:
                t.start()
            while len(answered) < 40 and proc.poll() is None:
                time.sleep(0.05)
            os.killpg(proc.pid, signal.SIGKILL)  # master and workers at once, mid-write for some of them
            proc.wait(30)
        finally:
            halt.set()
            for t in threads:
                t.join(30)
            if proc.poll() is None:
                proc.kill()
        store = open_store(url)
        try:
            missing = [reply_id for reply_id in answered if not store.reply_exists(reply_id)]
        finally:
            store.close()
        assert len(answered) >= 40 and missing == []
