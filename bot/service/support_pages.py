"""The support team's pages under /triage: sign-in, the queue, one conversation, gaps in the KB, figures, exports."""

from __future__ import annotations

import json
import logging
from typing import Any

from flask import Blueprint, current_app, flash, g, redirect, render_template, request, url_for
from werkzeug.exceptions import HTTPException
from werkzeug.wrappers import Response

from ..conversations.ids import UnknownSession
from ..store.base import STATUSES
from ..support import agents, casework, gaps, reports
from ..support import charts as charts_
from ..support.shapes import GapDraft, GapGroup, GapReport
from . import auth
from .errors import DOMAIN_ERRORS, HTTP_CODES, ApiError, error_response
from .payload import path_id

log = logging.getLogger(__name__)

bp = Blueprint("triage", __name__, url_prefix="/triage")

HEADINGS = {
    "invalid_date": "Those dates cannot be shown",
    "invalid_field": "That could not be done",
    "csrf_failed": "The form has expired",
    "not_found": "Nothing is at this address",
    "unknown_session": "No such conversation",
    "unknown_group": "This group has changed",
    "rate_limited": "Too many attempts",
    "store_unavailable": "The store is unavailable",
    "internal_error": "Something went wrong",
}
"""The heading of the error page for each error code (others get a general one)."""


@bp.before_request
def _csrf() -> None:
    auth.check_csrf()


@bp.context_processor
def _context() -> dict[str, Any]:
    return {"csrf_token": auth.csrf_token, "agent": g.get("agent")}


def _as_api_error(exc: Exception) -> ApiError:
    """Any failure of a page as the API would describe it: status, code and message."""
    if isinstance(exc, ApiError):
        return exc
    for kind, make in DOMAIN_ERRORS.items():
        if isinstance(exc, kind):
            return make(exc)
    if isinstance(exc, HTTPException) and exc.code:
        code, message = HTTP_CODES.get(exc.code, ("http_error", "The request failed."))
        return ApiError(exc.code, code, message)
    log.exception("unhandled error on a support page", exc_info=exc)
    return ApiError(500, *HTTP_CODES[500])


@bp.errorhandler(Exception)
def _error_page(exc: Exception) -> Any:
    """The support pages fail with a page in their own style (the API keeps its JSON shape)."""
    error = _as_api_error(exc)
    wants_json = request.accept_mimetypes.best_match(["text/html", "application/json"]) == "application/json"
    if wants_json or request.mimetype == "application/json":  # a program, not a browser: the API's shape
        return error_response(error.status, error.code, error.message)
    page = render_template(
        "triage/error.html",
        status=error.status,
        code=error.code,
        heading=HEADINGS.get(error.code, "The request could not be handled"),
        message=error.message,
        retry_path=request.path if request.method == "GET" and request.query_string else None,
    )
    return page, error.status


@bp.route("/<path:unknown>", methods=["GET", "POST"])
def _nothing_here(unknown: str) -> Any:
    # Without it, an address under /triage that no page has would get the API's JSON 404.
    raise ApiError(404, "not_found", "There is no support page at this address.")


def store() -> Any:
    """The app's store."""
    return current_app.extensions["bot"].store


def low_confidence() -> float:
    """Replies answered below this confidence count as low-confidence."""
    return float(current_app.config["LOW_CONFIDENCE"])


def date_range() -> tuple[Any, Any]:
    """The `from`/`to` query parameters as dates; a clear 400 when malformed."""
    try:
        return reports.parse_range(request.args.get("from"), request.args.get("to"))
    except reports.RangeError as exc:
        raise ApiError(400, "invalid_date", f"Bad date range: {exc}.") from None


def download(body: str, filename: str, mimetype: str) -> Response:
    """A text file the browser saves rather than shows."""
    response = Response(body, mimetype=mimetype)
    response.headers["Content-Disposition"] = f'attachment; filename="{filename}"'
    return response


@bp.get("/signin")
def signin_form() -> str:
    return render_template("triage/signin.html", next=request.args.get("next", ""))


@bp.post("/signin")
def signin() -> Any:
    name = request.form.get("name", "").strip()
    agent = agents.authenticate(store(), name, request.form.get("password", ""))
    if agent is None:
        page = render_template("triage/signin.html", next=request.form.get("next", ""), error="Wrong name or password.")
        return page, 401
    auth.sign_in(agent)
    return redirect(auth.safe_next(request.form.get("next")))


