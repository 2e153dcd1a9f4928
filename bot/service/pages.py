"""The service's own pages: the demo help page at / and the widget's files for any site to embed."""

from __future__ import annotations

from flask import Blueprint, Response, send_from_directory

from ..kb.shipped import shipped_folder
from .errors import ApiError

WIDGET_FILES = {"widget.js", "widget.css"}

bp = Blueprint("pages", __name__)


@bp.get("/")
def demo() -> Response:
    return send_from_directory(shipped_folder("web"), "index.html", max_age=0)


@bp.get("/demo.css")
def demo_css() -> Response:
    return send_from_directory(shipped_folder("web"), "demo.css", max_age=300)


@bp.get("/favicon.ico")
def favicon() -> Response:
    # Browsers ask for it on every page, the support pages included; a 404 there only fills the logs.
    return send_from_directory(shipped_folder("web"), "favicon.ico", max_age=86400, mimetype="image/vnd.microsoft.icon")


@bp.get("/widget/<name>")
def widget(name: str) -> Response:
    if name not in WIDGET_FILES:
        raise ApiError(404, "not_found", "There is nothing at this address.")
    response = send_from_directory(shipped_folder("web"), name, max_age=300)
    # Host pages on other sites load these files with plain <script>/<link> tags.
    response.headers["Cross-Origin-Resource-Policy"] = "cross-origin"
    return response
