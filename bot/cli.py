"""Command line: ask questions, evaluate on a question set, check the knowledge base, run benchmarks, serve."""

from __future__ import annotations

import argparse
import json
import os
import sys
from pathlib import Path
from typing import Any

from .devtools import evaluate
from .kb import loader
from .kb.knowledge import KnowledgeError
from .replies.assistant import Assistant
from .replies.reply import Reply
from .store import StoreError


class UsageError(Exception):
    """A command's input is unusable; the message says why."""


def build_assistant(knowledge: str | None) -> Assistant:
    """Load, validate and index the knowledge base; the assistant answers from it."""
    from .matching.engine import Engine  # loaded by the commands that answer, not by every command

    return Assistant(Engine().fit(loader.load(knowledge)))


def read_questions(path: str) -> list[dict[str, Any]]:
    """Questions from a JSONL question set or a plain text file (one question a line)."""
    file = Path(path)
    if not file.is_file():
        raise UsageError(f"{path}: no such file")
    try:
        lines = file.read_text(encoding="utf-8").splitlines()
    except UnicodeDecodeError as exc:
        raise UsageError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    cases = []
    for number, line in enumerate(lines, start=1):
        line = line.strip()
        if not line:
            continue
        if line.startswith("{"):
            try:
                case = json.loads(line)
            except json.JSONDecodeError as exc:
                raise UsageError(f"{path}:{number}: invalid JSON ({exc.msg})") from None
            if not isinstance(case, dict) or not isinstance(case.get("q"), str) or not case["q"].strip():
                raise UsageError(f"{path}:{number}: a JSON line needs a non-empty string field 'q'")
            cases.append(case)
        else:
            cases.append({"q": line})
    return cases


def render(reply: Reply) -> str:
    """A reply as readable text for a person at a terminal."""
    lines = [reply.answer, ""]
    if reply.sources:
        lines.append("Sources:")
        lines += [f"  - {s['name']}: {s['section']}" for s in reply.sources]
    if reply.suggestions:
        lines.append("You could also ask:")
        lines += [f"  - {s}" for s in reply.suggestions]
    lines.append(f"({reply.notice})")
    entry = reply.entry["id"] if reply.entry else "none"
    lines.append(f"[entry: {entry}, confidence: {reply.confidence:.2f}]")
    return "\n".join(lines)


def _interactive(assistant: Assistant) -> int:
    print("Ask about closing a Binance account (empty line or Ctrl-D to quit).")
    after = None
    while True:
        try:
            question = input("> ").strip()
        except (EOFError, KeyboardInterrupt):
            print()
            return 0
        if not question:
            return 0
        reply = assistant.ask(question, after=after)
        after = reply.entry["id"] if reply.entry else after
        print(render(reply), end="\n\n")


def _cmd_ask(args: argparse.Namespace) -> int:
    assistant = build_assistant(args.knowledge)
    if args.jsonl:
        _, replies = evaluate.run(read_questions(args.jsonl), assistant.ask)
        for answered in replies:
            print(json.dumps(answered, ensure_ascii=False))
        return 0
    if args.question is None:
        return _interactive(assistant)
    if not args.question.strip():
        raise UsageError("the question is empty")
    if args.after and args.after not in assistant.kb.entries:
        raise UsageError(f"--after: unknown entry id '{args.after}'")
    reply = assistant.ask(args.question, after=args.after)
    print(json.dumps(reply.to_dict(), ensure_ascii=False, indent=2) if args.json else render(reply))
    return 0


