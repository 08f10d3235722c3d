"""Configuration from the environment (12-factor); tests pass a dict to create_app."""
import os
import secrets
from datetime import timedelta
from pathlib import Path

def from_environment(instance):
    """Settings from the environment; `instance` is the app's instance folder (Flask's
    instance_path: `instance/` beside a checkout, `<venv>/var/server-instance` for an installed
    wheel, or $GEMBAKIT_INSTANCE_PATH), where local defaults live."""
    env = os.environ.get
    instance = Path(instance)
    name = env("GEMBAKIT_ENV", "production")
    origin = env("ORIGIN", "http://localhost:5000").rstrip("/")
    return {
        "ENV_NAME": name,
        "DATABASE_URL": env("DATABASE_URL", f"sqlite:///{instance / 'gembakit.db'}"),
        "SECRET_KEY": env("SECRET_KEY") or _instance_secret(instance),
        "RP_ID": env("RP_ID", "localhost"),
        "RP_NAME": env("RP_NAME", "Gembakit"),
        "ORIGIN": origin,
        "RATELIMIT_STORAGE_URI": env("RATELIMIT_STORAGE_URI", "memory://"),
        "RATELIMIT_KEY_PREFIX": env("RATELIMIT_KEY_PREFIX", DEFAULTS["RATELIMIT_KEY_PREFIX"]),
        "AUTH_RATE_LIMIT": env("AUTH_RATE_LIMIT", DEFAULTS["AUTH_RATE_LIMIT"]),
        "TRUSTED_PROXY_HOPS": int(env("TRUSTED_PROXY_HOPS", "0")),
        "ATTACHMENTS_DIR": env("ATTACHMENTS_DIR", str(instance / "attachments")),
        "LOG_FORMAT": env("LOG_FORMAT", "text" if name == "development" else "json"),
        "LOG_LEVEL": env("LOG_LEVEL", "INFO"),
        "METRICS_TOKEN": env("METRICS_TOKEN", ""),
        "METRICS_PUBLIC": env("METRICS_PUBLIC", "") in ("1", "true", "yes"),
        "COACH_LOAD_CAP": int(env("COACH_LOAD_CAP", "6")),
        "STALE_AFTER_DAYS": int(env("STALE_AFTER_DAYS", "7")),
    }


def _instance_secret(instance):
    """A stable random key for local runs, kept in instance/ so sessions survive restarts.

    Production sets SECRET_KEY so every instance shares one key."""
    instance.mkdir(parents=True, exist_ok=True)
    path = instance / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


DEFAULTS = {
    "ENV_NAME": "production",
    "RP_NAME": "Gembakit",
    "RATELIMIT_STORAGE_URI": "memory://",
    "RATELIMIT_HEADERS_ENABLED": True,
    # Telemetry (server/telemetry.py): JSON log lines; /metrics off until a token is set.
    "LOG_FORMAT": "json",
    "LOG_LEVEL": "INFO",
    "METRICS_TOKEN": "",
    "METRICS_PUBLIC": False,
    # Keys in a shared store (Redis) start with this, so several apps can share one server.
    "RATELIMIT_KEY_PREFIX": "gembakit",
    # Redis down: count in each process's memory instead of refusing sign-ins (decisions §46).
    "RATELIMIT_IN_MEMORY_FALLBACK_ENABLED": True,
    # Passkey ceremonies per signed-in person (else client address) and endpoint; sync has no
    # limit of its own (decisions §10, §45).
    "AUTH_RATE_LIMIT": "30/minute;300/hour",
    # Proxies in front of the app whose X-Forwarded-For/-Proto to believe (decisions §47).
    "TRUSTED_PROXY_HOPS": 0,
    # A shift (and a week-end offline) must not log the device out: two weeks, renewed on use.
    "PERMANENT_SESSION_LIFETIME": timedelta(days=14),
    "SESSION_REFRESH_EACH_REQUEST": True,
    "SESSION_COOKIE_HTTPONLY": True,
    "SESSION_COOKIE_SAMESITE": "Lax",
    "SESSION_COOKIE_NAME": "gembakit_session",
    "REMEMBER_COOKIE_HTTPONLY": True,
    "REMEMBER_COOKIE_SAMESITE": "Lax",
    # Largest request body: a push of 500 mutations with long notes; photos have their own limit.
    "MAX_CONTENT_LENGTH": 4 * 1024 * 1024,
    "MAX_PUSH_MUTATIONS": 500,
    "MAX_PULL_LIMIT": 1000,
    "DEFAULT_PULL_LIMIT": 500,
    "INVITE_TTL": timedelta(days=7),
    # A coach with more active learners than this is warned (team view).
    "COACH_LOAD_CAP": 6,
    # A challenge with no check-in for this many days is stale (Today list).
    "STALE_AFTER_DAYS": 7,
    "CHALLENGE_TTL": timedelta(minutes=5),
    "JSON_SORT_KEYS": False,
}
