"""GET /api/openapi.json — the API described from the same pydantic models that validate it.

How to describe a route: one line in OPERATIONS, keyed by its method and its Flask rule exactly
as in `app.url_map` (converters included). Path parameters come from the rule's converters
(`uid` -> a UUID pattern, `int64` -> a 64-bit integer), so they are never written twice. An Op
names the request model (`body`), the query-string model (`query`), the answer model
(`answer`, from server/responses.py) and its status; every operation also declares its errors
(4XX and 503 with the Error schema). A module that adds routes may instead call
`describe("GET", "/api/thing/<uid:thing_id>", Op(...))` at import time, next to its routes.
tests/test_openapi.py fails, naming the rule, when a route of the app is not described.
"""

import re
from dataclasses import dataclass, field
from typing import Optional

from flask import Blueprint, current_app, jsonify

from . import responses as R
from .auth import Empty, LoginVerify, RegisterOptions, RegisterVerify, Rename
from .coaching.challenges import DETAILS, ChallengeCreate, ChallengeUpdate, Target
from .coaching.checkins import CheckInCreate, CheckInUpdate
from .coaching.goals import GoalCreate, GoalUpdate
from .coaching.mentor_notes import MentorNoteCreate, MentorNoteUpdate
from .coaching.observations import ObservationCreate, ObservationUpdate
from .coaching.principles import PrincipleCreate, PrincipleUpdate
from .coaching.workshops import IdeaCreate, IdeaUpdate, WorkshopCreate, WorkshopUpdate
from .config import DEFAULTS
from .errors import Code
from .sync import PullQuery, PushRequest
from .sync.engine import DeleteArgs
from .sync.registry import ENTITIES
from .validation import INT64_MAX

bp = Blueprint("openapi", __name__)

UUID = r"^[0-9a-fA-F-]{36}$"
SHA256 = r"^[0-9a-f]{64}$"
JSON = "application/json"


@dataclass
class Op:
    summary: str
    body: Optional[type] = None  # request body model (JSON, required)
    answer: Optional[type] = None  # success body model (responses.py)
    status: int = 200
    query: Optional[type] = None  # query-string model (its fields are the parameters)
    params: dict = field(default_factory=dict)  # extra schema for path or query parameters
    public: bool = False  # answers without signing in
    raw: Optional[dict] = None  # a hand-written operation (non-JSON bodies)
    content: str = JSON  # the success answer's media type
    also: dict = field(default_factory=dict)  # more media types of the success answer


def _optional_model(name):
    """A request model other helpers are adding (None until their module has it)."""
    from importlib import import_module

    module, _, attr = name.rpartition(".")
    try:
        return getattr(import_module(module), attr)
    except (ImportError, AttributeError):
        return None


