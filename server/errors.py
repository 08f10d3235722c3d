"""One JSON error shape for the whole API: {"error": {"code", "message", "details"}}, and
the one catalog of its codes.

Every code the server answers with is a member of `Code`, with the HTTP status it is answered
with and a default English message (`None` as status: the code of a rejected mutation, which
travels inside a push's 200 answer). Call sites say something more precise for the case at
hand; the PWA gets the catalog in pwa/js/contract.js (ERROR_CODES) and may word its own
messages from the codes. tests/test_error_codes.py fails on a code used outside the catalog.
"""

from enum import StrEnum

from flask import jsonify, request
from werkzeug.exceptions import HTTPException


class Code(StrEnum):
    """Error codes on the wire (a str: `Code.FORBIDDEN == "forbidden"`)."""

    def __new__(cls, value, status, message):
        member = str.__new__(cls, value)
        member._value_ = value
        member.status, member.message = status, message
        return member

    # --- any request ------------------------------------------------------------------------
    BAD_REQUEST = "bad_request", 400, "The request is malformed."
    INVALID_JSON = "invalid_json", 400, "The request body must be a JSON object."
    VALIDATION_ERROR = "validation_error", 400, "Some fields are missing or invalid."
    INVALID_TEXT = "invalid_text", 400, "The address holds characters that are not text."
    UNAUTHENTICATED = "unauthenticated", 401, "Sign in with your passkey to continue."
    FORBIDDEN = "forbidden", 403, "You may not do this."
    BAD_ORIGIN = "bad_origin", 403, "This request did not come from the Gembakit app."
    NOT_FOUND = "not_found", 404, "There is nothing here that you may see."
    METHOD_NOT_ALLOWED = "method_not_allowed", 405, "This address does not take this method."
    CONFLICT = "conflict", 409, "The request conflicts with the current state."
    GONE = "gone", 410, "This is no longer here."
    PAYLOAD_TOO_LARGE = (
        "payload_too_large",
        413,
        "The request is too large. Send fewer changes per request.",
    )
    UNSUPPORTED_MEDIA_TYPE = (
        "unsupported_media_type",
        415,
        "Send the request body as JSON (Content-Type: application/json).",
    )
    RATE_LIMITED = "rate_limited", 429, "Too many requests. Wait a minute and try again."
    INTERNAL_ERROR = (
        "internal_error",
        500,
        "Something went wrong on the server; nothing was saved. Try again.",
    )
    UNAVAILABLE = (
        "unavailable",
        503,
        "The database is busy or unreachable; nothing was saved. Try again shortly.",
    )
    SCHEMA_NOT_READY = (
        "schema_not_ready",
        503,
        "The database schema is not this release's; an operator must run the upgrade.",
    )
    ERROR = "error", None, "The request failed (an HTTP status without a code of its own)."

    # --- passkeys and invites (server/auth, server/people/invites.py) -----------------------
    # "challenge" here is the WebAuthn standard's word: the ceremony's one-time challenge.
    CHALLENGE_MISSING = (
        "challenge_missing",
        400,
        "This sign-in attempt is not known or was already used. Start again.",
    )
    CHALLENGE_EXPIRED = "challenge_expired", 400, "This sign-in attempt took too long. Start again."
    PASSKEY_INVALID = "passkey_invalid", 400, "This passkey could not be verified. Try again."
    PASSKEY_UNKNOWN = "passkey_unknown", 400, "This passkey is not registered here."
    PASSKEY_EXISTS = "passkey_exists", 409, "This passkey is already registered."
    ACCOUNT_DISABLED = "account_disabled", 403, "This account is disabled. Ask your admin."
    LAST_CREDENTIAL = (
        "last_credential",
        409,
        "This is your only passkey; add another before removing it.",
    )
    INVITE_UNKNOWN = "invite_unknown", 404, "This invite link is not valid."
    INVITE_USED = "invite_used", 410, "This invite link was already used or has expired."

    # --- people, areas, the audit log ---------------------------------------------------------
    NAME_TAKEN = "name_taken", 409, "Someone else already goes by this name."
    PERSON_INACTIVE = "person_inactive", 409, "This person is deactivated."
    LAST_ADMIN = "last_admin", 409, "This is the last active admin."
    UNKNOWN_MANAGER = "unknown_manager", 400, "That manager does not exist."
    UNKNOWN_AREA = "unknown_area", 400, "That area does not exist."
    REPORTING_CYCLE = (
        "reporting_cycle",
        400,
        "Someone cannot report to themselves or to one of their own reports.",
    )
    OWN_CHAIN = (
        "own_chain",
        403,
        "This would put you in the person's reporting chain; another admin must do it.",
    )
    BAD_PARENT = "bad_parent", 400, "A site is at the top, a line in a site, a cell in a line."
    QUERY_TOO_SHORT = (
        "query_too_short",
        400,
        "Describe what the learner is stuck on, in a few words of three letters or more.",
    )
    BAD_RANGE = "bad_range", 400, "The end date is before the start date."

    # --- photos (server/attachments.py) -------------------------------------------------------
    BAD_HASH = "bad_hash", 400, "Photos are named by the lowercase hex SHA-256 of their bytes."
    ATTACHMENT_TOO_LARGE = "attachment_too_large", 413, "The photo is too large."
    EMPTY_ATTACHMENT = "empty_attachment", 400, "The photo is empty."
    HASH_MISMATCH = "hash_mismatch", 400, "The photo's bytes do not match its SHA-256."
    CONTENT_MISMATCH = "content_mismatch", 415, "The bytes are not an image of the type sent."

    # --- sync requests (server/sync) ----------------------------------------------------------
    MUTATION_GAP = "mutation_gap", 409, "Changes are missing before these; send from `expected`."
    TOO_MANY_MUTATIONS = "too_many_mutations", 413, "Too many changes in one request."
    MUTATIONS_OUT_OF_ORDER = (
        "mutations_out_of_order",
        400,
        "The changes must be sent in the order they were made.",
    )
    CLIENT_OF_ANOTHER_PERSON = (
        "client_of_another_person",
        403,
        "This device's sync queue belongs to another person.",
    )

    # --- reminders (server/push.py) -----------------------------------------------------------
    PUSH_NOT_SET_UP = (
        "push_not_set_up",
        503,
        "Notifications are not set up on this server yet: an operator runs `flask setup`.",
    )

    # --- rejected mutations: a push's per-change `error` (the push itself answers 200) ------
    UNKNOWN_MUTATION = "unknown_mutation", None, "This is not a change this server knows."
    ID_TAKEN = "id_taken", None, "A record with this id already exists."
    INTEGRITY_ERROR = (
        "integrity_error",
        None,
        "This change refers to something that does not exist.",
    )
    SERVER_ERROR = (
        "server_error",
        None,
        "The server could not apply this change; it is kept on the server for review.",
    )
    UNKNOWN_PHOTO = (
        "unknown_photo",
        None,
        "A photo on this note is not one you uploaded or may see, or has not reached the server.",
    )
    UNKNOWN_OBSERVATION = (
        "unknown_observation",
        None,
        "A linked observation does not exist or you may not see it.",
    )
    OBSERVATION_ABOUT_SOMEONE_ELSE = (
        "observation_about_someone_else",
        None,
        "A linked observation is about another person.",
    )
    UNKNOWN_GOAL = (
        "unknown_goal",
        None,
        "The learning goal does not exist, is about someone else, or you may not see it.",
    )
    UNKNOWN_CHALLENGE = (
        "unknown_challenge",
        None,
        "The challenge does not exist or you may not see it.",
    )
    UNKNOWN_HELPER = (
        "unknown_helper",
        None,
        "The helper is not someone in Gembakit who can be asked now.",
    )
    NOT_DONE = "not_done", None, "You can offer to help others with a challenge once it is done."
    UNKNOWN_WORKSHOP = (
        "unknown_workshop",
        None,
        "The workshop does not exist, or only its facilitator may add to it.",
    )
    UNKNOWN_PARTICIPANT = (
        "unknown_participant",
        None,
        "This person is not a participant of the workshop, or cannot take part now.",
    )
    # --- the principles library (server/coaching/principles.py, decisions §99-§102) ---------
    NAMES_A_PERSON = (
        "names_a_person",
        None,
        "The principle names the learner. Rewrite it without their name before publishing.",
    )
    GOAL_NOT_LEARNED = (
        "goal_not_learned",
        None,
        "A principle is published from a goal closed as learned (achieved).",
    )
    UNKNOWN_PRINCIPLE = (
        "unknown_principle",
        None,
        "This principle is not in the library (any more).",
    )


