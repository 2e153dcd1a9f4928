"""Questions answered inside one `functools.reduce` call, for an instruction count of the answering alone.

Run under valgrind's callgrind with collection switched on only inside that call:

    PYTHONHASHSEED=0 valgrind --tool=callgrind --collect-atstart=no --toggle-collect=functools_reduce \\
        python -m bot.devtools.askcount distinct 200

and divide the instructions it collects by the questions it prints. `distinct`: messages never seen before, as the
HTTP bench's distinct chats send them (its texts with " (1-<n>)" added), the engine's word caches warmed first by
other such messages and the reply cache on, as in a server; `dev`: the questions of `dev.jsonl` and its follow-ups,
the engine's caches emptied before each (as `bench --speed` times them), the reply cache off. Nothing in this
module's answering path itself is counted beyond the loop's own few steps.
"""

from __future__ import annotations

import argparse
import functools
import sys

from ..kb import loader
from ..matching.engine import Engine
from ..replies.assistant import Assistant
from .bench import SHARED_EVAL, read_jsonl
from .loadbench import chat_texts


def _questions(kind: str, count: int, texts: list[str]) -> list[str]:
    """The messages to answer."""
    if kind == "dev":
        paths = [SHARED_EVAL / name for name in ("dev.jsonl", "followups-dev.jsonl")]
        return [case["q"] for path in paths if path.is_file() for case in read_jsonl(path)] * count
    return [f"{texts[n % len(texts)]} (1-{n})" for n in range(count)]


def main(argv: list[str] | None = None) -> int:
    """Answer the chosen questions, the answering inside one `functools.reduce` call; print how many."""
    parser = argparse.ArgumentParser(prog="python -m bot.devtools.askcount", description=__doc__.split("\n")[0])
    parser.add_argument("kind", choices=("distinct", "dev"))
    parser.add_argument("count", type=int, help="distinct: messages; dev: rounds of the question set")
    args = parser.parse_args(argv)
    engine = Engine().fit(loader.load(None))
    texts = chat_texts(None)
    questions = _questions(args.kind, args.count, texts)
    if args.kind == "dev":
        assistant = Assistant(engine, cache_size=0)
        for message in questions:  # the word caches, as after a warm-up pass
            assistant.ask(message)

        def ask(_: None, message: str) -> None:
            engine.clear_caches()
            assistant.ask(message)

    else:
        assistant = Assistant(engine)
        for n in range(max(args.count, 100)):  # other new messages first: the words they share are then known
            assistant.ask(f"{texts[n % len(texts)]} (9-{n})")

        def ask(_: None, message: str) -> None:
            assistant.ask(message)

    functools.reduce(ask, questions, None)
    print(f"{len(questions)} questions answered ({args.kind})", file=sys.stderr)
    return 0


if __name__ == "__main__":
    sys.exit(main())