@bp.post("/signout")
def signout() -> Response:
    auth.sign_out()
    return redirect(url_for("triage.signin_form"))


@bp.get("/")
@auth.page
def queue_page() -> str:
    reason = request.args.get("filter") or None
    status = request.args.get("status") or None
    try:
        page = casework.queue(store(), low_confidence(), reason, status, request.args.get("next") or None)
    except casework.TriageError as exc:
        raise ApiError(400, "invalid_field", f"{exc}.") from None
    older = url_for("triage.queue_page", filter=reason, status=status, next=page["next"]) if page["next"] else None
    return render_template(
        "triage/queue.html",
        items=page["items"],
        older=older,
        reasons=casework.REASON_NAMES,
        statuses=STATUSES,
        reason=reason,
        status=status,
    )


@bp.get("/items/<session_id>")
@auth.page
def item_page(session_id: str) -> str:
    try:
        found = casework.item(store(), path_id(session_id), low_confidence())
    except UnknownSession:
        raise ApiError(404, "unknown_session", "No conversation has this session id.") from None
    return render_template("triage/item.html", item=found, statuses=STATUSES, agents=agents.team(store()))


def _change(session_id: str, action: Any) -> Response:
    """Run one change from the item page; a refused change is shown there as a message."""
    try:
        action(path_id(session_id))
    except UnknownSession:
        raise ApiError(404, "unknown_session", "No conversation has this session id.") from None
    except casework.TriageError as exc:
        flash(str(exc))
    return redirect(url_for("triage.item_page", session_id=session_id))


def _text(name: str) -> str:
    text = request.form.get(name, "").strip()
    limit = current_app.config["COMMENT_MAX_CHARS"]
    if not text or len(text) > limit:
        raise casework.TriageError(f"write between 1 and {limit} characters")
    return text


@bp.post("/items/<session_id>")
@auth.page
def update(session_id: str) -> Response:
    form = request.form
    return _change(
        session_id,
        lambda sid: casework.update(
            store(),
            sid,
            g.agent,
            status=form.get("status"),
            assignee=form.get("assignee"),
            labels=casework.parse_labels(form["labels"]) if "labels" in form else None,
        ),
    )


@bp.post("/items/<session_id>/handback")
@auth.page
def hand_back(session_id: str) -> Response:
    return _change(session_id, lambda sid: casework.hand_back(store(), sid, g.agent))


@bp.post("/items/<session_id>/notes")
@auth.page
def note(session_id: str) -> Response:
    return _change(session_id, lambda sid: casework.add_note(store(), sid, g.agent, _text("text")))


@bp.post("/items/<session_id>/reply")
@auth.page
def reply(session_id: str) -> Response:
    return _change(session_id, lambda sid: casework.reply(store(), sid, g.agent, _text("text")))


def gap_report(first: Any, last: Any) -> GapReport:
    """The weak questions of the date range, grouped, on-topic apart from off-topic; and the dismissals in force."""
    off_topic = current_app.extensions["bot"].assistant.off_topic
    return gaps.report(store(), low_confidence(), *reports.bounds(first, last), off_topic=off_topic)


def gap_group(key: str) -> GapGroup:
    """The group with this key in the request's date range; 404 when there is none (it changed, or was dismissed)."""
    found = next((grp for grp in gap_report(*date_range())["groups"] if grp["key"] == key), None)
    if found is None:
        raise ApiError(404, "unknown_group", "No group has this key in this date range; reload the gaps page.")
    return found


@bp.get("/gaps")
@auth.page
def gaps_page() -> str:
    first, last = date_range()
    found = gap_report(first, last)
    on_topic = [grp for grp in found["groups"] if grp["scope"] == "on_topic"]
    off_topic = [grp for grp in found["groups"] if grp["scope"] == "off_topic"]
    return render_template(
        "triage/gaps.html",
        on_topic=on_topic,
        off_topic=off_topic,
        dismissed=found["dismissed"],
        first=first,
        last=last,
    )


@bp.get("/gaps/<key>.yaml")
@auth.page
def draft(key: str) -> Response:
    found = gap_group(key)
    return download(gaps.draft_entry(found), f"{gaps.draft_id(found['question'])}.yaml", "application/x-yaml")


