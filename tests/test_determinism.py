"""Every worker answers the same message the same way: replies depend neither on the process's hash seed nor on the
vector instructions of the processor numpy runs on (one machine's workers, or the next machine's)."""

import json
import os
import subprocess
import sys
from pathlib import Path

DATA = Path(__file__).resolve().parent / "data"


# Numpy picks, at import, the widest vector code the processor runs; these switch the wide kinds off.
WIDE_VECTORS = "AVX512F AVX512CD AVX512_SKX AVX512_CLX AVX512_CNL AVX512_ICL AVX2 FMA3"


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


def test_replies_match_their_record_without_wide_vector_instructions():
    # The record is compared with this machine's widest code by test_fingerprint. Off-topic messages share few
    # words with the KB, so their shortlists are where scores tie; the fit's calibration leaves documents out, so
    # every confidence depends on how those ties were settled.
    out = subprocess.run(
        [sys.executable, "-m", "bot", "fingerprint"],
        env={**os.environ, "NPY_DISABLE_CPU_FEATURES": WIDE_VECTORS},
        capture_output=True,
        text=True,
        check=False,
    )
    assert out.stdout.rstrip().endswith(": 0 differences"), out.stdout[-3000:] + out.stderr[-2000:]


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
