"""Who may use the triage pages and API: a signed-in session (pages, with CSRF tokens) or a Bearer token (API)."""

from __future__ import annotations

import hmac
import os
import secrets
from collections.abc import Callable
from functools import wraps
from pathlib import Path
from typing import Any
from urllib.parse import urlsplit

from flask import Flask, Request, current_app, g, redirect, request, session, url_for
from flask.sessions import SecureCookieSession, SecureCookieSessionInterface

from ..support import agents
from ..support.agents import Agent
from .errors import ApiError


def secret_key(app: Flask) -> str:
    """The configured SECRET_KEY, else one generated once and kept in the instance folder for every worker."""
    if app.config.get("SECRET_KEY"):
        return str(app.config["SECRET_KEY"])
    path = Path(app.instance_path) / "secret_key"
    path.parent.mkdir(parents=True, exist_ok=True)
    if not path.exists():
        # Written in full under a private name, then linked into place: workers starting together either
        # create the file or find it complete, never half-written.
        draft = path.with_name(f".secret_key.{os.getpid()}")
        fd = os.open(draft, os.O_WRONLY | os.O_CREAT | os.O_TRUNC, 0o600)
        with os.fdopen(fd, "w", encoding="utf-8") as file:
            file.write(secrets.token_hex(32))
        try:
            os.link(draft, path)
        except FileExistsError:
            pass
        finally:
            draft.unlink()
    return path.read_text(encoding="utf-8").strip()


class SupportPagesSessions(SecureCookieSessionInterface):
    """Session cookies for the support pages only: elsewhere a request has no session to read or write."""

    def open_session(self, app: Flask, request: Request) -> SecureCookieSession | None:
        if not request.path.startswith("/triage"):
            return self.make_null_session(app)
        return super().open_session(app, request)


def _store() -> Any:
    return current_app.extensions["bot"].store


def csrf_token() -> str:
    """This session's CSRF token, created on first use."""
    if "csrf" not in session:
        session["csrf"] = secrets.token_urlsafe(32)
    return session["csrf"]


def check_csrf() -> None:
    """Refuse a state-changing request whose form field or X-CSRF-Token header does not match the session's token."""
    if request.method in {"GET", "HEAD", "OPTIONS"}:
        return
    sent = request.form.get("csrf_token") or request.headers.get("X-CSRF-Token") or ""
    expected = session.get("csrf", "")
    if not expected or not hmac.compare_digest(sent.encode("utf-8"), expected.encode("utf-8")):
        raise ApiError(
            400, "csrf_failed", "The form has expired or did not come from this site. Reload the page and try again."
        )


def sign_in(agent: Agent) -> None:
    """Start a fresh session for the agent (a new session and CSRF token, against fixation)."""
    session.clear()
    session["agent_id"] = agent.id
    session["csrf"] = secrets.token_urlsafe(32)


def signed_in_agent() -> Agent | None:
    """The agent of this browser session, if the account still exists."""
    agent_id = session.get("agent_id")
    return agents.by_id(_store(), agent_id) if isinstance(agent_id, int) else None


def safe_next(target: str | None) -> str:
    """Where to go after signing in: only a triage page of this site."""
    if target and target.startswith("/triage") and not urlsplit(target).netloc and "\\" not in target:
        return target
    return url_for("triage.queue_page")


def page(view: Callable[..., Any]) -> Callable[..., Any]:
    """A triage page: without a signed-in agent, redirect to the sign-in page."""

    @wraps(view)
    def wrapper(*args: Any, **kwargs: Any) -> Any:
        agent = signed_in_agent()
        if agent is None:
            return redirect(url_for("triage.signin_form", next=request.full_path.rstrip("?")))
        g.agent = agent
        return view(*args, **kwargs)

    return wrapper


def bearer_agent() -> Agent:
    """The agent holding the request's Bearer token; 401 in the canonical shape otherwise."""
    scheme, _, token = request.headers.get("Authorization", "").partition(" ")
    agent = agents.by_token(_store(), token.strip()) if scheme.lower() == "bearer" and token.strip() else None
    if agent is None:
        raise ApiError(401, "unauthorized", "Send a valid agent token: Authorization: Bearer <token>.")
    return agent
