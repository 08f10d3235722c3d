"""Sync: push and pull endpoints over the engine."""

from typing import Optional

from flask import Blueprint, current_app, jsonify, request
from pydantic import Field

from ..auth.sessions import current_scope, login_required
from ..errors import ApiError, Code
from ..validation import INT64_MAX, Body, parse, parse_body
from ..telemetry import count_mutations
from . import engine

bp = Blueprint("sync", __name__, url_prefix="/api/sync")

CLIENT_ID = r"^[0-9a-fA-F-]{36}$"


class Mutation(Body):
    model_config = Body.model_config | {"str_strip_whitespace": False}
    # The engine checks these per mutation, so one bad mutation is rejected alone instead of
    # refusing the whole batch (see engine.push).
    unchecked = frozenset({"name", "args", "at"})
    id: int = Field(ge=1, le=INT64_MAX, strict=True)
    name: str = Field(max_length=64)
    args: dict
    at: Optional[str] = Field(default=None, max_length=64)


class PushRequest(Body):
    client_id: str = Field(pattern=CLIENT_ID)
    mutations: list[Mutation]  # at most MAX_PUSH_MUTATIONS (413 beyond)


class PullQuery(Body):
    client_id: str = Field(pattern=CLIENT_ID)
    # "" (from the start), "<version>" or "<sync epoch>.<version>": digits on both sides.
    cursor: str = Field(default="", pattern=r"^(?:(?:[0-9]{1,9}\.)?[0-9]{1,18})?$")
    limit: Optional[int] = Field(default=None, ge=1, le=INT64_MAX)


@bp.post("/push")
@login_required
def push():
    body = request.get_json(silent=True)
    if (
        isinstance(body, dict)
        and isinstance(body.get("mutations"), list)
        and len(body["mutations"]) > current_app.config["MAX_PUSH_MUTATIONS"]
    ):
        raise ApiError(
            413,
            Code.TOO_MANY_MUTATIONS,
            f"Send at most {current_app.config['MAX_PUSH_MUTATIONS']} changes per request.",
            {"max": current_app.config["MAX_PUSH_MUTATIONS"]},
        )
    req = parse_body(PushRequest)
    ids = [m.id for m in req.mutations]
    if any(b != a + 1 for a, b in zip(ids, ids[1:])):
        raise ApiError(
            400, Code.MUTATIONS_OUT_OF_ORDER, "Mutation ids in one request must count up by one."
        )
    answer = engine.push(current_scope(), req.client_id, req.mutations)
    count_mutations(answer["results"])
    return jsonify(answer)


@bp.get("/pull")
@login_required
def pull():
    query = parse(PullQuery, {k: v for k, v in request.args.items()})
    limit = min(
        query.limit or current_app.config["DEFAULT_PULL_LIMIT"],
        current_app.config["MAX_PULL_LIMIT"],
    )
    return jsonify(engine.pull(current_scope(), query.client_id, query.cursor, limit))


@bp.get("/history/<type_>/<record_id>")
@login_required
def history(type_, record_id):
    """A record's revision history, including values a conflict kept off the record."""
    return jsonify({"revisions": engine.history(current_scope(), type_, record_id)})
