"""Security headers on every response, and CORS for the sites allowed to embed the widget."""

from __future__ import annotations

from flask import Flask, Response, current_app, request

SECURITY_HEADERS = {
    "X-Content-Type-Options": "nosniff",
    "X-Frame-Options": "DENY",
    "Referrer-Policy": "no-referrer",
    "Cross-Origin-Opener-Policy": "same-origin",
    "Permissions-Policy": "camera=(), microphone=(), geolocation=()",
}
# JSON needs no scripts, styles or frames; the service's own pages load only its own files.
CSP_API = "default-src 'none'; frame-ancestors 'none'"
CSP_PAGE = "default-src 'self'; img-src 'self' data:; frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
PRIVATE_PATHS = ("/api/", "/triage")
CORS_METHODS = "GET, POST, OPTIONS"
CORS_HEADERS = "Content-Type"


def _security(response: Response) -> Response:
    for name, value in SECURITY_HEADERS.items():
        response.headers.setdefault(name, value)
    response.headers.setdefault("Content-Security-Policy", CSP_PAGE if response.mimetype == "text/html" else CSP_API)
    if request.path.startswith(PRIVATE_PATHS):
        # The API's answers and the support team's pages and exports hold conversations: no cache may keep them.
        response.headers["Cache-Control"] = "no-store"
    return response


def _cors(response: Response) -> Response:
    origin = request.headers.get("Origin")
    if not request.path.startswith("/api/"):
        return response
    response.vary.add("Origin")
    if origin and origin in current_app.config["CORS_ORIGINS"]:
        response.headers["Access-Control-Allow-Origin"] = origin
        if request.method == "OPTIONS":
            response.headers["Access-Control-Allow-Methods"] = CORS_METHODS
            response.headers["Access-Control-Allow-Headers"] = CORS_HEADERS
            response.headers["Access-Control-Max-Age"] = "600"
    return response


def init_app(app: Flask) -> None:
    """Add the headers to every response the app sends."""
    app.after_request(_cors)
    app.after_request(_security)
