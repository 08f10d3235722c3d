"""Request guards and response headers shared by every route.

CSRF: state-changing API requests must come from our own origin (the browser always sends
Origin on them) and carry JSON, which a plain HTML form cannot send.
"""
from flask import request

from .errors import ApiError

UNSAFE = {"POST", "PUT", "PATCH", "DELETE"}

CSP = ("default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' blob: data:; "
       "connect-src 'self'; worker-src 'self'; manifest-src 'self'; frame-ancestors 'none'; "
       "base-uri 'none'; form-action 'self'; object-src 'none'")


def init_app(app):
    @app.before_request
    def _guard():
        if request.method not in UNSAFE or not request.path.startswith("/api/"):
            return
        if request.headers.get("Origin") != app.config["ORIGIN"]:
            raise ApiError(403, "bad_origin", "This request did not come from the Gembakit app "
                           f"at {app.config['ORIGIN']}.")
        binary_upload = request.path.startswith("/api/attachments/")
        has_body = request.content_length or request.method in {"POST", "PATCH"}
        if has_body and not binary_upload and request.mimetype != "application/json":
            raise ApiError(415, "unsupported_media_type",
                           "Send the request body as JSON (Content-Type: application/json).")

    @app.after_request
    def _headers(response):
        headers = response.headers
        headers.setdefault("Content-Security-Policy", CSP)
        headers.setdefault("X-Content-Type-Options", "nosniff")
        headers.setdefault("Referrer-Policy", "same-origin")
        headers.setdefault("X-Frame-Options", "DENY")
        headers.setdefault("Permissions-Policy", "camera=(self), geolocation=(), microphone=()")
        if request.path.startswith("/api/"):
            headers["Cache-Control"] = "no-store"
        if app.config["SESSION_COOKIE_SECURE"]:
            headers.setdefault("Strict-Transport-Security", "max-age=31536000")
        return response