def print_report(report: evaluate.Report, label: str = "") -> None:
    """The metrics and the failures grouped by topic; a share of nothing is "n/a"."""
    figures = report.summary()
    rows = [
        ("in-scope answered correctly", figures["in_scope_accuracy"], report.in_scope_correct, report.in_scope),
        ("out-of-scope declined", figures["out_of_scope_declined"], report.declined, report.out_of_scope),
        ("conflict-flag precision", figures["conflict_precision"], report.flagged_right, report.flagged),
        ("conflict-flag recall", figures["conflict_recall"], report.flagged_right, report.should_flag),
    ]
    for name, share, part, whole in rows:
        print(f"{label}{name + ':':<29}{'n/a' if share is None else share} ({part}/{whole})")
    for topic, failures in sorted(report.failures.items()):
        print(f"  {topic}: {len(failures)} failed")
        for case_id, question, why in failures:
            print(f"    {case_id} {question!r}: {why}")


def _cmd_eval(args: argparse.Namespace) -> int:
    cases = read_questions(args.file)
    if args.compare:
        return _compare(args, cases)
    assistant = build_assistant(args.knowledge)
    cases, replies = evaluate.run(cases, assistant.ask)
    print_report(evaluate.score(cases, replies))
    return 0


def read_replies(path: Path, count: int) -> list[dict[str, Any]]:
    """Replies saved one JSON object a line (`ask --jsonl`), one for each of `count` questions."""
    replies = []
    try:
        lines = [line for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]
    except UnicodeDecodeError as exc:
        raise UsageError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    for number, line in enumerate(lines, start=1):
        try:
            reply = json.loads(line)
        except json.JSONDecodeError as exc:
            raise UsageError(f"{path}:{number}: invalid JSON ({exc.msg})") from None
        if not isinstance(reply, dict) or "fallback" not in reply:
            raise UsageError(f"{path}:{number}: not a reply (a JSON object with 'answer', 'fallback', 'entry'...)")
        replies.append(reply)
    if len(replies) != count:
        raise UsageError(f"{path}: {len(replies)} replies for {count} questions; save them with ask --jsonl FILE")
    return replies


def knowledge_at(revision: str, knowledge: str | None, into: Path) -> Path:
    """The knowledge base as it was at a git revision, written into `into`."""
    import io
    import subprocess
    import tarfile

    from .kb.shipped import shipped_folder

    folder = Path(knowledge).resolve() if knowledge else shipped_folder("knowledge").resolve()

    def git(where: Path, *command: str) -> bytes:
        try:
            done = subprocess.run(["git", "-C", str(where), *command], capture_output=True)
        except FileNotFoundError:
            raise UsageError(f"--compare {revision}: not a file, and git is not installed") from None
        if done.returncode:
            message = done.stderr.decode("utf-8", "replace").strip().splitlines()
            raise UsageError(f"--compare {revision}: {message[-1] if message else 'no such file or git revision'}")
        return done.stdout

    top = Path(git(folder, "rev-parse", "--show-toplevel").decode().strip()).resolve()
    inside = folder.relative_to(top).as_posix()
    git(top, "rev-parse", "--verify", "--quiet", f"{revision}^{{commit}}")
    with tarfile.open(fileobj=io.BytesIO(git(top, "archive", "--format=tar", revision, inside))) as archive:
        archive.extractall(into, filter="data")
    return into / inside


def _compare(args: argparse.Namespace, cases: list[dict[str, Any]]) -> int:
    import tempfile

    from .authoring import answerdiff

    current = build_assistant(args.knowledge)
    _, after = evaluate.run(cases, current.ask)
    saved = Path(args.compare)
    if saved.is_file():
        before, label = read_replies(saved, len(cases)), f"the replies in {args.compare}"
    else:
        with tempfile.TemporaryDirectory() as folder:
            old = knowledge_at(args.compare, args.knowledge, Path(folder))
            try:
                _, before = evaluate.run(cases, build_assistant(str(old)).ask)
            except KnowledgeError as exc:
                raise UsageError(f"the knowledge base at {args.compare} is invalid:\n{exc}") from None
        label = f"the knowledge base at {args.compare}"
    changes = answerdiff.diff(cases, before, after)
    if args.json:
        print(json.dumps([c.to_dict() for c in changes], ensure_ascii=False, indent=2))
        return 0
    for change in changes:
        print(change.describe())
    print(f"{len(changes)} of {len(cases)} question(s) change between {label} and the current one.")
    return 0


