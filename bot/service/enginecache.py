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

import contextlib
import functools
import hashlib
import io
import json
import logging
import os
import pickle
import platform
import signal
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


_PARENT_SIGNALS = tuple(
    getattr(signal, name)
    for name in (
        "SIGTERM",
        "SIGINT",
        "SIGHUP",
        "SIGQUIT",
        "SIGUSR1",
        "SIGUSR2",
        "SIGCHLD",
        "SIGWINCH",
        "SIGTTIN",
        "SIGTTOU",
    )
    if hasattr(signal, name)
)
"""Signals whose handlers a fitting process puts back to the default: a server's are the master's business."""


class Fitting:
    """A fit running in a child process of its own; `result()` waits for it, `cancel()` stops it.

    The caller goes on meanwhile: `serve` checks its store and the address it listens on while the KB is fitted.
    """

    def __init__(self, knowledge_dir: str | Path | None):
        self._pid = 0
        self._readable = -1
        self._result: bytes | None = None
        if not hasattr(os, "fork"):  # where processes cannot be forked, the fit runs here
            self._result = _fit_result(knowledge_dir)
            return
        readable, writable = os.pipe()
        # The parent's handlers are put back to the default in the child before any of those signals reaches it:
        # they stay blocked across the fork until then. (A server's master forks this child too, on SIGHUP; its
        # handlers would act for the master in here.)
        blocked = signal.pthread_sigmask(signal.SIG_BLOCK, _PARENT_SIGNALS)
        pid = -1
        try:
            try:
                pid = os.fork()
            except OSError:
                os.close(readable)
                os.close(writable)
                raise
            if pid == 0:  # the child: fit, send, and leave without running anything of the parent's
                status = 1
                try:
                    for number in _PARENT_SIGNALS:
                        signal.signal(number, signal.SIG_DFL)
                    signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
                    os.close(readable)
                    with os.fdopen(writable, "wb") as out:
                        out.write(_fit_result(knowledge_dir))
                    status = 0
                finally:
                    os._exit(status)
        finally:
            if pid != 0:
                signal.pthread_sigmask(signal.SIG_SETMASK, blocked)
        os.close(writable)
        self._pid, self._readable = pid, readable

    def result(self) -> bytes:
        """The pickled engine, once the child has sent it; raise KnowledgeError (the validator's problems) for an
        invalid KB, RuntimeError (with the child's traceback) for any other failure."""
        if self._result is None:
            with os.fdopen(self._readable, "rb") as received:
                self._result = received.read()
            self._readable = -1
            self._reap()
        tag, body = self._result[:1], self._result[1:]
        if tag == _ENGINE:
            return body
        if tag == _INVALID:
            raise KnowledgeError(json.loads(body))
        detail = body.decode("utf-8", "replace") if tag == _FAILED else "the fitting process ended without an answer"
        raise RuntimeError(f"fitting the knowledge base failed:\n{detail}")

    def cancel(self) -> None:
        """Stop the fit if it still runs (the caller gave up before asking for its result)."""
        if self._readable >= 0:
            os.close(self._readable)
            self._readable = -1
            with contextlib.suppress(ProcessLookupError):
                os.kill(self._pid, signal.SIGTERM)
            self._reap()
            self._result = b""  # asked for after all, it is a fit that ended without an answer

    def _reap(self) -> None:
        try:
            os.waitpid(self._pid, 0)
        except ChildProcessError:  # a server's own handler of ended children may have collected it first
            pass


class PendingEngine:
    """The engine `serve` answers from, read back from the instance folder or being fitted (`begin`)."""

    def __init__(self, path: Path, key: str, engine: Engine | None, fitting: Fitting | None):
        self._path, self._key, self._engine, self._fitting = path, key, engine, fitting

    def result(self) -> Engine:
        """The engine: the one read back, or the fitted one once the fit is done (then kept for the next start)."""
        if self._engine is None:
            assert self._fitting is not None
            pickled = self._fitting.result()
            _write(self._path, self._key, pickled)
            self._engine = pickle.loads(pickled)
            self._fitting = None  # with it go the pickled bytes, which the serving process need not keep
        return self._engine

    def cancel(self) -> None:
        """Stop a fit still running."""
        if self._fitting is not None and self._engine is None:
            self._fitting.cancel()


def begin(knowledge_dir: str | Path | None, instance_path: str | os.PathLike[str]) -> PendingEngine:
    """Start getting the engine for the KB in `knowledge_dir`: read from the instance folder when its digest matches,
    else fitted in a process of its own, which runs while the caller does other work."""
    path = Path(instance_path) / FILE
    key = digest(knowledge_dir)
    engine = _read(path, key)
    return PendingEngine(path, key, engine, None if engine is not None else Fitting(knowledge_dir))


def fitted_engine(knowledge_dir: str | Path | None, instance_path: str | os.PathLike[str]) -> Engine:
    """The engine for the KB in `knowledge_dir`: read from the instance folder when its digest matches, else
    loaded, validated and fitted in a process of its own (raising KnowledgeError for an invalid KB) and kept there
    for the next start."""
    return begin(knowledge_dir, instance_path).result()
