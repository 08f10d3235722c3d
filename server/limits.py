"""Rate limits (flask-limiter) on the passkey ceremonies and the people lookup (§103), counted
per person or per client.

A request is counted against the signed-in person when there is one, else against the client
address as the app sees it after the trusted proxies (TRUSTED_PROXY_HOPS, see
`trust_proxies`). So people behind one plant address do not share a bucket once signed in, and
nobody can pick a fresh bucket by sending their own X-Forwarded-For. Sync and photo uploads
have no limit: a device catching up after a week offline must never be throttled
(docs/decisions.md §10, §45).

Storage is RATELIMIT_STORAGE_URI: in-memory per process by default; set a shared store such as
redis://… when running several workers or instances so the limit holds across them
(docs/decisions.md §46).
"""

from flask import current_app, request
from flask_limiter import Limiter
from flask_login import current_user
from werkzeug.middleware.proxy_fix import ProxyFix


def client_key():
    """Whose bucket a request fills: the signed-in person's, else the client address's."""
    if current_user and current_user.is_authenticated:
        return f"person:{current_user.id}"
    return f"address:{request.remote_addr or 'unknown'}"


limiter = Limiter(key_func=client_key)


def auth_limit():
    return current_app.config["AUTH_RATE_LIMIT"]


def people_lookup_limit():
    return current_app.config["PEOPLE_LOOKUP_RATE_LIMIT"]


def trust_proxies(app):
    """Believe X-Forwarded-For and -Proto from exactly TRUSTED_PROXY_HOPS proxies in front.

    ProxyFix takes the Nth address from the right of X-Forwarded-For, the one the outermost
    trusted proxy saw; anything a client wrote further left is ignored. With 0 hops the
    headers are ignored entirely and the connecting address is the client."""
    hops = int(app.config.get("TRUSTED_PROXY_HOPS") or 0)
    if hops < 0:
        raise ValueError("TRUSTED_PROXY_HOPS must be 0 or more")
    if hops:
        app.wsgi_app = ProxyFix(app.wsgi_app, x_for=hops, x_proto=hops, x_host=0)


def init_app(app):
    if app.config.get("RATELIMIT_STORAGE_URI", "").startswith(("redis://", "rediss://")):
        # A Redis that stops answering must not hang sign-ins: give up within a second, and
        # RATELIMIT_IN_MEMORY_FALLBACK_ENABLED counts in this process until it is back.
        app.config.setdefault(
            "RATELIMIT_STORAGE_OPTIONS", {"socket_connect_timeout": 1, "socket_timeout": 1}
        )
    limiter.init_app(app)