def _cmd_check(args: argparse.Namespace) -> int:
    kb = loader.load(args.knowledge)
    phrasings = sum(len(e.phrasings) for e in kb.entries.values())
    print(
        f"knowledge base OK: {len(kb.sources)} sources, {len(kb.entries)} entries, {phrasings} phrasings, "
        f"{len(kb.conflicts)} conflicts, {len(kb.scope.out_of_scope)} out-of-scope examples"
    )
    return 0


def _cmd_audit(args: argparse.Namespace) -> int:
    from .authoring import audit
    from .kb.knowledge import check

    # Shapes must decode; cross-file problems are reported here rather than stopping the report.
    kb = loader.load(args.knowledge, cross_check=False)
    unknown = [i for i in args.entries if i not in kb.entries]
    if unknown:
        raise UsageError(f"unknown entry id '{unknown[0]}'")
    found = audit.audit(kb, args.entries)
    shown = [a for a in found if a.unbacked] if args.flagged else found
    if shown:
        print("\n\n".join(audit.render(kb, a) for a in shown), end="\n\n")
    flagged = sum(len(a.unbacked) for a in found)
    problems = check(kb)
    print(
        f"{len(found)} entries audited; {flagged} figure(s) carried by no claim; "
        f"{len(problems)} problem(s) from the validator"
    )
    for problem in problems:
        print(f"  - {problem}")
    return 1 if flagged or problems else 0


def _cmd_conflicts_suggest(args: argparse.Namespace) -> int:
    from .authoring import finder, report

    kb = loader.load(args.knowledge)
    found = finder.suggest(kb, ignore_recorded=args.ignore_recorded)
    shown = found[: args.top] if args.top is not None else found
    if args.json:
        print(json.dumps([c.to_dict() for c in shown], ensure_ascii=False, indent=2))
    else:
        print(report.render(kb, shown, len(found), args.ignore_recorded))
    return 0


def read_text(path: str) -> str:
    """A UTF-8 text file's content; a clear error when it is missing or not text."""
    file = Path(path)
    if not file.is_file():
        raise UsageError(f"{path}: no such file")
    try:
        return file.read_text(encoding="utf-8")
    except UnicodeDecodeError as exc:
        raise UsageError(f"{path}: not UTF-8 text ({exc.reason} at byte {exc.start})") from None


def _cmd_sources_check(args: argparse.Namespace) -> int:
    from .authoring import report, sourcecheck
    from .matching.engine import Engine

    text = read_text(args.file)
    kb = loader.load(args.knowledge)
    reports = sourcecheck.check(kb, Engine().fit(kb), text)
    if not reports:
        raise UsageError(f"{args.file}: no text to check")
    if args.json:
        print(json.dumps([r.to_dict() for r in reports], ensure_ascii=False, indent=2))
    else:
        print(report.render_check(kb, reports))
    return 0


def _cmd_bench(args: argparse.Namespace) -> int:
    from .devtools import bench

    return bench.main(args)