def _operations():
    people = import_people()
    audit_query = _optional_model("server.audit.AuditQuery")
    return {
        ("POST", "/api/auth/register/options"): Op(
            "Passkey creation options (invite or signed-in session)",
            RegisterOptions,
            R.PasskeyOptions,
            public=True,
        ),
        ("POST", "/api/auth/register/verify"): Op(
            "Register a passkey; signs in", RegisterVerify, R.UserAnswer, public=True
        ),
        ("POST", "/api/auth/login/options"): Op(
            "Passkey request options (discoverable)", Empty, R.PasskeyOptions, public=True
        ),
        ("POST", "/api/auth/login/verify"): Op(
            "Sign in with a passkey", LoginVerify, R.UserAnswer, public=True
        ),
        ("POST", "/api/auth/logout"): Op("Sign out", answer=R.Ok, public=True),
        ("GET", "/api/session"): Op(
            "Whether this browser is signed in (and who, if so)", answer=R.Session, public=True
        ),
        ("GET", "/api/me"): Op(
            "The signed-in person, their manager, reports and people", answer=R.Me
        ),
        ("PATCH", "/api/me"): Op("Rename myself", people["OwnChange"], R.UserAnswer),
        ("GET", "/api/me/credentials"): Op("My passkeys", answer=R.Credentials),
        ("PATCH", "/api/me/credentials/<int64:credential_id>"): Op(
            "Rename a passkey", Rename, R.CredentialAnswer
        ),
        ("DELETE", "/api/me/credentials/<int64:credential_id>"): Op(
            "Remove a passkey (never the last)", answer=R.Ok
        ),
        ("GET", "/api/me/audit"): Op(
            "Security events about me, newest first", answer=R.AuditPage, query=audit_query
        ),
        ("GET", "/api/audit"): Op(
            "The audit log (admins), newest first", answer=R.AuditPage, query=audit_query
        ),
        ("GET", "/api/audit.csv"): Op(
            "The audit log as CSV (admins)", query=audit_query, content="text/csv"
        ),
        ("GET", "/api/audit/export"): Op(
            "The audit log as a CSV or JSON file (admins; the download is itself an event)",
            query=_optional_model("server.audit.AuditExport"),
            content="text/csv",
            also={JSON: {"schema": {"type": "object"}}},
        ),
        ("GET", "/api/invites/<token>"): Op(
            "Who an invite link is for",
            answer=R.InviteInfo,
            public=True,
            params={"token": {"maxLength": 200}},
        ),
        ("GET", "/api/people"): Op("People I manage (admins: everyone)", answer=R.People),
        ("POST", "/api/people"): Op(
            "Add a person and get their invite link",
            people["NewPerson"],
            R.NewPersonAnswer,
            status=201,
        ),
        ("POST", "/api/people/<uid:person_id>/invite"): Op(
            "A new invite or recovery link for a person (202: a recovery request waits for "
            "an admin)",
            people["Empty"],
            R.InviteLink,
        ),
        ("PATCH", "/api/people/<uid:person_id>"): Op(
            "Rename, move, make admin or disable a person", people["PersonChange"], R.PersonAnswer
        ),
        ("GET", "/api/people/helpers"): Op(
            "People who offered to help with a topic like the query",
            answer=R.Helpers,
            params={
                "q": {
                    "in": "query",
                    "required": True,
                    "schema": {
                        "type": "string",
                        # at least one word of three characters (words are split on ASCII spaces)
                        "pattern": r"[^ \t\n\r\f\v]{3}",
                    },
                }
            },
        ),
        ("GET", "/api/recovery-requests"): Op(
            "Open requests for a recovery link (admins)", answer=R.RecoveryRequests
        ),
        ("GET", "/api/areas"): Op("Areas: site, line, cell", answer=R.Areas),
        ("POST", "/api/areas"): Op(
            "Add an area (admins)", people["NewArea"], R.AreaAnswer, status=201
        ),
        ("POST", "/api/sync/push"): Op(
            "Apply a client's mutations exactly once, in order", PushRequest, R.PushAnswer
        ),
        ("GET", "/api/sync/pull"): Op(
            "Changes visible to me since a cursor", answer=R.PullPage, query=PullQuery
        ),
        ("GET", "/api/sync/history/<type_>/<record_id>"): Op(
            "A record's revisions, with values a conflict kept off it",
            answer=R.History,
            params={"record_id": {"maxLength": 36}, "type_": {"enum": sorted(ENTITIES)}},
        ),
        ("PUT", "/api/attachments/<sha256>"): Op("Upload a photo", raw=_upload()),
        ("GET", "/api/attachments/<sha256>"): Op("A photo", raw=_download()),
        ("GET", "/api/openapi.json"): Op("This document", public=True),
        ("GET", "/healthz"): Op("200 when the database answers", answer=R.Health, public=True),
        ("GET", "/healthz/ready"): Op(
            "200 when the schema is current and the database answers; 503 otherwise",
            answer=R.Health,
            public=True,
        ),
        ("GET", "/metrics"): Op("Prometheus metrics", raw=_metrics()),
    }


def import_people():
    """The people blueprint's request models, by name (helper E may add or rename some)."""
    from . import people

    return {
        name: getattr(people, name, None)
        for name in ("Empty", "NewPerson", "PersonChange", "NewArea", "OwnChange")
    }


EXTRA: dict = {}


def describe(method, rule, op):
    """Describe a route from the module that adds it (see the module docstring)."""
    EXTRA[(method.upper(), rule)] = op


# --- building the document ---------------------------------------------------------------

SKIPPED_ENDPOINTS = {"pwa.index", "pwa.static_or_app_route"}  # the app shell, not the API


def documented_rules(app):
    """(method, rule) of every API route of the app: what the document must describe."""
    for rule in app.url_map.iter_rules():
        if rule.endpoint in SKIPPED_ENDPOINTS:
            continue
        for method in sorted(rule.methods - {"HEAD", "OPTIONS"}):
            yield method, rule.rule


def _ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


ERRORS = {
    "4XX": {
        "description": "Refused: {error: {code, message, details}}",
        "content": {JSON: {"schema": _ref("Error")}},
    },
    "503": {
        "description": "The database is unavailable; nothing was saved. Retry after "
        "the Retry-After header's seconds.",
        "content": {JSON: {"schema": _ref("Error")}},
    },
}