class ApiError(Exception):
    def __init__(self, status, code, message, details=None, headers=None):
        super().__init__(message)
        self.status, self.code, self.message = status, str(code), message
        self.details, self.headers = details, headers or {}


def error_response(status, code, message, details=None, headers=None):
    body = {"error": {"code": str(code), "message": message, "details": details}}
    response = jsonify(body)
    response.status_code = status
    for key, value in (headers or {}).items():
        response.headers[key] = value
    return response


def validation_details(exc):
    """pydantic errors without the input echo (it may be large or sensitive)."""
    return [
        {"loc": ".".join(str(p) for p in e["loc"]), "msg": e["msg"], "type": e["type"]}
        for e in exc.errors(include_url=False, include_input=False)
    ]


# The code of an HTTP error raised by Flask or werkzeug rather than by our code.
HTTP_CODES = {
    code.status: code
    for code in (
        Code.BAD_REQUEST,
        Code.UNAUTHENTICATED,
        Code.FORBIDDEN,
        Code.NOT_FOUND,
        Code.METHOD_NOT_ALLOWED,
        Code.CONFLICT,
        Code.GONE,
        Code.PAYLOAD_TOO_LARGE,
        Code.UNSUPPORTED_MEDIA_TYPE,
        Code.RATE_LIMITED,
    )
}