def _cmd_serve(args: argparse.Namespace) -> int:
    import functools
    import os
    import socket

    from .service import config, create_app, detach, gather_writes, keep_retention, reload_knowledge
    from .service.enginecache import begin
    from .service.server import Server

    overrides = {"KNOWLEDGE_DIR": str(Path(args.knowledge).resolve())} if args.knowledge else {}
    settings = config.load(overrides=overrides)
    # The KB the app serves, fitted once before the workers fork: read back fitted from the instance folder when
    # neither it nor the code changed since, else fitted in a process of its own while the store and the address
    # are checked here. A broken KB stops the start with the validator's message.
    pending = begin(settings["KNOWLEDGE_DIR"], settings.root_path)
    try:
        _check_store(overrides)
        try:
            config.retention_days(settings)
        except ValueError as exc:
            raise UsageError(str(exc)) from None
        try:
            with socket.create_server((args.host, args.port)):
                pass
        except OSError as exc:
            raise UsageError(f"cannot listen on {args.host}:{args.port}: {exc.strerror or exc}") from None
        engine = pending.result()
    except BaseException:
        pending.cancel()
        raise
    host = f"[{args.host}]" if ":" in args.host else args.host
    print(
        f"Serving the FAQ assistant on http://{host}:{args.port}/ with {args.workers} worker(s); press Ctrl-C to stop.",
        f"To publish a changed knowledge base: kill -HUP {os.getpid()}",
        sep="\n",
        flush=True,
    )
    factory = functools.partial(create_app, overrides=overrides, engine=engine)
    server = Server(
        factory,
        args.host,
        args.port,
        args.workers,
        quiet=args.quiet,
        access_log=args.access_log,
        detach=detach,
        reload=reload_knowledge,
        background=keep_retention,
        gather=gather_writes,
    )
    server.run()
    return 0


def _configured_store(database: str | None, overrides: dict[str, Any] | None = None) -> Any:
    """The store named on the command line, else the service's configured one (not opened yet)."""
    from .service import config
    from .store import open_store

    if database:
        return open_store(database)
    settings = config.load(overrides=overrides)
    return open_store(config.database_url(settings, settings.root_path))


def _check_store(overrides: dict[str, Any]) -> None:
    """Refuse to serve on a store that cannot be reached or whose schema is not this release's."""
    store = _configured_store(None, overrides)
    try:
        store.init()
    finally:
        store.close()  # nothing stays connected in the process the workers are forked from


def _cmd_purge(args: argparse.Namespace) -> int:
    from .conversations import retention
    from .service import config

    days = args.older_than
    if days is None:
        try:
            days = config.retention_days(config.load())
        except ValueError as exc:
            raise UsageError(str(exc)) from None
        if days is None:
            raise UsageError("say how old: --older-than DAYS, or set BOT_RETENTION_DAYS")
    store = _configured_store(args.database).init()
    try:
        done = retention.purge(store, days, batch=args.batch)
    finally:
        store.close()
    d = done.deleted
    print(
        f"deleted {d['sessions']} conversation(s) idle since before {done.before}: {d['exchanges']} exchange(s), "
        f"{d['feedback']} feedback, {d['handoffs']} hand-off(s), {d['user_messages'] + d['agent_messages']} "
        f"message(s) to and from the team, {d['triage_events']} triage event(s), "
        f"{done.gap_dismissals} gap dismissal(s); {done.batches} batch(es), the longest {done.longest_batch_ms:.0f} ms"
    )
    return 0


