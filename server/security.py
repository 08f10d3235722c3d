"""Request guards and response headers shared by every route.

CSRF: state-changing API requests must come from our own origin (the browser always sends
Origin on them) and carry JSON, which a plain HTML form cannot send.
"""

from flask import request
from werkzeug.exceptions import RequestEntityTooLarge
from werkzeug.routing import BaseConverter

from .errors import ApiError, Code
from .validation import BAD_TEXT, INT64_MAX

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; "
    "connect-src 'self'; worker-src 'self'; manifest-src 'self'; frame-ancestors 'none'; "
    "base-uri 'none'; form-action 'self'; object-src 'none'"
)

# Responses a page loads into itself (not documents): no document policies on them.
SUBRESOURCE_TYPES = {
    "text/javascript",
    "application/javascript",
    "text/css",
    "image/png",
    "application/manifest+json",
}


class Uid(BaseConverter):
    """A record or person id in a URL (a UUID, as every id the server or a device makes):
    anything else matches no route, so `/api/people/helpers` is never taken for an id."""

    regex = r"[0-9a-fA-F-]{36}"


class Int64(BaseConverter):
    """An integer route parameter is a database id, which fits a signed 64-bit column: a
    longer number matches no route (404), and a 19-digit one past the column's range becomes
    0, an id no row has (404 from the view). Not a ValidationError from to_python: werkzeug
    then answers 405 when another method's rule has the same path."""

    regex = r"[0-9]{1,19}"
    part_isolating = True

    def to_python(self, value):
        number = int(value)
        return number if number <= INT64_MAX else 0

    def to_url(self, value):
        return str(int(value))


def init_app(app):
    # Before any blueprint adds its rules: they name these converters.
    app.url_map.converters.update(uid=Uid, int64=Int64)

    @app.before_request
    def _guard():
        if request.routing_exception is not None:
            return  # no such route or method: Flask answers 404, or 405 with Allow
        _refuse_bad_text()
        _refuse_oversize_stream()
        if request.method not in UNSAFE or not request.path.startswith("/api/"):
            return
        if request.headers.get("Origin") != app.config["ORIGIN"]:
            raise ApiError(
                403,
                Code.BAD_ORIGIN,
                f"This request did not come from the Gembakit app at {app.config['ORIGIN']}.",
            )
        binary_upload = request.path.startswith("/api/attachments/")
        # A request without a body (sign out) carries nothing a form could forge.
        has_body = request.content_length or "chunked" in request.headers.get(
            "Transfer-Encoding", ""
        )
        if has_body and not binary_upload and request.mimetype != "application/json":
            raise ApiError(
                415,
                Code.UNSUPPORTED_MEDIA_TYPE,
                "Send the request body as JSON (Content-Type: application/json).",
            )

    @app.after_request
    def _headers(response):
        headers = response.headers
        headers.setdefault("X-Content-Type-Options", "nosniff")
        if response.mimetype not in SUBRESOURCE_TYPES or request.path == "/sw.js":
            # Policies that apply to a document or a worker; on a module, a stylesheet or an
            # icon a browser ignores them, and they cost ~400 bytes on each of the first
            # load's ~30 responses (docs/decisions.md §81: the language catalog's room).
            headers.setdefault("Content-Security-Policy", CSP)
            headers.setdefault("Referrer-Policy", "same-origin")
            headers.setdefault("X-Frame-Options", "DENY")
            headers.setdefault("Permissions-Policy", "camera=(self), geolocation=(), microphone=()")
        if request.path.startswith("/api/"):
            headers["Cache-Control"] = "no-store"
        if app.config["SESSION_COOKIE_SECURE"]:
            headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response


def _refuse_bad_text():
    """Query strings and path parameters are text too: no NUL, no unpaired surrogates."""
    values = [v for vs in request.args.listvalues() for v in vs] + [
        v for v in (request.view_args or {}).values() if isinstance(v, str)
    ]
    if any(BAD_TEXT.search(value) for value in values):
        raise ApiError(
            400,
            Code.INVALID_TEXT,
            "The address holds characters that are not text (NUL or an unpaired surrogate).",
        )


def _refuse_oversize_stream():
    """A body sent without Content-Length (chunked) is cut at MAX_CONTENT_LENGTH by werkzeug
    without a word, and the truncated JSON would be a misleading 400: read it here and answer
    413 when it reaches the limit. Photo uploads read their own, larger, limit."""
    limit = request.max_content_length
    if (
        request.content_length is not None
        or limit is None
        or request.path.startswith("/api/attachments/")
    ):
        return
    if len(request.get_data(cache=True)) >= limit:
        raise RequestEntityTooLarge()
