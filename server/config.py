"""Configuration: one table of every setting, its default, and the environment variable that
sets it (12-factor). Tests pass a dict to create_app instead of the environment.

A setting's default is one of: a value; a value for development (GEMBAKIT_ENV=development);
or `local`, a function of the app's instance folder (Flask's instance_path: `instance/` beside
a checkout, `<venv>/var/server-instance` for an installed wheel, or $GEMBAKIT_INSTANCE_PATH)
for the files a single machine keeps. The README's configuration table lists the variables;
tests/test_config.py fails when the two disagree.
"""

import os
import secrets
from dataclasses import dataclass
from datetime import timedelta
from pathlib import Path
from typing import Any, Callable, Optional


@dataclass(frozen=True)
class Setting:
    name: str  # the app.config key
    default: Any = None
    env: Optional[str] = ""  # "": the variable named like the key; None: not read
    parse: Callable = str  # the variable's text to the value
    development: Any = None  # the default when GEMBAKIT_ENV=development
    local: Optional[Callable] = None  # (instance folder) -> default, when it is a local file

    @property
    def variable(self):
        return self.name if self.env == "" else self.env


def _instance_secret(instance):
    """A stable random key for local runs, kept in instance/ so sessions survive restarts.

    Production sets SECRET_KEY so every instance shares one key."""
    instance.mkdir(parents=True, exist_ok=True)
    path = instance / "secret_key"
    if not path.exists():
        path.write_text(secrets.token_urlsafe(48))
        path.chmod(0o600)
    return path.read_text().strip()


def _yes(text):
    return text in ("1", "true", "yes")


