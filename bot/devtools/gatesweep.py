"""Chooses the learned check of scope's thresholds: each development set scored by a check fitted without it.

The development sets are split into five folds by file. For each fold a check is fitted on the examples of the
other folds' files only, and scores the fold's messages; the engine's own answers come from the engine with the
check switched off. The first table says, for each threshold under which an answer is taken back, how many answers
that were right it would take back (in-scope messages lost) and how many that were wrong (off-topic messages
declined); the second, for each threshold above which a message the rules declined gets the steps to close, how
many requests to close it would answer, how many other in-scope messages would get the steps instead of their own
entry, and how many off-topic messages it would answer. Both for messages alone and for messages sent after an
answer. Run `python -m bot.devtools.gatesweep`.
"""

from __future__ import annotations

import argparse
from dataclasses import dataclass
from pathlib import Path

from ..kb import loader
from ..matching.engine import Engine, EngineConfig
from ..matching.gate import ScopeGate
from ..replies.assistant import Assistant
from . import evaluate, make_examples
from .bench import read_jsonl

DECLINE_BELOW = EngineConfig().decline_below
THRESHOLDS = (0.01, 0.02, 0.03, 0.04, 0.05, 0.1, 0.2)
ABOVE = (0.8, 0.9, 0.95, 0.97, 0.98, 0.99)


@dataclass(frozen=True)
class Scored:
    """One development message: whether it is in scope, in a session, answered right without the check, its score."""

    in_scope: bool
    request: bool
    """The message asks to close the account (its set's topic says so)."""
    in_session: bool
    answered: bool
    ruled_out: bool
    """Declined by a rule about what the message is about, which the check never overrides."""
    right: bool
    confidence: float
    """The rules' confidence."""
    probability: float


def out_of_fold(files: list[Path], folds: int = 5) -> list[Scored]:
    """Every message of `files`, scored by a check fitted on the other folds' files."""
    kb = loader.load()
    engine = Engine(EngineConfig(gate_below=0.0, gate_below_in_session=0.0, gate_answers_above=2.0)).fit(kb)
    ask = Assistant(engine).ask
    scored = []
    for k in range(folds):
        inside = files[k::folds]
        rows = make_examples.examples([f for f in files if f not in inside])
        gate = ScopeGate(reading=engine.reading).fit([t for t, _ in rows], [label for _, label in rows])
        for path in inside:
            for case in read_jsonl(path):
                after = None
                if case.get("first"):
                    after = (ask(case["first"]).to_dict().get("entry") or {}).get("id")
                reply = ask(case["q"], after=after).to_dict()
                decision = engine.decide(case["q"], after)
                scored.append(
                    Scored(
                        case.get("expect") == "answer",
                        case.get("expect") == "answer" and "request" in (case.get("topic") or ""),
                        after is not None,
                        not reply["fallback"],
                        decision.ruled_out,
                        evaluate.case_failure(case, reply) is None,
                        decision.confidence,
                        gate.probability(case["q"]),
                    )
                )
    return scored


def sweep(scored: list[Scored], thresholds: tuple[float, ...] = THRESHOLDS) -> None:
    """Print, per threshold, the right answers lost and the wrong ones declined, alone and in a session."""
    print(f"{'threshold':>9} {'alone: lost':>12} {'declined':>9} {'in session: lost':>17} {'declined':>9}")
    for threshold in thresholds:
        cells = []
        for session in (False, True):
            vetoed = [s for s in scored if s.in_session == session and s.answered and s.probability < threshold]
            cells += [sum(s.in_scope and s.right for s in vetoed), sum(not s.in_scope for s in vetoed)]
        print(f"{threshold:>9} {cells[0]:>12} {cells[1]:>9} {cells[2]:>17} {cells[3]:>9}")
    print(
        f"\n{'above':>9} {'alone: requests':>16} {'others':>7} {'off-topic':>10} {'in session: requests':>21} {'others':>7} {'off-topic':>10}"
    )
    for threshold in ABOVE:
        cells = []
        for session in (False, True):
            kept = [
                s
                for s in scored
                if s.in_session == session
                and not s.answered
                and not s.ruled_out
                and s.confidence < DECLINE_BELOW
                and s.probability >= threshold
            ]
            cells += [sum(s.request for s in kept), sum(s.in_scope and not s.request for s in kept)]
            cells.append(sum(not s.in_scope for s in kept))
        print(f"{threshold:>9} {cells[0]:>16} {cells[1]:>7} {cells[2]:>10} {cells[3]:>21} {cells[4]:>7} {cells[5]:>10}")
    alone = [s for s in scored if not s.in_session]
    print(
        f"({len(alone)} messages alone, {sum(s.in_scope for s in alone)} in scope; "
        f"{len(scored) - len(alone)} in a session, {sum(s.in_scope for s in scored if s.in_session)} in scope; "
        f"{sum(s.request for s in scored)} requests to close, {sum(s.request and not s.answered for s in scored)} "
        "of them declined by the rules)"
    )


def main(argv: list[str] | None = None) -> int:
    """Print the sweep."""
    parser = argparse.ArgumentParser(prog="python -m bot.devtools.gatesweep", description=__doc__.splitlines()[0])
    parser.add_argument("--folds", type=int, default=5)
    args = parser.parse_args(argv)
    files = make_examples.source_files()
    if not files:
        print("no development sets: skipped")
        return 0
    sweep(out_of_fold(files, args.folds))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
