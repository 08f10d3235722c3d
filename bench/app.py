"""The production app factory with the passkey rate limit lifted, so a benchmark can enrol a
hundred devices from one address in a few seconds. Sync itself has no rate limit."""

from pathlib import Path

from server import config, create_app as _create_app

INSTANCE = Path(__file__).resolve().parent.parent / "instance"


def create_app():
    return _create_app(config.from_environment(INSTANCE) | {"AUTH_RATE_LIMIT": "100000/minute"})