SETTINGS = (
    # --- where the app runs ----------------------------------------------------------------
    Setting("ENV_NAME", "production", env="GEMBAKIT_ENV"),
    Setting("DATABASE_URL", local=lambda instance: f"sqlite:///{instance / 'gembakit.db'}"),
    Setting("SECRET_KEY", local=_instance_secret),
    Setting("ORIGIN", "http://localhost:5000", parse=lambda text: text.rstrip("/")),
    Setting("RP_ID", "localhost"),
    Setting("RP_NAME", "Gembakit"),
    # Proxies in front of the app whose X-Forwarded-For/-Proto to believe (decisions §47).
    Setting("TRUSTED_PROXY_HOPS", 0, parse=int),
    # Applies pending migrations at start-up (tests); production runs `flask setup` instead.
    Setting("AUTO_MIGRATE", False, env=None),
    # --- photos (server/attachments.py) ----------------------------------------------------
    Setting("ATTACHMENTS_DIR", local=lambda instance: str(instance / "attachments")),
    Setting("ATTACHMENTS_BACKEND", "folder"),
    Setting("ATTACHMENT_MAX_BYTES", 8 * 1024 * 1024, parse=int),
    # --- rate limits (server/limits.py) ----------------------------------------------------
    Setting("RATELIMIT_STORAGE_URI", "memory://"),
    # Keys in a shared store (Redis) start with this, so several apps can share one server.
    Setting("RATELIMIT_KEY_PREFIX", "gembakit"),
    # Passkey ceremonies per signed-in person (else client address) and endpoint; sync has no
    # limit of its own (decisions §10, §45).
    Setting("AUTH_RATE_LIMIT", "30/minute;300/hour"),
    # Name lookups for a workshop's participants, per person (decisions §103): a facilitator
    # types a few names; a script walking the whole directory is slowed to a crawl.
    Setting("PEOPLE_LOOKUP_RATE_LIMIT", "30/minute;200/hour"),
    Setting("RATELIMIT_HEADERS_ENABLED", True, env=None),
    # Redis down: count in each process's memory instead of refusing sign-ins (decisions §46).
    Setting("RATELIMIT_IN_MEMORY_FALLBACK_ENABLED", True, env=None),
    # --- telemetry (server/telemetry.py): JSON log lines; /metrics off until a token is set --
    Setting("LOG_FORMAT", "json", development="text"),
    Setting("LOG_LEVEL", "INFO"),
    Setting("METRICS_TOKEN", ""),
    Setting("METRICS_PUBLIC", False, parse=_yes),
    # --- coaching ----------------------------------------------------------------------------
    # A coach with more active learners than this is warned (team view).
    Setting("COACH_LOAD_CAP", 6, parse=int),
    # A challenge with no check-in for this many days is stale (Today list).
    Setting("STALE_AFTER_DAYS", 7, parse=int),
    # --- reminders by Web Push (server/push.py; decisions §90-§92) -----------------------------
    # The contact push services see in the VAPID claims ("mailto:…" or an https URL; ""=ORIGIN).
    Setting("VAPID_SUBJECT", ""),
    # Accept http:// subscription endpoints (a local test receiver); production: https only.
    Setting("PUSH_HTTP_ENDPOINTS", False, parse=_yes),
    # --- sessions, passkeys, invites -----------------------------------------------------------
    # A shift (and a week-end offline) must not log the device out: two weeks, renewed on use.
    Setting("PERMANENT_SESSION_LIFETIME", timedelta(days=14), env=None),
    Setting("SESSION_REFRESH_EACH_REQUEST", True, env=None),
    Setting("SESSION_COOKIE_HTTPONLY", True, env=None),
    Setting("SESSION_COOKIE_SAMESITE", "Lax", env=None),
    Setting("SESSION_COOKIE_NAME", "gembakit_session", env=None),
    Setting("REMEMBER_COOKIE_HTTPONLY", True, env=None),
    Setting("REMEMBER_COOKIE_SAMESITE", "Lax", env=None),
    Setting("INVITE_TTL", timedelta(days=7), env=None),
    # A passkey ceremony (options, then verify) must be finished within this.
    Setting("CEREMONY_TTL", timedelta(minutes=5), env=None),
    # How long each device shows that a recovery link was used on the account (decisions §22).
    Setting("RECOVERY_NOTICE_PERIOD", timedelta(days=30), env=None),
    # --- requests and sync ---------------------------------------------------------------------
    # Largest request body: a push of 500 mutations with long notes; photos have their own limit.
    Setting("MAX_CONTENT_LENGTH", 4 * 1024 * 1024, env=None),
    Setting("MAX_PUSH_MUTATIONS", 500, env=None),
    Setting("MAX_PULL_LIMIT", 1000, env=None),
    Setting("DEFAULT_PULL_LIMIT", 500, env=None),
    Setting("JSON_SORT_KEYS", False, env=None),
)

# Every default that needs no instance folder (what a test's config starts from).
DEFAULTS = {s.name: s.default for s in SETTINGS if s.local is None}


def from_environment(instance):
    """The settings the environment gives, each variable unset taking its default; `instance`
    is the app's instance folder, where local defaults live."""
    env = os.environ.get
    instance = Path(instance)
    development = env("GEMBAKIT_ENV", DEFAULTS["ENV_NAME"]) == "development"
    found = {}
    for setting in SETTINGS:
        if setting.variable is None:
            continue
        text = env(setting.variable)
        # An empty value names no file or key (SECRET_KEY=""): the local default stands.
        if text is None or (text == "" and setting.local is not None):
            found[setting.name] = _default(setting, instance, development)
        else:
            found[setting.name] = setting.parse(text)
    return found


def _default(setting, instance, development):
    if setting.local is not None:
        return setting.local(instance)
    if development and setting.development is not None:
        return setting.development
    return setting.default


def local_defaults(config, instance):
    """Local files a test's config leaves out and that cost nothing to name (the photo
    folder): under the instance folder, as from the environment."""
    instance = Path(instance)
    return (
        {"ATTACHMENTS_DIR": str(instance / "attachments")}
        if "ATTACHMENTS_DIR" not in config
        else {}
    )