# The document's names for route variables, as the API has always published them.
PUBLIC_NAMES = {"credential_id": "id", "person_id": "id", "record_id": "id", "type_": "type"}


def _path_parameters(rule, extra):
    params = []
    for converter, variable in re.findall(r"<(?:([a-z0-9_]+)(?:\([^)]*\))?:)?([a-z0-9_]+)>", rule):
        name = PUBLIC_NAMES.get(variable, variable)
        schema = {
            "uid": {"type": "string", "pattern": UUID},
            "int64": {"type": "integer", "minimum": 0, "maximum": INT64_MAX},
        }.get(converter, {"type": "string", "minLength": 1})
        params.append(
            {
                "name": name,
                "in": "path",
                "required": True,
                "schema": schema | extra.get(variable, {}),
            }
        )
    return params


def _query_parameters(model):
    schema = model.model_json_schema(by_alias=True)
    required = set(schema.get("required", []))
    params = []
    for name, prop in schema["properties"].items():
        prop = {k: v for k, v in prop.items() if k not in ("title", "default")}
        if "anyOf" in prop:  # Optional[X]: a query parameter is absent, never null
            prop = next(p for p in prop.pop("anyOf") if p.get("type") != "null") | prop
        params.append({"name": name, "in": "query", "required": name in required, "schema": prop})
    return params


def _operation(op, models):
    if op.raw:
        return op.raw
    operation = {"summary": op.summary, "responses": dict(ERRORS)}
    success = {"description": "OK"}
    if op.answer:
        models[op.answer.__name__] = op.answer
        success["content"] = {op.content: {"schema": _ref(op.answer.__name__)}}
    elif op.content != JSON:
        success["content"] = {op.content: {"schema": {"type": "string"}}}
    else:
        success["content"] = {JSON: {"schema": {"type": "object"}}}
    success.setdefault("content", {}).update(op.also)
    operation["responses"][str(op.status)] = success
    if op.status == 200 and op.answer is R.InviteLink:
        operation["responses"]["202"] = success
    if op.body:
        models[op.body.__name__] = op.body
        operation["requestBody"] = {
            "required": True,
            "content": {JSON: {"schema": _ref(op.body.__name__)}},
        }
    if op.public:
        operation["security"] = []
    return operation


def _upload():
    return {
        "summary": "Upload a photo (raw JPEG, PNG or WebP body; idempotent; the hash, size "
        "and type are checked)",
        "requestBody": {
            "required": True,
            "content": {
                t: {"schema": {"type": "string", "format": "binary"}}
                for t in ("image/jpeg", "image/png", "image/webp")
            },
        },
        "responses": {
            "200": {
                "description": "Already stored",
                "content": {JSON: {"schema": _ref("Attachment")}},
            },
            "201": {"description": "Stored", "content": {JSON: {"schema": _ref("Attachment")}}},
        }
        | ERRORS,
    }


def _metrics():
    text = {"text/plain": {"schema": {"type": "string"}}}
    return {
        "summary": "Prometheus metrics: only with METRICS_TOKEN as a bearer token (404 "
        "when metrics are off, 401 without the token)",
        "security": [],
        "responses": {
            "200": {"description": "Metrics", "content": text},
            "401": {"description": "No or wrong token", "content": text},
            "404": {"description": "Metrics are off", "content": text},
        },
    }


def _download():
    return {
        "summary": "A photo, for those who may see a record that lists it",
        "responses": {
            "200": {
                "description": "The photo",
                "content": {
                    t: {"schema": {"type": "string", "format": "binary"}}
                    for t in ("image/jpeg", "image/png", "image/webp")
                },
            }
        }
        | ERRORS,
    }


def _openapi_path(rule):
    return re.sub(
        r"<(?:[^:>]+:)?([a-z0-9_]+)>",
        lambda m: "{" + PUBLIC_NAMES.get(m.group(1), m.group(1)) + "}",
        rule,
    )


