"""Every worker answers the same message the same way: replies do not depend on the process's hash seed."""

import json
import os
import subprocess
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


def replies(seed: str, questions: Path) -> list[dict]:
    env = {**os.environ, "PYTHONHASHSEED": seed}
    out = subprocess.run(
        [sys.executable, "-m", "bot", "ask", "--jsonl", str(questions)],
        env=env,
        capture_output=True,
        text=True,
        check=True,
    )
    return [json.loads(line) for line in out.stdout.splitlines()]


def test_replies_are_the_same_under_two_hash_seeds(tmp_path):
    # Messages that ask two things are the ones whose suggestions once depended on set order.
    questions = [
        json.loads(line)
        for name in ("probe.jsonl", "probe2.jsonl", "tuning.jsonl")
        for line in (DATA / name).read_text(encoding="utf-8").splitlines()
        if line.strip()
    ]
    questions += [
        {"q": q}
        for q in (
            "what happens to my NFTs and my VIP status",
            "how long does it take and can I undo it",
            "my referral code and my API keys?",
            "注销要多久，还有我的NFT怎么办",
        )
    ]
    path = tmp_path / "questions.jsonl"
    path.write_text("\n".join(json.dumps(q, ensure_ascii=False) for q in questions), encoding="utf-8")
    first, second = replies("1", path), replies("2", path)
    assert len(first) == len(questions)
    assert first == second
