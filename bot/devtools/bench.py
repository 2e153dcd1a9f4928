"""Benchmarks: answer quality against two plain baselines, latency, build time, memory, and scale."""

from __future__ import annotations

import argparse
import json
import random
import re
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import msgspec

from ..kb import loader
from ..kb.knowledge import KnowledgeBase
from ..kb.loader import EXAMPLES_FILE, load_examples
from ..kb.schema import Entry
from ..matching.engine import Engine, EngineConfig, fitted_documents
from ..matching.retriever import HybridRetriever
from ..replies.assistant import Assistant
from . import evaluate

ROOT = Path(__file__).resolve().parents[2]
SHARED_EVAL = ROOT.parent / "shared" / "eval"
PROBE = ROOT / "tests" / "data" / "probe.jsonl"
PROBE2 = ROOT / "tests" / "data" / "probe2.jsonl"
TUNING = (ROOT / "tests" / "data" / "tuning.jsonl", ROOT / "tests" / "data" / "tuning2.jsonl")
DISPUTED_DEV = tuple(
    ROOT / "tests" / "data" / name
    for name in (
        "conflict_dev.jsonl",
        "interlock_dev.jsonl",
        "interlock_dev2.jsonl",
        "interlock_dev3.jsonl",
        "interlock_dev4.jsonl",
        "interlock_dev5.jsonl",
    )
)
TUNING_ALL = ROOT / "tests" / "data"
"""Where every tuning set (`tuning*.jsonl`) lives: questions written for this project and tuned on, not held out
(`tuning9_conversations.jsonl`: two-turn conversations only, real follow-ups and off-topic second messages)."""
HELD_OUT = ROOT / "tests" / "data" / "heldout"
# A second held-out set, written later by someone who read neither the KB nor the engine; see README "Question sets".
HELD_OUT_2 = ROOT / "tests" / "data" / "heldout2"
# A third, written blind like the second and measured once on the engine before and after the rules it judges.
HELD_OUT_3 = ROOT / "tests" / "data" / "heldout3"
# A fourth, written blind the same way later and kept outside the repository until the rules it measures were done.
HELD_OUT_4 = ROOT / "tests" / "data" / "heldout4"
# A fifth, written blind the same way and kept outside the repository while the eighteenth tuning sets' rules were made.
HELD_OUT_5 = ROOT / "tests" / "data" / "heldout5"
# A sixth, written blind the same way and kept outside the repository while the nineteenth tuning sets' rules were made.
HELD_OUT_6 = ROOT / "tests" / "data" / "heldout6"
# A seventh, written blind the same way and kept outside the repository while the twenty-first tuning sets' rules were made.
HELD_OUT_7 = ROOT / "tests" / "data" / "heldout7"
# An eighth, written blind the same way and kept outside the repository while the twenty-second to twenty-fourth
# tuning sets' rules were made.
HELD_OUT_8 = ROOT / "tests" / "data" / "heldout8"
# A ninth, written blind the same way and kept outside the repository while the twenty-fifth and twenty-sixth tuning
# sets' rules were made.
HELD_OUT_9 = ROOT / "tests" / "data" / "heldout9"
# A tenth, written blind the same way and kept outside the repository while the twenty-ninth and thirtieth tuning sets'
# rules were made.
HELD_OUT_10 = ROOT / "tests" / "data" / "heldout10"
# An eleventh, written blind the same way and kept outside the repository while the thirty-first to thirty-third
# tuning sets' rules were made.
HELD_OUT_11 = ROOT / "tests" / "data" / "heldout11"
HELD_OUT_12 = ROOT / "tests" / "data" / "heldout12"
# A thirteenth, written blind the same way and kept outside the repository while the rules of the follow-up round after
# it were made.
HELD_OUT_13 = ROOT / "tests" / "data" / "heldout13"
# A fourteenth, written blind the same way and kept outside the repository while the rules of the round of
# `followups38_dev.jsonl` were made.
HELD_OUT_14 = ROOT / "tests" / "data" / "heldout14"
# A fifteenth, written blind the same way and kept outside the repository while the rules of the round of
# `requests39_dev.jsonl` and the follow-up sets were made.
HELD_OUT_15 = ROOT / "tests" / "data" / "heldout15"
# A sixteenth, written blind the same way and kept outside the repository while the rules of the round of
# `followups40_dev.jsonl` were made.
HELD_OUT_16 = ROOT / "tests" / "data" / "heldout16"
ARTICLE_KEY = ROOT / "tests" / "data" / "articles" / "third_article_key.yaml"