def document(app=None):
    app = app or current_app
    table = _operations() | EXTRA
    models = {
        "Error": R.Error,
        "Attachment": R.Attachment,
        DeleteArgs.__name__: DeleteArgs,
        Target.__name__: Target,
        **{m.__name__: m for m in DETAILS.values()},
        **{
            m.__name__: m
            for m in (
                ObservationCreate,
                ObservationUpdate,
                GoalCreate,
                GoalUpdate,
                ChallengeCreate,
                ChallengeUpdate,
                CheckInCreate,
                CheckInUpdate,
                MentorNoteCreate,
                MentorNoteUpdate,
                WorkshopCreate,
                WorkshopUpdate,
                IdeaCreate,
                IdeaUpdate,
                PrincipleCreate,
                PrincipleUpdate,
            )
        },
    }
    paths = {}
    for method, rule in documented_rules(app):
        op = table.get((method, rule))
        if op is None:
            continue  # tests/test_openapi.py names it
        operation = _operation(op, models)
        params = (
            _path_parameters(rule, op.params)
            + (_query_parameters(op.query) if op.query else [])
            + [{"name": name, **spec} for name, spec in op.params.items() if "in" in spec]
        )
        if params:
            operation["parameters"] = params
        paths.setdefault(_openapi_path(rule), {})[method.lower()] = operation
    _add_sha256(paths)
    _walk_dates(paths)
    return {
        "openapi": "3.1.0",
        "info": {
            "title": "Gembakit API",
            "version": "1",
            "description": "Sync mutations are named <entity>.<verb>. Their args are "
            "described by <Entity>Create and <Entity>Update (observation, goal, "
            "challenge, checkin, mentor_note, workshop, idea, principle) and DeleteArgs; a challenge's details "
            "follow its mode (StandardDetails, ProblemDetails, KaizenDetails, "
            "TeamworkDetails). Values are strict (DESIGN.md): no NaN or Infinity, "
            "integers within 64 bits, text without NUL, dates from 1900 to 2200.",
        },
        "paths": paths,
        "components": {
            "schemas": _schemas(models),
            "securitySchemes": {
                "session": {"type": "apiKey", "in": "cookie", "name": "gembakit_session"}
            },
        },
        "security": [{"session": []}],
    }


def _add_sha256(paths):
    for operation in paths.get("/api/attachments/{sha256}", {}).values():
        operation["parameters"] = [
            {
                "name": "sha256",
                "in": "path",
                "required": True,
                "schema": {"type": "string", "pattern": SHA256},
            }
        ]


def _schemas(models):
    schemas = {}
    for name, model in models.items():
        if model is None:
            continue
        schema = model.model_json_schema(
            by_alias=True,
            mode="serialization" if model.__module__ == R.__name__ else "validation",
            ref_template="#/components/schemas/{model}",
        )
        schemas.update(schema.pop("$defs", {}))
        _not_nullable(model, schema)
        schemas[name] = schema
    _walk_dates(schemas)
    push = schemas.get("PushRequest")
    if push:  # more answers 413 (a config value, not a model limit)
        push["properties"]["mutations"]["maxItems"] = DEFAULTS["MAX_PUSH_MUTATIONS"]
    _error_codes(schemas.get("ErrorBody"))
    return schemas


def _error_codes(body):
    """An error's code is one of the catalog's (errors.Code); `x-codes` gives each one's HTTP
    status (null: a rejected mutation, inside a push answer) and default message."""
    if body:
        body["properties"]["code"] |= {
            "enum": sorted(code.value for code in Code),
            "x-codes": {
                code.value: {"status": code.status, "message": code.message}
                for code in sorted(Code, key=lambda c: c.value)
            },
        }


def _not_nullable(model, schema):
    """Fields a `not_null` validator guards (coaching.common) may be left out of an update
    but not sent as null: drop null from their schema, as the server does."""
    decorators = getattr(model, "__pydantic_decorators__", None)
    for decorator in decorators.field_validators.values() if decorators else ():
        if "not_null" not in getattr(decorator.func, "__qualname__", ""):
            continue
        for field_name in decorator.info.fields:
            alias = model.model_fields[field_name].alias or field_name
            prop = schema.get("properties", {}).get(alias, {})
            options = [o for o in prop.get("anyOf", []) if o.get("type") != "null"]
            if len(options) == 1:
                del prop["anyOf"]
                prop.update(options[0])
                prop.pop("default", None)


# Dates and times are refused outside 1900-2200 (validation.Strict): say so in the schema.
YEARS = r"^(19[0-9]{2}|2[01][0-9]{2}|2200)-"


def _walk_dates(node):
    if isinstance(node, dict):
        if node.get("format") in ("date", "date-time") and "pattern" not in node:
            node["pattern"] = YEARS
        for value in node.values():
            _walk_dates(value)
    elif isinstance(node, list):
        for value in node:
            _walk_dates(value)


@bp.get("/api/openapi.json")
def openapi():
    return jsonify(document())
