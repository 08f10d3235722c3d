"""Gembakit's Flask app factory."""

import os

from flask import Flask, jsonify

from . import config as config_module
from . import db, errors, jsonio, limits, security, telemetry


def create_app(config=None):
    app = Flask(
        __name__, static_folder=None, instance_path=os.environ.get("GEMBAKIT_INSTANCE_PATH") or None
    )
    app.config.update(config_module.DEFAULTS)
    if config is None:
        app.config.update(config_module.from_environment(app.instance_path))
    else:
        app.config.update(config)
        app.config.update(config_module.local_defaults(config, app.instance_path))
    if "SESSION_COOKIE_SECURE" not in (config or {}):
        app.config["SESSION_COOKIE_SECURE"] = app.config["ENV_NAME"] != "development"
    app.config["REMEMBER_COOKIE_SECURE"] = app.config["SESSION_COOKIE_SECURE"]
    jsonio.init_app(app)  # strict JSON in and out (no NaN, no Infinity, bounded nesting)

    telemetry.init_app(app)  # first: every later hook and log line has the request id
    errors.register(app)
    db.init_app(app)
    security.init_app(app)
    limits.init_app(app)

    from .auth.sessions import init_app as init_sessions

    init_sessions(app)

    from . import coaching  # noqa: F401  (registers synced entities)
    from .auth import bp as auth_bp
    from .openapi import bp as openapi_bp
    from .people import bp as people_bp
    from .pwa import bp as pwa_bp
    from .sync import bp as sync_bp
    from .audit import bp as audit_bp
    from .push import bp as push_bp
    from .coaching.principles import bp as principles_bp

    for blueprint in (
        auth_bp,
        people_bp,
        audit_bp,
        sync_bp,
        push_bp,
        principles_bp,
        openapi_bp,
        pwa_bp,
    ):
        app.register_blueprint(blueprint)

    from . import attachments

    attachments.init_app(app)  # photo store + /api/attachments

    from . import cli

    cli.init_app(app)

    @app.get("/healthz")
    def healthz():
        """Live: the process answers and the database answers."""
        db.database.execute_sql("SELECT 1")
        return jsonify({"status": "ok"})

    @app.get("/healthz/ready")
    def ready():
        """Ready: live, and the schema is this release's (else 503 saying what to run)."""
        db.database.execute_sql("SELECT 1")
        if not app.extensions["schema_ready"]():
            from .migrations import problems

            return jsonify({"status": "not_ready", "reason": problems(db.database.obj)}), 503
        return jsonify({"status": "ready"})

    # Last, so it is the outermost layer: every hook, log line and limit sees the real client.
    limits.trust_proxies(app)
    return app