BASELINES = {
    "hybrid (TF-IDF words + chars + rapidfuzz)": lambda: HybridRetriever(),
    "TF-IDF alone (words + chars)": lambda: HybridRetriever(word_weight=0.5, char_weight=0.5, fuzzy_weight=0.0),
    "rapidfuzz alone": lambda: HybridRetriever(word_weight=0.0, char_weight=0.0, fuzzy_weight=1.0, shortlist=10**9),
}


def percentile(values: list[float], q: float) -> float:
    """The q-th percentile (0-100) by nearest rank."""
    ordered = sorted(values)
    return ordered[min(len(ordered) - 1, max(0, round(q / 100 * len(ordered)) - 1))]


def timed_asks(engine: Engine, questions: list[str], rounds: int) -> tuple[list[float], list[float]]:
    """Milliseconds per answer, elapsed and of CPU (reply cache off: the matching itself), after a warm-up pass.

    The engine's own caches are emptied before each question, so that each is timed as if seen for the first time
    (the character n-grams of each word stay known, as in a server: words, unlike messages, recur).
    CPU time is the steadier figure on a machine other work shares: elapsed time counts the waits for a core too.
    """
    assistant = Assistant(engine, cache_size=0)
    for q in questions:
        assistant.ask(q)
    elapsed, cpu = [], []
    for _ in range(rounds):
        for q in questions:
            engine.clear_caches()
            start, start_cpu = time.perf_counter(), time.thread_time()
            assistant.ask(q)
            cpu.append((time.thread_time() - start_cpu) * 1000)
            elapsed.append((time.perf_counter() - start) * 1000)
    return elapsed, cpu


def read_jsonl(path: Path) -> list[dict]:
    """The cases of a JSONL question set."""
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines() if line.strip()]


def quality(kb: KnowledgeBase, cases: list[dict], name: str) -> None:
    """Eval metrics of the hybrid engine and of each plain baseline on the same KB and questions."""
    print(f"\n## Quality on {name} ({len(cases)} questions)")
    print(f"{'retriever':45} {'in-scope ok':>11} {'declined':>9} {'flag P':>7} {'flag R':>7}")
    for scorer, make in BASELINES.items():
        engine = Engine(retriever=make()).fit(kb)
        report = evaluate.score(*evaluate.run(cases, Assistant(engine).ask))
        s = report.summary()
        print(
            f"{scorer:45} {s['in_scope_accuracy']!s:>11} {s['out_of_scope_declined']!s:>9} "
            f"{s['conflict_precision']!s:>7} {s['conflict_recall']!s:>7}"
        )


def threshold_sweep(
    kb: KnowledgeBase, cases: list[dict], name: str, thresholds=(0.3, 0.4, 0.5, 0.55, 0.6, 0.7)
) -> None:
    """In-scope answered right and out-of-scope declined at each decline threshold."""
    print(f"\n## Decline threshold on {name} ({len(cases)} questions)")
    print(f"{'threshold':>9} {'in-scope ok':>11} {'declined':>9}")
    for threshold in thresholds:
        engine = Engine(EngineConfig(decline_below=threshold)).fit(kb)
        s = evaluate.score(*evaluate.run(cases, Assistant(engine).ask)).summary()
        print(f"{threshold:>9} {s['in_scope_accuracy']!s:>11} {s['out_of_scope_declined']!s:>9}")


def reliability(kb: KnowledgeBase, cases: list[dict], name: str, bins: int = 5) -> None:
    """How often a reply was right at each level of confidence: a calibrated confidence matches its bin."""
    engine = Engine().fit(kb)
    cases, replies = evaluate.run(cases, Assistant(engine).ask)
    right = [
        evaluate.case_failure(c, r) is None if c.get("expect") == "answer" else bool(r["fallback"])
        for c, r in zip(cases, replies, strict=False)
    ]
    # The confidence is P(the KB answers the message); judged against "an answer was expected".
    print(f"\n## Confidence against outcome on {name} ({len(cases)} questions)")
    print(f"{'confidence':>12} {'questions':>9} {'mean conf':>9} {'in scope':>8}")
    for b in range(bins):
        low, high = b / bins, (b + 1) / bins
        inside = [
            (r["confidence"], c.get("expect") == "answer")
            for c, r in zip(cases, replies, strict=False)
            if low <= r["confidence"] < high or (b == bins - 1 and r["confidence"] == 1.0)
        ]
        if inside:
            print(
                f"{low:>5.1f} - {high:<4.1f} {len(inside):>9} {statistics.mean(c for c, _ in inside):>9.3f} "
                f"{sum(a for _, a in inside) / len(inside):>8.3f}"
            )
    print(f"right overall: {sum(right) / len(right):.3f}")


