"""A fitted engine kept in the instance folder, so that a start with an unchanged KB and code skips the fit.

Fitting the index and the confidence model takes most of a second; reading a fitted engine back takes a tenth
of that. The file's first line is a digest of everything the fit depends on (every file of the knowledge-base folder, the word-frequency tables, the source of the KB and matching
layers, the versions of Python and of the libraries that compute), and it is used only when that digest is the
one worked out now. A file that is stale, truncated, unreadable or not an engine is replaced by a fresh fit; a
folder that cannot be written to just means the next start fits again. The knowledge base in a used file was
validated when the file was written (it is only written after a successful load), and its files are unchanged
since: the digest covers every byte of them. The digest guards against a stale or damaged file, not against a
hostile one: the file is a pickle, so the instance folder must be writable by the service's operator only, as it
must be anyway for `config.py`, which the service runs.

A fit runs in a child process of its own, which hands back the pickled engine and exits. Only the fit needs
scikit-learn, and importing it brings in much of SciPy (about 40 MB): kept out of the serving process, it is not in
the pages every worker forked from it shares, nor in the master that stays beside them.
"""

from __future__ import annotations

import functools
import hashlib
import io
import json
import logging
import os
import pickle
import platform
import tempfile
import traceback
from importlib import metadata
from pathlib import Path
from typing import Any

from ..kb import loader
from ..kb.knowledge import KnowledgeError
from ..kb.shipped import shipped_folder
from ..matching.engine import Engine

log = logging.getLogger(__name__)

FILE = "engine.cache"
FORMAT = b"closure-faq-engine 1"
_PACKAGES = ("numpy", "scipy", "scikit-learn", "rapidfuzz", "msgspec", "PyYAML")
_CODE = Path(__file__).resolve().parents[1]
"""The package: the layers whose source shapes a fitted engine are under it."""


def _lru(function: Any, maxsize: int | None) -> Any:
    return functools.lru_cache(maxsize=maxsize)(function)


class _Pickler(pickle.Pickler):
    """Pickles the engine's memo caches as empty ones of the same size (their contents are only a speed-up)."""

    def reducer_override(self, obj: Any) -> Any:
        if isinstance(obj, functools._lru_cache_wrapper):
            return _lru, (obj.__wrapped__, obj.cache_parameters()["maxsize"])
        return NotImplemented


def _files(folder: Path) -> list[Path]:
    return sorted(p for p in folder.rglob("*") if p.is_file() and "__pycache__" not in p.parts)


def digest(knowledge_dir: str | Path | None) -> str:
    """A digest of everything a fitted engine depends on: the KB's files, the word tables, the code, the versions."""
    h = hashlib.sha256(FORMAT)
    h.update(f"{platform.python_implementation()} {platform.python_version()}".encode())
    for name in _PACKAGES:
        try:
            h.update(f"{name} {metadata.version(name)}\n".encode())
        except metadata.PackageNotFoundError:
            h.update(f"{name} -\n".encode())
    root = Path(knowledge_dir) if knowledge_dir is not None else shipped_folder("knowledge")
    groups = (
        ("kb", root, _files(root) if root.is_dir() else []),
        ("tables", None, list(loader.LEXICON_FILES)),
        ("code", _CODE, [p for layer in ("kb", "matching") for p in _files(_CODE / layer) if p.suffix == ".py"]),
    )
    for tag, base, paths in groups:
        for path in paths:
            name = path.relative_to(base).as_posix() if base is not None else path.name
            data = path.read_bytes()
            h.update(f"{tag}:{name}:{len(data)}\n".encode())
            h.update(data)
    return h.hexdigest()


def _read(path: Path, key: str) -> Engine | None:
    try:
        with path.open("rb") as f:
            if f.readline().rstrip(b"\n") != key.encode("ascii"):
                return None
            engine = pickle.load(f)
    except FileNotFoundError:
        return None
    except Exception as exc:  # a damaged file is rebuilt, whatever is wrong with it
        log.warning("fitted engine in %s not usable (%s); fitting again", path, exc)
        return None
    return engine if isinstance(engine, Engine) else None


def _pickled(engine: Engine) -> bytes:
    buffer = io.BytesIO()
    _Pickler(buffer, protocol=pickle.HIGHEST_PROTOCOL).dump(engine)
    return buffer.getvalue()


def _write(path: Path, key: str, pickled: bytes) -> None:
    try:
        path.parent.mkdir(parents=True, exist_ok=True)
        # Written beside it, then renamed over it: a reader sees the old file or the new one, never half of one.
        fd, tmp = tempfile.mkstemp(prefix=".engine-", dir=path.parent)
        try:
            with os.fdopen(fd, "wb") as f:
                f.write(key.encode("ascii") + b"\n")
                f.write(pickled)
            os.replace(tmp, path)
        except BaseException:
            Path(tmp).unlink(missing_ok=True)
            raise
    except OSError as exc:
        log.warning("fitted engine not kept in %s (%s); the next start fits again", path.parent, exc)


_ENGINE, _INVALID, _FAILED = b"E", b"K", b"X"
"""The first byte of what a fitting process sends back: a pickled engine, the validator's problems, a traceback."""


def _fit_result(knowledge_dir: str | Path | None) -> bytes:
    try:
        return _ENGINE + _pickled(Engine().fit(loader.load(knowledge_dir)))
    except KnowledgeError as exc:
        return _INVALID + json.dumps(exc.problems).encode("utf-8")
    except Exception:
        return _FAILED + traceback.format_exc().encode("utf-8")


def fit_apart(knowledge_dir: str | Path | None) -> bytes:
    """Load, validate and fit the KB in a child process and return the pickled engine; raise KnowledgeError (the
    validator's problems) for an invalid KB. Where processes cannot be forked, the fit runs here."""
    if not hasattr(os, "fork"):
        result = _fit_result(knowledge_dir)
    else:
        readable, writable = os.pipe()
        pid = os.fork()
        if pid == 0:  # the child: fit, send, and leave without running anything of the parent's
            status = 1
            try:
                os.close(readable)
                with os.fdopen(writable, "wb") as out:
                    out.write(_fit_result(knowledge_dir))
                status = 0
            finally:
                os._exit(status)
        os.close(writable)
        with os.fdopen(readable, "rb") as received:
            result = received.read()
        try:
            os.waitpid(pid, 0)
        except ChildProcessError:  # a server's own handler of ended children may have collected it first
            pass
    tag, body = result[:1], result[1:]
    if tag == _ENGINE:
        return body
    if tag == _INVALID:
        raise KnowledgeError(json.loads(body))
    detail = body.decode("utf-8", "replace") if tag == _FAILED else "the fitting process ended without an answer"
    raise RuntimeError(f"fitting the knowledge base failed:\n{detail}")


def fitted_engine(knowledge_dir: str | Path | None, instance_path: str | os.PathLike[str]) -> Engine:
    """The engine for the KB in `knowledge_dir`: read from the instance folder when its digest matches, else
    loaded, validated and fitted in a process of its own (raising KnowledgeError for an invalid KB) and kept there
    for the next start."""
    path = Path(instance_path) / FILE
    key = digest(knowledge_dir)
    engine = _read(path, key)
    if engine is None:
        pickled = fit_apart(knowledge_dir)
        _write(path, key, pickled)
        engine = pickle.loads(pickled)
    return engine