def _days(text: str) -> int:
    try:
        number = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number of days, got {text!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1 day")
    return number


def _agent_store(args: argparse.Namespace) -> Any:
    return _configured_store(args.database).init()


def _cmd_db(args: argparse.Namespace) -> int:
    from .store import schema

    if args.action == "revision":
        return _new_revision(args.message)
    store = _configured_store(args.database)
    try:
        if args.action == "upgrade":
            before, after = store.upgrade()
            if before == after:
                print(f"the database is at revision {after}, the current one; nothing to do")
            else:
                print(f"the database was upgraded from revision {before or '(empty)'} to {after}")
        else:
            current = store.revision()
            state = "current" if current == schema.head() else f"this release needs {schema.head()}"
            print(f"revision {current or '(empty database)'} ({state})")
    finally:
        store.close()
    return 0


def _new_revision(message: str) -> int:
    from alembic import command

    from .store import schema

    if not message.strip():
        raise UsageError("say in a few words what the migration changes")
    number = f"{int(schema.head()) + 1:04d}"
    script = command.revision(schema.config(), message=message, rev_id=number)
    path = getattr(script, "path", None)
    print(
        f"new migration {number}: {path}; write its upgrade(), change tables.py to match "
        f"and set HEAD in bot/store/schema.py to {number}"
    )
    return 0


def _read_password(args: argparse.Namespace) -> str:
    import getpass

    if args.password_stdin:
        return sys.stdin.readline().rstrip("\r\n")
    first = getpass.getpass("Password: ")
    if getpass.getpass("Password again: ") != first:
        raise UsageError("the two passwords differ")
    return first


def _cmd_add_agent(args: argparse.Namespace) -> int:
    from .support import agents

    password = _read_password(args)
    try:
        agents.check_password(password)
        agent = agents.add_agent(_agent_store(args), args.name, password)
    except agents.AgentError as exc:
        raise UsageError(str(exc)) from None
    print(f"agent '{agent.name}' added; sign in at /triage")
    return 0


def _cmd_add_token(args: argparse.Namespace) -> int:
    from .support import agents

    try:
        token = agents.new_token(_agent_store(args), args.name)
    except agents.AgentError as exc:
        raise UsageError(str(exc)) from None
    print(token)
    print(
        f"(API token for '{args.name}': it is shown only this once; send it as Authorization: Bearer <token>)",
        file=sys.stderr,
    )
    return 0


def _cmd_agents(args: argparse.Namespace) -> int:
    from .support import agents

    store = _agent_store(args)
    if args.action == "remove":
        try:
            revoked = agents.remove(store, args.name)
        except agents.AgentError as exc:
            raise UsageError(str(exc)) from None
        print(
            f"agent '{args.name}' removed: signed out everywhere, {revoked} API token(s) revoked; "
            "their notes and replies keep their name"
        )
        return 0
    tokens: dict[str, int] = {}
    for token in agents.tokens(store):
        tokens[token.agent] = tokens.get(token.agent, 0) + 1
    rows = agents.accounts(store)
    if not rows:
        print("no agents yet; add one with `python -m bot add-agent NAME`")
    for row in rows:
        state = f"removed {row.removed[:10]}" if row.removed else f"{tokens.get(row.name, 0)} token(s)"
        print(f"{row.name:<24} created {row.created[:10]}  {state}")
    return 0


def _cmd_tokens(args: argparse.Namespace) -> int:
    from .support import agents

    store = _agent_store(args)
    if args.action == "revoke":
        try:
            token = agents.revoke(store, args.token_id)
        except agents.AgentError as exc:
            raise UsageError(str(exc)) from None
        print(f"token {token.id} of '{token.agent}' revoked: it no longer opens the API")
        return 0
    found = agents.tokens(store)
    if not found:
        print("no API tokens; make one with `python -m bot add-token NAME`")
    for token in found:
        print(f"{token.id}  {token.agent:<24} created {token.created[:19].replace('T', ' ')}")
    return 0


def _port(text: str) -> int:
    try:
        port = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a port number, got {text!r}") from None
    if not 0 < port < 65536:
        raise argparse.ArgumentTypeError(f"a port is between 1 and 65535, got {port}")
    return port


def _workers(text: str) -> int:
    try:
        workers = int(text)
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a number of workers, got {text!r}") from None
    if not 1 <= workers <= 64:
        raise argparse.ArgumentTypeError(f"workers must be between 1 and 64, got {workers}")
    return workers


def _cmd_fingerprint(args: argparse.Namespace) -> int:
    from .devtools import fingerprint

    assistant = build_assistant(args.knowledge)
    found = fingerprint.record(assistant.engine)
    if args.write:
        fingerprint.write(found)
        print(f"{len(found)} replies recorded in {fingerprint.RECORD.relative_to(fingerprint.ROOT)}")
        return 0
    if not fingerprint.RECORD.is_file():
        raise UsageError(f"no record at {fingerprint.RECORD}: write one with --write")
    changed = fingerprint.differences(fingerprint.read(), found)
    for difference in changed:
        print(difference)
    print(f"{len(found)} replies compared with the record: {len(changed)} differences")
    return 1 if changed else 0


def _cmd_bench_http(args: argparse.Namespace) -> int:
    from .devtools import loadbench

    return loadbench.main(args)


def _cmd_bench_write(args: argparse.Namespace) -> int:
    from .devtools import writebench

    return writebench.main(args)


def _cmd_fill_store(args: argparse.Namespace) -> int:
    from .devtools import fill_store

    return fill_store.main(args)


def _cmd_bench_store(args: argparse.Namespace) -> int:
    from .devtools import storebench

    return storebench.main(args)


def _count(text: str) -> int:
    try:
        number = int(text.replace("_", ""))
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected a whole number, got {text!r}") from None
    if number < 1:
        raise argparse.ArgumentTypeError("must be at least 1")
    return number


def _sizes(text: str) -> list[int]:
    try:
        sizes = [int(n) for n in text.split(",")]
    except ValueError:
        raise argparse.ArgumentTypeError(f"expected comma-separated whole numbers, got {text!r}") from None
    if any(n < 1 for n in sizes):
        raise argparse.ArgumentTypeError("sizes must be at least 1")
    return sizes


def build_parser() -> argparse.ArgumentParser:
    """The argument parser for every subcommand."""
    parser = argparse.ArgumentParser(prog="python -m bot", description=__doc__)
    parser.add_argument("--knowledge", metavar="DIR", help="knowledge-base directory (default: the shipped one)")
    sub = parser.add_subparsers(dest="command", required=True)

    ask = sub.add_parser("ask", help="answer a question (no question: an interactive prompt)")
    ask.add_argument("question", nargs="?", help="the question to answer")
    ask.add_argument("--json", action="store_true", help="print the reply JSON")
    ask.add_argument("--after", metavar="ENTRY_ID", help="previous turn's entry, for a follow-up question")
    ask.add_argument("--jsonl", metavar="FILE", help="answer every question in FILE, one reply JSON per line")
    ask.set_defaults(func=_cmd_ask)

    ev = sub.add_parser("eval", help="score the bot on a question set")
    ev.add_argument("file", help="question set in JSONL (see the shared eval README)")
    ev.add_argument(
        "--compare",
        metavar="REF",
        help="list the questions whose entry, decline or conflict flags differ from REF: a git revision of the "
        "knowledge base, or replies saved with ask --jsonl",
    )
    ev.add_argument("--json", action="store_true", help="with --compare: print the changes as JSON")
    ev.set_defaults(func=_cmd_eval)

    sub.add_parser("check", help="validate the knowledge base").set_defaults(func=_cmd_check)

    aud = sub.add_parser("audit", help="each answer beside the claims and source parts it rests on; unbacked figures")
    aud.add_argument("entries", nargs="*", metavar="ENTRY_ID", help="entries to audit (default: all)")
    aud.add_argument("--flagged", action="store_true", help="show only entries with a figure no claim carries")
    aud.set_defaults(func=_cmd_audit)

    conflicts = sub.add_parser("conflicts", help="for KB authors: where the sources may contradict each other")
    conflicts_sub = conflicts.add_subparsers(dest="conflicts_command", required=True)
    suggest = conflicts_sub.add_parser(
        "suggest", help="ranked candidate contradictions between claims of different sources, with evidence"
    )
    suggest.add_argument("--json", action="store_true", help="print the ranked list as JSON")
    suggest.add_argument(
        "--ignore-recorded", action="store_true", help="rank as if conflicts.yaml recorded no conflict"
    )
    suggest.add_argument("--top", type=_count, metavar="N", help="show only the first N candidates")
    suggest.set_defaults(func=_cmd_conflicts_suggest)

    sources = sub.add_parser("sources", help="for KB authors: a new source checked against the KB")
    sources_sub = sources.add_subparsers(dest="sources_command", required=True)
    source_check = sources_sub.add_parser(
        "check", help="split a plain-text article into parts: which support, contradict or are new to the KB"
    )
    source_check.add_argument("file", help="the article, plain UTF-8 text")
    source_check.add_argument("--json", action="store_true", help="print the parts as JSON")
    source_check.set_defaults(func=_cmd_sources_check)

    bench = sub.add_parser("bench", help="quality, latency, memory and scale benchmarks")
    bench.add_argument("--questions", metavar="FILE", help="question set (default: ../shared/eval/dev.jsonl)")
    bench.add_argument(
        "--sizes",
        metavar="N,N,...",
        type=_sizes,
        default=[100, 1000, 10000],
        help="entry counts of the synthetic KBs for the scale table",
    )
    bench.add_argument("--rounds", type=int, default=20, help="passes over the questions when timing")
    bench.add_argument("--speed", action="store_true", help="only the speed, memory and scale figures")
    bench.set_defaults(func=_cmd_bench)

    prints = sub.add_parser(
        "fingerprint", help="compare the replies to every question of the project's sets with their record"
    )
    prints.add_argument(
        "--write", action="store_true", help="rewrite the record (after a change meant to alter replies)"
    )
    prints.set_defaults(func=_cmd_fingerprint)

    http = sub.add_parser(
        "bench-http", help="load-test the HTTP service with wrk: chat beside health, CPU per request, memory"
    )
    http.add_argument("--duration", type=int, default=10, help="seconds of load per endpoint and run (default: 10)")
    http.add_argument("--connections", type=int, default=8, help="open connections (default: 8)")
    http.add_argument("--workers", type=_workers, default=2, help="server worker processes (default: 2)")
    http.add_argument(
        "--memory-chats",
        type=int,
        default=20000,
        help="distinct chats answered before the memory is read (default: 20000)",
    )
    http.add_argument(
        "--database", metavar="URL", help="a PostgreSQL database to run on (a new schema per run; default: SQLite)"
    )
    http.add_argument(
        "--hosts", type=_count, default=1, help="servers sharing the store, as on several machines (default: 1)"
    )
    http.set_defaults(func=_cmd_bench_http)

    write = sub.add_parser(
        "bench-write", help="time recording an exchange and reading a follow-up on a fresh store, per operation"
    )
    write.add_argument("--database", metavar="URL", help="a PostgreSQL database (a new schema; default: SQLite)")
    write.add_argument("--count", type=_count, default=2000, help="exchanges to record (default: 2000)")
    write.set_defaults(func=_cmd_bench_write)

    fill = sub.add_parser("fill-store", help="add a large generated history to a store, for benchmarks")
    fill.add_argument("--database", required=True, metavar="URL", help="the store to fill (a file path or a URL)")
    fill.add_argument("--exchanges", type=_count, default=1_000_000, help="exchanges to add (default: 1000000)")
    fill.add_argument("--days", type=_count, default=90, help="spread over this many days up to now (default: 90)")
    fill.add_argument("--seed", type=int, default=1, help="random seed (default: 1)")
    fill.set_defaults(func=_cmd_fill_store)

    bstore = sub.add_parser("bench-store", help="time the support pages and API on a (large) store")
    bstore.add_argument("--database", required=True, metavar="URL", help="the store to measure")
    bstore.add_argument("--rounds", type=_count, default=50, help="timed requests per page (default: 50)")
    bstore.add_argument("--deep", type=_count, default=20, help="pages to follow before timing a deep page")
    bstore.set_defaults(func=_cmd_bench_store)

    serve = sub.add_parser("serve", help="run the HTTP service on a production WSGI server (gunicorn)")
    serve.add_argument("--host", default="127.0.0.1", help="address to listen on (default: 127.0.0.1)")
    serve.add_argument("--port", type=_port, default=8000, help="port to listen on (default: 8000)")
    serve.add_argument(
        "--workers",
        type=_workers,
        default=2,
        help="worker processes, sharing one index built before they start (default: 2)",
    )
    serve.add_argument("--quiet", action="store_true", help="log warnings and errors only")
    serve.add_argument("--access-log", metavar="FILE", help="write one line per request to FILE ('-' for stdout)")
    serve.set_defaults(func=_cmd_serve)

    database: dict[str, Any] = {
        "metavar": "URL",
        "help": "store to use: a file path or a URL (default: the configured DATABASE)",
    }
    db = sub.add_parser("db", help="the store's schema: upgrade it, show its revision, add a migration")
    db_actions = db.add_subparsers(dest="action", required=True)
    upgrade = db_actions.add_parser("upgrade", help="bring the database to this release's schema (run on deploy)")
    upgrade.add_argument("--database", **database)
    current = db_actions.add_parser("current", help="the schema revision the database is at")
    current.add_argument("--database", **database)
    revision = db_actions.add_parser("revision", help="start a new migration file (for developers)")
    revision.add_argument("message", help="what the migration changes, in a few words")
    db.set_defaults(func=_cmd_db)

    purge = sub.add_parser(
        "purge", help="delete conversations idle for more than DAYS days, with everything in them, in batches"
    )
    purge.add_argument(
        "--older-than", type=_days, metavar="DAYS", help="days of inactivity (default: the configured RETENTION_DAYS)"
    )
    purge.add_argument("--batch", type=_count, default=200, help="conversations per transaction (default: 200)")
    purge.add_argument("--database", **database)
    purge.set_defaults(func=_cmd_purge)

    agent = sub.add_parser("add-agent", help="create a support-team account (the password is asked twice)")
    agent.add_argument("name", help="the agent's sign-in name")
    agent.add_argument("--password-stdin", action="store_true", help="read the password from one line of stdin")
    agent.add_argument("--database", **database)
    agent.set_defaults(func=_cmd_add_agent)

    token = sub.add_parser("add-token", help="print a new API token for an agent (shown once)")
    token.add_argument("name", help="the agent's name")
    token.add_argument("--database", **database)
    token.set_defaults(func=_cmd_add_token)

    team = sub.add_parser("agents", help="list the support team's accounts, or remove one")
    team_actions = team.add_subparsers(dest="action", required=True)
    team_actions.add_parser("list", help="every account: created, tokens, removed").add_argument(
        "--database", **database
    )
    remove = team_actions.add_parser("remove", help="remove an account: its sessions end, its tokens are revoked")
    remove.add_argument("name", help="the agent's name")
    remove.add_argument("--database", **database)
    team.set_defaults(func=_cmd_agents)

    keys = sub.add_parser("tokens", help="list the API tokens (by the start of their digest), or revoke one")
    key_actions = keys.add_subparsers(dest="action", required=True)
    key_actions.add_parser("list", help="every token: its id, agent and creation time").add_argument(
        "--database", **database
    )
    revoke = key_actions.add_parser("revoke", help="revoke a token: it no longer opens the API")
    revoke.add_argument("token_id", metavar="ID", help="the token's id as `tokens list` shows it")
    revoke.add_argument("--database", **database)
    keys.set_defaults(func=_cmd_tokens)
    return parser


def main(argv: list[str] | None = None) -> int:
    """Run the command line; returns the exit status."""
    args = build_parser().parse_args(argv)
    try:
        return args.func(args)
    except KnowledgeError as exc:
        print(exc, file=sys.stderr)
        return 1
    except UsageError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 2
    except StoreError as exc:
        print(f"error: {exc}", file=sys.stderr)
        return 1
    except BrokenPipeError:
        # The reader stopped early (`... | head`): what it wanted was written. Python would complain again when it
        # flushes stdout at exit, so stdout goes nowhere from here on.
        os.dup2(os.open(os.devnull, os.O_WRONLY), sys.stdout.fileno())
        return 0