def tuning_sets(kb: KnowledgeBase, folder: Path = TUNING_ALL) -> None:
    """In-scope answered right and off-topic declined on each tuning set (development figures, not held out)."""
    paths = sorted(folder.glob("tuning*.jsonl"), key=lambda p: (len(p.name), p.name))
    if not paths:
        return
    engine = Engine().fit(kb)
    print("\n## Tuning sets (written for this project and tuned on: development figures)")
    width = max(22, *(len(p.name) for p in paths))
    print(f"{'set':{width}} {'in-scope ok':>11} {'of':>5} {'declined':>9} {'of':>5}")
    for path in paths:
        report = evaluate.score(*evaluate.run(read_jsonl(path), Assistant(engine).ask))
        s = report.summary()
        print(
            f"{path.name:{width}} {s['in_scope_accuracy']!s:>11} {report.in_scope:>5} "
            f"{s['out_of_scope_declined']!s:>9} {report.out_of_scope:>5}"
        )


def held_out(kb: KnowledgeBase, folder: Path = HELD_OUT) -> None:
    """The figures on the held-out sets: questions written for this project that nothing is fitted or tuned on."""
    sets = {
        name: read_jsonl(folder / f"{name}.jsonl")
        for name in (
            "offtopic_en",
            "offtopic_zh",
            "closure_requests_en",
            "closure_requests_zh",
            "conversations",
            "interlock",
        )
        if (folder / f"{name}.jsonl").is_file()
    }
    if not sets:
        print(f"\n(no held-out sets in {folder}: skipped)")
        return
    engine = Engine().fit(kb)
    reports = {name: evaluate.score(*evaluate.run(cases, Assistant(engine).ask)) for name, cases in sets.items()}
    print(f"\n## Held-out sets ({folder.relative_to(ROOT) if folder.is_relative_to(ROOT) else folder})")
    print(f"{'figure':58} {'share':>7} {'of':>5}")

    def row(label: str, good: int, total: int) -> None:
        if total:
            print(f"{label:58} {good / total:>7.3f} {total:>5}")

    off = [reports[n] for n in ("offtopic_en", "offtopic_zh") if n in reports]
    for name in ("offtopic_en", "offtopic_zh"):
        if name in reports:
            row(f"off-topic questions declined ({name[-2:]})", reports[name].declined, reports[name].out_of_scope)
    row("off-topic questions declined (all)", sum(r.declined for r in off), sum(r.out_of_scope for r in off))
    closing = [reports[n] for n in ("closure_requests_en", "closure_requests_zh") if n in reports]
    row(
        "closure requests answered with a closure entry",
        sum(r.in_scope_correct for r in closing),
        sum(r.in_scope for r in closing),
    )
    if "conversations" in reports:
        r = reports["conversations"]
        row("off-topic second messages declined", r.declined, r.out_of_scope)
        row("real follow-ups answered with the right entry", r.in_scope_correct, r.in_scope)
    if "interlock" in reports:
        r = reports["interlock"]
        row("interlocking and disputed points answered right", r.in_scope_correct, r.in_scope)
        print(f"{'  conflict-flag precision / recall there':58} {r.conflict_precision} / {r.conflict_recall}")
    judged = [case["q"] for cases in sets.values() for case in cases]
    fitted = fitted_texts(kb)
    shared = sum(folded(q) in fitted for q in judged)
    print(f"{'messages word for word among the fitted examples':58} {shared:>7} {len(judged):>5}")


def folded(text: str) -> str:
    """A message with case, spacing and punctuation set aside."""
    return re.sub(r"[\W_]+", " ", text.casefold()).strip()


def fitted_texts(kb: KnowledgeBase) -> set[str]:
    """What the engine is fitted on, folded: the KB's documents and the learned check of scope's examples."""
    examples = ROOT / "knowledge" / EXAMPLES_FILE
    learned = [e.text for e in load_examples(examples)] if kb.scope_check is not None and examples.is_file() else []
    return {folded(text) for text in [*fitted_documents(kb)[0], *learned]}


