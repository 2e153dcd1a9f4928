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


def _headers(response: Response) -> Response:
    """The security headers a view has not set itself, and CORS under /api/ (one pass over the headers)."""
    headers = response.headers
    present = {name.lower() for name, _ in headers}
    missing = [(name, value) for name, value in SECURITY_HEADERS.items() if name.lower() not in present]
    if "content-security-policy" not in present:
        missing.append(("Content-Security-Policy", CSP_PAGE if response.mimetype == "text/html" else CSP_API))
    headers.extend(missing)
    path = request.path
    if path.startswith(PRIVATE_PATHS):
        # The API's answers and the support team's pages and exports hold conversations: no cache may keep them.
        headers["Cache-Control"] = "no-store"
    if path.startswith("/api/"):
        _cors(response, "vary" in present)
    return response


def _cors(response: Response, varies: bool) -> None:
    if varies:
        response.vary.add("Origin")
    else:
        response.headers["Vary"] = "Origin"
    origin = request.headers.get("Origin")
    if origin and origin in current_app.config["CORS_ORIGINS"]:
        response.headers["Access-Control-Allow-Origin"] = origin
        if request.method == "OPTIONS":
            response.headers["Access-Control-Allow-Methods"] = CORS_METHODS
            response.headers["Access-Control-Allow-Headers"] = CORS_HEADERS
            response.headers["Access-Control-Max-Age"] = "600"


def init_app(app: Flask) -> None:
    """Add the headers to every response the app sends."""
    app.after_request(_headers)
