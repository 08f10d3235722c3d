"""Telemetry: a request id on every request and log line, JSON logs, Prometheus metrics.

- `X-Request-ID`: a caller's id is kept (letters, digits, `._-`, at most 128), else one is
  made; it is returned on the response and stamped on every log record of the request.
- Logs: one JSON object per line (LOG_FORMAT=json, the default outside development), with an
  access line per request (method, path, status, duration, request id). Never a body, and
  never an exception's message (`failure`): a database's "Failing row contains (…)" carries
  a note's text, and what people wrote stays out of the logs (docs/decisions.md §116).
- `GET /metrics` (Prometheus text format) is off unless METRICS_TOKEN is set (then it wants
  `Authorization: Bearer <token>`) or METRICS_PUBLIC=1. Under gunicorn with several workers,
  set PROMETHEUS_MULTIPROC_DIR so every worker's counts are added up (prometheus_client's
  multiprocess mode). What to alert on: docs/operations.md.
"""

import collections
import json
import logging
import os
import re
import secrets
import sys
import time
import traceback
import uuid

from flask import Response, g, has_request_context, request
from prometheus_client import (
    CONTENT_TYPE_LATEST,
    REGISTRY,
    CollectorRegistry,
    Counter,
    Histogram,
    generate_latest,
)
from prometheus_client.core import GaugeMetricFamily

REQUEST_ID = re.compile(r"^[A-Za-z0-9._-]{1,128}$")
SYNC_BUCKETS = (0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 1.5, 2.5, 5, 10, 30)

PUSH_SECONDS = Histogram(
    "gembakit_push_seconds",
    "Time to answer a push, by HTTP status",
    ["status"],
    buckets=SYNC_BUCKETS,
)
PULL_SECONDS = Histogram(
    "gembakit_pull_seconds",
    "Time to answer a pull page, by HTTP status",
    ["status"],
    buckets=SYNC_BUCKETS,
)
MUTATIONS = Counter("gembakit_mutations_total", "Mutations pushed, by result status", ["status"])
WRITE_LOCK_WAIT = Histogram(
    "gembakit_write_lock_wait_seconds",
    "Time a writing transaction waited for the sync write lock",
    buckets=(0.001, 0.005, 0.01, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10),
)
ACTIVE_DEVICE_WINDOW_HOURS = 24

log = logging.getLogger("gembakit.request")


def count_mutations(results):
    for status, count in collections.Counter(r["status"] for r in results).items():
        MUTATIONS.labels(status).inc(count)


def failure(exc, frames=True):
    """What a log may say of an exception: its kind, the database's SQLSTATE and constraint
    where there is one, and (with `frames`) where it was raised; never its message, which
    may quote what someone wrote (a database's DETAIL holds the refused row)."""
    kinds, outer = [], exc
    while exc is not None and len(kinds) < 4:
        kind = type(exc).__name__
        code = getattr(exc, "pgcode", None) or getattr(exc, "sqlite_errorname", None)
        constraint = getattr(getattr(exc, "diag", None), "constraint_name", None)
        if code:
            kind += f" (SQLSTATE {code})" if code[0].isdigit() else f" ({code})"
        if constraint:
            kind += f" on {constraint}"
        kinds.append(kind)
        # peewee wraps the driver's error: it is the first argument, else the cause.
        inner = exc.args[0] if exc.args and isinstance(exc.args[0], BaseException) else None
        exc = inner or exc.__cause__
    text = " from ".join(kinds)
    if frames and outer.__traceback__ is not None:
        text += "\n" + "".join(traceback.format_tb(outer.__traceback__)).rstrip()
    return text


class JsonFormatter(logging.Formatter):
    """One JSON object a line, with the request id of the request being served."""

    def format(self, record):
        entry = {
            "time": self.formatTime(record, "%Y-%m-%dT%H:%M:%S"),
            "level": record.levelname,
            "logger": record.name,
            "message": record.getMessage(),
        }
        if has_request_context() and "request_id" in g:
            entry["requestId"] = g.request_id
        entry.update(getattr(record, "fields", {}))
        if record.exc_info:
            entry["exception"] = self.formatException(record.exc_info)
        return json.dumps(entry, default=str)