def source_check(kb: KnowledgeBase, key_path: Path = ARTICLE_KEY) -> None:
    """Precision and recall of `sources check` on an article written with an answer key of what it plants."""
    from ..authoring.sourcecheck import VERDICTS, check
    from . import sourcekey

    if not key_path.is_file():
        print(f"\n(no answer key at {key_path}: source check skipped)")
        return
    key = sourcekey.read_key(key_path)
    article = key_path.with_name(key["article"])
    figures = sourcekey.score(check(kb, Engine().fit(kb), article.read_text(encoding="utf-8")), key)
    print(f"\n## Checking a new source against the KB ({article.name}, {figures['parts']} parts)")
    print(f"{'verdict':12} {'planted':>8} {'reported':>9} {'precision':>10} {'recall':>7} {'entry right':>12}")
    for verdict in VERDICTS:
        row = figures[verdict]
        entry = "" if row["entry_right"] is None else f"{row['entry_right']} of {row['found']}"
        print(
            f"{verdict:12} {row['planted']:>8} {row['reported']:>9} {row['precision']!s:>10} {row['recall']!s:>7} "
            f"{entry:>12}"
        )
    print(f"parts with the planted verdict: {figures['right']} of {figures['parts']}")


def memory_after_loading(served: bool = True) -> tuple[float, float, float]:
    """Resident set size (MB) of a fresh process that has loaded and indexed the KB: in all, anonymous, file-backed.

    `served`: the engine as `serve` gets it, fitted in a process of its own on a first start (the serving process
    never loads scikit-learn); otherwise fitted in the process itself, as the command line's `ask` does.
    The file-backed part counts pages of shared libraries the process has mapped; how many the kernel maps on a
    fault depends on what the page cache holds, so it moves between runs while the anonymous part does not.
    """
    with tempfile.TemporaryDirectory() as instance:
        build = (
            f"from bot.replies.assistant import Assistant; from bot.service.enginecache import fitted_engine; "
            f"a = Assistant(fitted_engine(None, {instance!r}))"
            if served
            else "from bot.cli import build_assistant; a = build_assistant(None)"
        )
        code = (
            f"{build}; a.ask('how long does closure take'); "
            "s = open('/proc/self/status').read(); "
            "print(*(s.split(k + ':')[1].split()[0] for k in ('VmRSS', 'RssAnon', 'RssFile')))"
        )
        out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True, cwd=ROOT)
    rss, anon, file = (int(kb) / 1024 for kb in out.stdout.split())
    return rss, anon, file


def synthetic_kb(base: KnowledgeBase, size: int, seed: int = 0) -> tuple[KnowledgeBase, list[str]]:
    """A KB of `size` made-up entries (8 phrasings each) over the real vocabulary, and queries with typos."""
    rng = random.Random(seed)
    words = sorted(
        {w for e in base.entries.values() for t in (e.question, *e.phrasings) for w in t.lower().split() if w.isalpha()}
    )
    words += [
        f"{rng.choice('bcdfgklmnprstvz')}{rng.choice('aeiou')}{rng.choice('bcdfgklmnprstvz')}"
        f"{rng.choice('aeiou')}{rng.choice('klmnrst')}"
        for _ in range(2000)
    ]
    claim = next(iter(base.entries.values())).claims[0]
    entries, queries = {}, []
    for n in range(size):
        core = rng.sample(words, 7)
        phrasings = []
        for _ in range(8):
            variant = rng.sample(core, rng.randint(4, 7))
            phrasings.append(" ".join(variant))
        entry_id = f"synthetic-{n:05d}"
        entries[entry_id] = Entry(
            id=entry_id,
            topic="synthetic",
            question=" ".join(core),
            phrasings=phrasings,
            answer="Synthetic entry.",
            claims=[claim],
        )
        q = list(rng.choice(phrasings))
        i = rng.randrange(len(q))
        q[i] = rng.choice("abcdefghijklmnopqrstuvwxyz")
        queries.append("".join(q))
    kb = KnowledgeBase(
        sources=base.sources, entries=entries, conflicts={}, scope=msgspec.structs.replace(base.scope, starters=[])
    )
    return kb, queries


