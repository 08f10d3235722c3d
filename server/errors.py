"""One JSON error shape for the whole API: {"error": {"code", "message", "details"}}."""
from flask import jsonify, request
from werkzeug.exceptions import HTTPException


class ApiError(Exception):
    def __init__(self, status, code, message, details=None, headers=None):
        super().__init__(message)
        self.status, self.code, self.message = status, code, message
        self.details, self.headers = details, headers or {}


def error_response(status, code, message, details=None, headers=None):
    body = {"error": {"code": code, "message": message, "details": details}}
    response = jsonify(body)
    response.status_code = status
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def validation_details(exc):
    """pydantic errors without the input echo (it may be large or sensitive)."""
    return [
        {"loc": ".".join(str(p) for p in e["loc"]), "msg": e["msg"], "type": e["type"]}
        for e in exc.errors(include_url=False, include_input=False)
    ]


HTTP_CODES = {
    400: "bad_request",
    401: "unauthenticated",
    403: "forbidden",
    404: "not_found",
    405: "method_not_allowed",
    409: "conflict",
    410: "gone",
    413: "payload_too_large",
    415: "unsupported_media_type",
    429: "rate_limited",
}


def register(app):
    @app.errorhandler(ApiError)
    def _api_error(exc):
        return error_response(exc.status, exc.code, exc.message, exc.details, exc.headers)

    @app.errorhandler(HTTPException)
    def _http_error(exc):
        if not _wants_json():
            return exc
        status = exc.code or 500
        message = exc.description or exc.name
        if status == 413:
            message = "The request is too large. Send fewer changes per request."
        # Keep what the exception says about itself: a 405's Allow, a 401's WWW-Authenticate.
        headers = {k: v for k, v in exc.get_headers() if k.lower() != "content-type"}
        if status == 429:
            headers["Retry-After"] = "60"
            message = "Too many requests. Wait a minute and try again."
        return error_response(status, HTTP_CODES.get(status, "error"), message, None, headers)

    @app.errorhandler(Exception)
    def _unexpected(exc):
        app.logger.exception("unhandled error on %s %s", request.method, request.path)
        from peewee import OperationalError, InterfaceError

        if isinstance(exc, (OperationalError, InterfaceError)):
            return error_response(
                503, "unavailable", "The database is busy or unreachable; nothing was saved. "
                "Try again shortly.", None, {"Retry-After": "5"})
        return error_response(500, "internal_error", "Something went wrong on the server; "
                              "nothing was saved. Try again, and report it if it persists.")


def _wants_json():
    return request.path.startswith("/api/") or request.path == "/healthz" \
        or request.accept_mimetypes.best == "application/json"
