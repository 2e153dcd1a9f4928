"""Reads the knowledge-base files from disk and decodes them; the only module that touches KB files."""

from __future__ import annotations

from pathlib import Path

import msgspec
import msgspec.json
import msgspec.yaml

from .knowledge import KnowledgeBase, KnowledgeError, check
from .learned import LearnedScope
from .lexicon import Lexicon
from .schema import ConflictsFile, EntriesFile, NotConflictsFile, Scope, ScopeCheck, ScopeExample, SourcesFile
from .shipped import shipped_folder

LEXICON_FILES = tuple(Path(__file__).resolve().parent / "data" / f"zipf_{lang}.tsv" for lang in ("en", "zh"))


def load_lexicon(paths: tuple[Path, ...] = LEXICON_FILES) -> Lexicon:
    """The everyday word-frequency tables shipped with the engine (see `bot.devtools.make_lexicon`)."""
    return Lexicon.from_tsv(b"".join(path.read_bytes() for path in paths))


def _field(exc: msgspec.ValidationError, whole: str) -> tuple[str, str]:
    """The field a validation error names (`whole` when it names none) and its message."""
    message, _, at = str(exc).partition(" - at ")
    return (at.strip("`").removeprefix("$.") if at else whole), message


def _decode(path: Path, kind: type, problems: list[str]):
    """Decode one YAML (or, by its suffix, JSON) file into `kind`, recording a located problem instead of raising."""
    as_json = path.suffix == ".json"
    try:
        return (msgspec.json.decode if as_json else msgspec.yaml.decode)(path.read_bytes(), type=kind)
    except FileNotFoundError:
        problems.append(f"{path.name}: file is missing")
    except msgspec.ValidationError as exc:
        field, message = _field(exc, "(top level)")
        problems.append(f"{path.name}: {field}: {message}")
    except (msgspec.DecodeError, UnicodeDecodeError) as exc:
        problems.append(f"{path.name}: not valid {'JSON' if as_json else 'YAML'}: {exc}")
    return None


EXAMPLES_FILE = "scope_examples.jsonl"
CHECK_FILE = "scope_check.json"


def load_examples(path: Path) -> tuple[ScopeExample, ...]:
    """The example messages of `scope_examples.jsonl`; raise KnowledgeError naming each bad line."""
    problems: list[str] = []
    examples = _examples(path, problems)
    if problems:
        raise KnowledgeError(problems)
    return examples


def _examples(path: Path, problems: list[str]) -> tuple[ScopeExample, ...]:
    """Decode the example messages, one JSON object a line, recording each bad line as a located problem."""
    decoder = msgspec.json.Decoder(ScopeExample)
    examples = []
    try:
        lines = path.read_bytes().splitlines()
    except FileNotFoundError:
        problems.append(f"{path.name}: file is missing")
        return ()
    for number, line in enumerate(lines, start=1):
        if not line.strip():
            continue
        try:
            examples.append(decoder.decode(line))
        except msgspec.ValidationError as exc:
            field, message = _field(exc, "(line)")
            problems.append(f"{path.name}: line {number}: {field}: {message}")
        except msgspec.DecodeError as exc:
            problems.append(f"{path.name}: line {number}: not valid JSON: {exc}")
    return tuple(examples)


def load(directory: Path | str | None = None, *, cross_check: bool = True, learned: bool = True) -> KnowledgeBase:
    """Load and validate the knowledge base; raise KnowledgeError listing every problem.

    With `cross_check=False` only the files' shapes are checked (ids, types, fields), so that a report such as
    the audit can show a knowledge base the cross-file checks would refuse. With `learned=False` the learned check of
    scope is not read (an engine fitted on such a KB judges scope by its rules alone, as is wanted to fit it anew).
    """
    root = Path(directory) if directory is not None else shipped_folder("knowledge")
    problems: list[str] = []
    if not root.is_dir():
        raise KnowledgeError([f"{root}: knowledge directory not found"])

    sources_file = _decode(root / "sources.yaml", SourcesFile, problems)
    conflicts_file = _decode(root / "conflicts.yaml", ConflictsFile, problems)
    scope = _decode(root / "scope.yaml", Scope, problems)
    # Optional: a KB whose author has judged no candidate conflict needs no such file.
    rejected_path = root / "not_conflicts.yaml"
    rejected_file = _decode(rejected_path, NotConflictsFile, problems) if rejected_path.is_file() else None
    # Optional too: without the learned check the engine judges scope by its rules alone.
    check_path = root / CHECK_FILE
    decoded_check = _decode(check_path, ScopeCheck, problems) if learned and check_path.is_file() else None
    scope_check = LearnedScope.from_file(decoded_check) if decoded_check is not None else None

    origin: dict[str, str] = {}
    entries = {}
    entry_files = sorted((root / "entries").glob("*.yaml"))
    if not entry_files:
        problems.append("entries/: no entry files (*.yaml)")
    for path in entry_files:
        decoded = _decode(path, EntriesFile, problems)
        if decoded is None:
            continue
        rel = f"entries/{path.name}"
        for i, entry in enumerate(decoded.entries):
            if entry.id in entries:
                problems.append(f"{rel}: entries[{i}].id: duplicate id '{entry.id}' (also in {origin[entry.id]})")
                continue
            entries[entry.id] = entry
            origin[entry.id] = rel

    sources = {}
    for i, source in enumerate(sources_file.sources if sources_file else []):
        if source.id in sources:
            problems.append(f"sources.yaml: sources[{i}].id: duplicate id '{source.id}'")
        sources[source.id] = source
    conflicts = {}
    for i, conflict in enumerate(conflicts_file.conflicts if conflicts_file else []):
        if conflict.id in conflicts:
            problems.append(f"conflicts.yaml: conflicts[{i}].id: duplicate id '{conflict.id}'")
        conflicts[conflict.id] = conflict
    not_conflicts = {}
    for i, judged in enumerate(rejected_file.not_conflicts if rejected_file else []):
        if judged.id in not_conflicts:
            problems.append(f"not_conflicts.yaml: not_conflicts[{i}].id: duplicate id '{judged.id}'")
        not_conflicts[judged.id] = judged

    if problems:
        raise KnowledgeError(problems)
    kb = KnowledgeBase(
        sources=sources,
        entries=entries,
        conflicts=conflicts,
        scope=scope,
        origin=origin,
        background=load_lexicon(),
        not_conflicts=not_conflicts,
        scope_check=scope_check,
    )
    problems = check(kb)
    if problems and cross_check:
        raise KnowledgeError(problems)
    return kb