def scale(base: KnowledgeBase, sizes: list[int]) -> None:
    """Build time and latency on synthetic KBs of growing size."""
    print("\n## Scale (synthetic KBs, 8 phrasings an entry)")
    print(
        f"{'entries':>8} {'documents':>10} {'build s':>8} {'CPU s':>6} {'p50 ms':>8} {'p99 ms':>8} "
        f"{'CPU p50':>8} {'CPU p99':>8}"
    )
    for size in sizes:
        kb, queries = synthetic_kb(base, size)
        start, start_cpu = time.perf_counter(), time.process_time()
        engine = Engine().fit(kb)
        build, build_cpu = time.perf_counter() - start, time.process_time() - start_cpu
        times, cpu = timed_asks(engine, random.Random(1).sample(queries, min(200, len(queries))), rounds=3)
        print(
            f"{size:>8} {len(engine.retriever_.documents_):>10} {build:>8.2f} {build_cpu:>6.2f} "
            f"{percentile(times, 50):>8.2f} {percentile(times, 99):>8.2f} "
            f"{percentile(cpu, 50):>8.2f} {percentile(cpu, 99):>8.2f}"
        )


def main(args: argparse.Namespace) -> int:
    """Run every benchmark and print its figures."""
    kb = loader.load(args.knowledge)
    path = Path(args.questions) if args.questions else SHARED_EVAL / "dev.jsonl"
    cases = []
    if path.is_file():
        cases = read_jsonl(path)
        followups = path.with_name("followups-dev.jsonl")
        if not args.questions and followups.is_file():
            cases += read_jsonl(followups)
        if not args.speed:
            quality(kb, cases, str(path.name) + (" + follow-ups" if not args.questions else ""))
    else:
        print(f"(no question set at {path}: quality skipped)")
    if not args.questions and not args.speed:
        if PROBE.is_file() and PROBE2.is_file():
            probe, probe2 = read_jsonl(PROBE), read_jsonl(PROBE2)
            quality(kb, probe, f"{PROBE.name} (questions written for this project, entry checked)")
            quality(kb, probe2, f"{PROBE2.name} (a second set written for this project, entry checked)")
        for dev in (p for p in DISPUTED_DEV if p.is_file()):
            # Development sets: cues and phrasings were written after reading their failures, so not held out.
            quality(kb, read_jsonl(dev), f"{dev.name} (disputed and interlocking points, development set)")
        tuning_sets(kb)
        held_out(kb)
        held_out(kb, HELD_OUT_2)
        held_out(kb, HELD_OUT_3)
        held_out(kb, HELD_OUT_4)
        held_out(kb, HELD_OUT_5)
        held_out(kb, HELD_OUT_6)
        held_out(kb, HELD_OUT_7)
        held_out(kb, HELD_OUT_8)
        held_out(kb, HELD_OUT_9)
        held_out(kb, HELD_OUT_10)
        held_out(kb, HELD_OUT_11)
        held_out(kb, HELD_OUT_12)
        held_out(kb, HELD_OUT_13)
        held_out(kb, HELD_OUT_14)
        held_out(kb, HELD_OUT_15)
        held_out(kb, HELD_OUT_16)
        source_check(kb)
        tuning = [case for path in TUNING if path.is_file() for case in read_jsonl(path)]
        if tuning:
            name = " + ".join(p.name for p in TUNING if p.is_file()) + " (the tuning sets)"
            threshold_sweep(kb, tuning, name)
            reliability(kb, [c for c in tuning if not c.get("first")], name)

    print("\n## Speed and memory on the shipped KB")
    builds, build_cpus = [], []
    for _ in range(3):
        start, start_cpu = time.perf_counter(), time.process_time()
        engine = Engine().fit(kb)
        builds.append(time.perf_counter() - start)
        build_cpus.append(time.process_time() - start_cpu)
    print(
        f"index build (median of 3): {statistics.median(builds):.3f} s, CPU {statistics.median(build_cpus):.3f} s "
        f"({len(engine.retriever_.documents_)} documents, {len(kb.entries)} entries)"
    )
    questions = [c["q"] for c in cases] or [e.question for e in kb.entries.values()]
    times, cpu = timed_asks(engine, questions, rounds=args.rounds)
    print(
        f"latency per ask (reply cache off) over {len(times)} asks: p50 {percentile(times, 50):.3f} ms, "
        f"p99 {percentile(times, 99):.3f} ms; CPU p50 {percentile(cpu, 50):.3f} ms, p99 {percentile(cpu, 99):.3f} ms"
    )
    for served, label in ((True, "as served"), (False, "fitted in the same process, as `ask` does")):
        rss, anon, file = memory_after_loading(served)
        print(
            f"resident memory after loading, {label}: {rss:.1f} MB (anonymous {anon:.1f} MB, file-backed {file:.1f} MB)"
        )

    scale(kb, args.sizes)
    return 0