class RequestIdFilter(logging.Filter):
    """For plain-text logs: `[request id]` in front of each message of a request."""

    def filter(self, record):
        if has_request_context() and "request_id" in g:
            record.msg = f"[{g.request_id}] {record.msg}"
        return True


class StderrHandler(logging.StreamHandler):
    """Writes to whatever sys.stderr is at the time (a server's, or a test's capture)."""

    @property
    def stream(self):
        return sys.stderr

    @stream.setter
    def stream(self, _):
        pass


def configure_logging(app):
    handler = StderrHandler()
    if app.config["LOG_FORMAT"] == "json":
        handler.setFormatter(JsonFormatter())
    else:
        handler.addFilter(RequestIdFilter())
        handler.setFormatter(logging.Formatter("%(asctime)s %(levelname)s %(name)s %(message)s"))
    for logger in (app.logger, log):
        logger.handlers = [handler]
        logger.setLevel(app.config["LOG_LEVEL"])
        logger.propagate = False


def _registry():
    if os.environ.get("PROMETHEUS_MULTIPROC_DIR"):
        from prometheus_client import multiprocess

        registry = CollectorRegistry()
        multiprocess.MultiProcessCollector(registry)
        return registry
    return REGISTRY


class StoreCollector:
    """Gauges read from the database at scrape time, so every instance reports the same."""

    def collect(self):
        from datetime import timedelta

        from .models import RejectedMutation, SyncClient, utcnow

        since = utcnow() - timedelta(hours=ACTIVE_DEVICE_WINDOW_HOURS)
        yield GaugeMetricFamily(
            "gembakit_rejected_mutations",
            "Rejected mutations kept for review",
            value=RejectedMutation.select().count(),
        )
        yield GaugeMetricFamily(
            "gembakit_active_devices",
            f"Devices that synced in the last {ACTIVE_DEVICE_WINDOW_HOURS} hours",
            value=SyncClient.select().where(SyncClient.last_seen_at >= since).count(),
        )


def _metrics_allowed(app):
    if app.config["METRICS_PUBLIC"]:
        return True
    token = app.config["METRICS_TOKEN"]
    given = request.headers.get("Authorization", "").removeprefix("Bearer ").strip()
    return bool(token) and secrets.compare_digest(given.encode(), token.encode())


def init_app(app):
    configure_logging(app)
    timed = {"sync.push": PUSH_SECONDS, "sync.pull": PULL_SECONDS}

    @app.before_request
    def _start():
        given = request.headers.get("X-Request-ID", "")
        g.request_id = given if REQUEST_ID.match(given) else uuid.uuid4().hex
        g.started = time.perf_counter()

    @app.after_request
    def _finish(response):
        elapsed = time.perf_counter() - g.get("started", time.perf_counter())
        response.headers["X-Request-ID"] = g.get("request_id", "")
        histogram = timed.get(request.endpoint)
        if histogram is not None:
            histogram.labels(str(response.status_code)).observe(elapsed)
        log.info(
            "%s %s %s",
            request.method,
            request.path,
            response.status_code,
            extra={
                "fields": {
                    "method": request.method,
                    "path": request.path,
                    "status": response.status_code,
                    "durationMs": round(elapsed * 1000, 1),
                }
            },
        )
        return response

    @app.get("/metrics")
    def metrics():
        if not (app.config["METRICS_TOKEN"] or app.config["METRICS_PUBLIC"]):
            return Response("Not found\n", status=404, mimetype="text/plain")
        if not _metrics_allowed(app):
            return Response(
                "Send Authorization: Bearer <METRICS_TOKEN>\n",
                status=401,
                mimetype="text/plain",
                headers={"WWW-Authenticate": 'Bearer realm="metrics"'},
            )
        store = CollectorRegistry()
        store.register(StoreCollector())
        body = generate_latest(_registry()) + generate_latest(store)
        return Response(body, mimetype=CONTENT_TYPE_LATEST)
