"""Chooses the learned check of scope's thresholds: each development set scored by a check fitted without it.

The development sets are split into five folds by file. For each fold a check is fitted on the examples of the
other folds' files only, and scores the fold's messages; the engine's own answers come from the engine with the
check switched off. For each pair of thresholds the table says how many answers the check would take away that were
right (in-scope messages lost) and how many it would take away that were wrong (off-topic messages declined), for
messages alone and for messages sent after an answer. Run `python -m bot.devtools.gatesweep`.
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

THRESHOLDS = (0.01, 0.02, 0.03, 0.04, 0.05, 0.1, 0.2)


@dataclass(frozen=True)
class Scored:
    """One development message: whether it is in scope, in a session, answered right without the check, its score."""

    in_scope: bool
    in_session: bool
    answered: bool
    right: bool
    probability: float


def out_of_fold(files: list[Path], folds: int = 5) -> list[Scored]:
    """Every message of `files`, scored by a check fitted on the other folds' files."""
    kb = loader.load()
    ask = Assistant(Engine(EngineConfig(gate_below=0.0, gate_below_in_session=0.0)).fit(kb)).ask
    scored = []
    for k in range(folds):
        inside = files[k::folds]
        rows = make_examples.examples([f for f in files if f not in inside])
        gate = ScopeGate().fit([t for t, _ in rows], [label for _, label in rows])
        for path in inside:
            for case in read_jsonl(path):
                after = None
                if case.get("first"):
                    after = (ask(case["first"]).to_dict().get("entry") or {}).get("id")
                reply = ask(case["q"], after=after).to_dict()
                scored.append(
                    Scored(
                        case.get("expect") == "answer",
                        after is not None,
                        not reply["fallback"],
                        evaluate.case_failure(case, reply) is None,
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
    alone = [s for s in scored if not s.in_session]
    print(
        f"({len(alone)} messages alone, {sum(s.in_scope for s in alone)} in scope; "
        f"{len(scored) - len(alone)} in a session, {sum(s.in_scope for s in scored if s.in_session)} in scope)"
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