def register(app):
    @app.errorhandler(ApiError)
    def _api_error(exc):
        return error_response(exc.status, exc.code, exc.message, exc.details, exc.headers)

    @app.errorhandler(HTTPException)
    def _http_error(exc):
        if not _wants_json():
            return exc
        status = exc.code or 500
        message = exc.description or exc.name
        if status == 413:
            message = Code.PAYLOAD_TOO_LARGE.message
        # Keep what the exception says about itself: a 405's Allow, a 401's WWW-Authenticate.
        headers = {k: v for k, v in exc.get_headers() if k.lower() != "content-type"}
        if status == 429:
            headers["Retry-After"] = "60"
            message = Code.RATE_LIMITED.message
        return error_response(status, HTTP_CODES.get(status, Code.ERROR), message, None, headers)

    @app.errorhandler(Exception)
    def _unexpected(exc):
        from .telemetry import failure

        app.logger.error("unhandled error on %s %s: %s", request.method, request.path, failure(exc))
        from peewee import OperationalError, InterfaceError

        if isinstance(exc, (OperationalError, InterfaceError)):
            return error_response(
                503,
                Code.UNAVAILABLE,
                "The database is busy or unreachable; nothing was saved. Try again shortly.",
                None,
                {"Retry-After": "5"},
            )
        return error_response(
            500,
            Code.INTERNAL_ERROR,
            "Something went wrong on the server; "
            "nothing was saved. Try again, and report it if it persists.",
        )


def _wants_json():
    return (
        request.path.startswith("/api/")
        or request.path == "/healthz"
        or request.accept_mimetypes.best == "application/json"
    )
