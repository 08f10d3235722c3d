"""The production app factory with the passkey rate limit lifted, so a benchmark can enrol a
hundred devices from one address in a few seconds. Sync itself has no rate limit."""
from server import config, create_app as _create_app


def create_app():
    return _create_app(config.from_environment() | {"AUTH_RATE_LIMIT": "100000/minute"})
