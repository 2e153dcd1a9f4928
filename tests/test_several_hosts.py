"""Two hosts: two `serve` processes on two ports sharing one PostgreSQL database and one Redis, as the README's
"Running on several machines" sets them up (when TEST_DATABASE_URL and TEST_REDIS_URL are set).

Under concurrent load on both, every answered chat is in the shared `exchanges` table; one client alternating
between them gets exactly the documented chat limit a minute in total.
"""

import secrets
import threading

import pytest
import servers
from live import call, start, stop
from sqlalchemy import create_engine, text

from bot.service.config import DEFAULTS

pytestmark = pytest.mark.skipif(
    not (servers.DATABASE and servers.REDIS), reason="TEST_DATABASE_URL and TEST_REDIS_URL are both needed"
)

LIMIT = int(DEFAULTS["CHAT_RATE_LIMIT"].split()[0])  # the documented chat limit: 30 a minute


def post(base: str, path: str, body: dict, client: str) -> tuple[int, dict]:
    """A request as the proxy in front of the hosts passes it on: from `client`'s address."""
    import json
    import urllib.error
    import urllib.request

    request = urllib.request.Request(
        base + path,
        data=json.dumps(body).encode(),
        headers={"Content-Type": "application/json", "X-Forwarded-For": client},
    )
    try:
        with urllib.request.urlopen(request, timeout=20) as response:
            return response.status, json.loads(response.read())
    except urllib.error.HTTPError as exc:
        return exc.code, json.loads(exc.read())


@pytest.fixture
def two_hosts(tmp_path):
    """Two servers (two workers each) on one PostgreSQL schema and one Redis, behind a (pretend) proxy."""
    prefix = f"test-{secrets.token_hex(6)}"
    with servers.postgresql_schema() as url:
        env = {
            "BOT_DATABASE": url,
            "BOT_RATELIMIT_ENABLED": "true",
            "BOT_RATELIMIT_STORAGE_URI": servers.REDIS,
            "BOT_RATELIMIT_KEY_PREFIX": prefix,
            "BOT_TRUSTED_PROXIES": "1",
        }
        hosts = []
        try:
            for name in ("a", "b"):
                folder = tmp_path / name
                folder.mkdir()
                hosts.append(start(folder, env=env))
            yield [base for _, base, _ in hosts], url
        finally:
            for proc, _, _ in hosts:
                stop(proc)
            import redis

            client = redis.Redis.from_url(servers.REDIS)
            for key in client.scan_iter(f"*{prefix}*"):
                client.delete(key)
            client.close()


def stored_reply_ids(url: str) -> set[str]:
    engine = create_engine(url.replace("postgresql://", "postgresql+psycopg://", 1))
    try:
        with engine.connect() as conn:
            return {row[0] for row in conn.execute(text("SELECT reply_id FROM exchanges"))}
    finally:
        engine.dispose()


def test_two_hosts_share_the_store_and_the_limits(two_hosts):
    bases, url = two_hosts
    assert all(call(base, "/api/v1/health")[1]["limits"] == "shared" for base in bases)

    answered: list[str] = []
    statuses: list[int] = []

    def client(number: int) -> None:
        address = f"198.51.100.{number}"
        for n in range(LIMIT - 5):  # within each client's limit: every request must be answered
            status, body = post(bases[n % 2], "/api/v1/chat", {"message": f"can I close my account {n}"}, address)
            statuses.append(status)
            if status == 200:
                answered.append(body["reply_id"])

    threads = [threading.Thread(target=client, args=(n,)) for n in range(1, 9)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(120)
    assert statuses.count(200) == len(statuses) == 8 * (LIMIT - 5)
    assert set(answered) <= stored_reply_ids(url)

    one_client = [
        post(bases[n % 2], "/api/v1/chat", {"message": "how do I close my account"}, "203.0.113.7")[0]
        for n in range(LIMIT + 6)
    ]
    assert one_client == [200] * LIMIT + [429] * 6
