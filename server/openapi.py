"""GET /api/openapi.json — the API described from the same pydantic models that validate it."""
from flask import Blueprint, jsonify

from .auth import LoginVerify, RegisterOptions, RegisterVerify, Rename
from .coaching.challenges import DETAILS, ChallengeCreate, ChallengeUpdate, Target
from .coaching.checkins import CheckInCreate, CheckInUpdate
from .coaching.goals import GoalCreate, GoalUpdate
from .coaching.mentor_notes import MentorNoteCreate, MentorNoteUpdate
from .coaching.observations import ObservationCreate, ObservationUpdate
from .people import NewArea, NewPerson, PersonChange
from .sync import PushRequest
from .sync.engine import DeleteArgs

bp = Blueprint("openapi", __name__)

ERROR = {"type": "object", "required": ["error"], "properties": {"error": {
    "type": "object", "required": ["code", "message"],
    "properties": {"code": {"type": "string"}, "message": {"type": "string"}, "details": {}}}}}

SCHEMAS = {m.__name__: m for m in (
    RegisterOptions, RegisterVerify, LoginVerify, Rename, NewPerson, PersonChange, NewArea,
    PushRequest, DeleteArgs, ObservationCreate, ObservationUpdate, GoalCreate, GoalUpdate,
    ChallengeCreate, ChallengeUpdate, Target, *DETAILS.values(), CheckInCreate, CheckInUpdate,
    MentorNoteCreate, MentorNoteUpdate)}


def _ref(name):
    return {"$ref": f"#/components/schemas/{name}"}


def _op(summary, body=None, ok="OK", params=None, status="200"):
    op = {"summary": summary, "responses": {
        status: {"description": ok, "content": {"application/json": {"schema": {}}}},
        "4XX": {"description": "Error", "content": {"application/json": {
            "schema": _ref("Error")}}}}}
    if body:
        op["requestBody"] = {"required": True, "content": {"application/json": {
            "schema": _ref(body)}}}
    if params:
        op["parameters"] = params
    return op


def _query(name, required=False, type_="string"):
    return {"name": name, "in": "query", "required": required, "schema": {"type": type_}}


def _path(name, type_="string"):
    return {"name": name, "in": "path", "required": True, "schema": {"type": type_}}


def document():
    schemas = {"Error": ERROR}
    for name, model in SCHEMAS.items():
        schema = model.model_json_schema(by_alias=True, ref_template="#/components/schemas/{model}")
        schemas.update(schema.pop("$defs", {}))
        schemas[name] = schema
    paths = {
        "/api/auth/register/options": {"post": _op("Passkey creation options (invite or "
                                                   "signed-in session)", "RegisterOptions")},
        "/api/auth/register/verify": {"post": _op("Register a passkey; signs in",
                                                  "RegisterVerify")},
        "/api/auth/login/options": {"post": _op("Passkey request options (discoverable)")},
        "/api/auth/login/verify": {"post": _op("Sign in with a passkey", "LoginVerify")},
        "/api/auth/logout": {"post": _op("Sign out")},
        "/api/me": {"get": _op("The signed-in person, their manager, reports and people")},
        "/api/me/credentials": {"get": _op("My passkeys")},
        "/api/me/credentials/{id}": {
            "patch": _op("Rename a passkey", "Rename", params=[_path("id", "integer")]),
            "delete": _op("Remove a passkey (never the last)",
                          params=[_path("id", "integer")])},
        "/api/invites/{token}": {"get": _op("Who an invite link is for",
                                            params=[_path("token")])},
        "/api/people": {"get": _op("People I manage (admins: everyone)"),
                        "post": _op("Add a person and get their invite link", "NewPerson",
                                    status="201")},
        "/api/people/{id}/invite": {"post": _op("A new invite link for a person",
                                                params=[_path("id")])},
        "/api/people/{id}": {"patch": _op("Rename, move, make admin or disable a person",
                                          "PersonChange", params=[_path("id")])},
        "/api/people/helpers": {"get": _op("People who closed challenges like this one",
                                           params=[_query("q", True)])},
        "/api/areas": {"get": _op("Areas: site, line, cell"),
                       "post": _op("Add an area (admins)", "NewArea", status="201")},
        "/api/sync/push": {"post": _op("Apply a client's mutations exactly once, in order",
                                       "PushRequest")},
        "/api/sync/pull": {"get": _op("Changes visible to me since a cursor", params=[
            _query("clientId", True), _query("cursor"), _query("limit", type_="integer")])},
        "/api/sync/history/{type}/{id}": {"get": _op(
            "A record's revisions, with values a conflict kept off it",
            params=[_path("type"), _path("id")])},
        "/api/attachments/{sha256}": {
            "put": {"summary": "Upload a photo (raw JPEG, PNG or WebP body; idempotent; the "
                    "hash, size and type are checked)", "parameters": [_path("sha256")],
                    "requestBody": {"required": True, "content": {
                        t: {"schema": {"type": "string", "format": "binary"}}
                        for t in ("image/jpeg", "image/png", "image/webp")}},
                    "responses": {"200": {"description": "Already stored"},
                                  "201": {"description": "Stored"},
                                  "4XX": {"description": "Error", "content": {
                                      "application/json": {"schema": _ref("Error")}}}}},
            "get": {"summary": "A photo, for those who may see a record that lists it",
                    "parameters": [_path("sha256")],
                    "responses": {"200": {"description": "The photo"},
                                  "404": {"description": "Unknown, or not yours to see"}}}},
        "/healthz": {"get": _op("200 when the database answers")},
    }
    return {
        "openapi": "3.1.0",
        "info": {"title": "Gembakit API", "version": "1",
                 "description": "Sync mutations are named <entity>.<verb>. Their args are "
                 "described by <Entity>Create and <Entity>Update (observation, goal, "
                 "challenge, checkin, mentor_note) and DeleteArgs; a challenge's details "
                 "follow its mode (StandardDetails, ProblemDetails, KaizenDetails, "
                 "TeamworkDetails)."},
        "paths": paths,
        "components": {"schemas": schemas},
    }


@bp.get("/api/openapi.json")
def openapi():
    return jsonify(document())