def ranker() -> gaps.Ranker:
    """The running engine's ranking of the entries for a message."""
    engine = current_app.extensions["bot"].assistant.engine
    return lambda text: [(match.label, match.score) for match in engine.judge(text).matches]


def gap_draft(key: str) -> GapDraft:
    """The group with this key as a draft entry, with the entries nearest to it and the questions to check."""
    found = gap_group(key)
    kb = current_app.extensions["bot"].assistant.kb
    near = gaps.nearest_entries(found, kb, ranker())
    questions = gaps.questions_to_check(found, near, kb)
    at_risk = gaps.questions_at_risk(found, near, kb)
    draft = gaps.draft_entry(found)
    return {"group": found, "draft": draft, "nearest": near, "at_risk": at_risk, "questions": questions}


@bp.get("/gaps/<key>/draft")
@auth.page
def draft_page(key: str) -> str:
    first, last = date_range()
    found = gap_draft(key)
    group = found["group"]
    ranked = min(len(group["examples"]), gaps.RANKED_SAMPLE)
    name = gaps.draft_id(group["question"])
    return render_template("triage/draft.html", **found, draft_id=name, ranked=ranked, first=first, last=last)


@bp.get("/gaps/<key>/questions.jsonl")
@auth.page
def draft_questions(key: str) -> Response:
    found = gap_draft(key)
    body = "".join(json.dumps({"q": q}, ensure_ascii=False) + "\n" for q in found["questions"])
    return download(body, f"{gaps.draft_id(found['group']['question'])}-questions.jsonl", "application/jsonl")


def dismissal_number(text: str) -> int:
    """A dismissal's id from the path; 404 when it cannot be one."""
    if not text.isascii() or not text.isdigit() or len(text) > 18:
        raise ApiError(404, "unknown_dismissal", "No dismissal in force has this id.")
    return int(text)


def _back_to_gaps() -> Response:
    same_range: dict[str, Any] = {"from": request.args.get("from"), "to": request.args.get("to")}
    return redirect(url_for("triage.gaps_page", **same_range))


@bp.post("/gaps/<key>/dismiss")
@auth.page
def dismiss_gap(key: str) -> Response:
    found = gap_group(key)
    gaps.dismiss(store(), found, g.agent.id)
    flash(f"Dismissed as not for the knowledge base: \u201c{found['question']}\u201d ({found['count']} questions).")
    return _back_to_gaps()


@bp.post("/gaps/dismissals/<dismissal_id>/undo")
@auth.page
def undo_dismissal(dismissal_id: str) -> Response:
    if store().undo_gap_dismissal(dismissal_number(dismissal_id), g.agent.id):
        flash("Dismissal undone: its questions are back among the groups.")
    else:
        flash("That dismissal was already undone.")
    return _back_to_gaps()


@bp.get("/figures")
@auth.page
def figures_page() -> str:
    first, last = date_range()
    data = reports.figures(store(), first, last)
    days = data["days"]
    charts = [
        charts_.day_chart("Questions per day", [(d["day"], d["questions"]) for d in days]),
        charts_.day_chart(
            "Share answered", [(d["day"], d["answered"]) for d in days], percent=True, none_text="no questions"
        ),
        charts_.day_chart(
            "Share declined", [(d["day"], d["declined"]) for d in days], percent=True, none_text="no questions"
        ),
        charts_.day_chart(
            "Share helpful, of the feedback given",
            [(d["day"], d["helpful"]) for d in days],
            percent=True,
            none_text="no feedback",
        ),
        charts_.rank_chart("Entries answered most", [(e["entry_id"], e["count"]) for e in data["top_entries"]]),
        charts_.rank_chart("Source conflicts shown", [(c["conflict_id"], c["count"]) for c in data["conflicts"]]),
    ]
    return render_template("triage/figures.html", data=data, charts=charts, first=first, last=last)


@bp.get("/export/<kind>.csv")
@auth.page
def export(kind: str) -> Response:
    writers = {"exchanges": reports.exchanges_csv, "feedback": reports.feedback_csv}
    if kind not in writers:
        raise ApiError(404, "not_found", "Exports: exchanges.csv and feedback.csv.")
    first, last = date_range()
    return download(writers[kind](store(), first, last), f"{kind}-{first}-{last}.csv", "text/csv")
