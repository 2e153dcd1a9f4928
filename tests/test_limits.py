"""Rate limits kept in memory (per worker) and in Redis (shared by every worker and host, when TEST_REDIS_URL is
set): two apps stand for two workers; Redis going away and coming back is ridden out."""

import secrets
import time

import pytest
import servers
from faults import Relay

from bot.service import create_app

needs_redis = pytest.mark.skipif(not servers.REDIS, reason="TEST_REDIS_URL is not set")


@pytest.fixture
def prefix():
    """Keys of this test only; removed afterwards."""
    name = f"test-{secrets.token_hex(6)}"
    yield name
    if servers.REDIS:
        import redis

        client = redis.Redis.from_url(servers.REDIS)
        for key in client.scan_iter(f"*{name}*"):
            client.delete(key)
        client.close()


def worker(engine, tmp_path, storage, prefix, **config):
    """One worker's app on the shared store file, counting limits in `storage`."""
    settings = {
        "DATABASE": str(tmp_path / "s.sqlite"),
        "SECRET_KEY": "test-secret",
        "CHAT_RATE_LIMIT": "3 per minute",
        "SIGNIN_RATE_LIMIT": "2 per minute",
        "RATELIMIT_STORAGE_URI": storage,
        "RATELIMIT_KEY_PREFIX": prefix,
        **config,
    }
    return create_app(settings, engine=engine, instance_path=str(tmp_path))


def chats(apps, count):
    """`count` chats from one client, alternating between the apps; the statuses in order."""
    clients = [app.test_client() for app in apps]
    return [
        clients[n % len(clients)].post("/api/v1/chat", json={"message": "how do I close my account"}).status_code
        for n in range(count)
    ]


def test_in_memory_limits_are_per_worker(engine, tmp_path, prefix):
    apps = [worker(engine, tmp_path, "memory://", prefix) for _ in range(2)]
    assert chats(apps, 8).count(200) == 6  # each worker allows the limit: as the README says
    assert apps[0].test_client().get("/api/v1/health").json["limits"] == "per_worker"


@needs_redis
def test_with_redis_two_workers_share_one_chat_limit(engine, tmp_path, prefix):
    apps = [worker(engine, tmp_path, servers.REDIS, prefix) for _ in range(2)]
    statuses = chats(apps, 8)
    assert statuses == [200, 200, 200, 429, 429, 429, 429, 429]
    health = apps[1].test_client().get("/api/v1/health").json
    assert health["limits"] == "shared" and health["status"] == "ok"


@needs_redis
def test_with_redis_the_sign_in_limit_is_shared(engine, tmp_path, prefix):
    clients = [worker(engine, tmp_path, servers.REDIS, prefix).test_client() for _ in range(2)]
    statuses = []
    for n in range(4):
        client = clients[n % 2]
        client.get("/triage/signin")
        with client.session_transaction("/triage/") as session:
            token = session["csrf"]
        form = {"name": "nobody", "password": "wrong password", "csrf_token": token}
        statuses.append(client.post("/triage/signin", data=form).status_code)
    assert statuses == [401, 401, 429, 429]


@needs_redis
def test_redis_going_away_and_coming_back(engine, tmp_path, prefix):
    with Relay.to(servers.REDIS) as relay:
        apps = [worker(engine, tmp_path, relay.url(servers.REDIS), prefix) for _ in range(2)]
        assert chats(apps, 2) == [200, 200]
        relay.cut()
        # Chat still answers; each worker now counts on its own, so limits still hold, per worker.
        statuses = chats(apps[:1], 4)
        assert statuses[0] == 200 and statuses[-1] == 429
        health = apps[0].test_client().get("/api/v1/health").json
        assert health["status"] == "degraded" and health["limits"] == "unreachable"
        assert any(p.startswith("limits: ") for p in health["problems"])

        relay.restore()
        health = apps[0].test_client().get("/api/v1/health").json
        assert health["status"] == "ok" and health["limits"] == "shared"
        # The limiter goes back to Redis by itself (it retries after a back-off of a second or two).
        deadline = time.monotonic() + 10
        while time.monotonic() < deadline:
            time.sleep(0.5)
            if apps[1].test_client().post("/api/v1/chat", json={"message": "hi"}).status_code == 429:
                break  # the shared count (2 before the cut, then this worker's) is back in force
        else:
            pytest.fail("the limiter did not go back to Redis")


def test_limits_off_answer_every_chat_and_leave_the_views_unwrapped(engine, tmp_path, prefix):
    app = worker(engine, tmp_path, "memory://", prefix, RATELIMIT_ENABLED=False)
    assert chats([app], 5) == [200] * 5
    assert app.test_client().get("/api/v1/health").json["limits"] == "off"
    # No limit to check, so no per-request work of the limiter's around the views.
    assert not hasattr(app.view_functions["api.chat"], "__wrapped__")
