"""Rate limits (flask-limiter): passkey ceremonies per client address.

Storage is RATELIMIT_STORAGE_URI: in-memory per process by default; set a shared store such as
redis://… when running several instances so the limit holds across them.
"""
from flask import current_app
from flask_limiter import Limiter
from flask_limiter.util import get_remote_address

limiter = Limiter(key_func=get_remote_address)


def auth_limit():
    return current_app.config["AUTH_RATE_LIMIT"]


def init_app(app):
    limiter.init_app(app)
